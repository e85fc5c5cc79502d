/* attr.c: pandoc attribute blocks, {#id .class key=value key="v a l"}
   and the raw-format form {=html}. */
#include <string.h>

#include "md.h"

static int S_sp(char c) { return c == ' ' || c == '\t' || c == '\n'; }

/* The index of the backslash in MD_ESC_CHARS. */
#define S_BACKSLASH ((int)(strchr(MD_ESC_CHARS, '\\') - MD_ESC_CHARS))

/* Characters that may appear in an identifier, class or key. */
static int S_name_char(char c) {
  return c && !S_sp(c) && c != '}' && c != '{' && c != '=' && c != '"' &&
         c != '\'';
}

int md_attr_key_ok(const char *k) {
  if (!*k || *k == '#' || *k == '.')
    return 0;
  for (const char *p = k; *p; p++)
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '}' || *p == '{' ||
        *p == '=' || *p == '"' || *p == '\'' || *p == '\\')
      return 0;
  return 1;
}

/* A quote at s: '"' or '\'', straight or curled by smart punctuation
   (its length in *n); else 0. */
static char S_quote(const char *s, size_t len, size_t *n) {
  if (len && (s[0] == '"' || s[0] == '\'')) {
    *n = 1;
    return s[0];
  }
  if (len < 3 || (unsigned char)s[0] != 0xE2 || (unsigned char)s[1] != 0x80)
    return 0;
  *n = 3;
  switch ((unsigned char)s[2]) {
  case 0x9C: case 0x9D: return '"';
  case 0x98: case 0x99: return '\'';
  default: return 0;
  }
}

size_t md_attr_parse(md_reader *rd, const char *s, size_t len, md_attr *out) {
  memset(out, 0, sizeof *out);
  if (!len || s[0] != '{')
    return 0;
  size_t i = 1;
  while (i < len && S_sp(s[i]))
    i++;
  if (i < len && s[i] == '=') {
    size_t b = ++i;
    while (i < len && !S_sp(s[i]) && s[i] != '}')
      i++;
    size_t e = i;
    while (i < len && S_sp(s[i]))
      i++;
    if (e == b || i >= len || s[i] != '}')
      return 0;
    out->raw_format = md_unesc_dup(rd, s + b, e - b, 0);
    return i + 1;
  }
  /* at most one key/value per two bytes */
  size_t cap = len / 2 + 1, n = 0;
  const char **keys = recto_alloc(rd->doc, cap * sizeof *keys);
  const char **values = recto_alloc(rd->doc, cap * sizeof *values);
  recto_buf classes = RECTO_BUF_INIT, val = RECTO_BUF_INIT;
  size_t result = 0;
  for (;;) {
    while (i < len && S_sp(s[i]))
      i++;
    if (i >= len)
      break;
    char c = s[i];
    if (c == '}') {
      result = i + 1;
      break;
    }
    if (c == '-') {
      /* pandoc's shorthand for .unnumbered, a token of its own that other
         attributes may follow at once: # Preface {-} {-.b} {-#id} */
      if (classes.len)
        recto_buf_putc(&classes, ' ');
      recto_buf_puts(&classes, "unnumbered");
      i++;
      continue;
    }
    if (c == '#' || c == '.') {
      size_t b = ++i;
      while (i < len && !S_sp(s[i]) && s[i] != '}' && s[i] != '{')
        i++;
      if (i == b)
        break;
      if (c == '#') {
        out->id = md_unesc_dup(rd, s + b, i - b, 0);
      } else {
        if (classes.len)
          recto_buf_putc(&classes, ' ');
        md_unesc(rd, &classes, s + b, i - b, 0);
      }
      continue;
    }
    size_t kb = i;
    while (i < len && S_name_char(s[i]) && s[i] != '=')
      i++;
    if (i == kb || i >= len || s[i] != '=')
      break;
    size_t ke = i++;
    recto_buf_clear(&val);
    size_t qn = 0, cn = 0;
    char q = S_quote(s + i, len - i, &qn);
    if (q) {
      i += qn;
      /* a curled quote closes at a curled one: smart punctuation leaves
         the escaped quotes inside straight, "A \"b\" c" */
      while (i < len && (S_quote(s + i, len - i, &cn) != q ||
                         (qn == 3 && cn != 3))) {
        /* a backslash (written "\\\\" in inline text, so a replacement
           character here) escapes a quote or a backslash */
        size_t bs = s[i] == '\\' ? 1 : md_esc_at(rd, s + i, len - i) ==
                                           S_BACKSLASH ? 2 : 0;
        if (bs && i + bs < len &&
            (s[i + bs] == '"' || s[i + bs] == '\'' || s[i + bs] == '\\' ||
             md_esc_at(rd, s + i + bs, len - i - bs) == S_BACKSLASH)) {
          i += bs;
          if (s[i] != '"' && s[i] != '\'' && s[i] != '\\') {
            recto_buf_putc(&val, '\\');
            i += 2;
            continue;
          }
        }
        recto_buf_putc(&val, s[i]);
        i++;
      }
      if (i >= len)
        break;
      i += cn;
      if (i < len && !S_sp(s[i]) && s[i] != '}')
        break;
    } else {
      size_t vb = i;
      while (i < len && !S_sp(s[i]) && s[i] != '}' && s[i] != '"' &&
             s[i] != '\'')
        i++;
      recto_buf_put(&val, s + vb, i - vb);
    }
    const char *key = md_unesc_dup(rd, s + kb, ke - kb, 0);
    if (!md_attr_key_ok(key))
      break; /* what the writer could not write back */
    if (!strcmp(key, "class")) {
      /* class="a b": more classes, as pandoc reads it */
      for (size_t v = 0; v < val.len;) {
        size_t w = v;
        while (w < val.len && !S_sp(val.data[w]))
          w++;
        if (w > v) {
          if (classes.len)
            recto_buf_putc(&classes, ' ');
          recto_buf_put(&classes, val.data + v, w - v);
        }
        v = w + 1;
      }
    } else if (n < cap) {
      keys[n] = key;
      values[n] = md_unesc_dup(rd, val.data ? val.data : "", val.len, 0);
      n++;
    }
  }
  if (result) {
    out->classes = classes.len ? md_unesc_dup(rd, classes.data, classes.len, 0)
                               : NULL;
    out->keys = keys;
    out->values = values;
    out->count = n;
  } else {
    memset(out, 0, sizeof *out);
  }
  recto_buf_free(&classes);
  recto_buf_free(&val);
  return result;
}

