/* counts.c: nothing is lost or invented on the way out.
 *
 *     counts samples|seeds|fixtures|dir DIR
 *
 * For every document in samples/ (read by its extension; the sample
 * bibliography merged when it is there) or every text in
 * ../shared/corpus/seeds/ (read as plain text), or every document of
 * fixtures.c (built with the API), or every document in DIR (read by
 * its extension; one that cannot be read is a failure), the notes, citations
 * (and their resolved items), bibliography entries, headings and page
 * breaks, math, list items and block quotes (the blocks raw HTML in
 * Markdown makes too), tables and table cells of the document model are
 * counted (the tables and cells that hold something: a writer may pad a
 * row with empty cells, or leave out a table without rows), then counted
 * again in each output:
 *
 *   docbook   footnote, citation (biblioref), biblioentry|bibliomixed,
 *             titles of sections and bibliographies plus bridgeheads,
 *             the recto-pagebreak instructions, (inline)equation,
 *             listitem of itemized and ordered lists, blockquote,
 *             table|informaltable, td|th;
 *   tei       note[@place=foot], ref[@type=bibr] (its targets), biblStruct
 *             and bibl in listBibl, head and ab[@type=heading], pb,
 *             formula, item of lists other than gloss lists, quote, table,
 *             cell;
 *   epub      doc-footnote/doc-endnote asides, citations (one
 *             doc-biblioref link or one span.citation each), biblioentry
 *             items, h1-h6 of the text (the bibliography page, the title
 *             page and the metadata's abstract, section.abstract, add
 *             headings of their own; the bibliography page's heading
 *             is the text's when it has an id), doc-pagebreak, span.math,
 *             li of ul and ol (entries aside), blockquote, table, td|th;
 *   markdown, tei, docbook
 *             the model read back by the format's own reader (when it is
 *             built): the round trip keeps every count.
 *
 * Exit status: 0 all equal, 1 a difference, 77 (seeds) when ../shared is
 * absent. */
#include <dirent.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <zip.h>

#include "fixtures.h"
#include "recto/recto.h"
#include "recto/registry.h"

typedef struct counts {
  long notes, cites, items, entries, headings, headings_text, pages, math;
  long blocks; /* list items and block quotes */
  long tables, cells;
} counts;

enum { F_NOTES = 1, F_CITES = 2, F_ITEMS = 4, F_ENTRIES = 8, F_HEAD = 16,
       F_HEAD_TEXT = 32, F_PAGES = 64, F_MATH = 128,
       F_BLOCKS = 256, F_TABLES = 512 };

/* ---- the model ---- */

/* Whether a node holds text (not only white space) or an image. */
static int S_holds_something(recto_node *n) {
  recto_iter *it = recto_iter_new(n);
  recto_event ev;
  int found = 0;
  while (!found && (ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *x = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER)
      continue;
    const char *t = recto_node_text(x);
    for (size_t i = 0; t && i < recto_node_text_len(x) && !found; i++)
      found = t[i] != ' ' && t[i] != '\n' && t[i] != '\t';
    found |= recto_node_type_of(x) == RECTO_NODE_IMAGE;
  }
  recto_iter_free(it);
  return found;
}

static void S_count_model(recto_doc *doc, counts *c) {
  memset(c, 0, sizeof *c);
  recto_iter *it = recto_iter_new(recto_doc_root(doc));
  recto_event ev;
  int in_bib = 0;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    recto_node_type t = recto_node_type_of(n);
    if (t == RECTO_NODE_BIBLIOGRAPHY) {
      in_bib += ev == RECTO_EVENT_ENTER ? 1 : -1;
      continue;
    }
    if (ev != RECTO_EVENT_ENTER)
      continue;
    switch (t) {
    case RECTO_NODE_NOTE:
      c->notes++;
      break;
    case RECTO_NODE_CITE:
      c->cites++;
      for (size_t k = 0; k < recto_cite_count(n); k++) {
        recto_cite_item *item = recto_cite_item_at(n, k);
        if (item->entry || (item->key && recto_doc_find_entry(doc, item->key)))
          c->items++;
      }
      break;
    case RECTO_NODE_BIB_ENTRY:
      c->entries++;
      break;
    case RECTO_NODE_HEADING:
      c->headings++;
      if (!in_bib)
        c->headings_text++;
      break;
    case RECTO_NODE_PAGE_BREAK:
      c->pages++;
      break;
    case RECTO_NODE_MATH:
      c->math++;
      break;
    case RECTO_NODE_ITEM:
    case RECTO_NODE_BLOCK_QUOTE:
      c->blocks++;
      break;
    case RECTO_NODE_TABLE:
      c->tables += S_holds_something(n);
      break;
    case RECTO_NODE_CELL:
      c->cells += S_holds_something(n);
      break;
    default:
      break;
    }
  }
  recto_iter_free(it);
}

