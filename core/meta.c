/* meta.c: the metadata tree.  Maps keep insertion order; maps and lists
   store their entries in arena arrays that double when full. */
#include <string.h>

#include "internal.h"

static recto_meta *S_new(recto_doc *doc, recto_meta_kind kind) {
  recto_meta *m = recto_alloc(doc, sizeof *m);
  m->kind = kind;
  m->doc = doc;
  return m;
}

recto_meta *recto_meta_new_map(recto_doc *doc) {
  return S_new(doc, RECTO_META_MAP);
}
recto_meta *recto_meta_new_list(recto_doc *doc) {
  return S_new(doc, RECTO_META_LIST);
}
recto_meta *recto_meta_new_bool(recto_doc *doc, int value) {
  recto_meta *m = S_new(doc, RECTO_META_BOOL);
  m->boolean = value != 0;
  return m;
}
recto_meta *recto_meta_new_string(recto_doc *doc, const char *s) {
  recto_meta *m = S_new(doc, RECTO_META_STRING);
  m->string = recto_strdup(doc, s ? s : "");
  return m;
}
recto_meta *recto_meta_new_nodes(recto_doc *doc, recto_node *container) {
  recto_meta *m = S_new(doc, recto_node_type_of(container) == RECTO_NODE_DIV
                                 ? RECTO_META_BLOCKS
                                 : RECTO_META_INLINES);
  m->nodes = container;
  return m;
}

recto_meta_kind recto_meta_kind_of(const recto_meta *m) { return m->kind; }
int recto_meta_bool(const recto_meta *m) { return m && m->boolean; }

const char *recto_meta_string(const recto_meta *m) {
  if (!m)
    return NULL;
  if (m->kind == RECTO_META_STRING)
    return m->string;
  if (m->kind == RECTO_META_INLINES || m->kind == RECTO_META_BLOCKS)
    return m->nodes ? recto_node_plain_text(m->nodes) : "";
  if (m->kind == RECTO_META_BOOL)
    return m->boolean ? "true" : "false";
  return NULL;
}

recto_node *recto_meta_nodes(const recto_meta *m) {
  return m && (m->kind == RECTO_META_INLINES || m->kind == RECTO_META_BLOCKS)
             ? m->nodes
             : NULL;
}

static void S_reserve(recto_meta *m) {
  if (m->count < m->cap)
    return;
  size_t cap = m->cap ? m->cap * 2 : 8;
  recto_meta **values = recto_alloc(m->doc, cap * sizeof *values);
  if (m->count)
    memcpy(values, m->values, m->count * sizeof *values);
  m->values = values;
  if (m->kind == RECTO_META_MAP) {
    const char **keys = recto_alloc(m->doc, cap * sizeof *keys);
    if (m->count)
      memcpy(keys, m->keys, m->count * sizeof *keys);
    m->keys = keys;
  }
  m->cap = cap;
}

/* Maps up to this many keys are searched in order; larger ones get slots. */
enum { S_INDEXED = 32 };

static size_t S_slot(const recto_meta *map, const char *key) {
  size_t i = (size_t)strhash(key) & (map->nslots - 1);
  while (map->slots[i] && strcmp(map->keys[map->slots[i] - 1], key) != 0)
    i = (i + 1) & (map->nslots - 1);
  return i;
}

/* (Re)build the slots of map for its keys, or drop them when it is small
   again. */
static void S_index(recto_meta *map) {
  map->slots = NULL;
  map->nslots = 0;
  if (map->count < S_INDEXED)
    return;
  size_t n = 64;
  while (n < map->count * 4)
    n *= 2;
  map->slots = recto_alloc(map->doc, n * sizeof *map->slots);
  memset(map->slots, 0, n * sizeof *map->slots);
  map->nslots = n;
  for (size_t k = 0; k < map->count; k++)
    map->slots[S_slot(map, map->keys[k])] = (uint32_t)k + 1;
}

static long S_find(const recto_meta *map, const char *key) {
  if (!map || map->kind != RECTO_META_MAP)
    return -1;
  if (map->slots) {
    uint32_t at = map->slots[S_slot(map, key)];
    return at ? (long)at - 1 : -1;
  }
  for (size_t k = 0; k < map->count; k++)
    if (strcmp(map->keys[k], key) == 0)
      return (long)k;
  return -1;
}

void recto_meta_set(recto_meta *map, const char *key, recto_meta *value) {
  if (!map || map->kind != RECTO_META_MAP || !value)
    return;
  long k = S_find(map, key);
  if (k >= 0) {
    map->values[k] = value;
    return;
  }
  S_reserve(map);
  map->keys[map->count] = recto_strdup(map->doc, key);
  map->values[map->count++] = value;
  if (map->count * 2 > map->nslots)
    S_index(map); /* at S_INDEXED keys, and as the map doubles */
  else
    map->slots[S_slot(map, key)] = (uint32_t)map->count;
}

recto_meta *recto_meta_get(const recto_meta *map, const char *key) {
  long k = S_find(map, key);
  return k >= 0 ? map->values[k] : NULL;
}

void recto_meta_remove(recto_meta *map, const char *key) {
  long k = S_find(map, key);
  if (k < 0)
    return;
  size_t rest = map->count - (size_t)k - 1;
  memmove(map->keys + k, map->keys + k + 1, rest * sizeof *map->keys);
  memmove(map->values + k, map->values + k + 1, rest * sizeof *map->values);
  map->count--;
  if (map->slots)
    S_index(map); /* the positions after k moved */
}

size_t recto_meta_count(const recto_meta *m) {
  return m && (m->kind == RECTO_META_MAP || m->kind == RECTO_META_LIST)
             ? m->count
             : 0;
}

recto_meta *recto_meta_at(const recto_meta *m, size_t index,
                          const char **key) {
  if (key)
    *key = NULL;
  if (index >= recto_meta_count(m))
    return NULL;
  if (key && m->kind == RECTO_META_MAP)
    *key = m->keys[index];
  return m->values[index];
}

void recto_meta_append(recto_meta *list, recto_meta *value) {
  if (!list || list->kind != RECTO_META_LIST || !value)
    return;
  S_reserve(list);
  list->values[list->count++] = value;
}

const char *recto_doc_meta_string(const recto_doc *doc, const char *key) {
  return recto_meta_string(recto_meta_get(recto_doc_meta(doc), key));
}

void recto_doc_meta_set_string(recto_doc *doc, const char *key,
                               const char *value) {
  recto_meta_set(recto_doc_meta(doc), key, recto_meta_new_string(doc, value));
}
