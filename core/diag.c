/* diag.c: the conversion context and how diagnostics reach the user. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct recto_context {
  recto_diag_handler handler;
  void *user;
  char *file;
  size_t counts[3];
};

static const char *const S_severity[] = {"info", "warning", "error"};

/* One line: recto: FILE:LINE:COL: severity: message [code] */
static void S_print(const recto_diag *d, void *user) {
  (void)user;
  if (d->severity == RECTO_DIAG_INFO)
    return;
  recto_buf line = RECTO_BUF_INIT;
  recto_buf_puts(&line, "recto: ");
  if (d->file)
    recto_buf_printf(&line, "%s:", d->file);
  if (d->file && d->pos.line)
    recto_buf_printf(&line, "%u:%u:", (unsigned)d->pos.line,
                     (unsigned)d->pos.column);
  if (d->file)
    recto_buf_putc(&line, ' ');
  recto_buf_printf(&line, "%s: %s", S_severity[d->severity], d->message);
  if (d->code)
    recto_buf_printf(&line, " [%s]", d->code);
  recto_buf_putc(&line, '\n');
  fwrite(line.data, 1, line.len, stderr);
  recto_buf_free(&line);
}

recto_context *recto_context_new(void) {
  recto_context *ctx = recto_xmalloc(sizeof *ctx);
  memset(ctx, 0, sizeof *ctx);
  ctx->handler = S_print;
  return ctx;
}

void recto_context_free(recto_context *ctx) {
  if (!ctx)
    return;
  free(ctx->file);
  free(ctx);
}

void recto_context_set_handler(recto_context *ctx, recto_diag_handler handler,
                               void *user) {
  ctx->handler = handler ? handler : S_print;
  ctx->user = user;
}

void recto_context_set_file(recto_context *ctx, const char *file) {
  free(ctx->file);
  ctx->file = NULL;
  if (file) {
    size_t n = strlen(file) + 1;
    ctx->file = recto_xmalloc(n);
    memcpy(ctx->file, file, n);
  }
}

const char *recto_context_file(const recto_context *ctx) { return ctx->file; }

void recto_diag_vemit(recto_context *ctx, recto_severity severity,
                      const char *code, const recto_pos *pos, const char *fmt,
                      va_list ap) {
  if (!ctx)
    return;
  if ((unsigned)severity > RECTO_DIAG_ERROR)
    severity = RECTO_DIAG_ERROR;
  recto_buf raw = RECTO_BUF_INIT, msg = RECTO_BUF_INIT, file = RECTO_BUF_INIT;
  recto_buf_vprintf(&raw, fmt, ap);
  /* A diagnostic is one line of text whatever the input holds. */
  recto_buf_put_escaped(&msg, raw.data ? raw.data : "", raw.len);
  recto_buf_putc(&msg, '\0');
  if (ctx->file) {
    recto_buf_put_escaped(&file, ctx->file, strlen(ctx->file));
    recto_buf_putc(&file, '\0');
  }
  recto_diag d = {severity, code, ctx->file ? file.data : NULL, {0, 0, 0},
                  msg.data};
  if (pos)
    d.pos = *pos;
  ctx->counts[severity]++;
  ctx->handler(&d, ctx->user);
  recto_buf_free(&raw);
  recto_buf_free(&msg);
  recto_buf_free(&file);
}

void recto_diag_emit(recto_context *ctx, recto_severity severity,
                     const char *code, const recto_pos *pos, const char *fmt,
                     ...) {
  va_list ap;
  va_start(ap, fmt);
  recto_diag_vemit(ctx, severity, code, pos, fmt, ap);
  va_end(ap);
}

size_t recto_diag_count(const recto_context *ctx, recto_severity severity) {
  return (unsigned)severity <= RECTO_DIAG_ERROR ? ctx->counts[severity] : 0;
}
