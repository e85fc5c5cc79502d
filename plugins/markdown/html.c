/* html.c: raw HTML in Markdown read into the model, so that its text
 * reaches every output (the mapping of elements is the one the HTML and
 * EPUB readers use: plugins/common/htmlmodel.c).
 *
 *   - An HTML block is parsed with libxml2's HTML parser and replaced by
 *     the blocks it holds.  An opening tag standing alone as a block
 *     ("<div class=x>") and its closing tag further among the same
 *     siblings hold the Markdown between them, as in pandoc.
 *   - Inline, cmark-gfm gives each tag on its own: an opening tag and its
 *     closing tag in one inline sequence become the element's node around
 *     what lies between ("<sub>2</sub>", "<span lang=fa>…</span>"); a tag
 *     complete in itself ("<br>", "<img …>") becomes its node.
 *   - Comments, declarations, tags that pair with nothing and what maps to
 *     nothing stay raw HTML (writers other than Markdown report them).
 * The raw HTML stays too, marked MD_HTML_READ (the XML writers pass over
 * it in silence), so that the Markdown writer gives it back as written:
 * what it was read into is a DIV or SPAN of class MD_HTML_COPY (which the
 * Markdown writer leaves out), and an element around Markdown is of class
 * MD_HTML_WRAP (the Markdown writer writes only its content).
 * Nothing executable is kept: the mapping ignores script, style and on*
 * attributes and drops javascript: URLs.
 */
#include <string.h>

#include "htmlmodel.h"
#include "htmlread.h"
#include "md.h"

/* Marks where the Markdown between two tags goes (a private-use
   character no input uses inside a tag we write ourselves). */
#define S_HOLE "\xee\x80\x80" /* U+E000 */

static int S_is(const recto_node *n, recto_node_type t) {
  return n && recto_node_type_of(n) == t;
}

static int S_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The element name of a tag alone in s ("<div class=x>" or "</div>"),
   lower-cased into name; *closing for an end tag.  0 when s is not one
   tag (text around it, a comment, a declaration, self-closing). */
static int S_lone_tag(const char *s, size_t len, char name[16],
                      int *closing) {
  while (len && S_space(s[len - 1]))
    len--;
  while (len && S_space(*s))
    s++, len--;
  if (len < 3 || s[0] != '<' || s[len - 1] != '>' || s[len - 2] == '/')
    return 0;
  size_t i = 1;
  *closing = s[1] == '/';
  i += (size_t)*closing;
  size_t n = 0;
  while (i < len && n < 15 &&
         ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
          (n && s[i] >= '0' && s[i] <= '9'))) {
    char c = s[i++];
    name[n++] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
  }
  name[n] = 0;
  if (!n || (i < len && !S_space(s[i]) && s[i] != '>'))
    return 0;
  /* one tag: no other '<' or '>' outside quotes */
  char q = 0;
  for (; i < len - 1; i++) {
    if (q) {
      if (s[i] == q)
        q = 0;
    } else if (s[i] == '"' || s[i] == '\'') {
      q = s[i];
    } else if (s[i] == '<' || s[i] == '>') {
      return 0;
    }
  }
  return !q && !(*closing && len != n + 3);
}

/* HTML void elements: complete in their opening tag. */
static int S_void(const char *name) {
  static const char *const v[] = {"br", "img", "wbr", "hr", "input",
                                  "area", "col", "embed", "source", NULL};
  for (const char *const *p = v; *p; p++)
    if (!strcmp(*p, name))
      return 1;
  return 0;
}

/* The nodes html (UTF-8) maps to, appended to into (blocks or inlines),
   with positions moved to the raw node's line. */
static void S_convert(md_reader *rd, const char *html, size_t len,
                      recto_node *into, int blocks, recto_pos at) {
  xmlDoc *xd = hr_parse(rd->ctx, html, len, HR_HTML);
  if (!xd)
    return;
  xmlNode *body = hr_body(xd);
  hm_conv *c = hm_new(rd->ctx, rd->doc);
  hm_scan(c, body, NULL);
  if (blocks)
    hm_blocks(c, body, into, NULL);
  else
    hm_inlines(c, body, into, NULL);
  hm_finish(c);
  hm_free(c);
  xmlFreeDoc(xd);
  recto_iter *it = recto_iter_new(into);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER || n == into)
      continue;
    recto_pos p = recto_node_pos(n);
    recto_pos q = at;
    if (p.line > 1) {
      q.line = at.line + p.line - 1;
      q.column = 1;
    }
    recto_node_set_pos(n, q);
  }
  recto_iter_free(it);
}

