/* cite.c: citations that reference managers store inside word-processor
   documents, turned into structured citations and entries.
 *
 *   Zotero     ADDIN ZOTERO_ITEM CSL_CITATION {json}
 *   Mendeley   ADDIN CSL_CITATION {json}
 *   EndNote    ADDIN EN.CITE <EndNote><Cite>...<record>...</record>...
 *
 * The CSL JSON of each cited item ("itemData") is read by the mapping
 * the CSL JSON bibliography reader uses (plugins/native/cslentry.c).
 * One work cited many times becomes one entry: items are matched by
 * their URIs (Zotero, Mendeley) or record number (EndNote).  Keys are
 * made readable, author and year ("Whitlock2018"), with a letter added
 * when two works would share one. */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "cslentry.h"
#include "json.h"
#include "office.h"
#include "xmlread.h"

typedef struct S_known {
  const char *identity; /* URI, record number, or key */
  recto_bib_entry *entry;
} S_known;

struct ox_cites {
  recto_context *ctx;
  recto_doc *doc;
  S_known *known;
  size_t count, cap;
};

ox_cites *ox_cites_new(recto_context *ctx, recto_doc *doc) {
  ox_cites *c = calloc(1, sizeof *c);
  c->ctx = ctx;
  c->doc = doc;
  return c;
}

size_t ox_cites_entries(const ox_cites *c) { return c->count; }

static recto_bib_entry *S_find(ox_cites *c, const char *identity) {
  for (size_t k = 0; k < c->count; k++)
    if (strcmp(c->known[k].identity, identity) == 0)
      return c->known[k].entry;
  return NULL;
}

static int S_key_taken(ox_cites *c, const char *key) {
  for (size_t k = 0; k < c->count; k++)
    if (strcmp(c->known[k].entry->id, key) == 0)
      return 1;
  return 0;
}

/* "Family" + year, letters and digits only; "ref" when neither. */
static const char *S_key(ox_cites *c, const recto_bib_entry *e) {
  recto_buf b = RECTO_BUF_INIT;
  const recto_name *n = e->author ? e->author : e->editor;
  const char *who = n ? (n->family ? n->family : n->literal) : NULL;
  for (const char *s = who; s && *s;) {
    uint32_t cp;
    int len = recto_utf8_decode(s, strlen(s), &cp);
    if (len <= 0)
      break;
    if (cp >= 0x80 || (cp | 32) - 'a' < 26 || cp - '0' < 10)
      recto_buf_put(&b, s, (size_t)len);
    s += len;
  }
  if (e->issued.year[0])
    recto_buf_printf(&b, "%d", e->issued.year[0]);
  if (!b.len)
    recto_buf_puts(&b, "ref");
  size_t base = b.len;
  for (int k = 0; S_key_taken(c, b.data); k++) {
    recto_buf_truncate(&b, base);
    if (k < 26)
      recto_buf_putc(&b, 'a' + k);
    else
      recto_buf_printf(&b, "-%d", k);
  }
  const char *key = recto_strdup(c->doc, b.data);
  recto_buf_free(&b);
  return key;
}

/* The entry for identity: the one already known, else e (keyed and
   remembered). */
static recto_bib_entry *S_intern(ox_cites *c, const char *identity,
                                 recto_bib_entry *e) {
  recto_bib_entry *old = identity ? S_find(c, identity) : NULL;
  if (old)
    return old;
  /* a key of the document's own (ODF's identifier) is kept */
  if (!e->id || !*e->id || S_key_taken(c, e->id))
    e->id = S_key(c, e);
  if (c->count == c->cap) {
    c->cap = c->cap ? 2 * c->cap : 16;
    c->known = realloc(c->known, c->cap * sizeof *c->known);
  }
  c->known[c->count].identity = identity ? identity : e->id;
  c->known[c->count++].entry = e;
  return e;
}

void ox_cites_add(ox_cites *c, recto_bib_entry *e, recto_cite_item *item) {
  const char *identity = e->id ? recto_strdup(c->doc, e->id) : NULL;
  e = S_intern(c, identity, e);
  if (item)
    item->key = e->id;
}

static const char *S_str(ox_cites *c, const rj_value *v) {
  return v && (v->type == RJ_STRING || v->type == RJ_NUMBER)
             ? recto_strndup(c->doc, v->str, v->len)
             : NULL;
}

/* Reference managers put the space before a suffix themselves when they
   render it; the model keeps it in the suffix, as pandoc does. */
static const char *S_suffix(ox_cites *c, const char *s) {
  if (!s || !*s || strchr(" ,;.:)", *s))
    return s;
  size_t n = strlen(s);
  char *spaced = recto_alloc(c->doc, n + 2);
  spaced[0] = ' ';
  memcpy(spaced + 1, s, n + 1);
  return spaced;
}

static int S_true(const rj_value *v) {
  return v && (v->type == RJ_TRUE ||
               (v->type == RJ_NUMBER && strcmp(v->str, "0") != 0));
}

