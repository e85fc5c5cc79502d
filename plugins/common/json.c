/* json.c: an iterative JSON parser (explicit stack, so depth never
   touches the C stack) and the emitting helpers of json.h. */
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- pool: the parsed tree is freed at once ---- */

typedef struct rj_chunk {
  struct rj_chunk *next;
  size_t used, size;
  max_align_t data[];
} rj_chunk;

struct rj_pool {
  rj_chunk *head;
  size_t total;
};

static void *S_alloc(rj_pool *pool, size_t size) {
  size_t align = sizeof(max_align_t);
  size = (size + align - 1) / align * align;
  rj_chunk *c = pool->head;
  if (!c || c->size - c->used < size) {
    /* Chunks grow with the pool so that big inputs need few mallocs. */
    size_t want = pool->total < 65536 ? 65536 : pool->total;
    if (want > ((size_t)8 << 20))
      want = (size_t)8 << 20;
    if (want < size)
      want = size;
    c = recto_xmalloc(sizeof(rj_chunk) + want);
    c->used = 0;
    c->size = want;
    c->next = pool->head;
    pool->head = c;
    pool->total += want;
  }
  void *p = (char *)c->data + c->used;
  c->used += size;
  return p;
}

void rj_free(rj_doc *doc) {
  if (!doc || !doc->pool)
    return;
  rj_chunk *c = doc->pool->head;
  while (c) {
    rj_chunk *next = c->next;
    free(c);
    c = next;
  }
  free(doc->pool);
  doc->pool = NULL;
  doc->root = NULL;
}

/* ---- positions ---- */

void rj_cursor_init(rj_cursor *c, const char *data, size_t len) {
  memset(c, 0, sizeof *c);
  c->data = data;
  c->len = len;
  c->line = c->anchor_line = 1;
  c->col = c->anchor_col = 1;
}

void rj_cursor_anchor(rj_cursor *c) {
  c->anchor_off = c->off;
  c->anchor_line = c->line;
  c->anchor_col = c->col;
}

recto_pos rj_cursor_pos(rj_cursor *c, uint64_t off) {
  if (off > c->len)
    off = c->len;
  if (off < c->off) {
    int from_anchor = off >= c->anchor_off;
    c->off = from_anchor ? c->anchor_off : 0;
    c->line = from_anchor ? c->anchor_line : 1;
    c->col = from_anchor ? c->anchor_col : 1;
  }
  /* Columns count characters: what an editor shows for Persian text. */
  for (uint64_t i = c->off; i < off; i++) {
    unsigned char b = (unsigned char)c->data[i];
    if (b == '\n') {
      c->line++;
      c->col = 1;
    } else if ((b & 0xC0) != 0x80) {
      c->col++;
    }
  }
  c->off = off;
  recto_pos pos = {c->line, c->col, off};
  return pos;
}

recto_pos rj_pos(rj_doc *doc, const rj_value *v) {
  recto_pos none = {0, 0, 0};
  return v ? rj_cursor_pos(&doc->cursor, v->offset) : none;
}

/* ---- the parser ---- */

typedef struct S_parser {
  const char *s;
  size_t len, p;
  rj_pool *pool;
  rj_error *err;
} S_parser;

static int S_fail(S_parser *ps, size_t at, const char *msg) {
  rj_cursor c;
  rj_cursor_init(&c, ps->s, ps->len);
  ps->err->pos = rj_cursor_pos(&c, at);
  snprintf(ps->err->message, sizeof ps->err->message, "%s", msg);
  return -1;
}

static void S_skip_ws(S_parser *ps) {
  while (ps->p < ps->len) {
    char c = ps->s[ps->p];
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r')
      return;
    ps->p++;
  }
}

static int S_hex4(const char *s, uint32_t *out) {
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) {
    char c = s[i];
    v <<= 4;
    if (c >= '0' && c <= '9')
      v |= (uint32_t)(c - '0');
    else if (c >= 'a' && c <= 'f')
      v |= (uint32_t)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      v |= (uint32_t)(c - 'A' + 10);
    else
      return -1;
  }
  *out = v;
  return 0;
}

/* Parse the string starting at the opening quote at ps->p; the result is
   unescaped into the pool.  Unescaping never grows the text. */
