/*
 * docx.h: private declarations of the DOCX reader: WordprocessingML
 * names, styles and numbering (docxstyles.c), the body (docx.c).
 */
#ifndef RECTO_OFFICE_DOCX_H
#define RECTO_OFFICE_DOCX_H

#include "office.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_STRICT_NS "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define R_NS \
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define R_STRICT_NS "http://purl.oclc.org/ooxml/officeDocument/relationships"

/** Whether n is the WordprocessingML element local (transitional or
    strict namespace). */
int w_is(const xmlNode *n, const char *local);
/** The w: attribute local of n, or NULL. */
const char *w_attr(const xmlNode *n, const char *local);
/** The first w: child named local. */
xmlNode *w_child(const xmlNode *n, const char *local);
/** A toggle property (<w:b/>, <w:b w:val="0"/>): -1 absent, 0 off, 1 on. */
int w_toggle(const xmlNode *props, const char *local);

/* Run properties; -1 (or NULL) is "not said here". */
typedef struct dx_rpr {
  ox_format f;
  signed char rtl, code, hidden;
  const char *lang, *bidi_lang;
} dx_rpr;

/* What a paragraph style makes of its paragraphs. */
typedef enum dx_para_kind {
  DX_PARA_NORMAL = 0,
  DX_PARA_CODE,
  DX_PARA_QUOTE,
  DX_PARA_TITLE,
  DX_PARA_SUBTITLE
} dx_para_kind;

typedef struct dx_style {
  const char *id, *name, *based_on;
  char type;         /* 'p'aragraph, 'c'haracter, 't'able, 'n'umbering */
  int heading;       /* 1..6, 0 none (resolved) */
  int heading_by_name; /* named a heading, or based on one that is */
  int outline;       /* outline level 0..9, -1 unset */
  signed char bidi, page_before;
  int num_id, ilvl;  /* -1 unset */
  dx_para_kind kind;
  dx_rpr rpr;
  int state;         /* 0 raw, 1 resolving, 2 resolved */
} dx_style;

typedef struct dx_styles {
  dx_style *items;
  size_t count;
  dx_rpr defaults;   /* w:docDefaults */
  const dx_style *default_para;
} dx_styles;

/** Read styles.xml (xml may be NULL); strings point into the tree or
    doc's arena.  Inheritance (basedOn) is resolved. */
void dx_styles_read(dx_styles *s, recto_doc *doc, xmlDoc *xml);
void dx_styles_free(dx_styles *s);
const dx_style *dx_style_find(const dx_styles *s, const char *id);
/** Read the properties of a w:rPr element over *into. */
void dx_rpr_read(dx_rpr *into, const xmlNode *rpr);
/** Fill what *into leaves unset from *from. */
void dx_rpr_inherit(dx_rpr *into, const dx_rpr *from);

typedef struct dx_level {
  recto_list_kind kind;
  recto_list_style style;
  recto_list_delim delim;
  int start;
  int none; /* numFmt none: no mark at all */
} dx_level;

typedef struct dx_numbering dx_numbering;
dx_numbering *dx_numbering_read(xmlDoc *xml);
void dx_numbering_free(dx_numbering *n);
/** The level ilvl of list num; NULL when num is unknown.  *abstract
    receives the abstract definition it belongs to, and *restart whether
    num overrides the start of that level. */
const dx_level *dx_numbering_level(const dx_numbering *n, int num, int ilvl,
                                   int *abstract, int *restart);

#endif
