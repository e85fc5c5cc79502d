/* inlines.c: pandoc's inline constructs, found in cmark-gfm's output.
 *
 * cmark-gfm leaves "[text]{attrs}", "[see @doe]", "^[note]" and "$x$" as
 * text.  Each inline sequence is processed once, innermost first (at the
 * EXIT of its container), in linear time:
 *   1. "$math$" and "$$display$$" inside a text node;
 *   2. brackets: text is split so that each real '[' and ']' (escaped ones
 *      are replacement characters, see md.h) is a node of its own, then a
 *      stack pairs them, innermost first, as cmark pairs link brackets;
 *      a pair followed by {attrs} is a span, after '^' an inline note, with
 *      a citation key inside a citation; "@key [p. 3]" cites in text;
 *   3. "@key" standing alone cites in text;
 *   4. {attrs} after a link, image or code span; {=format} makes raw code;
 *   5. spans with a meaning: page breaks, underline, small caps, super- and
 *      subscript, quotations, and the original text of a citation.
 */
#include <stdlib.h>
#include <string.h>

#include "md.h"

typedef struct S_list {
  recto_node **items;
  size_t len, cap;
} S_list;

static void S_list_push(S_list *l, recto_node *n) {
  if (l->len == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 16;
    recto_node **it = realloc(l->items, l->cap * sizeof *it);
    if (!it)
      recto_out_of_memory();
    l->items = it;
  }
  l->items[l->len++] = n;
}

typedef struct S_inl {
  md_reader *rd;
  recto_doc *doc;
  S_list made;  /* containers made from a sequence: spans, note paragraphs */
  S_list stack; /* open brackets */
  /* the '^' that closes a superscript opened before a bracket (so that
     it opens no inline note itself) */
  const recto_node *caret;
  size_t caret_at;
} S_inl;

static int S_is(const recto_node *n, recto_node_type t) {
  return n && recto_node_type_of(n) == t;
}

int md_is_autolink(const recto_node *link) {
  recto_node *c = recto_node_first_child(link);
  const char *url = recto_node_url(link);
  if (!S_is(c, RECTO_NODE_TEXT) || recto_node_next(c) || !url)
    return 0;
  const char *t = recto_node_text(c);
  size_t tl = recto_node_text_len(c), ul = strlen(url);
  if (tl == ul && !memcmp(t, url, tl))
    return 1;
  return ul == tl + 7 && !strncmp(url, "mailto:", 7) &&
         !memcmp(url + 7, t, tl);
}

/* Replace text node t by pieces [cuts[i], cuts[i+1]) (cuts[0] = 0 and
   cuts[n] = len are implied); returns the first piece. */
static recto_node *S_split(S_inl *x, recto_node *t, const size_t *cuts,
                           size_t ncuts) {
  const char *s = recto_node_text(t);
  size_t len = recto_node_text_len(t);
  recto_pos pos = recto_node_pos(t);
  recto_node *first = NULL;
  size_t from = 0;
  for (size_t i = 0; i <= ncuts; i++) {
    size_t to = i < ncuts ? cuts[i] : len;
    if (to > from) {
      recto_node *p = md_text_new(x->doc, s + from, to - from,
                                  md_pos_add(pos, from));
      recto_node_insert_before(t, p);
      if (!first)
        first = p;
    }
    from = to;
  }
  recto_node_unlink(t);
  return first;
}

/* Drop the first n bytes of a text node (or the node, if nothing is left). */
static void S_trim_front(S_inl *x, recto_node *t, size_t n) {
  size_t len = recto_node_text_len(t);
  if (n >= len) {
    recto_node_unlink(t);
    return;
  }
  (void)x;
  char *rest = recto_strndup(recto_node_doc(t), recto_node_text(t) + n,
                             len - n);
  recto_node_set_text(t, rest, len - n);
  recto_node_set_pos(t, md_pos_add(recto_node_pos(t), n));
}

static void S_trim_back(recto_node *t, size_t n) {
  size_t len = recto_node_text_len(t);
  if (n >= len) {
    recto_node_unlink(t);
    return;
  }
  char *keep = recto_strndup(recto_node_doc(t), recto_node_text(t), len - n);
  recto_node_set_text(t, keep, len - n);
}

static void S_merge_text(recto_node *parent) {
  recto_node *n = recto_node_first_child(parent);
  while (n) {
    recto_node *nx = recto_node_next(n);
    if (!S_is(n, RECTO_NODE_TEXT) || !S_is(nx, RECTO_NODE_TEXT)) {
      if (S_is(n, RECTO_NODE_TEXT) && recto_node_text_len(n) == 0)
        recto_node_unlink(n);
      n = nx;
      continue;
    }
    recto_buf b = RECTO_BUF_INIT;
    recto_node *m = n;
    while (S_is(m, RECTO_NODE_TEXT)) {
      recto_buf_put(&b, recto_node_text(m), recto_node_text_len(m));
      recto_node *mn = recto_node_next(m);
      if (m != n)
        recto_node_unlink(m);
      m = mn;
    }
    recto_node_set_text(n, b.data ? b.data : "", b.len);
    recto_buf_free(&b);
    n = m;
  }
}

/* ---- 1. math ---- */

static int S_sp(char c) { return c == ' ' || c == '\t' || c == '\n'; }

/* Where the text joined from the lines of a run (S_math_lines) came
   from: each line's start in the joined text and its position. */
typedef struct S_seg {
  size_t at;
  recto_pos pos;
} S_seg;

/* wide: NULL, or for each offset the bytes math's replacements added
   before it (no part of the source) */
static recto_pos S_seg_pos(recto_pos pos, const S_seg *seg, size_t nseg,
                           size_t at, const size_t *wide) {
  if (!nseg)
    return md_pos_add(pos, at - (wide ? wide[at] : 0));
  /* the last segment starting at or before at (seg[0].at is 0) */
  size_t lo = 0, hi = nseg;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (seg[mid].at <= at)
      lo = mid;
    else
      hi = mid;
  }
  return md_pos_add(seg[lo].pos, at - seg[lo].at -
                                     (wide ? wide[at] - wide[seg[lo].at] : 0));
}

