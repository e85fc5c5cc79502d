/* cite.c: pandoc citation syntax, read and written.
 *
 *   [see @doe, p. 33; also -@roe, chap. 2]   normal / suppress-author items
 *   @doe [p. 33]                              author in text
 *
 * The locator is split from the suffix with the usual abbreviations
 * (CSL locator terms in English, and a few Persian/Arabic ones), so that
 * "p. 33" gives label "page" and locator "33".
 */
#include <string.h>

#include "md.h"

static const struct {
  const char *term;
  const char *label;
} S_terms[] = {
    /* the first term of each label is the one written */
    {"p.", "page"},         {"pp.", "page"},        {"pages", "page"},
    {"page", "page"},       {"ص.", "page"},         {"صص.", "page"},
    {"chap.", "chapter"},   {"chaps.", "chapter"},  {"ch.", "chapter"},
    {"chapter", "chapter"}, {"sec.", "section"},    {"secs.", "section"},
    {"§§", "section"},      {"§", "section"},       {"vol.", "volume"},
    {"vols.", "volume"},    {"ج.", "volume"},       {"no.", "number"},
    {"nos.", "number"},     {"fig.", "figure"},     {"figs.", "figure"},
    {"l.", "line"},         {"ll.", "line"},        {"n.", "note"},
    {"nn.", "note"},        {"para.", "paragraph"}, {"paras.", "paragraph"},
    {"¶¶", "paragraph"},    {"¶", "paragraph"},     {"pt.", "part"},
    {"pts.", "part"},       {"v.", "verse"},        {"vv.", "verse"},
    {"col.", "column"},     {"cols.", "column"},    {"bk.", "book"},
    {"bks.", "book"},       {"fol.", "folio"},      {"fols.", "folio"},
    {"op.", "opus"},        {"opp.", "opus"},       {"s.v.", "sub-verbo"},
    {"s.vv.", "sub-verbo"},
};
#define S_NTERMS (sizeof S_terms / sizeof S_terms[0])

/* The character at s as the key grammar sees it: an escaped character
   (its replacement) counts as itself, so that a key the writer had to
   escape ("@doe\_2020") reads back whole.  Returns its byte length. */
static size_t S_char(const md_reader *rd, const char *s, size_t len,
                     char *ascii) {
  int e = rd ? md_esc_at(rd, s, len) : -1;
  *ascii = e >= 0 ? md_esc_char(e) : (unsigned char)s[0] < 0x80 ? s[0] : 0;
  return e >= 0 ? 2 : 1;
}

/* Byte length of a letter or digit at s (any script), 0 otherwise. */
static size_t S_word(const md_reader *rd, const char *s, size_t len) {
  char a;
  if (!len)
    return 0;
  size_t w = S_char(rd, s, len, &a);
  if (a)
    return md_isalnum((unsigned char)a) || a == '_' ? w : 0;
  uint32_t cp;
  int n = recto_utf8_decode(s, len, &cp);
  if (n <= 0)
    return 0;
  if (recto_digit_value(cp) >= 0 || recto_script_of(cp) != RECTO_SCRIPT_OTHER)
    return (size_t)n;
  return 0;
}

static size_t S_key_len(const md_reader *rd, const char *s, size_t len) {
  if (len && s[0] == '{') {
    for (size_t i = 1; i < len; i++)
      if (s[i] == '}')
        return i > 1 ? i + 1 : 0;
    return 0;
  }
  size_t i = S_word(rd, s, len);
  if (!i)
    return 0;
  while (i < len) {
    size_t w = S_word(rd, s + i, len - i);
    if (w) {
      i += w;
      continue;
    }
    /* internal punctuation must be followed by a word character, ':' and
       '/' also by a '/' (a URL as a key: "@https://doi.org/x") */
    char a, b = 0;
    size_t n = S_char(rd, s + i, len - i, &a);
    if (i + n < len)
      S_char(rd, s + i + n, len - i - n, &b);
    if (a && strchr(":.#$%&-+?<>~/", a) && i + n < len &&
        (S_word(rd, s + i + n, len - i - n) || (strchr(":/", a) && b == '/'))) {
      i += n;
      continue;
    }
    break;
  }
  return i;
}

