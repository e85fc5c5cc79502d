/* fixtures.c: documents built with the node API that exercise every
   kind of node the XML writers handle (see fixtures.h).  The texts are
   our own. */
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"

/* The fixtures cite a missing key on purpose. */
static void S_quiet(const recto_diag *d, void *user) {
  (void)d;
  (void)user;
}

static recto_node *S_text(recto_doc *doc, const char *s) {
  return recto_node_new_text(doc, s, strlen(s));
}

static recto_node *S_add(recto_node *parent, recto_node *child) {
  if (recto_node_append(parent, child) != 0)
    abort(); /* a fixture that breaks the model is a bug in the test */
  return child;
}

static recto_node *S_block(recto_node *parent, recto_node_type t,
                           const char *text) {
  recto_node *n = S_add(parent, recto_node_new(recto_node_doc(parent), t));
  if (text)
    S_add(n, S_text(recto_node_doc(parent), text));
  return n;
}

static recto_node *S_inline(recto_node *parent, recto_node_type t,
                            const char *text) {
  return S_block(parent, t, text);
}

static void S_words(recto_node *parent, const char *text) {
  S_add(parent, S_text(recto_node_doc(parent), text));
}

static recto_node *S_heading(recto_node *parent, int level, const char *t) {
  recto_node *h = S_block(parent, RECTO_NODE_HEADING, t);
  recto_node_set_level(h, level);
  return h;
}

static recto_node *S_page(recto_node *parent, const char *label,
                          recto_page_source src, const char *header,
                          const char *footer) {
  recto_node *pb = S_add(parent, recto_node_new(recto_node_doc(parent),
                                                RECTO_NODE_PAGE_BREAK));
  recto_page_set(pb, label, src, header, footer);
  return pb;
}

static recto_node *S_note(recto_node *parent, const char *marker,
                          const char *text) {
  recto_node *note = S_inline(parent, RECTO_NODE_NOTE, NULL);
  recto_node_set_marker(note, marker);
  S_block(note, RECTO_NODE_PARAGRAPH, text);
  return note;
}

static recto_node *S_cite(recto_node *parent, const char *text,
                          const char *key1, const char *loc1,
                          const char *key2) {
  recto_node *c = S_inline(parent, RECTO_NODE_CITE, text);
  recto_cite_item *it = recto_cite_add_item(c);
  it->key = recto_strdup(recto_node_doc(parent), key1);
  it->locator = loc1 ? recto_strdup(recto_node_doc(parent), loc1) : NULL;
  if (key2) {
    it = recto_cite_add_item(c);
    it->key = recto_strdup(recto_node_doc(parent), key2);
  }
  return c;
}

static recto_name *S_name(recto_doc *doc, const char *given,
                          const char *family, const char *literal) {
  recto_name *n = recto_name_new(doc);
  n->given = recto_strdup(doc, given);
  n->family = recto_strdup(doc, family);
  n->literal = recto_strdup(doc, literal);
  return n;
}

static void S_bibliography(recto_doc *doc, recto_node *parent,
                           const char *heading) {
  recto_node *bib = S_add(parent, recto_node_new(doc,
                                                 RECTO_NODE_BIBLIOGRAPHY));
  if (heading)
    S_heading(bib, 2, heading);

  recto_bib_entry *e = recto_bib_entry_new(doc);
  e->id = "karimi1399";
  e->type = "book";
  e->author = S_name(doc, "Reza", "Karimi", NULL);
  e->title = "تاریخ شهرهای آسیای مرکزی";
  e->publisher = "نشر نمونه";
  e->publisher_place = "تهران";
  e->issued.year[0] = 1399;
  e->issued.calendar = RECTO_CALENDAR_SOLAR_HIJRI;
  e->language = "fa";
  e->isbn = "978-600-0000-00-0";
  recto_doc_add_entry(doc, e);

  e = recto_bib_entry_new(doc);
  e->id = "olsen2019";
  e->type = "article-journal";
  e->author = S_name(doc, "Maren", "Olsen", NULL);
  recto_name_append(&e->author, S_name(doc, "Tomas", "Berg", NULL));
  e->title = "Assemblies and civic identity";
  e->container_title = "Journal of Example Studies";
  e->volume = "12";
  e->issue = "3";
  e->page = "45-67";
  e->issued.year[0] = 2019;
  e->issued.month[0] = 5;
  e->doi = "10.1234/example.2019.12";
  e->language = "en";
  recto_doc_add_entry(doc, e);

  e = recto_bib_entry_new(doc);
  e->id = "chapter2020";
  e->type = "chapter";
  e->author = S_name(doc, NULL, NULL, "Example Research Group");
  e->editor = S_name(doc, "Ana", "Lima", NULL);
  e->title = "Languages in the steppe";
  e->container_title = "Handbook of Imagined Regions";
  e->publisher = "Sample House";
  e->publisher_place = "Leiden";
  e->issued.year[0] = 2020;
  e->url = "https://example.org/handbook/ch2";
  e->language = "en";
  recto_doc_add_entry(doc, e);

  e = recto_bib_entry_new(doc);
  e->id = "rawonly";
  e->raw = "سازمان نمونه، گزارش سالانه، ۱۴۰۰، ص ۱۲.";
  recto_doc_add_entry(doc, e);

  e = recto_bib_entry_new(doc);
  e->id = "hijri1420";
  e->type = "book";
  e->author = S_name(doc, "Ali", "Hasan", NULL);
  e->title = "كتاب المثال";
  e->issued.year[0] = 1420;
  e->issued.month[0] = 9;
  e->issued.calendar = RECTO_CALENDAR_HIJRI;
  e->language = "ar";
  recto_doc_add_entry(doc, e);
}

