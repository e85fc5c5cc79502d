/* arena.c: the per-document arena, plus the small containers librecto
   uses internally (string map, pointer vector). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct arena_chunk {
  arena_chunk *next;
  size_t used;
  size_t size;
  max_align_t data[];
};

#define ARENA_MIN_CHUNK ((size_t)64 * 1024)
#define ARENA_MAX_CHUNK ((size_t)4 * 1024 * 1024)

void *recto_xmalloc(size_t size) {
  void *p = malloc(size ? size : 1);
  if (!p)
    recto_out_of_memory();
  return p;
}

void *recto_xrealloc(void *p, size_t size) {
  void *q = realloc(p, size ? size : 1);
  if (!q)
    recto_out_of_memory();
  return q;
}

void *recto_xcalloc(size_t count, size_t size) {
  void *p = calloc(count ? count : 1, size ? size : 1);
  if (!p)
    recto_out_of_memory();
  return p;
}

void arena_init(arena *a) {
  a->head = NULL;
  a->total = 0;
}

static arena_chunk *S_new_chunk(arena *a, size_t need) {
  /* Chunks grow with the arena so that big documents need few mallocs. */
  size_t size = a->total < ARENA_MIN_CHUNK ? ARENA_MIN_CHUNK : a->total;
  if (size > ARENA_MAX_CHUNK)
    size = ARENA_MAX_CHUNK;
  if (size < need)
    size = need;
  arena_chunk *c = recto_xmalloc(sizeof(arena_chunk) + size);
  c->used = 0;
  c->size = size;
  c->next = a->head;
  a->head = c;
  a->total += size;
  return c;
}

void *arena_alloc(arena *a, size_t size) {
  const size_t align = sizeof(max_align_t);
  size = (size + align - 1) & ~(align - 1);
  arena_chunk *c = a->head;
  if (!c || c->size - c->used < size)
    c = S_new_chunk(a, size);
  void *p = (char *)c->data + c->used;
  c->used += size;
  memset(p, 0, size);
  return p;
}

void arena_adopt(arena *a, arena *from) {
  /* after a's own chunks, so that a keeps allocating from its head */
  arena_chunk **tail = &a->head;
  while (*tail)
    tail = &(*tail)->next;
  *tail = from->head;
  a->total += from->total;
  arena_init(from);
}

void arena_release(arena *a) {
  arena_chunk *c = a->head;
  while (c) {
    arena_chunk *next = c->next;
    free(c);
    c = next;
  }
  a->head = NULL;
  a->total = 0;
}

/* ---- strmap ---- */

uint64_t strhash(const char *s) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 1099511628211ull;
  }
  return h;
}

void strmap_init(strmap *m) { memset(m, 0, sizeof *m); }

void strmap_free(strmap *m) {
  free(m->keys);
  free(m->values);
  strmap_init(m);
}

static size_t S_slot(const char **keys, size_t cap, const char *key) {
  size_t i = (size_t)strhash(key) & (cap - 1);
  while (keys[i] && strcmp(keys[i], key) != 0)
    i = (i + 1) & (cap - 1);
  return i;
}

void *strmap_get(const strmap *m, const char *key) {
  if (!m->cap || !key)
    return NULL;
  size_t i = S_slot(m->keys, m->cap, key);
  return m->keys[i] ? m->values[i] : NULL;
}

static void S_grow(strmap *m) {
  size_t cap = m->cap ? m->cap * 2 : 64;
  const char **keys = calloc(cap, sizeof *keys);
  void **values = calloc(cap, sizeof *values);
  if (!keys || !values)
    recto_out_of_memory();
  for (size_t j = 0; j < m->cap; j++) {
    if (!m->keys[j])
      continue;
    size_t i = S_slot(keys, cap, m->keys[j]);
    keys[i] = m->keys[j];
    values[i] = m->values[j];
  }
  free(m->keys);
  free(m->values);
  m->keys = keys;
  m->values = values;
  m->cap = cap;
}

void strmap_put(strmap *m, const char *key, void *value) {
  if ((m->count + 1) * 2 > m->cap)
    S_grow(m);
  size_t i = S_slot(m->keys, m->cap, key);
  if (!m->keys[i]) {
    m->keys[i] = key;
    m->count++;
  }
  m->values[i] = value;
}

/* ---- ptrvec ---- */

void ptrvec_push(ptrvec *v, void *item) {
  if (v->len == v->cap) {
    v->cap = v->cap ? v->cap * 2 : 16;
    v->items = recto_xrealloc(v->items, v->cap * sizeof *v->items);
  }
  v->items[v->len++] = item;
}

void ptrvec_free(ptrvec *v) {
  free(v->items);
  v->items = NULL;
  v->len = v->cap = 0;
}
