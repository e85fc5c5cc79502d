/* body.c: the document tree as DocBook 5 blocks and inlines.
 *
 * The walk, and the kinds both writers write alike, are the skeleton
 * shared with the TEI writer (xmlbody.h); here are DocBook's elements
 * and the kinds DocBook writes its own way.  A frame records what its
 * element may hold (blocks, inlines, sections) so that every element
 * lands where the schema allows it:
 *
 *   - DocBook has no generic block container: DIVs (and sections that
 *     are not at a division level) are transparent, their children are
 *     written in the parent element and carry xml:lang/dir themselves;
 *   - a section may not be followed by loose blocks: such blocks go into
 *     an untitled section (role="untitled");
 *   - titles and captions take inlines only: the blocks inside them are
 *     flattened into their inline content.
 *
 * Page breaks.  DocBook 5.0 (and 5.1, 5.2) has no page-break element.
 * Each break is written as a processing instruction carrying everything
 * the model knows, which is allowed anywhere and ignored by renderers:
 *     <?recto-pagebreak n="75" source="page-number" header="…"?>
 * and, where the schema allows an anchor (inside paragraphs and among
 * ordinary blocks), it is followed by a linkable anchor:
 *     <anchor xml:id="page-75" role="pagebreak" xreflabel="75"/>
 * Between sections, at book level and between bibliography entries only
 * the instruction is written. */
#include <stdlib.h>
#include <string.h>

#include "docbook.h"

/* Table frame states. */
enum {
  T_HAS_BODY = 1,      /* a body with rows: head and foot may be named */
  T_STARTED = 2,       /* a part was written: no thead any more */
  T_BODY_WRITTEN = 4,  /* a tbody was written: no tfoot any more */
  T_TFOOT_WRITTEN = 8,
  T_JUMP_PENDING = 16, /* aux, a foot after the bodies, goes before them */
  T_JUMP_ACTIVE = 32,
  T_JUMP_DONE = 64
};

/* Definition item states. */
enum { D_TERM = 1, D_LISTITEM = 2 };

/* Other frame states. */
enum { S_MEDIA = 1, S_CITE = 2, S_BIBSEC = 3 };

/* Loose blocks after sections go into an untitled section; at book
   level into an untitled preface, or chapter after chapters. */
static const char *S_untitled(const xw_frame *c, const char **close) {
  if (!(c->flags & DBK_BOOK)) {
    if (!c->divisions)
      return NULL;
    *close = "</section>";
    return "<section role=\"untitled\"><title/>";
  }
  if (c->divisions) {
    *close = "</chapter>";
    return "<chapter role=\"untitled\"><title/>";
  }
  *close = "</preface>";
  return "<preface role=\"untitled\"><title/>";
}

/* Where an anchor may not stand: among bibliography entries, before a
   title, at book level and after sections. */
static int S_bars_anchor(const xw_frame *c) {
  return (c->flags & (XW_BIBLIO | XW_TITLE)) ||
         ((c->flags & DBK_BOOK) && !c->cont) ||
         ((c->flags & XW_DIVISION) && c->divisions && !c->cont);
}

/* ---- page breaks ---- */

static void S_pagebreak_pi(recto_buf *out, const recto_node *n) {
  xw_pi_start(out, "recto-pagebreak");
  xw_pi_attr(out, "n", recto_page_label(n));
  recto_page_source src = recto_page_source_of(n);
  if (src != RECTO_PAGE_SOURCE_UNKNOWN)
    xw_pi_attr(out, "source", recto_page_source_name(src));
  xw_pi_attr(out, "header", recto_page_header(n));
  xw_pi_attr(out, "footer", recto_page_footer(n));
  xw_pi_end(out);
}

static void S_pagebreak(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  (void)sc;
  recto_buf *out = w->out;
  dbk_frame *p = xw_top(w);
  dbk_frame *c = xw_container(w);
  int inline_ctx = (p->flags & (XW_INLINE | XW_FLATTEN)) != 0;
  int anchor = inline_ctx || !S_bars_anchor(c);
  if (anchor && !inline_ctx)
    xw_block(w, 0, 0);
  else if (!inline_ctx)
    xw_line(w, c, c->depth + (c->cont ? 1 : 0));
  S_pagebreak_pi(out, n);
  if (anchor) {
    recto_buf_puts(out, "<anchor");
    xw_attr(out, "xml:id", xw_refs_id(&w->refs, n));
    recto_buf_puts(out, " role=\"pagebreak\"");
    xw_attr(out, "xreflabel", recto_page_label(n));
    recto_buf_puts(out, "/>");
  }
}

