/* build.c: classified lines into the document tree.
 *
 * Blocks are made in line order.  The text of a block is gathered into
 * one buffer with events at offsets (soft breaks, page breaks, note
 * markers), so that citations and URLs can be found across line ends and
 * the inlines come out in one pass: text, runs of another script in a
 * span with their language and direction, citations and links as
 * containers, notes at their markers, page breaks where the page turned.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plain.h"

enum { EV_SOFT, EV_PB, EV_NOTE };

typedef struct ev {
  uint32_t at, len;
  uint8_t kind;
  int32_t idx;
} ev;

typedef struct seg {
  uint32_t at, line, b;
} seg;

typedef struct run {
  recto_buf text;
  ev *ev;
  size_t nev, capev;
  seg *seg;
  size_t nseg, capseg;
} run;

typedef struct range {
  uint32_t a, b;
  int link;       /* 1: a URL, 0: a citation */
  size_t cite;    /* index in the cites */
} range;

typedef struct bstate {
  pt_ctx *p;
  size_t pbi;             /* the next page break to place */
  recto_node *list;       /* the open list, if any */
  pt_item last_item;
  int list_tight;
  size_t *orphans;        /* notes without a marker, by line */
  size_t norphans, caporphans, oi;
  recto_node *bib;        /* the bibliography node */
  const char *doc_lang;
  int doc_rtl;
} bstate;

static void S_run_clear(run *r) {
  recto_buf_clear(&r->text);
  r->nev = r->nseg = 0;
}

static void S_run_free(run *r) {
  recto_buf_free(&r->text);
  free(r->ev);
  free(r->seg);
}

static void S_event(run *r, uint32_t at, uint32_t len, int kind,
                    int32_t idx) {
  r->ev = pt_grow(r->ev, &r->capev, r->nev + 1, sizeof *r->ev);
  ev *e = &r->ev[r->nev++];
  e->at = at;
  e->len = len;
  e->kind = (uint8_t)kind;
  e->idx = idx;
}

/* First anchor on line >= li. */
static size_t S_anchor_from(const pt_ctx *p, size_t li) {
  size_t lo = 0, hi = p->nanchors;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (p->anchors[mid].line < li)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* Add line li's bytes [b, e) to the run, joined as the line says. */
static void S_run_line(bstate *st, run *r, size_t li, uint32_t b, uint32_t e,
                       int join, int take_pbs) {
  pt_ctx *p = st->p;
  const pt_line *l = &p->lines[li];
  if (r->nseg > 0) {
    while (take_pbs && st->pbi < p->npbs && p->pbs[st->pbi].before <= li) {
      S_event(r, (uint32_t)r->text.len, 0, EV_PB, (int32_t)st->pbi);
      st->pbi++;
    }
    if (join == PT_J_UNHYPHEN && r->text.len &&
        r->text.data[r->text.len - 1] == '-') {
      recto_buf_truncate(&r->text, r->text.len - 1);
    } else if (join != PT_J_HYPHEN && join != PT_J_UNHYPHEN) {
      S_event(r, (uint32_t)r->text.len, 1, EV_SOFT, -1);
      recto_buf_putc(&r->text, ' ');
    }
  }
  r->seg = pt_grow(r->seg, &r->capseg, r->nseg + 1, sizeof *r->seg);
  seg *sg = &r->seg[r->nseg++];
  sg->at = (uint32_t)r->text.len;
  sg->line = (uint32_t)li;
  sg->b = b;
  recto_buf_put(&r->text, l->s + b, e - b);
  for (size_t k = S_anchor_from(p, li);
       k < p->nanchors && p->anchors[k].line == li; k++) {
    const pt_anchor *an = &p->anchors[k];
    if (an->off >= b && an->off + an->len <= e)
      S_event(r, sg->at + an->off - b, an->len, EV_NOTE, (int32_t)k);
  }
}

static recto_pos S_pos(const bstate *st, const run *r, uint32_t at) {
  size_t lo = 0, hi = r->nseg;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (r->seg[mid].at <= at)
      lo = mid + 1;
    else
      hi = mid;
  }
  recto_pos none = {0, 0, 0};
  if (!lo)
    return none;
  const seg *sg = &r->seg[lo - 1];
  const pt_line *l = &st->p->lines[sg->line];
  uint32_t off = sg->b + (at - sg->at);
  if (off > l->len)
    off = l->len;
  return pt_line_pos(st->p, l, off);
}

