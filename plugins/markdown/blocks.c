/* blocks.c: block-level meaning that shows only once inlines are known.
 *
 *   - a paragraph holding nothing but page-break spans is a page break
 *     among blocks;
 *   - a paragraph whose lines all start with "| " is a line block (a
 *     line that starts with a space instead goes on the line above, and
 *     quotes do not pair across lines);
 *   - "Table: caption" just after a table is its caption;
 *   - TeX macro definitions that open a paragraph are a paragraph of
 *     their own (pandoc's raw TeX block; recto keeps TeX as text);
 *   - divs with class figure (and caption), or id refs / class
 *     bibliography, are figures and bibliographies.
 */
#include <string.h>

#include "enums.h"
#include "md.h"

static int S_is(const recto_node *n, recto_node_type t) {
  return n && recto_node_type_of(n) == t;
}

static int S_blank_text(const recto_node *n) {
  const char *s = recto_node_text(n);
  for (size_t i = 0; i < recto_node_text_len(n); i++)
    if (s[i] != ' ' && s[i] != '\t')
      return 0;
  return 1;
}

/* Returns the node to resume after, or NULL if nothing changed. */
static recto_node *S_page_breaks(recto_node *para) {
  int any = 0;
  for (recto_node *c = recto_node_first_child(para); c; c = recto_node_next(c)) {
    recto_node_type t = recto_node_type_of(c);
    if (t == RECTO_NODE_PAGE_BREAK)
      any = 1;
    else if (t != RECTO_NODE_SOFT_BREAK &&
             !(t == RECTO_NODE_TEXT && S_blank_text(c)))
      return NULL;
  }
  if (!any || !recto_node_parent(para))
    return NULL;
  recto_node *last = NULL, *c;
  while ((c = recto_node_first_child(para)) != NULL) {
    recto_node_unlink(c);
    if (S_is(c, RECTO_NODE_PAGE_BREAK)) {
      recto_node_insert_before(para, c);
      last = c;
    }
  }
  recto_node_unlink(para);
  return last;
}

static int S_line_start(const recto_node *n) {
  if (!S_is(n, RECTO_NODE_TEXT))
    return 0;
  const char *s = recto_node_text(n);
  size_t len = recto_node_text_len(n);
  if (!len || s[0] != '|')
    return 0;
  if (len == 1) {
    recto_node *nx = recto_node_next(n);
    return !nx || S_is(nx, RECTO_NODE_SOFT_BREAK) ||
           S_is(nx, RECTO_NODE_LINE_BREAK);
  }
  return s[1] == ' ';
}

static int S_break(const recto_node *n) {
  return S_is(n, RECTO_NODE_SOFT_BREAK) || S_is(n, RECTO_NODE_LINE_BREAK);
}

/* A quotation the smart punctuation paired across a line break: its
   lines are the paragraph's (pandoc reads each line of a line block on
   its own). */
static int S_quote_across(const recto_node *n) {
  if (!S_is(n, RECTO_NODE_QUOTED))
    return 0;
  for (const recto_node *c = recto_node_first_child(n); c; c = recto_node_next(c))
    if (S_break(c))
      return 1;
  return 0;
}

/* The next inline of a paragraph in reading order, quotations across
   lines entered. */
static recto_node *S_line_next(recto_node *para, recto_node *c) {
  if (S_quote_across(c) && recto_node_first_child(c))
    return recto_node_first_child(c);
  while (c && c != para && !recto_node_next(c))
    c = recto_node_parent(c);
  return c && c != para ? recto_node_next(c) : NULL;
}

/* A line of the paragraph that starts with white space in the input (a
   line block's continuation line); n is the line's first inline. */
static int S_continuation(md_reader *rd, const recto_node *n) {
  recto_pos pos = recto_node_pos(n);
  if (pos.line < 1 || pos.line > rd->nlines)
    return 0;
  size_t len;
  const char *s = md_line_text(rd, pos.line - 1, &len);
  return len && (s[0] == ' ' || s[0] == '\t');
}

