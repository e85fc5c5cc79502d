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

/** Number the headings that head sections (those among the blocks of
    the document, its DIVs and SECTIONs; not those of class "unnumbered"
    or "-"), as pandoc's --number-sections does: a SPAN of class
    "header-section-number" holding "1.2" and a space open the heading.
    Numbering again replaces the numbers. */
RECTO_API void recto_doc_number_sections(recto_doc *doc);

/** Link every citation item to the bibliography entry with its key;
    unknown keys get a warning (code "cite.unknown-key") and stay as
    written.  Returns the number of unresolved items. */
RECTO_API size_t recto_doc_resolve_citations(recto_context *ctx,
                                             recto_doc *doc);

/** Move other to the end of doc and free other, as pandoc makes one
    document of several inputs, each read (and prepared) on its own:
    other's blocks follow doc's, their language and direction kept when
    they differ from doc's; an id doc already uses is renamed (id-1,
    id-2, ...) with the links to it; a bibliography entry of a key doc
    has is the same entry when both came from one file or read alike,
    else renamed with the citations resolved to it, and other's entries
    join doc's bibliography; metadata keys of other replace doc's (the
    later file wins, as in pandoc); resources join, renamed when a name
    holds other bytes. */
RECTO_API void recto_doc_concat(recto_doc *doc, recto_doc *other);

/** Move other's metadata keys that doc lacks into doc and free other
    (a --metadata-file: the document's own values win); so do its
    language and direction when doc has none. */
RECTO_API void recto_doc_meta_defaults(recto_doc *doc, recto_doc *other);

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
