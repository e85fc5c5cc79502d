/* api.c: the public API of librecto, one group of checks per header:
   nodes and linking, accessors, attributes, metadata, bibliography
   entries, the iterator, the arena, buffers, UTF-8 helpers, options,
   diagnostics and the shared passes. */
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "recto/recto.h"

/* ---- helpers ---- */

static recto_node *S_add(recto_node *parent, recto_node_type type) {
  recto_node *n = recto_node_new(recto_node_doc(parent), type);
  recto_node_append(parent, n);
  return n;
}

static recto_node *S_text(recto_node *parent, const char *s) {
  recto_node *n = recto_node_new_text(recto_node_doc(parent), s, strlen(s));
  recto_node_append(parent, n);
  return n;
}

typedef struct S_diags {
  size_t count[3];
  char code[8][64];
  char message[8][256];
  recto_pos pos[8];
  char file[128];
  size_t n;
} S_diags;

static void S_handler(const recto_diag *d, void *user) {
  S_diags *dg = user;
  dg->count[d->severity]++;
  if (dg->n < 8) {
    snprintf(dg->code[dg->n], sizeof dg->code[0], "%s", d->code ? d->code : "");
    snprintf(dg->message[dg->n], sizeof dg->message[0], "%s", d->message);
    dg->pos[dg->n] = d->pos;
    dg->n++;
  }
  snprintf(dg->file, sizeof dg->file, "%s", d->file ? d->file : "");
}

static recto_context *S_ctx(S_diags *dg) {
  memset(dg, 0, sizeof *dg);
  recto_context *ctx = recto_context_new();
  recto_context_set_handler(ctx, S_handler, dg);
  return ctx;
}

static int S_has_code(const S_diags *dg, const char *code) {
  for (size_t k = 0; k < dg->n; k++)
    if (strcmp(dg->code[k], code) == 0)
      return 1;
  return 0;
}

/* The kinds of node.h, in order. */
static const recto_node_type S_kinds[] = {
    RECTO_NODE_DOCUMENT,   RECTO_NODE_PARAGRAPH,   RECTO_NODE_PLAIN,
    RECTO_NODE_LINE_BLOCK, RECTO_NODE_LINE,        RECTO_NODE_CODE_BLOCK,
    RECTO_NODE_RAW_BLOCK,  RECTO_NODE_BLOCK_QUOTE, RECTO_NODE_LIST,
    RECTO_NODE_ITEM,       RECTO_NODE_DEF_LIST,    RECTO_NODE_DEF_ITEM,
    RECTO_NODE_TERM,       RECTO_NODE_DEF,         RECTO_NODE_HEADING,
    RECTO_NODE_THEMATIC_BREAK, RECTO_NODE_TABLE,   RECTO_NODE_TABLE_HEAD,
    RECTO_NODE_TABLE_BODY, RECTO_NODE_TABLE_FOOT,  RECTO_NODE_ROW,
    RECTO_NODE_CELL,       RECTO_NODE_CAPTION,     RECTO_NODE_FIGURE,
    RECTO_NODE_DIV,        RECTO_NODE_SECTION,     RECTO_NODE_NOTE_DEF,
    RECTO_NODE_BIBLIOGRAPHY, RECTO_NODE_BIB_ENTRY, RECTO_NODE_TABLE_FLAT,
    RECTO_NODE_TEXT,       RECTO_NODE_SOFT_BREAK,  RECTO_NODE_LINE_BREAK,
    RECTO_NODE_EMPH,       RECTO_NODE_STRONG,      RECTO_NODE_STRIKEOUT,
    RECTO_NODE_UNDERLINE,  RECTO_NODE_SUPERSCRIPT, RECTO_NODE_SUBSCRIPT,
    RECTO_NODE_SMALLCAPS,  RECTO_NODE_QUOTED,      RECTO_NODE_CODE,
    RECTO_NODE_MATH,       RECTO_NODE_RAW_INLINE,  RECTO_NODE_LINK,
    RECTO_NODE_IMAGE,      RECTO_NODE_NOTE,        RECTO_NODE_NOTE_REF,
    RECTO_NODE_CITE,       RECTO_NODE_SPAN,        RECTO_NODE_ANNOTATION,
    RECTO_NODE_PAGE_BREAK};
#define S_NKINDS (sizeof S_kinds / sizeof S_kinds[0])

/* ---- nodes ---- */

static void test_kinds(test_batch *t) {
  recto_doc *doc = recto_doc_new();
  for (size_t k = 0; k < S_NKINDS; k++) {
    recto_node_type ty = S_kinds[k];
    const char *name = recto_node_type_name(ty);
    OK(t, name && strcmp(name, "none") != 0, "kind %d has a name", (int)ty);
    INT_EQ(t, recto_node_type_from_name(name), ty, "name '%s' reads back",
           name);
    for (size_t j = 0; j < k; j++)
      OK(t, strcmp(name, recto_node_type_name(S_kinds[j])) != 0,
         "name '%s' is unique", name);
    recto_node *n = recto_node_new(doc, ty);
    INT_EQ(t, recto_node_type_of(n), ty, "new %s", name);
    OK(t, recto_node_doc(n) == doc, "%s knows its document", name);
    OK(t, !recto_node_parent(n) && !recto_node_first_child(n) &&
              !recto_node_next(n) && !recto_node_prev(n),
       "new %s is unlinked", name);
    OK(t, recto_node_is_block(ty) || recto_node_is_inline(ty),
       "%s is a block or an inline", name);
    OK(t, !(recto_node_is_block(ty) && recto_node_is_inline(ty)) ||
              ty == RECTO_NODE_PAGE_BREAK,
       "only the page break is both");
  }
  INT_EQ(t, recto_node_type_from_name("nonsense"), RECTO_NODE_NONE, "unknown");
  INT_EQ(t, recto_node_type_from_name(NULL), RECTO_NODE_NONE, "NULL name");
  STR_EQ(t, recto_node_type_name((recto_node_type)999), "none", "bad kind");
  OK(t, recto_node_is_leaf(RECTO_NODE_TEXT) &&
            recto_node_is_leaf(RECTO_NODE_PAGE_BREAK) &&
            recto_node_is_leaf(RECTO_NODE_BIB_ENTRY) &&
            recto_node_is_leaf(RECTO_NODE_NOTE_REF) &&
            !recto_node_is_leaf(RECTO_NODE_NOTE) &&
            !recto_node_is_leaf(RECTO_NODE_CITE),
     "leaf kinds");
  recto_node *t1 = recto_node_new_text(doc, "abc\0def", 7);
  INT_EQ(t, recto_node_text_len(t1), 7, "text length with NUL");
  OK(t, memcmp(recto_node_text(t1), "abc\0def", 8) == 0,
     "text copied and NUL-terminated");
  recto_doc_free(doc);
}

