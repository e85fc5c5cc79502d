/* pj_write.c: the document model as pandoc's JSON AST.  Walks the tree
   with recto_iter (no recursion on depth) and emits through a small
   streaming emitter that knows where commas go.  What pandoc's elements
   cannot hold travels in attributes (see README.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cslentry.h"
#include "enums.h"
#include "json.h"
#include "pandocjson.h"

typedef struct W {
  recto_context *ctx;
  recto_doc *doc;
  recto_buf *out;
  int minor;           /* pandoc-types 1.<minor> */
  unsigned char *full; /* per open array/object: holds a value already */
  size_t depth, cap;
  int after_key;
} W;

/* ---- the emitter ---- */

static void S_val(W *w) {
  if (w->after_key) {
    w->after_key = 0;
    return;
  }
  if (w->depth) {
    if (w->full[w->depth - 1])
      rj_putc(w->out, ',');
    w->full[w->depth - 1] = 1;
  }
}

static void S_open(W *w, char c) {
  S_val(w);
  rj_putc(w->out, c);
  w->full = rj_reserve(w->full, w->depth, &w->cap, 1);
  w->full[w->depth++] = 0;
}

static void S_close(W *w, char c) {
  w->depth--;
  rj_putc(w->out, c);
}

static void S_key(W *w, const char *k) {
  S_val(w);
  rj_putc(w->out, '"');
  rj_put(w->out, k, strlen(k));
  RJ_LIT(w->out, "\":");
  w->after_key = 1;
}

static void S_str(W *w, const char *s, size_t n) {
  S_val(w);
  rj_put_string(w->out, s, n);
}

static void S_cstr(W *w, const char *s) { S_str(w, s ? s : "", s ? strlen(s) : 0); }

static void S_int(W *w, long long v) {
  S_val(w);
  rj_put_int(w->out, v);
}

static void S_lit(W *w, const char *lit) {
  S_val(w);
  rj_put(w->out, lit, strlen(lit));
}

/* {"t":"Tag","c": ... the caller writes the content and calls S_end. */
static void S_begin(W *w, const char *tag) {
  S_open(w, '{');
  S_key(w, "t");
  S_cstr(w, tag);
  S_key(w, "c");
}

static void S_end(W *w) { S_close(w, '}'); }

/* {"t":"Tag"} */
static void S_tag(W *w, const char *tag) {
  S_open(w, '{');
  S_key(w, "t");
  S_cstr(w, tag);
  S_close(w, '}');
}

/* Text as pandoc tokenises it: Str runs separated by Space. */
static void S_text(W *w, const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    if (s[i] == ' ') {
      S_tag(w, "Space");
      i++;
      continue;
    }
    size_t j = i;
    while (j < n && s[j] != ' ')
      j++;
    S_begin(w, "Str");
    S_str(w, s + i, j - i);
    S_end(w);
    i = j;
  }
}

/* ---- attributes ---- */

typedef struct S_kv {
  const char *k, *v;
} S_kv;

/* Properties pandoc's element for n cannot hold, as recto-* pairs. */
typedef struct S_extras {
  S_kv kv[6];
  size_t n;
  char num[2][24];
} S_extras;

static void S_add(S_extras *x, const char *k, const char *v) {
  if (v && x->n < sizeof x->kv / sizeof *x->kv)
    x->kv[x->n++] = (S_kv){k, v};
}

static const char *S_num(S_extras *x, int slot, long long v) {
  snprintf(x->num[slot], sizeof x->num[slot], "%lld", v);
  return x->num[slot];
}

/* Whether a list is tight by pandoc's reckoning: no item holds a Para. */
static int S_derived_tight(const recto_node *list) {
  for (recto_node *it = recto_node_first_child(list); it;
       it = recto_node_next(it))
    for (recto_node *b = recto_node_first_child(it); b; b = recto_node_next(b))
      if (recto_node_type_of(b) == RECTO_NODE_PARAGRAPH)
        return 0;
  return 1;
}

/* pandoc's name of a numbering style, NULL if it has none. */
static const char *S_style_name(recto_list_style st) {
  return (unsigned)st <= RECTO_LIST_STYLE_EXAMPLE && *pj_list_styles[st]
             ? pj_list_styles[st]
             : NULL;
}

