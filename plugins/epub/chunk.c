/* chunk.c: the plan of the book.  The document is cut into content files
   and scanned once, in document order, before anything is written: every
   id, note number, citation anchor, page-list entry and table-of-contents
   entry is decided here, so a link to another file is known when the
   file holding the link is rendered. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epub.h"
#include "xmlmodel.h"

epub_info *epub_info_of(epub_writer *w, const recto_node *node) {
  epub_info *info = epub_map_get(&w->info, node);
  if (!info) {
    info = recto_alloc(w->doc, sizeof *info);
    info->file = -1;
    info->ref_file = -1;
    epub_map_set(&w->info, node, info);
  }
  return info;
}

/* An id safe in any XML: ASCII letters and digits, '-', '_', '.', and
   letters of other scripts; digits of any script become ASCII digits;
   anything else becomes '-'. */
static void S_sanitize(recto_buf *b, const char *s) {
  size_t len = strlen(s);
  size_t i = 0;
  int dash = 0;
  while (i < len) {
    uint32_t cp;
    int n = recto_utf8_decode(s + i, len - i, &cp);
    size_t step = n > 0 ? (size_t)n : 1;
    int dv = recto_digit_value(cp);
    if ((cp < 0x80 && (cp == '_' || cp == '.' ||
                       (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))) ||
        dv >= 0 || (n > 0 && cp >= 0x80 && recto_script_of(cp) !=
                                                RECTO_SCRIPT_OTHER)) {
      if (b->len == 0 && (dv >= 0 || cp == '.'))
        recto_buf_puts(b, "id-");
      if (dv >= 0)
        recto_buf_putc(b, '0' + dv);
      else
        recto_buf_put(b, s + i, step);
      dash = 0;
    } else if (!dash) {
      if (b->len == 0)
        recto_buf_puts(b, "id");
      recto_buf_putc(b, '-');
      dash = 1;
    }
    i += step;
  }
  while (b->len > 1 && b->data[b->len - 1] == '-')
    recto_buf_truncate(b, b->len - 1);
  if (b->len == 0)
    recto_buf_puts(b, "id");
}

/* A base met again continues from the suffix it reached last time, so
   that a thousand pages labelled "1" cost a thousand steps, not a
   million. */
const char *epub_unique_id(epub_writer *w, const char *base) {
  recto_buf b = RECTO_BUF_INIT;
  S_sanitize(&b, base);
  const char *id;
  if (!epub_map_get(&w->ids, b.data)) {
    id = recto_strdup(w->doc, b.data);
  } else {
    const char *stem = recto_strdup(w->doc, b.data);
    uintptr_t k = (uintptr_t)epub_map_get(&w->id_next, stem);
    if (k < 2)
      k = 2;
    size_t len = b.len;
    do {
      recto_buf_truncate(&b, len);
      recto_buf_printf(&b, "-%lu", (unsigned long)k++);
    } while (epub_map_get(&w->ids, b.data));
    epub_map_set(&w->id_next, stem, (void *)k);
    id = recto_strdup(w->doc, b.data);
  }
  recto_buf_free(&b);
  epub_map_set(&w->ids, id, (void *)1);
  return id;
}

const char *epub_file_name(epub_writer *w, int file) {
  if (file == EPUB_FILE_NOTES)
    return "notes.xhtml";
  if (file == EPUB_FILE_BIB)
    return "bibliography.xhtml";
  if (file >= 0 && (size_t)file < w->chunks.len)
    return ((epub_chunk *)w->chunks.items[file])->name;
  return "ch001.xhtml";
}

recto_node *epub_chunk_next(const epub_chunk *c, const recto_node *n) {
  if (!n)
    return c->lead_first ? c->lead_first : c->first;
  if (n == c->lead_last)
    return c->first;
  if (n == c->last)
    return NULL;
  return recto_node_next(n);
}

/* The bibliography of a section that holds only its heading and that
   bibliography (pandoc's "# References" then "::: {#refs}"), or NULL.
   bibliography.xhtml takes such a section whole, heading and all, so
   that the book has one References section, not an empty one beside it. */
static recto_node *S_bib_section(const recto_node *sec) {
  if (recto_node_type_of(sec) != RECTO_NODE_SECTION || !xw_is_bib_section(sec))
    return NULL;
  recto_node *bib = recto_node_next(recto_node_first_child(sec));
  return recto_node_next(bib) ? NULL : bib; /* page breaks stay */
}

