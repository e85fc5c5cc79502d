/* bibtex.c: BibTeX / BibLaTeX files into bibliography entries.
   @string macros, braced and quoted values, # concatenation, LaTeX to
   Unicode, names into their parts, BibLaTeX dates and ranges, and a
   calendar field for non-Gregorian years.  A syntax error stops the
   reading with its line and column, and so does an @string expansion
   past S_MAX_EXPANSION (a macro doubled forty times is a terabyte). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "biblio.h"
#include "cslentry.h"
#include "json.h"

/* What macro references may add to a file, in all: 16 MB, or 8 times the
   file when it is larger.  A macro's value is stored expanded, so every
   reference copies at most what is already counted and there is no
   recursion whose depth would need a bound of its own. */
#define S_MAX_EXPANSION ((size_t)16 << 20)
#define S_EXPANSION_FACTOR 8

typedef struct S_macro {
  const char *name; /* lower case */
  size_t name_len;
  unsigned hash;
  const char *value;
  size_t len;
  struct S_macro *next;
} S_macro;

typedef struct S_field {
  size_t name, name_len; /* in strs; name in lower case */
  size_t val, val_len;   /* in strs; the raw value, macros expanded */
  size_t at;             /* offset of the value in the input */
} S_field;

/* An entry as read, kept until the whole file is in: crossref and xdata
   name entries that may come later. */
typedef struct S_rec {
  char type[32];
  size_t key, key_len;  /* in kept */
  size_t at, end;       /* the entry's text in the input */
  recto_pos pos;
  size_t first, count;  /* its fields in kfields (strings in kept) */
} S_rec;

typedef struct S_bib {
  recto_context *ctx;
  recto_doc *doc;
  const char *s;
  size_t len, p;
  rj_cursor cursor; /* positions, anchored at the current entry */
  S_macro **macros; /* hash buckets, as many as macros or more */
  size_t nbuckets, nmacros;
  size_t expanded, max_expanded;
  recto_buf strs;
  S_field *fields;
  size_t nfields, cap;
  /* every entry's fields, for inheritance */
  recto_buf kept;
  S_field *kfields;
  size_t nkfields, kcap;
  S_rec *recs;
  size_t nrecs, rcap;
} S_bib;

static recto_pos S_pos(S_bib *b, size_t off) {
  return rj_cursor_pos(&b->cursor, off);
}

static int S_fail(S_bib *b, size_t off, const char *fmt, ...)
    RECTO_PRINTF(3, 4);

static int S_fail(S_bib *b, size_t off, const char *fmt, ...) {
  recto_pos pos = S_pos(b, off);
  va_list ap;
  va_start(ap, fmt);
  recto_diag_vemit(b->ctx, RECTO_DIAG_ERROR, "bibtex.syntax", &pos, fmt, ap);
  va_end(ap);
  return -1;
}

static void S_warn(S_bib *b, const char *code, size_t off, const char *fmt,
                   ...) RECTO_PRINTF(4, 5);

static void S_warn(S_bib *b, const char *code, size_t off, const char *fmt,
                   ...) {
  recto_pos pos = S_pos(b, off);
  va_list ap;
  va_start(ap, fmt);
  recto_diag_vemit(b->ctx, RECTO_DIAG_WARNING, code, &pos, fmt, ap);
  va_end(ap);
}

/* ---- macros ---- */

static unsigned S_hash(const char *s, size_t len) {
  unsigned h = 5381;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    h = h * 33 + (unsigned char)c;
  }
  return h;
}

static S_macro *S_macro_get(S_bib *b, const char *name, size_t len) {
  if (!b->nbuckets)
    return NULL;
  unsigned h = S_hash(name, len);
  for (S_macro *m = b->macros[h & (b->nbuckets - 1)]; m; m = m->next)
    if (m->hash == h && m->name_len == len &&
        strncasecmp(m->name, name, len) == 0)
      return m;
  return NULL;
}

/* Twice the buckets once there are as many macros as buckets: lookups
   stay constant-time however many macros a file defines. */
static void S_macro_grow(S_bib *b) {
  size_t n = b->nbuckets ? b->nbuckets * 2 : 64;
  S_macro **buckets = calloc(n, sizeof *buckets);
  if (!buckets)
    recto_out_of_memory();
  for (size_t k = 0; k < b->nbuckets; k++)
    for (S_macro *m = b->macros[k], *next; m; m = next) {
      next = m->next;
      m->next = buckets[m->hash & (n - 1)];
      buckets[m->hash & (n - 1)] = m;
    }
  free(b->macros);
  b->macros = buckets;
  b->nbuckets = n;
}

static void S_macro_set(S_bib *b, const char *name, size_t nlen,
                        const char *value, size_t vlen) {
  S_macro *m = S_macro_get(b, name, nlen);
  if (!m) {
    if (b->nmacros >= b->nbuckets)
      S_macro_grow(b);
    m = recto_alloc(b->doc, sizeof *m);
    char *lower = recto_strndup(b->doc, name, nlen);
    for (char *c = lower; *c; c++)
      if (*c >= 'A' && *c <= 'Z')
        *c = (char)(*c - 'A' + 'a');
    m->name = lower;
    m->name_len = nlen;
    m->hash = S_hash(name, nlen);
    m->next = b->macros[m->hash & (b->nbuckets - 1)];
    b->macros[m->hash & (b->nbuckets - 1)] = m;
    b->nmacros++;
  }
  m->value = recto_strndup(b->doc, value, vlen);
  m->len = vlen;
}

