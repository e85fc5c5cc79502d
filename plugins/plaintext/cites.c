/* cites.c: author-year citations in running text.
 *
 *   (Umarov, 2022)            one item
 *   (Kursiv Media Kazakhstan, 2022; the Library of Congress, 2022)
 *   (Odihr 3, 2022)           a numbered document of one author
 *   (Smith 2020a, p. 33)      suffix letter and locator
 *   Author (2009)             narrative
 *   (نام، ۱۳۹۹)               Persian/Arabic script: a comma is required
 *   نام و همکاران (۱۳۹۹)      narrative in Arabic script: no capitals
 *                             mark the name, so only with an entry of
 *                             that author and year in the bibliography
 *
 * Right-to-left text extracted in visual order loses the opening
 * parenthesis of Latin citations ("... Kazakhstan, 2022; the Library of
 * Congress, 2022.)"): a closing parenthesis after a year whose Latin run
 * has no opening one starts the citation at the run's first letter.
 * Each group becomes one citation whose text is exactly the source's;
 * each cited work one item.
 */
#include <stdlib.h>
#include <string.h>

#include "plain.h"

void pt_cites_free(pt_cites *c) {
  free(c->v);
  free(c->items);
  memset(c, 0, sizeof *c);
}

/* A year: 4 digits, 1500..2099, or 1300..1499 (Solar Hijri, Hijri) when
   written in Persian or Arabic-Indic digits or in Arabic-script text;
   an optional letter after it ("2020a"). */
static int S_year(const char *s, size_t a, size_t b, size_t *end,
                  int arabic_ctx, char suffix[4]) {
  size_t i = a;
  int nd, sys;
  long v = pt_number(s, b, &i, &nd, &sys);
  if (v < 0 || nd != 4)
    return 0;
  if (!(v >= 1500 && v <= 2099) &&
      !(v >= 1300 && v < 1500 && (sys > 0 || arabic_ctx)))
    return 0;
  suffix[0] = '\0';
  if (i < b && s[i] >= 'a' && s[i] <= 'f' &&
      (i + 1 >= b || !((s[i + 1] >= 'a' && s[i + 1] <= 'z') ||
                       (s[i + 1] >= 'A' && s[i + 1] <= 'Z')))) {
    suffix[0] = s[i];
    suffix[1] = '\0';
    i++;
  }
  if (i < b) {
    size_t k = i;
    uint32_t c = pt_next(s, b, &k);
    if (pt_is_letter(c) || pt_digit(c) >= 0)
      return 0;
  }
  *end = i;
  return (int)v;
}

static int S_trim_char(uint32_t c) {
  return pt_is_space(c) || c == '.' || c == ',' || c == 0x060C ||
         c == ':' || c == ';' || c == 0x061B;
}

static void S_trim(const char *s, size_t *a, size_t *b) {
  while (*a < *b) {
    size_t k = *a;
    if (!S_trim_char(pt_next(s, *b, &k)))
      break;
    *a = k;
  }
  while (*b > *a) {
    size_t k = *b;
    if (!S_trim_char(pt_prev(s, *a, &k)))
      break;
    *b = k;
  }
}

/* Words that may start an item before the author. */
static size_t S_prefix(const char *s, size_t a, size_t b) {
  static const char *const words[] = {"see also ", "see ", "cf. ", "e.g. ",
                                      "e.g., ", "i.e. ", "نک: ", "نک. ",
                                      "ر.ک: ", "رک: ", "انظر: ", "انظر ",
                                      NULL};
  for (int w = 0; words[w]; w++) {
    size_t n = strlen(words[w]);
    if (b - a > n && pt_eq_ci(s + a, n, words[w]))
      return n;
  }
  return 0;
}

/* An author: letters (one script), spaces, a few marks, a trailing
   document number ("Odihr 3"); Latin names start upper case ("the
   Library of Congress" too). */
