/* xmlrefs.c: see xmlrefs.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmlrefs.h"

static int S_by_marker(const void *a, const void *b) {
  const xw_note_id *x = a, *y = b;
  return strcmp(x->marker, y->marker);
}

/* Stable choice among notes of the same marker: the first in document
   order, kept by sorting (marker, ordinal) pairs. */
typedef struct {
  xw_note_id note;
  size_t ordinal;
} S_note_slot;

static int S_by_marker_then_order(const void *a, const void *b) {
  const S_note_slot *x = a, *y = b;
  int c = strcmp(x->note.marker, y->note.marker);
  if (c)
    return c;
  return x->ordinal < y->ordinal ? -1 : x->ordinal > y->ordinal;
}

void xw_refs_build(xw_refs *refs, recto_doc *doc, const char *note_prefix,
                   const char *page_prefix) {
  memset(refs, 0, sizeof *refs);
  xw_ids_init(&refs->ids);
  recto_node *root = recto_doc_root(doc);

  /* 1. Ids the document chose: kept when they are safe and unique. */
  recto_iter *it = recto_iter_new(root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    const char *id = recto_node_id(n);
    if (ev == RECTO_EVENT_ENTER && id && xw_ids_claim(&refs->ids, id))
      xw_ids_bind(&refs->ids, n, id);
  }
  recto_iter_free(it);

  /* 2. Entries, then 3. generated ids, in document order. */
  S_note_slot *slots = NULL;
  size_t nslots = 0, cap = 0, ordinal = 0;
  it = recto_iter_new(root);
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER)
      continue;
    recto_node_type t = recto_node_type_of(n);
    const char *id = recto_node_id(n);
    if (id && !xw_ids_get(&refs->ids, n))
      xw_ids_bind(&refs->ids, n, xw_ids_make(&refs->ids, doc, "", id));
    if (t == RECTO_NODE_BIB_ENTRY) {
      refs->entry_count++;
      const recto_bib_entry *e = recto_node_bib_entry(n);
      if (!e || xw_ids_get(&refs->ids, e))
        continue;
      const char *eid = e->id ? recto_bib_xml_id(doc, e->id) : NULL;
      if (!eid || !xw_ids_claim(&refs->ids, eid))
        eid = xw_ids_make(&refs->ids, doc, "ref-",
                          e->id ? e->id : "entry");
      xw_ids_bind(&refs->ids, e, eid);
    } else if (t == RECTO_NODE_NOTE && !xw_ids_get(&refs->ids, n)) {
      char num[32];
      snprintf(num, sizeof num, "%zu", ++ordinal);
      const char *nid = xw_ids_make(&refs->ids, doc, note_prefix, num);
      xw_ids_bind(&refs->ids, n, nid);
      const char *marker = recto_node_marker(n);
      if (marker) {
        if (nslots == cap) {
          cap = cap ? 2 * cap : 32;
          slots = realloc(slots, cap * sizeof *slots);
          if (!slots)
            recto_out_of_memory();
        }
        slots[nslots].note.marker = marker;
        slots[nslots].note.id = nid;
        slots[nslots].ordinal = nslots;
        nslots++;
      }
    } else if (t == RECTO_NODE_PAGE_BREAK && !xw_ids_get(&refs->ids, n)) {
      const char *label = recto_page_label(n);
      xw_ids_bind(&refs->ids, n,
                  xw_ids_make(&refs->ids, doc, page_prefix,
                              label && *label ? label : "unnumbered"));
    }
  }
  recto_iter_free(it);

  /* Keep the first note of each marker. */
  if (nslots) {
    qsort(slots, nslots, sizeof *slots, S_by_marker_then_order);
    refs->notes = malloc(nslots * sizeof *refs->notes);
    if (!refs->notes)
      recto_out_of_memory();
    for (size_t k = 0; k < nslots; k++)
      if (k == 0 || strcmp(slots[k].note.marker, slots[k - 1].note.marker))
        refs->notes[refs->note_count++] = slots[k].note;
  }
  free(slots);
}

void xw_refs_free(xw_refs *refs) {
  xw_ids_free(&refs->ids);
  free(refs->notes);
  memset(refs, 0, sizeof *refs);
}

const char *xw_refs_id(const xw_refs *refs, const void *node_or_entry) {
  return xw_ids_get(&refs->ids, node_or_entry);
}

const char *xw_refs_item(const xw_refs *refs, recto_doc *doc,
                         const recto_cite_item *item) {
  recto_bib_entry *e = item->entry;
  if (!e && item->key)
    e = recto_doc_find_entry(doc, item->key);
  return e ? xw_refs_id(refs, e) : NULL;
}

const char *xw_refs_note(const xw_refs *refs, const char *marker) {
  if (!marker || !refs->note_count)
    return NULL;
  xw_note_id key = {marker, NULL};
  const xw_note_id *hit = bsearch(&key, refs->notes, refs->note_count,
                                  sizeof *refs->notes, S_by_marker);
  return hit ? hit->id : NULL;
}
