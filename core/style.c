/* style.c: citation styles (style.h).  Two styles, as plain text, so
   every writer shows the same words: author-date (Chicago-like) and
   numeric.  Dates in other calendars keep their own year ("1403"): the
   calendar itself is for structured outputs to state. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

recto_style recto_style_from_options(const recto_options *opts) {
  const char *s = opts ? recto_options_get(opts, "citation-style") : NULL;
  return s && strcmp(s, "numeric") == 0 ? RECTO_STYLE_NUMERIC
                                        : RECTO_STYLE_AUTHOR_DATE;
}

/* ---- small text helpers ---- */

static int S_empty(const char *s) { return !s || !*s; }

/* The last byte written, or 0. */
static char S_last(const recto_buf *out, size_t from) {
  return out->len > from ? out->data[out->len - 1] : 0;
}

/* Whether the text so far ends a sentence: ". ? !", also inside a
   closing quotation mark (“Title.”). */
static int S_ends_sentence(const recto_buf *out, size_t from) {
  size_t n = out->len - from;
  const char *end = out->data + out->len;
  if (n >= 4 && memcmp(end - 3, "”", 3) == 0)
    return strchr(".?!", end[-4]) != NULL;
  return n && strchr(".?!", end[-1]) != NULL;
}

/* End a sentence-like part with '.' unless it already ends with
   punctuation of its own. */
static void S_period(recto_buf *out, size_t from) {
  if (out->len > from && !S_ends_sentence(out, from))
    recto_buf_putc(out, '.');
}

/* Start a new part: ". " after what came before (nothing at the start). */
static void S_part(recto_buf *out, size_t from) {
  if (out->len > from) {
    S_period(out, from);
    recto_buf_putc(out, ' ');
  }
}

/* ---- names ---- */

void recto_style_format_name(const recto_name *n, int inverted,
                             recto_buf *out) {
  if (!n)
    return;
  if (!S_empty(n->literal)) {
    recto_buf_puts(out, n->literal);
    return;
  }
  size_t start = out->len;
#define SP() (out->len > start ? recto_buf_putc(out, ' ') : (void)0)
  if (inverted && !S_empty(n->family)) {
    /* van Gogh, Vincent / Gaulle, Charles de / King, Martin Luther, Jr. */
    if (!S_empty(n->non_dropping_particle)) {
      recto_buf_puts(out, n->non_dropping_particle);
      SP();
    }
    recto_buf_puts(out, n->family);
    if (!S_empty(n->given) || !S_empty(n->dropping_particle)) {
      recto_buf_puts(out, ",");
      if (!S_empty(n->given)) {
        recto_buf_putc(out, ' ');
        recto_buf_puts(out, n->given);
      }
      if (!S_empty(n->dropping_particle)) {
        recto_buf_putc(out, ' ');
        recto_buf_puts(out, n->dropping_particle);
      }
    }
    if (!S_empty(n->suffix)) {
      recto_buf_puts(out, ", ");
      recto_buf_puts(out, n->suffix);
    }
    return;
  }
  const char *parts[] = {n->given, n->dropping_particle,
                         n->non_dropping_particle, n->family, n->suffix};
  for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
    if (!S_empty(parts[k])) {
      SP();
      recto_buf_puts(out, parts[k]);
    }
#undef SP
}

/* The short form used in citations: the family name with its
   non-dropping particle, else the literal, else the given name. */
static void S_short_name(const recto_name *n, recto_buf *out) {
  if (!S_empty(n->literal)) {
    recto_buf_puts(out, n->literal);
  } else if (!S_empty(n->family)) {
    if (!S_empty(n->non_dropping_particle)) {
      recto_buf_puts(out, n->non_dropping_particle);
      recto_buf_putc(out, ' ');
    }
    recto_buf_puts(out, n->family);
  } else if (!S_empty(n->given)) {
    recto_buf_puts(out, n->given);
  }
}

static size_t S_count_names(const recto_name *n) {
  size_t c = 0;
  for (; n; n = n->next)
    c++;
  return c;
}

/* The names standing for the work: authors, else editors. */
static const recto_name *S_creators(const recto_bib_entry *e, int *editors) {
  *editors = !e->author && e->editor;
  return e->author ? e->author : e->editor;
}

