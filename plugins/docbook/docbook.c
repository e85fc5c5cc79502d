/* docbook.c: the DocBook 5 writer's descriptor, the root element and its
 * <info> (title, authors, date, abstract, keywords) from the metadata.
 *
 * Options:
 *   book=true|false|auto   <book> with chapters instead of <article>;
 *                          auto (the default) picks a book when the
 *                          document has at least two level-1 sections
 *                          and every one of them has level-2 sections;
 *   citation-style=…       see style.h (text of generated citations);
 *   citation-text=style    write every citation in the style's words
 *                          instead of the source's. */
#include <stdlib.h>
#include <string.h>

#include "docbook.h"

#define DBK_NS "http://docbook.org/ns/docbook"
#define XLINK_NS "http://www.w3.org/1999/xlink"

/* Level-1 sections, each holding level-2 sections: chapters of a book. */
static int S_looks_like_book(const recto_doc *doc) {
  size_t chapters = 0;
  for (const recto_node *c = recto_node_first_child(recto_doc_root(doc)); c;
       c = recto_node_next(c)) {
    recto_node_type t = recto_node_type_of(c);
    if (t != RECTO_NODE_SECTION)
      continue;
    if (recto_node_level(c) != 1)
      return 0;
    int sub = 0;
    for (const recto_node *d = recto_node_first_child(c); d && !sub;
         d = recto_node_next(d))
      sub = recto_node_type_of(d) == RECTO_NODE_SECTION;
    if (!sub)
      return 0;
    chapters++;
  }
  return chapters >= 2;
}

static int S_want_book(const recto_doc *doc, const recto_options *opts) {
  const char *v = recto_options_get(opts, "book");
  if (v && strcmp(v, "auto") != 0)
    return recto_options_get_bool(opts, "book", 0);
  return S_looks_like_book(doc);
}

static void S_meta_element(dbk_writer *w, const char *key, const char *elem,
                           const xw_scope *scope) {
  recto_meta *m = xw_meta_value(w->doc, key);
  if (!m || !recto_meta_string(m) || !*recto_meta_string(m))
    return;
  xw_indent(w->out, 2);
  recto_buf_printf(w->out, "<%s>", elem);
  xw_render_meta_inlines(w, m, scope);
  xw_end_tag(w->out, elem);
}

static void S_person(recto_buf *out, const xw_person *p, const char *elem,
                     const char *attrs) {
  recto_buf_printf(out, "<%s%s>", elem, attrs);
  if (p->organisation) {
    xw_element(out, "orgname", p->name);
  } else if (p->family || p->given) {
    recto_buf_puts(out, "<personname>");
    if (p->given) {
      xw_element(out, "firstname", p->given);
      if (p->family)
        recto_buf_putc(out, ' ');
    }
    xw_element(out, "surname", p->family);
    recto_buf_puts(out, "</personname>");
  } else {
    xw_element(out, "personname", p->name);
  }
  if (p->affiliation) {
    recto_buf_puts(out, "<affiliation>");
    xw_element(out, "orgname", p->affiliation);
    recto_buf_puts(out, "</affiliation>");
  }
  xw_element(out, "email", p->email);
  xw_end_tag(out, elem);
}

static void S_people(dbk_writer *w, const char *key, const char *elem,
                     int group) {
  xw_person people[64];
  size_t n = xw_meta_people(w->doc, key, people, 64);
  if (n > 64)
    n = 64;
  if (!n)
    return;
  xw_indent(w->out, 2);
  if (group && n > 1)
    recto_buf_puts(w->out, "<authorgroup>");
  for (size_t k = 0; k < n; k++)
    S_person(w->out, &people[k], elem, "");
  if (group && n > 1)
    recto_buf_puts(w->out, "</authorgroup>");
}

/* The people under key as othercredit of their role (a person's own
   role first, else role): DocBook's class where it has one, else class
   other named by the role; author and editor elements for those roles. */