static void test_linking(test_batch *t) {
  recto_doc *doc = recto_doc_new();
  recto_node *root = recto_doc_root(doc);
  INT_EQ(t, recto_node_type_of(root), RECTO_NODE_DOCUMENT, "root kind");
  recto_node *a = recto_node_new(doc, RECTO_NODE_PARAGRAPH);
  recto_node *b = recto_node_new(doc, RECTO_NODE_PARAGRAPH);
  recto_node *c = recto_node_new(doc, RECTO_NODE_PARAGRAPH);
  recto_node *d = recto_node_new(doc, RECTO_NODE_PARAGRAPH);
  INT_EQ(t, recto_node_append(root, b), 0, "append");
  INT_EQ(t, recto_node_prepend(root, a), 0, "prepend");
  INT_EQ(t, recto_node_insert_after(b, d), 0, "insert after");
  INT_EQ(t, recto_node_insert_before(d, c), 0, "insert before");
  OK(t, recto_node_first_child(root) == a && recto_node_next(a) == b &&
            recto_node_next(b) == c && recto_node_next(c) == d &&
            !recto_node_next(d) && recto_node_last_child(root) == d,
     "order a b c d");
  OK(t, recto_node_prev(d) == c && recto_node_prev(c) == b &&
            recto_node_prev(b) == a && !recto_node_prev(a),
     "back links");
  OK(t, recto_node_parent(c) == root, "parent");
  /* refusals */
  INT_EQ(t, recto_node_append(root, a), -1, "a linked node is refused");
  INT_EQ(t, recto_node_append(a, recto_node_new(doc, RECTO_NODE_PARAGRAPH)),
         -1, "paragraph in paragraph");
  INT_EQ(t, recto_node_append(root, recto_node_new(doc, RECTO_NODE_TEXT)), -1,
         "text in document");
  INT_EQ(t, recto_node_append(root, recto_node_new(doc, RECTO_NODE_ITEM)), -1,
         "item outside a list");
  INT_EQ(t, recto_node_append(a, recto_node_new(doc, RECTO_NODE_DOCUMENT)), -1,
         "a document is never a child");
  recto_node *leaf = recto_node_new(doc, RECTO_NODE_CODE_BLOCK);
  INT_EQ(t, recto_node_append(leaf, recto_node_new(doc, RECTO_NODE_TEXT)), -1,
         "leaves take no children");
  recto_doc *other = recto_doc_new();
  INT_EQ(t, recto_node_append(root, recto_node_new(other, RECTO_NODE_PARAGRAPH)),
         -1, "a node of another document");
  recto_doc_free(other);
  recto_node *q1 = recto_node_new(doc, RECTO_NODE_BLOCK_QUOTE);
  recto_node *q2 = S_add(q1, RECTO_NODE_BLOCK_QUOTE);
  INT_EQ(t, recto_node_append(q2, q1), -1, "no cycles");
  INT_EQ(t, recto_node_insert_before(root, recto_node_new(doc,
                                                          RECTO_NODE_DIV)),
         -1, "no sibling of the root");
  INT_EQ(t, recto_node_insert_after(q1, recto_node_new(doc, RECTO_NODE_DIV)),
         -1, "no sibling of an unlinked node");
  /* what contains what */
  struct {
    recto_node_type parent, child;
    int ok;
  } rules[] = {
      {RECTO_NODE_LIST, RECTO_NODE_ITEM, 1},
      {RECTO_NODE_LIST, RECTO_NODE_PARAGRAPH, 0},
      {RECTO_NODE_ITEM, RECTO_NODE_PARAGRAPH, 1},
      {RECTO_NODE_TABLE, RECTO_NODE_ROW, 0},
      {RECTO_NODE_TABLE, RECTO_NODE_TABLE_BODY, 1},
      {RECTO_NODE_TABLE_BODY, RECTO_NODE_ROW, 1},
      {RECTO_NODE_ROW, RECTO_NODE_CELL, 1},
      {RECTO_NODE_CELL, RECTO_NODE_PARAGRAPH, 1},
      {RECTO_NODE_CELL, RECTO_NODE_TEXT, 0},
      {RECTO_NODE_DEF_ITEM, RECTO_NODE_TERM, 1},
      {RECTO_NODE_DEF_ITEM, RECTO_NODE_DEF, 1},
      {RECTO_NODE_LINE_BLOCK, RECTO_NODE_LINE, 1},
      {RECTO_NODE_LINE, RECTO_NODE_TEXT, 1},
      {RECTO_NODE_NOTE, RECTO_NODE_PARAGRAPH, 1},
      {RECTO_NODE_NOTE, RECTO_NODE_TEXT, 0},
      {RECTO_NODE_PARAGRAPH, RECTO_NODE_NOTE, 1},
      {RECTO_NODE_PARAGRAPH, RECTO_NODE_PAGE_BREAK, 1},
      {RECTO_NODE_DOCUMENT, RECTO_NODE_PAGE_BREAK, 1},
      {RECTO_NODE_BIBLIOGRAPHY, RECTO_NODE_BIB_ENTRY, 1},
      {RECTO_NODE_BIBLIOGRAPHY, RECTO_NODE_PARAGRAPH, 0},
      {RECTO_NODE_FIGURE, RECTO_NODE_CAPTION, 1},
      {RECTO_NODE_CITE, RECTO_NODE_TEXT, 1},
      {RECTO_NODE_CITE, RECTO_NODE_PARAGRAPH, 0},
      {RECTO_NODE_SPAN, RECTO_NODE_EMPH, 1},
      {RECTO_NODE_PARAGRAPH, RECTO_NODE_ANNOTATION, 1},
      {RECTO_NODE_ANNOTATION, RECTO_NODE_PARAGRAPH, 1},
      {RECTO_NODE_ANNOTATION, RECTO_NODE_TEXT, 0},
      {RECTO_NODE_TEXT, RECTO_NODE_TEXT, 0},
  };
  for (size_t k = 0; k < sizeof rules / sizeof rules[0]; k++) {
    recto_node *p = recto_node_new(doc, rules[k].parent);
    INT_EQ(t, recto_node_can_contain(p, rules[k].child) != 0, rules[k].ok,
           "%s in %s", recto_node_type_name(rules[k].child),
           recto_node_type_name(rules[k].parent));
  }
  OK(t, !recto_node_can_contain(NULL, RECTO_NODE_TEXT), "NULL parent");
  /* unlink keeps the subtree */
  recto_node *em = S_add(b, RECTO_NODE_EMPH);
  S_text(em, "x");
  recto_node_unlink(b);
  OK(t, !recto_node_parent(b) && recto_node_next(a) == c &&
            recto_node_prev(c) == a,
     "unlinked from the middle");
  OK(t, recto_node_first_child(b) == em, "subtree kept");
  recto_node_unlink(a);
  recto_node_unlink(d);
  OK(t, recto_node_first_child(root) == c && recto_node_last_child(root) == c,
     "unlinked first and last");
  recto_node_unlink(c);
  OK(t, !recto_node_first_child(root) && !recto_node_last_child(root),
     "empty again");
  recto_node_unlink(c); /* twice: harmless */
  INT_EQ(t, recto_node_append(root, b), 0, "relinked");
  recto_doc_free(doc);
}

