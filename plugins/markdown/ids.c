/* ids.c: pandoc's automatic heading identifiers and implicit heading
 * references, once the whole document is read.
 *
 * A heading without an id gets one made from its text as pandoc makes it
 * (auto_identifiers): lower case, only letters, digits, '_', '-' and '.',
 * words joined by '-', nothing before the first letter, "section" if
 * nothing is left, "-1", "-2"... when taken.  Then "[Heading text]" that
 * no reference definition linked (the reader kept it as a span of class
 * MD_HEADING_REF) links to the heading with that text, or is text again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md.h"

/* ---- a map of strings (open addressing) ---- */

static uint64_t S_hash(const char *s) {
  uint64_t h = 14695981039346656037u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

static size_t S_slot(const md_strmap *set, const char *key) {
  size_t i = (size_t)S_hash(key) & (set->cap - 1);
  while (set->keys[i] && strcmp(set->keys[i], key) != 0)
    i = (i + 1) & (set->cap - 1);
  return i;
}

const char *md_strmap_get(const md_strmap *set, const char *key) {
  if (!set->cap)
    return NULL;
  size_t i = S_slot(set, key);
  return set->keys[i] ? set->values[i] : NULL;
}

int md_strmap_put(md_strmap *set, const char *key, const char *value) {
  if ((set->count + 1) * 2 > set->cap) {
    md_strmap bigger = {0};
    bigger.cap = set->cap ? set->cap * 2 : 64;
    bigger.keys = calloc(bigger.cap, sizeof *bigger.keys);
    bigger.values = calloc(bigger.cap, sizeof *bigger.values);
    if (!bigger.keys || !bigger.values)
      recto_out_of_memory();
    for (size_t i = 0; i < set->cap; i++)
      if (set->keys[i])
        md_strmap_put(&bigger, set->keys[i], set->values[i]);
    free(set->keys);
    free(set->values);
    *set = bigger;
  }
  size_t i = S_slot(set, key);
  if (set->keys[i])
    return 0; /* the first one stays */
  set->count++;
  set->keys[i] = key;
  set->values[i] = value;
  return 1;
}

void md_strmap_free(md_strmap *set) {
  free(set->keys);
  free(set->values);
  memset(set, 0, sizeof *set);
}

/* ---- characters, as Haskell's isAlpha / isAlphaNum / toLower see them,
   closely enough for identifiers ---- */

static int S_in(const uint32_t (*ranges)[2], size_t n, uint32_t c) {
  for (size_t i = 0; i < n; i++)
    if (c >= ranges[i][0] && c <= ranges[i][1])
      return 1;
  return 0;
}

/* Numbers (Haskell's isNumber) that are no decimal digits, in Latin-1
   and among the symbols of U+2000-2BFF and U+3000-303F: super- and
   subscript digits, fractions, number forms, circled numbers, the CJK
   zero (二〇二四) and Hangzhou numerals. */
static const uint32_t symbol_numbers[][2] = {
    {0x00B2, 0x00B3}, {0x00B9, 0x00B9}, {0x00BC, 0x00BE},
    {0x2070, 0x2070}, {0x2074, 0x2079}, {0x2080, 0x2089},
    {0x2150, 0x2182}, {0x2185, 0x2189}, {0x2460, 0x249B},
    {0x24EA, 0x24FF}, {0x2776, 0x2793}, {0x3007, 0x3007},
    {0x3021, 0x3029}, {0x3038, 0x303A}};
/* Letters among them: modifier letters, letterlike symbols (ℓ, ℕ), CJK
   iteration and closing marks (々, 〆). */
static const uint32_t symbol_letters[][2] = {
    {0x2071, 0x2071}, {0x207F, 0x207F}, {0x2090, 0x209C},
    {0x2102, 0x2102}, {0x2107, 0x2107}, {0x210A, 0x2113},
    {0x2115, 0x2115}, {0x2119, 0x211D}, {0x2124, 0x2124},
    {0x2126, 0x2126}, {0x2128, 0x2128}, {0x212A, 0x212D},
    {0x212F, 0x2139}, {0x213C, 0x213F}, {0x2145, 0x2149},
    {0x214E, 0x214E}, {0x2183, 0x2184}, {0x3005, 0x3006},
    {0x3031, 0x3035}, {0x303B, 0x303C}};
#define S_COUNT(t) (sizeof t / sizeof t[0])

static int S_is_digit(uint32_t c) {
  return (c >= '0' && c <= '9') || recto_digit_value(c) >= 0 ||
         S_in(symbol_numbers, S_COUNT(symbol_numbers), c);
}

int md_is_letter(uint32_t c) {
  if (c < 0x80)
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c < 0xC0)
    return c == 0xAA || c == 0xB5 || c == 0xBA;
  if (c == 0xD7 || c == 0xF7 || S_is_digit(c))
    return 0;
  /* combining marks, punctuation and symbols of the scripts in use */
  static const uint32_t not_letters[][2] = {
      {0x02C2, 0x02C5}, {0x02D2, 0x02DF}, {0x0300, 0x036F},
      {0x0483, 0x0489}, {0x0591, 0x05C7}, {0x05F3, 0x05F4},
      {0x0600, 0x061F}, {0x064B, 0x065F}, {0x066A, 0x066D},
      {0x0670, 0x0670}, {0x06D4, 0x06D4}, {0x06D6, 0x06ED},
      {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4F},
      {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x2000, 0x2BFF},
      {0x2E00, 0x2E7F}, {0x3000, 0x303F}, {0xFE00, 0xFE0F},
      {0xFE20, 0xFE6F}, {0xFF00, 0xFF20}, {0xFFF0, 0xFFFF}};
  return S_in(symbol_letters, S_COUNT(symbol_letters), c) ||
         !S_in(not_letters, S_COUNT(not_letters), c);
}

