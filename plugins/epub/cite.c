/* cite.c: citations as links (doc-biblioref) to the entries of
   bibliography.xhtml (doc-bibliography), each entry linking back to its
   first citation.  The text of both comes from the shared citation style,
   so every output format shows the same words. */
#include <stdlib.h>
#include <string.h>

#include "epub.h"
#include "xmlmodel.h"

static void S_plan_entry(epub_writer *w, recto_bib_entry *e) {
  if (!e || epub_map_get(&w->entry_ids, e))
    return;
  const char *key = e->id && *e->id ? e->id : "entry";
  const char *id = epub_unique_id(w, recto_bib_xml_id(w->doc, key));
  epub_map_set(&w->entry_ids, e, (void *)id);
  epub_vec_push(&w->entries, e);
  /* A link written "#ref-key" in the source reaches the entry too. */
  epub_info *info = recto_alloc(w->doc, sizeof *info);
  info->id = id;
  info->file = EPUB_FILE_BIB;
  if (!epub_map_get(&w->user_ids, id))
    epub_map_set(&w->user_ids, id, info);
}

/* The entries of the first bibliography in the style's order, then those
   of any other bibliography (in a note, a list, a table...) in document
   order: bibliography.xhtml lists them all, so none is lost. */
void epub_plan_bibliography(epub_writer *w) {
  size_t count = 0;
  recto_bib_entry **sorted =
      recto_style_sorted_entries(w->doc, w->style, &count);
  for (size_t k = 0; k < count; k++)
    S_plan_entry(w, sorted[k]);
  recto_iter *it = recto_iter_new(recto_doc_root(w->doc));
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev == RECTO_EVENT_ENTER &&
        recto_node_type_of(n) == RECTO_NODE_BIB_ENTRY)
      S_plan_entry(w, recto_node_bib_entry(n));
  }
  recto_iter_free(it);
}

recto_bib_entry *epub_item_entry(epub_writer *w, const recto_cite_item *it) {
  if (!it)
    return NULL;
  recto_bib_entry *e = it->entry;
  if (!e && it->key && *it->key)
    e = recto_doc_find_entry(w->doc, it->key);
  return e && epub_map_get(&w->entry_ids, e) ? e : NULL;
}

static void S_open_link(epub_render *r, const recto_bib_entry *e,
                        const char *id) {
  recto_buf *out = r->out;
  recto_buf_puts(out, "<a epub:type=\"biblioref\" role=\"doc-biblioref\"");
  if (id) {
    recto_buf_puts(out, " id=\"");
    recto_buf_put_xml(out, id, strlen(id));
    recto_buf_putc(out, '"');
  }
  epub_put_href(r, EPUB_FILE_BIB, epub_map_get(&r->w->entry_ids, e));
  recto_buf_putc(out, '>');
}

/* The text of one item alone, without the brackets of the style
   ("(Umarov 2022, 33)" -> "Umarov 2022, 33"). */
static void S_item_text(epub_render *r, const recto_cite_item *src,
                        recto_buf *out, char *open, char *close) {
  recto_node *tmp = recto_node_new(r->w->doc, RECTO_NODE_CITE);
  recto_cite_item *it = recto_cite_add_item(tmp);
  it->key = src->key;
  it->prefix = src->prefix;
  it->suffix = src->suffix;
  it->locator = src->locator;
  it->label = src->label;
  it->mode = src->mode;
  it->entry = src->entry;
  recto_style_format_cite(r->w->doc, r->w->style, tmp, out);
  *open = *close = 0;
  if (out->len >= 2 && (out->data[0] == '(' || out->data[0] == '[') &&
      out->data[out->len - 1] == (out->data[0] == '(' ? ')' : ']')) {
    *open = out->data[0];
    *close = out->data[out->len - 1];
    memmove(out->data, out->data + 1, out->len - 2);
    recto_buf_truncate(out, out->len - 2);
  }
}

/* Formatting put back into a citation's styled text (xw_cite_marks):
   the elements the inline walk writes for the same kinds. */
static const xw_mark S_cite_marks[] = {
    {RECTO_NODE_EMPH, "<em>", "</em>"},
    {RECTO_NODE_STRONG, "<strong>", "</strong>"},
    {RECTO_NODE_STRIKEOUT, "<del>", "</del>"},
    {RECTO_NODE_UNDERLINE, "<u>", "</u>"},
    {RECTO_NODE_SMALLCAPS, "<span class=\"smallcaps\">", "</span>"},
    {RECTO_NODE_SUPERSCRIPT, "<sup>", "</sup>"},
    {RECTO_NODE_SUBSCRIPT, "<sub>", "</sub>"},
    {RECTO_NODE_NONE, NULL, NULL}};

