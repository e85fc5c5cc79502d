/* xmlmodel.c: see xmlmodel.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmlmodel.h"

int xw_set(const char *s) { return s && *s; }

int xw_type_in(const char *type, const char *const *types) {
  for (; type && *types; types++)
    if (strcmp(type, *types) == 0)
      return 1;
  return 0;
}

const char *xw_align_name(recto_align a) {
  switch (a) {
  case RECTO_ALIGN_LEFT:
    return "left";
  case RECTO_ALIGN_CENTER:
    return "center";
  case RECTO_ALIGN_RIGHT:
    return "right";
  default:
    return NULL;
  }
}

int xw_is_para(const recto_node *n) {
  recto_node_type t = recto_node_type_of(n);
  return t == RECTO_NODE_PARAGRAPH || t == RECTO_NODE_PLAIN;
}

int xw_image_only(const recto_node *para) {
  const recto_node *c = recto_node_first_child(para);
  return c && !recto_node_next(c) &&
         recto_node_type_of(c) == RECTO_NODE_IMAGE;
}

int xw_has_child(const recto_node *n, recto_node_type type) {
  for (const recto_node *c = recto_node_first_child(n); c;
       c = recto_node_next(c))
    if (recto_node_type_of(c) == type)
      return 1;
  return 0;
}

int xw_only_breaks_follow(const recto_node *n) {
  for (n = recto_node_next(n); n; n = recto_node_next(n))
    if (recto_node_type_of(n) != RECTO_NODE_PAGE_BREAK)
      return 0;
  return 1;
}

int xw_is_bib_section(const recto_node *sec) {
  const recto_node *h = recto_node_first_child(sec);
  if (!h || recto_node_type_of(h) != RECTO_NODE_HEADING)
    return 0;
  int bibs = 0;
  for (const recto_node *c = recto_node_next(h); c; c = recto_node_next(c)) {
    recto_node_type t = recto_node_type_of(c);
    if (t == RECTO_NODE_BIBLIOGRAPHY && !bibs &&
        xw_has_child(c, RECTO_NODE_BIB_ENTRY) &&
        !xw_has_child(c, RECTO_NODE_HEADING))
      bibs = 1;
    else if (t != RECTO_NODE_PAGE_BREAK)
      return 0;
  }
  return bibs;
}

int xw_entry_structured(const recto_bib_entry *e) {
  return xw_set(e->title) || e->author || e->editor ||
         xw_set(e->container_title);
}

void xw_entry_text(recto_buf *out, recto_doc *doc, recto_style style,
                   const recto_bib_entry *e) {
  if (xw_set(e->raw)) {
    recto_buf_put_xml(out, e->raw, strlen(e->raw));
    return;
  }
  recto_buf text = RECTO_BUF_INIT;
  recto_style_format_entry(doc, style, e, &text);
  if (text.data && text.len)
    recto_buf_put_xml(out, text.data, text.len);
  else if (e->id)
    recto_buf_put_xml(out, e->id, strlen(e->id));
  recto_buf_free(&text);
}

int xw_table_has_rows(const recto_node *table) {
  for (const recto_node *c = recto_node_first_child(table); c;
       c = recto_node_next(c))
    if (recto_node_type_of(c) != RECTO_NODE_CAPTION &&
        xw_has_child(c, RECTO_NODE_ROW))
      return 1;
  return 0;
}

int xw_cite_is_syntax(const char *text) {
  for (const char *p = strchr(text, '@'); p; p = strchr(p + 1, '@')) {
    char before = p == text ? ' ' : p[-1];
    char after = p[1];
    if (strchr(" [;-", before) &&
        ((after >= 'a' && after <= 'z') || (after >= 'A' && after <= 'Z') ||
         (after >= '0' && after <= '9') || after == '_' || after == '{' ||
         (unsigned char)after >= 0x80))
      return 1;
  }
  return 0;
}

int xw_plain_inlines(const recto_node *node) {
  recto_iter *it = recto_iter_new((recto_node *)node);
  recto_event ev;
  int plain = 1;
  while (plain && (ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (n == node) /* the node itself is what asks */
      continue;
    switch (recto_node_type_of(n)) {
    case RECTO_NODE_NOTE:
    case RECTO_NODE_NOTE_REF:
    case RECTO_NODE_ANNOTATION:
    case RECTO_NODE_PAGE_BREAK:
    case RECTO_NODE_IMAGE:
    case RECTO_NODE_RAW_INLINE:
    case RECTO_NODE_CITE:
    case RECTO_NODE_MATH: /* a formula, which plain phrases cannot hold */
      plain = 0;
      break;
    default:
      break;
    }
  }
  recto_iter_free(it);
  return plain;
}

