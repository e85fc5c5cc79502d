/* model.c: the Markdown reader and writer called directly.
 *
 *   md-model reader     kinds, properties and source positions
 *   md-model yaml       the metadata block: values, entries, errors
 *   md-model escapes    escaped syntax stays text
 *   md-model roundtrip  a document using every node kind, written and read
 *                       back: the same tree (positions aside)
 *   md-model examples   example list markers inside a block quote and a
 *                       list item (which the Markdown writer puts in divs
 *                       that it cannot nest there, so no golden file)
 */
#include <stdlib.h>
#include <string.h>

#include "../api/harness.h"
#include "md.h"

typedef struct S_diags {
  size_t errors, warnings;
  char code[64];
  recto_pos pos;
} S_diags;

static void S_handler(const recto_diag *d, void *user) {
  S_diags *dg = user;
  if (d->severity == RECTO_DIAG_ERROR && !dg->errors++) {
    snprintf(dg->code, sizeof dg->code, "%s", d->code);
    dg->pos = d->pos;
  } else if (d->severity == RECTO_DIAG_WARNING) {
    dg->warnings++;
  }
}

static recto_doc *S_read(const char *text, S_diags *dg, recto_status *st) {
  memset(dg, 0, sizeof *dg);
  recto_context *ctx = recto_context_new();
  recto_context_set_handler(ctx, S_handler, dg);
  recto_input in = {"t.md", (const unsigned char *)text, strlen(text),
                    "UTF-8"};
  recto_doc *doc = NULL;
  *st = md_read(ctx, &in, NULL, &doc);
  if (doc)
    recto_doc_attach_notes(ctx, doc); /* as the host does */
  recto_context_free(ctx);
  return doc;
}

static char *S_write(recto_doc *doc) {
  recto_context *ctx = recto_context_new();
  recto_buf out = RECTO_BUF_INIT;
  md_write(ctx, doc, NULL, &out);
  recto_context_free(ctx);
  char *s = recto_buf_detach(&out, NULL);
  return s ? s : calloc(1, 1);
}

/* The n-th node of a kind in document order (0-based), or NULL. */
static recto_node *S_find(recto_doc *doc, recto_node_type t, int n) {
  recto_iter *it = recto_iter_new(recto_doc_root(doc));
  recto_event ev;
  recto_node *found = NULL;
  while (!found && (ev = recto_iter_next(it)) != RECTO_EVENT_DONE)
    if (ev == RECTO_EVENT_ENTER && recto_node_type_of(recto_iter_node(it)) == t &&
        n-- == 0)
      found = recto_iter_node(it);
  recto_iter_free(it);
  return found;
}

static void S_pos_is(test_batch *t, recto_node *n, uint32_t line,
                     uint32_t col, const char *what) {
  if (!OK(t, n != NULL, "%s: no node", what))
    return;
  recto_pos p = recto_node_pos(n);
  INT_EQ(t, p.line, line, "%s: line", what);
  INT_EQ(t, p.column, col, "%s: column", what);
}

static const char *S_text(recto_node *n) {
  return n ? recto_node_plain_text(n) : "(none)";
}

/* ---- reader: kinds, properties, positions ---- */

static const char S_doc1[] =
    "# Title {#top .intro lang=en}\n"                        /* 1 */
    "\n"                                                     /* 2 */
    "Some *emphasis* and [see @doe, p. 33; -@roe].\n"        /* 3 */
    "@doe [chap. 2] says so.[^a]\n"                          /* 4 */
    "\n"                                                     /* 5 */
    "::: {lang=fa dir=rtl}\n"                                /* 6 */
    "متن [English]{lang=en dir=ltr} است.\n"                  /* 7 */
    ":::\n"                                                  /* 8 */
    "\n"                                                     /* 9 */
    "[]{.pagebreak n=\"75\" source=page-number header=\"Head\"}\n" /* 10 */
    "\n"                                                     /* 11 */
    "Term\n"                                                 /* 12 */
    ":   Definition\n"                                       /* 13 */
    "\n"                                                     /* 14 */
    "| one\n"                                                /* 15 */
    "|   two\n"                                              /* 16 */
    "\n"                                                     /* 17 */
    "| a | b |\n"                                            /* 18 */
    "|:--|--:|\n"                                            /* 19 */
    "| 1 | 2 |\n"                                            /* 20 */
    "\n"                                                     /* 21 */
    "Table: Numbers\n"                                       /* 22 */
    "\n"                                                     /* 23 */
    "Math $x^2$ and ^[an inline note] and `x`{=latex}.\n"    /* 24 */
    "\n"                                                     /* 25 */
    "[^a]: The note.\n"                                      /* 26 */
    "\n"                                                     /* 27 */
    "    Second paragraph.\n";                               /* 28 */

