/* docxstyles.c: styles.xml (with basedOn inheritance) and numbering.xml
   (abstract definitions, levels, start overrides). */
#include <stdlib.h>
#include <string.h>

#include "docx.h"

int w_is(const xmlNode *n, const char *local) {
  return ox_is(n, W_NS, local) || ox_is(n, W_STRICT_NS, local);
}

const char *w_attr(const xmlNode *n, const char *local) {
  const char *v = ox_attr(n, W_NS, local);
  return v ? v : ox_attr(n, W_STRICT_NS, local);
}

xmlNode *w_child(const xmlNode *n, const char *local) {
  for (xmlNode *c = ox_first_elem(n); c; c = ox_next_elem(c))
    if (w_is(c, local))
      return c;
  return NULL;
}

int w_toggle(const xmlNode *props, const char *local) {
  const xmlNode *e = w_child(props, local);
  if (!e)
    return -1;
  const char *v = w_attr(e, "val");
  return !v || !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 ||
                 strcmp(v, "off") == 0 || strcmp(v, "none") == 0);
}

static void S_rpr_unset(dx_rpr *r) {
  memset(r, -1, offsetof(dx_rpr, lang));
  r->lang = r->bidi_lang = NULL;
}

/* The toggles of w:rPr and where they go. */
static const struct {
  const char *name;
  size_t off;
} S_toggles[] = {
    {"b", offsetof(dx_rpr, f.bold)},
    {"i", offsetof(dx_rpr, f.italic)},
    {"u", offsetof(dx_rpr, f.underline)},
    {"strike", offsetof(dx_rpr, f.strike)},
    {"dstrike", offsetof(dx_rpr, f.strike)},
    {"smallCaps", offsetof(dx_rpr, f.smallcaps)},
    {"rtl", offsetof(dx_rpr, rtl)},
    {"vanish", offsetof(dx_rpr, hidden)},
};

void dx_rpr_read(dx_rpr *into, const xmlNode *rpr) {
  if (!rpr)
    return;
  for (size_t k = 0; k < sizeof S_toggles / sizeof *S_toggles; k++) {
    int v = w_toggle(rpr, S_toggles[k].name);
    signed char *at = (signed char *)into + S_toggles[k].off;
    if (v >= 0 && !(v == 0 && *at == 1 && k == 4)) /* dstrike adds */
      *at = (signed char)v;
  }
  const xmlNode *va = w_child(rpr, "vertAlign");
  const char *val = va ? w_attr(va, "val") : NULL;
  if (val)
    into->f.vert = strcmp(val, "superscript") == 0 ? 1
                 : strcmp(val, "subscript") == 0 ? 2
                                                 : 0;
  const xmlNode *lang = w_child(rpr, "lang");
  if (lang) {
    if (w_attr(lang, "val"))
      into->lang = w_attr(lang, "val");
    if (w_attr(lang, "bidi"))
      into->bidi_lang = w_attr(lang, "bidi");
  }
}

void dx_rpr_inherit(dx_rpr *into, const dx_rpr *from) {
  signed char *a = (signed char *)into;
  const signed char *b = (const signed char *)from;
  for (size_t k = 0; k < offsetof(dx_rpr, lang); k++)
    if (a[k] < 0)
      a[k] = b[k];
  if (!into->lang)
    into->lang = from->lang;
  if (!into->bidi_lang)
    into->bidi_lang = from->bidi_lang;
}

/* Style names (lower case, as Word stores built-in ones) that make
   paragraphs or runs of a kind. */
static const struct {
  const char *name;
  dx_para_kind kind;
} S_para_kinds[] = {
    {"source code", DX_PARA_CODE},   {"html preformatted", DX_PARA_CODE},
    {"code", DX_PARA_CODE},          {"quote", DX_PARA_QUOTE},
    {"block text", DX_PARA_QUOTE},   {"intense quote", DX_PARA_QUOTE},
    {"block quote", DX_PARA_QUOTE},  {"title", DX_PARA_TITLE},
    {"subtitle", DX_PARA_SUBTITLE},
};
static const char *const S_code_chars[] = {
    "verbatim char", "html code", "source code char", "code char",
    "html typewriter", "code"};

