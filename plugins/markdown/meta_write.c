/* meta_write.c: the metadata block, "---" YAML "---", with the document's
 * metadata (values written as Markdown, as pandoc reads them), its
 * language and direction, and the bibliography as "references:" in
 * CSL-JSON-like YAML.  Nested values are written with an explicit stack.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wr.h"

/* ---- scalars ---- */

static int S_plain_ok(const char *s) {
  size_t n = strlen(s);
  if (!n || s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == ':')
    return 0;
  if (strchr("-?:,[]{}#&*!|>'\"%@`", s[0]))
    return 0;
  static const char *const reserved[] = {"true", "false", "null", "~", "yes",
                                         "no", "on", "off", NULL};
  for (const char *const *r = reserved; *r; r++)
    if (!strcasecmp(s, *r))
      return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == 0x7F)
      return 0;
    if (c == ':' && i + 1 < n && s[i + 1] == ' ')
      return 0;
    if (c == '#' && i > 0 && s[i - 1] == ' ')
      return 0;
  }
  return 1;
}

/* flow: inside {} or [], where a plain scalar cannot hold ",[]{}". */
static void S_scalar_in(recto_buf *b, const char *s, int flow) {
  if (S_plain_ok(s) && !(flow && strpbrk(s, ",[]{}"))) {
    recto_buf_puts(b, s);
    return;
  }
  recto_buf_putc(b, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"': recto_buf_puts(b, "\\\""); break;
    case '\\': recto_buf_puts(b, "\\\\"); break;
    case '\n': recto_buf_puts(b, "\\n"); break;
    case '\t': recto_buf_puts(b, "\\t"); break;
    case '\r': recto_buf_puts(b, "\\r"); break;
    default:
      if (*p < 0x20 || *p == 0x7F)
        recto_buf_printf(b, "\\x%02X", *p);
      else
        recto_buf_putc(b, (char)*p);
    }
  }
  recto_buf_putc(b, '"');
}

static void S_scalar(recto_buf *b, const char *s) { S_scalar_in(b, s, 0); }

/* Markdown for a metadata value: text escaped, or inlines rendered. */
static char *S_markdown(md_w *w, recto_node *nodes, const char *text,
                        int blocks) {
  recto_buf b = RECTO_BUF_INIT;
  md_w sub = {0};
  sub.ctx = w->ctx;
  sub.doc = w->doc;
  sub.opts = w->opts;
  sub.out = &b;
  sub.last = '\n';
  sub.meta_mode = 1;
  sub.inline_only = blocks ? 0 : 1;
  sub.first_bib = NULL;
  if (nodes)
    md_w_render(&sub, nodes, 0);
  else
    md_w_text(&sub, text, strlen(text));
  if (blocks) {
    while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == ' '))
      b.len--;
  }
  char *r = recto_strndup(w->doc, b.data ? b.data : "", b.len);
  recto_buf_free(&b);
  md_w_free(&sub);
  return r;
}

static void S_indent(recto_buf *b, int n) {
  for (int i = 0; i < n; i++)
    recto_buf_putc(b, ' ');
}

/* A literal block scalar for Markdown blocks. */
static void S_block(recto_buf *b, const char *md, int indent) {
  recto_buf_puts(b, "|\n");
  const char *p = md;
  while (*p) {
    const char *e = strchr(p, '\n');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len)
      S_indent(b, indent);
    recto_buf_put(b, p, len);
    recto_buf_putc(b, '\n');
    p += len + (e ? 1 : 0);
  }
}

static const char *S_dir_name(recto_dir d) {
  return d == RECTO_DIR_RTL ? "rtl" : d == RECTO_DIR_LTR ? "ltr" : "auto";
}

/* ---- metadata values ---- */

typedef struct S_item {
  const recto_meta *m;
  size_t next;   /* index of the next entry to write */
  int indent;
  int inline_first; /* the first entry goes on the current line ("- k: v") */
} S_item;

typedef struct S_stack {
  S_item *v;
  size_t n, cap;
} S_stack;

