/* tables.c: tables that the extraction flattened into lines.
 *
 * Two shapes are recognised.  A caption ("Table 2", "جدول ۲", even glued
 * as "2جدول") followed by a run of short lines - cells one per line - up
 * to a "Source:" line, the first line of running text or the page's end.
 * Or, without a caption, four or more lines in a row that each split into
 * two or more cells at tabs, pipes or wide runs of spaces.  Either way
 * the lines stay together as one TABLE_FLAT block instead of being mixed
 * into paragraphs.
 */
#include <string.h>

#include "plain.h"

static int S_has_word_number(const pt_line *l, const char *const *words) {
  const char *s = pt_c(l);
  size_t len = pt_clen(l);
  for (int w = 0; words[w]; w++) {
    size_t wl = strlen(words[w]);
    for (size_t i = 0; i + wl <= len; i++) {
      if (!pt_eq_ci(s + i, wl, words[w]))
        continue;
      /* a number right before or after (spaces allowed) */
      size_t j = i + wl;
      while (j < len && (s[j] == ' ' || s[j] == '.'))
        j++;
      size_t k = j;
      if (j < len && pt_number(s, len, &k, NULL, NULL) >= 0)
        return 1;
      size_t a = i;
      while (a > 0 && s[a - 1] == ' ')
        a--;
      if (a > 0) {
        size_t q = a;
        if (pt_digit(pt_prev(s, 0, &q)) >= 0)
          return 1;
      }
    }
  }
  return 0;
}

static int S_caption(const pt_line *l, uint32_t maxw) {
  static const char *const words[] = {"table", "tab.", "جدول", "الجدول",
                                      NULL};
  return l->width <= maxw && S_has_word_number(l, words);
}

static int S_source_line(const pt_line *l) {
  static const char *const words[] = {"source:", "sources:", "منبع:",
                                      "مأخذ:", "المصدر:", NULL};
  const char *s = pt_c(l);
  size_t len = pt_clen(l);
  for (int w = 0; words[w]; w++) {
    size_t wl = strlen(words[w]);
    if (len >= wl && pt_eq_ci(s, wl, words[w]))
      return 1;
  }
  return 0;
}

/* Cells separated by a tab, a pipe or three spaces or more. */
static int S_cells(const pt_line *l) {
  const char *s = pt_c(l);
  size_t len = pt_clen(l), cells = 1;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '\t' || s[i] == '|') {
      cells++;
      while (i + 1 < len && (s[i + 1] == '\t' || s[i + 1] == ' '))
        i++;
    } else if (s[i] == ' ' && i + 2 < len && s[i + 1] == ' ' &&
               s[i + 2] == ' ') {
      cells++;
      while (i + 1 < len && s[i + 1] == ' ')
        i++;
    }
  }
  return (int)cells;
}

static size_t S_numbers(const pt_line *l) {
  const char *s = pt_c(l);
  size_t len = pt_clen(l), n = 0, i = 0;
  while (i < len) {
    size_t k = i;
    if (pt_number(s, len, &k, NULL, NULL) >= 0) {
      n++;
      i = k;
    } else {
      pt_next(s, len, &i);
    }
  }
  return n;
}

static void S_mark(pt_ctx *p, size_t a, size_t b, int id) {
  for (size_t k = a; k <= b; k++) {
    pt_line *l = &p->lines[k];
    if (!pt_blank(l) && l->kind == PT_TEXT) {
      l->kind = PT_TABLE;
      l->aux = id;
    }
  }
  p->n.tables++;
}

void pt_tables(pt_ctx *p) {
  uint32_t shortw = p->wrapped ? p->typical * 3 / 4 : 60;
  if (shortw < 30)
    shortw = 30;
  int id = 0;
  for (size_t i = 0; i < p->nlines; i++) {
    pt_line *l = &p->lines[i];
    if (pt_blank(l) || l->kind != PT_TEXT)
      continue;
    if (S_caption(l, p->wrapped ? shortw : 90)) {
      /* cells follow, one per line, up to a source line */
      size_t last = i, rows = 0;
      int ended = 0;
      for (size_t k = i + 1; k < p->nlines && k < i + 160; k++) {
        pt_line *kl = &p->lines[k];
        if (pt_blank(kl) || kl->kind == PT_NOTE)
          continue;
        /* a page's end ends the cells: the short lines that open the
           next page are its own (a heading, a list) */
        if (kl->kind != PT_TEXT || (kl->flags & PT_F_FF) ||
            kl->blanks > p->spacing + 2)
          break;
        if (S_source_line(kl)) {
          last = k;
          ended = 1;
          break;
        }
        if (kl->width > shortw && S_numbers(kl) < 2)
          break;
        last = k;
        rows++;
      }
      if (rows >= 3 || (ended && rows >= 1)) {
        S_mark(p, i, last, id++);
        i = last;
      }
      continue;
    }
    /* captionless: a run of lines with cells */
    if (S_cells(l) < 2)
      continue;
    size_t last = i, n = 1;
    for (size_t k = i + 1; k < p->nlines; k++) {
      pt_line *kl = &p->lines[k];
      if (pt_blank(kl))
        continue;
      if (kl->kind != PT_TEXT || kl->blanks > p->spacing || S_cells(kl) < 2)
        break;
      last = k;
      n++;
    }
    if (n >= 4) {
      S_mark(p, i, last, id++);
      i = last;
    }
  }
}
