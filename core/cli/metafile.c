/* metafile.c: --metadata-file FILE, YAML or JSON, as pandoc reads it.
   The file is read as a resource (a bounded regular file under the
   working directory or a --resource-path directory) and parsed by the
   Markdown reader as the metadata block it would be at the top of a
   document, so its strings are Markdown there as in pandoc.  A JSON
   object is first spelt as that block: one "key": value line per
   member, its values being YAML's flow collections already. */
#include <string.h>

#include "cli.h"

static size_t S_skip_space(const char *s, size_t i, size_t len) {
  while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
                     s[i] == '\r'))
    i++;
  return i;
}

/* The end of the JSON string opening at s[i] ('"'), or 0. */
static size_t S_string_end(const char *s, size_t i, size_t len) {
  for (i++; i < len; i++) {
    if (s[i] == '\\')
      i++;
    else if (s[i] == '"')
      return i + 1;
    else if (s[i] == '\n')
      return 0;
  }
  return 0;
}

/* A JSON object as YAML lines into out; 0 when it is not one. */
static int S_json_to_yaml(const char *s, size_t len, recto_buf *out) {
  size_t i = S_skip_space(s, 0, len);
  if (i >= len || s[i] != '{')
    return 0;
  i = S_skip_space(s, i + 1, len);
  if (i < len && s[i] == '}')
    return S_skip_space(s, i + 1, len) == len;
  for (;;) {
    size_t end = i < len && s[i] == '"' ? S_string_end(s, i, len) : 0;
    if (!end)
      return 0;
    recto_buf_put(out, s + i, end - i);
    i = S_skip_space(s, end, len);
    if (i >= len || s[i] != ':')
      return 0;
    recto_buf_puts(out, ": ");
    i = S_skip_space(s, i + 1, len);
    size_t start = i;
    int depth = 0;
    for (; i < len; i++) {
      char c = s[i];
      if (c == '"') {
        size_t e = S_string_end(s, i, len);
        if (!e)
          return 0;
        i = e - 1;
      } else if (c == '[' || c == '{') {
        depth++;
      } else if (c == ']' || c == '}') {
        if (depth == 0)
          break;
        depth--;
      } else if (c == ',' && depth == 0) {
        break;
      }
    }
    if (i >= len || i == start)
      return 0;
    /* outside strings JSON's line breaks are spaces */
    for (size_t k = start; k < i; k++)
      recto_buf_putc(out, s[k] == '\n' || s[k] == '\r' || s[k] == '\t'
                              ? ' '
                              : s[k]);
    recto_buf_putc(out, '\n');
    if (s[i] == '}')
      return S_skip_space(s, i + 1, len) == len;
    i = S_skip_space(s, i + 1, len);
  }
}

/* A line that is "---" or "..." (YAML's document markers). */
static int S_marker(const char *s, size_t len) {
  while (len && (s[len - 1] == ' ' || s[len - 1] == '\r'))
    len--;
  return len == 3 && (!memcmp(s, "---", 3) || !memcmp(s, "...", 3));
}

/* YAML text as a metadata block: its own markers dropped, blank lines
   before it too (the block must open with a key). */
static void S_yaml_block(const char *s, size_t len, recto_buf *out) {
  size_t i = 0;
  while (i < len) {
    const char *nl = memchr(s + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - s) : len;
    size_t k = i;
    while (k < e && (s[k] == ' ' || s[k] == '\r'))
      k++;
    if (k < e && !S_marker(s + i, e - i))
      break;
    i = e + 1;
  }
  size_t end = len;
  while (end > i && (s[end - 1] == '\n' || s[end - 1] == '\r' ||
                     s[end - 1] == ' '))
    end--;
  size_t last = end;
  while (last > i && s[last - 1] != '\n')
    last--;
  if (last > i && S_marker(s + last, end - last))
    end = last;
  if (end > i)
    recto_buf_put(out, s + i, end - i);
}

recto_status cli_apply_metadata_file(const cli *c, recto_context *ctx,
                                     const char *name, recto_doc *doc) {
  /* files on the command line are not a document's: --sandbox, which
     keeps documents from reading anything, does not apply */
  recto_options *opts = recto_options_new();
  static const char *const keys[] = {RECTO_OPT_RESOURCE_PATH,
                                     RECTO_OPT_MAX_RESOURCE_SIZE};
  for (size_t k = 0; k < 2; k++)
    if (recto_options_get(c->opts, keys[k]))
      recto_options_set(opts, keys[k], recto_options_get(c->opts, keys[k]));
  if (!recto_options_get_bool(c->opts, RECTO_OPT_SANDBOX, 1))
    recto_options_set(opts, RECTO_OPT_SANDBOX, "false");
  recto_buf data = RECTO_BUF_INIT, block = RECTO_BUF_INIT;
  recto_doc *meta = NULL;
  recto_status st = recto_resource_read(ctx, opts, "-", name, NULL, &data);
  if (st != RECTO_OK) {
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "io.read", NULL,
                    "--metadata-file %s cannot be read", name);
    goto done;
  }
  recto_buf_puts(&block, "---\n");
  size_t open = block.len;
  const char *text = data.data ? data.data : "";
  size_t i = S_skip_space(text, 0, data.len);
  if (i < data.len && text[i] == '{') {
    if (!S_json_to_yaml(text, data.len, &block)) {
      recto_diag_emit(ctx, RECTO_DIAG_ERROR, "meta.file", NULL,
                      "%s: not a JSON object of metadata", name);
      st = RECTO_ERR_INPUT;
      goto done;
    }
  } else {
    S_yaml_block(text, data.len, &block);
  }
  if (block.len == open)
    goto done; /* nothing in it */
  recto_buf_puts(&block, "\n---\n");
  const recto_plugin_info *md =
      recto_registry_find(c->reg, RECTO_PLUGIN_READER, "markdown");
  if (!md) {
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "plugin.missing", NULL,
                    "--metadata-file needs the markdown reader");
    st = RECTO_ERR_PLUGIN;
    goto done;
  }
  st = recto_pipeline_read_memory(c->reg, ctx, md, name,
                                  (const unsigned char *)block.data,
                                  block.len, c->opts, &meta);
  if (st == RECTO_OK && recto_node_first_child(recto_doc_root(meta))) {
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "meta.file", NULL,
                    "%s: not a YAML map of metadata (key: value)", name);
    st = RECTO_ERR_INPUT;
  }
  if (st == RECTO_OK) {
    recto_doc_meta_defaults(doc, meta);
    meta = NULL;
  }
done:
  recto_doc_free(meta);
  recto_buf_free(&data);
  recto_buf_free(&block);
  recto_options_free(opts);
  return st;
}
