/* pj_read.c: pandoc's JSON AST into a document.  The JSON is parsed
   whole (plugins/common/json.c, iterative); elements are then turned into
   nodes with an explicit stack of "arrays still to convert into this
   node", so that depth costs heap, never C stack.  Shape errors name
   line:column. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cslentry.h"
#include "enums.h"
#include "json.h"
#include "pandocjson.h"

typedef struct S_frame {
  recto_node *target;
  const rj_value *next; /* next element of the array to convert */
} S_frame;

typedef struct R {
  recto_context *ctx;
  recto_doc *doc;
  rj_doc *jd;
  S_frame *st;
  size_t len, cap;
  recto_bib_entry **ents; /* from the "references" metadata */
  unsigned char *taken;
  size_t nent, entcap, entcur;
} R;

static int S_error(R *r, const rj_value *v, const char *fmt, ...)
    RECTO_PRINTF(3, 4);

static int S_error(R *r, const rj_value *v, const char *fmt, ...) {
  recto_pos pos = rj_pos(r->jd, v);
  va_list ap;
  va_start(ap, fmt);
  recto_diag_vemit(r->ctx, RECTO_DIAG_ERROR, "json.syntax", &pos, fmt, ap);
  va_end(ap);
  return -1;
}

/* ---- shape helpers ---- */

static const rj_value *S_nth(const rj_value *arr, size_t i) {
  if (!arr || arr->type != RJ_ARRAY)
    return NULL;
  const rj_value *v = arr->first;
  while (v && i--)
    v = v->next;
  return v;
}

static const char *S_tag(const rj_value *v) {
  const rj_value *t = v && v->type == RJ_OBJECT ? rj_get(v, "t") : NULL;
  return t && t->type == RJ_STRING ? t->str : NULL;
}

/* The array at index i of array arr, or an error. */
static const rj_value *S_arr(R *r, const rj_value *arr, size_t i,
                             const char *what) {
  const rj_value *v = S_nth(arr, i);
  if (!v || v->type != RJ_ARRAY) {
    S_error(r, v ? v : arr, "%s must be an array", what);
    return NULL;
  }
  return v;
}

static const char *S_string(R *r, const rj_value *v, const char *what) {
  if (!v || v->type != RJ_STRING) {
    S_error(r, v ? v : r->jd->root, "%s must be a string", what);
    return NULL;
  }
  return recto_strndup(r->doc, v->str, v->len);
}

/* ---- attributes ---- */

/* Keys that carry recto-only properties (pj_write.c's S_get_extras). */
static int S_extra_key(const char *k) {
  static const char *const keys[] = {"start", "style", "delim", "tight",
                                     "marker", "label", "source", "header",
                                     "footer", "level", "key", "columns",
                                     "info", "url", NULL};
  size_t n = sizeof PJ_PREFIX - 1;
  return !strncmp(k, PJ_PREFIX, n) && pj_lookup(keys, k + n) >= 0;
}

typedef struct S_attr {
  const rj_value *v;     /* [id, [classes], [[k, v]]] */
  const rj_value *first; /* first class, or NULL */
} S_attr;

static int S_parse_attr(R *r, const rj_value *v, S_attr *a) {
  const rj_value *cls = S_nth(v, 1), *kvs = S_nth(v, 2);
  if (!v || v->type != RJ_ARRAY || v->count != 3 || S_nth(v, 0)->type != RJ_STRING ||
      cls->type != RJ_ARRAY || kvs->type != RJ_ARRAY)
    return S_error(r, v ? v : r->jd->root,
                   "an Attr must be [identifier, [classes], [[key, value]]]");
  for (const rj_value *c = cls->first; c; c = c->next)
    if (c->type != RJ_STRING)
      return S_error(r, c, "a class must be a string");
  for (const rj_value *kv = kvs->first; kv; kv = kv->next)
    if (kv->type != RJ_ARRAY || kv->count != 2 ||
        kv->first->type != RJ_STRING || kv->first->next->type != RJ_STRING)
      return S_error(r, kv, "an attribute must be [key, value]");
  a->v = v;
  a->first = cls->first;
  return 0;
}

/* The value of key in the attributes, or NULL. */
static const char *S_get(const S_attr *a, const char *key) {
  if (!a || !a->v)
    return NULL;
  for (const rj_value *kv = S_nth(a->v, 2)->first; kv; kv = kv->next)
    if (!strcmp(kv->first->str, key))
      return kv->first->next->str;
  return NULL;
}

static int S_first_class_is(const S_attr *a, const char *cls) {
  return a->first && !strcmp(a->first->str, cls);
}

/* Set id, classes (all but the first when skip_first), key/value pairs
   (lang and dir as the node's language and direction) on n. */
static void S_apply(R *r, recto_node *n, const S_attr *a, int skip_first) {
  if (!a || !a->v)
    return;
  const rj_value *id = S_nth(a->v, 0);
  if (id->len)
    recto_node_set_id(n, recto_strndup(r->doc, id->str, id->len));
  const rj_value *c = S_nth(a->v, 1)->first;
  if (skip_first && c)
    c = c->next;
  if (c) {
    recto_buf b = RECTO_BUF_INIT;
    for (; c; c = c->next) {
      if (b.len)
        recto_buf_putc(&b, ' ');
      recto_buf_put(&b, c->str, c->len);
    }
    recto_node_set_classes(n, b.data);
    recto_buf_free(&b);
  }
  for (const rj_value *kv = S_nth(a->v, 2)->first; kv; kv = kv->next) {
    const char *k = kv->first->str, *v = kv->first->next->str;
    int d;
    if (!strcmp(k, "lang")) {
      recto_node_set_lang(n, v);
    } else if (!strcmp(k, "dir") && (d = nat_enum_value(&nat_dir, v)) > 0) {
      recto_node_set_dir(n, (recto_dir)d);
    } else if (!S_extra_key(k)) {
      recto_node_set_attr(n, recto_strndup(r->doc, k, kv->first->len), v);
    }
  }
}

/* ---- plain text of inlines (citation prefixes, metadata strings) ---- */

#define S_TEXT_DEPTH 64