/* ---- XML outputs ---- */

static long S_xpath_count(xmlXPathContextPtr x, const char *expr) {
  xmlXPathObjectPtr r = xmlXPathEvalExpression((const xmlChar *)expr, x);
  long n = -1;
  if (r && r->type == XPATH_NUMBER)
    n = (long)r->floatval;
  else if (r && r->type == XPATH_NODESET)
    n = r->nodesetval ? r->nodesetval->nodeNr : 0;
  if (!r)
    fprintf(stderr, "bad XPath: %s\n", expr);
  xmlXPathFreeObject(r);
  return n;
}

/* The number of whitespace-separated tokens of an attribute, summed. */
static long S_xpath_tokens(xmlXPathContextPtr x, const char *expr,
                           const char *attr) {
  xmlXPathObjectPtr r = xmlXPathEvalExpression((const xmlChar *)expr, x);
  long n = 0;
  for (int k = 0; r && r->nodesetval && k < r->nodesetval->nodeNr; k++) {
    xmlChar *v = xmlGetProp(r->nodesetval->nodeTab[k], (const xmlChar *)attr);
    for (const char *p = (const char *)v; p && *p;) {
      while (*p == ' ')
        p++;
      if (*p)
        n++;
      while (*p && *p != ' ')
        p++;
    }
    xmlFree(v);
  }
  xmlXPathFreeObject(r);
  return n;
}

static xmlDocPtr S_parse(const char *data, size_t len) {
  return xmlReadMemory(data, (int)len, "output.xml", NULL,
                       XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NOWARNING);
}

static int S_count_docbook(const char *data, size_t len, counts *c) {
  xmlDocPtr d = S_parse(data, len);
  if (!d)
    return -1;
  xmlXPathContextPtr x = xmlXPathNewContext(d);
  xmlXPathRegisterNs(x, (const xmlChar *)"db",
                     (const xmlChar *)"http://docbook.org/ns/docbook");
  memset(c, 0, sizeof *c);
  c->notes = S_xpath_count(x, "//db:footnote");
  c->cites = S_xpath_count(x, "//db:citation");
  c->items = S_xpath_count(x, "//db:citation/db:biblioref");
  c->entries = S_xpath_count(
      x, "//db:biblioentry | //db:bibliomixed[not(@role='heading')]");
  c->headings = S_xpath_count(
      x, "(//db:section | //db:chapter | //db:bibliography | "
         "//db:bibliolist)[not(@role='untitled')]/db:title | "
         "//db:bridgehead | //db:bibliomixed[@role='heading']");
  c->pages = S_xpath_count(x, "//processing-instruction('recto-pagebreak')");
  c->math = S_xpath_count(
      x, "//db:inlineequation | //db:equation | //db:informalequation");
  c->blocks = S_xpath_count(x, "//db:itemizedlist/db:listitem | "
                               "//db:orderedlist/db:listitem | "
                               "//db:blockquote");
#define DB_FULL "[normalize-space(.) != '' or .//db:imagedata]"
  c->tables = S_xpath_count(x, "(//db:table | //db:informaltable)" DB_FULL);
  c->cells = S_xpath_count(x, "(//db:td | //db:th | //db:entry)" DB_FULL);
  xmlXPathFreeContext(x);
  xmlFreeDoc(d);
  return 0;
}

