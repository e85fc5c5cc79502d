/* utf8.c: UTF-8 decoding, digits and scripts. */
#include <string.h>
#include <strings.h>

#include "internal.h"

int recto_utf8_decode(const char *str, size_t len, uint32_t *cp) {
  const unsigned char *s = (const unsigned char *)str;
  unsigned char c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  int n;
  uint32_t v, min;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2; v = c & 0x1F; min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3; v = c & 0x0F; min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4; v = c & 0x07; min = 0x10000;
  } else {
    *cp = 0xFFFD;
    return -1;
  }
  if ((size_t)n > len) {
    *cp = 0xFFFD;
    return -1;
  }
  for (int k = 1; k < n; k++) {
    if ((s[k] & 0xC0) != 0x80) {
      *cp = 0xFFFD;
      return -1;
    }
    v = (v << 6) | (s[k] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
    *cp = 0xFFFD;
    return -1;
  }
  *cp = v;
  return n;
}

int recto_utf8_encode(uint32_t cp, char *out) {
  unsigned char *o = (unsigned char *)out;
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    cp = 0xFFFD;
  if (cp < 0x80) {
    o[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (unsigned char)(0xC0 | (cp >> 6));
    o[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (cp >> 12));
    o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | (cp >> 18));
  o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

/* The offset of the first ill-formed sequence, or len.  Written for
   speed: ASCII eight bytes at a time, and the two-byte sequences of
   Arabic-script and Cyrillic text in a tight inner loop. */
size_t recto_utf8_validate(const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < len) {
    while (i + 8 <= len) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if (w & 0x8080808080808080ull)
        break;
      i += 8;
    }
    while (i < len) {
      unsigned c = s[i];
      if (c < 0x80) {
        i++;
        if (c == ' ' || c == '\n')
          continue;
        break; /* back to the ASCII stride after other ASCII */
      }
      if (c >= 0xC2 && c <= 0xDF) {
        if (i + 1 >= len || (s[i + 1] & 0xC0) != 0x80)
          return i;
        i += 2;
        continue;
      }
      if (c >= 0xE0 && c <= 0xEF) {
        if (i + 2 >= len)
          return i;
        unsigned c1 = s[i + 1];
        if ((c1 & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80 ||
            (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F))
          return i;
        i += 3;
        continue;
      }
      if (c >= 0xF0 && c <= 0xF4) {
        if (i + 3 >= len)
          return i;
        unsigned c1 = s[i + 1];
        if ((c1 & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80 ||
            (s[i + 3] & 0xC0) != 0x80 || (c == 0xF0 && c1 < 0x90) ||
            (c == 0xF4 && c1 > 0x8F))
          return i;
        i += 4;
        continue;
      }
      return i;
    }
  }
  return len;
}

int recto_digit_value(uint32_t cp) {
  if (cp >= '0' && cp <= '9')
    return (int)(cp - '0');
  if (cp >= 0x0660 && cp <= 0x0669)
    return (int)(cp - 0x0660);
  if (cp >= 0x06F0 && cp <= 0x06F9)
    return (int)(cp - 0x06F0);
  return -1;
}

recto_script recto_script_of(uint32_t cp) {
  if (cp < 0x80) {
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'))
      return RECTO_SCRIPT_LATIN;
    return RECTO_SCRIPT_OTHER;
  }
  /* the Arabic block first: most non-ASCII text recto sees */
  if (cp >= 0x600 && cp <= 0x6FF) {
    /* Digits, punctuation and the tatweel are shared, not letters. */
    if ((cp >= 0x660 && cp <= 0x66D) || (cp >= 0x6F0 && cp <= 0x6F9) ||
        cp == 0x60C || cp == 0x61B || cp == 0x61F || cp == 0x640 ||
        cp == 0x6D4)
      return RECTO_SCRIPT_OTHER;
    return RECTO_SCRIPT_ARABIC;
  }
  if ((cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
      (cp >= 0x1E00 && cp <= 0x1EFF))
    return RECTO_SCRIPT_LATIN;
  if (cp >= 0x370 && cp <= 0x3FF)
    return RECTO_SCRIPT_GREEK;
  if (cp >= 0x400 && cp <= 0x52F)
    return RECTO_SCRIPT_CYRILLIC;
  if (cp >= 0x5D0 && cp <= 0x5F4)
    return RECTO_SCRIPT_HEBREW;
  if ((cp >= 0x750 && cp <= 0x77F) || (cp >= 0x8A0 && cp <= 0x8FF) ||
      (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF))
    return RECTO_SCRIPT_ARABIC;
  if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
      (cp >= 0xAC00 && cp <= 0xD7AF))
    return RECTO_SCRIPT_CJK;
  return RECTO_SCRIPT_OTHER;
}

int recto_lang_is_rtl(const char *lang) {
  static const char *const rtl[] = {"ar", "fa", "he", "ur", "ps", "ckb",
                                    "yi", "dv", "syr", "sd", "ug", "iw",
                                    "prs", "pes", NULL};
  if (!lang || !*lang)
    return 0;
  size_t n = strcspn(lang, "-_");
  for (const char *const *r = rtl; *r; r++)
    if (strlen(*r) == n && strncasecmp(lang, *r, n) == 0)
      return 1;
  /* A script subtag decides for any language: az-Arab, ku-Arab, ... */
  const char *p = lang + n;
  while (*p) {
    p++;
    size_t m = strcspn(p, "-_");
    if (m == 4 && (strncasecmp(p, "Arab", 4) == 0 ||
                   strncasecmp(p, "Hebr", 4) == 0 ||
                   strncasecmp(p, "Syrc", 4) == 0 ||
                   strncasecmp(p, "Thaa", 4) == 0))
      return 1;
    p += m;
  }
  return 0;
}
