/* model.c: the native format against the document model.  A document
   holding every node kind and every property is written, read back and
   compared accessor by accessor; golden files (argv) must read and write
   back byte for byte; bad inputs must fail with line and column; deep
   trees must not touch the C stack. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "../api/harness.h"
#include "json.h"
#include "native.h"
#include "recto/recto.h"

/* ---- plumbing ---- */

typedef struct S_diags {
  size_t errors, warnings;
  char code[64];
  char message[512];
  recto_pos pos;
} S_diags;

static void S_handler(const recto_diag *d, void *user) {
  S_diags *dg = user;
  if (d->severity == RECTO_DIAG_ERROR) {
    if (!dg->errors++) { /* keep the first error */
      snprintf(dg->code, sizeof dg->code, "%s", d->code);
      snprintf(dg->message, sizeof dg->message, "%s", d->message);
      dg->pos = d->pos;
    }
  } else if (d->severity == RECTO_DIAG_WARNING) {
    dg->warnings++;
  }
}

static recto_status S_read(const char *text, size_t len, recto_doc **out,
                           S_diags *dg) {
  memset(dg, 0, sizeof *dg);
  recto_context *ctx = recto_context_new();
  recto_context_set_handler(ctx, S_handler, dg);
  recto_input in = {"test.native", (const unsigned char *)text, len, "UTF-8"};
  recto_status st = native_read(ctx, &in, NULL, out);
  recto_context_free(ctx);
  return st;
}

static char *S_write(recto_doc *doc, size_t *len) {
  recto_context *ctx = recto_context_new();
  recto_buf out = RECTO_BUF_INIT;
  native_write(ctx, doc, NULL, &out);
  recto_context_free(ctx);
  char *s = recto_buf_detach(&out, len);
  return s ? s : calloc(1, 1);
}