static uint32_t S_lower(uint32_t c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
      (c >= 0x391 && c <= 0x3AB && c != 0x3A2) || (c >= 0x410 && c <= 0x42F))
    return c + 32;
  if (c >= 0x400 && c <= 0x40F)
    return c + 80;
  if (((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177) ||
       (c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF)) &&
      !(c & 1))
    return c + 1;
  return c;
}

char *md_auto_ident(recto_doc *doc, const char *s, size_t len) {
  recto_buf b = RECTO_BUF_INIT;
  int seen_letter = 0, gap = 0;
  for (size_t i = 0; i < len;) {
    uint32_t c;
    int n = recto_utf8_decode(s + i, len - i, &c);
    i += n > 0 ? (size_t)n : 1;
    if (c == ' ' || c == '\t' || c == '\n' || c == 0xA0) {
      gap = 1;
      continue;
    }
    int letter = md_is_letter(c);
    if (!letter && !S_is_digit(c) && c != '_' && c != '-' && c != '.')
      continue; /* dropped, without making a word break */
    if (!seen_letter && !letter)
      continue;
    if (gap && seen_letter)
      recto_buf_putc(&b, '-');
    gap = 0;
    seen_letter = 1;
    char u[4];
    recto_buf_put(&b, u, (size_t)recto_utf8_encode(S_lower(c), u));
  }
  char *id = recto_strndup(doc, b.len ? b.data : "section",
                           b.len ? b.len : 7);
  recto_buf_free(&b);
  return id;
}

/* The key two texts are matched by: white space runs as one space, ASCII
   letters folded, as reference labels are. */
static char *S_key(recto_doc *doc, const recto_node *n) {
  recto_buf raw = RECTO_BUF_INIT, b = RECTO_BUF_INIT;
  md_plain(&raw, n);
  int sp = 1;
  for (size_t i = 0; i < raw.len; i++) {
    char c = raw.data[i];
    if (md_isspace((unsigned char)c)) {
      sp = 1;
      continue;
    }
    if (sp && b.len)
      recto_buf_putc(&b, ' ');
    sp = 0;
    recto_buf_putc(&b, c >= 'A' && c <= 'Z' ? (char)(c + 32) : c);
  }
  char *k = recto_strndup(doc, b.data ? b.data : "", b.len);
  recto_buf_free(&raw);
  recto_buf_free(&b);
  return k;
}

static int S_mark(const recto_node *n, const char *cls) {
  return n && recto_node_type_of(n) == RECTO_NODE_SPAN &&
         !recto_node_first_child(n) && recto_node_has_class(n, cls);
}

/* Text again for the mark of a reference that found no heading (joined
   with the text around it by S_join, once per parent). */
