/* headings.c: headings, their levels, and the title block.
 *
 * Marked headings first: Markdown "#" lines (level = number of #), a line
 * that is all bold, a line that is only a cue word (abstract, keywords,
 * introduction, conclusion, references; چکیده، واژگان کلیدی، مقدمه،
 * نتیجه، منابع؛ الملخص، مقدمة، الخاتمة، المراجع، المصادر), and numbered
 * headings ("1.", "1.2", "۲-"; level from the depth).  Then stand-alone
 * short lines without final punctuation that close nothing and open a
 * paragraph.  The document's own habits decide how strict that last
 * rule is: where Markdown marks the headings, an unmarked line must end
 * with a colon to count.  Levels: the most common Markdown level (or 1)
 * for unmarked headings, one deeper for colon-ended ones under plain
 * ones.  The title (and author and affiliation lines) at the top of the
 * text go to the metadata.
 *
 * The whole document is evidence too: a short line whose letters recur
 * on other lines (a caption, an axis title, "پاسخ:" before every answer)
 * is a label; the entries of a table of contents, the lines of a page
 * of short lines only (a title page, a form) and three unnumbered
 * candidates in a row are not headings; a numbering alone on its line
 * must look like one ("0.05" and "97.67" do not).
 */
#include <stdlib.h>
#include <string.h>

#include "plain.h"

/* ---- cue words ---- */

/* Lower-case ASCII, drop ZWNJ and tatweel, unify Arabic and Persian
   forms of kaf, yeh and teh marbuta, collapse spaces, drop a trailing
   colon: so that "چكيده", "چکیده :" and "Abstract:" compare equal to the
   cue list. */
static size_t S_norm(const char *s, size_t len, char *out, size_t cap) {
  size_t o = 0, i = 0;
  int space = 0;
  while (i < len && o + 8 < cap) {
    uint32_t c = pt_next(s, len, &i);
    if (c == 0x200C || c == 0x200D || c == 0x0640 || c == '*' || c == '#')
      continue;
    if (pt_is_space(c)) {
      space = o > 0;
      continue;
    }
    if (c == 0x0643)
      c = 0x06A9; /* ك -> ک */
    else if (c == 0x064A || c == 0x0649)
      c = 0x06CC; /* ي ى -> ی */
    else if (c == 0x0629)
      c = 0x0647; /* ة -> ه */
    else if (c >= 'A' && c <= 'Z')
      c += 32;
    if (space)
      out[o++] = ' ';
    space = 0;
    o += (size_t)recto_utf8_encode(c, out + o);
  }
  while (o > 0 && (out[o - 1] == ':' || out[o - 1] == ' ' ||
                   out[o - 1] == '.'))
    o--;
  /* a full-width or Arabic colon */
  if (o >= 3 && memcmp(out + o - 3, "\xEF\xBC\x9A", 3) == 0)
    o -= 3;
  out[o] = '\0';
  return o;
}

int pt_cue(const char *s, size_t len) {
  /* already in the normal form of S_norm */
  static const struct {
    int cls;
    const char *word;
  } cues[] = {
      {PT_CUE_ABSTRACT, "abstract"},
      {PT_CUE_ABSTRACT, "summary"},
      {PT_CUE_ABSTRACT, "چکیده"},
      {PT_CUE_ABSTRACT, "خلاصه"},
      {PT_CUE_ABSTRACT, "الملخص"},
      {PT_CUE_ABSTRACT, "ملخص"},
      {PT_CUE_ABSTRACT, "موجز"},
      {PT_CUE_KEYWORDS, "keywords"},
      {PT_CUE_KEYWORDS, "key words"},
      {PT_CUE_KEYWORDS, "واژگان کلیدی"},
      {PT_CUE_KEYWORDS, "کلیدواژه ها"},
      {PT_CUE_KEYWORDS, "کلیدواژهها"},
      {PT_CUE_KEYWORDS, "کلید واژهها"},
      {PT_CUE_KEYWORDS, "واژههای کلیدی"},
      {PT_CUE_KEYWORDS, "کلمات مفتاحیه"},
      {PT_CUE_KEYWORDS, "الکلمات المفتاحیه"},
      {PT_CUE_KEYWORDS, "الکلمات الداله"},
      {PT_CUE_INTRO, "introduction"},
      {PT_CUE_INTRO, "مقدمه"},
      {PT_CUE_INTRO, "المقدمه"},
      {PT_CUE_INTRO, "اشاره"},
      {PT_CUE_INTRO, "درآمد"},
      {PT_CUE_INTRO, "پیشگفتار"},
      {PT_CUE_INTRO, "تمهید"},
      {PT_CUE_CONCLUSION, "conclusion"},
      {PT_CUE_CONCLUSION, "conclusions"},
      {PT_CUE_CONCLUSION, "نتیجه"},
      {PT_CUE_CONCLUSION, "نتیجهگیری"},
      {PT_CUE_CONCLUSION, "نتیجه گیری"},
      {PT_CUE_CONCLUSION, "جمعبندی"},
      {PT_CUE_CONCLUSION, "جمع بندی"},
      {PT_CUE_CONCLUSION, "الخاتمه"},
      {PT_CUE_CONCLUSION, "خاتمه"},
      {PT_CUE_CONCLUSION, "الخلاصه"},
      {PT_CUE_CONCLUSION, "الاستنتاجات"},
      {PT_CUE_CONCLUSION, "concluding remarks"},
      {PT_CUE_REFERENCES, "references"},
      {PT_CUE_REFERENCES, "bibliography"},
      {PT_CUE_REFERENCES, "works cited"},
      {PT_CUE_REFERENCES, "sources"},
      {PT_CUE_REFERENCES, "literature"},
      {PT_CUE_REFERENCES, "reference"},
      {PT_CUE_REFERENCES, "references and notes"},
      {PT_CUE_REFERENCES, "literature cited"},
      {PT_CUE_REFERENCES, "références"},
      {PT_CUE_REFERENCES, "bibliographie"},
      {PT_CUE_REFERENCES, "literatur"},
      {PT_CUE_REFERENCES, "literaturverzeichnis"},
      {PT_CUE_REFERENCES, "bibliografia"},
      {PT_CUE_REFERENCES, "bibliografía"},
      {PT_CUE_REFERENCES, "referencias"},
      {PT_CUE_REFERENCES, "riferimenti bibliografici"},
      {PT_CUE_REFERENCES, "فهرست مراجع"},
      {PT_CUE_REFERENCES, "مراجع و منابع"},
      {PT_CUE_REFERENCES, "منابع و ماخذ"},
      {PT_CUE_REFERENCES, "المراجع والمصادر"},
      {PT_CUE_REFERENCES, "منابع"},
      {PT_CUE_REFERENCES, "فهرست منابع"},
      {PT_CUE_REFERENCES, "منابع و مآخذ"},
      {PT_CUE_REFERENCES, "کتابنامه"},
      {PT_CUE_REFERENCES, "مآخذ"},
      {PT_CUE_REFERENCES, "المراجع"},
      {PT_CUE_REFERENCES, "المصادر"},
      {PT_CUE_REFERENCES, "المصادر والمراجع"},
      {PT_CUE_REFERENCES, "قائمه المراجع"},
      {PT_CUE_REFERENCES, "مراجع"},
      {PT_CUE_REFERENCES, "مصادر"},
      {PT_CUE_NOTES, "notes"},
      {PT_CUE_NOTES, "endnotes"},
      {PT_CUE_NOTES, "footnotes"},
      {PT_CUE_NOTES, "پینوشتها"},
      {PT_CUE_NOTES, "پی نوشتها"},
      {PT_CUE_NOTES, "پینوشت"},
      {PT_CUE_NOTES, "یادداشتها"},
      {PT_CUE_NOTES, "الهوامش"},
      {PT_CUE_NOTES, "الحواشی"},
      {PT_CUE_OTHER, "methodology"},
      {PT_CUE_OTHER, "methods"},
      {PT_CUE_OTHER, "method"},
      {PT_CUE_OTHER, "results"},
      {PT_CUE_OTHER, "discussion"},
      {PT_CUE_OTHER, "results and discussion"},
      {PT_CUE_OTHER, "acknowledgements"},
      {PT_CUE_OTHER, "acknowledgments"},
      {PT_CUE_OTHER, "appendix"},
      {PT_CUE_OTHER, "appendices"},
      {PT_CUE_OTHER, "ضمائم"},
      {PT_CUE_OTHER, "پیوست"},
      {PT_CUE_OTHER, "پیوستها"},
      {PT_CUE_OTHER, "روش تحقیق"},
      {PT_CUE_OTHER, "روش پژوهش"},
      {PT_CUE_OTHER, "یافتهها"},
      {PT_CUE_OTHER, "یافته ها"},
      {PT_CUE_OTHER, "سپاسگزاری"},
      {PT_CUE_OTHER, "الملاحق"},
      {PT_CUE_OTHER, "المنهجیه"},
      {PT_CUE_OTHER, "النتائج"},
  };
  /* a cue is a few words: longer lines need no normalising */
  if (len > 80)
    return PT_CUE_NONE;
  size_t spaces = 0;
  for (size_t i = 0; i < len; i++)
    spaces += s[i] == ' ';
  if (spaces > 5)
    return PT_CUE_NONE;
  char buf[512];
  size_t n = S_norm(s, len, buf, sizeof buf);
  if (!n || n > 48)
    return PT_CUE_NONE;
  for (size_t k = 0; k < sizeof cues / sizeof cues[0]; k++)
    if (buf[0] == cues[k].word[0] && strcmp(buf, cues[k].word) == 0)
      return cues[k].cls;
  return PT_CUE_NONE;
}

/* ---- line shapes ---- */

/* H_CHAP: a chapter's label ("Chapter 3", "فصل ۲", "Apêndice A") or the
   title right under it, headings whatever their page holds */
enum { H_NONE, H_MD, H_BOLD, H_CUE, H_NUM, H_PLAIN, H_CHAP };

typedef struct shape {
  int type;
  int level;   /* H_MD: #s; H_NUM: depth */
  int colon;   /* ends with a colon */
  int cue;
  int open;    /* ends on a joining word: a label among labels at most */
} shape;

static int S_ends_colon(const pt_line *l) {
  size_t i = l->e;
  uint32_t c = pt_prev(l->s, l->b, &i);
  return c == ':' || c == 0xFF1A;
}

/* "Facility: Blanco (DECam)": a field's name of a word or two, a colon
   and its value on the same line. */
static int S_field(const pt_line *l) {
  const char *s = pt_c(l);
  size_t len = pt_clen(l);
  for (size_t k = 1; k + 2 < len && k < 32; k++) {
    if (pt_digit((unsigned char)s[k]) >= 0)
      return 0;
    if (s[k] == ':')
      return s[k + 1] == ' ' && pt_words(s, k, 3) <= 2;
  }
  return 0;
}

static int S_bullet_start(const pt_line *l) {
  size_t k = l->b;
  uint32_t c = pt_next(l->s, l->e, &k);
  /* a symbol font's bullet comes out as a private-use character (at the
     line's end where a right-to-left extraction turned the line) */
  size_t e = l->e;
  uint32_t d = e > l->b ? pt_prev(l->s, l->b, &e) : 0;
  if ((c >= 0xE000 && c <= 0xF8FF) || (d >= 0xE000 && d <= 0xF8FF))
    return 1;
  if (!(c == '-' || c == 0x2013 || c == 0x2022 || c == '*' || c == 0x0640 ||
        c == 0x25CF || c == 0x25AA))
    return 0;
  return k < l->e && l->s[k] == ' ';
}

