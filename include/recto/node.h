/*
 * recto/node.h: the document model.
 *
 * A document is a tree of nodes in the spirit of pandoc's AST, extended
 * with what scholarly conversion needs: notes that keep their printed
 * marker, structured citations, bibliography entries, page breaks with
 * their provenance, language and direction on any node, and a source
 * position on every node.
 *
 * Ownership: every node, string and array belongs to the arena of the
 * document that created it (recto_doc_new).  Nothing is freed one by
 * one; recto_doc_free releases it all at once.  Setters copy strings
 * into the arena, so callers keep ownership of what they pass in.
 * A node may only be linked into the tree of its own document.
 */
#ifndef RECTO_NODE_H
#define RECTO_NODE_H

#include <stddef.h>
#include <stdint.h>

#include "recto/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct recto_doc recto_doc;
typedef struct recto_node recto_node;
typedef struct recto_meta recto_meta;
typedef struct recto_bib_entry recto_bib_entry;
typedef struct recto_cite_item recto_cite_item;

/** Node kinds.  Values are part of the ABI: append only. */
typedef enum recto_node_type {
  RECTO_NODE_NONE = 0,
  /* --- blocks --- */
  RECTO_NODE_DOCUMENT,       /* root; children: blocks */
  RECTO_NODE_PARAGRAPH,      /* inlines */
  RECTO_NODE_PLAIN,          /* inlines, not a paragraph (tight items, cells) */
  RECTO_NODE_LINE_BLOCK,     /* children: LINE */
  RECTO_NODE_LINE,           /* inlines */
  RECTO_NODE_CODE_BLOCK,     /* leaf: text = code, info = language */
  RECTO_NODE_RAW_BLOCK,      /* leaf: text, format */
  RECTO_NODE_BLOCK_QUOTE,    /* blocks */
  RECTO_NODE_LIST,           /* children: ITEM; see recto_list_* */
  RECTO_NODE_ITEM,           /* blocks */
  RECTO_NODE_DEF_LIST,       /* children: DEF_ITEM */
  RECTO_NODE_DEF_ITEM,       /* children: TERM, then one or more DEF */
  RECTO_NODE_TERM,           /* inlines */
  RECTO_NODE_DEF,            /* blocks */
  RECTO_NODE_HEADING,        /* inlines; level 1..6 */
  RECTO_NODE_THEMATIC_BREAK, /* leaf */
  RECTO_NODE_TABLE,          /* CAPTION?, TABLE_HEAD?, TABLE_BODY*, TABLE_FOOT? */
  RECTO_NODE_TABLE_HEAD,     /* ROW* */
  RECTO_NODE_TABLE_BODY,     /* ROW* */
  RECTO_NODE_TABLE_FOOT,     /* ROW* */
  RECTO_NODE_ROW,            /* CELL* */
  RECTO_NODE_CELL,           /* blocks; rowspan, colspan, align */
  RECTO_NODE_CAPTION,        /* blocks (table or figure caption) */
  RECTO_NODE_FIGURE,         /* CAPTION? then blocks */
  RECTO_NODE_DIV,            /* blocks; generic container with attributes */
  RECTO_NODE_SECTION,        /* HEADING then blocks; made by recto_doc_sectionize */
  RECTO_NODE_NOTE_DEF,       /* blocks; label; a note body waiting for its
                                reference, joined by recto_doc_attach_notes */
  RECTO_NODE_BIBLIOGRAPHY,   /* children: HEADING?, BIB_ENTRY* */
  RECTO_NODE_BIB_ENTRY,      /* leaf; recto_node_bib_entry */
  RECTO_NODE_TABLE_FLAT,     /* leaf; text: a table recovered only as lines */
  /* --- inlines --- */
  RECTO_NODE_TEXT = 64,      /* leaf: text */
  RECTO_NODE_SOFT_BREAK,     /* leaf */
  RECTO_NODE_LINE_BREAK,     /* leaf */
  RECTO_NODE_EMPH,
  RECTO_NODE_STRONG,
  RECTO_NODE_STRIKEOUT,
  RECTO_NODE_UNDERLINE,
  RECTO_NODE_SUPERSCRIPT,
  RECTO_NODE_SUBSCRIPT,
  RECTO_NODE_SMALLCAPS,
  RECTO_NODE_QUOTED,         /* inlines; quote kind single/double */
  RECTO_NODE_CODE,           /* leaf: text */
  RECTO_NODE_MATH,           /* leaf: text; display or inline */
  RECTO_NODE_RAW_INLINE,     /* leaf: text, format */
  RECTO_NODE_LINK,           /* inlines; url, title */
  RECTO_NODE_IMAGE,          /* inlines = alt text; url, title */
  RECTO_NODE_NOTE,           /* blocks; marker as printed ("1", "*", "۱۲۳") */
  RECTO_NODE_NOTE_REF,       /* leaf; label; replaced by NOTE when joined */
  RECTO_NODE_CITE,           /* inlines = the citation text as written;
                                recto_cite_* gives the items */
  RECTO_NODE_SPAN,           /* inlines; generic container with attributes */
  RECTO_NODE_ANNOTATION,     /* blocks; a reviewer's comment on the text
                                where it stands (attributes: author, date);
                                not part of the text itself */
  /* --- milestones: allowed among blocks and among inlines --- */
  RECTO_NODE_PAGE_BREAK = 128 /* leaf; recto_page_* */
} recto_node_type;

