/* tables.c: tables that the extraction flattened into lines.
 *
 * Two shapes are recognised.  A caption ("Table 2", "Tabela 3.1:", "جدول
 * ۲", even glued as "2جدول" or turned as "جدول :۲"; short, or opening
 * its line with a colon or full stop after the number, when it may run
 * over two wide lines) followed by a run of short lines - cells one per
 * line - up to a "Source:" line, the first line of running text or the
 * page's end (with layout, or a line set larger than the cells); or,
 * where none follow it, preceded by such a run back to running text or
 * the page's start (a caption under its table).  Or,
 * without a caption, four or more lines in a row that each split into
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
      while (j < len && (s[j] == ' ' || s[j] == '.' || s[j] == ':'))
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

/* A line that opens with a caption's word and number and a colon or a
   full stop ("Tabela 4.2: ...", "Table 3. ...", "جدول :۲..."): a caption
   however wide; a sentence that names a table goes on without one. */
static int S_caption_start(const pt_line *l) {
  const char *s = pt_c(l);
  size_t len = pt_clen(l);
  for (int w = 0; pt_table_words[w]; w++) {
    size_t i = strlen(pt_table_words[w]);
    if (len <= i || !pt_eq_ci(s, i, pt_table_words[w]) || s[i] != ' ')
      continue;
    while (i < len && s[i] == ' ')
      i++;
    int colon = i < len && s[i] == ':';
    i += (size_t)colon;
    size_t k = i;
    if (pt_number(s, len, &k, NULL, NULL) < 0)
      return 0;
    while (k < len) { /* "4.2" */
      size_t q = k + 1;
      if (s[k] != '.' || pt_number(s, len, &q, NULL, NULL) < 0)
        break;
      k = q;
    }
    return colon || (k < len && (s[k] == ':' || s[k] == '.'));
  }
  return 0;
}

static int S_caption(const pt_line *l, uint32_t maxw) {
  return (l->width <= maxw && S_has_word_number(l, pt_table_words)) ||
         S_caption_start(l);
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

/* Does line l cite a work ("[9]", "(Smith, 2020)")?  (The numbered
   list is not read yet: any number may be an entry's.) */
static int S_cites(const pt_line *l) {
  pt_cites cs = {0};
  pt_cites_find(pt_c(l), pt_clen(l), pt_has_arabic(pt_c(l), pt_clen(l)), &cs);
  pt_cites_numeric(pt_c(l), pt_clen(l), 9999, NULL, &cs);
  size_t n = cs.n;
  pt_cites_free(&cs);
  return n > 0;
}

/* Lines a to b are a table's: one flat block.  Where a cell cites a
   work, the block would hide the citation: the lines stay text, marked
   as cells (no heading is made of them). */
static void S_mark(pt_ctx *p, size_t a, size_t b, int id) {
  int cites = 0;
  for (size_t k = a; k <= b && !cites; k++)
    cites = !pt_blank(&p->lines[k]) && p->lines[k].kind == PT_TEXT &&
            S_cites(&p->lines[k]);
  for (size_t k = a; k <= b; k++) {
    pt_line *l = &p->lines[k];
    if (pt_blank(l) || l->kind != PT_TEXT)
      continue;
    if (cites) {
      l->flags |= PT_F_CELL;
      continue;
    }
    l->kind = PT_TABLE;
    l->aux = id;
  }
  p->n.tables += !cites;
}

/* The short lines right above a caption at i, up to running text (a
   wide line, or a paragraph's last line under one), a wide gap or the
   page's start: their count, the first of them in *first. */
static size_t S_cells_above(const pt_ctx *p, size_t i, uint32_t shortw,
                            size_t *first) {
  size_t rows = 0, below = i;
  for (size_t k = i; k-- > 0 && k + 160 > i;) {
    const pt_line *kl = &p->lines[k];
    if (pt_blank(kl) || kl->kind == PT_NOTE)
      continue;
    if (kl->kind != PT_TEXT || p->lines[below].blanks > p->spacing + 2 ||
        (p->lines[below].flags & PT_F_FF) ||
        (kl->width > shortw && S_numbers(kl) < 2))
      break;
    if (pt_line_ends_sentence(kl) && k > 0) {
      size_t a = k;
      while (a > 0 && pt_blank(&p->lines[a - 1]))
        a--;
      if (a > 0 && p->lines[a - 1].width > shortw)
        break;
    }
    *first = k;
    below = k;
    rows++;
  }
  return rows;
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
      size_t last = i, rows = 0, from = i + 1, top = i;
      int ended = 0;
      float cell_size = 0;
      /* a wide caption may go on in the line under it */
      if (from < p->nlines && l->width > shortw && !pt_line_ends_sentence(l) &&
          p->lines[from].kind == PT_TEXT && !pt_blank(&p->lines[from]) &&
          !(p->lines[from].flags & PT_F_FF))
        last = from++;
      for (size_t k = from; k < p->nlines && k < i + 160; k++) {
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
        /* with layout, a line set larger than every cell above it is
           the heading after the table */
        const pt_layout *y = pt_lay(p, k);
        if (y && rows && y->size > cell_size * 1.03f)
          break;
        if (y && y->size > cell_size)
          cell_size = y->size;
        last = k;
        rows++;
      }
      if (rows >= 3 || (ended && rows >= 1)) {
        S_mark(p, i, last, id++);
        i = last;
      } else if (S_cells_above(p, i, shortw, &top) >= 3) {
        S_mark(p, top, from - 1, id++);
        i = from - 1;
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
