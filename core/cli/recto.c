/* recto.c: the command line: options, listings and a single conversion
   (several inputs or formats go to batch.c). */
#include <errno.h>
#include <getopt.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/xmlmemory.h>

#include "cli.h"

enum {
  OPT_PLUGIN_PATH = 256,
  OPT_FROM_ENCODING,
  OPT_REPLACE_INVALID,
  OPT_BIBLIOGRAPHY,
  OPT_CITATION_STYLE,
  OPT_SPLIT_LEVEL,
  OPT_ENDNOTES,
  OPT_BOOK,
  OPT_TRANSFORM,
  OPT_FORCE,
  OPT_REPORT,
  OPT_LIST_FORMATS,
  OPT_LIST_PLUGINS,
  OPT_RESOURCE_PATH,
  OPT_MAX_RESOURCE_SIZE,
  OPT_MAX_INPUT_SIZE,
  OPT_SANDBOX,
  OPT_NO_SANDBOX,
  OPT_FAIL_IF_WARNINGS,
  OPT_VERBOSE,
  OPT_TOC,
  OPT_TOC_DEPTH,
  OPT_METADATA_FILE,
  OPT_LIST_INPUT_FORMATS,
  OPT_LIST_OUTPUT_FORMATS,
  OPT_EPUB_COVER_IMAGE,
  OPT_EPUB_EMBED_FONT,
  OPT_EPUB_TITLE_PAGE
};

static const struct option S_long[] = {
    {"from", required_argument, NULL, 'f'},
    {"read", required_argument, NULL, 'f'},
    {"to", required_argument, NULL, 't'},
    {"write", required_argument, NULL, 't'},
    {"output", required_argument, NULL, 'o'},
    {"metadata", required_argument, NULL, 'M'},
    {"option", required_argument, NULL, 'O'},
    {"jobs", required_argument, NULL, 'j'},
    {"plugin-path", required_argument, NULL, OPT_PLUGIN_PATH},
    {"from-encoding", required_argument, NULL, OPT_FROM_ENCODING},
    {"replace-invalid", no_argument, NULL, OPT_REPLACE_INVALID},
    {"bibliography", required_argument, NULL, OPT_BIBLIOGRAPHY},
    {"citation-style", required_argument, NULL, OPT_CITATION_STYLE},
    {"split-level", required_argument, NULL, OPT_SPLIT_LEVEL},
    {"endnotes", no_argument, NULL, OPT_ENDNOTES},
    {"book", no_argument, NULL, OPT_BOOK},
    {"transform", required_argument, NULL, OPT_TRANSFORM},
    {"force", no_argument, NULL, OPT_FORCE},
    {"report", required_argument, NULL, OPT_REPORT},
    {"list-formats", no_argument, NULL, OPT_LIST_FORMATS},
    {"list-plugins", no_argument, NULL, OPT_LIST_PLUGINS},
    {"resource-path", required_argument, NULL, OPT_RESOURCE_PATH},
    {"max-resource-size", required_argument, NULL, OPT_MAX_RESOURCE_SIZE},
    {"max-input-size", required_argument, NULL, OPT_MAX_INPUT_SIZE},
    {"sandbox", no_argument, NULL, OPT_SANDBOX},
    {"no-sandbox", no_argument, NULL, OPT_NO_SANDBOX},
    {"fail-if-warnings", no_argument, NULL, OPT_FAIL_IF_WARNINGS},
    {"standalone", no_argument, NULL, 's'},
    {"toc", no_argument, NULL, OPT_TOC},
    {"table-of-contents", no_argument, NULL, OPT_TOC},
    {"toc-depth", required_argument, NULL, OPT_TOC_DEPTH},
    {"number-sections", no_argument, NULL, 'N'},
    {"metadata-file", required_argument, NULL, OPT_METADATA_FILE},
    {"variable", required_argument, NULL, 'V'},
    {"list-input-formats", no_argument, NULL, OPT_LIST_INPUT_FORMATS},
    {"list-output-formats", no_argument, NULL, OPT_LIST_OUTPUT_FORMATS},
    {"css", required_argument, NULL, 'c'},
    {"epub-cover-image", required_argument, NULL, OPT_EPUB_COVER_IMAGE},
    {"epub-embed-font", required_argument, NULL, OPT_EPUB_EMBED_FONT},
    {"epub-title-page", optional_argument, NULL, OPT_EPUB_TITLE_PAGE},
    {"verbose", no_argument, NULL, OPT_VERBOSE},
    {"quiet", no_argument, NULL, 'q'},
    {"version", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}};