/* ---- citations ---- */

/* Formatting put back into a citation's styled text (xw_cite_styled):
   the elements the inline walk writes for the same kinds. */
static const xw_mark S_cite_marks[] = {
    {RECTO_NODE_EMPH, "<emphasis>", "</emphasis>"},
    {RECTO_NODE_STRONG, "<emphasis role=\"bold\">", "</emphasis>"},
    {RECTO_NODE_STRIKEOUT, "<emphasis role=\"strikethrough\">",
     "</emphasis>"},
    {RECTO_NODE_UNDERLINE, "<emphasis role=\"underline\">", "</emphasis>"},
    {RECTO_NODE_SMALLCAPS, "<emphasis role=\"smallcaps\">", "</emphasis>"},
    {RECTO_NODE_SUPERSCRIPT, "<superscript>", "</superscript>"},
    {RECTO_NODE_SUBSCRIPT, "<subscript>", "</subscript>"},
    {RECTO_NODE_NONE, NULL, NULL}};

static void S_cite_enter(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  recto_buf *out = w->out;
  xw_start(w, "citation", n, sc);
  recto_buf_putc(out, '>');
  dbk_frame *f = xw_push(w, n, XW_INLINE | XW_NOINDENT, "</citation>",
                         xw_top(w)->depth, sc);
  f->state = S_CITE;
  xw_cite_text(w, n, S_cite_marks);
}

static void S_cite_exit(dbk_writer *w, const recto_node *n) {
  size_t count = recto_cite_count(n);
  for (size_t k = 0; k < count; k++) {
    const recto_cite_item *it = recto_cite_item_at(n, k);
    const char *target = xw_refs_item(&w->refs, w->doc, it);
    if (!target)
      continue;
    recto_buf_puts(w->out, "<biblioref");
    xw_attr(w->out, "linkend", target);
    if (it->locator && *it->locator) {
      xw_attr(w->out, "units", it->label && *it->label ? it->label : "page");
      xw_attr(w->out, "begin", it->locator);
    }
    recto_buf_puts(w->out, "/>");
  }
}

/* ---- tables ---- */

static void S_table_cols(dbk_writer *w, const recto_node *table,
                         dbk_frame *f) {
  size_t cols = recto_table_columns(table);
  int any = 0;
  for (size_t k = 0; k < cols; k++)
    any |= recto_table_column_align(table, k) != RECTO_ALIGN_DEFAULT ||
           recto_table_column_width(table, k) > 0;
  if (!any)
    return;
  for (size_t k = 0; k < cols; k++) {
    xw_line(w, f, f->depth);
    recto_buf_puts(w->out, "<col");
    xw_attr(w->out, "align", xw_align_name(recto_table_column_align(table, k)));
    double width = recto_table_column_width(table, k);
    if (width > 0)
      recto_buf_printf(w->out, " width=\"%d%%\"", (int)(width * 100 + 0.5));
    recto_buf_puts(w->out, "/>");
  }
}

static void S_table_enter(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  const recto_node *first = recto_node_first_child(n);
  int captioned = first && recto_node_type_of(first) == RECTO_NODE_CAPTION;
  int depth = xw_block(w, 0, 0);
  xw_start(w, captioned ? "table" : "informaltable", n, sc);
  recto_buf_putc(w->out, '>');
  dbk_frame *f =
      xw_push(w, n, XW_BLOCK | (xw_top(w)->flags & XW_NOINDENT),
              captioned ? "</table>" : "</informaltable>", depth + 1, sc);
  /* The first foot that follows a body (none before it) is the one to
     write before the bodies. */
  int seen_body = 0, seen_foot = 0;
  for (const recto_node *c = first; c; c = recto_node_next(c)) {
    recto_node_type t = recto_node_type_of(c);
    if (!xw_has_child(c, RECTO_NODE_ROW))
      continue;
    if (t == RECTO_NODE_TABLE_BODY) {
      f->state |= T_HAS_BODY;
      seen_body = 1;
    } else if (t == RECTO_NODE_TABLE_FOOT) {
      if (seen_body && !seen_foot) {
        f->state |= T_JUMP_PENDING;
        f->aux = c;
      }
      seen_foot = 1;
    }
  }
  if (!captioned)
    S_table_cols(w, n, f);
}