/* ---- lexing ---- */

static void S_skip_ws(S_bib *b) {
  while (b->p < b->len && strchr(" \t\r\n\f\v", b->s[b->p]) && b->s[b->p])
    b->p++;
}

/* Characters BibTeX allows in identifiers (field names, macros, types). */
static int S_ident_char(char c) {
  return c && !strchr(" \t\r\n\f\v\"#%'(),={}", c);
}

static size_t S_ident(S_bib *b) {
  size_t start = b->p;
  while (b->p < b->len && S_ident_char(b->s[b->p]))
    b->p++;
  return b->p - start;
}

/* {...} or "...": braces nest (and protect quotes); the content without
   the outer delimiters. */
static int S_delimited(S_bib *b, recto_buf *out) {
  char closing = b->s[b->p] == '{' ? '}' : '"';
  size_t open = b->p, start = ++b->p;
  int depth = 0;
  while (b->p < b->len) {
    char c = b->s[b->p];
    if (c == '\\' && b->p + 1 < b->len) {
      b->p += 2;
      continue;
    }
    if (c == closing && depth == 0) {
      recto_buf_put(out, b->s + start, b->p - start);
      b->p++;
      return 0;
    }
    if (c == '{')
      depth++;
    else if (c == '}' && --depth < 0)
      return S_fail(b, b->p, "'}' without '{' in a quoted value");
    b->p++;
  }
  return closing == '}'
             ? S_fail(b, open, "unbalanced braces: this '{' is never closed")
             : S_fail(b, open, "unterminated quoted value: '\"' missing");
}

/* A value: parts joined by '#'. */
static int S_value(S_bib *b, recto_buf *out) {
  for (;;) {
    S_skip_ws(b);
    if (b->p >= b->len)
      return S_fail(b, b->p, "unexpected end of file: a field value was "
                             "expected");
    char c = b->s[b->p];
    if (c == '{' || c == '"') {
      if (S_delimited(b, out) < 0)
        return -1;
    } else if (c >= '0' && c <= '9') {
      size_t start = b->p;
      while (b->p < b->len && b->s[b->p] >= '0' && b->s[b->p] <= '9')
        b->p++;
      recto_buf_put(out, b->s + start, b->p - start);
    } else if (S_ident_char(c)) {
      size_t start = b->p, n = S_ident(b);
      S_macro *m = S_macro_get(b, b->s + start, n);
      if (m && m->len > b->max_expanded - b->expanded)
        return S_fail(b, start, "@string macros expand to more than %zu "
                      "bytes here; the file is refused as a macro bomb",
                      b->max_expanded);
      if (m) {
        b->expanded += m->len;
        recto_buf_put(out, m->value, m->len);
      } else
        S_warn(b, "bibtex.undefined-macro", start,
               "undefined @string macro '%.*s' (empty)", (int)n,
               b->s + start);
    } else {
      return S_fail(b, b->p, "a field value was expected ('{', '\"', a "
                             "number or a macro name)");
    }
    S_skip_ws(b);
    if (b->p < b->len && b->s[b->p] == '#') {
      b->p++;
      continue;
    }
    return 0;
  }
}

