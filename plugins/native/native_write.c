/* native_write.c: the document model as deterministic, pretty JSON.
   One node per line, keys in a fixed order, so that golden files make
   reviewable diffs.  Walks with recto_iter: no recursion on depth. */
#include <stdlib.h>
#include <string.h>

#include "cslentry.h"
#include "enums.h"
#include "json.h"
#include "native.h"

/* The recto_doc_source keys the model defines. */
static const char *const S_source_keys[] = {"file", "format", "encoding"};

/* ", "key": ": the keys are the model's own, nothing to escape. */
static void S_key(recto_buf *out, const char *key) {
  RJ_LIT(out, ", \"");
  rj_put(out, key, strlen(key));
  RJ_LIT(out, "\": ");
}

static void S_str(recto_buf *out, const char *key, const char *value) {
  if (!value)
    return;
  S_key(out, key);
  rj_put_cstr(out, value);
}

static void S_int(recto_buf *out, const char *key, long long value) {
  S_key(out, key);
  rj_put_int(out, value);
}

static void S_bool(recto_buf *out, const char *key, int value) {
  S_key(out, key);
  if (value)
    RJ_LIT(out, "true");
  else
    RJ_LIT(out, "false");
}

static void S_enum(recto_buf *out, const char *key, const nat_enum *e,
                   int value) {
  const char *name = nat_enum_name(e, value);
  if (name)
    S_str(out, key, name);
  else
    S_int(out, key, value); /* out of range: kept, and refused on reading */
}

/* Properties every node may carry; written with a leading ", ". */
static void S_common(recto_buf *out, const recto_node *n) {
  recto_pos pos = recto_node_pos(n);
  if (pos.line || pos.column || pos.offset) {
    RJ_LIT(out, ", \"pos\": ");
    rj_put_pos(out, pos);
  }
  S_str(out, "id", recto_node_id(n));
  const char *classes = recto_node_classes(n);
  if (classes && *classes)
    S_str(out, "classes", classes);
  size_t na = recto_node_attr_count(n);
  if (na) {
    RJ_LIT(out, ", \"attrs\": {");
    for (size_t i = 0; i < na; i++) {
      const char *k = NULL, *v = NULL;
      recto_node_attr_at(n, i, &k, &v);
      if (i)
        RJ_LIT(out, ", ");
      rj_put_cstr(out, k ? k : "");
      RJ_LIT(out, ": ");
      rj_put_cstr(out, v ? v : "");
    }
    rj_putc(out, '}');
  }
  S_str(out, "lang", recto_node_lang(n));
  if (recto_node_dir(n) != RECTO_DIR_UNSET)
    S_enum(out, "dir", &nat_dir, (int)recto_node_dir(n));
}

static void S_cite_items(recto_buf *out, const recto_node *n) {
  size_t count = recto_cite_count(n);
  RJ_LIT(out, ", \"items\": [");
  for (size_t i = 0; i < count; i++) {
    const recto_cite_item *it = recto_cite_item_at(n, i);
    recto_buf_puts(out, i ? ", {" : "{");
    RJ_LIT(out, "\"key\": ");
    rj_put_cstr(out, it->key ? it->key : "");
    S_str(out, "prefix", it->prefix);
    S_str(out, "suffix", it->suffix);
    S_str(out, "locator", it->locator);
    S_str(out, "label", it->label);
    if (it->mode != RECTO_CITE_NORMAL)
      S_enum(out, "mode", &nat_cite_mode, (int)it->mode);
    if (it->entry)
      S_bool(out, "resolved", 1);
    rj_putc(out, '}');
  }
  rj_putc(out, ']');
}

static void S_table_columns(recto_buf *out, const recto_node *n) {
  size_t count = recto_table_columns(n);
  RJ_LIT(out, ", \"columns\": [");
  for (size_t i = 0; i < count; i++) {
    recto_align a = recto_table_column_align(n, i);
    double w = recto_table_column_width(n, i);
    recto_buf_puts(out, i ? ", {" : "{");
    const char *sep = "";
    if (a != RECTO_ALIGN_DEFAULT) {
      RJ_LIT(out, "\"align\": ");
      rj_put_cstr(out, nat_enum_name(&nat_align, (int)a));
      sep = ", ";
    }
    if (w != 0) {
      recto_buf_printf(out, "%s\"width\": ", sep);
      rj_put_double(out, w);
    }
    rj_putc(out, '}');
  }
  rj_putc(out, ']');
}

