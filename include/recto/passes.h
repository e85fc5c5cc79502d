/*
 * recto/passes.h: shared passes over a document.  Readers and writers
 * call these instead of each doing the same work again.
 */
#ifndef RECTO_PASSES_H
#define RECTO_PASSES_H

#include <stddef.h>

#include "recto/diag.h"
#include "recto/doc.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Join every NOTE_REF with the NOTE_DEF of the same label: the
    reference becomes a NOTE holding the definition's blocks, marker
    kept.  A second reference to the same note becomes a NOTE_REF that
    stays (label = marker).  An orphan reference or definition gets a
    warning with its position and stays in the tree (text kept).
    Returns the number of notes attached. */
RECTO_API size_t recto_doc_attach_notes(recto_context *ctx, recto_doc *doc);

/** Nest the flat headings of the top level (and of DIVs) into SECTION
    nodes: a heading of level n opens a section that runs until the next
    heading of level <= n.  Idempotent. */
RECTO_API void recto_doc_sectionize(recto_doc *doc);

/** Link every citation item to the bibliography entry with its key;
    unknown keys get a warning (code "cite.unknown-key") and stay as
    written.  Returns the number of unresolved items. */
RECTO_API size_t recto_doc_resolve_citations(recto_context *ctx,
                                             recto_doc *doc);

/** Language usage: for each language, how many letters of text carry it
    (text of nodes without a language counts for the document's). */
typedef struct recto_lang_share {
  const char *lang;
  size_t chars;
} recto_lang_share;

/** Fill up to max shares, largest first; returns how many languages
    there are (which may be more than max). */
RECTO_API size_t recto_doc_languages(recto_doc *doc, recto_lang_share *out,
                                     size_t max);

#ifdef __cplusplus
}
#endif
#endif
