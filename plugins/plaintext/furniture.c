/* furniture.c: running headers, footers and page numbers.
 *
 * A line is a candidate when a number (Latin, Arabic-Indic or Persian
 * digits) stands at one of its edges.  It is strong evidence of page
 * furniture when the rest of the line repeats elsewhere with another
 * number, when a wide layout gap separates the number from a short text,
 * or when a number stands alone at a page gap or a form feed; a number
 * glued to the end of the last line before a page gap is weak evidence.
 * The numbers that survive must rise through the document: a weighted
 * longest increasing subsequence (Fenwick tree, O(n log n)) keeps them,
 * and weak ones also need a neighbour one or two pages away.  Accepted
 * lines are removed and become page breaks that keep the printed number
 * and the removed text.
 *
 * Then lines without a page number: a line among the first or last few
 * of a page whose shape (letters lower-cased, digits masked, spaces
 * collapsed) recurs at the edge of many pages is a running head, a
 * footer, a licence line or a watermark; so is an arXiv stamp.
 */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "plain.h"

enum { C_NUMONLY, C_START, C_END, C_GLUED };

typedef struct cand {
  uint32_t line;
  long value;
  int system;
  int kind;
  int strong;
  uint32_t nb, ne;  /* the number token in s */
  const char *key;  /* the rest, digits as '#', spaces collapsed */
  int gap;          /* widest run of spaces between number and rest */
  int extreme;      /* the first or last line of its page */
  uint32_t past;    /* a number alone: the line after the numbers of notes
                       that follow it at its page's end, or 0 */
} cand;

/* Decorations allowed around a page number: "- 12 -", "[12]", "|12|". */
static int S_deco(uint32_t c) {
  return pt_is_dash(c) || c == '[' || c == ']' || c == '(' || c == ')' ||
         c == '|' || c == '.' || c == '*';
}

/* Whether s[a..b) is a number token with optional decorations; sets the
   value and the digit span. */
static int S_number_token(const char *s, size_t a, size_t b, long *value,
                          int *system, uint32_t *da, uint32_t *db) {
  size_t i = a;
  while (i < b) {
    size_t k = i;
    if (!S_deco(pt_next(s, b, &k)))
      break;
    i = k;
  }
  size_t start = i;
  int nd;
  long v = pt_number(s, b, &i, &nd, system);
  if (v < 1 || nd > 4)
    return 0;
  size_t end = i;
  while (i < b) {
    size_t k = i;
    if (!S_deco(pt_next(s, b, &k)))
      return 0;
    i = k;
  }
  *value = v;
  *da = (uint32_t)start;
  *db = (uint32_t)end;
  return 1;
}

/* Words that may introduce a page number on a line of its own. */
static int S_page_word(const char *s, size_t len) {
  static const char *const words[] = {"page", "p.", "pg.", "صفحه", "ص",
                                      "الصفحة", "صفحة", NULL};
  for (int i = 0; words[i]; i++)
    if (pt_eq_ci(s, len, words[i]))
      return 1;
  return 0;
}

static size_t S_shape_key(const char *s, size_t len, char *out, size_t cap);

/* The rest of a line as a key for its repetitions (S_shape_key). */
static const char *S_key(recto_doc *doc, const char *s, size_t len) {
  char *k = recto_alloc(doc, len + 6);
  k[S_shape_key(s, len, k, len + 6)] = '\0';
  return k;
}

static int S_turned(const pt_ctx *p, size_t i) {
  const pt_layout *y = pt_lay(p, i);
  return y && y->rotated;
}

/* The next line after i that is not blank (nor a rotated line set
   aside: it stands apart from the page's lines), or nlines. */
static size_t S_next(const pt_ctx *p, size_t i) {
  for (size_t j = i + 1; j < p->nlines; j++)
    if (!pt_blank(&p->lines[j]) && !S_turned(p, j))
      return j;
  return p->nlines;
}

/* A form feed on a line after a, up to b. */
static int S_ff_between(const pt_ctx *p, size_t a, size_t b) {
  for (size_t i = a + 1; i <= b; i++)
    if (p->lines[i].flags & PT_F_FF)
      return 1;
  return 0;
}

/* The line after a page number of the given value at i, skipping the
   numbers of the page's notes that the extraction put on lines of their
   own after it, at the very end of the page ("14" over "1" and "2"):
   smaller numbers alone, up to the page's end.  S_next where there are
   none. */
static size_t S_next_past_note_numbers(const pt_ctx *p, size_t i,
                                       long value) {
  size_t j = S_next(p, i);
  while (j < p->nlines && !(p->lines[j].flags & PT_F_FF)) {
    const pt_line *l = &p->lines[j];
    long v;
    int sys;
    uint32_t da, db;
    if (!S_number_token(l->s, l->b, l->e, &v, &sys, &da, &db) ||
        v >= value)
      return S_next(p, i);
    j = S_next(p, j);
  }
  return j;
}

/* A page gap: more blank lines than the text usually puts between two
   lines, or a form feed. */
static int S_gap_before(const pt_ctx *p, size_t i) {
  if (i >= p->nlines)
    return 1;
  const pt_line *l = &p->lines[i];
  return (l->flags & PT_F_FF) || l->blanks > p->spacing;
}

