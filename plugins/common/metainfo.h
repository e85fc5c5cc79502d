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
  const char *role;        /* "role" as written (pandoc's creators) */
} xw_person;

/** The people under key ("author": a list of maps or strings, or one of
    them).  Fills up to max; returns how many there are. */
size_t xw_meta_people(const recto_doc *doc, const char *key, xw_person *out,
                      size_t max);
/** The strings under key: a list of values, or one string split at
    commas (and Arabic commas).  Strings are in doc's arena. */
size_t xw_meta_strings(recto_doc *doc, const char *key, const char **out,
                       size_t max);
/** The MARC relator code of a role as written: a code itself ("trl"),
    or the English word ("translator"); NULL when neither. */
const char *xw_marc_code(const char *role);
/** The English word of a MARC relator code ("translator"), or the code. */
const char *xw_marc_word(const char *code);

/** One identifier of the work: the metadata's identifier (a string, a
    {scheme, text} map, or a list of them, as pandoc writes them) and
    isbn.  scheme is one of "isbn", "doi", "uuid", "issn", or NULL for
    any other (the text as written, and given_scheme as written, if
    any); the text of a known scheme is without its URN or URL prefix,
    an ISBN's only its digits (and X). */
typedef struct xw_identifier {
  const char *scheme;
  const char *given_scheme;
  const char *text;
} xw_identifier;

size_t xw_meta_identifiers(recto_doc *doc, xw_identifier *out, size_t max);

/** The seconds since 1970 of the dates a writer records: option
    source-date-epoch (SOURCE_DATE_EPOCH, which the command line passes),
    else now. */
long long xw_source_epoch(const recto_options *opts);
#define XW_OPT_RECORD_CONVERSION "record-conversion"
/** With option record-conversion (TEI revisionDesc, DocBook revhistory):
    when (xs:dateTime, UTC, of xw_source_epoch) into when, and into what
    "Converted from FORMAT (FILE) by recto VERSION."; 0 without it. */
int xw_conversion_record(recto_doc *doc, const recto_options *opts,
                         char when[32], recto_buf *what);

/** The value under key, or NULL. */
recto_meta *xw_meta_value(const recto_doc *doc, const char *key);

#endif
