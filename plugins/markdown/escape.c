/* escape.c: the writer's output primitives and escaping.
 *
 * Text is escaped so that cmark-gfm, and then the reader's pandoc
 * constructs, give back exactly the same text: always the characters that
 * open inline syntax (\ ` * _ [ ] < ~ | $), and others where their place
 * gives them a meaning (a line start: # > - + = : % and "1."; & before a
 * name; @ before a key; { ( : after a closing bracket).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wr.h"

/* ---- lines ---- */

static void S_trim(md_w *w) {
  recto_buf *o = w->out;
  while (o->len && (o->data[o->len - 1] == ' ' || o->data[o->len - 1] == '\t'))
    o->len--;
  if (o->data)
    o->data[o->len] = 0;
}

void md_w_flush(md_w *w) {
  md_w_settle(w);
  w->need_cr = 0;
  if (!w->line_open) {
    recto_buf_put(w->out, w->prefix.data ? w->prefix.data : "", w->prefix.len);
    w->line_open = 1;
    w->begin_content = 1;
    w->last = '\n';
  }
}

void md_w_settle(md_w *w) {
  if (w->need_cr && w->out->len) {
    if (w->line_open) {
      S_trim(w);
      recto_buf_putc(w->out, '\n');
      w->line_open = 0;
    }
    for (int i = 1; i < w->need_cr; i++) {
      recto_buf_put(w->out, w->prefix.data ? w->prefix.data : "",
                    w->prefix.len);
      S_trim(w);
      recto_buf_putc(w->out, '\n');
    }
    w->need_cr = 0;
  }
}

void md_w_lit(md_w *w, const char *s, size_t len) {
  if (!len)
    return;
  md_w_flush(w);
  /* text that ended in '!' or '^' before a bracket of syntax would make
     an image or an inline note of it: escape that character now */
  if (s[0] == '[' && w->last_plain && (w->last == '!' || w->last == '^') &&
      w->out->len) {
    recto_buf_putc(w->out, w->last);
    w->out->data[w->out->len - 2] = '\\';
  }
  w->last_plain = 0;
  if (w->in_pipe_cell) {
    /* cmark-gfm splits cells at every unescaped '|', in code and raw HTML
       too, and unescapes "\|" before it parses inlines */
    for (size_t i = 0; i < len; i++) {
      if (s[i] == '|')
        recto_buf_putc(w->out, '\\');
      recto_buf_putc(w->out, s[i]);
    }
  } else {
    recto_buf_put(w->out, s, len);
  }
  w->begin_content = 0;
  w->after_marker = 0;
  w->after_break = 0;
  w->last = s[len - 1];
}

void md_w_lits(md_w *w, const char *s) { md_w_lit(w, s, strlen(s)); }

void md_w_marker(md_w *w, const char *s) {
  md_w_lits(w, s);
  w->begin_content = 1;
  w->after_marker = 1;
}

void md_w_newline(md_w *w) {
  if (w->need_cr < 1)
    w->need_cr = 1;
}

void md_w_cr(md_w *w) {
  if (w->after_marker)
    return;
  if ((w->line_open || w->need_cr) && w->need_cr < 1)
    w->need_cr = 1;
}

void md_w_blank(md_w *w) {
  if (w->after_marker)
    return;
  if (w->out->len || w->line_open)
    w->need_cr = 2;
}

/* ---- text ---- */

static void S_esc(md_w *w, char c) {
  char b[2] = {'\\', c};
  recto_buf_put(w->out, b, 2);
}

/* Bytes md_w_text has to look at; runs of the others are copied whole. */
static const unsigned char S_special[256] = {
    [0] = 1,    ['\n'] = 1, ['\r'] = 1, ['\\'] = 1, ['`'] = 1, ['*'] = 1,
    ['_'] = 1,  ['<'] = 1,  ['~'] = 1,  ['|'] = 1,  ['$'] = 1, ['['] = 1,
    [']'] = 1,  ['&'] = 1,  ['@'] = 1,  ['{'] = 1,  ['('] = 1, [':'] = 1,
    ['.'] = 1,  ['#'] = 1,  ['^'] = 1, ['-'] = 1, ['"'] = 1, ['\''] = 1,
    [0xE2] = 1};

