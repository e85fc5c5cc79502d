/* xmlscope.c: see xmlscope.h. */
#include <strings.h>

#include "xmlscope.h"
#include "xmlwriter.h"

static int S_same_lang(const char *a, const char *b) {
  if (!a || !b)
    return a == b;
  return strcasecmp(a, b) == 0;
}

void xw_scope_root(const recto_doc *doc, xw_scope *s) {
  s->lang = recto_doc_lang(doc);
  s->dir = recto_doc_dir(doc);
  if (s->dir == RECTO_DIR_AUTO)
    s->dir = RECTO_DIR_UNSET;
  if (s->dir == RECTO_DIR_UNSET && s->lang && recto_lang_is_rtl(s->lang))
    s->dir = RECTO_DIR_RTL;
  s->out_lang = NULL;
  s->out_dir = RECTO_DIR_UNSET;
}

void xw_scope_enter_lang(const xw_scope *parent, const char *lang,
                         recto_dir dir, int block, xw_scope *s) {
  *s = *parent;
  if (lang && *lang)
    s->lang = lang;
  if (dir == RECTO_DIR_LTR || dir == RECTO_DIR_RTL)
    s->dir = dir;
  else if (block && lang && *lang && !S_same_lang(lang, parent->lang))
    s->dir = recto_lang_is_rtl(lang) ? RECTO_DIR_RTL : RECTO_DIR_LTR;
}

void xw_scope_enter(const xw_scope *parent, const recto_node *n,
                    xw_scope *s) {
  xw_scope_enter_lang(parent, recto_node_lang(n), recto_node_dir(n),
                      recto_node_is_block(recto_node_type_of(n)), s);
}

/* Unset means left to right, the default of every XML format. */
static recto_dir S_dir(recto_dir d) {
  return d == RECTO_DIR_RTL ? RECTO_DIR_RTL : RECTO_DIR_LTR;
}

int xw_scope_dir_differs(const xw_scope *s) {
  return s->dir != RECTO_DIR_UNSET && S_dir(s->dir) != S_dir(s->out_dir);
}

int xw_scope_differs(const xw_scope *s) {
  return !S_same_lang(s->lang, s->out_lang) || xw_scope_dir_differs(s);
}

void xw_scope_attrs(recto_buf *out, xw_scope *s, xw_dir_mode mode) {
  if (s->lang && !S_same_lang(s->lang, s->out_lang))
    xw_attr(out, "xml:lang", s->lang);
  s->out_lang = s->lang;
  if (mode == XW_DIR_NONE)
    return;
  if (xw_scope_dir_differs(s)) {
    if (mode == XW_DIR_ATTR)
      xw_attr(out, "dir", xw_dir_name(s->dir));
    else
      recto_buf_printf(out, " style=\"direction: %s\"", xw_dir_name(s->dir));
  }
  s->out_dir = s->dir;
}
