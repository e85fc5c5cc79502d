/* body.c: the document tree as TEI P5 text.
 *
 * The walk, and the kinds both writers write alike, are the skeleton
 * shared with the DocBook writer (xmlbody.h); here are TEI's elements
 * and the kinds TEI writes its own way.  What TEI asks for:
 *
 *   - sections are <div>s with a <head>; a div may not be followed by
 *     loose blocks, which then go into <div type="untitled">;
 *   - notes, page breaks, running heads (<fw>) and anchors are "global":
 *     they may stand anywhere, even between divs;
 *   - notes, list items, cells and quotations take phrases directly, so
 *     a single paragraph inside them is written without <p>; these
 *     elements have mixed content and are never indented inside;
 *   - TEI has no direction attribute: a direction that differs from the
 *     parent's is written as CSS (style="direction: rtl").
 *
 * Page breaks: <pb n="75" type="page-number"/> (type: how the break was
 * found), with the running header removed after it kept in
 * <fw type="header"> and the footer removed before it in
 * <fw type="footer">. */
#include <stdlib.h>
#include <string.h>

#include "tei.h"

/* Frame states. */
enum {
  S_CITE = 1,
  S_MEDIA,      /* a paragraph written as a bare <graphic> */
  S_BIBSEC,     /* a section written as <div type="references"> */
  S_LISTBIBL,   /* a bibliography: the listBibl is open */
  S_DIVWRAP     /* a bibliography in <div type="references"><listBibl> */
};

/* Definition item states. */
enum { D_LABEL_OPEN = 1, D_LABEL_DONE = 2, D_ITEM_OPEN = 4 };

/* Loose blocks after divs go into an untitled div. */
static const char *S_untitled(const xw_frame *c, const char **close) {
  if (!c->divisions)
    return NULL;
  *close = "</div>";
  return "<div type=\"untitled\">";
}

static void S_close(tei_writer *w, tei_frame *f) {
  xw_close_content(w, f);
  if (f->state == S_LISTBIBL || f->state == S_DIVWRAP) {
    int indents = xw_indents(f) && (f->flags & XW_BLOCK);
    if (indents)
      xw_indent(w->out, f->depth - 1);
    recto_buf_puts(w->out, "</listBibl>");
    if (f->state == S_DIVWRAP) {
      if (indents)
        xw_indent(w->out, f->depth - 2);
      recto_buf_puts(w->out, "</div>");
    }
    return;
  }
  xw_close_tag(w, f);
}

/* A container (note, item, cell, quote) whose one child is a plain
   paragraph takes that paragraph's phrases directly. */
static int S_phrase_only(const recto_node *n) {
  const recto_node *c = recto_node_first_child(n);
  return c && !recto_node_next(c) && xw_is_para(c) && !recto_node_id(c) &&
         !recto_node_lang(c) && recto_node_dir(c) == RECTO_DIR_UNSET &&
         !xw_image_only(c);
}

static unsigned S_mixed_flags(const recto_node *n) {
  return S_phrase_only(n) ? XW_INLINE | XW_NOINDENT : XW_BLOCK | XW_NOINDENT;
}

/* ---- page breaks and ids ---- */

static void S_pagebreak(tei_writer *w, const recto_node *n, xw_scope *sc) {
  (void)sc;
  recto_buf *out = w->out;
  tei_frame *p = xw_top(w);
  if (!(p->flags & (XW_INLINE | XW_FLATTEN)))
    xw_block(w, 0, 1);
  const char *footer = recto_page_footer(n);
  const char *header = recto_page_header(n);
  if (footer && *footer) {
    recto_buf_puts(out, "<fw type=\"footer\">");
    xw_text(out, footer);
    recto_buf_puts(out, "</fw>");
  }
  recto_buf_puts(out, "<pb");
  xw_attr(out, "n", recto_page_label(n));
  recto_page_source src = recto_page_source_of(n);
  if (src != RECTO_PAGE_SOURCE_UNKNOWN)
    xw_attr(out, "type", recto_page_source_name(src));
  xw_attr(out, "xml:id", xw_refs_id(&w->refs, n));
  recto_buf_puts(out, "/>");
  if (header && *header) {
    recto_buf_puts(out, "<fw type=\"header\">");
    xw_text(out, header);
    recto_buf_puts(out, "</fw>");
  }
}