/* Smart punctuation as the reader (pandoc's default) makes it again from
   ASCII, as pandoc writes it: U+2013..U+201D by their last byte. */
static const char *S_unsmart(const char *s, size_t len, size_t i) {
  if (i + 2 >= len || (unsigned char)s[i] != 0xE2 ||
      (unsigned char)s[i + 1] != 0x80)
    return NULL;
  switch ((unsigned char)s[i + 2]) {
  case 0x93: return "--";
  case 0x94: return "---";
  case 0xA6: return "...";
  case 0x98: case 0x99: return "'";
  case 0x9C: case 0x9D: return "\"";
  default: return NULL;
  }
}

/* Quotes that pair are QUOTED nodes; one left alone in text (at i) is
   written straight only where cmark-gfm's flanking rules curl it the same
   way again without pairing it (an unmatched '"' is a closing quote where
   it may close, an opening one elsewhere; an unmatched '\'' is always an
   apostrophe), else as it is. */
static int S_quote_stays(md_w *w, const char *s, size_t len, size_t i,
                         int at_start) {
  unsigned char prev = at_start || !w->line_open ? ' ' : (unsigned char)w->last;
  unsigned char next = i + 3 < len ? (unsigned char)s[i + 3] : ' ';
  int ps = md_isspace(prev), ns = md_isspace(next);
  int pp = prev < 0x80 && md_ispunct(prev), np = next < 0x80 && md_ispunct(next);
  int left = !ns && (!np || ps || pp);
  int right = !ps && (!pp || ns || np);
  if (left && !right) {
    /* it may open: straight only if nothing after it in this text may
       close it (what pairs across other nodes is not looked for) */
    unsigned char close = s[i + 2] == '\x9c' ? 0x9D : (unsigned char)s[i + 2];
    for (size_t j = i + 3; j + 2 < len; j++)
      if ((unsigned char)s[j] == 0xE2 && (unsigned char)s[j + 1] == 0x80 &&
          (unsigned char)s[j + 2] == close)
        return 0;
  }
  switch ((unsigned char)s[i + 2]) {
  case 0x9C: return !right; /* an opening double quote */
  case 0x9D: return right;  /* a closing one */
  case 0x99: return 1;      /* an apostrophe */
  default: return 0;        /* an unmatched '\'' is never this */
  }
}

/* A run of en and em dashes from i: as the hyphens smart punctuation
   reads back as the same run (cmark-gfm makes em dashes first, then en
   dashes, from n hyphens), else as the characters themselves.  Returns
   where the run ends. */
static size_t S_dashes(md_w *w, const char *s, size_t len, size_t i,
                       int at_start) {
  size_t e = 0, k = 0, r = i;
  int ordered = 1;
  for (const char *d; (d = S_unsmart(s, len, r)) && *d == '-'; r += 3) {
    if (d[2]) { /* "---" */
      ordered = ordered && !k;
      e++;
    } else {
      k++;
    }
  }
  size_t n = 3 * e + 2 * k, ce, ck;
  if (n % 3 == 0)
    ce = n / 3, ck = 0;
  else if (n % 2 == 0)
    ce = 0, ck = n / 2;
  else if (n % 3 == 2)
    ce = (n - 2) / 3, ck = 1;
  else
    ce = (n - 4) / 3, ck = 2;
  int hyphens = ordered && ce == e && ck == k;
  if (hyphens && at_start) {
    /* hyphens alone on a line would make a rule or a heading's
       underline: a continuation line may be indented out of the way */
    if (w->after_break)
      recto_buf_puts(w->out, "    ");
    else if (r == len && n >= 3)
      hyphens = 0;
  }
  if (hyphens) {
    for (size_t j = 0; j < n; j++)
      recto_buf_putc(w->out, '-');
    w->last = '-';
  } else {
    recto_buf_put(w->out, s + i, r - i);
    w->last = s[r - 1];
  }
  w->last_plain = 1;
  return r;
}

