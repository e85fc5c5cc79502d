/* csl.c: CSL-JSON-like bibliography entries in YAML ("references:").
   The field tables are shared with the writer so that both name the same
   fields in the same order. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "md.h"

#define F(n, f) {n, offsetof(recto_bib_entry, f)}
const md_csl_field md_csl_fields[] = {
    F("title", title),
    F("container-title", container_title),
    F("collection-title", collection_title),
    F("publisher", publisher),
    F("publisher-place", publisher_place),
    F("edition", edition),
    F("volume", volume),
    F("issue", issue),
    F("page", page),
    F("number", number),
    F("DOI", doi),
    F("URL", url),
    F("ISBN", isbn),
    F("ISSN", issn),
    F("note", note),
    F("language", language),
    /* not CSL: the file an entry was read from (--bibliography) */
    F("recto-source", source),
};
#undef F
const size_t md_csl_nfields = sizeof md_csl_fields / sizeof md_csl_fields[0];

const md_csl_names md_csl_name_lists[] = {
    {"author", offsetof(recto_bib_entry, author)},
    {"editor", offsetof(recto_bib_entry, editor)},
    {"translator", offsetof(recto_bib_entry, translator)},
};
const size_t md_csl_nname_lists =
    sizeof md_csl_name_lists / sizeof md_csl_name_lists[0];

const md_name_field md_name_fields[] = {
    {"family", offsetof(recto_name, family)},
    {"given", offsetof(recto_name, given)},
    {"dropping-particle", offsetof(recto_name, dropping_particle)},
    {"non-dropping-particle", offsetof(recto_name, non_dropping_particle)},
    {"suffix", offsetof(recto_name, suffix)},
    {"literal", offsetof(recto_name, literal)},
    {"affiliation", offsetof(recto_name, affiliation)},
};
const size_t md_nname_fields = sizeof md_name_fields / sizeof md_name_fields[0];

#define S_FIELD(base, off) (*(const char **)((char *)(base) + (off)))

static void S_warn(md_reader *rd, const md_yaml *y, const char *what) {
  recto_pos pos = {y->line, 1, 0};
  recto_diag_emit(rd->ctx, RECTO_DIAG_WARNING, "md.csl-field", &pos,
                  "references: %s", what);
}

/* The scalar of y, or the first scalar of a list. */
static const char *S_scalar(const md_yaml *y) {
  while (y && y->kind == MD_YAML_SEQ)
    y = y->first;
  return y && y->kind == MD_YAML_SCALAR ? y->value : NULL;
}

static recto_name *S_name(md_reader *rd, const md_yaml *y) {
  recto_name *n = recto_name_new(rd->doc);
  if (y->kind == MD_YAML_SCALAR) {
    n->literal = y->value;
    return n;
  }
  if (y->kind != MD_YAML_MAP)
    return NULL;
  for (const md_yaml *f = y->first; f; f = f->next) {
    size_t k = 0;
    while (k < md_nname_fields && strcmp(md_name_fields[k].name, f->key))
      k++;
    if (k < md_nname_fields && S_scalar(f))
      S_FIELD(n, md_name_fields[k].offset) = S_scalar(f);
    else
      S_warn(rd, f, "unknown name field ignored");
  }
  return n;
}

static recto_name *S_names(md_reader *rd, const md_yaml *y) {
  recto_name *list = NULL;
  if (y->kind != MD_YAML_SEQ) {
    recto_name *n = S_name(rd, y);
    if (n)
      recto_name_append(&list, n);
    return list;
  }
  for (const md_yaml *i = y->first; i; i = i->next) {
    recto_name *n = S_name(rd, i);
    if (n)
      recto_name_append(&list, n);
  }
  return list;
}

/* A number in any script's digits; -1 if s is not one. */
static int S_number(const char *s, size_t len) {
  long v = 0;
  size_t i = 0;
  if (!len)
    return -1;
  while (i < len) {
    uint32_t cp;
    int n = recto_utf8_decode(s + i, len - i, &cp);
    int d = n > 0 ? recto_digit_value(cp) : -1;
    if (d < 0 || v > 100000)
      return -1;
    v = v * 10 + d;
    i += (size_t)n;
  }
  return (int)v;
}

