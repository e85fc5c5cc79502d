/* read.c: the EPUB reader (EPUB 3 and 2).  The container (through the
   guarded zip layer) names the package document; the package gives the
   metadata, the manifest and the spine; every spine document goes
   through the shared HTML mapping into one document, so that notes and
   links across files resolve; the navigation document's page list (or
   the NCX's) places page breaks; the images the text shows are carried
   with the document (recto_doc_set_resource) for an EPUB written from
   it. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "epub.h"
#include "htmlmodel.h"
#include "htmlread.h"
#include "zipin.h"

typedef struct S_item {
  const char *id, *href, *media_type, *properties;
} S_item;

typedef struct S_content {
  const S_item *item;
  xmlDoc *xd;
} S_content;

typedef struct S_reader {
  recto_context *ctx;
  recto_doc *doc;
  zipin *zip;
  const char *input;    /* the container's name, for messages */
  const char *opf_path; /* its entry name */
  S_item *items;
  size_t nitems;
  const S_item *nav, *ncx;
  xmlNode *package;  /* the package document's root */
  S_content *docs;   /* the spine's documents, parsed */
  size_t ndocs;
} S_reader;

/* ---- small XML helpers (namespaces ignored: EPUBs vary) ---- */

static int S_named(const xmlNode *n, const char *local) {
  return n && n->type == XML_ELEMENT_NODE &&
         strcmp((const char *)n->name, local) == 0;
}

static xmlNode *S_child(const xmlNode *e, const char *local) {
  for (xmlNode *n = e ? e->children : NULL; n; n = n->next)
    if (S_named(n, local))
      return n;
  return NULL;
}

/* An attribute by local name, in any namespace ("opf:role", "role");
   in the document's arena. */
static const char *S_attr(S_reader *r, const xmlNode *e, const char *local) {
  for (xmlAttr *a = e->properties; a; a = a->next)
    if (strcmp((const char *)a->name, local) == 0) {
      char *v = (char *)xmlNodeGetContent((const xmlNode *)a);
      const char *s = v ? recto_strdup(r->doc, v) : NULL;
      xmlFree(v);
      return s;
    }
  return NULL;
}

/* Text content, white space folded; NULL when empty. */
static const char *S_text(S_reader *r, const xmlNode *e) {
  char *t = (char *)xmlNodeGetContent(e);
  recto_buf b = RECTO_BUF_INIT;
  for (const char *p = t ? t : ""; *p; p++) {
    if (strchr(" \t\r\n", *p)) {
      if (b.len && b.data[b.len - 1] != ' ')
        recto_buf_putc(&b, ' ');
    } else {
      recto_buf_putc(&b, *p);
    }
  }
  while (b.len && b.data[b.len - 1] == ' ')
    b.len--;
  const char *s = b.len ? recto_strndup(r->doc, b.data, b.len) : NULL;
  recto_buf_free(&b);
  xmlFree(t);
  return s;
}

/* An entry read and parsed as XML, messages naming the entry. */
static xmlDoc *S_xml(S_reader *r, const char *entry) {
  size_t len;
  unsigned char *data = zipin_read(r->zip, entry, &len, 0);
  if (!data)
    return NULL;
  xmlDoc *xd = hr_parse_xml(r->ctx, (const char *)data, len, entry);
  free(data);
  return xd;
}

static void S_outside(S_reader *r, const char *what, const char *href) {
  recto_diag_emit(r->ctx, RECTO_DIAG_ERROR, "epub.outside",
                  NULL, "%s '%.200s' points outside the container", what,
                  href);
}

/* ---- container.xml ---- */