int xw_cite_styled(recto_doc *doc, recto_style style, int force,
                   const recto_node *cite, recto_buf *out,
                   const xw_mark *tags) {
  if (!force && recto_node_first_child(cite) &&
      !xw_cite_is_syntax(recto_node_plain_text(cite)))
    return 0;
  if (recto_node_first_child(cite) && !xw_plain_inlines(cite))
    return 0;
  recto_buf styled = RECTO_BUF_INIT;
  recto_style_format_cite(doc, style, cite, &styled);
  xw_cite_marks marks;
  xw_cite_marks_init(&marks, cite);
  if (styled.data)
    xw_cite_put_marked(&marks, out, styled.data, styled.len, tags, NULL,
                       NULL);
  xw_cite_marks_free(&marks);
  recto_buf_free(&styled);
  return 1;
}

static int S_formatting(recto_node_type t) {
  return t == RECTO_NODE_EMPH || t == RECTO_NODE_STRONG ||
         t == RECTO_NODE_STRIKEOUT || t == RECTO_NODE_UNDERLINE ||
         t == RECTO_NODE_SUPERSCRIPT || t == RECTO_NODE_SUBSCRIPT ||
         t == RECTO_NODE_SMALLCAPS;
}

/* Each run is looked for in the whole text: beyond this many (far more
   than any real citation holds) the rest of a hostile one stays plain,
   so that the search stays linear in the text. */
#define S_MAX_RUNS 64

void xw_cite_marks_init(xw_cite_marks *m, const recto_node *cite) {
  memset(m, 0, sizeof *m);
  /* the formatting nodes open around the walk, each with whether one is
     inside it: a run is one with none, known at its EXIT (in document
     order, since runs do not nest) */
  struct open {
    const recto_node *node;
    int outer;
  } *open = NULL;
  size_t depth = 0, open_cap = 0, cap = 0;
  recto_iter *it = recto_iter_new((recto_node *)cite);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (!S_formatting(recto_node_type_of(n)))
      continue;
    if (ev == RECTO_EVENT_ENTER) {
      if (depth)
        open[depth - 1].outer = 1;
      if (depth == open_cap) {
        open_cap = open_cap ? 2 * open_cap : 8;
        struct open *grown = realloc(open, open_cap * sizeof *open);
        if (!grown)
          break;
        open = grown;
      }
      open[depth].node = n;
      open[depth++].outer = 0;
      continue;
    }
    if (!depth || open[--depth].outer)
      continue;
    if (m->count == S_MAX_RUNS)
      break;
    if (m->count == cap) {
      cap = cap ? 2 * cap : 4;
      const recto_node **runs = realloc(m->runs, cap * sizeof *runs);
      if (!runs)
        break;
      m->runs = runs;
    }
    m->runs[m->count++] = n;
  }
  recto_iter_free(it);
  free(open);
  m->used = m->count ? calloc(m->count, 1) : NULL;
  if (!m->used)
    m->count = 0;
}

void xw_cite_marks_free(xw_cite_marks *m) {
  free(m->runs);
  free(m->used);
  memset(m, 0, sizeof *m);
}

static int S_word_byte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
         (c >= 'a' && c <= 'z') || c >= 0x80;
}

/* The first place of needle in text[from, len) as whole words. */
static const char *S_find_words(const char *text, size_t len, size_t from,
                                const char *needle, size_t nlen) {
  for (size_t i = from; nlen && i + nlen <= len; i++) {
    if (memcmp(text + i, needle, nlen) != 0)
      continue;
    int before = i > 0 && S_word_byte((unsigned char)text[i - 1]) &&
                 S_word_byte((unsigned char)needle[0]);
    int after = i + nlen < len &&
                S_word_byte((unsigned char)text[i + nlen]) &&
                S_word_byte((unsigned char)needle[nlen - 1]);
    if (!before && !after)
      return text + i;
  }
  return NULL;
}

static void S_put(recto_buf *out, const char *s, size_t len,
                  void (*put)(recto_buf *, const char *, size_t, void *),
                  void *user) {
  if (put)
    put(out, s, len, user);
  else
    recto_buf_put_xml(out, s, len);
}

