/* registry.c: the plugin host: search path, loading with ABI checks,
   refusals and duplicates, lookups by name, extension and content.

   Start-up cost is dominated by the libraries plugins link (libxml2 pulls
   in ICU), so a file is opened only when one of its descriptors is used.
   What a file declares is learnt once and kept in a cache (regcache.c)
   keyed by the file's identity; the first run, or a run after a plugin
   changed, opens every file. */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "recto/registry.h"
#include "recto/sniff.h"
#include "recto_config.h"
#include "registry_internal.h"

/* ABI 1.0's descriptor size; minor versions only append fields, so this
   must stay the 1.0 value when the struct grows. */
#define S_PLUGIN_SIZE_1_0 sizeof(recto_plugin)
/* A file answering more descriptors than this is broken. */
#define S_MAX_DESCRIPTORS 256
/* How long a new plugin file may take to be examined. */
#define S_EXAMINE_SECONDS 10

struct recto_registry {
  ptrvec paths;    /* char *: search path in order */
  ptrvec files;    /* reg_file *: files met this run, in search order */
  ptrvec entries;  /* reg_desc *: registered descriptors, search order */
  ptrvec ignored;  /* char *: why environment entries were ignored */
  reg_cache cache;
  char *cache_file; /* NULL: default; "": none */
  int loaded;
  pthread_mutex_t lock; /* guards opening files after loading */
};

const char *recto_plugin_kind_name(recto_plugin_kind kind) {
  switch (kind) {
  case RECTO_PLUGIN_READER:
    return "reader";
  case RECTO_PLUGIN_WRITER:
    return "writer";
  case RECTO_PLUGIN_TRANSFORM:
    return "transform";
  }
  return "unknown";
}

recto_registry *recto_registry_new(void) {
  recto_registry *reg = recto_xmalloc(sizeof *reg);
  memset(reg, 0, sizeof *reg);
  pthread_mutex_init(&reg->lock, NULL);
  return reg;
}

void recto_registry_free(recto_registry *reg) {
  if (!reg)
    return;
  /* Plugins stay mapped for the life of the process, as in most plugin
     hosts: libraries they pull in may keep global state (cmark-gfm's
     extension table, libxml2's parser) that unloading would strand. */
  for (size_t k = 0; k < reg->paths.len; k++)
    free(reg->paths.items[k]);
  ptrvec_free(&reg->paths);
  ptrvec_free(&reg->files);
  ptrvec_free(&reg->entries);
  for (size_t k = 0; k < reg->ignored.len; k++)
    free(reg->ignored.items[k]);
  ptrvec_free(&reg->ignored);
  reg_cache_free(&reg->cache);
  free(reg->cache_file);
  pthread_mutex_destroy(&reg->lock);
  free(reg);
}

void recto_registry_add_path(recto_registry *reg, const char *path) {
  if (path && *path)
    ptrvec_push(&reg->paths, reg_strdup(path));
}

/* Whether the running program lives in the build tree: then the plugins
   just built are the ones wanted, not an older installed set. */
static int S_uninstalled(char *root, size_t cap) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0)
    return 0;
  exe[n] = '\0';
  char dir[PATH_MAX];
  snprintf(dir, sizeof dir, "%s", RECTO_BUILD_PLUGINDIR);
  char *slash = strrchr(dir, '/');
  if (!slash || slash == dir)
    return 0;
  *slash = '\0';
  if (!realpath(dir, root) || strlen(root) >= cap)
    return 0;
  size_t len = strlen(root);
  return strncmp(exe, root, len) == 0 && exe[len] == '/';
}

static int S_cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of dir whose names pass keep(), sorted (readdir order is
   arbitrary and results must not depend on it). */
