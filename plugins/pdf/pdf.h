/*
 * pdf.h: private to the PDF reader.
 *
 * images.c maps and renders a page's images through poppler-glib;
 * figures.c finds their captions among the lines and places them in
 * the document.
 *
 * poppler.cc is the one C++ file: it wraps poppler's C++ interface,
 * whose word list is the only one of poppler's interfaces that gives
 * every word of a page with its box and its font (poppler-glib's page
 * text drops lines of right-to-left text and misplaces word spaces in
 * it).  Words come in visual order, left to right, as printed.
 * lines.c groups them into lines, puts right-to-left runs into logical
 * order and measures each line's layout for the plain reader's line
 * model (linemodel.h); pdf.c hands all pages to the recovery steps and
 * adds what only the PDF knows.
 */
#ifndef RECTO_PDF_H
#define RECTO_PDF_H

#include <stddef.h>
#include <stdint.h>

#include "linemodel.h"
#include "recto/buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- poppler.cc ---- */

typedef struct pdf_doc pdf_doc;

typedef enum pdf_open_status {
  PDF_OPEN_OK = 0,
  PDF_OPEN_DAMAGED,   /* poppler could not read or repair it */
  PDF_OPEN_LOCKED,    /* encrypted, and no or the wrong password */
  PDF_OPEN_MEMORY
} pdf_open_status;

/** A word as printed: UTF-8 in visual order (left to right), its box in
    points with y growing downwards, its font; rotation: quarter turns
    clockwise of its baseline from the page's (1 and 3: printed up or
    down the page). */
typedef struct pdf_word {
  const char *text;
  size_t len;
  float x1, y1, x2, y2;
  float size;
  uint8_t bold, italic, smallcaps;
  uint8_t rotation;
} pdf_word;

/** The words of one page; text bytes owned by the page. */
typedef struct pdf_page {
  pdf_word *words;
  size_t nwords;
  float width, height;
  char *label;         /* the printed page label, or NULL */
  char *text;          /* the words' bytes */
} pdf_page;

/** Open data (not copied: it must outlive the document). */
pdf_open_status pdf_doc_open(const char *data, size_t len,
                             const char *password, pdf_doc **out);
void pdf_doc_close(pdf_doc *doc);
int pdf_doc_pages(const pdf_doc *doc);
/** 0, or -1 when memory ran out; free with pdf_page_free. */
int pdf_doc_page(const pdf_doc *doc, int index, pdf_page *out);
void pdf_page_free(pdf_page *page);
/** An entry of the information dictionary ("Title", "Author",
    "Subject", "Keywords") as UTF-8 (free it), or NULL. */
char *pdf_doc_info(const pdf_doc *doc, const char *key);
/** The creation date as YYYY-MM-DD (free it), or NULL. */
char *pdf_doc_created(const pdf_doc *doc);
/** Call fn(title, level, user) for each outline entry in document
    order; level 1 is the top. */
void pdf_doc_outline(const pdf_doc *doc,
                     void (*fn)(const char *title, int level, void *user),
                     void *user);

/* ---- lines.c ---- */

/* The lines of a whole document; the text bytes live in one buffer and
   are pointed at once every page has been added. */
typedef struct pdf_lines {
  pt_src_line *v;
  size_t n, cap;
  size_t *text_off;   /* offset of each line's text in text */
  size_t off_cap;
  char *text;
  size_t text_len, text_cap;
  size_t glyphs;      /* visible characters seen */
  struct gutter {     /* the last gutter between two columns found */
    float left, right; /* left == right: none */
    float slack;       /* how far the columns' print may reach into it */
    int rtl;           /* its page reads right to left */
  } gutter;
} pdf_lines;

/** Append the lines of page (index page_index) to out: 0, or -1 when
    memory ran out. */
int pdf_lines_add_page(pdf_lines *out, const pdf_page *page,
                       uint32_t page_index);
