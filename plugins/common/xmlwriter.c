/* xmlwriter.c: escaping and markup primitives (see xmlwriter.h). */
#include <string.h>

#include "xmlwriter.h"

void xw_text(recto_buf *out, const char *s) {
  if (s)
    recto_buf_put_xml(out, s, strlen(s));
}

void xw_attr(recto_buf *out, const char *name, const char *value) {
  if (!value)
    return;
  recto_buf_putc(out, ' ');
  recto_buf_puts(out, name);
  recto_buf_put(out, "=\"", 2);
  recto_buf_put_xml(out, value, strlen(value));
  recto_buf_putc(out, '"');
}

/* Tags are written often: plain appends, no format to parse. */
void xw_start_tag(recto_buf *out, const char *name) {
  recto_buf_putc(out, '<');
  recto_buf_puts(out, name);
}

void xw_end_tag(recto_buf *out, const char *name) {
  recto_buf_put(out, "</", 2);
  recto_buf_puts(out, name);
  recto_buf_putc(out, '>');
}

void xw_attr_int(recto_buf *out, const char *name, long value) {
  recto_buf_printf(out, " %s=\"%ld\"", name, value);
}

void xw_indent(recto_buf *out, int depth) {
  /* Capped, so that deeply nested input cannot make the output grow
     with the square of its depth. */
  static const char spaces[] = "                                        ";
  size_t n = depth > 0 ? 2 * (size_t)depth : 0;
  if (n > sizeof spaces - 1)
    n = sizeof spaces - 1;
  recto_buf_putc(out, '\n');
  recto_buf_put(out, spaces, n);
}

void xw_element(recto_buf *out, const char *name, const char *text) {
  xw_element_attr(out, name, NULL, NULL, text);
}

void xw_element_attr(recto_buf *out, const char *name, const char *attr,
                     const char *value, const char *text) {
  if (!text || !*text)
    return;
  xw_start_tag(out, name);
  if (attr)
    xw_attr(out, attr, value);
  recto_buf_putc(out, '>');
  xw_text(out, text);
  xw_end_tag(out, name);
}

void xw_pi_start(recto_buf *out, const char *target) {
  recto_buf_puts(out, "<?");
  recto_buf_puts(out, target);
}

void xw_pi_attr(recto_buf *out, const char *name, const char *value) {
  xw_attr(out, name, value);
}

void xw_pi_end(recto_buf *out) { recto_buf_puts(out, "?>"); }

const char *xw_dir_name(recto_dir dir) {
  switch (dir) {
  case RECTO_DIR_LTR:
    return "ltr";
  case RECTO_DIR_RTL:
    return "rtl";
  default:
    return NULL;
  }
}

const char *xw_basename(const char *path) {
  if (!path)
    return NULL;
  const char *slash = strrchr(path, '/');
  return slash && slash[1] ? slash + 1 : path;
}