static const char S_help[] =
    "Usage: recto [OPTIONS] [INPUT...]\n"
    "       recto -t FORMAT [-t FORMAT ...] -o DIR INPUT... (batch)\n"
    "Convert documents between formats.  Without INPUT, or with -, read\n"
    "standard input; without -o, write standard output; several inputs\n"
    "make one document, as in pandoc.  Formats are taken from the content\n"
    "and file extensions unless given; --list-formats shows them.\n"
    "\n"
    "  -f, --from, --read FORMAT  input format\n"
    "  -t, --to, --write FORMAT   output format (repeat it for batch mode)\n"
    "  -o, --output FILE|DIR      output file, or directory for batch mode\n"
    "                             (-o - forces standard output)\n"
    "  -M, --metadata KEY[=VAL]   set document metadata (repeatable)\n"
    "      --metadata-file FILE   metadata from a YAML or JSON file; the\n"
    "                             document's own values win (repeatable)\n"
    "  -O, --option KEY=VALUE     set a plugin option (repeatable)\n"
    "      --from-encoding NAME   encoding of text input (default: detect)\n"
    "      --replace-invalid      replace invalid UTF-8 instead of failing\n"
    "      --bibliography FILE    add the entries of FILE (repeatable)\n"
    "      --citation-style STYLE author-date (default) or numeric\n"
    "      --split-level N        chapter files split at heading level N\n"
    "      --endnotes             notes at the end instead of in place\n"
    "      --epub-cover-image FILE  EPUB: the cover (PNG, JPEG, GIF, WebP, SVG)\n"
    "  -c, --css FILE             EPUB: a style sheet replacing the default\n"
    "                             one (repeatable)\n"
    "      --epub-embed-font FILE EPUB: pack a font (repeatable; FILE may be\n"
    "                             a glob, 'fonts/*.otf')\n"
    "      --epub-title-page[=true|false]\n"
    "                             EPUB: a title page even without a title,\n"
    "                             or none (default: when there is a title)\n"
    "      --book                 treat the document as a book\n"
    "      --toc, --table-of-contents\n"
    "                             a table of contents in the document\n"
    "                             (DocBook, TEI; EPUB always has one)\n"
    "      --toc-depth N          heading levels in the EPUB navigation\n"
    "                             (default: all)\n"
    "  -N, --number-sections      number the sections\n"
    "  -s, --standalone           accepted, as in pandoc: output is always\n"
    "                             a whole document\n"
    "  -V, --variable KEY[=VAL]   accepted, as in pandoc (recto fills no\n"
    "                             templates; --verbose names it)\n"
    "      --transform NAME       run a transform plugin (repeatable)\n"
    "      --plugin-path DIR      search DIR for plugins first (repeatable)\n"    "      --resource-path DIR    also read the files a document names\n"
    "                             (images, bibliographies) from DIR\n"
    "      --max-resource-size SIZE  the largest such file (default 64M)\n"
    "      --sandbox              read no file a document names\n"
    "      --no-sandbox           read what a document names from anywhere\n"
    "      --max-input-size SIZE  the largest input (default 1G)\n"
    "      --list-formats         list input and output formats\n"
    "      --list-input-formats, --list-output-formats\n"
    "                             their names, one a line\n"
    "      --list-plugins         list plugins: name, kind, version, file\n"
    "      --fail-if-warnings     exit 4 without writing when anything\n"
    "                             was warned about\n"
    "      --verbose              also show what was inferred\n"
    "  -q, --quiet                show errors only\n"
    "  -v, --version              show the version\n"
    "  -h, --help                 show this help\n"
    "\n"
    "Batch mode (several inputs, a directory input, several -t, or -o DIR):\n"
    "the output tree mirrors the input tree, each output named after its\n"
    "input with the writer's extension.\n"
    "  -j, --jobs N               parallel conversions (default: cores)\n"
    "      --force                convert even when outputs are up to date\n"
    "      --report FILE.json     write a JSON report of every file\n"
    "\n"
    "Plugins are searched in: --plugin-path, RECTO_PLUGIN_PATH\n"
    "(colon-separated), then the build tree when run from it and the\n"
    "installed plugin directory, or instead of these two\n"
    "RECTO_PLUGIN_SYSTEM_PATH when it is set.  RECTO_PLUGIN_CACHE names the\n"
    "plugin cache file (empty: none).  SOURCE_DATE_EPOCH fixes the dates\n"
    "written.\n"
    "\n"
    "Exit status:\n"
    "  0  success\n"
    "  1  batch mode: some files failed\n"
    "  2  usage error (unknown option or format, bad value, binary output\n"
    "     to a terminal)\n"
    "  3  input cannot be read\n"
    "  4  input is invalid (encoding, syntax, container)\n"
    "  5  output cannot be written\n"
    "  6  plugin failure (no plugin for the format, a plugin error)\n"
    "  7  out of memory\n"
    "\n"
    "Examples:\n"
    "  recto article.md -o article.epub\n"
    "  recto ch1.md ch2.md --toc --metadata-file book.yaml -o book.epub\n"
    "  recto -f plain scan.txt -t tei -o scan.tei.xml --verbose\n"
    "  recto paper.md --bibliography refs.bib -t docbook\n"
    "  recto -t epub -t tei -o out/ archive/ -j 4\n";

