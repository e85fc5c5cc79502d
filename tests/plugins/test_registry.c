/* test_registry.c: the registry and pipeline API against the test
   plugins.  Arguments: the good, broken and duplicate plugin dirs. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "recto/recto.h"
#include "recto/registry.h"

static int S_failures;

#define CHECK(cond)                                                          \
  do {                                                                       \
    if (!(cond)) {                                                           \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,       \
              #cond);                                                        \
      S_failures++;                                                          \
    }                                                                        \
  } while (0)

#define STR_EQ(a, b)                                                         \
  do {                                                                       \
    const char *a_ = (a), *b_ = (b);                                         \
    if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                 \
      fprintf(stderr, "%s:%d: '%s' != '%s'\n", __FILE__, __LINE__,           \
              a_ ? a_ : "(null)", b_ ? b_ : "(null)");                       \
      S_failures++;                                                          \
    }                                                                        \
  } while (0)

/* Diagnostics are collected, one line each, for the checks. */
typedef struct S_log {
  recto_buf text;
  size_t count[3];
} S_log;

static void S_collect(const recto_diag *d, void *user) {
  S_log *log = user;
  log->count[d->severity]++;
  recto_buf_printf(&log->text, "%s|%s\n", d->code ? d->code : "",
                   d->message);
}

static recto_context *S_ctx(S_log *log) {
  memset(log, 0, sizeof *log);
  recto_context *ctx = recto_context_new();
  recto_context_set_handler(ctx, S_collect, log);
  return ctx;
}

static void S_done(recto_registry *reg, recto_context *ctx, S_log *log) {
  recto_registry_free(reg);
  recto_context_free(ctx);
  recto_buf_free(&log->text);
}

static size_t S_occurrences(const char *hay, const char *needle) {
  size_t n = 0;
  for (const char *p = hay ? strstr(hay, needle) : NULL; p;
       p = strstr(p + 1, needle))
    n++;
  return n;
}

static recto_registry *S_registry(recto_context *ctx, const char *a,
                                  const char *b) {
  recto_registry *reg = recto_registry_new();
  recto_registry_set_cache(reg, "");
  recto_registry_add_path(reg, a);
  if (b)
    recto_registry_add_path(reg, b);
  recto_registry_load(reg, ctx);
  return reg;
}

static const char *S_reader_name(recto_registry *reg, recto_context *ctx,
                                 const char *file, const char *head) {
  const recto_plugin_info *info = recto_registry_choose_reader(
      reg, ctx, 0, file, (const unsigned char *)head, head ? strlen(head) : 0);
  return info ? info->name : "(none)";
}

