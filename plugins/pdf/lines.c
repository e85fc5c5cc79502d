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

/* Visual order to logical order for one line; k and lv are scratch of
   n bytes each. */
static void S_logical(uint32_t *cps, size_t n, uint8_t *k, uint8_t *lv) {
  size_t nl = 0, nr = 0;
  for (size_t i = 0; i < n; i++) {
    k[i] = (uint8_t)S_bidi_class(cps[i]);
    nl += k[i] == B_L;
    nr += S_strong_r(k[i]);
  }
  if (nr == 0)
    return;
  /* the paragraph's direction: what most strong letters are (a PDF line
     is a piece of a paragraph, so its first letter may mislead) */
  int para = nr > nl ? B_R : B_L;
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
} page_state;

static int S_cmp_float(const void *a, const void *b) {
  float x = *(const float *)a, y = *(const float *)b;
  return (x > y) - (x < y);
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

static uint32_t S_sup_digit(uint32_t d) {
  static const uint32_t sup[] = {0x2070, 0x00B9, 0x00B2, 0x00B3, 0x2074,
                                 0x2075, 0x2076, 0x2077, 0x2078, 0x2079};
  return sup[d - '0'];
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
      st->scratch[m++] = (float)(int)(w[st->order[k].i].size * 10.0f + 0.5f) / 10.0f;
  qsort(st->scratch, m, sizeof(float), S_cmp_float);
  float size = m ? st->scratch[0] : 0;
  size_t run = 0, best = 0;
  for (size_t i = 0; i < m; i++) {
    run = i > 0 && st->scratch[i] == st->scratch[i - 1] ? run + 1 : 1;
    if (run > best)
      best = run, size = st->scratch[i];
  }
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
  S_logical(st->cps, st->ncps, st->classes, st->levels);

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

int pdf_lines_add_page(pdf_lines *out, const pdf_page *page,
                       uint32_t page_index) {
  page_state st = {0};
  st.page = page;
  int status = 0;
  /* Text turned against a page that mostly reads upright (a stamp up the
     margin) becomes lines of its own after the page's; a page printed
     turned as a whole (a landscape table) is read as it comes. */
  size_t turned = 0, all = 0;
  for (size_t i = 0; i < page->nwords; i++) {
    all += page->words[i].len;
    turned += page->words[i].rotation ? page->words[i].len : 0;
  }
  int aside = turned * 3 < all;
  float top = 0, bottom = 0, left = 0;
  int rtl = 0; /* the current line has right-to-left letters */
  const pdf_word *prev = NULL;
  for (size_t i = 0; i < page->nwords && status == 0; i++) {
    const pdf_word *w = &page->words[i];
    if (w->len == 0 || (aside && w->rotation))
      continue;
    float h = w->y2 - w->y1;
    int joins = 0;
    if (st.norder > 0) {
      float lh = bottom - top;
      float overlap = (w->y2 < bottom ? w->y2 : bottom) - (w->y1 > top ? w->y1 : top);
      float least = h < lh ? h : lh;
      /* right-to-left words may come right to left: one just left of
         a right-to-left line carries it on, and so does the left part
         of a word poppler split, whose right part comes next */
      const pdf_word *next = i + 1 < page->nwords ? w + 1 : NULL;
      int beside_left =
          rtl && S_rtl_word(w) &&
          (S_beside_left(w, left) ||
           (next && S_rtl_word(next) && S_beside_left(next, left) &&
            next->x1 >= w->x2 - 0.2f * w->size &&
            next->x1 - w->x2 < 0.3f * w->size));
      joins = overlap >= 0.3f * least &&
              (w->x1 >= prev->x1 - 0.5f * prev->size || beside_left);
    }
    if (!joins) {
      status = S_emit(&st, out, page_index, 0);
      top = w->y1;
      bottom = w->y2;
      left = w->x1;
      rtl = 0;
    } else {
      if (w->y1 < top)
        top = w->y1;
      if (w->y2 > bottom)
        bottom = w->y2;
      if (w->x1 < left)
        left = w->x1;
    }
    if (status == 0)
      status = S_add(&st, i);
    rtl |= S_rtl_word(w);
    prev = w;
  }
  if (status == 0)
    status = S_emit(&st, out, page_index, 0);
  const pdf_word *last = NULL;
  for (size_t i = 0; aside && turned && i < page->nwords && status == 0; i++) {
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
  return status;
}

/*
 * Blank lines, as a text extraction prints them between blocks: where
 * the step from one baseline to the next is clearly wider than the
 * document's usual step between lines of its body text (measured in
 * font sizes, so that smaller notes keep their own spacing), or where
 * the next line goes back up the page (a new column).
 */
static void S_blanks(pdf_lines *lines) {
  size_t n = lines->n;
  float *sizes = malloc((n + 1) * sizeof *sizes);
  if (!sizes)
    return;
  /* the body's size: the size of most characters */
  for (size_t i = 0; i < n; i++)
    sizes[i] = (float)(int)(lines->v[i].layout.size * 10.0f + 0.5f) / 10.0f;
  qsort(sizes, n, sizeof *sizes, S_cmp_float);
  float body = n ? sizes[0] : 0;
  size_t best = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i, chars = 0;
    while (j < n && sizes[j] == sizes[i])
      j++;
    for (size_t k = 0; k < n; k++)
      if ((float)(int)(lines->v[k].layout.size * 10.0f + 0.5f) / 10.0f == sizes[i])
        chars += lines->v[k].len;
    if (chars > best)
      best = chars, body = sizes[i];
    i = j;
  }
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
  free(sizes);
  for (size_t i = 1; i < n; i++) {
    if (lines->v[i].page != lines->v[i - 1].page)
      continue;
    const pt_layout *a = &lines->v[i - 1].layout, *b = &lines->v[i].layout;
    float size = a->size > b->size ? a->size : b->size;
    float step = (b->y + b->height) - (a->y + a->height);
    if (step < -0.5f * size || (size > 0 && step / size > usual * 1.3f))
      lines->v[i].blanks = 1;
  }
}

void pdf_lines_finish(pdf_lines *lines) {
  for (size_t i = 0; i < lines->n; i++)
    lines->v[i].text = lines->text + lines->text_off[i];
  S_blanks(lines);
}

void pdf_lines_free(pdf_lines *lines) {
  free(lines->v);
  free(lines->text_off);
  free(lines->text);
  memset(lines, 0, sizeof *lines);
}