static void test_properties(test_batch *t) {
  recto_doc *doc = recto_doc_new();
  recto_node *root = recto_doc_root(doc);
  recto_node *p = S_add(root, RECTO_NODE_PARAGRAPH);
  recto_pos pos = {3, 7, 42};
  recto_node_set_pos(p, pos);
  OK(t, recto_node_pos(p).line == 3 && recto_node_pos(p).column == 7 &&
            recto_node_pos(p).offset == 42,
     "pos");
  /* language and direction inherit */
  recto_node *s = S_add(p, RECTO_NODE_SPAN);
  recto_node *tx = S_text(s, "x");
  STR_EQ(t, recto_node_lang(tx), NULL, "no own language");
  STR_EQ(t, recto_node_effective_lang(tx), NULL, "nothing to inherit");
  INT_EQ(t, recto_node_effective_dir(tx), RECTO_DIR_LTR, "ltr by default");
  recto_doc_set_lang(doc, "fa");
  STR_EQ(t, recto_node_effective_lang(tx), "fa", "document language");
  INT_EQ(t, recto_node_effective_dir(tx), RECTO_DIR_RTL, "rtl from fa");
  char lang[] = "en-GB";
  recto_node_set_lang(p, lang);
  lang[0] = 'X';
  STR_EQ(t, recto_node_lang(p), "en-GB", "setter copies");
  STR_EQ(t, recto_node_effective_lang(tx), "en-GB", "ancestor's language");
  INT_EQ(t, recto_node_effective_dir(tx), RECTO_DIR_LTR, "ltr from en");
  recto_node_set_dir(s, RECTO_DIR_RTL);
  INT_EQ(t, recto_node_effective_dir(tx), RECTO_DIR_RTL, "explicit dir");
  INT_EQ(t, recto_node_dir(tx), RECTO_DIR_UNSET, "own dir unset");
  recto_doc_set_dir(doc, RECTO_DIR_RTL);
  recto_node_set_dir(s, RECTO_DIR_UNSET);
  INT_EQ(t, recto_node_effective_dir(tx), RECTO_DIR_RTL, "document dir");
  recto_node_set_lang(p, NULL);
  STR_EQ(t, recto_node_lang(p), NULL, "language removed");
  recto_doc_set_lang(doc, NULL);
  STR_EQ(t, recto_doc_lang(doc), NULL, "document language removed");
  /* id and classes */
  recto_node_set_id(p, "intro");
  STR_EQ(t, recto_node_id(p), "intro", "id");
  STR_EQ(t, recto_node_classes(p), "", "no classes: empty string");
  OK(t, !recto_node_has_class(p, "a"), "no class a");
  recto_node_add_class(p, "a");
  recto_node_add_class(p, "bb");
  recto_node_add_class(p, "a");
  STR_EQ(t, recto_node_classes(p), "a bb", "classes added once");
  OK(t, recto_node_has_class(p, "bb") && !recto_node_has_class(p, "b") &&
            !recto_node_has_class(p, ""),
     "has_class matches whole words");
  recto_node_set_classes(p, "  x  y ");
  OK(t, recto_node_has_class(p, "x") && recto_node_has_class(p, "y"),
     "classes with extra spaces");
  /* key/value attributes keep their order */
  recto_node_set_attr(p, "n", "75");
  recto_node_set_attr(p, "k", "v");
  recto_node_set_attr(p, "z", "");
  INT_EQ(t, recto_node_attr_count(p), 3, "three attributes");
  recto_node_set_attr(p, "n", "76");
  STR_EQ(t, recto_node_attr(p, "n"), "76", "replaced");
  const char *k = NULL, *v = NULL;
  OK(t, recto_node_attr_at(p, 0, &k, &v) == 0 && !strcmp(k, "n") &&
            !strcmp(v, "76"),
     "replacing keeps the place");
  OK(t, recto_node_attr_at(p, 2, &k, &v) == 0 && !strcmp(k, "z") && !*v,
     "empty value kept");
  INT_EQ(t, recto_node_attr_at(p, 3, &k, &v), -1, "past the end");
  recto_node_set_attr(p, "k", NULL);
  INT_EQ(t, recto_node_attr_count(p), 2, "removed");
  STR_EQ(t, recto_node_attr(p, "k"), NULL, "gone");
  recto_node_set_attr(p, "nothing", NULL);
  INT_EQ(t, recto_node_attr_count(p), 2, "removing a missing key");
  recto_node_set_attr(p, "n", NULL);
  OK(t, recto_node_attr_at(p, 0, &k, &v) == 0 && !strcmp(k, "z"),
     "removing the first");

  /* kind-specific */
  recto_node *cb = S_add(root, RECTO_NODE_CODE_BLOCK);
  STR_EQ(t, recto_node_text(cb), "", "no text: empty string");
  recto_node_set_text(cb, "int x;", 6);
  recto_node_set_info(cb, "c");
  STR_EQ(t, recto_node_text(cb), "int x;", "code text");
  STR_EQ(t, recto_node_info(cb), "c", "info");
  recto_node *link = recto_node_new(doc, RECTO_NODE_LINK);
  recto_node_set_url(link, "https://e.org/");
  recto_node_set_title(link, "T");
  STR_EQ(t, recto_node_url(link), "https://e.org/", "url");
  STR_EQ(t, recto_node_title(link), "T", "title");
  recto_node *h = recto_node_new(doc, RECTO_NODE_HEADING);
  INT_EQ(t, recto_node_level(h), 1, "heading level defaults to 1");
  recto_node_set_level(h, 4);
  INT_EQ(t, recto_node_level(h), 4, "level");
  recto_node_set_level(h, 9);
  INT_EQ(t, recto_node_level(h), 6, "level clamped to 6");
  recto_node_set_level(h, 0);
  INT_EQ(t, recto_node_level(h), 1, "level clamped to 1");
  recto_node *note = recto_node_new(doc, RECTO_NODE_NOTE);
  STR_EQ(t, recto_node_marker(note), NULL, "no marker");
  recto_node_set_marker(note, "۱۲");
  STR_EQ(t, recto_node_marker(note), "۱۲", "marker");
  recto_node *qt = recto_node_new(doc, RECTO_NODE_QUOTED);
  INT_EQ(t, recto_node_quote_kind(qt), RECTO_QUOTE_DOUBLE, "double default");
  recto_node_set_quote_kind(qt, RECTO_QUOTE_SINGLE);
  INT_EQ(t, recto_node_quote_kind(qt), RECTO_QUOTE_SINGLE, "single");
  recto_node *m = recto_node_new(doc, RECTO_NODE_MATH);
  recto_node_set_math_display(m, 7);
  INT_EQ(t, recto_node_math_display(m), 1, "display normalised");
  recto_node *l = recto_node_new(doc, RECTO_NODE_LIST);
  OK(t, recto_list_kind_of(l) == RECTO_LIST_BULLET &&
            recto_list_style_of(l) == RECTO_LIST_STYLE_DEFAULT &&
            recto_list_delim_of(l) == RECTO_LIST_DELIM_DEFAULT &&
            recto_list_start(l) == 1 && !recto_list_tight(l),
     "list defaults");
  recto_list_set_kind(l, RECTO_LIST_ORDERED);
  recto_list_set_style(l, RECTO_LIST_STYLE_PERSIAN);
  recto_list_set_delim(l, RECTO_LIST_DELIM_DASH);
  recto_list_set_start(l, 0);
  recto_list_set_tight(l, 5);
  OK(t, recto_list_kind_of(l) == RECTO_LIST_ORDERED &&
            recto_list_style_of(l) == RECTO_LIST_STYLE_PERSIAN &&
            recto_list_delim_of(l) == RECTO_LIST_DELIM_DASH &&
            recto_list_start(l) == 0 && recto_list_tight(l) == 1,
     "list properties");
  recto_node *tb = recto_node_new(doc, RECTO_NODE_TABLE);
  INT_EQ(t, recto_table_columns(tb), 0, "no columns");
  recto_table_set_columns(tb, 2);
  recto_table_set_column(tb, 1, RECTO_ALIGN_RIGHT, 0.5);
  OK(t, recto_table_column_align(tb, 0) == RECTO_ALIGN_DEFAULT &&
            recto_table_column_width(tb, 0) == 0.0,
     "new columns are default");
  OK(t, recto_table_column_align(tb, 1) == RECTO_ALIGN_RIGHT &&
            recto_table_column_width(tb, 1) == 0.5,
     "column set");
  recto_table_set_column(tb, 3, RECTO_ALIGN_CENTER, 0.25);
  INT_EQ(t, recto_table_columns(tb), 4, "setting column 3 grows to 4");
  OK(t, recto_table_column_align(tb, 1) == RECTO_ALIGN_RIGHT,
     "growing keeps columns");
  INT_EQ(t, recto_table_column_align(tb, 99), RECTO_ALIGN_DEFAULT,
         "out of range");
  recto_node *cell = recto_node_new(doc, RECTO_NODE_CELL);
  OK(t, recto_cell_rowspan(cell) == 1 && recto_cell_colspan(cell) == 1 &&
            recto_cell_align(cell) == RECTO_ALIGN_DEFAULT,
     "cell defaults");
  recto_cell_set(cell, 2, 0, RECTO_ALIGN_CENTER);
  OK(t, recto_cell_rowspan(cell) == 2 && recto_cell_colspan(cell) == 1 &&
            recto_cell_align(cell) == RECTO_ALIGN_CENTER,
     "spans at least 1");
  recto_node *pb = recto_node_new(doc, RECTO_NODE_PAGE_BREAK);
  recto_page_set(pb, "۷۵", RECTO_PAGE_SOURCE_FORM_FEED, "Head", NULL);
  STR_EQ(t, recto_page_label(pb), "۷۵", "page label");
  INT_EQ(t, recto_page_source_of(pb), RECTO_PAGE_SOURCE_FORM_FEED, "source");
  STR_EQ(t, recto_page_header(pb), "Head", "header");
  STR_EQ(t, recto_page_footer(pb), NULL, "footer");
  /* each accessor serves its own kinds: the fields of one kind are never
     read or written as another's */
  INT_EQ(t, recto_node_set_url(pb, "https://e.org/"), -1, "no url on a page");
  STR_EQ(t, recto_page_label(pb), "۷۵", "the page keeps its label");
  STR_EQ(t, recto_node_url(pb), NULL, "a page has no url");
  INT_EQ(t, recto_node_set_level(qt, 3), -1, "no level on a quotation");
  INT_EQ(t, recto_node_quote_kind(qt), RECTO_QUOTE_SINGLE,
         "the quotation keeps its kind");
  INT_EQ(t, recto_node_level(qt), 0, "a quotation has no level");
  INT_EQ(t, recto_node_set_marker(link, "1"), -1, "no marker on a link");
  STR_EQ(t, recto_node_url(link), "https://e.org/", "the link keeps its url");
  INT_EQ(t, recto_node_set_text(p, "x", 1), -1, "no text on a paragraph");
  STR_EQ(t, recto_node_text(p), NULL, "a paragraph has no text");
  INT_EQ(t, recto_node_text_len(p), 0, "nor a text length");
  INT_EQ(t, recto_node_set_info(link, "c"), -1, "no info on a link");
  INT_EQ(t, recto_list_set_start(tb, 5), -1, "no list start on a table");
  INT_EQ(t, recto_list_start(tb), 0, "a table has no list start");
  INT_EQ(t, recto_table_columns(tb), 4, "the table keeps its columns");
  INT_EQ(t, recto_table_set_columns(l, 3), -1, "no columns on a list");
  INT_EQ(t, recto_table_set_column(l, 1, RECTO_ALIGN_LEFT, 0), -1,
         "no column on a list");
  INT_EQ(t, recto_list_start(l), 0, "the list keeps its start");
  INT_EQ(t, recto_cell_set(l, 2, 2, RECTO_ALIGN_LEFT), -1,
         "no spans on a list");
  INT_EQ(t, recto_cell_rowspan(l), 0, "a list has no rowspan");
  INT_EQ(t, recto_page_set(cell, "1", RECTO_PAGE_SOURCE_EXPLICIT, NULL, NULL),
         -1, "no page label on a cell");
  INT_EQ(t, recto_cell_rowspan(cell), 2, "the cell keeps its spans");
  INT_EQ(t, recto_node_set_math_display(h, 1), -1, "no display on a heading");
  INT_EQ(t, recto_node_set_quote_kind(h, RECTO_QUOTE_SINGLE), -1,
         "no quote kind on a heading");
  INT_EQ(t, recto_node_level(h), 1, "the heading keeps its level");
  OK(t, recto_cite_add_item(p) == NULL && recto_cite_count(p) == 0,
     "no citation items on a paragraph");
  INT_EQ(t, recto_node_set_bib_entry(p, NULL), -1, "no entry on a paragraph");
  INT_EQ(t, recto_node_set_url(link, NULL), 0, "a setter of the right kind");
  for (int s2 = RECTO_PAGE_SOURCE_UNKNOWN; s2 <= RECTO_PAGE_SOURCE_RUNNING_HEAD;
       s2++)
    INT_EQ(t,
           recto_page_source_from_name(
               recto_page_source_name((recto_page_source)s2)),
           s2, "page source name %d", s2);
  INT_EQ(t, recto_page_source_from_name("bogus"), RECTO_PAGE_SOURCE_UNKNOWN,
         "unknown page source");
  recto_node *cite = recto_node_new(doc, RECTO_NODE_CITE);
  INT_EQ(t, recto_cite_count(cite), 0, "no items");
  recto_cite_item *i1 = recto_cite_add_item(cite);
  recto_cite_item *i2 = recto_cite_add_item(cite);
  OK(t, i1 && i2 && i1 != i2 && !i1->key && !i1->entry &&
            i1->mode == RECTO_CITE_NORMAL,
     "items start empty");
  INT_EQ(t, recto_cite_count(cite), 2, "two items");
  OK(t, recto_cite_item_at(cite, 0) == i1 && recto_cite_item_at(cite, 1) == i2 &&
            recto_cite_item_at(cite, 2) == NULL,
     "items in order");
  recto_node *be = recto_node_new(doc, RECTO_NODE_BIB_ENTRY);
  OK(t, recto_node_bib_entry(be) == NULL, "no entry yet");
  recto_bib_entry *e = recto_bib_entry_new(doc);
  recto_node_set_bib_entry(be, e);
  OK(t, recto_node_bib_entry(be) == e, "entry set");
  recto_node_set_bib_entry(p, e);
  OK(t, recto_node_bib_entry(p) == NULL, "only a BIB_ENTRY carries one");

  /* plain text: soft breaks as spaces, notes skipped, blocks apart */
  recto_node *div = recto_node_new(doc, RECTO_NODE_DIV);
  recto_node *p1 = S_add(div, RECTO_NODE_PARAGRAPH);
  S_text(p1, "one");
  S_add(p1, RECTO_NODE_SOFT_BREAK);
  S_text(S_add(p1, RECTO_NODE_EMPH), "two");
  recto_node *n1 = S_add(p1, RECTO_NODE_NOTE);
  S_text(S_add(n1, RECTO_NODE_PARAGRAPH), "hidden");
  recto_node *p2 = S_add(div, RECTO_NODE_PARAGRAPH);
  S_text(p2, "three");
  STR_EQ(t, recto_node_plain_text(div), "one two three", "plain text");
  STR_EQ(t, recto_node_plain_text(n1), "hidden", "a note's own text");
  recto_doc_free(doc);
}

/* ---- document, arena, metadata ---- */

