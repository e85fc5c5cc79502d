/* batch.c: many inputs (directories walked) to one or more formats under
   an output directory that mirrors the input tree; parallel jobs, each
   with its own context; one file's failure does not stop the others.
   Outputs newer than their input are left alone unless --force. */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

enum { S_PENDING, S_CONVERTED, S_FAILED, S_UP_TO_DATE };

typedef struct S_job {
  char *input;
  const recto_plugin_info *reader; /* NULL: chosen from name and content */
  uint64_t size;
  struct timespec mtime;
  char **outputs;        /* one per writer */
  unsigned char *stale;  /* per writer: to be written */
  char *blocked;         /* why it must not run, or NULL */
  int state;
  size_t warnings, errors;
  recto_buf diags;       /* JSON objects for the report, comma-separated */
  double seconds;
} S_job;

typedef struct S_batch {
  cli *c;
  const recto_plugin_info **writers;
  size_t nwriters;
  S_job *jobs;
  size_t njobs, cap;
  char *outdir;          /* -o without trailing slashes */
  size_t skipped;        /* files in directories no reader claims */
  size_t unreadable;     /* directories that could not be walked */
  recto_doc **bibs;
  pthread_mutex_t lock;  /* next, the counters below, stderr */
  size_t next;
  int tty;
  size_t done, to_run;
  uint64_t bytes_done, bytes_total;
  double start, last_draw;
  int bar_shown;
} S_batch;

static void *S_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p)
    recto_out_of_memory();
  return p;
}

/* A copy of path without trailing slashes ("/" stays). */
static char *S_trim_slashes(const char *path) {
  size_t n = strlen(path);
  while (n > 1 && path[n - 1] == '/')
    n--;
  char *s = S_xmalloc(n + 1);
  memcpy(s, path, n);
  s[n] = '\0';
  return s;
}

/* A malloc'd formatted string. */
static char *S_fmt(const char *fmt, ...) RECTO_PRINTF(1, 2);
static char *S_fmt(const char *fmt, ...) {
  recto_buf b = RECTO_BUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  recto_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  if (!b.data)
    recto_buf_putc(&b, 0);
  return recto_buf_detach(&b, NULL);
}

static double S_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- progress and messages (callers hold the lock) ---- */

static void S_draw_bar(S_batch *b, int final) {
  double now = S_now();
  if (!b->tty || (!final && now - b->last_draw < 0.1))
    return;
  b->last_draw = now;
  double elapsed = now - b->start;
  double rate = elapsed > 0 ? (double)b->bytes_done / elapsed / 1e6 : 0;
  double eta = b->done && b->done < b->to_run
                   ? elapsed / (double)b->done * (double)(b->to_run - b->done)
                   : 0;
  char bar[31];
  size_t fill = b->to_run ? b->done * 30 / b->to_run : 30;
  for (size_t k = 0; k < 30; k++)
    bar[k] = k < fill ? '#' : '.';
  bar[30] = '\0';
  fprintf(stderr, "\r\033[K[%s] %zu/%zu files  %.1f MB/s  ETA %.0fs", bar,
          b->done, b->to_run, rate, eta);
  fflush(stderr);
  b->bar_shown = 1;
}

static void S_clear_bar(S_batch *b) {
  if (b->bar_shown) {
    fputs("\r\033[K", stderr);
    b->bar_shown = 0;
  }
}

/* A JSON string of s as messages show it (recto_buf_put_escaped): valid
   UTF-8 without control characters, whatever bytes a file name holds. */
static void S_json_str(recto_buf *out, const char *s) {
  recto_buf text = RECTO_BUF_INIT;
  recto_buf_put_escaped(&text, s ? s : "", s ? strlen(s) : 0);
  recto_buf_putc(out, '"');
  for (size_t k = 0; k < text.len; k++) {
    char ch = text.data[k];
    if (ch == '"' || ch == '\\')
      recto_buf_putc(out, '\\');
    recto_buf_putc(out, ch);
  }
  recto_buf_putc(out, '"');
  recto_buf_free(&text);
}