static void S_credits(dbk_writer *w, const char *key, const char *role) {
  /* the classes of DocBook 5.0 that are roles of MARC's */
  static const char *const classes[][2] = {{"trl", "translator"}};
  xw_person people[64];
  size_t n = xw_meta_people(w->doc, key, people, 64);
  recto_buf attrs = RECTO_BUF_INIT;
  for (size_t k = 0; k < n && k < 64; k++) {
    const xw_person *p = &people[k];
    const char *code = p->role ? xw_marc_code(p->role) : role;
    xw_indent(w->out, 2);
    if (code && (!strcmp(code, "aut") || !strcmp(code, "edt"))) {
      S_person(w->out, p, code[0] == 'a' ? "author" : "editor", "");
      continue;
    }
    const char *cls = NULL;
    for (size_t j = 0; code && j < sizeof classes / sizeof *classes; j++)
      if (!strcmp(classes[j][0], code))
        cls = classes[j][1];
    recto_buf_clear(&attrs);
    if (cls) {
      recto_buf_printf(&attrs, " class=\"%s\"", cls);
    } else {
      recto_buf_puts(&attrs, " class=\"other\"");
      xw_attr(&attrs, "otherclass",
              code ? xw_marc_word(code) : p->role ? p->role : role);
    }
    S_person(w->out, p, "othercredit", attrs.data);
  }
  recto_buf_free(&attrs);
}

/* Each identifier as a biblioid of its class. */
static void S_biblioids(dbk_writer *w) {
  xw_identifier ids[32];
  size_t n = xw_meta_identifiers(w->doc, ids, 32);
  for (size_t k = 0; k < n && k < 32; k++) {
    const char *text = ids[k].text, *scheme = ids[k].scheme;
    const char *cls = scheme && strcmp(scheme, "uuid") != 0 ? scheme
                      : scheme                          ? "other"
                      : strncmp(text, "10.", 3) == 0    ? "doi"
                      : strstr(text, "://")             ? "uri"
                                                        : "other";
    xw_indent(w->out, 2);
    recto_buf_printf(w->out, "<biblioid class=\"%s\"", cls);
    if (!strcmp(cls, "other"))
      xw_attr(w->out, "otherclass",
              scheme ? scheme
                     : ids[k].given_scheme ? ids[k].given_scheme
                                           : "identifier");
    recto_buf_putc(w->out, '>');
    xw_text(w->out, text);
    recto_buf_puts(w->out, "</biblioid>");
  }
}

/* With option record-conversion: this conversion, dated by
   SOURCE_DATE_EPOCH. */
static void S_revhistory(dbk_writer *w) {
  char when[32];
  recto_buf what = RECTO_BUF_INIT;
  if (xw_conversion_record(w->doc, w->opts, when, &what)) {
    xw_indent(w->out, 2);
    recto_buf_printf(w->out, "<revhistory><revision><date>%s</date>"
                             "<revremark>", when);
    xw_text(w->out, what.data);
    recto_buf_puts(w->out, "</revremark></revision></revhistory>");
  }
  recto_buf_free(&what);
}

