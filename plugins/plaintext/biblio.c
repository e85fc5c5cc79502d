/* biblio.c: reference sections into bibliography entries, and the
 * entries citations link to.
 *
 * A reference section runs from a references heading (References,
 * Bibliography, منابع، کتابنامه، المراجع، المصادر, ...) to the next
 * heading, when a line of it reads as a reference; without a heading, a trailing run of lines that hold URLs is
 * one.  Each line starts an entry unless it plainly continues the one
 * before; a line of URLs glued together gives one entry per URL.  Fields
 * are taken where they can be recognised: URL, DOI, authors, year (and
 * its calendar), title, container or publisher.  Citations find entries
 * by first author and year; a citation with no entry gets one made from
 * it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plain.h"

/* ---- keys ---- */

/* A normalised author for lookups: lower case, no leading "the", no
   "et al." and no co-authors, letters and digits only, Arabic kaf and
   yeh as Persian. */
static size_t S_norm_author(const char *s, size_t len, char *out,
                            size_t cap) {
  size_t i = 0, o = 0;
  if (len > 4 && pt_eq_ci(s, 4, "the "))
    i = 4;
  while (i < len && o + 8 < cap) {
    uint32_t c = pt_next(s, len, &i);
    if (c == ' ' && ((len - i >= 3 && pt_eq_ci(s + i, 3, "et ")) ||
                     (len - i >= 4 && pt_eq_ci(s + i, 4, "and ")) ||
                     (len - i >= 2 && s[i] == '&')))
      break;
    if (c == ',' || c == 0x060C)
      break;
    if (!(pt_is_letter(c) || pt_digit(c) >= 0))
      continue;
    if (c >= 'A' && c <= 'Z')
      c += 32;
    else if (c == 0x0643)
      c = 0x06A9;
    else if (c == 0x064A || c == 0x0649)
      c = 0x06CC;
    o += (size_t)recto_utf8_encode(c, out + o);
  }
  out[o] = '\0';
  return o;
}

static const char *S_key(pt_ctx *p, const char *author, size_t alen,
                         int year) {
  char buf[320];
  size_t n = S_norm_author(author, alen, buf, 256);
  if (year)
    snprintf(buf + n, sizeof buf - n, "|%d", year);
  else
    snprintf(buf + n, sizeof buf - n, "|*");
  return recto_strdup(p->doc, buf);
}

static void S_register(pt_ctx *p, recto_bib_entry *e, const char *author,
                       size_t alen) {
  const char *k = S_key(p, author, alen, e->issued.year[0]);
  pt_slot *s = pt_map_put(&p->entries_by_author, k, strlen(k));
  if (!s->value)
    s->value = e;
  k = S_key(p, author, alen, 0);
  s = pt_map_put(&p->entries_by_author, k, strlen(k));
  if (!s->value)
    s->value = e;
}

recto_bib_entry *pt_biblio_lookup(pt_ctx *p, const char *author, size_t alen,
                                  int year) {
  char buf[320];
  size_t n = S_norm_author(author, alen, buf, 256);
  if (!n)
    return NULL;
  if (year)
    snprintf(buf + n, sizeof buf - n, "|%d", year);
  else
    snprintf(buf + n, sizeof buf - n, "|*");
  pt_slot *s = pt_map_get(&p->entries_by_author, buf, strlen(buf));
  return s ? s->value : NULL;
}

/* ---- ids ---- */

static size_t S_slug(const char *s, size_t len, char *out, size_t cap) {
  size_t o = 0, i = 0;
  int dash = 0;
  while (i < len && o + 8 < cap) {
    size_t at = i;
    uint32_t c = pt_next(s, len, &i);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
        (c >= 'A' && c <= 'Z')) {
      if (dash && o)
        out[o++] = '-';
      dash = 0;
      out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    } else if (pt_is_letter(c) || pt_digit(c) >= 0) {
      if (dash && o)
        out[o++] = '-';
      dash = 0;
      memcpy(out + o, s + at, i - at);
      o += i - at;
    } else if (c != 0x200C) {
      dash = 1;
    }
  }
  out[o] = '\0';
  return o;
}

const char *pt_biblio_unique_id(pt_ctx *p, const char *base) {
  if (!*base)
    base = "ref";
  if (!pt_map_get(&p->entry_ids, base, strlen(base))) {
    const char *id = recto_strdup(p->doc, base);
    pt_map_put(&p->entry_ids, id, strlen(id));
    return id;
  }
  /* Ids are never given back, so every suffix up to the last one given
     for this base is taken: go on from there, and many works of one
     author and year stay linear. */
  uint32_t last = pt_map_get(&p->entry_ids, base, strlen(base))->count;
  char buf[300];
  for (uint32_t n = last > 1 ? last + 1 : 2;; n++) {
    snprintf(buf, sizeof buf, "%s-%u", base, (unsigned)n);
    if (!pt_map_get(&p->entry_ids, buf, strlen(buf))) {
      const char *id = recto_strdup(p->doc, buf);
      pt_map_put(&p->entry_ids, id, strlen(id));
      pt_map_get(&p->entry_ids, base, strlen(base))->count = n;
      return id;
    }
  }
}

static void S_push(pt_ctx *p, recto_bib_entry *e) {
  p->entries = pt_grow(p->entries, &p->capentries, p->nentries + 1,
                       sizeof *p->entries);
  p->entries[p->nentries++] = e;
}

static void S_lang(pt_ctx *p, recto_bib_entry *e, const char *s,
                   size_t len) {
  pt_langcount c;
  memset(&c, 0, sizeof c);
  pt_lang_count(s, len, &c);
  const char *l = pt_lang_pick(&c, p->latin_lang, p->arabic_lang);
  if (l) {
    e->language = recto_strdup(p->doc, l);
    e->dir = recto_lang_is_rtl(l) ? RECTO_DIR_RTL : RECTO_DIR_LTR;
  }
}

