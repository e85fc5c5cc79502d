/* notes.c: footnotes at the foot of a page and their markers.
 *
 * A note block sits at the foot of a page: after a gap or a rule, or
 * right before a page break, and it ends at a page break, a form feed or
 * a page change (in double-spaced extractions the blank line that
 * separates lines disappears where a page ends).  Its lines start with a
 * number ("1 . The Council", "۱۲۳ title, URL"), hold a number alone with
 * the text on the next line, or - in right-to-left text extracted in
 * visual order - end with it.  Each note is matched to the nearest
 * marker with the same number before it on its page: a digit glued to a
 * word or to punctuation, in any digit system (numbers restart per
 * page).  A note without a marker, or a marker without a note, is
 * reported with its line and its text is kept.
 *
 * Before that, each page's foot is read from the bottom up (S_foot):
 * lines that open with numbers in sequence ("1 Conics", "2 Foci"), and
 * in right-to-left text Latin terms whose numbers the extraction put on
 * lines of their own in any order; there a marker may also be a number
 * set off by spaces, as the visual order leaves superscripts.
 */
#include <stdlib.h>
#include <string.h>

#include "plain.h"

/* ---- markers in the body ---- */

/* Words whose number is a reference, not a note: "Table 1", "اصل 41". */
static int S_number_noun1(const char *s, size_t len);

/* The noun itself, or a Persian plural of it ("بندهای"). */
static int S_number_noun(const char *s, size_t len) {
  if (S_number_noun1(s, len))
    return 1;
  static const char *const plural[] = {"های", "هاي", "ها", NULL};
  for (int k = 0; plural[k]; k++) {
    size_t n = strlen(plural[k]);
    if (len > n && memcmp(s + len - n, plural[k], n) == 0 &&
        S_number_noun1(s, len - n))
      return 1;
  }
  return 0;
}

static int S_number_noun1(const char *s, size_t len) {
  static const char *const nouns[] = {
      "fig", "article", "chapter", "section", "no", "no.", "vol", "vol.",
      "p", "p.", "pp", "pp.", "page", "part", "اصل", "بند", "ماده", "فصل",
      "بخش", "صفحه", "ص", "شماره", "سال", "المادة", "الفصل", "رقم", "عام",
      NULL};
  const char *const *lists[] = {nouns, pt_table_words, pt_figure_words};
  for (int w = 0; w < 3; w++)
    for (int i = 0; lists[w][i]; i++)
      if (pt_eq_ci(s, len, lists[w][i]))
        return 1;
  return 0;
}

/* Notes marked with symbols ("*", "**", "†", "‡"), numbered apart from
   the digits: S_SYMBOLS + 4 * the symbol + how many times it stands. */
enum { S_SYMBOLS = 1000 };

/* How many markers back a note's marker is looked for: a page holds
   far fewer, and a bound keeps a long document's matching linear. */
enum { S_LOOK_BACK = 2000 };

static int S_symbol_code(uint32_t c) {
  switch (c) {
  case '*':
  case 0x2217: /* the asterisk of a mathematical font */
    return 1;
  case 0x2020:
    return 2;
  case 0x2021:
    return 3;
  default:
    return 0;
  }
}

/* A run of one note symbol at s[*i] (up to three): its value, *i past
   it; -1 when there is none. */
static long S_symbol(const char *s, size_t e, size_t *i) {
  int code = 0, n = 0;
  size_t k = *i;
  while (k < e && n < 3) {
    size_t q = k;
    int c = S_symbol_code(pt_next(s, e, &q));
    if (!c || (code && c != code))
      break;
    code = c;
    n++;
    k = q;
  }
  if (!n)
    return -1;
  *i = k;
  return S_SYMBOLS + 4 * code + n;
}

static int S_is_sep(uint32_t c) {
  return c == '.' || c == ',' || c == 0x060C || c == 0x066B || c == '/' ||
         c == ':' || pt_is_dash(c) || c == 0x066C;
}

/* How loosely a number is a marker (pt_anchor.loose): a number set off
   by spaces in right-to-left text is one only for a note at the page's
   foot that asks for it; a number after its noun ("جدول  ۳", Table 3)
   only where nothing else on the page carries the note's number. */
enum { S_LOOSE = 1, S_WEAK = 2 };

static void S_add_anchor(pt_ctx *p, size_t line, size_t a, size_t b,
                         long value, int strong, int loose) {
  p->anchors = pt_grow(p->anchors, &p->capanchors, p->nanchors + 1,
                       sizeof *p->anchors);
  pt_anchor *an = &p->anchors[p->nanchors++];
  an->line = (uint32_t)line;
  an->off = (uint32_t)a;
  an->len = (uint32_t)(b - a);
  an->value = (uint32_t)value;
  an->note = -1;
  an->strong = (uint8_t)strong;
  an->loose = (uint8_t)loose;
}

/* The word that ends at end (exclusive) or starts at start. */
static void S_word_before(const char *s, size_t from, size_t end, size_t *a) {
  size_t i = end;
  while (i > from) {
    size_t k = i;
    if (!pt_is_letter(pt_prev(s, from, &k)))
      break;
    i = k;
  }
  *a = i;
}

/* "x1", "P2", "ξ1": a variable and its index in a formula, not a word
   and its note. */
static int S_variable(const char *s, size_t len) {
  size_t i = 0;
  uint32_t c = pt_next(s, len, &i);
  if (c >= 0x0370 && c <= 0x03FF)
    return 1;
  return i == len && pt_is_latin_letter(c);
}

/* A sign of a formula: an operator, or what a math font's operators
   become in a text extraction ("“" for =, "`" for +, "´" for minus). */
static int S_operator(uint32_t c) {
  return c == '=' || c == '+' || c == '<' || c == '>' || c == 0x201C ||
         c == '`' || c == 0xB4 || c == 0x2212 || c == 0xD7 || c == 0xB1 ||
         (c >= 0x2248 && c <= 0x2265) || c == 0x2211 || c == 0x221A;
}

/* The token (between spaces, at most 64 bytes) around s[at]: [*ta, *tb). */
static void S_token(const char *s, size_t b, size_t e, size_t at, size_t *ta,
                    size_t *tb) {
  size_t i = at, z = at;
  while (i > b && at - i < 64 && s[i - 1] != ' ')
    i--;
  while (z < e && z - at < 64 && s[z] != ' ')
    z++;
  *ta = i;
  *tb = z;
}

