/* pipeline.c: the steps of one conversion (read, standard passes,
   write), shared by the command line and batch mode so that both treat
   inputs, failures and output files alike. */
#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "recto/registry.h"
#include "recto/resource.h"

recto_status recto_status_normalize(int status) {
  switch (status) {
  case RECTO_OK:
  case RECTO_ERR_USAGE:
  case RECTO_ERR_IO:
  case RECTO_ERR_INPUT:
  case RECTO_ERR_OUTPUT:
  case RECTO_ERR_PLUGIN:
    return (recto_status)status;
  default:
    return RECTO_ERR_PLUGIN;
  }
}

static int S_is_stdio(const char *path) { return strcmp(path, "-") == 0; }

/* A failing plugin must say why; when it did not, say it for it. */
static recto_status S_checked(recto_context *ctx, size_t errors_before,
                              int status, const recto_plugin_info *info,
                              const char *what) {
  recto_status st = recto_status_normalize(status);
  if (st != RECTO_OK && recto_diag_count(ctx, RECTO_DIAG_ERROR) == errors_before)
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "plugin.failed", NULL,
                    "%s '%s' failed while %s (status %d)",
                    recto_plugin_kind_name(info->kind), info->name, what,
                    status);
  return st;
}

static recto_status S_too_large(recto_context *ctx, const char *path,
                                uint64_t limit) {
  recto_diag_emit(ctx, RECTO_DIAG_ERROR, "io.too-large", NULL,
                  "cannot read %s: it is larger than %llu bytes "
                  "(--max-input-size)", S_is_stdio(path) ? "standard input"
                                                         : path,
                  (unsigned long long)limit);
  return RECTO_ERR_IO;
}

/* The whole of path ("-": standard input), at most the input size limit
   of it: a regular file's size is checked before anything is allocated. */
static recto_status S_slurp(recto_context *ctx, const char *path,
                            const recto_options *opts, recto_buf *out) {
  int fd = S_is_stdio(path) ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "io.read", NULL,
                    "cannot read %s: %s", path, strerror(errno));
    if (fd > STDIN_FILENO)
      close(fd);
    return RECTO_ERR_IO;
  }
  uint64_t limit = options_get_size(opts, RECTO_OPT_MAX_INPUT_SIZE,
                                    RECTO_DEFAULT_MAX_INPUT_SIZE);
  recto_status status = RECTO_OK;
  if (S_ISDIR(st.st_mode)) {
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "io.read", NULL,
                    "cannot read %s: it is a directory", path);
    status = RECTO_ERR_IO;
  } else if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > limit) {
    status = S_too_large(ctx, path, limit);
  }
  int got = status == RECTO_OK ? read_bounded(fd, &st, limit, out) : 0;
  if (got < 0) {
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "io.read", NULL,
                    "cannot read %s: %s", path, strerror(errno));
    status = RECTO_ERR_IO;
  } else if (got > 0) {
    status = S_too_large(ctx, path, limit);
  }
  if (fd > STDIN_FILENO)
    close(fd);
  return status;
}

/* Read data with reader (or the one its name and content suggest).  When
   owned holds data, it is freed once decoded, so that a large input is
   not held twice while the reader runs. */
static recto_status S_read(recto_registry *reg, recto_context *ctx,
                           const recto_plugin_info *reader, const char *name,
                           const unsigned char *data, size_t len,
                           recto_buf *owned, const recto_options *opts,
                           recto_doc **out) {
  *out = NULL;
  size_t errors = recto_diag_count(ctx, RECTO_DIAG_ERROR);
  if (!reader)
    reader = recto_registry_choose_reader(reg, ctx, 0, name, data, len);
  if (!reader && recto_diag_count(ctx, RECTO_DIAG_ERROR) > errors)
    return RECTO_ERR_PLUGIN; /* refused, and said why */
  if (!reader) {
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "format.unknown", NULL,
                    "no reader recognises %s; name the format with -f",
                    S_is_stdio(name) ? "standard input" : name);
    return RECTO_ERR_PLUGIN;
  }
  const recto_plugin *p = recto_registry_plugin(reg, ctx, reader);
  if (!p)
    return RECTO_ERR_PLUGIN;
  recto_buf text = RECTO_BUF_INIT;
  recto_input input = {name, data, len, NULL};
  if (reader->flags & RECTO_PLUGIN_TEXT_INPUT) {
    const char *declared = recto_options_get(opts, RECTO_OPT_FROM_ENCODING);
    int replace = recto_options_get_bool(opts, RECTO_OPT_REPLACE_INVALID, 0);
    const char *used = NULL;
    recto_status st = text_decode_owned(ctx, data, len, declared, replace,
                                        owned, &text, &used);
    if (st != RECTO_OK) {
      recto_buf_free(&text);
      return S_checked(ctx, errors, st, reader, "decoding the input");
    }
    input.data = (const unsigned char *)(text.data ? text.data : "");
    input.len = text.len;
    input.encoding = used;
    if (owned)
      recto_buf_free(owned);
  }
  recto_doc *doc = NULL;
  recto_status st =
      S_checked(ctx, errors, p->read(ctx, &input, opts, &doc), reader,
                "reading");
  if (st == RECTO_OK && !doc)
    st = S_checked(ctx, errors, RECTO_ERR_PLUGIN, reader, "reading");
  if (st != RECTO_OK) {
    if (doc)
      recto_doc_free(doc);
    recto_buf_free(&text);
    return st;
  }
  /* A reader that knows the original provenance (the native format
     carries it) keeps it; otherwise it is this input. */
  if (!recto_doc_source(doc, "format")) {
    if (!S_is_stdio(name))
      recto_doc_set_source(doc, "file", name);
    recto_doc_set_source(doc, "format", reader->name);
    if (input.encoding)
      recto_doc_set_source(doc, "encoding", input.encoding);
  }
  recto_buf_free(&text);
  *out = doc;
  return RECTO_OK;
}

