/*
 * tei.h: private interfaces of the TEI P5 writer.
 *
 * tei.c writes the TEI element, the teiHeader (from the metadata, the
 * document's source, its recovery steps and its languages) and splits
 * the text into front, body and back; body.c writes the text through
 * the walk shared with DocBook (xmlbody.h); biblio.c writes bibliography
 * entries as biblStruct or bibl.  Everything is hidden in the plugin.
 */
#ifndef RECTO_TEI_H
#define RECTO_TEI_H

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

#define TEI_NS "http://www.tei-c.org/ns/1.0"

/* The TEI flags of a frame, beside the shared ones (xmlbody.h). */
enum {
  TEI_HEADROWS = XW_FORMAT_FLAG << 0, /* table head rows */
  TEI_FOOTROWS = XW_FORMAT_FLAG << 1, /* table foot rows */
  TEI_BACK = XW_FORMAT_FLAG << 2      /* the back: its sections are
                                         appendices */
};

typedef xw_frame tei_frame;
typedef xw_writer tei_writer;

/** Calendars met in dates, for the header's calendarDesc (the writer's
    own state). */
enum { TEI_CAL_SOLAR_HIJRI = 1, TEI_CAL_HIJRI = 2 };
typedef struct tei_calendars {
  unsigned used;      /* TEI_CAL_* used by a date */
  const char *ids[3]; /* ids of the calendars, by recto_calendar */
} tei_calendars;

/* body.c */
/** TEI's elements and rules for the shared skeleton: no direction
    attribute (CSS instead, which the header then declares). */
extern const xw_format tei_format;

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