typedef struct S_job_ref {
  S_batch *b;
  S_job *j;
} S_job_ref;

static void S_job_diag(const recto_diag *d, void *user) {
  S_job_ref *r = user;
  S_job *j = r->j;
  if (d->severity != RECTO_DIAG_INFO) {
    /* Only this job's thread touches j. */
    if (d->severity == RECTO_DIAG_ERROR)
      j->errors++;
    else
      j->warnings++;
    recto_buf_puts(&j->diags, j->diags.len ? ",\n      {" : "{");
    recto_buf_printf(&j->diags, "\"severity\": \"%s\", \"line\": %u, "
                     "\"column\": %u, \"code\": ",
                     d->severity == RECTO_DIAG_ERROR ? "error" : "warning",
                     (unsigned)d->pos.line, (unsigned)d->pos.column);
    S_json_str(&j->diags, d->code ? d->code : "");
    recto_buf_puts(&j->diags, ", \"message\": ");
    S_json_str(&j->diags, d->message);
    recto_buf_putc(&j->diags, '}');
  }
  if (!cli_shows(r->b->c, d->severity))
    return;
  recto_buf line = RECTO_BUF_INIT;
  recto_buf_puts(&line, "recto: ");
  cli_format_diag(d, &line);
  recto_buf_putc(&line, '\n');
  pthread_mutex_lock(&r->b->lock);
  S_clear_bar(r->b);
  fwrite(line.data, 1, line.len, stderr);
  S_draw_bar(r->b, 1);
  pthread_mutex_unlock(&r->b->lock);
  recto_buf_free(&line);
}

/* ---- collecting inputs ---- */

/* out/rel with the input's extension replaced by each writer's. */
static void S_add_job(S_batch *b, const char *path, const char *rel,
                      const struct stat *st) {
  cli *c = b->c;
  if (b->njobs == b->cap) {
    b->cap = b->cap ? 2 * b->cap : 64;
    b->jobs = realloc(b->jobs, b->cap * sizeof *b->jobs);
    if (!b->jobs)
      recto_out_of_memory();
  }
  S_job *j = &b->jobs[b->njobs++];
  memset(j, 0, sizeof *j);
  j->input = S_fmt("%s", path);
  if (c->from)
    j->reader = recto_registry_find(c->reg, RECTO_PLUGIN_READER, c->from);
  if (st) {
    j->size = (uint64_t)st->st_size;
    j->mtime = st->st_mtim;
  }
  const recto_plugin_info *by_ext = recto_registry_find_by_extension(
      c->reg, RECTO_PLUGIN_READER, 0, rel, NULL);
  size_t cut = strlen(rel);
  size_t ext = recto_plugin_info_match(by_ext, rel);
  if (ext) {
    cut -= ext + 1;
  } else {
    const char *base = strrchr(rel, '/');
    base = base ? base + 1 : rel;
    const char *dot = strrchr(base, '.');
    if (dot && dot != base)
      cut = (size_t)(dot - rel);
  }
  char *stem = S_xmalloc(cut + 1);
  memcpy(stem, rel, cut);
  stem[cut] = '\0';
  j->outputs = S_xmalloc(b->nwriters * sizeof *j->outputs);
  j->stale = S_xmalloc(b->nwriters);
  for (size_t w = 0; w < b->nwriters; w++) {
    const recto_plugin_info *wi = b->writers[w];
    const char *wext = wi->extensions[0] ? wi->extensions[0] : wi->name;
    j->outputs[w] = S_fmt("%s/%s.%s", b->outdir, stem, wext);
  }
  free(stem);
}

typedef struct S_dir {
  char *path, *rel;
} S_dir;

/* Walk root with an explicit stack (no recursion on input depth).
   Symbolic links to directories are not followed (no cycles), and the
   output directory is never walked into. */
