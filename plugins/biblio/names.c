/* names.c: BibTeX name lists ("A and B and {Org}") into structured
   names, following BibTeX's three forms: "First von Last",
   "von Last, First" and "von Last, Jr, First".  A name that is one
   braced group is an organisation: kept whole as a literal. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "biblio.h"
#include "json.h"

typedef struct S_tok {
  const char *s;
  size_t len;
  int comma; /* a top-level comma rather than a word */
} S_tok;

typedef struct S_toks {
  S_tok *items;
  size_t len, cap;
} S_toks;

static void S_push(S_toks *t, const char *s, size_t len, int comma) {
  t->items = rj_reserve(t->items, t->len, &t->cap, sizeof *t->items);
  t->items[t->len++] = (S_tok){s, len, comma};
}

/* Case of a code point: 1 lower, 2 upper, 0 caseless (Arabic, digits...).
   Enough of Unicode for the scripts of bibliographies. */
static int S_cp_case(uint32_t c) {
  if (c >= 'a' && c <= 'z')
    return 1;
  if (c >= 'A' && c <= 'Z')
    return 2;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
    return 2;
  if (c >= 0xDF && c <= 0xFF && c != 0xF7)
    return 1;
  if (c >= 0x100 && c <= 0x17F) {
    if (c == 0x138 || c == 0x17F)
      return 1;
    int odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (c == 0x178)
      return 2;
    return ((c & 1) != 0) == odd_upper ? 2 : 1;
  }
  if (c >= 0x391 && c <= 0x3A9)
    return 2;
  if (c >= 0x3B1 && c <= 0x3C9)
    return 1;
  if (c >= 0x400 && c <= 0x42F)
    return 2;
  if (c >= 0x430 && c <= 0x45F)
    return 1;
  return 0;
}

/* BibTeX's case of a word: of its first letter; a word opening with a
   brace group that is not a special character ({\'e}) is caseless. */
static int S_word_case(const S_tok *w) {
  const char *s = w->s;
  size_t len = w->len, i = 0;
  if (len && s[0] == '{') {
    if (len < 2 || s[1] != '\\')
      return 0;
    i = 1;
  }
  if (i < len && s[i] == '\\') {
    i++;
    if (i < len && strchr("'`^\"~=.", s[i]))
      i++; /* accent: the case is the base letter's */
    else if (i + 1 < len && strchr("cvuHkrdb", s[i]) &&
             !((s[i + 1] >= 'a' && s[i + 1] <= 'z') ||
               (s[i + 1] >= 'A' && s[i + 1] <= 'Z')))
      i++;
    while (i < len && (s[i] == '{' || s[i] == ' '))
      i++;
  }
  while (i < len && (s[i] == '{' || s[i] == '}'))
    i++;
  if (i >= len)
    return 0;
  uint32_t cp;
  if (recto_utf8_decode(s + i, len - i, &cp) < 0)
    return 0;
  return S_cp_case(cp);
}

/* The LaTeX-converted text of words [a, b) joined by spaces, or NULL. */
static const char *S_join(recto_doc *doc, const S_tok *w, size_t a,
                          size_t b) {
  if (a >= b)
    return NULL;
  /* The words are slices of one string: convert the whole span. */
  const char *start = w[a].s;
  const char *end = w[b - 1].s + w[b - 1].len;
  const char *r = bib_latex(doc, start, (size_t)(end - start));
  return *r ? r : NULL;
}

static int S_is_lower_word(const S_tok *w) { return S_word_case(w) == 1; }

/* biblatex's extended name format ("family=Goethe, given=Johann Wolfgang,
   prefix=von, useprefix=false"): 1 and n filled when toks[a, b) is one,
   else 0.  A prefix is a particle the name sorts without unless
   useprefix is true, as in biblatex. */
static int S_extended(recto_doc *doc, const S_tok *t, size_t a, size_t b,
                      recto_name *n) {
  static const char *const keys[] = {"family", "given", "prefix", "suffix",
                                     "useprefix"};
  const char *parts[5] = {NULL, NULL, NULL, NULL, NULL};
  for (size_t k = a; k < b;) {
    size_t e = k;
    while (e < b && !t[e].comma)
      e++;
    if (e > k) {
      const char *start = t[k].s, *end = t[e - 1].s + t[e - 1].len;
      const char *eq = memchr(start, '=', (size_t)(end - start));
      size_t key = 0;
      while (eq && key < 5 && (strlen(keys[key]) != (size_t)(eq - start) ||
                               strncasecmp(start, keys[key], eq - start)))
        key++;
      if (!eq) /* other biblatex keys (giveni...) are hints: skipped */
        return 0;
      if (key < 5)
        parts[key] = bib_latex(doc, eq + 1, (size_t)(end - eq - 1));
    }
    k = e + 1;
  }
  if (!parts[0] && !parts[1])
    return 0;
  n->family = parts[0] && *parts[0] ? parts[0] : NULL;
  n->given = parts[1] && *parts[1] ? parts[1] : NULL;
  n->suffix = parts[3] && *parts[3] ? parts[3] : NULL;
  if (parts[2] && *parts[2]) {
    if (parts[4] && !strcasecmp(parts[4], "true"))
      n->non_dropping_particle = parts[2];
    else
      n->dropping_particle = parts[2];
  }
  return 1;
}

