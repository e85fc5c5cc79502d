/*
 * zipin.h: reading a zip container (EPUB, DOCX, ODT) held in memory,
 * with every entry name and every size checked before it is trusted.
 *
 * A container is hostile until proven otherwise.  zipin_open refuses,
 * with one error naming the entry, a container that
 *   - is truncated or corrupt (libzip's consistency check),
 *   - has an entry whose name is empty, absolute ("/x", "C:x"), holds
 *     "..", a backslash or a NUL, or equals another entry's name once
 *     "./" and repeated slashes are folded away,
 *   - has a symbolic link (Unix mode in the external attributes) or an
 *     encrypted entry,
 *   - declares an entry larger than ZIPIN_MAX_ENTRY, all entries together
 *     larger than ZIPIN_MAX_TOTAL, more than ZIPIN_MAX_ENTRIES entries,
 *     or an entry whose declared size is more than ZIPIN_MAX_RATIO times
 *     its compressed size (past ZIPIN_RATIO_FLOOR bytes).
 * zipin_read checks again while inflating, since declared sizes may lie:
 * it stops as soon as the bytes produced exceed the declared size, the
 * entry limit, the ratio, or the total read from the container so far.
 *
 * Every refusal is a RECTO_DIAG_ERROR with code "zip.*" on ctx, whose
 * file is the container; the caller returns RECTO_ERR_INPUT.
 * Names given to and returned by the functions below are the folded
 * names ("OEBPS/a.xhtml").
 */
#ifndef RECTO_COMMON_ZIPIN_H
#define RECTO_COMMON_ZIPIN_H

#include <stddef.h>
#include <stdint.h>

#include "recto/recto.h"

/* Limits: generous for real books (a 300-image EPUB is far below them),
   small enough that a bomb cannot exhaust memory. */
#define ZIPIN_MAX_ENTRY ((uint64_t)256 << 20)  /* one entry, inflated */
#define ZIPIN_MAX_TOTAL ((uint64_t)1 << 30)    /* all entries read */
#define ZIPIN_MAX_ENTRIES 100000
#define ZIPIN_MAX_RATIO 200                    /* inflated : compressed */
#define ZIPIN_RATIO_FLOOR ((uint64_t)1 << 20)  /* ratio checked past 1 MiB */

typedef struct zipin zipin;

/** Open the container in data (which must outlive the zipin).  NULL,
    after one error on ctx, when it is refused (see above). */
zipin *zipin_open(recto_context *ctx, const unsigned char *data, size_t len);
void zipin_close(zipin *z);

/** Entries, in the order of the central directory (directories too,
    their names ending in '/'). */
size_t zipin_count(const zipin *z);
const char *zipin_name(const zipin *z, size_t index);
/** Whether an entry of that (folded) name exists. */
int zipin_has(const zipin *z, const char *name);

/** The whole entry, inflated, NUL-terminated (the NUL not counted in
    *len), malloc'd: the caller frees it.  NULL after one error on ctx
    when it is missing (code "zip.missing", unless quiet_missing), or
    refused while inflating. */
unsigned char *zipin_read(zipin *z, const char *name, size_t *len,
                          int quiet_missing);

/** href (a relative URL, percent escapes decoded) resolved against the
    entry name base ("OEBPS/text/ch1.xhtml"): "../img/a.png" gives
    "OEBPS/img/a.png".  The fragment and query are dropped.  NULL when
    the result would leave the container (absolute path, a scheme, too
    many ".."); otherwise malloc'd. */
char *zipin_resolve(const char *base, const char *href);

#endif