static void S_test_reader(test_batch *t) {
  S_diags dg;
  recto_status st;
  recto_doc *doc = S_read(S_doc1, &dg, &st);
  INT_EQ(t, st, RECTO_OK, "read");
  if (!doc)
    return;
  recto_node *h = S_find(doc, RECTO_NODE_HEADING, 0);
  S_pos_is(t, h, 1, 1, "heading");
  STR_EQ(t, recto_node_id(h), "top", "heading id");
  OK(t, recto_node_has_class(h, "intro"), "heading class");
  STR_EQ(t, recto_node_lang(h), "en", "heading lang");
  STR_EQ(t, S_text(h), "Title", "heading text");

  recto_node *em = S_find(doc, RECTO_NODE_EMPH, 0);
  S_pos_is(t, em, 3, 6, "emphasis");

  recto_node *c1 = S_find(doc, RECTO_NODE_CITE, 0);
  S_pos_is(t, c1, 3, 21, "bracketed citation");
  INT_EQ(t, recto_cite_count(c1), 2, "items");
  if (recto_cite_count(c1) == 2) {
    recto_cite_item *a = recto_cite_item_at(c1, 0);
    recto_cite_item *b = recto_cite_item_at(c1, 1);
    STR_EQ(t, a->key, "doe", "key");
    STR_EQ(t, a->prefix, "see", "prefix");
    STR_EQ(t, a->locator, "33", "locator");
    STR_EQ(t, a->label, "page", "label");
    INT_EQ(t, a->mode, RECTO_CITE_NORMAL, "mode");
    STR_EQ(t, b->key, "roe", "second key");
    INT_EQ(t, b->mode, RECTO_CITE_SUPPRESS_AUTHOR, "suppress author");
  }
  STR_EQ(t, S_text(c1), "[see @doe, p. 33; -@roe]", "citation text as written");

  recto_node *c2 = S_find(doc, RECTO_NODE_CITE, 1);
  S_pos_is(t, c2, 4, 1, "author-in-text citation");
  if (recto_cite_count(c2) == 1) {
    recto_cite_item *a = recto_cite_item_at(c2, 0);
    INT_EQ(t, a->mode, RECTO_CITE_AUTHOR_IN_TEXT, "mode");
    STR_EQ(t, a->label, "chapter", "label");
    STR_EQ(t, a->locator, "2", "locator");
  }
  STR_EQ(t, S_text(c2), "@doe [chap. 2]", "text as written");

  recto_node *note = S_find(doc, RECTO_NODE_NOTE, 0);
  S_pos_is(t, note, 4, 24, "note");
  STR_EQ(t, recto_node_marker(note), "a", "note marker");
  OK(t, note && recto_node_first_child(note) &&
            recto_node_next(recto_node_first_child(note)),
     "two paragraphs in the note");
  OK(t, !S_find(doc, RECTO_NODE_NOTE_DEF, 0), "definition joined");

  recto_node *div = S_find(doc, RECTO_NODE_DIV, 0);
  S_pos_is(t, div, 6, 1, "div");
  STR_EQ(t, recto_node_lang(div), "fa", "div lang");
  INT_EQ(t, recto_node_dir(div), RECTO_DIR_RTL, "div dir");
  recto_node *span = S_find(doc, RECTO_NODE_SPAN, 0);
  S_pos_is(t, span, 7, 8, "span (column in bytes)");
  STR_EQ(t, recto_node_lang(span), "en", "span lang");
  INT_EQ(t, recto_node_dir(span), RECTO_DIR_LTR, "span dir");
  STR_EQ(t, S_text(span), "English", "span text");

  recto_node *pb = S_find(doc, RECTO_NODE_PAGE_BREAK, 0);
  S_pos_is(t, pb, 10, 1, "page break");
  OK(t, pb && recto_node_type_of(recto_node_parent(pb)) == RECTO_NODE_DOCUMENT,
     "page break among blocks");
  STR_EQ(t, recto_page_label(pb), "75", "page label");
  INT_EQ(t, recto_page_source_of(pb), RECTO_PAGE_SOURCE_PAGE_NUMBER, "source");
  STR_EQ(t, recto_page_header(pb), "Head", "header");

  recto_node *dl = S_find(doc, RECTO_NODE_DEF_LIST, 0);
  S_pos_is(t, dl, 12, 1, "definition list");
  STR_EQ(t, S_text(S_find(doc, RECTO_NODE_TERM, 0)), "Term", "term");
  recto_node *def = S_find(doc, RECTO_NODE_DEF, 0);
  OK(t, def && recto_node_type_of(recto_node_first_child(def)) ==
                   RECTO_NODE_PLAIN,
     "tight definition");

  recto_node *lb = S_find(doc, RECTO_NODE_LINE_BLOCK, 0);
  S_pos_is(t, lb, 15, 1, "line block");
  STR_EQ(t, S_text(S_find(doc, RECTO_NODE_LINE, 1)), "  two",
         "line keeps its leading spaces");

  recto_node *table = S_find(doc, RECTO_NODE_TABLE, 0);
  S_pos_is(t, table, 18, 1, "table");
  INT_EQ(t, recto_table_columns(table), 2, "columns");
  INT_EQ(t, recto_table_column_align(table, 0), RECTO_ALIGN_LEFT, "align 0");
  INT_EQ(t, recto_table_column_align(table, 1), RECTO_ALIGN_RIGHT, "align 1");
  recto_node *cap = table ? recto_node_first_child(table) : NULL;
  OK(t, cap && recto_node_type_of(cap) == RECTO_NODE_CAPTION, "caption");
  STR_EQ(t, S_text(cap), "Numbers", "caption text");
  S_pos_is(t, S_find(doc, RECTO_NODE_CELL, 3), 20, 6, "last cell");

  recto_node *math = S_find(doc, RECTO_NODE_MATH, 0);
  S_pos_is(t, math, 24, 6, "math");
  STR_EQ(t, math ? recto_node_text(math) : NULL, "x^2", "math text");
  recto_node *inote = S_find(doc, RECTO_NODE_NOTE, 1);
  STR_EQ(t, S_text(inote), "an inline note", "inline note");
  recto_node *raw = S_find(doc, RECTO_NODE_RAW_INLINE, 0);
  STR_EQ(t, raw ? recto_node_info(raw) : NULL, "latex", "raw format");
  recto_doc_free(doc);

  /* A named note is numbered by the writers; its label stays as its id
     and comes back as its label, with no span to carry the id. */
  doc = S_read("A[^why-this] b[^x].\n\n[^why-this]: One.\n\n[^x]: Two.\n",
               &dg, &st);
  recto_node *named = S_find(doc, RECTO_NODE_NOTE, 0);
  OK(t, named && !recto_node_marker(named), "a named note has no marker");
  STR_EQ(t, named ? recto_node_id(named) : NULL, "why-this", "its label");
  STR_EQ(t, recto_node_marker(S_find(doc, RECTO_NODE_NOTE, 1)), "x",
         "a one-letter label is a marker");
  char *md = S_write(doc);
  OK(t, strstr(md, "A[^why-this] b[^x].") && !strstr(md, "{#why-this}"),
     "the label written back: %s", md);
  free(md);
  recto_doc_free(doc);
}

/* ---- the metadata block ---- */

