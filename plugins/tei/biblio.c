/* biblio.c: bibliography entries as TEI, in the shape GROBID writes:
 *
 *   <biblStruct xml:id="ref-key" type="article-journal">
 *     <analytic> authors, <title level="a" type="main">, DOI </analytic>
 *     <monogr> <title level="j">, <imprint> volume, issue, pages, date
 *     </imprint></monogr>
 *     <ptr target="url"/> <note type="raw_reference">as written</note>
 *   </biblStruct>
 *
 * An entry known only by its text becomes <bibl> with that text.  Dates
 * carry @when in the Gregorian calendar (converted from Solar Hijri or
 * Hijri dates, which keep their own numbers as text and point with
 * @calendar to the header's calendarDesc). */
#include <string.h>

#include "tei.h"

void tei_name(recto_buf *out, const recto_name *n) {
  if (!xw_set(n->family) && !xw_set(n->given)) {
    xw_element(out, "orgName", xw_set(n->literal) ? n->literal : "");
    return;
  }
  recto_buf_puts(out, "<persName>");
  if (xw_set(n->given)) {
    recto_buf_puts(out, "<forename type=\"first\">");
    xw_text(out, n->given);
    recto_buf_puts(out, "</forename>");
  }
  if (xw_set(n->dropping_particle))
    xw_element(out, "nameLink", n->dropping_particle);
  if (xw_set(n->non_dropping_particle))
    xw_element(out, "nameLink", n->non_dropping_particle);
  xw_element(out, "surname", n->family);
  if (xw_set(n->suffix))
    xw_element(out, "genName", n->suffix);
  recto_buf_puts(out, "</persName>");
}

static void S_people(recto_buf *out, const recto_name *names,
                     const char *elem) {
  for (const recto_name *n = names; n; n = n->next) {
    recto_buf_printf(out, "<%s>", elem);
    tei_name(out, n);
    xw_element(out, "affiliation", n->affiliation);
    xw_end_tag(out, elem);
  }
}

static void S_translators(recto_buf *out, const recto_name *names) {
  for (const recto_name *n = names; n; n = n->next) {
    recto_buf_puts(out, "<respStmt><resp>translator</resp>");
    tei_name(out, n);
    recto_buf_puts(out, "</respStmt>");
  }
}

/* "#solar-hijri": a pointer to the header's calendar (arena string). */
static const char *S_calendar_ref(tei_writer *w, recto_calendar cal) {
  tei_calendars *cals = w->own;
  if (cal == RECTO_CALENDAR_SOLAR_HIJRI)
    cals->used |= TEI_CAL_SOLAR_HIJRI;
  else if (cal == RECTO_CALENDAR_HIJRI)
    cals->used |= TEI_CAL_HIJRI;
  else
    return NULL;
  recto_buf b = RECTO_BUF_INIT;
  recto_buf_printf(&b, "#%s", cals->ids[cal]);
  const char *ref = recto_strndup(w->doc, b.data, b.len);
  recto_buf_free(&b);
  return ref;
}

static void S_ymd_attr(recto_buf *out, const char *name, int y, int m,
                       int d) {
  recto_buf_printf(out, " %s=\"", name);
  xw_iso_ymd(out, y, m, d);
  recto_buf_putc(out, '"');
}

/* @when, or @from/@to, or @notBefore/@notAfter for a converted partial
   date. */
static void S_when(tei_writer *w, const recto_date *d) {
  recto_buf *out = w->out;
  xw_greg_range a, b;
  if (!xw_date_gregorian(d, 0, &a))
    return;
  int range = xw_date_gregorian(d, 1, &b);
  if (d->calendar == RECTO_CALENDAR_GREGORIAN) {
    if (range) {
      S_ymd_attr(out, "from", a.from_year, a.from_month, a.from_day);
      S_ymd_attr(out, "to", b.from_year, b.from_month, b.from_day);
    } else {
      S_ymd_attr(out, "when", a.from_year, a.from_month, a.from_day);
    }
    return;
  }
  if (!range)
    b = a;
  int exact = !range && d->month[0] && d->day[0];
  if (exact) {
    S_ymd_attr(out, "when", a.from_year, a.from_month, a.from_day);
  } else {
    S_ymd_attr(out, "notBefore", a.from_year, a.from_month, a.from_day);
    S_ymd_attr(out, "notAfter", b.to_year, b.to_month, b.to_day);
  }
  /* The date in its own calendar, for machines as well. */
  recto_buf_puts(out, " when-custom=\"");
  xw_date_iso(out, d, 0);
  recto_buf_putc(out, '"');
}

void tei_date(tei_writer *w, const recto_date *d, const char *type) {
  recto_buf *out = w->out;
  if (!d->year[0] && !xw_set(d->literal))
    return;
  recto_buf_puts(out, "<date");
  xw_attr(out, "type", type);
  if (d->year[0]) {
    S_when(w, d);
    const char *cal = S_calendar_ref(w, d->calendar);
    if (cal) {
      xw_attr(out, "datingMethod", cal);
      xw_attr(out, "calendar", cal);
    }
    if (d->circa)
      recto_buf_puts(out, " cert=\"low\"");
  }
  recto_buf_putc(out, '>');
  xw_date_text(out, d);
  recto_buf_puts(out, "</date>");
}

/* The level of the host title: "j" for periodicals, "m" for books and
   proceedings; NULL when the entry is a whole work. */
