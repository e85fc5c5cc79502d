/* read.c: cmark-gfm's tree to the document model.
 *
 * One walk with cmark's iterator and an explicit stack of open recto
 * containers (no recursion on input depth).  Div placeholders from the
 * prescan open and close DIV levels inside whatever cmark container holds
 * them; a container that ends closes the divs left open in it.  Footnote
 * references get the label of their definition back (cmark-gfm keeps
 * only a number), tables get head and body sections, and a bullet list
 * made from definition markers becomes a definition list.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include "md.h"

/* cmark-gfm's registry of extensions is process-wide and its
   registration is not thread-safe: do it once. */
static pthread_once_t S_once = PTHREAD_ONCE_INIT;
static void S_register(void) { cmark_gfm_core_extensions_ensure_registered(); }

/* cmark-gfm's own allocator aborts when memory runs out; the parser's
   ends as the host does (one line, exit 7).  Its tree is freed with the
   allocator it was made with. */
static cmark_mem S_cm_mem = {recto_xcalloc, recto_xrealloc, free};

enum { S_LEVEL_NODE = 0, S_LEVEL_DIV, S_LEVEL_HTML_TABLE };

typedef struct S_level {
  recto_node *node; /* where children go */
  cmark_node *cm;   /* the cmark node that opened it, or NULL */
  int kind;
  int def_list;     /* a list made of definition markers */
} S_level;

typedef struct S_conv {
  md_reader *rd;
  S_level *stack;
  size_t depth, cap;
  const char **note_labels; /* by cmark footnote number - 1 */
  size_t nnotes;
  size_t note_base; /* notes of the pieces parsed before this one */
  uint32_t line0;   /* lines of the input before the piece cmark parsed */
  size_t next_def; /* definitions come last, in number order */
  int in_cell;
  const char *task; /* the box of a task item, until its first paragraph */
} S_conv;

static void S_push(S_conv *cv, recto_node *node, cmark_node *cm, int kind) {
  if (cv->depth == cv->cap) {
    cv->cap = cv->cap ? cv->cap * 2 : 32;
    S_level *s = realloc(cv->stack, cv->cap * sizeof *s);
    if (!s)
      recto_out_of_memory();
    cv->stack = s;
  }
  cv->stack[cv->depth].node = node;
  cv->stack[cv->depth].cm = cm;
  cv->stack[cv->depth].kind = kind;
  cv->stack[cv->depth].def_list = 0;
  cv->depth++;
}

static recto_node *S_top(S_conv *cv) { return cv->stack[cv->depth - 1].node; }

/* The input line where cm starts (cmark counts from its piece), 0 if
   unknown. */
static uint32_t S_line(S_conv *cv, cmark_node *cm) {
  int line = cmark_node_get_start_line(cm);
  return line > 0 ? md_pipes_line(cv->rd, (uint32_t)line + cv->line0) : 0;
}

/* An ordered item's numbering: an example's (examples.c), a marker cmark
   lacks (lists.c), or cmark's decimal one. */
static md_list_kind S_item_kind(S_conv *cv, cmark_node *item) {
  md_reader *rd = cv->rd;
  uint32_t line = S_line(cv, item);
  int col = (int)md_src_column(rd, line,
                               (uint32_t)cmark_node_get_start_column(item));
  cmark_node *list = cmark_node_parent(item);
  md_list_kind kind = {RECTO_LIST_STYLE_DECIMAL,
                       cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM
                           ? RECTO_LIST_DELIM_PAREN
                           : RECTO_LIST_DELIM_PERIOD,
                       cmark_node_get_list_start(list), 0};
  if (line < 1 || line > rd->nlines || col < 1)
    return kind;
  uint16_t flags = rd->line_flags[line - 1];
  /* "1. (@) x": the example is the inner item */
  if ((flags & MD_LINE_EXAMPLE_ITEM) &&
      md_example_offset(rd, line - 1) == (size_t)col - 1) {
    kind.style = RECTO_LIST_STYLE_EXAMPLE;
    if (flags & MD_LINE_EXAMPLE_PARENS)
      kind.delim = RECTO_LIST_DELIM_TWO_PARENS;
    kind.number = (int)md_example_number(rd, line - 1);
    return kind;
  }
  if ((flags & MD_LINE_FANCY) &&
      md_list_marker(rd, line - 1, (uint32_t)col - 1, &kind))
    return kind;
  size_t len;
  const char *s = md_line_text(rd, line - 1, &len);
  int n = 0;
  for (size_t i = (size_t)col - 1; i < len && i < (size_t)col + 8 &&
                                   s[i] >= '0' && s[i] <= '9'; i++)
    n = n * 10 + (s[i] - '0');
  kind.number = n;
  return kind;
}

/* cmark-gfm gives no position to soft breaks, and columns past the end of
   their line on some continuation lines: then the position is just after
   what came before. */
static recto_pos S_pos(S_conv *cv, cmark_node *cm) {
  md_reader *rd = cv->rd;
  uint32_t line = S_line(cv, cm);
  int col = cmark_node_get_start_column(cm);
  if (col > 0)
    col = (int)md_src_column(rd, line, (uint32_t)col);
  if (line > 0 && (size_t)line <= rd->nlines && col > 0) {
    size_t end = (size_t)line < rd->nlines ? rd->lines[line] : rd->src_len;
    size_t at = rd->lines[line - 1] + (size_t)col - 1;
    if (at <= end)
      return md_pos(rd, (uint32_t)line, (uint32_t)col);
    /* a pipe table's row that goes on on the lines after it (pipes.c
       joined them byte for byte) */
    uint32_t last = md_pipes_line(
        rd, (uint32_t)cmark_node_get_start_line(cm) + cv->line0 + 1) - 1;
    while (line < last && line < rd->nlines && rd->lines[line] <= at)
      line++;
    if (at < (line < rd->nlines ? rd->lines[line] : rd->src_len))
      return md_pos(rd, line, (uint32_t)(at - rd->lines[line - 1] + 1));
  }
  /* the appendix of table cells: mapped back once the cells are filled */
  if (line > rd->nlines && col > 0)
    return md_pos(rd, line, (uint32_t)col);
  recto_node *top = S_top(cv);
  recto_node *last = recto_node_last_child(top);
  if (last && recto_node_type_of(last) == RECTO_NODE_TEXT)
    return md_pos_add(recto_node_pos(last), recto_node_text_len(last));
  if (last && (recto_node_type_of(last) == RECTO_NODE_SOFT_BREAK ||
               recto_node_type_of(last) == RECTO_NODE_LINE_BREAK) &&
      recto_node_pos(last).line)
    return md_pos(rd, recto_node_pos(last).line + 1, 1);
  return recto_node_pos(last ? last : top);
}

static const char *S_ext_type(cmark_node *cm) {
  cmark_node_type t = cmark_node_get_type(cm);
  if (t == CMARK_NODE_CUSTOM_BLOCK || t == CMARK_NODE_CUSTOM_INLINE)
    return "";
  switch (t) {
  case CMARK_NODE_DOCUMENT: case CMARK_NODE_BLOCK_QUOTE: case CMARK_NODE_LIST:
  case CMARK_NODE_ITEM: case CMARK_NODE_CODE_BLOCK: case CMARK_NODE_HTML_BLOCK:
  case CMARK_NODE_PARAGRAPH: case CMARK_NODE_HEADING:
  case CMARK_NODE_THEMATIC_BREAK: case CMARK_NODE_FOOTNOTE_DEFINITION:
  case CMARK_NODE_TEXT: case CMARK_NODE_SOFTBREAK: case CMARK_NODE_LINEBREAK:
  case CMARK_NODE_CODE: case CMARK_NODE_HTML_INLINE: case CMARK_NODE_EMPH:
  case CMARK_NODE_STRONG: case CMARK_NODE_LINK: case CMARK_NODE_IMAGE:
  case CMARK_NODE_FOOTNOTE_REFERENCE:
    return NULL;
  default:
    return cmark_node_get_type_string(cm);
  }
}

