/*
 * figures.c: the images of a page as figures of the document.
 *
 * A figure is read where the text beside it is read: before the first
 * line printed below it in its column (or after the last line above
 * it).  Its caption is the block of lines just below it (else just
 * above it) that opens with a caption's word and number ("Figure 3.",
 * "Fig. 2:", "شکل ۱-۲", "الشكل ٣"); those lines leave the text and
 * become the figure's caption, so that the caption's words are read
 * once.  Images smaller than a few points (rules, bullets), an image
 * under most of its page's text (a scan's page behind its OCR text) and
 * an image without a caption printed the same (the same PNG) in the
 * same place on REPEATED pages or more (a logo in the running head, a
 * watermark) are decoration, only counted.  A place alone is no
 * evidence: floats set at a page's top and slides put figures of one
 * size in one place on many pages, each its own picture.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pdf.h"
#include "recto/utf8.h"

/* smaller than this on a side (points): decoration */
#define TINY 6.0f
/* the same image without a caption in the same place on this many
   pages is furniture */
#define REPEATED 3
/* blank lines set before and after a caption's lines: more than any
   gap between paragraphs, so that the caption makes paragraphs of its
   own */
#define APART 3
/* the widest step from one caption line to the next, in font sizes
   (double spacing, as theses are set) */
#define STEP 2.2f
/* the most lines a caption runs to */
#define CAPTION_LINES 8

static int S_digit(uint32_t c) { return recto_digit_value(c) >= 0; }