static int S_has_comma(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    uint32_t c = pt_next(s, len, &i);
    if (c == ',' || c == 0x060C)
      return 1;
  }
  return 0;
}

/* A sentence break inside the line (". " or, in wrapped text, a
   semicolon), or a citation ("(Wood, 2022)", "[12]"): a piece of a
   paragraph. */
static int S_sentence_inside(const char *s, size_t len, int wrapped) {
  size_t i = 0;
  int paren = 0;
  while (i < len) {
    uint32_t c = pt_next(s, len, &i);
    if (c == '(')
      paren = 1;
    if ((pt_is_final_punct(c) || (wrapped && (c == ';' || c == 0x061B))) &&
        i < len && s[i] == ' ' && i > 1)
      return 1;
    /* "[12]", "] .[1", "[.]1": a numbered citation */
    if ((c == '[' || c == ']') && i < len &&
        pt_digit(pt_next(s, len, &(size_t){i})) >= 0)
      return 1;
    if (paren && pt_digit(c) >= 0) {
      size_t k = i, q;
      /* four digits in parentheses: a year, a citation */
      int nd = 1;
      q = k;
      while (q < len && pt_digit((unsigned char)s[q]) >= 0)
        q++, nd++;
      if (nd >= 4)
        return 1;
    }
  }
  return 0;
}

/* A pair (open, close) left open: the sentence goes on below.  (As
   many closing ones before their match are the pairs of a right-to-left
   line in visual order, mirrored: ")(FEHT" is "(FEHT)".) */
static int S_left_open(const char *s, size_t len, uint32_t open,
                       uint32_t close) {
  int depth = 0, stray = 0;
  for (size_t i = 0; i < len;) {
    uint32_t c = pt_next(s, len, &i);
    if (c == open)
      depth++;
    else if (c == close && depth > 0)
      depth--;
    else if (c == close)
      stray++;
  }
  return depth > stray;
}

static int S_unbalanced(const char *s, size_t len) {
  return S_left_open(s, len, '(', ')');
}

/* A parenthesis or a quotation left open on line l: where l ends no
   sentence, the next line goes on with it ("...the thesis titled
   «Setting up a" over "call centre» submitted as..."), however it is
   printed. */
static int S_quote_open(const pt_line *l) {
  const char *s = pt_c(l);
  size_t len = pt_clen(l);
  if (S_unbalanced(s, len))
    return 1;
  /* each quotation mark closes the innermost open quotation it closes,
     else opens one: "„…“" (German), "“…”", "«…»" and "»…«", "‹…›" and
     "›…‹", '"…"' by turns */
  uint32_t want[16]; /* the closing marks of the open quotations */
  size_t n = 0;
  for (size_t i = 0; i < len;) {
    uint32_t c = pt_next(s, len, &i), close;
    switch (c) {
    case 0x201E: close = 0x201C; break;
    case 0x201C: close = 0x201D; break;
    case 0x00AB: close = 0x00BB; break;
    case 0x00BB: close = 0x00AB; break;
    case 0x2039: close = 0x203A; break;
    case 0x203A: close = 0x2039; break;
    case '"': close = '"'; break;
    default: close = 0;
    }
    if (n > 0 && (c == want[n - 1] ||
                  (c == 0x201D && want[n - 1] == 0x201C)))
      n--; /* (Polish and Dutch close "„" with "”") */
    else if (close && n < sizeof want / sizeof *want)
      want[n++] = close;
  }
  return n > 0;
}

/* "(Originality of the thesis)", in visual order ")...(": a line
   wholly in parentheses (its opening one closes at its end) is an
   aside, not a heading. */
static int S_parenthesised(const char *s, size_t len) {
  if (len <= 2 || (s[0] != '(' && s[0] != ')'))
    return 0;
  char open = s[0], close = open == '(' ? ')' : '(';
  int depth = 0;
  for (size_t i = 0; i < len; i++)
    if (s[i] == open)
      depth++;
    else if (s[i] == close && --depth == 0)
      return i == len - 1; /* "(1) Mooring (general)" closes early */
  return 0;
}

/* "(a) ...", "(ب) ..." (in visual order ")ب( ..."): a letter in
   parentheses opens a part of a figure's caption or an item, not a
   heading ("a) ..." and "الف) ..." may number headings). */
static int S_lettered_part(const char *s, size_t len) {
  if (len < 4 || (s[0] != '(' && s[0] != ')'))
    return 0;
  size_t i = 1;
  uint32_t c = pt_next(s, len, &i);
  return pt_is_letter(c) && i < len && s[i] == (s[0] == '(' ? ')' : '(');
}

/* The number at the end of s ("... Events - 2"), after a dash or
   spaces. */
static int S_ends_number(const char *s, size_t len) {
  size_t k = len;
  int digits = 0;
  while (k > 0) {
    size_t q = k;
    uint32_t c = pt_prev(s, 0, &q);
    if (pt_digit(c) < 0)
      break;
    digits++;
    k = q;
  }
  return digits > 0 && digits <= 3 && k > 0 &&
         (s[k - 1] == ' ' || pt_is_dash((unsigned char)s[k - 1]));
}

const char *const pt_figure_words[] = {
    "figure", "fig.", "figura", "abbildung", "abb.", "شکل", "تصویر",
    "تصوير", "نمودار", "الشكل", "شكل", "الصورة", "صورة", NULL};

const char *const pt_table_words[] = {
    "table", "tab.", "tabela", "tabla", "tabelle", "tableau", "tabella",
    "جدول", "الجدول", NULL};

/* The words of a table's caption, then a figure's. */
static const char *S_caption_word(int k) {
  size_t nt = 0;
  while (pt_table_words[nt])
    nt++;
  return (size_t)k < nt ? pt_table_words[k] : pt_figure_words[(size_t)k - nt];
}

/* "Table 2: ...", "شکل ۱": captions are not headings; nor where the
   visual order moved the number ("... 1 تصویر", "تصویر ... - 2"). */
static int S_caption_like(const char *s, size_t len) {
  if (S_lettered_part(s, len))
    return 1;
  const char *word;
  for (int w = 0; (word = S_caption_word(w)); w++) {
    size_t n = strlen(word);
    unsigned char w0 = (unsigned char)word[0];
    for (size_t i = 0; i + n <= len; i++) {
      unsigned char c = (unsigned char)s[i];
      if (c >= 'A' && c <= 'Z')
        c = (unsigned char)(c + 32);
      if (c != w0 || !pt_eq_ci(s + i, n, word))
        continue;
      size_t a = i, b = i + n;
      while (b < len && (s[b] == ' ' || s[b] == ':'))
        b++;
      while (a > 0 && s[a - 1] == ' ' && pt_has_arabic(s + i, n))
        a--;
      if (a > 0 && s[a - 1] >= '0' && s[a - 1] <= '9')
        return 1;
      if (i == 0 && pt_has_arabic(s, n) && S_ends_number(s, len))
        return 1;
      if (b < len) {
        size_t k = b;
        if (pt_digit(pt_next(s, len, &k)) >= 0)
          return 1;
      }
    }
  }
  return 0;
}

/* A dot leader (". . . ." or "....") joins a title to its page number
   in a table of contents, or marks a blank to fill in a form: such a
   line is neither a heading nor body text. */
static int S_leader(const pt_line *l) {
  const char *s = pt_c(l);
  size_t len = pt_clen(l);
  int dots = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '.')
      dots++;
    else if (s[i] != ' ' || (i + 1 < len && s[i + 1] != '.'))
      dots = 0;
    if (dots >= 4)
      return 1;
  }
  return 0;
}

/* A title ends before s[j] (spaces skipped) in a line s[b..e) whose
   numbering of depth d follows it. */
static int S_title_before(const char *s, size_t b, size_t j, size_t e, int d,
                          int *depth, uint32_t *tb, uint32_t *te) {
  while (j > b && s[j - 1] == ' ')
    j--;
  size_t q = j;
  if (j <= b || !pt_is_letter(pt_prev(s, b, &q)))
    return 0;
  *depth = d;
  *tb = (uint32_t)b;
  *te = (uint32_t)e;
  return 1;
}

/* "Canny 2.1": a left-to-right title in a right-to-left text, its
   numbering put after it by the visual order; two levels or more, as
   "Windows 10" is no numbering. */
static int S_trailing_numbering(const pt_line *l, int *depth, uint32_t *tb,
                                uint32_t *te) {
  const char *s = l->s;
  size_t b = l->b, j = l->e;
  int d = 0, digits = 0;
  while (j > b) {
    size_t q = j;
    uint32_t c = pt_prev(s, b, &q);
    if (pt_digit(c) >= 0) {
      if (++digits > 2)
        return 0;
    } else if (c == '.' && digits) {
      d++;
      digits = 0;
    } else {
      break;
    }
    j = q;
  }
  if (!digits || d < 1 || j <= b || s[j - 1] != ' ')
    return 0;
  return S_title_before(s, b, j, l->e, d + 1, depth, tb, te);
}

/* "1.", "1.2", "۲-", "2)" before a title, or (visual order) "title. 1":
   1; "Canny 2.1" (S_trailing_numbering): 2; else 0. */
static int S_numbered(const pt_line *l, int rtl_doc, int *depth,
                      uint32_t *tb, uint32_t *te) {
  const char *s = l->s;
  size_t b = l->b, e = l->e, i = b;
  int d = 0;
  for (;;) {
    int nd;
    long v = pt_number(s, e, &i, &nd, NULL);
    if (v < 0 || nd > 2)
      break;
    d++;
    if (i < e && s[i] == '.' && i + 1 < e) {
      size_t k = i + 1;
      if (pt_digit(pt_next(s, e, &k)) >= 0) {
        i++;
        continue;
      }
    }
    break;
  }
  if (d) {
    size_t k = i;
    /* "1.4خطیسازی": in visual order the numbering comes out glued to
       the first word of a right-to-left title */
    size_t q = k;
    if (rtl_doc && d >= 2 && k < e && pt_is_arabic_letter(pt_next(s, e, &q))) {
      *depth = d;
      *tb = (uint32_t)b;
      *te = (uint32_t)e;
      return 1;
    }
    if (k < e && (s[k] == '.' || s[k] == ')' || s[k] == '-'))
      k++;
    else if (d == 1)
      return 0;
    if (k < e && s[k] == ' ') {
      while (k < e && s[k] == ' ')
        k++;
      size_t q = k;
      if (k < e && pt_is_letter(pt_next(s, e, &q))) {
        *depth = d;
        *tb = (uint32_t)b;
        *te = (uint32_t)e;
        return 1;
      }
    }
    return 0;
  }
  if (!(l->flags & PT_F_RTL))
    return rtl_doc && S_trailing_numbering(l, depth, tb, te) ? 2 : 0;
  /* "پارلمان . 2", "احزاب سياسی. 3" */
  size_t j = e;
  int nd = 0;
  while (j > b) {
    size_t q = j;
    if (pt_digit(pt_prev(s, b, &q)) < 0)
      break;
    j = q;
    nd++;
  }
  if (!nd || nd > 2)
    return 0;
  while (j > b && s[j - 1] == ' ')
    j--;
  if (j <= b || s[j - 1] != '.')
    return 0;
  return S_title_before(s, b, j - 1, e, 1, depth, tb, te);
}

/* "IV. " or "B. " before a title: a roman numbering (depth 1) or a
   capital letter (depth 2, under a roman one), which in plain text are
   too like an initial ("V. Sanz") to be read as numberings without more
   evidence.  The depth, or 0. */
