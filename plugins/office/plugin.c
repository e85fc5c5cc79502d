/* plugin.c: descriptors of the word-processor readers. */
#include <string.h>

#include "office.h"

/* A zip whose first entry is [Content_Types].xml (Word writes it first)
   or ODF's uncompressed mimetype. */
static int S_probe_docx(const unsigned char *head, size_t len) {
  static const char ct[] = "[Content_Types].xml";
  if (len < 30 + sizeof ct - 1 || memcmp(head, "PK\x03\x04", 4) != 0)
    return 0;
  size_t name_len = (size_t)head[26] | (size_t)head[27] << 8;
  if (name_len == sizeof ct - 1 && memcmp(head + 30, ct, name_len) == 0) {
    /* a word-processing package names its main part early */
    for (size_t k = 30; k + 5 <= len && k < 8192; k++)
      if (memcmp(head + k, "word/", 5) == 0)
        return 90;
    return 40;
  }
  return 0;
}

static int S_probe_odt(const unsigned char *head, size_t len) {
  static const char mt[] = "mimetypeapplication/vnd.oasis.opendocument.text";
  if (len < 30 + sizeof mt - 1 || memcmp(head, "PK\x03\x04", 4) != 0)
    return 0;
  return memcmp(head + 30, mt, sizeof mt - 1) == 0 ? 100 : 0;
}

static const char *const S_docx_ext[] = {"docx", "docm", "dotx", NULL};
static const char *const S_docx_types[] = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml."
    "document",
    NULL};
static const char *const S_odt_ext[] = {"odt", "ott", NULL};
static const char *const S_odt_types[] = {
    "application/vnd.oasis.opendocument.text", NULL};

static const char *const S_docx_keys[] = {"docx.comments", "docx.changes",
                                          NULL};
/* ODT's comments take the DOCX reader's option. */
static const char *const S_odt_keys[] = {"docx.comments", NULL};

static const recto_plugin S_descs[] = {
    {RECTO_PLUGIN_HEADER, RECTO_PLUGIN_READER, 0, "docx", NULL, S_docx_ext,
     S_docx_types,
     "Word documents (Office Open XML): notes, comments, tracked changes, "
     "Zotero/Mendeley/EndNote citations",
     "1.0", S_probe_docx, docx_read, NULL, NULL, S_docx_keys,
     {NULL, NULL, NULL}},
    {RECTO_PLUGIN_HEADER, RECTO_PLUGIN_READER, 0, "odt", NULL, S_odt_ext,
     S_odt_types,
     "OpenDocument text: notes, annotations, bibliography marks", "1.0",
     S_probe_odt, odt_read, NULL, NULL, S_odt_keys, {NULL, NULL, NULL}},
};

RECTO_PLUGIN_EXPORT const recto_plugin *recto_plugin_descriptor(uint32_t index);

RECTO_PLUGIN_EXPORT const recto_plugin *recto_plugin_descriptor(uint32_t index) {
  return index < sizeof S_descs / sizeof S_descs[0] ? &S_descs[index] : NULL;
}
