/*
 * pdf.h: private to the PDF reader.
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

#ifdef __cplusplus
}
#endif
#endif