static int S_bidi_mark(uint32_t c) {
  return c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

/* The code point at s[*i] (advancing *i), or 0 at the end. */
static uint32_t S_next(const char *s, size_t len, size_t *i) {
  if (*i >= len)
    return 0;
  uint32_t c;
  int n = recto_utf8_decode(s + *i, len - *i, &c);
  *i += n > 0 ? (size_t)n : 1;
  return n > 0 ? c : 0xFFFD;
}

/* Whether a number ends at s[*k]: digits, and parts after a dot, a dash
   or a slash ("3.1", "۱-۲"); *k moves past it, *parts counts the
   parts. */
static int S_number(const char *s, size_t len, size_t *k, int *parts) {
  size_t m = *k;
  if (!S_digit(S_next(s, len, &m)))
    return 0;
  *parts = 1;
  for (;;) {
    *k = m;
    uint32_t d = S_next(s, len, &m);
    if (S_digit(d))
      continue;
    size_t m2 = m;
    if ((d == '.' || d == '-' || d == 0x2013 || d == '/') &&
        S_digit(S_next(s, len, &m2))) {
      (*parts)++;
      continue;
    }
    return 1;
  }
}

/*
 * Whether a line opens a caption: a caption word and its number
 * (perhaps in parentheses), then the end of the line, a punctuation
 * mark, or a capital: "Figure 3 shows" opens a sentence of the text,
 * "Figure 3 The coast" a caption.  Scripts without capitals take a
 * word after a number of several parts ("شکل ۳-۱ نمای ..."), which
 * sentences rarely name.
 */
static int S_opens_caption(const char *s, size_t len) {
  size_t i = 0, at = 0;
  while (S_bidi_mark(S_next(s, len, &at)))
    i = at;
  for (const char *const *w = pt_figure_words; *w; w++) {
    size_t wl = strlen(*w);
    if (len - i < wl || strncasecmp(s + i, *w, wl) != 0)
      continue;
    size_t k = i + wl, m = k;
    uint32_t c = S_next(s, len, &m);
    while (c == ' ' || c == 0xA0 || S_bidi_mark(c))
      k = m, c = S_next(s, len, &m);
    if (c == '(')
      k = m;
    int parts = 0;
    if (!S_number(s, len, &k, &parts))
      continue;
    c = S_next(s, len, &k);
    if (c == ')')
      c = S_next(s, len, &k);
    if (c == 0 || c == '.' || c == ':' || c == '-' || c == '|' ||
        c == 0x2013 || c == 0x2014 || c == 0x061B || c == 0x060C)
      return 1;
    if (c == ' ' || c == 0xA0) {
      uint32_t d = S_next(s, len, &k);
      return (d >= 'A' && d <= 'Z') ||
             (recto_script_of(d) == RECTO_SCRIPT_ARABIC && parts > 1);
    }
  }
  return 0;
}

static const char *S_text(const pdf_lines *lines, size_t i) {
  return lines->text + lines->text_off[i];
}

static int S_usable(const pdf_lines *lines, size_t i, uint32_t page) {
  return i < lines->n && lines->v[i].page == page &&
         lines->v[i].layout.has_layout && !lines->v[i].layout.rotated;
}

static float S_top(const pt_layout *l) { return l->y; }
static float S_bottom(const pt_layout *l) { return l->y + l->height; }

static int S_overlaps(const pt_layout *l, float x1, float x2) {
  return l->x < x2 && l->x + l->width > x1;
}

/* Whether line i is claimed by the caption of a figure of this page. */
static int S_claimed(const pdf_figures *f, size_t from, size_t i) {
  for (size_t k = from; k < f->n; k++)
    if (i >= f->v[k].cap0 && i < f->v[k].cap1)
      return 1;
  return 0;
}

/* Whether line b goes on the caption whose lines so far span [x1, x2]
   and end with line a: the same size, a step between lines,
   within the caption's width, and a before it reached across. */
static int S_goes_on(const pt_layout *a, const pt_layout *b, float x1,
                     float x2, float widest) {
  float size = a->size;
  return b->size > size - 0.6f && b->size < size + 0.6f &&
         S_top(b) > S_top(a) && S_top(b) - S_top(a) <= STEP * size &&
         b->x >= x1 - size && b->x + b->width <= x2 + size &&
         a->width >= 0.85f * widest;
}

/* The caption below box (from the first line under it), or above it:
   sets cap0 and cap1 of fig. */
static void S_caption(const pdf_figures *f, size_t from,
                      const pdf_lines *lines, size_t first, size_t end,
                      const pdf_box *box, pdf_figure *fig) {
  uint32_t page = fig->page;
  size_t below = end, above = end;
  for (size_t i = first; i < end; i++) {
    const pt_layout *l = &lines->v[i].layout;
    if (!S_usable(lines, i, page) || S_claimed(f, from, i) ||
        !S_overlaps(l, box->x1, box->x2))
      continue;
    float reach = 2.5f * l->size;
    if (S_top(l) >= box->y2 - 1 && S_top(l) - box->y2 <= reach &&
        (below == end || S_top(l) < S_top(&lines->v[below].layout)))
      below = i;
    if (S_bottom(l) <= box->y1 + 1 && box->y1 - S_bottom(l) <= reach &&
        (above == end || S_bottom(l) > S_bottom(&lines->v[above].layout)))
      above = i;
  }
  if (below < end && S_opens_caption(S_text(lines, below),
                                     lines->v[below].len)) {
    const pt_layout *c = &lines->v[below].layout;
    float x1 = c->x, x2 = c->x + c->width;
    float widest = box->x2 - box->x1 > c->width ? box->x2 - box->x1 : c->width;
    size_t last = below;
    while (last + 1 < end && last + 1 - below < CAPTION_LINES &&
           S_usable(lines, last + 1, page) && !S_claimed(f, from, last + 1) &&
           !S_opens_caption(S_text(lines, last + 1), lines->v[last + 1].len) &&
           S_goes_on(&lines->v[last].layout, &lines->v[last + 1].layout, x1,
                     x2, widest)) {
      last++;
      const pt_layout *l = &lines->v[last].layout;
      if (l->width > widest)
        widest = l->width;
    }
    fig->cap0 = below;
    fig->cap1 = last + 1;
    return;
  }
  /* above: up from the line nearest the image to the one that opens */
  for (size_t i = above, n = 0; i < end && n < CAPTION_LINES; i--, n++) {
    if (!S_usable(lines, i, page) || S_claimed(f, from, i))
      break;
    if (i < above) {
      const pt_layout *a = &lines->v[i].layout, *b = &lines->v[i + 1].layout;
      if (b->size < a->size - 0.6f || b->size > a->size + 0.6f ||
          S_top(b) <= S_top(a) || S_top(b) - S_top(a) > STEP * a->size)
        break;
    }
    if (S_opens_caption(S_text(lines, i), lines->v[i].len)) {
      fig->cap0 = i;
      fig->cap1 = above + 1;
      return;
    }
    if (i == first)
      break;
  }
}

/* Where fig is read: at its caption, else before the first line below
   it in its column, else after the last line above it, else before
   anything below it, else after its page's lines. */
static void S_anchor(const pdf_lines *lines, size_t first, size_t end,
                     const pdf_box *box, pdf_figure *fig) {
  if (fig->cap1 > fig->cap0) {
    fig->anchor = fig->cap0;
    return;
  }
  size_t after = end, below = end, below_any = end;
  for (size_t i = first; i < end; i++) {
    const pt_layout *l = &lines->v[i].layout;
    if (!S_usable(lines, i, fig->page))
      continue;
    int over = S_overlaps(l, box->x1, box->x2);
    if (S_top(l) >= box->y2 - 1) {
      if (over && below == end)
        below = i;
      if (below_any == end)
        below_any = i;
    }
    if (over && S_bottom(l) <= box->y1 + 1)
      after = i + 1;
  }
  fig->anchor = below < end ? below : after < end ? after : below_any;
  fig->ends_page = fig->anchor == end;
}

/* An image under most of its page's text, as large as half the page:
   the page of a scan behind the text OCR put over it. */
static int S_background(const pdf_lines *lines, size_t first, size_t end,
                        const pdf_page *page, const pdf_box *b) {
  if ((b->x2 - b->x1) * (b->y2 - b->y1) < 0.5f * page->width * page->height)
    return 0;
  size_t in = 0, all = 0;
  for (size_t i = first; i < end; i++) {
    const pt_layout *l = &lines->v[i].layout;
    float cx = l->x + l->width / 2, cy = l->y + l->height / 2;
    all++;
    in += cx > b->x1 && cx < b->x2 && cy > b->y1 && cy < b->y2;
  }
  return all > 0 && 2 * in >= all;
}

static int S_same_place(const pdf_box *a, const pdf_box *b) {
  return a->x1 - b->x1 < 1 && b->x1 - a->x1 < 1 && a->y1 - b->y1 < 1 &&
         b->y1 - a->y1 < 1 && a->x2 - b->x2 < 1 && b->x2 - a->x2 < 1 &&
         a->y2 - b->y2 < 1 && b->y2 - a->y2 < 1;
}

/* FNV-1a of an image's PNG: the same picture renders to the same
   bytes. */
static uint64_t S_hash(const char *png, size_t len) {
  uint64_t h = 0xcbf29ce484222325u;
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)png[i]) * 0x100000001b3u;
  return h;
}

