/*
 * recto/encoding.h: bytes in any supported encoding to UTF-8, once, at input.
 *
 * Supported: UTF-8 (with or without BOM), UTF-16LE/BE with BOM, and
 * through iconv Windows-1256, ISO-8859-6, Windows-1251, KOI8-R,
 * ISO-8859-1 and Windows-1252 (and any other name iconv knows when it is
 * declared).  Line endings are left as they are.
 */
#ifndef RECTO_ENCODING_H
#define RECTO_ENCODING_H

#include <stddef.h>

#include "recto/buf.h"
#include "recto/diag.h"
#include "recto/plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Decode data into out as UTF-8 (BOM removed).
    declared: an encoding name (--from-encoding), or NULL to detect: a
    BOM decides; valid UTF-8 is UTF-8; otherwise the most likely legacy
    encoding is chosen and a warning names the guess.
    Invalid bytes in (declared or detected) UTF-8: an error naming line
    and byte offset (RECTO_ERR_INPUT), or, when replace_invalid is set,
    U+FFFD for each bad sequence and a warning with the count.
    *used receives a static string naming the encoding read. */
RECTO_API recto_status recto_text_decode(recto_context *ctx,
                                         const unsigned char *data, size_t len,
                                         const char *declared,
                                         int replace_invalid, recto_buf *out,
                                         const char **used);

#ifdef __cplusplus
}
#endif
#endif
