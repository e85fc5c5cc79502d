/* node.c: node creation, tree edits (validated in one place:
   recto_node_can_contain) and accessors. */
#include <string.h>

#include "internal.h"

static const struct {
  recto_node_type type;
  const char *name;
} S_names[] = {
    {RECTO_NODE_DOCUMENT, "document"},
    {RECTO_NODE_PARAGRAPH, "paragraph"},
    {RECTO_NODE_PLAIN, "plain"},
    {RECTO_NODE_LINE_BLOCK, "line_block"},
    {RECTO_NODE_LINE, "line"},
    {RECTO_NODE_CODE_BLOCK, "code_block"},
    {RECTO_NODE_RAW_BLOCK, "raw_block"},
    {RECTO_NODE_BLOCK_QUOTE, "block_quote"},
    {RECTO_NODE_LIST, "list"},
    {RECTO_NODE_ITEM, "item"},
    {RECTO_NODE_DEF_LIST, "def_list"},
    {RECTO_NODE_DEF_ITEM, "def_item"},
    {RECTO_NODE_TERM, "term"},
    {RECTO_NODE_DEF, "def"},
    {RECTO_NODE_HEADING, "heading"},
    {RECTO_NODE_THEMATIC_BREAK, "thematic_break"},
    {RECTO_NODE_TABLE, "table"},
    {RECTO_NODE_TABLE_HEAD, "table_head"},
    {RECTO_NODE_TABLE_BODY, "table_body"},
    {RECTO_NODE_TABLE_FOOT, "table_foot"},
    {RECTO_NODE_ROW, "row"},
    {RECTO_NODE_CELL, "cell"},
    {RECTO_NODE_CAPTION, "caption"},
    {RECTO_NODE_FIGURE, "figure"},
    {RECTO_NODE_DIV, "div"},
    {RECTO_NODE_SECTION, "section"},
    {RECTO_NODE_NOTE_DEF, "note_def"},
    {RECTO_NODE_BIBLIOGRAPHY, "bibliography"},
    {RECTO_NODE_BIB_ENTRY, "bib_entry"},
    {RECTO_NODE_TABLE_FLAT, "table_flat"},
    {RECTO_NODE_TEXT, "text"},
    {RECTO_NODE_SOFT_BREAK, "soft_break"},
    {RECTO_NODE_LINE_BREAK, "line_break"},
    {RECTO_NODE_EMPH, "emph"},
    {RECTO_NODE_STRONG, "strong"},
    {RECTO_NODE_STRIKEOUT, "strikeout"},
    {RECTO_NODE_UNDERLINE, "underline"},
    {RECTO_NODE_SUPERSCRIPT, "superscript"},
    {RECTO_NODE_SUBSCRIPT, "subscript"},
    {RECTO_NODE_SMALLCAPS, "smallcaps"},
    {RECTO_NODE_QUOTED, "quoted"},
    {RECTO_NODE_CODE, "code"},
    {RECTO_NODE_MATH, "math"},
    {RECTO_NODE_RAW_INLINE, "raw_inline"},
    {RECTO_NODE_LINK, "link"},
    {RECTO_NODE_IMAGE, "image"},
    {RECTO_NODE_NOTE, "note"},
    {RECTO_NODE_NOTE_REF, "note_ref"},
    {RECTO_NODE_CITE, "cite"},
    {RECTO_NODE_SPAN, "span"},
    {RECTO_NODE_ANNOTATION, "annotation"},
    {RECTO_NODE_PAGE_BREAK, "page_break"},
};

const char *recto_node_type_name(recto_node_type type) {
  for (size_t k = 0; k < sizeof S_names / sizeof S_names[0]; k++)
    if (S_names[k].type == type)
      return S_names[k].name;
  return "none";
}

recto_node_type recto_node_type_from_name(const char *name) {
  if (name)
    for (size_t k = 0; k < sizeof S_names / sizeof S_names[0]; k++)
      if (strcmp(S_names[k].name, name) == 0)
        return S_names[k].type;
  return RECTO_NODE_NONE;
}