int ox_cites_csl(ox_cites *c, recto_node *cite, const char *json, size_t len,
                 const recto_pos *pos) {
  rj_doc jd;
  rj_error err;
  if (rj_parse(json, len, &jd, &err) < 0 || jd.root->type != RJ_OBJECT ||
      !rj_get(jd.root, "citationItems") ||
      rj_get(jd.root, "citationItems")->type != RJ_ARRAY) {
    recto_diag_emit(c->ctx, RECTO_DIAG_WARNING, "office.citation", pos,
                    "a reference manager's citation could not be read "
                    "(%s); its text is kept as written",
                    jd.root ? "not CSL citation JSON" : err.message);
    rj_free(&jd);
    return -1;
  }
  for (const rj_value *it = rj_get(jd.root, "citationItems")->first; it;
       it = it->next) {
    if (it->type != RJ_OBJECT)
      continue;
    const rj_value *data = rj_get(it, "itemData");
    const rj_value *uris = rj_get(it, "uris");
    if (!uris)
      uris = rj_get(it, "uri");
    const char *identity = NULL;
    if (uris && uris->type == RJ_ARRAY && uris->first)
      identity = S_str(c, uris->first);
    else if (uris)
      identity = S_str(c, uris);
    if (!identity)
      identity = S_str(c, rj_get(it, "id"));
    recto_bib_entry *e = identity ? S_find(c, identity) : NULL;
    if (!e && data && data->type == RJ_OBJECT) {
      recto_bib_entry *fresh =
          csl_read_entry(c->ctx, c->doc, &jd, data, 0, "office.csl");
      if (fresh) {
        fresh->id = NULL; /* the manager's own number: a key is made */
        fresh->raw = recto_strndup(c->doc, json + data->offset,
                                   data->end - data->offset);
        e = S_intern(c, identity, fresh);
      }
    }
    recto_cite_item *item = recto_cite_add_item(cite);
    item->key = e ? e->id : identity ? identity : "";
    item->locator = S_str(c, rj_get(it, "locator"));
    item->label = S_str(c, rj_get(it, "label"));
    item->prefix = S_str(c, rj_get(it, "prefix"));
    item->suffix = S_suffix(c, S_str(c, rj_get(it, "suffix")));
    if (S_true(rj_get(it, "suppress-author")))
      item->mode = RECTO_CITE_SUPPRESS_AUTHOR;
    else if (S_true(rj_get(it, "author-only")))
      item->mode = RECTO_CITE_AUTHOR_IN_TEXT;
  }
  rj_free(&jd);
  return 0;
}

/* ---- EndNote ---- */

static const char *S_xml_text(ox_cites *c, const xmlNode *n) {
  if (!n)
    return NULL;
  recto_buf b = RECTO_BUF_INIT;
  ox_text(n, &b);
  const char *s = b.len ? recto_strndup(c->doc, b.data, b.len) : NULL;
  recto_buf_free(&b);
  return s;
}

static const xmlNode *S_path(const xmlNode *n, const char *a, const char *b) {
  n = ox_child(n, NULL, a);
  return b ? ox_child(n, NULL, b) : n;
}

/* EndNote reference types to CSL types. */
static const struct {
  const char *endnote, *csl;
} S_types[] = {
    {"Journal Article", "article-journal"},
    {"Book", "book"},
    {"Edited Book", "book"},
    {"Book Section", "chapter"},
    {"Conference Proceedings", "paper-conference"},
    {"Conference Paper", "paper-conference"},
    {"Thesis", "thesis"},
    {"Report", "report"},
    {"Web Page", "webpage"},
    {"Newspaper Article", "article-newspaper"},
    {"Magazine Article", "article-magazine"},
    {"Manuscript", "manuscript"},
    {"Dictionary", "entry-dictionary"},
    {"Encyclopedia", "entry-encyclopedia"},
};

recto_name *ox_name_parse(recto_doc *doc, const char *s) {
  while (s && *s == ' ')
    s++;
  if (!s || !*s)
    return NULL;
  recto_name *n = recto_name_new(doc);
  const char *comma = strchr(s, ',');
  const char *arabic = strstr(s, "\xD8\x8C"); /* U+060C */
  size_t width = 1;
  if (arabic && (!comma || arabic < comma)) {
    comma = arabic;
    width = 2;
  }
  if (!comma) {
    n->literal = recto_strdup(doc, s);
    return n;
  }
  n->family = recto_strndup(doc, s, (size_t)(comma - s));
  for (comma += width; *comma == ' ';)
    comma++;
  n->given = *comma ? recto_strdup(doc, comma) : NULL;
  return n;
}

static recto_name *S_names(ox_cites *c, const xmlNode *list) {
  recto_name *names = NULL;
  for (const xmlNode *a = ox_first_elem(list); a; a = ox_next_elem(a)) {
    recto_name *n = ox_name_parse(c->doc, S_xml_text(c, a));
    if (n)
      recto_name_append(&names, n);
  }
  return names;
}

