/* fuzz_reader.c: one libFuzzer target per reader.  Compiled once per
   reader with -DRECTO_FUZZ_READER="name" (see meson.build): the input is
   read with that reader, goes through the standard passes and every
   transform, and is written by every writer the registry knows, so a
   new writer is fuzzed by every target without a change here.

   The plugins are the shared objects of the build tree, loaded through
   the registry as recto loads them (their code is instrumented like the
   rest of the build); all are opened before the first input so that
   their coverage counters are known from the start.

   Without libFuzzer (RECTO_FUZZ_REPLAY) the same code is built with a
   main that runs each file named on the command line once: the test
   suite replays the seeds and the regression inputs that way in every
   build. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recto/recto.h"
#include "recto/registry.h"

#ifndef RECTO_FUZZ_READER
#error "RECTO_FUZZ_READER must name the reader"
#endif

static recto_registry *S_reg;
static recto_options *S_opts;
static const recto_plugin_info *S_reader;

static void S_quiet(const recto_diag *diag, void *user) {
  (void)diag;
  (void)user;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  recto_context *ctx = recto_context_new();
  S_reg = recto_registry_new();
  recto_registry_set_cache(S_reg, "");
  recto_registry_add_default_paths(S_reg);
  recto_registry_load(S_reg, ctx);
  for (size_t k = 0; k < recto_registry_count(S_reg); k++)
    if (!recto_registry_plugin(S_reg, ctx, recto_registry_at(S_reg, k)))
      abort();
  S_reader =
      recto_registry_find(S_reg, RECTO_PLUGIN_READER, RECTO_FUZZ_READER);
  if (!S_reader) {
    fprintf(stderr, "no reader named '%s'\n", RECTO_FUZZ_READER);
    abort();
  }
  recto_context_free(ctx);
  S_opts = recto_options_new();
  return 0;
}

/* Images are read from disk by the EPUB writer: put every local one in
   a directory that does not exist, so that an input never reads the
   machine's files (a fuzzed "/dev/zero" would never end) and runs do
   not depend on what lies around. */
static void S_confine_images(recto_doc *doc) {
  recto_iter *it = recto_iter_new(recto_doc_root(doc));
  recto_buf url = RECTO_BUF_INIT;
  while (recto_iter_next(it) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (recto_iter_event(it) != RECTO_EVENT_ENTER ||
        recto_node_type_of(n) != RECTO_NODE_IMAGE || !recto_node_url(n))
      continue;
    recto_buf_clear(&url);
    recto_buf_puts(&url, "no-such-directory/");
    recto_buf_puts(&url, recto_node_url(n));
    recto_node_set_url(n, url.data);
  }
  recto_buf_free(&url);
  recto_iter_free(it);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  recto_context *ctx = recto_context_new();
  recto_context_set_handler(ctx, S_quiet, NULL);
  recto_doc *doc = NULL;
  recto_status st = recto_pipeline_read_memory(
      S_reg, ctx, S_reader, "input", data, size, S_opts, &doc);
  if (st == RECTO_OK && doc) {
    /* Bibliographies named in the metadata are files too. */
    recto_meta_remove(recto_doc_meta(doc), "bibliography");
    S_confine_images(doc);
    const char *transforms[64];
    size_t ntransforms = 0;
    for (size_t k = 0; k < recto_registry_count(S_reg) && ntransforms < 64;
         k++) {
      const recto_plugin_info *info = recto_registry_at(S_reg, k);
      if (info->kind == RECTO_PLUGIN_TRANSFORM)
        transforms[ntransforms++] = info->name;
    }
    st = recto_pipeline_prepare(S_reg, ctx, doc, S_opts, NULL, 0, transforms,
                                ntransforms);
    for (size_t k = 0; st == RECTO_OK && k < recto_registry_count(S_reg);
         k++) {
      const recto_plugin_info *info = recto_registry_at(S_reg, k);
      if (info->kind != RECTO_PLUGIN_WRITER)
        continue;
      recto_buf out = RECTO_BUF_INIT;
      recto_pipeline_write(S_reg, ctx, info, doc, S_opts, &out);
      recto_buf_free(&out);
    }
  }
  recto_doc_free(doc);
  recto_context_free(ctx);
  return 0;
}

#ifdef RECTO_FUZZ_REPLAY
/* Run each file once; a crash or a sanitizer report fails the test. */
int main(int argc, char **argv) {
  LLVMFuzzerInitialize(&argc, &argv);
  for (int k = 1; k < argc; k++) {
    FILE *f = fopen(argv[k], "rb");
    if (!f) {
      fprintf(stderr, "%s: cannot be read\n", argv[k]);
      return 1;
    }
    recto_buf b = RECTO_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
      recto_buf_put(&b, chunk, n);
    fclose(f);
    LLVMFuzzerTestOneInput((const unsigned char *)b.data, b.len);
    recto_buf_free(&b);
  }
  printf("%d inputs\n", argc - 1);
  return 0;
}
#endif
