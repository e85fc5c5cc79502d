/* images.c: images the document carries (recto_doc_resource, bytes from
   the container it was read from) or local images it references, read
   through the resource policy (recto/resource.h: under the input's
   directory or a resource path, size-limited), are packed into the book
   once per url -- each only when its bytes are an image of its type
   (recto_image_type).  What cannot be packed gets one warning, and its
   alt text is written instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epub.h"

static int S_hex(int c) {
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

/* The file a url names: "file://" dropped, percent escapes decoded,
   query and fragment cut. */
static char *S_path(const char *url) {
  recto_buf b = RECTO_BUF_INIT;
  if (strncmp(url, "file://", 7) == 0)
    url += 7;
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
  recto_buf_putc(&b, '\0'); /* an empty url is an empty name */
  return recto_buf_detach(&b, NULL);
}

/* The image url names into data: carried bytes come before a file of
   that name.  Its media type, or NULL after one warning. */
static const char *S_load(epub_writer *w, const char *url,
                          const recto_pos *pos, recto_buf *data,
                          const char **ext) {
  size_t len = 0;
  const void *carried = recto_doc_resource(w->doc, url, &len, NULL);
  if (!carried) {
    char *path = S_path(url);
    const char *type = NULL;
    recto_resource_read_image(w->ctx, w->opts,
                              recto_doc_source(w->doc, "file"), path, pos,
                              data, &type, ext);
    free(path);
    return type;
  }
  const char *type = recto_image_type(carried, len, ext);
  if (type)
    recto_buf_put(data, carried, len);
  else
    recto_diag_emit(w->ctx, RECTO_DIAG_WARNING, "epub.image-type", pos,
                    "image '%s' of the input is not a PNG, JPEG, GIF, WebP "
                    "or SVG image; its alt text is written instead", url);
  return type;
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
  recto_buf data = RECTO_BUF_INIT;
  const char *ext = NULL;
  const char *type = S_load(w, url, &pos, &data, &ext);
  if (!type) {
    recto_buf_free(&data);
    return NULL;
  }
  char href[48];
  snprintf(href, sizeof href, "images/img%03zu.%s", w->images.len + 1, ext);
  img->href = recto_strdup(w->doc, href);
  img->media_type = type;
  img->data = (unsigned char *)recto_buf_detach(&data, &img->len);
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