/* Text s[from, to) before anchor, a soft break for each line end. */
static void S_text_lines(S_inl *x, recto_node *anchor, const char *s,
                         size_t from, size_t to, recto_pos pos,
                         const S_seg *seg, size_t nseg, const size_t *wide) {
  while (from < to) {
    const char *nl = memchr(s + from, '\n', to - from);
    size_t end = nl ? (size_t)(nl - s) : to;
    if (end > from)
      recto_node_insert_before(anchor,
                               md_text_new(x->doc, s + from, end - from,
                                           S_seg_pos(pos, seg, nseg, from, wide)));
    if (!nl)
      break;
    recto_node *br = recto_node_new(x->doc, RECTO_NODE_SOFT_BREAK);
    recto_node_set_pos(br, S_seg_pos(pos, seg, nseg, end, wide));
    recto_node_insert_before(anchor, br);
    from = end + 1;
  }
}

/* "$math$" and "$$display$$" in text node t; seg (nseg entries) when t
   was joined from lines, which its text pieces are split into again. */
static void S_math_in(S_inl *x, recto_node *t, const S_seg *seg,
                      size_t nseg) {
  const char *s = recto_node_text(t);
  size_t len = recto_node_text_len(t);
  if (!memchr(s, '$', len))
    return;
  recto_pos pos = recto_node_pos(t);
  size_t from = 0, i = 0;
  recto_node *anchor = t;
  int changed = nseg > 0;
  size_t *wide = md_math_widening(x->rd, s, len);
  while (i < len) {
    if (s[i] != '$') {
      i++;
      continue;
    }
    int display;
    size_t end = md_math_end(s, len, i, &display);
    if (!end) {
      i++;
      continue;
    }
    size_t b = i + (display ? 2 : 1), e = end - (display ? 2 : 1);
    S_text_lines(x, anchor, s, from, i, pos, seg, nseg, wide);
    recto_node *m = recto_node_new(x->doc, RECTO_NODE_MATH);
    recto_node_set_pos(m, S_seg_pos(pos, seg, nseg, i, wide));
    char *tex = md_unesc_dup(x->rd, s + b, e - b, 1);
    for (char *c = tex; !display && (c = strchr(c, '\n')) != NULL;)
      *c = ' '; /* pandoc's inline math is one line */
    recto_node_set_text(m, tex, strlen(tex));
    recto_node_set_math_display(m, display);
    recto_node_insert_before(anchor, m);
    changed = 1;
    from = i = end;
  }
  if (changed) {
    S_text_lines(x, anchor, s, from, len, pos, seg, nseg, wide);
    recto_node_unlink(anchor);
  }
  free(wide);
}

/* Math may run over lines ("$a +\nb$", "$$\n...\n$$"), as in pandoc: a
   run of text and soft breaks with '$' in more than one line is read as
   one text. */
static void S_math_lines(S_inl *x, recto_node *p) {
  S_seg *seg = NULL;
  size_t cap = 0;
  recto_buf b = RECTO_BUF_INIT;
  for (recto_node *t = recto_node_first_child(p); t;) {
    recto_node *n = t, *last = t;
    size_t nseg = 0, lines_with_dollar = 0;
    b.len = 0;
    for (;;) {
      if (nseg == cap) {
        cap = cap ? cap * 2 : 8;
        seg = realloc(seg, cap * sizeof *seg);
        if (!seg)
          recto_out_of_memory();
      }
      if (!S_is(n, RECTO_NODE_TEXT))
        break;
      seg[nseg].at = b.len;
      seg[nseg++].pos = recto_node_pos(n);
      const char *s = recto_node_text(n);
      size_t len = recto_node_text_len(n);
      lines_with_dollar += memchr(s, '$', len) != NULL;
      recto_buf_put(&b, s, len);
      last = n;
      recto_node *br = recto_node_next(n);
      if (!S_is(br, RECTO_NODE_SOFT_BREAK) ||
          !S_is(recto_node_next(br), RECTO_NODE_TEXT))
        break;
      recto_buf_putc(&b, '\n');
      n = recto_node_next(br);
    }
    recto_node *next = recto_node_next(last);
    if (nseg > 1 && lines_with_dollar > 1) {
      recto_node *joined = md_text_new(x->doc, b.data, b.len,
                                       recto_node_pos(t));
      recto_node_insert_before(t, joined);
      for (n = t; n != next;) {
        recto_node *nx = recto_node_next(n);
        recto_node_unlink(n);
        n = nx;
      }
      S_math_in(x, joined, seg, nseg);
    } else {
      for (n = t; n != next;) {
        recto_node *nx = recto_node_next(n);
        if (S_is(n, RECTO_NODE_TEXT))
          S_math_in(x, n, NULL, 0);
        n = nx;
      }
    }
    t = next;
  }
  free(seg);
  recto_buf_free(&b);
}

/* ---- 1b. e-mail autolinks in any script ----
   cmark-gfm reads "<me@example.com>" as CommonMark has it, in ASCII;
   pandoc reads letters and digits of any script, "<me@exämple.com>". */

/* Byte length of a letter or digit of any script at s[i], or 0 (an
   escaped character's replacement is none). */
static size_t S_alnum(const md_reader *rd, const char *s, size_t len,
                      size_t i) {
  uint32_t cp;
  int k = recto_utf8_decode(s + i, len - i, &cp);
  if (k <= 0 || md_esc_at(rd, s + i, len - i) >= 0)
    return 0;
  return md_is_letter(cp) || recto_digit_value(cp) >= 0 ? (size_t)k : 0;
}

/* Past an address at s[i] (pandoc's emailAddress), or 0. */
static size_t S_email(const md_reader *rd, const char *s, size_t len,
                      size_t i) {
  /* the mailbox: words that start with a letter or digit, '.' between */
  for (;;) {
    size_t w = S_alnum(rd, s, len, i);
    if (!w)
      return 0;
    for (i += w; i < len; i += w)
      if (!(w = S_alnum(rd, s, len, i)) &&
          !(w = strchr("!\"#$%&'*+-/=?^_{|}~;", s[i]) && s[i] ? 1 : 0))
        break;
    if (i < len && s[i] == '.')
      i++;
    else
      break;
  }
  if (i >= len || s[i] != '@')
    return 0;
  /* the domain: letters, digits and hyphens before one, '.' between */
  size_t start = ++i;
  for (;;) {
    size_t w, b = i;
    while (i < len && ((w = S_alnum(rd, s, len, i)) ||
                       (s[i] == '-' && S_alnum(rd, s, len, i + 1) && (w = 1))))
      i += w;
    if (i == b)
      return 0;
    if (i + 1 < len && s[i] == '.' && S_alnum(rd, s, len, i + 1))
      i++;
    else
      break;
  }
  return i > start ? i : 0;
}