static const char S_doc2[] =
    "---\n"                                                   /* 1 */
    "title: \"A *bold* claim\"\n"                             /* 2 */
    "author:\n"                                               /* 3 */
    "- name: Ana\n"                                           /* 4 */
    "  affiliation: 'Univ, of ''X'''\n"                       /* 5 */
    "- Bo\n"                                                  /* 6 */
    "keywords: [one, \"two, three\"]\n"                       /* 7 */
    "draft: false\n"                                          /* 8 */
    "abstract: |\n"                                           /* 9 */
    "  First paragraph.\n"                                    /* 10 */
    "\n"                                                      /* 11 */
    "  Second.\n"                                             /* 12 */
    "lang: fa\n"                                              /* 13 */
    "dir: rtl\n"                                              /* 14 */
    "references:\n"                                           /* 15 */
    "- id: k1\n"                                              /* 16 */
    "  type: book\n"                                          /* 17 */
    "  author:\n"                                             /* 18 */
    "  - {family: Doe, given: Jo}\n"                          /* 19 */
    "  - literal: An Institute\n"                             /* 20 */
    "  title: \"T\\u00e9st\"\n"                               /* 21 */
    "  page: 33-35\n"                                         /* 22 */
    "  DOI: 10.5555/x\n"                                      /* 23 */
    "  issued: {date-parts: [[1403, 2]], calendar: solar-hijri}\n" /* 24 */
    "---\n"                                                   /* 25 */
    "\n"                                                      /* 26 */
    "Text [@k1].\n";                                          /* 27 */

static void S_test_yaml(test_batch *t) {
  S_diags dg;
  recto_status st;
  recto_doc *doc = S_read(S_doc2, &dg, &st);
  INT_EQ(t, st, RECTO_OK, "read");
  if (!doc)
    return;
  recto_meta *meta = recto_doc_meta(doc);
  recto_meta *title = recto_meta_get(meta, "title");
  INT_EQ(t, title ? recto_meta_kind_of(title) : 0, RECTO_META_INLINES,
         "title with markup is inlines");
  STR_EQ(t, recto_doc_meta_string(doc, "title"), "A bold claim", "title");
  recto_meta *authors = recto_meta_get(meta, "author");
  INT_EQ(t, authors ? recto_meta_count(authors) : 0, 2, "two authors");
  if (authors && recto_meta_count(authors) == 2) {
    recto_meta *a = recto_meta_at(authors, 0, NULL);
    STR_EQ(t, recto_meta_string(recto_meta_get(a, "affiliation")),
           "Univ, of \xe2\x80\x98X\xe2\x80\x99",
           "single-quoted scalar (smart quotes inside)");
    STR_EQ(t, recto_meta_string(recto_meta_at(authors, 1, NULL)), "Bo",
           "author as a string");
  }
  recto_meta *kw = recto_meta_get(meta, "keywords");
  INT_EQ(t, kw ? recto_meta_count(kw) : 0, 2, "flow list");
  if (kw && recto_meta_count(kw) == 2)
    STR_EQ(t, recto_meta_string(recto_meta_at(kw, 1, NULL)), "two, three",
           "quoted item");
  recto_meta *draft = recto_meta_get(meta, "draft");
  INT_EQ(t, draft ? recto_meta_kind_of(draft) : 0, RECTO_META_BOOL, "bool");
  recto_meta *abs = recto_meta_get(meta, "abstract");
  INT_EQ(t, abs ? recto_meta_kind_of(abs) : 0, RECTO_META_BLOCKS,
         "block scalar is blocks");
  STR_EQ(t, recto_doc_lang(doc), "fa", "document language");
  INT_EQ(t, recto_doc_dir(doc), RECTO_DIR_RTL, "document direction");
  OK(t, !recto_meta_get(meta, "references"), "references not in metadata");

  recto_bib_entry *e = recto_doc_find_entry(doc, "k1");
  if (OK(t, e != NULL, "entry k1")) {
    STR_EQ(t, e->type, "book", "type");
    STR_EQ(t, e->title, "T\xc3\xa9st", "escaped title");
    STR_EQ(t, e->page, "33-35", "page range");
    STR_EQ(t, e->doi, "10.5555/x", "DOI");
    INT_EQ(t, e->issued.year[0], 1403, "year");
    INT_EQ(t, e->issued.month[0], 2, "month");
    INT_EQ(t, e->issued.calendar, RECTO_CALENDAR_SOLAR_HIJRI, "calendar");
    STR_EQ(t, e->author ? e->author->family : NULL, "Doe", "family");
    STR_EQ(t, e->author && e->author->next ? e->author->next->literal : NULL,
           "An Institute", "organisation");
    INT_EQ(t, e->pos.line, 16, "entry line");
  }
  recto_node *bib = recto_doc_bibliography(doc, 0);
  OK(t, bib != NULL, "bibliography at the end");
  recto_doc_free(doc);

  /* errors name the line of the input */
  static const struct {
    const char *text;
    uint32_t line;
  } bad[] = {
      {"---\ntitle: x\n  bad: indentation\n---\n", 3},
      {"---\ntitle: x\nlist: [a, b\n---\n", 3},
      {"---\ntitle: \"open\n---\n\nbody\n", 2},
      {"---\na: 1\n\tb: 2\n---\n", 3},
      {"---\na: *alias\n---\n", 2},
      {"---\na: \"\\q\"\n---\n", 2},
      /* after blank lines, still at the start */
      {"\n---\na: 1\nlist: [a, b\n---\n", 4},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    doc = S_read(bad[i].text, &dg, &st);
    INT_EQ(t, st, RECTO_ERR_INPUT, "bad YAML %zu refused", i);
    STR_EQ(t, dg.code, "md.yaml", "code %zu", i);
    INT_EQ(t, dg.pos.line, bad[i].line, "line of error %zu", i);
    if (doc)
      recto_doc_free(doc);
  }
  /* not a map: not metadata, but Markdown */
  doc = S_read("---\nFoo\n---\nBar\n", &dg, &st);
  INT_EQ(t, st, RECTO_OK, "thematic breaks");
  OK(t, doc && S_find(doc, RECTO_NODE_THEMATIC_BREAK, 0), "hr kept");
  if (doc)
    recto_doc_free(doc);
  /* a block further on is metadata, or Markdown with a warning when it
     is not YAML */
  doc = S_read("Text.\n\n---\na: 1\n---\n\nMore.\n\n---\nNote: x\n[a, b\n---\n",
               &dg, &st);
  OK(t, st == RECTO_OK && doc && recto_meta_get(recto_doc_meta(doc), "a") &&
            !recto_meta_get(recto_doc_meta(doc), "Note") && dg.warnings == 1 &&
            S_find(doc, RECTO_NODE_THEMATIC_BREAK, 0),
     "a later block: metadata, or text when not YAML");
  if (doc)
    recto_doc_free(doc);
  /* nor is a block that does not follow a blank line, or is in code */
  doc = S_read("Para\n---\na: 1\n---\n\n```\n---\nb: 2\n---\n```\n", &dg,
               &st);
  OK(t, st == RECTO_OK && doc && !recto_meta_get(recto_doc_meta(doc), "a") &&
            !recto_meta_get(recto_doc_meta(doc), "b") &&
            S_find(doc, RECTO_NODE_HEADING, 0) &&
            S_find(doc, RECTO_NODE_CODE_BLOCK, 0),
     "a setext heading and code stay");
  if (doc)
    recto_doc_free(doc);
}