static int S_append(S_conv *cv, recto_node *n) {
  recto_node *parent = S_top(cv);
  if (recto_node_append(parent, n) == 0)
    return 1;
  /* inlines straight in a container of blocks (cannot happen with cmark,
     but be safe): wrap them in a paragraph */
  if (recto_node_is_inline(recto_node_type_of(n))) {
    recto_node *p = recto_node_new(cv->rd->doc, RECTO_NODE_PLAIN);
    recto_node_set_pos(p, recto_node_pos(n));
    recto_node_append(parent, p);
    return recto_node_append(p, n) == 0;
  }
  return 0;
}

static recto_node *S_new(S_conv *cv, recto_node_type t, cmark_node *cm) {
  recto_node *n = recto_node_new(cv->rd->doc, t);
  recto_node_set_pos(n, S_pos(cv, cm));
  return n;
}

static char *S_lit(S_conv *cv, const char *s, int raw) {
  if (!s)
    s = "";
  return md_unesc_dup(cv->rd, s, strlen(s), raw);
}

/* ---- divs ---- */

static int S_placeholder(S_conv *cv, cmark_node *cm, size_t *index) {
  const char *lit = cmark_node_get_literal(cm);
  /* an indented fence keeps its indentation before the placeholder */
  while (lit && (*lit == ' ' || *lit == '\t'))
    lit++;
  if (!lit || strncmp(lit, "<!--rd:", 7) != 0)
    return 0;
  char *end;
  unsigned long k = strtoul(lit + 7, &end, 10);
  if (strncmp(end, "-->", 3) != 0 || k >= cv->rd->ndivs ||
      cv->rd->divs[k].line != S_line(cv, cm))
    return 0;
  *index = k;
  return 1;
}

static void S_div(S_conv *cv, size_t k) {
  md_reader *rd = cv->rd;
  const md_div *d = &rd->divs[k];
  if (!d->open) {
    if (cv->stack[cv->depth - 1].kind == S_LEVEL_DIV)
      cv->depth--;
    return;
  }
  recto_node *div = recto_node_new(rd->doc, RECTO_NODE_DIV);
  recto_node_set_pos(div, md_pos(rd, d->line, d->column));
  md_attr attr;
  if (d->attrs_len && d->attrs[0] == '{') {
    if (md_attr_parse(rd, d->attrs, d->attrs_len, &attr))
      md_attr_apply(&attr, div);
  } else if (d->attrs_len) {
    char *cls = recto_strndup(rd->doc, d->attrs, d->attrs_len);
    recto_node_set_classes(div, cls);
  }
  S_append(cv, div);
  S_push(cv, div, NULL, S_LEVEL_DIV);
}

/* ---- definition lists ---- */

static int S_is_def_list(S_conv *cv, cmark_node *list) {
  if (cmark_node_get_list_type(list) != CMARK_BULLET_LIST)
    return 0;
  for (cmark_node *it = cmark_node_first_child(list); it;
       it = cmark_node_next(it)) {
    uint32_t line = S_line(cv, it);
    if (line < 1 || (size_t)line > cv->rd->nlines ||
        !(cv->rd->line_flags[line - 1] & MD_LINE_DEF))
      return 0;
  }
  return 1;
}

/* The list (of definitions) just ended; the paragraph before it is the
   term. */
static void S_make_def_list(S_conv *cv, recto_node *list) {
  recto_doc *doc = cv->rd->doc;
  recto_node *term_para = recto_node_prev(list);
  if (!term_para || (recto_node_type_of(term_para) != RECTO_NODE_PARAGRAPH &&
                     recto_node_type_of(term_para) != RECTO_NODE_PLAIN))
    return; /* no term: leave it a list */
  recto_node *item = recto_node_new(doc, RECTO_NODE_DEF_ITEM);
  recto_node_set_pos(item, recto_node_pos(term_para));
  recto_node *term = recto_node_new(doc, RECTO_NODE_TERM);
  md_copy_attrs(term_para, term);
  recto_node *c;
  while ((c = recto_node_first_child(term_para)) != NULL) {
    recto_node_unlink(c);
    recto_node_append(term, c);
  }
  recto_node *before = recto_node_prev(term_para);
  recto_node *dl;
  if (before && recto_node_type_of(before) == RECTO_NODE_DEF_LIST) {
    dl = before;
  } else {
    dl = recto_node_new(doc, RECTO_NODE_DEF_LIST);
    recto_node_set_pos(dl, recto_node_pos(term_para));
    recto_node_insert_before(term_para, dl);
  }
  recto_node_unlink(term_para);
  recto_node_append(dl, item);
  recto_node_append(item, term);
  recto_node *li;
  while ((li = recto_node_first_child(list)) != NULL) {
    recto_node_unlink(li);
    uint32_t line = recto_node_pos(li).line;
    recto_node *def = md_retype(li, RECTO_NODE_DEF);
    recto_node_append(item, def);
    int loose = line > 0 && line <= cv->rd->nlines &&
                (cv->rd->line_flags[line - 1] & MD_LINE_DEF_BLANK);
    recto_node *first = recto_node_first_child(def);
    if (first) {
      recto_node_type t = recto_node_type_of(first);
      if (loose && t == RECTO_NODE_PLAIN)
        md_retype(first, RECTO_NODE_PARAGRAPH);
      else if (!loose && t == RECTO_NODE_PARAGRAPH)
        md_retype(first, RECTO_NODE_PLAIN);
    }
    /* later blocks of a definition are paragraphs */
    for (recto_node *b = first ? recto_node_next(recto_node_first_child(def))
                               : NULL;
         b;) {
      recto_node *nx = recto_node_next(b);
      if (recto_node_type_of(b) == RECTO_NODE_PLAIN)
        md_retype(b, RECTO_NODE_PARAGRAPH);
      b = nx;
    }
  }
  recto_node_unlink(list);
}

/* ---- tables ---- */

static recto_align S_align(uint8_t a) {
  switch (a) {
  case 'l': return RECTO_ALIGN_LEFT;
  case 'c': return RECTO_ALIGN_CENTER;
  case 'r': return RECTO_ALIGN_RIGHT;
  default: return RECTO_ALIGN_DEFAULT;
  }
}

static int S_row_empty(recto_node *row) {
  for (recto_node *c = recto_node_first_child(row); c; c = recto_node_next(c))
    for (recto_node *b = recto_node_first_child(c); b; b = recto_node_next(b))
      if (recto_node_first_child(b))
        return 0;
  return 1;
}

/* ---- html tables: the writer's fallback for tables a pipe table cannot
   hold; tags on lines of their own, cell content as Markdown ---- */

typedef struct S_tag {
  const char *name;
  size_t name_len;
  size_t line; /* lines after the block's first */
  int close;
  const char *attrs;
  size_t attrs_len;
} S_tag;

static const char *const S_table_tags[] = {
    "table", "caption", "colgroup", "col", "thead", "tbody",
    "tfoot", "tr",      "th",       "td",  NULL};

static int S_is_table_tag(const char *s, size_t n) {
  for (const char *const *t = S_table_tags; *t; t++)
    if (strlen(*t) == n && strncmp(*t, s, n) == 0)
      return 1;
  return 0;
}

