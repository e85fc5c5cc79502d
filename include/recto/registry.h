/*
 * recto/registry.h: the plugin host and the conversion steps that the
 * command line and batch mode share.
 *
 * A registry holds the plugins found on a search path.  Loading checks
 * each descriptor against the ABI before anything else is read (see
 * plugin.h), refuses broken files with one warning each and goes on.
 * What was learnt about each file is kept in a cache keyed by the file's
 * identity (device, inode, size, modification time), so that a later
 * run opens only the plugins its conversion uses.
 *
 * Lookups never call into a plugin, except recto_registry_choose_reader
 * when it has to probe.  recto_registry_plugin opens a plugin's file on
 * first use; it, the lookups and the pipeline functions may be called
 * from several threads at once once loading is done.
 */
#ifndef RECTO_REGISTRY_H
#define RECTO_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "recto/plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct recto_registry recto_registry;

/** What the host knows of one registered descriptor.  Strings and arrays
    belong to the registry and live until recto_registry_free. */
typedef struct recto_plugin_info {
  recto_plugin_kind kind;
  uint32_t flags;
  const char *name;
  const char *const *aliases;    /* NULL-terminated, never NULL */
  const char *const *extensions; /* without dot; NULL-terminated, never NULL */
  const char *description;       /* never NULL */
  const char *version;           /* never NULL */
  const char *file;              /* the shared object it comes from */
  int has_probe;
  const char *const *option_keys; /* -O keys; NULL-terminated, never NULL
                                     (appended: the fields above keep
                                     their places) */
} recto_plugin_info;

RECTO_API recto_registry *recto_registry_new(void);
/** Closes the plugins; descriptors and infos become invalid. */
RECTO_API void recto_registry_free(recto_registry *reg);

/** Append a directory (its *.so files) or a single .so file to the
    search path.  Earlier entries win over later ones. */
RECTO_API void recto_registry_add_path(recto_registry *reg, const char *path);
/** Append the default places: each entry of RECTO_PLUGIN_PATH
    (colon-separated), then every subdirectory of the build tree's plugin
    directory when the running program lives in the build tree, then the
    installed plugin directory.  RECTO_PLUGIN_SYSTEM_PATH, when set,
    replaces the last two (empty: none).  Relative entries are skipped
    (recto_registry_load warns about them, code "plugin.path"). */
RECTO_API void recto_registry_add_default_paths(recto_registry *reg);
/** The cache file: NULL for the default (RECTO_PLUGIN_CACHE, else
    $XDG_CACHE_HOME/recto/plugins.cache, else ~/.cache/recto/...), ""
    to do without one.  Call before recto_registry_load. */
RECTO_API void recto_registry_set_cache(recto_registry *reg, const char *file);
/** Scan the search path once.  New or changed files are examined in a
    child process.  Refused files and directories (code "plugin.refused":
    broken, crashing, or writable by others than their owner and root) and
    names claimed twice ("plugin.duplicate") are reported as warnings on
    ctx.  Returns the number of descriptors registered. */
RECTO_API size_t recto_registry_load(recto_registry *reg, recto_context *ctx);

/** Registered descriptors in search order (index < count). */
RECTO_API size_t recto_registry_count(const recto_registry *reg);
RECTO_API const recto_plugin_info *recto_registry_at(const recto_registry *reg,
                                                     size_t index);
/** The plugin of this kind called name (or with that alias), or NULL. */
RECTO_API const recto_plugin_info *
recto_registry_find(const recto_registry *reg, recto_plugin_kind kind,
                    const char *name);
/** The plugin of this kind whose extension is the longest suffix of
    filename (so ".tei.xml" beats ".xml"), among those having every bit
    of flags.  *ties (may be NULL) receives how many other plugins claim
    an equally long extension.  NULL when none matches. */
RECTO_API const recto_plugin_info *
recto_registry_find_by_extension(const recto_registry *reg,
                                 recto_plugin_kind kind, uint32_t flags,
                                 const char *filename, size_t *ties);
/** How many bytes of the input a probe is shown at most. */
#define RECTO_PROBE_MAX 65536

/** The reader for filename with this content (head may be NULL; give
    the whole file when it is in memory, so that a ZIP file's entries can
    be seen): first by the content's signature (sniff.h), whatever the
    extension; a file whose signature names a format without a reader
    (and that no sure probe claims) is refused with an ERROR
    "format.no-reader" and NULL.  Without a signature: by extension, and
    by probing when the extension is ambiguous, generic (".xml") or
    unknown.  Says how it decided with an INFO diagnostic.  NULL when
    nothing fits. */
RECTO_API const recto_plugin_info *
recto_registry_choose_reader(recto_registry *reg, recto_context *ctx,
                             uint32_t flags, const char *filename,
                             const unsigned char *head, size_t len);