/* ---- escapes ---- */

static void S_test_escapes(test_batch *t) {
  static const char *const texts[] = {
      "\\[not a span\\]{.x}\n",
      "\\@key is not cited, nor is mail@example\n",
      "$5 and $6 are not math, nor is \\$x\\$\n",
      "\\^[not a note]\n",
      "[not a cite] and [@ nor this]\n",
      "\\% is not a title block\n",
  };
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    S_diags dg;
    recto_status st;
    recto_doc *doc = S_read(texts[i], &dg, &st);
    if (!doc)
      continue;
    recto_node *para = recto_node_first_child(recto_doc_root(doc));
    recto_node *only = para ? recto_node_first_child(para) : NULL;
    OK(t, only && recto_node_type_of(only) == RECTO_NODE_TEXT &&
              !recto_node_next(only),
       "text %zu stays one text node", i);
    char *md = S_write(doc);
    recto_doc *again = S_read(md, &dg, &st);
    recto_node *p2 = again ? recto_node_first_child(recto_doc_root(again)) : NULL;
    STR_EQ(t, p2 ? recto_node_plain_text(p2) : NULL, recto_node_plain_text(para),
           "text %zu written and read back (%s)", i, md);
    free(md);
    if (again)
      recto_doc_free(again);
    recto_doc_free(doc);
  }
}

/* ---- the writer: a tree with every kind, written and read back ---- */

static int S_streq(const char *a, const char *b) {
  return !strcmp(a ? a : "", b ? b : "");
}

