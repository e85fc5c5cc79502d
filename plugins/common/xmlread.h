/*
 * xmlread.h: the skeleton XML-based readers share (TEI, DocBook, and the
 * XHTML, EPUB, DOCX and ODT readers that parse XML parts).
 *
 * 1. Safe parsing, the one setup of every libxml2 parse in the readers
 *    (xr_parse_bytes; xr_parse for a whole input): XML_PARSE_NONET,
 *    never XML_PARSE_NOENT, XML_PARSE_DTDLOAD or XML_PARSE_HUGE, and a
 *    process-wide external entity loader that refuses every URI (set
 *    once, under pthread_once: recto never wants a file or the network
 *    fetched on behalf of a document).  libxml2's own limits stay on
 *    (nesting depth 256, text nodes of 10 MB, entity amplification).
 *    XML is fed in chunks: read from memory in one piece, libxml2's
 *    lookahead limit (meant for single tokens) trips on documents past
 *    10 MB whose bytes it converts.  HTML goes through libxml2's HTML
 *    parser with the same options.  The first error is kept with its
 *    line and column; memory that runs out ends the process
 *    (recto_out_of_memory), it is no error of the document.
 *
 * 2. A table-driven walk (xr_walk_run) from the libxml2 tree to recto
 *    nodes, without recursion (the open elements live on the heap):
 *    - each vocabulary (namespace) has a table of elements (xr_elem):
 *      a default mapping to a node kind, or a handler called on entry
 *      (and optionally on exit);
 *    - internal entities of a DOCTYPE are expanded while walking, with
 *      limits on the nodes visited and the text they produce (an
 *      entity bomb is refused); external entities are refused; names
 *      undefined because the DTD is not read (&mdash;) are taken from
 *      the HTML 4 entity set;
 *    - text is whitespace-normalised (runs of XML white space become
 *      one space, trimmed at block edges); inlines met where blocks
 *      belong are gathered into an implicit paragraph, and a block met
 *      inside a paragraph closes it (the paragraph resumes after it);
 *    - the attribute hooks: xml:id (and "id" when id_attr says so),
 *      xml:lang (and "lang"), dir, on every node an element makes, then
 *      the reader's own hook (TEI @rend, DocBook @role...);
 *    - an element missing from the tables keeps its text: a SPAN (where
 *      inlines go) or DIV (where blocks go) whose class is the element's
 *      name; xr_walk_report tells --verbose how many of each were met.
 *    - what the walk has converted is freed as it leaves it: when an
 *      element is left (after its exit handler), its content is freed
 *      (the element itself stays for its parent's exit handler until the
 *      parent is left), unless xr_keep kept it; so libxml2's tree shrinks
 *      while recto's grows and the two are never both whole.  The
 *      element a walk starts from keeps its children, and entity content
 *      (shared by every reference) is never freed.  A handler must not
 *      look back at content the walk has left, except through xr_keep.
 *
 * Names start with xr_; the library is static and hidden inside each
 * plugin that links it.
 */
#ifndef RECTO_COMMON_XMLREAD_H
#define RECTO_COMMON_XMLREAD_H

#include <stddef.h>

#include <libxml/tree.h>

#include "recto/recto.h"

/* ---- parsing ---- */

/** What stopped a parse: its first error (message and position, 0 when
    unknown), or the external resource the document asked for. */
typedef struct xr_problem {
  char message[240];
  int line, column;
  char refused[200];
} xr_problem;

enum {
  /** libxml2's HTML parser: never an error on markup, but stopping
      early (nesting past 256) is one. */
  XR_PARSE_HTML = 1u << 0,
  /** The bytes are UTF-8 whatever their declaration says (the host
      decoded them, or the container says so), unless a UTF-16 byte
      order mark says otherwise. */
  XR_PARSE_UTF8 = 1u << 1,
  /** xr_stream_open: the stream frees the bytes (malloc'd) when
      closed. */
  XR_PARSE_OWN = 1u << 2
};

/** Parse len bytes with the safe setup above.  The tree (free it with
    xmlFreeDoc), or NULL with *problem filled in. */
xmlDoc *xr_parse_bytes(const char *data, size_t len, unsigned flags,
                       xr_problem *problem);

/** The one line for a parse that failed: fmt (whose one %s is the
    message) with the problem's line and column, or that the document
    asked for an external resource. */
void xr_report(recto_context *ctx, recto_severity severity, const char *code,
               const xr_problem *problem, const char *fmt);

/** Parse in->data as XML.  On success *out is the tree (free it with
    xmlFreeDoc) and RECTO_OK is returned; otherwise one error naming
    in->name, line and column was emitted on ctx ("<reader>.xml") and
    RECTO_ERR_INPUT is returned. */
