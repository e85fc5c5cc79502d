/*
 * xmlwriter.h: small helpers for writers that emit XML as text into a
 * recto_buf (DocBook, TEI, XHTML).  No tree is built: elements are
 * written in document order, escaped with recto_buf_put_xml.
 *
 * Names start with xw_; everything is hidden inside each plugin.
 */
#ifndef RECTO_COMMON_XMLWRITER_H
#define RECTO_COMMON_XMLWRITER_H

#include <stddef.h>

#include "recto/recto.h"

/** Escaped character data (NUL-terminated s; NULL writes nothing). */
void xw_text(recto_buf *out, const char *s);
/** ' name="value"' with value escaped; nothing when value is NULL. */
void xw_attr(recto_buf *out, const char *name, const char *value);
/** A newline then two spaces per depth level. */
void xw_indent(recto_buf *out, int depth);

#endif
