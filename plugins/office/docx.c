/* docx.c: the DOCX reader.  word/document.xml (found through the
 * package relationships) is walked as a libxml2 tree and mapped onto the
 * model with the help of styles.xml, numbering.xml, footnotes.xml,
 * endnotes.xml, comments.xml and docProps/core.xml.
 *
 * Options:
 *   docx.comments=keep|drop      comments as annotations (default keep)
 *   docx.changes=accept|reject|all
 *                                tracked changes: the text after them
 *                                (default), before them, or both with
 *                                insertions and deletions marked
 *
 * Runs: each run's formatting comes from the document defaults, the
 * paragraph style, the character style and its own properties, in that
 * order.  Direction and language are put on every paragraph and run
 * that has them; what only repeats its parent is dropped once the whole
 * document is read (ox_finish).
 *
 * Fields (fldChar begin/separate/end, fldSimple): the result is kept as
 * text except for PAGE, NUMPAGES, PAGEREF, TOC and INDEX, whose results
 * are generated; HYPERLINK and REF \h become links; reference managers'
 * citations become CITE nodes (cite.c) around their result, and their
 * bibliography field becomes the bibliography (its generated result
 * dropped) when the citations gave entries. */
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>

#include "docx.h"
#include "xmlread.h"
#include "zipin.h"

enum { CH_ACCEPT, CH_REJECT, CH_ALL };

typedef enum S_field_kind {
  F_KEEP = 0, /* the result is the text */
  F_DROP,     /* the result is generated: not text */
  F_LINK,
  F_CITE,
  F_BIBLIOGRAPHY
} S_field_kind;

typedef struct S_field {
  recto_buf code;
  recto_buf data;   /* EN.CITE.DATA held by a field nested in the code */
  int result;       /* past fldChar separate */
  S_field_kind kind;
  recto_node *node; /* LINK or CITE receiving the result */
  size_t depth;     /* its place on the target stack, 0 none */
} S_field;

#define S_MAX_FIELDS 32
#define S_MAX_TARGETS 64

/* The state of one flow of text: the body, a note, a comment. */
typedef struct S_flow {
  S_field fields[S_MAX_FIELDS];
  size_t n_fields, lost_fields;
  recto_node *targets[S_MAX_TARGETS]; /* [0] the paragraph */
  size_t n_targets;
  recto_node *blocks;      /* the container of the current paragraph */
  recto_node *custom_mark; /* a NOTE whose mark is the text that follows */
  int main;                /* the body: page breaks count */
  int since_break;         /* no text since the last page break */
} S_flow;

typedef struct S_rel {
  const char *id, *target;
  int external;
} S_rel;

typedef struct S_reader {
  recto_context *ctx;
  recto_doc *doc;
  ox_pkg *pkg;
  const char *main_dir; /* "word/" */
  S_rel *rels;
  size_t n_rels;
  dx_styles styles;
  dx_numbering *numbering;
  xmlDoc *parts[6];
  /* footnotes, endnotes and comments: the part's root and its entries
     by id (made on first use: a scan per reference is quadratic) */
  xmlNode *note_roots[3];
  xmlHashTable *note_ids[3];
  ox_cites *cites;
  S_flow *flow;
  int changes, drop_comments;
  int footnotes, endnotes; /* numbers given so far */
  int pages;
  int bibliography_placed;
  int title_from_body[2]; /* title, subtitle */
  recto_status status; /* a refusal met on the way (a hostile image) */
  size_t depth; /* nesting of notes in notes, tables in tables */
  const xmlNode *body; /* its blocks are freed once converted */
} S_reader;

/* ---- relationships ---- */

/* A relationship's target resolved against the part it is in
   ("word/document.xml"): "../x" climbs, "/x" starts at the package's
   root; NULL when it would leave the package. */
static const char *S_resolve_path(recto_doc *doc, const char *part,
                                  const char *target) {
  char *path = target[0] == '/' ? zipin_resolve("", target + 1)
                                : zipin_resolve(part, target);
  const char *s = recto_strdup(doc, path);
  free(path);
  return s;
}

/* The relationships of part (its .rels file, parsed into *keep, which
   the targets point into), with internal targets resolved. */
static void S_read_rels(S_reader *r, const char *part, xmlDoc **keep,
                        S_rel **out, size_t *count) {
  const char *slash = strrchr(part, '/');
  size_t dir_len = slash ? (size_t)(slash - part) + 1 : 0;
  recto_buf name = RECTO_BUF_INIT;
  recto_buf_put(&name, part, dir_len);
  recto_buf_printf(&name, "_rels/%s.rels", part + dir_len);
  recto_status st;
  *keep = ox_pkg_xml(r->pkg, name.data, &st);
  recto_buf_free(&name);
  *out = NULL;
  *count = 0;
  size_t cap = 0;
  xmlNode *root = *keep ? xmlDocGetRootElement(*keep) : NULL;
  for (xmlNode *e = ox_first_elem(root); e; e = ox_next_elem(e)) {
    const char *id = ox_attr(e, NULL, "Id");
    const char *target = ox_attr(e, NULL, "Target");
    const char *mode = ox_attr(e, NULL, "TargetMode");
    if (!id || !target)
      continue;
    int external = mode && strcmp(mode, "External") == 0;
    const char *resolved = external ? target
                                    : S_resolve_path(r->doc, part, target);
    if (!resolved)
      continue; /* out of the package: nothing there to read */
    if (*count == cap) {
      cap = cap ? 2 * cap : 32;
      *out = realloc(*out, cap * sizeof **out);
    }
    S_rel *rel = &(*out)[(*count)++];
    rel->id = id;
    rel->external = external;
    rel->target = resolved;
  }
}

static const S_rel *S_rel_by_id(const S_reader *r, const char *id) {
  for (size_t k = 0; id && k < r->n_rels; k++)
    if (strcmp(r->rels[k].id, id) == 0)
      return &r->rels[k];
  return NULL;
}

/* ---- the flow: where inline content goes ---- */

static recto_node *S_target(S_reader *r) {
  S_flow *f = r->flow;
  return f->n_targets ? f->targets[f->n_targets - 1] : NULL;
}

static void S_push(S_reader *r, recto_node *n) {
  S_flow *f = r->flow;
  recto_node *t = S_target(r);
  if (t)
    recto_node_append(t, n);
  if (f->n_targets < S_MAX_TARGETS)
    f->targets[f->n_targets++] = n;
}

static void S_pop_to(S_reader *r, size_t depth) {
  if (r->flow->n_targets > depth)
    r->flow->n_targets = depth;
}

/* Whether the result of some open field is generated text. */
static int S_dropping(const S_reader *r) {
  const S_flow *f = r->flow;
  for (size_t k = 0; k < f->n_fields; k++)
    if (f->fields[k].result && (f->fields[k].kind == F_DROP ||
                                f->fields[k].kind == F_BIBLIOGRAPHY))
      return 1;
  return 0;
}

/* Whether the code of some open field is being read. */
static int S_in_code(const S_reader *r) {
  const S_flow *f = r->flow;
  return f->n_fields && !f->fields[f->n_fields - 1].result;
}

