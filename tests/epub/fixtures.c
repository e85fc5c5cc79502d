/* fixtures.c: documents for the EPUB writer's tests, built with the node
   API (every sample text here was written for these tests). */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"

/* ---- building helpers ---- */

static recto_node *S_add(recto_node *parent, recto_node_type t) {
  recto_node *n = recto_node_new(recto_node_doc(parent), t);
  if (recto_node_append(parent, n) != 0) {
    fprintf(stderr, "fixture: %s cannot hold %s\n",
            recto_node_type_name(recto_node_type_of(parent)),
            recto_node_type_name(t));
    abort();
  }
  return n;
}

static recto_node *S_text(recto_node *parent, const char *s) {
  recto_node *t = recto_node_new_text(recto_node_doc(parent), s, strlen(s));
  recto_node_append(parent, t);
  return t;
}

static recto_node *S_para(recto_node *parent, const char *s) {
  recto_node *p = S_add(parent, RECTO_NODE_PARAGRAPH);
  if (s)
    S_text(p, s);
  return p;
}

static recto_node *S_heading(recto_node *parent, int level, const char *s) {
  recto_node *h = S_add(parent, RECTO_NODE_HEADING);
  recto_node_set_level(h, level);
  S_text(h, s);
  return h;
}

static recto_node *S_page(recto_node *parent, const char *label,
                          const char *header) {
  recto_node *pb = S_add(parent, RECTO_NODE_PAGE_BREAK);
  recto_page_set(pb, label, RECTO_PAGE_SOURCE_PAGE_NUMBER, header, NULL);
  return pb;
}

static recto_node *S_cite(recto_node *parent, const char *written,
                          const char *const *keys, const char *locator) {
  recto_node *c = S_add(parent, RECTO_NODE_CITE);
  S_text(c, written);
  for (const char *const *k = keys; *k; k++) {
    recto_cite_item *it = recto_cite_add_item(c);
    it->key = recto_strdup(recto_node_doc(parent), *k);
    if (locator && k == keys)
      it->locator = recto_strdup(recto_node_doc(parent), locator);
  }
  return c;
}

static recto_node *S_link(recto_node *parent, const char *url,
                          const char *text) {
  recto_node *l = S_add(parent, RECTO_NODE_LINK);
  recto_node_set_url(l, url);
  S_text(l, text);
  return l;
}

static recto_name *S_name(recto_doc *doc, const char *family,
                          const char *given) {
  recto_name *n = recto_name_new(doc);
  n->family = recto_strdup(doc, family);
  n->given = given ? recto_strdup(doc, given) : NULL;
  return n;
}

static void S_entry(recto_doc *doc, const char *id, const char *family,
                    const char *given, int year, const char *title,
                    const char *publisher, const char *lang) {
  recto_bib_entry *e = recto_bib_entry_new(doc);
  e->id = recto_strdup(doc, id);
  e->type = "book";
  recto_name_append(&e->author, S_name(doc, family, given));
  e->title = recto_strdup(doc, title);
  e->publisher = recto_strdup(doc, publisher);
  e->issued.year[0] = year;
  if (lang)
    e->language = recto_strdup(doc, lang);
  recto_doc_add_entry(doc, e);
}

/* The host's part: what the pipeline does before a writer runs. */
static void S_prepare(recto_context *ctx, recto_doc *doc) {
  recto_doc_attach_notes(ctx, doc);
  recto_doc_resolve_citations(ctx, doc);
  recto_doc_sectionize(doc);
}

/* A 1x1 PNG written by the test (bytes of a valid, minimal image). */
static const unsigned char S_png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
    0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
    0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00,
    0x0c, 0x49, 0x44, 0x41, 0x54, 0x08, 0xd7, 0x63, 0xf8, 0xcf, 0xc0, 0x00,
    0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xdd, 0x8d, 0xb0, 0x00, 0x00, 0x00,
    0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

static void S_write_png(const char *dir, const char *name) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (f) {
    fwrite(S_png, 1, sizeof S_png, f);
    fclose(f);
  }
}

/* ---- a Persian article: direction, notes, pages, citations ---- */

/* A Persian document read from dir, with the image naghsheh.png beside
   its source file. */
static recto_doc *S_persian_doc(const char *dir, const char *name) {
  recto_doc *doc = recto_doc_new();
  char src[4096];
  snprintf(src, sizeof src, "%s/%s", dir, name);
  recto_doc_set_source(doc, "file", src);
  S_write_png(dir, "naghsheh.png");
  recto_doc_set_lang(doc, "fa");
  return doc;
}

