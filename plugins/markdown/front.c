/* front.c: the metadata block: document metadata and the bibliography.
 *
 * Values are Markdown, as in pandoc: a scalar that reads as plain text is
 * a string, one with inline markup becomes inlines, and a block scalar
 * (| or >) holding several blocks becomes blocks.  "references:" entries
 * go to the bibliography (the ::: {#refs} div, or one at the end).
 */
#include <stdlib.h>
#include <string.h>

#include "md.h"

static int S_is(const recto_node *n, recto_node_type t) {
  return n && recto_node_type_of(n) == t;
}

static recto_meta *S_scalar(md_reader *rd, const md_yaml *y, int parse) {
  recto_doc *doc = rd->doc;
  if (!y->quoted && !y->block &&
      (!strcmp(y->value, "true") || !strcmp(y->value, "false")))
    return recto_meta_new_bool(doc, y->value[0] == 't');
  int punct = 0;
  for (size_t i = 0; i < y->value_len && !punct; i++)
    punct = md_ispunct((unsigned char)y->value[i]) ||
            y->value[i] == '\n' || y->value[i] == '\t';
  if (!parse || (!punct && !y->block))
    return recto_meta_new_string(doc, y->value);
  /* a block scalar's text starts on the line after its key */
  recto_node *div = md_read_fragment(rd, y->value, y->value_len,
                                     y->line + (y->block ? 1 : 0));
  recto_node *first = recto_node_first_child(div);
  if (y->block) /* "|" and ">": blocks, as in pandoc */
    return first ? recto_meta_new_nodes(doc, div)
                 : recto_meta_new_string(doc, "");
  if (first && !recto_node_next(first) &&
      (S_is(first, RECTO_NODE_PARAGRAPH) || S_is(first, RECTO_NODE_PLAIN))) {
    recto_node *only = recto_node_first_child(first);
    if (!only)
      return recto_meta_new_string(doc, "");
    if (S_is(only, RECTO_NODE_TEXT) && !recto_node_next(only))
      return recto_meta_new_string(
          doc, recto_strndup(doc, recto_node_text(only),
                             recto_node_text_len(only)));
    recto_node *span = recto_node_new(doc, RECTO_NODE_SPAN);
    recto_node_set_pos(span, recto_node_pos(first));
    recto_node *c;
    while ((c = recto_node_first_child(first)) != NULL) {
      recto_node_unlink(c);
      recto_node_append(span, c);
    }
    return recto_meta_new_nodes(doc, span);
  }
  return recto_meta_new_string(doc, y->value);
}

static recto_meta *S_value(md_reader *rd, const md_yaml *y, int parse) {
  switch (y->kind) {
  case MD_YAML_MAP:
    return recto_meta_new_map(rd->doc);
  case MD_YAML_SEQ:
    return recto_meta_new_list(rd->doc);
  default:
    return S_scalar(rd, y, parse);
  }
}

/* YAML to metadata, breadth first with a work list (no recursion). */
static void S_meta(md_reader *rd, const md_yaml *root, recto_meta *meta) {
  typedef struct {
    const md_yaml *y;
    recto_meta *m;
  } W;
  size_t cap = 16, n = 0;
  W *work = malloc(cap * sizeof *work);
  if (!work)
    recto_out_of_memory();
  work[n++] = (W){root, meta};
  while (n) {
    W w = work[--n];
    for (const md_yaml *c = w.y->first; c; c = c->next) {
      if (w.y == root && (!strcmp(c->key, "references") ||
                          !strcmp(c->key, "recto-steps")))
        continue;
      int parse = !(w.y == root && (!strcmp(c->key, "lang") ||
                                    !strcmp(c->key, "dir")));
      recto_meta *v = S_value(rd, c, parse);
      if (recto_meta_kind_of(w.m) == RECTO_META_MAP)
        recto_meta_set(w.m, c->key, v);
      else
        recto_meta_append(w.m, v);
      if (c->kind == MD_YAML_MAP || c->kind == MD_YAML_SEQ) {
        if (n == cap) {
          cap *= 2;
          W *nw = realloc(work, cap * sizeof *nw);
          if (!nw)
            recto_out_of_memory();
          work = nw;
        }
        work[n++] = (W){c, v};
      }
    }
  }
  free(work);
}

/* Bibliographies that list their keys ("keys" attribute, written when a
   document has several) take those entries; the first takes the rest. */
