/* native_read.c: the native JSON back into a document.  Strict about the
   version and the shape (errors with line:column), tolerant of unknown
   keys (a warning), and iterative: a 10,000-deep tree is just data. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cslentry.h"
#include "enums.h"
#include "json.h"
#include "native.h"

typedef struct S_reader {
  recto_context *ctx;
  recto_doc *doc;
  rj_doc *jd;
  /* citation items written as resolved: linked once entries exist */
  recto_cite_item **resolve;
  size_t nresolve, cap;
} S_reader;

static int S_error(S_reader *r, const rj_value *v, const char *fmt, ...)
    RECTO_PRINTF(3, 4);

static int S_error(S_reader *r, const rj_value *v, const char *fmt, ...) {
  recto_pos pos = rj_pos(r->jd, v);
  va_list ap;
  va_start(ap, fmt);
  recto_diag_vemit(r->ctx, RECTO_DIAG_ERROR, "native.syntax", &pos, fmt, ap);
  va_end(ap);
  return -1;
}

static void S_unknown(S_reader *r, const rj_value *m, const char *where) {
  recto_pos pos = rj_pos(r->jd, m);
  recto_diag_emit(r->ctx, RECTO_DIAG_WARNING, "native.unknown-key", &pos,
                  "unknown key \"%.60s\" in %s ignored", m->key, where);
}

/* The key of a member, for messages. */
static const char *S_kn(const rj_value *v) { return v->key ? v->key : "value"; }

static int S_str(S_reader *r, const rj_value *v, const char **out) {
  if (v->type != RJ_STRING)
    return S_error(r, v, "\"%.60s\" must be a string", S_kn(v));
  *out = recto_strndup(r->doc, v->str, v->len);
  return 0;
}

static int S_enum(S_reader *r, const rj_value *v, const nat_enum *e,
                  int *out) {
  int x = v->type == RJ_STRING ? nat_enum_value(e, v->str) : -1;
  if (x < 0) {
    recto_buf names = RECTO_BUF_INIT;
    for (size_t i = 0; i < e->count; i++)
      recto_buf_printf(&names, "%s%s", i ? ", " : "", e->names[i]);
    S_error(r, v, "\"%.60s\" must be one of: %s", S_kn(v), names.data);
    recto_buf_free(&names);
    return -1;
  }
  *out = x;
  return 0;
}

static int S_bool(S_reader *r, const rj_value *v, int *out) {
  if (v->type != RJ_TRUE && v->type != RJ_FALSE)
    return S_error(r, v, "\"%.60s\" must be true or false", S_kn(v));
  *out = v->type == RJ_TRUE;
  return 0;
}

static int S_int(S_reader *r, const rj_value *v, long long min, long long max,
                 long long *out) {
  if (rj_int(v, min, max, out) < 0)
    return S_error(r, v, "\"%.60s\" must be an integer from %lld to %lld",
                   S_kn(v), min, max);
  return 0;
}

/* Which kinds a kind-specific key applies to. */
static int S_applies(recto_node_type t, const rj_value *m) {
  switch (t) {
  case RECTO_NODE_TEXT:
  case RECTO_NODE_CODE:
  case RECTO_NODE_MATH:
  case RECTO_NODE_TABLE_FLAT:
    return rj_key_is(m, "text") || (t == RECTO_NODE_MATH &&
                                    rj_key_is(m, "display"));
  case RECTO_NODE_CODE_BLOCK:
    return rj_key_is(m, "text") || rj_key_is(m, "info");
  case RECTO_NODE_RAW_BLOCK:
  case RECTO_NODE_RAW_INLINE:
    return rj_key_is(m, "text") || rj_key_is(m, "format");
  case RECTO_NODE_LIST:
    return rj_key_is(m, "kind") || rj_key_is(m, "style") ||
           rj_key_is(m, "delim") || rj_key_is(m, "start") ||
           rj_key_is(m, "tight");
  case RECTO_NODE_HEADING:
  case RECTO_NODE_SECTION:
    return rj_key_is(m, "level");
  case RECTO_NODE_TABLE:
    return rj_key_is(m, "columns");
  case RECTO_NODE_CELL:
    return rj_key_is(m, "rowspan") || rj_key_is(m, "colspan") ||
           rj_key_is(m, "align");
  case RECTO_NODE_NOTE:
  case RECTO_NODE_NOTE_REF:
  case RECTO_NODE_NOTE_DEF:
    return rj_key_is(m, "marker");
  case RECTO_NODE_QUOTED:
    return rj_key_is(m, "quote");
  case RECTO_NODE_LINK:
  case RECTO_NODE_IMAGE:
    return rj_key_is(m, "url") || rj_key_is(m, "title");
  case RECTO_NODE_PAGE_BREAK:
    return rj_key_is(m, "label") || rj_key_is(m, "source") ||
           rj_key_is(m, "header") || rj_key_is(m, "footer");
  case RECTO_NODE_CITE:
    return rj_key_is(m, "items");
  case RECTO_NODE_BIB_ENTRY:
    return rj_key_is(m, "entry");
  default:
    return 0;
  }
}

