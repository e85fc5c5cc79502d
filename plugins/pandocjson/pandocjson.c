/* pandocjson.c: descriptors of the pandoc JSON reader and writer, the
   probe that tells pandoc's JSON from the other .json formats, and the
   name tables both directions share. */
#include <string.h>

#include "json.h"
#include "pandocjson.h"

/* (Eastern Arabic digits have no pandoc name: an attribute carries them) */
const char *const pj_list_styles[] = {
    "DefaultStyle", "Decimal",    "LowerAlpha", "UpperAlpha", "LowerRoman",
    "UpperRoman",   "",           "",           "Example",    NULL};
const char *const pj_list_delims[] = {"DefaultDelim", "Period", "OneParen",
                                      "TwoParens", NULL};
const char *const pj_aligns[] = {"AlignDefault", "AlignLeft", "AlignCenter",
                                 "AlignRight", NULL};
const char *const pj_quotes[] = {"DoubleQuote", "SingleQuote", NULL};
const char *const pj_cite_modes[] = {"NormalCitation", "AuthorInText",
                                     "SuppressAuthor", NULL};
const char *const pj_math_kinds[] = {"InlineMath", "DisplayMath", NULL};

int pj_lookup(const char *const *table, const char *name) {
  for (int i = 0; table[i]; i++)
    if (strcmp(table[i], name) == 0)
      return i;
  return -1;
}

/* Node kinds pandoc has no element for, and containers whose properties
   need an element of their own: a Div or Span marked with this class. */
static const struct {
  recto_node_type type;
  const char *cls;
} S_kinds[] = {
    {RECTO_NODE_NOTE_DEF, "recto-note-def"},
    {RECTO_NODE_NOTE_REF, "recto-note-ref"},
    {RECTO_NODE_SECTION, "recto-section"},
    {RECTO_NODE_BIBLIOGRAPHY, "recto-bibliography"},
    {RECTO_NODE_BIB_ENTRY, "recto-bib-entry"},
    {RECTO_NODE_TABLE_FLAT, "recto-table-flat"},
    {RECTO_NODE_PAGE_BREAK, "recto-page-break"},
    {RECTO_NODE_FIGURE, "recto-figure"},
    {RECTO_NODE_CAPTION, "recto-caption"},
    {RECTO_NODE_ITEM, "recto-item"},
    {RECTO_NODE_DEF, "recto-def"},
    {RECTO_NODE_TERM, "recto-term"},
    {RECTO_NODE_LINE, "recto-line"},
    {RECTO_NODE_TABLE_HEAD, "recto-table-head"},
    {RECTO_NODE_TABLE_FOOT, "recto-table-foot"},
};

const char *pj_kind_class(recto_node_type type) {
  for (size_t i = 0; i < sizeof S_kinds / sizeof *S_kinds; i++)
    if (S_kinds[i].type == type)
      return S_kinds[i].cls;
  return NULL;
}

recto_node_type pj_class_kind(const char *cls, size_t len) {
  for (size_t i = 0; i < sizeof S_kinds / sizeof *S_kinds; i++)
    if (strlen(S_kinds[i].cls) == len && memcmp(S_kinds[i].cls, cls, len) == 0)
      return S_kinds[i].type;
  return RECTO_NODE_NONE;
}

/* Sure when the version key opens the object (pandoc writes it first);
   likely when it appears later in the head. */
static int S_probe(const unsigned char *head, size_t len) {
  static const char key[] = "\"pandoc-api-version\"";
  if (rj_opens_with_key(head, len, key))
    return 100;
  return len && head[0] == '{' && memmem(head, len, key, sizeof key - 1) ? 80 : 0;
}

static const char *const S_aliases[] = {"pandoc-json", NULL};
/* .json is shared with the native and CSL JSON readers (the probes
   decide); .pandoc.json is this format's alone, and the one written. */
static const char *const S_extensions[] = {"pandoc.json", "json", NULL};
static const char *const S_write_extensions[] = {"pandoc.json", NULL};
static const char *const S_media[] = {"application/json", NULL};
static const char *const S_write_keys[] = {"pandoc-api-version", NULL};

static const recto_plugin S_descs[] = {
    {RECTO_PLUGIN_HEADER, RECTO_PLUGIN_READER, RECTO_PLUGIN_TEXT_INPUT,
     "json", S_aliases, S_extensions, S_media,
     "pandoc's JSON AST (pandoc-types API 1.22 and 1.23)", "1.0", S_probe,
     pj_read, NULL, NULL, NULL, {NULL, NULL, NULL}},
    {RECTO_PLUGIN_HEADER, RECTO_PLUGIN_WRITER, 0, "json", S_aliases,
     S_write_extensions, S_media, "pandoc's JSON AST (pandoc-types API 1.23, or 1.22)", "1.0",
     NULL, NULL, pj_write, NULL, S_write_keys, {NULL, NULL, NULL}},
};

RECTO_PLUGIN_EXPORT const recto_plugin *recto_plugin_descriptor(uint32_t index);

RECTO_PLUGIN_EXPORT const recto_plugin *recto_plugin_descriptor(uint32_t index) {
  return index < sizeof S_descs / sizeof S_descs[0] ? &S_descs[index] : NULL;
}
