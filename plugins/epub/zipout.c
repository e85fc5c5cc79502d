/* zipout.c: the OCF container, built in memory with libzip.  Reading
   systems want "mimetype" first, stored, without an extra field; a
   reproducible book wants the same time on every entry (from
   SOURCE_DATE_EPOCH) and no extended-timestamp field.

   Entries are deflated here, with one zlib stream reset between them,
   and handed to libzip already compressed (a source that states its
   method, sizes and CRC is copied as it is).  libzip would set up a
   new deflate state of about 256 KB for every entry, which costs more
   than the compression itself in a small book. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zip.h>
#include <zlib.h>

#include "epub.h"

/* Level 1 keeps most of level 6's saving (XHTML compresses well even
   then) at a fraction of its time. */
enum { S_LEVEL = 1 };

struct epub_zip {
  recto_context *ctx;
  zip_source_t *src;
  zip_t *za;
  zip_uint16_t dos_time, dos_date;
  int failed;
  z_stream zs;
  int zs_ready;
};

/* One deflated entry, served to libzip by S_deflated_cb. */
typedef struct S_deflated {
  unsigned char *data;
  zip_uint64_t comp_len, len, pos;
  zip_uint32_t crc;
  zip_error_t err;
} S_deflated;

static void S_dos_time(epub_zip *z, long long t) {
  time_t tt = (time_t)t;
  struct tm tm;
  if (t < 315532800 || !gmtime_r(&tt, &tm)) { /* before 1980: DOS's epoch */
    tm = (struct tm){0};
    tm.tm_year = 80;
    tm.tm_mday = 1;
  }
  if (tm.tm_year > 207) { /* after 2107: the last DOS year */
    tm.tm_year = 207;
    tm.tm_mon = 11;
    tm.tm_mday = 31;
  }
  z->dos_time = (zip_uint16_t)(tm.tm_hour << 11 | tm.tm_min << 5 |
                               tm.tm_sec / 2);
  z->dos_date = (zip_uint16_t)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 |
                               tm.tm_mday);
}

static void S_fail(epub_zip *z, const char *what, zip_error_t *err) {
  if (!z->failed)
    recto_diag_emit(z->ctx, RECTO_DIAG_ERROR, "epub.zip", NULL,
                    "cannot build the EPUB container (%s): %s", what,
                    err ? zip_error_strerror(err) : "unknown error");
  z->failed = 1;
}

static zip_int64_t S_deflated_cb(void *ud, void *data, zip_uint64_t len,
                                 zip_source_cmd_t cmd) {
  S_deflated *d = ud;
  switch (cmd) {
  case ZIP_SOURCE_OPEN:
    d->pos = 0;
    return 0;
  case ZIP_SOURCE_READ: {
    zip_uint64_t n = d->comp_len - d->pos;
    if (n > len)
      n = len;
    memcpy(data, d->data + d->pos, (size_t)n);
    d->pos += n;
    return (zip_int64_t)n;
  }
  case ZIP_SOURCE_CLOSE:
    return 0;
  case ZIP_SOURCE_STAT: {
    zip_stat_t *st = data;
    zip_stat_init(st);
    st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD |
                ZIP_STAT_CRC | ZIP_STAT_ENCRYPTION_METHOD;
    st->size = d->len;
    st->comp_size = d->comp_len;
    st->comp_method = ZIP_CM_DEFLATE;
    st->encryption_method = ZIP_EM_NONE;
    st->crc = d->crc;
    return sizeof *st;
  }
  case ZIP_SOURCE_ERROR:
    return zip_error_to_data(&d->err, data, len);
  case ZIP_SOURCE_FREE:
    zip_error_fini(&d->err);
    free(d->data);
    free(d);
    return 0;
  case ZIP_SOURCE_SUPPORTS:
    return zip_source_make_command_bitmap(
        ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
        ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_SUPPORTS, -1);
  default:
    zip_error_set(&d->err, ZIP_ER_OPNOTSUPP, 0);
    return -1;
  }
}

/* data deflated (raw, as ZIP wants it) into a new S_deflated, or NULL
   when deflate would not make it smaller. */
