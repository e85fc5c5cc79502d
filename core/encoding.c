/*
 * encoding.c: input bytes to UTF-8, once, at the edge of the pipeline.
 *
 * Order of decisions: a declared encoding wins; else a BOM decides; else
 * valid UTF-8 is UTF-8 (a validation pass and one copy); else UTF-8 that
 * is mostly valid is treated as damaged UTF-8; else the bytes are scored
 * against the legacy encodings we support and the best guess is named in
 * a warning.  Legacy and UTF-16 conversion goes through iconv.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

/* ---- names ---- */

typedef struct enc_name {
  const char *canonical; /* what *used receives */
  const char *iconv_name;
  const char *aliases;   /* NUL-separated, lower case, ends with "\0" */
} enc_name;

/* Known names; anything else that iconv knows is accepted as declared. */
static const enc_name S_names[] = {
    {"UTF-8", "UTF-8", "utf-8\0utf8\0"},
    {"UTF-16LE", "UTF-16LE", "utf-16le\0utf16le\0"},
    {"UTF-16BE", "UTF-16BE", "utf-16be\0utf16be\0"},
    {"UTF-16", "UTF-16", "utf-16\0utf16\0ucs-2\0"},
    {"UTF-32LE", "UTF-32LE", "utf-32le\0"},
    {"UTF-32BE", "UTF-32BE", "utf-32be\0"},
    {"windows-1256", "CP1256", "windows-1256\0cp1256\0win-1256\0"},
    {"ISO-8859-6", "ISO-8859-6", "iso-8859-6\0iso8859-6\0arabic\0"},
    {"windows-1251", "CP1251", "windows-1251\0cp1251\0win-1251\0"},
    {"KOI8-R", "KOI8-R", "koi8-r\0koi8r\0"},
    {"KOI8-U", "KOI8-U", "koi8-u\0"},
    {"windows-1252", "CP1252", "windows-1252\0cp1252\0"},
    {"ISO-8859-1", "ISO-8859-1", "iso-8859-1\0iso8859-1\0latin1\0latin-1\0"},
    {"ISO-8859-15", "ISO-8859-15", "iso-8859-15\0latin9\0"},
    {"US-ASCII", "ASCII", "us-ascii\0ascii\0"},
};

/* The legacy candidates detection chooses from, in tie-break order:
   windows-1256 also holds the French accents of windows-1252, so Latin
   text must reach the tie as windows-1252 first. */
enum { CAND_1252, CAND_8859_1, CAND_1256, CAND_8859_6, CAND_1251,
       CAND_KOI8R, CAND_COUNT };
static const char *const S_cand_names[CAND_COUNT] = {
    "windows-1252", "ISO-8859-1", "windows-1256", "ISO-8859-6",
    "windows-1251", "KOI8-R"};

static const enc_name *S_lookup(const char *name) {
  for (size_t i = 0; i < sizeof S_names / sizeof S_names[0]; i++) {
    for (const char *a = S_names[i].aliases; *a; a += strlen(a) + 1)
      if (strcasecmp(a, name) == 0)
        return &S_names[i];
  }
  return NULL;
}

/* ---- positions for messages ---- */

/* Line (1-based), column in code points (1-based) of byte offset off of
   UTF-8-ish text; CRLF, CR and LF all end a line. */
static recto_pos S_pos_at(const unsigned char *s, size_t off) {
  recto_pos p = {1, 1, off};
  size_t line_start = 0;
  for (size_t i = 0; i < off; i++) {
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= off || s[i + 1] != '\n'))) {
      p.line++;
      line_start = i + 1;
    }
  }
  uint32_t col = 1;
  for (size_t i = line_start; i < off; i++)
    if ((s[i] & 0xC0) != 0x80)
      col++;
  p.column = col;
  return p;
}

/* The same for text in code units of 1 or 2 bytes (legacy, UTF-16). */
static recto_pos S_pos_units(const unsigned char *s, size_t off, size_t unit,
                             int be) {
  recto_pos p = {1, 1, off};
  size_t line_start = 0;
  for (size_t i = 0; i + unit <= off; i += unit) {
    unsigned v = unit == 1 ? s[i] : be ? s[i + 1] | s[i] << 8
                                       : s[i] | s[i + 1] << 8;
    if (v == '\n') {
      p.line++;
      line_start = i + unit;
    }
  }
  p.column = (uint32_t)((off - line_start) / unit + 1);
  return p;
}