void md_attr_apply(const md_attr *attr, recto_node *node) {
  if (attr->id && *attr->id)
    recto_node_set_id(node, attr->id);
  if (attr->classes && *attr->classes) {
    const char *old = recto_node_classes(node);
    if (old && *old) {
      recto_buf b = RECTO_BUF_INIT;
      recto_buf_printf(&b, "%s %s", old, attr->classes);
      recto_node_set_classes(node, b.data);
      recto_buf_free(&b);
    } else {
      recto_node_set_classes(node, attr->classes);
    }
  }
  for (size_t i = 0; i < attr->count; i++) {
    const char *k = attr->keys[i], *v = attr->values[i];
    if (strcmp(k, "lang") == 0) {
      recto_node_set_lang(node, v);
    } else if (strcmp(k, "dir") == 0 &&
               (!strcmp(v, "ltr") || !strcmp(v, "rtl") ||
                !strcmp(v, "auto"))) {
      recto_node_set_dir(node, v[0] == 'l'   ? RECTO_DIR_LTR
                               : v[0] == 'r' ? RECTO_DIR_RTL
                                             : RECTO_DIR_AUTO);
    } else {
      recto_node_set_attr(node, k, v);
    }
  }
}

int md_attr_empty(const md_attr *attr) {
  return !attr->id && !attr->classes && !attr->count && !attr->raw_format;
}

int md_node_has_attrs(const recto_node *node) {
  const char *cls = recto_node_classes(node);
  /* raw HTML read into the model is written back as it was */
  if (cls && !strcmp(cls, MD_HTML_READ))
    cls = NULL;
  return recto_node_id(node) || (cls && *cls) ||
         recto_node_attr_count(node) || recto_node_lang(node) ||
         recto_node_dir(node) != RECTO_DIR_UNSET;
}