static int S_same_node(test_batch *t, recto_node *a, recto_node *b) {
  recto_node_type ta = recto_node_type_of(a), tb = recto_node_type_of(b);
  const char *name = recto_node_type_name(ta);
  if (!INT_EQ(t, tb, ta, "kind: %s became %s", name, recto_node_type_name(tb)))
    return 0;
  int ok = 1;
  ok &= STR_EQ(t, recto_node_text(b) ? recto_node_text(b) : "",
               recto_node_text(a) ? recto_node_text(a) : "", "%s text", name);
  ok &= OK(t, S_streq(recto_node_info(a), recto_node_info(b)), "%s info", name);
  /* the reader percent-encodes a destination's spaces, as pandoc does */
  const char *url = recto_node_url(a);
  ok &= OK(t, S_streq(url ? md_url_escape(recto_node_doc(b), url, 0) : NULL,
                      recto_node_url(b)), "%s url", name);
  ok &= OK(t, S_streq(recto_node_title(a), recto_node_title(b)), "%s title", name);
  ok &= OK(t, S_streq(recto_node_lang(a), recto_node_lang(b)), "%s lang", name);
  ok &= OK(t, recto_node_dir(a) == recto_node_dir(b), "%s dir", name);
  /* a heading without an id gets pandoc's automatic one when read */
  if (!(ta == RECTO_NODE_HEADING && !recto_node_id(a)))
    ok &= OK(t, S_streq(recto_node_id(a), recto_node_id(b)), "%s id", name);
  ok &= STR_EQ(t, recto_node_classes(b), recto_node_classes(a), "%s classes", name);
  ok &= INT_EQ(t, recto_node_attr_count(b), recto_node_attr_count(a),
               "%s attributes", name);
  switch (ta) {
  case RECTO_NODE_HEADING:
    ok &= INT_EQ(t, recto_node_level(b), recto_node_level(a), "level");
    break;
  case RECTO_NODE_NOTE:
    ok &= OK(t, S_streq(recto_node_marker(a), recto_node_marker(b)),
             "marker %s / %s", recto_node_marker(a), recto_node_marker(b));
    break;
  case RECTO_NODE_LIST:
    ok &= INT_EQ(t, recto_list_kind_of(b), recto_list_kind_of(a), "list kind");
    /* an ordered list of no stated style is written with digits, which
       read back as decimal (as in pandoc) */
    if (!(recto_list_kind_of(a) == RECTO_LIST_ORDERED &&
          recto_list_style_of(a) == RECTO_LIST_STYLE_DEFAULT &&
          recto_list_style_of(b) == RECTO_LIST_STYLE_DECIMAL))
      ok &= INT_EQ(t, recto_list_style_of(b), recto_list_style_of(a), "style");
    if (recto_list_kind_of(a) == RECTO_LIST_ORDERED)
      ok &= INT_EQ(t, recto_list_delim_of(b), recto_list_delim_of(a), "delim");
    ok &= INT_EQ(t, recto_list_start(b), recto_list_start(a), "start");
    ok &= INT_EQ(t, recto_list_tight(b), recto_list_tight(a), "tight");
    break;
  case RECTO_NODE_CELL:
    ok &= INT_EQ(t, recto_cell_rowspan(b), recto_cell_rowspan(a), "rowspan");
    ok &= INT_EQ(t, recto_cell_colspan(b), recto_cell_colspan(a), "colspan");
    ok &= INT_EQ(t, recto_cell_align(b), recto_cell_align(a), "cell align");
    break;
  case RECTO_NODE_TABLE:
    ok &= INT_EQ(t, recto_table_columns(b), recto_table_columns(a), "columns");
    for (size_t c = 0; c < recto_table_columns(a); c++)
      ok &= INT_EQ(t, recto_table_column_align(b, c),
                   recto_table_column_align(a, c), "column %zu align", c);
    break;
  case RECTO_NODE_PAGE_BREAK:
    ok &= OK(t, S_streq(recto_page_label(a), recto_page_label(b)), "label");
    ok &= INT_EQ(t, recto_page_source_of(b), recto_page_source_of(a), "source");
    ok &= OK(t, S_streq(recto_page_header(a), recto_page_header(b)), "header");
    ok &= OK(t, S_streq(recto_page_footer(a), recto_page_footer(b)), "footer");
    break;
  case RECTO_NODE_MATH:
    ok &= INT_EQ(t, recto_node_math_display(b), recto_node_math_display(a),
                 "display");
    break;
  case RECTO_NODE_QUOTED:
    ok &= INT_EQ(t, recto_node_quote_kind(b), recto_node_quote_kind(a), "quote");
    break;
  case RECTO_NODE_CITE:
    ok &= INT_EQ(t, recto_cite_count(b), recto_cite_count(a), "items");
    for (size_t i = 0; i < recto_cite_count(a) && i < recto_cite_count(b); i++) {
      recto_cite_item *x = recto_cite_item_at(a, i), *y = recto_cite_item_at(b, i);
      ok &= OK(t, S_streq(x->key, y->key) && S_streq(x->prefix, y->prefix) &&
                      S_streq(x->suffix, y->suffix) &&
                      S_streq(x->locator, y->locator) &&
                      S_streq(x->label, y->label) && x->mode == y->mode,
               "item %zu: %s|%s|%s|%s|%s|%d vs %s|%s|%s|%s|%s|%d", i, x->key,
               x->prefix, x->suffix, x->locator, x->label, x->mode, y->key,
               y->prefix, y->suffix, y->locator, y->label, y->mode);
    }
    break;
  case RECTO_NODE_BIB_ENTRY: {
    recto_bib_entry *x = recto_node_bib_entry(a), *y = recto_node_bib_entry(b);
    if (!OK(t, x && y, "entries"))
      return 0;
    for (size_t f = 0; f < md_csl_nfields; f++) {
      const char *vx = *(const char **)((char *)x + md_csl_fields[f].offset);
      const char *vy = *(const char **)((char *)y + md_csl_fields[f].offset);
      ok &= OK(t, S_streq(vx, vy), "entry %s: %s", md_csl_fields[f].name, vy);
    }
    ok &= OK(t, S_streq(x->id, y->id) && S_streq(x->type, y->type), "id/type");
    ok &= OK(t, !memcmp(x->issued.year, y->issued.year, sizeof x->issued.year) &&
                    x->issued.calendar == y->issued.calendar &&
                    x->issued.circa == y->issued.circa,
             "issued");
    const recto_name *nx = x->author, *ny = y->author;
    for (; nx && ny; nx = nx->next, ny = ny->next)
      ok &= OK(t, S_streq(nx->family, ny->family) &&
                      S_streq(nx->given, ny->given) &&
                      S_streq(nx->literal, ny->literal),
               "author");
    ok &= OK(t, !nx && !ny, "author count");
    break;
  }
  default:
    break;
  }
  return ok;
}

/* What the reader adds beside raw HTML (what it reads in it) is left out
   of the comparison: the raw HTML is what was written. */
static void S_drop_html_reading(recto_node *root) {
  recto_iter *it = recto_iter_new(root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER)
      continue;
    if (recto_node_has_class(n, "raw-html-read"))
      recto_node_set_classes(n, "");
    recto_node *c = recto_node_next(n);
    if (c && recto_node_has_class(c, "raw-html-copy"))
      recto_node_unlink(c);
  }
  recto_iter_free(it);
}

/* Both trees walked together. */
static void S_same_tree(test_batch *t, recto_node *a, recto_node *b) {
  S_drop_html_reading(b);
  recto_iter *ia = recto_iter_new(a), *ib = recto_iter_new(b);
  recto_event ea, eb;
  int ok = 1;
  do {
    ea = recto_iter_next(ia);
    eb = recto_iter_next(ib);
    if (!INT_EQ(t, eb, ea, "tree shape at %s",
                recto_node_type_name(recto_node_type_of(recto_iter_node(ia)))))
      break;
    if (ea == RECTO_EVENT_ENTER)
      ok = S_same_node(t, recto_iter_node(ia), recto_iter_node(ib));
  } while (ok && ea != RECTO_EVENT_DONE);
  recto_iter_free(ia);
  recto_iter_free(ib);
}

static recto_node *S_add(recto_node *parent, recto_node_type t) {
  recto_node *n = recto_node_new(recto_node_doc(parent), t);
  recto_node_append(parent, n);
  return n;
}

static recto_node *S_txt(recto_node *parent, const char *s) {
  recto_node *n = recto_node_new_text(recto_node_doc(parent), s, strlen(s));
  recto_node_append(parent, n);
  return n;
}

/* A document as the Markdown reader would build it (so that reading the
   Markdown written gives exactly this tree back). */
