/* mkdoc.c: write a fixture document (fixtures.c) in a format, through
   the plugin registry as the command line would:
       mkdoc FIXTURE FORMAT [KEY=VALUE...] > out
   Diagnostics go to standard error; the exit code is the status. */
#include <stdio.h>
#include <string.h>

#include "fixtures.h"
#include "recto/registry.h"

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: mkdoc FIXTURE FORMAT [KEY=VALUE...]\n");
    return RECTO_ERR_USAGE;
  }
  recto_doc *doc = fixture_build(argv[1]);
  if (!doc) {
    fprintf(stderr, "mkdoc: unknown fixture %s\n", argv[1]);
    return RECTO_ERR_USAGE;
  }
  recto_context *ctx = recto_context_new();
  recto_registry *reg = recto_registry_new();
  recto_registry_set_cache(reg, "");
  recto_registry_add_default_paths(reg);
  recto_registry_load(reg, ctx);
  recto_options *opts = recto_options_new();
  for (int k = 3; k < argc; k++) {
    char *eq = strchr(argv[k], '=');
    if (!eq)
      continue;
    *eq = 0;
    recto_options_set(opts, argv[k], eq + 1);
  }
  recto_status st = RECTO_ERR_PLUGIN;
  const recto_plugin_info *w =
      recto_registry_find(reg, RECTO_PLUGIN_WRITER, argv[2]);
  if (w) {
    recto_buf out = RECTO_BUF_INIT;
    st = recto_pipeline_write(reg, ctx, w, doc, opts, &out);
    if (st == RECTO_OK && out.len)
      fwrite(out.data, 1, out.len, stdout);
    recto_buf_free(&out);
  } else {
    fprintf(stderr, "mkdoc: no writer %s\n", argv[2]);
  }
  recto_options_free(opts);
  recto_registry_free(reg);
  recto_context_free(ctx);
  recto_doc_free(doc);
  return (int)st;
}
