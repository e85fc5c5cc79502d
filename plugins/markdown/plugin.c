/* plugin.c: the Markdown reader and writer descriptors, and the reader's
   driver: prescan, cmark-gfm, pandoc constructs, metadata. */
#include <string.h>

#include "md.h"

recto_status md_read(recto_context *ctx, const recto_input *input,
                     const recto_options *opts, recto_doc **out) {
  recto_doc *doc = recto_doc_new();
  md_reader rd = {0};
  rd.ctx = ctx;
  rd.doc = doc;
  rd.opts = opts;
  rd.src = (const char *)input->data;
  rd.src_len = input->len;
  /* undocumented: tests force tiny pieces with it */
  long chunk = recto_options_get_int(opts, "markdown.chunk", 1L << 20);
  rd.chunk = chunk > 0 ? (size_t)chunk : 0;
  /* "-f markdown-smart" or -O smart=false turn it off */
  rd.smart = recto_options_get_bool(opts, "smart", 1);
  md_prescan(&rd);
  recto_node *root = recto_doc_root(doc);
  recto_status st = md_check_limits(&rd);
  if (st == RECTO_OK)
    st = md_read_into(&rd, root);
  if (st == RECTO_OK) {
    md_unused_notes(&rd, root);
    md_raw_html(&rd, root);
    md_heading_ids(&rd, root);
    recto_doc_attach_notes(ctx, doc);
    md_note_markers(root);
  }
  if (st == RECTO_OK)
    st = md_metadata(&rd);
  md_prescan_free(&rd);
  if (st != RECTO_OK) {
    recto_doc_free(doc);
    return st;
  }
  *out = doc;
  return RECTO_OK;
}

/* Markdown has no magic number: a metadata block or an ATX heading at the
   start is a weak sign. */
static int S_probe(const unsigned char *head, size_t len) {
  if (len >= 4 && !memcmp(head, "---\n", 4))
    return 30;
  if (len >= 2 && head[0] == '#' && (head[1] == ' ' || head[1] == '#'))
    return 20;
  return 0;
}

static const char *const S_ext[] = {"md", "markdown", "mdown", "mkd", NULL};
static const char *const S_types[] = {"text/markdown", NULL};
static const char *const S_aliases[] = {"md", "pandoc", "commonmark", "gfm",
                                        NULL};
static const char *const S_reader_keys[] = {"smart", "markdown.chunk", NULL};

static const recto_plugin S_reader = {
    RECTO_PLUGIN_HEADER,
    RECTO_PLUGIN_READER,
    RECTO_PLUGIN_TEXT_INPUT,
    "markdown",
    S_aliases,
    S_ext,
    S_types,
    "pandoc-flavoured Markdown (cmark-gfm): notes, citations, spans, divs",
    "0.1.0",
    S_probe,
    md_read,
    NULL,
    NULL,
    S_reader_keys,
    {NULL, NULL, NULL}};

static const recto_plugin S_writer = {
    RECTO_PLUGIN_HEADER,
    RECTO_PLUGIN_WRITER,
    0,
    "markdown",
    S_aliases,
    S_ext,
    S_types,
    "pandoc-flavoured Markdown that reads back to the same document",
    "0.1.0",
    NULL,
    NULL,
    md_write,
    NULL,
    NULL, {NULL, NULL, NULL}};

RECTO_PLUGIN_EXPORT const recto_plugin *recto_plugin_descriptor(uint32_t i) {
  switch (i) {
  case 0: return &S_reader;
  case 1: return &S_writer;
  default: return NULL;
  }
}
