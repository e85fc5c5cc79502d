/* package.c: the container file, the package document (metadata with
   EPUB Accessibility properties, manifest, spine) and the navigation
   document (toc, landmarks, page-list). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "epub.h"

static void S_text(recto_buf *out, const char *s) {
  recto_buf_put_xml(out, s, strlen(s));
}

/* Character data (attribute values use S_text). */
static void S_chars(recto_buf *out, const char *s) {
  epub_put_xml_text(out, s, strlen(s));
}

static void S_elem(recto_buf *out, const char *name, const char *text) {
  recto_buf_printf(out, "    <%s>", name);
  S_chars(out, text);
  recto_buf_printf(out, "</%s>\n", name);
}

static void S_meta(recto_buf *out, const char *property, const char *value) {
  recto_buf_printf(out, "    <meta property=\"%s\">", property);
  S_chars(out, value);
  recto_buf_puts(out, "</meta>\n");
}

void epub_write_container_xml(recto_buf *out) {
  recto_buf_puts(
      out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<container version=\"1.0\" "
           "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
           "  <rootfiles>\n"
           "    <rootfile full-path=\"EPUB/content.opf\" "
           "media-type=\"application/oebps-package+xml\"/>\n"
           "  </rootfiles>\n"
           "</container>\n");
}

static void S_author_value(epub_writer *w, recto_meta *m, epub_vec *names) {
  const char *s = NULL;
  if (recto_meta_kind_of(m) == RECTO_META_MAP) {
    recto_meta *name = recto_meta_get(m, "name");
    if (!name)
      name = recto_meta_get(m, "literal");
    s = name ? recto_meta_string(name) : NULL;
  } else {
    s = recto_meta_string(m);
  }
  if (s && *s)
    epub_vec_push(names, (void *)recto_strdup(w->doc, s));
}

void epub_authors(epub_writer *w, epub_vec *names) {
  recto_meta *m = recto_meta_get(recto_doc_meta(w->doc), "author");
  if (!m)
    return;
  if (recto_meta_kind_of(m) == RECTO_META_LIST) {
    for (size_t k = 0; k < recto_meta_count(m); k++)
      S_author_value(w, recto_meta_at(m, k, NULL), names);
  } else {
    S_author_value(w, m, names);
  }
}

/* A language tag as BCP 47 allows it (letters, digits, hyphens). */
static int S_lang_ok(const char *s) {
  if (!s || !*s || strlen(s) > 35)
    return 0;
  for (const char *p = s; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
          (*p >= '0' && *p <= '9') || *p == '-'))
      return 0;
  return 1;
}

static void S_languages(epub_writer *w, recto_buf *out) {
  size_t n;
  const recto_lang_share *shares = epub_languages(w, &n);
  const char *seen[sizeof w->langs / sizeof *w->langs + 1];
  size_t count = 0;
  if (w->lang && S_lang_ok(w->lang))
    seen[count++] = w->lang;
  for (size_t k = 0; k < n; k++) {
    const char *l = shares[k].lang;
    if (!S_lang_ok(l) || shares[k].chars == 0 || strcasecmp(l, "und") == 0)
      continue;
    int dup = 0;
    for (size_t j = 0; j < count; j++)
      if (strcasecmp(seen[j], l) == 0)
        dup = 1;
    if (!dup)
      seen[count++] = l;
  }
  if (!count)
    seen[count++] = "und";
  for (size_t k = 0; k < count; k++)
    S_elem(out, "dc:language", seen[k]);
}

/* A date in the form EPUB asks for (W3CDTF: YYYY, YYYY-MM, YYYY-MM-DD). */
static int S_date_ok(const char *s) {
  size_t n = strlen(s);
  if (n != 4 && n != 7 && n != 10)
    return 0;
  for (size_t k = 0; k < n; k++) {
    int dash = k == 4 || k == 7;
    if (dash ? s[k] != '-' : (s[k] < '0' || s[k] > '9'))
      return 0;
  }
  return 1;
}

static const char *S_source(epub_writer *w) {
  const char *s = recto_doc_meta_string(w->doc, "source");
  if (s && *s)
    return s;
  s = recto_doc_source(w->doc, "file");
  if (s && *s && strcmp(s, "-") != 0) {
    const char *slash = strrchr(s, '/');
    return slash ? slash + 1 : s;
  }
  return w->title;
}

