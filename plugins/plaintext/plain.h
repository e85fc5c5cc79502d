/*
 * plain.h: private to the plain-text reader.  The reader works on an
 * array of lines: each step classifies lines (furniture, notes, tables,
 * headings, bibliography, list items) or records joins between them,
 * then build.c turns the classified lines into nodes.  Working memory is
 * malloc'd and freed at the end; everything in the document lives in
 * its arena.
 */
#ifndef RECTO_PLAIN_H
#define RECTO_PLAIN_H

#include <stddef.h>
#include <stdint.h>

#include "linemodel.h"
#include "recto/recto.h"

/* ---- lines ---- */

enum pt_kind {
  PT_TEXT = 0,   /* body text */
  PT_FURNITURE,  /* running head or page number: removed */
  PT_NOTE,       /* a line of a footnote */
  PT_TABLE,      /* a line of a flattened table */
  PT_HEADING,    /* a heading (aux: level) */
  PT_FRONT,      /* title, author, affiliation: moved to metadata */
  PT_BIB         /* a bibliography entry line (aux: entry index) */
};

/* flags */
enum {
  PT_F_FF = 1u << 0,       /* a form feed precedes this line */
  PT_F_RTL = 1u << 1,      /* more Arabic-script than Latin letters */
  PT_F_ITEM = 1u << 2,     /* starts a list item (see pt_item) */
  PT_F_BIBHEAD = 1u << 3,  /* a heading that opens a reference section */
  PT_F_NUMHEAD = 1u << 4,  /* a numbered heading */
  PT_F_NOISE = 1u << 5,    /* punctuation only (extraction debris) */
  PT_F_HCONT = 1u << 6,    /* a heading line continuing the one above */
  PT_F_LABEL = 1u << 7,    /* opens with a reference label "[n]" */
  PT_F_VERSE = 1u << 8,    /* a line of verse: kept as a line */
  PT_F_CELL = 1u << 9      /* a cell of a table left in the text */
};

/* How a line continues the one before it in the same block. */
enum pt_join {
  PT_J_NEW = 0,     /* starts a block */
  PT_J_SOFT,        /* a soft line break */
  PT_J_UNHYPHEN,    /* a word broken by a hyphen: hyphen dropped */
  PT_J_HYPHEN       /* a hyphenated word broken at its hyphen: kept */
};

typedef struct pt_line {
  const char *s;      /* the line in the input */
  uint32_t len;       /* bytes, line end excluded */
  uint32_t b, e;      /* the content: s[b..e), trimmed */
  uint32_t lineno;    /* source line, 1-based */
  uint32_t col0;      /* source column of s[0], 1-based (form feeds) */
  uint32_t width;     /* code points of the content */
  uint32_t blanks;    /* blank lines between the previous non-blank and this */
  uint8_t kind;       /* enum pt_kind */
  uint8_t join;       /* enum pt_join */
  uint16_t flags;
  int32_t aux;        /* per kind: heading level, table id, entry index */
} pt_line;

static inline int pt_blank(const pt_line *l) { return l->b >= l->e; }

/* ---- page breaks ---- */

typedef struct pt_pb {
  uint32_t before;          /* line index it precedes (nlines: the end) */
  uint32_t seq;             /* order of creation, for a stable sort */
  const char *label;        /* arena strings, may be NULL */
  const char *header;
  const char *footer;
  recto_page_source source;
} pt_pb;

/* ---- notes ---- */

typedef struct pt_note {
  uint32_t first, last;     /* its lines */
  uint32_t value;           /* its number */
  uint32_t block;           /* index of its note block (restart unit) */
  int32_t anchor;           /* marker in the body, or -1 */
  const char *num;          /* the number as printed in the note */
  uint32_t numlen;
} pt_note;

typedef struct pt_anchor {
  uint32_t line, off, len;  /* the marker: line index, bytes in s */
  uint32_t value;
  int32_t note;             /* the note it carries, or -1 */
  uint8_t strong;           /* looks like a marker even without a note */
  uint8_t loose;            /* a number between spaces in right-to-left
                               text: a marker only for a note at the
                               page's foot that asks for it */
} pt_anchor;

