/* epub_test.c: the EPUB writer on documents built with the node API.

     epub_test write DIR   write every fixture to DIR/<name>.epub
     epub_test check [GROUP...]
                           the writer's promises, checked in the bytes;
                           groups: container (layout, reproducibility),
                           rtl, notes (and citations, links), pages,
                           nesting (notes, pages, entries where they
                           nest unusually), deep (input depth and size). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

#include <zip.h>

#include "fixtures.h"

static int S_failures;

#define CHECK(cond, ...)                                                     \
  do {                                                                       \
    if (!(cond)) {                                                           \
      S_failures++;                                                          \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                   \
      fprintf(stderr, __VA_ARGS__);                                          \
      fputc('\n', stderr);                                                   \
    }                                                                        \
  } while (0)

static const fx_fixture *S_fixture(const char *name) {
  for (const fx_fixture *f = fx_fixtures; f->name; f++)
    if (strcmp(f->name, name) == 0)
      return f;
  return NULL;
}

static char S_scratch[4096];

static const char *S_dir(void) {
  if (!S_scratch[0]) {
    const char *tmp = getenv("TMPDIR");
    snprintf(S_scratch, sizeof S_scratch, "%s/recto-epub-XXXXXX",
             tmp ? tmp : "/tmp");
    if (!mkdtemp(S_scratch)) {
      perror("mkdtemp");
      exit(1);
    }
  }
  return S_scratch;
}

/* ---- reading the archive back ---- */

typedef struct S_epub {
  zip_t *za;
  zip_source_t *src;
} S_epub;

static int S_open(S_epub *e, const recto_buf *b) {
  zip_error_t err;
  zip_error_init(&err);
  e->src = zip_source_buffer_create(b->data, b->len, 0, &err);
  e->za = e->src ? zip_open_from_source(e->src, ZIP_RDONLY | ZIP_CHECKCONS,
                                        &err)
                 : NULL;
  zip_error_fini(&err);
  if (!e->za && e->src)
    zip_source_free(e->src);
  return e->za != NULL;
}

static void S_close(S_epub *e) {
  if (e->za)
    zip_discard(e->za);
}

/* The entry's text (malloc'd, NUL-terminated), or NULL. */
static char *S_entry(S_epub *e, const char *name) {
  zip_stat_t st;
  if (zip_stat(e->za, name, 0, &st) != 0)
    return NULL;
  zip_file_t *f = zip_fopen(e->za, name, 0);
  if (!f)
    return NULL;
  char *data = malloc(st.size + 1);
  zip_int64_t n = zip_fread(f, data, st.size);
  zip_fclose(f);
  if (n < 0 || (zip_uint64_t)n != st.size) {
    free(data);
    return NULL;
  }
  data[st.size] = 0;
  return data;
}

static int S_has(const char *text, const char *needle) {
  return text && strstr(text, needle) != NULL;
}

static size_t S_occurrences(const char *text, const char *needle) {
  size_t n = 0;
  for (const char *p = text; p && (p = strstr(p, needle)); p++)
    n++;
  return n;
}

static recto_buf S_convert(const recto_plugin *w, const char *name,
                           const char *epoch, size_t *warnings) {
  recto_buf out = RECTO_BUF_INIT;
  recto_status st = fx_convert(w, S_fixture(name), S_dir(), epoch, &out,
                               warnings);
  CHECK(st == RECTO_OK, "%s: status %d", name, (int)st);
  return out;
}

/* ---- checks ---- */

/* mimetype first, stored, no extra field: read in the raw bytes. */
static void S_check_layout(const recto_buf *b, const char *name) {
  const unsigned char *d = (const unsigned char *)b->data;
  CHECK(b->len > 60, "%s: archive too short", name);
  if (b->len <= 60)
    return;
  CHECK(memcmp(d, "PK\3\4", 4) == 0, "%s: no local header first", name);
  CHECK(d[8] == 0 && d[9] == 0, "%s: mimetype is compressed", name);
  CHECK(d[26] == 8 && d[27] == 0, "%s: first name length %d", name, d[26]);
  CHECK(d[28] == 0 && d[29] == 0, "%s: mimetype has an extra field", name);
  CHECK(memcmp(d + 30, "mimetype", 8) == 0, "%s: first entry is not mimetype",
        name);
  CHECK(memcmp(d + 38, "application/epub+zip", 20) == 0,
        "%s: mimetype content", name);
  S_epub e;
  CHECK(S_open(&e, b), "%s: libzip cannot read it back", name);
  if (!e.za)
    return;
  zip_int64_t n = zip_get_num_entries(e.za, 0);
  for (zip_int64_t i = 0; i < n; i++) {
    int local = zip_file_extra_fields_count(e.za, (zip_uint64_t)i,
                                            ZIP_FL_LOCAL);
    int central = zip_file_extra_fields_count(e.za, (zip_uint64_t)i,
                                              ZIP_FL_CENTRAL);
    CHECK(local == 0 && central == 0, "%s: entry %s has extra fields",
          name, zip_get_name(e.za, (zip_uint64_t)i, 0));
  }
  S_close(&e);
}