static void test_doc_and_arena(test_batch *t) {
  STR_EQ(t, recto_version(), RECTO_VERSION_STRING, "version");
  recto_doc *doc = recto_doc_new();
  OK(t, recto_doc_root(doc) && recto_doc_meta(doc), "root and meta");
  INT_EQ(t, recto_meta_kind_of(recto_doc_meta(doc)), RECTO_META_MAP,
         "meta is a map");
  size_t before = recto_doc_arena_size(doc);
  unsigned char *z = recto_alloc(doc, 1000);
  int zero = 1;
  for (int i = 0; i < 1000; i++)
    zero &= z[i] == 0;
  OK(t, zero, "alloc zeroes");
  double *dd = recto_alloc(doc, sizeof(double) * 3);
  OK(t, ((uintptr_t)dd % _Alignof(max_align_t)) == 0, "aligned");
  for (int i = 0; i < 100; i++)
    recto_alloc(doc, 100000);
  OK(t, recto_doc_arena_size(doc) > before + 10000000, "arena grows");
  char src[] = "copy me";
  char *c1 = recto_strdup(doc, src);
  src[0] = 'X';
  STR_EQ(t, c1, "copy me", "strdup copies");
  STR_EQ(t, recto_strdup(doc, NULL), NULL, "NULL stays NULL");
  STR_EQ(t, recto_strndup(doc, "abcdef", 3), "abc", "strndup");
  /* provenance */
  STR_EQ(t, recto_doc_source(doc, "file"), NULL, "no source");
  recto_doc_set_source(doc, "file", "a.txt");
  recto_doc_set_source(doc, "encoding", "windows-1256");
  recto_doc_set_source(doc, "file", "b.txt");
  STR_EQ(t, recto_doc_source(doc, "file"), "b.txt", "source replaced");
  STR_EQ(t, recto_doc_source(doc, "encoding"), "windows-1256", "encoding");
  INT_EQ(t, recto_doc_step_count(doc), 0, "no steps");
  recto_doc_add_step(doc, "pages", "form feeds");
  recto_doc_add_step(doc, "notes", NULL);
  const char *n = NULL, *d = NULL;
  INT_EQ(t, recto_doc_step_count(doc), 2, "two steps");
  OK(t, recto_doc_step_at(doc, 1, &n, &d) == 0 && !strcmp(n, "notes") &&
            d && !*d,
     "step without description");
  INT_EQ(t, recto_doc_step_at(doc, 2, &n, &d), -1, "no third step");
  recto_doc_set_dir(doc, RECTO_DIR_RTL);
  INT_EQ(t, recto_doc_dir(doc), RECTO_DIR_RTL, "doc dir");
  recto_doc_free(doc);
  recto_doc_free(NULL);
}

static void test_meta(test_batch *t) {
  recto_doc *doc = recto_doc_new();
  recto_meta *map = recto_doc_meta(doc);
  recto_doc_meta_set_string(doc, "title", "One");
  recto_meta_set(map, "draft", recto_meta_new_bool(doc, 2));
  recto_meta *authors = recto_meta_new_list(doc);
  recto_meta_append(authors, recto_meta_new_string(doc, "A"));
  recto_meta_append(authors, recto_meta_new_string(doc, "B"));
  recto_meta_set(map, "author", authors);
  recto_doc_meta_set_string(doc, "title", "Two");
  INT_EQ(t, recto_meta_count(map), 3, "three keys");
  const char *key = NULL;
  recto_meta_at(map, 0, &key);
  STR_EQ(t, key, "title", "replacing keeps the place");
  STR_EQ(t, recto_doc_meta_string(doc, "title"), "Two", "replaced");
  STR_EQ(t, recto_doc_meta_string(doc, "draft"), "true", "bool as text");
  INT_EQ(t, recto_meta_bool(recto_meta_get(map, "draft")), 1, "bool");
  INT_EQ(t, recto_meta_count(authors), 2, "list count");
  OK(t, recto_meta_at(authors, 1, &key) && key == NULL, "list has no keys");
  STR_EQ(t, recto_meta_string(recto_meta_at(authors, 1, NULL)), "B", "item");
  OK(t, recto_meta_at(authors, 2, NULL) == NULL, "past the end");
  STR_EQ(t, recto_doc_meta_string(doc, "nothing"), NULL, "absent key");
  recto_node *span = recto_node_new(doc, RECTO_NODE_SPAN);
  S_text(span, "Sub");
  S_text(S_add(span, RECTO_NODE_EMPH), "title");
  recto_meta *in = recto_meta_new_nodes(doc, span);
  INT_EQ(t, recto_meta_kind_of(in), RECTO_META_INLINES, "inlines");
  OK(t, recto_meta_nodes(in) == span, "container kept");
  recto_node *div = recto_node_new(doc, RECTO_NODE_DIV);
  S_text(S_add(div, RECTO_NODE_PARAGRAPH), "Abstract");
  recto_meta *bl = recto_meta_new_nodes(doc, div);
  INT_EQ(t, recto_meta_kind_of(bl), RECTO_META_BLOCKS, "blocks");
  recto_meta_set(map, "subtitle", in);
  STR_EQ(t, recto_doc_meta_string(doc, "subtitle"), "Subtitle",
         "plain text of inlines");
  STR_EQ(t, recto_meta_string(bl), "Abstract", "plain text of blocks");
  OK(t, recto_meta_nodes(recto_meta_get(map, "title")) == NULL,
     "a string has no nodes");
  recto_meta_remove(map, "draft");
  INT_EQ(t, recto_meta_count(map), 3, "removed");
  recto_meta_at(map, 1, &key);
  STR_EQ(t, key, "author", "later keys move up");
  recto_meta_remove(map, "not there");
  /* a big map keeps its order */
  recto_meta *big = recto_meta_new_map(doc);
  char k2[16];
  for (int i = 0; i < 1000; i++) {
    snprintf(k2, sizeof k2, "k%d", i);
    recto_meta_set(big, k2, recto_meta_new_bool(doc, i & 1));
  }
  recto_meta_at(big, 999, &key);
  OK(t, recto_meta_count(big) == 1000 && !strcmp(key, "k999"),
     "1000 keys in order");
  recto_meta_set(map, "x", NULL);
  OK(t, recto_meta_get(map, "x") == NULL, "NULL value ignored");
  recto_doc_free(doc);
}

/* ---- bibliography entries ---- */

static void test_biblio(test_batch *t) {
  recto_doc *doc = recto_doc_new();
  recto_bib_entry *e = recto_bib_entry_new(doc);
  OK(t, !e->id && !e->author && !e->issued.year[0] && !e->cited &&
            e->issued.calendar == RECTO_CALENDAR_GREGORIAN,
     "a new entry is empty");
  e->id = "k1";
  e->title = "T";
  recto_name *a = recto_name_new(doc);
  a->family = "Umarov";
  recto_name *b = recto_name_new(doc);
  b->literal = "UNDP";
  recto_name_append(&e->author, a);
  recto_name_append(&e->author, b);
  OK(t, e->author == a && a->next == b && !b->next, "names in order");
  e->issued.year[0] = 1403;
  e->issued.calendar = RECTO_CALENDAR_SOLAR_HIJRI;
  e->issued.literal = "spring";
  e->cited = 4;
  recto_doc *other = recto_doc_new();
  recto_bib_entry *c = recto_bib_entry_copy(other, e);
  OK(t, c != e && !strcmp(c->id, "k1") && c->id != e->id, "deep copy of id");
  OK(t, c->author && c->author != a && !strcmp(c->author->family, "Umarov") &&
            c->author->next && !strcmp(c->author->next->literal, "UNDP"),
     "names copied");
  OK(t, c->issued.year[0] == 1403 &&
            c->issued.calendar == RECTO_CALENDAR_SOLAR_HIJRI &&
            c->issued.literal != e->issued.literal &&
            !strcmp(c->issued.literal, "spring"),
     "date copied");
  INT_EQ(t, c->cited, 0, "a copy is not cited yet");
  recto_doc_free(other);
  for (int k = RECTO_CALENDAR_GREGORIAN; k <= RECTO_CALENDAR_HIJRI; k++)
    INT_EQ(t, recto_calendar_from_name(recto_calendar_name(k)), k,
           "calendar %d", k);
  STR_EQ(t, recto_calendar_name(RECTO_CALENDAR_SOLAR_HIJRI), "solar-hijri",
         "name");
  /* the document's bibliography */
  OK(t, recto_doc_bibliography(doc, 0) == NULL, "none yet");
  OK(t, recto_doc_find_entry(doc, "k1") == NULL, "nothing to find");
  recto_node *n = recto_doc_add_entry(doc, e);
  recto_node *bib = recto_doc_bibliography(doc, 0);
  OK(t, bib && recto_node_parent(n) == bib &&
            recto_node_type_of(n) == RECTO_NODE_BIB_ENTRY &&
            recto_node_bib_entry(n) == e,
     "entry added under a new bibliography");
  OK(t, recto_node_parent(bib) == recto_doc_root(doc), "at the top level");
  OK(t, recto_doc_find_entry(doc, "k1") == e, "found");
  recto_bib_entry *dup = recto_bib_entry_new(doc);
  dup->id = "k1";
  recto_doc_add_entry(doc, dup);
  OK(t, recto_doc_find_entry(doc, "k1") == e, "the first of a duplicate wins");
  recto_bib_entry *e2 = recto_bib_entry_new(doc);
  e2->id = "пункт3";
  recto_doc_add_entry(doc, e2);
  OK(t, recto_doc_find_entry(doc, "пункт3") == e2, "found after the index");
  OK(t, recto_doc_find_entry(doc, NULL) == NULL, "NULL key");
  OK(t, recto_doc_bibliography(doc, 1) == bib, "the same bibliography");
  /* entries linked by hand are found too */
  recto_node *hand = recto_node_new(doc, RECTO_NODE_BIB_ENTRY);
  recto_bib_entry *e3 = recto_bib_entry_new(doc);
  e3->id = "hand";
  recto_node_set_bib_entry(hand, e3);
  recto_node_append(bib, hand);
  recto_doc *fresh = recto_doc_new();
  recto_node *fb = recto_doc_bibliography(fresh, 1);
  recto_node *h2 = recto_node_new(fresh, RECTO_NODE_BIB_ENTRY);
  recto_node_set_bib_entry(h2, recto_bib_entry_copy(fresh, e3));
  recto_node_append(fb, h2);
  OK(t, recto_doc_find_entry(fresh, "hand") != NULL,
     "an entry linked by hand is indexed");
  recto_doc_free(fresh);
  /* xml ids */
  STR_EQ(t, recto_bib_xml_id(doc, "umarov2022"), "ref-umarov2022", "plain");
  STR_EQ(t, recto_bib_xml_id(doc, "a b:c/d"), "ref-a_0020b_003Ac_002Fd",
         "characters outside NCName");
  OK(t, strcmp(recto_bib_xml_id(doc, "a b"), recto_bib_xml_id(doc, "a_20b")),
     "the escape character is escaped: distinct keys, distinct ids");
  STR_EQ(t, recto_bib_xml_id(doc, "x\xe2\x80\x8cy"), "ref-x_200Cy",
         "a zero-width non-joiner is not an NCName character");
  STR_EQ(t, recto_bib_xml_id(doc, "пункт3"), "ref-пункт3", "letters kept");
  recto_doc_free(doc);
}