static void S_list_dir(const char *dir, int want_dirs, ptrvec *out) {
  DIR *d = opendir(dir);
  if (!d)
    return;
  size_t first = out->len;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    size_t n = strlen(e->d_name);
    if (!want_dirs && (n < 4 || strcmp(e->d_name + n - 3, ".so") != 0))
      continue;
    size_t len = strlen(dir) + n + 2;
    char *path = recto_xmalloc(len);
    snprintf(path, len, "%s/%s", dir, e->d_name);
    struct stat st;
    if (stat(path, &st) != 0 ||
        (want_dirs ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))) {
      free(path);
      continue;
    }
    ptrvec_push(out, path);
  }
  closedir(d);
  if (out->len > first)
    qsort(out->items + first, out->len - first, sizeof(void *), S_cmp_str);
}

/* Append each non-empty entry of a colon-separated list.  A relative
   entry would load code from wherever recto happens to run (as "." in
   PATH): it is ignored, with a warning when loading. */
static void S_add_list(recto_registry *reg, const char *var) {
  const char *list = getenv(var);
  while (list && *list) {
    const char *colon = strchr(list, ':');
    size_t n = colon ? (size_t)(colon - list) : strlen(list);
    if (n && *list != '/') {
      char why[PATH_MAX + 128];
      snprintf(why, sizeof why, "plugin path entry '%.*s' of %s ignored: "
               "not an absolute path", (int)(n < PATH_MAX ? n : PATH_MAX),
               list, var);
      ptrvec_push(&reg->ignored, reg_strdup(why));
    } else if (n) {
      char *dir = recto_xmalloc(n + 1);
      memcpy(dir, list, n);
      dir[n] = '\0';
      ptrvec_push(&reg->paths, dir);
    }
    list = colon ? colon + 1 : NULL;
  }
}

void recto_registry_add_default_paths(recto_registry *reg) {
  S_add_list(reg, "RECTO_PLUGIN_PATH");
  /* As GStreamer's GST_PLUGIN_SYSTEM_PATH: set, it replaces the build
     tree and installed directory (empty: no plugins but those named). */
  if (getenv("RECTO_PLUGIN_SYSTEM_PATH")) {
    S_add_list(reg, "RECTO_PLUGIN_SYSTEM_PATH");
    return;
  }
  char root[PATH_MAX];
  if (S_uninstalled(root, sizeof root))
    S_list_dir(RECTO_BUILD_PLUGINDIR, 1, &reg->paths);
  recto_registry_add_path(reg, RECTO_PLUGINDIR);
}

void recto_registry_set_cache(recto_registry *reg, const char *file) {
  free(reg->cache_file);
  reg->cache_file = file ? reg_strdup(file) : NULL;
}

/* ---- examining a file ---- */

static void S_refuse(recto_context *ctx, const char *path, const char *why) {
  recto_diag_emit(ctx, RECTO_DIAG_WARNING, "plugin.refused",
                  NULL, "plugin %s refused: %s", path, why);
}

/* An unsigned field of an ELF structure, in the file's byte order. */
static uint64_t S_elf_field(const unsigned char *ident, const unsigned char *p,
                            size_t len) {
  uint64_t v = 0;
  for (size_t k = 0; k < len; k++)
    v |= (uint64_t)p[k] << (8 * (ident[5] == 1 ? k : len - 1 - k));
  return v;
}

/* Reasons to refuse a file before handing it to dlopen, which maps it
   without checks: a truncated shared object kills the process with
   SIGBUS, and glibc reports another architecture as "No such file".
   NULL when the file looks loadable. */
