/* testfmt.c: a small test plugin with one of each kind of descriptor, so
   that the host and the command line can be tested without the real
   format plugins.

   Reader "lines" (and "xlines", the same with an "X:" prefix): one block
   per line:  "# text" a heading, "cite:KEY" a citation, "ref:L" a note
   reference, "note:L:text" a note definition, "!warn text" a paragraph
   with a warning, "!fail" an error, anything else a paragraph.
   Writers: "dump" (a readable listing), "failing" (always fails after
   writing half its output), "binary", "sections" (wants sections).
   Transforms: "upper" (ASCII upper case), "broken" (fails silently).
   Bibliography reader "tbib": lines "key|title". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recto/recto.h"

#include "loadlog.h"

/* Log that the file was loaded: the tests count loads to check that the
   host opens only the plugins a conversion uses. */
TEST_LOG_LOADING("testfmt")

static recto_node *S_para(recto_doc *doc, recto_pos pos, const char *text,
                          size_t len) {
  recto_node *p = recto_node_new(doc, RECTO_NODE_PARAGRAPH);
  recto_node_set_pos(p, pos);
  recto_node_append(p, recto_node_new_text(doc, text, len));
  return p;
}

/* One line into a block (or NULL for a blank line). */
static recto_node *S_line(recto_context *ctx, recto_doc *doc,
                          const char *line, size_t len, recto_pos pos,
                          const char *prefix, int *fail) {
  char *s = recto_strndup(doc, line, len);
  if (strcmp(s, "!fail") == 0) {
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "test.fail", &pos,
                    "the input asks to fail");
    *fail = 1;
    return NULL;
  }
  if (strncmp(s, "!warn ", 6) == 0) {
    recto_diag_emit(ctx, RECTO_DIAG_WARNING, "test.warn", &pos,
                    "the input asks for a warning");
    s += 6;
  }
  if (strncmp(s, "# ", 2) == 0) {
    recto_node *h = recto_node_new(doc, RECTO_NODE_HEADING);
    recto_node_set_level(h, 1);
    recto_node_set_pos(h, pos);
    recto_node_append(h, recto_node_new_text(doc, s + 2, strlen(s + 2)));
    return h;
  }
  if (strncmp(s, "cite:", 5) == 0) {
    recto_node *p = recto_node_new(doc, RECTO_NODE_PARAGRAPH);
    recto_node *cite = recto_node_new(doc, RECTO_NODE_CITE);
    recto_cite_item *item = recto_cite_add_item(cite);
    item->key = s + 5;
    recto_node_append(cite, recto_node_new_text(doc, s, strlen(s)));
    recto_node_append(p, cite);
    return p;
  }
  if (strncmp(s, "ref:", 4) == 0) {
    recto_node *p = recto_node_new(doc, RECTO_NODE_PARAGRAPH);
    recto_node *ref = recto_node_new(doc, RECTO_NODE_NOTE_REF);
    recto_node_set_marker(ref, s + 4);
    recto_node_set_pos(ref, pos);
    recto_node_append(p, ref);
    return p;
  }
  if (strncmp(s, "note:", 5) == 0 && strchr(s + 5, ':')) {
    char *colon = strchr(s + 5, ':');
    *colon = '\0';
    recto_node *def = recto_node_new(doc, RECTO_NODE_NOTE_DEF);
    recto_node_set_marker(def, s + 5);
    recto_node_set_pos(def, pos);
    recto_node_append(def, S_para(doc, pos, colon + 1, strlen(colon + 1)));
    return def;
  }
  if (prefix) {
    size_t n = strlen(prefix) + strlen(s) + 1;
    char *t = recto_alloc(doc, n);
    snprintf(t, n, "%s%s", prefix, s);
    s = t;
  }
  return S_para(doc, pos, s, strlen(s));
}

static recto_status S_read_lines(recto_context *ctx, const recto_input *in,
                                 recto_doc **out, const char *prefix) {
  recto_doc *doc = recto_doc_new();
  const char *p = (const char *)in->data, *end = p + in->len;
  recto_pos pos = {1, 1, 0};
  int fail = 0;
  while (p < end && !fail) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
    pos.offset = (uint64_t)(p - (const char *)in->data);
    /* "#lines" / "#xlines" name the format; "# text" is a heading. */
    int magic = len && p[0] == '#' && !(len > 1 && p[1] == ' ');
    if (len && !magic) {
      recto_node *b = S_line(ctx, doc, p, len, pos, prefix, &fail);
      if (b)
        recto_node_append(recto_doc_root(doc), b);
    }
    pos.line++;
    p += len + 1;
  }
  if (fail) {
    recto_doc_free(doc);
    return RECTO_ERR_INPUT;
  }
  *out = doc;
  return RECTO_OK;
}

static recto_status S_read(recto_context *ctx, const recto_input *in,
                           const recto_options *opts, recto_doc **out) {
  (void)opts;
  return S_read_lines(ctx, in, out, NULL);
}

