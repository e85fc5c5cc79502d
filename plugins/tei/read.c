/* read.c: the TEI P5 reader: <text> through the element table below,
   the header by readhead.c.  Reads recto's own TEI back to the model it
   came from, GROBID's (notes at the end of the body, biblStruct) and
   pandoc's. */
#include <stdlib.h>
#include <string.h>

#include "teiread.h"

#define S_R(w) ((tei_reader *)(w)->user)

static int S_parent_is(const xmlNode *el, const char *name) {
  return el->parent && el->parent->type == XML_ELEMENT_NODE &&
         xr_is(el->parent, TEI_NS, name);
}

static int S_inline_context(xr_walk *w) {
  recto_node *c = xr_container(w);
  return c && recto_node_can_contain(c, RECTO_NODE_TEXT);
}

/* ---- divisions and headings ---- */

static recto_node *S_div(xr_walk *w, xmlNode *el) {
  const char *type = xr_attr(w, el, "type");
  if (type && !strcmp(type, "untitled"))
    return xr_container(w);
  if (type && !strcmp(type, "abstract") && S_parent_is(el, "front") &&
      !recto_meta_get(recto_doc_meta(w->doc), "abstract")) {
    /* the metadata's abstract: walked into a DIV of its own */
    recto_node *div = recto_node_new(w->doc, RECTO_NODE_DIV);
    return xr_into(w, el, div);
  }
  if (xr_child(el, "head"))
    S_R(w)->div_depth++;
  return xr_container(w);
}

static void S_div_exit(xr_walk *w, xmlNode *el, recto_node *made) {
  const char *type = xr_attr(w, el, "type");
  if (made && !recto_node_parent(made) &&
      recto_node_type_of(made) == RECTO_NODE_DIV) {
    recto_meta_set(recto_doc_meta(w->doc), "abstract",
                   recto_meta_new_nodes(w->doc, made));
    return;
  }
  if (xr_child(el, "head") && !(type && !strcmp(type, "untitled")))
    S_R(w)->div_depth--;
}

static recto_node *S_head(xr_walk *w, xmlNode *el) {
  if (S_parent_is(el, "table") || S_parent_is(el, "figure")) {
    recto_node *cap = xr_add(w, el, RECTO_NODE_CAPTION);
    return xr_into(w, el, cap);
  }
  if (S_parent_is(el, "div") || S_parent_is(el, "listBibl") ||
      S_parent_is(el, "body") || S_parent_is(el, "back") ||
      S_parent_is(el, "front")) {
    recto_node *h = xr_add(w, el, RECTO_NODE_HEADING);
    /* a bibliography's heading is the document's, whatever division
       the writer nested it in */
    int level = S_parent_is(el, "listBibl") ? 1 : S_R(w)->div_depth;
    recto_node_set_level(h, level < 1 ? 1 : level > 6 ? 6 : level);
    /* the division's id and language are the heading's */
    xr_apply_attrs(w, el->parent, h);
    return xr_into(w, el, h);
  }
  recto_node *p = xr_add(w, el, RECTO_NODE_PARAGRAPH);
  if (p)
    recto_node_add_class(p, "head");
  return xr_into(w, el, p);
}

static recto_node *S_ab(xr_walk *w, xmlNode *el) {
  const char *type = xr_attr(w, el, "type");
  if (type && !strcmp(type, "heading")) {
    recto_node *h = xr_add(w, el, RECTO_NODE_HEADING);
    const char *n = xr_attr(w, el, "n");
    int level = n ? atoi(n) : 1;
    recto_node_set_level(h, level < 1 ? 1 : level > 6 ? 6 : level);
    return xr_into(w, el, h);
  }
  if (type && !strcmp(type, "table")) {
    recto_node *t = xr_add(w, el, RECTO_NODE_TABLE_FLAT);
    const char *text = xr_text(w, el, 1);
    recto_node_set_text(t, text, strlen(text));
    return NULL;
  }
  return xr_into(w, el, xr_add(w, el, RECTO_NODE_PARAGRAPH));
}

/* ---- phrases ---- */

typedef struct S_rend {
  const char *name;
  recto_node_type type;
} S_rend;

static const S_rend S_rends[] = {
    {"italic", RECTO_NODE_EMPH},       {"i", RECTO_NODE_EMPH},
    {"it", RECTO_NODE_EMPH},           {"italics", RECTO_NODE_EMPH},
    {"bold", RECTO_NODE_STRONG},       {"b", RECTO_NODE_STRONG},
    {"strikethrough", RECTO_NODE_STRIKEOUT},
    {"strike", RECTO_NODE_STRIKEOUT},  {"underline", RECTO_NODE_UNDERLINE},
    {"u", RECTO_NODE_UNDERLINE},       {"small-caps", RECTO_NODE_SMALLCAPS},
    {"smallcaps", RECTO_NODE_SMALLCAPS}, {"sc", RECTO_NODE_SMALLCAPS},
    {"superscript", RECTO_NODE_SUPERSCRIPT}, {"sup", RECTO_NODE_SUPERSCRIPT},
    {"subscript", RECTO_NODE_SUBSCRIPT}, {"sub", RECTO_NODE_SUBSCRIPT},
};

