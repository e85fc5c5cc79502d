/* math.c: TeX math "$...$" and "$$...$$" as pandoc delimits it, and its
 * text kept from cmark-gfm.
 *
 * pandoc reads math before anything else at its '$' (only code spans, raw
 * HTML and escapes come first), and nothing inside is Markdown: not
 * "$a*b$ and $c*d$" (emphasis for cmark), not "[link $(0,1]$](url)"
 * (the ']' would close the link text), not "$f'(x)$" (smart quotes).  The
 * prescan finds each span by pandoc's rule and replaces every character
 * cmark would read in it by a two-byte replacement that reads back as the
 * character itself (MD_LIT_CHARS, see md.h); inlines.c then finds the same
 * spans in the text.
 */
#include <string.h>

#include "md.h"

static int S_digit(char c) { return c >= '0' && c <= '9'; }

static int S_blank_from(const char *s, size_t len, size_t i) {
  while (i < len && (s[i] == ' ' || s[i] == '\t'))
    i++;
  return i >= len || s[i] == '\n';
}

/* The longest "\text{...}" read in math: past it, none is (each '$'
   before it would look that far again). */
#define S_TEXT_MAX 1000

/* Past "{...}" with its braces balanced from s[i] == '{' (a backslash
   escapes the next character), not over a blank line; 0 if unbalanced. */
static size_t S_braces(const char *s, size_t len, size_t i) {
  size_t depth = 0;
  if (len - i > S_TEXT_MAX)
    len = i + S_TEXT_MAX;
  for (; i < len; i++) {
    if (s[i] == '\\')
      i++;
    else if (s[i] == '{')
      depth++;
    else if (s[i] == '}' && --depth == 0)
      return i + 1;
    else if (s[i] == '\n' && S_blank_from(s, len, i + 1))
      return 0;
  }
  return 0;
}

size_t md_math_end(const char *s, size_t len, size_t i, int *display) {
  if (i + 1 >= len || s[i] != '$')
    return 0;
  if (s[i + 1] == '$') {
    /* display: anything but a blank line up to the next "$$" */
    *display = 1;
    for (size_t j = i + 2; j + 1 < len; j++) {
      if (s[j] == '$' && s[j + 1] == '$')
        return j > i + 2 ? j + 2 : 0;
      if (s[j] == '\n' && S_blank_from(s, len, j + 1))
        return 0;
    }
    return 0;
  }
  /* inline: no white space after the opening '$' or before the closing
     one, which no digit follows; "\text{...}" may hold '$' */
  *display = 0;
  if (md_isspace((unsigned char)s[i + 1]))
    return 0;
  for (size_t j = i + 1; j < len; j++) {
    if (s[j] == '$')
      return j > i + 1 && !(j + 1 < len && S_digit(s[j + 1]))
                 ? j + 1
                 : 0;
    if (s[j] == '\\') {
      /* an unbalanced "\text{" escapes its 't' only, as any backslash */
      size_t e = j + 5 < len && !memcmp(s + j + 1, "text{", 5)
                     ? S_braces(s, len, j + 5)
                     : 0;
      j = e ? e - 1 : j + 1;
    } else if (md_isspace((unsigned char)s[j])) {
      if (s[j] == '\n' && S_blank_from(s, len, j + 1))
        return 0;
      while (j + 1 < len && md_isspace((unsigned char)s[j + 1]))
        j++;
      if (j + 1 < len && s[j + 1] == '$')
        return 0;
    }
  }
  return 0;
}

/* The longest run of backticks that opens a code span for cmark-gfm (its
   MAXBACKTICKS): a longer one is text, and each length up to it
   remembers where none closes. */
#define S_TICKS 80

/* Past a code span or an HTML tag or autolink at s[i], or i: pandoc reads
   them before the '$' of math in them.  no_close[n]: the end of the
   paragraph where a run of n backticks was last found to close nothing
   (none before it does either), as cmark keeps it; no_close[0]: the end
   of the line where a '<' was last found to close nothing. */
static size_t S_skip(const char *s, size_t len, size_t i, size_t *no_close) {
  if (s[i] == '`') {
    size_t n = 0;
    while (i + n < len && s[i + n] == '`')
      n++;
    if (n > S_TICKS || i < no_close[n])
      return i + n;
    size_t j = i + n;
    for (; j < len; j++) {
      if (s[j] == '\n' && S_blank_from(s, len, j + 1))
        break;
      if (s[j] != '`')
        continue;
      size_t m = 0;
      while (j + m < len && s[j + m] == '`')
        m++;
      if (m == n)
        return j + m;
      j += m - 1;
    }
    no_close[n] = j;
    return i + n;
  }
  if (s[i] == '<' && i + 1 < len &&
      ((md_isalnum((unsigned char)s[i + 1]) && !S_digit(s[i + 1])) ||
       s[i + 1] == '/' || s[i + 1] == '!' || s[i + 1] == '?')) {
    if (i < no_close[0])
      return i; /* no '>' before the line's end */
    size_t j = i + 1;
    while (j < len && s[j] != '>' && s[j] != '\n')
      j++;
    if (j < len && s[j] == '>')
      return j + 1;
    no_close[0] = j;
  }
  return i;
}

/* Whether the line at s goes on a paragraph: no container's mark, heading
   or fence at its start (pandoc's math ends with its block). */