static int S_string(S_parser *ps, const char **out, size_t *out_len) {
  size_t start = ps->p + 1, i = start;
  while (i < ps->len && ps->s[i] != '"') {
    unsigned char c = (unsigned char)ps->s[i];
    if (c < 0x20)
      return S_fail(ps, i, "control character in a string (escape it)");
    i += (c == '\\') ? 2 : 1;
  }
  if (i >= ps->len)
    return S_fail(ps, ps->p, "unterminated string");
  size_t end = i;
  size_t bad = recto_utf8_validate(ps->s + start, end - start);
  if (bad != end - start)
    return S_fail(ps, start + bad, "invalid UTF-8 in a string");

  char *dst = S_alloc(ps->pool, end - start + 1);
  size_t n = 0;
  i = start;
  while (i < end) {
    const char *run = ps->s + i;
    size_t k = 0;
    while (i + k < end && run[k] != '\\')
      k++;
    memcpy(dst + n, run, k);
    n += k;
    i += k;
    if (i >= end)
      break;
    char e = ps->s[i + 1];
    const char *simple = strchr("\"\\/bfnrt", e);
    if (e && simple) {
      static const char repl[] = "\"\\/\b\f\n\r\t";
      dst[n++] = repl[simple - "\"\\/bfnrt"];
      i += 2;
      continue;
    }
    if (e != 'u')
      return S_fail(ps, i, "invalid escape in a string");
    uint32_t cp;
    if (i + 6 > end || S_hex4(ps->s + i + 2, &cp) < 0)
      return S_fail(ps, i, "invalid \\u escape");
    i += 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      uint32_t lo;
      if (i + 6 > end || ps->s[i] != '\\' || ps->s[i + 1] != 'u' ||
          S_hex4(ps->s + i + 2, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF)
        return S_fail(ps, i - 6, "unpaired surrogate in \\u escape");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      i += 6;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return S_fail(ps, i - 6, "unpaired surrogate in \\u escape");
    }
    n += (size_t)recto_utf8_encode(cp, dst + n);
  }
  dst[n] = '\0';
  *out = dst;
  *out_len = n;
  ps->p = end + 1;
  return 0;
}

static int S_number(S_parser *ps, rj_value *v) {
  const char *s = ps->s;
  size_t i = ps->p, len = ps->len;
  if (i < len && s[i] == '-')
    i++;
  if (i < len && s[i] == '0') {
    i++;
  } else if (i < len && s[i] >= '1' && s[i] <= '9') {
    while (i < len && s[i] >= '0' && s[i] <= '9')
      i++;
  } else {
    return S_fail(ps, i, "invalid number");
  }
  if (i < len && s[i] == '.') {
    i++;
    if (i >= len || s[i] < '0' || s[i] > '9')
      return S_fail(ps, i, "invalid number: digit expected after '.'");
    while (i < len && s[i] >= '0' && s[i] <= '9')
      i++;
  }
  if (i < len && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < len && (s[i] == '+' || s[i] == '-'))
      i++;
    if (i >= len || s[i] < '0' || s[i] > '9')
      return S_fail(ps, i, "invalid number: digit expected in exponent");
    while (i < len && s[i] >= '0' && s[i] <= '9')
      i++;
  }
  char *text = S_alloc(ps->pool, i - ps->p + 1);
  memcpy(text, s + ps->p, i - ps->p);
  text[i - ps->p] = '\0';
  v->str = text;
  v->len = i - ps->p;
  ps->p = i;
  return 0;
}

static int S_literal(S_parser *ps, rj_value *v) {
  static const struct {
    const char *word;
    rj_type type;
  } words[] = {{"true", RJ_TRUE}, {"false", RJ_FALSE}, {"null", RJ_NULL}};
  for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
    size_t n = strlen(words[k].word);
    if (ps->len - ps->p >= n && memcmp(ps->s + ps->p, words[k].word, n) == 0) {
      v->type = words[k].type;
      ps->p += n;
      return 0;
    }
  }
  return S_fail(ps, ps->p, "unexpected character: a value was expected");
}

void *rj_reserve(void *items, size_t len, size_t *cap, size_t elem) {
  if (len < *cap)
    return items;
  *cap = *cap ? *cap * 2 : 16;
  void *n = realloc(items, *cap * elem);
  if (!n)
    recto_out_of_memory();
  return n;
}

/* Open containers, each with its last item so far (to append to). */
typedef struct S_open {
  rj_value *v, *tail;
} S_open;

