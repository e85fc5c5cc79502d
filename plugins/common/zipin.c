/* zipin.c: a guarded reading layer over libzip (see zipin.h).  Names
   and sizes are checked once when the container is opened, so that a
   reader never meets a hostile entry; sizes are checked again while
   inflating, since the directory may lie about them. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "zipin.h"

struct zipin {
  recto_context *ctx;
  zip_t *za;
  size_t count;
  char **names;        /* folded, by index */
  size_t *slots;       /* open addressing: index + 1, 0 = empty */
  size_t nslots;       /* a power of two, at least twice count */
  uint64_t total_read; /* bytes inflated so far, all entries */
};

static size_t S_hash(const char *s) {
  size_t h = 1469598103934665603u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

/* The slot that holds name, or the empty slot where it would go. */
static size_t *S_slot(const zipin *z, const char *name) {
  size_t mask = z->nslots - 1;
  for (size_t k = S_hash(name) & mask;; k = (k + 1) & mask)
    if (!z->slots[k] || strcmp(z->names[z->slots[k] - 1], name) == 0)
      return &z->slots[k];
}

static void S_error(zipin *z, const char *code, const char *fmt, ...)
    RECTO_PRINTF(3, 4);

static void S_error(zipin *z, const char *code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  recto_diag_vemit(z->ctx, RECTO_DIAG_ERROR, code, NULL, fmt, ap);
  va_end(ap);
}

/* Append the segment [s, s+n) of a path to out, folding "." and
   refusing "..".  Returns -1 for "..". */
static int S_put_segment(recto_buf *out, const char *s, size_t n) {
  if (n == 0 || (n == 1 && s[0] == '.'))
    return 0;
  if (n == 2 && s[0] == '.' && s[1] == '.')
    return -1;
  if (out->len)
    recto_buf_putc(out, '/');
  recto_buf_put(out, s, n);
  return 0;
}

/* The folded form of an entry name, or NULL (with *why) when the name
   is refused. */
static char *S_fold(const char *raw, const char **why) {
  size_t n = strlen(raw);
  if (n == 0) {
    *why = "has an empty name";
    return NULL;
  }
  if (raw[0] == '/' || (n >= 2 && raw[1] == ':' &&
                        ((raw[0] | 0x20) >= 'a' && (raw[0] | 0x20) <= 'z'))) {
    *why = "has an absolute name";
    return NULL;
  }
  if (strchr(raw, '\\')) {
    *why = "has a backslash in its name";
    return NULL;
  }
  recto_buf out = RECTO_BUF_INIT;
  const char *seg = raw;
  for (const char *p = raw;; p++) {
    if (*p == '/' || !*p) {
      if (S_put_segment(&out, seg, (size_t)(p - seg)) < 0) {
        recto_buf_free(&out);
        *why = "has '..' in its name";
        return NULL;
      }
      if (!*p)
        break;
      seg = p + 1;
    }
  }
  if (!out.len) {
    recto_buf_free(&out);
    *why = "has an empty name";
    return NULL;
  }
  if (raw[n - 1] == '/') /* a directory keeps its slash */
    recto_buf_putc(&out, '/');
  return recto_buf_detach(&out, NULL);
}

static int S_is_symlink(zip_t *za, zip_uint64_t i) {
  zip_uint8_t opsys;
  zip_uint32_t attr;
  if (zip_file_get_external_attributes(za, i, 0, &opsys, &attr) != 0)
    return 0;
  return opsys == ZIP_OPSYS_UNIX && ((attr >> 16) & 0170000) == 0120000;
}

/* Check entry i and record its folded name; -1 after an error. */
static int S_admit(zipin *z, zip_uint64_t i, uint64_t *declared_total) {
  const char *raw = zip_get_name(z->za, i, 0);
  if (!raw) {
    S_error(z, "zip.corrupt", "zip entry %llu has no readable name",
            (unsigned long long)i);
    return -1;
  }
  const char *why = NULL;
  char *name = S_fold(raw, &why);
  if (!name) {
    S_error(z, "zip.bad-name", "zip entry '%.200s' %s", raw, why);
    return -1;
  }
  z->names[i] = name;
  size_t *slot = S_slot(z, name);
  if (*slot) {
    S_error(z, "zip.duplicate", "zip entry '%.200s' appears twice", raw);
    return -1;
  }
  *slot = (size_t)i + 1;
  if (S_is_symlink(z->za, i)) {
    S_error(z, "zip.symlink", "zip entry '%.200s' is a symbolic link", raw);
    return -1;
  }
  zip_stat_t st;
  if (zip_stat_index(z->za, i, 0, &st) != 0) {
    S_error(z, "zip.corrupt", "zip entry '%.200s' cannot be read: %s", raw,
            zip_strerror(z->za));
    return -1;
  }
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
      st.encryption_method != ZIP_EM_NONE) {
    S_error(z, "zip.encrypted", "zip entry '%.200s' is encrypted", raw);
    return -1;
  }
  if (!(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE)) {
    S_error(z, "zip.corrupt", "zip entry '%.200s' has no size", raw);
    return -1;
  }
  if (st.size > ZIPIN_MAX_ENTRY) {
    S_error(z, "zip.too-large",
            "zip entry '%.200s' declares %llu bytes (the limit is %llu)", raw,
            (unsigned long long)st.size, (unsigned long long)ZIPIN_MAX_ENTRY);
    return -1;
  }
  if (st.size > ZIPIN_RATIO_FLOOR &&
      st.size / ZIPIN_MAX_RATIO > st.comp_size) {
    S_error(z, "zip.ratio",
            "zip entry '%.200s' would inflate %llu bytes to %llu (more than "
            "%d times)",
            raw, (unsigned long long)st.comp_size,
            (unsigned long long)st.size, ZIPIN_MAX_RATIO);
    return -1;
  }
  *declared_total += st.size;
  if (*declared_total > ZIPIN_MAX_TOTAL) {
    S_error(z, "zip.too-large",
            "zip entries up to '%.200s' declare more than %llu bytes in all",
            raw, (unsigned long long)ZIPIN_MAX_TOTAL);
    return -1;
  }
  return 0;
}