/* The quotation's marks as text around its content, in its place: as
   pandoc reads unpaired marks (a single one is an apostrophe). */
static void S_unquote(md_reader *rd, recto_node *q) {
  int single = recto_node_quote_kind(q) == RECTO_QUOTE_SINGLE;
  const char *open = single ? "\xe2\x80\x99" : "\xe2\x80\x9c";
  const char *close = single ? "\xe2\x80\x99" : "\xe2\x80\x9d";
  recto_node *o = recto_node_new_text(rd->doc, open, 3);
  recto_node_set_pos(o, recto_node_pos(q));
  recto_node_insert_before(q, o);
  recto_node *c;
  while ((c = recto_node_first_child(q)) != NULL) {
    recto_node_unlink(c);
    recto_node_insert_before(q, c);
  }
  recto_node *e = recto_node_new_text(rd->doc, close, 3);
  recto_node_set_pos(e, recto_node_pos(q));
  recto_node_insert_before(q, e);
  recto_node_unlink(q);
}

static recto_node *S_line_block(md_reader *rd, recto_node *para) {
  if (!S_is(para, RECTO_NODE_PARAGRAPH))
    return NULL;
  int at_start = 1, quotes = 0;
  for (recto_node *c = recto_node_first_child(para); c;
       c = S_line_next(para, c)) {
    if (at_start && !S_line_start(c) &&
        (c == recto_node_first_child(para) || !S_continuation(rd, c)))
      return NULL;
    quotes |= S_quote_across(c);
    at_start = S_break(c);
  }
  if (at_start)
    return NULL; /* empty, or ends with a break */
  for (recto_node *c = recto_node_first_child(para), *next; quotes && c;
       c = next) {
    next = recto_node_next(c);
    if (S_quote_across(c)) {
      next = recto_node_first_child(c);
      S_unquote(rd, c);
    }
  }
  recto_node *lb = recto_node_new(rd->doc, RECTO_NODE_LINE_BLOCK);
  md_copy_attrs(para, lb);
  recto_node *line = NULL, *c;
  while ((c = recto_node_first_child(para)) != NULL) {
    recto_node_unlink(c);
    if (S_break(c) && S_continuation(rd, recto_node_first_child(para)) &&
        !S_line_start(recto_node_first_child(para))) {
      /* a continuation line: a space on the line above */
      recto_node *sp = recto_node_new_text(rd->doc, " ", 1);
      recto_node_set_pos(sp, recto_node_pos(c));
      recto_node_append(line, sp);
      continue;
    }
    if (S_break(c)) {
      line = NULL;
      continue;
    }
    if (S_is(c, RECTO_NODE_SPAN) && recto_node_has_class(c, "line") && line &&
        !recto_node_first_child(line)) {
      /* "| [text]{.line lang=en}": the line's own attributes */
      recto_pos pos = recto_node_pos(line);
      md_copy_attrs(c, line);
      md_remove_class(line, "line");
      recto_node_set_pos(line, pos);
      recto_node *g;
      while ((g = recto_node_first_child(c)) != NULL) {
        recto_node_unlink(g);
        recto_node_append(line, g);
      }
      continue;
    }
    if (!line) {
      line = recto_node_new(rd->doc, RECTO_NODE_LINE);
      recto_node_set_pos(line, recto_node_pos(c));
      recto_node_append(lb, line);
      size_t len = recto_node_text_len(c);
      size_t cut = len > 1 ? 2 : 1;
      if (len <= cut)
        continue;
      recto_node_set_text(c, recto_strndup(rd->doc, recto_node_text(c) + cut,
                                           len - cut),
                          len - cut);
      recto_node_set_pos(c, md_pos_add(recto_node_pos(c), cut));
    }
    recto_node_append(line, c);
  }
  recto_node_insert_before(para, lb);
  recto_node_unlink(para);
  return lb;
}

