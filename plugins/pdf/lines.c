/*
 * lines.c: the words of a page into lines of the line model.
 *
 * Poppler lists a page's words in reading order, line after line, each
 * word in visual order (as printed, left to right: a Persian word comes
 * with its letters reversed).  A word joins the current line when it
 * lies beside it (its box overlaps the line's vertically and it does not
 * go back to the left); a line's words are then sorted left to right,
 * joined with a space where poppler saw one or where the gap is wide,
 * and put into logical order: a line whose strong letters are mostly
 * right-to-left is read from the right, its left-to-right runs (Latin
 * words, numbers) kept as printed; in a left-to-right line only the
 * right-to-left runs turn.  A bracket pair printed mirrored is put back
 * when that balances the line's brackets.
 *
 * A page is read in the frame of the direction most of its letters are
 * printed in; words turned from it become lines of their own after the
 * page's.  A page set in two columns is read column after column (see
 * "columns" below).
 *
 * The layout of a line: the font size most of its characters have, its
 * box, bold and italic by majority; words printed smaller and raised are
 * superscripts, and ASCII digits among them are written as superscript
 * digits, which the recovery steps read as note markers.
 */
#include <stdlib.h>
#include <string.h>

#include "pdf.h"
#include "recto/utf8.h"

static int S_grow(void **v, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap)
    return 0;
  size_t c = *cap ? *cap : 64;
  while (c < need)
    c *= 2;
  void *nv = realloc(*v, c * elem);
  if (!nv)
    return -1;
  *v = nv;
  *cap = c;
  return 0;
}

/* ---- bidi ----
 *
 * The Unicode bidirectional algorithm (UAX #9) for one line without
 * explicit embeddings: characters are classed, the weak and neutral
 * rules resolve numbers and punctuation, levels follow, and every run at
 * or above each level is reversed.  The reversal is its own inverse, so
 * applied to a line in visual order it gives the logical order.
 */

enum { B_L, B_R, B_AL, B_EN, B_AN, B_ES, B_ET, B_CS, B_NSM, B_ON };

static int S_bidi_class(uint32_t c) {
  if (c >= '0' && c <= '9')
    return B_EN;
  if (c == 0x00B2 || c == 0x00B3 || c == 0x00B9 || c == 0x2070 ||
      (c >= 0x2074 && c <= 0x2079) || (c >= 0x06F0 && c <= 0x06F9))
    return B_EN;
  if ((c >= 0x0660 && c <= 0x0669) || c == 0x066B || c == 0x066C)
    return B_AN;
  if (c == '+' || c == '-' || c == 0x2212)
    return B_ES;
  if (c == '#' || c == '$' || c == '%' || c == 0x00B0 || c == 0x066A ||
      (c >= 0x00A2 && c <= 0x00A5) || c == 0x2030 || c == 0x20AC)
    return B_ET;
  if (c == ',' || c == '.' || c == ':' || c == '/' || c == 0x00A0 ||
      c == 0x060C)
    return B_CS;
  if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x064B && c <= 0x065F) ||
      c == 0x0670 || (c >= 0x06D6 && c <= 0x06DC) ||
      (c >= 0x06DF && c <= 0x06E4) || c == 0x06E7 || c == 0x06E8 ||
      (c >= 0x06EA && c <= 0x06ED))
    return B_NSM;
  if (c == 0x200C || c == 0x200D)
    return B_NSM; /* joiners stay with their letters */
  if (c >= 0x0590 && c <= 0x05FF)
    return B_R;
  if ((c >= 0x0600 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
      (c >= 0xFE70 && c <= 0xFEFF))
    return B_AL;
  if (c >= 0xFB1D && c <= 0xFB4F)
    return B_R;
  if (c < 0x80)
    return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? B_L : B_ON;
  if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
      (c >= 0xFE10 && c <= 0xFE6F) || (c >= 0x00A0 && c <= 0x00BF) ||
      c == 0x00D7 || c == 0x00F7)
    return B_ON;
  return B_L;
}

static int S_strong_r(int k) { return k == B_R || k == B_AL; }

static uint32_t S_mirror(uint32_t c) {
  static const uint32_t pairs[][2] = {{'(', ')'}, {'[', ']'}, {'{', '}'},
                                      {'<', '>'}, {0xAB, 0xBB},
                                      {0x2039, 0x203A}};
  for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
    if (c == pairs[i][0])
      return pairs[i][1];
    if (c == pairs[i][1])
      return pairs[i][0];
  }
  return c;
}

/* How far the brackets of cps[0..n) are from balanced: closings with
   nothing open, plus what stays open. */
static size_t S_imbalance(const uint32_t *cps, size_t n) {
  size_t bad = 0;
  long depth = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t c = cps[i];
    if (c == '(' || c == '[' || c == '{')
      depth++;
    else if (c == ')' || c == ']' || c == '}') {
      if (depth > 0)
        depth--;
      else
        bad++;
    }
  }
  return bad + (size_t)depth;
}

/* Reverse cps[a..b) and their levels. */
static void S_flip(uint32_t *cps, uint8_t *lv, size_t a, size_t b) {
  for (size_t i = a, j = b; i + 1 < j; i++) {
    j--;
    uint32_t t = cps[i];
    uint8_t u = lv[i];
    cps[i] = cps[j], lv[i] = lv[j];
    cps[j] = t, lv[j] = u;
  }
}

/* Reverse cps[a..b) keeping each cluster, a letter and the marks after
   it, in its order. */
static void S_reverse(uint32_t *cps, uint8_t *lv, size_t a, size_t b) {
  S_flip(cps, lv, a, b);
  for (size_t i = a; i < b;) {
    size_t j = i;
    while (j < b && S_bidi_class(cps[j]) == B_NSM)
      j++;
    if (j < b && j > i)
      S_flip(cps, lv, i, j + 1); /* marks then their letter: letter first */
    i = j + 1;
  }
}

/* Visual order to logical order for one line of a page that reads
   right to left (rtl) or not; k and lv are scratch of n bytes each. */
