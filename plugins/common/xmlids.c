/* xmlids.c: unique ids and the object -> id map (see xmlids.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xmlids.h"

static size_t S_hash_str(const char *s) {
  size_t h = 1469598103934665603u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

static size_t S_hash_ptr(const void *p) {
  uintptr_t v = (uintptr_t)p;
  v ^= v >> 17;
  v *= 0x9E3779B97F4A7C15u;
  return (size_t)(v ^ (v >> 29));
}

void xw_ids_init(xw_ids *ids) { memset(ids, 0, sizeof *ids); }

void xw_ids_free(xw_ids *ids) {
  free(ids->names);
  free(ids->keys);
  free(ids->values);
  memset(ids, 0, sizeof *ids);
}

static size_t S_find_name(const xw_ids *ids, const char *id) {
  size_t mask = ids->names_cap - 1;
  size_t k = S_hash_str(id) & mask;
  while (ids->names[k] && strcmp(ids->names[k], id) != 0)
    k = (k + 1) & mask;
  return k;
}

int xw_ids_has(const xw_ids *ids, const char *id) {
  return ids->names_cap && id && ids->names[S_find_name(ids, id)] != NULL;
}

static void S_insert_name(xw_ids *ids, const char *id) {
  if (2 * (ids->names_count + 1) > ids->names_cap) {
    size_t old_cap = ids->names_cap;
    const char **old = ids->names;
    ids->names_cap = old_cap ? old_cap * 2 : 64;
    ids->names = recto_xcalloc(ids->names_cap, sizeof *ids->names);
    for (size_t k = 0; k < old_cap; k++)
      if (old[k])
        ids->names[S_find_name(ids, old[k])] = old[k];
    free(old);
  }
  ids->names[S_find_name(ids, id)] = id;
  ids->names_count++;
}

int xw_ids_claim(xw_ids *ids, const char *id) {
  if (!id || !xw_is_safe_ncname(id) || xw_ids_has(ids, id))
    return 0;
  S_insert_name(ids, id);
  return 1;
}

/* Letters kept in ids: ASCII, and the letters of scripts whose
   characters all XML editions accept as name characters. */
static int S_safe_letter(uint32_t cp) {
  if (cp < 0x80)
    return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
  if (cp >= 0xC0 && cp <= 0x24F)
    return cp != 0xD7 && cp != 0xF7;
  if (cp >= 0x391 && cp <= 0x3C9) /* Greek */
    return cp != 0x3A2;
  if (cp >= 0x410 && cp <= 0x44F) /* Cyrillic */
    return 1;
  if (cp >= 0x5D0 && cp <= 0x5EA) /* Hebrew */
    return 1;
  /* Arabic letters, Persian additions included */
  return (cp >= 0x621 && cp <= 0x63A) || (cp >= 0x641 && cp <= 0x64A) ||
         (cp >= 0x671 && cp <= 0x6B7) || (cp >= 0x6BA && cp <= 0x6BE) ||
         (cp >= 0x6C0 && cp <= 0x6CE) || (cp >= 0x6D0 && cp <= 0x6D3);
}

static int S_safe_name(const char *s, int any_first) {
  if (!s || !*s)
    return 0;
  size_t len = strlen(s);
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    int k = recto_utf8_decode(s + i, len - i, &cp);
    if (k < 0)
      return 0;
    int ok = S_safe_letter(cp) || cp == '_';
    if (i > 0 || any_first)
      ok = ok || cp == '-' || cp == '.' || (cp >= '0' && cp <= '9') ||
           (cp >= 0x660 && cp <= 0x669) || (cp >= 0x6F0 && cp <= 0x6F9);
    if (!ok)
      return 0;
    i += (size_t)k;
  }
  return 1;
}

int xw_is_safe_ncname(const char *s) { return S_safe_name(s, 0); }

int xw_is_safe_nmtoken(const char *s) { return S_safe_name(s, 1); }

/* Append base to out as name characters: safe letters kept, digits of
   any script as ASCII, anything else as one '_' per run. */
static void S_sanitize(recto_buf *out, const char *base) {
  size_t len = strlen(base);
  int pending = 0;
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    int k = recto_utf8_decode(base + i, len - i, &cp);
    i += k > 0 ? (size_t)k : 1;
    int digit = recto_digit_value(cp);
    char enc[4];
    if (S_safe_letter(cp) || digit >= 0 || cp == '-' || cp == '.' ||
        cp == '_') {
      if (pending && out->len && out->data[out->len - 1] != '-' &&
          out->data[out->len - 1] != '_')
        recto_buf_putc(out, '_');
      pending = 0;
      if (digit >= 0)
        recto_buf_putc(out, '0' + digit);
      else
        recto_buf_put(out, enc, (size_t)recto_utf8_encode(cp, enc));
    } else {
      pending = 1;
    }
  }
}

const char *xw_ids_make(xw_ids *ids, recto_doc *doc, const char *prefix,
                        const char *base) {
  recto_buf b = RECTO_BUF_INIT;
  recto_buf_puts(&b, prefix && *prefix ? prefix : "id");
  if (base)
    S_sanitize(&b, base);
  if (!xw_is_safe_ncname(b.data)) { /* a prefix that starts badly */
    recto_buf_clear(&b);
    recto_buf_puts(&b, "id-");
    recto_buf_puts(&b, prefix ? prefix : "");
    if (base)
      S_sanitize(&b, base);
  }
  size_t stem = b.len;
  for (unsigned n = 2; xw_ids_has(ids, b.data); n++) {
    recto_buf_truncate(&b, stem);
    recto_buf_printf(&b, "-%u", n);
  }
  const char *id = recto_strndup(doc, b.data, b.len);
  recto_buf_free(&b);
  S_insert_name(ids, id);
  return id;
}

static size_t S_find_key(const xw_ids *ids, const void *key) {
  size_t mask = ids->map_cap - 1;
  size_t k = S_hash_ptr(key) & mask;
  while (ids->keys[k] && ids->keys[k] != key)
    k = (k + 1) & mask;
  return k;
}

void xw_ids_bind(xw_ids *ids, const void *key, const char *id) {
  if (2 * (ids->map_count + 1) > ids->map_cap) {
    size_t old_cap = ids->map_cap;
    const void **old_keys = ids->keys;
    const char **old_values = ids->values;
    ids->map_cap = old_cap ? old_cap * 2 : 64;
    ids->keys = recto_xcalloc(ids->map_cap, sizeof *ids->keys);
    ids->values = recto_xcalloc(ids->map_cap, sizeof *ids->values);
    for (size_t k = 0; k < old_cap; k++)
      if (old_keys[k]) {
        size_t j = S_find_key(ids, old_keys[k]);
        ids->keys[j] = old_keys[k];
        ids->values[j] = old_values[k];
      }
    free(old_keys);
    free(old_values);
  }
  size_t k = S_find_key(ids, key);
  if (!ids->keys[k])
    ids->map_count++;
  ids->keys[k] = key;
  ids->values[k] = id;
}

const char *xw_ids_get(const xw_ids *ids, const void *key) {
  if (!ids->map_cap || !key)
    return NULL;
  size_t k = S_find_key(ids, key);
  return ids->keys[k] ? ids->values[k] : NULL;
}
