/* append_deep.c: building a deep tree from the top down, as every reader
   does (a block quote inside a block quote...), must not walk the chain
   at each append.  No time is measured: a depth of 200,000 finishes at
   once when appending is linear and runs into the suite's timeout when it
   is quadratic. */
#include <stdio.h>

#include "harness.h"
#include "recto/recto.h"

int main(void) {
  test_batch t = {0, 0, 0};
  const size_t depth = 200000;
  recto_doc *doc = recto_doc_new();
  recto_node *p = recto_doc_root(doc);
  for (size_t i = 0; i < depth; i++) {
    recto_node *q = recto_node_new(doc, RECTO_NODE_BLOCK_QUOTE);
    recto_node_append(p, q);
    p = q;
  }
  size_t up = 0;
  for (recto_node *n = p; recto_node_parent(n); n = recto_node_parent(n))
    up++;
  OK(&t, up == depth, "a chain of %zu block quotes (%zu found)", depth, up);
  recto_doc_free(doc);
  return test_report(&t, "api-append-deep");
}