/* ---- citations ---- */

/* Formatting put back into a citation's styled text (xw_cite_styled):
   the rend values the inline walk writes for the same kinds. */
static const xw_mark S_cite_marks[] = {
    {RECTO_NODE_EMPH, "<hi rend=\"italic\">", "</hi>"},
    {RECTO_NODE_STRONG, "<hi rend=\"bold\">", "</hi>"},
    {RECTO_NODE_STRIKEOUT, "<hi rend=\"strikethrough\">", "</hi>"},
    {RECTO_NODE_UNDERLINE, "<hi rend=\"underline\">", "</hi>"},
    {RECTO_NODE_SMALLCAPS, "<hi rend=\"small-caps\">", "</hi>"},
    {RECTO_NODE_SUPERSCRIPT, "<hi rend=\"superscript\">", "</hi>"},
    {RECTO_NODE_SUBSCRIPT, "<hi rend=\"subscript\">", "</hi>"},
    {RECTO_NODE_NONE, NULL, NULL}};

static void S_cite(tei_writer *w, const recto_node *n, xw_scope *sc) {
  recto_buf *out = w->out;
  recto_buf targets = RECTO_BUF_INIT;
  size_t count = recto_cite_count(n);
  for (size_t k = 0; k < count; k++) {
    const recto_cite_item *it = recto_cite_item_at(n, k);
    recto_bib_entry *e = it->entry;
    if (!e && it->key)
      e = recto_doc_find_entry(w->doc, it->key);
    const char *id = e ? xw_refs_id(&w->refs, e) : NULL;
    if (!id)
      continue;
    if (targets.len)
      recto_buf_putc(&targets, ' ');
    recto_buf_printf(&targets, "#%s", id);
  }
  xw_start(w, "ref", n, sc);
  recto_buf_puts(out, " type=\"bibr\"");
  xw_attr(out, "target", targets.data);
  recto_buf_putc(out, '>');
  recto_buf_free(&targets);
  tei_frame *f =
      xw_push(w, n, XW_INLINE | XW_NOINDENT, "</ref>", xw_top(w)->depth, sc);
  f->state = S_CITE;
  xw_cite_text(w, n, S_cite_marks);
}

/* ---- blocks ---- */

/* A heading that is not its container's <head> (xmlrender.c). */
static void S_heading(tei_writer *w, const recto_node *n, xw_scope *sc) {
  tei_frame *c = xw_container(w);
  recto_buf *out = w->out;
  if (c->flags & XW_BIBLIO) { /* a second heading among the entries */
    int depth = xw_block(w, 0, 1);
    xw_start(w, "bibl", n, sc);
    recto_buf_puts(out, " type=\"heading\">");
    xw_push(w, n, XW_INLINE | XW_NOINDENT, "</bibl>", depth, sc);
    return;
  }
  int depth = xw_block(w, 0, 0);
  xw_start(w, "ab", n, sc);
  recto_buf_puts(out, " type=\"heading\"");
  xw_attr_int(out, "n", recto_node_level(n));
  recto_buf_putc(out, '>');
  xw_push(w, n, XW_INLINE | XW_NOINDENT, "</ab>", depth, sc);
}

