/*
 * md.h: private declarations of the Markdown plugin (reader and writer).
 *
 * The reader runs cmark-gfm over a lightly pre-processed copy of the input
 * (prescan.c), converts its tree (read.c), then recognises the pandoc
 * constructs cmark-gfm has no node for (inlines.c, blocks.c): spans,
 * citations, inline notes, math, attributes, divs, definition lists, line
 * blocks.  The writer (write.c, escape.c, meta_write.c) renders the model
 * back so that the reader gives the same tree again.
 *
 * Nothing here is exported: the plugin is built with hidden visibility and
 * only recto_plugin_descriptor is marked for export.
 */
#ifndef RECTO_MD_H
#define RECTO_MD_H

#include <stddef.h>
#include <stdint.h>

#include "recto/recto.h"

/* ---- escaped punctuation ----
 * cmark-gfm drops the difference between "\[" and "[" once it has parsed
 * inlines, yet pandoc's constructs depend on it.  Before parsing, each
 * backslash escape of one of these characters is replaced by a two-byte
 * punctuation character the document does not use (same width, so columns
 * do not move, and punctuation, so emphasis flanking does not change);
 * after parsing the replacement reads back as the plain character in text
 * and as the original backslash pair in code and raw HTML.  An escaped
 * space (MD_ESC_SPACE, replaced only before a word) reads back as written,
 * as in CommonMark, except inside a subscript or superscript: there it
 * is pandoc's non-breaking space, which does not end the run. */
/* Not '`' (it closes code spans), '<' '>' '"' '\'' '=' '-' (they shape
   raw HTML tags, autolinks and comments, where escapes do not apply). */
#define MD_ESC_CHARS "!#$%&()*+,./:;?@[\\]^_{|}~ "
#define MD_NESC 26
#define MD_ESC_SPACE (MD_NESC - 1)
/* What cmark would read inside TeX math (math.c): replaced there by more
   two-byte characters, which read back as the character itself, in code
   and raw HTML too.  Their index follows the escapes' (MD_NESC + k). */
#define MD_LIT_CHARS "*_`[]!<&~'\"-."
#define MD_NLIT 13

/* A task item's box, as pandoc's AST has it: the start of its text. */
#define MD_TASK_OPEN "\xe2\x98\x90 " /* U+2610 */
#define MD_TASK_DONE "\xe2\x98\x92 " /* U+2612 */

/* ---- a div fence found by the prescan ---- */
typedef struct md_div {
  uint32_t line;   /* 1-based line of the fence */
  uint32_t column; /* 1-based column of the first colon */
  const char *attrs; /* the text after the colons (open fences), or NULL */
  size_t attrs_len;
  int open;        /* 1 = opening fence, 0 = closing fence */
} md_div;

/* per-line flags set by the prescan */
enum {
  MD_LINE_DEF = 1,       /* a definition-list marker ':' turned into '+' */
  MD_LINE_DEF_BLANK = 2, /* ... with a blank line before it (loose) */
  MD_LINE_DIV = 4,       /* a div fence turned into a placeholder */
  MD_LINE_TABLE = 8,     /* a line of a table (tables.c) */
  MD_LINE_EXAMPLE = 16,  /* an example marker or reference (examples.c) */
  MD_LINE_EXAMPLE_PARENS = 32, /* ... a marker "(@...)" */
  MD_LINE_CODE = 64,     /* a line of a code block */
  MD_LINE_EXAMPLE_ITEM = 128, /* an example marker (not only references) */
  MD_LINE_META = 256,    /* a line of a metadata block: blank for cmark */
  MD_LINE_FANCY = 512,   /* an ordered list marker cmark lacks (lists.c) */
  MD_LINE_REFDEF = 1024, /* a reference definition cmark reads (refdefs.c) */
  MD_LINE_DEF_ROOM = 2048, /* spaces after a definition marker went in or
                              out for cmark */
  MD_LINE_MATH = 4096    /* math on it holds MD_LIT_CHARS replacements */
};

/* A YAML metadata block: its text, length and first line (1-based), and
   its tree when the prescan parsed it already (a block after the text has
   begun, which stays Markdown when it is not YAML), else NULL. */