size_t md_cite_key_len(const char *s, size_t len) {
  return S_key_len(NULL, s, len);
}

size_t md_cite_key_len_rd(const md_reader *rd, const char *s, size_t len) {
  return S_key_len(rd, s, len);
}

static int S_sp(char c) { return c == ' ' || c == '\t' || c == '\n'; }

/* Whether s[i] (a digit of any script) starts here; returns its length. */
static size_t S_digit(const char *s, size_t len) {
  uint32_t cp;
  int n = len ? recto_utf8_decode(s, len, &cp) : 0;
  return n > 0 && recto_digit_value(cp) >= 0 ? (size_t)n : 0;
}

static size_t S_locator_word(const char *s, size_t len, int roman) {
  size_t i = 0, d;
  while (i < len && (d = S_digit(s + i, len - i)))
    i += d;
  if (i) {
    while (i < len && ((s[i] >= 'a' && s[i] <= 'z') ||
                       (s[i] >= 'A' && s[i] <= 'Z')))
      i++;
    return i;
  }
  if (roman)
    while (i < len && strchr("ivxlcdmIVXLCDM", s[i]) && s[i])
      i++;
  return i;
}

static size_t S_locator(const char *s, size_t len, int roman) {
  size_t i = S_locator_word(s, len, roman);
  if (!i)
    return 0;
  for (;;) {
    size_t j = i;
    if (j < len && (s[j] == '-' || s[j] == ':'))
      j++;
    else if (j + 3 <= len && (!memcmp(s + j, "\xe2\x80\x93", 3) ||
                              !memcmp(s + j, "\xe2\x80\x94", 3)))
      j += 3;
    else if (j < len && s[j] == ',') {
      j++;
      while (j < len && s[j] == ' ')
        j++;
      if (!S_digit(s + j, len - j))
        break;
    } else if (j + 3 <= len && !memcmp(s + j, " & ", 3))
      j += 3;
    else
      break;
    size_t w = S_locator_word(s + j, len - j, roman);
    if (!w)
      break;
    i = j + w;
  }
  return i;
}

void md_cite_split_locator(recto_doc *doc, const char *suffix,
                           const char **label, const char **locator,
                           const char **rest) {
  *label = NULL;
  *locator = NULL;
  *rest = suffix && *suffix ? suffix : NULL;
  if (!suffix)
    return;
  size_t len = strlen(suffix), i = 0;
  while (i < len && S_sp(suffix[i]))
    i++;
  if (i < len && suffix[i] == ',') {
    i++;
  } else if (i + 2 <= len && !memcmp(suffix + i, "\xd8\x8c", 2)) {
    i += 2; /* the Arabic comma */
  }
  while (i < len && S_sp(suffix[i]))
    i++;
  const char *lab = NULL;
  size_t best = 0;
  for (size_t t = 0; t < S_NTERMS; t++) {
    size_t n = strlen(S_terms[t].term);
    if (n > best && i + n <= len && memcmp(suffix + i, S_terms[t].term, n) == 0 &&
        (i + n == len || S_sp(suffix[i + n]) ||
         S_digit(suffix + i + n, len - i - n))) {
      best = n;
      lab = S_terms[t].label;
    }
  }
  size_t j = i + best;
  while (lab && j < len && S_sp(suffix[j]))
    j++;
  size_t n = S_locator(suffix + j, len - j, lab != NULL);
  if (!n)
    return;
  *label = lab ? lab : "page";
  *locator = recto_strndup(doc, suffix + j, n);
  *rest = j + n < len ? recto_strdup(doc, suffix + j + n) : NULL;
}