static int S_author(const char *s, size_t a, size_t b, int lower_ok,
                    int *arabic) {
  if (a >= b || b - a > 160)
    return 0;
  size_t i = a, words = 1, latin = 0, arab = 0, digits_run = 0;
  uint32_t first = pt_next(s, b, &i);
  while (i < b && (first == 0x2026 || first == '.'))
    first = pt_next(s, b, &i);
  i = a;
  if (pt_digit(first) >= 0)
    return 0;
  while (i < b) {
    uint32_t c = pt_next(s, b, &i);
    if (pt_is_space(c)) {
      words++;
      continue;
    }
    if (pt_is_latin_letter(c)) {
      if (digits_run)
        return 0;
      latin++;
    } else if (pt_is_arabic_letter(c) || c == 0x200C) {
      if (digits_run)
        return 0;
      arab++;
    } else if (pt_digit(c) >= 0) {
      digits_run++;
    } else if (!(c == '.' || c == '&' || c == '-' || c == '\'' ||
                 c == 0x2019 || c == 0x2026 || c == ',' || c == 0x060C)) {
      return 0;
    }
  }
  if ((latin && arab) || (!latin && !arab) || words > 10 || digits_run > 2)
    return 0;
  *arabic = arab > 0;
  if (latin) {
    /* in right-to-left text a Latin group with a year is a citation even
       when its first word is damaged */
    if (pt_is_upper_latin(first))
      return 1;
    if (lower_ok && latin >= 3) {
      /* "retrieved on January 15, 2023)" is the tail of a citation, not
         an author */
      static const char *const tails[] = {"retrieved", "accessed",
                                          "available", "online", "from",
                                          "in", "on", "at", "see", NULL};
      size_t w = a;
      while (w < b && s[w] != ' ')
        w++;
      for (int k = 0; tails[k]; k++)
        if (pt_eq_ci(s + a, w - a, tails[k]))
          return 0;
      return 1;
    }
    static const char *const lower[] = {"the ", "van ", "von ", "de ",
                                        "al-", "el-", "du ", "da ", NULL};
    for (int k = 0; lower[k]; k++)
      if (b - a > strlen(lower[k]) &&
          pt_eq_ci(s + a, strlen(lower[k]), lower[k]))
        return 1;
    return 0;
  }
  return words <= 5;
}

/* One item of a group: [a, b).  Fills it; returns 1 with a year, 2
   without one (an author alone), 0 if it is no citation item. */
static int S_item(const char *s, size_t a, size_t b, int rtl,
                  pt_cite_item *it) {
  memset(it, 0, sizeof *it);
  S_trim(s, &a, &b);
  if (a >= b)
    return 0;
  a += S_prefix(s, a, b);
  it->ra = (uint32_t)a;
  it->rb = (uint32_t)b;
  /* the year: the last one in the item */
  size_t ystart = 0, yend = 0;
  int year = 0;
  char suffix[4] = "";
  for (size_t i = a; i < b;) {
    size_t k = i;
    uint32_t c = pt_next(s, b, &k);
    if (pt_digit(c) >= 0) {
      size_t q = i, pk = i;
      uint32_t before = pt_prev(s, a, &pk);
      char sfx[4];
      size_t e;
      int y = (i == a || pt_is_space(before) || before == ',' ||
               before == 0x060C || before == '(')
                  ? S_year(s, i, b, &e, rtl, sfx)
                  : 0;
      if (y) {
        year = y;
        ystart = i;
        yend = e;
        memcpy(suffix, sfx, sizeof suffix);
        i = e;
        continue;
      }
      pt_number(s, b, &q, NULL, NULL);
      i = q > i ? q : k;
      continue;
    }
    i = k;
  }
  size_t aa = a, ab = year ? ystart : b;
  S_trim(s, &aa, &ab);
  /* "et al." belongs to the author; a comma before the year is usual */
  int arabic = 0;
  if (!S_author(s, aa, ab, rtl, &arabic))
    return 0;
  if (year && arabic) {
    /* Arabic-script items need "name، year" */
    size_t k = ystart;
    while (k > a && pt_is_space((unsigned char)s[k - 1]))
      k--;
    size_t q = k;
    uint32_t c = k > a ? pt_prev(s, a, &q) : 0;
    if (c != 0x060C && c != ',')
      return 0;
  }
  it->a = (uint32_t)aa;
  it->b = (uint32_t)ab;
  if (!year)
    return 2;
  it->year = year;
  memcpy(it->suffix, suffix, sizeof it->suffix);
  /* locator: ", p. 33", ": 21", "، ص ۱۲" */
  size_t la = yend, lb = b;
  S_trim(s, &la, &lb);
  static const char *const labels[] = {"pp. ", "p. ", "pp ", "p ", "ص ",
                                       "صص ", NULL};
  for (int k = 0; labels[k]; k++) {
    size_t n = strlen(labels[k]);
    if (lb - la > n && pt_eq_ci(s + la, n, labels[k])) {
      la += n;
      break;
    }
  }
  it->la = (uint32_t)la;
  it->lb = (uint32_t)lb;
  return 1;
}