static void S_accessibility(epub_writer *w, recto_buf *out) {
  int pages = w->pages.len > 0;
  S_meta(out, "schema:accessMode", "textual");
  if (w->has_images)
    S_meta(out, "schema:accessMode", "visual");
  S_meta(out, "schema:accessModeSufficient", "textual");
  S_meta(out, "schema:accessibilityFeature", "structuralNavigation");
  S_meta(out, "schema:accessibilityFeature", "tableOfContents");
  S_meta(out, "schema:accessibilityFeature", "readingOrder");
  if (w->has_images)
    S_meta(out, "schema:accessibilityFeature", "alternativeText");
  if (pages) {
    S_meta(out, "schema:accessibilityFeature", "printPageNumbers");
    S_meta(out, "schema:accessibilityFeature", "pageBreakMarkers");
    S_meta(out, "schema:accessibilityFeature", "pageNavigation");
  }
  S_meta(out, "schema:accessibilityHazard", "none");
  recto_buf sum = RECTO_BUF_INIT;
  recto_buf_puts(&sum, "Reflowable text with headed sections and a table of "
                       "contents; the reading order follows the source");
  if (w->note_count)
    recto_buf_puts(&sum, "; notes are linked from their markers and back");
  if (w->entries.len)
    recto_buf_puts(&sum, "; citations link to the bibliography");
  if (pages)
    recto_buf_puts(&sum, "; page breaks of the print source are marked and "
                         "listed in a page list");
  if (w->has_images)
    recto_buf_puts(&sum, "; images carry the alternative text of the source");
  recto_buf_puts(&sum, ".");
  S_meta(out, "schema:accessibilitySummary", sum.data);
  recto_buf_free(&sum);
}

static void S_item(recto_buf *out, const char *id, const char *href,
                   const char *type, const char *props) {
  recto_buf_printf(out, "    <item id=\"%s\" href=\"%s\" media-type=\"%s\"",
                   id, href, type);
  if (props)
    recto_buf_printf(out, " properties=\"%s\"", props);
  recto_buf_puts(out, "/>\n");
}