static recto_node *S_caption(md_reader *rd, recto_node *para) {
  recto_node *table = recto_node_prev(para);
  recto_node *first = recto_node_first_child(para);
  if (!S_is(table, RECTO_NODE_TABLE) || !S_is(first, RECTO_NODE_TEXT) ||
      S_is(recto_node_first_child(table), RECTO_NODE_CAPTION))
    return NULL;
  const char *s = recto_node_text(first);
  size_t len = recto_node_text_len(first);
  if (len < 7 || memcmp(s, "Table: ", 7) != 0)
    return NULL;
  size_t cut = 7;
  while (cut < len && s[cut] == ' ')
    cut++;
  if (cut == len)
    recto_node_unlink(first);
  else
    recto_node_set_text(first, recto_strndup(rd->doc, s + cut, len - cut),
                        len - cut);
  recto_node *cap = recto_node_new(rd->doc, RECTO_NODE_CAPTION);
  recto_node_set_pos(cap, recto_node_pos(para));
  recto_node_unlink(para);
  recto_node_append(cap, md_retype(para, RECTO_NODE_PLAIN));
  recto_node_prepend(table, cap);
  return table;
}

/* ---- TeX macro definitions ----
   pandoc reads the macro definitions that open a paragraph, one or more
   lines, as a raw TeX block, and the text after them as a paragraph.
   recto keeps TeX as text (no writer of its takes raw TeX), in a
   paragraph of its own where pandoc has that block. */

/* A scan of the input from a paragraph's start: a line end goes on past
   the next line's indentation and block quote marks; a blank line ends
   the paragraph (and the scan). */
typedef struct S_tex {
  const char *s;
  size_t n, i;
} S_tex;

static int S_tex_at_end(const S_tex *t) {
  return t->i >= t->n;
}

/* Past white space, line ends included when lines is set; 0 at a blank
   line. */
static int S_tex_space(S_tex *t, int lines) {
  while (t->i < t->n) {
    char c = t->s[t->i];
    if (c == ' ' || c == '\t' || c == '\r') {
      t->i++;
    } else if (c == '\n' && lines) {
      size_t j = t->i + 1;
      while (j < t->n && (t->s[j] == ' ' || t->s[j] == '\t' || t->s[j] == '>'))
        j++;
      if (j == t->n || t->s[j] == '\n' || t->s[j] == '\r')
        return 0;
      t->i = j;
    } else {
      break;
    }
  }
  return 1;
}

/* A control sequence: a backslash and letters, or one other character. */
static int S_tex_cs(S_tex *t) {
  if (t->i + 1 >= t->n || t->s[t->i] != '\\')
    return 0;
  size_t j = t->i + 1;
  char c = t->s[j];
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '@') {
    while (j < t->n && ((t->s[j] >= 'a' && t->s[j] <= 'z') ||
                        (t->s[j] >= 'A' && t->s[j] <= 'Z') || t->s[j] == '@'))
      j++;
  } else if (c == '\n' || c == '\r') {
    return 0;
  } else {
    j++;
  }
  t->i = j;
  return 1;
}

/* A group from open to its close ('{' '}' or '[' ']'), groups and
   escapes inside; no blank line in it. */
static int S_tex_group(S_tex *t, char open, char close) {
  if (S_tex_at_end(t) || t->s[t->i] != open)
    return 0;
  size_t depth = 0;
  while (t->i < t->n) {
    char c = t->s[t->i];
    if (c == '\\') {
      t->i += 2;
      continue;
    }
    if (c == '\n') {
      if (!S_tex_space(t, 1))
        return 0;
      continue;
    }
    t->i++;
    if (c == open)
      depth++;
    else if (c == close && --depth == 0)
      return 1;
  }
  return 0;
}

/* One definition: \newcommand\x[1][d]{...} (and \renewcommand,
   \providecommand, \DeclareMathOperator, a braced name), \newenvironment{e}
   [1][d]{...}{...}, \def\x#1{...}, \let\x\y. */