/* ---- list items ---- */

typedef struct pt_item {
  uint32_t line;
  uint32_t cut_b, cut_e;    /* bytes of the marker to drop at each edge */
  recto_list_kind kind;
  recto_list_style style;
  recto_list_delim delim;
  int number;
} pt_item;

/* ---- a word/key table (vocabulary, bibliography lookups) ---- */

typedef struct pt_slot {
  const char *key;
  uint32_t len;
  uint32_t hash;
  uint32_t count;
  void *value;
} pt_slot;

typedef struct pt_map {
  pt_slot *slots;
  size_t cap, count;
} pt_map;

/** Find or add key (not copied: it must outlive the map). */
pt_slot *pt_map_put(pt_map *m, const char *key, size_t len);
pt_slot *pt_map_get(const pt_map *m, const char *key, size_t len);
void pt_map_free(pt_map *m);

/* ---- switches (reader options plain.<name>) ---- */

typedef struct pt_switches {
  int normalize, pages, furniture, paragraphs, hyphenation, headings, title, lists,
      notes, citations, bibliography, language, tables;
} pt_switches;

/* ---- the reader's state ---- */

typedef struct pt_ctx {
  recto_context *ctx;
  recto_doc *doc;
  const recto_options *opts;
  const char *text;
  size_t len;
  pt_switches on;
  /* the lines a reader handed over with their layout (linemodel.h):
     line i of the text is src_lines[i]; NULL for plain text */
  const pt_src_line *src_lines;
  char *normalized; /* the text after pt_normalize, when it changed it */
  float body_size; /* the body's font size (layout), 0 when unknown */

  pt_line *lines;
  size_t nlines;

  /* layout, measured by pt_lines_split */
  uint32_t spacing; /* usual blank lines between two text lines */
  uint32_t typical; /* usual line width (code points) */
  int wrapped;      /* lines wrapped at a width (PDF extraction) */
  int double_spaced;

  pt_pb *pbs;
  size_t npbs, cappbs;
  pt_note *notes;
  size_t nnotes, capnotes;
  pt_anchor *anchors;
  size_t nanchors, capanchors;
  pt_item *items;
  size_t nitems, capitems;

  pt_map vocab;    /* lower-cased Latin words (hyphenation) */
  pt_map prefixes; /* first parts of hyphenated compounds */
  char *vocab_pool; /* the keys of both */

  /* bibliography */
  pt_map entries_by_author; /* "author|year" -> recto_bib_entry */
  pt_map entry_ids;         /* ids in use */
  recto_bib_entry **entries;
  size_t nentries, capentries;
  recto_bib_entry **by_number; /* entries of a numbered list, by label */
  size_t capnumbers, max_number;
  int label_shape; /* the labels of the numbered list: "[n]", "n.", "n" */
  int glued_cites; /* it is cited by numbers glued to words */
  pt_map glued_forms;  /* "studies3", "log2": how often each is glued */
  uint32_t glued_high; /* the highest glued number cited so far */
  recto_node *bibliography; /* where the reference section stood */

  /* language: the document's, and its Latin- and Arabic-script ones */
  const char *doc_lang;
  const char *latin_lang;
  const char *arabic_lang;

  /* columns along the last long line asked about (pt_line_pos) */
  const pt_line *colcache_line;
  uint32_t *colcache;
  size_t colcache_cap;

  /* figures for diagnostics and the steps record */
  struct {
    size_t pages, furniture, notes, notes_matched, orphan_notes,
        orphan_markers, headings, items, lists, tables, cites, cite_items,
        hyphen_dropped, hyphen_kept, paragraphs, joined, title, forms,
        bidi_marks, bidi_runs, unresolved, visual;
  } n;
} pt_ctx;

/* The layout of line i, or NULL (plain text). */
static inline const pt_layout *pt_lay(const pt_ctx *p, size_t i) {
  return p->src_lines && p->src_lines[i].layout.has_layout
             ? &p->src_lines[i].layout
             : NULL;
}
/** Emphasis of line i against the body by its layout (lines.c): 1 a
    larger font or bold, -1 a smaller font, 0 the body's or unknown. */