/* A token of a formula: operators alone ("=", "`"), a term after its
   sign ("−m2"; not after "“", an opening quote too), or a braced or
   sub- or superscripted term ("q{2,", "x^2"). */
static int S_formula_token(const char *s, size_t a, size_t z) {
  int ops = 0, other = 0;
  for (size_t i = a; i < z;) {
    uint32_t c = pt_next(s, z, &i);
    if (c == '{' || c == '}' || c == '^' || c == '_' || c == '=')
      return 1;
    if (S_operator(c)) {
      if (!ops && !other && i < z && c != 0x201C)
        return 1;
      ops++;
    } else {
      other++;
    }
  }
  return ops && !other;
}

/* A number in a formula ("py1 ` y2 q{2s", "m1 ≈ −m2 tan2 θW"): its
   token or a neighbouring one is a formula's.  Such digits are indices
   and powers, never note markers. */
static int S_in_formula(const char *s, size_t b, size_t e, size_t a,
                        size_t z) {
  size_t ta, tb;
  S_token(s, b, e, a, &ta, &tb);
  if (tb < z)
    tb = z;
  if (S_formula_token(s, ta, tb))
    return 1;
  size_t pa = ta, pb;
  while (pa > b && s[pa - 1] == ' ')
    pa--;
  if (pa > b) {
    S_token(s, b, e, pa - 1, &pa, &pb);
    if (S_formula_token(s, pa, pb))
      return 1;
  }
  size_t na = tb, nb;
  while (na < e && s[na] == ' ')
    na++;
  if (na < e) {
    S_token(s, b, e, na, &na, &nb);
    if (S_formula_token(s, na, nb))
      return 1;
  }
  return 0;
}

/* The number of a line that opens with ".N" (an item's "N." turned by
   the visual order), or -1; *at: where N starts. */
static long S_turned_numbering(const pt_line *l, size_t *at) {
  size_t i = l->b;
  while (i < l->e && l->s[i] == ' ')
    i++;
  if (i >= l->e || l->s[i] != '.')
    return -1;
  *at = ++i;
  int nd;
  long v = pt_number(l->s, l->e, &i, &nd, NULL);
  return nd <= 2 ? v : -1;
}

/* The number at a opens line li as ".N" and a line close by opens with
   ".N-1" or ".N+1": the numbers of a list's items, not a note's marker
   after a sentence's end (".2امنیت", which a line alone may hold). */
static int S_turned_item(const pt_ctx *p, size_t li, size_t a) {
  size_t at = 0;
  long v = S_turned_numbering(&p->lines[li], &at);
  if (v < 1 || at != a)
    return 0;
  size_t lo = li > 8 ? li - 8 : 0, hi = li + 8 < p->nlines ? li + 8 : p->nlines;
  for (size_t k = lo; k < hi; k++) {
    long w = k == li ? -1 : S_turned_numbering(&p->lines[k], &at);
    if (w == v - 1 || w == v + 1)
      return 1;
  }
  return 0;
}

static void S_word_after(const char *s, size_t start, size_t to, size_t *b) {
  size_t i = start;
  while (i < to) {
    size_t k = i;
    if (!pt_is_letter(pt_next(s, to, &k)))
      break;
    i = k;
  }
  *b = i;
}

static int S_all_caps(const char *s, size_t len) {
  size_t i = 0, n = 0;
  while (i < len) {
    uint32_t c = pt_next(s, len, &i);
    if (!pt_is_upper_latin(c))
      return 0;
    n++;
  }
  return n > 0;
}

/* A number after spaces (or a colon the visual order put before it)
   that follow a word: the word is that number's noun ("جدول  ۳آورده",
   "جدول  :۲روش‌ها", Table 3 and Table 2: in right-to-left text). */
static int S_spaced_noun(const char *s, size_t b, size_t a) {
  size_t wb = a;
  while (wb > b && (s[wb - 1] == ' ' || s[wb - 1] == ':'))
    wb--;
  if (wb == a || wb == b)
    return 0;
  size_t wa;
  S_word_before(s, b, wb, &wa);
  return wa < wb && S_number_noun(s + wa, wb - wa);
}

/* Whether a number [a, z) follows or precedes another number across a
   separator and spaces ("(0, 1", "[0.5, 1", "1 ,0" in visual order): a
   list or an interval of numbers, not a marker. */
static int S_in_number_list(const char *s, size_t b, size_t e, size_t a,
                            size_t z) {
  size_t i = a;
  while (i > b && s[i - 1] == ' ')
    i--;
  if (i < a && i > b) {
    size_t k = i;
    uint32_t sep = pt_prev(s, b, &k);
    if (S_is_sep(sep) && k > b && pt_digit(pt_prev(s, b, &k)) >= 0)
      return 1;
  }
  i = z;
  while (i < e && s[i] == ' ')
    i++;
  if (i > z && i < e) {
    size_t k = i;
    uint32_t sep = pt_next(s, e, &k);
    if (S_is_sep(sep) && k < e && pt_digit(pt_next(s, e, &k)) >= 0)
      return 1;
  }
  return 0;
}

/* Whether line l holds a letter of the Arabic script. */
static int S_has_arabic(const pt_line *l) {
  for (size_t i = l->b; i < l->e;)
    if (pt_is_arabic_letter(pt_next(l->s, l->e, &i)))
      return 1;
  return 0;
}

/* The markers of line li.  In a right-to-left document a line of the
   prose that Latin names outweigh ("1 AGIیا بهتره بگیم Asterisk Gateway
   Interface") is still read as right-to-left: its superscripts stand
   as the visual order left them. */
