/*
 * epub.h: private interfaces of the EPUB 3 writer.
 *
 * The writer works in three steps:
 *   1. chunk.c cuts the document into content files (one per top-level
 *      section, down to the option split-level) and scans them in
 *      document order, deciding every id, note number, page-list entry
 *      and table-of-contents entry before anything is written, so that
 *      links across files are known when the files are rendered;
 *   2. xhtml.c renders each file (notes.c the footnotes and endnotes,
 *      cite.c the citations and the bibliography);
 *   3. package.c writes the package document, the navigation document
 *      and the container; zipout.c packs them with libzip.
 * Everything is hidden inside the plugin (-fvisibility=hidden).
 */
#ifndef RECTO_EPUB_H
#define RECTO_EPUB_H

#include <stddef.h>
#include <stdint.h>

#include "recto/recto.h"

/* ---- map.c: open-addressing hash tables ---- */

/** Keys are pointers compared by address, or NUL-terminated strings
    compared by content; keys are not copied and must outlive the map. */
typedef struct epub_map_slot {
  const void *key;
  void *value;
} epub_map_slot;

typedef struct epub_map {
  epub_map_slot *slots; /* key and value side by side: one miss a probe */
  size_t cap, count;
  int string_keys;
} epub_map;

void epub_map_init(epub_map *m, int string_keys);
void epub_map_free(epub_map *m);
void *epub_map_get(const epub_map *m, const void *key);
/** Insert or replace; value must not be NULL. */
void epub_map_set(epub_map *m, const void *key, void *value);

/** A growable array of pointers (malloc'd). */
typedef struct epub_vec {
  void **items;
  size_t len, cap;
} epub_vec;

void epub_vec_push(epub_vec *v, void *item);
void epub_vec_free(epub_vec *v);

/* ---- sha1.c ---- */
typedef struct epub_sha1 {
  uint32_t h[5];
  uint64_t len;
  unsigned char block[64];
  size_t fill;
} epub_sha1;

void epub_sha1_init(epub_sha1 *s);
void epub_sha1_update(epub_sha1 *s, const void *data, size_t len);
void epub_sha1_final(epub_sha1 *s, unsigned char digest[20]);
/** "urn:uuid:..." (a name-based, version 5 layout) from a digest. */
void epub_uuid_from_digest(const unsigned char digest[20], char out[46]);

/* ---- bidi.c: direction of text ---- */

/** RECTO_DIR_LTR or RECTO_DIR_RTL for a strong letter, else UNSET. */
recto_dir epub_cp_dir(uint32_t cp);
/** The direction most letters of s run in (UNSET when none or a tie). */
recto_dir epub_text_dir(const char *s, size_t len);
/** The direction most letters of a block's inline content run in
    (notes skipped). */
recto_dir epub_block_dir(const recto_node *block);
/** Escaped text; inside context (LTR or RTL), runs of the other
    direction are isolated in <span dir="...">. */
/* Text content escaped (& < > only; quotes stay as they are). */
void epub_put_xml_text(recto_buf *out, const char *s, size_t len);
void epub_put_text(recto_buf *out, const char *s, size_t len,
                   recto_dir context);
/** The direction of a language tag (RTL or LTR). */
recto_dir epub_lang_dir(const char *lang);

/* ---- url.c ---- */
/** An external URL in ASCII (punycode host, percent-encoded rest),
    escaped for an attribute value. */
void epub_put_url(recto_buf *out, const char *url);
/** Whether following url runs code: javascript:, vbscript:, and data:
    other than data:image/ (the scheme read as browsers do, ignoring
    case, spaces and control characters). */
int epub_url_runs_code(const char *url);

/* ---- l10n.c: the few words the writer adds itself ---- */
typedef enum epub_word {
  EPUB_W_CONTENTS = 0,
  EPUB_W_NOTES,
  EPUB_W_REFERENCES,
  EPUB_W_PAGES,
  EPUB_W_LANDMARKS,
  EPUB_W_START,
  EPUB_W_BACK,
  EPUB_W_UNTITLED,
  EPUB_W_ABSTRACT,
  EPUB_W_SECTION,
  EPUB_W_COVER
} epub_word;