/* ---- the iterator ---- */

static void test_iter(test_batch *t) {
  recto_doc *doc = recto_doc_new();
  recto_node *root = recto_doc_root(doc);
  recto_node *p = S_add(root, RECTO_NODE_PARAGRAPH);
  S_text(p, "a");
  recto_node *em = S_add(p, RECTO_NODE_EMPH);
  S_text(em, "b");
  S_add(p, RECTO_NODE_LINE_BREAK);
  S_add(root, RECTO_NODE_DIV); /* empty container: ENTER and EXIT */
  S_add(root, RECTO_NODE_THEMATIC_BREAK);
  recto_buf trace = RECTO_BUF_INIT;
  recto_iter *it = recto_iter_new(root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    OK(t, recto_iter_event(it) == ev, "event kept");
    recto_buf_printf(&trace, "%s%s ", ev == RECTO_EVENT_ENTER ? "+" : "-",
                     recto_node_type_name(recto_node_type_of(
                         recto_iter_node(it))));
  }
  STR_EQ(t, trace.data,
         "+document +paragraph +text +emph +text -emph +line_break "
         "-paragraph +div -div +thematic_break -document ",
         "ENTER/EXIT order, leaves once");
  INT_EQ(t, recto_iter_next(it), RECTO_EVENT_DONE, "stays done");
  recto_iter_free(it);

  /* skip_children */
  recto_buf_clear(&trace);
  it = recto_iter_new(root);
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev == RECTO_EVENT_ENTER && recto_node_type_of(n) == RECTO_NODE_EMPH)
      recto_iter_skip_children(it);
    if (recto_node_type_of(n) == RECTO_NODE_TEXT)
      recto_buf_puts(&trace, recto_node_text(n));
    if (recto_node_type_of(n) == RECTO_NODE_EMPH)
      recto_buf_puts(&trace, ev == RECTO_EVENT_ENTER ? "[" : "]");
  }
  STR_EQ(t, trace.data, "a[]", "children skipped, EXIT still comes");
  recto_iter_free(it);

  /* reset: start again from a given node and event */
  it = recto_iter_new(root);
  recto_iter_reset(it, em, RECTO_EVENT_EXIT);
  OK(t, recto_iter_node(it) == em && recto_iter_event(it) == RECTO_EVENT_EXIT,
     "reset sets the current node");
  ev = recto_iter_next(it);
  OK(t, ev == RECTO_EVENT_ENTER &&
            recto_node_type_of(recto_iter_node(it)) == RECTO_NODE_LINE_BREAK,
     "and goes on from there");
  recto_iter_free(it);

  /* the walk of a subtree stops at its root */
  it = recto_iter_new(em);
  size_t events = 0;
  while (recto_iter_next(it) != RECTO_EVENT_DONE)
    events++;
  INT_EQ(t, events, 3, "subtree walk: +emph +text -emph");
  recto_iter_free(it);
  /* a leaf alone */
  it = recto_iter_new(recto_node_first_child(em));
  OK(t, recto_iter_next(it) == RECTO_EVENT_ENTER &&
            recto_iter_next(it) == RECTO_EVENT_DONE,
     "a leaf: one ENTER");
  recto_iter_free(it);
  OK(t, recto_iter_new(NULL) == NULL, "no iterator over NULL");

  /* edits after EXIT: unlink every emphasis, keep its text */
  it = recto_iter_new(root);
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev == RECTO_EVENT_EXIT && recto_node_type_of(n) == RECTO_NODE_EMPH) {
      recto_node *child;
      while ((child = recto_node_first_child(n)) != NULL) {
        recto_node_unlink(child);
        recto_node_insert_before(n, child);
      }
      recto_node *prev = recto_node_prev(n);
      recto_node_unlink(n);
      recto_iter_reset(it, prev, RECTO_EVENT_ENTER);
    }
  }
  recto_iter_free(it);
  STR_EQ(t, recto_node_plain_text(p), "ab", "edited while walking");
  recto_buf_free(&trace);
  recto_doc_free(doc);
}

/* 100,000 levels: the walk uses no stack, deep documents free fine. */
static void test_deep_walk(test_batch *t) {
  const size_t depth = 100000;
  recto_doc *doc = recto_doc_new();
  /* Built from the inside out; top-down building is test_append_deep. */
  recto_node *inner = recto_node_new(doc, RECTO_NODE_SPAN);
  recto_node_append(inner, recto_node_new_text(doc, "deep", 4));
  for (size_t i = 1; i < depth; i++) {
    recto_node *s = recto_node_new(doc, RECTO_NODE_SPAN);
    recto_node_append(s, inner);
    inner = s;
  }
  recto_node *p = S_add(recto_doc_root(doc), RECTO_NODE_PARAGRAPH);
  INT_EQ(t, recto_node_append(p, inner), 0, "deep subtree linked");
  recto_iter *it = recto_iter_new(recto_doc_root(doc));
  size_t enters = 0, exits = 0, maxd = 0, d = 0;
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev == RECTO_EVENT_ENTER) {
      enters++;
      if (!recto_node_is_leaf(recto_node_type_of(n)))
        d++;
      if (d > maxd)
        maxd = d;
    } else {
      exits++;
      d--;
    }
  }
  recto_iter_free(it);
  INT_EQ(t, enters, depth + 3, "every node entered");
  INT_EQ(t, exits, depth + 2, "every container exited");
  INT_EQ(t, maxd, depth + 2, "depth reached");
  STR_EQ(t, recto_node_plain_text(p), "deep", "plain text of a deep tree");
  S_diags dg;
  recto_context *ctx = S_ctx(&dg);
  recto_doc_attach_notes(ctx, doc);
  recto_doc_resolve_citations(ctx, doc);
  recto_doc_sectionize(doc);
  recto_lang_share sh[2];
  INT_EQ(t, recto_doc_languages(doc, sh, 2), 1, "languages of a deep tree");
  recto_context_free(ctx);
  recto_doc_free(doc);
}

/* ---- buffers ---- */