static int S_streq(const char *a, const char *b) {
  return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* ---- a document with everything ---- */

static recto_node *S_add(recto_node *parent, recto_node_type type) {
  recto_node *n = recto_node_new(recto_node_doc(parent), type);
  if (recto_node_append(parent, n) != 0) {
    fprintf(stderr, "cannot put a %s in a %s\n", recto_node_type_name(type),
            recto_node_type_name(recto_node_type_of(parent)));
    abort();
  }
  return n;
}

static recto_node *S_text(recto_node *parent, const char *s) {
  recto_node *n = S_add(parent, RECTO_NODE_TEXT);
  recto_node_set_text(n, s, strlen(s));
  return n;
}

static recto_bib_entry *S_entry(recto_doc *doc) {
  recto_bib_entry *e = recto_bib_entry_new(doc);
  e->id = "umarov2022";
  e->type = "chapter";
  recto_name *a = recto_name_new(doc);
  a->family = "عمروف";
  a->given = "علی";
  a->affiliation = "Tehran";
  recto_name_append(&e->author, a);
  recto_name *b = recto_name_new(doc);
  b->family = "Gaulle";
  b->given = "Charles";
  b->dropping_particle = "de";
  b->non_dropping_particle = "van";
  b->suffix = "Jr.";
  recto_name_append(&e->author, b);
  recto_name *c = recto_name_new(doc);
  c->literal = "United Nations";
  recto_name_append(&e->editor, c);
  recto_name *d = recto_name_new(doc);
  d->family = "Петров";
  recto_name_append(&e->translator, d);
  e->title = "Title";
  e->container_title = "Book";
  e->collection_title = "Series";
  e->publisher = "Ney";
  e->publisher_place = "Tehran";
  e->edition = "2";
  e->volume = "3";
  e->issue = "4";
  e->page = "33-35";
  e->number = "5";
  e->issued.year[0] = 1403;
  e->issued.month[0] = 2;
  e->issued.day[0] = 15;
  e->issued.year[1] = 1404;
  e->issued.month[1] = 1;
  e->issued.day[1] = 2;
  e->issued.calendar = RECTO_CALENDAR_SOLAR_HIJRI;
  e->issued.circa = 1;
  e->issued.literal = "spring 1403";
  e->accessed.year[0] = 2024;
  e->accessed.calendar = RECTO_CALENDAR_HIJRI;
  e->doi = "10.1000/x";
  e->url = "https://example.org/";
  e->isbn = "978-3-16-148410-0";
  e->issn = "1234-5678";
  e->note = "note";
  e->language = "fa";
  e->dir = RECTO_DIR_RTL;
  e->raw = "@incollection{umarov2022}";
  e->pos.line = 3;
  e->pos.column = 4;
  e->pos.offset = 5000000000ull;
  e->source = "refs.bib";
  e->cited = 7;
  return e;
}

static recto_doc *S_build_all(void) {
  recto_doc *doc = recto_doc_new();
  recto_doc_set_lang(doc, "fa");
  recto_doc_set_dir(doc, RECTO_DIR_RTL);
  recto_doc_set_source(doc, "file", "book.txt");
  recto_doc_set_source(doc, "format", "plaintext");
  recto_doc_set_source(doc, "encoding", "windows-1256");
  recto_doc_add_step(doc, "pages", "form feeds");
  recto_doc_add_step(doc, "notes", NULL);

  recto_meta *meta = recto_doc_meta(doc);
  recto_meta_set(meta, "title", recto_meta_new_string(doc, "عنوان"));
  recto_meta_set(meta, "draft", recto_meta_new_bool(doc, 1));
  recto_meta *list = recto_meta_new_list(doc);
  recto_meta *map = recto_meta_new_map(doc);
  recto_meta_set(map, "name", recto_meta_new_string(doc, "A"));
  recto_meta_append(list, map);
  recto_meta_append(list, recto_meta_new_list(doc));
  recto_meta_set(meta, "author", list);
  recto_node *span = recto_node_new(doc, RECTO_NODE_SPAN);
  S_text(S_add(span, RECTO_NODE_EMPH), "sub");
  recto_meta_set(meta, "subtitle", recto_meta_new_nodes(doc, span));
  recto_node *div = recto_node_new(doc, RECTO_NODE_DIV);
  S_text(S_add(div, RECTO_NODE_PARAGRAPH), "abstract");
  recto_meta_set(meta, "abstract", recto_meta_new_nodes(doc, div));

  recto_node *root = recto_doc_root(doc);
  recto_node_set_id(root, "root");
  recto_pos p0 = {1, 2, 3};
  recto_node_set_pos(root, p0);

  /* common properties on a paragraph */
  recto_node *para = S_add(root, RECTO_NODE_PARAGRAPH);
  recto_pos pos = {12, 34, 567};
  recto_node_set_pos(para, pos);
  recto_node_set_lang(para, "en-GB");
  recto_node_set_dir(para, RECTO_DIR_AUTO);
  recto_node_set_id(para, "p1");
  recto_node_set_classes(para, "a b");
  recto_node_set_attr(para, "n", "75");
  recto_node_set_attr(para, "empty", "");
  recto_node *t = S_add(para, RECTO_NODE_TEXT);
  recto_node_set_text(t, "nul\0inside", 10);
  S_add(para, RECTO_NODE_SOFT_BREAK);
  S_add(para, RECTO_NODE_LINE_BREAK);
  static const recto_node_type spans[] = {
      RECTO_NODE_EMPH,        RECTO_NODE_STRONG,    RECTO_NODE_STRIKEOUT,
      RECTO_NODE_UNDERLINE,   RECTO_NODE_SUPERSCRIPT, RECTO_NODE_SUBSCRIPT,
      RECTO_NODE_SMALLCAPS,   RECTO_NODE_SPAN};
  for (size_t k = 0; k < sizeof spans / sizeof spans[0]; k++)
    S_text(S_add(para, spans[k]), recto_node_type_name(spans[k]));
  recto_node *q = S_add(para, RECTO_NODE_QUOTED);
  recto_node_set_quote_kind(q, RECTO_QUOTE_SINGLE);
  S_text(q, "q");
  recto_node *code = S_add(para, RECTO_NODE_CODE);
  recto_node_set_text(code, "x < y", 5);
  recto_node *math = S_add(para, RECTO_NODE_MATH);
  recto_node_set_math_display(math, 1);
  recto_node_set_text(math, "x^2", 3);
  recto_node *ri = S_add(para, RECTO_NODE_RAW_INLINE);
  recto_node_set_info(ri, "tex");
  recto_node_set_text(ri, "\\TeX", 4);
  recto_node *link = S_add(para, RECTO_NODE_LINK);
  recto_node_set_url(link, "https://e.org/?a&b");
  recto_node_set_title(link, "T");
  S_text(link, "link");
  recto_node *img = S_add(para, RECTO_NODE_IMAGE);
  recto_node_set_url(img, "a.png");
  S_text(img, "alt");
  recto_node *note = S_add(para, RECTO_NODE_NOTE);
  recto_node_set_marker(note, "۱");
  S_text(S_add(note, RECTO_NODE_PARAGRAPH), "note");
  recto_node *ref = S_add(para, RECTO_NODE_NOTE_REF);
  recto_node_set_marker(ref, "۱");
  recto_node *comment = S_add(para, RECTO_NODE_ANNOTATION);
  recto_node_set_attr(comment, "author", "ویراستار");
  S_text(S_add(comment, RECTO_NODE_PARAGRAPH), "comment");
  recto_node *cite = S_add(para, RECTO_NODE_CITE);
  recto_cite_item *it = recto_cite_add_item(cite);
  it->key = "umarov2022";
  it->prefix = "see";
  it->suffix = ", and more";
  it->locator = "33";
  it->label = "page";
  it->mode = RECTO_CITE_AUTHOR_IN_TEXT;
  recto_cite_item *it2 = recto_cite_add_item(cite);
  it2->key = "unknown";
  it2->mode = RECTO_CITE_SUPPRESS_AUTHOR;
  S_text(cite, "@umarov2022");
  recto_node *pb = S_add(para, RECTO_NODE_PAGE_BREAK);
  recto_page_set(pb, "۷۵", RECTO_PAGE_SOURCE_RUNNING_HEAD, "head", "foot");

  recto_node *lb = S_add(root, RECTO_NODE_LINE_BLOCK);
  S_text(S_add(lb, RECTO_NODE_LINE), "line");
  recto_node *cb = S_add(root, RECTO_NODE_CODE_BLOCK);
  recto_node_set_info(cb, "c");
  recto_node_set_text(cb, "int x;\n", 7);
  recto_node *rb = S_add(root, RECTO_NODE_RAW_BLOCK);
  recto_node_set_info(rb, "html");
  recto_node_set_text(rb, "<hr>", 4);
  recto_node *bq = S_add(root, RECTO_NODE_BLOCK_QUOTE);
  S_add(bq, RECTO_NODE_PLAIN);
  recto_node *l = S_add(root, RECTO_NODE_LIST);
  recto_list_set_kind(l, RECTO_LIST_ORDERED);
  recto_list_set_style(l, RECTO_LIST_STYLE_PERSIAN);
  recto_list_set_delim(l, RECTO_LIST_DELIM_DASH);
  recto_list_set_start(l, 5);
  recto_list_set_tight(l, 1);
  S_add(S_add(l, RECTO_NODE_ITEM), RECTO_NODE_PLAIN);
  recto_node *dl = S_add(root, RECTO_NODE_DEF_LIST);
  recto_node *di = S_add(dl, RECTO_NODE_DEF_ITEM);
  S_text(S_add(di, RECTO_NODE_TERM), "term");
  S_add(S_add(di, RECTO_NODE_DEF), RECTO_NODE_PARAGRAPH);
  recto_node *h = S_add(root, RECTO_NODE_HEADING);
  recto_node_set_level(h, 3);
  S_add(root, RECTO_NODE_THEMATIC_BREAK);
  recto_node *table = S_add(root, RECTO_NODE_TABLE);
  recto_table_set_columns(table, 3);
  recto_table_set_column(table, 0, RECTO_ALIGN_LEFT, 0.25);
  recto_table_set_column(table, 1, RECTO_ALIGN_CENTER, 0.1);
  recto_table_set_column(table, 2, RECTO_ALIGN_RIGHT, 1.0 / 3.0);
  S_add(table, RECTO_NODE_CAPTION);
  recto_node *row = S_add(S_add(table, RECTO_NODE_TABLE_HEAD), RECTO_NODE_ROW);
  recto_node *cell = S_add(row, RECTO_NODE_CELL);
  recto_cell_set(cell, 2, 3, RECTO_ALIGN_RIGHT);
  S_add(S_add(table, RECTO_NODE_TABLE_BODY), RECTO_NODE_ROW);
  S_add(table, RECTO_NODE_TABLE_FOOT);
  recto_node *fig = S_add(root, RECTO_NODE_FIGURE);
  S_add(fig, RECTO_NODE_CAPTION);
  S_add(fig, RECTO_NODE_PLAIN);
  recto_node *d = S_add(root, RECTO_NODE_DIV);
  recto_node *sec = S_add(d, RECTO_NODE_SECTION);
  recto_node_set_level(sec, 2);
  S_add(sec, RECTO_NODE_HEADING);
  recto_node *nd = S_add(root, RECTO_NODE_NOTE_DEF);
  recto_node_set_marker(nd, "۱");
  S_add(nd, RECTO_NODE_PARAGRAPH);
  recto_node *tf = S_add(root, RECTO_NODE_TABLE_FLAT);
  recto_node_set_text(tf, "a  b\n1  2", 9);
  S_add(root, RECTO_NODE_PAGE_BREAK);
  recto_node *bibnode = recto_doc_add_entry(doc, S_entry(doc));
  (void)bibnode;
  recto_doc_add_entry(doc, recto_bib_entry_new(doc)); /* an empty entry */
  /* the item resolves to the entry written out */
  it->entry = recto_doc_find_entry(doc, "umarov2022");
  return doc;
}

/* ---- comparing two documents through the accessors ---- */

static void S_same_names(test_batch *t, const recto_name *a,
                         const recto_name *b, const char *what) {
  for (; a || b; a = a->next, b = b->next) {
    if (!OK(t, a && b, "%s: name lists differ in length", what))
      return;
    OK(t,
       S_streq(a->family, b->family) && S_streq(a->given, b->given) &&
           S_streq(a->dropping_particle, b->dropping_particle) &&
           S_streq(a->non_dropping_particle, b->non_dropping_particle) &&
           S_streq(a->suffix, b->suffix) && S_streq(a->literal, b->literal) &&
           S_streq(a->affiliation, b->affiliation),
       "%s: a name differs", what);
  }
}

static void S_same_date(test_batch *t, const recto_date *a,
                        const recto_date *b, const char *what) {
  OK(t,
     memcmp(a->year, b->year, sizeof a->year) == 0 &&
         memcmp(a->month, b->month, sizeof a->month) == 0 &&
         memcmp(a->day, b->day, sizeof a->day) == 0 &&
         a->calendar == b->calendar && a->circa == b->circa &&
         S_streq(a->literal, b->literal),
     "%s differs", what);
}

static void S_same_entry(test_batch *t, const recto_bib_entry *a,
                         const recto_bib_entry *b) {
  if (!OK(t, (a == NULL) == (b == NULL), "entry presence differs") || !a)
    return;
#define SAME(f) STR_EQ(t, b->f, a->f, "entry field " #f)
  SAME(id); SAME(type); SAME(title); SAME(container_title);
  SAME(collection_title); SAME(publisher); SAME(publisher_place);
  SAME(edition); SAME(volume); SAME(issue); SAME(page); SAME(number);
  SAME(doi); SAME(url); SAME(isbn); SAME(issn); SAME(note); SAME(language);
  SAME(raw); SAME(source);
#undef SAME
  S_same_names(t, a->author, b->author, "author");
  S_same_names(t, a->editor, b->editor, "editor");
  S_same_names(t, a->translator, b->translator, "translator");
  S_same_date(t, &a->issued, &b->issued, "issued");
  S_same_date(t, &a->accessed, &b->accessed, "accessed");
  INT_EQ(t, b->dir, a->dir, "entry dir");
  INT_EQ(t, b->cited, a->cited, "entry cited");
  OK(t, a->pos.line == b->pos.line && a->pos.column == b->pos.column &&
            a->pos.offset == b->pos.offset,
     "entry pos");
}

static void S_same_node(test_batch *t, const recto_node *a,
                        const recto_node *b) {
  recto_node_type ty = recto_node_type_of(a);
  const char *name = recto_node_type_name(ty);
  if (!INT_EQ(t, recto_node_type_of(b), ty, "kind at %s", name))
    return;
  recto_pos pa = recto_node_pos(a), pb = recto_node_pos(b);
  OK(t, pa.line == pb.line && pa.column == pb.column && pa.offset == pb.offset,
     "%s: pos", name);
  STR_EQ(t, recto_node_lang(b), recto_node_lang(a), "%s: lang", name);
  INT_EQ(t, recto_node_dir(b), recto_node_dir(a), "%s: dir", name);
  STR_EQ(t, recto_node_id(b), recto_node_id(a), "%s: id", name);
  STR_EQ(t, recto_node_classes(b), recto_node_classes(a), "%s: classes", name);
  size_t na = recto_node_attr_count(a);
  INT_EQ(t, recto_node_attr_count(b), na, "%s: attribute count", name);
  for (size_t i = 0; i < na; i++) {
    const char *ka, *va, *kb = NULL, *vb = NULL;
    recto_node_attr_at(a, i, &ka, &va);
    recto_node_attr_at(b, i, &kb, &vb);
    OK(t, S_streq(ka, kb) && S_streq(va, vb), "%s: attribute %zu", name, i);
  }
  switch (ty) {
  case RECTO_NODE_TEXT: case RECTO_NODE_CODE: case RECTO_NODE_MATH:
  case RECTO_NODE_CODE_BLOCK: case RECTO_NODE_RAW_BLOCK:
  case RECTO_NODE_RAW_INLINE: case RECTO_NODE_TABLE_FLAT:
    OK(t, recto_node_text_len(a) == recto_node_text_len(b) &&
              memcmp(recto_node_text(a), recto_node_text(b),
                     recto_node_text_len(a)) == 0,
       "%s: text", name);
    break;
  default:
    break;
  }
  switch (ty) {
  case RECTO_NODE_CODE_BLOCK: case RECTO_NODE_RAW_BLOCK:
  case RECTO_NODE_RAW_INLINE:
    STR_EQ(t, recto_node_info(b), recto_node_info(a), "%s: info", name);
    break;
  case RECTO_NODE_LINK: case RECTO_NODE_IMAGE:
    STR_EQ(t, recto_node_url(b), recto_node_url(a), "%s: url", name);
    STR_EQ(t, recto_node_title(b), recto_node_title(a), "%s: title", name);
    break;
  case RECTO_NODE_HEADING: case RECTO_NODE_SECTION:
    INT_EQ(t, recto_node_level(b), recto_node_level(a), "%s: level", name);
    break;
  case RECTO_NODE_NOTE: case RECTO_NODE_NOTE_REF: case RECTO_NODE_NOTE_DEF:
    STR_EQ(t, recto_node_marker(b), recto_node_marker(a), "%s: marker", name);
    break;
  case RECTO_NODE_QUOTED:
    INT_EQ(t, recto_node_quote_kind(b), recto_node_quote_kind(a), "quote");
    break;
  case RECTO_NODE_MATH:
    INT_EQ(t, recto_node_math_display(b), recto_node_math_display(a),
           "display");
    break;
  case RECTO_NODE_LIST:
    INT_EQ(t, recto_list_kind_of(b), recto_list_kind_of(a), "list kind");
    INT_EQ(t, recto_list_style_of(b), recto_list_style_of(a), "list style");
    INT_EQ(t, recto_list_delim_of(b), recto_list_delim_of(a), "list delim");
    INT_EQ(t, recto_list_start(b), recto_list_start(a), "list start");
    INT_EQ(t, recto_list_tight(b), recto_list_tight(a), "list tight");
    break;
  case RECTO_NODE_TABLE:
    INT_EQ(t, recto_table_columns(b), recto_table_columns(a), "columns");
    for (size_t i = 0; i < recto_table_columns(a); i++) {
      INT_EQ(t, recto_table_column_align(b, i), recto_table_column_align(a, i),
             "column %zu align", i);
      OK(t, recto_table_column_width(b, i) == recto_table_column_width(a, i),
         "column %zu width exact", i);
    }
    break;
  case RECTO_NODE_CELL:
    INT_EQ(t, recto_cell_rowspan(b), recto_cell_rowspan(a), "rowspan");
    INT_EQ(t, recto_cell_colspan(b), recto_cell_colspan(a), "colspan");
    INT_EQ(t, recto_cell_align(b), recto_cell_align(a), "cell align");
    break;
  case RECTO_NODE_PAGE_BREAK:
    STR_EQ(t, recto_page_label(b), recto_page_label(a), "page label");
    INT_EQ(t, recto_page_source_of(b), recto_page_source_of(a), "page source");
    STR_EQ(t, recto_page_header(b), recto_page_header(a), "page header");
    STR_EQ(t, recto_page_footer(b), recto_page_footer(a), "page footer");
    break;
  case RECTO_NODE_CITE:
    INT_EQ(t, recto_cite_count(b), recto_cite_count(a), "cite items");
    for (size_t i = 0; i < recto_cite_count(a) && i < recto_cite_count(b);
         i++) {
      const recto_cite_item *x = recto_cite_item_at(a, i);
      const recto_cite_item *y = recto_cite_item_at(b, i);
      OK(t, S_streq(x->key, y->key) && S_streq(x->prefix, y->prefix) &&
                S_streq(x->suffix, y->suffix) &&
                S_streq(x->locator, y->locator) &&
                S_streq(x->label, y->label) && x->mode == y->mode,
         "cite item %zu", i);
      OK(t, (x->entry == NULL) == (y->entry == NULL) &&
                (!x->entry || S_streq(x->entry->id, y->entry->id)),
         "cite item %zu resolution", i);
    }
    break;
  case RECTO_NODE_BIB_ENTRY:
    S_same_entry(t, recto_node_bib_entry(a), recto_node_bib_entry(b));
    break;
  default:
    break;
  }
}

static void S_same_tree(test_batch *t, recto_node *a, recto_node *b) {
  recto_iter *ia = recto_iter_new(a), *ib = recto_iter_new(b);
  recto_event ea, eb;
  size_t nodes = 0;
  do {
    ea = recto_iter_next(ia);
    eb = recto_iter_next(ib);
    if (!INT_EQ(t, eb, ea, "walks differ after %zu nodes", nodes))
      break;
    if (ea == RECTO_EVENT_ENTER) {
      S_same_node(t, recto_iter_node(ia), recto_iter_node(ib));
      nodes++;
    }
  } while (ea != RECTO_EVENT_DONE);
  recto_iter_free(ia);
  recto_iter_free(ib);
}

/* Metadata compared with an explicit stack of pairs. */
static void S_same_meta(test_batch *t, recto_meta *a, recto_meta *b) {
  recto_meta *st[128][2];
  size_t len = 0;
  st[len][0] = a;
  st[len++][1] = b;
  while (len) {
    len--;
    recto_meta *x = st[len][0], *y = st[len][1];
    if (!INT_EQ(t, recto_meta_kind_of(y), recto_meta_kind_of(x), "meta kind"))
      continue;
    switch (recto_meta_kind_of(x)) {
    case RECTO_META_BOOL:
      INT_EQ(t, recto_meta_bool(y), recto_meta_bool(x), "meta bool");
      break;
    case RECTO_META_STRING:
      STR_EQ(t, recto_meta_string(y), recto_meta_string(x), "meta string");
      break;
    case RECTO_META_INLINES:
    case RECTO_META_BLOCKS:
      S_same_tree(t, recto_meta_nodes(x), recto_meta_nodes(y));
      break;
    case RECTO_META_MAP:
    case RECTO_META_LIST:
      if (!INT_EQ(t, recto_meta_count(y), recto_meta_count(x), "meta count"))
        break;
      for (size_t i = 0; i < recto_meta_count(x) && len < 127; i++) {
        const char *kx = NULL, *ky = NULL;
        st[len][0] = recto_meta_at(x, i, &kx);
        st[len++][1] = recto_meta_at(y, i, &ky);
        STR_EQ(t, ky, kx, "meta key %zu", i);
      }
      break;
    }
  }
}

static void S_same_doc(test_batch *t, recto_doc *a, recto_doc *b) {
  STR_EQ(t, recto_doc_lang(b), recto_doc_lang(a), "doc lang");
  INT_EQ(t, recto_doc_dir(b), recto_doc_dir(a), "doc dir");
  static const char *const src[] = {"file", "format", "encoding"};
  for (size_t k = 0; k < 3; k++)
    STR_EQ(t, recto_doc_source(b, src[k]), recto_doc_source(a, src[k]),
           "doc source %s", src[k]);
  INT_EQ(t, recto_doc_step_count(b), recto_doc_step_count(a), "steps");
  for (size_t i = 0; i < recto_doc_step_count(a); i++) {
    const char *na, *da, *nb = NULL, *db = NULL;
    recto_doc_step_at(a, i, &na, &da);
    recto_doc_step_at(b, i, &nb, &db);
    OK(t, S_streq(na, nb) && S_streq(da, db), "step %zu", i);
  }
  S_same_meta(t, recto_doc_meta(a), recto_doc_meta(b));
  S_same_tree(t, recto_doc_root(a), recto_doc_root(b));
}

/* ---- tests ---- */

static void test_model_roundtrip(test_batch *t) {
  recto_doc *doc = S_build_all();
  size_t n1, n2;
  char *s1 = S_write(doc, &n1);
  recto_doc *back = NULL;
  S_diags dg;
  INT_EQ(t, S_read(s1, n1, &back, &dg), RECTO_OK, "read back: %s",
         dg.message);
  INT_EQ(t, dg.warnings, 0, "no warnings reading our own output");
  if (back) {
    S_same_doc(t, doc, back);
    char *s2 = S_write(back, &n2);
    OK(t, n1 == n2 && memcmp(s1, s2, n1) == 0,
       "native -> native is byte-identical");
    free(s2);
    /* every node kind is in the dump */
    for (int k = RECTO_NODE_DOCUMENT + 1; k <= RECTO_NODE_PAGE_BREAK; k++) {
      const char *name = recto_node_type_name((recto_node_type)k);
      if (strcmp(name, "none") == 0)
        continue;
      char pat[64];
      snprintf(pat, sizeof pat, "\"type\": \"%s\"", name);
      OK(t, strstr(s1, pat) != NULL, "kind %s is written", name);
    }
    recto_doc_free(back);
  }
  free(s1);
  recto_doc_free(doc);
}

static char *S_slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  recto_buf b = RECTO_BUF_INIT;
  char tmp[65536];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
    recto_buf_put(&b, tmp, n);
  fclose(f);
  char *s = recto_buf_detach(&b, len);
  return s ? s : calloc(1, 1);
}