int recto_node_is_block(recto_node_type t) {
  return (t >= RECTO_NODE_DOCUMENT && t <= RECTO_NODE_TABLE_FLAT) ||
         t == RECTO_NODE_PAGE_BREAK;
}

int recto_node_is_inline(recto_node_type t) {
  return (t >= RECTO_NODE_TEXT && t <= RECTO_NODE_ANNOTATION) ||
         t == RECTO_NODE_PAGE_BREAK;
}

const unsigned char node_leaf_kinds[256] = {
    [RECTO_NODE_NONE] = 1,        [RECTO_NODE_CODE_BLOCK] = 1,
    [RECTO_NODE_RAW_BLOCK] = 1,   [RECTO_NODE_THEMATIC_BREAK] = 1,
    [RECTO_NODE_BIB_ENTRY] = 1,   [RECTO_NODE_TABLE_FLAT] = 1,
    [RECTO_NODE_TEXT] = 1,        [RECTO_NODE_SOFT_BREAK] = 1,
    [RECTO_NODE_LINE_BREAK] = 1,  [RECTO_NODE_CODE] = 1,
    [RECTO_NODE_MATH] = 1,        [RECTO_NODE_RAW_INLINE] = 1,
    [RECTO_NODE_NOTE_REF] = 1,    [RECTO_NODE_PAGE_BREAK] = 1,
};

int recto_node_is_leaf(recto_node_type t) { return node_is_leaf(t); }

/* Blocks that may stand among other blocks (not the parts of lists,
   tables and the like, which only their own container takes). */
static int S_is_flow_block(recto_node_type t) {
  switch (t) {
  case RECTO_NODE_PARAGRAPH:
  case RECTO_NODE_PLAIN:
  case RECTO_NODE_LINE_BLOCK:
  case RECTO_NODE_CODE_BLOCK:
  case RECTO_NODE_RAW_BLOCK:
  case RECTO_NODE_BLOCK_QUOTE:
  case RECTO_NODE_LIST:
  case RECTO_NODE_DEF_LIST:
  case RECTO_NODE_HEADING:
  case RECTO_NODE_THEMATIC_BREAK:
  case RECTO_NODE_TABLE:
  case RECTO_NODE_FIGURE:
  case RECTO_NODE_DIV:
  case RECTO_NODE_SECTION:
  case RECTO_NODE_NOTE_DEF:
  case RECTO_NODE_BIBLIOGRAPHY:
  case RECTO_NODE_TABLE_FLAT:
  case RECTO_NODE_PAGE_BREAK:
    return 1;
  default:
    return 0;
  }
}

int recto_node_can_contain(const recto_node *parent, recto_node_type child) {
  if (!parent)
    return 0;
  switch (parent->type) {
  case RECTO_NODE_DOCUMENT:
  case RECTO_NODE_BLOCK_QUOTE:
  case RECTO_NODE_ITEM:
  case RECTO_NODE_DEF:
  case RECTO_NODE_CELL:
  case RECTO_NODE_CAPTION:
  case RECTO_NODE_DIV:
  case RECTO_NODE_SECTION:
  case RECTO_NODE_NOTE_DEF:
  case RECTO_NODE_NOTE:
  case RECTO_NODE_ANNOTATION:
    return S_is_flow_block(child);
  case RECTO_NODE_FIGURE:
    return child == RECTO_NODE_CAPTION || S_is_flow_block(child);
  case RECTO_NODE_LIST:
    return child == RECTO_NODE_ITEM;
  case RECTO_NODE_DEF_LIST:
    return child == RECTO_NODE_DEF_ITEM;
  case RECTO_NODE_DEF_ITEM:
    return child == RECTO_NODE_TERM || child == RECTO_NODE_DEF;
  case RECTO_NODE_LINE_BLOCK:
    return child == RECTO_NODE_LINE;
  case RECTO_NODE_TABLE:
    return child == RECTO_NODE_CAPTION || child == RECTO_NODE_TABLE_HEAD ||
           child == RECTO_NODE_TABLE_BODY || child == RECTO_NODE_TABLE_FOOT;
  case RECTO_NODE_TABLE_HEAD:
  case RECTO_NODE_TABLE_BODY:
  case RECTO_NODE_TABLE_FOOT:
    return child == RECTO_NODE_ROW;
  case RECTO_NODE_ROW:
    return child == RECTO_NODE_CELL;
  case RECTO_NODE_BIBLIOGRAPHY:
    return child == RECTO_NODE_HEADING || child == RECTO_NODE_BIB_ENTRY ||
           child == RECTO_NODE_PAGE_BREAK;
  case RECTO_NODE_PARAGRAPH:
  case RECTO_NODE_PLAIN:
  case RECTO_NODE_LINE:
  case RECTO_NODE_TERM:
  case RECTO_NODE_HEADING:
  case RECTO_NODE_EMPH:
  case RECTO_NODE_STRONG:
  case RECTO_NODE_STRIKEOUT:
  case RECTO_NODE_UNDERLINE:
  case RECTO_NODE_SUPERSCRIPT:
  case RECTO_NODE_SUBSCRIPT:
  case RECTO_NODE_SMALLCAPS:
  case RECTO_NODE_QUOTED:
  case RECTO_NODE_LINK:
  case RECTO_NODE_IMAGE:
  case RECTO_NODE_CITE:
  case RECTO_NODE_SPAN:
    return recto_node_is_inline(child);
  default:
    return 0;
  }
}

