/* resource.c: the one place where recto reads what a document names
   (recto/resource.h has the policy).  A hostile document must not make
   recto read a device (/dev/zero grows without end), wait on a FIFO, pack
   a private file into a book, or tell which files exist. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "internal.h"
#include "recto/resource.h"

int recto_size_parse(const char *text, uint64_t *out) {
  if (!text || !isdigit((unsigned char)*text))
    return 0;
  char *end;
  errno = 0;
  unsigned long long n = strtoull(text, &end, 10);
  unsigned shift = 0;
  if (*end == 'K' || *end == 'k')
    shift = 10;
  else if (*end == 'M' || *end == 'm')
    shift = 20;
  else if (*end == 'G' || *end == 'g')
    shift = 30;
  if (shift)
    end++;
  /* Sizes stop at 2^62: a limit plus one never overflows. */
  if (errno || *end || n > ((UINT64_MAX >> 2) >> shift))
    return 0;
  *out = (uint64_t)n << shift;
  return 1;
}

/* ---- images ---- */

static int S_is_svg(const unsigned char *data, size_t len) {
  if (len > INT_MAX)
    return 0;
  /* No network, no DTD loading, entities left unexpanded; an SVG with
     declarations of its own is not taken either. */
  xmlDocPtr doc = xmlReadMemory((const char *)data, (int)len, NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR |
                                    XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
  if (!doc)
    return 0;
  xmlNodePtr root = xmlDocGetRootElement(doc);
  xmlDtdPtr dtd = xmlGetIntSubset(doc);
  int ok = root && !(dtd && dtd->children) &&
           xmlStrcmp(root->name, (const xmlChar *)"svg") == 0 && root->ns &&
           xmlStrcmp(root->ns->href,
                     (const xmlChar *)"http://www.w3.org/2000/svg") == 0;
  xmlFreeDoc(doc);
  return ok;
}

const char *recto_image_type(const unsigned char *d, size_t len,
                             const char **ext) {
  static const struct {
    const char *magic;
    size_t at, len;
    const char *type, *ext;
  } known[] = {
      {"\x89PNG\r\n\x1a\n", 0, 8, "image/png", "png"},
      {"\xFF\xD8\xFF", 0, 3, "image/jpeg", "jpg"},
      {"GIF87a", 0, 6, "image/gif", "gif"},
      {"GIF89a", 0, 6, "image/gif", "gif"},
      {"WEBP", 8, 4, "image/webp", "webp"}, /* after "RIFF" and a size */
  };
  const char *dummy;
  if (!ext)
    ext = &dummy;
  for (size_t k = 0; k < sizeof known / sizeof *known; k++)
    if (len >= known[k].at + known[k].len &&
        memcmp(d + known[k].at, known[k].magic, known[k].len) == 0 &&
        (known[k].at == 0 || memcmp(d, "RIFF", 4) == 0)) {
      *ext = known[k].ext;
      return known[k].type;
    }
  if (S_is_svg(d, len)) {
    *ext = "svg";
    return "image/svg+xml";
  }
  return NULL;
}

int read_bounded(int fd, const struct stat *st, uint64_t limit,
                 recto_buf *out) {
  size_t chunk = S_ISREG(st->st_mode) && st->st_size > 0
                     ? (size_t)st->st_size + 1
                     : 65536;
  recto_buf_grow(out, chunk);
  for (;;) {
    if (out->len + 1 >= out->cap)
      recto_buf_grow(out, chunk);
    size_t room = out->cap - out->len - 1;
    if ((uint64_t)out->len + room > limit + 1)
      room = (size_t)(limit + 1 - out->len);
    ssize_t n = read(fd, out->data + out->len, room);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return n < 0 ? -1 : 0;
    out->len += (size_t)n;
    out->data[out->len] = '\0';
    if (out->len > limit)
      return 1;
    chunk = out->len; /* grow geometrically when the size was unknown */
  }
}

/* ---- the policy ---- */

typedef enum { S_DIRS, S_NONE, S_ANY } S_mode;

static S_mode S_mode_of(const recto_options *opts) {
  const char *v = recto_options_get(opts, RECTO_OPT_SANDBOX);
  if (!v)
    return S_DIRS;
  return recto_options_get_bool(opts, RECTO_OPT_SANDBOX, 1) ? S_NONE : S_ANY;
}

static uint64_t S_limit(const recto_options *opts) {
  return options_get_size(opts, RECTO_OPT_MAX_RESOURCE_SIZE,
                          RECTO_DEFAULT_MAX_RESOURCE_SIZE);
}

/* "http:", "data:", "C:"... a URL, never read. */
static int S_is_url(const char *name) {
  const char *p = name;
  while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
    p++;
  return *p == ':' && p - name >= 2 && isalpha((unsigned char)*name);
}

/* The one warning, whatever the reason. */
static recto_status S_refuse(recto_context *ctx, const recto_options *opts,
                             const char *name, const recto_pos *pos,
                             int image) {
  S_mode mode = S_mode_of(opts);
  if (mode == S_NONE) {
    recto_diag_emit(ctx, RECTO_DIAG_WARNING, "resource.refused", pos,
                    "'%s' is not read: --sandbox allows no file but the "
                    "inputs", name);
    return RECTO_ERR_IO;
  }
  uint64_t limit = S_limit(opts);
  static const char *const units[] = {"bytes", "KB", "MB", "GB"};
  unsigned u = 0;
  while (u < 3 && limit && limit % 1024 == 0) {
    limit /= 1024;
    u++;
  }
  recto_diag_emit(ctx, RECTO_DIAG_WARNING, "resource.refused", pos,
                  "'%s' is not read: recto reads regular files of at most "
                  "%llu %s%s only%s",
                  name, (unsigned long long)limit, units[u],
                  mode == S_DIRS ? " under the input's directory or a "
                                   "--resource-path directory"
                                 : "",
                  image ? ", and embeds PNG, JPEG, GIF, WebP and SVG images "
                          "only"
                        : "");
  return RECTO_ERR_IO;
}

/* The bytes of the regular file path, at most limit of them. */
static int S_read_bounded(const char *path, uint64_t limit, recto_buf *out) {
  struct stat st;
  /* Looked at before it is opened: opening some devices does things. */
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
      (uint64_t)st.st_size > limit)
    return 0;
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC |
                          O_NOCTTY);
  if (fd < 0)
    return 0;
  int ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
           (uint64_t)st.st_size <= limit &&
           read_bounded(fd, &st, limit, out) == 0; /* it may have grown */
  close(fd);
  if (!ok)
    recto_buf_clear(out);
  return ok;
}