/* <hi rend="bold italic">: one node per known token, outermost first;
   unknown tokens become the classes of a span. */
static recto_node *S_hi(xr_walk *w, xmlNode *el) {
  const char *rend = xr_attr(w, el, "rend");
  recto_node *outer = NULL, *inner = NULL;
  recto_buf rest = RECTO_BUF_INIT;
  const char *p = rend ? rend : "";
  while (*p) {
    while (*p == ' ')
      p++;
    size_t n = strcspn(p, " ");
    if (!n)
      break;
    recto_node_type t = RECTO_NODE_NONE;
    for (size_t k = 0; k < sizeof S_rends / sizeof *S_rends; k++)
      if (strlen(S_rends[k].name) == n && !strncmp(S_rends[k].name, p, n))
        t = S_rends[k].type;
    if (t != RECTO_NODE_NONE) {
      recto_node *node = recto_node_new(w->doc, t);
      recto_node_set_pos(node, xr_pos(el));
      if (!outer)
        outer = node;
      else
        recto_node_append(inner, node);
      inner = node;
    } else {
      if (rest.len)
        recto_buf_putc(&rest, ' ');
      recto_buf_put(&rest, p, n);
    }
    p += n;
  }
  if (rest.len || !outer) {
    recto_node *span = recto_node_new(w->doc, outer ? RECTO_NODE_SPAN
                                                    : RECTO_NODE_EMPH);
    recto_node_set_pos(span, xr_pos(el));
    if (rest.len && outer)
      recto_node_set_classes(span, recto_strndup(w->doc, rest.data, rest.len));
    if (!outer)
      outer = span;
    else
      recto_node_append(inner, span);
    inner = span;
    if (rest.len && outer == span) {
      /* only unknown tokens: a span with them as classes */
      recto_node *s = recto_node_new(w->doc, RECTO_NODE_SPAN);
      recto_node_set_pos(s, xr_pos(el));
      recto_node_set_classes(s, recto_strndup(w->doc, rest.data, rest.len));
      outer = inner = s;
    }
  }
  recto_buf_free(&rest);
  xr_append(w, outer);
  xr_apply_attrs(w, el, outer);
  return inner;
}

static recto_node *S_quote(xr_walk *w, xmlNode *el) {
  /* a <q> of a heading or caption is a phrase, whatever it holds (a note
     with blocks in it) */
  int phrase = xr_is(el, TEI_NS, "q") && S_parent_is(el, "head");
  if (S_parent_is(el, "cit") || (!S_inline_context(w) && !phrase)) {
    if (S_parent_is(el, "cit") &&
        recto_node_type_of(xr_container(w)) == RECTO_NODE_BLOCK_QUOTE)
      return xr_container(w);
    return xr_into(w, el, xr_add(w, el, RECTO_NODE_BLOCK_QUOTE));
  }
  recto_node *q = xr_add(w, el, RECTO_NODE_QUOTED);
  return xr_into(w, el, q);
}

static recto_node *S_cit(xr_walk *w, xmlNode *el) {
  if (S_inline_context(w)) {
    recto_node *s = xr_add(w, el, RECTO_NODE_SPAN);
    recto_node_add_class(s, "cit");
    return xr_into(w, el, s);
  }
  return xr_into(w, el, xr_add(w, el, RECTO_NODE_BLOCK_QUOTE));
}

static recto_node *S_code(xr_walk *w, xmlNode *el) {
  const char *text = xr_text(w, el, 1);
  recto_node *n = recto_node_new(w->doc, RECTO_NODE_CODE);
  recto_node_set_pos(n, xr_pos(el));
  recto_node_set_text(n, text, strlen(text));
  xr_append(w, n);
  xr_apply_attrs(w, el, n);
  return NULL;
}

static recto_node *S_eg(xr_walk *w, xmlNode *el) {
  const char *text = xr_text(w, el, 1);
  recto_node *n = recto_node_new(w->doc, RECTO_NODE_CODE_BLOCK);
  recto_node_set_pos(n, xr_pos(el));
  size_t len = strlen(text);
  while (len && text[len - 1] == '\n')
    len--;
  recto_node_set_text(n, text, len);
  xmlNode *code = xr_child(el, "code");
  const char *lang = code ? xr_attr(w, code, "lang") : NULL;
  if (lang)
    recto_node_set_info(n, lang);
  xr_append(w, n);
  return NULL;
}