static void S_line_anchors(pt_ctx *p, size_t li, int rtl_doc) {
  pt_line *l = &p->lines[li];
  const char *s = l->s;
  size_t b = l->b, e = l->e, i = b;
  int rtl = (l->flags & PT_F_RTL) || (rtl_doc && S_has_arabic(l));
  while (i < e) {
    size_t a = i;
    uint32_t c = pt_next(s, e, &i);
    if (S_symbol_code(c)) {
      /* "word*", "1990).†": a symbol glued to what it marks, and
         nothing glued after it ("a*b", "*bold*" are no markers) */
      size_t k = a, pk = a;
      long v = S_symbol(s, e, &k);
      uint32_t P = a > b ? pt_prev(s, b, &pk) : 0;
      size_t nk = k;
      uint32_t N = k < e ? pt_next(s, e, &nk) : 0;
      i = k;
      if (P && (pt_is_letter(P) || pt_digit(P) >= 0 || pt_is_closing(P) ||
                pt_is_final_punct(P)) &&
          !pt_is_letter(N) && pt_digit(N) < 0 && !S_symbol_code(N))
        S_add_anchor(p, li, a, k, v, 0, 0);
      continue;
    }
    int sup = pt_superscript(c);
    if (sup >= 0) {
      long v = sup;
      while (i < e) {
        size_t k = i;
        int d = pt_superscript(pt_next(s, e, &k));
        if (d < 0)
          break;
        if (v < 1000) /* past that it is no anchor: stop growing */
          v = v * 10 + d;
        i = k;
      }
      if (v >= 1 && v < 1000)
        S_add_anchor(p, li, a, i, v, 1, 0);
      continue;
    }
    if (pt_digit(c) < 0)
      continue;
    size_t z = a;
    int nd, sys;
    long v = pt_number(s, e, &z, &nd, &sys);
    i = z;
    /* the number must be whole: no digits or separators around it */
    size_t pk = a, pk2;
    uint32_t P = pt_prev(s, b, &pk);
    pk2 = pk;
    uint32_t PP = pt_prev(s, b, &pk2);
    size_t nk = z;
    uint32_t N = z < e ? pt_next(s, e, &nk) : 0;
    uint32_t NN = nk < e ? pt_next(s, e, &(size_t){nk}) : 0;
    if (nd > 3 || v < 1 || pt_digit(P) >= 0 || pt_digit(N) >= 0)
      continue;
    if ((S_is_sep(P) && pt_digit(PP) >= 0) ||
        (S_is_sep(N) && pt_digit(NN) >= 0) || S_in_number_list(s, b, e, a, z))
      continue;
    /* "[12", "] [3": the number of a citation */
    if (P == '[' || S_in_formula(s, b, e, a, z))
      continue;
    int after = 0, before = 0, strong = 0;
    /* "Xr1i", "nf1,G": an index inside a Latin identifier */
    if (pt_is_latin_letter(P) &&
        (pt_is_latin_letter(N) || (N == ',' && pt_is_latin_letter(NN))))
      continue;
    if (pt_is_letter(P)) {
      size_t wa;
      S_word_before(s, b, a, &wa);
      if (S_number_noun(s + wa, a - wa) || S_variable(s + wa, a - wa))
        continue;
      /* "ML2" in right-to-left text: the Latin abbreviation a note at
         the foot spells out, or a name with its number ("MP3") */
      if (S_all_caps(s + wa, a - wa)) {
        if (rtl && nd <= 2 && N != '.' && pt_digit(N) < 0)
          S_add_anchor(p, li, a, z, v, 0, S_LOOSE);
        continue;
      }
      after = 1;
      strong = pt_is_lower_latin(P) || pt_is_arabic_letter(P);
    } else if (pt_is_closing(P) || pt_is_final_punct(P) || P == ',' ||
               P == 0x060C || P == 0x061B || P == ';' || P == ':') {
      if (PP && !pt_is_space(PP)) {
        after = 1;
        strong = pt_is_closing(P) || pt_is_final_punct(P) || P == 0x061B;
      }
    }
    int weak = !pt_is_letter(P) && S_spaced_noun(s, b, a);
    if (pt_is_letter(N)) {
      /* "Table1", "1جدول": a numbered thing, not a marker */
      size_t wb;
      S_word_after(s, z, e, &wb);
      if (S_number_noun(s + z, wb - z))
        continue;
    }
    /* (".1تشخیص" opening a line: an item's numbering, turned) */
    if (!after && rtl && pt_is_letter(N) &&
        (!P || pt_is_space(P) || !pt_is_letter(P)) &&
        !(P == '.' && S_turned_item(p, li, a)))
      before = 1;
    if (after || before)
      S_add_anchor(p, li, a, z, v, strong && !weak, weak ? S_WEAK : 0);
    /* "... مخروطیها 1", "کانونها .4": a superscript set off by spaces,
       as right-to-left text extracted in visual order has it (not the
       numbering that opens an item, ".1 تشخیص"; nor a digit alone on
       its line, a formula's raised index) */
    else if (rtl && nd <= 2 && (!P || pt_is_space(P) || P == '.') &&
             (!N || pt_is_space(N)) && (P || N) && !S_turned_item(p, li, a))
      S_add_anchor(p, li, a, z, v, 0, weak ? S_WEAK : S_LOOSE);
    /* "(ایرمک.)۲۰۲۱ ،۱": the marker glued before a comma ("ایرمک۱،"),
       turned after it by the visual order of a run */
    else if (rtl && nd <= 2 && (P == 0x060C || P == 0x061B) &&
             pt_is_space(PP) && (!N || pt_is_space(N) || pt_is_closing(N)))
      S_add_anchor(p, li, a, z, v, 0, S_LOOSE);
  }
}

typedef struct labelled {
  const char *word;
  size_t len;
  uint32_t value;
  size_t anchor;
} labelled;

static int S_cmp_labelled(const void *x, const void *y) {
  const labelled *a = x, *b = y;
  if (a->len != b->len)
    return a->len < b->len ? -1 : 1;
  int c = memcmp(a->word, b->word, a->len);
  if (c)
    return c;
  return (a->value > b->value) - (a->value < b->value);
}

/* A word that stands before different numbers, set off by spaces, and
   before one of them more than once ("استراتژی ۱", "استراتژی ۲" in a
   figure and again in the next) is those numbers' noun, as "Table" is:
   its numbers become weak markers.  A term a note explains is marked
   once; a word of the prose before two markers ("روش  ۳", "روش  ۴")
   stays as it is. */
