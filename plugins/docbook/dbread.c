/* dbread.c: the DocBook reader's walk: one element table for DocBook 5
   (its namespace) and DocBook 4 (none), CALS and HTML tables, footnotes
   and footnoteref, citations, cross references resolved once the whole
   document is read, and recto's page breaks. */
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>

#include "dbread.h"

#define S_R(w) ((db_reader *)(w)->user)

static int S_parent_is(const xmlNode *el, const char *name) {
  return el->parent && db_is(el->parent, name);
}

static int S_inline_context(xr_walk *w) {
  recto_node *c = xr_container(w);
  return c && recto_node_can_contain(c, RECTO_NODE_TEXT);
}

static recto_node *S_leaf_text(xr_walk *w, xmlNode *el, recto_node_type t,
                               int verbatim) {
  const char *text = xr_text(w, el, verbatim);
  size_t len = strlen(text);
  while (verbatim && len && text[len - 1] == '\n')
    len--;
  recto_node *n = recto_node_new(w->doc, t);
  recto_node_set_pos(n, xr_pos(el));
  recto_node_set_text(n, text, len);
  xr_append(w, n);
  xr_apply_attrs(w, el, n);
  return n;
}

static void S_pending(xr_walk *w, recto_node *n, const char *target,
                      const char *endterm) {
  db_reader *r = S_R(w);
  if (r->nrefs == r->caprefs) {
    r->caprefs = r->caprefs ? r->caprefs * 2 : 16;
    r->refs = realloc(r->refs, r->caprefs * sizeof *r->refs);
    if (!r->refs)
      recto_out_of_memory();
  }
  r->refs[r->nrefs].node = n;
  r->refs[r->nrefs].target = target;
  r->refs[r->nrefs++].endterm = endterm;
}

/* ---- divisions ---- */

static xmlNode *S_title_of(const xmlNode *el) {
  xmlNode *t = db_child(el, "title");
  if (t)
    return t;
  for (xmlNode *c = el->children; c; c = c->next)
    if (db_is_info(c))
      return db_child(c, "title");
  return NULL;
}

static recto_node *S_division(xr_walk *w, xmlNode *el) {
  db_reader *r = S_R(w);
  const char *role = xr_attr(w, el, "role");
  if (el == r->root || (role && !strcmp(role, "untitled")))
    return xr_container(w);
  xmlNode *title = S_title_of(el);
  if (title) {
    r->depth++;
    if (title->parent != el) {
      /* the title is in the division's info: make the heading here */
      recto_node *h = xr_add(w, title, RECTO_NODE_HEADING);
      recto_node_set_level(h, r->depth > 6 ? 6 : r->depth);
      xr_apply_attrs(w, el, h);
      recto_node *t = recto_node_new_text(w->doc, xr_text(w, title, 0),
                                          strlen(xr_text(w, title, 0)));
      recto_node_append(h, t);
    }
  }
  return xr_container(w);
}

static void S_division_exit(xr_walk *w, xmlNode *el, recto_node *made) {
  (void)made;
  db_reader *r = S_R(w);
  const char *role = xr_attr(w, el, "role");
  if (el != r->root && !(role && !strcmp(role, "untitled")) && S_title_of(el))
    r->depth--;
}

static recto_node *S_title(xr_walk *w, xmlNode *el) {
  db_reader *r = S_R(w);
  xmlNode *p = el->parent;
  const char *role = xr_attr(w, p, "role");
  if (p == r->root || db_is_info(p) || (role && !strcmp(role, "untitled")))
    return NULL; /* metadata, or the empty title a schema asks for */
  if (db_is(p, "table") || db_is(p, "figure") || db_is(p, "example") ||
      db_is(p, "equation")) {
    if (recto_node_can_contain(xr_container(w), RECTO_NODE_CAPTION))
      return xr_into(w, el, xr_add(w, el, RECTO_NODE_CAPTION));
  }
  if (db_is(p, "bibliography") || db_is(p, "bibliodiv"))
    return NULL; /* made by the bibliography */
  if (db_is(p, "bibliolist") || db_is(p, "glossary") || db_is(p, "index") ||
      db_is(p, "section") || db_is(p, "chapter") || db_is(p, "appendix") ||
      db_is(p, "preface") || db_is(p, "part") || db_is(p, "simplesect") ||
      db_is(p, "article") || db_is(p, "book") || db_is(p, "partintro") ||
      db_is(p, "colophon") || db_is(p, "dedication") ||
      (p->name && !strncmp((const char *)p->name, "sect", 4)) ||
      (p->name && !strncmp((const char *)p->name, "refsect", 7))) {
    recto_node *h = xr_add(w, el, RECTO_NODE_HEADING);
    int level = r->depth < 1 ? 1 : r->depth > 6 ? 6 : r->depth;
    recto_node_set_level(h, level);
    xr_apply_attrs(w, p, h);
    return xr_into(w, el, h);
  }
  recto_node *para = xr_add(w, el, RECTO_NODE_PARAGRAPH);
  recto_node_add_class(para, "title");
  recto_node *strong = recto_node_new(w->doc, RECTO_NODE_STRONG);
  recto_node_append(para, strong);
  return strong;
}

static recto_node *S_subtitle(xr_walk *w, xmlNode *el) {
  xmlNode *p = el->parent;
  if (p == S_R(w)->root || db_is_info(p))
    return NULL;
  recto_node *para = xr_add(w, el, RECTO_NODE_PARAGRAPH);
  recto_node_add_class(para, "subtitle");
  return xr_into(w, el, para);
}

static recto_node *S_bridgehead(xr_walk *w, xmlNode *el) {
  recto_node *h = xr_add(w, el, RECTO_NODE_HEADING);
  const char *as = xr_attr(w, el, "renderas");
  int level = as && !strncmp(as, "sect", 4) ? atoi(as + 4) : 1;
  recto_node_set_level(h, level < 1 ? 1 : level > 6 ? 6 : level);
  return xr_into(w, el, h);
}