static pt_cite *S_add(pt_cites *out, size_t start, size_t end,
                      recto_cite_mode mode) {
  out->v = pt_grow(out->v, &out->cap, out->n + 1, sizeof *out->v);
  pt_cite *c = &out->v[out->n++];
  c->start = (uint32_t)start;
  c->end = (uint32_t)end;
  c->mode = mode;
  c->first_item = (uint32_t)out->nitems;
  c->nitems = 0;
  c->needs_entry = 0;
  return c;
}

static void S_add_item(pt_cites *out, pt_cite *c, const pt_cite_item *it) {
  out->items = pt_grow(out->items, &out->capitems, out->nitems + 1,
                       sizeof *out->items);
  out->items[out->nitems++] = *it;
  c->nitems++;
}

/* A one-item citation [start, end) citing author [a, b) for year. */
static pt_cite_item *S_single(pt_cites *out, size_t start, size_t end,
                              recto_cite_mode mode, size_t a, size_t b,
                              int year, const char sfx[4]) {
  pt_cite *c = S_add(out, start, end, mode);
  pt_cite_item it;
  memset(&it, 0, sizeof it);
  it.a = (uint32_t)a;
  it.b = (uint32_t)b;
  it.ra = (uint32_t)start;
  it.rb = (uint32_t)end;
  it.year = year;
  it.mode = mode;
  memcpy(it.suffix, sfx, sizeof it.suffix);
  S_add_item(out, c, &it);
  return &out->items[out->nitems - 1];
}

/* A group "a; b; c" in [a, b): the items, if at least one has a year. */
static int S_group(const char *s, size_t a, size_t b, int rtl,
                   pt_cite_item *items, size_t max, size_t *n) {
  size_t k = 0, start = a;
  int years = 0;
  for (size_t i = a; i <= b; i++) {
    size_t sep = 0;
    if (i == b)
      sep = 1;
    else if (s[i] == ';')
      sep = 1;
    else if (i + 1 < b && (unsigned char)s[i] == 0xD8 &&
             (unsigned char)s[i + 1] == 0x9B) /* ؛ */
      sep = 2;
    if (!sep)
      continue;
    if (k == max)
      return 0;
    int r = S_item(s, start, i, rtl, &items[k]);
    if (!r)
      return 0;
    years += r == 1;
    k++;
    start = i + sep;
    i = start - 1;
  }
  *n = k;
  return years > 0;
}

/* Whether [a, b) overlaps one of v[from..to) (sorted, disjoint).  Indices,
   not v + from: v is NULL while there is none. */
static int S_overlaps(const pt_cite *v, size_t from, size_t to, size_t a,
                      size_t b) {
  size_t lo = from, hi = to;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (v[mid].end <= a)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < to && v[lo].start < b;
}

static int S_cmp_cite(const void *x, const void *y) {
  const pt_cite *a = x, *b = y;
  return a->start < b->start ? -1 : a->start > b->start;
}

/* Narrative: up to four capitalised words (with "and", "&", "et al.")
   right before "(year)". */
static size_t S_narrative_author(const char *s, size_t open) {
  size_t i = open;
  while (i > 0 && s[i - 1] == ' ')
    i--;
  size_t start = i;
  int words = 0;
  while (i > 0 && words < 5) {
    size_t e = i, w = i;
    while (w > 0) {
      size_t k = w;
      uint32_t c = pt_prev(s, 0, &k);
      if (!(pt_is_latin_letter(c) || c == '.' || c == '-' || c == '\''))
        break;
      w = k;
    }
    if (w == e)
      break;
    size_t k = w;
    uint32_t f = pt_next(s, e, &k);
    int connector = pt_eq_ci(s + w, e - w, "and") ||
                    pt_eq_ci(s + w, e - w, "et") ||
                    pt_eq_ci(s + w, e - w, "al.");
    if (!pt_is_upper_latin(f) && !connector)
      break;
    if (connector && words == 0)
      break;
    start = w;
    words++;
    i = w;
    while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '&'))
      i--;
  }
  /* a connector cannot start the name */
  while (start < open && (pt_eq_ci(s + start, 3, "and") ||
                          pt_eq_ci(s + start, 2, "et"))) {
    while (start < open && s[start] != ' ')
      start++;
    while (start < open && s[start] == ' ')
      start++;
  }
  return words ? start : open;
}

/* The Arabic-script word (ZWNJ inside) that ends at *e once the spaces
   before *e are skipped (*e moves back over them): its start, *e when
   there is none. */