/* The inline container of a run with these properties. */
static recto_node *S_run_container(S_reader *r, const dx_rpr *p,
                                   recto_dir para_dir) {
  recto_node *t = S_target(r);
  if (!t)
    return NULL;
  const char *lang = p->rtl > 0 && p->bidi_lang ? p->bidi_lang : p->lang;
  recto_dir dir = p->rtl > 0 ? RECTO_DIR_RTL
                  : para_dir == RECTO_DIR_RTL && lang ? RECTO_DIR_LTR
                                                      : RECTO_DIR_UNSET;
  /* reuse the wrappers of the run before when they are the same: the
     last child chain of t is compared kind by kind */
  recto_node *span = NULL;
  recto_node *last = recto_node_last_child(t);
  if (lang || dir) {
    if (last && recto_node_type_of(last) == RECTO_NODE_SPAN &&
        !*recto_node_classes(last) && !recto_node_id(last) &&
        recto_node_dir(last) == dir && recto_node_lang(last) && lang &&
        strcmp(recto_node_lang(last), lang) == 0) {
      span = last;
    } else {
      span = recto_node_new(r->doc, RECTO_NODE_SPAN);
      recto_node_set_lang(span, lang);
      recto_node_set_dir(span, dir);
      recto_node_append(t, span);
    }
    t = span;
  }
  recto_node_type kinds[6];
  size_t n = ox_format_kinds(&p->f, kinds);
  for (size_t k = 0; k < n; k++) {
    last = recto_node_last_child(t);
    if (last && recto_node_type_of(last) == kinds[k]) {
      t = last; /* the run before had it too */
      continue;
    }
    recto_node *w = recto_node_new(r->doc, kinds[k]);
    recto_node_append(t, w);
    t = w;
  }
  return t;
}

static void S_text(S_reader *r, const dx_rpr *p, recto_dir para_dir,
                   const char *s, size_t len) {
  if (!len || S_dropping(r) || S_in_code(r))
    return;
  S_flow *f = r->flow;
  if (f->custom_mark) {
    recto_node_set_marker(f->custom_mark, recto_strndup(r->doc, s, len));
    f->custom_mark = NULL;
    return;
  }
  recto_node *c = S_run_container(r, p, para_dir);
  if (!c)
    return;
  f->since_break = 0;
  ox_append_leaf(c, p->code > 0 ? RECTO_NODE_CODE : RECTO_NODE_TEXT, s, len);
}

static void S_inline_leaf(S_reader *r, recto_node *n) {
  if (S_dropping(r) || S_in_code(r)) {
    return;
  }
  recto_node *t = S_target(r);
  if (t)
    recto_node_append(t, n);
}

static void S_page(S_reader *r, int rendered) {
  S_flow *f = r->flow;
  if (!f->main || (rendered && f->since_break) || S_in_code(r))
    return;
  recto_node *t = S_target(r);
  recto_node *pb = ox_page_break(r->doc, &r->pages);
  if (t)
    recto_node_append(t, pb);
  else
    recto_node_append(f->blocks, pb);
  f->since_break = 1;
}

/* ---- blocks (declared for notes, comments, cells) ---- */

typedef struct S_list_level {
  recto_node *list, *item;
  int num, abstract;
} S_list_level;

typedef struct S_lists {
  S_list_level levels[9];
  int depth; /* levels in use */
} S_lists;

static void S_blocks(S_reader *r, const xmlNode *parent, recto_node *out,
                     S_lists *lists);

/* Blocks of xml converted into out as a flow of their own. */
static void S_sub_flow(S_reader *r, const xmlNode *xml, recto_node *out) {
  if (r->depth > 32)
    return; /* notes in comments in notes...: no document does this */
  S_flow *saved = r->flow;
  S_flow *f = calloc(1, sizeof *f);
  f->blocks = out;
  r->flow = f;
  r->depth++;
  S_lists lists = {0};
  S_blocks(r, xml, out, &lists);
  r->depth--;
  for (size_t k = 0; k < f->n_fields; k++) {
    recto_buf_free(&f->fields[k].code);
    recto_buf_free(&f->fields[k].data);
  }
  free(f);
  r->flow = saved;
}

enum { S_FOOTNOTES, S_ENDNOTES, S_COMMENTS };

/* The entry of part (S_FOOTNOTES...) with this id; the first one when
   ids repeat. */
static const xmlNode *S_find_by_id(S_reader *r, int part, const char *id) {
  static const char *const elems[] = {"footnote", "endnote", "comment"};
  if (!id || !r->note_roots[part])
    return NULL;
  if (!r->note_ids[part]) {
    r->note_ids[part] = xmlHashCreate(64);
    for (xmlNode *e = ox_first_elem(r->note_roots[part]); e;
         e = ox_next_elem(e)) {
      const char *eid = w_attr(e, "id");
      if (w_is(e, elems[part]) && eid)
        xmlHashAddEntry(r->note_ids[part], (const xmlChar *)eid, e);
    }
  }
  return xmlHashLookup(r->note_ids[part], (const xmlChar *)id);
}

static const char *S_roman(recto_doc *doc, int n) {
  static const struct {
    int v;
    const char *s;
  } digits[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"},
                {100, "c"},  {90, "xc"},  {50, "l"},  {40, "xl"},
                {10, "x"},   {9, "ix"},   {5, "v"},   {4, "iv"}, {1, "i"}};
  char buf[64] = "";
  size_t len = 0;
  for (size_t k = 0; k < sizeof digits / sizeof *digits && n > 0; k++)
    while (n >= digits[k].v && len + 3 < sizeof buf) {
      strcpy(buf + len, digits[k].s);
      len += strlen(digits[k].s);
      n -= digits[k].v;
    }
  return recto_strdup(doc, buf);
}

static void S_note(S_reader *r, const xmlNode *ref, int endnote) {
  const char *id = w_attr(ref, "id");
  const xmlNode *body =
      S_find_by_id(r, endnote ? S_ENDNOTES : S_FOOTNOTES, id);
  recto_pos pos = ox_pos(ref);
  if (!body) {
    recto_diag_emit(r->ctx, RECTO_DIAG_WARNING, "docx.missing-note", &pos,
                    "%s %s is referenced but not in the package; left out",
                    endnote ? "endnote" : "footnote", id ? id : "?");
    return;
  }
  recto_node *note = recto_node_new(r->doc, RECTO_NODE_NOTE);
  recto_node_set_pos(note, pos);
  char num[16];
  if (endnote) {
    recto_node_set_marker(note, S_roman(r->doc, ++r->endnotes));
  } else {
    snprintf(num, sizeof num, "%d", ++r->footnotes);
    recto_node_set_marker(note, num);
  }
  const char *custom = w_attr(ref, "customMarkFollows");
  S_inline_leaf(r, note);
  if (!recto_node_parent(note))
    return;
  S_sub_flow(r, body, note);
  if (custom && (strcmp(custom, "1") == 0 || strcmp(custom, "true") == 0 ||
                 strcmp(custom, "on") == 0))
    r->flow->custom_mark = note;
}

static void S_comment(S_reader *r, const xmlNode *ref) {
  if (r->drop_comments)
    return;
  const xmlNode *c = S_find_by_id(r, S_COMMENTS, w_attr(ref, "id"));
  if (!c)
    return;
  recto_node *a = ox_comment(r->doc, w_attr(c, "author"), w_attr(c, "date"));
  recto_node_set_pos(a, ox_pos(ref));
  S_inline_leaf(r, a);
  if (recto_node_parent(a))
    S_sub_flow(r, c, a);
}

/* ---- images ---- */

static const char *S_rel_attr(const xmlNode *n, const char *local) {
  const char *v = ox_attr(n, R_NS, local);
  return v ? v : ox_attr(n, R_STRICT_NS, local);
}

