/*
 * xmlscope.h: which language and direction are in effect, in the model
 * and in the output written so far, so that xml:lang and dir are written
 * exactly on the elements where they change (and never repeated).
 *
 * A writer keeps one scope per open node.  When a node is entered its
 * scope is derived from the parent's; when the node becomes an element,
 * xw_scope_attrs writes what differs and the output catches up.  A node
 * written without an element of its own (a transparent container) leaves
 * the output behind, so its children carry the attributes instead.
 */
#ifndef RECTO_COMMON_XMLSCOPE_H
#define RECTO_COMMON_XMLSCOPE_H

#include "recto/recto.h"

typedef struct xw_scope {
  const char *lang;     /* in the model */
  recto_dir dir;        /* in the model: LTR, RTL or UNSET */
  const char *out_lang; /* in the output at this point */
  recto_dir out_dir;
} xw_scope;

/** The scope of the document root: the document's language and
    direction (an RTL language implies RTL); the output starts empty. */
void xw_scope_root(const recto_doc *doc, xw_scope *s);
/** The scope inside n, given its parent's.  A block that sets a
    language without a direction gets that language's direction; inline
    runs inherit the direction (the bidi algorithm places them). */
void xw_scope_enter(const xw_scope *parent, const recto_node *n,
                    xw_scope *s);
/** The same for a language given directly (a bibliography entry). */
void xw_scope_enter_lang(const xw_scope *parent, const char *lang,
                         recto_dir dir, int block, xw_scope *s);
/** Whether the output differs from the model (an element written here
    would need attributes). */
int xw_scope_differs(const xw_scope *s);
/** Whether the direction differs from the output's (unset counts as
    left to right). */
int xw_scope_dir_differs(const xw_scope *s);
/** How the direction is written: a dir="ltr|rtl" attribute (DocBook,
    XHTML), a CSS style="direction: …" (TEI has no dir attribute), or
    not at all. */
typedef enum xw_dir_mode {
  XW_DIR_NONE = 0,
  XW_DIR_ATTR,
  XW_DIR_STYLE
} xw_dir_mode;

/** Write ' xml:lang="…"' and the direction where they differ, and bring
    the output up to date. */
void xw_scope_attrs(recto_buf *out, xw_scope *s, xw_dir_mode mode);

#endif