static recto_node *S_formula(xr_walk *w, xmlNode *el) {
  const char *text = xr_text(w, el, 1);
  recto_node *n = recto_node_new(w->doc, RECTO_NODE_MATH);
  recto_node_set_pos(n, xr_pos(el));
  recto_node_set_text(n, text, strlen(text));
  const char *rend = xr_attr(w, el, "rend");
  recto_node_set_math_display(n, (rend && !strcmp(rend, "display")) ||
                                     !S_inline_context(w));
  xr_append(w, n);
  return NULL;
}

/* ---- links, references, citations, notes ---- */

static recto_node *S_note_ref(xr_walk *w, xmlNode *el, const char *target) {
  tei_reader *r = S_R(w);
  const char *id = target[0] == '#' ? target + 1 : target;
  for (size_t k = 0; k < r->nnote; k++)
    if (!strcmp(r->note_ids[k], id)) {
      recto_node *ref = xr_add(w, el, RECTO_NODE_NOTE_REF);
      recto_node_set_marker(ref, r->note_markers[k]);
      return NULL;
    }
  return NULL;
}

static recto_node *S_ref(xr_walk *w, xmlNode *el) {
  const char *type = xr_attr(w, el, "type");
  const char *target = xr_attr(w, el, "target");
  if (type && !strcmp(type, "bibr")) {
    recto_node *cite = xr_add(w, el, RECTO_NODE_CITE);
    for (const char *p = target ? target : ""; *p;) {
      while (*p == ' ')
        p++;
      size_t n = strcspn(p, " ");
      if (!n)
        break;
      const char *one = recto_strndup(w->doc, p[0] == '#' ? p + 1 : p,
                                      p[0] == '#' ? n - 1 : n);
      recto_cite_item *item = recto_cite_add_item(cite);
      item->key = xr_key_from_xml_id(w->doc, one);
      p += n;
    }
    return xr_into(w, el, cite);
  }
  if (type && (!strcmp(type, "note") || !strcmp(type, "foot")) && target &&
      target[0] == '#') {
    tei_reader *r = S_R(w);
    for (size_t k = 0; k < r->nnote; k++)
      if (!strcmp(r->note_ids[k], target + 1))
        return S_note_ref(w, el, target);
    /* a note further on (GROBID puts them after the text): keep the
       marker as a link to it */
  }
  recto_node *link = xr_add(w, el, RECTO_NODE_LINK);
  if (target) {
    const char *sp = strchr(target, ' ');
    recto_node_set_url(link, sp ? recto_strndup(w->doc, target,
                                                (size_t)(sp - target))
                                : target);
  }
  return xr_into(w, el, link);
}

static recto_node *S_ptr(xr_walk *w, xmlNode *el) {
  const char *target = xr_attr(w, el, "target");
  if (!target)
    return NULL;
  recto_node *link = xr_add(w, el, RECTO_NODE_LINK);
  recto_node_set_url(link, target);
  recto_node_append(link, recto_node_new_text(w->doc, target, strlen(target)));
  xr_apply_attrs(w, el, link);
  return NULL;
}

static recto_node *S_note(xr_walk *w, xmlNode *el) {
  tei_reader *r = S_R(w);
  const char *ntype = xr_attr(w, el, "type");
  if (ntype && !strcmp(ntype, "orphan")) {
    /* a note whose reference was lost, as the model keeps it */
    recto_node *div = xr_add(w, el, S_inline_context(w) ? RECTO_NODE_SPAN
                                                         : RECTO_NODE_DIV);
    recto_node_add_class(div, "orphan-note");
    recto_node_set_attr(div, "marker", xr_attr(w, el, "n"));
    return xr_into(w, el, div);
  }
  if (ntype && !strcmp(ntype, "comment")) {
    /* a reviewer's comment, as the writer writes the model's annotation */
    recto_node *a = xr_add(w, el, RECTO_NODE_ANNOTATION);
    recto_node_add_class(a, "comment");
    return xr_into(w, el, a);
  }
  if (S_parent_is(el, "figure") && !xr_attr(w, el, "place")) {
    /* GROBID's table notes: part of the figure, not a footnote */
    recto_node *div = xr_add(w, el, RECTO_NODE_DIV);
    recto_node_add_class(div, "note");
    return xr_into(w, el, div);
  }
  recto_node *note = recto_node_new(w->doc, RECTO_NODE_NOTE);
  recto_node_set_pos(note, xr_pos(el));
  const char *n = xr_attr(w, el, "n");
  char num[24];
  r->notes++;
  if (!n || !*n) {
    snprintf(num, sizeof num, "%zu", r->notes);
    n = recto_strdup(w->doc, num);
  }
  recto_node_set_marker(note, n);
  const char *place = xr_attr(w, el, "place");
  if (place && strcmp(place, "foot") != 0)
    recto_node_set_attr(note, "place", place);
  const char *type = xr_attr(w, el, "type");
  if (type)
    recto_node_set_attr(note, "type", type);
  xr_append(w, note);
  xr_apply_attrs(w, el, note);
  const char *id = recto_node_id(note);
  if (id) {
    if (r->nnote == r->capnote) {
      r->capnote = r->capnote ? r->capnote * 2 : 16;
      r->note_ids = realloc(r->note_ids, r->capnote * sizeof *r->note_ids);
      r->note_markers =
          realloc(r->note_markers, r->capnote * sizeof *r->note_markers);
      if (!r->note_ids || !r->note_markers)
        recto_out_of_memory();
    }
    r->note_ids[r->nnote] = id;
    r->note_markers[r->nnote++] = n;
  }
  return note;
}