/* What the runs of a paragraph inherit. */
typedef struct S_para {
  dx_rpr base;      /* defaults and paragraph style */
  recto_dir dir;
} S_para;

static void S_inlines(S_reader *r, const S_para *pp, const xmlNode *parent,
                      int deleted);

/* A drawing or picture: an image, or a text box whose paragraphs run on
   in the paragraph that anchors it. */
static void S_image(S_reader *r, const S_para *pp, const xmlNode *drawing) {
  const xmlNode *box = ox_descendant(drawing, "txbxContent");
  if (box && r->depth < 32) {
    r->depth++;
    for (const xmlNode *p = ox_first_elem(box); p; p = ox_next_elem(p))
      if (w_is(p, "p")) {
        if (p != ox_first_elem(box))
          S_text(r, &pp->base, pp->dir, " ", 1);
        S_inlines(r, pp, p, 0);
      }
    r->depth--;
    return;
  }
  const xmlNode *blip = ox_descendant(drawing, "blip");
  const char *rid = blip ? S_rel_attr(blip, "embed") : NULL;
  if (!rid && blip)
    rid = S_rel_attr(blip, "link");
  if (!rid) {
    const xmlNode *im = ox_descendant(drawing, "imagedata");
    rid = im ? S_rel_attr(im, "id") : NULL;
  }
  const S_rel *rel = S_rel_by_id(r, rid);
  if (!rel)
    return;
  recto_node *img = recto_node_new(r->doc, RECTO_NODE_IMAGE);
  recto_node_set_pos(img, ox_pos(drawing));
  /* the url is the part's name relative to the main part, as Word's own
     relationships write it ("media/image1.png") */
  const char *url = rel->external ? rel->target
                    : strncmp(rel->target, r->main_dir,
                              strlen(r->main_dir)) == 0
                        ? rel->target + strlen(r->main_dir)
                        : rel->target;
  recto_node_set_url(img, url);
  if (!rel->external &&
      ox_pkg_carry(r->pkg, r->doc, rel->target, url) != RECTO_OK)
    r->status = RECTO_ERR_INPUT;
  const xmlNode *pr = ox_descendant(drawing, "docPr");
  const char *alt = pr ? ox_attr(pr, NULL, "descr") : NULL;
  const char *title = pr ? ox_attr(pr, NULL, "title") : NULL;
  if (alt && *alt)
    recto_node_append(img, recto_node_new_text(r->doc, alt, strlen(alt)));
  if (title && *title)
    recto_node_set_title(img, title);
  S_inline_leaf(r, img);
  r->flow->since_break = 0;
}

/* ---- fields ---- */

/* The words of a field code: "HYPERLINK \l "x"" -> HYPERLINK, \l, x. */
static const char *S_word(const char **s, recto_buf *out) {
  recto_buf_clear(out);
  while (**s == ' ' || **s == '\t')
    (*s)++;
  if (!**s)
    return NULL;
  if (**s == '"') {
    (*s)++;
    while (**s && **s != '"')
      recto_buf_putc(out, *(*s)++);
    if (**s)
      (*s)++;
  } else {
    while (**s && **s != ' ' && **s != '\t')
      recto_buf_putc(out, *(*s)++);
  }
  return out->data ? out->data : "";
}

static void S_base64(const char *s, recto_buf *out) {
  unsigned v = 0;
  int bits = 0;
  for (; *s; s++) {
    int c = *s;
    int d = c >= 'A' && c <= 'Z'   ? c - 'A'
            : c >= 'a' && c <= 'z' ? c - 'a' + 26
            : c >= '0' && c <= '9' ? c - '0' + 52
            : c == '+'             ? 62
            : c == '/'             ? 63
                                   : -1;
    if (d < 0)
      continue;
    v = (v << 6) | (unsigned)d;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      recto_buf_putc(out, (int)((v >> bits) & 0xFF));
    }
  }
}

/* Decide what a field is once its code is complete. */
static void S_field_start(S_reader *r, S_field *f, const xmlNode *at) {
  const char *code = f->code.data ? f->code.data : "";
  recto_buf w = RECTO_BUF_INIT;
  const char *s = code;
  const char *first = S_word(&s, &w);
  char name[32] = "";
  if (first)
    snprintf(name, sizeof name, "%s", first);
  for (char *p = name; *p; p++)
    if (*p >= 'a' && *p <= 'z')
      *p = (char)(*p - 32);
  recto_pos pos = ox_pos(at);
  f->kind = F_KEEP;
  if (!strcmp(name, "PAGE") || !strcmp(name, "NUMPAGES") ||
      !strcmp(name, "PAGEREF") || !strcmp(name, "TOC") ||
      !strcmp(name, "INDEX") || !strcmp(name, "SECTIONPAGES")) {
    f->kind = F_DROP;
  } else if (!strcmp(name, "HYPERLINK") || !strcmp(name, "REF")) {
    int is_ref = name[0] == 'R';
    const char *url = NULL, *anchor = NULL;
    int h = 0;
    const char *word;
    while ((word = S_word(&s, &w))) {
      if (!strcmp(word, "\\l") && (word = S_word(&s, &w)))
        anchor = recto_strdup(r->doc, word);
      else if (!strcmp(word, "\\h"))
        h = 1;
      else if (word[0] != '\\' && !url)
        url = recto_strdup(r->doc, word);
      else if (word[0] == '\\' && (!strcmp(word, "\\o") || !strcmp(word, "\\t")))
        S_word(&s, &w); /* a tooltip or a target frame */
    }
    if (is_ref) {
      anchor = url;
      url = NULL;
    }
    if ((!is_ref || h) && (url || anchor)) {
      recto_buf u = RECTO_BUF_INIT;
      recto_buf_puts(&u, url ? url : "");
      if (anchor)
        recto_buf_printf(&u, "#%s", anchor);
      f->kind = F_LINK;
      f->node = recto_node_new(r->doc, RECTO_NODE_LINK);
      recto_node_set_url(f->node, u.data);
      recto_node_set_pos(f->node, pos);
      recto_buf_free(&u);
    }
  } else if (!strcmp(name, "ADDIN")) {
    const char *what = S_word(&s, &w);
    const char *rest = s;
    if (what && (!strcmp(what, "ZOTERO_ITEM") || !strcmp(what, "CSL_CITATION"))) {
      const char *open = strchr(rest, '{');
      const char *close = strrchr(rest, '}');
      recto_node *cite = recto_node_new(r->doc, RECTO_NODE_CITE);
      recto_node_set_pos(cite, pos);
      if (open && close > open &&
          ox_cites_csl(r->cites, cite, open, (size_t)(close - open) + 1,
                       &pos) == 0 && recto_cite_count(cite)) {
        f->kind = F_CITE;
        f->node = cite;
      }
    } else if (what && !strcmp(what, "EN.CITE")) {
      const char *xml = strchr(rest, '<');
      recto_node *cite = recto_node_new(r->doc, RECTO_NODE_CITE);
      recto_node_set_pos(cite, pos);
      const char *text = xml ? xml : f->data.data;
      if (text && ox_cites_endnote(r->cites, cite, text, strlen(text),
                                   &pos) == 0 && recto_cite_count(cite)) {
        f->kind = F_CITE;
        f->node = cite;
      }
    } else if (what && (!strcmp(what, "ZOTERO_BIBL") ||
                        !strcmp(what, "EN.REFLIST") ||
                        (!strcmp(what, "Mendeley") &&
                         strstr(rest, "Bibliography")))) {
      if (!r->bibliography_placed && ox_cites_entries(r->cites) &&
          recto_node_can_contain(r->flow->blocks, RECTO_NODE_BIBLIOGRAPHY)) {
        recto_node *bib = recto_node_new(r->doc, RECTO_NODE_BIBLIOGRAPHY);
        recto_node_set_pos(bib, pos);
        recto_node_append(r->flow->blocks, bib);
        r->bibliography_placed = 1;
        f->kind = F_BIBLIOGRAPHY;
      }
    }
  }
  recto_buf_free(&w);
  if (f->node && (f->kind == F_LINK || f->kind == F_CITE) && !S_dropping(r)) {
    S_push(r, f->node);
    f->depth = r->flow->n_targets;
  }
}

