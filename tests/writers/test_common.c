/* test_common.c: the helpers the XML writers share (plugins/common):
   calendar conversion, ids, language scoping, metadata people. */
#include <stdio.h>
#include <string.h>

#include "dates.h"
#include "langnames.h"
#include "metainfo.h"
#include "xmlids.h"
#include "xmlrefs.h"
#include "xmlscope.h"
#include "xmlwriter.h"

static int failures = 0;

#define CHECK(cond)                                                          \
  do {                                                                       \
    if (!(cond)) {                                                           \
      fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, #cond);    \
      failures++;                                                            \
    }                                                                        \
  } while (0)

#define STR_EQ(got, want)                                                    \
  do {                                                                       \
    const char *g_ = (got), *w_ = (want);                                    \
    if (!g_ || strcmp(g_, w_) != 0) {                                        \
      fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__,          \
              __LINE__, g_ ? g_ : "(null)", w_);                             \
      failures++;                                                            \
    }                                                                        \
  } while (0)

static void S_ymd(long jdn, char *out) {
  int y, m, d;
  xw_gregorian_from_jdn(jdn, &y, &m, &d);
  sprintf(out, "%04d-%02d-%02d", y, m, d);
}

static void test_calendars(void) {
  char s[32];
  /* Nowruz and a few days everyone knows */
  S_ymd(xw_jdn_from_solar_hijri(1403, 1, 1), s);
  STR_EQ(s, "2024-03-20");
  S_ymd(xw_jdn_from_solar_hijri(1400, 1, 1), s);
  STR_EQ(s, "2021-03-21");
  S_ymd(xw_jdn_from_solar_hijri(1357, 11, 22), s);
  STR_EQ(s, "1979-02-11");
  S_ymd(xw_jdn_from_solar_hijri(1403, 12, 30), s); /* a leap year's end */
  STR_EQ(s, "2025-03-20");
  S_ymd(xw_jdn_from_hijri(1445, 1, 1), s);
  STR_EQ(s, "2023-07-19");
  S_ymd(xw_jdn_from_gregorian(2000, 2, 29), s);
  STR_EQ(s, "2000-02-29");

  recto_date d = {{1399, 0}, {0, 0}, {0, 0}, RECTO_CALENDAR_SOLAR_HIJRI, 0,
                  NULL};
  xw_greg_range r;
  CHECK(xw_date_gregorian(&d, 0, &r));
  CHECK(r.from_year == 2020 && r.from_month == 3 && r.from_day == 20);
  CHECK(r.to_year == 2021 && r.to_month == 3 && r.to_day == 20);
  CHECK(!xw_date_gregorian(&d, 1, &r)); /* no range end */
  recto_buf b = RECTO_BUF_INIT;
  d.month[0] = 7;
  xw_date_iso(&b, &d, 0);
  STR_EQ(b.data, "1399-07");
  recto_buf_free(&b);
}

static void test_ids(void) {
  recto_doc *doc = recto_doc_new();
  xw_ids ids;
  xw_ids_init(&ids);
  CHECK(xw_is_safe_ncname("ref-umarov2022"));
  CHECK(xw_is_safe_ncname("ref-رحیمی-1388"));
  CHECK(!xw_is_safe_ncname("1abc"));
  CHECK(!xw_is_safe_ncname("a b"));
  CHECK(!xw_is_safe_ncname("a\xE2\x80\x8C" "b")); /* ZWNJ: validators differ */
  CHECK(xw_is_safe_nmtoken("12"));
  CHECK(xw_is_safe_nmtoken("\xDB\xB1")); /* Persian one */
  CHECK(!xw_is_safe_nmtoken("*"));
  CHECK(xw_ids_claim(&ids, "page-75"));
  CHECK(!xw_ids_claim(&ids, "page-75"));
  STR_EQ(xw_ids_make(&ids, doc, "page-", "75"), "page-75-2");
  STR_EQ(xw_ids_make(&ids, doc, "page-", "\xDB\xB7\xDB\xB5"), "page-75-3");
  STR_EQ(xw_ids_make(&ids, doc, "", "1 bad id"), "id1_bad_id");
  STR_EQ(xw_ids_make(&ids, doc, "fn", "*"), "fn");
  int key1 = 0, key2 = 0;
  xw_ids_bind(&ids, &key1, "one");
  CHECK(xw_ids_get(&ids, &key2) == NULL);
  STR_EQ(xw_ids_get(&ids, &key1), "one");
  /* many ids: the tables grow */
  char name[32];
  for (int k = 0; k < 5000; k++) {
    sprintf(name, "n%d", k);
    CHECK(xw_ids_claim(&ids, recto_strdup(doc, name)));
  }
  CHECK(xw_ids_has(&ids, "n4999"));
  xw_ids_free(&ids);
  recto_doc_free(doc);
}

