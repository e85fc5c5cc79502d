/* sha1.c: SHA-1 (FIPS 180-4), only to derive a stable publication
   identifier from the content when the document names none.  Not used
   for anything that needs collision resistance. */
#include <stdio.h>
#include <string.h>

#include "epub.h"

static uint32_t S_rol(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

static void S_block(epub_sha1 *s, const unsigned char *b) {
  uint32_t w[80];
  for (int i = 0; i < 16; i++)
    w[i] = (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16 |
           (uint32_t)b[4 * i + 2] << 8 | (uint32_t)b[4 * i + 3];
  for (int i = 16; i < 80; i++)
    w[i] = S_rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
  uint32_t a = s->h[0], bb = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4];
  for (int i = 0; i < 80; i++) {
    uint32_t f, k;
    if (i < 20) {
      f = (bb & c) | (~bb & d);
      k = 0x5A827999u;
    } else if (i < 40) {
      f = bb ^ c ^ d;
      k = 0x6ED9EBA1u;
    } else if (i < 60) {
      f = (bb & c) | (bb & d) | (c & d);
      k = 0x8F1BBCDCu;
    } else {
      f = bb ^ c ^ d;
      k = 0xCA62C1D6u;
    }
    uint32_t t = S_rol(a, 5) + f + e + k + w[i];
    e = d;
    d = c;
    c = S_rol(bb, 30);
    bb = a;
    a = t;
  }
  s->h[0] += a;
  s->h[1] += bb;
  s->h[2] += c;
  s->h[3] += d;
  s->h[4] += e;
}

void epub_sha1_init(epub_sha1 *s) {
  static const uint32_t init[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu,
                                   0x10325476u, 0xC3D2E1F0u};
  memcpy(s->h, init, sizeof init);
  s->len = 0;
  s->fill = 0;
}

void epub_sha1_update(epub_sha1 *s, const void *data, size_t len) {
  const unsigned char *p = data;
  s->len += len;
  while (len) {
    size_t n = 64 - s->fill;
    if (n > len)
      n = len;
    memcpy(s->block + s->fill, p, n);
    s->fill += n;
    p += n;
    len -= n;
    if (s->fill == 64) {
      S_block(s, s->block);
      s->fill = 0;
    }
  }
}

void epub_sha1_final(epub_sha1 *s, unsigned char digest[20]) {
  uint64_t bits = s->len * 8;
  unsigned char pad = 0x80;
  epub_sha1_update(s, &pad, 1);
  pad = 0;
  while (s->fill != 56)
    epub_sha1_update(s, &pad, 1);
  unsigned char len[8];
  for (int i = 0; i < 8; i++)
    len[i] = (unsigned char)(bits >> (56 - 8 * i));
  epub_sha1_update(s, len, 8);
  for (int i = 0; i < 5; i++)
    for (int j = 0; j < 4; j++)
      digest[4 * i + j] = (unsigned char)(s->h[i] >> (24 - 8 * j));
}

void epub_uuid_from_digest(const unsigned char digest[20], char out[46]) {
  unsigned char u[16];
  memcpy(u, digest, 16);
  u[6] = (unsigned char)((u[6] & 0x0f) | 0x50); /* version 5 */
  u[8] = (unsigned char)((u[8] & 0x3f) | 0x80); /* RFC 4122 variant */
  char *p = out + sprintf(out, "urn:uuid:");
  for (int i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10)
      *p++ = '-';
    p += sprintf(p, "%02x", u[i]);
  }
}
