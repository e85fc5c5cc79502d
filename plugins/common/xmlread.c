/* xmlread.c: safe XML parsing and the table-driven walk of xmlread.h. */
#include "xmlread.h"

#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

/* Limits of the walk.  Nodes visited (entity content counts each time it
   is expanded) and text bytes produced from entities, the latter scaled
   by the input so that a small file cannot claim a huge text. */
#define S_MAX_NODES 50000000u
#define S_MAX_FRAMES 100000u
#define S_EXPANSION_BASE (4u << 20)
#define S_EXPANSION_RATIO 8u
/* Converted nodes freed before the first hand-back of free pages; each
   later one waits for half as many again, so that the hand-backs, each
   as costly as the heap is large, stay linear in the document in all. */
#define S_TRIM_FIRST 16384u

/* ---- parsing ---- */

/* The loader is process-wide in libxml2; every call is a document asking
   for a file or URL, which recto never fetches. */
static xmlParserInputPtr S_no_external(const char *url, const char *id,
                                       xmlParserCtxtPtr pc) {
  if (pc && pc->_private) {
    xr_problem *pb = pc->_private;
    if (!pb->refused[0])
      snprintf(pb->refused, sizeof pb->refused, "%s",
               url ? url : (id ? id : "?"));
  }
  return NULL;
}

static pthread_once_t S_once = PTHREAD_ONCE_INIT;
static void S_init(void) {
  xmlInitParser();
  xmlSetExternalEntityLoader(S_no_external);
}

static void S_keep(xr_problem *pb, const xmlError *e) {
  if (!e || e->level < XML_ERR_ERROR || pb->message[0])
    return;
  if (e->code == XML_ERR_NO_MEMORY)
    recto_out_of_memory();
  pb->line = e->line;
  pb->column = e->int2;
  snprintf(pb->message, sizeof pb->message, "%s",
           e->message ? e->message : "not well-formed");
  pb->message[strcspn(pb->message, "\n")] = '\0';
  size_t n = strlen(pb->message);
  while (n && pb->message[n - 1] == ' ')
    pb->message[--n] = '\0';
  /* libxml2 names an option the user cannot set: say what happened */
  if (strstr(pb->message, "Excessive depth"))
    snprintf(pb->message, sizeof pb->message,
             "elements nested more than %d deep", (int)xmlParserMaxDepth);
}

static void S_on_error(void *user, xmlErrorPtr e) {
  xmlParserCtxtPtr pc = user;
  if (pc && pc->_private)
    S_keep(pc->_private, e);
}

/* libxml2 counts bytes in an int. */
static int S_too_long(size_t len, xr_problem *pb) {
  if (len <= INT_MAX)
    return 0;
  snprintf(pb->message, sizeof pb->message,
           "%zu bytes are too many for the parser", len);
  return 1;
}

static xmlDoc *S_parse_html(const char *data, size_t len, xr_problem *pb) {
  if (S_too_long(len, pb))
    return NULL;
  htmlParserCtxtPtr pc = htmlNewParserCtxt();
  if (!pc)
    recto_out_of_memory();
  xmlDoc *d = htmlCtxtReadMemory(pc, data, (int)len, NULL, "UTF-8",
                                 HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                     HTML_PARSE_NOWARNING);
  if (!d || pc->disableSAX) {
    S_keep(pb, xmlCtxtGetLastError(pc));
    if (!pb->message[0])
      snprintf(pb->message, sizeof pb->message, "cannot be parsed");
    xmlFreeDoc(d);
    d = NULL;
  }
  htmlFreeParserCtxt(pc);
  return d;
}

/* ---- parsing while reading ---- */

struct xr_stream {
  xr_problem pb;          /* first: the entity loader finds it */
  xmlParserCtxtPtr pc;    /* NULL once the parse has ended */
  xmlDoc *doc;
  const char *data;
  size_t len, at;
  int failed, own;
};

/* Bytes given to the parser at a time: a tree grows by at most one
   chunk's worth ahead of the reader. */
enum { S_CHUNK = 1 << 16 };

static void S_stream_end(xr_stream *s) {
  xmlParserCtxtPtr pc = s->pc;
  if (!pc)
    return;
  if (!pc->wellFormed || s->pb.message[0] || s->pb.refused[0] || !s->doc)
    s->failed = 1;
  if (s->failed && !s->pb.message[0] && !s->pb.refused[0])
    snprintf(s->pb.message, sizeof s->pb.message, "cannot be parsed");
  pc->myDoc = NULL;
  xmlFreeParserCtxt(pc);
  s->pc = NULL;
}

/* One more chunk parsed; 0 when the parse has ended (or failed). */
static int S_feed(xr_stream *s) {
  if (!s->pc)
    return 0;
  size_t n = s->len - s->at < S_CHUNK ? s->len - s->at : S_CHUNK;
  int last = s->at + n == s->len;
  if (xmlParseChunk(s->pc, s->data + s->at, (int)n, last) != 0 &&
      !s->pc->wellFormed)
    s->failed = 1;
  s->at += n;
  if (!s->doc && s->pc->myDoc) {
    s->doc = s->pc->myDoc;
    s->doc->_private = s;
  }
  if (s->pb.message[0] || s->pb.refused[0])
    s->failed = 1;
  if (s->failed || last)
    S_stream_end(s);
  return !s->failed;
}

/* No NOENT (entities are expanded by the walk, with limits), no DTDLOAD
   or DTDATTR (nothing is fetched), no HUGE (libxml2's limits stay).
   XML is fed in chunks: read from memory in one piece, libxml2's
   lookahead limit trips on documents past 10 MB. */