/* Properties of the node's own kind, in a fixed order. */
static void S_specific(recto_buf *out, const recto_node *n, int depth) {
  recto_node_type t = recto_node_type_of(n);
  switch (t) {
  case RECTO_NODE_CODE_BLOCK:
    S_str(out, "info", recto_node_info(n));
    break;
  case RECTO_NODE_RAW_BLOCK:
  case RECTO_NODE_RAW_INLINE:
    S_str(out, "format", recto_node_info(n));
    break;
  case RECTO_NODE_LIST:
    S_enum(out, "kind", &nat_list_kind, (int)recto_list_kind_of(n));
    if (recto_list_style_of(n) != RECTO_LIST_STYLE_DEFAULT)
      S_enum(out, "style", &nat_list_style, (int)recto_list_style_of(n));
    if (recto_list_delim_of(n) != RECTO_LIST_DELIM_DEFAULT)
      S_enum(out, "delim", &nat_list_delim, (int)recto_list_delim_of(n));
    S_int(out, "start", recto_list_start(n));
    S_bool(out, "tight", recto_list_tight(n));
    break;
  case RECTO_NODE_HEADING:
  case RECTO_NODE_SECTION:
    S_int(out, "level", recto_node_level(n));
    break;
  case RECTO_NODE_TABLE:
    if (recto_table_columns(n))
      S_table_columns(out, n);
    break;
  case RECTO_NODE_CELL:
    if (recto_cell_rowspan(n) != 1)
      S_int(out, "rowspan", recto_cell_rowspan(n));
    if (recto_cell_colspan(n) != 1)
      S_int(out, "colspan", recto_cell_colspan(n));
    if (recto_cell_align(n) != RECTO_ALIGN_DEFAULT)
      S_enum(out, "align", &nat_align, (int)recto_cell_align(n));
    break;
  case RECTO_NODE_NOTE:
  case RECTO_NODE_NOTE_REF:
  case RECTO_NODE_NOTE_DEF:
    S_str(out, "marker", recto_node_marker(n));
    break;
  case RECTO_NODE_QUOTED:
    S_enum(out, "quote", &nat_quote, (int)recto_node_quote_kind(n));
    break;
  case RECTO_NODE_MATH:
    S_bool(out, "display", recto_node_math_display(n));
    break;
  case RECTO_NODE_LINK:
  case RECTO_NODE_IMAGE:
    S_str(out, "url", recto_node_url(n));
    S_str(out, "title", recto_node_title(n));
    break;
  case RECTO_NODE_PAGE_BREAK:
    S_str(out, "label", recto_page_label(n));
    S_str(out, "source", recto_page_source_name(recto_page_source_of(n)));
    S_str(out, "header", recto_page_header(n));
    S_str(out, "footer", recto_page_footer(n));
    break;
  case RECTO_NODE_CITE:
    S_cite_items(out, n);
    break;
  case RECTO_NODE_BIB_ENTRY: {
    const recto_bib_entry *e = recto_node_bib_entry(n);
    if (e) {
      RJ_LIT(out, ", \"entry\": ");
      csl_write_entry(out, e, depth, CSL_NATIVE);
    }
    break;
  }
  default:
    break;
  }
  /* Text last: it is the longest.  The length is explicit, so even NUL
     bytes survive (as \u0000).  Only the kinds that carry text have it
     (recto_node_text is NULL for the others). */
  const char *s = recto_node_text(n);
  if (s) {
    RJ_LIT(out, ", \"text\": ");
    rj_put_string(out, s, recto_node_text_len(n));
  }
}

/* Type names, asked of the library once per type and write. */
typedef const char *S_names[256];

static void S_open(recto_buf *out, const recto_node *n, int depth,
                   S_names names) {
  recto_node_type t = recto_node_type_of(n);
  const char *name = (unsigned)t < 256 ? names[t] : NULL;
  if (!name) {
    name = recto_node_type_name(t);
    if ((unsigned)t < 256)
      names[t] = name;
  }
  RJ_LIT(out, "{\"type\": ");
  rj_put_cstr(out, name);
  S_common(out, n);
  S_specific(out, n, depth);
}

/* Write the subtree of top: top itself as an object when self is set
   (the caller has positioned the output), else only its children, one
   per line at depth. */
static void S_tree(recto_buf *out, recto_node *top, int self, int depth,
                   S_names names) {
  recto_iter *it = recto_iter_new(top);
  recto_event ev;
  int d = depth;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (n == top && !self)
      continue;
    if (ev == RECTO_EVENT_ENTER) {
      if (n != top) {
        if (recto_node_prev(n))
          rj_putc(out, ',');
        rj_newline(out, d);
      }
      S_open(out, n, d, names);
      if (recto_node_first_child(n)) {
        RJ_LIT(out, ", \"children\": [");
        d++;
      } else {
        rj_putc(out, '}');
      }
    } else if (ev == RECTO_EVENT_EXIT && recto_node_first_child(n)) {
      d--;
      rj_newline(out, d);
      RJ_LIT(out, "]}");
    }
  }
  recto_iter_free(it);
}

/* The metadata tree, with an explicit stack: maps and lists nest to any
   depth.  Every value is {"<kind>": value} so that kinds survive. */
typedef struct S_mframe {
  const recto_meta *m;
  size_t index;
} S_mframe;

