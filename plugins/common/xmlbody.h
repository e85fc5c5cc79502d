/*
 * xmlbody.h: the skeleton that the DocBook and TEI writers share for
 * the body of a document: the writer's state, what a frame's element
 * allows inside, and where each element goes: on a line of its own or
 * not, after a title that is due, inside an untitled division when
 * loose blocks follow divisions, and what must be written before an
 * element closes.
 *
 * A writer describes its format in an xw_format: the few elements and
 * rules in which the formats differ, and a callback for each kind of
 * node it writes its own way.  The walk (xmlrender.c) writes the kinds
 * both formats write alike and calls the format for the others; the
 * functions of xmlbody.c place what either writes.
 */
#ifndef RECTO_COMMON_XMLBODY_H
#define RECTO_COMMON_XMLBODY_H

#include "recto/recto.h"
#include "xmlframes.h"
#include "xmlmodel.h"
#include "xmlrefs.h"
#include "xmlscope.h"

/* What a frame's element allows inside.  A format's own flags start at
   XW_FORMAT_FLAG. */
enum {
  XW_BLOCK = 1u << 0,      /* children are blocks */
  XW_INLINE = 1u << 1,     /* mixed content: no whitespace may be added */
  XW_DIVISION = 1u << 2,   /* divisions may come among the children */
  XW_FLATTEN = 1u << 3,    /* blocks written as their inline content */
  XW_NEED_BLOCK = 1u << 4, /* at least one block: an empty one when none */
  XW_NOINDENT = 1u << 5,   /* inside mixed content: never indent */
  XW_TITLE = 1u << 6,      /* a title may (or must) still come first */
  XW_BIBLIO = 1u << 7,     /* a bibliography: entries only */
  XW_FORMAT_FLAG = 1u << 8
};

/* Option citation-text=style: every citation in the style's words. */
#define XW_OPT_CITATION_TEXT "citation-text"

typedef struct xw_format xw_format;
typedef struct xw_writer xw_writer;

/** How a format writes one kind of node: on ENTER for a node with
    children (it pushes the node's frame), the whole node for a leaf;
    sc is the node's scope. */
typedef void (*xw_kind_fn)(xw_writer *w, const recto_node *n, xw_scope *sc);
/** Node kinds, for a table indexed by recto_node_type. */
#define XW_KINDS (RECTO_NODE_PAGE_BREAK + 1)

/** A writer's state while it writes one document. */
struct xw_writer {
  const xw_format *format;
  recto_context *ctx;
  recto_doc *doc;
  const recto_options *opts;
  recto_buf *out;
  recto_style style;
  int cite_style_text; /* option citation-text=style */
  int used_style;      /* a style="direction: …" was written */
  xw_refs refs;
  xw_walker walker;    /* the walk in progress (skip, reset) */
  xw_frames frames;
  void *own;           /* what only the format keeps */
};

struct xw_format {
  const char *name;             /* "tei": warnings' codes, raw content */
  const char *const *raw_names; /* raw formats written as they are */
  xw_dir_mode dir;              /* how a direction is written */
  const char *empty_block;      /* "<p/>" where a block is needed */
  /* Written where a title is due and none came ("<title/>"), or NULL
     when a title is optional. */
  const char *title_due;
  /* Whether an anchor may not stand among c's children now (only
     divisions or entries may come, a title is due); NULL when anchors
     may stand anywhere, between divisions too, as global elements. */
  int (*bars_anchor)(const xw_frame *c);
  /* The tags of the untitled division that loose blocks need in c (a
     frame that allows divisions), or NULL when they may stand there. */
  const char *(*untitled)(const xw_frame *c, const char **close);

  /* Elements of the walk (xmlrender.c). */
  const char *title, *title_close; /* a heading as its container's title */
  const char *phrase_attr;         /* names a formatting: rend, role */
  const struct xw_phrase *phrases; /* kinds written as one element */
  const char *lang_phrase;         /* text in a language of its own */
  const char *dir_phrase;          /* text in a direction of its own */
  /* The kinds the format writes its own way, by recto_node_type; a
     node with children of a kind without one is written without an
     element, a leaf not at all. */
  xw_kind_fn kinds[XW_KINDS];
  /* The EXIT of every node with children: closes and pops its frame. */
  void (*exit)(xw_writer *w, recto_node *n);
  /* A note whose reference was lost, kept where it stands. */
  void (*orphan_note)(xw_writer *w, const recto_node *n, xw_scope *sc);
  /* One bibliography entry, after xw_block placed it. */
  void (*entry)(xw_writer *w, const recto_bib_entry *e, const char *id,
                const xw_scope *parent);
};

