/*
 * json.h: a small JSON parser and emitter shared by the JSON formats and
 * the CSL JSON bibliography plugin.
 *
 * The parser builds a tree of rj_value in its own pool (freed by
 * rj_free).  It is iterative: nesting depth is bounded by memory only,
 * never by the C stack.  Every value knows where it starts, so readers
 * can report line:column for semantic errors too.
 *
 * Everything here is compiled into each plugin and hidden.
 */
#ifndef RECTO_NATIVE_JSON_H
#define RECTO_NATIVE_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "recto/recto.h"

typedef enum rj_type {
  RJ_NULL = 0,
  RJ_FALSE,
  RJ_TRUE,
  RJ_NUMBER,
  RJ_STRING,
  RJ_ARRAY,
  RJ_OBJECT
} rj_type;

typedef struct rj_value rj_value;
struct rj_value {
  const char *str;  /* STRING: unescaped, NUL-terminated; NUMBER: text */
  const char *key;  /* member name when inside an object */
  rj_value *first;  /* ARRAY / OBJECT: items in order */
  rj_value *next;
  uint64_t offset;  /* byte offset of the first byte */
  uint64_t end;     /* byte offset just after the last byte */
  union {
    size_t len;     /* STRING / NUMBER: bytes */
    size_t count;   /* ARRAY / OBJECT: items */
  };
  uint32_t key_len;
  uint8_t type;     /* rj_type */
};

/* Byte offsets to line:column, moving forward from the last answer:
   positions asked in text order cost linear time in all; a jump back
   restarts from the anchor when it is behind, else from the start. */
typedef struct rj_cursor {
  const char *data;
  size_t len;
  uint64_t off;
  uint32_t line, col;
  uint64_t anchor_off; /* a known position to restart from */
  uint32_t anchor_line, anchor_col;
} rj_cursor;

void rj_cursor_init(rj_cursor *c, const char *data, size_t len);
/** The position of byte offset off (column in characters). */
recto_pos rj_cursor_pos(rj_cursor *c, uint64_t off);
/** Remember the current position as the place to restart from. */
void rj_cursor_anchor(rj_cursor *c);

typedef struct rj_pool rj_pool;

typedef struct rj_doc {
  rj_pool *pool;
  rj_value *root;
  rj_cursor cursor; /* for positions of values */
} rj_doc;

typedef struct rj_error {
  recto_pos pos;
  char message[160];
} rj_error;

/** Parse one JSON text (RFC 8259, UTF-8).  Returns 0, or -1 with *err
    filled (position of the offending byte).  Free with rj_free either
    way. */
int rj_parse(const char *data, size_t len, rj_doc *doc, rj_error *err);
void rj_free(rj_doc *doc);

/** Whether head (the first bytes of a file) is a JSON object whose first
    member is named key (given with its quotes); a BOM and white space
    may come first.  For the readers' probes. */
int rj_opens_with_key(const unsigned char *head, size_t len, const char *key);

/** The position of a value in the parsed text. */
recto_pos rj_pos(rj_doc *doc, const rj_value *v);

/** The member of an object with this key, or NULL. */
rj_value *rj_get(const rj_value *obj, const char *key);
/** Whether member v's key equals key. */
int rj_key_is(const rj_value *v, const char *key);
/** NUMBER holding an integer in [min, max]: 0 and *out, else -1. */
int rj_int(const rj_value *v, long long min, long long max, long long *out);
/** NUMBER: 0 and *out, else -1. */
int rj_double(const rj_value *v, double *out);

/** An array [line, column, offset] into *pos: 0, else -1. */
int rj_get_pos(const rj_value *v, recto_pos *pos);

/** Room for one more item in a malloc'd array of len items (of elem
    bytes) and capacity *cap: returns the array, moved if it grew. */
void *rj_reserve(void *items, size_t len, size_t *cap, size_t elem);

/* ---- emitting ---- */
/* The emitters append to out->data directly: recto_buf_put and printf
   through the library are most of a writer's time otherwise. */

/** Room for n more bytes (and the terminating NUL) at out->data+out->len. */
static inline char *rj_room(recto_buf *out, size_t n) {
  if (out->len + n + 1 > out->cap)
    recto_buf_grow(out, n);
  return out->data + out->len;
}
/** Append n bytes. */
static inline void rj_put(recto_buf *out, const char *s, size_t n) {
  char *d = rj_room(out, n);
  memcpy(d, s, n);
  out->len += n;
  out->data[out->len] = '\0';
}
static inline void rj_putc(recto_buf *out, char c) {
  char *d = rj_room(out, 1);
  d[0] = c;
  d[1] = '\0';
  out->len++;
}
/** Append a string literal (its length known at compile time). */
#define RJ_LIT(out, lit) rj_put((out), "" lit, sizeof(lit) - 1)
/** An unsigned integer in decimal. */
void rj_put_uint(recto_buf *out, unsigned long long v);
/** A signed integer in decimal. */
void rj_put_int(recto_buf *out, long long v);
/** A JSON string literal for len bytes of s; invalid UTF-8 becomes
    U+FFFD, control characters are escaped. */
void rj_put_string(recto_buf *out, const char *s, size_t len);
/** rj_put_string for a NUL-terminated string; NULL writes null. */
void rj_put_cstr(recto_buf *out, const char *s);
/** The shortest decimal that reads back as the same double. */
void rj_put_double(recto_buf *out, double d);
/** [line, column, offset]. */
void rj_put_pos(recto_buf *out, recto_pos pos);
/** Newline and two spaces per level (capped, so that deep trees do not
    make output quadratic). */
void rj_newline(recto_buf *out, int depth);

#endif