/* Split lit into table tags; 0 if anything else is there. */
static size_t S_table_tags_of(const char *lit, S_tag *tags, size_t max) {
  size_t n = 0;
  const char *p = lit;
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
      p++;
    if (!*p)
      return n;
    if (*p != '<' || n == max)
      return 0;
    S_tag t = {0};
    for (const char *q = lit; q < p; q++)
      t.line += *q == '\n';
    p++;
    if (*p == '/') {
      t.close = 1;
      p++;
    }
    t.name = p;
    while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
      p++;
    t.name_len = (size_t)(p - t.name);
    if (!S_is_table_tag(t.name, t.name_len))
      return 0;
    t.attrs = p;
    char q = 0;
    while (*p && (q || *p != '>')) {
      if (q && *p == q)
        q = 0;
      else if (!q && (*p == '"' || *p == '\''))
        q = *p;
      p++;
    }
    if (*p != '>')
      return 0;
    t.attrs_len = (size_t)(p - t.attrs);
    if (t.attrs_len && t.attrs[t.attrs_len - 1] == '/')
      t.attrs_len--;
    p++;
    tags[n++] = t;
  }
}

static const char *S_html_attr(recto_doc *doc, const S_tag *t,
                               const char *name) {
  size_t nl = strlen(name);
  const char *p = t->attrs, *end = t->attrs + t->attrs_len;
  while (p < end) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
      p++;
    const char *k = p;
    while (p < end && *p != '=' && *p != ' ')
      p++;
    size_t kl = (size_t)(p - k);
    if (p >= end || *p != '=') {
      if (p == k)
        p++;
      continue;
    }
    p++;
    const char *v = p;
    size_t vl;
    if (p < end && (*p == '"' || *p == '\'')) {
      char q = *p++;
      v = p;
      while (p < end && *p != q)
        p++;
      vl = (size_t)(p - v);
      if (p < end)
        p++;
    } else {
      while (p < end && *p != ' ')
        p++;
      vl = (size_t)(p - v);
    }
    if (kl == nl && strncmp(k, name, nl) == 0) {
      /* the writer escapes & < > " with entities */
      recto_buf b = RECTO_BUF_INIT;
      for (size_t i = 0; i < vl; i++) {
        static const struct { const char *e; char c; } ents[] = {
            {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'},
            {"&#39;", '\''}};
        int done = 0;
        for (size_t e = 0; e < 5 && !done; e++) {
          size_t el = strlen(ents[e].e);
          if (i + el <= vl && strncmp(v + i, ents[e].e, el) == 0) {
            recto_buf_putc(&b, ents[e].c);
            i += el - 1;
            done = 1;
          }
        }
        if (!done)
          recto_buf_putc(&b, v[i]);
      }
      const char *r = recto_strndup(doc, b.data ? b.data : "", b.len);
      recto_buf_free(&b);
      return r;
    }
  }
  return NULL;
}

static void S_html_common_attrs(recto_doc *doc, const S_tag *t,
                                recto_node *n) {
  const char *v;
  if ((v = S_html_attr(doc, t, "id")))
    recto_node_set_id(n, v);
  if ((v = S_html_attr(doc, t, "class")))
    recto_node_set_classes(n, v);
  if ((v = S_html_attr(doc, t, "lang")))
    recto_node_set_lang(n, v);
  if ((v = S_html_attr(doc, t, "dir")))
    recto_node_set_dir(n, !strcmp(v, "rtl")   ? RECTO_DIR_RTL
                          : !strcmp(v, "ltr") ? RECTO_DIR_LTR
                                              : RECTO_DIR_AUTO);
}

static recto_align S_align_name(const char *v) {
  if (!v)
    return RECTO_ALIGN_DEFAULT;
  if (!strcmp(v, "left"))
    return RECTO_ALIGN_LEFT;
  if (!strcmp(v, "center"))
    return RECTO_ALIGN_CENTER;
  if (!strcmp(v, "right"))
    return RECTO_ALIGN_RIGHT;
  return RECTO_ALIGN_DEFAULT;
}

static recto_node_type S_tag_type(const S_tag *t) {
  static const struct {
    const char *name;
    recto_node_type type;
  } map[] = {{"table", RECTO_NODE_TABLE},      {"caption", RECTO_NODE_CAPTION},
             {"thead", RECTO_NODE_TABLE_HEAD}, {"tbody", RECTO_NODE_TABLE_BODY},
             {"tfoot", RECTO_NODE_TABLE_FOOT}, {"tr", RECTO_NODE_ROW},
             {"td", RECTO_NODE_CELL},          {"th", RECTO_NODE_CELL}};
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (t->name_len == strlen(map[i].name) &&
        !strncmp(t->name, map[i].name, t->name_len))
      return map[i].type;
  return RECTO_NODE_NONE;
}

/* Apply one tag to the table levels on the stack.  Returns 0 if the tag
   does not fit where it stands. */
static int S_table_tag(S_conv *cv, const S_tag *t, recto_pos pos) {
  recto_doc *doc = cv->rd->doc;
  S_level *top = &cv->stack[cv->depth - 1];
  recto_node *cur = top->node;
  recto_node_type ct = recto_node_type_of(cur);
  int in_table = top->kind == S_LEVEL_HTML_TABLE;
#define IS(n) (t->name_len == strlen(n) && !strncmp(t->name, n, t->name_len))
  if (t->close) {
    if (!in_table)
      return 0;
    if (IS("colgroup") || IS("col"))
      return 1;
    if (ct != S_tag_type(t))
      return 0;
    if (ct == RECTO_NODE_TABLE && !recto_table_columns(cur)) {
      /* no <col>: as many columns as the first row spans */
      size_t cols = 0;
      for (recto_node *sec = recto_node_first_child(cur); sec && !cols;
           sec = recto_node_next(sec)) {
        recto_node *row = recto_node_first_child(sec);
        if (recto_node_type_of(sec) == RECTO_NODE_CAPTION || !row)
          continue;
        for (recto_node *c = recto_node_first_child(row); c;
             c = recto_node_next(c))
          cols += (size_t)recto_cell_colspan(c);
      }
      recto_table_set_columns(cur, cols);
    }
    cv->depth--;
    return 1;
  }
  if (IS("table")) {
    recto_node *tb = recto_node_new(doc, RECTO_NODE_TABLE);
    recto_node_set_pos(tb, pos);
    S_html_common_attrs(doc, t, tb);
    if (!S_append(cv, tb))
      return 0;
    S_push(cv, tb, NULL, S_LEVEL_HTML_TABLE);
    return 1;
  }
  if (!in_table)
    return 0;
  if (IS("colgroup"))
    return ct == RECTO_NODE_TABLE;
  if (IS("col")) {
    if (ct != RECTO_NODE_TABLE)
      return 0;
    size_t n = recto_table_columns(cur);
    recto_table_set_columns(cur, n + 1);
    const char *w = S_html_attr(doc, t, "width");
    double width = w ? strtod(w, NULL) / 100.0 : 0;
    recto_table_set_column(cur, n, S_align_name(S_html_attr(doc, t, "align")),
                           width);
    return 1;
  }
  recto_node_type nt = S_tag_type(t);
#undef IS
  if (!recto_node_can_contain(cur, nt))
    return 0;
  recto_node *n = recto_node_new(doc, nt);
  recto_node_set_pos(n, pos);
  S_html_common_attrs(doc, t, n);
  if (nt == RECTO_NODE_CELL) {
    const char *rs = S_html_attr(doc, t, "rowspan");
    const char *cs = S_html_attr(doc, t, "colspan");
    recto_cell_set(n, rs ? atoi(rs) : 1, cs ? atoi(cs) : 1,
                   S_align_name(S_html_attr(doc, t, "align")));
  }
  recto_node_append(cur, n);
  S_push(cv, n, NULL, S_LEVEL_HTML_TABLE);
  return 1;
}