/* The rest of the line once the number is off, as a key. */
static void S_rest(pt_ctx *p, const pt_line *l, size_t rb, size_t re,
                   cand *c) {
  const char *s = l->s;
  while (rb < re && pt_is_space((unsigned char)s[rb]))
    rb++;
  while (re > rb && pt_is_space((unsigned char)s[re - 1]))
    re--;
  c->key = S_key(p->doc, s + rb, re - rb);
}

/* Up to two candidates for line i: a number at its start, at its end. */
static int S_candidates(pt_ctx *p, size_t i, cand out[2]) {
  pt_line *l = &p->lines[i];
  const char *s = l->s;
  size_t b = l->b, e = l->e;
  int n = 0;
  memset(out, 0, 2 * sizeof *out);
  out[0].line = out[1].line = (uint32_t)i;
  /* first and last tokens */
  size_t t1e = b;
  while (t1e < e) {
    size_t k = t1e;
    if (pt_is_space(pt_next(s, e, &k)))
      break;
    t1e = k;
  }
  size_t t2b = e;
  while (t2b > b) {
    size_t k = t2b;
    if (pt_is_space(pt_prev(s, b, &k)))
      break;
    t2b = k;
  }
  cand *c = &out[0];
  if (t1e >= e) { /* one token */
    if (!S_number_token(s, b, e, &c->value, &c->system, &c->nb, &c->ne))
      return 0;
    c->kind = C_NUMONLY;
    c->key = "";
    return 1;
  }
  /* "page 12", "صفحه ۱۲" */
  if (S_page_word(s + b, t1e - b) && pt_words(s + b, e - b, 2) == 2 &&
      S_number_token(s, t2b, e, &c->value, &c->system, &c->nb, &c->ne)) {
    c->kind = C_NUMONLY;
    c->key = "";
    return 1;
  }
  if (S_number_token(s, b, t1e, &c->value, &c->system, &c->nb, &c->ne)) {
    c->kind = C_START;
    size_t ge = t1e;
    while (ge < e && (s[ge] == ' ' || s[ge] == '\t'))
      ge++, c->gap++;
    S_rest(p, l, t1e, e, c);
    c = &out[++n];
  }
  if (S_number_token(s, t2b, e, &c->value, &c->system, &c->nb, &c->ne)) {
    c->kind = C_END;
    size_t gb = t2b;
    while (gb > b && (s[gb - 1] == ' ' || s[gb - 1] == '\t'))
      gb--, c->gap++;
    S_rest(p, l, b, t2b, c);
    if (c->gap < 3 && pt_width(c->key, strlen(c->key)) > 120)
      c->kind = C_GLUED;
    n++;
  }
  return n;
}

/* Within the first top or the last bottom lines of its page (pages
   known from form feeds): where running heads, footers and page
   numbers stand.  "3 Foci" in a page's notes repeats with another
   number, too, and the numbers of notes stand alone near the foot. */
static int S_page_edge(const pt_ctx *p, size_t i, size_t top, size_t bottom) {
  size_t seen = 0;
  for (size_t j = i; seen < top; j--) {
    if (!pt_blank(&p->lines[j]))
      seen++;
    if ((p->lines[j].flags & PT_F_FF) || j == 0)
      return 1;
  }
  seen = 0;
  for (size_t j = i + 1; j < p->nlines; j++) {
    if (p->lines[j].flags & PT_F_FF)
      return 1;
    if (!pt_blank(&p->lines[j]) && ++seen >= bottom)
      return 0;
  }
  return 1;
}

/* ---- weighted longest increasing subsequence ---- */

#define MAXV 10000

typedef struct fen {
  int best[MAXV + 1];
  int idx[MAXV + 1];
} fen;

static void S_fen_query(const fen *f, long v, int *best, int *idx) {
  *best = 0;
  *idx = -1;
  for (long i = v; i > 0; i -= i & -i)
    if (f->best[i] > *best) {
      *best = f->best[i];
      *idx = f->idx[i];
    }
}

static void S_fen_update(fen *f, long v, int best, int idx) {
  for (long i = v; i <= MAXV; i += i & -i)
    if (best > f->best[i]) {
      f->best[i] = best;
      f->idx[i] = idx;
    }
}

/* ---- page breaks from accepted candidates ---- */

/* The form-feed break in [from, to].  The form-feed breaks are the
   first nff, in line order (pt_pages_formfeeds). */
static pt_pb *S_ff_near(pt_ctx *p, size_t nff, size_t from, size_t to) {
  size_t lo = 0, hi = nff;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (p->pbs[mid].before < from)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < nff && p->pbs[lo].before <= to ? &p->pbs[lo] : NULL;
}

/* Keep a removed text with the page break it belongs to, after what
   the break keeps already. */
static void S_keep_text(pt_ctx *p, pt_pb *pb, const char *text, int header) {
  const char **slot = header ? &pb->header : &pb->footer;
  if (*slot) {
    size_t a = strlen(*slot), b = strlen(text);
    char *j = recto_alloc(p->doc, a + b + 4);
    memcpy(j, *slot, a);
    memcpy(j + a, " | ", 3);
    memcpy(j + a + 3, text, b + 1);
    text = j;
  }
  *slot = text;
}

