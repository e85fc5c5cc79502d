/* metainfo.c: see metainfo.h. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "metainfo.h"

recto_meta *xw_meta_value(const recto_doc *doc, const char *key) {
  return recto_meta_get(recto_doc_meta(doc), key);
}

static const char *S_str(const recto_meta *map, const char *key) {
  recto_meta *v = recto_meta_get(map, key);
  const char *s = v ? recto_meta_string(v) : NULL;
  return s && *s ? s : NULL;
}

static void S_person(const recto_meta *m, xw_person *p) {
  memset(p, 0, sizeof *p);
  if (recto_meta_kind_of(m) != RECTO_META_MAP) {
    p->name = recto_meta_string(m);
    return;
  }
  p->name = S_str(m, "name");
  if (!p->name)
    p->name = S_str(m, "literal");
  if (!p->name)
    p->name = S_str(m, "text"); /* pandoc's creator: {role, text} */
  p->role = S_str(m, "role");
  p->given = S_str(m, "given");
  p->family = S_str(m, "family");
  p->affiliation = S_str(m, "affiliation");
  p->email = S_str(m, "email");
  recto_meta *org = recto_meta_get(m, "organization");
  if (!org)
    org = recto_meta_get(m, "organisation");
  if (org && recto_meta_kind_of(org) == RECTO_META_BOOL)
    p->organisation = recto_meta_bool(org);
  else if (org && recto_meta_string(org) && !p->name && !p->family) {
    p->name = recto_meta_string(org);
    p->organisation = 1;
  }
}

size_t xw_meta_people(const recto_doc *doc, const char *key, xw_person *out,
                      size_t max) {
  recto_meta *v = xw_meta_value(doc, key);
  if (!v)
    return 0;
  if (recto_meta_kind_of(v) != RECTO_META_LIST) {
    if (max)
      S_person(v, out);
    return 1;
  }
  size_t n = recto_meta_count(v), used = 0;
  for (size_t k = 0; k < n; k++) {
    xw_person p;
    S_person(recto_meta_at(v, k, NULL), &p);
    if (!p.name && !p.family && !p.given)
      continue;
    if (used < max)
      out[used] = p;
    used++;
  }
  return used;
}

static size_t S_split(recto_doc *doc, const char *s, const char **out,
                      size_t max, size_t used) {
  while (*s) {
    /* "," or the Arabic comma U+060C (D8 8C) */
    size_t len = 0;
    while (s[len] && s[len] != ',' &&
           !((unsigned char)s[len] == 0xD8 &&
             (unsigned char)s[len + 1] == 0x8C))
      len++;
    size_t a = 0, b = len;
    while (a < b && (s[a] == ' ' || s[a] == '\t'))
      a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
      b--;
    if (b > a) {
      if (used < max)
        out[used] = recto_strndup(doc, s + a, b - a);
      used++;
    }
    s += len;
    if (*s == ',')
      s++;
    else if (*s)
      s += 2;
  }
  return used;
}

size_t xw_meta_strings(recto_doc *doc, const char *key, const char **out,
                       size_t max) {
  recto_meta *v = xw_meta_value(doc, key);
  if (!v)
    return 0;
  if (recto_meta_kind_of(v) != RECTO_META_LIST) {
    const char *s = recto_meta_string(v);
    return s ? S_split(doc, s, out, max, 0) : 0;
  }
  size_t n = recto_meta_count(v), used = 0;
  for (size_t k = 0; k < n; k++) {
    const char *s = recto_meta_string(recto_meta_at(v, k, NULL));
    if (!s || !*s)
      continue;
    if (used < max)
      out[used] = s;
    used++;
  }
  return used;
}

/* MARC relator codes people write as words. */
static const char *const S_roles[][2] = {
    {"aut", "author"},      {"edt", "editor"},     {"trl", "translator"},
    {"ill", "illustrator"}, {"ctb", "contributor"}, {"pbl", "publisher"},
    {"nrt", "narrator"},    {"pht", "photographer"}, {"com", "compiler"},
    {"aui", "author of introduction"}, {"ann", "annotator"},
    {"cmm", "commentator"}, {"red", "redaktor"},   {"rev", "reviewer"},
};

const char *xw_marc_code(const char *role) {
  if (!role)
    return NULL;
  for (size_t k = 0; k < sizeof S_roles / sizeof *S_roles; k++)
    if (!strcasecmp(S_roles[k][1], role))
      return S_roles[k][0];
  int code = strlen(role) == 3;
  for (size_t k = 0; code && k < 3; k++)
    code = role[k] >= 'a' && role[k] <= 'z';
  return code ? role : NULL;
}

const char *xw_marc_word(const char *code) {
  for (size_t k = 0; code && k < sizeof S_roles / sizeof *S_roles; k++)
    if (!strcmp(S_roles[k][0], code))
      return S_roles[k][1];
  return code;
}