static void S_get_extras(W *w, const recto_node *n, S_extras *x) {
  (void)w;
  x->n = 0;
  switch (recto_node_type_of(n)) {
  case RECTO_NODE_LIST: {
    int bullet = recto_list_kind_of(n) == RECTO_LIST_BULLET;
    recto_list_style st = recto_list_style_of(n);
    recto_list_delim de = recto_list_delim_of(n);
    if (bullet && recto_list_start(n) != 1)
      S_add(x, PJ_PREFIX "start", S_num(x, 0, recto_list_start(n)));
    if (bullet ? st != RECTO_LIST_STYLE_DEFAULT : !S_style_name(st))
      S_add(x, PJ_PREFIX "style", nat_enum_name(&nat_list_style, (int)st));
    if (bullet ? de != RECTO_LIST_DELIM_DEFAULT
               : de > RECTO_LIST_DELIM_TWO_PARENS)
      S_add(x, PJ_PREFIX "delim", nat_enum_name(&nat_list_delim, (int)de));
    if (!recto_list_tight(n) != !S_derived_tight(n))
      S_add(x, PJ_PREFIX "tight", recto_list_tight(n) ? "true" : "false");
    break;
  }
  case RECTO_NODE_NOTE:
  case RECTO_NODE_NOTE_REF:
  case RECTO_NODE_NOTE_DEF:
    S_add(x, PJ_PREFIX "marker", recto_node_marker(n));
    break;
  case RECTO_NODE_PAGE_BREAK:
    S_add(x, PJ_PREFIX "label", recto_page_label(n));
    if (recto_page_source_of(n) != RECTO_PAGE_SOURCE_UNKNOWN)
      S_add(x, PJ_PREFIX "source",
            recto_page_source_name(recto_page_source_of(n)));
    S_add(x, PJ_PREFIX "header", recto_page_header(n));
    S_add(x, PJ_PREFIX "footer", recto_page_footer(n));
    break;
  case RECTO_NODE_SECTION:
    S_add(x, PJ_PREFIX "level", S_num(x, 0, recto_node_level(n)));
    break;
  case RECTO_NODE_BIB_ENTRY:
    if (recto_node_bib_entry(n))
      S_add(x, PJ_PREFIX "key", recto_node_bib_entry(n)->id);
    break;
  case RECTO_NODE_LINK:
  case RECTO_NODE_IMAGE:
    if (!recto_node_url(n)) /* pandoc's target is always a string */
      S_add(x, PJ_PREFIX "url", "none");
    break;
  case RECTO_NODE_TABLE:
    if (!recto_table_columns(n))
      S_add(x, PJ_PREFIX "columns", "none");
    break;
  case RECTO_NODE_CODE_BLOCK: {
    /* The info string is the first class when it is one word and the
       reader can tell it from the classes. */
    const char *info = recto_node_info(n);
    const char *cls = recto_node_classes(n);
    if (info && (!*info || strpbrk(info, " \t\n")))
      S_add(x, PJ_PREFIX "info", info);
    else if (!info && cls && *cls)
      S_add(x, PJ_PREFIX "info", "");
    break;
  }
  default:
    break;
  }
}

static int S_has_common(const recto_node *n) {
  const char *c = recto_node_classes(n);
  return recto_node_id(n) || (c && *c) || recto_node_attr_count(n) ||
         recto_node_lang(n) || recto_node_dir(n) != RECTO_DIR_UNSET;
}

/* Classes from a space-separated string. */
static void S_classes(W *w, const char *c) {
  while (c && *c) {
    while (*c == ' ')
      c++;
    size_t k = strcspn(c, " ");
    if (k)
      S_str(w, c, k);
    c += k;
  }
}

/* [id, [classes], [[k, v]...]]: the node's own attributes when common,
   lang and dir as pandoc's lang/dir keys, a leading class when cls. */
static void S_attr(W *w, const recto_node *n, int common, const char *cls,
                   const S_extras *x) {
  S_open(w, '[');
  S_cstr(w, common ? recto_node_id(n) : "");
  S_open(w, '[');
  if (cls)
    S_cstr(w, cls);
  if (common)
    S_classes(w, recto_node_classes(n));
  S_close(w, ']');
  S_open(w, '[');
  if (common) {
    size_t na = recto_node_attr_count(n);
    for (size_t i = 0; i < na; i++) {
      const char *k = NULL, *v = NULL;
      recto_node_attr_at(n, i, &k, &v);
      S_open(w, '[');
      S_cstr(w, k);
      S_cstr(w, v);
      S_close(w, ']');
    }
    if (recto_node_lang(n)) {
      S_open(w, '[');
      S_cstr(w, "lang");
      S_cstr(w, recto_node_lang(n));
      S_close(w, ']');
    }
    if (recto_node_dir(n) != RECTO_DIR_UNSET) {
      S_open(w, '[');
      S_cstr(w, "dir");
      S_cstr(w, nat_enum_name(&nat_dir, (int)recto_node_dir(n)));
      S_close(w, ']');
    }
  }
  for (size_t i = 0; x && i < x->n; i++) {
    S_open(w, '[');
    S_cstr(w, x->kv[i].k);
    S_cstr(w, x->kv[i].v);
    S_close(w, ']');
  }
  S_close(w, ']');
  S_close(w, ']');
}


/* ---- how each node is written ---- */

static int S_inline_parent(const recto_node *n) {
  recto_node *p = recto_node_parent(n);
  return p && recto_node_can_contain(p, RECTO_NODE_TEXT);
}

/* Whether a figure is pandoc's Figure (1.23) rather than a marked Div. */
static int S_native_figure(const W *w, const recto_node *n) {
  if (w->minor < 23)
    return 0;
  int seen_other = 0;
  for (recto_node *c = recto_node_first_child(n); c; c = recto_node_next(c)) {
    if (recto_node_type_of(c) == RECTO_NODE_CAPTION && seen_other)
      return 0;
    seen_other = 1;
  }
  return 1;
}