/* libzip reports memory that ran out (its own, or zlib's while
   inflating) as an error of the container: it is not one. */
static void S_check_memory(zip_error_t *err) {
  int code = zip_error_code_zip(err);
  if (code == ZIP_ER_MEMORY ||
      (code == ZIP_ER_ZLIB && zip_error_code_system(err) == -4 /* Z_MEM_ERROR */))
    recto_out_of_memory();
}

zipin *zipin_open(recto_context *ctx, const unsigned char *data, size_t len) {
  zipin *z = calloc(1, sizeof *z);
  if (!z)
    recto_out_of_memory();
  z->ctx = ctx;
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t *src = zip_source_buffer_create(data, len, 0, &err);
  if (src)
    z->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
  /* libzip's check refuses a repeated name without saying which: open
     it unchecked so that S_admit names it (and refuses it).  It also
     refuses unused bytes between entries, which Word leaves when it
     saves in place: such a container is opened unchecked too, and its
     entries are still checked when read (local header, sizes, CRC). */
  int repeated = !z->za && src && zip_error_code_zip(&err) == ZIP_ER_EXISTS;
  if (repeated || (!z->za && src &&
                   zip_error_code_zip(&err) == ZIP_ER_INCONS)) {
    zip_error_fini(&err);
    zip_error_init(&err);
    z->za = zip_open_from_source(src, ZIP_RDONLY, &err);
  }
  if (!z->za) {
    S_check_memory(&err);
    S_error(z, "zip.corrupt", "not a readable zip container: %s",
            zip_error_strerror(&err));
    if (src)
      zip_source_free(src);
    zip_error_fini(&err);
    free(z);
    return NULL;
  }
  zip_error_fini(&err);
  zip_int64_t n = zip_get_num_entries(z->za, 0);
  if (n < 0 || n > ZIPIN_MAX_ENTRIES) {
    S_error(z, "zip.too-large", "zip container has %lld entries (the limit "
            "is %d)", (long long)n, ZIPIN_MAX_ENTRIES);
    zipin_close(z);
    return NULL;
  }
  z->count = (size_t)n;
  z->names = calloc(z->count + 1, sizeof *z->names);
  for (z->nslots = 16; z->nslots < 2 * z->count;)
    z->nslots *= 2;
  z->slots = calloc(z->nslots, sizeof *z->slots);
  if (!z->names || !z->slots)
    recto_out_of_memory();
  uint64_t declared_total = 0;
  for (size_t i = 0; i < z->count; i++)
    if (S_admit(z, i, &declared_total) < 0) {
      zipin_close(z);
      return NULL;
    }
  if (repeated) {
    S_error(z, "zip.duplicate", "zip container repeats an entry name");
    zipin_close(z);
    return NULL;
  }
  return z;
}

void zipin_close(zipin *z) {
  if (!z)
    return;
  if (z->za)
    zip_discard(z->za);
  for (size_t i = 0; z->names && i < z->count; i++)
    free(z->names[i]);
  free(z->names);
  free(z->slots);
  free(z);
}

size_t zipin_count(const zipin *z) { return z->count; }

const char *zipin_name(const zipin *z, size_t index) {
  return index < z->count ? z->names[index] : NULL;
}

int zipin_has(const zipin *z, const char *name) {
  return *S_slot(z, name) != 0;
}

