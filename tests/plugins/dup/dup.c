/* dup.c: a plugin claiming names a plugin earlier on the search path
   already has: reader "lines" (dropped), writer "dup" with alias "dump"
   (kept; the alias stays with the first), and writer "duponly" (new). */
#include "recto/recto.h"

static recto_status S_read(recto_context *ctx, const recto_input *in,
                           const recto_options *opts, recto_doc **out) {
  (void)ctx;
  (void)in;
  (void)opts;
  *out = recto_doc_new();
  return RECTO_OK;
}

static recto_status S_write(recto_context *ctx, recto_doc *doc,
                            const recto_options *opts, recto_buf *out) {
  (void)ctx;
  (void)doc;
  (void)opts;
  recto_buf_puts(out, "written by the duplicate\n");
  return RECTO_OK;
}

static const char *const S_ext[] = {"lines", NULL};
static const char *const S_dup_ext[] = {"dupout", NULL};
static const char *const S_dup_alias[] = {"dump", NULL};

static const recto_plugin S_plugins[] = {
    {RECTO_PLUGIN_HEADER, RECTO_PLUGIN_READER, 0, "lines", NULL, S_ext, NULL,
     "a second lines reader", "0.2", NULL, S_read, NULL, NULL,
     NULL, {NULL, NULL, NULL}},
    {RECTO_PLUGIN_HEADER, RECTO_PLUGIN_WRITER, 0, "dup", S_dup_alias,
     S_dup_ext, NULL, "a writer with a taken alias", "0.2", NULL, NULL,
     S_write, NULL, NULL, {NULL, NULL, NULL}},
    {RECTO_PLUGIN_HEADER, RECTO_PLUGIN_WRITER, 0, "duponly", NULL, NULL, NULL,
     "a writer with a new name", "0.2", NULL, NULL, S_write, NULL,
     NULL, {NULL, NULL, NULL}},
};

RECTO_PLUGIN_EXPORT const recto_plugin *recto_plugin_descriptor(uint32_t index) {
  return index < 3 ? &S_plugins[index] : NULL;
}