static void S_fld_begin(S_reader *r) {
  S_flow *f = r->flow;
  if (f->n_fields == S_MAX_FIELDS) {
    f->lost_fields++;
    return;
  }
  S_field *fd = &f->fields[f->n_fields++];
  memset(fd, 0, sizeof *fd);
}

static void S_fld_separate(S_reader *r, const xmlNode *at) {
  S_flow *f = r->flow;
  if (f->lost_fields || !f->n_fields)
    return;
  S_field *fd = &f->fields[f->n_fields - 1];
  if (fd->result)
    return;
  fd->result = 1;
  S_field_start(r, fd, at);
}

static void S_fld_end(S_reader *r, const xmlNode *at) {
  S_flow *f = r->flow;
  if (f->lost_fields) {
    f->lost_fields--;
    return;
  }
  if (!f->n_fields)
    return;
  S_field *fd = &f->fields[f->n_fields - 1];
  if (!fd->result) {
    /* a field without a result: EndNote keeps its data in one nested
       in the code of the citation */
    const char *code = fd->code.data ? fd->code.data : "";
    const char *data = strstr(code, "EN.CITE.DATA");
    if (data && f->n_fields > 1)
      S_base64(data + 12, &f->fields[f->n_fields - 2].data);
    (void)at;
  }
  if (fd->depth)
    S_pop_to(r, fd->depth - 1);
  recto_buf_free(&fd->code);
  recto_buf_free(&fd->data);
  f->n_fields--;
}

/* ---- runs ---- */



static void S_run_props(S_reader *r, const S_para *pp, const xmlNode *run,
                        dx_rpr *out) {
  memset(out, -1, offsetof(dx_rpr, lang));
  out->lang = out->bidi_lang = NULL;
  const xmlNode *rpr = w_child(run, "rPr");
  dx_rpr_read(out, rpr);
  const xmlNode *rs = w_child(rpr, "rStyle");
  const dx_style *st = rs ? dx_style_find(&r->styles, w_attr(rs, "val")) : NULL;
  if (st)
    dx_rpr_inherit(out, &st->rpr);
  dx_rpr_inherit(out, &pp->base);
}

static void S_run_content(S_reader *r, const S_para *pp, const xmlNode *run,
                          const dx_rpr *p, int deleted);

static void S_run(S_reader *r, const S_para *pp, const xmlNode *run,
                  int deleted) {
  dx_rpr p;
  S_run_props(r, pp, run, &p);
  S_run_content(r, pp, run, &p, deleted);
}

static void S_run_content(S_reader *r, const S_para *pp, const xmlNode *run,
                          const dx_rpr *p, int deleted) {
  for (const xmlNode *c = ox_first_elem(run); c; c = ox_next_elem(c)) {
    if (!c->ns)
      continue;
    const char *name = (const char *)c->name;
    if (!w_is(c, name)) {
      if (strcmp(name, "AlternateContent") == 0) {
        /* the first choice this reader knows is as good as the fallback;
           take the fallback, meant for readers like this one */
        const xmlNode *alt = NULL;
        for (const xmlNode *a = ox_first_elem(c); a; a = ox_next_elem(a))
          if (strcmp((const char *)a->name, "Fallback") == 0)
            alt = a;
        if (!alt)
          alt = ox_first_elem(c);
        if (alt)
          S_run_content(r, pp, alt, p, deleted);
      } else if (strcmp(name, "pict") == 0 || strcmp(name, "drawing") == 0) {
        S_image(r, pp, c);
      }
      continue;
    }
    if (strcmp(name, "t") == 0 || (deleted && strcmp(name, "delText") == 0)) {
      const char *s = (const char *)xmlNodeGetContent(c);
      if (s) {
        S_text(r, p, pp->dir, s, strlen(s));
        xmlFree((void *)s);
      }
    } else if (strcmp(name, "instrText") == 0 ||
               (deleted && strcmp(name, "delInstrText") == 0)) {
      S_flow *f = r->flow;
      if (f->n_fields && !f->lost_fields &&
          !f->fields[f->n_fields - 1].result) {
        xmlChar *s = xmlNodeGetContent(c);
        recto_buf_puts(&f->fields[f->n_fields - 1].code, (const char *)s);
        xmlFree(s);
      }
    } else if (strcmp(name, "fldChar") == 0) {
      const char *type = w_attr(c, "fldCharType");
      if (!type)
        continue;
      if (strcmp(type, "begin") == 0)
        S_fld_begin(r);
      else if (strcmp(type, "separate") == 0)
        S_fld_separate(r, c);
      else if (strcmp(type, "end") == 0)
        S_fld_end(r, c);
    } else if (strcmp(name, "tab") == 0 || strcmp(name, "ptab") == 0) {
      S_text(r, p, pp->dir, " ", 1); /* layout, not text: a space */
    } else if (strcmp(name, "br") == 0 || strcmp(name, "cr") == 0) {
      const char *type = w_attr(c, "type");
      if (type && strcmp(type, "page") == 0)
        S_page(r, 0);
      else if (!type || strcmp(type, "column") != 0)
        S_inline_leaf(r, recto_node_new(r->doc, RECTO_NODE_LINE_BREAK));
    } else if (strcmp(name, "lastRenderedPageBreak") == 0) {
      S_page(r, 1);
    } else if (strcmp(name, "noBreakHyphen") == 0) {
      S_text(r, p, pp->dir, "\xE2\x80\x91", 3);
    } else if (strcmp(name, "softHyphen") == 0) {
      S_text(r, p, pp->dir, "\xC2\xAD", 2);
    } else if (strcmp(name, "sym") == 0) {
      const char *hex = w_attr(c, "char");
      unsigned long cp = hex ? strtoul(hex, NULL, 16) : 0;
      if (cp >= 0xF000 && cp <= 0xF0FF)
        cp -= 0xF000; /* symbol fonts map their glyphs there */
      char buf[4];
      int n = cp >= 0x20 ? recto_utf8_encode((uint32_t)cp, buf) : 0;
      if (n > 0)
        S_text(r, p, pp->dir, buf, (size_t)n);
    } else if (strcmp(name, "footnoteReference") == 0 ||
               strcmp(name, "endnoteReference") == 0) {
      if (!S_dropping(r) && !S_in_code(r))
        S_note(r, c, name[0] == 'e');
    } else if (strcmp(name, "commentReference") == 0) {
      if (!S_dropping(r) && !S_in_code(r))
        S_comment(r, c);
    } else if (strcmp(name, "drawing") == 0 || strcmp(name, "pict") == 0 ||
               strcmp(name, "object") == 0) {
      S_image(r, pp, c);
    }
    /* rPr, footnoteRef, endnoteRef, annotationRef, separators: nothing
       of the text */
  }
}

/* ---- paragraph content ---- */