static void S_meta(recto_doc *doc) {
  recto_meta *meta = recto_doc_meta(doc);
  recto_doc_meta_set_string(doc, "title", "یک نمونهٔ آزمایشی");
  recto_doc_meta_set_string(doc, "subtitle", "برای نویسنده‌های XML");
  recto_meta *authors = recto_meta_new_list(doc);
  recto_meta *a = recto_meta_new_map(doc);
  recto_meta_set(a, "given", recto_meta_new_string(doc, "Sara"));
  recto_meta_set(a, "family", recto_meta_new_string(doc, "Ahmadi"));
  recto_meta_set(a, "affiliation",
                 recto_meta_new_string(doc, "Example University"));
  recto_meta_append(authors, a);
  recto_meta_append(authors, recto_meta_new_string(doc, "Omid Rahimi"));
  recto_meta_set(meta, "author", authors);
  recto_doc_meta_set_string(doc, "date", "2021-06-01");
  recto_doc_meta_set_string(doc, "keywords", "هویت، زبان, civic identity");
  recto_node *abs = recto_node_new(doc, RECTO_NODE_DIV);
  S_block(abs, RECTO_NODE_PARAGRAPH, "این چکیده دو بند دارد.");
  S_block(abs, RECTO_NODE_PARAGRAPH, "بند دوم چکیده.");
  recto_meta_set(meta, "abstract", recto_meta_new_nodes(doc, abs));
}

static void S_table(recto_doc *doc, recto_node *parent) {
  recto_node *t = S_add(parent, recto_node_new(doc, RECTO_NODE_TABLE));
  recto_table_set_columns(t, 3);
  recto_table_set_column(t, 0, RECTO_ALIGN_LEFT, 0.5);
  recto_table_set_column(t, 1, RECTO_ALIGN_CENTER, 0.25);
  recto_table_set_column(t, 2, RECTO_ALIGN_RIGHT, 0.25);
  recto_node *cap = S_add(t, recto_node_new(doc, RECTO_NODE_CAPTION));
  S_block(cap, RECTO_NODE_PLAIN, "جمعیت نمونه");
  recto_node *head = S_add(t, recto_node_new(doc, RECTO_NODE_TABLE_HEAD));
  recto_node *row = S_add(head, recto_node_new(doc, RECTO_NODE_ROW));
  S_block(S_add(row, recto_node_new(doc, RECTO_NODE_CELL)), RECTO_NODE_PLAIN,
          "گروه");
  recto_node *c = S_add(row, recto_node_new(doc, RECTO_NODE_CELL));
  recto_cell_set(c, 1, 2, RECTO_ALIGN_CENTER);
  S_block(c, RECTO_NODE_PLAIN, "سال");
  recto_node *body = S_add(t, recto_node_new(doc, RECTO_NODE_TABLE_BODY));
  row = S_add(body, recto_node_new(doc, RECTO_NODE_ROW));
  c = S_add(row, recto_node_new(doc, RECTO_NODE_CELL));
  recto_cell_set(c, 2, 1, RECTO_ALIGN_DEFAULT);
  S_block(c, RECTO_NODE_PLAIN, "الف");
  S_block(S_add(row, recto_node_new(doc, RECTO_NODE_CELL)), RECTO_NODE_PLAIN,
          "۱۹۹۱");
  c = S_add(row, recto_node_new(doc, RECTO_NODE_CELL));
  S_block(c, RECTO_NODE_PARAGRAPH, "۱۹۹۹");
  S_block(c, RECTO_NODE_PARAGRAPH, "(دو بند)");
  row = S_add(body, recto_node_new(doc, RECTO_NODE_ROW));
  S_block(S_add(row, recto_node_new(doc, RECTO_NODE_CELL)), RECTO_NODE_PLAIN,
          "۴۰٪");
  S_add(row, recto_node_new(doc, RECTO_NODE_CELL)); /* empty cell */
  recto_node *foot = S_add(t, recto_node_new(doc, RECTO_NODE_TABLE_FOOT));
  row = S_add(foot, recto_node_new(doc, RECTO_NODE_ROW));
  c = S_add(row, recto_node_new(doc, RECTO_NODE_CELL));
  recto_cell_set(c, 1, 3, RECTO_ALIGN_DEFAULT);
  S_block(c, RECTO_NODE_PLAIN, "منبع: برآورد");
}

