/*
 * internal.h: private structures of librecto.  Nothing here is ABI; plugins
 * see only the opaque handles and accessors of include/recto/.
 */
#ifndef RECTO_INTERNAL_H
#define RECTO_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "recto/recto.h"

/* ---- arena: bump allocation in chunks, freed all at once ---- */
typedef struct arena_chunk arena_chunk;
typedef struct arena {
  arena_chunk *head;
  size_t total;
} arena;

void arena_init(arena *a);
void *arena_alloc(arena *a, size_t size);
void arena_release(arena *a);

/* ---- string map: open addressing, keys not owned (they live in the
   arena or outlive the map) ---- */
typedef struct strmap {
  const char **keys;
  void **values;
  size_t cap;
  size_t count;
} strmap;

void strmap_init(strmap *m);
void strmap_free(strmap *m);
void *strmap_get(const strmap *m, const char *key);
/** Insert or replace. */
void strmap_put(strmap *m, const char *key, void *value);

/* ---- a growable array of pointers (malloc'd) ---- */
typedef struct ptrvec {
  void **items;
  size_t len;
  size_t cap;
} ptrvec;

void ptrvec_push(ptrvec *v, void *item);
void ptrvec_free(ptrvec *v);

/** malloc/realloc that abort on out-of-memory. */
void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);

/* ---- the node ---- */
typedef struct attr_kv {
  const char *key;
  const char *value;
  struct attr_kv *next;
} attr_kv;

typedef struct table_col {
  recto_align align;
  double width;
} table_col;

struct recto_node {
  recto_node_type type;
  recto_dir dir;
  recto_doc *doc;
  recto_node *parent, *first, *last, *prev, *next;
  recto_pos pos;
  const char *lang;
  const char *id;
  const char *classes;
  attr_kv *attrs;
  const char *text;
  size_t text_len;
  /* Kind-specific strings: info/url/marker/page label; title/page
     header; page footer. */
  const char *s1, *s2, *s3;
  /* Kind-specific integers: level, quote kind, math display, list kind,
     cell rowspan, page source (i[0]); list style, colspan (i[1]); list
     delim, cell align (i[2]); list start (i[3]); list tight (i[4]). */
  int i[5];
  /* cite items, bib entry, or table columns */
  void *ptr;
  size_t count; /* cite items or table columns */
};

/* ---- the document ---- */
typedef struct doc_source {
  const char *what, *value;
  struct doc_source *next;
} doc_source;


struct recto_doc {
  arena mem;
  recto_node *root;
  recto_meta *meta;
  const char *lang;
  recto_dir dir;
  doc_source *sources;
  ptrvec steps; /* pairs: name, description */
  strmap bib_index;
  int bib_indexed;
  void *style_cache; /* style.c: numbers of the numeric style */
  recto_node *bib_node; /* biblio.c: the bibliography last found */
};

/** Index entry for id lookups (biblio.c), kept current by add_entry. */
void biblio_index_entry(recto_doc *doc, recto_bib_entry *entry);

#endif