int pt_lay_emphasis(const pt_ctx *p, size_t i);

/* ---- steps (one file each) ---- */
void pt_normalize(pt_ctx *p);            /* normalize.c */
void pt_lines_split(pt_ctx *p);          /* lines.c */
void pt_visual_order(pt_ctx *p);         /* visual.c */
void pt_pages_formfeeds(pt_ctx *p);      /* lines.c */
void pt_furniture(pt_ctx *p);            /* furniture.c */
void pt_notes_find(pt_ctx *p);           /* notes.c */
void pt_tables(pt_ctx *p);               /* tables.c */
void pt_headings(pt_ctx *p);             /* headings.c */
void pt_title(pt_ctx *p);                /* headings.c */
void pt_biblio_lines(pt_ctx *p);         /* biblio.c */
void pt_lists(pt_ctx *p);                /* lists.c */
void pt_vocab_build(pt_ctx *p);          /* paragraphs.c */
void pt_verse(pt_ctx *p);                /* paragraphs.c */
void pt_paragraphs(pt_ctx *p);           /* paragraphs.c */
recto_status pt_build(pt_ctx *p);        /* build.c */

/* biblio.c: entries */
void pt_biblio_parse(pt_ctx *p);
recto_bib_entry *pt_biblio_lookup(pt_ctx *p, const char *author, size_t alen,
                                  int year);
/** The key of a citation no entry answers (the citation stays
    unresolved: no entry is made up for it). */
const char *pt_biblio_unresolved_key(pt_ctx *p, const char *author,
                                     size_t alen, int year,
                                     const char *suffix);
/** A numbered reference list's lines marked PT_BIB, found by the shape
    of its labels ("[1]", "[2]", ...) wherever it stands. */
void pt_biblio_numbered(pt_ctx *p);
/** Before the furniture step: the lines that open with "[n]" flagged
    PT_F_LABEL when there are three labels or more, so that "[2]" alone
    on a line is not taken for a page number. */
void pt_biblio_labels(pt_ctx *p);
/** A bibliography entry for a web source cited in a note. */
recto_bib_entry *pt_biblio_web(pt_ctx *p, const char *title, size_t tlen,
                               const char *url, size_t ulen,
                               const char *raw, size_t rawlen);
const char *pt_biblio_unique_id(pt_ctx *p, const char *base);
void pt_biblio_known(pt_ctx *p, recto_bib_entry *e);


/** The NFKC of a presentation form (forms.c), or NULL. */
const char *pt_form_nfkc(uint32_t cp, size_t *len);

/* cites.c: citations in a block's text */
typedef struct pt_cite {
  uint32_t start, end;    /* bytes of the citation text in the block */
  recto_cite_mode mode;
  uint32_t first_item, nitems;
  int needs_entry;        /* a citation only if the bibliography has it */
} pt_cite;

typedef struct pt_cite_item {
  uint32_t a, b;          /* author bytes */
  uint32_t ra, rb;        /* the item's whole text */
  int year;
  char suffix[4];         /* "a" in 2020a */
  uint32_t num;           /* a numeric citation's number (0: author-year) */
  uint32_t la, lb;        /* locator bytes (la == lb: none) */
  recto_cite_mode mode;
} pt_cite_item;

typedef struct pt_cites {
  pt_cite *v;
  size_t n, cap;
  pt_cite_item *items;
  size_t nitems, capitems;
} pt_cites;

void pt_cites_find(const char *s, size_t len, int rtl,
                   pt_cites *out);
void pt_cites_free(pt_cites *c);
/** Drop the citations of cs that need an entry in the bibliography of p
    and have none (s: the text they were found in). */
void pt_cites_confirm(pt_ctx *p, const char *s, pt_cites *cs);
/** Numeric citations "[3]", "[3, 5]", "[3-7]" (and "]3[" in visual-order
    right-to-left text) with numbers from 1 to max, and with glued (the
    document, when it cites so) numbers glued to the word before
    ("studies3,5") where they go on with its citations, added to out among
    the citations already there (kept in text order). */