/** A kind written as one element with an attribute value (or none; a
    quotation has it only when single): a format's table of them ends
    with type RECTO_NODE_NONE. */
typedef struct xw_phrase {
  recto_node_type type;
  const char *name, *value, *close;
} xw_phrase;

/** Set up w for writing doc into out: the options every XML writer
    reads (citation style and text) and the ids ("fn1", "page-75").
    Free with xw_writer_free. */
void xw_writer_init(xw_writer *w, const xw_format *format, recto_context *ctx,
                    recto_doc *doc, const recto_options *opts, recto_buf *out);
void xw_writer_free(xw_writer *w);

/** The frames of w (xmlframes.h). */
xw_frame *xw_push(xw_writer *w, const recto_node *node, unsigned flags,
                  const char *close, int depth, const xw_scope *scope);
void xw_pop(xw_writer *w);
xw_frame *xw_top(xw_writer *w);
/** The frame whose element receives block children. */
xw_frame *xw_container(xw_writer *w);
/** A frame without an element for n: its parent's flags, less a title
    due and the need of a block. */
xw_frame *xw_transparent(xw_writer *w, const recto_node *n,
                         const xw_scope *scope);

/** Whether f's children are indented. */
int xw_indents(const xw_frame *f);
/** A new line for a child element of f, indented to depth; f's closing
    tag then gets a line of its own too. */
void xw_line(xw_writer *w, xw_frame *f, int depth);
/** Language and direction attributes where they differ from the
    output (w->used_style is set when the direction went to CSS). */
void xw_lang_attrs(xw_writer *w, xw_scope *scope);
/** '<name' with the node's id (n may be NULL), language and direction;
    the caller adds attributes and '>'. */
void xw_start(xw_writer *w, const char *name, const recto_node *n,
              xw_scope *scope);
/** Get the output ready for a block element in the current container:
    a title due, an untitled division when loose blocks follow
    divisions, indentation.  Returns the element's depth.  A global
    element (a note, a milestone) may follow divisions and is not the
    content a container needs. */
int xw_block(xw_writer *w, int division, int global);
/** An anchor with the id of n, which is written without an element of
    its own, where one may stand; nothing when n has no id. */
void xw_anchor_for(xw_writer *w, const recto_node *n);
/** What is still due inside f before it closes: a title, the end of an
    untitled division, a block. */
void xw_close_content(xw_writer *w, xw_frame *f);
/** f's closing tag, on a line of its own when its children had one. */
void xw_close_tag(xw_writer *w, xw_frame *f);
/** Both. */
void xw_close(xw_writer *w, xw_frame *f);

/** A block element of n holding blocks: name, a frame of flags (and the
    parent's NOINDENT) closed by close, its children one level deeper. */
void xw_container_block(xw_writer *w, const recto_node *n, xw_scope *sc,
                        const char *name, const char *close, unsigned flags);
/** A block element of n holding inlines (a paragraph, a line): on a
    line of its own, a frame of inlines closed by close. */
xw_frame *xw_inline_block(xw_writer *w, const recto_node *n, xw_scope *sc,
                          const char *name, const char *close);
/** An inline element of n: '<name' with the format's phrase attribute
    set to value (none when NULL), a frame of inlines closed by close. */
void xw_phrase_enter(xw_writer *w, const recto_node *n, xw_scope *sc,
                     const char *name, const char *value, const char *close);
/** The id of a section's element: its own, else its heading's. */
const char *xw_section_id(xw_writer *w, const recto_node *section);
/** The citation's text in the style's words where it must be
    (xw_cite_styled), its children then skipped. */
void xw_cite_text(xw_writer *w, const recto_node *cite, const xw_mark *marks);

/* xmlrender.c: the walk.  The kinds both formats write alike are
   written here (text, breaks, code, raw content, entries, formatting of
   the phrase table, divisions without an element, titles, what a title
   or caption flattens, lists, tables and bibliographies with nothing to
   hold); the others go to the format's callbacks. */

/** Write node and its subtree in the frame on top of the stack. */
void xw_render(xw_writer *w, recto_node *node);
/** Write the children of container from first (NULL: all) up to, not
    including, stop (NULL: to the end), inside a frame of the given
    flags; returns how many blocks and divisions were written. */
size_t xw_render_children(xw_writer *w, const recto_node *container,
                          recto_node *first, const recto_node *stop,
                          unsigned flags, int depth, const xw_scope *scope);
/** A metadata value as inlines: INLINES walked, others as their text. */
void xw_render_meta_inlines(xw_writer *w, const recto_meta *m,
                            const xw_scope *scope);
/** The walk's ENTER of n (a writer that moves the walk enters the node
    it moves to). */
void xw_render_enter(xw_writer *w, recto_node *n);

#endif