xr_stream *xr_stream_open(const char *data, size_t len, unsigned flags) {
  pthread_once(&S_once, S_init);
  xr_stream *s = calloc(1, sizeof *s);
  if (!s)
    recto_out_of_memory();
  s->data = data;
  s->len = len;
  s->own = (flags & XR_PARSE_OWN) != 0;
  if (S_too_long(len, &s->pb)) {
    s->failed = 1;
    return s;
  }
  xmlParserCtxtPtr pc = xmlCreatePushParserCtxt(NULL, NULL, NULL, 0, NULL);
  if (!pc)
    recto_out_of_memory();
  s->pc = pc;
  pc->_private = &s->pb;
  pc->sax->serror = S_on_error;
  pc->sax->warning = NULL;
  pc->sax->error = NULL;
  pc->vctxt.error = NULL;
  pc->vctxt.warning = NULL;
  int utf16 = len >= 2 && ((data[0] == '\xFE' && data[1] == '\xFF') ||
                           (data[0] == '\xFF' && data[1] == '\xFE'));
  int utf8 = (flags & XR_PARSE_UTF8) && !utf16;
  xmlCtxtUseOptions(pc, XML_PARSE_NONET | XML_PARSE_NOCDATA |
                            XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING |
                            XML_PARSE_COMPACT | XML_PARSE_NOERROR |
                            (utf8 ? XML_PARSE_IGNORE_ENC : 0));
  if (utf8)
    xmlCtxtResetPush(pc, NULL, 0, NULL, "UTF-8");
  /* the prolog and the root's start: what a reader looks at first */
  while (S_feed(s) && !xmlDocGetRootElement(s->doc))
    ;
  return s;
}

xmlDoc *xr_stream_doc(const xr_stream *s) {
  return s->failed ? NULL : s->doc;
}

int xr_stream_finish(xr_stream *s, xr_problem *problem) {
  while (S_feed(s))
    ;
  if (problem)
    *problem = s->pb;
  return !s->failed;
}

void xr_stream_close(xr_stream *s) {
  if (!s)
    return;
  if (s->pc) {
    s->pc->myDoc = NULL;
    xmlFreeParserCtxt(s->pc);
  }
  xmlFreeDoc(s->doc);
  if (s->own)
    free((void *)s->data);
  free(s);
}

/* Whether the parser has yet to read n's end tag. */
static int S_open(const xr_stream *s, const xmlNode *n) {
  if (!s->pc)
    return 0;
  for (int k = s->pc->nodeNr; k-- > 0;)
    if (s->pc->nodeTab[k] == n)
      return 1;
  return 0;
}

/* Whether n (parent's child after prev, or NULL past the last) is there
   to be read: a text may still grow while it is its open parent's last
   child. */
static int S_ready(const xr_stream *s, const xmlNode *parent,
                   const xmlNode *n, int whole) {
  if (!s->pc)
    return 1;
  if (!n || (n->type != XML_ELEMENT_NODE && !n->next))
    return !S_open(s, parent);
  return n->type != XML_ELEMENT_NODE || !whole || !S_open(s, n);
}

static xr_stream *S_stream_of(const xmlNode *n) {
  return n && n->doc ? n->doc->_private : NULL;
}

xmlNode *xr_next_child(xmlNode *parent, const xmlNode *prev, int whole) {
  xr_stream *s = S_stream_of(parent);
  for (;;) {
    xmlNode *n = prev ? prev->next : parent->children;
    if (!s || S_ready(s, parent, n, whole))
      return s && s->failed ? NULL : n;
    if (!S_feed(s))
      return NULL;
  }
}

void xr_skip(xmlNode *n) {
  for (xmlNode *k = xr_next_child(n, NULL, 0), *next; k; k = next) {
    if (k->type == XML_ELEMENT_NODE)
      xr_skip(k);
    next = xr_next_child(n, k, 0);
    xr_free_converted(k);
  }
}

xmlDoc *xr_parse_bytes(const char *data, size_t len, unsigned flags,
                       xr_problem *problem) {
  memset(problem, 0, sizeof *problem);
  pthread_once(&S_once, S_init);
  if (flags & XR_PARSE_HTML)
    return S_parse_html(data, len, problem);
  xr_stream *s = xr_stream_open(data, len, flags & ~(unsigned)XR_PARSE_OWN);
  xmlDoc *d = xr_stream_finish(s, problem) ? s->doc : NULL;
  if (d) {
    d->_private = NULL;
    s->doc = NULL;
  }
  xr_stream_close(s);
  return d;
}

void xr_report(recto_context *ctx, recto_severity severity, const char *code,
               const xr_problem *problem, const char *fmt) {
  recto_pos pos = {(uint32_t)(problem->line > 0 ? problem->line : 0),
                   (uint32_t)(problem->column > 0 ? problem->column : 0), 0};
  if (problem->refused[0] && !problem->message[0])
    recto_diag_emit(ctx, severity, code, NULL,
                    "the document asks for the external resource %s, "
                    "which is never read", problem->refused);
  else
    recto_diag_emit(ctx, severity, code, pos.line ? &pos : NULL, fmt,
                    problem->message);
}

recto_status xr_parse(recto_context *ctx, const char *reader,
                      const recto_input *in, xmlDoc **out) {
  xr_problem pb;
  *out = xr_parse_bytes((const char *)in->data, in->len, 0, &pb);
  if (*out)
    return RECTO_OK;
  char code[48];
  snprintf(code, sizeof code, "%s.xml", reader);
  xr_report(ctx, RECTO_DIAG_ERROR, code, &pb, "not well-formed XML: %s");
  return RECTO_ERR_INPUT;
}

/* ---- freeing what was converted ---- */

/* Nodes freed since the freed pages were last handed back, by every
   conversion of the process (a batch runs several at once): a counter, not
   thread-local storage, which a dlopened plugin would hold in dynamic TLS
   that LeakSanitizer cannot walk. */
static _Atomic size_t S_freed;
/* Nodes to free before the next hand-back. */
static _Atomic size_t S_trim_at = S_TRIM_FIRST;

static size_t S_subtree_size(const xmlNode *top) {
  size_t n = 0;
  for (const xmlNode *c = top; c;) {
    n++;
    if (c->type == XML_ELEMENT_NODE && c->children) {
      c = c->children;
      continue;
    }
    while (c != top && !c->next)
      c = c->parent;
    c = c == top ? NULL : c->next;
  }
  return n;
}