/* Keep a removed line with the page break it belongs to. */
static void S_keep(pt_ctx *p, pt_pb *pb, const pt_line *l, int header) {
  S_keep_text(p, pb, pt_collapse(p->doc, pt_c(l), pt_clen(l)), header);
}

static void S_apply(pt_ctx *p, size_t nff, const cand *c, int first) {
  pt_line *l = &p->lines[c->line];
  size_t next = c->past ? c->past : S_next(p, c->line);
  /* the number at the foot of the last page starts no new page */
  if (next >= p->nlines && c->kind == C_NUMONLY) {
    l->kind = PT_FURNITURE;
    p->n.furniture++;
    return;
  }
  int ff_after = next < p->nlines && (p->lines[next].flags & PT_F_FF);
  int ff_before = (l->flags & PT_F_FF) != 0;
  int footer;
  if (c->kind == C_GLUED)
    footer = 1;
  else if (ff_after || ff_before)
    footer = ff_after;
  else if (c->kind == C_NUMONLY)
    footer = S_gap_before(p, next) || !S_gap_before(p, c->line);
  else
    footer = 0;
  char *printed = recto_strndup(p->doc, l->s + c->nb, c->ne - c->nb);
  const char *removed;
  if (c->kind == C_GLUED) {
    removed = printed;
    /* cut the number (and the space before it) off the line */
    uint32_t e = c->nb;
    while (e > l->b && pt_is_space((unsigned char)l->s[e - 1]))
      e--;
    l->e = e;
    l->width = pt_width(l->s + l->b, l->e - l->b);
  } else {
    removed = pt_collapse(p->doc, pt_c(l), pt_clen(l));
    l->kind = PT_FURNITURE;
  }
  recto_page_source src = c->kind == C_NUMONLY || c->kind == C_GLUED
                              ? RECTO_PAGE_SOURCE_PAGE_NUMBER
                              : RECTO_PAGE_SOURCE_RUNNING_HEAD;
  const char *label =
      footer ? pt_format_number(p->doc, c->value + 1, c->system) : printed;
  /* the text before the first footer is the page it numbers */
  if (first && footer) {
    pt_pb *pb0 = pt_pb_add(p, 0);
    pb0->label = printed;
    pb0->source = src;
  }
  /* a form feed next to the furniture is the same boundary */
  size_t from = c->line, to = next;
  if (!footer) {
    from = c->line;
    while (from > 0 && pt_blank(&p->lines[from - 1]))
      from--;
  }
  pt_pb *pb = S_ff_near(p, nff, from, to);
  if (!pb) {
    pb = pt_pb_add(p, footer ? (uint32_t)(c->line + 1) : (uint32_t)c->line);
    pb->source = src;
  }
  /* the number printed on a page beats one inferred from the page
     before (a footer's number plus one) */
  if (!pb->label || !footer)
    pb->label = label;
  S_keep_text(p, pb, removed, !footer);
  p->n.furniture++;
}

/* ---- repetition at the page edges ---- */

enum { EDGE = 3 }; /* lines at the top and foot of a page looked at */

/* The shape of a text: ASCII letters lower-cased, digit runs as '#',
   spaces and bidi marks collapsed; into out (cap bytes), its length. */
static size_t S_shape_key(const char *s, size_t len, char *out,
                          size_t cap) {
  size_t o = 0, i = 0;
  int space = 0;
  while (i < len && o + 5 < cap) {
    size_t j = i;
    uint32_t c = pt_next(s, len, &j);
    if (pt_is_space(c) || c == 0x200C || (c >= 0x202A && c <= 0x202E)) {
      space = o > 0;
    } else {
      if (space)
        out[o++] = ' ';
      space = 0;
      if (pt_digit(c) >= 0) {
        if (!o || out[o - 1] != '#')
          out[o++] = '#';
      } else if (c < 0x80) {
        out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
      } else {
        memcpy(out + o, s + i, j - i);
        o += j - i;
      }
    }
    i = j;
  }
  return o;
}

/* "arXiv:2110.02751v1 [nucl-ex] 3 Oct 2021", printed up the margin of
   the first page of an arXiv preprint. */
static int S_arxiv_stamp(const pt_line *l) {
  const char *s = pt_c(l);
  size_t len = pt_clen(l);
  if (len < 16 || len > 80 || memcmp(s, "arXiv:", 6) != 0)
    return 0;
  size_t i = 6, d = 0;
  while (i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
                     s[i] == 'v' || (s[i] >= 'a' && s[i] <= 'z' && d < 3) ||
                     s[i] == '-' || s[i] == '/'))
    d += s[i] >= '0' && s[i] <= '9', i++;
  return d >= 7 && i < len && s[i] == ' ';
}

/* The non-blank text lines of page [a, b) at its edges: their indices
   into out (at most 2 * EDGE), the count. */
