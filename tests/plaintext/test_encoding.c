/* test_encoding.c: recto_text_decode on every supported input shape. */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recto/recto.h"

static int S_failures;
#define CHECK(cond)                                                      \
  do {                                                                   \
    if (!(cond)) {                                                       \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,   \
              #cond);                                                    \
      S_failures++;                                                      \
    }                                                                    \
  } while (0)

/* Diagnostics are collected, not printed. */
typedef struct seen {
  int count[3];
  char last_code[64];
  char last_msg[256];
  unsigned last_line;
} seen;

static void S_handler(const recto_diag *d, void *user) {
  seen *s = user;
  s->count[d->severity]++;
  snprintf(s->last_code, sizeof s->last_code, "%s", d->code);
  snprintf(s->last_msg, sizeof s->last_msg, "%s", d->message);
  s->last_line = d->pos.line;
}

typedef struct result {
  recto_status status;
  const char *used;
  recto_buf out;
  seen diags;
} result;

static void S_decode(const void *data, size_t len, const char *declared,
                     int replace, result *r) {
  recto_context *ctx = recto_context_new();
  memset(r, 0, sizeof *r);
  recto_context_set_handler(ctx, S_handler, &r->diags);
  r->status = recto_text_decode(ctx, data, len, declared, replace, &r->out,
                                &r->used);
  recto_context_free(ctx);
}

/* Bytes of utf8 in encoding to (via iconv), malloc'd. */
static char *S_encode(const char *utf8, const char *to, size_t *len) {
  iconv_t cd = iconv_open(to, "UTF-8");
  if (cd == (iconv_t)-1) {
    perror(to);
    exit(1);
  }
  size_t inleft = strlen(utf8), cap = inleft * 4 + 8, outleft = cap;
  char *out = malloc(cap), *in = (char *)utf8, *o = out;
  if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
    perror("iconv");
    exit(1);
  }
  iconv_close(cd);
  *len = cap - outleft;
  return out;
}

static int S_same(const result *r, const char *expected) {
  return r->out.len == strlen(expected) &&
         memcmp(r->out.data, expected, r->out.len) == 0;
}

static const char S_fa[] =
    "\xD9\x85\xD8\xAC\xD9\x85\xD8\xB9 \xD8\xAE\xD9\x84\xD9\x82 "
    "\xD9\x82\xD8\xB2\xD8\xA7\xD9\x82\xD8\xB3\xD8\xAA\xD8\xA7\xD9\x86\xE2"
    "\x80\x8C\xD9\x87\xD8\xA7 (APK)\r\n\xDB\xB1\xDB\xB9\xDB\xB9\xDB\xB5\n";

/* Arabic, Russian and French running text written for these tests. */
static const char S_ar[] =
    "أعلنت الحكومة في العاصمة عن برنامج جديد للإصلاح السياسي والاقتصادي، "
    "وقال المتحدث إن الانتخابات المقبلة ستجري في موعدها المحدد وإن اللجنة "
    "العليا ستعلن النتائج خلال أسبوع من يوم الاقتراع.\n";
static const char S_ru[] =
    "Правительство объявило о новой программе реформ, а выборы пройдут в "
    "назначенный срок; комиссия опубликует результаты через неделю.\n";
static const char S_fr[] =
    "Le gouvernement a présenté un programme de réformes très ambitieux ; "
    "les élections auront lieu à la date prévue, a déclaré le porte-parole "
    "– sans « surprise ».\n";