size_t md_cite_parse(md_reader *rd, const char *scan, const char *real,
                     size_t len, md_cite **items) {
  size_t count = 1;
  for (size_t i = 0; i < len; i++)
    count += scan[i] == ';';
  md_cite *out = recto_alloc(rd->doc, count * sizeof *out);
  size_t n = 0, b = 0;
  while (b <= len) {
    size_t e = b;
    while (e < len && scan[e] != ';')
      e++;
    size_t a = b, klen = 0;
    for (; a < e; a++) {
      if (scan[a] != '@')
        continue;
      int ok = a == b || S_sp(scan[a - 1]) ||
               (scan[a - 1] == '-' && (a - 1 == b || S_sp(scan[a - 2])));
      if (ok && (klen = S_key_len(rd, scan + a + 1, e - a - 1)) > 0)
        break;
    }
    if (a >= e)
      return 0;
    md_cite *c = &out[n++];
    memset(c, 0, sizeof *c);
    size_t pe = a;
    if (a > b && scan[a - 1] == '-') {
      c->mode = RECTO_CITE_SUPPRESS_AUTHOR;
      pe = a - 1;
    }
    size_t pb = b;
    while (pb < pe && S_sp(real[pb]))
      pb++;
    while (pe > pb && S_sp(real[pe - 1]))
      pe--;
    if (pe > pb)
      c->prefix = md_unesc_dup(rd, real + pb, pe - pb, 0);
    const char *k = real + a + 1;
    size_t kl = klen;
    if (k[0] == '{') {
      k++;
      kl -= 2;
    }
    c->key = md_unesc_dup(rd, k, kl, 0);
    size_t sb = a + 1 + klen, se = e;
    while (se > sb && S_sp(real[se - 1]))
      se--;
    if (se > sb) {
      const char *suffix = md_unesc_dup(rd, real + sb, se - sb, 0);
      md_cite_split_locator(rd->doc, suffix, &c->label, &c->locator,
                            &c->suffix);
    }
    b = e + 1;
  }
  *items = out;
  return n;
}

size_t md_cite_parse_after_key(md_reader *rd, const char *scan,
                                const char *real, size_t len, size_t *from,
                                md_cite **items) {
  *from = 0;
  size_t n = md_cite_parse(rd, scan, real, len, items);
  const char *semi;
  if (!n && (semi = memchr(scan, ';', len)) != NULL) {
    *from = (size_t)(semi - scan) + 1;
    n = md_cite_parse(rd, scan + *from, real + *from, len - *from, items);
  }
  return n;
}

static const char *const S_mode_names[] = {"normal", "author-in-text",
                                           "suppress-author"};

int md_cite_modes_lost(const recto_node *cite) {
  size_t n = recto_cite_count(cite);
  for (size_t i = 0; i < n; i++) {
    recto_cite_item *it = recto_cite_item_at(cite, i);
    if (it->mode != RECTO_CITE_AUTHOR_IN_TEXT)
      continue;
    int prefix = it->prefix && *it->prefix;
    /* only a first item, without prefix, is written "@key"; before other
       items, its suffix ends at the first ';' */
    if (i > 0 || prefix ||
        (n > 1 && it->suffix && strchr(it->suffix, ';')) ||
        (n > 1 && it->locator && strchr(it->locator, ';')))
      return 1;
  }
  return 0;
}

const char *md_cite_modes(recto_doc *doc, const recto_node *cite) {
  recto_buf b = RECTO_BUF_INIT;
  for (size_t i = 0; i < recto_cite_count(cite); i++) {
    recto_cite_mode m = recto_cite_item_at(cite, i)->mode;
    if (i)
      recto_buf_putc(&b, ' ');
    recto_buf_puts(&b, (unsigned)m < 3 ? S_mode_names[m] : "normal");
  }
  const char *s = recto_strndup(doc, b.data ? b.data : "", b.len);
  recto_buf_free(&b);
  return s;
}

