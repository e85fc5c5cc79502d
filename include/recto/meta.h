/*
 * recto/meta.h: document metadata as a tree of values (pandoc's Meta).
 *
 * Conventional keys: title, subtitle, author (a list of maps with name,
 * affiliation, or of strings), date, lang, dir, abstract, keywords
 * (a list), identifier, publisher, rights.
 */
#ifndef RECTO_META_H
#define RECTO_META_H

#include <stddef.h>

#include "recto/node.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum recto_meta_kind {
  RECTO_META_MAP = 1,
  RECTO_META_LIST,
  RECTO_META_BOOL,
  RECTO_META_STRING,  /* plain string */
  RECTO_META_INLINES, /* a SPAN node holding inlines */
  RECTO_META_BLOCKS   /* a DIV node holding blocks */
} recto_meta_kind;

RECTO_API recto_meta *recto_meta_new_map(recto_doc *doc);
RECTO_API recto_meta *recto_meta_new_list(recto_doc *doc);
RECTO_API recto_meta *recto_meta_new_bool(recto_doc *doc, int value);
RECTO_API recto_meta *recto_meta_new_string(recto_doc *doc, const char *s);
/** container: a SPAN (inlines) or DIV (blocks) of the same document. */
RECTO_API recto_meta *recto_meta_new_nodes(recto_doc *doc,
                                           recto_node *container);

RECTO_API recto_meta_kind recto_meta_kind_of(const recto_meta *m);
RECTO_API int recto_meta_bool(const recto_meta *m);
/** STRING: the string; INLINES/BLOCKS: their plain text; else NULL. */
RECTO_API const char *recto_meta_string(const recto_meta *m);
/** INLINES / BLOCKS: the SPAN or DIV container. */
RECTO_API recto_node *recto_meta_nodes(const recto_meta *m);

/** MAP: keys keep their insertion order.  Setting a key replaces it. */
RECTO_API void recto_meta_set(recto_meta *map, const char *key,
                              recto_meta *value);
RECTO_API recto_meta *recto_meta_get(const recto_meta *map, const char *key);
RECTO_API void recto_meta_remove(recto_meta *map, const char *key);
/** MAP and LIST: number of entries. */
RECTO_API size_t recto_meta_count(const recto_meta *m);
/** MAP: the index-th key and value; LIST: value only (key NULL). */
RECTO_API recto_meta *recto_meta_at(const recto_meta *m, size_t index,
                                    const char **key);
RECTO_API void recto_meta_append(recto_meta *list, recto_meta *value);

/** Convenience: the plain text of doc metadata key (NULL if absent). */
RECTO_API const char *recto_doc_meta_string(const recto_doc *doc,
                                            const char *key);
RECTO_API void recto_doc_meta_set_string(recto_doc *doc, const char *key,
                                         const char *value);

#ifdef __cplusplus
}
#endif
#endif
