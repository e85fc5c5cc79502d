/* yaml.c: the YAML subset of a metadata block, parsed without recursion.
 *
 * Block maps and sequences by indentation (a sequence may sit at the
 * indentation of its key, as CSL YAML writes it), plain scalars (folded
 * over more-indented lines), single- and double-quoted scalars (over
 * several lines too), literal and folded block scalars, and flow
 * collections [a, b] and {k: v} nested to any depth.  Anchors, tags and
 * multiple documents are not supported; what is not understood is an error
 * with its line, never a guess.
 */
#include <stdlib.h>
#include <string.h>

#include "md.h"

typedef struct S_yline {
  const char *s;
  size_t len;    /* without line ending */
  size_t indent; /* leading spaces */
  int blank;     /* empty or only a comment */
  int tab;       /* a tab in the indentation */
} S_yline;

typedef struct S_frame {
  md_yaml *node;
  size_t indent;
} S_frame;

typedef struct S_parser {
  recto_context *ctx;
  recto_doc *doc;
  S_yline *lines;
  size_t nlines;
  size_t k;         /* current line */
  uint32_t first_line;
  S_frame *stack;
  size_t depth, cap;
  int failed;
} S_parser;

static void S_error(S_parser *p, size_t k, size_t col, const char *msg) {
  if (p->failed)
    return;
  recto_pos pos = {p->first_line + (uint32_t)k, (uint32_t)col + 1, 0};
  if (p->ctx)
    recto_diag_emit(p->ctx, RECTO_DIAG_ERROR, "md.yaml", &pos,
                    "metadata block: %s", msg);
  p->failed = 1;
}

static md_yaml *S_node(S_parser *p, md_yaml_kind kind, md_yaml *parent,
                       size_t k) {
  md_yaml *n = recto_alloc(p->doc, sizeof *n);
  n->kind = kind;
  n->line = p->first_line + (uint32_t)k;
  n->parent = parent;
  if (parent) {
    if (parent->last)
      parent->last->next = n;
    else
      parent->first = n;
    parent->last = n;
  }
  return n;
}

static void S_set_scalar(S_parser *p, md_yaml *n, const char *s, size_t len) {
  n->kind = MD_YAML_SCALAR;
  n->value = recto_strndup(p->doc, s, len);
  n->value_len = len;
}

static void S_push(S_parser *p, md_yaml *node, size_t indent) {
  if (p->depth == p->cap) {
    p->cap = p->cap ? p->cap * 2 : 16;
    S_frame *s = realloc(p->stack, p->cap * sizeof *s);
    if (!s)
      recto_out_of_memory();
    p->stack = s;
  }
  p->stack[p->depth].node = node;
  p->stack[p->depth].indent = indent;
  p->depth++;
}

static int S_space(char c) { return c == ' ' || c == '\t'; }

static size_t S_trim_end(const char *s, size_t len) {
  while (len && S_space(s[len - 1]))
    len--;
  return len;
}

/* Length of s without a trailing " # comment" (outside quotes). */
static size_t S_strip_comment(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (s[i] == '#' && (i == 0 || S_space(s[i - 1])))
      return S_trim_end(s, i);
  return S_trim_end(s, len);
}

static int S_is_seq_item(const char *c, size_t len) {
  return len >= 1 && c[0] == '-' && (len == 1 || S_space(c[1]));
}

/* The end of a key ("key:" followed by space or end), or 0. */
static size_t S_key_end(const char *c, size_t len, size_t *key_start,
                        size_t *key_len) {
  size_t i = 0;
  if (len && (c[0] == '"' || c[0] == '\'')) {
    char q = c[0];
    for (i = 1; i < len && c[i] != q; i++)
      if (q == '"' && c[i] == '\\')
        i++;
    if (i >= len)
      return 0;
    *key_start = 1;
    *key_len = i - 1;
    i++;
    while (i < len && S_space(c[i]))
      i++;
    if (i < len && c[i] == ':' && (i + 1 == len || S_space(c[i + 1])))
      return i + 1;
    return 0;
  }
  if (!len || c[0] == '#' || c[0] == '[' || c[0] == '{' ||
      S_is_seq_item(c, len))
    return 0;
  for (i = 0; i < len; i++) {
    if (c[i] == ':' && (i + 1 == len || S_space(c[i + 1]))) {
      *key_start = 0;
      *key_len = S_trim_end(c, i);
      return *key_len ? i + 1 : 0;
    }
    if (c[i] == '#' && i > 0 && S_space(c[i - 1]))
      return 0;
  }
  return 0;
}

