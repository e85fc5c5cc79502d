/*
 * xmlrefs.h: every id an XML writer will write, decided in one pass
 * before writing, so that a reference written before its target (a
 * citation before the bibliography, a repeated note reference) already
 * knows the target's id, and no id is ever written twice.
 *
 * Ids the document sets itself win; then bibliography entries
 * (recto_bib_xml_id); then generated ones for notes and page breaks.
 */
#ifndef RECTO_COMMON_XMLREFS_H
#define RECTO_COMMON_XMLREFS_H

#include <stddef.h>

#include "recto/recto.h"
#include "xmlids.h"

typedef struct xw_note_id {
  const char *marker;
  const char *id;
} xw_note_id;

typedef struct xw_refs {
  xw_ids ids;          /* node -> id, entry -> id, and the set of ids */
  xw_note_id *notes;   /* first note of each marker, sorted by marker */
  size_t note_count;
  size_t entry_count;  /* BIB_ENTRY nodes */
} xw_refs;

/** Walk doc and choose ids: nodes with an id of their own, entries
    ("ref-…"), notes (note_prefix + ordinal: "fn1"), page breaks
    (page_prefix + label: "page-75").  Free with xw_refs_free. */
void xw_refs_build(xw_refs *refs, recto_doc *doc, const char *note_prefix,
                   const char *page_prefix);
void xw_refs_free(xw_refs *refs);
/** The id chosen for a node or an entry, or NULL. */
const char *xw_refs_id(const xw_refs *refs, const void *node_or_entry);
/** The id of the entry a citation item resolves to, or NULL. */
const char *xw_refs_item(const xw_refs *refs, recto_doc *doc,
                         const recto_cite_item *item);
/** The id of the first note printed with marker (for a NOTE_REF that
    repeats a reference), or NULL. */
const char *xw_refs_note(const xw_refs *refs, const char *marker);

#endif
