/* publish.c: what a publisher adds to a book: a cover, style sheets,
   fonts (files named on the command line, or a cover the metadata
   names), and the package metadata of identifiers with their schemes,
   creators and contributors with their roles, and a series.

   Options (lists one file a line):
     epub-cover-image=FILE   a cover (also metadata cover-image, a
                             resource of the document)
     css=FILE...             style sheets replacing the default one
     epub-embed-font=FILE... fonts packed into the book */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "epub.h"
#include "metainfo.h"

/* ---- files ---- */

/* Files named on the command line are the user's, not the document's:
   the resource policy's directories do not bind them, its size does. */
static recto_options *S_user_files(const recto_options *opts) {
  recto_options *o = recto_options_new();
  const char *max = recto_options_get(opts, RECTO_OPT_MAX_RESOURCE_SIZE);
  if (max)
    recto_options_set(o, RECTO_OPT_MAX_RESOURCE_SIZE, max);
  recto_options_set(o, RECTO_OPT_SANDBOX, "false");
  return o;
}

static epub_image *S_asset(epub_writer *w, const char *href,
                           const char *media_type, recto_buf *data) {
  epub_image *a = recto_alloc(w->doc, sizeof *a);
  a->href = recto_strdup(w->doc, href);
  a->media_type = media_type;
  a->data = (unsigned char *)recto_buf_detach(data, &a->len);
  return a;
}

/* A font by its first bytes. */
static const char *S_font_type(const unsigned char *d, size_t len) {
  static const struct {
    const char magic[5];
    const char *type;
  } fonts[] = {{"\0\1\0\0", "font/ttf"}, {"true", "font/ttf"},
               {"OTTO", "font/otf"},     {"wOFF", "font/woff"},
               {"wOF2", "font/woff2"}};
  for (size_t k = 0; len >= 4 && k < sizeof fonts / sizeof *fonts; k++)
    if (!memcmp(d, fonts[k].magic, 4))
      return fonts[k].type;
  return NULL;
}

