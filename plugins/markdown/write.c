/* write.c: the document model as pandoc-flavoured Markdown.
 *
 * One walk with recto_iter (no recursion on document depth); a frame per
 * open node remembers what its EXIT must write.  Blocks that carry
 * attributes Markdown cannot attach to them are wrapped in a fenced div;
 * inlines likewise in a span.  Notes go to the end as [^label]
 * definitions; the bibliography's entries go to the metadata block.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "enums.h"
#include "wr.h"

enum {
  F_WRAP_DIV = 1,   /* a div fence was opened for the node's attributes */
  F_WRAP_SPAN = 2,  /* a span bracket was opened for them */
  F_PIPE = 4,       /* table, row, cell written as a pipe table */
  F_HTML = 8,       /* table written as HTML */
  F_DONE = 16,      /* written whole at ENTER: nothing at EXIT */
  F_VERBATIM = 32,  /* a citation written as it stands */
  F_ALIGN = 64,     /* a pipe table whose columns get lined up at EXIT */
  F_MODES = 128,    /* a citation whose modes its syntax could not say */
  F_NO_ITEMS = 256, /* a citation without items */
  F_PLAIN = 512     /* sub/superscript or quotation in pandoc's own syntax */
};

typedef struct S_frame {
  recto_node *node;
  size_t prefix_len;
  int flags;
  size_t mark;      /* emphasis: where its content starts in the output */
  const char *delim;
  int number;       /* ordered lists: the next number */
  char bullet;
  recto_node *caption; /* pipe tables: written after the rows */
  size_t ncols, cells;
  recto_node *cite_saved;
  size_t cite_pos_saved, cite_open_saved, cite_close_saved;
} S_frame;

typedef struct S_walk {
  md_w *w;
  S_frame *st;
  size_t depth, cap;
} S_walk;

/* A no-break space where Markdown needs something on a line. */
#define S_NBSP "\xc2\xa0"

static int S_is(const recto_node *n, recto_node_type t) {
  return n && recto_node_type_of(n) == t;
}

static void S_push_prefix(md_w *w, const char *s) {
  recto_buf_puts(&w->prefix, s);
}

static void S_spaces(md_w *w, size_t n) {
  for (size_t i = 0; i < n; i++)
    recto_buf_putc(&w->prefix, ' ');
}

static void S_pop_prefix(md_w *w, size_t len) {
  recto_buf_truncate(&w->prefix, len);
}

/* ---- separation between blocks ---- */

static int S_tight_parent(const recto_node *n) {
  recto_node *p = recto_node_parent(n);
  if (S_is(p, RECTO_NODE_ITEM))
    return recto_list_tight(recto_node_parent(p));
  return 0;
}

static int S_paraish(const recto_node *n) {
  return S_is(n, RECTO_NODE_PARAGRAPH) || S_is(n, RECTO_NODE_PLAIN);
}

static int S_digit_markers(const recto_node *list);

static void S_sep(md_w *w, recto_node *n) {
  if (w->after_marker || w->in_pipe_cell || w->inline_only)
    return;
  switch (recto_node_type_of(n)) {
  case RECTO_NODE_ITEM: case RECTO_NODE_DEF: case RECTO_NODE_DEF_ITEM:
  case RECTO_NODE_TERM: case RECTO_NODE_LINE: case RECTO_NODE_ROW:
  case RECTO_NODE_CELL: case RECTO_NODE_TABLE_HEAD: case RECTO_NODE_TABLE_BODY:
  case RECTO_NODE_TABLE_FOOT: case RECTO_NODE_BIB_ENTRY:
    return; /* their containers separate them */
  case RECTO_NODE_CAPTION:
    if (S_is(recto_node_parent(n), RECTO_NODE_TABLE))
      return;
    break;
  default:
    break;
  }
  recto_node *prev = recto_node_prev(n);
  if (!prev) {
    md_w_cr(w);
    return;
  }
  if (S_tight_parent(n)) {
    if ((S_paraish(prev) && S_paraish(n)) || S_is(prev, RECTO_NODE_RAW_BLOCK) ||
        (S_paraish(prev) && S_is(n, RECTO_NODE_LIST) &&
         recto_list_kind_of(n) == RECTO_LIST_ORDERED &&
         recto_list_start(n) != 1 && S_digit_markers(n)) ||
        (S_paraish(prev) && S_is(n, RECTO_NODE_RAW_BLOCK)) ||
        (S_paraish(prev) && S_is(n, RECTO_NODE_LIST) &&
         !recto_node_first_child(recto_node_first_child(n))))
      md_w_blank(w);
    else
      md_w_cr(w);
    return;
  }
  md_w_blank(w);
}

/* ---- raw lines (code, html) ---- */

static void S_raw_lines(md_w *w, const char *s, size_t len) {
  /* every segment between newlines is a line, the last one too (text
     that ends with a newline ends with an empty line) */
  size_t i = 0;
  for (;;) {
    size_t e = i;
    while (e < len && s[e] != '\n')
      e++;
    md_w_flush(w);
    if (e == i) {
      /* an empty line: the prefix without its trailing blanks */
      recto_buf *o = w->out;
      while (o->len && o->data[o->len - 1] == ' ')
        o->len--;
    }
    recto_buf_put(w->out, s + i, e - i);
    recto_buf_putc(w->out, '\n');
    w->line_open = 0;
    w->need_cr = 0;
    if (e >= len)
      break;
    i = e + 1;
  }
}

static size_t S_longest_run(const char *s, size_t len, char c) {
  size_t run = 0, best = 0;
  for (size_t i = 0; i < len; i++) {
    run = s[i] == c ? run + 1 : 0;
    if (run > best)
      best = run;
  }
  return best;
}

static void S_fence(md_w *w, char c, size_t n) {
  char buf[64];
  if (n > sizeof buf)
    n = sizeof buf;
  memset(buf, c, n);
  md_w_lit(w, buf, n);
}

/* A fenced block: code, raw with {=format}, flat tables. */
static void S_fenced(md_w *w, recto_node *n, const char *info, int attrs,
                     const char *classes) {
  const char *text = recto_node_text(n);
  size_t len = text ? recto_node_text_len(n) : 0;
  char c = '`';
  if (info && strchr(info, '`'))
    c = '~';
  size_t fence = S_longest_run(text ? text : "", len, c) + 1;
  if (fence < 3)
    fence = 3;
  S_fence(w, c, fence);
  if (attrs) {
    md_w_attrs(w, n, classes, 0, 0);
  } else if (info && *info) {
    md_w_text(w, info, strlen(info));
  }
  md_w_newline(w);
  if (len)
    S_raw_lines(w, text, len);
  S_fence(w, c, fence);
}

static void S_code_block(md_w *w, recto_node *n) {
  const char *info = recto_node_info(n);
  if (md_node_has_attrs(n) &&
      (!info || !*info || strcspn(info, " \t{}=\"'") == strlen(info))) {
    /* the language becomes the first class */
    S_fenced(w, n, NULL, 1, info && *info ? info : NULL);
  } else {
    S_fenced(w, n, info, 0, NULL);
  }
}

/* An HTML block that cmark will read back as one block: it must start
   with what starts one, and (for the kinds a blank line ends) hold no
   blank line. */
static int S_html_block_ok(const char *s, size_t len) {
  size_t i = 0;
  while (i < len && i < 3 && s[i] == ' ')
    i++;
  if (i >= len || s[i] != '<')
    return 0;
  const char *p = s + i + 1;
  size_t rest = len - i - 1;
  static const char *const kinds15[] = {"script", "pre", "style", "textarea",
                                        NULL};
  for (const char *const *k = kinds15; *k; k++) {
    size_t kl = strlen(*k);
    if (rest >= kl && !strncasecmp(p, *k, kl) &&
        (rest == kl || p[kl] == ' ' || p[kl] == '>' || p[kl] == '\n' ||
         p[kl] == '\t'))
      return 1;
  }
  if (rest >= 3 && !strncmp(p, "!--", 3))
    return 1;
  if (rest >= 1 && (p[0] == '?' || (p[0] == '!' && rest > 1 &&
                                    ((p[1] >= 'A' && p[1] <= 'Z') ||
                                     (p[1] >= 'a' && p[1] <= 'z') ||
                                     !strncmp(p + 1, "[CDATA[", 7)))))
    return 1;
  /* kinds 6 and 7: a blank line would end them */
  for (size_t j = 0; j + 1 < len; j++)
    if (s[j] == '\n') {
      size_t k = j + 1;
      while (k < len && (s[k] == ' ' || s[k] == '\t'))
        k++;
      if (k >= len || s[k] == '\n')
        return 0;
    }
  const char *q = p;
  if (*q == '/')
    q++;
  size_t tl = 0;
  while (tl < rest && (md_isalnum((unsigned char)q[tl]) || q[tl] == '-'))
    tl++;
  if (!tl)
    return 0;
  static const char *const blocks[] = {
      "address", "article", "aside", "base", "basefont", "blockquote", "body",
      "caption", "center", "col", "colgroup", "dd", "details", "dialog",
      "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
      "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head",
      "header", "hr", "html", "iframe", "legend", "li", "link", "main",
      "menu", "menuitem", "nav", "noframes", "ol", "optgroup", "option", "p",
      "param", "section", "source", "summary", "table", "tbody", "td",
      "tfoot", "th", "thead", "title", "tr", "track", "ul", NULL};
  for (const char *const *b = blocks; *b; b++)
    if (strlen(*b) == tl && !strncasecmp(q, *b, tl))
      return q[tl] == ' ' || q[tl] == '>' || q[tl] == '\n' || q[tl] == '\t' ||
             !q[tl] || (q[tl] == '/' && q[tl + 1] == '>');
  /* kind 7: a whole tag alone on its line */
  const char *nl = memchr(s, '\n', len);
  size_t line = nl ? (size_t)(nl - s) : len;
  size_t e = line;
  while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\t'))
    e--;
  if (e <= i || s[e - 1] != '>')
    return 0;
  for (size_t j = i + 1; j + 1 < e; j++)
    if (s[j] == '<' || s[j] == '>')
      return 0;
  return 1;
}