void md_w_text(md_w *w, const char *s, size_t len) {
  if (!len)
    return;
  md_w_flush(w);
  int verbatim = w->cite != NULL;
  for (size_t i = 0; i < len; i++) {
    if (!w->begin_content && !S_special[(unsigned char)s[i]]) {
      size_t j = i + 1;
      while (j < len && !S_special[(unsigned char)s[j]])
        j++;
      recto_buf_put(w->out, s + i, j - i);
      w->last = s[j - 1];
      w->last_plain = 1;
      i = j - 1;
      continue;
    }
    char c = s[i];
    unsigned char nx = i + 1 < len ? (unsigned char)s[i + 1] : 0;
    if (c == '\n' || c == '\r')
      c = ' ';
    if (c == 0) {
      recto_buf_puts(w->out, "\xef\xbf\xbd"); /* cmark reads NUL so */
      w->last = (char)0xbd;
      w->last_plain = 0;
      continue;
    }
    size_t here = w->cite_pos + i;
    int at_start = w->begin_content;
    if (w->begin_content) {
      if (c == ' ' || c == '\t')
        continue; /* cmark drops white space at the start of a line */
      w->begin_content = 0;
      w->after_marker = 0;
      if (w->table_para && len - i >= 6 && (s[i] == 'T' || s[i] == 't') &&
          !memcmp(s + i + 1, "able:", 5)) {
        recto_buf_putc(w->out, s[i]);
        recto_buf_puts(w->out, "able\\:");
        i += 5;
        w->last = ':';
        continue;
      }
      if (strchr("#>-+=:%", c) && c) { /* '%': pandoc's title block */
        S_esc(w, c);
        w->last = c;
        continue;
      }
      /* an ordered list marker ("1.", "a)", "(iv)"): its delimiter
         escaped */
      size_t m = md_ordered_marker(s + i, len - i);
      if (m) {
        size_t j = i + m - 1;
        recto_buf_put(w->out, s + i, j - i);
        S_esc(w, s[j]);
        w->last = s[j];
        i = j;
        continue;
      }
    }
    const char *plain = S_unsmart(s, len, i);
    if (plain && *plain == '-') {
      i = S_dashes(w, s, len, i, at_start) - 1;
      continue;
    }
    if (plain && (*plain == '"' || *plain == '\'') &&
        !S_quote_stays(w, s, len, i, at_start))
      plain = NULL;
    if (plain) {
      recto_buf_puts(w->out, plain);
      w->last = plain[strlen(plain) - 1];
      w->last_plain = 1;
      i += 2;
      continue;
    }
    int esc = 0;
    switch (c) {
    case '\\': case '`': case '*': case '_': case '<': case '~': case '|':
    case '$': case '"': case '\'': case '^':
      esc = 1;
      break;
    case '-':
      /* "--" would read as a dash */
      esc = nx == '-' || w->last == '-' ||
            (S_unsmart(s, len, i + 1) && *S_unsmart(s, len, i + 1) == '-');
      break;
    case '[':
      esc = !(verbatim && here == w->cite_open);
      break;
    case ']':
      esc = !(verbatim && here == w->cite_close);
      break;
    case '&':
      esc = md_isalnum(nx) || nx == '#';
      break;
    case '@':
      /* a citation key */
      esc = !verbatim;
      break;
    case '{':
      esc = (w->in_heading || w->last == ']' || w->last == ')' ||
             w->last == '`' || w->last == '}' || w->last == '>') &&
            !(verbatim && w->last == '@'); /* "@{key}" */
      break;
    case '(':
      esc = w->last == ']';
      break;
    case ':':
      esc = w->last == ']';
      break;
    case '.':
      /* "..." would read as an ellipsis */
      esc = (nx == '.' && i + 2 < len && s[i + 2] == '.') ||
            (nx == '.' && S_unsmart(s, len, i + 2) &&
             *S_unsmart(s, len, i + 2) == '.') ||
            (S_unsmart(s, len, i + 1) && *S_unsmart(s, len, i + 1) == '.');
      break;
    case '#':
      esc = w->in_heading;
      break;
    default:
      break;
    }
    if (esc)
      S_esc(w, c);
    else
      recto_buf_putc(w->out, c);
    w->last = c;
    w->last_plain = !esc;
  }
  w->begin_content = 0;
  w->after_marker = 0;
  w->after_break = 0;
  if (w->cite)
    w->cite_pos += len;
}

/* ---- attributes ---- */

int md_w_has_attrs(const recto_node *node, const char *classes) {
  return (classes && *classes) || md_node_has_attrs(node);
}