/* ---- lists, tables, figures, verse ---- */

static recto_node *S_list(xr_walk *w, xmlNode *el) {
  const char *type = xr_attr(w, el, "type");
  const char *rend = xr_attr(w, el, "rend");
  if ((type && !strcmp(type, "gloss")) || xr_child(el, "label"))
    return xr_into(w, el, xr_add(w, el, RECTO_NODE_DEF_LIST));
  recto_node *list = xr_add(w, el, RECTO_NODE_LIST);
  /* the writer's @rend for a numbering style (recto_list_style order) */
  static const char *const styles[] = {
      "", "decimal", "lower-alpha", "upper-alpha", "lower-roman",
      "upper-roman", "arabic-indic", "persian", "example"};
  for (size_t k = 1; rend && k < sizeof styles / sizeof *styles; k++)
    if (!strcmp(rend, styles[k])) {
      recto_list_set_style(list, (recto_list_style)k);
      recto_list_set_kind(list, RECTO_LIST_ORDERED);
    }
  if ((type && (!strcmp(type, "ordered") || !strcmp(type, "numbered"))) ||
      (rend && (!strcmp(rend, "numbered") || !strcmp(rend, "ordered")))) {
    recto_list_set_kind(list, RECTO_LIST_ORDERED);
    xmlNode *first = xr_child(el, "item");
    const char *n = first ? xr_attr(w, first, "n") : NULL;
    if (n && atoi(n) > 1)
      recto_list_set_start(list, atoi(n));
  }
  return xr_into(w, el, list);
}

static recto_node *S_item(xr_walk *w, xmlNode *el) {
  recto_node *c = xr_container(w);
  if (c && recto_node_type_of(c) == RECTO_NODE_DEF_LIST) {
    recto_node *last = recto_node_last_child(c);
    if (!last || recto_node_type_of(last) != RECTO_NODE_DEF_ITEM) {
      last = recto_node_new(w->doc, RECTO_NODE_DEF_ITEM);
      recto_node_append(c, last);
      recto_node_append(last, recto_node_new(w->doc, RECTO_NODE_TERM));
    }
    recto_node *def = recto_node_new(w->doc, RECTO_NODE_DEF);
    recto_node_set_pos(def, xr_pos(el));
    recto_node_append(last, def);
    return xr_into(w, el, def);
  }
  return xr_into(w, el, xr_add(w, el, RECTO_NODE_ITEM));
}

static recto_node *S_label(xr_walk *w, xmlNode *el) {
  recto_node *c = xr_container(w);
  if (c && recto_node_type_of(c) == RECTO_NODE_DEF_LIST) {
    recto_node *item = recto_node_new(w->doc, RECTO_NODE_DEF_ITEM);
    recto_node_set_pos(item, xr_pos(el));
    recto_node_append(c, item);
    recto_node *term = recto_node_new(w->doc, RECTO_NODE_TERM);
    recto_node_append(item, term);
    return xr_into(w, el, term);
  }
  recto_node *s = xr_add(w, el, RECTO_NODE_SPAN);
  recto_node_add_class(s, "label");
  return xr_into(w, el, s);
}

