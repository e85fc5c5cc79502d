/*
 * pdf.c: the PDF reader ("pdf"; .pdf), on poppler.
 *
 * Each page's words come with their layout (poppler.cc), become lines
 * in logical order (lines.c), and all pages go
 * through the plain reader's recovery steps (linemodel.h), which use the
 * layout where they can: font sizes for headings and notes, the page's
 * margins for running heads, raised digits for note markers.  What only
 * the PDF knows is added here: the printed page labels of the page
 * breaks, the outline's headings, the document information, and the
 * images as figures with their captions (figures.c).
 *
 * Reader options: pdf.password=SECRET opens an encrypted PDF.
 *
 * Poppler is GPL-2.0-or-later, so the binary of this plugin is covered
 * by the GPL; the rest of recto keeps its own licence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"

static const char *const S_exts[] = {"pdf", NULL};
static const char *const S_media[] = {"application/pdf", NULL};
#define S_OPT_PASSWORD "pdf.password"
/* The password, and the options of the plain reader's steps it runs. */
static const char *const S_keys[] = {S_OPT_PASSWORD, PT_OPTION_KEYS, NULL};

static int S_probe(const unsigned char *head, size_t len) {
  /* The header may follow a few bytes of junk (the PDF reference allows
     it within the first 1024 bytes). */
  size_t n = len < 1024 ? len : 1024;
  for (size_t i = 0; i + 5 <= n; i++)
    if (memcmp(head + i, "%PDF-", 5) == 0)
      return 100;
  return 0;
}

static recto_status S_error(recto_context *ctx, const char *code,
                            const char *msg) {
  recto_diag_emit(ctx, RECTO_DIAG_ERROR, code, NULL, "%s", msg);
  return RECTO_ERR_INPUT;
}

static recto_status S_open(recto_context *ctx, const recto_input *in,
                           const recto_options *opts, pdf_doc **out) {
  const char *password = opts ? recto_options_get(opts, S_OPT_PASSWORD) : NULL;
  switch (pdf_doc_open((const char *)in->data, in->len, password, out)) {
  case PDF_OPEN_OK:
    return RECTO_OK;
  case PDF_OPEN_LOCKED:
    return S_error(ctx, "pdf.encrypted",
                   password ? "the PDF is encrypted and the password is wrong"
                            : "the PDF is encrypted; give its password with "
                              "-O pdf.password=...");
  case PDF_OPEN_MEMORY:
    return S_error(ctx, "pdf.memory", "out of memory opening the PDF");
  case PDF_OPEN_DAMAGED:
    break;
  }
  return S_probe(in->data, in->len) == 0
             ? S_error(ctx, "pdf.invalid", "not a PDF (no %PDF- header)")
             : S_error(ctx, "pdf.damaged",
                       "damaged PDF that poppler cannot repair");
}

/* A metadata string of the PDF's, where the recovery found none. */
static void S_meta(recto_doc *doc, const char *key, char *value) {
  if (value && *value && !recto_doc_meta_string(doc, key))
    recto_doc_meta_set_string(doc, key, value);
  free(value);
}

/* ---- the outline ---- */

typedef struct outline_entry {
  char *title;
  int level; /* 1 for the outline's top level */
} outline_entry;

typedef struct outline {
  outline_entry *v;
  size_t n, cap;
  int failed;
} outline;

static void S_outline_add(const char *title, int level, void *user) {
  outline *o = user;
  if (o->n == o->cap) {
    size_t cap = o->cap ? 2 * o->cap : 32;
    outline_entry *v = realloc(o->v, cap * sizeof *v);
    if (!v) {
      o->failed = 1;
      return;
    }
    o->v = v;
    o->cap = cap;
  }
  char *t = strdup(title);
  if (!t) {
    o->failed = 1;
    return;
  }
  o->v[o->n++] = (outline_entry){t, level};
}