static int S_letter_numbered(const pt_line *l) {
  const char *s = l->s;
  size_t b = l->b, e = l->e, i = b;
  while (i < e && i - b < 5 && s[i] && strchr("IVXL", s[i]))
    i++;
  int depth = 1;
  if (i == b && i < e && s[i] >= 'A' && s[i] <= 'Z')
    i++, depth = 2;
  if (i == b || i + 2 >= e || s[i] != '.' || s[i + 1] != ' ')
    return 0;
  size_t q = i + 2;
  return pt_is_letter(pt_next(s, e, &q)) ? depth : 0;
}

/* A line of a formula, a figure's axis or a code: mathematical signs,
   braces or Greek letters (not "|", which separates the parts of many
   titles), fewer than three letters, or one token mixing letters
   with digits ("DFPD-2015/TH/20"); a line of code: a shell prompt, a
   comment or a statement's semicolon ("$ sudo ...", "// Try", "f(x);",
   turned by the visual order ";)f(x"). No heading looks like that. */
static int S_ident(uint32_t c) {
  return (c < 0x80 && (pt_is_latin_letter(c) || pt_digit(c) >= 0)) ||
         c == '_';
}

/* A call in code: a name glued to its parenthesis ("blur(", or turned
   by the visual order "(cv2.imshow" after ")x ,'a'") with arguments
   after commas, a dotted name ("img.rows") or empty parentheses.  A
   title's "SSE(server sent events)" has none of these. */
static int S_code_call(const char *s, size_t len) {
  int call = 0, args = 0;
  for (size_t i = 0; i + 1 < len; i++) {
    char c = s[i], d = s[i + 1];
    if ((d == '(' && S_ident((unsigned char)c)) ||
        (c == '(' && i > 0 && s[i - 1] != ' ' && S_ident((unsigned char)d)))
      call = 1;
    if ((c == ',' && i > 0 && s[i - 1] != ' ') || (c == '(' && d == ')') ||
        (c == '.' && i >= 2 && S_ident((unsigned char)s[i - 1]) &&
         S_ident((unsigned char)s[i - 2]) && S_ident((unsigned char)d) &&
         i + 2 < len && S_ident((unsigned char)s[i + 2])))
      args = 1;
  }
  return call && args;
}

static int S_formula_like(const char *s, size_t len) {
  size_t letters = 0, digits = 0, spaces = 0, arabic = 0;
  if (S_code_call(s, len))
    return 1;
  if ((len > 2 && (memcmp(s, "$ ", 2) == 0 || memcmp(s, "//", 2) == 0)) ||
      (len && (s[len - 1] == ';' || s[0] == ';')))
    return 1;
  for (size_t i = 0; i < len;) {
    uint32_t c = pt_next(s, len, &i);
    if (c == '=' || c == '^' || c == '_' || c == '<' || c == '{' ||
        c == '}' || c == '>' || (c >= 0x0370 && c <= 0x03FF) || c == 0x00B1 ||
        c == 0x00B7 || c == 0x00D7 || (c >= 0x2190 && c <= 0x22FF))
      return 1;
    letters += pt_is_letter(c) != 0;
    arabic += pt_is_arabic_letter(c) != 0;
    digits += pt_digit(c) >= 0;
    spaces += c == ' ';
  }
  /* (a right-to-left heading may come out with its number glued on) */
  return letters < 3 || (!spaces && digits && letters && !arabic);
}

/* The next word of s[*i..len) folded for comparison: lower-case ASCII,
   combining marks dropped and a dotless i read as i, as an extraction
   gives "Capı́tulo" for "Capítulo"; its bytes in out (NUL-ended). */
static size_t S_fold_word(const char *s, size_t len, size_t *i, char *out,
                          size_t cap) {
  size_t o = 0;
  while (*i < len && s[*i] == ' ')
    (*i)++;
  while (*i < len && s[*i] != ' ' && o + 5 < cap) {
    uint32_t c = pt_next(s, len, i);
    if ((c >= 0x0300 && c <= 0x036F) || c == 0x200C || c == 0x0640)
      continue;
    if (c == 0x0131)
      c = 'i';
    else if (c >= 'A' && c <= 'Z')
      c += 32;
    o += (size_t)recto_utf8_encode(c, out + o);
  }
  out[o] = '\0';
  return o;
}

/* A chapter's number: digits, a roman numeral, a capital letter or an
   ordinal word ("اول", "الثاني"). */
static int S_chapter_number(const char *w, size_t n) {
  static const char *const ordinals[] = {
      "اول", "دوم", "سوم", "چهارم", "پنجم", "ششم", "هفتم", "هشتم", "نهم",
      "دهم", "الاول", "الأول", "الثاني", "الثالث", "الرابع", "الخامس",
      "السادس", "one", "two", "three", "four", "five", "six", NULL};
  if (!n)
    return 0;
  size_t i = 0;
  int digits = 1;
  while (i < n && digits)
    digits = pt_digit(pt_next(w, n, &i)) >= 0;
  if (digits)
    return 1;
  if (n == 1 && w[0] >= 'a' && w[0] <= 'z')
    return 1; /* "A" (folded) */
  if (strspn(w, "ivxl") == n)
    return 1;
  for (int k = 0; ordinals[k]; k++)
    if (strcmp(w, ordinals[k]) == 0)
      return 1;
  return 0;
}

/* "Chapter 3", "Capítulo 2", "Apêndice A", "فصل ۲", "فصل اول", "الفصل
   الثاني" (and in visual order "۲ فصل"): a line that only labels the
   chapter whose title follows. */
static int S_chapter_label(const pt_line *l) {
  static const char *const words[] = {
      "chapter", "appendix", "part", "capitulo", "apendice", "anexo",
      "chapitre", "annexe", "kapitel", "anhang", "capitolo", "فصل", "الفصل",
      "بخش", "پیوست", "الباب", "ملحق", "الملحق", NULL};
  const char *s = pt_c(l);
  size_t len = pt_clen(l), i = 0;
  if (len > 40 || pt_words(s, len, 3) != 2)
    return 0;
  char a[64], b[64];
  size_t na = S_fold_word(s, len, &i, a, sizeof a);
  size_t nb = S_fold_word(s, len, &i, b, sizeof b);
  for (int k = 0; words[k]; k++) {
    if (strcmp(a, words[k]) == 0 && S_chapter_number(b, nb))
      return 1;
    if (strcmp(b, words[k]) == 0 && (l->flags & PT_F_RTL) &&
        S_chapter_number(a, na))
      return 1;
  }
  return 0;
}

static int S_indent(const pt_line *l) {
  int n = 0;
  for (uint32_t k = 0; k < l->b && k < 8; k++)
    if (l->s[k] == ' ')
      n++;
  return n;
}

static void S_shape(pt_ctx *p, size_t i, int rtl_doc, shape *sh) {
  pt_line *l = &p->lines[i];
  const char *s = pt_c(l);
  size_t len = pt_clen(l);
  memset(sh, 0, sizeof *sh);
  const pt_layout *y = pt_lay(p, i);
  if (y && y->heading_level) { /* the source says so, as '#' does */
    sh->type = H_MD;
    sh->level = y->heading_level;
    sh->cue = pt_cue(s, len);
    return;
  }
  size_t h = 0;
  while (h < len && s[h] == '#')
    h++;
  if (h >= 1 && h <= 6 && (h == len || s[h] == ' ')) {
    /* "#" alone or over figures: a formula's bracket, as an extraction
       mangles it, not an empty heading */
    int letters = 0;
    for (size_t q = h; q < len && !letters;)
      letters = pt_is_letter(pt_next(s, len, &q));
    if (!letters)
      return;
    sh->type = H_MD;
    sh->level = (int)h;
    sh->cue = pt_cue(s + h, len - h);
    return;
  }
  sh->colon = S_ends_colon(l);
  sh->cue = pt_cue(s, len);
  if (sh->cue) {
    sh->type = H_CUE;
    return;
  }
  /* "Keywords: a, b, c": a cue run into its text is a paragraph */
  for (size_t k = 0; k + 1 < len && k < 64; k++)
    if (s[k] == ':') {
      if (k + 1 < len && pt_cue(s, k))
        return;
      break;
    }
  if (len > 4 && s[0] == '*' && s[1] == '*' && s[len - 1] == '*' &&
      s[len - 2] == '*' && pt_words(s, len, 12) <= 12) {
    sh->type = H_BOLD;
    sh->cue = pt_cue(s + 2, len - 4);
    return;
  }
  if (l->width > 100 || S_bullet_start(l) || S_leader(l) ||
      (l->flags & (PT_F_VERSE | PT_F_CELL)))
    return;
  size_t words = pt_words(s, len, 14);
  if (words > 14)
    return;
  int depth;
  uint32_t tb, te;
  /* with layout, a numbered heading is also set apart by its font
     (larger, bold, small capitals or italic, as run-in heads are): a
     numbered line in the body's upright font is an item or an entry */
  const pt_layout *lay = pt_lay(p, i);
  int emph = pt_lay_emphasis(p, i);
  int plain_font = lay && p->body_size > 0 && emph <= 0;
  int numbered = S_numbered(l, rtl_doc, &depth, &tb, &te);
  if (!numbered && emph > 0 && (depth = S_letter_numbered(l)) > 0)
    numbered = 1;
  if (numbered) {
    /* (a trailing numbering is no final punctuation) */
    if ((numbered == 2 || !pt_line_has_final(l) || S_ends_colon(l)) &&
        !(plain_font && !lay->italic)) {
      sh->type = H_NUM;
      sh->level = depth;
    }
    return;
  }
  if (pt_line_has_final(l) && !sh->colon)
    return;
  /* with layout, the font decides: the body's size is no heading, a
     larger or bold one is */
  if (plain_font)
    return;
  /* in wrapped text a heading is short; set off (indented or after a
     gap) it may be a little longer */
  if (p->wrapped && emph <= 0) {
    int set_off = S_indent(l) >= 2 || l->blanks > p->spacing;
    if (l->width * 100 > p->typical * (set_off ? 75u : 60u))
      return;
  }
  size_t k = 0;
  uint32_t first = pt_next(s, len, &k);
  if (pt_is_lower_latin(first) ||
      (pt_digit(first) >= 0 && !(l->flags & PT_F_RTL)))
    return;
  int letters = 0;
  for (size_t q = 0; q < len;) {
    if (pt_is_letter(pt_next(s, len, &q))) {
      letters = 1;
      break;
    }
  }
  if (!letters)
    return;
  if (sh->colon && (words > 8 || S_has_comma(s, len)))
    return;
  if (S_sentence_inside(s, len, p->wrapped) || S_caption_like(s, len) ||
      S_unbalanced(s, len) || S_parenthesised(s, len))
    return;
  if (!sh->colon && S_has_comma(s, len) && words > 8)
    return;
  if (S_formula_like(s, len))
    return;
  sh->type = H_PLAIN;
  sh->open = pt_ends_open(s, len);
}

/* A short line that ends no sentence and is not a bare number: a label
   of a figure or a cell of a table, when several stand together. */
static int S_label_like(const pt_ctx *p, size_t j) {
  const pt_line *l = &p->lines[j];
  if (l->width * 2 >= p->typical || pt_line_ends_sentence(l))
    return 0;
  const char *s = pt_c(l);
  size_t len = pt_clen(l);
  for (size_t i = 0; i < len;)
    if (pt_is_letter(pt_next(s, len, &i)))
      return 1;
  return 0; /* a number: the numbering of the heading next to it */
}

/* The next non-blank line before (dir -1) or after (dir 1) i that the
   furniture step left, or (size_t)-1. */