static const char *S_elf_reason(const char *path, char *why, size_t cap) {
  unsigned char h[64], self[64], ph[56];
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  int sfd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  struct stat st;
  const char *reason = NULL;
  if (fd < 0 || fstat(fd, &st) != 0) {
    snprintf(why, cap, "cannot be read (%s)", strerror(errno));
    reason = why;
  } else if (pread(fd, h, sizeof h, 0) < 4 || memcmp(h, "\177ELF", 4) != 0) {
    reason = "not an ELF shared object";
  } else if (pread(fd, h, sizeof h, 0) < (ssize_t)sizeof h ||
             (h[4] != 1 && h[4] != 2) || (h[5] != 1 && h[5] != 2)) {
    reason = "truncated or damaged ELF file";
  } else if (sfd >= 0 && pread(sfd, self, sizeof self, 0) == sizeof self &&
             (h[4] != self[4] || h[5] != self[5] ||
              S_elf_field(h, h + 18, 2) != S_elf_field(self, self + 18, 2))) {
    snprintf(why, cap, "built for another architecture (ELF class %u, "
             "machine %u; this host: class %u, machine %u)", h[4],
             (unsigned)S_elf_field(h, h + 18, 2), self[4],
             (unsigned)S_elf_field(self, self + 18, 2));
    reason = why;
  } else if (S_elf_field(h, h + 16, 2) != 3) { /* ET_DYN */
    reason = "not a shared object";
  } else {
    /* Every loadable segment must lie within the file. */
    int wide = h[4] == 2;
    uint64_t phoff = S_elf_field(h, h + (wide ? 32 : 28), wide ? 8 : 4);
    uint64_t phsize = S_elf_field(h, h + (wide ? 54 : 42), 2);
    uint64_t phnum = S_elf_field(h, h + (wide ? 56 : 44), 2);
    size_t need = wide ? 40 : 24;
    for (uint64_t k = 0; k < phnum && !reason; k++) {
      uint64_t at = phoff + k * phsize;
      if (phsize < need || pread(fd, ph, need, (off_t)at) != (ssize_t)need) {
        reason = "truncated ELF file";
        break;
      }
      uint64_t off = S_elf_field(h, ph + (wide ? 8 : 4), wide ? 8 : 4);
      uint64_t filesz = S_elf_field(h, ph + (wide ? 32 : 16), wide ? 8 : 4);
      if (off + filesz < off || off + filesz > (uint64_t)st.st_size)
        reason = "truncated ELF file";
    }
  }
  if (fd >= 0)
    close(fd);
  if (sfd >= 0)
    close(sfd);
  return reason;
}

/* dlerror() repeats the path before the reason; keep the reason. */
static const char *S_dl_reason(const char *path) {
  const char *msg = dlerror();
  if (!msg)
    return "unknown error";
  size_t n = strlen(path);
  if (strncmp(msg, path, n) == 0 && msg[n] == ':')
    msg += n + 1;
  while (*msg == ' ')
    msg++;
  return msg;
}

/* The checks plugin.h promises, in its order: nothing past the version
   fields is read before they pass.  Returns NULL or the reason. */
static const char *S_check(const recto_plugin *p, char *why, size_t cap) {
  if (p->abi_major != RECTO_PLUGIN_ABI_MAJOR) {
    snprintf(why, cap, "built for plugin ABI %u.%u, this host speaks %d.%d",
             (unsigned)p->abi_major, (unsigned)p->abi_minor,
             RECTO_PLUGIN_ABI_MAJOR, RECTO_PLUGIN_ABI_MINOR);
    return why;
  }
  if (p->abi_minor > RECTO_PLUGIN_ABI_MINOR) {
    snprintf(why, cap, "needs plugin ABI %u.%u, this host speaks %d.%d",
             (unsigned)p->abi_major, (unsigned)p->abi_minor,
             RECTO_PLUGIN_ABI_MAJOR, RECTO_PLUGIN_ABI_MINOR);
    return why;
  }
  if (p->struct_size < S_PLUGIN_SIZE_1_0) {
    snprintf(why, cap, "descriptor size %u is smaller than ABI %d.0's %zu",
             (unsigned)p->struct_size, RECTO_PLUGIN_ABI_MAJOR,
             (size_t)S_PLUGIN_SIZE_1_0);
    return why;
  }
  if (!p->name || !*p->name) {
    snprintf(why, cap, "a descriptor has no format name");
    return why;
  }
  const char *missing = NULL;
  switch (p->kind) {
  case RECTO_PLUGIN_READER:
    missing = p->read ? NULL : "read";
    break;
  case RECTO_PLUGIN_WRITER:
    missing = p->write ? NULL : "write";
    break;
  case RECTO_PLUGIN_TRANSFORM:
    missing = p->transform ? NULL : "transform";
    break;
  default:
    snprintf(why, cap, "'%s' has unknown kind %d", p->name, (int)p->kind);
    return why;
  }
  if (missing) {
    snprintf(why, cap, "%s '%s' has no %s callback",
             recto_plugin_kind_name(p->kind), p->name, missing);
    return why;
  }
  return NULL;
}

