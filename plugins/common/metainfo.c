/* metainfo.c: see metainfo.h. */
#include <string.h>

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