/** Writing direction.  Text is always stored in logical order. */
typedef enum recto_dir {
  RECTO_DIR_UNSET = 0, /* inherit from the parent */
  RECTO_DIR_LTR,
  RECTO_DIR_RTL,
  RECTO_DIR_AUTO
} recto_dir;

/** Where a node came from.  Line and column are 1-based; 0 = unknown. */
typedef struct recto_pos {
  uint32_t line;
  uint32_t column;
  uint64_t offset; /* byte offset in the (UTF-8) input */
} recto_pos;

typedef enum recto_list_kind {
  RECTO_LIST_BULLET = 0,
  RECTO_LIST_ORDERED
} recto_list_kind;

typedef enum recto_list_style {
  RECTO_LIST_STYLE_DEFAULT = 0,
  RECTO_LIST_STYLE_DECIMAL,
  RECTO_LIST_STYLE_LOWER_ALPHA,
  RECTO_LIST_STYLE_UPPER_ALPHA,
  RECTO_LIST_STYLE_LOWER_ROMAN,
  RECTO_LIST_STYLE_UPPER_ROMAN,
  RECTO_LIST_STYLE_ARABIC_INDIC, /* ٠١٢ */
  RECTO_LIST_STYLE_PERSIAN,      /* ۰۱۲ */
  /* pandoc's example list: decimal numbers running through the document */
  RECTO_LIST_STYLE_EXAMPLE
} recto_list_style;

typedef enum recto_list_delim {
  RECTO_LIST_DELIM_DEFAULT = 0,
  RECTO_LIST_DELIM_PERIOD,   /* 1. */
  RECTO_LIST_DELIM_PAREN,    /* 1) */
  RECTO_LIST_DELIM_TWO_PARENS, /* (1) */
  RECTO_LIST_DELIM_DASH      /* ۱- */
} recto_list_delim;

typedef enum recto_align {
  RECTO_ALIGN_DEFAULT = 0,
  RECTO_ALIGN_LEFT,
  RECTO_ALIGN_CENTER,
  RECTO_ALIGN_RIGHT
} recto_align;

typedef enum recto_quote_kind {
  RECTO_QUOTE_DOUBLE = 0,
  RECTO_QUOTE_SINGLE
} recto_quote_kind;

/** How a page break was found (provenance for archivists). */
typedef enum recto_page_source {
  RECTO_PAGE_SOURCE_UNKNOWN = 0,
  RECTO_PAGE_SOURCE_EXPLICIT,     /* the input marked it (pb, pagebreak span) */
  RECTO_PAGE_SOURCE_FORM_FEED,    /* a form feed in plain text */
  RECTO_PAGE_SOURCE_PAGE_NUMBER,  /* a printed page number line */
  RECTO_PAGE_SOURCE_RUNNING_HEAD  /* a repeated running header/footer */
} recto_page_source;

/* ---- creating and linking ---- */

/** A new node owned by doc's arena, not yet linked anywhere. */
RECTO_API recto_node *recto_node_new(recto_doc *doc, recto_node_type type);
/** A TEXT node with a copy of len bytes of text. */
RECTO_API recto_node *recto_node_new_text(recto_doc *doc, const char *text,
                                          size_t len);

/** Link child as the last child of parent; returns 0, or -1 if the
    kinds do not fit (see recto_node_can_contain) or child is linked. */