static void S_section(tei_writer *w, const recto_node *n, xw_scope *sc) {
  tei_frame *c = xw_container(w);
  int depth = xw_block(w, 1, 0);
  const char *id = xw_section_id(w, n);
  int bib = xw_is_bib_section(n);
  recto_buf_puts(w->out, "<div");
  xw_attr(w->out, "xml:id", id);
  xw_lang_attrs(w, sc);
  if (bib)
    recto_buf_puts(w->out, " type=\"references\"");
  else if (c->flags & TEI_BACK)
    recto_buf_puts(w->out, " type=\"appendix\"");
  recto_buf_putc(w->out, '>');
  tei_frame *f =
      xw_push(w, n, XW_BLOCK | XW_DIVISION | XW_TITLE, "</div>", depth + 1, sc);
  if (bib)
    f->state = S_BIBSEC;
}

static void S_bibliography(tei_writer *w, const recto_node *n, xw_scope *sc) {
  recto_buf *out = w->out;
  tei_frame *c = xw_container(w);
  tei_frame *p = xw_top(w);
  int wrap = (c->flags & XW_DIVISION) && c->state != S_BIBSEC;
  int depth = xw_block(w, wrap, 0);
  if (wrap) {
    xw_start(w, "div", n, sc);
    recto_buf_puts(out, " type=\"references\">");
    depth++;
    xw_line(w, c, depth);
    recto_buf_puts(out, "<listBibl>");
  } else {
    xw_start(w, "listBibl", n, sc);
    recto_buf_putc(out, '>');
  }
  const recto_node *first = recto_node_first_child(n);
  while (first && recto_node_type_of(first) == RECTO_NODE_PAGE_BREAK)
    first = recto_node_next(first);
  unsigned flags = XW_BLOCK | XW_BIBLIO | (p->flags & XW_NOINDENT);
  if (first && recto_node_type_of(first) == RECTO_NODE_HEADING)
    flags |= XW_TITLE;
  tei_frame *f = xw_push(w, n, flags, NULL, depth + 1, sc);
  f->state = wrap ? S_DIVWRAP : S_LISTBIBL;
}

/* A note whose reference was lost: kept where it stands, typed. */
static void S_orphan_note(tei_writer *w, const recto_node *n, xw_scope *sc) {
  xw_block(w, 0, 1);
  xw_start(w, "note", n, sc);
  recto_buf_puts(w->out, " type=\"orphan\"");
  xw_attr(w->out, "n",
          recto_node_type_of(n) == RECTO_NODE_NOTE_DEF
              ? recto_node_marker(n)
              : recto_node_attr(n, "marker"));
  recto_buf_putc(w->out, '>');
  xw_push(w, n, S_mixed_flags(n), "</note>", xw_top(w)->depth, sc);
}

static void S_list(tei_writer *w, const recto_node *n, xw_scope *sc) {
  recto_buf *out = w->out;
  int depth = xw_block(w, 0, 0);
  int ordered = recto_list_kind_of(n) == RECTO_LIST_ORDERED;
  xw_start(w, "list", n, sc);
  xw_attr(out, "type", ordered ? "ordered" : "bulleted");
  if (ordered) {
    static const char *const rend[] = {
        NULL,          "decimal",     "lower-alpha",  "upper-alpha",
        "lower-roman", "upper-roman", "arabic-indic", "persian",
        "example"};
    recto_list_style st = recto_list_style_of(n);
    if ((unsigned)st < sizeof rend / sizeof rend[0])
      xw_attr(out, "rend", rend[st]);
  }
  recto_buf_putc(out, '>');
  xw_push(w, n, XW_BLOCK | (xw_top(w)->flags & XW_NOINDENT), "</list>",
          depth + 1, sc);
}

static void S_item(tei_writer *w, const recto_node *n, xw_scope *sc) {
  const recto_node *list = recto_node_parent(n);
  int depth = xw_block(w, 0, 0);
  xw_start(w, "item", n, sc);
  tei_frame *lf = xw_container(w);
  if (list && recto_list_kind_of(list) == RECTO_LIST_ORDERED)
    xw_attr_int(w->out, "n", recto_list_start(list) + (long)lf->count);
  lf->count++;
  recto_buf_putc(w->out, '>');
  xw_push(w, n, S_mixed_flags(n), "</item>", depth + 1, sc);
}