typedef struct md_meta_block {
  const char *s;
  size_t len;
  uint32_t line;
  struct md_yaml *tree;
} md_meta_block;

/* From line `line` (1-based) of the text cmark reads on, the prescan's
   line is that line plus shift (pipes.c moved the lines). */
typedef struct md_moved {
  uint32_t line;
  int32_t shift;
} md_moved;

typedef struct md_tables md_tables;
typedef struct md_examples md_examples;
typedef struct md_lists md_lists;
typedef struct md_refdefs md_refdefs;

typedef struct md_reader {
  recto_context *ctx;
  recto_doc *doc;
  const recto_options *opts;
  const char *src; /* the input as given (UTF-8) */
  size_t src_len;
  char *buf;       /* what cmark parses (malloc'd; freed once fed) */
  size_t buf_len;
  size_t *lines;   /* byte offset of each line start in buf (malloc'd) */
  size_t nlines;
  uint16_t *line_flags; /* nlines entries (malloc'd) */
  md_div *divs;    /* malloc'd */
  size_t ndivs;
  /* the replacement character for each MD_ESC_CHARS entry, then each
     MD_LIT_CHARS entry, 0 if none */
  uint32_t esc_cp[MD_NESC + MD_NLIT];
  unsigned char esc_utf8[MD_NESC + MD_NLIT][2];
  uint8_t *esc_of; /* 0x800 entries: code point -> escape index + 1 */
  /* metadata: pandoc's title block ("% title", lines title_end), then
     the YAML blocks in order (malloc'd) */
  size_t title_end;
  md_meta_block *yaml;
  size_t nyaml;
  int fragment; /* a metadata value: no front matter, no notes */
  size_t chunk; /* text for cmark longer than this is parsed in pieces
                  (of at most this size and 256 KB) */
  int failed;   /* an error was reported */
  int smart;    /* smart punctuation (pandoc's default) */
  int raw_html;  /* raw HTML was read (md_raw_html has work) */
  uint32_t *note_lines; /* 0-based lines that start a note definition */
  size_t nnote_lines;   /* (malloc'd) */
  md_tables *tables;    /* pandoc's tables the prescan found, or NULL */
  md_examples *examples; /* example list markers and labels, or NULL */
  md_lists *lists;       /* pandoc's ordered list markers, or NULL */
  /* where math.c put in a replacement: {0-based input line, 1-based
     column in the text cmark parses} in order, math_nwide of them
     (malloc'd) */
  uint32_t (*math_wide)[2];
  size_t math_nwide;
  /* the mark before each line of a table cell of inlines (see tables.c):
     one more unused two-byte punctuation character, 0 if none is left */
  uint32_t cell_cp;
  unsigned char cell_utf8[2];
  /* what stands for "|" inside code spans of pipe tables (pipes.c), 0 if
     none does */
  char pipe_mark;
  md_refdefs *refdefs; /* reference definitions read as pandoc, or NULL */
  md_moved *moved;     /* in order (malloc'd), or NULL */
  size_t nmoved;
  size_t table_ends;   /* pipe tables a line without a pipe ended */
  uint32_t *bare;      /* lines holding no text, counted (read.c), or NULL */
} md_reader;

/* ---- refdefs.c ---- */
/** Whether line k (0-based) looks like a reference definition "[a]: ";
    when one may start there (may_start), one that cmark would not read
    (attributes, a destination of several words) is recorded and its line
    flagged MD_LINE_REFDEF. */
int md_refdefs_scan(md_reader *rd, size_t k, int may_start);
/** The text cmark reads for a flagged line: the definition with its
    destination in angle brackets, without its attributes, with a private
    key at the start of its title. */
void md_refdefs_line(md_reader *rd, size_t k, recto_buf *out);
/** A link or image whose title starts with such a key takes the
    definition's attributes and the title as written. */
void md_refdefs_apply(md_reader *rd, recto_node *link);
void md_refdefs_free(md_reader *rd);