static const char *S_text_lang(bstate *st, const char *s, size_t len) {
  pt_langcount c;
  memset(&c, 0, sizeof c);
  pt_lang_count(s, len, &c);
  return pt_lang_pick(&c, st->p->latin_lang, st->p->arabic_lang);
}

/* Set lang/dir on node when they differ from what it inherits. */
static void S_set_lang(bstate *st, recto_node *n, const char *lang,
                       const char *inherited) {
  if (!lang || !st->p->on.language)
    return;
  if (inherited && strcmp(lang, inherited) == 0)
    return;
  recto_node_set_lang(n, lang);
  int rtl = pt_lang_rtl(lang);
  int inherited_rtl = inherited ? pt_lang_rtl(inherited) : 0;
  if (rtl != inherited_rtl || !inherited)
    recto_node_set_dir(n, rtl ? RECTO_DIR_RTL : RECTO_DIR_LTR);
}

/* ---- inline emission ---- */

static recto_node *S_note_node(bstate *st, size_t anchor);

static void S_text(bstate *st, recto_node *parent, const run *r, uint32_t a,
                   uint32_t b, const char *block_lang) {
  pt_ctx *p = st->p;
  if (a >= b)
    return;
  const char *s = r->text.data;
  int rtl = block_lang && pt_lang_rtl(block_lang);
  if (!p->on.language || !block_lang) {
    recto_node *t = recto_node_new_text(p->doc, s + a, b - a);
    recto_node_set_pos(t, S_pos(st, r, a));
    recto_node_append(parent, t);
    return;
  }
  recto_script other = rtl ? RECTO_SCRIPT_LATIN : RECTO_SCRIPT_ARABIC;
  size_t i = a, ra, rb, pos = a;
  while (pt_lang_next_run(s, b, other, &i, &ra, &rb)) {
    const char *lang = rtl ? S_text_lang(st, s + ra, rb - ra)
                           : p->arabic_lang;
    if (!lang || (block_lang && strcmp(lang, block_lang) == 0))
      continue;
    if (ra > pos) {
      recto_node *t = recto_node_new_text(p->doc, s + pos, ra - pos);
      recto_node_set_pos(t, S_pos(st, r, (uint32_t)pos));
      recto_node_append(parent, t);
    }
    recto_node *span = recto_node_new(p->doc, RECTO_NODE_SPAN);
    recto_node_set_pos(span, S_pos(st, r, (uint32_t)ra));
    recto_node_set_lang(span, lang);
    recto_node_set_dir(span, rtl ? RECTO_DIR_LTR : RECTO_DIR_RTL);
    recto_node *t = recto_node_new_text(p->doc, s + ra, rb - ra);
    recto_node_set_pos(t, S_pos(st, r, (uint32_t)ra));
    recto_node_append(span, t);
    recto_node_append(parent, span);
    pos = rb;
  }
  if (pos < b) {
    recto_node *t = recto_node_new_text(p->doc, s + pos, b - pos);
    recto_node_set_pos(t, S_pos(st, r, (uint32_t)pos));
    recto_node_append(parent, t);
  }
}

static recto_node *S_page_break(bstate *st, size_t k) {
  pt_ctx *p = st->p;
  const pt_pb *pb = &p->pbs[k];
  recto_node *n = recto_node_new(p->doc, RECTO_NODE_PAGE_BREAK);
  recto_page_set(n, pb->label, pb->source, pb->header, pb->footer);
  size_t li = pb->before < p->nlines ? pb->before : p->nlines - 1;
  if (p->nlines)
    recto_node_set_pos(n, pt_line_pos(p, &p->lines[li], 0));
  p->n.pages++;
  return n;
}

