/* lines.c: the input as lines (CRLF, CR, LF; a form feed also ends a
   line and starts a page), their content, and the layout they share:
   usual spacing, usual width, wrapped or one paragraph per line. */
#include <stdlib.h>
#include <string.h>

#include "plain.h"

static void S_add(pt_ctx *p, size_t *cap, size_t start, size_t end,
                  uint32_t lineno, uint32_t col0, int ff) {
  p->lines = pt_grow(p->lines, cap, p->nlines + 1, sizeof *p->lines);
  pt_line *l = &p->lines[p->nlines++];
  l->s = p->text + start;
  l->len = (uint32_t)(end - start);
  l->lineno = lineno;
  l->col0 = col0;
  l->flags = ff ? PT_F_FF : 0;
  l->aux = -1;
}

/* Trim white space at both edges; count width and scripts. */
static void S_measure(pt_line *l) {
  size_t b = 0, e = l->len;
  while (b < e) {
    size_t k = b;
    if (!pt_is_space(pt_next(l->s, e, &k)))
      break;
    b = k;
  }
  while (e > b) {
    size_t k = e;
    if (!pt_is_space(pt_prev(l->s, b, &k)))
      break;
    e = k;
  }
  l->b = (uint32_t)b;
  l->e = (uint32_t)e;
  l->width = pt_width(l->s + b, e - b);
  size_t latin = 0, arabic = 0, i = b, other = 0, punct = 0;
  while (i < e) {
    unsigned char a = (unsigned char)l->s[i];
    if (a < 0x80) {
      /* ASCII, most of most lines: letters, digits, spaces, the rest */
      i++;
      if ((a | 0x20) >= 'a' && (a | 0x20) <= 'z')
        latin++;
      else if (a >= '0' && a <= '9')
        other++;
      else if (a != ' ' && a != '\t' && a != '\v')
        punct++;
      continue;
    }
    uint32_t c = pt_next(l->s, e, &i);
    if (pt_is_arabic_letter(c))
      arabic++;
    else if (pt_is_latin_letter(c))
      latin++;
    else if (pt_is_letter(c) || pt_digit(c) >= 0)
      other++;
    else if (!pt_is_space(c))
      punct++;
  }
  if (arabic > latin)
    l->flags |= PT_F_RTL;
  if (b < e && !latin && !arabic && !other && punct <= 3)
    l->flags |= PT_F_NOISE;
}

static int S_cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/* The body's font size: the size that carries the most letters (sizes
   counted to a tenth of a point; a few dozen distinct sizes at most, so
   a small table). */
static void S_body_size(pt_ctx *p) {
  enum { NSIZES = 64 };
  float size[NSIZES];
  size_t weight[NSIZES], nsizes = 0;
  for (size_t i = 0; i < p->nlines; i++) {
    const pt_layout *y = pt_lay(p, i);
    if (!y || y->size <= 0)
      continue;
    float s = (float)(int)(y->size * 10.0f + 0.5f) / 10.0f;
    size_t k = 0;
    while (k < nsizes && size[k] != s)
      k++;
    if (k == nsizes) {
      if (nsizes == NSIZES)
        continue;
      size[nsizes] = s;
      weight[nsizes++] = 0;
    }
    weight[k] += p->lines[i].width;
  }
  size_t best = 0;
  for (size_t k = 1; k < nsizes; k++)
    if (weight[k] > weight[best])
      best = k;
  p->body_size = nsizes ? size[best] : 0;
}

int pt_lay_emphasis(const pt_ctx *p, size_t i) {
  const pt_layout *y = pt_lay(p, i);
  if (!y || p->body_size <= 0 || y->size <= 0)
    return 0;
  if (y->size >= p->body_size * 1.12f || y->bold || y->smallcaps)
    return 1;
  if (y->size <= p->body_size * 0.92f)
    return -1;
  return 0;
}

/* Usual width and spacing decide how lines become paragraphs: PDF
   extractions wrap at a width (often with a blank line after every
   line); other texts hold one paragraph per line. */