static void S_stringify(const rj_value *v, recto_buf *b, int depth) {
  if (!v || depth > S_TEXT_DEPTH)
    return;
  if (v->type == RJ_ARRAY) {
    for (const rj_value *e = v->first; e; e = e->next)
      S_stringify(e, b, depth + 1);
    return;
  }
  const char *t = S_tag(v);
  if (!t)
    return;
  const rj_value *c = rj_get(v, "c");
  if (!strcmp(t, "Str") || !strcmp(t, "MetaString")) {
    if (c && c->type == RJ_STRING)
      recto_buf_put(b, c->str, c->len);
  } else if (!strcmp(t, "Space") || !strcmp(t, "SoftBreak")) {
    recto_buf_putc(b, ' ');
  } else if (!strcmp(t, "LineBreak")) {
    recto_buf_putc(b, '\n');
  } else if (!strcmp(t, "Code") || !strcmp(t, "Math") ||
             !strcmp(t, "CodeBlock")) {
    const rj_value *s = S_nth(c, 1);
    if (s && s->type == RJ_STRING)
      recto_buf_put(b, s->str, s->len);
  } else if (!strcmp(t, "Note") || !strcmp(t, "RawInline") ||
             !strcmp(t, "RawBlock")) {
    /* not part of the running text */
  } else if (c && c->type == RJ_ARRAY) {
    /* containers: the arrays among their arguments hold the content;
       link targets and attributes hold only strings and are skipped */
    int link = !strcmp(t, "Link") || !strcmp(t, "Image");
    size_t i = 0;
    for (const rj_value *e = c->first; e; e = e->next, i++) {
      if ((link && i != 1) || !strcmp(t, "Span") ? i == 0 : 0)
        continue;
      if (e->type == RJ_ARRAY && !(e->first && e->first->type == RJ_STRING))
        S_stringify(e, b, depth + 1);
    }
  }
}

static const char *S_plain(R *r, const rj_value *inlines) {
  recto_buf b = RECTO_BUF_INIT;
  S_stringify(inlines, &b, 0);
  const char *s = b.len ? recto_strndup(r->doc, b.data, b.len) : NULL;
  recto_buf_free(&b);
  return s;
}

/* ---- building ---- */

static void S_push(R *r, recto_node *target, const rj_value *arr) {
  if (!arr || !arr->first)
    return;
  r->st = rj_reserve(r->st, r->len, &r->cap, sizeof *r->st);
  r->st[r->len++] = (S_frame){target, arr->first};
}

static int S_link(R *r, recto_node *parent, recto_node *n, const rj_value *v) {
  if (recto_node_append(parent, n) == 0)
    return 0;
  return S_error(r, v, "a %s cannot contain a %s",
                 recto_node_type_name(recto_node_type_of(parent)),
                 recto_node_type_name(recto_node_type_of(n)));
}

static recto_node *S_new(R *r, recto_node *parent, recto_node_type t,
                         const rj_value *v) {
  recto_node *n = recto_node_new(r->doc, t);
  return S_link(r, parent, n, v) == 0 ? n : NULL;
}

static int S_is_textual(const rj_value *v) {
  const char *t = S_tag(v);
  return t && (!strcmp(t, "Str") || !strcmp(t, "Space"));
}

/* A run of Str and Space from *v on as one TEXT node; *v moves past it. */
static recto_node *S_text_run(R *r, recto_node *parent, const rj_value **v) {
  recto_buf b = RECTO_BUF_INIT;
  const rj_value *e = *v;
  for (; e && S_is_textual(e); e = e->next) {
    if (!strcmp(S_tag(e), "Space")) {
      recto_buf_putc(&b, ' ');
      continue;
    }
    const rj_value *c = rj_get(e, "c");
    if (!c || c->type != RJ_STRING) {
      recto_buf_free(&b);
      S_error(r, e, "a Str holds a string");
      return NULL;
    }
    recto_buf_put(&b, c->str, c->len);
  }
  recto_node *n = recto_node_new_text(r->doc, b.data ? b.data : "", b.len);
  recto_buf_free(&b);
  const rj_value *at = *v;
  *v = e;
  return S_link(r, parent, n, at) == 0 ? n : NULL;
}

/* A container slot (list item, term, definition, line, caption): its
   content, unwrapped from the marked Div/Span that carries the slot's
   own attributes. */
static int S_slot(R *r, recto_node *n, const rj_value *content) {
  const char *cls = pj_kind_class(recto_node_type_of(n));
  const rj_value *only = content && content->count == 1 ? content->first
                                                         : NULL;
  const char *t = S_tag(only);
  if (t && (!strcmp(t, "Div") || !strcmp(t, "Span"))) {
    S_attr a;
    const rj_value *c = rj_get(only, "c");
    if (S_parse_attr(r, S_nth(c, 0), &a) < 0)
      return -1;
    if (S_first_class_is(&a, cls)) {
      S_apply(r, n, &a, 1);
      const rj_value *inner = S_arr(r, c, 1, "a Div's content");
      if (!inner)
        return -1;
      S_push(r, n, inner);
      return 0;
    }
  }
  S_push(r, n, content);
  return 0;
}

/* The term of a definition item; several terms, each in a marked Span,
   when the item had more than one. */
static int S_terms(R *r, recto_node *item, const rj_value *term) {
  const char *cls = pj_kind_class(RECTO_NODE_TERM);
  int several = term->count > 1;
  for (const rj_value *e = term->first; e && several; e = e->next) {
    S_attr a;
    const char *t = S_tag(e);
    several = t && !strcmp(t, "Span") &&
              S_parse_attr(r, S_nth(rj_get(e, "c"), 0), &a) == 0 &&
              S_first_class_is(&a, cls);
  }
  if (!several) {
    recto_node *tn = term->count ? S_new(r, item, RECTO_NODE_TERM, term)
                                 : NULL;
    return !term->count ? 0 : tn ? S_slot(r, tn, term) : -1;
  }
  for (const rj_value *e = term->first; e; e = e->next) {
    S_attr a;
    const rj_value *c = rj_get(e, "c");
    recto_node *tn = S_new(r, item, RECTO_NODE_TERM, e);
    if (!tn || S_parse_attr(r, S_nth(c, 0), &a) < 0)
      return -1;
    S_apply(r, tn, &a, 1);
    S_push(r, tn, S_nth(c, 1));
  }
  return 0;
}