/* ---- pipes.c ---- */
/** In out (the text for cmark), each "|" inside a code span of a pipe
    table's rows becomes rd->pipe_mark, a byte the input does not use;
    rows move and join as pandoc reads them (pipes.c). */
void md_pipes_mark(md_reader *rd, recto_buf *out);
/** Every rd->pipe_mark in the texts under root becomes "|" again. */
void md_pipes_restore(const md_reader *rd, recto_node *root);
/** The line of the prescan's text (the input's, then the table cells'
    appendix) of a line (1-based) of the text cmark reads. */
uint32_t md_pipes_line(const md_reader *rd, uint32_t line);

/* ---- limits.c ---- */
/** RECTO_ERR_INPUT, with one error, when rd->buf holds what cmark-gfm is
    super-linear on (too many table columns or emphasis openers). */
recto_status md_check_limits(md_reader *rd);

/* ---- prescan.c ---- */
/** Build rd->buf and the side tables from rd->src. */
void md_prescan(md_reader *rd);
/** The column in the input of what cmark read at column (1-based) of
    line: past the spaces the prescan put in or took out after a
    definition marker. */
uint32_t md_src_column(const md_reader *rd, uint32_t line, uint32_t column);
/** Free what md_prescan allocated. */
void md_prescan_free(md_reader *rd);
/** Whether s holds needle, ASCII case ignored. */
int md_holds(const char *s, size_t n, const char *needle);
/** What ends an HTML block of CommonMark's kinds 1 to 5 starting at s
    (script, pre, style, textarea, a comment, a processing instruction, a
    declaration, CDATA), which blank lines do not end; NULL if none
    starts there.  Nothing inside is Markdown. */
const char *md_html_block_end(const char *s, size_t n);
/** Past the TeX math opened by the '$' at s[i] as pandoc reads it ("$$"
    display, setting *display), or 0 where none ends. */
size_t md_math_end(const char *s, size_t len, size_t i, int *display);
/** For each offset of s[0, len] (a text node), the bytes math's
    replacements added before it; NULL when they added none (malloc'd). */
size_t *md_math_widening(const md_reader *rd, const char *s, size_t len);
/** A column of the text cmark parses as it was before math.c's
    replacements (one byte more each). */
uint32_t md_math_column(const md_reader *rd, uint32_t line, uint32_t column);
/** Replace what cmark would read inside the math of text (the prescan's
    output, its pipe tables' rows moved as md_pipes_line maps them) by
    MD_LIT_CHARS replacements. */
void md_math_protect(md_reader *rd, recto_buf *text);
/** Index of the replacement character at p (n bytes available): in
    MD_ESC_CHARS, or MD_NESC + its index in MD_LIT_CHARS; or -1.  Inline:
    it is asked of nearly every byte. */