/* thead/tbody/tfoot; a foot that follows the bodies in the model is
   written before them (the schema wants thead?, tfoot?, tbody+): the
   walk jumps to the foot and comes back (see S_exit). */
static void S_table_part(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  dbk_frame *table = xw_top(w);
  recto_node_type t = recto_node_type_of(n);
  if (!xw_has_child(n, RECTO_NODE_ROW) ||
      (n == table->aux && (table->state & T_JUMP_DONE))) {
    xw_transparent(w, n, sc);
    recto_iter_skip_children(w->walker.iter);
    return;
  }
  if (t == RECTO_NODE_TABLE_BODY && (table->state & T_JUMP_PENDING)) {
    table->state = (table->state & ~T_JUMP_PENDING) | T_JUMP_ACTIVE;
    const recto_node *foot = table->aux;
    xw_scope fsc;
    xw_scope_enter(&table->scope, foot, &fsc);
    S_table_part(w, foot, &fsc);
    xw_top(w)->aux = n; /* the body to come back to */
    recto_iter_reset(w->walker.iter, (recto_node *)foot, RECTO_EVENT_ENTER);
    return;
  }
  const char *name = "tbody", *close = "</tbody>";
  unsigned flags = XW_BLOCK;
  unsigned st = table->state;
  if (t == RECTO_NODE_TABLE_HEAD && (st & T_HAS_BODY) && !(st & T_STARTED)) {
    name = "thead";
    close = "</thead>";
    flags |= DBK_HEAD;
  } else if (t == RECTO_NODE_TABLE_FOOT && (st & T_HAS_BODY) &&
             !(st & (T_BODY_WRITTEN | T_TFOOT_WRITTEN))) {
    name = "tfoot";
    close = "</tfoot>";
    table->state |= T_TFOOT_WRITTEN;
  } else {
    table->state |= T_BODY_WRITTEN;
  }
  table->state |= T_STARTED;
  xw_container_block(w, n, sc, name, close, flags);
}

static void S_cell_enter(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  dbk_frame *part = xw_top(w);
  while (part > w->frames.items &&
         recto_node_type_of(part->node) == RECTO_NODE_ROW)
    part--;
  int head = (part->flags & DBK_HEAD) != 0;
  int depth = xw_block(w, 0, 0);
  xw_start(w, head ? "th" : "td", n, sc);
  if (recto_cell_rowspan(n) > 1)
    xw_attr_int(w->out, "rowspan", recto_cell_rowspan(n));
  if (recto_cell_colspan(n) > 1)
    xw_attr_int(w->out, "colspan", recto_cell_colspan(n));
  xw_attr(w->out, "align", xw_align_name(recto_cell_align(n)));
  recto_buf_putc(w->out, '>');
  /* One paragraph: its inlines go straight into the cell. */
  const recto_node *c = recto_node_first_child(n);
  /* A cell has mixed content: its blocks are never indented. */
  unsigned flags = XW_BLOCK | XW_NOINDENT;
  if (c && !recto_node_next(c) && xw_is_para(c) && !recto_node_id(c) &&
      !recto_node_lang(c) && !xw_image_only(c))
    flags = XW_INLINE | XW_NOINDENT;
  xw_push(w, n, flags, head ? "</th>" : "</td>", depth + 1, sc);
}

/* ---- blocks ---- */

/* A heading that is not its container's title (xmlrender.c). */
static void S_heading(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  dbk_frame *c = xw_container(w);
  if (c->flags & XW_BIBLIO) { /* a second heading among the entries */
    int depth = xw_block(w, 0, 0);
    xw_start(w, "bibliomixed", n, sc);
    recto_buf_puts(w->out, " role=\"heading\">");
    xw_push(w, n, XW_INLINE | XW_NOINDENT, "</bibliomixed>", depth, sc);
    return;
  }
  int depth = xw_block(w, 0, 0);
  xw_start(w, "bridgehead", n, sc);
  int level = recto_node_level(n);
  if (level >= 1 && level <= 5)
    recto_buf_printf(w->out, " renderas=\"sect%d\"", level);
  recto_buf_putc(w->out, '>');
  xw_push(w, n, XW_INLINE | XW_NOINDENT, "</bridgehead>", depth, sc);
}

