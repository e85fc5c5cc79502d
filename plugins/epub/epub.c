/* epub.c: the EPUB 3 writer's descriptor and its write callback, which
   plans the book, renders every file and packs the container. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "epub.h"
#include "metainfo.h"

const recto_lang_share *epub_languages(epub_writer *w, size_t *count) {
  if (!w->langs_known) {
    size_t max = sizeof w->langs / sizeof *w->langs;
    size_t n = recto_doc_languages(w->doc, w->langs, max);
    w->lang_count = n < max ? n : max;
    w->langs_known = 1;
  }
  *count = w->lang_count;
  return w->langs;
}

/* The language and base direction of the whole book. */
static void S_language(epub_writer *w) {
  const char *lang = recto_doc_lang(w->doc);
  if (!lang || !*lang || strcmp(lang, "und") == 0) {
    size_t n;
    const recto_lang_share *share = epub_languages(w, &n);
    lang = n > 0 && strcmp(share[0].lang, "und") != 0 ? share[0].lang : NULL;
  }
  w->lang = lang;
  recto_dir d = recto_doc_dir(w->doc);
  if (d != RECTO_DIR_LTR && d != RECTO_DIR_RTL) {
    if (lang)
      d = epub_lang_dir(lang);
    else
      d = epub_block_dir(recto_doc_root(w->doc));
  }
  w->dir = d == RECTO_DIR_RTL ? RECTO_DIR_RTL : RECTO_DIR_LTR;
}

static const char *S_title(epub_writer *w) {
  const char *t = recto_doc_meta_string(w->doc, "title");
  if (t && *t)
    return t;
  const char *src = recto_doc_source(w->doc, "file");
  if (src && *src && strcmp(src, "-") != 0) {
    const char *base = strrchr(src, '/');
    base = base ? base + 1 : src;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot > base ? (size_t)(dot - base) : strlen(base);
    if (n)
      return recto_strndup(w->doc, base, n);
  }
  return epub_word_for(w->lang, EPUB_W_UNTITLED);
}

typedef struct S_file {
  char name[64];
  recto_buf data;
  int compress;
} S_file;

static S_file *S_new_file(epub_vec *files, const char *name, int compress) {
  S_file *f = calloc(1, sizeof *f);
  if (!f)
    recto_out_of_memory();
  snprintf(f->name, sizeof f->name, "%s", name);
  f->compress = compress;
  epub_vec_push(files, f);
  return f;
}

static void S_free(epub_writer *w, epub_vec *files) {
  for (size_t k = 0; k < files->len; k++) {
    S_file *f = files->items[k];
    recto_buf_free(&f->data);
    free(f);
  }
  epub_vec_free(files);
  epub_images_free(w);
  epub_publisher_files_free(w);
  epub_vec *vecs[] = {&w->chunks, &w->toc,     &w->pages,
                      &w->images, &w->entries, &w->endnotes_queue};
  for (size_t k = 0; k < sizeof vecs / sizeof *vecs; k++)
    epub_vec_free(vecs[k]);
  epub_map *maps[] = {&w->info,       &w->ids,       &w->id_next,
                      &w->user_ids,
                      &w->markers,    &w->first_cite, &w->entry_ids,
                      &w->image_urls, &w->entry_pages};
  for (size_t k = 0; k < sizeof maps / sizeof *maps; k++)
    epub_map_free(maps[k]);
}

