/* lang.c: which language a stretch of text is in.
 *
 * Scripts first (Latin, Arabic, Cyrillic, Hebrew).  Inside the Arabic
 * script, Persian and Arabic differ in letters: پ چ ژ گ ۀ ی ک and Persian
 * digits for Persian, ة ي ك ى, Arabic-Indic digits, hamza forms and the
 * article "ال" for Arabic (Persian extractions often carry the Arabic
 * forms of yeh and kaf, so the Persian-only letters weigh more).  Inside
 * the Latin script, a few stop words tell English from French, German
 * and Spanish; Kazakh letters tell Kazakh from Russian.
 */
#include <string.h>

#include "plain.h"

/* Stop words by language, as one switch on the word packed into an
   integer (a table scanned per word cost more than the rest of the
   count). */
#define S_K2(a, b) ((uint64_t)(a) | (uint64_t)(b) << 8 | 2ull << 40)
#define S_K3(a, b, c)                                                        \
  ((uint64_t)(a) | (uint64_t)(b) << 8 | (uint64_t)(c) << 16 | 3ull << 40)
#define S_K4(a, b, c, d)                                                     \
  ((uint64_t)(a) | (uint64_t)(b) << 8 | (uint64_t)(c) << 16 |                \
   (uint64_t)(d) << 24 | 4ull << 40)
#define S_K5(a, b, c, d, e)                                                  \
  ((uint64_t)(a) | (uint64_t)(b) << 8 | (uint64_t)(c) << 16 |                \
   (uint64_t)(d) << 24 | (uint64_t)(e) << 32 | 5ull << 40)

static void S_stopword(pt_langcount *c, const char *w, size_t n) {
  if (n > 5)
    return;
  uint64_t key = (uint64_t)n << 40;
  for (size_t i = 0; i < n; i++)
    key |= (uint64_t)(unsigned char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32
                                                                 : w[i])
           << (8 * i);
  switch (key) {
  case S_K3('t', 'h', 'e'):
  case S_K3('a', 'n', 'd'):
  case S_K2('o', 'f'):
  case S_K2('t', 'o'):
  case S_K2('i', 'n'):
  case S_K2('i', 's'):
  case S_K4('t', 'h', 'a', 't'):
  case S_K3('f', 'o', 'r'):
  case S_K3('w', 'a', 's'):
  case S_K4('w', 'i', 't', 'h'):
  case S_K2('o', 'n'):
  case S_K2('a', 's'):
  case S_K2('b', 'y'):
    c->en++;
    break;
  case S_K2('l', 'e'):
  case S_K2('l', 'a'):
  case S_K3('l', 'e', 's'):
  case S_K3('d', 'e', 's'):
  case S_K2('e', 't'):
  case S_K3('e', 's', 't'):
  case S_K3('u', 'n', 'e'):
  case S_K4('d', 'a', 'n', 's'):
  case S_K2('d', 'u'):
  case S_K4('p', 'o', 'u', 'r'):
  case S_K3('q', 'u', 'i'):
  case S_K3('p', 'a', 's'):
  case S_K2('a', 'u'):
    c->fr++;
    break;
  case S_K3('d', 'e', 'r'):
  case S_K3('d', 'i', 'e'):
  case S_K3('d', 'a', 's'):
  case S_K3('u', 'n', 'd'):
  case S_K3('i', 's', 't'):
  case S_K5('n', 'i', 'c', 'h', 't'):
  case S_K3('m', 'i', 't'):
  case S_K3('d', 'e', 'n'):
  case S_K3('v', 'o', 'n'):
  case S_K2('z', 'u'):
  case S_K3('a', 'u', 'f'):
  case S_K3('e', 'i', 'n'):
  case S_K4('e', 'i', 'n', 'e'):
    c->de++;
    break;
  case S_K2('e', 'l'):
  case S_K3('l', 'o', 's'):
  case S_K3('l', 'a', 's'):
  case S_K3('d', 'e', 'l'):
  case S_K2('e', 's'):
  case S_K3('u', 'n', 'a'):
  case S_K3('c', 'o', 'n'):
    c->es++;
    break;
  /* (que, se, para, por, como are Spanish and Portuguese alike) */
  case S_K3('u', 'm', 'a'):
  case S_K3('c', 'o', 'm'):
  case S_K2('e', 'm'):
  case S_K2('a', 'o'):
  case S_K2('o', 's'):
  case S_K2('d', 'o'):
  case S_K3('d', 'o', 's'):
  case S_K4('p', 'e', 'l', 'o'):
  case S_K4('p', 'e', 'l', 'a'):
    c->pt++;
    break;
  default:
    break;
  }
}