void xr_free_converted(xmlNode *n) {
  const xr_stream *s = S_stream_of(n);
  if (s && !n->next && n->parent && S_open(s, n->parent))
    return;
  size_t freed = atomic_fetch_add_explicit(&S_freed, S_subtree_size(n),
                                           memory_order_relaxed);
  xmlUnlinkNode(n);
  xmlFreeNode(n);
#ifdef __GLIBC__
  /* recto's arena takes large blocks of its own and would not reuse
     these pages: handed back, they are not resident while the rest of
     the document is converted */
  size_t at = atomic_load_explicit(&S_trim_at, memory_order_relaxed);
  if (freed >= at &&
      atomic_exchange_explicit(&S_freed, 0, memory_order_relaxed) != 0) {
    atomic_store_explicit(&S_trim_at, at + at / 2, memory_order_relaxed);
    malloc_trim(0);
  }
#else
  (void)freed;
#endif
}

/* ---- small helpers ---- */

recto_pos xr_pos(const xmlNode *el) {
  recto_pos p = {0, 0, 0};
  long line = el ? xmlGetLineNo(el) : -1;
  if (line > 0)
    p.line = (uint32_t)line;
  return p;
}

const char *xr_ns(const xmlNode *el) {
  return el && el->ns && el->ns->href ? (const char *)el->ns->href : "";
}

int xr_is(const xmlNode *el, const char *ns, const char *name) {
  return el && el->type == XML_ELEMENT_NODE &&
         strcmp(xr_ns(el), ns ? ns : "") == 0 &&
         strcmp((const char *)el->name, name) == 0;
}

xmlNode *xr_next_named(const xmlNode *el, const char *name) {
  for (xmlNode *c = el ? el->next : NULL; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && xr_is(c, xr_ns(el), name))
      return c;
  return NULL;
}

xmlNode *xr_child(const xmlNode *el, const char *name) {
  for (xmlNode *c = el ? el->children : NULL; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && xr_is(c, xr_ns(el), name))
      return c;
  return NULL;
}

static int S_xml_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* ---- the walk's state ---- */

typedef enum S_frame_kind { S_ELEMENT, S_ENTITY } S_frame_kind;

typedef struct S_frame {
  S_frame_kind kind;
  xmlNode *el;             /* the element (or entity reference) */
  xmlNode *next;           /* the next child to visit */
  const xr_elem *def;      /* table entry, NULL when unknown */
  recto_node *made;        /* what enter returned */
  recto_node *container;   /* where the content goes now */
  recto_node *para;        /* the implicit paragraph open in container */
} S_frame;

typedef struct S_count {
  const char *name;
  size_t n;
} S_count;

struct xr_walk_private {
  S_frame *frames;
  size_t len, cap;
  const xr_elem ***index; /* per vocabulary, sorted by name */
  int space;              /* the next text's leading space is dropped */
  size_t nodes, expanded;
  size_t entries;         /* entries given an id by xr_add_entry */
  int in_entity;
  int failed;
  size_t in_kept;         /* open elements that xr_keep kept */
  recto_buf scratch;
  S_count *unknown;
  size_t nunknown, capunknown;
};

static int S_cmp_elem(const void *a, const void *b) {
  const xr_elem *x = *(const xr_elem *const *)a, *y = *(const xr_elem *const *)b;
  return strcmp(x->name, y->name);
}

void xr_walk_init(xr_walk *w, recto_context *ctx, recto_doc *doc,
                  const xr_config *cfg, size_t input_len, void *user) {
  memset(w, 0, sizeof *w);
  w->ctx = ctx;
  w->doc = doc;
  w->cfg = cfg;
  w->user = user;
  w->input_len = input_len;
  struct xr_walk_private *p = calloc(1, sizeof *p);
  if (!p)
    recto_out_of_memory();
  w->priv = p;
  p->index = calloc(cfg->nvocabs ? cfg->nvocabs : 1, sizeof *p->index);
  if (!p->index)
    recto_out_of_memory();
  for (size_t v = 0; v < cfg->nvocabs; v++) {
    size_t n = cfg->vocabs[v].count;
    p->index[v] = malloc((n ? n : 1) * sizeof **p->index);
    if (!p->index[v])
      recto_out_of_memory();
    for (size_t k = 0; k < n; k++)
      p->index[v][k] = &cfg->vocabs[v].elems[k];
    qsort(p->index[v], n, sizeof **p->index, S_cmp_elem);
  }
  p->space = 1;
}

void xr_walk_free(xr_walk *w) {
  struct xr_walk_private *p = w->priv;
  if (!p)
    return;
  for (size_t v = 0; v < w->cfg->nvocabs; v++)
    free(p->index[v]);
  free(p->index);
  free(p->frames);
  free(p->unknown);
  recto_buf_free(&p->scratch);
  free(p);
  w->priv = NULL;
}

const xr_elem *xr_lookup(xr_walk *w, const xmlNode *el) {
  const char *ns = el->ns && el->ns->href ? (const char *)el->ns->href : NULL;
  for (size_t v = 0; v < w->cfg->nvocabs; v++) {
    const xr_vocab *voc = &w->cfg->vocabs[v];
    if ((voc->ns == NULL) != (ns == NULL) || (ns && strcmp(voc->ns, ns) != 0))
      continue;
    xr_elem key = {(const char *)el->name, RECTO_NODE_NONE, 0, NULL, NULL,
                   NULL};
    const xr_elem *kp = &key;
    const xr_elem **hit = bsearch(&kp, w->priv->index[v], voc->count,
                                  sizeof *w->priv->index[v], S_cmp_elem);
    return hit ? *hit : NULL;
  }
  return NULL;
}

static void S_fail(xr_walk *w, const xmlNode *at, const char *fmt,
                   const char *arg) {
  if (w->priv->failed)
    return;
  w->priv->failed = 1;
  char code[48];
  snprintf(code, sizeof code, "%s.xml", w->cfg->reader);
  recto_pos pos = xr_pos(at);
  /* text inside an entity has no line: the reference's */
  for (size_t k = w->priv->len; !pos.line && k-- > 0;)
    pos = xr_pos(w->priv->frames[k].el);
  recto_diag_emit(w->ctx, RECTO_DIAG_ERROR, code, pos.line ? &pos : NULL, fmt,
                  arg);
}

static S_frame *S_top(xr_walk *w) {
  return w->priv->len ? &w->priv->frames[w->priv->len - 1] : NULL;
}