static void S_term(tei_writer *w, const recto_node *n, xw_scope *sc) {
  tei_frame *item = xw_top(w);
  recto_buf *out = w->out;
  if (item->state & D_LABEL_OPEN) {
    recto_buf_puts(out, "<lb/>"); /* several terms share one label */
  } else if (!(item->state & (D_LABEL_DONE | D_ITEM_OPEN))) {
    xw_block(w, 0, 0);
    recto_buf_puts(out, "<label>");
    item->state |= D_LABEL_OPEN;
  }
  xw_push(w, n, XW_INLINE | XW_NOINDENT, NULL, item->depth, sc);
}

static void S_def(tei_writer *w, const recto_node *n, xw_scope *sc) {
  tei_frame *item = xw_top(w);
  recto_buf *out = w->out;
  if (item->state & D_LABEL_OPEN) {
    recto_buf_puts(out, "</label>");
    item->state = (item->state & ~D_LABEL_OPEN) | D_LABEL_DONE;
  } else if (!(item->state & D_LABEL_DONE)) {
    xw_block(w, 0, 0);
    recto_buf_puts(out, "<label/>");
    item->state |= D_LABEL_DONE;
  }
  if (!(item->state & D_ITEM_OPEN)) {
    xw_block(w, 0, 0);
    recto_buf_puts(out, "<item>");
    item->state |= D_ITEM_OPEN;
  }
  /* Definitions share the one item; phrases only when there is one
     definition of one paragraph. */
  int alone = !recto_node_prev(n) || recto_node_type_of(recto_node_prev(n)) !=
                                         RECTO_NODE_DEF;
  alone = alone && (!recto_node_next(n) ||
                    recto_node_type_of(recto_node_next(n)) != RECTO_NODE_DEF);
  xw_push(w, n, alone ? S_mixed_flags(n) : XW_BLOCK | XW_NOINDENT, NULL,
          item->depth, sc);
}

static void S_def_item_exit(tei_writer *w, tei_frame *f) {
  recto_buf *out = w->out;
  if (f->state & D_LABEL_OPEN)
    recto_buf_puts(out, "</label>");
  else if (!(f->state & D_LABEL_DONE)) {
    xw_block(w, 0, 0);
    recto_buf_puts(out, "<label/>");
  }
  if (f->state & D_ITEM_OPEN) {
    recto_buf_puts(out, "</item>");
  } else {
    xw_block(w, 0, 0);
    recto_buf_puts(out, "<item/>");
  }
}

/* ---- tables ---- */

static void S_table(tei_writer *w, const recto_node *n, xw_scope *sc) {
  int depth = xw_block(w, 0, 0);
  xw_start(w, "table", n, sc);
  size_t cols = recto_table_columns(n);
  if (cols)
    xw_attr_int(w->out, "cols", (long)cols);
  recto_buf_putc(w->out, '>');
  xw_push(w, n, XW_BLOCK | XW_TITLE | (xw_top(w)->flags & XW_NOINDENT),
          "</table>", depth + 1, sc);
}

static void S_row(tei_writer *w, const recto_node *n, xw_scope *sc) {
  tei_frame *part = xw_top(w);
  int depth = xw_block(w, 0, 0);
  xw_start(w, "row", n, sc);
  if (part->flags & TEI_HEADROWS)
    recto_buf_puts(w->out, " role=\"label\"");
  else if (part->flags & TEI_FOOTROWS)
    recto_buf_puts(w->out, " rend=\"foot\"");
  recto_buf_putc(w->out, '>');
  int empty = !recto_node_first_child(n);
  xw_push(w, n, XW_BLOCK | (part->flags & XW_NOINDENT),
          empty ? "<cell/></row>" : "</row>", depth + 1, sc);
}