static void S_stopwords(pt_langcount *c, const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    while (i < len && !((s[i] >= 'a' && s[i] <= 'z') ||
                        (s[i] >= 'A' && s[i] <= 'Z')))
      i++;
    size_t a = i;
    while (i < len && ((s[i] >= 'a' && s[i] <= 'z') ||
                       (s[i] >= 'A' && s[i] <= 'Z')))
      i++;
    /* a whole word: not glued to other letters of any script */
    if (i > a && (i >= len || (unsigned char)s[i] < 0x80))
      S_stopword(c, s + a, i - a);
  }
}

/* ASCII letters. */
static const unsigned char S_alpha[128] = {
#define S_Z8 0, 0, 0, 0, 0, 0, 0, 0
#define S_A8 1, 1, 1, 1, 1, 1, 1, 1
    S_Z8, S_Z8, S_Z8, S_Z8, S_Z8, S_Z8, S_Z8, S_Z8,
    0, S_A8, S_A8, S_A8, 1, 1, 0, 0, 0, 0, 0, /* 0x40-0x5F: A-Z */
    0, S_A8, S_A8, S_A8, 1, 1, 0, 0, 0, 0, 0, /* 0x60-0x7F: a-z */
#undef S_A8
#undef S_Z8
};

void pt_lang_count(const char *s, size_t len, pt_langcount *c) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  int prev_letter = 0;
  size_t latin0 = c->latin, arabic0 = c->arabic;
  while (i < len) {
    if (u[i] < 0x80) {
      /* a run of ASCII: most of any Latin-script text */
      size_t letters = 0;
      unsigned char last;
      do {
        last = u[i++];
        letters += S_alpha[last];
      } while (i < len && u[i] < 0x80);
      c->latin += letters;
      prev_letter = S_alpha[last];
      continue;
    }
    uint32_t cp = pt_next(s, len, &i);
    if (pt_is_arabic_letter(cp)) {
      c->arabic++;
      switch (cp) {
      case 0x067E: case 0x0686: case 0x0698: case 0x06AF:
        c->fa += 3;
        break;
      case 0x06C0:
        c->fa += 2;
        break;
      case 0x06CC: case 0x06A9:
        c->fa += 1;
        break;
      case 0x0629:
        c->ar += 2;
        break;
      case 0x064A: case 0x0643:
        c->ar += 0.7;
        break;
      case 0x0649:
        c->ar += 0.5;
        break;
      case 0x0623: case 0x0625:
        c->ar += 0.3;
        break;
      case 0x0627:
        /* the article at a word start */
        if (!prev_letter && i < len) {
          size_t k = i;
          if (pt_next(s, len, &k) == 0x0644)
            c->ar += 0.5;
        }
        break;
      default:
        break;
      }
      prev_letter = 1;
      continue;
    }
    prev_letter = pt_is_letter(cp);
    if (cp >= 0x06F0 && cp <= 0x06F9)
      c->fa += 1;
    else if (cp >= 0x0660 && cp <= 0x0669)
      c->ar += 1;
    else if (cp == 0x200C)
      c->fa += 0.5;
    else if (pt_is_latin_letter(cp))
      c->latin++;
    else {
      recto_script sc = recto_script_of(cp);
      if (sc == RECTO_SCRIPT_CYRILLIC) {
        c->cyrillic++;
        switch (cp) {
        case 0x04D9: case 0x0493: case 0x049B: case 0x04A3: case 0x04E9:
        case 0x04B1: case 0x04AF: case 0x04BB: case 0x0456:
          c->kk++;
          break;
        default:
          break;
        }
      } else if (sc == RECTO_SCRIPT_HEBREW) {
        c->hebrew++;
      } else if (sc != RECTO_SCRIPT_OTHER) {
        c->other++;
      }
    }
  }
  /* stop words tell Latin-script languages apart: only worth a second
     pass where Latin letters dominate */
  if (c->latin - latin0 > c->arabic - arabic0)
    S_stopwords(c, s, len);
}