const char *epub_word_for(const char *lang, epub_word word);

/* ---- the writer's state ---- */

/** File indexes of the two generated files (chunks use 0, 1, ...). */
enum { EPUB_FILE_NOTES = -2, EPUB_FILE_BIB = -3 };

typedef enum epub_chunk_kind {
  EPUB_CHUNK_FRONT = 0, /* title page and blocks before the first section */
  EPUB_CHUNK_SECTION    /* one section (without its split subsections) */
} epub_chunk_kind;

typedef struct epub_chunk {
  epub_chunk_kind kind;
  recto_node *first, *last; /* FRONT: a run of siblings; SECTION: the node */
  recto_node *lead_first, *lead_last; /* page breaks just before it */
  int depth;                /* SECTION: sections above it, plus one */
  int title_page;           /* FRONT: carries the title page */
  char name[32];            /* "ch001.xhtml" */
  const char *title;        /* plain text, for <title> */
} epub_chunk;

/** What the scan decided about one node (in the document's arena). */
typedef struct epub_info {
  const char *id;     /* the id written on its element, or NULL */
  int file;           /* the file its element is in */
  const char *ref_id; /* NOTE: id of its reference ("fnref3") */
  int ref_file;       /* NOTE: file of its reference */
  size_t number;      /* NOTE: its number in the book */
  unsigned split : 1; /* SECTION rendered as a file of its own */
  unsigned scanned : 1; /* BIBLIOGRAPHY whose page breaks are planned */
} epub_info;

typedef struct epub_toc_entry {
  int depth; /* 1 = top */
  int file;
  const char *id; /* NULL: the top of the file */
  const char *label;
} epub_toc_entry;

typedef struct epub_page {
  int file;
  const char *id;
  const char *label;
} epub_page;

/** Page breaks written at one place of bibliography.xhtml. */
typedef struct epub_bib_pages {
  recto_node *page;
  struct epub_bib_pages *next;
} epub_bib_pages;

typedef struct epub_image {
  const char *href;       /* "images/img001.png", relative to the OPF */
  const char *media_type;
  unsigned char *data;    /* malloc'd */
  size_t len;
} epub_image;

typedef struct epub_writer {
  recto_context *ctx;
  recto_doc *doc;
  const recto_options *opts;
  recto_style style;
  int split_level;
  int toc_depth; /* heading levels the navigation lists */
  int endnotes;
  int book;         /* option book: top sections are chapters */
  const char *lang; /* main language, or NULL when unknown */
  recto_dir dir;    /* LTR or RTL */
  const char *title;

  epub_vec chunks;  /* epub_chunk * */
  epub_vec toc;     /* epub_toc_entry * */
  epub_vec pages;   /* epub_page * */
  epub_vec images;  /* epub_image * */
  epub_vec entries; /* recto_bib_entry * of the bibliography file */
  recto_node *bib_heading; /* HEADING of the first BIBLIOGRAPHY, or NULL */
  const char *bib_id;      /* id of the bibliography section */
  const char *bib_heading_id; /* id of bib_heading when the text's */
  epub_vec endnotes_queue; /* NOTE * in reference order (option endnotes) */

  epub_map info;       /* recto_node * -> epub_info * */
  epub_map ids;        /* id string -> (void *)1: every id in use */
  epub_map id_next;    /* id base -> next suffix to try */
  epub_map user_ids;   /* source id -> epub_info * of its element */
  epub_map markers;    /* note label -> epub_info * of the NOTE */
  epub_map first_cite; /* recto_bib_entry * -> epub_info * of a CITE */
  epub_map entry_ids;  /* recto_bib_entry * -> id in the bibliography */
  epub_map image_urls; /* url -> epub_image * */
  epub_map entry_pages; /* recto_bib_entry * -> epub_bib_pages * before it */
  epub_bib_pages *bib_pages;       /* after the last entry */
  epub_bib_pages **bib_tail_pages; /* where the next ones are linked */

  recto_lang_share langs[32]; /* the document's languages, largest first */
  size_t lang_count;           /* how many of langs are filled */
  int langs_known;             /* langs computed (a walk of the tree) */

  size_t note_count, cite_count, page_count, heading_count;
  size_t comment_count; /* annotations, numbered apart from the notes */
  int has_images;
  int has_notes_file;
  int title_page;     /* option epub-title-page: 1, 0, or -1 (a title) */

  /* publish.c: what the command line adds (epub_image: href, bytes) */
  epub_image *cover;  /* the cover image, or NULL */
  epub_vec styles;    /* --css: replace styles/recto.css when any */
  epub_vec fonts;     /* --epub-embed-font */
} epub_writer;

