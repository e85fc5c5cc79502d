/* sha1.c: SHA-1 (FIPS 180-4), only to derive a stable publication
   identifier from the content when the document names none.  Not used
   for anything that needs collision resistance. */
#include <stdio.h>
#include <string.h>

#include "epub.h"

static uint32_t S_rol(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

/* The schedule is kept as a ring of 16 words; rounds go five at a time
   with the roles of the working variables rotated instead of moved, and
   each group of 20 rounds has its own loop: no branch on the round. */
#define S_W(i)                                                            \
  (w[(i)&15] = S_rol(w[((i) + 13) & 15] ^ w[((i) + 8) & 15] ^              \
                         w[((i) + 2) & 15] ^ w[(i)&15],                    \
                     1))
#define S_F1(b, c, d) ((d) ^ ((b) & ((c) ^ (d))))
#define S_F2(b, c, d) ((b) ^ (c) ^ (d))
#define S_F3(b, c, d) (((b) & (c)) | ((d) & ((b) | (c))))
#define S_R(f, k, a, b, c, d, e, wi)                                      \
  do {                                                                    \
    e += S_rol(a, 5) + f(b, c, d) + (k) + (wi);                           \
    b = S_rol(b, 30);                                                     \
  } while (0)
#define S_R5(f, k, i, W)                                                  \
  do {                                                                    \
    S_R(f, k, a, b, c, d, e, W(i));                                       \
    S_R(f, k, e, a, b, c, d, W((i) + 1));                                 \
    S_R(f, k, d, e, a, b, c, W((i) + 2));                                 \
    S_R(f, k, c, d, e, a, b, W((i) + 3));                                 \
    S_R(f, k, b, c, d, e, a, W((i) + 4));                                 \
  } while (0)
#define S_W0(i) w[i]

static void S_block(epub_sha1 *s, const unsigned char *p) {
  uint32_t w[16];
  for (int i = 0; i < 16; i++)
    w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
           (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
  uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4];
  S_R5(S_F1, 0x5A827999u, 0, S_W0);
  S_R5(S_F1, 0x5A827999u, 5, S_W0);
  S_R5(S_F1, 0x5A827999u, 10, S_W0);
  S_R(S_F1, 0x5A827999u, a, b, c, d, e, w[15]);
  S_R(S_F1, 0x5A827999u, e, a, b, c, d, S_W(16));
  S_R(S_F1, 0x5A827999u, d, e, a, b, c, S_W(17));
  S_R(S_F1, 0x5A827999u, c, d, e, a, b, S_W(18));
  S_R(S_F1, 0x5A827999u, b, c, d, e, a, S_W(19));
  for (int i = 20; i < 40; i += 5)
    S_R5(S_F2, 0x6ED9EBA1u, i, S_W);
  for (int i = 40; i < 60; i += 5)
    S_R5(S_F3, 0x8F1BBCDCu, i, S_W);
  for (int i = 60; i < 80; i += 5)
    S_R5(S_F2, 0xCA62C1D6u, i, S_W);
  s->h[0] += a;
  s->h[1] += b;
  s->h[2] += c;
  s->h[3] += d;
  s->h[4] += e;
}

#undef S_W
#undef S_W0
#undef S_F1
#undef S_F2
#undef S_F3
#undef S_R
#undef S_R5

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
    if (s->fill == 0 && len >= 64) { /* a whole block: no copy */
      S_block(s, p);
      p += 64;
      len -= 64;
      continue;
    }
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