/* A caption in pandoc's Caption slot (of a table or of a Figure). */
static int S_slot_caption(const W *w, const recto_node *n) {
  recto_node *p = recto_node_parent(n);
  if (!p)
    return 0;
  if (recto_node_type_of(p) == RECTO_NODE_TABLE)
    return 1;
  return recto_node_type_of(p) == RECTO_NODE_FIGURE && S_native_figure(w, p) &&
         recto_node_first_child(p) == n;
}

typedef enum S_shape {
  S_PANDOC,    /* pandoc's own element, which has an Attr */
  S_BARE,      /* pandoc's own element without an Attr */
  S_CONTAINER, /* a slot of its parent's element (item, term...) */
  S_MARKED     /* a Div or Span marked with the kind's class */
} S_shape;

static S_shape S_shape_of(const W *w, const recto_node *n) {
  switch (recto_node_type_of(n)) {
  case RECTO_NODE_HEADING:
  case RECTO_NODE_CODE_BLOCK:
  case RECTO_NODE_DIV:
  case RECTO_NODE_TABLE:
  case RECTO_NODE_TABLE_HEAD:
  case RECTO_NODE_TABLE_BODY:
  case RECTO_NODE_TABLE_FOOT:
  case RECTO_NODE_ROW:
  case RECTO_NODE_CELL:
  case RECTO_NODE_CODE:
  case RECTO_NODE_LINK:
  case RECTO_NODE_IMAGE:
  case RECTO_NODE_SPAN:
    return S_PANDOC;
  case RECTO_NODE_FIGURE:
    return S_native_figure(w, n) ? S_PANDOC : S_MARKED;
  case RECTO_NODE_CAPTION:
    return S_slot_caption(w, n) ? S_CONTAINER : S_MARKED;
  case RECTO_NODE_ITEM:
  case RECTO_NODE_DEF:
  case RECTO_NODE_TERM:
  case RECTO_NODE_LINE:
  case RECTO_NODE_DEF_ITEM:
    return S_CONTAINER;
  case RECTO_NODE_NOTE_DEF:
  case RECTO_NODE_NOTE_REF:
  case RECTO_NODE_SECTION:
  case RECTO_NODE_BIBLIOGRAPHY:
  case RECTO_NODE_BIB_ENTRY:
  case RECTO_NODE_TABLE_FLAT:
  case RECTO_NODE_PAGE_BREAK:
    return S_MARKED;
  default:
    return S_BARE;
  }
}

/* Whether a term is one of several of its item: pandoc has one term per
   item, so each goes in a marked Span of that one. */
static int S_extra_term(const recto_node *n) {
  if (recto_node_type_of(n) != RECTO_NODE_TERM)
    return 0;
  recto_node *a = recto_node_prev(n), *b = recto_node_next(n);
  return (a && recto_node_type_of(a) == RECTO_NODE_TERM) ||
         (b && recto_node_type_of(b) == RECTO_NODE_TERM);
}

static int S_is(const recto_node *n, recto_node_type t) {
  return n && recto_node_type_of(n) == t;
}

/* Whether a bare element or a container needs a Div/Span of its own. */
static int S_wrapped(const W *w, const recto_node *n) {
  S_shape sh = S_shape_of(w, n);
  if (sh != S_BARE && sh != S_CONTAINER)
    return 0;
  if (recto_node_type_of(n) == RECTO_NODE_DEF_ITEM)
    return 0;
  S_extras x;
  S_get_extras((W *)w, n, &x);
  return S_has_common(n) || x.n || S_extra_term(n);
}

/* Open a Div or Span around (or, for containers, inside) n. */
static void S_wrap_open(W *w, const recto_node *n, int span, const char *cls) {
  S_extras x;
  S_get_extras(w, n, &x);
  S_begin(w, span ? "Span" : "Div");
  S_open(w, '[');
  S_attr(w, n, 1, cls, &x);
  S_open(w, '[');
}

static void S_wrap_close(W *w) {
  S_close(w, ']');
  S_close(w, ']');
  S_end(w);
}

/* ---- tables: slots filled in order, defaults where a part is absent ---- */

enum { T_CAPTION, T_COLSPECS, T_HEAD, T_BODIES_OPEN, T_BODY, T_BODIES_CLOSE,
       T_FOOT, T_END };

/* The slot a part of a table fills.  A head that does not open the
   table (after its caption) or a foot that does not close it is written
   as a body marked with its kind's class. */
static int S_table_slot(const recto_node *n) {
  recto_node *prev = n ? recto_node_prev(n) : NULL;
  switch (n ? recto_node_type_of(n) : RECTO_NODE_NONE) {
  case RECTO_NODE_CAPTION:
    return prev ? T_BODY : T_CAPTION;
  case RECTO_NODE_TABLE_HEAD:
    return !prev || (recto_node_type_of(prev) == RECTO_NODE_CAPTION &&
                     !recto_node_prev(prev))
               ? T_HEAD
               : T_BODY;
  case RECTO_NODE_TABLE_BODY:
    return T_BODY;
  case RECTO_NODE_TABLE_FOOT:
    return recto_node_next(n) ? T_BODY : T_FOOT;
  default:
    return T_END;
  }
}

/* The class a head or foot's Attr leads with: its kind's when it is
   written as a body, or when it is empty and would otherwise read as
   absent. */