typedef struct S_stack {
  S_open *items;
  size_t len, cap;
} S_stack;

static void S_push(S_stack *st, rj_value *v) {
  st->items = rj_reserve(st->items, st->len, &st->cap, sizeof *st->items);
  st->items[st->len++] = (S_open){v, NULL};
}

static void S_attach(S_open *parent, rj_value *v) {
  if (parent->tail)
    parent->tail->next = v;
  else
    parent->v->first = v;
  parent->tail = v;
  parent->v->count++;
}

enum { ST_VALUE, ST_VALUE_OR_END, ST_KEY, ST_KEY_OR_END, ST_AFTER };

static int S_run(S_parser *ps, S_stack *st, rj_value **root) {
  int state = ST_VALUE;
  const char *key = NULL;
  size_t key_len = 0;
  for (;;) {
    S_skip_ws(ps);
    int at_end = ps->p >= ps->len;
    char c = at_end ? '\0' : ps->s[ps->p];
    S_open *open = st->len ? &st->items[st->len - 1] : NULL;
    rj_value *top = open ? open->v : NULL;
    switch (state) {
    case ST_VALUE_OR_END:
    case ST_VALUE: {
      if (state == ST_VALUE_OR_END && c == ']' && !at_end) {
        st->items[--st->len].v->end = ps->p + 1;
        ps->p++;
        state = ST_AFTER;
        break;
      }
      if (at_end)
        return S_fail(ps, ps->p, "unexpected end of input: a value was expected");
      rj_value *v = S_alloc(ps->pool, sizeof *v);
      memset(v, 0, sizeof *v);
      v->offset = ps->p;
      v->key = key;
      v->key_len = (uint32_t)key_len;
      key = NULL;
      if (open)
        S_attach(open, v);
      else
        *root = v;
      state = ST_AFTER;
      if (c == '{') {
        v->type = RJ_OBJECT;
        ps->p++;
        S_push(st, v);
        state = ST_KEY_OR_END;
      } else if (c == '[') {
        v->type = RJ_ARRAY;
        ps->p++;
        S_push(st, v);
        state = ST_VALUE_OR_END;
      } else if (c == '"') {
        v->type = RJ_STRING;
        if (S_string(ps, &v->str, &v->len) < 0)
          return -1;
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        v->type = RJ_NUMBER;
        if (S_number(ps, v) < 0)
          return -1;
      } else if (S_literal(ps, v) < 0) {
        return -1;
      }
      v->end = ps->p;
      break;
    }
    case ST_KEY_OR_END:
    case ST_KEY:
      if (state == ST_KEY_OR_END && c == '}' && !at_end) {
        st->items[--st->len].v->end = ps->p + 1;
        ps->p++;
        state = ST_AFTER;
        break;
      }
      if (at_end || c != '"')
        return S_fail(ps, ps->p, at_end ? "unexpected end of input: a member "
                                          "name was expected"
                                        : "a member name (string) was expected");
      if (S_string(ps, &key, &key_len) < 0)
        return -1;
      if (key_len > UINT32_MAX)
        return S_fail(ps, ps->p, "member name too long");
      S_skip_ws(ps);
      if (ps->p >= ps->len || ps->s[ps->p] != ':')
        return S_fail(ps, ps->p, "':' expected after a member name");
      ps->p++;
      state = ST_VALUE;
      break;
    case ST_AFTER:
      if (!top) {
        if (!at_end)
          return S_fail(ps, ps->p, "unexpected text after the JSON value");
        return 0;
      }
      if (at_end)
        return S_fail(ps, ps->p, top->type == RJ_OBJECT
                                     ? "unexpected end of input: '}' expected"
                                     : "unexpected end of input: ']' expected");
      if (c == ',') {
        ps->p++;
        state = top->type == RJ_OBJECT ? ST_KEY : ST_VALUE;
      } else if (c == (top->type == RJ_OBJECT ? '}' : ']')) {
        ps->p++;
        top->end = ps->p;
        st->len--;
      } else {
        return S_fail(ps, ps->p, top->type == RJ_OBJECT ? "',' or '}' expected"
                                                        : "',' or ']' expected");
      }
      break;
    }
  }
}