static recto_doc *S_persian(recto_context *ctx, const char *dir) {
  recto_doc *doc = S_persian_doc(dir, "maghaleh.txt");
  recto_doc_meta_set_string(doc, "title", "آزمون نوشتار راست‌به‌چپ");
  recto_meta *authors = recto_meta_new_list(doc);
  recto_meta_append(authors, recto_meta_new_string(doc, "نویسنده نخست"));
  recto_meta *second = recto_meta_new_map(doc);
  recto_meta_set(second, "name", recto_meta_new_string(doc, "Second Author"));
  recto_meta_append(authors, second);
  recto_meta_set(recto_doc_meta(doc), "author", authors);
  recto_doc_meta_set_string(doc, "date", "2023-05-01");
  recto_doc_meta_set_string(doc, "abstract",
                            "این نوشته برای آزمودن نویسنده کتاب الکترونیکی "
                            "ساخته شده است.");
  recto_node *root = recto_doc_root(doc);
  S_para(root, "پیش از نخستین بخش، یک بند کوتاه می‌آید.");

  S_heading(root, 1, "درآمد");
  recto_node *p = S_para(root, "مجمع خلق قزاقستان (Assembly of People of "
                               "Kazakhstan - APK) در سال ۱۹۹۵ بنیاد نهاده "
                               "شد");
  recto_node *ref = S_add(p, RECTO_NODE_NOTE_REF);
  recto_node_set_marker(ref, "۱");
  S_text(p, " و نقش آن ");
  S_cite(p, "(Umarov 2022, 33)", (const char *const[]){"umarov2022", NULL},
         "33");
  S_text(p, " بررسی شده است.");
  S_page(root, "۷۵", "سرصفحه تکراری");
  recto_node *p2 = S_para(root, "این بند پس از شکست صفحه می‌آید و یک عبارت ");
  recto_node *en = S_add(p2, RECTO_NODE_SPAN);
  recto_node_set_lang(en, "en");
  S_text(en, "civic identity");
  S_text(p2, " را در خود دارد");
  recto_node *ref2 = S_add(p2, RECTO_NODE_NOTE_REF);
  recto_node_set_marker(ref2, "۲");
  S_text(p2, ".");
  recto_node *def = S_add(root, RECTO_NODE_NOTE_DEF);
  recto_node_set_marker(def, "۱");
  S_para(def, "این یادداشت نخست است؛ بنگرید به منبع.");
  recto_node *def2 = S_add(root, RECTO_NODE_NOTE_DEF);
  recto_node_set_marker(def2, "۲");
  S_para(def2, "یادداشت دوم با واژه English درون آن.");

  S_heading(root, 2, "فهرست و جدول");
  recto_node *list = S_add(root, RECTO_NODE_LIST);
  recto_list_set_kind(list, RECTO_LIST_ORDERED);
  recto_list_set_style(list, RECTO_LIST_STYLE_PERSIAN);
  recto_list_set_tight(list, 1);
  recto_list_set_start(list, 1);
  S_text(S_add(S_add(list, RECTO_NODE_ITEM), RECTO_NODE_PLAIN), "مورد نخست");
  recto_node *item2 = S_add(list, RECTO_NODE_ITEM);
  S_text(S_add(item2, RECTO_NODE_PLAIN), "An English item in the list");
  recto_node *table = S_add(root, RECTO_NODE_TABLE);
  recto_table_set_columns(table, 2);
  recto_table_set_column(table, 0, RECTO_ALIGN_DEFAULT, 0.3);
  recto_table_set_column(table, 1, RECTO_ALIGN_CENTER, 0.7);
  recto_node *cap = S_add(table, RECTO_NODE_CAPTION);
  S_para(cap, "جدول ۱. داده‌ها");
  recto_node *row = S_add(S_add(table, RECTO_NODE_TABLE_HEAD), RECTO_NODE_ROW);
  S_text(S_add(S_add(row, RECTO_NODE_CELL), RECTO_NODE_PLAIN), "سال");
  S_text(S_add(S_add(row, RECTO_NODE_CELL), RECTO_NODE_PLAIN), "شمار");
  row = S_add(S_add(table, RECTO_NODE_TABLE_BODY), RECTO_NODE_ROW);
  S_text(S_add(S_add(row, RECTO_NODE_CELL), RECTO_NODE_PLAIN), "۱۹۹۹");
  S_text(S_add(S_add(row, RECTO_NODE_CELL), RECTO_NODE_PLAIN), "۱۲۰");

  S_heading(root, 1, "نتیجه");
  recto_node *fig = S_add(root, RECTO_NODE_FIGURE);
  recto_node *fp = S_add(fig, RECTO_NODE_PLAIN);
  recto_node *img = S_add(fp, RECTO_NODE_IMAGE);
  recto_node_set_url(img, "naghsheh.png");
  S_text(img, "نقشه قزاقستان");
  S_para(S_add(fig, RECTO_NODE_CAPTION), "نقشه");
  S_para(root, "This whole paragraph is English inside a Persian book.");
  recto_node *q = S_add(root, RECTO_NODE_BLOCK_QUOTE);
  S_para(q, "«وحدت در تنوع» شعار این مجمع بود.");
  recto_node *code = S_add(root, RECTO_NODE_CODE_BLOCK);
  recto_node_set_text(code, "print(\"salam\")\n", 15);
  recto_node_set_info(code, "python");
  S_page(root, "۷۶", NULL);

  recto_node *bib = recto_doc_bibliography(doc, 1);
  S_heading(bib, 1, "منابع");
  S_entry(doc, "umarov2022", "Umarov", "Ali", 2022,
          "Civic Nation Building in Kazakhstan", "Example Press", "en");
  S_entry(doc, "rahimi1399", "رحیمی", "مریم", 2020, "ملت‌سازی در آسیای مرکزی",
          "نشر نمونه", "fa");
  S_prepare(ctx, doc);
  return doc;
}