static void S_raw_block(md_w *w, recto_node *n) {
  const char *fmt = recto_node_info(n);
  const char *text = recto_node_text(n);
  size_t len = text ? recto_node_text_len(n) : 0;
  if (fmt && !strcmp(fmt, "html") && len && S_html_block_ok(text, len)) {
    md_w_flush(w);
    S_raw_lines(w, text, len);
    return;
  }
  char *info;
  recto_buf b = RECTO_BUF_INIT;
  recto_buf_printf(&b, "{=%s}", fmt && *fmt ? fmt : "raw");
  info = recto_strndup(w->doc, b.data, b.len);
  recto_buf_free(&b);
  char c = '`';
  size_t fence = S_longest_run(text ? text : "", len, c) + 1;
  if (fence < 3)
    fence = 3;
  S_fence(w, c, fence);
  md_w_lits(w, info);
  md_w_newline(w);
  if (len)
    S_raw_lines(w, text, len);
  S_fence(w, c, fence);
}

/* ---- tables ---- */

/* A cell a Markdown table can hold: no attributes, no spans, aligned as
   its column. */
static int S_cell_fits(recto_node *cell, recto_align col_align) {
  if (md_node_has_attrs(cell) || recto_cell_rowspan(cell) > 1 ||
      recto_cell_colspan(cell) > 1)
    return 0;
  recto_align a = recto_cell_align(cell);
  return a == RECTO_ALIGN_DEFAULT || a == col_align;
}

/* ... and a pipe table's: one paragraph of inlines on one line. */
static int S_cell_simple(recto_node *cell, recto_align col_align) {
  if (!S_cell_fits(cell, col_align))
    return 0;
  recto_node *b = recto_node_first_child(cell);
  if (!b)
    return 1;
  if (recto_node_next(b) || !S_paraish(b) || md_node_has_attrs(b))
    return 0;
  recto_iter *it = recto_iter_new(b);
  recto_event ev;
  int ok = 1;
  while (ok && (ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER)
      continue;
    if (S_is(n, RECTO_NODE_LINE_BREAK) || S_is(n, RECTO_NODE_PAGE_BREAK))
      ok = 0;
    else if (S_is(n, RECTO_NODE_NOTE) || S_is(n, RECTO_NODE_ANNOTATION))
      recto_iter_skip_children(it);
  }
  recto_iter_free(it);
  return ok;
}

/* Whether a table has the shape of a pipe table (grid = 0) or of a grid
   table (grid = 1: cells may hold any blocks, and a body is needed): one
   head row at most, one body, no foot, attributes only where they can be
   written, a caption of one paragraph. */
static int S_pipe_ok(recto_node *table, size_t *ncols, int grid) {
  size_t cols = recto_table_columns(table);
  int heads = 0, bodies = 0;
  for (recto_node *sec = recto_node_first_child(table); sec;
       sec = recto_node_next(sec)) {
    recto_node_type t = recto_node_type_of(sec);
    if (t == RECTO_NODE_CAPTION) {
      recto_node *b = recto_node_first_child(sec);
      if (md_node_has_attrs(sec) ||
          (b && (recto_node_next(b) || !S_paraish(b) || md_node_has_attrs(b))))
        return 0;
      continue;
    }
    if (t == RECTO_NODE_TABLE_FOOT || md_node_has_attrs(sec))
      return 0;
    size_t rows = 0;
    for (recto_node *r = recto_node_first_child(sec); r;
         r = recto_node_next(r)) {
      if (md_node_has_attrs(r))
        return 0;
      rows++;
      size_t k = 0;
      for (recto_node *c = recto_node_first_child(r); c;
           c = recto_node_next(c), k++)
        if (grid ? !S_cell_fits(c, recto_table_column_align(table, k))
                 : !S_cell_simple(c, recto_table_column_align(table, k)))
          return 0;
      if (k > cols) {
        /* extra cells need columns the specification does not have */
        if (recto_table_columns(table))
          return 0;
        cols = k;
      }
    }
    if (t == RECTO_NODE_TABLE_HEAD) {
      if (++heads > 1 || rows != 1)
        return 0;
    } else if (++bodies > 1 || (grid && !rows)) {
      return 0;
    }
  }
  if (!cols || (grid && !bodies))
    return 0;
  *ncols = cols;
  return 1;
}

static void S_delim_row(md_w *w, recto_node *table, size_t ncols) {
  md_w_cr(w);
  md_w_lits(w, "|");
  for (size_t c = 0; c < ncols; c++) {
    switch (recto_table_column_align(table, c)) {
    case RECTO_ALIGN_LEFT: md_w_lits(w, ":--|"); break;
    case RECTO_ALIGN_CENTER: md_w_lits(w, ":-:|"); break;
    case RECTO_ALIGN_RIGHT: md_w_lits(w, "--:|"); break;
    default: md_w_lits(w, "---|"); break;
    }
  }
}

static void S_html_attr(recto_buf *b, const char *name, const char *v) {
  recto_buf_printf(b, " %s=\"", name);
  recto_buf_put_xml(b, v, strlen(v));
  recto_buf_putc(b, '"');
}

/* A tag on a line of its own; close 2: an empty element "<td></td>". */
static void S_html_tag(md_w *w, const char *name, recto_node *n, int close) {
  recto_buf b = RECTO_BUF_INIT;
  recto_buf_printf(&b, close == 1 ? "</%s" : "<%s", name);
  if (close != 1 && n) {
    if (recto_node_id(n))
      S_html_attr(&b, "id", recto_node_id(n));
    const char *cls = recto_node_classes(n);
    if (cls && *cls)
      S_html_attr(&b, "class", cls);
    if (recto_node_lang(n))
      S_html_attr(&b, "lang", recto_node_lang(n));
    recto_dir d = recto_node_dir(n);
    if (d != RECTO_DIR_UNSET)
      S_html_attr(&b, "dir", d == RECTO_DIR_RTL   ? "rtl"
                             : d == RECTO_DIR_LTR ? "ltr"
                                                  : "auto");
    if (S_is(n, RECTO_NODE_CELL)) {
      char num[16];
      if (recto_cell_rowspan(n) > 1) {
        snprintf(num, sizeof num, "%d", recto_cell_rowspan(n));
        S_html_attr(&b, "rowspan", num);
      }
      if (recto_cell_colspan(n) > 1) {
        snprintf(num, sizeof num, "%d", recto_cell_colspan(n));
        S_html_attr(&b, "colspan", num);
      }
      recto_align a = recto_cell_align(n);
      if (a != RECTO_ALIGN_DEFAULT)
        S_html_attr(&b, "align", a == RECTO_ALIGN_LEFT     ? "left"
                                 : a == RECTO_ALIGN_CENTER ? "center"
                                                           : "right");
    }
  }
  recto_buf_putc(&b, '>');
  if (close == 2)
    recto_buf_printf(&b, "</%s>", name);
  md_w_cr(w);
  md_w_lit(w, b.data, b.len);
  md_w_cr(w);
  recto_buf_free(&b);
}

static void S_html_cols(md_w *w, recto_node *table) {
  size_t n = recto_table_columns(table);
  int any = 0;
  for (size_t c = 0; c < n; c++)
    any |= recto_table_column_align(table, c) != RECTO_ALIGN_DEFAULT ||
           recto_table_column_width(table, c) > 0;
  if (!any)
    return;
  S_html_tag(w, "colgroup", NULL, 0);
  for (size_t c = 0; c < n; c++) {
    recto_buf b = RECTO_BUF_INIT;
    recto_buf_puts(&b, "<col");
    recto_align a = recto_table_column_align(table, c);
    if (a != RECTO_ALIGN_DEFAULT)
      S_html_attr(&b, "align", a == RECTO_ALIGN_LEFT     ? "left"
                               : a == RECTO_ALIGN_CENTER ? "center"
                                                         : "right");
    double wd = recto_table_column_width(table, c);
    if (wd > 0) {
      char num[32];
      snprintf(num, sizeof num, "%g%%", wd * 100.0);
      S_html_attr(&b, "width", num);
    }
    recto_buf_puts(&b, ">");
    md_w_cr(w);
    md_w_lit(w, b.data, b.len);
    recto_buf_free(&b);
  }
  S_html_tag(w, "colgroup", NULL, 1);
}

static const char *S_section_tag(recto_node_type t) {
  return t == RECTO_NODE_TABLE_HEAD   ? "thead"
         : t == RECTO_NODE_TABLE_BODY ? "tbody"
                                      : "tfoot";
}

/* Columns of a pipe table, lined up once it is written: cells are split at
   unescaped '|' and padded to the widest (counting characters, not bytes,
   and not the marks that combine with a letter). */
static size_t S_width(const char *s, size_t len) {
  size_t w = 0;
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    int n = recto_utf8_decode(s + i, len - i, &cp);
    if (n <= 0)
      n = 1;
    if (!((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x610 && cp <= 0x61A) ||
          (cp >= 0x64B && cp <= 0x65F) || cp == 0x670 ||
          (cp >= 0x6D6 && cp <= 0x6ED) || (cp >= 0x200B && cp <= 0x200F)))
      w++;
    i += (size_t)n;
  }
  return w;
}

typedef struct S_cell {
  const char *s;
  size_t len;
} S_cell;

static size_t S_split_row(const char *s, size_t len, S_cell *cells,
                          size_t max) {
  size_t n = 0, i = 0;
  if (!len || s[0] != '|')
    return 0;
  i = 1;
  while (i < len && n < max) {
    size_t b = i;
    while (i < len && s[i] != '|') {
      if (s[i] == '\\' && i + 1 < len)
        i++;
      i++;
    }
    if (i >= len)
      break;
    size_t e = i;
    while (b < e && s[b] == ' ')
      b++;
    while (e > b && s[e - 1] == ' ')
      e--;
    cells[n].s = s + b;
    cells[n].len = e - b;
    n++;
    i++;
  }
  return n;
}

