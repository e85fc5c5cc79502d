/* tei.c: the TEI P5 writer's descriptor, the teiHeader, and the split of
 * the text into front (title page, abstract), body and back
 * (bibliography and what follows it).
 *
 * The text is written first into a buffer of its own, because the
 * header declares what the text turned out to use: the calendars of its
 * dates, CSS for direction.
 *
 * Options: citation-style (style.h); citation-text=style writes every
 * citation in the style's words instead of the source's. */
#include <stdlib.h>
#include <string.h>

#include "langnames.h"
#include "tei.h"

static const char *S_meta_text(const recto_doc *doc, const char *key) {
  const char *s = recto_doc_meta_string(doc, key);
  return s && *s ? s : NULL;
}

/* "2021", "2021-06", "2021-06-01": usable as @when. */
static int S_is_iso_date(const char *s) {
  size_t n = strlen(s);
  if (n != 4 && n != 7 && n != 10)
    return 0;
  for (size_t k = 0; k < n; k++) {
    int dash = k == 4 || k == 7;
    if (dash ? s[k] != '-' : (s[k] < '0' || s[k] > '9'))
      return 0;
  }
  return 1;
}

/* <date when="2021-06-01">2021-06-01</date>, @when only when ISO. */
static void S_date_element(recto_buf *out, const char *elem,
                           const char *date) {
  recto_buf_printf(out, "<%s", elem);
  if (S_is_iso_date(date))
    xw_attr(out, "when", date);
  recto_buf_putc(out, '>');
  xw_text(out, date);
  xw_end_tag(out, elem);
}

static void S_person(recto_buf *out, const xw_person *p, const char *elem) {
  recto_buf_printf(out, "<%s>", elem);
  if (p->organisation) {
    xw_element(out, "orgName", p->name);
  } else if (p->family || p->given) {
    recto_buf_puts(out, "<persName>");
    xw_element(out, "forename", p->given);
    if (p->given && p->family)
      recto_buf_putc(out, ' ');
    xw_element(out, "surname", p->family);
    recto_buf_puts(out, "</persName>");
  } else {
    xw_element(out, "persName", p->name);
  }
  xw_element(out, "affiliation", p->affiliation);
  xw_element(out, "email", p->email);
  xw_end_tag(out, elem);
}

/* The people under key: as elem (author, editor), or, with resp, in a
   respStmt saying their role (a person's own role, a MARC code or a
   word, first: an author's or editor's role makes that element). */
static void S_people(recto_buf *out, const recto_doc *doc, const char *key,
                     const char *elem, const char *resp, int depth) {
  xw_person people[64];
  size_t n = xw_meta_people(doc, key, people, 64);
  for (size_t k = 0; k < n && k < 64; k++) {
    const xw_person *p = &people[k];
    const char *code = xw_marc_code(p->role);
    const char *as = !resp                            ? elem
                     : code && !strcmp(code, "aut")   ? "author"
                     : code && !strcmp(code, "edt")   ? "editor"
                                                      : NULL;
    xw_indent(out, depth);
    if (as) {
      S_person(out, p, as);
      continue;
    }
    recto_buf_puts(out, "<respStmt><resp>");
    xw_text(out, code ? xw_marc_word(code) : p->role ? p->role : resp);
    recto_buf_puts(out, "</resp>");
    S_person(out, p, "name");
    recto_buf_puts(out, "</respStmt>");
  }
}

static void S_title_stmt(tei_writer *w) {
  recto_buf *out = w->out;
  recto_doc *doc = w->doc;
  xw_indent(out, 3);
  recto_buf_puts(out, "<titleStmt>");
  const char *title = S_meta_text(doc, "title");
  xw_indent(out, 4);
  if (title) {
    recto_buf_puts(out, "<title type=\"main\">");
    xw_text(out, title);
    recto_buf_puts(out, "</title>");
  } else {
    /* titleStmt needs a title: the source's file name stands in */
    const char *file = xw_basename(recto_doc_source(doc, "file"));
    recto_buf_puts(out, "<title>");
    xw_text(out, file && *file ? file : "Untitled");
    recto_buf_puts(out, "</title>");
  }
  const char *subtitle = S_meta_text(doc, "subtitle");
  if (subtitle) {
    xw_indent(out, 4);
    recto_buf_puts(out, "<title type=\"sub\">");
    xw_text(out, subtitle);
    recto_buf_puts(out, "</title>");
  }
  S_people(out, doc, "author", "author", NULL, 4);
  S_people(out, doc, "editor", "editor", NULL, 4);
  S_people(out, doc, "translator", NULL, "translator", 4);
  S_people(out, doc, "illustrator", NULL, "illustrator", 4);
  S_people(out, doc, "creator", NULL, "author", 4);
  S_people(out, doc, "contributor", NULL, "contributor", 4);
  xw_indent(out, 3);
  recto_buf_puts(out, "</titleStmt>");
}

