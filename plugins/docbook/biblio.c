/* biblio.c: bibliography entries as DocBook.
 *
 * An entry with fields becomes a <biblioentry> whose children name each
 * field (authorgroup, title, publisher, pubdate, volumenum, biblioid...);
 * a part of a larger work (article, chapter) is split in two biblioset
 * elements, the part and its host, as DocBook intends.  An entry known
 * only by its text becomes a <bibliomixed> holding that text.  The
 * citation key is kept in <abbrev>, which is what DocBook processors
 * match <citation> text against. */
#include <string.h>

#include "docbook.h"

void dbk_name(recto_buf *out, const recto_name *n) {
  if (!xw_set(n->family) && !xw_set(n->given)) {
    xw_element(out, "orgname", xw_set(n->literal) ? n->literal : "");
    return;
  }
  recto_buf_puts(out, "<personname>");
  if (xw_set(n->given)) {
    xw_element(out, "firstname", n->given);
    recto_buf_putc(out, ' ');
  }
  if (xw_set(n->dropping_particle)) {
    recto_buf_puts(out, "<othername role=\"particle\">");
    xw_text(out, n->dropping_particle);
    recto_buf_puts(out, "</othername> ");
  }
  if (xw_set(n->family)) {
    recto_buf_puts(out, "<surname>");
    if (xw_set(n->non_dropping_particle)) {
      xw_text(out, n->non_dropping_particle);
      recto_buf_putc(out, ' ');
    }
    xw_text(out, n->family);
    recto_buf_puts(out, "</surname>");
  }
  if (xw_set(n->suffix)) {
    recto_buf_puts(out, " ");
    xw_element(out, "lineage", n->suffix);
  }
  recto_buf_puts(out, "</personname>");
}

/* <author>… for each name; several authors share an authorgroup. */
static void S_people(recto_buf *out, const recto_name *names,
                     const char *elem, const char *extra) {
  for (const recto_name *n = names; n; n = n->next) {
    recto_buf_printf(out, "<%s%s>", elem, extra ? extra : "");
    dbk_name(out, n);
    if (xw_set(n->affiliation)) {
      recto_buf_puts(out, "<affiliation>");
      xw_element(out, "orgname", n->affiliation);
      recto_buf_puts(out, "</affiliation>");
    }
    xw_end_tag(out, elem);
  }
}

static void S_authors(recto_buf *out, const recto_name *names) {
  if (!names)
    return;
  if (names->next) {
    recto_buf_puts(out, "<authorgroup>");
    S_people(out, names, "author", NULL);
    recto_buf_puts(out, "</authorgroup>");
  } else {
    S_people(out, names, "author", NULL);
  }
}

static void S_date(recto_buf *out, const char *elem, const char *role,
                   const recto_date *d) {
  if (!d->year[0] && !xw_set(d->literal))
    return;
  recto_buf_printf(out, "<%s", elem);
  if (d->calendar != RECTO_CALENDAR_GREGORIAN)
    role = recto_calendar_name(d->calendar);
  xw_attr(out, "role", role);
  recto_buf_putc(out, '>');
  xw_date_text(out, d);
  xw_end_tag(out, elem);
}

/* Parts of a host work, and what the host is called. */
static const char *S_host_relation(const recto_bib_entry *e) {
  static const char *const journal[] = {"article-journal", "article-magazine",
                                        "article-newspaper", "article",
                                        "review", NULL};
  static const char *const book[] = {"chapter", "entry", "entry-dictionary",
                                     "entry-encyclopedia", NULL};
  static const char *const proc[] = {"paper-conference", NULL};
  if (!xw_set(e->container_title))
    return NULL;
  if (xw_type_in(e->type, journal))
    return "journal";
  if (xw_type_in(e->type, book))
    return "book";
  if (xw_type_in(e->type, proc))
    return "proceedings";
  if (e->type && strcmp(e->type, "webpage") == 0)
    return "website";
  return NULL;
}

static void S_imprint(recto_buf *out, const recto_bib_entry *e) {
  xw_element(out, "edition", e->edition);
  if (xw_set(e->publisher)) {
    recto_buf_puts(out, "<publisher>");
    xw_element(out, "publishername", e->publisher);
    if (xw_set(e->publisher_place)) {
      recto_buf_puts(out, "<address>");
      xw_element(out, "city", e->publisher_place);
      recto_buf_puts(out, "</address>");
    }
    recto_buf_puts(out, "</publisher>");
  } else if (xw_set(e->publisher_place)) {
    recto_buf_puts(out, "<address>");
    xw_element(out, "city", e->publisher_place);
    recto_buf_puts(out, "</address>");
  }
  S_date(out, "pubdate", NULL, &e->issued);
  xw_element(out, "volumenum", e->volume);
  xw_element(out, "issuenum", e->issue);
}

void dbk_entry(dbk_writer *w, const recto_bib_entry *e, const char *id,
               const xw_scope *parent) {
  recto_buf *out = w->out;
  xw_scope sc;
  xw_scope_enter_lang(parent, e->language, e->dir, 1, &sc);
  int structured = xw_entry_structured(e);
  recto_buf_puts(out, structured ? "<biblioentry" : "<bibliomixed");
  xw_attr(out, "xml:id", id);
  xw_scope_attrs(out, &sc, XW_DIR_ATTR);
  xw_attr(out, "role", e->type);
  recto_buf_putc(out, '>');
  if (!structured) {
    xw_entry_text(out, w->doc, w->style, e);
    recto_buf_puts(out, "</bibliomixed>");
    return;
  }
  xw_element(out, "abbrev", e->id);
  const char *host = S_host_relation(e);
  if (host) {
    recto_buf_puts(out, "<biblioset relation=\"part\">");
    S_authors(out, e->author);
    xw_element(out, "title", e->title);
    xw_element(out, "pagenums", e->page);
    recto_buf_puts(out, "</biblioset>");
    recto_buf_printf(out, "<biblioset relation=\"%s\">", host);
    xw_element(out, "title", e->container_title);
    S_people(out, e->editor, "editor", NULL);
    S_imprint(out, e);
    recto_buf_puts(out, "</biblioset>");
  } else {
    S_authors(out, e->author);
    xw_element(out, "title", e->title);
    xw_element_attr(out, "citetitle", "pubwork", "book", e->container_title);
    S_people(out, e->editor, "editor", NULL);
    S_imprint(out, e);
    xw_element(out, "pagenums", e->page);
  }
  S_people(out, e->translator, "othercredit", " class=\"translator\"");
  if (xw_set(e->collection_title)) {
    recto_buf_puts(out, "<biblioset relation=\"series\">");
    xw_element(out, "title", e->collection_title);
    recto_buf_puts(out, "</biblioset>");
  }
  if (xw_set(e->number)) {
    recto_buf_puts(out, "<biblioid class=\"other\" otherclass=\"number\">");
    xw_text(out, e->number);
    recto_buf_puts(out, "</biblioid>");
  }
  xw_element_attr(out, "biblioid", "class", "doi", e->doi);
  xw_element_attr(out, "biblioid", "class", "isbn", e->isbn);
  xw_element_attr(out, "biblioid", "class", "issn", e->issn);
  xw_element_attr(out, "biblioid", "class", "uri", e->url);
  S_date(out, "date", "accessed", &e->accessed);
  xw_element_attr(out, "bibliomisc", "role", "note", e->note);
  /* The text as the document printed it; an entry read from a
     bibliography file holds that file's syntax instead, not kept. */
  if (!e->source)
    xw_element_attr(out, "bibliomisc", "role", "raw", e->raw);
  recto_buf_puts(out, "</biblioentry>");
}