static int S_list_items(R *r, recto_node *list, const rj_value *items,
                        const S_attr *wrap) {
  if (!items || items->type != RJ_ARRAY)
    return S_error(r, items ? items : r->jd->root,
                   "list items must be an array");
  int tight = 1;
  for (const rj_value *it = items->first; it; it = it->next) {
    if (it->type != RJ_ARRAY)
      return S_error(r, it, "a list item must be an array of blocks");
    recto_node *item = S_new(r, list, RECTO_NODE_ITEM, it);
    if (!item || S_slot(r, item, it) < 0)
      return -1;
    const rj_value *blocks = it;
    const char *t = S_tag(it->first);
    if (it->count == 1 && t && !strcmp(t, "Div") && recto_node_classes(item))
      blocks = S_nth(rj_get(it->first, "c"), 1);
    for (const rj_value *b = blocks ? blocks->first : NULL; b; b = b->next)
      if (S_tag(b) && !strcmp(S_tag(b), "Para"))
        tight = 0;
  }
  const char *x = S_get(wrap, PJ_PREFIX "tight");
  recto_list_set_tight(list, x ? !strcmp(x, "true") : tight);
  if ((x = S_get(wrap, PJ_PREFIX "style")) && nat_enum_value(&nat_list_style, x) >= 0)
    recto_list_set_style(list, (recto_list_style)nat_enum_value(&nat_list_style, x));
  if ((x = S_get(wrap, PJ_PREFIX "delim")) && nat_enum_value(&nat_list_delim, x) >= 0)
    recto_list_set_delim(list, (recto_list_delim)nat_enum_value(&nat_list_delim, x));
  if ((x = S_get(wrap, PJ_PREFIX "start")))
    recto_list_set_start(list, atoi(x));
  return 0;
}

static int S_enum_tag(R *r, const rj_value *v, const char *const *table,
                      const char *what) {
  const char *t = S_tag(v);
  int i = t ? pj_lookup(table, t) : -1;
  if (i < 0)
    return S_error(r, v ? v : r->jd->root, "unknown %s \"%.40s\"", what,
                   t ? t : "?");
  return i;
}

static int S_int(R *r, const rj_value *v, long long min, long long max,
                 long long *out, const char *what) {
  if (!v || rj_int(v, min, max, out) < 0)
    return S_error(r, v ? v : r->jd->root,
                   "%s must be an integer from %lld to %lld", what, min, max);
  return 0;
}

static int S_rows(R *r, recto_node *part, const rj_value *rows) {
  if (!rows || rows->type != RJ_ARRAY)
    return S_error(r, rows ? rows : r->jd->root, "rows must be an array");
  for (const rj_value *row = rows->first; row; row = row->next) {
    S_attr a;
    const rj_value *cells = S_nth(row, 1);
    if (S_parse_attr(r, S_nth(row, 0), &a) < 0)
      return -1;
    if (!cells || cells->type != RJ_ARRAY)
      return S_error(r, row, "a Row must be [Attr, [Cell]]");
    recto_node *rn = S_new(r, part, RECTO_NODE_ROW, row);
    if (!rn)
      return -1;
    S_apply(r, rn, &a, 0);
    for (const rj_value *cell = cells->first; cell; cell = cell->next) {
      S_attr ca;
      long long rs, cs;
      if (S_parse_attr(r, S_nth(cell, 0), &ca) < 0)
        return -1;
      int al = S_enum_tag(r, S_nth(cell, 1), pj_aligns, "alignment");
      if (al < 0 || S_int(r, S_nth(cell, 2), 1, 65535, &rs, "a row span") < 0 ||
          S_int(r, S_nth(cell, 3), 1, 65535, &cs, "a column span") < 0)
        return -1;
      const rj_value *blocks = S_arr(r, cell, 4, "a Cell's blocks");
      recto_node *cn = blocks ? S_new(r, rn, RECTO_NODE_CELL, cell) : NULL;
      if (!cn)
        return -1;
      S_apply(r, cn, &ca, 0);
      recto_cell_set(cn, (int)rs, (int)cs, (recto_align)al);
      S_push(r, cn, blocks);
    }
  }
  return 0;
}

/* A TableHead or TableFoot: [Attr, [Row]]; absent when both are empty. */
static int S_table_part(R *r, recto_node *table, recto_node_type t,
                        const rj_value *v) {
  S_attr a;
  if (S_parse_attr(r, S_nth(v, 0), &a) < 0)
    return -1;
  const rj_value *rows = S_nth(v, 1);
  const rj_value *a0 = a.v;
  int marked = S_first_class_is(&a, pj_kind_class(t));
  if (!marked && rows && rows->type == RJ_ARRAY && !rows->count &&
      !S_nth(a0, 0)->len && !S_nth(a0, 1)->count && !S_nth(a0, 2)->count)
    return 0;
  recto_node *n = S_new(r, table, t, v);
  if (!n)
    return -1;
  S_apply(r, n, &a, marked);
  return S_rows(r, n, rows);
}

static int S_caption(R *r, recto_node *parent, const rj_value *cap) {
  const rj_value *blocks = S_nth(cap, 1);
  if (!cap || cap->type != RJ_ARRAY || !blocks || blocks->type != RJ_ARRAY)
    return S_error(r, cap ? cap : r->jd->root,
                   "a Caption must be [short caption, [Block]]");
  if (!blocks->count)
    return 0;
  recto_node *c = S_new(r, parent, RECTO_NODE_CAPTION, cap);
  return c ? S_slot(r, c, blocks) : -1;
}

static int S_table(R *r, recto_node *parent, const rj_value *c,
                   recto_node **out) {
  S_attr a;
  if (!c || c->type != RJ_ARRAY || c->count != 6)
    return S_error(r, c ? c : r->jd->root,
                   "a Table must be [Attr, Caption, [ColSpec], TableHead, "
                   "[TableBody], TableFoot]");
  if (S_parse_attr(r, S_nth(c, 0), &a) < 0)
    return -1;
  recto_node *t = *out = S_new(r, parent, RECTO_NODE_TABLE, c);
  if (!t)
    return -1;
  S_apply(r, t, &a, 0);
  if (S_caption(r, t, S_nth(c, 1)) < 0)
    return -1;
  const rj_value *specs = S_arr(r, c, 2, "column specifications");
  if (!specs)
    return -1;
  if (!S_get(&a, PJ_PREFIX "columns")) {
    recto_table_set_columns(t, specs->count);
    size_t i = 0;
    for (const rj_value *s = specs->first; s; s = s->next, i++) {
      int al = S_enum_tag(r, S_nth(s, 0), pj_aligns, "alignment");
      const rj_value *wv = S_nth(s, 1);
      double width = 0;
      const char *wt = S_tag(wv);
      if (al < 0 || !wt)
        return al < 0 ? -1 : S_error(r, s, "a ColSpec must be [Alignment, ColWidth]");
      if (!strcmp(wt, "ColWidth") && rj_double(rj_get(wv, "c"), &width) < 0)
        return S_error(r, wv, "a ColWidth holds a number");
      recto_table_set_column(t, i, (recto_align)al, width > 0 ? width : 0);
    }
  }
  if (S_table_part(r, t, RECTO_NODE_TABLE_HEAD, S_nth(c, 3)) < 0)
    return -1;
  const rj_value *bodies = S_arr(r, c, 4, "table bodies");
  if (!bodies)
    return -1;
  for (const rj_value *b = bodies->first; b; b = b->next) {
    S_attr ba;
    if (S_parse_attr(r, S_nth(b, 0), &ba) < 0)
      return -1;
    /* a head or foot out of its place travels as a marked body */
    recto_node_type k = RECTO_NODE_TABLE_BODY;
    if (S_first_class_is(&ba, pj_kind_class(RECTO_NODE_TABLE_HEAD)))
      k = RECTO_NODE_TABLE_HEAD;
    else if (S_first_class_is(&ba, pj_kind_class(RECTO_NODE_TABLE_FOOT)))
      k = RECTO_NODE_TABLE_FOOT;
    recto_node *body = S_new(r, t, k, b);
    if (!body)
      return -1;
    S_apply(r, body, &ba, k != RECTO_NODE_TABLE_BODY);
    /* intermediate head rows have no kind of their own: rows first */
    if (S_rows(r, body, S_nth(b, 2)) < 0 || S_rows(r, body, S_nth(b, 3)) < 0)
      return -1;
  }
  return S_table_part(r, t, RECTO_NODE_TABLE_FOOT, S_nth(c, 5));
}

