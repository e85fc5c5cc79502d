/* odt.c: the ODT reader.  content.xml is walked as a libxml2 tree, with
 * the styles of content.xml (automatic) and styles.xml (common, default)
 * resolved through their parents, and meta.xml for the metadata.
 *
 *   text:h, text:p            headings by outline level; direction from
 *                             the style's writing mode, language from its
 *                             text properties (complex-script language
 *                             for right-to-left paragraphs)
 *   text:span                 bold, italic, underline, strike, sub/super,
 *                             small caps, code fonts, language
 *   text:list                 lists, kinds and starts from list styles
 *   table:table               tables, header rows, row and column spans
 *   text:note                 footnotes and endnotes with their marks
 *   office:annotation         comments (annotations)
 *   text:bibliography-mark    citations with their entries; the
 *                             bibliography index becomes the bibliography
 *   Zotero reference marks    citations from their CSL JSON
 *   draw:frame/draw:image     images
 *   text:soft-page-break, fo:break-before/after=page
 *                             page breaks
 *
 * White space follows ODF: runs of spaces, tabs and newlines in the text
 * are one space; text:s, text:tab and text:line-break give the rest. */
#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "zipin.h"

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_FO "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
#define NS_XLINK "http://www.w3.org/1999/xlink"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_SVG "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"

typedef struct S_style {
  const char *name, *parent, *display, *family, *list_style;
  ox_format f;
  signed char code, rtl, break_before, break_after;
  int outline;
  const char *lang, *lang_complex;
  const xmlNode *list; /* text:list-style */
  int state;
} S_style;

typedef struct S_reader {
  recto_context *ctx;
  recto_doc *doc;
  ox_pkg *pkg;
  S_style *styles;
  size_t n_styles, cap_styles;
  S_style defaults_para, defaults_text;
  ox_cites *cites;
  recto_node *targets[64];
  size_t n_targets;
  int main, since_break, pages, space; /* space: the last text was one */
  int code; /* inside a span of a code font */
  recto_status status; /* a refusal met on the way (a hostile picture) */
  int bibliography_placed;
  size_t depth;
  int drop_comments;
} S_reader;

/* ---- styles ---- */

static S_style *S_find(S_reader *r, const char *name, const char *family) {
  if (!name)
    return NULL;
  for (size_t k = r->n_styles; k-- > 0;)
    if (strcmp(r->styles[k].name, name) == 0 &&
        (!family || !r->styles[k].family ||
         strcmp(r->styles[k].family, family) == 0))
      return &r->styles[k];
  return NULL;
}

static signed char S_flag(const char *v, const char *off) {
  if (!v)
    return -1;
  return strcmp(v, off) != 0;
}

static void S_props(S_style *st, const xmlNode *e) {
  const xmlNode *tp = ox_child(e, NS_STYLE, "text-properties");
  const xmlNode *pp = ox_child(e, NS_STYLE, "paragraph-properties");
  const char *v;
  if ((v = ox_attr(tp, NS_FO, "font-weight")))
    st->f.bold = strcmp(v, "bold") == 0 || atoi(v) >= 600;
  if ((v = ox_attr(tp, NS_FO, "font-style")))
    st->f.italic = strcmp(v, "italic") == 0 || strcmp(v, "oblique") == 0;
  st->f.underline = S_flag(ox_attr(tp, NS_STYLE, "text-underline-style"), "none");
  st->f.strike = S_flag(ox_attr(tp, NS_STYLE, "text-line-through-style"), "none");
  if ((v = ox_attr(tp, NS_FO, "font-variant")))
    st->f.smallcaps = strcmp(v, "small-caps") == 0;
  if ((v = ox_attr(tp, NS_STYLE, "text-position")))
    st->f.vert = strncmp(v, "super", 5) == 0  ? 1
               : strncmp(v, "sub", 3) == 0  ? 2
               : v[0] == '-'                ? 2
               : v[0] >= '1' && v[0] <= '9' ? 1
                                            : 0;
  if ((v = ox_attr(tp, NS_STYLE, "font-name")) &&
      (strstr(v, "Mono") || strstr(v, "Courier") || strstr(v, "Consolas")))
    st->code = 1;
  const char *lang = ox_attr(tp, NS_FO, "language");
  const char *country = ox_attr(tp, NS_FO, "country");
  const char *lc = ox_attr(tp, NS_STYLE, "language-complex");
  const char *cc = ox_attr(tp, NS_STYLE, "country-complex");
  st->lang = lang && strcmp(lang, "none") ? lang : st->lang;
  st->lang_complex = lc && strcmp(lc, "none") ? lc : st->lang_complex;
  /* "ar" and "EG" make "ar-EG" (kept in the name for the caller) */
  (void)country;
  (void)cc;
  if ((v = ox_attr(pp, NS_STYLE, "writing-mode")))
    st->rtl = strncmp(v, "rl", 2) == 0   ? 1
              : strncmp(v, "lr", 2) == 0 ? 0
                                         : -1;
  if ((v = ox_attr(pp, NS_FO, "break-before")))
    st->break_before = strcmp(v, "page") == 0;
  if ((v = ox_attr(pp, NS_FO, "break-after")))
    st->break_after = strcmp(v, "page") == 0;
}