/* ---- phrases ---- */

static recto_node *S_emphasis(xr_walk *w, xmlNode *el) {
  const char *role = xr_attr(w, el, "role");
  recto_node_type t = RECTO_NODE_EMPH;
  if (role && (!strcmp(role, "bold") || !strcmp(role, "strong")))
    t = RECTO_NODE_STRONG;
  else if (role && (!strcmp(role, "strikethrough") || !strcmp(role, "strike")))
    t = RECTO_NODE_STRIKEOUT;
  else if (role && !strcmp(role, "underline"))
    t = RECTO_NODE_UNDERLINE;
  else if (role && !strcmp(role, "smallcaps"))
    t = RECTO_NODE_SMALLCAPS;
  else if (role && !strcmp(role, "superscript"))
    t = RECTO_NODE_SUPERSCRIPT;
  else if (role && !strcmp(role, "subscript"))
    t = RECTO_NODE_SUBSCRIPT;
  return xr_into(w, el, xr_add(w, el, t));
}

static recto_node *S_code(xr_walk *w, xmlNode *el) {
  S_leaf_text(w, el, RECTO_NODE_CODE, 1);
  return NULL;
}

/* An empty <para/> is what a writer puts where DocBook wants a block
   (an empty section): nothing to read. */
static recto_node *S_para(xr_walk *w, xmlNode *el) {
  if (!el->children && !el->properties)
    return NULL;
  return xr_into(w, el, xr_add(w, el, RECTO_NODE_PARAGRAPH));
}

static recto_node *S_phrase(xr_walk *w, xmlNode *el) {
  if (S_parent_is(el, "textobject") && !xr_attr(w, el, "role"))
    return xr_container(w); /* the alternative text itself */
  recto_node *s = xr_add(w, el, RECTO_NODE_SPAN);
  const char *role = xr_attr(w, el, "role");
  if (role && *role)
    recto_node_set_classes(s, role);
  return xr_into(w, el, s);
}

static recto_node *S_quote(xr_walk *w, xmlNode *el) {
  return xr_into(w, el, xr_add(w, el, RECTO_NODE_QUOTED));
}

/* link, ulink, uri, email, olink */
static recto_node *S_link(xr_walk *w, xmlNode *el) {
  const char *href = xr_attr_ns(w, el, DB_XLINK, "href");
  if (!href)
    href = xr_attr(w, el, "url");
  const char *linkend = xr_attr(w, el, "linkend");
  recto_node *link = xr_add(w, el, RECTO_NODE_LINK);
  const char *title = xr_attr_ns(w, el, DB_XLINK, "title");
  if (title)
    recto_node_set_title(link, title);
  if (db_is(el, "email")) {
    const char *t = xr_text(w, el, 0);
    recto_buf b = RECTO_BUF_INIT;
    recto_buf_printf(&b, "mailto:%s", t);
    recto_node_set_url(link, recto_strndup(w->doc, b.data, b.len));
    recto_buf_free(&b);
  } else if (db_is(el, "uri") && !href) {
    recto_node_set_url(link, xr_text(w, el, 0));
  } else if (href) {
    recto_node_set_url(link, href);
  } else if (linkend) {
    recto_buf b = RECTO_BUF_INIT;
    recto_buf_printf(&b, "#%s", linkend);
    recto_node_set_url(link, recto_strndup(w->doc, b.data, b.len));
    recto_buf_free(&b);
    /* an empty link takes its target's text, as xref */
    if (!el->children)
      S_pending(w, link, linkend, NULL);
  }
  xr_apply_attrs(w, el, link);
  return link;
}

/* xref: a link whose text is the target's, found once all is read */
static recto_node *S_xref(xr_walk *w, xmlNode *el) {
  const char *linkend = xr_attr(w, el, "linkend");
  if (!linkend)
    linkend = xr_attr_ns(w, el, DB_XLINK, "href");
  if (!linkend)
    return NULL;
  recto_node *link = xr_add(w, el, RECTO_NODE_LINK);
  recto_buf b = RECTO_BUF_INIT;
  recto_buf_printf(&b, "#%s", linkend[0] == '#' ? linkend + 1 : linkend);
  recto_node_set_url(link, recto_strndup(w->doc, b.data, b.len));
  recto_buf_free(&b);
  S_pending(w, link, linkend[0] == '#' ? linkend + 1 : linkend,
            xr_attr(w, el, "endterm"));
  return NULL;
}

static recto_node *S_anchor(xr_walk *w, xmlNode *el) {
  db_reader *r = S_R(w);
  const char *role = xr_attr(w, el, "role");
  if (role && !strcmp(role, "pagebreak")) {
    if (r->after_pb_pi) {
      r->after_pb_pi = 0; /* the instruction before it said it all */
      return NULL;
    }
    recto_node *pb = recto_node_new(w->doc, RECTO_NODE_PAGE_BREAK);
    recto_node_set_pos(pb, xr_pos(el));
    recto_page_set(pb, xr_attr(w, el, "xreflabel"),
                   RECTO_PAGE_SOURCE_EXPLICIT, NULL, NULL);
    xr_append(w, pb);
    return NULL;
  }
  recto_node *s = xr_add(w, el, RECTO_NODE_SPAN);
  xr_apply_attrs(w, el, s);
  return NULL;
}

static recto_node *S_beginpage(xr_walk *w, xmlNode *el) {
  recto_node *pb = recto_node_new(w->doc, RECTO_NODE_PAGE_BREAK);
  recto_node_set_pos(pb, xr_pos(el));
  recto_page_set(pb, xr_attr(w, el, "pagenum"), RECTO_PAGE_SOURCE_EXPLICIT,
                 NULL, NULL);
  xr_append(w, pb);
  return NULL;
}

/* <?recto-pagebreak n="" source="" header="" footer=""?> and
   <?linebreak?> */