static int S_html_table(S_conv *cv, cmark_node *cm) {
  S_tag tags[16];
  const char *lit = cmark_node_get_literal(cm);
  size_t n = lit ? S_table_tags_of(lit, tags, 16) : 0;
  if (!n)
    return 0;
  /* only the shape the writer makes: a first block that opens the table
     and goes on into its first cell or caption (or holds it whole), and
     later blocks while a table is open */
  int open = cv->stack[cv->depth - 1].kind == S_LEVEL_HTML_TABLE;
#define TAG_IS(t, s) ((t).name_len == strlen(s) && !strncmp((t).name, s, (t).name_len))
  if (!open) {
    const S_tag *last = &tags[n - 1];
    if (n < 2 || tags[0].close || !TAG_IS(tags[0], "table") ||
        !((!last->close && (TAG_IS(*last, "td") || TAG_IS(*last, "th") ||
                            TAG_IS(*last, "caption"))) ||
          (last->close && TAG_IS(*last, "table"))))
      return 0;
  }
#undef TAG_IS
  size_t saved = cv->depth;
  recto_pos pos = S_pos(cv, cm);
  for (size_t i = 0; i < n; i++)
    if (!S_table_tag(cv, &tags[i],
                     md_pos(cv->rd, pos.line + (uint32_t)tags[i].line, 1))) {
      if (i == 0 && cv->depth == saved)
        return 0;
      break; /* keep what was built; the rest is dropped */
    }
  return 1;
}

/* ---- the walk ---- */

static void S_leave(S_conv *cv, cmark_node *cm) {
  /* close the divs and html tables left open in this container */
  while (cv->depth > 1 && cv->stack[cv->depth - 1].cm != cm)
    cv->depth--;
  if (cv->depth > 1)
    cv->depth--;
}

static void S_code_block(S_conv *cv, cmark_node *cm) {
  md_reader *rd = cv->rd;
  recto_doc *doc = rd->doc;
  const char *lit = cmark_node_get_literal(cm);
  char *text = S_lit(cv, lit, 1);
  size_t len = strlen(text);
  if (len && text[len - 1] == '\n')
    len--;
  const char *info = cmark_node_get_fence_info(cm);
  char *inf = S_lit(cv, info, 0);
  size_t il = strlen(inf);
  while (il && (inf[il - 1] == ' ' || inf[il - 1] == '\t'))
    inf[--il] = 0;
  md_attr attr;
  recto_node *n;
  /* "python {.numbered}": a language, then attributes */
  const char *brace = il && inf[0] != '{' ? strchr(inf, '{') : NULL;
  if (brace && brace > inf && brace[-1] == ' ' &&
      strcspn(inf, " {}\"'=") == strcspn(inf, " ") &&
      md_attr_parse(rd, brace, il - (size_t)(brace - inf), &attr) ==
          il - (size_t)(brace - inf) &&
      !attr.raw_format) {
    n = S_new(cv, RECTO_NODE_CODE_BLOCK, cm);
    size_t ll = (size_t)(brace - inf);
    while (ll && inf[ll - 1] == ' ')
      ll--;
    recto_node_set_info(n, recto_strndup(doc, inf, ll));
    md_attr_apply(&attr, n);
  } else if (il && inf[0] == '{' && md_attr_parse(rd, inf, il, &attr) == il) {
    if (attr.raw_format) {
      n = S_new(cv, RECTO_NODE_RAW_BLOCK, cm);
      recto_node_set_info(n, attr.raw_format);
    } else if (attr.classes && (!strcmp(attr.classes, "table-flat") ||
                                !strncmp(attr.classes, "table-flat ", 11))) {
      n = S_new(cv, RECTO_NODE_TABLE_FLAT, cm);
      attr.classes = attr.classes[10] ? attr.classes + 11 : NULL;
      md_attr_apply(&attr, n);
    } else {
      n = S_new(cv, RECTO_NODE_CODE_BLOCK, cm);
      /* the first class is the language */
      if (attr.classes) {
        const char *sp = strchr(attr.classes, ' ');
        recto_node_set_info(n, sp ? recto_strndup(doc, attr.classes,
                                                   (size_t)(sp - attr.classes))
                                  : attr.classes);
        attr.classes = sp ? sp + 1 : NULL;
      }
      md_attr_apply(&attr, n);
    }
  } else {
    n = S_new(cv, RECTO_NODE_CODE_BLOCK, cm);
    if (il)
      recto_node_set_info(n, inf);
  }
  recto_node_set_text(n, text, len);
  S_append(cv, n);
}