static void S_outline_free(outline *o) {
  for (size_t k = 0; k < o->n; k++)
    free(o->v[k].title);
  free(o->v);
}

/* s[0..n) as compared with outline titles (free it), or NULL: bidi marks
   dropped, ASCII letters in lower case (a heading may be printed in
   capitals that its bookmark does not have), ASCII punctuation as
   spaces ("I." printed, "I" in the bookmark), raised digits as digits,
   runs of spaces as one, trimmed. */
static char *S_key(const char *s, size_t n) {
  static const char *const raised[] = {"\u2070", "\u00b9", "\u00b2", "\u00b3",
                                       "\u2074", "\u2075", "\u2076", "\u2077",
                                       "\u2078", "\u2079"};
  char *out = malloc(n + 1);
  size_t o = 0;
  if (!out)
    return NULL;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    int digit = -1;
    for (int d = 0; d < 10 && c >= 0x80; d++) {
      size_t len = strlen(raised[d]);
      if (i + len <= n && memcmp(s + i, raised[d], len) == 0) {
        digit = d;
        i += len - 1;
      }
    }
    if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] >= 0xAA && (unsigned char)s[i + 2] <= 0xAE) {
      i += 2;
    } else if (digit >= 0) {
      out[o++] = (char)('0' + digit);
    } else if (c < 0x80 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') &&
               !(c >= '0' && c <= '9')) {
      if (o > 0 && out[o - 1] != ' ')
        out[o++] = ' ';
    } else {
      out[o++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
    }
  }
  if (o > 0 && out[o - 1] == ' ')
    o--;
  out[o] = 0;
  return out;
}

/* The length of a numbering that opens key ("2 1 ", "iv ", "a "): digits
   and the letters of roman numerals, or one letter, then a space; 0 if
   there is none. */
static size_t S_numbering(const char *key) {
  size_t i = 0;
  while (key[i] && strchr("0123456789 ivx", key[i]))
    i++;
  if (i == 0 && key[0] >= 'a' && key[0] <= 'z' && key[1] == ' ')
    i = 2;
  while (i > 0 && key[i - 1] != ' ')
    i--; /* whole tokens only */
  return i;
}

/* How many lines from i on print title (a key: one or more whole lines,
   the first perhaps with a numbering the outline leaves out), or 0. */
static size_t S_prints(const pdf_lines *lines, size_t i, const char *title) {
  size_t tn = strlen(title), t = 0, last = i;
  while (last < lines->n && t < tn && lines->v[last].page == lines->v[i].page) {
    char *key = S_key(lines->v[last].text, lines->v[last].len);
    const char *l = key;
    if (l && last == i && strncmp(title, l, strlen(l)) != 0)
      l += S_numbering(l);
    size_t ln = l ? strlen(l) : 0;
    int fits = ln > 0 && strncmp(title + t, l, ln) == 0 &&
               (t + ln == tn || title[t + ln] == ' ');
    free(key);
    if (!fits)
      return 0;
    t += ln + (t + ln < tn);
    last++;
  }
  return t >= tn ? last - i : 0;
}

/* Mark the lines that print each outline entry with its level, so that
   the heading step takes them as headings of that level.  Entries are
   in document order: each is looked for after the previous one. */
static size_t S_mark_outline(pdf_lines *lines, const outline *o) {
  size_t cursor = 0, marked = 0;
  for (size_t k = 0; k < o->n; k++) {
    char *title = S_key(o->v[k].title, strlen(o->v[k].title));
    for (size_t i = cursor; title && *title && i < lines->n; i++) {
      size_t count = S_prints(lines, i, title);
      if (count > 0) {
        for (size_t m = i; m < i + count; m++)
          lines->v[m].layout.heading_level =
              (uint8_t)(o->v[k].level < 6 ? o->v[k].level : 6);
        cursor = i + count;
        marked++;
        break;
      }
    }
    free(title);
  }
  return marked;
}