static recto_doc *S_every_kind(void) {
  recto_doc *doc = recto_doc_new();
  recto_node *root = recto_doc_root(doc);
  recto_doc_set_lang(doc, "en");
  recto_doc_add_step(doc, "pages", "page breaks from running heads");
  recto_doc_meta_set_string(doc, "title", "A *starred* title: 1984. Yes");
  recto_node *h = S_add(root, RECTO_NODE_HEADING);
  recto_node_set_level(h, 2);
  recto_node_set_id(h, "sec-1");
  recto_node_set_lang(h, "de");
  S_txt(h, "Title # with hash {braces}");
  recto_node *p = S_add(root, RECTO_NODE_PARAGRAPH);
  S_txt(p, "1. Not a list; *stars*, _under_, [brackets], <tags>, a|b, $5, "
           "@home, http://x.y, www.z.org, & &amp; \\ back ~tilde~ ^[x]");
  S_add(p, RECTO_NODE_SOFT_BREAK);
  S_txt(p, "# not a heading, > not a quote, - not an item, + nor this");
  S_add(p, RECTO_NODE_LINE_BREAK);
  recto_node *em = S_add(p, RECTO_NODE_EMPH);
  recto_node *st = S_add(em, RECTO_NODE_STRONG);
  S_txt(st, "strong in emphasis");
  recto_node *q = S_add(p, RECTO_NODE_QUOTED);
  recto_node_set_quote_kind(q, RECTO_QUOTE_SINGLE);
  S_txt(q, "quoted");
  recto_node *sup = S_add(p, RECTO_NODE_SUPERSCRIPT);
  S_txt(sup, "sup");
  recto_node *sub = S_add(p, RECTO_NODE_SUBSCRIPT);
  S_txt(sub, "sub");
  recto_node *sc = S_add(p, RECTO_NODE_SMALLCAPS);
  S_txt(sc, "caps");
  recto_node *u = S_add(p, RECTO_NODE_UNDERLINE);
  S_txt(u, "under");
  recto_node *so = S_add(p, RECTO_NODE_STRIKEOUT);
  S_txt(so, "gone");
  recto_node *m = S_add(p, RECTO_NODE_MATH);
  recto_node_set_text(m, "a*b_{i} \\, c", 12);
  recto_node *m2 = S_add(p, RECTO_NODE_MATH);
  recto_node_set_text(m2, "\\frac{1}{2}", 11);
  recto_node_set_math_display(m2, 1);
  recto_node *raw = S_add(p, RECTO_NODE_RAW_INLINE);
  recto_node_set_text(raw, "\\LaTeX{}", 8);
  recto_node_set_info(raw, "latex");
  recto_node *code = S_add(p, RECTO_NODE_CODE);
  recto_node_set_text(code, "a `tick` here", 13);
  recto_node *link = S_add(p, RECTO_NODE_LINK);
  recto_node_set_url(link, "http://example.org/a b(c)");
  recto_node_set_title(link, "The \"title\"");
  S_txt(link, "link");
  recto_node *img = S_add(p, RECTO_NODE_IMAGE);
  recto_node_set_url(img, "figure.png");
  S_txt(img, "alt");
  recto_node *span = S_add(p, RECTO_NODE_SPAN);
  recto_node_set_lang(span, "fa");
  recto_node_set_dir(span, RECTO_DIR_RTL);
  recto_node_set_attr(span, "title", "a \"quoted\" [value]");
  S_txt(span, "فارسی");
  recto_node *pb = S_add(p, RECTO_NODE_PAGE_BREAK);
  recto_page_set(pb, "۷۵", RECTO_PAGE_SOURCE_RUNNING_HEAD, "Head: \"x\"", "Foot");
  /* a citation read from author-date text keeps that text */
  recto_node *cite = S_add(p, RECTO_NODE_CITE);
  recto_cite_item *it = recto_cite_add_item(cite);
  it->key = "umarov2022";
  it->locator = "33";
  it->label = "page";
  S_txt(cite, "(Umarov, 2022, p. 33)");
  recto_node_set_lang(cite, "en");
  recto_node_set_dir(cite, RECTO_DIR_LTR);
  /* a citation written over two lines reads back as written */
  recto_node *cite2 = S_add(p, RECTO_NODE_CITE);
  recto_cite_item *it2 = recto_cite_add_item(cite2);
  it2->key = "doe";
  it2->prefix = "see";
  it2->locator = "3";
  it2->label = "page";
  S_txt(cite2, "[see @doe,");
  S_add(cite2, RECTO_NODE_SOFT_BREAK);
  S_txt(cite2, "p. 3]");
  recto_node *note = S_add(p, RECTO_NODE_NOTE);
  recto_node_set_marker(note, "۱۲۳");
  recto_node *np = S_add(note, RECTO_NODE_PARAGRAPH);
  S_txt(np, "A note.");
  recto_node *np2 = S_add(note, RECTO_NODE_PARAGRAPH);
  S_txt(np2, "Its second paragraph.");
  recto_node *note2 = S_add(p, RECTO_NODE_NOTE);
  recto_node_set_marker(note2, "*");
  S_txt(S_add(note2, RECTO_NODE_PARAGRAPH), "Starred.");

  /* blocks */
  recto_node *bq = S_add(root, RECTO_NODE_BLOCK_QUOTE);
  S_txt(S_add(bq, RECTO_NODE_PARAGRAPH), "Quoted.");
  recto_node *bq2 = S_add(root, RECTO_NODE_BLOCK_QUOTE);
  S_txt(S_add(bq2, RECTO_NODE_PARAGRAPH), "Another quote.");
  recto_node *list = S_add(root, RECTO_NODE_LIST);
  recto_list_set_kind(list, RECTO_LIST_ORDERED);
  recto_list_set_start(list, 7);
  recto_list_set_delim(list, RECTO_LIST_DELIM_PAREN);
  recto_list_set_tight(list, 1);
  recto_node *item = S_add(list, RECTO_NODE_ITEM);
  S_txt(S_add(item, RECTO_NODE_PLAIN), "seven");
  recto_node *inner = S_add(item, RECTO_NODE_LIST);
  recto_list_set_tight(inner, 1);
  S_txt(S_add(S_add(inner, RECTO_NODE_ITEM), RECTO_NODE_PLAIN), "nested");
  S_txt(S_add(S_add(list, RECTO_NODE_ITEM), RECTO_NODE_PLAIN), "eight");
  /* numbering Markdown has no syntax for */
  recto_node *plist = S_add(root, RECTO_NODE_LIST);
  recto_list_set_kind(plist, RECTO_LIST_ORDERED);
  recto_list_set_style(plist, RECTO_LIST_STYLE_PERSIAN);
  recto_list_set_delim(plist, RECTO_LIST_DELIM_DASH);
  recto_list_set_start(plist, 1);
  recto_list_set_tight(plist, 1);
  recto_node_set_id(plist, "steps");
  S_txt(S_add(S_add(plist, RECTO_NODE_ITEM), RECTO_NODE_PLAIN), "یکم");
  recto_node *list2 = S_add(root, RECTO_NODE_LIST);
  recto_list_set_tight(list2, 1);
  S_txt(S_add(S_add(list2, RECTO_NODE_ITEM), RECTO_NODE_PLAIN), "bullet");
  recto_node *list3 = S_add(root, RECTO_NODE_LIST);
  recto_list_set_tight(list3, 1);
  S_txt(S_add(S_add(list3, RECTO_NODE_ITEM), RECTO_NODE_PLAIN), "another list");
  recto_node *cb = S_add(root, RECTO_NODE_CODE_BLOCK);
  recto_node_set_info(cb, "python");
  recto_node_set_text(cb, "```\nprint(1)\n", 13);
  recto_node *rb = S_add(root, RECTO_NODE_RAW_BLOCK);
  recto_node_set_info(rb, "tei");
  recto_node_set_text(rb, "<pb n=\"3\"/>", 11);
  recto_node *hb = S_add(root, RECTO_NODE_RAW_BLOCK);
  recto_node_set_info(hb, "html");
  const char *html = "<div class=\"x\">\n<p>raw</p>\n</div>";
  recto_node_set_text(hb, html, strlen(html));
  S_add(root, RECTO_NODE_THEMATIC_BREAK);
  recto_node *lb = S_add(root, RECTO_NODE_LINE_BLOCK);
  S_txt(S_add(lb, RECTO_NODE_LINE), "first line");
  S_txt(S_add(lb, RECTO_NODE_LINE), "   indented line");
  recto_node *eline = S_add(lb, RECTO_NODE_LINE);
  recto_node_set_lang(eline, "en");
  S_txt(eline, "an English line");
  recto_node *dl = S_add(root, RECTO_NODE_DEF_LIST);
  recto_node *di = S_add(dl, RECTO_NODE_DEF_ITEM);
  S_txt(S_add(di, RECTO_NODE_TERM), "Term");
  recto_node *d1 = S_add(di, RECTO_NODE_DEF);
  S_txt(S_add(d1, RECTO_NODE_PARAGRAPH), "Loose definition.");
  S_txt(S_add(d1, RECTO_NODE_PARAGRAPH), "With two paragraphs.");
  recto_node *di2 = S_add(dl, RECTO_NODE_DEF_ITEM);
  S_txt(S_add(di2, RECTO_NODE_TERM), "Other");
  S_txt(S_add(S_add(di2, RECTO_NODE_DEF), RECTO_NODE_PLAIN), "tight");
  /* a table a pipe table cannot hold: spans and two blocks in a cell */
  recto_node *tb = S_add(root, RECTO_NODE_TABLE);
  recto_table_set_columns(tb, 2);
  recto_table_set_column(tb, 1, RECTO_ALIGN_RIGHT, 0);
  recto_node *tcap = S_add(tb, RECTO_NODE_CAPTION);
  S_txt(S_add(tcap, RECTO_NODE_PARAGRAPH), "Spans");
  recto_node *th = S_add(tb, RECTO_NODE_TABLE_HEAD);
  recto_node *hr = S_add(th, RECTO_NODE_ROW);
  recto_node *hc = S_add(hr, RECTO_NODE_CELL);
  recto_cell_set(hc, 1, 2, RECTO_ALIGN_CENTER);
  S_txt(S_add(hc, RECTO_NODE_PARAGRAPH), "Both");
  recto_node *tbody = S_add(tb, RECTO_NODE_TABLE_BODY);
  recto_node *r1 = S_add(tbody, RECTO_NODE_ROW);
  recto_node *c1 = S_add(r1, RECTO_NODE_CELL);
  recto_cell_set(c1, 2, 1, RECTO_ALIGN_DEFAULT);
  S_txt(S_add(c1, RECTO_NODE_PARAGRAPH), "tall");
  S_txt(S_add(c1, RECTO_NODE_PARAGRAPH), "cell");
  recto_node *c2 = S_add(r1, RECTO_NODE_CELL);
  recto_cell_set(c2, 1, 1, RECTO_ALIGN_DEFAULT);
  recto_node *r2 = S_add(tbody, RECTO_NODE_ROW);
  recto_node *c3 = S_add(r2, RECTO_NODE_CELL);
  recto_cell_set(c3, 1, 1, RECTO_ALIGN_DEFAULT);
  S_txt(S_add(c3, RECTO_NODE_PARAGRAPH), "x|y");
  /* a pipe table */
  recto_node *pt = S_add(root, RECTO_NODE_TABLE);
  recto_table_set_columns(pt, 2);
  recto_table_set_column(pt, 0, RECTO_ALIGN_CENTER, 0);
  recto_node *ph = S_add(S_add(pt, RECTO_NODE_TABLE_HEAD), RECTO_NODE_ROW);
  for (int i = 0; i < 2; i++) {
    recto_node *c = S_add(ph, RECTO_NODE_CELL);
    recto_cell_set(c, 1, 1, RECTO_ALIGN_DEFAULT);
    S_txt(S_add(c, RECTO_NODE_PLAIN), i ? "b|c" : "a");
  }
  recto_node *pr = S_add(S_add(pt, RECTO_NODE_TABLE_BODY), RECTO_NODE_ROW);
  for (int i = 0; i < 2; i++) {
    recto_node *c = S_add(pr, RECTO_NODE_CELL);
    recto_cell_set(c, 1, 1, RECTO_ALIGN_DEFAULT);
    recto_node *cc = S_add(S_add(c, RECTO_NODE_PLAIN), RECTO_NODE_CODE);
    recto_node_set_text(cc, i ? "p|q" : "1", i ? 3 : 1);
  }
  recto_node *fig = S_add(root, RECTO_NODE_FIGURE);
  S_txt(S_add(S_add(fig, RECTO_NODE_CAPTION), RECTO_NODE_PARAGRAPH),
        "A figure");
  recto_node *fimg = S_add(S_add(fig, RECTO_NODE_PARAGRAPH), RECTO_NODE_IMAGE);
  recto_node_set_url(fimg, "figure.png");
  S_txt(fimg, "picture");
  recto_node *div = S_add(root, RECTO_NODE_DIV);
  recto_node_set_lang(div, "ar");
  recto_node_set_classes(div, "quote");
  S_txt(S_add(div, RECTO_NODE_PARAGRAPH), "نص عربي");
  recto_node *bpb = S_add(root, RECTO_NODE_PAGE_BREAK);
  recto_page_set(bpb, "12", RECTO_PAGE_SOURCE_FORM_FEED, NULL, NULL);
  recto_node *tf = S_add(root, RECTO_NODE_TABLE_FLAT);
  recto_node_set_text(tf, "a   b\n1   2", 11);
  /* the bibliography, with an entry */
  recto_node *bib = S_add(root, RECTO_NODE_BIBLIOGRAPHY);
  recto_node *bh = S_add(bib, RECTO_NODE_HEADING);
  recto_node_set_level(bh, 1);
  S_txt(bh, "References");
  recto_bib_entry *e = recto_bib_entry_new(doc);
  e->id = "umarov2022";
  e->type = "article-journal";
  e->title = "A \"title\": with [brackets]";
  e->page = "33-35";
  e->doi = "10.5555/x";
  e->raw = "Umarov, D. (2022). A title.\nSecond line.";
  e->issued.year[0] = 1401;
  e->issued.calendar = RECTO_CALENDAR_SOLAR_HIJRI;
  recto_name *n1 = recto_name_new(doc);
  n1->family = "Umarov";
  n1->given = "D.";
  recto_name *n2 = recto_name_new(doc);
  n2->literal = "An Institute";
  recto_name_append(&e->author, n1);
  recto_name_append(&e->author, n2);
  recto_node *be = S_add(bib, RECTO_NODE_BIB_ENTRY);
  recto_node_set_bib_entry(be, e);
  return doc;
}

