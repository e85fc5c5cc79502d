/* cslentry.c: recto_bib_entry <-> CSL JSON object (see cslentry.h). */
#include "cslentry.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enums.h"

enum { F_STR, F_NAMES, F_DATE };

/* The fields in output order.  CSL spells DOI, URL, ISBN, ISSN in
   capitals; reading also accepts lower case. */
static const struct S_field {
  const char *key;
  int kind;
  size_t off;
  int native_only;
} S_fields[] = {
    {"id", F_STR, offsetof(recto_bib_entry, id), 0},
    {"type", F_STR, offsetof(recto_bib_entry, type), 0},
    {"language", F_STR, offsetof(recto_bib_entry, language), 0},
    {"author", F_NAMES, offsetof(recto_bib_entry, author), 0},
    {"editor", F_NAMES, offsetof(recto_bib_entry, editor), 0},
    {"translator", F_NAMES, offsetof(recto_bib_entry, translator), 0},
    {"title", F_STR, offsetof(recto_bib_entry, title), 0},
    {"container-title", F_STR, offsetof(recto_bib_entry, container_title), 0},
    {"collection-title", F_STR, offsetof(recto_bib_entry, collection_title),
     0},
    {"edition", F_STR, offsetof(recto_bib_entry, edition), 0},
    {"volume", F_STR, offsetof(recto_bib_entry, volume), 0},
    {"issue", F_STR, offsetof(recto_bib_entry, issue), 0},
    {"number", F_STR, offsetof(recto_bib_entry, number), 0},
    {"page", F_STR, offsetof(recto_bib_entry, page), 0},
    {"publisher", F_STR, offsetof(recto_bib_entry, publisher), 0},
    {"publisher-place", F_STR, offsetof(recto_bib_entry, publisher_place), 0},
    {"issued", F_DATE, offsetof(recto_bib_entry, issued), 0},
    {"accessed", F_DATE, offsetof(recto_bib_entry, accessed), 0},
    {"DOI", F_STR, offsetof(recto_bib_entry, doi), 0},
    {"ISBN", F_STR, offsetof(recto_bib_entry, isbn), 0},
    {"ISSN", F_STR, offsetof(recto_bib_entry, issn), 0},
    {"URL", F_STR, offsetof(recto_bib_entry, url), 0},
    {"note", F_STR, offsetof(recto_bib_entry, note), 0},
    {"source", F_STR, offsetof(recto_bib_entry, source), 1},
    {"raw", F_STR, offsetof(recto_bib_entry, raw), 1},
};
#define S_NFIELDS (sizeof S_fields / sizeof S_fields[0])

static const struct {
  const char *key;
  size_t off;
} S_name_parts[] = {
    {"family", offsetof(recto_name, family)},
    {"given", offsetof(recto_name, given)},
    {"dropping-particle", offsetof(recto_name, dropping_particle)},
    {"non-dropping-particle", offsetof(recto_name, non_dropping_particle)},
    {"suffix", offsetof(recto_name, suffix)},
    {"literal", offsetof(recto_name, literal)},
    {"affiliation", offsetof(recto_name, affiliation)},
};
#define S_NPARTS (sizeof S_name_parts / sizeof S_name_parts[0])

#define S_AT(base, off, type) ((type *)((char *)(base) + (off)))

/* ---- writing ---- */

static void S_key(recto_buf *out, int *first, int depth, const char *key) {
  if (!*first)
    rj_putc(out, ',');
  *first = 0;
  rj_newline(out, depth);
  rj_put_cstr(out, key);
  RJ_LIT(out, ": ");
}

static void S_write_names(recto_buf *out, const recto_name *n, int depth) {
  rj_putc(out, '[');
  for (; n; n = n->next) {
    rj_newline(out, depth);
    rj_putc(out, '{');
    int first = 1;
    for (size_t i = 0; i < S_NPARTS; i++) {
      const char *s = *S_AT(n, S_name_parts[i].off, const char *const);
      if (!s)
        continue;
      if (!first)
        RJ_LIT(out, ", ");
      first = 0;
      rj_put_cstr(out, S_name_parts[i].key);
      RJ_LIT(out, ": ");
      rj_put_cstr(out, s);
    }
    rj_putc(out, '}');
    if (n->next)
      rj_putc(out, ',');
  }
  rj_newline(out, depth - 1);
  rj_putc(out, ']');
}

static int S_date_empty(const recto_date *d) {
  return !d->year[0] && !d->month[0] && !d->day[0] && !d->year[1] &&
         !d->month[1] && !d->day[1] && !d->circa && !d->literal &&
         d->calendar == RECTO_CALENDAR_GREGORIAN;
}