static const char *S_host_level(const recto_bib_entry *e) {
  static const char *const periodical[] = {
      "article-journal", "article-magazine", "article-newspaper", "article",
      "review", NULL};
  static const char *const part[] = {"chapter", "entry", "entry-dictionary",
                                     "entry-encyclopedia", "paper-conference",
                                     "webpage", NULL};
  if (!xw_set(e->container_title))
    return NULL;
  if (xw_type_in(e->type, periodical))
    return "j";
  if (xw_type_in(e->type, part))
    return "m";
  return NULL;
}

static void S_scope(recto_buf *out, const char *unit, const char *value) {
  if (!xw_set(value))
    return;
  recto_buf_printf(out, "<biblScope unit=\"%s\"", unit);
  /* "45-67" (or an en dash) also as from/to */
  const char *dash = strchr(value, '-');
  size_t dlen = 1;
  if (!dash && (dash = strstr(value, "\xE2\x80\x93")))
    dlen = 3;
  if (dash && dash > value && dash[dlen] && !strchr(dash + dlen, '-')) {
    recto_buf_puts(out, " from=\"");
    recto_buf_put_xml(out, value, (size_t)(dash - value));
    recto_buf_puts(out, "\" to=\"");
    xw_text(out, dash + dlen);
    recto_buf_putc(out, '"');
  }
  recto_buf_putc(out, '>');
  xw_text(out, value);
  recto_buf_puts(out, "</biblScope>");
}

static void S_title(recto_buf *out, const char *level, const char *title,
                    int main) {
  if (!xw_set(title))
    return;
  recto_buf_printf(out, "<title level=\"%s\"%s>", level,
                   main ? " type=\"main\"" : "");
  xw_text(out, title);
  recto_buf_puts(out, "</title>");
}

static void S_imprint(tei_writer *w, const recto_bib_entry *e) {
  recto_buf *out = w->out;
  recto_buf_puts(out, "<imprint>");
  size_t mark = out->len;
  S_scope(out, "volume", e->volume);
  S_scope(out, "issue", e->issue);
  S_scope(out, "page", e->page);
  xw_element(out, "pubPlace", e->publisher_place);
  xw_element(out, "publisher", e->publisher);
  tei_date(w, &e->issued, "published");
  if (out->len == mark) /* an imprint may not be empty */
    recto_buf_puts(out, "<date/>");
  recto_buf_puts(out, "</imprint>");
}

void tei_entry(tei_writer *w, const recto_bib_entry *e, const char *id,
               const xw_scope *parent) {
  recto_buf *out = w->out;
  xw_scope sc;
  xw_scope_enter_lang(parent, e->language, e->dir, 1, &sc);
  if (!xw_entry_structured(e)) {
    recto_buf_puts(out, "<bibl");
    xw_attr(out, "xml:id", id);
    xw_lang_attrs(w, &sc);
    recto_buf_putc(out, '>');
    xw_entry_text(out, w->doc, w->style, e);
    recto_buf_puts(out, "</bibl>");
    return;
  }
  recto_buf_puts(out, "<biblStruct");
  xw_attr(out, "xml:id", id);
  xw_lang_attrs(w, &sc);
  xw_attr(out, "type", e->type);
  recto_buf_putc(out, '>');
  const char *host = S_host_level(e);
  if (host) {
    recto_buf_puts(out, "<analytic>");
    S_people(out, e->author, "author");
    S_title(out, "a", e->title, 1);
    xw_element_attr(out, "idno", "type", "DOI", e->doi);
    recto_buf_puts(out, "</analytic><monogr>");
    S_title(out, host, e->container_title, 0);
  } else {
    recto_buf_puts(out, "<monogr>");
    S_people(out, e->author, "author");
    S_title(out, "m", e->title, 1);
    if (xw_set(e->container_title))
      S_title(out, "m", e->container_title, 0);
    xw_element_attr(out, "idno", "type", "DOI", e->doi);
  }
  if (!xw_set(e->title) && !xw_set(e->container_title))
    recto_buf_puts(out, "<title/>"); /* monogr wants a title */
  xw_element_attr(out, "idno", "type", "ISBN", e->isbn);
  xw_element_attr(out, "idno", "type", "ISSN", e->issn);
  S_people(out, e->editor, "editor");
  S_translators(out, e->translator);
  xw_element(out, "edition", e->edition);
  S_imprint(w, e);
  recto_buf_puts(out, "</monogr>");
  if (xw_set(e->collection_title)) {
    recto_buf_puts(out, "<series>");
    S_title(out, "s", e->collection_title, 0);
    recto_buf_puts(out, "</series>");
  }
  if (xw_set(e->url)) {
    recto_buf_puts(out, "<ptr");
    xw_attr(out, "target", e->url);
    recto_buf_puts(out, "/>");
  }
  xw_element_attr(out, "note", "type", "report-number", e->number);
  if (e->accessed.year[0] || xw_set(e->accessed.literal)) {
    recto_buf_puts(out, "<note type=\"accessed\">");
    tei_date(w, &e->accessed, "accessed");
    recto_buf_puts(out, "</note>");
  }
  xw_element(out, "note", e->note);
  /* The text as the document printed it; an entry read from a
     bibliography file holds that file's syntax instead, not kept. */
  if (!e->source)
    xw_element_attr(out, "note", "type", "raw_reference", e->raw);
  recto_buf_puts(out, "</biblStruct>");
}
