/* xhtml.c: one content file, written as XHTML text while an ENTER/EXIT
   iterator walks the nodes (no recursion on the document's depth).  The
   XHTML content model is kept whatever the tree holds: links never nest,
   and a page break that falls where a span cannot stand (between list
   items or table rows) is written at the next place that takes one. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "epub.h"
#include "xmlmodel.h"

void epub_render_init(epub_render *r, epub_writer *w, recto_buf *out,
                      int file, epub_vec *notes) {
  memset(r, 0, sizeof *r);
  r->w = w;
  r->out = out;
  r->file = file;
  r->dir = w->dir;
  r->notes = notes;
}

void epub_render_free(epub_render *r) {
  epub_vec_free(&r->dirs);
  epub_vec_free(&r->late_refs);
  epub_vec_free(&r->late_pages);
  epub_vec_free(&r->cols);
}

/* ---- attributes ---- */

static const char *S_dir_name(recto_dir d) {
  return d == RECTO_DIR_RTL ? "rtl" : d == RECTO_DIR_LTR ? "ltr" : "auto";
}

/* data-* names: lower-case ASCII letters, digits, '-', '_', '.'. */
static int S_data_name(const char *key) {
  if (!key || !*key || strcmp(key, "lang") == 0 || strcmp(key, "dir") == 0)
    return 0;
  for (const char *p = key; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
          *p == '-' || *p == '_' || *p == '.'))
      return 0;
  return 1;
}

static void S_attr(recto_buf *out, const char *name, const char *value) {
  recto_buf_putc(out, ' ');
  recto_buf_puts(out, name);
  recto_buf_put(out, "=\"", 2);
  recto_buf_put_xml(out, value, strlen(value));
  recto_buf_putc(out, '"');
}

static void S_push_dir(epub_render *r, const recto_node *node, recto_dir d) {
  epub_vec_push(&r->dirs, (void *)node);
  epub_vec_push(&r->dirs, (void *)(uintptr_t)r->dir);
  r->dir = d;
}

static void S_pop_dir(epub_render *r, const recto_node *node) {
  if (r->dirs.len >= 2 && r->dirs.items[r->dirs.len - 2] == node) {
    r->dir = (recto_dir)(uintptr_t)r->dirs.items[r->dirs.len - 1];
    r->dirs.len -= 2;
  }
}

void epub_open(epub_render *r, const recto_node *node, const char *tag,
               const char *cls, const char *extra,
               const recto_node *dir_from, int empty) {
  recto_buf *out = r->out;
  recto_buf_putc(out, '<');
  recto_buf_puts(out, tag);
  const epub_info *info = epub_map_get(&r->w->info, node);
  if (info && info->id)
    S_attr(out, "id", info->id);
  const char *classes = recto_node_classes(node);
  if (classes && *classes && cls) {
    recto_buf_puts(out, " class=\"");
    recto_buf_put_xml(out, cls, strlen(cls));
    recto_buf_putc(out, ' ');
    recto_buf_put_xml(out, classes, strlen(classes));
    recto_buf_putc(out, '"');
  } else if (classes && *classes) {
    S_attr(out, "class", classes);
  } else if (cls) {
    S_attr(out, "class", cls);
  }
  const char *lang = recto_node_lang(node);
  if (lang && *lang) {
    S_attr(out, "lang", lang);
    S_attr(out, "xml:lang", lang);
  }
  recto_dir d = recto_node_dir(node), now = r->dir;
  if (d == RECTO_DIR_LTR || d == RECTO_DIR_RTL) {
    S_attr(out, "dir", S_dir_name(d));
    now = d;
  } else if (d == RECTO_DIR_AUTO) {
    /* the reading system decides; runs inside keep the outer context
       (isolating a run of the same direction changes nothing) */
    S_attr(out, "dir", "auto");
  } else if (lang && *lang) {
    now = epub_lang_dir(lang);
    if (now != r->dir)
      S_attr(out, "dir", S_dir_name(now));
  } else if (dir_from) {
    recto_dir bd = epub_block_dir(dir_from);
    if (bd != RECTO_DIR_UNSET && bd != r->dir) {
      S_attr(out, "dir", S_dir_name(bd));
      now = bd;
    }
  }
  size_t n = recto_node_attr_count(node);
  for (size_t k = 0; k < n; k++) {
    const char *key, *value;
    if (recto_node_attr_at(node, k, &key, &value) == 0 && S_data_name(key) &&
        value) {
      recto_buf_put(out, " data-", 6);
      recto_buf_puts(out, key);
      recto_buf_put(out, "=\"", 2);
      recto_buf_put_xml(out, value, strlen(value));
      recto_buf_putc(out, '"');
    }
  }
  if (extra)
    recto_buf_puts(out, extra);
  recto_buf_puts(out, empty ? "/>" : ">");
  if (now != r->dir && !empty)
    S_push_dir(r, node, now);
}