static int S_columns(S_reader *r, recto_node *n, const rj_value *v) {
  if (v->type != RJ_ARRAY)
    return S_error(r, v, "\"columns\" must be an array");
  recto_table_set_columns(n, v->count);
  size_t i = 0;
  for (const rj_value *c = v->first; c; c = c->next, i++) {
    if (c->type != RJ_OBJECT)
      return S_error(r, c, "a column must be an object");
    int align = RECTO_ALIGN_DEFAULT;
    double width = 0;
    for (const rj_value *m = c->first; m; m = m->next) {
      if (rj_key_is(m, "align")) {
        if (S_enum(r, m, &nat_align, &align) < 0)
          return -1;
      } else if (rj_key_is(m, "width")) {
        if (rj_double(m, &width) < 0 || width < 0)
          return S_error(r, m, "\"width\" must be a number >= 0");
      } else {
        S_unknown(r, m, "a column");
      }
    }
    recto_table_set_column(n, i, (recto_align)align, width);
  }
  return 0;
}

static int S_items(S_reader *r, recto_node *n, const rj_value *v) {
  if (v->type != RJ_ARRAY)
    return S_error(r, v, "\"items\" must be an array");
  for (const rj_value *o = v->first; o; o = o->next) {
    if (o->type != RJ_OBJECT)
      return S_error(r, o, "a citation item must be an object");
    recto_cite_item *it = recto_cite_add_item(n);
    int mode = RECTO_CITE_NORMAL, resolved = 0, rc = 0;
    for (const rj_value *m = o->first; m && rc == 0; m = m->next) {
      if (rj_key_is(m, "key"))
        rc = S_str(r, m, &it->key);
      else if (rj_key_is(m, "prefix"))
        rc = S_str(r, m, &it->prefix);
      else if (rj_key_is(m, "suffix"))
        rc = S_str(r, m, &it->suffix);
      else if (rj_key_is(m, "locator"))
        rc = S_str(r, m, &it->locator);
      else if (rj_key_is(m, "label"))
        rc = S_str(r, m, &it->label);
      else if (rj_key_is(m, "mode"))
        rc = S_enum(r, m, &nat_cite_mode, &mode);
      else if (rj_key_is(m, "resolved"))
        rc = S_bool(r, m, &resolved);
      else
        S_unknown(r, m, "a citation item");
    }
    if (rc < 0)
      return -1;
    if (!it->key)
      return S_error(r, o, "a citation item needs a \"key\"");
    it->mode = (recto_cite_mode)mode;
    if (resolved) {
      r->resolve = rj_reserve(r->resolve, r->nresolve, &r->cap,
                              sizeof *r->resolve);
      r->resolve[r->nresolve++] = it;
    }
  }
  return 0;
}

/* A page break or a cell is set in one call: gather first. */
typedef struct S_pending {
  int page, cell;
  const char *label, *header, *footer;
  recto_page_source source;
  long long rowspan, colspan;
  int align;
} S_pending;