static int S_container(S_reader *r) {
  xmlDoc *xd = S_xml(r, "META-INF/container.xml");
  if (!xd)
    return -1;
  const char *path = NULL;
  xmlNode *rootfiles = S_child(xmlDocGetRootElement(xd), "rootfiles");
  for (xmlNode *n = rootfiles ? rootfiles->children : NULL; n; n = n->next) {
    if (!S_named(n, "rootfile"))
      continue;
    const char *type = S_attr(r, n, "media-type");
    if (!type || strcmp(type, "application/oebps-package+xml") == 0) {
      path = S_attr(r, n, "full-path");
      break;
    }
  }
  xmlFreeDoc(xd);
  if (!path || !*path) {
    recto_diag_emit(r->ctx, RECTO_DIAG_ERROR, "epub.no-package", NULL,
                    "META-INF/container.xml names no package document");
    return -1;
  }
  char *resolved = zipin_resolve("", path);
  if (!resolved) {
    S_outside(r, "the package document", path);
    return -1;
  }
  r->opf_path = recto_strdup(r->doc, resolved);
  free(resolved);
  return 0;
}

/* ---- the package document: metadata ---- */

/* Refinements (EPUB 3 <meta refines="#id" property="p">v</meta>). */
static const char *S_refined(S_reader *r, const xmlNode *metadata,
                             const char *id, const char *property) {
  if (!id)
    return NULL;
  for (xmlNode *m = metadata->children; m; m = m->next) {
    if (!S_named(m, "meta"))
      continue;
    const char *ref = S_attr(r, m, "refines");
    const char *prop = S_attr(r, m, "property");
    if (ref && ref[0] == '#' && strcmp(ref + 1, id) == 0 && prop &&
        strcmp(prop, property) == 0)
      return S_text(r, m);
  }
  return NULL;
}

static recto_meta *S_list(S_reader *r, const char *key) {
  recto_meta *meta = recto_doc_meta(r->doc);
  recto_meta *list = recto_meta_get(meta, key);
  if (!list) {
    list = recto_meta_new_list(r->doc);
    recto_meta_set(meta, key, list);
  }
  return list;
}

/* Creators and contributors by their MARC relator: authors, editors and
   translators under their own keys, the others as contributors with
   their role. */
static void S_person(S_reader *r, const xmlNode *metadata, const xmlNode *e,
                     int creator) {
  const char *name = S_text(r, e);
  if (!name)
    return;
  const char *role = S_refined(r, metadata, S_attr(r, e, "id"), "role");
  if (!role)
    role = S_attr(r, e, "role"); /* EPUB 2: opf:role */
  if (!role)
    role = creator ? "aut" : "ctb";
  static const char *const keys[][2] = {
      {"aut", "author"}, {"edt", "editor"}, {"trl", "translator"}};
  for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
    if (strcmp(role, keys[k][0]) == 0) {
      recto_meta_append(S_list(r, keys[k][1]),
                        recto_meta_new_string(r->doc, name));
      return;
    }
  recto_meta *person = recto_meta_new_map(r->doc);
  recto_meta_set(person, "name", recto_meta_new_string(r->doc, name));
  recto_meta_set(person, "role", recto_meta_new_string(r->doc, role));
  recto_meta_append(S_list(r, "contributor"), person);
}

/* A series: an EPUB 3 collection, or calibre's meta of EPUB 2. */
static void S_meta(S_reader *r, const xmlNode *metadata, const xmlNode *e,
                   const char *value) {
  const char *prop = S_attr(r, e, "property");
  const char *name = S_attr(r, e, "name");
  const char *content = S_attr(r, e, "content");
  if (prop && value && strcmp(prop, "belongs-to-collection") == 0) {
    const char *id = S_attr(r, e, "id");
    const char *type = S_refined(r, metadata, id, "collection-type");
    if (!type || strcmp(type, "series") == 0) {
      recto_doc_meta_set_string(r->doc, "series", value);
      const char *pos = S_refined(r, metadata, id, "group-position");
      if (pos)
        recto_doc_meta_set_string(r->doc, "series-position", pos);
    }
  } else if (name && content && strcmp(name, "calibre:series") == 0) {
    recto_doc_meta_set_string(r->doc, "series", content);
  } else if (name && content && strcmp(name, "calibre:series_index") == 0) {
    recto_doc_meta_set_string(r->doc, "series-position", content);
  }
}