static void S_cell(tei_writer *w, const recto_node *n, xw_scope *sc) {
  tei_frame *row = xw_top(w);
  size_t col = row->count; /* the column this cell starts in */
  row->count += (size_t)recto_cell_colspan(n);
  int depth = xw_block(w, 0, 0);
  xw_start(w, "cell", n, sc);
  if (recto_cell_rowspan(n) > 1)
    xw_attr_int(w->out, "rows", recto_cell_rowspan(n));
  if (recto_cell_colspan(n) > 1)
    xw_attr_int(w->out, "cols", recto_cell_colspan(n));
  recto_align a = recto_cell_align(n);
  if (a == RECTO_ALIGN_DEFAULT) {
    /* the column's alignment, when the table gives one (row spans
       from above are not counted: an approximation) */
    const recto_node *rn = recto_node_parent(n);
    const recto_node *part = rn ? recto_node_parent(rn) : NULL;
    const recto_node *table = part ? recto_node_parent(part) : NULL;
    if (table && col < recto_table_columns(table))
      a = recto_table_column_align(table, col);
  }
  xw_attr(w->out, "rend", xw_align_name(a));
  recto_buf_putc(w->out, '>');
  xw_push(w, n, S_mixed_flags(n), "</cell>", depth + 1, sc);
}

/* ---- inlines ---- */

/* An image: <graphic url> with its alternative text in <desc>, which
   takes plain phrases only; alternative text holding more (a note, a
   page break) follows the graphic instead, so that nothing is lost.  An
   image without a URL is a <gap> (graphic/@url may not be empty). */
static void S_graphic(tei_writer *w, const recto_node *n, xw_scope *sc) {
  recto_buf *out = w->out;
  const char *url = recto_node_url(n);
  int has_url = url && *url;
  int alt = recto_node_first_child(n) != NULL;
  int plain = alt && xw_plain_inlines(n);
  xw_start(w, has_url ? "graphic" : "gap", n, sc);
  if (has_url)
    xw_attr(out, "url", url);
  else
    recto_buf_puts(out, " reason=\"image-without-source\"");
  if (plain) {
    recto_buf_puts(out, "><desc>");
    xw_text(out, recto_node_plain_text(n));
    recto_buf_puts(out, has_url ? "</desc></graphic>" : "</desc></gap>");
    recto_iter_skip_children(w->walker.iter);
  } else {
    recto_buf_puts(out, "/>");
  }
  xw_push(w, n, XW_INLINE | XW_NOINDENT, NULL, xw_top(w)->depth, sc);
}

static void S_link(tei_writer *w, const recto_node *n, xw_scope *sc) {
  const char *url = recto_node_url(n) ? recto_node_url(n) : "";
  xw_start(w, "ref", n, sc);
  if (*url) /* @target may not be empty */
    xw_attr(w->out, "target", url);
  recto_buf_putc(w->out, '>');
  if (!recto_node_first_child(n))
    xw_text(w->out, url);
  xw_push(w, n, XW_INLINE | XW_NOINDENT, "</ref>", xw_top(w)->depth, sc);
}

static void S_span(tei_writer *w, const recto_node *n, xw_scope *sc) {
  const char *classes = recto_node_classes(n);
  int has_id = xw_refs_id(&w->refs, n) != NULL;
  if (!has_id && !*classes && !xw_scope_differs(sc)) {
    xw_transparent(w, n, sc);
    return;
  }
  if (!has_id && !*classes && !xw_scope_dir_differs(sc) &&
      recto_node_lang(n)) {
    xw_phrase_enter(w, n, sc, "foreign", NULL, "</foreign>");
    return;
  }
  xw_phrase_enter(w, n, sc, "seg", *classes ? classes : NULL, "</seg>");
}

static void S_note(tei_writer *w, const recto_node *n, xw_scope *sc) {
  xw_start(w, "note", n, sc);
  recto_buf_puts(w->out, " place=\"foot\"");
  xw_attr(w->out, "n", recto_node_marker(n));
  recto_buf_putc(w->out, '>');
  xw_push(w, n, S_mixed_flags(n), "</note>", xw_top(w)->depth, sc);
}