static recto_node *S_row(xr_walk *w, xmlNode *el) {
  recto_node *table = xr_container(w);
  if (!table || recto_node_type_of(table) != RECTO_NODE_TABLE)
    return xr_into(w, el, xr_add(w, el, RECTO_NODE_ROW));
  const char *role = xr_attr(w, el, "role");
  const char *rend = xr_attr(w, el, "rend");
  recto_node_type part = RECTO_NODE_TABLE_BODY;
  recto_node *last = recto_node_last_child(table);
  if (role && !strcmp(role, "label") &&
      (!last || recto_node_type_of(last) == RECTO_NODE_CAPTION ||
       recto_node_type_of(last) == RECTO_NODE_TABLE_HEAD))
    part = RECTO_NODE_TABLE_HEAD;
  else if (rend && !strcmp(rend, "foot"))
    part = RECTO_NODE_TABLE_FOOT;
  if (!last || recto_node_type_of(last) != part) {
    last = recto_node_new(w->doc, part);
    recto_node_append(table, last);
  }
  recto_node *row = recto_node_new(w->doc, RECTO_NODE_ROW);
  recto_node_set_pos(row, xr_pos(el));
  recto_node_append(last, row);
  return xr_into(w, el, row);
}

static recto_node *S_cell(xr_walk *w, xmlNode *el) {
  recto_node *cell = xr_add(w, el, RECTO_NODE_CELL);
  const char *rows = xr_attr(w, el, "rows"), *cols = xr_attr(w, el, "cols");
  const char *rend = xr_attr(w, el, "rend");
  recto_align a = RECTO_ALIGN_DEFAULT;
  if (rend && strstr(rend, "left"))
    a = RECTO_ALIGN_LEFT;
  else if (rend && strstr(rend, "center"))
    a = RECTO_ALIGN_CENTER;
  else if (rend && strstr(rend, "right"))
    a = RECTO_ALIGN_RIGHT;
  int rs = rows ? atoi(rows) : 1, cs = cols ? atoi(cols) : 1;
  recto_cell_set(cell, rs < 1 ? 1 : rs, cs < 1 ? 1 : cs, a);
  return xr_into(w, el, cell);
}

/* The column count: the widest row; an alignment every cell of a
   column shares is the column's (the writer spelt it out per cell). */
static void S_table_exit(xr_walk *w, xmlNode *el, recto_node *table) {
  (void)w;
  (void)el;
  size_t cols = xr_table_width(table);
  int spans = 0;
  for (recto_node *part = recto_node_first_child(table); part;
       part = recto_node_next(part))
    for (recto_node *row = recto_node_first_child(part); row;
         row = recto_node_next(row))
      for (recto_node *c = recto_node_first_child(row); c;
           c = recto_node_next(c))
        spans |= recto_cell_colspan(c) > 1 || recto_cell_rowspan(c) > 1;
  recto_table_set_columns(table, cols);
  if (spans || cols > 256)
    return;
  recto_align col[256];
  int mixed[256];
  memset(mixed, 0, sizeof mixed);
  int first = 1;
  for (recto_node *part = recto_node_first_child(table); part;
       part = recto_node_next(part))
    for (recto_node *row = recto_node_first_child(part); row;
         row = recto_node_next(row)) {
      if (recto_node_type_of(row) != RECTO_NODE_ROW)
        continue;
      size_t k = 0;
      for (recto_node *c = recto_node_first_child(row); c && k < cols;
           c = recto_node_next(c), k++)
        if (first)
          col[k] = recto_cell_align(c);
        else if (col[k] != recto_cell_align(c))
          mixed[k] = 1;
      for (; first && k < cols; k++)
        col[k] = RECTO_ALIGN_DEFAULT;
      first = 0;
    }
  if (first)
    return;
  for (size_t k = 0; k < cols; k++)
    if (!mixed[k] && col[k] != RECTO_ALIGN_DEFAULT)
      recto_table_set_column(table, k, col[k], 0);
  for (recto_node *part = recto_node_first_child(table); part;
       part = recto_node_next(part))
    for (recto_node *row = recto_node_first_child(part); row;
         row = recto_node_next(row)) {
      size_t k = 0;
      for (recto_node *c = recto_node_first_child(row); c && k < cols;
           c = recto_node_next(c), k++)
        if (!mixed[k] && recto_node_type_of(c) == RECTO_NODE_CELL)
          recto_cell_set(c, 1, 1, RECTO_ALIGN_DEFAULT);
    }
}

static recto_node *S_graphic(xr_walk *w, xmlNode *el) {
  recto_node *img = xr_add(w, el, RECTO_NODE_IMAGE);
  const char *url = xr_attr(w, el, "url");
  if (url)
    recto_node_set_url(img, url);
  return xr_into(w, el, img);
}

static recto_node *S_lg(xr_walk *w, xmlNode *el) {
  if (S_parent_is(el, "lg"))
    return xr_container(w);
  return xr_into(w, el, xr_add(w, el, RECTO_NODE_LINE_BLOCK));
}

/* ---- page breaks and their furniture ---- */