static recto_status S_read_x(recto_context *ctx, const recto_input *in,
                             const recto_options *opts, recto_doc **out) {
  (void)opts;
  return S_read_lines(ctx, in, out, "X:");
}

static int S_starts(const unsigned char *head, size_t len, const char *magic) {
  size_t n = strlen(magic);
  return len >= n && memcmp(head, magic, n) == 0 &&
         (len == n || head[n] == '\n');
}

static int S_probe(const unsigned char *head, size_t len) {
  return S_starts(head, len, "#lines") ? 80 : 0;
}

static int S_probe_x(const unsigned char *head, size_t len) {
  return S_starts(head, len, "#xlines") ? 90 : 0;
}

static recto_status S_read_bib(recto_context *ctx, const recto_input *in,
                               const recto_options *opts, recto_doc **out) {
  (void)ctx;
  (void)opts;
  recto_doc *doc = recto_doc_new();
  const char *p = (const char *)in->data, *end = p + in->len;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
    const char *bar = memchr(p, '|', len);
    if (bar) {
      recto_bib_entry *e = recto_bib_entry_new(doc);
      e->id = recto_strndup(doc, p, (size_t)(bar - p));
      e->title = recto_strndup(doc, bar + 1, len - (size_t)(bar - p) - 1);
      recto_doc_add_entry(doc, e);
    }
    p += len + 1;
  }
  *out = doc;
  return RECTO_OK;
}

/* ---- writers ---- */

static void S_dump_meta(recto_doc *doc, const recto_options *opts,
                        recto_buf *out) {
  static const char *const sources[] = {"file", "format", "encoding"};
  for (int k = 0; k < 3; k++) {
    const char *v = recto_doc_source(doc, sources[k]);
    if (v)
      recto_buf_printf(out, "source %s=%s\n", sources[k], v);
  }
  recto_meta *meta = recto_doc_meta(doc);
  for (size_t k = 0; k < recto_meta_count(meta); k++) {
    const char *key;
    recto_meta *v = recto_meta_at(meta, k, &key);
    if (recto_meta_kind_of(v) == RECTO_META_BOOL)
      recto_buf_printf(out, "meta %s=%s\n", key,
                       recto_meta_bool(v) ? "<true>" : "<false>");
    else
      recto_buf_printf(out, "meta %s=%s\n", key, recto_meta_string(v));
  }
  static const char *const keys[] = {"source-date-epoch", "citation-style",
                                     "split-level", "endnotes", "book",
                                     "from-encoding", "dump.test"};
  for (int k = 0; k < 7; k++) {
    const char *v = recto_options_get(opts, keys[k]);
    if (v)
      recto_buf_printf(out, "option %s=%s\n", keys[k], v);
  }
}

static recto_status S_dump(recto_context *ctx, recto_doc *doc,
                           const recto_options *opts, recto_buf *out) {
  (void)ctx;
  S_dump_meta(doc, opts, out);
  recto_iter *it = recto_iter_new(recto_doc_root(doc));
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    recto_node_type t = recto_node_type_of(n);
    int enter = ev == RECTO_EVENT_ENTER;
    if (t == RECTO_NODE_TEXT) {
      recto_buf_put(out, recto_node_text(n), recto_node_text_len(n));
    } else if (t == RECTO_NODE_CITE && enter) {
      recto_cite_item *item = recto_cite_item_at(n, 0);
      recto_buf_printf(out, "[cite %s %s]", item->key,
                       item->entry ? "resolved" : "unresolved");
      recto_iter_skip_children(it);
    } else if (t == RECTO_NODE_NOTE) {
      recto_buf_puts(out, enter ? "[note " : "]");
    } else if (t == RECTO_NODE_BIB_ENTRY) {
      const recto_bib_entry *e = recto_node_bib_entry(n);
      recto_buf_printf(out, "entry %s: %s\n", e->id, e->title);
    } else if (t == RECTO_NODE_SECTION) {
      recto_buf_puts(out, enter ? "<section>\n" : "</section>\n");
    } else if (recto_node_is_block(t) && t != RECTO_NODE_DOCUMENT &&
               recto_node_parent(n) &&
               recto_node_type_of(recto_node_parent(n)) != RECTO_NODE_NOTE) {
      if (enter)
        recto_buf_printf(out, "%s: ", recto_node_type_name(t));
      else if (t != RECTO_NODE_BIBLIOGRAPHY)
        recto_buf_putc(out, '\n');
    }
  }
  recto_iter_free(it);
  return RECTO_OK;
}

static recto_status S_failing(recto_context *ctx, recto_doc *doc,
                              const recto_options *opts, recto_buf *out) {
  (void)doc;
  (void)opts;
  recto_buf_puts(out, "partial output");
  recto_diag_emit(ctx, RECTO_DIAG_ERROR, "test.writer", NULL,
                  "the failing writer fails");
  return RECTO_ERR_OUTPUT;
}

static recto_status S_binary(recto_context *ctx, recto_doc *doc,
                             const recto_options *opts, recto_buf *out) {
  (void)ctx;
  (void)doc;
  (void)opts;
  recto_buf_put(out, "BIN\0\1\2", 6);
  return RECTO_OK;
}

