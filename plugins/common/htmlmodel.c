/* htmlmodel.c: HTML elements to the document model (see htmlmodel.h).
   One table says what each element becomes; the walk below reads it.
   Notes, citations, bibliographies and page breaks are recognised by
   their semantics (epub:type, role) before the table is consulted. */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "htmlmodel.h"
#include "htmlread.h"
#include "xmlread.h"
#include "zipin.h"

/* Deeper than this is no document but an attack on the stack. */
enum { S_MAX_DEPTH = 400 };

/* ---- the element table ---- */

typedef enum S_kind {
  K_UNKNOWN = 0, /* kept: DIV or SPAN named by a class */
  K_IGNORE,      /* neither it nor its content */
  K_BLOCK,       /* a block of kind type, blocks inside */
  K_TEXTBLOCK,   /* a block of kind type, inlines inside */
  K_HEADING,
  K_LIST,
  K_DLIST,
  K_TABLE,
  K_PRE,
  K_HR,
  K_SECTION,     /* DIV when it says something, else unwrapped */
  K_INLINE,      /* an inline of kind type */
  K_SPAN,        /* SPAN with the element name as class */
  K_CODE,
  K_LINK,
  K_IMAGE,
  K_BR,
  K_QUOTE,
  K_MATH,
  K_TRANSPARENT  /* its content, as if it were not there */
} S_kind;

typedef struct S_elem {
  const char *name;
  S_kind kind;
  recto_node_type type;
} S_elem;

/* Sorted by name (bytes, lower case): looked up by binary search, for
   every element several times. */
static const S_elem S_elems[] = {
    {"a", K_LINK, RECTO_NODE_LINK},
    {"abbr", K_SPAN, RECTO_NODE_SPAN},
    {"acronym", K_SPAN, RECTO_NODE_SPAN},
    {"address", K_SECTION, RECTO_NODE_DIV},
    {"article", K_SECTION, RECTO_NODE_DIV},
    {"aside", K_SECTION, RECTO_NODE_DIV},
    {"audio", K_IGNORE, RECTO_NODE_NONE},
    {"b", K_INLINE, RECTO_NODE_STRONG},
    {"base", K_IGNORE, RECTO_NODE_NONE},
    {"bdi", K_SPAN, RECTO_NODE_SPAN},
    {"bdo", K_SPAN, RECTO_NODE_SPAN},
    {"big", K_SPAN, RECTO_NODE_SPAN},
    {"blockquote", K_BLOCK, RECTO_NODE_BLOCK_QUOTE},
    {"body", K_SECTION, RECTO_NODE_DIV},
    {"br", K_BR, RECTO_NODE_LINE_BREAK},
    {"button", K_IGNORE, RECTO_NODE_NONE},
    {"canvas", K_IGNORE, RECTO_NODE_NONE},
    {"center", K_SECTION, RECTO_NODE_DIV},
    {"cite", K_SPAN, RECTO_NODE_SPAN},
    {"code", K_CODE, RECTO_NODE_CODE},
    {"del", K_INLINE, RECTO_NODE_STRIKEOUT},
    {"details", K_SECTION, RECTO_NODE_DIV},
    {"dfn", K_SPAN, RECTO_NODE_SPAN},
    {"div", K_BLOCK, RECTO_NODE_DIV},
    {"dl", K_DLIST, RECTO_NODE_DEF_LIST},
    {"em", K_INLINE, RECTO_NODE_EMPH},
    {"embed", K_IGNORE, RECTO_NODE_NONE},
    {"fieldset", K_SECTION, RECTO_NODE_DIV},
    {"figure", K_BLOCK, RECTO_NODE_FIGURE},
    {"font", K_SPAN, RECTO_NODE_SPAN},
    {"footer", K_SECTION, RECTO_NODE_DIV},
    {"form", K_SECTION, RECTO_NODE_DIV},
    {"h1", K_HEADING, RECTO_NODE_HEADING},
    {"h2", K_HEADING, RECTO_NODE_HEADING},
    {"h3", K_HEADING, RECTO_NODE_HEADING},
    {"h4", K_HEADING, RECTO_NODE_HEADING},
    {"h5", K_HEADING, RECTO_NODE_HEADING},
    {"h6", K_HEADING, RECTO_NODE_HEADING},
    {"head", K_IGNORE, RECTO_NODE_NONE},
    {"header", K_SECTION, RECTO_NODE_DIV},
    {"hgroup", K_SECTION, RECTO_NODE_DIV},
    {"hr", K_HR, RECTO_NODE_THEMATIC_BREAK},
    {"i", K_INLINE, RECTO_NODE_EMPH},
    {"iframe", K_IGNORE, RECTO_NODE_NONE},
    {"img", K_IMAGE, RECTO_NODE_IMAGE},
    {"input", K_IGNORE, RECTO_NODE_NONE},
    {"ins", K_INLINE, RECTO_NODE_UNDERLINE},
    {"kbd", K_CODE, RECTO_NODE_CODE},
    {"label", K_SPAN, RECTO_NODE_SPAN},
    {"link", K_IGNORE, RECTO_NODE_NONE},
    {"listing", K_PRE, RECTO_NODE_CODE_BLOCK},
    {"main", K_SECTION, RECTO_NODE_DIV},
    {"mark", K_SPAN, RECTO_NODE_SPAN},
    {"math", K_MATH, RECTO_NODE_MATH},
    {"menu", K_LIST, RECTO_NODE_LIST},
    {"meta", K_IGNORE, RECTO_NODE_NONE},
    {"nav", K_SECTION, RECTO_NODE_DIV},
    {"noscript", K_TRANSPARENT, RECTO_NODE_NONE},
    {"object", K_IGNORE, RECTO_NODE_NONE},
    {"ol", K_LIST, RECTO_NODE_LIST},
    {"p", K_TEXTBLOCK, RECTO_NODE_PARAGRAPH},
    {"pre", K_PRE, RECTO_NODE_CODE_BLOCK},
    {"q", K_QUOTE, RECTO_NODE_QUOTED},
    {"rb", K_SPAN, RECTO_NODE_SPAN},
    {"rp", K_SPAN, RECTO_NODE_SPAN},
    {"rt", K_SPAN, RECTO_NODE_SPAN},
    {"ruby", K_SPAN, RECTO_NODE_SPAN},
    {"s", K_INLINE, RECTO_NODE_STRIKEOUT},
    {"samp", K_CODE, RECTO_NODE_CODE},
    {"script", K_IGNORE, RECTO_NODE_NONE},
    {"section", K_SECTION, RECTO_NODE_DIV},
    {"select", K_IGNORE, RECTO_NODE_NONE},
    {"small", K_SPAN, RECTO_NODE_SPAN},
    {"span", K_SPAN, RECTO_NODE_SPAN},
    {"strike", K_INLINE, RECTO_NODE_STRIKEOUT},
    {"strong", K_INLINE, RECTO_NODE_STRONG},
    {"style", K_IGNORE, RECTO_NODE_NONE},
    {"sub", K_INLINE, RECTO_NODE_SUBSCRIPT},
    {"summary", K_SECTION, RECTO_NODE_DIV},
    {"sup", K_INLINE, RECTO_NODE_SUPERSCRIPT},
    {"svg", K_IGNORE, RECTO_NODE_NONE},
    {"table", K_TABLE, RECTO_NODE_TABLE},
    {"template", K_IGNORE, RECTO_NODE_NONE},
    {"textarea", K_IGNORE, RECTO_NODE_NONE},
    {"time", K_SPAN, RECTO_NODE_SPAN},
    {"title", K_IGNORE, RECTO_NODE_NONE},
    {"tt", K_CODE, RECTO_NODE_CODE},
    {"u", K_INLINE, RECTO_NODE_UNDERLINE},
    {"ul", K_LIST, RECTO_NODE_LIST},
    {"var", K_CODE, RECTO_NODE_CODE},
    {"video", K_IGNORE, RECTO_NODE_NONE},
    {"wbr", K_IGNORE, RECTO_NODE_NONE},
    {"xmp", K_PRE, RECTO_NODE_CODE_BLOCK},
};

/* strcasecmp against a name of the table (lower case), inline: it runs
   several times for every element. */
static int S_name_cmp(const char *name, const char *lower) {
  for (;; name++, lower++) {
    unsigned char ch = (unsigned char)*name;
    if (ch >= 'A' && ch <= 'Z')
      ch = (unsigned char)(ch + ('a' - 'A'));
    int d = ch - (unsigned char)*lower;
    if (d || !ch)
      return d;
  }
}

static const S_elem *S_find(const char *name) {
  size_t lo = 0, hi = sizeof S_elems / sizeof S_elems[0];
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = S_name_cmp(name, S_elems[mid].name);
    if (c == 0)
      return &S_elems[mid];
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return NULL;
}

static const S_elem *S_lookup(const xmlNode *e) {
  return e->type == XML_ELEMENT_NODE ? S_find((const char *)e->name) : NULL;
}

static S_kind S_kind_of(const xmlNode *e) {
  const S_elem *el = S_lookup(e);
  return el ? el->kind : K_UNKNOWN;
}

int hm_ignored_element(const char *name) {
  const S_elem *el = S_find(name);
  return el && el->kind == K_IGNORE;
}

static int S_is(const xmlNode *e, const char *name) {
  return e && e->type == XML_ELEMENT_NODE &&
         strcasecmp((const char *)e->name, name) == 0;
}

/* Kinds that are blocks wherever they stand. */
static int S_block_kind(S_kind k) {
  switch (k) {
  case K_BLOCK:
  case K_TEXTBLOCK:
  case K_HEADING:
  case K_LIST:
  case K_DLIST:
  case K_TABLE:
  case K_PRE:
  case K_HR:
  case K_SECTION:
    return 1;
  default:
    return 0;
  }
}

/* ---- attributes ---- */

static const xmlAttr *S_attr(const xmlNode *e, const char *name) {
  for (const xmlAttr *a = e->properties; a; a = a->next) {
    const char *an = (const char *)a->name;
    /* the HTML parser keeps "epub:type" as the whole name */
    int match = S_name_cmp(an, name) == 0;
    if (!match && a->ns && a->ns->prefix) {
      size_t pl = strlen((const char *)a->ns->prefix);
      match = strncmp(name, (const char *)a->ns->prefix, pl) == 0 &&
              name[pl] == ':' && strcmp(name + pl + 1, an) == 0;
    }
    if (match)
      return a;
  }
  return NULL;
}

char *hm_attr(const xmlNode *e, const char *name) {
  const xmlAttr *a = S_attr(e, name);
  return a ? (char *)xmlNodeGetContent((const xmlNode *)a) : NULL;
}

/* Whether the list of words holds word, or with prefix "doc-" too (the
   DPUB-ARIA roles). */
static int S_word_in(const char *list, const char *word, int doc) {
  size_t n = strlen(word);
  for (const char *p = list; p && *p;) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
      p++;
    size_t len = strcspn(p, " \t\n\r");
    if (len == n && strncasecmp(p, word, n) == 0)
      return 1;
    if (doc && len == n + 4 && strncasecmp(p, "doc-", 4) == 0 &&
        strncasecmp(p + 4, word, n) == 0)
      return 1;
    p += len;
  }
  return 0;
}

/* Read where it stands when it is one text, the usual case: attributes
   are looked at several times for each element. */
static int S_attr_has_word(const xmlNode *e, const char *attr,
                           const char *word, int doc) {
  const xmlAttr *a = S_attr(e, attr);
  if (!a)
    return 0;
  const xmlNode *t = a->children;
  if (t && t->type == XML_TEXT_NODE && !t->next)
    return S_word_in((const char *)t->content, word, doc);
  char *v = (char *)xmlNodeGetContent((const xmlNode *)a);
  int yes = v && S_word_in(v, word, doc);
  xmlFree(v);
  return yes;
}

int hm_has_semantic(const xmlNode *e, const char *word) {
  if (!e || e->type != XML_ELEMENT_NODE)
    return 0;
  return S_attr_has_word(e, "epub:type", word, 0) ||
         S_attr_has_word(e, "role", word, 1);
}

static int S_has_class(const xmlNode *e, const char *cls) {
  return S_attr_has_word(e, "class", cls, 0);
}

/* ---- a string map (keys in the document's arena) ---- */