static void test_refs(void) {
  recto_doc *doc = recto_doc_new();
  recto_node *root = recto_doc_root(doc);
  recto_node *p = recto_node_new(doc, RECTO_NODE_PARAGRAPH);
  recto_node_append(root, p);
  recto_node_set_id(p, "ref-a"); /* the document's own id wins */
  recto_node *n1 = recto_node_new(doc, RECTO_NODE_NOTE);
  recto_node_set_marker(n1, "*");
  recto_node_append(p, n1);
  recto_node *n2 = recto_node_new(doc, RECTO_NODE_NOTE);
  recto_node_set_marker(n2, "*");
  recto_node_append(p, n2);
  recto_node *pb = recto_node_new(doc, RECTO_NODE_PAGE_BREAK);
  recto_page_set(pb, "xii", RECTO_PAGE_SOURCE_EXPLICIT, NULL, NULL);
  recto_node_append(p, pb);
  recto_bib_entry *e = recto_bib_entry_new(doc);
  e->id = "a";
  recto_doc_add_entry(doc, e);
  xw_refs refs;
  xw_refs_build(&refs, doc, "fn", "page-");
  STR_EQ(xw_refs_id(&refs, p), "ref-a");
  STR_EQ(xw_refs_id(&refs, e), "ref-a-2");
  STR_EQ(xw_refs_id(&refs, n1), "fn1");
  STR_EQ(xw_refs_id(&refs, n2), "fn2");
  STR_EQ(xw_refs_note(&refs, "*"), "fn1"); /* the first of the marker */
  CHECK(xw_refs_note(&refs, "9") == NULL);
  STR_EQ(xw_refs_id(&refs, pb), "page-xii");
  CHECK(refs.entry_count == 1);
  xw_refs_free(&refs);
  recto_doc_free(doc);
}

static void test_scope(void) {
  recto_doc *doc = recto_doc_new();
  recto_doc_set_lang(doc, "fa");
  xw_scope root, s;
  xw_scope_root(doc, &root);
  CHECK(root.dir == RECTO_DIR_RTL);
  recto_buf b = RECTO_BUF_INIT;
  xw_scope_attrs(&b, &root, XW_DIR_ATTR);
  STR_EQ(b.data, " xml:lang=\"fa\" dir=\"rtl\"");
  recto_buf_clear(&b);
  /* an English paragraph: language and (block) direction change */
  recto_node *para = recto_node_new(doc, RECTO_NODE_PARAGRAPH);
  recto_node_set_lang(para, "en");
  xw_scope_enter(&root, para, &s);
  CHECK(xw_scope_differs(&s));
  xw_scope_attrs(&b, &s, XW_DIR_STYLE);
  STR_EQ(b.data, " xml:lang=\"en\" style=\"direction: ltr\"");
  recto_buf_clear(&b);
  /* an English phrase keeps the paragraph's direction */
  recto_node *span = recto_node_new(doc, RECTO_NODE_SPAN);
  recto_node_set_lang(span, "EN");
  xw_scope_enter(&root, span, &s);
  xw_scope_attrs(&b, &s, XW_DIR_ATTR);
  STR_EQ(b.data, " xml:lang=\"EN\"");
  recto_buf_clear(&b);
  /* nothing new: nothing written */
  xw_scope inner;
  xw_scope_enter(&s, span, &inner);
  CHECK(!xw_scope_differs(&inner));
  recto_buf_free(&b);
  recto_doc_free(doc);
}

static void test_meta(void) {
  recto_doc *doc = recto_doc_new();
  recto_meta *authors = recto_meta_new_list(doc);
  recto_meta *a = recto_meta_new_map(doc);
  recto_meta_set(a, "family", recto_meta_new_string(doc, "Ahmadi"));
  recto_meta_set(a, "given", recto_meta_new_string(doc, "Sara"));
  recto_meta_append(authors, a);
  recto_meta_append(authors, recto_meta_new_string(doc, "Omid Rahimi"));
  recto_meta *org = recto_meta_new_map(doc);
  recto_meta_set(org, "name", recto_meta_new_string(doc, "Example Lab"));
  recto_meta_set(org, "organization", recto_meta_new_bool(doc, 1));
  recto_meta_append(authors, org);
  recto_meta_set(recto_doc_meta(doc), "author", authors);
  xw_person p[4];
  CHECK(xw_meta_people(doc, "author", p, 4) == 3);
  STR_EQ(p[0].family, "Ahmadi");
  STR_EQ(p[1].name, "Omid Rahimi");
  CHECK(p[2].organisation);
  recto_doc_meta_set_string(doc, "keywords", "هویت، زبان , civic identity,");
  const char *kw[4];
  CHECK(xw_meta_strings(doc, "keywords", kw, 4) == 3);
  STR_EQ(kw[0], "هویت");
  STR_EQ(kw[1], "زبان");
  STR_EQ(kw[2], "civic identity");
  STR_EQ(xw_lang_name("fa-IR"), "Persian");
  CHECK(xw_lang_name("xx") == NULL);
  STR_EQ(xw_basename("a/b/c.txt"), "c.txt");
  recto_doc_free(doc);
}

static void test_text(void) {
  recto_buf b = RECTO_BUF_INIT;
  xw_text(&b, "a<b & \"c\"\x01");
  STR_EQ(b.data, "a&lt;b &amp; &quot;c&quot;\xEF\xBF\xBD");
  recto_buf_clear(&b);
  xw_pi_start(&b, "recto-pagebreak");
  xw_pi_attr(&b, "header", "?> trap");
  xw_pi_end(&b);
  STR_EQ(b.data, "<?recto-pagebreak header=\"?&gt; trap\"?>");
  recto_buf_clear(&b);
  xw_indent(&b, 1000); /* capped */
  CHECK(b.len <= 41);
  recto_buf_free(&b);
}

int main(void) {
  test_calendars();
  test_ids();
  test_refs();
  test_scope();
  test_meta();
  test_text();
  if (failures)
    fprintf(stderr, "%d failure(s)\n", failures);
  return failures ? 1 : 0;
}