/* Whether node's place is in bibliography.xhtml. */
static int S_in_bib_file(const recto_node *node) {
  recto_node_type t = recto_node_type_of(node);
  return t == RECTO_NODE_BIBLIOGRAPHY || t == RECTO_NODE_BIB_ENTRY ||
         S_bib_section(node);
}

int epub_skip_node(epub_writer *w, const recto_node *node,
                   const recto_node *root) {
  /* a bibliography goes to bibliography.xhtml even when it is the top
     node of a walk (a block at the root of the document) */
  recto_node_type t = recto_node_type_of(node);
  if (S_in_bib_file(node))
    return 1;
  if (node == root)
    return 0;
  if (t == RECTO_NODE_SECTION) {
    const epub_info *info = epub_map_get(&w->info, node);
    return info && info->split;
  }
  return 0;
}

/* ---- cutting ---- */

static epub_chunk *S_add_chunk(epub_writer *w, epub_chunk_kind kind,
                               recto_node *first, recto_node *last,
                               int depth) {
  epub_chunk *c = recto_alloc(w->doc, sizeof *c);
  c->kind = kind;
  c->first = first;
  c->last = last;
  c->depth = depth;
  epub_vec_push(&w->chunks, c);
  return c;
}

/* Children of parent (the root at depth 0, or a split section): the
   top sections, and nested ones whose heading level is at most
   split-level (as pandoc's --split-level), get files of their own; at
   the root, the blocks between them form front-matter files.  A nested
   section's level exceeds its parent's, so the recursion is at most six
   deep. */
static void S_cut(epub_writer *w, recto_node *parent, int depth) {
  int at_root = recto_node_type_of(parent) == RECTO_NODE_DOCUMENT;
  recto_node *run = NULL, *run_last = NULL;
  int run_content = 0, run_text = 0;
  for (recto_node *c = recto_node_first_child(parent); c;
       c = recto_node_next(c)) {
    recto_node_type t = recto_node_type_of(c);
    if (t == RECTO_NODE_SECTION && w->split_level > 0 && !S_bib_section(c) &&
        (depth == 0 || (recto_node_level(c) <= w->split_level &&
                        recto_node_level(c) > recto_node_level(parent)))) {
      epub_info_of(w, c)->split = 1;
      epub_chunk *sec;
      if (run && run_content && !run_text) {
        /* Only page breaks before the section: they open its file
           rather than make a file of their own. */
        sec = S_add_chunk(w, EPUB_CHUNK_SECTION, c, c, depth + 1);
        sec->lead_first = run;
        sec->lead_last = run_last;
      } else {
        if (run && run_content)
          S_add_chunk(w, EPUB_CHUNK_FRONT, run, run_last, 0);
        S_add_chunk(w, EPUB_CHUNK_SECTION, c, c, depth + 1);
      }
      run = NULL;
      run_content = run_text = 0;
      S_cut(w, c, depth + 1);
    } else if (at_root) {
      if (!run)
        run = c;
      run_last = c;
      if (!S_in_bib_file(c))
        run_content = 1;
      if (!S_in_bib_file(c) && t != RECTO_NODE_PAGE_BREAK)
        run_text = 1;
    }
  }
  if (run && run_content)
    S_add_chunk(w, EPUB_CHUNK_FRONT, run, run_last, 0);
}

/* ---- scanning ---- */

static void S_toc(epub_writer *w, int depth, int file, const char *id,
                  const char *label) {
  epub_toc_entry *e = recto_alloc(w->doc, sizeof *e);
  e->depth = depth;
  e->file = file;
  e->id = id;
  e->label = label;
  epub_vec_push(&w->toc, e);
}

/* Kinds whose element carries the node's id (the others write no
   element of their own, or one whose id the writer chooses). */
static int S_keeps_id(recto_node_type t) {
  switch (t) {
  case RECTO_NODE_DOCUMENT:
  case RECTO_NODE_PLAIN:
  case RECTO_NODE_DEF_ITEM:
  case RECTO_NODE_RAW_BLOCK:
  case RECTO_NODE_RAW_INLINE:
  case RECTO_NODE_TEXT:
  case RECTO_NODE_SOFT_BREAK:
  case RECTO_NODE_LINE_BREAK:
  case RECTO_NODE_QUOTED:
  case RECTO_NODE_NOTE:
  case RECTO_NODE_NOTE_REF:
  case RECTO_NODE_ANNOTATION:
  case RECTO_NODE_CITE:
  case RECTO_NODE_PAGE_BREAK:
  case RECTO_NODE_BIBLIOGRAPHY:
  case RECTO_NODE_BIB_ENTRY:
    return 0;
  default:
    return 1;
  }
}