static void S_learned_nouns(pt_ctx *p) {
  labelled *v = NULL;
  size_t n = 0, cap = 0;
  for (size_t k = 0; k < p->nanchors; k++) {
    const pt_anchor *an = &p->anchors[k];
    const pt_line *l = &p->lines[an->line];
    size_t wb = an->off, wa;
    while (wb > l->b && (l->s[wb - 1] == ' ' || l->s[wb - 1] == ':'))
      wb--;
    if (wb == an->off || an->loose == S_WEAK)
      continue;
    S_word_before(l->s, l->b, wb, &wa);
    if (wa == wb)
      continue;
    v = pt_grow(v, &cap, n + 1, sizeof *v);
    v[n++] = (labelled){l->s + wa, wb - wa, an->value, k};
  }
  if (!n)
    return;
  qsort(v, n, sizeof *v, S_cmp_labelled);
  for (size_t g = 0, h; g < n; g = h) {
    int values = 1, again = 0;
    for (h = g + 1; h < n && v[h].len == v[g].len &&
                    memcmp(v[h].word, v[g].word, v[g].len) == 0;
         h++) {
      values += v[h].value != v[h - 1].value;
      again |= v[h].value == v[h - 1].value;
    }
    for (size_t q = g; values > 1 && again && q < h; q++) {
      p->anchors[v[q].anchor].loose = S_WEAK;
      p->anchors[v[q].anchor].strong = 0;
    }
  }
  free(v);
}

static int S_cmp_long(const void *x, const void *y) {
  long a = *(const long *)x, b = *(const long *)y;
  return (a > b) - (a < b);
}

/* ---- note lines ---- */

static int S_rule_line(const pt_line *l) {
  if (pt_blank(l) || l->width < 5)
    return 0;
  size_t i = l->b;
  while (i < l->e) {
    uint32_t c = pt_next(l->s, l->e, &i);
    if (!(c == '_' || pt_is_dash(c) || c == 0x2500 || c == 0x2501 ||
          c == 0x0640 || c == '=' || pt_is_space(c)))
      return 0;
  }
  return 1;
}

/* With layout, line i is set smaller than the body. */
static int S_small(const pt_ctx *p, size_t i) {
  return pt_lay_emphasis(p, i) < 0;
}

/* With layout, line i is set larger or bolder than the body: a
   heading's print ("3- Method" under a page whose ³ marks an
   affiliation), never a note's. */
static int S_emphasised(const pt_ctx *p, size_t i) {
  return pt_lay_emphasis(p, i) > 0;
}

typedef struct start {
  long value;
  uint32_t nb, ne;  /* the number in s */
  uint32_t body_b;  /* the note text starts here (== e: next line) */
  uint32_t body_e;  /* and ends here */
  int bare;
  int glued;        /* the number touches its text: a note only at the
                       very foot of a page */
} start;

/* "1 . text", "۱۲۳ text", "[1] text", "1" alone, or (visual-order
   right-to-left lines) "text .1".  With tight, a raised number may
   touch its text ("¹https://..."): a layout has shown the line set
   smaller than the body, as notes are, and the number raised over it. */
/* What S_note_start may take besides "1 text": the number at the end
   of a visual-order line, a number glued to its text. */
enum { S_TRAILING = 1, S_GLUED = 2 };

static int S_note_start(const pt_line *l, int allow, int tight,
                        start *st) {
  const char *s = l->s;
  size_t b = l->b, e = l->e, i = b;
  memset(st, 0, sizeof *st);
  /* (" ۱": the space of a number's own run, its bidi marks gone) */
  while (i < e && s[i] == ' ')
    i++;
  /* (")1 text": the parenthesis of "1)" mirrored by the visual order) */
  if (i < e && (s[i] == '[' || s[i] == '(' || s[i] == ')'))
    i++;
  size_t nb = i;
  int nd = 0;
  long v = S_symbol(s, e, &i);
  if (v > 0) {
    /* "* text", "†text": the body starts with no digit */
    size_t ne = i, k;
    while (i < e && (s[i] == ' ' || s[i] == '\t'))
      i++;
    k = i;
    if (i < e && pt_digit(pt_next(s, e, &k)) >= 0)
      return 0;
    st->value = v;
    st->nb = (uint32_t)nb;
    st->ne = (uint32_t)ne;
    st->bare = i >= e;
    st->body_b = (uint32_t)i;
    st->body_e = (uint32_t)e;
    return 1;
  }
  int sys = 0;
  v = pt_number(s, e, &i, &nd, &sys);
  int raised = 0;
  if (v < 0 && i < e) {
    size_t k = i;
    uint32_t c = pt_next(s, e, &k);
    int sup = pt_superscript(c);
    if (sup > 0) {
      v = sup;
      nd = 1;
      i = k;
      raised = 1;
    }
  }
  if (v >= 1 && nd <= 3) {
    size_t ne = i;
    if (i < e && (s[i] == ']' || s[i] == ')'))
      i++;
    if (i >= e) {
      st->value = v;
      st->nb = (uint32_t)nb;
      st->ne = (uint32_t)ne;
      st->bare = 1;
      st->body_b = st->body_e = (uint32_t)e;
      return 1;
    }
    size_t sp = 0;
    while (i < e && (s[i] == ' ' || s[i] == '\t'))
      i++, sp++;
    int delim = 0;
    if (i < e && (s[i] == '.' || s[i] == ')' || s[i] == '-' || s[i] == ':')) {
      i++;
      delim = 1;
    }
    size_t sp2 = 0;
    while (i < e && (s[i] == ' ' || s[i] == '\t'))
      i++, sp2++;
    /* "۱پیاده‌سازی": in a right-to-left line the number of a note
       stood in a run of its own, and the run's end is lost with the
       bidi marks; only at the foot (S_GLUED), and only Persian or
       Arabic digits before an Arabic letter ("1text" is a word) */
    size_t gk = i;
    int glued = (allow & S_GLUED) && sys > 0 && !sp && !delim && i < e &&
                pt_is_arabic_letter(pt_next(s, e, &gk));
    if (i < e &&
        (((sp || sp2) && (delim || sp)) || (raised && tight) || glued)) {
      size_t k = i;
      uint32_t c = pt_next(s, e, &k);
      if (pt_digit(c) < 0) {
        st->glued = glued && !sp && !sp2;
        st->value = v;
        st->nb = (uint32_t)nb;
        st->ne = (uint32_t)ne;
        st->body_b = (uint32_t)i;
        st->body_e = (uint32_t)e;
        return 1;
      }
    }
  }
  if (!(allow & S_TRAILING) || !(l->flags & PT_F_RTL))
    return 0;
  /* trailing: "... .1" or "... 2" */
  size_t j = e;
  while (j > b && s[j - 1] == '.')
    j--;
  size_t ne = j, k = j;
  int digits = 0;
  while (k > b) {
    size_t q = k;
    if (pt_digit(pt_prev(s, b, &q)) < 0)
      break;
    k = q;
    digits++;
  }
  if (!digits || digits > 2)
    return 0;
  size_t nb2 = k;
  /* "title. 5" is a numbered heading in visual order, not a note */
  if (k > b + 1 && s[k - 1] == ' ' && s[k - 2] == '.')
    return 0;
  if (k > b && s[k - 1] == '.')
    k--;
  if (k <= b || !(s[k - 1] == ' ' || s[k - 1] == '\t'))
    return 0;
  size_t q = nb2;
  v = pt_number(s, ne, &q, NULL, NULL);
  if (v < 1)
    return 0;
  while (k > b && (s[k - 1] == ' ' || s[k - 1] == '\t'))
    k--;
  st->value = v;
  st->nb = (uint32_t)nb2;
  st->ne = (uint32_t)ne;
  st->body_b = (uint32_t)b;
  st->body_e = (uint32_t)k;
  return 1;
}

