/* concat.c: one document made of several (several inputs written to one
   file, a metadata file under a document).  The other document's arena
   is adopted whole, so nothing is copied: its nodes and metadata only
   learn their new document. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Every node of the tree under root, and every metadata value, now
   belongs to doc; their kinds join doc's counts. */
static void S_rehome_tree(recto_doc *doc, recto_node *root) {
  recto_iter *it = recto_iter_new(root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev == RECTO_EVENT_EXIT)
      continue;
    n->doc = doc;
    doc->kinds_made[n->type]++;
  }
  recto_iter_free(it);
}

/* Metadata nests as deep as the input did: walked with a stack. */
static void S_rehome_meta(recto_doc *doc, recto_meta *meta) {
  ptrvec todo = {0};
  ptrvec_push(&todo, meta);
  while (todo.len) {
    recto_meta *m = todo.items[--todo.len];
    m->doc = doc;
    if (m->nodes)
      S_rehome_tree(doc, m->nodes);
    for (size_t k = 0; k < m->count; k++)
      ptrvec_push(&todo, m->values[k]);
  }
  ptrvec_free(&todo);
}

/* doc takes other's memory; other's shell is freed. */
static void S_adopt(recto_doc *doc, recto_doc *other) {
  S_rehome_tree(doc, other->root);
  S_rehome_meta(doc, other->meta);
  if (!doc->first_bibliography)
    doc->first_bibliography = other->first_bibliography;
  arena_adopt(&doc->mem, &other->mem);
  recto_doc_free(other);
}

/* The keys of map (in order) set in into: all, or those into lacks. */
static void S_move_meta(recto_meta *into, const recto_meta *map,
                        int replace) {
  for (size_t k = 0; k < map->count; k++)
    if (replace || !recto_meta_get(into, map->keys[k]))
      recto_meta_set(into, map->keys[k], map->values[k]);
}

/* ---- ids ---- */

static void S_collect_ids(recto_node *root, strmap *ids) {
  recto_iter *it = recto_iter_new(root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev == RECTO_EVENT_ENTER && n->ext && n->ext->id)
      strmap_put(ids, n->ext->id, n);
  }
  recto_iter_free(it);
}

/* base-1, base-2, ...: the first that neither map holds (the numbering
   of pandoc's identifiers). */
static const char *S_fresh(recto_doc *doc, const char *base, const strmap *a,
                           const strmap *b) {
  recto_buf name = RECTO_BUF_INIT;
  for (unsigned k = 1;; k++) {
    recto_buf_clear(&name);
    recto_buf_printf(&name, "%s-%u", base, k);
    if (!strmap_get(a, name.data) && !(b && strmap_get(b, name.data)))
      break;
  }
  const char *id = recto_strndup(doc, name.data, name.len);
  recto_buf_free(&name);
  return id;
}

/* other's ids that doc uses get new names, and links to them follow. */
static void S_rename_ids(recto_doc *doc, recto_doc *other) {
  strmap taken, own, renamed;
  strmap_init(&taken);
  strmap_init(&own);
  strmap_init(&renamed);
  S_collect_ids(doc->root, &taken);
  S_collect_ids(other->root, &own);
  recto_iter *it = recto_iter_new(other->root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER || !n->ext || !n->ext->id ||
        !strmap_get(&taken, n->ext->id) || strmap_get(&renamed, n->ext->id))
      continue;
    const char *fresh = S_fresh(other, n->ext->id, &taken, &own);
    strmap_put(&renamed, n->ext->id, (void *)fresh);
    strmap_put(&own, fresh, n);
    n->ext->id = fresh;
  }
  recto_buf target = RECTO_BUF_INIT;
  for (recto_iter_reset(it, other->root, RECTO_EVENT_ENTER);
       renamed.count && (ev = recto_iter_next(it)) != RECTO_EVENT_DONE;) {
    recto_node *n = recto_iter_node(it);
    const char *url = ev == RECTO_EVENT_ENTER &&
                              n->type == RECTO_NODE_LINK
                          ? recto_node_url(n)
                          : NULL;
    const char *to = url && url[0] == '#' ? strmap_get(&renamed, url + 1)
                                          : NULL;
    if (!to)
      continue;
    recto_buf_clear(&target);
    recto_buf_printf(&target, "#%s", to);
    recto_node_set_url(n, target.data);
  }
  recto_buf_free(&target);
  recto_iter_free(it);
  strmap_free(&taken);
  strmap_free(&own);
  strmap_free(&renamed);
}

/* ---- bibliography ---- */

static int S_same_text(const char *a, const char *b) {
  return a && b && strcmp(a, b) == 0;
}

/* One work: read from the same file, or written alike. */
static int S_same_entry(const recto_bib_entry *a, const recto_bib_entry *b) {
  if (S_same_text(a->source, b->source) || S_same_text(a->raw, b->raw))
    return 1;
  return S_same_text(a->title, b->title) &&
         a->issued.year[0] == b->issued.year[0] &&
         S_same_text(a->type, b->type);
}

/* Each entry of other whose key doc has: the same work is doc's entry
   (other's node goes, its citations point to doc's); another work gets
   a fresh key, its citations too.  Then other's entries join doc's
   bibliography, when doc has one. */