static void S_logical(uint32_t *cps, size_t n, int rtl, uint8_t *k,
                      uint8_t *lv) {
  size_t nl = 0, nr = 0;
  for (size_t i = 0; i < n; i++) {
    k[i] = (uint8_t)S_bidi_class(cps[i]);
    nl += k[i] == B_L;
    nr += S_strong_r(k[i]);
  }
  if (nr == 0)
    return;
  /* the paragraph's direction: what most strong letters are (a PDF line
     is a piece of a paragraph, so its first letter may mislead); on a
     page that reads right to left, a line with right-to-left letters
     is a piece of a right-to-left paragraph however many Latin words
     it holds ("Asterisk و IP_PBX") */
  int para = nr > nl || rtl ? B_R : B_L;
  /* W1: marks take the class before them */
  for (size_t i = 0; i < n; i++)
    if (k[i] == B_NSM)
      k[i] = i > 0 ? k[i - 1] : (uint8_t)para;
  /* W2, W3, W7: numbers after Arabic letters are Arabic numbers; after
     Latin ones, left-to-right */
  int last = para;
  for (size_t i = 0; i < n; i++) {
    if (k[i] == B_L || k[i] == B_R || k[i] == B_AL)
      last = k[i];
    else if (k[i] == B_EN)
      k[i] = last == B_AL ? B_AN : last == B_L ? B_L : B_EN;
  }
  for (size_t i = 0; i < n; i++)
    if (k[i] == B_AL)
      k[i] = B_R;
  /* W4: one separator between two numbers of a kind joins them */
  for (size_t i = 1; i + 1 < n; i++) {
    if (k[i] == B_ES && k[i - 1] == B_EN && k[i + 1] == B_EN)
      k[i] = B_EN;
    else if (k[i] == B_CS && k[i - 1] == k[i + 1] &&
             (k[i - 1] == B_EN || k[i - 1] == B_AN))
      k[i] = k[i - 1];
  }
  /* W5: terminators beside European numbers */
  for (size_t i = 0; i < n; i++) {
    if (k[i] != B_ET)
      continue;
    size_t j = i;
    while (j < n && k[j] == B_ET)
      j++;
    if ((i > 0 && k[i - 1] == B_EN) || (j < n && k[j] == B_EN))
      for (size_t x = i; x < j; x++)
        k[x] = B_EN;
    i = j;
  }
  /* W6, N1, N2: neutrals between two of one direction take it (numbers
     count as right-to-left), others the paragraph's */
  for (size_t i = 0; i < n;) {
    if (k[i] == B_L || k[i] == B_R || k[i] == B_EN || k[i] == B_AN) {
      i++;
      continue;
    }
    size_t j = i;
    while (j < n && !(k[j] == B_L || k[j] == B_R || k[j] == B_EN ||
                      k[j] == B_AN))
      j++;
    int before = i > 0 ? (k[i - 1] == B_L ? B_L : B_R) : para;
    int after = j < n ? (k[j] == B_L ? B_L : B_R) : para;
    int dir = before == after ? before : para;
    for (size_t x = i; x < j; x++)
      k[x] = (uint8_t)dir;
    i = j;
  }
  /* I1, I2: levels */
  uint8_t top = 0;
  for (size_t i = 0; i < n; i++) {
    if (para == B_L)
      lv[i] = k[i] == B_R ? 1 : (k[i] == B_EN || k[i] == B_AN) ? 2 : 0;
    else
      lv[i] = k[i] == B_R ? 1 : 2;
    if (lv[i] > top)
      top = lv[i];
  }
  size_t imbalance = S_imbalance(cps, n);
  /* L2: from the highest level down, reverse every run at or above it */
  for (uint8_t level = top; level >= 1; level--)
    for (size_t i = 0; i < n;) {
      if (lv[i] < level) {
        i++;
        continue;
      }
      size_t j = i;
      while (j < n && lv[j] >= level)
        j++;
      S_reverse(cps, lv, i, j);
      i = j;
    }
  /* L4: a bracket of right-to-left text may have been printed as its
     mirror image's code; mirror them back when that balances the line */
  size_t now = S_imbalance(cps, n);
  if (now == 0)
    return;
  uint32_t *m = malloc(n * sizeof *m);
  if (!m)
    return;
  for (size_t i = 0; i < n; i++)
    m[i] = lv[i] & 1 ? S_mirror(cps[i]) : cps[i];
  size_t mirrored = S_imbalance(m, n);
  if (mirrored < now && mirrored <= imbalance)
    memcpy(cps, m, n * sizeof *m);
  free(m);
}

/* ---- lines ---- */

/* A word of the current line: where it starts, and its index (which
   breaks ties, so that the sort is stable). */
typedef struct placed {
  float x;
  size_t i;
} placed;

static int S_cmp_x(const void *a, const void *b) {
  const placed *p = a, *q = b;
  if (p->x != q->x)
    return (p->x > q->x) - (p->x < q->x);
  return (p->i > q->i) - (p->i < q->i);
}

typedef struct page_state {
  const pdf_page *page;
  placed *order;      /* the words of the current line */
  size_t norder, order_cap;
  uint32_t *cps;
  size_t ncps, cps_cap;
  uint8_t *classes, *levels;
  size_t classes_cap, levels_cap;
  float *scratch;
  size_t scratch_cap;
  int rtl;            /* most of the page's letters read right to left */
} page_state;

static int S_cmp_float(const void *a, const void *b) {
  float x = *(const float *)a, y = *(const float *)b;
  return (x > y) - (x < y);
}

/* A font size as compared: to a tenth of a point. */
static float S_round_size(float size) {
  return (float)(int)(size * 10.0f + 0.5f) / 10.0f;
}

/* The value most of v[0..m) have (v is sorted on the way), or 0 when m
   is 0. */
static float S_mode(float *v, size_t m) {
  qsort(v, m, sizeof *v, S_cmp_float);
  float mode = m ? v[0] : 0;
  size_t run = 0, best = 0;
  for (size_t i = 0; i < m; i++) {
    run = i > 0 && v[i] == v[i - 1] ? run + 1 : 1;
    if (run > best)
      best = run, mode = v[i];
  }
  return mode;
}

/* Whether a word is a lone combining mark (a vowel sign printed as a
   glyph of its own). */
static int S_mark_word(const pdf_word *w) {
  uint32_t c;
  int used = w->len ? recto_utf8_decode(w->text, w->len, &c) : 0;
  return used > 0 && (size_t)used == w->len && c != 0x200C && c != 0x200D &&
         S_bidi_class(c) == B_NSM;
}

static int S_arabic_mark_word(const pdf_word *w) {
  uint32_t c;
  return S_mark_word(w) && recto_utf8_decode(w->text, w->len, &c) > 0 &&
         c >= 0x0600;
}

/* A mark printed as a glyph of its own sorts by its box, which may lie
   over a neighbour: an Arabic mark belongs to the letter on its right
   (the one before it in reading order), and is moved right after it in
   the visual sequence, where the clusters of S_logical expect it. */
static void S_marks_after_base(placed *order, size_t n, const pdf_word *w) {
  for (size_t k = 0; k + 1 < n; k++) {
    const pdf_word *m = &w[order[k].i], *next = &w[order[k + 1].i];
    if (!S_arabic_mark_word(m) || S_mark_word(next) ||
        m->x2 < next->x1 - 0.3f * next->size)
      continue;
    placed t = order[k];
    order[k] = order[k + 1];
    order[k + 1] = t;
    k++;
  }
}

static int S_push(page_state *st, uint32_t c) {
  if (S_grow((void **)&st->cps, &st->cps_cap, st->ncps + 1, sizeof *st->cps))
    return -1;
  st->cps[st->ncps++] = c;
  return 0;
}

