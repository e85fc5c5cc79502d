/* fragment.c: raw HTML fragments through the shared mapping, as the
   Markdown reader hands them over.  Each case converts a fragment into a
   fresh document and compares the kinds of nodes made, in document
   order, with what is expected.  Exit status 0, or 1 with the cases that
   differ on standard error. */
#include <stdio.h>
#include <string.h>

#include "htmlread.h"
#include "recto/recto.h"

static void S_kinds(recto_node *top, recto_buf *out) {
  recto_iter *it = recto_iter_new(top);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER && !recto_node_is_leaf(recto_node_type_of(n)))
      continue;
    if (n == top)
      continue;
    recto_buf_printf(out, "%s%s", out->len ? " " : "",
                     recto_node_type_name(recto_node_type_of(n)));
  }
  recto_iter_free(it);
}

int main(void) {
  static const struct {
    const char *html;
    int inline_content;
    const char *kinds;
  } cases[] = {
      {"<table><tr><td colspan=\"2\">a</td></tr></table>", 0,
       "table table_body row cell plain text"},
      {"<p>x<sup>2</sup> <script>bad()</script></p>", 0,
       "paragraph text superscript text"},
      {"<em lang=\"fr\">mot</em> <a href=\"javascript:x()\">t</a>", 1,
       "emph text text text"},
      {"<p>a<a href=\"#n\" role=\"doc-noteref\">1</a></p>"
       "<aside id=\"n\" role=\"doc-footnote\"><p>note</p></aside>",
       0, "paragraph text note paragraph text"},
      {"<span epub:type=\"pagebreak\" title=\"7\">7</span>", 1,
       "page_break"},
  };
  int bad = 0;
  recto_context *ctx = recto_context_new();
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    recto_doc *doc = recto_doc_new();
    recto_node *parent = recto_doc_root(doc);
    if (cases[k].inline_content) {
      recto_node *p = recto_node_new(doc, RECTO_NODE_PARAGRAPH);
      recto_node_append(parent, p);
      parent = p;
    }
    recto_buf got = RECTO_BUF_INIT;
    if (hr_fragment(ctx, doc, cases[k].html, strlen(cases[k].html), parent,
                    cases[k].inline_content) != 0)
      recto_buf_puts(&got, "(failed)");
    else
      S_kinds(parent, &got);
    if (strcmp(got.data ? got.data : "", cases[k].kinds) != 0) {
      fprintf(stderr, "%s\n  got:      %s\n  expected: %s\n", cases[k].html,
              got.data ? got.data : "", cases[k].kinds);
      bad = 1;
    }
    recto_buf_free(&got);
    recto_doc_free(doc);
  }
  recto_context_free(ctx);
  return bad;
}
