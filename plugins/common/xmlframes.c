/* xmlframes.c: see xmlframes.h. */
#include <stdlib.h>
#include <string.h>

#include "xmlframes.h"

xw_frame *xw_frames_push(xw_frames *fs, const recto_node *node,
                         unsigned flags, const char *close, int depth,
                         const xw_scope *scope) {
  if (fs->len == fs->cap) {
    fs->cap = fs->cap ? 2 * fs->cap : 32;
    fs->items = realloc(fs->items, fs->cap * sizeof *fs->items);
    if (!fs->items)
      recto_out_of_memory();
  }
  xw_frame *f = &fs->items[fs->len++];
  memset(f, 0, sizeof *f);
  f->node = node;
  f->flags = flags;
  f->close = close;
  f->depth = depth;
  f->scope = *scope;
  /* Known at push time, so that finding it never walks the stack. */
  size_t self = fs->len - 1;
  f->container =
      (flags & XW_TRANSPARENT) && self ? fs->items[self - 1].container : self;
  return f;
}

void xw_frames_pop(xw_frames *fs) {
  if (fs->len)
    fs->len--;
}

xw_frame *xw_frames_top(xw_frames *fs) { return &fs->items[fs->len - 1]; }

xw_frame *xw_frames_container(xw_frames *fs) {
  return &fs->items[fs->items[fs->len - 1].container];
}

xw_frame *xw_frames_transparent(xw_frames *fs, const recto_node *n,
                                const xw_scope *scope, unsigned drop) {
  xw_frame *p = xw_frames_top(fs);
  unsigned flags = (p->flags & ~drop) | XW_TRANSPARENT;
  return xw_frames_push(fs, n, flags, NULL, p->depth, scope);
}

void xw_frames_free(xw_frames *fs) {
  free(fs->items);
  memset(fs, 0, sizeof *fs);
}