/** Point every line at its text; call once, after the last page. */
void pdf_lines_finish(pdf_lines *lines);
void pdf_lines_free(pdf_lines *lines);

/* ---- images.c ---- */

/* An image is rendered from the page at this resolution... */
#define PDF_IMAGE_DPI 150
/* ...and left out, with a warning, when that makes more pixels than
   this (a print 27 inches square): the cap on an image's memory. */
#define PDF_IMAGE_MAX_PIXELS ((uint64_t)16 << 20)
/* ...or more than this on a side, cairo's limit on a surface */
#define PDF_IMAGE_MAX_SIDE 32767

typedef struct pdf_images pdf_images;

/** A box on the page in points, y growing downwards. */
typedef struct pdf_box {
  float x1, y1, x2, y2;
} pdf_box;

/** The document's images, over data (not copied); NULL when poppler
    cannot open it (or memory ran out). */
pdf_images *pdf_images_open(const char *data, size_t len,
                            const char *password);
void pdf_images_close(pdf_images *im);
/** The boxes of the images printed on page, cut to its crop box (free
    *boxes; boxes with a coordinate not finite or nothing on the page
    left out): 0, or -1
    when memory ran out. */
int pdf_images_boxes(pdf_images *im, int page, pdf_box **boxes, size_t *n);
/** The size in pixels of box rendered at PDF_IMAGE_DPI. */
void pdf_image_pixels(const pdf_box *box, uint32_t *w, uint32_t *h);
/** Whether an image of w by h pixels is within PDF_IMAGE_MAX_PIXELS
    and PDF_IMAGE_MAX_SIDE. */
int pdf_image_fits(uint32_t w, uint32_t h);
/** Append box of page, as printed, to out as PNG: 0, or -1 (beyond
    pdf_image_fits, or not rendered). */
int pdf_images_png(pdf_images *im, int page, const pdf_box *box,
                   recto_buf *out);

/* ---- figures.c ---- */

typedef struct pdf_figure {
  uint32_t page;
  size_t anchor;      /* the line it is read before; the lines' count:
                         after the last */
  int ends_page;      /* no line of its page follows it */
  float top;          /* of its box */
  size_t cap0, cap1;  /* the lines of its caption, [cap0, cap1) */
  char *png;
  size_t png_len;
  uint64_t hash;      /* of png: the same image is the same PNG */
  size_t place;       /* in the figures' places */
} pdf_figure;

/* A place on the page where images were printed, the image first
   printed there, and on how many pages that same image was printed
   there. */
typedef struct pdf_image_place {
  pdf_box box;
  uint64_t hash;
  uint32_t pages, last_page;
} pdf_image_place;

typedef struct pdf_figures {
  pdf_figure *v;
  size_t n, cap;
  pdf_image_place *places;
  size_t nplaces, places_cap;
  /* images left out as decoration */
  size_t tiny, backgrounds, repeated;
} pdf_figures;

/** Take the images of page (index page_index, whose lines start at
    lines->v[first]) as figures with their captions: 0, or -1 when
    memory ran out.  Each image left out for its size gets a warning. */
int pdf_figures_add_page(pdf_figures *f, recto_context *ctx, pdf_images *im,
                         const pdf_lines *lines, size_t first,
                         const pdf_page *page, uint32_t page_index);
/** Leave out the images without a caption printed the same in the
    same place on many pages, and set the
    captions' lines apart from the text around them (after
    pdf_lines_finish), so that the recovery makes paragraphs of them. */
void pdf_figures_set_apart(pdf_figures *f, pdf_lines *lines);
/** Put the figures into doc, each before the block it is read before,
    its PNG carried by doc, the paragraphs of its caption's lines moved
    into its caption. */
void pdf_figures_place(recto_context *ctx, pdf_figures *f, recto_doc *doc);
void pdf_figures_free(pdf_figures *f);

#ifdef __cplusplus
}
#endif
#endif