static void S_stack_push(S_stack *s, S_item item) {
  if (s->n == s->cap) {
    s->cap = s->cap ? 2 * s->cap : 16;
    S_item *v = realloc(s->v, s->cap * sizeof *v);
    if (!v)
      recto_out_of_memory();
    s->v = v;
  }
  s->v[s->n++] = item;
}

/* Writes a scalar-like value after "key: " or "- "; returns 0 for maps
   and lists that need lines of their own. */
static int S_inline_value(md_w *w, recto_buf *b, const recto_meta *v,
                          const char *key, int indent) {
  switch (recto_meta_kind_of(v)) {
  case RECTO_META_BOOL:
    recto_buf_puts(b, recto_meta_bool(v) ? "true" : "false");
    return 1;
  case RECTO_META_STRING: {
    const char *s = recto_meta_string(v);
    if (key && (!strcmp(key, "lang") || !strcmp(key, "dir")))
      S_scalar(b, s ? s : "");
    else
      S_scalar(b, S_markdown(w, NULL, s ? s : "", 0));
    return 1;
  }
  case RECTO_META_INLINES:
    S_scalar(b, S_markdown(w, recto_meta_nodes(v), NULL, 0));
    return 1;
  case RECTO_META_BLOCKS: {
    const char *md = S_markdown(w, recto_meta_nodes(v), NULL, 1);
    if (!*md)
      recto_buf_puts(b, "\"\"");
    else
      S_block(b, md, indent + 2);
    return 2;
  }
  case RECTO_META_MAP:
  case RECTO_META_LIST:
    if (recto_meta_count(v) == 0) {
      recto_buf_puts(b, recto_meta_kind_of(v) == RECTO_META_MAP ? "{}" : "[]");
      return 1;
    }
    return 0;
  }
  return 1;
}

/* Block style indents every level two spaces more, so its size grows
   with the square of the depth; a map or list that would start deeper
   than this is written in flow style, on one line. */
#define S_MAX_BLOCK_INDENT 64

/* v (a non-empty map or list) as {k: v, ...} / [v, ...], nested values
   too; an explicit stack, as in S_meta. */
static void S_flow(md_w *w, recto_buf *b, const recto_meta *v) {
  S_stack st = {0};
  S_stack_push(&st, (S_item){v, 0, 0, 0});
  recto_buf_putc(b, recto_meta_kind_of(v) == RECTO_META_MAP ? '{' : '[');
  while (st.n) {
    S_item *top = &st.v[st.n - 1];
    int map = recto_meta_kind_of(top->m) == RECTO_META_MAP;
    if (top->next >= recto_meta_count(top->m)) {
      recto_buf_putc(b, map ? '}' : ']');
      st.n--;
      continue;
    }
    if (top->next)
      recto_buf_puts(b, ", ");
    const char *key;
    const recto_meta *c = recto_meta_at(top->m, top->next++, &key);
    if (map) {
      S_scalar_in(b, key, 1);
      recto_buf_puts(b, ": ");
    }
    switch (recto_meta_kind_of(c)) {
    case RECTO_META_MAP:
    case RECTO_META_LIST:
      S_stack_push(&st, (S_item){c, 0, 0, 0});
      recto_buf_putc(b, recto_meta_kind_of(c) == RECTO_META_MAP ? '{' : '[');
      break;
    case RECTO_META_BOOL:
      recto_buf_puts(b, recto_meta_bool(c) ? "true" : "false");
      break;
    case RECTO_META_STRING:
      S_scalar_in(b, S_markdown(w, NULL, recto_meta_string(c) ?
                                recto_meta_string(c) : "", 0), 1);
      break;
    case RECTO_META_INLINES:
    case RECTO_META_BLOCKS:
      S_scalar_in(b, S_markdown(w, recto_meta_nodes(c), NULL,
                                recto_meta_kind_of(c) == RECTO_META_BLOCKS),
                  1);
      break;
    }
  }
  free(st.v);
}