static size_t S_arabic_word_before(const char *s, size_t *e) {
  while (*e > 0 && s[*e - 1] == ' ')
    (*e)--;
  size_t w = *e;
  while (w > 0) {
    size_t k = w;
    uint32_t c = pt_prev(s, 0, &k);
    if (!pt_is_arabic_letter(c) && c != 0x200C)
      break;
    w = k;
  }
  return w;
}

/* Narrative in Arabic script, before "(" at open: "نام (۱۳۹۹)",
   "نام و همکاران (۱۳۹۹)", "نام و نام (۱۳۹۹)", "نام وآخرون (۲۰۱۹)".  The
   first author's name in [*a, *b); the citation starts at *a.  0 when
   there is no Arabic-script word before. */
static int S_narrative_arabic(const char *s, size_t open, size_t *a,
                              size_t *b) {
  static const char *const others[] = {"همکاران", "همکارانش", "دیگران",
                                       "آخرون", "وآخرون", "زملاؤه",
                                       "وزملاؤه", NULL};
  size_t e = open, w = S_arabic_word_before(s, &e);
  if (w == e)
    return 0;
  int etal = 0;
  for (int k = 0; others[k]; k++)
    etal |= pt_eq_ci(s + w, e - w, others[k]);
  /* "و" before the last word: co-authors, the first of them named;
     "نام وآخرون": the name right before */
  size_t ve = w, vw = S_arabic_word_before(s, &ve);
  int co = ve - vw == 2 && pt_eq_ci(s + vw, 2, "و");
  if (co || etal) {
    size_t fe = co ? vw : w, fw = S_arabic_word_before(s, &fe);
    if (fw < fe) {
      *a = fw;
      *b = fe;
      return 1;
    }
    if (etal)
      return 0;
  }
  *a = w;
  *b = e;
  return 1;
}

void pt_cites_confirm(pt_ctx *p, const char *s, pt_cites *cs) {
  size_t w = 0;
  for (size_t k = 0; k < cs->n; k++) {
    const pt_cite *c = &cs->v[k];
    if (c->needs_entry) {
      const pt_cite_item *it = &cs->items[c->first_item];
      if (!pt_biblio_lookup(p, s + it->a, it->b - it->a, it->year))
        continue;
    }
    cs->v[w++] = *c;
  }
  cs->n = w;
}

/* Visual-order right-to-left lines can break "(Wood, 2022)." into
   " ,Wood)" at the end of one line and "2022 .)" on the next: the first
   run names the author (comma first, closing parenthesis last), the year
   follows in the next Latin-looking context.  The citation is the author
   run; the year comes from where it stands. */
static int S_latin_year_after(const char *s, size_t len, size_t from,
                              char suffix[4]) {
  for (size_t i = from; i < len && i < from + 400; i++) {
    if (s[i] < '0' || s[i] > '9' || (i > 0 && s[i - 1] >= '0' &&
                                     s[i - 1] <= '9'))
      continue;
    size_t e;
    int y = S_year(s, i, len, &e, 0, suffix);
    if (!y)
      continue;
    /* "(2022", "2022 .)", "2022.", ", 2023)" - not "هدف، 2022 سال" */
    char before = i > 0 ? s[i - 1] : ' ';
    size_t k = e;
    while (k < len && s[k] == ' ')
      k++;
    char after = k < len ? s[k] : '.';
    if (before == '(' || before == ',' || after == '.' || after == ')' ||
        (before == ' ' && i > 1 && s[i - 2] == ','))
      return y;
  }
  return 0;
}

static void S_split_visual(const char *s, size_t len, pt_cites *out,
                           size_t first_pass) {
  size_t n0 = out->n;
  for (size_t j = 0; j < len; j++) {
    if (s[j] != ')')
      continue;
    /* back over the author run to its comma */
    size_t st = j;
    while (st > 0 && j - st < 200) {
      size_t q = st;
      uint32_t c = pt_prev(s, 0, &q);
      if (!(pt_is_latin_letter(c) || c == ' ' || c == '.' || c == 0x2026 ||
            c == '-' || c == '&' || (c >= '0' && c <= '9')))
        break;
      st = q;
    }
    if (st == 0 || s[st - 1] != ',')
      continue;
    size_t comma = st - 1;
    size_t a = st, b = j;
    while (a < b && (s[a] == ' ' || s[a] == '.'))
      a++;
    while (b > a && s[b - 1] == ' ')
      b--;
    int arabic;
    if (a >= b || !S_author(s, a, b, 0, &arabic) || arabic)
      continue;
    if (S_overlaps(out->v, 0, first_pass, comma, j + 1) ||
        S_overlaps(out->v, first_pass, n0, comma, j + 1))
      continue;
    char sfx[4];
    int y = S_latin_year_after(s, len, j + 1, sfx);
    if (!y)
      continue;
    S_single(out, comma, j + 1, RECTO_CITE_NORMAL, a, b, y, sfx);
  }
}