static recto_status S_sections(recto_context *ctx, recto_doc *doc,
                               const recto_options *opts, recto_buf *out) {
  (void)ctx;
  (void)opts;
  size_t n = 0;
  for (recto_node *c = recto_node_first_child(recto_doc_root(doc)); c;
       c = recto_node_next(c))
    n += recto_node_type_of(c) == RECTO_NODE_SECTION;
  recto_buf_printf(out, "sections: %zu\n", n);
  return RECTO_OK;
}

/* ---- transforms ---- */

static recto_status S_upper(recto_context *ctx, recto_doc *doc,
                            const recto_options *opts) {
  (void)ctx;
  (void)opts;
  recto_iter *it = recto_iter_new(recto_doc_root(doc));
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (recto_node_type_of(n) != RECTO_NODE_TEXT)
      continue;
    size_t len = recto_node_text_len(n);
    char *s = recto_strndup(doc, recto_node_text(n), len);
    for (size_t k = 0; k < len; k++)
      if (s[k] >= 'a' && s[k] <= 'z')
        s[k] = (char)(s[k] - 'a' + 'A');
    recto_node_set_text(n, s, len);
  }
  recto_iter_free(it);
  return RECTO_OK;
}

static recto_status S_broken(recto_context *ctx, recto_doc *doc,
                             const recto_options *opts) {
  (void)ctx;
  (void)doc;
  (void)opts;
  return (recto_status)42; /* no message, and a value outside the enum */
}

/* ---- descriptors ---- */

static const char *const S_lines_ext[] = {"lines", "txl", "tdata", "xml",
                                          NULL};
static const char *const S_lines_alias[] = {"linefile", NULL};
static const char *const S_x_ext[] = {"x.txl", "tdata", NULL};
static const char *const S_dump_ext[] = {"dump", NULL};
static const char *const S_dump_alias[] = {"listing", NULL};
static const char *const S_fail_ext[] = {"fail", NULL};
static const char *const S_bin_ext[] = {"bin", NULL};
static const char *const S_sect_ext[] = {"sect", NULL};
static const char *const S_bib_ext[] = {"tbib", NULL};

static const char *const S_dump_keys[] = {"dump.test", NULL};

#define S_DESC_KEYS(keys, kind, flags, name, aliases, exts, desc, probe, rd,  \
                    wr, tr)                                                   \
  {RECTO_PLUGIN_HEADER, kind, flags, name, aliases, exts, NULL, desc,       \
   "0.1", probe, rd, wr, tr, keys, {NULL, NULL, NULL}}
#define S_DESC(...) S_DESC_KEYS(NULL, __VA_ARGS__)

static const recto_plugin S_plugins[] = {
    S_DESC(RECTO_PLUGIN_READER, RECTO_PLUGIN_TEXT_INPUT, "lines",
           S_lines_alias, S_lines_ext, "test lines", S_probe, S_read, NULL,
           NULL),
    S_DESC(RECTO_PLUGIN_READER, RECTO_PLUGIN_TEXT_INPUT, "xlines", NULL,
           S_x_ext, "test lines, prefixed", S_probe_x, S_read_x, NULL, NULL),
    S_DESC(RECTO_PLUGIN_READER,
           RECTO_PLUGIN_TEXT_INPUT | RECTO_PLUGIN_BIBLIOGRAPHY, "tbib", NULL,
           S_bib_ext, "test bibliography", NULL, S_read_bib, NULL, NULL),
    S_DESC_KEYS(S_dump_keys, RECTO_PLUGIN_WRITER, 0, "dump", S_dump_alias,
                S_dump_ext, "test listing", NULL, NULL, S_dump, NULL),
    S_DESC(RECTO_PLUGIN_WRITER, 0, "failing", NULL, S_fail_ext,
           "test writer that fails", NULL, NULL, S_failing, NULL),
    S_DESC(RECTO_PLUGIN_WRITER, RECTO_PLUGIN_BINARY_OUTPUT, "binary", NULL,
           S_bin_ext, "test binary writer", NULL, NULL, S_binary, NULL),
    S_DESC(RECTO_PLUGIN_WRITER, RECTO_PLUGIN_WANTS_SECTIONS, "sections",
           NULL, S_sect_ext, "test writer wanting sections", NULL, NULL,
           S_sections, NULL),
    S_DESC(RECTO_PLUGIN_TRANSFORM, 0, "upper", NULL, NULL,
           "test transform: ASCII upper case", NULL, NULL, NULL, S_upper),
    S_DESC(RECTO_PLUGIN_TRANSFORM, 0, "broken", NULL, NULL,
           "test transform that fails", NULL, NULL, NULL, S_broken),
};

RECTO_PLUGIN_EXPORT const recto_plugin *recto_plugin_descriptor(uint32_t index) {
  return index < sizeof S_plugins / sizeof S_plugins[0] ? &S_plugins[index]
                                                        : NULL;
}