static void S_emit(bstate *st, recto_node *parent, const run *r, uint32_t a,
                   uint32_t b, const char *block_lang) {
  size_t lo = 0, hi = r->nev;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (r->ev[mid].at < a)
      lo = mid + 1;
    else
      hi = mid;
  }
  uint32_t pos = a;
  for (size_t k = lo; k < r->nev && r->ev[k].at < b; k++) {
    const ev *e = &r->ev[k];
    if (e->at > pos)
      S_text(st, parent, r, pos, e->at, block_lang);
    if (e->at < pos)
      continue;
    switch (e->kind) {
    case EV_SOFT: {
      recto_node *n = recto_node_new(st->p->doc, RECTO_NODE_SOFT_BREAK);
      recto_node_append(parent, n);
      pos = e->at + e->len;
      break;
    }
    case EV_PB:
      recto_node_append(parent, S_page_break(st, (size_t)e->idx));
      pos = e->at;
      break;
    case EV_NOTE: {
      recto_node *n = S_note_node(st, (size_t)e->idx);
      if (n) {
        recto_node_set_pos(n, S_pos(st, r, e->at));
        recto_node_append(parent, n);
        pos = e->at + e->len;
      } else {
        pos = e->at;
      }
      break;
    }
    }
  }
  if (pos < b)
    S_text(st, parent, r, pos, b, block_lang);
}

static int S_cmp_range(const void *x, const void *y) {
  const range *a = x, *b = y;
  return a->a < b->a ? -1 : a->a > b->a;
}

static recto_node *S_cite_node(bstate *st, const run *r, const pt_cites *cs,
                               size_t ci) {
  pt_ctx *p = st->p;
  const pt_cite *c = &cs->v[ci];
  const char *s = r->text.data;
  recto_node *n = recto_node_new(p->doc, RECTO_NODE_CITE);
  for (uint32_t k = 0; k < c->nitems; k++) {
    const pt_cite_item *it = &cs->items[c->first_item + k];
    recto_bib_entry *e = NULL;
    if (it->num)
      e = it->num <= p->max_number ? p->by_number[it->num] : NULL;
    else
      e = pt_biblio_lookup(p, s + it->a, it->b - it->a, it->year);
    if (!e && !it->num && !it->year)
      e = pt_biblio_lookup(p, s + it->a, it->b - it->a, 0);
    recto_cite_item *item = recto_cite_add_item(n);
    item->mode = it->mode ? it->mode : c->mode;
    if (e) {
      item->key = e->id;
      item->entry = e;
      e->cited++;
    } else if (it->num) {
      char key[32];
      snprintf(key, sizeof key, "ref-%u", (unsigned)it->num);
      item->key = recto_strdup(p->doc, key);
      p->n.unresolved++;
    } else {
      item->key = pt_biblio_unresolved_key(p, s + it->a, it->b - it->a,
                                           it->year, it->suffix);
    }
    if (it->lb > it->la) {
      item->locator = recto_strndup(p->doc, s + it->la, it->lb - it->la);
      item->label = "page";
    }
    p->n.cite_items++;
  }
  p->n.cites++;
  return n;
}

/* The inlines of a run into parent: links and citations as containers,
   the rest through S_emit.  wrap: put everything inside one citation of
   that entry (a note that cites a web source). */