static void S_meta(recto_buf *out, const recto_meta *top, int depth,
                   S_names names) {
  size_t cap = 0, len = 0;
  S_mframe *st = rj_reserve(NULL, 0, &cap, sizeof *st);
  rj_putc(out, '{');
  st[len++] = (S_mframe){top, 0};
  while (len) {
    S_mframe *f = &st[len - 1];
    int d = depth + (int)len;
    recto_meta_kind fk = recto_meta_kind_of(f->m);
    if (f->index >= recto_meta_count(f->m)) {
      if (f->index)
        rj_newline(out, d - 1);
      recto_buf_puts(out, fk == RECTO_META_MAP ? "}" : "]");
      if (len > 1)
        rj_putc(out, '}');
      len--;
      continue;
    }
    const char *key = NULL;
    const recto_meta *v = recto_meta_at(f->m, f->index, &key);
    if (f->index++)
      rj_putc(out, ',');
    rj_newline(out, d);
    if (fk == RECTO_META_MAP) {
      rj_put_cstr(out, key ? key : "");
      RJ_LIT(out, ": ");
    }
    switch (recto_meta_kind_of(v)) {
    case RECTO_META_BOOL:
      recto_buf_printf(out, "{\"bool\": %s}",
                       recto_meta_bool(v) ? "true" : "false");
      break;
    case RECTO_META_STRING:
      RJ_LIT(out, "{\"string\": ");
      rj_put_cstr(out, recto_meta_string(v) ? recto_meta_string(v) : "");
      rj_putc(out, '}');
      break;
    case RECTO_META_INLINES:
    case RECTO_META_BLOCKS:
      recto_buf_puts(out, recto_meta_kind_of(v) == RECTO_META_INLINES
                              ? "{\"inlines\": "
                              : "{\"blocks\": ");
      if (recto_meta_nodes(v))
        S_tree(out, recto_meta_nodes(v), 1, d, names);
      else
        RJ_LIT(out, "null");
      rj_putc(out, '}');
      break;
    case RECTO_META_MAP:
    case RECTO_META_LIST:
      recto_buf_puts(out, recto_meta_kind_of(v) == RECTO_META_MAP
                              ? "{\"map\": {"
                              : "{\"list\": [");
      st = rj_reserve(st, len, &cap, sizeof *st);
      st[len++] = (S_mframe){v, 0};
      break;
    }
  }
  free(st);
}

/* The root's own properties, when it has any. */
static void S_root(recto_buf *out, recto_node *root) {
  recto_buf tmp = RECTO_BUF_INIT;
  S_common(&tmp, root);
  if (tmp.len) {
    RJ_LIT(out, ",\n  \"root\": {");
    recto_buf_put(out, tmp.data + 2, tmp.len - 2); /* drop the ", " */
    rj_putc(out, '}');
  }
  recto_buf_free(&tmp);
}

recto_status native_write(recto_context *ctx, recto_doc *doc,
                          const recto_options *opts, recto_buf *out) {
  (void)ctx;
  (void)opts;
  recto_buf_printf(out, "{\"recto-native\": %d", NATIVE_VERSION);
  if (recto_doc_lang(doc)) {
    RJ_LIT(out, ",\n  \"lang\": ");
    rj_put_cstr(out, recto_doc_lang(doc));
  }
  if (recto_doc_dir(doc) != RECTO_DIR_UNSET) {
    RJ_LIT(out, ",\n  \"dir\": ");
    rj_put_cstr(out, nat_enum_name(&nat_dir, (int)recto_doc_dir(doc)));
  }
  int nsrc = 0;
  for (size_t i = 0; i < sizeof S_source_keys / sizeof *S_source_keys; i++) {
    const char *v = recto_doc_source(doc, S_source_keys[i]);
    if (!v)
      continue;
    recto_buf_puts(out, nsrc++ ? ", " : ",\n  \"source\": {");
    rj_put_cstr(out, S_source_keys[i]);
    RJ_LIT(out, ": ");
    rj_put_cstr(out, v);
  }
  if (nsrc)
    rj_putc(out, '}');
  size_t nsteps = recto_doc_step_count(doc);
  if (nsteps) {
    RJ_LIT(out, ",\n  \"steps\": [");
    for (size_t i = 0; i < nsteps; i++) {
      const char *name = NULL, *desc = NULL;
      recto_doc_step_at(doc, i, &name, &desc);
      recto_buf_puts(out, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
      rj_put_cstr(out, name ? name : "");
      S_str(out, "description", desc);
      rj_putc(out, '}');
    }
    RJ_LIT(out, "\n  ]");
  }
  RJ_LIT(out, ",\n  \"meta\": ");
  S_names names;
  memset(names, 0, sizeof names);
  S_meta(out, recto_doc_meta(doc), 1, names);
  recto_node *root = recto_doc_root(doc);
  S_root(out, root);
  RJ_LIT(out, ",\n  \"blocks\": [");
  S_tree(out, root, 0, 2, names);
  recto_buf_puts(out, recto_node_first_child(root) ? "\n  ]\n}\n" : "]\n}\n");
  return RECTO_OK;
}