static const char *S_part_class(const recto_node *n) {
  recto_node_type t = recto_node_type_of(n);
  if (t != RECTO_NODE_TABLE_HEAD && t != RECTO_NODE_TABLE_FOOT)
    return NULL;
  if (S_table_slot(n) == T_BODY ||
      (!recto_node_first_child(n) && !S_has_common(n)))
    return pj_kind_class(t);
  return NULL;
}

static size_t S_row_width(const recto_node *row) {
  size_t k = 0;
  for (recto_node *c = recto_node_first_child(row); c; c = recto_node_next(c))
    k += (size_t)recto_cell_colspan(c);
  return k;
}

static void S_colspecs(W *w, const recto_node *table) {
  size_t cols = recto_table_columns(table);
  if (!cols) /* columns unset: as many as the widest row */
    for (recto_node *p = recto_node_first_child(table); p;
         p = recto_node_next(p))
      for (recto_node *r = recto_node_first_child(p); r; r = recto_node_next(r))
        if (recto_node_type_of(r) == RECTO_NODE_ROW && S_row_width(r) > cols)
          cols = S_row_width(r);
  int set = recto_table_columns(table) > 0;
  S_open(w, '[');
  for (size_t i = 0; i < cols; i++) {
    S_open(w, '[');
    S_tag(w, pj_aligns[set ? recto_table_column_align(table, i) : 0]);
    double width = set ? recto_table_column_width(table, i) : 0;
    if (width > 0) {
      S_begin(w, "ColWidth");
      S_val(w);
      rj_put_double(w->out, width);
      S_end(w);
    } else {
      S_tag(w, "ColWidthDefault");
    }
    S_close(w, ']');
  }
  S_close(w, ']');
}

static void S_table_fill(W *w, const recto_node *table, int from, int to) {
  for (int s = from + 1; s < to; s++) {
    switch (s) {
    case T_CAPTION:
      S_lit(w, "[null,[]]");
      break;
    case T_COLSPECS:
      S_colspecs(w, table);
      break;
    case T_HEAD:
    case T_FOOT:
      S_lit(w, "[[\"\",[],[]],[]]");
      break;
    case T_BODIES_OPEN:
      S_open(w, '[');
      break;
    case T_BODIES_CLOSE:
      S_close(w, ']');
      break;
    default:
      break;
    }
  }
}

/* ---- entering and leaving nodes ---- */

static void S_cite(W *w, const recto_node *n) {
  S_open(w, '[');
  size_t count = recto_cite_count(n);
  for (size_t i = 0; i < count; i++) {
    const recto_cite_item *it = recto_cite_item_at(n, i);
    S_open(w, '{');
    S_key(w, "citationId");
    S_cstr(w, it->key);
    S_key(w, "citationPrefix");
    S_open(w, '[');
    if (it->prefix)
      S_text(w, it->prefix, strlen(it->prefix));
    S_close(w, ']');
    S_key(w, "citationSuffix");
    S_open(w, '[');
    if (it->locator || it->label) {
      S_extras x = {.n = 0};
      S_add(&x, PJ_PREFIX "label", it->label);
      S_begin(w, "Span");
      S_open(w, '[');
      S_attr(w, n, 0, PJ_PREFIX "locator", &x);
      S_open(w, '[');
      if (it->locator)
        S_text(w, it->locator, strlen(it->locator));
      S_wrap_close(w);
    }
    if (it->suffix)
      S_text(w, it->suffix, strlen(it->suffix));
    S_close(w, ']');
    S_key(w, "citationMode");
    S_tag(w, pj_cite_modes[it->mode <= RECTO_CITE_SUPPRESS_AUTHOR ? it->mode
                                                                   : 0]);
    S_key(w, "citationNoteNum");
    S_int(w, 0);
    S_key(w, "citationHash");
    S_int(w, 0);
    S_close(w, '}');
  }
  S_close(w, ']');
}

static const char *S_simple_inline(recto_node_type t) {
  switch (t) {
  case RECTO_NODE_EMPH: return "Emph";
  case RECTO_NODE_STRONG: return "Strong";
  case RECTO_NODE_STRIKEOUT: return "Strikeout";
  case RECTO_NODE_UNDERLINE: return "Underline";
  case RECTO_NODE_SUPERSCRIPT: return "Superscript";
  case RECTO_NODE_SUBSCRIPT: return "Subscript";
  case RECTO_NODE_SMALLCAPS: return "SmallCaps";
  case RECTO_NODE_NOTE: return "Note";
  case RECTO_NODE_PARAGRAPH: return "Para";
  case RECTO_NODE_PLAIN: return "Plain";
  case RECTO_NODE_LINE_BLOCK: return "LineBlock";
  case RECTO_NODE_BLOCK_QUOTE: return "BlockQuote";
  default: return NULL;
  }
}