static void S_inlines(bstate *st, recto_node *parent, const run *r,
                      const char *block_lang, recto_bib_entry *wrap) {
  pt_ctx *p = st->p;
  const char *s = r->text.data ? r->text.data : "";
  size_t len = r->text.len;
  if (wrap) {
    recto_node *cite = recto_node_new(p->doc, RECTO_NODE_CITE);
    recto_cite_item *item = recto_cite_add_item(cite);
    item->key = wrap->id;
    item->entry = wrap;
    wrap->cited++;
    p->n.cites++;
    p->n.cite_items++;
    recto_node_set_pos(cite, S_pos(st, r, 0));
    recto_node_append(parent, cite);
    parent = cite;
  }
  range *rs = NULL;
  size_t nr = 0, capr = 0;
  size_t i = 0, ua, ub;
  while (pt_find_url(s, len, &i, &ua, &ub)) {
    rs = pt_grow(rs, &capr, nr + 1, sizeof *rs);
    rs[nr++] = (range){(uint32_t)ua, (uint32_t)ub, 1, 0};
  }
  size_t nlinks = nr;
  pt_cites cs;
  memset(&cs, 0, sizeof cs);
  if (p->on.citations && !wrap) {
    /* the visual-order rules apply wherever right-to-left text is */
    pt_cites_find(s, len, pt_has_arabic(s, len), &cs);
    pt_cites_confirm(p, s, &cs);
    if (p->max_number)
      pt_cites_numeric(s, len, (uint32_t)p->max_number,
                       p->glued_cites ? p : NULL, &cs);
    /* links and citations are both in text order: one pass over both */
    size_t q = 0;
    for (size_t k = 0; k < cs.n; k++) {
      while (q < nlinks && rs[q].b <= cs.v[k].start)
        q++;
      if (q < nlinks && rs[q].a < cs.v[k].end)
        continue; /* a citation overlapping a URL */
      rs = pt_grow(rs, &capr, nr + 1, sizeof *rs);
      rs[nr++] = (range){cs.v[k].start, cs.v[k].end, 0, k};
    }
  }
  if (nr > 1)
    qsort(rs, nr, sizeof *rs, S_cmp_range);
  uint32_t pos = 0;
  for (size_t k = 0; k < nr; k++) {
    range *g = &rs[k];
    if (g->a < pos)
      continue;
    S_emit(st, parent, r, pos, g->a, block_lang);
    recto_node *n;
    if (g->link) {
      n = recto_node_new(p->doc, RECTO_NODE_LINK);
      if (g->b - g->a > 4 && memcmp(s + g->a, "www.", 4) == 0) {
        char *u = recto_alloc(p->doc, g->b - g->a + 8);
        memcpy(u, "http://", 7);
        memcpy(u + 7, s + g->a, g->b - g->a);
        recto_node_set_url(n, u);
      } else {
        char *u = recto_strndup(p->doc, s + g->a, g->b - g->a);
        recto_node_set_url(n, u);
      }
    } else {
      n = S_cite_node(st, r, &cs, g->cite);
    }
    recto_node_set_pos(n, S_pos(st, r, g->a));
    const char *lang = S_text_lang(st, s + g->a, g->b - g->a);
    S_set_lang(st, n, lang, block_lang);
    S_emit(st, n, r, g->a, g->b, NULL);
    recto_node_append(parent, n);
    pos = g->b;
  }
  S_emit(st, parent, r, pos, (uint32_t)len, block_lang);
  free(rs);
  pt_cites_free(&cs);
}

/* ---- notes ---- */

/* The lines of a note as a run (its own, out of line order). */
static void S_note_run(bstate *st, const pt_note *note, run *r) {
  pt_ctx *p = st->p;
  S_run_clear(r);
  for (uint32_t q = note->first; q <= note->last; q++) {
    const pt_line *l = &p->lines[q];
    if (pt_blank(l))
      continue;
    S_run_line(st, r, q, l->b, l->e, r->nseg ? l->join : PT_J_NEW, 0);
  }
}

