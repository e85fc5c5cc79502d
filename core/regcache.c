/* regcache.c: what each plugin file declares, kept between runs so that
   a conversion opens only the plugins it uses (GStreamer keeps a
   registry cache for the same reason).  A line-based text file:

     recto-plugin-cache 1 abi MAJOR.MINOR
     F <path> <dev> <ino> <size> <mtime-ns> <refusal or empty>
     D <index> <kind> <flags> <has-probe> <name> <description> <version>
       <n> <alias>... <n> <extension>... <n> <option key>...

   fields separated by tabs, with \\ \t \n escaped.  A record is trusted
   only while the file's identity matches; anything unreadable makes the
   whole cache be ignored. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "registry_internal.h"

#define S_MAGIC "recto-plugin-cache 1 abi"
char *reg_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = recto_xmalloc(n);
  memcpy(d, s, n);
  return d;
}

static char *S_join(const char *a, const char *b) {
  size_t n = strlen(a) + strlen(b) + 1;
  char *d = recto_xmalloc(n);
  snprintf(d, n, "%s%s", a, b);
  return d;
}

char *reg_cache_default_path(void) {
  const char *env = getenv("RECTO_PLUGIN_CACHE");
  if (env)
    return reg_strdup(env);
  const char *xdg = getenv("XDG_CACHE_HOME");
  if (xdg && *xdg == '/')
    return S_join(xdg, "/recto/plugins.cache");
  const char *home = getenv("HOME");
  if (home && *home == '/')
    return S_join(home, "/.cache/recto/plugins.cache");
  return reg_strdup("");
}

static void S_free_desc(reg_desc *d) {
  free((char *)d->info.name);
  free((char *)d->info.description);
  free((char *)d->info.version);
  const char *const *lists[] = {d->info.aliases, d->info.extensions,
                                d->info.option_keys};
  for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++) {
    for (const char *const *s = lists[k]; s && *s; s++)
      free((char *)*s);
    free((void *)lists[k]);
  }
  free(d);
}

void reg_file_clear_descs(reg_file *f) {
  for (size_t k = 0; k < f->descs.len; k++)
    S_free_desc(f->descs.items[k]);
  ptrvec_free(&f->descs);
}

static void S_free_file(reg_file *f) {
  reg_file_clear_descs(f);
  free(f->path);
  free(f->refusal);
  free(f);
}

void reg_cache_free(reg_cache *c) {
  for (size_t k = 0; k < c->files.len; k++)
    S_free_file(c->files.items[k]);
  ptrvec_free(&c->files);
  c->dirty = 0;
}

static reg_file *S_find(reg_cache *c, const char *path, size_t *at) {
  for (size_t k = 0; k < c->files.len; k++) {
    reg_file *f = c->files.items[k];
    if (strcmp(f->path, path) == 0) {
      if (at)
        *at = k;
      return f;
    }
  }
  return NULL;
}

reg_file *reg_cache_lookup(reg_cache *c, const char *path,
                           const reg_file_id *id) {
  reg_file *f = S_find(c, path, NULL);
  if (f && memcmp(&f->id, id, sizeof *id) == 0)
    return f;
  return NULL;
}

reg_file *reg_cache_add(reg_cache *c, const char *path, const reg_file_id *id) {
  size_t at;
  reg_file *old = S_find(c, path, &at);
  reg_file *f = recto_xmalloc(sizeof *f);
  memset(f, 0, sizeof *f);
  f->path = reg_strdup(path);
  f->id = *id;
  if (old) {
    S_free_file(old);
    c->files.items[at] = f;
  } else {
    ptrvec_push(&c->files, f);
  }
  c->dirty = 1;
  return f;
}

/* ---- reading ---- */

/* Undo the escapes in place. */
static void S_unescape(char *s) {
  char *out = s;
  for (; *s; s++) {
    if (*s == '\\' && s[1]) {
      s++;
      *out++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s;
    } else {
      *out++ = *s;
    }
  }
  *out = '\0';
}

