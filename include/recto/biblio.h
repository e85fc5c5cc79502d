/*
 * recto/biblio.h: citations and bibliography entries.
 *
 * Entries are close to CSL JSON so that they map onto BibTeX, DocBook
 * biblioentry, TEI biblStruct and CSL JSON without loss.  The structs are
 * public so that readers and writers can fill and read them directly;
 * they are always allocated by the library (recto_bib_entry_new), so new
 * fields can be appended in later minor versions of the ABI.
 */
#ifndef RECTO_BIBLIO_H
#define RECTO_BIBLIO_H

#include <stddef.h>

#include "recto/node.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A person or an organisation.  Either literal, or family/given/... */
typedef struct recto_name {
  const char *family;
  const char *given;
  const char *dropping_particle;     /* "de" in "Gaulle, Charles de" */
  const char *non_dropping_particle; /* "van" in "van Gogh" */
  const char *suffix;                /* "Jr." */
  const char *literal;               /* organisations, unparsed names */
  const char *affiliation;
  struct recto_name *next;
} recto_name;

typedef enum recto_calendar {
  RECTO_CALENDAR_GREGORIAN = 0,
  RECTO_CALENDAR_SOLAR_HIJRI, /* Persian (1403) */
  RECTO_CALENDAR_HIJRI        /* Islamic lunar */
} recto_calendar;

/** A date or range; 0 means absent.  year[1] etc. end a range. */
typedef struct recto_date {
  int year[2], month[2], day[2];
  recto_calendar calendar;
  int circa;
  const char *literal; /* "n.d.", "forthcoming", or text not parsed */
} recto_date;

/** Citation modes, as in pandoc. */
typedef enum recto_cite_mode {
  RECTO_CITE_NORMAL = 0,       /* [@key] / (Author, 2022) */
  RECTO_CITE_AUTHOR_IN_TEXT,   /* @key / Author (2022) */
  RECTO_CITE_SUPPRESS_AUTHOR   /* [-@key] / (2022) */
} recto_cite_mode;

/** One cited work inside a CITE node. */
struct recto_cite_item {
  const char *key;     /* bibliography key / entry id */
  const char *prefix;  /* "see" */
  const char *suffix;  /* ", and elsewhere" */
  const char *locator; /* "33-35" */
  const char *label;   /* locator label: "page", "chapter", ... */
  recto_cite_mode mode;
  recto_bib_entry *entry; /* resolved entry, or NULL */
  recto_cite_item *next;
};

/** One bibliography entry. */
struct recto_bib_entry {
  const char *id;   /* citation key; unique in a document; an XML id is
                       derived from it by the writers */
  const char *type; /* CSL type: book, article-journal, chapter,
                       webpage, report, thesis, paper-conference, ... */
  recto_name *author;
  recto_name *editor;
  recto_name *translator;
  const char *title;
  const char *container_title; /* journal, book of a chapter, site */
  const char *collection_title;
  const char *publisher;
  const char *publisher_place;
  const char *edition;
  const char *volume;
  const char *issue;
  const char *page;   /* "33-35" */
  const char *number; /* report number */
  recto_date issued;
  recto_date accessed;
  const char *doi;
  const char *url;
  const char *isbn;
  const char *issn;
  const char *note;
  const char *language; /* BCP 47 */
  recto_dir dir;
  const char *raw;      /* the entry as written in the source, if any */
  recto_pos pos;        /* where it was read */
  const char *source;   /* file it was read from, if not the document */
  int cited;            /* number of citation items resolved to it */
  recto_bib_entry *next;
};

/** A new empty entry owned by doc (not linked into any bibliography). */
RECTO_API recto_bib_entry *recto_bib_entry_new(recto_doc *doc);
RECTO_API recto_name *recto_name_new(recto_doc *doc);
/** Append name to the list *list. */
RECTO_API void recto_name_append(recto_name **list, recto_name *name);
/** A copy of src (and its names) into doc's arena. */
RECTO_API recto_bib_entry *recto_bib_entry_copy(recto_doc *doc,
                                                const recto_bib_entry *src);

RECTO_API const char *recto_calendar_name(recto_calendar cal);
RECTO_API recto_calendar recto_calendar_from_name(const char *name);

/** The document's bibliography: the first BIBLIOGRAPHY node, created at
    the end of the document when create is non-zero and there is none.
    The node found is remembered while it stays in the tree, so that
    adding many entries costs no walk each. */
RECTO_API recto_node *recto_doc_bibliography(recto_doc *doc, int create);
/** Append entry as a BIB_ENTRY node to the bibliography (created when
    needed).  Returns the node. */
RECTO_API recto_node *recto_doc_add_entry(recto_doc *doc,
                                          recto_bib_entry *entry);
/** The entry with this id, or NULL (hash lookup; index built lazily and
    refreshed by recto_doc_add_entry). */
RECTO_API recto_bib_entry *recto_doc_find_entry(recto_doc *doc,
                                                const char *id);

/** An identifier usable as an XML id (NCName) derived from key: "ref-"
    followed by the key, letters and digits of any script kept, every
    other character (and '_') written as _XXXX (its code point), so that
    different keys give different ids. */
RECTO_API const char *recto_bib_xml_id(recto_doc *doc, const char *key);

#ifdef __cplusplus
}
#endif
#endif