static recto_node *S_note_para(bstate *st, const pt_note *note) {
  pt_ctx *p = st->p;
  run r;
  memset(&r, 0, sizeof r);
  S_note_run(st, note, &r);
  recto_node *para = recto_node_new(p->doc, RECTO_NODE_PARAGRAPH);
  recto_node_set_pos(para, S_pos(st, &r, 0));
  const char *s = r.text.data ? r.text.data : "";
  const char *lang =
      p->on.language ? S_text_lang(st, s, r.text.len) : NULL;
  S_set_lang(st, para, lang, st->doc_lang);
  const char *eff = lang ? lang : st->doc_lang;
  /* "title, URL": the note cites a web source */
  recto_bib_entry *wrap = NULL;
  size_t i = 0, ua, ub;
  if (p->on.bibliography && p->on.citations &&
      pt_find_url(s, r.text.len, &i, &ua, &ub)) {
    pt_cites cs;
    memset(&cs, 0, sizeof cs);
    pt_cites_find(s, r.text.len, pt_has_arabic(s, r.text.len), &cs);
    pt_cites_confirm(p, s, &cs);
    if (!cs.n) {
      size_t te = ua;
      while (te > 0 && strchr(" ,.:-", s[te - 1]))
        te--;
      wrap = pt_biblio_web(p, s, te, s + ua, ub - ua, s, r.text.len);
      wrap->pos = S_pos(st, &r, 0);
    }
    pt_cites_free(&cs);
  }
  S_inlines(st, para, &r, eff, wrap);
  S_run_free(&r);
  return para;
}

static recto_node *S_note_node(bstate *st, size_t anchor) {
  pt_ctx *p = st->p;
  if (anchor >= p->nanchors || p->anchors[anchor].note < 0)
    return NULL;
  const pt_anchor *an = &p->anchors[anchor];
  const pt_note *note = &p->notes[an->note];
  const pt_line *l = &p->lines[an->line];
  recto_node *n = recto_node_new(p->doc, RECTO_NODE_NOTE);
  recto_node_set_pos(n, pt_line_pos(p, l, an->off));
  recto_node_set_marker(n, recto_strndup(p->doc, l->s + an->off, an->len));
  recto_node_append(n, S_note_para(st, note));
  return n;
}

/* ---- blocks ---- */

static void S_close_list(bstate *st) { st->list = NULL; }

/* Blocks go to the document's root (the reader makes no sections: the
   writers that want them call recto_doc_sectionize). */
static recto_node *S_container(bstate *st) {
  return recto_doc_root(st->p->doc);
}

/* Page breaks up to line li between blocks (inside the open list's last
   item, so that the list stays one). */
static void S_flush_pbs(bstate *st, size_t li) {
  pt_ctx *p = st->p;
  while (st->pbi < p->npbs && p->pbs[st->pbi].before <= li) {
    recto_node *n = S_page_break(st, st->pbi);
    recto_node *parent = S_container(st);
    if (st->list && recto_node_last_child(st->list))
      parent = recto_node_last_child(st->list);
    recto_node_append(parent, n);
    st->pbi++;
  }
}

static void S_orphans(bstate *st, size_t before) {
  pt_ctx *p = st->p;
  while (st->oi < st->norphans &&
         p->notes[st->orphans[st->oi]].first < before) {
    const pt_note *note = &p->notes[st->orphans[st->oi++]];
    recto_node *div = recto_node_new(p->doc, RECTO_NODE_DIV);
    recto_node_add_class(div, "orphan-note");
    recto_node_set_attr(div, "n", recto_strndup(p->doc, note->num,
                                                 note->numlen));
    recto_node *para = S_note_para(st, note);
    /* the number as printed stays in the text */
    recto_node *num = recto_node_new_text(p->doc, note->num, note->numlen);
    recto_node *sp = recto_node_new_text(p->doc, " ", 1);
    recto_node *first = recto_node_first_child(para);
    if (first) {
      recto_node_insert_before(first, num);
      recto_node_insert_after(num, sp);
    } else {
      recto_node_append(para, num);
    }
    recto_node_set_pos(div, recto_node_pos(para));
    recto_node_append(div, para);
    S_close_list(st);
    recto_node_append(S_container(st), div);
  }
}