recto_status recto_pipeline_read_memory(recto_registry *reg,
                                        recto_context *ctx,
                                        const recto_plugin_info *reader,
                                        const char *name,
                                        const unsigned char *data, size_t len,
                                        const recto_options *opts,
                                        recto_doc **out) {
  return S_read(reg, ctx, reader, name, data, len, NULL, opts, out);
}

recto_status recto_pipeline_read_file(recto_registry *reg, recto_context *ctx,
                                      const recto_plugin_info *reader,
                                      const char *path,
                                      const recto_options *opts,
                                      recto_doc **out) {
  *out = NULL;
  /* "cannot read FILE" names the file itself; what follows is in it. */
  recto_context_set_file(ctx, NULL);
  recto_buf data = RECTO_BUF_INIT;
  recto_status st = S_slurp(ctx, path, opts, &data);
  recto_context_set_file(ctx, S_is_stdio(path) ? "<stdin>" : path);
  if (st == RECTO_OK)
    st = S_read(reg, ctx, reader, path,
                (const unsigned char *)(data.data ? data.data : ""), data.len,
                &data, opts, out);
  recto_buf_free(&data);
#ifdef __GLIBC__
  /* The reader's parse tree (libxml2's, cmark's) is freed by now, but
     glibc keeps its pages: handed back, they are not resident while the
     writer builds its output (10 MB of TEI written as native: peak RSS
     157 -> 129 MB). */
  malloc_trim(0);
#endif
  return st;
}

/* Parse a bibliography's bytes, held in data (freed once decoded), with
   the bibliography reader its name or content suggests; messages name
   path. */
static recto_status S_read_bibliography(recto_registry *reg,
                                        recto_context *ctx, const char *path,
                                        recto_buf *data,
                                        const recto_options *opts,
                                        recto_doc **out) {
  const unsigned char *bytes =
      (const unsigned char *)(data->data ? data->data : "");
  size_t errors = recto_diag_count(ctx, RECTO_DIAG_ERROR);
  const recto_plugin_info *reader = recto_registry_choose_reader(
      reg, ctx, RECTO_PLUGIN_BIBLIOGRAPHY, path, bytes, data->len);
  if (!reader && recto_diag_count(ctx, RECTO_DIAG_ERROR) > errors)
    return RECTO_ERR_PLUGIN; /* refused, and said why */
  if (!reader) {
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "format.unknown", NULL,
                    "no bibliography reader recognises %s", path);
    return RECTO_ERR_PLUGIN;
  }
  return S_read(reg, ctx, reader, path, bytes, data->len, data, opts, out);
}

/* Messages about a bibliography name it; then back to the input.  The
   name in ctx is copied, since setting it frees the old one. */
static char *S_enter_file(recto_context *ctx, const char *file) {
  const char *was = recto_context_file(ctx);
  char *saved = NULL;
  if (was) {
    saved = recto_xmalloc(strlen(was) + 1);
    strcpy(saved, was);
  }
  recto_context_set_file(ctx, file);
  return saved;
}

static void S_leave_file(recto_context *ctx, char *saved) {
  recto_context_set_file(ctx, saved);
  free(saved);
}