/* The tab-separated fields of line, unescaped in place (as many as a
   descriptor's lists make: no fixed bound).  The caller frees the array. */
static char **S_split(char *line, size_t *count) {
  size_t n = 1;
  for (const char *t = line; (t = strchr(t, '\t')) != NULL; t++)
    n++;
  char **fields = recto_xmalloc(n * sizeof *fields);
  n = 0;
  for (;;) {
    char *tab = strchr(line, '\t');
    fields[n++] = line;
    if (!tab)
      break;
    *tab = '\0';
    line = tab + 1;
  }
  for (size_t k = 0; k < n; k++)
    S_unescape(fields[k]);
  *count = n;
  return fields;
}

static int S_u64(const char *s, uint64_t *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s || *end)
    return 0;
  *out = v;
  return 1;
}

/* A NULL-terminated list of n fields starting at fields[*at]. */
static const char *const *S_list(char **fields, size_t nf, size_t *at) {
  uint64_t n;
  if (*at >= nf || !S_u64(fields[*at], &n) || n > nf - *at - 1)
    return NULL;
  (*at)++;
  char **list = recto_xmalloc((n + 1) * sizeof *list);
  for (size_t k = 0; k < n; k++)
    list[k] = reg_strdup(fields[(*at)++]);
  list[n] = NULL;
  return (const char *const *)list;
}

static int S_read_file_record(reg_cache *c, char **f, size_t nf) {
  reg_file_id id;
  uint64_t mtime;
  if (nf != 7 || !S_u64(f[2], &id.dev) || !S_u64(f[3], &id.ino) ||
      !S_u64(f[4], &id.size) || !S_u64(f[5], &mtime) || !f[1][0])
    return 0;
  id.mtime_ns = (int64_t)mtime;
  reg_file *file = reg_cache_add(c, f[1], &id);
  if (f[6][0])
    file->refusal = reg_strdup(f[6]);
  return 1;
}

static int S_read_desc_record(reg_file *file, char **f, size_t nf) {
  uint64_t index, kind, flags, probe;
  if (!file || nf < 10 || !S_u64(f[1], &index) || !S_u64(f[2], &kind) ||
      !S_u64(f[3], &flags) || !S_u64(f[4], &probe) || kind < 1 || kind > 3 ||
      !f[5][0])
    return 0;
  reg_desc *d = recto_xmalloc(sizeof *d);
  memset(d, 0, sizeof *d);
  d->index = (uint32_t)index;
  d->info.kind = (recto_plugin_kind)kind;
  d->info.flags = (uint32_t)flags;
  d->info.has_probe = probe != 0;
  d->info.name = reg_strdup(f[5]);
  d->info.description = reg_strdup(f[6]);
  d->info.version = reg_strdup(f[7]);
  size_t at = 8;
  d->info.aliases = S_list(f, nf, &at);
  d->info.extensions = d->info.aliases ? S_list(f, nf, &at) : NULL;
  d->info.option_keys = d->info.extensions ? S_list(f, nf, &at) : NULL;
  ptrvec_push(&file->descs, d);
  return d->info.option_keys && at == nf;
}

static char *S_slurp(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return NULL;
  recto_buf buf = RECTO_BUF_INIT;
  char chunk[8192];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
    recto_buf_put(&buf, chunk, n);
  fclose(fp);
  if (!buf.data)
    return NULL;
  return recto_buf_detach(&buf, NULL);
}

int reg_cache_parse(reg_cache *c, char *line) {
  int ok = 1;
  reg_file *file = NULL;
  while (ok && *line) {
    char *nl = strchr(line, '\n');
    if (!nl) {
      ok = 0; /* a torn last line */
      break;
    }
    *nl = '\0';
    size_t nf;
    char **fields = S_split(line, &nf);
    if (strcmp(fields[0], "F") == 0) {
      ok = S_read_file_record(c, fields, nf);
      file = c->files.len ? c->files.items[c->files.len - 1] : NULL;
    } else if (strcmp(fields[0], "D") == 0) {
      ok = S_read_desc_record(file, fields, nf);
    } else {
      ok = 0;
    }
    free(fields);
    line = nl + 1;
  }
  return ok;
}

