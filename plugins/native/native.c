/* native.c: descriptors of the native reader and writer. */
#include <string.h>

#include "native.h"

/* Sure when the version key opens the text. */
static int S_probe(const unsigned char *head, size_t len) {
  size_t i = 0;
  if (len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < len && strchr(" \t\r\n", head[i]))
    i++;
  if (i >= len || head[i] != '{')
    return 0;
  i++;
  while (i < len && strchr(" \t\r\n", head[i]))
    i++;
  static const char key[] = "\"recto-native\"";
  if (len - i >= sizeof key - 1 && memcmp(head + i, key, sizeof key - 1) == 0)
    return 100;
  return 0;
}

static const char *const S_extensions[] = {"native", NULL};
static const char *const S_media[] = {"application/x-recto-native+json",
                                      NULL};

static const recto_plugin S_descs[] = {
    {RECTO_PLUGIN_HEADER, RECTO_PLUGIN_READER, RECTO_PLUGIN_TEXT_INPUT,
     "native", NULL, S_extensions, S_media,
     "recto native AST (versioned JSON dump of the document model)", "1.0",
     S_probe, native_read, NULL, NULL, {NULL, NULL, NULL, NULL}},
    {RECTO_PLUGIN_HEADER, RECTO_PLUGIN_WRITER, 0, "native", NULL,
     S_extensions, S_media,
     "recto native AST (versioned JSON dump of the document model)", "1.0",
     NULL, NULL, native_write, NULL, {NULL, NULL, NULL, NULL}},
};

RECTO_PLUGIN_EXPORT const recto_plugin *recto_plugin_descriptor(uint32_t index);

RECTO_PLUGIN_EXPORT const recto_plugin *recto_plugin_descriptor(uint32_t index) {
  return index < sizeof S_descs / sizeof S_descs[0] ? &S_descs[index] : NULL;
}