static int S_specific(S_reader *r, recto_node *n, const rj_value *m,
                      S_pending *p) {
  recto_node_type t = recto_node_type_of(n);
  const char *s = NULL;
  long long x;
  int e;
  if (rj_key_is(m, "text")) {
    if (m->type != RJ_STRING)
      return S_error(r, m, "\"text\" must be a string");
    recto_node_set_text(n, m->str, m->len);
  } else if (rj_key_is(m, "info") || rj_key_is(m, "format")) {
    if (S_str(r, m, &s) < 0)
      return -1;
    recto_node_set_info(n, s);
  } else if (rj_key_is(m, "url") || rj_key_is(m, "title")) {
    if (S_str(r, m, &s) < 0)
      return -1;
    if (rj_key_is(m, "url"))
      recto_node_set_url(n, s);
    else
      recto_node_set_title(n, s);
  } else if (rj_key_is(m, "level")) {
    if (S_int(r, m, 0, t == RECTO_NODE_HEADING ? 6 : 64, &x) < 0)
      return -1;
    recto_node_set_level(n, (int)x);
  } else if (rj_key_is(m, "marker")) {
    if (S_str(r, m, &s) < 0)
      return -1;
    recto_node_set_marker(n, s);
  } else if (rj_key_is(m, "quote")) {
    if (S_enum(r, m, &nat_quote, &e) < 0)
      return -1;
    recto_node_set_quote_kind(n, (recto_quote_kind)e);
  } else if (rj_key_is(m, "display")) {
    if (S_bool(r, m, &e) < 0)
      return -1;
    recto_node_set_math_display(n, e);
  } else if (rj_key_is(m, "kind")) {
    if (S_enum(r, m, &nat_list_kind, &e) < 0)
      return -1;
    recto_list_set_kind(n, (recto_list_kind)e);
  } else if (rj_key_is(m, "style")) {
    if (S_enum(r, m, &nat_list_style, &e) < 0)
      return -1;
    recto_list_set_style(n, (recto_list_style)e);
  } else if (rj_key_is(m, "delim")) {
    if (S_enum(r, m, &nat_list_delim, &e) < 0)
      return -1;
    recto_list_set_delim(n, (recto_list_delim)e);
  } else if (rj_key_is(m, "start")) {
    if (S_int(r, m, INT32_MIN, INT32_MAX, &x) < 0)
      return -1;
    recto_list_set_start(n, (int)x);
  } else if (rj_key_is(m, "tight")) {
    if (S_bool(r, m, &e) < 0)
      return -1;
    recto_list_set_tight(n, e);
  } else if (rj_key_is(m, "columns")) {
    return S_columns(r, n, m);
  } else if (rj_key_is(m, "rowspan") || rj_key_is(m, "colspan")) {
    if (S_int(r, m, 1, 65535, &x) < 0)
      return -1;
    *(rj_key_is(m, "rowspan") ? &p->rowspan : &p->colspan) = x;
    p->cell = 1;
  } else if (rj_key_is(m, "align")) {
    if (S_enum(r, m, &nat_align, &p->align) < 0)
      return -1;
    p->cell = 1;
  } else if (rj_key_is(m, "source")) {
    if (S_str(r, m, &s) < 0)
      return -1;
    p->source = recto_page_source_from_name(s);
    if (strcmp(recto_page_source_name(p->source), s) != 0)
      return S_error(r, m, "unknown page break source \"%.60s\"", s);
    p->page = 1;
  } else if (rj_key_is(m, "label") || rj_key_is(m, "header") ||
             rj_key_is(m, "footer")) {
    if (S_str(r, m, &s) < 0)
      return -1;
    *(rj_key_is(m, "label") ? &p->label
      : rj_key_is(m, "header") ? &p->header : &p->footer) = s;
    p->page = 1;
  } else if (rj_key_is(m, "items")) {
    return S_items(r, n, m);
  } else if (rj_key_is(m, "entry")) {
    recto_bib_entry *be =
        csl_read_entry(r->ctx, r->doc, r->jd, m, CSL_NATIVE, "native");
    if (!be)
      return -1;
    recto_node_set_bib_entry(n, be);
  }
  return 0;
}

/* Set the properties in object o on n.  *children receives the
   "children" array when children is not NULL. */
