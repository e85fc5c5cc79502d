/*
 * recto/iter.h: an ENTER/EXIT walk over a subtree, without recursion, so
 * input-controlled depth can never overflow the stack.
 *
 * Leaf kinds (recto_node_is_leaf) are reported once, with ENTER; all
 * others with ENTER before their children and EXIT after.
 * Contract (as in cmark): the tree may be changed only at the node just
 * returned, and only after its EXIT event (or ENTER of a leaf); use
 * recto_iter_reset to move elsewhere.
 */
#ifndef RECTO_ITER_H
#define RECTO_ITER_H

#include "recto/node.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum recto_event {
  RECTO_EVENT_NONE = 0,
  RECTO_EVENT_DONE,
  RECTO_EVENT_ENTER,
  RECTO_EVENT_EXIT
} recto_event;

typedef struct recto_iter recto_iter;

/** A new iterator over root's subtree (malloc'd; free with recto_iter_free). */
RECTO_API recto_iter *recto_iter_new(recto_node *root);
RECTO_API void recto_iter_free(recto_iter *iter);
RECTO_API recto_event recto_iter_next(recto_iter *iter);
RECTO_API recto_node *recto_iter_node(const recto_iter *iter);
RECTO_API recto_event recto_iter_event(const recto_iter *iter);
RECTO_API void recto_iter_reset(recto_iter *iter, recto_node *current,
                                recto_event event);
/** Skip the children of the node just entered: the next event is its EXIT. */
RECTO_API void recto_iter_skip_children(recto_iter *iter);

#ifdef __cplusplus
}
#endif
#endif