static size_t S_edges(const pt_ctx *p, size_t a, size_t b, uint32_t *out,
                      int *top) {
  size_t n = 0, k = 0;
  for (size_t i = a; i < b && k < EDGE; i++) {
    const pt_line *l = &p->lines[i];
    if (pt_blank(l) || l->kind != PT_TEXT)
      continue;
    top[n] = 1;
    out[n++] = (uint32_t)i;
    k++;
  }
  size_t last_top = n ? out[n - 1] : a;
  k = 0;
  for (size_t i = b; i > a && k < EDGE; i--) {
    const pt_line *l = &p->lines[i - 1];
    if (pt_blank(l) || l->kind != PT_TEXT)
      continue;
    if (n && i - 1 <= last_top)
      break;
    top[n] = 0;
    out[n++] = (uint32_t)(i - 1);
    k++;
  }
  return n;
}

/* A page number at an edge of page pg removed, kept with its break and
   as its label. */
static void S_take_number(pt_ctx *p, size_t nbreaks, size_t pg,
                          size_t line, int top) {
  pt_line *l = &p->lines[line];
  if (l->kind != PT_TEXT)
    return;
  l->kind = PT_FURNITURE;
  p->n.furniture++;
  pt_pb *pb = top && pg > 0 ? &p->pbs[pg - 1]
              : !top && pg < nbreaks ? &p->pbs[pg]
                                     : pt_pb_add(p, (uint32_t)line);
  S_keep(p, pb, l, top);
  if (!pb->label && top)
    pb->label = pt_collapse(p->doc, pt_c(l), pt_clen(l));
}

/* The value of a roman numeral from i to l (or I to L) alone on its
   line, 0 if the line is anything else. */
static int S_roman(const pt_line *l) {
  static const char digits[] = "ivxl";
  static const int values[] = {1, 5, 10, 50};
  const char *s = pt_c(l);
  size_t len = pt_clen(l);
  if (!len || len > 8)
    return 0;
  int total = 0, prev = 0;
  for (size_t i = len; i > 0; i--) {
    char c = s[i - 1];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c + 32);
    const char *d = memchr(digits, c, 4);
    if (!d || !c)
      return 0;
    int v = values[d - digits];
    total += v < prev ? -v : v;
    if (v > prev)
      prev = v;
  }
  return total > 0 && total <= 80 ? total : 0;
}

/* The place of a letter alone on its line in a Persian or Arabic
   numbering by letters: the abjad order (الف ب ج د ه و ز ح ط ی ...,
   order 0) or the alphabet's (آ ب پ ت ث ج چ ح خ د ..., order 1);
   0 if the line is anything else. */
static int S_letter_numeral(const pt_line *l, int order) {
  static const char *const abjad[] = {
      "الف", "ب", "ج", "د", "ه", "و", "ز", "ح", "ط", "ی", "ک", "ل", "م", "ن",
      "س", "ع", "ف", "ص", "ق", "ر", "ش", "ت", "ث", "خ", "ذ", "ض", "ظ", "غ",
      NULL};
  static const char *const alphabet[] = {
      "آ", "ب", "پ", "ت", "ث", "ج", "چ", "ح", "خ", "د", "ذ", "ر", "ز", "ژ",
      "س", "ش", "ص", "ض", "ط", "ظ", "ع", "غ", "ف", "ق", "ک", "گ", "ل", "م",
      "ن", "و", "ه", "ی", NULL};
  const char *const *letters = order ? alphabet : abjad;
  const char *s = pt_c(l);
  size_t len = pt_clen(l);
  /* (a zero-width non-joiner may stand before it) */
  if (len > 3 && memcmp(s, "\xE2\x80\x8C", 3) == 0)
    s += 3, len -= 3;
  if (!len || len > 6)
    return 0;
  for (int k = 0; letters[k]; k++)
    if (strlen(letters[k]) == len && memcmp(s, letters[k], len) == 0)
      return k + 1;
  return 0;
}

static int S_abjad(const pt_line *l) { return S_letter_numeral(l, 0); }
static int S_alphabetical(const pt_line *l) { return S_letter_numeral(l, 1); }

/* Front matter numbered in roman numerals or, in Persian and Arabic, in
   letters: a numeral alone at the top or foot of pages, rising from
   page to page. */
static void S_letter_numbers(pt_ctx *p, const uint32_t *start,
                             size_t npages, int (*numeral)(const pt_line *)) {
  uint32_t edge[2 * EDGE];
  int top[2 * EDGE];
  size_t prev_line = 0;
  int prev_value = 0, prev_top = 0;
  size_t prev_pg = 0;
  int prev_taken = 0;
  for (size_t pg = 0; pg < npages; pg++) {
    size_t m = S_edges(p, start[pg], start[pg + 1], edge, top);
    for (size_t q = 0; q < m; q++) {
      int v = numeral(&p->lines[edge[q]]);
      if (!v)
        continue;
      /* two in a row, a page or three apart, make a sequence */
      int follows = prev_value && v > prev_value &&
                    v - prev_value <= 3 && pg > prev_pg;
      if (follows && !prev_taken)
        S_take_number(p, npages - 1, prev_pg, prev_line, prev_top);
      if (follows)
        S_take_number(p, npages - 1, pg, edge[q], top[q]);
      prev_taken = follows;
      prev_line = edge[q];
      prev_value = v;
      prev_top = top[q];
      prev_pg = pg;
    }
  }
}