recto_status xr_parse(recto_context *ctx, const char *reader,
                      const recto_input *in, xmlDoc **out);

/* ---- parsing while reading ----
 *
 * A reader that converts a document block by block asks for each block
 * when it needs it (xr_next_child): the parser reads on, a chunk at a
 * time, until that node is there, and the reader frees each block once
 * converted (xr_free_converted).  libxml2's tree then never holds more
 * than the open elements, a block and a chunk's worth of what follows.
 * A document that is not well-formed late has its first blocks converted
 * before the error; the reader reports it after xr_stream_finish. */

typedef struct xr_stream xr_stream;

/** Start parsing len bytes of XML (flags: XR_PARSE_UTF8, XR_PARSE_OWN)
    and read on up to the root element's start tag.  Never NULL. */
xr_stream *xr_stream_open(const char *data, size_t len, unsigned flags);
/** The tree as far as read (the root element is there), or NULL when
    the parse failed before it. */
xmlDoc *xr_stream_doc(const xr_stream *s);
/** Read the rest.  1 when the document is well-formed, else 0 with
    *problem filled in (also when a walk stopped early on the failure). */
int xr_stream_finish(xr_stream *s, xr_problem *problem);
/** The tree, the parser and (XR_PARSE_OWN) the bytes. */
void xr_stream_close(xr_stream *s);
/** The child of parent after prev (prev NULL: the first), reading on
    until it is there, and when whole until its end tag is read too; a
    text is given once complete.  NULL after the last child, or when the
    parse failed.  For a tree parsed whole, simply the next node. */
xmlNode *xr_next_child(xmlNode *parent, const xmlNode *prev, int whole);

/** Read element n on to its end tag, freeing its content as the parser
    gives it: a block the reader has already (from an earlier reading)
    is not built again. */
void xr_skip(xmlNode *n);

/** Unlink n from its tree and free it with everything in it: content a
    reader has converted and never looks at again, so that libxml2's
    tree shrinks while recto's grows.  The pages freed are handed back
    to the system at growing intervals (recto's arena would not reuse
    them).  Never for entity content, which every reference shares.
    While its parent is being read, its parent's last child stays (the
    parser appends text to it), to be freed with the tree. */
void xr_free_converted(xmlNode *n);

/* ---- element tables ---- */

typedef struct xr_walk xr_walk;

/** Called when the element is entered.  Return the node its children
    go into (it may be one the handler appended, an existing node, or
    xr_container(w) to stay transparent), or NULL to skip its content. */
typedef recto_node *(*xr_enter_fn)(xr_walk *w, xmlNode *el);
/** Called when the element is left; made is what enter returned. */
typedef void (*xr_exit_fn)(xr_walk *w, xmlNode *el, recto_node *made);

enum {
  /** Drop the element and everything in it (metadata handled
      elsewhere, apparatus recto does not model). */
  XR_SKIP = 1u << 0,
  /** No node of its own: the content goes where the element is. */
  XR_TRANSPARENT = 1u << 1
};

/** One element.  With enter, the handler decides; otherwise a node of
    kind type is appended (with cls as its class) and receives the
    content; type NONE with no flag is XR_TRANSPARENT. */
typedef struct xr_elem {
  const char *name; /* local name */
  recto_node_type type;
  unsigned flags;
  const char *cls;
  xr_enter_fn enter;
  xr_exit_fn exit;
} xr_elem;

/** The elements of one namespace (ns NULL: no namespace). */
typedef struct xr_vocab {
  const char *ns;
  const xr_elem *elems;
  size_t count;
} xr_vocab;

typedef struct xr_config {
  const char *reader;     /* "tei": the prefix of diagnostic codes */
  const xr_vocab *vocabs;
  size_t nvocabs;
  int id_attr;            /* "id" without a namespace is an id too */
  /** After the common attributes, on every node an element made. */
  void (*attrs)(xr_walk *w, xmlNode *el, recto_node *made);
  /** A processing instruction in the content (NULL: ignored). */
  void (*pi)(xr_walk *w, xmlNode *pi);
} xr_config;

struct xr_walk {
  recto_context *ctx;
  recto_doc *doc;
  const xr_config *cfg;
  void *user;               /* the reader's own state */
  size_t input_len;         /* bounds what entities may expand to */
  struct xr_walk_private *priv;
};

/** Prepare a walk (user: the reader's state). */
void xr_walk_init(xr_walk *w, recto_context *ctx, recto_doc *doc,
                  const xr_config *cfg, size_t input_len, void *user);