/* ---- an English book: endnotes, nested notes, links, numeric style ---- */

static recto_doc *S_english(recto_context *ctx, const char *dir) {
  (void)dir;
  recto_doc *doc = recto_doc_new();
  recto_doc_set_lang(doc, "en");
  recto_doc_meta_set_string(doc, "title", "Notes and Links");
  recto_doc_meta_set_string(doc, "identifier", "urn:isbn:9780000000002");
  recto_node *root = recto_doc_root(doc);

  recto_node *h = S_heading(root, 1, "First chapter");
  recto_node_set_id(h, "first");
  recto_node *p = S_para(root, "A claim");
  recto_node *ref = S_add(p, RECTO_NODE_NOTE_REF);
  recto_node_set_marker(ref, "*");
  recto_node *note = S_add(root, RECTO_NODE_NOTE_DEF);
  recto_node_set_marker(note, "*");
  recto_node *np = S_para(note, "A note with a nested note");
  recto_node *inner = S_add(np, RECTO_NODE_NOTE);
  recto_node_set_marker(inner, "a");
  S_para(inner, "The nested note.");
  S_text(np, ".");
  S_text(p, " and two sources ");
  S_cite(p, "[@one; @two]", (const char *const[]){"one", "two", NULL}, NULL);
  S_text(p, ", one unknown ");
  S_cite(p, "[@nobody]", (const char *const[]){"nobody", NULL}, NULL);
  S_text(p, ".");

  S_heading(root, 2, "A section split off");
  recto_node *p2 = S_para(root, "Back to ");
  recto_node *link = S_link(p2, "#first", "the first chapter");
  recto_node *ln = S_add(link, RECTO_NODE_NOTE);
  recto_node_set_marker(ln, "2");
  S_para(ln, "A note inside a link.");
  S_text(p2, ", to ");
  S_link(p2, "https://example.org/a?b=1&c=2", "an external page");
  S_text(p2, " and to ");
  S_link(p2, "#nowhere", "nowhere");
  S_text(p2, ", ");
  S_link(p2, "http://göögle.com/ä?q=测", "a host in Unicode");
  S_text(p2, ", ");
  S_link(p2, "https://user@Bücher.example:8080/", "another");
  S_text(p2, "; again the first note");
  recto_node *again = S_add(p2, RECTO_NODE_NOTE_REF);
  recto_node_set_marker(again, "*");
  S_text(p2, " and ");
  S_cite(p2, "[@two, 5]", (const char *const[]){"two", NULL}, "5");
  S_text(p2, ".");
  recto_node *dl = S_add(root, RECTO_NODE_DEF_LIST);
  recto_node *di = S_add(dl, RECTO_NODE_DEF_ITEM);
  S_text(S_add(di, RECTO_NODE_TERM), "Term");
  S_para(S_add(di, RECTO_NODE_DEF), "Its definition.");
  recto_node *lb = S_add(root, RECTO_NODE_LINE_BLOCK);
  S_text(S_add(lb, RECTO_NODE_LINE), "A line of verse");
  S_text(S_add(lb, RECTO_NODE_LINE), "and its answer");
  recto_node *p3 = S_para(root, "Inline ");
  recto_node *c = S_add(p3, RECTO_NODE_CODE);
  recto_node_set_text(c, "a < b && c", 10);
  S_text(p3, ", ");
  recto_node *m = S_add(p3, RECTO_NODE_MATH);
  recto_node_set_text(m, "x^2", 3);
  S_text(p3, ", ");
  S_text(S_add(S_add(p3, RECTO_NODE_QUOTED), RECTO_NODE_EMPH), "quoted");
  S_text(p3, " and a missing ");
  recto_node *img = S_add(p3, RECTO_NODE_IMAGE);
  recto_node_set_url(img, "no-such-image.png");
  S_text(img, "picture");
  S_text(p3, ".");
  recto_node *raw = S_add(root, RECTO_NODE_RAW_BLOCK);
  recto_node_set_info(raw, "html");
  recto_node_set_text(raw, "<div>raw</div>", 14);

  S_heading(root, 1, "Second chapter");
  S_para(root, "The end.");
  S_add(root, RECTO_NODE_THEMATIC_BREAK);

  S_entry(doc, "one", "Ashby", "Ann", 2001, "First Book", "A Press", NULL);
  S_entry(doc, "two", "Brook", "Ben", 1999, "Second Book", "B Press", NULL);
  S_entry(doc, "three", "Clark", NULL, 2010, "Uncited Book", "C Press",
          NULL);
  S_prepare(ctx, doc);
  return doc;
}