recto_node *xr_container(xr_walk *w) {
  S_frame *f = S_top(w);
  return f ? f->container : NULL;
}

/* ---- entities ---- */

/* The text an entity-expansion limit allows. */
static size_t S_expansion_limit(const xr_walk *w) {
  return S_EXPANSION_BASE + S_EXPANSION_RATIO * w->input_len;
}

/* Count text produced inside entity content; 0 when over the limit. */
static int S_count_expanded(xr_walk *w, const xmlNode *at, size_t n) {
  struct xr_walk_private *p = w->priv;
  if (!p->in_entity)
    return 1;
  p->expanded += n;
  if (p->expanded > S_expansion_limit(w)) {
    char limit[64];
  snprintf(limit, sizeof limit, "%zu bytes of text from an input of %zu",
           S_expansion_limit(w), w->input_len);
  S_fail(w, at, "entities expand to more than %s; refused as an entity "
                "bomb", limit);
    return 0;
  }
  return 1;
}

/* The character of an entity the DTD would define (&mdash;): HTML 4's
   set covers the ISO sets DocBook uses most. */
static int S_known_char(const xmlChar *name, char *out) {
  const htmlEntityDesc *e = htmlEntityLookup(name);
  if (!e)
    return 0;
  int n = xmlCopyChar(0, (xmlChar *)out, (int)e->value);
  out[n > 0 ? n : 0] = '\0';
  return n > 0;
}

/* ---- appending with the model's rules ---- */

static int S_inlineish(recto_node_type t) {
  return recto_node_is_inline(t) || t == RECTO_NODE_PAGE_BREAK;
}

/* The node that must come between parent and a child it cannot take. */
static recto_node_type S_wrapper(const recto_node *parent,
                                 recto_node_type child) {
  recto_node_type pt = recto_node_type_of(parent);
  switch (pt) {
  case RECTO_NODE_LIST:
    return RECTO_NODE_ITEM;
  case RECTO_NODE_DEF_LIST:
    return RECTO_NODE_DEF_ITEM;
  case RECTO_NODE_DEF_ITEM:
    return RECTO_NODE_DEF;
  case RECTO_NODE_LINE_BLOCK:
    return RECTO_NODE_LINE;
  case RECTO_NODE_TABLE:
    return child == RECTO_NODE_CAPTION ? RECTO_NODE_NONE
                                       : RECTO_NODE_TABLE_BODY;
  case RECTO_NODE_TABLE_HEAD:
  case RECTO_NODE_TABLE_BODY:
  case RECTO_NODE_TABLE_FOOT:
    return RECTO_NODE_ROW;
  case RECTO_NODE_ROW:
    return RECTO_NODE_CELL;
  default:
    break;
  }
  if (S_inlineish(child) && recto_node_can_contain(parent, RECTO_NODE_PARAGRAPH))
    return pt == RECTO_NODE_ITEM || pt == RECTO_NODE_CELL ||
                   pt == RECTO_NODE_DEF
               ? RECTO_NODE_PLAIN
               : RECTO_NODE_PARAGRAPH;
  return RECTO_NODE_NONE;
}

/* Remove white space at the end of a block's inlines. */
static void S_trim_end(recto_node *block) {
  for (int guard = 0; block && guard < 64; guard++) {
    recto_node *last = recto_node_last_child(block);
    while (last && recto_node_type_of(last) != RECTO_NODE_TEXT &&
           !recto_node_is_leaf(recto_node_type_of(last)) &&
           recto_node_is_inline(recto_node_type_of(last)) &&
           recto_node_type_of(last) != RECTO_NODE_NOTE &&
           recto_node_last_child(last))
      last = recto_node_last_child(last);
    if (!last || recto_node_type_of(last) != RECTO_NODE_TEXT)
      return;
    const char *t = recto_node_text(last);
    size_t n = recto_node_text_len(last);
    while (n && S_xml_space((unsigned char)t[n - 1]))
      n--;
    if (n == recto_node_text_len(last))
      return;
    if (n) {
      recto_node_set_text(last, t, n);
      return;
    }
    recto_node_unlink(last);
  }
}

static int S_is_inside(const recto_node *n, const recto_node *ancestor) {
  for (; n; n = recto_node_parent(n))
    if (n == ancestor)
      return 1;
  return 0;
}

/* A block met where only inlines go: it goes after the paragraph that
   holds the insertion point, and every open element inside that
   paragraph resumes after it. */
static recto_node *S_escape(xr_walk *w, S_frame *f, recto_node *n) {
  recto_node_type t = recto_node_type_of(n);
  recto_node *path = f->container, *up = recto_node_parent(path);
  while (up && !recto_node_can_contain(up, t)) {
    path = up;
    up = recto_node_parent(up);
  }
  if (!up)
    return NULL;
  S_trim_end(path);
  recto_node_insert_after(path, n);
  struct xr_walk_private *p = w->priv;
  for (size_t k = p->len; k-- > 0;) {
    S_frame *g = &p->frames[k];
    if (!S_is_inside(g->container, path))
      break;
    g->container = up;
    g->para = NULL;
  }
  /* later content of the frames goes after n, not before it */
  f->para = NULL;
  return n;
}