static void S_metadata(S_reader *r, const xmlNode *package,
                       const xmlNode *metadata) {
  recto_doc *doc = r->doc;
  const char *unique = S_attr(r, package, "unique-identifier");
  for (xmlNode *e = metadata ? metadata->children : NULL; e; e = e->next) {
    if (e->type != XML_ELEMENT_NODE)
      continue;
    const char *name = (const char *)e->name;
    const char *value = S_text(r, e);
    if (strcmp(name, "meta") == 0) {
      S_meta(r, metadata, e, value);
    } else if (strcmp(name, "creator") == 0 ||
               strcmp(name, "contributor") == 0) {
      S_person(r, metadata, e, name[0] == 'c' && name[1] == 'r');
    } else if (!value) {
      continue;
    } else if (strcmp(name, "title") == 0) {
      const char *type = S_refined(r, metadata, S_attr(r, e, "id"),
                                   "title-type");
      const char *key = type && strcmp(type, "subtitle") == 0 ? "subtitle"
                                                               : "title";
      if (!recto_doc_meta_string(doc, key))
        recto_doc_meta_set_string(doc, key, value);
    } else if (strcmp(name, "language") == 0) {
      if (!recto_doc_lang(doc))
        recto_doc_set_lang(doc, value);
    } else if (strcmp(name, "identifier") == 0) {
      const char *id = S_attr(r, e, "id");
      if (!recto_doc_meta_string(doc, "identifier") ||
          (unique && id && strcmp(unique, id) == 0))
        recto_doc_meta_set_string(doc, "identifier", value);
    } else if (strcmp(name, "subject") == 0) {
      recto_meta_append(S_list(r, "keywords"),
                        recto_meta_new_string(doc, value));
    } else {
      static const char *const keys[][2] = {{"publisher", "publisher"},
                                            {"date", "date"},
                                            {"rights", "rights"},
                                            {"description", "abstract"}};
      for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (strcmp(name, keys[k][0]) == 0 &&
            !recto_doc_meta_string(doc, keys[k][1]))
          recto_doc_meta_set_string(doc, keys[k][1], value);
    }
  }
  const char *lang = S_attr(r, package, "lang"); /* xml:lang */
  if (lang && *lang && !recto_doc_lang(doc))
    recto_doc_set_lang(doc, lang);
}

/* ---- manifest and spine ---- */

static const S_item *S_item_by_id(const S_reader *r, const char *id) {
  for (size_t k = 0; id && k < r->nitems; k++)
    if (strcmp(r->items[k].id, id) == 0)
      return &r->items[k];
  return NULL;
}

static int S_manifest(S_reader *r, const xmlNode *manifest) {
  size_t n = 0;
  for (xmlNode *e = manifest ? manifest->children : NULL; e; e = e->next)
    n += S_named(e, "item");
  r->items = recto_alloc(r->doc, (n ? n : 1) * sizeof *r->items);
  for (xmlNode *e = manifest ? manifest->children : NULL; e; e = e->next) {
    if (!S_named(e, "item"))
      continue;
    const char *id = S_attr(r, e, "id");
    const char *href = S_attr(r, e, "href");
    if (!id || !href)
      continue;
    const char *colon = strchr(href, ':');
    if (colon && colon < href + strcspn(href, "/?#"))
      continue; /* a remote resource: not in the container */
    char *entry = zipin_resolve(r->opf_path, href);
    if (!entry) {
      S_outside(r, "manifest item", href);
      return -1;
    }
    S_item *it = &r->items[r->nitems++];
    it->id = id;
    it->href = recto_strdup(r->doc, entry);
    free(entry);
    it->media_type = S_attr(r, e, "media-type");
    it->properties = S_attr(r, e, "properties");
    if (!it->media_type)
      it->media_type = "";
    if (it->properties && strstr(it->properties, "nav"))
      r->nav = it;
    if (strcmp(it->media_type, "application/x-dtbncx+xml") == 0 && !r->ncx)
      r->ncx = it;
  }
  return 0;
}