static dx_style *S_find(const dx_styles *s, const char *id) {
  if (!id)
    return NULL;
  for (size_t k = 0; k < s->count; k++)
    if (strcmp(s->items[k].id, id) == 0)
      return &s->items[k];
  return NULL;
}

const dx_style *dx_style_find(const dx_styles *s, const char *id) {
  return S_find(s, id);
}

static void S_resolve(dx_styles *s, dx_style *st) {
  if (st->state)
    return; /* resolved, or a basedOn cycle: stop there */
  st->state = 1;
  dx_style *base = S_find(s, st->based_on);
  if (base && base != st) {
    S_resolve(s, base);
    dx_rpr_inherit(&st->rpr, &base->rpr);
    if (st->bidi < 0)
      st->bidi = base->bidi;
    if (st->page_before < 0)
      st->page_before = base->page_before;
    if (st->outline < 0)
      st->outline = base->outline;
    if (st->num_id < 0) {
      st->num_id = base->num_id;
      st->ilvl = base->ilvl;
    }
    if (!st->kind && base->kind != DX_PARA_TITLE &&
        base->kind != DX_PARA_SUBTITLE)
      st->kind = base->kind;
  }
  /* by name first (its own, then its base's: "TOC Heading" based on
     "heading 1" is one whatever its outline level), then by the outline
     level of the style */
  int by_name = ox_heading_from_name(st->name);
  if (by_name)
    st->heading = by_name;
  else if (base && base != st && base->heading_by_name)
    st->heading = base->heading;
  else if (st->outline >= 0 && st->outline < 9)
    st->heading = st->outline >= 6 ? 6 : st->outline + 1;
  st->heading_by_name = by_name || (base && base != st &&
                                    base->heading_by_name);
  st->state = 2;
}

static char *S_lower(recto_doc *doc, const char *s) {
  char *l = recto_strdup(doc, s ? s : "");
  for (char *p = l; *p; p++)
    if (*p >= 'A' && *p <= 'Z')
      *p = (char)(*p + 32);
  return l;
}

void dx_styles_read(dx_styles *s, recto_doc *doc, xmlDoc *xml) {
  memset(s, 0, sizeof *s);
  S_rpr_unset(&s->defaults);
  xmlNode *root = xml ? xmlDocGetRootElement(xml) : NULL;
  size_t cap = 0;
  for (xmlNode *e = ox_first_elem(root); e; e = ox_next_elem(e)) {
    if (w_is(e, "docDefaults")) {
      xmlNode *rd = w_child(e, "rPrDefault");
      dx_rpr_read(&s->defaults, w_child(rd, "rPr"));
      continue;
    }
    if (!w_is(e, "style") || !w_attr(e, "styleId"))
      continue;
    if (s->count == cap) {
      cap = cap ? 2 * cap : 64;
      s->items = realloc(s->items, cap * sizeof *s->items);
    }
    dx_style *st = &s->items[s->count++];
    memset(st, 0, sizeof *st);
    st->id = w_attr(e, "styleId");
    const char *type = w_attr(e, "type");
    st->type = type ? type[0] : 'p';
    xmlNode *name = w_child(e, "name");
    st->name = name ? w_attr(name, "val") : NULL;
    xmlNode *based = w_child(e, "basedOn");
    st->based_on = based ? w_attr(based, "val") : NULL;
    st->outline = st->num_id = st->ilvl = -1;
    st->bidi = st->page_before = -1;
    S_rpr_unset(&st->rpr);
    dx_rpr_read(&st->rpr, w_child(e, "rPr"));
    xmlNode *ppr = w_child(e, "pPr");
    if (ppr) {
      st->bidi = (signed char)w_toggle(ppr, "bidi");
      st->page_before = (signed char)w_toggle(ppr, "pageBreakBefore");
      xmlNode *ol = w_child(ppr, "outlineLvl");
      if (ol)
        st->outline = ox_int(w_attr(ol, "val"), -1);
      xmlNode *np = w_child(ppr, "numPr");
      if (np) {
        st->num_id = ox_int(w_attr(w_child(np, "numId"), "val"), -1);
        st->ilvl = ox_int(w_attr(w_child(np, "ilvl"), "val"), 0);
      }
    }
    const char *lower = S_lower(doc, st->name ? st->name : st->id);
    for (size_t k = 0; k < sizeof S_para_kinds / sizeof *S_para_kinds; k++)
      if (st->type == 'p' && strcmp(lower, S_para_kinds[k].name) == 0)
        st->kind = S_para_kinds[k].kind;
    for (size_t k = 0; k < sizeof S_code_chars / sizeof *S_code_chars; k++)
      if (st->type == 'c' && strcmp(lower, S_code_chars[k]) == 0)
        st->rpr.code = 1;
    if (st->type == 'p' && w_attr(e, "default") &&
        strcmp(w_attr(e, "default"), "1") == 0)
      s->default_para = st;
  }
  for (size_t k = 0; k < s->count; k++)
    S_resolve(s, &s->items[k]);
}