/* The Persian article with every feature. */
static recto_doc *S_rich(void) {
  recto_doc *doc = recto_doc_new();
  recto_doc_set_lang(doc, "fa");
  recto_doc_set_dir(doc, RECTO_DIR_RTL);
  recto_doc_set_source(doc, "file", "sample-rich.txt");
  recto_doc_set_source(doc, "format", "plain");
  recto_doc_set_source(doc, "encoding", "windows-1256");
  recto_doc_add_step(doc, "page-breaks",
                     "page breaks recovered from printed page numbers");
  recto_doc_add_step(doc, "notes", "footnotes joined to their markers");
  S_meta(doc);
  recto_node *root = recto_doc_root(doc);

  recto_node *p = S_block(root, RECTO_NODE_PARAGRAPH, "پیش از نخستین عنوان.");
  S_page(root, "۱۲", RECTO_PAGE_SOURCE_PAGE_NUMBER, "سرصفحهٔ فصل", NULL);

  S_heading(root, 1, "درآمد");
  p = S_block(root, RECTO_NODE_PARAGRAPH, "قزاقستان ");
  S_words(S_inline(p, RECTO_NODE_EMPH, NULL), "کشوری بزرگ");
  S_words(p, " است");
  S_note(p, "۱", "نخستین پانوشت.");
  S_words(p, " و ");
  recto_node *en = S_inline(p, RECTO_NODE_SPAN, "Assembly of People");
  recto_node_set_lang(en, "en");
  S_words(p, " را ساخت ");
  S_cite(p, "(Olsen and Berg 2019, 45)", "olsen2019", "45", NULL);
  S_words(p, " ");
  S_inline(p, RECTO_NODE_STRONG, "مهم");
  S_add(p, recto_node_new(doc, RECTO_NODE_SOFT_BREAK));
  S_page(p, "۱۳", RECTO_PAGE_SOURCE_PAGE_NUMBER, "سرصفحه", "پاصفحه");
  S_words(p, "ادامهٔ متن ");
  S_cite(p, "(کریمی ۱۳۹۹؛ Lima 2020)", "karimi1399", NULL, "chapter2020");
  S_words(p, " ");
  S_cite(p, "(Nobody 1900)", "missing-key", NULL, NULL);
  S_words(p, " ");
  S_cite(p, "[@hijri1420]", "hijri1420", NULL, NULL);
  S_words(p, ".");
  recto_node *ref = S_add(p, recto_node_new(doc, RECTO_NODE_NOTE_REF));
  recto_node_set_marker(ref, "۱");

  S_heading(root, 2, "جزئیات");
  recto_node *note_p = S_block(root, RECTO_NODE_PARAGRAPH, "بندی با ");
  recto_node *note = S_inline(note_p, RECTO_NODE_NOTE, NULL);
  recto_node_set_marker(note, "*");
  S_block(note, RECTO_NODE_PARAGRAPH, "پانوشت دو بندی.");
  S_block(note, RECTO_NODE_PARAGRAPH, "بند دوم.");
  S_words(note_p, " و ");
  recto_node *link = S_inline(note_p, RECTO_NODE_LINK, "پیوند");
  recto_node_set_url(link, "https://example.org/?a=1&b=2");
  S_words(note_p, " و ");
  recto_node *code_span = S_inline(note_p, RECTO_NODE_CODE, NULL);
  recto_node_set_text(code_span, "a < b", 5);
  S_words(note_p, " و ");
  recto_node *math = S_inline(note_p, RECTO_NODE_MATH, NULL);
  recto_node_set_text(math, "x^2", 3);
  S_words(note_p, " و ");
  /* display math where a paragraph does not hold it directly */
  recto_node *shown =
      S_inline(S_inline(note_p, RECTO_NODE_EMPH, NULL), RECTO_NODE_MATH, NULL);
  recto_node_set_text(shown, "\\sum_i x_i", 10);
  recto_node_set_math_display(shown, 1);
  S_add(note_p, recto_node_new(doc, RECTO_NODE_LINE_BREAK));
  recto_node *q = S_inline(note_p, RECTO_NODE_QUOTED, "نقل");
  recto_node_set_quote_kind(q, RECTO_QUOTE_SINGLE);
  S_inline(note_p, RECTO_NODE_SUPERSCRIPT, "۲");
  S_inline(note_p, RECTO_NODE_SUBSCRIPT, "۳");
  S_inline(note_p, RECTO_NODE_STRIKEOUT, "خط");
  S_inline(note_p, RECTO_NODE_UNDERLINE, "زیر");
  S_inline(note_p, RECTO_NODE_SMALLCAPS, "SC");
  recto_node *img = S_inline(note_p, RECTO_NODE_IMAGE, "نماد");
  recto_node_set_url(img, "icon.png");

  recto_node *list = S_block(root, RECTO_NODE_LIST, NULL);
  recto_list_set_kind(list, RECTO_LIST_ORDERED);
  recto_list_set_style(list, RECTO_LIST_STYLE_PERSIAN);
  recto_list_set_start(list, 3);
  recto_list_set_tight(list, 1);
  S_block(S_block(list, RECTO_NODE_ITEM, NULL), RECTO_NODE_PLAIN, "یکم");
  recto_node *item = S_block(list, RECTO_NODE_ITEM, NULL);
  S_block(item, RECTO_NODE_PLAIN, "دوم");
  recto_node *sub = S_block(item, RECTO_NODE_LIST, NULL);
  S_block(S_block(sub, RECTO_NODE_ITEM, NULL), RECTO_NODE_PLAIN, "زیر");
  S_block(list, RECTO_NODE_ITEM, NULL); /* an empty item */

  recto_node *dl = S_block(root, RECTO_NODE_DEF_LIST, NULL);
  recto_node *di = S_block(dl, RECTO_NODE_DEF_ITEM, NULL);
  S_block(di, RECTO_NODE_TERM, "واژه");
  S_block(S_block(di, RECTO_NODE_DEF, NULL), RECTO_NODE_PARAGRAPH, "معنی یک");
  S_block(S_block(di, RECTO_NODE_DEF, NULL), RECTO_NODE_PARAGRAPH, "معنی دو");

  recto_node *equation =
      S_inline(S_block(root, RECTO_NODE_PARAGRAPH, NULL), RECTO_NODE_MATH, NULL);
  recto_node_set_text(equation, "a^2 + b^2 = c^2", 15);
  recto_node_set_math_display(equation, 1);

  recto_node *bq = S_block(root, RECTO_NODE_BLOCK_QUOTE, NULL);
  S_block(bq, RECTO_NODE_PARAGRAPH, "نقل قول بلند.");
  S_page(bq, "۱۴", RECTO_PAGE_SOURCE_FORM_FEED, NULL, NULL);

  recto_node *code = S_block(root, RECTO_NODE_CODE_BLOCK, NULL);
  recto_node_set_info(code, "python");
  recto_node_set_text(code, "print(1 < 2)\n", 13);
  recto_node *raw = S_block(root, RECTO_NODE_RAW_BLOCK, NULL);
  recto_node_set_info(raw, "html");
  recto_node_set_text(raw, "<hr/>", 5);
  S_block(root, RECTO_NODE_THEMATIC_BREAK, NULL);
  recto_node *lb = S_block(root, RECTO_NODE_LINE_BLOCK, NULL);
  S_block(lb, RECTO_NODE_LINE, "سطر یک");
  S_block(lb, RECTO_NODE_LINE, "سطر دو");
  recto_node *flat = S_block(root, RECTO_NODE_TABLE_FLAT, NULL);
  recto_node_set_text(flat, "a   b\n1   2", 11);

  S_heading(root, 3, "جدول و تصویر");
  S_table(doc, root);
  recto_node *fig = S_block(root, RECTO_NODE_FIGURE, NULL);
  S_block(S_block(fig, RECTO_NODE_CAPTION, NULL), RECTO_NODE_PLAIN,
          "نقشه");
  recto_node *fp = S_block(fig, RECTO_NODE_PARAGRAPH, NULL);
  img = S_inline(fp, RECTO_NODE_IMAGE, "نقشهٔ منطقه");
  recto_node_set_url(img, "map.png");
  recto_node *div = S_block(root, RECTO_NODE_DIV, NULL);
  recto_node_set_lang(div, "en");
  recto_node_set_id(div, "english-part");
  S_block(div, RECTO_NODE_PARAGRAPH, "An English paragraph in a div.");
  recto_node *orphan = S_block(root, RECTO_NODE_DIV, NULL);
  recto_node_add_class(orphan, "orphan-note");
  recto_node_set_attr(orphan, "marker", "۹");
  S_block(orphan, RECTO_NODE_PARAGRAPH, "پانوشتی که نشانه‌اش گم شد.");

  S_heading(root, 1, "منابع");
  S_bibliography(doc, root, NULL);
  recto_context *ctx = recto_context_new();
  recto_context_set_handler(ctx, S_quiet, NULL);
  recto_doc_resolve_citations(ctx, doc);
  recto_context_free(ctx);
  return doc;
}