/* ---- page lists ---- */

/* A page given by a CFI: a page-break mark put into the spine document
   where the CFI points, converted with the document as its own. */
static int S_cfi_page(S_reader *r, const char *p, const char *label) {
  epub_cfi_point at;
  p = epub_cfi_walk(p, r->package, &at);
  if (!p || *p != '!' || at.text_step >= 0 || !S_named(at.element, "itemref"))
    return 0;
  const S_item *it = S_item_by_id(r, S_attr(r, at.element, "idref"));
  xmlDoc *xd = NULL;
  for (size_t k = 0; it && k < r->ndocs && !xd; k++)
    if (r->docs[k].item == it)
      xd = r->docs[k].xd;
  if (!xd || !epub_cfi_walk(p + 1, xmlDocGetRootElement(xd), &at))
    return 0;
  xmlNode *mark = xmlNewDocNode(xd, at.element->ns, BAD_CAST "span", NULL);
  if (!mark)
    abort();
  xmlNewProp(mark, BAD_CAST "role", BAD_CAST "doc-pagebreak");
  if (label)
    xmlNewProp(mark, BAD_CAST "aria-label", BAD_CAST label);
  if (!epub_cfi_insert(&at, mark)) {
    xmlFreeNode(mark);
    return 0;
  }
  return 1;
}

static void S_page(S_reader *r, hm_conv *c, const char *base,
                   const char *href, const char *label, size_t *missed) {
  const char *cfi = href ? strstr(href, "#epubcfi(") : NULL;
  const char *key = href && !cfi ? hm_target(c, base, href) : NULL;
  if (cfi ? !S_cfi_page(r, cfi + strlen("#epubcfi("), label)
          : !key || !hm_page_target(c, key, label))
    (*missed)++;
}

static void S_nav_pages(S_reader *r, hm_conv *c, xmlNode *e, size_t *placed,
                        size_t *missed, int in_list, int depth) {
  for (xmlNode *n = e; n && depth < 64; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    int list = in_list || (S_named(n, "nav") && hm_has_semantic(n, "page-list"));
    if (list && S_named(n, "a")) {
      char *href = hm_attr(n, "href");
      size_t before = *missed;
      S_page(r, c, r->nav->href, href, S_text(r, n), missed);
      *placed += before == *missed;
      xmlFree(href);
    }
    S_nav_pages(r, c, n->children, placed, missed, list, depth + 1);
  }
}

static void S_ncx_pages(S_reader *r, hm_conv *c, xmlNode *e, size_t *placed,
                        size_t *missed, int depth) {
  for (xmlNode *n = e; n && depth < 64; n = n->next) {
    if (S_named(n, "pageTarget")) {
      xmlNode *label = S_child(n, "navLabel");
      xmlNode *content = S_child(n, "content");
      size_t before = *missed;
      S_page(r, c, r->ncx->href, content ? S_attr(r, content, "src") : NULL,
             label ? S_text(r, label) : S_attr(r, n, "value"), missed);
      *placed += before == *missed;
    }
    S_ncx_pages(r, c, n->children, placed, missed, depth + 1);
  }
}

/* ---- images ---- */

/* The images the text shows, carried with the document under the entry
   names their nodes use. */