/* ---- UTF-8 ---- */

/* Length of the maximal ill-formed subpart starting at s[0] (>= 1), as
   the Unicode standard recommends for U+FFFD substitution. */
static size_t S_bad_len(const unsigned char *s, size_t len) {
  unsigned char c = s[0];
  unsigned char lo = 0x80, hi = 0xBF;
  size_t need;
  if (c >= 0xC2 && c <= 0xDF)
    need = 1;
  else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else
    return 1;
  size_t i = 1;
  while (i <= need && i < len) {
    unsigned char b = s[i];
    if (i == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80)
      break;
    i++;
  }
  return i;
}

typedef struct utf8_stats {
  size_t invalid;   /* ill-formed sequences */
  size_t multibyte; /* well-formed sequences of 2..4 bytes */
} utf8_stats;

static void S_utf8_stats(const unsigned char *s, size_t len, utf8_stats *st) {
  size_t i = 0;
  st->invalid = st->multibyte = 0;
  while (i < len) {
    size_t ok = recto_utf8_validate((const char *)s + i, len - i);
    /* count the multi-byte sequences in the valid stretch */
    for (size_t k = i; k < i + ok; k++)
      if (s[k] >= 0xC0)
        st->multibyte++;
    i += ok;
    if (i < len) {
      st->invalid++;
      i += S_bad_len(s + i, len - i);
    }
  }
}

static recto_status S_utf8(recto_context *ctx, const unsigned char *s,
                           size_t len, int replace_invalid, recto_buf *out,
                           const char *what) {
  size_t first_bad = recto_utf8_validate((const char *)s, len);
  if (first_bad == len) {
    recto_buf_put(out, s, len);
    return RECTO_OK;
  }
  if (!replace_invalid) {
    recto_pos p = S_pos_at(s, first_bad);
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "encoding.invalid", &p,
                    "invalid %s at line %u, byte offset %llu (byte 0x%02X); "
                    "use the replace-invalid option to substitute U+FFFD",
                    what, (unsigned)p.line, (unsigned long long)first_bad,
                    (unsigned)s[first_bad]);
    return RECTO_ERR_INPUT;
  }
  size_t i = 0, count = 0;
  recto_pos firstp = S_pos_at(s, first_bad);
  recto_buf_grow(out, len + 16);
  while (i < len) {
    size_t ok = recto_utf8_validate((const char *)s + i, len - i);
    recto_buf_put(out, s + i, ok);
    i += ok;
    if (i < len) {
      recto_buf_put(out, "\xEF\xBF\xBD", 3);
      count++;
      i += S_bad_len(s + i, len - i);
    }
  }
  recto_diag_emit(ctx, RECTO_DIAG_WARNING, "encoding.replaced", &firstp,
                  "%zu invalid %s sequence%s replaced by U+FFFD (first at "
                  "line %u, byte offset %llu)",
                  count, what, count == 1 ? "" : "s", (unsigned)firstp.line,
                  (unsigned long long)first_bad);
  return RECTO_OK;
}

/* ---- iconv ---- */