static int S_ncname(const char *s) {
  if (!s || !*s || (*s >= '0' && *s <= '9') || *s == '-' || *s == '.')
    return 0;
  for (; *s; s++)
    if (!((unsigned char)*s >= 0x80 || (*s >= 'a' && *s <= 'z') ||
          (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
          *s == '_' || *s == '-' || *s == '.'))
      return 0;
  return 1;
}

/* A tracked insertion or deletion, by the option docx.changes. */
static void S_change(S_reader *r, const S_para *pp, const xmlNode *c,
                     int insertion, int deleted) {
  if (r->changes == CH_ACCEPT ? !insertion : r->changes == CH_REJECT && insertion)
    return;
  size_t depth = r->flow->n_targets;
  if (r->changes == CH_ALL && !S_dropping(r) && !S_in_code(r)) {
    recto_node *span = recto_node_new(r->doc, RECTO_NODE_SPAN);
    recto_node_add_class(span, insertion ? "insertion" : "deletion");
    const char *author = w_attr(c, "author"), *date = w_attr(c, "date");
    if (author)
      recto_node_set_attr(span, "author", author);
    if (date)
      recto_node_set_attr(span, "date", date);
    S_push(r, span);
  }
  S_inlines(r, pp, c, deleted || !insertion);
  S_pop_to(r, depth);
}

static void S_inlines(S_reader *r, const S_para *pp, const xmlNode *parent,
                      int deleted) {
  for (const xmlNode *c = ox_first_elem(parent); c; c = ox_next_elem(c)) {
    const char *name = (const char *)c->name;
    if (!w_is(c, name)) {
      if (strcmp(name, "oMath") == 0 || strcmp(name, "oMathPara") == 0) {
        recto_buf b = RECTO_BUF_INIT;
        ox_text(c, &b);
        if (b.len) {
          recto_node *m = recto_node_new(r->doc, RECTO_NODE_MATH);
          recto_node_set_text(m, b.data, b.len);
          recto_node_set_math_display(m, name[5] == 'P');
          S_inline_leaf(r, m);
        }
        recto_buf_free(&b);
      } else if (strcmp(name, "AlternateContent") == 0) {
        const xmlNode *alt = ox_first_elem(c);
        for (const xmlNode *a = alt; a; a = ox_next_elem(a))
          if (strcmp((const char *)a->name, "Fallback") == 0)
            alt = a;
        if (alt)
          S_inlines(r, pp, alt, deleted);
      }
      continue;
    }
    if (strcmp(name, "r") == 0) {
      S_run(r, pp, c, deleted);
    } else if (strcmp(name, "hyperlink") == 0) {
      const S_rel *rel = S_rel_by_id(r, S_rel_attr(c, "id"));
      const char *anchor = w_attr(c, "anchor");
      size_t depth = r->flow->n_targets;
      if ((rel || anchor) && !S_dropping(r) && !S_in_code(r)) {
        recto_buf u = RECTO_BUF_INIT;
        recto_buf_puts(&u, rel ? rel->target : "");
        if (anchor)
          recto_buf_printf(&u, "#%s", anchor);
        recto_node *link = recto_node_new(r->doc, RECTO_NODE_LINK);
        recto_node_set_url(link, u.data);
        recto_node_set_pos(link, ox_pos(c));
        recto_buf_free(&u);
        S_push(r, link);
      }
      S_inlines(r, pp, c, deleted);
      S_pop_to(r, depth);
    } else if (strcmp(name, "ins") == 0 || strcmp(name, "moveTo") == 0) {
      S_change(r, pp, c, 1, deleted);
    } else if (strcmp(name, "del") == 0 || strcmp(name, "moveFrom") == 0) {
      S_change(r, pp, c, 0, deleted);
    } else if (strcmp(name, "smartTag") == 0 ||
               strcmp(name, "customXml") == 0 || strcmp(name, "dir") == 0 ||
               strcmp(name, "bdo") == 0) {
      S_inlines(r, pp, c, deleted);
    } else if (strcmp(name, "sdt") == 0) {
      S_inlines(r, pp, w_child(c, "sdtContent"), deleted);
    } else if (strcmp(name, "fldSimple") == 0) {
      S_fld_begin(r);
      S_flow *f = r->flow;
      if (f->n_fields && !f->lost_fields)
        recto_buf_puts(&f->fields[f->n_fields - 1].code,
                       w_attr(c, "instr") ? w_attr(c, "instr") : "");
      S_fld_separate(r, c);
      S_inlines(r, pp, c, deleted);
      S_fld_end(r, c);
    } else if (strcmp(name, "bookmarkStart") == 0) {
      const char *id = w_attr(c, "name");
      if (S_ncname(id) && strcmp(id, "_GoBack") != 0 && !S_dropping(r) &&
          !S_in_code(r)) {
        recto_node *span = recto_node_new(r->doc, RECTO_NODE_SPAN);
        recto_node_set_id(span, id);
        S_inline_leaf(r, span);
      }
    }
  }
}

/* ---- paragraphs ---- */

static void S_list_close(S_lists *ls, int keep) {
  if (ls->depth > keep)
    ls->depth = keep;
}

/* The container of a list paragraph: a new item of the right list. */
static recto_node *S_list_item(S_reader *r, S_lists *ls, recto_node *out,
                               int num, int ilvl) {
  int abstract = -1, restart = 0;
  const dx_level *lvl = dx_numbering_level(r->numbering, num, ilvl, &abstract,
                                           &restart);
  if (!lvl)
    return NULL;
  /* a list of another definition ends the lists open here */
  if (ls->depth && ls->levels[0].abstract != abstract)
    S_list_close(ls, 0);
  if (ls->depth > ilvl + 1)
    S_list_close(ls, ilvl + 1);
  if (ls->depth == ilvl + 1 && ls->levels[ilvl].num != num && restart)
    S_list_close(ls, ilvl);
  while (ls->depth < ilvl + 1) {
    int k = ls->depth;
    recto_node *parent = k ? ls->levels[k - 1].item : out;
    if (!parent) {
      /* a level skipped: its lists hold no item of their own */
      recto_node *item = recto_node_new(r->doc, RECTO_NODE_ITEM);
      recto_node_append(ls->levels[k - 1].list, item);
      ls->levels[k - 1].item = parent = item;
    }
    int at_level = k == ilvl;
    int a = -1, rs = 0;
    const dx_level *l = at_level ? lvl
                                 : dx_numbering_level(r->numbering, num, k,
                                                      &a, &rs);
    recto_node *list = recto_node_new(r->doc, RECTO_NODE_LIST);
    recto_list_set_kind(list, l ? l->kind : RECTO_LIST_BULLET);
    if (l && l->kind == RECTO_LIST_ORDERED) {
      recto_list_set_style(list, l->style);
      recto_list_set_delim(list, l->delim);
      recto_list_set_start(list, at_level && restart ? restart : l->start);
    }
    recto_node_append(parent, list);
    ls->levels[k].list = list;
    ls->levels[k].item = NULL;
    ls->levels[k].num = num;
    ls->levels[k].abstract = abstract;
    ls->depth = k + 1;
  }
  recto_node *item = recto_node_new(r->doc, RECTO_NODE_ITEM);
  recto_node_append(ls->levels[ilvl].list, item);
  ls->levels[ilvl].item = item;
  ls->levels[ilvl].num = num;
  return item;
}

/* The language most letters of block are in becomes its own. */
static void S_main_lang(recto_node *block) {
  struct {
    const char *lang;
    size_t bytes;
  } seen[8];
  size_t n = 0;
  recto_iter *it = recto_iter_new(block);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *t = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER)
      continue;
    if (recto_node_type_of(t) == RECTO_NODE_NOTE ||
        recto_node_type_of(t) == RECTO_NODE_ANNOTATION) {
      recto_iter_skip_children(it);
      continue;
    }
    if (recto_node_type_of(t) != RECTO_NODE_TEXT)
      continue;
    const char *lang = NULL;
    for (recto_node *a = recto_node_parent(t); a && a != block && !lang;
         a = recto_node_parent(a))
      lang = recto_node_lang(a);
    if (!lang)
      continue;
    size_t k = 0;
    while (k < n && strcmp(seen[k].lang, lang) != 0)
      k++;
    if (k == n && n < 8) {
      seen[n].lang = lang;
      seen[n++].bytes = 0;
    }
    if (k < n)
      seen[k].bytes += recto_node_text_len(t);
  }
  recto_iter_free(it);
  size_t best = 0;
  for (size_t k = 1; k < n; k++)
    if (seen[k].bytes > seen[best].bytes)
      best = k;
  if (n && !recto_node_lang(block))
    recto_node_set_lang(block, seen[best].lang);
}