int rj_parse(const char *data, size_t len, rj_doc *doc, rj_error *err) {
  doc->pool = recto_xmalloc(sizeof(rj_pool));
  doc->pool->head = NULL;
  doc->pool->total = 0;
  doc->root = NULL;
  rj_cursor_init(&doc->cursor, data, len);
  S_parser ps = {data, len, 0, doc->pool, err};
  /* A UTF-8 byte order mark is tolerated. */
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
    ps.p = 3;
  S_stack st = {NULL, 0, 0};
  int rc = S_run(&ps, &st, &doc->root);
  free(st.items);
  if (rc < 0)
    doc->root = NULL;
  return rc;
}

/* ---- access ---- */

int rj_opens_with_key(const unsigned char *head, size_t len, const char *key) {
  size_t i = 0, k = strlen(key);
  if (len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < len && strchr(" \t\r\n", head[i]))
    i++;
  if (i >= len || head[i] != '{')
    return 0;
  i++;
  while (i < len && strchr(" \t\r\n", head[i]))
    i++;
  return len - i >= k && memcmp(head + i, key, k) == 0;
}

int rj_key_is(const rj_value *v, const char *key) {
  size_t n = strlen(key);
  return v->key && v->key_len == n && memcmp(v->key, key, n) == 0;
}

rj_value *rj_get(const rj_value *obj, const char *key) {
  if (!obj || obj->type != RJ_OBJECT)
    return NULL;
  rj_value *found = NULL;
  for (rj_value *m = obj->first; m; m = m->next)
    if (rj_key_is(m, key))
      found = m; /* the last duplicate wins, as in most parsers */
  return found;
}

int rj_int(const rj_value *v, long long min, long long max, long long *out) {
  if (!v || v->type != RJ_NUMBER || strpbrk(v->str, ".eE"))
    return -1;
  char *end;
  long long x = strtoll(v->str, &end, 10);
  if (*end || x < min || x > max)
    return -1;
  *out = x;
  return 0;
}

int rj_double(const rj_value *v, double *out) {
  if (!v || v->type != RJ_NUMBER)
    return -1;
  *out = strtod(v->str, NULL);
  return 0;
}

int rj_get_pos(const rj_value *v, recto_pos *pos) {
  long long x[3];
  const rj_value *it = v->type == RJ_ARRAY && v->count == 3 ? v->first : NULL;
  int ok = it != NULL;
  for (int i = 0; ok && i < 3; i++, it = it->next)
    ok = rj_int(it, 0, i < 2 ? UINT32_MAX : INT64_MAX, &x[i]) == 0;
  if (!ok)
    return -1;
  pos->line = (uint32_t)x[0];
  pos->column = (uint32_t)x[1];
  pos->offset = (uint64_t)x[2];
  return 0;
}

/* ---- emitting ---- */

/* Characters that are invisible in an editor (format controls, odd
   spaces): escaped, so that a diff of two dumps shows them. */