static S_deflated *S_deflate(epub_zip *z, const void *data, size_t len) {
  if (!z->zs_ready) {
    if (deflateInit2(&z->zs, S_LEVEL, Z_DEFLATED, -MAX_WBITS, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK)
      return NULL;
    z->zs_ready = 1;
  } else if (deflateReset(&z->zs) != Z_OK) {
    return NULL;
  }
  size_t cap = deflateBound(&z->zs, (uLong)len);
  if (cap >= len)
    cap = len; /* no gain beyond that: store instead */
  S_deflated *d = calloc(1, sizeof *d);
  unsigned char *buf = malloc(cap ? cap : 1);
  if (!d || !buf)
    recto_out_of_memory();
  z->zs.next_in = (Bytef *)data;
  z->zs.next_out = buf;
  z->zs.avail_out = (uInt)cap;
  int rc = Z_OK;
  size_t left = len;
  /* avail_in is an unsigned int: feed larger entries in pieces */
  while (rc == Z_OK) {
    if (z->zs.avail_in == 0 && left) {
      uInt n = left > (1u << 30) ? 1u << 30 : (uInt)left;
      z->zs.avail_in = n;
      left -= n;
    }
    rc = deflate(&z->zs, left ? Z_NO_FLUSH : Z_FINISH);
    if (rc == Z_OK && z->zs.avail_out == 0)
      break; /* full: not smaller than the data */
  }
  if (rc != Z_STREAM_END) {
    free(buf);
    free(d);
    return NULL;
  }
  d->data = buf;
  d->comp_len = (zip_uint64_t)(cap - z->zs.avail_out);
  d->len = len;
  uLong crc = crc32(0, Z_NULL, 0);
  const Bytef *p = data;
  for (size_t rest = len; rest;) {
    uInt n = rest > (1u << 30) ? 1u << 30 : (uInt)rest;
    crc = crc32(crc, p, n);
    p += n;
    rest -= n;
  }
  d->crc = (zip_uint32_t)crc;
  zip_error_init(&d->err);
  return d;
}

epub_zip *epub_zip_new(recto_context *ctx, long long t) {
  epub_zip *z = calloc(1, sizeof *z);
  if (!z)
    recto_out_of_memory();
  z->ctx = ctx;
  S_dos_time(z, t);
  zip_error_t err;
  zip_error_init(&err);
  z->src = zip_source_buffer_create(NULL, 0, 0, &err);
  if (z->src) {
    /* kept alive after zip_close, which writes the archive into it */
    zip_source_keep(z->src);
    z->za = zip_open_from_source(z->src, ZIP_TRUNCATE, &err);
  }
  if (!z->src || !z->za)
    S_fail(z, "open", &err);
  zip_error_fini(&err);
  return z;
}

int epub_zip_add(epub_zip *z, const char *name, void *data, size_t len,
                 int compress) {
  if (z->failed || !z->za) {
    free(data);
    return -1;
  }
  S_deflated *d = compress ? S_deflate(z, data, len) : NULL;
  zip_source_t *s;
  if (d) {
    free(data);
    s = zip_source_function(z->za, S_deflated_cb, d);
    if (!s)
      S_deflated_cb(d, NULL, 0, ZIP_SOURCE_FREE);
  } else {
    s = zip_source_buffer(z->za, data, len, 1);
    if (!s)
      free(data);
  }
  if (!s) {
    S_fail(z, name, zip_get_error(z->za));
    return -1;
  }
  zip_int64_t idx = zip_file_add(z->za, name, s, ZIP_FL_OVERWRITE);
  if (idx < 0) {
    zip_source_free(s);
    S_fail(z, name, zip_get_error(z->za));
    return -1;
  }
  zip_uint64_t i = (zip_uint64_t)idx;
  /* a deflated source keeps the default method: libzip copies it */
  if ((!d && zip_set_file_compression(z->za, i, ZIP_CM_STORE, 0) != 0) ||
      zip_file_set_dostime(z->za, i, z->dos_time, z->dos_date, 0) != 0 ||
      zip_file_extra_field_delete(z->za, i, ZIP_EXTRA_FIELD_ALL,
                                   ZIP_FL_CENTRAL | ZIP_FL_LOCAL) != 0) {
    S_fail(z, name, zip_get_error(z->za));
    return -1;
  }
  return 0;
}

static void S_free(epub_zip *z) {
  if (z->zs_ready)
    deflateEnd(&z->zs);
  free(z);
}

void epub_zip_discard(epub_zip *z) {
  if (!z)
    return;
  if (z->za)
    zip_discard(z->za);
  if (z->src)
    zip_source_free(z->src);
  S_free(z);
}

recto_status epub_zip_finish(epub_zip *z, recto_buf *out) {
  if (z->failed) {
    epub_zip_discard(z);
    return RECTO_ERR_OUTPUT;
  }
  if (zip_close(z->za) != 0) {
    S_fail(z, "close", zip_get_error(z->za));
    epub_zip_discard(z);
    return RECTO_ERR_OUTPUT;
  }
  z->za = NULL;
  recto_status st = RECTO_OK;
  zip_stat_t sb;
  zip_stat_init(&sb);
  if (zip_source_open(z->src) != 0) {
    S_fail(z, "read back", zip_source_error(z->src));
    st = RECTO_ERR_OUTPUT;
  } else {
    if (zip_source_stat(z->src, &sb) != 0 || !(sb.valid & ZIP_STAT_SIZE)) {
      S_fail(z, "read back", zip_source_error(z->src));
      st = RECTO_ERR_OUTPUT;
    } else {
      recto_buf_grow(out, (size_t)sb.size);
      zip_uint64_t left = sb.size;
      while (left > 0) {
        zip_int64_t n = zip_source_read(z->src, out->data + out->len, left);
        if (n <= 0) {
          S_fail(z, "read back", zip_source_error(z->src));
          st = RECTO_ERR_OUTPUT;
          break;
        }
        out->len += (size_t)n;
        left -= (zip_uint64_t)n;
      }
      if (out->data)
        out->data[out->len] = 0;
    }
    zip_source_close(z->src);
  }
  zip_source_free(z->src);
  z->src = NULL;
  S_free(z);
  return st;
}