static size_t S_near(const pt_ctx *p, size_t i, int dir) {
  for (size_t j = i + (size_t)dir; j < p->nlines; j += (size_t)dir) {
    const pt_line *l = &p->lines[j];
    if (!pt_blank(l) && l->kind != PT_FURNITURE)
      return j;
  }
  return (size_t)-1;
}

/* No page break between lines a < b. */
static int S_pb_between_lines(const pt_ctx *p, size_t a, size_t b) {
  for (size_t k = a + 1; k <= b; k++)
    if (p->lines[k].flags & PT_F_FF)
      return 1;
  return 0;
}

/* In wrapped text, a short line among short lines on both sides is part
   of a figure, a table or a block of labels, not a heading: evidence
   from its neighbourhood rather than from the line alone. */
static int S_in_figure(const pt_ctx *p, size_t i) {
  if (!p->wrapped)
    return 0;
  size_t b1 = S_near(p, i, -1), a1 = S_near(p, i, 1);
  if (b1 == (size_t)-1 || !S_label_like(p, b1))
    return 0;
  size_t b2 = S_near(p, b1, -1);
  int b2_label = b2 != (size_t)-1 && S_label_like(p, b2);
  /* the last of a figure's labels, with the text after it */
  if (b2_label) {
    size_t b3 = S_near(p, b2, -1);
    if (b3 != (size_t)-1 && S_label_like(p, b3) &&
        !S_pb_between_lines(p, b3, i))
      return 1;
  }
  if (a1 == (size_t)-1 || !S_label_like(p, a1))
    return 0;
  size_t a2 = S_near(p, a1, 1);
  return b2_label || (a2 != (size_t)-1 && S_label_like(p, a2));
}

static int S_affiliation_like(const char *s, size_t len);

/* Names over an affiliation or an e-mail on the first page: an author
   line, whatever the title step made of the block. */
static int S_affiliation_line(const pt_ctx *p, size_t j) {
  if (j == (size_t)-1)
    return 0;
  const pt_line *l = &p->lines[j];
  return pt_words(pt_c(l), pt_clen(l), 20) <= 20 &&
         S_affiliation_like(pt_c(l), pt_clen(l));
}

static int S_author_line(const pt_ctx *p, size_t i) {
  const pt_line *l = &p->lines[i];
  /* authors stand on the first page */
  size_t first_page_end = p->npbs ? p->pbs[0].before : 80;
  if (first_page_end == 0 && p->npbs > 1)
    first_page_end = p->pbs[1].before;
  if (i >= first_page_end || S_affiliation_like(pt_c(l), pt_clen(l)))
    return 0;
  size_t a = S_near(p, i, 1);
  return a != (size_t)-1 && S_affiliation_line(p, a);
}


/* A word alone on its line (a link or a path is none: "References:"
   over a list of URLs is a heading). */
static int S_one_word(const pt_line *l) {
  return !pt_blank(l) && l->kind == PT_TEXT &&
         pt_words(pt_c(l), pt_clen(l), 2) == 1 &&
         !memchr(pt_c(l), '/', pt_clen(l));
}

/* Words alone on their lines among others alone on theirs, right above
   and under them (four or more in a run, within a page): text set
   upright in a margin or a table's column, not headings.  One pass: a
   flag per line, set for every line of such a run. */
static uint8_t *S_word_columns(const pt_ctx *p) {
  uint8_t *col = recto_xcalloc(1, p->nlines + 1);
  for (size_t i = 0; i < p->nlines;) {
    size_t j = i + 1;
    if (S_one_word(&p->lines[i]))
      while (j < p->nlines && !(p->lines[j].flags & PT_F_FF) &&
             S_one_word(&p->lines[j]))
        j++;
    if (j - i >= 4)
      memset(col + i, 1, j - i);
    i = j;
  }
  return col;
}

/* In capitals: Latin letters, none of them lower-case. */
static int S_all_upper(const pt_line *l) {
  const char *s = pt_c(l);
  size_t len = pt_clen(l), letters = 0;
  for (size_t i = 0; i < len;) {
    uint32_t c = pt_next(s, len, &i);
    if (pt_is_lower_latin(c) || pt_is_arabic_letter(c))
      return 0;
    letters += pt_is_upper_latin(c) != 0;
  }
  return letters > 0;
}

/* "12. " or "12) " opening a line (with bare set, "12 " before a
   letter too): the number and its delimiter, or -1. */
static long S_item_number(const pt_line *l, char *delim, int bare) {
  size_t i = l->b;
  int nd;
  long v = pt_number(l->s, l->e, &i, &nd, NULL);
  if (v < 1 || nd > 3 || i + 1 >= l->e)
    return -1;
  size_t k = i + 1;
  if (bare && l->s[i] == ' ' && pt_is_letter(pt_next(l->s, l->e, &k))) {
    *delim = ' ';
    return v;
  }
  if (nd > 2 || (l->s[i] != '.' && l->s[i] != ')') || l->s[i + 1] != ' ')
    return -1;
  *delim = l->s[i];
  return v;
}

/* One of the few (at most max) lines of text above line i, none of
   them a heading, opens with item number v and delimiter d. */
static int S_item_above(const pt_ctx *p, const shape *sh, size_t i, long v,
                        char d, size_t max) {
  char e;
  size_t seen = 0;
  for (size_t j = i; j > 0 && seen < max;) {
    const pt_line *l = &p->lines[--j];
    if (pt_blank(l) || l->kind == PT_FURNITURE || l->kind == PT_NOTE)
      continue;
    if (l->kind != PT_TEXT || sh[j].type != H_NONE)
      return 0;
    seen++;
    if (S_item_number(l, &e, d == ' ') == v && e == d)
      return 1;
  }
  return 0;
}

/* Line i opens with "n." and one of the few lines of text above it
   with "n-1." that is no heading: the next item of a list whose items
   run over lines. */
static int S_follows_item(const pt_ctx *p, const shape *sh, size_t i) {
  char d;
  long v = S_item_number(&p->lines[i], &d, 0);
  return v >= 2 && S_item_above(p, sh, i, v - 1, d, 6);
}

/* Line i stands between a numbered item's first line, one of the few
   lines of text above it, and the next item right under it ("18
   University of ..., Naval" / "Architecture, Split, Croatia" / "19
   University of ..."): the item's last line, not a heading. */
static int S_inside_item(const pt_ctx *p, const shape *sh, size_t i,
                         size_t next) {
  char d;
  long v = next == (size_t)-1 ? -1 : S_item_number(&p->lines[next], &d, 1);
  return v >= 2 && S_item_above(p, sh, i, v - 1, d, 3);
}

/* previous and next lines that stay in the flow of text */
static size_t S_prev_flow(const pt_ctx *p, size_t i) {
  while (i > 0) {
    i--;
    const pt_line *l = &p->lines[i];
    if (!pt_blank(l) && (l->kind == PT_TEXT || l->kind == PT_HEADING ||
                         l->kind == PT_TABLE))
      return i;
  }
  return (size_t)-1;
}

static size_t S_next_flow(const pt_ctx *p, size_t i) {
  for (size_t j = i + 1; j < p->nlines; j++) {
    const pt_line *l = &p->lines[j];
    if (!pt_blank(l) && (l->kind == PT_TEXT || l->kind == PT_HEADING ||
                         l->kind == PT_TABLE))
      return j;
  }
  return (size_t)-1;
}

/* A numbering alone on its line ("II.", "2.1", "3", "-1"): its depth,
   0 when the line is something else. */
static int S_bare_numbering(const pt_line *l) {
  const char *s = pt_c(l);
  size_t len = pt_clen(l), i = 0;
  int depth = 0, roman = 0;
  while (i < len && (s[i] == 'I' || s[i] == 'V' || s[i] == 'X'))
    i++, roman = 1;
  if (roman)
    return i < len && s[i] == '.' && i + 1 == len ? 1 : 0;
  while (i < len) {
    size_t k = i;
    uint32_t c = pt_next(s, len, &k);
    if (pt_digit(c) >= 0) {
      size_t q = i;
      int nd, sys;
      long v = pt_number(s, len, &q, &nd, &sys);
      /* "0.05", "97.67": a value, not the number of a section */
      if (v < 1 || v > 50 || nd > 2 || (nd == 2 && v < 10))
        return 0;
      depth++;
      i = q;
    } else if (c == '.' || c == '-' || c == ')') {
      i = k;
    } else {
      return 0;
    }
  }
  return depth <= 4 ? depth : 0;
}

/* The end of a heading broken inside its phrase: right under it (no
   gap), a short line that starts in lower case, ends no sentence and
   does not run on into the next ("Análise dos eventos de" / "dupla
   difração dura"): a paragraph's first line is long or capitalised. */
static int S_continues_heading(const pt_ctx *p, const pt_line *h, size_t a) {
  const pt_line *n = &p->lines[a];
  if (!p->wrapped || n->kind != PT_TEXT || n->blanks > 0 ||
      (n->flags & (PT_F_FF | PT_F_ITEM)) || pt_line_has_final(h) ||
      S_ends_colon(h) || pt_line_has_final(n) ||
      n->width * 100 > p->typical * 60)
    return 0;
  size_t k = n->b;
  if (!pt_is_lower_latin(pt_next(n->s, n->e, &k)))
    return 0;
  size_t after = S_near(p, a, 1);
  if (after == (size_t)-1)
    return 1;
  const pt_line *f = &p->lines[after];
  k = f->b;
  return f->blanks > 0 || (f->flags & PT_F_FF) || f->kind != PT_TEXT ||
         !pt_is_lower_latin(pt_next(f->s, f->e, &k));
}

/* With layout, lines a and b are printed in one emphasised font (size
   and weight): the lines of one heading, where no gap parts them. */
static int S_same_font(const pt_layout *x, const pt_layout *y) {
  return x && y && x->bold == y->bold && y->size >= x->size * 0.97f &&
         y->size <= x->size * 1.03f;
}

static int S_same_print(const pt_ctx *p, size_t a, size_t b) {
  return pt_lay_emphasis(p, a) > 0 && S_same_font(pt_lay(p, a), pt_lay(p, b));
}

/* A heading the extraction broke over lines: its numbering on a line of
   its own above it, or a second line in capitals (or, with layout, in
   the heading's font) right under it (no blank line between) are joined
   to it. */
static void S_join(pt_ctx *p, int base) {
  for (size_t i = 0; i < p->nlines; i++) {
    pt_line *l = &p->lines[i];
    if (l->kind != PT_HEADING || (l->flags & PT_F_HCONT))
      continue;
    size_t b = S_near(p, i, -1);
    int depth;
    if (b != (size_t)-1 && p->lines[b].kind == PT_TEXT &&
        !(p->lines[b].flags & PT_F_ITEM) &&
        !S_pb_between_lines(p, b, i) &&
        (depth = S_bare_numbering(&p->lines[b])) > 0) {
      pt_line *n = &p->lines[b];
      n->kind = PT_HEADING;
      n->flags |= PT_F_NUMHEAD;
      n->aux = base + depth - 1 > 6 ? 6 : base + depth - 1;
      l->flags |= PT_F_HCONT;
      l->aux = n->aux;
    }
    size_t a = S_near(p, i, 1);
    if (a == (size_t)-1)
      continue;
    pt_line *n = &p->lines[a];
    /* (in wrapped text only: elsewhere every line is a block) */
    int next_line = p->wrapped && n->kind == PT_HEADING && n->blanks == 0 &&
                    !(n->flags & PT_F_FF) && !(n->flags & PT_F_NUMHEAD) &&
                    !S_ends_colon(l) && !pt_line_has_final(l);
    if (next_line && n->aux == l->aux && S_all_upper(l) && S_all_upper(n))
      n->flags |= PT_F_HCONT;
    else if (next_line && S_same_print(p, i, a)) {
      n->flags |= PT_F_HCONT;
      n->aux = l->aux;
    }
    else if (S_continues_heading(p, l, a)) {
      n->kind = PT_HEADING;
      n->flags |= PT_F_HCONT;
      n->aux = l->aux;
    }
  }
}