/* "NAME (YEAR) در ..." ("NAME (YEAR) in ...") extracted in visual order
   comes out as "( در YEAR) NAME" or "( در کتابYEARNAME )". */
static void S_narrative_visual(const char *s, size_t len, pt_cites *out) {
  size_t n0 = out->n;
  for (size_t i = 0; i + 6 < len; i++) {
    if (s[i] != '(')
      continue;
    size_t k = i + 1;
    while (k < len && s[k] == ' ')
      k++;
    /* "در" */
    if (k + 4 > len || memcmp(s + k, "\xD8\xAF\xD8\xB1", 4) != 0)
      continue;
    size_t close = k;
    while (close < len && close - i < 80 && s[close] != ')' &&
           s[close] != '(')
      close++;
    if (close >= len || s[close] != ')')
      continue;
    /* the year in the parentheses */
    size_t ya = k, ye = 0;
    int year = 0;
    char sfx[4];
    while (ya < close) {
      size_t q = ya;
      uint32_t c = pt_next(s, close, &q);
      if (pt_digit(c) >= 0) {
        year = S_year(s, ya, close, &ye, 1, sfx);
        if (!year) {
          /* glued to a name: "2009ساگار" */
          size_t z = ya;
          int nd;
          long v = pt_number(s, close, &z, &nd, NULL);
          if (nd == 4 && v >= 1300 && v <= 2099) {
            year = (int)v;
            ye = z;
            sfx[0] = '\0';
          }
        }
        break;
      }
      ya = q;
    }
    if (!year)
      continue;
    /* the name: glued after the year inside, or right after ")" */
    size_t na = ye, nb = ye;
    while (nb < close) {
      size_t q = nb;
      if (!pt_is_arabic_letter(pt_next(s, close, &q)))
        break;
      nb = q;
    }
    size_t end = close + 1;
    if (nb == na) {
      na = close + 1;
      while (na < len && s[na] == ' ')
        na++;
      nb = na;
      while (nb < len) {
        size_t q = nb;
        uint32_t c = pt_next(s, len, &q);
        if (!pt_is_arabic_letter(c) && c != 0x200C)
          break;
        nb = q;
      }
      end = nb;
    }
    if (nb <= na)
      continue;
    if (S_overlaps(out->v, 0, n0, i, end))
      continue;
    S_single(out, i, end, RECTO_CITE_AUTHOR_IN_TEXT, na, nb, year, sfx);
    i = end - 1;
  }
}