recto_node *recto_node_new(recto_doc *doc, recto_node_type type) {
  recto_node *n = arena_alloc(&doc->mem, sizeof *n);
  n->type = (uint8_t)type;
  n->doc = doc;
  if (type == RECTO_NODE_HEADING || type == RECTO_NODE_SECTION)
    n->k.level = 1;
  else if (type == RECTO_NODE_BIBLIOGRAPHY && !doc->kinds_made[type])
    doc->first_bibliography = n;
  doc->kinds_made[n->type]++;
  return n;
}

recto_node *recto_node_new_text(recto_doc *doc, const char *text, size_t len) {
  if (!text)
    len = 0;
  if (len >= NODE_TEXT_LEN_EXT) {
    recto_node *n = recto_node_new(doc, RECTO_NODE_TEXT);
    recto_node_set_text(n, text, len);
    return n;
  }
  /* One allocation: the text right after the node, read with it. */
  recto_node *n = arena_alloc(&doc->mem, sizeof *n + len + 1);
  n->type = RECTO_NODE_TEXT;
  n->doc = doc;
  doc->kinds_made[RECTO_NODE_TEXT]++;
  char *copy = (char *)(n + 1);
  if (len)
    memcpy(copy, text, len);
  n->text = copy;
  n->text_len = (uint32_t)len;
  return n;
}

node_ext *node_ext_of(recto_node *n) {
  if (!n->ext) {
    n->ext = arena_alloc(&n->doc->mem, sizeof *n->ext);
    switch (n->type) {
    case RECTO_NODE_CELL:
      n->ext->u.cell.rowspan = n->ext->u.cell.colspan = 1;
      break;
    case RECTO_NODE_LIST:
      n->ext->u.list.start = 1;
      break;
    default:
      break;
    }
  }
  return n->ext;
}

/* Getters of kind-specific fields: a node without ext has the creation
   defaults. */
static const node_ext S_no_ext = {0};
static const node_ext S_no_ext_cell = {.u.cell = {1, 1, 0}};
static const node_ext S_no_ext_list = {.u.list = {.start = 1}};

static const node_ext *S_ext(const recto_node *n) {
  if (n->ext)
    return n->ext;
  return n->type == RECTO_NODE_CELL   ? &S_no_ext_cell
         : n->type == RECTO_NODE_LIST ? &S_no_ext_list
                                      : &S_no_ext;
}

/* Whether node is root or an ancestor of other: linking it there would
   make a cycle. */
static int S_is_ancestor(const recto_node *node, const recto_node *other) {
  for (const recto_node *p = other; p; p = p->parent)
    if (p == node)
      return 1;
  return 0;
}

static int S_can_link(const recto_node *parent, const recto_node *child) {
  /* Only a node with children can be an ancestor: building a deep tree
     from the top down must not walk every ancestor on every link. */
  return child && parent && child->doc == parent->doc && !child->parent &&
         child->type != RECTO_NODE_DOCUMENT &&
         !(child->first && S_is_ancestor(child, parent)) &&
         recto_node_can_contain(parent, child->type);
}