static void S_test_utf8(void) {
  result r;
  S_decode(S_fa, strlen(S_fa), NULL, 0, &r);
  CHECK(r.status == RECTO_OK);
  CHECK(strcmp(r.used, "UTF-8") == 0);
  CHECK(S_same(&r, S_fa)); /* ZWNJ, CRLF and digits untouched */
  CHECK(r.diags.count[RECTO_DIAG_WARNING] == 0);
  recto_buf_free(&r.out);

  /* BOM removed */
  char *bom = malloc(strlen(S_fa) + 3);
  memcpy(bom, "\xEF\xBB\xBF", 3);
  memcpy(bom + 3, S_fa, strlen(S_fa));
  S_decode(bom, strlen(S_fa) + 3, NULL, 0, &r);
  CHECK(r.status == RECTO_OK && S_same(&r, S_fa));
  recto_buf_free(&r.out);
  S_decode(bom, strlen(S_fa) + 3, "utf8", 0, &r);
  CHECK(r.status == RECTO_OK && S_same(&r, S_fa));
  recto_buf_free(&r.out);
  free(bom);

  /* empty input */
  S_decode("", 0, NULL, 0, &r);
  CHECK(r.status == RECTO_OK && r.out.len == 0);
  recto_buf_free(&r.out);
}

static void S_test_utf16(void) {
  const char *names[] = {"UTF-16LE", "UTF-16BE"};
  for (int i = 0; i < 2; i++) {
    size_t n;
    char *u = S_encode(S_fa, names[i], &n);
    char *b = malloc(n + 2);
    memcpy(b, i == 0 ? "\xFF\xFE" : "\xFE\xFF", 2);
    memcpy(b + 2, u, n);
    result r;
    S_decode(b, n + 2, NULL, 0, &r);
    CHECK(r.status == RECTO_OK);
    CHECK(strcmp(r.used, names[i]) == 0);
    CHECK(S_same(&r, S_fa));
    recto_buf_free(&r.out);
    /* declared "UTF-16": the BOM gives the order */
    S_decode(b, n + 2, "UTF-16", 0, &r);
    CHECK(r.status == RECTO_OK && S_same(&r, S_fa));
    CHECK(strcmp(r.used, names[i]) == 0);
    recto_buf_free(&r.out);
    /* no BOM: guessed, with a warning */
    S_decode(u, n, NULL, 0, &r);
    CHECK(r.status == RECTO_OK && S_same(&r, S_fa));
    CHECK(strcmp(r.used, names[i]) == 0);
    CHECK(r.diags.count[RECTO_DIAG_WARNING] == 1);
    recto_buf_free(&r.out);
    free(u);
    free(b);
  }
  /* an unpaired surrogate */
  static const unsigned char bad[] = {0xFF, 0xFE, 'a', 0, 0x00, 0xD8, 'b', 0};
  result r;
  S_decode(bad, sizeof bad, NULL, 0, &r);
  CHECK(r.status == RECTO_ERR_INPUT);
  CHECK(strcmp(r.diags.last_code, "encoding.invalid") == 0);
  recto_buf_free(&r.out);
  S_decode(bad, sizeof bad, NULL, 1, &r);
  CHECK(r.status == RECTO_OK);
  CHECK(S_same(&r, "a\xEF\xBF\xBD" "b"));
  recto_buf_free(&r.out);
}

static void S_legacy_case(const char *text, const char *enc,
                          const char *expect_guess) {
  size_t n;
  char *bytes = S_encode(text, enc, &n);
  result r;
  S_decode(bytes, n, NULL, 0, &r);
  CHECK(r.status == RECTO_OK);
  if (strcmp(r.used, expect_guess) != 0)
    fprintf(stderr, "%s read as %s, expected %s\n", enc, r.used,
            expect_guess);
  CHECK(strcmp(r.used, expect_guess) == 0);
  CHECK(S_same(&r, text));
  CHECK(r.diags.count[RECTO_DIAG_WARNING] == 1);
  CHECK(strcmp(r.diags.last_code, "encoding.guess") == 0);
  CHECK(strstr(r.diags.last_msg, expect_guess) != NULL);
  recto_buf_free(&r.out);
  /* declared: no guess, no warning */
  S_decode(bytes, n, enc, 0, &r);
  CHECK(r.status == RECTO_OK && S_same(&r, text));
  CHECK(r.diags.count[RECTO_DIAG_WARNING] == 0);
  recto_buf_free(&r.out);
  free(bytes);
}

