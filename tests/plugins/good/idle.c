/* idle.c: a test plugin no conversion in the tests uses; it logs its
   loading so that the tests can check the host leaves it closed when the
   plugin cache knows what it holds.  It is built as for ABI 1.0 with
   something in the first reserved pointer, the place of 1.1's
   option_keys, which the host must not read as keys. */
#include <stdio.h>
#include <stdlib.h>

#include "recto/recto.h"

#include "loadlog.h"

TEST_LOG_LOADING("idle")

static recto_status S_write(recto_context *ctx, recto_doc *doc,
                            const recto_options *opts, recto_buf *out) {
  (void)ctx;
  (void)doc;
  (void)opts;
  recto_buf_puts(out, "idle\n");
  return RECTO_OK;
}

static const char *const S_ext[] = {"idle", NULL};
static const char *const S_not_keys[] = {"idle.level", NULL};

static const recto_plugin S_plugin = {
    RECTO_PLUGIN_ABI_MAJOR, 0, (uint32_t)sizeof(recto_plugin),
    RECTO_PLUGIN_WRITER, 0, "idle", NULL, S_ext, NULL,
    "test writer nobody uses", "0.1", NULL, NULL, S_write, NULL,
    S_not_keys, {NULL, NULL, NULL}};

RECTO_PLUGIN_EXPORT const recto_plugin *recto_plugin_descriptor(uint32_t index) {
  return index == 0 ? &S_plugin : NULL;
}