/* A reviewer's comment: a note of its own type, who and when first. */
static void S_annotation(tei_writer *w, const recto_node *n, xw_scope *sc) {
  xw_start(w, "note", n, sc);
  recto_buf_puts(w->out, " type=\"comment\">");
  const char *author = recto_node_attr(n, "author");
  const char *date = recto_node_attr(n, "date");
  if (author)
    xw_element(w->out, "persName", author);
  if (date)
    xw_element(w->out, "date", date);
  xw_push(w, n, S_mixed_flags(n), "</note>", xw_top(w)->depth, sc);
}

/* ---- other blocks ---- */

static void S_para(tei_writer *w, const recto_node *n, xw_scope *sc) {
  tei_frame *p = xw_top(w);
  if ((p->flags & XW_INLINE) && p->node == recto_node_parent(n)) {
    xw_transparent(w, n, sc); /* the one paragraph of a note, item... */
  } else if (xw_image_only(n) && p->node &&
             recto_node_type_of(p->node) == RECTO_NODE_FIGURE) {
    xw_block(w, 0, 0);
    tei_frame *f = xw_push(w, n, XW_INLINE | XW_NOINDENT, NULL, p->depth, sc);
    f->state = S_MEDIA;
  } else {
    xw_inline_block(w, n, sc, "p", "</p>");
  }
}

static void S_line_block(tei_writer *w, const recto_node *n, xw_scope *sc) {
  xw_container_block(w, n, sc, "lg", "</lg>", XW_BLOCK);
}

static void S_line(tei_writer *w, const recto_node *n, xw_scope *sc) {
  xw_inline_block(w, n, sc, "l", "</l>");
}

static void S_quote(tei_writer *w, const recto_node *n, xw_scope *sc) {
  xw_container_block(w, n, sc, "quote", "</quote>", S_mixed_flags(n));
}

static void S_def_list(tei_writer *w, const recto_node *n, xw_scope *sc) {
  int depth = xw_block(w, 0, 0);
  xw_start(w, "list", n, sc);
  recto_buf_puts(w->out, " type=\"gloss\">");
  xw_push(w, n, XW_BLOCK | (xw_top(w)->flags & XW_NOINDENT), "</list>",
          depth + 1, sc);
}

static void S_def_item(tei_writer *w, const recto_node *n, xw_scope *sc) {
  tei_frame *f = xw_transparent(w, n, sc);
  f->flags |= XW_BLOCK;
}

static void S_table_part(tei_writer *w, const recto_node *n, xw_scope *sc) {
  recto_node_type t = recto_node_type_of(n);
  tei_frame *f = xw_transparent(w, n, sc);
  f->flags &= ~(TEI_HEADROWS | TEI_FOOTROWS);
  if (t == RECTO_NODE_TABLE_HEAD)
    f->flags |= TEI_HEADROWS;
  else if (t == RECTO_NODE_TABLE_FOOT)
    f->flags |= TEI_FOOTROWS;
}

static void S_caption(tei_writer *w, const recto_node *n, xw_scope *sc) {
  tei_frame *c = xw_container(w);
  recto_node *parent = recto_node_parent(n);
  recto_node_type pt = parent ? recto_node_type_of(parent) : 0;
  if ((pt == RECTO_NODE_TABLE || pt == RECTO_NODE_FIGURE) &&
      c->node == parent && (c->flags & XW_TITLE)) {
    c->flags &= ~XW_TITLE;
    xw_line(w, c, c->depth);
    xw_start(w, "head", n, sc);
    recto_buf_putc(w->out, '>');
    xw_push(w, n, XW_INLINE | XW_FLATTEN | XW_NOINDENT, "</head>", c->depth,
            sc);
  } else {
    xw_transparent(w, n, sc);
  }
}