void pt_cites_numeric(const char *s, size_t len, uint32_t max, pt_ctx *glued,
                      pt_cites *out);
/** Whether the document cites its numbered list by numbers glued to
    words (superscripts): sets p->glued_cites. */
void pt_cites_glued_style(pt_ctx *p);

/* lang.c */
typedef struct pt_langcount {
  size_t latin, arabic, cyrillic, hebrew, other;
  double fa, ar; /* evidence for Persian and Arabic */
  size_t en, fr, de, es, pt; /* stop words seen */
  size_t kk;             /* Kazakh-only letters */
} pt_langcount;
void pt_lang_count(const char *s, size_t len, pt_langcount *c);
/** The language of text with these counts (NULL when it has no letters);
    doc_* are the document-level choices used when evidence is thin. */
const char *pt_lang_pick(const pt_langcount *c, const char *latin_default,
                         const char *arabic_default);
/** recto_lang_is_rtl, without the library call for the languages
    pt_lang_pick chooses (asked once per text node). */
static inline int pt_lang_rtl(const char *l) {
  if (l && l[0] && l[1] && !l[2]) {
    unsigned k = (unsigned)(unsigned char)l[0] << 8 | (unsigned char)l[1];
    switch (k) {
    case 'f' << 8 | 'a': case 'a' << 8 | 'r': case 'h' << 8 | 'e':
      return 1;
    case 'e' << 8 | 'n': case 'f' << 8 | 'r': case 'd' << 8 | 'e':
    case 'e' << 8 | 's': case 'r' << 8 | 'u': case 'k' << 8 | 'k':
    case 'p' << 8 | 't':
      return 0;
    default:
      break;
    }
  }
  return recto_lang_is_rtl(l);
}
void pt_lang_document(pt_ctx *p);
/** The next run of script (Latin or Arabic) at or after *i in s[0..len):
    [*a, *b), from its first letter to its last letter or digit; other
    scripts end a run.  Advances *i. */
int pt_lang_next_run(const char *s, size_t len, recto_script script,
                     size_t *i, size_t *a, size_t *b);

/* util.c; the hot ones inline: every step reads the text code point by
   code point, and most of it is ASCII or two-byte Arabic script */
uint32_t pt_next_slow(const char *s, size_t len, size_t *i);
static inline uint32_t pt_next(const char *s, size_t len, size_t *i) {
  unsigned char c = (unsigned char)s[*i];
  if (c < 0x80) {
    (*i)++;
    return c;
  }
  if (c >= 0xC2 && c < 0xE0 && *i + 1 < len &&
      ((unsigned char)s[*i + 1] & 0xC0) == 0x80) {
    uint32_t cp = (uint32_t)(c & 0x1F) << 6 |
                  ((unsigned char)s[*i + 1] & 0x3F);
    *i += 2;
    return cp;
  }
  return pt_next_slow(s, len, i);
}
uint32_t pt_prev(const char *s, size_t start, size_t *i);
static inline int pt_is_space(uint32_t c) {
  return c == ' ' || c == '\t' || c == 0xA0 ||
         (c >= 0x2000 && (c <= 0x200A || c == 0x202F || c == 0x205F ||
                          c == 0x3000)) ||
         c == '\v';
}
static inline int pt_is_arabic_letter(uint32_t c) {
  return (c >= 0x0620 && c <= 0x064A) || (c >= 0x066E && c <= 0x06D3) ||
         c == 0x06D5 || (c >= 0x06FA && c <= 0x06FF) ||
         (c >= 0x0750 && c <= 0x077F) || (c >= 0xFB50 && c <= 0xFDFF) ||
         (c >= 0xFE70 && c <= 0xFEFC);
}
static inline int pt_is_latin_letter(uint32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
         (c >= 0x1E00 && c <= 0x1EFF);
}
int pt_is_letter_slow(uint32_t c);
static inline int pt_is_letter(uint32_t c) {
  if (c < 0x80)
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (pt_is_arabic_letter(c) || pt_is_latin_letter(c))
    return 1;
  if (c >= 0x0600 && c <= 0x06FF)
    return 0; /* digits, marks, punctuation of the Arabic block */
  return pt_is_letter_slow(c);
}
int pt_is_lower_latin(uint32_t c);
int pt_has_arabic(const char *s, size_t len);
int pt_is_upper_latin(uint32_t c);
static inline int pt_digit(uint32_t c) {
  if (c < 0x80)
    return c >= '0' && c <= '9' ? (int)(c - '0') : -1;
  if (c >= 0x0660 && c <= 0x0669)
    return (int)(c - 0x0660);
  if (c >= 0x06F0 && c <= 0x06F9)
    return (int)(c - 0x06F0);
  return -1;
}
/** The value of a superscript digit ("¹", "⁴"), or -1. */
static inline int pt_superscript(uint32_t c) {
  switch (c) {
  case 0xB9: return 1;
  case 0xB2: return 2;
  case 0xB3: return 3;
  case 0x2070: return 0;
  default:
    return c >= 0x2074 && c <= 0x2079 ? (int)(c - 0x2070) : -1;
  }
}
int pt_is_final_punct(uint32_t c);
int pt_is_closing(uint32_t c);
int pt_is_dash(uint32_t c);
/** Digits at s[*i..] of one system: value, advances *i; -1 if none. */
long pt_number(const char *s, size_t len, size_t *i, int *ndigits,
               int *system);