static char **S_copy_list(const char *const *list) {
  size_t n = 0;
  while (list && list[n])
    n++;
  char **out = recto_xmalloc((n + 1) * sizeof *out);
  for (size_t k = 0; k < n; k++)
    out[k] = reg_strdup(list[k]);
  out[n] = NULL;
  return out;
}

static reg_desc *S_desc_from(const recto_plugin *p, uint32_t index) {
  reg_desc *d = recto_xmalloc(sizeof *d);
  memset(d, 0, sizeof *d);
  d->index = index;
  d->info.kind = p->kind;
  d->info.flags = p->flags;
  d->info.name = reg_strdup(p->name);
  d->info.aliases = (const char *const *)S_copy_list(p->aliases);
  d->info.extensions = (const char *const *)S_copy_list(p->extensions);
  d->info.option_keys = (const char *const *)S_copy_list(
      p->abi_minor >= 1 ? p->option_keys : NULL);
  d->info.description = reg_strdup(p->description ? p->description : "");
  d->info.version = reg_strdup(p->version ? p->version : "");
  d->info.has_probe = p->probe != NULL;
  d->plugin = p;
  return d;
}

/* Open f and read its descriptors into it.  A file is taken whole or not
   at all: one bad descriptor refuses the file (f->refusal). */
static void S_examine(reg_file *f) {
  char why[256], elf[160];
  const char *bad_elf = S_elf_reason(f->path, elf, sizeof elf);
  if (bad_elf) {
    snprintf(why, sizeof why, "cannot be loaded (%s)", bad_elf);
    f->refusal = reg_strdup(why);
    return;
  }
  dlerror();
  void *h = dlopen(f->path, RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    snprintf(why, sizeof why, "cannot be loaded (%s)", S_dl_reason(f->path));
    f->refusal = reg_strdup(why);
    return;
  }
  dlerror();
  recto_plugin_entry_fn entry;
  *(void **)&entry = dlsym(h, RECTO_PLUGIN_ENTRY);
  if (!entry) {
    snprintf(why, sizeof why, "no entry symbol %s", RECTO_PLUGIN_ENTRY);
    f->refusal = reg_strdup(why);
    dlclose(h);
    return;
  }
  f->handle = h;
  f->entry = entry;
  const char *bad = NULL;
  uint32_t k = 0;
  const recto_plugin *p;
  while (!bad && (p = entry(k)) != NULL) {
    if (k == S_MAX_DESCRIPTORS) {
      snprintf(why, sizeof why, "more than %d descriptors",
               S_MAX_DESCRIPTORS);
      bad = why;
    } else if ((bad = S_check(p, why, sizeof why)) == NULL) {
      ptrvec_push(&f->descs, S_desc_from(p, k));
    }
    k++;
  }
  if (!bad && k == 0)
    bad = "no descriptors";
  if (bad) {
    reg_file_clear_descs(f);
    f->refusal = reg_strdup(bad);
  }
}

/* Read what the examining child sends until it closes the pipe or the
   deadline passes; 0 on timeout. */
static int S_read_answer(int fd, recto_buf *b) {
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  char chunk[4096];
  for (;;) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long left = S_EXAMINE_SECONDS * 1000L -
                ((now.tv_sec - t0.tv_sec) * 1000L +
                 (now.tv_nsec - t0.tv_nsec) / 1000000L);
    struct pollfd pfd = {fd, POLLIN, 0};
    int r = left > 0 ? poll(&pfd, 1, (int)left) : 0;
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      return 0;
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return 1;
    recto_buf_put(b, chunk, (size_t)n);
  }
}