static void S_email_links(S_inl *x, recto_node *p) {
  for (recto_node *t = recto_node_first_child(p), *nx; t; t = nx) {
    nx = recto_node_next(t);
    if (!S_is(t, RECTO_NODE_TEXT))
      continue;
    const char *s = recto_node_text(t);
    size_t len = recto_node_text_len(t);
    for (const char *q = s; (q = memchr(q, '<', (size_t)(s + len - q)));
         q++) {
      size_t b = (size_t)(q - s) + 1, e = S_email(x->rd, s, len, b);
      if (!e || e >= len || s[e] != '>')
        continue;
      int ascii = 1;
      for (size_t k = b; k < e && ascii; k++)
        ascii = (unsigned char)s[k] < 0x80;
      if (ascii)
        continue; /* cmark's rule stands */
      size_t cuts[2] = {b - 1, e + 1};
      recto_node *first = S_split(x, t, cuts, 2);
      recto_node *mail = b > 1 ? recto_node_next(first) : first;
      recto_node *link = recto_node_new(x->doc, RECTO_NODE_LINK);
      recto_node_set_pos(link, recto_node_pos(mail));
      recto_node_insert_before(mail, link);
      recto_node_unlink(mail);
      recto_buf url = RECTO_BUF_INIT;
      recto_buf_puts(&url, "mailto:");
      recto_buf_put(&url, s + b, e - b);
      recto_node_set_url(link, url.data);
      recto_buf_free(&url);
      recto_node_append(link, md_text_new(x->doc, s + b, e - b,
                                          md_pos_add(recto_node_pos(mail), 1)));
      nx = recto_node_next(link); /* the rest, looked at in turn */
      break;
    }
  }
}

/* ---- 2. brackets ---- */

/* Split the text children of parent so that each token (of the length
   tok gives at an offset; 0 where none starts) is a text node of its own. */
typedef size_t (*S_tok_fn)(const char *s, size_t len, size_t i);

static void S_tokenize(S_inl *x, recto_node *parent, S_tok_fn tok) {
  size_t *cuts = NULL, cap = 0;
  for (recto_node *n = recto_node_first_child(parent); n;) {
    recto_node *nx = recto_node_next(n);
    if (S_is(n, RECTO_NODE_TEXT) && recto_node_text_len(n) > 1) {
      const char *s = recto_node_text(n);
      size_t len = recto_node_text_len(n), nc = 0;
      for (size_t i = 0; i < len; i++) {
        size_t tl = tok(s, len, i);
        if (!tl)
          continue;
        if (nc + 2 > cap) {
          cap = cap ? cap * 2 : 16;
          size_t *c2 = realloc(cuts, cap * sizeof *c2);
          if (!c2)
            recto_out_of_memory();
          cuts = c2;
        }
        if (i > 0 && (!nc || cuts[nc - 1] != i))
          cuts[nc++] = i;
        if (i + tl < len)
          cuts[nc++] = i + tl;
        i += tl - 1;
      }
      if (nc)
        S_split(x, n, cuts, nc);
    }
    n = nx;
  }
  free(cuts);
}

static size_t S_bracket_tok(const char *s, size_t len, size_t i) {
  (void)len;
  return s[i] == '[' || s[i] == ']';
}

/* Move the nodes strictly between a and b into container (appended). */
static void S_move_between(recto_node *a, recto_node *b,
                           recto_node *container) {
  recto_node *n = recto_node_next(a);
  while (n && n != b) {
    recto_node *nx = recto_node_next(n);
    recto_node_unlink(n);
    recto_node_append(container, n);
    n = nx;
  }
}

/* The text of the nodes between a and b: real as written, scan with what
   must not be read as citation syntax masked. */
static int S_content(recto_node *a, recto_node *b, recto_buf *real,
                     recto_buf *scan, int *has_at) {
  *has_at = 0;
  for (recto_node *n = recto_node_next(a); n && n != b;
       n = recto_node_next(n)) {
    recto_node_type t = recto_node_type_of(n);
    if (t == RECTO_NODE_SPAN && !recto_node_first_child(n) &&
        recto_node_has_class(n, MD_HEADING_REF)) {
      return 0; /* a heading reference inside: bracketed too */
    } else if (t == RECTO_NODE_TEXT) {
      if (md_text_is(n, "[") || md_text_is(n, "]"))
        return 0; /* brackets inside: not a citation */
      const char *s = recto_node_text(n);
      size_t len = recto_node_text_len(n);
      if (memchr(s, '@', len))
        *has_at = 1;
      recto_buf_put(real, s, len);
      recto_buf_put(scan, s, len);
    } else if (t == RECTO_NODE_SOFT_BREAK || t == RECTO_NODE_LINE_BREAK) {
      recto_buf_putc(real, ' ');
      recto_buf_putc(scan, ' ');
    } else {
      md_plain(real, n);
      size_t at = scan->len;
      md_plain(scan, n);
      for (size_t i = at; i < scan->len; i++)
        if (scan->data[i] == '@' || scan->data[i] == ';')
          scan->data[i] = '\x1a';
    }
  }
  return 1;
}

static void S_add_items(recto_node *cite, const md_cite *items, size_t n) {
  for (size_t i = 0; i < n; i++) {
    recto_cite_item *it = recto_cite_add_item(cite);
    it->key = items[i].key;
    it->prefix = items[i].prefix;
    it->suffix = items[i].suffix;
    it->locator = items[i].locator;
    it->label = items[i].label;
    it->mode = items[i].mode;
  }
}

/* Where "@key " ends text node t (the key, then one space), the offset of
   the '@'; -1 if it does not. */
static long S_trailing_key(S_inl *x, recto_node *t) {
  if (!S_is(t, RECTO_NODE_TEXT))
    return -1;
  const char *s = recto_node_text(t);
  size_t len = recto_node_text_len(t);
  if (len < 3 || s[len - 1] != ' ')
    return -1;
  size_t end = len - 1;
  size_t a = end;
  while (a > 0 && s[a - 1] != '@' && !S_sp(s[a - 1]))
    a--;
  if (a == 0 || s[a - 1] != '@')
    return -1;
  a--;
  if (a > 0 && !S_sp(s[a - 1]) && s[a - 1] != '(' && s[a - 1] != '"')
    return -1;
  if (end - a - 1 == 0 ||
      md_cite_key_len_rd(x->rd, s + a + 1, end - a - 1) != end - a - 1)
    return -1;
  return (long)a;
}

/* Whether "^[...]" ending at c (pv holding the '^') is a superscript
   rather than an inline note, as pandoc, which tries superscript first,
   reads it: a '^' follows c without white space in between. */