static void S_section(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  dbk_frame *c = xw_container(w);
  int chapter = (c->flags & DBK_BOOK) != 0;
  int after_content = c->blocks || c->divisions;
  int depth = xw_block(w, 1, 0);
  const char *id = xw_section_id(w, n);
  /* as a division only after some content: DocBook 5.0 wants a
     division's content before its bibliography (else a section with a
     bibliolist) */
  if (xw_is_bib_section(n) && after_content) {
    recto_buf_puts(w->out, "<bibliography");
    xw_attr(w->out, "xml:id", id);
    xw_scope_attrs(w->out, sc, XW_DIR_ATTR);
    recto_buf_putc(w->out, '>');
    dbk_frame *f = xw_push(w, n,
                           XW_BLOCK | XW_BIBLIO | XW_TITLE |
                               (xw_top(w)->flags & XW_NOINDENT),
                           "</bibliography>", depth + 1, sc);
    f->state = S_BIBSEC;
    return;
  }
  recto_buf_puts(w->out, chapter ? "<chapter" : "<section");
  xw_attr(w->out, "xml:id", id);
  xw_scope_attrs(w->out, sc, XW_DIR_ATTR);
  recto_buf_putc(w->out, '>');
  xw_push(w, n,
          XW_BLOCK | XW_DIVISION | XW_TITLE | XW_NEED_BLOCK |
              (xw_top(w)->flags & XW_NOINDENT),
          chapter ? "</chapter>" : "</section>", depth + 1, sc);
}

static void S_bibliography(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  dbk_frame *c = xw_container(w);
  if (xw_top(w)->state == S_BIBSEC) { /* the section is the bibliography */
    xw_transparent(w, n, sc);
    return;
  }
  const recto_node *parent = recto_node_parent(n);
  recto_node_type pt = parent ? recto_node_type_of(parent) : RECTO_NODE_NONE;
  /* <bibliography> only where nothing follows it (it ends a division)
     and something precedes it (DocBook 5.0 wants a division's content
     before its bibliography); elsewhere the block-level <bibliolist>. */
  int division = (c->flags & XW_DIVISION) && xw_only_breaks_follow(n) &&
                 (c->blocks || c->divisions) &&
                 (pt == RECTO_NODE_SECTION || pt == RECTO_NODE_DOCUMENT) &&
                 !(xw_top(w)->flags & XW_TRANSPARENT);
  int depth = xw_block(w, division, 0);
  const char *name = division ? "bibliography" : "bibliolist";
  xw_start(w, name, n, sc);
  recto_buf_putc(w->out, '>');
  unsigned flags = XW_BLOCK | XW_BIBLIO | (xw_top(w)->flags & XW_NOINDENT);
  const recto_node *first = recto_node_first_child(n);
  while (first && recto_node_type_of(first) == RECTO_NODE_PAGE_BREAK)
    first = recto_node_next(first);
  if (first && recto_node_type_of(first) == RECTO_NODE_HEADING)
    flags |= XW_TITLE;
  xw_push(w, n, flags, division ? "</bibliography>" : "</bibliolist>",
          depth + 1, sc);
}

static void S_orphan_note(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  int depth = xw_block(w, 0, 0);
  xw_start(w, "sidebar", n, sc);
  recto_buf_puts(w->out, " role=\"orphan-note\">");
  const char *marker = recto_node_type_of(n) == RECTO_NODE_NOTE_DEF
                           ? recto_node_marker(n)
                           : recto_node_attr(n, "marker");
  dbk_frame *f =
      xw_push(w, n, XW_BLOCK | XW_NEED_BLOCK | (xw_top(w)->flags & XW_NOINDENT),
              "</sidebar>", depth + 1, sc);
  if (marker && *marker) {
    xw_line(w, f, f->depth);
    xw_element(w->out, "title", marker);
    f->state = 1; /* indent the closing tag */
  }
}

