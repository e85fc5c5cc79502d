/*
 * wr.h: the Markdown writer's state, shared by write.c (blocks, notes,
 * tables), escape.c (text and inline syntax) and meta_write.c (YAML).
 *
 * Output goes line by line: every line starts with the prefix of the
 * containers it is in ("> ", list indentation); newlines are requested
 * (need_cr: 1 = end the line, 2 = leave a blank line) and written only
 * when the next content comes, so containers never emit stray blank lines.
 */
#ifndef RECTO_MD_WR_H
#define RECTO_MD_WR_H

#include "md.h"

typedef struct md_w {
  recto_context *ctx;
  recto_doc *doc;
  const recto_options *opts;
  recto_buf *out;
  recto_buf prefix;
  int need_cr;
  int line_open;     /* the prefix of the current line is written */
  int begin_content; /* nothing but prefix/marker on the line yet */
  int after_marker;  /* a list, definition or note marker was just written */
  int after_break;   /* the line continues a paragraph (after a break) */
  int inline_only;   /* headings, cells, terms, metadata: no line breaks */
  int in_heading;
  int in_pipe_cell;
  int table_para;    /* this paragraph stands beside a table */
  int meta_mode;     /* rendering a metadata value */
  char last;         /* the last byte written */
  int last_plain;    /* ... by md_w_text, without a backslash */
  /* citation written as it was: raw bracket offsets and where we are */
  recto_node *cite;
  size_t cite_pos, cite_open, cite_close;
  /* notes, written at the end */
  recto_node **notes;
  const char **labels;
  size_t nnotes, notes_cap;
  char **used;       /* labels in use (case-folded), open addressing */
  size_t used_cap, used_count;
  md_strmap auto_ids; /* heading ids so far (the reader's are unique) */
  recto_node *first_bib;
  size_t nbibs;
} md_w;

/* ---- output (escape.c) ---- */
/** Write pending newlines and the line prefix. */
void md_w_flush(md_w *w);
/** Write pending newlines only (before a container changes the prefix). */
void md_w_settle(md_w *w);
/** Raw text on the current line (no escaping). */
void md_w_lit(md_w *w, const char *s, size_t len);
void md_w_lits(md_w *w, const char *s);
/** A marker (list item, definition, note): content starts after it. */
void md_w_marker(md_w *w, const char *s);
/** End the line now (trimming trailing blanks). */
void md_w_newline(md_w *w);
void md_w_cr(md_w *w);
void md_w_blank(md_w *w);
/** Text escaped so that cmark-gfm and the reader give it back. */
void md_w_text(md_w *w, const char *s, size_t len);
/** An attribute block {#id .class key="value"} for node, with extra
    classes first; escaped for inline context, or raw (div fences). */
void md_w_attrs(md_w *w, const recto_node *node, const char *classes,
                int raw, int skip_special);
/** Whether md_w_attrs would write anything. */
int md_w_has_attrs(const recto_node *node, const char *classes);
/** A code span. */
void md_w_code(md_w *w, const char *s, size_t len);
/** A link destination and title: "(url "title")". */
void md_w_dest(md_w *w, const char *url, const char *title);
/** Whether url (with text) can be written as an autolink <url>. */
int md_w_autolink_ok(const recto_node *link);
/** The label for a note (keeps its marker when it can). */
const char *md_w_note_label(md_w *w, recto_node *note);
/** Whether a note's id is all its attributes and can be its label (a
    named note, [^why-this]), so that no span need carry it. */
int md_w_note_id_is_label(const recto_node *note);

/** Free what the writer state holds (not its output). */
void md_w_free(md_w *w);

/* ---- rendering (write.c) ---- */
/** Render root's children (or root itself, if with_root). */
void md_w_render(md_w *w, recto_node *root, int with_root);

/* ---- metadata (meta_write.c) ---- */
void md_w_front_matter(md_w *w);

#endif