/* The text node holding the hole in the subtree of n, or NULL. */
static recto_node *S_find_hole(recto_node *n) {
  recto_node *found = NULL;
  recto_iter *it = recto_iter_new(n);
  recto_event ev;
  while (!found && (ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *t = recto_iter_node(it);
    if (ev == RECTO_EVENT_ENTER && S_is(t, RECTO_NODE_TEXT) &&
        recto_node_text_len(t) >= 3 &&
        memmem(recto_node_text(t), recto_node_text_len(t), S_HOLE, 3))
      found = t;
  }
  recto_iter_free(it);
  return found;
}

/* Whether a node an element made may hold the Markdown between its
   tags and vanish from Markdown output around it. */
static int S_wrappable(const recto_node *n, int blocks) {
  switch (recto_node_type_of(n)) {
  case RECTO_NODE_DIV:
    return blocks;
  case RECTO_NODE_SPAN: case RECTO_NODE_EMPH: case RECTO_NODE_STRONG:
  case RECTO_NODE_STRIKEOUT: case RECTO_NODE_UNDERLINE:
  case RECTO_NODE_SUPERSCRIPT: case RECTO_NODE_SUBSCRIPT:
  case RECTO_NODE_SMALLCAPS: case RECTO_NODE_LINK:
    return !blocks;
  default:
    return 0;
  }
}

/* The element an opening tag stands for, around the nodes strictly
   between open and close (siblings), which are marked as read.  blocks:
   whether they are blocks.  Returns 0 when the element maps to nothing
   that can hold them (then nothing changes). */
static int S_wrap(md_reader *rd, recto_node *open, recto_node *close,
                  int blocks) {
  recto_buf b = RECTO_BUF_INIT;
  char name[16];
  int closing;
  S_lone_tag(recto_node_text(close), recto_node_text_len(close), name,
             &closing);
  recto_buf_put(&b, recto_node_text(open), recto_node_text_len(open));
  recto_buf_puts(&b, S_HOLE "</");
  recto_buf_puts(&b, name);
  recto_buf_putc(&b, '>');
  recto_node *tmp =
      recto_node_new(rd->doc, blocks ? RECTO_NODE_DIV : RECTO_NODE_SPAN);
  S_convert(rd, b.data, b.len, tmp, blocks, recto_node_pos(open));
  recto_buf_free(&b);
  recto_node *hole = S_find_hole(tmp);
  if (!hole || recto_node_text_len(hole) != 3)
    return 0; /* the element maps to nothing that holds text */
  recto_node *holder = recto_node_parent(hole);
  if (blocks) {
    /* the hole is a paragraph of its own: its container holds the blocks */
    if (recto_node_first_child(holder) != hole || recto_node_next(hole) ||
        !(S_is(holder, RECTO_NODE_PARAGRAPH) || S_is(holder, RECTO_NODE_PLAIN)))
      return 0;
    recto_node *para = holder;
    holder = recto_node_parent(para);
    recto_node_unlink(para);
  }
  recto_node_unlink(hole);
  /* every node from the top to the holder vanishes from Markdown */
  for (recto_node *h = holder; h != tmp; h = recto_node_parent(h))
    if (!S_wrappable(h, blocks) || recto_node_first_child(h) ||
        (recto_node_parent(h) != tmp &&
         recto_node_first_child(recto_node_parent(h)) != h))
      holder = NULL; /* what cannot vanish: the content stays outside */
  recto_node_add_class(open, MD_HTML_READ);
  recto_node_add_class(close, MD_HTML_READ);
  if (!holder || holder == tmp)
    return 1; /* an element without a node of its own */
  for (recto_node *h = holder; h != tmp; h = recto_node_parent(h))
    recto_node_add_class(h, MD_HTML_WRAP);
  recto_node *top = recto_node_first_child(tmp);
  recto_node_unlink(top);
  recto_node_insert_after(open, top);
  for (recto_node *n = recto_node_next(top); n && n != close;) {
    recto_node *next = recto_node_next(n);
    recto_node_unlink(n);
    recto_node_append(holder, n);
    n = next;
  }
  return 1;
}

/* What raw HTML n holds, read into a copy beside it. */
static void S_copy(md_reader *rd, recto_node *n, int blocks) {
  recto_node *copy =
      recto_node_new(rd->doc, blocks ? RECTO_NODE_DIV : RECTO_NODE_SPAN);
  recto_node_set_pos(copy, recto_node_pos(n));
  S_convert(rd, recto_node_text(n), recto_node_text_len(n), copy, blocks,
            recto_node_pos(n));
  recto_node_add_class(n, MD_HTML_READ);
  if (!recto_node_first_child(copy))
    return; /* nothing to read in it (a script, a lone closing tag) */
  recto_node_add_class(copy, MD_HTML_COPY);
  recto_node_insert_after(n, copy);
}

/* Up to this many open tags are looked through for a closing tag's
   partner: enough for real nesting, linear on what never closes. */
#define S_REACH 32

typedef struct S_open {
  recto_node *node;
  char name[16];
} S_open;

/* Pair opening and closing tags among the children of parent (raw nodes
   of kind type), innermost first; what remains is converted alone. */
static void S_children(md_reader *rd, recto_node *parent,
                       recto_node_type type) {
  S_open stack[S_REACH];
  size_t depth = 0;
  int blocks = type == RECTO_NODE_RAW_BLOCK;
  for (recto_node *n = recto_node_first_child(parent), *next; n; n = next) {
    next = recto_node_next(n);
    const char *fmt = recto_node_info(n);
    if (!S_is(n, type) || !fmt || strcmp(fmt, "html") != 0)
      continue;
    const char *s = recto_node_text(n);
    size_t len = recto_node_text_len(n);
    char name[16];
    int closing;
    if (S_lone_tag(s, len, name, &closing) && !S_void(name)) {
      if (!closing) {
        if (depth == S_REACH)
          memmove(stack, stack + 1, --depth * sizeof *stack);
        stack[depth].node = n;
        memcpy(stack[depth].name, name, sizeof name);
        depth++;
        continue;
      }
      size_t k = depth;
      while (k > 0 && strcmp(stack[k - 1].name, name) != 0)
        k--;
      if (k > 0 && S_wrap(rd, stack[k - 1].node, n, blocks)) {
        depth = k - 1;
        continue;
      }
      if (!blocks)
        continue; /* a closing tag alone: kept as it is */
    } else if (!blocks && !(S_lone_tag(s, len, name, &closing) &&
                            S_void(name))) {
      continue; /* a comment, or text the inline parser cut */
    }
    if (len >= 2 && s[0] == '<' && (s[1] == '!' || s[1] == '?'))
      continue; /* comments and declarations stay raw */
    /* complete in itself */
    S_copy(rd, n, blocks);
  }
  /* opening tags left: their blocks parsed alone (an unclosed element
     holds nothing of the Markdown after it) */
  for (size_t k = 0; blocks && k < depth; k++)
    S_copy(rd, stack[k].node, 1);
}

void md_raw_html(md_reader *rd, recto_node *root) {
  if (!rd->raw_html)
    return;
  /* the parents of raw HTML, each once, innermost first */
  recto_node **parents = NULL;
  size_t np = 0, cap = 0;
  recto_iter *it = recto_iter_new(root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_EXIT)
      continue;
    int has = 0;
    for (recto_node *c = recto_node_first_child(n); c && !has;
         c = recto_node_next(c))
      has = (S_is(c, RECTO_NODE_RAW_BLOCK) || S_is(c, RECTO_NODE_RAW_INLINE)) &&
            recto_node_info(c) && !strcmp(recto_node_info(c), "html");
    if (!has)
      continue;
    if (np == cap) {
      cap = cap ? cap * 2 : 64;
      recto_node **p = realloc(parents, cap * sizeof *p);
      if (!p)
        recto_out_of_memory();
      parents = p;
    }
    parents[np++] = n;
  }
  recto_iter_free(it);
  for (size_t k = 0; k < np; k++) {
    S_children(rd, parents[k], RECTO_NODE_RAW_INLINE);
    S_children(rd, parents[k], RECTO_NODE_RAW_BLOCK);
  }
  free(parents);
}