void xr_walk_free(xr_walk *w);
/** Walk el (the element itself and its content) into the node into.
    Returns RECTO_ERR_INPUT (after one error) when a limit was hit or an
    external entity was met. */
recto_status xr_walk_run(xr_walk *w, xmlNode *el, recto_node *into);
/** Keep el and everything in it in the tree after the walk has
    converted it (a reader resolves references to it after the walk).  Call before
    the walk; uses el->_private and its ancestors'. */
void xr_keep(xmlNode *el);
/** One INFO line: how many elements of each unknown name were kept as
    spans and divs (nothing when none). */
void xr_walk_report(xr_walk *w);

/* ---- for handlers ---- */

/** Where the content of the element being handled goes now. */
recto_node *xr_container(xr_walk *w);
/** Append n where the content goes, wrapping or splitting as the model
    needs (see above).  Returns n. */
recto_node *xr_append(xr_walk *w, recto_node *n);
/** A new node of this kind at el's position, appended with xr_append. */
recto_node *xr_add(xr_walk *w, xmlNode *el, recto_node_type type);
/** Append text as the walk does (whitespace normalised). */
void xr_add_text(xr_walk *w, const char *s, size_t len);
/** The default handling of el's content into node (the usual return
    value of a handler that made node itself). */
recto_node *xr_into(xr_walk *w, xmlNode *el, recto_node *node);

/** The value of attribute name (ns NULL: without a namespace), or NULL.
    A copy in the document's arena (the tree is freed after reading);
    entity references in it are replaced by their text. */
const char *xr_attr(xr_walk *w, xmlNode *el, const char *name);
const char *xr_attr_ns(xr_walk *w, xmlNode *el, const char *ns,
                       const char *name);
/** The text of el's content in the document's arena: verbatim (keep
    white space, for code) or normalised.  Entities expanded within the
    same limits as the walk. */
const char *xr_text(xr_walk *w, xmlNode *el, int verbatim);
/** el's position (line; libxml2 keeps no column for elements). */
recto_pos xr_pos(const xmlNode *el);
/** The local name of el when it is in namespace ns (NULL: none), else
    NULL.  xr_is: whether el is that element. */
int xr_is(const xmlNode *el, const char *ns, const char *name);
/** The first child element of el named name in el's namespace, else
    NULL; xr_next_named: the next sibling element of that name. */
xmlNode *xr_child(const xmlNode *el, const char *name);
xmlNode *xr_next_named(const xmlNode *el, const char *name);
/** The namespace href of el ("" for none). */
const char *xr_ns(const xmlNode *el);
/** Apply the common attribute hooks (id, lang, dir, the reader's) to a
    node a handler made for el. */
void xr_apply_attrs(xr_walk *w, xmlNode *el, recto_node *n);
/** The table entry of el, or NULL when unknown. */
const xr_elem *xr_lookup(xr_walk *w, const xmlNode *el);

/** The citation key behind an XML id the writers made with
    recto_bib_xml_id ("ref-" and _XXXX escapes undone); any other id is
    its own key.  In the document's arena. */
const char *xr_key_from_xml_id(recto_doc *doc, const char *id);
/** Append a person of the metadata (the map xw_meta_people reads:
    name, given, family, affiliation, email, organization) made from n
    to list. */
void xr_meta_add_person(recto_doc *doc, recto_meta *list, const recto_name *n,
                        const char *email, int organisation);
/** Set key to list in the metadata when list is not empty. */
void xr_meta_set_list(recto_doc *doc, const char *key, recto_meta *list);

/** An exit handler for figures: the caption first, where the model has
    it (TEI may put <head> after the <graphic>). */
void xr_caption_first(xr_walk *w, xmlNode *el, recto_node *figure);
/** The number of columns of table: its widest row (cells by colspan). */
size_t xr_table_width(const recto_node *table);
/** Append a BIB_ENTRY for e where the walk is (in a BIBLIOGRAPHY made
    there unless the walk is in one already); an entry without an id gets
    "entry-LINE-N".  Returns the node. */
recto_node *xr_add_entry(xr_walk *w, xmlNode *el, recto_bib_entry *e);
/** Walk el into a new DIV of its own, outside the tree (an abstract for
    the metadata); the DIV el itself made, if any, is unwrapped. */
recto_node *xr_walk_detached(xr_walk *w, xmlNode *el);

/** An entry known only by its text that is one web address (a list of
    links) gets it as its URL and the type "webpage". */
void xr_entry_url_only(recto_bib_entry *e);

/** A date "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a range "A/B") into d;
    0 when text is not one. */
int xr_parse_iso_date(const char *text, recto_date *d);

#endif
