/*
 * htmlread.h: an HTML or XHTML document parsed safely into a libxml2
 * tree, and what its <head> says (shared by the HTML and EPUB readers).
 *
 * Both parse through xmlread's safe setup (xr_parse_bytes): HTML with
 * libxml2's HTML parser (as browsers meet it: never an error); XHTML with
 * the XML parser without network, without external DTDs or entities,
 * with libxml2's limits on entity expansion, nesting and text size in
 * force.  XHTML that uses HTML's named entities without
 * declaring them (&nbsp; under an XHTML 1.1 DOCTYPE whose DTD is not
 * read) is read again with the HTML parser, which knows them.
 */
#ifndef RECTO_COMMON_HTMLREAD_H
#define RECTO_COMMON_HTMLREAD_H

#include <stddef.h>

#include <libxml/tree.h>

#include "recto/recto.h"

typedef enum hr_mode {
  HR_HTML,         /* the HTML parser */
  HR_XHTML,        /* the XML parser; not well-formed is an error */
  HR_XHTML_LENIENT /* the XML parser; not well-formed: a warning, then
                      the HTML parser */
} hr_mode;

/** Whether data is XML (it opens with an XML declaration).  An XHTML
    namespace alone says nothing: HTML5 documents carry it too. */
int hr_is_xhtml(const char *data, size_t len);

/** The document in data (UTF-8), or NULL after one error naming the
    line and column (code "html.syntax").  Free with xmlFreeDoc. */
xmlDoc *hr_parse(recto_context *ctx, const char *data, size_t len,
                 hr_mode mode);

/** Any XML document (an EPUB's container.xml, OPF, NCX) parsed with
    the same safety, or NULL after one error "<what> is not well-formed"
    with line and column (code "xml.syntax"). */
xmlDoc *hr_parse_xml(recto_context *ctx, const char *data, size_t len,
                     const char *what);

/** A fragment of HTML (a raw HTML block or run in Markdown) converted
    into parent by the shared mapping: as blocks, or as inlines when
    inline_content is set.  Links and notes resolve within the fragment.
    0, or -1 after one error (nesting too deep for the parser). */
int hr_fragment(recto_context *ctx, recto_doc *doc, const char *html,
                size_t len, recto_node *parent, int inline_content);

/** The <body> of a parsed document (or its root when it has none). */
xmlNode *hr_body(xmlDoc *xd);

/** title, author (meta name=author, repeatable), abstract (description),
    keywords, date, and lang/dir of <html> (else <body>) into doc. */
void hr_head(recto_doc *doc, xmlDoc *xd);

#endif