static recto_name *S_name(pt_ctx *p, const char *s, size_t len,
                          int literal) {
  recto_name *n = recto_name_new(p->doc);
  if (literal)
    n->literal = pt_collapse(p->doc, s, len);
  else
    n->family = pt_collapse(p->doc, s, len);
  return n;
}

const char *pt_biblio_unresolved_key(pt_ctx *p, const char *author,
                                     size_t alen, int year,
                                     const char *suffix) {
  char slug[256], base[300];
  S_slug(author, alen, slug, 200);
  if (year)
    snprintf(base, sizeof base, "%s-%d%s", slug, year, suffix ? suffix : "");
  else
    snprintf(base, sizeof base, "%s", slug);
  p->n.unresolved++;
  return recto_strdup(p->doc, base);
}

/* An entry the document already has: its id is taken, and citations of
   its first author and year find it. */
void pt_biblio_known(pt_ctx *p, recto_bib_entry *e) {
  if (e->id)
    pt_map_put(&p->entry_ids, e->id, strlen(e->id));
  const recto_name *n = e->author ? e->author : e->editor;
  const char *who = n ? (n->family ? n->family : n->literal) : NULL;
  if (who)
    S_register(p, e, who, strlen(who));
  S_push(p, e);
}

/* "www.gov.kz/..." -> "gov.kz" */
static size_t S_host(const char *url, size_t len, char *out, size_t cap) {
  size_t i = 0;
  for (size_t k = 0; k + 3 <= len; k++)
    if (memcmp(url + k, "://", 3) == 0) {
      i = k + 3;
      break;
    }
  if (len - i > 4 && memcmp(url + i, "www.", 4) == 0)
    i += 4;
  size_t o = 0;
  while (i < len && url[i] != '/' && url[i] != '?' && url[i] != ':' &&
         o + 1 < cap)
    out[o++] = url[i++];
  out[o] = '\0';
  return o;
}

recto_bib_entry *pt_biblio_web(pt_ctx *p, const char *title, size_t tlen,
                               const char *url, size_t ulen,
                               const char *raw, size_t rawlen) {
  char host[200];
  S_host(url, ulen, host, sizeof host);
  recto_bib_entry *e = recto_bib_entry_new(p->doc);
  e->id = pt_biblio_unique_id(p, host);
  e->type = "webpage";
  e->url = recto_strndup(p->doc, url, ulen);
  if (tlen)
    e->title = pt_collapse(p->doc, title, tlen);
  e->raw = pt_collapse(p->doc, raw, rawlen);
  S_lang(p, e, tlen ? title : raw, tlen ? tlen : rawlen);
  S_push(p, e);
  return e;
}

/* ---- reference sections ---- */

static int S_has_url(const pt_line *l) {
  size_t i = l->b, a, b;
  return pt_find_url(l->s, l->e, &i, &a, &b);
}

static int S_find_year(const char *s, size_t len, size_t *a, size_t *b,
                       int *sys);

/* "Family, G. (2020). Title..." or "نام، نام (۱۳۹۹)...": a surname and a
   comma open the line, a year follows. */
static int S_ref_like(const pt_line *l) {
  const char *s = pt_c(l);
  size_t len = pt_clen(l), i = 0, words = 0;
  while (i < len && i < 60) {
    size_t k = i;
    uint32_t c = pt_next(s, len, &k);
    if (c == ',' || c == 0x060C)
      break;
    if (c == ' ')
      words++;
    if (!(pt_is_letter(c) || c == ' ' || c == '-' || c == '\'' ||
          c == 0x200C) || words > 3)
      return 0;
    i = k;
  }
  if (i == 0 || i >= len || i >= 60)
    return 0;
  size_t k = 0;
  uint32_t first = pt_next(s, len, &k);
  if (!pt_is_upper_latin(first) && !pt_is_arabic_letter(first))
    return 0;
  size_t ya, yb;
  int sys;
  return S_find_year(s, len, &ya, &yb, &sys) != 0;
}

/* A work with its year: "(2020)" or "2020." in an author-year entry
   (author_year set), any year and a comma in a numbered one. */
static int S_dated_work(const char *s, size_t len, int author_year) {
  size_t ya, yb;
  int sys;
  if (!S_find_year(s, len, &ya, &yb, &sys))
    return 0;
  if (author_year)
    return s[ya] == '(' || (yb < len && s[yb] == '.');
  for (size_t i = 0; i < len; i++)
    if (s[i] == ',')
      return 1;
  return 0;
}

/* The shapes of the label opening an entry of a numbered list, each
   taking the ones before it: "[12]", then "12." and "12)" (".12" in
   visual order), then a bare "12 " before a letter. */
enum { LAB_BRACKET, LAB_DOTTED, LAB_BARE };

/* The label opening line l in one of the shapes up to shape: its
   number, the bytes it takes (spaces after it included) in *len, the
   shape it has in *got (when got is not NULL); 0 when there is none. */