/* Examine f in a child process: a new or changed file's constructors
   and descriptors run there, so a file that crashes, hangs or exits
   costs one refusal, and nothing of it runs in this process before its
   descriptors passed the checks (it is opened here on first use).  The
   child sends f's record in the cache's own format. */
static void S_examine_apart(reg_file *f) {
  int fds[2];
  char why[160];
  const char *bad = NULL;
  pid_t pid = -1;
  if (pipe2(fds, O_CLOEXEC) != 0 || (pid = fork()) < 0) {
    snprintf(why, sizeof why, "cannot be examined (%s)", strerror(errno));
    f->refusal = reg_strdup(why);
    return;
  }
  if (pid == 0) {
    /* what the file prints or dumps is no concern of the user's */
    close(fds[0]);
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null >= 0) {
      dup2(null, STDOUT_FILENO);
      dup2(null, STDERR_FILENO);
    }
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    S_examine(f);
    recto_buf b = RECTO_BUF_INIT;
    reg_file_put(&b, f);
    const char *p = b.data;
    for (size_t left = b.len; left;) {
      ssize_t n = write(fds[1], p, left);
      if (n <= 0 && errno != EINTR)
        _exit(1);
      if (n > 0)
        p += n, left -= (size_t)n;
    }
    _exit(0);
  }
  close(fds[1]);
  recto_buf answer = RECTO_BUF_INIT;
  int answered = S_read_answer(fds[0], &answer);
  close(fds[0]);
  if (!answered)
    kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  reg_cache parsed = {0};
  if (!answered) {
    snprintf(why, sizeof why, "examining it took more than %d s",
             S_EXAMINE_SECONDS);
    bad = why;
  } else if (WIFSIGNALED(status)) {
    snprintf(why, sizeof why, "crashed while being examined (signal %d, %s)",
             WTERMSIG(status), strsignal(WTERMSIG(status)));
    bad = why;
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
             !answer.data || !reg_cache_parse(&parsed, answer.data) ||
             parsed.files.len != 1) {
    bad = "ended while being examined, without an answer";
  }
  recto_buf_free(&answer);
  if (bad) {
    f->refusal = reg_strdup(bad);
  } else {
    reg_file *got = parsed.files.items[0];
    f->refusal = got->refusal;
    got->refusal = NULL;
    f->descs = got->descs;
    got->descs = (ptrvec){0};
  }
  reg_cache_free(&parsed);
}

/* ---- registering ---- */

static int S_claims(const recto_plugin_info *info, const char *name) {
  if (strcmp(info->name, name) == 0)
    return 1;
  for (const char *const *a = info->aliases; *a; a++)
    if (strcmp(*a, name) == 0)
      return 1;
  return 0;
}

static const recto_plugin_info *S_claimed(const recto_registry *reg,
                                          recto_plugin_kind kind,
                                          const char *name) {
  for (size_t k = 0; k < reg->entries.len; k++) {
    const reg_desc *d = reg->entries.items[k];
    if (d->info.kind == kind && S_claims(&d->info, name))
      return &d->info;
  }
  return NULL;
}

/* First on the search path wins; a descriptor whose name is taken is
   dropped (it could still be reached by extension otherwise). */
static void S_register(recto_registry *reg, recto_context *ctx, reg_desc *d) {
  const char *kind = recto_plugin_kind_name(d->info.kind);
  const recto_plugin_info *prev = S_claimed(reg, d->info.kind, d->info.name);
  if (prev) {
    recto_diag_emit(ctx, RECTO_DIAG_WARNING, "plugin.duplicate", NULL,
                    "plugin %s: %s '%s' is already provided by %s; "
                    "the first one is used", d->info.file, kind,
                    d->info.name, prev->file);
    return;
  }
  for (const char *const *a = d->info.aliases; *a; a++) {
    prev = S_claimed(reg, d->info.kind, *a);
    if (prev)
      recto_diag_emit(ctx, RECTO_DIAG_WARNING, "plugin.duplicate", NULL,
                      "plugin %s: alias '%s' of %s '%s' is already "
                      "claimed by %s; the first one is used", d->info.file,
                      *a, kind, d->info.name, prev->file);
  }
  ptrvec_push(&reg->entries, d);
}