int cli_shows(const cli *c, recto_severity severity) {
  if (c->verbosity < 0)
    return severity == RECTO_DIAG_ERROR;
  return c->verbosity > 0 || severity != RECTO_DIAG_INFO;
}

void cli_format_diag(const recto_diag *d, recto_buf *line) {
  static const char *const names[] = {"info", "warning", "error"};
  if (d->file) {
    recto_buf_puts(line, d->file);
    if (d->pos.line) {
      recto_buf_printf(line, ":%u", (unsigned)d->pos.line);
      if (d->pos.column)
        recto_buf_printf(line, ":%u", (unsigned)d->pos.column);
    }
    recto_buf_puts(line, ": ");
  }
  recto_buf_printf(line, "%s: %s", names[d->severity], d->message);
  if (d->code)
    recto_buf_printf(line, " [%s]", d->code);
}

static void S_print_diag(const recto_diag *d, void *user) {
  if (!cli_shows(user, d->severity))
    return;
  recto_buf line = RECTO_BUF_INIT;
  recto_buf_puts(&line, "recto: ");
  cli_format_diag(d, &line);
  recto_buf_putc(&line, '\n');
  fwrite(line.data, 1, line.len, stderr);
  recto_buf_free(&line);
}

int cli_is_input(const char *input, const char *output) {
  struct stat in, out;
  return strcmp(input, "-") != 0 && strcmp(output, "-") != 0 &&
         stat(input, &in) == 0 && S_ISREG(in.st_mode) &&
         stat(output, &out) == 0 && in.st_dev == out.st_dev &&
         in.st_ino == out.st_ino;
}

void cli_apply_meta(const cli *c, recto_doc *doc) {
  for (size_t k = 0; k < c->meta.len; k++) {
    const char *arg = c->meta.items[k];
    const char *eq = strchr(arg, '=');
    size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
    char *key = recto_strndup(doc, arg, n);
    /* As in pandoc: a bare key, "true" and "false" are booleans. */
    if (!eq || strcmp(eq + 1, "true") == 0 || strcmp(eq + 1, "false") == 0)
      recto_meta_set(recto_doc_meta(doc), key,
                     recto_meta_new_bool(doc, !eq || eq[1] == 't'));
    else
      recto_doc_meta_set_string(doc, key, eq + 1);
    /* as the document's own lang: and dir: would, they decide */
    if (eq && !strcmp(key, "lang") && eq[1])
      recto_doc_set_lang(doc, eq + 1);
    else if (eq && !strcmp(key, "dir"))
      recto_doc_set_dir(doc, !strcmp(eq + 1, "rtl")   ? RECTO_DIR_RTL
                             : !strcmp(eq + 1, "ltr") ? RECTO_DIR_LTR
                             : !strcmp(eq + 1, "auto") ? RECTO_DIR_AUTO
                                                       : RECTO_DIR_UNSET);
  }
}

/* Outputs that give the document back as it was written (a guessed
   language there would read back as one the author declared). */
static const char *const S_as_written[] = {"markdown", "native", "json",
                                           "csljson"};

/* Whether the languages transform runs without being asked: the
   document declares no language (nor did -M lang=), the option
   languages is not false, the transform is not asked for anyway, and some
   output is not one of S_as_written. */
static int S_detect_languages(const cli *c, const recto_doc *doc,
                              const recto_plugin_info *const *writers,
                              size_t nwriters) {
  if (recto_doc_lang(doc) || !recto_options_get_bool(c->opts, "languages", 1))
    return 0;
  for (size_t k = 0; k < c->transforms.len; k++)
    if (!strcmp(c->transforms.items[k], "languages"))
      return 0;
  if (!recto_registry_find(c->reg, RECTO_PLUGIN_TRANSFORM, "languages"))
    return 0;
  for (size_t w = 0; w < nwriters; w++) {
    size_t k = 0, n = sizeof S_as_written / sizeof *S_as_written;
    while (k < n && strcmp(writers[w]->name, S_as_written[k]))
      k++;
    if (k == n)
      return 1;
  }
  return 0;
}

/* After reading: the -M metadata, then the passes of
   recto_pipeline_prepare with the --transform list, to which the
   languages transform is added when S_detect_languages says so. */