void recto_node_unlink(recto_node *n) {
  if (!n || !n->parent)
    return;
  if (n->prev)
    n->prev->next = n->next;
  else
    n->parent->first = n->next;
  if (n->next)
    n->next->prev = n->prev;
  else
    n->parent->last = n->prev;
  n->parent = n->prev = n->next = NULL;
}

int recto_node_append(recto_node *parent, recto_node *child) {
  if (!S_can_link(parent, child))
    return -1;
  child->parent = parent;
  child->prev = parent->last;
  if (parent->last)
    parent->last->next = child;
  else
    parent->first = child;
  parent->last = child;
  return 0;
}

int recto_node_prepend(recto_node *parent, recto_node *child) {
  if (!S_can_link(parent, child))
    return -1;
  child->parent = parent;
  child->next = parent->first;
  if (parent->first)
    parent->first->prev = child;
  else
    parent->last = child;
  parent->first = child;
  return 0;
}

int recto_node_insert_before(recto_node *sibling, recto_node *node) {
  if (!sibling || !S_can_link(sibling->parent, node))
    return -1;
  node->parent = sibling->parent;
  node->next = sibling;
  node->prev = sibling->prev;
  if (sibling->prev)
    sibling->prev->next = node;
  else
    sibling->parent->first = node;
  sibling->prev = node;
  return 0;
}

int recto_node_insert_after(recto_node *sibling, recto_node *node) {
  if (!sibling || !S_can_link(sibling->parent, node))
    return -1;
  node->parent = sibling->parent;
  node->prev = sibling;
  node->next = sibling->next;
  if (sibling->next)
    sibling->next->prev = node;
  else
    sibling->parent->last = node;
  sibling->next = node;
  return 0;
}

/* ---- navigation ---- */
recto_node_type recto_node_type_of(const recto_node *n) {
  return n ? (recto_node_type)n->type : RECTO_NODE_NONE;
}
recto_doc *recto_node_doc(const recto_node *n) { return n->doc; }
recto_node *recto_node_parent(const recto_node *n) { return n->parent; }
recto_node *recto_node_first_child(const recto_node *n) { return n->first; }
recto_node *recto_node_last_child(const recto_node *n) { return n->last; }
recto_node *recto_node_next(const recto_node *n) { return n->next; }
recto_node *recto_node_prev(const recto_node *n) { return n->prev; }

/* ---- common properties ---- */
recto_pos recto_node_pos(const recto_node *n) { return node_pos(n); }
void recto_node_set_pos(recto_node *n, recto_pos pos) {
  n->line = pos.line;
  n->column = pos.column;
  n->offset = pos.offset;
}

const char *recto_node_lang(const recto_node *n) { return n->lang; }
void recto_node_set_lang(recto_node *n, const char *lang) {
  n->lang = lang && *lang ? recto_strdup(n->doc, lang) : NULL;
}
recto_dir recto_node_dir(const recto_node *n) { return (recto_dir)n->dir; }
void recto_node_set_dir(recto_node *n, recto_dir dir) {
  n->dir = (uint8_t)dir;
}

const char *recto_node_effective_lang(const recto_node *n) {
  for (const recto_node *p = n; p; p = p->parent)
    if (p->lang)
      return p->lang;
  return n->doc->lang;
}

recto_dir recto_node_effective_dir(const recto_node *n) {
  for (const recto_node *p = n; p; p = p->parent)
    if (p->dir != RECTO_DIR_UNSET)
      return (recto_dir)p->dir;
  if (n->doc->dir != RECTO_DIR_UNSET)
    return n->doc->dir;
  return recto_lang_is_rtl(recto_node_effective_lang(n)) ? RECTO_DIR_RTL
                                                         : RECTO_DIR_LTR;
}

const char *recto_node_id(const recto_node *n) { return S_ext(n)->id; }
void recto_node_set_id(recto_node *n, const char *id) {
  if (id && *id)
    node_ext_of(n)->id = recto_strdup(n->doc, id);
  else if (n->ext)
    n->ext->id = NULL;
}