static recto_status S_iconv(recto_context *ctx, const unsigned char *data,
                            size_t len, const char *from, const char *label,
                            int replace_invalid, recto_buf *out) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == (iconv_t)-1) {
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "encoding.unknown", NULL,
                    "unknown encoding '%s'", label);
    return RECTO_ERR_USAGE;
  }
  char *in = (char *)data;
  size_t inleft = len, count = 0;
  size_t first_bad = (size_t)-1;
  recto_pos firstp = {0, 0, 0};
  recto_status st = RECTO_OK;
  /* code unit size and byte order, for positions and for skipping */
  size_t unit = strncasecmp(from, "UTF-16", 6) == 0 ? 2 : 1;
  int be = unit == 2 && strcasecmp(from, "UTF-16BE") == 0;
  /* Legacy single-byte text grows at most threefold; UTF-16 by 3/2. */
  recto_buf_grow(out, len * 3 + 16);
  while (inleft > 0) {
    if (out->cap - out->len < 64)
      recto_buf_grow(out, out->cap);
    char *o = out->data + out->len;
    size_t oleft = out->cap - out->len - 1;
    size_t r = iconv(cd, &in, &inleft, &o, &oleft);
    out->len = (size_t)(o - out->data);
    out->data[out->len] = '\0';
    if (r != (size_t)-1)
      break;
    if (errno == E2BIG) {
      recto_buf_grow(out, out->cap);
      continue;
    }
    /* EILSEQ or EINVAL (truncated at the end): one bad unit */
    size_t off = (size_t)((unsigned char *)in - data);
    if (first_bad == (size_t)-1) {
      first_bad = off;
      firstp = S_pos_units(data, off, unit, be);
    }
    if (!replace_invalid) {
      recto_diag_emit(ctx, RECTO_DIAG_ERROR, "encoding.invalid", &firstp,
                      "invalid %s at line %u, byte offset %llu (byte 0x%02X)",
                      label, (unsigned)firstp.line, (unsigned long long)off,
                      (unsigned)data[off]);
      st = RECTO_ERR_INPUT;
      break;
    }
    recto_buf_put(out, "\xEF\xBF\xBD", 3);
    count++;
    size_t skip = unit > inleft ? inleft : unit;
    in += skip;
    inleft -= skip;
    iconv(cd, NULL, NULL, NULL, NULL);
  }
  iconv_close(cd);
  if (st == RECTO_OK && count > 0)
    recto_diag_emit(ctx, RECTO_DIAG_WARNING, "encoding.replaced", &firstp,
                    "%zu invalid %s sequence%s replaced by U+FFFD (first at "
                    "line %u, byte offset %llu)",
                    count, label, count == 1 ? "" : "s",
                    (unsigned)firstp.line, (unsigned long long)first_bad);
  return st;
}

/* ---- detection of legacy encodings ---- */

/* How typical a decoded code point is of running text: frequent letters
   score high, rare ones low, and C1 controls or undefined bytes (mapped
   to 0 here) are penalised hard. */
static double S_weight(uint32_t cp) {
  if (cp == 0 || (cp >= 0x80 && cp < 0xA0))
    return -40.0;
  /* Arabic script: frequent letters of Arabic and Persian text */
  if (cp >= 0x0600 && cp <= 0x06FF) {
    static const uint32_t top[] = {0x0627, 0x0644, 0x064A, 0x0645, 0x0648,
                                   0x0646, 0x0631, 0x0647, 0x062A, 0x0628,
                                   0x0639, 0x062F, 0x0649, 0x0629, 0x0641,
                                   0x0642, 0x0633, 0x0643, 0x06CC, 0x06A9};
    for (size_t i = 0; i < sizeof top / sizeof top[0]; i++)
      if (top[i] == cp)
        return 3.0;
    if (cp >= 0x064B && cp <= 0x0652)
      return -1.0; /* harakat: rare in ordinary text */
    if (cp >= 0x0621 && cp <= 0x064A)
      return 1.5;
    return 1.0;
  }
  /* Cyrillic: lower case dominates running text */
  if (cp >= 0x0430 && cp <= 0x044F) {
    static const uint32_t top[] = {0x043E, 0x0435, 0x0430, 0x0438, 0x043D,
                                   0x0442, 0x0441, 0x0440, 0x0432, 0x043B};
    for (size_t i = 0; i < sizeof top / sizeof top[0]; i++)
      if (top[i] == cp)
        return 3.0;
    return 1.5;
  }
  if (cp >= 0x0400 && cp <= 0x042F)
    return 0.3;
  if (cp == 0x0451 || cp == 0x0401)
    return 1.0;
  /* Latin-1 letters: accented vowels are the common ones */
  if (cp >= 0xC0 && cp <= 0xFF && cp != 0xD7 && cp != 0xF7) {
    switch (cp) {
    case 0xE9: case 0xE8: case 0xE0: case 0xE7: case 0xFC: case 0xF6:
    case 0xE4: case 0xE1: case 0xED: case 0xF3: case 0xFA: case 0xF1:
    case 0xEA: case 0xDF:
      return 3.0;
    default:
      return cp >= 0xE0 ? 1.0 : 0.4;
    }
  }
  /* punctuation that legacy text really uses */
  switch (cp) {
  case 0xA0: case 0xAB: case 0xBB: case 0x2013: case 0x2014: case 0x2018:
  case 0x2019: case 0x201C: case 0x201D: case 0x2026: case 0x060C:
  case 0x061B: case 0x061F: case 0x0640: case 0x200C: case 0x200D:
    return 0.8;
  default:
    return 0.0;
  }
}