/* "فصل ۱: سرآغاز", "بخش : ۱.۱ ...", "Chapter 2. Wells": a label of a word
   or two, a numbering with a colon or a full stop next to it, and a
   title: the shape of a running head that names the chapter or the
   section.  *label gets the label's length, *num its first number. */
static int S_labelled_head(const pt_line *l, size_t *label, long *num) {
  const char *s = pt_c(l);
  size_t len = pt_clen(l), i = 0, words = 0, end = 0;
  while (i < len && words < 3) {
    size_t w = i;
    while (i < len) {
      size_t k = i;
      uint32_t c = pt_next(s, len, &k);
      if (!pt_is_letter(c))
        break;
      i = k;
    }
    if (i == w)
      break;
    words++;
    end = i;
    while (i < len && s[i] == ' ')
      i++;
  }
  if (!words || i >= len)
    return 0;
  int colon = s[i] == ':';
  if (colon)
    i++;
  while (i < len && s[i] == ' ')
    i++;
  size_t k = i;
  if ((*num = pt_number(s, len, &k, NULL, NULL)) < 0)
    return 0;
  *label = end;
  while (k + 1 < len && s[k] == '.') { /* "1.1" */
    size_t q = k + 1;
    if (pt_number(s, len, &q, NULL, NULL) < 0)
      break;
    k = q;
  }
  if (!colon && (k >= len || (s[k] != ':' && s[k] != '.')))
    return 0;
  for (size_t q = k; q < len;)
    if (pt_is_letter(pt_next(s, len, &q)))
      return 1;
  return 0;
}