static void S_enter(W *w, recto_node *n) {
  recto_node_type t = recto_node_type_of(n);
  S_shape sh = S_shape_of(w, n);
  int inl = S_inline_parent(n);
  if (sh == S_BARE && S_wrapped(w, n))
    S_wrap_open(w, n, inl, PJ_WRAP);
  if (sh == S_MARKED) {
    const char *cls = pj_kind_class(t);
    if (t == RECTO_NODE_TABLE_FLAT) {
      S_begin(w, "CodeBlock");
      S_open(w, '[');
      S_extras x;
      S_get_extras(w, n, &x);
      S_attr(w, n, 1, cls, &x);
      S_str(w, recto_node_text(n), recto_node_text_len(n));
      S_close(w, ']');
      S_end(w);
      return;
    }
    S_wrap_open(w, n, inl, cls);
    return;
  }
  const char *simple = S_simple_inline(t);
  if (simple) {
    S_begin(w, simple);
    S_open(w, '[');
    return;
  }
  recto_node *p = recto_node_parent(n);
  switch (t) {
  case RECTO_NODE_TEXT:
    S_text(w, recto_node_text(n), recto_node_text_len(n));
    break;
  case RECTO_NODE_SOFT_BREAK:
    S_tag(w, "SoftBreak");
    break;
  case RECTO_NODE_LINE_BREAK:
    S_tag(w, "LineBreak");
    break;
  case RECTO_NODE_THEMATIC_BREAK:
    S_tag(w, "HorizontalRule");
    break;
  case RECTO_NODE_CODE_BLOCK:
  case RECTO_NODE_CODE: {
    S_begin(w, t == RECTO_NODE_CODE ? "Code" : "CodeBlock");
    S_open(w, '[');
    S_extras x;
    S_get_extras(w, n, &x);
    const char *info = t == RECTO_NODE_CODE_BLOCK ? recto_node_info(n) : NULL;
    S_attr(w, n, 1, info && *info && !x.n ? info : NULL, &x);
    S_str(w, recto_node_text(n), recto_node_text_len(n));
    S_close(w, ']');
    S_end(w);
    break;
  }
  case RECTO_NODE_RAW_BLOCK:
  case RECTO_NODE_RAW_INLINE:
    S_begin(w, t == RECTO_NODE_RAW_BLOCK ? "RawBlock" : "RawInline");
    S_open(w, '[');
    S_cstr(w, recto_node_info(n));
    S_str(w, recto_node_text(n), recto_node_text_len(n));
    S_close(w, ']');
    S_end(w);
    break;
  case RECTO_NODE_MATH:
    S_begin(w, "Math");
    S_open(w, '[');
    S_tag(w, pj_math_kinds[recto_node_math_display(n) ? 1 : 0]);
    S_str(w, recto_node_text(n), recto_node_text_len(n));
    S_close(w, ']');
    S_end(w);
    break;
  case RECTO_NODE_HEADING:
    S_begin(w, "Header");
    S_open(w, '[');
    S_int(w, recto_node_level(n));
    S_attr(w, n, 1, NULL, NULL);
    S_open(w, '[');
    break;
  case RECTO_NODE_DIV:
  case RECTO_NODE_SPAN:
    S_begin(w, t == RECTO_NODE_DIV ? "Div" : "Span");
    S_open(w, '[');
    S_attr(w, n, 1, NULL, NULL);
    S_open(w, '[');
    break;
  case RECTO_NODE_QUOTED:
    S_begin(w, "Quoted");
    S_open(w, '[');
    S_tag(w, pj_quotes[recto_node_quote_kind(n) == RECTO_QUOTE_SINGLE]);
    S_open(w, '[');
    break;
  case RECTO_NODE_LINK:
  case RECTO_NODE_IMAGE:
    S_begin(w, t == RECTO_NODE_LINK ? "Link" : "Image");
    S_open(w, '[');
    S_extras x;
    S_get_extras(w, n, &x);
    S_attr(w, n, 1, NULL, &x);
    S_open(w, '[');
    break;
  case RECTO_NODE_CITE:
    S_begin(w, "Cite");
    S_open(w, '[');
    S_cite(w, n);
    S_open(w, '[');
    break;
  case RECTO_NODE_LIST:
    if (recto_list_kind_of(n) == RECTO_LIST_BULLET) {
      S_begin(w, "BulletList");
    } else {
      recto_list_style st = recto_list_style_of(n);
      recto_list_delim de = recto_list_delim_of(n);
      S_begin(w, "OrderedList");
      S_open(w, '[');
      S_open(w, '[');
      S_int(w, recto_list_start(n));
      S_tag(w, S_style_name(st) ? S_style_name(st) : "Decimal");
      S_tag(w, pj_list_delims[de <= RECTO_LIST_DELIM_TWO_PARENS ? de : 0]);
      S_close(w, ']');
    }
    S_open(w, '[');
    break;
  case RECTO_NODE_DEF_LIST:
    S_begin(w, "DefinitionList");
    S_open(w, '[');
    break;
  case RECTO_NODE_DEF_ITEM:
    if (S_has_common(n))
      recto_diag_emit(w->ctx, RECTO_DIAG_WARNING, "json.dropped", NULL,
                      "a definition item's attributes have no place in "
                      "pandoc's JSON; dropped");
    S_open(w, '[');
    if (!recto_node_first_child(n) ||
        recto_node_type_of(recto_node_first_child(n)) != RECTO_NODE_TERM) {
      S_lit(w, "[]");
      S_open(w, '[');
    }
    break;
  case RECTO_NODE_ITEM:
  case RECTO_NODE_DEF:
  case RECTO_NODE_TERM:
  case RECTO_NODE_LINE:
    if (!(t == RECTO_NODE_TERM && S_is(recto_node_prev(n), RECTO_NODE_TERM)))
      S_open(w, '[');
    if (S_wrapped(w, n))
      S_wrap_open(w, n, t == RECTO_NODE_TERM || t == RECTO_NODE_LINE,
                  pj_kind_class(t));
    break;
  case RECTO_NODE_CAPTION: /* in a slot */
    S_open(w, '[');
    S_lit(w, "null");
    S_open(w, '[');
    if (S_wrapped(w, n))
      S_wrap_open(w, n, 0, pj_kind_class(t));
    break;
  case RECTO_NODE_FIGURE:
    S_begin(w, "Figure");
    S_open(w, '[');
    S_attr(w, n, 1, NULL, NULL);
    if (!recto_node_first_child(n) ||
        recto_node_type_of(recto_node_first_child(n)) != RECTO_NODE_CAPTION) {
      S_lit(w, "[null,[]]");
      S_open(w, '[');
    }
    break;
  case RECTO_NODE_TABLE: {
    S_extras x;
    S_get_extras(w, n, &x);
    S_begin(w, "Table");
    S_open(w, '[');
    S_attr(w, n, 1, NULL, &x);
    S_table_fill(w, n, -1, S_table_slot(recto_node_first_child(n)));
    break;
  }
  case RECTO_NODE_TABLE_HEAD:
  case RECTO_NODE_TABLE_FOOT:
  case RECTO_NODE_TABLE_BODY:
    S_open(w, '[');
    S_attr(w, n, 1, S_part_class(n), NULL);
    if (S_table_slot(n) == T_BODY) {
      S_int(w, 0);
      S_lit(w, "[]");
    }
    S_open(w, '[');
    break;
  case RECTO_NODE_ROW:
    S_open(w, '[');
    S_attr(w, n, 1, NULL, NULL);
    S_open(w, '[');
    break;
  case RECTO_NODE_CELL:
    S_open(w, '[');
    S_attr(w, n, 1, NULL, NULL);
    S_tag(w, pj_aligns[recto_cell_align(n) <= RECTO_ALIGN_RIGHT
                           ? recto_cell_align(n)
                           : 0]);
    S_int(w, recto_cell_rowspan(n));
    S_int(w, recto_cell_colspan(n));
    S_open(w, '[');
    break;
  default:
    recto_diag_emit(w->ctx, RECTO_DIAG_WARNING, "json.dropped", NULL,
                    "a %s inside a %s has no place in pandoc's JSON; dropped",
                    recto_node_type_name(t),
                    p ? recto_node_type_name(recto_node_type_of(p)) : "?");
    break;
  }
}