void epub_close(epub_render *r, const recto_node *node, const char *tag) {
  recto_buf_put(r->out, "</", 2);
  recto_buf_puts(r->out, tag);
  recto_buf_putc(r->out, '>');
  S_pop_dir(r, node);
}

void epub_put_href(epub_render *r, int file, const char *id) {
  recto_buf *out = r->out;
  recto_buf_puts(out, " href=\"");
  if (file != r->file || !id)
    recto_buf_puts(out, epub_file_name(r->w, file));
  if (id) {
    recto_buf_putc(out, '#');
    recto_buf_put_xml(out, id, strlen(id));
  }
  recto_buf_putc(out, '"');
}

/* ---- page breaks ---- */

void epub_page_marker(epub_render *r, const recto_node *pb) {
  const epub_info *info = epub_map_get(&r->w->info, pb);
  recto_buf *out = r->out;
  recto_buf_puts(out, "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\"");
  if (info && info->id) {
    S_attr(out, "id", info->id);
    /* the label the scan settled on: "page-75" -> "75" */
    const char *label = recto_page_label(pb);
    if (!label || !*label)
      label = info->id + 5;
    S_attr(out, "aria-label", label);
  }
  recto_page_source src = recto_page_source_of(pb);
  if (src != RECTO_PAGE_SOURCE_UNKNOWN)
    S_attr(out, "data-page-source", recto_page_source_name(src));
  /* The running header and footer the reader removed, kept for those
     who compare with the printed page. */
  const char *head = recto_page_header(pb), *foot = recto_page_footer(pb);
  if (head && *head)
    S_attr(out, "data-running-head", head);
  if (foot && *foot)
    S_attr(out, "data-running-foot", foot);
  recto_buf_puts(out, "/>");
}

static void S_flush_pages(epub_render *r) {
  for (size_t k = 0; k < r->late_pages.len; k++)
    epub_page_marker(r, r->late_pages.items[k]);
  r->late_pages.len = 0;
}

/* Parents in which XHTML allows no text or span. */
static int S_no_phrasing(recto_node_type t) {
  switch (t) {
  case RECTO_NODE_LIST:
  case RECTO_NODE_DEF_LIST:
  case RECTO_NODE_DEF_ITEM:
  case RECTO_NODE_TABLE:
  case RECTO_NODE_TABLE_HEAD:
  case RECTO_NODE_TABLE_BODY:
  case RECTO_NODE_TABLE_FOOT:
  case RECTO_NODE_ROW:
    return 1;
  default:
    return 0;
  }
}

/* ---- helpers for single kinds ---- */

static void S_put_dir_text(epub_render *r, const recto_node *n) {
  epub_put_text(r->out, recto_node_text(n), recto_node_text_len(n), r->dir);
}

/* Code and math run left to right whatever surrounds them. */
static const char *S_ltr_extra(epub_render *r, const recto_node *n) {
  if (r->dir == RECTO_DIR_RTL && recto_node_dir(n) == RECTO_DIR_UNSET &&
      !recto_node_lang(n) &&
      epub_text_dir(recto_node_text(n), recto_node_text_len(n)) !=
          RECTO_DIR_RTL)
    return " dir=\"ltr\"";
  return NULL;
}

static void S_code_block(epub_render *r, recto_node *n, const char *cls) {
  epub_open(r, n, "pre", cls, S_ltr_extra(r, n), NULL, 0);
  recto_buf_puts(r->out, "<code");
  const char *info = recto_node_info(n);
  if (info && *info) {
    size_t len = strcspn(info, " \t{");
    if (len) {
      recto_buf_puts(r->out, " class=\"language-");
      recto_buf_put_xml(r->out, info, len);
      recto_buf_putc(r->out, '"');
    }
  }
  recto_buf_putc(r->out, '>');
  epub_put_xml_text(r->out, recto_node_text(n), recto_node_text_len(n));
  recto_buf_puts(r->out, "</code>");
  epub_close(r, n, "pre");
}

static void S_math(epub_render *r, recto_node *n) {
  int display = recto_node_math_display(n);
  /* a math node with a direction or language of its own writes its dir
     itself: a second one would make the element ill-formed */
  int own = recto_node_dir(n) != RECTO_DIR_UNSET || recto_node_lang(n);
  epub_open(r, n, "span", display ? "math display" : "math inline",
            r->dir == RECTO_DIR_RTL && !own ? " dir=\"ltr\"" : NULL, NULL,
            0);
  recto_buf_puts(r->out, display ? "\\[" : "\\(");
  epub_put_xml_text(r->out, recto_node_text(n), recto_node_text_len(n));
  recto_buf_puts(r->out, display ? "\\]" : "\\)");
  epub_close(r, n, "span");
}