static void S_repeated(pt_ctx *p) {
  size_t nbreaks = p->npbs, npages = nbreaks + 1;
  if (npages < 3)
    return;
  /* page i runs from start[i] to start[i + 1] */
  uint32_t *start = recto_xcalloc(1, (npages + 1) * sizeof *start);
  start[0] = 0;
  for (size_t k = 0; k < nbreaks; k++)
    start[k + 1] = p->pbs[k].before;
  start[npages] = (uint32_t)p->nlines;
  pt_map keys = {0};
  char *pool = NULL;
  size_t poolcap = 0, poolused = 0;
  uint32_t *keyoff = recto_xcalloc(1, (p->nlines + 1) * sizeof *keyoff);
  uint32_t edge[2 * EDGE];
  int top[2 * EDGE];
  char buf[256];
  /* pass 1: shapes of the edge lines, counted once per page; the pool
     only grows, so keys are offsets until it is done */
  for (size_t pg = 0; pg < npages; pg++) {
    size_t m = S_edges(p, start[pg], start[pg + 1], edge, top);
    for (size_t q = 0; q < m; q++) {
      const pt_line *el = &p->lines[edge[q]];
      size_t kl = S_shape_key(pt_c(el), pt_clen(el), buf, sizeof buf);
      pool = pt_grow(pool, &poolcap, poolused + kl + 1, 1);
      memcpy(pool + poolused, buf, kl);
      pool[poolused + kl] = '\0';
      keyoff[edge[q]] = (uint32_t)poolused;
      poolused += kl + 1;
    }
  }
  /* a shape twice at one edge of a page is a figure's label that the
     page opens or closes with, not a running head or foot (one line) */
  pt_map twice = {0}, first = {0}, adjacent = {0};
  for (size_t pg = 0; pg < npages; pg++) {
    size_t m = S_edges(p, start[pg], start[pg + 1], edge, top);
    for (size_t q = 0; q < m; q++) {
      const char *k = pool + keyoff[edge[q]];
      pt_slot *f = pt_map_put(&first, k, strlen(k));
      if (!f->value)
        f->value = (void *)(uintptr_t)(pg + 1);
      pt_slot *sl = pt_map_put(&keys, k, strlen(k));
      if (!sl->value || (uintptr_t)sl->value != pg + 1)
        sl->count++;
      sl->value = (void *)(uintptr_t)(pg + 1);
      for (size_t r = 0; r < q; r++)
        if (top[r] == top[q] && strcmp(pool + keyoff[edge[r]], k) == 0)
          pt_map_put(&twice, k, strlen(k));
    }
  }
  /* running heads that name the chapter and the section by their labels
     open three pages or more, and one of them repeats: each of them is
     one, even where its section spans a page or two, when its label
     opens two pages or more and its numbers never go down from page to
     page ("Step 4: ..." opening one page is the document's own) */
  size_t labelled = 0, label;
  long num;
  int label_repeats = 0;
  pt_map labels = {0}; /* value: the last number + 1, or -1 gone down */
  pt_map tops = {0};   /* value: the last page it opened + 1 */
  for (size_t pg = 0, filled = 0; pg < npages; pg++) {
    size_t m = S_edges(p, start[pg], start[pg + 1], edge, top);
    const pt_line *l = m ? &p->lines[edge[0]] : NULL;
    if (m && top[0]) { /* two pages in a row (empty ones between none) */
      const char *k = pool + keyoff[edge[0]];
      pt_slot *t = pt_map_put(&tops, k, strlen(k));
      if ((uintptr_t)t->value == filled)
        pt_map_put(&adjacent, k, strlen(k));
      t->value = (void *)(uintptr_t)(filled + 1);
    }
    filled += m > 0;
    if (m && top[0] && S_labelled_head(l, &label, &num)) {
      const char *k = pool + keyoff[edge[0]];
      labelled++;
      label_repeats |= pt_map_get(&keys, k, strlen(k))->count >= 2;
      pt_slot *sl = pt_map_put(&labels, pt_c(l), label);
      sl->count++;
      if ((intptr_t)sl->value != -1)
        sl->value = (intptr_t)sl->value > num + 1 ? (void *)(intptr_t)-1
                                                   : (void *)(intptr_t)(num + 1);
    }
  }
  int label_heads = labelled >= 3 && label_repeats;
  for (size_t pg = 0; pg < npages; pg++) {
    size_t m = S_edges(p, start[pg], start[pg + 1], edge, top);
    for (size_t q = 0; q < m; q++) {
      pt_line *l = &p->lines[edge[q]];
      const char *k = pool + keyoff[edge[q]];
      size_t kl = strlen(k), letters = 0;
      for (size_t i = 0; i < kl;)
        letters += pt_is_letter(pt_next(k, kl, &i)) != 0;
      pt_slot *sl = pt_map_get(&keys, k, kl);
      /* on a fifth of the pages or more; or, as the first line of its
         page, on a third of the pages between its first and its last (a
         running head naming one chapter of many): then a line that ends
         a sentence ("ROSENCRANTZ.", a speaker opening pages of a play)
         is none, nor one without a label unless it opens four pages or
         two pages in a row */
      size_t span = sl ? (uintptr_t)sl->value -
                             (uintptr_t)pt_map_get(&first, k, kl)->value + 1
                       : 0;
      int labelled_head = q == 0 && top[q] && S_labelled_head(l, &label, &num);
      int repeated =
          sl && letters >= 3 && sl->count >= 3 &&
          (sl->count * 5 >= npages ||
           (q == 0 && top[q] && sl->count * 3 >= span &&
            !pt_line_has_final(l) &&
            (sl->count >= 4 || labelled_head ||
             pt_map_get(&adjacent, k, kl)))) &&
          !pt_map_get(&twice, k, kl);
      pt_slot *ls = labelled_head ? pt_map_get(&labels, pt_c(l), label) : NULL;
      repeated |= label_heads && ls && ls->count >= 2 &&
                  (intptr_t)ls->value != -1;
      if (!repeated)
        continue;
      l->kind = PT_FURNITURE;
      p->n.furniture++;
      /* a head belongs to the break before its page, a foot to the
         break after it */
      if (top[q] && pg > 0)
        S_keep(p, &p->pbs[pg - 1], l, 1);
      else if (!top[q] && pg < nbreaks)
        S_keep(p, &p->pbs[pg], l, 0);
      else
        S_keep(p, pt_pb_add(p, (uint32_t)edge[q]), l, top[q]);
    }
  }
  S_letter_numbers(p, start, npages, S_roman);
  S_letter_numbers(p, start, npages, S_abjad);
  S_letter_numbers(p, start, npages, S_alphabetical);
  /* the arXiv stamp stands in the margin of the first page: pdftotext
     puts it wherever its height falls among the page's lines */
  size_t pg0 = 0;
  while (pg0 + 1 < npages && start[pg0 + 1] == 0)
    pg0++;
  for (size_t i = start[pg0]; i < start[pg0 + 1]; i++) {
    pt_line *l = &p->lines[i];
    if (pt_blank(l) || l->kind != PT_TEXT || !S_arxiv_stamp(l))
      continue;
    l->kind = PT_FURNITURE;
    p->n.furniture++;
    S_keep(p, pg0 > 0 ? &p->pbs[pg0 - 1] : pt_pb_add(p, (uint32_t)i), l, 1);
  }
  free(keyoff);
  free(pool);
  pt_map_free(&keys);
  pt_map_free(&labels);
  pt_map_free(&tops);
  pt_map_free(&twice);
  pt_map_free(&first);
  pt_map_free(&adjacent);
  free(start);
}

/* With layout, a line printed above the body of its page, in the top
   margin and smaller than the body text, set off by a gap: a running
   head, even on a page whose neighbours have none to repeat it. */
static void S_margins(pt_ctx *p) {
  if (!p->src_lines || p->body_size <= 0)
    return;
  size_t nbreaks = p->npbs;
  for (size_t pg = 0; pg <= nbreaks; pg++) {
    size_t a = pg == 0 ? 0 : p->pbs[pg - 1].before;
    size_t b = pg < nbreaks ? p->pbs[pg].before : p->nlines;
    size_t i = a;
    while (i < b && (pt_blank(&p->lines[i]) || p->lines[i].kind != PT_TEXT))
      i++;
    size_t next = i < b ? S_next(p, i) : b;
    if (i >= b || next >= b || !S_gap_before(p, next))
      continue;
    const pt_layout *y = pt_lay(p, i);
    if (!y || y->page_height <= 0 || y->y + y->height > 0.09f * y->page_height ||
        y->size >= p->body_size * 0.95f || p->lines[i].width > 120)
      continue;
    pt_line *l = &p->lines[i];
    l->kind = PT_FURNITURE;
    p->n.furniture++;
    S_keep(p, pg > 0 ? &p->pbs[pg - 1] : pt_pb_add(p, (uint32_t)i), l, 1);
  }
}