static int S_count_tei(const char *data, size_t len, counts *c) {
  xmlDocPtr d = S_parse(data, len);
  if (!d)
    return -1;
  xmlXPathContextPtr x = xmlXPathNewContext(d);
  xmlXPathRegisterNs(x, (const xmlChar *)"t",
                     (const xmlChar *)"http://www.tei-c.org/ns/1.0");
  memset(c, 0, sizeof *c);
  c->notes = S_xpath_count(x, "//t:text//t:note[@place='foot']");
  c->cites = S_xpath_count(x, "//t:ref[@type='bibr']");
  c->items = S_xpath_tokens(x, "//t:ref[@type='bibr']", "target");
  c->entries = S_xpath_count(
      x, "//t:listBibl/t:biblStruct | "
         "//t:listBibl/t:bibl[not(@type='heading')]");
  c->headings = S_xpath_count(
      x, "//t:text//t:head[not(parent::t:table or parent::t:figure)] | "
         "//t:ab[@type='heading'] | //t:listBibl/t:bibl[@type='heading']");
  c->pages = S_xpath_count(x, "//t:text//t:pb");
  c->math = S_xpath_count(x, "//t:text//t:formula");
  c->blocks = S_xpath_count(x, "//t:text//t:list[not(@type='gloss')]/t:item"
                               " | //t:text//t:quote");
#define TEI_FULL "[normalize-space(.) != '' or .//t:graphic]"
  c->tables = S_xpath_count(x, "//t:text//t:table" TEI_FULL);
  c->cells = S_xpath_count(x, "//t:text//t:cell" TEI_FULL);
  xmlXPathFreeContext(x);
  xmlFreeDoc(d);
  return 0;
}

/* One XHTML file of an EPUB, added to c. */
static int S_count_xhtml(const char *data, size_t len, int bibliography,
                         counts *c) {
  xmlDocPtr d = S_parse(data, len);
  if (!d)
    return -1;
  xmlXPathContextPtr x = xmlXPathNewContext(d);
  xmlXPathRegisterNs(x, (const xmlChar *)"h",
                     (const xmlChar *)"http://www.w3.org/1999/xhtml");
  xmlXPathRegisterNs(x, (const xmlChar *)"epub",
                     (const xmlChar *)"http://www.idpf.org/2007/ops");
  c->notes += S_xpath_count(
      x, "//h:aside[@role='doc-footnote' or @role='doc-endnote']");
  c->cites += S_xpath_count(
      x, "//h:span[@class='citation'] | //h:a[@role='doc-biblioref']"
         "[not(ancestor::h:span[@class='citation'])]");
  c->entries += S_xpath_count(
      x, "//h:li[contains(concat(' ', @class, ' '), ' biblioentry ')]");
  if (!bibliography)
    c->headings_text += S_xpath_count(
        x, "(//h:h1 | //h:h2 | //h:h3 | //h:h4 | //h:h5 | //h:h6)"
           "[not(ancestor::h:section[@epub:type='titlepage' or "
           "@class='abstract'])]");
  else /* the text's heading of a References section it took, with its id */
    c->headings_text += S_xpath_count(x, "//h:h1[@id]");
  c->pages += S_xpath_count(x, "//*[@role='doc-pagebreak']");
  c->math += S_xpath_count(
      x, "//h:span[contains(concat(' ', @class, ' '), ' math ')]");
  c->blocks += S_xpath_count(
      x, "//h:ul/h:li[not(contains(concat(' ', @class, ' '), ' biblioentry "
         "'))] | //h:ol/h:li[not(contains(concat(' ', @class, ' '), "
         "' biblioentry '))] | //h:blockquote");
#define XHTML_FULL "[normalize-space(.) != '' or .//h:img]"
  c->tables += S_xpath_count(x, "//h:table" XHTML_FULL);
  c->cells += S_xpath_count(x, "(//h:td | //h:th)" XHTML_FULL);
  xmlXPathFreeContext(x);
  xmlFreeDoc(d);
  return 0;
}

static int S_count_epub(const char *data, size_t len, counts *c) {
  memset(c, 0, sizeof *c);
  zip_error_t zerr;
  zip_error_init(&zerr);
  zip_source_t *src = zip_source_buffer_create(data, len, 0, &zerr);
  zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &zerr) : NULL;
  if (!z) {
    zip_source_free(src);
    zip_error_fini(&zerr);
    return -1;
  }
  int rc = 0;
  zip_int64_t n = zip_get_num_entries(z, 0);
  for (zip_int64_t k = 0; k < n && rc == 0; k++) {
    const char *name = zip_get_name(z, (zip_uint64_t)k, 0);
    size_t nl = name ? strlen(name) : 0;
    if (nl < 6 || strcmp(name + nl - 6, ".xhtml") != 0)
      continue;
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    if (strcmp(base, "nav.xhtml") == 0)
      continue;
    zip_stat_t st;
    zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)k, 0);
    if (!f || zip_stat_index(z, (zip_uint64_t)k, 0, &st) != 0) {
      rc = -1;
      break;
    }
    char *buf = malloc(st.size + 1);
    zip_int64_t got = buf ? zip_fread(f, buf, st.size) : -1;
    zip_fclose(f);
    if (got != (zip_int64_t)st.size ||
        S_count_xhtml(buf, st.size, strcmp(base, "bibliography.xhtml") == 0,
                      c) != 0)
      rc = -1;
    free(buf);
  }
  zip_close(z);
  zip_error_fini(&zerr);
  return rc;
}