static const char *S_list_style(recto_list_style s) {
  switch (s) {
  case RECTO_LIST_STYLE_DECIMAL:
  case RECTO_LIST_STYLE_EXAMPLE: /* numbered through the book, in decimal */
    return "decimal";
  case RECTO_LIST_STYLE_LOWER_ALPHA:
    return "lower-alpha";
  case RECTO_LIST_STYLE_UPPER_ALPHA:
    return "upper-alpha";
  case RECTO_LIST_STYLE_LOWER_ROMAN:
    return "lower-roman";
  case RECTO_LIST_STYLE_UPPER_ROMAN:
    return "upper-roman";
  case RECTO_LIST_STYLE_ARABIC_INDIC:
    return "arabic-indic";
  case RECTO_LIST_STYLE_PERSIAN:
    return "persian";
  default:
    return NULL;
  }
}

static void S_list(epub_render *r, recto_node *n) {
  char extra[96] = "";
  if (recto_list_kind_of(n) == RECTO_LIST_ORDERED) {
    int start = recto_list_start(n);
    if (start != 1)
      snprintf(extra, sizeof extra, " start=\"%d\"", start);
  }
  /* classes, not inline styles: the stylesheet names the counters */
  char cls[32] = "";
  const char *style = S_list_style(recto_list_style_of(n));
  if (style)
    snprintf(cls, sizeof cls, "list-%s", style);
  epub_open(r, n,
            recto_list_kind_of(n) == RECTO_LIST_ORDERED ? "ol" : "ul",
            style ? cls : NULL, extra, NULL, 0);
}

static const char *S_align_name(recto_align a) {
  return a == RECTO_ALIGN_LEFT     ? "left"
         : a == RECTO_ALIGN_CENTER ? "center"
         : a == RECTO_ALIGN_RIGHT  ? "right"
                                   : NULL;
}

static recto_node *S_table_of(const recto_node *n) {
  recto_node *p = recto_node_parent(n);
  while (p && recto_node_type_of(p) != RECTO_NODE_TABLE)
    p = recto_node_parent(p);
  return p;
}

static void S_colgroup(epub_render *r, const recto_node *table) {
  size_t cols = recto_table_columns(table);
  int any = 0;
  for (size_t k = 0; k < cols; k++)
    if (recto_table_column_width(table, k) > 0)
      any = 1;
  if (!any)
    return;
  recto_buf_puts(r->out, "<colgroup>");
  for (size_t k = 0; k < cols; k++) {
    double wd = recto_table_column_width(table, k);
    /* whole percents: no decimal point for a locale to change */
    if (wd > 0)
      recto_buf_printf(r->out, "<col style=\"width: %d%%\"/>",
                       (int)((wd <= 1 ? wd * 100 : wd) + 0.5));
    else
      recto_buf_puts(r->out, "<col/>");
  }
  recto_buf_puts(r->out, "</colgroup>");
}

static void S_cell(epub_render *r, recto_node *n) {
  recto_node *row = recto_node_parent(n);
  recto_node *part = row ? recto_node_parent(row) : NULL;
  int head = part && recto_node_type_of(part) == RECTO_NODE_TABLE_HEAD;
  size_t col = r->cols.len ? (size_t)(uintptr_t)r->cols.items[r->cols.len - 1]
                           : 0;
  char extra[128] = "";
  int rs = recto_cell_rowspan(n), cs = recto_cell_colspan(n);
  if (rs > 1)
    snprintf(extra, sizeof extra, " rowspan=\"%d\"", rs);
  if (cs > 1)
    snprintf(extra + strlen(extra), sizeof extra - strlen(extra),
             " colspan=\"%d\"", cs);
  recto_align a = recto_cell_align(n);
  recto_node *table = S_table_of(n);
  if (a == RECTO_ALIGN_DEFAULT && table && col < recto_table_columns(table))
    a = recto_table_column_align(table, col);
  char cls[16] = "";
  if (S_align_name(a))
    snprintf(cls, sizeof cls, "align-%s", S_align_name(a));
  if (r->cols.len)
    r->cols.items[r->cols.len - 1] =
        (void *)(uintptr_t)(col + (cs > 1 ? (size_t)cs : 1));
  epub_open(r, n, head ? "th" : "td", cls[0] ? cls : NULL, extra, NULL, 0);
}

/* Structural semantics named by a class: epub:type and the DPUB-ARIA role
   of the same name. */
static const char *S_semantic(const recto_node *n) {
  static const char *const names[] = {
      "abstract",  "acknowledgments", "afterword", "appendix", "colophon",
      "conclusion", "dedication",     "epigraph",  "epilogue", "foreword",
      "glossary",  "introduction",    "preface",   "prologue", NULL};
  for (const char *const *p = names; *p; p++)
    if (recto_node_has_class(n, *p))
      return *p;
  return NULL;
}

/* An abstract named by its heading alone, in the languages the corpus
   holds. */
