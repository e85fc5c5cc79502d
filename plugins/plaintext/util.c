/* util.c: characters, numbers, words and small containers for the
   plain-text reader. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plain.h"

void *pt_grow(void *v, size_t *cap, size_t need, size_t size) {
  if (need <= *cap)
    return v;
  size_t c = *cap ? *cap : 16;
  while (c < need)
    c *= 2;
  void *n = recto_xrealloc(v, c * size);
  memset((char *)n + *cap * size, 0, (c - *cap) * size);
  *cap = c;
  return n;
}

/* ---- code points ---- */

uint32_t pt_next_slow(const char *s, size_t len, size_t *i) {
  const unsigned char *u = (const unsigned char *)s + *i;
  /* three bytes (ZWNJ in Persian, dashes, quotes) without the library */
  if (u[0] >= 0xE0 && u[0] <= 0xEF && *i + 2 < len && (u[1] & 0xC0) == 0x80 &&
      (u[2] & 0xC0) == 0x80) {
    uint32_t v = (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 |
                 (u[2] & 0x3F);
    if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) {
      *i += 3;
      return v;
    }
  }
  uint32_t cp;
  int n = recto_utf8_decode(s + *i, len - *i, &cp);
  *i += n > 0 ? (size_t)n : 1;
  return cp;
}

uint32_t pt_prev(const char *s, size_t start, size_t *i) {
  size_t j = *i;
  if (j <= start)
    return 0;
  j--;
  while (j > start && ((unsigned char)s[j] & 0xC0) == 0x80 && *i - j < 4)
    j--;
  size_t k = j;
  uint32_t cp = pt_next(s, *i, &k);
  *i = j;
  return cp;
}

int pt_is_lower_latin(uint32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7);
}