static void test_buf(test_batch *t) {
  recto_buf b = RECTO_BUF_INIT;
  OK(t, b.data == NULL && b.len == 0, "empty");
  recto_buf_puts(&b, "ab");
  recto_buf_putc(&b, 'c');
  recto_buf_put(&b, "de\0f", 4);
  INT_EQ(t, b.len, 7, "length");
  OK(t, memcmp(b.data, "abcde\0f", 8) == 0, "bytes and terminator");
  recto_buf_printf(&b, "[%d %s]", 42, "x");
  OK(t, b.len == 13 && !strcmp(b.data + 7, "[42 x]"), "printf");
  char big[1000];
  memset(big, 'z', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  recto_buf_printf(&b, "%s|", big);
  INT_EQ(t, b.len, 13 + 1000, "long printf");
  OK(t, b.data[b.len - 1] == '|' && b.data[b.len] == '\0', "terminated");
  recto_buf_truncate(&b, 3);
  STR_EQ(t, b.data, "abc", "truncate");
  recto_buf_truncate(&b, 10);
  STR_EQ(t, b.data, "abc", "truncate never grows");
  size_t len;
  char *s = recto_buf_detach(&b, &len);
  OK(t, len == 3 && !strcmp(s, "abc") && b.data == NULL && b.len == 0,
     "detach");
  free(s);
  s = recto_buf_detach(&b, &len);
  OK(t, s && len == 0 && *s == '\0', "detach of an empty buffer");
  free(s);
  for (int i = 0; i < 100000; i++)
    recto_buf_putc(&b, 'x');
  INT_EQ(t, b.len, 100000, "growth");
  recto_buf_clear(&b);
  OK(t, b.len == 0 && b.data && !*b.data, "clear");
  /* XML escaping */
  const char in[] = "<a href=\"x\">Tom & 'Jerry'</a>";
  recto_buf_put_xml(&b, in, strlen(in));
  STR_EQ(t, b.data,
         "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;",
         "specials escaped");
  recto_buf_clear(&b);
  const char bad[] = "ok\xff\xc3(\x01\t\n\r\x7f\xef\xbf\xbe\xef\xbf\xbf"
                     "\xd9\x85\xe2\x80\x8c";
  recto_buf_put_xml(&b, bad, sizeof bad - 1);
  STR_EQ(t, b.data,
         "ok\xef\xbf\xbd\xef\xbf\xbd(\xef\xbf\xbd\t\n\r\xef\xbf\xbd"
         "\xef\xbf\xbd\xef\xbf\xbd\xd9\x85\xe2\x80\x8c",
         "invalid UTF-8, C0 controls, U+FFFE/U+FFFF replaced; text kept");
  recto_buf_clear(&b);
  recto_buf_put_xml(&b, "a\0b", 3);
  STR_EQ(t, b.data, "a\xef\xbf\xbd" "b", "NUL replaced");
  recto_buf_free(&b);
  OK(t, b.data == NULL && b.cap == 0, "freed");
  recto_buf_puts(&b, "reuse");
  STR_EQ(t, b.data, "reuse", "reusable after free");
  recto_buf_free(&b);
}

/* ---- UTF-8 and scripts ---- */

static void test_utf8(test_batch *t) {
  uint32_t cp;
  struct {
    const char *s;
    size_t len;
    int n;
    uint32_t cp;
  } cases[] = {
      {"A", 1, 1, 'A'},
      {"\xd9\x85", 2, 2, 0x645},
      {"\xe2\x80\x8c", 3, 3, 0x200C},
      {"\xf0\x9f\x98\x80", 4, 4, 0x1F600},
      {"\xc0\x80", 2, -1, 0xFFFD},         /* overlong NUL */
      {"\xe0\x80\xaf", 3, -1, 0xFFFD},     /* overlong */
      {"\xed\xa0\x80", 3, -1, 0xFFFD},     /* surrogate */
      {"\xf4\x90\x80\x80", 4, -1, 0xFFFD}, /* above U+10FFFF */
      {"\xe2\x80", 2, -1, 0xFFFD},         /* truncated */
      {"\x80", 1, -1, 0xFFFD},             /* lone continuation */
      {"\xd9\x41", 2, -1, 0xFFFD},         /* bad continuation */
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    cp = 0;
    int n = recto_utf8_decode(cases[k].s, cases[k].len, &cp);
    OK(t, n == cases[k].n && cp == cases[k].cp, "decode case %zu: %d U+%04X",
       k, n, (unsigned)cp);
  }
  char out[4];
  uint32_t round[] = {0x24, 0xA2, 0x6F0, 0x20AC, 0x10348, 0x10FFFF};
  for (size_t k = 0; k < sizeof round / sizeof round[0]; k++) {
    int n = recto_utf8_encode(round[k], out);
    OK(t, recto_utf8_decode(out, (size_t)n, &cp) == n && cp == round[k],
       "encode/decode U+%04X", (unsigned)round[k]);
  }
  INT_EQ(t, recto_utf8_encode(0xD800, out), 3, "surrogate encodes U+FFFD");
  OK(t, memcmp(out, "\xef\xbf\xbd", 3) == 0, "as U+FFFD");
  const char v[] = "valid ASCII then فارسی then \xff bad";
  INT_EQ(t, recto_utf8_validate(v, strlen(v)), strlen(v) - 5,
         "first invalid byte");
  INT_EQ(t, recto_utf8_validate("abcdefghijklmnop", 16), 16, "all valid");
  INT_EQ(t, recto_utf8_validate("", 0), 0, "empty");
  /* digits */
  INT_EQ(t, recto_digit_value('7'), 7, "ASCII digit");
  INT_EQ(t, recto_digit_value(0x0663), 3, "Arabic-Indic three");
  INT_EQ(t, recto_digit_value(0x06F9), 9, "Persian nine");
  INT_EQ(t, recto_digit_value('a'), -1, "not a digit");
  INT_EQ(t, recto_digit_value(0x0669 + 1), -1, "after the Arabic-Indic nine");
  /* scripts */
  INT_EQ(t, recto_script_of('k'), RECTO_SCRIPT_LATIN, "Latin");
  INT_EQ(t, recto_script_of(0xE9), RECTO_SCRIPT_LATIN, "é");
  INT_EQ(t, recto_script_of(0x6CC), RECTO_SCRIPT_ARABIC, "Persian yeh");
  INT_EQ(t, recto_script_of(0x64A), RECTO_SCRIPT_ARABIC, "Arabic yeh");
  INT_EQ(t, recto_script_of(0x6F5), RECTO_SCRIPT_OTHER, "Persian digit");
  INT_EQ(t, recto_script_of(0x5D0), RECTO_SCRIPT_HEBREW, "alef");
  INT_EQ(t, recto_script_of(0x416), RECTO_SCRIPT_CYRILLIC, "Ж");
  INT_EQ(t, recto_script_of(0x3B1), RECTO_SCRIPT_GREEK, "α");
  INT_EQ(t, recto_script_of(0x4E2D), RECTO_SCRIPT_CJK, "中");
  INT_EQ(t, recto_script_of(' '), RECTO_SCRIPT_OTHER, "space");
  INT_EQ(t, recto_script_of(0x200C), RECTO_SCRIPT_OTHER, "ZWNJ");
  /* right-to-left languages */
  const char *rtl[] = {"fa", "ar", "ar-EG", "he", "ur", "ps", "ckb", "yi",
                       "dv", "syr", "FA-ir", "az-Arab", "ku-Arab-IQ",
                       "fa_IR"};
  for (size_t k = 0; k < sizeof rtl / sizeof rtl[0]; k++)
    OK(t, recto_lang_is_rtl(rtl[k]), "%s is rtl", rtl[k]);
  const char *ltr[] = {"en", "far", "f", "", "ru", "az-Latn", "arn", "tg",
                       "de-fa"};
  for (size_t k = 0; k < sizeof ltr / sizeof ltr[0]; k++)
    OK(t, !recto_lang_is_rtl(ltr[k]), "'%s' is not rtl", ltr[k]);
  OK(t, !recto_lang_is_rtl(NULL), "NULL is not rtl");
}

/* ---- options and diagnostics ---- */

static void test_options(test_batch *t) {
  recto_options *o = recto_options_new();
  STR_EQ(t, recto_options_get(o, "x"), NULL, "unset");
  char val[] = "numeric";
  recto_options_set(o, "citation-style", val);
  val[0] = 'X';
  STR_EQ(t, recto_options_get(o, "citation-style"), "numeric", "copied");
  recto_options_set(o, "citation-style", "author-date");
  STR_EQ(t, recto_options_get(o, "citation-style"), "author-date", "replaced");
  const char *yes[] = {"1", "true", "YES", "on", ""};
  const char *no[] = {"0", "false", "No", "OFF"};
  for (size_t k = 0; k < 5; k++) {
    recto_options_set(o, "b", yes[k]);
    INT_EQ(t, recto_options_get_bool(o, "b", 0), 1, "'%s' is true", yes[k]);
  }
  for (size_t k = 0; k < 4; k++) {
    recto_options_set(o, "b", no[k]);
    INT_EQ(t, recto_options_get_bool(o, "b", 1), 0, "'%s' is false", no[k]);
  }
  recto_options_set(o, "b", "maybe");
  INT_EQ(t, recto_options_get_bool(o, "b", 7), 7, "unknown: fallback");
  INT_EQ(t, recto_options_get_bool(o, "none", 3), 3, "unset: fallback");
  recto_options_set(o, "n", "-12");
  INT_EQ(t, recto_options_get_int(o, "n", 0), -12, "int");
  recto_options_set(o, "n", "12x");
  INT_EQ(t, recto_options_get_int(o, "n", 5), 5, "bad int: fallback");
  for (int i = 0; i < 100; i++) {
    char k[8];
    snprintf(k, sizeof k, "k%d", i);
    recto_options_set(o, k, k);
  }
  STR_EQ(t, recto_options_get(o, "k99"), "k99", "many options");
  recto_options_free(o);
  STR_EQ(t, recto_options_get(NULL, "x"), NULL, "NULL options");
  recto_options_free(NULL);
}

static void test_diag(test_batch *t) {
  S_diags dg;
  recto_context *ctx = S_ctx(&dg);
  recto_context_set_file(ctx, "in.md");
  STR_EQ(t, recto_context_file(ctx), "in.md", "file");
  recto_pos pos = {4, 2, 30};
  recto_diag_emit(ctx, RECTO_DIAG_WARNING, "x.code", &pos, "a %s of %d",
                  "message", 2);
  recto_diag_emit(ctx, RECTO_DIAG_ERROR, "x.err", NULL, "two\nlines");
  recto_diag_emit(ctx, RECTO_DIAG_INFO, "x.info", NULL, "inferred");
  INT_EQ(t, recto_diag_count(ctx, RECTO_DIAG_WARNING), 1, "one warning");
  INT_EQ(t, recto_diag_count(ctx, RECTO_DIAG_ERROR), 1, "one error");
  INT_EQ(t, recto_diag_count(ctx, RECTO_DIAG_INFO), 1, "one info");
  STR_EQ(t, dg.code[0], "x.code", "code");
  STR_EQ(t, dg.message[0], "a message of 2", "formatted");
  OK(t, dg.pos[0].line == 4 && dg.pos[0].column == 2, "position");
  OK(t, dg.pos[1].line == 0, "no position");
  STR_EQ(t, dg.message[1], "two\\nlines", "one line whatever the message");
  STR_EQ(t, dg.file, "in.md", "file passed on");
  recto_context_set_file(ctx, "a\nb\x1b.md");
  recto_diag_emit(ctx, RECTO_DIAG_WARNING, "x.c", NULL, "%s", "k\x07\xff");
  STR_EQ(t, dg.file, "a\\nb\\x1b.md", "control characters in the name");
  STR_EQ(t, dg.message[3], "k\\x07\\xff", "and in the message");
  recto_context_set_file(ctx, NULL);
  STR_EQ(t, recto_context_file(ctx), NULL, "file cleared");
  recto_context_free(ctx);
}

/* ---- what a document may read ---- */

static void test_escape(test_batch *t) {
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"plain \xd9\x85 text", "plain \xd9\x85 text"},
      {"a\nb\rc\td", "a\\nb\\rc\\td"},
      {"\x1b[2J\x07\x7f", "\\x1b[2J\\x07\\x7f"},
      {"c1 \xc2\x9b end", "c1 \\xc2\\x9b end"}, /* U+009B, CSI */
      {"bad \xff\xd9", "bad \\xff\\xd9"},
      {"back\\slash", "back\\slash"},
  };
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    recto_buf b = RECTO_BUF_INIT;
    recto_buf_put_escaped(&b, cases[k].in, strlen(cases[k].in));
    STR_EQ(t, b.data, cases[k].out, "escaped case %zu", k);
    recto_buf_free(&b);
  }
}

