/* sections.c: nest flat headings into SECTION nodes, the one pass the
   DocBook, TEI and EPUB writers share. */
#include <stdlib.h>

#include "internal.h"

/* Rebuild the children of one container: a heading of level n opens a
   section that runs until the next heading of level <= n.  The stack of
   open sections is at most six deep (heading levels). */
static void S_sectionize_container(recto_doc *doc, recto_node *container) {
  int has_heading = 0;
  for (recto_node *c = container->first; c; c = c->next)
    if (c->type == RECTO_NODE_HEADING)
      has_heading = 1;
  if (!has_heading)
    return;
  recto_node *stack[7];
  int depth = 0;
  /* Detach the children first: new sections are appended to the same
     container while the old children are walked. */
  recto_node *c = container->first;
  container->first = container->last = NULL;
  for (recto_node *d = c; d; d = d->next)
    d->parent = NULL;
  while (c) {
    recto_node *next = c->next;
    c->prev = c->next = NULL;
    if (c->type == RECTO_NODE_HEADING) {
      while (depth > 0 && stack[depth - 1]->k.level >= c->k.level)
        depth--;
      recto_node *sec = recto_node_new(doc, RECTO_NODE_SECTION);
      sec->k.level = c->k.level;
      recto_node_set_pos(sec, node_pos(c));
      recto_node_append(depth ? stack[depth - 1] : container, sec);
      recto_node_append(sec, c);
      stack[depth++] = sec;
    } else {
      recto_node_append(depth ? stack[depth - 1] : container, c);
    }
    c = next;
  }
}

void recto_doc_sectionize(recto_doc *doc) {
  ptrvec containers = {0};
  ptrvec_push(&containers, doc->root);
  /* DIVs are the other containers; without any only the root is */
  recto_iter *it = doc->kinds_made[RECTO_NODE_DIV] ? recto_iter_new(doc->root)
                                                   : NULL;
  recto_event ev;
  while (it && (ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev == RECTO_EVENT_ENTER && n->type == RECTO_NODE_DIV)
      ptrvec_push(&containers, n);
  }
  recto_iter_free(it);
  for (size_t k = 0; k < containers.len; k++)
    S_sectionize_container(doc, containers.items[k]);
  ptrvec_free(&containers);
}

/* The number of a heading, as pandoc's -N writes it: a SPAN of class
   "header-section-number" before the text ("1.2"), levels above the
   first heading counting 0. */
static void S_number_heading(recto_doc *doc, recto_node *h, const int *count) {
  recto_node *first = h->first;
  if (first && first->type == RECTO_NODE_SPAN &&
      recto_node_has_class(first, "header-section-number"))
    recto_node_unlink(first); /* numbered before: numbered again */
  recto_buf b = RECTO_BUF_INIT;
  for (int k = 0; k < h->k.level; k++)
    recto_buf_printf(&b, "%s%d", k ? "." : "", count[k]);
  recto_node *span = recto_node_new(doc, RECTO_NODE_SPAN);
  recto_node_add_class(span, "header-section-number");
  recto_node_append(span, recto_node_new_text(doc, b.data, b.len));
  recto_node *space = recto_node_new_text(doc, " ", 1);
  recto_node_prepend(h, space);
  recto_node_prepend(h, span);
  recto_buf_free(&b);
}

void recto_doc_number_sections(recto_doc *doc) {
  if (!doc->kinds_made[RECTO_NODE_HEADING])
    return;
  int count[6] = {0};
  recto_iter *it = recto_iter_new(doc->root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER || n == doc->root)
      continue;
    if (n->type != RECTO_NODE_HEADING) {
      /* headings that are sections' stand among blocks, not in notes,
         quotes or lists */
      if (n->type != RECTO_NODE_DIV && n->type != RECTO_NODE_SECTION)
        recto_iter_skip_children(it);
      continue;
    }
    recto_iter_skip_children(it);
    int level = n->k.level < 1 ? 1 : n->k.level > 6 ? 6 : n->k.level;
    if (recto_node_has_class(n, "unnumbered") || recto_node_has_class(n, "-"))
      continue;
    count[level - 1]++;
    for (int k = level; k < 6; k++)
      count[k] = 0;
    S_number_heading(doc, n, count);
  }
  recto_iter_free(it);
}