static void S_put_dir_text(recto_buf *out, const char *s, size_t len,
                           void *dir) {
  epub_put_text(out, s, len, *(recto_dir *)dir);
}

/* The styled text of a citation (or of one of its items), with the
   formatting of its source. */
static void S_put_cite_text(xw_cite_marks *marks, recto_buf *out,
                            const char *s, size_t len, recto_dir dir) {
  xw_cite_put_marked(marks, out, s ? s : "", len, S_cite_marks,
                     S_put_dir_text, &dir);
}

/* Several items: one link per item when the style's text is the items'
   texts joined (which it is for the two styles); returns 0 otherwise. */
static int S_cite_items(epub_render *r, const recto_node *cite,
                        const char *full, recto_dir dir,
                        xw_cite_marks *marks) {
  size_t count = recto_cite_count(cite);
  recto_buf *parts = calloc(count, sizeof *parts);
  char open = 0, close = 0;
  int ok = parts != NULL;
  for (size_t k = 0; ok && k < count; k++) {
    char o, c;
    S_item_text(r, recto_cite_item_at((recto_node *)cite, k), &parts[k], &o,
                &c);
    if (k == 0) {
      open = o;
      close = c;
    } else if (o != open || c != close) {
      ok = 0;
    }
  }
  const char *sep = NULL;
  for (int s = 0; ok && s < 2 && !sep; s++) {
    const char *try = s == 0 ? "; " : ", ";
    recto_buf joined = RECTO_BUF_INIT;
    if (open)
      recto_buf_putc(&joined, open);
    for (size_t k = 0; k < count; k++) {
      if (k)
        recto_buf_puts(&joined, try);
      recto_buf_put(&joined, parts[k].data ? parts[k].data : "", parts[k].len);
    }
    if (close)
      recto_buf_putc(&joined, close);
    if (joined.data && strcmp(joined.data, full) == 0)
      sep = try;
    recto_buf_free(&joined);
  }
  if (sep) {
    recto_buf *out = r->out;
    if (open)
      recto_buf_putc(out, open);
    for (size_t k = 0; k < count; k++) {
      if (k)
        recto_buf_puts(out, sep);
      recto_bib_entry *e =
          epub_item_entry(r->w, recto_cite_item_at((recto_node *)cite, k));
      if (e)
        S_open_link(r, e, NULL);
      S_put_cite_text(marks, out, parts[k].data, parts[k].len, dir);
      if (e)
        recto_buf_puts(out, "</a>");
    }
    if (close)
      recto_buf_putc(out, close);
  }
  for (size_t k = 0; parts && k < count; k++)
    recto_buf_free(&parts[k]);
  free(parts);
  return sep != NULL;
}

void epub_cite(epub_render *r, const recto_node *cite) {
  epub_writer *w = r->w;
  const epub_info *info = epub_map_get(&w->info, cite);
  const char *id = info ? info->id : NULL;
  recto_buf text = RECTO_BUF_INIT;
  recto_style_format_cite(w->doc, w->style, cite, &text);
  if (!text.data)
    recto_buf_puts(&text, recto_node_plain_text(cite));
  size_t count = recto_cite_count(cite);
  recto_bib_entry *first = NULL;
  size_t linked = 0;
  for (size_t k = 0; k < count; k++) {
    recto_bib_entry *e =
        epub_item_entry(w, recto_cite_item_at((recto_node *)cite, k));
    if (e) {
      linked++;
      if (!first)
        first = e;
    }
  }
  /* The citation's own direction: "(Umarov 2022)" in Persian prose. */
  recto_dir dir = epub_text_dir(text.data, text.len);
  const char *dir_attr = NULL;
  if (dir != RECTO_DIR_UNSET && dir != r->dir)
    dir_attr = dir == RECTO_DIR_RTL ? " dir=\"rtl\"" : " dir=\"ltr\"";
  else
    dir = r->dir;
  recto_buf *out = r->out;
  xw_cite_marks marks;
  xw_cite_marks_init(&marks, cite);
  if (first && count == 1 && !r->link_depth) {
    S_open_link(r, first, id);
    if (dir_attr) { /* put the direction inside the tag just written */
      recto_buf_truncate(out, out->len - 1);
      recto_buf_puts(out, dir_attr);
      recto_buf_putc(out, '>');
    }
    S_put_cite_text(&marks, out, text.data, text.len, dir);
    recto_buf_puts(out, "</a>");
  } else {
    recto_buf_puts(out, "<span class=\"citation\"");
    if (id) {
      recto_buf_puts(out, " id=\"");
      recto_buf_put_xml(out, id, strlen(id));
      recto_buf_putc(out, '"');
    }
    if (dir_attr)
      recto_buf_puts(out, dir_attr);
    recto_buf_putc(out, '>');
    if (!linked || r->link_depth ||
        !S_cite_items(r, cite, text.data, dir, &marks)) {
      if (linked && !r->link_depth) {
        S_open_link(r, first, NULL);
        S_put_cite_text(&marks, out, text.data, text.len, dir);
        recto_buf_puts(out, "</a>");
      } else {
        S_put_cite_text(&marks, out, text.data, text.len, dir);
      }
    }
    recto_buf_puts(out, "</span>");
  }
  xw_cite_marks_free(&marks);
  recto_buf_free(&text);
}