void md_cite_set_modes(recto_node *cite, const char *modes) {
  size_t i = 0, len;
  const char *word;
  while ((word = md_next_word(&modes, &len)) != NULL &&
         i < recto_cite_count(cite)) {
    recto_cite_mode m = RECTO_CITE_NORMAL;
    for (int k = 0; k < 3; k++)
      if (strlen(S_mode_names[k]) == len && !strncmp(S_mode_names[k], word, len))
        m = (recto_cite_mode)k;
    recto_cite_item_at(cite, i++)->mode = m;
  }
}

const char *md_cite_label_term(const char *label, const char *locator) {
  if (!label)
    return NULL;
  if (!strcmp(label, "page") && locator &&
      (strpbrk(locator, "-,&") || strstr(locator, "\xe2\x80\x93")))
    return "pp.";
  for (size_t t = 0; t < S_NTERMS; t++)
    if (!strcmp(S_terms[t].label, label))
      return S_terms[t].term;
  return label;
}

static void S_emit_str(md_cite_emit_fn emit, void *user, const char *s,
                       int literal) {
  if (s && *s)
    emit(user, s, strlen(s), literal);
}

static void S_emit_locator(md_cite_emit_fn emit, void *user,
                           const recto_cite_item *it) {
  if (it->locator && *it->locator) {
    const char *term = md_cite_label_term(it->label ? it->label : "page",
                                          it->locator);
    S_emit_str(emit, user, term, 0);
    emit(user, " ", 1, 1);
    S_emit_str(emit, user, it->locator, 0);
  }
}

static void S_items(const recto_node *cite, size_t from, md_cite_emit_fn emit,
                    void *user);

void md_cite_generate(const recto_node *cite, md_cite_emit_fn emit,
                      void *user) {
  size_t n = recto_cite_count(cite);
  recto_cite_item *first = n ? recto_cite_item_at(cite, 0) : NULL;
  if (first && first->mode == RECTO_CITE_AUTHOR_IN_TEXT &&
      !(first->prefix && *first->prefix)) {
    /* "@doe [p. 33; -@roe]": the author in text, its locator and suffix,
       then the others */
    emit(user, "@", 1, 1);
    S_emit_str(emit, user, first->key, 1);
    int rest = (first->locator && *first->locator) ||
               (first->suffix && *first->suffix);
    if (rest || n > 1) {
      emit(user, " [", 2, 1);
      if (rest) {
        S_emit_locator(emit, user, first);
        S_emit_str(emit, user, first->suffix, 0);
      }
      if (rest && n > 1)
        emit(user, "; ", 2, 1);
      S_items(cite, 1, emit, user);
      emit(user, "]", 1, 1);
    }
    return;
  }
  emit(user, "[", 1, 1);
  S_items(cite, 0, emit, user);
  emit(user, "]", 1, 1);
}

/* Items from the index-th on, "; " between them. */
static void S_items(const recto_node *cite, size_t from, md_cite_emit_fn emit,
                    void *user) {
  size_t n = recto_cite_count(cite);
  for (size_t i = from; i < n; i++) {
    recto_cite_item *it = recto_cite_item_at(cite, i);
    if (i > from)
      emit(user, "; ", 2, 1);
    if (it->prefix && *it->prefix) {
      S_emit_str(emit, user, it->prefix, 0);
      emit(user, " ", 1, 1);
    }
    if (it->mode == RECTO_CITE_SUPPRESS_AUTHOR)
      emit(user, "-", 1, 1);
    emit(user, "@", 1, 1);
    S_emit_str(emit, user, it->key, 1);
    if (it->locator && *it->locator) {
      emit(user, ", ", 2, 1);
      S_emit_locator(emit, user, it);
    }
    S_emit_str(emit, user, it->suffix, 0);
  }
}