/* Code point of byte b (>= 0x80) in an encoding, via iconv; 0 when the
   byte is undefined there. */
static void S_high_table(const char *iconv_name, uint32_t table[128]) {
  iconv_t cd = iconv_open("UTF-32LE", iconv_name);
  for (int b = 0; b < 128; b++) {
    table[b] = 0;
    if (cd == (iconv_t)-1)
      continue;
    char in = (char)(b + 0x80);
    unsigned char outb[8];
    char *ip = &in, *op = (char *)outb;
    size_t il = 1, ol = sizeof outb;
    if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 && ol == 4)
      table[b] = (uint32_t)outb[0] | (uint32_t)outb[1] << 8 |
                 (uint32_t)outb[2] << 16 | (uint32_t)outb[3] << 24;
    iconv(cd, NULL, NULL, NULL, NULL);
  }
  if (cd != (iconv_t)-1)
    iconv_close(cd);
}

static int S_is_latin_script(uint32_t cp) {
  return cp >= 0xC0 && cp <= 0x24F;
}

/* Choose the most likely legacy encoding.  High bytes are counted
   separately when they stand between other high bytes (words of a
   non-Latin script) and when they sit among ASCII letters (accents in
   Latin words); each candidate's reading of them is scored. */
static int S_guess_legacy(const unsigned char *s, size_t len) {
  static const char *const iconv_names[CAND_COUNT] = {
      "CP1252", "ISO-8859-1", "CP1256", "ISO-8859-6", "CP1251", "KOI8-R"};
  size_t in_run[128] = {0}, in_latin[128] = {0};
  size_t sample = len > (1u << 20) ? (1u << 20) : len;
  for (size_t i = 0; i < sample; i++) {
    if (s[i] < 0x80)
      continue;
    int prev_high = i > 0 && s[i - 1] >= 0x80;
    int next_high = i + 1 < sample && s[i + 1] >= 0x80;
    if (prev_high || next_high)
      in_run[s[i] - 0x80]++;
    else
      in_latin[s[i] - 0x80]++;
  }
  int best = CAND_1252;
  double best_score = -1e300;
  for (int c = 0; c < CAND_COUNT; c++) {
    uint32_t table[128];
    S_high_table(iconv_names[c], table);
    double score = 0;
    for (int b = 0; b < 128; b++) {
      if (!in_run[b] && !in_latin[b])
        continue;
      uint32_t cp = table[b];
      double w = S_weight(cp);
      int latin = S_is_latin_script(cp);
      /* a Latin accent is expected inside ASCII words, a letter of
         another script next to others of its kind */
      double w_run = w > 0 && latin ? w * 0.5 : w;
      double w_iso = w > 0 && !latin ? w * 0.3 : w;
      score += (double)in_run[b] * w_run + (double)in_latin[b] * w_iso;
    }
    if (score > best_score + 1e-9) {
      best_score = score;
      best = c;
    }
  }
  return best;
}

/* UTF-16 without a BOM: the high bytes of the code units of a text
   take few values (0x00 for Latin, 0x06 for Arabic script, ...) while
   the low bytes vary.  Returns 1 for LE, 2 for BE, 0 otherwise. */
static int S_guess_utf16(const unsigned char *s, size_t len) {
  if (len < 8 || len % 2)
    return 0;
  size_t n = len > 8192 ? 8192 : len;
  size_t hist[2][256] = {{0}};
  for (size_t i = 0; i < n; i++)
    hist[i % 2][s[i]]++;
  double top3[2];
  for (int p = 0; p < 2; p++) {
    size_t a = 0, b = 0, c = 0;
    for (int v = 0; v < 256; v++) {
      size_t h = hist[p][v];
      if (h > a) { c = b; b = a; a = h; }
      else if (h > b) { c = b; b = h; }
      else if (h > c) c = h;
    }
    top3[p] = (double)(a + b + c) / (double)(n / 2);
  }
  if (top3[1] >= 0.9 && top3[0] < 0.7)
    return 1; /* odd bytes are the high halves: little endian */
  if (top3[0] >= 0.9 && top3[1] < 0.7)
    return 2;
  return 0;
}

/* ---- entry point ---- */