static const uint32_t S_sup[] = {0x2070, 0x00B9, 0x00B2, 0x00B3, 0x2074,
                                 0x2075, 0x2076, 0x2077, 0x2078, 0x2079};

static uint32_t S_sup_digit(uint32_t d) { return S_sup[d - '0']; }

/* The digit a raised digit stands for, or 0. */
static uint32_t S_unraised(uint32_t c) {
  for (uint32_t d = 0; d < 10; d++)
    if (S_sup[d] == c)
      return '0' + d;
  return 0;
}

/* Raised digits alone in brackets are a citation ("[3]" set smaller, or
   in a face whose box sits higher than the line's), not a note's
   marker: they are written as digits again. */
static void S_bracketed_digits(uint32_t *cps, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (cps[i] != '[')
      continue;
    size_t j = i + 1;
    while (j < n && (S_unraised(cps[j]) || cps[j] == ',' || cps[j] == '-'))
      j++;
    if (j > i + 1 && j < n && cps[j] == ']')
      for (size_t k = i + 1; k < j; k++)
        cps[k] = S_unraised(cps[k]) ? S_unraised(cps[k]) : cps[k];
  }
}

/*
 * Small capitals made from a face that has none (as word processors and
 * pango make them): every lower-case letter of the line is printed as a
 * capital scaled down, so the text keeps its case while the lower-case
 * letters come in a size clearly below that of the capitals.  Returns
 * the capitals' size, or 0 when the line is not set so.
 */
static float S_faked_small_caps(const page_state *st) {
  const pdf_word *w = st->page->words;
  float cap = 0, low = 0;
  size_t caps = 0, lows = 0;
  for (size_t k = 0; k < st->norder; k++) {
    const pdf_word *o = &w[st->order[k].i];
    for (size_t b = 0; b < o->len; b++) {
      char c = o->text[b];
      if (c >= 'A' && c <= 'Z') {
        cap = caps++ == 0 || o->size < cap ? o->size : cap;
      } else if (c >= 'a' && c <= 'z') {
        low = o->size > low ? o->size : low;
        lows++;
      }
    }
  }
  return caps > 0 && lows >= 3 && low <= cap * 0.9f && low >= cap * 0.6f
             ? cap
             : 0;
}

/* Turn the words of the current line into a line of the model; the
   words of a rotated line stay in the order poppler read them along
   their baseline, one space apart. */
static int S_emit(page_state *st, pdf_lines *out, uint32_t page_index,
                  int rotated) {
  if (st->norder == 0)
    return 0;
  const pdf_word *w = st->page->words;
  if (!rotated) {
    qsort(st->order, st->norder, sizeof *st->order, S_cmp_x);
    S_marks_after_base(st->order, st->norder, w);
  }
  /* the line's font size: the size of most of its characters */
  size_t total = 0;
  for (size_t k = 0; k < st->norder; k++)
    total += w[st->order[k].i].len;
  if (S_grow((void **)&st->scratch, &st->scratch_cap, total + st->norder + 1,
             sizeof(float)))
    return -1;
  size_t m = 0;
  for (size_t k = 0; k < st->norder; k++)
    for (size_t b = 0; b < w[st->order[k].i].len; b++)
      st->scratch[m++] = S_round_size(w[st->order[k].i].size);
  float size = S_mode(st->scratch, m);
  /* the baseline: the median bottom of the main-size words */
  m = 0;
  for (size_t k = 0; k < st->norder; k++)
    if (w[st->order[k].i].size >= size - 0.05f)
      st->scratch[m++] = w[st->order[k].i].y2;
  qsort(st->scratch, m, sizeof(float), S_cmp_float);
  float bottom = m ? st->scratch[m / 2] : w[st->order[0].i].y2;
  float caps_size = rotated ? 0 : S_faked_small_caps(st);
  if (caps_size > 0)
    size = caps_size; /* the face's size is its capitals' */

  st->ncps = 0;
  float x1 = w[st->order[0].i].x1, x2 = w[st->order[0].i].x2;
  float reach = x2; /* the right edge of what came before */
  size_t bold = 0, italic = 0, smallcaps = 0, raised_chars = 0, chars = 0;
  for (size_t k = 0; k < st->norder; k++) {
    const pdf_word *o = &w[st->order[k].i];
    /* a space where the gap says so (poppler's own word spaces are
       misplaced in right-to-left text printed glyph by glyph); a mark
       printed on its own sits over its letter and makes no gap */
    if (k > 0 && (rotated || o->x1 - reach > 0.12f * size) &&
        S_push(st, ' '))
      return -1;
    if (o->x2 > reach)
      reach = o->x2;
    if (o->x1 < x1)
      x1 = o->x1;
    if (o->x2 > x2)
      x2 = o->x2;
    int raised = !rotated && o->size < size * 0.85f &&
                 o->y2 < bottom - size * 0.15f;
    /* an Arabic mark moved after this word (S_marks_after_base) sits on
       its first character as printed: the last of a ligature */
    const pdf_word *mark = k + 1 < st->norder && S_arabic_mark_word(&w[st->order[k + 1].i]) &&
                                   !S_mark_word(o)
                               ? &w[st->order[k + 1].i]
                               : NULL;
    size_t i = 0;
    while (i < o->len) {
      uint32_t c;
      int used = recto_utf8_decode(o->text + i, o->len - i, &c);
      i += used > 0 ? (size_t)used : 1;
      if (raised && c >= '0' && c <= '9')
        c = S_sup_digit(c);
      if (S_push(st, c))
        return -1;
      if (mark) {
        for (size_t j = 0; j < mark->len;) {
          uint32_t mc;
          int mu = recto_utf8_decode(mark->text + j, mark->len - j, &mc);
          j += mu > 0 ? (size_t)mu : 1;
          if (S_push(st, mc))
            return -1;
        }
        mark = NULL;
        k++;
      }
      chars++;
      bold += o->bold;
      italic += o->italic;
      smallcaps += o->smallcaps;
      raised_chars += (size_t)raised;
    }
  }
  if (S_grow((void **)&st->classes, &st->classes_cap, st->ncps + 1, 1) ||
      S_grow((void **)&st->levels, &st->levels_cap, st->ncps + 1, 1))
    return -1;
  S_logical(st->cps, st->ncps, st->rtl, st->classes, st->levels);
  S_bracketed_digits(st->cps, st->ncps);

  if (S_grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v) ||
      S_grow((void **)&out->text_off, &out->off_cap, out->n + 1,
             sizeof *out->text_off) ||
      S_grow((void **)&out->text, &out->text_cap,
             out->text_len + 4 * st->ncps + 1, 1))
    return -1;
  size_t start = out->text_len;
  for (size_t i = 0; i < st->ncps; i++)
    out->text_len += (size_t)recto_utf8_encode(st->cps[i], out->text + out->text_len);
  pt_src_line *l = &out->v[out->n];
  memset(l, 0, sizeof *l);
  out->text_off[out->n] = start;
  l->len = out->text_len - start;
  l->page = page_index;
  l->layout.size = size;
  l->layout.x = x1;
  l->layout.y = bottom - size;
  l->layout.width = x2 - x1;
  l->layout.height = size;
  l->layout.page_width = st->page->width;
  l->layout.page_height = st->page->height;
  l->layout.bold = bold * 2 > chars;
  l->layout.italic = italic * 2 > chars;
  l->layout.smallcaps = smallcaps * 2 > chars || caps_size > 0;
  l->layout.superscript = raised_chars == chars;
  l->layout.rotated = (uint8_t)rotated;
  l->layout.has_layout = 1;
  out->n++;
  out->glyphs += chars;
  st->norder = 0;
  return 0;
}