static void S_meta(md_w *w, recto_buf *b, const recto_meta *root) {
  S_stack st = {0};
  S_stack_push(&st, (S_item){root, 0, 0, 0});
  while (st.n) {
    S_item *top = &st.v[st.n - 1];
    if (top->next >= recto_meta_count(top->m)) {
      st.n--;
      continue;
    }
    const char *key;
    size_t i = top->next++;
    const recto_meta *v = recto_meta_at(top->m, i, &key);
    int map = recto_meta_kind_of(top->m) == RECTO_META_MAP;
    if (map && top->m == root &&
        (!strcmp(key, "references") || !strcmp(key, "recto-steps")))
      continue; /* written from the bibliography and the steps */
    if (!(top->inline_first && i == 0))
      S_indent(b, top->indent);
    if (map) {
      S_scalar(b, key);
      recto_buf_putc(b, ':');
    } else {
      recto_buf_putc(b, '-');
    }
    int indent = top->indent;
    recto_buf_putc(b, ' ');
    int done;
    if (map && top->m == root && !strcmp(key, "lang") && recto_doc_lang(w->doc)) {
      /* the document's own language and direction win */
      S_scalar(b, recto_doc_lang(w->doc));
      done = 1;
    } else if (map && top->m == root && !strcmp(key, "dir") &&
               recto_doc_dir(w->doc) != RECTO_DIR_UNSET) {
      recto_buf_puts(b, S_dir_name(recto_doc_dir(w->doc)));
      done = 1;
    } else {
      done = S_inline_value(w, b, v, map ? key : NULL, indent);
    }
    if (done == 1) {
      recto_buf_putc(b, '\n');
      continue;
    }
    if (done == 2)
      continue;
    if (indent + 2 > S_MAX_BLOCK_INDENT) {
      S_flow(w, b, v);
      recto_buf_putc(b, '\n');
      continue;
    }
    int child_map = recto_meta_kind_of(v) == RECTO_META_MAP;
    if (map) {
      /* a nested map goes below, indented; a list at the key's level */
      b->len--;
      recto_buf_putc(b, '\n');
      S_stack_push(&st, (S_item){v, 0, child_map ? indent + 2 : indent, 0});
    } else {
      /* "- key: v" / "- - v": the first entry shares the dash's line */
      S_stack_push(&st, (S_item){v, 0, indent + 2, 1});
    }
  }
  free(st.v);
}

/* ---- bibliography entries ---- */

#define S_FIELD(base, off) (*(const char *const *)((const char *)(base) + (off)))

static void S_key_value(recto_buf *b, int indent, const char *k,
                        const char *v) {
  S_indent(b, indent);
  recto_buf_printf(b, "%s: ", k);
  S_scalar(b, v);
  recto_buf_putc(b, '\n');
}

static void S_names(recto_buf *b, const char *field, const recto_name *n) {
  if (!n)
    return;
  recto_buf_printf(b, "  %s:\n", field);
  for (; n; n = n->next) {
    int first = 1;
    for (size_t f = 0; f < md_nname_fields; f++) {
      const char *v = S_FIELD(n, md_name_fields[f].offset);
      if (!v)
        continue;
      recto_buf_puts(b, first ? "  - " : "    ");
      recto_buf_printf(b, "%s: ", md_name_fields[f].name);
      S_scalar(b, v);
      recto_buf_putc(b, '\n');
      first = 0;
    }
    if (first)
      recto_buf_puts(b, "  - {}\n");
  }
}