static recto_status S_prepare(const cli *c, recto_context *ctx,
                              recto_doc *doc, recto_doc *const *bibs,
                              const recto_plugin_info *const *writers,
                              size_t nwriters) {
  cli_apply_meta(c, doc);
  size_t n = c->transforms.len;
  const char **names = recto_alloc(doc, (n + 1) * sizeof *names);
  for (size_t k = 0; k < n; k++)
    names[k] = c->transforms.items[k];
  /* last, after author-year (whose citations its spans would cut) */
  if (S_detect_languages(c, doc, writers, nwriters))
    names[n++] = "languages";
  return recto_pipeline_prepare(c->reg, ctx, doc, c->opts, bibs, c->bibs.len,
                                names, n);
}

recto_status cli_read_bibliographies(const cli *c, recto_context *ctx,
                                     recto_doc ***out) {
  recto_doc **bibs = calloc(c->bibs.len + 1, sizeof *bibs);
  if (!bibs)
    recto_out_of_memory();
  *out = bibs;
  for (size_t k = 0; k < c->bibs.len; k++) {
    recto_status st = recto_pipeline_read_bibliography(
        c->reg, ctx, c->bibs.items[k], c->opts, &bibs[k]);
    if (st != RECTO_OK)
      return st;
  }
  return RECTO_OK;
}

void cli_free_bibliographies(const cli *c, recto_doc **bibs) {
  for (size_t k = 0; bibs && k < c->bibs.len; k++)
    if (bibs[k])
      recto_doc_free(bibs[k]);
  free(bibs);
}

static int S_usage(recto_context *ctx, const char *fmt, const char *arg) {
  recto_diag_emit(ctx, RECTO_DIAG_ERROR, "cli.usage", NULL, fmt, arg);
  return RECTO_ERR_USAGE;
}

static void S_push(cli_list *list, const char *item) {
  list->items[list->len++] = item;
}

static int S_parse_long(const char *s, long lo, long hi, long *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < lo || v > hi)
    return 0;
  *out = v;
  return 1;
}

/* A repeated option: its values joined by sep. */
static void S_join_option(recto_options *opts, const char *key,
                          const char *value, char sep) {
  const char *was = recto_options_get(opts, key);
  recto_buf b = RECTO_BUF_INIT;
  if (was && *was) {
    recto_buf_puts(&b, was);
    recto_buf_putc(&b, sep);
  }
  recto_buf_puts(&b, value);
  recto_options_set(opts, key, b.data);
  recto_buf_free(&b);
}

/* --resource-path DIR, repeated: the directories joined with ':'. */
static void S_add_resource_path(recto_options *opts, const char *dir) {
  S_join_option(opts, RECTO_OPT_RESOURCE_PATH, dir, ':');
}

/* File lists (--css, --epub-embed-font): one name a line. */
static void S_append_option(recto_options *opts, const char *key,
                            const char *file) {
  S_join_option(opts, key, file, '\n');
}

/* --epub-embed-font: a glob, as in pandoc; a name that matches nothing
   is kept, for the writer to say it cannot read it, unless it is a
   pattern. */
static int S_add_fonts(recto_options *opts, const char *pattern) {
  glob_t g;
  int rc = glob(pattern, 0, NULL, &g);
  if (rc == 0) {
    for (size_t k = 0; k < g.gl_pathc; k++)
      S_append_option(opts, "epub-embed-font", g.gl_pathv[k]);
  } else if (!strpbrk(pattern, "*?[")) {
    S_append_option(opts, "epub-embed-font", pattern);
    rc = 0;
  }
  globfree(&g);
  return rc;
}

/* KEY=VALUE (a bare KEY means "true") into the plugin options. */
static void S_set_option(recto_options *opts, const char *arg) {
  const char *eq = strchr(arg, '=');
  if (!eq) {
    recto_options_set(opts, arg, "true");
    return;
  }
  size_t n = (size_t)(eq - arg);
  char *key = malloc(n + 1);
  if (!key)
    recto_out_of_memory();
  memcpy(key, arg, n);
  key[n] = '\0';
  recto_options_set(opts, key, eq + 1);
  free(key);
}

typedef struct S_request {
  int help, version, list_formats, list_plugins;
  int list_names; /* 1: input formats, 2: output formats */
} S_request;