typedef struct S_map {
  const char **keys;
  void **vals;
  size_t cap, len;
} S_map;

static size_t S_hash(const char *s) {
  size_t h = 1469598103934665603u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

static size_t S_map_slot(const S_map *m, const char *key) {
  size_t mask = m->cap - 1;
  size_t k = S_hash(key) & mask;
  while (m->keys[k] && strcmp(m->keys[k], key) != 0)
    k = (k + 1) & mask;
  return k;
}

static void *S_map_get(const S_map *m, const char *key) {
  if (!m->cap)
    return NULL;
  return m->vals[S_map_slot(m, key)];
}

static void S_map_put(S_map *m, const char *key, void *val) {
  if (2 * (m->len + 1) > m->cap) {
    S_map old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->keys = calloc(m->cap, sizeof *m->keys);
    m->vals = calloc(m->cap, sizeof *m->vals);
    if (!m->keys || !m->vals)
      recto_out_of_memory();
    m->len = 0;
    for (size_t k = 0; k < old.cap; k++)
      if (old.keys[k])
        S_map_put(m, old.keys[k], old.vals[k]);
    free(old.keys);
    free(old.vals);
  }
  size_t k = S_map_slot(m, key);
  if (!m->keys[k])
    m->len++;
  m->keys[k] = key;
  m->vals[k] = val;
}

static void S_map_free(S_map *m) {
  free(m->keys);
  free(m->vals);
}

/* Room for one more of *n items of size bytes in *items. */
static void S_grow(void *items, size_t *cap, size_t n, size_t size) {
  void **p = items;
  if (n < *cap)
    return;
  *cap = *cap ? 2 * *cap : 64;
  *p = realloc(*p, *cap * size);
  if (!*p)
    recto_out_of_memory();
}

/* ---- what the scan learns about elements (in xmlNode._private) ---- */

enum {
  F_NOTEREF = 1,   /* a link to a note */
  F_NOTE = 2,      /* a note body */
  F_BACKLINK = 4,  /* a link from a note back to its reference */
  F_CANDIDATE = 8, /* a link that may be an untyped note reference */
  F_PAGE = 16,     /* a page starts here (a page list points to it) */
  F_HOLDS = 32,    /* holds a note body: kept until the end */
  F_MARKER = 64    /* a link read as a marker, freed before settling */
};

typedef struct S_note {
  xmlNode *body;
  const char *base;
  recto_node *made; /* the NOTE, once the first reference made it */
  int referenced;
} S_note;

typedef struct S_mark {
  xmlNode *el;        /* the element, while it is in the tree */
  unsigned flags;
  const char *target; /* links: the key "base#id" they point to */
  const char *key;    /* elements with an id: their key */
  S_note *note;       /* F_NOTE */
  const char *page;   /* F_PAGE: the page's label */
} S_mark;

typedef struct S_link_fix {
  recto_node *node;
  const char *key; /* "base#id" or "base" */
} S_link_fix;

struct hm_conv {
  recto_context *ctx;
  recto_doc *doc;
  S_map ids;        /* "base#id" -> the S_mark of its first element */
  S_map final_ids;  /* "base#id" -> the id given in the model */
  S_map used_ids;   /* ids given in the model */
  S_map doc_start;  /* base -> the id of its first node */
  S_map bases;      /* base -> itself (the documents scanned) */
  S_mark **links;   /* links seen by the scan */
  size_t nlinks, caplinks;
  S_link_fix *fix;      /* links to resolve at the end */
  size_t nfix, capfix;
  int settled;
  size_t notes_made;
  size_t entries;
  const char *base; /* the document being converted */
  const xmlNode *top; /* its body: blocks converted there are freed */
  int depth;
  int failed;
  int space;        /* the last inline output ended in white space */
  int para_plain;   /* loose inlines make PLAIN, not PARAGRAPH */
};

static S_mark *S_mark_of(hm_conv *c, xmlNode *e) {
  if (!e->_private) {
    S_mark *m = recto_alloc(c->doc, sizeof(S_mark));
    m->el = e;
    e->_private = m;
  }
  return e->_private;
}

/* The element of the first id key names, while it is in the tree. */
static xmlNode *S_id_element(const hm_conv *c, const char *key) {
  const S_mark *m = S_map_get(&c->ids, key);
  return m ? m->el : NULL;
}

static unsigned S_flags(const xmlNode *e) {
  return e->_private ? ((const S_mark *)e->_private)->flags : 0;
}

hm_conv *hm_new(recto_context *ctx, recto_doc *doc) {
  hm_conv *c = calloc(1, sizeof *c);
  if (!c)
    recto_out_of_memory();
  c->ctx = ctx;
  c->doc = doc;
  return c;
}

void hm_free(hm_conv *c) {
  if (!c)
    return;
  S_map_free(&c->ids);
  S_map_free(&c->final_ids);
  S_map_free(&c->used_ids);
  S_map_free(&c->doc_start);
  S_map_free(&c->bases);
  free(c->links);
  free(c->fix);
  free(c);
}

static recto_pos S_pos(const xmlNode *e) {
  recto_pos p = {0, 0, 0};
  long line = xmlGetLineNo(e);
  if (line > 0)
    p.line = (uint32_t)line;
  return p;
}

static void S_too_deep(hm_conv *c, const xmlNode *e) {
  if (c->failed)
    return;
  c->failed = 1;
  recto_pos pos = S_pos(e);
  recto_diag_emit(c->ctx, RECTO_DIAG_ERROR, "html.too-deep", &pos,
                  "elements nested deeper than %d", S_MAX_DEPTH);
}

/* "base#id" in the arena. */
static const char *S_key(hm_conv *c, const char *base, const char *id,
                         size_t idlen) {
  size_t bl = base ? strlen(base) : 0;
  char *k = recto_alloc(c->doc, bl + idlen + 2);
  if (bl)
    memcpy(k, base, bl);
  k[bl] = '#';
  memcpy(k + bl + 1, id, idlen);
  return k;
}

/* Where href points, as a key: "base#id", "base" (a whole document),
   or NULL when it leaves the documents (a scheme, an absolute path). */
static const char *S_target(hm_conv *c, const char *base, const char *href) {
  while (*href == ' ' || *href == '\t' || *href == '\n')
    href++;
  if (href[0] == '#')
    return S_key(c, base, href + 1, strcspn(href + 1, " \t\n"));
  const char *hash = strchr(href, '#');
  size_t file_len = hash ? (size_t)(hash - href) : strlen(href);
  char *file = recto_strndup(c->doc, href, file_len);
  char *resolved = base ? zipin_resolve(base, file) : NULL;
  if (!base) { /* a single document: only its own fragments are inside */
    free(resolved);
    return NULL;
  }
  if (!resolved)
    return NULL;
  const char *name = recto_strdup(c->doc, resolved);
  free(resolved);
  if (!hash)
    return name;
  return S_key(c, name, hash + 1, strlen(hash + 1));
}

/* ---- the scan ---- */

static void S_scan(hm_conv *c, xmlNode *e, const char *base, int depth);

/* The id and the link of element n (not ignored), and with children
   what is inside it. */
static void S_scan_element(hm_conv *c, xmlNode *n, const char *base,
                           int depth, int children) {
  char *id = hm_attr(n, "id");
  if (id && *id) {
    const char *key = S_key(c, base, id, strlen(id));
    if (!S_map_get(&c->ids, key))
      S_map_put(&c->ids, key, S_mark_of(c, n));
    S_mark_of(c, n)->key = key;
  }
  xmlFree(id);
  if (S_is(n, "a")) {
    char *href = hm_attr(n, "href");
    const char *target = href ? S_target(c, base, href) : NULL;
    xmlFree(href);
    if (target && strchr(target, '#')) {
      S_mark *m = S_mark_of(c, n);
      m->target = target;
      if (hm_has_semantic(n, "noteref") || S_has_class(n, "footnote-ref"))
        m->flags |= F_NOTEREF;
      else if (!hm_has_semantic(n, "biblioref") && m->key)
        m->flags |= F_CANDIDATE;
      if (hm_has_semantic(n, "backlink"))
        m->flags |= F_BACKLINK;
      S_grow(&c->links, &c->caplinks, c->nlinks, sizeof *c->links);
      c->links[c->nlinks++] = m;
    }
  }
  if (children)
    S_scan(c, n->children, base, depth + 1);
}

static void S_scan(hm_conv *c, xmlNode *e, const char *base, int depth) {
  if (depth > S_MAX_DEPTH) {
    S_too_deep(c, e);
    return;
  }
  for (xmlNode *n = e; n && !c->failed; n = n->next)
    if (n->type == XML_ELEMENT_NODE && S_kind_of(n) != K_IGNORE)
      S_scan_element(c, n, base, depth, 1);
}

void hm_scan(hm_conv *c, xmlNode *root, const char *base) {
  const char *b = base ? recto_strdup(c->doc, base) : NULL;
  if (b)
    S_map_put(&c->bases, b, (void *)b);
  S_scan(c, root, b, 0);
}

/* Whether some link under e points to key. */
static int S_links_to(xmlNode *e, const char *key, int depth) {
  for (xmlNode *n = e; n && depth < S_MAX_DEPTH; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    const S_mark *m = n->_private;
    if (m && m->target && strcmp(m->target, key) == 0)
      return 1;
    if (S_links_to(n->children, key, depth + 1))
      return 1;
  }
  return 0;
}

static const char *S_base_of_key(hm_conv *c, const char *key) {
  const char *hash = strrchr(key, '#');
  if (!hash || hash == key)
    return NULL;
  return recto_strndup(c->doc, key, (size_t)(hash - key));
}

static int S_is_heading(const xmlNode *e);

/* Short text, as a note's marker is ("1", "[12]", "*", "iv"), not a
   phrase (a table of contents links back and forth too). */
static int S_marker_text(const xmlNode *a) {
  char *t = (char *)xmlNodeGetContent(a);
  size_t letters = 0;
  for (const unsigned char *p = (const unsigned char *)t; p && *p; p++)
    if (!strchr(" \t\r\n[]()", *p) && (*p & 0xC0) != 0x80)
      letters++;
  xmlFree(t);
  return letters > 0 && letters <= 6;
}

/* The same of a link's mark: read when it was freed, if it was. */
static int S_marker_like(const S_mark *m) {
  return m->el ? S_marker_text(m->el) : (m->flags & F_MARKER) != 0;
}


/* Decide which links are note references and which elements notes:
   typed references, and untyped links whose target links back. */
static void S_settle(hm_conv *c) {
  if (c->settled)
    return;
  c->settled = 1;
  for (size_t k = 0; k < c->nlinks; k++) {
    S_mark *m = c->links[k];
    xmlNode *a = m->el; /* NULL: freed unread, as no note's reference */
    xmlNode *body = S_id_element(c, m->target);
    int inside = 0; /* a note holding its own reference is no note */
    for (xmlNode *p = a; p && !inside; p = p->parent)
      inside = p == body;
    if (!body || inside) {
      m->flags &= ~(unsigned)F_NOTEREF; /* typed, but nothing to point to */
      continue;
    }
    if ((m->flags & F_CANDIDATE) && !(m->flags & F_NOTEREF) &&
        S_marker_like(m) && !S_is_heading(body) &&
        S_links_to(body->children, m->key, 0))
      m->flags |= F_NOTEREF; /* untyped: the target links back to it */
    if (!(m->flags & F_NOTEREF))
      continue;
    S_mark *bm = S_mark_of(c, body);
    if (!bm->note) {
      bm->note = recto_alloc(c->doc, sizeof(S_note));
      bm->note->body = body;
      bm->note->base = S_base_of_key(c, m->target);
    }
    bm->flags |= F_NOTE;
    bm->note->referenced = 1;
    /* converted where it is referenced, maybe after where it stands */
    for (xmlNode *p = body->parent; p && p->type == XML_ELEMENT_NODE &&
                                    !(S_flags(p) & F_HOLDS);
         p = p->parent)
      S_mark_of(c, p)->flags |= F_HOLDS;
  }
  /* an untyped link to a note found so is a later reference to it */
  for (size_t k = 0; k < c->nlinks; k++) {
    S_mark *m = c->links[k];
    const S_mark *bm = S_map_get(&c->ids, m->target);
    if ((m->flags & F_CANDIDATE) && !(m->flags & F_NOTEREF) && bm &&
        (bm->flags & F_NOTE) && S_marker_like(m))
      m->flags |= F_NOTEREF;
  }
  /* links inside notes back to a reference are not part of the note */
  for (size_t k = 0; k < c->nlinks; k++) {
    S_mark *m = c->links[k];
    const S_mark *tm = S_map_get(&c->ids, m->target);
    if (tm && (tm->flags & F_NOTEREF))
      m->flags |= F_BACKLINK;
  }
}

/* Whether nothing but consumed notes, rules and white space is left in
   e once the notes are taken out: a container of notes, not content. */
static int S_emptied(const xmlNode *e, int depth) {
  int notes = 0;
  for (const xmlNode *n = e->children; n; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      for (const xmlChar *p = n->content; p && *p; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
          return 0;
      continue;
    }
    if (n->type != XML_ELEMENT_NODE)
      continue;
    if (S_flags(n) & F_NOTE) {
      notes++;
      continue;
    }
    S_kind k = S_kind_of(n);
    if (k == K_HR || k == K_IGNORE)
      continue;
    if (depth >= S_MAX_DEPTH || (k != K_LIST && k != K_BLOCK &&
                                 k != K_SECTION && !S_is(n, "li")) ||
        !S_emptied(n, depth + 1))
      return 0;
    notes++;
  }
  return notes > 0;
}

/* ---- model helpers ---- */

static recto_node *S_new(hm_conv *c, recto_node_type t, const xmlNode *e) {
  recto_node *n = recto_node_new(c->doc, t);
  if (e)
    recto_node_set_pos(n, S_pos(e));
  return n;
}

/* The id an element gets in the model: its own, unless another
   document already gave it. */
static const char *S_final_id(hm_conv *c, const xmlNode *e) {
  const S_mark *m = e->_private;
  if (!m || !m->key)
    return NULL;
  const char *done = S_map_get(&c->final_ids, m->key);
  if (done)
    return done;
  const char *id = strchr(m->key, '#') + 1;
  if (S_map_get(&c->used_ids, id)) {
    char buf[32];
    for (unsigned k = 2;; k++) {
      snprintf(buf, sizeof buf, "-%u", k);
      char *alt = recto_alloc(c->doc, strlen(id) + strlen(buf) + 1);
      strcpy(alt, id);
      strcat(alt, buf);
      if (!S_map_get(&c->used_ids, alt)) {
        id = alt;
        break;
      }
    }
  }
  S_map_put(&c->used_ids, id, (void *)id);
  S_map_put(&c->final_ids, m->key, (void *)id);
  return id;
}

/* The document's first node gets an id, so that links to the whole
   document have a target. */
static void S_doc_start(hm_conv *c, recto_node *n) {
  if (!c->base || S_map_get(&c->doc_start, c->base))
    return;
  const char *id = recto_node_id(n);
  if (!id || !*id) {
    char buf[32];
    for (unsigned k = 1;; k++) {
      snprintf(buf, sizeof buf, "doc-%u", k);
      if (!S_map_get(&c->used_ids, buf))
        break;
    }
    id = recto_strdup(c->doc, buf);
    S_map_put(&c->used_ids, id, (void *)id);
    recto_node_set_id(n, id);
  }
  S_map_put(&c->doc_start, c->base, (void *)id);
}

static recto_dir S_dir_from(const char *v) {
  if (!v)
    return RECTO_DIR_UNSET;
  if (strcasecmp(v, "rtl") == 0)
    return RECTO_DIR_RTL;
  if (strcasecmp(v, "ltr") == 0)
    return RECTO_DIR_LTR;
  if (strcasecmp(v, "auto") == 0)
    return RECTO_DIR_AUTO;
  return RECTO_DIR_UNSET;
}

/* Attributes that the mapping reads itself or that carry no content. */
static int S_skip_attr(const char *name) {
  static const char *const names[] = {
      "id",      "class",  "lang",   "dir",     "href",    "src",
      "alt",     "title",  "start",  "type",    "rowspan", "colspan",
      "align",   "role",   "style",  "epub:type", "xmlns",  "shape",
      "aria-label", "width", "height", "valign", "border",  NULL};
  if (strncasecmp(name, "on", 2) == 0)
    return 1;
  for (const char *const *p = names; *p; p++)
    if (strcasecmp(*p, name) == 0)
      return 1;
  return 0;
}

static void S_lang_dir(const xmlNode *e, recto_node *n) {
  char *v = hm_attr(e, "lang");
  if (!v || !*v) {
    xmlFree(v);
    v = hm_attr(e, "xml:lang");
  }
  if (v && *v)
    recto_node_set_lang(n, v);
  xmlFree(v);
  v = hm_attr(e, "dir");
  recto_dir d = S_dir_from(v);
  if (d != RECTO_DIR_UNSET)
    recto_node_set_dir(n, d);
  xmlFree(v);
}

/* id, classes, lang, dir; with all, the other attributes too (data-*
   without the prefix, as recto writes them). */
static void S_common(hm_conv *c, const xmlNode *e, recto_node *n, int all) {
  const char *id = S_final_id(c, e);
  if (id)
    recto_node_set_id(n, id);
  S_lang_dir(e, n);
  if (!all)
    return;
  char *v = hm_attr(e, "class");
  if (v) {
    for (char *p = v; *p; p++)
      if (*p == '\t' || *p == '\n' || *p == '\r')
        *p = ' ';
    char *s = v;
    while (*s == ' ')
      s++;
    size_t len = strlen(s);
    while (len && s[len - 1] == ' ')
      s[--len] = '\0';
    if (*s)
      recto_node_set_classes(n, s);
  }
  xmlFree(v);
  for (xmlAttr *a = e->properties; a; a = a->next) {
    char qname[128];
    if (a->ns && a->ns->prefix)
      snprintf(qname, sizeof qname, "%s:%s", a->ns->prefix, a->name);
    else
      snprintf(qname, sizeof qname, "%s", a->name);
    if (S_skip_attr(qname) || strncmp(qname, "xml:", 4) == 0 ||
        strncmp(qname, "xmlns", 5) == 0)
      continue;
    char *val = (char *)xmlNodeGetContent((const xmlNode *)a);
    const char *key = strncmp(qname, "data-", 5) == 0 ? qname + 5 : qname;
    recto_node_set_attr(n, key, val ? val : "");
    xmlFree(val);
  }
}

/* Whether e says something a DIV must keep (else it is unwrapped). */
static int S_says_something(const xmlNode *e) {
  for (xmlAttr *a = e->properties; a; a = a->next) {
    const char *name = (const char *)a->name;
    if (strcmp(name, "role") == 0 || strcmp(name, "style") == 0 ||
        strcmp(name, "epub:type") == 0 || strcmp(name, "aria-label") == 0 ||
        (a->ns && a->ns->prefix &&
         strcmp((const char *)a->ns->prefix, "epub") == 0) ||
        strncasecmp(name, "on", 2) == 0)
      continue;
    return 1;
  }
  return 0;
}

/* ---- text ---- */

static int S_ws(unsigned char ch) {
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}

/* Append text to parent with HTML's white-space collapsing: a run of
   white space holding a newline is a SOFT_BREAK, any other run a space;
   white space at the start of a block is dropped (c->space). */
static void S_text(hm_conv *c, const xmlNode *e, const char *s,
                   recto_node *parent) {
  recto_buf b = RECTO_BUF_INIT;
  recto_pos pos = S_pos(e);
  for (const char *p = s; *p;) {
    if (S_ws((unsigned char)*p)) {
      int newline = 0;
      while (*p && S_ws((unsigned char)*p))
        newline |= *p++ == '\n';
      if (c->space)
        continue;
      if (newline) {
        if (b.len) {
          recto_node *t = recto_node_new_text(c->doc, b.data, b.len);
          recto_node_set_pos(t, pos);
          recto_node_append(parent, t);
          recto_buf_clear(&b);
        }
        recto_node_append(parent, S_new(c, RECTO_NODE_SOFT_BREAK, e));
      } else {
        recto_buf_putc(&b, ' ');
      }
      c->space = 1;
    } else {
      size_t n = 0;
      while (p[n] && !S_ws((unsigned char)p[n]))
        n++;
      recto_buf_put(&b, p, n);
      p += n;
      c->space = 0;
    }
  }
  if (b.len) {
    recto_node *t = recto_node_new_text(c->doc, b.data, b.len);
    recto_node_set_pos(t, pos);
    recto_node_append(parent, t);
  }
  recto_buf_free(&b);
}

/* Drop white space (a trailing space or soft break) at the end of a
   block's inlines. */
static void S_trim_end(recto_node *parent) {
  for (;;) {
    recto_node *last = recto_node_last_child(parent);
    if (!last)
      return;
    recto_node_type t = recto_node_type_of(last);
    if (t == RECTO_NODE_SOFT_BREAK) {
      recto_node_unlink(last);
      continue;
    }
    if (t == RECTO_NODE_TEXT) {
      size_t len = recto_node_text_len(last);
      const char *s = recto_node_text(last);
      if (len && s[len - 1] == ' ') {
        if (len == 1)
          recto_node_unlink(last);
        else
          recto_node_set_text(last, s, len - 1);
        continue;
      }
      return;
    }
    if (recto_node_is_leaf(t) || !recto_node_is_inline(t))
      return;
    parent = last; /* inside an emphasis that ends the block */
  }
}

/* All the text under e, as it stands (for code and pre). */
static char *S_content(const xmlNode *e) {
  return (char *)xmlNodeGetContent(e);
}

/* ---- forward declarations ---- */

static void S_blocks(hm_conv *c, xmlNode *first, recto_node *parent);
static void S_inlines(hm_conv *c, xmlNode *first, recto_node *parent);
static void S_inline(hm_conv *c, xmlNode *e, recto_node *parent);

/* ---- notes ---- */

/* The marker as printed: the reference's text without brackets. */
static const char *S_marker(hm_conv *c, const xmlNode *a) {
  char *t = S_content(a);
  char *s = t ? t : (char *)"";
  while (*s && (S_ws((unsigned char)*s) || *s == '[' || *s == '('))
    s++;
  size_t len = strlen(s);
  while (len && (S_ws((unsigned char)s[len - 1]) || s[len - 1] == ']' ||
                 s[len - 1] == ')'))
    len--;
  const char *m = recto_strndup(c->doc, s, len);
  xmlFree(t);
  return m;
}

/* Brackets and white space left behind by a removed back-link at the
   start of a note's first paragraph. */
static void S_trim_note_start(recto_node *note) {
  recto_node *n = recto_node_first_child(note);
  while (n && !recto_node_is_inline(recto_node_type_of(n)) &&
         recto_node_first_child(n) &&
         recto_node_type_of(n) != RECTO_NODE_TABLE)
    n = recto_node_first_child(n);
  while (n && recto_node_type_of(n) == RECTO_NODE_TEXT) {
    const char *s = recto_node_text(n);
    size_t len = recto_node_text_len(n), k = 0;
    while (k < len && (s[k] == ' ' || s[k] == '[' || s[k] == ']' ||
                       s[k] == '(' || s[k] == ')'))
      k++;
    if (k < len) {
      if (k)
        recto_node_set_text(n, s + k, len - k);
      return;
    }
    recto_node *next = recto_node_next(n);
    recto_node_unlink(n);
    n = next;
  }
}

static void S_note_ref(hm_conv *c, xmlNode *a, recto_node *parent) {
  const S_mark *m = a->_private;
  const S_mark *bm = S_map_get(&c->ids, m->target);
  xmlNode *body = bm->el;
  S_note *note = bm->note;
  const char *marker = S_marker(c, a);
  if (note->made) {
    /* another reference to a note already made */
    recto_node *ref = S_new(c, RECTO_NODE_NOTE_REF, a);
    recto_node_set_marker(ref, recto_node_marker(note->made));
    recto_node_append(parent, ref);
    c->space = 0;
    return;
  }
  recto_node *n = S_new(c, RECTO_NODE_NOTE, a);
  recto_node_set_marker(n, *marker ? marker : "*");
  note->made = n;
  c->notes_made++;
  const char *was_base = c->base;
  int was_plain = c->para_plain;
  c->base = note->base;
  c->para_plain = 0;
  S_lang_dir(body, n); /* not its id: only back-links point there */
  S_blocks(c, body->children, n);
  /* later references need only the body's mark: its content is freed,
     but for a note body in it (met at its own reference) */
  for (xmlNode *k = body->children, *next; k; k = next) {
    next = k->next;
    if (!(S_flags(k) & (F_NOTE | F_HOLDS)))
      xr_free_converted(k);
  }
  /* a rule that set the note apart from the text is not part of it */
  recto_node *first = recto_node_first_child(n);
  if (first && recto_node_type_of(first) == RECTO_NODE_THEMATIC_BREAK)
    recto_node_unlink(first);
  S_trim_note_start(n);
  c->base = was_base;
  c->space = 0; /* the marker stood here */
  c->para_plain = was_plain;
  recto_node_append(parent, n);
}

/* ---- citations and bibliographies ---- */

static int S_hexval(int ch) {
  return ch >= '0' && ch <= '9'   ? ch - '0'
         : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
         : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                                  : -1;
}

/* The key of an entry from its id: recto writes "ref-" and the key, its
   other characters as _XXXX (recto_bib_xml_id); other ids are keys. */
static const char *S_entry_key(hm_conv *c, const char *id) {
  if (strncmp(id, "ref-", 4) != 0 || !id[4])
    return recto_strdup(c->doc, id);
  recto_buf b = RECTO_BUF_INIT;
  for (const char *p = id + 4; *p; p++) {
    int h[4];
    if (*p == '_' && (h[0] = S_hexval(p[1])) >= 0 &&
        (h[1] = S_hexval(p[2])) >= 0 && (h[2] = S_hexval(p[3])) >= 0 &&
        (h[3] = S_hexval(p[4])) >= 0) {
      char u[4];
      int n = recto_utf8_encode((uint32_t)(h[0] << 12 | h[1] << 8 |
                                           h[2] << 4 | h[3]), u);
      recto_buf_put(&b, u, n > 0 ? (size_t)n : 0);
      p += 4;
    } else {
      recto_buf_putc(&b, *p);
    }
  }
  const char *key = recto_strndup(c->doc, b.data ? b.data : "", b.len);
  recto_buf_free(&b);
  return key;
}

static void S_cite_item(hm_conv *c, recto_node *cite, const xmlNode *a) {
  const S_mark *m = a->_private;
  const char *hash = m && m->target ? strchr(m->target, '#') : NULL;
  recto_cite_item *item = recto_cite_add_item(cite);
  item->key = S_entry_key(c, hash ? hash + 1 : "");
}

/* Items of the biblioref links under e, in order. */
static void S_cite_items(hm_conv *c, recto_node *cite, const xmlNode *e,
                         int depth) {
  for (const xmlNode *n = e->children; n && depth < S_MAX_DEPTH; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    if (S_is(n, "a") && hm_has_semantic(n, "biblioref"))
      S_cite_item(c, cite, n);
    else
      S_cite_items(c, cite, n, depth + 1);
  }
}

/* A citation no entry resolved is written as its source syntax
   ("[@doe99, p. 3]"): its keys are the words after '@'. */
static void S_cite_keys(hm_conv *c, recto_node *cite, const xmlNode *e) {
  char *t = S_content(e);
  for (const char *p = t ? t : ""; (p = strchr(p, '@')) != NULL;) {
    p++;
    size_t n = 0;
    while (p[n] && ((unsigned char)p[n] >= 0x80 ||
                    strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWX"
                           "YZ0123456789_:.#$%&-+?<>~/", p[n])))
      n++;
    while (n && strchr(":.#$%&-+?<>~/", p[n - 1])) /* trailing punctuation */
      n--;
    if (n) {
      recto_cite_item *item = recto_cite_add_item(cite);
      item->key = recto_strndup(c->doc, p, n);
    }
    p += n;
  }
  xmlFree(t);
}