static long S_label_shape(const pt_line *l, int shape, size_t *len,
                          int *got) {
  const char *s = pt_c(l);
  size_t n = pt_clen(l), i = 0;
  int bracket = n > 2 && s[0] == '[';
  if (bracket)
    i++;
  /* ".12" opening a right-to-left line: "12." in visual order, the
     number often glued to the first word */
  if (shape >= LAB_DOTTED && !bracket && n > 2 && s[0] == '.' &&
      (l->flags & PT_F_RTL)) {
    int nd, sys;
    size_t q = 1;
    long v = pt_number(s, n, &q, &nd, &sys);
    if (v < 1 || nd > 3 || q == 1)
      return 0;
    while (q < n && s[q] == ' ')
      q++;
    *len = q;
    if (got)
      *got = LAB_DOTTED;
    return v;
  }
  int nd, sys;
  size_t d = i;
  long v = pt_number(s, n, &i, &nd, &sys);
  if (v < 1 || nd > 4 || i == d || i >= n)
    return 0;
  int kind = bracket ? LAB_BRACKET
             : (s[i] == '.' || s[i] == ')') ? LAB_DOTTED
             : s[i] == ' ' ? LAB_BARE : -1;
  if (kind < 0 || kind > shape || (bracket && s[i] != ']'))
    return 0;
  if (kind != LAB_BARE)
    i++;
  if (!bracket && (i >= n || s[i] != ' '))
    return 0; /* "1.5", "2.1" */
  while (i < n && s[i] == ' ')
    i++;
  if (kind == LAB_BARE) {
    size_t k = i;
    if (nd > 3 || i >= n || !pt_is_letter(pt_next(s, n, &k)))
      return 0;
  }
  *len = i;
  if (got)
    *got = kind;
  return v;
}

static long S_label(const pt_line *l, int shape, size_t *len) {
  return S_label_shape(l, shape, len, NULL);
}

/* A two-column page out of order scatters the labels of a reference
   list: "[2]", "[5]", "[1]"...  At least three distinct labels in the
   last half of the document, no further apart than a few lines per
   label, make a list: its first and last label lines. */
static int S_scattered_labels(const pt_ctx *p, size_t *first,
                              size_t *last) {
  enum { MAXL = 64 };
  uint8_t seen[MAXL] = {0};
  size_t n = 0, a = 0, b = 0;
  for (size_t i = p->nlines / 2; i < p->nlines; i++) {
    const pt_line *l = &p->lines[i];
    size_t len;
    long v;
    if (pt_blank(l) || l->kind == PT_FURNITURE ||
        (v = S_label(l, LAB_BRACKET, &len)) <= 0 || v >= MAXL)
      continue;
    if (n && i - b > 20) /* too far from the last one: start again */
      n = 0, memset(seen, 0, sizeof seen);
    if (!n)
      a = i;
    b = i;
    n += !seen[v];
    seen[v] = 1;
  }
  if (n < 3 || b - a > n * 20)
    return 0;
  *first = a;
  *last = b;
  return 1;
}

void pt_biblio_labels(pt_ctx *p) {
  size_t n = 0, len;
  for (size_t i = 0; i < p->nlines && n < 3; i++)
    n += !pt_blank(&p->lines[i]) && S_label(&p->lines[i], LAB_BRACKET, &len) > 0;
  if (n < 3)
    return;
  for (size_t i = 0; i < p->nlines; i++)
    if (!pt_blank(&p->lines[i]) && S_label(&p->lines[i], LAB_BRACKET, &len) > 0)
      p->lines[i].flags |= PT_F_LABEL;
}

/* What marks a line as part of a work's entry: a year, a comma, a
   range of numbers ("12\u201318", "7:45"), an initial ("A." or "AB,"). */
enum { WM_YEAR = 1, WM_COMMA = 2, WM_RANGE = 4, WM_INITIAL = 8 };

static unsigned S_work_marks(const pt_line *l) {
  const char *s = pt_c(l);
  size_t len = pt_clen(l), ya, yb;
  int sys;
  unsigned m = S_find_year(s, len, &ya, &yb, &sys) ? WM_YEAR : 0;
  uint32_t prev = ' ';
  for (size_t i = 0; i < len;) {
    uint32_t c = pt_next(s, len, &i);
    size_t k = i;
    uint32_t next = i < len ? pt_next(s, len, &k) : ' ';
    if (c == ',' || c == 0x060C)
      m |= WM_COMMA;
    if ((pt_is_dash(c) || c == ':') && pt_digit(prev) >= 0 &&
        pt_digit(next) >= 0)
      m |= WM_RANGE;
    if (pt_is_upper_latin(c) && (prev == ' ' || prev == ',') &&
        (next == '.' ||
         (pt_is_upper_latin(next) && k < len && s[k] == ',')))
      m |= WM_INITIAL;
    prev = c;
  }
  return m;
}

/* An entry of a work: its year and two more marks. */
static int S_work_entry(unsigned m) {
  return (m & WM_YEAR) && !!(m & WM_COMMA) + !!(m & WM_RANGE) +
                                  !!(m & WM_INITIAL) >= 2;
}

/* A run of labels 1, 2, 3, ... of one shape. */
typedef struct {
  size_t first, last, n, gap, dated, works;
  long expect;
  unsigned cur; /* the marks of the entry the run is in */
} label_run;

/* Close the entry the run is in: count it dated, a work. */
static void S_close_entry(label_run *r) {
  r->dated += (r->cur & WM_YEAR) != 0;
  r->works += S_work_entry(r->cur);
}

/* Whether a references heading stands a few lines above line i. */
static int S_under_references(const pt_ctx *p, size_t i) {
  for (size_t k = 0; i > 0 && k < 3;) {
    const pt_line *l = &p->lines[--i];
    if (pt_blank(l))
      continue;
    if (pt_cue(pt_c(l), pt_clen(l)) == PT_CUE_REFERENCES)
      return 1;
    k++;
  }
  return 0;
}