int pt_is_upper_latin(uint32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

int pt_is_letter_slow(uint32_t c) {
  return recto_script_of(c) != RECTO_SCRIPT_OTHER;
}

int pt_is_final_punct(uint32_t c) {
  return c == '.' || c == '!' || c == '?' || c == 0x061F /* ؟ */ ||
         c == 0x2026 || c == 0x06D4 /* ۔ */ || c == 0x3002;
}

int pt_is_closing(uint32_t c) {
  return c == ')' || c == ']' || c == '}' || c == '"' || c == '\'' ||
         c == 0xBB /* » */ || c == 0x201D || c == 0x2019 || c == 0x203A;
}

int pt_is_dash(uint32_t c) {
  return c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2012 ||
         c == 0x2013 || c == 0x2014 || c == 0x2212;
}

/* Any Arabic-script letter in s: the visual-order rules apply. */
int pt_has_arabic(const char *s, size_t len) {
  for (size_t i = 0; i < len;)
    if (pt_is_arabic_letter(pt_next(s, len, &i)))
      return 1;
  return 0;
}

/* ---- numbers ---- */

static int S_system(uint32_t c) {
  if (c >= '0' && c <= '9')
    return 0;
  if (c >= 0x0660 && c <= 0x0669)
    return 1;
  if (c >= 0x06F0 && c <= 0x06F9)
    return 2;
  return -1;
}

long pt_number(const char *s, size_t len, size_t *i, int *ndigits,
               int *system) {
  size_t j = *i;
  long v = 0;
  int n = 0, sys = -1;
  while (j < len) {
    size_t k = j;
    uint32_t c = pt_next(s, len, &k);
    int d = pt_digit(c);
    if (d < 0)
      break;
    int cs = S_system(c);
    if (sys >= 0 && cs != sys)
      break;
    sys = cs;
    if (n < 9)
      v = v * 10 + d;
    n++;
    j = k;
  }
  if (!n)
    return -1;
  *i = j;
  if (ndigits)
    *ndigits = n;
  if (system)
    *system = sys;
  return v;
}

char *pt_format_number(recto_doc *doc, long value, int system) {
  char ascii[24];
  snprintf(ascii, sizeof ascii, "%ld", value);
  if (system <= 0)
    return recto_strdup(doc, ascii);
  char out[24 * 2 + 1];
  size_t o = 0;
  uint32_t zero = system == 1 ? 0x0660 : 0x06F0;
  for (const char *c = ascii; *c; c++)
    o += (size_t)recto_utf8_encode(zero + (uint32_t)(*c - '0'), out + o);
  return recto_strndup(doc, out, o);
}

/* ---- words ---- */

uint32_t pt_width(const char *s, size_t len) {
  uint32_t n = 0;
  for (size_t i = 0; i < len; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      n++;
  return n;
}

/* Words: space-separated tokens holding a letter or a digit (a lone
   dash or bullet is not a word).  Counting stops past max: callers only
   compare with a small bound. */
size_t pt_words(const char *s, size_t len, size_t max) {
  size_t n = 0, i = 0;
  int in = 0, counted = 0;
  while (i < len && n <= max) {
    unsigned char b = (unsigned char)s[i];
    uint32_t c = b < 0x80 ? (i++, b) : pt_next(s, len, &i);
    if (pt_is_space(c)) {
      in = 0;
      continue;
    }
    if (!in)
      counted = 0;
    in = 1;
    if (!counted && (pt_is_letter(c) || pt_digit(c) >= 0)) {
      n++;
      counted = 1;
    }
  }
  return n;
}

char *pt_collapse(recto_doc *doc, const char *s, size_t len) {
  char *out = recto_alloc(doc, len + 1);
  size_t o = 0, i = 0;
  int space = 0;
  while (i < len) {
    size_t k = i;
    uint32_t c = pt_next(s, len, &k);
    if (pt_is_space(c)) {
      space = o > 0;
    } else {
      if (space)
        out[o++] = ' ';
      space = 0;
      memcpy(out + o, s + i, k - i);
      o += k - i;
    }
    i = k;
  }
  out[o] = '\0';
  return out;
}

int pt_find_url(const char *s, size_t len, size_t *i, size_t *a, size_t *b) {
  for (size_t j = *i; j + 7 < len; j++) {
    /* "ht" or "ww" before any comparison: 'h' is a common letter */
    if (!(s[j] == 'h' && s[j + 1] == 't') && !(s[j] == 'w' && s[j + 1] == 'w'))
      continue;
    size_t k;
    if (j + 8 <= len && memcmp(s + j, "https://", 8) == 0)
      k = j + 8;
    else if (memcmp(s + j, "http://", 7) == 0)
      k = j + 7;
    else if (j + 4 <= len && memcmp(s + j, "www.", 4) == 0 &&
             (j == 0 || s[j - 1] == ' ' || s[j - 1] == '('))
      k = j + 4;
    else
      continue;
    /* a URL runs to white space or to a character URLs do not hold */
    while (k < len) {
      unsigned char c = (unsigned char)s[k];
      if (c <= ' ' || c >= 0x80 || c == '"' || c == '<' || c == '>' ||
          c == '(' || c == ')')
        break;
      /* another URL glued on: stop before it */
      if (k > j + 8 && c == 'h' && k + 7 <= len &&
          (memcmp(s + k, "http://", 7) == 0 ||
           (k + 8 <= len && memcmp(s + k, "https://", 8) == 0)))
        break;
      k++;
    }
    /* trailing punctuation belongs to the sentence */
    while (k > j && strchr(".,;:!?'", s[k - 1]))
      k--;
    if (k <= j + 8)
      continue;
    *a = j;
    *b = k;
    *i = k;
    return 1;
  }
  return 0;
}

/* ---- lines ---- */

/* Whether a line ends a sentence: final punctuation at its end (closing
   quotes and brackets skipped), or - right-to-left text extracted in
   visual order - at its start. */
/* The last character of a line, a note marker after a full stop
   ("hands.2", "»۱۲۳") skipped; *i is left before it. */
static uint32_t S_last(const pt_line *l, size_t *i) {
  *i = l->e;
  uint32_t c = pt_prev(l->s, l->b, i);
  size_t k = *i;
  uint32_t d = c;
  int digits = 0;
  while (pt_digit(d) >= 0 && k > l->b && digits < 3) {
    d = pt_prev(l->s, l->b, &k);
    digits++;
  }
  if (digits && digits < 4 && (pt_is_final_punct(d) || pt_is_closing(d))) {
    *i = k;
    return d;
  }
  return c;
}

/* A line that ends on a word that joins it to more ("and", "of", "و",
   "از", "في"): a phrase the next line or cell goes on with, not a
   title of its own. */
int pt_ends_open(const char *s, size_t len) {
  static const char *const words[] = {
      "and", "or", "of", "the", "a", "an", "to", "in", "for", "with", "by",
      "on", "from", "at", "و", "یا", "از", "به", "در", "با", "که", "را",
      "برای", "این", "بر", "تا", "أو", "في", "من", "على", "إلى", "عن",
      NULL};
  while (len && s[len - 1] == ' ')
    len--;
  size_t w = len;
  while (w && s[w - 1] != ' ')
    w--;
  for (int k = 0; words[k]; k++)
    if (pt_eq_ci(s + w, len - w, words[k]))
      return 1;
  return 0;
}

/* A right-to-left text: more of its lines are right-to-left than hold
   Latin letters (lines of figures, formulas and tables count for
   neither). */
int pt_rtl_text(const pt_ctx *p) {
  size_t rtl = 0, ltr = 0;
  for (size_t i = 0; i < p->nlines; i++) {
    const pt_line *l = &p->lines[i];
    if (pt_blank(l))
      continue;
    if (l->flags & PT_F_RTL) {
      rtl++;
      continue;
    }
    for (size_t q = 0; q < pt_clen(l);)
      if (pt_is_latin_letter(pt_next(pt_c(l), pt_clen(l), &q))) {
        ltr++;
        break;
      }
  }
  return rtl > ltr;
}

int pt_line_ends_sentence(const pt_line *l) {
  if (pt_blank(l))
    return 0;
  size_t i;
  uint32_t c = S_last(l, &i);
  while (pt_is_closing(c) && i > l->b) {
    size_t k = i;
    uint32_t d = pt_prev(l->s, l->b, &k);
    if (!pt_is_final_punct(d) && !pt_is_closing(d))
      break;
    c = d;
    i = k;
  }
  if (pt_is_final_punct(c) || c == ':' || c == 0x061B || c == ';')
    return 1;
  /* right-to-left text extracted in visual order keeps its final
     punctuation at the start of the line */
  if (l->flags & PT_F_RTL) {
    size_t k = l->b;
    uint32_t f = pt_next(l->s, l->e, &k);
    return pt_is_final_punct(f) || f == ':' || f == 0x061B;
  }
  return 0;
}

/* Whether a line ends with punctuation a heading would not have. */
int pt_line_has_final(const pt_line *l) {
  size_t i;
  uint32_t c = S_last(l, &i);
  if (pt_is_final_punct(c) || c == ',' || c == 0x060C || c == ';' ||
      c == 0x061B)
    return 1;
  if (l->flags & PT_F_RTL) {
    size_t k = l->b;
    uint32_t f = pt_next(l->s, l->e, &k);
    if (pt_is_final_punct(f) || f == 0x061B || f == 0x060C || f == ',' ||
        f == ':')
      return 1;
  }
  return 0;
}

/* ---- positions ---- */

/* Columns count code points from the start of the line.  A long line
   (a whole paragraph, or a whole file on one line) gets a table of the
   column every PT_COLSTEP bytes, so that positions for many nodes on it
   cost no more than the bytes near each. */
#define PT_COLSTEP 256

recto_pos pt_line_pos(pt_ctx *p, const pt_line *l, uint32_t off) {
  recto_pos pos;
  pos.line = l->lineno;
  pos.offset = (uint64_t)(l->s - p->text) + off;
  if (off > l->len)
    off = l->len;
  if (l->len <= 4 * PT_COLSTEP) {
    pos.column = l->col0 + pt_width(l->s, off);
    return pos;
  }
  if (p->colcache_line != l) {
    size_t n = l->len / PT_COLSTEP + 1;
    p->colcache = pt_grow(p->colcache, &p->colcache_cap, n,
                          sizeof *p->colcache);
    uint32_t w = 0;
    for (size_t k = 0; k < n; k++) {
      p->colcache[k] = w;
      size_t a = k * PT_COLSTEP, b = a + PT_COLSTEP;
      if (b > l->len)
        b = l->len;
      if (a < b)
        w += pt_width(l->s + a, b - a);
    }
    p->colcache_line = l;
  }
  size_t k = off / PT_COLSTEP;
  pos.column = l->col0 + p->colcache[k] +
               pt_width(l->s + k * PT_COLSTEP, off - k * PT_COLSTEP);
  return pos;
}

/* ---- the map ---- */

static uint32_t S_hash(const char *s, size_t len) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < len; i++) {
    h ^= (unsigned char)s[i];
    h *= 16777619u;
  }
  return h ? h : 1;
}

