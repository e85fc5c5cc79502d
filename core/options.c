/* options.c: string key/value options for plugins. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

struct recto_options {
  char **keys;
  char **values;
  size_t count, cap;
};

static char *S_dup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = recto_xmalloc(n);
  memcpy(d, s, n);
  return d;
}

recto_options *recto_options_new(void) {
  recto_options *o = recto_xmalloc(sizeof *o);
  memset(o, 0, sizeof *o);
  return o;
}

void recto_options_free(recto_options *o) {
  if (!o)
    return;
  for (size_t k = 0; k < o->count; k++) {
    free(o->keys[k]);
    free(o->values[k]);
  }
  free(o->keys);
  free(o->values);
  free(o);
}

void recto_options_set(recto_options *o, const char *key, const char *value) {
  for (size_t k = 0; k < o->count; k++) {
    if (strcmp(o->keys[k], key) == 0) {
      free(o->values[k]);
      o->values[k] = S_dup(value ? value : "");
      return;
    }
  }
  if (o->count == o->cap) {
    o->cap = o->cap ? o->cap * 2 : 8;
    o->keys = recto_xrealloc(o->keys, o->cap * sizeof *o->keys);
    o->values = recto_xrealloc(o->values, o->cap * sizeof *o->values);
  }
  o->keys[o->count] = S_dup(key);
  o->values[o->count++] = S_dup(value ? value : "");
}

const char *recto_options_get(const recto_options *o, const char *key) {
  if (!o)
    return NULL;
  for (size_t k = 0; k < o->count; k++)
    if (strcmp(o->keys[k], key) == 0)
      return o->values[k];
  return NULL;
}

int recto_options_get_bool(const recto_options *o, const char *key,
                           int fallback) {
  const char *v = recto_options_get(o, key);
  if (!v)
    return fallback;
  if (!*v || !strcasecmp(v, "1") || !strcasecmp(v, "true") ||
      !strcasecmp(v, "yes") || !strcasecmp(v, "on"))
    return 1;
  if (!strcasecmp(v, "0") || !strcasecmp(v, "false") ||
      !strcasecmp(v, "no") || !strcasecmp(v, "off"))
    return 0;
  return fallback;
}

long recto_options_get_int(const recto_options *o, const char *key,
                           long fallback) {
  const char *v = recto_options_get(o, key);
  if (!v || !*v)
    return fallback;
  char *end;
  long n = strtol(v, &end, 10);
  return *end ? fallback : n;
}

uint64_t options_get_size(const recto_options *o, const char *key,
                          uint64_t fallback) {
  uint64_t n;
  return recto_size_parse(recto_options_get(o, key), &n) ? n : fallback;
}