/* ---- the run ---- */

typedef struct run {
  recto_registry *reg;
  recto_context *ctx;
  recto_options *opts;
  recto_doc *bib; /* the samples' bibliography, or NULL */
  int strict;     /* a document that cannot be read is a failure */
  int failures;
  long checks;
  int xml_only; /* DocBook and TEI only */
} run;

static void S_quiet(const recto_diag *d, void *user) {
  (void)d;
  (void)user; /* warnings about the inputs are other tests' business */
}

static void S_compare(run *r, const char *input, const char *format,
                      const counts *want, const counts *got, unsigned what) {
  static const struct {
    unsigned flag;
    const char *name;
    size_t offset;
  } fields[] = {
      {F_NOTES, "notes", offsetof(counts, notes)},
      {F_CITES, "citations", offsetof(counts, cites)},
      {F_ITEMS, "resolved items", offsetof(counts, items)},
      {F_ENTRIES, "entries", offsetof(counts, entries)},
      {F_HEAD, "headings", offsetof(counts, headings)},
      {F_HEAD_TEXT, "headings outside bibliographies",
       offsetof(counts, headings_text)},
      {F_PAGES, "page breaks", offsetof(counts, pages)},
      {F_MATH, "math", offsetof(counts, math)},
      {F_BLOCKS, "list items and block quotes", offsetof(counts, blocks)},
      {F_TABLES, "tables", offsetof(counts, tables)},
      {F_TABLES, "table cells", offsetof(counts, cells)},
  };
  for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
    if (!(what & fields[k].flag))
      continue;
    long a = *(const long *)((const char *)want + fields[k].offset);
    long b = *(const long *)((const char *)got + fields[k].offset);
    r->checks++;
    if (a != b) {
      printf("FAIL: %s -> %s: %s: model %ld, output %ld\n", input, format,
             fields[k].name, a, b);
      r->failures++;
    }
  }
}

static recto_status S_write(run *r, recto_doc *doc, const char *format,
                            recto_buf *out) {
  const recto_plugin_info *w =
      recto_registry_find(r->reg, RECTO_PLUGIN_WRITER, format);
  if (!w)
    return RECTO_ERR_PLUGIN;
  return recto_pipeline_write(r->reg, r->ctx, w, doc, r->opts, out);
}

static recto_doc *S_read(run *r, const char *path, const char *format) {
  const recto_plugin_info *reader =
      format ? recto_registry_find(r->reg, RECTO_PLUGIN_READER, format)
             : NULL;
  if (format && !reader)
    return NULL;
  recto_doc *doc = NULL;
  if (recto_pipeline_read_file(r->reg, r->ctx, reader, path, r->opts,
                               &doc) != RECTO_OK)
    return NULL;
  recto_doc *const bibs[1] = {r->bib};
  recto_pipeline_prepare(r->reg, r->ctx, doc, r->opts, bibs, r->bib ? 1 : 0,
                         NULL, 0);
  return doc;
}