void dx_styles_free(dx_styles *s) {
  free(s->items);
  memset(s, 0, sizeof *s);
}

/* ---- numbering.xml ---- */

typedef struct S_abstract {
  int id;
  dx_level levels[9];
} S_abstract;

typedef struct S_num {
  int id, abstract;
  int start[9]; /* startOverride, -1 none */
} S_num;

struct dx_numbering {
  S_abstract *abstracts;
  size_t n_abstracts;
  S_num *nums;
  size_t n_nums;
};

static const struct {
  const char *fmt;
  recto_list_kind kind;
  recto_list_style style;
} S_formats[] = {
    {"bullet", RECTO_LIST_BULLET, RECTO_LIST_STYLE_DEFAULT},
    {"decimal", RECTO_LIST_ORDERED, RECTO_LIST_STYLE_DECIMAL},
    {"decimalZero", RECTO_LIST_ORDERED, RECTO_LIST_STYLE_DECIMAL},
    {"lowerLetter", RECTO_LIST_ORDERED, RECTO_LIST_STYLE_LOWER_ALPHA},
    {"upperLetter", RECTO_LIST_ORDERED, RECTO_LIST_STYLE_UPPER_ALPHA},
    {"lowerRoman", RECTO_LIST_ORDERED, RECTO_LIST_STYLE_LOWER_ROMAN},
    {"upperRoman", RECTO_LIST_ORDERED, RECTO_LIST_STYLE_UPPER_ROMAN},
    {"arabicAlpha", RECTO_LIST_ORDERED, RECTO_LIST_STYLE_ARABIC_INDIC},
    {"arabicAbjad", RECTO_LIST_ORDERED, RECTO_LIST_STYLE_ARABIC_INDIC},
    {"hindiNumbers", RECTO_LIST_ORDERED, RECTO_LIST_STYLE_ARABIC_INDIC},
};