/* A figure is "global" in TEI: it may follow divs, and it is not the
   content a body or div requires. */
static void S_figure(tei_writer *w, const recto_node *n, xw_scope *sc) {
  tei_frame *p = xw_top(w);
  int depth = xw_block(w, 0, 1);
  xw_start(w, "figure", n, sc);
  recto_buf_putc(w->out, '>');
  /* its <head> is the caption; a heading inside stays a heading */
  const recto_node *first = recto_node_first_child(n);
  unsigned title =
      first && recto_node_type_of(first) == RECTO_NODE_CAPTION ? XW_TITLE : 0;
  xw_push(w, n, XW_BLOCK | title | (p->flags & XW_NOINDENT), "</figure>",
          depth + 1, sc);
}

/* ---- leaves ---- */

static void S_line_break(tei_writer *w, const recto_node *n, xw_scope *sc) {
  (void)n;
  (void)sc;
  recto_buf_puts(w->out, "<lb/>");
}

static void S_math(tei_writer *w, const recto_node *n, xw_scope *sc) {
  recto_buf *out = w->out;
  xw_start(w, "formula", n, sc);
  recto_buf_puts(out, " notation=\"TeX\"");
  if (recto_node_math_display(n))
    recto_buf_puts(out, " rend=\"display\"");
  recto_buf_putc(out, '>');
  recto_buf_put_xml(out, recto_node_text(n), recto_node_text_len(n));
  recto_buf_puts(out, "</formula>");
}

/* A second reference to a note already written. */
static void S_note_ref(tei_writer *w, const recto_node *n, xw_scope *sc) {
  (void)sc;
  recto_buf *out = w->out;
  const char *marker = recto_node_marker(n);
  const char *target = xw_refs_note(&w->refs, marker);
  recto_buf_puts(out, "<ref type=\"note\"");
  if (target)
    recto_buf_printf(out, " target=\"#%s\"", target);
  recto_buf_putc(out, '>');
  xw_text(out, marker);
  recto_buf_puts(out, "</ref>");
}

static void S_thematic_break(tei_writer *w, const recto_node *n,
                             xw_scope *sc) {
  (void)n;
  (void)sc;
  xw_block(w, 0, 1);
  recto_buf_puts(w->out,
                 "<milestone unit=\"section\" rend=\"thematic-break\"/>");
}

static void S_code_block(tei_writer *w, const recto_node *n, xw_scope *sc) {
  recto_buf *out = w->out;
  xw_block(w, 0, 0);
  xw_start(w, "eg", n, sc);
  recto_buf_puts(out, " xml:space=\"preserve\">");
  const char *info = recto_node_info(n);
  size_t lang = info ? strcspn(info, " \t{") : 0;
  if (lang) {
    recto_buf_puts(out, "<code lang=\"");
    recto_buf_put_xml(out, info, lang);
    recto_buf_puts(out, "\">");
  }
  size_t len = recto_node_text_len(n);
  const char *s = recto_node_text(n);
  if (len && s[len - 1] == '\n')
    len--;
  recto_buf_put_xml(out, s, len);
  recto_buf_puts(out, lang ? "</code></eg>" : "</eg>");
}

static void S_table_flat(tei_writer *w, const recto_node *n, xw_scope *sc) {
  recto_buf *out = w->out;
  xw_block(w, 0, 0);
  xw_start(w, "ab", n, sc);
  recto_buf_puts(out, " type=\"table\" subtype=\"flat\" "
                      "xml:space=\"preserve\">");
  recto_buf_put_xml(out, recto_node_text(n), recto_node_text_len(n));
  recto_buf_puts(out, "</ab>");
}

/* ---- the walk ---- */

static void S_exit(tei_writer *w, recto_node *n) {
  tei_frame *f = xw_top(w);
  if (recto_node_type_of(n) == RECTO_NODE_DEF_ITEM &&
      !(f->flags & XW_FLATTEN)) /* flattened in a head: nothing to close */
    S_def_item_exit(w, f);
  S_close(w, f);
  xw_pop(w);
}

