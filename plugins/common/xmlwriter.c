/* xmlwriter.c: see xmlwriter.h. */
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
  recto_buf_puts(out, "=\"");
  recto_buf_put_xml(out, value, strlen(value));
  recto_buf_putc(out, '"');
}

void xw_indent(recto_buf *out, int depth) {
  recto_buf_putc(out, '\n');
  for (int i = 0; i < depth; i++)
    recto_buf_puts(out, "  ");
}