/* Where the lines of one page reach: the two highest bottoms and the
   two lowest tops (y grows down the page), and the line of each first. */
typedef struct {
  float bottom[2], top[2];
  size_t bottom_line, top_line;
} page_reach;

/* Keep in two the two greatest values (or least, without greatest). */
static void S_reach_add(float v, size_t i, int greatest, float two[2],
                        size_t *first) {
  if (greatest ? v > two[0] : v < two[0]) {
    two[1] = two[0];
    two[0] = v;
    *first = i;
  } else if (greatest ? v > two[1] : v < two[1]) {
    two[1] = v;
  }
}

/* With layout, the reach of every page's lines (rotated lines aside:
   they stand beside the text); NULL without layout. */
static page_reach *S_reaches(const pt_ctx *p) {
  size_t npages = 0;
  for (size_t i = 0; i < p->nlines; i++)
    if (pt_lay(p, i) && p->src_lines[i].page >= npages)
      npages = p->src_lines[i].page + 1;
  if (npages == 0)
    return NULL;
  page_reach *r = recto_xcalloc(npages, sizeof *r);
  for (size_t k = 0; k < npages; k++)
    r[k] = (page_reach){{FLT_MAX, FLT_MAX}, {-FLT_MAX, -FLT_MAX},
                        (size_t)-1, (size_t)-1};
  for (size_t i = 0; i < p->nlines; i++) {
    const pt_layout *y = pt_lay(p, i);
    if (!y || y->rotated || pt_blank(&p->lines[i]))
      continue;
    page_reach *x = &r[p->src_lines[i].page];
    /* the lowest bottom: what lies wholly above a line stops there */
    S_reach_add(y->y + y->height, i, 0, x->bottom, &x->bottom_line);
    /* the highest top: what lies wholly below a line starts there */
    S_reach_add(y->y, i, 1, x->top, &x->top_line);
  }
  return r;
}

/* With layout, a page number stands outside the text of its page: no
   other line of the page lies wholly above it (a head) or wholly below
   it (a foot); or it is printed in the top or bottom tenth of the page
   (a foot of two lines).  The numbers of a figure's axis or of a table
   inside the page are none. */
static int S_margin_zone(const pt_ctx *p, const page_reach *r, size_t i) {
  const pt_layout *y = pt_lay(p, i);
  if (!y || !r || y->page_height <= 0)
    return 1;
  const page_reach *x = &r[p->src_lines[i].page];
  float top = y->y, bottom = y->y + y->height;
  /* where the other lines end nearest the top, start nearest the foot */
  float end = x->bottom_line == i ? x->bottom[1] : x->bottom[0];
  float start = x->top_line == i ? x->top[1] : x->top[0];
  return end > top || start < bottom || top < 0.1f * y->page_height ||
         bottom > 0.9f * y->page_height;
}

/* With layout, a line printed rotated across the lines of its page (an
   archive's stamp up the margin, a watermark) is no part of the text.
   It is set aside before the page numbers are looked for (its digits
   are none) and kept, once the breaks are known, with the break that
   opens its page. */
static void S_rotated(pt_ctx *p) {
  for (size_t i = 0; i < p->nlines; i++) {
    if (S_turned(p, i) && p->lines[i].kind == PT_TEXT) {
      p->lines[i].kind = PT_FURNITURE;
      p->n.furniture++;
    }
  }
}

static void S_rotated_keep(pt_ctx *p) {
  for (size_t i = 0, k = 0; i < p->nlines; i++) {
    if (!S_turned(p, i) || p->lines[i].kind != PT_FURNITURE)
      continue;
    while (k < p->npbs && p->pbs[k].before <= i)
      k++;
    if (k == 0) { /* the first page: a break before it keeps it */
      pt_pb_add(p, 0);
      pt_pbs_sort(p);
      k = 1;
    }
    S_keep(p, &p->pbs[k - 1], &p->lines[i], 1);
  }
}

