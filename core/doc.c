/* doc.c: the document, its arena and its provenance records. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

recto_doc *recto_doc_new(void) {
  recto_doc *doc = recto_xmalloc(sizeof *doc);
  memset(doc, 0, sizeof *doc);
  arena_init(&doc->mem);
  strmap_init(&doc->bib_index);
  strmap_init(&doc->resources);
  doc->root = recto_node_new(doc, RECTO_NODE_DOCUMENT);
  doc->meta = recto_meta_new_map(doc);
  return doc;
}

void recto_doc_free(recto_doc *doc) {
  if (!doc)
    return;
  ptrvec_free(&doc->steps);
  strmap_free(&doc->bib_index);
  strmap_free(&doc->resources);
  arena_release(&doc->mem);
  free(doc);
}

recto_node *recto_doc_root(const recto_doc *doc) { return doc->root; }
recto_meta *recto_doc_meta(const recto_doc *doc) { return doc->meta; }

const char *recto_doc_lang(const recto_doc *doc) { return doc->lang; }
void recto_doc_set_lang(recto_doc *doc, const char *lang) {
  doc->lang = lang && *lang ? recto_strdup(doc, lang) : NULL;
}
recto_dir recto_doc_dir(const recto_doc *doc) { return doc->dir; }
void recto_doc_set_dir(recto_doc *doc, recto_dir dir) { doc->dir = dir; }

const char *recto_doc_source(const recto_doc *doc, const char *what) {
  for (const doc_source *s = doc->sources; s; s = s->next)
    if (strcmp(s->what, what) == 0)
      return s->value;
  return NULL;
}

void recto_doc_set_source(recto_doc *doc, const char *what,
                          const char *value) {
  doc_source **link = &doc->sources;
  for (; *link; link = &(*link)->next)
    if (strcmp((*link)->what, what) == 0)
      break;
  if (!*link) {
    *link = recto_alloc(doc, sizeof **link);
    (*link)->what = recto_strdup(doc, what);
  }
  (*link)->value = recto_strdup(doc, value);
}

size_t recto_doc_source_count(const recto_doc *doc) {
  size_t n = 0;
  for (const doc_source *s = doc->sources; s; s = s->next)
    n++;
  return n;
}

int recto_doc_source_at(const recto_doc *doc, size_t index, const char **what,
                        const char **value) {
  for (const doc_source *s = doc->sources; s; s = s->next, index--) {
    if (index == 0) {
      if (what)
        *what = s->what;
      if (value)
        *value = s->value;
      return 0;
    }
  }
  return -1;
}

void recto_doc_add_step(recto_doc *doc, const char *name,
                        const char *description) {
  ptrvec_push(&doc->steps, recto_strdup(doc, name));
  ptrvec_push(&doc->steps, recto_strdup(doc, description ? description : ""));
}

size_t recto_doc_step_count(const recto_doc *doc) { return doc->steps.len / 2; }

int recto_doc_step_at(const recto_doc *doc, size_t index, const char **name,
                      const char **description) {
  if (index >= doc->steps.len / 2)
    return -1;
  if (name)
    *name = doc->steps.items[2 * index];
  if (description)
    *description = doc->steps.items[2 * index + 1];
  return 0;
}

void recto_doc_set_resource(recto_doc *doc, const char *name,
                            const void *data, size_t len,
                            const char *media_type) {
  doc_resource *r = strmap_get(&doc->resources, name);
  if (!r) {
    r = recto_alloc(doc, sizeof *r);
    strmap_put(&doc->resources, recto_strdup(doc, name), r);
    doc->nresources++;
  }
  void *copy = recto_alloc(doc, len ? len : 1);
  if (len)
    memcpy(copy, data, len);
  r->data = copy;
  r->len = len;
  r->media_type = recto_strdup(doc, media_type);
}

const void *recto_doc_resource(const recto_doc *doc, const char *name,
                               size_t *len, const char **media_type) {
  const doc_resource *r = name ? strmap_get(&doc->resources, name) : NULL;
  if (len)
    *len = r ? r->len : 0;
  if (media_type)
    *media_type = r ? r->media_type : NULL;
  return r ? r->data : NULL;
}

size_t recto_doc_resource_count(const recto_doc *doc) {
  return doc->nresources;
}

void *recto_alloc(recto_doc *doc, size_t size) {
  return arena_alloc(&doc->mem, size);
}

char *recto_strndup(recto_doc *doc, const char *s, size_t len) {
  char *d = arena_alloc(&doc->mem, len + 1);
  if (len)
    memcpy(d, s, len);
  d[len] = '\0';
  return d;
}

char *recto_strdup(recto_doc *doc, const char *s) {
  return s ? recto_strndup(doc, s, strlen(s)) : NULL;
}

size_t recto_doc_arena_size(const recto_doc *doc) { return doc->mem.total; }

const char *recto_version(void) { return RECTO_VERSION_STRING; }