static void S_list(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  recto_buf *out = w->out;
  int depth = xw_block(w, 0, 0);
  int ordered = recto_list_kind_of(n) == RECTO_LIST_ORDERED;
  xw_start(w, ordered ? "orderedlist" : "itemizedlist", n, sc);
  if (ordered) {
    static const char *const numeration[] = {
        NULL, "arabic", "loweralpha", "upperalpha", "lowerroman",
        "upperroman", "arabic", "arabic", "arabic"};
    recto_list_style st = recto_list_style_of(n);
    if ((unsigned)st < sizeof numeration / sizeof numeration[0])
      xw_attr(out, "numeration", numeration[st]);
    /* DocBook names no Eastern Arabic digits: the role keeps them. */
    if (st == RECTO_LIST_STYLE_ARABIC_INDIC)
      recto_buf_puts(out, " role=\"arabic-indic\"");
    else if (st == RECTO_LIST_STYLE_PERSIAN)
      recto_buf_puts(out, " role=\"persian\"");
    if (recto_list_start(n) != 1)
      xw_attr_int(out, "startingnumber", recto_list_start(n));
  }
  if (recto_list_tight(n))
    recto_buf_puts(out, " spacing=\"compact\"");
  recto_buf_putc(out, '>');
  xw_push(w, n, XW_BLOCK | (xw_top(w)->flags & XW_NOINDENT),
          ordered ? "</orderedlist>" : "</itemizedlist>", depth + 1, sc);
}

static void S_def(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  dbk_frame *item = xw_top(w);
  recto_buf *out = w->out;
  if (!(item->state & D_TERM)) {
    xw_line(w, item, item->depth);
    recto_buf_puts(out, "<term/>");
    item->state |= D_TERM;
  }
  if (!(item->state & D_LISTITEM)) {
    xw_line(w, item, item->depth);
    recto_buf_puts(out, "<listitem>");
    item->state |= D_LISTITEM;
  }
  /* Several definitions share the one listitem DocBook allows. */
  xw_push(w, n, XW_BLOCK | (item->flags & XW_NOINDENT), NULL, item->depth + 1,
          sc);
}

static void S_def_item_exit(dbk_writer *w, dbk_frame *f) {
  recto_buf *out = w->out;
  int indents = xw_indents(f);
  if (!(f->state & D_TERM)) {
    if (indents)
      xw_line(w, f, f->depth);
    recto_buf_puts(out, "<term/>");
  }
  if (f->state & D_LISTITEM) {
    if (!f->divisions) { /* counts the blocks of the definitions */
      if (indents)
        xw_indent(out, f->depth + 1);
      recto_buf_puts(out, "<para/>");
    }
    if (indents)
      xw_line(w, f, f->depth);
    recto_buf_puts(out, "</listitem>");
  } else {
    if (indents)
      xw_line(w, f, f->depth);
    recto_buf_puts(out, "<listitem><para/></listitem>");
  }
  if (indents)
    xw_indent(out, f->depth - 1);
  recto_buf_puts(out, "</varlistentry>");
}

/* ---- inlines ---- */

static void S_image(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  recto_buf *out = w->out;
  dbk_frame *p = xw_top(w);
  int block = (p->state & S_MEDIA) && p->node == recto_node_parent(n);
  if (!block) {
    xw_start(w, "inlinemediaobject", n, sc);
    recto_buf_putc(out, '>');
  }
  recto_buf_puts(out, "<imageobject><imagedata");
  xw_attr(out, "fileref", recto_node_url(n) ? recto_node_url(n) : "");
  recto_buf_puts(out, "/></imageobject>");
  if (recto_node_first_child(n)) {
    recto_buf_puts(out, "<textobject><phrase>");
    xw_push(w, n, XW_INLINE | XW_NOINDENT,
            block ? "</phrase></textobject>"
                  : "</phrase></textobject></inlinemediaobject>",
            p->depth, sc);
  } else {
    xw_push(w, n, XW_INLINE | XW_NOINDENT,
            block ? NULL : "</inlinemediaobject>", p->depth, sc);
  }
}

/* Only text, breaks and page breaks among the children. */
static int S_text_only(const recto_node *n) {
  for (const recto_node *c = recto_node_first_child(n); c;
       c = recto_node_next(c)) {
    recto_node_type t = recto_node_type_of(c);
    if ((t != RECTO_NODE_TEXT && t != RECTO_NODE_SOFT_BREAK &&
         t != RECTO_NODE_LINE_BREAK && t != RECTO_NODE_PAGE_BREAK) ||
        recto_node_lang(c) || recto_node_dir(c) != RECTO_DIR_UNSET)
      return 0;
  }
  return 1;
}

