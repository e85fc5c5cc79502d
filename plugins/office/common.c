/* common.c: what the DOCX and ODT readers map the same way: text,
   page breaks, metadata, heading style names, comments, and the tidying
   of direction and language once the whole document is read. */
#include <stdlib.h>
#include <string.h>

#include "office.h"

/* Past this many bytes a TEXT node is not grown further: each growth
   copies it, and a paragraph of many thousand runs must stay linear. */
#define OX_MERGE_MAX 4096

void ox_append_leaf(recto_node *parent, recto_node_type kind, const char *s,
                    size_t len) {
  if (!len)
    return;
  recto_node *last = recto_node_last_child(parent);
  if (last && recto_node_type_of(last) == kind &&
      recto_node_text_len(last) + len <= OX_MERGE_MAX) {
    /* runs split words at every change of revision id or spelling mark:
       one node per stretch keeps the tree small */
    size_t old = recto_node_text_len(last);
    char *joined = recto_alloc(recto_node_doc(parent), old + len + 1);
    memcpy(joined, recto_node_text(last), old);
    memcpy(joined + old, s, len);
    recto_node_set_text(last, joined, old + len);
    return;
  }
  recto_node *n = recto_node_new(recto_node_doc(parent), kind);
  recto_node_set_text(n, s, len);
  recto_node_append(parent, n);
}

size_t ox_format_kinds(const ox_format *f, recto_node_type kinds[6]) {
  size_t n = 0;
  if (f->bold > 0)
    kinds[n++] = RECTO_NODE_STRONG;
  if (f->italic > 0)
    kinds[n++] = RECTO_NODE_EMPH;
  if (f->underline > 0)
    kinds[n++] = RECTO_NODE_UNDERLINE;
  if (f->strike > 0)
    kinds[n++] = RECTO_NODE_STRIKEOUT;
  if (f->vert == 1 || f->vert == 2)
    kinds[n++] = f->vert == 1 ? RECTO_NODE_SUPERSCRIPT : RECTO_NODE_SUBSCRIPT;
  if (f->smallcaps > 0)
    kinds[n++] = RECTO_NODE_SMALLCAPS;
  return n;
}

recto_node *ox_page_break(recto_doc *doc, int *pages) {
  recto_node *pb = recto_node_new(doc, RECTO_NODE_PAGE_BREAK);
  char label[16];
  snprintf(label, sizeof label, "%d", ++*pages + 1);
  recto_page_set(pb, label, RECTO_PAGE_SOURCE_EXPLICIT, NULL, NULL);
  return pb;
}

/* value without surrounding white space, in doc's arena; NULL if empty */
static const char *S_trim(recto_doc *doc, const char *s) {
  if (!s)
    return NULL;
  while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
    s++;
  size_t n = strlen(s);
  while (n && strchr(" \t\r\n", s[n - 1]))
    n--;
  return n ? recto_strndup(doc, s, n) : NULL;
}

void ox_meta_string(recto_doc *doc, const char *key, const char *value) {
  const char *v = S_trim(doc, value);
  if (!v)
    return;
  recto_doc_meta_set_string(doc, key, v);
  if (strcmp(key, "lang") == 0)
    recto_doc_set_lang(doc, v);
}

static void S_author(recto_doc *doc, const char *name) {
  const char *v = S_trim(doc, name);
  if (!v)
    return;
  recto_meta *meta = recto_doc_meta(doc);
  recto_meta *list = recto_meta_get(meta, "author");
  if (!list || recto_meta_kind_of(list) != RECTO_META_LIST) {
    list = recto_meta_new_list(doc);
    recto_meta_set(meta, "author", list);
  }
  recto_meta_append(list, recto_meta_new_string(doc, v));
}

static void S_keywords(recto_doc *doc, const char *text) {
  recto_meta *list = recto_meta_get(recto_doc_meta(doc), "keywords");
  while (text && *text) {
    size_t n = strcspn(text, ",;");
    const char *word = S_trim(doc, recto_strndup(doc, text, n));
    if (word) {
      if (!list) {
        list = recto_meta_new_list(doc);
        recto_meta_set(recto_doc_meta(doc), "keywords", list);
      }
      recto_meta_append(list, recto_meta_new_string(doc, word));
    }
    text += n + (text[n] != 0);
  }
}