static void S_test_legacy(void) {
  S_legacy_case(S_ar, "CP1256", "windows-1256");
  S_legacy_case(S_ar, "ISO-8859-6", "ISO-8859-6");
  S_legacy_case(S_ru, "CP1251", "windows-1251");
  S_legacy_case(S_ru, "KOI8-R", "KOI8-R");
  S_legacy_case(S_fr, "CP1252", "windows-1252");
}

static void S_test_invalid(void) {
  /* one stray byte on line 2 of otherwise valid Persian */
  char buf[256];
  size_t n = strlen(S_fa);
  memcpy(buf, S_fa, n);
  memcpy(buf + n, "\xD8\xA7\xFF\xD8\xA8\n", 6);
  n += 6;
  result r;
  S_decode(buf, n, NULL, 0, &r);
  CHECK(r.status == RECTO_ERR_INPUT);
  CHECK(strcmp(r.diags.last_code, "encoding.invalid") == 0);
  CHECK(r.diags.last_line == 3);
  CHECK(strstr(r.diags.last_msg, "line 3") != NULL);
  CHECK(strstr(r.diags.last_msg, "offset") != NULL);
  recto_buf_free(&r.out);
  /* declared UTF-8 behaves the same */
  S_decode(buf, n, "UTF-8", 0, &r);
  CHECK(r.status == RECTO_ERR_INPUT);
  recto_buf_free(&r.out);
  /* replacement: one U+FFFD, a warning with the count */
  S_decode(buf, n, "UTF-8", 1, &r);
  CHECK(r.status == RECTO_OK);
  CHECK(strstr(r.out.data, "\xD8\xA7\xEF\xBF\xBD\xD8\xA8") != NULL);
  CHECK(r.diags.count[RECTO_DIAG_WARNING] == 1);
  CHECK(strcmp(r.diags.last_code, "encoding.replaced") == 0);
  CHECK(strncmp(r.diags.last_msg, "1 invalid", 9) == 0);
  recto_buf_free(&r.out);
  /* a truncated sequence at the end and an overlong form */
  S_decode("ab\xC0\xAF" "c\xE2\x82", 7, "UTF-8", 1, &r);
  CHECK(r.status == RECTO_OK);
  CHECK(S_same(&r, "ab\xEF\xBF\xBD\xEF\xBF\xBD" "c\xEF\xBF\xBD"));
  recto_buf_free(&r.out);
  /* unknown declared name */
  S_decode("abc", 3, "no-such-encoding", 0, &r);
  CHECK(r.status == RECTO_ERR_USAGE);
  recto_buf_free(&r.out);
}

/* A large valid input decodes whole, to the same bytes. */
static void S_test_large(void) {
  size_t unit = strlen(S_fa) + strlen(S_ar);
  size_t n = (size_t)16 << 20;
  char *big = malloc(n);
  size_t len = 0;
  while (len + unit <= n) {
    memcpy(big + len, S_fa, strlen(S_fa));
    len += strlen(S_fa);
    memcpy(big + len, S_ar, strlen(S_ar));
    len += strlen(S_ar);
  }
  recto_context *ctx = recto_context_new();
  recto_buf out = RECTO_BUF_INIT;
  const char *used;
  recto_status st = recto_text_decode(ctx, (unsigned char *)big, len, NULL,
                                      0, &out, &used);
  CHECK(st == RECTO_OK && out.len == len && memcmp(out.data, big, len) == 0);
  recto_buf_free(&out);
  recto_context_free(ctx);
  free(big);
}

int main(void) {
  S_test_utf8();
  S_test_utf16();
  S_test_legacy();
  S_test_invalid();
  S_test_large();
  if (S_failures)
    fprintf(stderr, "%d check(s) failed\n", S_failures);
  return S_failures ? 1 : 0;
}
