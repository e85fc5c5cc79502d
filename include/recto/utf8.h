/*
 * recto/utf8.h: UTF-8 and script helpers shared by readers and writers.
 */
#ifndef RECTO_UTF8_H
#define RECTO_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "recto/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Decode one code point from s (len > 0 bytes).  Returns the number of
    bytes used (1..4); on invalid UTF-8 returns -1 and sets *cp = U+FFFD. */
RECTO_API int recto_utf8_decode(const char *s, size_t len, uint32_t *cp);
/** Encode cp into out (4 bytes at least); returns bytes written. */
RECTO_API int recto_utf8_encode(uint32_t cp, char *out);
/** The byte offset of the first invalid sequence, or len if valid. */
RECTO_API size_t recto_utf8_validate(const char *s, size_t len);

/** 0..9 for ASCII, Arabic-Indic (U+0660..) and Persian (U+06F0..) digits,
    else -1. */
RECTO_API int recto_digit_value(uint32_t cp);

typedef enum recto_script {
  RECTO_SCRIPT_OTHER = 0, /* punctuation, digits, spaces, symbols */
  RECTO_SCRIPT_LATIN,
  RECTO_SCRIPT_ARABIC,    /* Arabic script (Arabic, Persian, Urdu, ...) */
  RECTO_SCRIPT_HEBREW,
  RECTO_SCRIPT_CYRILLIC,
  RECTO_SCRIPT_GREEK,
  RECTO_SCRIPT_CJK
} recto_script;

RECTO_API recto_script recto_script_of(uint32_t cp);
/** Whether a BCP 47 tag names a right-to-left language (ar, fa, he, ur,
    ps, ckb, yi, dv, syr; or a -Arab / -Hebr script subtag). */
RECTO_API int recto_lang_is_rtl(const char *lang);

#ifdef __cplusplus
}
#endif
#endif