/* ---- identifiers ---- */

static const struct {
  const char *scheme; /* as pandoc names it, lower case */
  const char *known;  /* xw_identifier.scheme */
} S_schemes[] = {{"isbn-13", "isbn"}, {"isbn-10", "isbn"}, {"isbn", "isbn"},
                 {"doi", "doi"},      {"uuid", "uuid"},    {"issn", "issn"}};

/* Prefixes a value of a known scheme may carry. */
static const char *const S_prefixes[] = {
    "urn:isbn:", "urn:doi:",  "urn:uuid:",         "urn:issn:",
    "doi:",      "https://doi.org/", "http://doi.org/", "https://dx.doi.org/"};

static const char *S_normalise(recto_doc *doc, const char *scheme,
                               const char *text) {
  for (size_t k = 0; k < sizeof S_prefixes / sizeof *S_prefixes; k++)
    if (!strncasecmp(text, S_prefixes[k], strlen(S_prefixes[k])))
      text += strlen(S_prefixes[k]);
  if (strcmp(scheme, "isbn") != 0)
    return text;
  /* an ISBN: its digits (and X) only, when it has 10 or 13 of them */
  char digits[16];
  size_t n = 0;
  for (const char *p = text; *p; p++) {
    if ((*p >= '0' && *p <= '9') || *p == 'X' || *p == 'x') {
      if (n == sizeof digits - 1)
        return text;
      digits[n++] = *p == 'x' ? 'X' : *p;
    } else if (*p != '-' && *p != ' ') {
      return text;
    }
  }
  return n == 10 || n == 13 ? recto_strndup(doc, digits, n) : text;
}

static size_t S_add_identifier(recto_doc *doc, const char *scheme,
                               const char *text, xw_identifier *out,
                               size_t max, size_t used) {
  if (!text || !*text)
    return used;
  xw_identifier id = {NULL, scheme, text};
  for (size_t k = 0; scheme && k < sizeof S_schemes / sizeof *S_schemes; k++)
    if (!strcasecmp(S_schemes[k].scheme, scheme))
      id.scheme = S_schemes[k].known;
  if (id.scheme)
    id.text = S_normalise(doc, id.scheme, text);
  if (used < max)
    out[used] = id;
  return used + 1;
}

size_t xw_meta_identifiers(recto_doc *doc, xw_identifier *out, size_t max) {
  size_t used = 0;
  recto_meta *v = xw_meta_value(doc, "identifier");
  size_t n = !v ? 0 : recto_meta_kind_of(v) == RECTO_META_LIST
                          ? recto_meta_count(v)
                          : 1;
  for (size_t k = 0; k < n; k++) {
    recto_meta *m = recto_meta_kind_of(v) == RECTO_META_LIST
                        ? recto_meta_at(v, k, NULL)
                        : v;
    if (recto_meta_kind_of(m) == RECTO_META_MAP)
      used = S_add_identifier(doc, S_str(m, "scheme"), S_str(m, "text"), out,
                              max, used);
    else
      used = S_add_identifier(doc, NULL, recto_meta_string(m), out, max, used);
  }
  const char *isbn = recto_doc_meta_string(doc, "isbn");
  return S_add_identifier(doc, "isbn", isbn, out, max, used);
}

/* ---- the conversion ---- */

long long xw_source_epoch(const recto_options *opts) {
  const char *s = recto_options_get(opts, "source-date-epoch");
  if (!s || !*s)
    s = getenv("SOURCE_DATE_EPOCH");
  if (s && *s) {
    char *end;
    long long t = strtoll(s, &end, 10);
    if (*end == 0 && t >= 0)
      return t;
  }
  return (long long)time(NULL);
}

int xw_conversion_record(recto_doc *doc, const recto_options *opts,
                         char when[32], recto_buf *what) {
  if (!recto_options_get_bool(opts, XW_OPT_RECORD_CONVERSION, 0))
    return 0;
  time_t t = (time_t)xw_source_epoch(opts);
  struct tm tm;
  strcpy(when, "1970-01-01T00:00:00Z");
  if (gmtime_r(&t, &tm))
    strftime(when, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
  const char *format = recto_doc_source(doc, "format");
  const char *file = recto_doc_source(doc, "file");
  const char *base = file ? strrchr(file, '/') : NULL;
  base = base ? base + 1 : file;
  recto_buf_puts(what, "Converted");
  if (format)
    recto_buf_printf(what, " from %s", format);
  if (base && *base && strcmp(base, "-") != 0)
    recto_buf_printf(what, " (%s)", base);
  recto_buf_printf(what, " by recto %s.", RECTO_VERSION_STRING);
  return 1;
}
