/* paragraphs.c: lines back into paragraphs, verse kept in its lines,
 * and words broken by a hyphen back into words.
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

/* The last line of a list item (in_item: a is the item's line or one
   joined to it) runs on into b only where it plainly stops mid-sentence
   (a trailing comma or joining word, an open parenthesis, b in lower
   case) or, in wrapped text, fills the line (then the usual rules
   decide); a short item line is the item's end, whatever its
   punctuation (items seldom end a sentence), so that the paragraph
   after a list is not taken into its last item. */
static int S_item_goes_on(const pt_ctx *p, const pt_line *a,
                          const pt_line *b) {
  size_t k = b->b;
  uint32_t first = pt_next(b->s, b->e, &k);
  if (S_open_paren(a) || S_ends_continuing(a) ||
      pt_ends_open(pt_c(a), pt_clen(a)) || pt_is_lower_latin(first))
    return 1;
  return p->wrapped && a->width >= p->typical * 8 / 10;
}

static int S_join(pt_ctx *p, const pt_line *a, const pt_line *b,
                  int crossed, int in_item) {
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
  if (in_item && !S_item_goes_on(p, a, b))
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

/* ---- verse ---- */

/* A line that may be a verse or a hemistich: a few words of letters,
   well short of the wrapping width but not a label's length, no
   sentence break inside (". " or, in visual order, " ."), no list
   marker at either end. */
static int S_verse_line(const pt_ctx *p, const pt_line *l) {
  if (l->kind != PT_TEXT || (l->flags & (PT_F_ITEM | PT_F_NOISE)) ||
      l->width * 100 > p->typical * 72 || l->width * 100 < p->typical * 20 ||
      pt_words(pt_c(l), pt_clen(l), 3) < 3)
    return 0;
  size_t q = l->b, z = l->e;
  uint32_t first = pt_next(l->s, l->e, &q), last = pt_prev(l->s, l->b, &z);
  if (pt_digit(first) >= 0 || pt_is_dash(first) || pt_is_dash(last) ||
      first == 0x2022 || last == 0x2022 || first == 0x0640 || last == 0x0640)
    return 0;
  size_t letters = 0, other = 0;
  uint32_t prev = 0;
  for (size_t i = l->b; i < l->e;) {
    uint32_t c = pt_next(l->s, l->e, &i);
    if (pt_is_letter(c))
      letters++;
    else if (!pt_is_space(c))
      other++;
    if (pt_is_final_punct(c) && i < l->e &&
        (l->s[i] == ' ' || (prev == ' ' && i > l->b + 2)))
      return 0;
    prev = c;
  }
  return letters >= other * 4;
}

/* Prose set in a narrow column has short lines too: its lines run on
   (the next begins in lower case) and only its last ends a sentence. */
static int S_not_prose(const pt_ctx *p, const size_t *run, size_t n) {
  size_t ends = 0;
  for (size_t k = 0; k < n; k++) {
    const pt_line *l = &p->lines[run[k]];
    size_t q = l->b;
    if (k && pt_is_lower_latin(pt_next(l->s, l->e, &q)))
      return 0;
    if (k + 1 < n)
      ends += pt_line_has_final(l) != 0;
  }
  return ends > 0 || !pt_line_has_final(&p->lines[run[n - 1]]);
}

/* Verse in wrapped text: four lines or more in a row (a stanza), each
   a short complete unit, of lengths alike.  Joined, they would make one paragraph of many verses; their
   lines are kept (PT_F_VERSE) as a line block, and none of them is
   taken for a heading.  Before the headings. */
void pt_verse(pt_ctx *p) {
  size_t run[256], n = 0;
  uint32_t lo = 0, hi = 0;
  for (size_t i = 0; i <= p->nlines; i++) {
    const pt_line *l = i < p->nlines ? &p->lines[i] : NULL;
    if (l && (pt_blank(l) || l->kind == PT_FURNITURE ||
              l->kind == PT_NOTE || l->kind == PT_FRONT))
      continue;
    int verse = l && n < 256 && S_verse_line(p, l) &&
                (!n || l->blanks <= p->spacing);
    if (verse) {
      uint32_t w = l->width;
      if (!n || w < lo)
        lo = w;
      if (!n || w > hi)
        hi = w;
      run[n++] = i;
      continue;
    }
    if (n >= 4 && hi <= lo * 5 / 2 && S_not_prose(p, run, n))
      for (size_t k = 0; k < n; k++)
        p->lines[run[k]].flags |= PT_F_VERSE;
    n = 0;
    if (l && S_verse_line(p, l)) {
      run[n++] = i;
      lo = hi = l->width;
    }
  }
}

void pt_paragraphs(pt_ctx *p) {
  size_t prev = (size_t)-1;
  int crossed = 0, in_item = 0;
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
      in_item = 0;
      continue;
    }
    int join = PT_J_NEW;
    if (l->flags & PT_F_VERSE)
      ; /* a verse is a line of its own */
    else if (prev != (size_t)-1 && p->on.paragraphs)
      join = S_join(p, &p->lines[prev], l, crossed, in_item);
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
    in_item = (l->flags & PT_F_ITEM) || (in_item && join != PT_J_NEW);
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