static void test_golden(test_batch *t, const char *path) {
  size_t len, out_len;
  char *text = S_slurp(path, &len);
  if (!OK(t, text != NULL, "cannot read %s", path))
    return;
  recto_doc *doc = NULL;
  S_diags dg;
  if (INT_EQ(t, S_read(text, len, &doc, &dg), RECTO_OK, "%s: %u:%u: %s",
             path, dg.pos.line, dg.pos.column, dg.message)) {
    INT_EQ(t, dg.warnings, 0, "%s: no warnings", path);
    char *out = S_write(doc, &out_len);
    OK(t, out_len == len && memcmp(out, text, len) == 0,
       "%s reads and writes back byte for byte", path);
    free(out);
    recto_doc_free(doc);
  }
  free(text);
}

static void S_expect_error(test_batch *t, const char *text, const char *code,
                           unsigned line, unsigned column,
                           const char *message_part) {
  recto_doc *doc = NULL;
  S_diags dg;
  recto_status st = S_read(text, strlen(text), &doc, &dg);
  INT_EQ(t, st, RECTO_ERR_INPUT, "refused: %.60s", text);
  OK(t, doc == NULL, "no document on error");
  STR_EQ(t, dg.code, code, "diagnostic code for %.60s", text);
  OK(t, dg.pos.line == line && dg.pos.column == column,
     "position %u:%u expected, got %u:%u (%s)", line, column, dg.pos.line,
     dg.pos.column, dg.message);
  OK(t, strstr(dg.message, message_part) != NULL, "message '%s' has '%s'",
     dg.message, message_part);
  if (doc)
    recto_doc_free(doc);
}

