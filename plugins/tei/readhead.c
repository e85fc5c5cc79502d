/* readhead.c: the teiHeader as metadata, and bibliographic entries
   (biblStruct as GROBID and recto write them, bibl as text). */
#include <stdlib.h>
#include <string.h>

#include "teiread.h"

static const char *S_text(xr_walk *w, xmlNode *el) {
  const char *t = el ? xr_text(w, el, 0) : NULL;
  return t && *t ? t : NULL;
}

/* ---- names ---- */

static recto_name *S_name(xr_walk *w, xmlNode *el) {
  recto_name *n = recto_name_new(w->doc);
  xmlNode *pers = xr_child(el, "persName");
  xmlNode *org = xr_child(el, "orgName");
  xmlNode *src = pers ? pers : el;
  recto_buf given = RECTO_BUF_INIT;
  for (xmlNode *c = src->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    const char *t = S_text(w, c);
    if (!t)
      continue;
    if (xr_is(c, TEI_NS, "forename")) {
      if (given.len)
        recto_buf_putc(&given, ' ');
      recto_buf_puts(&given, t);
    } else if (xr_is(c, TEI_NS, "surname")) {
      n->family = n->family ? n->family : t;
    } else if (xr_is(c, TEI_NS, "nameLink")) {
      n->non_dropping_particle = t;
    } else if (xr_is(c, TEI_NS, "genName")) {
      n->suffix = t;
    }
  }
  if (given.len)
    n->given = recto_strndup(w->doc, given.data, given.len);
  recto_buf_free(&given);
  if (!n->family && !n->given)
    n->literal = S_text(w, pers ? pers : org ? org : el);
  xmlNode *aff = xr_child(el, "affiliation");
  if (aff)
    n->affiliation = S_text(w, aff);
  return n->family || n->given || n->literal ? n : NULL;
}

/* ---- dates ---- */

static void S_date(xr_walk *w, xmlNode *el, recto_date *d) {
  const char *custom = xr_attr(w, el, "when-custom");
  const char *cal = xr_attr(w, el, "calendar");
  if (!cal)
    cal = xr_attr(w, el, "datingMethod");
  if (custom && cal) {
    d->calendar = recto_calendar_from_name(cal[0] == '#' ? cal + 1 : cal);
    if (xr_parse_iso_date(custom, d))
      return;
  }
  d->calendar = RECTO_CALENDAR_GREGORIAN;
  if (xr_parse_iso_date(xr_attr(w, el, "when"), d))
    return;
  const char *t = S_text(w, el);
  if (t && !xr_parse_iso_date(t, d))
    d->literal = t;
}

/* ---- entries ---- */

static void S_scope(xr_walk *w, xmlNode *el, recto_bib_entry *e) {
  const char *unit = xr_attr(w, el, "unit");
  if (!unit)
    unit = xr_attr(w, el, "type");
  const char *from = xr_attr(w, el, "from"), *to = xr_attr(w, el, "to");
  const char *t = S_text(w, el);
  if (from && to && strcmp(from, to) != 0) {
    recto_buf b = RECTO_BUF_INIT;
    recto_buf_printf(&b, "%s-%s", from, to);
    t = recto_strndup(w->doc, b.data, b.len);
    recto_buf_free(&b);
  } else if (!t) {
    t = from;
  }
  if (!unit || !t)
    return;
  if (!strcmp(unit, "volume") || !strcmp(unit, "vol"))
    e->volume = t;
  else if (!strcmp(unit, "issue") || !strcmp(unit, "number"))
    e->issue = t;
  else if (!strcmp(unit, "page") || !strcmp(unit, "pp"))
    e->page = t;
}

static void S_idno(xr_walk *w, xmlNode *el, recto_bib_entry *e) {
  const char *type = xr_attr(w, el, "type");
  const char *t = S_text(w, el);
  if (!type || !t)
    return;
  if (!strcasecmp(type, "DOI"))
    e->doi = t;
  else if (!strcasecmp(type, "ISBN"))
    e->isbn = t;
  else if (!strcasecmp(type, "ISSN") || !strcasecmp(type, "eISSN"))
    e->issn = e->issn ? e->issn : t;
  else if (!strcasecmp(type, "URL") || !strcasecmp(type, "URI"))
    e->url = t;
}