void pt_biblio_numbered(pt_ctx *p) {
  /* the longest run of labels 1, 2, 3, ... of one shape (a label may be
     lost to the extraction: steps of up to three).  "[n]" says enough
     by itself; "n." and a bare "n" also open numbered lists and
     affiliations, so their run must be one of works: the labels a few
     lines apart at most, and two entries in three dated under a
     references heading, shaped as works elsewhere (a year is no
     evidence alone: "1. In March 2019 the mill opened") */
  enum { MAXGAP = 6 };
  label_run run[LAB_BARE + 1] = {{0}}, best[LAB_BARE + 1] = {{0}};
  for (size_t i = 0; i < p->nlines; i++) {
    const pt_line *l = &p->lines[i];
    if (pt_blank(l) || l->kind == PT_FURNITURE)
      continue;
    size_t len;
    int shape = LAB_BRACKET;
    long v = S_label_shape(l, LAB_BARE, &len, &shape);
    unsigned marks = S_work_marks(l);
    for (int k = LAB_DOTTED; k <= LAB_BARE; k++) {
      label_run *r = &run[k];
      if (!r->n || (v && shape == k))
        continue;
      r->cur |= marks;
      if (++r->gap > MAXGAP)
        r->n = 0;
    }
    if (!v)
      continue;
    label_run *r = &run[shape];
    if (v == 1) {
      *r = (label_run){i, i, 1, 0, 0, 0, 2, marks};
    } else if (r->n && v >= r->expect && v <= r->expect + 2) {
      S_close_entry(r);
      r->cur = marks;
      r->last = i;
      r->n++;
      r->gap = 0;
      r->expect = v + 1;
    } else {
      continue;
    }
    if (r->n > best[shape].n) {
      best[shape] = *r;
      S_close_entry(&best[shape]);
    }
  }
  size_t best_first = best[LAB_BRACKET].first,
         best_last = best[LAB_BRACKET].last, best_n = best[LAB_BRACKET].n;
  for (int k = LAB_DOTTED; k <= LAB_BARE; k++)
    if (best[k].n >= 3 && best[k].n > best_n &&
        3 * (S_under_references(p, best[k].first) ? best[k].dated
                                                   : best[k].works) >=
            2 * best[k].n) {
      best_first = best[k].first;
      best_last = best[k].last;
      best_n = best[k].n;
      p->label_shape = k;
    }
  if (best_n < 3 && !S_scattered_labels(p, &best_first, &best_last))
    return;
  /* the last entry runs on to a gap or a few lines at most; after a
     label of a list's shape, to a blank line (a paragraph may follow) */
  size_t end = best_last + 1;
  uint32_t gap = p->spacing + (p->label_shape == LAB_BRACKET);
  for (size_t k = 0; end < p->nlines && k < 4; end++) {
    const pt_line *l = &p->lines[end];
    if (pt_blank(l))
      continue;
    if (l->blanks > gap || l->kind == PT_HEADING || (l->flags & PT_F_FF))
      break;
    k++;
  }
  for (size_t i = best_first; i < end; i++) {
    pt_line *l = &p->lines[i];
    /* (a reference heading among scattered labels stays a heading) */
    if (pt_blank(l) || l->kind == PT_FURNITURE ||
        pt_cue(pt_c(l), pt_clen(l)) == PT_CUE_REFERENCES)
      continue;
    l->kind = PT_BIB;
    l->flags &= (uint16_t)~(PT_F_ITEM | PT_F_NUMHEAD | PT_F_BIBHEAD);
    l->aux = -1;
  }
}

/* Does line l read as (a part of) a reference: a year, a URL or a
   "[n]" label? */
static int S_reference_evidence(const pt_line *l) {
  size_t ya, yb, len;
  int sys;
  return S_find_year(pt_c(l), pt_clen(l), &ya, &yb, &sys) || S_has_url(l) ||
         S_label(l, LAB_BRACKET, &len);
}

/* The section under the references heading at line head, ending before
   line end, holds no line that reads as a reference (a table of
   contents names the references chapter too, with the chapters after
   it): its heading opens no reference section and its lines are
   text. */
static int S_drop_empty_section(pt_ctx *p, size_t head, size_t end) {
  for (size_t j = head + 1; j < end; j++)
    if (p->lines[j].kind == PT_BIB && S_reference_evidence(&p->lines[j]))
      return 0;
  p->lines[head].flags &= (uint16_t)~PT_F_BIBHEAD;
  for (size_t j = head + 1; j < end; j++)
    if (p->lines[j].kind == PT_BIB)
      p->lines[j].kind = PT_TEXT;
  return 1;
}

void pt_biblio_lines(pt_ctx *p) {
  int in = 0, any = 0;
  size_t head = 0;
  for (size_t i = 0; i <= p->nlines; i++) {
    pt_line *l = i < p->nlines ? &p->lines[i] : NULL;
    if (l && pt_blank(l))
      continue;
    if (!l || l->kind == PT_HEADING) {
      if (in)
        any |= !S_drop_empty_section(p, head, i);
      in = 0;
      if (l && (l->flags & PT_F_BIBHEAD)) {
        in = 1;
        head = i;
      }
      continue;
    }
    if (in && l->kind == PT_TEXT)
      l->kind = PT_BIB;
    any |= !in && l->kind == PT_BIB;
  }
  if (any)
    return;
  /* a trailing run of references without a heading, each entry
     followed by at most three lines that go on with it: "Name, X.
     (2020). Title", "نام، نام (۱۳۹۹).", or a numbered list "1. X. Name,
     Title, 2020" from 1 on */
  size_t refs = 0, rfirst = p->nlines, cont = 0;
  long next_label = 0;
  for (size_t i = p->nlines; i > 0; i--) {
    pt_line *l = &p->lines[i - 1];
    if (pt_blank(l) || l->kind == PT_FURNITURE)
      continue;
    if (l->kind != PT_TEXT)
      break;
    size_t len;
    long label = S_label(l, LAB_DOTTED, &len);
    if (label && (next_label ? label == next_label - 1 : !refs) &&
        S_dated_work(pt_c(l) + len, pt_clen(l) - len, 0)) {
      next_label = label;
    } else if (label || next_label || !S_ref_like(l) ||
               !S_dated_work(pt_c(l), pt_clen(l), 1)) {
      if (++cont > 3)
        break;
      continue;
    }
    refs++;
    rfirst = i - 1;
    cont = 0;
  }
  if (refs >= 3 && next_label <= 1) {
    for (size_t i = rfirst; i < p->nlines; i++)
      if (p->lines[i].kind == PT_TEXT) {
        p->lines[i].kind = PT_BIB;
        p->lines[i].flags &= (uint16_t)~PT_F_ITEM;
      }
    return;
  }
  /* a trailing run of URL lines */
  size_t n = 0, first = p->nlines;
  for (size_t i = p->nlines; i > 0; i--) {
    pt_line *l = &p->lines[i - 1];
    if (pt_blank(l) || l->kind == PT_FURNITURE)
      continue;
    if (l->kind != PT_TEXT || !S_has_url(l)) {
      if (n == 0 && l->kind == PT_TEXT && l->width < 40)
        continue; /* a last word after the list */
      break;
    }
    n++;
    first = i - 1;
  }
  if (n >= 3)
    for (size_t i = first; i < p->nlines; i++)
      if (p->lines[i].kind == PT_TEXT && S_has_url(&p->lines[i]))
        p->lines[i].kind = PT_BIB;
}