static int S_cite(R *r, recto_node *n, const rj_value *cits) {
  if (!cits || cits->type != RJ_ARRAY)
    return S_error(r, cits ? cits : r->jd->root,
                   "a Cite's citations must be an array");
  for (const rj_value *o = cits->first; o; o = o->next) {
    const rj_value *id = o->type == RJ_OBJECT ? rj_get(o, "citationId") : NULL;
    if (!id || id->type != RJ_STRING)
      return S_error(r, o, "a Citation needs a citationId string");
    recto_cite_item *it = recto_cite_add_item(n);
    it->key = recto_strndup(r->doc, id->str, id->len);
    it->prefix = S_plain(r, rj_get(o, "citationPrefix"));
    const rj_value *suf = rj_get(o, "citationSuffix");
    const rj_value *first = suf && suf->type == RJ_ARRAY ? suf->first : NULL;
    if (S_tag(first) && !strcmp(S_tag(first), "Span")) {
      S_attr a;
      const rj_value *c = rj_get(first, "c");
      if (S_parse_attr(r, S_nth(c, 0), &a) < 0)
        return -1;
      if (S_first_class_is(&a, PJ_PREFIX "locator")) {
        it->locator = S_plain(r, S_nth(c, 1));
        const char *label = S_get(&a, PJ_PREFIX "label");
        it->label = label ? recto_strdup(r->doc, label) : NULL;
        recto_buf b = RECTO_BUF_INIT;
        for (const rj_value *e = first->next; e; e = e->next)
          S_stringify(e, &b, 1);
        it->suffix = b.len ? recto_strndup(r->doc, b.data, b.len) : NULL;
        recto_buf_free(&b);
        first = NULL;
      }
    }
    if (first)
      it->suffix = S_plain(r, suf);
    int mode = S_enum_tag(r, rj_get(o, "citationMode"), pj_cite_modes,
                          "citation mode");
    if (mode < 0)
      return -1;
    it->mode = (recto_cite_mode)mode;
  }
  return 0;
}

/* The entry written for a marked bib-entry Div: entries come in the order
   they were written, so the next one usually is it. */
static recto_bib_entry *S_take_entry(R *r, const char *key) {
  if (!key)
    return NULL;
  size_t i = r->entcur;
  if (i >= r->nent || strcmp(r->ents[i]->id ? r->ents[i]->id : "", key))
    for (i = 0; i < r->nent; i++)
      if (!r->taken[i] && r->ents[i]->id && !strcmp(r->ents[i]->id, key))
        break;
  if (i >= r->nent)
    return NULL;
  r->taken[i] = 1;
  r->entcur = i + 1;
  return r->ents[i];
}

/* A Div or Span marked with a recto kind's class. */
static int S_marked(R *r, recto_node *parent, recto_node_type t,
                    const S_attr *a, const rj_value *content,
                    const rj_value *v) {
  recto_node *n = S_new(r, parent, t, v);
  if (!n)
    return -1;
  S_apply(r, n, a, 1);
  const char *x;
  switch (t) {
  case RECTO_NODE_NOTE_DEF:
  case RECTO_NODE_NOTE_REF:
    recto_node_set_marker(n, S_get(a, PJ_PREFIX "marker"));
    break;
  case RECTO_NODE_SECTION:
    if ((x = S_get(a, PJ_PREFIX "level")))
      recto_node_set_level(n, atoi(x));
    break;
  case RECTO_NODE_BIB_ENTRY: {
    recto_bib_entry *e = S_take_entry(r, S_get(a, PJ_PREFIX "key"));
    if (e)
      recto_node_set_bib_entry(n, e);
    else if (S_get(a, PJ_PREFIX "key"))
      recto_diag_emit(r->ctx, RECTO_DIAG_WARNING, "json.unresolved", NULL,
                      "bibliography entry \"%.60s\" is not in the "
                      "references metadata",
                      S_get(a, PJ_PREFIX "key"));
    break;
  }
  case RECTO_NODE_PAGE_BREAK: {
    const char *src = S_get(a, PJ_PREFIX "source");
    recto_page_set(n, S_get(a, PJ_PREFIX "label"),
                   src ? recto_page_source_from_name(src)
                       : RECTO_PAGE_SOURCE_UNKNOWN,
                   S_get(a, PJ_PREFIX "header"), S_get(a, PJ_PREFIX "footer"));
    break;
  }
  default:
    break;
  }
  if (!recto_node_is_leaf(t))
    S_push(r, n, content);
  return 0;
}

static const struct {
  const char *tag;
  recto_node_type type;
} S_simple[] = {
    {"Para", RECTO_NODE_PARAGRAPH},     {"Plain", RECTO_NODE_PLAIN},
    {"BlockQuote", RECTO_NODE_BLOCK_QUOTE}, {"Emph", RECTO_NODE_EMPH},
    {"Strong", RECTO_NODE_STRONG},      {"Strikeout", RECTO_NODE_STRIKEOUT},
    {"Underline", RECTO_NODE_UNDERLINE}, {"Superscript", RECTO_NODE_SUPERSCRIPT},
    {"Subscript", RECTO_NODE_SUBSCRIPT}, {"SmallCaps", RECTO_NODE_SMALLCAPS},
    {"Note", RECTO_NODE_NOTE},
};

/* Convert the element *pv into parent's children; *pv moves to the next
   element.  wrap: the attributes of a recto-wrap Div/Span around it. */