static void S_paragraph(S_reader *r, const xmlNode *p, recto_node *out,
                        S_lists *ls) {
  const xmlNode *ppr = w_child(p, "pPr");
  const xmlNode *ps = w_child(ppr, "pStyle");
  const dx_style *st =
      ps ? dx_style_find(&r->styles, w_attr(ps, "val")) : NULL;
  if (!st)
    st = r->styles.default_para;
  S_para pp;
  memset(&pp.base, -1, offsetof(dx_rpr, lang));
  pp.base.lang = pp.base.bidi_lang = NULL;
  if (st)
    dx_rpr_inherit(&pp.base, &st->rpr);
  dx_rpr_inherit(&pp.base, &r->styles.defaults);
  /* the default language is the document's (unless the properties say
     otherwise): text that only has it inherits it */
  if (pp.base.lang == r->styles.defaults.lang)
    pp.base.lang = NULL;
  if (pp.base.bidi_lang == r->styles.defaults.bidi_lang)
    pp.base.bidi_lang = NULL;
  int bidi = w_toggle(ppr, "bidi");
  if (bidi < 0)
    bidi = st ? st->bidi : 0;
  pp.dir = bidi > 0 ? RECTO_DIR_RTL : RECTO_DIR_LTR;
  /* headings come from styles: an outline level set on one paragraph
     is formatting carried over from elsewhere more often than a heading
     (pandoc reads it the same way) */
  int heading = st ? st->heading : 0;
  dx_para_kind kind = st ? st->kind : DX_PARA_NORMAL;
  int page_before = w_toggle(ppr, "pageBreakBefore");
  if (page_before < 0)
    page_before = st ? st->page_before : 0;
  /* numbering: direct, else the style's */
  int num = -1, ilvl = 0;
  const xmlNode *np = w_child(ppr, "numPr");
  if (np) {
    num = ox_int(w_attr(w_child(np, "numId"), "val"), -1);
    ilvl = ox_int(w_attr(w_child(np, "ilvl"), "val"), 0);
  } else if (st && st->num_id >= 0) {
    num = st->num_id;
    ilvl = st->ilvl < 0 ? 0 : st->ilvl;
  }
  if (page_before > 0 && r->flow->main) {
    S_list_close(ls, 0);
    r->flow->since_break = 0;
    recto_node_append(out, ox_page_break(r->doc, &r->pages));
    r->flow->since_break = 1;
  }
  recto_node *container = out;
  if (num > 0 && !heading && kind != DX_PARA_TITLE) {
    recto_node *item = S_list_item(r, ls, out, num, ilvl);
    if (item)
      container = item;
    else
      S_list_close(ls, 0);
  } else {
    S_list_close(ls, 0);
  }
  recto_node_type type = heading ? RECTO_NODE_HEADING : RECTO_NODE_PARAGRAPH;
  recto_node *block = recto_node_new(r->doc, type);
  recto_node_set_pos(block, ox_pos(p));
  if (heading)
    recto_node_set_level(block, heading);
  recto_node_set_dir(block, pp.dir);
  if (kind == DX_PARA_QUOTE && !heading && container == out) {
    /* consecutive quotation paragraphs share one block quote */
    recto_node *last = recto_node_last_child(out);
    if (!last || recto_node_type_of(last) != RECTO_NODE_BLOCK_QUOTE ||
        !recto_node_has_class(last, "docx-quote")) {
      last = recto_node_new(r->doc, RECTO_NODE_BLOCK_QUOTE);
      recto_node_add_class(last, "docx-quote");
      recto_node_append(out, last);
    }
    container = last;
  }
  recto_node_append(container, block);
  S_flow *f = r->flow;
  recto_node *saved_blocks = f->blocks;
  f->blocks = container;
  f->n_targets = 0;
  f->targets[f->n_targets++] = block;
  /* fields open across paragraphs keep their kind, not their node */
  for (size_t k = 0; k < f->n_fields; k++)
    f->fields[k].depth = 0;
  S_inlines(r, &pp, p, 0);
  f->n_targets = 0;
  f->blocks = saved_blocks;
  /* a section that ends here starts a new page unless continuous */
  const xmlNode *sect = w_child(ppr, "sectPr");
  if (sect && f->main) {
    const char *stype = w_attr(w_child(sect, "type"), "val");
    if (!stype || strcmp(stype, "continuous") != 0)
      S_page(r, 0);
  }
  /* the language most of the text is in is the paragraph's */
  if (type == RECTO_NODE_PARAGRAPH && kind == DX_PARA_CODE) {
    const char *text = recto_node_plain_text(block);
    recto_node *last = recto_node_prev(block);
    if (last && recto_node_type_of(last) == RECTO_NODE_CODE_BLOCK) {
      recto_buf b = RECTO_BUF_INIT;
      recto_buf_put(&b, recto_node_text(last), recto_node_text_len(last));
      recto_buf_putc(&b, '\n');
      recto_buf_puts(&b, text);
      recto_node_set_text(last, b.data, b.len);
      recto_buf_free(&b);
      recto_node_unlink(block);
    } else {
      recto_node *cb = recto_node_new(r->doc, RECTO_NODE_CODE_BLOCK);
      recto_node_set_text(cb, text, strlen(text));
      recto_node_set_pos(cb, ox_pos(p));
      recto_node_insert_before(block, cb);
      recto_node_unlink(block);
    }
    return;
  }
  /* the title paragraphs of the body are the document's title (as in
     pandoc), taking the place of the one of the properties */
  int sub = kind == DX_PARA_SUBTITLE;
  if ((kind == DX_PARA_TITLE || sub) && f->main && container == out &&
      !recto_node_parent(out)) {
    const char *text = recto_node_plain_text(block);
    if (*text) {
      const char *key = sub ? "subtitle" : "title";
      const char *old = recto_doc_meta_string(r->doc, key);
      if (old && r->title_from_body[sub]) {
        recto_buf b = RECTO_BUF_INIT;
        recto_buf_printf(&b, "%s %s", old, text);
        ox_meta_string(r->doc, key, b.data);
        recto_buf_free(&b);
      } else {
        ox_meta_string(r->doc, key, text);
      }
      r->title_from_body[sub] = 1;
      recto_node_unlink(block);
      return;
    }
  }
  S_main_lang(block);
  /* a bookmark that opens a heading is the heading's identifier */
  recto_node *first = recto_node_first_child(block);
  if (heading && first && recto_node_type_of(first) == RECTO_NODE_SPAN &&
      recto_node_id(first) && !recto_node_first_child(first) &&
      !recto_node_id(block)) {
    recto_node_set_id(block, recto_node_id(first));
    recto_node_unlink(first);
  }
}