static void S_check_reproducible(const recto_plugin *w) {
  for (const fx_fixture *f = fx_fixtures; f->name; f++) {
    recto_buf a = S_convert(w, f->name, "1700000000", NULL);
    recto_buf b = S_convert(w, f->name, "1700000000", NULL);
    CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0,
          "%s: two conversions differ", f->name);
    recto_buf c = S_convert(w, f->name, "1600000000", NULL);
    CHECK(c.len != a.len || memcmp(a.data, c.data, a.len) != 0,
          "%s: the date does not reach the archive", f->name);
    S_check_layout(&a, f->name);
    S_epub e;
    if (S_open(&e, &a)) {
      char *opf = S_entry(&e, "EPUB/content.opf");
      CHECK(S_has(opf, "<meta property=\"dcterms:modified\">"
                       "2023-11-14T22:13:20Z</meta>"),
            "%s: dcterms:modified from source-date-epoch", f->name);
      free(opf);
      S_close(&e);
    }
    recto_buf_free(&a);
    recto_buf_free(&b);
    recto_buf_free(&c);
  }
}

static void S_check_persian(const recto_plugin *w) {
  size_t warnings = 0;
  recto_buf b = S_convert(w, "persian", "1700000000", &warnings);
  CHECK(warnings == 0, "persian: %zu warnings", warnings);
  S_epub e;
  if (!S_open(&e, &b)) {
    CHECK(0, "persian: unreadable");
    recto_buf_free(&b);
    return;
  }
  char *opf = S_entry(&e, "EPUB/content.opf");
  char *front = S_entry(&e, "EPUB/text/ch001.xhtml");
  char *ch = S_entry(&e, "EPUB/text/ch002.xhtml");
  char *ch3 = S_entry(&e, "EPUB/text/ch003.xhtml");
  char *bib = S_entry(&e, "EPUB/text/bibliography.xhtml");
  char *nav = S_entry(&e, "EPUB/nav.xhtml");
  char *css = S_entry(&e, "EPUB/styles/recto.css");
  /* direction */
  CHECK(S_has(opf, "page-progression-direction=\"rtl\""), "spine not rtl");
  CHECK(S_has(ch, "lang=\"fa\" xml:lang=\"fa\" dir=\"rtl\""),
        "html lang/dir");
  CHECK(!S_has(ch, "doc-chapter"), "an article has no chapters");
  CHECK(S_has(ch, "(<span dir=\"ltr\">Assembly of People of Kazakhstan - "
                  "APK</span>)"),
        "embedded English run not isolated with its brackets outside");
  CHECK(S_has(ch, "<span lang=\"en\" xml:lang=\"en\" dir=\"ltr\">civic "
                  "identity</span>"),
        "tagged English span");
  CHECK(S_has(ch3, "<p dir=\"ltr\">This whole paragraph"),
        "English paragraph without its own direction");
  CHECK(S_has(ch, "</caption>\n<colgroup><col style=\"width: 30%\"/><col "
                  "style=\"width: 70%\"/></colgroup><thead>"),
        "column widths after the caption");
  CHECK(S_has(ch, "<th class=\"align-center\">"), "column alignment");
  CHECK(S_has(ch, "<li><span dir=\"ltr\">An English item in the list</span>"
                  "</li>"),
        "English list item: text isolated, the marker stays");
  CHECK(S_has(ch3, "<pre dir=\"ltr\"><code class=\"language-python\">"),
        "code block direction");
  CHECK(S_has(css, "margin-inline-start") && S_has(css, "text-align: start")
            && !S_has(css, "margin-left") && !S_has(css, "padding-right"),
        "stylesheet not logical");
  /* metadata */
  const char *fa = opf ? strstr(opf, "<dc:language>fa</dc:language>") : NULL;
  const char *en = opf ? strstr(opf, "<dc:language>en</dc:language>") : NULL;
  CHECK(fa && en && fa < en, "dc:language: fa first, then en");
  CHECK(S_has(opf, "<dc:identifier id=\"pub-id\">urn:uuid:"),
        "derived identifier");
  CHECK(S_has(opf, "<dc:creator id=\"creator2\">Second Author</dc:creator>"),
        "second author");
  CHECK(S_has(opf, "pageBreakMarkers") && S_has(opf, "source-of"),
        "page metadata");
  CHECK(S_has(opf, "schema:accessibilityHazard\">none"), "hazard");
  CHECK(S_has(opf, "media-type=\"image/png\""), "image in the manifest");
  CHECK(zip_name_locate(e.za, "EPUB/images/img001.png", 0) >= 0,
        "image in the container");
  CHECK(S_has(ch3, "<img src=\"../images/img001.png\" alt=\"نقشه قزاقستان\"/>"),
        "img element");
  /* notes: marker kept, both ways linked, at the end of the file */
  CHECK(S_has(ch, "<a epub:type=\"noteref\" role=\"doc-noteref\" "
                  "class=\"noteref\" id=\"fnref1\" href=\"#fn1\">۱</a>"),
        "noteref");
  CHECK(S_has(ch, "<aside id=\"fn1\" class=\"footnote\" "
                  "epub:type=\"footnote\" role=\"doc-footnote\">"),
        "footnote aside");
  CHECK(S_has(ch, "role=\"doc-backlink\" class=\"backlink\" "
                  "href=\"#fnref1\""),
        "backlink");
  CHECK(S_occurrences(ch, "epub:type=\"footnote\"") == 2, "two footnotes");
  /* citations and bibliography */
  CHECK(S_has(ch, "role=\"doc-biblioref\" id=\"cite-1\" "
                  "href=\"bibliography.xhtml#ref-umarov2022\""),
        "citation link");
  CHECK(S_has(bib, "role=\"doc-bibliography\""), "bibliography role");
  CHECK(S_has(bib, "<h1>منابع</h1>"), "bibliography heading kept");
  CHECK(S_has(bib, "href=\"ch002.xhtml#cite-1\""), "entry back-link");
  CHECK(S_has(bib, "<li class=\"biblioentry\" id=\"ref-umarov2022\" "
                   "lang=\"en\" xml:lang=\"en\" dir=\"ltr\">"),
        "English entry direction");
  /* pages */
  CHECK(S_has(ch, "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" "
                  "id=\"page-75\" aria-label=\"۷۵\""),
        "page break marker");
  CHECK(S_has(ch, "data-running-head=\"سرصفحه تکراری\""), "running head");
  CHECK(S_has(nav, "<nav epub:type=\"page-list\"") &&
            S_has(nav, "href=\"text/ch002.xhtml#page-75\">۷۵</a>"),
        "page list");
  CHECK(S_has(nav, "epub:type=\"bodymatter\" href=\"text/ch002.xhtml\""),
        "bodymatter landmark");
  CHECK(S_has(nav, "epub:type=\"bibliography\""), "bibliography landmark");
  /* title page and abstract */
  CHECK(S_has(front, "epub:type=\"titlepage\""), "title page");
  CHECK(S_has(front, "role=\"doc-abstract\""), "abstract");
  free(opf);
  free(front);
  free(ch);
  free(ch3);
  free(bib);
  free(nav);
  free(css);
  S_close(&e);
  recto_buf_free(&b);
}

