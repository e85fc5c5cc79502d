/* plain_speed.c: the plain reader on PDF-like text, through the plugin
   host (processor time, so that a busy machine skews it less):
   throughput (target: 20 MB/s or more) and near-linear growth (eight
   times the text may not take much more than eight times as long).  A
   benchmark (meson test --benchmark), never a test: its figures depend
   on the machine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "recto/recto.h"
#include "recto/registry.h"

/* One page of an extraction, written for this test: a running head with
   the page number, wrapped lines with citations, a hyphenated word, a
   note marker and its note below a rule, a Persian paragraph with an
   English run. */
static void S_page(recto_buf *b, int n) {
  recto_buf_printf(b, "Journal of Small Archives, Vol. 3          %d\n\n", n);
  for (int k = 0; k < 6; k++)
    recto_buf_printf(b, "%s%s",
        "The ledgers were copied by hand in the village school, and each\n"
        "copy was compared with the older book by two readers (Karimi &\n"
        "Soltani, 2015), who marked the differences in the margin with a\n"
        "small cross and wrote the corrected figure under it in red ink.\n"
        "Their work took many winters and the notes they left are a funda-\n"
        "mental source for the later editions (Rahimi, 2009; Office of\n"
        "Water Records, 2018), as the archive catalogue itself records",
        k == 5 ? ".1\n\n" : ".\n\n");
  recto_buf_puts(b,
      "این بند فارسی دربارهٔ دفترهای باران است و نام لاتین آن‌ها (Rainfall\n"
      "Ledgers) را هم می‌آورد تا خواننده بتواند منبع را پیدا کند (رحیمی، ۱۳۸۸).\n\n");
  recto_buf_puts(b, "______________\n"
                    "1 The catalogue is kept in the provincial archive.\n");
  recto_buf_printf(b, "%d\n\f", n);
}

static void S_quiet(const recto_diag *d, void *user) {
  (void)d;
  (void)user;
}

static double S_read(recto_registry *reg, const recto_plugin_info *reader,
                     const char *data, size_t len, size_t *notes) {
  recto_context *ctx = recto_context_new();
  recto_context_set_handler(ctx, S_quiet, NULL);
  recto_options *opts = recto_options_new();
  recto_doc *doc = NULL;
  struct timespec t0, t1;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
  recto_status st = recto_pipeline_read_memory(
      reg, ctx, reader, "speed.txt", (const unsigned char *)data, len, opts,
      &doc);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
  if (st != RECTO_OK || !doc) {
    fprintf(stderr, "read failed: %d\n", st);
    exit(1);
  }
  *notes = 0;
  recto_iter *it = recto_iter_new(recto_doc_root(doc));
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE)
    if (ev == RECTO_EVENT_ENTER &&
        recto_node_type_of(recto_iter_node(it)) == RECTO_NODE_NOTE)
      (*notes)++;
  recto_iter_free(it);
  recto_doc_free(doc);
  recto_options_free(opts);
  recto_context_free(ctx);
  return (double)(t1.tv_sec - t0.tv_sec) +
         (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

int main(void) {
  const char *build = getenv("RECTO_BUILD_ROOT");
  if (!build) {
    fprintf(stderr, "RECTO_BUILD_ROOT is not set\n");
    return 1;
  }
  char path[4096];
  snprintf(path, sizeof path, "%s/plugins/plaintext", build);
  recto_registry *reg = recto_registry_new();
  recto_registry_set_cache(reg, "");
  recto_registry_add_path(reg, path);
  recto_context *ctx = recto_context_new();
  recto_registry_load(reg, ctx);
  const recto_plugin_info *reader =
      recto_registry_find(reg, RECTO_PLUGIN_READER, "plain");
  if (!reader) {
    fprintf(stderr, "no plain reader in %s\n", path);
    return 1;
  }
  recto_buf small = RECTO_BUF_INIT, big = RECTO_BUF_INIT;
  int pages = 0;
  while (small.len < (size_t)2 << 20)
    S_page(&small, ++pages);
  for (int k = 0; k < 8 * pages; k++)
    S_page(&big, k + 1);
  size_t ns, nb;
  double ts = S_read(reg, reader, small.data, small.len, &ns);
  double tb = S_read(reg, reader, big.data, big.len, &nb);
  double mbs = (double)big.len / (1 << 20) / tb;
  printf("plain reader: %.1f MB in %.2f s = %.1f MB/s; %.1f MB in %.3f s; "
         "ratio %.1f for 8x the text\n",
         (double)big.len / (1 << 20), tb, mbs,
         (double)small.len / (1 << 20), ts, tb / ts);
  int fail = 0;
  if (ns != (size_t)pages || nb != (size_t)8 * pages) {
    fprintf(stderr, "notes: %zu of %d, %zu of %d\n", ns, pages, nb,
            8 * pages);
    fail = 1;
  }
  if (tb / ts > 12.0) {
    fprintf(stderr, "growth is not linear\n");
    fail = 1;
  }
#if !defined(__SANITIZE_ADDRESS__)
  if (mbs < 20.0) {
    fprintf(stderr, "below 20 MB/s\n");
    fail = 1;
  }
#endif
  recto_buf_free(&small);
  recto_buf_free(&big);
  recto_context_free(ctx);
  recto_registry_free(reg);
  return fail;
}
