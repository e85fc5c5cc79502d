/* lists.c: pandoc's ordered list markers that CommonMark does not have
 * (pandoc's Markdown manual, "Extension: fancy_lists").
 *
 * Besides "1." and "1)", pandoc numbers items with letters ("a.", "B)"),
 * roman numerals ("iv.", "(IX)"), "#." (the default style) and any of
 * them in two parentheses ("(a)", "(1)").  The list carries the style and
 * delimiter of its first item; an item of another style or delimiter
 * starts a new list ("#" continues any list).  An upper-case letter (or
 * a roman I, V, X, L, C, D, M) followed by a period needs two spaces or a
 * tab after it, so that "B. Russell" stays text, and "p. 3" is never a
 * marker; so does a "#." that goes on such a list (with one space, it
 * starts a list of its own).
 *
 * The prescan records each such marker where pandoc would start or
 * continue a list (after a blank line, in a list, at the start of a
 * container's content; a paragraph is not interrupted) and cmark reads it
 * as a decimal marker of the same width ("iv." -> "01.", "(a)" -> "01)"),
 * so that columns do not move; read.c gives the list its style,
 * delimiter and start from the record, and splits lists where pandoc
 * would.
 */
#include <stdlib.h>
#include <string.h>

#include "md.h"

typedef struct S_marker {
  uint32_t line;   /* 0-based */
  uint32_t offset; /* bytes from the line's start */
  uint8_t width;   /* through the delimiter */
  uint8_t style;   /* recto_list_style */
  uint8_t delim;   /* recto_list_delim */
  uint8_t narrow;  /* one space after it (md_list_kind) */
  int number;
} S_marker;

struct md_lists {
  S_marker *markers;
  size_t count, cap;
  int open; /* a list goes on: its next item may follow any line */
};

/* pandoc's roman numeral parser: the numerals from the largest, those of
   one letter that is a power of ten repeated ("iii"), the others once;
   0 if none.  Its length in *len. */
static int S_roman(const char *s, size_t n, int upper, size_t *len) {
  size_t i = 0;
  int total = 0;
  for (const md_roman *r = md_roman_numerals; r->value; r++) {
    size_t rl = strlen(r->s);
    int many = rl == 1 && (r->value == 1000 || r->value == 100 ||
                           r->value == 10 || r->value == 1);
    do {
      size_t k = 0;
      while (k < rl && i + k < n &&
             s[i + k] == (upper ? r->s[k] - 'a' + 'A' : r->s[k]))
        k++;
      if (k < rl)
        break;
      total += r->value;
      i += rl;
    } while (many && i < 10); /* no marker is longer: no overflow */
  }
  *len = i;
  return total;
}

/* The ordered list marker at s (any of pandoc's), followed by the white
   space it needs: its width through the delimiter, 0 if none.  Style,
   delimiter and number in *m. */