static void S_write_part(recto_buf *out, int y, int m, int d) {
  int v[3] = {y, m, d};
  int n = d ? 3 : m ? 2 : y ? 1 : 0; /* trailing zeros are absent parts */
  rj_putc(out, '[');
  for (int i = 0; i < n; i++) {
    if (i)
      RJ_LIT(out, ", ");
    rj_put_int(out, v[i]);
  }
  rj_putc(out, ']');
}

static void S_write_date(recto_buf *out, const recto_date *d) {
  const char *sep = "";
  rj_putc(out, '{');
  int has1 = d->year[0] || d->month[0] || d->day[0];
  int has2 = d->year[1] || d->month[1] || d->day[1];
  if (has1 || has2) {
    RJ_LIT(out, "\"date-parts\": [");
    S_write_part(out, d->year[0], d->month[0], d->day[0]);
    if (has2) {
      RJ_LIT(out, ", ");
      S_write_part(out, d->year[1], d->month[1], d->day[1]);
    }
    rj_putc(out, ']');
    sep = ", ";
  }
  if (d->circa) {
    recto_buf_printf(out, "%s\"circa\": true", sep);
    sep = ", ";
  }
  if (d->literal) {
    recto_buf_printf(out, "%s\"literal\": ", sep);
    rj_put_cstr(out, d->literal);
    sep = ", ";
  }
  if (d->calendar != RECTO_CALENDAR_GREGORIAN) {
    recto_buf_printf(out, "%s\"calendar\": ", sep);
    rj_put_cstr(out, recto_calendar_name(d->calendar));
  }
  rj_putc(out, '}');
}

void csl_write_entry(recto_buf *out, const recto_bib_entry *e, int depth,
                     int flags) {
  int first = 1;
  rj_putc(out, '{');
  for (size_t i = 0; i < S_NFIELDS; i++) {
    const struct S_field *f = &S_fields[i];
    if (f->native_only && !(flags & CSL_NATIVE))
      continue;
    if (f->native_only && strcmp(f->key, "source") == 0) {
      const char *dir = nat_enum_name(&nat_dir, (int)e->dir);
      if (e->dir != RECTO_DIR_UNSET && dir) {
        S_key(out, &first, depth + 1, "dir");
        rj_put_cstr(out, dir);
      }
    }
    if (f->native_only && strcmp(f->key, "raw") == 0) {
      /* The raw text goes last: it is the longest. */
      if (e->pos.line || e->pos.column || e->pos.offset) {
        S_key(out, &first, depth + 1, "pos");
        rj_put_pos(out, e->pos);
      }
      if (e->cited) {
        S_key(out, &first, depth + 1, "cited");
        rj_put_int(out, e->cited);
      }
    }
    switch (f->kind) {
    case F_STR: {
      const char *s = *S_AT(e, f->off, const char *const);
      if (s) {
        S_key(out, &first, depth + 1, f->key);
        rj_put_cstr(out, s);
      }
      break;
    }
    case F_NAMES: {
      const recto_name *n = *S_AT(e, f->off, recto_name *const);
      if (n) {
        S_key(out, &first, depth + 1, f->key);
        S_write_names(out, n, depth + 2);
      }
      break;
    }
    case F_DATE: {
      const recto_date *d = S_AT(e, f->off, const recto_date);
      if (!S_date_empty(d)) {
        S_key(out, &first, depth + 1, f->key);
        S_write_date(out, d);
      }
      break;
    }
    }
  }
  if (!first)
    rj_newline(out, depth);
  rj_putc(out, '}');
}

/* ---- reading ---- */

typedef struct S_reader {
  recto_context *ctx;
  recto_doc *doc;
  rj_doc *jd;
  int flags;
  const char *prefix;
} S_reader;

static int S_error(S_reader *r, const rj_value *v, const char *fmt,
                   const char *arg) {
  char code[64];
  recto_pos pos = rj_pos(r->jd, v);
  snprintf(code, sizeof code, "%s.syntax", r->prefix);
  recto_diag_emit(r->ctx, RECTO_DIAG_ERROR, code, &pos, fmt, arg);
  return -1;
}

/* A string, or the text of a number (CSL allows numbers for volume,
   edition, ids...). */
static int S_string(S_reader *r, const rj_value *v, const char **out) {
  if (v->type == RJ_STRING || v->type == RJ_NUMBER) {
    *out = recto_strndup(r->doc, v->str, v->len);
    return 0;
  }
  return S_error(r, v, "\"%.40s\" must be a string", v->key ? v->key : "");
}