/* The place of box among those seen, counting page once when the image
   there (hash) is the one first printed there: its index, or (size_t)-1
   when memory ran out. */
static size_t S_place(pdf_figures *f, const pdf_box *box, uint64_t hash,
                      uint32_t page) {
  for (size_t k = 0; k < f->nplaces; k++) {
    pdf_image_place *pl = &f->places[k];
    if (S_same_place(&pl->box, box)) {
      if (pl->hash == hash && pl->last_page != page)
        pl->pages++, pl->last_page = page;
      return k;
    }
  }
  if (f->nplaces == f->places_cap) {
    size_t cap = f->places_cap ? 2 * f->places_cap : 16;
    pdf_image_place *v = realloc(f->places, cap * sizeof *v);
    if (!v)
      return (size_t)-1;
    f->places = v;
    f->places_cap = cap;
  }
  f->places[f->nplaces] = (pdf_image_place){*box, hash, 1, page};
  return f->nplaces++;
}

/* Whether fig is furniture: no caption, and the image first printed in
   its place, printed there on REPEATED pages or more. */
static int S_furniture(const pdf_figures *f, const pdf_figure *fig) {
  const pdf_image_place *pl = &f->places[fig->place];
  return fig->cap1 <= fig->cap0 && fig->hash == pl->hash &&
         pl->pages >= REPEATED;
}