/* ---- quoted scalars (possibly over several lines) ---- */

static void S_put_utf8(recto_buf *b, uint32_t cp) {
  char tmp[4];
  int n = recto_utf8_encode(cp, tmp);
  recto_buf_put(b, tmp, (size_t)n);
}

static int S_hex(const char *s, size_t n, uint32_t *out) {
  uint32_t v = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    v <<= 4;
    if (c >= '0' && c <= '9')
      v |= (uint32_t)(c - '0');
    else if (c >= 'a' && c <= 'f')
      v |= (uint32_t)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      v |= (uint32_t)(c - 'A' + 10);
    else
      return 0;
  }
  *out = v;
  return 1;
}

/* Reads a quoted scalar starting at line p->k, byte col (the quote).
   On success p->k is the line of the closing quote and *end_col the byte
   after it. */
static int S_quoted(S_parser *p, size_t col, recto_buf *out, size_t *end_col) {
  S_yline *l = &p->lines[p->k];
  char q = l->s[col];
  size_t i = col + 1;
  for (;;) {
    int joined = 0;
    l = &p->lines[p->k];
    while (i < l->len) {
      char c = l->s[i];
      if (c == q) {
        if (q == '\'' && i + 1 < l->len && l->s[i + 1] == '\'') {
          recto_buf_putc(out, '\'');
          i += 2;
          continue;
        }
        *end_col = i + 1;
        return 1;
      }
      if (q == '"' && c == '\\') {
        if (i + 1 >= l->len) { /* escaped line break: join the lines */
          joined = 1;
          break;
        }
        char e = l->s[i + 1];
        uint32_t cp;
        i += 2;
        switch (e) {
        case 'n': recto_buf_putc(out, '\n'); break;
        case 't': recto_buf_putc(out, '\t'); break;
        case 'r': recto_buf_putc(out, '\r'); break;
        case '/': recto_buf_putc(out, '/'); break;
        case '\\': recto_buf_putc(out, '\\'); break;
        case '"': recto_buf_putc(out, '"'); break;
        case ' ': recto_buf_putc(out, ' '); break;
        case '_': S_put_utf8(out, 0xA0); break;
        case 'x': case 'u': case 'U': {
          size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          if (i + n > l->len || !S_hex(l->s + i, n, &cp) || cp == 0 ||
              cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            S_error(p, p->k, i, "bad escape in a double-quoted string");
            return 0;
          }
          S_put_utf8(out, cp);
          i += n;
          break;
        }
        default:
          S_error(p, p->k, i - 1, "unknown escape in a double-quoted string");
          return 0;
        }
        continue;
      }
      recto_buf_putc(out, c);
      i++;
    }
    /* the string goes on over the line break: white space around it
       folds into one space, each blank line into a newline */
    if (!joined)
      recto_buf_truncate(out, S_trim_end(out->data ? out->data : "",
                                         out->len));
    int newlines = 0;
    for (;;) {
      if (++p->k >= p->nlines) {
        S_error(p, p->k - 1, col, "unterminated quoted string");
        return 0;
      }
      if (p->lines[p->k].len != p->lines[p->k].indent)
        break;
      newlines++;
    }
    if (!joined) {
      if (!newlines)
        recto_buf_putc(out, ' ');
      for (int n = 0; n < newlines; n++)
        recto_buf_putc(out, '\n');
    }
    l = &p->lines[p->k];
    i = 0;
    while (i < l->len && S_space(l->s[i]))
      i++;
  }
}

/* ---- flow collections ---- */

/* Reads a flow collection starting at line p->k, byte col; its nodes are
   appended under parent (as one value).  p->k ends on the closing line. */