static int S_superscript_first(S_inl *x, const recto_node *pv,
                               const recto_node *c) {
  if (pv == x->caret && x->caret_at == recto_node_text_len(pv) - 1)
    return 1; /* that '^' closes a superscript */
  for (const recto_node *n = recto_node_next(c); n; n = recto_node_next(n)) {
    recto_node_type ty = recto_node_type_of(n);
    if (ty == RECTO_NODE_SOFT_BREAK || ty == RECTO_NODE_LINE_BREAK ||
        ty == RECTO_NODE_NOTE)
      return 0;
    if (ty != RECTO_NODE_TEXT)
      continue;
    const char *s = recto_node_text(n);
    for (size_t j = 0; j < recto_node_text_len(n); j++) {
      if (S_sp(s[j]))
        return 0;
      if (s[j] == '^') {
        x->caret = n;
        x->caret_at = j;
        return 1;
      }
    }
  }
  return 0;
}

/* The text s (len bytes, trimmed here) as an item's locator and suffix. */
static void S_item_suffix(S_inl *x, recto_cite_item *it, const char *s,
                          size_t len) {
  size_t sb = 0, se = len;
  while (sb < se && S_sp(s[sb]))
    sb++;
  while (se > sb && S_sp(s[se - 1]))
    se--;
  if (se > sb) {
    const char *suffix = md_unesc_dup(x->rd, s + sb, se - sb, 0);
    md_cite_split_locator(x->doc, suffix, &it->label, &it->locator,
                          &it->suffix);
  }
}

static recto_node *S_pair(S_inl *x, recto_node *o, recto_node *c) {
  recto_doc *doc = x->doc;
  recto_node *nx = recto_node_next(c);
  recto_node *pv = recto_node_prev(o);
  /* a span */
  if (S_is(nx, RECTO_NODE_TEXT) && recto_node_text(nx)[0] == '{') {
    md_attr attr;
    size_t used = md_attr_parse(x->rd, recto_node_text(nx),
                                recto_node_text_len(nx), &attr);
    if (used && !attr.raw_format) {
      recto_node *span = recto_node_new(doc, RECTO_NODE_SPAN);
      recto_node_set_pos(span, recto_node_pos(o));
      recto_node_insert_before(o, span);
      S_move_between(o, c, span);
      recto_node_unlink(o);
      recto_node_unlink(c);
      md_attr_apply(&attr, span);
      S_trim_front(x, nx, used);
      S_list_push(&x->made, span);
      return span;
    }
  }
  /* an inline note */
  if (S_is(pv, RECTO_NODE_TEXT) &&
      recto_node_text(pv)[recto_node_text_len(pv) - 1] == '^' &&
      !S_superscript_first(x, pv, c)) {
    recto_node *note = recto_node_new(doc, RECTO_NODE_NOTE);
    recto_node_set_pos(note, md_pos_add(recto_node_pos(o), 0));
    recto_node *para = recto_node_new(doc, RECTO_NODE_PARAGRAPH);
    recto_node_set_pos(para, recto_node_pos(o));
    recto_node_append(note, para);
    recto_node_insert_before(o, note);
    S_move_between(o, c, para);
    recto_node_unlink(o);
    recto_node_unlink(c);
    S_trim_back(pv, 1);
    S_list_push(&x->made, para);
    return note;
  }
  recto_buf real = RECTO_BUF_INIT, scan = RECTO_BUF_INIT;
  int has_at;
  recto_node *result = c;
  if (S_content(o, c, &real, &scan, &has_at)) {
    md_cite *items;
    size_t n = 0, from = 0; /* where the items start in the brackets */
    long at;
    if (has_at) /* "@doe [p. 33; @roe]": pandoc's textual citation */
      n = S_trailing_key(x, pv) >= 0
              ? md_cite_parse_after_key(x->rd, scan.data, real.data,
                                        real.len, &from, &items)
              : md_cite_parse(x->rd, scan.data, real.data, real.len, &items);
    if (has_at && n > 0) {
      /* a citation: its children are the text as written */
      recto_node *cite = recto_node_new(doc, RECTO_NODE_CITE);
      recto_node_set_pos(cite, recto_node_pos(o));
      recto_node_insert_before(o, cite);
      S_move_between(o, nx, cite); /* moves what is between, then: */
      recto_node_unlink(o);
      recto_node_prepend(cite, o);
      /* "@doe [-@roe; @poe]": one citation, the author in text first */
      if ((at = S_trailing_key(x, pv)) >= 0) {
        const char *s = recto_node_text(pv);
        size_t len = recto_node_text_len(pv);
        recto_pos kpos = md_pos_add(recto_node_pos(pv), (size_t)at);
        recto_node_set_pos(cite, kpos);
        recto_node_prepend(cite, md_text_new(doc, s + at, len - (size_t)at,
                                             kpos));
        recto_cite_item *it = recto_cite_add_item(cite);
        it->key = md_unesc_dup(x->rd, s + at + 1, len - (size_t)at - 2, 0);
        it->mode = RECTO_CITE_AUTHOR_IN_TEXT;
        S_trim_back(pv, len - (size_t)at);
        S_item_suffix(x, it, real.data, from ? from - 1 : 0);
      }
      S_add_items(cite, items, n);
      result = cite;
    } else if (!has_at && (at = S_trailing_key(x, pv)) >= 0) {
      /* "@key [suffix]": the key, the space and the bracket go in */
      const char *s = recto_node_text(pv);
      size_t len = recto_node_text_len(pv);
      recto_node *cite = recto_node_new(doc, RECTO_NODE_CITE);
      recto_pos kpos = md_pos_add(recto_node_pos(pv), (size_t)at);
      recto_node_set_pos(cite, kpos);
      recto_node_insert_before(o, cite);
      recto_node_append(cite, md_text_new(doc, s + at, len - (size_t)at,
                                          kpos));
      S_trim_back(pv, len - (size_t)at);
      recto_node_unlink(o);
      recto_node_append(cite, o);
      S_move_between(cite, nx, cite);
      recto_cite_item *it = recto_cite_add_item(cite);
      it->key = md_unesc_dup(x->rd, s + at + 1, len - (size_t)at - 2, 0);
      it->mode = RECTO_CITE_AUTHOR_IN_TEXT;
      S_item_suffix(x, it, real.data, real.len);
      result = cite;
    }
  }
  /* "[text][Heading text]", "[Heading text][]": the label right after
     the text of a reference that may name a heading */
  int label = S_is(pv, RECTO_NODE_SPAN) && !recto_node_first_child(pv) &&
              recto_node_has_class(pv, MD_HEADING_REF_END);
  if (result == c && !has_at &&
      (label || (real.len && recto_node_next(o) != c)) &&
      !(S_is(pv, RECTO_NODE_TEXT) &&
        recto_node_text(pv)[recto_node_text_len(pv) - 1] == '!') &&
      !(S_is(nx, RECTO_NODE_TEXT) && (recto_node_text(nx)[0] == '(' ||
                                      (recto_node_text(nx)[0] == '[' &&
                                       (label || !md_text_is(nx, "["))))) &&
      !S_is(recto_node_parent(o), RECTO_NODE_LINK)) {
    /* "[Heading text]": a link if a heading has that text (ids.c); the
       brackets become marks, the text stays in the sequence */
    for (int k = 0; k < 2; k++) {
      recto_node *b = k ? c : o;
      recto_node *mark = recto_node_new(doc, RECTO_NODE_SPAN);
      recto_node_set_pos(mark, recto_node_pos(b));
      recto_node_add_class(mark, k ? MD_HEADING_REF_END : MD_HEADING_REF);
      recto_node_insert_before(b, mark);
      recto_node_unlink(b);
      result = mark;
    }
  }
  recto_buf_free(&real);
  recto_buf_free(&scan);
  return result;
}