/* ---- tables ---- */

static void S_rows(S_reader *r, const xmlNode *parent, recto_node *table,
                   recto_node **head, recto_node **body, recto_node ***origin,
                   size_t *ncols, int *in_head) {
  for (const xmlNode *tr = ox_first_elem(parent); tr; tr = ox_next_elem(tr)) {
    if (w_is(tr, "sdt")) {
      S_rows(r, w_child(tr, "sdtContent"), table, head, body, origin, ncols,
             in_head);
      continue;
    }
    if (w_is(tr, "customXml")) {
      S_rows(r, tr, table, head, body, origin, ncols, in_head);
      continue;
    }
    if (!w_is(tr, "tr"))
      continue;
    const xmlNode *trpr = w_child(tr, "trPr");
    if (r->changes == CH_ACCEPT && w_child(trpr, "del"))
      continue;
    int header = w_toggle(trpr, "tblHeader") > 0 && *in_head;
    *in_head = header;
    recto_node *row = recto_node_new(r->doc, RECTO_NODE_ROW);
    recto_node_set_pos(row, ox_pos(tr));
    size_t col = (size_t)ox_int(w_attr(w_child(trpr, "gridBefore"), "val"), 0);
    /* cells, also inside content controls */
    const xmlNode *stack[8];
    size_t depth = 0;
    const xmlNode *tc = ox_first_elem(tr);
    while (tc || depth) {
      if (!tc) {
        tc = ox_next_elem(stack[--depth]);
        continue;
      }
      if ((w_is(tc, "sdt") || w_is(tc, "customXml")) && depth < 8) {
        stack[depth++] = tc;
        tc = w_is(tc, "sdt") ? ox_first_elem(w_child(tc, "sdtContent"))
                             : ox_first_elem(tc);
        continue;
      }
      if (w_is(tc, "tc")) {
        const xmlNode *tcpr = w_child(tc, "tcPr");
        int span = ox_int(w_attr(w_child(tcpr, "gridSpan"), "val"), 1);
        if (span < 1 || span > 1000)
          span = 1;
        const xmlNode *vm = w_child(tcpr, "vMerge");
        const char *vmv = vm ? w_attr(vm, "val") : NULL;
        int cont = vm && (!vmv || strcmp(vmv, "continue") == 0);
        if (col + (size_t)span > *ncols) {
          *origin = realloc(*origin, (col + (size_t)span) * sizeof **origin);
          for (size_t k = *ncols; k < col + (size_t)span; k++)
            (*origin)[k] = NULL;
          *ncols = col + (size_t)span;
        }
        recto_node *above = (*origin)[col];
        if (cont && above) {
          recto_cell_set(above, recto_cell_rowspan(above) + 1,
                         recto_cell_colspan(above), recto_cell_align(above));
          /* what the merged cell holds is kept in the cell it joins */
          S_sub_flow(r, tc, above);
        } else {
          recto_node *cell = recto_node_new(r->doc, RECTO_NODE_CELL);
          recto_node_set_pos(cell, ox_pos(tc));
          recto_cell_set(cell, 1, span, RECTO_ALIGN_DEFAULT);
          recto_node_append(row, cell);
          S_sub_flow(r, tc, cell);
          for (int k = 0; k < span; k++)
            (*origin)[col + (size_t)k] = cell;
        }
        col += (size_t)span;
      }
      tc = ox_next_elem(tc);
    }
    if (!recto_node_first_child(row))
      continue;
    recto_node **group = header ? head : body;
    if (!*group) {
      *group = recto_node_new(r->doc, header ? RECTO_NODE_TABLE_HEAD
                                             : RECTO_NODE_TABLE_BODY);
      recto_node_append(table, *group);
    }
    recto_node_append(*group, row);
  }
}

static void S_table(S_reader *r, const xmlNode *tbl, recto_node *out) {
  recto_node *table = recto_node_new(r->doc, RECTO_NODE_TABLE);
  recto_node_set_pos(table, ox_pos(tbl));
  const xmlNode *tblpr = w_child(tbl, "tblPr");
  if (w_toggle(tblpr, "bidiVisual") > 0)
    recto_node_set_dir(table, RECTO_DIR_RTL);
  recto_node_append(out, table);
  recto_node *head = NULL, *body = NULL;
  recto_node **origin = NULL;
  size_t ncols = 0;
  int in_head = 1;
  /* the grid's widths, as fractions */
  const xmlNode *grid = w_child(tbl, "tblGrid");
  double widths[64];
  size_t ngrid = 0;
  double total = 0;
  for (const xmlNode *g = ox_first_elem(grid); g && ngrid < 64;
       g = ox_next_elem(g))
    if (w_is(g, "gridCol")) {
      int w = ox_int(w_attr(g, "w"), 0);
      widths[ngrid++] = w > 0 ? w : 0;
      total += w > 0 ? w : 0;
    }
  r->depth++;
  if (r->depth <= 32)
    S_rows(r, tbl, table, &head, &body, &origin, &ncols, &in_head);
  r->depth--;
  free(origin);
  if (!head && !body) {
    recto_node_unlink(table);
    return;
  }
  recto_table_set_columns(table, ncols);
  for (size_t k = 0; k < ncols && k < ngrid && ngrid == ncols; k++)
    recto_table_set_column(table, k, RECTO_ALIGN_DEFAULT,
                           total > 0 ? widths[k] / total : 0);
}

/* ---- blocks ---- */

static void S_blocks(S_reader *r, const xmlNode *parent, recto_node *out,
                     S_lists *ls) {
  xmlNode *from = (xmlNode *)parent;
  for (xmlNode *c = parent ? xr_next_child(from, NULL, 1) : NULL, *next; c;
       c = next) {
    /* text between blocks and elements of other vocabularies: nothing */
    const char *name = c->type == XML_ELEMENT_NODE && w_is(c, (const char *)c->name)
                           ? (const char *)c->name
                           : "";
    if (strcmp(name, "p") == 0) {
      S_paragraph(r, c, out, ls);
    } else if (strcmp(name, "tbl") == 0) {
      S_list_close(ls, 0);
      S_table(r, c, out);
    } else if (strcmp(name, "sdt") == 0) {
      S_blocks(r, w_child(c, "sdtContent"), out, ls);
    } else if (strcmp(name, "customXml") == 0) {
      S_blocks(r, c, out, ls);
    } else if (strcmp(name, "ins") == 0 || strcmp(name, "moveTo") == 0) {
      if (r->changes != CH_REJECT)
        S_blocks(r, c, out, ls);
    } else if (strcmp(name, "del") == 0 || strcmp(name, "moveFrom") == 0) {
      if (r->changes != CH_ACCEPT)
        S_blocks(r, c, out, ls);
    } else if (strcmp(name, "altChunk") == 0) {
      recto_pos pos = ox_pos(c);
      recto_diag_emit(r->ctx, RECTO_DIAG_WARNING, "docx.alt-chunk", &pos,
                      "an imported chunk of another format (altChunk) is "
                      "not read");
    }
    /* the body is read while it is converted, each block freed once
       converted: nothing looks back at one (open fields and lists are
       the reader's state, not the tree's) */
    next = xr_next_child(from, c, 1);
    if (parent == r->body)
      xr_free_converted(c);
  }
}