/* ---- an empty document ---- */

static recto_doc *S_empty(recto_context *ctx, const char *dir) {
  (void)ctx;
  (void)dir;
  return recto_doc_new();
}

/* ---- page breaks where no span may stand ---- */

static recto_doc *S_pages(recto_context *ctx, const char *dir) {
  (void)dir;
  recto_doc *doc = recto_doc_new();
  recto_doc_set_lang(doc, "ar");
  recto_node *root = recto_doc_root(doc);
  S_page(root, "1", NULL);
  S_heading(root, 1, "باب");
  recto_node *list = S_add(root, RECTO_NODE_LIST);
  S_text(S_add(S_add(list, RECTO_NODE_ITEM), RECTO_NODE_PLAIN), "أول");
  recto_node *item = S_add(list, RECTO_NODE_ITEM);
  S_page(item, "2", NULL);
  S_text(S_add(item, RECTO_NODE_PLAIN), "ثان");
  recto_node *p = S_para(root, "نص ");
  S_page(p, "3", NULL);
  S_text(p, "يستمر");
  S_page(root, "3", NULL); /* a label met twice keeps both */
  recto_node *bib = recto_doc_bibliography(doc, 1);
  S_page(bib, "4", NULL);
  S_entry(doc, "k1", "حسن", NULL, 2001, "كتاب", "دار", "ar");
  S_page(bib, "5", NULL);
  S_prepare(ctx, doc);
  return doc;
}

/* ---- nestings the writer once got wrong ---- */

/* A BIB_ENTRY node of its own in parent (a bibliography other than the
   document's first). */
static void S_entry_node(recto_node *bib, const char *id, const char *raw) {
  recto_doc *doc = recto_node_doc(bib);
  recto_bib_entry *e = recto_bib_entry_new(doc);
  e->id = recto_strdup(doc, id);
  e->raw = recto_strdup(doc, raw);
  e->issued.year[0] = 1999;
  recto_node_set_bib_entry(S_add(bib, RECTO_NODE_BIB_ENTRY), e);
}

