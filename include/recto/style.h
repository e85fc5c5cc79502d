/*
 * recto/style.h: citation styles.  Writers that render citations and
 * bibliographies (EPUB, DocBook, TEI, Markdown when asked) call these so
 * that every format shows the same text.
 *
 * Styles: "author-date" (Chicago-like; the default) and "numeric" ([1]).
 * The option "citation-style" selects one.
 */
#ifndef RECTO_STYLE_H
#define RECTO_STYLE_H

#include "recto/biblio.h"
#include "recto/buf.h"
#include "recto/doc.h"
#include "recto/options.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum recto_style {
  RECTO_STYLE_AUTHOR_DATE = 0,
  RECTO_STYLE_NUMERIC
} recto_style;

/** The style named by the option "citation-style" (default author-date). */
RECTO_API recto_style recto_style_from_options(const recto_options *opts);

/** The entries of doc's bibliography in the style's order (author-date:
    by author, year, title; numeric: by first citation, then the rest in
    document order), as an array in doc's arena; *count receives the
    length.  Numbers for the numeric style are index + 1. */
RECTO_API recto_bib_entry **recto_style_sorted_entries(recto_doc *doc,
                                                       recto_style style,
                                                       size_t *count);

/** Append the plain text of one citation (a CITE node) in the style:
    "(Umarov 2022, 33)", "Umarov (2022)", "[1, p. 33]". Items that did
    not resolve are rendered from the text as written. */
RECTO_API void recto_style_format_cite(recto_doc *doc, recto_style style,
                                       const recto_node *cite,
                                       recto_buf *out);

/** Append the plain text of one bibliography entry in the style
    (falls back to the entry's raw text when it has no usable fields). */
RECTO_API void recto_style_format_entry(recto_doc *doc, recto_style style,
                                        const recto_bib_entry *entry,
                                        recto_buf *out);

/** "Family, Given" / literal / "Given Family" for display. */
RECTO_API void recto_style_format_name(const recto_name *name, int inverted,
                                       recto_buf *out);

#ifdef __cplusplus
}
#endif
#endif