recto_status recto_pipeline_read_bibliography(recto_registry *reg,
                                              recto_context *ctx,
                                              const char *path,
                                              const recto_options *opts,
                                              recto_doc **out) {
  *out = NULL;
  char *saved = S_enter_file(ctx, NULL);
  recto_buf data = RECTO_BUF_INIT;
  recto_status st = S_slurp(ctx, path, opts, &data);
  recto_context_set_file(ctx, path);
  if (st == RECTO_OK)
    st = S_read_bibliography(reg, ctx, path, &data, opts, out);
  recto_buf_free(&data);
  S_leave_file(ctx, saved);
  return st;
}

size_t recto_pipeline_merge_bibliography(recto_context *ctx, recto_doc *doc,
                                         recto_doc *bib) {
  const char *from = recto_doc_source(bib, "file");
  size_t copied = 0;
  recto_iter *it = recto_iter_new(recto_doc_root(bib));
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER || recto_node_type_of(n) != RECTO_NODE_BIB_ENTRY)
      continue;
    const recto_bib_entry *e = recto_node_bib_entry(n);
    if (!e || !e->id)
      continue;
    if (recto_doc_find_entry(doc, e->id)) {
      recto_diag_emit(ctx, RECTO_DIAG_WARNING, "bib.duplicate-key", &e->pos,
                      "entry '%s' of %s is already in the document; the "
                      "document's is kept", e->id, from ? from : "a "
                      "bibliography");
      continue;
    }
    recto_bib_entry *copy = recto_bib_entry_copy(doc, e);
    if (!copy->source && from)
      copy->source = recto_strdup(doc, from);
    recto_doc_add_entry(doc, copy);
    copied++;
  }
  recto_iter_free(it);
  return copied;
}

/* Merge one bibliography file named by the document's metadata: a
   resource of the document (recto/resource.h), found relative to the
   document's own file as pandoc does.  A refused one is a warning. */
static recto_status S_merge_named(recto_registry *reg, recto_context *ctx,
                                  recto_doc *doc, const recto_options *opts,
                                  const char *name) {
  const char *file = recto_doc_source(doc, "file");
  recto_buf data = RECTO_BUF_INIT;
  recto_status st = recto_resource_read(ctx, opts, file, name, NULL, &data);
  if (st != RECTO_OK) {
    recto_buf_free(&data);
    return RECTO_OK;
  }
  const char *slash = file ? strrchr(file, '/') : NULL;
  recto_buf path = RECTO_BUF_INIT;
  if (slash && name[0] != '/')
    recto_buf_put(&path, file, (size_t)(slash - file) + 1);
  recto_buf_puts(&path, name);
  char *saved = S_enter_file(ctx, path.data);
  recto_doc *bib = NULL;
  st = S_read_bibliography(reg, ctx, path.data, &data, opts, &bib);
  S_leave_file(ctx, saved);
  if (st == RECTO_OK)
    recto_pipeline_merge_bibliography(ctx, doc, bib);
  recto_doc_free(bib);
  recto_buf_free(&data);
  recto_buf_free(&path);
  return st;
}

static size_t S_entry_count(recto_doc *doc) {
  recto_node *bib = recto_doc_bibliography(doc, 0);
  size_t n = 0;
  for (recto_node *e = bib ? recto_node_first_child(bib) : NULL; e;
       e = recto_node_next(e))
    n++;
  return n;
}

/* The metadata key "bibliography" (a file or a list of files): their
   entries join the document, which then carries them itself, so the key
   is dropped and a written document does not load them twice; when
   nothing could be read (a file refused or missing, already warned),
   the key stays, as the document wrote it. */
static recto_status S_merge_meta_bibliographies(recto_registry *reg,
                                                recto_context *ctx,
                                                recto_doc *doc,
                                                const recto_options *opts) {
  recto_meta *m = recto_meta_get(recto_doc_meta(doc), "bibliography");
  if (!m)
    return RECTO_OK;
  recto_status st = RECTO_OK;
  size_t had = S_entry_count(doc);
  if (recto_meta_kind_of(m) == RECTO_META_LIST) {
    for (size_t k = 0; st == RECTO_OK && k < recto_meta_count(m); k++) {
      const char *name = recto_meta_string(recto_meta_at(m, k, NULL));
      if (name && *name)
        st = S_merge_named(reg, ctx, doc, opts, name);
    }
  } else {
    const char *name = recto_meta_string(m);
    if (name && *name)
      st = S_merge_named(reg, ctx, doc, opts, name);
  }
  if (S_entry_count(doc) > had)
    recto_meta_remove(recto_doc_meta(doc), "bibliography");
  return st;
}

