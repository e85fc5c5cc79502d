/* xmlrender.c: the walk of the DocBook and TEI writers (see xmlbody.h).
 *
 * One walk with recto_iter; each non-leaf node pushes one frame on ENTER
 * (here or in the format's callback) and the format's exit pops it, so the
 * depth of the input never reaches the C stack. */
#include "xmlbody.h"
#include "xmlwriter.h"

/* Text in a language or direction of its own gets an element for it. */
static void S_text(xw_writer *w, const recto_node *n, xw_scope *sc) {
  recto_buf *out = w->out;
  const char *s = recto_node_text(n);
  size_t len = recto_node_text_len(n);
  if (!s || !len)
    return;
  if (!xw_scope_differs(sc)) {
    recto_buf_put_xml(out, s, len);
    return;
  }
  const char *name =
      recto_node_lang(n) ? w->format->lang_phrase : w->format->dir_phrase;
  xw_start_tag(out, name);
  xw_lang_attrs(w, sc);
  recto_buf_putc(out, '>');
  recto_buf_put_xml(out, s, len);
  xw_end_tag(out, name);
}

static int S_is_raw_own(const xw_writer *w, const recto_node *n) {
  return xw_type_in(recto_node_info(n), w->format->raw_names);
}

static void S_leaf(xw_writer *w, recto_node *n) {
  recto_buf *out = w->out;
  xw_frame *p = xw_top(w);
  recto_node_type t = recto_node_type_of(n);
  if ((p->flags & XW_FLATTEN) && recto_node_is_block(t) &&
      t != RECTO_NODE_PAGE_BREAK) {
    const recto_bib_entry *e = recto_node_bib_entry(n);
    xw_flatten_leaf(out, w->ctx, w->format->name, n,
                    e ? xw_refs_id(&w->refs, e) : NULL, w->doc, w->style);
    return;
  }
  xw_scope sc;
  xw_scope_enter(&p->scope, n, &sc);
  switch (t) {
  case RECTO_NODE_TEXT:
    S_text(w, n, &sc);
    break;
  case RECTO_NODE_SOFT_BREAK:
    recto_buf_putc(out, '\n');
    break;
  case RECTO_NODE_CODE:
    xw_start(w, "code", n, &sc);
    recto_buf_putc(out, '>');
    recto_buf_put_xml(out, recto_node_text(n), recto_node_text_len(n));
    recto_buf_puts(out, "</code>");
    break;
  case RECTO_NODE_RAW_INLINE:
    if (S_is_raw_own(w, n))
      recto_buf_put(out, recto_node_text(n), recto_node_text_len(n));
    else
      xw_raw_skipped(w->ctx, w->format->name, n);
    break;
  case RECTO_NODE_RAW_BLOCK:
    if (S_is_raw_own(w, n)) {
      xw_block(w, 0, 0);
      recto_buf_put(out, recto_node_text(n), recto_node_text_len(n));
    } else {
      xw_raw_skipped(w->ctx, w->format->name, n);
    }
    break;
  case RECTO_NODE_BIB_ENTRY: {
    const recto_bib_entry *e = recto_node_bib_entry(n);
    if (!e)
      break;
    xw_block(w, 0, 0);
    w->format->entry(w, e, xw_refs_id(&w->refs, e), &p->scope);
    break;
  }
  default:
    if (w->format->kinds[t])
      w->format->kinds[t](w, n, &sc);
    break;
  }
}

static int S_is_orphan_note(const recto_node *n) {
  return recto_node_type_of(n) == RECTO_NODE_NOTE_DEF ||
         recto_node_has_class(n, "orphan-note");
}

/* A heading where its container's title may still come: the title, with
   the heading's id unless the section took it. */
static int S_title(xw_writer *w, const recto_node *n, xw_scope *sc) {
  xw_frame *c = xw_container(w);
  if (!(c->flags & XW_TITLE))
    return 0;
  c->flags &= ~XW_TITLE;
  xw_line(w, c, c->depth);
  const recto_node *idn = n;
  if (c->node && recto_node_type_of(c->node) == RECTO_NODE_SECTION &&
      !xw_refs_id(&w->refs, c->node))
    idn = NULL;
  xw_start(w, w->format->title, idn, sc);
  recto_buf_putc(w->out, '>');
  xw_push(w, n, XW_INLINE | XW_NOINDENT, w->format->title_close, c->depth, sc);
  return 1;
}

/* A list without items, a table without rows, a bibliography without
   entries: nothing for their element to hold (a caption's blocks stay,
   written where the table stood). */