static void S_bibliography(md_reader *rd, recto_bib_entry **entries,
                           size_t count) {
  recto_doc *doc = rd->doc;
  recto_node *first = recto_doc_bibliography(doc, 0);
  char *taken = calloc(count ? count : 1, 1);
  if (!taken)
    recto_out_of_memory();
  recto_iter *it = recto_iter_new(recto_doc_root(doc));
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *b = recto_iter_node(it);
    if (ev == RECTO_EVENT_ENTER && md_inline_content(b))
      recto_iter_skip_children(it); /* a bibliography is a block */
    if (ev != RECTO_EVENT_ENTER || !S_is(b, RECTO_NODE_BIBLIOGRAPHY))
      continue;
    const char *keys = recto_node_attr(b, "keys");
    if (!keys)
      continue;
    for (const char *p = keys; *p;) {
      while (*p == ' ')
        p++;
      const char *e = p;
      while (*e && *e != ' ')
        e++;
      for (size_t i = 0; i < count && e > p; i++)
        if (!taken[i] && entries[i]->id &&
            strlen(entries[i]->id) == (size_t)(e - p) &&
            !memcmp(entries[i]->id, p, (size_t)(e - p))) {
          recto_node *n = recto_node_new(doc, RECTO_NODE_BIB_ENTRY);
          recto_node_set_bib_entry(n, entries[i]);
          recto_node_set_pos(n, entries[i]->pos);
          recto_node_append(b, n);
          taken[i] = 1;
          break;
        }
      p = e;
    }
    recto_node_set_attr(b, "keys", NULL);
  }
  recto_iter_free(it);
  for (size_t i = 0; i < count; i++) {
    if (taken[i])
      continue;
    if (!first) {
      recto_doc_add_entry(doc, entries[i]);
      first = recto_doc_bibliography(doc, 0);
      continue;
    }
    recto_node *n = recto_node_new(doc, RECTO_NODE_BIB_ENTRY);
    recto_node_set_bib_entry(n, entries[i]);
    recto_node_set_pos(n, entries[i]->pos);
    recto_node_append(first, n);
  }
  free(taken);
}

static recto_status S_front_matter(md_reader *rd, md_yaml *root) {
  recto_doc *doc = rd->doc;
  if (root->kind != MD_YAML_MAP) {
    recto_pos pos = {root->line, 1, 0};
    recto_diag_emit(rd->ctx, RECTO_DIAG_ERROR, "md.yaml", &pos,
                    "metadata block: expected a map of keys");
    return RECTO_ERR_INPUT;
  }
  S_meta(rd, root, recto_doc_meta(doc));
  const md_yaml *v;
  if ((v = md_yaml_get(root, "lang")) && v->kind == MD_YAML_SCALAR)
    recto_doc_set_lang(doc, v->value);
  if ((v = md_yaml_get(root, "dir")) && v->kind == MD_YAML_SCALAR) {
    if (!strcmp(v->value, "rtl"))
      recto_doc_set_dir(doc, RECTO_DIR_RTL);
    else if (!strcmp(v->value, "ltr"))
      recto_doc_set_dir(doc, RECTO_DIR_LTR);
    else if (!strcmp(v->value, "auto"))
      recto_doc_set_dir(doc, RECTO_DIR_AUTO);
  }
  /* the structure-recovery steps recorded by recto (TEI encodingDesc) */
  const md_yaml *steps = md_yaml_get(root, "recto-steps");
  for (const md_yaml *s = steps && steps->kind == MD_YAML_SEQ ? steps->first
                                                            : NULL;
       s; s = s->next) {
    const md_yaml *name = md_yaml_get(s, "name");
    const md_yaml *desc = md_yaml_get(s, "description");
    if (name && name->kind == MD_YAML_SCALAR)
      recto_doc_add_step(doc, name->value,
                         desc && desc->kind == MD_YAML_SCALAR ? desc->value
                                                              : "");
  }
  const md_yaml *refs = md_yaml_get(root, "references");
  if (refs && refs->kind == MD_YAML_SEQ) {
    size_t n = 0;
    for (const md_yaml *r = refs->first; r; r = r->next)
      n++;
    recto_bib_entry **entries = malloc((n ? n : 1) * sizeof *entries);
    if (!entries)
      recto_out_of_memory();
    size_t k = 0;
    for (const md_yaml *r = refs->first; r; r = r->next) {
      recto_bib_entry *e = md_csl_entry(rd, r);
      if (!e) {
        recto_pos pos = {r->line, 1, 0};
        recto_diag_emit(rd->ctx, RECTO_DIAG_WARNING, "md.csl-entry", &pos,
                        "references: an entry must be a map; skipped");
        continue;
      }
      entries[k++] = e;
    }
    S_bibliography(rd, entries, k);
    free(entries);
  } else if (refs && !(refs->kind == MD_YAML_SCALAR && !refs->value_len)) {
    recto_pos pos = {refs->line, 1, 0};
    recto_diag_emit(rd->ctx, RECTO_DIAG_WARNING, "md.csl-entry", &pos,
                    "references: expected a list of entries; ignored");
  }
  return RECTO_OK;
}