static const char *S_pi_value(xr_walk *w, const char *data, const char *key) {
  size_t n = strlen(key);
  for (const char *p = data; p && *p; p++) {
    if ((p == data || p[-1] == ' ') && !strncmp(p, key, n) && p[n] == '=' &&
        (p[n + 1] == '"' || p[n + 1] == '\'')) {
      char q = p[n + 1];
      const char *v = p + n + 2, *end = strchr(v, q);
      if (!end)
        return NULL;
      /* the writer escapes like an attribute value */
      recto_buf b = RECTO_BUF_INIT;
      for (const char *c = v; c < end; c++) {
        static const struct {
          const char *ent;
          char ch;
        } ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'},
                    {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}};
        size_t k = 0;
        for (; k < sizeof ents / sizeof *ents; k++)
          if (!strncmp(c, ents[k].ent, strlen(ents[k].ent))) {
            recto_buf_putc(&b, ents[k].ch);
            c += strlen(ents[k].ent) - 1;
            break;
          }
        if (k == sizeof ents / sizeof *ents)
          recto_buf_putc(&b, *c);
      }
      const char *s = recto_strndup(w->doc, b.data ? b.data : "", b.len);
      recto_buf_free(&b);
      return s;
    }
  }
  return NULL;
}

static void S_pi(xr_walk *w, xmlNode *pi) {
  const char *data = (const char *)pi->content;
  if (xmlStrEqual(pi->name, (const xmlChar *)"recto-pagebreak")) {
    recto_node *pb = recto_node_new(w->doc, RECTO_NODE_PAGE_BREAK);
    recto_node_set_pos(pb, xr_pos(pi));
    const char *src = S_pi_value(w, data, "source");
    recto_page_source s = src ? recto_page_source_from_name(src)
                              : RECTO_PAGE_SOURCE_EXPLICIT;
    recto_page_set(pb, S_pi_value(w, data, "n"),
                   s == RECTO_PAGE_SOURCE_UNKNOWN ? RECTO_PAGE_SOURCE_EXPLICIT
                                                  : s,
                   S_pi_value(w, data, "header"),
                   S_pi_value(w, data, "footer"));
    xr_append(w, pb);
    S_R(w)->after_pb_pi = 1;
  } else if (xmlStrEqual(pi->name, (const xmlChar *)"linebreak")) {
    xr_append(w, recto_node_new(w->doc, RECTO_NODE_LINE_BREAK));
  }
}

/* ---- notes ---- */

static recto_node *S_footnote(xr_walk *w, xmlNode *el) {
  db_reader *r = S_R(w);
  recto_node *note = recto_node_new(w->doc, RECTO_NODE_NOTE);
  recto_node_set_pos(note, xr_pos(el));
  const char *label = xr_attr(w, el, "label");
  if (!label)
    label = xr_attr(w, el, "xreflabel");
  char num[24];
  r->notes++;
  if (!label || !*label) {
    snprintf(num, sizeof num, "%zu", r->notes);
    label = recto_strdup(w->doc, num);
  }
  recto_node_set_marker(note, label);
  xr_append(w, note);
  xr_apply_attrs(w, el, note);
  return note;
}

static recto_node *S_footnoteref(xr_walk *w, xmlNode *el) {
  const char *linkend = xr_attr(w, el, "linkend");
  if (!linkend)
    return NULL;
  recto_node *ref = xr_add(w, el, RECTO_NODE_NOTE_REF);
  recto_node_set_marker(ref, xr_attr(w, el, "label"));
  S_pending(w, ref, linkend, NULL);
  return NULL;
}

/* ---- citations ---- */

static void S_item(xr_walk *w, recto_node *cite, xmlNode *ref) {
  recto_cite_item *item = recto_cite_add_item(cite);
  const char *linkend = xr_attr(w, ref, "linkend");
  item->key = linkend ? xr_key_from_xml_id(w->doc, linkend) : NULL;
  const char *units = xr_attr(w, ref, "units");
  const char *begin = xr_attr(w, ref, "begin");
  const char *end = xr_attr(w, ref, "end");
  if (begin) {
    if (end && strcmp(begin, end) != 0) {
      recto_buf b = RECTO_BUF_INIT;
      recto_buf_printf(&b, "%s-%s", begin, end);
      item->locator = recto_strndup(w->doc, b.data, b.len);
      recto_buf_free(&b);
    } else {
      item->locator = begin;
    }
    item->label = units;
  }
}

/* <citation>: the text as written; the items from its biblioref, or
   the text itself as the key (the DocBook way: an abbrev or an id). */
static recto_node *S_citation(xr_walk *w, xmlNode *el) {
  recto_node *cite = xr_add(w, el, RECTO_NODE_CITE);
  int refs = 0;
  for (xmlNode *c = el->children; c; c = c->next)
    if (db_is(c, "biblioref")) {
      S_item(w, cite, c);
      refs++;
    }
  if (!refs) {
    const char *t = xr_text(w, el, 0);
    if (*t) {
      recto_cite_item *item = recto_cite_add_item(cite);
      item->key = t;
    }
  }
  return xr_into(w, el, cite);
}

static recto_node *S_biblioref(xr_walk *w, xmlNode *el) {
  if (S_parent_is(el, "citation"))
    return NULL;
  recto_node *cite = xr_add(w, el, RECTO_NODE_CITE);
  S_item(w, cite, el);
  const char *key = recto_cite_item_at(cite, 0)->key;
  if (key)
    recto_node_append(cite, recto_node_new_text(w->doc, key, strlen(key)));
  return NULL;
}

/* ---- bibliographies ---- */

/* A bibliography with a title is a division: the title is its heading,
   and the entries follow in a BIBLIOGRAPHY. */