static int S_holds_nothing(const recto_node *n) {
  switch (recto_node_type_of(n)) {
  case RECTO_NODE_LIST:
  case RECTO_NODE_DEF_LIST:
    return !recto_node_first_child(n);
  case RECTO_NODE_TABLE:
    return !xw_table_has_rows(n);
  case RECTO_NODE_BIBLIOGRAPHY:
    return !xw_has_child(n, RECTO_NODE_BIB_ENTRY);
  default:
    return 0;
  }
}

static const xw_phrase *S_phrase(const xw_format *fmt, recto_node_type t) {
  for (const xw_phrase *ph = fmt->phrases; ph->type != RECTO_NODE_NONE; ph++)
    if (ph->type == t)
      return ph;
  return NULL;
}

void xw_render_enter(xw_writer *w, recto_node *n) {
  const xw_format *fmt = w->format;
  xw_frame *p = xw_top(w);
  recto_node_type t = recto_node_type_of(n);
  xw_scope sc;
  xw_scope_enter(&p->scope, n, &sc);

  /* in a title or caption, blocks are written as their inlines */
  if ((p->flags & XW_FLATTEN) && recto_node_is_block(t)) {
    if (recto_node_prev(n) && t != RECTO_NODE_ROW && t != RECTO_NODE_ITEM)
      recto_buf_putc(w->out, ' ');
    xw_transparent(w, n, &sc);
    return;
  }
  const xw_phrase *ph;
  switch (t) {
  case RECTO_NODE_DIV:
  case RECTO_NODE_NOTE_DEF:
    if (S_is_orphan_note(n)) {
      fmt->orphan_note(w, n, &sc);
    } else {
      xw_transparent(w, n, &sc);
      xw_anchor_for(w, n);
    }
    return;
  case RECTO_NODE_SECTION:
    if (!(xw_container(w)->flags & XW_DIVISION)) {
      xw_transparent(w, n, &sc);
      xw_anchor_for(w, n);
      return;
    }
    break;
  case RECTO_NODE_HEADING:
    if (S_title(w, n, &sc))
      return;
    break;
  case RECTO_NODE_LIST:
  case RECTO_NODE_DEF_LIST:
  case RECTO_NODE_TABLE:
  case RECTO_NODE_BIBLIOGRAPHY:
    if (S_holds_nothing(n)) {
      xw_transparent(w, n, &sc);
      return;
    }
    break;
  default:
    if ((ph = S_phrase(fmt, t))) {
      int plain = t == RECTO_NODE_QUOTED &&
                  recto_node_quote_kind(n) != RECTO_QUOTE_SINGLE;
      xw_phrase_enter(w, n, &sc, ph->name, plain ? NULL : ph->value, ph->close);
      return;
    }
    break;
  }
  if (fmt->kinds[t])
    fmt->kinds[t](w, n, &sc);
  else /* a kind this writer does not know: its content is kept */
    xw_transparent(w, n, &sc);
}

static void S_enter_cb(void *user, recto_node *n) { xw_render_enter(user, n); }
static void S_leaf_cb(void *user, recto_node *n) { S_leaf(user, n); }
static void S_exit_cb(void *user, recto_node *n) {
  xw_writer *w = user;
  w->format->exit(w, n);
}

void xw_render(xw_writer *w, recto_node *node) {
  if (!w->walker.enter) {
    w->walker.enter = S_enter_cb;
    w->walker.leaf = S_leaf_cb;
    w->walker.exit = S_exit_cb;
    w->walker.user = w;
  }
  xw_walk(&w->walker, node);
}

size_t xw_render_children(xw_writer *w, const recto_node *container,
                          recto_node *first, const recto_node *stop,
                          unsigned flags, int depth, const xw_scope *scope) {
  xw_push(w, container, flags, NULL, depth, scope);
  for (recto_node *c = first ? first : recto_node_first_child(container);
       c && c != stop; c = recto_node_next(c))
    xw_render(w, c);
  xw_frame *f = xw_top(w);
  xw_close(w, f);
  size_t written = f->blocks + f->divisions;
  xw_pop(w);
  return written;
}

void xw_render_meta_inlines(xw_writer *w, const recto_meta *m,
                            const xw_scope *scope) {
  if (recto_meta_kind_of(m) == RECTO_META_INLINES && recto_meta_nodes(m))
    xw_render_children(w, recto_meta_nodes(m), NULL, NULL,
                       XW_INLINE | XW_NOINDENT, 0, scope);
  else
    xw_text(w->out, recto_meta_string(m));
}