static int S_tex_def(S_tex *t) {
  static const char *const names[] = {
      "newcommand", "renewcommand", "providecommand", "DeclareMathOperator",
      "newenvironment", "renewenvironment", "def", "let", NULL};
  size_t start = t->i;
  if (!S_tex_cs(t))
    return 0;
  size_t len = t->i - start - 1;
  int k = 0;
  while (names[k] &&
         (strlen(names[k]) != len || memcmp(names[k], t->s + start + 1, len)))
    k++;
  if (!names[k])
    return 0;
  const char *name = names[k];
  if (!S_tex_at_end(t) && t->s[t->i] == '*')
    t->i++;
  S_tex_space(t, 1);
  if (!strcmp(name, "let")) {
    if (!S_tex_cs(t))
      return 0;
    S_tex_space(t, 0);
    if (!S_tex_at_end(t) && t->s[t->i] == '=')
      t->i++;
    S_tex_space(t, 0);
    return S_tex_cs(t) || (!S_tex_at_end(t) && t->s[t->i] != '\n' &&
                           t->s[t->i] != '\r' && ++t->i);
  }
  if (!strcmp(name, "def")) {
    if (!S_tex_cs(t))
      return 0;
    while (!S_tex_at_end(t) && (t->s[t->i] == '#' ||
                                (t->s[t->i] >= '0' && t->s[t->i] <= '9')))
      t->i++;
    return S_tex_group(t, '{', '}');
  }
  int env = strstr(name, "environment") != NULL;
  if (!(env ? S_tex_group(t, '{', '}') : S_tex_cs(t) || S_tex_group(t, '{', '}')))
    return 0;
  S_tex_space(t, 1);
  while (!S_tex_at_end(t) && t->s[t->i] == '[') {
    if (!S_tex_group(t, '[', ']'))
      return 0;
    S_tex_space(t, 1);
  }
  if (!S_tex_group(t, '{', '}'))
    return 0;
  if (env) {
    S_tex_space(t, 1);
    return S_tex_group(t, '{', '}');
  }
  return 1;
}

/* Whether a math environment, which pandoc reads as inline TeX, opens
   the text at t. */
static int S_tex_math_env(const S_tex *t) {
  static const char *const envs[] = {
      "equation", "align", "gather", "multline", "eqnarray", "alignat",
      "flalign", "displaymath", "math", NULL};
  const char *p = t->s + t->i;
  size_t n = t->n - t->i;
  if (n < 8 || memcmp(p, "\\begin{", 7) != 0)
    return 0;
  for (int k = 0; envs[k]; k++) {
    size_t len = strlen(envs[k]);
    if (n > 7 + len && !memcmp(p + 7, envs[k], len) &&
        (p[7 + len] == '}' || p[7 + len] == '*'))
      return 1;
  }
  return 0;
}

/* The offset where the definitions that open the text at s end (where
   the text after them starts, past a line end), 0 if none opens it or if
   the line after them is TeX of pandoc's raw block too; *eol: they end
   their line. */
static size_t S_tex_defs_end(const char *s, size_t n, int *eol) {
  S_tex t = {s, n, 0};
  size_t end = 0, next;
  for (;;) {
    next = t.i;
    if (!S_tex_def(&t))
      break;
    S_tex_space(&t, 0);
    end = t.i;
    *eol = S_tex_at_end(&t) || t.s[t.i] == '\n';
    if (*eol && (!S_tex_space(&t, 1) || S_tex_at_end(&t)))
      return end;
  }
  /* a line that only holds a command is TeX that pandoc's raw block
     goes on with (a command with text after it is inline TeX, as a math
     environment is) */
  t.i = next;
  if (end && *eol && !S_tex_math_env(&t) && S_tex_cs(&t)) {
    while (S_tex_group(&t, '{', '}') || S_tex_group(&t, '[', ']'))
      ;
    S_tex_space(&t, 0);
    if (S_tex_at_end(&t) || t.s[t.i] == '\n')
      return 0;
  }
  return end;
}