/* pandoc's citeproc writes its entries as div.csl-entry */
static int S_is_entry(const xmlNode *e) {
  return hm_has_semantic(e, "biblioentry") || S_has_class(e, "biblioentry") ||
         S_has_class(e, "csl-entry") || S_is(e, "li");
}

/* The text of an entry, its back-links left out. */
static void S_entry_text(const xmlNode *e, recto_buf *out, int depth) {
  for (const xmlNode *n = e->children; n && depth < S_MAX_DEPTH; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      for (const xmlChar *p = n->content; p && *p; p++) {
        if (S_ws(*p)) {
          if (out->len && out->data[out->len - 1] != ' ')
            recto_buf_putc(out, ' ');
        } else {
          recto_buf_putc(out, *p);
        }
      }
    } else if (n->type == XML_ELEMENT_NODE &&
               !(S_is(n, "a") && hm_has_semantic(n, "backlink")) &&
               S_kind_of(n) != K_IGNORE) {
      S_entry_text(n, out, depth + 1);
    }
  }
}

static void S_entry(hm_conv *c, const xmlNode *e, recto_node *bib) {
  recto_buf text = RECTO_BUF_INIT;
  S_entry_text(e, &text, 0);
  size_t start = 0, len = text.len;
  while (start < len && text.data[start] == ' ')
    start++;
  while (len > start && text.data[len - 1] == ' ')
    len--;
  if (len == start) {
    recto_buf_free(&text);
    return;
  }
  recto_bib_entry *entry = recto_bib_entry_new(c->doc);
  entry->raw = recto_strndup(c->doc, text.data + start, len - start);
  recto_buf_free(&text);
  char *id = hm_attr(e, "id");
  if (id && *id) {
    entry->id = S_entry_key(c, id);
  } else {
    char buf[32];
    snprintf(buf, sizeof buf, "entry-%zu", ++c->entries);
    entry->id = recto_strdup(c->doc, buf);
  }
  xmlFree(id);
  entry->pos = S_pos(e);
  char *lang = hm_attr(e, "lang");
  if (lang && *lang)
    entry->language = recto_strdup(c->doc, lang);
  xmlFree(lang);
  char *dir = hm_attr(e, "dir");
  entry->dir = S_dir_from(dir);
  xmlFree(dir);
  recto_node *n = S_new(c, RECTO_NODE_BIB_ENTRY, e);
  recto_node_set_bib_entry(n, entry);
  recto_node_append(bib, n);
}

