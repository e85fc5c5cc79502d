/* refattrs.c: attributes after a reference definition,
 * "[a]: /url {#id .class key=value}", as pandoc reads them (its
 * link_attributes extension).
 *
 * CommonMark reads no such line as a definition: it stays a paragraph and
 * every reference to it stays text.  Before cmark reads the text, the
 * braces of such a line (one without a title) become the parentheses of
 * a title, one byte for one so that columns do not move, and the text
 * between them is kept; a link or image whose title is one of those texts
 * gets it as its attributes instead of a title.
 */
#include <stdlib.h>
#include <string.h>

#include "md.h"

static void S_keep(md_reader *rd, const char *s, size_t len) {
  if (rd->nref_attrs % 16 == 0) {
    const char **a = realloc(rd->ref_attrs,
                             (rd->nref_attrs + 16) * sizeof *a);
    if (!a)
      recto_out_of_memory();
    rd->ref_attrs = a;
  }
  rd->ref_attrs[rd->nref_attrs++] = recto_strndup(rd->doc, s, len);
}

/* The line s..e when it is "[label]: destination {attributes}". */
static void S_line(md_reader *rd, char *s, char *e) {
  while (s < e && (*s == ' ' || *s == '\t' || *s == '>'))
    s++;
  while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
    e--;
  if (e - s < 6 || s[0] != '[' || s[1] == '^' || e[-1] != '}')
    return;
  char *p = s + 1;
  while (p < e && *p != ']') {
    if (*p == '[')
      return;
    p += *p == '\\' ? 2 : 1;
  }
  if (p + 1 >= e || p[1] != ':')
    return;
  p += 2;
  while (p < e && (*p == ' ' || *p == '\t'))
    p++;
  char *dest = p;
  if (p < e && *p == '<') {
    while (p < e && *p != '>')
      p++;
    p++;
  } else {
    while (p < e && *p != ' ' && *p != '\t')
      p++;
  }
  if (p == dest || p >= e || (*p != ' ' && *p != '\t'))
    return;
  while (p < e && (*p == ' ' || *p == '\t'))
    p++;
  if (*p != '{' || p == e - 1)
    return;
  for (char *q = p + 1; q < e - 1; q++)
    if (strchr("{}()\\", *q))
      return; /* not a title in parentheses as it is */
  S_keep(rd, p + 1, (size_t)(e - 1 - (p + 1)));
  *p = '(';
  e[-1] = ')';
}

void md_refattrs_mark(md_reader *rd, char *buf, size_t len) {
  char *s = buf, *end = buf + len;
  for (size_t k = 0; k < rd->nlines && s < end; k++) {
    char *e = memchr(s, '\n', (size_t)(end - s));
    if (!e)
      e = end;
    if (!(rd->line_flags[k] & (MD_LINE_CODE | MD_LINE_TABLE | MD_LINE_META)) &&
        memchr(s, '{', (size_t)(e - s)))
      S_line(rd, s, e);
    s = e + 1;
  }
}

void md_refattrs_apply(md_reader *rd, recto_node *link) {
  const char *title = recto_node_title(link);
  if (!title || !rd->nref_attrs)
    return;
  for (size_t i = 0; i < rd->nref_attrs; i++) {
    if (strcmp(title, rd->ref_attrs[i]) != 0)
      continue;
    recto_buf b = RECTO_BUF_INIT;
    recto_buf_printf(&b, "{%s}", title);
    md_attr attr;
    if (md_attr_parse(rd, b.data, b.len, &attr) == b.len &&
        !attr.raw_format) {
      md_attr_apply(&attr, link);
      recto_node_set_title(link, NULL);
    }
    recto_buf_free(&b);
    return;
  }
}
