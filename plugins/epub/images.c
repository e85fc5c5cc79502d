/* images.c: images the document carries (recto_doc_resource) or local
   images it references (read relative to the input file's directory) are
   packed into the book, once per url.
   What cannot be packed (missing file, remote url, a format EPUB 3 does
   not list as a core media type) gets a warning, and its alt text is
   written instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epub.h"

/* Core media types, recognised by their first bytes. */
static const char *S_media_type(const unsigned char *d, size_t len,
                                const char **ext) {
  if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0) {
    *ext = "png";
    return "image/png";
  }
  if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) {
    *ext = "jpg";
    return "image/jpeg";
  }
  if (len >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0)) {
    *ext = "gif";
    return "image/gif";
  }
  size_t head = len < 1024 ? len : 1024;
  for (size_t k = 0; k + 4 <= head; k++)
    if (memcmp(d + k, "<svg", 4) == 0) {
      *ext = "svg";
      return "image/svg+xml";
    }
  return NULL;
}

static int S_hex(int c) {
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

/* The file a url names: percent escapes decoded, resolved against the
   directory of the input file. */
static char *S_path(epub_writer *w, const char *url) {
  recto_buf b = RECTO_BUF_INIT;
  if (strncmp(url, "file://", 7) == 0)
    url += 7;
  const char *src = recto_doc_source(w->doc, "file");
  if (url[0] != '/' && src && strcmp(src, "-") != 0) {
    const char *slash = strrchr(src, '/');
    if (slash)
      recto_buf_put(&b, src, (size_t)(slash - src) + 1);
  }
  size_t end = strcspn(url, "?#");
  for (size_t k = 0; k < end; k++) {
    int h1, h2;
    if (url[k] == '%' && k + 2 < end && (h1 = S_hex(url[k + 1])) >= 0 &&
        (h2 = S_hex(url[k + 2])) >= 0) {
      recto_buf_putc(&b, h1 * 16 + h2);
      k += 2;
    } else {
      recto_buf_putc(&b, url[k]);
    }
  }
  return recto_buf_detach(&b, NULL);
}

static unsigned char *S_read(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  recto_buf b = RECTO_BUF_INIT;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    recto_buf_put(&b, chunk, n);
  int bad = ferror(f);
  fclose(f);
  if (bad || !b.len) {
    recto_buf_free(&b);
    return NULL;
  }
  return (unsigned char *)recto_buf_detach(&b, len);
}

static int S_has_scheme(const char *url) {
  const char *colon = strchr(url, ':');
  const char *slash = strchr(url, '/');
  return colon && colon > url + 1 && (!slash || colon < slash);
}

epub_image *epub_image_for(epub_writer *w, const recto_node *node) {
  const char *url = recto_node_url(node);
  if (!url || !*url)
    return NULL;
  epub_image *img = epub_map_get(&w->image_urls, url);
  if (img)
    return img->data ? img : NULL;
  img = recto_alloc(w->doc, sizeof *img);
  epub_map_set(&w->image_urls, recto_strdup(w->doc, url), img);
  recto_pos pos = recto_node_pos(node);
  size_t len = 0;
  const void *carried = recto_doc_resource(w->doc, url, &len, NULL);
  if (!carried && S_has_scheme(url) && strncmp(url, "file://", 7) != 0) {
    recto_diag_emit(w->ctx, RECTO_DIAG_WARNING, "epub.remote-image", &pos,
                    "image '%s' is not a local file; its alt text is "
                    "written instead", url);
    return NULL;
  }
  /* bytes the document carries (from the container it was read from)
     come before a file of that name */
  char *path = carried ? NULL : S_path(w, url);
  unsigned char *data = NULL;
  if (carried && len) {
    data = malloc(len);
    if (!data)
      abort();
    memcpy(data, carried, len);
  } else if (path) {
    data = S_read(path, &len);
  }
  const char *ext = NULL;
  const char *type = data ? S_media_type(data, len, &ext) : NULL;
  if (!data)
    recto_diag_emit(w->ctx, RECTO_DIAG_WARNING, "epub.missing-image", &pos,
                    "image '%s' cannot be read; its alt text is written "
                    "instead", path ? path : url);
  else if (!type)
    recto_diag_emit(w->ctx, RECTO_DIAG_WARNING, "epub.image-type", &pos,
                    "image '%s' is not PNG, JPEG, GIF or SVG; its alt text "
                    "is written instead", path ? path : url);
  free(path);
  if (!type) {
    free(data);
    return NULL;
  }
  char href[48];
  snprintf(href, sizeof href, "images/img%03zu.%s", w->images.len + 1, ext);
  img->href = recto_strdup(w->doc, href);
  img->media_type = type;
  img->data = data;
  img->len = len;
  epub_vec_push(&w->images, img);
  w->has_images = 1;
  return img;
}

void epub_images_free(epub_writer *w) {
  for (size_t k = 0; k < w->images.len; k++) {
    epub_image *img = w->images.items[k];
    free(img->data);
    img->data = NULL;
  }
}