static int S_is_heading(const xmlNode *e) {
  return S_kind_of(e) == K_HEADING;
}

static recto_node *S_heading(hm_conv *c, xmlNode *e) {
  recto_node *h = S_new(c, RECTO_NODE_HEADING, e);
  recto_node_set_level(h, e->name[1] - '0');
  S_common(c, e, h, 1);
  c->space = 1;
  S_inlines(c, e->children, h);
  S_trim_end(h);
  return h;
}

/* A bibliography: its heading and entries; a part with a heading of its
   own (a bibliodiv) is a bibliography of its own; anything else is
   converted as blocks, so that nothing is lost. */
static void S_bibliography(hm_conv *c, xmlNode *e, recto_node *parent,
                           int depth) {
  recto_node *bib = S_new(c, RECTO_NODE_BIBLIOGRAPHY, e);
  S_common(c, e, bib, 0);
  int entries = 0, heading = 0;
  for (xmlNode *n = e->children; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    S_kind k = S_kind_of(n);
    if (k == K_IGNORE || (S_is(n, "a") && hm_has_semantic(n, "backlink")))
      continue;
    if (S_is_heading(n)) {
      if (heading || entries) {
        recto_node_append(parent, bib);
        bib = S_new(c, RECTO_NODE_BIBLIOGRAPHY, n);
        entries = 0;
      }
      recto_node_append(bib, S_heading(c, n));
      heading = 1;
    } else if (S_is_entry(n) || S_is(n, "p")) {
      S_entry(c, n, bib);
      entries++;
    } else if (k == K_LIST || k == K_DLIST) {
      for (xmlNode *li = n->children; li; li = li->next)
        if (li->type == XML_ELEMENT_NODE) {
          S_entry(c, li, bib);
          entries++;
        }
    } else if ((k == K_SECTION || k == K_BLOCK) && depth < S_MAX_DEPTH) {
      if (heading || entries)
        recto_node_append(parent, bib);
      S_bibliography(c, n, parent, depth + 1);
      bib = S_new(c, RECTO_NODE_BIBLIOGRAPHY, n);
      heading = entries = 0;
    } else {
      /* a logo, a note: content all the same */
      if (heading || entries)
        recto_node_append(parent, bib);
      xmlNode *next = n->next;
      n->next = NULL;
      S_blocks(c, n, parent);
      n->next = next;
      bib = S_new(c, RECTO_NODE_BIBLIOGRAPHY, n);
      heading = entries = 0;
    }
  }
  if (!entries && heading) {
    /* a heading over bibliographies of its own: a heading */
    recto_node *h = recto_node_first_child(bib);
    recto_node_unlink(h);
    recto_node_append(parent, h);
  } else if (entries) {
    recto_node_append(parent, bib);
  }
}

/* ---- page breaks ---- */

static void S_page_break(hm_conv *c, const xmlNode *e, recto_node *parent) {
  char *label = hm_attr(e, "aria-label");
  if (!label || !*label) {
    xmlFree(label);
    label = hm_attr(e, "title");
  }
  if (!label || !*label) {
    xmlFree(label);
    label = S_content(e);
  }
  char *s = label;
  while (s && S_ws((unsigned char)*s))
    s++;
  size_t len = s ? strlen(s) : 0;
  while (len && S_ws((unsigned char)s[len - 1]))
    len--;
  char *src = hm_attr(e, "data-page-source");
  char *head = hm_attr(e, "data-running-head");
  char *foot = hm_attr(e, "data-running-foot");
  recto_page_source source = src ? recto_page_source_from_name(src)
                                 : RECTO_PAGE_SOURCE_EXPLICIT;
  recto_node *pb = S_new(c, RECTO_NODE_PAGE_BREAK, e);
  recto_page_set(pb, len ? recto_strndup(c->doc, s, len) : NULL,
                 source == RECTO_PAGE_SOURCE_UNKNOWN && !src
                     ? RECTO_PAGE_SOURCE_EXPLICIT
                     : source,
                 head, foot);
  xmlFree(label);
  xmlFree(src);
  xmlFree(head);
  xmlFree(foot);
  recto_node_append(parent, pb);
}

/* ---- inlines ---- */

static int S_bad_scheme(const char *url) {
  while (*url && S_ws((unsigned char)*url))
    url++;
  return strncasecmp(url, "javascript:", 11) == 0 ||
         strncasecmp(url, "vbscript:", 9) == 0 ||
         strncasecmp(url, "data:text/html", 14) == 0;
}

static void S_fix_later(hm_conv *c, recto_node *link, const char *key) {
  S_grow(&c->fix, &c->capfix, c->nfix, sizeof *c->fix);
  c->fix[c->nfix].node = link;
  c->fix[c->nfix].key = key;
  c->nfix++;
}

static void S_anchor(hm_conv *c, xmlNode *e, recto_node *parent) {
  unsigned flags = S_flags(e);
  if (flags & F_NOTEREF) {
    S_note_ref(c, e, parent);
    return;
  }
  if (flags & F_BACKLINK)
    return;
  if (hm_has_semantic(e, "pagebreak")) {
    S_page_break(c, e, parent);
    return;
  }
  if (hm_has_semantic(e, "biblioref")) {
    recto_node *cite = S_new(c, RECTO_NODE_CITE, e);
    S_cite_item(c, cite, e);
    S_inlines(c, e->children, cite);
    recto_node_append(parent, cite);
    return;
  }
  char *href = hm_attr(e, "href");
  if (!href || S_bad_scheme(href)) {
    /* an anchor, or a link that only runs a script: its text stays */
    const char *id = S_final_id(c, e);
    if (id) {
      recto_node *span = S_new(c, RECTO_NODE_SPAN, e);
      S_common(c, e, span, 0);
      S_inlines(c, e->children, span);
      recto_node_append(parent, span);
    } else {
      S_inlines(c, e->children, parent);
    }
    xmlFree(href);
    return;
  }
  recto_node *link = S_new(c, RECTO_NODE_LINK, e);
  S_common(c, e, link, 1);
  const S_mark *m = e->_private;
  const char *key = m && m->target ? m->target : S_target(c, c->base, href);
  if (key && (strchr(key, '#') || S_map_get(&c->bases, key))) {
    recto_node_set_url(link, href);
    S_fix_later(c, link, key);
  } else {
    recto_node_set_url(link, href);
  }
  char *title = hm_attr(e, "title");
  if (title && *title)
    recto_node_set_title(link, title);
  xmlFree(title);
  xmlFree(href);
  S_inlines(c, e->children, link);
  recto_node_append(parent, link);
}