static recto_node *S_append_in(xr_walk *w, S_frame *f, recto_node *n,
                               int depth) {
  recto_node *c = f->container;
  recto_node_type t = recto_node_type_of(n);
  if (!c)
    return NULL;
  /* an implicit paragraph still open at the end of the container */
  if (S_inlineish(t) && f->para && recto_node_last_child(c) == f->para) {
    recto_node_append(f->para, n);
    return n;
  }
  if (recto_node_can_contain(c, t)) {
    if (!S_inlineish(t) || !recto_node_is_inline(t)) {
      if (f->para)
        S_trim_end(f->para);
      f->para = NULL;
    }
    recto_node_append(c, n);
    return n;
  }
  recto_node_type wrap = depth < 4 ? S_wrapper(c, t) : RECTO_NODE_NONE;
  if (wrap != RECTO_NODE_NONE) {
    recto_node *box = recto_node_new(w->doc, wrap);
    recto_node_set_pos(box, recto_node_pos(n));
    S_frame tmp = *f;
    tmp.para = NULL;
    if (!S_append_in(w, &tmp, box, depth + 1))
      return NULL;
    if (wrap == RECTO_NODE_PARAGRAPH || wrap == RECTO_NODE_PLAIN ||
        wrap == RECTO_NODE_LINE) {
      f->para = box;
      w->priv->space = 1;
    } else {
      f->para = NULL;
    }
    if (f->para) {
      recto_node_append(box, n);
      return n;
    }
    S_frame inner = {S_ELEMENT, NULL, NULL, NULL, box, box, NULL};
    return S_append_in(w, &inner, n, depth + 1);
  }
  if (!S_inlineish(t) || !recto_node_is_inline(recto_node_type_of(c)))
    if (recto_node_is_inline(recto_node_type_of(c)) ||
        recto_node_type_of(c) == RECTO_NODE_PARAGRAPH ||
        recto_node_type_of(c) == RECTO_NODE_PLAIN ||
        recto_node_type_of(c) == RECTO_NODE_HEADING ||
        recto_node_type_of(c) == RECTO_NODE_LINE ||
        recto_node_type_of(c) == RECTO_NODE_TERM)
      return S_escape(w, f, n);
  return NULL;
}

/* A node that the model lets nowhere where the walk stands (an odd or
   hostile nesting) goes to the end of the document, in a paragraph if it
   is inline, rather than nowhere: its content is kept. */
static recto_node *S_orphan(xr_walk *w, recto_node *n) {
  recto_node *root = recto_doc_root(w->doc);
  recto_node_type t = recto_node_type_of(n);
  if (recto_node_can_contain(root, t)) {
    recto_node_append(root, n);
    return n;
  }
  recto_node *para = recto_node_new(w->doc, RECTO_NODE_PARAGRAPH);
  if (!recto_node_can_contain(para, t))
    return NULL;
  recto_node_append(root, para);
  recto_node_append(para, n);
  return n;
}

recto_node *xr_append(xr_walk *w, recto_node *n) {
  S_frame *f = S_top(w);
  if (!f || !n)
    return NULL;
  recto_node_type t = recto_node_type_of(n);
  recto_node *r = S_append_in(w, f, n, 0);
  if (!r)
    r = S_orphan(w, n);
  if (r && !S_inlineish(t))
    w->priv->space = 1;
  else if (r && t != RECTO_NODE_TEXT && t != RECTO_NODE_PAGE_BREAK)
    w->priv->space = t == RECTO_NODE_LINE_BREAK;
  return r;
}

recto_node *xr_add(xr_walk *w, xmlNode *el, recto_node_type type) {
  recto_node *n = recto_node_new(w->doc, type);
  if (el)
    recto_node_set_pos(n, xr_pos(el));
  return xr_append(w, n);
}

void xr_add_text(xr_walk *w, const char *s, size_t len) {
  struct xr_walk_private *p = w->priv;
  S_frame *f = S_top(w);
  if (!f || !f->container)
    return;
  recto_buf *b = &p->scratch;
  b->len = 0;
  int space = p->space;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (S_xml_space(c)) {
      if (!space)
        recto_buf_putc(b, ' ');
      space = 1;
    } else {
      recto_buf_putc(b, (char)c);
      space = 0;
    }
  }
  if (!b->len)
    return;
  /* white space alone where blocks go is layout, not text */
  recto_node *c = f->container;
  if (b->len == 1 && b->data[0] == ' ' &&
      !recto_node_can_contain(c, RECTO_NODE_TEXT) &&
      !(f->para && recto_node_last_child(c) == f->para))
    return;
  recto_node *t = recto_node_new_text(w->doc, b->data, b->len);
  if (xr_append(w, t))
    p->space = space;
}

/* ---- attributes and text ---- */

static const char *S_attr_value(xr_walk *w, xmlAttr *a) {
  if (!a || !a->children)
    return a ? "" : NULL;
  if (a->children->type == XML_TEXT_NODE && !a->children->next)
    return recto_strdup(w->doc, (const char *)a->children->content);
  recto_buf b = RECTO_BUF_INIT;
  for (xmlNode *c = a->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE && c->content) {
      recto_buf_puts(&b, (const char *)c->content);
    } else if (c->type == XML_ENTITY_REF_NODE) {
      xmlEntity *e = xmlGetDocEntity(c->doc, c->name);
      char ch[8];
      if (e && e->etype == XML_INTERNAL_GENERAL_ENTITY && e->content &&
          e->length < 4096)
        recto_buf_puts(&b, (const char *)e->content);
      else if (S_known_char(c->name, ch))
        recto_buf_puts(&b, ch);
    }
  }
  const char *s = recto_strndup(w->doc, b.data ? b.data : "", b.len);
  recto_buf_free(&b);
  return s;
}

const char *xr_attr(xr_walk *w, xmlNode *el, const char *name) {
  return S_attr_value(w, el ? xmlHasNsProp(el, (const xmlChar *)name, NULL)
                            : NULL);
}

const char *xr_attr_ns(xr_walk *w, xmlNode *el, const char *ns,
                       const char *name) {
  return S_attr_value(w, el ? xmlHasNsProp(el, (const xmlChar *)name,
                                           (const xmlChar *)ns)
                            : NULL);
}

/* Room for one more entry on a walk's stack (entity references may nest
   deeper than elements). */
static int S_stack_room(xmlNode ***stack, size_t *cap, size_t depth) {
  if (depth < *cap)
    return 1;
  *cap = *cap ? *cap * 2 : 64;
  *stack = realloc(*stack, *cap * sizeof **stack);
  if (!*stack)
    recto_out_of_memory();
  return 1;
}