static int S_read_names(S_reader *r, const rj_value *arr, recto_name **list) {
  if (arr->type != RJ_ARRAY)
    return S_error(r, arr, "\"%.40s\" must be an array of names", arr->key);
  for (const rj_value *it = arr->first; it; it = it->next) {
    recto_name *n = recto_name_new(r->doc);
    if (it->type == RJ_STRING) {
      n->literal = recto_strndup(r->doc, it->str, it->len);
    } else if (it->type == RJ_OBJECT) {
      for (const rj_value *m = it->first; m; m = m->next) {
        size_t k = 0;
        while (k < S_NPARTS && !rj_key_is(m, S_name_parts[k].key))
          k++;
        if (k == S_NPARTS) {
          if (rj_key_is(m, "parse-names") || rj_key_is(m, "comma-suffix") ||
              rj_key_is(m, "static-ordering"))
            continue; /* CSL processing hints with no meaning here */
          return S_error(r, m, "unknown name part \"%.40s\"", m->key);
        }
        if (S_string(r, m, S_AT(n, S_name_parts[k].off, const char *)) < 0)
          return -1;
      }
    } else {
      return S_error(r, it, "a name must be an object or a string%s", "");
    }
    recto_name_append(list, n);
  }
  return 0;
}

static int S_part_value(S_reader *r, const rj_value *v, int *out) {
  long long x;
  if (v->type == RJ_NUMBER && rj_int(v, -99999, 99999, &x) == 0) {
    *out = (int)x;
    return 0;
  }
  if (v->type == RJ_STRING) {
    /* Some exporters write date parts as strings. */
    char *end;
    long y = strtol(v->str, &end, 10);
    if (*v->str && !*end && y > -100000 && y < 100000) {
      *out = (int)y;
      return 0;
    }
  }
  return S_error(r, v, "a date part must be an integer%s", "");
}

static int S_read_date(S_reader *r, const rj_value *v, recto_date *d) {
  if (v->type == RJ_STRING) { /* not CSL, but common: "issued": "2022" */
    if (csl_parse_date(v->str, d) < 0)
      d->literal = recto_strndup(r->doc, v->str, v->len);
    return 0;
  }
  if (v->type != RJ_OBJECT)
    return S_error(r, v, "\"%.40s\" must be a date object", v->key);
  for (const rj_value *m = v->first; m; m = m->next) {
    if (rj_key_is(m, "date-parts")) {
      if (m->type != RJ_ARRAY || m->count > 2)
        return S_error(r, m, "\"date-parts\" must hold one or two arrays%s",
                       "");
      int i = 0;
      for (const rj_value *part = m->first; part; part = part->next, i++) {
        if (part->type != RJ_ARRAY || part->count > 3)
          return S_error(r, part, "a date part must be [year, month, day]%s",
                         "");
        int *slots[3] = {&d->year[i], &d->month[i], &d->day[i]};
        int k = 0;
        for (const rj_value *x = part->first; x; x = x->next, k++)
          if (S_part_value(r, x, slots[k]) < 0)
            return -1;
      }
    } else if (rj_key_is(m, "literal")) {
      if (S_string(r, m, &d->literal) < 0)
        return -1;
    } else if (rj_key_is(m, "raw")) {
      if (m->type != RJ_STRING)
        return S_error(r, m, "\"raw\" must be a string%s", "");
      if (csl_parse_date(m->str, d) < 0)
        d->literal = recto_strndup(r->doc, m->str, m->len);
    } else if (rj_key_is(m, "circa")) {
      d->circa = m->type == RJ_TRUE ||
                 (m->type == RJ_NUMBER && strcmp(m->str, "0") != 0) ||
                 (m->type == RJ_STRING && m->len > 0);
    } else if (rj_key_is(m, "calendar")) {
      if (m->type != RJ_STRING)
        return S_error(r, m, "\"calendar\" must be a string%s", "");
      recto_calendar cal = recto_calendar_from_name(m->str);
      if (strcmp(recto_calendar_name(cal), m->str) != 0)
        return S_error(r, m, "unknown calendar \"%.40s\"", m->str);
      d->calendar = cal;
    } else if (!rj_key_is(m, "season")) {
      return S_error(r, m, "unknown date field \"%.40s\"", m->key);
    }
  }
  return 0;
}

static int S_read_native_extra(S_reader *r, const rj_value *m,
                               recto_bib_entry *e) {
  if (rj_key_is(m, "dir")) {
    int d = m->type == RJ_STRING ? nat_enum_value(&nat_dir, m->str) : -1;
    if (d < 0)
      return S_error(r, m, "\"dir\" must be ltr, rtl, auto or unset%s", "");
    e->dir = (recto_dir)d;
    return 1;
  }
  if (rj_key_is(m, "pos")) {
    if (rj_get_pos(m, &e->pos) < 0)
      return S_error(r, m, "\"pos\" must be [line, column, offset]%s", "");
    return 1;
  }
  if (rj_key_is(m, "cited")) {
    long long x;
    if (rj_int(m, 0, INT32_MAX, &x) < 0)
      return S_error(r, m, "\"cited\" must be a count%s", "");
    e->cited = (int)x;
    return 1;
  }
  return 0;
}