static void S_image(hm_conv *c, xmlNode *e, recto_node *parent) {
  char *src = hm_attr(e, "src");
  recto_node *img = S_new(c, RECTO_NODE_IMAGE, e);
  S_common(c, e, img, 1);
  if (src && !S_bad_scheme(src)) {
    if (c->base) {
      /* inside a container: the entry it names */
      char *entry = zipin_resolve(c->base, src);
      recto_node_set_url(img, entry ? entry : src);
      free(entry);
    } else {
      recto_node_set_url(img, src);
    }
  }
  xmlFree(src);
  char *alt = hm_attr(e, "alt");
  if (alt && *alt) {
    int was = c->space;
    c->space = 0;
    S_text(c, e, alt, img);
    c->space = was;
  }
  xmlFree(alt);
  char *title = hm_attr(e, "title");
  if (title && *title)
    recto_node_set_title(img, title);
  xmlFree(title);
  recto_node_append(parent, img);
  c->space = 0;
}

/* Ids inside an element whose content becomes one string (code) are
   kept as empty spans before it, so that links to them still land. */
static void S_inner_anchors(hm_conv *c, const xmlNode *e, recto_node *parent,
                            int depth) {
  for (const xmlNode *n = e->children; n && depth < S_MAX_DEPTH;
       n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    const char *id = S_final_id(c, n);
    if (id) {
      recto_node *span = S_new(c, RECTO_NODE_SPAN, n);
      recto_node_set_id(span, id);
      recto_node_append(parent, span);
    }
    S_inner_anchors(c, n, parent, depth + 1);
  }
}

static void S_code(hm_conv *c, xmlNode *e, recto_node *parent) {
  S_inner_anchors(c, e, parent, 0);
  char *t = S_content(e);
  recto_node *code = S_new(c, RECTO_NODE_CODE, e);
  S_common(c, e, code, 1);
  const char *name = (const char *)e->name;
  if (strcasecmp(name, "code") != 0 && strcasecmp(name, "tt") != 0)
    recto_node_add_class(code, name);
  recto_node_set_text(code, t ? t : "", t ? strlen(t) : 0);
  xmlFree(t);
  recto_node_append(parent, code);
  c->space = 0;
}

static void S_math(hm_conv *c, xmlNode *e, recto_node *parent) {
  char *alt = hm_attr(e, "alttext");
  char *t = alt && *alt ? alt : S_content(e);
  recto_node *m = S_new(c, RECTO_NODE_MATH, e);
  S_common(c, e, m, 0);
  char *display = hm_attr(e, "display");
  recto_node_set_math_display(m, display && strcmp(display, "block") == 0);
  xmlFree(display);
  recto_node_set_text(m, t ? t : "", t ? strlen(t) : 0);
  if (t != alt)
    xmlFree(t);
  xmlFree(alt);
  recto_node_append(parent, m);
  c->space = 0;
}

/* span.math written by recto: "\(x\)" back to MATH. */
static int S_recto_math(hm_conv *c, xmlNode *e, recto_node *parent) {
  if (!S_has_class(e, "math"))
    return 0;
  char *t = S_content(e);
  size_t len = t ? strlen(t) : 0;
  int display = S_has_class(e, "display");
  if (len < 4 || t[0] != '\\' || t[1] != (display ? '[' : '(')) {
    xmlFree(t);
    return 0;
  }
  recto_node *m = S_new(c, RECTO_NODE_MATH, e);
  recto_node_set_math_display(m, display);
  recto_node_set_text(m, t + 2, len - 4);
  xmlFree(t);
  recto_node_append(parent, m);
  c->space = 0;
  return 1;
}

static void S_span(hm_conv *c, xmlNode *e, recto_node *parent) {
  if (hm_has_semantic(e, "pagebreak")) {
    S_page_break(c, e, parent);
    return;
  }
  if (S_recto_math(c, e, parent))
    return;
  if (S_has_class(e, "citation")) {
    recto_node *cite = S_new(c, RECTO_NODE_CITE, e);
    S_cite_items(c, cite, e, 0);
    if (!recto_cite_count(cite))
      S_cite_keys(c, cite, e);
    if (recto_cite_count(cite)) {
      /* the text as written: the links inside are its items */
      for (xmlNode *n = e->children; n; n = n->next)
        if (S_is(n, "a") && hm_has_semantic(n, "biblioref"))
          S_inlines(c, n->children, cite);
        else
          S_inline(c, n, cite);
      recto_node_append(parent, cite);
      return;
    }
  }
  int smallcaps = S_is(e, "span") && S_has_class(e, "smallcaps");
  recto_node *n =
      S_new(c, smallcaps ? RECTO_NODE_SMALLCAPS : RECTO_NODE_SPAN, e);
  S_common(c, e, n, 1);
  if (smallcaps) {
    recto_node_set_classes(n, "");
  } else {
    if (!S_is(e, "span"))
      recto_node_add_class(n, (const char *)e->name);
    char *title = hm_attr(e, "title");
    if (title && *title)
      recto_node_set_attr(n, "title", title);
    xmlFree(title);
  }
  S_inlines(c, e->children, n);
  /* a span that says nothing is its content */
  if (!smallcaps && !recto_node_id(n) && !*recto_node_classes(n) &&
      !recto_node_lang(n) && recto_node_dir(n) == RECTO_DIR_UNSET &&
      !recto_node_attr_count(n)) {
    recto_node *child;
    while ((child = recto_node_first_child(n)) != NULL) {
      recto_node_unlink(child);
      recto_node_append(parent, child);
    }
    return;
  }
  recto_node_append(parent, n);
}

/* A page a page list starts at this element: the break before it. */
static void S_page_start(hm_conv *c, xmlNode *e, recto_node *parent) {
  S_mark *m = e->_private;
  recto_node *pb = S_new(c, RECTO_NODE_PAGE_BREAK, e);
  recto_page_set(pb, m->page, RECTO_PAGE_SOURCE_EXPLICIT, NULL, NULL);
  recto_node_append(parent, pb);
  m->flags &= ~(unsigned)F_PAGE; /* once, however often it is walked */
}

static void S_inline(hm_conv *c, xmlNode *e, recto_node *parent) {
  if (S_flags(e) & F_PAGE)
    S_page_start(c, e, parent);
  if (e->type == XML_TEXT_NODE || e->type == XML_CDATA_SECTION_NODE) {
    if (e->content)
      S_text(c, e, (const char *)e->content, parent);
    return;
  }
  if (e->type == XML_ENTITY_REF_NODE) {
    S_inlines(c, e->children, parent);
    return;
  }
  if (e->type != XML_ELEMENT_NODE)
    return;
  if (c->depth > S_MAX_DEPTH) {
    S_too_deep(c, e);
    return;
  }
  if (S_flags(e) & F_NOTE)
    return; /* taken into the note at its reference */
  c->depth++;
  const S_elem *el = S_lookup(e);
  S_kind k = el ? el->kind : K_UNKNOWN;
  switch (k) {
  case K_IGNORE:
    break;
  case K_INLINE: {
    recto_node *n = S_new(c, el->type, e);
    S_common(c, e, n, 1);
    S_inlines(c, e->children, n);
    recto_node_append(parent, n);
    break;
  }
  case K_QUOTE: {
    recto_node *n = S_new(c, RECTO_NODE_QUOTED, e);
    S_common(c, e, n, 1);
    S_inlines(c, e->children, n);
    recto_node_append(parent, n);
    break;
  }
  case K_CODE:
    S_code(c, e, parent);
    break;
  case K_LINK:
    S_anchor(c, e, parent);
    break;
  case K_IMAGE:
    S_image(c, e, parent);
    break;
  case K_BR:
    recto_node_append(parent, S_new(c, RECTO_NODE_LINE_BREAK, e));
    c->space = 1;
    break;
  case K_MATH:
    S_math(c, e, parent);
    break;
  case K_SPAN:
    S_span(c, e, parent);
    break;
  case K_UNKNOWN: {
    recto_node *n = S_new(c, RECTO_NODE_SPAN, e);
    S_common(c, e, n, 1);
    recto_node_add_class(n, (const char *)e->name);
    S_inlines(c, e->children, n);
    recto_node_append(parent, n);
    break;
  }
  default:
    /* a block where only inlines may stand: its content, spaced */
    if (hm_has_semantic(e, "pagebreak")) {
      S_page_break(c, e, parent);
      break;
    }
    if (!c->space && recto_node_last_child(parent)) {
      recto_node_append(parent, recto_node_new_text(c->doc, " ", 1));
      c->space = 1;
    }
    S_inlines(c, e->children, parent);
    break;
  }
  c->depth--;
}

static void S_inlines(hm_conv *c, xmlNode *first, recto_node *parent) {
  for (xmlNode *n = first; n && !c->failed; n = n->next)
    S_inline(c, n, parent);
}

/* ---- blocks ---- */

/* The paragraph that gathers loose inlines, made when first needed. */
typedef struct S_loose {
  recto_node *para;
} S_loose;

/* A span of a language or direction around all of a block's text is
   the block's (writers isolate the text of a list item so, leaving the
   item's marker where it was). */
static void S_hoist(recto_node *block) {
  recto_node *span = recto_node_first_child(block);
  if (!span || recto_node_next(span) ||
      recto_node_type_of(span) != RECTO_NODE_SPAN || recto_node_id(span) ||
      *recto_node_classes(span) || recto_node_attr_count(span) ||
      recto_node_lang(block) || recto_node_dir(block) != RECTO_DIR_UNSET)
    return;
  recto_node_set_lang(block, recto_node_lang(span));
  recto_node_set_dir(block, recto_node_dir(span));
  recto_node *child;
  while ((child = recto_node_first_child(span)) != NULL) {
    recto_node_unlink(child);
    recto_node_append(block, child);
  }
  recto_node_unlink(span);
}

static void S_loose_close(hm_conv *c, S_loose *l, recto_node *parent) {
  if (!l->para)
    return;
  S_trim_end(l->para);
  S_hoist(l->para);
  if (recto_node_first_child(l->para)) {
    recto_node_append(parent, l->para);
    S_doc_start(c, l->para);
  }
  l->para = NULL;
}

static void S_list(hm_conv *c, xmlNode *e, recto_node *parent) {
  recto_node *list = S_new(c, RECTO_NODE_LIST, e);
  S_common(c, e, list, 1);
  int ordered = S_is(e, "ol");
  recto_list_set_kind(list, ordered ? RECTO_LIST_ORDERED : RECTO_LIST_BULLET);
  if (ordered) {
    char *start = hm_attr(e, "start");
    if (start && *start)
      recto_list_set_start(list, atoi(start));
    xmlFree(start);
    static const struct {
      const char *type, *cls;
      recto_list_style style;
    } styles[] = {
        {NULL, "list-decimal", RECTO_LIST_STYLE_DECIMAL}, /* "1": default */
        {"a", "list-lower-alpha", RECTO_LIST_STYLE_LOWER_ALPHA},
        {"A", "list-upper-alpha", RECTO_LIST_STYLE_UPPER_ALPHA},
        {"i", "list-lower-roman", RECTO_LIST_STYLE_LOWER_ROMAN},
        {"I", "list-upper-roman", RECTO_LIST_STYLE_UPPER_ROMAN},
        {NULL, "list-arabic-indic", RECTO_LIST_STYLE_ARABIC_INDIC},
        {NULL, "list-persian", RECTO_LIST_STYLE_PERSIAN},
    };
    char *type = hm_attr(e, "type");
    for (size_t k = 0; k < sizeof styles / sizeof styles[0]; k++)
      if ((type && styles[k].type && strcmp(type, styles[k].type) == 0) ||
          S_has_class(e, styles[k].cls)) {
        recto_list_set_style(list, styles[k].style);
        /* the class said it: not a class of the model */
        char *cls = hm_attr(e, "class");
        if (cls && S_word_in(cls, styles[k].cls, 0))
          recto_node_set_classes(list, "");
        xmlFree(cls);
      }
    xmlFree(type);
  }
  int tight = 1;
  recto_node *item = NULL;
  for (xmlNode *n = e->children; n && !c->failed; n = n->next) {
    if (S_is(n, "li")) {
      item = S_new(c, RECTO_NODE_ITEM, n);
      S_common(c, n, item, 1);
      int was = c->para_plain;
      c->para_plain = 1;
      S_blocks(c, n->children, item);
      c->para_plain = was;
      for (recto_node *b = recto_node_first_child(item); b;
           b = recto_node_next(b))
        if (recto_node_type_of(b) == RECTO_NODE_PARAGRAPH)
          tight = 0;
      recto_node_append(list, item);
    } else if (n->type == XML_ELEMENT_NODE ||
               (n->type == XML_TEXT_NODE && n->content &&
                n->content[strspn((const char *)n->content, " \t\r\n")])) {
      /* content outside an item belongs to the item before it */
      if (!item) {
        item = S_new(c, RECTO_NODE_ITEM, n);
        recto_node_append(list, item);
      }
      xmlNode *next = n->next;
      n->next = NULL;
      S_blocks(c, n, item);
      n->next = next;
    }
  }
  recto_list_set_tight(list, tight);
  recto_node_append(parent, list);
}