/* Shapes that push the writers into their corners. */
static recto_doc *S_edge(void) {
  recto_doc *doc = recto_doc_new();
  recto_doc_set_lang(doc, "en");
  recto_node *root = recto_doc_root(doc);
  S_heading(root, 1, "Only a heading");
  S_heading(root, 1, "Sections then loose blocks");
  S_heading(root, 2, "Inner");
  S_block(root, RECTO_NODE_PARAGRAPH, "Inside inner.");
  recto_node *div = S_block(root, RECTO_NODE_DIV, NULL);
  S_heading(div, 3, "In a div");
  S_block(div, RECTO_NODE_PARAGRAPH, "Div text.");
  S_block(root, RECTO_NODE_PARAGRAPH, "After the div: loose again.");
  S_page(root, "7", RECTO_PAGE_SOURCE_EXPLICIT, NULL, NULL);
  S_page(root, "7", RECTO_PAGE_SOURCE_EXPLICIT, NULL, NULL); /* same label */
  recto_node *bq = S_block(root, RECTO_NODE_BLOCK_QUOTE, NULL);
  S_heading(bq, 4, "Heading in a quote");
  S_block(root, RECTO_NODE_BLOCK_QUOTE, NULL); /* empty */
  S_block(root, RECTO_NODE_LIST, NULL);         /* empty */
  recto_node *dl = S_block(root, RECTO_NODE_DEF_LIST, NULL);
  S_block(dl, RECTO_NODE_DEF_ITEM, NULL); /* no term, no definition */
  /* a table with a foot after its body and no head */
  recto_node *t = S_block(root, RECTO_NODE_TABLE, NULL);
  recto_node *body = S_block(t, RECTO_NODE_TABLE_BODY, NULL);
  S_block(S_block(S_block(body, RECTO_NODE_ROW, NULL), RECTO_NODE_CELL, NULL),
          RECTO_NODE_PLAIN, "b");
  recto_node *foot = S_block(t, RECTO_NODE_TABLE_FOOT, NULL);
  S_block(S_block(S_block(foot, RECTO_NODE_ROW, NULL), RECTO_NODE_CELL, NULL),
          RECTO_NODE_PLAIN, "f");
  S_block(S_block(t, RECTO_NODE_TABLE_BODY, NULL), RECTO_NODE_ROW, NULL);
  /* a table with only a head */
  t = S_block(root, RECTO_NODE_TABLE, NULL);
  S_block(S_block(S_block(S_block(t, RECTO_NODE_TABLE_HEAD, NULL),
                          RECTO_NODE_ROW, NULL),
                  RECTO_NODE_CELL, NULL),
          RECTO_NODE_PLAIN, "h");
  S_block(root, RECTO_NODE_TABLE, NULL); /* no rows at all */
  /* a bibliography in the middle, then more text */
  S_bibliography(doc, root, "Works");
  S_block(root, RECTO_NODE_PARAGRAPH, "Text after the bibliography.");
  recto_node *p = S_block(root, RECTO_NODE_PARAGRAPH, "Nested ");
  recto_node *outer = S_inline(p, RECTO_NODE_NOTE, NULL);
  recto_node_set_marker(outer, "a");
  recto_node *inner_p = S_block(outer, RECTO_NODE_PARAGRAPH, "outer ");
  S_note(inner_p, "b", "inner");
  recto_node *cite = S_inline(p, RECTO_NODE_CITE, NULL); /* no text */
  recto_cite_item *it = recto_cite_add_item(cite);
  it->key = "olsen2019";
  recto_node *span = S_inline(p, RECTO_NODE_SPAN, "odd id");
  recto_node_set_id(span, "1 bad id");
  recto_node *ctl = S_inline(p, RECTO_NODE_SPAN, NULL);
  recto_node_add_class(ctl, "ctl");
  recto_node_set_dir(ctl, RECTO_DIR_RTL);
  S_words(ctl, "control \x01 char");
  S_page(p, NULL, RECTO_PAGE_SOURCE_UNKNOWN, NULL, NULL);

  /* Inlines where only some elements may go. */
  recto_node *h = S_heading(root, 1, "A heading with ");
  S_note(h, "c", "a note in a heading");
  S_page(h, "8", RECTO_PAGE_SOURCE_PAGE_NUMBER, "Head", "Foot");
  S_cite(h, "(Olsen and Berg 2019)", "olsen2019", NULL, NULL);
  recto_node *lp = S_block(root, RECTO_NODE_PARAGRAPH, NULL);
  recto_node *link = S_inline(lp, RECTO_NODE_LINK, "see ");
  recto_node_set_url(link, "#english-part");
  S_cite(link, "(Olsen and Berg 2019)", "olsen2019", NULL, NULL);
  recto_node *c2 = S_cite(lp, NULL, "olsen2019", "12", NULL);
  recto_node *inner_link = S_inline(c2, RECTO_NODE_LINK, "Olsen 2019");
  recto_node_set_url(inner_link, "https://example.org/o");
  recto_node *fa = S_text(doc, " فارسی");
  recto_node_set_lang(fa, "fa");
  S_add(lp, fa);
  S_inline(lp, RECTO_NODE_IMAGE, NULL); /* no url */
  S_block(root, RECTO_NODE_PARAGRAPH, NULL); /* empty */
  S_block(root, RECTO_NODE_HEADING, NULL);   /* empty heading */

  /* Blocks inside notes, cells, items and definitions. */
  recto_node *np = S_block(root, RECTO_NODE_PARAGRAPH, "Busy note");
  recto_node *busy = S_inline(np, RECTO_NODE_NOTE, NULL);
  recto_node_set_marker(busy, "†");
  recto_node *bl = S_block(busy, RECTO_NODE_LIST, NULL);
  S_block(S_block(bl, RECTO_NODE_ITEM, NULL), RECTO_NODE_PLAIN, "in note");
  recto_node *bc = S_block(busy, RECTO_NODE_CODE_BLOCK, NULL);
  recto_node_set_text(bc, "", 0);
  S_page(busy, "10", RECTO_PAGE_SOURCE_PAGE_NUMBER, NULL, NULL);
  recto_node *bt = S_block(busy, RECTO_NODE_TABLE, NULL);
  S_block(S_block(S_block(S_block(bt, RECTO_NODE_TABLE_BODY, NULL),
                          RECTO_NODE_ROW, NULL),
                  RECTO_NODE_CELL, NULL),
          RECTO_NODE_PLAIN, "cell in note");
  recto_node *t2 = S_block(root, RECTO_NODE_TABLE, NULL);
  recto_node *cap2 = S_block(t2, RECTO_NODE_CAPTION, NULL);
  recto_node *capp = S_block(cap2, RECTO_NODE_PARAGRAPH, "Caption ");
  S_note(capp, "d", "note in a caption");
  S_page(capp, "11", RECTO_PAGE_SOURCE_EXPLICIT, NULL, NULL);
  S_block(cap2, RECTO_NODE_PARAGRAPH, "second caption paragraph");
  recto_node *cell = S_block(S_block(S_block(t2, RECTO_NODE_TABLE_BODY, NULL),
                                     RECTO_NODE_ROW, NULL),
                             RECTO_NODE_CELL, NULL);
  recto_node *cl = S_block(cell, RECTO_NODE_LIST, NULL);
  S_block(S_block(cl, RECTO_NODE_ITEM, NULL), RECTO_NODE_PLAIN, "in cell");
  recto_node *il = S_block(root, RECTO_NODE_LIST, NULL);
  recto_node *ii = S_block(il, RECTO_NODE_ITEM, NULL);
  S_heading(ii, 2, "Heading in an item");
  recto_node *sect = S_block(ii, RECTO_NODE_SECTION, NULL);
  S_heading(sect, 3, "Section in an item");
  S_block(sect, RECTO_NODE_PARAGRAPH, "text");
  recto_node *dl2 = S_block(root, RECTO_NODE_DEF_LIST, NULL);
  recto_node *di2 = S_block(dl2, RECTO_NODE_DEF_ITEM, NULL);
  S_block(di2, RECTO_NODE_TERM, "one");
  S_block(di2, RECTO_NODE_TERM, "two terms");
  recto_node *dd = S_block(di2, RECTO_NODE_DEF, NULL);
  recto_node *dt = S_block(dd, RECTO_NODE_TABLE_FLAT, NULL);
  recto_node_set_text(dt, "x y", 3);
  recto_node *nested_div = S_block(root, RECTO_NODE_DIV, NULL);
  for (int k = 0; k < 3; k++)
    nested_div = S_block(nested_div, RECTO_NODE_DIV, NULL);
  recto_node_set_lang(nested_div, "fa");
  S_block(nested_div, RECTO_NODE_PARAGRAPH, "متن در div");
  S_heading(root, 1, "Last");
  S_page(root, "9", RECTO_PAGE_SOURCE_RUNNING_HEAD, "Running head", NULL);
  recto_context *ctx = recto_context_new();
  recto_context_set_handler(ctx, S_quiet, NULL);
  recto_doc_resolve_citations(ctx, doc);
  recto_context_free(ctx);
  return doc;
}