static int S_abstract_heading(const recto_node *heading) {
  static const char *const words[] = {"Abstract", "abstract", "ABSTRACT",
                                      "چکیده", "ملخص", "الملخص",
                                      "Аннотация", NULL};
  const char *t = recto_node_plain_text(heading);
  if (!t)
    return 0;
  while (*t == ' ')
    t++;
  for (const char *const *p = words; *p; p++) {
    size_t n = strlen(*p);
    if (strncmp(t, *p, n) == 0 &&
        (t[n] == 0 || t[n] == ' ' || t[n] == ':' || t[n] == '.'))
      return 1;
  }
  return 0;
}

static int S_is_section(const recto_node *n) {
  return n && recto_node_type_of(n) == RECTO_NODE_SECTION;
}

/* A top section of a book is a chapter; an article's are not. */
static void S_section(epub_render *r, recto_node *n) {
  char extra[128] = "";
  recto_node *h = recto_node_first_child(n);
  if (h && recto_node_type_of(h) != RECTO_NODE_HEADING)
    h = NULL;
  const char *sem = S_semantic(n);
  if (!sem && h)
    sem = S_semantic(h);
  if (!sem && h && S_abstract_heading(h))
    sem = "abstract";
  const epub_info *info = epub_map_get(&r->w->info, n);
  if (sem)
    snprintf(extra, sizeof extra, " epub:type=\"%s\" role=\"doc-%s\"", sem,
             sem);
  else if (r->w->book && info && info->split &&
           !S_is_section(recto_node_parent(n)))
    snprintf(extra, sizeof extra,
             " epub:type=\"chapter\" role=\"doc-chapter\"");
  epub_open(r, n, "section", NULL, extra, NULL, 0);
}

/* A NOTE (its first reference) or a NOTE_REF (a later one). */
static void S_note_ref(epub_render *r, recto_node *n) {
  if (recto_node_type_of(n) != RECTO_NODE_NOTE_REF)
    epub_note_ref(r, n);
  else
    epub_note_ref_again(r, n);
}

static void S_link_open(epub_render *r, recto_node *n) {
  recto_buf extra = RECTO_BUF_INIT;
  const char *url = recto_node_url(n);
  const char *title = recto_node_title(n);
  if (r->link_depth == 0 && url && *url) {
    const char *colon = strchr(url, ':');
    const char *slash = strpbrk(url, "/?#");
    if (url[0] == '#') {
      const epub_info *target = epub_map_get(&r->w->user_ids, url + 1);
      if (target && target->id) {
        epub_render tmp = *r;
        tmp.out = &extra;
        epub_put_href(&tmp, target->file, target->id);
      } else {
        recto_pos pos = recto_node_pos(n);
        recto_diag_emit(r->w->ctx, RECTO_DIAG_WARNING, "epub.dangling-link",
                        &pos, "link to '%s': no such id in the document; "
                        "its text is kept without the link", url);
      }
    } else if (epub_url_runs_code(url)) {
      recto_pos pos = recto_node_pos(n);
      recto_diag_emit(r->w->ctx, RECTO_DIAG_WARNING, "epub.unsafe-link",
                      &pos, "link to '%s' would run code when followed; its "
                      "text is kept without the link", url);
    } else if (colon && (!slash || colon < slash)) {
      recto_buf_puts(&extra, " href=\"");
      /* doi: is no registered URI scheme (EPUBCheck HTM-025): the DOI
         resolver's address instead, which reading systems can follow */
      if (colon - url == 3 && strncasecmp(url, "doi", 3) == 0) {
        recto_buf_puts(&extra, "https://doi.org/");
        url = colon + 1;
      }
      epub_put_url(&extra, url);
      recto_buf_putc(&extra, '"');
    } else {
      /* A relative file the book does not hold would break the EPUB. */
      recto_pos pos = recto_node_pos(n);
      recto_diag_emit(r->w->ctx, RECTO_DIAG_INFO, "epub.relative-link", &pos,
                      "relative link '%s' is not in the book; its text is "
                      "kept without the link", url);
    }
  }
  if (title && *title)
    S_attr(&extra, "title", title);
  epub_open(r, n, r->link_depth ? "span" : "a", NULL, extra.data, NULL, 0);
  recto_buf_free(&extra);
  r->link_depth++;
}

static void S_link_close(epub_render *r, recto_node *n) {
  r->link_depth--;
  epub_close(r, n, r->link_depth ? "span" : "a");
  if (r->link_depth)
    return;
  /* Note references met inside the link: links cannot nest. */
  for (size_t k = 0; k < r->late_refs.len; k++)
    S_note_ref(r, r->late_refs.items[k]);
  r->late_refs.len = 0;
}