/* language-country as one tag, from a text-properties element */
static const char *S_tag(recto_doc *doc, const xmlNode *tp, int complex) {
  const char *lang = ox_attr(tp, complex ? NS_STYLE : NS_FO,
                             complex ? "language-complex" : "language");
  const char *country = ox_attr(tp, complex ? NS_STYLE : NS_FO,
                                complex ? "country-complex" : "country");
  if (!lang || !strcmp(lang, "none") || !*lang)
    return NULL;
  if (!country || !strcmp(country, "none") || !*country)
    return lang;
  size_t n = strlen(lang) + strlen(country) + 2;
  char *tag = recto_alloc(doc, n);
  snprintf(tag, n, "%s-%s", lang, country);
  return tag;
}

static void S_read_styles(S_reader *r, const xmlNode *container) {
  for (const xmlNode *e = ox_first_elem(container); e; e = ox_next_elem(e)) {
    int is_default = ox_is(e, NS_STYLE, "default-style");
    int is_list = ox_is(e, NS_TEXT, "list-style");
    if (!is_default && !is_list && !ox_is(e, NS_STYLE, "style"))
      continue;
    S_style st;
    memset(&st, -1, sizeof st);
    st.name = ox_attr(e, NS_STYLE, "name");
    st.parent = ox_attr(e, NS_STYLE, "parent-style-name");
    st.display = ox_attr(e, NS_STYLE, "display-name");
    st.family = is_list ? "list" : ox_attr(e, NS_STYLE, "family");
    st.list_style = ox_attr(e, NS_STYLE, "list-style-name");
    st.list = is_list ? e : NULL;
    st.lang = st.lang_complex = NULL;
    st.state = 0;
    const char *lvl = ox_attr(e, NS_STYLE, "default-outline-level");
    st.outline = lvl ? ox_int(lvl, -1) : -1;
    S_props(&st, e);
    const xmlNode *tp = ox_child(e, NS_STYLE, "text-properties");
    st.lang = S_tag(r->doc, tp, 0);
    st.lang_complex = S_tag(r->doc, tp, 1);
    if (st.display && (strstr(st.display, "Preformatted") ||
                       strstr(st.display, "Source Text") ||
                       strstr(st.display, "Source Code")))
      st.code = 1;
    if (!st.display && st.name && (strstr(st.name, "Preformatted") ||
                                   strstr(st.name, "Source_20_Text")))
      st.code = 1;
    if (is_default) {
      S_style *d = st.family && !strcmp(st.family, "text") ? &r->defaults_text
                                                            : &r->defaults_para;
      if (!st.family || !strcmp(st.family, "paragraph"))
        *d = st;
      continue;
    }
    if (!st.name)
      continue;
    if (r->n_styles == r->cap_styles) {
      r->cap_styles = r->cap_styles ? 2 * r->cap_styles : 64;
      r->styles = realloc(r->styles, r->cap_styles * sizeof *r->styles);
    }
    r->styles[r->n_styles++] = st;
  }
}

static void S_inherit(S_style *st, const S_style *from) {
  signed char *mine[] = {&st->f.bold,      &st->f.italic, &st->f.underline,
                         &st->f.strike,    &st->f.smallcaps, &st->f.vert,
                         &st->code,        &st->rtl,      &st->break_before,
                         &st->break_after};
  const signed char *theirs[] = {
      &from->f.bold,   &from->f.italic, &from->f.underline, &from->f.strike,
      &from->f.smallcaps, &from->f.vert, &from->code,       &from->rtl,
      &from->break_before, &from->break_after};
  for (size_t k = 0; k < sizeof mine / sizeof *mine; k++)
    if (*mine[k] < 0)
      *mine[k] = *theirs[k];
  if (st->outline < 0)
    st->outline = from->outline;
  if (!st->lang)
    st->lang = from->lang;
  if (!st->lang_complex)
    st->lang_complex = from->lang_complex;
  if (!st->list_style)
    st->list_style = from->list_style;
}

static S_style *S_resolved(S_reader *r, const char *name,
                           const char *family) {
  S_style *st = S_find(r, name, family);
  if (!st || st->state)
    return st;
  st->state = 1;
  S_style *parent = S_resolved(r, st->parent, family);
  if (parent && parent != st)
    S_inherit(st, parent);
  st->state = 2;
  return st;
}

/* ---- targets ---- */

static recto_node *S_target(S_reader *r) {
  return r->n_targets ? r->targets[r->n_targets - 1] : NULL;
}

static void S_push(S_reader *r, recto_node *n) {
  recto_node *t = S_target(r);
  if (t)
    recto_node_append(t, n);
  if (r->n_targets < sizeof r->targets / sizeof *r->targets)
    r->targets[r->n_targets++] = n;
}

static void S_leaf(S_reader *r, recto_node *n) {
  recto_node *t = S_target(r);
  if (t)
    recto_node_append(t, n);
}

static void S_text(S_reader *r, const char *s, size_t len) {
  recto_node *t = S_target(r);
  if (!t)
    return;
  recto_buf b = RECTO_BUF_INIT;
  for (size_t k = 0; k < len; k++) {
    char c = s[k];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!r->space)
        recto_buf_putc(&b, ' ');
      r->space = 1;
    } else {
      recto_buf_putc(&b, c);
      r->space = 0;
    }
  }
  if (b.len) {
    ox_append_leaf(t, r->code ? RECTO_NODE_CODE : RECTO_NODE_TEXT, b.data,
                   b.len);
    r->since_break = 0;
  }
  recto_buf_free(&b);
}

