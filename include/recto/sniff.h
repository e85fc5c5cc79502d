/*
 * recto/sniff.h: what a file is, told by its content.
 *
 * One table of signatures (core/sniff.c) for every format recto knows of,
 * whether or not a reader for it is installed: XML by its root element
 * and namespace (and DocBook 4 by its DOCTYPE), ZIP containers by their
 * mimetype, [Content_Types].xml and META-INF entries, JSON by its keys,
 * BibTeX only when the text opens with an "@entry{", HTML by its doctype
 * or root, and magic numbers (PDF, RTF, images, archives).
 *
 * The host consults it before the file's extension (registry.h,
 * recto_registry_choose_reader), so that a file is never read as a
 * format it is not; reader plugins call it from their probe so that the
 * signature of their format is written once.
 */
#ifndef RECTO_SNIFF_H
#define RECTO_SNIFF_H

#include <stddef.h>

#include "recto/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What the content says. */
typedef struct recto_sniff {
  /** The format name a reader for it would have ("tei", "docbook",
      "docx", "html", ...), or NULL when no signature matched. */
  const char *format;
  /** What it is, for messages: "DOCX (Office Open XML)". */
  const char *what;
  /** The evidence, for --verbose: "root <TEI> in the TEI namespace". */
  char evidence[192];
} recto_sniff;

/** Look at data (the whole file or at least its first bytes) and fill
    out.  Returns 1 when a signature matched, else 0 (out->format NULL:
    text that claims no format, or unknown binary data). */
RECTO_API int recto_sniff_format(const unsigned char *data, size_t len,
                                 recto_sniff *out);

/** A reader's probe for a format the signatures know: 100 when data's
    signature names format, else 0. */
RECTO_API int recto_sniff_probe(const unsigned char *data, size_t len,
                                const char *format);

/** Whether data decodes as text (no control characters but tab, line
    ends and form feed; UTF-16 with a byte order mark counts). */
RECTO_API int recto_sniff_is_text(const unsigned char *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif
