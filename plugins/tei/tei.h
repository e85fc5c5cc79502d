/*
 * tei.h: private interfaces of the TEI P5 writer.
 *
 * tei.c writes the TEI element, the teiHeader (from the metadata, the
 * document's source, its recovery steps and its languages) and splits
 * the text into front, body and back; body.c walks the tree (recto_iter,
 * an explicit frame stack, no recursion); biblio.c writes bibliography
 * entries as biblStruct or bibl.  Everything is hidden in the plugin.
 */
#ifndef RECTO_TEI_H
#define RECTO_TEI_H

#include <stddef.h>

#include "dates.h"
#include "metainfo.h"
#include "recto/recto.h"
#include "xmlframes.h"
#include "xmlmodel.h"
#include "xmlrefs.h"
#include "xmlscope.h"
#include "xmlwriter.h"

#define TEI_NS "http://www.tei-c.org/ns/1.0"

/* What a frame's element allows inside (see body.c). */
enum {
  TEI_BLOCK = 1u << 0,      /* children are blocks */
  TEI_INLINE = 1u << 1,     /* phrase content */
  TEI_DIVISION = 1u << 2,   /* divs may come among the children */
  TEI_FLATTEN = 1u << 3,    /* blocks written as their phrase content */
  TEI_NEED_BLOCK = 1u << 4, /* at least one block: <p/> when none */
  TEI_NOINDENT = 1u << 5,   /* mixed content: never indent */
  TEI_TITLE = 1u << 6,      /* a <head> may still come first */
  TEI_BIBLIO = 1u << 7,     /* a listBibl: entries only */
  TEI_HEADROWS = 1u << 8,   /* table head rows */
  TEI_FOOTROWS = 1u << 9,   /* table foot rows */
  TEI_BACK = 1u << 10       /* the back: its sections are appendices */
};

typedef xw_frame tei_frame;

/** Calendars met in dates, for the header's calendarDesc. */
enum { TEI_CAL_SOLAR_HIJRI = 1, TEI_CAL_HIJRI = 2 };

typedef struct tei_writer {
  recto_context *ctx;
  recto_doc *doc;
  const recto_options *opts;
  recto_buf *out;
  recto_style style;
  int cite_style_text;   /* option citation-text=style */
  unsigned calendars;    /* TEI_CAL_* used by a date */
  const char *cal_ids[3]; /* ids of the calendars, by recto_calendar */
  int used_style;        /* a style="direction: …" was written */
  xw_refs refs;
  xw_walker walker;
  xw_frames frames;
} tei_writer;

/* body.c */
/** Write node and its subtree in the frame on top of the stack. */
void tei_walk(tei_writer *w, recto_node *node);
/** Write the children of container from first (NULL: all) up to, not
    including, stop, inside a frame of the given flags. */
void tei_walk_range(tei_writer *w, const recto_node *container,
                    recto_node *first, const recto_node *stop,
                    unsigned flags, int depth, const xw_scope *scope);
/** Language and direction attributes for an element (the direction as
    CSS, which the header then declares). */
void tei_scope_attrs(tei_writer *w, xw_scope *scope);

/* biblio.c */
/** Write one bibliography entry (biblStruct or bibl). */
void tei_entry(tei_writer *w, const recto_bib_entry *e, const char *id,
               const xw_scope *scope);
/** Write a name: persName with forename/surname, or orgName. */
void tei_name(recto_buf *out, const recto_name *name);
/** A <date> element with @when (Gregorian, converted when needed) and
    @calendar; nothing when the date is empty. */
void tei_date(tei_writer *w, const recto_date *d, const char *type);

#endif