static void S_walk(S_batch *b, recto_context *ctx, const char *root,
                   const struct stat *out_st) {
  size_t len = 1, cap = 16;
  S_dir *stack = S_xmalloc(cap * sizeof *stack);
  stack[0].path = S_trim_slashes(root);
  stack[0].rel = S_fmt("%s", "");
  while (len) {
    S_dir d = stack[--len];
    DIR *dir = opendir(d.path);
    if (!dir) {
      recto_diag_emit(ctx, RECTO_DIAG_ERROR, "io.read", NULL,
                      "cannot read directory %s: %s", d.path,
                      strerror(errno));
      b->unreadable++;
    }
    struct dirent *e;
    while (dir && (e = readdir(dir)) != NULL) {
      if (e->d_name[0] == '.')
        continue;
      char *path = S_fmt("%s/%s", d.path, e->d_name);
      char *rel = S_fmt("%s%s%s", d.rel, d.rel[0] ? "/" : "", e->d_name);
      struct stat lst, st;
      int is_dir = lstat(path, &lst) == 0 && S_ISDIR(lst.st_mode);
      if (is_dir && !(out_st && lst.st_dev == out_st->st_dev &&
                      lst.st_ino == out_st->st_ino)) {
        if (len == cap) {
          cap *= 2;
          stack = realloc(stack, cap * sizeof *stack);
          if (!stack)
            recto_out_of_memory();
        }
        stack[len].path = path;
        stack[len++].rel = rel;
        continue;
      }
      if (!is_dir && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        if (b->c->from || recto_registry_find_by_extension(
                              b->c->reg, RECTO_PLUGIN_READER, 0, path, NULL))
          S_add_job(b, path, rel, &st);
        else
          b->skipped++;
      }
      free(path);
      free(rel);
    }
    if (dir)
      closedir(dir);
    free(d.path);
    free(d.rel);
  }
  free(stack);
}

static int S_cmp_job(const void *a, const void *b) {
  return strcmp(((const S_job *)a)->input, ((const S_job *)b)->input);
}

typedef struct S_out {
  const char *path;
  size_t job;
} S_out;

static int S_cmp_out(const void *a, const void *b) {
  const S_out *x = a, *y = b;
  int d = strcmp(x->path, y->path);
  return d ? d : (x->job > y->job) - (x->job < y->job);
}

/* Two inputs that would write one file (a.md and a.txt to a.native):
   the first in input order keeps it, the other fails.  An output that
   is its own input is refused. */
static void S_check_outputs(S_batch *b) {
  size_t n = b->njobs * b->nwriters;
  if (!n)
    return;
  S_out *all = S_xmalloc(n * sizeof *all);
  for (size_t k = 0; k < n; k++) {
    all[k].job = k / b->nwriters;
    all[k].path = b->jobs[all[k].job].outputs[k % b->nwriters];
  }
  qsort(all, n, sizeof *all, S_cmp_out);
  for (size_t k = 1; k < n; k++) {
    S_job *j = &b->jobs[all[k].job];
    if (strcmp(all[k].path, all[k - 1].path) == 0 && !j->blocked)
      j->blocked = S_fmt("its output %s is also the output of %s",
                         all[k].path, b->jobs[all[k - 1].job].input);
  }
  free(all);
  for (size_t k = 0; k < b->njobs; k++) {
    S_job *j = &b->jobs[k];
    for (size_t w = 0; w < b->nwriters && !j->blocked; w++)
      if (cli_is_input(j->input, j->outputs[w]))
        j->blocked = S_fmt("its output %s would overwrite the input",
                           j->outputs[w]);
  }
}

/* Which outputs need writing: all with --force, else those missing or
   older than the input. */
