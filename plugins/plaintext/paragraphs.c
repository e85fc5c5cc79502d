/* paragraphs.c: lines back into paragraphs, and words broken by a
 * hyphen back into words.
 *
 * Two layouts.  Wrapped text (a PDF extraction: lines of about one
 * width, sometimes a blank line after each) continues on the next line
 * unless the line is short and ends a sentence; a blank run longer than
 * usual separates paragraphs.  Unwrapped text holds a paragraph per line
 * and continues only where a line plainly stops mid-sentence (no final
 * punctuation and long, an open parenthesis, a trailing comma).  Removed
 * material between two lines (a running head, the notes of a page) does
 * not separate them.
 *
 * Hyphenation is decided from the document's own vocabulary: the
 * hyphenated form seen elsewhere keeps its hyphen ("long-term"), the
 * joined form seen elsewhere drops it ("fundamental"), and a first part
 * that the text uses as a hyphenated prefix keeps it ("re-establishing"
 * next to "re-elected"); otherwise the hyphen was the line break's.
 */
#include <stdlib.h>
#include <string.h>

#include "plain.h"

/* ---- vocabulary ---- */

typedef struct pool {
  char *data;
  size_t len, cap;
} pool;

/* Lower-cased copies live in one block sized for the whole text, so the
   map's keys never move. */