/* A plugin file or directory that others than its owner and root may
   write lets them put code into recto: refused with one line, as ssh and
   sudo refuse such files. */
static int S_writable_by_others(recto_context *ctx, const char *path,
                                const struct stat *st) {
  if (!(st->st_mode & S_IWOTH) && !((st->st_mode & S_IWGRP) && st->st_gid))
    return 0;
  recto_diag_emit(ctx, RECTO_DIAG_WARNING, "plugin.refused", NULL,
                  "plugin %s%s refused: writable by others than its owner "
                  "(mode %04o)", S_ISDIR(st->st_mode) ? "directory " : "",
                  path, (unsigned)(st->st_mode & 07777));
  return 1;
}

/* The directory of a plugin named on its own. */
static int S_dir_writable_by_others(recto_context *ctx, const char *path) {
  char dir[PATH_MAX];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (!slash)
    snprintf(dir, sizeof dir, ".");
  else
    slash[slash == dir] = '\0';
  struct stat st;
  return stat(dir, &st) == 0 && S_writable_by_others(ctx, dir, &st);
}

static int S_seen(const recto_registry *reg, const struct stat *st) {
  for (size_t k = 0; k < reg->files.len; k++) {
    const reg_file *f = reg->files.items[k];
    if (f->id.dev == (uint64_t)st->st_dev && f->id.ino == (uint64_t)st->st_ino)
      return 1;
  }
  return 0;
}

static void S_load_file(recto_registry *reg, recto_context *ctx,
                        const char *path) {
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || S_seen(reg, &st) ||
      S_writable_by_others(ctx, path, &st))
    return;
  reg_file_id id = {(uint64_t)st.st_dev, (uint64_t)st.st_ino,
                    (uint64_t)st.st_size,
                    (int64_t)st.st_mtim.tv_sec * 1000000000 +
                        st.st_mtim.tv_nsec};
  reg_file *f = reg_cache_lookup(&reg->cache, path, &id);
  if (!f) {
    f = reg_cache_add(&reg->cache, path, &id);
    S_examine_apart(f);
  }
  f->used = 1;
  ptrvec_push(&reg->files, f);
  if (f->refusal) {
    S_refuse(ctx, f->path, f->refusal);
    return;
  }
  for (size_t k = 0; k < f->descs.len; k++) {
    reg_desc *d = f->descs.items[k];
    d->info.file = f->path;
    d->file = f;
    S_register(reg, ctx, d);
  }
}

size_t recto_registry_load(recto_registry *reg, recto_context *ctx) {
  if (reg->loaded)
    return reg->entries.len;
  reg->loaded = 1;
  char *cache = reg->cache_file ? reg_strdup(reg->cache_file)
                                : reg_cache_default_path();
  if (*cache)
    reg_cache_read(&reg->cache, cache);
  for (size_t k = 0; k < reg->ignored.len; k++)
    recto_diag_emit(ctx, RECTO_DIAG_WARNING, "plugin.path", NULL, "%s",
                    (const char *)reg->ignored.items[k]);
  for (size_t k = 0; k < reg->paths.len; k++) {
    const char *path = reg->paths.items[k];
    struct stat st;
    if (stat(path, &st) != 0)
      continue;
    if (!S_ISDIR(st.st_mode)) {
      if (!S_dir_writable_by_others(ctx, path))
        S_load_file(reg, ctx, path);
      continue;
    }
    if (S_writable_by_others(ctx, path, &st))
      continue;
    ptrvec files = {0};
    S_list_dir(path, 0, &files);
    for (size_t j = 0; j < files.len; j++) {
      S_load_file(reg, ctx, files.items[j]);
      free(files.items[j]);
    }
    ptrvec_free(&files);
  }
  if (*cache && reg->cache.dirty)
    reg_cache_write(&reg->cache, cache);
  free(cache);
  return reg->entries.len;
}