static int S_flow(S_parser *p, md_yaml *target, size_t col) {
  /* frames: the collection, and for maps the key awaiting a value */
  typedef struct {
    md_yaml *node;
    const char *key;
    int state; /* maps: 0 key, 1 ':', 2 value, 3 ',' ; seqs: 0 value, 3 ',' */
  } F;
  F *st = NULL;
  size_t depth = 0, cap = 0;
  size_t i = col;
  int ok = 0;
  md_yaml *current = target;
  recto_buf sb = RECTO_BUF_INIT;
  for (;;) {
    S_yline *l = &p->lines[p->k];
    while (i < l->len && S_space(l->s[i]))
      i++;
    if (i >= l->len || (l->s[i] == '#' && i > 0 && S_space(l->s[i - 1]))) {
      if (++p->k >= p->nlines) {
        S_error(p, p->k - 1, col, "unterminated [ or { collection");
        break;
      }
      i = 0;
      continue;
    }
    char c = l->s[i];
    F *top = depth ? &st[depth - 1] : NULL;
    if (top && (c == ']' || c == '}')) {
      if ((c == ']') != (top->node->kind == MD_YAML_SEQ) ||
          (top->node->kind == MD_YAML_MAP && top->state == 1)) {
        S_error(p, p->k, i, "mismatched bracket");
        break;
      }
      if (top->node->kind == MD_YAML_MAP && top->state == 2) {
        md_yaml *v = S_node(p, MD_YAML_SCALAR, top->node, p->k);
        v->key = top->key;
        S_set_scalar(p, v, "", 0);
      }
      depth--;
      i++;
      if (!depth) {
        ok = 1;
        /* only a comment may follow */
        while (i < l->len && S_space(l->s[i]))
          i++;
        if (i < l->len && l->s[i] != '#') {
          S_error(p, p->k, i, "text after a closing bracket");
          ok = 0;
        }
        break;
      }
      st[depth - 1].state = 3;
      continue;
    }
    if (top && c == ',') {
      if (top->state != 3 && !(top->node->kind == MD_YAML_MAP &&
                               top->state == 2)) {
        S_error(p, p->k, i, "unexpected ','");
        break;
      }
      if (top->node->kind == MD_YAML_MAP && top->state == 2) {
        md_yaml *v = S_node(p, MD_YAML_SCALAR, top->node, p->k);
        v->key = top->key;
        S_set_scalar(p, v, "", 0);
      }
      top->state = 0;
      i++;
      continue;
    }
    if (top && top->node->kind == MD_YAML_MAP && top->state == 1) {
      if (c != ':') {
        S_error(p, p->k, i, "expected ':' in a { } map");
        break;
      }
      top->state = 2;
      i++;
      continue;
    }
    if (top && top->state == 3) {
      S_error(p, p->k, i, "expected ',' or a closing bracket");
      break;
    }
    /* a value (or a map key) */
    int is_key = top && top->node->kind == MD_YAML_MAP && top->state == 0;
    if ((c == '[' || c == '{') && !is_key) {
      md_yaml *n;
      if (!top) {
        n = current;
        n->kind = c == '[' ? MD_YAML_SEQ : MD_YAML_MAP;
      } else {
        n = S_node(p, c == '[' ? MD_YAML_SEQ : MD_YAML_MAP, top->node, p->k);
        if (top->node->kind == MD_YAML_MAP)
          n->key = top->key;
        top->state = 3;
      }
      if (depth == cap) {
        cap = cap ? cap * 2 : 8;
        F *ns = realloc(st, cap * sizeof *ns);
        if (!ns)
          recto_out_of_memory();
        st = ns;
      }
      st[depth].node = n;
      st[depth].key = NULL;
      st[depth].state = 0;
      depth++;
      i++;
      continue;
    }
    if (!top) {
      S_error(p, p->k, i, "expected [ or {");
      break;
    }
    recto_buf_clear(&sb);
    if (c == '"' || c == '\'') {
      size_t end;
      if (!S_quoted(p, i, &sb, &end))
        break;
      l = &p->lines[p->k];
      i = end;
    } else {
      size_t s0 = i;
      while (i < l->len && l->s[i] != ',' && l->s[i] != ']' &&
             l->s[i] != '}' &&
             !(l->s[i] == ':' && (i + 1 == l->len || S_space(l->s[i + 1]) ||
                                  l->s[i + 1] == ',')) &&
             !(l->s[i] == '#' && i > s0 && S_space(l->s[i - 1])))
        i++;
      recto_buf_put(&sb, l->s + s0, S_trim_end(l->s + s0, i - s0));
    }
    if (is_key) {
      top->key = recto_strndup(p->doc, sb.data ? sb.data : "", sb.len);
      top->state = 1;
    } else {
      md_yaml *v = S_node(p, MD_YAML_SCALAR, top->node, p->k);
      if (top->node->kind == MD_YAML_MAP)
        v->key = top->key;
      S_set_scalar(p, v, sb.data ? sb.data : "", sb.len);
      v->quoted = c == '"' || c == '\'';
      top->state = 3;
    }
  }
  free(st);
  recto_buf_free(&sb);
  return ok;
}