/* Fill c from argv; returns 0 or an exit code. */
static int S_parse(int argc, char **argv, cli *c, S_request *req,
                   recto_context *ctx) {
  long n;
  opterr = 0;
  int ch;
  while ((ch = getopt_long(argc, argv, ":f:t:o:M:O:j:V:c:vqhsN", S_long, NULL)) !=
         -1) {
    switch (ch) {
    case 'f':
      c->from = optarg;
      break;
    case 't':
      S_push(&c->to, optarg);
      break;
    case 'o':
      c->output = optarg;
      break;
    case 'M':
      if (!*optarg || *optarg == '=')
        return S_usage(ctx, "-M needs KEY or KEY=VALUE, not '%s'", optarg);
      S_push(&c->meta, optarg);
      break;
    case 'O':
      if (!*optarg || *optarg == '=')
        return S_usage(ctx, "-O needs KEY=VALUE, not '%s'", optarg);
      S_set_option(c->opts, optarg);
      S_push(&c->option_keys, optarg);
      break;
    case 'j':
      if (!S_parse_long(optarg, 1, 4096, &c->jobs))
        return S_usage(ctx, "-j needs a number of jobs from 1, not '%s'",
                       optarg);
      break;
    case OPT_PLUGIN_PATH:
      S_push(&c->plugin_paths, optarg);
      break;
    case OPT_FROM_ENCODING:
      recto_options_set(c->opts, RECTO_OPT_FROM_ENCODING, optarg);
      break;
    case OPT_REPLACE_INVALID:
      recto_options_set(c->opts, RECTO_OPT_REPLACE_INVALID, "true");
      break;
    case OPT_BIBLIOGRAPHY:
      S_push(&c->bibs, optarg);
      break;
    case OPT_CITATION_STYLE:
      if (strcmp(optarg, "author-date") != 0 && strcmp(optarg, "numeric") != 0)
        return S_usage(ctx, "--citation-style is author-date or numeric, "
                            "not '%s'", optarg);
      recto_options_set(c->opts, "citation-style", optarg);
      break;
    case OPT_SPLIT_LEVEL:
      if (!S_parse_long(optarg, 0, 6, &n))
        return S_usage(ctx, "--split-level needs a level from 0 to 6, not "
                            "'%s'", optarg);
      recto_options_set(c->opts, "split-level", optarg);
      break;
    case OPT_ENDNOTES:
      recto_options_set(c->opts, "endnotes", "true");
      break;
    case OPT_BOOK:
      recto_options_set(c->opts, "book", "true");
      break;
    case OPT_TRANSFORM:
      S_push(&c->transforms, optarg);
      break;
    case OPT_RESOURCE_PATH:
      S_add_resource_path(c->opts, optarg);
      break;
    case OPT_MAX_RESOURCE_SIZE:
    case OPT_MAX_INPUT_SIZE: {
      uint64_t size;
      if (!recto_size_parse(optarg, &size))
        return S_usage(ctx, "sizes are bytes or a number with K, M or G "
                            "(512K, 64M), not '%s'", optarg);
      recto_options_set(c->opts, ch == OPT_MAX_INPUT_SIZE
                                     ? RECTO_OPT_MAX_INPUT_SIZE
                                     : RECTO_OPT_MAX_RESOURCE_SIZE,
                        optarg);
      break;
    }
    case OPT_SANDBOX:
    case OPT_NO_SANDBOX: {
      const char *v = ch == OPT_SANDBOX ? "true" : "false";
      const char *was = recto_options_get(c->opts, RECTO_OPT_SANDBOX);
      if (was && strcmp(was, v) != 0)
        return S_usage(ctx, "%s", "--sandbox and --no-sandbox exclude each "
                                  "other");
      recto_options_set(c->opts, RECTO_OPT_SANDBOX, v);
      break;
    }
    case OPT_FORCE:
      c->force = 1;
      break;
    case OPT_REPORT:
      c->report = optarg;
      break;
    case OPT_LIST_FORMATS:
      req->list_formats = 1;
      break;
    case OPT_LIST_PLUGINS:
      req->list_plugins = 1;
      break;
    case OPT_FAIL_IF_WARNINGS:
      recto_options_set(c->opts, RECTO_OPT_FAIL_IF_WARNINGS, "true");
      break;
    case OPT_VERBOSE:
      c->verbosity = 1;
      break;
    case 'q':
      c->verbosity = -1;
      break;
    case 'v': /* pandoc's -v */
      req->version = 1;
      break;
    case 'V':
      if (!*optarg || *optarg == '=')
        return S_usage(ctx, "-V needs KEY or KEY=VALUE, not '%s'", optarg);
      S_push(&c->variables, optarg);
      break;
    case 's':
      break; /* output is always standalone */
    case OPT_TOC:
      recto_options_set(c->opts, "toc", "true");
      break;
    case OPT_TOC_DEPTH:
      if (!S_parse_long(optarg, 1, 6, &n))
        return S_usage(ctx, "--toc-depth needs a level from 1 to 6, not "
                            "'%s'", optarg);
      recto_options_set(c->opts, "toc-depth", optarg);
      break;
    case 'N':
      recto_options_set(c->opts, "number-sections", "true");
      break;
    case 'c':
      S_append_option(c->opts, "css", optarg);
      break;
    case OPT_EPUB_COVER_IMAGE:
      recto_options_set(c->opts, "epub-cover-image", optarg);
      break;
    case OPT_EPUB_EMBED_FONT:
      if (S_add_fonts(c->opts, optarg) != 0)
        return S_usage(ctx, "--epub-embed-font %s: no such file", optarg);
      break;
    case OPT_EPUB_TITLE_PAGE:
      if (optarg && strcmp(optarg, "true") != 0 && strcmp(optarg, "false"))
        return S_usage(ctx, "--epub-title-page is true or false, not '%s'",
                       optarg);
      recto_options_set(c->opts, "epub-title-page", optarg ? optarg : "true");
      break;
    case OPT_METADATA_FILE:
      S_push(&c->metadata_files, optarg);
      break;
    case OPT_LIST_INPUT_FORMATS:
      req->list_names |= 1;
      break;
    case OPT_LIST_OUTPUT_FORMATS:
      req->list_names |= 2;
      break;
    case 'h':
      req->help = 1;
      break;
    case ':':
      return S_usage(ctx, "option '%s' needs a value; see recto --help",
                     argv[optind - 1]);
    default:
      return S_usage(ctx, "unknown option '%s'; see recto --help",
                     argv[optind - 1]);
    }
  }
  for (int k = optind; k < argc; k++)
    S_push(&c->inputs, argv[k]);
  return 0;
}

