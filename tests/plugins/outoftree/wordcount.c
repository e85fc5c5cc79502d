/* wordcount.c: a plugin written outside the source tree, built only with
   the installed headers and `pkg-config --cflags --libs recto`:

     cc -shared -fPIC -fvisibility=hidden -o recto-wordcount.so \
        wordcount.c $(pkg-config --cflags --libs recto)

   Reader "words" (.words): every line a paragraph.  Writer "wordcount"
   (.wc): the number of words and of paragraphs. */
#include <string.h>

#include <recto/recto.h>

static recto_status S_read(recto_context *ctx, const recto_input *in,
                           const recto_options *opts, recto_doc **out) {
  (void)ctx;
  (void)opts;
  recto_doc *doc = recto_doc_new();
  const char *p = (const char *)in->data, *end = p + in->len;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (len) {
      recto_node *para = recto_node_new(doc, RECTO_NODE_PARAGRAPH);
      recto_node_append(para, recto_node_new_text(doc, p, len));
      recto_node_append(recto_doc_root(doc), para);
    }
    p += len + 1;
  }
  *out = doc;
  return RECTO_OK;
}

static recto_status S_write(recto_context *ctx, recto_doc *doc,
                            const recto_options *opts, recto_buf *out) {
  (void)ctx;
  (void)opts;
  size_t words = 0, paras = 0;
  recto_iter *it = recto_iter_new(recto_doc_root(doc));
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER)
      continue;
    if (recto_node_type_of(n) == RECTO_NODE_PARAGRAPH)
      paras++;
    if (recto_node_type_of(n) != RECTO_NODE_TEXT)
      continue;
    const char *s = recto_node_text(n);
    size_t len = recto_node_text_len(n);
    int in_word = 0;
    for (size_t k = 0; k < len; k++) {
      int space = s[k] == ' ' || s[k] == '\t' || s[k] == '\n';
      words += !space && !in_word;
      in_word = !space;
    }
  }
  recto_iter_free(it);
  recto_buf_printf(out, "words: %zu\nparagraphs: %zu\n", words, paras);
  return RECTO_OK;
}

static const char *const S_read_ext[] = {"words", NULL};
static const char *const S_write_ext[] = {"wc", NULL};

static const recto_plugin S_plugins[] = {
    {RECTO_PLUGIN_HEADER, RECTO_PLUGIN_READER, RECTO_PLUGIN_TEXT_INPUT,
     "words", NULL, S_read_ext, NULL, "lines of words", "1.0", NULL, S_read,
     NULL, NULL, NULL, {NULL, NULL, NULL}},
    {RECTO_PLUGIN_HEADER, RECTO_PLUGIN_WRITER, 0, "wordcount", NULL,
     S_write_ext, NULL, "counts words and paragraphs", "1.0", NULL, NULL,
     S_write, NULL, NULL, {NULL, NULL, NULL}},
};

RECTO_PLUGIN_EXPORT const recto_plugin *recto_plugin_descriptor(uint32_t index) {
  return index < 2 ? &S_plugins[index] : NULL;
}
