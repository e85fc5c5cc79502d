/* stall_write.c: preloaded into recto by the signals test.  A write into
   a file whose name starts with the value of RECTO_TEST_STALL (the
   temporary file beside an output, or a FIFO) writes a part of its
   bytes, says "stalled" on standard error and waits for a signal, so that the
   test signals recto at a known point of its final write. */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((visibility("default"))) ssize_t write(int fd, const void *buf,
                                                     size_t n) {
  ssize_t (*real)(int, const void *, size_t);
  *(void **)&real = dlsym(RTLD_NEXT, "write");
  const char *prefix = getenv("RECTO_TEST_STALL");
  char link[64], path[PATH_MAX];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t k = prefix && *prefix ? readlink(link, path, sizeof path - 1) : -1;
  if (k > 0) {
    path[k] = '\0';
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strncmp(base, prefix, strlen(prefix)) == 0 && n > 1) {
      /* a part that fits a pipe's buffer: a FIFO's reader never reads */
      ssize_t done = real(fd, buf, n / 2 < 4096 ? n / 2 : 4096);
      static const char said[] = "stalled\n";
      real(STDERR_FILENO, said, sizeof said - 1);
      for (;;)
        pause();
      return done;
    }
  }
  return real(fd, buf, n);
}
