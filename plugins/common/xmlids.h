/*
 * xmlids.h: unique XML identifiers for one output document, and a map
 * from model objects (nodes, bibliography entries) to the ids chosen for
 * them, so that references written before or after their target agree.
 */
#ifndef RECTO_COMMON_XMLIDS_H
#define RECTO_COMMON_XMLIDS_H

#include <stddef.h>

#include "recto/recto.h"

/** A set of ids in use plus a pointer -> id map.  Strings are not
    copied: they live in the document's arena. */
typedef struct xw_ids {
  const char **names; /* open addressing, NULL = free */
  size_t names_cap, names_count;
  const void **keys;  /* pointer map */
  const char **values;
  size_t map_cap, map_count;
} xw_ids;

void xw_ids_init(xw_ids *ids);
void xw_ids_free(xw_ids *ids);
int xw_ids_has(const xw_ids *ids, const char *id);
/** Claim id as it is; 0 when it was already taken or is not an NCName. */
int xw_ids_claim(xw_ids *ids, const char *id);
/** A new unique NCName made of prefix and base (base may be NULL or any
    text: characters outside the safe set are dropped or replaced, digits
    of any script become ASCII digits); "-2", "-3"... is appended when
    needed.  The result lives in doc's arena and is claimed. */
const char *xw_ids_make(xw_ids *ids, recto_doc *doc, const char *prefix,
                        const char *base);
/** Remember id for the object key; lookups with xw_ids_get. */
void xw_ids_bind(xw_ids *ids, const void *key, const char *id);
const char *xw_ids_get(const xw_ids *ids, const void *key);

/** Whether s is an NCName whose characters every XML 1.0 edition
    accepts (validators differ on the rest, ZWNJ among them). */
int xw_is_safe_ncname(const char *s);

/** Whether s is an NMTOKEN of the same safe characters (digits may
    come first: "1", "۱۲"). */
int xw_is_safe_nmtoken(const char *s);

#endif