const char *recto_node_classes(const recto_node *n) {
  const char *c = S_ext(n)->classes;
  return c ? c : "";
}
void recto_node_set_classes(recto_node *n, const char *classes) {
  if (classes && *classes)
    node_ext_of(n)->classes = recto_strdup(n->doc, classes);
  else if (n->ext)
    n->ext->classes = NULL;
}

int recto_node_has_class(const recto_node *n, const char *cls) {
  size_t len = strlen(cls);
  const char *p = S_ext(n)->classes;
  if (!p || !len)
    return 0;
  while (*p) {
    while (*p == ' ')
      p++;
    size_t w = strcspn(p, " ");
    if (w == len && strncmp(p, cls, len) == 0)
      return 1;
    p += w;
  }
  return 0;
}

void recto_node_add_class(recto_node *n, const char *cls) {
  if (!cls || !*cls || recto_node_has_class(n, cls))
    return;
  node_ext *x = node_ext_of(n);
  if (!x->classes) {
    x->classes = recto_strdup(n->doc, cls);
    return;
  }
  size_t a = strlen(x->classes), b = strlen(cls);
  char *s = recto_alloc(n->doc, a + b + 2);
  memcpy(s, x->classes, a);
  s[a] = ' ';
  memcpy(s + a + 1, cls, b + 1);
  x->classes = s;
}

const char *recto_node_attr(const recto_node *n, const char *key) {
  for (const attr_kv *kv = S_ext(n)->attrs; kv; kv = kv->next)
    if (strcmp(kv->key, key) == 0)
      return kv->value;
  return NULL;
}

void recto_node_set_attr(recto_node *n, const char *key, const char *value) {
  if (!value && !n->ext)
    return;
  attr_kv **link = &node_ext_of(n)->attrs;
  for (; *link; link = &(*link)->next) {
    if (strcmp((*link)->key, key) == 0) {
      if (value)
        (*link)->value = recto_strdup(n->doc, value);
      else
        *link = (*link)->next;
      return;
    }
  }
  if (!value)
    return;
  attr_kv *kv = recto_alloc(n->doc, sizeof *kv);
  kv->key = recto_strdup(n->doc, key);
  kv->value = recto_strdup(n->doc, value);
  *link = kv; /* keep insertion order: readers and writers round-trip it */
}

size_t recto_node_attr_count(const recto_node *n) {
  size_t c = 0;
  for (const attr_kv *kv = S_ext(n)->attrs; kv; kv = kv->next)
    c++;
  return c;
}

int recto_node_attr_at(const recto_node *n, size_t index, const char **key,
                       const char **value) {
  for (const attr_kv *kv = S_ext(n)->attrs; kv; kv = kv->next, index--) {
    if (index == 0) {
      if (key)
        *key = kv->key;
      if (value)
        *value = kv->value;
      return 0;
    }
  }
  return -1;
}

/* ---- kind-specific ----
   Each accessor serves the kinds its field belongs to (node.h says
   which): asked of another kind, a getter gives NULL or 0 and a setter
   changes nothing and returns -1, so that no field of one kind is read
   or written as another's. */

static int S_kind(const recto_node *n, recto_node_type t) {
  return n && n->type == t;
}

static int S_has_text(const recto_node *n) {
  switch (n ? n->type : RECTO_NODE_NONE) {
  case RECTO_NODE_TEXT:
  case RECTO_NODE_CODE:
  case RECTO_NODE_CODE_BLOCK:
  case RECTO_NODE_RAW_BLOCK:
  case RECTO_NODE_RAW_INLINE:
  case RECTO_NODE_MATH:
  case RECTO_NODE_TABLE_FLAT:
    return 1;
  default:
    return 0;
  }
}

static int S_has_info(const recto_node *n) {
  return S_kind(n, RECTO_NODE_CODE_BLOCK) || S_kind(n, RECTO_NODE_RAW_BLOCK) ||
         S_kind(n, RECTO_NODE_RAW_INLINE);
}

static int S_has_link(const recto_node *n) {
  return S_kind(n, RECTO_NODE_LINK) || S_kind(n, RECTO_NODE_IMAGE);
}