static recto_status S_write(recto_context *ctx, recto_doc *doc,
                            const recto_options *opts, recto_buf *out) {
  epub_writer w;
  memset(&w, 0, sizeof w);
  w.ctx = ctx;
  w.doc = doc;
  w.opts = opts;
  w.style = recto_style_from_options(opts);
  long split = recto_options_get_int(opts, "split-level", 1);
  w.split_level = split < 0 ? 0 : split > 6 ? 6 : (int)split;
  w.endnotes = recto_options_get_bool(opts, "endnotes", 0);
  w.toc_depth = (int)recto_options_get_int(opts, "toc-depth", 6);
  w.title_page = recto_options_get(opts, "epub-title-page")
                     ? recto_options_get_bool(opts, "epub-title-page", 1)
                     : -1;
  w.book = recto_options_get_bool(opts, "book", 0);
  epub_map_init(&w.info, 0);
  epub_map_init(&w.ids, 1);
  epub_map_init(&w.id_next, 1);
  epub_map_init(&w.user_ids, 1);
  epub_map_init(&w.markers, 1);
  epub_map_init(&w.first_cite, 0);
  epub_map_init(&w.entry_ids, 0);
  epub_map_init(&w.image_urls, 1);
  epub_map_init(&w.entry_pages, 0);
  w.bib_tail_pages = &w.bib_pages;
  S_language(&w);
  w.title = S_title(&w);
  epub_plan(&w);
  for (size_t k = 0; !recto_doc_meta_string(doc, "title") && k < w.toc.len;
       k++) {
    epub_toc_entry *e = w.toc.items[k];
    if (e->label) { /* the first heading names an untitled book */
      w.title = e->label;
      break;
    }
  }

  epub_vec files = {0};
  recto_status files_st = epub_publisher_files(&w);
  if (files_st != RECTO_OK) {
    S_free(&w, &files);
    return files_st;
  }
  /* Content files first: the identifier may be derived from them. */
  char name[64];
  for (size_t k = 0; k < w.chunks.len; k++) {
    epub_chunk *c = w.chunks.items[k];
    snprintf(name, sizeof name, "EPUB/text/%s", c->name);
    epub_render_chunk(&w, (int)k, &S_new_file(&files, name, 1)->data);
  }
  if (w.has_notes_file)
    epub_render_notes_file(&w, &w.endnotes_queue,
                           &S_new_file(&files, "EPUB/text/notes.xhtml", 1)
                                ->data);
  if (w.entries.len)
    epub_render_bibliography(
        &w, &S_new_file(&files, "EPUB/text/bibliography.xhtml", 1)->data);
  if (w.cover)
    epub_write_cover_page(&w,
                          &S_new_file(&files, "EPUB/text/cover.xhtml", 1)->data);
  epub_write_nav(&w, &S_new_file(&files, "EPUB/nav.xhtml", 1)->data);
  if (!w.styles.len)
    recto_buf_puts(&S_new_file(&files, "EPUB/styles/recto.css", 1)->data,
                   epub_stylesheet);

  const char *identifier = recto_doc_meta_string(doc, "identifier");
  char uuid[46];
  if (!identifier || !*identifier) {
    epub_sha1 sha;
    unsigned char digest[20];
    epub_sha1_init(&sha);
    for (size_t k = 0; k < files.len; k++) {
      S_file *f = files.items[k];
      epub_sha1_update(&sha, f->name, strlen(f->name) + 1);
      epub_sha1_update(&sha, f->data.data ? f->data.data : "", f->data.len);
    }
    for (size_t k = 0; k < w.images.len; k++) {
      epub_image *img = w.images.items[k];
      epub_sha1_update(&sha, img->data, img->len);
    }
    epub_sha1_final(&sha, digest);
    epub_uuid_from_digest(digest, uuid);
    identifier = uuid;
  }
  long long t = xw_source_epoch(opts);
  time_t tt = (time_t)t;
  struct tm tm;
  char modified[32] = "1970-01-01T00:00:00Z";
  if (gmtime_r(&tt, &tm))
    strftime(modified, sizeof modified, "%Y-%m-%dT%H:%M:%SZ", &tm);
  recto_buf opf = RECTO_BUF_INIT, container = RECTO_BUF_INIT;
  epub_write_opf(&w, &opf, identifier, modified);
  epub_write_container_xml(&container);

  epub_zip *z = epub_zip_new(ctx, t);
  char *mt = malloc(20);
  if (!mt)
    recto_out_of_memory();
  memcpy(mt, "application/epub+zip", 20);
  epub_zip_add(z, "mimetype", mt, 20, 0); /* first, stored */
  size_t len;
  char *data = recto_buf_detach(&container, &len);
  epub_zip_add(z, "META-INF/container.xml", data, len, 1);
  data = recto_buf_detach(&opf, &len);
  epub_zip_add(z, "EPUB/content.opf", data, len, 1);
  for (size_t k = 0; k < files.len; k++) {
    S_file *f = files.items[k];
    data = recto_buf_detach(&f->data, &len);
    epub_zip_add(z, f->name, data, len, f->compress);
  }
  /* the publisher's files, then the document's images */
  epub_image *cover[] = {w.cover};
  epub_vec cover_vec = {(void **)cover, w.cover ? 1 : 0, 1};
  epub_vec *assets[] = {&w.styles, &w.fonts, &cover_vec};
  for (size_t j = 0; j < 3; j++)
    for (size_t k = 0; k < assets[j]->len; k++) {
      epub_image *a = assets[j]->items[k];
      snprintf(name, sizeof name, "EPUB/%s", a->href);
      /* fonts but WOFF ones and style sheets compress */
      epub_zip_add(z, name, a->data, a->len,
                   j == 0 || !strcmp(a->media_type, "font/ttf") ||
                       !strcmp(a->media_type, "font/otf"));
      a->data = NULL;
    }
  for (size_t k = 0; k < w.images.len; k++) {
    epub_image *img = w.images.items[k];
    snprintf(name, sizeof name, "EPUB/%s", img->href);
    /* PNG, JPEG and GIF are compressed already */
    epub_zip_add(z, name, img->data, img->len,
                 strcmp(img->media_type, "image/svg+xml") == 0);
    img->data = NULL;
  }
  recto_status st = epub_zip_finish(z, out);
  S_free(&w, &files);
  return st;
}

static const char *const S_aliases[] = {"epub3", NULL};
static const char *const S_extensions[] = {"epub", NULL};
static const char *const S_media_types[] = {"application/epub+zip", NULL};
static const char *const S_writer_keys[] = {
    "book", "split-level", "endnotes", "toc-depth", "epub-title-page",
    "epub-cover-image", "css", "epub-embed-font", NULL};

static const recto_plugin S_writer = {
    RECTO_PLUGIN_HEADER,
    RECTO_PLUGIN_WRITER,
    RECTO_PLUGIN_BINARY_OUTPUT | RECTO_PLUGIN_WANTS_SECTIONS,
    "epub",
    S_aliases,
    S_extensions,
    S_media_types,
    "EPUB 3 with pop-up footnotes, linked citations, page list and "
    "right-to-left support",
    "0.1.0",
    NULL,
    NULL,
    S_write,
    NULL,
    S_writer_keys,
    {NULL, NULL, NULL},
};

static const recto_plugin S_reader = {
    RECTO_PLUGIN_HEADER,
    RECTO_PLUGIN_READER,
    0,
    "epub",
    S_aliases,
    S_extensions,
    S_media_types,
    "EPUB 3 and 2: metadata, spine order, notes across files, page lists, "
    "images",
    "0.1.0",
    epub_probe,
    epub_read,
    NULL,
    NULL,
    NULL, {NULL, NULL, NULL},
};

RECTO_PLUGIN_EXPORT const recto_plugin *
recto_plugin_descriptor(uint32_t index) {
  return index == 0 ? &S_writer : index == 1 ? &S_reader : NULL;
}