static void S_check_english(const recto_plugin *w) {
  size_t warnings = 0;
  recto_buf b = S_convert(w, "english", "1700000000", &warnings);
  /* the missing image, the link to nowhere and the raw block left out */
  CHECK(warnings == 3, "english: %zu warnings, expected 3", warnings);
  S_epub e;
  if (!S_open(&e, &b)) {
    CHECK(0, "english: unreadable");
    recto_buf_free(&b);
    return;
  }
  char *opf = S_entry(&e, "EPUB/content.opf");
  char *ch1 = S_entry(&e, "EPUB/text/ch002.xhtml");
  char *ch2 = S_entry(&e, "EPUB/text/ch003.xhtml");
  char *notes = S_entry(&e, "EPUB/text/notes.xhtml");
  char *nav = S_entry(&e, "EPUB/nav.xhtml");
  CHECK(S_has(opf, "page-progression-direction=\"ltr\""), "spine ltr");
  CHECK(S_has(ch1, "<section epub:type=\"chapter\" role=\"doc-chapter\">"),
        "a book's top section is a chapter");
  CHECK(!S_has(ch2, "doc-chapter"), "a subsection is no chapter");
  CHECK(S_has(opf, ">urn:isbn:9780000000002</dc:identifier>"),
        "identifier from the metadata");
  CHECK(!S_has(opf, "pageBreakMarkers"), "no page metadata without pages");
  /* endnotes: all in notes.xhtml, nested ones too */
  CHECK(S_has(ch1, "href=\"notes.xhtml#fn1\">*</a>"), "endnote reference");
  CHECK(!S_has(ch1, "<aside"), "no aside left in the chapter");
  CHECK(S_occurrences(notes, "epub:type=\"endnote\"") == 3, "three endnotes");
  CHECK(S_has(notes, "role=\"doc-endnotes\""), "endnotes section");
  CHECK(S_has(notes, "href=\"ch002.xhtml#fnref1\""), "endnote back-link");
  CHECK(S_has(notes, "id=\"fnref2\" href=\"#fn2\">a</a>"),
        "nested note referenced from the notes file");
  /* split-level 2: the subsection has a file of its own */
  CHECK(S_has(ch2, "<h2 id=\"h-2\">A section split off</h2>"),
        "split subsection");
  CHECK(S_has(ch2, "href=\"ch002.xhtml#first\""), "link across files");
  CHECK(S_has(ch2, "the first chapter</a><a epub:type=\"noteref\""),
        "a note inside a link comes after it");
  CHECK(S_has(ch2, "href=\"https://example.org/a?b=1&amp;c=2\""),
        "external link escaped");
  CHECK(S_has(ch2, "<a>nowhere</a>"), "dangling link keeps its text");
  CHECK(S_has(ch2, "href=\"http://xn--ggle-5qaa.com/%C3%A4?q=%E6%B5%8B\""),
        "host in punycode, the rest percent-encoded");
  CHECK(S_has(ch2, "href=\"https://user@xn--bcher-kva.example:8080/\""),
        "user and port kept around a punycode host");
  CHECK(S_has(ch2, "<a epub:type=\"noteref\" role=\"doc-noteref\" "
                   "class=\"noteref\" href=\"notes.xhtml#fn1\">*</a>"),
        "second reference to a note");
  /* numeric citations, one link per item */
  CHECK(S_has(ch1, "<span class=\"citation\" id=\"cite-1\">["), "cite span");
  CHECK(S_occurrences(ch1, "role=\"doc-biblioref\"") == 2,
        "two links in the two-item citation");
  CHECK(!S_has(ch1, "href=\"bibliography.xhtml#ref-nobody\""),
        "unknown key not linked");
  CHECK(S_has(ch2, "<code>a &lt; b &amp;&amp; c</code>"), "inline code");
  CHECK(S_has(ch2, "“<em>quoted</em>”"), "quotes");
  CHECK(S_has(ch2, "<span class=\"image-missing\">picture</span>"),
        "missing image: alt text");
  CHECK(!S_has(ch2, "raw</div>"), "raw HTML left out");
  CHECK(S_has(ch2, "<dl>\n<dt>Term</dt>\n<dd><p>Its definition.</p>\n</dd>\n"
                   "</dl>"),
        "definition list");
  /* nested toc */
  CHECK(S_has(nav, "<li><a href=\"text/ch002.xhtml#first\">First chapter"
                   "</a>\n<ol>\n<li><a href=\"text/ch003.xhtml#h-2\">"),
        "nested toc");
  CHECK(S_has(nav, "text/notes.xhtml\">Notes</a>"), "notes in the toc");
  free(opf);
  free(ch1);
  free(ch2);
  free(notes);
  free(nav);
  S_close(&e);
  recto_buf_free(&b);
}