/* The last part of a path, made a safe file name in the book. */
static void S_base_name(recto_buf *out, const char *path) {
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  for (const char *p = base; *p; p++)
    recto_buf_putc(out, (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                                (*p >= '0' && *p <= '9') || *p == '-' ||
                                (*p == '.' && p != base)
                            ? *p
                            : '_');
}

/* Each line of an option's value. */
typedef recto_status (*S_each_fn)(epub_writer *w, const recto_options *files,
                                  const char *path);

static recto_status S_each(epub_writer *w, const recto_options *files,
                           const char *key, S_each_fn fn) {
  const char *v = recto_options_get(w->opts, key);
  recto_status st = RECTO_OK;
  while (v && *v && st == RECTO_OK) {
    size_t n = strcspn(v, "\n");
    char *path = recto_strndup(w->doc, v, n);
    if (*path)
      st = fn(w, files, path);
    v += n + (v[n] == '\n');
  }
  return st;
}

static recto_status S_refused(epub_writer *w, const char *what,
                              const char *path) {
  recto_diag_emit(w->ctx, RECTO_DIAG_ERROR, "epub.file", NULL,
                  "%s %s cannot be used", what, path);
  return RECTO_ERR_IO;
}

static recto_status S_add_style(epub_writer *w, const recto_options *files,
                                const char *path) {
  recto_buf data = RECTO_BUF_INIT, href = RECTO_BUF_INIT;
  if (recto_resource_read(w->ctx, files, "-", path, NULL, &data) != RECTO_OK) {
    recto_buf_free(&data);
    return S_refused(w, "--css", path);
  }
  recto_buf_printf(&href, "styles/s%zu-", w->styles.len + 1);
  S_base_name(&href, path);
  epub_vec_push(&w->styles, S_asset(w, href.data, "text/css", &data));
  recto_buf_free(&href);
  return RECTO_OK;
}

static recto_status S_add_font(epub_writer *w, const recto_options *files,
                               const char *path) {
  recto_buf data = RECTO_BUF_INIT, href = RECTO_BUF_INIT;
  const char *type = NULL;
  if (recto_resource_read(w->ctx, files, "-", path, NULL, &data) == RECTO_OK)
    type = S_font_type((const unsigned char *)data.data, data.len);
  if (!type) {
    recto_buf_free(&data);
    return S_refused(w, "--epub-embed-font (TrueType, OpenType, WOFF)", path);
  }
  recto_buf_printf(&href, "fonts/f%zu-", w->fonts.len + 1);
  S_base_name(&href, path);
  epub_vec_push(&w->fonts, S_asset(w, href.data, type, &data));
  recto_buf_free(&href);
  return RECTO_OK;
}

/* The cover: the option's file (an error when it is no image), else the
   metadata's (a resource of the document: refused, one warning). */
static recto_status S_cover(epub_writer *w, const recto_options *files) {
  const char *path = recto_options_get(w->opts, "epub-cover-image");
  const recto_options *policy = files;
  const char *base = "-";
  if (!path || !*path) {
    path = recto_doc_meta_string(w->doc, "cover-image");
    policy = w->opts;
    base = recto_doc_source(w->doc, "file");
    if (!path || !*path)
      return RECTO_OK;
  }
  recto_buf data = RECTO_BUF_INIT;
  const char *type = NULL, *ext = NULL;
  recto_status st = recto_resource_read_image(w->ctx, policy, base, path,
                                              NULL, &data, &type, &ext);
  if (st != RECTO_OK) {
    recto_buf_free(&data);
    return policy == files ? S_refused(w, "--epub-cover-image", path)
                           : RECTO_OK;
  }
  char href[32];
  snprintf(href, sizeof href, "images/cover.%s", ext);
  w->cover = S_asset(w, href, type, &data);
  w->has_images = 1;
  return RECTO_OK;
}

recto_status epub_publisher_files(epub_writer *w) {
  recto_options *files = S_user_files(w->opts);
  recto_status st = S_cover(w, files);
  if (st == RECTO_OK)
    st = S_each(w, files, "css", S_add_style);
  if (st == RECTO_OK)
    st = S_each(w, files, "epub-embed-font", S_add_font);
  recto_options_free(files);
  return st;
}

void epub_publisher_files_free(epub_writer *w) {
  epub_vec *lists[] = {&w->styles, &w->fonts};
  for (size_t k = 0; k < 2; k++) {
    for (size_t j = 0; j < lists[k]->len; j++)
      free(((epub_image *)lists[k]->items[j])->data);
    epub_vec_free(lists[k]);
  }
  if (w->cover)
    free(w->cover->data);
  w->cover = NULL;
}

void epub_write_cover_page(epub_writer *w, recto_buf *out) {
  const char *word = epub_word_for(w->lang, EPUB_W_COVER);
  epub_file_head(w, out, word, "../");
  recto_buf_puts(out, "<section epub:type=\"cover\" class=\"cover\">\n"
                      "<img role=\"doc-cover\" src=\"../");
  recto_buf_puts(out, w->cover->href);
  recto_buf_puts(out, "\" alt=\"");
  const char *alt = recto_doc_meta_string(w->doc, "cover-image-alt");
  if (alt && *alt) {
    recto_buf_put_xml(out, alt, strlen(alt));
  } else {
    recto_buf_put_xml(out, word, strlen(word));
    recto_buf_puts(out, ": ");
    recto_buf_put_xml(out, w->title, strlen(w->title));
  }
  recto_buf_puts(out, "\"/>\n</section>");
  epub_file_tail(out);
}

/* ---- package metadata ---- */

static void S_chars(recto_buf *out, const char *s) {
  epub_put_xml_text(out, s, strlen(s));
}

static void S_refine(recto_buf *out, const char *id, const char *property,
                     const char *scheme, const char *value) {
  recto_buf_printf(out, "    <meta refines=\"#%s\" property=\"%s\"", id,
                   property);
  if (scheme)
    recto_buf_printf(out, " scheme=\"%s\"", scheme);
  recto_buf_putc(out, '>');
  S_chars(out, value);
  recto_buf_puts(out, "</meta>\n");
}

/* One identifier: a known scheme's as its URN, with its ONIX code list
   5 type when it has one. */
static void S_identifier(recto_buf *out, const char *id,
                         const xw_identifier *ident) {
  const char *onix = NULL;
  recto_buf_printf(out, "    <dc:identifier id=\"%s\">", id);
  if (ident->scheme) {
    recto_buf_printf(out, "urn:%s:", ident->scheme);
    size_t len = strlen(ident->text);
    if (!strcmp(ident->scheme, "isbn"))
      onix = len == 13 ? "15" : len == 10 ? "02" : NULL;
    else if (!strcmp(ident->scheme, "doi"))
      onix = "06";
  }
  S_chars(out, ident->text);
  recto_buf_puts(out, "</dc:identifier>\n");
  if (onix)
    S_refine(out, id, "identifier-type", "onix:codelist5", onix);
}

/* A metadata value as text (a string, or a map's "text"). */
static const char *S_text_of(recto_meta *m, const char *key) {
  if (!m)
    return NULL;
  if (recto_meta_kind_of(m) == RECTO_META_MAP)
    m = recto_meta_get(m, key);
  const char *s = m ? recto_meta_string(m) : NULL;
  return s && *s ? s : NULL;
}

/* Each value of key: a list's items, or the one value. */
static size_t S_values(recto_doc *doc, const char *key, recto_meta **out,
                       size_t max) {
  recto_meta *m = recto_meta_get(recto_doc_meta(doc), key);
  if (!m)
    return 0;
  if (recto_meta_kind_of(m) != RECTO_META_LIST) {
    out[0] = m;
    return 1;
  }
  size_t n = 0;
  for (size_t k = 0; k < recto_meta_count(m) && n < max; k++)
    out[n++] = recto_meta_at(m, k, NULL);
  return n;
}

void epub_write_identifiers(epub_writer *w, recto_buf *out,
                            const char *fallback) {
  xw_identifier ids[32];
  size_t n = xw_meta_identifiers(w->doc, ids, 32);
  char id[16];
  for (size_t k = 0; k < n && k < 32; k++) {
    snprintf(id, sizeof id, k ? "id%zu" : "pub-id", k + 1);
    S_identifier(out, id, &ids[k]);
  }
  if (!n) {
    xw_identifier own = {NULL, NULL, fallback};
    S_identifier(out, "pub-id", &own);
  }
}

/* dc:creator and dc:contributor, each with its role and file-as: the
   keys creator and contributor as pandoc writes them ({role, text,
   file-as}), author (aut), editor (edt), translator (trl) and
   illustrator (ill). */
void epub_write_people(epub_writer *w, recto_buf *out) {
  static const struct {
    const char *key, *element, *role;
  } keys[] = {{"creator", "dc:creator", NULL},
              {"author", "dc:creator", "aut"},
              {"contributor", "dc:contributor", NULL},
              {"editor", "dc:contributor", "edt"},
              {"translator", "dc:contributor", "trl"},
              {"illustrator", "dc:contributor", "ill"}};
  size_t count = 0;
  char id[24];
  for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
    recto_meta *people[64];
    size_t n = S_values(w->doc, keys[k].key, people, 64);
    for (size_t j = 0; j < n; j++) {
      recto_meta *p = people[j];
      int map = recto_meta_kind_of(p) == RECTO_META_MAP;
      const char *name = map ? S_text_of(p, "text") : S_text_of(p, NULL);
      if (map && !name)
        name = S_text_of(p, "name");
      if (map && !name)
        name = S_text_of(p, "literal");
      if (!name)
        continue;
      const char *given = map ? S_text_of(p, "role") : NULL;
      const char *role = given ? xw_marc_code(given) : keys[k].role;
      if (given && !role)
        recto_diag_emit(w->ctx, RECTO_DIAG_WARNING, "epub.role", NULL,
                        "role '%s' of %s is not a MARC relator code (aut, "
                        "edt, trl, ill, ...); written without a role",
                        given, name);
      if (!role && !strcmp(keys[k].element, "dc:creator"))
        role = "aut";
      snprintf(id, sizeof id, "%s%zu",
               keys[k].element[3] == 'c' && keys[k].element[4] == 'r'
                   ? "creator"
                   : "contributor",
               ++count);
      recto_buf_printf(out, "    <%s id=\"%s\">", keys[k].element, id);
      S_chars(out, name);
      recto_buf_printf(out, "</%s>\n", keys[k].element);
      if (role)
        S_refine(out, id, "role", "marc:relators", role);
      const char *file_as = map ? S_text_of(p, "file-as") : NULL;
      if (file_as)
        S_refine(out, id, "file-as", NULL, file_as);
    }
  }
}

/* belongs-to-collection (a series, or collection-type: set) and its
   group-position, as pandoc reads them. */
void epub_write_collection(epub_writer *w, recto_buf *out) {
  const char *name = recto_doc_meta_string(w->doc, "belongs-to-collection");
  if (!name || !*name)
    return;
  recto_buf_puts(out, "    <meta property=\"belongs-to-collection\" "
                      "id=\"collection\">");
  S_chars(out, name);
  recto_buf_puts(out, "</meta>\n");
  const char *type = recto_doc_meta_string(w->doc, "collection-type");
  S_refine(out, "collection", "collection-type", NULL,
           type && !strcmp(type, "set") ? "set" : "series");
  const char *pos = recto_doc_meta_string(w->doc, "group-position");
  char *end = NULL;
  if (pos && *pos && (strtod(pos, &end), end && !*end))
    S_refine(out, "collection", "group-position", NULL, pos);
  else if (pos && *pos)
    recto_diag_emit(w->ctx, RECTO_DIAG_WARNING, "epub.group-position", NULL,
                    "group-position '%s' is not a number; not written", pos);
}