const char *pt_lang_pick(const pt_langcount *c, const char *latin_default,
                         const char *arabic_default) {
  size_t best = c->latin;
  int script = 1;
  if (c->arabic > best)
    best = c->arabic, script = 2;
  if (c->cyrillic > best)
    best = c->cyrillic, script = 3;
  if (c->hebrew > best)
    best = c->hebrew, script = 4;
  if (!best)
    return NULL;
  switch (script) {
  case 2: {
    /* a few letters either way decide nothing: the document's choice */
    double d = c->fa - c->ar;
    if (arabic_default && d < 3 && d > -3)
      return arabic_default;
    return d >= 0 ? "fa" : "ar";
  }
  case 3:
    return c->kk ? "kk" : "ru";
  case 4:
    return "he";
  default: {
    size_t m = c->en;
    const char *l = "en";
    if (c->fr > m)
      m = c->fr, l = "fr";
    if (c->de > m)
      m = c->de, l = "de";
    if (c->es > m)
      m = c->es, l = "es";
    if (c->pt > m)
      m = c->pt, l = "pt";
    /* one stop word is no evidence against the document's choice
       (formulas are full of one-letter names) */
    if (m < 2 && latin_default)
      return latin_default;
    return m ? l : "en";
  }
  }
}

static int S_of(uint32_t c, recto_script script) {
  if (script == RECTO_SCRIPT_ARABIC)
    return pt_is_arabic_letter(c);
  return pt_is_latin_letter(c);
}

static int S_other_letter(uint32_t c, recto_script script) {
  return pt_is_letter(c) && !S_of(c, script);
}

int pt_lang_next_run(const char *s, size_t len, recto_script script,
                     size_t *i, size_t *a, size_t *b) {
  size_t j = *i;
  while (j < len) {
    size_t k = j;
    if (S_of(pt_next(s, len, &k), script))
      break;
    j = k;
  }
  if (j >= len) {
    *i = len;
    return 0;
  }
  size_t start = j, end = j;
  while (j < len) {
    size_t k = j;
    uint32_t c = pt_next(s, len, &k);
    if (S_other_letter(c, script) || c == '\n')
      break;
    int digit = script == RECTO_SCRIPT_ARABIC
                    ? (c >= 0x0660 && c <= 0x0669) || (c >= 0x06F0 && c <= 0x06F9)
                    : c >= '0' && c <= '9';
    if (S_of(c, script) || digit)
      end = k;
    j = k;
  }
  *a = start;
  *b = end;
  *i = end;
  return 1;
}

/* The document's language (set on it), and the defaults for text too
   short to tell: its Arabic-script and its Latin-script language. */
void pt_lang_document(pt_ctx *p) {
  pt_langcount total;
  memset(&total, 0, sizeof total);
  for (size_t i = 0; i < p->nlines; i++) {
    const pt_line *l = &p->lines[i];
    if (!pt_blank(l) && l->kind != PT_FURNITURE)
      pt_lang_count(pt_c(l), pt_clen(l), &total);
  }
  p->arabic_lang = total.fa >= total.ar ? "fa" : "ar";
  pt_langcount latin = total;
  latin.arabic = latin.cyrillic = latin.hebrew = 0;
  p->latin_lang = latin.latin ? pt_lang_pick(&latin, "en", NULL) : "en";
  if (!p->on.language)
    return;
  const char *lang = pt_lang_pick(&total, p->latin_lang, p->arabic_lang);
  if (!lang)
    return;
  p->doc_lang = lang;
  recto_doc_set_lang(p->doc, lang);
  recto_doc_set_dir(p->doc,
                    recto_lang_is_rtl(lang) ? RECTO_DIR_RTL : RECTO_DIR_LTR);
}
