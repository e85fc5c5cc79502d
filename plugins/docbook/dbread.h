/*
 * dbread.h: the DocBook reader (4.x without a namespace, with its
 * DOCTYPE's internal entities, and 5.x): dbread.c walks the content,
 * dbinfo.c reads info/articleinfo and bibliography entries.
 */
#ifndef RECTO_DOCBOOK_READ_H
#define RECTO_DOCBOOK_READ_H

#include "recto/recto.h"
#include "xmlread.h"

#define DB_NS "http://docbook.org/ns/docbook"
#define DB_XLINK "http://www.w3.org/1999/xlink"

/** Something found while walking that is finished once the whole
    document has been seen (footnoteref and xref may point forward). */
typedef struct db_pending {
  recto_node *node;
  const char *target; /* linkend */
  const char *endterm;
} db_pending;

typedef struct db_reader {
  xmlNode *root;
  int depth;            /* divisions with a title, open */
  size_t notes;         /* footnotes made, for those without a label */
  int after_pb_pi;      /* a <?recto-pagebreak?> was just read */
  db_pending *refs;     /* footnoteref (node is a NOTE_REF) and xref */
  size_t nrefs, caprefs;
  xmlNode *tgroup_cols; /* the CALS tgroup being read */
  struct db_kept_note *kept_notes; /* footnotes a reference points to */
  size_t nkept_notes;
} db_reader;

/** A footnote kept for the references to it, with its number in
    document order (the walk frees the others). */
typedef struct db_kept_note {
  const xmlNode *note;
  size_t number;
} db_kept_note;

/** The metadata of the root's info (or articleinfo, bookinfo...). */
void db_read_info(xr_walk *w, xmlNode *info);
/** A biblioentry or bibliomixed as an entry. */
recto_bib_entry *db_read_entry(xr_walk *w, xmlNode *el);
/** Whether el is one of DocBook's info elements (info, articleinfo...). */
int db_is_info(const xmlNode *el);
/** el's namespace is DocBook 5's or none (DocBook 4). */
int db_is(const xmlNode *el, const char *name);
/** The first child element named name, in either DocBook. */
xmlNode *db_child(const xmlNode *el, const char *name);

#endif