static recto_node *S_bibliography(xr_walk *w, xmlNode *el) {
  db_reader *r = S_R(w);
  xmlNode *t = S_title_of(el);
  if (t && !db_is(el, "bibliolist")) {
    r->depth++;
    recto_node *h = xr_add(w, t, RECTO_NODE_HEADING);
    recto_node_set_level(h, r->depth < 1 ? 1 : r->depth > 6 ? 6 : r->depth);
    xr_apply_attrs(w, el, h);
    const char *text = xr_text(w, t, 0);
    recto_node_append(h, recto_node_new_text(w->doc, text, strlen(text)));
  }
  recto_node *bib = xr_add(w, el, RECTO_NODE_BIBLIOGRAPHY);
  if (!t)
    xr_apply_attrs(w, el, bib);
  return bib;
}

static void S_bibliography_exit(xr_walk *w, xmlNode *el, recto_node *made) {
  (void)made;
  if (S_title_of(el) && !db_is(el, "bibliolist"))
    S_R(w)->depth--;
}

static recto_node *S_entry(xr_walk *w, xmlNode *el) {
  xr_add_entry(w, el, db_read_entry(w, el));
  return NULL;
}

/* ---- lists ---- */

static recto_node *S_orderedlist(xr_walk *w, xmlNode *el) {
  recto_node *list = xr_add(w, el, RECTO_NODE_LIST);
  recto_list_set_kind(list, RECTO_LIST_ORDERED);
  static const struct {
    const char *name;
    recto_list_style style;
  } styles[] = {{"arabic", RECTO_LIST_STYLE_DECIMAL},
                {"loweralpha", RECTO_LIST_STYLE_LOWER_ALPHA},
                {"upperalpha", RECTO_LIST_STYLE_UPPER_ALPHA},
                {"lowerroman", RECTO_LIST_STYLE_LOWER_ROMAN},
                {"upperroman", RECTO_LIST_STYLE_UPPER_ROMAN},
                {"arabic-indic", RECTO_LIST_STYLE_ARABIC_INDIC},
                {"persian", RECTO_LIST_STYLE_PERSIAN}};
  const char *num = xr_attr(w, el, "numeration");
  const char *role = xr_attr(w, el, "role");
  for (size_t k = 0; k < sizeof styles / sizeof *styles; k++)
    if ((num && !strcmp(num, styles[k].name)) ||
        (role && !strcmp(role, styles[k].name)))
      recto_list_set_style(list, styles[k].style);
  const char *start = xr_attr(w, el, "startingnumber");
  if (start && atoi(start) > 0)
    recto_list_set_start(list, atoi(start));
  const char *spacing = xr_attr(w, el, "spacing");
  recto_list_set_tight(list, spacing && !strcmp(spacing, "compact"));
  return xr_into(w, el, list);
}

static recto_node *S_itemizedlist(xr_walk *w, xmlNode *el) {
  recto_node *list = xr_add(w, el, RECTO_NODE_LIST);
  const char *spacing = xr_attr(w, el, "spacing");
  recto_list_set_tight(list, spacing && !strcmp(spacing, "compact"));
  return xr_into(w, el, list);
}

static recto_node *S_listitem(xr_walk *w, xmlNode *el) {
  recto_node *c = xr_container(w);
  if (c && recto_node_type_of(c) == RECTO_NODE_DEF_ITEM)
    return xr_into(w, el, xr_add(w, el, RECTO_NODE_DEF));
  return xr_into(w, el, xr_add(w, el, RECTO_NODE_ITEM));
}

static recto_node *S_term(xr_walk *w, xmlNode *el) {
  recto_node *c = xr_container(w);
  if (c && recto_node_type_of(c) == RECTO_NODE_DEF_ITEM) {
    recto_node *last = recto_node_last_child(c);
    if (last && recto_node_type_of(last) == RECTO_NODE_TERM) {
      /* several terms share one definition: one term, joined */
      recto_node_append(last, recto_node_new_text(w->doc, ", ", 2));
      return last;
    }
    return xr_into(w, el, xr_add(w, el, RECTO_NODE_TERM));
  }
  recto_node *e = xr_add(w, el, RECTO_NODE_EMPH);
  return xr_into(w, el, e);
}

/* ---- verbatim ---- */

static recto_node *S_programlisting(xr_walk *w, xmlNode *el) {
  recto_node *n = S_leaf_text(w, el, RECTO_NODE_CODE_BLOCK, 1);
  const char *lang = xr_attr(w, el, "language");
  if (lang)
    recto_node_set_info(n, lang);
  return NULL;
}

static recto_node *S_literallayout(xr_walk *w, xmlNode *el) {
  const char *role = xr_attr(w, el, "role");
  if (role && !strcmp(role, "table-flat")) {
    S_leaf_text(w, el, RECTO_NODE_TABLE_FLAT, 1);
    return NULL;
  }
  /* lines of a line block, one per line of the text */
  recto_node *lb = xr_add(w, el, RECTO_NODE_LINE_BLOCK);
  xr_apply_attrs(w, el, lb);
  const char *t = xr_text(w, el, 1);
  while (*t == '\n')
    t++;
  while (*t) {
    const char *nl = strchr(t, '\n');
    size_t n = nl ? (size_t)(nl - t) : strlen(t);
    recto_node *line = recto_node_new(w->doc, RECTO_NODE_LINE);
    if (n)
      recto_node_append(line, recto_node_new_text(w->doc, t, n));
    recto_node_append(lb, line);
    t += n + (nl ? 1 : 0);
    if (!nl)
      break;
  }
  return NULL;
}

/* ---- figures and media ---- */

/* An image whose alternative text (textobject, alt) is walked into it:
   what a writer put there (a note, a page break) is kept. */
static recto_node *S_mediaobject(xr_walk *w, xmlNode *el) {
  xmlNode *io = db_child(el, "imageobject");
  xmlNode *data = io ? db_child(io, "imagedata") : NULL;
  const char *url = data ? xr_attr(w, data, "fileref") : NULL;
  if (!url && data)
    url = xr_attr(w, data, "entityref");
  if (!url)
    return xr_into(w, el, xr_add(w, el, S_inline_context(w)
                                            ? RECTO_NODE_SPAN
                                            : RECTO_NODE_DIV));
  recto_node *img = xr_add(w, el, RECTO_NODE_IMAGE);
  recto_node_set_url(img, url);
  return xr_into(w, el, img);
}