static int S_element(R *r, recto_node *parent, const rj_value **pv,
                     const S_attr *wrap, int may_unwrap) {
  const rj_value *v = *pv;
  const char *t = S_tag(v);
  if (!t)
    return S_error(r, v, "an element must be an object with a \"t\" tag");
  if (S_is_textual(v)) {
    recto_node *n = S_text_run(r, parent, pv);
    if (!n)
      return -1;
    S_apply(r, n, wrap, 1);
    return 0;
  }
  *pv = v->next;
  const rj_value *c = rj_get(v, "c");
  recto_node *n = NULL;
  for (size_t i = 0; i < sizeof S_simple / sizeof *S_simple; i++) {
    if (strcmp(t, S_simple[i].tag))
      continue;
    if (!c || c->type != RJ_ARRAY)
      return S_error(r, v, "a %s holds an array", t);
    if (!(n = S_new(r, parent, S_simple[i].type, v)))
      return -1;
    S_push(r, n, c);
    if (S_simple[i].type == RECTO_NODE_NOTE)
      recto_node_set_marker(n, S_get(wrap, PJ_PREFIX "marker"));
    S_apply(r, n, wrap, 1);
    return 0;
  }
  if (!strcmp(t, "Space") || !strcmp(t, "SoftBreak") ||
      !strcmp(t, "LineBreak") || !strcmp(t, "HorizontalRule")) {
    n = S_new(r, parent,
              t[0] == 'S'   ? RECTO_NODE_SOFT_BREAK
              : t[0] == 'L' ? RECTO_NODE_LINE_BREAK
                            : RECTO_NODE_THEMATIC_BREAK,
              v);
  } else if (!strcmp(t, "Null")) {
    return 0; /* 1.22's empty block */
  } else if (!strcmp(t, "Div") || !strcmp(t, "Span")) {
    S_attr a;
    if (S_parse_attr(r, S_nth(c, 0), &a) < 0)
      return -1;
    const rj_value *content = S_arr(r, c, 1, "a Div's or Span's content");
    if (!content)
      return -1;
    if (may_unwrap && S_first_class_is(&a, PJ_WRAP) && content->first) {
      const rj_value *inner = content->first;
      return S_element(r, parent, &inner, &a, 0);
    }
    recto_node_type k =
        a.first ? pj_class_kind(a.first->str, a.first->len) : RECTO_NODE_NONE;
    if (k != RECTO_NODE_NONE && k != RECTO_NODE_ITEM && k != RECTO_NODE_DEF &&
        k != RECTO_NODE_TERM && k != RECTO_NODE_LINE &&
        k != RECTO_NODE_TABLE_HEAD && k != RECTO_NODE_TABLE_FOOT)
      return S_marked(r, parent, k, &a, content, v);
    if (!(n = S_new(r, parent, t[0] == 'D' ? RECTO_NODE_DIV : RECTO_NODE_SPAN,
                    v)))
      return -1;
    S_apply(r, n, &a, 0);
    S_push(r, n, content);
    return 0;
  } else if (!strcmp(t, "Header")) {
    long long level;
    S_attr a;
    const rj_value *inl = S_arr(r, c, 2, "a Header's inlines");
    if (S_int(r, S_nth(c, 0), 0, 6, &level, "a Header's level") < 0 ||
        S_parse_attr(r, S_nth(c, 1), &a) < 0 || !inl ||
        !(n = S_new(r, parent, RECTO_NODE_HEADING, v)))
      return -1;
    recto_node_set_level(n, (int)level);
    S_apply(r, n, &a, 0);
    S_push(r, n, inl);
  } else if (!strcmp(t, "CodeBlock") || !strcmp(t, "Code")) {
    S_attr a;
    const char *text = S_string(r, S_nth(c, 1), "code");
    if (!text || S_parse_attr(r, S_nth(c, 0), &a) < 0)
      return -1;
    int flat = t[4] && S_first_class_is(&a, pj_kind_class(RECTO_NODE_TABLE_FLAT));
    n = S_new(r, parent,
              flat ? RECTO_NODE_TABLE_FLAT
              : t[4] ? RECTO_NODE_CODE_BLOCK
                     : RECTO_NODE_CODE,
              v);
    if (!n)
      return -1;
    recto_node_set_text(n, text, S_nth(c, 1)->len);
    const char *info = S_get(&a, PJ_PREFIX "info");
    int first_is_info = t[4] && !flat && !info && a.first;
    if (first_is_info)
      info = a.first->str;
    if (t[4] && !flat && info)
      recto_node_set_info(n, info);
    S_apply(r, n, &a, flat || first_is_info);
  } else if (!strcmp(t, "RawBlock") || !strcmp(t, "RawInline")) {
    const char *fmt = S_string(r, S_nth(c, 0), "a raw format");
    const char *text = fmt ? S_string(r, S_nth(c, 1), "raw text") : NULL;
    if (!text ||
        !(n = S_new(r, parent,
                    t[3] == 'B' ? RECTO_NODE_RAW_BLOCK : RECTO_NODE_RAW_INLINE,
                    v)))
      return -1;
    recto_node_set_info(n, fmt);
    recto_node_set_text(n, text, S_nth(c, 1)->len);
  } else if (!strcmp(t, "Math")) {
    int kind = S_enum_tag(r, S_nth(c, 0), pj_math_kinds, "math kind");
    const char *text = kind >= 0 ? S_string(r, S_nth(c, 1), "math") : NULL;
    if (!text || !(n = S_new(r, parent, RECTO_NODE_MATH, v)))
      return -1;
    recto_node_set_math_display(n, kind);
    recto_node_set_text(n, text, S_nth(c, 1)->len);
  } else if (!strcmp(t, "Quoted")) {
    int kind = S_enum_tag(r, S_nth(c, 0), pj_quotes, "quote kind");
    const rj_value *inl = kind >= 0 ? S_arr(r, c, 1, "quoted inlines") : NULL;
    if (!inl || !(n = S_new(r, parent, RECTO_NODE_QUOTED, v)))
      return -1;
    recto_node_set_quote_kind(n, (recto_quote_kind)kind);
    S_push(r, n, inl);
  } else if (!strcmp(t, "Link") || !strcmp(t, "Image")) {
    S_attr a;
    const rj_value *inl = S_arr(r, c, 1, "a link's inlines");
    const rj_value *target = inl ? S_arr(r, c, 2, "a link's target") : NULL;
    const char *url = target ? S_string(r, S_nth(target, 0), "a URL") : NULL;
    const char *title = url ? S_string(r, S_nth(target, 1), "a title") : NULL;
    if (!title || S_parse_attr(r, S_nth(c, 0), &a) < 0 ||
        !(n = S_new(r, parent, t[0] == 'L' ? RECTO_NODE_LINK : RECTO_NODE_IMAGE,
                    v)))
      return -1;
    if (!S_get(&a, PJ_PREFIX "url"))
      recto_node_set_url(n, url);
    if (*title)
      recto_node_set_title(n, title);
    S_apply(r, n, &a, 0);
    S_push(r, n, inl);
  } else if (!strcmp(t, "Cite")) {
    const rj_value *inl = S_arr(r, c, 1, "a Cite's inlines");
    if (!inl || !(n = S_new(r, parent, RECTO_NODE_CITE, v)) ||
        S_cite(r, n, S_nth(c, 0)) < 0)
      return -1;
    S_push(r, n, inl);
  } else if (!strcmp(t, "LineBlock")) {
    if (!c || c->type != RJ_ARRAY ||
        !(n = S_new(r, parent, RECTO_NODE_LINE_BLOCK, v)))
      return c && c->type == RJ_ARRAY ? -1
                                      : S_error(r, v, "a LineBlock holds lines");
    for (const rj_value *line = c->first; line; line = line->next) {
      recto_node *ln = line->type == RJ_ARRAY
                           ? S_new(r, n, RECTO_NODE_LINE, line)
                           : NULL;
      if (!ln)
        return line->type == RJ_ARRAY ? -1
                                      : S_error(r, line, "a line holds inlines");
      if (S_slot(r, ln, line) < 0)
        return -1;
    }
  } else if (!strcmp(t, "BulletList") || !strcmp(t, "OrderedList")) {
    int ordered = t[0] == 'O';
    const rj_value *items = ordered ? S_nth(c, 1) : c;
    if (!(n = S_new(r, parent, RECTO_NODE_LIST, v)))
      return -1;
    if (ordered) {
      const rj_value *la = S_nth(c, 0);
      long long start;
      int st, de;
      if (S_int(r, S_nth(la, 0), INT32_MIN, INT32_MAX, &start, "a list start") < 0 ||
          (st = S_enum_tag(r, S_nth(la, 1), pj_list_styles, "list style")) < 0 ||
          (de = S_enum_tag(r, S_nth(la, 2), pj_list_delims, "list delimiter")) < 0)
        return -1;
      recto_list_set_kind(n, RECTO_LIST_ORDERED);
      recto_list_set_start(n, (int)start);
      recto_list_set_style(n, (recto_list_style)st);
      recto_list_set_delim(n, (recto_list_delim)de);
    } else {
      recto_list_set_start(n, 1);
    }
    if (S_list_items(r, n, items, wrap) < 0)
      return -1;
  } else if (!strcmp(t, "DefinitionList")) {
    if (!c || c->type != RJ_ARRAY)
      return S_error(r, v, "a DefinitionList holds items");
    if (!(n = S_new(r, parent, RECTO_NODE_DEF_LIST, v)))
      return -1;
    for (const rj_value *it = c->first; it; it = it->next) {
      const rj_value *term = S_nth(it, 0), *defs = S_nth(it, 1);
      if (!term || term->type != RJ_ARRAY || !defs || defs->type != RJ_ARRAY)
        return S_error(r, it, "a definition item must be [[Inline], [[Block]]]");
      recto_node *di = S_new(r, n, RECTO_NODE_DEF_ITEM, it);
      if (!di || S_terms(r, di, term) < 0)
        return -1;
      for (const rj_value *d = defs->first; d; d = d->next) {
        recto_node *dn = d->type == RJ_ARRAY ? S_new(r, di, RECTO_NODE_DEF, d)
                                             : NULL;
        if (!dn || S_slot(r, dn, d) < 0)
          return dn ? -1 : S_error(r, d, "a definition holds blocks");
      }
    }
  } else if (!strcmp(t, "Table")) {
    if (S_table(r, parent, c, &n) < 0)
      return -1;
  } else if (!strcmp(t, "Figure")) {
    S_attr a;
    const rj_value *blocks = S_arr(r, c, 2, "a Figure's blocks");
    if (!blocks || S_parse_attr(r, S_nth(c, 0), &a) < 0 ||
        !(n = S_new(r, parent, RECTO_NODE_FIGURE, v)) ||
        S_caption(r, n, S_nth(c, 1)) < 0)
      return -1;
    S_apply(r, n, &a, 0);
    S_push(r, n, blocks);
  } else {
    return S_error(r, v, "unknown element \"%.40s\"", t);
  }
  if (!n)
    return -1;
  S_apply(r, n, wrap, 1);
  return 0;
}