static void S_brackets(S_inl *x, recto_node *parent) {
  S_tokenize(x, parent, S_bracket_tok);
  x->stack.len = 0;
  for (recto_node *n = recto_node_first_child(parent); n;
       n = recto_node_next(n)) {
    if (md_text_is(n, "[")) {
      S_list_push(&x->stack, n);
    } else if (md_text_is(n, "]") && x->stack.len) {
      recto_node *o = x->stack.items[--x->stack.len];
      n = S_pair(x, o, n);
    }
  }
}

/* ---- 3. "@key" standing alone ---- */

static int S_word_before(S_inl *x, const char *s, size_t i) {
  if (i == 0)
    return 0;
  unsigned char c = (unsigned char)s[i - 1];
  if (c < 0x80)
    return md_isalnum(c) || c == '_';
  /* the start of the previous UTF-8 character */
  size_t b = i - 1;
  while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
    b--;
  if (md_esc_at(x->rd, s + b, i - b) >= 0)
    return 0;
  uint32_t cp;
  if (recto_utf8_decode(s + b, i - b, &cp) <= 0)
    return 0;
  return recto_digit_value(cp) >= 0 || recto_script_of(cp) != RECTO_SCRIPT_OTHER;
}

static void S_plain_cites(S_inl *x, recto_node *parent) {
  for (recto_node *n = recto_node_first_child(parent); n;) {
    recto_node *nx = recto_node_next(n);
    if (!S_is(n, RECTO_NODE_TEXT)) {
      n = nx;
      continue;
    }
    const char *s = recto_node_text(n);
    size_t len = recto_node_text_len(n);
    recto_pos pos = recto_node_pos(n);
    recto_node *prev = recto_node_prev(n);
    size_t from = 0;
    int changed = 0;
    for (size_t i = 0; i < len; i++) {
      if (s[i] != '@' || S_word_before(x, s, i))
        continue;
      if (i == 0 && S_is(prev, RECTO_NODE_TEXT))
        continue;
      size_t k = md_cite_key_len_rd(x->rd, s + i + 1, len - i - 1);
      if (!k)
        continue;
      if (i > from)
        recto_node_insert_before(n, md_text_new(x->doc, s + from, i - from,
                                                md_pos_add(pos, from)));
      recto_node *cite = recto_node_new(x->doc, RECTO_NODE_CITE);
      recto_node_set_pos(cite, md_pos_add(pos, i));
      recto_node_append(cite, md_text_new(x->doc, s + i, k + 1,
                                          md_pos_add(pos, i)));
      recto_cite_item *it = recto_cite_add_item(cite);
      const char *key = s + i + 1;
      size_t kl = k;
      if (key[0] == '{') {
        key++;
        kl -= 2;
      }
      it->key = md_unesc_dup(x->rd, key, kl, 0);
      it->mode = RECTO_CITE_AUTHOR_IN_TEXT;
      recto_node_insert_before(n, cite);
      changed = 1;
      from = i + 1 + k;
      i = from - 1;
    }
    if (changed) {
      if (from < len)
        recto_node_insert_before(n, md_text_new(x->doc, s + from, len - from,
                                                md_pos_add(pos, from)));
      recto_node_unlink(n);
    }
    n = nx;
  }
}

/* ---- 4. attributes after links, images and code ---- */

static void S_attr_suffix(S_inl *x, recto_node *parent) {
  for (recto_node *n = recto_node_first_child(parent); n;
       n = recto_node_next(n)) {
    recto_node_type t = recto_node_type_of(n);
    if (t != RECTO_NODE_LINK && t != RECTO_NODE_IMAGE && t != RECTO_NODE_CODE)
      continue;
    recto_node *nx = recto_node_next(n);
    if (!S_is(nx, RECTO_NODE_TEXT) || recto_node_text(nx)[0] != '{')
      continue;
    md_attr attr;
    size_t used = md_attr_parse(x->rd, recto_node_text(nx),
                                recto_node_text_len(nx), &attr);
    if (!used || (attr.raw_format && t != RECTO_NODE_CODE))
      continue;
    if (t == RECTO_NODE_CODE && attr.classes &&
        (!strcmp(attr.classes, "math") || !strcmp(attr.classes, "math display"))) {
      /* math the writer could not give as $...$ */
      recto_node *m = recto_node_new(x->doc, RECTO_NODE_MATH);
      recto_node_set_pos(m, recto_node_pos(n));
      recto_node_set_text(m, recto_node_text(n), recto_node_text_len(n));
      recto_node_set_math_display(m, attr.classes[4] != 0);
      attr.classes = NULL;
      md_attr_apply(&attr, m);
      recto_node_insert_before(n, m);
      recto_node_unlink(n);
      n = m;
    } else if (attr.raw_format) {
      recto_node *raw = recto_node_new(x->doc, RECTO_NODE_RAW_INLINE);
      recto_node_set_pos(raw, recto_node_pos(n));
      recto_node_set_text(raw, recto_node_text(n), recto_node_text_len(n));
      recto_node_set_info(raw, attr.raw_format);
      recto_node_insert_before(n, raw);
      recto_node_unlink(n);
      n = raw;
    } else {
      md_attr_apply(&attr, n);
    }
    S_trim_front(x, nx, used);
  }
}

