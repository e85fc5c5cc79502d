/* styles.c: the citation styles of core/style.c, author-date and
   numeric: citations in every mode, entries of every common type, names,
   sorting, and citations whose keys are unknown. */
#include <stdlib.h>
#include <string.h>

#include "../api/harness.h"
#include "recto/recto.h"

static recto_name *S_name(recto_doc *doc, recto_name **list,
                          const char *family, const char *given) {
  recto_name *n = recto_name_new(doc);
  n->family = family;
  n->given = given;
  recto_name_append(list, n);
  return n;
}

static recto_bib_entry *S_entry(recto_doc *doc, const char *id,
                                const char *type, const char *title,
                                int year) {
  recto_bib_entry *e = recto_bib_entry_new(doc);
  e->id = id;
  e->type = type;
  e->title = title;
  e->issued.year[0] = year;
  recto_doc_add_entry(doc, e);
  return e;
}

/* The sample library: the works of samples/references.bib, by hand. */
static recto_doc *S_library(void) {
  recto_doc *doc = recto_doc_new();
  recto_bib_entry *e = S_entry(doc, "umarov2022", "book",
                               "Nation-Building in Kazakhstan: Civic "
                               "Identity after 1991", 2022);
  S_name(doc, &e->author, "Umarov", "Ali");
  e->publisher = "Steppe Academic Press";
  e->publisher_place = "Almaty";
  e->doi = "10.5555/steppe.2022.001";

  e = S_entry(doc, "rezaei1403", "book", "ملت‌سازی در آسیای مرکزی", 1403);
  S_name(doc, &e->author, "رضایی", "مریم");
  e->publisher = "نشر نی";
  e->publisher_place = "تهران";
  e->issued.calendar = RECTO_CALENDAR_SOLAR_HIJRI;

  e = S_entry(doc, "alhashimi2019", "article-journal",
              "الهوية المدنية في الدول متعددة القوميات", 2019);
  S_name(doc, &e->author, "الهاشمي", "أحمد");
  S_name(doc, &e->author, "الكعبي", "ليلى");
  e->container_title = "مجلة الدراسات الإقليمية";
  e->volume = "12";
  e->issue = "3";
  e->page = "45-78";

  e = S_entry(doc, "petrova2015", "article-journal",
              "Язык и гражданская идентичность", 2015);
  S_name(doc, &e->author, "Петрова", "Анна Сергеевна");
  S_name(doc, &e->author, "Иванов", "Олег");
  S_name(doc, &e->author, "Smith", "John");
  e->container_title = "Вопросы национализма";
  e->volume = "4";
  e->issue = "2";
  e->page = "10-29";

  e = S_entry(doc, "undp2020", "report",
              "Human Development in Central Asia: A Regional Report", 2020);
  recto_name *org = recto_name_new(doc);
  org->literal = "United Nations Development Programme";
  recto_name_append(&e->author, org);
  e->number = "UNDP/CA/2020/4";
  e->publisher = "UNDP Regional Bureau";
  e->publisher_place = "Dushanbe";
  e->url = "https://example.org/undp/ca-2020-4";

  e = S_entry(doc, "vandenberg2018", "chapter",
              "Assemblies of the People: Kazakhstan in Comparison", 2018);
  S_name(doc, &e->author, "Berg", "Jan")->non_dropping_particle = "van den";
  S_name(doc, &e->editor, "Karimova", "Dilnoza");
  S_name(doc, &e->editor, "O'Neill", "Patrick");
  e->container_title = "Managing Diversity in Post-Soviet States";
  e->page = "101-124";
  e->publisher = "Steppe Academic Press (Europe)";
  e->publisher_place = "Leiden";

  e = S_entry(doc, "nurlanov2023", "webpage",
              "Ten Years of the People's Assembly", 2023);
  S_name(doc, &e->author, "Nurlanov", "Timur");
  e->publisher = "Steppe Review";
  e->accessed.year[0] = 2024;
  e->accessed.month[0] = 3;
  e->accessed.day[0] = 5;
  e->url = "https://example.org/review/assembly-ten-years";

  e = S_entry(doc, "mueller2016", "thesis",
              "Sprachpolitik und Staatsbürgerschaft in Kasachstan", 2016);
  S_name(doc, &e->author, "Müller", "Jörg");
  e->publisher = "Universität Leipzig";
  return doc;
}