/* Whether a word has a right-to-left letter. */
static int S_rtl_word(const pdf_word *w) {
  for (size_t i = 0; i < w->len;) {
    uint32_t c;
    int used = recto_utf8_decode(w->text + i, w->len - i, &c);
    if (S_strong_r(S_bidi_class(c)))
      return 1;
    i += used > 0 ? (size_t)used : 1;
  }
  return 0;
}

/* Whether a word has a left-to-right letter. */
static int S_ltr_word(const pdf_word *w) {
  for (size_t i = 0; i < w->len;) {
    uint32_t c;
    int used = recto_utf8_decode(w->text + i, w->len - i, &c);
    if (S_bidi_class(c) == B_L)
      return 1;
    i += used > 0 ? (size_t)used : 1;
  }
  return 0;
}

/* Whether a right-to-left word lies just left of a line that starts
   (on the left) at left. */
static int S_beside_left(const pdf_word *w, float left) {
  return w->x2 <= left + 0.2f * w->size && left - w->x2 < 1.3f * w->size;
}

/* Whether a rotated word carries on the rotated line before it: turned
   the same way, beside it across the direction of writing. */
static int S_same_turn(const pdf_word *a, const pdf_word *b) {
  if (a->rotation != b->rotation)
    return 0;
  if (a->rotation % 2) /* upright columns: their x ranges overlap */
    return a->x1 < b->x2 && b->x1 < a->x2;
  return a->y1 < b->y2 && b->y1 < a->y2;
}

static int S_add(page_state *st, size_t i) {
  if (S_grow((void **)&st->order, &st->order_cap, st->norder + 1,
             sizeof *st->order))
    return -1;
  st->order[st->norder++] = (placed){st->page->words[i].x1, i};
  return 0;
}

/* ---- columns ----
 *
 * Two columns are found from the evidence of the page: a gutter, an
 * upright band near the middle of the text block that the print leaves
 * empty over most of the block's height, with lines of the body's size
 * filling both sides.  Tables, figures and equations leave gaps too, but
 * over a part of the page only, or beside short lines, or between sides
 * of unlike widths: such a page stays one column.  Words are never
 * joined across a gutter, and the lines are read column after column:
 * those across the gutter or in it (a title, an abstract, a figure over
 * both columns, the page number) cut the page into bands, each read
 * first column first (the right one on a right-to-left page), each
 * column in the order poppler gave.
 */

typedef struct gutter gutter; /* pdf.h */

/* A piece of a row of print: words side by side in poppler's order with
   gaps narrower than a gutter; its size is that of its longest word. */
typedef struct piece {
  float x1, x2, y1, y2, size;
  size_t longest;
} piece;

enum { GUTTER_BINS = 256 };

/* The side of the gutter that [x1, x2] lies on: 0 left, 1 right, -1
   across it or in it. */
static int S_side(const gutter *g, float x1, float x2) {
  float mid = (x1 + x2) / 2;
  if (x1 < g->left && x2 > g->right)
    return -1;
  return mid < g->left ? 0 : mid > g->right ? 1 : -1;
}

static int S_body_size(float size, float body) {
  return size > body * 0.9f && size < body * 1.1f;
}

/* Whether the band of g is clear: what crosses it covers half the
   height of the pieces' block or less, and no piece of two body sizes
   or more ends in it. */
static int S_clear(const piece *p, size_t n, float body, const gutter *g) {
  float y1 = p[0].y1, y2 = p[0].y2, crossed = 0;
  for (size_t i = 0; i < n; i++) {
    y1 = p[i].y1 < y1 ? p[i].y1 : y1;
    y2 = p[i].y2 > y2 ? p[i].y2 : y2;
    if (p[i].x1 < g->left && p[i].x2 > g->right)
      crossed += p[i].y2 - p[i].y1;
    else if (p[i].x2 - p[i].x1 >= 2 * body &&
             p[i].x1 < g->right - g->slack && p[i].x2 > g->left + g->slack)
      return 0;
  }
  return crossed <= 0.5f * (y2 - y1);
}

/* The widest band near the middle of the pieces' block that the fewest
   of them cross, in g; 0 when it is narrow or crossed over half the
   block's height.  Pieces shorter than two body sizes (page numbers,
   labels) are not counted as crossing. */
static int S_band(const piece *p, size_t n, float body, gutter *g) {
  float x1 = p[0].x1, x2 = p[0].x2;
  for (size_t i = 1; i < n; i++) {
    x1 = p[i].x1 < x1 ? p[i].x1 : x1;
    x2 = p[i].x2 > x2 ? p[i].x2 : x2;
  }
  float bin = (x2 - x1) / GUTTER_BINS;
  if (x2 - x1 < 10 * body)
    return 0;
  int cover[GUTTER_BINS + 1] = {0};
  for (size_t i = 0; i < n; i++) {
    if (p[i].x2 - p[i].x1 < 2 * body)
      continue;
    /* the bins whose centres the piece covers */
    float from = (p[i].x1 - x1) / bin - 0.5f, to = (p[i].x2 - x1) / bin - 0.5f;
    int a = from <= 0 ? 0 : (int)from + ((float)(int)from < from);
    int b = to < 0 ? -1 : (int)to < GUTTER_BINS ? (int)to : GUTTER_BINS - 1;
    if (a <= b) {
      cover[a]++;
      cover[b + 1]--;
    }
  }
  for (int k = 1; k < GUTTER_BINS; k++)
    cover[k] += cover[k - 1];
  int lo = GUTTER_BINS * 3 / 10, hi = GUTTER_BINS * 7 / 10;
  int least = cover[lo];
  for (int k = lo; k < hi; k++)
    least = cover[k] < least ? cover[k] : least;
  int best_a = 0, best_b = -1;
  for (int k = 0; k < GUTTER_BINS;) {
    if (cover[k] > least) {
      k++;
      continue;
    }
    int a = k;
    while (k < GUTTER_BINS && cover[k] <= least)
      k++;
    if (k - 1 >= lo && a < hi && k - 1 - a > best_b - best_a)
      best_a = a, best_b = k - 1;
  }
  g->left = x1 + (float)best_a * bin;
  g->right = x1 + (float)(best_b + 1) * bin;
  g->slack = bin;
  return g->right - g->left >= 0.6f * body && S_clear(p, n, body, g);
}

