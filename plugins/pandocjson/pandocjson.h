/*
 * pandocjson.h: pandoc's JSON AST (pandoc-types API 1.22 and 1.23), read
 * and written.  The mapping, and how recto-only structure travels in
 * attributes and metadata, is described in README.md in this directory.
 */
#ifndef RECTO_PANDOCJSON_H
#define RECTO_PANDOCJSON_H

#include "recto/recto.h"

/* The API versions read (minor versions of pandoc-types 1.x); the one
   written is 1.23 unless -O pandoc-api-version=1.22 asks otherwise. */
#define PJ_MINOR_MIN 22
#define PJ_MINOR_MAX 23

/* Prefix of the classes that mark recto-only node kinds ("recto-note-def")
   and of the attribute keys that carry recto-only properties. */
#define PJ_PREFIX "recto-"
/* The class of a Div or Span that only carries the properties of the one
   element it holds (pandoc gives that element no attributes). */
#define PJ_WRAP "recto-wrap"

/* Enumerations as pandoc names them, indexed by recto's values. */
extern const char *const pj_list_styles[];  /* recto_list_style */
extern const char *const pj_list_delims[];  /* recto_list_delim */
extern const char *const pj_aligns[];       /* recto_align */
extern const char *const pj_quotes[];       /* recto_quote_kind */
extern const char *const pj_cite_modes[];   /* recto_cite_mode */
extern const char *const pj_math_kinds[];   /* inline, display */

/** The index of name in table (NULL-terminated), or -1. */
int pj_lookup(const char *const *table, const char *name);

/** The class marking a recto-only node kind ("recto-page-break"), or
    NULL for kinds pandoc has. */
const char *pj_kind_class(recto_node_type type);
/** The node kind a class marks, or RECTO_NODE_NONE. */
recto_node_type pj_class_kind(const char *cls, size_t len);

recto_status pj_read(recto_context *ctx, const recto_input *input,
                     const recto_options *opts, recto_doc **out);
recto_status pj_write(recto_context *ctx, recto_doc *doc,
                      const recto_options *opts, recto_buf *out);

#endif
