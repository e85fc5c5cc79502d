/*
 * cslentry.h: a bibliography entry as a CSL JSON object, both ways.
 *
 * The native format stores entries in the same shape as CSL JSON, plus
 * the fields CSL has no variable for (direction, raw text, position,
 * source file, citation count): one mapping serves both plugins.
 */
#ifndef RECTO_NATIVE_CSLENTRY_H
#define RECTO_NATIVE_CSLENTRY_H

#include "json.h"
#include "recto/recto.h"

/** Also the fields only the native format keeps. */
#define CSL_NATIVE 1

/** Write e as a JSON object: "{", one field per line at depth + 1,
    "}" at depth. */
void csl_write_entry(recto_buf *out, const recto_bib_entry *e, int depth,
                     int flags);

/** Read a JSON object into a new entry of doc.  Problems are reported
    through ctx with codes "<prefix>.syntax" (error: returns NULL) and
    "<prefix>.unknown-field" (info in CSL JSON, warning in native). */
recto_bib_entry *csl_read_entry(recto_context *ctx, recto_doc *doc,
                                rj_doc *jd, const rj_value *obj,
                                int flags, const char *prefix);

/** Parse an EDTF-like date ("2022", "2022-03-01", "2022-03/2022-05",
    "1403~" for circa; any decimal digits) into *d, keeping its calendar
    and literal.  Returns 0, or -1 (d unchanged) when s is not one. */
int csl_parse_date(const char *s, recto_date *d);

#endif