static recto_node *S_pb(xr_walk *w, xmlNode *el) {
  tei_reader *r = S_R(w);
  recto_node *pb = recto_node_new(w->doc, RECTO_NODE_PAGE_BREAK);
  recto_node_set_pos(pb, xr_pos(el));
  const char *type = xr_attr(w, el, "type");
  recto_page_source src = type ? recto_page_source_from_name(type)
                               : RECTO_PAGE_SOURCE_EXPLICIT;
  if (src == RECTO_PAGE_SOURCE_UNKNOWN)
    src = RECTO_PAGE_SOURCE_EXPLICIT;
  recto_page_set(pb, xr_attr(w, el, "n"), src, NULL, r->pending_footer);
  r->pending_footer = NULL;
  xr_append(w, pb);
  r->last_pb = pb;
  r->last_pb_el = el;
  return NULL;
}

static xmlNode *S_prev_element(xmlNode *el) {
  for (xmlNode *c = el->prev; c; c = c->prev)
    if (c->type == XML_ELEMENT_NODE)
      return c;
  return NULL;
}

static recto_node *S_fw(xr_walk *w, xmlNode *el) {
  tei_reader *r = S_R(w);
  const char *type = xr_attr(w, el, "type");
  const char *text = xr_text(w, el, 0);
  if (type && !strcmp(type, "footer")) {
    r->pending_footer = text;
  } else if (r->last_pb && S_prev_element(el) == r->last_pb_el) {
    recto_node *pb = r->last_pb;
    recto_page_set(pb, recto_page_label(pb), recto_page_source_of(pb), text,
                   recto_page_footer(pb));
  } else {
    recto_node *s = xr_add(w, el, RECTO_NODE_SPAN);
    recto_node_add_class(s, "fw");
    return s;
  }
  return NULL;
}

/* ---- bibliographies ---- */

/* A list of entries, even inside a paragraph (which it then splits). */
static recto_node *S_list_bibl(xr_walk *w, xmlNode *el) {
  recto_node *c = xr_container(w);
  if (c && recto_node_type_of(c) == RECTO_NODE_BIBLIOGRAPHY)
    return c; /* nested lists: one bibliography */
  return xr_into(w, el, xr_add(w, el, RECTO_NODE_BIBLIOGRAPHY));
}

static recto_node *S_bibl(xr_walk *w, xmlNode *el) {
  recto_node *c = xr_container(w);
  if (c && recto_node_type_of(c) == RECTO_NODE_BIBLIOGRAPHY) {
    xr_add_entry(w, el, tei_read_entry(w, el));
    return NULL;
  }
  recto_node *s = xr_add(w, el, S_inline_context(w) ? RECTO_NODE_SPAN
                                                     : RECTO_NODE_DIV);
  recto_node_add_class(s, (const char *)el->name);
  return xr_into(w, el, s);
}

/* ---- the table ---- */