static void S_align_table(md_w *w, size_t mark, size_t ncols) {
  recto_buf *o = w->out;
  size_t pl = w->prefix.len;
  char *text = recto_strndup(w->doc, o->data + mark, o->len - mark);
  size_t tlen = o->len - mark;
  size_t nlines = 1;
  for (size_t i = 0; i < tlen; i++)
    nlines += text[i] == '\n';
  S_cell *cells = calloc(nlines * ncols, sizeof *cells);
  size_t *counts = calloc(nlines, sizeof *counts);
  size_t *widths = calloc(ncols, sizeof *widths);
  if (!cells || !counts || !widths)
    recto_out_of_memory();
  const char *p = text;
  for (size_t l = 0; l < nlines; l++) {
    const char *e = memchr(p, '\n', (size_t)(text + tlen - p));
    size_t len = e ? (size_t)(e - p) : (size_t)(text + tlen - p);
    if (len < pl || (pl && memcmp(p, w->prefix.data, pl) != 0))
      goto done; /* not the shape we wrote: leave it */
    counts[l] = S_split_row(p + pl, len - pl, cells + l * ncols, ncols);
    if (counts[l] != ncols)
      goto done;
    for (size_t c = 0; c < ncols && l != 1; c++) {
      size_t wd = S_width(cells[l * ncols + c].s, cells[l * ncols + c].len);
      if (wd > widths[c])
        widths[c] = wd;
    }
    p = e ? e + 1 : p + len;
  }
  o->len = mark;
  for (size_t l = 0; l < nlines; l++) {
    recto_buf_put(o, w->prefix.data ? w->prefix.data : "", pl);
    recto_buf_putc(o, '|');
    for (size_t c = 0; c < ncols; c++) {
      size_t wd = widths[c] < 3 ? 3 : widths[c];
      S_cell *cell = &cells[l * ncols + c];
      if (l == 1) {
        int left = cell->len && cell->s[0] == ':';
        int right = cell->len > 1 && cell->s[cell->len - 1] == ':';
        recto_buf_putc(o, left ? ':' : '-');
        for (size_t i = 2; i < wd + 2; i++)
          recto_buf_putc(o, '-');
        recto_buf_putc(o, right ? ':' : '-');
      } else {
        recto_buf_putc(o, ' ');
        recto_buf_put(o, cell->s, cell->len);
        for (size_t i = S_width(cell->s, cell->len); i < wd; i++)
          recto_buf_putc(o, ' ');
        recto_buf_putc(o, ' ');
      }
      recto_buf_putc(o, '|');
    }
    if (l + 1 < nlines)
      recto_buf_putc(o, '\n');
  }
  w->last = '|';
done:
  free(cells);
  free(counts);
  free(widths);
}

static S_frame *S_table_frame(S_walk *k, recto_node *n) {
  for (size_t i = k->depth; i-- > 0;)
    if (k->st[i].node == n)
      return &k->st[i];
  return NULL;
}

/* "Table: caption" after a pipe or grid table. */
static void S_table_caption(md_w *w, recto_node *caption) {
  md_w_blank(w);
  md_w_lits(w, "Table: ");
  w->inline_only++;
  recto_node *b = recto_node_first_child(caption);
  if (b)
    md_w_render(w, b, 0);
  w->inline_only--;
}

/* ---- grid tables: each cell's blocks written on their own, then laid
   out in columns as wide as their widest line ---- */

/* Whether some text under n holds a tab (its width would depend on where
   the cell stands). */
static int S_has_tab(recto_node *n) {
  recto_iter *it = recto_iter_new(n);
  recto_event ev;
  int tab = 0;
  while (!tab && (ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *x = recto_iter_node(it);
    const char *t = ev == RECTO_EVENT_ENTER ? recto_node_text(x) : NULL;
    tab = t && memchr(t, '\t', recto_node_text_len(x)) != NULL;
  }
  recto_iter_free(it);
  return tab;
}

/* A cell's blocks as Markdown of their own; their notes join the
   document's. */
static char *S_cell_text(md_w *w, recto_node *cell, size_t *len) {
  recto_buf b = RECTO_BUF_INIT;
  md_w sub = *w;
  sub.out = &b;
  memset(&sub.prefix, 0, sizeof sub.prefix);
  sub.need_cr = sub.line_open = sub.begin_content = sub.after_marker = 0;
  sub.after_break = sub.inline_only = sub.in_heading = sub.in_pipe_cell = 0;
  sub.table_para = sub.last_plain = 0;
  sub.last = '\n';
  sub.cite = NULL;
  md_w_render(&sub, cell, 0);
  md_w_flush(&sub);
  recto_buf_free(&sub.prefix);
  w->notes = sub.notes;
  w->labels = sub.labels;
  w->nnotes = sub.nnotes;
  w->notes_cap = sub.notes_cap;
  w->used = sub.used;
  w->used_cap = sub.used_cap;
  w->used_count = sub.used_count;
  w->auto_ids = sub.auto_ids;
  w->first_bib = sub.first_bib;
  w->nbibs = sub.nbibs;
  size_t start = 0;
  while (start < b.len && b.data[start] == '\n')
    start++;
  while (b.len > start && (b.data[b.len - 1] == '\n' ||
                           b.data[b.len - 1] == ' '))
    b.len--;
  char *r = recto_strndup(w->doc, b.data ? b.data + start : "", b.len - start);
  *len = b.len - start;
  recto_buf_free(&b);
  return r;
}

/* The line-th line of text (len bytes), or NULL past the last. */
static const char *S_nth_line(const char *s, size_t len, size_t line,
                              size_t *ll) {
  const char *p = s, *end = s + len;
  for (size_t i = 0; i < line; i++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl)
      return NULL;
    p = nl + 1;
  }
  if (!len && line)
    return NULL;
  const char *nl = memchr(p, '\n', (size_t)(end - p));
  *ll = (size_t)((nl ? nl : end) - p);
  return p;
}

/* A border line: '+', then for each column its dashes (colons at their
   ends for the alignment when aligned) and '+'. */
static void S_grid_border(md_w *w, recto_node *table, const size_t *width,
                          size_t ncols, char ch, int aligned) {
  recto_buf b = RECTO_BUF_INIT;
  recto_buf_putc(&b, '+');
  for (size_t c = 0; c < ncols; c++) {
    recto_align a = aligned ? recto_table_column_align(table, c)
                            : RECTO_ALIGN_DEFAULT;
    int left = a == RECTO_ALIGN_LEFT || a == RECTO_ALIGN_CENTER;
    int right = a == RECTO_ALIGN_RIGHT || a == RECTO_ALIGN_CENTER;
    recto_buf_putc(&b, left ? ':' : ch);
    for (size_t i = 0; i < width[c]; i++)
      recto_buf_putc(&b, ch);
    recto_buf_putc(&b, right ? ':' : ch);
    recto_buf_putc(&b, '+');
  }
  md_w_cr(w);
  md_w_lit(w, b.data, b.len);
  recto_buf_free(&b);
}

/* A grid table (S_pipe_ok(table, .., 1) holds); 0 when its text cannot be
   laid out in columns, before anything is written. */
static int S_grid_table(md_w *w, recto_node *table, size_t ncols) {
  if (S_has_tab(table))
    return 0;
  size_t nrows = 0, head = 0;
  for (recto_node *sec = recto_node_first_child(table); sec;
       sec = recto_node_next(sec))
    for (recto_node *r = S_is(sec, RECTO_NODE_CAPTION)
                             ? NULL
                             : recto_node_first_child(sec);
         r; r = recto_node_next(r)) {
      nrows++;
      head += S_is(sec, RECTO_NODE_TABLE_HEAD);
    }
  char **text = recto_xcalloc(nrows * ncols, sizeof *text);
  size_t *len = recto_xcalloc(nrows * ncols, sizeof *len);
  size_t *lines = recto_xcalloc(nrows, sizeof *lines);
  size_t *width = recto_xcalloc(ncols, sizeof *width);
  for (size_t c = 0; c < ncols; c++)
    width[c] = 3;
  size_t row = 0;
  for (recto_node *sec = recto_node_first_child(table); sec;
       sec = recto_node_next(sec))
    for (recto_node *r = S_is(sec, RECTO_NODE_CAPTION)
                             ? NULL
                             : recto_node_first_child(sec);
         r; r = recto_node_next(r), row++) {
      lines[row] = 1;
      size_t c = 0;
      for (recto_node *cell = recto_node_first_child(r); cell;
           cell = recto_node_next(cell), c++) {
        size_t i = row * ncols + c, ll, n = 0;
        text[i] = S_cell_text(w, cell, &len[i]);
        const char *l;
        while ((l = S_nth_line(text[i], len[i], n, &ll)) != NULL) {
          size_t wd = md_display_width(l, ll);
          if (wd > width[c])
            width[c] = wd;
          n++;
        }
        if (n > lines[row])
          lines[row] = n;
      }
    }
  S_grid_border(w, table, width, ncols, '-', !head);
  recto_buf b = RECTO_BUF_INIT;
  for (row = 0; row < nrows; row++) {
    for (size_t line = 0; line < lines[row]; line++) {
      b.len = 0;
      recto_buf_putc(&b, '|');
      for (size_t c = 0; c < ncols; c++) {
        size_t i = row * ncols + c, ll = 0;
        const char *l = text[i] ? S_nth_line(text[i], len[i], line, &ll)
                                : NULL;
        recto_buf_putc(&b, ' ');
        if (l)
          recto_buf_put(&b, l, ll);
        for (size_t x = l ? md_display_width(l, ll) : 0; x < width[c]; x++)
          recto_buf_putc(&b, ' ');
        recto_buf_puts(&b, " |");
      }
      md_w_cr(w);
      md_w_lit(w, b.data, b.len);
    }
    S_grid_border(w, table, width, ncols, row < head ? '=' : '-',
                  row < head);
  }
  recto_buf_free(&b);
  free(text);
  free(len);
  free(lines);
  free(width);
  return 1;
}

/* ---- lists ---- */

/* Whether the first marker of a list says its style and start: the
   styles of pandoc's Markdown, from a start that reads back as written
   ("i." is roman one, "v." the letter v). */
static int S_marker_says_style(const recto_node *list) {
  int start = recto_list_start(list);
  switch (recto_list_style_of(list)) {
  case RECTO_LIST_STYLE_DEFAULT:
  case RECTO_LIST_STYLE_DECIMAL:
  case RECTO_LIST_STYLE_EXAMPLE:
    return 1;
  case RECTO_LIST_STYLE_LOWER_ALPHA:
  case RECTO_LIST_STYLE_UPPER_ALPHA:
    return start >= 1 && start <= 26 && start != 9;
  case RECTO_LIST_STYLE_LOWER_ROMAN:
  case RECTO_LIST_STYLE_UPPER_ROMAN:
    return start >= 1 && start < 4000 && start != 5 && start != 10 &&
           start != 50 && start != 100 && start != 500 && start != 1000;
  default:
    return 0;
  }
}

static int S_list_wrapped(const recto_node *list) {
  return !S_marker_says_style(list) ||
         recto_list_delim_of(list) == RECTO_LIST_DELIM_DASH ||
         md_node_has_attrs(list);
}