/* Put a piece of an attribute block: escaped for inline text (the reader
   sees it after cmark), or raw on a div fence. */
static void S_attr_piece(md_w *w, recto_buf *b, const char *s, int raw) {
  if (raw) {
    recto_buf_puts(b, s);
    return;
  }
  recto_buf *saved = w->out;
  int bc = w->begin_content, lo = w->line_open, nc = w->need_cr;
  char last = w->last;
  w->out = b;
  w->begin_content = 0;
  w->line_open = 1;
  w->need_cr = 0;
  recto_node *cite = w->cite;
  w->cite = NULL;
  md_w_text(w, s, strlen(s));
  w->cite = cite;
  w->out = saved;
  w->begin_content = bc;
  w->line_open = lo;
  w->need_cr = nc;
  w->last = last;
}

static void S_attr_value(md_w *w, recto_buf *b, const char *v, int raw) {
  size_t n = strlen(v), plain = n > 0;
  for (size_t i = 0; i < n && plain; i++)
    plain = md_isalnum((unsigned char)v[i]) || v[i] == '-' || v[i] == '_';
  if (plain) {
    recto_buf_puts(b, v);
    return;
  }
  recto_buf q = RECTO_BUF_INIT;
  recto_buf_putc(&q, '"');
  for (const char *p = v; *p; p++) {
    if (*p == '"' || *p == '\\')
      recto_buf_putc(&q, '\\');
    recto_buf_putc(&q, *p == '\n' ? ' ' : *p);
  }
  recto_buf_putc(&q, '"');
  S_attr_piece(w, b, q.data, raw);
  recto_buf_free(&q);
}

static void S_attr_word(md_w *w, recto_buf *b, char sigil, const char *word,
                        int raw) {
  if (b->len > 1)
    recto_buf_putc(b, ' ');
  recto_buf_putc(b, sigil);
  S_attr_piece(w, b, word, raw);
}

static void S_classes(md_w *w, recto_buf *b, const char *cls, int raw) {
  if (!cls)
    return;
  const char *word;
  size_t len;
  while ((word = md_next_word(&cls, &len)) != NULL)
    S_attr_word(w, b, '.', recto_strndup(w->doc, word, len), raw);
}

void md_w_attrs(md_w *w, const recto_node *node, const char *classes, int raw,
                int skip_special) {
  recto_buf b = RECTO_BUF_INIT;
  recto_buf_putc(&b, '{');
  const char *id = recto_node_id(node);
  if (id && *id && !strchr(id, ' ') && !strchr(id, '}'))
    S_attr_word(w, &b, '#', id, raw);
  S_classes(w, &b, classes, raw);
  S_classes(w, &b, recto_node_classes(node), raw);
  size_t n = recto_node_attr_count(node);
  for (size_t i = 0; i < n; i++) {
    const char *k, *v;
    if (recto_node_attr_at(node, i, &k, &v) != 0 || !md_attr_key_ok(k))
      continue;
    if (skip_special && (!strcmp(k, "n") || !strcmp(k, "source") ||
                         !strcmp(k, "header") || !strcmp(k, "footer")))
      continue;
    if (b.len > 1)
      recto_buf_putc(&b, ' ');
    S_attr_piece(w, &b, k, raw);
    recto_buf_putc(&b, '=');
    S_attr_value(w, &b, v ? v : "", raw);
  }
  const char *lang = recto_node_lang(node);
  if (lang && *lang) {
    if (b.len > 1)
      recto_buf_putc(&b, ' ');
    recto_buf_puts(&b, "lang=");
    S_attr_value(w, &b, lang, raw);
  }
  recto_dir dir = recto_node_dir(node);
  if (dir != RECTO_DIR_UNSET) {
    if (b.len > 1)
      recto_buf_putc(&b, ' ');
    recto_buf_puts(&b, dir == RECTO_DIR_RTL   ? "dir=rtl"
                       : dir == RECTO_DIR_LTR ? "dir=ltr"
                                              : "dir=auto");
  }
  recto_buf_putc(&b, '}');
  md_w_lit(w, b.data, b.len);
  recto_buf_free(&b);
}

/* ---- code spans ---- */