static void S_info(dbk_writer *w, const xw_scope *scope) {
  recto_buf *out = w->out;
  xw_indent(out, 1);
  recto_buf_puts(out, "<info>");
  /* DocBook 5.0 requires the title of an article or book. */
  recto_meta *title = xw_meta_value(w->doc, "title");
  if (title && recto_meta_string(title) && *recto_meta_string(title)) {
    S_meta_element(w, "title", "title", scope);
  } else {
    xw_indent(out, 2);
    recto_buf_puts(out, "<title/>");
  }
  S_meta_element(w, "subtitle", "subtitle", scope);
  S_people(w, "author", "author", 1);
  S_people(w, "editor", "editor", 0);
  S_credits(w, "translator", "trl");
  S_credits(w, "illustrator", "ill");
  S_credits(w, "creator", "aut");
  S_credits(w, "contributor", "ctb");
  const char *date = recto_doc_meta_string(w->doc, "date");
  if (date && *date) {
    xw_indent(out, 2);
    xw_element(out, "pubdate", date);
  }
  const char *publisher = recto_doc_meta_string(w->doc, "publisher");
  if (publisher && *publisher) {
    xw_indent(out, 2);
    recto_buf_puts(out, "<publisher>");
    xw_element(out, "publishername", publisher);
    recto_buf_puts(out, "</publisher>");
  }
  S_biblioids(w);
  const char *rights = recto_doc_meta_string(w->doc, "rights");
  if (rights && *rights) {
    xw_indent(out, 2);
    recto_buf_puts(out, "<legalnotice>");
    xw_element(out, "para", rights);
    recto_buf_puts(out, "</legalnotice>");
  }
  recto_meta *abstract = xw_meta_value(w->doc, "abstract");
  if (abstract) {
    xw_indent(out, 2);
    recto_buf_puts(out, "<abstract>");
    if (recto_meta_kind_of(abstract) == RECTO_META_BLOCKS &&
        recto_meta_nodes(abstract)) {
      xw_render_children(w, recto_meta_nodes(abstract), NULL, NULL,
                         XW_BLOCK | XW_NEED_BLOCK, 3, scope);
      xw_indent(out, 2);
    } else {
      recto_buf_puts(out, "<para>");
      xw_render_meta_inlines(w, abstract, scope);
      recto_buf_puts(out, "</para>");
    }
    recto_buf_puts(out, "</abstract>");
  }
  const char *keywords[256];
  size_t nk = xw_meta_strings(w->doc, "keywords", keywords, 256);
  if (nk) {
    xw_indent(out, 2);
    recto_buf_puts(out, "<keywordset>");
    for (size_t k = 0; k < nk && k < 256; k++)
      xw_element(out, "keyword", keywords[k]);
    recto_buf_puts(out, "</keywordset>");
  }
  S_revhistory(w);
  xw_indent(out, 1);
  recto_buf_puts(out, "</info>");
}

static recto_status S_write(recto_context *ctx, recto_doc *doc,
                            const recto_options *opts, recto_buf *out) {
  dbk_writer w;
  xw_writer_init(&w, &dbk_format, ctx, doc, opts, out);
  int book = S_want_book(doc, opts); /* level-1 sections are chapters */

  xw_scope scope;
  xw_scope_root(doc, &scope);
  const char *root = book ? "book" : "article";
  recto_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  recto_buf_printf(out,
                   "<%s xmlns=\"" DBK_NS "\" xmlns:xlink=\"" XLINK_NS
                   "\" version=\"5.0\"",
                   root);
  xw_scope_attrs(out, &scope, XW_DIR_ATTR);
  recto_buf_putc(out, '>');
  S_info(&w, &scope);
  if (recto_options_get_bool(opts, "toc", 0)) /* --toc: where it goes */
    recto_buf_puts(out, "\n  <toc/>");
  unsigned flags = XW_BLOCK | XW_DIVISION | (book ? DBK_BOOK : 0);
  recto_node *body = recto_doc_root(doc);
  /* An article needs some content; a book at least one component. */
  if (!book)
    flags |= XW_NEED_BLOCK;
  if (!xw_render_children(&w, body, NULL, NULL, flags, 1, &scope) && book)
    recto_buf_puts(out, "\n  <chapter role=\"untitled\"><title/><para/>"
                        "</chapter>");
  recto_buf_printf(out, "\n</%s>\n", root);
  xw_writer_free(&w);
  return RECTO_OK;
}

static const char *const S_aliases[] = {"docbook5", "db", NULL};
static const char *const S_extensions[] = {"dbk", "docbook", NULL};
static const char *const S_media[] = {"application/docbook+xml", NULL};
static const char *const S_keys[] = {"book", "toc", XW_OPT_CITATION_TEXT,
                                     XW_OPT_RECORD_CONVERSION, NULL};

static const recto_plugin S_writer = {
    RECTO_PLUGIN_HEADER,
    RECTO_PLUGIN_WRITER,
    RECTO_PLUGIN_WANTS_SECTIONS,
    "docbook",
    S_aliases,
    S_extensions,
    S_media,
    "DocBook 5 (article or book) with footnotes, citations and "
    "bibliography",
    RECTO_VERSION_STRING,
    NULL,
    NULL,
    S_write,
    NULL,
    S_keys,
    {NULL, NULL, NULL}};

RECTO_PLUGIN_EXPORT const recto_plugin *
recto_plugin_descriptor(uint32_t index) {
  return index == 0 ? &S_writer : NULL;
}