int pdf_figures_add_page(pdf_figures *f, recto_context *ctx, pdf_images *im,
                         const pdf_lines *lines, size_t first,
                         const pdf_page *page, uint32_t page_index) {
  pdf_box *boxes;
  size_t n;
  if (pdf_images_boxes(im, (int)page_index, &boxes, &n) != 0)
    return -1;
  size_t from = f->n, end = lines->n;
  int status = 0;
  for (size_t k = 0; k < n && status == 0; k++) {
    const pdf_box *b = &boxes[k];
    if (b->x2 - b->x1 < TINY || b->y2 - b->y1 < TINY) {
      f->tiny++;
      continue;
    }
    if (S_background(lines, first, end, page, b)) {
      f->backgrounds++;
      continue;
    }
    recto_buf png = RECTO_BUF_INIT;
    if (pdf_images_png(im, (int)page_index, b, &png) != 0) {
      uint32_t w, h;
      pdf_image_pixels(b, &w, &h);
      recto_diag_emit(ctx, RECTO_DIAG_WARNING, "pdf.image", NULL,
                      "page %u: an image of %ux%u pixels at %d dpi %s; "
                      "left out",
                      page_index + 1, w, h, PDF_IMAGE_DPI,
                      !pdf_image_fits(w, h)
                          ? "is beyond the cap of 16 megapixels or 32767 "
                            "on a side"
                          : "could not be rendered");
      recto_buf_free(&png);
      continue;
    }
    uint64_t hash = S_hash(png.data, png.len);
    size_t place = S_place(f, b, hash, page_index);
    if (place == (size_t)-1) {
      recto_buf_free(&png);
      status = -1;
      break;
    }
    if (f->n == f->cap) {
      size_t cap = f->cap ? 2 * f->cap : 8;
      pdf_figure *v = realloc(f->v, cap * sizeof *v);
      if (!v) {
        recto_buf_free(&png);
        status = -1;
        break;
      }
      f->v = v;
      f->cap = cap;
    }
    pdf_figure *fig = &f->v[f->n];
    memset(fig, 0, sizeof *fig);
    fig->page = page_index;
    fig->place = place;
    fig->hash = hash;
    fig->top = b->y1;
    S_caption(f, from, lines, first, end, b, fig);
    if (S_furniture(f, fig)) {
      recto_buf_free(&png);
      f->repeated++;
      continue;
    }
    S_anchor(lines, first, end, b, fig);
    fig->png = recto_buf_detach(&png, &fig->png_len);
    f->n++;
  }
  free(boxes);
  return status;
}

/* Leave out the first pages' images of a place whose image turned out
   to be furniture. */
static void S_drop_repeated(pdf_figures *f) {
  size_t kept = 0;
  for (size_t k = 0; k < f->n; k++) {
    if (S_furniture(f, &f->v[k])) {
      free(f->v[k].png);
      f->repeated++;
    } else {
      f->v[kept++] = f->v[k];
    }
  }
  f->n = kept;
}

void pdf_figures_set_apart(pdf_figures *f, pdf_lines *lines) {
  S_drop_repeated(f);
  for (size_t k = 0; k < f->n; k++) {
    const pdf_figure *fig = &f->v[k];
    if (fig->cap1 <= fig->cap0)
      continue;
    if (lines->v[fig->cap0].blanks < APART)
      lines->v[fig->cap0].blanks = APART;
    if (fig->cap1 < lines->n && lines->v[fig->cap1].blanks < APART)
      lines->v[fig->cap1].blanks = APART;
  }
}

/* The line a block starts on (1-based; 0: none known). */
static uint32_t S_line_of(const recto_node *n) {
  for (; n; n = recto_node_first_child(n))
    if (recto_node_pos(n).line)
      return recto_node_pos(n).line;
  return 0;
}