/* Does the text hold anything but URLs (and punctuation)? */
static int S_only_urls(const char *s, size_t len) {
  size_t i = 0, a, b, last = 0;
  while (pt_find_url(s, len, &i, &a, &b)) {
    for (size_t k = last; k < a; k++)
      if (((unsigned char)s[k] >= 'A' && (unsigned char)s[k] != '|') ||
          ((unsigned char)s[k] >= '0' && (unsigned char)s[k] <= '9'))
        return 0;
    last = b;
  }
  for (size_t k = last; k < len; k++)
    if ((unsigned char)s[k] >= 'A' ||
        ((unsigned char)s[k] >= '0' && (unsigned char)s[k] <= '9'))
      return 0;
  return last > 0;
}

/* Find a year in s: "(2020)", ", 2020.", " 2020," - [*a, *b) is the
   year with its brackets; returns the year and its digit system. */
static int S_find_year(const char *s, size_t len, size_t *a, size_t *b,
                       int *sys) {
  for (size_t i = 0; i < len;) {
    size_t k = i;
    uint32_t c = pt_next(s, len, &k);
    if (pt_digit(c) < 0) {
      i = k;
      continue;
    }
    size_t q = i;
    int nd;
    long v = pt_number(s, len, &q, &nd, sys);
    size_t pk = i;
    uint32_t before = i ? pt_prev(s, 0, &pk) : ' ';
    uint32_t after = q < len ? (unsigned char)s[q] : ' ';
    int ok = nd == 4 && ((v >= 1500 && v <= 2099) || (v >= 1300 && v < 1500));
    if (ok && (before == '(' || before == ' ' || before == ',' ||
               before == 0x060C) &&
        (after == ')' || after == '.' || after == ',' || after == ' ' ||
         after == ';' || (after >= 'a' && after <= 'f'))) {
      *a = before == '(' ? pk : i;
      *b = q < len && s[q] >= 'a' && s[q] <= 'f' ? q + 1 : q;
      if (*b < len && s[*b] == ')')
        (*b)++;
      return (int)v;
    }
    i = q > i ? q : k;
  }
  return 0;
}

static void S_trim(const char *s, size_t *a, size_t *b, const char *chars) {
  while (*a < *b && (strchr(chars, s[*a]) || s[*a] == ' '))
    (*a)++;
  while (*b > *a && (strchr(chars, s[*b - 1]) || s[*b - 1] == ' '))
    (*b)--;
}

/* The next comma (Latin or Arabic) in [from, to), or to. */
static size_t S_next_comma(const char *s, size_t from, size_t to,
                           size_t *clen) {
  *clen = 0;
  for (size_t k = from; k < to; k++) {
    if (s[k] == ',') {
      *clen = 1;
      return k;
    }
    if (k + 1 < to && (unsigned char)s[k] == 0xD8 &&
        (unsigned char)s[k + 1] == 0x8C) {
      *clen = 2;
      return k;
    }
  }
  return to;
}

/* Authors before the year: "Smith, J., & Jones, K.", "Umarov, T.",
   "Ministry of Foreign Affairs", "شایگان، مریم؛ تیشه‌یار، ماندانا". */
static void S_authors(pt_ctx *p, recto_bib_entry *e, const char *s,
                      size_t a, size_t b) {
  size_t start = a;
  for (size_t i = a; i <= b; i++) {
    size_t sep = 0;
    if (i == b)
      sep = 1;
    else if (s[i] == ';' || s[i] == '&')
      sep = 1;
    else if (i + 1 < b && (unsigned char)s[i] == 0xD8 &&
             (unsigned char)s[i + 1] == 0x9B)
      sep = 2;
    else if (i + 5 <= b && memcmp(s + i, " and ", 5) == 0)
      sep = 5;
    if (!sep)
      continue;
    size_t x = start, y = i;
    S_trim(s, &x, &y, ",;&");
    start = i + sep;
    i = start - 1;
    if (x >= y)
      continue;
    /* "Family, Given" or "نام‌خانوادگی، نام"; several in a row pair up */
    size_t clen;
    size_t comma = S_next_comma(s, x, y, &clen);
    if (comma == y) {
      S_trim(s, &x, &y, ".");
      if (y > x)
        recto_name_append(&e->author, S_name(p, s + x, y - x, 1));
      continue;
    }
    while (x < y) {
      size_t fa = x, fb = comma;
      size_t ga = comma + clen, glen;
      /* given names run to the next comma */
      size_t gb = S_next_comma(s, ga, y, &glen);
      S_trim(s, &fa, &fb, ",.");
      size_t g0 = ga, g1 = gb;
      S_trim(s, &g0, &g1, ",");
      recto_name *n = recto_name_new(p->doc);
      n->family = pt_collapse(p->doc, s + fa, fb - fa);
      if (g1 > g0)
        n->given = pt_collapse(p->doc, s + g0, g1 - g0);
      recto_name_append(&e->author, n);
      /* another "Family, Given" after this one? */
      x = gb < y ? gb + glen : y;
      comma = S_next_comma(s, x, y, &clen);
      if (comma == y) {
        size_t r0 = x, r1 = y;
        S_trim(s, &r0, &r1, ",.");
        if (r1 > r0)
          recto_name_append(&e->author, S_name(p, s + r0, r1 - r0, 1));
        break;
      }
    }
  }
}