/* ---- block scalars ---- */

static void S_block_scalar(S_parser *p, md_yaml *n, const char *ind,
                           size_t ind_len, size_t parent_indent) {
  char style = ind[0];
  char chomp = 0;
  size_t explicit_indent = 0;
  for (size_t i = 1; i < ind_len; i++) {
    if (ind[i] == '-' || ind[i] == '+')
      chomp = ind[i];
    else if (ind[i] >= '1' && ind[i] <= '9')
      explicit_indent = (size_t)(ind[i] - '0');
  }
  size_t k = p->k + 1;
  size_t block_indent = explicit_indent ? parent_indent + explicit_indent : 0;
  size_t last = p->k;
  recto_buf b = RECTO_BUF_INIT;
  int trailing_newlines = 0;
  int prev_more = 0, first = 1;
  for (; k < p->nlines; k++) {
    S_yline *l = &p->lines[k];
    int empty = l->len == l->indent;
    if (!empty) {
      if (!block_indent)
        block_indent = l->indent > parent_indent ? l->indent : 0;
      if (!block_indent || l->indent < block_indent)
        break;
    }
    last = k;
    if (empty) {
      trailing_newlines++;
      continue;
    }
    const char *text = l->s + block_indent;
    size_t len = l->len - block_indent;
    int more = len && S_space(text[0]);
    if (!first) {
      if (style == '|' || more || prev_more) {
        for (int t = 0; t <= trailing_newlines; t++)
          recto_buf_putc(&b, '\n');
      } else if (trailing_newlines) {
        for (int t = 0; t < trailing_newlines; t++)
          recto_buf_putc(&b, '\n');
      } else {
        recto_buf_putc(&b, ' ');
      }
    }
    trailing_newlines = 0;
    recto_buf_put(&b, text, len);
    prev_more = more;
    first = 0;
  }
  if (chomp == '+') {
    for (int t = 0; t <= trailing_newlines; t++)
      recto_buf_putc(&b, '\n');
  } else if (chomp != '-' && b.len) {
    recto_buf_putc(&b, '\n');
  }
  S_set_scalar(p, n, b.data ? b.data : "", b.len);
  n->block = 1;
  recto_buf_free(&b);
  p->k = last;
}

/* ---- values after "key:" or "- " ---- */

