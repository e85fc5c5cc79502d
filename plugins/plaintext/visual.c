/* visual.c: right-to-left lines an extraction gave in visual order.
 *
 * Some extractions give Persian or Arabic paragraphs with the words of
 * each line in reverse order: the line reads left to right as the eye
 * sees it.  The evidence is the order of common pairs of words, which
 * the language always writes one way ("می شود", "شده است", "به عنوان"):
 * found turned round ("شود می") against found as they are.  A stop or a
 * dash at the wrong end of a line is no such evidence: extractions put
 * them there in lines whose words are in order (and a Word PDF may turn
 * the runs of a line, each run's words in order, where turning the words
 * would scramble them), so they only count against turning when they
 * stand where the logical order has them.
 *
 * A line is turned when the evidence is strong (S_ENOUGH below); the
 * others keep the extracted order.  Turning reverses the order of the
 * words; a run of Latin words and numbers inside the line keeps its own
 * order, and a word's stop moves from its start to its end, its
 * brackets mirrored.  The line keeps its bytes' count, so it is
 * rewritten in place and the positions of the lines stay right.
 */
#include <stdlib.h>
#include <string.h>

#include "plain.h"

/* Pairs in their logical order (Persian letters: ی, ک) whose reverse
   no sentence has ("شود می", "است شده"): a pair whose reverse is
   ordinary ("نظر به" for "به نظر", "این در", "از پس") is no evidence. */
static const char *const S_pairs[][2] = {
    {"می", "شود"},      {"می", "شوند"},     {"می", "کند"},
    {"می", "کنند"},     {"می", "دهد"},      {"می", "دهند"},
    {"می", "باشد"},     {"می", "باشند"},    {"می", "گیرد"},
    {"می", "رسد"},      {"می", "توان"},     {"می", "تواند"},
    {"می", "توانند"},   {"می", "آید"},      {"می", "گردد"},
    {"می", "دانند"},    {"نمی", "شود"},     {"نمی", "کند"},
    {"شده", "است"},     {"شده", "اند"},     {"کرده", "است"},
    {"داده", "است"},    {"بوده", "است"},    {"گرفته", "است"},
    {"خواهد", "شد"},    {"خواهد", "بود"},   {"است", "که"},
    {"به", "عنوان"},    {"با", "توجه"},     {"در", "حالی"},
    {"حالی", "که"},     {"قرار", "گرفت"},   {"قرار", "گرفته"},
    {"قرار", "دارد"},   {"بیش", "از"},      {"از", "سوی"},
    {"نشان", "می"},     {"این", "کشور"},    {"این", "اصلاحات"},
    {"از", "طریق"},     {"من", "خلال"},     {"إلى", "أن"},
    {"بالإضافة", "إلى"},
};

static int S_stop(uint32_t c) {
  return c == '.' || c == 0x061F || c == '!' || c == 0x060C || c == ':' ||
         c == 0x061B;
}

/* A word of Arabic-script letters only (ZWNJ and tatweel allowed), in
   the spelling of the pairs: Arabic yeh and kaf read as Persian.  A stop
   before it (where the visual order puts the stop after it) is left
   out. */
static size_t S_word(const char *s, size_t len, char *out, size_t cap) {
  size_t o = 0, i = 0;
  for (size_t q = 0; q < len && S_stop(pt_next(s, len, &q));)
    i = q;
  while (i < len) {
    uint32_t c = pt_next(s, len, &i);
    if (c == 0x200C || c == 0x0640)
      continue;
    if (!pt_is_arabic_letter(c) || o + 4 > cap)
      return 0;
    if (c == 0x064A || c == 0x0649)
      c = 0x06CC;
    else if (c == 0x0643)
      c = 0x06A9;
    o += (size_t)recto_utf8_encode(c, out + o);
  }
  out[o] = '\0';
  return o;
}

static int S_pair(const char *a, const char *b) {
  for (size_t k = 0; k < sizeof S_pairs / sizeof S_pairs[0]; k++)
    if (a[0] == S_pairs[k][0][0] && strcmp(a, S_pairs[k][0]) == 0 &&
        strcmp(b, S_pairs[k][1]) == 0)
      return 1;
  return 0;
}

/* A dash or bullet alone: "ـ", "-", "–", "•". */
static int S_bullet(const char *s, size_t len) {
  size_t i = 0;
  uint32_t c = pt_next(s, len, &i);
  return i == len && (c == 0x0640 || c == '-' || c == 0x2013 || c == 0x2022);
}

typedef struct tok {
  uint32_t a, b; /* bytes in the line */
  uint8_t rtl;   /* holds an Arabic-script letter */
} tok;

enum { S_MAXTOK = 256 };

static size_t S_tokens(const char *s, size_t len, tok *t) {
  size_t n = 0, i = 0;
  while (i < len && n < S_MAXTOK) {
    while (i < len && s[i] == ' ')
      i++;
    if (i == len)
      break;
    t[n].a = (uint32_t)i;
    t[n].rtl = 0;
    while (i < len && s[i] != ' ') {
      uint32_t c = pt_next(s, len, &i);
      if (pt_is_arabic_letter(c))
        t[n].rtl = 1;
    }
    t[n].b = (uint32_t)i;
    n++;
  }
  return i < len ? 0 : n; /* (a line of more tokens is left alone) */
}

/* Clues: word pairs turned round (c[0]) and in order (c[1]); a stop or
   an item's dash where the logical order has it (c[2]). */