void pt_cites_find(const char *s, size_t len, int rtl,
                   pt_cites *out) {
  pt_cite_item items[24];
  for (size_t i = 0; i < len; i++) {
    if (s[i] != '(')
      continue;
    size_t j = i + 1;
    while (j < len && j - i < 400 && s[j] != ')' && s[j] != '(')
      j++;
    if (j >= len || s[j] != ')')
      continue;
    size_t n = 0;
    if (S_group(s, i + 1, j, rtl, items, 24, &n)) {
      pt_cite *c = S_add(out, i, j + 1, RECTO_CITE_NORMAL);
      for (size_t k = 0; k < n; k++)
        S_add_item(out, c, &items[k]);
      i = j;
      continue;
    }
    /* "(2009)": narrative, author before */
    size_t a = i + 1, b = j;
    S_trim(s, &a, &b);
    size_t ye;
    char sfx[4];
    int y = S_year(s, a, b, &ye, rtl, sfx);
    if (!y)
      continue;
    size_t au = S_narrative_author(s, i), ae = i, aa = 0, ab = 0;
    int arabic = au >= i && S_narrative_arabic(s, i, &aa, &ab);
    if (au >= i && !arabic)
      continue;
    if (arabic)
      au = aa;
    while (ae > au && s[ae - 1] == ' ')
      ae--;
    if (S_overlaps(out->v, 0, out->n, au, j + 1))
      continue;
    pt_cite_item *it = S_single(out, au, j + 1, RECTO_CITE_AUTHOR_IN_TEXT,
                                au, arabic ? ab : ae, y, sfx);
    out->v[out->n - 1].needs_entry = arabic;
    size_t la = ye, lb = b;
    S_trim(s, &la, &lb);
    it->la = (uint32_t)la;
    it->lb = (uint32_t)lb;
    i = j;
  }
  if (!rtl)
    return;
  /* visual-order right-to-left text: "Name, 2022)" without "(" */
  size_t first_pass = out->n;
  for (size_t j = 0; j < len; j++) {
    if (s[j] != ')' || S_overlaps(out->v, 0, first_pass, j, j + 1))
      continue;
    size_t k = j;
    while (k > 0 && (s[k - 1] == '.' || s[k - 1] == ' '))
      k--;
    if (k < 4 || pt_digit((unsigned char)s[k - 1]) < 0)
      continue;
    /* back over the Latin run */
    size_t st = k;
    int paren = 0;
    while (st > 0 && k - st < 300) {
      size_t q = st;
      uint32_t c = pt_prev(s, 0, &q);
      if (pt_is_arabic_letter(c) || c == ')' || c == 0xAB || c == 0xBB) {
        break;
      }
      if (c == '(') {
        paren = 1;
        break;
      }
      st = q;
    }
    if (paren)
      continue;
    while (st < k) {
      size_t q = st;
      if (pt_is_latin_letter(pt_next(s, k, &q)))
        break;
      st = q;
    }
    if (st >= k || S_overlaps(out->v, 0, first_pass, st, j + 1) ||
        S_overlaps(out->v, first_pass, out->n, st, j + 1))
      continue;
    size_t n = 0;
    if (!S_group(s, st, j, 1, items, 24, &n))
      continue;
    pt_cite *c = S_add(out, st, j + 1, RECTO_CITE_NORMAL);
    for (size_t q = 0; q < n; q++)
      S_add_item(out, c, &items[q]);
  }
  S_split_visual(s, len, out, first_pass);
  S_narrative_visual(s, len, out);
  /* keep them in text order */
  if (out->n > 1)
    qsort(out->v, out->n, sizeof *out->v, S_cmp_cite);
}

/* ---- numeric citations ---- */

/* The numbers of "3, 5, 7-9" in s[a..b) (any digits; "-", "–", "—" make
   a range) as items, each from 1 to max; 0 when anything else is there
   or a number is out of range. */
static size_t S_numbers(const char *s, size_t a, size_t b, uint32_t max,
                        uint32_t *out, size_t cap) {
  size_t n = 0, i = a;
  long from = 0;
  while (i < b) {
    size_t k = i;
    uint32_t c = pt_next(s, b, &k);
    if (c == ' ' || c == '\n' || c == ',' || c == ';') {
      if (from && c != ' ' && c != '\n')
        return 0;
      i = k;
      continue;
    }
    if (pt_is_dash(c) && n && !from) {
      from = (long)out[n - 1];
      i = k;
      continue;
    }
    int nd, sys;
    size_t d0 = i;
    long v = pt_number(s, b, &i, &nd, &sys);
    if (i == d0 || v < 1 || (uint32_t)v > max)
      return 0;
    if (from) {
      if (v <= from || v - from > 30)
        return 0;
      for (long q = from + 1; q <= v && n < cap; q++)
        out[n++] = (uint32_t)q;
      from = 0;
    } else if (n < cap) {
      out[n++] = (uint32_t)v;
    }
  }
  return from ? 0 : n;
}

/* Right-to-left text in visual order turns "[1]." into "] .[1" or
   "[.]1": both brackets before the numbers, nothing but a space or the
   punctuation after the citation between them (". , : ;" and the Arabic
   comma and semicolon).  At s[i] (a bracket): the numbers' bytes
   [*a, *b) when the shape is that. */
static int S_visual_brackets(const char *s, size_t len, size_t i, size_t *a,
                             size_t *b) {
  char other = s[i] == ']' ? '[' : ']';
  size_t j = i + 1;
  for (int n = 0; n < 3 && j < len && s[j] != other; n++) {
    if (s[j] == ' ' || s[j] == '.' || s[j] == ',' || s[j] == ':' ||
        s[j] == ';')
      j++;
    else if (j + 1 < len && (unsigned char)s[j] == 0xD8 &&
             ((unsigned char)s[j + 1] == 0x8C ||
              (unsigned char)s[j + 1] == 0x9B)) /* Arabic comma, semicolon */
      j += 2;
    else
      return 0;
  }
  if (j >= len || s[j] != other)
    return 0;
  size_t e = ++j;
  while (e < len) {
    size_t k = e;
    uint32_t c = pt_next(s, len, &k);
    if (pt_digit(c) < 0 && c != ',' && c != ' ' && c != '-')
      break;
    e = k;
  }
  while (e > j && (s[e - 1] == ' ' || s[e - 1] == ','))
    e--;
  /* "] [6]" is a citation of its own */
  if (e == j || (e < len && s[e] == ']'))
    return 0;
  *a = j;
  *b = e;
  return 1;
}

