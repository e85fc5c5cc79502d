/* output.c: how a finished output reaches its destination.  A regular
   file (or a new name) is replaced whole: a temporary file beside it,
   renamed into place on success.  Anything else the user names -- a
   character device, a FIFO, a symlink (its target), /dev/stdout -- is
   written into, never replaced: renaming over /dev/null would turn the
   machine's null device into a file. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "recto/registry.h"

recto_status output_write_all(int fd, const void *data, size_t len) {
  const char *p = data;
  while (len) {
    ssize_t n = write(fd, p, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return RECTO_ERR_OUTPUT;
    p += n;
    len -= (size_t)n;
  }
  return RECTO_OK;
}

/* ---- temporary files removed when a signal ends the process ----
   The handler may only read what is already in place, so the names live
   in fixed slots: a slot is claimed (BUSY), filled, then published
   (READY); the handler unlinks READY names only.  Conversions of a batch
   write at the same time, hence several slots; a write that finds none
   free goes on without this cleanup. */
enum { S_FREE, S_BUSY, S_READY };
#define S_SLOTS 64
static struct {
  atomic_int state;
  char name[PATH_MAX];
} S_temps[S_SLOTS];

static const int S_fatal[] = {SIGINT, SIGTERM, SIGHUP, SIGXFSZ};

static void S_remove_temporaries(void) {
  for (size_t k = 0; k < S_SLOTS; k++)
    if (atomic_load(&S_temps[k].state) == S_READY)
      unlink(S_temps[k].name);
}

static void S_on_signal(int sig) {
  S_remove_temporaries();
  /* SA_RESETHAND restored the default action: end as the signal says. */
  raise(sig);
}

/* Nothing here may allocate: write(2) and _exit(2) only. */
void recto_out_of_memory(void) {
  static const char line[] = "recto: error: out of memory [memory]\n";
  S_remove_temporaries();
  ssize_t n = write(STDERR_FILENO, line, sizeof line - 1);
  (void)n;
  _exit(RECTO_EXIT_OUT_OF_MEMORY);
}

/* Only signals left at their default (ending the process) are taken:
   a program embedding librecto keeps its own handlers. */
static pthread_once_t S_handlers_once = PTHREAD_ONCE_INIT;
static void S_install_handlers(void) {
  for (size_t k = 0; k < sizeof S_fatal / sizeof *S_fatal; k++) {
    struct sigaction old, sa;
    if (sigaction(S_fatal[k], NULL, &old) != 0 || old.sa_handler != SIG_DFL ||
        (old.sa_flags & SA_SIGINFO))
      continue;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = S_on_signal;
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(S_fatal[k], &sa, NULL);
  }
}

static int S_register(const char *name) {
  size_t n = strlen(name);
  if (n >= PATH_MAX)
    return -1;
  for (int k = 0; k < S_SLOTS; k++) {
    int expect = S_FREE;
    if (atomic_compare_exchange_strong(&S_temps[k].state, &expect, S_BUSY)) {
      memcpy(S_temps[k].name, name, n + 1);
      atomic_store(&S_temps[k].state, S_READY);
      return k;
    }
  }
  return -1;
}

static void S_unregister(int slot) {
  if (slot >= 0)
    atomic_store(&S_temps[slot].state, S_FREE);
}

/* ---- the two ways of writing ---- */

/* The process umask, read once: umask() can only be read by setting it,
   which must not race with threads creating files. */
static pthread_once_t S_umask_once = PTHREAD_ONCE_INIT;
static mode_t S_umask_value;
static void S_read_umask(void) {
  S_umask_value = umask(022);
  umask(S_umask_value);
}

static recto_status S_fail(recto_context *ctx, const char *path, int err) {
  recto_diag_emit(ctx, RECTO_DIAG_ERROR, "io.write", NULL,
                  "cannot write %s: %s", path, strerror(err));
  return RECTO_ERR_OUTPUT;
}

