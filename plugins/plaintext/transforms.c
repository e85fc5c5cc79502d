/* transforms.c: two steps of the plain reader offered to documents from
 * any reader (--transform NAME):
 *
 *   languages    language and direction on every block whose language
 *                differs from the document's (and the document's own when
 *                unset); runs of another script in a span with theirs
 *   author-year  author-year citations in running text as citations
 *                linked to the bibliography (an entry made from the
 *                citation when none matches)
 *
 * Both change only text outside code, links, citations and spans that
 * already carry a language; so run author-year before languages, whose
 * spans would otherwise cut a citation in two.
 */
#include <stdlib.h>
#include <string.h>

#include "linemodel.h"
#include "plain.h"

/* Blocks whose children are inlines. */
static int S_inline_block(recto_node_type t) {
  return t == RECTO_NODE_PARAGRAPH || t == RECTO_NODE_PLAIN ||
         t == RECTO_NODE_HEADING || t == RECTO_NODE_LINE ||
         t == RECTO_NODE_TERM;
}

/* Containers whose text a transform leaves alone. */
static int S_closed(const recto_node *n) {
  recto_node_type t = recto_node_type_of(n);
  return t == RECTO_NODE_CODE || t == RECTO_NODE_LINK ||
         t == RECTO_NODE_CITE || t == RECTO_NODE_IMAGE ||
         t == RECTO_NODE_MATH || t == RECTO_NODE_RAW_INLINE ||
         (t == RECTO_NODE_SPAN && recto_node_lang(n));
}

typedef struct nodes {
  recto_node **v;
  const char **lang; /* the language each one inherits */
  size_t n, cap, lang_cap;
} nodes;

static void S_push(nodes *ns, recto_node *n, const char *lang) {
  ns->v = pt_grow(ns->v, &ns->cap, ns->n + 1, sizeof *ns->v);
  ns->lang = pt_grow(ns->lang, &ns->lang_cap, ns->n + 1, sizeof *ns->lang);
  ns->v[ns->n] = n;
  ns->lang[ns->n++] = lang;
}

static void S_nodes_free(nodes *ns) {
  free(ns->v);
  free(ns->lang);
}

/* What a walk does with an inline block or a TEXT node it enters; it
   may set the block's language, which its content then inherits. */
typedef void (*S_visit)(void *user, recto_node *n, const char *inherited);

/* Every inline block and every TEXT node in open inline content, in
   document order.  The language each node inherits is kept on a stack
   as the walk goes down, so that the walk stays linear however deep the
   nesting (asking each node for its effective language would climb to
   the root every time). */
static void S_walk(recto_doc *doc, S_visit visit, void *user) {
  recto_iter *it = recto_iter_new(recto_doc_root(doc));
  const char **stack = NULL;
  size_t depth = 0, cap = 0;
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    recto_node_type t = recto_node_type_of(n);
    const char *inherited = depth ? stack[depth - 1] : recto_doc_lang(doc);
    if (ev == RECTO_EVENT_EXIT) {
      depth -= depth > 0;
      continue;
    }
    if (S_closed(n) || t == RECTO_NODE_CODE_BLOCK ||
        t == RECTO_NODE_RAW_BLOCK || t == RECTO_NODE_TABLE_FLAT) {
      if (!recto_node_is_leaf(t))
        recto_iter_skip_children(it);
    } else if (S_inline_block(t)) {
      visit(user, n, inherited);
    } else if (t == RECTO_NODE_TEXT) {
      const char *own = recto_node_lang(n);
      visit(user, n, own ? own : inherited);
    }
    if (recto_node_is_leaf(t))
      continue;
    stack = pt_grow(stack, &cap, depth + 1, sizeof *stack);
    const char *own = recto_node_lang(n); /* after visit() may set it */
    stack[depth++] = own ? own : inherited;
  }
  free(stack);
  recto_iter_free(it);
}

static void S_collect_texts(void *user, recto_node *n, const char *lang) {
  if (recto_node_type_of(n) == RECTO_NODE_TEXT)
    S_push(user, n, lang);
}

static void S_collect_blocks(void *user, recto_node *n, const char *lang) {
  if (recto_node_type_of(n) != RECTO_NODE_TEXT)
    S_push(user, n, lang);
}

static recto_node *S_text(recto_doc *doc, const char *s, size_t len,
                          recto_pos pos) {
  recto_node *t = recto_node_new_text(doc, s, len);
  recto_node_set_pos(t, pos);
  return t;
}

/* ---- languages ---- */