static void S_block_lang(bstate *st, recto_node *n, const run *r,
                         const char **eff) {
  const char *s = r->text.data ? r->text.data : "";
  const char *lang =
      st->p->on.language ? S_text_lang(st, s, r->text.len) : NULL;
  S_set_lang(st, n, lang, st->doc_lang);
  *eff = lang ? lang : st->doc_lang;
}

static size_t S_heading(bstate *st, size_t i, run *r) {
  pt_ctx *p = st->p;
  pt_line *l = &p->lines[i];
  uint32_t b = l->b, e = l->e;
  const char *s = l->s;
  /* "## Title ##", "**Title:**", "Title :" */
  while (b < e && s[b] == '#')
    b++;
  while (b < e && e - b >= 2 && s[b] == '*' && s[b + 1] == '*' &&
         s[e - 1] == '*' && s[e - 2] == '*')
    b += 2, e -= 2;
  while (b < e && s[b] == ' ')
    b++;
  while (e > b && (s[e - 1] == '#' || s[e - 1] == ' '))
    e--;
  while (e > b && (s[e - 1] == ':' || s[e - 1] == ' '))
    e--;
  while (b < e && e - b >= 2 && s[b] == '*' && s[b + 1] == '*' &&
         s[e - 1] == '*' && s[e - 2] == '*')
    b += 2, e -= 2;
  if (b >= e)
    b = l->b, e = l->e;
  S_run_clear(r);
  S_run_line(st, r, i, b, e, PT_J_NEW, 0);
  /* the lines of a heading the extraction broke */
  for (size_t j = i + 1; j < p->nlines; j++) {
    const pt_line *n = &p->lines[j];
    if (pt_blank(n) || n->kind == PT_FURNITURE)
      continue;
    if (n->kind != PT_HEADING || !(n->flags & PT_F_HCONT))
      break;
    S_run_line(st, r, j, n->b, n->e, PT_J_SOFT, 0);
    i = j;
  }
  recto_node *h = recto_node_new(p->doc, RECTO_NODE_HEADING);
  recto_node_set_level(h, l->aux > 0 ? l->aux : 1);
  p->n.headings++;
  recto_node_set_pos(h, pt_line_pos(p, l, b));
  const char *eff;
  S_block_lang(st, h, r, &eff);
  S_inlines(st, h, r, eff, NULL);
  S_close_list(st);
  if ((l->flags & PT_F_BIBHEAD) && p->on.bibliography) {
    if (!st->bib) {
      st->bib = recto_node_new(p->doc, RECTO_NODE_BIBLIOGRAPHY);
      recto_node_set_pos(st->bib, recto_node_pos(h));
      recto_node_append(S_container(st), st->bib);
    }
    recto_node_append(st->bib, h);
  } else {
    recto_node_append(S_container(st), h);
  }
  return i + 1;
}

static size_t S_table(bstate *st, size_t i) {
  pt_ctx *p = st->p;
  recto_buf t = RECTO_BUF_INIT;
  size_t last = i;
  int id = p->lines[i].aux;
  for (size_t j = i; j < p->nlines; j++) {
    const pt_line *l = &p->lines[j];
    if (pt_blank(l) || l->kind == PT_FURNITURE || l->kind == PT_NOTE)
      continue;
    if (l->kind != PT_TABLE || l->aux != id)
      break;
    if (t.len)
      recto_buf_putc(&t, '\n');
    recto_buf_put(&t, pt_c(l), pt_clen(l));
    last = j;
  }
  recto_node *n = recto_node_new(p->doc, RECTO_NODE_TABLE_FLAT);
  recto_node_set_text(n, t.data ? t.data : "", t.len);
  recto_node_set_pos(n, pt_line_pos(p, &p->lines[i], p->lines[i].b));
  S_close_list(st);
  recto_node_append(S_container(st), n);
  recto_buf_free(&t);
  /* notes whose markers sit in the table follow it */
  recto_node *plain = NULL;
  for (size_t k = S_anchor_from(p, i);
       k < p->nanchors && p->anchors[k].line <= last; k++) {
    if (p->lines[p->anchors[k].line].kind != PT_TABLE)
      continue;
    recto_node *note = S_note_node(st, k);
    if (!note)
      continue;
    if (!plain) {
      plain = recto_node_new(p->doc, RECTO_NODE_PLAIN);
      recto_node_set_pos(plain, recto_node_pos(note));
      recto_node_add_class(plain, "table-notes");
      recto_node_append(S_container(st), plain);
    }
    recto_node_append(plain, note);
  }
  return last + 1;
}