static int S_props(S_reader *r, recto_node *n, const rj_value *o,
                   const rj_value **children) {
  recto_node_type t = recto_node_type_of(n);
  S_pending p = {0, 0, NULL, NULL, NULL, RECTO_PAGE_SOURCE_UNKNOWN,
                 1, 1, RECTO_ALIGN_DEFAULT};
  const char *s = NULL;
  for (const rj_value *m = o->first; m; m = m->next) {
    int rc = 0;
    if (rj_key_is(m, "type")) {
      continue;
    } else if (rj_key_is(m, "children") && children) {
      if (m->type != RJ_ARRAY)
        return S_error(r, m, "\"children\" must be an array");
      if (m->count && recto_node_is_leaf(t))
        return S_error(r, m, "a %s has no children", recto_node_type_name(t));
      *children = m;
    } else if (rj_key_is(m, "pos")) {
      recto_pos pos;
      if (rj_get_pos(m, &pos) < 0)
        return S_error(r, m, "\"pos\" must be [line, column, offset]");
      recto_node_set_pos(n, pos);
    } else if (rj_key_is(m, "id")) {
      if ((rc = S_str(r, m, &s)) == 0)
        recto_node_set_id(n, s);
    } else if (rj_key_is(m, "classes")) {
      if ((rc = S_str(r, m, &s)) == 0)
        recto_node_set_classes(n, s);
    } else if (rj_key_is(m, "lang")) {
      if ((rc = S_str(r, m, &s)) == 0)
        recto_node_set_lang(n, s);
    } else if (rj_key_is(m, "dir")) {
      int d;
      if ((rc = S_enum(r, m, &nat_dir, &d)) == 0)
        recto_node_set_dir(n, (recto_dir)d);
    } else if (rj_key_is(m, "attrs")) {
      if (m->type != RJ_OBJECT)
        return S_error(r, m, "\"attrs\" must be an object of strings");
      for (const rj_value *a = m->first; a && rc == 0; a = a->next)
        if ((rc = S_str(r, a, &s)) == 0)
          recto_node_set_attr(n, recto_strndup(r->doc, a->key, a->key_len),
                              s);
    } else if (S_applies(t, m)) {
      rc = S_specific(r, n, m, &p);
    } else {
      S_unknown(r, m, recto_node_type_name(t));
    }
    if (rc < 0)
      return -1;
  }
  if (p.page)
    recto_page_set(n, p.label, p.source, p.header, p.footer);
  if (p.cell)
    recto_cell_set(n, (int)p.rowspan, (int)p.colspan, (recto_align)p.align);
  return 0;
}

static recto_node *S_node(S_reader *r, const rj_value *o,
                          const rj_value **children) {
  if (o->type != RJ_OBJECT) {
    S_error(r, o, "a node must be an object");
    return NULL;
  }
  const rj_value *tv = rj_get(o, "type");
  if (!tv || tv->type != RJ_STRING) {
    S_error(r, tv ? tv : o, "a node needs a \"type\" string");
    return NULL;
  }
  recto_node_type t = recto_node_type_from_name(tv->str);
  if (t == RECTO_NODE_NONE || t == RECTO_NODE_DOCUMENT) {
    S_error(r, tv, "unknown node type \"%.60s\"", tv->str);
    return NULL;
  }
  recto_node *n = recto_node_new(r->doc, t);
  *children = NULL;
  if (S_props(r, n, o, children) < 0)
    return NULL;
  return n;
}

/* Link n as the last child of parent, or say why not. */
static int S_link(S_reader *r, recto_node *parent, recto_node *n,
                  const rj_value *o) {
  if (recto_node_append(parent, n) == 0)
    return 0;
  return S_error(r, o, "a %s cannot contain a %s",
                 recto_node_type_name(recto_node_type_of(parent)),
                 recto_node_type_name(recto_node_type_of(n)));
}

/* Build the nodes of array arr as children of parent, with an explicit
   stack.  A node is linked to its parent once its own children are in:
   linking then never walks a long chain of ancestors. */
typedef struct S_frame {
  recto_node *node;
  const rj_value *next; /* next child to read */
  const rj_value *json; /* the node's own object, for messages */
} S_frame;