static void S_image(epub_render *r, recto_node *n) {
  const char *alt = recto_node_plain_text(n);
  epub_image *img = epub_image_for(r->w, n);
  if (!img) {
    epub_open(r, n, "span", "image-missing", NULL, NULL, 0);
    epub_put_text(r->out, alt, strlen(alt), r->dir);
    epub_close(r, n, "span");
    return;
  }
  recto_buf extra = RECTO_BUF_INIT;
  recto_buf_puts(&extra, " src=\"../");
  recto_buf_put_xml(&extra, img->href, strlen(img->href));
  recto_buf_putc(&extra, '"');
  S_attr(&extra, "alt", alt);
  const char *title = recto_node_title(n);
  if (title && *title)
    S_attr(&extra, "title", title);
  epub_open(r, n, "img", NULL, extra.data, NULL, 1);
  recto_buf_free(&extra);
}

/* Notes, citations and page breaks inside a node whose text the writer
   chooses (an image's alt text, a citation's styled text), written after
   it in document order so that none is lost; the plan numbered them in
   the same order. */
static void S_inner_marks(epub_render *r, recto_node *top) {
  recto_iter *it = recto_iter_new(top);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (n == top || ev != RECTO_EVENT_ENTER)
      continue;
    switch (recto_node_type_of(n)) {
    case RECTO_NODE_NOTE:
    case RECTO_NODE_ANNOTATION:
      recto_iter_skip_children(it); /* the body goes with the notes */
      /* fall through */
    case RECTO_NODE_NOTE_REF:
      if (r->link_depth)
        epub_vec_push(&r->late_refs, n);
      else
        S_note_ref(r, n);
      break;
    case RECTO_NODE_CITE:
      epub_cite(r, n);
      break;
    case RECTO_NODE_PAGE_BREAK:
      epub_page_marker(r, n);
      break;
    default:
      break;
    }
  }
  recto_iter_free(it);
}

/* Quotation marks of the language in effect. */
static const char *S_quote(const recto_node *n, int open) {
  const char *lang = recto_node_effective_lang(n);
  int single = recto_node_quote_kind(n) == RECTO_QUOTE_SINGLE;
  if (lang && (recto_lang_is_rtl(lang) || strncmp(lang, "fr", 2) == 0 ||
               strncmp(lang, "ru", 2) == 0))
    return single ? (open ? "‹" : "›") : (open ? "«" : "»");
  if (lang && strncmp(lang, "de", 2) == 0)
    return single ? (open ? "‚" : "‘") : (open ? "„" : "“");
  return single ? (open ? "‘" : "’") : (open ? "“" : "”");
}

static int S_span_needed(epub_render *r, const recto_node *n) {
  const epub_info *info = epub_map_get(&r->w->info, n);
  const char *c = recto_node_classes(n);
  return (info && info->id) || (c && *c) || recto_node_lang(n) ||
         recto_node_dir(n) != RECTO_DIR_UNSET || recto_node_attr_count(n);
}

/* The tag of kinds written as one plain element. */
static const char *S_simple_tag(recto_node_type t) {
  switch (t) {
  case RECTO_NODE_BLOCK_QUOTE:
    return "blockquote";
  case RECTO_NODE_DEF_LIST:
    return "dl";
  case RECTO_NODE_FIGURE:
    return "figure";
  case RECTO_NODE_DIV:
    return "div";
  case RECTO_NODE_TABLE_HEAD:
    return "thead";
  case RECTO_NODE_TABLE_BODY:
    return "tbody";
  case RECTO_NODE_TABLE_FOOT:
    return "tfoot";
  case RECTO_NODE_EMPH:
    return "em";
  case RECTO_NODE_STRONG:
    return "strong";
  case RECTO_NODE_STRIKEOUT:
    return "del";
  case RECTO_NODE_UNDERLINE:
    return "u";
  case RECTO_NODE_SUPERSCRIPT:
    return "sup";
  case RECTO_NODE_SUBSCRIPT:
    return "sub";
  default:
    return NULL;
  }
}

/* The tag a kind was opened with, for its EXIT. */
static const char *S_tag_of(epub_render *r, const recto_node *n) {
  recto_node_type t = recto_node_type_of(n);
  const char *tag = S_simple_tag(t);
  if (tag)
    return tag;
  switch (t) {
  case RECTO_NODE_PARAGRAPH:
    return "p";
  case RECTO_NODE_LINE_BLOCK:
  case RECTO_NODE_LINE:
  case RECTO_NODE_NOTE_DEF:
    return "div";
  case RECTO_NODE_LIST:
    return recto_list_kind_of(n) == RECTO_LIST_ORDERED ? "ol" : "ul";
  case RECTO_NODE_ITEM:
    return "li";
  case RECTO_NODE_TERM:
    return "dt";
  case RECTO_NODE_DEF:
    return "dd";
  case RECTO_NODE_HEADING: {
    static const char *const h[] = {"h1", "h2", "h3", "h4", "h5", "h6"};
    int level = recto_node_level(n);
    return h[level < 1 ? 0 : level > 6 ? 5 : level - 1];
  }
  case RECTO_NODE_TABLE:
    return "table";
  case RECTO_NODE_ROW:
    return "tr";
  case RECTO_NODE_CELL: {
    recto_node *row = recto_node_parent(n);
    recto_node *part = row ? recto_node_parent(row) : NULL;
    return part && recto_node_type_of(part) == RECTO_NODE_TABLE_HEAD ? "th"
                                                                     : "td";
  }
  case RECTO_NODE_CAPTION: {
    recto_node *p = recto_node_parent(n);
    return p && recto_node_type_of(p) == RECTO_NODE_TABLE ? "caption"
                                                          : "figcaption";
  }
  case RECTO_NODE_SECTION:
    return "section";
  case RECTO_NODE_SMALLCAPS:
    return "span";
  case RECTO_NODE_SPAN:
    return S_span_needed(r, n) ? "span" : NULL;
  default:
    return NULL;
  }
}