/* The first sentence of s[a..b): up to ". " or the end; quoted titles
   («...», "...", “...”) end at their closing quote. */
static size_t S_sentence(const char *s, size_t a, size_t b) {
  size_t i = a;
  uint32_t open = 0;
  if (a < b) {
    size_t k = a;
    uint32_t c = pt_next(s, b, &k);
    if (c == 0xAB || c == '"' || c == 0x201C)
      open = c == 0xAB ? 0xBB : c == 0x201C ? 0x201D : '"';
  }
  while (i < b) {
    size_t k = i;
    uint32_t c = pt_next(s, b, &k);
    if (open && c == open && i > a)
      return k;
    if (!open && (c == '.' || c == 0x06D4) && (k >= b || s[k] == ' '))
      return i;
    i = k;
  }
  return b;
}

/* After a journal's name: "12(3), 45-67", "vol. 12, no. 3, pp. 45-67". */
static void S_volume(pt_ctx *p, recto_bib_entry *e, const char *s, size_t a,
                     size_t b) {
  size_t i = a;
  while (i < b && !(s[i] >= '0' && s[i] <= '9'))
    i++;
  size_t v = i;
  while (i < b && s[i] >= '0' && s[i] <= '9')
    i++;
  if (i > v)
    e->volume = recto_strndup(p->doc, s + v, i - v);
  if (i < b && s[i] == '(') {
    size_t q = ++i;
    while (i < b && s[i] != ')')
      i++;
    if (i > q && i < b)
      e->issue = recto_strndup(p->doc, s + q, i - q);
  }
  /* the pages: the last run of digits and dashes */
  size_t pe = b;
  while (pe > i && !(s[pe - 1] >= '0' && s[pe - 1] <= '9'))
    pe--;
  size_t pb = pe;
  while (pb > i && ((s[pb - 1] >= '0' && s[pb - 1] <= '9') ||
                    s[pb - 1] == '-'))
    pb--;
  if (pe > pb && memchr(s + pb, '-', pe - pb))
    e->page = recto_strndup(p->doc, s + pb, pe - pb);
}

static recto_bib_entry *S_parse(pt_ctx *p, const char *s, size_t len,
                                recto_pos pos) {
  recto_bib_entry *e = recto_bib_entry_new(p->doc);
  e->raw = pt_collapse(p->doc, s, len);
  e->pos = pos;
  size_t i = 0, ua, ub;
  if (pt_find_url(s, len, &i, &ua, &ub))
    e->url = recto_strndup(p->doc, s + ua, ub - ua);
  else
    ua = ub = len;
  for (size_t k = 0; k + 3 < len; k++)
    if (memcmp(s + k, "10.", 3) == 0 && k >= 4 &&
        (memcmp(s + k - 4, "doi:", 4) == 0 || s[k - 1] == '/')) {
      size_t z = k;
      while (z < len && s[z] != ' ')
        z++;
      while (z > k && strchr(".,;", s[z - 1]))
        z--;
      e->doi = recto_strndup(p->doc, s + k, z - k);
      break;
    }
  size_t ya, yb;
  int sys = 0;
  int year = S_find_year(s, ua, &ya, &yb, &sys);
  char base[300];
  if (year) {
    e->issued.year[0] = year;
    if (year < 1500) {
      pt_langcount c;
      memset(&c, 0, sizeof c);
      pt_lang_count(s, len, &c);
      e->issued.calendar = c.fa >= c.ar ? RECTO_CALENDAR_SOLAR_HIJRI
                                        : RECTO_CALENDAR_HIJRI;
    }
    S_authors(p, e, s, 0, ya);
    /* the title follows the year */
    size_t ta = yb, tb = ua;
    S_trim(s, &ta, &tb, ".,:)");
    size_t te = S_sentence(s, ta, tb);
    if (te > ta) {
      size_t x = ta, y = te;
      S_trim(s, &x, &y, ".,\"");
      e->title = pt_collapse(p->doc, s + x, y - x);
    }
    /* then the container or the publisher */
    size_t ra = te, rb = ua;
    S_trim(s, &ra, &rb, ".,:;\"");
    if (rb > ra) {
      size_t re = S_sentence(s, ra, rb);
      size_t x = ra, y = re;
      S_trim(s, &x, &y, ".,");
      int digits = 0;
      for (size_t k = x; k < y; k++)
        if (s[k] >= '0' && s[k] <= '9')
          digits++;
      if (y > x) {
        if (digits) {
          size_t c = x;
          while (c < y && s[c] != ',')
            c++;
          e->container_title = pt_collapse(p->doc, s + x, c - x);
          e->type = "article-journal";
          S_volume(p, e, s, c, y);
        } else {
          /* "City: Publisher" */
          size_t c = x;
          while (c < y && s[c] != ':')
            c++;
          if (c < y) {
            e->publisher_place = pt_collapse(p->doc, s + x, c - x);
            size_t q = c + 1;
            S_trim(s, &q, &y, " ");
            e->publisher = pt_collapse(p->doc, s + q, y - q);
          } else {
            e->publisher = pt_collapse(p->doc, s + x, y - x);
          }
          e->type = "book";
        }
      }
    }
  } else if (ua < len) {
    /* "Title, URL" */
    size_t x = 0, y = ua;
    S_trim(s, &x, &y, ",.:-");
    if (y > x)
      e->title = pt_collapse(p->doc, s + x, y - x);
  }
  if (!e->type)
    e->type = e->url && !year ? "webpage" : "document";
  /* the id: first author and year, else the web host */
  const char *who = NULL;
  if (e->author)
    who = e->author->family ? e->author->family : e->author->literal;
  char slug[256];
  if (who) {
    S_slug(who, strlen(who), slug, 200);
    if (year)
      snprintf(base, sizeof base, "%s-%d", slug, year);
    else
      snprintf(base, sizeof base, "%s", slug);
  } else if (e->url) {
    S_host(e->url, strlen(e->url), base, sizeof base);
  } else {
    S_slug(s, len < 40 ? len : 40, base, sizeof base);
  }
  e->id = pt_biblio_unique_id(p, base);
  S_lang(p, e, s, len);
  if (who)
    S_register(p, e, who, strlen(who));
  return e;
}