/* Who made the text available, its date, identifiers and licence.  A
   header with no publisher keeps its identifiers and rights all the
   same, under an authority (TEI wants an agency before them); with
   neither, it says the text is unpublished. */
static void S_publication_stmt(tei_writer *w) {
  recto_buf *out = w->out;
  recto_doc *doc = w->doc;
  const char *publisher = S_meta_text(doc, "publisher");
  const char *rights = S_meta_text(doc, "rights");
  xw_identifier ids[32];
  size_t nids = xw_meta_identifiers(doc, ids, 32);
  xw_indent(out, 3);
  recto_buf_puts(out, "<publicationStmt>");
  xw_indent(out, 4);
  if (!publisher && !rights && !nids) {
    recto_buf_puts(out, "<p>Unpublished conversion.</p>");
  } else {
    if (publisher) {
      xw_element(out, "publisher", publisher);
    } else {
      const char *authority = S_meta_text(doc, "authority");
      xw_element(out, "authority",
                 authority ? authority : "Unpublished conversion");
    }
    const char *date = S_meta_text(doc, "date");
    if (date) {
      xw_indent(out, 4);
      S_date_element(out, "date", date);
    }
    for (size_t k = 0; k < nids && k < 32; k++) {
      xw_indent(out, 4);
      recto_buf_puts(out, "<idno");
      if (ids[k].scheme) {
        char type[8];
        size_t j = 0;
        for (; ids[k].scheme[j] && j < sizeof type - 1; j++)
          type[j] = (char)(ids[k].scheme[j] - 'a' + 'A');
        type[j] = '\0';
        xw_attr(out, "type", type);
      } else {
        xw_attr(out, "type", ids[k].given_scheme);
      }
      recto_buf_putc(out, '>');
      xw_text(out, ids[k].text);
      recto_buf_puts(out, "</idno>");
    }
    if (rights) {
      xw_indent(out, 4);
      recto_buf_puts(out, "<availability><licence>");
      xw_text(out, rights);
      recto_buf_puts(out, "</licence></availability>");
    }
  }
  xw_indent(out, 3);
  recto_buf_puts(out, "</publicationStmt>");
}

/* Where the text came from: file name (never its directories), format
   and encoding. */
static void S_source_desc(tei_writer *w) {
  recto_buf *out = w->out;
  const char *file = xw_basename(recto_doc_source(w->doc, "file"));
  const char *format = recto_doc_source(w->doc, "format");
  const char *encoding = recto_doc_source(w->doc, "encoding");
  /* the metadata's description of the source, when it gives one */
  const char *source = S_meta_text(w->doc, "source");
  xw_indent(out, 3);
  recto_buf_puts(out, "<sourceDesc>");
  if (source) {
    xw_indent(out, 4);
    xw_element(out, "bibl", source);
  }
  if (!file && !format && !encoding) {
    if (!source) {
      xw_indent(out, 4);
      recto_buf_puts(out, "<p>Born digital.</p>");
    }
  } else {
    xw_indent(out, 4);
    recto_buf_puts(out, "<bibl type=\"source\">");
    if (file) {
      recto_buf_puts(out, "<idno type=\"filename\">");
      xw_text(out, file);
      recto_buf_puts(out, "</idno>");
    }
    if (format) {
      recto_buf_puts(out, "<note type=\"format\">");
      xw_text(out, format);
      recto_buf_puts(out, "</note>");
    }
    if (encoding) {
      recto_buf_puts(out, "<note type=\"encoding\">");
      xw_text(out, encoding);
      recto_buf_puts(out, "</note>");
    }
    recto_buf_puts(out, "</bibl>");
  }
  xw_indent(out, 3);
  recto_buf_puts(out, "</sourceDesc>");
}