static recto_node *S_equation(xr_walk *w, xmlNode *el) {
  xmlNode *mp = db_child(el, "mathphrase");
  if (!mp) {
    for (xmlNode *c = el->children; c && !mp; c = c->next)
      if (db_is(c, "alt") || db_is(c, "mathphrase"))
        mp = c;
  }
  recto_node *m = S_leaf_text(w, mp ? mp : el, RECTO_NODE_MATH, 1);
  const char *role = xr_attr(w, el, "role");
  recto_node_set_math_display(m, !db_is(el, "inlineequation") ||
                                     (role && !strcmp(role, "display")));
  return NULL;
}

/* ---- tables: HTML model and CALS ---- */

static recto_node *S_table(xr_walk *w, xmlNode *el) {
  S_R(w)->tgroup_cols = NULL;
  recto_node *t = xr_add(w, el, RECTO_NODE_TABLE);
  xr_apply_attrs(w, el, t);
  /* the column count is the tgroup's, else the widest row's (at exit) */
  return t;
}

static recto_node *S_tgroup(xr_walk *w, xmlNode *el) {
  S_R(w)->tgroup_cols = el;
  recto_node *t = xr_container(w);
  const char *cols = xr_attr(w, el, "cols");
  if (t && recto_node_type_of(t) == RECTO_NODE_TABLE && cols && atoi(cols) > 0)
    recto_table_set_columns(t, (size_t)atoi(cols));
  return t;
}

static recto_align S_align(const char *a) {
  if (!a)
    return RECTO_ALIGN_DEFAULT;
  if (!strcmp(a, "left"))
    return RECTO_ALIGN_LEFT;
  if (!strcmp(a, "center"))
    return RECTO_ALIGN_CENTER;
  if (!strcmp(a, "right"))
    return RECTO_ALIGN_RIGHT;
  return RECTO_ALIGN_DEFAULT;
}

/* The index of a CALS column by its colname, or -1. */
static int S_colnum(xr_walk *w, const char *name) {
  xmlNode *tg = S_R(w)->tgroup_cols;
  int k = 0;
  for (xmlNode *c = tg ? tg->children : NULL; c && name; c = c->next) {
    if (!db_is(c, "colspec"))
      continue;
    const char *n = xr_attr(w, c, "colname");
    const char *num = xr_attr(w, c, "colnum");
    k = num ? atoi(num) - 1 : k;
    if (n && !strcmp(n, name))
      return k;
    k++;
  }
  return -1;
}

static recto_node *S_colspec(xr_walk *w, xmlNode *el) {
  recto_node *t = xr_container(w);
  if (!t || recto_node_type_of(t) != RECTO_NODE_TABLE)
    return NULL;
  int k = 0;
  for (xmlNode *c = el->prev; c; c = c->prev)
    if (db_is(c, "colspec") || db_is(c, "col"))
      k++;
  const char *num = xr_attr(w, el, "colnum");
  if (num && atoi(num) > 0)
    k = atoi(num) - 1;
  recto_align a = S_align(xr_attr(w, el, "align"));
  if (a != RECTO_ALIGN_DEFAULT && (size_t)k < recto_table_columns(t))
    recto_table_set_column(t, (size_t)k, a, 0);
  else if (a != RECTO_ALIGN_DEFAULT && db_is(el, "col")) {
    recto_table_set_columns(t, (size_t)k + 1 > recto_table_columns(t)
                                   ? (size_t)k + 1
                                   : recto_table_columns(t));
    recto_table_set_column(t, (size_t)k, a, 0);
  }
  return NULL;
}

static recto_node *S_part(xr_walk *w, xmlNode *el) {
  recto_node_type t = db_is(el, "thead")   ? RECTO_NODE_TABLE_HEAD
                      : db_is(el, "tfoot") ? RECTO_NODE_TABLE_FOOT
                                           : RECTO_NODE_TABLE_BODY;
  return xr_into(w, el, xr_add(w, el, t));
}

static recto_node *S_row(xr_walk *w, xmlNode *el) {
  return xr_into(w, el, xr_add(w, el, RECTO_NODE_ROW));
}

static recto_node *S_cell(xr_walk *w, xmlNode *el) {
  recto_node *cell = xr_add(w, el, RECTO_NODE_CELL);
  int rows = 1, cols = 1;
  const char *rs = xr_attr(w, el, "rowspan"), *cs = xr_attr(w, el, "colspan");
  const char *more = xr_attr(w, el, "morerows");
  if (rs)
    rows = atoi(rs);
  if (more)
    rows = atoi(more) + 1;
  if (cs)
    cols = atoi(cs);
  const char *st = xr_attr(w, el, "namest"), *en = xr_attr(w, el, "nameend");
  const char *span = xr_attr(w, el, "spanname");
  if (span) {
    for (xmlNode *c = S_R(w)->tgroup_cols
                          ? S_R(w)->tgroup_cols->children
                          : NULL;
         c; c = c->next)
      if (db_is(c, "spanspec")) {
        const char *n = xr_attr(w, c, "spanname");
        if (n && !strcmp(n, span)) {
          st = xr_attr(w, c, "namest");
          en = xr_attr(w, c, "nameend");
        }
      }
  }
  if (st && en) {
    int a = S_colnum(w, st), b = S_colnum(w, en);
    if (a >= 0 && b >= a)
      cols = b - a + 1;
  }
  recto_cell_set(cell, rows < 1 ? 1 : rows, cols < 1 ? 1 : cols,
                 S_align(xr_attr(w, el, "align")));
  return xr_into(w, el, cell);
}