/* ".NAME.XXXXXX" beside path, NAME shortened (on a UTF-8 character
   boundary) so that the whole stays within NAME_MAX. */
static char *S_temp_name(const char *path) {
  const char *slash = strrchr(path, '/');
  size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
  const char *base = path + dirlen;
  size_t keep = strlen(base);
  const size_t room = NAME_MAX - 8; /* "." and ".XXXXXX" */
  if (keep > room) {
    keep = room;
    while (keep && ((unsigned char)base[keep] & 0xC0) == 0x80)
      keep--;
  }
  size_t cap = dirlen + keep + 16;
  char *tmp = recto_xmalloc(cap);
  snprintf(tmp, cap, "%.*s.%.*s.XXXXXX", (int)dirlen, path, (int)keep, base);
  return tmp;
}

static recto_status S_replace(recto_context *ctx, const char *path,
                              const struct stat *existing, const void *data,
                              size_t len) {
  pthread_once(&S_handlers_once, S_install_handlers);
  pthread_once(&S_umask_once, S_read_umask);
  char *tmp = S_temp_name(path);
  int fd = mkostemp(tmp, O_CLOEXEC);
  if (fd < 0) {
    free(tmp);
    return S_fail(ctx, path, errno);
  }
  int slot = S_register(tmp);
  mode_t mode = existing ? existing->st_mode & 07777 : 0666 & ~S_umask_value;
  recto_status status = output_write_all(fd, data, len);
  int err = errno;
  if (fchmod(fd, mode) != 0 && status == RECTO_OK) {
    status = RECTO_ERR_OUTPUT;
    err = errno;
  }
  if (close(fd) != 0 && status == RECTO_OK) {
    status = RECTO_ERR_OUTPUT;
    err = errno;
  }
  if (status == RECTO_OK && rename(tmp, path) != 0) {
    status = RECTO_ERR_OUTPUT;
    err = errno;
  }
  if (status != RECTO_OK)
    unlink(tmp);
  S_unregister(slot);
  free(tmp);
  return status == RECTO_OK ? RECTO_OK : S_fail(ctx, path, err);
}

/* Into what path already is (through a symlink, its target).  Only a
   regular target is truncated: a FIFO or a terminal is not a file. */
static recto_status S_write_into(recto_context *ctx, const char *path,
                                 const void *data, size_t len) {
  struct stat target;
  int exists = stat(path, &target) == 0;
  int flags = O_WRONLY | O_CLOEXEC | O_NOCTTY;
  if (!exists)
    flags |= O_CREAT; /* a dangling link: create its target */
  else if (S_ISREG(target.st_mode))
    flags |= O_TRUNC;
  else if (S_ISDIR(target.st_mode))
    return S_fail(ctx, path, EISDIR);
  else if (!S_ISCHR(target.st_mode) && !S_ISFIFO(target.st_mode) &&
           !S_ISSOCK(target.st_mode))
    return S_fail(ctx, path, EINVAL); /* a block device */
  int fd = open(path, flags, 0666);
  if (fd < 0)
    return S_fail(ctx, path, errno);
  recto_status status = output_write_all(fd, data, len);
  int err = errno;
  if (close(fd) != 0 && status == RECTO_OK) {
    status = RECTO_ERR_OUTPUT;
    err = errno;
  }
  return status == RECTO_OK ? RECTO_OK : S_fail(ctx, path, err);
}

recto_status recto_file_replace(recto_context *ctx, const char *path,
                                const void *data, size_t len) {
  struct stat st;
  if (lstat(path, &st) != 0)
    return errno == ENOENT ? S_replace(ctx, path, NULL, data, len)
                           : S_fail(ctx, path, errno);
  if (S_ISREG(st.st_mode))
    return S_replace(ctx, path, &st, data, len);
  if (S_ISDIR(st.st_mode))
    return S_fail(ctx, path, EISDIR);
  return S_write_into(ctx, path, data, len);
}
