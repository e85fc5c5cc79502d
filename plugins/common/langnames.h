/*
 * langnames.h: English names of the languages our sources carry, for
 * TEI langUsage and similar human-readable listings.
 */
#ifndef RECTO_COMMON_LANGNAMES_H
#define RECTO_COMMON_LANGNAMES_H

/** The English name of a BCP 47 tag's primary language ("fa-IR" ->
    "Persian"), or NULL when not known. */
const char *xw_lang_name(const char *tag);

#endif