static const char *S_lower(pool *pl, const char *s, size_t len) {
  if (pl->len + len + 1 > pl->cap)
    return NULL;
  char *o = pl->data + pl->len;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    o[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  o[len] = '\0';
  pl->len += len + 1;
  return o;
}

/* Latin or Cyrillic (recto_script_of's range, tested here: this runs
   for every character of the text). */
static int S_word_char(uint32_t c) {
  return pt_is_latin_letter(c) || (c >= 0x400 && c <= 0x52F);
}

static int S_ends_broken(const pt_line *l) {
  if (pt_clen(l) < 2 || l->s[l->e - 1] != '-')
    return 0;
  size_t i = l->e - 1;
  return S_word_char(pt_prev(l->s, l->b, &i));
}

static char *S_pool_block(pt_ctx *p, pool *pl) {
  pl->cap = p->len + 64;
  pl->data = recto_xcalloc(1, pl->cap);
  pl->len = 0;
  return pl->data;
}

void pt_vocab_build(pt_ctx *p) {
  pool *pl = recto_xcalloc(1, sizeof *pl);
  S_pool_block(p, pl);
  int prev_broken = 0;
  for (size_t li = 0; li < p->nlines; li++) {
    pt_line *l = &p->lines[li];
    if (pt_blank(l))
      continue;
    int broken = S_ends_broken(l);
    const char *s = l->s;
    size_t i = l->b, e = l->e;
    int first = 1;
    while (i < e) {
      size_t a = i;
      uint32_t c = pt_next(s, e, &i);
      if (!S_word_char(c))
        continue;
      /* a word, with inner hyphens and apostrophes */
      size_t z = i, dash = 0;
      while (z < e) {
        size_t k = z;
        uint32_t d = pt_next(s, e, &k);
        if (S_word_char(d)) {
          z = k;
          continue;
        }
        if ((d == '-' || d == '\'' || d == 0x2019) && k < e) {
          size_t q = k;
          if (S_word_char(pt_next(s, e, &q))) {
            if (d == '-' && !dash)
              dash = z - a;
            z = k;
            continue;
          }
        }
        break;
      }
      i = z;
      int fragment = (first && prev_broken) || (z == e - 1 && broken);
      first = 0;
      if (fragment)
        continue;
      const char *w = S_lower(pl, s + a, z - a);
      if (!w)
        continue;
      pt_map_put(&p->vocab, w, z - a)->count++;
      if (dash)
        pt_map_put(&p->prefixes, w, dash)->count++;
    }
    prev_broken = broken;
  }
  /* the keys outlive this function: the block goes with the maps */
  p->vocab_pool = pl->data;
  free(pl);
}

/* ---- hyphenation ---- */

static int S_hyphen(pt_ctx *p, const pt_line *a, const pt_line *b) {
  /* the fragment before the hyphen */
  size_t end = a->e - 1, st = end;
  while (st > a->b) {
    size_t k = st;
    if (!S_word_char(pt_prev(a->s, a->b, &k)))
      break;
    st = k;
  }
  size_t z = b->b;
  while (z < b->e) {
    size_t k = z;
    if (!S_word_char(pt_next(b->s, b->e, &k)))
      break;
    z = k;
  }
  size_t n1 = end - st, n2 = z - b->b;
  char hy[256], jo[256];
  if (!n1 || !n2 || n1 + n2 + 2 > sizeof hy)
    return PT_J_UNHYPHEN;
  for (size_t i = 0; i < n1; i++) {
    char c = a->s[st + i];
    hy[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  hy[n1] = '-';
  for (size_t i = 0; i < n2; i++) {
    char c = b->s[b->b + i];
    hy[n1 + 1 + i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  /* the joined form is the hyphenated one without its hyphen (copied, not
     written in the same loop: gcc -O3 sees a vector store overflow there) */
  memcpy(jo, hy, n1);
  memcpy(jo + n1, hy + n1 + 1, n2);
  size_t k = b->b;
  uint32_t f = pt_next(b->s, b->e, &k);
  if (pt_map_get(&p->vocab, hy, n1 + 1 + n2))
    return PT_J_HYPHEN;
  if (pt_map_get(&p->vocab, jo, n1 + n2))
    return PT_J_UNHYPHEN;
  if (pt_map_get(&p->prefixes, jo, n1) || pt_is_upper_latin(f))
    return PT_J_HYPHEN;
  return PT_J_UNHYPHEN;
}

/* ---- joins ---- */

static int S_open_paren(const pt_line *l) {
  int depth = 0;
  for (uint32_t k = l->b; k < l->e; k++) {
    char c = l->s[k];
    if (c == '(' || c == '[')
      depth++;
    else if ((c == ')' || c == ']') && depth > 0)
      depth--;
  }
  return depth > 0;
}

static int S_ends_continuing(const pt_line *l) {
  size_t i = l->e;
  uint32_t c = pt_prev(l->s, l->b, &i);
  return c == ',' || c == 0x060C || c == '-' || c == 0x2013 ||
         c == '(' || c == 0xAB /* « */;
}

static int S_join(pt_ctx *p, const pt_line *a, const pt_line *b,
                  int crossed) {
  if (b->flags & PT_F_ITEM)
    return PT_J_NEW;
  /* a line of punctuation alone (extraction debris) belongs to the
     text above it */
  if (b->flags & PT_F_NOISE)
    return PT_J_SOFT;
  size_t k = b->b;
  uint32_t first = pt_next(b->s, b->e, &k);
  int gap = !crossed && b->blanks > p->spacing;
  if (S_ends_broken(a) && S_word_char(first) &&
      (!gap || b->blanks <= p->spacing + 1))
    return p->on.hyphenation ? S_hyphen(p, a, b) : PT_J_SOFT;
  if (!crossed && b->blanks > p->spacing + 1)
    return PT_J_NEW;
  int ends = pt_line_ends_sentence(a);
  if (p->wrapped) {
    uint32_t full = p->typical * 8 / 10;
    if (gap)
      return !ends && a->width >= p->typical * 85 / 100 ? PT_J_SOFT
                                                       : PT_J_NEW;
    if (ends && a->width < full)
      return PT_J_NEW;
    return PT_J_SOFT;
  }
  if (ends)
    return PT_J_NEW;
  if (S_open_paren(a) || S_ends_continuing(a) || pt_is_lower_latin(first))
    return PT_J_SOFT;
  if (a->width > 50)
    return PT_J_SOFT;
  return PT_J_NEW;
}

void pt_paragraphs(pt_ctx *p) {
  size_t prev = (size_t)-1;
  int crossed = 0;
  for (size_t i = 0; i < p->nlines; i++) {
    pt_line *l = &p->lines[i];
    if (pt_blank(l))
      continue;
    if (l->kind == PT_FURNITURE || l->kind == PT_NOTE ||
        l->kind == PT_FRONT) {
      crossed = 1;
      continue;
    }
    if (l->kind != PT_TEXT) {
      prev = (size_t)-1;
      crossed = 0;
      continue;
    }
    int join = PT_J_NEW;
    if (prev != (size_t)-1 && p->on.paragraphs)
      join = S_join(p, &p->lines[prev], l, crossed);
    else if (prev != (size_t)-1 && S_ends_broken(&p->lines[prev]) &&
             p->on.hyphenation)
      join = S_hyphen(p, &p->lines[prev], l);
    l->join = (uint8_t)join;
    if (join == PT_J_UNHYPHEN)
      p->n.hyphen_dropped++;
    else if (join == PT_J_HYPHEN)
      p->n.hyphen_kept++;
    if (join != PT_J_NEW)
      p->n.joined++;
    prev = i;
    crossed = 0;
  }
  /* the lines of a note make one paragraph */
  for (size_t k = 0; k < p->nnotes; k++) {
    const pt_note *note = &p->notes[k];
    size_t last = (size_t)-1;
    for (size_t i = note->first; i <= note->last; i++) {
      pt_line *l = &p->lines[i];
      if (pt_blank(l) || l->kind != PT_NOTE)
        continue;
      if (last == (size_t)-1)
        l->join = PT_J_NEW;
      else if (S_ends_broken(&p->lines[last]) && p->on.hyphenation)
        l->join = (uint8_t)S_hyphen(p, &p->lines[last], l);
      else
        l->join = PT_J_SOFT;
      last = i;
    }
  }
}