/* Whether the first two pages print s. */
static int S_printed(const pdf_lines *lines, const char *s) {
  char *want = S_key(s, strlen(s));
  size_t len = 0;
  for (size_t i = 0; i < lines->n && lines->v[i].page < 2; i++)
    len += lines->v[i].len + 1;
  char *text = malloc(len + 1);
  int found = 0;
  if (want && *want && text) {
    size_t o = 0;
    for (size_t i = 0; i < lines->n && lines->v[i].page < 2; i++) {
      char *key = S_key(lines->v[i].text, lines->v[i].len);
      size_t kn = key ? strlen(key) : 0;
      memcpy(text + o, key ? key : "", kn);
      o += kn;
      text[o++] = ' ';
      free(key);
    }
    text[o] = 0;
    found = strstr(text, want) != NULL;
  }
  free(want);
  free(text);
  return found;
}

/* The title or the author of the information dictionary (entry), where
   the recovery found none and the first pages print it: word processors
   fill them from a file's or a template's name and the account that
   saved the file ("Paper template", "IoT2021"), which are not the
   work's. */
static void S_info_printed(recto_context *ctx, char *value, recto_doc *doc,
                           const pdf_lines *lines, const char *key) {
  if (value && !recto_doc_meta_string(doc, key) && !S_printed(lines, value)) {
    recto_diag_emit(ctx, RECTO_DIAG_INFO, "pdf.info-unprinted", NULL,
                    "the information dictionary's %s \"%s\" is not printed "
                    "on the first pages: not taken",
                    key, value);
    free(value);
    value = NULL;
  }
  S_meta(doc, key, value);
}

/* The information dictionary, read before the PDF is closed. */
typedef struct doc_info {
  char *title, *author, *subject, *keywords, *date;
} doc_info;

static void S_info_read(const pdf_doc *pdf, doc_info *info) {
  info->title = pdf_doc_info(pdf, "Title");
  info->author = pdf_doc_info(pdf, "Author");
  info->subject = pdf_doc_info(pdf, "Subject");
  info->keywords = pdf_doc_info(pdf, "Keywords");
  info->date = pdf_doc_created(pdf);
}

/* Into doc; the strings are taken (NULL after). */
static void S_info(recto_context *ctx, doc_info *info, recto_doc *doc,
                   const pdf_lines *lines) {
  S_info_printed(ctx, info->title, doc, lines, "title");
  S_info_printed(ctx, info->author, doc, lines, "author");
  S_meta(doc, "subject", info->subject);
  S_meta(doc, "keywords", info->keywords);
  S_meta(doc, "date", info->date);
  memset(info, 0, sizeof *info);
}

static void S_info_free(doc_info *info) {
  free(info->title);
  free(info->author);
  free(info->subject);
  free(info->keywords);
  free(info->date);
}

/* Give every page break that no printed number labelled the PDF's own
   label of the page it opens: the page of the line it stands before
   (the recovery may add a break before the first page, to keep what it
   removed from that page's head). */
static void S_labels(recto_doc *doc, char **labels, const pdf_lines *lines) {
  recto_iter *it = recto_iter_new(recto_doc_root(doc));
  while (recto_iter_next(it) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (recto_iter_event(it) != RECTO_EVENT_ENTER ||
        recto_node_type_of(n) != RECTO_NODE_PAGE_BREAK)
      continue;
    uint32_t line = recto_node_pos(n).line;
    if (line == 0 || line > lines->n)
      continue;
    char *label = labels[lines->v[line - 1].page];
    if (!recto_page_label(n) && label)
      recto_page_set(n, label, recto_page_source_of(n),
                     recto_page_header(n), recto_page_footer(n));
  }
  recto_iter_free(it);
}

