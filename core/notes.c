/* notes.c: join note references with their definitions, the one shared
   pass for every reader that sees them apart (Markdown, plain text). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A NOTE_REF or NOTE_DEF left alone keeps its text: an orphan definition
   becomes a DIV of class "orphan-note", an orphan reference a SPAN of
   class "orphan-note-ref" holding its marker, so that no writer needs to
   know the waiting kinds. */
static void S_orphan_def(recto_context *ctx, recto_node *def) {
  recto_diag_emit(ctx, RECTO_DIAG_WARNING, "note.orphan-definition",
                  &def->pos, "note '%s' has no reference in the text; kept "
                  "where it stands", def->s1 ? def->s1 : "");
  def->type = RECTO_NODE_DIV;
  recto_node_add_class(def, "orphan-note");
  if (def->s1)
    recto_node_set_attr(def, "marker", def->s1);
  def->s1 = NULL;
}

static void S_orphan_ref(recto_context *ctx, recto_node *ref) {
  recto_diag_emit(ctx, RECTO_DIAG_WARNING, "note.orphan-reference",
                  &ref->pos, "note marker '%s' has no note; kept as text",
                  ref->s1 ? ref->s1 : "");
  recto_node *span = recto_node_new(ref->doc, RECTO_NODE_SPAN);
  span->pos = ref->pos;
  recto_node_add_class(span, "orphan-note-ref");
  const char *marker = ref->s1 ? ref->s1 : "";
  recto_node *text = recto_node_new_text(ref->doc, marker, strlen(marker));
  text->pos = ref->pos;
  recto_node_append(span, text);
  recto_node_insert_before(ref, span);
  recto_node_unlink(ref);
}

size_t recto_doc_attach_notes(recto_context *ctx, recto_doc *doc) {
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
    if (n->type == RECTO_NODE_NOTE && n->s1) {
      /* Joined by an earlier run: later references to it stay. */
      if (!strmap_get(&joined, n->s1))
        strmap_put(&joined, n->s1, n);
    } else if (n->type == RECTO_NODE_NOTE_REF) {
      ptrvec_push(&refs, n);
    } else if (n->type == RECTO_NODE_NOTE_DEF) {
      ptrvec_push(&defs, n);
      if (n->s1 && !strmap_get(&by_label, n->s1))
        strmap_put(&by_label, n->s1, n);
    }
  }
  recto_iter_free(it);

  size_t attached = 0;
  strmap used;
  strmap_init(&used);
  for (size_t k = 0; k < refs.len; k++) {
    recto_node *ref = refs.items[k];
    recto_node *def = ref->s1 ? strmap_get(&by_label, ref->s1) : NULL;
    if (!def && ref->s1 && strmap_get(&joined, ref->s1))
      continue; /* another reference to a note already in place */
    if (!def) {
      S_orphan_ref(ctx, ref);
      continue;
    }
    if (strmap_get(&used, ref->s1))
      continue; /* a second reference to one note stays a NOTE_REF */
    strmap_put(&used, ref->s1, def);
    recto_node *note = recto_node_new(doc, RECTO_NODE_NOTE);
    note->pos = ref->pos;
    note->s1 = ref->s1;
    note->lang = def->lang;
    note->dir = def->dir;
    note->id = def->id;
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
    if (def->s1 && strmap_get(&used, def->s1) == def)
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