static void S_level(dx_level *l, const xmlNode *lvl) {
  const char *fmt = w_attr(w_child(lvl, "numFmt"), "val");
  l->kind = RECTO_LIST_ORDERED;
  l->style = RECTO_LIST_STYLE_DECIMAL;
  l->none = fmt && strcmp(fmt, "none") == 0;
  for (size_t k = 0; fmt && k < sizeof S_formats / sizeof *S_formats; k++)
    if (strcmp(fmt, S_formats[k].fmt) == 0) {
      l->kind = S_formats[k].kind;
      l->style = S_formats[k].style;
    }
  if (l->none)
    l->kind = RECTO_LIST_BULLET;
  l->start = ox_int(w_attr(w_child(lvl, "start"), "val"), 1);
  const char *text = w_attr(w_child(lvl, "lvlText"), "val");
  size_t n = text ? strlen(text) : 0;
  l->delim = !n                                        ? RECTO_LIST_DELIM_DEFAULT
             : text[0] == '(' && text[n - 1] == ')'    ? RECTO_LIST_DELIM_TWO_PARENS
             : text[n - 1] == ')'                      ? RECTO_LIST_DELIM_PAREN
             : text[n - 1] == '.'                      ? RECTO_LIST_DELIM_PERIOD
             : text[n - 1] == '-'                      ? RECTO_LIST_DELIM_DASH
                                                       : RECTO_LIST_DELIM_DEFAULT;
}

dx_numbering *dx_numbering_read(xmlDoc *xml) {
  dx_numbering *n = calloc(1, sizeof *n);
  xmlNode *root = xml ? xmlDocGetRootElement(xml) : NULL;
  size_t cap_a = 0, cap_n = 0;
  for (xmlNode *e = ox_first_elem(root); e; e = ox_next_elem(e)) {
    if (w_is(e, "abstractNum")) {
      if (n->n_abstracts == cap_a) {
        cap_a = cap_a ? 2 * cap_a : 16;
        n->abstracts = realloc(n->abstracts, cap_a * sizeof *n->abstracts);
      }
      S_abstract *a = &n->abstracts[n->n_abstracts++];
      memset(a, 0, sizeof *a);
      a->id = ox_int(w_attr(e, "abstractNumId"), -1);
      for (int k = 0; k < 9; k++) {
        a->levels[k].kind = RECTO_LIST_BULLET;
        a->levels[k].start = 1;
      }
      for (xmlNode *l = ox_first_elem(e); l; l = ox_next_elem(l)) {
        int ilvl = ox_int(w_attr(l, "ilvl"), -1);
        if (w_is(l, "lvl") && ilvl >= 0 && ilvl < 9)
          S_level(&a->levels[ilvl], l);
      }
    } else if (w_is(e, "num")) {
      if (n->n_nums == cap_n) {
        cap_n = cap_n ? 2 * cap_n : 16;
        n->nums = realloc(n->nums, cap_n * sizeof *n->nums);
      }
      S_num *num = &n->nums[n->n_nums++];
      num->id = ox_int(w_attr(e, "numId"), -1);
      num->abstract = ox_int(w_attr(w_child(e, "abstractNumId"), "val"), -1);
      for (int k = 0; k < 9; k++)
        num->start[k] = -1;
      for (xmlNode *o = ox_first_elem(e); o; o = ox_next_elem(o)) {
        int ilvl = ox_int(w_attr(o, "ilvl"), -1);
        xmlNode *so = w_child(o, "startOverride");
        if (w_is(o, "lvlOverride") && so && ilvl >= 0 && ilvl < 9)
          num->start[ilvl] = ox_int(w_attr(so, "val"), 1);
      }
    }
  }
  return n;
}

void dx_numbering_free(dx_numbering *n) {
  if (!n)
    return;
  free(n->abstracts);
  free(n->nums);
  free(n);
}

const dx_level *dx_numbering_level(const dx_numbering *n, int num, int ilvl,
                                   int *abstract, int *restart) {
  if (!n || ilvl < 0 || ilvl > 8)
    return NULL;
  for (size_t k = 0; k < n->n_nums; k++) {
    if (n->nums[k].id != num)
      continue;
    for (size_t j = 0; j < n->n_abstracts; j++) {
      if (n->abstracts[j].id != n->nums[k].abstract)
        continue;
      *abstract = n->abstracts[j].id;
      *restart = n->nums[k].start[ilvl] >= 0 ? n->nums[k].start[ilvl] : 0;
      return &n->abstracts[j].levels[ilvl];
    }
  }
  return NULL;
}