static void test_errors(test_batch *t) {
  S_expect_error(t, "{\"recto-native\": 2, \"blocks\": []}", "native.version",
                 1, 18, "version 2");
  S_expect_error(t, "{\n  \"recto-native\": \"1\"}", "native.version", 2, 19,
                 "version");
  S_expect_error(t, "{\"blocks\": []}", "native.syntax", 1, 1, "missing");
  S_expect_error(t, "[1, 2]", "native.syntax", 1, 1, "missing");
  S_expect_error(t,
                 "{\"recto-native\": 1,\n \"blocks\": [\n  {\"type\": "
                 "\"nonsense\"}]}",
                 "native.syntax", 3, 12, "unknown node type");
  S_expect_error(t,
                 "{\"recto-native\": 1, \"blocks\": [{\"type\": \"text\", "
                 "\"text\": \"x\"}]}",
                 "native.syntax", 1, 32, "cannot contain");
  S_expect_error(t,
                 "{\"recto-native\": 1, \"blocks\": [{\"type\": \"code_block\","
                 " \"children\": [{\"type\": \"text\"}]}]}",
                 "native.syntax", 1, 67, "no children");
  S_expect_error(t,
                 "{\"recto-native\": 1, \"blocks\": [{\"type\": \"div\", "
                 "\"dir\": \"sideways\"}]}",
                 "native.syntax", 1, 55, "ltr");
  S_expect_error(t,
                 "{\"recto-native\": 1, \"blocks\": [{\"type\": \"heading\", "
                 "\"level\": 9}]}",
                 "native.syntax", 1, 61, "integer");
  S_expect_error(t, "{\"recto-native\": 1, \"blocks\": [", "native.json", 1, 32,
                 "end of input");
  S_expect_error(t, "{\"recto-native\": 1,\n\"blocks\": [1,]}", "native.json",
                 2, 14, "value");
  S_expect_error(t, "{\"recto-native\": 1} x", "native.json", 1, 21,
                 "after the JSON value");
  S_expect_error(t, "{\"a\": \"\xff\"}", "native.json", 1, 8, "UTF-8");
  S_expect_error(t, "{\"a\": \"\\ud800\"}", "native.json", 1, 8, "surrogate");
  S_expect_error(t, "{\"a\": \"x\ny\"}", "native.json", 1, 9, "control");
  S_expect_error(t, "{\"a\": 01}", "native.json", 1, 8, "expected");
  S_expect_error(t, "{\"a\": 1.}", "native.json", 1, 9, "digit");
  S_expect_error(t, "{\"a\" 1}", "native.json", 1, 6, "':'");
  S_expect_error(t, "{\"a\": tru}", "native.json", 1, 7, "value");
  /* columns count characters, not bytes */
  S_expect_error(t, "{\"ن\": 1, \"recto-native\": 1, \"blocks\": [{\"type\": 7}]}",
                 "native.syntax", 1, 49, "type");
}