/* ---- epub.c ---- */
/** The document's languages, largest share first (one walk, kept). */
const recto_lang_share *epub_languages(epub_writer *w, size_t *count);

/* ---- publish.c ---- */
/** Read the cover, style sheets and fonts; an error when a file named on
    the command line cannot be used. */
recto_status epub_publisher_files(epub_writer *w);
void epub_publisher_files_free(epub_writer *w);
/** text/cover.xhtml. */
void epub_write_cover_page(epub_writer *w, recto_buf *out);
/** dc:identifier elements (the first is pub-id), fallback when the
    metadata gives none. */
void epub_write_identifiers(epub_writer *w, recto_buf *out,
                            const char *fallback);
/** dc:creator and dc:contributor elements with their roles. */
void epub_write_people(epub_writer *w, recto_buf *out);
/** The series the book belongs to. */
void epub_write_collection(epub_writer *w, recto_buf *out);

/* ---- chunk.c ---- */
/** Cut the document into files and scan them (ids, notes, pages, toc). */
void epub_plan(epub_writer *w);
/** Whether rendering and scanning leave this node (and its subtree)
    to another file: a split section other than root, a bibliography, a
    section that holds only a heading and a bibliography. */
int epub_skip_node(epub_writer *w, const recto_node *node,
                   const recto_node *root);
epub_info *epub_info_of(epub_writer *w, const recto_node *node);
/** An id not used yet, from base (made an XML name), kept in the arena. */
const char *epub_unique_id(epub_writer *w, const char *base);
/** The nodes of a chunk in order (page breaks leading it, then its own
    nodes): start with NULL; NULL at the end. */
recto_node *epub_chunk_next(const epub_chunk *c, const recto_node *n);
/** The file name of a file index ("ch001.xhtml", "notes.xhtml"). */
const char *epub_file_name(epub_writer *w, int file);

/* ---- xhtml.c ---- */
typedef struct epub_render {
  epub_writer *w;
  recto_buf *out;
  int file;
  epub_vec dirs;      /* stack: node pushed, with its direction */
  recto_dir dir;      /* direction in effect */
  int link_depth;     /* open <a> elements: links never nest */
  epub_vec late_refs; /* NOTE / CITE met inside a link, written after it */
  epub_vec late_pages; /* PAGE_BREAK met where a span cannot go */
  epub_vec cols;      /* stack: column of the next cell of each open row */
  epub_vec *notes;    /* NOTE nodes whose bodies this file must render */
} epub_render;

void epub_render_init(epub_render *r, epub_writer *w, recto_buf *out,
                      int file, epub_vec *notes);
void epub_render_free(epub_render *r);
/** Render a subtree; root is written as an ordinary node. */
void epub_render_tree(epub_render *r, recto_node *root);
/** Render the children of node only. */
void epub_render_children(epub_render *r, recto_node *node);
/** Open tag with the node's id, classes (and cls), language, direction
    and data- attributes; extra (or NULL) is written verbatim inside the
    tag.  dir_from: a block whose text decides the direction when the
    node sets none (NULL: inherit).  empty: a void element ("/>"). */
void epub_open(epub_render *r, const recto_node *node, const char *tag,
               const char *cls, const char *extra,
               const recto_node *dir_from, int empty);
/** Close a tag opened with epub_open (restores the direction). */
void epub_close(epub_render *r, const recto_node *node, const char *tag);
/** "href" value for a file index and id, relative to another file. */
void epub_put_href(epub_render *r, int file, const char *id);
/** <html ...><head>...</head><body> for one content file, linking the
    style sheets (to_root: "" or "../", the way to the OPF's folder). */
