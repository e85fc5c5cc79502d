/*
 * docbook.h: private interfaces of the DocBook 5 writer.
 *
 * docbook.c writes the root element and its <info> from the metadata;
 * body.c walks the tree (recto_iter, an explicit frame stack, no
 * recursion) and writes blocks and inlines; biblio.c writes bibliography
 * entries.  Everything is hidden inside the plugin.
 */
#ifndef RECTO_DOCBOOK_H
#define RECTO_DOCBOOK_H

#define DBK_TRANSPARENT XW_TRANSPARENT

#include <stddef.h>

#include "dates.h"
#include "metainfo.h"
#include "recto/recto.h"
#include "xmlframes.h"
#include "xmlmodel.h"
#include "xmlrefs.h"
#include "xmlscope.h"
#include "xmlwriter.h"

/* What a frame's element allows inside (see body.c). */
enum {
  DBK_BLOCK = 1u << 0,     /* children are blocks */
  DBK_INLINE = 1u << 1,    /* mixed content: no whitespace may be added */
  DBK_DIVISION = 1u << 2,  /* sections may come among the children */
  DBK_FLATTEN = 1u << 3,   /* blocks written as their inline content */
  DBK_NEED_BLOCK = 1u << 4, /* at least one block: <para/> when none */
  DBK_BOOK = 1u << 6,      /* the book: chapters, no loose blocks */
  DBK_BIBLIO = 1u << 7,    /* bibliography: entries only */
  DBK_NOINDENT = 1u << 8,  /* inside mixed content: never indent */
  DBK_HEAD = 1u << 9,      /* table head rows: th cells */
  DBK_TITLE = 1u << 10     /* a title is still due (section, bibliography) */
};

typedef xw_frame dbk_frame;

typedef struct dbk_writer {
  recto_context *ctx;
  recto_doc *doc;
  const recto_options *opts;
  recto_buf *out;
  recto_style style;
  int book;               /* root is <book>, level-1 sections chapters */
  int cite_style_text;    /* option citation-text=style */
  xw_refs refs;
  xw_walker walker;       /* the walk in progress (tables reorder) */
  xw_frames frames;
} dbk_writer;

/* body.c */
/** Write node and its subtree in the frame on top of the stack. */
void dbk_walk(dbk_writer *w, recto_node *node);
/** Write the children of container (a SPAN of inlines or a DIV of
    blocks) as content of the element just opened; returns how many
    blocks and divisions were written. */
size_t dbk_walk_children(dbk_writer *w, const recto_node *container,
                       unsigned flags, int depth, const xw_scope *scope);

/* biblio.c */
/** Write one bibliography entry (biblioentry or bibliomixed). */
void dbk_entry(dbk_writer *w, const recto_bib_entry *e, const char *id,
               const xw_scope *scope, int depth);
/** Write a name as personname (or orgname for a literal name). */
void dbk_name(recto_buf *out, const recto_name *name);
/** Write a date's text (ISO in its own calendar, or the literal). */
void dbk_date_text(recto_buf *out, const recto_date *d);

#endif