/* Count doc and its outputs; frees doc. */
static void S_check_doc(run *r, recto_doc *doc, const char *label) {
  counts model, got;
  S_count_model(doc, &model);
  printf("%s: %ld notes, %ld citations (%ld items resolved), %ld entries, "
         "%ld headings, %ld page breaks, %ld math, %ld list items and "
         "quotes, %ld tables (%ld cells)\n",
         label, model.notes, model.cites, model.items, model.entries,
         model.headings, model.pages, model.math, model.blocks, model.tables,
         model.cells);
  static const struct {
    const char *format;
    int (*count)(const char *, size_t, counts *);
    unsigned what;
  } outs[] = {
      {"docbook", S_count_docbook,
       F_NOTES | F_CITES | F_ITEMS | F_ENTRIES | F_HEAD | F_PAGES |
           F_MATH | F_BLOCKS | F_TABLES},
      {"tei", S_count_tei,
       F_NOTES | F_CITES | F_ITEMS | F_ENTRIES | F_HEAD | F_PAGES |
           F_MATH | F_BLOCKS | F_TABLES},
      {"epub", S_count_epub,
       F_NOTES | F_CITES | F_ENTRIES | F_HEAD_TEXT | F_PAGES | F_MATH |
           F_BLOCKS | F_TABLES},
  };
  size_t nouts = r->xml_only ? 2 : sizeof outs / sizeof outs[0];
  /* the random documents put notes, bibliographies and flat tables in
     captions and cells, which the XML writers move out of the table:
     their tables are counted in the named fixtures and the samples */
  unsigned skip = r->xml_only ? F_TABLES : 0;
  for (size_t k = 0; k < nouts; k++) {
    recto_buf out = RECTO_BUF_INIT;
    recto_status st = S_write(r, doc, outs[k].format, &out);
    if (st == RECTO_ERR_PLUGIN && !recto_registry_find(
                                      r->reg, RECTO_PLUGIN_WRITER,
                                      outs[k].format)) {
      printf("note: no %s writer\n", outs[k].format);
    } else if (st != RECTO_OK || outs[k].count(out.data ? out.data : "",
                                                out.len, &got) != 0) {
      printf("FAIL: %s -> %s: no readable output (status %d)\n", label,
             outs[k].format, (int)st);
      r->failures++;
    } else {
      S_compare(r, label, outs[k].format, &model, &got,
                outs[k].what & ~skip);
    }
    recto_buf_free(&out);
  }
  /* Markdown, TEI and DocBook: written, then read back by their own
     readers (when built) and counted in the model again. */
  static const char *const back_formats[] = {"markdown", "tei", "docbook"};
  for (size_t k = 0; k < sizeof back_formats / sizeof *back_formats; k++) {
    const char *f = back_formats[k];
    const recto_plugin_info *rd =
        recto_registry_find(r->reg, RECTO_PLUGIN_READER, f);
    if (!rd || (r->xml_only && !strcmp(f, "markdown")))
      continue;
    char name[32], what[48];
    snprintf(name, sizeof name, "roundtrip.%s", f);
    snprintf(what, sizeof what, "%s read back", f);
    recto_buf out = RECTO_BUF_INIT;
    recto_doc *back = NULL;
    if (S_write(r, doc, f, &out) != RECTO_OK) {
      printf("FAIL: %s -> %s: no output\n", label, f);
      r->failures++;
    } else if (recto_pipeline_read_memory(r->reg, r->ctx, rd, name,
                                          (const unsigned char *)out.data,
                                          out.len, r->opts,
                                          &back) == RECTO_OK) {
      recto_pipeline_prepare(r->reg, r->ctx, back, r->opts, NULL, 0, NULL,
                             0);
      S_count_model(back, &got);
      S_compare(r, label, what, &model, &got,
                (F_NOTES | F_CITES | F_ITEMS | F_ENTRIES | F_HEAD | F_PAGES |
                 F_MATH | F_BLOCKS | F_TABLES) & ~skip);
      recto_doc_free(back);
    } else {
      printf("FAIL: %s -> %s: the output does not read back\n", label, f);
      r->failures++;
    }
    recto_buf_free(&out);
  }
  recto_doc_free(doc);
}

static void S_check(run *r, const char *path, const char *label,
                    const char *format) {
  recto_doc *doc = S_read(r, path, format);
  if (!doc) {
    printf("%s: %s could not be read, not counted\n",
           r->strict ? "FAIL" : "note", label);
    r->failures += r->strict;
    return;
  }
  S_check_doc(r, doc, label);
}

static int S_by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files of dir, sorted, that pass keep(). */
static size_t S_list(const char *dir, int (*keep)(const char *), char ***out) {
  DIR *d = opendir(dir);
  size_t n = 0, cap = 0;
  char **names = NULL;
  struct dirent *e;
  while (d && (e = readdir(d))) {
    if (e->d_name[0] == '.' || !keep(e->d_name))
      continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 16;
      names = realloc(names, cap * sizeof *names);
    }
    names[n++] = strdup(e->d_name);
  }
  if (d)
    closedir(d);
  if (n)
    qsort(names, n, sizeof *names, S_by_name);
  *out = names;
  return n;
}