/* Whether real (a resolved path) lies under the resolved directory dir. */
static int S_under(const char *real, const char *dir) {
  char *root = realpath(dir, NULL);
  if (!root)
    return 0;
  size_t n = strlen(root);
  int ok = strncmp(real, root, n) == 0 &&
           (real[n] == '/' || (n == 1 && root[0] == '/'));
  free(root);
  return ok;
}

/* Each ':'-separated entry of the resource path in turn, then NULL. */
static const char *S_next_dir(const char **rest, recto_buf *dir) {
  if (!*rest || !**rest)
    return NULL;
  size_t n = strcspn(*rest, ":");
  recto_buf_clear(dir);
  recto_buf_put(dir, *rest, n);
  *rest += n + ((*rest)[n] == ':');
  return dir->len ? dir->data : S_next_dir(rest, dir);
}

static int S_allowed(const char *real, const char *input_dir,
                     const recto_options *opts) {
  if (S_mode_of(opts) == S_ANY)
    return 1;
  if (S_under(real, input_dir))
    return 1;
  const char *rest = recto_options_get(opts, RECTO_OPT_RESOURCE_PATH);
  recto_buf dir = RECTO_BUF_INIT;
  int ok = 0;
  for (const char *d; !ok && (d = S_next_dir(&rest, &dir));)
    ok = S_under(real, d);
  recto_buf_free(&dir);
  return ok;
}

/* Try dir/name (name alone when dir is NULL). */
static int S_try(const char *dir, const char *name, const char *input_dir,
                 const recto_options *opts, uint64_t limit, recto_buf *out) {
  recto_buf path = RECTO_BUF_INIT;
  if (dir) {
    recto_buf_puts(&path, dir);
    recto_buf_putc(&path, '/');
  }
  recto_buf_puts(&path, name);
  char *real = realpath(path.data, NULL);
  recto_buf_free(&path);
  int ok = real && S_allowed(real, input_dir, opts) &&
           S_read_bounded(real, limit, out);
  free(real);
  return ok;
}

static int S_find(const recto_options *opts, const char *base,
                  const char *name, recto_buf *out) {
  if (S_mode_of(opts) == S_NONE || !*name || S_is_url(name))
    return 0;
  uint64_t limit = S_limit(opts);
  recto_buf input_dir = RECTO_BUF_INIT;
  const char *slash = base && strcmp(base, "-") != 0 ? strrchr(base, '/')
                                                      : NULL;
  if (slash)
    recto_buf_put(&input_dir, base, slash == base ? 1 : (size_t)(slash - base));
  else
    recto_buf_putc(&input_dir, '.');
  int found;
  if (name[0] == '/') {
    found = S_try(NULL, name, input_dir.data, opts, limit, out);
  } else {
    found = S_try(input_dir.data, name, input_dir.data, opts, limit, out);
    const char *rest = recto_options_get(opts, RECTO_OPT_RESOURCE_PATH);
    recto_buf dir = RECTO_BUF_INIT;
    for (const char *d; !found && (d = S_next_dir(&rest, &dir));)
      found = S_try(d, name, input_dir.data, opts, limit, out);
    recto_buf_free(&dir);
  }
  recto_buf_free(&input_dir);
  return found;
}

recto_status recto_resource_read(recto_context *ctx, const recto_options *opts,
                                 const char *base, const char *name,
                                 const recto_pos *pos, recto_buf *out) {
  recto_buf_clear(out);
  return S_find(opts, base, name, out) ? RECTO_OK
                                       : S_refuse(ctx, opts, name, pos, 0);
}

recto_status recto_resource_read_image(recto_context *ctx,
                                       const recto_options *opts,
                                       const char *base, const char *name,
                                       const recto_pos *pos, recto_buf *out,
                                       const char **media_type,
                                       const char **ext) {
  recto_buf_clear(out);
  *media_type = NULL;
  if (S_find(opts, base, name, out))
    *media_type = recto_image_type((const unsigned char *)out->data, out->len,
                                   ext);
  if (*media_type)
    return RECTO_OK;
  recto_buf_clear(out);
  return S_refuse(ctx, opts, name, pos, 1);
}