static int S_children(S_reader *r, const rj_value *arr, recto_node *parent) {
  size_t cap = 0, len = 0;
  S_frame *st = rj_reserve(NULL, 0, &cap, sizeof *st);
  st[len++] = (S_frame){parent, arr->first, arr};
  int rc = 0;
  while (len && rc == 0) {
    S_frame *f = &st[len - 1];
    if (!f->next) {
      len--;
      if (len)
        rc = S_link(r, st[len - 1].node, f->node, f->json);
      continue;
    }
    const rj_value *o = f->next;
    f->next = o->next;
    const rj_value *kids = NULL;
    recto_node *n = S_node(r, o, &kids);
    if (!n) {
      rc = -1;
    } else if (kids && kids->first) {
      st = rj_reserve(st, len, &cap, sizeof *st);
      st[len++] = (S_frame){n, kids->first, o};
    } else {
      rc = S_link(r, f->node, n, o);
    }
  }
  free(st);
  return rc;
}

/* A SPAN or DIV holding metadata inlines or blocks. */
static recto_meta *S_meta_nodes(S_reader *r, const rj_value *v) {
  const rj_value *kids = NULL;
  recto_node *n = S_node(r, v, &kids);
  if (!n)
    return NULL;
  recto_node_type want =
      rj_key_is(v, "inlines") ? RECTO_NODE_SPAN : RECTO_NODE_DIV;
  if (recto_node_type_of(n) != want) {
    S_error(r, v, "metadata %s must be held by a %s", v->key,
            recto_node_type_name(want));
    return NULL;
  }
  if (kids && kids->first && S_children(r, kids, n) < 0)
    return NULL;
  return recto_meta_new_nodes(r->doc, n);
}

/* The metadata map: every value is {"<kind>": value}; maps and lists
   nest to any depth, so again an explicit stack. */
typedef struct S_mframe {
  const rj_value *next;
  recto_meta *m;
} S_mframe;

static int S_meta(S_reader *r, const rj_value *obj, recto_meta *map) {
  if (obj->type != RJ_OBJECT)
    return S_error(r, obj, "\"meta\" must be an object");
  size_t cap = 0, len = 0;
  S_mframe *st = rj_reserve(NULL, 0, &cap, sizeof *st);
  st[len++] = (S_mframe){obj->first, map};
  int rc = 0;
  while (len && rc == 0) {
    S_mframe *f = &st[len - 1];
    if (!f->next) {
      len--;
      continue;
    }
    const rj_value *jv = f->next;
    f->next = jv->next;
    recto_meta *parent = f->m;
    if (jv->type != RJ_OBJECT || jv->count != 1) {
      rc = S_error(r, jv, "a metadata value must be an object with one key: "
                          "string, bool, inlines, blocks, list or map");
      break;
    }
    const rj_value *in = jv->first;
    recto_meta *v = NULL;
    const rj_value *nest = NULL;
    if (rj_key_is(in, "string") && in->type == RJ_STRING) {
      v = recto_meta_new_string(r->doc, in->str);
    } else if (rj_key_is(in, "bool") &&
               (in->type == RJ_TRUE || in->type == RJ_FALSE)) {
      v = recto_meta_new_bool(r->doc, in->type == RJ_TRUE);
    } else if (rj_key_is(in, "map") && in->type == RJ_OBJECT) {
      v = recto_meta_new_map(r->doc);
      nest = in;
    } else if (rj_key_is(in, "list") && in->type == RJ_ARRAY) {
      v = recto_meta_new_list(r->doc);
      nest = in;
    } else if ((rj_key_is(in, "inlines") || rj_key_is(in, "blocks")) &&
               in->type == RJ_OBJECT) {
      if (!(v = S_meta_nodes(r, in)))
        rc = -1;
    } else {
      rc = S_error(r, in, "a metadata value must be an object with one key: "
                          "string, bool, inlines, blocks, list or map");
    }
    if (rc < 0)
      break;
    if (recto_meta_kind_of(parent) == RECTO_META_MAP)
      recto_meta_set(parent, recto_strndup(r->doc, jv->key, jv->key_len), v);
    else
      recto_meta_append(parent, v);
    if (nest) {
      st = rj_reserve(st, len, &cap, sizeof *st);
      st[len++] = (S_mframe){nest->first, v};
    }
  }
  free(st);
  return rc;
}