static void S_link(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  const char *url = recto_node_url(n) ? recto_node_url(n) : "";
  xw_start(w, "link", n, sc);
  xw_attr(w->out, "xlink:href", url);
  const char *title = recto_node_title(n);
  if (title && *title)
    xw_attr(w->out, "xlink:title", title);
  recto_buf_putc(w->out, '>');
  if (!recto_node_first_child(n))
    xw_text(w->out, url);
  xw_push(w, n, XW_INLINE | XW_NOINDENT, "</link>", xw_top(w)->depth, sc);
}

static void S_span(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  const char *classes = recto_node_classes(n);
  if (!xw_refs_id(&w->refs, n) && !*classes && !xw_scope_differs(sc)) {
    xw_transparent(w, n, sc);
    return;
  }
  xw_phrase_enter(w, n, sc, "phrase", *classes ? classes : NULL, "</phrase>");
}

static void S_note(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  xw_start(w, "footnote", n, sc);
  /* label is an NMTOKEN: a marker such as "*" goes to xreflabel, the
     text a cross reference to the note shows. */
  const char *marker = recto_node_marker(n);
  xw_attr(w->out, xw_is_safe_nmtoken(marker) ? "label" : "xreflabel",
          marker);
  recto_buf_putc(w->out, '>');
  xw_push(w, n, XW_BLOCK | XW_NEED_BLOCK | XW_NOINDENT, "</footnote>",
          xw_top(w)->depth, sc);
}

/* A reviewer's comment: DocBook's annotation, whose only metadata is a
   title: who made it and when. */
static void S_annotation(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  xw_start(w, "annotation", n, sc);
  recto_buf_puts(w->out, " role=\"comment\">");
  const char *author = recto_node_attr(n, "author");
  const char *date = recto_node_attr(n, "date");
  if (author || date) {
    recto_buf_puts(w->out, "<info><title>");
    xw_text(w->out, author ? author : "");
    if (author && date)
      recto_buf_puts(w->out, ", ");
    xw_text(w->out, date ? date : "");
    recto_buf_puts(w->out, "</title></info>");
  }
  xw_push(w, n, XW_BLOCK | XW_NEED_BLOCK | XW_NOINDENT, "</annotation>",
          xw_top(w)->depth, sc);
}

/* ---- other blocks ---- */

static void S_para(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  dbk_frame *p = xw_top(w);
  if ((p->flags & XW_INLINE) && p->node == recto_node_parent(n)) {
    xw_transparent(w, n, sc); /* the one paragraph of a cell */
  } else if (xw_image_only(n)) {
    xw_inline_block(w, n, sc, "mediaobject", "</mediaobject>")->state =
        S_MEDIA;
  } else {
    xw_inline_block(w, n, sc, "para", "</para>");
  }
}

static void S_line_block(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  xw_inline_block(w, n, sc, "literallayout", "</literallayout>");
}

static void S_line(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  if (recto_node_prev(n))
    recto_buf_putc(w->out, '\n');
  xw_transparent(w, n, sc);
}

static void S_quote(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  xw_container_block(w, n, sc, "blockquote", "</blockquote>",
                     XW_BLOCK | XW_NEED_BLOCK);
}

static void S_item(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  xw_container_block(w, n, sc, "listitem", "</listitem>",
                     XW_BLOCK | XW_NEED_BLOCK);
}

static void S_def_list(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  xw_container_block(w, n, sc, "variablelist", "</variablelist>", XW_BLOCK);
}

static void S_def_item(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  xw_container_block(w, n, sc, "varlistentry", NULL, XW_BLOCK);
}

static void S_term(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  dbk_frame *item = xw_top(w);
  item->state |= D_TERM;
  xw_inline_block(w, n, sc, "term", "</term>");
}

static void S_row(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  int empty = !recto_node_first_child(n);
  xw_container_block(w, n, sc, "tr", empty ? "<td/></tr>" : "</tr>",
                     XW_BLOCK);
}

static void S_caption(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  recto_node *parent = recto_node_parent(n);
  recto_node_type pt = parent ? recto_node_type_of(parent) : 0;
  if ((pt == RECTO_NODE_TABLE || pt == RECTO_NODE_FIGURE) &&
      recto_node_first_child(parent) == n &&
      !(xw_top(w)->flags & XW_TRANSPARENT)) {
    const char *name = pt == RECTO_NODE_TABLE ? "caption" : "title";
    dbk_frame *c = xw_container(w);
    xw_line(w, c, c->depth);
    xw_start(w, name, n, sc);
    recto_buf_putc(w->out, '>');
    xw_push(w, n, XW_INLINE | XW_FLATTEN | XW_NOINDENT,
            pt == RECTO_NODE_TABLE ? "</caption>" : "</title>", c->depth, sc);
  } else {
    xw_transparent(w, n, sc);
  }
}