static void S_layout(pt_ctx *p) {
  size_t n = 0;
  uint32_t *w = recto_xcalloc(1, (p->nlines + 1) * sizeof *w);
  size_t spacing_hist[4] = {0};
  int seen = 0;
  for (size_t i = 0; i < p->nlines; i++) {
    pt_line *l = &p->lines[i];
    if (pt_blank(l) || (l->flags & PT_F_NOISE))
      continue;
    if (l->width >= 8)
      w[n++] = l->width;
    if (seen)
      spacing_hist[l->blanks < 3 ? l->blanks : 3]++;
    seen = 1;
  }
  uint32_t median = 0, p75 = 0;
  if (n) {
    qsort(w, n, sizeof *w, S_cmp_u32);
    median = w[n / 2];
    p75 = w[n * 3 / 4];
    /* the usual full line: the upper quartile of the wrapped lines */
    size_t near = 0;
    for (size_t i = 0; i < n; i++)
      if (w[i] * 10 >= p75 * 6 && w[i] * 10 <= p75 * 13)
        near++;
    p->wrapped = p75 >= 40 && p75 <= 160 && n >= 6 && near * 10 >= n * 5;
  }
  p->typical = p75 ? p75 : median;
  size_t best = 0;
  for (int k = 1; k < 4; k++)
    if (spacing_hist[k] > spacing_hist[best])
      best = (size_t)k;
  p->spacing = (uint32_t)(best == 3 ? 1 : best);
  size_t total = spacing_hist[0] + spacing_hist[1] + spacing_hist[2] +
                 spacing_hist[3];
  p->double_spaced = p->wrapped && p->spacing >= 1 && total &&
                     spacing_hist[p->spacing] * 10 >= total * 6;
  free(w);
  S_body_size(p);
}

void pt_lines_split(pt_ctx *p) {
  size_t cap = 0, start = 0, i = 0, line_start = 0;
  uint32_t lineno = 1;
  int ff = 0;
  const char *t = p->text;
  while (i <= p->len) {
    /* line ends are all below 14: one test for most bytes */
    if (i < p->len && (unsigned char)t[i] > '\r') {
      i++;
      continue;
    }
    char c = i < p->len ? t[i] : '\n';
    if (c != '\n' && c != '\r' && c != '\f') {
      i++;
      continue;
    }
    int at_end = i >= p->len;
    uint32_t col0 = 1 + pt_width(t + line_start, start - line_start);
    if (!(c == '\f' && start == i) && !(at_end && start == i))
      S_add(p, &cap, start, i, lineno, col0, ff), ff = 0;
    if (at_end)
      break;
    if (c == '\f') {
      ff = 1;
      i++;
      start = i;
      continue;
    }
    if (c == '\r' && i + 1 < p->len && t[i + 1] == '\n')
      i++;
    i++;
    start = line_start = i;
    lineno++;
  }
  uint32_t blanks = 0;
  for (size_t k = 0; k < p->nlines; k++) {
    pt_line *l = &p->lines[k];
    S_measure(l);
    if (pt_blank(l)) {
      blanks++;
    } else {
      /* lines handed over say how far they stand from the one before */
      l->blanks = blanks + (p->src_lines ? p->src_lines[k].blanks : 0);
      blanks = 0;
    }
  }
  S_layout(p);
}

/* ---- page breaks ---- */

pt_pb *pt_pb_add(pt_ctx *p, uint32_t before) {
  p->pbs = pt_grow(p->pbs, &p->cappbs, p->npbs + 1, sizeof *p->pbs);
  pt_pb *pb = &p->pbs[p->npbs++];
  memset(pb, 0, sizeof *pb);
  pb->before = before;
  pb->seq = (uint32_t)(p->npbs - 1);
  return pb;
}

static int S_cmp_pb(const void *a, const void *b) {
  const pt_pb *x = a, *y = b;
  if (x->before != y->before)
    return x->before < y->before ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* By position; breaks at the same place keep their order of creation. */
void pt_pbs_sort(pt_ctx *p) {
  if (p->npbs > 1)
    qsort(p->pbs, p->npbs, sizeof *p->pbs, S_cmp_pb);
}

/* A form feed is a page boundary; the first line of the text needs
   none. */
void pt_pages_formfeeds(pt_ctx *p) {
  int content = 0;
  for (size_t i = 0; i < p->nlines; i++) {
    pt_line *l = &p->lines[i];
    if ((l->flags & PT_F_FF) && content) {
      pt_pb *pb = pt_pb_add(p, (uint32_t)i);
      pb->source = RECTO_PAGE_SOURCE_FORM_FEED;
    }
    if (!pt_blank(l))
      content = 1;
  }
}
