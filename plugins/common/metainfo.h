/*
 * metainfo.h: the conventional metadata keys (meta.h) read the same way
 * by every writer: people (author, editor, translator) and lists of
 * strings (keywords).
 */
#ifndef RECTO_COMMON_METAINFO_H
#define RECTO_COMMON_METAINFO_H

#include <stddef.h>

#include "recto/recto.h"

/** One person or organisation named in the metadata.  Strings belong to
    the document (or are NULL). */
typedef struct xw_person {
  const char *name;        /* the whole name as written */
  const char *given;
  const char *family;
  const char *affiliation;
  const char *email;
  int organisation;        /* "organization: true" or only an org name */
} xw_person;

/** The people under key ("author": a list of maps or strings, or one of
    them).  Fills up to max; returns how many there are. */
size_t xw_meta_people(const recto_doc *doc, const char *key, xw_person *out,
                      size_t max);
/** The strings under key: a list of values, or one string split at
    commas (and Arabic commas).  Strings are in doc's arena. */
size_t xw_meta_strings(recto_doc *doc, const char *key, const char **out,
                       size_t max);
/** The value under key, or NULL. */
recto_meta *xw_meta_value(const recto_doc *doc, const char *key);

#endif
