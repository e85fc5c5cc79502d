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
/** a takes from's chunks (from is left empty). */
void arena_adopt(arena *a, arena *from);

/* ---- string map: open addressing, keys not owned (they live in the
   arena or outlive the map) ---- */
typedef struct strmap {
  const char **keys;
  void **values;
  size_t cap;
  size_t count;
} strmap;

/** FNV-1a of a string: strmap's hash, and meta.c's. */
uint64_t strhash(const char *s);
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

/* What only some nodes need: attributes, and the fields of their kind,
   one named struct per kind in a union (node.c's accessors check the
   kind before they touch one).  A node points to one only once
   something is set in it, so the many TEXT and SOFT_BREAK nodes stay
   small (every tree walk reads less memory). */
typedef struct node_ext {
  const char *id;
  const char *classes;
  attr_kv *attrs;
  size_t text_len; /* when it does not fit the node's 32 bits */
  union {
    struct { const char *info; } code;        /* CODE_BLOCK, RAW_* */
    struct { const char *url, *title; } link; /* LINK, IMAGE */
    struct { const char *marker; } note;      /* NOTE, NOTE_REF, NOTE_DEF */
    struct {
      int kind, style, delim, start, tight;
    } list;
    struct {
      table_col *cols;
      size_t count;
    } table;
    struct { int rowspan, colspan, align; } cell;
    struct {
      const char *label, *header, *footer;
      int source;
    } page;
    struct {
      recto_cite_item *items;
      size_t count;
    } cite;
    struct { recto_bib_entry *entry; } bib;
  } u;
} node_ext;

#define NODE_TEXT_LEN_EXT UINT32_MAX

struct recto_node {
  uint8_t type; /* recto_node_type */
  uint8_t dir;  /* recto_dir */
  union {
    int16_t level;   /* HEADING, SECTION */
    int16_t quote;   /* QUOTED: recto_quote_kind */
    int16_t display; /* MATH */
  } k;
  uint32_t text_len; /* NODE_TEXT_LEN_EXT: the length is in ext */
  uint32_t line, column;
  uint64_t offset;
  recto_doc *doc;
  recto_node *parent, *first, *last, *prev, *next;
  const char *lang;
  const char *text; /* a TEXT node made with its text holds it right after
                       itself */
  node_ext *ext;
};

/** The node's ext, made on first use. */
node_ext *node_ext_of(recto_node *n);

static inline recto_pos node_pos(const recto_node *n) {
  recto_pos p = {n->line, n->column, n->offset};
  return p;
}

/** Leaf kinds (no children), as a table: the iterator asks for every
    node. */
extern const unsigned char node_leaf_kinds[256];
static inline int node_is_leaf(unsigned type) {
  return type > 255 || node_leaf_kinds[type];
}

/* ---- the document ---- */
typedef struct doc_source {
  const char *what, *value;
  struct doc_source *next;
} doc_source;


/* meta.c: the metadata tree's fields, for the passes that move it */
struct recto_meta {
  recto_meta_kind kind;
  recto_doc *doc;
  int boolean;
  const char *string;
  recto_node *nodes;
  const char **keys;    /* MAP only */
  recto_meta **values;  /* MAP and LIST */
  size_t count, cap;
  /* MAP of many keys: open addressing over the positions (each slot a
     position + 1, 0 free), in the arena, so that setting n keys is not
     quadratic (a YAML block of 100,000 keys) */
  uint32_t *slots;
  size_t nslots;
};

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
  /* Nodes ever made, per kind: a pass that looks for kinds the document
     never had needs no walk of the tree.  Entries stand only in
     bibliographies, so with none or one (the first made) no walk looks
     for them either. */
  size_t kinds_made[256];
  recto_node *first_bibliography;
  strmap resources; /* name -> doc_resource */
  size_t nresources;
};

/** Bytes carried with a document (recto_doc_set_resource). */
typedef struct doc_resource {
  const void *data;
  size_t len;
  const char *media_type;
} doc_resource;

/** recto_text_decode; when data are owned's bytes and need no decoding,
    out takes owned's storage instead of a copy (owned is left empty). */
recto_status text_decode_owned(recto_context *ctx, const unsigned char *data,
                               size_t len, const char *declared,
                               int replace_invalid, recto_buf *owned,
                               recto_buf *out, const char **used);

/** A size option (recto_size_parse), or fallback when unset or bad. */
uint64_t options_get_size(const recto_options *opts, const char *key,
                          uint64_t fallback);

struct stat;
/** Read fd (st: its fstat) to its end into out, at most limit bytes: a
    regular file's size sizes the buffer once, anything else grows it
    geometrically.  0; 1 when there was more than limit; -1 on a read
    error (errno). */
int read_bounded(int fd, const struct stat *st, uint64_t limit,
                 recto_buf *out);

/** write(2) until all of data is written (output.c). */
recto_status output_write_all(int fd, const void *data, size_t len);

/** Index entry for id lookups (biblio.c), kept current by add_entry. */
void biblio_index_entry(recto_doc *doc, recto_bib_entry *entry);

#endif
