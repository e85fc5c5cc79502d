/* lists.c: bullet and numbered list items.
 *
 * Bullets: "-", "–", "ـ", "•", "*" (and a few like them) followed by a
 * space.  Numbers: Latin, Arabic-Indic or Persian digits followed by
 * ".", ")" or "-" ("۱-"), or in parentheses.  Right-to-left text
 * extracted in visual order may carry its "ـ" bullet at the end of the
 * line instead.  A dash line inside an open parenthesis continues the
 * sentence ("(Assembly of People\n- APK)"), and a numbered line is an
 * item only when its neighbour in the sequence is there too.  Where an
 * item ends is decided with the paragraphs.
 */
#include <stdlib.h>
#include <string.h>

#include "plain.h"

static int S_bullet(uint32_t c) {
  return c == '-' || c == 0x2013 || c == 0x2014 || c == 0x0640 ||
         c == 0x2022 || c == '*' || c == 0x25CF || c == 0x25AA ||
         c == 0x25E6 || c == 0x2023 || c == 0x2043;
}

/* Parentheses left open at the end of a line. */
static int S_open_paren(const pt_line *l) {
  int depth = 0;
  for (uint32_t k = l->b; k < l->e; k++) {
    if (l->s[k] == '(')
      depth++;
    else if (l->s[k] == ')' && depth > 0)
      depth--;
  }
  return depth > 0;
}

static int S_item(const pt_line *l, pt_item *it) {
  const char *s = l->s;
  size_t b = l->b, e = l->e, k = b;
  memset(it, 0, sizeof *it);
  uint32_t c = pt_next(s, e, &k);
  if (S_bullet(c) && k < e && (s[k] == ' ' || s[k] == '\t')) {
    size_t k2 = k;
    if (c == '*' && s[e - 1] == '*')
      return 0;
    if (pt_is_dash(c)) {
      size_t q = b;
      pt_next(s, e, &q);
      if (q < e && pt_is_dash((unsigned char)s[q]))
        return 0;
    }
    while (k2 < e && (s[k2] == ' ' || s[k2] == '\t'))
      k2++;
    if (k2 >= e)
      return 0;
    it->kind = RECTO_LIST_BULLET;
    it->cut_b = (uint32_t)(k2 - b);
    return 1;
  }
  /* numbered */
  k = b;
  int paren = 0;
  if (s[k] == '(') {
    paren = 1;
    k++;
  }
  int nd, sys;
  long v = pt_number(s, e, &k, &nd, &sys);
  if (v >= 0 && nd <= 3 && k < e) {
    recto_list_delim delim;
    if (paren) {
      if (s[k] != ')')
        return 0;
      delim = RECTO_LIST_DELIM_TWO_PARENS;
    } else if (s[k] == '.') {
      delim = RECTO_LIST_DELIM_PERIOD;
    } else if (s[k] == ')') {
      delim = RECTO_LIST_DELIM_PAREN;
    } else if (s[k] == '-') {
      delim = RECTO_LIST_DELIM_DASH;
    } else {
      return 0;
    }
    k++;
    if (k >= e || !(s[k] == ' ' || s[k] == '\t'))
      return 0;
    while (k < e && (s[k] == ' ' || s[k] == '\t'))
      k++;
    size_t q = k;
    if (k >= e || pt_digit(pt_next(s, e, &q)) >= 0)
      return 0;
    it->kind = RECTO_LIST_ORDERED;
    it->number = (int)v;
    it->delim = delim;
    it->style = sys == 1   ? RECTO_LIST_STYLE_ARABIC_INDIC
                : sys == 2 ? RECTO_LIST_STYLE_PERSIAN
                           : RECTO_LIST_STYLE_DECIMAL;
    it->cut_b = (uint32_t)(k - b);
    return 1;
  }
  /* visual order: "... text ـ" (a tatweel never ends a logical line) */
  {
    size_t j = e;
    uint32_t last = pt_prev(s, b, &j);
    if (last == 0x0640 && j > b) {
      size_t q = j;
      uint32_t before = pt_prev(s, b, &q);
      if (pt_is_arabic_letter(before) || pt_is_space(before)) {
        while (j > b && pt_is_space((unsigned char)s[j - 1]))
          j--;
        it->kind = RECTO_LIST_BULLET;
        it->cut_e = (uint32_t)(e - j);
        return 1;
      }
    }
  }
  return 0;
}

pt_item *pt_item_at(pt_ctx *p, uint32_t i) {
  size_t lo = 0, hi = p->nitems;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (p->items[mid].line < i)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < p->nitems && p->items[lo].line == i ? &p->items[lo] : NULL;
}

void pt_lists(pt_ctx *p) {
  size_t prev = (size_t)-1;
  for (size_t i = 0; i < p->nlines; i++) {
    pt_line *l = &p->lines[i];
    if (pt_blank(l))
      continue;
    if (l->kind != PT_TEXT) {
      if (l->kind != PT_FURNITURE && l->kind != PT_NOTE)
        prev = (size_t)-1;
      continue;
    }
    pt_item it;
    int ok = S_item(l, &it);
    /* "(Assembly of People of Kazakhstan\n- APK)": not an item */
    if (ok && prev != (size_t)-1 && l->blanks <= p->spacing &&
        S_open_paren(&p->lines[prev]))
      ok = 0;
    prev = i;
    if (!ok)
      continue;
    it.line = (uint32_t)i;
    p->items = pt_grow(p->items, &p->capitems, p->nitems + 1,
                       sizeof *p->items);
    p->items[p->nitems++] = it;
  }
  /* a numbered item needs its neighbour in the sequence */
  unsigned char *keep = recto_xcalloc(1, p->nitems + 1);
  for (size_t k = 0; k < p->nitems; k++) {
    const pt_item *it = &p->items[k];
    keep[k] = 1;
    if (it->kind != RECTO_LIST_ORDERED)
      continue;
    const pt_item *nx = k + 1 < p->nitems ? &p->items[k + 1] : NULL;
    const pt_item *pv = k > 0 ? &p->items[k - 1] : NULL;
    keep[k] = (nx && nx->kind == RECTO_LIST_ORDERED &&
               nx->number == it->number + 1 && nx->delim == it->delim) ||
              (pv && pv->kind == RECTO_LIST_ORDERED &&
               pv->number == it->number - 1 && pv->delim == it->delim);
  }
  size_t w = 0;
  for (size_t k = 0; k < p->nitems; k++)
    if (keep[k])
      p->items[w++] = p->items[k];
  p->nitems = w;
  free(keep);
  for (size_t k = 0; k < p->nitems; k++)
    p->lines[p->items[k].line].flags |= PT_F_ITEM;
  p->n.items = p->nitems;
}