static recto_status S_read(recto_context *ctx, const recto_input *in,
                           const recto_options *opts, recto_doc **out) {
  pdf_doc *pdf = NULL;
  recto_status st = S_open(ctx, in, opts, &pdf);
  if (st != RECTO_OK)
    return st;
  int npages = pdf_doc_pages(pdf);
  /* poppler-glib maps the images: its own reading of the same bytes,
     closed before pdf, whose poppler state it shares */
  pdf_images *images = pdf_images_open(
      (const char *)in->data, in->len,
      opts ? recto_options_get(opts, S_OPT_PASSWORD) : NULL);
  if (!images)
    recto_diag_emit(ctx, RECTO_DIAG_WARNING, "pdf.images-unread", NULL,
                    "poppler could not map the PDF's images: none is read");
  pdf_figures figures = {0};
  pdf_lines lines = {0};
  char **labels = calloc(npages > 0 ? (size_t)npages : 1, sizeof *labels);
  if (!labels)
    st = S_error(ctx, "pdf.memory", "out of memory reading the pages");
  for (int i = 0; i < npages && st == RECTO_OK; i++) {
    pdf_page page;
    size_t first = lines.n;
    if (pdf_doc_page(pdf, i, &page) != 0 ||
        pdf_lines_add_page(&lines, &page, (uint32_t)i) != 0 ||
        (images && pdf_figures_add_page(&figures, ctx, images, &lines, first,
                                        &page, (uint32_t)i) != 0))
      st = S_error(ctx, "pdf.memory", "out of memory reading the pages");
    labels[i] = page.label;
    page.label = NULL;
    pdf_page_free(&page);
    if ((i + 1) % 100 == 0)
      recto_diag_emit(ctx, RECTO_DIAG_INFO, "pdf.progress", NULL,
                      "%d of %d pages read", i + 1, npages);
  }
  if (st == RECTO_OK && lines.glyphs == 0)
    st = S_error(ctx, "pdf.no-text",
                 "no text layer; run OCR first (for example ocrmypdf)");
  /* poppler keeps every page it has read (its catalogue's page cache):
     closed before the recovery, which holds the whole document */
  doc_info info = {0};
  outline o = {0};
  if (st == RECTO_OK) {
    S_info_read(pdf, &info);
    pdf_doc_outline(pdf, S_outline_add, &o);
  }
  pdf_images_close(images);
  pdf_doc_close(pdf);
  if (st == RECTO_OK) {
    pdf_lines_finish(&lines);
    pdf_figures_set_apart(&figures, &lines);
    if (o.n > 0)
      recto_diag_emit(ctx, RECTO_DIAG_INFO, "pdf.outline", NULL,
                      "outline: %zu entries, %zu found in the text", o.n,
                      S_mark_outline(&lines, &o));
    pt_source src = {0};
    src.name = in->name;
    src.format = "pdf";
    src.lines = lines.v;
    src.nlines = lines.n;
    st = pt_recover(ctx, &src, opts, out);
    if (st == RECTO_OK) {
      S_info(ctx, &info, *out, &lines);
      S_labels(*out, labels, &lines);
      pdf_figures_place(ctx, &figures, *out);
    }
  }
  pdf_figures_free(&figures);
  S_outline_free(&o);
  S_info_free(&info);
  for (int i = 0; labels && i < npages; i++)
    free(labels[i]);
  free(labels);
  pdf_lines_free(&lines);
  return st;
}

static const recto_plugin S_reader = {
    RECTO_PLUGIN_HEADER,
    RECTO_PLUGIN_READER,
    0,
    "pdf",
    NULL,
    S_exts,
    S_media,
    "PDF through poppler: layout-aware pages, notes, citations, languages",
    "0.1.0",
    S_probe,
    S_read,
    NULL,
    NULL,
    S_keys,
    {NULL, NULL, NULL},
};

RECTO_PLUGIN_EXPORT const recto_plugin *recto_plugin_descriptor(uint32_t i) {
  return i == 0 ? &S_reader : NULL;
}
