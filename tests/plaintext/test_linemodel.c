/* test_linemodel.c: the recovery steps fed with lines and layout, as a
   PDF reader feeds them (plugins/plaintext/linemodel.h): a change of
   page index is a page break, a running head repeated on every page is
   furniture, a short line in a larger font is a heading and a line in
   the body's font is not; a bold heading in the body's size broken over
   two lines is one, and so is a heading set larger than the cells of
   the table above it. */
#include <stdio.h>
#include <string.h>

#include "linemodel.h"
#include "recto/recto.h"

static int S_failures;
#define CHECK(cond)                                                      \
  do {                                                                   \
    if (!(cond)) {                                                       \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,   \
              #cond);                                                    \
      S_failures++;                                                      \
    }                                                                    \
  } while (0)

typedef struct counts {
  int headings, page_breaks, paragraphs;
  int head_in_body; /* the running head's words in a paragraph */
  int heading_text_ok;
} counts;

static void S_walk(const recto_node *n, counts *c, int in_para) {
  for (; n; n = recto_node_next(n)) {
    recto_node_type t = recto_node_type_of(n);
    if (t == RECTO_NODE_HEADING) {
      c->headings++;
      const recto_node *k = recto_node_first_child(n);
      const char *s = k ? recto_node_text(k) : NULL;
      if (s && strcmp(s, "Results of the survey") == 0)
        c->heading_text_ok++;
    }
    if (t == RECTO_NODE_PAGE_BREAK)
      c->page_breaks++;
    if (t == RECTO_NODE_PARAGRAPH)
      c->paragraphs++;
    const char *s = recto_node_text(n);
    if (in_para && s && strstr(s, "Journal of Field Notes"))
      c->head_in_body++;
    S_walk(recto_node_first_child(n), c, in_para || t == RECTO_NODE_PARAGRAPH);
  }
}

static const char *const S_body[] = {
    "The survey walked the northern transect twice in the dry season and",
    "counted every nest it found along the path, with the weather noted.",
    "The second walk found fewer nests than the first, which the team",
    "put down to the heavy rain that fell in the week between the walks.",
    "Along the river the counts were steadier: the banks kept their reeds",
    "and the birds their places, so both walks gave nearly the same sums.",
    "A third walk is planned for the wet season, when the paths are worse",
    "but the nests are easier to see from the raised boardwalk by the ford.",
    "The maps drawn on the first walk will guide it, and the same observer",
    "will lead it, so that the counts of the three walks can be compared.",
    "Until then the figures stay provisional, and none of them is final.",
    "Every nest was photographed, and the photographs are kept on file.",
};

/* The steps over lines as a PDF reader feeds them: the document, or
   NULL (a failed check). */
static recto_doc *S_recover(recto_context *ctx, const char *name,
                            const pt_src_line *lines, size_t n) {
  pt_source src = {0};
  src.name = name;
  src.format = "pdf";
  src.lines = lines;
  src.nlines = n;
  recto_doc *doc = NULL;
  CHECK(pt_recover(ctx, &src, NULL, &doc) == RECTO_OK);
  return doc;
}

/* The headings of doc, joined by "|" into out. */
static void S_headings(const recto_node *n, char *out, size_t cap) {
  for (; n; n = recto_node_next(n)) {
    if (recto_node_type_of(n) == RECTO_NODE_HEADING) {
      size_t len = strlen(out);
      snprintf(out + len, cap - len, "%s", len ? "|" : "");
      for (const recto_node *k = recto_node_first_child(n); k;
           k = recto_node_next(k)) {
        const char *s = recto_node_text(k);
        len = strlen(out);
        snprintf(out + len, cap - len, "%s", s ? s : " "); /* a break */
      }
    }
    S_headings(recto_node_first_child(n), out, cap);
  }
}

/* Headings in the body's size, bold: one broken over two lines (no gap
   between them, the second not numbered) is one heading; a line in
   bold that goes on with a quotation its paragraph opened is none; a
   heading a little larger than the cells of a table right above it is
   not one of them. */