static void S_unmark(recto_doc *doc, recto_node *mark, const char *text) {
  recto_node *t = md_text_new(doc, text, 1, recto_node_pos(mark));
  recto_node_insert_before(mark, t);
  recto_node_unlink(mark);
}

/* Adjacent text children of parent as one, as the reader left them. */
static void S_join(recto_doc *doc, recto_node *parent) {
  recto_buf b = RECTO_BUF_INIT;
  for (recto_node *n = recto_node_first_child(parent), *nx; n; n = nx) {
    nx = recto_node_next(n);
    if (recto_node_type_of(n) != RECTO_NODE_TEXT || !nx ||
        recto_node_type_of(nx) != RECTO_NODE_TEXT)
      continue;
    recto_buf_clear(&b);
    recto_buf_put(&b, recto_node_text(n), recto_node_text_len(n));
    while (nx && recto_node_type_of(nx) == RECTO_NODE_TEXT) {
      recto_buf_put(&b, recto_node_text(nx), recto_node_text_len(nx));
      recto_node *gone = nx;
      nx = recto_node_next(nx);
      recto_node_unlink(gone);
    }
    recto_node_set_text(n, recto_strndup(doc, b.data, b.len), b.len);
  }
  recto_buf_free(&b);
}

/* The end mark of the reference opened by open, or NULL. */
static recto_node *S_close(recto_node *open) {
  recto_node *close = recto_node_next(open);
  while (close && !S_mark(close, MD_HEADING_REF_END))
    close = recto_node_next(close);
  return close;
}

/* The nodes between marks open and close moved into a span between them. */
static recto_node *S_gather(recto_doc *doc, recto_node *open,
                            recto_node *close) {
  recto_node *tmp = recto_node_new(doc, RECTO_NODE_SPAN);
  recto_node_insert_before(close, tmp);
  for (recto_node *n = recto_node_next(open); n != tmp;) {
    recto_node *next = recto_node_next(n);
    recto_node_unlink(n);
    recto_node_append(tmp, n);
    n = next;
  }
  return tmp;
}

/* The span of S_gather taken away, its nodes left in its place. */
static void S_scatter(recto_node *tmp) {
  recto_node *c;
  while ((c = recto_node_first_child(tmp)) != NULL) {
    recto_node_unlink(c);
    recto_node_insert_before(tmp, c);
  }
  recto_node_unlink(tmp);
}

/* One reference: its marks, and what lies between them; a label right
   after it ("[text][Heading]", or "[Heading][]" where the text names it)
   says which heading, and the whole is text again when none has it. */
static int S_resolve(recto_doc *doc, const md_strmap *by_text,
                     recto_node *open) {
  recto_node *close = S_close(open);
  if (!close) {
    S_unmark(doc, open, "[");
    return 1;
  }
  recto_node *label = recto_node_next(close);
  recto_node *label_end = S_mark(label, MD_HEADING_REF) ? S_close(label)
                                                        : NULL;
  recto_node *text = S_gather(doc, open, close);
  const char *key = S_key(doc, text);
  recto_node *named = NULL;
  if (label_end && recto_node_next(label) != label_end) {
    named = S_gather(doc, label, label_end);
    key = S_key(doc, named);
  }
  const char *id = md_strmap_get(by_text, key);
  if (id) {
    recto_node *link = md_retype(text, RECTO_NODE_LINK);
    recto_node_set_pos(link, recto_node_pos(open));
    char *url = recto_alloc(doc, strlen(id) + 2);
    url[0] = '#';
    strcpy(url + 1, id);
    recto_node_set_url(link, url);
    recto_node_unlink(open);
    recto_node_unlink(close);
    if (label_end) {
      recto_node_unlink(label);
      if (named)
        recto_node_unlink(named);
      recto_node_unlink(label_end);
    }
    return 0;
  }
  S_scatter(text);
  S_unmark(doc, open, "[");
  S_unmark(doc, close, "]");
  if (label_end) {
    if (named)
      S_scatter(named);
    S_unmark(doc, label, "[");
    S_unmark(doc, label_end, "]");
  }
  return 1;
}

/* The marks of references under root, in order, into refs (when not
   NULL); their number. */
