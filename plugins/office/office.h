/*
 * office.h: private declarations of the word-processor readers (DOCX and
 * ODT).  Both are zip packages of XML parts; both are read as libxml2
 * trees and mapped onto the document model.
 */
#ifndef RECTO_OFFICE_H
#define RECTO_OFFICE_H

#include <stddef.h>

#include <libxml/tree.h>

#include "recto/recto.h"

/* ---- the package (pkg.c) ---- */

typedef struct ox_pkg ox_pkg;

/** Open the zip container of input; NULL with an error reported (exit
    status in *st) when it is not one or is hostile. */
ox_pkg *ox_pkg_open(recto_context *ctx, const recto_input *input,
                    recto_status *st);
void ox_pkg_close(ox_pkg *pkg);
/** Whether the package holds an entry of this name. */
int ox_pkg_has(ox_pkg *pkg, const char *name);
/** The bytes of an entry (malloc'd; free them), or NULL when absent or
    unreadable (*st says which: RECTO_OK when absent). */
unsigned char *ox_pkg_bytes(ox_pkg *pkg, const char *name, size_t *len,
                            recto_status *st);
/** An XML part parsed (no network, no external entities).  NULL when
    absent (*st = RECTO_OK) or broken (*st = RECTO_ERR_INPUT, reported
    with the part's name and line). */
xmlDoc *ox_pkg_xml(ox_pkg *pkg, const char *name, recto_status *st);
/** The same, read while it is converted (xmlread.h's xr_stream): the
    stream with its root element started, or NULL as ox_pkg_xml.
    ox_pkg_stream_end reads the rest and reports (RECTO_ERR_INPUT) a
    part that is not well-formed. */
struct xr_stream *ox_pkg_stream(ox_pkg *pkg, const char *name,
                                recto_status *st);
recto_status ox_pkg_stream_end(ox_pkg *pkg, const char *name,
                               struct xr_stream *s);

/** The bytes of part carried by doc as the resource url (what an IMAGE
    names), once; RECTO_OK also when the part is absent (the image then
    keeps its alt text), RECTO_ERR_INPUT when the container refused it
    (reported). */
recto_status ox_pkg_carry(ox_pkg *pkg, recto_doc *doc, const char *part,
                          const char *url);

/* ---- tree helpers (xml.c) ---- */

/** Whether n is an element named local in namespace ns. */
int ox_is(const xmlNode *n, const char *ns, const char *local);
/** The value of attribute local in namespace ns (NULL: no namespace),
    pointing into the tree (no copy), or NULL. */
const char *ox_attr(const xmlNode *n, const char *ns, const char *local);
/** The first element child of n named local in ns, or NULL. */
xmlNode *ox_child(const xmlNode *n, const char *ns, const char *local);
/** The next element sibling (of any name), or NULL. */
xmlNode *ox_next_elem(const xmlNode *n);
xmlNode *ox_first_elem(const xmlNode *n);
/** The first element of n's subtree (n excluded) with this local name,
    in document order, or NULL. */
const xmlNode *ox_descendant(const xmlNode *n, const char *local);
/** The text content of n's subtree appended to out. */
void ox_text(const xmlNode *n, recto_buf *out);
/** The position of n in its part. */
recto_pos ox_pos(const xmlNode *n);
/** Whether s (a number written in any decimal digits) parses as an int;
    fallback otherwise. */
int ox_int(const char *s, int fallback);

/* ---- shared mapping (common.c) ---- */

typedef struct ox_cites ox_cites;

/** Character formatting both formats know: -1 unset, 0 off, 1 on; vert
    is 1 for superscript, 2 for subscript. */
typedef struct ox_format {
  signed char bold, italic, underline, strike, smallcaps, vert;
} ox_format;
/** The inline kinds f asks for, outermost first, into kinds; returns
    how many. */
size_t ox_format_kinds(const ox_format *f, recto_node_type kinds[6]);

/** Append len bytes of s as a TEXT or CODE (kind) child of parent,
    merged with a node of that kind just before while it is short. */
void ox_append_leaf(recto_node *parent, recto_node_type kind, const char *s,
                    size_t len);
/** A page break (numbered from 2 as the pages are met) appended to
    parent; *pages counts them. */
recto_node *ox_page_break(recto_doc *doc, int *pages);
/** Set metadata from a Dublin Core-like part: title, author (list),
    lang, date, subject, keywords, abstract.  Strings are trimmed; empty
    ones skipped. */
void ox_meta_string(recto_doc *doc, const char *key, const char *value);
/** The metadata of DOCX's docProps/core.xml or ODT's office:meta (the
    element holding the Dublin Core and the format's own elements). */
void ox_meta_part(recto_doc *doc, const xmlNode *container);
/** What both readers do once the body is read: the entries gathered
    into the bibliography (c freed), citations linked, the document's
    direction (right to left when most paragraphs with letters are) and
    language (lang, or bidi_lang when right to left, when the metadata
    gave none); then empty paragraphs go, paragraphs that hold only page
    breaks give way to them, and direction and language that only repeat
    what is inherited are unset. */
void ox_finish(recto_context *ctx, recto_doc *doc, ox_cites *c,
               const char *lang, const char *bidi_lang);
/** A heading level (1..6) from a style name such as "heading 2",
    "Überschrift 2", "عنوان ۲", "سرفصل 3"; 0 when it names none. */
int ox_heading_from_name(const char *name);
/** A COMMENT annotation: author, date, and the comment's blocks to be
    appended by the caller. */
recto_node *ox_comment(recto_doc *doc, const char *author, const char *date);

/* ---- citations from reference managers (cite.c) ---- */

ox_cites *ox_cites_new(recto_context *ctx, recto_doc *doc);
/** Fill cite (a CITE node) from a CSL citation JSON text (Zotero,
    Mendeley); 0, or -1 when it is not one (reported as a warning). */
int ox_cites_csl(ox_cites *c, recto_node *cite, const char *json,
                 size_t len, const recto_pos *pos);
/** The same for EndNote's <EndNote><Cite>... XML. */
int ox_cites_endnote(ox_cites *c, recto_node *cite, const char *xml,
                     size_t len, const recto_pos *pos);
/** A name written "Family, Given" (a Latin or an Arabic comma), or an
    organisation's, as a new name of doc. */
recto_name *ox_name_parse(recto_doc *doc, const char *s);
/** An entry read from ODF's text:bibliography-mark attributes. */
void ox_cites_add(ox_cites *c, recto_bib_entry *e, recto_cite_item *item);
/** Number of entries gathered. */
size_t ox_cites_entries(const ox_cites *c);
/** Add the gathered entries to the document's bibliography (the
    BIBLIOGRAPHY node already in the tree, or a new one at the end),
    link the items, and free c. */
void ox_cites_finish(ox_cites *c);

/* ---- the readers ---- */
recto_status docx_read(recto_context *ctx, const recto_input *input,
                       const recto_options *opts, recto_doc **out);
recto_status odt_read(recto_context *ctx, const recto_input *input,
                      const recto_options *opts, recto_doc **out);

#endif