/* ENTER: returns 1 when the children must not be walked. */
static int S_enter(epub_render *r, recto_node *n) {
  recto_node_type t = recto_node_type_of(n);
  const char *tag = S_simple_tag(t);
  if (tag) {
    epub_open(r, n, tag, NULL, NULL, NULL, 0);
    return 0;
  }
  switch (t) {
  case RECTO_NODE_PARAGRAPH:
  case RECTO_NODE_HEADING:
  case RECTO_NODE_LINE:
  case RECTO_NODE_TERM:
    epub_open(r, n, S_tag_of(r, n), t == RECTO_NODE_LINE ? "line" : NULL,
              NULL, n, 0);
    if (t == RECTO_NODE_TERM)
      S_flush_pages(r);
    return 0;
  case RECTO_NODE_LINE_BLOCK:
    epub_open(r, n, "div", "line-block", NULL, NULL, 0);
    return 0;
  case RECTO_NODE_NOTE_DEF: {
    /* A definition no reference called for: kept where it stood. */
    const char *label = recto_node_marker(n);
    recto_buf extra = RECTO_BUF_INIT;
    if (label)
      S_attr(&extra, "data-note-label", label);
    epub_open(r, n, "div", "note-orphan", extra.data, NULL, 0);
    recto_buf_free(&extra);
    return 0;
  }
  case RECTO_NODE_CODE_BLOCK:
  case RECTO_NODE_TABLE_FLAT:
    S_code_block(r, n, t == RECTO_NODE_TABLE_FLAT ? "table-flat" : NULL);
    recto_buf_putc(r->out, '\n');
    return 1;
  case RECTO_NODE_RAW_BLOCK:
  case RECTO_NODE_RAW_INLINE:
    /* never copied into the book (raw HTML may hold scripts); named,
       except comments, which hold nothing to read */
    if (!(recto_node_text_len(n) >= 4 &&
          !strncmp(recto_node_text(n), "<!--", 4)))
      xw_raw_skipped(r->w->ctx, "epub", n);
    return 1;
  case RECTO_NODE_LIST:
    S_list(r, n);
    return 0;
  case RECTO_NODE_ITEM:
  case RECTO_NODE_DEF:
    epub_open(r, n, S_tag_of(r, n), NULL, NULL, NULL, 0);
    S_flush_pages(r);
    return 0;
  case RECTO_NODE_PLAIN: {
    /* Text of the other direction in an item or a cell is isolated in a
       span: a dir on the <li> would move its marker to the other side. */
    recto_dir d = epub_block_dir(n);
    if (d != RECTO_DIR_UNSET && d != r->dir) {
      recto_buf_puts(r->out, d == RECTO_DIR_RTL ? "<span dir=\"rtl\">"
                                                : "<span dir=\"ltr\">");
      S_push_dir(r, n, d);
    }
    return 0;
  }
  case RECTO_NODE_THEMATIC_BREAK:
    epub_open(r, n, "hr", NULL, NULL, NULL, 1);
    recto_buf_putc(r->out, '\n');
    return 1;
  case RECTO_NODE_TABLE: {
    epub_open(r, n, "table", NULL, NULL, NULL, 0);
    recto_node *c = recto_node_first_child(n);
    if (!c || recto_node_type_of(c) != RECTO_NODE_CAPTION)
      S_colgroup(r, n);
    return 0;
  }
  case RECTO_NODE_ROW:
    epub_open(r, n, "tr", NULL, NULL, NULL, 0);
    epub_vec_push(&r->cols, (void *)0); /* the column of the next cell */
    return 0;
  case RECTO_NODE_CELL:
    S_cell(r, n);
    S_flush_pages(r);
    return 0;
  case RECTO_NODE_CAPTION:
    epub_open(r, n, S_tag_of(r, n), NULL, NULL, NULL, 0);
    S_flush_pages(r);
    return 0;
  case RECTO_NODE_SECTION:
    S_section(r, n);
    return 0;
  case RECTO_NODE_TEXT:
    if (recto_node_lang(n) || recto_node_dir(n) != RECTO_DIR_UNSET) {
      epub_open(r, n, "span", NULL, NULL, NULL, 0);
      S_put_dir_text(r, n);
      epub_close(r, n, "span");
    } else {
      S_put_dir_text(r, n);
    }
    return 1;
  case RECTO_NODE_SOFT_BREAK:
    recto_buf_putc(r->out, '\n');
    return 1;
  case RECTO_NODE_LINE_BREAK:
    recto_buf_puts(r->out, "<br/>");
    return 1;
  case RECTO_NODE_SMALLCAPS:
    epub_open(r, n, "span", "smallcaps", NULL, NULL, 0);
    return 0;
  case RECTO_NODE_QUOTED:
    recto_buf_puts(r->out, S_quote(n, 1));
    return 0;
  case RECTO_NODE_CODE:
    epub_open(r, n, "code", NULL, S_ltr_extra(r, n), NULL, 0);
    epub_put_xml_text(r->out, recto_node_text(n), recto_node_text_len(n));
    epub_close(r, n, "code");
    return 1;
  case RECTO_NODE_MATH:
    S_math(r, n);
    return 1;
  case RECTO_NODE_LINK:
    S_link_open(r, n);
    return 0;
  case RECTO_NODE_IMAGE:
    S_image(r, n);
    S_inner_marks(r, n);
    return 1;
  case RECTO_NODE_NOTE:
  case RECTO_NODE_NOTE_REF:
  case RECTO_NODE_ANNOTATION:
    if (r->link_depth)
      epub_vec_push(&r->late_refs, n);
    else
      S_note_ref(r, n);
    return 1;
  case RECTO_NODE_CITE:
    epub_cite(r, n);
    S_inner_marks(r, n);
    return 1;
  case RECTO_NODE_SPAN:
    if (S_span_needed(r, n))
      epub_open(r, n, "span", NULL, NULL, NULL, 0);
    return 0;
  case RECTO_NODE_PAGE_BREAK: {
    recto_node *p = recto_node_parent(n);
    if (p && S_no_phrasing(recto_node_type_of(p))) {
      epub_vec_push(&r->late_pages, n);
    } else {
      epub_page_marker(r, n);
      if (!p || !recto_node_is_inline(recto_node_type_of(p)))
        recto_buf_putc(r->out, '\n'); /* a marker among blocks */
    }
    return 1;
  }
  default:
    return 0;
  }
}