/* A right-to-left line in visual order whose citation wraps it: "]Title
   of a work [16" for "[16] Title of a work", the closing bracket glued
   to the line's first word and the numbers ending it, nothing closing
   them.  At s[i] (an opening bracket): the numbers' bytes [*a, *b) when
   the shape is that. */
static int S_visual_wrap(const char *s, size_t len, size_t i, size_t *a,
                         size_t *b) {
  size_t e = i + 1;
  while (e < len) {
    size_t k = e;
    if (pt_digit(pt_next(s, len, &k)) < 0)
      break;
    e = k;
  }
  if (e == i + 1 || (e < len && s[e] != ' '))
    return 0;
  size_t h = i;
  while (h > 0 && i - h < 160 && s[h - 1] != '[' && s[h - 1] != ']')
    h--;
  if (h == 0 || s[h - 1] != ']' || h >= i)
    return 0;
  size_t k = h;
  if (!pt_is_letter(pt_next(s, len, &k)))
    return 0;
  *a = i + 1;
  *b = e;
  return 1;
}

/* Numbers glued to the word before them, as superscript citations come
   out of an extraction: "studies3,5", "series3\u20137", "claim.8".  At
   s[i] (an ASCII digit): the end of the numbers in *b when the shape is
   that: after a lower-case word of three letters or more ("m2" and
   "CO2" are no citations), or after its full stop or comma, and before
   no letter or digit.  The word and the first number ("studies3") are
   the form, from *form to i and on over the digits. */
static int S_glued(const char *s, size_t len, size_t i, size_t *b,
                   size_t *form) {
  if (i == 0 || s[i] < '0' || s[i] > '9')
    return 0;
  size_t w = i;
  if (s[w - 1] == '.' || s[w - 1] == ',')
    w--;
  size_t letters = 0;
  while (w > 0) {
    size_t k = w;
    uint32_t c = pt_prev(s, 0, &k);
    if (!pt_is_lower_latin(c))
      break;
    letters++;
    w = k;
  }
  if (letters < 3)
    return 0;
  if (w > 0) {
    size_t k = w;
    uint32_t c = pt_prev(s, 0, &k);
    if (pt_is_letter(c) || pt_digit(c) >= 0)
      return 0; /* "Fig.3", "mRNA2" */
  }
  *form = w;
  size_t e = i;
  while (e < len) {
    size_t k = e;
    uint32_t c = pt_next(s, len, &k);
    if (pt_digit(c) >= 0 && c < 0x80) {
      e = k;
      continue;
    }
    if ((c == ',' || pt_is_dash(c)) && k < len && s[k] >= '0' && s[k] <= '9') {
      e = k;
      continue;
    }
    if (pt_is_letter(c))
      return 0;
    break;
  }
  *b = e;
  return 1;
}

/* The length of the form of a glued number from s[w]: the word and the
   digits after it. */
static size_t S_form_len(const char *s, size_t len, size_t w, size_t i) {
  while (i < len && s[i] >= '0' && s[i] <= '9')
    i++;
  return i - w;
}

/* Whether the glued number at s[i], of the form at s[w], is a term of
   the text: the same form again and again ("log2 fold change", "log2
   values") names a thing where a citation would be made once. */
static int S_glued_term(const pt_ctx *p, const char *s, size_t len, size_t w,
                        size_t i) {
  const pt_slot *f = pt_map_get(&p->glued_forms, s + w,
                                S_form_len(s, len, w, i));
  return f && f->count > 1;
}

/* Each number glued to a word in the text lines of p, in order: fn
   with the line's text, the form's start w, the number's span i..b. */
typedef void glued_fn(pt_ctx *p, const char *s, size_t len, size_t w,
                      size_t i, size_t b, void *arg);

static void S_each_glued(pt_ctx *p, glued_fn *fn, void *arg) {
  for (size_t li = 0; li < p->nlines; li++) {
    const pt_line *l = &p->lines[li];
    if (pt_blank(l) || l->kind != PT_TEXT)
      continue;
    const char *s = pt_c(l);
    size_t len = pt_clen(l), b, w;
    for (size_t i = 0; i < len; i++)
      if (S_glued(s, len, i, &b, &w)) {
        fn(p, s, len, w, i, b, arg);
        i = b;
      }
  }
}

