/*
 * plain.c: the plain-text reader ("plain", also "plaintext"; .txt).
 *
 * It recovers the structure of texts such as PDF extractions: page
 * furniture, paragraphs, hyphenation, headings and title, lists,
 * footnotes, author-year citations, the bibliography, languages and
 * flattened tables.  Each step lives in a file of its own and can be
 * switched off with a reader option (-O plain.<step>=false):
 *
 *   plain.pages         form feeds become page breaks
 *   plain.furniture     running heads, footers and page numbers
 *   plain.paragraphs    wrapped lines joined into paragraphs
 *   plain.hyphenation   words broken at a line end joined
 *   plain.headings      headings and their levels
 *   plain.title         title, subtitle, author, affiliation to metadata
 *   plain.lists         bullet and numbered lists
 *   plain.notes         footnotes matched to their markers
 *   plain.citations     author-year citations
 *   plain.bibliography  reference sections into entries
 *   plain.language      languages and directions
 *   plain.tables        flattened tables kept as TABLE_FLAT blocks
 *
 * What each step inferred is reported as an INFO diagnostic (shown with
 * --verbose) and recorded with recto_doc_add_step.  Every step is linear
 * or n log n in the input.
 */
#include "linemodel.h"

static recto_status S_read(recto_context *ctx, const recto_input *input,
                           const recto_options *opts, recto_doc **out) {
  pt_source src = {0};
  src.name = input->name;
  src.format = "plain";
  src.encoding = input->encoding;
  src.text = (const char *)input->data;
  src.len = input->data ? input->len : 0;
  return pt_recover(ctx, &src, opts, out);
}

/* A plain-text file is anything that decodes as text; the content's
   signatures (recto/sniff.h) claim the other formats first. */
static int S_probe(const unsigned char *head, size_t len) {
  recto_sniff sn;
  return recto_sniff_is_text(head, len) && !recto_sniff_format(head, len, &sn)
             ? 10
             : 0;
}

static const char *const S_aliases[] = {"plaintext", "text", "txt", NULL};
static const char *const S_exts[] = {"txt", "text", NULL};
static const char *const S_media[] = {"text/plain", NULL};
static const char *const S_keys[] = {PT_OPTION_KEYS, NULL};

static const recto_plugin S_reader = {
    RECTO_PLUGIN_HEADER,
    RECTO_PLUGIN_READER,
    RECTO_PLUGIN_TEXT_INPUT,
    "plain",
    S_aliases,
    S_exts,
    S_media,
    "plain text, PDF extractions: pages, notes, citations, languages",
    "0.1.0",
    S_probe,
    S_read,
    NULL,
    NULL,
    S_keys,
    {NULL, NULL, NULL},
};

/* The reader, then the transforms of transforms.c. */
RECTO_PLUGIN_EXPORT const recto_plugin *recto_plugin_descriptor(uint32_t i) {
  return i == 0 ? &S_reader : pt_transform_descriptor(i - 1);
}