#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS "http://purl.org/dc/terms/"
#define NS_CP \
  "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
#define NS_ODF_META "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"

/* Elements of the two metadata parts and the keys they fill. */
static const struct {
  const char *ns, *local, *key;
} S_meta_keys[] = {
    {NS_DC, "title", "title"},
    {NS_DC, "creator", "author"},
    {NS_ODF_META, "initial-creator", "author"},
    {NS_DC, "language", "lang"},
    {NS_DC, "subject", "subject"},
    {NS_DC, "description", "abstract"},
    {NS_CP, "keywords", "keywords"},
    {NS_ODF_META, "keyword", "keywords"},
    {NS_DCTERMS, "created", "date"},
    {NS_ODF_META, "creation-date", "date"},
};

void ox_meta_part(recto_doc *doc, const xmlNode *container) {
  /* the last editor (dc:creator in ODF) is not the author when the
     initial creator is named */
  int initial = 0;
  for (const xmlNode *e = ox_first_elem(container); e; e = ox_next_elem(e))
    initial |= ox_is(e, NS_ODF_META, "initial-creator");
  for (const xmlNode *e = ox_first_elem(container); e; e = ox_next_elem(e)) {
    size_t k = 0;
    while (k < sizeof S_meta_keys / sizeof *S_meta_keys &&
           !ox_is(e, S_meta_keys[k].ns, S_meta_keys[k].local))
      k++;
    if (k == sizeof S_meta_keys / sizeof *S_meta_keys ||
        (initial && ox_is(e, NS_DC, "creator")))
      continue;
    recto_buf b = RECTO_BUF_INIT;
    ox_text(e, &b);
    const char *key = S_meta_keys[k].key;
    if (!strcmp(key, "author"))
      S_author(doc, b.data);
    else if (!strcmp(key, "keywords"))
      S_keywords(doc, b.data);
    else if (!strcmp(key, "date"))
      ox_meta_string(doc, key, b.len >= 10 ? recto_strndup(doc, b.data, 10)
                                           : NULL);
    else
      ox_meta_string(doc, key, b.data);
    recto_buf_free(&b);
  }
}

/* ---- after reading ---- */

static recto_node **S_blocks(recto_doc *doc, size_t *count) {
  size_t n = 0, cap = 256;
  recto_node **all = malloc(cap * sizeof *all);
  recto_iter *it = recto_iter_new(recto_doc_root(doc));
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    if (ev != RECTO_EVENT_ENTER)
      continue;
    if (n == cap)
      all = realloc(all, (cap *= 2) * sizeof *all);
    all[n++] = recto_iter_node(it);
  }
  recto_iter_free(it);
  *count = n;
  return all;
}

static int S_has_letters(const recto_node *n) {
  for (const char *s = recto_node_plain_text(n); *s; s++)
    if ((unsigned char)*s >= 0x80 || ((*s | 32) >= 'a' && (*s | 32) <= 'z'))
      return 1;
  return 0;
}

static void S_doc_direction(recto_doc *doc) {
  size_t rtl = 0, ltr = 0;
  for (recto_node *n = recto_node_first_child(recto_doc_root(doc)); n;
       n = recto_node_next(n)) {
    recto_node_type t = recto_node_type_of(n);
    if ((t != RECTO_NODE_PARAGRAPH && t != RECTO_NODE_HEADING) ||
        !S_has_letters(n))
      continue;
    if (recto_node_dir(n) == RECTO_DIR_RTL)
      rtl++;
    else if (recto_node_dir(n) == RECTO_DIR_LTR)
      ltr++;
  }
  if (rtl > ltr)
    recto_doc_set_dir(doc, RECTO_DIR_RTL);
  else if (ltr || !recto_doc_dir(doc))
    recto_doc_set_dir(doc, RECTO_DIR_LTR);
}