/* ---- the numbering sequence ---- */

/* The numbers of a numbering at the start of s ("2.1", "۱.۲", "3-"):
   their count (up to 4); 0 where a number has more than two digits. */
static int S_leading_numbers(const char *s, size_t len, long *v) {
  size_t i = 0;
  int d = 0;
  while (d < 4) {
    int nd;
    long x = pt_number(s, len, &i, &nd, NULL);
    if (x < 0 || nd > 2)
      break;
    v[d++] = x;
    if (i + 1 < len && (s[i] == '.' || s[i] == '-')) {
      size_t k = i + 1;
      if (pt_digit(pt_next(s, len, &k)) >= 0) {
        i++;
        continue;
      }
    }
    break;
  }
  return d;
}

/* The numbers of a numbering at the start of s, or at its end ("Canny
   2.1", "title. 2"): their count (up to 4). */
static int S_numbers(const char *s, size_t len, long *v) {
  int d = S_leading_numbers(s, len, v);
  if (d)
    return d;
  size_t j = len;
  while (j > 0) {
    size_t q = j;
    uint32_t c = pt_prev(s, 0, &q);
    if (pt_digit(c) < 0 && c != '.')
      break;
    j = q;
  }
  while (j < len && s[j] == '.')
    j++;
  return j < len ? S_leading_numbers(s + j, len - j, v) : 0;
}

/* Does a numbering v[0..d) follow one whose first number was top (0:
   none yet)?  The next first number, a deeper one under the same, or
   (restart) 1.  In right-to-left text the visual order may have turned
   the numbers ("۱.۲" for 2.1): either order does. */
static int S_follows(long top, const long *v, int d, int rtl, long *first) {
  /* (a reading under the same first number before one that opens the
     next: "۳.۲" after 2.2 is 2.3) */
  for (int pass = 0; pass < 2; pass++)
    for (int turn = 0; turn <= (rtl && d > 1); turn++) {
      long f = turn ? v[d - 1] : v[0];
      if (pass ? f == top + 1 || (!top && f <= 2) : d > 1 && f == top) {
        *first = f;
        return 1;
      }
    }
  return 0;
}

/* A numbered heading whose numbering is not the next in the document's
   sequence of numbered headings ("24" over an axis title after section
   4, "2" over a table's cell in chapter 3) is a label, as is one that
   jumps ahead where the next numbering goes on from the one before ("5"
   between 4.3.1 and 4.3.3).  One out of sequence that the next goes on
   from starts a new run (appendices numbered from 1 again, chapters
   whose numbered headings were missed), as does a last one numbered 1.
   Needs three numbered headings or more. */
static void S_sequence(pt_ctx *p) {
  size_t n = 0;
  for (size_t i = 0; i < p->nlines; i++)
    n += p->lines[i].kind == PT_HEADING &&
         (p->lines[i].flags & PT_F_NUMHEAD) &&
         !(p->lines[i].flags & PT_F_HCONT);
  if (n < 3)
    return;
  uint32_t *at = recto_xmalloc(n * sizeof *at);
  long (*v)[4] = recto_xmalloc(n * sizeof *v);
  int *d = recto_xmalloc(n * sizeof *d);
  size_t m = 0;
  for (size_t i = 0; i < p->nlines; i++) {
    const pt_line *l = &p->lines[i];
    if (l->kind != PT_HEADING || !(l->flags & PT_F_NUMHEAD) ||
        (l->flags & PT_F_HCONT))
      continue;
    d[m] = S_numbers(pt_c(l), pt_clen(l), v[m]);
    if (d[m])
      at[m++] = (uint32_t)i;
  }
  int rtl = pt_rtl_text(p);
  long top = 0, f = 0, g;
  for (size_t k = 0; k < m; k++) {
    int fits = S_follows(top, v[k], d[k], rtl, &f);
    if (!fits) /* where it would start a run, read it as the first */
      f = rtl && d[k] > 1 ? v[k][d[k] - 1] : v[k][0];
    int last = k + 1 == m;
    int next_from_here =
        !last && S_follows(f, v[k + 1], d[k + 1], rtl, &g);
    int next_from_before =
        !last && S_follows(top, v[k + 1], d[k + 1], rtl, &g);
    if (fits ? next_from_here || !next_from_before || last
             : last ? f == 1 : next_from_here && !next_from_before) {
      top = f;
      continue;
    }
    /* a label: its numbering and the title joined to it are text */
    for (size_t j = at[k]; j < p->nlines; j++) {
      pt_line *l = &p->lines[j];
      if (j > at[k] && (pt_blank(l) || l->kind == PT_FURNITURE))
        continue;
      if (j > at[k] && (l->kind != PT_HEADING || !(l->flags & PT_F_HCONT)))
        break;
      l->kind = PT_TEXT;
      l->flags &= (uint16_t)~(PT_F_NUMHEAD | PT_F_HCONT);
      l->aux = 0;
    }
  }
  free(at);
  free(v);
  free(d);
}

/* ---- evidence from the whole document ---- */

/* The lines of a table of contents: a page that opens with its title,
   or three dot leaders or more close together and the pages they stand
   on (without page breaks, a few lines around them).  Its entries repeat the headings; they are not
   headings themselves. */
static int S_contents_cue(const pt_line *l) {
  static const char *const words[] = {
      "contents", "table of contents", "inhalt", "inhaltsverzeichnis",
      "table des matières", "sommaire", "índice", "فهرست مطالب", "فهرست",
      "المحتویات", "فهرس المحتویات", "الفهرس", NULL};
  char buf[160];
  if (pt_clen(l) > 60)
    return 0;
  size_t n = S_norm(pt_c(l), pt_clen(l), buf, sizeof buf);
  for (int w = 0; words[w]; w++)
    if (n && strcmp(buf, words[w]) == 0)
      return 1;
  return 0;
}

static void S_toc(const pt_ctx *p, uint8_t *toc) {
  /* a page that opens with "Contents" */
  for (size_t i = 0; i < p->nlines; i++) {
    if (!(p->lines[i].flags & PT_F_FF) && i > 0)
      continue;
    size_t j = i;
    while (j < p->nlines && pt_blank(&p->lines[j]))
      j++;
    if (j == p->nlines || !S_contents_cue(&p->lines[j]))
      continue;
    size_t e = j + 1;
    while (e < p->nlines && !(p->lines[e].flags & PT_F_FF))
      e++;
    memset(toc + j, 1, e - j);
  }
  size_t first = 0, last = 0, n = 0;
  for (size_t i = 0; i <= p->nlines; i++) {
    int leader = i < p->nlines && !pt_blank(&p->lines[i]) &&
                 p->lines[i].kind == PT_TEXT && S_leader(&p->lines[i]);
    if (n && (i == p->nlines || (leader && i - last > 16))) {
      if (n >= 3) {
        size_t a = first, b = last + 1;
        while (a > 0 && first - a < 40 && !(p->lines[a].flags & PT_F_FF))
          a--;
        if (!(p->lines[a].flags & PT_F_FF) && a > 0)
          a = first > 8 ? first - 8 : 0;
        while (b < p->nlines && b - last < 40 &&
               !(p->lines[b].flags & PT_F_FF))
          b++;
        if (b < p->nlines && !(p->lines[b].flags & PT_F_FF))
          b = last + 3 < p->nlines ? last + 3 : p->nlines;
        memset(toc + a, 1, b - a);
      }
      n = 0;
    }
    if (leader) {
      if (!n)
        first = i;
      last = i;
      n++;
    }
  }
}

/* The letters of a short line, lower-cased, as a key that ignores the
   numbers, spaces, punctuation and one-letter variables in which
   repeated labels differ ("تصویر 4", "Sobel in x", "Sobel in y"). */
static size_t S_key(const pt_line *l, char *out) {
  const char *s = pt_c(l);
  size_t len = pt_clen(l), o = 0, word = 0, run = 0;
  for (size_t i = 0; i <= len;) {
    uint32_t c = i < len ? pt_next(s, len, &i) : (i++, ' ');
    if (!pt_is_letter(c)) {
      if (run == 1)
        o = word; /* a letter alone */
      run = 0;
      word = o;
      continue;
    }
    if (c >= 'A' && c <= 'Z')
      c += 32;
    o += (size_t)recto_utf8_encode(c, out + o);
    run++;
  }
  return o;
}

/* Labels repeated through the document (captions of figures, axis
   titles, "پاسخ:" before every answer): a short line whose letters stand
   on another line of the body (not the title page nor the contents), or
   lead another line run-in before a colon, is no heading.  Counts per
   key in count[] for each short line, 0 for the others. */
enum { S_LEAD = 40 }; /* bytes before a colon that may be a lead-in */

static void S_repeats(const pt_ctx *p, const uint8_t *toc, uint32_t *count) {
  size_t pool = 0;
  for (size_t i = 0; i < p->nlines; i++)
    pool += (p->lines[i].width <= 80 ? pt_clen(&p->lines[i]) : 0) + S_LEAD;
  char *keys = recto_xcalloc(1, pool + 1), *o = keys;
  /* each line's key (the map's slots move as it grows) */
  const char **key = recto_xcalloc(1, (p->nlines + 1) * sizeof *key);
  uint32_t *klen = recto_xcalloc(1, (p->nlines + 1) * sizeof *klen);
  pt_map m = {0};
  /* a title page repeats the title a section may bear */
  size_t body = 0;
  while (body < p->nlines && !(p->lines[body].flags & PT_F_FF))
    body++;
  if (body == p->nlines)
    body = 0;
  for (size_t i = body; i < p->nlines; i++) {
    const pt_line *l = &p->lines[i];
    if (pt_blank(l) || toc[i] ||
        (l->kind != PT_TEXT && l->kind != PT_HEADING && l->kind != PT_TABLE))
      continue;
    const char *s = pt_c(l);
    size_t len = pt_clen(l), colon = 0;
    for (size_t k = 0; k < len && k < S_LEAD; k++)
      if (s[k] == ':') {
        colon = k;
        break;
      }
    if (colon && colon + 1 < len) {
      pt_line lead = *l;
      lead.e = lead.b + (uint32_t)colon;
      size_t n = S_key(&lead, o);
      if (n >= 2) {
        pt_map_put(&m, o, n)->count++;
        o += n;
      }
    }
    /* (a label is shorter than a wrapped line of text) */
    if (l->width > 80 || (p->wrapped && l->width * 4 > p->typical * 3))
      continue;
    size_t n = S_key(l, o);
    if (n < 2)
      continue;
    pt_map_put(&m, o, n)->count++;
    key[i] = o;
    klen[i] = (uint32_t)n;
    o += n;
  }
  for (size_t i = 0; i < p->nlines; i++)
    count[i] = key[i] ? pt_map_get(&m, key[i], klen[i])->count : 0;
  pt_map_free(&m);
  free(key);
  free(klen);
  free(keys);
}

/* A page of short lines only (a title page, a form, a page of figure
   labels), in a text with pages: its lines are not headings.  A title
   page may hold a long line or two (the title, the name of the course):
   only a wide line that ends a sentence or runs on from another wide
   line is a paragraph's. */