static int S_goes_on(const char *s, size_t len) {
  const char *nl = memchr(s, '\n', len);
  size_t n = nl ? (size_t)(nl - s) : len, i = 0;
  while (i < n && (s[i] == ' ' || s[i] == '\t'))
    i++;
  return i < n && md_containers_end(s, n, i) == i && s[i] != '#' &&
         s[i] != '<' && strncmp(s + i, "```", 3) && strncmp(s + i, "~~~", 3);
}

/* The input line (0-based) of line k of the text cmark reads: the pipe
   tables' rows have moved and joined in it (pipes.c); nlines or more for
   none of the input's. */
static size_t S_input_line(const md_reader *rd, size_t k) {
  return md_pipes_line(rd, (uint32_t)k + 1) - 1;
}

/* Whether line k of the text cmark reads is code or metadata. */
static int S_not_text(const md_reader *rd, size_t k) {
  size_t in = S_input_line(rd, k);
  return in < rd->nlines &&
         (rd->line_flags[in] & (MD_LINE_CODE | MD_LINE_META));
}

void md_math_protect(md_reader *rd, recto_buf *text) {
  const char *s = text->data;
  size_t len = text->len;
  if (!s || !memchr(s, '$', len))
    return;
  recto_buf out = RECTO_BUF_INIT;
  size_t k = 0, run = 0; /* the line of i; what is copied */
  size_t line_at = 0;    /* where line k starts in out (once copied) */
  size_t cap = 0;
  size_t skipped = 0; /* past the last code span or tag */
  size_t no_close[S_TICKS + 1] = {0};
  for (size_t i = 0; i < len;) {
    if (s[i] == '\n') {
      k++;
      i++;
      line_at = out.len + (i - run);
      continue;
    }
    if (i < skipped) { /* in a code span or tag: its lines count above */
      i++;
      continue;
    }
    if (S_not_text(rd, k)) {
      const char *nl = memchr(s + i, '\n', len - i);
      i = nl ? (size_t)(nl - s) : len;
      continue;
    }
    skipped = S_skip(s, len, i, no_close);
    if (skipped != i)
      continue;
    int display;
    size_t end = s[i] == '$' ? md_math_end(s, len, i, &display) : 0;
    /* over lines only where the paragraph goes on */
    size_t kk = k;
    for (size_t j = i; end && j < end; j++)
      if (s[j] == '\n' &&
          (S_not_text(rd, ++kk) || !S_goes_on(s + j + 1, len - j - 1)))
        end = 0;
    if (!end) {
      i++;
      continue;
    }
    recto_buf_put(&out, s + run, i - run);
    for (size_t j = i; j < end; j++) {
      const char *lit = strchr(MD_LIT_CHARS, s[j]);
      int e = lit && s[j] ? MD_NESC + (int)(lit - MD_LIT_CHARS) : -1;
      if (e < 0 || !rd->esc_cp[e]) {
        recto_buf_putc(&out, s[j]);
        if (s[j] == '\n') {
          k++;
          line_at = out.len;
        }
        continue;
      }
      if (rd->math_nwide == cap) {
        cap = cap ? cap * 2 : 16;
        rd->math_wide =
            recto_xrealloc(rd->math_wide, cap * sizeof *rd->math_wide);
      }
      size_t in = S_input_line(rd, k);
      rd->math_wide[rd->math_nwide][0] = (uint32_t)in;
      rd->math_wide[rd->math_nwide++][1] = (uint32_t)(out.len - line_at + 1);
      if (in < rd->nlines)
        rd->line_flags[in] |= MD_LINE_MATH;
      recto_buf_put(&out, rd->esc_utf8[e], 2);
    }
    run = i = end;
  }
  if (!out.len) {
    recto_buf_free(&out);
    return;
  }
  recto_buf_put(&out, s + run, len - run);
  recto_buf_free(text);
  *text = out;
}

size_t *md_math_widening(const md_reader *rd, const char *s, size_t len) {
  if (!rd->math_nwide)
    return NULL;
  size_t *wide = NULL, n = 0;
  for (size_t i = 0; i < len; i++) {
    if (!wide && md_esc_at(rd, s + i, len - i) >= MD_NESC) {
      wide = recto_xmalloc((len + 1) * sizeof *wide);
      memset(wide, 0, i * sizeof *wide);
    }
    if (!wide)
      continue;
    wide[i] = n;
    if (md_esc_at(rd, s + i, len - i) >= MD_NESC) {
      wide[++i] = n; /* the replacement's second byte */
      n++;
    }
  }
  if (wide)
    wide[len] = n;
  return wide;
}

uint32_t md_math_column(const md_reader *rd, uint32_t line, uint32_t column) {
  if (line < 1 || line > rd->nlines ||
      !(rd->line_flags[line - 1] & MD_LINE_MATH))
    return column;
  /* the first entry of the line, then those before the column */
  size_t lo = 0, hi = rd->math_nwide;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (rd->math_wide[mid][0] < line - 1)
      lo = mid + 1;
    else
      hi = mid;
  }
  uint32_t n = 0;
  for (; lo < rd->math_nwide && rd->math_wide[lo][0] == line - 1 &&
         rd->math_wide[lo][1] < column;
       lo++)
    n++;
  return column - n;
}