static const char *S_label(epub_writer *w, const recto_node *heading) {
  const char *s = heading ? recto_node_plain_text(heading) : NULL;
  if (s) {
    while (*s == ' ' || *s == '\t' || *s == '\n')
      s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
      n--;
    if (n)
      return recto_strndup(w->doc, s, n);
  }
  char tmp[64];
  snprintf(tmp, sizeof tmp, " %zu", w->heading_count);
  recto_buf b = RECTO_BUF_INIT;
  recto_buf_puts(&b, epub_word_for(w->lang, EPUB_W_SECTION));
  recto_buf_puts(&b, tmp);
  const char *label = recto_strdup(w->doc, b.data);
  recto_buf_free(&b);
  return label;
}

static void S_scan_note(epub_writer *w, recto_node *n, int file,
                        int note_file) {
  epub_info *info = epub_info_of(w, n);
  char tmp[48];
  /* comments go where the notes go, numbered on their own */
  int comment = recto_node_type_of(n) == RECTO_NODE_ANNOTATION;
  size_t number = comment ? ++w->comment_count : ++w->note_count;
  snprintf(tmp, sizeof tmp, comment ? "cm%zu" : "fn%zu", number);
  info->id = epub_unique_id(w, tmp);
  snprintf(tmp, sizeof tmp, comment ? "cmref%zu" : "fnref%zu", number);
  info->ref_id = epub_unique_id(w, tmp);
  info->file = note_file;
  info->ref_file = file;
  info->number = number;
  if (comment)
    return;
  const char *label = recto_node_marker(n);
  if (label && *label && !epub_map_get(&w->markers, label))
    epub_map_set(&w->markers, label, info);
}

static void S_scan_cite(epub_writer *w, recto_node *n, int file) {
  epub_info *info = epub_info_of(w, n);
  char tmp[48];
  w->cite_count++;
  snprintf(tmp, sizeof tmp, "cite-%zu", w->cite_count);
  info->id = epub_unique_id(w, tmp);
  info->file = file;
  size_t count = recto_cite_count(n);
  for (size_t k = 0; k < count; k++) {
    recto_bib_entry *e = epub_item_entry(w, recto_cite_item_at(n, k));
    if (e && !epub_map_get(&w->first_cite, e))
      epub_map_set(&w->first_cite, e, info);
  }
}

static void S_scan_page(epub_writer *w, recto_node *n, int file) {
  epub_info *info = epub_info_of(w, n);
  const char *label = recto_page_label(n);
  char tmp[48];
  w->page_count++;
  if (!label || !*label) {
    snprintf(tmp, sizeof tmp, "%zu", w->page_count);
    label = recto_strdup(w->doc, tmp);
  }
  recto_buf b = RECTO_BUF_INIT;
  recto_buf_puts(&b, "page-");
  recto_buf_puts(&b, label);
  info->id = epub_unique_id(w, b.data);
  recto_buf_free(&b);
  info->file = file;
  epub_page *p = recto_alloc(w->doc, sizeof *p);
  p->file = file;
  p->id = info->id;
  p->label = label;
  epub_vec_push(&w->pages, p);
}

/* Page breaks among the entries are kept in bibliography.xhtml, at the
   start of the entry that follows them (or after the list). */
static void S_scan_bib_pages(epub_writer *w, recto_node *bib) {
  epub_bib_pages *pending = NULL, **tail = &pending;
  for (recto_node *c = recto_node_first_child(bib); c; c = recto_node_next(c)) {
    recto_node_type t = recto_node_type_of(c);
    if (t == RECTO_NODE_PAGE_BREAK) {
      S_scan_page(w, c, EPUB_FILE_BIB);
      epub_bib_pages *p = recto_alloc(w->doc, sizeof *p);
      p->page = c;
      *tail = p;
      tail = &p->next;
    } else if (t == RECTO_NODE_BIB_ENTRY && pending) {
      recto_bib_entry *e = recto_node_bib_entry(c);
      if (!e || !epub_map_get(&w->entry_ids, e) ||
          epub_map_get(&w->entry_pages, e))
        continue;
      epub_map_set(&w->entry_pages, e, pending);
      pending = NULL;
      tail = &pending;
    }
  }
  if (pending) {
    *w->bib_tail_pages = pending;
    while (pending->next)
      pending = pending->next;
    w->bib_tail_pages = &pending->next;
  }
}