static void S_short_pages(const pt_ctx *p, uint8_t *shortpage) {
  size_t start = 0, lines = 0, full = 0;
  int paged = 0, wide_before = 0;
  for (size_t i = 0; i < p->nlines; i++)
    if (p->lines[i].flags & PT_F_FF)
      paged = 1;
  if (!paged)
    return;
  for (size_t i = 0; i <= p->nlines; i++) {
    if (i == p->nlines || (p->lines[i].flags & PT_F_FF)) {
      if (lines >= 3 && !full)
        memset(shortpage + start, 1, i - start);
      start = i;
      lines = full = 0;
      wide_before = 0;
    }
    if (i == p->nlines)
      break;
    const pt_line *l = &p->lines[i];
    if (pt_blank(l) || l->kind != PT_TEXT)
      continue;
    lines++;
    int wide = l->width * 100 >= p->typical * 60;
    full += wide && ((wide_before && l->blanks == 0) ||
                     pt_line_ends_sentence(l));
    wide_before = wide;
  }
}

/* A symbol that opens three lines or more, followed by a space ("‚ "
   where a font's bullet came out as another character): the document's
   bullet; its items are no headings.  0 when there is none. */
static uint32_t S_bullet_symbol(const pt_ctx *p) {
  uint32_t sym[8] = {0}, n[8] = {0};
  for (size_t i = 0; i < p->nlines; i++) {
    const pt_line *l = &p->lines[i];
    if (pt_blank(l) || l->kind != PT_TEXT)
      continue;
    size_t k = l->b;
    uint32_t c = pt_next(l->s, l->e, &k);
    if (k >= l->e || l->s[k] != ' ' || c < 0x80 || pt_is_letter(c) ||
        pt_digit(c) >= 0 || pt_is_closing(c))
      continue;
    for (int q = 0; q < 8; q++)
      if (!sym[q] || sym[q] == c) {
        sym[q] = c;
        if (++n[q] >= 3)
          return c;
        break;
      }
  }
  return 0;
}

/* Does the furniture line i stand, word for word, on another line the
   furniture step removed (a running head naming the chapter on each of
   its pages)? */
static int S_repeated_furniture(const pt_ctx *p, size_t i) {
  const char *s = pt_c(&p->lines[i]);
  size_t len = pt_clen(&p->lines[i]);
  for (size_t k = 0; k < p->nlines; k++) {
    const pt_line *o = &p->lines[k];
    if (k != i && o->kind == PT_FURNITURE && pt_clen(o) == len &&
        memcmp(pt_c(o), s, len) == 0)
      return 1;
  }
  return 0;
}

/* Line i opens with a quotation mark: an epigraph under a chapter's
   label. */
static int S_epigraph(const pt_ctx *p, size_t i) {
  const pt_line *l = &p->lines[i];
  size_t k = l->b;
  uint32_t c = pt_next(l->s, l->e, &k);
  return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E ||
         c == 0xAB || c == 0xBB;
}

/* The line after the epigraph that opens at line i: after the line that
   gives its source ("— Sa'di, ghazal 586"), a few lines on; or
   (size_t)-1. */
static size_t S_epigraph_end(const pt_ctx *p, size_t i) {
  for (size_t k = i, n = 0; n < 10 && k != (size_t)-1;
       k = S_near(p, k, 1), n++) {
    const pt_line *l = &p->lines[k];
    size_t q = l->b;
    if (k > i && pt_is_dash(pt_next(l->s, l->e, &q)))
      return S_near(p, k, 1);
  }
  return (size_t)-1;
}

/* A chapter's label and the title under it (on the same page) are
   headings even where its page holds no text or the label's number
   looks like a figure's: the label says what they are.  (A label the
   furniture step took for a running head, as it stands atop every
   chapter's page, stays in the page's header; its title is still one,
   unless the label repeats page after page: then the line under it is
   whatever the page's body starts with.)  An epigraph under the label
   comes before the title.  Not in a table of contents. */
static void S_chapters(const pt_ctx *p, const uint8_t *toc, shape *sh) {
  for (size_t i = 0; i < p->nlines; i++) {
    const pt_line *l = &p->lines[i];
    if (pt_blank(l) || toc[i] ||
        (l->kind != PT_TEXT && l->kind != PT_FURNITURE) ||
        !S_chapter_label(l) ||
        (l->kind == PT_FURNITURE && S_repeated_furniture(p, i)))
      continue;
    size_t j = S_near(p, i, 1);
    if (l->kind == PT_TEXT)
      sh[i].type = H_CHAP;
    if (j == (size_t)-1 || S_pb_between_lines(p, i, j))
      continue;
    if (S_epigraph(p, j)) {
      size_t e = S_epigraph_end(p, j);
      if (e == (size_t)-1)
        continue;
      for (size_t k = j; k < e; k++)
        sh[k].type = H_NONE;
      if (S_pb_between_lines(p, i, (j = e)))
        continue;
    }
    const pt_line *t = &p->lines[j];
    if (t->kind != PT_TEXT || toc[j] || t->width > 100 ||
        S_chapter_label(t) || pt_words(pt_c(t), pt_clen(t), 14) > 14 ||
        S_formula_like(pt_c(t), pt_clen(t)) ||
        (pt_line_has_final(t) && !S_ends_colon(t)))
      continue;
    sh[j].type = H_CHAP;
    i = j;
  }
}

void pt_headings(pt_ctx *p) {
  shape *sh = recto_xcalloc(1, (p->nlines + 1) * sizeof *sh);
  size_t md_count[7] = {0};
  size_t nplain_nocolon = 0;
  int rtl_doc = pt_rtl_text(p);
  for (size_t i = 0; i < p->nlines; i++) {
    pt_line *l = &p->lines[i];
    if (pt_blank(l) || l->kind != PT_TEXT)
      continue;
    S_shape(p, i, rtl_doc, &sh[i]);
    if (sh[i].type == H_MD)
      md_count[sh[i].level]++;
  }
  uint8_t *toc = recto_xcalloc(1, p->nlines + 1);
  uint8_t *shortpage = recto_xcalloc(1, p->nlines + 1);
  uint32_t *count = recto_xcalloc(1, (p->nlines + 1) * sizeof *count);
  uint8_t *label = recto_xcalloc(1, p->nlines + 1); /* a repeated label */
  S_toc(p, toc);
  S_chapters(p, toc, sh);
  S_repeats(p, toc, count);
  S_short_pages(p, shortpage);
  int toc_title = 0;
  uint32_t bullet = S_bullet_symbol(p);
  for (size_t i = 0; i < p->nlines; i++) {
    shape *h = &sh[i];
    if (h->type == H_NONE || h->type == H_MD || h->type == H_CUE ||
        h->type == H_CHAP)
      continue;
    if (bullet && h->type == H_PLAIN) {
      size_t k = p->lines[i].b;
      if (pt_next(p->lines[i].s, p->lines[i].e, &k) == bullet) {
        h->type = H_NONE;
        continue;
      }
    }
    /* the first line of a table of contents is its title */
    if (toc[i] && toc_title++)
      h->type = H_NONE;
    else if (h->type == H_PLAIN && (count[i] >= 2 || shortpage[i])) {
      h->type = H_NONE;
      label[i] = count[i] >= 2;
    }
  }
  free(toc);
  free(shortpage);
  free(count);
  size_t md_total = 0, base = 1, best = 0;
  for (int k = 1; k <= 6; k++) {
    md_total += md_count[k];
    if (md_count[k] > best) {
      best = md_count[k];
      base = (size_t)k;
    }
  }
  /* context: a heading closes nothing and opens something (a cue word
     too, unless it stands in a column of words) */
  uint8_t *column = S_word_columns(p);
  for (size_t i = 0; i < p->nlines; i++) {
    shape *h = &sh[i];
    if (h->type == H_CUE && column[i])
      h->type = H_NONE;
    if (h->type == H_NONE || h->type == H_MD || h->type == H_CUE ||
        h->type == H_CHAP)
      continue;
    pt_line *l = &p->lines[i];
    size_t pv = S_prev_flow(p, i), nx = S_next_flow(p, i);
    /* (a heading above ends that sentence, and so does a blank line
       where no layout measured it: a bold line may stand apart from the
       paragraph it goes on with) */
    if (pv != (size_t)-1 && (l->blanks <= p->spacing || pt_lay(p, i)) &&
        p->lines[pv].kind != PT_HEADING && sh[pv].type == H_NONE &&
        S_quote_open(&p->lines[pv]) &&
        !pt_line_ends_sentence(&p->lines[pv]) &&
        !S_pb_between_lines(p, pv, i)) {
      h->type = H_NONE;
      continue;
    }
    int prev_ok = pv == (size_t)-1 || p->lines[pv].kind == PT_HEADING ||
                  sh[pv].type != H_NONE || pt_line_ends_sentence(&p->lines[pv]) ||
                  l->blanks > p->spacing || (l->flags & PT_F_FF) ||
                  (p->wrapped && S_indent(l) >= 2) ||
                  S_bare_numbering(&p->lines[pv]) > 0 || label[pv];
    int next_ok = 0;
    /* the numbering of the next heading on a line of its own, or a
       label of a figure, stand between a heading and its text */
    while (nx != (size_t)-1 && sh[nx].type == H_NONE &&
           (S_bare_numbering(&p->lines[nx]) > 0 || label[nx]))
      nx = S_next_flow(p, nx);
    /* (nor does the end of the heading broken below it) */
    if (nx != (size_t)-1 && S_continues_heading(p, l, nx))
      nx = S_next_flow(p, nx);
    if (nx != (size_t)-1) {
      const pt_line *n = &p->lines[nx];
      size_t k = n->b;
      uint32_t f = pt_next(n->s, n->e, &k);
      next_ok = !pt_is_lower_latin(f) &&
                (sh[nx].type != H_NONE || n->width > l->width ||
                 n->kind == PT_TABLE);
      /* a line straight above a body line of about its length is the
         first line of that paragraph, not its heading (unless the print
         sets it apart: emphasised over a line that is not) */
      if (next_ok && h->type == H_PLAIN && n->blanks == 0 &&
          sh[nx].type == H_NONE && n->kind == PT_TEXT &&
          l->width * 10 > n->width * 6 &&
          !(pt_lay_emphasis(p, i) > 0 && pt_lay_emphasis(p, nx) <= 0))
        next_ok = 0;
    }
    /* "1. a" over "2. b" with nothing between: a list, not headings;
       nor is "2. b" a few lines under an item "1. a" that runs on */
    if (h->type == H_NUM &&
        ((nx != (size_t)-1 && sh[nx].type == H_NUM &&
          sh[nx].level == h->level) ||
         S_follows_item(p, sh, i))) {
      h->type = H_NONE;
      if (nx != (size_t)-1 && sh[nx].type == H_NUM)
        sh[nx].type = H_NONE;
      continue;
    }
    /* the first of a run of fields ("Facility: ..." over "Software:
       ..."): a heading over paragraphs with a lead-in is one */
    int field = h->type == H_PLAIN && S_field(l) && nx != (size_t)-1 &&
                S_field(&p->lines[nx]);
    if (!prev_ok || !next_ok || field ||
        (h->type == H_PLAIN && (S_in_figure(p, i) || S_author_line(p, i) ||
                                column[i] || S_inside_item(p, sh, i, nx)))) {
      h->type = H_NONE;
      continue;
    }
    if (h->type == H_PLAIN && md_total >= 2 && !h->colon) {
      h->type = H_NONE;
      continue;
    }
  }
  /* three unnumbered candidates in a row with no text between them: a
     block of labels (a title page, a form, a figure), not headings;
     above the first line of text they are the title block, which the
     title step reads */
  size_t body = 0;
  while (body < p->nlines &&
         (pt_blank(&p->lines[body]) || sh[body].type != H_NONE ||
          p->lines[body].kind != PT_TEXT))
    body++;
  for (size_t i = body; i < p->nlines; i++) {
    if (sh[i].type != H_PLAIN)
      continue;
    size_t n = 1;
    for (size_t j = S_next_flow(p, i);
         n < 3 && j != (size_t)-1 && sh[j].type == H_PLAIN;
         j = S_next_flow(p, j))
      n++;
    if (n < 3)
      continue;
    for (size_t j = i; j != (size_t)-1 && sh[j].type == H_PLAIN;
         j = S_next_flow(p, j))
      sh[j].type = H_NONE;
  }
  /* typesetting keeps a heading with the text it opens: a candidate
     under text, after which its page holds no line of text (only
     labels and numbers alone, then the page's end), labels a figure or
     is a note's term at the foot (a title alone on its page opens a
     chapter) */
  int paged = 0;
  for (size_t i = 0; i < p->nlines && !paged; i++)
    paged = (p->lines[i].flags & PT_F_FF) != 0;
  for (size_t i = 0; paged && i < p->nlines; i++) {
    size_t pv = S_prev_flow(p, i);
    if (sh[i].type != H_PLAIN || pv == (size_t)-1 ||
        S_pb_between_lines(p, pv, i) || sh[pv].type != H_NONE)
      continue;
    size_t j = S_next_flow(p, i);
    while (j != (size_t)-1 && !S_pb_between_lines(p, i, j) &&
           (sh[j].type == H_PLAIN || label[j] || S_label_like(p, j) ||
            S_bare_numbering(&p->lines[j]) > 0))
      j = S_next_flow(p, j);
    if (j == (size_t)-1 || S_pb_between_lines(p, i, j))
      sh[i].type = H_NONE;
  }
  /* a title that ends on a joining word goes on in the line right
     under it ("Effects of Rain on the" / "Depth of Wells"); without
     one it is a cell or a label that the next one continues */
  uint8_t *cont = recto_xcalloc(p->nlines + 1, 1);
  for (size_t i = 0; i < p->nlines; i++) {
    if (sh[i].type != H_PLAIN || !sh[i].open || cont[i])
      continue;
    size_t j = S_next_flow(p, i);
    if (j != (size_t)-1 && sh[j].type == H_PLAIN && !sh[j].open &&
        p->lines[j].blanks == 0 && !(p->lines[j].flags & PT_F_FF))
      cont[j] = 1;
    else
      sh[i].type = H_NONE;
  }
  for (size_t i = 0; i < p->nlines; i++)
    if (sh[i].type == H_PLAIN && !sh[i].colon && !cont[i])
      nplain_nocolon++;
  for (size_t i = 0; i < p->nlines; i++) {
    shape *h = &sh[i];
    if (h->type == H_NONE)
      continue;
    pt_line *l = &p->lines[i];
    int level;
    switch (h->type) {
    case H_MD:
      level = h->level;
      break;
    case H_NUM:
      level = (int)base + h->level - 1;
      l->flags |= PT_F_NUMHEAD;
      break;
    case H_PLAIN:
      level = (int)base + (h->colon && nplain_nocolon > 0 ? 1 : 0);
      break;
    default:
      level = (int)base;
    }
    if (level > 6)
      level = 6;
    if (cont[i]) {
      level = p->lines[S_prev_flow(p, i)].aux;
      l->flags |= PT_F_HCONT;
    }
    l->kind = PT_HEADING;
    l->aux = level;
    if (h->cue == PT_CUE_REFERENCES)
      l->flags |= PT_F_BIBHEAD;
  }
  free(column);
  free(sh);
  free(label);
  free(cont);
  S_join(p, (int)base);
  S_sequence(p);
}

