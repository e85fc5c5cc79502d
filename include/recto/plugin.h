/*
 * recto/plugin.h: THE plugin ABI.
 *
 * A plugin is a shared object that exports exactly one symbol:
 *
 *     RECTO_PLUGIN_EXPORT const recto_plugin *
 *     recto_plugin_descriptor(uint32_t index);
 *
 * The host calls it with index 0, 1, 2, ... until it returns NULL; each
 * call returns a pointer to a static, constant descriptor.  One file may
 * thus provide a reader and a writer (and transforms) for a format.
 *
 * Versioning (checked by the host before it reads any other field or
 * calls any callback):
 *   - abi_major must equal RECTO_PLUGIN_ABI_MAJOR of the host;
 *   - abi_minor must not be newer than the host's;
 *   - struct_size must be at least the size of the major version's
 *     first descriptor (fields are only ever appended in minor versions,
 *     or take the place of a reserved pointer, which older descriptors
 *     leave NULL: 1.1 added option_keys).
 * A descriptor that fails a check is refused with one line naming the
 * file and the reason; the host goes on with other plugins.
 *
 * Rules for plugin code:
 *   - no global mutable state: the host may run conversions in parallel;
 *   - never print: report through recto_diag_emit (diag.h);
 *   - allocate document memory from the document's arena (doc.h);
 *   - link against librecto only (pkg-config --libs recto); compile with
 *     -fvisibility=hidden so that only the entry symbol is exported.
 *
 * Search order for plugins: --plugin-path DIR (repeatable), then
 * RECTO_PLUGIN_PATH (colon-separated), then the build tree when recto
 * runs uninstalled from it, then the installed plugin directory
 * (pkg-config --variable=plugindir recto); RECTO_PLUGIN_SYSTEM_PATH,
 * when set, replaces these last two.  Relative entries of the two
 * variables are ignored; directories and files that others than their
 * owner and root may write are refused.  A new or changed file is first
 * loaded in a child process (its constructors run there) and opened in
 * the host only when a descriptor of it is used.  When two plugins
 * claim the same kind and format name, the first found wins and the host
 * warns about the second.
 */
#ifndef RECTO_PLUGIN_H
#define RECTO_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#include "recto/buf.h"
#include "recto/diag.h"
#include "recto/doc.h"
#include "recto/options.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RECTO_PLUGIN_ABI_MAJOR 1
#define RECTO_PLUGIN_ABI_MINOR 1
#define RECTO_PLUGIN_ENTRY "recto_plugin_descriptor"

/** Results of plugin callbacks; the CLI's exit codes use the same values. */
typedef enum recto_status {
  RECTO_OK = 0,
  RECTO_ERR_USAGE = 2,  /* bad arguments or options */
  RECTO_ERR_IO = 3,     /* input cannot be read */
  RECTO_ERR_INPUT = 4,  /* input is invalid (encoding, syntax, container) */
  RECTO_ERR_OUTPUT = 5, /* output cannot be produced or written */
  RECTO_ERR_PLUGIN = 6  /* no plugin, a broken plugin, or a plugin failure */
} recto_status;

typedef enum recto_plugin_kind {
  RECTO_PLUGIN_READER = 1,
  RECTO_PLUGIN_WRITER = 2,
  RECTO_PLUGIN_TRANSFORM = 3
} recto_plugin_kind;

/** Descriptor flags. */
enum {
  /** Reader: the host hands over the input decoded to UTF-8 (BOM, UTF-16,
      legacy encodings and --from-encoding handled once, in the host). */
  RECTO_PLUGIN_TEXT_INPUT = 1u << 0,
  /** Writer: output is binary (refused on a terminal). */
  RECTO_PLUGIN_BINARY_OUTPUT = 1u << 1,
  /** Writer: run recto_doc_sectionize before writing. */
  RECTO_PLUGIN_WANTS_SECTIONS = 1u << 2,
  /** Reader: reads bibliographies (--bibliography FILE). */
  RECTO_PLUGIN_BIBLIOGRAPHY = 1u << 3
};

/** The input of a reader: the whole file in memory. */
typedef struct recto_input {
  const char *name;          /* file name as given, or "-" for stdin */
  const unsigned char *data; /* UTF-8 when RECTO_PLUGIN_TEXT_INPUT */
  size_t len;
  const char *encoding;      /* the encoding the bytes were read in */
} recto_input;

typedef struct recto_plugin recto_plugin;

/** Reader: build *out (created with recto_doc_new; the host frees it). */
typedef recto_status (*recto_read_fn)(recto_context *ctx,
                                      const recto_input *input,
                                      const recto_options *opts,
                                      recto_doc **out);
/** Writer: append the rendering of doc to out.  The writer may allocate
    from doc's arena but must not change the tree. */
typedef recto_status (*recto_write_fn)(recto_context *ctx, recto_doc *doc,
                                       const recto_options *opts,
                                       recto_buf *out);
/** Transform: change doc in place. */
typedef recto_status (*recto_transform_fn)(recto_context *ctx, recto_doc *doc,
                                           const recto_options *opts);
/** Reader: how sure it is (0..100) that head (the first bytes) is its
    format; used when the extension is ambiguous (.xml) or absent. */
typedef int (*recto_probe_fn)(const unsigned char *head, size_t len);

struct recto_plugin {
  uint16_t abi_major;  /* RECTO_PLUGIN_ABI_MAJOR */
  uint16_t abi_minor;  /* RECTO_PLUGIN_ABI_MINOR */
  uint32_t struct_size; /* sizeof(recto_plugin) */
  recto_plugin_kind kind;
  uint32_t flags;
  const char *name;            /* format name: "markdown", "tei", ... */
  const char *const *aliases;  /* other names, NULL-terminated, or NULL */
  const char *const *extensions; /* without dot: {"md", "markdown", NULL} */
  const char *const *media_types;
  const char *description;     /* one line */
  const char *version;         /* the plugin's own version */
  recto_probe_fn probe;        /* readers, optional */
  recto_read_fn read;          /* readers */
  recto_write_fn write;        /* writers */
  recto_transform_fn transform; /* transforms */
  /** The -O keys the plugin reads, NULL-terminated, or NULL (ABI 1.1).
      A key the host does not know is refused unless some plugin declares
      it, or its "NAME." prefix names a plugin that declares none. */
  const char *const *option_keys;
  void *reserved[3];           /* must be NULL */
};

/** Fill the fixed head of a descriptor. */
#define RECTO_PLUGIN_HEADER \
  RECTO_PLUGIN_ABI_MAJOR, RECTO_PLUGIN_ABI_MINOR, \
  (uint32_t)sizeof(recto_plugin)

/** The type of the entry symbol. */
typedef const recto_plugin *(*recto_plugin_entry_fn)(uint32_t index);

/** The entry symbol every plugin defines (named RECTO_PLUGIN_ENTRY for
    dlsym); the host never calls it directly. */
RECTO_PLUGIN_EXPORT const recto_plugin *recto_plugin_descriptor(uint32_t index);

#ifdef __cplusplus
}
#endif
#endif
