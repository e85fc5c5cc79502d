/*
 * harness.h: a tiny test harness in the manner of cmark's api_test:
 * every check counts, a failure prints where and why, main returns
 * non-zero if anything failed.
 */
#ifndef RECTO_TEST_HARNESS_H
#define RECTO_TEST_HARNESS_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct test_batch {
  int run, failed, quiet;
} test_batch;

#define OK(t, cond, ...) \
  S_ok((t), (cond) != 0, __FILE__, __LINE__, __VA_ARGS__)
#define INT_EQ(t, got, expected, ...) \
  S_int_eq((t), (long long)(got), (long long)(expected), __FILE__, __LINE__, \
           __VA_ARGS__)
#define STR_EQ(t, got, expected, ...) \
  S_str_eq((t), (got), (expected), __FILE__, __LINE__, __VA_ARGS__)

static inline void S_fail_head(test_batch *t, const char *file, int line) {
  t->failed++;
  fprintf(stderr, "FAILED %s:%d: ", file, line);
}

static inline int S_ok(test_batch *t, int cond, const char *file, int line,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static inline int S_int_eq(test_batch *t, long long got, long long expected,
                           const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static inline int S_str_eq(test_batch *t, const char *got,
                           const char *expected, const char *file, int line,
                           const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static inline void S_vmsg(const char *fmt, va_list ap) {
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
}

static inline int S_ok(test_batch *t, int cond, const char *file, int line,
                       const char *fmt, ...) {
  t->run++;
  if (cond)
    return 1;
  S_fail_head(t, file, line);
  va_list ap;
  va_start(ap, fmt);
  S_vmsg(fmt, ap);
  va_end(ap);
  return 0;
}

static inline int S_int_eq(test_batch *t, long long got, long long expected,
                           const char *file, int line, const char *fmt, ...) {
  t->run++;
  if (got == expected)
    return 1;
  S_fail_head(t, file, line);
  va_list ap;
  va_start(ap, fmt);
  S_vmsg(fmt, ap);
  va_end(ap);
  fprintf(stderr, "  got %lld, expected %lld\n", got, expected);
  return 0;
}

static inline int S_str_eq(test_batch *t, const char *got,
                           const char *expected, const char *file, int line,
                           const char *fmt, ...) {
  t->run++;
  if ((!got && !expected) || (got && expected && strcmp(got, expected) == 0))
    return 1;
  S_fail_head(t, file, line);
  va_list ap;
  va_start(ap, fmt);
  S_vmsg(fmt, ap);
  va_end(ap);
  fprintf(stderr, "  got      %s%s%s\n  expected %s%s%s\n",
          got ? "\"" : "", got ? got : "NULL", got ? "\"" : "",
          expected ? "\"" : "", expected ? expected : "NULL",
          expected ? "\"" : "");
  return 0;
}

/* Summary line; the exit status of the test program. */
static inline int test_report(test_batch *t, const char *name) {
  printf("%s: %d checks, %d failed\n", name, t->run, t->failed);
  return t->failed ? 1 : 0;
}

#endif