static void S_mark_stale(S_batch *b) {
  for (size_t k = 0; k < b->njobs; k++) {
    S_job *j = &b->jobs[k];
    int any = 0;
    for (size_t w = 0; w < b->nwriters; w++) {
      struct stat st;
      int fresh = !b->c->force && stat(j->outputs[w], &st) == 0 &&
                  (st.st_mtim.tv_sec > j->mtime.tv_sec ||
                   (st.st_mtim.tv_sec == j->mtime.tv_sec &&
                    st.st_mtim.tv_nsec >= j->mtime.tv_nsec));
      j->stale[w] = !fresh;
      any |= !fresh;
    }
    if (!any && !j->blocked) {
      j->state = S_UP_TO_DATE;
    } else {
      b->to_run++;
      b->bytes_total += j->size;
    }
  }
}

/* ---- running ---- */

static void S_make_parents(const char *path) {
  char *dir = S_fmt("%s", path);
  for (char *p = dir + 1; *p; p++) {
    if (*p != '/')
      continue;
    *p = '\0';
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
      break;
    *p = '/';
  }
  free(dir);
}

/* Writers that need no sections see the tree as read: sectionizing is
   done for the first writer that wants it and kept for the rest. */
static recto_status S_write_outputs(S_batch *b, recto_context *ctx,
                                    S_job *j, recto_doc *doc) {
  recto_status worst = RECTO_OK;
  for (int pass = 0; pass < 2; pass++) {
    for (size_t w = 0; w < b->nwriters; w++) {
      const recto_plugin_info *wi = b->writers[w];
      int sections = (wi->flags & RECTO_PLUGIN_WANTS_SECTIONS) != 0;
      if (sections != pass || !j->stale[w])
        continue;
      S_make_parents(j->outputs[w]);
      recto_status st = recto_pipeline_write_file(b->c->reg, ctx, wi, doc,
                                                  b->c->opts, j->outputs[w]);
      if (st != RECTO_OK)
        worst = st;
    }
  }
  return worst;
}

static void S_run_job(S_batch *b, S_job *j) {
  double t0 = S_now();
  cli *c = b->c;
  S_job_ref ref = {b, j};
  recto_context *ctx = recto_context_new();
  recto_context_set_handler(ctx, S_job_diag, &ref);
  recto_context_set_file(ctx, j->input);
  recto_status st = RECTO_OK;
  recto_doc *doc = NULL;
  if (j->blocked) {
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "batch.collision", NULL,
                    "not converted: %s", j->blocked);
    st = RECTO_ERR_OUTPUT;
  }
  if (st == RECTO_OK)
    st = cli_read_prepared(c, ctx, j->reader, j->input, b->bibs, b->writers,
                           b->nwriters, &doc);
  if (st == RECTO_OK)
    st = S_write_outputs(b, ctx, j, doc);
  if (doc)
    recto_doc_free(doc);
  recto_context_free(ctx);
  j->state = st == RECTO_OK ? S_CONVERTED : S_FAILED;
  j->seconds = S_now() - t0;
  pthread_mutex_lock(&b->lock);
  b->done++;
  b->bytes_done += j->size;
  S_draw_bar(b, b->done == b->to_run);
  pthread_mutex_unlock(&b->lock);
}

static void *S_worker(void *arg) {
  S_batch *b = arg;
  for (;;) {
    pthread_mutex_lock(&b->lock);
    while (b->next < b->njobs && b->jobs[b->next].state != S_PENDING)
      b->next++;
    S_job *j = b->next < b->njobs ? &b->jobs[b->next++] : NULL;
    pthread_mutex_unlock(&b->lock);
    if (!j)
      return NULL;
    S_run_job(b, j);
  }
}