/* ---- the title block ---- */

/* Does s hold one of words (both in the normal form of S_norm: case
   folded, Arabic and Persian forms of a letter one, as "پاياننامه" with
   Arabic yeh is "پایاننامه")?  A word that opens with a letter is a stem
   and matches at a word's start only ("thesis" is not in "Synthesis"). */
static int S_holds_any(const char *s, size_t len, const char *const *words) {
  char ns[512], nw[128];
  len = S_norm(s, len, ns, sizeof ns);
  for (int w = 0; words[w]; w++) {
    size_t wl = S_norm(words[w], strlen(words[w]), nw, sizeof nw), k = 0;
    int stem = pt_is_letter(pt_next(nw, wl, &k));
    for (size_t i = 0; i + wl <= len; i++) {
      size_t b = i;
      if (memcmp(ns + i, nw, wl) == 0 &&
          (!stem || i == 0 || !pt_is_letter(pt_prev(ns, 0, &b))))
        return 1;
    }
  }
  return 0;
}

/* Institutions: what an affiliation names and a title page opens with.
   (Stems without accents: an extraction may decompose them.) */
static const char *const S_institution_words[] = {
    "universit", "universida", "institut", "college", "department",
    "faculty", "dipartimento", "departamento", "département", "fakultät",
    "hochschule", "-gradua", "graduate program", "دانشگاه",
    "پژوهشگاه", "دانشکده", "جامعة", "كلية", "معهد", NULL};

static int S_affiliation_like(const char *s, size_t len) {
  static const char *const words[] = {
      "laborator", "school", "centre", "center", "academy", "ministry",
      "research", "مؤسسه", "موسسه", "مرکز", "گروه", "استادیار", "دانشیار",
      "کارشناس", "پژوهشگر", "عضو هیئت", "الهيئة", "مركز", "وزارة", "قسم",
      "@", NULL};
  return S_holds_any(s, len, S_institution_words) ||
         S_holds_any(s, len, words);
}

/* A line of a title page that is not its title: the institution, the
   kind of work ("Dissertação de Mestrado", "پروژه تحقیقی کارشناسی"), or
   a label alone over the title ("عنوان"). */
static int S_title_page_line(const pt_line *l) {
  static const char *const kinds[] = {
      "disserta", "thesis", "tese de", "thèse",
      "mémoire", "tesis", "masterarbeit", "doktorarbeit", "ph.d", "پایان نامه",
      "پایاننامه", "پایان\xE2\x80\x8Cنامه", "رساله", "رسالە", "کارشناسی", "دکتری",
      "أطروحة", "رسالة", "مذكرة", NULL};
  static const char *const labels[] = {"title", "título", "titre", "titel",
                                       "عنوان", "العنوان", "موضوع", NULL};
  const char *s = pt_c(l);
  size_t len = pt_clen(l);
  if (pt_words(s, len, 8) > 8)
    return 0;
  char buf[64];
  size_t n = len < 48 ? S_norm(s, len, buf, sizeof buf) : 0;
  for (int w = 0; n && labels[w]; w++)
    if (strcmp(buf, labels[w]) == 0)
      return 1;
  return S_holds_any(s, len, S_institution_words) ||
         S_holds_any(s, len, kinds);
}

/* A title page's line that names a role ("Orientador: ...", "By",
   "نگارش", "استاد راهنما"): the author's or the supervisor's, never a
   subtitle; nor is the name over it. */
static int S_role_line(const pt_line *l) {
  static const char *const roles[] = {
      "by", "author", "supervisor", "supervised by", "advisor", "adviser",
      "orientador", "orientadora", "co-orientador", "directeur", "betreuer",
      "submitted by", "presented by", "نگارش", "نگارنده", "دانشجو",
      "استاد راهنما", "استاد مشاور", "اساتید راهنما", "إعداد", "إشراف", NULL};
  const char *s = pt_c(l);
  size_t len = pt_clen(l);
  for (int w = 0; roles[w]; w++) {
    size_t n = strlen(roles[w]);
    if (len >= n && pt_eq_ci(s, n, roles[w]) &&
        (n == len || s[n] == ':' || s[n] == ' '))
      return 1;
  }
  return 0;
}

/* The header of a journal, a conference or a preprint. */
static int S_header_like(const pt_line *l) {
  static const char *const words[] = {
      "draft", "preprint", "typeset", "proceedings", "arxiv:", "accepted",
      "submitted to", "published in", "conference", "journal", "workshop",
      "symposium", "vol.", "doi", "copyright", "\xc2\xa9", "همایش",
      "کنفرانس", "مجله", "فصلنامه", "نشریه", "مؤتمر", "مجلة", NULL};
  return S_holds_any(pt_c(l), pt_clen(l), words);
}

static int S_name_like(const pt_line *l) {
  const char *s = pt_c(l);
  size_t len = pt_clen(l), w = pt_words(s, len, 16);
  /* one name, or a list of them: "A. B, C. D, and E. F" */
  if (w < 2 || w > (S_has_comma(s, len) ? 16u : 6u) || pt_line_has_final(l))
    return 0;
  size_t i = 0;
  int digits = 0;
  while (i < len)
    if (pt_digit(pt_next(s, len, &i)) >= 0)
      digits++;
  return digits <= 1;
}

/* Names with their marks: a raised digit or an asterisk right after a
   name's last letter ("Maryam Salehi¹*, Kaveh Naderi²") ties it to its
   affiliation or to the corresponding author.  The line has the shape of
   names: short runs of words, most capitalised, parted by commas ("،")
   or "and" ("و"), a mark only at a run's end; a subtitle with a unit in it
   ("Yields per m² in Three Dry Years") goes on after its mark. */
static int S_marked_names(const pt_line *l) {
  const char *s = pt_c(l);
  size_t len = pt_clen(l), i = 0;
  size_t words = 0, lower = 0, run = 0;
  int marked = 0, after_mark = 0;
  while (i < len) {
    if (s[i] == ' ') {
      i++;
      continue;
    }
    size_t e = i;
    while (e < len && s[e] != ' ')
      e++;
    size_t w = e;
    while (w > i && (s[w - 1] == ',' || s[w - 1] == ';'))
      w--;
    while (w >= i + 2 && (!memcmp(s + w - 2, "\xd8\x8c", 2) ||
                          !memcmp(s + w - 2, "\xd8\x9b", 2)))
      w -= 2; /* "،", "؛" */
    if (w == i || (w - i == 3 && !memcmp(s + i, "and", 3)) ||
        (w - i == 1 && s[i] == '&') ||
        (w - i == 2 && !memcmp(s + i, "\xd9\x88", 2))) {
      after_mark = 0, run = 0;
      i = e;
      continue;
    }
    if (after_mark || ++run > 5)
      return 0; /* words after a name's mark, or no name */
    words++;
    int letter = 0;
    for (size_t k = i; k < e;) {
      uint32_t c = pt_next(s, e, &k);
      if (pt_superscript(c) >= 0 || c == '*') {
        marked |= letter;
        after_mark = 1;
      } else if (c == ',' || c == ';' || c == 0x060C || c == 0x061B) {
        after_mark = 0, run = 0;
      } else if (after_mark) {
        return 0;
      }
      letter = pt_is_letter(c);
    }
    size_t k = i;
    lower += pt_is_lower_latin(pt_next(s, e, &k)) != 0;
    i = e;
  }
  return marked && lower * 2 < words;
}

static recto_meta *S_author(pt_ctx *p, const char *name, size_t nlen,
                            const char *aff, size_t alen) {
  recto_meta *m = recto_meta_new_map(p->doc);
  recto_meta_set(m, "name",
                 recto_meta_new_string(p->doc, pt_collapse(p->doc, name,
                                                           nlen)));
  if (aff)
    recto_meta_set(m, "affiliation",
                   recto_meta_new_string(p->doc,
                                         pt_collapse(p->doc, aff, alen)));
  return m;
}