static void S_page(S_reader *r, recto_node *blocks, int soft) {
  if (!r->main || (soft && r->since_break))
    return;
  recto_node *pb = ox_page_break(r->doc, &r->pages);
  recto_node *t = S_target(r);
  recto_node_append(t ? t : blocks, pb);
  r->since_break = 1;
}

/* ---- inline content ---- */

static void S_blocks(S_reader *r, const xmlNode *parent, recto_node *out);
static void S_block(S_reader *r, const xmlNode *c, recto_node *out);

static void S_sub_blocks(S_reader *r, const xmlNode *parent,
                         recto_node *out) {
  if (r->depth > 32)
    return;
  recto_node *saved[64];
  size_t n = r->n_targets;
  memcpy(saved, r->targets, n * sizeof *saved);
  int main = r->main, space = r->space;
  r->main = 0;
  r->n_targets = 0;
  r->depth++;
  S_blocks(r, parent, out);
  r->depth--;
  memcpy(r->targets, saved, n * sizeof *saved);
  r->n_targets = n;
  r->main = main;
  r->space = space;
}

static const struct {
  const char *odf, *csl;
} S_bib_types[] = {
    {"article", "article-journal"}, {"book", "book"},
    {"booklet", "pamphlet"},        {"conference", "paper-conference"},
    {"inproceedings", "paper-conference"},
    {"proceedings", "book"},        {"inbook", "chapter"},
    {"incollection", "chapter"},    {"journal", "periodical"},
    {"manual", "report"},           {"mastersthesis", "thesis"},
    {"phdthesis", "thesis"},        {"techreport", "report"},
    {"unpublished", "manuscript"},  {"www", "webpage"},
    {"email", "personal_communication"},
};

static recto_name *S_names(recto_doc *doc, const char *list) {
  recto_name *names = NULL;
  while (list && *list) {
    size_t n = strcspn(list, ";");
    recto_name *nm = ox_name_parse(doc, recto_strndup(doc, list, n));
    if (nm)
      recto_name_append(&names, nm);
    list += n + (list[n] != 0);
  }
  return names;
}

static void S_bibliography_mark(S_reader *r, const xmlNode *m) {
  recto_doc *d = r->doc;
#define A(name) recto_strdup(d, ox_attr(m, NS_TEXT, name))
  recto_bib_entry *e = recto_bib_entry_new(d);
  e->id = A("identifier");
  const char *type = A("bibliography-type");
  e->type = "document";
  for (size_t k = 0; type && k < sizeof S_bib_types / sizeof *S_bib_types; k++)
    if (!strcmp(type, S_bib_types[k].odf))
      e->type = S_bib_types[k].csl;
  e->author = S_names(d, A("author"));
  e->editor = S_names(d, A("editor"));
  e->title = A("title");
  e->container_title = A("journal");
  if (!e->container_title)
    e->container_title = A("booktitle");
  e->collection_title = A("series");
  e->publisher = A("publisher");
  if (!e->publisher)
    e->publisher = A("institution");
  if (!e->publisher)
    e->publisher = A("school");
  e->publisher_place = A("address");
  e->volume = A("volume");
  e->number = A("number");
  e->page = A("pages");
  e->edition = A("edition");
  e->url = A("url");
  e->isbn = A("isbn");
  e->note = A("note");
  const char *year = A("year");
  if (year)
    e->issued.year[0] = ox_int(year, 0);
  if (year && !e->issued.year[0])
    e->issued.literal = year;
  recto_node *cite = recto_node_new(d, RECTO_NODE_CITE);
  recto_node_set_pos(cite, ox_pos(m));
  recto_cite_item *item = recto_cite_add_item(cite);
  if (e->id || e->title)
    ox_cites_add(r->cites, e, item);
  S_push(r, cite);
#undef A
}

typedef struct S_mark {
  const char *name;
  recto_node *cite;
  size_t depth;
} S_mark;

static void S_inlines(S_reader *r, const xmlNode *parent);

static void S_span(S_reader *r, const xmlNode *span) {
  const S_style *st = S_resolved(r, ox_attr(span, NS_TEXT, "style-name"),
                                 "text");
  size_t depth = r->n_targets;
  if (st) {
    const char *lang = st->lang_complex && st->rtl > 0 ? st->lang_complex
                       : st->lang                      ? st->lang
                                                       : NULL;
    if (lang) {
      recto_node *s = recto_node_new(r->doc, RECTO_NODE_SPAN);
      recto_node_set_lang(s, lang);
      recto_node_set_dir(s, recto_lang_is_rtl(lang) ? RECTO_DIR_RTL
                                                    : RECTO_DIR_LTR);
      S_push(r, s);
    }
    recto_node_type kinds[6];
    size_t n = ox_format_kinds(&st->f, kinds);
    for (size_t k = 0; k < n; k++)
      S_push(r, recto_node_new(r->doc, kinds[k]));
  }
  int code = r->code;
  r->code |= st && st->code > 0;
  S_inlines(r, span);
  r->code = code;
  r->n_targets = depth;
}