static void S_run_all(S_batch *b, recto_context *ctx) {
  long jobs = b->c->jobs ? b->c->jobs : sysconf(_SC_NPROCESSORS_ONLN);
  size_t n = jobs > 0 ? (size_t)jobs : 1;
  if (n > b->to_run)
    n = b->to_run;
  pthread_t *threads = S_xmalloc(n * sizeof *threads);
  size_t started = 0;
  for (size_t k = 1; k < n; k++) {
    if (pthread_create(&threads[started], NULL, S_worker, b) != 0) {
      recto_diag_emit(ctx, RECTO_DIAG_WARNING, "batch.threads", NULL,
                      "could start only %zu parallel jobs", started + 1);
      break;
    }
    started++;
  }
  S_worker(b); /* the main thread is one of the workers */
  for (size_t k = 0; k < started; k++)
    pthread_join(threads[k], NULL);
  free(threads);
}

/* ---- report ---- */

static const char *const S_state_names[] = {"pending", "converted", "failed",
                                            "up-to-date"};

typedef struct S_counts {
  size_t by_state[4];
  size_t with_warnings; /* converted, with warnings */
} S_counts;

static recto_status S_write_report(S_batch *b, recto_context *ctx,
                                   const S_counts *n, double seconds) {
  recto_buf r = RECTO_BUF_INIT;
  recto_buf_puts(&r, "{\n  \"formats\": [");
  for (size_t w = 0; w < b->nwriters; w++) {
    recto_buf_puts(&r, w ? ", " : "");
    S_json_str(&r, b->writers[w]->name);
  }
  recto_buf_puts(&r, "],\n  \"files\": [");
  for (size_t k = 0; k < b->njobs; k++) {
    const S_job *j = &b->jobs[k];
    recto_buf_puts(&r, k ? ",\n    {\"input\": " : "\n    {\"input\": ");
    S_json_str(&r, j->input);
    recto_buf_printf(&r, ", \"status\": \"%s\",\n     \"outputs\": [",
                     S_state_names[j->state]);
    for (size_t w = 0, first = 1; w < b->nwriters; w++) {
      if (j->state == S_FAILED || (j->state == S_CONVERTED && !j->stale[w]))
        continue; /* not written by this run */
      recto_buf_puts(&r, first ? "" : ", ");
      S_json_str(&r, j->outputs[w]);
      first = 0;
    }
    recto_buf_printf(&r, "],\n     \"warnings\": %zu, \"errors\": %zu, "
                     "\"seconds\": %.6f,\n     \"diagnostics\": [%s%s]}",
                     j->warnings, j->errors, j->seconds,
                     j->diags.len ? "\n      " : "",
                     j->diags.data ? j->diags.data : "");
  }
  recto_buf_printf(&r, "\n  ],\n  \"summary\": {\"files\": %zu, "
                   "\"converted\": %zu, \"with_warnings\": %zu, "
                   "\"failed\": %zu, \"up_to_date\": %zu, \"skipped\": %zu, "
                   "\"unreadable_directories\": %zu, \"seconds\": %.6f}\n}\n",
                   b->njobs, n->by_state[S_CONVERTED], n->with_warnings,
                   n->by_state[S_FAILED], n->by_state[S_UP_TO_DATE],
                   b->skipped, b->unreadable, seconds);
  recto_status st = recto_file_replace(ctx, b->c->report, r.data, r.len);
  recto_buf_free(&r);
  return st;
}

/* ---- entry ---- */

