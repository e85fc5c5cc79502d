/* iter.c: the ENTER/EXIT walk (the algorithm of cmark's iterator):
   constant memory, no recursion, so any depth is safe. */
#include <stdlib.h>

#include "internal.h"

typedef struct {
  recto_event ev;
  recto_node *node;
} iter_state;

struct recto_iter {
  recto_node *root;
  iter_state cur;
  iter_state next;
};

recto_iter *recto_iter_new(recto_node *root) {
  if (!root)
    return NULL;
  recto_iter *it = recto_xmalloc(sizeof *it);
  it->root = root;
  it->cur.ev = RECTO_EVENT_NONE;
  it->cur.node = NULL;
  it->next.ev = RECTO_EVENT_ENTER;
  it->next.node = root;
  return it;
}

void recto_iter_free(recto_iter *it) { free(it); }

recto_event recto_iter_next(recto_iter *it) {
  recto_event ev = it->next.ev;
  recto_node *node = it->next.node;
  it->cur = it->next;
  if (ev == RECTO_EVENT_DONE)
    return ev;
  if (ev == RECTO_EVENT_ENTER && !node_is_leaf(node->type)) {
    if (node->first) {
      it->next.ev = RECTO_EVENT_ENTER;
      it->next.node = node->first;
    } else {
      it->next.ev = RECTO_EVENT_EXIT;
      it->next.node = node;
    }
  } else if (node == it->root) {
    it->next.ev = RECTO_EVENT_DONE;
    it->next.node = NULL;
  } else if (node->next) {
    it->next.ev = RECTO_EVENT_ENTER;
    it->next.node = node->next;
  } else if (node->parent) {
    it->next.ev = RECTO_EVENT_EXIT;
    it->next.node = node->parent;
  } else {
    it->next.ev = RECTO_EVENT_DONE;
    it->next.node = NULL;
  }
  return ev;
}

recto_node *recto_iter_node(const recto_iter *it) { return it->cur.node; }
recto_event recto_iter_event(const recto_iter *it) { return it->cur.ev; }

void recto_iter_reset(recto_iter *it, recto_node *current, recto_event ev) {
  it->next.ev = ev;
  it->next.node = current;
  recto_iter_next(it);
}

void recto_iter_skip_children(recto_iter *it) {
  if (it->cur.ev == RECTO_EVENT_ENTER && it->cur.node &&
      !node_is_leaf(it->cur.node->type)) {
    it->next.ev = RECTO_EVENT_EXIT;
    it->next.node = it->cur.node;
  }
}