static void S_value(S_parser *p, md_yaml *n, size_t col, size_t indent) {
  S_yline *l = &p->lines[p->k];
  const char *v = l->s + col;
  size_t len = l->len - col;
  char c = v[0];
  if (c == '|' || c == '>') {
    size_t e = 1;
    while (e < len && !S_space(v[e]))
      e++;
    size_t rest = e;
    while (rest < len && S_space(v[rest]))
      rest++;
    if (rest < len && v[rest] != '#') {
      S_error(p, p->k, col + rest, "text after a block scalar indicator");
      return;
    }
    S_block_scalar(p, n, v, e, indent);
    return;
  }
  if (c == '[' || c == '{') {
    S_flow(p, n, col);
    return;
  }
  if (c == '"' || c == '\'') {
    recto_buf b = RECTO_BUF_INIT;
    size_t end;
    if (S_quoted(p, col, &b, &end)) {
      S_yline *e = &p->lines[p->k];
      size_t r = end;
      while (r < e->len && S_space(e->s[r]))
        r++;
      if (r < e->len && e->s[r] != '#')
        S_error(p, p->k, r, "text after a quoted string");
      S_set_scalar(p, n, b.data ? b.data : "", b.len);
      n->quoted = 1;
    }
    recto_buf_free(&b);
    return;
  }
  if (c == '&' || c == '*' || c == '!' || c == '%' || c == '@' || c == '`') {
    S_error(p, p->k, col, "anchors, aliases, tags and reserved indicators "
                          "are not supported");
    return;
  }
  /* plain scalar, folded over more-indented lines */
  recto_buf b = RECTO_BUF_INIT;
  recto_buf_put(&b, v, S_strip_comment(v, len));
  int newlines = 0;
  while (p->k + 1 < p->nlines) {
    S_yline *nx = &p->lines[p->k + 1];
    if (nx->len == nx->indent) {
      newlines++;
      p->k++;
      continue;
    }
    if (nx->blank || nx->indent <= indent) {
      break;
    }
    const char *t = nx->s + nx->indent;
    size_t tl = S_strip_comment(t, nx->len - nx->indent);
    size_t ks, kl;
    if (nx->tab) {
      S_error(p, p->k + 1, 0, "tabs are not allowed in indentation");
      break;
    }
    if (S_key_end(t, tl, &ks, &kl) || S_is_seq_item(t, tl)) {
      /* "key: value" deeper than its neighbours: YAML refuses it too */
      S_error(p, p->k + 1, nx->indent, "unexpected indentation");
      break;
    }
    if (newlines)
      for (int q = 0; q < newlines; q++)
        recto_buf_putc(&b, '\n');
    else
      recto_buf_putc(&b, ' ');
    newlines = 0;
    recto_buf_put(&b, t, tl);
    p->k++;
  }
  /* blank lines that ended the scalar belong to nobody */
  S_set_scalar(p, n, b.data ? b.data : "", b.len);
  recto_buf_free(&b);
}

/* ---- the block structure ---- */

static md_yaml *S_top(S_parser *p) {
  return p->depth ? p->stack[p->depth - 1].node : NULL;
}