void reg_cache_read(reg_cache *c, const char *path) {
  char *text = S_slurp(path);
  if (!text)
    return;
  char magic[64];
  snprintf(magic, sizeof magic, "%s %d.%d\n", S_MAGIC,
           RECTO_PLUGIN_ABI_MAJOR, RECTO_PLUGIN_ABI_MINOR);
  int ok = strncmp(text, magic, strlen(magic)) == 0 &&
           reg_cache_parse(c, text + strlen(magic));
  free(text);
  if (!ok)
    reg_cache_free(c);
  c->dirty = !ok;
}

/* ---- writing ---- */

static void S_put_field(recto_buf *b, const char *s) {
  recto_buf_putc(b, '\t');
  for (; s && *s; s++) {
    if (*s == '\t')
      recto_buf_puts(b, "\\t");
    else if (*s == '\n')
      recto_buf_puts(b, "\\n");
    else if (*s == '\\')
      recto_buf_puts(b, "\\\\");
    else
      recto_buf_putc(b, *s);
  }
}

static void S_put_list(recto_buf *b, const char *const *list) {
  size_t n = 0;
  while (list[n])
    n++;
  recto_buf_printf(b, "\t%zu", n);
  for (size_t k = 0; k < n; k++)
    S_put_field(b, list[k]);
}

void reg_file_put(recto_buf *b, const reg_file *f) {
  recto_buf_puts(b, "F");
  S_put_field(b, f->path);
  recto_buf_printf(b, "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRId64,
                   f->id.dev, f->id.ino, f->id.size, f->id.mtime_ns);
  S_put_field(b, f->refusal);
  recto_buf_putc(b, '\n');
  for (size_t k = 0; k < f->descs.len; k++) {
    const reg_desc *d = f->descs.items[k];
    recto_buf_printf(b, "D\t%u\t%d\t%u\t%d", (unsigned)d->index,
                     (int)d->info.kind, (unsigned)d->info.flags,
                     d->info.has_probe);
    S_put_field(b, d->info.name);
    S_put_field(b, d->info.description);
    S_put_field(b, d->info.version);
    S_put_list(b, d->info.aliases);
    S_put_list(b, d->info.extensions);
    S_put_list(b, d->info.option_keys);
    recto_buf_putc(b, '\n');
  }
}

/* mkdir -p of the directory part of path. */
static void S_make_parents(const char *path) {
  char *dir = reg_strdup(path);
  for (char *p = dir + 1; *p; p++) {
    if (*p != '/')
      continue;
    *p = '\0';
    mkdir(dir, 0700);
    *p = '/';
  }
  free(dir);
}

void reg_cache_write(reg_cache *c, const char *path) {
  recto_buf b = RECTO_BUF_INIT;
  recto_buf_printf(&b, "%s %d.%d\n", S_MAGIC, RECTO_PLUGIN_ABI_MAJOR,
                   RECTO_PLUGIN_ABI_MINOR);
  for (size_t k = 0; k < c->files.len; k++) {
    const reg_file *f = c->files.items[k];
    struct stat st;
    /* Records of other search paths stay while their file exists. */
    if (f->used || stat(f->path, &st) == 0)
      reg_file_put(&b, f);
  }
  S_make_parents(path);
  char *tmp = S_join(path, ".XXXXXX");
  int fd = mkstemp(tmp);
  if (fd >= 0) {
    ssize_t w = write(fd, b.data, b.len);
    int ok = close(fd) == 0 && w == (ssize_t)b.len;
    if (!ok || rename(tmp, path) != 0)
      unlink(tmp);
    else
      c->dirty = 0;
  }
  free(tmp);
  recto_buf_free(&b);
}