static size_t S_marker_at(const char *s, size_t n, S_marker *m) {
  size_t i = 0;
  m->narrow = 0;
  int parens = n > 0 && s[0] == '(';
  i += (size_t)parens;
  size_t b = i, len = 0;
  const char *p = s + b;
  size_t rest = n - b;
  /* pandoc tries decimal, "#", a lone i or I, a letter, then roman */
  while (len < rest && len < 9 && p[len] >= '0' && p[len] <= '9')
    len++;
  if (len) {
    m->style = RECTO_LIST_STYLE_DECIMAL;
    m->number = atoi(p);
  } else if (rest && p[0] == '#') {
    len = 1, m->style = RECTO_LIST_STYLE_DEFAULT, m->number = 1;
  } else if (rest && (p[0] == 'i' || p[0] == 'I') &&
             (rest < 2 || !md_isalnum((unsigned char)p[1]))) {
    len = 1, m->number = 1;
    m->style = p[0] == 'i' ? RECTO_LIST_STYLE_LOWER_ROMAN
                           : RECTO_LIST_STYLE_UPPER_ROMAN;
  } else if (rest && ((p[0] >= 'a' && p[0] <= 'z') ||
                      (p[0] >= 'A' && p[0] <= 'Z')) &&
             (rest < 2 || !md_isalnum((unsigned char)p[1]))) {
    int upper = p[0] <= 'Z';
    len = 1, m->number = p[0] - (upper ? 'A' : 'a') + 1;
    m->style = upper ? RECTO_LIST_STYLE_UPPER_ALPHA
                     : RECTO_LIST_STYLE_LOWER_ALPHA;
  } else if (rest) {
    int upper = p[0] >= 'A' && p[0] <= 'Z';
    m->number = S_roman(p, rest, upper, &len);
    m->style = upper ? RECTO_LIST_STYLE_UPPER_ROMAN
                     : RECTO_LIST_STYLE_LOWER_ROMAN;
  }
  if (!len || len > 9)
    return 0;
  i = b + len;
  if (i >= n)
    return 0;
  if (parens ? s[i] != ')' : s[i] != '.' && s[i] != ')')
    return 0;
  m->delim = parens ? RECTO_LIST_DELIM_TWO_PARENS
             : s[i] == '.' ? RECTO_LIST_DELIM_PERIOD
                           : RECTO_LIST_DELIM_PAREN;
  if (m->style == RECTO_LIST_STYLE_DEFAULT && m->delim == RECTO_LIST_DELIM_PERIOD)
    m->delim = RECTO_LIST_DELIM_DEFAULT;
  i++;
  if (i == n)
    return i; /* an empty item */
  if (s[i] != ' ' && s[i] != '\t')
    return 0;
  m->narrow =
      s[i] == ' ' && !(i + 1 < n && (s[i + 1] == ' ' || s[i + 1] == '\t'));
  /* "p. 3" is a page; "B. Russell" and "I. Kant" are names */
  if (len == 1 && p[0] == 'p' && m->delim == RECTO_LIST_DELIM_PERIOD &&
      i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')
    return 0;
  int v = m->number;
  if (m->delim == RECTO_LIST_DELIM_PERIOD &&
      (m->style == RECTO_LIST_STYLE_UPPER_ALPHA ||
       (m->style == RECTO_LIST_STYLE_UPPER_ROMAN &&
        (v == 1 || v == 5 || v == 10 || v == 50 || v == 100 || v == 500 ||
         v == 1000))) &&
      s[i] != '\t' && !(i + 1 < n && (s[i + 1] == ' ' || s[i + 1] == '\t')))
    return 0;
  return i;
}

size_t md_ordered_marker(const char *s, size_t n) {
  S_marker m;
  return S_marker_at(s, n, &m);
}

/* Past the white space after a container's mark that ends at s[i - 1]:
   where the content starts (the end of the line when only white space is
   left); 0 when the content is indented code, five columns or more after
   a list marker or after ">" (whose first space belongs to the mark). */
static size_t S_after_mark(const char *s, size_t len, size_t i) {
  size_t col = 0;
  for (size_t j = 0; j < i; j++)
    col = s[j] == '\t' ? (col / 4 + 1) * 4 : col + 1;
  size_t from = col;
  while (i < len && (s[i] == ' ' || s[i] == '\t'))
    col = s[i++] == '\t' ? (col / 4 + 1) * 4 : col + 1;
  return i < len && col - from >= 5 ? 0 : i;
}

/* Whether one of marks, then white space or the end of the line, is at s. */
static int S_mark_at(const char *s, size_t n, const char *marks) {
  return n >= 1 && s[0] && strchr(marks, s[0]) &&
         (n == 1 || s[1] == ' ' || s[1] == '\t');
}

int md_bullet_at(const char *s, size_t n) {
  return S_mark_at(s, n, "-*+");
}

size_t md_containers_end(const char *s, size_t len, size_t i) {
  size_t w;
  for (;;) {
    if (i < len && s[i] == '>')
      i++;
    else if (i + 1 < len && md_bullet_at(s + i, len - i))
      i++;
    else if ((w = md_ordered_marker(s + i, len - i)) != 0)
      i += w;
    else
      return i;
    size_t e = S_after_mark(s, len, i);
    if (!e)
      return i; /* indented code */
    i = e;
  }
}

/* Whether line k holds no text past its containers' marks (no paragraph
   goes on from it). */
static int S_bare(const md_reader *rd, size_t k) {
  size_t len;
  const char *s = md_line_text(rd, k, &len);
  return md_containers_end(s, len, 0) == len;
}

/* Whether a bullet "- " (or "+", "*") or a definition's ": " (or "~ ") is
   at s. */
static int S_bullet(const char *s, size_t n, int def) {
  return S_mark_at(s, n, def ? "-*+:~" : "-*+");
}

/* Whether the line holds only block quote marks (or is blank): a quote's
   content starting after it starts a block. */
static int S_quote_start(const md_reader *rd, size_t k) {
  if (k == 0)
    return 1;
  size_t len;
  const char *s = md_line_text(rd, k - 1, &len);
  size_t i = 0;
  while (i < len && (s[i] == ' ' || s[i] == '\t'))
    i++;
  if (i == len || s[i] != '>')
    return 1;
  while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '>'))
    i++;
  return i == len;
}

