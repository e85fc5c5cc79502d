/* zipin_check.c: open a container with the guarded zip layer and read
   every entry, as a reader would.
 *
 *     zipin_check FILE
 *     zipin_check resolve      # how hrefs resolve inside a container
 *
 * Exit status: 0 when every entry was read, 4 (RECTO_ERR_INPUT) when
 * the container or an entry was refused, 3 when FILE cannot be read.
 * Diagnostics go to standard error as recto prints them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recto/recto.h"
#include "zipin.h"

/* Relative hrefs stay inside the container or are refused. */
static int S_resolve(void) {
  static const char *const cases[][3] = {
      {"OEBPS/text/c.xhtml", "../img/a%20b.png#x", "OEBPS/img/a b.png"},
      {"OEBPS/c.xhtml", "./n.xhtml?q", "OEBPS/n.xhtml"},
      {"c.xhtml", "d//e.xhtml", "d/e.xhtml"},
      {"OEBPS/c.xhtml", "../../etc/passwd", NULL},
      {"OEBPS/c.xhtml", "/etc/passwd", NULL},
      {"OEBPS/c.xhtml", "http://example.org/a", NULL},
      {"OEBPS/c.xhtml", "a%00b", NULL},
      {"OEBPS/c.xhtml", "..\\x", NULL},
      {"OEBPS/c.xhtml", "..", NULL},
  };
  int bad = 0;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *got = zipin_resolve(cases[i][0], cases[i][1]);
    const char *want = cases[i][2];
    if ((got == NULL) != (want == NULL) || (got && strcmp(got, want) != 0)) {
      fprintf(stderr, "resolve(%s, %s) = %s, expected %s\n", cases[i][0],
              cases[i][1], got ? got : "NULL", want ? want : "NULL");
      bad = 1;
    }
    free(got);
  }
  return bad;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "resolve") == 0)
    return S_resolve();
  if (argc != 2) {
    fputs("usage: zipin_check FILE\n", stderr);
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f)
    return 3;
  recto_buf data = RECTO_BUF_INIT;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    recto_buf_put(&data, chunk, n);
  fclose(f);
  recto_context *ctx = recto_context_new();
  recto_context_set_file(ctx, argv[1]);
  int status = 0;
  zipin *z = zipin_open(ctx, (const unsigned char *)data.data, data.len);
  if (!z)
    status = 4;
  for (size_t i = 0; z && i < zipin_count(z) && !status; i++) {
    const char *name = zipin_name(z, i);
    size_t len;
    unsigned char *bytes = name[0] && name[strlen(name) - 1] == '/'
                               ? NULL
                               : zipin_read(z, name, &len, 0);
    if (!bytes && name[strlen(name) - 1] != '/')
      status = 4;
    free(bytes);
  }
  zipin_close(z);
  recto_context_free(ctx);
  recto_buf_free(&data);
  return status;
}
