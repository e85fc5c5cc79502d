/*
 * images.c: the images printed on a page, through poppler-glib (poppler's
 * C interface, the one that maps a page's images; the words come from
 * poppler.cc).  An image is taken as the page prints it: its area of
 * the page rendered by cairo at PDF_IMAGE_DPI and written as PNG.  That
 * is what a reader of the PDF sees (a soft mask applied, what is drawn
 * over it included), and the memory it takes is set by the area on the
 * page, never by the pixel size an image's dictionary claims: poppler
 * decodes an image scaled down to the surface it is drawn on.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <poppler.h>

#include "pdf.h"

struct pdf_images {
  PopplerDocument *doc;
  GBytes *bytes;
};

pdf_images *pdf_images_open(const char *data, size_t len,
                            const char *password) {
  pdf_images *im = calloc(1, sizeof *im);
  if (!im)
    return NULL;
  /* not copied: the input outlives the reading */
  im->bytes = g_bytes_new_static(data, len);
  im->doc = poppler_document_new_from_bytes(im->bytes, password, NULL);
  if (!im->doc) {
    pdf_images_close(im);
    return NULL;
  }
  return im;
}

void pdf_images_close(pdf_images *im) {
  if (!im)
    return;
  if (im->doc)
    g_object_unref(im->doc);
  g_bytes_unref(im->bytes);
  free(im);
}

int pdf_images_boxes(pdf_images *im, int page, pdf_box **boxes, size_t *n) {
  *boxes = NULL;
  *n = 0;
  PopplerPage *pg = poppler_document_get_page(im->doc, page);
  if (!pg)
    return 0;
  /* an image is what the page shows of it: within the crop box, whose
     corner is the mapping's origin */
  double pw, ph;
  poppler_page_get_size(pg, &pw, &ph);
  GList *map = poppler_page_get_image_mapping(pg);
  size_t count = g_list_length(map);
  int status = 0;
  if (count > 0) {
    *boxes = malloc(count * sizeof **boxes);
    if (!*boxes)
      status = -1;
  }
  for (GList *l = map; l && status == 0; l = l->next) {
    const PopplerRectangle *a = &((PopplerImageMapping *)l->data)->area;
    if (!isfinite(a->x1) || !isfinite(a->x2) || !isfinite(a->y1) ||
        !isfinite(a->y2))
      continue;
    double x1 = fmax(fmin(a->x1, a->x2), 0), x2 = fmin(fmax(a->x1, a->x2), pw);
    double y1 = fmax(fmin(a->y1, a->y2), 0), y2 = fmin(fmax(a->y1, a->y2), ph);
    if (x2 <= x1 || y2 <= y1)
      continue;
    (*boxes)[(*n)++] = (pdf_box){(float)x1, (float)y1, (float)x2, (float)y2};
  }
  poppler_page_free_image_mapping(map);
  g_object_unref(pg);
  return status;
}

void pdf_image_pixels(const pdf_box *box, uint32_t *w, uint32_t *h) {
  double scale = PDF_IMAGE_DPI / 72.0;
  double bw = ceil((box->x2 - box->x1) * scale);
  double bh = ceil((box->y2 - box->y1) * scale);
  *w = !(bw >= 1) ? 1 : bw > 1e6 ? 1000000u : (uint32_t)bw;
  *h = !(bh >= 1) ? 1 : bh > 1e6 ? 1000000u : (uint32_t)bh;
}

int pdf_image_fits(uint32_t w, uint32_t h) {
  return w <= PDF_IMAGE_MAX_SIDE && h <= PDF_IMAGE_MAX_SIDE &&
         (uint64_t)w * h <= PDF_IMAGE_MAX_PIXELS;
}

static cairo_status_t S_put(void *closure, const unsigned char *data,
                            unsigned int len) {
  recto_buf_put(closure, data, len);
  return CAIRO_STATUS_SUCCESS;
}

int pdf_images_png(pdf_images *im, int page, const pdf_box *box,
                   recto_buf *out) {
  uint32_t w, h;
  pdf_image_pixels(box, &w, &h);
  if (!pdf_image_fits(w, h))
    return -1;
  PopplerPage *pg = poppler_document_get_page(im->doc, page);
  if (!pg)
    return -1;
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w,
                                                  (int)h);
  cairo_t *cr = cairo_create(s);
  /* the page is white where nothing is printed */
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  double scale = PDF_IMAGE_DPI / 72.0;
  cairo_scale(cr, scale, scale);
  cairo_translate(cr, -box->x1, -box->y1);
  cairo_rectangle(cr, box->x1, box->y1, box->x2 - box->x1, box->y2 - box->y1);
  cairo_clip(cr);
  poppler_page_render(pg, cr);
  /* a drawing error is the context's, not the surface's */
  cairo_status_t drawn = cairo_status(cr);
  cairo_destroy(cr);
  int status = drawn == CAIRO_STATUS_SUCCESS &&
                       cairo_surface_status(s) == CAIRO_STATUS_SUCCESS &&
                       cairo_surface_write_to_png_stream(s, S_put, out) ==
                           CAIRO_STATUS_SUCCESS
                   ? 0
                   : -1;
  cairo_surface_destroy(s);
  g_object_unref(pg);
  return status;
}