/* ---- the package ---- */

static xmlDoc *S_part(S_reader *r, int slot, const char *name,
                      recto_status *st) {
  r->parts[slot] = ox_pkg_xml(r->pkg, name, st);
  return r->parts[slot];
}

recto_status docx_read(recto_context *ctx, const recto_input *input,
                       const recto_options *opts, recto_doc **out) {
  *out = NULL;
  recto_status st;
  S_reader r;
  memset(&r, 0, sizeof r);
  r.ctx = ctx;
  r.pkg = ox_pkg_open(ctx, input, &st);
  if (!r.pkg)
    return st;
  const char *changes = recto_options_get(opts, "docx.changes");
  r.changes = !changes || !strcmp(changes, "accept") ? CH_ACCEPT
              : !strcmp(changes, "reject")           ? CH_REJECT
              : !strcmp(changes, "all")              ? CH_ALL
                                                     : -1;
  const char *comments = recto_options_get(opts, "docx.comments");
  r.drop_comments = comments && !strcmp(comments, "drop");
  if (r.changes < 0 || (comments && !r.drop_comments &&
                        strcmp(comments, "keep") != 0)) {
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "docx.option", NULL,
                    "docx.changes takes accept, reject or all, and "
                    "docx.comments keep or drop");
    ox_pkg_close(r.pkg);
    return RECTO_ERR_USAGE;
  }
  r.doc = recto_doc_new();
  /* the main part, through the package relationships */
  xmlDoc *pkg_rels = NULL;
  S_rel *rels = NULL;
  size_t n_rels = 0;
  const char *main = NULL, *core = NULL;
  S_read_rels(&r, "", &pkg_rels, &rels, &n_rels);
  xmlNode *rroot = pkg_rels ? xmlDocGetRootElement(pkg_rels) : NULL;
  for (xmlNode *e = ox_first_elem(rroot); e; e = ox_next_elem(e)) {
    const char *type = ox_attr(e, NULL, "Type");
    const char *target = ox_attr(e, NULL, "Target");
    if (!type || !target)
      continue;
    const char *last = strrchr(type, '/');
    if (last && !strcmp(last, "/officeDocument") && !main)
      main = S_resolve_path(r.doc, "", target);
    else if (last && !strcmp(last, "/core-properties") && !core)
      core = S_resolve_path(r.doc, "", target);
  }
  free(rels);
  xmlFreeDoc(pkg_rels);
  if (!main)
    main = "word/document.xml";
  if (!core)
    core = "docProps/core.xml";
  xr_stream *doc_xml = ox_pkg_stream(r.pkg, main, &st);
  if (!doc_xml) {
    if (st == RECTO_OK) {
      recto_diag_emit(ctx, RECTO_DIAG_ERROR, "docx.container", NULL,
                      "no main document part (%s): not a DOCX package", main);
      st = RECTO_ERR_INPUT;
    }
    goto fail;
  }
  const char *slash = strrchr(main, '/');
  r.main_dir = recto_strndup(r.doc, main, slash ? (size_t)(slash - main) + 1
                                                : 0);
  xmlDoc *main_rels = NULL;
  S_read_rels(&r, main, &main_rels, &r.rels, &r.n_rels);
  r.parts[5] = main_rels;
  /* the parts the main one relates to, by the type of relationship */
  const char *wanted[] = {"/styles", "/numbering", "/footnotes", "/endnotes",
                          "/comments"};
  const char *names[5] = {NULL};
  xmlNode *mroot = main_rels ? xmlDocGetRootElement(main_rels) : NULL;
  for (xmlNode *e = ox_first_elem(mroot); e; e = ox_next_elem(e)) {
    const char *type = ox_attr(e, NULL, "Type");
    const char *target = ox_attr(e, NULL, "Target");
    const char *last = type ? strrchr(type, '/') : NULL;
    for (size_t k = 0; last && target && k < 5; k++)
      if (!strcmp(last, wanted[k]) && !names[k])
        names[k] = S_resolve_path(r.doc, main, target);
  }
  xmlDoc *x;
  if (!(x = S_part(&r, 0, names[0] ? names[0] : "word/styles.xml", &st)) &&
      st != RECTO_OK)
    goto fail_main;
  dx_styles_read(&r.styles, r.doc, x);
  if (!(x = S_part(&r, 1, names[1] ? names[1] : "word/numbering.xml", &st)) &&
      st != RECTO_OK)
    goto fail_main;
  r.numbering = dx_numbering_read(x);
  if (!(x = S_part(&r, 2, names[2] ? names[2] : "word/footnotes.xml", &st)) &&
      st != RECTO_OK)
    goto fail_main;
  r.note_roots[S_FOOTNOTES] = x ? xmlDocGetRootElement(x) : NULL;
  if (!(x = S_part(&r, 3, names[3] ? names[3] : "word/endnotes.xml", &st)) &&
      st != RECTO_OK)
    goto fail_main;
  r.note_roots[S_ENDNOTES] = x ? xmlDocGetRootElement(x) : NULL;
  if (!(x = S_part(&r, 4, names[4] ? names[4] : "word/comments.xml", &st)) &&
      st != RECTO_OK)
    goto fail_main;
  r.note_roots[S_COMMENTS] = x ? xmlDocGetRootElement(x) : NULL;
  xmlDoc *core_xml = ox_pkg_xml(r.pkg, core, &st);
  if (!core_xml && st != RECTO_OK)
    goto fail_main;
  ox_meta_part(r.doc, core_xml ? xmlDocGetRootElement(core_xml) : NULL);
  xmlFreeDoc(core_xml);

  r.cites = ox_cites_new(ctx, r.doc);
  S_flow body;
  memset(&body, 0, sizeof body);
  body.main = 1;
  body.since_break = 1;
  recto_node *root = recto_doc_root(r.doc);
  body.blocks = root;
  r.flow = &body;
  S_lists lists = {0};
  xmlNode *document = xmlDocGetRootElement(xr_stream_doc(doc_xml));
  xmlNode *c = xr_next_child(document, NULL, 0);
  while (c && !w_is(c, "body"))
    c = xr_next_child(document, c, 0);
  r.body = c;
  S_blocks(&r, r.body, root, &lists);
  for (size_t k = 0; k < body.n_fields; k++) {
    recto_buf_free(&body.fields[k].code);
    recto_buf_free(&body.fields[k].data);
  }
  st = ox_pkg_stream_end(r.pkg, main, doc_xml);
  if (st != RECTO_OK) {
    ox_cites_finish(r.cites); /* frees it; the document is not kept */
    goto fail_main;
  }
  ox_finish(ctx, r.doc, r.cites, r.styles.defaults.lang,
            r.styles.defaults.bidi_lang);
  st = r.status;
fail_main:
  xr_stream_close(doc_xml);
fail:
  for (size_t k = 0; k < 6; k++)
    xmlFreeDoc(r.parts[k]);
  for (size_t k = 0; k < 3; k++)
    xmlHashFree(r.note_ids[k], NULL);
  free(r.rels);
  dx_styles_free(&r.styles);
  dx_numbering_free(r.numbering);
  ox_pkg_close(r.pkg);
  if (st != RECTO_OK) {
    recto_doc_free(r.doc);
    return st;
  }
  *out = r.doc;
  return RECTO_OK;
}
