/* xmlbody.c: see xmlbody.h. */
#include <string.h>

#include "xmlbody.h"
#include "xmlwriter.h"

void xw_writer_init(xw_writer *w, const xw_format *format, recto_context *ctx,
                    recto_doc *doc, const recto_options *opts, recto_buf *out) {
  memset(w, 0, sizeof *w);
  w->format = format;
  w->ctx = ctx;
  w->doc = doc;
  w->opts = opts;
  w->out = out;
  w->style = recto_style_from_options(opts);
  const char *ct = recto_options_get(opts, XW_OPT_CITATION_TEXT);
  w->cite_style_text = ct && strcmp(ct, "style") == 0;
  xw_refs_build(&w->refs, doc, "fn", "page-");
}

void xw_writer_free(xw_writer *w) {
  xw_refs_free(&w->refs);
  xw_frames_free(&w->frames);
}

xw_frame *xw_push(xw_writer *w, const recto_node *node, unsigned flags,
                  const char *close, int depth, const xw_scope *scope) {
  return xw_frames_push(&w->frames, node, flags, close, depth, scope);
}

void xw_pop(xw_writer *w) { xw_frames_pop(&w->frames); }

xw_frame *xw_top(xw_writer *w) { return xw_frames_top(&w->frames); }

xw_frame *xw_container(xw_writer *w) { return xw_frames_container(&w->frames); }

xw_frame *xw_transparent(xw_writer *w, const recto_node *n,
                         const xw_scope *scope) {
  return xw_frames_transparent(&w->frames, n, scope, XW_NEED_BLOCK | XW_TITLE);
}

int xw_indents(const xw_frame *f) {
  return !(f->flags & (XW_INLINE | XW_NOINDENT));
}

void xw_line(xw_writer *w, xw_frame *f, int depth) {
  if (xw_indents(f)) {
    xw_indent(w->out, depth);
    f->lines = 1;
  }
}

void xw_lang_attrs(xw_writer *w, xw_scope *scope) {
  recto_buf *out = w->out;
  size_t before = out->len;
  xw_scope_attrs(out, scope, w->format->dir);
  if (w->format->dir == XW_DIR_STYLE && out->len > before &&
      strstr(out->data + before, " style=\""))
    w->used_style = 1;
}

void xw_start(xw_writer *w, const char *name, const recto_node *n,
              xw_scope *scope) {
  xw_start_tag(w->out, name);
  if (n)
    xw_attr(w->out, "xml:id", xw_refs_id(&w->refs, n));
  xw_lang_attrs(w, scope);
}

int xw_block(xw_writer *w, int division, int global) {
  recto_buf *out = w->out;
  const xw_format *fmt = w->format;
  xw_frame *c = xw_container(w);
  if (c->flags & XW_TITLE) {
    c->flags &= ~XW_TITLE;
    if (fmt->title_due) {
      xw_line(w, c, c->depth);
      recto_buf_puts(out, fmt->title_due);
    }
  }
  if (division) {
    if (c->cont) {
      xw_line(w, c, c->depth);
      recto_buf_puts(out, c->cont);
      c->cont = NULL;
    }
    c->divisions++;
  } else if (!global) {
    const char *open, *close;
    if ((c->flags & XW_DIVISION) && !c->cont &&
        (open = fmt->untitled(c, &close))) {
      xw_line(w, c, c->depth);
      recto_buf_puts(out, open);
      c->cont = close;
    }
    c->blocks++;
  }
  int depth = c->depth + (c->cont ? 1 : 0);
  xw_line(w, c, depth);
  return depth;
}

void xw_anchor_for(xw_writer *w, const recto_node *n) {
  const char *id = xw_refs_id(&w->refs, n);
  if (!id)
    return;
  if (!(xw_top(w)->flags & (XW_INLINE | XW_FLATTEN))) {
    const xw_format *fmt = w->format;
    if (fmt->bars_anchor && fmt->bars_anchor(xw_container(w)))
      return;
    xw_block(w, 0, !fmt->bars_anchor);
  }
  recto_buf_puts(w->out, "<anchor");
  xw_attr(w->out, "xml:id", id);
  recto_buf_puts(w->out, "/>");
}

void xw_close_content(xw_writer *w, xw_frame *f) {
  recto_buf *out = w->out;
  const xw_format *fmt = w->format;
  int indents = xw_indents(f) && (f->flags & XW_BLOCK);
  if ((f->flags & XW_TITLE) && fmt->title_due) {
    if (indents)
      xw_line(w, f, f->depth);
    recto_buf_puts(out, fmt->title_due);
  }
  if (f->cont) {
    if (indents)
      xw_line(w, f, f->depth);
    recto_buf_puts(out, f->cont);
  }
  if ((f->flags & XW_NEED_BLOCK) && !f->blocks && !f->divisions) {
    if (indents)
      xw_line(w, f, f->depth);
    recto_buf_puts(out, fmt->empty_block);
    f->blocks++;
  }
}

void xw_close_tag(xw_writer *w, xw_frame *f) {
  if (!f->close)
    return;
  if (xw_indents(f) && (f->flags & XW_BLOCK) && f->lines)
    xw_indent(w->out, f->depth - 1);
  recto_buf_puts(w->out, f->close);
}

void xw_close(xw_writer *w, xw_frame *f) {
  xw_close_content(w, f);
  xw_close_tag(w, f);
}

void xw_container_block(xw_writer *w, const recto_node *n, xw_scope *sc,
                        const char *name, const char *close, unsigned flags) {
  int depth = xw_block(w, 0, 0);
  xw_start(w, name, n, sc);
  recto_buf_putc(w->out, '>');
  xw_push(w, n, flags | (xw_top(w)->flags & XW_NOINDENT), close, depth + 1, sc);
}

xw_frame *xw_inline_block(xw_writer *w, const recto_node *n, xw_scope *sc,
                          const char *name, const char *close) {
  int depth = xw_block(w, 0, 0);
  xw_start(w, name, n, sc);
  recto_buf_putc(w->out, '>');
  return xw_push(w, n, XW_INLINE | XW_NOINDENT, close, depth, sc);
}

void xw_phrase_enter(xw_writer *w, const recto_node *n, xw_scope *sc,
                     const char *name, const char *value, const char *close) {
  xw_start(w, name, n, sc);
  xw_attr(w->out, w->format->phrase_attr, value);
  recto_buf_putc(w->out, '>');
  xw_push(w, n, XW_INLINE | XW_NOINDENT, close, xw_top(w)->depth, sc);
}

const char *xw_section_id(xw_writer *w, const recto_node *section) {
  const recto_node *h = recto_node_first_child(section);
  const char *id = xw_refs_id(&w->refs, section);
  if (!id && h && recto_node_type_of(h) == RECTO_NODE_HEADING)
    id = xw_refs_id(&w->refs, h);
  return id;
}

void xw_cite_text(xw_writer *w, const recto_node *cite, const xw_mark *marks) {
  if (xw_cite_styled(w->doc, w->style, w->cite_style_text, cite, w->out, marks))
    recto_iter_skip_children(w->walker.iter);
}