/* A paragraph opened by TeX macro definitions and going on after them
   (on their last line or the next): split where they end.  Returns para,
   or NULL. */
static recto_node *S_tex_defs(md_reader *rd, recto_node *para) {
  recto_pos pos = recto_node_pos(para);
  recto_node *first = recto_node_first_child(para);
  if (!S_is(first, RECTO_NODE_TEXT) || recto_node_text_len(first) < 2 ||
      recto_node_text(first)[0] != '\\' || pos.offset >= rd->src_len ||
      rd->src[pos.offset] != '\\')
    return NULL;
  /* up to the end of the line of the paragraph's last inline: past it
     the scan would read the blocks after, each paragraph again */
  uint32_t last_line = recto_node_pos(recto_node_last_child(para)).line;
  size_t para_end = last_line >= pos.line && last_line < rd->nlines
                        ? rd->lines[last_line]
                        : rd->src_len;
  int eol = 0;
  size_t end = S_tex_defs_end(rd->src + pos.offset, para_end - pos.offset,
                              &eol);
  if (!end)
    return NULL;
  size_t cut = pos.offset + end;
  recto_node *last = first; /* the last inline of the definitions */
  recto_node *text = NULL;  /* the text after them on their line */
  if (eol) {
    /* the line break at the end of their last line */
    uint32_t line = pos.line;
    for (size_t i = pos.offset; i < cut; i++)
      line += rd->src[i] == '\n';
    while (last && !(S_break(last) && recto_node_pos(last).line == line))
      last = recto_node_next(last);
    if (!last || !recto_node_next(last))
      return NULL;
  } else {
    /* the text node the cut falls in, read as written up to it */
    recto_pos tp;
    while (last && !(S_is(last, RECTO_NODE_TEXT) &&
                     (tp = recto_node_pos(last)).offset <= cut &&
                     tp.offset + recto_node_text_len(last) > cut))
      last = recto_node_next(last);
    size_t k = last ? cut - tp.offset : 0;
    const char *s = last ? recto_node_text(last) : NULL;
    if (!s || memcmp(s, rd->src + tp.offset, k) != 0)
      return NULL;
    size_t head = k;
    while (head > 0 && s[head - 1] == ' ')
      head--;
    text = recto_node_new_text(rd->doc, s + k, recto_node_text_len(last) - k);
    recto_node_set_pos(text, md_pos(rd, tp.line, tp.column + (uint32_t)k));
    recto_node_set_text(last, recto_strndup(rd->doc, s, head), head);
  }
  recto_node *rest = recto_node_new(rd->doc, recto_node_type_of(para));
  if (text)
    recto_node_append(rest, text);
  recto_node *c;
  while ((c = recto_node_next(last)) != NULL) {
    recto_node_unlink(c);
    recto_node_append(rest, c);
  }
  recto_node_set_pos(rest, recto_node_pos(recto_node_first_child(rest)));
  if (eol)
    recto_node_unlink(last);
  recto_node_insert_after(para, rest);
  return para;
}

static recto_node *S_bibliography(md_reader *rd, recto_node *div) {
  recto_node *bib = recto_node_new(rd->doc, RECTO_NODE_BIBLIOGRAPHY);
  md_copy_attrs(div, bib);
  if (recto_node_id(bib) && !strcmp(recto_node_id(bib), "refs"))
    recto_node_set_id(bib, NULL);
  md_remove_class(bib, "bibliography");
  recto_node_insert_before(div, bib);
  recto_node *after = bib, *c;
  while ((c = recto_node_first_child(div)) != NULL) {
    recto_node_unlink(c);
    recto_node_type t = recto_node_type_of(c);
    if (t == RECTO_NODE_HEADING || t == RECTO_NODE_PAGE_BREAK) {
      recto_node_append(bib, c);
    } else {
      /* other blocks cannot stand in a bibliography: keep them after it */
      recto_node_insert_after(after, c);
      after = c;
    }
  }
  recto_node_unlink(div);
  return after;
}