/* The last line a block's text comes from (its notes aside). */
static uint32_t S_last_line(recto_node *n) {
  uint32_t last = 0;
  recto_iter *it = recto_iter_new(n);
  while (recto_iter_next(it) != RECTO_EVENT_DONE) {
    recto_node *d = recto_iter_node(it);
    if (recto_node_type_of(d) == RECTO_NODE_NOTE) {
      recto_iter_skip_children(it);
      continue;
    }
    if (recto_node_pos(d).line > last)
      last = recto_node_pos(d).line;
  }
  recto_iter_free(it);
  return last;
}

static int S_of_caption(const pdf_figure *fig, uint32_t line) {
  return line > fig->cap0 && line <= fig->cap1;
}

static int S_is_break(const recto_node *n) {
  recto_node_type t = n ? recto_node_type_of(n) : RECTO_NODE_DOCUMENT;
  return t == RECTO_NODE_SOFT_BREAK || t == RECTO_NODE_LINE_BREAK;
}

/* A paragraph in caption with the language and direction of block. */
static recto_node *S_caption_para(recto_doc *doc, recto_node *caption,
                                  const recto_node *block) {
  recto_node *para = recto_node_new(doc, RECTO_NODE_PARAGRAPH);
  recto_node_set_pos(para, recto_node_pos(block));
  if (recto_node_lang(block))
    recto_node_set_lang(para, recto_node_lang(block));
  recto_node_set_dir(para, recto_node_dir(block));
  recto_node_append(caption, para);
  return para;
}

/* Line breaks left at the start or the end of a block. */
static void S_trim_breaks(recto_node *block) {
  while (S_is_break(recto_node_first_child(block)))
    recto_node_unlink(recto_node_first_child(block));
  while (S_is_break(recto_node_last_child(block)))
    recto_node_unlink(recto_node_last_child(block));
}

/* Move the inlines of block that come from the caption's lines into a
   paragraph of caption (a line break between two of them with them);
   a block left empty goes.  A page break stays in the text. */
static void S_take_inlines(recto_doc *doc, recto_node *block,
                           const pdf_figure *fig, recto_node *caption) {
  recto_node *para = NULL, *next;
  int prev_in = 0;
  for (recto_node *c = recto_node_first_child(block); c; c = next) {
    next = recto_node_next(c);
    int in;
    if (S_is_break(c))
      in = prev_in && next && S_of_caption(fig, S_line_of(next));
    else
      in = recto_node_type_of(c) != RECTO_NODE_PAGE_BREAK &&
           S_of_caption(fig, S_line_of(c));
    if (in) {
      if (!para)
        para = S_caption_para(doc, caption, block);
      recto_node_unlink(c);
      recto_node_append(para, c);
    }
    if (!S_is_break(c))
      prev_in = in;
  }
  if (!para)
    return;
  S_trim_breaks(para);
  S_trim_breaks(block);
  if (!recto_node_first_child(block))
    recto_node_unlink(block);
}

/* Whether the recovery made a paragraph or heading of block, whose text
   may be a caption's. */
static int S_text_block(const recto_node *block) {
  recto_node_type t = recto_node_type_of(block);
  return t == RECTO_NODE_PARAGRAPH || t == RECTO_NODE_PLAIN ||
         t == RECTO_NODE_HEADING;
}

/*
 * Take fig's caption out of the text into caption: the blocks made of
 * the caption's lines whole (a heading's inlines into a paragraph), and
 * the caption's inlines out of a block the recovery ran on with text
 * of its own (across a page).  Looked for from the text block before
 * node (the figure) on; *at, the block the next figure is placed by,
 * moves past the blocks taken.
 */
static void S_take_caption(recto_doc *doc, recto_node *node,
                           const pdf_figure *fig, recto_node *caption,
                           recto_node **at) {
  recto_node *b = recto_node_prev(node);
  while (b && (recto_node_type_of(b) == RECTO_NODE_PAGE_BREAK ||
               recto_node_type_of(b) == RECTO_NODE_FIGURE))
    b = recto_node_prev(b);
  if (!b || S_last_line(b) <= fig->cap0)
    b = *at;
  while (b && S_line_of(b) <= fig->cap1) {
    recto_node *next = recto_node_next(b);
    if (next == node)
      next = *at;
    if (S_text_block(b)) {
      int whole = S_of_caption(fig, S_line_of(b)) &&
                  S_of_caption(fig, S_last_line(b));
      if (whole && recto_node_type_of(b) != RECTO_NODE_HEADING) {
        if (*at == b)
          *at = next;
        recto_node_unlink(b);
        recto_node_append(caption, b);
      } else {
        if (*at == b && whole)
          *at = next;
        S_take_inlines(doc, b, fig, caption);
      }
    }
    b = next;
  }
}

