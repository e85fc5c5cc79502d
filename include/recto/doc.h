/*
 * recto/doc.h: a document and the arena that owns everything in it.
 */
#ifndef RECTO_DOC_H
#define RECTO_DOC_H

#include <stddef.h>

#include "recto/node.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A new empty document: a DOCUMENT root, an empty metadata map.
    Aborts on out-of-memory (like cmark's default allocator), so callers
    need no NULL checks. */
RECTO_API recto_doc *recto_doc_new(void);
/** Frees the document and everything allocated from its arena. */
RECTO_API void recto_doc_free(recto_doc *doc);

RECTO_API recto_node *recto_doc_root(const recto_doc *doc);
/** The metadata map (a RECTO_META_MAP, never NULL). */
RECTO_API recto_meta *recto_doc_meta(const recto_doc *doc);

/** The document's own language (BCP 47) and direction; they are also
    what recto_node_effective_lang/dir fall back to. */
RECTO_API const char *recto_doc_lang(const recto_doc *doc);
RECTO_API void recto_doc_set_lang(recto_doc *doc, const char *lang);
RECTO_API recto_dir recto_doc_dir(const recto_doc *doc);
RECTO_API void recto_doc_set_dir(recto_doc *doc, recto_dir dir);

/** Where the document came from (for provenance: TEI sourceDesc):
    file name, format name, and original encoding. */
RECTO_API const char *recto_doc_source(const recto_doc *doc, const char *what);
RECTO_API void recto_doc_set_source(recto_doc *doc, const char *what,
                                    const char *value);
/** The source records in the order they were first set. */
RECTO_API size_t recto_doc_source_count(const recto_doc *doc);
RECTO_API int recto_doc_source_at(const recto_doc *doc, size_t index,
                                  const char **what, const char **value);

/** Record that a structure-recovery step ran (TEI encodingDesc), with a
    short description of what it did. */
RECTO_API void recto_doc_add_step(recto_doc *doc, const char *name,
                                  const char *description);
RECTO_API size_t recto_doc_step_count(const recto_doc *doc);
RECTO_API int recto_doc_step_at(const recto_doc *doc, size_t index,
                                const char **name, const char **description);

/** Resources a document carries with it: bytes that came inside its
    input (an image in the EPUB it was read from), named by the url its
    nodes use for them (an IMAGE's url).  A writer that packs images
    (EPUB) takes them from here before it looks for a file of that name.
    The bytes are copied into the document's arena; setting a name again
    replaces them.  media_type may be NULL (the writer then tells it by
    the bytes). */
RECTO_API void recto_doc_set_resource(recto_doc *doc, const char *name,
                                      const void *data, size_t len,
                                      const char *media_type);
/** The bytes of resource name (and their length and media type), or
    NULL when the document carries none of that name. */
RECTO_API const void *recto_doc_resource(const recto_doc *doc,
                                         const char *name, size_t *len,
                                         const char **media_type);
/** How many resources the document carries. */
RECTO_API size_t recto_doc_resource_count(const recto_doc *doc);

/* ---- the arena ---- */
/** size bytes, zeroed, aligned for any type; lives until recto_doc_free. */
RECTO_API void *recto_alloc(recto_doc *doc, size_t size);
/** A NUL-terminated copy of s (NULL stays NULL). */
RECTO_API char *recto_strdup(recto_doc *doc, const char *s);
/** A NUL-terminated copy of len bytes of s. */
RECTO_API char *recto_strndup(recto_doc *doc, const char *s, size_t len);
/** Bytes held by the arena (for benchmarks and limits). */
RECTO_API size_t recto_doc_arena_size(const recto_doc *doc);

#ifdef __cplusplus
}
#endif
#endif