static const xr_elem S_tei[] = {
    {"TEI", RECTO_NODE_NONE, XR_TRANSPARENT, NULL, NULL, NULL},
    {"ab", RECTO_NODE_NONE, 0, NULL, S_ab, NULL},
    {"abstract", RECTO_NODE_DIV, 0, "abstract", NULL, NULL},
    {"abbr", RECTO_NODE_SPAN, 0, "abbr", NULL, NULL},
    {"add", RECTO_NODE_SPAN, 0, "add", NULL, NULL},
    {"alt", RECTO_NODE_NONE, XR_SKIP, NULL, NULL, NULL},
    {"anchor", RECTO_NODE_SPAN, 0, "anchor", NULL, NULL},
    {"back", RECTO_NODE_NONE, XR_TRANSPARENT, NULL, NULL, NULL},
    {"bibl", RECTO_NODE_NONE, 0, NULL, S_bibl, NULL},
    {"biblStruct", RECTO_NODE_NONE, 0, NULL, S_bibl, NULL},
    {"body", RECTO_NODE_NONE, XR_TRANSPARENT, NULL, NULL, NULL},
    {"byline", RECTO_NODE_PARAGRAPH, 0, "byline", NULL, NULL},
    {"cell", RECTO_NODE_NONE, 0, NULL, S_cell, NULL},
    {"cit", RECTO_NODE_NONE, 0, NULL, S_cit, NULL},
    {"code", RECTO_NODE_NONE, 0, NULL, S_code, NULL},
    {"desc", RECTO_NODE_NONE, XR_TRANSPARENT, NULL, NULL, NULL},
    {"div", RECTO_NODE_NONE, 0, NULL, S_div, S_div_exit},
    {"div1", RECTO_NODE_NONE, 0, NULL, S_div, S_div_exit},
    {"div2", RECTO_NODE_NONE, 0, NULL, S_div, S_div_exit},
    {"div3", RECTO_NODE_NONE, 0, NULL, S_div, S_div_exit},
    {"eg", RECTO_NODE_NONE, 0, NULL, S_eg, NULL},
    {"emph", RECTO_NODE_EMPH, 0, NULL, NULL, NULL},
    {"epigraph", RECTO_NODE_BLOCK_QUOTE, 0, "epigraph", NULL, NULL},
    {"figDesc", RECTO_NODE_DIV, 0, "figDesc", NULL, NULL},
    {"figure", RECTO_NODE_FIGURE, 0, NULL, NULL, xr_caption_first},
    {"foreign", RECTO_NODE_SPAN, 0, NULL, NULL, NULL},
    {"formula", RECTO_NODE_NONE, 0, NULL, S_formula, NULL},
    {"front", RECTO_NODE_NONE, XR_TRANSPARENT, NULL, NULL, NULL},
    {"fw", RECTO_NODE_NONE, 0, NULL, S_fw, NULL},
    {"gi", RECTO_NODE_NONE, 0, NULL, S_code, NULL},
    {"graphic", RECTO_NODE_NONE, 0, NULL, S_graphic, NULL},
    {"group", RECTO_NODE_NONE, XR_TRANSPARENT, NULL, NULL, NULL},
    {"head", RECTO_NODE_NONE, 0, NULL, S_head, NULL},
    {"hi", RECTO_NODE_NONE, 0, NULL, S_hi, NULL},
    {"ident", RECTO_NODE_NONE, 0, NULL, S_code, NULL},
    {"interp", RECTO_NODE_NONE, XR_SKIP, NULL, NULL, NULL},
    {"interpGrp", RECTO_NODE_NONE, XR_SKIP, NULL, NULL, NULL},
    {"item", RECTO_NODE_NONE, 0, NULL, S_item, NULL},
    {"l", RECTO_NODE_LINE, 0, NULL, NULL, NULL},
    {"label", RECTO_NODE_NONE, 0, NULL, S_label, NULL},
    {"lb", RECTO_NODE_LINE_BREAK, 0, NULL, NULL, NULL},
    {"lg", RECTO_NODE_NONE, 0, NULL, S_lg, NULL},
    {"link", RECTO_NODE_NONE, XR_SKIP, NULL, NULL, NULL},
    {"linkGrp", RECTO_NODE_NONE, XR_SKIP, NULL, NULL, NULL},
    {"list", RECTO_NODE_NONE, 0, NULL, S_list, NULL},
    {"listBibl", RECTO_NODE_NONE, 0, NULL, S_list_bibl, NULL},
    {"mentioned", RECTO_NODE_EMPH, 0, "mentioned", NULL, NULL},
    {"milestone", RECTO_NODE_THEMATIC_BREAK, 0, NULL, NULL, NULL},
    {"note", RECTO_NODE_NONE, 0, NULL, S_note, NULL},
    {"p", RECTO_NODE_PARAGRAPH, 0, NULL, NULL, NULL},
    {"pb", RECTO_NODE_NONE, 0, NULL, S_pb, NULL},
    {"ptr", RECTO_NODE_NONE, 0, NULL, S_ptr, NULL},
    {"q", RECTO_NODE_NONE, 0, NULL, S_quote, NULL},
    {"quote", RECTO_NODE_NONE, 0, NULL, S_quote, NULL},
    {"ref", RECTO_NODE_NONE, 0, NULL, S_ref, NULL},
    {"row", RECTO_NODE_NONE, 0, NULL, S_row, NULL},
    {"said", RECTO_NODE_QUOTED, 0, NULL, NULL, NULL},
    {"seg", RECTO_NODE_SPAN, 0, NULL, NULL, NULL},
    {"soCalled", RECTO_NODE_QUOTED, 0, NULL, NULL, NULL},
    {"table", RECTO_NODE_TABLE, 0, NULL, NULL, S_table_exit},
    {"teiHeader", RECTO_NODE_NONE, XR_SKIP, NULL, NULL, NULL},
    {"term", RECTO_NODE_EMPH, 0, "term", NULL, NULL},
    {"text", RECTO_NODE_NONE, XR_TRANSPARENT, NULL, NULL, NULL},
    {"timeline", RECTO_NODE_NONE, XR_SKIP, NULL, NULL, NULL},
    {"title", RECTO_NODE_EMPH, 0, "title", NULL, NULL},
    {"titlePage", RECTO_NODE_NONE, XR_SKIP, NULL, NULL, NULL},
};