void epub_write_opf(epub_writer *w, recto_buf *out, const char *identifier,
                    const char *modified) {
  recto_doc *doc = w->doc;
  recto_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<package xmlns=\"http://www.idpf.org/2007/opf\" "
                      "version=\"3.0\" unique-identifier=\"pub-id\"");
  if (w->lang) {
    recto_buf_puts(out, " xml:lang=\"");
    S_text(out, w->lang);
    recto_buf_putc(out, '"');
  }
  recto_buf_printf(out, " dir=\"%s\">\n",
                   w->dir == RECTO_DIR_RTL ? "rtl" : "ltr");
  recto_buf_puts(out, "  <metadata "
                      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
  epub_write_identifiers(w, out, identifier);
  S_elem(out, "dc:title", w->title);
  epub_write_people(w, out);
  S_languages(w, out);
  const char *date = recto_doc_meta_string(doc, "date");
  if (date && S_date_ok(date))
    S_elem(out, "dc:date", date);
  static const char *const simple[][2] = {{"publisher", "dc:publisher"},
                                          {"rights", "dc:rights"},
                                          {"description", "dc:description"},
                                          {"abstract", "dc:description"}};
  for (size_t k = 0; k < sizeof simple / sizeof *simple; k++) {
    const char *v = recto_doc_meta_string(doc, simple[k][0]);
    if (v && *v)
      S_elem(out, simple[k][1], v);
  }
  static const char *const subjects[] = {"keywords", "subject"};
  for (size_t j = 0; j < 2; j++) {
    recto_meta *kw = recto_meta_get(recto_doc_meta(doc), subjects[j]);
    size_t n = !kw ? 0 : recto_meta_kind_of(kw) == RECTO_META_LIST
                             ? recto_meta_count(kw)
                             : j; /* pandoc's subject may be one string */
    for (size_t k = 0; k < n; k++) {
      const char *v = recto_meta_string(
          recto_meta_kind_of(kw) == RECTO_META_LIST ? recto_meta_at(kw, k, NULL)
                                                    : kw);
      if (v && *v)
        S_elem(out, "dc:subject", v);
    }
  }
  epub_write_collection(w, out);
  if (w->pages.len) {
    /* The page numbers are those of the source: say which one. */
    recto_buf_puts(out, "    <dc:source id=\"pagination-source\">");
    S_chars(out, S_source(w));
    recto_buf_puts(out, "</dc:source>\n    <meta "
                        "refines=\"#pagination-source\" "
                        "property=\"source-of\">pagination</meta>\n");
  }
  S_meta(out, "dcterms:modified", modified);
  S_accessibility(w, out);
  recto_buf_puts(out, "  </metadata>\n  <manifest>\n");
  S_item(out, "nav", "nav.xhtml", "application/xhtml+xml", "nav");
  char id[32], href[48];
  if (!w->styles.len)
    S_item(out, "css", "styles/recto.css", "text/css", NULL);
  epub_vec *assets[] = {&w->styles, &w->fonts};
  for (size_t j = 0; j < 2; j++)
    for (size_t k = 0; k < assets[j]->len; k++) {
      epub_image *a = assets[j]->items[k];
      snprintf(id, sizeof id, "%s%zu", j ? "font" : "css", k + 1);
      S_item(out, id, a->href, a->media_type, NULL);
    }
  if (w->cover) {
    S_item(out, "cover", "text/cover.xhtml", "application/xhtml+xml", NULL);
    S_item(out, "cover-image", w->cover->href, w->cover->media_type,
           "cover-image");
  }
  for (size_t k = 0; k < w->chunks.len; k++) {
    epub_chunk *c = w->chunks.items[k];
    snprintf(id, sizeof id, "ch%03zu", k + 1);
    snprintf(href, sizeof href, "text/%s", c->name);
    S_item(out, id, href, "application/xhtml+xml", NULL);
  }
  if (w->has_notes_file)
    S_item(out, "notes", "text/notes.xhtml", "application/xhtml+xml", NULL);
  if (w->entries.len)
    S_item(out, "bibliography", "text/bibliography.xhtml",
           "application/xhtml+xml", NULL);
  for (size_t k = 0; k < w->images.len; k++) {
    epub_image *img = w->images.items[k];
    snprintf(id, sizeof id, "img%03zu", k + 1);
    S_item(out, id, img->href, img->media_type, NULL);
  }
  recto_buf_printf(out, "  </manifest>\n  <spine "
                        "page-progression-direction=\"%s\">\n",
                   w->dir == RECTO_DIR_RTL ? "rtl" : "ltr");
  /* The contents page follows the title page, as in print; being in the
     spine also lets the landmarks point at it. */
  size_t nav_at = w->chunks.len &&
                          ((epub_chunk *)w->chunks.items[0])->title_page
                      ? 1
                      : 0;
  if (w->cover)
    recto_buf_puts(out, "    <itemref idref=\"cover\"/>\n");
  for (size_t k = 0; k <= w->chunks.len; k++) {
    if (k == nav_at)
      recto_buf_puts(out, "    <itemref idref=\"nav\"/>\n");
    if (k < w->chunks.len)
      recto_buf_printf(out, "    <itemref idref=\"ch%03zu\"/>\n", k + 1);
  }
  if (w->has_notes_file)
    recto_buf_puts(out, "    <itemref idref=\"notes\"/>\n");
  if (w->entries.len)
    recto_buf_puts(out, "    <itemref idref=\"bibliography\"/>\n");
  recto_buf_puts(out, "  </spine>\n</package>\n");
}

/* ---- navigation ---- */

static void S_nav_link(epub_writer *w, recto_buf *out, int file,
                       const char *id, const char *label, const char *type) {
  recto_buf_puts(out, "<a");
  if (type)
    recto_buf_printf(out, " epub:type=\"%s\"", type);
  recto_buf_puts(out, " href=\"text/");
  S_text(out, epub_file_name(w, file));
  if (id) {
    recto_buf_putc(out, '#');
    S_text(out, id);
  }
  recto_buf_putc(out, '"');
  recto_dir d = epub_text_dir(label, strlen(label));
  if (d != RECTO_DIR_UNSET && d != w->dir)
    recto_buf_puts(out, d == RECTO_DIR_RTL ? " dir=\"rtl\"" : " dir=\"ltr\"");
  recto_buf_putc(out, '>');
  epub_put_text(out, label, strlen(label), d != RECTO_DIR_UNSET ? d : w->dir);
  recto_buf_puts(out, "</a>");
}

/* Nested lists from the flat entries; a level that jumps by more than
   one is nested one level only, so that every list sits in an item with
   a label. */
static void S_toc(epub_writer *w, recto_buf *out, epub_vec *entries) {
  int cur = 0;
  for (size_t k = 0; k < entries->len; k++) {
    epub_toc_entry *e = entries->items[k];
    int d = e->depth < 1 ? 1 : e->depth;
    if (d > cur + 1)
      d = cur + 1;
    if (d > cur) {
      recto_buf_puts(out, "\n<ol>");
      cur = d;
    } else {
      recto_buf_puts(out, "</li>");
      for (; cur > d; cur--)
        recto_buf_puts(out, "\n</ol></li>");
    }
    recto_buf_puts(out, "\n<li>");
    S_nav_link(w, out, e->file, e->id, e->label ? e->label : w->title, NULL);
  }
  recto_buf_puts(out, "</li>");
  for (; cur > 1; cur--)
    recto_buf_puts(out, "\n</ol></li>");
  recto_buf_puts(out, "\n</ol>");
}

