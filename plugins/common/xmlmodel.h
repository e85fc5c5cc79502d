/*
 * xmlmodel.h: questions about the document model that the XML writers
 * ask alike (which paragraph is only an image, which section is only a
 * bibliography, whether a citation's text is still citation syntax), the
 * text of citations, and the walk that drives a writer.
 */
#ifndef RECTO_COMMON_XMLMODEL_H
#define RECTO_COMMON_XMLMODEL_H

#include "recto/recto.h"

/** Non-NULL and not empty. */
int xw_set(const char *s);
/** Whether type is one of the NULL-terminated types. */
int xw_type_in(const char *type, const char *const *types);
/** "left", "center", "right", or NULL for the default. */
const char *xw_align_name(recto_align a);

/** PARAGRAPH or PLAIN. */
int xw_is_para(const recto_node *n);
/** A paragraph holding one image and nothing else. */
int xw_image_only(const recto_node *para);
int xw_has_child(const recto_node *n, recto_node_type type);
/** Only page breaks follow n among its siblings. */
int xw_only_breaks_follow(const recto_node *n);
/** A section of a heading and one bibliography that has entries and no
    heading of its own (page breaks aside): a references division. */
int xw_is_bib_section(const recto_node *sec);
/** An entry with fields to write one by one (a title, a name, a host)
    rather than only its text. */
int xw_entry_structured(const recto_bib_entry *e);
/** An entry's text, escaped: as the document printed it, else in the
    style's words, else its key. */
void xw_entry_text(recto_buf *out, recto_doc *doc, recto_style style,
                   const recto_bib_entry *e);
/** A table with at least one row outside its caption. */
int xw_table_has_rows(const recto_node *table);

/** Whether the inlines under n are text and phrasing only: no note,
    note reference, page break, image, raw content, citation or math:
    nothing that would be lost if only their text were kept. */
int xw_plain_inlines(const recto_node *n);
/** A writer's tags for one formatting node kind; a writer's table of
    them ends with type RECTO_NODE_NONE. */
typedef struct xw_mark {
  recto_node_type type;
  const char *open, *close;
} xw_mark;

/** Whether a citation's text is citation syntax ("[@doe, p. 3]"), which
    no reader should see, rather than text as printed. */
int xw_cite_is_syntax(const char *text);
/** Append the style's text of cite in place of its children when the
    children are absent or are citation syntax, or when force is set,
    unless the children hold more than text and phrasing (a note, a page
    break: they must not be lost).  Returns 1 when it did (the caller
    then skips the children). */
int xw_cite_styled(recto_doc *doc, recto_style style, int force,
                   const recto_node *cite, recto_buf *out,
                   const xw_mark *marks);

/** The formatting a citation's source puts on its prefixes, suffixes and
    locators ("[see *Hamlet*, act **2**; @k]"), which the style's plain
    text loses, put back: each run of formatted text of the source (a
    formatting node with none inside; the ones around it count too) is
    looked for in the text, as whole words, in order, and wrapped in the
    writer's tags.  A run found is used once; runs that the style
    wrote otherwise ("ch. 2" as "chap. 2"), and those after the 64th, stay
    plain.  put writes plain
    text (escaped); NULL puts XML-escaped text. */
typedef struct xw_cite_marks {
  const recto_node **runs;
  unsigned char *used;
  size_t count;
} xw_cite_marks;
void xw_cite_marks_init(xw_cite_marks *m, const recto_node *cite);
void xw_cite_marks_free(xw_cite_marks *m);
void xw_cite_put_marked(xw_cite_marks *m, recto_buf *out, const char *text,
                        size_t len, const xw_mark *tags,
                        void (*put)(recto_buf *, const char *, size_t, void *),
                        void *user);

/** A leaf block inside a title or caption, which take inlines only: a
    space before it unless it comes first, then code as <code> (the
    same element in DocBook and TEI), a flat table as its text, an entry
    as an <anchor> with its id (citations point to it) and the style's
    text, nothing for the rest (a raw block with a warning). */
void xw_flatten_leaf(recto_buf *out, recto_context *ctx, const char *writer,
                     const recto_node *n, const char *entry_id,
                     recto_doc *doc, recto_style style);
/** A raw node of this class has what it holds read into the document
    beside it (the Markdown reader does so with raw HTML): it is left out
    in silence. */
#define XW_RAW_READ "raw-html-read"
/** Warn that a raw block or inline of another format was left out
    (code "<writer>.raw-skipped"), unless it is of class XW_RAW_READ. */
void xw_raw_skipped(recto_context *ctx, const char *writer,
                    const recto_node *n);

/** The callbacks of a writer's walk. */
typedef struct xw_walker {
  void (*enter)(void *user, recto_node *n); /* a node with children */
  void (*leaf)(void *user, recto_node *n);
  void (*exit)(void *user, recto_node *n);
  void *user;
  recto_iter *iter; /* the walk in progress (skip, reset) */
} xw_walker;

/** Walk node's subtree with recto_iter, calling enter/leaf/exit; the
    iterator in progress is in wk->iter (restored afterwards, so walks
    may nest). */
void xw_walk(xw_walker *wk, recto_node *node);

#endif