static void S_exit(W *w, recto_node *n) {
  recto_node_type t = recto_node_type_of(n);
  S_shape sh = S_shape_of(w, n);
  if (sh == S_MARKED) {
    if (t != RECTO_NODE_TABLE_FLAT) /* a CodeBlock, complete already */
      S_wrap_close(w);
    return;
  }
  recto_node *p = recto_node_parent(n);
  switch (t) {
  case RECTO_NODE_HEADING:
  case RECTO_NODE_DIV:
  case RECTO_NODE_SPAN:
  case RECTO_NODE_QUOTED:
  case RECTO_NODE_CITE:
    S_close(w, ']');
    S_close(w, ']');
    S_end(w);
    break;
  case RECTO_NODE_LINK:
  case RECTO_NODE_IMAGE:
    S_close(w, ']');
    S_open(w, '[');
    S_cstr(w, recto_node_url(n));
    S_cstr(w, recto_node_title(n));
    S_close(w, ']');
    S_close(w, ']');
    S_end(w);
    break;
  case RECTO_NODE_LIST:
    S_close(w, ']');
    if (recto_list_kind_of(n) == RECTO_LIST_ORDERED)
      S_close(w, ']');
    S_end(w);
    break;
  case RECTO_NODE_DEF_LIST:
    S_close(w, ']');
    S_end(w);
    break;
  case RECTO_NODE_DEF_ITEM:
    S_close(w, ']');
    S_close(w, ']');
    break;
  case RECTO_NODE_ITEM:
  case RECTO_NODE_DEF:
  case RECTO_NODE_TERM:
  case RECTO_NODE_LINE:
    if (S_wrapped(w, n))
      S_wrap_close(w);
    if (t == RECTO_NODE_TERM && S_is(recto_node_next(n), RECTO_NODE_TERM))
      break; /* the next term goes in the same slot */
    S_close(w, ']');
    if (t == RECTO_NODE_TERM)
      S_open(w, '['); /* the definitions */
    break;
  case RECTO_NODE_CAPTION:
    if (S_wrapped(w, n))
      S_wrap_close(w);
    S_close(w, ']');
    S_close(w, ']');
    if (p && recto_node_type_of(p) == RECTO_NODE_TABLE)
      S_table_fill(w, p, T_CAPTION, S_table_slot(recto_node_next(n)));
    else
      S_open(w, '['); /* the figure's blocks */
    break;
  case RECTO_NODE_FIGURE:
    S_close(w, ']');
    S_close(w, ']');
    S_end(w);
    break;
  case RECTO_NODE_TABLE:
    S_close(w, ']');
    S_end(w);
    break;
  case RECTO_NODE_TABLE_HEAD:
  case RECTO_NODE_TABLE_BODY:
  case RECTO_NODE_TABLE_FOOT:
    S_close(w, ']');
    S_close(w, ']');
    if (p)
      S_table_fill(w, p, S_table_slot(n), S_table_slot(recto_node_next(n)));
    break;
  case RECTO_NODE_ROW:
  case RECTO_NODE_CELL:
    S_close(w, ']');
    S_close(w, ']');
    break;
  default:
    if (S_simple_inline(t)) {
      S_close(w, ']');
      S_end(w);
    }
    break;
  }
  if (sh == S_BARE && S_wrapped(w, n))
    S_wrap_close(w);
}

