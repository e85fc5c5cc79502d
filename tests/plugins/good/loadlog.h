/* loadlog.h: test plugins append their name to $RECTO_TEST_LOADLOG when
   loaded, so that the tests can count which files the host opened. */
#ifndef RECTO_TEST_LOADLOG_H
#define RECTO_TEST_LOADLOG_H

#include <stdio.h>
#include <stdlib.h>

#define TEST_LOG_LOADING(name)                                               \
  __attribute__((constructor)) static void S_loaded(void) {                 \
    const char *log = getenv("RECTO_TEST_LOADLOG");                          \
    FILE *fp = log ? fopen(log, "a") : NULL;                                 \
    if (fp) {                                                                \
      fputs(name "\n", fp);                                                  \
      fclose(fp);                                                            \
    }                                                                        \
  }

#endif