static void S_count_form(pt_ctx *p, const char *s, size_t len, size_t w,
                         size_t i, size_t b, void *arg) {
  (void)b, (void)arg;
  pt_map_put(&p->glued_forms, s + w, S_form_len(s, len, w, i))->count++;
}

/* The first mentions of the glued numbers, and how many of them come in
   the order of the list. */
typedef struct {
  uint8_t *seen;
  size_t distinct, ordered;
} first_mentions;

static void S_first_mention(pt_ctx *p, const char *s, size_t len, size_t w,
                            size_t i, size_t b, void *arg) {
  first_mentions *m = arg;
  uint32_t nums[64];
  if (S_glued_term(p, s, len, w, i))
    return;
  size_t n = S_numbers(s, i, b, (uint32_t)p->max_number, nums, 64);
  for (size_t q = 0; q < n; q++) {
    if (m->seen[nums[q]])
      continue;
    m->seen[nums[q]] = 1;
    m->ordered += nums[q] <= m->distinct + 3; /* (a work may go uncited) */
    m->distinct++;
  }
}

void pt_cites_glued_style(pt_ctx *p) {
  /* superscript citations are numbered in the order the text first
     cites the works: the glued numbers are citations where their first
     mentions run 1, 2, 3, ... (the k-th new number close to k) over much
     of the numbered list; the forms used as terms left out */
  if (!p->max_number)
    return;
  S_each_glued(p, S_count_form, NULL);
  first_mentions m = {calloc(p->max_number + 1, 1), 0, 0};
  if (!m.seen)
    return;
  S_each_glued(p, S_first_mention, &m);
  free(m.seen);
  p->glued_cites = m.distinct >= 3 && 3 * m.distinct >= p->max_number &&
                   5 * m.ordered >= 4 * m.distinct;
}

void pt_cites_numeric(const char *s, size_t len, uint32_t max, pt_ctx *glued,
                      pt_cites *out) {
  size_t before = out->n;
  uint32_t nums[64];
  for (size_t i = 0; i < len; i++) {
    /* "[3]", or "]3[" where right-to-left text came out reversed; or
       "studies3,5" where the document cites so */
    char open = s[i], close = open == '[' ? ']' : open == ']' ? '[' : 0;
    size_t a = i + 1, b, end, w;
    int g = glued && S_glued(s, len, i, &b, &w);
    if (g) {
      if (S_glued_term(glued, s, len, w, i)) {
        i = b - 1;
        continue;
      }
      a = i;
      end = b;
    } else if (!close) {
      continue;
    } else {
      size_t j = i + 1;
      while (j < len && j - i < 48 && s[j] != close && s[j] != open)
        j++;
      b = j;
      end = j + 1;
      if (S_visual_brackets(s, len, i, &a, &b)) {
        end = b; /* "] .[1", "[.]1": the number after both brackets */
      } else if (open == '[' && S_visual_wrap(s, len, i, &a, &b)) {
        end = b;
      } else if (j >= len || s[j] != close || j == i + 1) {
        continue;
      }
    }
    size_t k = a;
    if (!(pt_digit(pt_next(s, b, &k)) >= 0))
      continue;
    size_t n = S_numbers(s, a, b, max, nums, 64);
    if (!n || S_overlaps(out->v, 0, before, i, end))
      continue;
    if (g) {
      /* works are first cited in their order: a number far above the
         highest cited so far ("exp9" early on) is no citation */
      uint32_t lo = nums[0], hi = nums[0];
      for (size_t q = 1; q < n; q++)
        lo = nums[q] < lo ? nums[q] : lo, hi = nums[q] > hi ? nums[q] : hi;
      if (lo > glued->glued_high + 3) {
        i = end - 1;
        continue;
      }
      glued->glued_high = hi > glued->glued_high ? hi : glued->glued_high;
    }
    pt_cite *c = S_add(out, i, end, RECTO_CITE_NORMAL);
    for (size_t q = 0; q < n; q++) {
      pt_cite_item it;
      memset(&it, 0, sizeof it);
      it.ra = (uint32_t)i;
      it.rb = (uint32_t)end;
      it.num = nums[q];
      S_add_item(out, c, &it);
    }
    i = end - 1;
  }
  if (out->n > before && before)
    qsort(out->v, out->n, sizeof *out->v, S_cmp_cite);
}
