/* dbinfo.c: DocBook metadata (info and the DocBook 4 *info elements)
   and bibliography entries (biblioentry, bibliomixed). */
#include <stdlib.h>
#include <string.h>

#include "dbread.h"

int db_is(const xmlNode *el, const char *name) {
  return el && el->type == XML_ELEMENT_NODE &&
         (xr_is(el, DB_NS, name) || xr_is(el, NULL, name));
}

xmlNode *db_child(const xmlNode *el, const char *name) {
  for (xmlNode *c = el ? el->children : NULL; c; c = c->next)
    if (db_is(c, name))
      return c;
  return NULL;
}

int db_is_info(const xmlNode *el) {
  if (!el || el->type != XML_ELEMENT_NODE)
    return 0;
  const char *n = (const char *)el->name;
  size_t len = strlen(n);
  return (db_is(el, n) && len >= 4 && strcmp(n + len - 4, "info") == 0);
}

static const char *S_text(xr_walk *w, xmlNode *el) {
  const char *t = el ? xr_text(w, el, 0) : NULL;
  return t && *t ? t : NULL;
}

/* ---- people ---- */

static recto_name *S_name(xr_walk *w, xmlNode *el) {
  recto_name *n = recto_name_new(w->doc);
  xmlNode *pn = db_child(el, "personname");
  xmlNode *src = pn ? pn : el;
  recto_buf given = RECTO_BUF_INIT;
  for (xmlNode *c = src->children; c; c = c->next) {
    const char *t = c->type == XML_ELEMENT_NODE ? S_text(w, c) : NULL;
    if (!t)
      continue;
    if (db_is(c, "firstname") || db_is(c, "givenname")) {
      if (given.len)
        recto_buf_putc(&given, ' ');
      recto_buf_puts(&given, t);
    } else if (db_is(c, "othername")) {
      const char *role = xr_attr(w, c, "role");
      if (role && !strcmp(role, "particle")) {
        n->dropping_particle = t;
      } else {
        if (given.len)
          recto_buf_putc(&given, ' ');
        recto_buf_puts(&given, t);
      }
    } else if (db_is(c, "surname")) {
      /* "van den Berg": lower-case words before the name are its
         particle (the writer joins them) */
      const char *p = t, *last = NULL;
      while (*p >= 'a' && *p <= 'z') {
        const char *sp = strchr(p, ' ');
        if (!sp)
          break;
        last = sp;
        p = sp + 1;
      }
      if (last && *p) {
        n->non_dropping_particle = recto_strndup(w->doc, t, (size_t)(last - t));
        n->family = p;
      } else {
        n->family = t;
      }
    } else if (db_is(c, "lineage")) {
      n->suffix = t;
    }
  }
  if (given.len)
    n->given = recto_strndup(w->doc, given.data, given.len);
  recto_buf_free(&given);
  if (!n->given && !n->family) {
    xmlNode *org = db_child(el, "orgname");
    n->literal = S_text(w, pn ? pn : org);
    if (!n->literal && !db_child(el, "affiliation"))
      n->literal = S_text(w, el);
  }
  xmlNode *aff = db_child(el, "affiliation");
  if (aff)
    n->affiliation = S_text(w, db_child(aff, "orgname") ? db_child(aff,
                                                                   "orgname")
                                                        : aff);
  return n->given || n->family || n->literal ? n : NULL;
}

static int S_is_org(const xmlNode *el) {
  return !db_child(el, "personname") && !db_child(el, "firstname") &&
         !db_child(el, "surname") && db_child(el, "orgname");
}

/* authors, editors and translators, within authorgroup or not */
static void S_credits(xr_walk *w, xmlNode *parent, recto_meta *authors,
                      recto_meta *editors, recto_meta *translators) {
  for (xmlNode *c = parent->children; c; c = c->next) {
    if (db_is(c, "authorgroup")) {
      S_credits(w, c, authors, editors, translators);
      continue;
    }
    recto_meta *list = db_is(c, "author") || db_is(c, "corpauthor")
                           ? authors
                       : db_is(c, "editor") ? editors
                                            : NULL;
    const char *cls = xr_attr(w, c, "class");
    if (db_is(c, "othercredit") && cls && !strcmp(cls, "translator"))
      list = translators;
    if (!list)
      continue;
    recto_name *n = db_is(c, "corpauthor") ? NULL : S_name(w, c);
    if (db_is(c, "corpauthor") && S_text(w, c)) {
      n = recto_name_new(w->doc);
      n->literal = S_text(w, c);
    }
    if (n)
      xr_meta_add_person(w->doc, list, n, S_text(w, db_child(c, "email")),
                         db_is(c, "corpauthor") || S_is_org(c));
  }
}