static void S_enter(S_conv *cv, cmark_node *cm) {
  md_reader *rd = cv->rd;
  recto_doc *doc = rd->doc;
  cmark_node_type t = cmark_node_get_type(cm);
  const char *ext = S_ext_type(cm);
  recto_node *n = NULL;
  int container = 1;
  if (ext) {
    if (!strcmp(ext, "table")) {
      n = S_new(cv, RECTO_NODE_TABLE, cm);
      uint16_t cols = cmark_gfm_extensions_get_table_columns(cm);
      uint8_t *al = cmark_gfm_extensions_get_table_alignments(cm);
      recto_table_set_columns(n, cols);
      for (uint16_t c = 0; c < cols; c++)
        recto_table_set_column(n, c, S_align(al ? al[c] : 0), 0);
    } else if (!strcmp(ext, "table_header") || !strcmp(ext, "table_row")) {
      recto_node *table = S_top(cv);
      int head = cmark_gfm_extensions_get_table_row_is_header(cm);
      recto_node *sec = recto_node_last_child(table);
      recto_node_type st = head ? RECTO_NODE_TABLE_HEAD : RECTO_NODE_TABLE_BODY;
      if (!sec || recto_node_type_of(sec) != st) {
        sec = S_new(cv, st, cm);
        recto_node_append(table, sec);
      }
      n = S_new(cv, RECTO_NODE_ROW, cm);
      recto_node_append(sec, n);
      S_push(cv, n, cm, S_LEVEL_NODE);
      return;
    } else if (!strcmp(ext, "table_cell")) {
      recto_node *cell = S_new(cv, RECTO_NODE_CELL, cm);
      recto_cell_set(cell, 1, 1, RECTO_ALIGN_DEFAULT);
      recto_node_append(S_top(cv), cell);
      n = S_new(cv, RECTO_NODE_PLAIN, cm);
      recto_node_append(cell, n);
      S_push(cv, n, cm, S_LEVEL_NODE);
      cv->in_cell++;
      return;
    } else if (!strcmp(ext, "strikethrough")) {
      n = S_new(cv, RECTO_NODE_STRIKEOUT, cm);
    } else {
      n = S_new(cv, RECTO_NODE_SPAN, cm);
      recto_node_add_class(n, ext);
    }
  } else {
    switch (t) {
    case CMARK_NODE_DOCUMENT:
      return;
    case CMARK_NODE_BLOCK_QUOTE:
      n = S_new(cv, RECTO_NODE_BLOCK_QUOTE, cm);
      break;
    case CMARK_NODE_LIST: {
      /* a list split off another (S_split_lists) has no position:
         its first item's */
      cmark_node *at = cmark_node_get_start_line(cm) > 0
                           ? cm
                           : cmark_node_first_child(cm);
      n = S_new(cv, RECTO_NODE_LIST, at);
      cmark_node *first = cmark_node_first_child(cm);
      if (cmark_node_get_list_type(cm) == CMARK_ORDERED_LIST && first) {
        md_list_kind kind = S_item_kind(cv, first);
        recto_list_set_kind(n, RECTO_LIST_ORDERED);
        recto_list_set_start(n, kind.number);
        recto_list_set_style(n, kind.style);
        recto_list_set_delim(n, kind.delim);
      }
      recto_list_set_tight(n, cmark_node_get_list_tight(cm));
      break;
    }
    case CMARK_NODE_ITEM:
      n = S_new(cv, RECTO_NODE_ITEM, cm);
      /* a task item: its box starts its text, as in pandoc's AST */
      cv->task = NULL;
      if (cmark_node_get_syntax_extension(cm))
        cv->task = cmark_gfm_extensions_get_tasklist_item_checked(cm)
                       ? MD_TASK_DONE
                       : MD_TASK_OPEN;
      break;
    case CMARK_NODE_CODE_BLOCK:
      S_code_block(cv, cm);
      return;
    case CMARK_NODE_HTML_BLOCK: {
      size_t k;
      if (S_placeholder(cv, cm, &k)) {
        S_div(cv, k);
        return;
      }
      if (md_tables_block(rd, cmark_node_get_literal(cm), S_top(cv),
                          S_pos(cv, cm)))
        return;
      if (S_html_table(cv, cm))
        return;
      n = S_new(cv, RECTO_NODE_RAW_BLOCK, cm);
      char *lit = S_lit(cv, cmark_node_get_literal(cm), 1);
      /* without its line end, nor the blank lines an HTML block that its
         container ended (a comment left open in a list item) took in */
      size_t len = strlen(lit);
      while (len && (lit[len - 1] == '\n' || lit[len - 1] == ' ' ||
                     lit[len - 1] == '\t'))
        len--;
      recto_node_set_text(n, lit, len);
      recto_node_set_info(n, "html");
      rd->raw_html = 1;
      container = 0;
      break;
    }
    case CMARK_NODE_PARAGRAPH: {
      cmark_node *item = cmark_node_parent(cm);
      cmark_node *list = item ? cmark_node_parent(item) : NULL;
      /* (a div in a tight item holds paragraphs, as in pandoc) */
      int tight = item && cmark_node_get_type(item) == CMARK_NODE_ITEM &&
                  list && cmark_node_get_list_tight(list) &&
                  recto_node_type_of(S_top(cv)) != RECTO_NODE_DIV;
      n = S_new(cv, tight ? RECTO_NODE_PLAIN : RECTO_NODE_PARAGRAPH, cm);
      if (cv->task) {
        recto_node *box = recto_node_new_text(doc, cv->task, strlen(cv->task));
        recto_node_set_pos(box, recto_node_pos(n));
        recto_node_append(n, box);
        cv->task = NULL;
      }
      break;
    }
    case CMARK_NODE_HEADING:
      n = S_new(cv, RECTO_NODE_HEADING, cm);
      recto_node_set_level(n, cmark_node_get_heading_level(cm));
      break;
    case CMARK_NODE_THEMATIC_BREAK:
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
      n = S_new(cv, t == CMARK_NODE_SOFTBREAK   ? RECTO_NODE_SOFT_BREAK
                    : t == CMARK_NODE_LINEBREAK ? RECTO_NODE_LINE_BREAK
                                                : RECTO_NODE_THEMATIC_BREAK,
                cm);
      container = 0;
      break;
    case CMARK_NODE_FOOTNOTE_DEFINITION: {
      n = S_new(cv, RECTO_NODE_NOTE_DEF, cm);
      size_t k = cv->next_def++;
      recto_node_set_marker(n, k < cv->nnotes ? cv->note_labels[k] : "?");
      break;
    }
    case CMARK_NODE_TEXT: {
      const char *lit = cmark_node_get_literal(cm);
      if (!lit || !*lit)
        return;
      n = recto_node_new_text(doc, lit, strlen(lit));
      recto_node_set_pos(n, S_pos(cv, cm));
      container = 0;
      break;
    }
    case CMARK_NODE_CODE: {
      n = S_new(cv, RECTO_NODE_CODE, cm);
      /* in a table cell cmark-gfm has already unescaped "\|" */
      const char *lit = cmark_node_get_literal(cm);
      recto_buf b = RECTO_BUF_INIT;
      md_unesc(rd, &b, lit ? lit : "", lit ? strlen(lit) : 0, 1);
      if (cv->in_cell) {
        size_t w = 0;
        for (size_t r = 0; r < b.len; r++) {
          if (b.data[r] == '\\' && r + 1 < b.len && b.data[r + 1] == '|')
            continue;
          b.data[w++] = b.data[r];
        }
        b.len = w;
      }
      recto_node_set_text(n, b.data ? b.data : "", b.len);
      recto_buf_free(&b);
      container = 0;
      break;
    }
    case CMARK_NODE_HTML_INLINE: {
      n = S_new(cv, RECTO_NODE_RAW_INLINE, cm);
      char *lit = S_lit(cv, cmark_node_get_literal(cm), 1);
      recto_node_set_text(n, lit, strlen(lit));
      recto_node_set_info(n, "html");
      rd->raw_html = 1;
      container = 0;
      break;
    }
    case CMARK_NODE_EMPH:
      n = S_new(cv, RECTO_NODE_EMPH, cm);
      break;
    case CMARK_NODE_STRONG:
      n = S_new(cv, RECTO_NODE_STRONG, cm);
      break;
    case CMARK_NODE_LINK:
    case CMARK_NODE_IMAGE: {
      n = S_new(cv, t == CMARK_NODE_LINK ? RECTO_NODE_LINK : RECTO_NODE_IMAGE,
                cm);
      const char *url = cmark_node_get_url(cm);
      cmark_node *only = cmark_node_first_child(cm);
      /* an autolink keeps its backslashes */
      int autolink = t == CMARK_NODE_LINK && only && !cmark_node_next(only) &&
                     cmark_node_get_type(only) == CMARK_NODE_TEXT && url &&
                     cmark_node_get_literal(only) &&
                     (!strcmp(url, cmark_node_get_literal(only)) ||
                      (!strncmp(url, "mailto:", 7) &&
                       !strcmp(url + 7, cmark_node_get_literal(only))));
      char *dest = S_lit(cv, url, autolink);
      recto_node_set_url(n, autolink ? dest
                                   : md_url_escape(doc, dest,
                                                   cv->rd->pipe_mark));
      const char *title = cmark_node_get_title(cm);
      if (title && *title) {
        recto_node_set_title(n, S_lit(cv, title, 0));
        /* here, for every link: an autolink's text is never read again */
        md_refdefs_apply(cv->rd, n);
      }
      if (autolink) {
        /* the child text is taken raw as well */
        S_append(cv, n);
        const char *lit = cmark_node_get_literal(only);
        char *raw = S_lit(cv, lit, 1);
        recto_node *tx = recto_node_new_text(doc, raw, strlen(raw));
        recto_node_set_pos(tx, recto_node_pos(n));
        recto_node_append(n, tx);
        S_push(cv, n, cm, S_LEVEL_NODE);
        cv->stack[cv->depth - 1].kind = -1; /* skip cmark's child */
        return;
      }
      break;
    }
    case CMARK_NODE_FOOTNOTE_REFERENCE: {
      n = S_new(cv, RECTO_NODE_NOTE_REF, cm);
      const char *lit = cmark_node_get_literal(cm);
      long k = lit ? strtol(lit, NULL, 10) : 0;
      recto_node_set_marker(n, k >= 1 && (size_t)k <= cv->nnotes
                                   ? cv->note_labels[k - 1]
                                   : (lit ? lit : "?"));
      container = 0;
      break;
    }
    default:
      return;
    }
  }
  if (!S_append(cv, n))
    return;
  if (container) {
    S_push(cv, n, cm, S_LEVEL_NODE);
    /* decided while the items are there: they are freed as they end */
    if (t == CMARK_NODE_LIST)
      cv->stack[cv->depth - 1].def_list = S_is_def_list(cv, cm);
  }
}