/* "A. B. Family" or "A.-B. Family": initials, then a family name. */
static int S_initials_name(const char *s, size_t a, size_t b) {
  size_t i = a, initials = 0;
  while (i + 1 < b && pt_is_upper_latin((unsigned char)s[i]) &&
         (s[i + 1] == '.' || (i + 2 < b && s[i + 2] == '.'))) {
    i += s[i + 1] == '.' ? 2 : 3;
    initials++;
    while (i < b && (s[i] == ' ' || s[i] == '-'))
      i++;
  }
  if (!initials || i >= b)
    return 0;
  size_t k = i;
  if (!pt_is_upper_latin(pt_next(s, b, &k)))
    return 0;
  for (; k < b; k++)
    if (s[k] == ',' || s[k] == '.' || s[k] == '(' || s[k] == ':')
      return 0;
  return pt_words(s + i, b - i, 4) <= 3;
}

/* An entry of a numbered list ("[12] A. Author, B. Author, Journal 9,
   12 (2019)"): its styles are too many to split safely, so the raw text
   is kept whole and only what is certain is read from it: the authors
   while they are initials and a family name, a quoted title, the year,
   the DOI and the URL.  Its id is its label. */
/* Entry e answers the numeric citations of label. */
static void S_number(pt_ctx *p, long label, recto_bib_entry *e) {
  if (label < 1 || label >= 100000)
    return;
  p->by_number = pt_grow(p->by_number, &p->capnumbers, (size_t)label + 1,
                         sizeof *p->by_number);
  for (size_t k = p->max_number + 1; k <= (size_t)label; k++)
    p->by_number[k] = NULL;
  if ((size_t)label > p->max_number)
    p->max_number = (size_t)label;
  if (!p->by_number[label])
    p->by_number[label] = e;
}

/* "Family, I. (2020)" or "Family, I., & Other, J. (2020)": an entry in
   the author-year style the general parser reads. */
static int S_author_year_style(const char *s, size_t len) {
  size_t i = 0;
  while (i < len && i < 40 && s[i] != ',') {
    size_t k = i;
    uint32_t c = pt_next(s, len, &k);
    if (!(pt_is_letter(c) || c == ' ' || c == '-' || c == '\''))
      return 0;
    i = k;
  }
  if (i == 0 || i + 3 >= len || s[i] != ',' || s[i + 1] != ' ' ||
      !pt_is_upper_latin((unsigned char)s[i + 2]) || s[i + 3] != '.')
    return 0;
  size_t ya, yb;
  int sys;
  return S_find_year(s, len, &ya, &yb, &sys) && ya < len && s[ya] == '(';
}

static recto_bib_entry *S_parse_numbered(pt_ctx *p, long label,
                                         const char *s, size_t len,
                                         recto_pos pos) {
  recto_bib_entry *e;
  char base[32];
  snprintf(base, sizeof base, "ref-%ld", label);
  if (S_author_year_style(s, len)) {
    e = S_parse(p, s, len, pos);
    e->id = pt_biblio_unique_id(p, base);
    S_number(p, label, e);
    return e;
  }
  e = recto_bib_entry_new(p->doc);
  e->raw = pt_collapse(p->doc, s, len);
  e->pos = pos;
  e->type = "document";
  size_t i = 0, ua = len, ub = len;
  if (pt_find_url(s, len, &i, &ua, &ub))
    e->url = recto_strndup(p->doc, s + ua, ub - ua);
  size_t x = 0;
  while (x < len) {
    size_t y = x;
    while (y < len && s[y] != ',' &&
           !(y + 5 <= len && memcmp(s + y, " and ", 5) == 0))
      y++;
    size_t a = x, b = y;
    if (a + 4 <= b && memcmp(s + a, "and ", 4) == 0)
      a += 4;
    S_trim(s, &a, &b, " ");
    if (b - a >= 6 && memcmp(s + a, "et al", 5) == 0) {
      x = y + 1;
      continue;
    }
    if (!S_initials_name(s, a, b))
      break;
    recto_name_append(&e->author, S_name(p, s + a, b - a, 1));
    x = y < len && s[y] == ',' ? y + 1 : y + 1;
  }
  for (size_t k = 0; k + 3 <= len; k++) {
    if (memcmp(s + k, "\xE2\x80\x9C", 3) != 0) /* “ */
      continue;
    for (size_t q = k + 3; q + 3 <= len; q++)
      if (memcmp(s + q, "\xE2\x80\x9D", 3) == 0) { /* ” */
        size_t ta = k + 3, tb = q;
        S_trim(s, &ta, &tb, ",.");
        if (tb > ta)
          e->title = pt_collapse(p->doc, s + ta, tb - ta);
        break;
      }
    break;
  }
  size_t ya, yb;
  int sys;
  int year = S_find_year(s, len, &ya, &yb, &sys);
  if (year >= 1500)
    e->issued.year[0] = year;
  e->id = pt_biblio_unique_id(p, base);
  S_lang(p, e, s, len);
  S_number(p, label, e);
  return e;
}