/* Strip Markdown and bold marks around a title line. */
static void S_title_text(const pt_line *l, const char **s, size_t *len) {
  const char *t = pt_c(l);
  size_t n = pt_clen(l);
  while (n && *t == '#')
    t++, n--;
  while (n && (*t == ' ' || *t == '*'))
    t++, n--;
  while (n && (t[n - 1] == '*' || t[n - 1] == ' ' || t[n - 1] == '#'))
    n--;
  *s = t;
  *len = n;
}

/* "Keywords: a, b; c" (or واژگان کلیدی: ...، ...) into metadata. */
static void S_keywords(pt_ctx *p) {
  for (size_t i = 0; i < p->nlines; i++) {
    const pt_line *l = &p->lines[i];
    if (pt_blank(l) || l->kind != PT_TEXT)
      continue;
    const char *s = pt_c(l);
    size_t len = pt_clen(l), colon = 0;
    for (size_t k = 0; k < len && k < 64; k++)
      if (s[k] == ':') {
        colon = k;
        break;
      }
    if (!colon || pt_cue(s, colon) != PT_CUE_KEYWORDS)
      continue;
    recto_meta *list = recto_meta_new_list(p->doc);
    size_t a = colon + 1;
    for (size_t k = a; k <= len; k++) {
      int sep = k == len || s[k] == ',' || s[k] == ';';
      size_t n = 1;
      if (!sep && k + 1 < len && (unsigned char)s[k] == 0xD8 &&
          ((unsigned char)s[k + 1] == 0x8C || (unsigned char)s[k + 1] == 0x9B))
        sep = 1, n = 2;
      if (!sep)
        continue;
      size_t x = a, y = k;
      while (x < y && (s[x] == ' ' || s[x] == '.'))
        x++;
      while (y > x && (s[y - 1] == ' ' || s[y - 1] == '.'))
        y--;
      if (y > x)
        recto_meta_append(list, recto_meta_new_string(
                                    p->doc, pt_collapse(p->doc, s + x, y - x)));
      a = k + n;
      k = a - 1;
    }
    if (recto_meta_count(list))
      recto_meta_set(recto_doc_meta(p->doc), "keywords", list);
    return;
  }
}

/* One more line of the title, to the metadata. */
static void S_title_append(recto_buf *title, pt_line *l) {
  const char *t;
  size_t tl;
  S_title_text(l, &t, &tl);
  if (title->len)
    recto_buf_putc(title, ' ');
  recto_buf_put(title, t, tl);
  l->kind = PT_FRONT;
}

/* A title the extraction broke over two or three lines, above the first
   author (a name over an affiliation): the break falls inside a phrase,
   so a line ends with a lower-case word or the next begins with one
   ("... and the" / "Plastino-Plastino Equation").  Its lines in
   lines[], the author's line in *author; 0 when there is none. */
static size_t S_broken_title(const pt_ctx *p, size_t *lines, size_t *author) {
  size_t n = 0;
  for (size_t i = 0; i < p->nlines && n < 4; i++) {
    const pt_line *l = &p->lines[i];
    if (pt_blank(l) || l->kind == PT_FURNITURE)
      continue;
    if (l->kind != PT_TEXT && l->kind != PT_HEADING)
      return 0;
    size_t a = S_near(p, i, 1);
    if (n >= 2 && S_name_like(l) && !S_affiliation_like(pt_c(l), pt_clen(l)) &&
        S_affiliation_line(p, a)) {
      *author = i;
      break;
    }
    if ((n && l->blanks > 0) || S_ends_colon(l) || l->width > 120 ||
        (pt_line_has_final(l) && !pt_line_ends_sentence(l)))
      return 0;
    lines[n++] = i;
  }
  if (n < 2 || n > 3 || !*author)
    return 0;
  for (size_t k = 0; k + 1 < n; k++) {
    const pt_line *l = &p->lines[lines[k]], *nx = &p->lines[lines[k + 1]];
    size_t q = nx->b, w = l->e;
    uint32_t first = pt_next(nx->s, nx->e, &q);
    while (w > l->b && l->s[w - 1] != ' ')
      w--;
    int lower_end = 1, letters = 0;
    for (size_t i = w; i < l->e;) {
      uint32_t c = pt_next(l->s, l->e, &i);
      letters += pt_is_letter(c) != 0;
      if (!pt_is_lower_latin(c))
        lower_end = 0;
    }
    if (pt_line_ends_sentence(l) ||
        !(pt_is_lower_latin(first) || (lower_end && letters)))
      return 0;
  }
  return n;
}

void pt_title(pt_ctx *p) {
  S_keywords(p);
  size_t tlines[4], au = 0,
         nt = S_broken_title(p, tlines, &au);
  if (nt) {
    recto_buf title = RECTO_BUF_INIT;
    for (size_t k = 0; k < nt; k++)
      S_title_append(&title, &p->lines[tlines[k]]);
    recto_doc_meta_set_string(p->doc, "title",
                              pt_collapse(p->doc, title.data, title.len));
    recto_buf_free(&title);
    p->n.title = 1;
    recto_meta *authors = recto_meta_new_list(p->doc);
    recto_meta_set(recto_doc_meta(p->doc), "author", authors);
    for (size_t i = au; i != (size_t)-1;) {
      pt_line *l = &p->lines[i];
      size_t a = S_near(p, i, 1);
      if (!S_name_like(l) || !S_affiliation_line(p, a))
        break;
      pt_line *n = &p->lines[a];
      recto_meta_append(authors, S_author(p, pt_c(l), pt_clen(l), pt_c(n),
                                          pt_clen(n)));
      l->kind = n->kind = PT_FRONT;
      i = S_near(p, a, 1);
    }
    return;
  }
  size_t front[6], nf = 0;
  for (size_t i = 0; i < p->nlines && nf < 6; i++) {
    pt_line *l = &p->lines[i];
    if (pt_blank(l))
      continue;
    if (l->kind == PT_FURNITURE || l->kind == PT_NOTE)
      continue;
    if (l->kind != PT_TEXT && l->kind != PT_HEADING)
      break;
    const char *s = pt_c(l);
    size_t len = pt_clen(l);
    if (pt_cue(s, len) || (l->kind == PT_HEADING && pt_cue(s, len)))
      break;
    {
      const char *t;
      size_t tl;
      S_title_text(l, &t, &tl);
      if (pt_cue(t, tl))
        break;
    }
    /* a title block holds no sentences, lead-ins or list items */
    if ((l->kind == PT_TEXT &&
         (pt_words(s, len, 14) > 14 || pt_line_has_final(l) || l->width > 120 ||
          S_bullet_start(l))) ||
        S_ends_colon(l) || (l->flags & PT_F_NUMHEAD) || S_unbalanced(s, len))
      break;
    /* a text line that runs on into the next is a paragraph */
    if (l->kind == PT_TEXT) {
      size_t nx = i + 1;
      while (nx < p->nlines && pt_blank(&p->lines[nx]))
        nx++;
      if (nx < p->nlines) {
        const pt_line *n = &p->lines[nx];
        size_t k = n->b;
        uint32_t f = pt_next(n->s, n->e, &k);
        if (pt_is_lower_latin(f) ||
            (n->blanks == 0 && n->kind == PT_TEXT &&
             (pt_words(pt_c(n), pt_clen(n), 14) > 14 || pt_line_has_final(n) ||
              pt_line_ends_sentence(n))))
          break;
      }
    }
    front[nf++] = i;
  }
  /* a journal's or a preprint's header above the title ("Draft version
     July 14, 2017", "Proceedings of ...") is neither title nor heading */
  size_t nh = 0;
  while (nh + 1 < nf && (S_header_like(&p->lines[front[nh]]) ||
                         S_title_page_line(&p->lines[front[nh]])))
    p->lines[front[nh++]].kind = PT_TEXT;
  memmove(front, front + nh, (nf - nh) * sizeof *front);
  nf -= nh;
  if (!nf)
    return;
  recto_meta *authors = NULL;
  pt_line *t0 = &p->lines[front[0]];
  /* "Title | Author / Affiliation" on one line */
  const char *s = pt_c(t0);
  size_t len = pt_clen(t0);
  for (size_t i = 0; i + 3 <= len; i++) {
    if (memcmp(s + i, " | ", 3) != 0)
      continue;
    recto_doc_meta_set_string(p->doc, "title", pt_collapse(p->doc, s, i));
    const char *a = s + i + 3;
    size_t alen = len - i - 3, cut = alen;
    for (size_t k = 0; k + 3 <= alen; k++)
      if (memcmp(a + k, " / ", 3) == 0) {
        cut = k;
        break;
      }
    authors = recto_meta_new_list(p->doc);
    recto_meta_append(authors,
                      S_author(p, a, cut, cut < alen ? a + cut + 3 : NULL,
                               cut < alen ? alen - cut - 3 : 0));
    recto_meta_set(recto_doc_meta(p->doc), "author", authors);
    t0->kind = PT_FRONT;
    p->n.title = 1;
    return;
  }
  /* a one-word label before the real title stays a heading */
  size_t ti = 0;
  if (nf >= 2) {
    const char *w;
    size_t wl;
    S_title_text(t0, &w, &wl);
    if (pt_words(w, wl, 1) == 1 && p->lines[front[1]].width > t0->width)
      ti = 1;
    /* so does an affiliation above it on a title page */
    else if (S_affiliation_like(pt_c(t0), pt_clen(t0)) &&
             !S_affiliation_like(pt_c(&p->lines[front[1]]),
                                 pt_clen(&p->lines[front[1]])))
      ti = 1;
  }
  pt_line *tl = &p->lines[front[ti]];
  /* a title needs something after it that is not a title */
  if (nf == ti + 1 && tl->kind == PT_TEXT)
    return;
  const char *ts;
  size_t tlen;
  S_title_text(tl, &ts, &tlen);
  tl->kind = PT_FRONT;
  p->n.title = 1;
  size_t k = ti + 1;
  /* with layout, the lines that follow in the title's own font carry on
     the title (wrapped over lines), rather than being its subtitle */
  recto_buf title = RECTO_BUF_INIT;
  recto_buf_put(&title, ts, tlen);
  for (const pt_layout *ty = pt_lay(p, front[ti]); ty && k < nf; k++) {
    const pt_layout *y = pt_lay(p, front[k]);
    pt_line *l = &p->lines[front[k]];
    if (l->blanks > 0 || !S_same_font(ty, y))
      break;
    S_title_append(&title, l);
  }
  recto_doc_meta_set_string(p->doc, "title",
                            pt_collapse(p->doc, title.data, title.len));
  recto_buf_free(&title);
  size_t first_after = k;
  int subtitle_done = 0;
  while (k < nf) {
    pt_line *l = &p->lines[front[k]];
    pt_line *n = k + 1 < nf ? &p->lines[front[k + 1]] : NULL;
    if (S_name_like(l) && n && S_affiliation_like(pt_c(n), pt_clen(n)) &&
        !S_affiliation_like(pt_c(l), pt_clen(l))) {
      if (!authors) {
        authors = recto_meta_new_list(p->doc);
        recto_meta_set(recto_doc_meta(p->doc), "author", authors);
      }
      recto_meta_append(authors, S_author(p, pt_c(l), pt_clen(l), pt_c(n),
                                          pt_clen(n)));
      l->kind = n->kind = PT_FRONT;
      k += 2;
      subtitle_done = 1;
      continue;
    }
    if (!subtitle_done && k == first_after && n && !S_role_line(l) &&
        !S_role_line(n) && !S_marked_names(l)) {
      const char *ss;
      size_t sl;
      S_title_text(l, &ss, &sl);
      recto_doc_meta_set_string(p->doc, "subtitle",
                                pt_collapse(p->doc, ss, sl));
      l->kind = PT_FRONT;
      subtitle_done = 1;
      k++;
      continue;
    }
    break;
  }
}