/* "Umarov", "Umarov and Smith", "Umarov et al."; the title when the
   work has no names. */
static void S_author_label(const recto_bib_entry *e, recto_buf *out) {
  int eds;
  const recto_name *n = S_creators(e, &eds);
  size_t count = S_count_names(n);
  if (count == 0) {
    recto_buf_puts(out, !S_empty(e->title) ? e->title
                        : e->id            ? e->id
                                           : "");
    return;
  }
  S_short_name(n, out);
  if (count == 2) {
    recto_buf_puts(out, " and ");
    S_short_name(n->next, out);
  } else if (count > 2) {
    recto_buf_puts(out, " et al.");
  }
}

/* Chicago's list: "Family, Given, Given Family, and Given Family";
   more than ten names: the first seven and "et al." */
static void S_name_list(const recto_name *n, recto_buf *out) {
  size_t count = S_count_names(n), shown = count > 10 ? 7 : count, i = 0;
  for (; n && i < shown; n = n->next, i++) {
    if (i)
      recto_buf_puts(out, i + 1 == count ? ", and " : ", ");
    recto_style_format_name(n, i == 0, out);
  }
  if (shown < count)
    recto_buf_puts(out, ", et al.");
}

/* Names in reading order: "A", "A and B", "A, B, and C" (after "edited
   by", "Translated by", and in the numeric style). */
static void S_name_list_plain(const recto_name *n, recto_buf *out) {
  size_t count = S_count_names(n), i = 0;
  for (; n; n = n->next, i++) {
    if (i)
      recto_buf_puts(out, i + 1 < count ? ", "
                          : count == 2  ? " and "
                                        : ", and ");
    recto_style_format_name(n, 0, out);
  }
}

/* ---- dates ---- */