static void test_lookups(const char *good) {
  S_log log;
  recto_context *ctx = S_ctx(&log);
  recto_registry *reg = S_registry(ctx, good, NULL);
  CHECK(recto_registry_count(reg) == 10);
  CHECK(log.count[RECTO_DIAG_WARNING] == 0);
  const recto_plugin_info *lines =
      recto_registry_find(reg, RECTO_PLUGIN_READER, "lines");
  CHECK(lines && strstr(lines->file, "recto-testfmt.so"));
  CHECK(recto_registry_find(reg, RECTO_PLUGIN_READER, "linefile") == lines);
  CHECK(recto_registry_find(reg, RECTO_PLUGIN_WRITER, "lines") == NULL);
  const recto_plugin_info *dump =
      recto_registry_find(reg, RECTO_PLUGIN_WRITER, "listing");
  CHECK(dump && strcmp(dump->name, "dump") == 0);
  CHECK(dump && dump->option_keys[0] &&
        strcmp(dump->option_keys[0], "dump.test") == 0 &&
        !dump->option_keys[1]);
  CHECK(lines && lines->option_keys && !lines->option_keys[0]);
  /* An ABI 1.0 descriptor's first reserved pointer is no list of keys. */
  const recto_plugin_info *idle =
      recto_registry_find(reg, RECTO_PLUGIN_WRITER, "idle");
  CHECK(idle && idle->option_keys && !idle->option_keys[0]);
  STR_EQ(recto_plugin_kind_name(RECTO_PLUGIN_TRANSFORM), "transform");

  size_t ties = 9;
  const recto_plugin_info *x = recto_registry_find_by_extension(
      reg, RECTO_PLUGIN_READER, 0, "dir/a.x.txl", &ties);
  CHECK(x && strcmp(x->name, "xlines") == 0 && ties == 0);
  CHECK(recto_registry_find_by_extension(reg, RECTO_PLUGIN_READER, 0,
                                         "a.TXL", NULL) == lines);
  CHECK(recto_registry_find_by_extension(reg, RECTO_PLUGIN_READER, 0,
                                         "a.tdata", &ties) == lines &&
        ties == 1);
  CHECK(recto_registry_find_by_extension(reg, RECTO_PLUGIN_READER, 0,
                                         "d.lines/noext", NULL) == NULL);
  CHECK(recto_registry_find_by_extension(reg, RECTO_PLUGIN_READER, 0, "txl",
                                         NULL) == NULL);
  CHECK(recto_registry_find_by_extension(reg, RECTO_PLUGIN_READER,
                                         RECTO_PLUGIN_BIBLIOGRAPHY, "a.lines",
                                         NULL) == NULL);
  CHECK(recto_plugin_info_match(x, "a.x.txl") == 5);
  CHECK(recto_plugin_info_match(lines, "a.x.txl") == 3);

  /* Extension first; content for ambiguous, generic or unknown ones. */
  STR_EQ(S_reader_name(reg, ctx, "a.lines", "#xlines\n"), "lines");
  STR_EQ(S_reader_name(reg, ctx, "a.tdata", "#xlines\n"), "xlines");
  STR_EQ(S_reader_name(reg, ctx, "a.tdata", "#lines\n"), "lines");
  STR_EQ(S_reader_name(reg, ctx, "a.xml", "#xlines\n"), "xlines");
  STR_EQ(S_reader_name(reg, ctx, "a.xml", "nothing"), "lines");
  STR_EQ(S_reader_name(reg, ctx, "a.unknown", "#lines"), "lines");
  STR_EQ(S_reader_name(reg, ctx, "a.unknown", "nothing"), "(none)");
  STR_EQ(S_reader_name(reg, ctx, "-", NULL), "(none)");
  CHECK(log.count[RECTO_DIAG_INFO] > 0);

  const recto_plugin *p = recto_registry_plugin(reg, ctx, x);
  CHECK(p && strcmp(p->name, "xlines") == 0 && p->read);
  CHECK(recto_registry_at(reg, recto_registry_count(reg)) == NULL);
  S_done(reg, ctx, &log);
}

static void test_refusals(const char *good, const char *broken) {
  S_log log;
  recto_context *ctx = S_ctx(&log);
  recto_registry *reg = S_registry(ctx, broken, good);
  static const char *const files[] = {
      "recto-broken-abi99.so",      "recto-broken-newminor.so",
      "recto-broken-small.so",      "recto-broken-nocallback.so",
      "recto-broken-noentry.so",    "recto-notelf.so"};
  CHECK(log.count[RECTO_DIAG_WARNING] == 6);
  CHECK(S_occurrences(log.text.data, "plugin.refused|") == 6);
  for (size_t k = 0; k < 6; k++)
    CHECK(S_occurrences(log.text.data, files[k]) == 1);
  CHECK(S_occurrences(log.text.data, "ABI 99.0") == 1);
  CHECK(S_occurrences(log.text.data, "ABI 1.2") == 1);
  CHECK(S_occurrences(log.text.data, "no write callback") == 1);
  CHECK(S_occurrences(log.text.data, "no entry symbol") == 1);
  CHECK(recto_registry_count(reg) == 10);
  CHECK(recto_registry_find(reg, RECTO_PLUGIN_WRITER, "brokenwriter") ==
        NULL);
  S_done(reg, ctx, &log);
}

