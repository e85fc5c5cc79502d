/* mdhelper.c: runs the Markdown reader and writer on many small documents
 * in one process, for the conformance scripts.
 *
 * Input (standard input): records "<length>\n<bytes>".  For each, output:
 * a status line ("ok" or "error <code>"), then three records: the
 * Markdown written, the HTML cmark-gfm makes of the input, and the HTML it
 * makes of the Markdown written (same extensions as the reader).
 *
 *   mdhelper roundtrip < records > records
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "md.h"

static void S_quiet(const recto_diag *d, void *user) {
  (void)d;
  (void)user;
}

static char *S_html(const char *md, size_t len) {
  cmark_gfm_core_extensions_ensure_registered();
  int opts = CMARK_OPT_FOOTNOTES | CMARK_OPT_UNSAFE;
  cmark_parser *p = cmark_parser_new(opts);
  static const char *const exts[] = {"table", "strikethrough", "autolink",
                                     NULL};
  for (const char *const *e = exts; *e; e++)
    cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension(*e));
  cmark_parser_feed(p, md, len);
  cmark_node *doc = cmark_parser_finish(p);
  char *html = cmark_render_html(doc, opts, cmark_parser_get_syntax_extensions(p));
  cmark_node_free(doc);
  cmark_parser_free(p);
  return html;
}

static void S_record(const char *s, size_t len) {
  printf("%zu\n", len);
  fwrite(s, 1, len, stdout);
}

int main(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "roundtrip") != 0) {
    fprintf(stderr, "usage: mdhelper roundtrip < records\n");
    return 2;
  }
  size_t len;
  while (scanf("%zu", &len) == 1) {
    getchar(); /* the newline */
    char *md = malloc(len + 1);
    if (!md || fread(md, 1, len, stdin) != len)
      return 2;
    md[len] = 0;
    recto_context *ctx = recto_context_new();
    recto_context_set_handler(ctx, S_quiet, NULL);
    recto_input in = {"example.md", (const unsigned char *)md, len, "UTF-8"};
    recto_doc *doc = NULL;
    recto_status st = md_read(ctx, &in, NULL, &doc);
    recto_buf out = RECTO_BUF_INIT;
    if (st == RECTO_OK) {
      recto_doc_attach_notes(ctx, doc); /* as the host does */
      st = md_write(ctx, doc, NULL, &out);
    }
    if (st == RECTO_OK)
      printf("ok\n");
    else
      printf("error %d\n", (int)st);
    S_record(out.data ? out.data : "", out.len);
    char *h1 = S_html(md, len);
    char *h2 = S_html(out.data ? out.data : "", out.len);
    S_record(h1, strlen(h1));
    S_record(h2, strlen(h2));
    free(h1);
    free(h2);
    recto_buf_free(&out);
    if (doc)
      recto_doc_free(doc);
    recto_context_free(ctx);
    free(md);
    fflush(stdout);
  }
  return 0;
}