static inline int md_esc_at(const md_reader *rd, const char *p, size_t n) {
  const unsigned char *u = (const unsigned char *)p;
  if (n < 2 || u[0] < 0xC2 || u[0] > 0xDF || !rd->esc_of)
    return -1;
  return (int)rd->esc_of[((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F)] - 1;
}
/** The character replacement e stands for. */
static inline char md_esc_char(int e) {
  return e < MD_NESC ? MD_ESC_CHARS[e] : MD_LIT_CHARS[e - MD_NESC];
}
/** Append s with replacement characters turned back into their character
    (raw = 0: as cmark would have unescaped it) or into the backslash pair
    (raw = 1: code, raw HTML, where cmark keeps escapes). */
void md_unesc(const md_reader *rd, recto_buf *out, const char *s, size_t len,
              int raw);
/** md_unesc into the document's arena. */
char *md_unesc_dup(const md_reader *rd, const char *s, size_t len, int raw);
/** Where the text for cmark may be cut into pieces parsed on their own:
    byte offsets in rd->buf (in *offs) of lines "# " at column 0 after a
    blank line outside divs, with their 0-based line numbers (in *lines),
    none of them between two mentions of one note label.  Returns how many
    (arrays malloc'd), 0 when the text must be parsed whole (reference
    definitions are global). */
size_t md_split_points(const md_reader *rd, size_t **offs, uint32_t **lines);
/** The text of input line k (0-based), without its line ending. */
const char *md_line_text(const md_reader *rd, size_t k, size_t *len);
/** Whether line k (0-based) is indented no more than three columns past
    the content of the nearest non-blank line above (deeper is code). */
int md_indent_ok(const md_reader *rd, size_t k);
/** A recto_pos for a 1-based line and column of the input. */
recto_pos md_pos(const md_reader *rd, uint32_t line, uint32_t column);
/** The label of a footnote definition whose content starts at line,
    column (cmark-gfm keeps only a number), in the arena, or NULL. */
const char *md_footnote_label(const md_reader *rd, uint32_t line,
                              uint32_t column);

/** Note definitions cmark-gfm dropped because nothing refers to them:
    read again as NOTE_DEF nodes at the end of root, for the host to keep
    and report as orphans. */
void md_unused_notes(md_reader *rd, recto_node *root);

/* ---- tables.c ---- */
/** Find pandoc's simple, multiline and grid tables and the captions of
    every table from line body on (prescan): their lines get
    MD_LINE_TABLE and rd->tables is set. */
void md_tables_scan(md_reader *rd, size_t body);
/** The text cmark reads for line k of a table: its placeholder. */
void md_tables_line(md_reader *rd, size_t k, recto_buf *out);
/** The cells' text, after the document's last line. */
void md_tables_appendix(md_reader *rd, recto_buf *out);
/** The input line of a line of the text cmark reads (the appendix's lines
    map to the table they came from). */
uint32_t md_tables_src_line(const md_reader *rd, uint32_t line);
/** An HTML block's literal that is a placeholder or a cell's marker: the
    table (or marker) appended to parent; 0 if it is none. */
int md_tables_block(md_reader *rd, const char *lit, recto_node *parent,
                    recto_pos pos);
/** Move every cell's blocks from the appendix into its table (after all
    the passes of md_finish_top). */
void md_tables_fill(md_reader *rd);
void md_tables_free(md_reader *rd);
/** Columns text takes in a grid or simple table (East Asian wide
    characters two), as the reader counts them. */
size_t md_display_width(const char *s, size_t len);

/* ---- examples.c ---- */
/** Number the example list marker that line k may hold (c, clen bytes:
    its text after its indentation of indent columns); after_blank: the
    line follows a blank line, the start or a block that a list may follow
    (a list does not interrupt a paragraph; its later items may follow
    any line of the list). */
void md_example_marker(md_reader *rd, size_t k, const char *c, size_t clen,
                       size_t indent, int after_blank);
/** Flag the lines that refer to an example's label (once every marker is
    known). */
void md_example_refs(md_reader *rd, size_t body);
/** The text cmark reads for a flagged line: numbers for marker and
    references. */
void md_example_line(md_reader *rd, size_t k, recto_buf *out);
/** Where the example marker that line k (0-based) may hold starts: past
    the line's indentation and its containers' marks. */
size_t md_example_offset(const md_reader *rd, size_t k);
/** The number of the example marker on line k (0-based), 0 if none. */
uint32_t md_example_number(const md_reader *rd, size_t k);
void md_examples_free(md_reader *rd);

/* ---- lists.c ---- */
/** Roman numerals from the largest, lower case ("cm", 900), ending with
    a zero value (util.c): the reader's and the writer's. */
typedef struct md_roman {
  int value;
  const char *s;
} md_roman;
extern const md_roman md_roman_numerals[];
/** A list item's numbering as its marker gives it. */
typedef struct md_list_kind {
  recto_list_style style;
  recto_list_delim delim;
  int number;
  int narrow; /* one space after the marker, where two may be needed */
} md_list_kind;
/** Record the ordered list markers cmark lacks on line k (its content
    from byte skip on, MD_LINE_DEF already known); after_blank: the line
    follows a blank line, the start or a block that a list may follow. */
void md_list_markers(md_reader *rd, size_t k, size_t skip, int after_blank);
/** The width of the ordered list marker at s (any of pandoc's) through its
    delimiter, when the white space it needs follows; 0 if none. */
size_t md_ordered_marker(const char *s, size_t n);
/** Past the block quote marks, bullets and ordered list markers (and the
    white space after each) from s[i]: where a line's first block starts. */
size_t md_containers_end(const char *s, size_t len, size_t i);
/** Whether a bullet list marker ("-", "*" or "+" then white space or the
    end of the line) is at s (n bytes). */
int md_bullet_at(const char *s, size_t n);
/** Rewrite the recorded markers of line k (MD_LINE_FANCY) in line, the
    text cmark reads for it, as decimal markers of the same width. */
void md_list_line(const md_reader *rd, size_t k, char *line);
/** The numbering of the recorded marker at 0-based line and byte offset;
    0 if none is recorded there (a decimal "1." or "1)"). */
int md_list_marker(const md_reader *rd, uint32_t line, uint32_t offset,
                   md_list_kind *out);
void md_lists_free(md_reader *rd);

/* ---- read.c ---- */
/** Parse Markdown text (already prescanned into rd) and append its blocks
    to parent, with every pass after conversion (md_finish_top) done. */
recto_status md_read_into(md_reader *rd, recto_node *parent);
/** Parse a fragment (metadata value) as Markdown; returns a DIV holding
    the blocks.  line is the line it came from (for positions). */
recto_node *md_read_fragment(md_reader *rd, const char *text, size_t len,
                             uint32_t line);

/* ---- inlines.c ---- */
/** Recognise pandoc inline constructs in every inline sequence under
    root (replacement characters stay in the text for md_blocks). */
void md_inlines(md_reader *rd, recto_node *root);
/** Turn replacement characters back into text and merge adjacent text. */
void md_inlines_finish(md_reader *rd, recto_node *root);
/** Whether a LINK is an autolink (its text is its address). */
int md_is_autolink(const recto_node *link);

/* ---- blocks.c ---- */
/** Block-level fix-ups after the inline pass: line blocks, captions, page
    breaks standing alone, figures, bibliographies. */
void md_blocks(md_reader *rd, recto_node *root);
/** All the passes after conversion (md_inlines, md_blocks,
    md_inlines_finish) for one finished child of the document, n itself
    included: done while it is still in the cache.  The blocks n turns
    into stay where n was. */
void md_finish_top(md_reader *rd, recto_node *n);
/** A DIV that closes: turn it into what its attributes say (figure,
    caption, bibliography) or keep it. */
void md_finish_div(md_reader *rd, recto_node *div);

/* ---- html.c ---- */
/* Classes of raw HTML read into the model (see html.c). */
#define MD_HTML_READ "raw-html-read"
#define MD_HTML_COPY "raw-html-copy"
#define MD_HTML_WRAP "raw-html-wrap"
/** Raw HTML blocks and inlines under root parsed into the model. */
void md_raw_html(md_reader *rd, recto_node *root);

/* ---- ids.c ---- */
/** A map from string to string (keys and values are not copied). */
typedef struct md_strmap {
  const char **keys;
  const char **values;
  size_t cap, count;
} md_strmap;
const char *md_strmap_get(const md_strmap *map, const char *key);
/** Add key (1), or keep the value it has (0). */
int md_strmap_put(md_strmap *map, const char *key, const char *value);
void md_strmap_free(md_strmap *map);
/** The classes of the empty spans the reader puts for the brackets of
    "[text]" that may name a heading (an implicit heading reference),
    until md_heading_ids. */
#define MD_HEADING_REF "md-heading-ref"
#define MD_HEADING_REF_END "md-heading-ref-end"
/** pandoc's automatic identifier for a heading's plain text ("section"
    when nothing is left), in the arena. */
char *md_auto_ident(recto_doc *doc, const char *s, size_t len);
/** Whether a code point is a letter (as Haskell's isAlpha, closely). */
int md_is_letter(uint32_t c);
/** A note label of more than one character with a letter in it
    ("why-this", "fn1") names the note and is not its printed marker: such
    notes lose it, and every writer numbers them 1, 2, 3... (digits,
    symbols and single letters stay printed markers). */
void md_note_markers(recto_node *root);
/** base, or base-1, base-2... : the first that used does not hold. */
const char *md_unique_ident(recto_doc *doc, const md_strmap *used,
                            const char *base);
/** Give every heading without an id pandoc's automatic one, unique in the
    document; resolve implicit heading references. */
void md_heading_ids(md_reader *rd, recto_node *root);
/** The implicit heading references under root made text again (where no
    heading can be named: a metadata value). */
void md_heading_refs_text(recto_doc *doc, recto_node *root);

/* ---- attr.c ---- */
/** A parsed attribute block {#id .class key=value}. */
typedef struct md_attr {
  const char *id;
  const char *classes; /* space-separated */
  size_t count;
  const char **keys;
  const char **values;
  const char *raw_format; /* {=format} */
} md_attr;

/** Parse an attribute block at s (which must start with '{').  Returns the
    number of bytes used (through the '}'), or 0 if it is not one.  Strings
    go to the arena with replacement characters resolved. */
size_t md_attr_parse(md_reader *rd, const char *s, size_t len, md_attr *out);
/** Whether a key can be written in an attribute block (and read back). */
int md_attr_key_ok(const char *key);
/** Put the attributes on node: lang and dir become the node's own. */
void md_attr_apply(const md_attr *attr, recto_node *node);
/** Whether attributes have nothing in them. */
int md_attr_empty(const md_attr *attr);
/** Whether a node carries attributes a Markdown attribute block would
    have to write (id, classes, key/values, lang, dir). */
int md_node_has_attrs(const recto_node *node);

/* ---- cite.c ---- */
/** A parsed citation item (strings in the arena). */
typedef struct md_cite {
  const char *key, *prefix, *suffix, *locator, *label;
  recto_cite_mode mode;
} md_cite;

/** Parse the inside of a bracketed citation ("see @doe, p. 3; @roe").
    real is the text (replacement characters still in it); scan is the
    same text with what must not count ('@' or ';' inside code, links...)
    masked.  Returns the item count
    (stored in *items, an arena array), or 0 if it is not a citation. */
size_t md_cite_parse(md_reader *rd, const char *scan, const char *real,
                     size_t len, md_cite **items);
/** The same for the brackets after an author in text, "@doe [...]":
    items, or the author's suffix up to the first ';' and items after it
    (*from: where the items start, 0 when there is no such suffix). */
size_t md_cite_parse_after_key(md_reader *rd, const char *scan,
                               const char *real, size_t len, size_t *from,
                               md_cite **items);
/** Length of a citation key at s (after the '@'), 0 if none. */
size_t md_cite_key_len(const char *s, size_t len);
/** The same, not taking escape replacements as letters. */
size_t md_cite_key_len_rd(const md_reader *rd, const char *s, size_t len);
/** Split a suffix into locator label, locator and the rest. */
void md_cite_split_locator(recto_doc *doc, const char *suffix,
                           const char **label, const char **locator,
                           const char **rest);
/** Append the canonical pandoc syntax of a CITE's items (plain text, to be
    escaped by the caller's rules for each part). */
typedef void (*md_cite_emit_fn)(void *user, const char *s, size_t len,
                                int literal);
void md_cite_generate(const recto_node *cite, md_cite_emit_fn emit,
                      void *user);
/** Whether md_cite_generate cannot give every item its mode (an author in
    text after the first item, or with a prefix). */
int md_cite_modes_lost(const recto_node *cite);
/** The modes of the items, space-separated ("normal author-in-text"). */
const char *md_cite_modes(recto_doc *doc, const recto_node *cite);
/** Set the items' modes from such a list. */
void md_cite_set_modes(recto_node *cite, const char *modes);
/** The abbreviation written for a locator label ("page" -> "p."). */
const char *md_cite_label_term(const char *label, const char *locator);

/* ---- yaml.c ---- */
typedef enum md_yaml_kind {
  MD_YAML_SCALAR = 1,
  MD_YAML_MAP,
  MD_YAML_SEQ
} md_yaml_kind;

typedef struct md_yaml {
  md_yaml_kind kind;
  const char *key;   /* when inside a map */
  const char *value; /* scalars */
  size_t value_len;
  int block;         /* scalar came from a | or > block */
  int quoted;        /* scalar was quoted */
  uint32_t line;
  struct md_yaml *first, *last, *next, *parent;
} md_yaml;

/** Parse YAML (a subset: block maps and sequences, plain, quoted and block
    scalars, flow sequences and maps).  Returns the root, or NULL after an
    error was reported (to ctx; none when ctx is NULL).  first_line is the
    line of text in the input. */
md_yaml *md_yaml_parse(recto_context *ctx, recto_doc *doc, const char *text,
                       size_t len, uint32_t first_line);
/** The child of a map with this key, or NULL. */
md_yaml *md_yaml_get(const md_yaml *map, const char *key);

/* ---- front.c ---- */
/** Fill the document metadata and bibliography from the title block and
    the YAML blocks the prescan found: a later value of a key replaces an
    earlier one, as in pandoc.  Not RECTO_OK after an error was reported. */
recto_status md_metadata(md_reader *rd);

/* ---- csl.c: the field table shared by reader and writer ---- */
typedef struct md_csl_field {
  const char *name;  /* CSL-JSON name */
  size_t offset;     /* of a const char * in recto_bib_entry */
} md_csl_field;
extern const md_csl_field md_csl_fields[];
extern const size_t md_csl_nfields;
typedef struct md_csl_names {
  const char *name;
  size_t offset; /* of a recto_name * in recto_bib_entry */
} md_csl_names;
extern const md_csl_names md_csl_name_lists[];
extern const size_t md_csl_nname_lists;
/** Fields of a name, in the order written. */
typedef struct md_name_field {
  const char *name;
  size_t offset; /* of a const char * in recto_name */
} md_name_field;
extern const md_name_field md_name_fields[];
extern const size_t md_nname_fields;
/** An entry from a YAML map (references: item).  NULL if not a map. */
recto_bib_entry *md_csl_entry(md_reader *rd, const md_yaml *map);

/* ---- write.c ---- */
recto_status md_write(recto_context *ctx, recto_doc *doc,
                      const recto_options *opts, recto_buf *out);

/* ---- plugin.c ---- */
recto_status md_read(recto_context *ctx, const recto_input *input,
                     const recto_options *opts, recto_doc **out);

/* ---- small helpers (util.c) ---- */
/** Whether the node's text equals s. */
int md_text_is(const recto_node *node, const char *s);
/** A TEXT node with a copy of s[0..len) at pos. */
recto_node *md_text_new(recto_doc *doc, const char *s, size_t len,
                        recto_pos pos);
/** url with white space and <>|"{}[]^` percent-encoded, as pandoc gives a
    link's destination (url itself when it holds none), in the arena;
    pipe_mark (when not 0) stands for a "|" (see pipes.c). */
const char *md_url_escape(recto_doc *doc, const char *url, char pipe_mark);
/** pos moved right by n bytes on the same line. */
recto_pos md_pos_add(recto_pos pos, size_t n);
/** Copy position, language, direction, id, classes and key/values. */
void md_copy_attrs(const recto_node *from, recto_node *to);
/** Replace node by a new node of another kind that takes over its
    children and attributes; returns the new node. */
recto_node *md_retype(recto_node *node, recto_node_type type);
/** Append the plain text of a subtree: text, code and math as they are,
    a space for each line break, notes left out (nothing trimmed). */
void md_plain(recto_buf *out, const recto_node *node);
/** The next space-separated word at *p (advanced past it), or NULL. */
const char *md_next_word(const char **p, size_t *len);
/** Whether a node holds inlines only (a walk looking for blocks can skip
    its children). */
int md_inline_content(const recto_node *node);
/** The first of marks (a string) that src[0..len) does not hold, or 0
    when it holds them all: a private character for the reader's rewrites
    (each rewrite its own marks, none shared). */
char md_unused_mark(const char *src, size_t len, const char *marks);
/** Remove one class from a node. */
void md_remove_class(recto_node *node, const char *cls);
/** ASCII-only helpers that ignore the locale. */
int md_isspace(int c);
int md_isalnum(int c);
int md_ispunct(int c);

#endif