static void test_duplicates(const char *good, const char *dup) {
  S_log log;
  recto_context *ctx = S_ctx(&log);
  recto_registry *reg = S_registry(ctx, good, dup);
  CHECK(log.count[RECTO_DIAG_WARNING] == 2);
  CHECK(S_occurrences(log.text.data, "plugin.duplicate|") == 2);
  /* Each warning names both files. */
  CHECK(S_occurrences(log.text.data, "recto-dup.so") == 2);
  CHECK(S_occurrences(log.text.data, "recto-testfmt.so") == 2);
  const recto_plugin_info *lines =
      recto_registry_find(reg, RECTO_PLUGIN_READER, "lines");
  CHECK(lines && strstr(lines->file, "recto-testfmt.so"));
  const recto_plugin_info *dump =
      recto_registry_find(reg, RECTO_PLUGIN_WRITER, "dump");
  CHECK(dump && strstr(dump->file, "recto-testfmt.so"));
  CHECK(recto_registry_find(reg, RECTO_PLUGIN_WRITER, "dup") != NULL);
  CHECK(recto_registry_find(reg, RECTO_PLUGIN_WRITER, "duponly") != NULL);
  CHECK(recto_registry_count(reg) == 12);
  S_done(reg, ctx, &log);
}

static size_t S_dir_entries(const char *dir) {
  size_t n = 0;
  DIR *d = opendir(dir);
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL)
    n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
  if (d)
    closedir(d);
  return n;
}

static char *S_file(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return NULL;
  static char buf[4096];
  size_t n = fread(buf, 1, sizeof buf - 1, fp);
  buf[n] = '\0';
  fclose(fp);
  return buf;
}