static void S_dlist(hm_conv *c, xmlNode *e, recto_node *list,
                    recto_node **item, int depth) {
  for (xmlNode *n = e->children; n && !c->failed; n = n->next) {
    if (S_is(n, "dt")) {
      *item = S_new(c, RECTO_NODE_DEF_ITEM, n);
      recto_node_append(list, *item);
      recto_node *term = S_new(c, RECTO_NODE_TERM, n);
      S_common(c, n, term, 1);
      c->space = 1;
      S_inlines(c, n->children, term);
      S_trim_end(term);
      recto_node_append(*item, term);
    } else if (S_is(n, "dd")) {
      if (!*item) {
        *item = S_new(c, RECTO_NODE_DEF_ITEM, n);
        recto_node_append(list, *item);
        recto_node_append(*item, S_new(c, RECTO_NODE_TERM, n));
      }
      recto_node *def = S_new(c, RECTO_NODE_DEF, n);
      S_common(c, n, def, 1);
      int was = c->para_plain;
      c->para_plain = 1;
      S_blocks(c, n->children, def);
      c->para_plain = was;
      recto_node_append(*item, def);
    } else if (S_is(n, "div") && depth < S_MAX_DEPTH) {
      S_dlist(c, n, list, item, depth + 1); /* a group of dt and dd */
    }
  }
}

static recto_align S_align(const xmlNode *e) {
  char *a = hm_attr(e, "align");
  char *style = hm_attr(e, "style");
  recto_align r = RECTO_ALIGN_DEFAULT;
  const char *v = a;
  const char *ta = style ? strstr(style, "text-align:") : NULL;
  if (!v && ta) {
    v = ta + 11;
    while (*v == ' ')
      v++;
  }
  if (v && strncasecmp(v, "left", 4) == 0)
    r = RECTO_ALIGN_LEFT;
  else if (v && strncasecmp(v, "center", 6) == 0)
    r = RECTO_ALIGN_CENTER;
  else if (v && strncasecmp(v, "right", 5) == 0)
    r = RECTO_ALIGN_RIGHT;
  else if (S_has_class(e, "align-left"))
    r = RECTO_ALIGN_LEFT;
  else if (S_has_class(e, "align-center"))
    r = RECTO_ALIGN_CENTER;
  else if (S_has_class(e, "align-right"))
    r = RECTO_ALIGN_RIGHT;
  xmlFree(a);
  xmlFree(style);
  return r;
}

static int S_span_attr(const xmlNode *e, const char *name) {
  char *v = hm_attr(e, name);
  int n = v ? atoi(v) : 1;
  xmlFree(v);
  return n < 1 ? 1 : n > 1000 ? 1000 : n;
}

static void S_row(hm_conv *c, xmlNode *tr, recto_node *part, size_t *cols) {
  recto_node *row = S_new(c, RECTO_NODE_ROW, tr);
  S_common(c, tr, row, 1);
  size_t width = 0;
  for (xmlNode *n = tr->children; n && !c->failed; n = n->next) {
    if (!S_is(n, "td") && !S_is(n, "th"))
      continue;
    recto_node *cell = S_new(c, RECTO_NODE_CELL, n);
    S_common(c, n, cell, 1);
    /* the classes recto writes for alignment are not the model's */
    const char *cls = recto_node_classes(cell);
    if (cls && strncmp(cls, "align-", 6) == 0 && !strchr(cls, ' '))
      recto_node_set_classes(cell, "");
    int cs = S_span_attr(n, "colspan");
    recto_cell_set(cell, S_span_attr(n, "rowspan"), cs, S_align(n));
    width += (size_t)cs;
    int was = c->para_plain;
    c->para_plain = 1;
    S_blocks(c, n->children, cell);
    c->para_plain = was;
    recto_node_append(row, cell);
  }
  if (width > *cols)
    *cols = width;
  recto_node_append(part, row);
}

/* An alignment every cell of a column shares is the column's (HTML has
   no column alignment that readers honour, so writers put it on each
   cell).  Tables with spans keep their cells' alignments. */
static void S_column_aligns(recto_node *table, size_t cols) {
  if (!cols || cols > 1000)
    return;
  recto_align *common = calloc(cols, sizeof *common);
  if (!common)
    recto_out_of_memory();
  int uniform = 1, first = 1;
  for (int pass = 0; pass < 2 && uniform; pass++) {
    for (recto_node *part = recto_node_first_child(table); part;
         part = recto_node_next(part)) {
      if (recto_node_type_of(part) == RECTO_NODE_CAPTION)
        continue;
      for (recto_node *row = recto_node_first_child(part); row;
           row = recto_node_next(row)) {
        size_t k = 0;
        for (recto_node *cell = recto_node_first_child(row); cell;
             cell = recto_node_next(cell), k++) {
          if (k >= cols || recto_cell_colspan(cell) > 1 ||
              recto_cell_rowspan(cell) > 1) {
            uniform = 0;
            break;
          }
          recto_align a = recto_cell_align(cell);
          if (pass == 0 && first)
            common[k] = a;
          else if (pass == 0 && common[k] != a)
            uniform = 0;
          else if (pass == 1)
            recto_cell_set(cell, 1, 1, RECTO_ALIGN_DEFAULT);
        }
        if (pass == 0 && k == cols)
          first = 0;
        else if (pass == 0)
          uniform = 0;
      }
    }
  }
  if (uniform)
    for (size_t k = 0; k < cols; k++)
      recto_table_set_column(table, k, common[k], 0);
  free(common);
}

/* A <col>'s relative width, as a fraction: "width: 28%" in its style (what
   the EPUB writer writes) or width="28%"; 0 when none is given so. */
static double S_col_width(const xmlNode *col) {
  double w = 0;
  char *v = hm_attr(col, "style");
  const char *p = v ? strstr(v, "width") : NULL;
  if (p) {
    p += 5;
    while (*p == ' ' || *p == ':')
      p++;
  } else {
    xmlFree(v);
    p = v = hm_attr(col, "width");
  }
  char *end;
  double pct = p ? strtod(p, &end) : 0;
  if (p && end != p && *end == '%' && pct > 0 && pct <= 100)
    w = pct / 100;
  xmlFree(v);
  return w;
}

/* The widths its <col>s (in <colgroup>s or not) give a table's columns. */
static void S_column_widths(xmlNode *e, recto_node *table, size_t cols) {
  size_t k = 0;
  for (xmlNode *n = e->children; n; n = n->next) {
    int group = S_is(n, "colgroup");
    for (xmlNode *col = group ? n->children : n; col;
         col = group ? col->next : NULL) {
      if (!S_is(col, "col") || k >= cols)
        continue;
      double w = S_col_width(col);
      if (w > 0)
        recto_table_set_column(table, k, recto_table_column_align(table, k),
                               w);
      k++;
    }
  }
}

static void S_table(hm_conv *c, xmlNode *e, recto_node *parent) {
  recto_node *table = S_new(c, RECTO_NODE_TABLE, e);
  S_common(c, e, table, 1);
  recto_node *body = NULL, *foot = NULL;
  size_t cols = 0;
  for (xmlNode *n = e->children; n && !c->failed; n = n->next) {
    if (S_is(n, "caption")) {
      recto_node *cap = S_new(c, RECTO_NODE_CAPTION, n);
      S_common(c, n, cap, 1);
      int was = c->para_plain;
      c->para_plain = 1;
      S_blocks(c, n->children, cap);
      c->para_plain = was;
      recto_node_prepend(table, cap);
    } else if (S_is(n, "thead") || S_is(n, "tbody") || S_is(n, "tfoot")) {
      recto_node_type t = S_is(n, "thead")   ? RECTO_NODE_TABLE_HEAD
                          : S_is(n, "tfoot") ? RECTO_NODE_TABLE_FOOT
                                             : RECTO_NODE_TABLE_BODY;
      recto_node *part = S_new(c, t, n);
      S_common(c, n, part, 1);
      for (xmlNode *tr = n->children; tr; tr = tr->next)
        if (S_is(tr, "tr"))
          S_row(c, tr, part, &cols);
      if (t == RECTO_NODE_TABLE_FOOT)
        foot = part;
      else
        recto_node_append(table, part);
      body = NULL;
    } else if (S_is(n, "tr")) {
      if (!body) {
        body = S_new(c, RECTO_NODE_TABLE_BODY, n);
        recto_node_append(table, body);
      }
      S_row(c, n, body, &cols);
    }
  }
  if (foot)
    recto_node_append(table, foot);
  recto_table_set_columns(table, cols);
  S_column_aligns(table, cols);
  S_column_widths(e, table, cols);
  recto_node_append(parent, table);
}

static void S_pre(hm_conv *c, xmlNode *e, recto_node *parent) {
  /* recto writes a table recovered only as lines as pre.table-flat */
  int flat = S_has_class(e, "table-flat");
  recto_node *cb = S_new(c, flat ? RECTO_NODE_TABLE_FLAT
                                 : RECTO_NODE_CODE_BLOCK, e);
  S_common(c, e, cb, 1);
  if (flat)
    recto_node_set_classes(cb, "");
  char *t = S_content(e);
  const char *s = t ? t : "";
  if (*s == '\n') /* HTML drops a newline right after <pre> */
    s++;
  size_t len = strlen(s);
  if (len && s[len - 1] == '\n')
    len--;
  recto_node_set_text(cb, s, len);
  xmlFree(t);
  /* the language, from <code class="language-x"> inside or on <pre> */
  xmlNode *code = e->children;
  while (code && code->type != XML_ELEMENT_NODE)
    code = code->next;
  char *cls = hm_attr(code && S_is(code, "code") ? code : e, "class");
  const char *lang = cls ? strstr(cls, "language-") : NULL;
  if (lang) {
    lang += 9;
    recto_node_set_info(cb, recto_strndup(c->doc, lang, strcspn(lang, " ")));
  }
  xmlFree(cls);
  const char *classes = recto_node_classes(cb);
  if (lang && classes && strstr(classes, "language-"))
    recto_node_set_classes(cb, "");
  recto_node_append(parent, cb);
}

/* recto's line blocks: div.line-block of div.line. */
static int S_line_block(hm_conv *c, xmlNode *e, recto_node *parent) {
  if (!S_is(e, "div") || !S_has_class(e, "line-block"))
    return 0;
  recto_node *lb = S_new(c, RECTO_NODE_LINE_BLOCK, e);
  S_common(c, e, lb, 0);
  for (xmlNode *n = e->children; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    recto_node *line = S_new(c, RECTO_NODE_LINE, n);
    S_common(c, n, line, 0);
    c->space = 0;
    S_inlines(c, n->children, line);
    recto_node_append(lb, line);
  }
  recto_node_append(parent, lb);
  return 1;
}