/* Whether both sides of g hold the body's lines: five rows of the
   body's size or more on each (a row: the pieces of one side beside
   each other, as a justified line's wide spaces part them), most of
   them filling their side (a table's cells are short), sides of like
   widths (a table's column of labels is narrow), and twice as many
   beside the gutter as across it.  scratch holds n floats. */
static int S_two_sides(const piece *p, size_t n, float body, const gutter *g,
                       float *scratch) {
  float extent[2];
  size_t beside = 0, across = 0;
  for (int side = 0; side < 2; side++) {
    size_t m = 0;
    float edge = side == 0 ? g->left : g->right;
    piece row = {0};
    int open = 0, body_row = 0;
    for (size_t i = 0; i <= n; i++) {
      if (i < n && S_side(g, p[i].x1, p[i].x2) != side)
        continue;
      if (i < n && open) {
        float overlap = (p[i].y2 < row.y2 ? p[i].y2 : row.y2) -
                        (p[i].y1 > row.y1 ? p[i].y1 : row.y1);
        if (overlap >= 0.3f * (p[i].y2 - p[i].y1)) {
          row.x1 = p[i].x1 < row.x1 ? p[i].x1 : row.x1;
          row.x2 = p[i].x2 > row.x2 ? p[i].x2 : row.x2;
          body_row |= S_body_size(p[i].size, body);
          continue;
        }
      }
      if (open && body_row) {
        scratch[m++] = row.x2 - row.x1;
        edge = side == 0 ? (row.x1 < edge ? row.x1 : edge)
                         : (row.x2 > edge ? row.x2 : edge);
      }
      if (i < n) {
        row = p[i];
        open = 1;
        body_row = S_body_size(p[i].size, body);
      }
    }
    if (m < 5)
      return 0;
    extent[side] = side == 0 ? g->left - edge : edge - g->right;
    qsort(scratch, m, sizeof *scratch, S_cmp_float);
    if (scratch[m / 2] < 0.6f * extent[side])
      return 0;
    beside += m;
  }
  for (size_t i = 0; i < n; i++)
    across += S_body_size(p[i].size, body) && S_side(g, p[i].x1, p[i].x2) < 0;
  float narrow = extent[0] < extent[1] ? extent[0] : extent[1];
  float wide = extent[0] < extent[1] ? extent[1] : extent[0];
  return beside >= 2 * across && narrow >= 0.5f * wide;
}

/* The gutter of the page's upright words, in g (one column when there is
   none), known the last one found in the document; 0, or -1 when memory
   ran out. */
static int S_gutter(page_state *st, const gutter *known, gutter *g) {
  const pdf_page *page = st->page;
  memset(g, 0, sizeof *g);
  piece *p = malloc((page->nwords + 1) * sizeof *p);
  if (!p)
    return -1;
  size_t n = 0, bytes = 0, rtl = 0;
  for (size_t i = 0; i < page->nwords; i++) {
    const pdf_word *w = &page->words[i];
    if (w->len == 0 || w->rotation)
      continue;
    bytes += w->len;
    rtl += S_rtl_word(w) ? w->len : 0;
    piece *c = n ? &p[n - 1] : NULL;
    if (c) {
      float overlap = (w->y2 < c->y2 ? w->y2 : c->y2) - (w->y1 > c->y1 ? w->y1 : c->y1);
      float least = w->y2 - w->y1 < c->y2 - c->y1 ? w->y2 - w->y1 : c->y2 - c->y1;
      float gap = w->x1 > c->x2 ? w->x1 - c->x2 : c->x1 > w->x2 ? c->x1 - w->x2 : 0;
      float size = w->size > c->size ? w->size : c->size;
      if (overlap >= 0.3f * least && gap < 0.7f * size) {
        c->x1 = w->x1 < c->x1 ? w->x1 : c->x1;
        c->x2 = w->x2 > c->x2 ? w->x2 : c->x2;
        c->y1 = w->y1 < c->y1 ? w->y1 : c->y1;
        c->y2 = w->y2 > c->y2 ? w->y2 : c->y2;
        if (w->len > c->longest)
          c->size = w->size, c->longest = w->len;
        continue;
      }
    }
    p[n++] = (piece){w->x1, w->x2, w->y1, w->y2, w->size, w->len};
  }
  g->rtl = rtl * 2 > bytes;
  if (S_grow((void **)&st->scratch, &st->scratch_cap, bytes + n + 1,
             sizeof *st->scratch)) {
    free(p);
    return -1;
  }
  size_t m = 0;
  for (size_t i = 0; i < page->nwords; i++)
    for (size_t b = 0; !page->words[i].rotation && b < page->words[i].len; b++)
      st->scratch[m++] = S_round_size(page->words[i].size);
  float body = S_mode(st->scratch, m);
  if (n < 10 || body <= 0 || !S_band(p, n, body, g) ||
      !S_two_sides(p, n, body, g, st->scratch)) {
    /* a page of a document set in columns whose own evidence is short
       (the last page, a page of references in a smaller size): its
       columns where the document's last gutter is clear on it, with
       print on both sides */
    g->left = g->right = 0;
    size_t sides[2] = {0, 0};
    for (size_t i = 0; known->left < known->right && i < n; i++)
      if (S_side(known, p[i].x1, p[i].x2) >= 0)
        sides[S_side(known, p[i].x1, p[i].x2)]++;
    if (sides[0] >= 2 && sides[1] >= 2 && S_clear(p, n, body, known))
      *g = (gutter){known->left, known->right, known->slack, g->rtl};
  }
  free(p);
  return 0;
}

/* Whether the gutter lies between a word and the line [left, right]
   beside it. */
static int S_across(const gutter *g, const pdf_word *w, float left,
                    float right) {
  float a = g->left + g->slack, b = g->right - g->slack;
  return g->left < g->right && ((right <= a && w->x1 >= b) ||
                                (w->x2 <= a && left >= b));
}

typedef struct ranked {
  size_t band, column, index;
  float baseline; /* on a page of one column, else 0 */
} ranked;

static int S_cmp_ranked(const void *a, const void *b) {
  const ranked *p = a, *q = b;
  if (p->band != q->band)
    return p->band < q->band ? -1 : 1;
  if (p->column != q->column)
    return p->column < q->column ? -1 : 1;
  if (p->baseline != q->baseline)
    return p->baseline < q->baseline ? -1 : 1;
  return (p->index > q->index) - (p->index < q->index);
}

/*
 * A line alone at the head or at the foot of one side, above or below
 * all the other side's lines and a blank line away from its own side's
 * next (a page number in a corner, a running head over one column),
 * stands before or after the columns, as across them: side[i] -1.
 */