static void S_exit(S_conv *cv, cmark_node *cm) {
  cmark_node_type t = cmark_node_get_type(cm);
  const char *ext = S_ext_type(cm);
  if (t == CMARK_NODE_DOCUMENT)
    return;
  /* find the level this node opened (it may have been refused) */
  size_t k = cv->depth;
  while (k > 1 && cv->stack[k - 1].cm != cm)
    k--;
  if (k <= 1)
    return;
  recto_node *n = cv->stack[k - 1].node;
  int def_list = cv->stack[k - 1].def_list;
  S_leave(cv, cm);
  if (ext && !strcmp(ext, "table_cell")) {
    cv->in_cell--;
    /* an empty cell holds no block (pandoc's, and the other tables') */
    if (!recto_node_first_child(n))
      recto_node_unlink(n);
  }
  if (ext && !strcmp(ext, "table")) {
    recto_node *head = recto_node_first_child(n);
    if (head && recto_node_type_of(head) == RECTO_NODE_TABLE_HEAD &&
        S_row_empty(recto_node_first_child(head)))
      recto_node_unlink(head);
  }
  if (def_list)
    S_make_def_list(cv, n);
}

static void S_collect_notes(S_conv *cv, cmark_node *root) {
  size_t n = 0;
  for (cmark_node *c = cmark_node_last_child(root);
       c && cmark_node_get_type(c) == CMARK_NODE_FOOTNOTE_DEFINITION;
       c = cmark_node_previous(c))
    n++;
  cv->nnotes = n;
  if (!n)
    return;
  cv->note_labels = recto_alloc(cv->rd->doc, n * sizeof *cv->note_labels);
  cmark_node *c = cmark_node_last_child(root);
  for (size_t k = n; k-- > 0; c = cmark_node_previous(c)) {
    const char *label = md_footnote_label(
        cv->rd, S_line(cv, c), (uint32_t)cmark_node_get_start_column(c));
    if (!label) {
      char num[32];
      snprintf(num, sizeof num, "%zu", cv->note_base + k + 1);
      label = recto_strdup(cv->rd->doc, num);
    }
    cv->note_labels[k] = label;
  }
}

/* pandoc's Markdown: strikeout only with "~~" (a single '~' marks a
   subscript, found in inlines.c), smart punctuation unless switched off,
   task lists; a bare URL or address is text (only <...> links, as pandoc's
   Markdown has no autolink_bare_uris). */
static cmark_parser *S_parser(const md_reader *rd, int footnotes) {
  pthread_once(&S_once, S_register);
  int opts = CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE;
  if (footnotes)
    opts |= CMARK_OPT_FOOTNOTES;
  if (rd->smart)
    opts |= CMARK_OPT_SMART;
  cmark_parser *p = cmark_parser_new_with_mem(opts, &S_cm_mem);
  static const char *const exts[] = {"table", "strikethrough", "tasklist",
                                     NULL};
  for (const char *const *e = exts; *e; e++) {
    cmark_syntax_extension *x = cmark_find_syntax_extension(*e);
    if (x)
      cmark_parser_attach_syntax_extension(p, x);
  }
  return p;
}

/* The passes after conversion, one child of the document at a time (all
   of them on it while it is in the cache), once cmark's tree is freed:
   done while it is converted, their garbage would add to its peak. */
static void S_finish(md_reader *rd, recto_node *root) {
  for (recto_node *x = recto_node_first_child(root), *next; x; x = next) {
    next = recto_node_next(x); /* what x turns into stays before next */
    md_finish_top(rd, x);
  }
}

/* cmark's tree for len bytes at s; the input text is freed once fed when
   done (cmark keeps copies of what it has read: the text is not needed
   while it parses inlines, at the peak of memory). */
static cmark_node *S_parse(md_reader *rd, const char *s, size_t len,
                           int footnotes, int done) {
  cmark_parser *p = S_parser(rd, footnotes);
  cmark_parser_feed(p, s, len);
  if (done) {
    free(rd->buf);
    rd->buf = NULL;
    rd->buf_len = 0;
  }
  cmark_node *root = cmark_parser_finish(p);
  cmark_parser_free(p);
  if (!root)
    recto_diag_emit(rd->ctx, RECTO_DIAG_ERROR, "md.parse", NULL,
                    "the Markdown parser failed");
  return root;
}

/* Whether a list split off a loose one is tight: no blank line between
   its items, nor between the blocks of an item. */
static int S_split_tight(cmark_node *list) {
  for (cmark_node *item = cmark_node_first_child(list); item;
       item = cmark_node_next(item)) {
    cmark_node *next = cmark_node_next(item);
    if (next && cmark_node_get_end_line(item) + 1 < cmark_node_get_start_line(next))
      return 0;
    for (cmark_node *b = cmark_node_first_child(item); b && cmark_node_next(b);
         b = cmark_node_next(b))
      if (cmark_node_get_end_line(b) + 1 <
          cmark_node_get_start_line(cmark_node_next(b)))
        return 0;
  }
  return 1;
}

/* Whether a roman numeral style and a letter style (of one case) read one
   letter alike: "v." goes on a roman list, "i." on a list of letters. */
static int S_roman_letter(recto_list_style roman, const md_list_kind *item) {
  static const char romans[] = "ivxlcdm";
  int upper = roman == RECTO_LIST_STYLE_UPPER_ROMAN;
  if (item->style == (upper ? RECTO_LIST_STYLE_UPPER_ALPHA
                            : RECTO_LIST_STYLE_LOWER_ALPHA))
    return item->number >= 1 && item->number <= 26 &&
           strchr(romans, 'a' + item->number - 1) != NULL;
  return 0;
}

/* Whether an item marked so goes on a list whose first item is marked
   so: the same style and delimiter, "#" going on any list ("#." on one
   of periods; of upper-case letters or roman numerals, with two spaces
   as their markers), a "#." list going on with decimal numbers, and a
   letter read as the list reads it. */
static int S_same_list(const md_list_kind *list, const md_list_kind *item) {
  recto_list_delim a = list->delim == RECTO_LIST_DELIM_DEFAULT
                           ? RECTO_LIST_DELIM_PERIOD
                           : list->delim;
  recto_list_delim b = item->delim == RECTO_LIST_DELIM_DEFAULT
                           ? RECTO_LIST_DELIM_PERIOD
                           : item->delim;
  if (a != b)
    return 0;
  if (item->style == RECTO_LIST_STYLE_DEFAULT)
    return list->style != RECTO_LIST_STYLE_EXAMPLE &&
           !(item->narrow && a == RECTO_LIST_DELIM_PERIOD &&
             (list->style == RECTO_LIST_STYLE_UPPER_ALPHA ||
              list->style == RECTO_LIST_STYLE_UPPER_ROMAN));
  if (list->style == RECTO_LIST_STYLE_DEFAULT)
    return item->style == RECTO_LIST_STYLE_DECIMAL;
  if (list->style == RECTO_LIST_STYLE_LOWER_ROMAN ||
      list->style == RECTO_LIST_STYLE_UPPER_ROMAN)
    return list->style == item->style || S_roman_letter(list->style, item);
  if (item->style == RECTO_LIST_STYLE_LOWER_ROMAN ||
      item->style == RECTO_LIST_STYLE_UPPER_ROMAN)
    return item->number == 1 && /* "i" alone */
           list->style == (item->style == RECTO_LIST_STYLE_LOWER_ROMAN
                               ? RECTO_LIST_STYLE_LOWER_ALPHA
                               : RECTO_LIST_STYLE_UPPER_ALPHA);
  return list->style == item->style;
}

/* Items of another style or delimiter start a new list for pandoc; cmark
   joins them when their decimal markers share a delimiter ("(@) a" then
   "2) b", "a. x" then "1. y"): split them.  The lists are collected
   first, as the tree changes. */