/* The application, the structure-recovery steps that ran, and CSS as
   the language of @style. */
static void S_encoding_desc(tei_writer *w) {
  recto_buf *out = w->out;
  xw_indent(out, 2);
  recto_buf_puts(out, "<encodingDesc>");
  xw_indent(out, 3);
  recto_buf_puts(out, "<appInfo><application ident=\"recto\" version=\"" 
                      RECTO_VERSION_STRING "\"><label>recto</label>"
                      "</application></appInfo>");
  size_t steps = recto_doc_step_count(w->doc);
  if (steps) {
    xw_indent(out, 3);
    recto_buf_puts(out, "<editorialDecl>");
    for (size_t k = 0; k < steps; k++) {
      const char *name = NULL, *desc = NULL;
      recto_doc_step_at(w->doc, k, &name, &desc);
      xw_indent(out, 4);
      recto_buf_puts(out, "<interpretation");
      xw_attr(out, "n", name);
      recto_buf_puts(out, "><p>");
      xw_text(out, desc && *desc ? desc : name);
      recto_buf_puts(out, "</p></interpretation>");
    }
    xw_indent(out, 3);
    recto_buf_puts(out, "</editorialDecl>");
  }
  if (w->used_style) {
    xw_indent(out, 3);
    recto_buf_puts(out, "<styleDefDecl scheme=\"css\"/>");
  }
  xw_indent(out, 2);
  recto_buf_puts(out, "</encodingDesc>");
}

static void S_lang_usage(tei_writer *w) {
  recto_buf *out = w->out;
  recto_lang_share shares[64];
  size_t n = recto_doc_languages(w->doc, shares, 64);
  if (n > 64)
    n = 64;
  size_t total = 0;
  for (size_t k = 0; k < n; k++)
    total += shares[k].chars;
  if (!n || !total)
    return;
  xw_indent(out, 3);
  recto_buf_puts(out, "<langUsage>");
  for (size_t k = 0; k < n; k++) {
    xw_indent(out, 4);
    recto_buf_puts(out, "<language");
    xw_attr(out, "ident", shares[k].lang);
    xw_attr_int(out, "usage",
                (long)((shares[k].chars * 100 + total / 2) / total));
    recto_buf_putc(out, '>');
    xw_text(out, xw_lang_name(shares[k].lang));
    recto_buf_puts(out, "</language>");
  }
  xw_indent(out, 3);
  recto_buf_puts(out, "</langUsage>");
}

static void S_profile_desc(tei_writer *w) {
  recto_buf *out = w->out;
  recto_buf probe = RECTO_BUF_INIT; /* written only when not empty */
  recto_buf *saved = w->out;
  w->out = &probe;
  S_lang_usage(w);
  const char *keywords[256];
  size_t nk = xw_meta_strings(w->doc, "keywords", keywords, 256);
  if (nk) {
    xw_indent(&probe, 3);
    recto_buf_puts(&probe, "<textClass><keywords>");
    for (size_t k = 0; k < nk && k < 256; k++)
      xw_element(&probe, "term", keywords[k]);
    recto_buf_puts(&probe, "</keywords></textClass>");
  }
  tei_calendars *cals = w->own;
  if (cals->used) {
    static const char *const names[] = {
        NULL, "Solar Hijri (Persian) calendar",
        "Hijri (Islamic lunar) calendar, tabular reckoning"};
    xw_indent(&probe, 3);
    recto_buf_puts(&probe, "<calendarDesc>");
    for (int cal = 1; cal <= 2; cal++) {
      if (!(cals->used & (cal == 1 ? TEI_CAL_SOLAR_HIJRI : TEI_CAL_HIJRI)))
        continue;
      xw_indent(&probe, 4);
      recto_buf_puts(&probe, "<calendar");
      xw_attr(&probe, "xml:id", cals->ids[cal]);
      recto_buf_puts(&probe, "><p>");
      xw_text(&probe, names[cal]);
      recto_buf_puts(&probe, "</p></calendar>");
    }
    xw_indent(&probe, 3);
    recto_buf_puts(&probe, "</calendarDesc>");
  }
  w->out = saved;
  if (probe.len) {
    xw_indent(out, 2);
    recto_buf_puts(out, "<profileDesc>");
    recto_buf_put(out, probe.data, probe.len);
    xw_indent(out, 2);
    recto_buf_puts(out, "</profileDesc>");
  }
  recto_buf_free(&probe);
}