/* The text's heading of a bibliography (S_bib_section) heads
   bibliography.xhtml, with its id, so that links to it hold. */
static void S_scan_bib_heading(epub_writer *w, recto_node *h) {
  w->bib_heading = h;
  const char *uid = recto_node_id(h);
  epub_info *info = epub_info_of(w, h);
  info->id = w->bib_heading_id =
      epub_unique_id(w, uid && *uid ? uid : "references");
  info->file = EPUB_FILE_BIB;
  if (uid && *uid && !epub_map_get(&w->user_ids, uid))
    epub_map_set(&w->user_ids, recto_strdup(w->doc, uid), info);
}

/* n: a BIBLIOGRAPHY, or a section S_bib_section takes whole. */
static void S_scan_bibliography(epub_writer *w, recto_node *n) {
  recto_node *bib = S_bib_section(n);
  if (bib && !w->bib_heading)
    S_scan_bib_heading(w, recto_node_first_child(n));
  if (bib)
    n = bib;
  epub_info *self = epub_info_of(w, n);
  if (self->scanned)
    return;
  self->scanned = 1;
  if (w->entries.len)
    S_scan_bib_pages(w, n);
  if (!w->bib_heading) {
    recto_node *h = recto_node_first_child(n);
    if (h && recto_node_type_of(h) == RECTO_NODE_HEADING)
      w->bib_heading = h;
  }
  /* The first bibliography's id names the section of bibliography.xhtml
     (pandoc's "refs"), so that links to it hold. */
  const char *id = recto_node_id(n);
  if (id && *id && !w->bib_id && !epub_map_get(&w->user_ids, id)) {
    self->id = w->bib_id = epub_unique_id(w, id);
    self->file = EPUB_FILE_BIB;
    epub_map_set(&w->user_ids, recto_strdup(w->doc, id), self);
  }
}

/* One subtree of a file, in document order.  Ids inside note bodies
   belong to the file the notes are written in. */
static void S_scan_tree(epub_writer *w, int file, recto_node *top,
                        int *sec_depth) {
  int note_depth = 0;
  int note_file = w->endnotes ? EPUB_FILE_NOTES : file;
  /* Inside an image or a citation only notes, citations and page breaks
     are written (xhtml.c, S_inner_marks); a note's body is written in
     full again, so hidden is saved at each note. */
  int hidden = 0;
  epub_vec saved = {0};
  recto_iter *it = recto_iter_new(top);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    recto_node_type t = recto_node_type_of(n);
    int here = note_depth ? note_file : file;
    if (ev == RECTO_EVENT_EXIT) {
      if (epub_skip_node(w, n, top))
        continue;
      if (t == RECTO_NODE_NOTE || t == RECTO_NODE_ANNOTATION) {
        note_depth--;
        if (saved.len)
          hidden = (int)(uintptr_t)saved.items[--saved.len];
      } else if (t == RECTO_NODE_IMAGE || t == RECTO_NODE_CITE) {
        hidden--;
      } else if (t == RECTO_NODE_SECTION)
        (*sec_depth)--;
      continue;
    }
    if (epub_skip_node(w, n, top)) {
      if (t != RECTO_NODE_BIB_ENTRY && S_in_bib_file(n))
        S_scan_bibliography(w, n);
      if (!recto_node_is_leaf(t))
        recto_iter_skip_children(it);
      continue;
    }
    const char *uid = recto_node_id(n);
    if (uid && *uid && S_keeps_id(t) && !hidden) {
      epub_info *info = epub_info_of(w, n);
      info->id = epub_unique_id(w, uid);
      info->file = here;
      if (!epub_map_get(&w->user_ids, uid))
        epub_map_set(&w->user_ids, recto_strdup(w->doc, uid), info);
    }
    switch (t) {
    case RECTO_NODE_NOTE:
    case RECTO_NODE_ANNOTATION:
      S_scan_note(w, n, here, note_file);
      note_depth++;
      epub_vec_push(&saved, (void *)(uintptr_t)hidden);
      hidden = 0;
      break;
    case RECTO_NODE_CITE:
      S_scan_cite(w, n, here);
      hidden++; /* the styled text is written */
      break;
    case RECTO_NODE_PAGE_BREAK:
      S_scan_page(w, n, here);
      break;
    case RECTO_NODE_IMAGE:
      hidden++; /* alt text only */
      break;
    case RECTO_NODE_SECTION:
      (*sec_depth)++;
      break;
    case RECTO_NODE_HEADING: {
      recto_node *sec = recto_node_parent(n);
      if (note_depth || hidden || !sec ||
          recto_node_type_of(sec) != RECTO_NODE_SECTION ||
          recto_node_first_child(sec) != n)
        break;
      w->heading_count++;
      epub_info *si = epub_info_of(w, sec);
      epub_info *hi = epub_info_of(w, n);
      const char *target = si->id;
      if (!target) {
        if (!hi->id) {
          char tmp[48];
          snprintf(tmp, sizeof tmp, "h-%zu", w->heading_count);
          hi->id = epub_unique_id(w, tmp);
          hi->file = here;
        }
        target = hi->id;
      }
      const char *label = S_label(w, n);
      S_toc(w, *sec_depth, here, target, label);
      epub_chunk *c = w->chunks.items[file];
      if (c->kind == EPUB_CHUNK_SECTION && c->first == sec)
        c->title = label;
      break;
    }
    default:
      break;
    }
  }
  recto_iter_free(it);
  epub_vec_free(&saved);
}