/* The parts of analytic, monogr, series and imprint, in any order. */
static void S_part(xr_walk *w, xmlNode *part, recto_bib_entry *e,
                   int analytic, int *has_analytic) {
  for (xmlNode *c = part->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || strcmp(xr_ns(c), TEI_NS) != 0)
      continue;
    const char *name = (const char *)c->name;
    if (!strcmp(name, "author") || !strcmp(name, "editor")) {
      recto_name *n = S_name(w, c);
      int editor = !strcmp(name, "editor");
      const char *role = xr_attr(w, c, "role");
      if (n && !editor && (analytic || !*has_analytic))
        recto_name_append(&e->author, n);
      else if (n && (editor || (role && !strcmp(role, "editor"))))
        recto_name_append(&e->editor, n);
    } else if (!strcmp(name, "respStmt")) {
      xmlNode *resp = xr_child(c, "resp");
      const char *r = S_text(w, resp);
      recto_name *n = S_name(w, c);
      if (n && r && strstr(r, "transl"))
        recto_name_append(&e->translator, n);
    } else if (!strcmp(name, "title")) {
      const char *level = xr_attr(w, c, "level");
      const char *type = xr_attr(w, c, "type");
      const char *t = S_text(w, c);
      if (!t || (type && !strcmp(type, "abbrev")))
        continue;
      if (!strcmp((const char *)part->name, "series"))
        e->collection_title = e->collection_title ? e->collection_title : t;
      else if (analytic || (level && !strcmp(level, "a")))
        e->title = e->title ? e->title : t;
      else if (*has_analytic || (level && !strcmp(level, "j") && !analytic &&
                                 e->title))
        e->container_title = e->container_title ? e->container_title : t;
      else if (!e->title)
        e->title = t;
    } else if (!strcmp(name, "imprint")) {
      S_part(w, c, e, 0, has_analytic);
    } else if (!strcmp(name, "publisher")) {
      e->publisher = S_text(w, c);
    } else if (!strcmp(name, "pubPlace")) {
      e->publisher_place = S_text(w, c);
    } else if (!strcmp(name, "date")) {
      const char *type = xr_attr(w, c, "type");
      S_date(w, c, type && !strcmp(type, "accessed") ? &e->accessed
                                                     : &e->issued);
    } else if (!strcmp(name, "biblScope")) {
      S_scope(w, c, e);
    } else if (!strcmp(name, "idno")) {
      S_idno(w, c, e);
    } else if (!strcmp(name, "edition")) {
      e->edition = S_text(w, c);
    } else if (!strcmp(name, "ptr")) {
      e->url = e->url ? e->url : xr_attr(w, c, "target");
    } else if (!strcmp(name, "note")) {
      const char *type = xr_attr(w, c, "type");
      if (type && !strcmp(type, "raw_reference"))
        e->raw = S_text(w, c);
      else if (type && !strcmp(type, "report-number"))
        e->number = S_text(w, c);
      else if (type && !strcmp(type, "accessed") && xr_child(c, "date"))
        S_date(w, xr_child(c, "date"), &e->accessed);
      else
        e->note = S_text(w, c);
    } else if (!strcmp(name, "monogr") || !strcmp(name, "series")) {
      S_part(w, c, e, 0, has_analytic);
    } else if (!strcmp(name, "analytic")) {
      *has_analytic = 1;
      S_part(w, c, e, 1, has_analytic);
    }
  }
}

recto_bib_entry *tei_read_entry(xr_walk *w, xmlNode *el) {
  recto_bib_entry *e = recto_bib_entry_new(w->doc);
  e->pos = xr_pos(el);
  const char *id = xr_attr_ns(w, el, "http://www.w3.org/XML/1998/namespace",
                              "id");
  e->id = id ? xr_key_from_xml_id(w->doc, id) : NULL;
  const char *lang = xr_attr_ns(w, el, "http://www.w3.org/XML/1998/namespace",
                                "lang");
  if (lang)
    e->language = lang;
  const char *style = xr_attr(w, el, "style");
  if (style && strstr(style, "direction: rtl")) {
    e->dir = RECTO_DIR_RTL;
  } else if (style && strstr(style, "direction: ltr")) {
    e->dir = RECTO_DIR_LTR;
  } else {
    /* TEI has no direction: the language's, as the writer left it */
    xmlChar *inherited = xmlNodeGetLang(el);
    if (inherited && recto_lang_is_rtl((const char *)inherited))
      e->dir = RECTO_DIR_RTL;
    xmlFree(inherited);
  }
  e->type = xr_attr(w, el, "type");
  int has_analytic = xr_child(el, "analytic") != NULL;
  int structured = xr_is(el, TEI_NS, "biblStruct");
  S_part(w, el, e, 0, &has_analytic);
  if (!structured && !e->raw)
    e->raw = S_text(w, el);
  if (!structured)
    xr_entry_url_only(e);
  if (!e->type) {
    xmlNode *m = xr_child(el, "monogr");
    xmlNode *t = m ? xr_child(m, "title") : NULL;
    const char *level = t ? xr_attr(w, t, "level") : NULL;
    e->type = !structured ? NULL
              : has_analytic && level && !strcmp(level, "j") ? "article-journal"
              : has_analytic ? "chapter"
                             : "book";
  }
  return e;
}

/* ---- the header ---- */

static void S_people(xr_walk *w, recto_meta *list, xmlNode *el) {
  recto_name *n = S_name(w, el);
  if (n)
    xr_meta_add_person(w->doc, list, n, S_text(w, xr_child(el, "email")),
                       !xr_child(el, "persName") && xr_child(el, "orgName"));
}

static void S_string(xr_walk *w, const char *key, const char *value) {
  if (value && *value && !recto_doc_meta_string(w->doc, key))
    recto_doc_meta_set_string(w->doc, key, value);
}

