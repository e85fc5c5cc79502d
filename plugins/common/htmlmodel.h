/*
 * htmlmodel.h: HTML and XHTML elements to the document model, shared by
 * the HTML reader, the EPUB reader (each spine document) and the
 * Markdown reader (raw HTML).  It works on a libxml2 tree, whichever
 * parser built it (the HTML parser gives names without namespace, the
 * XML parser names in the XHTML namespace: both are accepted).
 *
 * The mapping is one table (htmlmodel.c): headings, paragraphs, lists,
 * definition lists, tables with their parts and spans, figures, quotes,
 * code, phrasing; section-like elements become DIVs when they carry an
 * id, classes or attributes and are unwrapped otherwise; div and span
 * keep id, classes and the other attributes; lang/xml:lang and dir are
 * read on every element.  script, style, template, iframe, object,
 * embed, head and on* attributes are ignored; javascript: and vbscript:
 * URLs are dropped (the text stays).
 *
 * Semantics by epub:type and DPUB-ARIA role:
 *   - notes: a link typed noteref / doc-noteref, pandoc's a.footnote-ref,
 *     or an untyped link whose target links back to it ("#fn1" and
 *     "#fnref1") is a note reference; its target element is the note.
 *     The first reference becomes a NOTE holding the target's content
 *     (the back-link removed), marker = the link's text; later references
 *     to the same note become NOTE_REFs of the same label.  Note bodies
 *     are skipped where they stand, and so are the containers left empty
 *     by them (section.footnotes, aside of notes).  A note body nothing
 *     refers to is kept in place as a DIV.
 *   - citations: links with role doc-biblioref (epub:type biblioref), and
 *     span.citation around them, become CITE nodes whose items' keys are
 *     the target ids ("ref-" ids decoded as recto writes them);
 *   - bibliographies: doc-bibliography / epub:type bibliography, their
 *     entries (list items or div.biblioentry) as raw-text entries;
 *   - page breaks: doc-pagebreak / epub:type pagebreak, label from
 *     aria-label, title or the text (which is not kept as text).
 *
 * Several documents (an EPUB's spine) go through one converter: scan them
 * all first (ids, notes), then convert each; links between them become
 * "#id" links, ids repeated across documents are renamed.
 */
#ifndef RECTO_COMMON_HTMLMODEL_H
#define RECTO_COMMON_HTMLMODEL_H

#include <libxml/tree.h>

#include "recto/recto.h"

typedef struct hm_conv hm_conv;

hm_conv *hm_new(recto_context *ctx, recto_doc *doc);
void hm_free(hm_conv *c);

/** Record the ids, note references and note bodies under root, as part
    of the document named base (a container entry name, or NULL for a
    single document).  Every document is scanned before any is
    converted. */
void hm_scan(hm_conv *c, xmlNode *root, const char *base);

/** The children of node converted as blocks appended to parent (inline
    content between blocks is gathered into paragraphs).  Each block of
    node is freed once converted (xr_free_converted), and so is a note
    body's content once its note is made: the tree is not whole after. */
void hm_blocks(hm_conv *c, xmlNode *node, recto_node *parent,
               const char *base);
/* An XHTML document converted while it is read (its tree is never whole
   in memory): read twice, the first reading scanning every block and
   keeping only those a note reference may point to. */
typedef struct hm_stream hm_stream;

/** The first reading of data (XML, taken as UTF-8): pass it to a new
    converter, before any scan.  NULL when the document must be parsed
    whole instead (nothing was reported: not well-formed, undeclared
    entities, no <body>, entities declared; the converter is as new), or
    when it nests too deep (reported: hm_failed is true, and the document
    is refused). */
hm_stream *hm_stream_open(hm_conv *c, const char *data, size_t len);
/** The tree of the first reading: its <head> is whole. */
xmlDoc *hm_stream_doc(const hm_stream *s);
/** The second reading: the body's blocks converted into parent. */
void hm_stream_blocks(hm_stream *s, recto_node *parent);
void hm_stream_close(hm_stream *s);

/** The children of node converted as inlines appended to parent. */
void hm_inlines(hm_conv *c, xmlNode *node, recto_node *parent,
                const char *base);

/** Whether a conversion failed (an error was reported: nesting too
    deep); the reader then returns RECTO_ERR_INPUT. */
int hm_failed(const hm_conv *c);

/** The key of href read in document base: "entry#id", or the entry
    alone; NULL when it leaves the documents (a scheme, "..").  In the
    document's arena. */
const char *hm_target(hm_conv *c, const char *base, const char *href);

/** A page list says page label starts at key ("base#id"): a page break
    goes before that element (unless it is a page break itself).  Call
    after the scans, before converting.  0 when no element has that id
    (a CFI, a missing target). */
int hm_page_target(hm_conv *c, const char *key, const char *label);

/** After every document: links between documents become "#id" links to
    the node of the target id.  Returns the number of notes made. */
size_t hm_finish(hm_conv *c);

/** Whether name (possibly prefixed) is one of the HTML elements whose
    content is never text (script, style, ...). */
int hm_ignored_element(const char *name);

/** An element's attribute by name (in lower case: it matches in any
    case); a prefixed name ("epub:type")
    matches the prefix as declared or as the HTML parser keeps it.  NULL
    when absent; freed with xmlFree. */
char *hm_attr(const xmlNode *e, const char *name);
/** epub:type or role of e contains word (role's "doc-" prefix taken as
    optional). */
int hm_has_semantic(const xmlNode *e, const char *word);

#endif