static void S_string(xr_walk *w, const char *key, const char *value) {
  if (value && *value && !recto_doc_meta_string(w->doc, key))
    recto_doc_meta_set_string(w->doc, key, value);
}

void db_read_info(xr_walk *w, xmlNode *info) {
  recto_doc *doc = w->doc;
  recto_meta *authors = recto_meta_new_list(doc);
  recto_meta *editors = recto_meta_new_list(doc);
  recto_meta *translators = recto_meta_new_list(doc);
  S_credits(w, info, authors, editors, translators);
  xr_meta_set_list(doc, "author", authors);
  xr_meta_set_list(doc, "editor", editors);
  xr_meta_set_list(doc, "translator", translators);
  for (xmlNode *c = info->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    if (db_is(c, "title"))
      S_string(w, "title", S_text(w, c));
    else if (db_is(c, "subtitle"))
      S_string(w, "subtitle", S_text(w, c));
    else if (db_is(c, "pubdate") || db_is(c, "date"))
      S_string(w, "date", S_text(w, c));
    else if (db_is(c, "publisher"))
      S_string(w, "publisher",
               S_text(w, db_child(c, "publishername") ? db_child(
                                                            c, "publishername")
                                                      : c));
    else if (db_is(c, "publishername"))
      S_string(w, "publisher", S_text(w, c));
    else if (db_is(c, "biblioid") || db_is(c, "isbn") || db_is(c, "issn"))
      S_string(w, "identifier", S_text(w, c));
    else if (db_is(c, "legalnotice") || db_is(c, "copyright"))
      S_string(w, "rights", S_text(w, c));
    else if (db_is(c, "keywordset")) {
      recto_meta *kw = recto_meta_new_list(doc);
      for (xmlNode *k = c->children; k; k = k->next)
        if (db_is(k, "keyword") && S_text(w, k))
          recto_meta_append(kw, recto_meta_new_string(doc, S_text(w, k)));
      xr_meta_set_list(doc, "keywords", kw);
    } else if (db_is(c, "abstract") &&
               !recto_meta_get(recto_doc_meta(doc), "abstract")) {
      recto_node *div = xr_walk_detached(w, c);
      recto_meta_set(recto_doc_meta(doc), "abstract",
                     recto_meta_new_nodes(doc, div));
    }
  }
}

/* ---- entries ---- */

static void S_date(xr_walk *w, xmlNode *el, recto_date *d) {
  const char *role = xr_attr(w, el, "role");
  if (role && strcmp(role, "accessed") != 0)
    d->calendar = recto_calendar_from_name(role);
  const char *t = S_text(w, el);
  if (t && !xr_parse_iso_date(t, d))
    d->literal = t;
}