static void S_note(S_reader *r, const xmlNode *n) {
  recto_node *note = recto_node_new(r->doc, RECTO_NODE_NOTE);
  recto_node_set_pos(note, ox_pos(n));
  const xmlNode *cit = ox_child(n, NS_TEXT, "note-citation");
  const char *label = ox_attr(cit, NS_TEXT, "label");
  recto_buf b = RECTO_BUF_INIT;
  if (!label && cit) {
    ox_text(cit, &b);
    label = b.data;
  }
  recto_node_set_marker(note, label && *label ? label : "*");
  recto_buf_free(&b);
  S_leaf(r, note);
  S_sub_blocks(r, ox_child(n, NS_TEXT, "note-body"), note);
}

static void S_annotation(S_reader *r, const xmlNode *a) {
  if (r->drop_comments)
    return;
  recto_buf author = RECTO_BUF_INIT, date = RECTO_BUF_INIT;
  ox_text(ox_child(a, NS_DC, "creator"), &author);
  ox_text(ox_child(a, NS_DC, "date"), &date);
  recto_node *c = ox_comment(r->doc, author.data, date.data);
  recto_buf_free(&author);
  recto_buf_free(&date);
  recto_node_set_pos(c, ox_pos(a));
  S_leaf(r, c);
  /* the comment's paragraphs, without its creator and date */
  recto_node *saved[64];
  size_t n = r->n_targets;
  memcpy(saved, r->targets, n * sizeof *saved);
  r->n_targets = 0;
  int main = r->main, space = r->space;
  r->main = 0;
  for (const xmlNode *p = ox_first_elem(a); p; p = ox_next_elem(p))
    if (!ox_is(p, NS_DC, "creator") && !ox_is(p, NS_DC, "date"))
      S_block(r, p, c);
  r->main = main;
  r->space = space;
  memcpy(r->targets, saved, n * sizeof *saved);
  r->n_targets = n;
}

/* An embedded formula object ("./Object 1"): its MathML as the text of a
   MATH node, without the annotations (StarMath source) */
static int S_formula(S_reader *r, const char *href) {
  if (!href)
    return 0;
  while (href[0] == '.' && href[1] == '/')
    href += 2;
  recto_buf name = RECTO_BUF_INIT;
  recto_buf_printf(&name, "%s/content.xml", href);
  recto_status st;
  xmlDoc *x = ox_pkg_xml(r->pkg, name.data, &st);
  recto_buf_free(&name);
  xmlNode *math = x ? xmlDocGetRootElement(x) : NULL;
  if (!math || strcmp((const char *)math->name, "math") != 0) {
    xmlFreeDoc(x);
    return 0;
  }
  recto_buf b = RECTO_BUF_INIT;
  const xmlNode *sem = ox_first_elem(math);
  if (sem && strcmp((const char *)sem->name, "semantics") == 0)
    sem = ox_first_elem(sem); /* the presentation, not the annotation */
  else
    sem = math;
  ox_text(sem, &b);
  if (b.len) {
    recto_node *m = recto_node_new(r->doc, RECTO_NODE_MATH);
    recto_node_set_text(m, b.data, b.len);
    S_leaf(r, m);
  }
  recto_buf_free(&b);
  xmlFreeDoc(x);
  return 1;
}

static void S_image(S_reader *r, const xmlNode *frame) {
  const xmlNode *im = ox_child(frame, NS_DRAW, "image");
  const char *href = im ? ox_attr(im, NS_XLINK, "href") : NULL;
  const xmlNode *obj = ox_child(frame, NS_DRAW, "object");
  if (obj && S_formula(r, ox_attr(obj, NS_XLINK, "href")))
    return;
  if (!href) {
    /* a text box (a captioned image, a sidebar): its paragraphs run on
       in the paragraph that anchors it */
    const xmlNode *box = ox_child(frame, NS_DRAW, "text-box");
    for (const xmlNode *p = ox_first_elem(box); p; p = ox_next_elem(p))
      if (ox_is(p, NS_TEXT, "p") || ox_is(p, NS_TEXT, "h")) {
        if (p != ox_first_elem(box))
          S_text(r, " ", 1);
        S_inlines(r, p);
      }
    return;
  }
  recto_node *img = recto_node_new(r->doc, RECTO_NODE_IMAGE);
  recto_node_set_pos(img, ox_pos(frame));
  recto_node_set_url(img, href);
  /* a picture inside the package ("Pictures/x.png"), not a link out */
  char *part = strchr(href, ':') ? NULL : zipin_resolve("content.xml", href);
  if (part && ox_pkg_carry(r->pkg, r->doc, part, href) != RECTO_OK)
    r->status = RECTO_ERR_INPUT;
  free(part);
  recto_buf b = RECTO_BUF_INIT;
  ox_text(ox_child(frame, NS_SVG, "desc"), &b);
  if (!b.len)
    ox_text(ox_child(im, NS_SVG, "desc"), &b);
  if (b.len)
    recto_node_append(img, recto_node_new_text(r->doc, b.data, b.len));
  recto_buf_clear(&b);
  ox_text(ox_child(frame, NS_SVG, "title"), &b);
  if (b.len)
    recto_node_set_title(img, b.data);
  recto_buf_free(&b);
  S_leaf(r, img);
  r->since_break = 0;
}