static void S_table_exit(xr_walk *w, xmlNode *el, recto_node *table) {
  (void)el;
  S_R(w)->tgroup_cols = NULL;
  /* the head before the bodies, the foot after them: the model's order */
  recto_node *foot = NULL;
  for (recto_node *c = recto_node_first_child(table); c;
       c = recto_node_next(c))
    if (recto_node_type_of(c) == RECTO_NODE_TABLE_FOOT)
      foot = c;
  if (foot && recto_node_next(foot)) {
    recto_node_unlink(foot);
    recto_node_append(table, foot);
  }
  size_t cols = xr_table_width(table);
  if (cols > recto_table_columns(table))
    recto_table_set_columns(table, cols);
}

/* ---- the table of elements ---- */

#define S_DIV(name) {name, RECTO_NODE_NONE, 0, NULL, S_division, S_division_exit}
#define S_CODE(name) {name, RECTO_NODE_NONE, 0, NULL, S_code, NULL}
#define S_SKIP(name) {name, RECTO_NODE_NONE, XR_SKIP, NULL, NULL, NULL}
#define S_PASS(name) {name, RECTO_NODE_NONE, XR_TRANSPARENT, NULL, NULL, NULL}
#define S_MAP(name, type, cls) {name, type, 0, cls, NULL, NULL}
#define S_DO(name, fn) {name, RECTO_NODE_NONE, 0, NULL, fn, NULL}

static const xr_elem S_db[] = {
    S_CODE("accel"), S_MAP("acronym", RECTO_NODE_SPAN, "acronym"),
    S_MAP("address", RECTO_NODE_DIV, "address"),
    S_DO("anchor", S_anchor), S_SKIP("appendixinfo"), S_SKIP("articleinfo"),
    S_SKIP("bibliographyinfo"), S_SKIP("blockinfo"), S_SKIP("bookinfo"),
    S_SKIP("chapterinfo"), S_SKIP("glossaryinfo"), S_SKIP("info"),
    S_SKIP("objectinfo"), S_SKIP("partinfo"), S_SKIP("prefaceinfo"),
    S_SKIP("refentryinfo"), S_SKIP("sect1info"), S_SKIP("sect2info"),
    S_SKIP("sect3info"), S_SKIP("sectioninfo"), S_SKIP("setinfo"), S_DIV("appendix"), S_DIV("article"),
    S_MAP("attribution", RECTO_NODE_PARAGRAPH, "attribution"),
    S_DO("beginpage", S_beginpage),
    {"bibliodiv", RECTO_NODE_NONE, 0, NULL, S_bibliography,
     S_bibliography_exit},
    S_DO("biblioentry", S_entry),
    {"bibliography", RECTO_NODE_NONE, 0, NULL, S_bibliography,
     S_bibliography_exit},
    {"bibliolist", RECTO_NODE_NONE, 0, NULL, S_bibliography,
     S_bibliography_exit},
    S_DO("bibliomixed", S_entry), S_DO("biblioref", S_biblioref),
    S_MAP("blockquote", RECTO_NODE_BLOCK_QUOTE, NULL), S_DIV("book"),
    S_DO("bridgehead", S_bridgehead),
    S_MAP("caption", RECTO_NODE_CAPTION, NULL),
    S_MAP("caution", RECTO_NODE_DIV, "caution"), S_DIV("chapter"),
    S_DO("citation", S_citation), S_MAP("citetitle", RECTO_NODE_EMPH, NULL),
    S_CODE("classname"), S_CODE("code"), S_DO("col", S_colspec),
    S_DO("colspec", S_colspec), S_DIV("colophon"), S_CODE("command"),
    S_CODE("computeroutput"), S_CODE("constant"), S_DIV("dedication"),
    S_DO("email", S_link), S_DO("emphasis", S_emphasis), S_DO("entry", S_cell),
    S_CODE("envar"), S_MAP("epigraph", RECTO_NODE_BLOCK_QUOTE, "epigraph"),
    S_DO("equation", S_equation), S_MAP("example", RECTO_NODE_DIV, "example"),
    S_CODE("filename"), {"figure", RECTO_NODE_FIGURE, 0, NULL, NULL, xr_caption_first},
    S_MAP("firstterm", RECTO_NODE_EMPH, NULL), S_DO("footnote", S_footnote),
    S_DO("footnoteref", S_footnoteref),
    S_MAP("foreignphrase", RECTO_NODE_SPAN, "foreignphrase"),
    S_MAP("formalpara", RECTO_NODE_DIV, "formalpara"), S_CODE("function"),
    S_DIV("glossary"), S_MAP("glossterm", RECTO_NODE_EMPH, NULL),
    S_MAP("important", RECTO_NODE_DIV, "important"), S_SKIP("index"),
    S_SKIP("indexterm"), S_DO("informalequation", S_equation),
    {"informalfigure", RECTO_NODE_FIGURE, 0, NULL, NULL, xr_caption_first},
    {"informaltable", RECTO_NODE_NONE, 0, NULL, S_table, S_table_exit},
    S_DO("inlineequation", S_equation),
    S_DO("inlinemediaobject", S_mediaobject),
    S_DO("itemizedlist", S_itemizedlist), S_CODE("keycap"),
    S_CODE("keycombo"), S_CODE("literal"), S_DO("link", S_link),
    S_DO("listitem", S_listitem), S_DO("literallayout", S_literallayout),
    S_SKIP("lot"), S_CODE("markup"), S_DO("mediaobject", S_mediaobject),
    S_MAP("member", RECTO_NODE_ITEM, NULL), S_MAP("note", RECTO_NODE_DIV, "note"),
    S_DO("olink", S_link), S_CODE("option"), S_SKIP("imageobject"),
    S_PASS("textobject"), S_PASS("alt"), S_SKIP("audioobject"),
    S_SKIP("videoobject"), S_PASS("imageobjectco"),
    S_DO("orderedlist", S_orderedlist), S_DO("para", S_para),
    S_CODE("parameter"), S_DIV("part"), S_DIV("partintro"),
    S_DO("phrase", S_phrase), S_DIV("preface"), S_MAP("procedure", RECTO_NODE_LIST, NULL),
    S_DO("programlisting", S_programlisting), S_CODE("prompt"),
    S_DO("quote", S_quote), S_DIV("refentry"), S_DIV("refsect1"),
    S_DIV("refsect2"), S_DIV("refsect3"), S_DIV("refsection"),
    S_MAP("remark", RECTO_NODE_SPAN, "remark"),
    S_CODE("replaceable"), S_DO("row", S_row), S_DO("screen", S_programlisting),
    S_DIV("sect1"), S_DIV("sect2"), S_DIV("sect3"), S_DIV("sect4"),
    S_DIV("sect5"), S_DIV("section"), S_DIV("set"), S_CODE("sgmltag"),
    S_MAP("sidebar", RECTO_NODE_DIV, "sidebar"),
    S_MAP("simpara", RECTO_NODE_PARAGRAPH, NULL),
    S_DIV("simplesect"), S_MAP("simplelist", RECTO_NODE_LIST, NULL),
    S_MAP("step", RECTO_NODE_ITEM, NULL),
    S_MAP("subscript", RECTO_NODE_SUBSCRIPT, NULL),
    S_MAP("superscript", RECTO_NODE_SUPERSCRIPT, NULL),
    S_DO("synopsis", S_programlisting), S_CODE("systemitem"),
    {"table", RECTO_NODE_NONE, 0, NULL, S_table, S_table_exit},
    S_CODE("tag"), S_DO("tbody", S_part),
    S_DO("td", S_cell), S_DO("term", S_term),
    S_DO("tfoot", S_part), S_DO("tgroup", S_tgroup), S_DO("th", S_cell),
    S_DO("thead", S_part), S_MAP("tip", RECTO_NODE_DIV, "tip"),
    S_DO("subtitle", S_subtitle), S_DO("title", S_title), S_SKIP("titleabbrev"), S_SKIP("toc"),
    S_DO("tr", S_row), S_PASS("trademark"), S_CODE("type"),
    S_DO("ulink", S_link), S_DO("uri", S_link), S_CODE("userinput"),
    S_MAP("variablelist", RECTO_NODE_DEF_LIST, NULL),
    S_MAP("varlistentry", RECTO_NODE_DEF_ITEM, NULL), S_CODE("varname"),
    S_MAP("warning", RECTO_NODE_DIV, "warning"), S_DO("xref", S_xref),
};

