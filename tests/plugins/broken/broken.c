/* broken.c: plugins the host must refuse, one per build (see
   meson.build): BROKEN_ABI_MAJOR (built for ABI 99), BROKEN_ABI_MINOR (a
   newer minor than the host's), BROKEN_SIZE (a descriptor smaller than
   ABI 1.0's), BROKEN_NO_CALLBACK (a writer without write), BROKEN_NO_ENTRY
   (no entry symbol at all).  tests/plugins/hostile builds it with
   BROKEN_ABI_MAJOR and one of HOSTILE_MARKER (the constructor writes the
   id of the process that loads it to $RECTO_TEST_MARKER), HOSTILE_CRASH
   (it dies of SIGSEGV) or HOSTILE_EXIT (it ends the process). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "recto/recto.h"

#if defined(HOSTILE_MARKER) || defined(HOSTILE_CRASH) || defined(HOSTILE_EXIT)
__attribute__((constructor)) static void S_on_load(void) {
#if defined(HOSTILE_MARKER)
  const char *path = getenv("RECTO_TEST_MARKER");
  FILE *fp = path ? fopen(path, "a") : NULL;
  if (fp) {
    fprintf(fp, "%ld\n", (long)getpid());
    fclose(fp);
  }
#elif defined(HOSTILE_CRASH)
  raise(SIGSEGV);
#else
  exit(0);
#endif
}
#endif

#ifndef BROKEN_NO_ENTRY
__attribute__((unused)) static recto_status S_write(recto_context *ctx, recto_doc *doc,
                            const recto_options *opts, recto_buf *out) {
  (void)ctx;
  (void)doc;
  (void)opts;
  recto_buf_puts(out, "must never run\n");
  return RECTO_OK;
}

static const char *const S_ext[] = {"brk", NULL};

static const recto_plugin S_plugin = {
#if defined(BROKEN_ABI_MAJOR)
    99, 0, (uint32_t)sizeof(recto_plugin),
#elif defined(BROKEN_ABI_MINOR)
    RECTO_PLUGIN_ABI_MAJOR, RECTO_PLUGIN_ABI_MINOR + 1,
    (uint32_t)sizeof(recto_plugin),
#elif defined(BROKEN_SIZE)
    RECTO_PLUGIN_ABI_MAJOR, RECTO_PLUGIN_ABI_MINOR, 16,
#else
    RECTO_PLUGIN_HEADER,
#endif
    RECTO_PLUGIN_WRITER, 0, "brokenwriter", NULL, S_ext, NULL,
    "a plugin the host must refuse", "0.1", NULL, NULL,
#ifdef BROKEN_NO_CALLBACK
    NULL,
#else
    S_write,
#endif
    NULL, NULL, {NULL, NULL, NULL}};

RECTO_PLUGIN_EXPORT const recto_plugin *recto_plugin_descriptor(uint32_t index) {
  return index == 0 ? &S_plugin : NULL;
}
#else
/* Exports something, just not the entry point. */
RECTO_PLUGIN_EXPORT int recto_plugin_descriptors(void) { return 0; }
#endif
