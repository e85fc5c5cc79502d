/* append_linear.c: building a deep tree from the top down, as every
   reader does (a block quote inside a block quote...), must cost time
   linear in the depth.  Two sizes are timed; four times the depth may
   take about four times as long, not sixteen. */
#include <stdio.h>
#include <time.h>

#include "harness.h"
#include "recto/recto.h"

static double S_build(size_t depth) {
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  recto_doc *doc = recto_doc_new();
  recto_node *p = recto_doc_root(doc);
  for (size_t i = 0; i < depth; i++) {
    recto_node *q = recto_node_new(doc, RECTO_NODE_BLOCK_QUOTE);
    recto_node_append(p, q);
    p = q;
  }
  recto_doc_free(doc);
  clock_gettime(CLOCK_MONOTONIC, &b);
  return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

int main(void) {
  test_batch t = {0, 0, 0};
  double small = S_build(10000), big = S_build(40000);
  /* Tiny times are noise: only a slow big build can fail the ratio. */
  double ratio = big / (small > 1e-4 ? small : 1e-4);
  printf("depth 10000: %.4fs, depth 40000: %.4fs, ratio %.1f\n", small, big,
         ratio);
  OK(&t, big < 0.05 || ratio < 8.0,
     "appending under a deep chain is linear (ratio %.1f, %.3fs)", ratio,
     big);
  return test_report(&t, "api-append-linear");
}