static void S_parts(xr_walk *w, xmlNode *el, recto_bib_entry *e, int host) {
  for (xmlNode *c = el->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    const char *t = S_text(w, c);
    if (db_is(c, "biblioset")) {
      const char *rel = xr_attr(w, c, "relation");
      if (rel && !strcmp(rel, "series")) {
        const char *st = S_text(w, db_child(c, "title"));
        e->collection_title = st ? st : e->collection_title;
        continue;
      }
      S_parts(w, c, e, rel && strcmp(rel, "part") != 0 &&
                           strcmp(rel, "article") != 0);
    } else if (db_is(c, "author") || db_is(c, "editor") ||
               db_is(c, "authorgroup") || db_is(c, "othercredit")) {
      xmlNode *group = db_is(c, "authorgroup") ? c : NULL;
      for (xmlNode *p = group ? group->children : c; p;
           p = group ? p->next : NULL) {
        recto_name *n = p->type == XML_ELEMENT_NODE ? S_name(w, p) : NULL;
        const char *cls = xr_attr(w, p, "class");
        if (n && db_is(p, "editor"))
          recto_name_append(&e->editor, n);
        else if (n && db_is(p, "othercredit") && cls &&
                 !strcmp(cls, "translator"))
          recto_name_append(&e->translator, n);
        else if (n && db_is(p, "author"))
          recto_name_append(&e->author, n);
        if (!group)
          break;
      }
    } else if (db_is(c, "corpauthor") && t) {
      recto_name *n = recto_name_new(w->doc);
      n->literal = t;
      recto_name_append(&e->author, n);
    } else if (db_is(c, "title") || db_is(c, "citetitle")) {
      if (host || (db_is(c, "citetitle") && xr_attr(w, c, "pubwork") &&
                   e->title))
        e->container_title = e->container_title ? e->container_title : t;
      else
        e->title = e->title ? e->title : t;
      const char *href = xr_attr_ns(w, c, DB_XLINK, "href");
      if (href && !e->url)
        e->url = href;
    } else if (db_is(c, "seriesinfo") || db_is(c, "seriestitle")) {
      e->collection_title = t;
    } else if (db_is(c, "publisher")) {
      xmlNode *name = db_child(c, "publishername");
      e->publisher = name ? S_text(w, name) : t;
      xmlNode *addr = db_child(c, "address");
      xmlNode *city = addr ? db_child(addr, "city") : NULL;
      if (city || addr)
        e->publisher_place = S_text(w, city ? city : addr);
    } else if (db_is(c, "publishername")) {
      e->publisher = t;
    } else if (db_is(c, "pubdate") || db_is(c, "date")) {
      const char *role = xr_attr(w, c, "role");
      S_date(w, c, role && !strcmp(role, "accessed") ? &e->accessed
                                                     : &e->issued);
    } else if (db_is(c, "volumenum")) {
      e->volume = t;
    } else if (db_is(c, "issuenum")) {
      e->issue = t;
    } else if (db_is(c, "pagenums")) {
      e->page = t;
    } else if (db_is(c, "edition")) {
      e->edition = t;
    } else if (db_is(c, "biblioid") || db_is(c, "isbn") ||
               db_is(c, "issn")) {
      const char *cls = db_is(c, "isbn")   ? "isbn"
                        : db_is(c, "issn") ? "issn"
                                           : xr_attr(w, c, "class");
      const char *other = xr_attr(w, c, "otherclass");
      if (!cls || !t)
        continue;
      if (!strcmp(cls, "doi"))
        e->doi = t;
      else if (!strcmp(cls, "isbn"))
        e->isbn = t;
      else if (!strcmp(cls, "issn"))
        e->issn = t;
      else if (!strcmp(cls, "uri"))
        e->url = t;
      else if (other && !strcmp(other, "number"))
        e->number = t;
    } else if (db_is(c, "bibliomisc") || db_is(c, "releaseinfo")) {
      const char *role = xr_attr(w, c, "role");
      if (role && !strcmp(role, "raw"))
        e->raw = t;
      else
        e->note = e->note ? e->note : t;
    } else if (db_is(c, "link") || db_is(c, "ulink") || db_is(c, "uri")) {
      const char *href = xr_attr_ns(w, c, DB_XLINK, "href");
      if (!href)
        href = xr_attr(w, c, "url");
      e->url = e->url ? e->url : href ? href : t;
    }
  }
}

recto_bib_entry *db_read_entry(xr_walk *w, xmlNode *el) {
  recto_bib_entry *e = recto_bib_entry_new(w->doc);
  e->pos = xr_pos(el);
  xmlNode *abbrev = db_child(el, "abbrev");
  const char *id = xr_attr_ns(w, el, (const char *)XML_XML_NAMESPACE, "id");
  if (!id)
    id = xr_attr(w, el, "id");
  e->id = abbrev && S_text(w, abbrev) ? S_text(w, abbrev)
                                      : xr_key_from_xml_id(w->doc, id);
  const char *lang = xr_attr_ns(w, el, (const char *)XML_XML_NAMESPACE,
                                "lang");
  if (lang)
    e->language = lang;
  const char *dir = xr_attr(w, el, "dir");
  if (dir)
    e->dir = !strcmp(dir, "rtl") ? RECTO_DIR_RTL : RECTO_DIR_LTR;
  e->type = xr_attr(w, el, "role");
  S_parts(w, el, e, 0);
  if (db_is(el, "bibliomixed")) {
    /* the entry as printed: its text without the key */
    recto_buf b = RECTO_BUF_INIT;
    for (xmlNode *c = el->children; c; c = c->next) {
      if (c == abbrev)
        continue;
      const char *t = c->type == XML_TEXT_NODE ? (const char *)c->content
                      : c->type == XML_ELEMENT_NODE ? xr_text(w, c, 0)
                                                    : NULL;
      if (t)
        recto_buf_puts(&b, t);
    }
    /* white space as the walk normalises it */
    size_t n = 0;
    int space = 1;
    for (size_t i = 0; i < b.len; i++) {
      char ch = b.data[i];
      int sp = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
      if (sp && space)
        continue;
      b.data[n++] = sp ? ' ' : ch;
      space = sp;
    }
    while (n && b.data[n - 1] == ' ')
      n--;
    if (n && !e->raw)
      e->raw = recto_strndup(w->doc, b.data, n);
    recto_buf_free(&b);
    xr_entry_url_only(e);
  }
  return e;
}