static void S_lone_ends(const pt_src_line *v, size_t n, int *side) {
  for (int s = 0; s < 2; s++) {
    size_t head = n, foot = n;
    float other_top = 0, other_bottom = 0;
    int other = 0;
    for (size_t i = 0; i < n; i++) {
      const pt_layout *y = &v[i].layout;
      if (side[i] == 1 - s) {
        other_top = other++ == 0 || y->y < other_top ? y->y : other_top;
        other_bottom = y->y + y->height > other_bottom ? y->y + y->height
                                                       : other_bottom;
      } else if (side[i] == s) {
        if (head == n || y->y < v[head].layout.y)
          head = i;
        if (foot == n || y->y > v[foot].layout.y)
          foot = i;
      }
    }
    if (head == n || other == 0)
      continue;
    const pt_layout *h = &v[head].layout, *f = &v[foot].layout;
    int head_apart = h->y + h->height < other_top,
        foot_apart = f->y > other_bottom;
    for (size_t i = 0; i < n; i++) {
      const pt_layout *y = &v[i].layout;
      if (side[i] != s || i == head || i == foot)
        continue;
      head_apart &= y->y - (h->y + h->height) >= h->height;
      foot_apart &= f->y - (y->y + y->height) >= f->height;
    }
    if (head_apart)
      side[head] = -1;
    if (foot_apart)
      side[foot] = -1;
  }
}

typedef struct span {
  float top, bottom;
} span;

static int S_cmp_span(const void *a, const void *b) {
  const span *p = a, *q = b;
  return (p->top > q->top) - (p->top < q->top);
}

/* The middles of the page's empty rows, strips across both columns
   with no print three lines high or more (between the text and its
   references, each set in two columns): they cut the page as a line
   across the gutter does.  Written to cuts; spans holds n; returns how
   many. */
static size_t S_empty_rows(const pt_src_line *v, size_t n, float *cuts,
                           span *spans) {
  for (size_t i = 0; i < n; i++)
    spans[i] = (span){v[i].layout.height, 0};
  qsort(spans, n, sizeof *spans, S_cmp_span);
  float tall = n ? 3 * spans[n / 2].top : 0;
  for (size_t i = 0; i < n; i++)
    spans[i] = (span){v[i].layout.y, v[i].layout.y + v[i].layout.height};
  qsort(spans, n, sizeof *spans, S_cmp_span);
  size_t m = 0;
  float reach = n ? spans[0].bottom : 0; /* the lowest bottom so far */
  for (size_t k = 1; k < n; k++) {
    if (spans[k].top - reach >= tall)
      cuts[m++] = (spans[k].top + reach) / 2;
    reach = spans[k].bottom > reach ? spans[k].bottom : reach;
  }
  return m;
}

/* Put the lines out->v[first..] (a page's upright lines) in the order
   of its columns, or of their baselines when g is none; 0, or -1 when
   memory ran out. */
static int S_columns(pdf_lines *out, size_t first, const gutter *g) {
  size_t n = out->n - first;
  pt_src_line *v = out->v + first;
  ranked *r = malloc((n + 1) * sizeof *r);
  float *cuts = malloc((2 * n + 1) * sizeof *cuts);
  span *spans = malloc((n + 1) * sizeof *spans);
  int *side = malloc((n + 1) * sizeof *side);
  pt_src_line *lines = malloc((n + 1) * sizeof *lines);
  size_t *offs = malloc((n + 1) * sizeof *offs);
  int status = r && cuts && spans && side && lines && offs ? 0 : -1;
  size_t ncuts = 0;
  for (size_t i = 0; status == 0 && i < n; i++)
    side[i] = S_side(g, v[i].layout.x, v[i].layout.x + v[i].layout.width);
  if (status == 0)
    S_lone_ends(v, n, side);
  for (size_t i = 0; status == 0 && i < n; i++)
    if (side[i] < 0)
      cuts[ncuts++] = v[i].layout.y + v[i].layout.height / 2;
  if (status == 0)
    ncuts += S_empty_rows(v, n, cuts + ncuts, spans);
  if (status == 0)
    qsort(cuts, ncuts, sizeof *cuts, S_cmp_float);
  for (size_t i = 0; status == 0 && i < n; i++) {
    float mid = v[i].layout.y + v[i].layout.height / 2;
    size_t above = 0, below = ncuts; /* the cuts above the line's middle */
    while (above < below) {
      size_t k = above + (below - above) / 2;
      if (cuts[k] < mid)
        above = k + 1;
      else
        below = k;
    }
    r[i] = g->left >= g->right /* one column: by baselines */
               ? (ranked){0, 0, i, v[i].layout.y + v[i].layout.height}
           : side[i] < 0
               ? (ranked){2 * above + 1, 0, i, 0}
               : (ranked){2 * above, (size_t)(g->rtl ? 1 - side[i] : side[i]), i, 0};
  }
  if (status == 0) {
    qsort(r, n, sizeof *r, S_cmp_ranked);
    for (size_t i = 0; i < n; i++) {
      lines[i] = v[r[i].index];
      offs[i] = out->text_off[first + r[i].index];
    }
    memcpy(v, lines, n * sizeof *lines);
    memcpy(out->text_off + first, offs, n * sizeof *offs);
  }
  free(r);
  free(cuts);
  free(spans);
  free(side);
  free(lines);
  free(offs);
  return status;
}

/* ---- words out of order ----
 *
 * Poppler may list a word apart from the line it is printed in (a
 * note's number, an entry's label set apart in a column of labels): it
 * becomes a line of its own.  Such a short line, whose band lies mostly
 * within another line's, before that line's start on the side it reads
 * from (a few font sizes away at most) or in a gap between its words, is
 * put in that line, where its x places it.  The lines are sorted by
 * their tops once, and each short one looks only at those beside it.
 */

/* A line as first read: its words order[first..first+n), its box, its
   words' letters of each direction, the line it is put in (its own
   index when none), and the next line put in the same one. */
typedef struct group {
  size_t first, n, into, next;
  float top, bottom, left, right, size;
  size_t rtl_words, ltr_words;
  int taken; /* a line has been put in it */
} group;

/* the words of a short line; the lines a short one looks at */
enum { STRAY_WORDS = 3, STRAY_LOOK = 32 };

/* Close the line of the words order[start..] (when there are any) as a
   group with the box of g. */
static int S_close(page_state *st, group **gr, size_t *n, size_t *cap,
                   size_t start, group g) {
  if (st->norder == start)
    return 0;
  if (S_grow((void **)gr, cap, *n + 1, sizeof **gr))
    return -1;
  g.first = start;
  g.n = st->norder - start;
  g.into = *n;
  g.next = SIZE_MAX;
  for (size_t k = start; k < st->norder; k++) {
    const pdf_word *w = &st->page->words[st->order[k].i];
    g.size = w->size > g.size ? w->size : g.size;
    g.rtl_words += (size_t)S_rtl_word(w);
    g.ltr_words += (size_t)S_ltr_word(w);
  }
  (*gr)[(*n)++] = g;
  return 0;
}