/* Whether a list's markers are digits (cmark's, or an example's number):
   from another number than 1 they do not interrupt a paragraph; pandoc's
   other markers do, in a list. */
static int S_digit_markers(const recto_node *list) {
  recto_list_style st = recto_list_style_of(list);
  return st == RECTO_LIST_STYLE_DEFAULT || st == RECTO_LIST_STYLE_DECIMAL ||
         st == RECTO_LIST_STYLE_EXAMPLE || S_list_wrapped(list);
}

/* Whether two lists' markers read as one style (the digits of the
   default style and decimal do). */
static int S_same_style(const recto_node *a, const recto_node *b) {
  recto_list_style x = recto_list_style_of(a), y = recto_list_style_of(b);
  if (x == RECTO_LIST_STYLE_DEFAULT)
    x = RECTO_LIST_STYLE_DECIMAL;
  if (y == RECTO_LIST_STYLE_DEFAULT)
    y = RECTO_LIST_STYLE_DECIMAL;
  return x == y;
}

/* An ordered item's marker with the white space after it: number num of
   list, with delimiter delim ('.', ')', or '(' for two); "#" where its style has no
   numeral for num (pandoc's "#" goes on any list); digits in a list whose
   div says its style. */
static void S_ordered_marker(char *out, size_t cap, const recto_node *list,
                             int num, char delim) {
  char body[24];
  recto_list_style st = S_list_wrapped(list) ? RECTO_LIST_STYLE_DECIMAL
                                             : recto_list_style_of(list);
  int upper = st == RECTO_LIST_STYLE_UPPER_ALPHA ||
              st == RECTO_LIST_STYLE_UPPER_ROMAN;
  if (st == RECTO_LIST_STYLE_EXAMPLE) {
    strcpy(body, "@"); /* the reader numbers examples */
  } else if (st == RECTO_LIST_STYLE_LOWER_ALPHA ||
             st == RECTO_LIST_STYLE_UPPER_ALPHA) {
    if (num >= 1 && num <= 26)
      snprintf(body, sizeof body, "%c", (upper ? 'A' : 'a') + num - 1);
    else
      strcpy(body, "#");
  } else if (st == RECTO_LIST_STYLE_LOWER_ROMAN ||
             st == RECTO_LIST_STYLE_UPPER_ROMAN) {
    size_t n = 0;
    for (const md_roman *r = md_roman_numerals; num >= 1 && num < 4000 &&
                                                r->value; r++)
      for (; num >= r->value; num -= r->value)
        for (const char *c = r->s; *c; c++)
          body[n++] = upper ? (char)(*c - 'a' + 'A') : *c;
    body[n] = 0;
    if (!n)
      strcpy(body, "#");
  } else {
    snprintf(body, sizeof body, "%d", num);
  }
  /* a capital letter (or a one-letter roman numeral) and a period need
     two spaces, or they read as an initial */
  int two = delim == '.' && upper && (st == RECTO_LIST_STYLE_UPPER_ALPHA ||
                                      strlen(body) == 1);
  if (delim == '(')
    snprintf(out, cap, "(%s) ", body);
  else
    snprintf(out, cap, "%s%c%s", body, delim, two ? "  " : " ");
}

static char S_list_initial(const recto_node *list) {
  if (recto_list_kind_of(list) == RECTO_LIST_BULLET)
    return '-';
  /* '(' for "(1)"; "1-" has no Markdown: '.' here, the div says it */
  recto_list_delim d = recto_list_delim_of(list);
  return d == RECTO_LIST_DELIM_PAREN        ? ')'
         : d == RECTO_LIST_DELIM_TWO_PARENS ? '('
                                            : '.';
}

static char S_flip(char c) {
  return c == '-' ? '*' : c == '*' ? '-' : c == '.' ? ')' : '.';
}

/* The bullet or delimiter of a list: a list right after a list of the same
   kind would join it, so such runs alternate (a list in its div joins
   none). */
static char S_list_char(const recto_node *list) {
  const recto_node *start = list;
  if (S_list_wrapped(list))
    return S_list_initial(list);
  while (S_is(recto_node_prev(start), RECTO_NODE_LIST) &&
         recto_list_kind_of(recto_node_prev(start)) ==
             recto_list_kind_of(list) &&
         S_same_style(recto_node_prev(start), list) &&
         !S_list_wrapped(recto_node_prev(start)))
    start = recto_node_prev(start);
  char c = S_list_initial(start);
  for (const recto_node *q = start; q != list; q = recto_node_next(q)) {
    char nc = S_list_initial(recto_node_next(q));
    c = nc == c ? S_flip(c) : nc;
  }
  return c;
}

/* A table's head, body or foot: tags in HTML; the head of a pipe table
   ends with the delimiter row. */
static void S_section(S_walk *k, recto_node *n, int close) {
  S_frame *tf = S_table_frame(k, recto_node_parent(n));
  recto_node_type t = recto_node_type_of(n);
  if (tf && (tf->flags & F_HTML))
    S_html_tag(k->w, S_section_tag(t), close ? NULL : n, close);
  else if (tf && close && t == RECTO_NODE_TABLE_HEAD)
    S_delim_row(k->w, recto_node_parent(n), tf->ncols);
}

/* ---- notes and citations ---- */

static void S_note_ref(md_w *w, recto_node *note) {
  const char *label;
  if (S_is(note, RECTO_NODE_NOTE)) {
    if (w->nnotes == w->notes_cap) {
      w->notes_cap = w->notes_cap ? w->notes_cap * 2 : 16;
      w->notes = realloc(w->notes, w->notes_cap * sizeof *w->notes);
      w->labels = realloc(w->labels, w->notes_cap * sizeof *w->labels);
      if (!w->notes || !w->labels)
        recto_out_of_memory();
    }
    label = md_w_note_label(w, note);
    w->notes[w->nnotes] = note;
    w->labels[w->nnotes] = label;
    w->nnotes++;
  } else {
    label = recto_node_marker(note);
    if (!label || !*label)
      label = "?";
  }
  md_w_lits(w, "[^");
  md_w_lits(w, label);
  md_w_lits(w, "]");
}

static int S_streq(const char *a, const char *b) {
  return !strcmp(a ? a : "", b ? b : "");
}

static int S_item_is(const recto_cite_item *it, const md_cite *c) {
  return S_streq(it->key, c->key) && it->mode == c->mode &&
         S_streq(it->prefix, c->prefix) && S_streq(it->suffix, c->suffix) &&
         S_streq(it->locator, c->locator) && S_streq(it->label, c->label);
}

static int S_items_are(recto_node *cite, size_t from, const md_cite *items,
                       size_t n) {
  if (!n || recto_cite_count(cite) != from + n)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (!S_item_is(recto_cite_item_at(cite, from + i), &items[i]))
      return 0;
  return 1;
}

/* s without the spaces around it, in the arena. */
static const char *S_trimmed(recto_doc *doc, const char *s, size_t len) {
  while (len && *s == ' ')
    s++, len--;
  while (len && s[len - 1] == ' ')
    len--;
  return recto_strndup(doc, s, len);
}

/* Whether the citation text, read again, gives the same items: then it is
   written as it stands, its brackets at *open and *close left unescaped. */
static int S_cite_verbatim(md_w *w, recto_node *cite, size_t *open,
                           size_t *close) {
  recto_node *first = recto_node_first_child(cite);
  recto_node *last = recto_node_last_child(cite);
  if (!S_is(first, RECTO_NODE_TEXT) || !S_is(last, RECTO_NODE_TEXT) ||
      md_node_has_attrs(cite))
    return 0;
  recto_buf real = RECTO_BUF_INIT, scan = RECTO_BUF_INIT;
  for (recto_node *n = first; n; n = recto_node_next(n)) {
    if (S_is(n, RECTO_NODE_TEXT)) {
      recto_buf_put(&real, recto_node_text(n), recto_node_text_len(n));
      recto_buf_put(&scan, recto_node_text(n), recto_node_text_len(n));
    } else if (S_is(n, RECTO_NODE_SOFT_BREAK) ||
               S_is(n, RECTO_NODE_LINE_BREAK)) {
      recto_buf_putc(&real, ' ');
      recto_buf_putc(&scan, ' ');
    } else {
      /* what is inside other nodes is escaped when written */
      size_t at = scan.len;
      md_plain(&real, n);
      md_plain(&scan, n);
      for (size_t i = at; i < scan.len; i++)
        if (strchr("@;[]", scan.data[i]))
          scan.data[i] = '\x1a';
    }
  }
  md_reader rd = {0};
  rd.doc = w->doc;
  rd.ctx = w->ctx;
  md_cite *items = NULL;
  const char *s = real.data ? real.data : "";
  const char *sc = scan.data ? scan.data : "";
  size_t len = real.len, n;
  int ok = 0;
  if (len >= 2 && s[0] == '[' && s[len - 1] == ']' &&
      !memchr(sc + 1, '[', len - 2) && !memchr(sc + 1, ']', len - 2)) {
    n = md_cite_parse(&rd, sc + 1, s + 1, len - 2, &items);
    *open = 0;
    *close = len - 1;
    ok = S_items_are(cite, 0, items, n);
  } else if (len >= 2 && s[0] == '@') {
    size_t kl = md_cite_key_len(s + 1, len - 1), r = 1 + kl;
    md_cite one = {0};
    one.mode = RECTO_CITE_AUTHOR_IN_TEXT;
    one.key = kl ? recto_strndup(w->doc, s[1] == '{' ? s + 2 : s + 1,
                                 s[1] == '{' ? kl - 2 : kl)
                 : NULL;
    *open = *close = (size_t)-1;
    recto_cite_item *it0 = recto_cite_count(cite)
                               ? recto_cite_item_at(cite, 0)
                               : NULL;
    if (kl && r == len) {
      ok = recto_cite_count(cite) == 1 && S_item_is(it0, &one);
    } else if (kl && r + 3 <= len && s[r] == ' ' && s[r + 1] == '[' &&
               s[len - 1] == ']' && !memchr(sc + r + 2, '[', len - r - 3) &&
               !memchr(sc + r + 2, ']', len - r - 3)) {
      size_t ib = r + 2, ie = len - 1;
      *open = r + 1;
      *close = len - 1;
      size_t from;
      if (memchr(sc + ib, '@', ie - ib) &&
          (n = md_cite_parse_after_key(&rd, sc + ib, s + ib, ie - ib, &from,
                                       &items)) > 0) {
        /* "@doe [-@roe; @poe]", "@doe [p. 3; @roe]" */
        if (from > 1)
          md_cite_split_locator(w->doc, S_trimmed(w->doc, s + ib, from - 1),
                                &one.label, &one.locator, &one.suffix);
        ok = it0 && S_item_is(it0, &one) && S_items_are(cite, 1, items, n);
      } else {
        while (ib < ie && s[ib] == ' ')
          ib++;
        while (ie > ib && s[ie - 1] == ' ')
          ie--;
        if (ie > ib)
          md_cite_split_locator(w->doc, recto_strndup(w->doc, s + ib, ie - ib),
                                &one.label, &one.locator, &one.suffix);
        ok = recto_cite_count(cite) == 1 && S_item_is(it0, &one);
      }
    }
  }
  recto_buf_free(&real);
  recto_buf_free(&scan);
  return ok;
}

