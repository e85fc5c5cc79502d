/*
 * recover.c: the recovery steps run in order over the line model
 * (linemodel.h), each switchable by a reader option and reported.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linemodel.h"
#include "plain.h"

/* Whether option plain.STEP leaves the step on (PT_OPTION_KEYS). */
static int S_on(const recto_options *o, const char *step) {
  char key[32];
  snprintf(key, sizeof key, "plain.%s", step);
  return o ? recto_options_get_bool(o, key, 1) : 1;
}

static void S_info(pt_ctx *p, const char *code, const char *fmt, ...)
    RECTO_PRINTF(3, 4);

static void S_info(pt_ctx *p, const char *code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  recto_diag_vemit(p->ctx, RECTO_DIAG_INFO, code, NULL, fmt, ap);
  va_end(ap);
}

/* Report what a step did and record it for provenance. */
static void S_step(pt_ctx *p, const char *name, const char *fmt, ...)
    RECTO_PRINTF(3, 4);

static void S_step(pt_ctx *p, const char *name, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  recto_doc_add_step(p->doc, name, msg);
  recto_diag_emit(p->ctx, RECTO_DIAG_INFO, name, NULL, "%s", msg);
}

static void S_report(pt_ctx *p) {
  const char *layout = p->wrapped ? (p->double_spaced
                                         ? "wrapped lines, double spaced"
                                         : "wrapped lines")
                                  : "one paragraph per line";
  S_info(p, "plain.layout", "%zu lines; %s (usual width %u)", p->nlines,
         layout, (unsigned)p->typical);
  if (p->on.normalize)
    S_step(p, "plain.normalize",
           "presentation forms to base letters: %zu; bidi controls "
           "removed: %zu (runs: %zu); right-to-left lines restored from "
           "visual order: %zu",
           p->n.forms, p->n.bidi_marks, p->n.bidi_runs, p->n.visual);
  if (p->on.pages || p->on.furniture)
    S_step(p, "plain.pages",
           "page breaks: %zu; running heads and page numbers removed: %zu",
           p->n.pages, p->n.furniture);
  if (p->on.paragraphs)
    S_step(p, "plain.paragraphs", "paragraphs: %zu; line breaks joined: %zu",
           p->n.paragraphs, p->n.joined);
  if (p->on.hyphenation)
    S_step(p, "plain.hyphenation",
           "words joined across a line end: %zu (hyphen dropped: %zu, "
           "kept: %zu)",
           p->n.hyphen_dropped + p->n.hyphen_kept, p->n.hyphen_dropped,
           p->n.hyphen_kept);
  if (p->on.headings)
    S_step(p, "plain.headings", "headings: %zu%s", p->n.headings,
           p->n.title ? "; title in metadata" : "");
  if (p->on.lists)
    S_step(p, "plain.lists", "lists: %zu; items: %zu", p->n.lists,
           p->n.items);
  if (p->on.notes)
    S_step(p, "plain.notes",
           "notes: %zu; attached at their marker: %zu; without a marker: "
           "%zu; markers without a note: %zu",
           p->n.notes, p->n.notes_matched, p->n.orphan_notes,
           p->n.orphan_markers);
  if (p->on.citations)
    S_step(p, "plain.citations",
           "citations: %zu (cited works: %zu); without an entry in the "
           "document (unresolved): %zu",
           p->n.cites, p->n.cite_items, p->n.unresolved);
  if (p->on.bibliography)
    S_step(p, "plain.bibliography", "bibliography entries: %zu",
           p->nentries);
  if (p->on.tables)
    S_step(p, "plain.tables", "flattened tables: %zu", p->n.tables);
  if (p->on.language) {
    recto_lang_share shares[8];
    size_t n = recto_doc_languages(p->doc, shares, 8);
    size_t total = 0;
    for (size_t k = 0; k < n && k < 8; k++)
      total += shares[k].chars;
    char buf[256];
    size_t o = 0;
    for (size_t k = 0; k < n && k < 8 && o + 40 < sizeof buf; k++)
      o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s %.0f%%",
                            k ? ", " : "", shares[k].lang,
                            total ? 100.0 * (double)shares[k].chars /
                                        (double)total
                                  : 0.0);
    buf[o] = '\0';
    const char *lang = recto_doc_lang(p->doc);
    S_step(p, "plain.language", "document language %s; letters: %s",
           lang ? lang : "unknown", o ? buf : "none");
  }
}