/* Convert everything pushed so far. */
static int S_run(R *r) {
  while (r->len) {
    S_frame *f = &r->st[r->len - 1];
    if (!f->next) {
      r->len--;
      continue;
    }
    size_t fi = r->len - 1;
    const rj_value *v = f->next;
    /* S_element may push frames (and move the stack): only frames above
       fi are new, so fi is still this array's */
    if (S_element(r, f->target, &v, NULL, 1) < 0)
      return -1;
    r->st[fi].next = v;
  }
  return 0;
}

/* ---- metadata ---- */

#define S_META_DEPTH 200

static int S_meta_json(R *r, const rj_value *v, recto_buf *b, int depth,
                       const char *key, int in_array);

/* [year, month, day] from a date map of pandoc's YAML form. */
static int S_date_parts(R *r, const rj_value *map, recto_buf *b, int depth) {
  static const char *const parts[] = {"year", "month", "day"};
  recto_buf_putc(b, '[');
  for (size_t k = 0; k < 3 && map && map->type == RJ_OBJECT &&
                     rj_get(map, parts[k]);
       k++) {
    if (k)
      recto_buf_putc(b, ',');
    if (S_meta_json(r, rj_get(map, parts[k]), b, depth, NULL, 1) < 0)
      return -1;
  }
  recto_buf_putc(b, ']');
  return 0;
}

/* A MetaValue as plain JSON (for the CSL entry mapping): maps, lists,
   booleans; strings and text as strings, and whole numbers as numbers in
   arrays (date parts) and for "cited".  pandoc's YAML forms are made CSL
   JSON on the way: one name where a list of names belongs, a date as a
   map of year, month and day. */
