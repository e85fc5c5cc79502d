/* langs.c: how much text each language has (TEI langUsage, EPUB
   dc:language). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct {
  const char *lang;
  size_t chars;
} share;

static int S_by_size(const void *a, const void *b) {
  const share *x = a, *y = b;
  if (x->chars != y->chars)
    return x->chars < y->chars ? 1 : -1;
  return strcmp(x->lang, y->lang);
}

static size_t S_letters(const char *s, size_t len) {
  size_t n = 0;
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < len;) {
    if (u[i] < 0x80) { /* most text: ASCII letters without decoding */
      n += (unsigned)((u[i] | 0x20) - 'a') < 26;
      i++;
      continue;
    }
    uint32_t cp;
    int k;
    if (u[i] >= 0xC2 && u[i] <= 0xDF && i + 1 < len &&
        (u[i + 1] & 0xC0) == 0x80) { /* Arabic, Persian, Cyrillic... */
      cp = (uint32_t)(u[i] & 0x1F) << 6 | (u[i + 1] & 0x3F);
      k = 2;
    } else {
      k = recto_utf8_decode(s + i, len - i, &cp);
    }
    i += k > 0 ? (size_t)k : 1;
    if (recto_script_of(cp) != RECTO_SCRIPT_OTHER)
      n++;
  }
  return n;
}

size_t recto_doc_languages(recto_doc *doc, recto_lang_share *out,
                           size_t max) {
  const char *base = doc->lang ? doc->lang : "und";
  ptrvec stack = {0}; /* languages of the open ancestors */
  share *shares = NULL;
  size_t count = 0, cap = 0;
  recto_iter *it = recto_iter_new(doc->root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    int leaf = node_is_leaf(n->type);
    if (ev == RECTO_EVENT_EXIT) {
      if (n->lang)
        stack.len--;
      continue;
    }
    if (!leaf && n->lang)
      ptrvec_push(&stack, (void *)n->lang);
    if (n->type != RECTO_NODE_TEXT)
      continue;
    const char *lang = n->lang ? n->lang
                       : stack.len ? stack.items[stack.len - 1]
                                   : base;
    size_t letters = S_letters(n->text, recto_node_text_len(n));
    if (!letters)
      continue;
    size_t k = 0;
    while (k < count && strcmp(shares[k].lang, lang) != 0)
      k++;
    if (k == count) {
      if (count == cap) {
        cap = cap ? cap * 2 : 8;
        shares = recto_xrealloc(shares, cap * sizeof *shares);
      }
      shares[count].lang = lang;
      shares[count++].chars = 0;
    }
    shares[k].chars += letters;
  }
  recto_iter_free(it);
  ptrvec_free(&stack);
  if (count)
    qsort(shares, count, sizeof *shares, S_by_size);
  for (size_t k = 0; k < count && k < max; k++) {
    out[k].lang = shares[k].lang;
    out[k].chars = shares[k].chars;
  }
  free(shares);
  return count;
}