static void S_split_lists(S_conv *cv, cmark_node *root) {
  if (!cv->rd->examples && !cv->rd->lists)
    return;
  cmark_node **lists = NULL;
  size_t n = 0, cap = 0;
  cmark_iter *it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *cm = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(cm) != CMARK_NODE_LIST ||
        cmark_node_get_list_type(cm) != CMARK_ORDERED_LIST)
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 16;
      lists = recto_xrealloc(lists, cap * sizeof *lists);
    }
    lists[n++] = cm;
  }
  cmark_iter_free(it);
  for (size_t i = 0; i < n; i++) {
    cmark_node *list = lists[i];
    cmark_node *item = cmark_node_first_child(list);
    if (!item)
      continue;
    int loose = !cmark_node_get_list_tight(list);
    md_list_kind first = S_item_kind(cv, item);
    cmark_node *cur = list; /* the list the items go on to */
    for (cmark_node *next; item; item = next) {
      next = cmark_node_next(item);
      md_list_kind kind = S_item_kind(cv, item);
      if (!S_same_list(&first, &kind)) {
        /* cmark links only nodes made with one allocator */
        cmark_node *rest = cmark_node_new_with_mem(CMARK_NODE_LIST, &S_cm_mem);
        cmark_node_set_list_type(rest, CMARK_ORDERED_LIST);
        cmark_node_set_list_delim(rest, cmark_node_get_list_delim(list));
        cmark_node_set_list_start(rest, kind.number);
        if (!cmark_node_insert_after(cur, rest)) {
          cmark_node_free(rest);
          break;
        }
        cmark_node_set_list_tight(cur, !loose || S_split_tight(cur));
        cur = rest;
        first = kind;
      }
      if (cur != list)
        cmark_node_append_child(cur, item);
    }
    if (cur != list)
      cmark_node_set_list_tight(cur, !loose || S_split_tight(cur));
  }
  free(lists);
}

/* Whether input line (1-based) holds nothing but block quote marks. */
static int S_bare_line(const md_reader *rd, uint32_t line) {
  size_t len;
  const char *s = md_line_text(rd, line - 1, &len);
  for (size_t i = 0; i < len; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '>')
      return 0;
  return 1;
}

/* A table that a line without a pipe ends has a line cmark reads as blank
   after it (pipes.c): a list that only that line made loose is tight, as
   the input has it (no blank line from its first line to its last).  The
   bare lines are counted once for the document (rd->bare), so that
   nested lists cost no more than one. */
static void S_tables_ended_tight(S_conv *cv, cmark_node *root) {
  md_reader *rd = cv->rd;
  if (!rd->table_ends)
    return;
  if (!rd->bare) {
    /* bare[2 l]: bare lines up to line l; bare[2 l + 1]: the last line
       up to l that is not bare (0 if none) */
    rd->bare = recto_xmalloc((rd->nlines + 1) * 2 * sizeof *rd->bare);
    rd->bare[0] = rd->bare[1] = 0;
    for (uint32_t l = 1; l <= rd->nlines; l++) {
      int bare = S_bare_line(rd, l);
      rd->bare[2 * l] = rd->bare[2 * (l - 1)] + (uint32_t)bare;
      rd->bare[2 * l + 1] = bare ? rd->bare[2 * (l - 1) + 1] : l;
    }
  }
  cmark_iter *it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *cm = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(cm) != CMARK_NODE_LIST ||
        cmark_node_get_list_tight(cm) || cmark_node_get_end_line(cm) < 1)
      continue;
    uint32_t from = S_line(cv, cm);
    uint32_t to = md_pipes_line(
        rd, (uint32_t)cmark_node_get_end_line(cm) + cv->line0);
    if (!from || to > rd->nlines || from > to)
      continue;
    to = rd->bare[2 * to + 1];
    if (to >= from && rd->bare[2 * to] == rd->bare[2 * (from - 1)])
      cmark_node_set_list_tight(cm, 1);
  }
  cmark_iter_free(it);
}

/* Convert cmark's tree into the open levels of cv, then free it. */
static void S_walk(S_conv *cv, cmark_node *root) {
  cv->stack[0].cm = root;
  cv->next_def = 0;
  S_collect_notes(cv, root);
  S_tables_ended_tight(cv, root);
  S_split_lists(cv, root);
  cmark_iter *it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *cm = cmark_iter_get_node(it);
    /* an autolink's text was taken with the link */
    cmark_node *par = cmark_node_parent(cm);
    if (par && cv->depth > 1 && cv->stack[cv->depth - 1].kind == -1 &&
        cv->stack[cv->depth - 1].cm == par)
      continue;
    if (ev == CMARK_EVENT_ENTER) {
      S_enter(cv, cm);
    } else if (ev == CMARK_EVENT_EXIT) {
      S_exit(cv, cm);
    }
    /* what came before a node that is done is not needed any more: free
       it now, so that cmark's tree and ours are not both held whole (the
       iterator goes on from this node, never from an earlier one) */
    if (ev == CMARK_EVENT_EXIT ||
        (ev == CMARK_EVENT_ENTER && !cmark_node_first_child(cm))) {
      cmark_node *prev = cmark_node_previous(cm);
      if (prev && cmark_node_get_type(prev) != CMARK_NODE_FOOTNOTE_DEFINITION)
        cmark_node_free(prev);
    }
  }
  cmark_iter_free(it);
  cmark_node_free(root);
}

static recto_status S_convert(md_reader *rd, recto_node *parent,
                              int footnotes) {
  cmark_node *root = S_parse(rd, rd->buf, rd->buf_len, footnotes, 1);
  if (!root)
    return RECTO_ERR_INPUT;
  S_conv cv = {0};
  cv.rd = rd;
  S_push(&cv, parent, root, S_LEVEL_NODE);
  S_walk(&cv, root);
  if (footnotes)
    S_finish(rd, parent);
  free(cv.stack);
  return RECTO_OK;
}

/* ---- big inputs in pieces ----
 * md_split_points gives lines "# " after a blank line; there cmark has
 * closed every block unless a fenced code block or an HTML block that
 * blank lines do not end goes on.  Each piece is checked for those (on
 * the block cmark parsed last) and for divs or HTML tables the walk would
 * leave open; if one is found the rest is parsed whole. */

/* Whether the text of a line (up to '\n') is blank. */
static int S_blank_line(const char *s, const char *end) {
  while (s < end && (*s == ' ' || *s == '\t'))
    s++;
  return s == end || *s == '\n';
}

/* Whether s starts with the ASCII letters and marks of t, any case. */
static int S_starts_ci(const char *s, size_t len, const char *t) {
  size_t tl = strlen(t);
  if (len < tl)
    return 0;
  for (size_t i = 0; i < tl; i++) {
    char c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
    char d = t[i] >= 'A' && t[i] <= 'Z' ? (char)(t[i] + 32) : t[i];
    if (c != d)
      return 0;
  }
  return 1;
}

/* Whether the block cmark ended last in the piece [s, end) was ended by
   its own text, not by the end of the piece. */