/* With option record-conversion: this conversion, dated by
   SOURCE_DATE_EPOCH. */
static void S_revision_desc(tei_writer *w) {
  char when[32];
  recto_buf what = RECTO_BUF_INIT;
  if (xw_conversion_record(w->doc, w->opts, when, &what)) {
    xw_indent(w->out, 2);
    recto_buf_puts(w->out, "<revisionDesc>");
    xw_indent(w->out, 3);
    recto_buf_printf(w->out, "<change when=\"%s\">", when);
    xw_text(w->out, what.data);
    recto_buf_puts(w->out, "</change>");
    xw_indent(w->out, 2);
    recto_buf_puts(w->out, "</revisionDesc>");
  }
  recto_buf_free(&what);
}

static void S_header(tei_writer *w) {
  recto_buf *out = w->out;
  xw_indent(out, 1);
  recto_buf_puts(out, "<teiHeader>");
  xw_indent(out, 2);
  recto_buf_puts(out, "<fileDesc>");
  S_title_stmt(w);
  S_publication_stmt(w);
  S_source_desc(w);
  xw_indent(out, 2);
  recto_buf_puts(out, "</fileDesc>");
  S_encoding_desc(w);
  S_profile_desc(w);
  S_revision_desc(w);
  xw_indent(out, 1);
  recto_buf_puts(out, "</teiHeader>");
}

static void S_front(tei_writer *w, const xw_scope *scope) {
  recto_buf *out = w->out;
  recto_doc *doc = w->doc;
  recto_meta *title = xw_meta_value(doc, "title");
  recto_meta *subtitle = xw_meta_value(doc, "subtitle");
  recto_meta *abstract = xw_meta_value(doc, "abstract");
  xw_person people[64];
  size_t nauthors = xw_meta_people(doc, "author", people, 64);
  const char *date = S_meta_text(doc, "date");
  if (!title && !abstract && !nauthors && !date)
    return;
  xw_indent(out, 2);
  recto_buf_puts(out, "<front>");
  if (title || nauthors || date) {
    xw_indent(out, 3);
    recto_buf_puts(out, "<titlePage>");
    if (title || subtitle) {
      xw_indent(out, 4);
      recto_buf_puts(out, "<docTitle>");
      if (title) {
        recto_buf_puts(out, "<titlePart type=\"main\">");
        xw_render_meta_inlines(w, title, scope);
        recto_buf_puts(out, "</titlePart>");
      }
      if (subtitle) {
        recto_buf_puts(out, "<titlePart type=\"sub\">");
        xw_render_meta_inlines(w, subtitle, scope);
        recto_buf_puts(out, "</titlePart>");
      }
      recto_buf_puts(out, "</docTitle>");
    }
    for (size_t k = 0; k < nauthors && k < 64; k++) {
      xw_indent(out, 4);
      recto_buf_puts(out, "<docAuthor>");
      xw_text(out, people[k].name ? people[k].name : NULL);
      if (!people[k].name) {
        xw_text(out, people[k].given);
        if (people[k].given && people[k].family)
          recto_buf_putc(out, ' ');
        xw_text(out, people[k].family);
      }
      recto_buf_puts(out, "</docAuthor>");
    }
    if (date) {
      xw_indent(out, 4);
      S_date_element(out, "docDate", date);
    }
    xw_indent(out, 3);
    recto_buf_puts(out, "</titlePage>");
  }
  if (abstract) {
    xw_indent(out, 3);
    recto_buf_puts(out, "<div type=\"abstract\">");
    if (recto_meta_kind_of(abstract) == RECTO_META_BLOCKS &&
        recto_meta_nodes(abstract)) {
      xw_render_children(w, recto_meta_nodes(abstract), NULL, NULL,
                         XW_BLOCK | XW_NEED_BLOCK, 4, scope);
    } else {
      xw_indent(out, 4);
      recto_buf_puts(out, "<p>");
      xw_render_meta_inlines(w, abstract, scope);
      recto_buf_puts(out, "</p>");
    }
    xw_indent(out, 3);
    recto_buf_puts(out, "</div>");
  }
  xw_indent(out, 2);
  recto_buf_puts(out, "</front>");
}

