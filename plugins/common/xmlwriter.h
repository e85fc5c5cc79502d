/*
 * xmlwriter.h: small helpers for writers that emit XML as text into a
 * recto_buf (DocBook, TEI, XHTML).  No tree is built: elements are
 * written in document order and escaped with recto_buf_put_xml, which
 * also replaces characters XML forbids.
 *
 * Names start with xw_; the library is static and hidden inside each
 * plugin that links it.
 */
#ifndef RECTO_COMMON_XMLWRITER_H
#define RECTO_COMMON_XMLWRITER_H

#include <stddef.h>

#include "recto/recto.h"

/** Escaped character data (NUL-terminated s; NULL writes nothing). */
void xw_text(recto_buf *out, const char *s);
/** ' name="value"' with value escaped; nothing when value is NULL. */
void xw_attr(recto_buf *out, const char *name, const char *value);
/** ' name="value"' for an integer. */
void xw_attr_int(recto_buf *out, const char *name, long value);
/** '<name' (the caller adds attributes and '>'). */
void xw_start_tag(recto_buf *out, const char *name);
/** '</name>'. */
void xw_end_tag(recto_buf *out, const char *name);
/** A newline then two spaces per depth level (at most 20 levels). */
void xw_indent(recto_buf *out, int depth);
/** '<name>text</name>' with text escaped; nothing when text is NULL
    or empty. */
void xw_element(recto_buf *out, const char *name, const char *text);
/** The same with one attribute: '<name attr="value">text</name>'. */
void xw_element_attr(recto_buf *out, const char *name, const char *attr,
                     const char *value, const char *text);
/** Start a processing instruction '<?target'; finish it with
    xw_pi_attr calls and xw_pi_end.  Values are escaped like attribute
    values, so '?>' can never occur inside. */
void xw_pi_start(recto_buf *out, const char *target);
void xw_pi_attr(recto_buf *out, const char *name, const char *value);
void xw_pi_end(recto_buf *out);

/** "ltr", "rtl", or NULL for unset and auto (XML formats inherit). */
const char *xw_dir_name(recto_dir dir);
/** The file name without its directories (so that output never holds
    a path of the machine it was made on); NULL stays NULL. */
const char *xw_basename(const char *path);

#endif
