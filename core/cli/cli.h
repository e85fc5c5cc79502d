/*
 * cli.h: what the command line (recto.c) hands to batch conversion
 * (batch.c).  Lists point into argv; nothing here is public API.
 */
#ifndef RECTO_CLI_H
#define RECTO_CLI_H

#include <stddef.h>

#include "recto/recto.h"
#include "recto/registry.h"

/* Exit codes beyond the recto_status values. */
#define CLI_EXIT_SOME_FAILED 1

typedef struct cli_list {
  const char **items;
  size_t len;
} cli_list;

typedef struct cli {
  recto_registry *reg;
  recto_options *opts;
  const char *from;      /* -f */
  cli_list to;           /* -t, in order */
  const char *output;    /* -o */
  cli_list inputs;
  cli_list meta;         /* -M KEY[=VALUE] */
  cli_list bibs;         /* --bibliography */
  cli_list transforms;   /* --transform */
  cli_list plugin_paths; /* --plugin-path */
  cli_list metadata_files; /* --metadata-file */
  cli_list option_keys;  /* -O KEY=VALUE, checked once plugins are known */
  cli_list variables;    /* -V KEY[=VALUE] */
  int verbosity;         /* -1 quiet, 0 normal, 1 verbose */
  long jobs;             /* -j; 0 = number of cores */
  int force;             /* --force */
  const char *report;    /* --report FILE.json */
} cli;

/** Whether a diagnostic of this severity is shown. */
int cli_shows(const cli *c, recto_severity severity);
/** One line, without newline: "FILE:LINE:COL: severity: message [code]". */
void cli_format_diag(const recto_diag *d, recto_buf *line);
/** Whether writing output would overwrite input: both name one regular
    file (links followed). */
int cli_is_input(const char *input, const char *output);
/** Set the -M metadata on doc (after reading, before the passes). */
void cli_apply_meta(const cli *c, recto_doc *doc);
/** Fill doc's metadata from a --metadata-file (metafile.c): keys doc
    has keep their value. */
recto_status cli_apply_metadata_file(const cli *c, recto_context *ctx,
                                     const char *name, recto_doc *doc);
/** Read input (with reader, or the one chosen) and prepare it: metadata
    files, -M, then the shared passes with the --bibliography documents
    bibs, and the languages transform when the document declares no
    language and some writer does not give it back as written.  *out is
    NULL on failure. */
recto_status cli_read_prepared(const cli *c, recto_context *ctx,
                               const recto_plugin_info *reader,
                               const char *input, recto_doc *const *bibs,
                               const recto_plugin_info *const *writers,
                               size_t nwriters, recto_doc **out);
/** One line for an unknown format name, with the nearest known name
    (suggest.c).  Returns RECTO_ERR_USAGE. */
int cli_unknown_format(const cli *c, recto_context *ctx,
                       recto_plugin_kind kind, const char *name);
/** 0, or RECTO_ERR_USAGE after one line for the first -O key no plugin
    reads. */
int cli_check_option_keys(const cli *c, recto_context *ctx);
/** Read the --bibliography files; *out gets an array of c->bibs.len
    documents (free with cli_free_bibliographies). */
recto_status cli_read_bibliographies(const cli *c, recto_context *ctx,
                                     recto_doc ***out);
void cli_free_bibliographies(const cli *c, recto_doc **bibs);

/** Batch conversion: every input (directories recursively) to every -t
    format under the -o directory.  Returns the exit code. */
int cli_batch(cli *c, recto_context *ctx);

#endif