/* Text of a subtree with entities expanded, iteratively. */
const char *xr_text(xr_walk *w, xmlNode *el, int verbatim) {
  recto_buf b = RECTO_BUF_INIT;
  xmlNode **stack = NULL;
  size_t depth = 0, cap = 0;
  xmlNode *c = el ? el->children : NULL;
  int space = 1, in_entity = 0;
  while (c || depth) {
    if (!c) {
      c = stack[--depth];
      if (c->type == XML_ENTITY_REF_NODE)
        in_entity--;
      c = c->next;
      continue;
    }
    if (++w->priv->nodes > S_MAX_NODES) {
      S_fail(w, el, "more than %s nodes; refused", "50 million");
      break;
    }
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
        c->content) {
      const char *s = (const char *)c->content;
      size_t n = strlen(s);
      if (in_entity) {
        w->priv->expanded += n;
        if (w->priv->expanded > S_expansion_limit(w)) {
          S_fail(w, c, "entity expansion produces more than %s of text; "
                       "refused as an entity bomb", "the limit");
          break;
        }
      }
      for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!verbatim && S_xml_space(ch)) {
          if (!space)
            recto_buf_putc(&b, ' ');
          space = 1;
        } else {
          recto_buf_putc(&b, (char)ch);
          space = 0;
        }
      }
    } else if (c->type == XML_ENTITY_REF_NODE) {
      xmlEntity *e = xmlGetDocEntity(c->doc, c->name);
      char ch[8];
      if (e && e->etype == XML_INTERNAL_GENERAL_ENTITY && e->children &&
          S_stack_room(&stack, &cap, depth)) {
        stack[depth++] = c;
        in_entity++;
        c = e->children;
        continue;
      }
      if (!e && S_known_char(c->name, ch)) {
        recto_buf_puts(&b, ch);
        space = 0;
      }
    } else if (c->type == XML_ELEMENT_NODE && c->children &&
               S_stack_room(&stack, &cap, depth)) {
      stack[depth++] = c;
      c = c->children;
      continue;
    }
    c = c->next;
  }
  free(stack);
  size_t n = b.len;
  if (!verbatim)
    while (n && b.data[n - 1] == ' ')
      n--;
  const char *s = recto_strndup(w->doc, b.data ? b.data : "", n);
  recto_buf_free(&b);
  return s;
}

static recto_dir S_dir(const char *v) {
  if (!v)
    return RECTO_DIR_UNSET;
  if (strcmp(v, "rtl") == 0)
    return RECTO_DIR_RTL;
  if (strcmp(v, "ltr") == 0)
    return RECTO_DIR_LTR;
  if (strcmp(v, "auto") == 0)
    return RECTO_DIR_AUTO;
  return RECTO_DIR_UNSET;
}

void xr_apply_attrs(xr_walk *w, xmlNode *el, recto_node *n) {
  if (!n || !el)
    return;
  const char *id = xr_attr_ns(w, el, (const char *)XML_XML_NAMESPACE, "id");
  if (!id && w->cfg->id_attr)
    id = xr_attr(w, el, "id");
  if (id && *id && !recto_node_id(n))
    recto_node_set_id(n, id);
  const char *lang =
      xr_attr_ns(w, el, (const char *)XML_XML_NAMESPACE, "lang");
  if (!lang)
    lang = xr_attr(w, el, "lang");
  if (lang && *lang)
    recto_node_set_lang(n, lang);
  recto_dir dir = S_dir(xr_attr(w, el, "dir"));
  if (dir != RECTO_DIR_UNSET)
    recto_node_set_dir(n, dir);
  if (w->cfg->attrs)
    w->cfg->attrs(w, el, n);
}

recto_node *xr_into(xr_walk *w, xmlNode *el, recto_node *node) {
  if (node)
    xr_apply_attrs(w, el, node);
  return node;
}

/* ---- the walk ---- */

/* Marks in xmlNode._private: kept by xr_keep, or holding such a node. */
static const char S_kept_self, S_kept_inside;

void xr_keep(xmlNode *el) {
  el->_private = (void *)&S_kept_self;
  for (xmlNode *p = el->parent; p && p->type == XML_ELEMENT_NODE &&
                                !p->_private;
       p = p->parent)
    p->_private = (void *)&S_kept_inside;
}

static S_frame *S_push(xr_walk *w, S_frame_kind kind, xmlNode *el,
                       xmlNode *first) {
  struct xr_walk_private *p = w->priv;
  if (p->len == S_MAX_FRAMES) {
    S_fail(w, el, "elements and entities nested more than %s deep; "
                  "refused", "100000");
    return NULL;
  }
  if (p->len == p->cap) {
    p->cap = p->cap ? p->cap * 2 : 64;
    p->frames = realloc(p->frames, p->cap * sizeof *p->frames);
    if (!p->frames)
      recto_out_of_memory();
  }
  S_frame *f = &p->frames[p->len++];
  memset(f, 0, sizeof *f);
  f->kind = kind;
  f->el = el;
  f->next = first;
  return f;
}

static void S_count_unknown(xr_walk *w, const char *name) {
  struct xr_walk_private *p = w->priv;
  for (size_t k = 0; k < p->nunknown; k++)
    if (strcmp(p->unknown[k].name, name) == 0) {
      p->unknown[k].n++;
      return;
    }
  if (p->nunknown == p->capunknown) {
    p->capunknown = p->capunknown ? p->capunknown * 2 : 16;
    p->unknown = realloc(p->unknown, p->capunknown * sizeof *p->unknown);
    if (!p->unknown)
      recto_out_of_memory();
  }
  p->unknown[p->nunknown].name = name;
  p->unknown[p->nunknown++].n = 1;
}

static void S_enter(xr_walk *w, xmlNode *el) {
  S_frame *parent = S_top(w);
  recto_node *where = parent->container;
  const xr_elem *def = xr_lookup(w, el);
  recto_node *made = NULL;
  if (def && (def->flags & XR_SKIP))
    return;
  if (def && def->enter) {
    made = def->enter(w, el);
  } else if (def && def->type != RECTO_NODE_NONE &&
             !(def->flags & XR_TRANSPARENT)) {
    made = xr_add(w, el, def->type);
    if (made && def->cls)
      recto_node_add_class(made, def->cls);
    xr_apply_attrs(w, el, made);
  } else if (def) {
    made = where;
  } else {
    /* unknown: keep the text, in a span or div named after it */
    S_count_unknown(w, (const char *)el->name);
    int inl = where && (recto_node_can_contain(where, RECTO_NODE_TEXT) ||
                        (parent->para &&
                         recto_node_last_child(where) == parent->para));
    made = xr_add(w, el, inl ? RECTO_NODE_SPAN : RECTO_NODE_DIV);
    if (made)
      recto_node_add_class(made, (const char *)el->name);
    xr_apply_attrs(w, el, made);
  }
  if (w->priv->failed)
    return;
  /* the handler may have pushed nothing; the frame is ours */
  S_frame *f = S_push(w, S_ELEMENT, el, made ? el->children : NULL);
  if (!f)
    return;
  f->def = def;
  f->made = made;
  f->container = made;
  if (el->_private == &S_kept_self)
    w->priv->in_kept++;
  if (made && made != where && !S_inlineish(recto_node_type_of(made)))
    w->priv->space = 1;
}