static void S_date(recto_buf *b, const char *field, const recto_date *d) {
  int parts = d->year[0] || d->month[0] || d->day[0];
  if (!parts && !d->literal && d->calendar == RECTO_CALENDAR_GREGORIAN &&
      !d->circa)
    return;
  recto_buf_printf(b, "  %s:\n", field);
  if (parts) {
    recto_buf_puts(b, "    date-parts:\n");
    int ranges = d->year[1] || d->month[1] || d->day[1] ? 2 : 1;
    for (int r = 0; r < ranges; r++) {
      recto_buf_printf(b, "    - [%d", d->year[r]);
      if (d->month[r] || d->day[r])
        recto_buf_printf(b, ", %d", d->month[r]);
      if (d->day[r])
        recto_buf_printf(b, ", %d", d->day[r]);
      recto_buf_puts(b, "]\n");
    }
  }
  if (d->literal)
    S_key_value(b, 4, "literal", d->literal);
  if (d->calendar != RECTO_CALENDAR_GREGORIAN)
    S_key_value(b, 4, "calendar", recto_calendar_name(d->calendar));
  if (d->circa)
    recto_buf_puts(b, "    circa: true\n");
}

static void S_entry(recto_buf *b, const recto_bib_entry *e, size_t index) {
  char id[32];
  const char *key = e->id;
  if (!key || !*key) {
    snprintf(id, sizeof id, "entry%zu", index + 1);
    key = id;
  }
  recto_buf_puts(b, "- id: ");
  S_scalar(b, key);
  recto_buf_putc(b, '\n');
  if (e->type)
    S_key_value(b, 2, "type", e->type);
  for (size_t i = 0; i < md_csl_nname_lists; i++)
    S_names(b, md_csl_name_lists[i].name,
            *(const recto_name *const *)((const char *)e +
                                         md_csl_name_lists[i].offset));
  for (size_t i = 0; i < md_csl_nfields; i++) {
    const char *v = S_FIELD(e, md_csl_fields[i].offset);
    if (v)
      S_key_value(b, 2, md_csl_fields[i].name, v);
  }
  S_date(b, "issued", &e->issued);
  S_date(b, "accessed", &e->accessed);
  if (e->dir != RECTO_DIR_UNSET)
    S_key_value(b, 2, "dir", S_dir_name(e->dir));
}

static size_t S_references(md_w *w, recto_buf *b) {
  size_t count = 0;
  recto_iter *it = recto_iter_new(recto_doc_root(w->doc));
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER)
      continue;
    if (recto_node_type_of(n) == RECTO_NODE_BIB_ENTRY &&
        recto_node_bib_entry(n)) {
      if (!count)
        recto_buf_puts(b, "references:\n");
      S_entry(b, recto_node_bib_entry(n), count);
      count++;
    } else if (md_inline_content(n)) {
      recto_iter_skip_children(it); /* entries are blocks: most nodes are not */
    }
  }
  recto_iter_free(it);
  return count;
}

void md_w_front_matter(md_w *w) {
  recto_buf b = RECTO_BUF_INIT;
  S_meta(w, &b, recto_doc_meta(w->doc));
  const recto_meta *meta = recto_doc_meta(w->doc);
  const char *lang = recto_doc_lang(w->doc);
  if (lang && *lang && !recto_meta_get(meta, "lang")) {
    recto_buf_puts(&b, "lang: ");
    S_scalar(&b, lang);
    recto_buf_putc(&b, '\n');
  }
  recto_dir dir = recto_doc_dir(w->doc);
  if (dir != RECTO_DIR_UNSET && !recto_meta_get(meta, "dir"))
    recto_buf_printf(&b, "dir: %s\n", S_dir_name(dir));
  size_t nsteps = recto_doc_step_count(w->doc);
  for (size_t i = 0; i < nsteps; i++) {
    const char *name, *desc;
    if (recto_doc_step_at(w->doc, i, &name, &desc) != 0)
      continue;
    if (!i)
      recto_buf_puts(&b, "recto-steps:\n");
    S_key_value(&b, 0, "- name", name ? name : "");
    S_key_value(&b, 2, "description", desc ? desc : "");
  }
  S_references(w, &b);
  if (b.len) {
    recto_buf_puts(w->out, "---\n");
    recto_buf_put(w->out, b.data, b.len);
    recto_buf_puts(w->out, "---\n");
    w->need_cr = 2;
    w->line_open = 0;
  }
  recto_buf_free(&b);
}