static void S_check_pages(const recto_plugin *w) {
  recto_buf b = S_convert(w, "pages", "1700000000", NULL);
  S_epub e;
  if (!S_open(&e, &b)) {
    CHECK(0, "pages: unreadable");
    recto_buf_free(&b);
    return;
  }
  char *ch1 = S_entry(&e, "EPUB/text/ch001.xhtml");
  char *ch2 = S_entry(&e, "EPUB/text/ch001.xhtml");
  char *bib = S_entry(&e, "EPUB/text/bibliography.xhtml");
  char *nav = S_entry(&e, "EPUB/nav.xhtml");
  CHECK(zip_name_locate(e.za, "EPUB/text/ch002.xhtml", 0) < 0,
        "a page break alone makes no file");
  CHECK(S_has(ch1, "<body>\n<span epub:type=\"pagebreak\" "
                   "role=\"doc-pagebreak\" id=\"page-1\""),
        "page before the first heading opens the chapter");
  CHECK(S_has(ch2, "<li><span epub:type=\"pagebreak\" role=\"doc-pagebreak\" "
                   "id=\"page-2\""),
        "page break inside a list item");
  CHECK(S_has(ch2, "id=\"page-3-2\" aria-label=\"3\""),
        "a repeated label gets its own id");
  CHECK(S_has(bib, "id=\"page-4\"") && S_has(bib, "id=\"page-5\""),
        "page breaks of the bibliography");
  CHECK(S_occurrences(nav, "<li><a href=\"text/") >= 6, "page list entries");
  free(ch1);
  free(ch2);
  free(bib);
  free(nav);
  S_close(&e);
  recto_buf_free(&b);
}