void pt_furniture(pt_ctx *p) {
  S_rotated(p);
  size_t nff = p->npbs;
  cand *cs = NULL;
  size_t n = 0, cap = 0;
  pt_map keys = {0};
  page_reach *reach = S_reaches(p);
  for (size_t i = 0; i < p->nlines; i++) {
    pt_line *l = &p->lines[i];
    if (pt_blank(l) || l->kind != PT_TEXT || (l->flags & PT_F_LABEL) ||
        !S_margin_zone(p, reach, i))
      continue;
    cand two[2];
    int m = S_candidates(p, i, two);
    for (int q = 0; q < m; q++) {
      cand *c = &two[q];
      cs = pt_grow(cs, &cap, n + 1, sizeof *cs);
      cs[n++] = *c;
      if (*c->key) {
        pt_slot *s = pt_map_put(&keys, c->key, strlen(c->key));
        /* count distinct numbers: remember the last value seen */
        if (s->count == 0 || (long)(intptr_t)s->value != c->value)
          s->count++;
        s->value = (void *)(intptr_t)c->value;
      }
    }
  }
  /* strength */
  for (size_t k = 0; k < n; k++) {
    cand *c = &cs[k];
    pt_line *l = &p->lines[c->line];
    size_t next = S_next(p, c->line);
    int gap_before = S_gap_before(p, c->line) || c->line == 0;
    int gap_after = S_gap_before(p, next);
    switch (c->kind) {
    case C_NUMONLY: {
      /* "1" over ". The note": a note number, not a page */
      int note_like = 0;
      if (next < p->nlines) {
        const pt_line *nl = &p->lines[next];
        char f = nl->s[nl->b];
        note_like = f == '.' || f == ')';
      }
      c->strong = (gap_before || gap_after) && !note_like;
      /* in the middle of a page: the number of a note, an equation or
         a plot's axis */
      size_t past = S_next_past_note_numbers(p, c->line, c->value);
      c->past = past != next ? (uint32_t)past : 0;
      if (nff && !S_page_edge(p, c->line, 2, 2) && !c->past)
        c->strong = -1;
      break;
    }
    case C_START:
    case C_END: {
      pt_slot *s = pt_map_get(&keys, c->key, strlen(c->key));
      /* a repeated text, not a repeated shape of figures ("#s #") */
      size_t letters = 0;
      for (size_t q = 0; c->key[q];) {
        uint32_t ch = pt_next(c->key, strlen(c->key), &q);
        letters += pt_is_letter(ch) != 0;
      }
      int repeated = s && s->count >= 2 && letters >= 4 &&
                     (!nff || S_page_edge(p, c->line, 3, 2));
      int layout = c->gap >= 3 && pt_width(c->key, strlen(c->key)) <= 120 &&
                   (gap_before || gap_after);
      c->strong = repeated || layout;
      if (!c->strong && gap_after && l->width > 60 && c->kind == C_END &&
          c->gap < 3)
        c->kind = C_GLUED; /* last line of a page with its number */
      else if (!c->strong)
        c->strong = -1; /* a number opening a sentence, a list, a date */
      break;
    }
    case C_GLUED:
      break;
    }
    if (c->kind == C_GLUED)
      c->strong = gap_after ? 0 : -1;
    if (c->value > MAXV - 1)
      c->strong = -1;
    c->extreme = nff && S_page_edge(p, c->line, 1, 1);
  }
  /* the rising sequence */
  fen *f = recto_xcalloc(1, sizeof *f);
  int *best = recto_xcalloc(1, (n + 1) * sizeof *best);
  int *prev = recto_xcalloc(1, (n + 1) * sizeof *prev);
  int top = 0, top_idx = -1;
  for (size_t k = 0; k < n; k++) {
    if (cs[k].strong < 0)
      continue;
    /* a page may print its number twice (head and foot): strong
       candidates may repeat a strong one of their page (of any page
       where no form feeds give the pages), not a page's number before
       (the number of a note after a page's number, at its end) */
    int b, idx;
    S_fen_query(f, cs[k].strong && !nff ? cs[k].value : cs[k].value - 1, &b,
                &idx);
    for (size_t j = k; nff && cs[k].strong && j-- > 0 &&
                       !S_ff_between(p, cs[j].line, cs[k].line);)
      if (cs[j].strong > 0 && cs[j].value == cs[k].value && best[j] > b) {
        b = best[j];
        idx = (int)j;
      }
    /* (of two numbers at a page's foot, the last is its number) */
    best[k] = b + (cs[k].strong ? 3 : 1) + cs[k].extreme;
    prev[k] = idx;
    S_fen_update(f, cs[k].value, best[k], (int)k);
    if (best[k] > top) {
      top = best[k];
      top_idx = (int)k;
    }
  }
  /* walk the chain back, then check it forwards */
  size_t chain_len = 0;
  for (int k = top_idx; k >= 0; k = prev[k])
    chain_len++;
  int *chain = recto_xcalloc(1, (chain_len + 1) * sizeof *chain);
  size_t ci = chain_len;
  for (int k = top_idx; k >= 0; k = prev[k])
    chain[--ci] = k;
  int first = 1;
  uint32_t applied_line = (uint32_t)-1;
  for (size_t j = 0; j < chain_len; j++) {
    cand *c = &cs[chain[j]];
    if (c->line == applied_line)
      continue;
    const cand *pc = j > 0 ? &cs[chain[j - 1]] : NULL;
    const cand *nc = j + 1 < chain_len ? &cs[chain[j + 1]] : NULL;
    int near = (pc && c->value - pc->value <= 2) ||
               (nc && nc->value - c->value <= 2);
    if (!c->strong && !near)
      continue;
    /* a lone number needs more than itself to be a page number */
    if (chain_len == 1 && c->kind == C_NUMONLY && c->value > 1500)
      continue;
    if (pc && (c->line - pc->line) < (uint32_t)(c->value - pc->value))
      continue;
    if (pc && c->value == pc->value && !(c->strong && pc->strong))
      continue;
    S_apply(p, nff, c, first);
    applied_line = c->line;
    first = 0;
  }
  free(chain);
  free(best);
  free(prev);
  free(f);
  free(cs);
  free(reach);
  pt_map_free(&keys);
  pt_pbs_sort(p);
  S_repeated(p);
  pt_pbs_sort(p);
  S_margins(p);
  pt_pbs_sort(p);
  S_rotated_keep(p);
}