static void S_tidy(recto_doc *doc) {
  size_t count;
  recto_node **all = S_blocks(doc, &count);
  /* children before parents: a paragraph emptied of page breaks is
     seen after them */
  for (size_t k = count; k-- > 0;) {
    recto_node *n = all[k];
    recto_node_type t = recto_node_type_of(n);
    recto_node *parent = recto_node_parent(n);
    if (t == RECTO_NODE_PARAGRAPH && parent) {
      int only_breaks = 1;
      for (recto_node *c = recto_node_first_child(n); c && only_breaks;
           c = recto_node_next(c))
        only_breaks = recto_node_type_of(c) == RECTO_NODE_PAGE_BREAK;
      if (only_breaks && recto_node_can_contain(parent,
                                                RECTO_NODE_PAGE_BREAK)) {
        recto_node *c;
        while ((c = recto_node_first_child(n))) {
          recto_node_unlink(c);
          recto_node_insert_before(n, c);
        }
        if (recto_node_type_of(parent) != RECTO_NODE_CELL ||
            recto_node_first_child(parent) != n || recto_node_next(n))
          recto_node_unlink(n);
      }
    }
  }
  /* parents before children: what a node repeats of its parent goes */
  for (size_t k = 0; k < count; k++) {
    recto_node *n = all[k];
    recto_node *parent = recto_node_parent(n);
    if (!parent)
      continue;
    if (recto_node_dir(n) &&
        recto_node_dir(n) == recto_node_effective_dir(parent))
      recto_node_set_dir(n, RECTO_DIR_UNSET);
    const char *lang = recto_node_lang(n);
    const char *inherited = recto_node_effective_lang(parent);
    if (lang && inherited && strcmp(lang, inherited) == 0)
      recto_node_set_lang(n, NULL);
    /* a span that says nothing more is only its children */
    if (recto_node_type_of(n) == RECTO_NODE_SPAN && !recto_node_dir(n) &&
        !recto_node_lang(n) && !*recto_node_classes(n) && !recto_node_id(n) &&
        !recto_node_attr_count(n)) {
      recto_node *c;
      while ((c = recto_node_first_child(n))) {
        recto_node_unlink(c);
        recto_node_insert_before(n, c);
      }
      recto_node_unlink(n);
    }
  }
  free(all);
}

/* ---- headings by style name ---- */

/* Words that name a heading style in the languages word processors are
   localised into; followed by the level. */
static const char *const S_heading_words[] = {
    "heading",  "überschrift", "Überschrift", "titre",   "título",
    "titulo",   "titolo",      "kop",         "rubrik",  "otsikko",
    "nagłówek", "заголовок",   "Заголовок",   "başlık",  "عنوان",
    "سرفصل",    "تیتر",        "כותרת",       "見出し",  "标题",
};

int ox_heading_from_name(const char *name) {
  if (!name)
    return 0;
  for (size_t k = 0; k < sizeof S_heading_words / sizeof *S_heading_words;
       k++) {
    const char *w = S_heading_words[k];
    size_t n = strlen(w);
    if (strncasecmp(name, w, n) != 0)
      continue;
    const char *s = name + n;
    while (*s == ' ' || *s == '_' || *s == '-')
      s++;
    uint32_t cp;
    int used = *s ? recto_utf8_decode(s, strlen(s), &cp) : 0;
    if (used <= 0 || recto_digit_value(cp) < 1 || s[used])
      return 0;
    int level = recto_digit_value(cp);
    return level > 6 ? 6 : level;
  }
  return 0;
}

recto_node *ox_comment(recto_doc *doc, const char *author, const char *date) {
  recto_node *a = recto_node_new(doc, RECTO_NODE_ANNOTATION);
  recto_node_add_class(a, "comment");
  if (author && *author)
    recto_node_set_attr(a, "author", author);
  if (date && *date)
    recto_node_set_attr(a, "date", date);
  return a;
}

void ox_finish(recto_context *ctx, recto_doc *doc, ox_cites *c,
               const char *lang, const char *bidi_lang) {
  ox_cites_finish(c);
  recto_doc_resolve_citations(ctx, doc);
  S_doc_direction(doc);
  if (!recto_doc_lang(doc)) {
    const char *l = recto_doc_dir(doc) == RECTO_DIR_RTL && bidi_lang
                        ? bidi_lang
                        : lang;
    ox_meta_string(doc, "lang", l);
  }
  S_tidy(doc);
}