RECTO_API int recto_node_append(recto_node *parent, recto_node *child);
RECTO_API int recto_node_prepend(recto_node *parent, recto_node *child);
RECTO_API int recto_node_insert_before(recto_node *sibling, recto_node *node);
RECTO_API int recto_node_insert_after(recto_node *sibling, recto_node *node);
/** Unlink node (with its subtree) from its parent; it stays in the arena. */
RECTO_API void recto_node_unlink(recto_node *node);
/** Whether a node of kind child may be a child of parent. */
RECTO_API int recto_node_can_contain(const recto_node *parent,
                                     recto_node_type child);

/* ---- navigation ---- */
RECTO_API recto_node_type recto_node_type_of(const recto_node *node);
RECTO_API const char *recto_node_type_name(recto_node_type type);
/** Parse a name from recto_node_type_name; RECTO_NODE_NONE if unknown. */
RECTO_API recto_node_type recto_node_type_from_name(const char *name);
RECTO_API int recto_node_is_block(recto_node_type type);
RECTO_API int recto_node_is_inline(recto_node_type type);
/** Whether nodes of this kind never have children. */
RECTO_API int recto_node_is_leaf(recto_node_type type);
RECTO_API recto_doc *recto_node_doc(const recto_node *node);
RECTO_API recto_node *recto_node_parent(const recto_node *node);
RECTO_API recto_node *recto_node_first_child(const recto_node *node);
RECTO_API recto_node *recto_node_last_child(const recto_node *node);
RECTO_API recto_node *recto_node_next(const recto_node *node);
RECTO_API recto_node *recto_node_prev(const recto_node *node);

/* ---- common properties ---- */
RECTO_API recto_pos recto_node_pos(const recto_node *node);
RECTO_API void recto_node_set_pos(recto_node *node, recto_pos pos);
/** BCP 47 tag set on this node, or NULL (inherit). */
RECTO_API const char *recto_node_lang(const recto_node *node);
RECTO_API void recto_node_set_lang(recto_node *node, const char *lang);
RECTO_API recto_dir recto_node_dir(const recto_node *node);
RECTO_API void recto_node_set_dir(recto_node *node, recto_dir dir);
/** The language in effect: the nearest ancestor's, else the document's.
    These walk up the ancestors: a writer that needs them for every node
    keeps its own stack while it walks instead. */
RECTO_API const char *recto_node_effective_lang(const recto_node *node);
RECTO_API recto_dir recto_node_effective_dir(const recto_node *node);

/* Attributes (pandoc's Attr): identifier, classes, key/value pairs. */
RECTO_API const char *recto_node_id(const recto_node *node);
RECTO_API void recto_node_set_id(recto_node *node, const char *id);
/** Classes as one space-separated string ("" when none). */
RECTO_API const char *recto_node_classes(const recto_node *node);
RECTO_API void recto_node_set_classes(recto_node *node, const char *classes);
RECTO_API int recto_node_has_class(const recto_node *node, const char *cls);
RECTO_API void recto_node_add_class(recto_node *node, const char *cls);
RECTO_API const char *recto_node_attr(const recto_node *node, const char *key);
/** Set (or with value NULL, remove) a key/value attribute. */
RECTO_API void recto_node_set_attr(recto_node *node, const char *key,
                                   const char *value);
RECTO_API size_t recto_node_attr_count(const recto_node *node);
RECTO_API int recto_node_attr_at(const recto_node *node, size_t index,
                                 const char **key, const char **value);

/* ---- kind-specific properties ----
   Each accessor serves the kinds named above it.  Asked of another kind,
   a getter returns NULL (strings) or 0, and a setter changes nothing and
   returns -1 (0 when it set the field). */

/** Literal text of TEXT, CODE, CODE_BLOCK, RAW_*, MATH, TABLE_FLAT. */
RECTO_API const char *recto_node_text(const recto_node *node);
RECTO_API size_t recto_node_text_len(const recto_node *node);
RECTO_API int recto_node_set_text(recto_node *node, const char *text,
                                  size_t len);
