/* buf.c: the growable byte buffer writers render into. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void recto_buf_grow(recto_buf *buf, size_t extra) {
  size_t need = buf->len + extra + 1;
  if (need <= buf->cap)
    return;
  size_t cap = buf->cap ? buf->cap : 256;
  while (cap < need)
    cap += cap / 2 + 64;
  buf->data = xrealloc(buf->data, cap);
  buf->cap = cap;
}

void recto_buf_put(recto_buf *buf, const void *data, size_t len) {
  recto_buf_grow(buf, len);
  if (len)
    memcpy(buf->data + buf->len, data, len);
  buf->len += len;
  buf->data[buf->len] = '\0';
}

void recto_buf_puts(recto_buf *buf, const char *s) {
  recto_buf_put(buf, s, strlen(s));
}

void recto_buf_putc(recto_buf *buf, int c) {
  recto_buf_grow(buf, 1);
  buf->data[buf->len++] = (char)c;
  buf->data[buf->len] = '\0';
}

void recto_buf_vprintf(recto_buf *buf, const char *fmt, va_list ap) {
  va_list copy;
  va_copy(copy, ap);
  char small[256];
  int n = vsnprintf(small, sizeof small, fmt, copy);
  va_end(copy);
  if (n < 0)
    return;
  if ((size_t)n < sizeof small) {
    recto_buf_put(buf, small, (size_t)n);
    return;
  }
  recto_buf_grow(buf, (size_t)n);
  vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
  buf->len += (size_t)n;
}

void recto_buf_printf(recto_buf *buf, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  recto_buf_vprintf(buf, fmt, ap);
  va_end(ap);
}

static const char S_replacement[] = "\xEF\xBF\xBD";

void recto_buf_put_xml(recto_buf *buf, const char *s, size_t len) {
  size_t start = 0, i = 0;
  recto_buf_grow(buf, len);
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    const char *esc = NULL;
    size_t adv = 1;
    if (c < 0x80) {
      switch (c) {
      case '&': esc = "&amp;"; break;
      case '<': esc = "&lt;"; break;
      case '>': esc = "&gt;"; break;
      case '"': esc = "&quot;"; break;
      case '\'': esc = "&#39;"; break;
      case '\t': case '\n': case '\r': break;
      default:
        if (c < 0x20 || c == 0x7f)
          esc = S_replacement; /* XML 1.0 forbids C0 controls */
      }
    } else {
      uint32_t cp;
      int n = recto_utf8_decode(s + i, len - i, &cp);
      if (n < 0) {
        esc = S_replacement;
      } else {
        adv = (size_t)n;
        if (cp == 0xFFFE || cp == 0xFFFF || (cp >= 0x80 && cp <= 0x9F))
          esc = S_replacement;
      }
    }
    if (esc) {
      recto_buf_put(buf, s + start, i - start);
      recto_buf_puts(buf, esc);
      i += adv;
      start = i;
    } else {
      i += adv;
    }
  }
  recto_buf_put(buf, s + start, len - start);
}

void recto_buf_truncate(recto_buf *buf, size_t len) {
  if (len < buf->len) {
    buf->len = len;
    buf->data[len] = '\0';
  }
}

void recto_buf_clear(recto_buf *buf) { recto_buf_truncate(buf, 0); }

void recto_buf_free(recto_buf *buf) {
  free(buf->data);
  buf->data = NULL;
  buf->len = buf->cap = 0;
}

char *recto_buf_detach(recto_buf *buf, size_t *len) {
  char *data = buf->data;
  if (len)
    *len = buf->len;
  if (!data)
    data = calloc(1, 1);
  buf->data = NULL;
  buf->len = buf->cap = 0;
  return data;
}
