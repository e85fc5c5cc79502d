/*
 * xmlframes.h: the stack of open elements of an XML writer's walk.
 *
 * Writers walk the tree with recto_iter and push one frame per non-leaf
 * node on ENTER, popping it on EXIT, so that the input's depth lives on
 * the heap and never on the C stack.  A frame remembers what its element
 * allows inside (flags are the writer's own, except XW_TRANSPARENT), how
 * to close it, and what was written inside so far.
 */
#ifndef RECTO_COMMON_XMLFRAMES_H
#define RECTO_COMMON_XMLFRAMES_H

#include <stddef.h>

#include "recto/recto.h"
#include "xmlscope.h"

/** The node has no element of its own: its children are written in the
    nearest frame that has one. */
#define XW_TRANSPARENT (1u << 31)

typedef struct xw_frame {
  const recto_node *node;
  const char *close;     /* written on EXIT, or NULL */
  xw_scope scope;
  unsigned flags;
  int depth;             /* indentation of block children */
  size_t blocks;         /* block elements written inside */
  size_t divisions;      /* divisions (sections) written inside */
  const char *cont;      /* closing tag of an open untitled division */
  int state;             /* kind-specific */
  const recto_node *aux; /* kind-specific node */
  size_t count;          /* kind-specific counter */
  int lines;             /* a child was put on a line of its own: the
                            closing tag gets one too */
  size_t container;      /* index of the nearest frame with an element */
} xw_frame;

typedef struct xw_frames {
  xw_frame *items;
  size_t len, cap;
} xw_frames;

xw_frame *xw_frames_push(xw_frames *fs, const recto_node *node,
                         unsigned flags, const char *close, int depth,
                         const xw_scope *scope);
void xw_frames_pop(xw_frames *fs);
xw_frame *xw_frames_top(xw_frames *fs);
/** The nearest frame that is not transparent (the bottom one if all). */
xw_frame *xw_frames_container(xw_frames *fs);
/** Push a transparent frame for n: the parent's flags except those in
    drop, the parent's depth. */
xw_frame *xw_frames_transparent(xw_frames *fs, const recto_node *n,
                                const xw_scope *scope, unsigned drop);
void xw_frames_free(xw_frames *fs);

#endif