/* A paragraph or a list item: line i and the lines joined to it. */
/* Lines of verse (PT_F_VERSE) up to a stanza's gap: a line block. */
static size_t S_verse_block(bstate *st, size_t i, run *r) {
  pt_ctx *p = st->p;
  S_close_list(st);
  recto_node *lb = recto_node_new(p->doc, RECTO_NODE_LINE_BLOCK);
  recto_node_set_pos(lb, pt_line_pos(p, &p->lines[i], p->lines[i].b));
  recto_node_append(S_container(st), lb);
  for (size_t j = i;;) {
    const pt_line *l = &p->lines[j];
    S_run_clear(r);
    S_run_line(st, r, j, l->b, l->e, PT_J_NEW, 1);
    recto_node *line = recto_node_new(p->doc, RECTO_NODE_LINE);
    recto_node_set_pos(line, pt_line_pos(p, l, l->b));
    const char *eff;
    S_block_lang(st, line, r, &eff);
    S_inlines(st, line, r, eff, NULL);
    recto_node_append(lb, line);
    size_t k = j + 1;
    while (k < p->nlines &&
           (pt_blank(&p->lines[k]) || p->lines[k].kind == PT_FURNITURE ||
            p->lines[k].kind == PT_NOTE || p->lines[k].kind == PT_FRONT))
      k++;
    if (k >= p->nlines || p->lines[k].kind != PT_TEXT ||
        !(p->lines[k].flags & PT_F_VERSE) ||
        p->lines[k].blanks > p->spacing)
      return j + 1;
    j = k;
  }
}

static size_t S_text_block(bstate *st, size_t i, run *r) {
  pt_ctx *p = st->p;
  pt_line *l = &p->lines[i];
  if (l->flags & PT_F_VERSE)
    return S_verse_block(st, i, r);
  pt_item *item = (l->flags & PT_F_ITEM) ? pt_item_at(p, (uint32_t)i) : NULL;
  uint32_t b = l->b, e = l->e;
  if (item) {
    b += item->cut_b;
    e -= item->cut_e;
  }
  S_run_clear(r);
  S_run_line(st, r, i, b, e, PT_J_NEW, 1);
  size_t last = i;
  for (size_t j = i + 1; j < p->nlines; j++) {
    const pt_line *n = &p->lines[j];
    if (pt_blank(n) || n->kind == PT_FURNITURE || n->kind == PT_NOTE ||
        n->kind == PT_FRONT)
      continue;
    if (n->kind != PT_TEXT || n->join == PT_J_NEW)
      break;
    S_run_line(st, r, j, n->b, n->e, n->join, 1);
    last = j;
  }
  recto_node *block;
  recto_node *target;
  if (item) {
    int compatible =
        st->list && recto_list_kind_of(st->list) == item->kind &&
        (item->kind == RECTO_LIST_BULLET ||
         (item->delim == st->last_item.delim &&
          item->number == st->last_item.number + 1));
    if (!compatible) {
      st->list = recto_node_new(p->doc, RECTO_NODE_LIST);
      recto_list_set_kind(st->list, item->kind);
      if (item->kind == RECTO_LIST_ORDERED) {
        recto_list_set_style(st->list, item->style);
        recto_list_set_delim(st->list, item->delim);
        recto_list_set_start(st->list, item->number);
      }
      /* tight when the next item follows without a blank line */
      pt_item *nx = item + 1 < p->items + p->nitems ? item + 1 : NULL;
      st->list_tight =
          !nx || p->lines[nx->line].blanks <= p->spacing;
      recto_list_set_tight(st->list, st->list_tight);
      recto_node_set_pos(st->list, pt_line_pos(p, l, l->b));
      recto_node_append(S_container(st), st->list);
      p->n.lists++;
    }
    st->last_item = *item;
    recto_node *it = recto_node_new(p->doc, RECTO_NODE_ITEM);
    recto_node_set_pos(it, pt_line_pos(p, l, l->b));
    recto_node_append(st->list, it);
    block = recto_node_new(p->doc, st->list_tight ? RECTO_NODE_PLAIN
                                                  : RECTO_NODE_PARAGRAPH);
    target = it;
  } else {
    S_close_list(st);
    block = recto_node_new(p->doc, RECTO_NODE_PARAGRAPH);
    target = S_container(st);
    p->n.paragraphs++;
  }
  recto_node_set_pos(block, pt_line_pos(p, l, b));
  const char *eff;
  S_block_lang(st, block, r, &eff);
  S_inlines(st, block, r, eff, NULL);
  recto_node_append(target, block);
  return last + 1;
}