/* Zotero's reference marks: "ZOTERO_ITEM CSL_CITATION {json} RND..." */
static void S_reference_mark(S_reader *r, const xmlNode *m, S_mark *mark) {
  const char *name = ox_attr(m, NS_TEXT, "name");
  if (!name || mark->cite)
    return;
  const char *json = strstr(name, "CSL_CITATION");
  const char *open = json ? strchr(json, '{') : NULL;
  const char *close = open ? strrchr(open, '}') : NULL;
  if (!open || !close)
    return;
  recto_node *cite = recto_node_new(r->doc, RECTO_NODE_CITE);
  recto_pos pos = ox_pos(m);
  recto_node_set_pos(cite, pos);
  if (ox_cites_csl(r->cites, cite, open, (size_t)(close - open) + 1, &pos) ||
      !recto_cite_count(cite))
    return;
  mark->name = name;
  mark->cite = cite;
  mark->depth = r->n_targets;
  S_push(r, cite);
}

static void S_inlines(S_reader *r, const xmlNode *parent) {
  S_mark mark = {0};
  for (const xmlNode *c = parent->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      S_text(r, (const char *)c->content, strlen((const char *)c->content));
      continue;
    }
    if (c->type != XML_ELEMENT_NODE || !c->ns)
      continue;
    const char *ns = (const char *)c->ns->href;
    const char *name = (const char *)c->name;
    if (!strcmp(ns, NS_TEXT)) {
      if (!strcmp(name, "span")) {
        S_span(r, c);
      } else if (!strcmp(name, "s")) {
        int n = ox_int(ox_attr(c, NS_TEXT, "c"), 1);
        for (int k = 0; k < n && k < 1000; k++) {
          r->space = 0;
          S_text(r, " ", 1);
        }
        r->space = 0; /* text:s spaces never swallow what follows */
      } else if (!strcmp(name, "tab")) {
        r->space = 0;
        S_text(r, " ", 1);
        r->space = 0;
      } else if (!strcmp(name, "line-break")) {
        S_leaf(r, recto_node_new(r->doc, RECTO_NODE_LINE_BREAK));
        r->space = 1;
      } else if (!strcmp(name, "a")) {
        size_t depth = r->n_targets;
        recto_node *link = recto_node_new(r->doc, RECTO_NODE_LINK);
        const char *href = ox_attr(c, NS_XLINK, "href");
        recto_node_set_url(link, href ? href : "");
        recto_node_set_pos(link, ox_pos(c));
        S_push(r, link);
        S_inlines(r, c);
        r->n_targets = depth;
      } else if (!strcmp(name, "note")) {
        S_note(r, c);
      } else if (!strcmp(name, "bibliography-mark")) {
        size_t depth = r->n_targets;
        S_bibliography_mark(r, c);
        S_inlines(r, c);
        r->n_targets = depth;
      } else if (!strcmp(name, "soft-page-break")) {
        S_page(r, NULL, 1);
      } else if (!strcmp(name, "bookmark") ||
                 !strcmp(name, "bookmark-start")) {
        const char *id = ox_attr(c, NS_TEXT, "name");
        if (id && *id && !strchr(id, ' ') && !(*id >= '0' && *id <= '9')) {
          recto_node *span = recto_node_new(r->doc, RECTO_NODE_SPAN);
          recto_node_set_id(span, id);
          S_leaf(r, span);
        }
      } else if (!strcmp(name, "reference-mark-start")) {
        S_reference_mark(r, c, &mark);
      } else if (!strcmp(name, "reference-mark-end")) {
        const char *n = ox_attr(c, NS_TEXT, "name");
        if (mark.cite && n && !strcmp(n, mark.name)) {
          r->n_targets = mark.depth;
          mark.cite = NULL;
        }
      } else if (!strcmp(name, "page-number") ||
                 !strcmp(name, "page-count") ||
                 !strcmp(name, "tracked-changes")) {
        /* generated: not text */
      } else if (!strcmp(name, "meta") || !strcmp(name, "ruby") ||
                 !strcmp(name, "ruby-base") || !strcmp(name, "sequence") ||
                 !strcmp(name, "date") || !strcmp(name, "time") ||
                 !strcmp(name, "title") || !strcmp(name, "author-name") ||
                 !strcmp(name, "reference-ref") ||
                 !strcmp(name, "bookmark-ref") ||
                 !strcmp(name, "sequence-ref") ||
                 !strcmp(name, "note-ref") || !strcmp(name, "hidden-text") ||
                 !strcmp(name, "user-defined") ||
                 !strcmp(name, "chapter") || !strcmp(name, "subject") ||
                 !strcmp(name, "description") ||
                 !strcmp(name, "variable-get") ||
                 !strcmp(name, "user-field-get")) {
        S_inlines(r, c);
      }
    } else if (!strcmp(ns, NS_OFFICE) && !strcmp(name, "annotation")) {
      S_annotation(r, c);
    } else if (!strcmp(ns, NS_DRAW) && !strcmp(name, "frame")) {
      S_image(r, c);
    } else if (!strcmp(ns, NS_DRAW) && !strcmp(name, "a")) {
      S_inlines(r, c);
    }
  }
  if (mark.cite)
    r->n_targets = mark.depth;
}

/* ---- blocks ---- */