/* name = value; the name lower-cased into b->strs. */
static int S_read_field(S_bib *b, S_field *f) {
  size_t start = b->p, n = S_ident(b);
  if (!n)
    return S_fail(b, b->p, "a field name was expected");
  f->name = b->strs.len;
  f->name_len = n;
  for (size_t i = 0; i < n; i++) {
    char c = b->s[start + i];
    recto_buf_putc(&b->strs, c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  recto_buf_putc(&b->strs, '\0');
  S_skip_ws(b);
  if (b->p >= b->len || b->s[b->p] != '=')
    return S_fail(b, b->p, "'=' expected after the field name '%.*s'",
                  (int)n, b->s + start);
  b->p++;
  S_skip_ws(b);
  f->at = b->p;
  f->val = b->strs.len;
  if (S_value(b, &b->strs) < 0)
    return -1;
  f->val_len = b->strs.len - f->val;
  recto_buf_putc(&b->strs, '\0');
  return 0;
}

/* ---- entries ---- */

static const struct {
  const char *bib, *csl;
} S_types[] = {
    {"article", "article-journal"},
    {"book", "book"},
    {"mvbook", "book"},
    {"booklet", "pamphlet"},
    {"inbook", "chapter"},
    {"bookinbook", "chapter"},
    {"suppbook", "chapter"},
    {"incollection", "chapter"},
    {"suppcollection", "chapter"},
    {"inproceedings", "paper-conference"},
    {"conference", "paper-conference"},
    {"proceedings", "book"},
    {"mvproceedings", "book"},
    {"collection", "book"},
    {"mvcollection", "book"},
    {"reference", "book"},
    {"inreference", "entry-encyclopedia"},
    {"manual", "report"},
    {"techreport", "report"},
    {"report", "report"},
    {"mastersthesis", "thesis"},
    {"phdthesis", "thesis"},
    {"thesis", "thesis"},
    {"unpublished", "manuscript"},
    {"online", "webpage"},
    {"www", "webpage"},
    {"electronic", "webpage"},
    {"patent", "patent"},
    {"periodical", "periodical"},
    {"dataset", "dataset"},
    {"software", "software"},
    {"video", "motion_picture"},
    {"movie", "motion_picture"},
    {"audio", "song"},
    {"misc", "document"},
};

/* Babel / polyglossia language names to BCP 47. */
static const struct {
  const char *name, *tag;
} S_langs[] = {
    {"english", "en"},   {"american", "en-US"}, {"USenglish", "en-US"},
    {"british", "en-GB"}, {"UKenglish", "en-GB"}, {"persian", "fa"},
    {"farsi", "fa"},      {"arabic", "ar"},      {"russian", "ru"},
    {"german", "de"},     {"ngerman", "de"},     {"french", "fr"},
    {"spanish", "es"},    {"italian", "it"},     {"turkish", "tr"},
    {"urdu", "ur"},       {"hebrew", "he"},      {"ukrainian", "uk"},
    {"kazakh", "kk"},     {"uzbek", "uz"},       {"tajik", "tg"},
    {"chinese", "zh"},    {"japanese", "ja"},    {"dutch", "nl"},
    {"portuguese", "pt"}, {"polish", "pl"},      {"greek", "el"},
    {"latin", "la"},      {"kurdish", "ku"},     {"pashto", "ps"},
};

static const char *S_lang_tag(recto_doc *doc, const char *v) {
  for (size_t k = 0; k < sizeof S_langs / sizeof S_langs[0]; k++)
    if (strcasecmp(S_langs[k].name, v) == 0)
      return S_langs[k].tag;
  return recto_strdup(doc, v); /* already a tag ("fa", "en-GB") */
}

static int S_month(const char *v) {
  static const char *const names[] = {"jan", "feb", "mar", "apr",
                                      "may", "jun", "jul", "aug",
                                      "sep", "oct", "nov", "dec"};
  char *end;
  long m = strtol(v, &end, 10);
  if (end != v && !*end)
    return m >= 1 && m <= 12 ? (int)m : 0;
  for (int k = 0; k < 12; k++)
    if (strncasecmp(v, names[k], 3) == 0)
      return k + 1;
  return 0;
}

static int S_calendar(const char *v, recto_calendar *out) {
  static const struct {
    const char *name;
    recto_calendar cal;
  } cals[] = {{"gregorian", RECTO_CALENDAR_GREGORIAN},
              {"solar-hijri", RECTO_CALENDAR_SOLAR_HIJRI},
              {"solarhijri", RECTO_CALENDAR_SOLAR_HIJRI},
              {"persian", RECTO_CALENDAR_SOLAR_HIJRI},
              {"jalali", RECTO_CALENDAR_SOLAR_HIJRI},
              {"shamsi", RECTO_CALENDAR_SOLAR_HIJRI},
              {"hijri", RECTO_CALENDAR_HIJRI},
              {"islamic", RECTO_CALENDAR_HIJRI},
              {"lunar-hijri", RECTO_CALENDAR_HIJRI},
              {"qamari", RECTO_CALENDAR_HIJRI}};
  for (size_t k = 0; k < sizeof cals / sizeof cals[0]; k++)
    if (strcasecmp(cals[k].name, v) == 0) {
      *out = cals[k].cal;
      return 0;
    }
  return -1;
}

/* Fields that carry nothing for the model: dropped without a word. */
static int S_ignored(const char *name) {
  static const char *const names[] = {
      "abstract", "keywords", "file", "annote", "annotation", "owner",
      "timestamp", "crossref", "xref", "xdata", "entryset", "eprint",
      "eprinttype", "archiveprefix", "primaryclass", "shorttitle",
      "mendeley-tags", "copyright", "pmid", "shortjournal", "entrysubtype",
      "type", "chapter", "howpublished", "month", "day", "year", "date",
      "urldate", "calendar", "langid", "hyphenation", "language", "subtitle",
      "titleaddon", "institution", "school", "organization", "number",
      "mainsubtitle", "maintitleaddon", "booksubtitle", "booktitleaddon",
      "journalsubtitle", "journaltitleaddon", "addendum", "part"};
  for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
    if (strcmp(names[k], name) == 0)
      return 1;
  return 0;
}

enum { K_TEXT, K_VERBATIM, K_PAGES, K_NAMES, K_LIST };

static const struct {
  const char *bib;
  int kind;
  size_t off;
} S_map[] = {
    {"author", K_NAMES, offsetof(recto_bib_entry, author)},
    {"editor", K_NAMES, offsetof(recto_bib_entry, editor)},
    {"translator", K_NAMES, offsetof(recto_bib_entry, translator)},
    {"title", K_TEXT, offsetof(recto_bib_entry, title)},
    {"journal", K_TEXT, offsetof(recto_bib_entry, container_title)},
    {"journaltitle", K_TEXT, offsetof(recto_bib_entry, container_title)},
    {"booktitle", K_TEXT, offsetof(recto_bib_entry, container_title)},
    {"maintitle", K_TEXT, offsetof(recto_bib_entry, container_title)},
    {"series", K_TEXT, offsetof(recto_bib_entry, collection_title)},
    {"publisher", K_LIST, offsetof(recto_bib_entry, publisher)},
    {"address", K_LIST, offsetof(recto_bib_entry, publisher_place)},
    {"location", K_LIST, offsetof(recto_bib_entry, publisher_place)},
    {"edition", K_TEXT, offsetof(recto_bib_entry, edition)},
    {"volume", K_TEXT, offsetof(recto_bib_entry, volume)},
    {"issue", K_TEXT, offsetof(recto_bib_entry, issue)},
    {"pages", K_PAGES, offsetof(recto_bib_entry, page)},
    {"note", K_TEXT, offsetof(recto_bib_entry, note)},
    {"doi", K_VERBATIM, offsetof(recto_bib_entry, doi)},
    {"url", K_VERBATIM, offsetof(recto_bib_entry, url)},
    {"isbn", K_VERBATIM, offsetof(recto_bib_entry, isbn)},
    {"issn", K_VERBATIM, offsetof(recto_bib_entry, issn)},
};

static const char *S_fname(S_bib *b, const S_field *f) {
  return b->strs.data + f->name;
}
static const char *S_fval(S_bib *b, const S_field *f) {
  return b->strs.data + f->val;
}

/* The field named name (the last one when repeated), or NULL. */
static const S_field *S_find(S_bib *b, const char *name) {
  const S_field *found = NULL;
  for (size_t i = 0; i < b->nfields; i++)
    if (strcmp(S_fname(b, &b->fields[i]), name) == 0)
      found = &b->fields[i];
  return found;
}

static const char *S_text(S_bib *b, const char *name) {
  const S_field *f = S_find(b, name);
  if (!f)
    return NULL;
  const char *t = bib_latex(b->doc, S_fval(b, f), f->val_len);
  return *t ? t : NULL;
}

static void S_dates(S_bib *b, recto_bib_entry *e) {
  const S_field *f;
  const char *v;
  if ((v = S_text(b, "calendar")) &&
      S_calendar(v, &e->issued.calendar) < 0)
    S_warn(b, "bibtex.unknown-calendar", S_find(b, "calendar")->at,
           "unknown calendar '%s' (gregorian, solar-hijri or hijri)", v);
  if ((v = S_text(b, "date"))) {
    if (csl_parse_date(v, &e->issued) < 0)
      e->issued.literal = v;
  } else if ((v = S_text(b, "year"))) {
    if (csl_parse_date(v, &e->issued) < 0 || e->issued.month[0] ||
        e->issued.year[1]) {
      memset(e->issued.year, 0, sizeof e->issued.year);
      memset(e->issued.month, 0, sizeof e->issued.month);
      e->issued.literal = v; /* "forthcoming", "n.d." */
    } else {
      if ((v = S_text(b, "month"))) {
        e->issued.month[0] = S_month(v);
        if (!e->issued.month[0])
          S_warn(b, "bibtex.bad-date", S_find(b, "month")->at,
                 "month '%s' not understood", v);
      }
      if ((v = S_text(b, "day")) && e->issued.month[0])
        e->issued.day[0] = atoi(v);
    }
  }
  if ((f = S_find(b, "urldate"))) {
    v = bib_latex(b->doc, S_fval(b, f), f->val_len);
    if (csl_parse_date(v, &e->accessed) < 0)
      e->accessed.literal = v;
  }
}

/* base, then its subtitle field (after ": ", or a space when base ends
   in punctuation) and its addon field (after ". "), when the entry has
   them. */
static const char *S_title_parts(S_bib *b, const char *base, const char *sub,
                                 const char *addon) {
  const char *v;
  recto_buf t = RECTO_BUF_INIT;
  recto_buf_puts(&t, base);
  if (sub && (v = S_text(b, sub)))
    recto_buf_printf(&t, "%s%s",
                     t.len && strchr(".:?!", t.data[t.len - 1]) ? " " : ": ",
                     v);
  if (addon && (v = S_text(b, addon)))
    recto_buf_printf(&t, ". %s", v);
  const char *s = recto_strndup(b->doc, t.data, t.len);
  recto_buf_free(&t);
  return s;
}

/* The URL of an e-print in a known archive (biblatex's eprinttype), or
   NULL. */
static const char *S_eprint_url(recto_doc *doc, const char *type,
                                const char *id) {
  static const struct {
    const char *type, *base;
  } archives[] = {{"arxiv", "https://arxiv.org/abs/"},
                  {"jstor", "https://www.jstor.org/stable/"},
                  {"pubmed", "https://www.ncbi.nlm.nih.gov/pubmed/"},
                  {"hdl", "https://hdl.handle.net/"},
                  {"googlebooks", "https://books.google.com?id="}};
  for (size_t k = 0; type && k < sizeof archives / sizeof *archives; k++)
    if (!strcasecmp(type, archives[k].type)) {
      recto_buf t = RECTO_BUF_INIT;
      recto_buf_printf(&t, "%s%s", archives[k].base, id);
      const char *s = recto_strndup(doc, t.data, t.len);
      recto_buf_free(&t);
      return s;
    }
  return NULL;
}

/* A list field ("A and {B and C}"): its items, "; " between them. */
static const char *S_list(recto_doc *doc, const char *raw, size_t len) {
  recto_buf t = RECTO_BUF_INIT;
  size_t start = 0;
  int depth = 0;
  for (size_t j = 0; j <= len; j++) {
    char c = j < len ? raw[j] : '\0';
    depth += c == '{' ? 1 : c == '}' ? -1 : 0;
    int sep = depth == 0 && j + 5 <= len && !strncasecmp(raw + j, " and ", 5);
    if (j < len && !sep)
      continue;
    const char *item = bib_latex(doc, raw + start, j - start);
    if (*item)
      recto_buf_printf(&t, "%s%s", t.len ? "; " : "", item);
    start = j + 5;
    j += 4;
  }
  const char *s = t.len ? recto_strndup(doc, t.data, t.len) : NULL;
  recto_buf_free(&t);
  return s;
}

static void S_entry(S_bib *b, size_t at, size_t end, recto_pos pos,
                    const char *type, const char *key, size_t key_len) {
  recto_doc *doc = b->doc;
  recto_bib_entry *e = recto_bib_entry_new(doc);
  e->id = recto_strndup(doc, key, key_len);
  if (recto_doc_find_entry(doc, e->id)) {
    S_warn(b, "bibtex.duplicate-key", at,
           "duplicate key '%s': this entry is ignored", e->id);
    return;
  }
  e->type = "document";
  for (size_t k = 0; k < sizeof S_types / sizeof S_types[0]; k++)
    if (strcasecmp(S_types[k].bib, type) == 0)
      e->type = S_types[k].csl;
  const char *sub = S_text(b, "entrysubtype");
  if (sub && strcmp(e->type, "article-journal") == 0 &&
      (strcmp(sub, "magazine") == 0 || strcmp(sub, "newspaper") == 0))
    e->type = strcmp(sub, "magazine") == 0 ? "article-magazine"
                                           : "article-newspaper";
  e->type = recto_strdup(doc, e->type);

  for (size_t i = 0; i < b->nfields; i++) {
    const S_field *f = &b->fields[i];
    const char *name = S_fname(b, f), *raw = S_fval(b, f);
    size_t k = 0;
    while (k < sizeof S_map / sizeof S_map[0] && strcmp(S_map[k].bib, name))
      k++;
    if (k == sizeof S_map / sizeof S_map[0]) {
      if (!S_ignored(name)) {
        recto_pos pos = S_pos(b, f->at);
        recto_diag_emit(b->ctx, RECTO_DIAG_INFO, "bibtex.unknown-field", &pos,
                        "field '%s' of '%s' ignored", name, e->id);
      }
      continue;
    }
    void *slot = (char *)e + S_map[k].off;
    switch (S_map[k].kind) {
    case K_NAMES:
      *(recto_name **)slot = bib_names(doc, raw, f->val_len);
      break;
    case K_VERBATIM: {
      /* Identifiers and URLs are taken as written, braces aside. */
      recto_buf t = RECTO_BUF_INIT;
      for (size_t j = 0; j < f->val_len; j++)
        if (raw[j] != '{' && raw[j] != '}')
          recto_buf_putc(&t, raw[j]);
      const char *s = recto_strndup(doc, t.data ? t.data : "", t.len);
      recto_buf_free(&t);
      while (*s == ' ')
        s++;
      *(const char **)slot = *s ? s : NULL;
      break;
    }
    case K_PAGES: {
      /* Page ranges use a plain hyphen, as CSL JSON does: 33--35 -> 33-35 */
      recto_buf t = RECTO_BUF_INIT;
      for (size_t j = 0; j < f->val_len; j++)
        if (!(raw[j] == '-' && j + 1 < f->val_len && raw[j + 1] == '-'))
          recto_buf_putc(&t, raw[j]);
      const char *s = bib_latex(doc, t.data ? t.data : "", t.len);
      recto_buf_free(&t);
      *(const char **)slot = *s ? s : NULL;
      break;
    }
    case K_LIST:
      /* "Paris and London": a list, written as CSL writes one */
      *(const char **)slot = S_list(doc, raw, f->val_len);
      break;
    default: {
      const char *s = bib_latex(doc, raw, f->val_len);
      *(const char **)slot = *s ? s : NULL;
    }
    }
  }
  /* biblatex's localisation keys in a series field */
  if (e->collection_title && !strcasecmp(e->collection_title, "newseries"))
    e->collection_title = "New series";
  else if (e->collection_title &&
           !strcasecmp(e->collection_title, "oldseries"))
    e->collection_title = "Old series";
  const char *v;
  /* a title with its subtitle and addition; a container's likewise, a
     multi-volume work's title before a book's (as pandoc) */
  if (e->title)
    e->title = S_title_parts(b, e->title, "subtitle", "titleaddon");
  static const char *const containers[][3] = {
      {"maintitle", "mainsubtitle", "maintitleaddon"},
      {"booktitle", "booksubtitle", "booktitleaddon"},
      {"journaltitle", "journalsubtitle", "journaltitleaddon"}};
  for (size_t k = 0; k < 3; k++)
    if ((v = S_text(b, containers[k][0]))) {
      e->container_title =
          S_title_parts(b, v, containers[k][1], containers[k][2]);
      break;
    }
  if (e->volume && (v = S_text(b, "part"))) { /* volume 7, part 2: 7.2 */
    recto_buf t = RECTO_BUF_INIT;
    recto_buf_printf(&t, "%s.%s", e->volume, v);
    e->volume = recto_strndup(doc, t.data, t.len);
    recto_buf_free(&t);
  }
  if (e->note && (v = S_text(b, "addendum")))
    e->note = S_title_parts(b, e->note, NULL, "addendum");
  if (!e->url && (v = S_text(b, "eprint")))
    e->url = S_eprint_url(doc, S_text(b, "eprinttype"), v);
  if ((v = S_text(b, "number"))) {
    /* A report's number identifies it, a book's its place in the series;
       an article's is its issue. */
    if (strcmp(e->type, "report") == 0 || strcmp(e->type, "patent") == 0 ||
        (e->collection_title && strcmp(e->type, "article-journal") != 0))
      e->number = v;
    else if (!e->issue)
      e->issue = v;
  }
  if (!e->publisher) {
    static const char *const alt[] = {"institution", "school", "organization",
                                      "howpublished"};
    for (size_t k = 0; k < 4 && !e->publisher; k++)
      e->publisher = S_text(b, alt[k]);
  }
  if ((v = S_text(b, "langid")) ||
      (v = S_text(b, "hyphenation")) || /* biblatex 1's name for langid */
      (v = S_text(b, "language")))
    e->language = S_lang_tag(doc, v);
  S_dates(b, e);
  bib_derive_dir(e);
  e->pos = pos;
  e->raw = recto_strndup(doc, b->s + at, end - at);
  recto_doc_add_entry(doc, e);
}

static void S_push_field(S_bib *b, const S_field *f) {
  b->fields = rj_reserve(b->fields, b->nfields, &b->cap, sizeof *b->fields);
  b->fields[b->nfields++] = *f;
}

/* ---- inheritance: crossref, xdata, sets ---- */

static void S_keep(S_bib *b, size_t at, recto_pos pos, const char *type,
                   size_t kstart, size_t klen) {
  b->recs = rj_reserve(b->recs, b->nrecs, &b->rcap, sizeof *b->recs);
  S_rec *r = &b->recs[b->nrecs++];
  memset(r, 0, sizeof *r);
  snprintf(r->type, sizeof r->type, "%s", type);
  for (char *c = r->type; *c; c++)
    if (*c >= 'A' && *c <= 'Z')
      *c = (char)(*c - 'A' + 'a');
  r->key = b->kept.len;
  r->key_len = klen;
  recto_buf_put(&b->kept, b->s + kstart, klen);
  recto_buf_putc(&b->kept, '\0');
  r->at = at;
  r->end = b->p;
  r->pos = pos;
  r->first = b->nkfields;
  for (size_t i = 0; i < b->nfields; i++) {
    S_field f = b->fields[i];
    size_t name = b->kept.len;
    recto_buf_put(&b->kept, S_fname(b, &b->fields[i]), f.name_len);
    recto_buf_putc(&b->kept, '\0');
    f.val = b->kept.len;
    recto_buf_put(&b->kept, S_fval(b, &b->fields[i]), f.val_len);
    recto_buf_putc(&b->kept, '\0');
    f.name = name;
    b->kfields = rj_reserve(b->kfields, b->nkfields, &b->kcap,
                            sizeof *b->kfields);
    b->kfields[b->nkfields++] = f;
  }
  r->count = b->nfields;
}

/* The entry of key, or NULL (the first when a key repeats). */
static const S_rec *S_rec_of(S_bib *b, const char *key, size_t len) {
  for (size_t i = 0; i < b->nrecs; i++)
    if (b->recs[i].key_len == len &&
        strncasecmp(b->kept.data + b->recs[i].key, key, len) == 0)
      return &b->recs[i];
  return NULL;
}

/* Fields a child never takes from the entries it inherits from. */
static int S_not_inherited(const char *name) {
  static const char *const names[] = {
      "ids",      "crossref", "xref",      "xdata",     "entryset",
      "entrysubtype", "execute", "label", "options", "presort", "related",
      "relatedoptions", "relatedstring", "relatedtype", "shorthand",
      "shorthandintro", "sortkey", "sortname", "sorttitle", "sortyear"};
  for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
    if (strcmp(names[k], name) == 0)
      return 1;
  return 0;
}

static int S_type_in(const char *type, const char *const *list) {
  for (; *list; list++)
    if (strcmp(type, *list) == 0)
      return 1;
  return 0;
}

/* The name a parent's field takes in a child (biber's default crossref
   rules): a multi-volume work's title is the main title, a book's or a
   collection's the book title, a periodical's the journal title. */
static const char *S_inherited_name(const char *parent, const char *child,
                                    const char *name) {
  static const char *const mv[] = {"mvbook", "mvcollection", "mvreference",
                                   "mvproceedings", NULL};
  static const char *const in_book[] = {"inbook", "bookinbook", "suppbook",
                                        NULL};
  static const char *const in_coll[] = {"incollection", "inreference",
                                        "suppcollection", NULL};
  static const char *const coll[] = {"collection", "reference", NULL};
  static const char *const per_child[] = {"article", "suppperiodical", NULL};
  const char *prefix = NULL;
  if (S_type_in(parent, mv))
    prefix = "main";
  else if ((!strcmp(parent, "book") && S_type_in(child, in_book)) ||
           (S_type_in(parent, coll) && S_type_in(child, in_coll)) ||
           (!strcmp(parent, "proceedings") && !strcmp(child, "inproceedings")))
    prefix = "book";
  else if (!strcmp(parent, "periodical") && S_type_in(child, per_child))
    prefix = "journal";
  if (prefix && (!strcmp(name, "title") || !strcmp(name, "subtitle") ||
                 !strcmp(name, "titleaddon"))) {
    if (!strcmp(prefix, "main"))
      return !strcmp(name, "title")      ? "maintitle"
             : !strcmp(name, "subtitle") ? "mainsubtitle"
                                         : "maintitleaddon";
    if (!strcmp(prefix, "book"))
      return !strcmp(name, "title")      ? "booktitle"
             : !strcmp(name, "subtitle") ? "booksubtitle"
                                         : "booktitleaddon";
    return !strcmp(name, "title")      ? "journaltitle"
           : !strcmp(name, "subtitle") ? "journalsubtitle"
                                       : NULL;
  }
  if (prefix && !strcmp(name, "shorttitle"))
    return NULL;
  return name;
}

/* A field of the entry being built (b->fields, strings in b->strs). */
static int S_has(S_bib *b, const char *name) {
  for (size_t i = 0; i < b->nfields; i++)
    if (strcmp(S_fname(b, &b->fields[i]), name) == 0)
      return 1;
  return 0;
}

static void S_add_field(S_bib *b, const char *name, const char *val,
                        size_t val_len, size_t at) {
  S_field f = {b->strs.len, strlen(name), 0, val_len, at};
  recto_buf_put(&b->strs, name, f.name_len);
  recto_buf_putc(&b->strs, '\0');
  f.val = b->strs.len;
  recto_buf_put(&b->strs, val, val_len);
  recto_buf_putc(&b->strs, '\0');
  S_push_field(b, &f);
}

/* Inheritance nests (a chapter's book's multi-volume work); deeper than
   this, or in a cycle, it stops with a warning. */
#define S_INHERIT_DEPTH 8

/* Add the fields r has, or inherits, that b->fields lacks, renamed for
   child type (NULL: r's own fields, unrenamed). */
static void S_inherit(S_bib *b, const S_rec *r, const char *child, int depth,
                      size_t at) {
  if (depth > S_INHERIT_DEPTH) {
    S_warn(b, "bibtex.crossref", at,
           "crossref/xdata chain deeper than %d entries (a cycle?): stopped",
           S_INHERIT_DEPTH);
    return;
  }
  const char *type = r->type;
  for (size_t i = 0; i < r->count; i++) {
    const S_field *f = &b->kfields[r->first + i];
    const char *name = b->kept.data + f->name;
    if (depth && S_not_inherited(name))
      continue;
    const char *as = child ? S_inherited_name(type, child, name) : name;
    if (as && !S_has(b, as))
      S_add_field(b, as, b->kept.data + f->val, f->val_len, f->at);
  }
  /* then what r itself takes: its xdata entries, its set's first member,
     its crossref parent */
  for (size_t i = 0; i < r->count; i++) {
    const S_field *f = &b->kfields[r->first + i];
    const char *name = b->kept.data + f->name, *v = b->kept.data + f->val;
    int xdata = !strcmp(name, "xdata"), set = !strcmp(name, "entryset");
    if (!xdata && !set && strcmp(name, "crossref"))
      continue;
    /* a comma-separated list of keys (crossref: one) */
    for (const char *k = v; *k;) {
      while (*k == ' ' || *k == ',')
        k++;
      size_t n = strcspn(k, ", ");
      if (!n)
        break;
      const S_rec *parent = S_rec_of(b, k, n);
      if (!parent)
        S_warn(b, "bibtex.crossref", f->at,
               "%s '%.*s' is not in the file: nothing inherited from it",
               name, (int)n, k);
      else if (parent != r)
        S_inherit(b, parent, xdata || set ? NULL : (child ? child : type),
                  depth + 1, f->at);
      k += n;
      if (set)
        break; /* a set is cited as its first member */
    }
  }
}

/* Build the entries, each with what it inherits; xdata entries only lend
   their fields. */
static void S_build(S_bib *b) {
  rj_cursor_init(&b->cursor, b->s, b->len);
  for (size_t i = 0; i < b->nrecs; i++) {
    const S_rec *r = &b->recs[i];
    if (!strcmp(r->type, "xdata"))
      continue;
    recto_buf_clear(&b->strs);
    b->nfields = 0;
    S_inherit(b, r, NULL, 0, r->at);
    const char *type = r->type;
    const S_rec *member = NULL;
    if (!strcmp(type, "set")) {
      /* cited as its first member: take that one's kind */
      for (size_t k = 0; k < r->count && !member; k++) {
        const S_field *f = &b->kfields[r->first + k];
        if (!strcmp(b->kept.data + f->name, "entryset")) {
          const char *v = b->kept.data + f->val;
          while (*v == ' ')
            v++;
          member = S_rec_of(b, v, strcspn(v, ", "));
        }
      }
      if (member)
        type = member->type;
    }
    S_entry(b, r->at, r->end, r->pos, type, b->kept.data + r->key,
            r->key_len);
  }
}

/* After "@type{" or "@type(": the rest of one item. */
static int S_item(S_bib *b, size_t at, recto_pos pos, const char *type,
                  char close) {
  recto_buf_clear(&b->strs);
  b->nfields = 0;
  if (strcasecmp(type, "comment") == 0) {
    int depth = 1;
    for (; b->p < b->len && depth; b->p++) {
      char c = b->s[b->p];
      depth += c == '{' ? 1 : (c == '}' || c == close) ? -1 : 0;
    }
    return depth ? S_fail(b, at, "@comment is never closed") : 0;
  }
  if (strcasecmp(type, "preamble") == 0) {
    if (S_value(b, &b->strs) < 0)
      return -1;
  } else if (strcasecmp(type, "string") == 0) {
    S_skip_ws(b);
    S_field f;
    if (S_read_field(b, &f) < 0)
      return -1;
    S_macro_set(b, S_fname(b, &f), f.name_len, S_fval(b, &f), f.val_len);
    S_skip_ws(b);
    if (b->p < b->len && b->s[b->p] == ',')
      b->p++;
  } else {
    S_skip_ws(b);
    size_t kstart = b->p;
    while (b->p < b->len && b->s[b->p] != ',' && b->s[b->p] != close &&
           !strchr(" \t\r\n", b->s[b->p]))
      b->p++;
    size_t klen = b->p - kstart;
    if (!klen)
      return S_fail(b, b->p, "a citation key was expected after '@%s%c'",
                    type, close == '}' ? '{' : '(');
    S_skip_ws(b);
    while (b->p < b->len && b->s[b->p] == ',') {
      b->p++;
      S_skip_ws(b);
      if (b->p < b->len && b->s[b->p] == close)
        break; /* a trailing comma */
      S_field f;
      if (S_read_field(b, &f) < 0)
        return -1;
      S_push_field(b, &f);
      S_skip_ws(b);
    }
    if (b->p >= b->len)
      return S_fail(b, at, "entry '%.*s' is never closed with '%c'",
                    (int)klen, b->s + kstart, close);
    if (b->s[b->p] != close)
      return S_fail(b, b->p, "',' or '%c' expected in entry '%.*s'", close,
                    (int)klen, b->s + kstart);
    b->p++;
    S_keep(b, at, pos, type, kstart, klen);
    return 0;
  }
  S_skip_ws(b);
  if (b->p >= b->len || b->s[b->p] != close)
    return S_fail(b, b->p, "'%c' expected to close @%s", close, type);
  b->p++;
  return 0;
}

static int S_parse(S_bib *b) {
  static const char *const months[] = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  static const char *const abbr[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};
  for (int k = 0; k < 12; k++)
    S_macro_set(b, abbr[k], 3, months[k], strlen(months[k]));
  for (;;) {
    /* Everything outside entries is comment. */
    const char *at = memchr(b->s + b->p, '@', b->len - b->p);
    if (!at)
      return 0;
    size_t start = (size_t)(at - b->s);
    recto_pos pos = S_pos(b, start);
    /* Messages about this entry come back here, not to the file start. */
    rj_cursor_anchor(&b->cursor);
    b->p = start + 1;
    S_skip_ws(b);
    size_t tstart = b->p;
    while (b->p < b->len && ((b->s[b->p] >= 'a' && b->s[b->p] <= 'z') ||
                             (b->s[b->p] >= 'A' && b->s[b->p] <= 'Z')))
      b->p++;
    size_t tlen = b->p - tstart;
    if (!tlen || tlen > 31)
      return S_fail(b, tstart, "an entry type was expected after '@'");
    char type[32];
    memcpy(type, b->s + tstart, tlen);
    type[tlen] = '\0';
    S_skip_ws(b);
    if (b->p >= b->len || (b->s[b->p] != '{' && b->s[b->p] != '(')) {
      if (strcasecmp(type, "comment") == 0)
        continue; /* "@comment text" comments out the rest of a line */
      return S_fail(b, b->p, "'{' expected after '@%s'", type);
    }
    char close = b->s[b->p] == '{' ? '}' : ')';
    b->p++;
    if (S_item(b, start, pos, type, close) < 0)
      return -1;
  }
}

recto_status bibtex_read(recto_context *ctx, const recto_input *input,
                         const recto_options *opts, recto_doc **out) {
  (void)opts;
  S_bib b;
  memset(&b, 0, sizeof b);
  b.ctx = ctx;
  b.doc = recto_doc_new();
  b.s = (const char *)input->data;
  b.len = input->len;
  rj_cursor_init(&b.cursor, b.s, b.len);
  b.max_expanded = b.len > S_MAX_EXPANSION / S_EXPANSION_FACTOR
                       ? b.len * S_EXPANSION_FACTOR
                       : S_MAX_EXPANSION;
  /* A bibliography file has a bibliography, even an empty one. */
  recto_doc_bibliography(b.doc, 1);
  int rc = S_parse(&b);
  if (rc == 0)
    S_build(&b);
  recto_buf_free(&b.strs);
  free(b.fields);
  recto_buf_free(&b.kept);
  free(b.kfields);
  free(b.recs);
  free(b.macros);
  if (rc < 0) {
    recto_doc_free(b.doc);
    *out = NULL;
    return RECTO_ERR_INPUT;
  }
  *out = b.doc;
  return RECTO_OK;
}