static void S_cite_emit(void *user, const char *s, size_t len, int literal) {
  md_w *w = user;
  if (literal)
    md_w_lit(w, s, len);
  else
    md_w_text(w, s, len);
}

static void S_cite_key_emit(void *user, const char *s, size_t len,
                            int literal) {
  md_w *w = user;
  /* keys the grammar would cut short go in braces */
  if (literal && len && w->last == '@' && md_cite_key_len(s, len) != len) {
    md_w_lits(w, "{");
    md_w_lit(w, s, len);
    md_w_lits(w, "}");
    return;
  }
  S_cite_emit(user, s, len, literal);
}

/* ---- the walk ---- */

static S_frame *S_push(S_walk *k, recto_node *n) {
  if (k->depth == k->cap) {
    k->cap = k->cap ? k->cap * 2 : 64;
    S_frame *s = realloc(k->st, k->cap * sizeof *s);
    if (!s)
      recto_out_of_memory();
    k->st = s;
  }
  S_frame *f = &k->st[k->depth++];
  memset(f, 0, sizeof *f);
  f->node = n;
  f->prefix_len = k->w->prefix.len;
  return f;
}

/* Blocks that carry their attributes themselves. */
static int S_block_has_own_attrs(recto_node_type t) {
  switch (t) {
  case RECTO_NODE_HEADING: case RECTO_NODE_DIV: case RECTO_NODE_CODE_BLOCK:
  case RECTO_NODE_TABLE_FLAT: case RECTO_NODE_FIGURE:
  case RECTO_NODE_BIBLIOGRAPHY: case RECTO_NODE_PAGE_BREAK:
  case RECTO_NODE_CAPTION: case RECTO_NODE_ITEM: case RECTO_NODE_DEF:
  case RECTO_NODE_DEF_ITEM: case RECTO_NODE_TERM: case RECTO_NODE_ROW:
  case RECTO_NODE_CELL: case RECTO_NODE_TABLE_HEAD:
  case RECTO_NODE_TABLE_BODY: case RECTO_NODE_TABLE_FOOT:
  case RECTO_NODE_LINE: case RECTO_NODE_BIB_ENTRY: case RECTO_NODE_NOTE_DEF:
    return 1;
  default:
    return 0;
  }
}

/* Inlines that carry their attributes themselves. */
static int S_inline_has_own_attrs(recto_node_type t) {
  switch (t) {
  case RECTO_NODE_SPAN: case RECTO_NODE_LINK: case RECTO_NODE_IMAGE:
  case RECTO_NODE_CODE: case RECTO_NODE_PAGE_BREAK: case RECTO_NODE_UNDERLINE:
  case RECTO_NODE_SMALLCAPS: case RECTO_NODE_SUPERSCRIPT:
  case RECTO_NODE_SUBSCRIPT: case RECTO_NODE_QUOTED: case RECTO_NODE_MATH:
  case RECTO_NODE_ANNOTATION:
    return 1;
  default:
    return 0;
  }
}

static void S_div_open(md_w *w, recto_node *n, const char *classes) {
  if (w->after_marker) {
    /* a fence cannot share the line of a list or note marker */
    md_w_newline(w);
    w->after_marker = 0;
  }
  md_w_lits(w, "::: ");
  md_w_attrs(w, n, classes, 1, 0);
  md_w_newline(w);
}

static void S_div_close(md_w *w) {
  md_w_cr(w);
  md_w_lits(w, ":::");
}

/* '*' unless the emphasis sits right inside another, where "**" would
   read as strong emphasis: then '_' (strong emphasis is always "**",
   which nests without ambiguity). */
static const char *S_emph_delim(recto_node *n) {
  recto_node *p = recto_node_parent(n);
  recto_node *prev = recto_node_prev(n);
  /* right after an emphasis closed with '*', another '*' would join it */
  if (S_is(prev, RECTO_NODE_EMPH) || S_is(prev, RECTO_NODE_STRONG))
    return S_is(n, RECTO_NODE_STRONG) ? "__" : "_";
  if (S_is(n, RECTO_NODE_STRONG))
    return "**";
  if (S_is(p, RECTO_NODE_EMPH) && (!recto_node_prev(n) || !recto_node_next(n)))
    return "_";
  if (S_is(p, RECTO_NODE_STRONG) && !recto_node_prev(n) && !recto_node_next(n))
    return "_";
  return "*";
}

static void S_page_break(md_w *w, recto_node *n) {
  recto_buf b = RECTO_BUF_INIT;
  const char *label = recto_page_label(n);
  recto_page_source src = recto_page_source_of(n);
  const char *hd = recto_page_header(n), *ft = recto_page_footer(n);
  md_w_lits(w, "[]");
  /* the page fields first, then the node's own attributes */
  recto_node *tmp = recto_node_new(w->doc, RECTO_NODE_SPAN);
  md_copy_attrs(n, tmp);
  recto_node_set_attr(tmp, "n", NULL);
  recto_node_set_attr(tmp, "source", NULL);
  recto_node_set_attr(tmp, "header", NULL);
  recto_node_set_attr(tmp, "footer", NULL);
  recto_node *fields = recto_node_new(w->doc, RECTO_NODE_SPAN);
  if (label)
    recto_node_set_attr(fields, "n", label);
  if (src != RECTO_PAGE_SOURCE_UNKNOWN)
    recto_node_set_attr(fields, "source", recto_page_source_name(src));
  if (hd)
    recto_node_set_attr(fields, "header", hd);
  if (ft)
    recto_node_set_attr(fields, "footer", ft);
  size_t na = recto_node_attr_count(tmp);
  for (size_t i = 0; i < na; i++) {
    const char *k, *v;
    if (recto_node_attr_at(tmp, i, &k, &v) == 0)
      recto_node_set_attr(fields, k, v);
  }
  if (recto_node_id(tmp))
    recto_node_set_id(fields, recto_node_id(tmp));
  if (recto_node_classes(tmp) && *recto_node_classes(tmp))
    recto_node_set_classes(fields, recto_node_classes(tmp));
  if (recto_node_lang(tmp))
    recto_node_set_lang(fields, recto_node_lang(tmp));
  if (recto_node_dir(tmp) != RECTO_DIR_UNSET)
    recto_node_set_dir(fields, recto_node_dir(tmp));
  md_w_attrs(w, fields, "pagebreak", 0, 0);
  recto_buf_free(&b);
}

/* Whether a sub- or superscript (delim '~' or '^') or a quotation (delim
   '"' or '\'') can be written in pandoc's own syntax and read back as
   it is: no attributes, and text that the delimiters can close on. */
static int S_plain_delims(md_w *w, recto_node *n, char delim) {
  if (md_node_has_attrs(n) || w->cite)
    return 0;
  recto_buf b = RECTO_BUF_INIT;
  md_plain(&b, n);
  int ok = b.len > 0;
  if (delim == '~' || delim == '^') {
    for (size_t i = 0; ok && i < b.len; i++)
      ok = !md_isspace((unsigned char)b.data[i]) && b.data[i] != delim &&
           b.data[i] != '~' && b.data[i] != '^';
  } else if (ok) {
    /* cmark pairs smart quotes by the flanking rules: the opening one
       left-flanking only, the closing one right-flanking (a quotation
       inside starts or ends with its own quote) */
    recto_node *fc = recto_node_first_child(n), *lc = recto_node_last_child(n);
    unsigned char a = S_is(fc, RECTO_NODE_QUOTED) ? '"' : (unsigned char)b.data[0];
    unsigned char z = S_is(lc, RECTO_NODE_QUOTED) ? '"'
                                                  : (unsigned char)b.data[b.len - 1];
    unsigned char p = w->begin_content || !w->line_open ? ' '
                                                        : (unsigned char)w->last;
    int ps = md_isspace(p), pp = p < 0x80 && md_ispunct(p);
    int as = md_isspace(a), ap = a < 0x80 && md_ispunct(a);
    int left = !as && (!ap || ps || pp), right = !ps && (!pp || as || ap);
    ok = left && !right && p != ']' && p != ')' && p != '\\' &&
         !md_isspace(z) && a != 0xE2 && z != 0xE2;
    for (size_t i = 0; ok && i < b.len; i++)
      ok = b.data[i] != delim && b.data[i] != '\n';
  }
  recto_buf_free(&b);
  return ok;
}

static const char *S_span_class(recto_node_type t) {
  switch (t) {
  case RECTO_NODE_UNDERLINE: return "underline";
  case RECTO_NODE_SMALLCAPS: return "smallcaps";
  case RECTO_NODE_SUPERSCRIPT: return "superscript";
  case RECTO_NODE_SUBSCRIPT: return "subscript";
  case RECTO_NODE_QUOTED: return "quoted";
  default: return NULL;
  }
}

/* Inline text over several lines, as it is. */
static void S_lines(md_w *w, const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    size_t e = i;
    while (e < len && s[e] != '\n')
      e++;
    if (i) {
      /* indented, a continuation line cannot start a block (">", "#")
         and cmark drops the indentation again */
      md_w_newline(w);
      md_w_lits(w, "    ");
    }
    md_w_lit(w, s + i, e - i);
    i = e + 1;
  }
}

/* Math the reader finds again as $...$; otherwise a code span of class
   math keeps it. */