static void S_test_roundtrip(test_batch *t) {
  recto_doc *doc = S_every_kind();
  char *md1 = S_write(doc);
  S_diags dg;
  recto_status st;
  recto_doc *back = S_read(md1, &dg, &st);
  INT_EQ(t, st, RECTO_OK, "read back");
  if (back) {
    S_same_tree(t, recto_doc_root(doc), recto_doc_root(back));
    STR_EQ(t, recto_doc_meta_string(back, "title"),
           recto_doc_meta_string(doc, "title"), "title");
    STR_EQ(t, recto_doc_lang(back), "en", "language");
    const char *name = NULL, *desc = NULL;
    INT_EQ(t, recto_doc_step_count(back), 1, "steps");
    if (recto_doc_step_count(back) == 1 &&
        recto_doc_step_at(back, 0, &name, &desc) == 0) {
      STR_EQ(t, name, "pages", "step name");
      STR_EQ(t, desc, "page breaks from running heads", "step description");
    }
    /* the second writing is the first but for the destination the reader
       percent-encoded; from then on it stays */
    char *md2 = S_write(back);
    OK(t, strstr(md1, "<http://example.org/a b(c)>") &&
              strstr(md2, "(http://example.org/a%20b\\(c\\) "),
       "a destination's space written in brackets, read back encoded");
    S_diags dg2;
    recto_doc *again = S_read(md2, &dg2, &st);
    if (again) {
      char *md3 = S_write(again);
      STR_EQ(t, md3, md2, "third writing is the second");
      free(md3);
      recto_doc_free(again);
    }
    free(md2);
    recto_doc_free(back);
  }
  if (t->failed)
    fprintf(stderr, "--- written:\n%s", md1);
  free(md1);
  recto_doc_free(doc);
}