unsigned char *zipin_read(zipin *z, const char *name, size_t *len,
                          int quiet_missing) {
  size_t index = *S_slot(z, name);
  if (!index) {
    if (!quiet_missing)
      S_error(z, "zip.missing", "zip container has no entry '%.200s'", name);
    return NULL;
  }
  index--;
  zip_stat_t st;
  zip_file_t *f = NULL;
  if (zip_stat_index(z->za, index, 0, &st) != 0 ||
      !(f = zip_fopen_index(z->za, index, 0))) {
    S_check_memory(zip_get_error(z->za));
    S_error(z, "zip.corrupt", "zip entry '%.200s' cannot be read: %s", name,
            zip_strerror(z->za));
    return NULL;
  }
  /* The declared size was checked against the limits and the ratio at
     open; the compressed input is bounded by the directory's compressed
     size (libzip reads no more).  What remains is that inflating may
     produce more than declared: read one byte past it to know. */
  uint64_t cap = st.size + 1;
  unsigned char *buf = malloc((size_t)cap + 1);
  if (!buf)
    recto_out_of_memory();
  uint64_t got = 0;
  const char *fail = NULL;
  for (;;) {
    zip_int64_t r = zip_fread(f, buf + got, cap - got);
    if (r < 0) {
      S_check_memory(zip_file_get_error(f));
      fail = zip_error_strerror(zip_file_get_error(f));
      break;
    }
    if (r == 0)
      break;
    got += (uint64_t)r;
    z->total_read += (uint64_t)r;
    if (got > st.size) {
      S_error(z, "zip.size-mismatch",
              "zip entry '%.200s' inflates to more than its declared %llu "
              "bytes", name, (unsigned long long)st.size);
      zip_fclose(f);
      free(buf);
      return NULL;
    }
    if (z->total_read > ZIPIN_MAX_TOTAL) {
      S_error(z, "zip.too-large",
              "zip entries up to '%.200s' inflate to more than %llu bytes",
              name, (unsigned long long)ZIPIN_MAX_TOTAL);
      zip_fclose(f);
      free(buf);
      return NULL;
    }
  }
  if (!fail && got != st.size)
    fail = "shorter than declared";
  if (fail) {
    S_error(z, "zip.corrupt", "zip entry '%.200s' is corrupt: %s", name, fail);
    zip_fclose(f);
    free(buf);
    return NULL;
  }
  if (zip_fclose(f) != 0) {
    S_error(z, "zip.corrupt", "zip entry '%.200s' is corrupt: %s", name,
            zip_strerror(z->za));
    free(buf);
    return NULL;
  }
  buf[got] = '\0';
  if (len)
    *len = (size_t)got;
  return buf;
}

static int S_hex(int c) {
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

char *zipin_resolve(const char *base, const char *href) {
  size_t end = strcspn(href, "?#");
  const char *colon = memchr(href, ':', end);
  if (href[0] == '/' || memchr(href, '\\', end) ||
      (colon && (size_t)(colon - href) < strcspn(href, "/")))
    return NULL;
  recto_buf path = RECTO_BUF_INIT;
  const char *slash = strrchr(base, '/');
  if (slash)
    recto_buf_put(&path, base, (size_t)(slash - base) + 1);
  for (size_t k = 0; k < end; k++) {
    int h1, h2;
    if (href[k] == '%' && k + 2 < end && (h1 = S_hex(href[k + 1])) >= 0 &&
        (h2 = S_hex(href[k + 2])) >= 0) {
      if (h1 == 0 && h2 == 0) { /* %00 would cut the name short */
        recto_buf_free(&path);
        return NULL;
      }
      recto_buf_putc(&path, h1 * 16 + h2);
      k += 2;
    } else {
      recto_buf_putc(&path, href[k]);
    }
  }
  /* Fold segments, letting ".." climb but never above the root. */
  recto_buf out = RECTO_BUF_INIT;
  const char *seg = path.data ? path.data : "";
  int ok = 1;
  for (const char *p = seg;; p++) {
    if (*p == '/' || !*p) {
      size_t n = (size_t)(p - seg);
      if (n == 2 && seg[0] == '.' && seg[1] == '.') {
        if (!out.len) {
          ok = 0;
          break;
        }
        const char *up = strrchr(out.data, '/');
        recto_buf_truncate(&out, up ? (size_t)(up - out.data) : 0);
      } else {
        S_put_segment(&out, seg, n);
      }
      if (!*p)
        break;
      seg = p + 1;
    }
  }
  recto_buf_free(&path);
  if (!ok || !out.len) {
    recto_buf_free(&out);
    return NULL;
  }
  return recto_buf_detach(&out, NULL);
}
