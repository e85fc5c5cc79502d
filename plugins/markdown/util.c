/* util.c: small helpers shared by the reader and the writer. */
#include <string.h>

#include "md.h"

const md_roman md_roman_numerals[] = {
    {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"},
    {90, "xc"},  {50, "l"},   {40, "xl"}, {10, "x"},   {9, "ix"},
    {5, "v"},    {4, "iv"},   {1, "i"},   {0, NULL}};

int md_isspace(int c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

int md_isalnum(int c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

int md_ispunct(int c) {
  return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) ||
         (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
}

int md_text_is(const recto_node *node, const char *s) {
  if (!node || recto_node_type_of(node) != RECTO_NODE_TEXT)
    return 0;
  size_t n = strlen(s);
  return recto_node_text_len(node) == n &&
         memcmp(recto_node_text(node), s, n) == 0;
}

recto_node *md_text_new(recto_doc *doc, const char *s, size_t len,
                        recto_pos pos) {
  recto_node *t = recto_node_new_text(doc, s, len);
  recto_node_set_pos(t, pos);
  return t;
}

recto_pos md_pos_add(recto_pos pos, size_t n) {
  if (pos.line) {
    pos.column += (uint32_t)n;
    pos.offset += n;
  }
  return pos;
}

void md_copy_attrs(const recto_node *from, recto_node *to) {
  recto_node_set_pos(to, recto_node_pos(from));
  if (recto_node_lang(from))
    recto_node_set_lang(to, recto_node_lang(from));
  if (recto_node_dir(from) != RECTO_DIR_UNSET)
    recto_node_set_dir(to, recto_node_dir(from));
  if (recto_node_id(from))
    recto_node_set_id(to, recto_node_id(from));
  const char *cls = recto_node_classes(from);
  if (cls && *cls)
    recto_node_set_classes(to, cls);
  size_t n = recto_node_attr_count(from);
  for (size_t i = 0; i < n; i++) {
    const char *k, *v;
    if (recto_node_attr_at(from, i, &k, &v) == 0)
      recto_node_set_attr(to, k, v);
  }
}

recto_node *md_retype(recto_node *node, recto_node_type type) {
  recto_node *n = recto_node_new(recto_node_doc(node), type);
  md_copy_attrs(node, n);
  recto_node *c;
  while ((c = recto_node_first_child(node)) != NULL) {
    recto_node_unlink(c);
    if (recto_node_append(n, c) != 0)
      break; /* cannot happen for the kinds we retype */
  }
  if (recto_node_parent(node) && recto_node_insert_before(node, n) == 0)
    recto_node_unlink(node);
  return n;
}

void md_plain(recto_buf *out, const recto_node *node) {
  recto_iter *it = recto_iter_new((recto_node *)node);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER)
      continue;
    switch (recto_node_type_of(n)) {
    case RECTO_NODE_TEXT: case RECTO_NODE_CODE: case RECTO_NODE_MATH:
      recto_buf_put(out, recto_node_text(n), recto_node_text_len(n));
      break;
    case RECTO_NODE_SOFT_BREAK: case RECTO_NODE_LINE_BREAK:
      recto_buf_putc(out, ' ');
      break;
    case RECTO_NODE_NOTE:
    case RECTO_NODE_ANNOTATION:
      if (n != node)
        recto_iter_skip_children(it);
      break;
    default:
      break;
    }
  }
  recto_iter_free(it);
}

/* What pandoc percent-encodes in a link's destination (escapeURI): white
   space and the characters a URL may not hold as they are. */
#define S_URL_UNSAFE " \t\n\r\f\v<>|\"{}[]^`"

const char *md_next_word(const char **p, size_t *len) {
  const char *s = *p;
  while (*s == ' ')
    s++;
  const char *e = s;
  while (*e && *e != ' ')
    e++;
  *p = e;
  *len = (size_t)(e - s);
  return *len ? s : NULL;
}

int md_inline_content(const recto_node *node) {
  switch (recto_node_type_of(node)) {
  case RECTO_NODE_PARAGRAPH: case RECTO_NODE_PLAIN: case RECTO_NODE_LINE:
  case RECTO_NODE_TERM: case RECTO_NODE_HEADING: case RECTO_NODE_EMPH:
  case RECTO_NODE_STRONG: case RECTO_NODE_STRIKEOUT: case RECTO_NODE_UNDERLINE:
  case RECTO_NODE_SUPERSCRIPT: case RECTO_NODE_SUBSCRIPT:
  case RECTO_NODE_SMALLCAPS: case RECTO_NODE_QUOTED: case RECTO_NODE_LINK:
  case RECTO_NODE_IMAGE: case RECTO_NODE_CITE: case RECTO_NODE_SPAN:
    return 1;
  default:
    return 0;
  }
}

void md_remove_class(recto_node *node, const char *cls) {
  const char *all = recto_node_classes(node);
  if (!all || !*all)
    return;
  recto_buf b = RECTO_BUF_INIT;
  size_t n = strlen(cls), len;
  const char *word;
  while ((word = md_next_word(&all, &len)) != NULL) {
    if (len == n && memcmp(word, cls, n) == 0)
      continue;
    if (b.len)
      recto_buf_putc(&b, ' ');
    recto_buf_put(&b, word, len);
  }
  recto_node_set_classes(node, b.data ? b.data : "");
  recto_buf_free(&b);
}

const char *md_url_escape(recto_doc *doc, const char *url, char pipe_mark) {
  static const char S_hex[] = "0123456789ABCDEF";
  char unsafe[sizeof S_URL_UNSAFE + 1] = S_URL_UNSAFE;
  unsafe[sizeof S_URL_UNSAFE - 1] = pipe_mark;
  if (!url[strcspn(url, unsafe)])
    return url;
  recto_buf b = RECTO_BUF_INIT;
  for (const char *p = url; *p; p++) {
    if (strchr(unsafe, *p)) {
      unsigned char c = *p == pipe_mark ? '|' : (unsigned char)*p;
      char esc[3] = {'%', S_hex[c >> 4], S_hex[c & 15]};
      recto_buf_put(&b, esc, 3);
    } else {
      recto_buf_putc(&b, *p);
    }
  }
  const char *out = recto_strndup(doc, b.data, b.len);
  recto_buf_free(&b);
  return out;
}

char md_unused_mark(const char *src, size_t len, const char *marks) {
  for (; *marks; marks++)
    if (!memchr(src, *marks, len))
      return *marks;
  return 0;
}
