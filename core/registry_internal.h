/*
 * registry_internal.h: what the registry knows of each plugin file, shared
 * by registry.c (loading, lookups) and regcache.c (the file that keeps it
 * between runs).
 */
#ifndef RECTO_REGISTRY_INTERNAL_H
#define RECTO_REGISTRY_INTERNAL_H

#include <stdint.h>

#include "internal.h"
#include "recto/registry.h"

/** A file's identity: when any part changes, the file is examined again. */
typedef struct reg_file_id {
  uint64_t dev, ino, size;
  int64_t mtime_ns;
} reg_file_id;

typedef struct reg_file reg_file;

/** One descriptor.  info comes first: the recto_plugin_info pointers the
    API hands out are reg_desc pointers. */
typedef struct reg_desc {
  recto_plugin_info info; /* strings malloc'd, owned here */
  uint32_t index;         /* argument of the entry function */
  reg_file *file;
  const recto_plugin *plugin; /* NULL until the file is opened */
} reg_desc;

struct reg_file {
  char *path;
  reg_file_id id;
  char *refusal;  /* why the whole file is refused, or NULL */
  ptrvec descs;   /* reg_desc * */
  void *handle;   /* dlopen handle, NULL while not opened */
  recto_plugin_entry_fn entry;
  int failed;     /* opening it on demand failed */
  int used;       /* met on this run's search path */
};

/** Every file ever examined, from the cache file and from this run. */
typedef struct reg_cache {
  ptrvec files; /* reg_file * */
  int dirty;    /* something was learnt that the cache file lacks */
} reg_cache;

/** RECTO_PLUGIN_CACHE, else under $XDG_CACHE_HOME or ~/.cache; malloc'd,
    "" when there is nowhere to keep it. */
char *reg_cache_default_path(void);
/** Read the cache file, if any; a file of another format is ignored. */
void reg_cache_read(reg_cache *c, const char *path);
/** Write the cache atomically; failures are silent (it is only a cache). */
void reg_cache_write(reg_cache *c, const char *path);
/** Add the records of text (the cache file's lines after its first;
    changed in place).  0 when a line is malformed. */
int reg_cache_parse(reg_cache *c, char *text);
/** Append f's record (its "F" line and "D" lines) to b. */
void reg_file_put(recto_buf *b, const reg_file *f);
/** The record of path when its identity still matches, else NULL. */
reg_file *reg_cache_lookup(reg_cache *c, const char *path,
                           const reg_file_id *id);
/** A new empty record for path (replacing a stale one). */
reg_file *reg_cache_add(reg_cache *c, const char *path, const reg_file_id *id);
void reg_cache_free(reg_cache *c);
/** A malloc'd copy (recto_out_of_memory when memory runs out). */
char *reg_strdup(const char *s);
void reg_file_clear_descs(reg_file *f);

#endif