/* With the option cited-only, entries no citation resolved to go. */
static void S_drop_uncited(recto_doc *doc) {
  recto_node *bib = recto_doc_bibliography(doc, 0);
  for (recto_node *n = bib ? recto_node_first_child(bib) : NULL; n;) {
    recto_node *next = recto_node_next(n);
    const recto_bib_entry *e = recto_node_bib_entry(n);
    if (e && !e->cited)
      recto_node_unlink(n);
    n = next;
  }
}

recto_status recto_pipeline_prepare(recto_registry *reg, recto_context *ctx,
                                    recto_doc *doc, const recto_options *opts,
                                    recto_doc *const *bibs, size_t nbibs,
                                    const char *const *transforms,
                                    size_t ntransforms) {
  recto_doc_attach_notes(ctx, doc);
  /* As in pandoc, bibliographies given to the program replace those the
     document names. */
  if (nbibs) {
    recto_meta_remove(recto_doc_meta(doc), "bibliography");
  } else {
    recto_status st = S_merge_meta_bibliographies(reg, ctx, doc, opts);
    if (st != RECTO_OK)
      return st;
  }
  for (size_t k = 0; k < nbibs; k++)
    recto_pipeline_merge_bibliography(ctx, doc, bibs[k]);
  recto_doc_resolve_citations(ctx, doc);
  if (recto_options_get_bool(opts, "cited-only", 0))
    S_drop_uncited(doc);
  for (size_t k = 0; k < ntransforms; k++) {
    const recto_plugin_info *info =
        recto_registry_find(reg, RECTO_PLUGIN_TRANSFORM, transforms[k]);
    if (!info) {
      recto_diag_emit(ctx, RECTO_DIAG_ERROR, "plugin.missing", NULL,
                      "no transform named '%s'", transforms[k]);
      return RECTO_ERR_PLUGIN;
    }
    const recto_plugin *p = recto_registry_plugin(reg, ctx, info);
    if (!p)
      return RECTO_ERR_PLUGIN;
    size_t errors = recto_diag_count(ctx, RECTO_DIAG_ERROR);
    recto_status st = S_checked(ctx, errors, p->transform(ctx, doc, opts),
                                info, "transforming");
    if (st != RECTO_OK)
      return st;
  }
  /* Citations a transform added (author-year detection) resolve too;
     items already linked are left alone. */
  if (ntransforms)
    recto_doc_resolve_citations(ctx, doc);
  return RECTO_OK;
}

recto_status recto_pipeline_write(recto_registry *reg, recto_context *ctx,
                                  const recto_plugin_info *writer,
                                  recto_doc *doc, const recto_options *opts,
                                  recto_buf *out) {
  const recto_plugin *p = recto_registry_plugin(reg, ctx, writer);
  if (!p)
    return RECTO_ERR_PLUGIN;
  if (recto_options_get_bool(opts, "number-sections", 0))
    recto_doc_number_sections(doc);
  if (writer->flags & RECTO_PLUGIN_WANTS_SECTIONS)
    recto_doc_sectionize(doc);
  size_t errors = recto_diag_count(ctx, RECTO_DIAG_ERROR);
  return S_checked(ctx, errors, p->write(ctx, doc, opts, out), writer,
                   "writing");
}

recto_status recto_pipeline_write_file(recto_registry *reg, recto_context *ctx,
                                       const recto_plugin_info *writer,
                                       recto_doc *doc,
                                       const recto_options *opts,
                                       const char *path) {
  recto_buf out = RECTO_BUF_INIT;
  recto_status st = recto_pipeline_write(reg, ctx, writer, doc, opts, &out);
  if (st == RECTO_OK &&
      recto_options_get_bool(opts, RECTO_OPT_FAIL_IF_WARNINGS, 0) &&
      recto_diag_count(ctx, RECTO_DIAG_WARNING)) {
    /* as pandoc's --fail-if-warnings: nothing is written */
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "cli.fail-if-warnings", NULL,
                    "%zu warning(s) and --fail-if-warnings: %s not written",
                    recto_diag_count(ctx, RECTO_DIAG_WARNING),
                    S_is_stdio(path) ? "the output" : path);
    st = RECTO_ERR_INPUT;
  }
  if (st == RECTO_OK) {
    if (!S_is_stdio(path)) {
      st = recto_file_replace(ctx, path, out.data, out.len);
    } else if (output_write_all(STDOUT_FILENO, out.data, out.len) != RECTO_OK) {
      recto_diag_emit(ctx, RECTO_DIAG_ERROR, "io.write", NULL,
                      "cannot write to standard output: %s", strerror(errno));
      st = RECTO_ERR_OUTPUT;
    }
  }
  recto_buf_free(&out);
  return st;
}
