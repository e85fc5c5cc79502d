/*
 * teiread.h: the TEI P5 reader (read.c: the text; readhead.c: the
 * teiHeader and bibliographic entries), on the shared XML skeleton.
 */
#ifndef RECTO_TEI_READ_H
#define RECTO_TEI_READ_H

#include "recto/recto.h"
#include "xmlread.h"

#define TEI_NS "http://www.tei-c.org/ns/1.0"

/** The reader's state during one walk. */
typedef struct tei_reader {
  int div_depth;          /* nesting of <div> with a head */
  size_t notes;           /* notes made, for markers of notes without @n */
  recto_node *last_pb;    /* the last page break, for a <fw> after it */
  xmlNode *last_pb_el;
  const char *pending_footer; /* a <fw type="footer"> before a <pb> */
  /* note xml:id -> marker, for <ref type="note"> */
  const char **note_ids, **note_markers;
  size_t nnote, capnote;
} tei_reader;

/** The teiHeader into doc's metadata (title, people, publication,
    source, languages, keywords, abstract). */
void tei_read_header(xr_walk *w, xmlNode *header);
/** A <biblStruct> or <bibl> as an entry. */
recto_bib_entry *tei_read_entry(xr_walk *w, xmlNode *el);

#endif