void md_finish_div(md_reader *rd, recto_node *div) {
  (void)rd;
  if (recto_node_has_class(div, "figure")) {
    recto_node *fig = md_retype(div, RECTO_NODE_FIGURE);
    md_remove_class(fig, "figure");
    recto_node *cap = recto_node_first_child(fig);
    if (S_is(cap, RECTO_NODE_DIV) && recto_node_has_class(cap, "caption")) {
      cap = md_retype(cap, RECTO_NODE_CAPTION);
      md_remove_class(cap, "caption");
    }
  }
}

/* ::: {.list ...} around a single list: the writer's way to give a list
   its attributes, numbering style and delimiter. */
static recto_node *S_list_div(recto_node *div) {
  recto_node *list = recto_node_first_child(div);
  if (!S_is(list, RECTO_NODE_LIST) || recto_node_next(list))
    return NULL;
  recto_pos pos = recto_node_pos(list);
  int style = nat_enum_value(&nat_list_style, recto_node_attr(div, "list-style"));
  int delim = nat_enum_value(&nat_list_delim, recto_node_attr(div, "list-delim"));
  md_copy_attrs(div, list);
  recto_node_set_pos(list, pos);
  md_remove_class(list, "list");
  recto_node_set_attr(list, "list-style", NULL);
  recto_node_set_attr(list, "list-delim", NULL);
  if (style > 0)
    recto_list_set_style(list, (recto_list_style)style);
  if (delim > 0)
    recto_list_set_delim(list, (recto_list_delim)delim);
  recto_node_unlink(list);
  recto_node_insert_before(div, list);
  recto_node_unlink(div);
  return list;
}

static recto_node *S_div(md_reader *rd, recto_node *div) {
  const char *id = recto_node_id(div);
  if ((id && !strcmp(id, "refs")) || recto_node_has_class(div, "bibliography"))
    return S_bibliography(rd, div);
  if (recto_node_has_class(div, "list"))
    return S_list_div(div);
  if (recto_node_has_class(div, "figure")) {
    recto_node *prev = recto_node_prev(div), *parent = recto_node_parent(div);
    md_finish_div(rd, div);
    return prev ? recto_node_next(prev) : recto_node_first_child(parent);
  }
  return NULL;
}

/* The fix-up for one node whose children are done; returns the node to
   resume after, or NULL if nothing changed. */
static recto_node *S_block(md_reader *rd, recto_node *n) {
  recto_node *resume = NULL;
  switch (recto_node_type_of(n)) {
  case RECTO_NODE_PARAGRAPH:
  case RECTO_NODE_PLAIN:
    if (!(resume = S_page_breaks(n)) && !(resume = S_caption(rd, n)) &&
        !(resume = S_tex_defs(rd, n)))
      resume = S_line_block(rd, n);
    break;
  case RECTO_NODE_DIV:
    resume = S_div(rd, n);
    break;
  default:
    break;
  }
  return resume;
}

void md_blocks(md_reader *rd, recto_node *root) {
  recto_iter *it = recto_iter_new(root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_EXIT || n == root)
      continue;
    recto_node *resume = S_block(rd, n);
    if (resume)
      recto_iter_reset(it, resume, RECTO_EVENT_EXIT);
  }
  recto_iter_free(it);
}

void md_finish_top(md_reader *rd, recto_node *n) {
  recto_node *prev = recto_node_prev(n), *next = recto_node_next(n);
  recto_node *parent = recto_node_parent(n);
  md_inlines(rd, n);
  md_blocks(rd, n);
  S_block(rd, n);
  /* what n became; a caption moves into the table before it */
  if (S_is(prev, RECTO_NODE_TABLE))
    md_inlines_finish(rd, prev);
  for (recto_node *c = prev ? recto_node_next(prev)
                            : recto_node_first_child(parent);
       c && c != next; c = recto_node_next(c))
    md_inlines_finish(rd, c);
}