/** Format value in a digit system (0 ASCII, 1 Arabic-Indic, 2 Persian). */
char *pt_format_number(recto_doc *doc, long value, int system);
/** Case-insensitive (ASCII) equality of a UTF-8 string with word.
    Inline and without strlen: most calls fail at the first byte. */
static inline int pt_eq_ci(const char *s, size_t len, const char *word) {
  for (size_t i = 0; i < len; i++) {
    unsigned char a = (unsigned char)s[i], b = (unsigned char)word[i];
    if (!b)
      return 0;
    if (a >= 'A' && a <= 'Z')
      a = (unsigned char)(a + 32);
    if (b >= 'A' && b <= 'Z')
      b = (unsigned char)(b + 32);
    if (a != b)
      return 0;
  }
  return word[len] == '\0';
}
/** Counting code points. */
uint32_t pt_width(const char *s, size_t len);
/** Number of words (space separated), or max + 1 when there are more. */
size_t pt_words(const char *s, size_t len, size_t max);
/** An arena copy of s with runs of white space collapsed to one space. */
char *pt_collapse(recto_doc *doc, const char *s, size_t len);
/** Does s[0..len) contain a URL start at or after *i?  Sets [*a,*b). */
int pt_find_url(const char *s, size_t len, size_t *i, size_t *a, size_t *b);
/** Generic growth for the arrays above. */
void *pt_grow(void *v, size_t *cap, size_t need, size_t size);
int pt_line_ends_sentence(const pt_line *l);
/** Ends on a word that joins it to what follows ("and", "of", "و"). */
int pt_ends_open(const char *s, size_t len);
/** More right-to-left lines than lines with Latin letters. */
int pt_rtl_text(const pt_ctx *p);
int pt_line_has_final(const pt_line *l);
/** pos of byte off in line l. */
recto_pos pt_line_pos(pt_ctx *p, const pt_line *l, uint32_t off);
/** The line content as (pointer, length). */
static inline const char *pt_c(const pt_line *l) { return l->s + l->b; }
static inline size_t pt_clen(const pt_line *l) { return l->e - l->b; }
/** Cue word classes (headings.c). */
enum pt_cue {
  PT_CUE_NONE = 0,
  PT_CUE_ABSTRACT,
  PT_CUE_KEYWORDS,
  PT_CUE_INTRO,
  PT_CUE_CONCLUSION,
  PT_CUE_REFERENCES,
  PT_CUE_NOTES,
  PT_CUE_OTHER
};
int pt_cue(const char *s, size_t len);
/** Add a page break before line index before. */
pt_pb *pt_pb_add(pt_ctx *p, uint32_t before);
void pt_pbs_sort(pt_ctx *p);
/** The item starting at line i, or NULL. */
pt_item *pt_item_at(pt_ctx *p, uint32_t i);

#endif