/* Two level-1 sections with level-2 sections: a book. */
static recto_doc *S_book(void) {
  recto_doc *doc = recto_doc_new();
  recto_doc_set_lang(doc, "en");
  recto_doc_meta_set_string(doc, "title", "A Small Book");
  recto_node *root = recto_doc_root(doc);
  S_block(root, RECTO_NODE_PARAGRAPH, "Front matter text.");
  for (int k = 1; k <= 2; k++) {
    S_heading(root, 1, k == 1 ? "Chapter one" : "Chapter two");
    S_block(root, RECTO_NODE_PARAGRAPH, "Chapter text.");
    S_heading(root, 2, "A section");
    S_block(root, RECTO_NODE_PARAGRAPH, "Section text.");
  }
  return doc;
}

/* Deep nesting: the writers must not recurse on depth. */
static recto_doc *S_deep(void) {
  recto_doc *doc = recto_doc_new();
  recto_node *n = recto_doc_root(doc);
  for (int k = 0; k < 20000; k++)
    n = S_block(n, RECTO_NODE_BLOCK_QUOTE, NULL);
  recto_node *p = S_block(n, RECTO_NODE_PARAGRAPH, NULL);
  for (int k = 0; k < 20000; k++)
    p = S_inline(p, RECTO_NODE_EMPH, NULL);
  S_words(p, "deep");
  return doc;
}