/* The children of top (not top itself). */
static void S_walk(W *w, recto_node *top) {
  recto_iter *it = recto_iter_new(top);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (n == top)
      continue;
    if (ev == RECTO_EVENT_ENTER)
      S_enter(w, n);
    /* leaves are reported once: they are left as soon as entered */
    if (ev == RECTO_EVENT_EXIT || recto_node_is_leaf(recto_node_type_of(n)))
      S_exit(w, n);
  }
  recto_iter_free(it);
}

/* ---- metadata ---- */

/* A key of a metadata map (any text, escaped). */
static void S_meta_key(W *w, const char *key) {
  S_val(w);
  rj_put_cstr(w->out, key);
  rj_putc(w->out, ':');
  w->after_key = 1;
}

/* A JSON value (a CSL entry as cslentry.c writes it) as a MetaValue. */
static void S_json_meta(W *w, const rj_value *v) {
  switch (v->type) {
  case RJ_OBJECT:
    S_begin(w, "MetaMap");
    S_open(w, '{');
    for (const rj_value *m = v->first; m; m = m->next) {
      S_val(w);
      rj_put_string(w->out, m->key, m->key_len);
      rj_putc(w->out, ':');
      w->after_key = 1;
      S_json_meta(w, m);
    }
    S_close(w, '}');
    S_end(w);
    break;
  case RJ_ARRAY:
    S_begin(w, "MetaList");
    S_open(w, '[');
    for (const rj_value *m = v->first; m; m = m->next)
      S_json_meta(w, m);
    S_close(w, ']');
    S_end(w);
    break;
  case RJ_TRUE:
  case RJ_FALSE:
    S_begin(w, "MetaBool");
    S_lit(w, v->type == RJ_TRUE ? "true" : "false");
    S_end(w);
    break;
  case RJ_STRING:
  case RJ_NUMBER:
    S_begin(w, "MetaString");
    S_str(w, v->str, v->len);
    S_end(w);
    break;
  default:
    S_begin(w, "MetaString");
    S_cstr(w, "");
    S_end(w);
    break;
  }
}

static void S_entry(W *w, const recto_bib_entry *e) {
  recto_buf tmp = RECTO_BUF_INIT;
  csl_write_entry(&tmp, e, 0, CSL_NATIVE);
  rj_doc jd;
  rj_error err;
  if (rj_parse(tmp.data, tmp.len, &jd, &err) == 0)
    S_json_meta(w, jd.root);
  rj_free(&jd);
  recto_buf_free(&tmp);
}

/* Metadata nests as deep as its source; deeper than this is dropped with
   a warning rather than risking the C stack. */
#define S_META_DEPTH 200

static void S_meta(W *w, const recto_meta *m, int depth) {
  if (depth > S_META_DEPTH) {
    recto_diag_emit(w->ctx, RECTO_DIAG_WARNING, "json.dropped", NULL,
                    "metadata nested deeper than %d levels; dropped",
                    S_META_DEPTH);
    S_begin(w, "MetaString");
    S_cstr(w, "");
    S_end(w);
    return;
  }
  switch (recto_meta_kind_of(m)) {
  case RECTO_META_MAP:
    S_begin(w, "MetaMap");
    S_open(w, '{');
    for (size_t i = 0; i < recto_meta_count(m); i++) {
      const char *key = NULL;
      const recto_meta *v = recto_meta_at(m, i, &key);
      S_meta_key(w, key ? key : "");
      S_meta(w, v, depth + 1);
    }
    S_close(w, '}');
    S_end(w);
    break;
  case RECTO_META_LIST:
    S_begin(w, "MetaList");
    S_open(w, '[');
    for (size_t i = 0; i < recto_meta_count(m); i++)
      S_meta(w, recto_meta_at(m, i, NULL), depth + 1);
    S_close(w, ']');
    S_end(w);
    break;
  case RECTO_META_BOOL:
    S_begin(w, "MetaBool");
    S_lit(w, recto_meta_bool(m) ? "true" : "false");
    S_end(w);
    break;
  case RECTO_META_STRING:
    S_begin(w, "MetaString");
    S_cstr(w, recto_meta_string(m));
    S_end(w);
    break;
  case RECTO_META_INLINES:
  case RECTO_META_BLOCKS: {
    recto_node *c = recto_meta_nodes(m);
    S_begin(w, recto_meta_kind_of(m) == RECTO_META_INLINES ? "MetaInlines"
                                                            : "MetaBlocks");
    S_open(w, '[');
    if (c && S_has_common(c)) {
      S_wrap_open(w, c, recto_meta_kind_of(m) == RECTO_META_INLINES, PJ_WRAP);
      S_walk(w, c);
      S_wrap_close(w);
    } else if (c) {
      S_walk(w, c);
    }
    S_close(w, ']');
    S_end(w);
    break;
  }
  }
}