static void S_add(md_reader *rd, size_t k, size_t offset, size_t width,
                  const S_marker *m) {
  md_lists *ls = rd->lists;
  if (!ls)
    ls = rd->lists = recto_xcalloc(1, sizeof *ls);
  if (ls->count == ls->cap) {
    ls->cap = ls->cap ? ls->cap * 2 : 16;
    ls->markers = recto_xrealloc(ls->markers, ls->cap * sizeof *ls->markers);
  }
  S_marker *r = &ls->markers[ls->count++];
  *r = *m;
  r->line = (uint32_t)k;
  r->offset = (uint32_t)offset;
  r->width = (uint8_t)width;
  rd->line_flags[k] |= MD_LINE_FANCY;
}

void md_list_markers(md_reader *rd, size_t k, size_t skip, int after_blank) {
  size_t len;
  const char *s = md_line_text(rd, k, &len);
  int def = (rd->line_flags[k] & MD_LINE_DEF) != 0;
  int open = rd->lists && rd->lists->open;
  /* the first block of the line may start a list (a paragraph is not
     interrupted); after a container's marker on the line, it may */
  int may = after_blank || open;
  int found = 0;
  size_t i = skip;
  for (;;) {
    S_marker m;
    size_t width;
    if (i < len && s[i] == '>') {
      may = may || S_quote_start(rd, k);
      i++;
    } else if (S_bullet(s + i, len - i, def && i == skip)) {
      i++, may = 1, found = 1;
    } else if ((width = S_marker_at(s + i, len - i, &m)) != 0) {
      /* an empty item does not interrupt a paragraph (CommonMark) */
      size_t e = i + width;
      while (e < len && (s[e] == ' ' || s[e] == '\t'))
        e++;
      if (!may || (e == len && !found && !after_blank && k > 0 &&
                   !S_bare(rd, k - 1)))
        break;
      /* cmark takes no marker wider than nine digits and the delimiter:
         the line stays as written */
      if (width > 10)
        break;
      found = 1;
      /* cmark reads "1." and "1)" itself */
      if (!(m.style == RECTO_LIST_STYLE_DECIMAL &&
            m.delim != RECTO_LIST_DELIM_TWO_PARENS))
        S_add(rd, k, i, width, &m);
      i += width;
      may = 1;
    } else {
      break;
    }
    size_t e = S_after_mark(s, len, i);
    if (!e)
      break; /* indented code */
    i = e;
  }
  if (!rd->lists && !found)
    return;
  if (!rd->lists)
    rd->lists = recto_xcalloc(1, sizeof *rd->lists);
  /* a paragraph after a blank line ends the lists (later paragraphs of an
     item are indented) */
  size_t indent = 0;
  for (size_t j = 0; j < skip; j++)
    indent = s[j] == '\t' ? (indent / 4 + 1) * 4 : indent + 1;
  if (found && may)
    rd->lists->open = 1;
  else if (after_blank && indent < 4 && i == skip)
    rd->lists->open = 0;
}

/* The first marker at or after line, offset (markers are in that
   order). */
static size_t S_find(const md_lists *ls, size_t line, size_t offset) {
  size_t lo = 0, hi = ls ? ls->count : 0;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const S_marker *m = &ls->markers[mid];
    if (m->line < line || (m->line == line && m->offset < offset))
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

void md_list_line(const md_reader *rd, size_t k, char *line) {
  const md_lists *ls = rd->lists;
  for (size_t lo = S_find(ls, k, 0); lo < ls->count && ls->markers[lo].line == k; lo++) {
    const S_marker *m = &ls->markers[lo];
    char *p = line + m->offset;
    /* "0..01" and the delimiter, in the marker's width */
    memset(p, '0', m->width - 2u);
    p[m->width - 2] = '1';
    p[m->width - 1] = m->delim == RECTO_LIST_DELIM_PERIOD ||
                              m->delim == RECTO_LIST_DELIM_DEFAULT
                          ? '.'
                          : ')';
  }
}

int md_list_marker(const md_reader *rd, uint32_t line, uint32_t offset,
                   md_list_kind *out) {
  const md_lists *ls = rd->lists;
  size_t lo = S_find(ls, line, offset);
  if (!ls || lo == ls->count || ls->markers[lo].line != line ||
      ls->markers[lo].offset != offset)
    return 0;
  out->style = (recto_list_style)ls->markers[lo].style;
  out->delim = (recto_list_delim)ls->markers[lo].delim;
  out->number = ls->markers[lo].number;
  out->narrow = ls->markers[lo].narrow;
  return 1;
}

void md_lists_free(md_reader *rd) {
  if (!rd->lists)
    return;
  free(rd->lists->markers);
  free(rd->lists);
  rd->lists = NULL;
}
