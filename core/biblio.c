/* biblio.c: bibliography entries, the document's bibliography, id
   lookups and citation resolution. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

recto_bib_entry *recto_bib_entry_new(recto_doc *doc) {
  return recto_alloc(doc, sizeof(recto_bib_entry));
}

recto_name *recto_name_new(recto_doc *doc) {
  return recto_alloc(doc, sizeof(recto_name));
}

void recto_name_append(recto_name **list, recto_name *name) {
  while (*list)
    list = &(*list)->next;
  *list = name;
}

static recto_name *S_copy_names(recto_doc *doc, const recto_name *src) {
  recto_name *head = NULL, **tail = &head;
  for (; src; src = src->next) {
    recto_name *n = recto_name_new(doc);
    n->family = recto_strdup(doc, src->family);
    n->given = recto_strdup(doc, src->given);
    n->dropping_particle = recto_strdup(doc, src->dropping_particle);
    n->non_dropping_particle = recto_strdup(doc, src->non_dropping_particle);
    n->suffix = recto_strdup(doc, src->suffix);
    n->literal = recto_strdup(doc, src->literal);
    n->affiliation = recto_strdup(doc, src->affiliation);
    *tail = n;
    tail = &n->next;
  }
  return head;
}

static recto_date S_copy_date(recto_doc *doc, recto_date d) {
  d.literal = recto_strdup(doc, d.literal);
  return d;
}

recto_bib_entry *recto_bib_entry_copy(recto_doc *doc,
                                      const recto_bib_entry *src) {
  recto_bib_entry *e = recto_bib_entry_new(doc);
  /* Copy every string field; keep in step with struct recto_bib_entry. */
#define COPY(f) e->f = recto_strdup(doc, src->f)
  COPY(id); COPY(type); COPY(title); COPY(container_title);
  COPY(collection_title); COPY(publisher); COPY(publisher_place);
  COPY(edition); COPY(volume); COPY(issue); COPY(page); COPY(number);
  COPY(doi); COPY(url); COPY(isbn); COPY(issn); COPY(note); COPY(language);
  COPY(raw); COPY(source);
#undef COPY
  e->author = S_copy_names(doc, src->author);
  e->editor = S_copy_names(doc, src->editor);
  e->translator = S_copy_names(doc, src->translator);
  e->issued = S_copy_date(doc, src->issued);
  e->accessed = S_copy_date(doc, src->accessed);
  e->dir = src->dir;
  e->pos = src->pos;
  e->cited = 0;
  return e;
}

static const char *const S_calendars[] = {"gregorian", "solar-hijri",
                                          "hijri"};

const char *recto_calendar_name(recto_calendar cal) {
  return (unsigned)cal < 3 ? S_calendars[cal] : "gregorian";
}

recto_calendar recto_calendar_from_name(const char *name) {
  for (int k = 0; name && k < 3; k++)
    if (strcmp(S_calendars[k], name) == 0)
      return (recto_calendar)k;
  return RECTO_CALENDAR_GREGORIAN;
}

/* Whether node still stands in doc's tree (a cached node may have been
   unlinked since). */
static int S_in_tree(const recto_doc *doc, const recto_node *node) {
  const recto_node *p = node;
  while (p->parent)
    p = p->parent;
  return p == doc->root;
}

/* The one bibliography the document ever had, if it stands in the tree
   (none made, or several: NULL). */
static recto_node *S_only_bibliography(const recto_doc *doc) {
  recto_node *b = doc->first_bibliography;
  return doc->kinds_made[RECTO_NODE_BIBLIOGRAPHY] == 1 && b->type == RECTO_NODE_BIBLIOGRAPHY &&
                 S_in_tree(doc, b)
             ? b
             : NULL;
}