static void S_figure(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  const recto_node *first = recto_node_first_child(n);
  int titled = first && recto_node_type_of(first) == RECTO_NODE_CAPTION;
  xw_container_block(w, n, sc, titled ? "figure" : "informalfigure",
                     titled ? "</figure>" : "</informalfigure>",
                     XW_BLOCK | XW_NEED_BLOCK);
}

/* superscript and subscript take text only (and a few links): with
   anything richer inside, an emphasis with a role stands in. */
static void S_script(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  int sup = recto_node_type_of(n) == RECTO_NODE_SUPERSCRIPT;
  if (S_text_only(n))
    xw_phrase_enter(w, n, sc, sup ? "superscript" : "subscript", NULL,
                    sup ? "</superscript>" : "</subscript>");
  else
    xw_phrase_enter(w, n, sc, "emphasis", sup ? "superscript" : "subscript",
                    "</emphasis>");
}

/* ---- leaves ---- */

/* DocBook has no line break element; the stylesheets honour this. */
static void S_line_break(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  (void)n;
  (void)sc;
  recto_buf_puts(w->out, "<?linebreak?>\n");
}

/* Display math is an equation where a paragraph holds it directly (the
   schema allows it there and nowhere inline); elsewhere an inline
   equation marked display.  The TeX is the alternative text and the
   phrase both: no MathML is made from it. */
static void S_math(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  recto_buf *out = w->out;
  dbk_frame *p = xw_top(w);
  int display = recto_node_math_display(n);
  const char *name = display && p->node == recto_node_parent(n) &&
                             p->close && !strcmp(p->close, "</para>")
                         ? "equation"
                         : "inlineequation";
  xw_start(w, name, n, sc);
  if (display && name[0] == 'i')
    xw_attr(out, "role", "display");
  recto_buf_puts(out, "><alt role=\"tex\">");
  recto_buf_put_xml(out, recto_node_text(n), recto_node_text_len(n));
  recto_buf_puts(out, "</alt><mathphrase role=\"tex\">");
  recto_buf_put_xml(out, recto_node_text(n), recto_node_text_len(n));
  recto_buf_printf(out, "</mathphrase></%s>", name);
}

static void S_note_ref(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  (void)sc;
  recto_buf *out = w->out;
  const char *marker = recto_node_marker(n);
  const char *target = xw_refs_note(&w->refs, marker);
  if (target) {
    recto_buf_puts(out, "<footnoteref");
    xw_attr(out, "linkend", target);
    if (xw_is_safe_nmtoken(marker))
      xw_attr(out, "label", marker);
    recto_buf_puts(out, "/>");
  } else {
    recto_buf_puts(out, "<superscript>");
    xw_text(out, marker);
    recto_buf_puts(out, "</superscript>");
  }
}

static void S_thematic_break(dbk_writer *w, const recto_node *n,
                             xw_scope *sc) {
  (void)n;
  (void)sc;
  xw_block(w, 0, 0);
  recto_buf_puts(w->out, "<para role=\"thematic-break\"/>");
}

static void S_code_block(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  recto_buf *out = w->out;
  xw_block(w, 0, 0);
  xw_start(w, "programlisting", n, sc);
  const char *info = recto_node_info(n);
  if (info && *info) {
    size_t len = strcspn(info, " \t{");
    if (len) {
      recto_buf_puts(out, " language=\"");
      recto_buf_put_xml(out, info, len);
      recto_buf_putc(out, '"');
    }
  }
  recto_buf_putc(out, '>');
  size_t len = recto_node_text_len(n);
  const char *s = recto_node_text(n);
  if (len && s[len - 1] == '\n') /* the line end closes the last line */
    len--;
  recto_buf_put_xml(out, s, len);
  recto_buf_puts(out, "</programlisting>");
}

static void S_table_flat(dbk_writer *w, const recto_node *n, xw_scope *sc) {
  recto_buf *out = w->out;
  xw_block(w, 0, 0);
  xw_start(w, "literallayout", n, sc);
  recto_buf_puts(out, " class=\"monospaced\" role=\"table-flat\">");
  recto_buf_put_xml(out, recto_node_text(n), recto_node_text_len(n));
  recto_buf_puts(out, "</literallayout>");
}