static int S_has_marker(const recto_node *n) {
  return S_kind(n, RECTO_NODE_NOTE) || S_kind(n, RECTO_NODE_NOTE_REF) ||
         S_kind(n, RECTO_NODE_NOTE_DEF);
}

static int S_has_level(const recto_node *n) {
  return S_kind(n, RECTO_NODE_HEADING) || S_kind(n, RECTO_NODE_SECTION);
}

const char *recto_node_text(const recto_node *n) {
  if (!S_has_text(n))
    return NULL;
  return n->text ? n->text : "";
}
size_t recto_node_text_len(const recto_node *n) {
  if (!S_has_text(n))
    return 0;
  return n->text_len == NODE_TEXT_LEN_EXT ? n->ext->text_len : n->text_len;
}
int recto_node_set_text(recto_node *n, const char *text, size_t len) {
  if (!S_has_text(n))
    return -1;
  if (!text)
    len = 0;
  n->text = recto_strndup(n->doc, text ? text : "", len);
  if (len >= NODE_TEXT_LEN_EXT) {
    node_ext_of(n)->text_len = len;
    n->text_len = NODE_TEXT_LEN_EXT;
  } else {
    n->text_len = (uint32_t)len;
  }
  return 0;
}

static const char *S_dup_or_null(recto_node *n, const char *s) {
  return s ? recto_strdup(n->doc, s) : NULL;
}

const char *recto_node_info(const recto_node *n) {
  return S_has_info(n) ? S_ext(n)->u.code.info : NULL;
}
int recto_node_set_info(recto_node *n, const char *v) {
  if (!S_has_info(n))
    return -1;
  node_ext_of(n)->u.code.info = S_dup_or_null(n, v);
  return 0;
}
const char *recto_node_url(const recto_node *n) {
  return S_has_link(n) ? S_ext(n)->u.link.url : NULL;
}
int recto_node_set_url(recto_node *n, const char *v) {
  if (!S_has_link(n))
    return -1;
  node_ext_of(n)->u.link.url = S_dup_or_null(n, v);
  return 0;
}
const char *recto_node_title(const recto_node *n) {
  return S_has_link(n) ? S_ext(n)->u.link.title : NULL;
}
int recto_node_set_title(recto_node *n, const char *v) {
  if (!S_has_link(n))
    return -1;
  node_ext_of(n)->u.link.title = S_dup_or_null(n, v);
  return 0;
}
const char *recto_node_marker(const recto_node *n) {
  return S_has_marker(n) ? S_ext(n)->u.note.marker : NULL;
}
int recto_node_set_marker(recto_node *n, const char *v) {
  if (!S_has_marker(n))
    return -1;
  node_ext_of(n)->u.note.marker = S_dup_or_null(n, v);
  return 0;
}

int recto_node_level(const recto_node *n) {
  return S_has_level(n) ? n->k.level : 0;
}
int recto_node_set_level(recto_node *n, int level) {
  if (!S_has_level(n))
    return -1;
  n->k.level = (int16_t)(level < 1 ? 1 : level > 6 ? 6 : level);
  return 0;
}
recto_quote_kind recto_node_quote_kind(const recto_node *n) {
  return S_kind(n, RECTO_NODE_QUOTED) ? (recto_quote_kind)n->k.quote : 0;
}
int recto_node_set_quote_kind(recto_node *n, recto_quote_kind k) {
  if (!S_kind(n, RECTO_NODE_QUOTED))
    return -1;
  n->k.quote = (int16_t)k;
  return 0;
}
int recto_node_math_display(const recto_node *n) {
  return S_kind(n, RECTO_NODE_MATH) ? n->k.display : 0;
}
int recto_node_set_math_display(recto_node *n, int display) {
  if (!S_kind(n, RECTO_NODE_MATH))
    return -1;
  n->k.display = display != 0;
  return 0;
}

/* The list fields, one getter and setter pair per field. */
#define S_LIST_FIELD(type, get, set, field, store)                         \
  type get(const recto_node *l) {                                          \
    return S_kind(l, RECTO_NODE_LIST) ? (type)S_ext(l)->u.list.field       \
                                      : (type)0;                           \
  }                                                                        \
  int set(recto_node *l, type v) {                                         \
    if (!S_kind(l, RECTO_NODE_LIST))                                       \
      return -1;                                                           \
    node_ext_of(l)->u.list.field = (store);                                \
    return 0;                                                              \
  }
