/*
 * biblio.h: private declarations of the bibliography plugin (BibTeX and
 * CSL JSON readers, CSL JSON writer).
 */
#ifndef RECTO_BIBLIO_PLUGIN_H
#define RECTO_BIBLIO_PLUGIN_H

#include "recto/recto.h"

/** Plain UTF-8 for len bytes of BibTeX field text: accents and symbol
    commands to characters, braces dropped, -- and --- to dashes, ~ to a
    no-break space, white space collapsed.  A string of doc's arena. */
const char *bib_latex(recto_doc *doc, const char *s, size_t len);

/** The names of an author/editor field ("A and B and {Org}"). */
recto_name *bib_names(recto_doc *doc, const char *s, size_t len);

/** Entry direction from its language, else from its title's script. */
void bib_derive_dir(recto_bib_entry *e);

recto_status bibtex_read(recto_context *ctx, const recto_input *input,
                         const recto_options *opts, recto_doc **out);
recto_status csljson_read(recto_context *ctx, const recto_input *input,
                          const recto_options *opts, recto_doc **out);
recto_status csljson_write(recto_context *ctx, recto_doc *doc,
                           const recto_options *opts, recto_buf *out);

#endif