/* TEI's examples of XML: their markup is the text. */
static recto_node *S_eg_xml(xr_walk *w, xmlNode *el) {
  xmlBuffer *buf = xmlBufferCreate();
  for (xmlNode *c = el->children; c; c = c->next)
    xmlNodeDump(buf, el->doc, c, 0, 0);
  recto_node *n = recto_node_new(w->doc, RECTO_NODE_CODE_BLOCK);
  recto_node_set_pos(n, xr_pos(el));
  const char *t = (const char *)xmlBufferContent(buf);
  size_t len = t ? strlen(t) : 0;
  while (len && (t[len - 1] == '\n' || t[len - 1] == ' '))
    len--;
  while (len && (*t == '\n' || *t == ' ')) {
    t++;
    len--;
  }
  recto_node_set_text(n, t ? t : "", len);
  recto_node_set_info(n, "xml");
  xmlBufferFree(buf);
  xr_append(w, n);
  return NULL;
}

static const xr_elem S_tei_examples[] = {
    {"egXML", RECTO_NODE_NONE, 0, NULL, S_eg_xml, NULL},
};

static const xr_vocab S_vocabs[] = {
    {"http://www.tei-c.org/ns/Examples", S_tei_examples, 1},
    {TEI_NS, S_tei, sizeof S_tei / sizeof *S_tei},
    {NULL, S_tei, sizeof S_tei / sizeof *S_tei}, /* TEI P4, pandoc's older */
};

/* @rend on spans and divs (seg, foreign...) as classes. */
static void S_attrs(xr_walk *w, xmlNode *el, recto_node *made) {
  recto_node_type t = recto_node_type_of(made);
  const char *style = xr_attr(w, el, "style");
  if (style && strstr(style, "direction: rtl"))
    recto_node_set_dir(made, RECTO_DIR_RTL);
  else if (style && strstr(style, "direction: ltr"))
    recto_node_set_dir(made, RECTO_DIR_LTR);
  if (t != RECTO_NODE_SPAN && t != RECTO_NODE_DIV)
    return;
  const char *rend = xr_attr(w, el, "rend");
  if (rend && *rend && xr_is(el, TEI_NS, "seg"))
    recto_node_set_classes(made, rend);
}

static const xr_config S_config = {
    "tei", S_vocabs, sizeof S_vocabs / sizeof *S_vocabs, 0, S_attrs, NULL};

static recto_status S_read(recto_context *ctx, const recto_input *in,
                           const recto_options *opts, recto_doc **out) {
  (void)opts;
  xmlDoc *x = NULL;
  recto_status st = xr_parse(ctx, "tei", in, &x);
  if (st != RECTO_OK)
    return st;
  xmlNode *root = xmlDocGetRootElement(x);
  recto_doc *doc = recto_doc_new();
  tei_reader r;
  memset(&r, 0, sizeof r);
  xr_walk w;
  xr_walk_init(&w, ctx, doc, &S_config, in->len, &r);
  const char *lang = xr_attr_ns(&w, root, (const char *)XML_XML_NAMESPACE,
                                "lang");
  xmlNode *text = xr_child(root, "text");
  if (!lang && text)
    lang = xr_attr_ns(&w, text, (const char *)XML_XML_NAMESPACE, "lang");
  if (lang && strcmp(lang, "und") != 0)
    recto_doc_set_lang(doc, lang);
  xmlNode *header = xr_child(root, "teiHeader");
  if (header)
    tei_read_header(&w, header);
  st = xr_walk_run(&w, text ? text : root, recto_doc_root(doc));
  if (st == RECTO_OK)
    xr_walk_report(&w);
  xr_walk_free(&w);
  free(r.note_ids);
  free(r.note_markers);
  xmlFreeDoc(x);
  if (st != RECTO_OK) {
    recto_doc_free(doc);
    return st;
  }
  *out = doc;
  return RECTO_OK;
}

/* Sure when the content's signature (recto/sniff.h) names TEI. */
static int S_probe(const unsigned char *head, size_t len) {
  return recto_sniff_probe(head, len, "tei");
}

static const char *const S_aliases[] = {"tei-p5", NULL};
static const char *const S_extensions[] = {"tei", "tei.xml", NULL};
static const char *const S_media[] = {"application/tei+xml", NULL};

static const recto_plugin S_reader = {
    RECTO_PLUGIN_HEADER,
    RECTO_PLUGIN_READER,
    0,
    "tei",
    S_aliases,
    S_extensions,
    S_media,
    "TEI P5 (recto's, GROBID's, pandoc's): header, notes, citations, "
    "bibliography, page breaks",
    RECTO_VERSION_STRING,
    S_probe,
    S_read,
    NULL,
    NULL,
    NULL, {NULL, NULL, NULL}};

RECTO_PLUGIN_EXPORT const recto_plugin *
recto_plugin_descriptor(uint32_t index);

RECTO_PLUGIN_EXPORT const recto_plugin *
recto_plugin_descriptor(uint32_t index) {
  return index == 0 ? &S_reader : NULL;
}