void epub_render_bibliography(epub_writer *w, recto_buf *out) {
  const char *title = w->bib_heading ? recto_node_plain_text(w->bib_heading)
                                     : NULL;
  if (!title || !*title)
    title = epub_word_for(w->lang, EPUB_W_REFERENCES);
  epub_render r;
  epub_vec none = {0};
  epub_render_init(&r, w, out, EPUB_FILE_BIB, &none);
  epub_file_head(w, out, title, "../");
  recto_buf_puts(out, "<section epub:type=\"bibliography\" "
                      "role=\"doc-bibliography\" id=\"");
  const char *id = w->bib_id ? w->bib_id : "bibliography";
  recto_buf_put_xml(out, id, strlen(id));
  recto_buf_puts(out, "\">\n<h1");
  if (w->bib_heading_id) {
    recto_buf_puts(out, " id=\"");
    recto_buf_put_xml(out, w->bib_heading_id, strlen(w->bib_heading_id));
    recto_buf_putc(out, '"');
  }
  recto_buf_putc(out, '>');
  epub_put_text(out, title, strlen(title), w->dir);
  recto_buf_puts(out, "</h1>\n");
  const char *list = w->style == RECTO_STYLE_NUMERIC ? "ol" : "ul";
  recto_buf_printf(out, "<%s class=\"references\">\n", list);
  recto_buf text = RECTO_BUF_INIT;
  for (size_t k = 0; k < w->entries.len; k++) {
    recto_bib_entry *e = w->entries.items[k];
    recto_buf_clear(&text);
    recto_style_format_entry(w->doc, w->style, e, &text);
    recto_buf_puts(out, "<li class=\"biblioentry\" id=\"");
    const char *eid = epub_map_get(&w->entry_ids, e);
    recto_buf_put_xml(out, eid, strlen(eid));
    recto_buf_putc(out, '"');
    recto_dir dir = e->dir == RECTO_DIR_LTR || e->dir == RECTO_DIR_RTL
                        ? e->dir
                        : RECTO_DIR_UNSET;
    if (e->language && *e->language) {
      recto_buf_puts(out, " lang=\"");
      recto_buf_put_xml(out, e->language, strlen(e->language));
      recto_buf_puts(out, "\" xml:lang=\"");
      recto_buf_put_xml(out, e->language, strlen(e->language));
      recto_buf_putc(out, '"');
      if (dir == RECTO_DIR_UNSET)
        dir = epub_lang_dir(e->language);
    }
    if (dir == RECTO_DIR_UNSET)
      dir = epub_text_dir(text.data, text.len);
    if (dir == RECTO_DIR_UNSET)
      dir = w->dir;
    if (dir != w->dir)
      recto_buf_puts(out, dir == RECTO_DIR_RTL ? " dir=\"rtl\""
                                               : " dir=\"ltr\"");
    recto_buf_putc(out, '>');
    for (epub_bib_pages *p = epub_map_get(&w->entry_pages, e); p; p = p->next)
      epub_page_marker(&r, p->page);
    epub_put_text(out, text.data ? text.data : "", text.len, dir);
    const epub_info *cite = epub_map_get(&w->first_cite, e);
    if (cite && cite->id) {
      recto_buf_puts(out, " <a role=\"doc-backlink\" class=\"backlink\"");
      epub_put_href(&r, cite->file, cite->id);
      recto_buf_puts(out, " title=\"");
      recto_buf_puts(out, epub_word_for(w->lang, EPUB_W_BACK));
      recto_buf_puts(out, "\">↩</a>");
    }
    recto_buf_puts(out, "</li>\n");
  }
  recto_buf_free(&text);
  recto_buf_printf(out, "</%s>\n", list);
  for (epub_bib_pages *p = w->bib_pages; p; p = p->next)
    epub_page_marker(&r, p->page);
  recto_buf_puts(out, "</section>");
  epub_file_tail(out);
  epub_render_free(&r);
}