void md_w_code(md_w *w, const char *s, size_t len) {
  size_t run = 0, longest = 0;
  int all_space = 1;
  for (size_t i = 0; i < len; i++) {
    run = s[i] == '`' ? run + 1 : 0;
    if (run > longest)
      longest = run;
    if (s[i] != ' ')
      all_space = 0;
  }
  if (!len)
    return; /* Markdown has no empty code span */
  size_t fence = longest + 1;
  int pad = s[0] == '`' || s[len - 1] == '`' ||
            (!all_space && s[0] == ' ' && s[len - 1] == ' ');
  recto_buf b = RECTO_BUF_INIT;
  for (size_t i = 0; i < fence; i++)
    recto_buf_putc(&b, '`');
  if (pad)
    recto_buf_putc(&b, ' ');
  for (size_t i = 0; i < len; i++) {
    recto_buf_putc(&b, s[i] == '\n' || s[i] == '\r' ? ' ' : s[i]);
  }
  if (pad)
    recto_buf_putc(&b, ' ');
  for (size_t i = 0; i < fence; i++)
    recto_buf_putc(&b, '`');
  md_w_lit(w, b.data, b.len);
  recto_buf_free(&b);
}

/* ---- links ---- */

void md_w_dest(md_w *w, const char *url, const char *title) {
  recto_buf b = RECTO_BUF_INIT;
  recto_buf_putc(&b, '(');
  url = url ? url : "";
  int angle = 0, depth = 0;
  for (const char *p = url; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c <= ' ' || c == '<' || c == '>')
      angle = 1;
    if (c == '(')
      depth++;
    if (c == ')' && --depth < 0)
      angle = 1;
  }
  if (depth)
    angle = 1;
  if (angle) {
    recto_buf_putc(&b, '<');
    for (const char *p = url; *p; p++) {
      if (*p == '<' || *p == '>' || *p == '\\' ||
          (*p == '&' && (md_isalnum((unsigned char)p[1]) || p[1] == '#')))
        recto_buf_putc(&b, '\\');
      if (*p == '\n')
        recto_buf_puts(&b, "%0A");
      else
        recto_buf_putc(&b, *p);
    }
    recto_buf_putc(&b, '>');
  } else {
    for (const char *p = url; *p; p++) {
      if (*p == '\\' || *p == '(' || *p == ')' ||
          (*p == '&' && (md_isalnum((unsigned char)p[1]) || p[1] == '#')))
        recto_buf_putc(&b, '\\');
      recto_buf_putc(&b, *p);
    }
  }
  if (title && *title) {
    recto_buf_puts(&b, " \"");
    for (const char *p = title; *p; p++) {
      if (*p == '"' || *p == '\\' ||
          (*p == '&' && (md_isalnum((unsigned char)p[1]) || p[1] == '#')))
        recto_buf_putc(&b, '\\');
      if (*p == '\n')
        recto_buf_puts(&b, "&#10;");
      else
        recto_buf_putc(&b, *p);
    }
    recto_buf_putc(&b, '"');
  }
  recto_buf_putc(&b, ')');
  md_w_lit(w, b.data, b.len);
  recto_buf_free(&b);
}

static int S_scheme_ok(const char *u, size_t *len) {
  size_t i = 0;
  if (!((u[0] >= 'a' && u[0] <= 'z') || (u[0] >= 'A' && u[0] <= 'Z')))
    return 0;
  while (md_isalnum((unsigned char)u[i]) || u[i] == '+' || u[i] == '.' ||
         u[i] == '-')
    i++;
  if (i < 2 || i > 32 || u[i] != ':')
    return 0;
  *len = i + 1;
  return 1;
}