static recto_doc *S_nesting(recto_context *ctx, const char *dir) {
  recto_doc *doc = S_persian_doc(dir, "tudartu.txt");
  recto_node *root = recto_doc_root(doc);
  /* quotes stay as they are in text, escaped in attribute values */
  recto_node *sp = S_add(S_para(root, "گفت \"آری\" & 'نه' "),
                         RECTO_NODE_SPAN);
  recto_node_set_attr(sp, "said", "\"yes\"");
  S_text(sp, "پیش‌گفتار");
  /* a bibliography among the blocks before the first heading: its
     heading and page break go to bibliography.xhtml, not the chapter */
  recto_node *bib = S_add(root, RECTO_NODE_BIBLIOGRAPHY);
  S_heading(bib, 2, "کتاب‌نامه");
  S_entry(doc, "k1", "رضایی", "علی", 1390, "کتاب نخست", "نشر", "fa");
  S_page(bib, "9", NULL);
  S_heading(root, 1, "تو در تو");
  /* math with a direction or a language of its own: one dir only */
  recto_node *p = S_para(root, "فرمول ");
  recto_node *m = S_add(p, RECTO_NODE_MATH);
  recto_node_set_text(m, "x < y", 5);
  recto_node_set_dir(m, RECTO_DIR_LTR);
  m = S_add(p, RECTO_NODE_MATH);
  recto_node_set_text(m, "a + b", 5);
  recto_node_set_lang(m, "en");
  /* a note and a page break inside an image's description */
  p = S_para(root, "تصویر ");
  recto_node *img = S_add(p, RECTO_NODE_IMAGE);
  recto_node_set_url(img, "naghsheh.png");
  S_text(img, "نقشه");
  S_para(S_add(img, RECTO_NODE_NOTE), "یادداشت درون تصویر");
  S_page(img, "7", NULL);
  /* and inside a citation's written text */
  p = S_para(root, "ارجاع ");
  const char *const k1[] = {"k1", NULL};
  recto_node *c = S_cite(p, "(رضایی)", k1, NULL);
  S_para(S_add(c, RECTO_NODE_NOTE), "یادداشت درون ارجاع");
  S_page(c, "8", NULL);
  /* a second bibliography, in a block quote: its entry is listed too */
  recto_node *q = S_add(root, RECTO_NODE_BLOCK_QUOTE);
  recto_node *bib2 = S_add(q, RECTO_NODE_BIBLIOGRAPHY);
  S_entry_node(bib2, "k2", "Second, entry. 1999.");
  S_page(bib2, "10", NULL);
  S_prepare(ctx, doc);
  return doc;
}

/* A bibliography alone: no content file holds it, its page breaks still
   reach bibliography.xhtml. */
static recto_doc *S_bibonly(recto_context *ctx, const char *dir) {
  (void)dir;
  recto_doc *doc = recto_doc_new();
  recto_doc_set_lang(doc, "en");
  recto_node *bib = recto_doc_bibliography(doc, 1);
  S_heading(bib, 2, "Works");
  S_entry(doc, "k1", "Rezaei", "Ali", 2011, "First book", "Press", NULL);
  S_page(bib, "3", NULL);
  S_entry(doc, "k2", "Karimi", NULL, 2012, "Second book", "Press", NULL);
  S_prepare(ctx, doc);
  return doc;
}

static const char *const S_english_opts[] = {
    "endnotes", "true", "split-level", "2", "citation-style", "numeric",
    "book", "true", NULL};

const fx_fixture fx_fixtures[] = {
    {"persian", S_persian, NULL},
    {"english", S_english, S_english_opts},
    {"empty", S_empty, NULL},
    {"pages", S_pages, NULL},
    {"nesting", S_nesting, NULL},
    {"bibonly", S_bibonly, NULL},
    {NULL, NULL, NULL},
};

/* ---- running the writer ---- */

const char *fx_plugin_path(void) {
  static char path[4096];
  const char *build = getenv("RECTO_BUILD_ROOT");
  snprintf(path, sizeof path, "%s/plugins/epub/recto-epub.so",
           build ? build : ".");
  return path;
}

const recto_plugin *fx_load_writer(const char *path) {
  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    fprintf(stderr, "cannot load %s: %s\n", path, dlerror());
    return NULL;
  }
  recto_plugin_entry_fn entry =
      (recto_plugin_entry_fn)(uintptr_t)dlsym(h, RECTO_PLUGIN_ENTRY);
  return entry ? entry(0) : NULL; /* the handle stays open: tests exit */
}

static void S_count(const recto_diag *d, void *user) {
  if (d->severity >= RECTO_DIAG_WARNING)
    (*(size_t *)user)++;
}

recto_status fx_convert(const recto_plugin *writer, const fx_fixture *fx,
                        const char *dir, const char *epoch, recto_buf *out,
                        size_t *warnings) {
  recto_context *ctx = recto_context_new();
  size_t count = 0;
  recto_context_set_handler(ctx, S_count, &count);
  recto_doc *doc = fx->build(ctx, dir);
  count = 0; /* warnings of the writer only */
  recto_options *opts = recto_options_new();
  if (epoch)
    recto_options_set(opts, "source-date-epoch", epoch);
  for (const char *const *o = fx->options; o && *o; o += 2)
    recto_options_set(opts, o[0], o[1]);
  recto_status st = writer->write(ctx, doc, opts, out);
  if (warnings)
    *warnings = count;
  recto_options_free(opts);
  recto_doc_free(doc);
  recto_context_free(ctx);
  return st;
}