/* The entries into the bibliography node (made where the reference
   section stood, else at the end).  Appended here rather than with
   recto_doc_add_entry, which looks for the bibliography through the
   whole tree on every call. */
static void S_entries(bstate *st) {
  pt_ctx *p = st->p;
  if (!p->nentries)
    return;
  if (!st->bib) {
    st->bib = recto_node_new(p->doc, RECTO_NODE_BIBLIOGRAPHY);
    recto_node_append(S_container(st), st->bib);
  }
  for (size_t k = 0; k < p->nentries; k++) {
    recto_node *n = recto_node_new(p->doc, RECTO_NODE_BIB_ENTRY);
    recto_node_set_bib_entry(n, p->entries[k]);
    recto_node_set_pos(n, p->entries[k]->pos);
    recto_node_append(st->bib, n);
  }
}

recto_status pt_build(pt_ctx *p) {
  bstate st;
  memset(&st, 0, sizeof st);
  st.p = p;
  st.doc_lang = p->doc_lang;
  st.doc_rtl = p->doc_lang && pt_lang_rtl(p->doc_lang);
  for (size_t k = 0; k < p->nnotes; k++)
    if (p->notes[k].anchor < 0) {
      st.orphans = pt_grow(st.orphans, &st.caporphans, st.norphans + 1,
                           sizeof *st.orphans);
      st.orphans[st.norphans++] = k;
    }
  run r;
  memset(&r, 0, sizeof r);
  size_t i = 0;
  while (i < p->nlines) {
    pt_line *l = &p->lines[i];
    if (pt_blank(l) || l->kind == PT_FURNITURE || l->kind == PT_FRONT ||
        l->kind == PT_NOTE) {
      i++;
      continue;
    }
    S_orphans(&st, i);
    if (!(l->kind == PT_TEXT && (l->flags & PT_F_ITEM)))
      S_close_list(&st);
    S_flush_pbs(&st, i);
    switch (l->kind) {
    case PT_HEADING:
      i = S_heading(&st, i, &r);
      break;
    case PT_TABLE:
      i = S_table(&st, i);
      break;
    case PT_BIB:
      if (!st.bib && p->on.bibliography) {
        st.bib = recto_node_new(p->doc, RECTO_NODE_BIBLIOGRAPHY);
        recto_node_set_pos(st.bib, pt_line_pos(p, l, l->b));
        recto_node_append(S_container(&st), st.bib);
      }
      i++;
      break;
    default:
      i = S_text_block(&st, i, &r);
      break;
    }
  }
  S_orphans(&st, (size_t)-1);
  S_close_list(&st);
  S_flush_pbs(&st, (size_t)-1);
  S_entries(&st);
  S_run_free(&r);
  free(st.orphans);
  return RECTO_OK;
}