S_LIST_FIELD(recto_list_kind, recto_list_kind_of, recto_list_set_kind, kind,
             (int)v)
S_LIST_FIELD(recto_list_style, recto_list_style_of, recto_list_set_style,
             style, (int)v)
S_LIST_FIELD(recto_list_delim, recto_list_delim_of, recto_list_set_delim,
             delim, (int)v)
S_LIST_FIELD(int, recto_list_start, recto_list_set_start, start, v)
S_LIST_FIELD(int, recto_list_tight, recto_list_set_tight, tight, v != 0)

size_t recto_table_columns(const recto_node *t) {
  return S_kind(t, RECTO_NODE_TABLE) ? S_ext(t)->u.table.count : 0;
}

int recto_table_set_columns(recto_node *t, size_t count) {
  if (!S_kind(t, RECTO_NODE_TABLE))
    return -1;
  node_ext *x = node_ext_of(t);
  table_col *cols = recto_alloc(t->doc, (count ? count : 1) * sizeof *cols);
  size_t keep = x->u.table.count < count ? x->u.table.count : count;
  if (keep)
    memcpy(cols, x->u.table.cols, keep * sizeof *cols);
  x->u.table.cols = cols;
  x->u.table.count = count;
  return 0;
}

recto_align recto_table_column_align(const recto_node *t, size_t col) {
  return col < recto_table_columns(t) ? t->ext->u.table.cols[col].align
                                      : RECTO_ALIGN_DEFAULT;
}
double recto_table_column_width(const recto_node *t, size_t col) {
  return col < recto_table_columns(t) ? t->ext->u.table.cols[col].width : 0.0;
}
int recto_table_set_column(recto_node *t, size_t col, recto_align align,
                           double width) {
  if (col >= recto_table_columns(t) &&
      recto_table_set_columns(t, col + 1) != 0)
    return -1;
  table_col *cols = t->ext->u.table.cols;
  cols[col].align = align;
  cols[col].width = width;
  return 0;
}

int recto_cell_rowspan(const recto_node *c) {
  return S_kind(c, RECTO_NODE_CELL) ? S_ext(c)->u.cell.rowspan : 0;
}
int recto_cell_colspan(const recto_node *c) {
  return S_kind(c, RECTO_NODE_CELL) ? S_ext(c)->u.cell.colspan : 0;
}
recto_align recto_cell_align(const recto_node *c) {
  return S_kind(c, RECTO_NODE_CELL) ? (recto_align)S_ext(c)->u.cell.align
                                    : RECTO_ALIGN_DEFAULT;
}
int recto_cell_set(recto_node *c, int rowspan, int colspan,
                   recto_align align) {
  if (!S_kind(c, RECTO_NODE_CELL))
    return -1;
  node_ext *x = node_ext_of(c);
  x->u.cell.rowspan = rowspan < 1 ? 1 : rowspan;
  x->u.cell.colspan = colspan < 1 ? 1 : colspan;
  x->u.cell.align = (int)align;
  return 0;
}

static const char *const S_page_sources[] = {"unknown", "explicit",
                                             "form-feed", "page-number",
                                             "running-head"};