static void test_resource(test_batch *t) {
  uint64_t n = 0;
  OK(t, recto_size_parse("4096", &n) && n == 4096, "bytes");
  OK(t, recto_size_parse("64M", &n) && n == (uint64_t)64 << 20, "64M");
  OK(t, recto_size_parse("2g", &n) && n == (uint64_t)2 << 30, "2g");
  const char *bad[] = {"", "M", "-1", "12Q", "1.5M", "99999999999999999999"};
  for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
    OK(t, !recto_size_parse(bad[k], &n), "not a size: '%s'", bad[k]);

  static const struct {
    const char *bytes;
    size_t len;
    const char *type;
  } images[] = {
      {"\x89PNG\r\n\x1a\n....", 12, "image/png"},
      {"\xff\xd8\xff\xe0", 4, "image/jpeg"},
      {"GIF89a..", 8, "image/gif"},
      {"RIFF\x10\0\0\0WEBPVP8 ", 16, "image/webp"},
      {"WAVE....WEBP", 12, NULL},
      {"<svg xmlns=\"http://www.w3.org/2000/svg\"/>", 0, "image/svg+xml"},
      {"<?xml version=\"1.0\"?>\n<!-- c -->\n<s:svg "
       "xmlns:s=\"http://www.w3.org/2000/svg\"><s:g/></s:svg>",
       0, "image/svg+xml"},
      {"notes: the word <svg in a private file\n", 0, NULL},
      {"<svg>no namespace</svg>", 0, NULL},
      {"<html xmlns=\"http://www.w3.org/2000/svg\"/>", 0, NULL},
      {"<!DOCTYPE svg [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]>"
       "<svg xmlns=\"http://www.w3.org/2000/svg\">&b;</svg>",
       0, NULL},
      {"<svg xmlns=\"http://www.w3.org/2000/svg\">", 0, NULL},
  };
  for (size_t k = 0; k < sizeof images / sizeof *images; k++) {
    size_t len = images[k].len ? images[k].len : strlen(images[k].bytes);
    const char *ext = NULL;
    const char *type = recto_image_type(
        (const unsigned char *)images[k].bytes, len, &ext);
    STR_EQ(t, type, images[k].type, "image type of case %zu", k);
    OK(t, !type == !ext, "an extension with the type (case %zu)", k);
  }

  /* A document in dir/doc/ reads dir/doc/ only. */
  char dir[] = "/tmp/recto-api-XXXXXX";
  if (!mkdtemp(dir)) {
    OK(t, 0, "mkdtemp");
    return;
  }
  char doc[64], inside[64], outside[64], input[64];
  snprintf(doc, sizeof doc, "%s/doc", dir);
  snprintf(inside, sizeof inside, "%s/doc/r.txt", dir);
  snprintf(outside, sizeof outside, "%s/o.txt", dir);
  snprintf(input, sizeof input, "%s/doc/in.md", dir);
  mkdir(doc, 0700);
  FILE *f = fopen(inside, "w");
  fputs("inside", f);
  fclose(f);
  f = fopen(outside, "w");
  fputs("outside", f);
  fclose(f);
  S_diags dg;
  recto_context *ctx = S_ctx(&dg);
  recto_options *opts = recto_options_new();
  recto_buf b = RECTO_BUF_INIT;
  INT_EQ(t, recto_resource_read(ctx, opts, input, "r.txt", NULL, &b),
         RECTO_OK, "beside the input");
  STR_EQ(t, b.data, "inside", "its bytes");
  const char *refused[] = {"../o.txt", outside, "/dev/null", "nope.txt",
                           "http://example.org/r.txt", ".", ""};
  for (size_t k = 0; k < sizeof refused / sizeof *refused; k++) {
    size_t before = dg.count[RECTO_DIAG_WARNING];
    INT_EQ(t, recto_resource_read(ctx, opts, input, refused[k], NULL, &b),
           RECTO_ERR_IO, "refused: '%s'", refused[k]);
    INT_EQ(t, dg.count[RECTO_DIAG_WARNING] - before, 1,
           "one warning for '%s'", refused[k]);
    OK(t, b.len == 0, "nothing read for '%s'", refused[k]);
  }
  recto_options_set(opts, RECTO_OPT_RESOURCE_PATH, dir);
  INT_EQ(t, recto_resource_read(ctx, opts, input, "o.txt", NULL, &b),
         RECTO_OK, "from the resource path");
  STR_EQ(t, b.data, "outside", "its bytes");
  recto_options_set(opts, RECTO_OPT_MAX_RESOURCE_SIZE, "5");
  INT_EQ(t, recto_resource_read(ctx, opts, input, "r.txt", NULL, &b),
         RECTO_ERR_IO, "over the size limit");
  recto_options_set(opts, RECTO_OPT_MAX_RESOURCE_SIZE, "6");
  INT_EQ(t, recto_resource_read(ctx, opts, input, "r.txt", NULL, &b),
         RECTO_OK, "at the size limit");
  recto_options_set(opts, RECTO_OPT_SANDBOX, "true");
  INT_EQ(t, recto_resource_read(ctx, opts, input, "r.txt", NULL, &b),
         RECTO_ERR_IO, "--sandbox: nothing");
  recto_options_set(opts, RECTO_OPT_SANDBOX, "false");
  recto_options_set(opts, RECTO_OPT_MAX_RESOURCE_SIZE, "1K");
  INT_EQ(t, recto_resource_read(ctx, opts, input, outside, NULL, &b),
         RECTO_OK, "--no-sandbox: any path");
  INT_EQ(t, recto_resource_read(ctx, opts, input, "/dev/zero", NULL, &b),
         RECTO_ERR_IO, "--no-sandbox: still no device");
  const char *type = NULL, *ext = NULL;
  INT_EQ(t, recto_resource_read_image(ctx, opts, input, "r.txt", NULL, &b,
                                      &type, &ext),
         RECTO_ERR_IO, "text is no image");
  OK(t, !type && b.len == 0, "and nothing is handed over");
  recto_buf_free(&b);
  recto_options_free(opts);
  recto_context_free(ctx);
  unlink(inside);
  unlink(outside);
  rmdir(doc);
  rmdir(dir);
}

/* ---- shared passes ---- */

static void test_attach_notes(test_batch *t) {
  recto_doc *doc = recto_doc_new();
  recto_node *root = recto_doc_root(doc);
  recto_node *p = S_add(root, RECTO_NODE_PARAGRAPH);
  S_text(p, "See");
  recto_node *r1 = S_add(p, RECTO_NODE_NOTE_REF);
  recto_node_set_marker(r1, "1");
  recto_node *r1b = S_add(p, RECTO_NODE_NOTE_REF); /* a second reference */
  recto_node_set_marker(r1b, "1");
  recto_node *orphan_ref = S_add(p, RECTO_NODE_NOTE_REF);
  recto_node_set_marker(orphan_ref, "۹");
  recto_pos rp = {2, 5, 20};
  recto_node_set_pos(orphan_ref, rp);
  recto_node *d1 = S_add(root, RECTO_NODE_NOTE_DEF);
  recto_node_set_marker(d1, "1");
  S_text(S_add(d1, RECTO_NODE_PARAGRAPH), "The note.");
  S_text(S_add(d1, RECTO_NODE_PARAGRAPH), "More.");
  recto_node *orphan_def = S_add(root, RECTO_NODE_NOTE_DEF);
  recto_node_set_marker(orphan_def, "x");
  recto_pos dp = {9, 1, 99};
  recto_node_set_pos(orphan_def, dp);
  S_text(S_add(orphan_def, RECTO_NODE_PARAGRAPH), "Nobody refers to me.");
  S_diags dg;
  recto_context *ctx = S_ctx(&dg);
  INT_EQ(t, recto_doc_attach_notes(ctx, doc), 1, "one note attached");
  recto_node *note = recto_node_next(recto_node_first_child(p));
  OK(t, note && recto_node_type_of(note) == RECTO_NODE_NOTE, "a NOTE now");
  if (note) {
    STR_EQ(t, recto_node_marker(note), "1", "marker kept");
    STR_EQ(t, recto_node_plain_text(note), "The note. More.", "blocks moved");
    recto_node *second = recto_node_next(note);
    OK(t, second && recto_node_type_of(second) == RECTO_NODE_NOTE_REF &&
              !strcmp(recto_node_marker(second), "1"),
       "the second reference stays a NOTE_REF");
  }
  INT_EQ(t, dg.count[RECTO_DIAG_WARNING], 2, "two orphans warned");
  OK(t, S_has_code(&dg, "note.orphan-reference") &&
            S_has_code(&dg, "note.orphan-definition"),
     "codes of both sides");
  int ref_pos = 0, def_pos = 0;
  for (size_t k = 0; k < dg.n; k++) {
    if (!strcmp(dg.code[k], "note.orphan-reference"))
      ref_pos = dg.pos[k].line == 2 && dg.pos[k].column == 5;
    if (!strcmp(dg.code[k], "note.orphan-definition"))
      def_pos = dg.pos[k].line == 9;
  }
  OK(t, ref_pos && def_pos, "orphans warned at their positions");
  const char *text = recto_node_plain_text(root);
  OK(t, strstr(text, "۹") != NULL, "orphan reference keeps its text");
  OK(t, strstr(text, "Nobody refers to me.") != NULL,
     "orphan definition keeps its text");
  recto_node *def_left = NULL;
  for (recto_node *c = recto_node_first_child(root); c; c = recto_node_next(c))
    if (recto_node_type_of(c) == RECTO_NODE_NOTE_DEF)
      def_left = c;
  OK(t, def_left == NULL, "no NOTE_DEF is left waiting");
  recto_context_free(ctx);

  /* Running the pass again changes nothing (a second reference is not an
     orphan once its note is joined). */
  ctx = S_ctx(&dg);
  recto_doc_attach_notes(ctx, doc);
  INT_EQ(t, dg.count[RECTO_DIAG_WARNING], 0, "second run: no warnings");
  recto_node *again = note ? recto_node_next(note) : NULL;
  OK(t, again && recto_node_type_of(again) == RECTO_NODE_NOTE_REF,
     "second run: the repeated reference is still a NOTE_REF");
  recto_context_free(ctx);
  recto_doc_free(doc);
}