md_yaml *md_yaml_parse(recto_context *ctx, recto_doc *doc, const char *text,
                       size_t len, uint32_t first_line) {
  S_parser p = {0};
  p.ctx = ctx;
  p.doc = doc;
  p.first_line = first_line;
  /* lines */
  size_t cap = 16;
  p.lines = malloc(cap * sizeof *p.lines);
  if (!p.lines)
    recto_out_of_memory();
  for (size_t i = 0; i < len;) {
    size_t e = i;
    while (e < len && text[e] != '\n' && text[e] != '\r')
      e++;
    if (p.nlines == cap) {
      cap *= 2;
      S_yline *nl = realloc(p.lines, cap * sizeof *nl);
      if (!nl)
        recto_out_of_memory();
      p.lines = nl;
    }
    S_yline *l = &p.lines[p.nlines++];
    l->s = text + i;
    l->len = e - i;
    l->indent = 0;
    l->tab = 0;
    while (l->indent < l->len && (l->s[l->indent] == ' ' ||
                                  l->s[l->indent] == '\t')) {
      if (l->s[l->indent] == '\t')
        l->tab = 1;
      l->indent++;
    }
    l->blank = l->indent == l->len || l->s[l->indent] == '#';
    if (e < len && text[e] == '\r' && e + 1 < len && text[e + 1] == '\n')
      e++;
    i = e + 1;
  }

  md_yaml *root = NULL;
  md_yaml *pending = NULL; /* an entry waiting for its nested value */
  size_t pending_indent = 0;
  int pending_in_map = 0;
  for (p.k = 0; p.k < p.nlines && !p.failed; p.k++) {
    S_yline *l = &p.lines[p.k];
    if (l->blank)
      continue;
    if (l->tab) {
      S_error(&p, p.k, 0, "tabs are not allowed in indentation");
      break;
    }
    size_t ind = l->indent;
    const char *c = l->s + ind;
    size_t clen = l->len - ind;
    if (pending) {
      if (ind > pending_indent ||
          (ind == pending_indent && pending_in_map && S_is_seq_item(c, clen))) {
        size_t kstart, klen;
        pending->kind = S_is_seq_item(c, clen)            ? MD_YAML_SEQ
                        : S_key_end(c, clen, &kstart, &klen) ? MD_YAML_MAP
                                                             : 0;
        if (!pending->kind) {
          S_error(&p, p.k, ind, "expected 'key: value' or '- item'");
          break;
        }
        S_push(&p, pending, ind);
      } else {
        S_set_scalar(&p, pending, "", 0);
      }
      pending = NULL;
    }
    while (p.depth && p.stack[p.depth - 1].indent > ind)
      p.depth--;
    /* a sequence at the indentation of its key ends at the next key */
    if (p.depth >= 2 && S_top(&p)->kind == MD_YAML_SEQ &&
        p.stack[p.depth - 1].indent == ind && !S_is_seq_item(c, clen) &&
        p.stack[p.depth - 2].indent == ind)
      p.depth--;
    if (!root) {
      size_t ks, kl;
      if (S_is_seq_item(c, clen))
        root = S_node(&p, MD_YAML_SEQ, NULL, p.k);
      else if (S_key_end(c, clen, &ks, &kl))
        root = S_node(&p, MD_YAML_MAP, NULL, p.k);
      else {
        S_error(&p, p.k, ind, "expected 'key: value'");
        break;
      }
      S_push(&p, root, ind);
    }
    if (!p.depth || p.stack[p.depth - 1].indent != ind) {
      S_error(&p, p.k, ind, "unexpected indentation");
      break;
    }
    /* one line may open several levels: "- - a", "- key: value" */
    for (;;) {
      md_yaml *top = S_top(&p);
      if (top->kind == MD_YAML_SEQ) {
        if (!S_is_seq_item(c, clen)) {
          S_error(&p, p.k, ind, "expected '- item'");
          break;
        }
        size_t j = 1;
        while (j < clen && S_space(c[j]))
          j++;
        md_yaml *item = S_node(&p, 0, top, p.k);
        size_t rest_len = S_strip_comment(c + j, clen - j);
        size_t ks, kl;
        if (!rest_len) {
          pending = item;
          pending_indent = ind;
          pending_in_map = 0;
          break;
        }
        ind += j;
        c += j;
        clen -= j;
        if (S_is_seq_item(c, clen)) {
          item->kind = MD_YAML_SEQ;
          S_push(&p, item, ind);
          continue;
        }
        if (S_key_end(c, clen, &ks, &kl) && c[0] != '[' && c[0] != '{') {
          item->kind = MD_YAML_MAP;
          S_push(&p, item, ind);
          continue;
        }
        S_value(&p, item, (size_t)(c - l->s), ind - j);
        break;
      }
      size_t ks, kl;
      size_t after = S_key_end(c, clen, &ks, &kl);
      if (!after) {
        S_error(&p, p.k, ind, "expected 'key: value'");
        break;
      }
      md_yaml *entry = S_node(&p, 0, top, p.k);
      if (c[0] == '"' || c[0] == '\'') {
        recto_buf kb = RECTO_BUF_INIT;
        size_t end;
        size_t saved = p.k;
        if (S_quoted(&p, (size_t)(c - l->s), &kb, &end))
          entry->key = recto_strndup(p.doc, kb.data ? kb.data : "", kb.len);
        p.k = saved;
        recto_buf_free(&kb);
      } else {
        entry->key = recto_strndup(p.doc, c + ks, kl);
      }
      while (after < clen && S_space(c[after]))
        after++;
      if (after >= clen || c[after] == '#') {
        pending = entry;
        pending_indent = ind;
        pending_in_map = 1;
      } else {
        S_value(&p, entry, (size_t)(c - l->s) + after, ind);
      }
      break;
    }
  }
  if (pending && !p.failed)
    S_set_scalar(&p, pending, "", 0);
  free(p.lines);
  free(p.stack);
  if (p.failed)
    return NULL;
  if (!root) {
    root = recto_alloc(doc, sizeof *root);
    root->kind = MD_YAML_MAP;
    root->line = first_line;
  }
  return root;
}

md_yaml *md_yaml_get(const md_yaml *map, const char *key) {
  if (!map || map->kind != MD_YAML_MAP)
    return NULL;
  for (md_yaml *c = map->first; c; c = c->next)
    if (c->key && strcmp(c->key, key) == 0)
      return c;
  return NULL;
}
