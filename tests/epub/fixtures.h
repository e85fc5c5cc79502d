/* fixtures.h: test documents for the EPUB writer, built with the node
   API, and a way to run the writer plugin on them. */
#ifndef EPUB_TEST_FIXTURES_H
#define EPUB_TEST_FIXTURES_H

#include <recto/recto.h>

/* Builds one fixture document; dir is a scratch directory the fixture
   may put files in (images) and use as the source file's directory. */
typedef recto_doc *(*fx_build_fn)(recto_context *ctx, const char *dir);

typedef struct fx_fixture {
  const char *name;          /* output file: <name>.epub */
  fx_build_fn build;
  const char *const *options; /* key, value, ..., NULL */
} fx_fixture;

extern const fx_fixture fx_fixtures[];

/* The writer plugin's descriptor (dlopen of path); NULL on failure. */
const recto_plugin *fx_load_writer(const char *path);
/* The plugin file in the build tree. */
const char *fx_plugin_path(void);

/* Run the writer on a fresh copy of a fixture; returns the status and
   fills out (and the number of warnings in *warnings when not NULL). */
recto_status fx_convert(const recto_plugin *writer, const fx_fixture *fx,
                        const char *dir, const char *epoch, recto_buf *out,
                        size_t *warnings);

#endif