static int S_top(S_reader *r, const rj_value *top) {
  recto_doc *doc = r->doc;
  const char *s = NULL;
  int d;
  for (const rj_value *m = top->first; m; m = m->next) {
    int rc = 0;
    if (rj_key_is(m, "recto-native")) {
      continue;
    } else if (rj_key_is(m, "lang")) {
      if ((rc = S_str(r, m, &s)) == 0)
        recto_doc_set_lang(doc, s);
    } else if (rj_key_is(m, "dir")) {
      if ((rc = S_enum(r, m, &nat_dir, &d)) == 0)
        recto_doc_set_dir(doc, (recto_dir)d);
    } else if (rj_key_is(m, "source")) {
      if (m->type != RJ_OBJECT)
        return S_error(r, m, "\"source\" must be an object of strings");
      for (const rj_value *a = m->first; a && rc == 0; a = a->next)
        if ((rc = S_str(r, a, &s)) == 0)
          recto_doc_set_source(doc, recto_strndup(doc, a->key, a->key_len), s);
    } else if (rj_key_is(m, "steps")) {
      if (m->type != RJ_ARRAY)
        return S_error(r, m, "\"steps\" must be an array");
      for (const rj_value *st = m->first; st && rc == 0; st = st->next) {
        const rj_value *name = rj_get(st, "name");
        const rj_value *desc = rj_get(st, "description");
        const char *ds = NULL;
        if (!name || name->type != RJ_STRING)
          return S_error(r, st, "a step needs a \"name\" string");
        if (desc)
          rc = S_str(r, desc, &ds);
        if (rc == 0)
          recto_doc_add_step(doc, name->str, ds);
      }
    } else if (rj_key_is(m, "meta")) {
      rc = S_meta(r, m, recto_doc_meta(doc));
    } else if (rj_key_is(m, "root")) {
      if (m->type != RJ_OBJECT)
        return S_error(r, m, "\"root\" must be an object");
      rc = S_props(r, recto_doc_root(doc), m, NULL);
    } else if (rj_key_is(m, "blocks")) {
      if (m->type != RJ_ARRAY)
        return S_error(r, m, "\"blocks\" must be an array");
      if (m->first)
        rc = S_children(r, m, recto_doc_root(doc));
    } else {
      S_unknown(r, m, "the document");
    }
    if (rc < 0)
      return -1;
  }
  return 0;
}

recto_status native_read(recto_context *ctx, const recto_input *input,
                         const recto_options *opts, recto_doc **out) {
  (void)opts;
  *out = NULL;
  rj_doc jd;
  rj_error err;
  if (rj_parse((const char *)input->data, input->len, &jd, &err) < 0) {
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "native.json", &err.pos, "%s",
                    err.message);
    rj_free(&jd);
    return RECTO_ERR_INPUT;
  }
  S_reader r = {ctx, NULL, &jd, NULL, 0, 0};
  recto_status st = RECTO_ERR_INPUT;
  const rj_value *ver = rj_get(jd.root, "recto-native");
  long long v = 0;
  if (!ver) {
    S_error(&r, jd.root,
            "not a recto native document: the \"recto-native\" version key "
            "is missing");
  } else if (rj_int(ver, 0, INT32_MAX, &v) < 0 || v != NATIVE_VERSION) {
    recto_pos pos = rj_pos(&jd, ver);
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "native.version", &pos,
                    "unsupported native format version %.20s (this reader "
                    "reads version %d)",
                    ver->type == RJ_NUMBER || ver->type == RJ_STRING
                        ? ver->str
                        : "?",
                    NATIVE_VERSION);
  } else {
    r.doc = recto_doc_new();
    if (S_top(&r, jd.root) == 0) {
      for (size_t i = 0; i < r.nresolve; i++) {
        recto_cite_item *it = r.resolve[i];
        it->entry = recto_doc_find_entry(r.doc, it->key);
        if (!it->entry)
          recto_diag_emit(ctx, RECTO_DIAG_WARNING, "native.unresolved", NULL,
                          "citation \"%.60s\" was resolved but its entry is "
                          "not in the document",
                          it->key);
      }
      *out = r.doc;
      st = RECTO_OK;
    } else {
      recto_doc_free(r.doc);
    }
  }
  free(r.resolve);
  rj_free(&jd);
  return st;
}