static void S_exit(epub_render *r, recto_node *n) {
  recto_node_type t = recto_node_type_of(n);
  switch (t) {
  case RECTO_NODE_QUOTED:
    recto_buf_puts(r->out, S_quote(n, 0));
    return;
  case RECTO_NODE_LINK:
    S_link_close(r, n);
    return;
  case RECTO_NODE_ROW:
    if (r->cols.len)
      r->cols.len--;
    break;
  case RECTO_NODE_PLAIN:
    if (r->dirs.len >= 2 && r->dirs.items[r->dirs.len - 2] == n) {
      recto_buf_puts(r->out, "</span>");
      S_pop_dir(r, n);
    }
    return;
  case RECTO_NODE_CAPTION: {
    recto_node *p = recto_node_parent(n);
    epub_close(r, n, S_tag_of(r, n));
    recto_buf_putc(r->out, '\n');
    if (p && recto_node_type_of(p) == RECTO_NODE_TABLE)
      S_colgroup(r, p);
    return;
  }
  default:
    break;
  }
  const char *tag = S_tag_of(r, n);
  if (tag)
    epub_close(r, n, tag);
  if (t == RECTO_NODE_LIST || t == RECTO_NODE_DEF_LIST ||
      t == RECTO_NODE_TABLE)
    S_flush_pages(r);
  if (tag && recto_node_is_block(t))
    recto_buf_putc(r->out, '\n'); /* one block a line: readable diffs */
}

/* Containers that hold blocks only: a line break after their start tag
   is no text of theirs. */
static int S_holds_blocks(recto_node_type t) {
  switch (t) {
  case RECTO_NODE_SECTION:
  case RECTO_NODE_BLOCK_QUOTE:
  case RECTO_NODE_LIST:
  case RECTO_NODE_DEF_LIST:
  case RECTO_NODE_TABLE:
  case RECTO_NODE_TABLE_HEAD:
  case RECTO_NODE_TABLE_BODY:
  case RECTO_NODE_TABLE_FOOT:
  case RECTO_NODE_ROW:
  case RECTO_NODE_DIV:
  case RECTO_NODE_FIGURE:
  case RECTO_NODE_LINE_BLOCK:
    return 1;
  default:
    return 0;
  }
}