/** The descriptor behind info, opening its file on first use; NULL with
    an error on ctx when the file no longer provides it. */
RECTO_API const recto_plugin *recto_registry_plugin(recto_registry *reg,
                                                    recto_context *ctx,
                                                    const recto_plugin_info *info);
/** The length of info's longest extension that ends filename's base
    name after a dot (7 for "tei.xml" against "a.tei.xml"), or 0. */
RECTO_API size_t recto_plugin_info_match(const recto_plugin_info *info,
                                         const char *filename);
/** "reader", "writer", "transform". */
RECTO_API const char *recto_plugin_kind_name(recto_plugin_kind kind);

/* ---- conversion steps ---- */

/** Option keys the host itself reads. */
#define RECTO_OPT_FROM_ENCODING "from-encoding"
#define RECTO_OPT_REPLACE_INVALID "replace-invalid"
/** The largest input read (a size for recto_size_parse), checked before
    anything is allocated: a sparse 30 GB file is refused, not read. */
#define RECTO_OPT_MAX_INPUT_SIZE "max-input-size"
#define RECTO_DEFAULT_MAX_INPUT_SIZE ((uint64_t)1 << 30)
/** recto_pipeline_write_file writes nothing (RECTO_ERR_INPUT) when a
    warning was reported in the context. */
#define RECTO_OPT_FAIL_IF_WARNINGS "fail-if-warnings"

/** Read path ("-" is standard input) with reader, or, when reader is
    NULL, with the reader recto_registry_choose_reader picks.  Text
    readers get the input decoded to UTF-8 (options "from-encoding",
    "replace-invalid").  The document records its source file, format
    and encoding. */
RECTO_API recto_status recto_pipeline_read_file(recto_registry *reg,
                                                recto_context *ctx,
                                                const recto_plugin_info *reader,
                                                const char *path,
                                                const recto_options *opts,
                                                recto_doc **out);
/** The same for bytes already in memory; name is used for messages and
    for choosing the reader. */
RECTO_API recto_status recto_pipeline_read_memory(
    recto_registry *reg, recto_context *ctx, const recto_plugin_info *reader,
    const char *name, const unsigned char *data, size_t len,
    const recto_options *opts, recto_doc **out);
/** Read a bibliography file with a RECTO_PLUGIN_BIBLIOGRAPHY reader
    chosen by its extension or content. */
RECTO_API recto_status recto_pipeline_read_bibliography(
    recto_registry *reg, recto_context *ctx, const char *path,
    const recto_options *opts, recto_doc **out);
/** Copy every entry of bib's bibliography into doc; a key doc already
    has is kept and the copy skipped with a warning.  bib is only read,
    so one bibliography may serve several threads.  Returns the number
    of entries copied. */
RECTO_API size_t recto_pipeline_merge_bibliography(recto_context *ctx,
                                                   recto_doc *doc,
                                                   recto_doc *bib);
/** The standard passes, in order: attach notes, merge the
    bibliographies, resolve citations, then the transforms named (each a
    registered RECTO_PLUGIN_TRANSFORM). */
RECTO_API recto_status recto_pipeline_prepare(
    recto_registry *reg, recto_context *ctx, recto_doc *doc,
    const recto_options *opts, recto_doc *const *bibs, size_t nbibs,
    const char *const *transforms, size_t ntransforms);
/** Render doc with writer into out (sectionized first when the writer
    wants sections). */
RECTO_API recto_status recto_pipeline_write(recto_registry *reg,
                                            recto_context *ctx,
                                            const recto_plugin_info *writer,
                                            recto_doc *doc,
                                            const recto_options *opts,
                                            recto_buf *out);
/** Render doc to path ("-" is standard output), with recto_file_replace. */
RECTO_API recto_status recto_pipeline_write_file(
    recto_registry *reg, recto_context *ctx, const recto_plugin_info *writer,
    recto_doc *doc, const recto_options *opts, const char *path);
/** Write data to path.  A regular file (or a new name) appears only
    complete: data go to a temporary file beside it (its name within
    NAME_MAX) that is renamed into place on success and removed on
    failure or when SIGINT, SIGTERM, SIGHUP or SIGXFSZ ends the process
    (for those signals left at their default action), so a failed run
    neither leaves a partial file nor clobbers an existing one; the mode
    of an existing file is kept.  Anything else -- a character device, a
    FIFO, a symlink (its target) -- is written into, never replaced. */
RECTO_API recto_status recto_file_replace(recto_context *ctx, const char *path,
                                          const void *data, size_t len);
/** A plugin's return value as a status: unknown values become
    RECTO_ERR_PLUGIN. */
RECTO_API recto_status recto_status_normalize(int status);

#ifdef __cplusplus
}
#endif
#endif
