/* zipout.c: the OCF container, built in memory with libzip.  Reading
   systems want "mimetype" first, stored, without an extra field; a
   reproducible book wants the same time on every entry (from
   SOURCE_DATE_EPOCH) and no extended-timestamp field. */
#include <stdlib.h>
#include <time.h>

#include <zip.h>

#include "epub.h"

struct epub_zip {
  recto_context *ctx;
  zip_source_t *src;
  zip_t *za;
  zip_uint16_t dos_time, dos_date;
  int failed;
};

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

epub_zip *epub_zip_new(recto_context *ctx, long long t) {
  epub_zip *z = calloc(1, sizeof *z);
  if (!z)
    abort();
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
  zip_source_t *s = zip_source_buffer(z->za, data, len, 1);
  if (!s) {
    free(data);
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
  if (zip_set_file_compression(z->za, i, compress ? ZIP_CM_DEFLATE
                                                  : ZIP_CM_STORE,
                               6) != 0 || /* zlib's usual speed/size balance */
      zip_file_set_dostime(z->za, i, z->dos_time, z->dos_date, 0) != 0 ||
      zip_file_extra_field_delete(z->za, i, ZIP_EXTRA_FIELD_ALL,
                                   ZIP_FL_CENTRAL | ZIP_FL_LOCAL) != 0) {
    S_fail(z, name, zip_get_error(z->za));
    return -1;
  }
  return 0;
}

void epub_zip_discard(epub_zip *z) {
  if (!z)
    return;
  if (z->za)
    zip_discard(z->za);
  if (z->src)
    zip_source_free(z->src);
  free(z);
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
  free(z);
  return st;
}