void epub_render_tree(epub_render *r, recto_node *root) {
  recto_iter *it = recto_iter_new(root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    int leaf = recto_node_is_leaf(recto_node_type_of(n));
    if (epub_skip_node(r->w, n, root)) {
      if (ev == RECTO_EVENT_ENTER && !leaf)
        recto_iter_skip_children(it);
      continue;
    }
    if (ev == RECTO_EVENT_ENTER) {
      if (S_enter(r, n) && !leaf)
        recto_iter_skip_children(it);
      else if (S_holds_blocks(recto_node_type_of(n)) &&
               (recto_node_type_of(n) != RECTO_NODE_DIV || S_tag_of(r, n)))
        recto_buf_putc(r->out, '\n');
    } else {
      S_exit(r, n);
    }
  }
  recto_iter_free(it);
}

void epub_render_children(epub_render *r, recto_node *node) {
  for (recto_node *c = recto_node_first_child(node); c; c = recto_node_next(c))
    epub_render_tree(r, c);
}

/* ---- files ---- */

void epub_file_head(epub_writer *w, recto_buf *out, const char *title,
                    const char *to_root) {
  recto_buf_puts(out,
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<!DOCTYPE html>\n"
                 "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
                 "xmlns:epub=\"http://www.idpf.org/2007/ops\"");
  if (w->lang) {
    S_attr(out, "lang", w->lang);
    S_attr(out, "xml:lang", w->lang);
  }
  S_attr(out, "dir", S_dir_name(w->dir));
  recto_buf_puts(out, ">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>");
  epub_put_xml_text(out, title, strlen(title));
  recto_buf_puts(out, "</title>");
  for (size_t k = 0; k < (w->styles.len ? w->styles.len : 1); k++) {
    recto_buf_printf(out, "\n<link rel=\"stylesheet\" type=\"text/css\" "
                          "href=\"%s%s\"/>", to_root,
                     w->styles.len ? ((epub_image *)w->styles.items[k])->href
                                   : "styles/recto.css");
  }
  recto_buf_puts(out, "\n</head>\n<body>\n");
}

void epub_file_tail(recto_buf *out) {
  recto_buf_puts(out, "\n</body>\n</html>\n");
}

static void S_title_page(epub_render *r) {
  epub_writer *w = r->w;
  recto_buf *out = r->out;
  recto_buf_puts(out, "<section epub:type=\"titlepage\" class=\"titlepage\">"
                      "\n<h1 class=\"title\">");
  epub_put_text(out, w->title, strlen(w->title), r->dir);
  recto_buf_puts(out, "</h1>\n");
  const char *sub = recto_doc_meta_string(w->doc, "subtitle");
  if (sub && *sub) {
    recto_buf_puts(out, "<p class=\"subtitle\">");
    epub_put_text(out, sub, strlen(sub), r->dir);
    recto_buf_puts(out, "</p>\n");
  }
  epub_vec names = {0};
  epub_authors(w, &names);
  for (size_t k = 0; k < names.len; k++) {
    const char *name = names.items[k];
    recto_buf_puts(out, "<p class=\"author\">");
    epub_put_text(out, name, strlen(name), r->dir);
    recto_buf_puts(out, "</p>\n");
  }
  epub_vec_free(&names);
  const char *date = recto_doc_meta_string(w->doc, "date");
  if (date && *date) {
    recto_buf_puts(out, "<p class=\"date\">");
    epub_put_text(out, date, strlen(date), r->dir);
    recto_buf_puts(out, "</p>\n");
  }
  recto_buf_puts(out, "</section>\n");
  recto_meta *abs = recto_meta_get(recto_doc_meta(w->doc), "abstract");
  const char *abs_text = abs ? recto_meta_string(abs) : NULL;
  if (!abs_text || !*abs_text)
    return;
  recto_buf_puts(out, "<section epub:type=\"abstract\" role=\"doc-abstract\" "
                      "class=\"abstract\">\n<h2>");
  recto_buf_puts(out, epub_word_for(w->lang, EPUB_W_ABSTRACT));
  recto_buf_puts(out, "</h2>\n");
  if (recto_meta_kind_of(abs) == RECTO_META_BLOCKS) {
    epub_render_children(r, recto_meta_nodes(abs));
  } else {
    recto_buf_puts(out, "<p>");
    epub_put_text(out, abs_text, strlen(abs_text), r->dir);
    recto_buf_puts(out, "</p>");
  }
  recto_buf_puts(out, "\n</section>\n");
}

void epub_render_chunk(epub_writer *w, int index, recto_buf *out) {
  epub_chunk *c = w->chunks.items[index];
  epub_vec notes = {0};
  epub_render r;
  epub_render_init(&r, w, out, index,
                   w->endnotes ? &w->endnotes_queue : &notes);
  epub_file_head(w, out, c->title, "../");
  if (c->title_page)
    S_title_page(&r);
  for (recto_node *n = epub_chunk_next(c, NULL); n;
       n = epub_chunk_next(c, n))
    epub_render_tree(&r, n);
  S_flush_pages(&r);
  if (!w->endnotes)
    epub_render_notes(&r);
  epub_file_tail(out);
  epub_render_free(&r);
  epub_vec_free(&notes);
}