static int S_quote_at(const char *s, size_t len, size_t i) {
  /* 1 “, 2 ”, 3 ‘, 4 ’ (E2 80 9C/9D/98/99), else 0 */
  if (i + 3 > len || (unsigned char)s[i] != 0xE2 ||
      (unsigned char)s[i + 1] != 0x80)
    return 0;
  switch ((unsigned char)s[i + 2]) {
  case 0x9C: return 1;
  case 0x9D: return 2;
  case 0x98: return 3;
  case 0x99: return 4;
  default: return 0;
  }
}

/* ---- 5. spans with a meaning ---- */

static const struct {
  const char *cls;
  recto_node_type type;
} S_span_kinds[] = {
    {"underline", RECTO_NODE_UNDERLINE},
    {"ul", RECTO_NODE_UNDERLINE},
    {"smallcaps", RECTO_NODE_SMALLCAPS},
    {"superscript", RECTO_NODE_SUPERSCRIPT},
    {"subscript", RECTO_NODE_SUBSCRIPT},
    {"quoted", RECTO_NODE_QUOTED},
};

static void S_page_break(recto_node *span) {
  recto_node *pb = recto_node_new(recto_node_doc(span), RECTO_NODE_PAGE_BREAK);
  md_copy_attrs(span, pb);
  md_remove_class(pb, "pagebreak");
  const char *n = recto_node_attr(span, "n");
  const char *src = recto_node_attr(span, "source");
  const char *hd = recto_node_attr(span, "header");
  const char *ft = recto_node_attr(span, "footer");
  recto_page_set(pb, n, src ? recto_page_source_from_name(src)
                            : RECTO_PAGE_SOURCE_UNKNOWN,
                 hd, ft);
  recto_node_set_attr(pb, "n", NULL);
  recto_node_set_attr(pb, "source", NULL);
  recto_node_set_attr(pb, "header", NULL);
  recto_node_set_attr(pb, "footer", NULL);
  recto_node_insert_before(span, pb);
  recto_node_unlink(span);
}

/* The quote character that ends (at_end) or starts a text node: '"' or
   '\'' for straight or curly quotes (smart punctuation curls the ones
   written around a quoted span), with its length in *n; else 0. */
static char S_quote_char(const recto_node *t, int at_end, size_t *n) {
  if (!S_is(t, RECTO_NODE_TEXT) || !recto_node_text_len(t))
    return 0;
  const char *s = recto_node_text(t);
  size_t len = recto_node_text_len(t);
  size_t i = at_end ? len - 1 : 0;
  if (s[i] == '"' || s[i] == '\'') {
    *n = 1;
    return s[i];
  }
  i = at_end ? (len >= 3 ? len - 3 : len) : 0;
  int k = S_quote_at(s, len, i);
  if (!k)
    return 0;
  *n = 3;
  return k <= 2 ? '"' : '\'';
}

static void S_quoted(recto_node *q) {
  recto_node *pv = recto_node_prev(q), *nx = recto_node_next(q);
  int single = 0;
  size_t na = 0, nb = 0;
  char a = S_quote_char(pv, 1, &na), b = S_quote_char(nx, 0, &nb);
  if (a && a == b) {
    single = a == '\'';
    S_trim_back(pv, na);
    if (recto_node_text_len(nx) == nb) {
      recto_node_unlink(nx);
    } else {
      char *rest = recto_strndup(recto_node_doc(nx), recto_node_text(nx) + nb,
                                 recto_node_text_len(nx) - nb);
      recto_node_set_text(nx, rest, recto_node_text_len(nx) - nb);
    }
  }
  recto_node_set_quote_kind(q, single ? RECTO_QUOTE_SINGLE : RECTO_QUOTE_DOUBLE);
}

/* Whether a style attribute says small caps and nothing else, as pandoc
   reads it: "font-variant: small-caps;" with any spaces and ';'. */
static int S_small_caps_style(const char *style) {
  static const char want[] = "font-variant:small-caps";
  size_t k = 0;
  for (; style && *style; style++) {
    if (*style == ' ' || *style == '\t' || *style == ';')
      continue;
    if (k == sizeof want - 1 || *style != want[k])
      return 0;
    k++;
  }
  return k == sizeof want - 1;
}

static void S_special_span(recto_node *span) {
  if (!recto_node_parent(span))
    return;
  if (S_small_caps_style(recto_node_attr(span, "style"))) {
    recto_node_set_attr(span, "style", NULL);
    recto_node_add_class(span, "smallcaps");
  }
  if (recto_node_has_class(span, "pagebreak") && !recto_node_first_child(span)) {
    S_page_break(span);
    return;
  }
  if (recto_node_has_class(span, "cite-text") &&
      S_is(recto_node_prev(span), RECTO_NODE_CITE)) {
    /* the citation's original text, written beside its syntax, with the
       citation's own attributes */
    recto_node *cite = recto_node_prev(span);
    recto_pos pos = recto_node_pos(cite);
    md_copy_attrs(span, cite);
    md_remove_class(cite, "cite-text");
    recto_node_set_pos(cite, pos);
    const char *modes = recto_node_attr(cite, "modes");
    if (modes) {
      md_cite_set_modes(cite, modes);
      recto_node_set_attr(cite, "modes", NULL);
    }
    recto_node *c;
    while ((c = recto_node_first_child(cite)) != NULL)
      recto_node_unlink(c);
    while ((c = recto_node_first_child(span)) != NULL) {
      recto_node_unlink(c);
      recto_node_append(cite, c);
    }
    recto_node_unlink(span);
    return;
  }
  if (recto_node_has_class(span, "cite")) {
    /* a citation without items: only its text */
    recto_node *cite = md_retype(span, RECTO_NODE_CITE);
    md_remove_class(cite, "cite");
    return;
  }
  for (size_t k = 0; k < sizeof S_span_kinds / sizeof S_span_kinds[0]; k++) {
    if (!recto_node_has_class(span, S_span_kinds[k].cls))
      continue;
    recto_node *n = md_retype(span, S_span_kinds[k].type);
    md_remove_class(n, S_span_kinds[k].cls);
    if (S_span_kinds[k].type == RECTO_NODE_QUOTED)
      S_quoted(n);
    return;
  }
}