static const node_ext *S_page(const recto_node *pb) {
  return S_kind(pb, RECTO_NODE_PAGE_BREAK) ? S_ext(pb) : &S_no_ext;
}
const char *recto_page_label(const recto_node *pb) {
  return S_page(pb)->u.page.label;
}
recto_page_source recto_page_source_of(const recto_node *pb) {
  return (recto_page_source)S_page(pb)->u.page.source;
}
const char *recto_page_source_name(recto_page_source s) {
  return (unsigned)s < sizeof S_page_sources / sizeof S_page_sources[0]
             ? S_page_sources[s]
             : "unknown";
}
recto_page_source recto_page_source_from_name(const char *name) {
  for (size_t k = 0; name && k < sizeof S_page_sources / sizeof S_page_sources[0];
       k++)
    if (strcmp(S_page_sources[k], name) == 0)
      return (recto_page_source)k;
  return RECTO_PAGE_SOURCE_UNKNOWN;
}
const char *recto_page_header(const recto_node *pb) {
  return S_page(pb)->u.page.header;
}
const char *recto_page_footer(const recto_node *pb) {
  return S_page(pb)->u.page.footer;
}
int recto_page_set(recto_node *pb, const char *label,
                   recto_page_source source, const char *header,
                   const char *footer) {
  if (!S_kind(pb, RECTO_NODE_PAGE_BREAK))
    return -1;
  node_ext *x = node_ext_of(pb);
  x->u.page.label = S_dup_or_null(pb, label);
  x->u.page.source = (int)source;
  x->u.page.header = S_dup_or_null(pb, header);
  x->u.page.footer = S_dup_or_null(pb, footer);
  return 0;
}

size_t recto_cite_count(const recto_node *cite) {
  return S_kind(cite, RECTO_NODE_CITE) ? S_ext(cite)->u.cite.count : 0;
}

recto_cite_item *recto_cite_item_at(const recto_node *cite, size_t index) {
  recto_cite_item *it =
      S_kind(cite, RECTO_NODE_CITE) ? S_ext(cite)->u.cite.items : NULL;
  while (it && index--)
    it = it->next;
  return it;
}

recto_cite_item *recto_cite_add_item(recto_node *cite) {
  if (!S_kind(cite, RECTO_NODE_CITE))
    return NULL;
  recto_cite_item *item = recto_alloc(cite->doc, sizeof *item);
  node_ext *x = node_ext_of(cite);
  recto_cite_item **link = &x->u.cite.items;
  while (*link)
    link = &(*link)->next;
  *link = item;
  x->u.cite.count++;
  return item;
}

recto_bib_entry *recto_node_bib_entry(const recto_node *n) {
  return S_kind(n, RECTO_NODE_BIB_ENTRY) ? S_ext(n)->u.bib.entry : NULL;
}
int recto_node_set_bib_entry(recto_node *n, recto_bib_entry *entry) {
  if (!S_kind(n, RECTO_NODE_BIB_ENTRY))
    return -1;
  node_ext_of(n)->u.bib.entry = entry;
  return 0;
}

const char *recto_node_plain_text(const recto_node *node) {
  recto_buf out = RECTO_BUF_INIT;
  recto_iter *it = recto_iter_new((recto_node *)node);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (n->type == RECTO_NODE_QUOTED) {
      /* the marks smart punctuation took out of the text (as pandoc's
         stringify puts them back) */
      int single = recto_node_quote_kind(n) == RECTO_QUOTE_SINGLE;
      if (ev == RECTO_EVENT_ENTER)
        recto_buf_puts(&out, single ? "\xe2\x80\x98" : "\xe2\x80\x9c");
      else
        recto_buf_puts(&out, single ? "\xe2\x80\x99" : "\xe2\x80\x9d");
      continue;
    }
    if (ev != RECTO_EVENT_ENTER)
      continue;
    switch (n->type) {
    case RECTO_NODE_TEXT:
    case RECTO_NODE_CODE:
    case RECTO_NODE_MATH:
      recto_buf_put(&out, recto_node_text(n), recto_node_text_len(n));
      break;
    case RECTO_NODE_SOFT_BREAK:
    case RECTO_NODE_LINE_BREAK:
      recto_buf_putc(&out, ' ');
      break;
    case RECTO_NODE_NOTE:
    case RECTO_NODE_ANNOTATION:
      if (n != node)
        recto_iter_skip_children(it);
      break;
    default:
      /* Separate blocks so that words of two paragraphs do not merge. */
      if (n != node && recto_node_is_block(n->type) && out.len &&
          out.data[out.len - 1] != ' ')
        recto_buf_putc(&out, ' ');
      break;
    }
  }
  recto_iter_free(it);
  while (out.len && out.data[out.len - 1] == ' ')
    out.len--;
  const char *s = recto_strndup(node->doc, out.data ? out.data : "", out.len);
  recto_buf_free(&out);
  return s;
}