static int S_meta_json(R *r, const rj_value *v, recto_buf *b, int depth,
                       const char *key, int in_array) {
  const char *t = S_tag(v);
  const rj_value *c = rj_get(v, "c");
  if (!t || depth > S_META_DEPTH)
    return S_error(r, v, "a metadata value must be tagged (and not nested "
                         "too deep)");
  int names = key && (!strcmp(key, "author") || !strcmp(key, "editor") ||
                      !strcmp(key, "translator"));
  int date = key && (!strcmp(key, "issued") || !strcmp(key, "accessed"));
  if (names && strcmp(t, "MetaList")) {
    recto_buf_putc(b, '[');
    int rc = S_meta_json(r, v, b, depth + 1, NULL, 1);
    recto_buf_putc(b, ']');
    return rc;
  }
  if (date && !strcmp(t, "MetaList") && c && c->type == RJ_ARRAY &&
      c->first && rj_get(rj_get(c->first, "c"), "year")) {
    /* a range as a list of dates */
    RJ_LIT(b, "{\"date-parts\":[");
    for (const rj_value *m = c->first; m; m = m->next) {
      if (m != c->first)
        recto_buf_putc(b, ',');
      if (S_date_parts(r, rj_get(m, "c"), b, depth + 1) < 0)
        return -1;
    }
    RJ_LIT(b, "]}");
    return 0;
  }
  if (key && (!strcmp(key, "given") || !strcmp(key, "family")) &&
      !strcmp(t, "MetaList") && c && c->type == RJ_ARRAY) {
    /* name parts as a list of words */
    recto_buf s = RECTO_BUF_INIT;
    for (const rj_value *m = c->first; m; m = m->next) {
      if (s.len)
        recto_buf_putc(&s, ' ');
      S_stringify(m, &s, 0);
    }
    rj_put_string(b, s.data ? s.data : "", s.len);
    recto_buf_free(&s);
    return 0;
  }
  if (!strcmp(t, "MetaMap") && c && c->type == RJ_OBJECT) {
    recto_buf_putc(b, '{');
    int first = 1;
    if (date && rj_get(c, "year")) {
      RJ_LIT(b, "\"date-parts\":[");
      if (S_date_parts(r, c, b, depth + 1) < 0)
        return -1;
      RJ_LIT(b, "]");
      first = 0;
    }
    for (const rj_value *m = c->first; m; m = m->next) {
      if (date && (rj_key_is(m, "year") || rj_key_is(m, "month") ||
                   rj_key_is(m, "day")))
        continue;
      if (!first)
        recto_buf_putc(b, ',');
      first = 0;
      rj_put_string(b, m->key, m->key_len);
      recto_buf_putc(b, ':');
      const char *k = recto_strndup(r->doc, m->key, m->key_len);
      if (S_meta_json(r, m, b, depth + 1, k, 0) < 0)
        return -1;
    }
    recto_buf_putc(b, '}');
  } else if (!strcmp(t, "MetaList") && c && c->type == RJ_ARRAY) {
    recto_buf_putc(b, '[');
    for (const rj_value *m = c->first; m; m = m->next) {
      if (m != c->first)
        recto_buf_putc(b, ',');
      if (S_meta_json(r, m, b, depth + 1, NULL, 1) < 0)
        return -1;
    }
    recto_buf_putc(b, ']');
  } else if (!strcmp(t, "MetaBool") && c &&
             (c->type == RJ_TRUE || c->type == RJ_FALSE)) {
    recto_buf_puts(b, c->type == RJ_TRUE ? "true" : "false");
  } else {
    recto_buf s = RECTO_BUF_INIT;
    S_stringify(!strcmp(t, "MetaString") ? v : c, &s, 0);
    int whole = (in_array || (key && !strcmp(key, "cited"))) && s.len &&
                s.len < 10 && (s.data[0] != '0' || s.len == 1);
    for (size_t k = 0; whole && k < s.len; k++)
      whole = (s.data[k] >= '0' && s.data[k] <= '9') || (!k && s.data[k] == '-' && s.len > 1);
    if (whole)
      recto_buf_put(b, s.data, s.len);
    else
      rj_put_string(b, s.data ? s.data : "", s.len);
    recto_buf_free(&s);
  }
  return 0;
}

static int S_references(R *r, const rj_value *refs) {
  const rj_value *c = rj_get(refs, "c");
  if (!S_tag(refs) || strcmp(S_tag(refs), "MetaList") || !c ||
      c->type != RJ_ARRAY)
    return S_error(r, refs, "\"references\" must be a MetaList of entries");
  for (const rj_value *e = c->first; e; e = e->next) {
    recto_buf b = RECTO_BUF_INIT;
    if (S_meta_json(r, e, &b, 0, NULL, 0) < 0) {
      recto_buf_free(&b);
      return -1;
    }
    rj_doc ej;
    rj_error err;
    recto_bib_entry *be = NULL;
    if (rj_parse(b.data, b.len, &ej, &err) == 0 && ej.root->type == RJ_OBJECT)
      be = csl_read_entry(r->ctx, r->doc, &ej, ej.root, CSL_NATIVE, "json");
    else
      S_error(r, e, "a reference must be a map of fields");
    rj_free(&ej);
    recto_buf_free(&b);
    if (!be)
      return -1;
    r->ents = rj_reserve(r->ents, r->nent, &r->entcap, sizeof *r->ents);
    r->ents[r->nent++] = be;
  }
  r->taken = calloc(r->nent ? r->nent : 1, 1);
  return 0;
}

static recto_meta *S_meta(R *r, const rj_value *v, int depth) {
  const char *t = S_tag(v);
  const rj_value *c = rj_get(v, "c");
  if (!t || depth > S_META_DEPTH) {
    S_error(r, v, "a metadata value must be tagged (and not nested too "
                  "deep)");
    return NULL;
  }
  if (!strcmp(t, "MetaMap") && c && c->type == RJ_OBJECT) {
    recto_meta *m = recto_meta_new_map(r->doc);
    for (const rj_value *e = c->first; e; e = e->next) {
      recto_meta *x = S_meta(r, e, depth + 1);
      if (!x)
        return NULL;
      recto_meta_set(m, recto_strndup(r->doc, e->key, e->key_len), x);
    }
    return m;
  }
  if (!strcmp(t, "MetaList") && c && c->type == RJ_ARRAY) {
    recto_meta *m = recto_meta_new_list(r->doc);
    for (const rj_value *e = c->first; e; e = e->next) {
      recto_meta *x = S_meta(r, e, depth + 1);
      if (!x)
        return NULL;
      recto_meta_append(m, x);
    }
    return m;
  }
  if (!strcmp(t, "MetaBool") && c && (c->type == RJ_TRUE || c->type == RJ_FALSE))
    return recto_meta_new_bool(r->doc, c->type == RJ_TRUE);
  if (!strcmp(t, "MetaString") && c && c->type == RJ_STRING)
    return recto_meta_new_string(r->doc, recto_strndup(r->doc, c->str, c->len));
  if ((!strcmp(t, "MetaInlines") || !strcmp(t, "MetaBlocks")) && c &&
      c->type == RJ_ARRAY) {
    int inl = t[4] == 'I';
    recto_node *box = recto_node_new(r->doc, inl ? RECTO_NODE_SPAN
                                                 : RECTO_NODE_DIV);
    const rj_value *only = c->count == 1 ? c->first : NULL;
    const rj_value *oc = only ? rj_get(only, "c") : NULL;
    S_attr a;
    if (S_tag(only) && !strcmp(S_tag(only), inl ? "Span" : "Div") &&
        S_parse_attr(r, S_nth(oc, 0), &a) == 0 && S_first_class_is(&a, PJ_WRAP)) {
      S_apply(r, box, &a, 1);
      S_push(r, box, S_nth(oc, 1));
    } else {
      S_push(r, box, c);
    }
    if (S_run(r) < 0)
      return NULL;
    return recto_meta_new_nodes(r->doc, box);
  }
  S_error(r, v, "unknown metadata value \"%.40s\"", t);
  return NULL;
}