static void S_bold_headings(void) {
  static const struct {
    const char *text;
    uint8_t bold, blanks;
    float size; /* 0: the body's */
  } src[] = {
      {NULL, 0, 0, 0},
      {"1. Nests Counted on the Northern Transect", 1, 1, 0},
      {"During the Dry Season", 1, 0, 0},
      {NULL, 0, 1, 0},
      {"The team wrote it up in a report titled \u201cNests of the", 0, 1, 0},
      {"Northern Transect\u201d for the valley council", 1, 1, 0},
      {NULL, 0, 0, 0},
      {"2. Counts Along the River", 1, 1, 0},
      {NULL, 0, 1, 0},
      {"Table 1: Nests per walk", 1, 1, 9},
      {"North bank", 1, 0, 0},
      {"12", 0, 0, 0},
      {"River reeds", 1, 0, 0},
      {"30", 0, 0, 0},
      {"3. Nests by the Ford", 1, 1, 10.5f},
      {NULL, 0, 1, 0},
  };
  pt_src_line lines[64] = {0};
  size_t n = 0, body = 0;
  for (size_t i = 0; i < sizeof src / sizeof *src; i++) {
    /* NULL: four lines of the body */
    for (size_t k = 0; k < (src[i].text ? 1u : 4u); k++) {
      pt_src_line *l = &lines[n];
      l->text = src[i].text ? src[i].text : S_body[body++ % 12];
      l->len = strlen(l->text);
      l->blanks = k == 0 ? src[i].blanks : 0;
      l->layout = (pt_layout){.size = 10.0f, .x = 72, .y = 100 + 14 * (float)n,
                              .width = 450, .height = 12, .page_width = 612,
                              .page_height = 792, .has_layout = 1};
      l->layout.bold = src[i].bold;
      if (src[i].size > 0)
        l->layout.size = src[i].size;
      n++;
    }
  }
  recto_context *ctx = recto_context_new();
  recto_doc *doc = S_recover(ctx, "bold", lines, n);
  if (doc) {
    char got[512] = "";
    S_headings(recto_node_first_child(recto_doc_root(doc)), got, sizeof got);
    const char *want = "1. Nests Counted on the Northern Transect During the "
                       "Dry Season|2. Counts Along the River|3. Nests by "
                       "the Ford";
    CHECK(strcmp(got, want) == 0);
    if (strcmp(got, want) != 0)
      fprintf(stderr, "headings: %s\n", got);
    recto_doc_free(doc);
  }
  recto_context_free(ctx);
}

int main(void) {
  enum { PAGES = 3, PER = 7 };
  pt_src_line lines[PAGES * PER] = {0};
  char numbers[PAGES][4];
  size_t n = 0;
  for (uint32_t pg = 0; pg < PAGES; pg++) {
    pt_layout base = {.size = 10.0f, .x = 72, .y = 100, .width = 450,
                      .height = 12, .page_width = 612, .page_height = 792,
                      .has_layout = 1};
    pt_src_line *l = &lines[n++];
    l->text = "Journal of Field Notes";
    l->len = strlen(l->text);
    l->page = pg;
    l->layout = base;
    l->layout.y = 40;
    l->layout.size = 8;
    l = &lines[n++];
    l->text = pg == 1 ? "Results of the survey" : S_body[4 * pg + 3];
    l->len = strlen(l->text);
    l->page = pg;
    l->layout = base;
    l->layout.size = pg == 1 ? 14 : 10;
    for (size_t k = 0; k < 4; k++) {
      l = &lines[n++];
      l->text = S_body[4 * pg + k];
      l->len = strlen(l->text);
      l->page = pg;
      l->layout = base;
      l->layout.y = 120 + 12 * (float)k;
    }
    snprintf(numbers[pg], sizeof numbers[pg], "%u", pg + 1);
    l = &lines[n++];
    l->text = numbers[pg];
    l->len = strlen(l->text);
    l->page = pg;
    l->layout = base;
    l->layout.y = 760;
  }
  recto_context *ctx = recto_context_new();
  recto_doc *doc = S_recover(ctx, "lines", lines, n);
  if (doc) {
    counts c = {0};
    S_walk(recto_node_first_child(recto_doc_root(doc)), &c, 0);
    /* a break before each page after the first; the first page may
       have one of its own that carries its head */
    CHECK(c.page_breaks == PAGES - 1 || c.page_breaks == PAGES);
    CHECK(c.head_in_body == 0);
    CHECK(c.headings == 1);
    CHECK(c.heading_text_ok == 1);
    CHECK(c.paragraphs >= 2);
    recto_doc_free(doc);
  }
  recto_context_free(ctx);
  S_bold_headings();
  if (S_failures)
    fprintf(stderr, "%d checks failed\n", S_failures);
  return S_failures ? 1 : 0;
}