/* The tags of run's formatting nodes, from the outermost within cite. */
static void S_marks(recto_buf *out, const recto_node *run,
                    const xw_mark *tags, int close) {
  const recto_node *chain[16];
  size_t n = 0;
  for (const recto_node *p = run; p && n < 16 &&
                                  S_formatting(recto_node_type_of(p));
       p = recto_node_parent(p))
    chain[n++] = p;
  for (size_t k = 0; k < n; k++) {
    recto_node_type t = recto_node_type_of(chain[close ? k : n - 1 - k]);
    for (const xw_mark *m = tags; m->type != RECTO_NODE_NONE; m++)
      if (m->type == t) {
        recto_buf_puts(out, close ? m->close : m->open);
        break;
      }
  }
}

void xw_cite_put_marked(xw_cite_marks *m, recto_buf *out, const char *text,
                        size_t len, const xw_mark *tags,
                        void (*put)(recto_buf *, const char *, size_t, void *),
                        void *user) {
  size_t at = 0;
  for (size_t k = 0; k < m->count; k++) {
    if (m->used[k])
      continue;
    const char *words = recto_node_plain_text(m->runs[k]);
    size_t wlen = strlen(words);
    while (wlen && words[wlen - 1] == ' ')
      wlen--;
    while (wlen && *words == ' ')
      words++, wlen--;
    const char *hit = S_find_words(text, len, at, words, wlen);
    if (!hit)
      continue;
    m->used[k] = 1;
    size_t pos = (size_t)(hit - text);
    S_put(out, text + at, pos - at, put, user);
    S_marks(out, m->runs[k], tags, 0);
    S_put(out, hit, wlen, put, user);
    S_marks(out, m->runs[k], tags, 1);
    at = pos + wlen;
  }
  S_put(out, text + at, len - at, put, user);
}

void xw_raw_skipped(recto_context *ctx, const char *writer,
                    const recto_node *n) {
  if (recto_node_has_class(n, XW_RAW_READ))
    return; /* what it holds is in the document beside it */
  recto_pos pos = recto_node_pos(n);
  const char *f = recto_node_info(n);
  char code[64];
  snprintf(code, sizeof code, "%s.raw-skipped", writer);
  recto_diag_emit(ctx, RECTO_DIAG_WARNING, code, &pos,
                  "raw %s content left out of the %s output",
                  f && *f ? f : "(unnamed format)", writer);
}

void xw_flatten_leaf(recto_buf *out, recto_context *ctx, const char *writer,
                     const recto_node *n, const char *entry_id,
                     recto_doc *doc, recto_style style) {
  if (recto_node_prev(n))
    recto_buf_putc(out, ' ');
  switch (recto_node_type_of(n)) {
  case RECTO_NODE_CODE_BLOCK:
    recto_buf_puts(out, "<code>");
    recto_buf_put_xml(out, recto_node_text(n), recto_node_text_len(n));
    recto_buf_puts(out, "</code>");
    break;
  case RECTO_NODE_TABLE_FLAT:
    recto_buf_put_xml(out, recto_node_text(n), recto_node_text_len(n));
    break;
  case RECTO_NODE_RAW_BLOCK:
    xw_raw_skipped(ctx, writer, n);
    break;
  case RECTO_NODE_BIB_ENTRY:
    if (entry_id) {
      recto_buf_puts(out, "<anchor xml:id=\"");
      recto_buf_put_xml(out, entry_id, strlen(entry_id));
      recto_buf_puts(out, "\"/>");
    }
    if (recto_node_bib_entry(n)) {
      recto_buf text = RECTO_BUF_INIT;
      recto_style_format_entry(doc, style, recto_node_bib_entry(n), &text);
      if (text.data)
        recto_buf_put_xml(out, text.data, text.len);
      recto_buf_free(&text);
    }
    break;
  default:
    break;
  }
}

void xw_walk(xw_walker *wk, recto_node *node) {
  recto_iter *saved = wk->iter;
  wk->iter = recto_iter_new(node);
  recto_event ev;
  while ((ev = recto_iter_next(wk->iter)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(wk->iter);
    if (ev == RECTO_EVENT_EXIT)
      wk->exit(wk->user, n);
    else if (recto_node_is_leaf(recto_node_type_of(n)))
      wk->leaf(wk->user, n);
    else
      wk->enter(wk->user, n);
  }
  recto_iter_free(wk->iter);
  wk->iter = saved;
}