/* ---- random documents: any nesting the model allows ---- */

typedef struct {
  unsigned long long state;
  recto_doc *doc;
  int notes;
} S_rng;

static unsigned S_rand(S_rng *r, unsigned n) {
  r->state = r->state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (unsigned)((r->state >> 33) % n);
}

static const char *const S_words_pool[] = {
    "text", "متن فارسی", "نص عربي", "more words", "a<b&c", "\"quoted\"",
    "۱۲۳", "ZWNJ\xE2\x80\x8Cjoined", ""};

static void S_attrs(S_rng *r, recto_node *n) {
  static const char *const langs[] = {"fa", "en", "ar", "ru"};
  static const char *const ids[] = {"x", "1bad", "dup", "dup", "ref-k1",
                                    "fn1", "page-1"};
  if (!S_rand(r, 6))
    recto_node_set_lang(n, langs[S_rand(r, 4)]);
  if (!S_rand(r, 8))
    recto_node_set_dir(n, S_rand(r, 2) ? RECTO_DIR_RTL : RECTO_DIR_LTR);
  if (!S_rand(r, 10))
    recto_node_set_id(n, ids[S_rand(r, 7)]);
  if (!S_rand(r, 12))
    recto_node_add_class(n, S_rand(r, 2) ? "orphan-note" : "c1");
}

static void S_rand_inlines(S_rng *r, recto_node *parent, int depth);
static void S_rand_blocks(S_rng *r, recto_node *parent, int depth, int max);

/* A caption: paragraphs only (every writer flattens a caption into
   phrases, so headings or entries in it would not stay what they are). */
static void S_rand_caption(S_rng *r, recto_node *owner, int depth) {
  recto_node *cap = S_add(owner, recto_node_new(r->doc, RECTO_NODE_CAPTION));
  for (unsigned k = 1 + S_rand(r, 2); k > 0; k--)
    S_rand_inlines(r, S_add(cap, recto_node_new(r->doc, RECTO_NODE_PLAIN)),
                   depth + 1);
}