/* How many of the lines v[0..n), sorted by their tops (in x), have
   their tops above y. */
static size_t S_tops_below(const placed *v, size_t n, float y) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (v[mid].x < y)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* How far the stray line s lies from where line t reads from, or -1
   when it does not lie there: before t's start, or in a gap between
   its words. */
static float S_stray_gap(const page_state *st, const group *s,
                         const group *t) {
  float slack = 0.2f * s->size;
  int reads_rtl = t->rtl_words > t->ltr_words || (st->rtl && t->rtl_words > 0);
  if (!reads_rtl && s->right <= t->left + slack)
    return s->right < t->left ? t->left - s->right : 0;
  if (reads_rtl && s->left >= t->right - slack)
    return s->left > t->right ? s->left - t->right : 0;
  if (s->left <= t->left || s->right >= t->right)
    return -1;
  for (size_t k = t->first; k < t->first + t->n; k++) {
    const pdf_word *w = &st->page->words[st->order[k].i];
    if (w->x1 < s->right - slack && w->x2 > s->left + slack)
      return -1;
  }
  return 0;
}

/* Put each short line that lies out of order in the line it belongs
   to (see above); g is the page's gutter, never crossed. */
static int S_strays(page_state *st, group *gr, size_t n, const gutter *g) {
  placed *by_top = malloc((n + 1) * sizeof *by_top); /* x: the top */
  if (!by_top)
    return -1;
  float tallest = 0;
  for (size_t i = 0; i < n; i++) {
    by_top[i] = (placed){gr[i].top, i};
    if (gr[i].bottom - gr[i].top > tallest)
      tallest = gr[i].bottom - gr[i].top;
  }
  qsort(by_top, n, sizeof *by_top, S_cmp_x);
  for (size_t i = 0; i < n; i++) {
    group *s = &gr[i];
    float h = s->bottom - s->top;
    if (s->n > STRAY_WORDS || s->taken || h <= 0)
      continue;
    /* the lines whose top lies above s's bottom, within the tallest
       line's height above s's top: the nearest STRAY_LOOK of them */
    size_t end = S_tops_below(by_top, n, s->bottom);
    size_t lo = S_tops_below(by_top, n, s->top - tallest);
    if (end > STRAY_LOOK && lo < end - STRAY_LOOK)
      lo = end - STRAY_LOOK;
    size_t best = SIZE_MAX;
    float best_gap = 0;
    pdf_word span = {.x1 = s->left, .x2 = s->right};
    for (size_t k = lo; k < end; k++) {
      const group *t = &gr[by_top[k].i];
      if (by_top[k].i == i || t->into != by_top[k].i)
        continue;
      float overlap = (s->bottom < t->bottom ? s->bottom : t->bottom) -
                      (s->top > t->top ? s->top : t->top);
      float gap = S_stray_gap(st, s, t);
      float size = s->size > t->size ? s->size : t->size;
      if (overlap < 0.6f * h || gap < 0 || gap > 6 * size ||
          S_across(g, &span, t->left, t->right))
        continue;
      if (best == SIZE_MAX || gap < best_gap)
        best = by_top[k].i, best_gap = gap;
    }
    if (best == SIZE_MAX)
      continue;
    s->into = best;
    s->next = gr[best].next;
    gr[best].next = i;
    gr[best].taken = 1;
  }
  free(by_top);
  return 0;
}

/* Emit the page's upright lines, each with the stray lines put in it,
   in the order they were read; the words are those of st->order. */
static int S_emit_groups(page_state *st, pdf_lines *out, uint32_t page_index,
                         const group *gr, size_t n) {
  placed *words = st->order;
  st->order = NULL;
  st->norder = st->order_cap = 0;
  int status = 0;
  for (size_t i = 0; i < n && status == 0; i++) {
    if (gr[i].into != i)
      continue;
    for (size_t j = i; j != SIZE_MAX && status == 0; j = gr[j].next)
      for (size_t k = gr[j].first; k < gr[j].first + gr[j].n && status == 0; k++)
        status = S_add(st, words[k].i);
    if (status == 0)
      status = S_emit(st, out, page_index, 0);
  }
  free(words);
  return status;
}

/*
 * The page in the frame of its text: the direction most of its letters
 * are printed in is made upright (a table printed up a portrait page is
 * read along its lines), and the other words turned from it.  Returns
 * page itself when it reads upright, else framed, whose words (free
 * them) are a copy; NULL when memory ran out.
 */
static const pdf_page *S_frame(const pdf_page *page, pdf_page *framed) {
  size_t chars[4] = {0, 0, 0, 0};
  for (size_t i = 0; i < page->nwords; i++)
    chars[page->words[i].rotation & 3] += page->words[i].len;
  int turn = 0;
  for (int r = 1; r < 4; r++)
    turn = chars[r] > chars[turn] ? r : turn;
  if (turn == 0)
    return page;
  *framed = *page;
  framed->words = malloc((page->nwords + 1) * sizeof *framed->words);
  if (!framed->words)
    return NULL;
  float w = page->width, h = page->height;
  if (turn % 2)
    framed->width = h, framed->height = w;
  for (size_t i = 0; i < page->nwords; i++) {
    const pdf_word *o = &page->words[i];
    pdf_word *n = &framed->words[i];
    *n = *o;
    n->rotation = (uint8_t)((o->rotation - turn) & 3);
    if (turn == 1) { /* printed down the page, tops to the right */
      n->x1 = o->y1, n->x2 = o->y2, n->y1 = w - o->x2, n->y2 = w - o->x1;
    } else if (turn == 2) { /* upside down */
      n->x1 = w - o->x2, n->x2 = w - o->x1;
      n->y1 = h - o->y2, n->y2 = h - o->y1;
    } else { /* printed up the page, tops to the left */
      n->x1 = h - o->y2, n->x2 = h - o->y1, n->y1 = o->x1, n->y2 = o->x2;
    }
  }
  return framed;
}