/* A container: a DIV, or its content when it says nothing of its own. */
static void S_container(hm_conv *c, xmlNode *e, const S_elem *el,
                        recto_node *parent) {
  if (el && el->kind == K_SECTION && !S_says_something(e)) {
    S_blocks(c, e->children, parent);
    return;
  }
  recto_node_type t = el && el->kind == K_BLOCK ? el->type : RECTO_NODE_DIV;
  recto_node *n = S_new(c, t, e);
  S_common(c, e, n, 1);
  if (!el || (el->kind == K_SECTION && !S_is(e, "body")))
    recto_node_add_class(n, (const char *)e->name);
  if (t == RECTO_NODE_FIGURE) {
    for (xmlNode *k = e->children; k; k = k->next)
      if (S_is(k, "figcaption")) {
        recto_node *cap = S_new(c, RECTO_NODE_CAPTION, k);
        S_common(c, k, cap, 1);
        int was = c->para_plain;
        c->para_plain = 1;
        S_blocks(c, k->children, cap);
        c->para_plain = was;
        recto_node_append(n, cap);
      }
  }
  S_doc_start(c, n);
  S_blocks(c, e->children, n);
  recto_node_append(parent, n);
}

/* Text with white space folded, for comparisons. */
static void S_folded(const char *s, recto_buf *out) {
  for (; s && *s; s++) {
    if (S_ws((unsigned char)*s)) {
      if (out->len && out->data[out->len - 1] != ' ')
        recto_buf_putc(out, ' ');
    } else {
      recto_buf_putc(out, *s);
    }
  }
  while (out->len && out->data[out->len - 1] == ' ')
    out->len--;
  recto_buf_putc(out, '\0');
  out->len--;
}

static int S_same_text(const char *a, const char *b) {
  recto_buf fa = RECTO_BUF_INIT, fb = RECTO_BUF_INIT;
  S_folded(a, &fa);
  S_folded(b, &fb);
  int same = fa.len == fb.len && (!fa.len || memcmp(fa.data, fb.data,
                                                    fa.len) == 0);
  recto_buf_free(&fa);
  recto_buf_free(&fb);
  return same;
}

/* Whether t is one of the document's metadata values that a title page
   shows: title, subtitle, date, publisher, an author's name. */
static int S_meta_value(hm_conv *c, const char *t) {
  static const char *const keys[] = {"title", "subtitle", "date",
                                     "publisher", NULL};
  for (const char *const *k = keys; *k; k++)
    if (S_same_text(recto_doc_meta_string(c->doc, *k), t))
      return 1;
  recto_meta *authors = recto_meta_get(recto_doc_meta(c->doc), "author");
  size_t n = authors && recto_meta_kind_of(authors) == RECTO_META_LIST
                 ? recto_meta_count(authors)
                 : 0;
  for (size_t k = 0; k < n; k++) {
    recto_meta *a = recto_meta_at(authors, k, NULL);
    recto_meta *name = recto_meta_kind_of(a) == RECTO_META_MAP
                           ? recto_meta_get(a, "name")
                           : a;
    if (name && S_same_text(recto_meta_string(name), t))
      return 1;
  }
  return 0;
}

/* A title page or an abstract made from the metadata (as recto writes
   them): the metadata has them already, the text would repeat them.  A
   title page with anything else on it is content. */
static int S_from_metadata(hm_conv *c, const xmlNode *e) {
  if (hm_has_semantic(e, "titlepage")) {
    int any = 0;
    for (const xmlNode *n = e->children; n; n = n->next) {
      if (n->type == XML_TEXT_NODE) {
        if (n->content && n->content[strspn((const char *)n->content,
                                            " \t\r\n")])
          return 0;
        continue;
      }
      if (n->type != XML_ELEMENT_NODE)
        continue;
      char *t = S_content(n);
      /* a subtitle (a package has no element for it), a date the
         package could not say: taken from the page */
      static const char *const taken[] = {"subtitle", "date", NULL};
      for (const char *const *k = taken; *k; k++)
        if (S_has_class(n, *k) && !recto_doc_meta_string(c->doc, *k)) {
          recto_buf b = RECTO_BUF_INIT;
          S_folded(t, &b);
          if (b.len)
            recto_doc_meta_set_string(c->doc, *k, b.data);
          recto_buf_free(&b);
        }
      /* the date as printed may be another calendar's than the
         package's (which must be W3C) */
      int ok = (S_is(n, "p") || S_is_heading(n)) &&
               (S_meta_value(c, t) ||
                (S_has_class(n, "date") &&
                 recto_doc_meta_string(c->doc, "date")));
      xmlFree(t);
      if (!ok)
        return 0;
      any = 1;
    }
    return any;
  }
  if (hm_has_semantic(e, "abstract") && S_has_class(e, "abstract")) {
    const char *abstract = recto_doc_meta_string(c->doc, "abstract");
    if (!abstract)
      return 0;
    recto_buf text = RECTO_BUF_INIT;
    for (const xmlNode *n = e->children; n; n = n->next)
      if (n->type == XML_ELEMENT_NODE && !S_is_heading(n)) {
        char *t = S_content(n);
        recto_buf_puts(&text, t ? t : "");
        recto_buf_putc(&text, ' ');
        xmlFree(t);
      }
    int same = S_same_text(text.data, abstract);
    recto_buf_free(&text);
    return same;
  }
  return 0;
}

static void S_block(hm_conv *c, xmlNode *e, const S_elem *el,
                    recto_node *parent) {
  unsigned flags = S_flags(e);
  if (flags & F_NOTE)
    return;
  if (hm_has_semantic(e, "pagebreak")) {
    S_page_break(c, e, parent);
    return;
  }
  if (hm_has_semantic(e, "bibliography")) {
    S_bibliography(c, e, parent, 0);
    return;
  }
  if ((c->settled && S_emptied(e, 0)) ||
      (c->base && S_from_metadata(c, e)))
    return;
  S_kind k = el ? el->kind : K_UNKNOWN;
  switch (k) {
  case K_TEXTBLOCK: {
    recto_node *p = S_new(c, el->type, e);
    S_common(c, e, p, 1);
    c->space = 1;
    S_inlines(c, e->children, p);
    S_trim_end(p);
    S_hoist(p);
    S_doc_start(c, p);
    recto_node_append(parent, p);
    break;
  }
  case K_HEADING: {
    recto_node *h = S_heading(c, e);
    S_doc_start(c, h);
    recto_node_append(parent, h);
    break;
  }
  case K_LIST:
    S_list(c, e, parent);
    break;
  case K_DLIST: {
    recto_node *list = S_new(c, RECTO_NODE_DEF_LIST, e);
    S_common(c, e, list, 1);
    recto_node *item = NULL;
    S_dlist(c, e, list, &item, 0);
    recto_node_append(parent, list);
    break;
  }
  case K_TABLE:
    S_table(c, e, parent);
    break;
  case K_PRE:
    S_pre(c, e, parent);
    break;
  case K_HR:
    recto_node_append(parent, S_new(c, RECTO_NODE_THEMATIC_BREAK, e));
    break;
  default:
    if (S_line_block(c, e, parent))
      break;
    S_container(c, e, el, parent);
    break;
  }
}

/* Whether an element of unknown name holds blocks (then it is a DIV). */
static int S_holds_blocks(const xmlNode *e) {
  for (const xmlNode *n = e->children; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE && S_block_kind(S_kind_of(n)))
      return 1;
  return 0;
}