static void S_paragraph(S_reader *r, const xmlNode *p, recto_node *out,
                        int heading) {
  const S_style *st = S_resolved(r, ox_attr(p, NS_TEXT, "style-name"),
                                 "paragraph");
  S_style eff = st ? *st : r->defaults_para;
  if (st)
    S_inherit(&eff, &r->defaults_para);
  if (eff.break_before > 0)
    S_page(r, out, 0);
  int level = 0;
  if (heading) {
    level = ox_int(ox_attr(p, NS_TEXT, "outline-level"), eff.outline);
    if (level < 1)
      level = 1;
    if (level > 6)
      level = 6;
  }
  recto_node *block;
  if (eff.code > 0 && !heading) {
    recto_buf b = RECTO_BUF_INIT;
    ox_text(p, &b);
    recto_node *last = recto_node_last_child(out);
    if (last && recto_node_type_of(last) == RECTO_NODE_CODE_BLOCK) {
      recto_buf all = RECTO_BUF_INIT;
      recto_buf_put(&all, recto_node_text(last), recto_node_text_len(last));
      recto_buf_putc(&all, '\n');
      recto_buf_put(&all, b.data, b.len);
      recto_node_set_text(last, all.data, all.len);
      recto_buf_free(&all);
    } else {
      block = recto_node_new(r->doc, RECTO_NODE_CODE_BLOCK);
      recto_node_set_text(block, b.data ? b.data : "", b.len);
      recto_node_set_pos(block, ox_pos(p));
      recto_node_append(out, block);
    }
    recto_buf_free(&b);
    r->since_break = 0;
    return;
  }
  block = recto_node_new(r->doc, heading ? RECTO_NODE_HEADING
                                         : RECTO_NODE_PARAGRAPH);
  recto_node_set_pos(block, ox_pos(p));
  if (heading)
    recto_node_set_level(block, level);
  /* no writing mode: the page's, that is the document's */
  if (eff.rtl >= 0)
    recto_node_set_dir(block, eff.rtl ? RECTO_DIR_RTL : RECTO_DIR_LTR);
  const char *lang = eff.rtl > 0 && eff.lang_complex ? eff.lang_complex
                                                      : eff.lang;
  recto_node_set_lang(block, lang);
  recto_node_append(out, block);
  size_t depth = r->n_targets;
  r->targets[r->n_targets++] = block;
  r->space = 1; /* leading white space is not text */
  S_inlines(r, p);
  r->n_targets = depth;
  /* trailing white space neither */
  recto_node *last = recto_node_last_child(block);
  if (last && recto_node_type_of(last) == RECTO_NODE_TEXT) {
    size_t n = recto_node_text_len(last);
    if (n && recto_node_text(last)[n - 1] == ' ')
      recto_node_set_text(last, recto_node_text(last), n - 1);
  }
  if (eff.break_after > 0)
    S_page(r, out, 0);
}

static const S_style *S_list_style(S_reader *r, const char *name) {
  const S_style *st = S_find(r, name, "list");
  return st && st->list ? st : NULL;
}

static void S_list(S_reader *r, const xmlNode *l, recto_node *out,
                   const char *style, int level) {
  const char *own = ox_attr(l, NS_TEXT, "style-name");
  if (own)
    style = own;
  const S_style *ls = S_list_style(r, style);
  recto_node *list = recto_node_new(r->doc, RECTO_NODE_LIST);
  recto_node_set_pos(list, ox_pos(l));
  recto_list_set_kind(list, RECTO_LIST_BULLET);
  for (const xmlNode *lv = ls ? ox_first_elem(ls->list) : NULL; lv;
       lv = ox_next_elem(lv)) {
    if (ox_int(ox_attr(lv, NS_TEXT, "level"), 0) != level)
      continue;
    if (ox_is(lv, NS_TEXT, "list-level-style-number")) {
      const char *fmt = ox_attr(lv, NS_STYLE, "num-format");
      if (fmt && !*fmt)
        break; /* numbered with no number shown */
      recto_list_set_kind(list, RECTO_LIST_ORDERED);
      recto_list_set_start(list, ox_int(ox_attr(lv, NS_TEXT, "start-value"),
                                        1));
      recto_list_style s = RECTO_LIST_STYLE_DECIMAL;
      if (fmt && !strcmp(fmt, "a"))
        s = RECTO_LIST_STYLE_LOWER_ALPHA;
      else if (fmt && !strcmp(fmt, "A"))
        s = RECTO_LIST_STYLE_UPPER_ALPHA;
      else if (fmt && !strcmp(fmt, "i"))
        s = RECTO_LIST_STYLE_LOWER_ROMAN;
      else if (fmt && !strcmp(fmt, "I"))
        s = RECTO_LIST_STYLE_UPPER_ROMAN;
      else if (fmt && !strcmp(fmt, "\xD9\xA1"))
        s = RECTO_LIST_STYLE_ARABIC_INDIC;
      else if (fmt && !strcmp(fmt, "\xDB\xB1"))
        s = RECTO_LIST_STYLE_PERSIAN;
      recto_list_set_style(list, s);
      const char *suffix = ox_attr(lv, NS_STYLE, "num-suffix");
      const char *prefix = ox_attr(lv, NS_STYLE, "num-prefix");
      recto_list_set_delim(list, prefix && suffix && *prefix == '('
                                     ? RECTO_LIST_DELIM_TWO_PARENS
                                 : suffix && *suffix == ')'
                                     ? RECTO_LIST_DELIM_PAREN
                                 : suffix && *suffix == '.'
                                     ? RECTO_LIST_DELIM_PERIOD
                                     : RECTO_LIST_DELIM_DEFAULT);
    }
    break;
  }
  recto_node_append(out, list);
  for (const xmlNode *it = ox_first_elem(l); it; it = ox_next_elem(it)) {
    if (!ox_is(it, NS_TEXT, "list-item") && !ox_is(it, NS_TEXT, "list-header"))
      continue;
    recto_node *item = recto_node_new(r->doc, RECTO_NODE_ITEM);
    recto_node_append(list, item);
    const char *sv = ox_attr(it, NS_TEXT, "start-value");
    if (sv && !recto_node_prev(item))
      recto_list_set_start(list, ox_int(sv, 1));
    for (const xmlNode *c = ox_first_elem(it); c; c = ox_next_elem(c)) {
      if (ox_is(c, NS_TEXT, "list"))
        S_list(r, c, item, style, level + 1);
      else
        S_block(r, c, item);
    }
  }
  if (!recto_node_first_child(list))
    recto_node_unlink(list);
}