static pt_slot *S_find(const pt_map *m, const char *key, size_t len,
                       uint32_t h) {
  size_t mask = m->cap - 1, i = h & mask;
  for (;;) {
    pt_slot *s = &m->slots[i];
    if (!s->key || (s->hash == h && s->len == len &&
                    memcmp(s->key, key, len) == 0))
      return s;
    i = (i + 1) & mask;
  }
}

pt_slot *pt_map_get(const pt_map *m, const char *key, size_t len) {
  if (!m->cap)
    return NULL;
  pt_slot *s = S_find(m, key, len, S_hash(key, len));
  return s->key ? s : NULL;
}

pt_slot *pt_map_put(pt_map *m, const char *key, size_t len) {
  if ((m->count + 1) * 2 > m->cap) {
    pt_map old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->slots = recto_xcalloc(1, m->cap * sizeof *m->slots);
    m->count = 0;
    for (size_t i = 0; i < old.cap; i++)
      if (old.slots[i].key) {
        pt_slot *s = S_find(m, old.slots[i].key, old.slots[i].len,
                            old.slots[i].hash);
        *s = old.slots[i];
        m->count++;
      }
    free(old.slots);
  }
  uint32_t h = S_hash(key, len);
  pt_slot *s = S_find(m, key, len, h);
  if (!s->key) {
    s->key = key;
    s->len = (uint32_t)len;
    s->hash = h;
    m->count++;
  }
  return s;
}

void pt_map_free(pt_map *m) {
  free(m->slots);
  m->slots = NULL;
  m->cap = m->count = 0;
}