static const xw_phrase S_phrases[] = {
    {RECTO_NODE_EMPH, "hi", "italic", "</hi>"},
    {RECTO_NODE_STRONG, "hi", "bold", "</hi>"},
    {RECTO_NODE_STRIKEOUT, "hi", "strikethrough", "</hi>"},
    {RECTO_NODE_UNDERLINE, "hi", "underline", "</hi>"},
    {RECTO_NODE_SMALLCAPS, "hi", "small-caps", "</hi>"},
    {RECTO_NODE_SUPERSCRIPT, "hi", "superscript", "</hi>"},
    {RECTO_NODE_SUBSCRIPT, "hi", "subscript", "</hi>"},
    {RECTO_NODE_QUOTED, "q", "single", "</q>"},
    {RECTO_NODE_NONE, NULL, NULL, NULL}};

static const char *const S_raw_names[] = {"tei", NULL};

/* A head is never due; notes, milestones and anchors are global. */
const xw_format tei_format = {
    .name = "tei", .raw_names = S_raw_names, .dir = XW_DIR_STYLE,
    .empty_block = "<p/>", .untitled = S_untitled,
    .title = "head", .title_close = "</head>",
    .phrase_attr = "rend", .phrases = S_phrases,
    .lang_phrase = "foreign", .dir_phrase = "seg",
    .exit = S_exit, .orphan_note = S_orphan_note, .entry = tei_entry,
    .kinds =
        {
            /* blocks */
            [RECTO_NODE_PARAGRAPH] = S_para, [RECTO_NODE_PLAIN] = S_para,
            [RECTO_NODE_LINE_BLOCK] = S_line_block, [RECTO_NODE_LINE] = S_line,
            [RECTO_NODE_BLOCK_QUOTE] = S_quote, [RECTO_NODE_FIGURE] = S_figure,
            [RECTO_NODE_CAPTION] = S_caption,
            /* lists */
            [RECTO_NODE_LIST] = S_list, [RECTO_NODE_ITEM] = S_item,
            [RECTO_NODE_DEF_LIST] = S_def_list,
            [RECTO_NODE_DEF_ITEM] = S_def_item, [RECTO_NODE_TERM] = S_term,
            [RECTO_NODE_DEF] = S_def,
            /* divisions */
            [RECTO_NODE_SECTION] = S_section, [RECTO_NODE_HEADING] = S_heading,
            [RECTO_NODE_BIBLIOGRAPHY] = S_bibliography,
            /* tables */
            [RECTO_NODE_TABLE] = S_table,
            [RECTO_NODE_TABLE_HEAD] = S_table_part,
            [RECTO_NODE_TABLE_BODY] = S_table_part,
            [RECTO_NODE_TABLE_FOOT] = S_table_part, [RECTO_NODE_ROW] = S_row,
            [RECTO_NODE_CELL] = S_cell,
            /* inlines */
            [RECTO_NODE_LINK] = S_link, [RECTO_NODE_IMAGE] = S_graphic,
            [RECTO_NODE_NOTE] = S_note, [RECTO_NODE_ANNOTATION] = S_annotation,
            [RECTO_NODE_CITE] = S_cite, [RECTO_NODE_SPAN] = S_span,
            /* leaves */
            [RECTO_NODE_LINE_BREAK] = S_line_break, [RECTO_NODE_MATH] = S_math,
            [RECTO_NODE_NOTE_REF] = S_note_ref,
            [RECTO_NODE_PAGE_BREAK] = S_pagebreak,
            [RECTO_NODE_THEMATIC_BREAK] = S_thematic_break,
            [RECTO_NODE_CODE_BLOCK] = S_code_block,
            [RECTO_NODE_TABLE_FLAT] = S_table_flat,
        },
};