recto_bib_entry *csl_read_entry(recto_context *ctx, recto_doc *doc,
                                rj_doc *jd, const rj_value *obj,
                                int flags, const char *prefix) {
  S_reader r = {ctx, doc, jd, flags, prefix};
  if (obj->type != RJ_OBJECT) {
    S_error(&r, obj, "a bibliography entry must be an object%s", "");
    return NULL;
  }
  recto_bib_entry *e = recto_bib_entry_new(doc);
  for (const rj_value *m = obj->first; m; m = m->next) {
    size_t k = 0;
    while (k < S_NFIELDS &&
           !(rj_key_is(m, S_fields[k].key) &&
             (!S_fields[k].native_only || (flags & CSL_NATIVE))))
      k++;
    if (k == S_NFIELDS && !(flags & CSL_NATIVE)) {
      /* CSL's capitalised variables are often written in lower case. */
      static const char *const lower[] = {"doi", "isbn", "issn", "url"};
      static const char *const upper[] = {"DOI", "ISBN", "ISSN", "URL"};
      for (size_t i = 0; i < 4 && k == S_NFIELDS; i++)
        if (rj_key_is(m, lower[i]))
          for (k = 0; strcmp(S_fields[k].key, upper[i]) != 0; k++)
            ;
    }
    if (k == S_NFIELDS) {
      if (flags & CSL_NATIVE) {
        int rc = S_read_native_extra(&r, m, e);
        if (rc < 0)
          return NULL;
        if (rc > 0)
          continue;
      }
      char code[64];
      recto_pos pos = rj_pos(jd, m);
      snprintf(code, sizeof code, "%s.unknown-field", prefix);
      recto_diag_emit(ctx,
                      (flags & CSL_NATIVE) ? RECTO_DIAG_WARNING
                                           : RECTO_DIAG_INFO,
                      code, &pos, "field \"%.60s\" ignored", m->key);
      continue;
    }
    const struct S_field *f = &S_fields[k];
    int rc = 0;
    if (f->kind == F_STR)
      rc = S_string(&r, m, S_AT(e, f->off, const char *));
    else if (f->kind == F_NAMES)
      rc = S_read_names(&r, m, S_AT(e, f->off, recto_name *));
    else
      rc = S_read_date(&r, m, S_AT(e, f->off, recto_date));
    if (rc < 0)
      return NULL;
  }
  return e;
}

/* ---- EDTF-like dates: 2022, 2022-03, 2022-03-01/2022-04, 1403~ ---- */

static int S_digits(const char **s, int max_digits, int *out) {
  const char *p = *s;
  int v = 0, n = 0;
  while (*p && n < max_digits) {
    uint32_t cp;
    int len = recto_utf8_decode(p, strlen(p) < 4 ? strlen(p) : 4, &cp);
    int dv = len > 0 ? recto_digit_value(cp) : -1;
    if (dv < 0)
      break;
    v = v * 10 + dv;
    p += len;
    n++;
  }
  if (!n)
    return -1;
  *s = p;
  *out = v;
  return n;
}

static int S_one_date(const char **s, int *y, int *m, int *d, int *circa) {
  if (S_digits(s, 5, y) < 1)
    return -1;
  if (**s == '-') {
    (*s)++;
    if (S_digits(s, 2, m) < 1 || *m < 1 || *m > 12)
      return -1;
    if (**s == '-') {
      (*s)++;
      if (S_digits(s, 2, d) < 1 || *d < 1 || *d > 31)
        return -1;
    }
  }
  while (**s == '~' || **s == '?' || **s == '%') {
    *circa = 1;
    (*s)++;
  }
  return 0;
}

int csl_parse_date(const char *s, recto_date *out) {
  recto_date d;
  memset(&d, 0, sizeof d);
  d.calendar = out->calendar;
  while (*s == ' ')
    s++;
  if (S_one_date(&s, &d.year[0], &d.month[0], &d.day[0], &d.circa) < 0)
    return -1;
  if (*s == '/') {
    s++;
    if (*s && strcmp(s, "..") != 0 &&
        S_one_date(&s, &d.year[1], &d.month[1], &d.day[1], &d.circa) < 0)
      return -1;
    if (strcmp(s, "..") == 0)
      s += 2;
  }
  while (*s == ' ')
    s++;
  if (*s)
    return -1;
  d.literal = out->literal;
  d.circa |= out->circa;
  *out = d;
  return 0;
}