/* el's content is converted and no handler looks at it again (an exit
   handler looks at its children, so this runs after it; its parent's
   exit handler may look at el itself, which stays until then). */
static void S_release(xmlNode *el) {
  for (xmlNode *c = el->children, *next; c; c = next) {
    next = c->next;
    if (c->type != XML_ELEMENT_NODE || !c->_private)
      xr_free_converted(c);
  }
}

static void S_exit(xr_walk *w, S_frame *f) {
  if (f->para)
    S_trim_end(f->para);
  recto_node *made = f->made;
  if (made && f->kind == S_ELEMENT) {
    recto_node_type t = recto_node_type_of(made);
    if (t == RECTO_NODE_PARAGRAPH || t == RECTO_NODE_PLAIN ||
        t == RECTO_NODE_HEADING || t == RECTO_NODE_LINE ||
        t == RECTO_NODE_TERM)
      S_trim_end(made);
    if (f->def && f->def->exit)
      f->def->exit(w, f->el, made);
    if (t == RECTO_NODE_NOTE)
      w->priv->space = 0;
    else if (!S_inlineish(t) && made != (f - 1)->container)
      w->priv->space = 1;
  }
  if (f->kind == S_ENTITY)
    w->priv->in_entity--;
  else if (f->el && f->el->_private == &S_kept_self)
    w->priv->in_kept--;
  else if (!w->priv->in_entity && !w->priv->in_kept &&
           f - w->priv->frames > 1)
    S_release(f->el);
  w->priv->len--;
}

static void S_entity(xr_walk *w, xmlNode *ref) {
  xmlEntity *e = xmlGetDocEntity(ref->doc, ref->name);
  char ch[8];
  if (!e) {
    if (S_known_char(ref->name, ch)) {
      xr_add_text(w, ch, strlen(ch));
      w->priv->space = 0;
    } else {
      S_fail(w, ref, "entity &%s; is not defined (external DTDs are "
                     "never read)", (const char *)ref->name);
    }
    return;
  }
  if (e->etype != XML_INTERNAL_GENERAL_ENTITY) {
    S_fail(w, ref, "external entity &%s; is never read",
           (const char *)ref->name);
    return;
  }
  if (!e->children)
    return;
  S_frame *f = S_push(w, S_ENTITY, ref, e->children);
  if (!f)
    return;
  S_frame *parent = f - 1;
  f->container = parent->container;
  f->para = parent->para;
  f->made = NULL;
  w->priv->in_entity++;
}

recto_status xr_walk_run(xr_walk *w, xmlNode *el, recto_node *into) {
  struct xr_walk_private *p = w->priv;
  S_frame *base = S_push(w, S_ELEMENT, NULL, NULL);
  base->container = into;
  S_enter(w, el);
  while (!p->failed && p->len > 1) {
    S_frame *f = S_top(w);
    xmlNode *c = f->next;
    if (!c) {
      recto_node *para = f->para, *container = f->container;
      S_exit(w, f);
      /* an entity's content continues its parent's paragraph */
      S_frame *g = S_top(w);
      if (g && g->container == container && para &&
          recto_node_last_child(container) == para && !g->para)
        g->para = para;
      continue;
    }
    f->next = c->next;
    if (++p->nodes > S_MAX_NODES) {
      S_fail(w, c, "more than %s nodes; refused", "50 million");
      break;
    }
    switch (c->type) {
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
      if (c->content) {
        size_t n = strlen((const char *)c->content);
        if (S_count_expanded(w, c, n))
          xr_add_text(w, (const char *)c->content, n);
      }
      break;
    case XML_ELEMENT_NODE:
      S_enter(w, c);
      break;
    case XML_ENTITY_REF_NODE:
      S_entity(w, c);
      break;
    case XML_PI_NODE:
      if (w->cfg->pi)
        w->cfg->pi(w, c);
      break;
    default:
      break;
    }
  }
  while (p->len > 1)
    p->len--; /* after a failure: the tree is thrown away */
  if (p->len && p->frames[0].para)
    S_trim_end(p->frames[0].para);
  p->len = 0;
  return p->failed ? RECTO_ERR_INPUT : RECTO_OK;
}

void xr_walk_report(xr_walk *w) {
  struct xr_walk_private *p = w->priv;
  if (!p->nunknown)
    return;
  recto_buf b = RECTO_BUF_INIT;
  size_t total = 0;
  for (size_t k = 0; k < p->nunknown; k++) {
    char one[96];
    snprintf(one, sizeof one, "%s%s (%zu)", k ? ", " : "", p->unknown[k].name,
             p->unknown[k].n);
    recto_buf_puts(&b, one);
    total += p->unknown[k].n;
  }
  char code[48];
  snprintf(code, sizeof code, "%s.unknown-element", w->cfg->reader);
  recto_diag_emit(w->ctx, RECTO_DIAG_INFO, code, NULL,
                  "%zu elements of %zu unknown kinds kept as spans and divs "
                  "with their name as class: %s",
                  total, p->nunknown, b.data);
  recto_buf_free(&b);
}

/* ---- ids and dates ---- */

static int S_hex(char c) {
  return c >= '0' && c <= '9' ? c - '0'
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                : -1;
}