static recto_status S_images(S_reader *r) {
  recto_iter *it = recto_iter_new(recto_doc_root(r->doc));
  recto_event ev;
  recto_status st = RECTO_OK;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE && st == RECTO_OK) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER || recto_node_type_of(n) != RECTO_NODE_IMAGE)
      continue;
    const char *url = recto_node_url(n);
    if (!url || !zipin_has(r->zip, url) ||
        recto_doc_resource(r->doc, url, NULL, NULL))
      continue;
    const char *type = NULL;
    for (size_t k = 0; k < r->nitems; k++)
      if (strcmp(r->items[k].href, url) == 0)
        type = r->items[k].media_type;
    size_t len;
    unsigned char *data = zipin_read(r->zip, url, &len, 0);
    if (!data) {
      st = RECTO_ERR_INPUT;
      break;
    }
    recto_doc_set_resource(r->doc, url, data, len, type);
    free(data);
  }
  recto_iter_free(it);
  return st;
}

/* ---- the whole book ---- */

/* Messages about one entry name it after the container. */
static void S_entry_file(S_reader *r, const char *entry) {
  if (!entry) {
    recto_context_set_file(r->ctx, r->input);
    return;
  }
  recto_buf b = RECTO_BUF_INIT;
  recto_buf_printf(&b, "%s:%s", r->input, entry);
  recto_context_set_file(r->ctx, b.data);
  recto_buf_free(&b);
}

