/*
 * docbook.h: private interfaces of the DocBook 5 writer.
 *
 * docbook.c writes the root element and its <info> from the metadata;
 * body.c writes blocks and inlines through the walk shared with TEI
 * (xmlbody.h); biblio.c writes bibliography
 * entries.  Everything is hidden inside the plugin.
 */
#ifndef RECTO_DOCBOOK_H
#define RECTO_DOCBOOK_H

#include <stddef.h>

#include "dates.h"
#include "metainfo.h"
#include "recto/recto.h"
#include "xmlbody.h"
#include "xmlframes.h"
#include "xmlmodel.h"
#include "xmlrefs.h"
#include "xmlscope.h"
#include "xmlwriter.h"

/* The DocBook flags of a frame, beside the shared ones (xmlbody.h). */
enum {
  DBK_BOOK = XW_FORMAT_FLAG << 0, /* the book: chapters, no loose blocks */
  DBK_HEAD = XW_FORMAT_FLAG << 1  /* table head rows: th cells */
};

typedef xw_frame dbk_frame;
typedef xw_writer dbk_writer;

/* body.c */
/** DocBook's elements and rules for the shared skeleton. */
extern const xw_format dbk_format;

/* biblio.c */
/** Write one bibliography entry (biblioentry or bibliomixed). */
void dbk_entry(dbk_writer *w, const recto_bib_entry *e, const char *id,
               const xw_scope *scope);
/** Write a name as personname (or orgname for a literal name). */
void dbk_name(recto_buf *out, const recto_name *name);

#endif
