/*
 * linemodel.h: the recovery steps of the plain-text reader over a line
 * model that any reader can feed, private to the readers that link the
 * plain_steps library (the plain-text reader; a PDF reader).
 *
 * A document is a sequence of lines in reading order.  Each line is its
 * text (UTF-8, without a line end) and the index of the page it is on;
 * a reader that knows the layout adds it (fonts and boxes in points,
 * y growing downwards from the top of the page).  The steps use the
 * layout where a line has it and text cues where it has not:
 *
 *   page furniture   repetition across pages and position in the page;
 *                    with layout, also y in the top or bottom margin,
 *                    and a line printed rotated across the page's lines
 *   notes            a zone at the foot of a page after a change of
 *                    numbering; with layout, lines in a smaller font
 *                    below the body at the page foot
 *   headings         a level the source gives (heading_level) decides;
 *                    else length, numbering, isolation; with layout, a font
 *                    larger than the body's, bold or in small capitals
 *                    on a short line
 *   markers          digits glued to words; with layout, the
 *                    superscript flag
 *
 * Page indices must not decrease; a change of page index is a page
 * break, as a form feed is in plain text.  The text of a line must not
 * contain line ends or form feeds (they are read as spaces).
 */
#ifndef RECTO_PLAIN_LINEMODEL_H
#define RECTO_PLAIN_LINEMODEL_H

#include <stddef.h>
#include <stdint.h>

#include "recto/plugin.h"
#include "recto/recto.h"

typedef struct pt_layout {
  float size;            /* font size of most of the line's text */
  float x, y;            /* top left corner of the line's box */
  float width, height;   /* of the line's box */
  float page_width, page_height;
  float raise;           /* baseline raised above the line's (points) */
  uint8_t bold, italic;  /* most of the line's text */
  uint8_t smallcaps;     /* most of the line's text is in a face of caps
                            and small caps */
  uint8_t rotated;       /* printed along another direction than the
                            page's text (a stamp up the margin) */
  uint8_t superscript;   /* the whole line is raised and smaller */
  uint8_t heading_level; /* the source names the line a heading of this
                            level (a PDF's outline), 0 when it does not */
  uint8_t has_layout;    /* 0: the fields above are unknown */
} pt_layout;

typedef struct pt_src_line {
  const char *text;      /* UTF-8, not necessarily NUL-terminated */
  size_t len;
  uint32_t page;         /* 0-based page index */
  uint32_t blanks;       /* blank lines a text extraction would print
                            before it (a wider gap than the lines'
                            usual spacing), as in plain text */
  pt_layout layout;
} pt_src_line;

/* What a reader hands to the steps: plain text, or lines. */
typedef struct pt_source {
  const char *name;      /* file name for diagnostics, or NULL */
  const char *format;    /* recorded as the document's source format */
  const char *encoding;  /* the input's encoding, or NULL */
  const char *text;      /* plain text (lines == NULL) */
  size_t len;
  const pt_src_line *lines; /* or lines with their pages and layout */
  size_t nlines;
} pt_source;

/** The words that name a figure in its caption, before its number
    ("Figure 3", "Fig. 2", "شکل ۱"), in lower case; NULL ends them. */
extern const char *const pt_figure_words[];
/** The words that name a table in its caption ("Table 2", "Tabela
    4.2", "جدول ۳"), in lower case; NULL ends them. */
extern const char *const pt_table_words[];

/** The reader options of the steps, for the option_keys of a reader
    that runs them: plain.STEP=false switches a step off (pt_recover),
    plain.presentation-forms=true keeps Arabic Presentation Forms. */
#define PT_OPT_PRESENTATION_FORMS "plain.presentation-forms"
#define PT_OPTION_KEYS                                                     \
  PT_OPT_PRESENTATION_FORMS, "plain.normalize", "plain.pages",             \
      "plain.furniture", "plain.paragraphs", "plain.hyphenation",          \
      "plain.headings", "plain.title", "plain.lists", "plain.notes",       \
      "plain.citations", "plain.bibliography", "plain.language",           \
      "plain.tables"

/** Run the recovery steps (switched by the reader options plain.STEP)
    on src and build the document.  Reports every step as an INFO
    diagnostic.  RECTO_OK and *out set, or an error status. */
recto_status pt_recover(recto_context *ctx, const pt_source *src,
                        const recto_options *opts, recto_doc **out);

/** The language and citation steps as transforms for any document
    (transforms.c); a reader plugin that links the steps exports them
    after its own descriptor: i = 0, 1, ... until NULL. */
const recto_plugin *pt_transform_descriptor(uint32_t i);

#endif