/* ---- 6. subscript "~x~", superscript "^x^" (pandoc) ----
 * The delimiters are in text; what lies between may hold other inlines
 * but no unescaped white space or break, and is not empty.  A bracketed
 * text inside is one inline for pandoc, white space and all ("^[a b]c^"). */

/* For each '[' in s[from, len), the offset of its ']' (len if none),
   indexed from from. */
static size_t *S_bracket_closes(const char *s, size_t from, size_t len) {
  size_t n = len - from;
  size_t *close = malloc(n * sizeof *close), *open = malloc(n * sizeof *open);
  if (!close || !open)
    recto_out_of_memory();
  size_t nopen = 0;
  for (size_t j = from; j < len; j++) {
    close[j - from] = len;
    if (s[j] == '[')
      open[nopen++] = j - from;
    else if (s[j] == ']' && nopen)
      close[open[--nopen]] = j;
  }
  free(open);
  return close;
}

/* Where the closing delimiter c of a run opened at offset i of t is: its
   text node (*end) and offset; -1 if there is none. */
static long S_script_close(recto_node *t, size_t i, char c,
                           recto_node **end) {
  for (recto_node *n = t; n; n = recto_node_next(n)) {
    if (S_is(n, RECTO_NODE_SPAN) && recto_node_has_class(n, MD_HEADING_REF)) {
      /* "[text]" that may name a heading: bracketed, one inline */
      int depth = 0;
      for (; n; n = recto_node_next(n)) {
        if (S_is(n, RECTO_NODE_SPAN) && !recto_node_first_child(n))
          depth += recto_node_has_class(n, MD_HEADING_REF) ? 1
                   : recto_node_has_class(n, MD_HEADING_REF_END) ? -1 : 0;
        if (!depth)
          break;
      }
      if (!n)
        return -1;
      continue;
    }
    if (!S_is(n, RECTO_NODE_TEXT)) {
      recto_node_type ty = recto_node_type_of(n);
      if (ty == RECTO_NODE_SOFT_BREAK || ty == RECTO_NODE_LINE_BREAK ||
          ty == RECTO_NODE_NOTE)
        return -1;
      continue;
    }
    const char *s = recto_node_text(n);
    size_t len = recto_node_text_len(n);
    size_t from = n == t ? i + 1 : 0;
    /* the ']' closing each '[' from "from" on, found in one pass: a
       scan from each '[' would be quadratic in a run of unclosed ones */
    size_t *close = memchr(s + from, '[', len - from)
                        ? S_bracket_closes(s, from, len) : NULL;
    long found = -2;
    for (size_t j = from; j < len && found == -2; j++) {
      if (close && s[j] == '[' && close[j - from] < len) {
        j = close[j - from];
        continue;
      }
      if (S_sp(s[j]))
        found = -1;
      else if (s[j] == c) {
        found = n == t && j == i + 1 ? -1 /* empty */ : (long)j;
        *end = n;
      }
    }
    free(close);
    if (found != -2)
      return found;
  }
  return -1;
}

/* Escaped spaces in a script's text become pandoc's non-breaking
   spaces. */
static void S_script_nbsp(S_inl *x, recto_node *w) {
  if (!x->rd->esc_cp[MD_ESC_SPACE])
    return;
  const unsigned char *rep = x->rd->esc_utf8[MD_ESC_SPACE];
  recto_iter *it = recto_iter_new(w);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER || !S_is(n, RECTO_NODE_TEXT))
      continue;
    const char *s = recto_node_text(n);
    size_t len = recto_node_text_len(n);
    char *t = NULL;
    for (size_t i = 0; i + 1 < len; i++) {
      if ((unsigned char)s[i] != rep[0] || (unsigned char)s[i + 1] != rep[1])
        continue;
      if (!t)
        t = recto_strndup(x->doc, s, len);
      t[i] = (char)0xC2;
      t[i + 1] = (char)0xA0;
      i++;
    }
    if (t)
      recto_node_set_text(n, t, len);
  }
  recto_iter_free(it);
}

static void S_scripts(S_inl *x, recto_node *p) {
  for (recto_node *t = recto_node_first_child(p); t; t = recto_node_next(t)) {
    if (!S_is(t, RECTO_NODE_TEXT))
      continue;
    const char *s = recto_node_text(t);
    size_t len = recto_node_text_len(t);
    for (size_t i = 0; i < len; i++) {
      char c = s[i];
      /* the run may start with another inline: "^*x*^" */
      if ((c != '~' && c != '^') ||
          (i + 1 < len ? S_sp(s[i + 1]) : !recto_node_next(t)))
        continue;
      recto_node *end = NULL;
      long j = S_script_close(t, i, c, &end);
      if (j < 0)
        continue;
      recto_node *w = recto_node_new(
          x->doc, c == '~' ? RECTO_NODE_SUBSCRIPT : RECTO_NODE_SUPERSCRIPT);
      recto_pos pos = md_pos_add(recto_node_pos(t), i);
      recto_node_set_pos(w, pos);
      const char *es = recto_node_text(end);
      size_t elen = recto_node_text_len(end);
      recto_node *after = md_text_new(x->doc, es + j + 1, elen - (size_t)j - 1,
                                      md_pos_add(recto_node_pos(end),
                                                 (size_t)j + 1));
      if (end == t) {
        recto_node_append(w, md_text_new(x->doc, s + i + 1, (size_t)j - i - 1,
                                         md_pos_add(pos, 1)));
      } else {
        if (i + 1 < len)
          recto_node_append(w, md_text_new(x->doc, s + i + 1, len - i - 1,
                                           md_pos_add(pos, 1)));
        S_move_between(t, end, w);
        recto_node_unlink(end);
        if (j > 0)
          recto_node_append(w, md_text_new(x->doc, es, (size_t)j,
                                           recto_node_pos(end)));
      }
      S_script_nbsp(x, w);
      recto_node_insert_after(t, w);
      recto_node_insert_after(w, after);
      S_trim_back(t, len - i); /* t may go: go on from what follows */
      t = w;
      break;
    }
  }
}

/* ---- 7. smart quotes: cmark-gfm curls them, pandoc makes Quoted ---- */

static size_t S_quote_tok(const char *s, size_t len, size_t i) {
  return S_quote_at(s, len, i) ? 3 : 0;
}