/* ---- lookups ---- */

size_t recto_registry_count(const recto_registry *reg) {
  return reg->entries.len;
}

const recto_plugin_info *recto_registry_at(const recto_registry *reg,
                                           size_t index) {
  if (index >= reg->entries.len)
    return NULL;
  return &((const reg_desc *)reg->entries.items[index])->info;
}

const recto_plugin_info *recto_registry_find(const recto_registry *reg,
                                             recto_plugin_kind kind,
                                             const char *name) {
  return name ? S_claimed(reg, kind, name) : NULL;
}

/* Length of the longest extension of info that ends filename's base
   name (".tei.xml" against "a.tei.xml" is 7), or 0. */
static size_t S_ext_match(const recto_plugin_info *info, const char *filename,
                          const char **which) {
  const char *base = strrchr(filename, '/');
  base = base ? base + 1 : filename;
  size_t blen = strlen(base), best = 0;
  for (const char *const *e = info->extensions; *e; e++) {
    size_t n = strlen(*e);
    if (n && n + 1 <= blen && base[blen - n - 1] == '.' &&
        strcasecmp(base + blen - n, *e) == 0 && n > best) {
      best = n;
      if (which)
        *which = *e;
    }
  }
  return best;
}

size_t recto_plugin_info_match(const recto_plugin_info *info,
                               const char *filename) {
  return info && filename ? S_ext_match(info, filename, NULL) : 0;
}

const recto_plugin_info *
recto_registry_find_by_extension(const recto_registry *reg,
                                 recto_plugin_kind kind, uint32_t flags,
                                 const char *filename, size_t *ties) {
  const recto_plugin_info *best = NULL;
  size_t best_len = 0, n_ties = 0;
  for (size_t k = 0; filename && k < reg->entries.len; k++) {
    const recto_plugin_info *info = recto_registry_at(reg, k);
    if (info->kind != kind || (info->flags & flags) != flags)
      continue;
    size_t len = S_ext_match(info, filename, NULL);
    if (!len || len < best_len)
      continue;
    if (len == best_len) {
      n_ties++;
    } else {
      best = info;
      best_len = len;
      n_ties = 0;
    }
  }
  if (ties)
    *ties = n_ties;
  return best;
}

const recto_plugin *recto_registry_plugin(recto_registry *reg,
                                          recto_context *ctx,
                                          const recto_plugin_info *info) {
  reg_desc *d = (reg_desc *)info; /* info is the first member */
  pthread_mutex_lock(&reg->lock);
  const recto_plugin *p = d->plugin;
  reg_file *f = d->file;
  char why[256] = "";
  if (!p && !f->handle && !f->failed) {
    dlerror();
    f->handle = dlopen(f->path, RTLD_NOW | RTLD_LOCAL);
    if (f->handle)
      *(void **)&f->entry = dlsym(f->handle, RECTO_PLUGIN_ENTRY);
    if (!f->handle || !f->entry) {
      snprintf(why, sizeof why, "%s", f->handle ? "no entry symbol"
                                                : S_dl_reason(f->path));
      f->failed = 1;
    }
  }
  if (!p && f->entry) {
    /* The cache said what this index holds; make sure it still does. */
    const recto_plugin *q = f->entry(d->index);
    if (q && !S_check(q, why, sizeof why) && q->kind == info->kind &&
        strcmp(q->name, info->name) == 0)
      p = d->plugin = q;
    else if (!why[0])
      snprintf(why, sizeof why, "it no longer provides %s '%s'",
               recto_plugin_kind_name(info->kind), info->name);
  }
  pthread_mutex_unlock(&reg->lock);
  if (!p)
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "plugin.load", NULL,
                    "plugin %s: %s", info->file,
                    why[0] ? why : "cannot be loaded");
  return p;
}

/* Extensions that name a container syntax rather than a format: the
   content must tell which reader fits. */
