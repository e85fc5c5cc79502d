/*
 * recto/buf.h: a growable byte buffer; writers render into one.
 */
#ifndef RECTO_BUF_H
#define RECTO_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "recto/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct recto_buf {
  char *data;  /* NUL-terminated; NULL while empty and never grown */
  size_t len;
  size_t cap;
} recto_buf;

#define RECTO_BUF_INIT {NULL, 0, 0}

/** Aborts on out-of-memory. */
RECTO_API void recto_buf_grow(recto_buf *buf, size_t extra);
RECTO_API void recto_buf_put(recto_buf *buf, const void *data, size_t len);
RECTO_API void recto_buf_puts(recto_buf *buf, const char *s);
RECTO_API void recto_buf_putc(recto_buf *buf, int c);
RECTO_API void recto_buf_printf(recto_buf *buf, const char *fmt, ...)
    RECTO_PRINTF(2, 3);
RECTO_API void recto_buf_vprintf(recto_buf *buf, const char *fmt, va_list ap);
/** Text escaped for XML character data or attribute values (&<>"'),
    with characters XML 1.0 forbids (C0 controls but tab, LF, CR; U+FFFE,
    U+FFFF; invalid UTF-8) replaced by U+FFFD. */
RECTO_API void recto_buf_put_xml(recto_buf *buf, const char *s, size_t len);
/** Text as a one-line message shows it: newline, carriage return and tab
    as \n \r \t, other control characters (C0, DEL, C1) and bytes that
    are not UTF-8 as \xHH, everything else as it is.  Diagnostics pass
    every message and file name through it, so that no input can forge a
    line or reach the terminal with an escape sequence. */
RECTO_API void recto_buf_put_escaped(recto_buf *buf, const char *s,
                                     size_t len);
RECTO_API void recto_buf_truncate(recto_buf *buf, size_t len);
RECTO_API void recto_buf_clear(recto_buf *buf);
/** Frees the storage; the buffer is empty and reusable afterwards. */
RECTO_API void recto_buf_free(recto_buf *buf);
/** Hands the storage to the caller (free()) and empties the buffer. */
RECTO_API char *recto_buf_detach(recto_buf *buf, size_t *len);

#ifdef __cplusplus
}
#endif
#endif