static void S_rand_inline(S_rng *r, recto_node *parent, int depth) {
  static const recto_node_type containers[] = {
      RECTO_NODE_EMPH,      RECTO_NODE_STRONG,    RECTO_NODE_STRIKEOUT,
      RECTO_NODE_UNDERLINE, RECTO_NODE_SUPERSCRIPT, RECTO_NODE_SUBSCRIPT,
      RECTO_NODE_SMALLCAPS, RECTO_NODE_QUOTED,    RECTO_NODE_LINK,
      RECTO_NODE_IMAGE,     RECTO_NODE_SPAN,      RECTO_NODE_CITE};
  recto_doc *doc = r->doc;
  unsigned pick = S_rand(r, depth > 3 ? 6 : 12);
  recto_node *n;
  switch (pick) {
  case 0:
  case 1:
    S_add(parent, S_text(doc, S_words_pool[S_rand(r, 9)]));
    return;
  case 2:
    S_add(parent, recto_node_new(doc, S_rand(r, 2) ? RECTO_NODE_SOFT_BREAK
                                                   : RECTO_NODE_LINE_BREAK));
    return;
  case 3:
    n = S_add(parent, recto_node_new(doc, S_rand(r, 2) ? RECTO_NODE_CODE
                                                       : RECTO_NODE_MATH));
    recto_node_set_text(n, "x < y", 5);
    S_attrs(r, n);
    return;
  case 4:
    S_page(parent, S_rand(r, 3) ? "۹" : NULL,
           (recto_page_source)S_rand(r, 5), S_rand(r, 2) ? "head" : NULL,
           S_rand(r, 2) ? "foot" : NULL);
    return;
  case 5:
    if (r->notes && S_rand(r, 2)) {
      n = S_add(parent, recto_node_new(doc, RECTO_NODE_NOTE_REF));
      recto_node_set_marker(n, "1");
    } else {
      /* raw content passes verbatim: well-formed for its format */
      static const char *const raw[][2] = {
          {"html", "<b>x</b>"},
          {"tei", "<hi>raw</hi>"},
          {"docbook", "<emphasis>raw</emphasis>"}};
      unsigned k = S_rand(r, 3);
      n = S_add(parent, recto_node_new(doc, RECTO_NODE_RAW_INLINE));
      recto_node_set_info(n, raw[k][0]);
      recto_node_set_text(n, raw[k][1], strlen(raw[k][1]));
    }
    return;
  case 6:
    if (depth < 5) {
      n = S_add(parent, recto_node_new(doc, RECTO_NODE_NOTE));
      recto_node_set_marker(n, S_rand(r, 2) ? "1" : "*");
      r->notes++;
      S_attrs(r, n);
      S_rand_blocks(r, n, depth + 1, 2);
      return;
    }
    break;
  default:
    break;
  }
  n = S_add(parent, recto_node_new(doc, containers[S_rand(r, 12)]));
  S_attrs(r, n);
  recto_node_type t = recto_node_type_of(n);
  if (t == RECTO_NODE_LINK || t == RECTO_NODE_IMAGE)
    recto_node_set_url(n, S_rand(r, 4) ? "https://example.org/a?b=1&c" : "");
  if (t == RECTO_NODE_CITE) {
    recto_cite_item *it = recto_cite_add_item(n);
    it->key = S_rand(r, 3) ? "k1" : "nokey";
    if (S_rand(r, 2)) {
      it = recto_cite_add_item(n);
      it->key = "k2";
      it->locator = "3";
    }
  }
  if (S_rand(r, 5))
    S_rand_inlines(r, n, depth + 1);
}

static void S_rand_inlines(S_rng *r, recto_node *parent, int depth) {
  unsigned n = S_rand(r, 4);
  for (unsigned k = 0; k < n; k++)
    S_rand_inline(r, parent, depth);
}

static void S_rand_cell_rows(S_rng *r, recto_node *part, int depth) {
  unsigned rows = S_rand(r, 3);
  for (unsigned k = 0; k < rows; k++) {
    recto_node *row = S_add(part, recto_node_new(r->doc, RECTO_NODE_ROW));
    unsigned cells = S_rand(r, 3);
    for (unsigned c = 0; c < cells; c++) {
      recto_node *cell = S_add(row, recto_node_new(r->doc, RECTO_NODE_CELL));
      recto_cell_set(cell, 1 + (int)S_rand(r, 2), 1 + (int)S_rand(r, 2),
                     (recto_align)S_rand(r, 4));
      S_attrs(r, cell);
      S_rand_blocks(r, cell, depth + 1, 2);
    }
  }
}