/* ---- blocks ---- */

static size_t S_next(const pt_ctx *p, size_t i) {
  for (size_t j = i + 1; j < p->nlines; j++)
    if (!pt_blank(&p->lines[j]))
      return j;
  return p->nlines;
}

/* Is there a page break in (a, b]? pbs are sorted. */
static int S_pb_between(const pt_ctx *p, size_t a, size_t b) {
  size_t lo = 0, hi = p->npbs;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (p->pbs[mid].before <= a)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < p->npbs && p->pbs[lo].before <= b;
}

/* Nothing but blank lines and page furniture after line i on its
   page. */
static int S_at_foot(const pt_ctx *p, size_t i) {
  size_t j = i + 1;
  while (j < p->nlines &&
         (pt_blank(&p->lines[j]) || p->lines[j].kind == PT_FURNITURE) &&
         !S_pb_between(p, i, j))
    j++;
  return j >= p->nlines || S_pb_between(p, i, j);
}

/* The last page break at or before line i: its line, or 0. */
static size_t S_page_start(const pt_ctx *p, size_t i) {
  size_t lo = 0, hi = p->npbs;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (p->pbs[mid].before <= i)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo ? p->pbs[lo - 1].before : 0;
}

/* First anchor on a line >= line. */
static size_t S_anchor_from(const pt_ctx *p, size_t line) {
  size_t lo = 0, hi = p->nanchors;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (p->anchors[mid].line < line)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static int S_prefix_digits(long marker, long value) {
  while (value >= 10) {
    value /= 10;
    if (value == marker)
      return 1;
  }
  return 0;
}

/* Whether anchor an may take a note: none has it, and it is no note's
   own number (a note of the page before, looked back into, opens with
   its raised number). */
static int S_free_anchor(const pt_ctx *p, const pt_anchor *an) {
  return an->note < 0 && p->lines[an->line].kind != PT_NOTE;
}

/* The marker for a note: the nearest unused one with its number in
   [r0, r1); else there a number after its noun (S_WEAK: "شکل 12" is a
   shape's as well as a figure's); else in the region before; else
   (extraction damage) one whose digits begin the note's number. */
static int S_match(pt_ctx *p, size_t r0, size_t r1, size_t rprev,
                   long value) {
  size_t a0 = S_anchor_from(p, r0), a1 = S_anchor_from(p, r1);
  /* a page holds a few hundred markers at most: bound the look-back so
     that a page of thousands of notes stays linear */
  if (a1 - a0 > S_LOOK_BACK)
    a0 = a1 - S_LOOK_BACK;
  for (int weak = 0; weak <= 1; weak++)
    for (size_t k = a1; k > a0; k--) {
      pt_anchor *an = &p->anchors[k - 1];
      if (S_free_anchor(p, an) && an->value == (uint32_t)value &&
          (an->loose == S_WEAK) == weak)
        return (int)(k - 1);
    }
  size_t ap = S_anchor_from(p, rprev);
  if (a0 - ap > S_LOOK_BACK)
    ap = a0 - S_LOOK_BACK;
  for (size_t k = a0; k > ap; k--) {
    pt_anchor *an = &p->anchors[k - 1];
    if (S_free_anchor(p, an) && an->value == (uint32_t)value && !an->loose)
      return (int)(k - 1);
  }
  for (size_t k = a1; k > a0; k--) {
    pt_anchor *an = &p->anchors[k - 1];
    if (S_free_anchor(p, an) && an->strong && S_prefix_digits(an->value, value))
      return (int)(k - 1);
  }
  return -1;
}

/* The markers reserved (note -2) while the notes of a block are
   matched, free again before the block is kept or dropped. */
static void S_release(pt_ctx *p, const int *which, size_t n) {
  for (size_t q = 0; q < n; q++)
    if (which[q] >= 0)
      p->anchors[which[q]].note = -1;
}

/* Whether marker k stands where a note numbered value may have it
   among the markers the other notes of its block took: after those of
   lower numbers, before those of higher ones (markers are in the order
   of the text).  Symbols have no order of their own. */
static int S_in_order(const long *val, const int *which, size_t n, size_t q,
                      int k, long value) {
  for (size_t r = 0; r < n; r++)
    if (r != q && which[r] >= 0 && val[r] < S_SYMBOLS &&
        ((val[r] < value && which[r] > k) || (val[r] > value && which[r] < k)))
      return 0;
  return 1;
}

/* A page's markers run in the order of their numbers: a note whose
   marker breaks that order ("جدول  ۳" after note 4's marker) takes
   another marker of the page with its number that keeps it (the "۳"
   of the method the note names), when there is one.  val[q] and
   which[q]: each note's number and reserved marker, or -1. */
static void S_keep_order(pt_ctx *p, size_t r0, size_t r1, const long *val,
                         int *which, size_t n) {
  size_t a0 = S_anchor_from(p, r0), a1 = S_anchor_from(p, r1);
  if (a1 - a0 > S_LOOK_BACK)
    a0 = a1 - S_LOOK_BACK;
  for (size_t q = 0; q < n; q++) {
    if (which[q] < 0 || val[q] >= S_SYMBOLS ||
        S_in_order(val, which, n, q, which[q], val[q]))
      continue;
    for (size_t k = a1; k > a0; k--) {
      pt_anchor *an = &p->anchors[k - 1];
      if (S_free_anchor(p, an) && an->value == (uint32_t)val[q] &&
          S_in_order(val, which, n, q, (int)(k - 1), val[q])) {
        p->anchors[which[q]].note = -1;
        which[q] = (int)(k - 1);
        an->note = -2;
        break;
      }
    }
  }
}

/* A note without a marker on its page: reported, kept where it
   stands. */
static void S_orphan_note(pt_ctx *p, const pt_line *l, const pt_note *note) {
  recto_pos pos = pt_line_pos(p, l, l->b);
  recto_diag_emit(p->ctx, RECTO_DIAG_WARNING, "plain.orphan-note", &pos,
                  "note %.*s has no marker in the text on its page; "
                  "kept where it stands",
                  (int)note->numlen, note->num);
  p->n.orphan_notes++;
}

/* ---- notes at a page's foot, read from the bottom up ---- */

/* A Latin line of a few words in a right-to-left text: the text of a
   note that gives the Latin form of a term ("Key points") or a web
   address, whose number the extraction put on a line of its own. */
static int S_latin_term(const pt_ctx *p, const pt_line *l) {
  if (l->flags & PT_F_RTL)
    return 0;
  /* or the web page a note cites, with the day it was read
     ("(https://example.org/ (2022-8-20") */
  size_t ui = l->b, ua, ub;
  if (pt_find_url(l->s, l->e, &ui, &ua, &ub)) {
    return !S_has_arabic(l);
  }
  if (l->width * 10 > p->typical * 7)
    return 0;
  /* words, not a formula's fragment ("xi,G ,", "F = 0.9, CR = 0.1"):
     letters make most of it, and one word has three of them */
  size_t latin = 0, other = 0, run = 0, longest = 0;
  for (size_t i = l->b; i < l->e;) {
    uint32_t c = pt_next(l->s, l->e, &i);
    if (pt_is_arabic_letter(c))
      return 0;
    if (pt_is_latin_letter(c)) {
      latin++;
      if (++run > longest)
        longest = run;
    } else {
      run = 0;
      other += !pt_is_space(c) && c != '-' && c != '.';
    }
  }
  return longest >= 3 && latin >= other * 4;
}

/* Lines a note glued to its number may run over at a page's foot. */
#define S_FOOT_CONT 3

typedef struct foot {
  size_t line;
  start st;
  int term; /* a Latin term without its number */
  int cont; /* a line that goes on with the note above it */
} foot;

/* The foot of page [a, b) where the first pass found no note: from the
   bottom up, lines that open with a number ("1 Conics", "2 Minor Axis")
   or are a number alone, and (right-to-left text) Latin terms whose
   numbers stand on lines of their own, in any order ("1", "Key points",
   "Descriptor vector", "3", "Feature matching", "2"): the terms take
   the numbers in increasing order; among them a note glued to its
   number may run over a line or two.  Numbers that open their notes must
   run in sequence.  A note is kept where it matches a marker of the
   page; the others stay text. */
static void S_foot(pt_ctx *p, size_t a, size_t b, int rtl_doc,
                   uint32_t block) {
  foot z[32];
  size_t nz = 0, j = b, top = b;
  while (j > a && nz < 32) {
    pt_line *l = &p->lines[--j];
    if (pt_blank(l) || l->kind == PT_FURNITURE)
      continue;
    if (l->kind != PT_TEXT || S_emphasised(p, j))
      break;
    foot f = {j, {0}, 0, 0};
    if (S_note_start(l, S_GLUED, S_small(p, j), &f.st) &&
        (f.st.value <= 99 || f.st.value > S_SYMBOLS))
      f.term = 0;
    else if (rtl_doc && S_latin_term(p, l))
      f.term = 1;
    else {
      /* the lines a note whose number is glued to its text ("۱۲این
         پرونده") runs over, right under it, among notes that are Latin
         terms */
      size_t q = j, ncont = 0;
      start gs;
      int found = 0;
      while (q > a && ncont < S_FOOT_CONT && !found) {
        const pt_line *u = &p->lines[--q];
        if (pt_blank(u) || u->kind != PT_TEXT)
          break;
        found = S_note_start(u, S_GLUED, S_small(p, q), &gs) && gs.glued;
        ncont++;
      }
      if (!found || nz + ncont + 1 > 32)
        break;
      for (size_t r = j + 1; r-- > q + 1;)
        z[nz++] = (foot){r, {0}, 0, 1};
      z[nz++] = (foot){q, gs, 0, 0};
      j = top = q;
      continue;
    }
    z[nz++] = f;
    top = j;
  }
  if (!nz || top == a)
    return;
  /* bottom-up to top-down */
  for (size_t k = 0; k < nz / 2; k++) {
    foot t = z[k];
    z[k] = z[nz - 1 - k];
    z[nz - 1 - k] = t;
  }
  long values[32];
  size_t nv = 0, nterms = 0;
  long prev = 0;
  for (size_t k = 0; k < nz; k++) {
    if (z[k].cont)
      continue;
    if (z[k].term) {
      nterms++;
    } else if (z[k].st.bare) {
      int seen = 0;
      for (size_t q = 0; q < nv; q++)
        seen |= values[q] == z[k].st.value;
      if (!seen)
        values[nv++] = z[k].st.value;
    } else {
      /* (symbols in any order of their own: "*", "**", "†") */
      if (prev && (z[k].st.value > S_SYMBOLS ? z[k].st.value <= prev
                                              : z[k].st.value != prev + 1))
        return;
      prev = z[k].st.value;
    }
  }
  /* more terms than numbers: short Latin lines of the body (code, a
     list of names) over the notes are the body's; the notes are the
     lines nearest the foot */
  size_t drop = 0;
  while (nterms > nv && nv && drop < nz && z[drop].term)
    drop++, nterms--;
  if (drop) {
    memmove(z, z + drop, (nz - drop) * sizeof *z);
    nz -= drop;
    top = z[0].line;
  }
  /* numbers alone that no marker above carries are not the terms'
     (a page's number, a figure's), unless the terms need them all: a
     marker the extraction lost */
  long all[32];
  size_t nall = nv;
  memcpy(all, values, nv * sizeof *values);
  qsort(all, nall, sizeof *all, S_cmp_long);
  size_t a1 = S_anchor_from(p, top), a0 = S_anchor_from(p, a);
  size_t w = 0;
  for (size_t q = 0; q < nv; q++) {
    int found = 0;
    for (size_t k = a0; k < a1 && !found; k++)
      found = p->anchors[k].note < 0 && p->anchors[k].value == values[q];
    if (found)
      values[w++] = values[q];
  }
  nv = w;
  qsort(values, nv, sizeof *values, S_cmp_long);
  if (nterms > nv && nterms <= nall) {
    memcpy(values, all, nall * sizeof *all);
    nv = nall;
  }
  if (nterms && nv < nterms)
    nterms = 0; /* a term over two lines: too unsure to say */
  /* every note must find its marker, or the page is left to the
     notes below a gap, which report what they miss; Latin terms with
     their numbers (no list looks like that) need only most of theirs,
     the others are kept and reported as notes without a marker */
  long val[32];
  int anc[32];
  size_t t = 0, wanted = 0, matched = 0, terms = 0;
  for (size_t k = 0; k < nz; k++) {
    anc[k] = -1;
    if (z[k].cont || (z[k].term ? !nterms : z[k].st.bare))
      continue;
    val[k] = z[k].term ? values[t++] : z[k].st.value;
    wanted++;
    terms += z[k].term;
    anc[k] = S_match(p, a, top, a, val[k]);
    if (anc[k] >= 0) {
      p->anchors[anc[k]].note = -2; /* reserved */
      matched++;
    }
  }
  S_keep_order(p, a, top, val, anc, nz);
  S_release(p, anc, nz);
  if (!wanted || (matched < wanted &&
                  !(terms == wanted && matched && matched * 2 >= wanted)))
    return;
  size_t first_note = p->nnotes;
  for (size_t k = 0; k < nz; k++) {
    pt_line *l = &p->lines[z[k].line];
    l->kind = PT_NOTE; /* (a number alone too: it is the note's) */
    if (anc[k] < 0 && !(z[k].term && nterms)) {
      /* a line of text with no number of its own goes on with the
         note above it ("1 Key points of the" / "image"); above the
         first note it is the body's */
      if (!z[k].term && z[k].st.bare)
        continue;
      if (p->nnotes > first_note)
        p->notes[p->nnotes - 1].last = (uint32_t)z[k].line;
      else
        l->kind = PT_TEXT;
      continue;
    }
    p->notes = pt_grow(p->notes, &p->capnotes, p->nnotes + 1,
                       sizeof *p->notes);
    pt_note *note = &p->notes[p->nnotes];
    note->first = note->last = (uint32_t)z[k].line;
    note->value = (uint32_t)val[k];
    note->block = block;
    note->anchor = anc[k];
    if (anc[k] < 0) {
      note->num = pt_format_number(p->doc, val[k], 0);
      note->numlen = (uint32_t)strlen(note->num);
      S_orphan_note(p, l, note);
      p->nnotes++;
      continue;
    }
    const pt_anchor *an = &p->anchors[anc[k]];
    note->num = p->lines[an->line].s + an->off;
    note->numlen = an->len;
    p->anchors[anc[k]].note = (int32_t)p->nnotes;
    p->n.notes_matched++;
    if (!z[k].term) {
      l->b = z[k].st.body_b;
      l->e = z[k].st.body_e;
    }
    p->nnotes++;
  }
  /* the rule above the notes */
  size_t r = top;
  while (r > a && pt_blank(&p->lines[r - 1]))
    r--;
  if (r > a && S_rule_line(&p->lines[r - 1]))
    p->lines[r - 1].kind = PT_NOTE;
}

typedef struct pending {
  size_t line;
  start st;
} pending;

void pt_notes_find(pt_ctx *p) {
  int rtl_doc = pt_rtl_text(p);
  for (size_t i = 0; i < p->nlines; i++) {
    pt_line *l = &p->lines[i];
    if (!pt_blank(l) && (l->kind == PT_TEXT || l->kind == PT_HEADING))
      S_line_anchors(p, i, rtl_doc);
  }
  S_learned_nouns(p);
  uint32_t block_no = 0;
  /* the feet of the pages first: notes by their numbering */
  for (size_t k = 0; k <= p->npbs; k++) {
    size_t a = k ? p->pbs[k - 1].before : 0;
    size_t b = k < p->npbs ? p->pbs[k].before : p->nlines;
    int has = 0;
    for (size_t i = a; i < b && !has; i++)
      has = p->lines[i].kind == PT_NOTE;
    if (!has && b > a)
      S_foot(p, a, b, rtl_doc, block_no++);
  }
  size_t foot_notes = p->nnotes;
  pending *pend = NULL;
  size_t npend = 0, cappend = 0;
  size_t prev_block_end = 0, prev_region = 0;
  size_t *orphan_regions = NULL, norph = 0, caporph = 0;
  for (size_t i = 0; i < p->nlines; i++) {
    pt_line *l = &p->lines[i];
    if (pt_blank(l) || l->kind != PT_TEXT)
      continue;
    /* a gap or a rule above */
    size_t first = i;
    int gap = (l->flags & PT_F_FF) || l->blanks > p->spacing ||
              (p->spacing == 0 && l->blanks > 0);
    if (S_rule_line(l)) {
      first = i;
      i = S_next(p, i);
      if (i >= p->nlines)
        break;
      l = &p->lines[i];
      gap = 1;
    }
    /* debris before the first note ("." of the body's last sentence,
       pushed down by a superscript): it stays in the body */
    int debris = 0;
    while ((l->flags & PT_F_NOISE) && i + 1 < p->nlines) {
      size_t n = S_next(p, i);
      if (n >= p->nlines || p->lines[n].kind != PT_TEXT)
        break;
      i = n;
      l = &p->lines[i];
      debris = 1;
    }
    if (debris && first != i && !S_rule_line(&p->lines[first]))
      first = i;
    start st;
    if (S_emphasised(p, i) ||
        !S_note_start(l, gap ? S_TRAILING | S_GLUED : 0, S_small(p, i),
                      &st))
      continue;
    /* collect the block */
    npend = 0;
    size_t j = i, last = i;
    pending cur = {i, st};
    pend = pt_grow(pend, &cappend, npend + 1, sizeof *pend);
    pend[npend++] = cur;
    int ends_well = 0, column_foot = 0;
    for (;;) {
      size_t k = S_next(p, j);
      if (k >= p->nlines || p->lines[k].kind != PT_TEXT ||
          S_pb_between(p, j, k) || (p->lines[k].flags & PT_F_FF)) {
        ends_well = 1;
        break;
      }
      const pt_line *kl = &p->lines[k];
      int after_bare = pend[npend - 1].line == j && pend[npend - 1].st.bare;
      if (p->spacing >= 1 && kl->blanks < p->spacing && !after_bare &&
          !(p->lines[j].flags & PT_F_NOISE) && !(kl->flags & PT_F_NOISE)) {
        ends_well = 1; /* a page change */
        break;
      }
      if (kl->blanks > p->spacing + 1 ||
          (p->spacing == 0 && kl->blanks > 0 && !after_bare)) {
        /* a gap after notes at the foot of a column: pdftotext gives
           the next column after it, on the same page */
        ends_well = p->wrapped && kl->blanks > p->spacing;
        column_foot = 1;
        break;
      }
      if (k - i > 40)
        break;
      start s2;
      if (!after_bare &&
          S_note_start(kl, S_TRAILING | S_GLUED, S_small(p, k), &s2) &&
          !s2.glued) {
        pend = pt_grow(pend, &cappend, npend + 1, sizeof *pend);
        pend[npend].line = k;
        pend[npend].st = s2;
        npend++;
      }
      j = last = k;
    }
    if (!ends_well || !(gap || S_pb_between(p, last, S_next(p, last))))
      continue;
    /* right below are the notes S_foot found at the page's foot, one
       of them with this number: this is the body (a paragraph that
       opens with a marker, "1 Asterisk...") */
    size_t below = S_next(p, last);
    int taken = 0;
    if (below < p->nlines && p->lines[below].kind == PT_NOTE &&
        !S_pb_between(p, last, below))
      for (size_t q = 0; q < foot_notes && !taken; q++)
        taken = p->notes[q].first >= below &&
                p->notes[q].first < below + 32 &&
                p->notes[q].value == st.value;
    if (taken)
      continue;
    /* a number glued to its text opens a numbered heading as well
       ("۶نتیجه‌گیری" over its section): a note only in a short block
       with nothing but furniture below it on its page */
    if (pend[0].st.glued &&
        (column_foot || last - i > 4 || !S_at_foot(p, last)))
      continue;
    /* at a column's foot, only notes that read as notes: the number on
       the line of a text of a few words ("6" over "Conclusion" is a
       numbered heading) */
    if (column_foot &&
        (pend[0].st.bare ||
         pt_words(pt_c(l), pt_clen(l), 4) < 4))
      continue;
    /* match the markers of the page */
    size_t page0 = S_page_start(p, first);
    size_t r0 = page0 > prev_block_end ? page0 : prev_block_end;
    /* a note's marker is on its page or the one before, never further */
    size_t before = page0 ? S_page_start(p, page0 - 1) : 0;
    size_t rprev = prev_region > before ? prev_region : before;
    int matched = 0;
    int *which = recto_xcalloc(1, npend * sizeof *which);
    long *val = recto_xcalloc(1, npend * sizeof *val);
    for (size_t q = 0; q < npend; q++) {
      val[q] = pend[q].st.value;
      which[q] = S_match(p, r0, first, rprev, val[q]);
      if (which[q] >= 0) {
        p->anchors[which[q]].note = -2; /* reserved */
        matched++;
      }
    }
    S_keep_order(p, r0, first, val, which, npend);
    free(val);
    S_release(p, which, npend);
    if (!matched) {
      free(which);
      continue;
    }
    /* commit */
    for (size_t q = first; q <= last; q++)
      if (!pt_blank(&p->lines[q]))
        p->lines[q].kind = PT_NOTE;
    for (size_t q = 0; q < npend; q++) {
      size_t nl = pend[q].line;
      size_t end = q + 1 < npend ? pend[q + 1].line - 1 : last;
      pt_line *ln = &p->lines[nl];
      p->notes = pt_grow(p->notes, &p->capnotes, p->nnotes + 1,
                         sizeof *p->notes);
      pt_note *note = &p->notes[p->nnotes];
      note->first = (uint32_t)nl;
      note->last = (uint32_t)end;
      note->value = (uint32_t)pend[q].st.value;
      note->block = block_no;
      note->num = ln->s + pend[q].st.nb;
      note->numlen = pend[q].st.ne - pend[q].st.nb;
      note->anchor = which[q];
      if (which[q] >= 0) {
        p->anchors[which[q]].note = (int32_t)p->nnotes;
        p->n.notes_matched++;
      } else {
        S_orphan_note(p, ln, note);
      }
      /* the text of the note without its number */
      ln->b = pend[q].st.body_b;
      ln->e = pend[q].st.body_e;
      if (pend[q].st.bare && nl + 1 <= end) {
        size_t nx = S_next(p, nl);
        if (nx <= end) {
          pt_line *t = &p->lines[nx];
          while (t->b < t->e && (t->s[t->b] == '.' || t->s[t->b] == ')' ||
                                 t->s[t->b] == ' '))
            t->b++;
        }
      }
      p->nnotes++;
    }
    orphan_regions = pt_grow(orphan_regions, &caporph, norph + 3,
                             sizeof *orphan_regions);
    orphan_regions[norph++] = r0;
    orphan_regions[norph++] = first;
    long maxv = 0;
    for (size_t q = 0; q < npend; q++)
      if (pend[q].st.value > maxv)
        maxv = pend[q].st.value;
    orphan_regions[norph++] = (size_t)maxv;
    free(which);
    prev_region = r0;
    prev_block_end = last + 1;
    block_no++;
    i = last;
  }
  /* markers on pages with notes that found no note */
  for (size_t r = 0; r + 2 < norph; r += 3) {
    size_t a0 = S_anchor_from(p, orphan_regions[r]);
    size_t a1 = S_anchor_from(p, orphan_regions[r + 1]);
    for (size_t k = a0; k < a1; k++) {
      pt_anchor *an = &p->anchors[k];
      if (an->note >= 0 || !an->strong ||
          an->value > orphan_regions[r + 2] + 2)
        continue;
      pt_line *ln = &p->lines[an->line];
      recto_pos pos = pt_line_pos(p, ln, an->off);
      recto_diag_emit(p->ctx, RECTO_DIAG_WARNING, "plain.orphan-marker", &pos,
                      "marker %.*s has no note on its page; kept as text",
                      (int)an->len, ln->s + an->off);
      p->n.orphan_markers++;
    }
  }
  free(orphan_regions);
  free(pend);
  /* only matched anchors matter from here on */
  size_t w = 0;
  for (size_t k = 0; k < p->nanchors; k++)
    if (p->anchors[k].note >= 0) {
      p->notes[p->anchors[k].note].anchor = (int32_t)w;
      p->anchors[w++] = p->anchors[k];
    }
  p->nanchors = w;
  p->n.notes = p->nnotes;
}
