/*
 * recto/resource.h: what a document may read besides its input.
 *
 * Files a document names -- images, bibliographies in its metadata,
 * style sheets, fonts -- are read through these functions only, so that
 * one policy holds for every reader and writer:
 *
 *  - a resource is a regular file (never a device, a FIFO, a directory,
 *    never a URL: recto reads nothing over the network) of at most
 *    "max-resource-size" bytes (default 64 MB), its size checked before
 *    anything is allocated;
 *  - by default it must lie, symlinks resolved, under the directory of
 *    the input or under a "resource-path" directory; a relative name is
 *    looked up in the input's directory, then in each resource path;
 *  - option "sandbox" true (--sandbox) allows no resource at all, false
 *    (--no-sandbox) allows any path (still regular files within the size);
 *  - a refused resource gets one warning whose wording does not depend on
 *    why (missing, unreadable, outside, device, too large all read alike),
 *    so that a document cannot probe which files exist.
 */
#ifndef RECTO_RESOURCE_H
#define RECTO_RESOURCE_H

#include <stdint.h>

#include "recto/buf.h"
#include "recto/diag.h"
#include "recto/options.h"
#include "recto/plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Option keys (values as strings, see recto_size_parse for sizes). */
#define RECTO_OPT_RESOURCE_PATH "resource-path" /* directories, ':' between */
#define RECTO_OPT_MAX_RESOURCE_SIZE "max-resource-size"
#define RECTO_OPT_SANDBOX "sandbox" /* unset: the directories; true; false */
#define RECTO_DEFAULT_MAX_RESOURCE_SIZE ((uint64_t)64 << 20)

/** "4096", "64K", "64M", "2G" (powers of 1024) into *out; 0 when text is
    not such a size. */
RECTO_API int recto_size_parse(const char *text, uint64_t *out);

/** Read the resource name, named by the document whose file is base
    (NULL or "-": standard input, whose directory is the working one),
    into out (cleared first).  RECTO_OK, or RECTO_ERR_IO after one
    warning at pos (may be NULL). */
RECTO_API recto_status recto_resource_read(recto_context *ctx,
                                           const recto_options *opts,
                                           const char *base, const char *name,
                                           const recto_pos *pos,
                                           recto_buf *out);

/** The same for an image: it is used only when its bytes are one (see
    recto_image_type); *media_type and *ext get its type.  A file that is
    not an image gets the same one warning as any refused resource. */
RECTO_API recto_status recto_resource_read_image(
    recto_context *ctx, const recto_options *opts, const char *base,
    const char *name, const recto_pos *pos, recto_buf *out,
    const char **media_type, const char **ext);

/** The media type of an image from its bytes -- PNG, JPEG, GIF and WebP
    by their signatures; SVG only when the bytes parse as XML (no network,
    no entity declarations) whose root is <svg> in the SVG namespace --
    or NULL.  *ext (may be NULL) gets the usual file extension. */
RECTO_API const char *recto_image_type(const unsigned char *data, size_t len,
                                       const char **ext);

#ifdef __cplusplus
}
#endif
#endif