static int S_math_plain(const char *s, size_t len, int display) {
  if (!len)
    return 0;
  if (!display && (s[0] == ' ' || s[len - 1] == ' ' || s[len - 1] == '\\'))
    return 0;
  int tildes = 0;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c == '\n' && display) {
      /* a line end as the reader reads it inside display math: not after
         white space or an odd run of backslashes (a break), not a blank
         line (the end of the paragraph) */
      size_t k = i;
      while (k > 0 && s[k - 1] == '\\')
        k--;
      if ((i - k) % 2 || (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t')))
        return 0;
      size_t j = i + 1;
      while (j < len && (s[j] == ' ' || s[j] == '\t'))
        j++;
      if (j < len && s[j] == '\n')
        return 0;
      continue;
    }
    if (c == '$' || c == '*' || c == '`' || c == '\n')
      return 0;
    if (c == '_' && (i == 0 || s[i - 1] == ' ' || md_ispunct((unsigned char)s[i - 1])))
      return 0;
    if (c == '<' && i + 1 < len &&
        (md_isalnum((unsigned char)s[i + 1]) || strchr("/!?", s[i + 1])))
      return 0;
    if (c == '&' && i + 1 < len &&
        (md_isalnum((unsigned char)s[i + 1]) || s[i + 1] == '#'))
      return 0;
    if (c == '[' || c == ']')
      return 0;
    if (c == '~')
      tildes++;
  }
  return tildes < 2;
}

static void S_math(md_w *w, recto_node *n) {
  const char *s = recto_node_text(n);
  size_t len = s ? recto_node_text_len(n) : 0;
  int display = recto_node_math_display(n);
  if (!md_node_has_attrs(n) && S_math_plain(s, len, display)) {
    md_w_lits(w, display ? "$$" : "$");
    S_lines(w, s, len);
    if (len && s[len - 1] == '\n') { /* "$$" on a line of its own */
      md_w_newline(w);
      md_w_lits(w, "    ");
    }
    md_w_lits(w, display ? "$$" : "$");
    return;
  }
  md_w_code(w, s ? s : "", len);
  md_w_attrs(w, n, display ? "math display" : "math", 0, 0);
}

static void S_raw_inline(md_w *w, recto_node *n) {
  const char *fmt = recto_node_info(n);
  const char *s = recto_node_text(n);
  size_t len = s ? recto_node_text_len(n) : 0;
  if (fmt && !strcmp(fmt, "html") && len >= 3 && s[0] == '<' &&
      s[len - 1] == '>' &&
      !(w->inline_only && memchr(s, '\n', len))) {
    S_lines(w, s, len); /* as it was, over several lines if it was */
    return;
  }
  md_w_code(w, s ? s : "", len);
  recto_buf b = RECTO_BUF_INIT;
  recto_buf_printf(&b, "{=%s}", fmt && *fmt ? fmt : "raw");
  md_w_lit(w, b.data, b.len);
  recto_buf_free(&b);
}

static void S_bibliography_open(md_w *w, recto_node *n) {
  const char *id = recto_node_id(n);
  if (n == w->first_bib && (!id || !strcmp(id, "refs")) &&
      !(recto_node_classes(n) && *recto_node_classes(n)) &&
      !recto_node_attr_count(n) && !recto_node_lang(n) &&
      recto_node_dir(n) == RECTO_DIR_UNSET) {
    md_w_lits(w, "::: {#refs}");
    md_w_newline(w);
    return;
  }
  recto_node *tmp = recto_node_new(w->doc, RECTO_NODE_DIV);
  md_copy_attrs(n, tmp);
  if (n != w->first_bib) {
    recto_buf keys = RECTO_BUF_INIT;
    for (recto_node *c = recto_node_first_child(n); c; c = recto_node_next(c)) {
      recto_bib_entry *e = recto_node_bib_entry(c);
      if (S_is(c, RECTO_NODE_BIB_ENTRY) && e && e->id) {
        if (keys.len)
          recto_buf_putc(&keys, ' ');
        recto_buf_puts(&keys, e->id);
      }
    }
    recto_node_set_attr(tmp, "keys", keys.data ? keys.data : "");
    recto_buf_free(&keys);
  }
  S_div_open(w, tmp, "bibliography");
}