/* Whether n is text of white space alone. */
static int S_blank(const xmlNode *n) {
  return (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
         (!n->content ||
          !n->content[strspn((const char *)n->content, " \t\r\n\f")]);
}

/* One node of a sequence of blocks: a block, or inline content gathered
   into the loose paragraph. */
static void S_item(hm_conv *c, xmlNode *n, recto_node *parent,
                   S_loose *loose) {
  const S_elem *el = S_lookup(n);
  S_kind k = el ? el->kind : K_UNKNOWN;
  int block = n->type == XML_ELEMENT_NODE &&
              (S_block_kind(k) || (k == K_UNKNOWN && S_holds_blocks(n)) ||
               (S_flags(n) & F_NOTE));
  if (n->type == XML_ELEMENT_NODE && !block && k != K_IGNORE &&
      (hm_has_semantic(n, "pagebreak") && !loose->para)) {
    S_page_break(c, n, parent);
    return;
  }
  if (block) {
    S_loose_close(c, loose, parent);
    if (S_flags(n) & F_PAGE)
      S_page_start(c, n, parent);
    S_block(c, n, el, parent);
    /* a block of the body, converted: nothing looks at it again but
       a note body (and what holds one), met where it is referenced */
    if (n->parent == c->top && !(S_flags(n) & (F_NOTE | F_HOLDS)))
      xr_free_converted(n);
    return;
  }
  if (k == K_IGNORE || n->type == XML_COMMENT_NODE ||
      n->type == XML_PI_NODE)
    return;
  if (!loose->para) {
    /* white space alone between blocks makes no paragraph */
    if (S_blank(n))
      return;
    loose->para = S_new(c,
                        c->para_plain ? RECTO_NODE_PLAIN
                                      : RECTO_NODE_PARAGRAPH,
                        n);
    c->space = 1;
  }
  S_inline(c, n, loose->para);
}

/* Entering a sequence of blocks: 0 when nested too deep. */
static int S_blocks_enter(hm_conv *c, const xmlNode *first) {
  S_settle(c);
  if (c->depth > S_MAX_DEPTH) {
    if (first)
      S_too_deep(c, first);
    return 0;
  }
  c->depth++;
  return 1;
}

static void S_blocks_leave(hm_conv *c, S_loose *loose, recto_node *parent) {
  S_loose_close(c, loose, parent);
  c->depth--;
}

static void S_blocks(hm_conv *c, xmlNode *first, recto_node *parent) {
  if (!S_blocks_enter(c, first))
    return;
  S_loose loose = {NULL};
  for (xmlNode *n = first, *next; n && !c->failed; n = next) {
    next = n->next;
    S_item(c, n, parent, &loose);
  }
  S_blocks_leave(c, &loose, parent);
}

void hm_blocks(hm_conv *c, xmlNode *node, recto_node *parent,
               const char *base) {
  c->base = base ? recto_strdup(c->doc, base) : NULL;
  S_settle(c);
  if (node && hm_has_semantic(node, "bibliography"))
    S_bibliography(c, node, parent, 0); /* <body epub:type=bibliography> */
  else {
    c->top = node;
    S_blocks(c, node ? node->children : NULL, parent);
    c->top = NULL;
  }
}

/* ---- converting while reading ----
 *
 * A note reference comes before its note, which pandoc and others put at
 * the end, and a reference is a note's only when the whole document says
 * so (S_settle).  So the document is read twice.  First the bytes say
 * which ids a note reference may point to (S_note_targets); the first
 * reading scans every block of the body and keeps only those holding such
 * an id, the rest freed as they are scanned (their marks stay, numbered
 * in document order).  The second reading converts each block as it
 * comes, a kept block from the first reading in its place; it stops after
 * the last block it is needed for (notes at the end are not read again).
 * The first reading gives up, with nothing reported, where the tree would
 * not be the one the whole document parses to (the HTML parser takes
 * over) or where the bytes cannot say what a reference points to. */

typedef struct S_seen {
  size_t ordinal; /* of the element among those of the freed blocks */
  S_mark *mark;
} S_seen;

typedef struct S_kept {
  size_t index; /* among the body's children */
  xmlNode *block;
} S_kept;

struct hm_stream {
  hm_conv *c;
  const char *data;
  size_t len;
  xr_stream *first; /* the first reading: the head and the kept blocks */
  xmlNode *body;
  S_map targets; /* keys a note reference may point to */
  S_seen *seen;
  size_t nseen, capseen;
  S_kept *kept; /* in order; the idle ones only after the last needed */
  size_t nkept, capkept;
  size_t reread; /* children the second reading reads (to the last
                    needed) */
};

/* The node after n in document order within top, not entering what
   is not an element (an entity reference's content is shared). */
static xmlNode *S_after(const xmlNode *top, xmlNode *n) {
  if (n->type == XML_ELEMENT_NODE && n->children)
    return n->children;
  while (n != top && !n->next)
    n = n->parent;
  return n == top ? NULL : n->next;
}

static int S_has_word(const char *s, size_t len, const char *word) {
  size_t n = strlen(word);
  for (size_t i = 0; i + n <= len; i++)
    if ((s[i] | 0x20) == word[0] && strncasecmp(s + i, word, n) == 0)
      return 1;
  return 0;
}

/* Whether the name [s, s + len) is name once its prefix is dropped. */
static int S_local_is(const char *s, size_t len, const char *name) {
  const char *colon = memrchr(s, ':', len);
  if (colon) {
    len -= (size_t)(colon + 1 - s);
    s = colon + 1;
  }
  return len == strlen(name) && strncasecmp(s, name, len) == 0;
}

static int S_space(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* Every "#id" an <a> that may be a note reference (one with an id, or
   saying noteref or footnote-ref anywhere) points to, read from the
   bytes: more than S_scan will find, never less.  0 when the bytes
   cannot say (entities declared, or a fragment written with them). */
static int S_note_targets(hm_conv *c, S_map *targets, const char *p,
                          size_t len) {
  static const char *const skips[][2] = {
      {"<!--", "-->"}, {"<![CDATA[", "]]>"}, {"<?", "?>"}, {"<!", ">"}};
  const char *end = p + len;
  if (memmem(p, len, "<!ENTITY", 8) || memmem(p, len, "<!ATTLIST", 9))
    return 0;
  while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
    size_t rest = (size_t)(end - p);
    if (rest > 1 && (p[1] == '!' || p[1] == '?')) {
      size_t k = 0; /* the last two match whatever the first do not */
      while (rest < strlen(skips[k][0]) ||
             memcmp(p, skips[k][0], strlen(skips[k][0])) != 0)
        k++;
      size_t open = strlen(skips[k][0]), close = strlen(skips[k][1]);
      const char *q = memmem(p + open, rest - open, skips[k][1], close);
      if (!q)
        return 0;
      p = q + close;
      continue;
    }
    const char *name = ++p;
    while (p < end && !S_space(*p) && *p != '/' && *p != '>')
      p++;
    /* another element's attributes hold no '<': the next one is found */
    if (!S_local_is(name, (size_t)(p - name), "a"))
      continue;
    int possible = 0;
    const char *frag[8];
    size_t fraglen[8], nfrag = 0;
    while (p < end && *p != '>') {
      if (S_space(*p) || *p == '/') {
        p++;
        continue;
      }
      const char *an = p;
      while (p < end && !S_space(*p) && *p != '=' && *p != '/' && *p != '>')
        p++;
      size_t anl = (size_t)(p - an);
      while (p < end && S_space(*p))
        p++;
      if (p == end || *p != '=')
        continue;
      for (p++; p < end && S_space(*p);)
        p++;
      if (p == end || (*p != '"' && *p != '\''))
        return 0;
      const char *v = p + 1, *q = memchr(v, *p, (size_t)(end - v));
      if (!q)
        return 0;
      p = q + 1;
      size_t vl = (size_t)(q - v);
      if (S_local_is(an, anl, "id") || memchr(v, '&', vl) ||
          S_has_word(v, vl, "noteref") || S_has_word(v, vl, "footnote-ref"))
        possible = 1;
      if (!S_local_is(an, anl, "href"))
        continue;
      while (vl && S_space(*v))
        v++, vl--;
      if (vl && *v == '&')
        return 0;
      if (!vl || *v != '#')
        continue;
      size_t fl = 0;
      while (fl + 1 < vl && !S_space(v[1 + fl]))
        fl++;
      if (nfrag == 8 || memchr(v + 1, '&', fl))
        return 0;
      frag[nfrag] = v + 1;
      fraglen[nfrag++] = fl;
    }
    for (size_t f = 0; possible && f < nfrag; f++) {
      const char *key = S_key(c, NULL, frag[f], fraglen[f]);
      S_map_put(targets, key, (void *)key);
    }
  }
  return 1;
}

/* What the first reading does with a child of the body. */
typedef enum S_fate {
  S_NEEDED, /* converted from the second reading */
  S_KEEP,   /* kept: it holds an id a note reference may point to */
  S_IDLE,   /* white space, a comment: kept when nothing needed follows */
  S_WHOLE   /* an entity reference: the document is read whole */
} S_fate;

/* The fate of a child of the body, scanned: its marks are numbered
   (for the second reading to take back) as if it were to be freed. */
static S_fate S_classify(hm_stream *s, xmlNode *child, size_t *ordinal) {
  S_fate fate = S_NEEDED;
  if (child->type == XML_COMMENT_NODE || child->type == XML_PI_NODE ||
      S_blank(child))
    fate = S_IDLE;
  for (xmlNode *n = child; n; n = S_after(child, n)) {
    if (n->type == XML_ENTITY_REF_NODE)
      return S_WHOLE;
    if (n->type != XML_ELEMENT_NODE)
      continue;
    S_mark *m = n->_private;
    (*ordinal)++;
    if (!m)
      continue;
    if (m->key && S_map_get(&s->targets, m->key))
      fate = S_KEEP;
    S_grow(&s->seen, &s->capseen, s->nseen, sizeof *s->seen);
    s->seen[s->nseen].ordinal = *ordinal;
    s->seen[s->nseen++].mark = m;
  }
  return fate;
}

/* Marks numbered from seen on belong to a child about to be freed:
   what settling reads of its links is kept. */
static void S_release(hm_stream *s, size_t from) {
  for (size_t k = from; k < s->nseen; k++) {
    S_mark *m = s->seen[k].mark;
    if ((m->flags & F_CANDIDATE) && S_marker_text(m->el))
      m->flags |= F_MARKER;
    m->el = NULL;
  }
}

static void S_keep(hm_stream *s, size_t index, xmlNode *child) {
  S_grow(&s->kept, &s->capkept, s->nkept, sizeof *s->kept);
  s->kept[s->nkept].index = index;
  s->kept[s->nkept++].block = child;
}

/* The same child of the second reading takes its marks back. */
static void S_adopt(hm_stream *s, xmlNode *child, size_t *ordinal,
                    size_t *next) {
  for (xmlNode *n = child; n; n = S_after(child, n)) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    (*ordinal)++;
    if (*next < s->nseen && s->seen[*next].ordinal == *ordinal)
      n->_private = s->seen[(*next)++].mark;
  }
}

/* Whether an entity reference is in the tree under top. */
static int S_has_entity_ref(xmlNode *top) {
  for (xmlNode *n = top; n; n = S_after(top, n))
    if (n->type == XML_ENTITY_REF_NODE)
      return 1;
  return 0;
}

/* The conversion's state as it was before a first reading given up. */
static void S_forget_scan(hm_conv *c) {
  S_map_free(&c->ids);
  memset(&c->ids, 0, sizeof c->ids);
  c->nlinks = 0;
}

void hm_stream_close(hm_stream *s) {
  if (!s)
    return;
  xr_stream_close(s->first);
  S_map_free(&s->targets);
  free(s->seen);
  free(s->kept);
  free(s);
}

hm_stream *hm_stream_open(hm_conv *c, const char *data, size_t len) {
  hm_stream *s = calloc(1, sizeof *s);
  if (!s)
    recto_out_of_memory();
  s->c = c;
  s->data = data;
  s->len = len;
  if (!S_note_targets(c, &s->targets, data, len)) {
    hm_stream_close(s);
    return NULL;
  }
  s->first = xr_stream_open(data, len, XR_PARSE_UTF8);
  xmlDoc *d = xr_stream_doc(s->first);
  xmlNode *root = d ? xmlDocGetRootElement(d) : NULL;
  s->body = root ? hr_body(d) : NULL;
  int ok = s->body && s->body != root &&
           !hm_has_semantic(s->body, "bibliography");
  if (ok)
    S_scan_element(c, s->body, NULL, 0, 0);
  /* idle children are kept while nothing needed follows them: the
     second reading stops after the last child needed */
  size_t index = 0, ordinal = 0, settled = 0;
  for (xmlNode *n = ok ? xr_next_child(s->body, NULL, 1) : NULL, *next;
       n && ok; n = next, index++) {
    if (n->type == XML_ELEMENT_NODE && S_kind_of(n) != K_IGNORE)
      S_scan_element(c, n, NULL, 1, 1);
    size_t from = s->nseen, was = ordinal;
    S_fate fate = S_classify(s, n, &ordinal);
    ok = fate != S_WHOLE;
    next = xr_next_child(s->body, n, 1);
    if (fate != S_NEEDED) {
      s->nseen = from; /* the second reading will not see it */
      ordinal = was;
      S_keep(s, index, n);
      continue;
    }
    size_t k = settled;
    for (size_t j = settled; j < s->nkept; j++) {
      if (s->kept[j].block->type == XML_ELEMENT_NODE)
        s->kept[k++] = s->kept[j];
      else
        xr_free_converted(s->kept[j].block);
    }
    s->nkept = settled = k;
    s->reread = index + 1;
    S_release(s, from);
    xr_free_converted(n);
  }
  ok = ok && xr_stream_finish(s->first, NULL) && !c->failed &&
       !S_has_entity_ref(root);
  if (ok)
    S_scan(c, s->body->next, NULL, 0);
  if (!ok) {
    S_forget_scan(c);
    hm_stream_close(s);
    return NULL;
  }
  return s;
}

xmlDoc *hm_stream_doc(const hm_stream *s) {
  return xr_stream_doc(s->first);
}

/* Whether the body's child at index is the next kept block. */
static int S_kept_at(const hm_stream *s, size_t kept, size_t index) {
  return kept < s->nkept && s->kept[kept].index == index;
}

void hm_stream_blocks(hm_stream *s, recto_node *parent) {
  hm_conv *c = s->c;
  xr_stream *second = xr_stream_open(s->data, s->len, XR_PARSE_UTF8);
  xmlDoc *d = xr_stream_doc(second);
  xmlNode *body = d ? hr_body(d) : NULL;
  S_loose loose = {NULL};
  c->base = NULL;
  c->top = s->body;
  if (body && S_blocks_enter(c, NULL)) {
    size_t kept = 0, ordinal = 0, seen = 0;
    xmlNode *prev = NULL;
    for (size_t index = 0; index < s->reread && !c->failed; index++) {
      int kept_here = S_kept_at(s, kept, index);
      xmlNode *n = xr_next_child(body, prev, !kept_here);
      if (!n)
        break;
      if (prev)
        xr_free_converted(prev);
      xmlNode *child = n;
      if (kept_here) {
        child = s->kept[kept++].block;
        xr_skip(n);
      } else {
        S_adopt(s, n, &ordinal, &seen);
      }
      S_item(c, child, parent, &loose);
      prev = n;
    }
    if (prev)
      xr_free_converted(prev);
    /* the rest, all kept: not read again */
    while (kept < s->nkept && !c->failed)
      S_item(c, s->kept[kept++].block, parent, &loose);
    S_blocks_leave(c, &loose, parent);
  }
  c->top = NULL;
  xr_stream_close(second);
}

void hm_inlines(hm_conv *c, xmlNode *node, recto_node *parent,
                const char *base) {
  S_settle(c);
  c->base = base ? recto_strdup(c->doc, base) : NULL;
  c->space = 0;
  S_inlines(c, node ? node->children : NULL, parent);
}

int hm_failed(const hm_conv *c) { return c->failed; }

const char *hm_target(hm_conv *c, const char *base, const char *href) {
  return S_target(c, base, href);
}

int hm_page_target(hm_conv *c, const char *key, const char *label) {
  xmlNode *e = S_id_element(c, key);
  if (!e)
    return 0;
  if (hm_has_semantic(e, "pagebreak"))
    return 1; /* a page break of its own already */
  S_mark *m = S_mark_of(c, e);
  m->flags |= F_PAGE;
  m->page = label && *label ? recto_strdup(c->doc, label) : NULL;
  return 1;
}

size_t hm_finish(hm_conv *c) {
  for (size_t k = 0; k < c->nfix; k++) {
    const char *key = c->fix[k].key;
    const char *id = S_map_get(&c->final_ids, key);
    if (!id && !strchr(key, '#'))
      id = S_map_get(&c->doc_start, key);
    if (!id)
      continue; /* not converted (an ignored element): kept as written */
    char *url = recto_alloc(c->doc, strlen(id) + 2);
    url[0] = '#';
    strcpy(url + 1, id);
    recto_node_set_url(c->fix[k].node, url);
  }
  return c->notes_made;
}