static void S_free(pt_ctx *p) {
  free(p->lines);
  free(p->pbs);
  free(p->notes);
  free(p->anchors);
  free(p->items);
  free(p->entries);
  free(p->by_number);
  pt_map_free(&p->vocab);
  pt_map_free(&p->prefixes);
  pt_map_free(&p->entries_by_author);
  pt_map_free(&p->entry_ids);
  pt_map_free(&p->glued_forms);
  free(p->vocab_pool);
  free(p->colcache);
  free(p->normalized);
}

/* Lines with their pages as the text the steps split: a line end after
   each line, a form feed where the page changes.  Line i of the result
   is src->lines[i]. */
static char *S_lines_text(const pt_source *src, size_t *len) {
  size_t n = 0;
  for (size_t i = 0; i < src->nlines; i++)
    n += src->lines[i].len + 2;
  char *t = recto_xcalloc(1, n + 1), *o = t;
  for (size_t i = 0; i < src->nlines; i++) {
    const pt_src_line *l = &src->lines[i];
    if (i && l->page != src->lines[i - 1].page)
      *o++ = '\f';
    for (size_t k = 0; k < l->len; k++) {
      char c = l->text[k];
      *o++ = c == '\n' || c == '\r' || c == '\f' ? ' ' : c;
    }
    *o++ = '\n';
  }
  *len = (size_t)(o - t);
  return t;
}

recto_status pt_recover(recto_context *ctx, const pt_source *src,
                        const recto_options *opts, recto_doc **out) {
  pt_ctx p;
  memset(&p, 0, sizeof p);
  p.ctx = ctx;
  p.opts = opts;
  p.doc = recto_doc_new();
  char *owned = NULL;
  if (src->lines) {
    owned = S_lines_text(src, &p.len);
    p.text = owned;
    p.src_lines = src->lines;
  } else {
    p.text = src->text;
    p.len = src->text ? src->len : 0;
  }
  p.on.normalize = S_on(opts, "normalize");
  p.on.pages = S_on(opts, "pages");
  p.on.furniture = S_on(opts, "furniture");
  p.on.paragraphs = S_on(opts, "paragraphs");
  p.on.hyphenation = S_on(opts, "hyphenation");
  p.on.headings = S_on(opts, "headings");
  p.on.title = S_on(opts, "title") && p.on.headings;
  p.on.lists = S_on(opts, "lists");
  p.on.notes = S_on(opts, "notes");
  p.on.citations = S_on(opts, "citations");
  p.on.bibliography = S_on(opts, "bibliography");
  p.on.language = S_on(opts, "language");
  p.on.tables = S_on(opts, "tables");
  if (src->name)
    recto_doc_set_source(p.doc, "file", src->name);
  recto_doc_set_source(p.doc, "format", src->format ? src->format : "plain");
  if (src->encoding)
    recto_doc_set_source(p.doc, "encoding", src->encoding);

  if (p.on.normalize)
    pt_normalize(&p);
  pt_lines_split(&p);
  if (p.on.normalize)
    pt_visual_order(&p);
  if (p.on.pages)
    pt_pages_formfeeds(&p);
  if (p.on.bibliography)
    pt_biblio_labels(&p);
  if (p.on.furniture)
    pt_furniture(&p);
  pt_pbs_sort(&p);
  if (p.on.bibliography)
    pt_biblio_numbered(&p);
  if (p.on.notes)
    pt_notes_find(&p);
  if (p.on.tables)
    pt_tables(&p);
  if (p.on.paragraphs && p.wrapped)
    pt_verse(&p);
  if (p.on.headings)
    pt_headings(&p);
  if (p.on.title)
    pt_title(&p);
  if (p.on.lists)
    pt_lists(&p);
  pt_lang_document(&p);
  if (p.on.bibliography) {
    pt_biblio_lines(&p);
    pt_biblio_parse(&p);
  }
  if (p.on.citations)
    pt_cites_glued_style(&p);
  if (p.on.hyphenation)
    pt_vocab_build(&p);
  pt_paragraphs(&p);
  recto_status st = pt_build(&p);
  S_report(&p);
  S_free(&p);
  free(owned);
  if (st != RECTO_OK) {
    recto_doc_free(p.doc);
    return st;
  }
  *out = p.doc;
  return RECTO_OK;
}