/* pandoc's -V fills its templates; recto writes without templates. */
static void S_note_variables(const cli *c, recto_context *ctx) {
  for (size_t k = 0; k < c->variables.len; k++)
    recto_diag_emit(ctx, RECTO_DIAG_INFO, "cli.variable", NULL,
                    "-V %s: recto fills no templates; the variable is not "
                    "used (use -M for metadata)", c->variables.items[k]);
}

/* ---- listings ---- */

static void S_join(recto_buf *b, const char *const *list, const char *pre) {
  for (size_t k = 0; list[k]; k++)
    recto_buf_printf(b, "%s%s%s", k ? " " : "", pre, list[k]);
}

static void S_list_formats(const recto_registry *reg) {
  static const recto_plugin_kind kinds[] = {
      RECTO_PLUGIN_READER, RECTO_PLUGIN_WRITER, RECTO_PLUGIN_TRANSFORM};
  static const char *const titles[] = {"Input formats", "Output formats",
                                       "Transforms"};
  recto_buf b = RECTO_BUF_INIT;
  for (int t = 0; t < 3; t++) {
    recto_buf_printf(&b, "%s%s:\n", t ? "\n" : "", titles[t]);
    for (size_t k = 0; k < recto_registry_count(reg); k++) {
      const recto_plugin_info *info = recto_registry_at(reg, k);
      if (info->kind != kinds[t])
        continue;
      recto_buf exts = RECTO_BUF_INIT;
      S_join(&exts, info->extensions, ".");
      recto_buf_printf(&b, "  %-12s %-22s %s", info->name,
                       exts.data ? exts.data : "", info->description);
      recto_buf_free(&exts);
      if (info->aliases[0]) {
        recto_buf_puts(&b, " (also: ");
        S_join(&b, info->aliases, "");
        recto_buf_puts(&b, ")");
      }
      if (info->flags & RECTO_PLUGIN_BIBLIOGRAPHY)
        recto_buf_puts(&b, " [bibliography]");
      recto_buf_putc(&b, '\n');
    }
  }
  fwrite(b.data, 1, b.len, stdout);
  recto_buf_free(&b);
}