/* ---- tables ---- */

static void S_rows(S_reader *r, const xmlNode *parent, recto_node *table,
                   recto_node **group, int header, size_t *ncols) {
  for (const xmlNode *row = ox_first_elem(parent); row;
       row = ox_next_elem(row)) {
    if (ox_is(row, NS_TABLE, "table-header-rows")) {
      S_rows(r, row, table, group, 1, ncols);
      continue;
    }
    if (ox_is(row, NS_TABLE, "table-rows") ||
        ox_is(row, NS_TABLE, "table-row-group")) {
      S_rows(r, row, table, group, header, ncols);
      continue;
    }
    if (!ox_is(row, NS_TABLE, "table-row"))
      continue;
    recto_node_type gt = header ? RECTO_NODE_TABLE_HEAD : RECTO_NODE_TABLE_BODY;
    if (!*group || recto_node_type_of(*group) != gt) {
      *group = recto_node_new(r->doc, gt);
      recto_node_append(table, *group);
    }
    /* repeated rows: empty ones (spreadsheets repeat thousands) once */
    int repeat = ox_int(ox_attr(row, NS_TABLE, "number-rows-repeated"), 1);
    if (repeat < 1 || repeat > 100)
      repeat = 1;
    for (int k = 0; k < repeat; k++) {
      recto_node *tr = recto_node_new(r->doc, RECTO_NODE_ROW);
      recto_node_set_pos(tr, ox_pos(row));
      size_t width = 0;
      for (const xmlNode *c = ox_first_elem(row); c; c = ox_next_elem(c)) {
        if (ox_is(c, NS_TABLE, "covered-table-cell")) {
          width++;
          continue;
        }
        if (!ox_is(c, NS_TABLE, "table-cell"))
          continue;
        int cols = ox_int(ox_attr(c, NS_TABLE, "number-columns-spanned"), 1);
        int rows = ox_int(ox_attr(c, NS_TABLE, "number-rows-spanned"), 1);
        int rep = ox_int(ox_attr(c, NS_TABLE, "number-columns-repeated"), 1);
        if (cols < 1 || cols > 1000)
          cols = 1;
        if (rows < 1 || rows > 100000)
          rows = 1;
        if (rep < 1 || rep > 100 || ox_first_elem(c) == NULL)
          rep = 1;
        for (int j = 0; j < rep; j++) {
          recto_node *cell = recto_node_new(r->doc, RECTO_NODE_CELL);
          recto_node_set_pos(cell, ox_pos(c));
          recto_cell_set(cell, rows, cols, RECTO_ALIGN_DEFAULT);
          recto_node_append(tr, cell);
          S_sub_blocks(r, c, cell);
          width += (size_t)cols;
        }
      }
      if (width > *ncols)
        *ncols = width;
      if (recto_node_first_child(tr))
        recto_node_append(*group, tr);
    }
  }
}

static void S_table(S_reader *r, const xmlNode *t, recto_node *out) {
  recto_node *table = recto_node_new(r->doc, RECTO_NODE_TABLE);
  recto_node_set_pos(table, ox_pos(t));
  recto_node_append(out, table);
  recto_node *group = NULL;
  size_t ncols = 0;
  r->depth++;
  if (r->depth < 32)
    S_rows(r, t, table, &group, 0, &ncols);
  r->depth--;
  if (!group) {
    recto_node_unlink(table);
    return;
  }
  recto_table_set_columns(table, ncols);
}

/* ---- blocks ---- */

