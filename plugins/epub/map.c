/* map.c: the hash tables and arrays the writer keeps its plan in.
   Linear probing on a power-of-two table at most half full: lookups stay
   constant time on large books (every node with an id is in a table). */
#include <stdlib.h>
#include <string.h>

#include "epub.h"

static uint64_t S_hash(const epub_map *m, const void *key) {
  if (m->string_keys) {
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (const unsigned char *p = key; *p; p++)
      h = (h ^ *p) * 1099511628211ull;
    return h;
  }
  /* One multiply; the high half folded in, since aligned addresses end
     in zero bits and the table is indexed by the low ones. */
  uint64_t h = (uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 32);
}

static int S_same(const epub_map *m, const void *a, const void *b) {
  return m->string_keys ? strcmp(a, b) == 0 : a == b;
}

void epub_map_init(epub_map *m, int string_keys) {
  memset(m, 0, sizeof *m);
  m->string_keys = string_keys;
}

void epub_map_free(epub_map *m) {
  free(m->slots);
  m->slots = NULL;
  m->cap = m->count = 0;
}

void *epub_map_get(const epub_map *m, const void *key) {
  if (!m->cap || !key)
    return NULL;
  size_t mask = m->cap - 1;
  for (size_t i = (size_t)S_hash(m, key) & mask; m->slots[i].key;
       i = (i + 1) & mask)
    if (S_same(m, m->slots[i].key, key))
      return m->slots[i].value;
  return NULL;
}

static void S_insert(epub_map *m, const void *key, void *value) {
  size_t mask = m->cap - 1;
  size_t i = (size_t)S_hash(m, key) & mask;
  while (m->slots[i].key && !S_same(m, m->slots[i].key, key))
    i = (i + 1) & mask;
  if (!m->slots[i].key)
    m->count++;
  m->slots[i].key = key;
  m->slots[i].value = value;
}

void epub_map_set(epub_map *m, const void *key, void *value) {
  if (2 * (m->count + 1) > m->cap) {
    epub_map old = *m;
    m->cap = old.cap ? 2 * old.cap : 64;
    m->count = 0;
    m->slots = calloc(m->cap, sizeof *m->slots);
    if (!m->slots)
      recto_out_of_memory();
    for (size_t k = 0; k < old.cap; k++)
      if (old.slots[k].key)
        S_insert(m, old.slots[k].key, old.slots[k].value);
    epub_map_free(&old);
  }
  S_insert(m, key, value);
}

void epub_vec_push(epub_vec *v, void *item) {
  if (v->len == v->cap) {
    v->cap = v->cap ? 2 * v->cap : 16;
    v->items = recto_xrealloc(v->items, v->cap * sizeof *v->items);
  }
  v->items[v->len++] = item;
}

void epub_vec_free(epub_vec *v) {
  free(v->items);
  v->items = NULL;
  v->len = v->cap = 0;
}