static int S_cmp_names(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* --list-input-formats, --list-output-formats: names, sorted, as pandoc
   lists them (for scripts and shell completion). */
static void S_list_names(const recto_registry *reg, recto_plugin_kind kind) {
  size_t n = recto_registry_count(reg), count = 0;
  const char **names = calloc(n + 1, sizeof *names);
  if (!names)
    recto_out_of_memory();
  for (size_t k = 0; k < n; k++)
    if (recto_registry_at(reg, k)->kind == kind)
      names[count++] = recto_registry_at(reg, k)->name;
  qsort(names, count, sizeof *names, S_cmp_names);
  for (size_t k = 0; k < count; k++)
    printf("%s\n", names[k]);
  free(names);
}

static void S_list_plugins(const recto_registry *reg) {
  recto_buf b = RECTO_BUF_INIT;
  for (size_t k = 0; k < recto_registry_count(reg); k++) {
    const recto_plugin_info *info = recto_registry_at(reg, k);
    recto_buf_printf(&b, "%-12s %-9s %-8s %s\n", info->name,
                     recto_plugin_kind_name(info->kind),
                     info->version[0] ? info->version : "-", info->file);
  }
  fwrite(b.data, 1, b.len, stdout);
  recto_buf_free(&b);
}

/* ---- one conversion ---- */

static const recto_plugin_info *S_named(cli *c, recto_context *ctx,
                                        recto_plugin_kind kind,
                                        const char *name) {
  const recto_plugin_info *info = recto_registry_find(c->reg, kind, name);
  if (!info)
    cli_unknown_format(c, ctx, kind, name);
  return info;
}

/* -t, else the extension of -o.  Returns 0 or an exit code. */
static int S_pick_writer(cli *c, recto_context *ctx,
                         const recto_plugin_info **out) {
  if (c->to.len) {
    *out = S_named(c, ctx, RECTO_PLUGIN_WRITER, c->to.items[0]);
    return *out ? 0 : RECTO_ERR_USAGE;
  }
  const char *o = c->output;
  const char *base = o ? strrchr(o, '/') : NULL;
  base = base ? base + 1 : o;
  if (!o || strcmp(o, "-") == 0 || !strchr(base, '.'))
    return S_usage(ctx, "%s", "no output format: give -t FORMAT, or -o with "
                              "a known extension");
  size_t ties = 0;
  *out = recto_registry_find_by_extension(c->reg, RECTO_PLUGIN_WRITER, 0, o,
                                          &ties);
  if (!*out) {
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "format.unknown", NULL,
                    "no writer produces files like %s; give -t FORMAT", o);
    return RECTO_ERR_PLUGIN;
  }
  if (ties)
    return S_usage(ctx, "several writers produce files like %s; give -t "
                        "FORMAT", o);
  recto_diag_emit(ctx, RECTO_DIAG_INFO, "format.inferred", NULL,
                  "writing %s (from the output's extension)", (*out)->name);
  return 0;
}

recto_status cli_read_prepared(const cli *c, recto_context *ctx,
                               const recto_plugin_info *reader,
                               const char *input, recto_doc *const *bibs,
                               const recto_plugin_info *const *writers,
                               size_t nwriters, recto_doc **out) {
  recto_doc *doc = NULL;
  recto_status st =
      recto_pipeline_read_file(c->reg, ctx, reader, input, c->opts, &doc);
  /* the last metadata file named wins, as in pandoc */
  for (size_t k = c->metadata_files.len; st == RECTO_OK && k-- > 0;)
    st = cli_apply_metadata_file(c, ctx, c->metadata_files.items[k], doc);
  if (st == RECTO_OK)
    st = S_prepare(c, ctx, doc, bibs, writers, nwriters);
  if (st != RECTO_OK && doc) {
    recto_doc_free(doc);
    doc = NULL;
  }
  *out = doc;
  return st;
}

/* One document from the inputs: each read and prepared on its own (its
   notes, ids and citations its own), then concatenated as pandoc does. */
static recto_status S_read_inputs(cli *c, recto_context *ctx,
                                  const recto_plugin_info *reader,
                                  const recto_plugin_info *writer,
                                  recto_doc *const *bibs, recto_doc **out) {
  size_t n = c->inputs.len ? c->inputs.len : 1;
  recto_status st = RECTO_OK;
  *out = NULL;
  for (size_t k = 0; k < n && st == RECTO_OK; k++) {
    const char *input = c->inputs.len ? c->inputs.items[k] : "-";
    recto_doc *doc = NULL;
    st = cli_read_prepared(c, ctx, reader, input, bibs, &writer, 1, &doc);
    if (st == RECTO_OK && *out)
      recto_doc_concat(*out, doc);
    else if (st == RECTO_OK)
      *out = doc;
  }
  if (st != RECTO_OK && *out) {
    recto_doc_free(*out);
    *out = NULL;
  }
  return st;
}

static int S_convert(cli *c, recto_context *ctx) {
  const recto_plugin_info *reader = NULL, *writer = NULL;
  if (c->from && !(reader = S_named(c, ctx, RECTO_PLUGIN_READER, c->from)))
    return RECTO_ERR_USAGE;
  int rc = S_pick_writer(c, ctx, &writer);
  if (rc)
    return rc;
  const char *output = c->output ? c->output : "-";
  size_t stdin_inputs = !c->inputs.len;
  for (size_t k = 0; k < c->inputs.len; k++) {
    if (cli_is_input(c->inputs.items[k], output))
      return S_usage(ctx, "the output %s would overwrite the input; give "
                          "another -o", output);
    stdin_inputs += strcmp(c->inputs.items[k], "-") == 0;
  }
  if (stdin_inputs > 1)
    return S_usage(ctx, "%s", "standard input can be read once");
  if ((writer->flags & RECTO_PLUGIN_BINARY_OUTPUT) && !c->output &&
      isatty(STDOUT_FILENO))
    return S_usage(ctx, "%s output is binary: not written to a terminal; "
                        "give -o FILE (or -o - to force it)", writer->name);
  /* Open the writer before reading, so a broken one costs nothing. */
  if (!recto_registry_plugin(c->reg, ctx, writer))
    return RECTO_ERR_PLUGIN;
  recto_doc **bibs = NULL;
  recto_doc *doc = NULL;
  recto_status st = cli_read_bibliographies(c, ctx, &bibs);
  if (st == RECTO_OK)
    st = S_read_inputs(c, ctx, reader, writer, bibs, &doc);
  if (st == RECTO_OK)
    st = recto_pipeline_write_file(c->reg, ctx, writer, doc, c->opts, output);
  if (doc)
    recto_doc_free(doc);
  cli_free_bibliographies(c, bibs);
  return st;
}