static const xr_vocab S_vocabs[] = {
    {DB_NS, S_db, sizeof S_db / sizeof *S_db},
    {NULL, S_db, sizeof S_db / sizeof *S_db},
};

static const xr_config S_config = {
    "docbook", S_vocabs, sizeof S_vocabs / sizeof *S_vocabs, 1, NULL, S_pi};

/* ---- after the walk ---- */

/* The text an xref shows: the endterm's, the target's xreflabel, its
   title, or for a footnote its label. */
static const char *S_xref_text(xr_walk *w, xmlNode *target,
                               const char *endterm, xmlDoc *x) {
  if (endterm) {
    xmlAttr *a = xmlGetID(x, (const xmlChar *)endterm);
    if (a && a->parent)
      return xr_text(w, a->parent, 0);
  }
  const char *label = xr_attr(w, target, "xreflabel");
  if (label)
    return label;
  xmlNode *t = S_title_of(target);
  if (t)
    return xr_text(w, t, 0);
  if (db_is(target, "footnote") && xr_attr(w, target, "label"))
    return xr_attr(w, target, "label");
  const char *text = xr_text(w, target, 0);
  return text && *text && strlen(text) < 80 ? text : NULL;
}

/* The node after n in document order under root (elements' content
   only: entity content is not the tree's). */
static xmlNode *S_next(xmlNode *n, const xmlNode *root) {
  if (n->type == XML_ELEMENT_NODE && n->children)
    return n->children;
  while (n && !n->next && n != root)
    n = n->parent;
  return n && n != root ? n->next : NULL;
}

/* An element's id: xml:id (DocBook 5) or id (DocBook 4), which libxml2
   knows as ids only for xml:id without the DTD. */
static const char *S_id(const xmlNode *n) {
  for (xmlAttr *a = n->properties; a; a = a->next)
    if (xmlStrEqual(a->name, (const xmlChar *)"id") && a->children &&
        a->children->content)
      return (const char *)a->children->content;
  return NULL;
}

static xmlNode *S_find_id(xmlNode *root, const char *id) {
  for (xmlNode *n = root; n; n = S_next(n, root)) {
    const char *v = n->type == XML_ELEMENT_NODE ? S_id(n) : NULL;
    if (v && !strcmp(v, id))
      return n;
  }
  return NULL;
}

static void S_add_target(xmlHashTablePtr set, xmlNode *el, const char *name,
                         const char *ns) {
  xmlChar *v = ns ? xmlGetNsProp(el, (const xmlChar *)name,
                                 (const xmlChar *)ns)
                  : xmlGetNoNsProp(el, (const xmlChar *)name);
  if (v && *v)
    xmlHashAddEntry(set, v + (v[0] == '#'), set);
  xmlFree(v);
}

static void S_collect_targets(xmlHashTablePtr set, xmlNode *top) {
  for (xmlNode *n = top; n; n = S_next(n, top))
    if (n->type == XML_ELEMENT_NODE) {
      S_add_target(set, n, "linkend", NULL);
      S_add_target(set, n, "endterm", NULL);
      S_add_target(set, n, "href", DB_XLINK);
    }
}

/* The walk frees what it has converted; what cross references and
   footnoterefs point to (the ids their linkend, href or endterm name,
   in the tree or in entity content) is kept for S_resolve, and so is
   the number of each footnote pointed to. */