static recto_status S_book(S_reader *r) {
  if (S_container(r) < 0)
    return RECTO_ERR_INPUT;
  xmlDoc *opf = S_xml(r, r->opf_path);
  if (!opf)
    return RECTO_ERR_INPUT;
  xmlNode *package = xmlDocGetRootElement(opf);
  S_metadata(r, package, S_child(package, "metadata"));
  xmlNode *spine = S_child(package, "spine");
  if (S_manifest(r, S_child(package, "manifest")) < 0 || !spine) {
    if (!spine)
      recto_diag_emit(r->ctx, RECTO_DIAG_ERROR, "epub.no-spine", NULL,
                      "%s has no spine", r->opf_path);
    xmlFreeDoc(opf);
    return RECTO_ERR_INPUT;
  }
  const char *ppd = S_attr(r, spine, "page-progression-direction");
  if (ppd && strcmp(ppd, "rtl") == 0)
    recto_doc_set_dir(r->doc, RECTO_DIR_RTL);
  else if (ppd && strcmp(ppd, "ltr") == 0 && recto_doc_lang(r->doc) &&
           recto_lang_is_rtl(recto_doc_lang(r->doc)))
    recto_doc_set_dir(r->doc, RECTO_DIR_LTR); /* ltr says something only
                                                 against the language */
  if (!r->ncx)
    r->ncx = S_item_by_id(r, S_attr(r, spine, "toc"));

  /* the spine's documents, parsed and scanned before any is converted:
     a note or a link target may stand in a later one */
  size_t n = 0;
  for (xmlNode *e = spine->children; e; e = e->next)
    n += S_named(e, "itemref");
  S_content *docs = calloc(n ? n : 1, sizeof *docs);
  if (!docs)
    recto_out_of_memory();
  size_t ndocs = 0;
  recto_status st = RECTO_OK;
  hm_conv *c = hm_new(r->ctx, r->doc);
  for (xmlNode *e = spine->children; e && st == RECTO_OK; e = e->next) {
    if (!S_named(e, "itemref"))
      continue;
    const char *idref = S_attr(r, e, "idref");
    const S_item *it = S_item_by_id(r, idref);
    if (!it) {
      recto_diag_emit(r->ctx, RECTO_DIAG_WARNING, "epub.spine-item", NULL,
                      "spine item '%s' is not in the manifest; skipped",
                      idref ? idref : "");
      continue;
    }
    if (it == r->nav)
      continue; /* the table of contents: made from the headings */
    if (strcmp(it->media_type, "application/xhtml+xml") != 0 &&
        strcmp(it->media_type, "text/html") != 0) {
      recto_diag_emit(r->ctx, RECTO_DIAG_WARNING, "epub.spine-type", NULL,
                      "spine item '%s' is %s, not XHTML; skipped", it->href,
                      it->media_type);
      continue;
    }
    size_t len;
    unsigned char *data = zipin_read(r->zip, it->href, &len, 0);
    if (!data) {
      st = RECTO_ERR_INPUT;
      break;
    }
    S_entry_file(r, it->href);
    xmlDoc *xd = hr_parse(r->ctx, (const char *)data, len, HR_XHTML_LENIENT);
    free(data);
    if (!xd) {
      st = RECTO_ERR_INPUT;
      break;
    }
    docs[ndocs].item = it;
    docs[ndocs++].xd = xd;
    if (ndocs == 1)
      hr_head(r->doc, xd); /* lang and dir, when the package had none */
    hm_scan(c, hr_body(xd), it->href);
  }
  S_entry_file(r, NULL);
  if (st == RECTO_OK && hm_failed(c))
    st = RECTO_ERR_INPUT;

  /* page lists: the navigation document's, else the NCX's */
  r->package = package;
  r->docs = docs;
  r->ndocs = ndocs;
  size_t placed = 0, missed = 0;
  const S_item *list = r->nav ? r->nav : r->ncx;
  xmlDoc *lx = st == RECTO_OK && list ? S_xml(r, list->href) : NULL;
  if (st == RECTO_OK && list && !lx)
    st = RECTO_ERR_INPUT;
  if (lx) {
    if (list == r->nav)
      S_nav_pages(r, c, xmlDocGetRootElement(lx), &placed, &missed, 0, 0);
    else
      S_ncx_pages(r, c, xmlDocGetRootElement(lx), &placed, &missed, 0);
    xmlFreeDoc(lx);
    if (missed)
      recto_diag_emit(r->ctx, RECTO_DIAG_INFO, "epub.page-list", NULL,
                      "%zu page-list entries point to no element of the "
                      "text (missing ids, CFIs that do not fit); %zu placed",
                      missed, placed);
  }

  for (size_t k = 0; k < ndocs && st == RECTO_OK; k++) {
    S_entry_file(r, docs[k].item->href);
    hm_blocks(c, hr_body(docs[k].xd), recto_doc_root(r->doc),
              docs[k].item->href);
    if (hm_failed(c))
      st = RECTO_ERR_INPUT;
  }
  S_entry_file(r, NULL);
  size_t notes = hm_finish(c);
  if (st == RECTO_OK)
    recto_diag_emit(r->ctx, RECTO_DIAG_INFO, "epub.read", NULL,
                    "%zu spine documents, %zu notes, %zu page breaks from "
                    "the page list", ndocs, notes, placed);
  hm_free(c);
  for (size_t k = 0; k < ndocs; k++)
    xmlFreeDoc(docs[k].xd);
  free(docs);
  xmlFreeDoc(opf);
  if (st == RECTO_OK)
    st = S_images(r);
  return st;
}

recto_status epub_read(recto_context *ctx, const recto_input *input,
                       const recto_options *opts, recto_doc **out) {
  (void)opts;
  S_reader r = {0};
  r.ctx = ctx;
  r.input = input->name;
  r.zip = zipin_open(ctx, input->data, input->len);
  if (!r.zip)
    return RECTO_ERR_INPUT;
  r.doc = recto_doc_new();
  const char *was = recto_context_file(ctx);
  char *saved = was ? strdup(was) : NULL;
  r.input = saved ? saved : input->name;
  recto_status st = S_book(&r);
  recto_context_set_file(ctx, saved);
  free(saved);
  zipin_close(r.zip);
  if (st != RECTO_OK) {
    recto_doc_free(r.doc);
    return st;
  }
  *out = r.doc;
  return RECTO_OK;
}

int epub_probe(const unsigned char *head, size_t len) {
  /* "mimetype" stored first, as OCF asks */
  static const char sig[] = "mimetypeapplication/epub+zip";
  if (len >= 30 + sizeof sig - 1 && memcmp(head, "PK\003\004", 4) == 0 &&
      memcmp(head + 30, sig, sizeof sig - 1) == 0)
    return 100;
  return 0;
}