const char *xr_key_from_xml_id(recto_doc *doc, const char *id) {
  if (!id || strncmp(id, "ref-", 4) != 0)
    return id ? recto_strdup(doc, id) : NULL;
  recto_buf b = RECTO_BUF_INIT;
  for (const char *p = id + 4; *p;) {
    if (*p == '_') {
      uint32_t cp = 0;
      int n = 0;
      while (n < 6 && S_hex(p[1 + n]) >= 0)
        cp = cp * 16 + (uint32_t)S_hex(p[1 + n++]);
      if (n >= 4) {
        /* the writer wrote at least four digits, more only when needed */
        if (n > 4 && cp > 0x10FFFF) {
          n = 4;
          cp = 0;
          for (int k = 0; k < 4; k++)
            cp = cp * 16 + (uint32_t)S_hex(p[1 + k]);
        }
        char u[8];
        int len = xmlCopyChar(0, (xmlChar *)u, (int)cp);
        recto_buf_put(&b, u, len > 0 ? (size_t)len : 0);
        p += 1 + n;
        continue;
      }
    }
    recto_buf_putc(&b, *p++);
  }
  const char *key = recto_strndup(doc, b.data ? b.data : "", b.len);
  recto_buf_free(&b);
  return key;
}

static const char *S_ymd(const char *p, int *y, int *m, int *d) {
  char *end;
  long v = strtol(p, &end, 10);
  if (end - p < 3 || end - p > 4)
    return NULL;
  *y = (int)v;
  *m = *d = 0;
  if (*end == '-' && end[1] >= '0' && end[1] <= '9') {
    p = end + 1;
    *m = (int)strtol(p, &end, 10);
    if (*end == '-' && end[1] >= '0' && end[1] <= '9') {
      p = end + 1;
      *d = (int)strtol(p, &end, 10);
    }
  }
  return end;
}

int xr_parse_iso_date(const char *text, recto_date *d) {
  if (!text)
    return 0;
  while (*text == ' ')
    text++;
  const char *end = S_ymd(text, &d->year[0], &d->month[0], &d->day[0]);
  if (!end)
    return 0;
  if (*end == '/') {
    const char *e2 = S_ymd(end + 1, &d->year[1], &d->month[1], &d->day[1]);
    end = e2 ? e2 : end;
  }
  return *end == '\0' || *end == 'T' || *end == ' ';
}

/* ---- metadata ---- */

void xr_meta_add_person(recto_doc *doc, recto_meta *list, const recto_name *n,
                        const char *email, int organisation) {
  recto_meta *m = recto_meta_new_map(doc);
  if (n->literal) {
    recto_meta_set(m, "name", recto_meta_new_string(doc, n->literal));
    if (organisation)
      recto_meta_set(m, "organization", recto_meta_new_bool(doc, 1));
  } else {
    recto_buf b = RECTO_BUF_INIT;
    recto_buf_puts(&b, n->given ? n->given : "");
    if (n->given && n->family)
      recto_buf_putc(&b, ' ');
    recto_buf_puts(&b, n->family ? n->family : "");
    recto_meta_set(m, "name", recto_meta_new_string(
                                  doc, recto_strndup(doc, b.data, b.len)));
    recto_buf_free(&b);
    if (n->given)
      recto_meta_set(m, "given", recto_meta_new_string(doc, n->given));
    if (n->family)
      recto_meta_set(m, "family", recto_meta_new_string(doc, n->family));
  }
  if (n->affiliation)
    recto_meta_set(m, "affiliation", recto_meta_new_string(doc, n->affiliation));
  if (email)
    recto_meta_set(m, "email", recto_meta_new_string(doc, email));
  recto_meta_append(list, m);
}

void xr_meta_set_list(recto_doc *doc, const char *key, recto_meta *list) {
  if (recto_meta_count(list))
    recto_meta_set(recto_doc_meta(doc), key, list);
}

void xr_entry_url_only(recto_bib_entry *e) {
  if (e->raw && !e->url && !e->title && !strchr(e->raw, ' ') &&
      (!strncmp(e->raw, "http://", 7) || !strncmp(e->raw, "https://", 8))) {
    e->url = e->raw;
    e->type = e->type ? e->type : "webpage";
  }
}

/* ---- shapes the readers share ---- */

size_t xr_table_width(const recto_node *table) {
  size_t cols = 0;
  for (recto_node *part = recto_node_first_child(table); part;
       part = recto_node_next(part))
    for (recto_node *row = recto_node_first_child(part); row;
         row = recto_node_next(row)) {
      size_t n = 0;
      for (recto_node *c = recto_node_first_child(row); c;
           c = recto_node_next(c))
        if (recto_node_type_of(c) == RECTO_NODE_CELL)
          n += (size_t)recto_cell_colspan(c);
      if (n > cols)
        cols = n;
    }
  return cols;
}

recto_node *xr_add_entry(xr_walk *w, xmlNode *el, recto_bib_entry *e) {
  recto_node *c = xr_container(w);
  if (!c || recto_node_type_of(c) != RECTO_NODE_BIBLIOGRAPHY) {
    c = xr_add(w, el, RECTO_NODE_BIBLIOGRAPHY);
    if (!c)
      return NULL;
  }
  if (!e->id) {
    char id[48];
    snprintf(id, sizeof id, "entry-%u-%zu", (unsigned)e->pos.line,
             ++w->priv->entries);
    e->id = recto_strdup(w->doc, id);
  }
  recto_node *n = recto_node_new(w->doc, RECTO_NODE_BIB_ENTRY);
  recto_node_set_pos(n, e->pos);
  recto_node_set_bib_entry(n, e);
  recto_node_append(c, n);
  return n;
}

recto_node *xr_walk_detached(xr_walk *w, xmlNode *el) {
  recto_node *div = recto_node_new(w->doc, RECTO_NODE_DIV);
  xr_walk_run(w, el, div);
  recto_node *inner = recto_node_first_child(div);
  if (inner && !recto_node_next(inner) &&
      recto_node_type_of(inner) == RECTO_NODE_DIV) {
    recto_node_unlink(inner);
    recto_node_set_classes(inner, "");
    return inner;
  }
  return div;
}

void xr_caption_first(xr_walk *w, xmlNode *el, recto_node *figure) {
  (void)w;
  (void)el;
  for (recto_node *c = recto_node_first_child(figure); c;
       c = recto_node_next(c))
    if (recto_node_type_of(c) == RECTO_NODE_CAPTION) {
      if (c != recto_node_first_child(figure)) {
        recto_node_unlink(c);
        recto_node_prepend(figure, c);
      }
      return;
    }
}
