/* readers.c: the BibTeX and CSL JSON readers and the CSL JSON writer,
   called directly: names, LaTeX, dates, macros, entry types, errors with
   positions, and the writer's output read back. */
#include <stdlib.h>
#include <string.h>

#include "../api/harness.h"
#include "biblio.h"
#include "cslentry.h"
#include "recto/recto.h"

typedef struct S_diags {
  size_t errors, warnings, infos;
  char code[64], message[512];
  recto_pos pos;
  char wcode[64];
} S_diags;

static void S_handler(const recto_diag *d, void *user) {
  S_diags *dg = user;
  if (d->severity == RECTO_DIAG_ERROR && !dg->errors++) {
    snprintf(dg->code, sizeof dg->code, "%s", d->code);
    snprintf(dg->message, sizeof dg->message, "%s", d->message);
    dg->pos = d->pos;
  } else if (d->severity == RECTO_DIAG_WARNING && !dg->warnings++) {
    snprintf(dg->wcode, sizeof dg->wcode, "%s", d->code);
  } else if (d->severity == RECTO_DIAG_INFO) {
    dg->infos++;
  }
}

typedef recto_status (*S_read_fn)(recto_context *, const recto_input *,
                                  const recto_options *, recto_doc **);

static recto_doc *S_read(S_read_fn fn, const char *text, S_diags *dg,
                         recto_status *st) {
  memset(dg, 0, sizeof *dg);
  recto_context *ctx = recto_context_new();
  recto_context_set_handler(ctx, S_handler, dg);
  recto_input in = {"t.bib", (const unsigned char *)text, strlen(text),
                    "UTF-8"};
  recto_doc *doc = NULL;
  *st = fn(ctx, &in, NULL, &doc);
  recto_context_free(ctx);
  return doc;
}

static recto_doc *S_bib(test_batch *t, const char *text, S_diags *dg) {
  recto_status st;
  recto_doc *doc = S_read(bibtex_read, text, dg, &st);
  INT_EQ(t, st, RECTO_OK, "bibtex read: %s", dg->message);
  return doc;
}

