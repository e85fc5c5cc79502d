/* notes.c: join note references with their definitions, the one shared
   pass for every reader that sees them apart (Markdown, plain text). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A NOTE_REF or NOTE_DEF left alone keeps its text: an orphan definition
   becomes a DIV of class "orphan-note", an orphan reference a SPAN of
   class "orphan-note-ref" holding its marker, so that no writer needs to
   know the waiting kinds. */
static const char *S_label(const recto_node *n) {
  return n->ext ? n->ext->u.note.marker : NULL;
}

static void S_orphan_def(recto_context *ctx, recto_node *def) {
  recto_pos pos = node_pos(def);
  const char *label = S_label(def);
  recto_diag_emit(ctx, RECTO_DIAG_WARNING, "note.orphan-definition", &pos,
                  "note '%s' has no reference in the text; kept where it "
                  "stands", label ? label : "");
  def->type = RECTO_NODE_DIV;
  def->doc->kinds_made[RECTO_NODE_DIV]++;
  recto_node_add_class(def, "orphan-note");
  if (label)
    recto_node_set_attr(def, "marker", label);
  node_ext_of(def)->u.note.marker = NULL;
}

static void S_orphan_ref(recto_context *ctx, recto_node *ref) {
  recto_pos pos = node_pos(ref);
  const char *marker = S_label(ref) ? S_label(ref) : "";
  recto_diag_emit(ctx, RECTO_DIAG_WARNING, "note.orphan-reference", &pos,
                  "note marker '%s' has no note; kept as text", marker);
  recto_node *span = recto_node_new(ref->doc, RECTO_NODE_SPAN);
  recto_node_set_pos(span, pos);
  recto_node_add_class(span, "orphan-note-ref");
  recto_node *text = recto_node_new_text(ref->doc, marker, strlen(marker));
  recto_node_set_pos(text, pos);
  recto_node_append(span, text);
  recto_node_insert_before(ref, span);
  recto_node_unlink(ref);
}

size_t recto_doc_attach_notes(recto_context *ctx, recto_doc *doc) {
  if (!doc->kinds_made[RECTO_NODE_NOTE_REF] &&
      !doc->kinds_made[RECTO_NODE_NOTE_DEF])
    return 0;
  ptrvec refs = {0}, defs = {0};
  strmap by_label, joined;
  strmap_init(&by_label);
  strmap_init(&joined);
  recto_iter *it = recto_iter_new(doc->root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER)
      continue;
    const char *label = S_label(n);
    if (n->type == RECTO_NODE_NOTE && label) {
      /* Joined by an earlier run: later references to it stay. */
      if (!strmap_get(&joined, label))
        strmap_put(&joined, label, n);
    } else if (n->type == RECTO_NODE_NOTE_REF) {
      ptrvec_push(&refs, n);
    } else if (n->type == RECTO_NODE_NOTE_DEF) {
      ptrvec_push(&defs, n);
      if (label && !strmap_get(&by_label, label))
        strmap_put(&by_label, label, n);
    }
  }
  recto_iter_free(it);

  size_t attached = 0;
  strmap used;
  strmap_init(&used);
  for (size_t k = 0; k < refs.len; k++) {
    recto_node *ref = refs.items[k];
    const char *label = S_label(ref);
    recto_node *def = label ? strmap_get(&by_label, label) : NULL;
    if (!def && label && strmap_get(&joined, label))
      continue; /* another reference to a note already in place */
    if (!def) {
      S_orphan_ref(ctx, ref);
      continue;
    }
    if (strmap_get(&used, label))
      continue; /* a second reference to one note stays a NOTE_REF */
    strmap_put(&used, label, def);
    recto_node *note = recto_node_new(doc, RECTO_NODE_NOTE);
    recto_node_set_pos(note, node_pos(ref));
    node_ext *x = node_ext_of(note);
    x->u.note.marker = label;
    x->id = def->ext ? def->ext->id : NULL;
    note->lang = def->lang;
    note->dir = def->dir;
    recto_node *child;
    while ((child = def->first) != NULL) {
      recto_node_unlink(child);
      recto_node_append(note, child);
    }
    recto_node_insert_before(ref, note);
    recto_node_unlink(ref);
    attached++;
  }
  for (size_t k = 0; k < defs.len; k++) {
    recto_node *def = defs.items[k];
    if (S_label(def) && strmap_get(&used, S_label(def)) == def)
      recto_node_unlink(def);
    else
      S_orphan_def(ctx, def);
  }
  strmap_free(&used);
  strmap_free(&joined);
  strmap_free(&by_label);
  ptrvec_free(&refs);
  ptrvec_free(&defs);
  return attached;
}