/* Is this line a new entry, or the continuation of the last one? */
static int S_continues(const pt_line *prev, const pt_line *l,
                       int prev_has_url) {
  size_t k = l->b;
  uint32_t f = pt_next(l->s, l->e, &k);
  if (pt_is_lower_latin(f))
    return 1;
  if (S_has_url(l) && !prev_has_url) {
    size_t i = l->b, a, b;
    pt_find_url(l->s, l->e, &i, &a, &b);
    return a == l->b; /* a URL line after its entry */
  }
  size_t e = prev->e;
  uint32_t last = pt_prev(prev->s, prev->b, &e);
  return last == ',' || last == '-' || last == 0x060C || last == '&' ||
         pt_ends_open(pt_c(prev), pt_clen(prev)); /* "Journal of" */
}

/* With layout, how line j of a reference list stands against an earlier
   line i: 1 indented, -1 out-dented, 0 level or unknown.  The edge that
   counts is the one the lines start from: the right one in
   right-to-left text. */
static int S_hanging(const pt_ctx *p, size_t i, size_t j) {
  const pt_layout *a = pt_lay(p, i), *b = pt_lay(p, j);
  if (!a || !b)
    return 0;
  int rtl = (p->lines[i].flags & PT_F_RTL) != 0;
  float start_a = rtl ? -(a->x + a->width) : a->x;
  float start_b = rtl ? -(b->x + b->width) : b->x;
  float step = 0.5f * (a->size > b->size ? a->size : b->size);
  return start_b > start_a + step ? 1 : start_b < start_a - step ? -1 : 0;
}

/* The label shapes an entry of the document's numbered list may open
   with: a bare "n" only where the list has that shape. */
static int S_list_shape(const pt_ctx *p) {
  return p->label_shape == LAB_BARE ? LAB_BARE : LAB_DOTTED;
}

/* Whether line n opens the next entry of a numbered list whose entry
   at line l has the given label: a label next in the sequence, or one of
   the list's shape, or any below 1000 ("2016. ISSN ...", going on under
   "[11]", is a year; in a right-to-left line in visual order, where the
   labels are mangled, a year may be the best cut there is). */
static int S_opens_entry(const pt_ctx *p, const pt_line *l, long label,
                         const pt_line *n) {
  size_t len;
  int shape = LAB_BRACKET;
  long v = S_label_shape(n, S_list_shape(p), &len, &shape);
  if (!v)
    return 0;
  if (shape == LAB_BARE) /* "12 (1964) 132" goes on with an entry */
    return v > label && v <= label + 3;
  return (v > label && v <= label + 3) || v < 1000 ||
         (pt_c(n)[0] == '[') == (pt_c(l)[0] == '[') ||
         (n->flags & PT_F_RTL);
}

void pt_biblio_parse(pt_ctx *p) {
  recto_buf text = RECTO_BUF_INIT;
  size_t i = 0;
  while (i < p->nlines) {
    pt_line *l = &p->lines[i];
    if (pt_blank(l) || l->kind != PT_BIB) {
      i++;
      continue;
    }
    /* gather the lines of one entry; in a numbered list each label
       opens one */
    recto_buf_clear(&text);
    size_t lab = 0;
    long label = S_label(l, S_list_shape(p), &lab);
    recto_buf_put(&text, pt_c(l) + lab, pt_clen(l) - lab);
    size_t j = i, last = i;
    int has_url = S_has_url(l);
    for (j = i + 1; j < p->nlines; j++) {
      pt_line *n = &p->lines[j];
      /* the page's furniture and notes stand between an entry and its
         end on the next page */
      if (pt_blank(n) || n->kind == PT_FURNITURE || n->kind == PT_NOTE)
        continue;
      /* with layout: indented under the entry's first line, the entry
         goes on; back out from the line before, a new one starts */
      int under = S_hanging(p, i, j) > 0, out = S_hanging(p, last, j) < 0;
      if (n->kind != PT_BIB ||
          (label ? S_opens_entry(p, l, label, n)
                 : (S_only_urls(pt_c(&p->lines[last]),
                                pt_clen(&p->lines[last])) ||
                    out || (!under && !S_continues(&p->lines[last], n, has_url)))))
        break;
      recto_buf_putc(&text, ' ');
      recto_buf_put(&text, pt_c(n), pt_clen(n));
      has_url |= S_has_url(n);
      n->aux = -2; /* continuation */
      last = j;
    }
    const char *s = text.data;
    size_t len = text.len;
    recto_pos pos = pt_line_pos(p, l, l->b);
    if (label && len) {
      S_push(p, S_parse_numbered(p, label, s, len, pos));
      l->aux = (int32_t)p->nentries;
    } else if (S_only_urls(s, len)) {
      /* one entry per URL, glued ones too */
      size_t k = 0, a, b;
      while (pt_find_url(s, len, &k, &a, &b)) {
        recto_bib_entry *e =
            pt_biblio_web(p, NULL, 0, s + a, b - a, s + a, b - a);
        e->pos = pos;
      }
      l->aux = (int32_t)p->nentries;
    } else {
      size_t ya, yb;
      int sys;
      int year = S_find_year(s, len, &ya, &yb, &sys);
      if (!year && !has_url && pt_words(s, len, 4) < 4) {
        /* not an entry: back to the text */
        for (size_t q = i; q <= last; q++)
          if (p->lines[q].kind == PT_BIB)
            p->lines[q].kind = PT_TEXT, p->lines[q].aux = -1;
        i = last + 1;
        continue;
      }
      S_push(p, S_parse(p, s, len, pos));
      l->aux = (int32_t)p->nentries;
    }
    i = last + 1;
  }
  recto_buf_free(&text);
}