static int S_streq(const char *a, const char *b) {
  return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void S_name_is(test_batch *t, const recto_name *n, const char *family,
                      const char *given, const char *particle,
                      const char *suffix, const char *literal,
                      const char *what) {
  if (!OK(t, n != NULL, "%s: name missing", what))
    return;
  OK(t,
     S_streq(n->family, family) && S_streq(n->given, given) &&
         S_streq(n->non_dropping_particle, particle) &&
         S_streq(n->suffix, suffix) && S_streq(n->literal, literal),
     "%s: got family=%s given=%s particle=%s suffix=%s literal=%s", what,
     n->family ? n->family : "-", n->given ? n->given : "-",
     n->non_dropping_particle ? n->non_dropping_particle : "-",
     n->suffix ? n->suffix : "-", n->literal ? n->literal : "-");
}

static void test_names(test_batch *t) {
  recto_doc *doc = recto_doc_new();
  struct {
    const char *in, *family, *given, *particle, *suffix, *literal;
  } cases[] = {
      {"Ali Umarov", "Umarov", "Ali", NULL, NULL, NULL},
      {"Umarov, Ali", "Umarov", "Ali", NULL, NULL, NULL},
      {"Vincent van Gogh", "Gogh", "Vincent", "van", NULL, NULL},
      {"van Gogh, Vincent", "Gogh", "Vincent", "van", NULL, NULL},
      {"Jean de la Fontaine", "Fontaine", "Jean", "de la", NULL, NULL},
      {"King, Jr, Martin Luther", "King", "Martin Luther", NULL, "Jr", NULL},
      {"Ferdowsi", "Ferdowsi", NULL, NULL, NULL, NULL},
      {"{United Nations Development Programme}", NULL, NULL, NULL, NULL,
       "United Nations Development Programme"},
      {"{Barnes and Noble}", NULL, NULL, NULL, NULL, "Barnes and Noble"},
      {"{\\'E}mile Zola", "Zola", "Émile", NULL, NULL, NULL},
      {"\\'Emile Zola", "Zola", "Émile", NULL, NULL, NULL},
      {"M{\\\"u}ller, J{\\\"o}rg", "Müller", "Jörg", NULL, NULL, NULL},
      {"{van Gogh}, Vincent", "van Gogh", "Vincent", NULL, NULL, NULL},
      {"مریم رضایی", "رضایی", "مریم", NULL, NULL, NULL},
      {"Петрова, Анна Сергеевна", "Петрова", "Анна Сергеевна", NULL, NULL,
       NULL},
      {"Анна ван Петрова", "Петрова", "Анна", "ван", NULL, NULL},
      {"others", NULL, NULL, NULL, NULL, "others"},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    recto_name *n = bib_names(doc, cases[k].in, strlen(cases[k].in));
    S_name_is(t, n, cases[k].family, cases[k].given, cases[k].particle,
              cases[k].suffix, cases[k].literal, cases[k].in);
    OK(t, n && !n->next, "%s: one name", cases[k].in);
  }
  const char *list = "Umarov, Ali and {UNDP} AND Jan van den Berg\n and Smith";
  recto_name *n = bib_names(doc, list, strlen(list));
  size_t count = 0;
  for (recto_name *m = n; m; m = m->next)
    count++;
  INT_EQ(t, count, 4, "four names in '%s'", list);
  if (count == 4) {
    S_name_is(t, n->next, NULL, NULL, NULL, NULL, "UNDP", "second");
    S_name_is(t, n->next->next, "Berg", "Jan", "van den", NULL, NULL, "third");
  }
  n = bib_names(doc, "Alexander Band", 14);
  S_name_is(t, n, "Band", "Alexander", NULL, NULL, NULL, "and inside a word");
  recto_doc_free(doc);
}

static void test_latex(test_batch *t) {
  recto_doc *doc = recto_doc_new();
  struct {
    const char *in, *out;
  } cases[] = {
      {"\\'e\\`a\\^o\\\"u\\~n\\=a\\.z", "éàôüñāż"},
      {"\\'{e}{\\'e}\\' e\\c{c}\\c c\\v{s}\\u{g}\\H{o}\\k{a}\\r{a}",
       "éééçç\xc5\xa1\xc4\x9f\xc5\x91\xc4\x85\xc3\xa5"},
      {"{\\ss}\\o\\O{\\ae}\\AE\\oe{\\aa}\\L\\l\\i", "ßøØæÆœåŁłı"},
      {"\\'{\\i}", "í"},
      {"\\v{Z}i\\v{z}ek", "Žižek"},
      {"\\'x", "x\xcc\x81"}, /* no precomposed form: combining mark */
      {"a -- b --- c - d", "a – b — c - d"},
      {"``quoted'' and `single'", "“quoted” and ‘single'"},
      {"\\& \\% \\$ \\# \\_ \\{ \\}", "& % $ # _ { }"},
      {"a~b", "a\xc2\xa0" "b"},
      {"The {NASA} \\emph{Report} on {\\LaTeX}", "The NASA Report on LaTeX"},
      {"  spaces \n\t collapse  ", "spaces collapse"},
      {"$x^2$ math", "x^2 math"},
      {"ملت‌سازی", "ملت‌سازی"}, /* ZWNJ kept */
      {"\\textit{italic}\\textbf{ bold}", "italic bold"},
      {"", ""},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
    STR_EQ(t, bib_latex(doc, cases[k].in, strlen(cases[k].in)), cases[k].out,
           "latex '%s'", cases[k].in);
  recto_doc_free(doc);
}

static void test_dates(test_batch *t) {
  struct {
    const char *in;
    int ok, y0, m0, d0, y1, m1, d1, circa;
  } cases[] = {
      {"2022", 1, 2022, 0, 0, 0, 0, 0, 0},
      {"2022-03", 1, 2022, 3, 0, 0, 0, 0, 0},
      {"2022-03-01", 1, 2022, 3, 1, 0, 0, 0, 0},
      {"2020-03-01/2021-04", 1, 2020, 3, 1, 2021, 4, 0, 0},
      {"2020/", 1, 2020, 0, 0, 0, 0, 0, 0},
      {"2020/..", 1, 2020, 0, 0, 0, 0, 0, 0},
      {"1403~", 1, 1403, 0, 0, 0, 0, 0, 1},
      {"۱۴۰۳", 1, 1403, 0, 0, 0, 0, 0, 0},
      {"2022-13", 0, 0, 0, 0, 0, 0, 0, 0},
      {"n.d.", 0, 0, 0, 0, 0, 0, 0, 0},
      {"2022 and more", 0, 0, 0, 0, 0, 0, 0, 0},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    recto_date d;
    memset(&d, 0, sizeof d);
    d.calendar = RECTO_CALENDAR_SOLAR_HIJRI;
    int rc = csl_parse_date(cases[k].in, &d);
    if (!INT_EQ(t, rc == 0, cases[k].ok, "date '%s' parses", cases[k].in))
      continue;
    OK(t,
       d.year[0] == cases[k].y0 && d.month[0] == cases[k].m0 &&
           d.day[0] == cases[k].d0 && d.year[1] == cases[k].y1 &&
           d.month[1] == cases[k].m1 && d.day[1] == cases[k].d1 &&
           d.circa == cases[k].circa &&
           d.calendar == RECTO_CALENDAR_SOLAR_HIJRI,
       "date '%s' parts", cases[k].in);
  }
}

static void test_bibtex_fields(test_batch *t) {
  const char *text =
      "Anything before the first entry is a comment.\n"
      "@Comment{ignored = {@book{nope, title={x}}}}\n"
      "@PREAMBLE{ \"\\newcommand{\\x}{}\" }\n"
      "@String(pub = \"Ney\")\n"
      "@string{city = {Teh} # \"ran\"}\n"
      "@BOOK(rezaei1403,\n"
      "  AUTHOR = {رضایی, مریم},\n"
      "  title = \"A {\"}quoted{\"} title\",\n"
      "  subtitle = {and more},\n"
      "  publisher = pub # { Press},\n"
      "  address = city,\n"
      "  year = 1403, calendar = {Solar-Hijri},\n"
      "  edition = 2, series = {Studies}, volume = {3},\n"
      "  langid = {persian}, keywords = {x, y}, shoesize = {44}\n"
      ")\n"
      "@article{a1, journal = {J}, number = {7}, pages = {33--35},\n"
      "  year = {2021}, month = sep, day = {9}, doi = {10.1/a_b{}c},\n"
      "  url = {https://e.org/~x}, urldate = {2024-01-02}, issn = {1}}\n"
      "@techreport{r1, number = {TR-9}, institution = {Inst}, year = {n.d.}}\n"
      "@inproceedings{c1, booktitle = {Proc}, editor = {Ed Itor},\n"
      "  date = {2019-05-01/2019-05-03}, language = {fa}}\n"
      "@misc{m1, title = {x}, year = {2022a}}\n"
      "@online{o1, title = {Page}}\n"
      "@unknowntype{u1,}\n"
      "@book{a1, title = {duplicate}}\n";
  S_diags dg;
  recto_doc *doc = S_bib(t, text, &dg);
  if (!doc)
    return;
  OK(t, recto_doc_find_entry(doc, "nope") == NULL, "@comment skipped");
  recto_bib_entry *e = recto_doc_find_entry(doc, "rezaei1403");
  if (OK(t, e != NULL, "rezaei1403 read")) {
    STR_EQ(t, e->type, "book", "type");
    STR_EQ(t, e->title, "A \"quoted\" title: and more", "title + subtitle");
    STR_EQ(t, e->publisher, "Ney Press", "macro # string");
    STR_EQ(t, e->publisher_place, "Tehran", "macro of macros");
    INT_EQ(t, e->issued.year[0], 1403, "year");
    INT_EQ(t, e->issued.calendar, RECTO_CALENDAR_SOLAR_HIJRI, "calendar");
    STR_EQ(t, e->edition, "2", "edition");
    STR_EQ(t, e->collection_title, "Studies", "series");
    STR_EQ(t, e->language, "fa", "langid persian -> fa");
    INT_EQ(t, e->dir, RECTO_DIR_RTL, "rtl from language");
    INT_EQ(t, e->pos.line, 6, "entry line");
    INT_EQ(t, e->pos.column, 1, "entry column");
    OK(t, e->raw && strncmp(e->raw, "@BOOK(rezaei1403,", 17) == 0 &&
              e->raw[strlen(e->raw) - 1] == ')',
       "raw text of the entry");
    S_name_is(t, e->author, "رضایی", "مریم", NULL, NULL, NULL, "author");
  }
  e = recto_doc_find_entry(doc, "a1");
  if (OK(t, e != NULL, "a1 read")) {
    STR_EQ(t, e->type, "article-journal", "article type");
    STR_EQ(t, e->title, NULL, "the duplicate did not replace it");
    STR_EQ(t, e->container_title, "J", "journal");
    STR_EQ(t, e->issue, "7", "number -> issue");
    STR_EQ(t, e->page, "33-35", "pages");
    OK(t, e->issued.year[0] == 2021 && e->issued.month[0] == 9 &&
              e->issued.day[0] == 9,
       "year/month/day");
    STR_EQ(t, e->doi, "10.1/a_bc", "doi verbatim, braces dropped");
    STR_EQ(t, e->url, "https://e.org/~x", "url verbatim");
    INT_EQ(t, e->accessed.day[0], 2, "urldate");
    INT_EQ(t, e->dir, RECTO_DIR_UNSET, "no language, no title: unset");
  }
  e = recto_doc_find_entry(doc, "r1");
  if (OK(t, e != NULL, "r1 read")) {
    STR_EQ(t, e->type, "report", "techreport");
    STR_EQ(t, e->number, "TR-9", "report number");
    STR_EQ(t, e->issue, NULL, "not an issue");
    STR_EQ(t, e->publisher, "Inst", "institution -> publisher");
    STR_EQ(t, e->issued.literal, "n.d.", "literal year");
    INT_EQ(t, e->issued.year[0], 0, "no numeric year");
  }
  e = recto_doc_find_entry(doc, "c1");
  if (OK(t, e != NULL, "c1 read")) {
    STR_EQ(t, e->type, "paper-conference", "inproceedings");
    STR_EQ(t, e->container_title, "Proc", "booktitle");
    S_name_is(t, e->editor, "Itor", "Ed", NULL, NULL, NULL, "editor");
    OK(t, e->issued.day[0] == 1 && e->issued.day[1] == 3, "date range");
    INT_EQ(t, e->dir, RECTO_DIR_RTL, "language fa kept as tag");
  }
  e = recto_doc_find_entry(doc, "m1");
  OK(t, e && S_streq(e->type, "document") && S_streq(e->issued.literal, "2022a"),
     "misc with a non-numeric year");
  e = recto_doc_find_entry(doc, "o1");
  OK(t, e && S_streq(e->type, "webpage"), "online -> webpage");
  e = recto_doc_find_entry(doc, "u1");
  OK(t, e && S_streq(e->type, "document"), "unknown type -> document");
  INT_EQ(t, dg.warnings, 1, "one warning (the duplicate)");
  STR_EQ(t, dg.wcode, "bibtex.duplicate-key", "duplicate warned");
  OK(t, dg.infos >= 1, "unknown field noted");
  recto_doc_free(doc);

  /* undefined macro: a warning, the value empty */
  doc = S_bib(t, "@book{k, publisher = nosuchmacro, title = {T}}", &dg);
  if (doc) {
    STR_EQ(t, dg.wcode, "bibtex.undefined-macro", "undefined macro warned");
    e = recto_doc_find_entry(doc, "k");
    OK(t, e && !e->publisher && S_streq(e->title, "T"), "empty value");
    recto_doc_free(doc);
  }
  /* an empty file is an empty bibliography */
  doc = S_bib(t, "", &dg);
  if (doc) {
    OK(t, recto_doc_bibliography(doc, 0) != NULL, "bibliography present");
    recto_doc_free(doc);
  }
}

static void S_expect_error(test_batch *t, S_read_fn fn, const char *text,
                           const char *code, unsigned line, unsigned col,
                           const char *part) {
  S_diags dg;
  recto_status st;
  recto_doc *doc = S_read(fn, text, &dg, &st);
  INT_EQ(t, st, RECTO_ERR_INPUT, "refused: %.50s", text);
  OK(t, doc == NULL, "no document");
  STR_EQ(t, dg.code, code, "code for %.50s", text);
  OK(t, dg.pos.line == line && dg.pos.column == col,
     "%.40s: position %u:%u expected, got %u:%u (%s)", text, line, col,
     dg.pos.line, dg.pos.column, dg.message);
  OK(t, strstr(dg.message, part) != NULL, "message '%s' has '%s'", dg.message,
     part);
}

static void test_errors(test_batch *t) {
  S_expect_error(t, bibtex_read, "@book{a,\n  title = {x},\n  year = 2000\n"
                 "  author = {y}}", "bibtex.syntax", 4, 3, "expected");
  S_expect_error(t, bibtex_read, "@book{a, title = {x}", "bibtex.syntax", 1,
                 1, "never closed");
  S_expect_error(t, bibtex_read, "\n\n  @book{a, title = {x, year = 1}\n",
                 "bibtex.syntax", 3, 3, "never closed");
  S_expect_error(t, bibtex_read, "@book{a, title = \"x}\"}", "bibtex.syntax",
                 1, 20, "without");
  S_expect_error(t, bibtex_read, "@book{a, title = \"x}", "bibtex.syntax", 1,
                 20, "without");
  S_expect_error(t, bibtex_read, "@book{a, title = \"xy", "bibtex.syntax", 1,
                 18, "unterminated");
  S_expect_error(t, bibtex_read, "@book{a, title}", "bibtex.syntax", 1, 15,
                 "'='");
  S_expect_error(t, bibtex_read, "@book{a, title = }", "bibtex.syntax", 1, 18,
                 "value");
  S_expect_error(t, bibtex_read, "@book{, title = {x}}", "bibtex.syntax", 1,
                 7, "key");
  S_expect_error(t, bibtex_read, "@{a}", "bibtex.syntax", 1, 2, "type");
  S_expect_error(t, bibtex_read, "@book a", "bibtex.syntax", 1, 7, "'{'");
  S_expect_error(t, bibtex_read, "ملت @book{a, = {x}}", "bibtex.syntax", 1,
                 14, "field name");
  S_expect_error(t, csljson_read, "[{\"id\": \"a\"},\n {\"title\": \"x\"}]",
                 "csljson.syntax", 2, 2, "id");
  S_expect_error(t, csljson_read, "[{\"id\": \"a\", \"author\": \"x\"}]",
                 "csljson.syntax", 1, 24, "array");
  S_expect_error(t, csljson_read,
                 "[{\"id\": \"a\", \"issued\": {\"date-parts\": [[\"x\"]]}}]",
                 "csljson.syntax", 1, 41, "integer");
  S_expect_error(t, csljson_read,
                 "[{\"id\": \"a\", \"issued\": {\"calendar\": \"mayan\"}}]",
                 "csljson.syntax", 1, 37, "calendar");
  S_expect_error(t, csljson_read, "[{\"id\": \"a\",}]", "csljson.json", 1, 13,
                 "member name");
  S_expect_error(t, csljson_read, "\"just a string\"", "csljson.syntax", 1, 1,
                 "array");
}

static char *S_write_csl(recto_doc *doc) {
  S_diags dg;
  memset(&dg, 0, sizeof dg);
  recto_context *ctx = recto_context_new();
  recto_context_set_handler(ctx, S_handler, &dg);
  recto_buf out = RECTO_BUF_INIT;
  csljson_write(ctx, doc, NULL, &out);
  recto_context_free(ctx);
  char *s = recto_buf_detach(&out, NULL);
  return s ? s : calloc(1, 1);
}

static void test_csljson(test_batch *t) {
  const char *text =
      "[{\"id\": 7, \"type\": \"book\", \"title\": \"Seven\", \"edition\": 2,\n"
      "  \"author\": [{\"family\": \"Gaulle\", \"given\": \"Charles\","
      " \"dropping-particle\": \"de\", \"affiliation\": \"Paris\"}, \"Plain "
      "Name\"],\n"
      "  \"issued\": {\"date-parts\": [[2020, 1], [2021, 12, 31]],"
      " \"circa\": 1, \"season\": 2},\n"
      "  \"accessed\": {\"literal\": \"last spring\"},\n"
      "  \"doi\": \"10.1/x\", \"URL\": \"https://e.org\"},\n"
      " {\"id\": \"k2\", \"title\": \"عنوان\", \"issued\": \"1403\"},\n"
      " {\"id\": \"k2\", \"title\": \"dup\"}]";
  S_diags dg;
  recto_status st;
  recto_doc *doc = S_read(csljson_read, text, &dg, &st);
  INT_EQ(t, st, RECTO_OK, "csljson read: %s", dg.message);
  if (!doc)
    return;
  recto_bib_entry *e = recto_doc_find_entry(doc, "7");
  if (OK(t, e != NULL, "numeric id read as text")) {
    STR_EQ(t, e->edition, "2", "number as string");
    STR_EQ(t, e->doi, "10.1/x", "lower-case doi accepted");
    OK(t, e->issued.year[0] == 2020 && e->issued.month[0] == 1 &&
              e->issued.year[1] == 2021 && e->issued.day[1] == 31 &&
              e->issued.circa,
       "date range and circa");
    STR_EQ(t, e->accessed.literal, "last spring", "literal date");
    S_name_is(t, e->author, "Gaulle", "Charles", NULL, NULL, NULL, "name");
    OK(t, e->author && S_streq(e->author->dropping_particle, "de") &&
              S_streq(e->author->affiliation, "Paris"),
       "particle and affiliation");
    OK(t, e->author && e->author->next &&
              S_streq(e->author->next->literal, "Plain Name"),
       "a string name is a literal");
    INT_EQ(t, e->pos.line, 1, "entry line");
    INT_EQ(t, e->pos.column, 2, "entry column");
    OK(t, e->raw && e->raw[0] == '{' && e->raw[strlen(e->raw) - 1] == '}',
       "raw is the object's text");
  }
  e = recto_doc_find_entry(doc, "k2");
  OK(t, e && e->issued.year[0] == 1403 && S_streq(e->title, "عنوان") &&
            e->dir == RECTO_DIR_RTL,
     "string date, rtl from the title");
  STR_EQ(t, dg.wcode, "csljson.duplicate-key", "duplicate id warned");
  /* written and read back: the same text again */
  char *s1 = S_write_csl(doc);
  recto_doc *back = S_read(csljson_read, s1, &dg, &st);
  INT_EQ(t, st, RECTO_OK, "own output read back: %s", dg.message);
  if (back) {
    char *s2 = S_write_csl(back);
    STR_EQ(t, s2, s1, "csljson -> csljson identical");
    free(s2);
    recto_doc_free(back);
  }
  free(s1);
  recto_doc_free(doc);
  /* an entry without a key gets one that reads back */
  doc = recto_doc_new();
  recto_bib_entry *anon = recto_bib_entry_new(doc);
  anon->title = "Anonymous";
  recto_doc_add_entry(doc, anon);
  s1 = S_write_csl(doc);
  OK(t, strstr(s1, "\"id\": \"entry-1\"") != NULL, "generated id: %s", s1);
  free(s1);
  recto_doc_free(doc);
  /* no bibliography: an empty array */
  doc = recto_doc_new();
  s1 = S_write_csl(doc);
  STR_EQ(t, s1, "[]\n", "empty");
  free(s1);
  recto_doc_free(doc);
}

int main(void) {
  test_batch t = {0, 0, 0};
  test_names(&t);
  test_latex(&t);
  test_dates(&t);
  test_bibtex_fields(&t);
  test_errors(&t);
  test_csljson(&t);
  return test_report(&t, "biblio-readers");
}