static void test_json(test_batch *t) {
  rj_doc jd;
  rj_error err;
  const char *text = "{\"s\": \"a\\u00e9\\ud83d\\ude00\\n\\/\", \"n\": -1.5e3, "
                     "\"i\": 42, \"t\": true, \"f\": false, \"z\": null, "
                     "\"a\": [], \"o\": {}}";
  if (INT_EQ(t, rj_parse(text, strlen(text), &jd, &err), 0, "%s",
             err.message)) {
    rj_value *s = rj_get(jd.root, "s");
    STR_EQ(t, s->str, "a\xc3\xa9\xf0\x9f\x98\x80\n/", "escapes");
    double d;
    OK(t, rj_double(rj_get(jd.root, "n"), &d) == 0 && d == -1500.0, "double");
    long long i;
    OK(t, rj_int(rj_get(jd.root, "i"), 0, 100, &i) == 0 && i == 42, "int");
    OK(t, rj_int(rj_get(jd.root, "n"), -10000, 10000, &i) < 0,
       "not an integer");
    INT_EQ(t, rj_get(jd.root, "t")->type, RJ_TRUE, "true");
    INT_EQ(t, rj_get(jd.root, "z")->type, RJ_NULL, "null");
    INT_EQ(t, rj_get(jd.root, "a")->count, 0, "empty array");
    INT_EQ(t, jd.root->count, 8, "members");
    INT_EQ(t, jd.root->end, strlen(text), "end offset");
  }
  rj_free(&jd);
  /* string emitting: controls escaped, invalid UTF-8 replaced */
  recto_buf b = RECTO_BUF_INIT;
  rj_put_string(&b, "a\"\\\x01\x7f\xff\xe2\x80\x8c\xd9\x85", 11);
  STR_EQ(t, b.data, "\"a\\\"\\\\\\u0001\\u007f\xef\xbf\xbd\\u200c\xd9\x85\"",
         "rj_put_string");
  recto_buf_clear(&b);
  rj_put_double(&b, 0.1);
  rj_put_double(&b, 1.0 / 3.0);
  STR_EQ(t, b.data, "0.10.3333333333333333", "shortest doubles");
  recto_buf_free(&b);
}