static void test_pipeline(const char *good) {
  S_log log;
  recto_context *ctx = S_ctx(&log);
  recto_registry *reg = S_registry(ctx, good, NULL);
  recto_options *opts = recto_options_new();
  const char *text = "#lines\n# Title\nhello ref:1\nref:1\nnote:1:the "
                     "note\n!warn careful\ncite:k1\ncite:k2\n";
  recto_doc *doc = NULL;
  CHECK(recto_pipeline_read_memory(reg, ctx, NULL, "t.lines",
                                   (const unsigned char *)text, strlen(text),
                                   opts, &doc) == RECTO_OK);
  CHECK(doc != NULL);
  if (!doc)
    return;
  STR_EQ(recto_doc_source(doc, "format"), "lines");
  STR_EQ(recto_doc_source(doc, "file"), "t.lines");
  STR_EQ(recto_doc_source(doc, "encoding"), "UTF-8");
  CHECK(log.count[RECTO_DIAG_WARNING] == 1);

  char dir[] = "/tmp/recto-test-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char bibpath[256];
  snprintf(bibpath, sizeof bibpath, "%s/refs.tbib", dir);
  FILE *fp = fopen(bibpath, "w");
  fputs("k1|First work\n", fp);
  fclose(fp);
  recto_doc *bib = NULL;
  CHECK(recto_pipeline_read_bibliography(reg, ctx, bibpath, opts, &bib) ==
        RECTO_OK);
  recto_doc *bibs[1] = {bib};
  const char *upper[] = {"upper"};
  CHECK(recto_pipeline_prepare(reg, ctx, doc, opts, bibs, bib ? 1 : 0, upper,
                               1) == RECTO_OK);
  /* Merging twice keeps the document's entry and says so. */
  size_t before = log.count[RECTO_DIAG_WARNING];
  CHECK(bib && recto_pipeline_merge_bibliography(ctx, doc, bib) == 0);
  CHECK(log.count[RECTO_DIAG_WARNING] == before + 1);

  const recto_plugin_info *dump =
      recto_registry_find(reg, RECTO_PLUGIN_WRITER, "dump");
  recto_buf out = RECTO_BUF_INIT;
  CHECK(recto_pipeline_write(reg, ctx, dump, doc, opts, &out) == RECTO_OK);
  CHECK(out.data && strstr(out.data, "heading: TITLE"));
  CHECK(out.data && strstr(out.data, "[note THE NOTE]"));
  CHECK(out.data && strstr(out.data, "[cite k1 resolved]"));
  CHECK(out.data && strstr(out.data, "[cite k2 unresolved]"));
  CHECK(out.data && strstr(out.data, "entry k1: First work"));
  recto_buf_free(&out);

  /* Atomic replacement: the mode of an existing file is kept; a failing
     writer leaves the old file and no temporary behind. */
  char path[256];
  snprintf(path, sizeof path, "%s/out.dump", dir);
  CHECK(recto_file_replace(ctx, path, "old\n", 4) == RECTO_OK);
  chmod(path, 0640);
  CHECK(recto_pipeline_write_file(reg, ctx, dump, doc, opts, path) ==
        RECTO_OK);
  struct stat st;
  CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0640);
  const char *got = S_file(path);
  CHECK(got && strstr(got, "heading: TITLE"));
  CHECK(recto_file_replace(ctx, path, "old\n", 4) == RECTO_OK);
  const recto_plugin_info *failing =
      recto_registry_find(reg, RECTO_PLUGIN_WRITER, "failing");
  size_t errors = log.count[RECTO_DIAG_ERROR];
  CHECK(recto_pipeline_write_file(reg, ctx, failing, doc, opts, path) ==
        RECTO_ERR_OUTPUT);
  CHECK(log.count[RECTO_DIAG_ERROR] == errors + 1);
  STR_EQ(S_file(path), "old\n");
  CHECK(S_dir_entries(dir) == 2); /* refs.tbib, out.dump */
  char nodir[300];
  snprintf(nodir, sizeof nodir, "%s/missing/out.dump", dir);
  CHECK(recto_file_replace(ctx, nodir, "x", 1) == RECTO_ERR_OUTPUT);

  /* A transform that fails without a word still gets a message. */
  const char *broken[] = {"broken"};
  errors = log.count[RECTO_DIAG_ERROR];
  CHECK(recto_pipeline_prepare(reg, ctx, doc, opts, NULL, 0, broken, 1) ==
        RECTO_ERR_PLUGIN);
  CHECK(log.count[RECTO_DIAG_ERROR] == errors + 1);
  CHECK(S_occurrences(log.text.data, "plugin.failed|") == 1);
  const char *missing[] = {"no-such-transform"};
  CHECK(recto_pipeline_prepare(reg, ctx, doc, opts, NULL, 0, missing, 1) ==
        RECTO_ERR_PLUGIN);
  CHECK(recto_status_normalize(42) == RECTO_ERR_PLUGIN);
  CHECK(recto_status_normalize(4) == RECTO_ERR_INPUT);

  /* Reading: a missing file is an I/O error, "!fail" an input error. */
  recto_doc *none = NULL;
  char missing_file[300];
  snprintf(missing_file, sizeof missing_file, "%s/nope.lines", dir);
  CHECK(recto_pipeline_read_file(reg, ctx, NULL, missing_file, opts, &none) ==
        RECTO_ERR_IO && !none);
  CHECK(recto_pipeline_read_file(reg, ctx, NULL, dir, opts, &none) ==
        RECTO_ERR_IO);
  const char *bad = "fine\n!fail\n";
  CHECK(recto_pipeline_read_memory(reg, ctx, NULL, "b.lines",
                                   (const unsigned char *)bad, strlen(bad),
                                   opts, &none) == RECTO_ERR_INPUT && !none);
  CHECK(recto_pipeline_read_memory(reg, ctx, NULL, "b.unknown",
                                   (const unsigned char *)bad, strlen(bad),
                                   opts, &none) == RECTO_ERR_PLUGIN);

  unlink(path);
  unlink(bibpath);
  rmdir(dir);
  if (bib)
    recto_doc_free(bib);
  recto_doc_free(doc);
  recto_options_free(opts);
  S_done(reg, ctx, &log);
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: test_registry GOOD BROKEN DUP\n");
    return 2;
  }
  test_lookups(argv[1]);
  test_refusals(argv[1], argv[2]);
  test_duplicates(argv[1], argv[3]);
  test_pipeline(argv[1]);
  if (S_failures)
    fprintf(stderr, "%d checks failed\n", S_failures);
  return S_failures ? 1 : 0;
}