static void S_keep_targets(db_reader *r, xmlDoc *x) {
  xmlHashTablePtr set = xmlHashCreate(16);
  if (!set)
    recto_out_of_memory();
  S_collect_targets(set, r->root);
  for (xmlNode *d = x->intSubset ? x->intSubset->children : NULL; d;
       d = d->next)
    if (d->type == XML_ENTITY_DECL)
      for (xmlNode *c = d->children; c; c = c->next)
        S_collect_targets(set, c);
  size_t notes = 0, cap = 0;
  for (xmlNode *n = xmlHashSize(set) ? r->root : NULL; n;
       n = S_next(n, r->root)) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    int note = db_is(n, "footnote");
    notes += note;
    const char *id = S_id(n);
    if (!id || !xmlHashLookup(set, (const xmlChar *)id))
      continue;
    xr_keep(n);
    if (!note)
      continue;
    if (r->nkept_notes == cap) {
      cap = cap ? cap * 2 : 16;
      r->kept_notes = realloc(r->kept_notes, cap * sizeof *r->kept_notes);
      if (!r->kept_notes)
        recto_out_of_memory();
    }
    r->kept_notes[r->nkept_notes++] = (db_kept_note){n, notes};
  }
  xmlHashFree(set, NULL);
}

static void S_resolve(xr_walk *w, xmlDoc *x) {
  db_reader *r = S_R(w);
  for (size_t k = 0; k < r->nrefs; k++) {
    db_pending *p = &r->refs[k];
    xmlNode *target = S_find_id(r->root, p->target);
    if (recto_node_type_of(p->node) == RECTO_NODE_NOTE_REF) {
      /* footnoteref: the marker of the note it repeats */
      const char *label = NULL;
      if (target && db_is(target, "footnote")) {
        label = xr_attr(w, target, "label");
        if (!label) {
          /* numbered in document order, as the walk did */
          size_t n = 0;
          for (size_t k2 = 0; k2 < r->nkept_notes; k2++)
            if (r->kept_notes[k2].note == target)
              n = r->kept_notes[k2].number;
          char num[24];
          snprintf(num, sizeof num, "%zu", n);
          label = recto_strdup(w->doc, num);
        }
      }
      recto_node_set_marker(p->node, label ? label : p->target);
      continue;
    }
    if (recto_node_first_child(p->node))
      continue;
    const char *text = target ? S_xref_text(w, target, p->endterm, x) : NULL;
    if (!text || !*text) {
      if (!target)
        recto_diag_emit(w->ctx, RECTO_DIAG_WARNING, "docbook.dangling-xref",
                        NULL, "cross reference to '%s', which is not in "
                        "the document; its id is kept as the text",
                        p->target);
      text = p->target;
    }
    recto_node_append(p->node,
                      recto_node_new_text(w->doc, text, strlen(text)));
  }
}

static recto_status S_read(recto_context *ctx, const recto_input *in,
                           const recto_options *opts, recto_doc **out) {
  (void)opts;
  xmlDoc *x = NULL;
  recto_status st = xr_parse(ctx, "docbook", in, &x);
  if (st != RECTO_OK)
    return st;
  xmlNode *root = xmlDocGetRootElement(x);
  recto_doc *doc = recto_doc_new();
  db_reader r;
  memset(&r, 0, sizeof r);
  r.root = root;
  xr_walk w;
  xr_walk_init(&w, ctx, doc, &S_config, in->len, &r);
  const char *lang = xr_attr_ns(&w, root, (const char *)XML_XML_NAMESPACE,
                                "lang");
  if (!lang)
    lang = xr_attr(&w, root, "lang");
  if (lang)
    recto_doc_set_lang(doc, lang);
  const char *dir = xr_attr(&w, root, "dir");
  if (dir)
    recto_doc_set_dir(doc, !strcmp(dir, "rtl") ? RECTO_DIR_RTL
                                               : RECTO_DIR_LTR);
  for (xmlNode *c = root->children; c; c = c->next)
    if (db_is_info(c))
      db_read_info(&w, c);
  xmlNode *title = db_child(root, "title");
  if (title && !recto_doc_meta_string(doc, "title"))
    recto_doc_meta_set_string(doc, "title", xr_text(&w, title, 0));
  xmlNode *subtitle = db_child(root, "subtitle");
  if (subtitle && !recto_doc_meta_string(doc, "subtitle"))
    recto_doc_meta_set_string(doc, "subtitle", xr_text(&w, subtitle, 0));
  S_keep_targets(&r, x);
  st = xr_walk_run(&w, root, recto_doc_root(doc));
  if (st == RECTO_OK) {
    S_resolve(&w, x);
    xr_walk_report(&w);
  }
  xr_walk_free(&w);
  free(r.refs);
  free(r.kept_notes);
  xmlFreeDoc(x);
  if (st != RECTO_OK) {
    recto_doc_free(doc);
    return st;
  }
  *out = doc;
  return RECTO_OK;
}

/* Sure when the content's signature (recto/sniff.h) names DocBook. */
static int S_probe(const unsigned char *head, size_t len) {
  return recto_sniff_probe(head, len, "docbook");
}

static const char *const S_aliases[] = {"docbook5", "docbook4", "db", NULL};
static const char *const S_extensions[] = {"dbk", "docbook", NULL};
static const char *const S_media[] = {"application/docbook+xml", NULL};

static const recto_plugin S_reader = {
    RECTO_PLUGIN_HEADER,
    RECTO_PLUGIN_READER,
    0,
    "docbook",
    S_aliases,
    S_extensions,
    S_media,
    "DocBook 4 and 5: footnotes, citations, bibliographies, cross "
    "references, CALS and HTML tables, page breaks",
    RECTO_VERSION_STRING,
    S_probe,
    S_read,
    NULL,
    NULL,
    NULL, {NULL, NULL, NULL}};

RECTO_PLUGIN_EXPORT const recto_plugin *
recto_plugin_descriptor(uint32_t index);

RECTO_PLUGIN_EXPORT const recto_plugin *
recto_plugin_descriptor(uint32_t index) {
  return index == 0 ? &S_reader : NULL;
}