static recto_bib_entry *S_endnote_entry(ox_cites *c, const xmlNode *rec) {
  recto_bib_entry *e = recto_bib_entry_new(c->doc);
  const xmlNode *type = ox_child(rec, NULL, "ref-type");
  const char *tname = type ? ox_attr(type, NULL, "name") : NULL;
  e->type = "document";
  for (size_t k = 0; tname && k < sizeof S_types / sizeof *S_types; k++)
    if (strcmp(S_types[k].endnote, tname) == 0)
      e->type = S_types[k].csl;
  const xmlNode *contrib = ox_child(rec, NULL, "contributors");
  e->author = S_names(c, S_path(contrib, "authors", NULL));
  e->editor = S_names(c, S_path(contrib, "secondary-authors", NULL));
  e->translator = S_names(c, S_path(contrib, "translated-authors", NULL));
  e->title = S_xml_text(c, S_path(rec, "titles", "title"));
  e->container_title = S_xml_text(c, S_path(rec, "titles", "secondary-title"));
  if (!e->container_title)
    e->container_title =
        S_xml_text(c, S_path(rec, "periodical", "full-title"));
  e->collection_title = S_xml_text(c, S_path(rec, "titles", "tertiary-title"));
  e->page = S_xml_text(c, ox_child(rec, NULL, "pages"));
  e->volume = S_xml_text(c, ox_child(rec, NULL, "volume"));
  e->issue = S_xml_text(c, ox_child(rec, NULL, "number"));
  e->edition = S_xml_text(c, ox_child(rec, NULL, "edition"));
  e->publisher = S_xml_text(c, ox_child(rec, NULL, "publisher"));
  e->publisher_place = S_xml_text(c, ox_child(rec, NULL, "pub-location"));
  e->isbn = S_xml_text(c, ox_child(rec, NULL, "isbn"));
  e->doi = S_xml_text(c, ox_child(rec, NULL, "electronic-resource-num"));
  e->url = S_xml_text(c, S_path(S_path(rec, "urls", "related-urls"), "url",
                                NULL));
  e->language = S_xml_text(c, ox_child(rec, NULL, "language"));
  const char *year = S_xml_text(c, S_path(rec, "dates", "year"));
  if (year && csl_parse_date(year, &e->issued) < 0)
    e->issued.literal = year;
  return e;
}

int ox_cites_endnote(ox_cites *c, recto_node *cite, const char *xml,
                     size_t len, const recto_pos *pos) {
  xr_problem pb;
  xmlDoc *x = xr_parse_bytes(xml, len, XR_PARSE_UTF8, &pb);
  xmlNode *root = x ? xmlDocGetRootElement(x) : NULL;
  if (!root || strcmp((const char *)root->name, "EndNote") != 0) {
    recto_diag_emit(c->ctx, RECTO_DIAG_WARNING, "office.citation", pos,
                    "an EndNote citation could not be read; its text is "
                    "kept as written");
    xmlFreeDoc(x);
    return -1;
  }
  for (xmlNode *ci = ox_first_elem(root); ci; ci = ox_next_elem(ci)) {
    if (!ox_is(ci, NULL, "Cite"))
      continue;
    const xmlNode *rec = ox_child(ci, NULL, "record");
    const char *num = S_xml_text(c, ox_child(ci, NULL, "RecNum"));
    if (!num)
      num = S_xml_text(c, ox_child(rec, NULL, "rec-number"));
    const char *identity =
        num ? recto_strdup(c->doc, num) : S_xml_text(c, ci);
    recto_bib_entry *e = identity ? S_find(c, identity) : NULL;
    if (!e && rec) {
      recto_bib_entry *fresh = S_endnote_entry(c, rec);
      fresh->id = NULL;
      recto_buf raw = RECTO_BUF_INIT;
      xmlBufferPtr xb = xmlBufferCreate();
      xmlNodeDump(xb, x, (xmlNode *)rec, 0, 0);
      recto_buf_put(&raw, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
      xmlBufferFree(xb);
      fresh->raw = recto_strndup(c->doc, raw.data, raw.len);
      recto_buf_free(&raw);
      e = S_intern(c, identity, fresh);
    }
    recto_cite_item *item = recto_cite_add_item(cite);
    item->key = e ? e->id : identity ? identity : "";
    item->locator = S_xml_text(c, ox_child(ci, NULL, "Pages"));
    item->prefix = S_xml_text(c, ox_child(ci, NULL, "Prefix"));
    item->suffix = S_suffix(c, S_xml_text(c, ox_child(ci, NULL, "Suffix")));
    if (ox_attr(ci, NULL, "ExcludeAuth"))
      item->mode = RECTO_CITE_SUPPRESS_AUTHOR;
    else if (ox_attr(ci, NULL, "AuthorYear"))
      item->mode = RECTO_CITE_AUTHOR_IN_TEXT;
  }
  xmlFreeDoc(x);
  return 0;
}

void ox_cites_finish(ox_cites *c) {
  for (size_t k = 0; k < c->count; k++) {
    recto_bib_entry *e = c->known[k].entry;
    if (!e->dir && e->language && recto_lang_is_rtl(e->language))
      e->dir = RECTO_DIR_RTL;
    recto_doc_add_entry(c->doc, e);
  }
  free(c->known);
  free(c);
}