static void S_title_stmt(xr_walk *w, xmlNode *ts) {
  recto_meta *authors = recto_meta_new_list(w->doc);
  recto_meta *editors = recto_meta_new_list(w->doc);
  recto_meta *translators = recto_meta_new_list(w->doc);
  for (xmlNode *c = ts->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    if (xr_is(c, TEI_NS, "title")) {
      const char *type = xr_attr(w, c, "type");
      S_string(w, type && !strcmp(type, "sub") ? "subtitle" : "title",
               S_text(w, c));
    } else if (xr_is(c, TEI_NS, "author")) {
      S_people(w, authors, c);
    } else if (xr_is(c, TEI_NS, "editor")) {
      S_people(w, editors, c);
    } else if (xr_is(c, TEI_NS, "respStmt")) {
      const char *resp = S_text(w, xr_child(c, "resp"));
      if (resp && strstr(resp, "ransl"))
        S_people(w, translators, c);
    }
  }
  xr_meta_set_list(w->doc, "author", authors);
  xr_meta_set_list(w->doc, "editor", editors);
  xr_meta_set_list(w->doc, "translator", translators);
}

static void S_publication(xr_walk *w, xmlNode *ps) {
  for (xmlNode *c = ps->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    if (xr_is(c, TEI_NS, "publisher") || xr_is(c, TEI_NS, "distributor"))
      S_string(w, "publisher", S_text(w, c));
    else if (xr_is(c, TEI_NS, "date"))
      S_string(w, "date", xr_attr(w, c, "when") ? xr_attr(w, c, "when")
                                                : S_text(w, c));
    else if (xr_is(c, TEI_NS, "idno"))
      S_string(w, "identifier", S_text(w, c));
    else if (xr_is(c, TEI_NS, "availability"))
      S_string(w, "rights", S_text(w, c));
  }
}

static void S_source(xr_walk *w, xmlNode *sd) {
  for (xmlNode *c = sd->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    const char *type = xr_attr(w, c, "type");
    if (xr_is(c, TEI_NS, "bibl") && type && !strcmp(type, "source")) {
      /* recto's own record of where the text came from */
      for (xmlNode *k = c->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
          continue;
        const char *kt = xr_attr(w, k, "type");
        const char *t = S_text(w, k);
        if (kt && t && !strcmp(kt, "filename"))
          recto_doc_set_source(w->doc, "file", t);
        else if (kt && t && (!strcmp(kt, "format") || !strcmp(kt, "encoding")))
          recto_doc_set_source(w->doc, kt, t);
      }
      continue;
    }
    if (xr_is(c, TEI_NS, "p") || xr_is(c, TEI_NS, "bibl") ||
        xr_is(c, TEI_NS, "biblStruct")) {
      S_string(w, "source", S_text(w, c));
      continue;
    }
    /* a manuscript description, a list of sources: content in its own
       right (notes, entries), kept at the start of the text */
    recto_node *div = recto_node_new(w->doc, RECTO_NODE_DIV);
    recto_node_add_class(div, "sourceDesc");
    recto_node_append(recto_doc_root(w->doc), div);
    xr_walk_run(w, c, div);
  }
}

static void S_abstract(xr_walk *w, xmlNode *abs) {
  recto_meta_set(recto_doc_meta(w->doc), "abstract",
                 recto_meta_new_nodes(w->doc, xr_walk_detached(w, abs)));
}

static void S_profile(xr_walk *w, xmlNode *pd) {
  for (xmlNode *c = pd->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    if (xr_is(c, TEI_NS, "langUsage") && !recto_doc_lang(w->doc)) {
      const char *best = NULL;
      double share = -1;
      for (xmlNode *l = c->children; l; l = l->next) {
        const char *ident = xr_attr(w, l, "ident");
        const char *usage = xr_attr(w, l, "usage");
        double u = usage ? atof(usage) : 0;
        if (ident && strcmp(ident, "und") != 0 && u > share) {
          best = ident;
          share = u;
        }
      }
      if (best)
        recto_doc_set_lang(w->doc, best);
    } else if (xr_is(c, TEI_NS, "textClass")) {
      recto_meta *kw = recto_meta_new_list(w->doc);
      for (xmlNode *k = xr_child(c, "keywords"); k;
           k = xr_next_named(k, "keywords"))
        for (xmlNode *t = k->children; t; t = t->next)
          if (xr_is(t, TEI_NS, "term") && S_text(w, t))
            recto_meta_append(kw, recto_meta_new_string(w->doc, S_text(w, t)));
      xr_meta_set_list(w->doc, "keywords", kw);
    } else if (xr_is(c, TEI_NS, "abstract")) {
      S_abstract(w, c);
    }
  }
}

void tei_read_header(xr_walk *w, xmlNode *header) {
  xmlNode *fd = xr_child(header, "fileDesc");
  if (fd) {
    xmlNode *ts = xr_child(fd, "titleStmt");
    if (ts)
      S_title_stmt(w, ts);
    xmlNode *ps = xr_child(fd, "publicationStmt");
    if (ps)
      S_publication(w, ps);
    xmlNode *sd = xr_child(fd, "sourceDesc");
    if (sd)
      S_source(w, sd);
  }
  xmlNode *pd = xr_child(header, "profileDesc");
  if (pd)
    S_profile(w, pd);
}