/* Nestings found by the random documents of tests/writers: every note,
   page break, entry and heading is written once, in well-formed XHTML. */
static void S_check_nesting(const recto_plugin *w) {
  recto_buf b = S_convert(w, "nesting", "1700000000", NULL);
  S_epub e;
  if (!S_open(&e, &b)) {
    CHECK(0, "nesting: unreadable");
    recto_buf_free(&b);
    return;
  }
  char *ch = S_entry(&e, "EPUB/text/ch001.xhtml");
  char *ch2 = S_entry(&e, "EPUB/text/ch002.xhtml");
  char *bib = S_entry(&e, "EPUB/text/bibliography.xhtml");
  CHECK(S_has(ch2, "<span class=\"math inline\" dir=\"ltr\">"),
        "math with a direction of its own");
  CHECK(S_has(ch2, "<span class=\"math inline\" lang=\"en\" "
                   "xml:lang=\"en\" dir=\"ltr\">"),
        "math with a language of its own");
  CHECK(!S_has(ch2, "dir=\"ltr\" dir="), "a dir attribute written twice");
  CHECK(S_occurrences(ch2, "role=\"doc-noteref\"") == 2,
        "note references inside an image and a citation: %zu",
        S_occurrences(ch2, "role=\"doc-noteref\""));
  CHECK(S_occurrences(ch2, "role=\"doc-footnote\"") == 2,
        "notes inside an image and a citation");
  CHECK(S_has(ch2, "id=\"page-7\"") && S_has(ch2, "id=\"page-8\""),
        "page breaks inside an image and a citation");
  CHECK(S_has(ch, "<p>گفت \"آری\" &amp; 'نه' <span data-said=\"&quot;yes"
                  "&quot;\">"),
        "quotes in text and in an attribute value");
  CHECK(!S_has(ch, "<h2>") && !S_has(ch, "page-9"),
        "a bibliography at the root stays out of the chapter");
  CHECK(S_has(bib, "id=\"page-9\"") && S_has(bib, "id=\"page-10\""),
        "page breaks of both bibliographies");
  CHECK(S_occurrences(bib, "<li class=\"biblioentry\"") == 2,
        "entries of both bibliographies: %zu",
        S_occurrences(bib, "<li class=\"biblioentry\""));
  free(ch);
  free(ch2);
  free(bib);
  S_close(&e);
  recto_buf_free(&b);

  b = S_convert(w, "bibonly", "1700000000", NULL);
  if (!S_open(&e, &b)) {
    CHECK(0, "bibonly: unreadable");
    recto_buf_free(&b);
    return;
  }
  ch = S_entry(&e, "EPUB/text/ch001.xhtml");
  bib = S_entry(&e, "EPUB/text/bibliography.xhtml");
  CHECK(!S_has(ch, "Works"), "bibliography heading in the content file");
  CHECK(S_has(bib, "id=\"page-3\""),
        "page break of a bibliography no content file holds");
  CHECK(S_occurrences(bib, "<li class=\"biblioentry\"") == 2,
        "bibonly entries");
  free(ch);
  free(bib);
  S_close(&e);
  recto_buf_free(&b);
}