static void S_scan_chunk(epub_writer *w, int index) {
  epub_chunk *c = w->chunks.items[index];
  int sec_depth = c->kind == EPUB_CHUNK_SECTION ? c->depth - 1 : 0;
  if (c->title_page) {
    S_toc(w, 1, index, NULL, w->title);
    c->title = w->title;
    recto_meta *m = recto_meta_get(recto_doc_meta(w->doc), "abstract");
    if (m && recto_meta_kind_of(m) == RECTO_META_BLOCKS)
      S_scan_tree(w, index, recto_meta_nodes(m), &sec_depth);
  }
  if (c->kind == EPUB_CHUNK_FRONT && !c->title_page && c->first)
    S_toc(w, 1, index, NULL, NULL); /* labelled with the book's title */
  for (recto_node *n = epub_chunk_next(c, NULL); n;
       n = epub_chunk_next(c, n))
    S_scan_tree(w, index, n, &sec_depth);
  if (!c->title)
    c->title = w->title;
}

void epub_plan(epub_writer *w) {
  /* ids the generated files and the navigation use */
  static const char *const fixed[] = {"toc", "landmarks", "page-list",
                                      "notes", "bibliography", NULL};
  for (const char *const *p = fixed; *p; p++)
    epub_unique_id(w, *p);
  S_cut(w, recto_doc_root(w->doc), 0);
  /* a title page for a title, or as --epub-title-page says */
  int has_title = w->title_page == 1 ||
                  (w->title_page < 0 &&
                   recto_doc_meta_string(w->doc, "title") != NULL);
  epub_chunk *first = w->chunks.len ? w->chunks.items[0] : NULL;
  if (!first || (has_title && first->kind != EPUB_CHUNK_FRONT)) {
    /* A title page of its own, or the one file of an empty book. */
    S_add_chunk(w, EPUB_CHUNK_FRONT, NULL, NULL, 0);
    epub_chunk *c = w->chunks.items[w->chunks.len - 1];
    memmove(w->chunks.items + 1, w->chunks.items,
            (w->chunks.len - 1) * sizeof *w->chunks.items);
    w->chunks.items[0] = c;
    first = c;
  }
  if (has_title || (!first->first && !first->last))
    first->title_page = 1;
  for (size_t k = 0; k < w->chunks.len; k++) {
    epub_chunk *c = w->chunks.items[k];
    snprintf(c->name, sizeof c->name, "ch%03u.xhtml", (unsigned)(k + 1));
  }
  epub_plan_bibliography(w);
  for (size_t k = 0; k < w->chunks.len; k++)
    S_scan_chunk(w, (int)k);
  /* Bibliographies at the root with no other block beside them belong to
     no content file; their page breaks still go to bibliography.xhtml. */
  for (recto_node *c = recto_node_first_child(recto_doc_root(w->doc)); c;
       c = recto_node_next(c))
    if (recto_node_type_of(c) != RECTO_NODE_BIB_ENTRY && S_in_bib_file(c))
      S_scan_bibliography(w, c);
  w->has_notes_file = w->endnotes && w->note_count + w->comment_count > 0;
}