/* The first top-level node of the back: the bibliography (or its
   section) when only sections and page breaks follow it. */
static recto_node *S_back_start(const recto_node *root) {
  recto_node *start = NULL;
  for (recto_node *c = recto_node_first_child(root); c;
       c = recto_node_next(c)) {
    recto_node_type t = recto_node_type_of(c);
    int bib = (t == RECTO_NODE_BIBLIOGRAPHY) ||
              (t == RECTO_NODE_SECTION && xw_is_bib_section(c));
    if (bib && !start)
      start = c;
    else if (start && t != RECTO_NODE_SECTION && t != RECTO_NODE_PAGE_BREAK &&
             t != RECTO_NODE_BIBLIOGRAPHY)
      start = NULL; /* loose text after it: it stays in the body */
  }
  return start;
}

static const char *S_calendar_id(tei_writer *w, const char *want) {
  if (xw_ids_claim(&w->refs.ids, want))
    return want;
  return xw_ids_make(&w->refs.ids, w->doc, "cal-", want);
}

static recto_status S_write(recto_context *ctx, recto_doc *doc,
                            const recto_options *opts, recto_buf *out) {
  tei_writer w;
  xw_writer_init(&w, &tei_format, ctx, doc, opts, NULL);
  tei_calendars cals = {0, {NULL, NULL, NULL}};
  cals.ids[RECTO_CALENDAR_SOLAR_HIJRI] = S_calendar_id(&w, "solar-hijri");
  cals.ids[RECTO_CALENDAR_HIJRI] = S_calendar_id(&w, "hijri");
  w.own = &cals;

  xw_scope root_scope;
  xw_scope_root(doc, &root_scope);
  xw_scope header_scope = root_scope;

  /* The text first: the header reports what it used. */
  recto_buf text = RECTO_BUF_INIT;
  w.out = &text;
  xw_scope scope = root_scope;
  recto_buf_puts(&text, "\n  <text");
  if (scope.lang)
    xw_attr(&text, "xml:lang", scope.lang);
  scope.out_lang = scope.lang;
  xw_lang_attrs(&w, &scope);
  recto_buf_putc(&text, '>');
  S_front(&w, &scope);
  recto_node *root = recto_doc_root(doc);
  recto_node *back = S_back_start(root);
  xw_indent(&text, 2);
  recto_buf_puts(&text, "<body>");
  if (recto_options_get_bool(opts, "toc", 0)) { /* --toc: where it goes */
    xw_indent(&text, 3);
    recto_buf_puts(&text, "<divGen type=\"toc\"/>");
  }
  xw_render_children(&w, root, NULL, back,
                     XW_BLOCK | XW_DIVISION | XW_NEED_BLOCK, 3, &scope);
  xw_indent(&text, 2);
  recto_buf_puts(&text, "</body>");
  if (back) {
    xw_indent(&text, 2);
    recto_buf_puts(&text, "<back>");
    xw_render_children(&w, root, back, NULL, XW_BLOCK | XW_DIVISION | TEI_BACK,
                       3, &scope);
    xw_indent(&text, 2);
    recto_buf_puts(&text, "</back>");
  }
  recto_buf_puts(&text, "\n  </text>\n</TEI>\n");

  w.out = out;
  recto_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  recto_buf_puts(out, "<TEI xmlns=\"" TEI_NS "\"");
  xw_scope_attrs(out, &header_scope, XW_DIR_NONE);
  recto_buf_putc(out, '>');
  S_header(&w);
  recto_buf_put(out, text.data, text.len);
  recto_buf_free(&text);
  xw_writer_free(&w);
  return RECTO_OK;
}

static const char *const S_aliases[] = {"tei-p5", NULL};
static const char *const S_extensions[] = {"tei", "tei.xml", NULL};
static const char *const S_media[] = {"application/tei+xml", NULL};
static const char *const S_keys[] = {"toc", XW_OPT_CITATION_TEXT,
                                     XW_OPT_RECORD_CONVERSION, NULL};

static const recto_plugin S_writer = {
    RECTO_PLUGIN_HEADER,
    RECTO_PLUGIN_WRITER,
    RECTO_PLUGIN_WANTS_SECTIONS,
    "tei",
    S_aliases,
    S_extensions,
    S_media,
    "TEI P5 with a full header, notes, citations and bibliography",
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