/* n nested block quotes around a paragraph */
static void test_deep(test_batch *t, size_t depth) {
  recto_doc *doc = recto_doc_new();
  /* Built from the inside out: linking a node under a long chain of
     ancestors is the core's business (tests/api), not this test's. */
  recto_node *p = recto_node_new(doc, RECTO_NODE_PARAGRAPH);
  S_text(p, "zqdeep");
  for (size_t i = 0; i < depth; i++) {
    recto_node *q = recto_node_new(doc, RECTO_NODE_BLOCK_QUOTE);
    recto_node_append(q, p);
    p = q;
  }
  recto_node_append(recto_doc_root(doc), p);
  size_t n1, n2;
  char *s1 = S_write(doc, &n1);
  recto_doc *back = NULL;
  S_diags dg;
  if (INT_EQ(t, S_read(s1, n1, &back, &dg), RECTO_OK, "deep %zu read: %s",
             depth, dg.message)) {
    size_t d = 0;
    recto_node *n = recto_doc_root(back);
    while (recto_node_first_child(n) &&
           recto_node_type_of(recto_node_first_child(n)) ==
               RECTO_NODE_BLOCK_QUOTE) {
      n = recto_node_first_child(n);
      d++;
    }
    INT_EQ(t, d, depth, "depth kept");
    char *s2 = S_write(back, &n2);
    OK(t, n1 == n2 && memcmp(s1, s2, n1) == 0, "deep %zu identical", depth);
    free(s2);
    recto_doc_free(back);
  }
  free(s1);
  recto_doc_free(doc);
  /* and as raw JSON: arrays 10x deeper than that, unclosed */
  size_t k = depth * 10;
  char *deep = malloc(k + 32);
  strcpy(deep, "{\"recto-native\": 1, \"x\": ");
  size_t off = strlen(deep);
  memset(deep + off, '[', k);
  deep[off + k] = '\0';
  recto_doc *none = NULL;
  OK(t, S_read(deep, off + k, &none, &dg) == RECTO_ERR_INPUT,
     "unclosed deep arrays refused");
  free(deep);
}

static int S_cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.native of a directory, in name order. */
static void test_golden_dir(test_batch *t, const char *dir) {
  DIR *d = opendir(dir);
  if (!OK(t, d != NULL, "cannot open %s", dir))
    return;
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    size_t len = strlen(de->d_name);
    if (len < 8 || strcmp(de->d_name + len - 7, ".native") != 0)
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      names = realloc(names, cap * sizeof *names);
    }
    names[n] = malloc(strlen(dir) + len + 2);
    sprintf(names[n++], "%s/%s", dir, de->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof *names, S_cmp_names);
  OK(t, n > 0, "golden files in %s", dir);
  for (size_t i = 0; i < n; i++) {
    test_golden(t, names[i]);
    free(names[i]);
  }
  free(names);
}

int main(int argc, char **argv) {
  test_batch t = {0, 0, 0};
  test_json(&t);
  test_model_roundtrip(&t);
  test_errors(&t);
  test_deep(&t, 10000);
  test_deep(&t, 100000);
  for (int i = 1; i < argc; i++)
    test_golden_dir(&t, argv[i]);
  return test_report(&t, "native-model");
}