/* Figures in the order they are read: by anchor, one that ends a page
   before one that opens the next, then down the page. */
static int S_cmp_read(const void *pa, const void *pb) {
  const pdf_figure *a = *(pdf_figure *const *)pa, *b = *(pdf_figure *const *)pb;
  if (a->anchor != b->anchor)
    return a->anchor < b->anchor ? -1 : 1;
  if (a->ends_page != b->ends_page)
    return a->ends_page ? -1 : 1;
  return (a->top > b->top) - (a->top < b->top);
}

void pdf_figures_place(recto_context *ctx, pdf_figures *f, recto_doc *doc) {
  recto_node *root = recto_doc_root(doc);
  size_t captioned = 0;
  pdf_figure **order = malloc((f->n + 1) * sizeof *order);
  if (!order)
    recto_out_of_memory();
  for (size_t k = 0; k < f->n; k++)
    order[k] = &f->v[k];
  qsort(order, f->n, sizeof *order, S_cmp_read);
  recto_node *at = recto_node_first_child(root);
  for (size_t k = 0; k < f->n; k++) {
    pdf_figure *fig = order[k];
    char url[64];
    snprintf(url, sizeof url, "media/page%u-image%zu.png", fig->page + 1,
             k + 1);
    recto_doc_set_resource(doc, url, fig->png, fig->png_len, "image/png");
    /* the document holds its own copy: do not keep every figure twice */
    free(fig->png);
    fig->png = NULL;
    recto_node *node = recto_node_new(doc, RECTO_NODE_FIGURE);
    recto_pos pos = {0};
    pos.line = (uint32_t)(fig->cap1 > fig->cap0 ? fig->cap0 : fig->anchor) + 1;
    recto_node_set_pos(node, pos);
    recto_node *caption = recto_node_new(doc, RECTO_NODE_CAPTION);
    recto_node_set_pos(caption, pos);
    recto_node_append(node, caption);
    recto_node *plain = recto_node_new(doc, RECTO_NODE_PLAIN);
    recto_node *img = recto_node_new(doc, RECTO_NODE_IMAGE);
    recto_node_set_url(img, url);
    recto_node_append(plain, img);
    recto_node_append(node, plain);
    /* before the first block from the anchor on; a page break that
       stands there opens the page the figure is on, unless the figure
       ends the page before */
    for (; at; at = recto_node_next(at)) {
      uint32_t line = S_line_of(at);
      if (line > pos.line ||
          (line == pos.line &&
           (fig->ends_page ||
            recto_node_type_of(at) != RECTO_NODE_PAGE_BREAK)))
        break;
    }
    if (at)
      recto_node_insert_before(at, node);
    else
      recto_node_append(root, node);
    if (fig->cap1 > fig->cap0)
      S_take_caption(doc, node, fig, caption, &at);
    if (recto_node_first_child(caption))
      captioned++;
    else
      recto_node_unlink(caption);
  }
  free(order);
  if (f->n || f->tiny || f->backgrounds || f->repeated)
    recto_diag_emit(ctx, RECTO_DIAG_INFO, "pdf.images", NULL,
                    "images: %zu figures, %zu with a caption; left out as "
                    "decoration: %zu smaller than %g points, %zu under a "
                    "page's text, %zu the same without a caption in the same "
                    "place on %d pages or more",
                    f->n, captioned, f->tiny, (double)TINY, f->backgrounds,
                    f->repeated, REPEATED);
}

void pdf_figures_free(pdf_figures *f) {
  for (size_t k = 0; k < f->n; k++)
    free(f->v[k].png);
  free(f->v);
  free(f->places);
  memset(f, 0, sizeof *f);
}