static int S_is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Several formats, a directory input or -o DIR; several inputs unless
   they go to one file (one named with an extension, or standard
   output), which makes them one document. */
static int S_wants_batch(const cli *c) {
  if (c->to.len > 1)
    return 1;
  for (size_t k = 0; k < c->inputs.len; k++)
    if (S_is_dir(c->inputs.items[k]))
      return 1;
  if (!c->output || strcmp(c->output, "-") == 0)
    return 0;
  size_t n = strlen(c->output);
  if (c->output[n - 1] == '/' || S_is_dir(c->output))
    return 1;
  const char *base = strrchr(c->output, '/');
  return c->inputs.len > 1 && !strchr(base ? base + 1 : c->output, '.');
}

/* libxml2 (the XML readers, the SVG check) meets an allocation that
   fails with an error and goes on with part of the document: this
   process ends instead, as for its own allocations (README: exit 7). */
static char *S_xml_strdup(const char *s) {
  char *d = strdup(s);
  if (!d)
    recto_out_of_memory();
  return d;
}

int main(int argc, char **argv) {
  xmlMemSetup(free, recto_xmalloc, recto_xrealloc, S_xml_strdup);
  cli c;
  memset(&c, 0, sizeof c);
  cli_list *all[] = {&c.to,           &c.inputs,         &c.meta,
                     &c.bibs,         &c.transforms,     &c.plugin_paths,
                     &c.metadata_files, &c.option_keys, &c.variables};
  const size_t nlists = sizeof all / sizeof all[0];
  const char **lists = calloc(nlists * ((size_t)argc + 1), sizeof *lists);
  if (!lists)
    return RECTO_ERR_OUTPUT;
  for (size_t k = 0; k < nlists; k++)
    all[k]->items = lists + k * ((size_t)argc + 1);
  c.opts = recto_options_new();
  recto_context *ctx = recto_context_new();
  recto_context_set_handler(ctx, S_print_diag, &c);
  S_request req = {0, 0, 0, 0, 0};
  int rc = S_parse(argc, argv, &c, &req, ctx);
  if (!rc && req.help)
    fputs(S_help, stdout);
  else if (!rc && req.version)
    printf("recto %s (library %s, plugin ABI %d.%d)\n", RECTO_VERSION_STRING,
           recto_version(), RECTO_PLUGIN_ABI_MAJOR, RECTO_PLUGIN_ABI_MINOR);
  if (rc || req.help || req.version)
    goto done;

  const char *epoch = getenv("SOURCE_DATE_EPOCH");
  if (epoch && *epoch)
    recto_options_set(c.opts, "source-date-epoch", epoch);
  c.reg = recto_registry_new();
  for (size_t k = 0; k < c.plugin_paths.len; k++)
    recto_registry_add_path(c.reg, c.plugin_paths.items[k]);
  recto_registry_add_default_paths(c.reg);
  recto_registry_load(c.reg, ctx);
  if (req.list_formats || req.list_plugins || req.list_names) {
    if (req.list_formats)
      S_list_formats(c.reg);
    if (req.list_names & 1)
      S_list_names(c.reg, RECTO_PLUGIN_READER);
    if (req.list_names & 2)
      S_list_names(c.reg, RECTO_PLUGIN_WRITER);
    if (req.list_plugins)
      S_list_plugins(c.reg);
  } else if ((rc = cli_check_option_keys(&c, ctx)) == 0) {
    S_note_variables(&c, ctx);
    if (S_wants_batch(&c))
      rc = cli_batch(&c, ctx);
    else if (c.force || c.report || c.jobs)
      rc = S_usage(ctx, "%s", "-j, --force and --report apply to batch "
                              "conversion (-o DIR)");
    else
      rc = S_convert(&c, ctx);
  }
done:
  if (fflush(stdout) != 0 && !rc)
    rc = RECTO_ERR_OUTPUT;
  recto_registry_free(c.reg);
  recto_context_free(ctx);
  recto_options_free(c.opts);
  free(lists);
  return rc;
}