/* ---- example lists in containers ---- */

static void S_test_examples(test_batch *t) {
  S_diags dg;
  recto_status st;
  recto_doc *doc = S_read("> (@quoted) Quoted, see @quoted.\n\n"
                          "- (@) Nested.\n\n"
                          "Then @quoted.\n", &dg, &st);
  if (!OK(t, st == RECTO_OK && doc, "examples: read"))
    return;
  recto_node *quoted = S_find(doc, RECTO_NODE_LIST, 0);
  recto_node *nested = S_find(doc, RECTO_NODE_LIST, 2);
  OK(t, quoted && recto_node_type_of(recto_node_parent(quoted)) ==
                      RECTO_NODE_BLOCK_QUOTE, "examples: list in the quote");
  OK(t, quoted && recto_list_delim_of(quoted) == RECTO_LIST_DELIM_TWO_PARENS &&
            recto_list_start(quoted) == 1, "examples: (@quoted) is (1)");
  STR_EQ(t, S_text(S_find(doc, RECTO_NODE_PLAIN, 0)), "Quoted, see 1.",
         "examples: reference in the quote");
  OK(t, nested && recto_list_start(nested) == 2,
     "examples: the nested example is (2)");
  STR_EQ(t, S_text(S_find(doc, RECTO_NODE_PARAGRAPH, 0)), "Then 1.",
         "examples: reference after them");
  recto_doc_free(doc);
}

int main(int argc, char **argv) {
  test_batch t = {0, 0, 0};
  const char *what = argc > 1 ? argv[1] : "all";
  int all = !strcmp(what, "all");
  if (all || !strcmp(what, "reader"))
    S_test_reader(&t);
  if (all || !strcmp(what, "yaml"))
    S_test_yaml(&t);
  if (all || !strcmp(what, "escapes"))
    S_test_escapes(&t);
  if (all || !strcmp(what, "roundtrip"))
    S_test_roundtrip(&t);
  if (all || !strcmp(what, "examples"))
    S_test_examples(&t);
  printf("%d checks, %d failed\n", t.run, t.failed);
  return t.failed ? 1 : 0;
}