/* Depth and size the input controls: no recursion, no quadratic step. */
static void S_check_deep(const recto_plugin *w) {
  recto_doc *doc = recto_doc_new();
  /* built from the inside out: linking checks the new parent's ancestors */
  recto_node *n = recto_node_new(doc, RECTO_NODE_PARAGRAPH);
  recto_node_append(n, recto_node_new_text(doc, "deep", 4));
  for (int k = 0; k < 100000; k++) {
    recto_node *q = recto_node_new(doc, RECTO_NODE_BLOCK_QUOTE);
    recto_node_append(q, n);
    n = q;
  }
  recto_node_append(recto_doc_root(doc), n);
  /* and many notes, page breaks and headings */
  recto_node *root = recto_doc_root(doc);
  for (int k = 0; k < 20000; k++) {
    if (k % 100 == 0) {
      recto_node *h = recto_node_new(doc, RECTO_NODE_HEADING);
      recto_node_set_level(h, 1 + (k / 100) % 3);
      recto_node_append(h, recto_node_new_text(doc, "Part", 4));
      recto_node_append(root, h);
    }
    recto_node *para = recto_node_new(doc, RECTO_NODE_PARAGRAPH);
    recto_node_append(root, para);
    recto_node_append(para, recto_node_new_text(doc, "text", 4));
    recto_node *note = recto_node_new(doc, RECTO_NODE_NOTE);
    recto_node_append(para, note);
    recto_node *np = recto_node_new(doc, RECTO_NODE_PARAGRAPH);
    recto_node_append(note, np);
    recto_node_append(np, recto_node_new_text(doc, "note", 4));
    recto_node *pb = recto_node_new(doc, RECTO_NODE_PAGE_BREAK);
    recto_page_set(pb, "1", RECTO_PAGE_SOURCE_FORM_FEED, NULL, NULL);
    recto_node_append(root, pb);
  }
  recto_doc_sectionize(doc);
  recto_context *ctx = recto_context_new();
  recto_options *opts = recto_options_new();
  recto_options_set(opts, "source-date-epoch", "0");
  recto_buf out = RECTO_BUF_INIT;
  clock_t t0 = clock();
  recto_status st = w->write(ctx, doc, opts, &out);
  double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  CHECK(st == RECTO_OK, "deep: status %d", (int)st);
  CHECK(out.len > 1000, "deep: output");
  printf("deep document (100000 levels, 20000 notes and pages): %.2f s, "
         "%zu bytes\n", secs, out.len);
  recto_buf_free(&out);
  recto_options_free(opts);
  recto_context_free(ctx);
  recto_doc_free(doc);
}

static int S_write_all(const recto_plugin *w, const char *dir) {
  const char *epoch = getenv("SOURCE_DATE_EPOCH");
  for (const fx_fixture *f = fx_fixtures; f->name; f++) {
    recto_buf out = RECTO_BUF_INIT;
    if (fx_convert(w, f, S_dir(), epoch, &out, NULL) != RECTO_OK) {
      fprintf(stderr, "%s: conversion failed\n", f->name);
      return 1;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.epub", dir, f->name);
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(out.data, 1, out.len, fp) != out.len) {
      perror(path);
      return 1;
    }
    fclose(fp);
    recto_buf_free(&out);
  }
  return 0;
}

static void S_cleanup(void) {
  if (!S_scratch[0])
    return;
  char path[4200];
  snprintf(path, sizeof path, "%s/naghsheh.png", S_scratch);
  remove(path);
  rmdir(S_scratch);
}

int main(int argc, char **argv) {
  const recto_plugin *w = fx_load_writer(fx_plugin_path());
  if (!w || !w->write) {
    fprintf(stderr, "no EPUB writer\n");
    return 1;
  }
  int rc;
  if (argc == 3 && strcmp(argv[1], "write") == 0) {
    rc = S_write_all(w, argv[2]);
  } else if (argc >= 2 && strcmp(argv[1], "check") == 0) {
    static const struct {
      const char *name;
      void (*run)(const recto_plugin *);
    } groups[] = {{"container", S_check_reproducible},
                  {"rtl", S_check_persian},
                  {"notes", S_check_english},
                  {"pages", S_check_pages},
                  {"nesting", S_check_nesting},
                  {"deep", S_check_deep}};
    size_t ng = sizeof groups / sizeof *groups;
    for (size_t k = 0; k < ng; k++) {
      int wanted = argc == 2;
      for (int a = 2; a < argc; a++)
        wanted |= strcmp(argv[a], groups[k].name) == 0;
      if (wanted)
        groups[k].run(w);
    }
    rc = S_failures ? 1 : 0;
    printf("%d failure(s)\n", S_failures);
  } else {
    fprintf(stderr, "usage: %s write DIR | check [GROUP...]\n", argv[0]);
    rc = 2;
  }
  S_cleanup();
  return rc;
}