static void S_smart_quotes(S_inl *x, recto_node *p) {
  /* only where something opens: apostrophes alone pair with nothing */
  int opens = 0;
  for (recto_node *n = recto_node_first_child(p); n && !opens;
       n = recto_node_next(n)) {
    if (!S_is(n, RECTO_NODE_TEXT))
      continue;
    const char *s = recto_node_text(n);
    size_t len = recto_node_text_len(n);
    for (const char *q = s; (q = memchr(q, 0xE2, (size_t)(s + len - q)));
         q++) {
      int k = S_quote_at(s, len, (size_t)(q - s));
      if (k == 1 || k == 3) {
        opens = 1;
        break;
      }
    }
  }
  if (!opens)
    return;
  /* each quote its own text node, then a stack pairs them */
  S_tokenize(x, p, S_quote_tok);
  x->stack.len = 0;
  for (recto_node *n = recto_node_first_child(p); n;) {
    recto_node *nx = recto_node_next(n);
    int k = S_is(n, RECTO_NODE_TEXT) && recto_node_text_len(n) == 3
                ? S_quote_at(recto_node_text(n), 3, 0)
                : 0;
    if (k == 1 || k == 3) {
      S_list_push(&x->stack, n);
    } else if ((k == 2 || k == 4) && x->stack.len) {
      recto_node *o = x->stack.items[x->stack.len - 1];
      if (S_quote_at(recto_node_text(o), 3, 0) == k - 1) {
        x->stack.len--;
        recto_node *q = recto_node_new(x->doc, RECTO_NODE_QUOTED);
        recto_node_set_pos(q, recto_node_pos(o));
        recto_node_set_quote_kind(q, k == 4 ? RECTO_QUOTE_SINGLE
                                            : RECTO_QUOTE_DOUBLE);
        recto_node_insert_before(o, q);
        S_move_between(o, n, q);
        recto_node_unlink(o);
        recto_node_unlink(n);
        S_merge_text(q);
      }
    }
    n = nx;
  }
  x->stack.len = 0;
  S_merge_text(p);
}

/* ---- headings: "# Title {#id .class}" ---- */

static void S_heading_attrs(S_inl *x, recto_node *h) {
  recto_node *t = recto_node_last_child(h);
  if (!S_is(t, RECTO_NODE_TEXT))
    return;
  const char *s = recto_node_text(t);
  size_t len = recto_node_text_len(t);
  while (len && S_sp(s[len - 1]))
    len--;
  if (!len || s[len - 1] != '}')
    return;
  for (size_t at = len; at-- > 0;) {
    if (s[at] != '{')
      continue;
    if (at > 0 && !S_sp(s[at - 1]))
      continue;
    if (at == 0 && recto_node_prev(t))
      continue;
    md_attr attr;
    if (md_attr_parse(x->rd, s + at, len - at, &attr) != len - at ||
        attr.raw_format)
      continue;
    md_attr_apply(&attr, h);
    size_t keep = at;
    while (keep && S_sp(s[keep - 1]))
      keep--;
    if (keep)
      recto_node_set_text(t, recto_strndup(x->doc, s, keep), keep);
    else
      recto_node_unlink(t);
    return;
  }
}

/* ---- driver ---- */

static int S_holds_inlines(const recto_node *n) {
  switch (recto_node_type_of(n)) {
  case RECTO_NODE_PARAGRAPH: case RECTO_NODE_PLAIN: case RECTO_NODE_LINE:
  case RECTO_NODE_TERM: case RECTO_NODE_HEADING: case RECTO_NODE_EMPH:
  case RECTO_NODE_STRONG: case RECTO_NODE_STRIKEOUT: case RECTO_NODE_SPAN:
  case RECTO_NODE_IMAGE: case RECTO_NODE_UNDERLINE: case RECTO_NODE_SMALLCAPS:
  case RECTO_NODE_SUPERSCRIPT: case RECTO_NODE_SUBSCRIPT:
  case RECTO_NODE_QUOTED:
    return 1;
  case RECTO_NODE_LINK:
    return !md_is_autolink(n);
  default:
    return 0;
  }
}

static void S_sequence(S_inl *x, recto_node *p) {
  S_merge_text(p);
  S_math_lines(x, p);
  S_email_links(x, p);
  x->made.len = 0;
  S_brackets(x, p);
  S_merge_text(p);
  S_plain_cites(x, p);
  S_attr_suffix(x, p);
  for (size_t i = 0; i < x->made.len; i++) {
    recto_node *m = x->made.items[i];
    S_merge_text(m);
    S_plain_cites(x, m);
    S_attr_suffix(x, m);
  }
  S_scripts(x, p);
  for (size_t i = 0; i < x->made.len; i++)
    S_scripts(x, x->made.items[i]);
  /* specials last: the spans are no longer needed as containers */
  for (size_t i = 0; i < x->made.len; i++)
    if (S_is(x->made.items[i], RECTO_NODE_SPAN))
      S_special_span(x->made.items[i]);
  /* before quotes pair: a quoted value is no quotation */
  if (S_is(p, RECTO_NODE_HEADING))
    S_heading_attrs(x, p);
  if (x->rd->smart) {
    for (size_t i = 0; i < x->made.len; i++)
      if (recto_node_parent(x->made.items[i]) &&
          recto_node_first_child(x->made.items[i]))
        S_smart_quotes(x, x->made.items[i]);
    S_smart_quotes(x, p);
  }
}

void md_inlines(md_reader *rd, recto_node *root) {
  S_inl x = {0};
  x.rd = rd;
  x.doc = rd->doc;
  recto_iter *it = recto_iter_new(root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev == RECTO_EVENT_EXIT && S_holds_inlines(n))
      S_sequence(&x, n);
  }
  recto_iter_free(it);
  free(x.made.items);
  free(x.stack.items);
}

void md_inlines_finish(md_reader *rd, recto_node *root) {
  recto_iter *it = recto_iter_new(root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev == RECTO_EVENT_ENTER && S_is(n, RECTO_NODE_TEXT)) {
      const char *s = recto_node_text(n);
      size_t len = recto_node_text_len(n);
      const unsigned char *u = (const unsigned char *)s;
      int any = 0;
      for (size_t i = 0; i + 1 < len && !any; i++)
        any = u[i] >= 0xC2 && u[i] <= 0xDF &&
              md_esc_at(rd, s + i, len - i) >= 0;
      if (any) {
        recto_buf b = RECTO_BUF_INIT;
        md_unesc(rd, &b, s, len, 0);
        recto_node_set_text(n, b.data, b.len);
        recto_buf_free(&b);
      }
    } else if (ev == RECTO_EVENT_EXIT && recto_node_first_child(n)) {
      S_merge_text(n);
    }
  }
  recto_iter_free(it);
}