static const char *const S_months[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

static int S_has_year(const recto_date *d) { return d->year[0] != 0; }

/* "2022", "2020–2021", "ca. 1403", the literal, or "n.d.". */
static void S_year(const recto_date *d, recto_buf *out) {
  if (!S_has_year(d)) {
    recto_buf_puts(out, !S_empty(d->literal) ? d->literal : "n.d.");
    return;
  }
  if (d->circa)
    recto_buf_puts(out, "ca. ");
  recto_buf_printf(out, "%d", d->year[0]);
  if (d->year[1] && d->year[1] != d->year[0])
    recto_buf_printf(out, "–%d", d->year[1]);
}

/* "March 3, 2024" (Gregorian), "1403/2/15" (other calendars). */
static void S_full_date(const recto_date *d, recto_buf *out) {
  if (!S_has_year(d)) {
    S_year(d, out);
    return;
  }
  int m = d->month[0], day = d->day[0];
  if (d->calendar != RECTO_CALENDAR_GREGORIAN) {
    recto_buf_printf(out, "%d", d->year[0]);
    if (m)
      recto_buf_printf(out, "/%d", m);
    if (m && day)
      recto_buf_printf(out, "/%d", day);
    return;
  }
  if (m >= 1 && m <= 12) {
    recto_buf_puts(out, S_months[m - 1]);
    if (day)
      recto_buf_printf(out, " %d", day);
    recto_buf_puts(out, ", ");
  }
  recto_buf_printf(out, "%d", d->year[0]);
}

/* ---- the entries of a document ---- */

/* The resolved entry of an item: linked by recto_doc_resolve_citations,
   or looked up when that pass has not run. */
static recto_bib_entry *S_item_entry(recto_doc *doc,
                                     const recto_cite_item *it) {
  return it->entry ? it->entry : recto_doc_find_entry(doc, it->key);
}

typedef struct S_sortable {
  recto_bib_entry *e;
  recto_buf key; /* casefolded author label, title */
  size_t index;  /* bibliography order, the final tie-break */
} S_sortable;

static void S_fold(recto_buf *out, const char *s) {
  /* ASCII case folding; other scripts compare by code point (UTF-8
     byte order is code point order). */
  for (; s && *s; s++)
    recto_buf_putc(out, *s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
}

static int S_cmp_author_date(const void *pa, const void *pb) {
  const S_sortable *a = pa, *b = pb;
  int c = strcmp(a->key.data ? a->key.data : "", b->key.data ? b->key.data : "");
  if (c)
    return c;
  /* Undated works after dated ones of the same author. */
  int ya = a->e->issued.year[0], yb = b->e->issued.year[0];
  if (ya != yb)
    return !ya ? 1 : !yb ? -1 : ya < yb ? -1 : 1;
  const char *ta = a->e->title ? a->e->title : "";
  const char *tb = b->e->title ? b->e->title : "";
  recto_buf fa = RECTO_BUF_INIT, fb = RECTO_BUF_INIT;
  S_fold(&fa, ta);
  S_fold(&fb, tb);
  c = strcmp(fa.data ? fa.data : "", fb.data ? fb.data : "");
  recto_buf_free(&fa);
  recto_buf_free(&fb);
  if (c)
    return c;
  return a->index < b->index ? -1 : a->index > b->index;
}

/* Entries of the bibliography node bib, in document order, into a
   malloc'd array. */
static recto_bib_entry **S_entries(recto_node *bib, size_t *count) {
  size_t n = 0;
  for (recto_node *c = bib ? recto_node_first_child(bib) : NULL; c;
       c = recto_node_next(c))
    n += recto_node_bib_entry(c) != NULL;
  recto_bib_entry **v = recto_xmalloc((n ? n : 1) * sizeof *v);
  n = 0;
  for (recto_node *c = bib ? recto_node_first_child(bib) : NULL; c;
       c = recto_node_next(c))
    if (recto_node_bib_entry(c))
      v[n++] = recto_node_bib_entry(c);
  *count = n;
  return v;
}

/* The numeric style's numbers.  Numbering needs a walk of the whole
   document (order of first citation); doing it for every citation would
   make writing quadratic.  So the numbers are computed once and kept in
   the document's arena, kept in the document's style cache, and recomputed when the bibliography they were made
   for is gone or no longer lists the same entries.  Citations reordered
   after a writer has numbered them keep their first numbers, which is
   what every later writer of the same document should show anyway. */
#define S_NUMBERS_MAGIC 0x6e756d73u /* "nums" */

typedef struct S_numbers {
  uint32_t magic;
  recto_node *bib;           /* the bibliography numbered */
  size_t n;                  /* entries numbered */
  size_t listed;             /* entries listed in the bibliography */
  recto_bib_entry **entries; /* bibliography order, to validate */
  recto_bib_entry **order;   /* numeric order */
  recto_bib_entry **slots;   /* open addressing: entry -> number */
  size_t *numbers;
  size_t mask;
} S_numbers;

static size_t S_slot(const S_numbers *nb, const recto_bib_entry *e) {
  size_t h = (size_t)(uintptr_t)e;
  h ^= h >> 17;
  h *= (size_t)0x9E3779B97F4A7C15ull;
  h &= nb->mask;
  while (nb->slots[h] && nb->slots[h] != e)
    h = (h + 1) & nb->mask;
  return h;
}

static S_numbers *S_numbers_build(recto_doc *doc, recto_node *bib,
                                  recto_bib_entry **entries, size_t n) {
  S_numbers *nb = recto_alloc(doc, sizeof *nb);
  nb->magic = S_NUMBERS_MAGIC;
  nb->listed = n;
  nb->entries = recto_alloc(doc, (n ? n : 1) * sizeof *nb->entries);
  memcpy(nb->entries, entries, n * sizeof *entries);
  nb->order = recto_alloc(doc, (n ? n : 1) * sizeof *nb->order);
  size_t cap = 16;
  while (cap < 2 * n)
    cap *= 2;
  nb->mask = cap - 1;
  nb->slots = recto_alloc(doc, cap * sizeof *nb->slots);
  nb->numbers = recto_alloc(doc, cap * sizeof *nb->numbers);
  /* Entries of this bibliography by id; the first of a duplicate id. */
  strmap inbib;
  strmap_init(&inbib);
  for (size_t i = 0; i < n; i++)
    if (entries[i]->id && !strmap_get(&inbib, entries[i]->id))
      strmap_put(&inbib, entries[i]->id, entries[i]);
  size_t k = 0;
  recto_iter *it = recto_iter_new(recto_doc_root(doc));
  recto_event ev;
  while (k < n && (ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *c = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER || recto_node_type_of(c) != RECTO_NODE_CITE)
      continue;
    for (size_t i = 0; i < recto_cite_count(c); i++) {
      recto_bib_entry *e = S_item_entry(doc, recto_cite_item_at(c, i));
      /* Only entries of this bibliography get numbers. */
      if (!e || !e->id || strmap_get(&inbib, e->id) != e)
        continue;
      size_t h = S_slot(nb, e);
      if (!nb->slots[h]) {
        nb->slots[h] = e;
        nb->order[k++] = e;
        nb->numbers[h] = k;
      }
    }
  }
  recto_iter_free(it);
  strmap_free(&inbib);
  for (size_t i = 0; i < n; i++) {
    size_t h = S_slot(nb, entries[i]);
    if (!nb->slots[h]) { /* uncited: bibliography order */
      nb->slots[h] = entries[i];
      nb->order[k++] = entries[i];
      nb->numbers[h] = k;
    }
  }
  nb->n = k; /* an entry listed twice is numbered once */
  nb->bib = bib;
  doc->style_cache = nb;
  return nb;
}

/* Whether the numbers were made for the bibliography as it still is:
   linked in the document, listing the same entries (no allocation, one
   comparison per entry). */
static int S_numbers_fresh(const S_numbers *nb, const recto_doc *doc) {
  if (nb->magic != S_NUMBERS_MAGIC ||
      recto_node_type_of(nb->bib) != RECTO_NODE_BIBLIOGRAPHY)
    return 0;
  const recto_node *p = nb->bib;
  while (recto_node_parent(p))
    p = recto_node_parent(p);
  if (p != doc->root)
    return 0;
  size_t i = 0;
  for (recto_node *c = recto_node_first_child(nb->bib); c;
       c = recto_node_next(c)) {
    recto_bib_entry *e = recto_node_bib_entry(c);
    if (e && (i >= nb->listed || nb->entries[i++] != e))
      return 0;
  }
  return i == nb->listed;
}

/* The numbers of doc's bibliography, computed when needed; NULL when
   the document has no bibliography. */
static S_numbers *S_numbers_of(recto_doc *doc) {
  S_numbers *nb = doc->style_cache;
  if (nb && S_numbers_fresh(nb, doc))
    return nb;
  recto_node *bib = recto_doc_bibliography(doc, 0);
  if (!bib)
    return NULL;
  size_t n;
  recto_bib_entry **entries = S_entries(bib, &n);
  nb = S_numbers_build(doc, bib, entries, n);
  free(entries);
  return nb;
}

recto_bib_entry **recto_style_sorted_entries(recto_doc *doc, recto_style style,
                                             size_t *count) {
  if (style == RECTO_STYLE_NUMERIC) {
    S_numbers *nb = S_numbers_of(doc);
    size_t n = nb ? nb->n : 0;
    recto_bib_entry **result = recto_alloc(doc, (n ? n : 1) * sizeof *result);
    if (n)
      memcpy(result, nb->order, n * sizeof *result);
    *count = n;
    return result;
  }
  size_t n;
  recto_bib_entry **entries = S_entries(recto_doc_bibliography(doc, 0), &n);
  recto_bib_entry **result = recto_alloc(doc, (n ? n : 1) * sizeof *result);
  S_sortable *v = recto_xmalloc((n ? n : 1) * sizeof *v);
  for (size_t i = 0; i < n; i++) {
    recto_buf label = RECTO_BUF_INIT;
    v[i].e = entries[i];
    v[i].index = i;
    v[i].key = (recto_buf)RECTO_BUF_INIT;
    S_author_label(entries[i], &label);
    S_fold(&v[i].key, label.data);
    recto_buf_free(&label);
  }
  qsort(v, n, sizeof *v, S_cmp_author_date);
  for (size_t i = 0; i < n; i++) {
    result[i] = v[i].e;
    recto_buf_free(&v[i].key);
  }
  free(v);
  free(entries);
  *count = n;
  return result;
}

/* The number of e in the numeric style (1-based), or 0. */
static size_t S_number(recto_doc *doc, const recto_bib_entry *e) {
  S_numbers *nb = S_numbers_of(doc);
  if (!nb || !e)
    return 0;
  size_t h = S_slot(nb, e);
  return nb->slots[h] ? nb->numbers[h] : 0;
}

/* ---- citations ---- */

/* Locator labels as Chicago abbreviates them. */
static const struct {
  const char *label, *single, *plural;
} S_labels[] = {
    {"page", "p.", "pp."},       {"chapter", "chap.", "chaps."},
    {"section", "sec.", "secs."}, {"volume", "vol.", "vols."},
    {"figure", "fig.", "figs."}, {"note", "n.", "nn."},
    {"paragraph", "para.", "paras."}, {"line", "line", "lines"},
    {"verse", "v.", "vv."},      {"book", "bk.", "bks."},
    {"part", "pt.", "pts."},     {"column", "col.", "cols."},
    {"folio", "fol.", "fols."},  {"number", "no.", "nos."},
    {"opus", "op.", "opp."},     {"sub verbo", "s.v.", "s.vv."},
    {"issue", "no.", "nos."},    {"table", "table", "tables"},
};

static void S_locator(const recto_cite_item *it, int show_page,
                      recto_buf *out) {
  const char *label = S_empty(it->label) ? "page" : it->label;
  int plural = strpbrk(it->locator, ",&") || strstr(it->locator, "-") ||
               strstr(it->locator, "–");
  int page = strcmp(label, "page") == 0;
  if (!page || show_page) {
    const char *text = label;
    for (size_t k = 0; k < sizeof S_labels / sizeof S_labels[0]; k++)
      if (strcmp(S_labels[k].label, label) == 0)
        text = plural ? S_labels[k].plural : S_labels[k].single;
    recto_buf_puts(out, text);
    recto_buf_putc(out, ' ');
  }
  recto_buf_puts(out, it->locator);
}

/* ", 33" / " and elsewhere": a suffix keeps its own punctuation. */
static void S_suffix(const char *suffix, recto_buf *out) {
  if (S_empty(suffix))
    return;
  if (!strchr(",;:.) ", suffix[0]))
    recto_buf_putc(out, ' ');
  recto_buf_puts(out, suffix);
}

static void S_prefix(const char *prefix, recto_buf *out) {
  if (S_empty(prefix))
    return;
  recto_buf_puts(out, prefix);
  if (prefix[strlen(prefix) - 1] != ' ')
    recto_buf_putc(out, ' ');
}

/* One item inside the parentheses (author-date) or brackets (numeric). */
static void S_item_body(recto_doc *doc, recto_style style,
                        const recto_cite_item *it, const recto_bib_entry *e,
                        int with_author, recto_buf *out) {
  S_prefix(it->prefix, out);
  if (!e) {
    recto_buf_puts(out, it->key ? it->key : "?");
  } else if (style == RECTO_STYLE_NUMERIC) {
    recto_buf_printf(out, "%zu", S_number(doc, e));
  } else {
    if (with_author) {
      S_author_label(e, out);
      recto_buf_putc(out, ' ');
    }
    S_year(&e->issued, out);
  }
  if (!S_empty(it->locator)) {
    recto_buf_puts(out, ", ");
    S_locator(it, style == RECTO_STYLE_NUMERIC, out);
  }
  S_suffix(it->suffix, out);
}

void recto_style_format_cite(recto_doc *doc, recto_style style,
                             const recto_node *cite, recto_buf *out) {
  size_t n = recto_cite_count(cite), resolved = 0;
  for (size_t i = 0; i < n; i++)
    resolved += S_item_entry(doc, recto_cite_item_at(cite, i)) != NULL;
  if (!resolved) {
    /* Nothing known: the citation as the source wrote it. */
    const char *text = recto_node_plain_text(cite);
    if (*text || !n) {
      recto_buf_puts(out, text);
      return;
    }
  }
  const char *open = style == RECTO_STYLE_NUMERIC ? "[" : "(";
  const char *close = style == RECTO_STYLE_NUMERIC ? "]" : ")";
  const char *sep = "; ";
  if (style == RECTO_STYLE_NUMERIC) {
    sep = ", ";
    for (size_t i = 0; i < n; i++)
      if (!S_empty(recto_cite_item_at(cite, i)->locator))
        sep = "; ";
  }
  int in_group = 0;
  for (size_t i = 0; i < n; i++) {
    const recto_cite_item *it = recto_cite_item_at(cite, i);
    const recto_bib_entry *e = S_item_entry(doc, it);
    if (it->mode == RECTO_CITE_AUTHOR_IN_TEXT && e) {
      /* Umarov (2022, 33) / Umarov [1, p. 33] */
      if (in_group) {
        recto_buf_puts(out, close);
        in_group = 0;
      }
      if (i)
        recto_buf_puts(out, style == RECTO_STYLE_NUMERIC ? ", " : "; ");
      S_prefix(it->prefix, out);
      S_author_label(e, out);
      recto_buf_putc(out, ' ');
      recto_buf_puts(out, open);
      recto_cite_item bare = *it;
      bare.prefix = NULL;
      S_item_body(doc, style, &bare, e, 0, out);
      recto_buf_puts(out, close);
      continue;
    }
    if (!in_group) {
      if (i)
        recto_buf_putc(out, ' ');
      recto_buf_puts(out, open);
      in_group = 1;
    } else {
      recto_buf_puts(out, sep);
    }
    S_item_body(doc, style, it, e, it->mode != RECTO_CITE_SUPPRESS_AUTHOR,
                out);
  }
  if (in_group)
    recto_buf_puts(out, close);
}

/* ---- bibliography entries ---- */

static int S_type_is(const recto_bib_entry *e, const char *t) {
  return e->type && strcmp(e->type, t) == 0;
}

/* Titles of parts (articles, chapters, pages) go in quotes; titles of
   whole works stand alone (italics, in a richer output). */
static int S_quoted_title(const recto_bib_entry *e) {
  static const char *const parts[] = {
      "article",          "article-journal", "article-magazine",
      "article-newspaper", "chapter",        "paper-conference",
      "entry",            "entry-dictionary", "entry-encyclopedia",
      "webpage",          "post",            "post-weblog",
      "thesis",           "manuscript",      "speech"};
  for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
    if (S_type_is(e, parts[k]))
      return 1;
  return 0;
}

static void S_title(const recto_bib_entry *e, size_t from, recto_buf *out) {
  if (S_empty(e->title))
    return;
  S_part(out, from);
  if (S_quoted_title(e)) {
    recto_buf_puts(out, "“");
    recto_buf_puts(out, e->title);
    size_t n = strlen(e->title);
    if (!strchr(".?!", e->title[n - 1]))
      recto_buf_putc(out, '.');
    recto_buf_puts(out, "”");
  } else {
    recto_buf_puts(out, e->title);
  }
}

/* "Container 12 (3): 33–35" / "In Container, edited by X, 33–35". */
static void S_container(const recto_bib_entry *e, size_t from,
                        recto_buf *out) {
  int in_book = S_type_is(e, "chapter") || S_type_is(e, "paper-conference") ||
                S_type_is(e, "entry-encyclopedia") ||
                S_type_is(e, "entry-dictionary");
  int eds = 0;
  S_creators(e, &eds);
  if (S_empty(e->container_title) && !e->editor && S_empty(e->page))
    return;
  if (in_book) {
    S_part(out, from);
    if (!S_empty(e->container_title)) {
      recto_buf_puts(out, "In ");
      recto_buf_puts(out, e->container_title);
    }
    if (e->editor && !eds) {
      recto_buf_puts(out, S_empty(e->container_title) ? "Edited by "
                                                      : ", edited by ");
      S_name_list_plain(e->editor, out);
    }
    if (!S_empty(e->page)) {
      recto_buf_puts(out, S_last(out, from) && S_last(out, from) != ' '
                              ? ", "
                              : "");
      recto_buf_puts(out, e->page);
    }
    return;
  }
  if (!S_empty(e->container_title)) {
    S_part(out, from);
    recto_buf_puts(out, e->container_title);
    if (!S_empty(e->volume)) {
      recto_buf_putc(out, ' ');
      recto_buf_puts(out, e->volume);
    }
    if (!S_empty(e->issue))
      recto_buf_printf(out, " (%s)", e->issue);
    if (!S_empty(e->page)) {
      recto_buf_puts(out, S_empty(e->volume) && S_empty(e->issue) ? ", "
                                                                  : ": ");
      recto_buf_puts(out, e->page);
    }
  } else if (!S_empty(e->page)) {
    S_part(out, from);
    recto_buf_puts(out, e->page);
  }
}

static void S_publication(const recto_bib_entry *e, size_t from,
                          recto_buf *out) {
  if (!S_empty(e->collection_title)) {
    S_part(out, from);
    recto_buf_puts(out, e->collection_title);
  }
  if (!S_empty(e->number) && !S_type_is(e, "article-journal")) {
    S_part(out, from);
    recto_buf_puts(out, e->number);
  }
  if (!S_empty(e->publisher_place) || !S_empty(e->publisher)) {
    S_part(out, from);
    if (!S_empty(e->publisher_place))
      recto_buf_puts(out, e->publisher_place);
    if (!S_empty(e->publisher_place) && !S_empty(e->publisher))
      recto_buf_puts(out, ": ");
    if (!S_empty(e->publisher))
      recto_buf_puts(out, e->publisher);
  }
}

static void S_links(const recto_bib_entry *e, size_t from, recto_buf *out) {
  if (S_has_year(&e->accessed) || !S_empty(e->accessed.literal)) {
    S_part(out, from);
    recto_buf_puts(out, "Accessed ");
    S_full_date(&e->accessed, out);
  }
  if (!S_empty(e->note)) {
    S_part(out, from);
    recto_buf_puts(out, e->note);
  }
  if (!S_empty(e->doi)) {
    S_part(out, from);
    if (strncmp(e->doi, "http", 4) != 0)
      recto_buf_puts(out, "https://doi.org/");
    recto_buf_puts(out, e->doi);
  } else if (!S_empty(e->url)) {
    S_part(out, from);
    recto_buf_puts(out, e->url);
  }
}

/* Whether the entry has anything to show beyond its key. */
/* Whether the fields say who or what the work is; a date or a link alone
   says less than the entry's raw text, which then stands instead. */
static int S_usable(const recto_bib_entry *e) {
  if (e->author || e->editor || !S_empty(e->title) ||
      !S_empty(e->container_title))
    return 1;
  return S_empty(e->raw) &&
         (S_has_year(&e->issued) || !S_empty(e->issued.literal) ||
          !S_empty(e->url) || !S_empty(e->doi));
}

static void S_edition_translator(const recto_bib_entry *e, size_t from,
                                 recto_buf *out) {
  if (e->translator) {
    S_part(out, from);
    recto_buf_puts(out, "Translated by ");
    S_name_list_plain(e->translator, out);
  }
  if (!S_empty(e->edition)) {
    S_part(out, from);
    recto_buf_puts(out, e->edition);
    if (strspn(e->edition, "0123456789") == strlen(e->edition))
      recto_buf_puts(out, ". ed");
  }
}

void recto_style_format_entry(recto_doc *doc, recto_style style,
                              const recto_bib_entry *e, recto_buf *out) {
  if (!e)
    return;
  if (!S_usable(e)) {
    if (!S_empty(e->raw))
      recto_buf_puts(out, e->raw);
    else if (e->id)
      recto_buf_puts(out, e->id);
    return;
  }
  if (style == RECTO_STYLE_NUMERIC)
    recto_buf_printf(out, "[%zu] ", S_number(doc, e));
  size_t from = out->len;
  int eds = 0;
  const recto_name *who = S_creators(e, &eds);
  if (style == RECTO_STYLE_AUTHOR_DATE) {
    /* Umarov, Ali, and Jan van der Berg. 2022. Title. Place: Publisher. */
    if (who) {
      S_name_list(who, out);
      if (eds)
        recto_buf_puts(out, S_count_names(who) > 1 ? ", eds" : ", ed");
    } else if (!S_empty(e->title)) {
      recto_buf_puts(out, e->title);
    }
    S_part(out, from);
    S_year(&e->issued, out);
    if (who)
      S_title(e, from, out);
  } else {
    /* Ali Umarov and Jan van der Berg. Title. Place: Publisher, 2022. */
    if (who) {
      S_name_list_plain(who, out);
      if (eds)
        recto_buf_puts(out, S_count_names(who) > 1 ? ", eds" : ", ed");
    }
    S_title(e, from, out);
  }
  S_edition_translator(e, from, out);
  S_container(e, from, out);
  S_publication(e, from, out);
  if (style == RECTO_STYLE_NUMERIC) {
    recto_buf_puts(out, out->len > from ? ", " : "");
    S_year(&e->issued, out);
  }
  S_links(e, from, out);
  S_period(out, from);
}
