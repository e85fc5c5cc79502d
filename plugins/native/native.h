/*
 * native.h: the native format, a versioned JSON dump of the whole
 * document model (see README in this directory for the shape).
 */
#ifndef RECTO_NATIVE_H
#define RECTO_NATIVE_H

#include "recto/recto.h"

/** The format version written, and the only one read. */
#define NATIVE_VERSION 1

recto_status native_read(recto_context *ctx, const recto_input *input,
                         const recto_options *opts, recto_doc **out);
recto_status native_write(recto_context *ctx, recto_doc *doc,
                          const recto_options *opts, recto_buf *out);

#endif