static int S_invisible(uint32_t cp) {
  return cp == 0x7F || cp == 0xA0 || cp == 0xAD || cp == 0x61C ||
         (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) ||
         (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF;
}

/* One code point of UTF-8 at s (len > 0 bytes): its length, or -1 for
   an invalid sequence (as recto_utf8_decode, which is a library call per
   character otherwise). */
static int S_decode(const unsigned char *s, size_t len, uint32_t *cp) {
  unsigned char c = s[0];
  if (c >= 0xC2 && c <= 0xDF) {
    if (len < 2 || (s[1] & 0xC0) != 0x80)
      return -1;
    *cp = (uint32_t)(c & 0x1F) << 6 | (s[1] & 0x3F);
    return 2;
  }
  if (c >= 0xE0 && c <= 0xEF) {
    if (len < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
      return -1;
    uint32_t v = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 |
                 (s[2] & 0x3F);
    if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))
      return -1;
    *cp = v;
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (len < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
        (s[3] & 0xC0) != 0x80)
      return -1;
    uint32_t v = (uint32_t)(c & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
                 (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
    if (v < 0x10000 || v > 0x10FFFF)
      return -1;
    *cp = v;
    return 4;
  }
  return -1;
}

/* Bytes written as they are: printable ASCII but '"' and '\\'. */
static const unsigned char S_plain[256] = {
#define S_R8(x) x, x, x, x, x, x, x, x
#define S_R32(x) S_R8(x), S_R8(x), S_R8(x), S_R8(x)
    S_R32(0),                                  /* 0x00-0x1F */
    1, 1, 0, 1, 1, 1, 1, 1, S_R8(1), S_R8(1), S_R8(1), /* 0x20-0x3F */
    S_R8(1), S_R8(1), S_R8(1), 1, 1, 1, 1, 0, 1, 1, 1, /* 0x40-0x5F */
    1, 1, 1, 1, 1, 1, 1, 1, S_R8(1), S_R8(1), 1, 1, 1, 1, 1, 1, 1, 0,
    S_R32(0), S_R32(0), S_R32(0), S_R32(0)      /* 0x80-0xFF */
#undef S_R32
#undef S_R8
};

void rj_put_string(recto_buf *out, const char *str, size_t len) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *s = (const unsigned char *)str;
  rj_room(out, len + 2);
  rj_putc(out, '"');
  size_t i = 0, run = 0;
  while (i < len) {
    unsigned char c = s[i];
    if (S_plain[c]) {
      i++;
      continue;
    }
    /* two-byte sequences (Arabic script, accented Latin) stay inline;
       of them only U+00A0, U+00AD and U+061C are escaped */
    if (c >= 0xC2 && c <= 0xDF && i + 1 < len && (s[i + 1] & 0xC0) == 0x80 &&
        !(c == 0xC2 && (s[i + 1] == 0xA0 || s[i + 1] == 0xAD)) &&
        !(c == 0xD8 && s[i + 1] == 0x9C)) {
      i += 2;
      continue;
    }
    uint32_t cp = c;
    int n = 1;
    if (cp >= 0x80) {
      n = S_decode(s + i, len - i, &cp);
      if (n > 0 && !S_invisible(cp)) {
        i += (size_t)n;
        continue;
      }
    }
    rj_put(out, str + run, i - run);
    if (n < 0) {
      RJ_LIT(out, "\xEF\xBF\xBD"); /* invalid UTF-8: U+FFFD */
      n = 1;
    } else {
      char esc[6] = {'\\', 0, 0, 0, 0, 0};
      size_t elen = 2;
      switch (cp) {
      case '"': esc[1] = '"'; break;
      case '\\': esc[1] = '\\'; break;
      case '\n': esc[1] = 'n'; break;
      case '\t': esc[1] = 't'; break;
      case '\r': esc[1] = 'r'; break;
      case '\b': esc[1] = 'b'; break;
      case '\f': esc[1] = 'f'; break;
      default:
        esc[1] = 'u';
        for (int k = 0; k < 4; k++)
          esc[2 + k] = hex[(cp >> (12 - 4 * k)) & 15];
        elen = 6;
      }
      rj_put(out, esc, elen);
    }
    i += (size_t)n;
    run = i;
  }
  rj_put(out, str + run, i - run);
  rj_putc(out, '"');
}

void rj_put_cstr(recto_buf *out, const char *s) {
  if (!s)
    RJ_LIT(out, "null");
  else
    rj_put_string(out, s, strlen(s));
}

void rj_put_uint(recto_buf *out, unsigned long long v) {
  char tmp[24];
  size_t k = sizeof tmp;
  do {
    tmp[--k] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  rj_put(out, tmp + k, sizeof tmp - k);
}

void rj_put_int(recto_buf *out, long long v) {
  if (v < 0) {
    rj_putc(out, '-');
    rj_put_uint(out, 0ULL - (unsigned long long)v);
  } else {
    rj_put_uint(out, (unsigned long long)v);
  }
}

void rj_put_double(recto_buf *out, double d) {
  if (!isfinite(d)) {
    recto_buf_putc(out, '0');
    return;
  }
  char tmp[40];
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(tmp, sizeof tmp, "%.*g", prec, d);
    if (strtod(tmp, NULL) == d)
      break;
  }
  recto_buf_puts(out, tmp);
}

void rj_newline(recto_buf *out, int depth) {
  static const char spaces[] = "\n                                        "
                               "                        ";
  int n = depth < 32 ? depth * 2 : 64;
  rj_put(out, spaces, (size_t)n + 1);
}

void rj_put_pos(recto_buf *out, recto_pos pos) {
  rj_putc(out, '[');
  rj_put_uint(out, pos.line);
  RJ_LIT(out, ", ");
  rj_put_uint(out, pos.column);
  RJ_LIT(out, ", ");
  rj_put_uint(out, pos.offset);
  rj_putc(out, ']');
}