static void S_rand_block(S_rng *r, recto_node *parent, int depth) {
  recto_doc *doc = r->doc;
  unsigned pick = S_rand(r, depth > 4 ? 4 : 17);
  recto_node *n;
  switch (pick) {
  case 0:
  case 1:
  case 2:
    n = S_add(parent, recto_node_new(doc, S_rand(r, 3) ? RECTO_NODE_PARAGRAPH
                                                       : RECTO_NODE_PLAIN));
    S_attrs(r, n);
    S_rand_inlines(r, n, depth);
    return;
  case 3:
    S_page(parent, "12", RECTO_PAGE_SOURCE_PAGE_NUMBER, NULL, NULL);
    return;
  case 4:
    n = S_add(parent, recto_node_new(doc, RECTO_NODE_HEADING));
    recto_node_set_level(n, 1 + (int)S_rand(r, 6));
    S_attrs(r, n);
    S_rand_inlines(r, n, depth);
    return;
  case 5:
    n = S_add(parent, recto_node_new(doc, RECTO_NODE_LIST));
    recto_list_set_kind(n, (recto_list_kind)S_rand(r, 2));
    recto_list_set_style(n, (recto_list_style)S_rand(r, 8));
    recto_list_set_start(n, (int)S_rand(r, 5));
    for (unsigned k = S_rand(r, 3); k > 0; k--)
      S_rand_blocks(r, S_add(n, recto_node_new(doc, RECTO_NODE_ITEM)),
                    depth + 1, 2);
    return;
  case 6: {
    n = S_add(parent, recto_node_new(doc, RECTO_NODE_DEF_LIST));
    recto_node *item = S_add(n, recto_node_new(doc, RECTO_NODE_DEF_ITEM));
    for (unsigned k = S_rand(r, 3); k > 0; k--)
      S_rand_inlines(r, S_add(item, recto_node_new(doc, RECTO_NODE_TERM)),
                     depth);
    for (unsigned k = S_rand(r, 3); k > 0; k--)
      S_rand_blocks(r, S_add(item, recto_node_new(doc, RECTO_NODE_DEF)),
                    depth + 1, 2);
    return;
  }
  case 7: {
    n = S_add(parent, recto_node_new(doc, RECTO_NODE_TABLE));
    S_attrs(r, n);
    recto_table_set_columns(n, S_rand(r, 3));
    if (S_rand(r, 2))
      S_rand_caption(r, n, depth);
    static const recto_node_type parts[] = {RECTO_NODE_TABLE_HEAD,
                                            RECTO_NODE_TABLE_BODY,
                                            RECTO_NODE_TABLE_FOOT};
    for (unsigned k = S_rand(r, 4); k > 0; k--)
      S_rand_cell_rows(r, S_add(n, recto_node_new(doc, parts[S_rand(r, 3)])),
                       depth);
    return;
  }
  case 8:
    n = S_add(parent, recto_node_new(doc, RECTO_NODE_FIGURE));
    if (S_rand(r, 2))
      S_rand_caption(r, n, depth);
    S_rand_blocks(r, n, depth + 1, 2);
    return;
  case 9:
  case 10:
    n = S_add(parent, recto_node_new(doc, S_rand(r, 2) ? RECTO_NODE_DIV
                                                       : RECTO_NODE_BLOCK_QUOTE));
    S_attrs(r, n);
    S_rand_blocks(r, n, depth + 1, 4);
    return;
  case 11:
    n = S_add(parent, recto_node_new(doc, RECTO_NODE_SECTION));
    S_attrs(r, n);
    S_add(n, recto_node_new(doc, RECTO_NODE_HEADING));
    S_rand_blocks(r, n, depth + 1, 3);
    return;
  case 12: {
    n = S_add(parent, recto_node_new(doc, RECTO_NODE_BIBLIOGRAPHY));
    if (S_rand(r, 2))
      S_heading(n, 2, "Refs");
    for (unsigned k = S_rand(r, 3); k > 0; k--) {
      recto_bib_entry *e = recto_bib_entry_new(doc);
      e->id = k == 1 ? "k1" : "k2";
      if (S_rand(r, 2))
        e->title = "A title";
      else
        e->raw = "Raw, entry. 2020.";
      e->issued.year[0] = 1400;
      e->issued.calendar = (recto_calendar)S_rand(r, 3);
      recto_node *bn = S_add(n, recto_node_new(doc, RECTO_NODE_BIB_ENTRY));
      recto_node_set_bib_entry(bn, e);
      if (S_rand(r, 3) == 0)
        S_page(n, "5", RECTO_PAGE_SOURCE_EXPLICIT, NULL, NULL);
    }
    return;
  }
  default: {
    static const recto_node_type leaves[] = {
        RECTO_NODE_CODE_BLOCK, RECTO_NODE_RAW_BLOCK, RECTO_NODE_THEMATIC_BREAK,
        RECTO_NODE_TABLE_FLAT};
    n = S_add(parent, recto_node_new(doc, leaves[S_rand(r, 4)]));
    if (recto_node_type_of(n) == RECTO_NODE_RAW_BLOCK) {
      static const char *const raw[][2] = {{"html", "<hr/>"},
                                           {"tei", "<p>raw</p>"},
                                           {"docbook", "<para>raw</para>"}};
      unsigned k = S_rand(r, 3);
      recto_node_set_info(n, raw[k][0]);
      recto_node_set_text(n, raw[k][1], strlen(raw[k][1]));
    } else if (recto_node_type_of(n) != RECTO_NODE_THEMATIC_BREAK) {
      recto_node_set_text(n, "a\nb <c>", 7);
    }
    return;
  }
  }
}

static void S_rand_blocks(S_rng *r, recto_node *parent, int depth, int max) {
  unsigned n = S_rand(r, (unsigned)max + 1);
  for (unsigned k = 0; k < n; k++)
    S_rand_block(r, parent, depth);
}

/* "random-N": a document of random structure, the same for the same N. */
static recto_doc *S_random(unsigned long long seed) {
  S_rng r = {seed * 2654435761ULL + 1, recto_doc_new(), 0};
  if (S_rand(&r, 2))
    recto_doc_set_lang(r.doc, S_rand(&r, 2) ? "fa" : "en");
  if (S_rand(&r, 2))
    recto_doc_meta_set_string(r.doc, "title", "Random");
  S_rand_blocks(&r, recto_doc_root(r.doc), 0, 12);
  recto_context *ctx = recto_context_new();
  recto_context_set_handler(ctx, S_quiet, NULL);
  recto_doc_resolve_citations(ctx, r.doc);
  recto_context_free(ctx);
  return r.doc;
}

recto_doc *fixture_build(const char *name) {
  if (strncmp(name, "random-", 7) == 0)
    return S_random(strtoull(name + 7, NULL, 10));
  if (strcmp(name, "rich") == 0)
    return S_rich();
  if (strcmp(name, "edge") == 0)
    return S_edge();
  if (strcmp(name, "book") == 0)
    return S_book();
  if (strcmp(name, "deep") == 0)
    return S_deep();
  if (strcmp(name, "empty") == 0)
    return recto_doc_new();
  return NULL;
}

const char *const fixture_names[] = {"rich", "edge", "book", "deep", "empty",
                                     NULL};