/* One name: toks[a, b) (words and commas). */
static recto_name *S_name(recto_doc *doc, const S_tok *t, size_t a,
                          size_t b) {
  recto_name *n = recto_name_new(doc);
  size_t nt = b - a;
  if (nt == 1 && !t[a].comma && t[a].len >= 2 && t[a].s[0] == '{' &&
      t[a].s[t[a].len - 1] == '}') {
    /* One group whose first brace closes at its end: an organisation. */
    int depth = 0;
    size_t k = 0;
    for (; k < t[a].len; k++) {
      depth += t[a].s[k] == '{' ? 1 : t[a].s[k] == '}' ? -1 : 0;
      if (depth == 0)
        break;
    }
    if (k == t[a].len - 1) {
      n->literal = bib_latex(doc, t[a].s, t[a].len);
      return n;
    }
  }
  if (nt == 1 && t[a].len == 6 && memcmp(t[a].s, "others", 6) == 0) {
    n->literal = "others"; /* "and others": et al. */
    return n;
  }
  if (memchr(t[a].s, '=', t[a].len) && S_extended(doc, t, a, b, n))
    return n;
  /* Split at top-level commas into up to three parts. */
  size_t cut[3], ncut = 0;
  for (size_t k = a; k < b; k++)
    if (t[k].comma && ncut < 2)
      cut[ncut++] = k;
  if (ncut == 0) {
    /* First von Last */
    size_t last = b - 1, von_a = b, von_b = b;
    for (size_t k = a; k < last; k++)
      if (S_is_lower_word(&t[k])) {
        if (von_a == b)
          von_a = k;
        von_b = k + 1;
      }
    if (von_a == b) {
      n->given = S_join(doc, t, a, last);
      n->family = S_join(doc, t, last, b);
    } else {
      n->given = S_join(doc, t, a, von_a);
      n->non_dropping_particle = S_join(doc, t, von_a, von_b);
      n->family = S_join(doc, t, von_b, b);
    }
    return n;
  }
  /* von Last, [Jr,] First */
  size_t end0 = cut[0];
  size_t von_b = a;
  for (size_t k = a; k + 1 < end0; k++)
    if (S_is_lower_word(&t[k]))
      von_b = k + 1;
  n->non_dropping_particle = S_join(doc, t, a, von_b);
  n->family = S_join(doc, t, von_b, end0);
  if (ncut == 1) {
    n->given = S_join(doc, t, cut[0] + 1, b);
  } else {
    n->suffix = S_join(doc, t, cut[0] + 1, cut[1]);
    /* Further commas stay part of the given names. */
    n->given = S_join(doc, t, cut[1] + 1, b);
  }
  if (!n->family && n->non_dropping_particle) {
    n->family = n->non_dropping_particle;
    n->non_dropping_particle = NULL;
  }
  return n;
}

recto_name *bib_names(recto_doc *doc, const char *s, size_t len) {
  S_toks t = {NULL, 0, 0};
  recto_name *list = NULL;
  size_t i = 0;
  int depth = 0;
  size_t start = 0;
  /* Words at brace depth 0, "," tokens, and "and" ends a name. */
  while (i <= len) {
    char c = i < len ? s[i] : ' ';
    int sep = depth == 0 && (c == ' ' || c == '\t' || c == '\n' ||
                             c == '\r' || c == ',');
    if (c == '{')
      depth++;
    else if (c == '}' && depth > 0)
      depth--;
    else if (c == '\\' && i + 1 < len)
      i++; /* \{ and \} do not count */
    if (sep || i == len) {
      if (i > start) {
        size_t wl = (i < len ? i : len) - start;
        if (wl == 3 && strncasecmp(s + start, "and", 3) == 0) {
          if (t.len)
            recto_name_append(&list, S_name(doc, t.items, 0, t.len));
          t.len = 0;
        } else if (wl) {
          S_push(&t, s + start, wl, 0);
        }
      }
      if (c == ',' && i < len)
        S_push(&t, s + i, 1, 1);
      start = i + 1;
    }
    i++;
  }
  if (t.len)
    recto_name_append(&list, S_name(doc, t.items, 0, t.len));
  free(t.items);
  return list;
}