void epub_file_head(epub_writer *w, recto_buf *out, const char *title,
                    const char *to_root);
void epub_file_tail(recto_buf *out);
/** Render the chunk with this index into out. */
void epub_render_chunk(epub_writer *w, int index, recto_buf *out);

/* ---- notes.c ---- */
/** The reference of a NOTE (<a epub:type="noteref">). */
void epub_note_ref(epub_render *r, recto_node *note);
/** A NOTE_REF: a second reference to a note. */
void epub_note_ref_again(epub_render *r, const recto_node *ref);
/** The bodies of queued notes, as footnotes (asides) of this file. */
void epub_render_notes(epub_render *r);
/** notes.xhtml, with every note when the option endnotes is set. */
void epub_render_notes_file(epub_writer *w, epub_vec *notes, recto_buf *out);

/* ---- cite.c ---- */
/** Collect the bibliography (style order) and the ids of its entries. */
void epub_plan_bibliography(epub_writer *w);
/** The entry an item refers to, when it is in the bibliography file. */
recto_bib_entry *epub_item_entry(epub_writer *w, const recto_cite_item *it);
/** A CITE: its styled text, linked to the entries. */
void epub_cite(epub_render *r, const recto_node *cite);
/** A page-break marker (epub:type pagebreak, role doc-pagebreak). */
void epub_page_marker(epub_render *r, const recto_node *pb);
/** bibliography.xhtml. */
void epub_render_bibliography(epub_writer *w, recto_buf *out);

/* ---- images.c ---- */
/** The embedded image for an IMAGE node (read from disk the first time
    its url is met), or NULL with a warning: alt text is written. */
epub_image *epub_image_for(epub_writer *w, const recto_node *img);
void epub_images_free(epub_writer *w);

/* ---- package.c ---- */
/** The display names of the authors in the metadata (arena strings). */
void epub_authors(epub_writer *w, epub_vec *names);
/** The stylesheet (css.c). */
extern const char epub_stylesheet[];
void epub_write_container_xml(recto_buf *out);
void epub_write_nav(epub_writer *w, recto_buf *out);
/** content.opf; identifier: from metadata or derived from the content. */
void epub_write_opf(epub_writer *w, recto_buf *out, const char *identifier,
                    const char *modified);

/* ---- zipout.c ---- */
typedef struct epub_zip epub_zip;
/** A new archive in memory whose entries get the time t (UTC). */
epub_zip *epub_zip_new(recto_context *ctx, long long t);
/** Add an entry; data (malloc'd) is taken over in every case. */
int epub_zip_add(epub_zip *z, const char *name, void *data, size_t len,
                 int compress);
/** Finish the archive, append its bytes to out and free z. */
recto_status epub_zip_finish(epub_zip *z, recto_buf *out);
void epub_zip_discard(epub_zip *z);

/* ---- read.c: the reader ---- */
recto_status epub_read(recto_context *ctx, const recto_input *input,
                       const recto_options *opts, recto_doc **out);
/** 100 for a zip whose first entry is the EPUB mimetype. */
int epub_probe(const unsigned char *head, size_t len);

/* ---- cfi.c: the reader's canonical fragment identifiers ---- */

/** Where a CFI path leads: an element, or with text_step >= 0 the text
    between its child elements (text_step - 1) / 2 and the next, at
    character offset (-1: none). */
typedef struct epub_cfi_point {
  struct _xmlNode *element;
  long text_step, offset;
} epub_cfi_point;

/** Follow the steps at p ("/6/4[id]...", up to '!', ')' or the end) from
    the element from.  Returns where the steps end, or NULL when they do
    not fit the tree (a missing child, an id assertion that fails). */
const char *epub_cfi_walk(const char *p, struct _xmlNode *from,
                          epub_cfi_point *at);
/** Insert mark (a new element) at the point: before the element, or
    into its text at the offset (splitting a text node).  0 when the
    point cannot take it (the root). */
int epub_cfi_insert(const epub_cfi_point *at, struct _xmlNode *mark);

#endif
