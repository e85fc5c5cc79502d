/* buf.c: the growable byte buffer writers render into. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "internal.h"

/* From this size, a buffer that moves hands back the pages it left. */
#define S_TRIM_FROM ((size_t)1 << 20)

void recto_buf_grow(recto_buf *buf, size_t extra) {
  size_t need = buf->len + extra + 1;
  if (need <= buf->cap)
    return;
  size_t cap = buf->cap ? buf->cap : 256;
  while (cap < need)
    cap += cap / 2 + 64;
  uintptr_t was = (uintptr_t)buf->data;
  buf->data = recto_xrealloc(buf->data, cap);
#ifdef __GLIBC__
  /* Grown in the heap (glibc's mmap threshold rises as large blocks are
     freed), a writer's output leaves each smaller copy behind as free
     pages nothing reuses; resident, they add up to its own size. */
  if (was && (uintptr_t)buf->data != was && buf->cap >= S_TRIM_FROM)
    malloc_trim(0);
#endif
  buf->cap = cap;
}

void recto_buf_put(recto_buf *buf, const void *data, size_t len) {
  if (buf->len + len + 1 > buf->cap)
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
  if (buf->len + 2 > buf->cap)
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

/* Bytes recto_buf_put_xml copies as they are (1), escapes (0, ASCII) or
   must decode first (0, 0x80 and up). */
static const unsigned char S_xml_plain[256] = {
    ['\t'] = 1, ['\n'] = 1, ['\r'] = 1,
    [' '] = 1, ['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['('] = 1,
    [')'] = 1, ['*'] = 1, ['+'] = 1, [','] = 1, ['-'] = 1, ['.'] = 1,
    ['/'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
    ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, [':'] = 1,
    [';'] = 1, ['='] = 1, ['?'] = 1, ['@'] = 1, ['A'] = 1, ['B'] = 1,
    ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
    ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
    ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
    ['['] = 1, ['\\'] = 1, [']'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
    ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
    ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
    ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1, ['{'] = 1, ['|'] = 1, ['}'] = 1, ['~'] = 1,
};

/* Length of the character at s, negative if XML cannot take it (then
   replaced as a whole; an invalid byte alone).  Two-byte sequences
   (Arabic, Persian, Cyrillic...) are checked here, the rest by the
   decoder. */
static int S_xml_char_len(const unsigned char *s, size_t left) {
  if (s[0] >= 0xC2 && s[0] <= 0xDF && left >= 2 && (s[1] & 0xC0) == 0x80)
    return s[0] == 0xC2 && s[1] < 0xA0 ? -2 : 2; /* C1 controls */
  uint32_t cp;
  int n = recto_utf8_decode((const char *)s, left, &cp);
  if (n < 0)
    return -1;
  return cp == 0xFFFE || cp == 0xFFFF ? -n : n;
}

void recto_buf_put_xml(recto_buf *buf, const char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  size_t start = 0, i = 0;
  recto_buf_grow(buf, len);
  while (i < len) {
    if (S_xml_plain[u[i]]) {
      i++;
      continue;
    }
    const char *esc = NULL;
    size_t adv = 1;
    switch (u[i]) {
    case '&': esc = "&amp;"; break;
    case '<': esc = "&lt;"; break;
    case '>': esc = "&gt;"; break;
    case '"': esc = "&quot;"; break;
    case '\'': esc = "&#39;"; break;
    default:
      if (u[i] < 0x80) {
        esc = S_replacement; /* XML 1.0 forbids C0 controls */
      } else {
        int n = S_xml_char_len(u + i, len - i);
        if (n < 0)
          esc = S_replacement;
        adv = (size_t)(n < 0 ? -n : n);
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

void recto_buf_put_escaped(recto_buf *buf, const char *s, size_t len) {
  static const char hex[] = "0123456789abcdef";
  for (size_t k = 0; k < len;) {
    unsigned char c = (unsigned char)s[k];
    uint32_t cp = c;
    int n = c < 0x80 ? 1 : recto_utf8_decode(s + k, len - k, &cp);
    if (n > 0 && cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp <= 0x9F)) {
      recto_buf_put(buf, s + k, (size_t)n);
      k += (size_t)n;
      continue;
    }
    if (n <= 0)
      n = 1; /* not UTF-8: this byte alone */
    for (int i = 0; i < n; i++, k++) {
      unsigned char b = (unsigned char)s[k];
      char esc[4] = {'\\', 'x', hex[b >> 4], hex[b & 15]};
      if (b == '\n' || b == '\r' || b == '\t') {
        esc[1] = b == '\n' ? 'n' : b == '\r' ? 'r' : 't';
        recto_buf_put(buf, esc, 2);
      } else {
        recto_buf_put(buf, esc, 4);
      }
    }
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