static int S_block_closed(S_conv *cv, cmark_node *last, const char *s,
                          const char *end) {
  cmark_node_type t = cmark_node_get_type(last);
  if (t == CMARK_NODE_CODE_BLOCK) {
    int len = 0, offset = 0;
    char ch = 0;
    if (!cmark_node_get_fenced(last, &len, &offset, &ch))
      return 1;
    /* the lines after the opening fence, for a closing fence */
    int line = cmark_node_get_start_line(last);
    const char *p = s;
    for (int k = 1; k <= line && p < end; k++) {
      const char *nl = memchr(p, '\n', (size_t)(end - p));
      p = nl ? nl + 1 : end;
    }
    while (p < end) {
      const char *nl = memchr(p, '\n', (size_t)(end - p));
      const char *e = nl ? nl : end;
      const char *q = p;
      while (q < e && q - p < 4 && *q == ' ')
        q++;
      int n = 0;
      if (q - p < 4)
        while (q < e && *q == ch)
          q++, n++;
      if (n >= len && S_blank_line(q, e))
        return 1;
      p = nl ? nl + 1 : end;
    }
    return 0;
  }
  if (t != CMARK_NODE_HTML_BLOCK)
    return 1;
  const char *lit = cmark_node_get_literal(last);
  size_t k = 0;
  if (!lit || S_placeholder(cv, last, &k))
    return 1;
  size_t ll = strlen(lit);
  /* kinds 1-5 go on over blank lines until their end mark */
  size_t ind = strspn(lit, " ");
  static const struct { const char *start, *end; } kinds[] = {
      {"<script", "</script>"}, {"<pre", "</pre>"}, {"<style", "</style>"},
      {"<textarea", "</textarea>"}, {"<!--", "-->"}, {"<?", "?>"},
      {"<![CDATA[", "]]>"}, {"<!", ">"}};
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
    if (!S_starts_ci(lit + ind, ll - ind, kinds[i].start))
      continue;
    int found = 0;
    for (size_t j = 0; j < ll && !found; j++)
      found = S_starts_ci(lit + j, ll - j, kinds[i].end);
    if (!found)
      return 0;
    break;
  }
  /* a blank last line: it went on to the end of the piece */
  size_t b = ll && lit[ll - 1] == '\n' ? ll - 1 : ll;
  while (b && lit[b - 1] != '\n')
    b--;
  return !(ll && S_blank_line(lit + b, lit + ll));
}

/* Whether the walk of a piece's tree leaves only the document open, and
   its last block is closed (see above). */
static int S_piece_closed(S_conv *cv, cmark_node *root, const char *s,
                          const char *end) {
  size_t open = 0;
  cmark_node *last = NULL;
  for (cmark_node *c = cmark_node_first_child(root); c;
       c = cmark_node_next(c)) {
    if (cmark_node_get_type(c) == CMARK_NODE_FOOTNOTE_DEFINITION)
      continue; /* cmark moved it to the end */
    last = c;
    if (cmark_node_get_type(c) != CMARK_NODE_HTML_BLOCK)
      continue;
    size_t k;
    S_tag tags[16];
    const char *lit = cmark_node_get_literal(c);
    if (S_placeholder(cv, c, &k)) {
      if (cv->rd->divs[k].open)
        open++;
      else if (open)
        open--;
    } else if (lit && S_table_tags_of(lit, tags, 16)) {
      return 0;
    }
  }
  return !open && (!last || S_block_closed(cv, last, s, end));
}

/* The note definitions the piece just walked left at the end of the
   open level (after stop), moved to defs. */
static void S_take_defs(S_conv *cv, recto_node *stop, recto_node ***defs,
                        size_t *ndefs, size_t *cap) {
  recto_node *top = S_top(cv), *first = NULL;
  for (recto_node *c = recto_node_last_child(top);
       c && c != stop && recto_node_type_of(c) == RECTO_NODE_NOTE_DEF;
       c = recto_node_prev(c))
    first = c;
  while (first) {
    recto_node *next = recto_node_next(first);
    recto_node_unlink(first);
    if (*ndefs == *cap) {
      *cap = *cap ? *cap * 2 : 64;
      recto_node **d = realloc(*defs, *cap * sizeof *d);
      if (!d)
        recto_out_of_memory();
      *defs = d;
    }
    (*defs)[(*ndefs)++] = first;
    first = next;
  }
}

static recto_status S_convert_pieces(md_reader *rd, recto_node *parent) {
  size_t *offs;
  uint32_t *lines;
  size_t ncuts = md_split_points(rd, &offs, &lines);
  if (!ncuts)
    return S_convert(rd, parent, 1);
  S_conv cv = {0};
  cv.rd = rd;
  S_push(&cv, parent, NULL, S_LEVEL_NODE);
  recto_node **defs = NULL;
  size_t ndefs = 0, dcap = 0, c = 0, start = 0, wasted = 0;
  /* smaller pieces than the threshold: cmark's tree of one stays in the
     cache while it is walked (256 KB: 8 % less time than 1 MB) */
  size_t piece = rd->chunk < ((size_t)256 << 10) ? rd->chunk
                                                  : (size_t)256 << 10;
  recto_status st = RECTO_OK;
  for (;;) {
    while (c < ncuts && offs[c] < start + piece)
      c++;
    size_t end;
    int last;
    const char *s = rd->buf + start;
    cmark_node *root;
    for (;;) {
      end = c < ncuts ? offs[c] : rd->buf_len;
      last = c == ncuts; /* the text is freed once it is fed */
      root = S_parse(rd, s, end - start, 1, last);
      if (!root || last || S_piece_closed(&cv, root, s, rd->buf + end))
        break;
      /* a block goes on past the cut: take the next piece in too, or
         the rest once as much as the input was parsed in vain */
      cmark_node_free(root);
      wasted += end - start;
      c = wasted > rd->buf_len ? ncuts : c + 1;
    }
    if (!root) {
      st = RECTO_ERR_INPUT;
      break;
    }
    recto_node *before = recto_node_last_child(parent);
    S_walk(&cv, root);
    cv.note_base += cv.nnotes;
    /* definitions go after every piece, as cmark puts them after all */
    S_take_defs(&cv, S_top(&cv) == parent ? before : NULL, &defs, &ndefs,
                &dcap);
    if (last) {
      for (size_t i = 0; i < ndefs; i++)
        S_append(&cv, defs[i]);
    }
    /* this piece's blocks, finished while they are in the cache */
    for (recto_node *x = before ? recto_node_next(before)
                                : recto_node_first_child(parent),
                    *next;
         x; x = next) {
      next = recto_node_next(x);
      md_finish_top(rd, x);
    }
    if (last)
      break;
    start = end;
    cv.line0 = lines[c++];
  }
  free(defs);
  free(cv.stack);
  free(offs);
  free(lines);
  return st;
}

recto_status md_read_into(md_reader *rd, recto_node *parent) {
  recto_status st = !rd->fragment && rd->chunk && rd->buf_len > rd->chunk
                        ? S_convert_pieces(rd, parent)
                        : S_convert(rd, parent, 1);
  md_tables_fill(rd);
  md_pipes_restore(rd, parent);
  return st;
}

recto_node *md_read_fragment(md_reader *parent, const char *text, size_t len,
                             uint32_t line) {
  md_reader rd = {0};
  rd.ctx = parent->ctx;
  rd.doc = parent->doc;
  rd.opts = parent->opts;
  rd.src = text;
  rd.src_len = len;
  rd.fragment = 1;
  rd.smart = parent->smart;
  md_prescan(&rd);
  recto_node *div = recto_node_new(rd.doc, RECTO_NODE_DIV);
  recto_node_set_pos(div, md_pos(parent, line, 1));
  S_convert(&rd, div, 0);
  md_pipes_restore(&rd, div);
  md_inlines(&rd, div);
  md_blocks(&rd, div);
  md_inlines_finish(&rd, div);
  md_heading_refs_text(rd.doc, div);
  /* positions inside count from the fragment's first line: move them to
     the input's lines (columns stay those of the value's own text) */
  recto_iter *it = recto_iter_new(div);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER || n == div)
      continue;
    recto_pos p = recto_node_pos(n);
    recto_node_set_pos(n, md_pos(parent, (p.line ? p.line : 1) + line - 1,
                                 p.column ? p.column : 1));
  }
  recto_iter_free(it);
  md_prescan_free(&rd);
  return div;
}