static int S_prepare(S_batch *b, recto_context *ctx) {
  cli *c = b->c;
  if (!c->output || strcmp(c->output, "-") == 0 || !c->to.len) {
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "cli.usage", NULL,
                    "batch conversion needs -t FORMAT and -o DIR");
    return RECTO_ERR_USAGE;
  }
  b->writers = S_xmalloc(c->to.len * sizeof *b->writers);
  for (size_t k = 0; k < c->to.len; k++) {
    const recto_plugin_info *wi =
        recto_registry_find(c->reg, RECTO_PLUGIN_WRITER, c->to.items[k]);
    if (!wi)
      return cli_unknown_format(c, ctx, RECTO_PLUGIN_WRITER, c->to.items[k]);
    size_t w = 0;
    while (w < b->nwriters && b->writers[w] != wi)
      w++;
    if (w == b->nwriters)
      b->writers[b->nwriters++] = wi;
    if (!recto_registry_plugin(c->reg, ctx, wi))
      return RECTO_ERR_PLUGIN;
  }
  if (c->from && !recto_registry_find(c->reg, RECTO_PLUGIN_READER, c->from))
    return cli_unknown_format(c, ctx, RECTO_PLUGIN_READER, c->from);
  b->outdir = S_trim_slashes(c->output);
  struct stat out_st;
  int out_exists = stat(c->output, &out_st) == 0;
  if (out_exists && !S_ISDIR(out_st.st_mode)) {
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "cli.usage", NULL,
                    "-o %s is a file; batch conversion writes into a "
                    "directory", c->output);
    return RECTO_ERR_USAGE;
  }
  for (size_t k = 0; k < c->inputs.len; k++) {
    const char *in = c->inputs.items[k];
    struct stat st;
    if (strcmp(in, "-") == 0) {
      recto_diag_emit(ctx, RECTO_DIAG_ERROR, "cli.usage", NULL,
                      "standard input cannot be part of a batch");
      return RECTO_ERR_USAGE;
    }
    if (stat(in, &st) == 0 && S_ISDIR(st.st_mode)) {
      S_walk(b, ctx, in, out_exists ? &out_st : NULL);
    } else {
      const char *base = strrchr(in, '/');
      S_add_job(b, in, base ? base + 1 : in,
                stat(in, &st) == 0 ? &st : NULL);
    }
  }
  if (b->njobs)
    qsort(b->jobs, b->njobs, sizeof *b->jobs, S_cmp_job);
  return RECTO_OK;
}

int cli_batch(cli *c, recto_context *ctx) {
  S_batch b;
  memset(&b, 0, sizeof b);
  b.c = c;
  pthread_mutex_init(&b.lock, NULL);
  b.start = S_now();
  b.tty = c->verbosity >= 0 && isatty(STDERR_FILENO);
  int rc = S_prepare(&b, ctx);
  if (rc == RECTO_OK)
    rc = cli_read_bibliographies(c, ctx, &b.bibs);
  if (rc == RECTO_OK) {
    S_check_outputs(&b);
    S_mark_stale(&b);
    if (b.to_run)
      S_run_all(&b, ctx);
    S_counts n;
    memset(&n, 0, sizeof n);
    for (size_t k = 0; k < b.njobs; k++) {
      n.by_state[b.jobs[k].state]++;
      n.with_warnings += b.jobs[k].state == S_CONVERTED && b.jobs[k].warnings;
    }
    double seconds = S_now() - b.start;
    pthread_mutex_lock(&b.lock);
    S_clear_bar(&b);
    pthread_mutex_unlock(&b.lock);
    if (c->verbosity >= 0)
      fprintf(stderr, "recto: %zu converted (%zu with warnings), %zu failed, "
              "%zu up to date, %zu skipped (no reader), in %.2f s\n",
              n.by_state[S_CONVERTED], n.with_warnings, n.by_state[S_FAILED],
              n.by_state[S_UP_TO_DATE], b.skipped, seconds);
    rc = n.by_state[S_FAILED] || b.unreadable ? CLI_EXIT_SOME_FAILED : 0;
    if (c->report && S_write_report(&b, ctx, &n, seconds) != RECTO_OK)
      rc = RECTO_ERR_OUTPUT;
  }
  for (size_t k = 0; k < b.njobs; k++) {
    S_job *j = &b.jobs[k];
    for (size_t w = 0; w < b.nwriters; w++)
      free(j->outputs[w]);
    free(j->outputs);
    free(j->stale);
    free(j->input);
    free(j->blocked);
    recto_buf_free(&j->diags);
  }
  free(b.jobs);
  free(b.writers);
  free(b.outdir);
  cli_free_bibliographies(c, b.bibs);
  pthread_mutex_destroy(&b.lock);
  return rc;
}