static void S_enter(S_walk *k, recto_iter *it, recto_node *n) {
  md_w *w = k->w;
  recto_node_type t = recto_node_type_of(n);
  int leaf = recto_node_is_leaf(t);
  S_frame *f = leaf ? NULL : S_push(k, n);
  S_frame tmpf;
  if (!f) {
    memset(&tmpf, 0, sizeof tmpf);
    f = &tmpf;
  }
  int block = recto_node_is_block(t);
  if (t == RECTO_NODE_PAGE_BREAK) {
    recto_node *p = recto_node_parent(n);
    block = !p || !recto_node_can_contain(p, RECTO_NODE_TEXT);
  }
  if (block) {
    S_sep(w, n);
    if (t == RECTO_NODE_LIST && S_list_wrapped(n) && !w->in_pipe_cell &&
        !w->inline_only) {
      /* what Markdown's list cannot say goes on a div of class "list" */
      recto_node *a = recto_node_new(w->doc, RECTO_NODE_DIV);
      md_copy_attrs(n, a);
      if (recto_list_style_of(n) != RECTO_LIST_STYLE_DEFAULT)
        recto_node_set_attr(a, "list-style", nat_enum_name(&nat_list_style, (int)recto_list_style_of(n)));
      if (recto_list_delim_of(n) == RECTO_LIST_DELIM_TWO_PARENS ||
          recto_list_delim_of(n) == RECTO_LIST_DELIM_DASH)
        recto_node_set_attr(a, "list-delim", nat_enum_name(&nat_list_delim, (int)recto_list_delim_of(n)));
      S_div_open(w, a, "list");
      f->flags |= F_WRAP_DIV;
      f->prefix_len = w->prefix.len;
    } else if (!S_block_has_own_attrs(t) && md_node_has_attrs(n) &&
               !w->in_pipe_cell && !w->inline_only) {
      S_div_open(w, n, NULL);
      f->flags |= F_WRAP_DIV;
      f->prefix_len = w->prefix.len;
    }
  } else if (!S_inline_has_own_attrs(t) && md_node_has_attrs(n) &&
             t != RECTO_NODE_CITE &&
             !(t == RECTO_NODE_NOTE && md_w_note_id_is_label(n))) {
    /* (a citation with text keeps them on its cite-text span) */
    md_w_lits(w, "[");
    f->flags |= F_WRAP_SPAN;
  }
  /* text inside a citation written as it stands */
  if (w->cite && t != RECTO_NODE_TEXT && leaf) {
    recto_buf p = RECTO_BUF_INIT;
    md_plain(&p, n);
    w->cite_pos += p.len;
    recto_buf_free(&p);
  }
  switch (t) {
  case RECTO_NODE_DOCUMENT:
  case RECTO_NODE_SECTION:
  case RECTO_NODE_PARAGRAPH:
  case RECTO_NODE_PLAIN:
    /* "Table:" beside a table would be read as its caption */
    if ((S_is(recto_node_prev(n), RECTO_NODE_TABLE) ||
         S_is(recto_node_next(n), RECTO_NODE_TABLE)) &&
        S_is(n, RECTO_NODE_PARAGRAPH))
      w->table_para = 1;
    break;
  case RECTO_NODE_HEADING: {
    int level = recto_node_level(n);
    level = level < 1 ? 1 : level > 6 ? 6 : level;
    md_w_lit(w, "######", (size_t)level);
    md_w_lits(w, " ");
    w->inline_only++;
    w->in_heading++;
    break;
  }
  case RECTO_NODE_CODE_BLOCK:
    S_code_block(w, n);
    break;
  case RECTO_NODE_TABLE_FLAT: {
    S_fenced(w, n, NULL, 1, "table-flat");
    break;
  }
  case RECTO_NODE_RAW_BLOCK:
    S_raw_block(w, n);
    break;
  case RECTO_NODE_THEMATIC_BREAK:
    md_w_lits(w, w->after_marker ? "___" : "* * *");
    break;
  case RECTO_NODE_BLOCK_QUOTE:
    if (w->after_marker) {
      /* on the line of a list marker: "- > quote"; empty, "- >" says it */
      md_w_marker(w, "> ");
      f->mark = (size_t)-1;
    } else {
      /* pending blank lines belong outside the quote */
      md_w_settle(w);
      f->mark = w->out->len;
    }
    S_push_prefix(w, "> ");
    break;
  case RECTO_NODE_LIST:
    f->number = recto_list_start(n);
    f->bullet = S_list_char(n);
    break;
  case RECTO_NODE_ITEM: {
    S_frame *lf = S_table_frame(k, recto_node_parent(n));
    recto_node *list = recto_node_parent(n);
    if (recto_node_prev(n)) {
      if (recto_list_tight(list))
        md_w_cr(w);
      else
        md_w_blank(w);
    } else {
      md_w_cr(w);
    }
    char marker[32];
    if (recto_list_kind_of(list) == RECTO_LIST_ORDERED) {
      int num = lf ? lf->number : 1;
      if (lf && lf->number < 999999999) /* cmark's largest; no overflow */
        lf->number++;
      if (num < 0)
        num = 0;
      if (num > 999999999)
        num = 999999999;
      S_ordered_marker(marker, sizeof marker, list, num,
                       lf ? lf->bullet : '.');
    } else {
      snprintf(marker, sizeof marker, "%c ", lf ? lf->bullet : '-');
    }
    md_w_marker(w, marker);
    S_spaces(w, strlen(marker));
    break;
  }
  case RECTO_NODE_DEF_LIST:
    break;
  case RECTO_NODE_DEF_ITEM:
    if (recto_node_prev(n))
      md_w_blank(w);
    if (!S_is(recto_node_first_child(n), RECTO_NODE_TERM)) {
      md_w_cr(w);
      md_w_text(w, S_NBSP, strlen(S_NBSP)); /* a definition needs a term */
    }
    break;
  case RECTO_NODE_TERM:
    md_w_cr(w);
    w->inline_only++;
    if (!recto_node_first_child(n))
      md_w_text(w, S_NBSP, strlen(S_NBSP));
    break;
  case RECTO_NODE_DEF: {
    recto_node *first = recto_node_first_child(n);
    if (S_is(first, RECTO_NODE_PLAIN))
      md_w_cr(w);
    else
      md_w_blank(w);
    md_w_marker(w, ":   ");
    S_spaces(w, 4);
    if (!first)
      md_w_text(w, S_NBSP, strlen(S_NBSP)); /* a marker needs content */
    break;
  }
  case RECTO_NODE_TABLE: {
    size_t ncols;
    if (S_pipe_ok(n, &ncols, 0)) {
      f->flags |= F_PIPE;
      f->ncols = ncols;
      if (!w->after_marker) {
        md_w_settle(w);
        f->mark = w->out->len;
        f->flags |= F_ALIGN;
      }
      recto_node *c = recto_node_first_child(n);
      if (S_is(c, RECTO_NODE_CAPTION))
        c = recto_node_next(c);
      if (!S_is(c, RECTO_NODE_TABLE_HEAD)) {
        md_w_lits(w, "|");
        for (size_t i = 0; i < ncols; i++)
          md_w_lits(w, "  |");
        S_delim_row(w, n, ncols);
      }
    } else if (!w->in_pipe_cell && !w->inline_only &&
               S_pipe_ok(n, &ncols, 1) && S_grid_table(w, n, ncols)) {
      recto_node *c = recto_node_first_child(n);
      if (S_is(c, RECTO_NODE_CAPTION))
        S_table_caption(w, c);
      recto_iter_skip_children(it);
      f->flags |= F_DONE;
    } else {
      f->flags |= F_HTML;
      S_html_tag(w, "table", n, 0);
      S_html_cols(w, n);
    }
    break;
  }
  case RECTO_NODE_CAPTION: {
    recto_node *p = recto_node_parent(n);
    S_frame *tf = S_table_frame(k, p);
    if (S_is(p, RECTO_NODE_TABLE) && tf && (tf->flags & F_PIPE)) {
      tf->caption = n;
      recto_iter_skip_children(it);
    } else if (S_is(p, RECTO_NODE_TABLE)) {
      S_html_tag(w, "caption", n, 0);
      md_w_blank(w);
    } else {
      S_div_open(w, n, "caption");
    }
    break;
  }
  case RECTO_NODE_TABLE_HEAD:
  case RECTO_NODE_TABLE_BODY:
  case RECTO_NODE_TABLE_FOOT:
    S_section(k, n, 0);
    break;
  case RECTO_NODE_ROW: {
    S_frame *tf = S_table_frame(k, recto_node_parent(recto_node_parent(n)));
    if (tf && (tf->flags & F_PIPE)) {
      md_w_cr(w);
      md_w_lits(w, "|");
      f->flags |= F_PIPE;
      f->ncols = tf->ncols;
    } else {
      S_html_tag(w, "tr", n, 0);
    }
    break;
  }
  case RECTO_NODE_CELL: {
    S_frame *rf = S_table_frame(k, recto_node_parent(n));
    if (rf && (rf->flags & F_PIPE)) {
      md_w_lits(w, " ");
      w->in_pipe_cell++;
      w->inline_only++;
      f->flags |= F_PIPE;
    } else {
      recto_node *sec = recto_node_parent(recto_node_parent(n));
      int head = S_is(sec, RECTO_NODE_TABLE_HEAD);
      if (!recto_node_first_child(n)) {
        /* an empty cell on one line */
        S_html_tag(w, head ? "th" : "td", n, 2);
        recto_iter_skip_children(it);
        f->flags |= F_DONE;
      } else {
        S_html_tag(w, head ? "th" : "td", n, 0);
        md_w_blank(w);
      }
    }
    break;
  }
  case RECTO_NODE_FIGURE:
    S_div_open(w, n, "figure");
    break;
  case RECTO_NODE_DIV:
    S_div_open(w, n, NULL);
    break;
  case RECTO_NODE_NOTE_DEF:
    md_w_lits(w, "[^");
    md_w_lits(w, recto_node_marker(n) ? recto_node_marker(n) : "?");
    md_w_marker(w, "]: ");
    S_spaces(w, 4);
    break;
  case RECTO_NODE_BIBLIOGRAPHY:
    S_bibliography_open(w, n);
    break;
  case RECTO_NODE_BIB_ENTRY:
    break;
  case RECTO_NODE_LINE_BLOCK:
    break;
  case RECTO_NODE_LINE:
    md_w_cr(w);
    md_w_lits(w, "| ");
    w->inline_only++;
    if (md_node_has_attrs(n))
      md_w_lits(w, "["); /* a span of class "line" holds them */
    break;
  case RECTO_NODE_PAGE_BREAK:
    S_page_break(w, n);
    break;
  /* ---- inlines ---- */
  case RECTO_NODE_TEXT: {
    const char *s = recto_node_text(n);
    size_t len = s ? recto_node_text_len(n) : 0;
    if (w->cite && recto_node_parent(n) != w->cite) {
      recto_node *c = w->cite;
      w->cite = NULL;
      md_w_text(w, s, len);
      w->cite = c;
      w->cite_pos += len;
    } else {
      md_w_text(w, s, len);
    }
    break;
  }
  case RECTO_NODE_SOFT_BREAK:
    if ((!recto_node_prev(n) || !recto_node_next(n)) &&
        recto_node_is_block(recto_node_type_of(recto_node_parent(n))))
      break; /* cmark keeps no break at the start or end of a block */
    if (w->inline_only) {
      md_w_text(w, " ", 1);
    } else {
      md_w_newline(w);
      w->after_break = 1;
    }
    break;
  case RECTO_NODE_LINE_BREAK:
    if ((!recto_node_prev(n) || !recto_node_next(n)) &&
        recto_node_is_block(recto_node_type_of(recto_node_parent(n))))
      break; /* nothing to break: Markdown cannot say it */
    if (w->inline_only) {
      md_w_text(w, " ", 1);
    } else {
      md_w_lits(w, "\\");
      md_w_newline(w);
      w->after_break = 1;
    }
    break;
  case RECTO_NODE_EMPH:
  case RECTO_NODE_STRONG:
  case RECTO_NODE_STRIKEOUT:
    f->delim = t == RECTO_NODE_STRIKEOUT ? "~~" : S_emph_delim(n);
    md_w_lits(w, f->delim);
    f->mark = w->out->len;
    break;
  case RECTO_NODE_SUPERSCRIPT:
  case RECTO_NODE_SUBSCRIPT:
  case RECTO_NODE_QUOTED: {
    char d = t == RECTO_NODE_SUPERSCRIPT ? '^'
             : t == RECTO_NODE_SUBSCRIPT ? '~'
             : recto_node_quote_kind(n) == RECTO_QUOTE_SINGLE ? '\''
                                                              : '"';
    if (S_plain_delims(w, n, d)) {
      f->flags |= F_PLAIN;
      md_w_lit(w, &d, 1);
    } else {
      md_w_lit(w, &d, t == RECTO_NODE_QUOTED);
      md_w_lits(w, "[");
    }
    break;
  }
  case RECTO_NODE_UNDERLINE:
  case RECTO_NODE_SMALLCAPS:
  case RECTO_NODE_SPAN:
    md_w_lits(w, "[");
    break;
  case RECTO_NODE_CODE:
    md_w_code(w, recto_node_text(n) ? recto_node_text(n) : "",
              recto_node_text(n) ? recto_node_text_len(n) : 0);
    if (md_node_has_attrs(n))
      md_w_attrs(w, n, NULL, 0, 0);
    break;
  case RECTO_NODE_MATH:
    S_math(w, n);
    break;
  case RECTO_NODE_RAW_INLINE:
    S_raw_inline(w, n);
    break;
  case RECTO_NODE_LINK:
    if (md_w_autolink_ok(n) && !w->cite) {
      const char *url = recto_node_url(n);
      md_w_lits(w, "<");
      md_w_lits(w, strncmp(url, "mailto:", 7) ? url : url + 7);
      md_w_lits(w, ">");
      f->flags |= F_DONE;
      recto_iter_skip_children(it);
    } else {
      md_w_lits(w, "[");
    }
    break;
  case RECTO_NODE_IMAGE:
    md_w_lits(w, "![");
    break;
  case RECTO_NODE_NOTE:
    if (w->meta_mode) {
      md_w_lits(w, "^[");
      w->inline_only++;
      break;
    }
    S_note_ref(w, n);
    recto_iter_skip_children(it);
    break;
  case RECTO_NODE_NOTE_REF:
    S_note_ref(w, n);
    break;
  case RECTO_NODE_ANNOTATION: {
    /* a span with a class: its paragraphs run on as one line */
    const char *text = recto_node_plain_text(n);
    while (*text == ' ')
      text++;
    md_w_lits(w, "[");
    md_w_text(w, text, strlen(text));
    md_w_lits(w, "]");
    md_w_attrs(w, n, NULL, 0, 0);
    recto_iter_skip_children(it);
    f->flags |= F_DONE;
    break;
  }
  case RECTO_NODE_CITE: {
    size_t open, close;
    f->cite_saved = w->cite;
    f->cite_pos_saved = w->cite_pos;
    f->cite_open_saved = w->cite_open;
    f->cite_close_saved = w->cite_close;
    if (!w->cite && S_cite_verbatim(w, n, &open, &close)) {
      w->cite = n;
      w->cite_pos = 0;
      w->cite_open = open;
      w->cite_close = close;
      f->flags |= F_VERBATIM;
      break;
    }
    recto_node *saved = w->cite;
    w->cite = NULL;
    if (recto_cite_count(n)) {
      md_cite_generate(n, S_cite_key_emit, w);
      f->flags |= md_cite_modes_lost(n) ? F_MODES : 0;
    } else {
      f->flags |= F_NO_ITEMS; /* only its text, in a span of class cite */
    }
    w->cite = saved;
    if (recto_node_first_child(n) || (f->flags & (F_MODES | F_NO_ITEMS)))
      md_w_lits(w, "[");
    else
      recto_iter_skip_children(it);
    break;
  }
  default:
    break;
  }
}