static void S_meta_string(W *w, const char *key, const char *value) {
  S_meta_key(w, key);
  S_begin(w, "MetaString");
  S_cstr(w, value);
  S_end(w);
}

static void S_doc_meta(W *w, recto_doc *doc) {
  recto_node *root = recto_doc_root(doc);
  const recto_meta *meta = recto_doc_meta(doc);
  /* the entries, in document order */
  size_t nent = 0, cap = 0;
  const recto_bib_entry **ents = NULL;
  recto_iter *it = recto_iter_new(root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev == RECTO_EVENT_ENTER &&
        recto_node_type_of(n) == RECTO_NODE_BIB_ENTRY &&
        recto_node_bib_entry(n)) {
      ents = rj_reserve(ents, nent, &cap, sizeof *ents);
      ents[nent++] = recto_node_bib_entry(n);
    }
  }
  recto_iter_free(it);

  S_open(w, '{');
  for (size_t i = 0; i < recto_meta_count(meta); i++) {
    const char *key = NULL;
    const recto_meta *v = recto_meta_at(meta, i, &key);
    if (nent && key && !strcmp(key, "references"))
      continue;
    S_meta_key(w, key ? key : "");
    S_meta(w, v, 1);
  }
  if (nent) {
    S_meta_key(w, "references");
    S_begin(w, "MetaList");
    S_open(w, '[');
    for (size_t i = 0; i < nent; i++)
      S_entry(w, ents[i]);
    S_close(w, ']');
    S_end(w);
  }
  free(ents);
  /* the document's language and direction, when the metadata does not
     already say them */
  const char *lang = recto_doc_lang(doc);
  const char *mlang = recto_doc_meta_string(doc, "lang");
  if (lang && (!mlang || strcmp(lang, mlang)))
    S_meta_string(w, PJ_PREFIX "lang", lang);
  recto_dir dir = recto_doc_dir(doc);
  const char *mdir = recto_doc_meta_string(doc, "dir");
  const char *dname = nat_enum_name(&nat_dir, (int)dir);
  if (dir != RECTO_DIR_UNSET && (!mdir || strcmp(dname, mdir)))
    S_meta_string(w, PJ_PREFIX "dir", dname);
  size_t nsteps = recto_doc_step_count(doc);
  if (nsteps) {
    S_meta_key(w, PJ_PREFIX "steps");
    S_begin(w, "MetaList");
    S_open(w, '[');
    for (size_t i = 0; i < nsteps; i++) {
      const char *name = NULL, *desc = NULL;
      recto_doc_step_at(doc, i, &name, &desc);
      S_begin(w, "MetaMap");
      S_open(w, '{');
      S_meta_string(w, "name", name ? name : "");
      if (desc)
        S_meta_string(w, "description", desc);
      S_close(w, '}');
      S_end(w);
    }
    S_close(w, ']');
    S_end(w);
  }
  if (S_has_common(root)) {
    /* the root's own attributes, on an empty marked Div */
    S_meta_key(w, PJ_PREFIX "root");
    S_begin(w, "MetaBlocks");
    S_open(w, '[');
    S_wrap_open(w, root, 0, PJ_PREFIX "root");
    S_wrap_close(w);
    S_close(w, ']');
    S_end(w);
  }
  S_close(w, '}');
}

recto_status pj_write(recto_context *ctx, recto_doc *doc,
                      const recto_options *opts, recto_buf *out) {
  W w = {ctx, doc, out, 23, NULL, 0, 0, 0};
  const char *api = recto_options_get(opts, "pandoc-api-version");
  if (api) {
    if (!strcmp(api, "1.22")) {
      w.minor = 22;
    } else if (strcmp(api, "1.23")) {
      recto_diag_emit(ctx, RECTO_DIAG_ERROR, "json.option", NULL,
                      "pandoc-api-version=%.20s: this writer writes 1.22 or "
                      "1.23",
                      api);
      return RECTO_ERR_USAGE;
    }
  }
  S_open(&w, '{');
  S_key(&w, "pandoc-api-version");
  S_lit(&w, w.minor == 22 ? "[1,22,2,1]" : "[1,23,1]");
  S_key(&w, "meta");
  S_doc_meta(&w, doc);
  S_key(&w, "blocks");
  S_open(&w, '[');
  S_walk(&w, recto_doc_root(doc));
  S_close(&w, ']');
  S_close(&w, '}');
  rj_putc(out, '\n');
  free(w.full);
  return RECTO_OK;
}