/* ---- pandoc's title block, and several blocks ---- */

static void S_attach(md_yaml *parent, md_yaml *y) {
  y->parent = parent;
  y->next = NULL;
  if (parent->last)
    parent->last->next = y;
  else
    parent->first = y;
  parent->last = y;
}

static md_yaml *S_node(md_reader *rd, md_yaml_kind kind, const char *key,
                       uint32_t line) {
  md_yaml *y = recto_alloc(rd->doc, sizeof *y);
  y->kind = kind;
  y->key = key;
  y->line = line;
  return y;
}

/* A scalar of s (trimmed; nothing if empty), read as Markdown as a quoted
   YAML string is. */
static void S_title_scalar(md_reader *rd, md_yaml *parent, const char *key,
                           const char *s, size_t len, uint32_t line) {
  while (len && md_isspace((unsigned char)*s))
    s++, len--;
  while (len && md_isspace((unsigned char)s[len - 1]))
    len--;
  if (!len)
    return;
  md_yaml *y = S_node(rd, MD_YAML_SCALAR, key, line);
  y->value = recto_strndup(rd->doc, s, len);
  y->value_len = len;
  y->quoted = 1;
  S_attach(parent, y);
}

/* "% title", "% author; author", "% date" (pandoc's title block) as the
   metadata map they stand for; NULL if there is none. */
static md_yaml *S_title_block(md_reader *rd) {
  static const char *const keys[] = {"title", "author", "date"};
  if (!rd->title_end)
    return NULL;
  md_yaml *root = S_node(rd, MD_YAML_MAP, NULL, 1);
  size_t k = 0;
  for (int field = 0; field < 3 && k < rd->title_end; field++) {
    size_t e = k + 1; /* its continuation lines are indented */
    while (e < rd->title_end && rd->src[rd->lines[e]] != '%')
      e++;
    const char *s = rd->src + rd->lines[k] + 1;
    const char *end = rd->src + (e < rd->nlines ? rd->lines[e] : rd->src_len);
    uint32_t line = (uint32_t)k + 1;
    if (field != 1) {
      S_title_scalar(rd, root, keys[field], s, (size_t)(end - s), line);
    } else { /* authors: separated by ';' or by a line break */
      md_yaml *seq = S_node(rd, MD_YAML_SEQ, keys[field], line);
      for (const char *p = s; p < end; p++)
        if (*p == ';' || *p == '\n') {
          S_title_scalar(rd, seq, NULL, s, (size_t)(p - s), line);
          line += *p == '\n';
          s = p + 1;
        }
      S_title_scalar(rd, seq, NULL, s, (size_t)(end - s), line);
      if (seq->first)
        S_attach(root, seq);
    }
    k = e;
  }
  return root->first ? root : NULL;
}

recto_status md_metadata(md_reader *rd) {
  md_yaml *root = S_title_block(rd);
  for (size_t i = 0; i < rd->nyaml; i++) {
    md_yaml *y = rd->yaml[i].tree
                     ? rd->yaml[i].tree
                     : md_yaml_parse(rd->ctx, rd->doc, rd->yaml[i].s,
                                     rd->yaml[i].len, rd->yaml[i].line);
    if (!y)
      return RECTO_ERR_INPUT;
    if (y->kind != MD_YAML_MAP)
      return S_front_matter(rd, y); /* reports it */
    if (!root) {
      root = y;
      continue;
    }
    /* a later value of a key replaces the earlier one (pandoc 2.17 and
       its tests: the title block's title too), where it was */
    for (md_yaml *c = y->first, *next; c; c = next) {
      next = c->next;
      md_yaml **at = &root->first;
      while (*at && strcmp((*at)->key, c->key) != 0)
        at = &(*at)->next;
      if (!*at) {
        S_attach(root, c);
        continue;
      }
      c->parent = root;
      c->next = (*at)->next;
      if (root->last == *at)
        root->last = c;
      *at = c;
    }
  }
  return root ? S_front_matter(rd, root) : RECTO_OK;
}