static size_t S_marks(recto_node *root, recto_node **refs) {
  size_t k = 0;
  recto_iter *it = recto_iter_new(root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev == RECTO_EVENT_ENTER &&
        (S_mark(n, MD_HEADING_REF) || S_mark(n, MD_HEADING_REF_END))) {
      if (refs)
        refs[k] = n;
      k++;
    }
  }
  recto_iter_free(it);
  return k;
}

/* Every reference under root linked to the heading by_text gives it, or
   made text again. */
static void S_resolve_all(recto_doc *doc, const md_strmap *by_text,
                          recto_node *root) {
  size_t k = S_marks(root, NULL);
  if (!k)
    return;
  recto_node **refs = malloc(k * sizeof *refs);
  if (!refs)
    recto_out_of_memory();
  S_marks(root, refs);
  recto_node *last = NULL;
  for (size_t i = 0; i < k; i++) {
    recto_node *parent = recto_node_parent(refs[i]);
    if (!parent)
      continue;
    /* end marks that were not reached from their start */
    if (S_mark(refs[i], MD_HEADING_REF) ? S_resolve(doc, by_text, refs[i])
                                        : (S_unmark(doc, refs[i], "]"), 1)) {
      if (last && last != parent)
        S_join(doc, last);
      last = parent;
    }
  }
  if (last)
    S_join(doc, last);
  free(refs);
}

void md_heading_refs_text(recto_doc *doc, recto_node *root) {
  md_strmap none = {0};
  S_resolve_all(doc, &none, root);
}

const char *md_unique_ident(recto_doc *doc, const md_strmap *used,
                            const char *base) {
  const char *cand = base;
  size_t bl = strlen(base);
  for (unsigned k = 1; md_strmap_get(used, cand); k++) {
    char *c = recto_alloc(doc, bl + 12);
    snprintf(c, bl + 12, "%s-%u", base, k);
    cand = c;
  }
  return cand;
}

void md_heading_ids(md_reader *rd, recto_node *root) {
  recto_doc *doc = rd->doc;
  md_strmap used = {0}, by_text = {0};
  size_t nrefs = 0;
  /* ids the document sets itself are taken first */
  recto_iter *it = recto_iter_new(root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER)
      continue;
    const char *id = recto_node_id(n);
    if (id && *id)
      md_strmap_put(&used, id, id);
    if (S_mark(n, MD_HEADING_REF) || S_mark(n, MD_HEADING_REF_END))
      nrefs++;
  }
  recto_iter_free(it);
  it = recto_iter_new(root);
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER || recto_node_type_of(n) != RECTO_NODE_HEADING)
      continue;
    recto_iter_skip_children(it);
    const char *id = recto_node_id(n);
    if (!id || !*id) {
      recto_buf b = RECTO_BUF_INIT;
      md_plain(&b, n);
      char *base = md_auto_ident(doc, b.data ? b.data : "", b.len);
      recto_buf_free(&b);
      recto_node_set_id(n, md_unique_ident(doc, &used, base));
      id = recto_node_id(n);
      md_strmap_put(&used, id, id);
    }
    if (nrefs) {
      const char *key = S_key(doc, n);
      if (!md_strmap_put(&by_text, key, id))
        by_text.values[S_slot(&by_text, key)] = id; /* pandoc: the last */
    }
  }
  recto_iter_free(it);
  if (nrefs)
    S_resolve_all(doc, &by_text, root);
  md_strmap_free(&used);
  md_strmap_free(&by_text);
}

void md_note_markers(recto_node *root) {
  recto_iter *it = recto_iter_new(root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER || recto_node_type_of(n) != RECTO_NODE_NOTE)
      continue;
    const char *m = recto_node_marker(n);
    size_t len = m ? strlen(m) : 0;
    size_t chars = 0;
    int letter = 0;
    for (size_t i = 0; i < len; chars++) {
      uint32_t c;
      int k = recto_utf8_decode(m + i, len - i, &c);
      letter |= md_is_letter(c);
      i += k > 0 ? (size_t)k : 1;
    }
    if (letter && chars > 1) {
      /* the label names the note: it stays as the note's id */
      if (!recto_node_id(n))
        recto_node_set_id(n, m);
      recto_node_set_marker(n, NULL);
    }
  }
  recto_iter_free(it);
}