recto_node *recto_doc_bibliography(recto_doc *doc, int create) {
  /* Adding entries one by one asks for the bibliography each time: the
     node found last is kept, and the tree walked only when it is gone. */
  if (doc->bib_node && doc->bib_node->type == RECTO_NODE_BIBLIOGRAPHY &&
      S_in_tree(doc, doc->bib_node))
    return doc->bib_node;
  recto_node *found = S_only_bibliography(doc);
  if (doc->kinds_made[RECTO_NODE_BIBLIOGRAPHY] > 1) {
    /* Bibliographies stand among blocks; look without entering inlines. */
    recto_iter *it = recto_iter_new(doc->root);
    recto_event ev;
    while (!found && (ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
      recto_node *n = recto_iter_node(it);
      if (ev != RECTO_EVENT_ENTER)
        continue;
      if (n->type == RECTO_NODE_BIBLIOGRAPHY)
        found = n;
      else if (!node_is_leaf(n->type) && recto_node_is_inline(n->type))
        recto_iter_skip_children(it);
    }
    recto_iter_free(it);
  }
  if (!found && create) {
    found = recto_node_new(doc, RECTO_NODE_BIBLIOGRAPHY);
    recto_node_append(doc->root, found);
  }
  doc->bib_node = found;
  return found;
}

static void S_build_index(recto_doc *doc) {
  doc->bib_indexed = 1;
  /* Every BIB_ENTRY anywhere counts, in document order; the first of a
     duplicated id wins. */
  if (doc->kinds_made[RECTO_NODE_BIBLIOGRAPHY] <= 1) {
    recto_node *bib = S_only_bibliography(doc);
    for (recto_node *n = bib ? bib->first : NULL; n; n = n->next)
      if (recto_node_bib_entry(n))
        biblio_index_entry(doc, recto_node_bib_entry(n));
    return;
  }
  recto_iter *it = recto_iter_new(doc->root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev == RECTO_EVENT_ENTER && recto_node_bib_entry(n))
      biblio_index_entry(doc, recto_node_bib_entry(n));
  }
  recto_iter_free(it);
}

void biblio_index_entry(recto_doc *doc, recto_bib_entry *entry) {
  if (entry->id && !strmap_get(&doc->bib_index, entry->id))
    strmap_put(&doc->bib_index, entry->id, entry);
}

recto_node *recto_doc_add_entry(recto_doc *doc, recto_bib_entry *entry) {
  recto_node *bib = recto_doc_bibliography(doc, 1);
  recto_node *n = recto_node_new(doc, RECTO_NODE_BIB_ENTRY);
  recto_node_set_bib_entry(n, entry);
  recto_node_set_pos(n, entry->pos);
  recto_node_append(bib, n);
  if (doc->bib_indexed)
    biblio_index_entry(doc, entry);
  return n;
}

recto_bib_entry *recto_doc_find_entry(recto_doc *doc, const char *id) {
  if (!id)
    return NULL;
  if (!doc->bib_indexed)
    S_build_index(doc);
  return strmap_get(&doc->bib_index, id);
}

/* Letters and digits of any script, '-' and '.', stay; everything else
   (and '_' itself, the escape character) becomes _XXXX with its code
   point, so that different keys always give different ids. */
static int S_id_char(uint32_t cp) {
  if (cp < 0x80)
    return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
           (cp >= '0' && cp <= '9') || cp == '-' || cp == '.';
  return recto_script_of(cp) != RECTO_SCRIPT_OTHER ||
         recto_digit_value(cp) >= 0;
}

const char *recto_bib_xml_id(recto_doc *doc, const char *key) {
  recto_buf b = RECTO_BUF_INIT;
  recto_buf_puts(&b, "ref-");
  const char *p = key ? key : "";
  size_t len = strlen(p);
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    int n = recto_utf8_decode(p + i, len - i, &cp);
    size_t adv = n > 0 ? (size_t)n : 1;
    if (n > 0 && S_id_char(cp))
      recto_buf_put(&b, p + i, adv);
    else
      recto_buf_printf(&b, "_%04X", (unsigned)cp);
    i += adv;
  }
  const char *id = recto_strndup(doc, b.data, b.len);
  recto_buf_free(&b);
  return id;
}

size_t recto_doc_resolve_citations(recto_context *ctx, recto_doc *doc) {
  size_t unresolved = 0;
  if (!doc->kinds_made[RECTO_NODE_CITE])
    return 0;
  recto_iter *it = recto_iter_new(doc->root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER || n->type != RECTO_NODE_CITE)
      continue;
    for (recto_cite_item *item = recto_cite_item_at(n, 0); item;
         item = item->next) {
      if (item->entry)
        continue;
      item->entry = recto_doc_find_entry(doc, item->key);
      if (item->entry) {
        item->entry->cited++;
      } else {
        unresolved++;
        recto_pos pos = node_pos(n);
        recto_diag_emit(ctx, RECTO_DIAG_WARNING, "cite.unknown-key", &pos,
                        "citation key '%s' is not in the bibliography; "
                        "kept as written",
                        item->key ? item->key : "");
      }
    }
  }
  recto_iter_free(it);
  return unresolved;
}