static void S_clues(const char *s, const tok *t, size_t n, int *c) {
  char w[2][96];
  size_t wl[2] = {0, 0};
  c[0] = c[1] = c[2] = 0;
  for (size_t k = 0; k < n; k++) {
    size_t cur = k & 1;
    wl[cur] = t[k].rtl ? S_word(s + t[k].a, t[k].b - t[k].a, w[cur],
                                sizeof w[cur])
                       : 0;
    if (k && wl[cur] && wl[!cur]) {
      c[1] += S_pair(w[!cur], w[cur]);
      c[0] += S_pair(w[cur], w[!cur]);
    }
  }
  if (!n)
    return;
  size_t i = t[0].a;
  uint32_t first = pt_next(s, t[0].b, &i);
  i = t[n - 1].b;
  uint32_t last = pt_prev(s, t[n - 1].a, &i);
  if (S_stop(last) && t[n - 1].rtl && !S_stop(first))
    c[2]++;
  if (S_bullet(s + t[0].a, t[0].b - t[0].a) &&
      !(S_bullet(s + t[n - 1].a, t[n - 1].b - t[n - 1].a) && t[0].rtl))
    c[2]++;
}

static uint8_t S_mirror(uint8_t c) {
  switch (c) {
  case '(': return ')';
  case ')': return '(';
  case '[': return ']';
  case ']': return '[';
  default: return c;
  }
}

/* Write the line's words in reverse order into out (as many bytes, the
   spaces left over at the end); the bytes of the words. */
static size_t S_turn(const char *s, size_t len, const tok *t, size_t n,
                   char *out) {
  size_t o = 0;
  for (size_t k = n; k > 0;) {
    /* a run of words without Arabic letters keeps its order */
    size_t hi = k, lo = k - 1;
    if (!t[lo].rtl)
      while (lo > 0 && !t[lo - 1].rtl)
        lo--;
    k = lo;
    if (o)
      out[o++] = ' ';
    if (!t[lo].rtl) {
      memcpy(out + o, s + t[lo].a, t[hi - 1].b - t[lo].a);
      o += t[hi - 1].b - t[lo].a;
      continue;
    }
    /* ".word" is "word." */
    size_t a = t[lo].a, b = t[lo].b, q = a;
    while (q < b) {
      size_t r = q;
      if (!S_stop(pt_next(s, b, &r)))
        break;
      q = r;
    }
    for (size_t x = q; x < b; x++)
      out[o++] = (char)S_mirror((uint8_t)s[x]);
    memcpy(out + o, s + a, q - a);
    o += q - a;
  }
  /* the spaces the words no longer need (runs of several) end it */
  size_t used = o;
  while (o < len)
    out[o++] = ' ';
  return used;
}

/* The clues of line l (S_clues), or 0 when it is no right-to-left line
   of words. */
static int S_line_clues(const pt_line *l, tok *t, int *c) {
  memset(c, 0, 3 * sizeof *c);
  if (pt_blank(l) || !(l->flags & PT_F_RTL))
    return 0;
  size_t n = S_tokens(pt_c(l), pt_clen(l), t);
  if (n < 3)
    return 0;
  S_clues(pt_c(l), t, n, c);
  return 1;
}

/* The extraction turns whole paragraphs, but it also puts a line's stop
   or dash at the wrong end and leaves its words in order: only word
   pairs say the words are turned.  A line is turned when it has a pair
   turned round, none in order and no stop or dash where the logical
   order has it, and the right-to-left lines around it (two on each
   side, on its page) bring the pairs turned round to two or more,
   three times those in order. */
enum { S_AROUND = 2, S_ENOUGH = 2 };

void pt_visual_order(pt_ctx *p) {
  tok *t = recto_xmalloc(S_MAXTOK * sizeof *t);
  int (*c)[3] = recto_xcalloc(p->nlines + 1, sizeof *c);
  uint32_t *rtl = recto_xcalloc(p->nlines + 1, sizeof *rtl); /* their lines */
  size_t nrtl = 0;
  for (size_t i = 0; i < p->nlines; i++)
    if (S_line_clues(&p->lines[i], t, c[nrtl]))
      rtl[nrtl++] = (uint32_t)i;
  char *buf = NULL;
  size_t cap = 0;
  for (size_t k = 0; k < nrtl; k++) {
    if (c[k][0] < 1 || c[k][1] > 0 || c[k][2] > 0)
      continue;
    int v = 0, g = 0;
    for (size_t j = k > S_AROUND ? k - S_AROUND : 0;
         j < nrtl && j <= k + S_AROUND; j++) {
      int same_page = 1;
      for (size_t x = (j < k ? rtl[j] : rtl[k]) + 1;
           x <= (j < k ? rtl[k] : rtl[j]) && same_page; x++)
        same_page = !(p->lines[x].flags & PT_F_FF);
      if (same_page)
        v += c[j][0], g += c[j][1];
    }
    if (v < S_ENOUGH || 3 * g > v)
      continue;
    pt_line *l = &p->lines[rtl[k]];
    if (!p->normalized) { /* the input is read-only: work on a copy */
      p->normalized = recto_xmalloc(p->len + 1);
      memcpy(p->normalized, p->text, p->len);
      p->normalized[p->len] = '\0';
      for (size_t q = 0; q < p->nlines; q++)
        p->lines[q].s = p->normalized + (p->lines[q].s - p->text);
      p->text = p->normalized;
    }
    const char *s = pt_c(l);
    size_t len = pt_clen(l), n = S_tokens(s, len, t);
    buf = pt_grow(buf, &cap, len, 1);
    size_t used = S_turn(s, len, t, n, buf);
    memcpy(p->normalized + (s - p->text), buf, len);
    l->e = l->b + (uint32_t)used;
    l->width -= (uint32_t)(len - used);
    p->n.visual++;
  }
  free(buf);
  free(rtl);
  free(c);
  free(t);
}