/* "2022", "2022-03", "2022-03-01", with a "/" range. */
static int S_parse_date(const char *s, recto_date *d) {
  for (int part = 0; part < 2; part++) {
    int *fields[3] = {&d->year[part], &d->month[part], &d->day[part]};
    for (int f = 0; f < 3; f++) {
      const char *e = s;
      while (*e && *e != '-' && *e != '/')
        e++;
      int v = S_number(s, (size_t)(e - s));
      if (v < 0)
        return 0;
      *fields[f] = v;
      s = e;
      if (*s != '-')
        break;
      s++;
    }
    if (!*s)
      return 1;
    if (*s != '/' || part == 1)
      return 0;
    s++;
  }
  return 1;
}

static void S_date(md_reader *rd, const md_yaml *y, recto_date *d) {
  memset(d, 0, sizeof *d);
  if (y->kind == MD_YAML_SCALAR) {
    if (!S_parse_date(y->value, d)) {
      memset(d, 0, sizeof *d);
      d->literal = y->value;
    }
    return;
  }
  if (y->kind == MD_YAML_SEQ) { /* a bare date-parts list */
    S_warn(rd, y, "a date should be a map with date-parts");
    return;
  }
  for (const md_yaml *f = y->first; f; f = f->next) {
    if (!strcmp(f->key, "date-parts") && f->kind == MD_YAML_SEQ) {
      int part = 0;
      for (const md_yaml *p = f->first; p && part < 2; p = p->next, part++) {
        int *fields[3] = {&d->year[part], &d->month[part], &d->day[part]};
        int k = 0;
        for (const md_yaml *v = p->kind == MD_YAML_SEQ ? p->first : p;
             v && k < 3; v = p->kind == MD_YAML_SEQ ? v->next : NULL, k++) {
          int num = v->kind == MD_YAML_SCALAR ? S_number(v->value, v->value_len)
                                              : -1;
          if (num < 0)
            S_warn(rd, v, "date-parts must be numbers");
          else
            *fields[k] = num;
        }
      }
    } else if (!strcmp(f->key, "literal") && S_scalar(f)) {
      d->literal = S_scalar(f);
    } else if (!strcmp(f->key, "raw") && S_scalar(f)) {
      if (!S_parse_date(S_scalar(f), d))
        d->literal = S_scalar(f);
    } else if (!strcmp(f->key, "calendar") && S_scalar(f)) {
      d->calendar = recto_calendar_from_name(S_scalar(f));
    } else if (!strcmp(f->key, "circa") && S_scalar(f)) {
      const char *v = S_scalar(f);
      d->circa = !strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "yes");
    } else {
      S_warn(rd, f, "unknown date field ignored");
    }
  }
}

recto_bib_entry *md_csl_entry(md_reader *rd, const md_yaml *map) {
  if (!map || map->kind != MD_YAML_MAP)
    return NULL;
  recto_bib_entry *e = recto_bib_entry_new(rd->doc);
  e->pos = md_pos(rd, map->line, 1);
  for (const md_yaml *f = map->first; f; f = f->next) {
    const char *k = f->key;
    size_t i;
    if (!strcmp(k, "id")) {
      e->id = S_scalar(f);
      continue;
    }
    if (!strcmp(k, "type")) {
      e->type = S_scalar(f);
      continue;
    }
    for (i = 0; i < md_csl_nfields; i++)
      if (!strcasecmp(md_csl_fields[i].name, k))
        break;
    if (i < md_csl_nfields) {
      if (S_scalar(f))
        S_FIELD(e, md_csl_fields[i].offset) = S_scalar(f);
      continue;
    }
    for (i = 0; i < md_csl_nname_lists; i++)
      if (!strcmp(md_csl_name_lists[i].name, k))
        break;
    if (i < md_csl_nname_lists) {
      *(recto_name **)((char *)e + md_csl_name_lists[i].offset) =
          S_names(rd, f);
      continue;
    }
    if (!strcmp(k, "issued")) {
      S_date(rd, f, &e->issued);
    } else if (!strcmp(k, "accessed")) {
      S_date(rd, f, &e->accessed);
    } else if (!strcmp(k, "raw") && S_scalar(f)) {
      /* the entry's source text: still read, no longer written (it is the
         input's, not the document's) */
      e->raw = S_scalar(f);
    } else if (!strcmp(k, "dir") && S_scalar(f)) {
      const char *v = S_scalar(f);
      e->dir = !strcmp(v, "rtl")   ? RECTO_DIR_RTL
               : !strcmp(v, "ltr") ? RECTO_DIR_LTR
               : !strcmp(v, "auto") ? RECTO_DIR_AUTO
                                    : RECTO_DIR_UNSET;
    } else {
      S_warn(rd, f, "unknown field ignored");
    }
  }
  return e;
}