/** Info string of a CODE_BLOCK; format of RAW_BLOCK / RAW_INLINE. */
RECTO_API const char *recto_node_info(const recto_node *node);
RECTO_API int recto_node_set_info(recto_node *node, const char *info);
/** LINK, IMAGE. */
RECTO_API const char *recto_node_url(const recto_node *node);
RECTO_API int recto_node_set_url(recto_node *node, const char *url);
RECTO_API const char *recto_node_title(const recto_node *node);
RECTO_API int recto_node_set_title(recto_node *node, const char *title);
/** HEADING (1..6), SECTION (level of its heading). */
RECTO_API int recto_node_level(const recto_node *node);
RECTO_API int recto_node_set_level(recto_node *node, int level);
/** NOTE: the marker as printed; NOTE_REF, NOTE_DEF: the label that
    joins them (which is also the marker unless set otherwise). */
RECTO_API const char *recto_node_marker(const recto_node *node);
RECTO_API int recto_node_set_marker(recto_node *node, const char *marker);
/** QUOTED. */
RECTO_API recto_quote_kind recto_node_quote_kind(const recto_node *node);
RECTO_API int recto_node_set_quote_kind(recto_node *node, recto_quote_kind k);
/** MATH: 1 for display math. */
RECTO_API int recto_node_math_display(const recto_node *node);
RECTO_API int recto_node_set_math_display(recto_node *node, int display);

/** LIST. */
RECTO_API recto_list_kind recto_list_kind_of(const recto_node *list);
RECTO_API int recto_list_set_kind(recto_node *list, recto_list_kind kind);
RECTO_API recto_list_style recto_list_style_of(const recto_node *list);
RECTO_API int recto_list_set_style(recto_node *list, recto_list_style style);
RECTO_API recto_list_delim recto_list_delim_of(const recto_node *list);
RECTO_API int recto_list_set_delim(recto_node *list, recto_list_delim delim);
RECTO_API int recto_list_start(const recto_node *list);
RECTO_API int recto_list_set_start(recto_node *list, int start);
RECTO_API int recto_list_tight(const recto_node *list);
RECTO_API int recto_list_set_tight(recto_node *list, int tight);

/** TABLE column specifications: count, alignment, relative width (0 =
    automatic, else a fraction of the text width). */
RECTO_API size_t recto_table_columns(const recto_node *table);
RECTO_API int recto_table_set_columns(recto_node *table, size_t count);
RECTO_API recto_align recto_table_column_align(const recto_node *table,
                                               size_t col);
RECTO_API double recto_table_column_width(const recto_node *table, size_t col);
RECTO_API int recto_table_set_column(recto_node *table, size_t col,
                                     recto_align align, double width);
/** CELL. Spans are at least 1. */
RECTO_API int recto_cell_rowspan(const recto_node *cell);
RECTO_API int recto_cell_colspan(const recto_node *cell);
RECTO_API recto_align recto_cell_align(const recto_node *cell);
RECTO_API int recto_cell_set(recto_node *cell, int rowspan, int colspan,
                             recto_align align);

/** PAGE_BREAK: the printed label ("75", "۷۵"; may be NULL), how it was
    found, and the running header/footer text removed around it. */
RECTO_API const char *recto_page_label(const recto_node *pb);
RECTO_API recto_page_source recto_page_source_of(const recto_node *pb);
RECTO_API const char *recto_page_source_name(recto_page_source source);
RECTO_API recto_page_source recto_page_source_from_name(const char *name);
RECTO_API const char *recto_page_header(const recto_node *pb);
RECTO_API const char *recto_page_footer(const recto_node *pb);
RECTO_API int recto_page_set(recto_node *pb, const char *label,
                             recto_page_source source, const char *header,
                             const char *footer);

/** CITE: its items, in order.  The children of a CITE are the
    citation text exactly as the source wrote it. */
RECTO_API size_t recto_cite_count(const recto_node *cite);
RECTO_API recto_cite_item *recto_cite_item_at(const recto_node *cite,
                                              size_t index);
/** A new, empty item appended to cite (owned by the document). */
RECTO_API recto_cite_item *recto_cite_add_item(recto_node *cite);

/** BIB_ENTRY: the entry it carries (NULL until set). */
RECTO_API recto_bib_entry *recto_node_bib_entry(const recto_node *node);
RECTO_API int recto_node_set_bib_entry(recto_node *node,
                                       recto_bib_entry *entry);

/* ---- utilities ---- */
/** The plain text of a subtree (soft breaks as spaces, notes and annotations skipped),
    as a string in the document's arena. */
RECTO_API const char *recto_node_plain_text(const recto_node *node);

#ifdef __cplusplus
}
#endif
#endif