static void S_exit(S_walk *k, recto_node *n) {
  md_w *w = k->w;
  S_frame *f = &k->st[--k->depth];
  recto_node_type t = recto_node_type_of(n);
  switch (t) {
  case RECTO_NODE_PARAGRAPH:
  case RECTO_NODE_PLAIN:
    w->table_para = 0;
    break;
  case RECTO_NODE_HEADING:
    w->inline_only--;
    w->in_heading--;
    if (md_node_has_attrs(n)) {
      /* an id the reader makes again is left out, as pandoc does */
      const char *id = recto_node_id(n);
      recto_node *bare = n;
      if (id && *id) {
        recto_buf b = RECTO_BUF_INIT;
        md_plain(&b, n);
        const char *auto_id = md_unique_ident(
            w->doc, &w->auto_ids,
            md_auto_ident(w->doc, b.data ? b.data : "", b.len));
        recto_buf_free(&b);
        md_strmap_put(&w->auto_ids, id, id);
        if (!strcmp(auto_id, id)) {
          bare = recto_node_new(w->doc, RECTO_NODE_SPAN);
          md_copy_attrs(n, bare);
          recto_node_set_id(bare, NULL);
        }
      }
      if (md_node_has_attrs(bare)) {
        md_w_lits(w, " ");
        md_w_attrs(w, bare, NULL, 0, 0);
      }
    }
    break;
  case RECTO_NODE_BLOCK_QUOTE:
    S_pop_prefix(w, f->prefix_len);
    if (w->out->len == f->mark)
      md_w_lits(w, ">");
    break;
  case RECTO_NODE_ITEM:
  case RECTO_NODE_DEF:
  case RECTO_NODE_NOTE_DEF:
    S_pop_prefix(w, f->prefix_len);
    w->after_marker = 0;
    break;
  case RECTO_NODE_TERM:
    w->inline_only--;
    break;
  case RECTO_NODE_LINE:
    if (md_node_has_attrs(n)) {
      md_w_lits(w, "]");
      md_w_attrs(w, n, "line", 0, 0);
    }
    w->inline_only--;
    break;
  case RECTO_NODE_TABLE:
    if (f->flags & F_PIPE) {
      if (f->flags & F_ALIGN)
        S_align_table(w, f->mark, f->ncols);
      if (f->caption)
        S_table_caption(w, f->caption);
    } else if (!(f->flags & F_DONE)) {
      S_html_tag(w, "table", NULL, 1);
    }
    break;
  case RECTO_NODE_CAPTION: {
    recto_node *p = recto_node_parent(n);
    if (S_is(p, RECTO_NODE_TABLE)) {
      S_frame *tf = S_table_frame(k, p);
      if (!(tf && (tf->flags & F_PIPE))) {
        md_w_blank(w);
        S_html_tag(w, "caption", NULL, 1);
      }
    } else {
      S_div_close(w);
    }
    break;
  }
  case RECTO_NODE_TABLE_HEAD:
  case RECTO_NODE_TABLE_BODY:
  case RECTO_NODE_TABLE_FOOT:
    S_section(k, n, 1);
    break;
  case RECTO_NODE_ROW:
    if (f->flags & F_PIPE) {
      for (size_t i = f->cells; i < f->ncols; i++)
        md_w_lits(w, "  |");
    } else {
      S_html_tag(w, "tr", NULL, 1);
    }
    break;
  case RECTO_NODE_CELL: {
    if (f->flags & F_DONE)
      break;
    if (f->flags & F_PIPE) {
      w->in_pipe_cell--;
      w->inline_only--;
      md_w_lits(w, " |");
      k->st[k->depth - 1].cells++; /* the row's frame */
      break;
    }
    recto_node *sec = recto_node_parent(recto_node_parent(n));
    md_w_blank(w);
    S_html_tag(w, S_is(sec, RECTO_NODE_TABLE_HEAD) ? "th" : "td", NULL, 1);
    break;
  }
  case RECTO_NODE_FIGURE:
  case RECTO_NODE_DIV:
  case RECTO_NODE_BIBLIOGRAPHY:
    S_div_close(w);
    break;
  case RECTO_NODE_EMPH:
  case RECTO_NODE_STRONG:
  case RECTO_NODE_STRIKEOUT: {
    recto_buf *o = w->out;
    size_t dl = strlen(f->delim);
    if (o->len == f->mark) {
      /* nothing inside: no emphasis to write */
      recto_buf_truncate(o, f->mark - dl);
      w->last = o->len ? o->data[o->len - 1] : '\n';
      break;
    }
    /* white space cannot stand just inside the delimiters: move it out */
    size_t lead = 0;
    while (f->mark + lead < o->len && o->data[f->mark + lead] == ' ')
      lead++;
    if (lead && f->mark + lead < o->len) {
      memmove(o->data + f->mark - dl, o->data + f->mark, lead);
      memcpy(o->data + f->mark - dl + lead, f->delim, dl);
    }
    size_t trail = 0;
    while (o->len - trail > f->mark + lead && o->data[o->len - 1 - trail] == ' ')
      trail++;
    recto_buf_truncate(o, o->len - trail);
    md_w_lits(w, f->delim);
    for (size_t i = 0; i < trail; i++)
      md_w_lits(w, " ");
    break;
  }
  case RECTO_NODE_UNDERLINE:
  case RECTO_NODE_SMALLCAPS:
  case RECTO_NODE_SUPERSCRIPT:
  case RECTO_NODE_SUBSCRIPT:
  case RECTO_NODE_QUOTED:
    if (f->flags & F_PLAIN) {
      md_w_lits(w, t == RECTO_NODE_SUPERSCRIPT ? "^"
                   : t == RECTO_NODE_SUBSCRIPT ? "~"
                   : recto_node_quote_kind(n) == RECTO_QUOTE_SINGLE ? "'"
                                                                   : "\"");
      break;
    }
    md_w_lits(w, "]");
    md_w_attrs(w, n, S_span_class(t), 0, 0);
    if (t == RECTO_NODE_QUOTED)
      md_w_lits(w, recto_node_quote_kind(n) == RECTO_QUOTE_SINGLE ? "'" : "\"");
    break;
  case RECTO_NODE_SPAN:
    md_w_lits(w, "]");
    md_w_attrs(w, n, NULL, 0, 0);
    break;
  case RECTO_NODE_LINK:
  case RECTO_NODE_IMAGE:
    if (f->flags & F_DONE)
      break;
    md_w_lits(w, "]");
    md_w_dest(w, recto_node_url(n), recto_node_title(n));
    if (md_node_has_attrs(n))
      md_w_attrs(w, n, NULL, 0, 0);
    break;
  case RECTO_NODE_NOTE:
    if (w->meta_mode) {
      w->inline_only--;
      md_w_lits(w, "]");
    }
    break;
  case RECTO_NODE_CITE:
    if (f->flags & F_NO_ITEMS) {
      md_w_lits(w, "]");
      md_w_attrs(w, n, "cite", 0, 0);
    } else if (!(f->flags & F_VERBATIM) &&
               (recto_node_first_child(n) || (f->flags & F_MODES))) {
      md_w_lits(w, "]");
      recto_node *a = n;
      if (f->flags & F_MODES) {
        /* the modes pandoc's syntax could not carry */
        a = recto_node_new(w->doc, RECTO_NODE_SPAN);
        md_copy_attrs(n, a);
        recto_node_set_attr(a, "modes", md_cite_modes(w->doc, n));
      }
      md_w_attrs(w, a, "cite-text", 0, 0);
    }
    w->cite = f->cite_saved;
    w->cite_pos = f->cite_pos_saved;
    w->cite_open = f->cite_open_saved;
    w->cite_close = f->cite_close_saved;
    break;
  default:
    break;
  }
  if (f->flags & F_WRAP_DIV) {
    S_pop_prefix(w, f->prefix_len);
    S_div_close(w);
  } else if (f->flags & F_WRAP_SPAN) {
    md_w_lits(w, "]");
    md_w_attrs(w, n, NULL, 0, 0);
  }
}

void md_w_render(md_w *w, recto_node *root, int with_root) {
  S_walk k = {0};
  k.w = w;
  recto_iter *it = recto_iter_new(root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (n == root && !with_root)
      continue;
    recto_node_type t = recto_node_type_of(n);
    /* raw HTML read into the model: the raw HTML beside it says it all
       (a copy is left out, an element around Markdown lets it through) */
    if ((t == RECTO_NODE_DIV || t == RECTO_NODE_SPAN) &&
        recto_node_has_class(n, MD_HTML_COPY)) {
      if (ev == RECTO_EVENT_ENTER)
        recto_iter_skip_children(it);
      continue;
    }
    if (recto_node_has_class(n, MD_HTML_WRAP)) {
      if (recto_node_is_block(t))
        md_w_blank(w); /* apart from the tags, or they would take it in */
      continue;
    }
    if (ev == RECTO_EVENT_ENTER) {
      S_enter(&k, it, n);
      /* leaves that wrap themselves in a span close at once */
      if (recto_node_is_leaf(t) && !S_inline_has_own_attrs(t) &&
          !recto_node_is_block(t) && md_node_has_attrs(n)) {
        md_w_lits(w, "]");
        md_w_attrs(w, n, NULL, 0, 0);
      } else if (recto_node_is_leaf(t) && recto_node_is_block(t) &&
                 !S_block_has_own_attrs(t) && md_node_has_attrs(n) &&
                 !w->in_pipe_cell && !w->inline_only) {
        S_div_close(w);
      }
    } else if (ev == RECTO_EVENT_EXIT) {
      S_exit(&k, n);
    }
  }
  recto_iter_free(it);
  free(k.st);
}

/* ---- the writer ---- */

static void S_notes(md_w *w) {
  for (size_t i = 0; i < w->nnotes; i++) {
    recto_node *note = w->notes[i];
    md_w_blank(w);
    md_w_lits(w, "[^");
    md_w_lits(w, w->labels[i]);
    md_w_marker(w, "]: ");
    size_t pl = w->prefix.len;
    S_spaces(w, 4);
    md_w_render(w, note, 0);
    S_pop_prefix(w, pl);
    w->after_marker = 0;
  }
}

recto_status md_write(recto_context *ctx, recto_doc *doc,
                      const recto_options *opts, recto_buf *out) {
  md_w w = {0};
  w.ctx = ctx;
  w.doc = doc;
  w.opts = opts;
  w.out = out;
  w.last = '\n';
  w.first_bib = recto_doc_bibliography(doc, 0);
  md_w_front_matter(&w);
  md_w_render(&w, recto_doc_root(doc), 0);
  S_notes(&w);
  if (w.out->len) {
    md_w_flush(&w);
    /* end with exactly one newline */
    while (out->len && (out->data[out->len - 1] == ' ' ||
                        out->data[out->len - 1] == '\t' ||
                        out->data[out->len - 1] == '\n'))
      out->len--;
    recto_buf_putc(out, '\n');
  }
  md_w_free(&w);
  return RECTO_OK;
}