/* Sections as "(level ... )", paragraphs as "p", DIVs as "[ ]". */
static void S_shape(recto_node *root, recto_buf *shape) {
  recto_iter *it = recto_iter_new(root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    recto_node_type ty = recto_node_type_of(n);
    if (ty == RECTO_NODE_SECTION)
      recto_buf_printf(shape, ev == RECTO_EVENT_ENTER ? "(%d" : ")",
                       recto_node_level(n));
    else if (ty == RECTO_NODE_PARAGRAPH && ev == RECTO_EVENT_ENTER)
      recto_buf_putc(shape, 'p');
    else if (ty == RECTO_NODE_DIV)
      recto_buf_puts(shape, ev == RECTO_EVENT_ENTER ? "[" : "]");
  }
  recto_iter_free(it);
}

static void test_sectionize(test_batch *t) {
  recto_doc *doc = recto_doc_new();
  recto_node *root = recto_doc_root(doc);
  S_text(S_add(root, RECTO_NODE_PARAGRAPH), "front");
  int levels[] = {1, 2, 3, 2, 1, 3};
  for (size_t k = 0; k < sizeof levels / sizeof levels[0]; k++) {
    recto_node *h = S_add(root, RECTO_NODE_HEADING);
    recto_node_set_level(h, levels[k]);
    S_add(root, RECTO_NODE_PARAGRAPH);
  }
  recto_node *div = S_add(root, RECTO_NODE_DIV);
  recto_node_set_level(S_add(div, RECTO_NODE_HEADING), 2);
  S_add(div, RECTO_NODE_PARAGRAPH);
  recto_doc_sectionize(doc);
  recto_buf shape = RECTO_BUF_INIT;
  S_shape(root, &shape);
  /* the DIV follows the level-3 heading, so it is in that section */
  STR_EQ(t, shape.data, "p(1p(2p(3p))(2p))(1p(3p[(2p)]))",
         "nested by level, DIVs too");
  /* each section opens with its heading */
  recto_node *s1 = recto_node_next(recto_node_first_child(root));
  OK(t, s1 && recto_node_type_of(recto_node_first_child(s1)) ==
                  RECTO_NODE_HEADING,
     "heading first");
  recto_buf before = shape;
  shape = (recto_buf)RECTO_BUF_INIT;
  recto_doc_sectionize(doc);
  S_shape(root, &shape);
  STR_EQ(t, shape.data, before.data, "idempotent");
  recto_buf_free(&shape);
  recto_buf_free(&before);
  recto_doc_free(doc);
}

static void test_resolve(test_batch *t) {
  recto_doc *doc = recto_doc_new();
  recto_node *root = recto_doc_root(doc);
  recto_node *p = S_add(root, RECTO_NODE_PARAGRAPH);
  recto_node *cite = S_add(p, RECTO_NODE_CITE);
  recto_pos cp = {5, 9, 77};
  recto_node_set_pos(cite, cp);
  recto_cite_item *a = recto_cite_add_item(cite);
  a->key = "known";
  recto_cite_item *b = recto_cite_add_item(cite);
  b->key = "unknown";
  S_text(cite, "[@known; @unknown]");
  recto_node *c2 = S_add(p, RECTO_NODE_CITE);
  recto_cite_add_item(c2)->key = "known";
  recto_bib_entry *e = recto_bib_entry_new(doc);
  e->id = "known";
  recto_doc_add_entry(doc, e);
  S_diags dg;
  recto_context *ctx = S_ctx(&dg);
  INT_EQ(t, recto_doc_resolve_citations(ctx, doc), 1, "one unresolved");
  OK(t, a->entry == e, "known key linked");
  OK(t, b->entry == NULL && !strcmp(b->key, "unknown"), "unknown key kept");
  INT_EQ(t, e->cited, 2, "cited twice");
  OK(t, S_has_code(&dg, "cite.unknown-key") && dg.pos[0].line == 5,
     "warned with the citation's position");
  OK(t, strstr(dg.message[0], "unknown") != NULL, "message names the key");
  STR_EQ(t, recto_node_plain_text(cite), "[@known; @unknown]",
         "text as written");
  recto_context_free(ctx);
  ctx = S_ctx(&dg);
  INT_EQ(t, recto_doc_resolve_citations(ctx, doc), 1, "again: still one");
  INT_EQ(t, e->cited, 2, "resolved items are not counted twice");
  recto_context_free(ctx);
  recto_doc_free(doc);
}

static void test_languages(test_batch *t) {
  recto_doc *doc = recto_doc_new();
  recto_doc_set_lang(doc, "fa");
  recto_node *root = recto_doc_root(doc);
  recto_node *p = S_add(root, RECTO_NODE_PARAGRAPH);
  S_text(p, "فارسی ۱۲۳ "); /* five letters; digits do not count */
  recto_node *en = S_add(p, RECTO_NODE_SPAN);
  recto_node_set_lang(en, "en");
  S_text(en, "English words");  /* twelve letters */
  recto_node *ar = S_text(p, "عربي");
  recto_node_set_lang(ar, "ar"); /* four letters, on the text node itself */
  recto_node *q = S_add(root, RECTO_NODE_BLOCK_QUOTE);
  recto_node_set_lang(q, "en");
  S_text(S_add(q, RECTO_NODE_PARAGRAPH), "more"); /* four */
  recto_lang_share sh[3];
  size_t n = recto_doc_languages(doc, sh, 3);
  INT_EQ(t, n, 3, "three languages");
  if (n == 3) {
    OK(t, !strcmp(sh[0].lang, "en") && sh[0].chars == 16, "en: %s %zu",
       sh[0].lang, sh[0].chars);
    OK(t, !strcmp(sh[1].lang, "fa") && sh[1].chars == 5, "fa: %s %zu",
       sh[1].lang, sh[1].chars);
    OK(t, !strcmp(sh[2].lang, "ar") && sh[2].chars == 4, "ar: %s %zu",
       sh[2].lang, sh[2].chars);
  }
  INT_EQ(t, recto_doc_languages(doc, sh, 1), 3, "count beyond max");
  STR_EQ(t, sh[0].lang, "en", "largest first");
  recto_doc *empty = recto_doc_new();
  INT_EQ(t, recto_doc_languages(empty, sh, 3), 0, "no text, no languages");
  recto_doc_free(empty);
  recto_doc_free(doc);
}

/* ---- input decoding ---- */

static void test_decode(test_batch *t) {
  S_diags dg;
  recto_context *ctx = S_ctx(&dg);
  recto_buf out = RECTO_BUF_INIT;
  const char *used = NULL;
  const unsigned char bom[] = "\xef\xbb\xbfسلام";
  INT_EQ(t, recto_text_decode(ctx, bom, sizeof bom - 1, NULL, 0, &out, &used),
         RECTO_OK, "UTF-8 with BOM");
  STR_EQ(t, out.data, "سلام", "BOM removed");
  recto_buf_clear(&out);
  const unsigned char u16[] = {0xff, 0xfe, 'h', 0, 0x45, 0x06};
  INT_EQ(t, recto_text_decode(ctx, u16, sizeof u16, NULL, 0, &out, &used),
         RECTO_OK, "UTF-16LE");
  STR_EQ(t, out.data, "h\xd9\x85", "UTF-16LE decoded");
  recto_buf_clear(&out);
  const unsigned char bad[] = "line one\nline \xff two";
  INT_EQ(t, recto_text_decode(ctx, bad, sizeof bad - 1, "UTF-8", 0, &out,
                              &used),
         RECTO_ERR_INPUT, "invalid UTF-8 refused");
  OK(t, dg.n && dg.pos[dg.n - 1].line == 2, "error names line 2");
  recto_buf_clear(&out);
  INT_EQ(t, recto_text_decode(ctx, bad, sizeof bad - 1, "UTF-8", 1, &out,
                              &used),
         RECTO_OK, "replaced on request");
  STR_EQ(t, out.data, "line one\nline \xef\xbf\xbd two", "U+FFFD");
  recto_buf_clear(&out);
  const unsigned char cp1256[] = {0xd3, 0xe1, 0xc7, 0xe3}; /* سلام */
  INT_EQ(t, recto_text_decode(ctx, cp1256, sizeof cp1256, "windows-1256", 0,
                              &out, &used),
         RECTO_OK, "declared legacy encoding");
  STR_EQ(t, out.data, "سلام", "Windows-1256 decoded");
  recto_buf_free(&out);
  recto_context_free(ctx);
}

static const struct {
  const char *name;
  void (*fn)(test_batch *);
} S_groups[] = {
    {"kinds", test_kinds},         {"linking", test_linking},
    {"properties", test_properties}, {"doc", test_doc_and_arena},
    {"meta", test_meta},           {"biblio", test_biblio},
    {"iter", test_iter},           {"deep", test_deep_walk},
    {"buf", test_buf},             {"utf8", test_utf8},
    {"options", test_options},     {"diag", test_diag},
    {"notes", test_attach_notes},  {"sections", test_sectionize},
    {"citations", test_resolve},   {"languages", test_languages},
    {"decode", test_decode},       {"escape", test_escape},
    {"resource", test_resource},
};

/* With a group name, that group only; without, all of them. */
int main(int argc, char **argv) {
  test_batch t = {0, 0, 0};
  int ran = 0;
  for (size_t k = 0; k < sizeof S_groups / sizeof S_groups[0]; k++)
    if (argc < 2 || strcmp(argv[1], S_groups[k].name) == 0) {
      S_groups[k].fn(&t);
      ran++;
    }
  if (!ran) {
    fprintf(stderr, "no test group '%s'\n", argv[1]);
    return 2;
  }
  return test_report(&t, argc < 2 ? "api" : argv[1]);
}