static void S_block(S_reader *r, const xmlNode *c, recto_node *out) {
  if (c->type != XML_ELEMENT_NODE || !c->ns)
    return;
  if (ox_is(c, NS_TEXT, "p")) {
    S_paragraph(r, c, out, 0);
  } else if (ox_is(c, NS_TEXT, "h")) {
    S_paragraph(r, c, out, 1);
  } else if (ox_is(c, NS_TEXT, "list")) {
    S_list(r, c, out, NULL, 1);
  } else if (ox_is(c, NS_TABLE, "table")) {
    S_table(r, c, out);
  } else if (ox_is(c, NS_TEXT, "soft-page-break")) {
    S_page(r, out, 1);
  } else if (ox_is(c, NS_TEXT, "bibliography") ||
             (ox_is(c, NS_TEXT, "section") && ox_attr(c, NS_TEXT, "name") &&
              !strncmp(ox_attr(c, NS_TEXT, "name"), "ZOTERO_BIBL", 11))) {
    /* the index LibreOffice generated from the marks, or Zotero's
       bibliography section: the entries take its place when the
       citations gave any, else its text stays */
    if (!r->bibliography_placed && ox_cites_entries(r->cites)) {
      recto_node *bib = recto_node_new(r->doc, RECTO_NODE_BIBLIOGRAPHY);
      recto_node_set_pos(bib, ox_pos(c));
      recto_node_append(out, bib);
      r->bibliography_placed = 1;
    } else {
      const xmlNode *body = ox_child(c, NS_TEXT, "index-body");
      S_blocks(r, body ? body : c, out);
    }
  } else if (ox_is(c, NS_TEXT, "table-of-content") ||
             ox_is(c, NS_TEXT, "alphabetical-index") ||
             ox_is(c, NS_TEXT, "tracked-changes") ||
             ox_is(c, NS_TEXT, "sequence-decls") ||
             ox_is(c, NS_TEXT, "variable-decls") ||
             ox_is(c, NS_TEXT, "user-field-decls")) {
    /* generated, or declarations: not text */
  } else if (ox_is(c, NS_TEXT, "section") ||
             ox_is(c, NS_TEXT, "index-body") ||
             ox_is(c, NS_TEXT, "illustration-index") ||
             ox_is(c, NS_TEXT, "table-index") ||
             ox_is(c, NS_TEXT, "object-index") ||
             ox_is(c, NS_TEXT, "user-index") || ox_is(c, NS_TEXT, "index-title")) {
    S_blocks(r, c, out);
  } else if (ox_is(c, NS_DRAW, "frame")) {
    recto_node *p = recto_node_new(r->doc, RECTO_NODE_PARAGRAPH);
    recto_node_append(out, p);
    size_t depth = r->n_targets;
    r->targets[r->n_targets++] = p;
    S_image(r, c);
    r->n_targets = depth;
  }
}

static void S_blocks(S_reader *r, const xmlNode *parent, recto_node *out) {
  for (const xmlNode *c = ox_first_elem(parent); c; c = ox_next_elem(c))
    S_block(r, c, out);
}

recto_status odt_read(recto_context *ctx, const recto_input *input,
                      const recto_options *opts, recto_doc **out) {
  *out = NULL;
  recto_status st;
  S_reader r;
  memset(&r, 0, sizeof r);
  r.ctx = ctx;
  const char *comments = recto_options_get(opts, "docx.comments");
  r.drop_comments = comments && !strcmp(comments, "drop");
  r.pkg = ox_pkg_open(ctx, input, &st);
  if (!r.pkg)
    return st;
  r.doc = recto_doc_new();
  memset(&r.defaults_para, -1, sizeof r.defaults_para);
  r.defaults_para.name = r.defaults_para.parent = NULL;
  r.defaults_para.display = r.defaults_para.family = NULL;
  r.defaults_para.list_style = NULL;
  r.defaults_para.lang = r.defaults_para.lang_complex = NULL;
  r.defaults_para.list = NULL;
  r.defaults_text = r.defaults_para;
  xmlDoc *content = ox_pkg_xml(r.pkg, "content.xml", &st);
  xmlDoc *styles = NULL, *meta = NULL;
  if (!content) {
    if (st == RECTO_OK) {
      recto_diag_emit(ctx, RECTO_DIAG_ERROR, "odt.container", NULL,
                      "no content.xml: not an OpenDocument package");
      st = RECTO_ERR_INPUT;
    }
    goto done;
  }
  styles = ox_pkg_xml(r.pkg, "styles.xml", &st);
  if (!styles && st != RECTO_OK)
    goto done;
  meta = ox_pkg_xml(r.pkg, "meta.xml", &st);
  if (!meta && st != RECTO_OK)
    goto done;
  xmlNode *sroot = styles ? xmlDocGetRootElement(styles) : NULL;
  xmlNode *croot = xmlDocGetRootElement(content);
  /* common styles first: automatic ones of the content are looked up
     from the end, so they win over a common style of the same name */
  S_read_styles(&r, ox_child(sroot, NS_OFFICE, "styles"));
  S_read_styles(&r, ox_child(sroot, NS_OFFICE, "automatic-styles"));
  S_read_styles(&r, ox_child(croot, NS_OFFICE, "automatic-styles"));
  ox_meta_part(r.doc, ox_child(meta ? xmlDocGetRootElement(meta) : NULL,
                               NS_OFFICE, "meta"));
  r.cites = ox_cites_new(ctx, r.doc);
  r.main = 1;
  r.since_break = 1;
  xmlNode *body = ox_child(ox_child(croot, NS_OFFICE, "body"), NS_OFFICE,
                           "text");
  S_blocks(&r, body, recto_doc_root(r.doc));
  ox_finish(ctx, r.doc, r.cites, r.defaults_para.lang,
            r.defaults_para.lang_complex);
  st = r.status;
done:
  xmlFreeDoc(content);
  xmlFreeDoc(styles);
  xmlFreeDoc(meta);
  free(r.styles);
  ox_pkg_close(r.pkg);
  if (st != RECTO_OK) {
    recto_doc_free(r.doc);
    return st;
  }
  *out = r.doc;
  return RECTO_OK;
}