int md_w_autolink_ok(const recto_node *link) {
  recto_node *c = recto_node_first_child(link);
  const char *url = recto_node_url(link);
  if (!c || recto_node_next(c) || recto_node_type_of(c) != RECTO_NODE_TEXT ||
      !url || recto_node_title(link) || md_node_has_attrs(link))
    return 0;
  const char *t = recto_node_text(c);
  size_t tl = recto_node_text_len(c);
  const char *u = url;
  if (!strncmp(url, "mailto:", 7) && strlen(url) == tl + 7 &&
      !memcmp(url + 7, t, tl)) {
    /* an e-mail autolink as cmark reads one: local@label(.label)*, each
       label alphanumeric with inner hyphens, at most 63 long */
    const char *at = memchr(t, '@', tl);
    if (!at || at == t)
      return 0;
    for (const char *p = t; p < at; p++)
      if (!(md_isalnum((unsigned char)*p) || strchr(".!#$%&'*+/=?^_`{|}~-", *p)))
        return 0;
    const char *p = at + 1, *end = t + tl;
    for (;;) {
      const char *b = p;
      while (p < end && (md_isalnum((unsigned char)*p) || *p == '-'))
        p++;
      if (p == b || p - b > 63 || *b == '-' || p[-1] == '-')
        return 0;
      if (p == end)
        return 1;
      if (*p++ != '.')
        return 0;
    }
  }
  if (strlen(url) != tl || memcmp(url, t, tl))
    return 0;
  size_t sl;
  if (!S_scheme_ok(u, &sl))
    return 0;
  for (size_t i = 0; i < tl; i++) {
    unsigned char ch = (unsigned char)t[i];
    if (ch <= ' ' || ch == '<' || ch == '>')
      return 0;
  }
  return 1;
}

void md_w_free(md_w *w) {
  recto_buf_free(&w->prefix);
  free(w->notes);
  free(w->labels);
  for (size_t i = 0; i < w->used_cap; i++)
    free(w->used[i]);
  free(w->used);
  md_strmap_free(&w->auto_ids);
}

/* ---- note labels ---- */

static unsigned long S_hash(const char *s) {
  unsigned long h = 5381;
  for (; *s; s++)
    h = h * 33 + (unsigned char)*s;
  return h;
}

static char *S_fold(const char *s) {
  size_t n = strlen(s);
  char *f = malloc(n + 1);
  if (!f)
    recto_out_of_memory();
  for (size_t i = 0; i <= n; i++)
    f[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
  return f;
}

static int S_used(md_w *w, const char *label, int add) {
  if (w->used_count * 2 >= w->used_cap) {
    size_t cap = w->used_cap ? w->used_cap * 2 : 64;
    char **nu = calloc(cap, sizeof *nu);
    if (!nu)
      recto_out_of_memory();
    for (size_t i = 0; i < w->used_cap; i++)
      if (w->used[i]) {
        size_t h = S_hash(w->used[i]) & (cap - 1);
        while (nu[h])
          h = (h + 1) & (cap - 1);
        nu[h] = w->used[i];
      }
    free(w->used);
    w->used = nu;
    w->used_cap = cap;
  }
  char *f = S_fold(label);
  size_t h = S_hash(f) & (w->used_cap - 1);
  while (w->used[h]) {
    if (!strcmp(w->used[h], f)) {
      free(f);
      return 1;
    }
    h = (h + 1) & (w->used_cap - 1);
  }
  if (add) {
    w->used[h] = f;
    w->used_count++;
  } else {
    free(f);
  }
  return 0;
}

static int S_label_ok(const char *m) {
  if (!m || !*m || strlen(m) > 100)
    return 0;
  for (const unsigned char *p = (const unsigned char *)m; *p; p++)
    if (*p <= ' ' || *p == '[' || *p == ']' || *p == '\\' || *p == '^' ||
        *p == 0x7F)
      return 0;
  return 1;
}

int md_w_note_id_is_label(const recto_node *note) {
  const char *cls = recto_node_classes(note);
  return !recto_node_marker(note) && S_label_ok(recto_node_id(note)) &&
         !(cls && *cls) && !recto_node_attr_count(note) &&
         !recto_node_lang(note) && recto_node_dir(note) == RECTO_DIR_UNSET;
}

const char *md_w_note_label(md_w *w, recto_node *note) {
  const char *m = recto_node_marker(note);
  if (!m && md_w_note_id_is_label(note))
    m = recto_node_id(note); /* a named note ([^why-this]) */
  if (S_label_ok(m) && !S_used(w, m, 0)) {
    S_used(w, m, 1);
    return m;
  }
  char num[32];
  for (size_t k = w->nnotes + 1;; k++) {
    snprintf(num, sizeof num, "%zu", k);
    if (!S_used(w, num, 0))
      break;
  }
  S_used(w, num, 1);
  return recto_strdup(w->doc, num);
}