recto_status recto_text_decode(recto_context *ctx, const unsigned char *data,
                               size_t len, const char *declared,
                               int replace_invalid, recto_buf *out,
                               const char **used) {
  return text_decode_owned(ctx, data, len, declared, replace_invalid, NULL,
                           out, used);
}

recto_status text_decode_owned(recto_context *ctx, const unsigned char *data,
                               size_t len, const char *declared,
                               int replace_invalid, recto_buf *owned,
                               recto_buf *out, const char **used) {
  static const char *const names_u16[2] = {"UTF-16LE", "UTF-16BE"};
  const char *dummy;
  if (!used)
    used = &dummy;
  if (!data)
    len = 0;
  int bom8 = len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF;
  int bom16le = len >= 2 && data[0] == 0xFF && data[1] == 0xFE;
  int bom16be = len >= 2 && data[0] == 0xFE && data[1] == 0xFF;

  if (declared && *declared) {
    const enc_name *e = S_lookup(declared);
    if (e && strcmp(e->canonical, "UTF-8") == 0) {
      *used = e->canonical;
      if (bom8)
        data += 3, len -= 3;
      return S_utf8(ctx, data, len, replace_invalid, out, "UTF-8");
    }
    if (e && strcmp(e->canonical, "UTF-16") == 0) {
      /* the BOM tells the byte order; without one, guess, then BE */
      int le = bom16le || (!bom16be && S_guess_utf16(data, len) == 1);
      if (bom16le || bom16be)
        data += 2, len -= 2;
      *used = names_u16[le ? 0 : 1];
      return S_iconv(ctx, data, len, *used, *used, replace_invalid, out);
    }
    if (e) {
      if ((bom16le && strcmp(e->canonical, "UTF-16LE") == 0) ||
          (bom16be && strcmp(e->canonical, "UTF-16BE") == 0))
        data += 2, len -= 2;
      *used = e->canonical;
      return S_iconv(ctx, data, len, e->iconv_name, e->canonical,
                     replace_invalid, out);
    }
    /* A name we do not list: iconv may still know it.  *used then
       points at the caller's string. */
    *used = declared;
    return S_iconv(ctx, data, len, declared, declared, replace_invalid, out);
  }

  if (bom8) {
    *used = "UTF-8";
    return S_utf8(ctx, data + 3, len - 3, replace_invalid, out, "UTF-8");
  }
  if (bom16le || bom16be) {
    *used = names_u16[bom16le ? 0 : 1];
    return S_iconv(ctx, data + 2, len - 2, *used, *used, replace_invalid,
                   out);
  }
  /* The common case: valid UTF-8, one pass and one copy. */
  size_t first_bad = recto_utf8_validate((const char *)data, len);
  if (first_bad == len) {
    *used = "UTF-8";
    if (owned && owned->data == (const char *)data && owned->len == len &&
        !out->data) {
      /* the bytes read are the text: take them instead of a copy */
      *out = *owned;
      *owned = (recto_buf)RECTO_BUF_INIT;
    } else {
      recto_buf_put(out, data, len);
    }
    return RECTO_OK;
  }
  int u16 = S_guess_utf16(data, len);
  if (u16) {
    *used = names_u16[u16 - 1];
    recto_diag_emit(ctx, RECTO_DIAG_WARNING, "encoding.guess", NULL,
                    "input has no byte order mark; read as %s (guessed)",
                    *used);
    return S_iconv(ctx, data, len, *used, *used, replace_invalid, out);
  }
  /* Mostly well-formed multi-byte sequences: damaged UTF-8, not a legacy
     encoding (legacy text almost never forms valid UTF-8 pairs). */
  utf8_stats st;
  S_utf8_stats(data, len, &st);
  if (st.multibyte >= 4 && st.invalid * 8 <= st.multibyte) {
    *used = "UTF-8";
    return S_utf8(ctx, data, len, replace_invalid, out, "UTF-8");
  }
  int c = S_guess_legacy(data, len);
  *used = S_cand_names[c];
  recto_diag_emit(ctx, RECTO_DIAG_WARNING, "encoding.guess", NULL,
                  "input is not UTF-8; read as %s (guessed; use "
                  "--from-encoding to choose)",
                  *used);
  const enc_name *e = S_lookup(*used);
  return S_iconv(ctx, data, len, e->iconv_name, e->canonical,
                 replace_invalid, out);
}
