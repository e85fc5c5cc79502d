/* native.c: descriptors of the native reader and writer. */
#include <string.h>

#include "json.h"
#include "native.h"

/* Sure when the content's signature (recto/sniff.h) names the format. */
static int S_probe(const unsigned char *head, size_t len) {
  return recto_sniff_probe(head, len, "native");
}

static const char *const S_extensions[] = {"native", NULL};
/* .json is claimed too, so that the probe competes with the other JSON
   readers (pandoc's, CSL) for such files. */
static const char *const S_read_extensions[] = {"native", "json", NULL};
static const char *const S_media[] = {"application/x-recto-native+json",
                                      NULL};

static const recto_plugin S_descs[] = {
    {RECTO_PLUGIN_HEADER, RECTO_PLUGIN_READER, RECTO_PLUGIN_TEXT_INPUT,
     "native", NULL, S_read_extensions, S_media,
     "recto native AST (versioned JSON dump of the document model)", "1.0",
     S_probe, native_read, NULL, NULL, NULL, {NULL, NULL, NULL}},
    {RECTO_PLUGIN_HEADER, RECTO_PLUGIN_WRITER, 0, "native", NULL,
     S_extensions, S_media,
     "recto native AST (versioned JSON dump of the document model)", "1.0",
     NULL, NULL, native_write, NULL, NULL, {NULL, NULL, NULL}},
};


RECTO_PLUGIN_EXPORT const recto_plugin *recto_plugin_descriptor(uint32_t index) {
  return index < sizeof S_descs / sizeof S_descs[0] ? &S_descs[index] : NULL;
}