int pdf_lines_add_page(pdf_lines *out, const pdf_page *printed,
                       uint32_t page_index) {
  /* Text turned from the page's own direction (a stamp up the margin,
     an axis's label) becomes lines of its own after the page's. */
  pdf_page framed;
  const pdf_page *page = S_frame(printed, &framed);
  if (!page)
    return -1;
  page_state st = {0};
  st.page = page;
  int status = 0;
  gutter g = {0};
  status = S_gutter(&st, &out->gutter, &g);
  st.rtl = g.rtl;
  if (g.left < g.right)
    out->gutter = g;
  size_t first = out->n;
  group *gr = NULL;
  size_t ngr = 0, gr_cap = 0, start = 0; /* start: the open line's first word */
  float top = 0, bottom = 0, left = 0, right = 0;
  int rtl = 0; /* the current line has right-to-left letters */
  const pdf_word *prev = NULL;
  for (size_t i = 0; i < page->nwords && status == 0; i++) {
    const pdf_word *w = &page->words[i];
    if (w->len == 0 || w->rotation)
      continue;
    float h = w->y2 - w->y1;
    int joins = 0;
    if (st.norder > start) {
      float lh = bottom - top;
      float overlap = (w->y2 < bottom ? w->y2 : bottom) - (w->y1 > top ? w->y1 : top);
      float least = h < lh ? h : lh;
      /* right-to-left words may come right to left: one just left of
         a right-to-left line carries it on (or a number, a note's
         marker, a mark printed apart), and so does the left part
         of a word poppler split, whose right part comes next */
      const pdf_word *next = i + 1 < page->nwords ? w + 1 : NULL;
      int beside_left =
          rtl && !S_ltr_word(w) &&
          (S_beside_left(w, left) ||
           (next && S_rtl_word(next) && S_beside_left(next, left) &&
            next->x1 >= w->x2 - 0.2f * w->size &&
            next->x1 - w->x2 < 0.3f * w->size));
      joins = overlap >= 0.3f * least &&
              (w->x1 >= prev->x1 - 0.5f * prev->size || beside_left) &&
              !S_across(&g, w, left, right);
    }
    if (!joins) {
      status = S_close(&st, &gr, &ngr, &gr_cap, start,
                       (group){.top = top, .bottom = bottom, .left = left, .right = right});
      start = st.norder;
      top = w->y1;
      bottom = w->y2;
      left = w->x1;
      right = w->x2;
      rtl = 0;
    } else {
      if (w->y1 < top)
        top = w->y1;
      if (w->y2 > bottom)
        bottom = w->y2;
      if (w->x1 < left)
        left = w->x1;
      if (w->x2 > right)
        right = w->x2;
    }
    if (status == 0)
      status = S_add(&st, i);
    rtl |= S_rtl_word(w);
    prev = w;
  }
  if (status == 0)
    status = S_close(&st, &gr, &ngr, &gr_cap, start,
                     (group){.top = top, .bottom = bottom, .left = left, .right = right});
  if (status == 0)
    status = S_strays(&st, gr, ngr, &g);
  if (status == 0)
    status = S_emit_groups(&st, out, page_index, gr, ngr);
  free(gr);
  /* poppler's order of the blocks of a page printed turned is not the
     order they are read in: top to bottom of the page's frame */
  if (status == 0 && page != printed)
    status = S_columns(out, first, &(gutter){0, 0, 0, 0});
  if (status == 0 && g.left < g.right)
    status = S_columns(out, first, &g);
  const pdf_word *last = NULL;
  for (size_t i = 0; i < page->nwords && status == 0; i++) {
    const pdf_word *w = &page->words[i];
    if (w->len == 0 || !w->rotation)
      continue;
    if (last && !S_same_turn(last, w))
      status = S_emit(&st, out, page_index, 1);
    if (status == 0)
      status = S_add(&st, i);
    last = w;
  }
  if (status == 0)
    status = S_emit(&st, out, page_index, 1);
  free(st.order);
  free(st.cps);
  free(st.classes);
  free(st.levels);
  free(st.scratch);
  if (page != printed)
    free(framed.words);
  return status;
}

/*
 * Blank lines, as a text extraction prints them between blocks: where
 * the step from one baseline to the next is clearly wider than the
 * document's usual step between lines of its body text (measured in
 * font sizes, so that smaller notes keep their own spacing), or where
 * the next line goes back up the page (a new column) after a line that
 * ends a paragraph.
 */
static void S_blanks(pdf_lines *lines, float body, float *sizes) {
  size_t n = lines->n;
  /* the usual step between body lines, in font sizes */
  size_t m = 0;
  for (size_t i = 1; i < n; i++) {
    const pt_layout *a = &lines->v[i - 1].layout, *b = &lines->v[i].layout;
    float step = (b->y + b->height) - (a->y + a->height);
    if (lines->v[i].page == lines->v[i - 1].page && body > 0 &&
        a->size > body * 0.95f && a->size < body * 1.05f &&
        b->size > body * 0.95f && b->size < body * 1.05f && step > 0 &&
        step < 3 * body)
      sizes[m++] = step / body;
  }
  qsort(sizes, m, sizeof *sizes, S_cmp_float);
  float usual = m ? sizes[m / 2] : 1.2f;
  for (size_t i = 1; i < n; i++) {
    if (lines->v[i].page != lines->v[i - 1].page)
      continue;
    const pt_layout *a = &lines->v[i - 1].layout, *b = &lines->v[i].layout;
    float size = a->size > b->size ? a->size : b->size;
    float step = (b->y + b->height) - (a->y + a->height);
    /* back up the page: a new column, where a paragraph goes on when
       the line before reached as far as the one before it */
    int goes_on = i >= 2 && lines->v[i - 2].page == lines->v[i].page &&
                  a->width >= 0.9f * lines->v[i - 2].layout.width;
    if ((step < -0.5f * size && !goes_on) ||
        (size > 0 && step / size > usual * 1.3f))
      lines->v[i].blanks = 1;
  }
}

/* A font size and how many characters are printed in it. */
typedef struct {
  float size;
  size_t chars;
} size_count;

static int S_cmp_size_count(const void *a, const void *b) {
  return S_cmp_float(&((const size_count *)a)->size,
                     &((const size_count *)b)->size);
}

/* The body's size: the size of most characters of the document's lines
   (sorted once, so that a document of many sizes stays n log n); by is
   scratch for n entries. */
static float S_body(const pdf_lines *lines, size_count *by) {
  size_t n = lines->n;
  for (size_t i = 0; i < n; i++)
    by[i] = (size_count){S_round_size(lines->v[i].layout.size),
                         lines->v[i].len};
  qsort(by, n, sizeof *by, S_cmp_size_count);
  float body = n ? by[0].size : 0;
  size_t best = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i, chars = 0;
    for (; j < n && by[j].size == by[i].size; j++)
      chars += by[j].chars;
    if (chars > best)
      best = chars, body = by[i].size;
    i = j;
  }
  return body;
}

void pdf_lines_finish(pdf_lines *lines) {
  for (size_t i = 0; i < lines->n; i++)
    lines->v[i].text = lines->text + lines->text_off[i];
  float *sizes = malloc((lines->n + 1) * sizeof *sizes);
  size_count *by = malloc((lines->n + 1) * sizeof *by);
  if (sizes && by)
    S_blanks(lines, S_body(lines, by), sizes);
  free(by);
  free(sizes);
}

void pdf_lines_free(pdf_lines *lines) {
  free(lines->v);
  free(lines->text_off);
  free(lines->text);
  memset(lines, 0, sizeof *lines);
}