void epub_write_nav(epub_writer *w, recto_buf *out) {
  const char *contents = epub_word_for(w->lang, EPUB_W_CONTENTS);
  epub_file_head(w, out, contents, "");
  epub_vec entries = {0};
  for (size_t k = 0; k < w->toc.len; k++)
    if (((epub_toc_entry *)w->toc.items[k])->depth <= w->toc_depth)
      epub_vec_push(&entries, w->toc.items[k]);
  epub_toc_entry notes = {1, EPUB_FILE_NOTES, NULL,
                          epub_word_for(w->lang, EPUB_W_NOTES)};
  epub_toc_entry bib = {1, EPUB_FILE_BIB, NULL, NULL};
  bib.label = w->bib_heading ? recto_node_plain_text(w->bib_heading) : NULL;
  if (!bib.label || !*bib.label)
    bib.label = epub_word_for(w->lang, EPUB_W_REFERENCES);
  if (w->has_notes_file)
    epub_vec_push(&entries, &notes);
  if (w->entries.len)
    epub_vec_push(&entries, &bib);
  epub_toc_entry start = {1, 0, NULL, w->title};
  if (!entries.len)
    epub_vec_push(&entries, &start);
  recto_buf_puts(out, "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\">\n"
                      "<h1>");
  S_chars(out, contents);
  recto_buf_puts(out, "</h1>");
  S_toc(w, out, &entries);
  epub_vec_free(&entries);
  recto_buf_puts(out, "\n</nav>\n");

  /* landmarks: the contents, where the body starts, the bibliography */
  int body = 0;
  for (size_t k = 0; k < w->chunks.len; k++)
    if (((epub_chunk *)w->chunks.items[k])->kind == EPUB_CHUNK_SECTION) {
      body = (int)k;
      break;
    }
  recto_buf_puts(out, "<nav epub:type=\"landmarks\" id=\"landmarks\" "
                      "hidden=\"hidden\">\n<h2>");
  S_chars(out, epub_word_for(w->lang, EPUB_W_LANDMARKS));
  recto_buf_puts(out, "</h2>\n<ol>\n");
  if (w->cover) {
    recto_buf_puts(out, "<li><a epub:type=\"cover\" "
                        "href=\"text/cover.xhtml\">");
    S_chars(out, epub_word_for(w->lang, EPUB_W_COVER));
    recto_buf_puts(out, "</a></li>\n");
  }
  recto_buf_puts(out, "<li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">");
  S_chars(out, contents);
  recto_buf_puts(out, "</a></li>\n<li>");
  S_nav_link(w, out, body, NULL, epub_word_for(w->lang, EPUB_W_START),
             "bodymatter");
  recto_buf_puts(out, "</li>\n");
  if (w->entries.len) {
    recto_buf_puts(out, "<li>");
    S_nav_link(w, out, EPUB_FILE_BIB, NULL, bib.label, "bibliography");
    recto_buf_puts(out, "</li>\n");
  }
  recto_buf_puts(out, "</ol>\n</nav>\n");

  if (w->pages.len) {
    recto_buf_puts(out, "<nav epub:type=\"page-list\" role=\"doc-pagelist\" "
                        "id=\"page-list\" hidden=\"hidden\">\n<h2>");
    S_chars(out, epub_word_for(w->lang, EPUB_W_PAGES));
    recto_buf_puts(out, "</h2>\n<ol>");
    /* Spine order: the content files (scanned in order), then the notes,
       then the bibliography, whose page breaks were met on the way. */
    static const int last[] = {0, EPUB_FILE_NOTES, EPUB_FILE_BIB};
    for (size_t pass = 0; pass < 3; pass++)
      for (size_t k = 0; k < w->pages.len; k++) {
        epub_page *p = w->pages.items[k];
        if (pass ? p->file != last[pass] : p->file < 0)
          continue;
        recto_buf_puts(out, "\n<li>");
        S_nav_link(w, out, p->file, p->id, p->label, NULL);
        recto_buf_puts(out, "</li>");
      }
    recto_buf_puts(out, "\n</ol>\n</nav>");
  }
  epub_file_tail(out);
}