static int S_doc_meta(R *r, const rj_value *meta) {
  recto_doc *doc = r->doc;
  if (!meta || meta->type != RJ_OBJECT)
    return S_error(r, meta ? meta : r->jd->root, "\"meta\" must be an object");
  const rj_value *refs = rj_get(meta, "references");
  if (refs && S_references(r, refs) < 0)
    return -1;
  const char *lang = NULL, *dir = NULL;
  for (const rj_value *e = meta->first; e; e = e->next) {
    if (rj_key_is(e, "references"))
      continue;
    if (rj_key_is(e, PJ_PREFIX "lang") || rj_key_is(e, PJ_PREFIX "dir")) {
      const char *s = S_plain(r, e);
      *(rj_key_is(e, PJ_PREFIX "lang") ? &lang : &dir) = s;
      continue;
    }
    if (rj_key_is(e, PJ_PREFIX "steps")) {
      const rj_value *c = rj_get(e, "c");
      for (const rj_value *s = c && c->type == RJ_ARRAY ? c->first : NULL; s;
           s = s->next) {
        const rj_value *m = rj_get(s, "c");
        const rj_value *name = m && m->type == RJ_OBJECT ? rj_get(m, "name")
                                                         : NULL;
        const rj_value *desc = name ? rj_get(m, "description") : NULL;
        if (!name)
          return S_error(r, s, "a step needs a name");
        recto_doc_add_step(doc, S_plain(r, name),
                           desc ? S_plain(r, desc) : NULL);
      }
      continue;
    }
    if (rj_key_is(e, PJ_PREFIX "root")) {
      const rj_value *div = S_nth(rj_get(e, "c"), 0);
      S_attr a;
      if (S_parse_attr(r, S_nth(rj_get(div, "c"), 0), &a) < 0)
        return -1;
      S_apply(r, recto_doc_root(doc), &a, 1);
      continue;
    }
    recto_meta *m = S_meta(r, e, 1);
    if (!m)
      return -1;
    recto_meta_set(recto_doc_meta(doc),
                   recto_strndup(doc, e->key, e->key_len), m);
  }
  /* as the Markdown reader does: the metadata's lang and dir decide,
     unless the writer recorded the document's own */
  if (!lang)
    lang = recto_doc_meta_string(doc, "lang");
  if (!dir)
    dir = recto_doc_meta_string(doc, "dir");
  if (lang && *lang)
    recto_doc_set_lang(doc, lang);
  int d = dir ? nat_enum_value(&nat_dir, dir) : -1;
  if (d > 0)
    recto_doc_set_dir(doc, (recto_dir)d);
  return 0;
}

/* Citations link to the entries of the document; entries no marked Div
   placed go to the bibliography, as the Markdown reader's references. */
static void S_finish(R *r) {
  for (size_t i = 0; i < r->nent; i++)
    if (!r->taken[i])
      recto_doc_add_entry(r->doc, r->ents[i]);
  recto_iter *it = recto_iter_new(recto_doc_root(r->doc));
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER || recto_node_type_of(n) != RECTO_NODE_CITE)
      continue;
    for (size_t k = 0; k < recto_cite_count(n); k++) {
      recto_cite_item *ci = recto_cite_item_at(n, k);
      ci->entry = recto_doc_find_entry(r->doc, ci->key);
    }
  }
  recto_iter_free(it);
}

recto_status pj_read(recto_context *ctx, const recto_input *input,
                     const recto_options *opts, recto_doc **out) {
  (void)opts;
  *out = NULL;
  rj_doc jd;
  rj_error err;
  if (rj_parse((const char *)input->data, input->len, &jd, &err) < 0) {
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "json.syntax", &err.pos, "%s",
                    err.message);
    rj_free(&jd);
    return RECTO_ERR_INPUT;
  }
  R r = {ctx, NULL, &jd, NULL, 0, 0, NULL, NULL, 0, 0, 0};
  recto_status st = RECTO_ERR_INPUT;
  const rj_value *ver = jd.root->type == RJ_OBJECT
                            ? rj_get(jd.root, "pandoc-api-version")
                            : NULL;
  long long major = -1, minor = -1;
  if (ver && ver->type == RJ_ARRAY && ver->count >= 2) {
    rj_int(ver->first, 0, 1000, &major);
    rj_int(ver->first->next, 0, 1000, &minor);
  }
  if (!ver) {
    S_error(&r, jd.root, "not pandoc's JSON: the \"pandoc-api-version\" key "
                         "is missing");
  } else if (major != 1 || minor < PJ_MINOR_MIN || minor > PJ_MINOR_MAX) {
    S_error(&r, ver,
            "pandoc-api-version %lld.%lld is not read (this reader reads "
            "1.%d to 1.%d)",
            major, minor, PJ_MINOR_MIN, PJ_MINOR_MAX);
  } else {
    r.doc = recto_doc_new();
    const rj_value *blocks = rj_get(jd.root, "blocks");
    if (!blocks || blocks->type != RJ_ARRAY) {
      S_error(&r, blocks ? blocks : jd.root, "\"blocks\" must be an array");
    } else if (S_doc_meta(&r, rj_get(jd.root, "meta")) == 0) {
      S_push(&r, recto_doc_root(r.doc), blocks);
      if (S_run(&r) == 0) {
        S_finish(&r);
        *out = r.doc;
        st = RECTO_OK;
      }
    }
    if (st != RECTO_OK)
      recto_doc_free(r.doc);
  }
  free(r.st);
  free(r.ents);
  free(r.taken);
  rj_free(&jd);
  return st;
}