static int S_generic_ext(const char *ext) {
  return strcasecmp(ext, "xml") == 0 || strcasecmp(ext, "json") == 0;
}

/* A probe this sure may claim a file the signatures call generic XML or
   JSON (a format of an out-of-tree plugin); plain text's and Markdown's
   weak guesses may not. */
#define S_PROBE_SURE 50

static const recto_plugin_info *
S_probe(recto_registry *reg, recto_context *ctx, uint32_t flags,
        const char *filename, size_t only_len, const unsigned char *head,
        size_t len, int min_score) {
  const recto_plugin_info *best = NULL;
  int best_score = min_score - 1;
  for (size_t k = 0; k < reg->entries.len; k++) {
    const recto_plugin_info *info = recto_registry_at(reg, k);
    if (info->kind != RECTO_PLUGIN_READER || !info->has_probe ||
        (info->flags & flags) != flags)
      continue;
    if (only_len && S_ext_match(info, filename, NULL) != only_len)
      continue;
    const recto_plugin *p = recto_registry_plugin(reg, ctx, info);
    int score = p && p->probe ? p->probe(head, len) : 0;
    if (score > best_score && score > 0) {
      best = info;
      best_score = score;
    }
  }
  return best;
}

/* The reader of the format the content's signature names, among those
   having every bit of flags. */
static const recto_plugin_info *S_reader_for(const recto_registry *reg,
                                             uint32_t flags,
                                             const char *format) {
  const recto_plugin_info *r =
      recto_registry_find(reg, RECTO_PLUGIN_READER, format);
  return r && (r->flags & flags) == flags ? r : NULL;
}

const recto_plugin_info *
recto_registry_choose_reader(recto_registry *reg, recto_context *ctx,
                             uint32_t flags, const char *filename,
                             const unsigned char *head, size_t len) {
  size_t probe_len = len > RECTO_PROBE_MAX ? RECTO_PROBE_MAX : len;
  /* The content first: a file is never read as a format it is not,
     whatever its name says. */
  recto_sniff sn;
  if (head && recto_sniff_format(head, len, &sn)) {
    const recto_plugin_info *r = S_reader_for(reg, flags, sn.format);
    if (!r)
      r = S_probe(reg, ctx, flags, filename, 0, head, probe_len,
                  S_PROBE_SURE);
    if (r) {
      recto_diag_emit(ctx, RECTO_DIAG_INFO, "format.inferred", NULL,
                      "reading as %s (the content looks like %s: %s)",
                      r->name, sn.what, sn.evidence);
      return r;
    }
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "format.no-reader", NULL,
                    "looks like %s; no %sreader for %s", sn.what,
                    flags & RECTO_PLUGIN_BIBLIOGRAPHY ? "bibliography " : "",
                    sn.format);
    return NULL;
  }
  size_t ties = 0;
  const recto_plugin_info *by_ext = recto_registry_find_by_extension(
      reg, RECTO_PLUGIN_READER, flags, filename, &ties);
  const char *ext = NULL;
  size_t ext_len = by_ext ? S_ext_match(by_ext, filename, &ext) : 0;
  if (by_ext && !ties && !S_generic_ext(ext)) {
    recto_diag_emit(ctx, RECTO_DIAG_INFO, "format.inferred", NULL,
                    "reading as %s (extension .%s)", by_ext->name, ext);
    return by_ext;
  }
  const recto_plugin_info *probed = NULL;
  if (head) {
    /* Ambiguous: only the claimants compete; generic or unknown: all. */
    probed = S_probe(reg, ctx, flags, filename, ties ? ext_len : 0, head,
                     probe_len, 1);
  }
  if (probed) {
    recto_diag_emit(ctx, RECTO_DIAG_INFO, "format.inferred", NULL,
                    "reading as %s (by its content)", probed->name);
    return probed;
  }
  if (by_ext)
    recto_diag_emit(ctx, RECTO_DIAG_INFO, "format.inferred", NULL,
                    "reading as %s (extension .%s; the content did not "
                    "tell)", by_ext->name, ext);
  return by_ext;
}
