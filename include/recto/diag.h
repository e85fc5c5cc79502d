/*
 * recto/diag.h: the conversion context and diagnostics.
 *
 * Plugins never print.  They report through the host with a severity, a
 * stable code ("md.unknown-citation"), a position and a message; the
 * host decides how to show it (one line: file:line:column: severity:
 * message [code]).
 */
#ifndef RECTO_DIAG_H
#define RECTO_DIAG_H

#include <stdarg.h>
#include <stddef.h>

#include "recto/node.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct recto_context recto_context;

typedef enum recto_severity {
  RECTO_DIAG_INFO = 0, /* what was inferred; shown with --verbose */
  RECTO_DIAG_WARNING,
  RECTO_DIAG_ERROR
} recto_severity;

typedef struct recto_diag {
  recto_severity severity;
  const char *code;    /* stable, dotted: "plain.orphan-note" */
  const char *file;    /* input being processed, or NULL */
  recto_pos pos;       /* line 0 = no position */
  const char *message; /* one line, no trailing newline */
} recto_diag;

typedef void (*recto_diag_handler)(const recto_diag *diag, void *user);

RECTO_API recto_context *recto_context_new(void);
RECTO_API void recto_context_free(recto_context *ctx);
/** Replace the handler (default: print to stderr, warnings and errors). */
RECTO_API void recto_context_set_handler(recto_context *ctx,
                                         recto_diag_handler handler,
                                         void *user);
/** The file name put on diagnostics from now on (copied). */
RECTO_API void recto_context_set_file(recto_context *ctx, const char *file);
RECTO_API const char *recto_context_file(const recto_context *ctx);

/** Report a diagnostic; pos may be NULL. */
RECTO_API void recto_diag_emit(recto_context *ctx, recto_severity severity,
                               const char *code, const recto_pos *pos,
                               const char *fmt, ...) RECTO_PRINTF(5, 6);
RECTO_API void recto_diag_vemit(recto_context *ctx, recto_severity severity,
                                const char *code, const recto_pos *pos,
                                const char *fmt, va_list ap);
/** How many diagnostics of this severity were emitted so far. */
RECTO_API size_t recto_diag_count(const recto_context *ctx,
                                  recto_severity severity);

/** The exit status of a process that ran out of memory (the README's
    table of exit codes). */
#define RECTO_EXIT_OUT_OF_MEMORY 7
/** Out of memory: one line on standard error ("recto: error: out of
    memory [memory]"), the temporary files of unfinished outputs removed,
    and the process ends with RECTO_EXIT_OUT_OF_MEMORY -- never SIGABRT.
    librecto's own allocations (arena, buffers) end here; a plugin calls
    it when an allocation of its own fails. */
RECTO_API void recto_out_of_memory(void)
#if defined(__GNUC__)
    __attribute__((noreturn))
#endif
    ;

/** malloc, calloc and realloc that never return NULL: they end in
    recto_out_of_memory (a size of 0 gets a block of its own). */
RECTO_API void *recto_xmalloc(size_t size);
RECTO_API void *recto_xcalloc(size_t count, size_t size);
RECTO_API void *recto_xrealloc(void *p, size_t size);

#ifdef __cplusplus
}
#endif
#endif