/* ---- the walk ---- */

static void S_exit(dbk_writer *w, recto_node *n) {
  dbk_frame *f = xw_top(w);
  recto_node_type t = recto_node_type_of(n);
  int own = !(f->flags & XW_TRANSPARENT); /* not flattened or skipped */
  if (t == RECTO_NODE_DEF_ITEM && own) {
    S_def_item_exit(w, f);
    xw_pop(w);
    return;
  }
  if (f->state == S_CITE)
    S_cite_exit(w, n);
  xw_close(w, f);
  const recto_node *resume = f->aux;
  size_t blocks = f->blocks + f->divisions;
  xw_pop(w);
  dbk_frame *p = xw_top(w);
  int in_table = own && p->node == recto_node_parent(n) &&
                 !(p->flags & XW_TRANSPARENT) &&
                 recto_node_type_of(p->node) == RECTO_NODE_TABLE;
  if (t == RECTO_NODE_DEF && own) {
    p->divisions += blocks; /* the blocks of the shared listitem */
  } else if (t == RECTO_NODE_CAPTION && in_table) {
    S_table_cols(w, p->node, p);
  } else if (t == RECTO_NODE_TABLE_FOOT && in_table &&
             (p->state & T_JUMP_ACTIVE) && resume) {
    /* The foot is written; go back to the first body. */
    p->state = (p->state & ~T_JUMP_ACTIVE) | T_JUMP_DONE;
    recto_iter_reset(w->walker.iter, (recto_node *)resume, RECTO_EVENT_ENTER);
    xw_render_enter(w, (recto_node *)resume);
  }
}

static const xw_phrase S_phrases[] = {
    {RECTO_NODE_EMPH, "emphasis", NULL, "</emphasis>"},
    {RECTO_NODE_STRONG, "emphasis", "bold", "</emphasis>"},
    {RECTO_NODE_STRIKEOUT, "emphasis", "strikethrough", "</emphasis>"},
    {RECTO_NODE_UNDERLINE, "emphasis", "underline", "</emphasis>"},
    {RECTO_NODE_SMALLCAPS, "emphasis", "smallcaps", "</emphasis>"},
    {RECTO_NODE_QUOTED, "quote", "single", "</quote>"},
    {RECTO_NODE_NONE, NULL, NULL, NULL}};

static const char *const S_raw_names[] = {"docbook", "docbook5", "db", NULL};

const xw_format dbk_format = {
    .name = "docbook", .raw_names = S_raw_names, .dir = XW_DIR_ATTR,
    .empty_block = "<para/>", .title_due = "<title/>",
    .bars_anchor = S_bars_anchor, .untitled = S_untitled,
    .title = "title", .title_close = "</title>",
    .phrase_attr = "role", .phrases = S_phrases,
    .lang_phrase = "phrase", .dir_phrase = "phrase",
    .exit = S_exit, .orphan_note = S_orphan_note, .entry = dbk_entry,
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
            [RECTO_NODE_TABLE] = S_table_enter,
            [RECTO_NODE_TABLE_HEAD] = S_table_part,
            [RECTO_NODE_TABLE_BODY] = S_table_part,
            [RECTO_NODE_TABLE_FOOT] = S_table_part, [RECTO_NODE_ROW] = S_row,
            [RECTO_NODE_CELL] = S_cell_enter,
            /* inlines */
            [RECTO_NODE_SUPERSCRIPT] = S_script,
            [RECTO_NODE_SUBSCRIPT] = S_script, [RECTO_NODE_LINK] = S_link,
            [RECTO_NODE_IMAGE] = S_image, [RECTO_NODE_NOTE] = S_note,
            [RECTO_NODE_ANNOTATION] = S_annotation,
            [RECTO_NODE_CITE] = S_cite_enter, [RECTO_NODE_SPAN] = S_span,
            /* leaves */
            [RECTO_NODE_LINE_BREAK] = S_line_break, [RECTO_NODE_MATH] = S_math,
            [RECTO_NODE_NOTE_REF] = S_note_ref,
            [RECTO_NODE_PAGE_BREAK] = S_pagebreak,
            [RECTO_NODE_THEMATIC_BREAK] = S_thematic_break,
            [RECTO_NODE_CODE_BLOCK] = S_code_block,
            [RECTO_NODE_TABLE_FLAT] = S_table_flat,
        },
};