static void S_merge_entries(recto_doc *doc, recto_node *root) {
  strmap same, keys;
  recto_buf addr = RECTO_BUF_INIT;
  strmap_init(&same);
  strmap_init(&keys);
  ptrvec entries = {0}, bibs = {0};
  recto_iter *it = recto_iter_new(root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev == RECTO_EVENT_ENTER && recto_node_bib_entry(n))
      ptrvec_push(&entries, n);
    else if (ev == RECTO_EVENT_ENTER && n->type == RECTO_NODE_BIBLIOGRAPHY)
      ptrvec_push(&bibs, n);
  }
  for (size_t k = 0; k < entries.len; k++) {
    recto_node *n = entries.items[k];
    recto_bib_entry *e = recto_node_bib_entry(n);
    recto_bib_entry *mine = recto_doc_find_entry(doc, e->id);
    if (!mine)
      continue;
    if (S_same_entry(mine, e)) {
      recto_buf_clear(&addr);
      recto_buf_printf(&addr, "%p", (void *)e);
      strmap_put(&same, recto_strndup(doc, addr.data, addr.len), mine);
      recto_node_unlink(n);
      entries.items[k] = NULL;
    } else {
      strmap_put(&keys, e->id, e);
      e->id = S_fresh(doc, e->id, &doc->bib_index, &keys);
      strmap_put(&keys, e->id, e);
    }
  }
  /* citations follow their entry (the map is keyed by the entry's
     address, spelt out) */
  for (recto_iter_reset(it, root, RECTO_EVENT_ENTER);
       (ev = recto_iter_next(it)) != RECTO_EVENT_DONE;) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER || n->type != RECTO_NODE_CITE)
      continue;
    for (recto_cite_item *item = recto_cite_item_at(n, 0); item;
         item = item->next) {
      if (!item->entry)
        continue;
      recto_buf_clear(&addr);
      recto_buf_printf(&addr, "%p", (void *)item->entry);
      recto_bib_entry *to = strmap_get(&same, addr.data);
      if (to) {
        to->cited++;
        item->entry = to;
      }
      item->key = item->entry->id;
    }
  }
  recto_iter_free(it);
  recto_node *bib = recto_doc_bibliography(doc, 0);
  for (size_t k = 0; bib && k < entries.len; k++) {
    if (entries.items[k]) {
      recto_node_unlink(entries.items[k]);
      recto_node_append(bib, entries.items[k]);
    }
  }
  for (size_t k = 0; bib && k < bibs.len; k++) {
    recto_node *b = bibs.items[k];
    if (!b->first)
      recto_node_unlink(b);
  }
  ptrvec_free(&entries);
  ptrvec_free(&bibs);
  recto_buf_free(&addr);
  strmap_free(&same);
  strmap_free(&keys);
}

/* ---- resources ---- */

/* other's resources join doc's; a name doc holds with other bytes is
   renamed (N-name), with the images that use it. */
static void S_take_resources(recto_doc *doc, recto_doc *other) {
  strmap renamed;
  strmap_init(&renamed);
  for (size_t k = 0; k < other->resources.cap; k++) {
    const char *name = other->resources.keys ? other->resources.keys[k] : NULL;
    doc_resource *r = name ? other->resources.values[k] : NULL;
    if (!r)
      continue;
    size_t len;
    const void *had = recto_doc_resource(doc, name, &len, NULL);
    if (had && len == r->len && memcmp(had, r->data, len) == 0)
      continue;
    const char *as = name;
    for (unsigned n = 1; had; n++) {
      recto_buf b = RECTO_BUF_INIT;
      recto_buf_printf(&b, "%u-%s", n, name);
      as = recto_strndup(other, b.data, b.len);
      recto_buf_free(&b);
      had = recto_doc_resource(doc, as, NULL, NULL);
    }
    if (as != name)
      strmap_put(&renamed, name, (void *)as);
    strmap_put(&doc->resources, as, r);
    doc->nresources++;
  }
  recto_iter *it = recto_iter_new(other->root);
  recto_event ev;
  while (renamed.count && (ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    const char *to = ev == RECTO_EVENT_ENTER && n->type == RECTO_NODE_IMAGE
                         ? strmap_get(&renamed, recto_node_url(n))
                         : NULL;
    if (to)
      recto_node_set_url(n, to);
  }
  recto_iter_free(it);
  strmap_free(&renamed);
}

/* Indexes and caches built over doc's old tree. */
static void S_forget_indexes(recto_doc *doc) {
  strmap_free(&doc->bib_index);
  doc->bib_indexed = 0;
  doc->bib_node = NULL;
  doc->style_cache = NULL;
}

void recto_doc_concat(recto_doc *doc, recto_doc *other) {
  S_rename_ids(doc, other);
  S_take_resources(doc, other);
  recto_node *root = other->root;
  recto_meta *meta = other->meta;
  const char *lang = other->lang;
  recto_dir dir = other->dir;
  S_adopt(doc, other);
  S_merge_entries(doc, root);
  int other_lang = lang && !S_same_text(lang, doc->lang);
  int other_dir = dir != RECTO_DIR_UNSET && dir != doc->dir;
  for (recto_node *n = root->first; n; n = root->first) {
    recto_node_unlink(n);
    if (other_lang && !n->lang)
      recto_node_set_lang(n, lang);
    if (other_dir && n->dir == RECTO_DIR_UNSET)
      recto_node_set_dir(n, dir);
    recto_node_append(doc->root, n);
  }
  S_move_meta(doc->meta, meta, 1);
  S_forget_indexes(doc);
}

void recto_doc_meta_defaults(recto_doc *doc, recto_doc *other) {
  recto_meta *meta = other->meta;
  if (!doc->lang)
    doc->lang = other->lang;
  if (doc->dir == RECTO_DIR_UNSET)
    doc->dir = other->dir;
  S_adopt(doc, other);
  S_move_meta(doc->meta, meta, 0);
}