static const char *S_lang_of(pt_ctx *p, const char *s, size_t len) {
  pt_langcount c;
  memset(&c, 0, sizeof c);
  pt_lang_count(s, len, &c);
  return pt_lang_pick(&c, p->latin_lang, p->arabic_lang);
}

static void S_split_runs(pt_ctx *p, recto_node *t, const char *lang) {
  if (!lang)
    return;
  int rtl = recto_lang_is_rtl(lang);
  const char *s = recto_node_text(t);
  size_t len = recto_node_text_len(t), i = 0, a, b, pos = 0;
  recto_pos where = recto_node_pos(t);
  int changed = 0;
  recto_script other = rtl ? RECTO_SCRIPT_LATIN : RECTO_SCRIPT_ARABIC;
  while (pt_lang_next_run(s, len, other, &i, &a, &b)) {
    const char *rl = rtl ? S_lang_of(p, s + a, b - a) : p->arabic_lang;
    if (!rl || strcmp(rl, lang) == 0)
      continue;
    if (a > pos)
      recto_node_insert_before(t, S_text(p->doc, s + pos, a - pos, where));
    recto_node *span = recto_node_new(p->doc, RECTO_NODE_SPAN);
    recto_node_set_pos(span, where);
    recto_node_set_lang(span, rl);
    recto_node_set_dir(span, rtl ? RECTO_DIR_LTR : RECTO_DIR_RTL);
    recto_node_append(span, S_text(p->doc, s + a, b - a, where));
    recto_node_insert_before(t, span);
    pos = b;
    changed = 1;
  }
  if (!changed)
    return;
  if (pos < len)
    recto_node_insert_before(t, S_text(p->doc, s + pos, len - pos, where));
  recto_node_unlink(t);
}

/* The reader's state, as much of it as a transform needs. */
static void S_init(pt_ctx *p, recto_context *ctx, recto_doc *doc) {
  memset(p, 0, sizeof *p);
  p->ctx = ctx;
  p->doc = doc;
  p->latin_lang = "en";
  p->arabic_lang = "fa";
}

/* The second walk of the languages step: each inline block whose text
   is in another language than the one it inherits is tagged with it (in
   document order, so that a block inside a tagged one inherits the tag);
   the TEXT nodes are collected with the language they then inherit. */
typedef struct S_tagging {
  pt_ctx *p;
  const char **plain; /* the blocks' text, in walk order */
  size_t next, tagged;
  nodes texts;
} S_tagging;

static void S_tag(void *user, recto_node *n, const char *inherited) {
  S_tagging *g = user;
  if (recto_node_type_of(n) == RECTO_NODE_TEXT) {
    S_push(&g->texts, n, inherited);
    return;
  }
  const char *plain = g->plain[g->next++];
  if (recto_node_lang(n))
    return;
  const char *l = S_lang_of(g->p, plain, strlen(plain));
  if (!l || (inherited && strcmp(l, inherited) == 0))
    return;
  recto_node_set_lang(n, l);
  recto_node_set_dir(n, recto_lang_is_rtl(l) ? RECTO_DIR_RTL : RECTO_DIR_LTR);
  g->tagged++;
}

static recto_status S_languages(recto_context *ctx, recto_doc *doc,
                                const recto_options *opts) {
  (void)opts;
  pt_ctx p;
  S_init(&p, ctx, doc);
  nodes blocks = {0};
  S_walk(doc, S_collect_blocks, &blocks);
  /* the document's languages from all of its text */
  pt_langcount total;
  memset(&total, 0, sizeof total);
  const char **plain = recto_xcalloc(1, (blocks.n + 1) * sizeof *plain);
  for (size_t k = 0; k < blocks.n; k++) {
    plain[k] = recto_node_plain_text(blocks.v[k]);
    pt_lang_count(plain[k], strlen(plain[k]), &total);
  }
  p.arabic_lang = total.fa >= total.ar ? "fa" : "ar";
  pt_langcount latin = total;
  latin.arabic = latin.cyrillic = latin.hebrew = 0;
  p.latin_lang = latin.latin ? pt_lang_pick(&latin, "en", NULL) : "en";
  if (!recto_doc_lang(doc)) {
    const char *l = pt_lang_pick(&total, p.latin_lang, p.arabic_lang);
    if (l) {
      recto_doc_set_lang(doc, l);
      recto_doc_set_dir(doc, recto_lang_is_rtl(l) ? RECTO_DIR_RTL
                                                  : RECTO_DIR_LTR);
    }
  }
  S_tagging g = {&p, plain, 0, 0, {0}};
  S_walk(doc, S_tag, &g);
  for (size_t k = 0; k < g.texts.n; k++)
    S_split_runs(&p, g.texts.v[k], g.texts.lang[k]);
  recto_diag_emit(ctx, RECTO_DIAG_INFO, "languages", NULL,
                  "blocks tagged with their language: %zu", g.tagged);
  recto_doc_add_step(doc, "languages",
                     "language and direction per block and per run");
  free(plain);
  S_nodes_free(&blocks);
  S_nodes_free(&g.texts);
  return RECTO_OK;
}