/* A paragraph with a CITE of the given items: key, locator, mode... */
typedef struct S_item {
  const char *key, *prefix, *locator, *label, *suffix;
  recto_cite_mode mode;
} S_item;

static recto_node *S_cite(recto_doc *doc, const S_item *items, size_t n,
                          const char *written) {
  recto_node *para = recto_node_new(doc, RECTO_NODE_PARAGRAPH);
  recto_node *bib = recto_doc_bibliography(doc, 0);
  if (bib)
    recto_node_insert_before(bib, para);
  else
    recto_node_append(recto_doc_root(doc), para);
  recto_node *cite = recto_node_new(doc, RECTO_NODE_CITE);
  recto_node_append(para, cite);
  for (size_t i = 0; i < n; i++) {
    recto_cite_item *it = recto_cite_add_item(cite);
    it->key = items[i].key;
    it->prefix = items[i].prefix;
    it->locator = items[i].locator;
    it->label = items[i].label;
    it->suffix = items[i].suffix;
    it->mode = items[i].mode;
  }
  if (written)
    recto_node_append(cite, recto_node_new_text(doc, written, strlen(written)));
  return cite;
}

static void S_cite_is(test_batch *t, recto_doc *doc, recto_style style,
                      const S_item *items, size_t n, const char *written,
                      const char *expected) {
  recto_node *cite = S_cite(doc, items, n, written);
  recto_buf out = RECTO_BUF_INIT;
  recto_style_format_cite(doc, style, cite, &out);
  STR_EQ(t, out.data ? out.data : "", expected, "citation %s", items[0].key);
  recto_buf_free(&out);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_author_date_cites(test_batch *t) {
  recto_doc *doc = S_library();
  recto_style s = RECTO_STYLE_AUTHOR_DATE;
  S_item one[] = {{"umarov2022", NULL, "33", "page", NULL, 0}};
  S_cite_is(t, doc, s, one, 1, NULL, "(Umarov 2022, 33)");
  S_item narrative[] = {{"umarov2022", NULL, NULL, NULL, NULL,
                         RECTO_CITE_AUTHOR_IN_TEXT}};
  S_cite_is(t, doc, s, narrative, 1, NULL, "Umarov (2022)");
  S_item narrative_loc[] = {{"umarov2022", NULL, "33", NULL, NULL,
                             RECTO_CITE_AUTHOR_IN_TEXT}};
  S_cite_is(t, doc, s, narrative_loc, 1, NULL, "Umarov (2022, 33)");
  S_item suppress[] = {{"umarov2022", NULL, NULL, NULL, NULL,
                        RECTO_CITE_SUPPRESS_AUTHOR}};
  S_cite_is(t, doc, s, suppress, 1, NULL, "(2022)");
  S_item several[] = {
      {"umarov2022", "see", "33-35", NULL, ", and elsewhere", 0},
      {"alhashimi2019", NULL, "3", "chapter", NULL, 0},
      {"petrova2015", NULL, NULL, NULL, NULL, 0}};
  S_cite_is(t, doc, s, several, 3, NULL,
            "(see Umarov 2022, 33-35, and elsewhere; الهاشمي and الكعبي "
            "2019, chap. 3; Петрова et al. 2015)");
  S_item org[] = {{"undp2020", NULL, NULL, NULL, "for the figures", 0}};
  S_cite_is(t, doc, s, org, 1, NULL,
            "(United Nations Development Programme 2020 for the figures)");
  S_item particle[] = {{"vandenberg2018", NULL, "2", "section", NULL, 0}};
  S_cite_is(t, doc, s, particle, 1, NULL, "(van den Berg 2018, sec. 2)");
  S_item solar[] = {{"rezaei1403", NULL, "۴۵", NULL, NULL, 0}};
  S_cite_is(t, doc, s, solar, 1, NULL, "(رضایی 1403, ۴۵)");
  /* unknown keys: the text as written; among known ones, the key */
  S_item unknown[] = {{"nosuchkey", NULL, NULL, NULL, NULL, 0}};
  S_cite_is(t, doc, s, unknown, 1, "[@nosuchkey]", "[@nosuchkey]");
  S_cite_is(t, doc, s, unknown, 1, NULL, "(nosuchkey)");
  S_item mixed[] = {{"umarov2022", NULL, NULL, NULL, NULL, 0},
                    {"nosuchkey", NULL, NULL, NULL, NULL, 0}};
  S_cite_is(t, doc, s, mixed, 2, "[@umarov2022; @nosuchkey]",
            "(Umarov 2022; nosuchkey)");
  S_item narrative_then[] = {
      {"umarov2022", NULL, NULL, NULL, NULL, RECTO_CITE_AUTHOR_IN_TEXT},
      {"petrova2015", "see also", NULL, NULL, NULL, 0}};
  S_cite_is(t, doc, s, narrative_then, 2, NULL,
            "Umarov (2022) (see also Петрова et al. 2015)");
  recto_doc_free(doc);
}

static void S_format_is(test_batch *t, recto_doc *doc, recto_style style,
                        const recto_node *cite, const char *expected) {
  recto_buf out = RECTO_BUF_INIT;
  recto_style_format_cite(doc, style, cite, &out);
  STR_EQ(t, out.data ? out.data : "", expected, "citation");
  recto_buf_free(&out);
}

static void test_numeric_cites(test_batch *t) {
  recto_doc *doc = S_library();
  recto_style s = RECTO_STYLE_NUMERIC;
  /* As a writer sees them: every citation is in the document before the
     first is formatted; numbers follow the order of first citation. */
  S_item first[] = {{"petrova2015", NULL, NULL, NULL, NULL, 0}};
  S_item loc[] = {{"umarov2022", NULL, "33", "page", NULL, 0}};
  S_item again[] = {{"petrova2015", NULL, "10-12", NULL, NULL, 0},
                    {"umarov2022", NULL, NULL, NULL, NULL, 0}};
  S_item plain[] = {{"umarov2022", NULL, NULL, NULL, NULL, 0},
                    {"petrova2015", NULL, NULL, NULL, NULL, 0}};
  S_item narrative[] = {{"umarov2022", NULL, NULL, NULL, NULL,
                         RECTO_CITE_AUTHOR_IN_TEXT}};
  recto_node *c1 = S_cite(doc, first, 1, NULL);
  recto_node *c2 = S_cite(doc, loc, 1, NULL);
  recto_node *c3 = S_cite(doc, again, 2, NULL);
  recto_node *c4 = S_cite(doc, plain, 2, NULL);
  recto_node *c5 = S_cite(doc, narrative, 1, NULL);
  S_format_is(t, doc, s, c1, "[1]");
  S_format_is(t, doc, s, c2, "[2, p. 33]");
  S_format_is(t, doc, s, c3, "[1, pp. 10-12; 2]");
  S_format_is(t, doc, s, c4, "[2, 1]");
  S_format_is(t, doc, s, c5, "Umarov [2]");
  size_t n;
  recto_bib_entry **v = recto_style_sorted_entries(doc, s, &n);
  INT_EQ(t, n, 8, "all entries numbered");
  if (n == 8) {
    STR_EQ(t, v[0]->id, "petrova2015", "first cited first");
    STR_EQ(t, v[1]->id, "umarov2022", "second cited second");
    STR_EQ(t, v[2]->id, "rezaei1403", "then the uncited in order");
    STR_EQ(t, v[7]->id, "mueller2016", "last");
  }
  recto_buf out = RECTO_BUF_INIT;
  recto_style_format_entry(doc, s, recto_doc_find_entry(doc, "umarov2022"),
                           &out);
  STR_EQ(t, out.data,
         "[2] Ali Umarov. Nation-Building in Kazakhstan: Civic Identity "
         "after 1991. Almaty: Steppe Academic Press, 2022. "
         "https://doi.org/10.5555/steppe.2022.001.",
         "numeric entry");
  recto_buf_clear(&out);
  recto_style_format_entry(doc, s, recto_doc_find_entry(doc, "petrova2015"),
                           &out);
  STR_EQ(t, out.data,
         "[1] Анна Сергеевна Петрова, Олег Иванов, and John Smith. “Язык и "
         "гражданская идентичность.” Вопросы национализма 4 (2): 10-29, "
         "2015.",
         "numeric article");
  recto_buf_free(&out);
  /* A bibliography that changes is numbered again: an entry added and
     cited first of all takes number 1. */
  recto_bib_entry *late = S_entry(doc, "late2024", "book", "Late", 2024);
  recto_node *c0 = recto_node_new(doc, RECTO_NODE_CITE);
  recto_cite_add_item(c0)->key = "late2024";
  recto_node_prepend(recto_node_first_child(recto_doc_root(doc)), c0);
  S_format_is(t, doc, s, c0, "[1]");
  S_format_is(t, doc, s, c1, "[2]");
  v = recto_style_sorted_entries(doc, s, &n);
  OK(t, n == 9 && v[0] == late, "renumbered with the new entry");
  recto_doc_free(doc);
}

static void S_entry_is(test_batch *t, recto_doc *doc, const char *id,
                       const char *expected) {
  recto_buf out = RECTO_BUF_INIT;
  recto_style_format_entry(doc, RECTO_STYLE_AUTHOR_DATE,
                           recto_doc_find_entry(doc, id), &out);
  STR_EQ(t, out.data ? out.data : "", expected, "entry %s", id);
  recto_buf_free(&out);
}

static void test_author_date_entries(test_batch *t) {
  recto_doc *doc = S_library();
  S_entry_is(t, doc, "umarov2022",
             "Umarov, Ali. 2022. Nation-Building in Kazakhstan: Civic "
             "Identity after 1991. Almaty: Steppe Academic Press. "
             "https://doi.org/10.5555/steppe.2022.001.");
  S_entry_is(t, doc, "rezaei1403",
             "رضایی, مریم. 1403. ملت‌سازی در آسیای مرکزی. تهران: نشر نی.");
  S_entry_is(t, doc, "alhashimi2019",
             "الهاشمي, أحمد, and ليلى الكعبي. 2019. “الهوية المدنية في الدول "
             "متعددة القوميات.” مجلة الدراسات الإقليمية 12 (3): 45-78.");
  S_entry_is(t, doc, "undp2020",
             "United Nations Development Programme. 2020. Human Development "
             "in Central Asia: A Regional Report. UNDP/CA/2020/4. Dushanbe: "
             "UNDP Regional Bureau. https://example.org/undp/ca-2020-4.");
  S_entry_is(t, doc, "vandenberg2018",
             "van den Berg, Jan. 2018. “Assemblies of the People: Kazakhstan "
             "in Comparison.” In Managing Diversity in Post-Soviet States, "
             "edited by Dilnoza Karimova and Patrick O'Neill, 101-124. "
             "Leiden: Steppe Academic Press (Europe).");
  S_entry_is(t, doc, "nurlanov2023",
             "Nurlanov, Timur. 2023. “Ten Years of the People's Assembly.” "
             "Steppe Review. Accessed March 5, 2024. "
             "https://example.org/review/assembly-ten-years.");
  S_entry_is(t, doc, "mueller2016",
             "Müller, Jörg. 2016. “Sprachpolitik und Staatsbürgerschaft in "
             "Kasachstan.” Universität Leipzig.");
  /* no author: the title leads; no date: n.d. */
  recto_bib_entry *e = S_entry(doc, "anon", "book", "Anonymous Chronicle", 0);
  e->issued.circa = 0;
  S_entry_is(t, doc, "anon", "Anonymous Chronicle. n.d.");
  e = S_entry(doc, "edited", "book", "Collected Papers", 1999);
  S_name(doc, &e->editor, "Ray", "Ann");
  S_name(doc, &e->editor, "Lee", "Bo");
  e->issued.circa = 1;
  e->edition = "2";
  S_entry_is(t, doc, "edited",
             "Ray, Ann, and Bo Lee, eds. ca. 1999. Collected Papers. 2. ed.");
  /* nothing usable: the raw text */
  e = S_entry(doc, "rawonly", NULL, NULL, 0);
  e->raw = "@misc{rawonly}";
  S_entry_is(t, doc, "rawonly", "@misc{rawonly}");
  /* eleven authors: seven and et al. */
  e = S_entry(doc, "many", "book", "Team Work", 2001);
  static const char *const fam[] = {"A", "B", "C", "D", "E", "F",
                                    "G", "H", "I", "J", "K"};
  for (size_t k = 0; k < 11; k++)
    S_name(doc, &e->author, fam[k], "X");
  S_entry_is(t, doc, "many",
             "A, X, X B, X C, X D, X E, X F, X G, et al. 2001. Team Work.");
  recto_doc_free(doc);
}

static void test_sorting(test_batch *t) {
  recto_doc *doc = S_library();
  recto_bib_entry *e = S_entry(doc, "umarov2020", "book", "Earlier", 2020);
  S_name(doc, &e->author, "umarov", "Ali"); /* case folded */
  e = S_entry(doc, "umarovnd", "book", "Undated", 0);
  S_name(doc, &e->author, "Umarov", "Ali");
  size_t n;
  recto_bib_entry **v =
      recto_style_sorted_entries(doc, RECTO_STYLE_AUTHOR_DATE, &n);
  /* Latin, then Cyrillic, then Arabic script: code point order */
  const char *expected[] = {"mueller2016",   "nurlanov2023", "umarov2020",
                            "umarov2022",    "umarovnd",     "undp2020",
                            "vandenberg2018", "petrova2015", "alhashimi2019",
                            "rezaei1403"};
  if (INT_EQ(t, n, N(expected), "entry count"))
    for (size_t i = 0; i < n; i++)
      STR_EQ(t, v[i]->id, expected[i], "author-date position %zu", i);
  recto_doc_free(doc);
  /* an empty document has no entries */
  doc = recto_doc_new();
  v = recto_style_sorted_entries(doc, RECTO_STYLE_NUMERIC, &n);
  INT_EQ(t, n, 0, "no entries");
  recto_doc_free(doc);
}

static void test_names_and_options(test_batch *t) {
  recto_doc *doc = recto_doc_new();
  recto_name *n = recto_name_new(doc);
  n->family = "Gaulle";
  n->given = "Charles";
  n->dropping_particle = "de";
  recto_buf out = RECTO_BUF_INIT;
  recto_style_format_name(n, 1, &out);
  STR_EQ(t, out.data, "Gaulle, Charles de", "inverted, dropping particle");
  recto_buf_clear(&out);
  recto_style_format_name(n, 0, &out);
  STR_EQ(t, out.data, "Charles de Gaulle", "display order");
  n->dropping_particle = NULL;
  n->non_dropping_particle = "van";
  n->suffix = "Jr.";
  recto_buf_clear(&out);
  recto_style_format_name(n, 1, &out);
  STR_EQ(t, out.data, "van Gaulle, Charles, Jr.", "inverted with suffix");
  recto_buf_clear(&out);
  recto_style_format_name(n, 0, &out);
  STR_EQ(t, out.data, "Charles van Gaulle Jr.", "display with suffix");
  n->literal = "Org";
  recto_buf_clear(&out);
  recto_style_format_name(n, 1, &out);
  STR_EQ(t, out.data, "Org", "literal wins");
  recto_buf_free(&out);
  recto_doc_free(doc);

  recto_options *o = recto_options_new();
  INT_EQ(t, recto_style_from_options(o), RECTO_STYLE_AUTHOR_DATE, "default");
  recto_options_set(o, "citation-style", "numeric");
  INT_EQ(t, recto_style_from_options(o), RECTO_STYLE_NUMERIC, "numeric");
  recto_options_set(o, "citation-style", "author-date");
  INT_EQ(t, recto_style_from_options(o), RECTO_STYLE_AUTHOR_DATE, "named");
  INT_EQ(t, recto_style_from_options(NULL), RECTO_STYLE_AUTHOR_DATE, "NULL");
  recto_options_free(o);
}

int main(void) {
  test_batch t = {0, 0, 0};
  test_author_date_cites(&t);
  test_numeric_cites(&t);
  test_author_date_entries(&t);
  test_sorting(&t);
  test_names_and_options(&t);
  return test_report(&t, "biblio-styles");
}