static int S_is_sample(const char *name) {
  static const char *const skip[] = {".bib", ".json", ".png", ".jpg", ".css",
                                     ".yaml"};
  if (strncmp(name, "README", 6) == 0)
    return 0;
  size_t n = strlen(name);
  for (size_t k = 0; k < sizeof skip / sizeof skip[0]; k++) {
    size_t s = strlen(skip[k]);
    if (n >= s && strcmp(name + n - s, skip[k]) == 0)
      return 0;
  }
  return 1;
}

static int S_is_txt(const char *name) {
  size_t n = strlen(name);
  return n > 4 && strcmp(name + n - 4, ".txt") == 0;
}

int main(int argc, char **argv) {
  int in_dir = argc == 3 && strcmp(argv[1], "dir") == 0;
  if (!in_dir &&
      (argc != 2 || (strcmp(argv[1], "samples") && strcmp(argv[1], "seeds") &&
                     strcmp(argv[1], "fixtures")))) {
    fprintf(stderr, "usage: counts samples|seeds|fixtures|dir DIR\n");
    return 2;
  }
  int seeds = strcmp(argv[1], "seeds") == 0;
  int fixtures = strcmp(argv[1], "fixtures") == 0;
  const char *src = getenv("RECTO_SOURCE_ROOT");
  const char *shared = getenv("RECTO_SHARED");
  char dir[4096], path[8192];
  if (seeds) {
    if (!shared)
      return 77;
    snprintf(dir, sizeof dir, "%s/corpus/seeds", shared);
  } else if (fixtures) {
    snprintf(dir, sizeof dir, ".");
  } else if (in_dir) {
    snprintf(dir, sizeof dir, "%s", argv[2]);
  } else {
    snprintf(dir, sizeof dir, "%s/samples", src ? src : ".");
  }
  DIR *probe = opendir(dir);
  if (!probe) {
    printf("SKIP: %s is absent\n", dir);
    return 77;
  }
  closedir(probe);

  run r;
  memset(&r, 0, sizeof r);
  r.strict = in_dir;
  r.ctx = recto_context_new();
  recto_context_set_handler(r.ctx, S_quiet, NULL);
  r.reg = recto_registry_new();
  recto_registry_set_cache(r.reg, "");
  recto_registry_add_default_paths(r.reg);
  recto_registry_load(r.reg, r.ctx);
  r.opts = recto_options_new();
  if (!seeds) {
    snprintf(path, sizeof path, "%s/references.bib", dir);
    FILE *f = fopen(path, "rb");
    if (f) {
      fclose(f);
      if (recto_pipeline_read_bibliography(r.reg, r.ctx, path, r.opts,
                                           &r.bib) != RECTO_OK)
        r.bib = NULL;
    }
  }
  if (fixtures) { /* the API-built documents of fixtures.c */
    for (size_t k = 0; fixture_names[k]; k++)
      if (strcmp(fixture_names[k], "deep") != 0)
        S_check_doc(&r, fixture_build(fixture_names[k]), fixture_names[k]);
    /* Documents of random structure: DocBook and TEI only, unless
       RECTO_RANDOM_ALL_FORMATS is set (the other writers have their own
       suites); RECTO_RANDOM_DOCS sets how many. */
    const char *nr = getenv("RECTO_RANDOM_DOCS");
    int randoms = nr ? atoi(nr) : 40;
    r.xml_only = !getenv("RECTO_RANDOM_ALL_FORMATS");
    for (int k = 1; k <= randoms; k++) {
      char name[32];
      snprintf(name, sizeof name, "random-%d", k);
      S_check_doc(&r, fixture_build(name), name);
    }
  }
  char **names = NULL;
  size_t n = fixtures ? 0 : S_list(dir, seeds ? S_is_txt : S_is_sample,
                                   &names);
  for (size_t k = 0; k < n; k++) {
    snprintf(path, sizeof path, "%s/%s", dir, names[k]);
    S_check(&r, path, names[k], seeds ? "plain" : NULL);
    free(names[k]);
  }
  free(names);
  printf("%ld comparisons, %d differences\n", r.checks, r.failures);
  if (r.bib)
    recto_doc_free(r.bib);
  recto_options_free(r.opts);
  recto_registry_free(r.reg);
  recto_context_free(r.ctx);
  xmlCleanupParser();
  return r.failures ? 1 : 0;
}