/* ---- author-year citations ---- */

static void S_known_entries(pt_ctx *p) {
  recto_node *bib = recto_doc_bibliography(p->doc, 0);
  if (!bib)
    return;
  for (recto_node *n = recto_node_first_child(bib); n;
       n = recto_node_next(n)) {
    recto_bib_entry *e = recto_node_bib_entry(n);
    if (e)
      pt_biblio_known(p, e);
  }
}

static recto_status S_author_year(recto_context *ctx, recto_doc *doc,
                                  const recto_options *opts) {
  (void)opts;
  pt_ctx p;
  S_init(&p, ctx, doc);
  S_known_entries(&p);
  nodes texts = {0};
  S_walk(doc, S_collect_texts, &texts);
  size_t found = 0;
  for (size_t k = 0; k < texts.n; k++) {
    recto_node *t = texts.v[k];
    const char *s = recto_node_text(t);
    size_t len = recto_node_text_len(t);
    pt_cites cs;
    memset(&cs, 0, sizeof cs);
    pt_cites_find(s, len, pt_has_arabic(s, len), &cs);
    pt_cites_confirm(&p, s, &cs);
    if (!cs.n) {
      pt_cites_free(&cs);
      continue;
    }
    recto_pos where = recto_node_pos(t);
    size_t pos = 0;
    for (size_t c = 0; c < cs.n; c++) {
      const pt_cite *ci = &cs.v[c];
      if (ci->start > pos)
        recto_node_insert_before(t, S_text(doc, s + pos, ci->start - pos,
                                           where));
      recto_node *cite = recto_node_new(doc, RECTO_NODE_CITE);
      recto_node_set_pos(cite, where);
      for (uint32_t q = 0; q < ci->nitems; q++) {
        const pt_cite_item *it = &cs.items[ci->first_item + q];
        recto_bib_entry *e =
            pt_biblio_lookup(&p, s + it->a, it->b - it->a, it->year);
        recto_cite_item *item = recto_cite_add_item(cite);
        if (e) {
          item->key = e->id;
          item->entry = e;
          e->cited++;
        } else {
          item->key = pt_biblio_unresolved_key(&p, s + it->a, it->b - it->a,
                                               it->year, it->suffix);
        }
        item->mode = it->mode ? it->mode : ci->mode;
        if (it->lb > it->la)
          item->locator = recto_strndup(doc, s + it->la, it->lb - it->la);
      }
      recto_node_append(cite, S_text(doc, s + ci->start,
                                     ci->end - ci->start, where));
      recto_node_insert_before(t, cite);
      pos = ci->end;
      found++;
    }
    if (pos < len)
      recto_node_insert_before(t, S_text(doc, s + pos, len - pos, where));
    recto_node_unlink(t);
    pt_cites_free(&cs);
  }
  recto_diag_emit(ctx, RECTO_DIAG_INFO, "author-year", NULL,
                  "citations: %zu; without an entry (unresolved): %zu", found,
                  p.n.unresolved);
  recto_doc_add_step(doc, "author-year", "author-year citations recognised");
  S_nodes_free(&texts);
  free(p.entries);
  pt_map_free(&p.entries_by_author);
  pt_map_free(&p.entry_ids);
  return RECTO_OK;
}

static const recto_plugin S_transforms[] = {
    {RECTO_PLUGIN_HEADER, RECTO_PLUGIN_TRANSFORM, 0, "languages", NULL, NULL,
     NULL, "language and direction of blocks and runs, as the plain reader "
     "finds them", "0.1.0", NULL, NULL, NULL, S_languages,
     NULL, {NULL, NULL, NULL}},
    {RECTO_PLUGIN_HEADER, RECTO_PLUGIN_TRANSFORM, 0, "author-year", NULL,
     NULL, NULL, "author-year citations in running text, linked to the "
     "bibliography", "0.1.0", NULL, NULL, NULL, S_author_year,
     NULL, {NULL, NULL, NULL}},
};

const recto_plugin *pt_transform_descriptor(uint32_t i) {
  return i < sizeof S_transforms / sizeof S_transforms[0] ? &S_transforms[i]
                                                          : NULL;
}
