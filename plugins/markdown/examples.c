/* examples.c: pandoc's example lists (pandoc's Markdown manual, "Extension:
 * example_lists").
 *
 * An item marked "(@)", "@." or "@)", or with a label ("(@good)"), is
 * numbered in one sequence through the whole document, and "@good" in
 * the text (outside code) becomes its number.  The prescan does both on
 * the text cmark reads: each marker becomes the item's number ("(@good)
 * A" -> "1) A"), which makes cmark's list start at the right number and
 * puts the item's content where pandoc's later paragraphs of an example
 * are (indented four spaces, whatever the marker's width); each reference
 * to a label becomes the number.  A list of "(@)" items gets pandoc's
 * delimiter, two parentheses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md.h"

typedef struct S_marker {
  uint32_t line;   /* 0-based */
  uint32_t number;
} S_marker;

struct md_examples {
  S_marker *markers;
  size_t nmarkers, cap, cursor;
  int open;         /* the last marker's list goes on */
  md_strmap labels; /* label -> number, as text */
};

static int S_label_char(char c) {
  return md_isalnum((unsigned char)c) || c == '_' || c == '-';
}

/* An example marker at s: its width (through the delimiter), the label's
   start and length, whether it is "(@...)"; 0 if none. */
static size_t S_marker_at(const char *s, size_t n, size_t *lab,
                          size_t *lab_len, int *parens) {
  size_t i = 0;
  *parens = n > 0 && s[0] == '(';
  if (*parens)
    i++;
  if (i >= n || s[i] != '@')
    return 0;
  i++;
  *lab = i;
  while (i < n && S_label_char(s[i]))
    i++;
  *lab_len = i - *lab;
  if (i >= n || (*parens ? s[i] != ')' : s[i] != '.' && s[i] != ')'))
    return 0;
  i++;
  if (i < n && s[i] != ' ' && s[i] != '\t')
    return 0;
  return i;
}

void md_example_marker(md_reader *rd, size_t k, const char *c, size_t clen,
                       size_t indent, int after_blank) {
  md_examples *ex = rd->examples;
  size_t pre = md_containers_end(c, clen, 0);
  size_t lab, lab_len;
  int parens;
  if (!S_marker_at(c + pre, clen - pre, &lab, &lab_len, &parens)) {
    /* a paragraph after a blank line ends a list (an example's later
       paragraphs are indented) */
    if (ex && after_blank && indent < 4 && !pre)
      ex->open = 0;
    return;
  }
  /* a list starts after a blank line; its later items may follow */
  if (!after_blank && !(ex && ex->open))
    return;
  if (!ex) {
    ex = rd->examples = recto_xcalloc(1, sizeof *ex);
  }
  if (ex->nmarkers == ex->cap) {
    ex->cap = ex->cap ? ex->cap * 2 : 16;
    ex->markers = recto_xrealloc(ex->markers, ex->cap * sizeof *ex->markers);
  }
  uint32_t number = (uint32_t)ex->nmarkers + 1;
  ex->markers[ex->nmarkers].line = (uint32_t)k;
  ex->markers[ex->nmarkers++].number = number;
  ex->open = 1;
  rd->line_flags[k] |= MD_LINE_EXAMPLE | MD_LINE_EXAMPLE_ITEM;
  if (parens)
    rd->line_flags[k] |= MD_LINE_EXAMPLE_PARENS;
  if (lab_len) {
    char num[16];
    snprintf(num, sizeof num, "%u", number);
    md_strmap_put(&ex->labels, recto_strndup(rd->doc, c + pre + lab, lab_len),
                  recto_strdup(rd->doc, num));
  }
}

/* The number of "@label" at s (just after the '@'), its length in len;
   NULL if no example has that label.  What follows the '@' is read as
   pandoc reads a citation key (letters, digits and '_', with punctuation
   inside: "@good." is "good", "@a--@b" is "a"), so that a key that
   names no example stays a citation. */
static const char *S_ref(const md_examples *ex, const char *s, size_t n,
                         size_t *len) {
  char key[128];
  size_t i = 0;
  while (i < n && i < sizeof key) {
    if (md_isalnum((unsigned char)s[i]) || s[i] == '_')
      i++;
    else if (i && i + 1 < n && s[i] && strchr(":.#$%&-+?<>~/", s[i]) &&
             (md_isalnum((unsigned char)s[i + 1]) || s[i + 1] == '_'))
      i++;
    else
      break;
  }
  if (!i || i >= sizeof key)
    return NULL;
  memcpy(key, s, i);
  key[i] = 0;
  *len = i;
  return md_strmap_get(&ex->labels, key);
}

/* Whether the bracket at s[0] holds a link's text rather than a
   citation: its closing bracket (on the line) is followed by "(" or "[". */
static int S_link_text(const char *s, size_t n) {
  size_t depth = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\\')
      i++;
    else if (s[i] == '[')
      depth++;
    else if (s[i] == ']' && --depth == 0)
      return i + 1 < n && (s[i + 1] == '(' || s[i + 1] == '[');
  }
  return 0;
}

/* The references to labels in s[i..len): written with their numbers to
   out (the text between them too), or, without out, only counted up to
   the first.  Not in code spans, nor in brackets that are not a link's
   text (where "[@good]" is a citation), nor in an address or a URL. */
static size_t S_refs(const md_examples *ex, const char *s, size_t len,
                     size_t i, recto_buf *out) {
  size_t found = 0, run = i, depth = 0, cites = 0;
  uint64_t cite_bits = 0; /* per open bracket (64 deep): a citation's */
  int in_code = 0;
  for (; i < len; i++) {
    char c = s[i];
    if (c == '\\') {
      i++;
      continue;
    }
    if (c == '`') {
      in_code = !in_code;
      while (i + 1 < len && s[i + 1] == '`')
        i++;
      continue;
    }
    if (in_code)
      continue;
    if (c == '[' && depth < 64) {
      int cite = !S_link_text(s + i, len - i);
      cite_bits = (cite_bits & ~((uint64_t)1 << depth)) |
                  ((uint64_t)cite << depth);
      depth++;
      cites += (size_t)cite;
    } else if (c == ']' && depth) {
      depth--;
      cites -= (size_t)((cite_bits >> depth) & 1);
    }
    size_t rl;
    const char *num;
    if (c != '@' || cites ||
        (i && (md_isalnum((unsigned char)s[i - 1]) ||
               strchr("/.:=&?#%+@<", s[i - 1]))) ||
        !(num = S_ref(ex, s + i + 1, len - i - 1, &rl)))
      continue;
    if (!out)
      return 1;
    found++;
    recto_buf_put(out, s + run, i - run);
    recto_buf_puts(out, num);
    i += rl;
    run = i + 1;
  }
  if (out)
    recto_buf_put(out, s + run, len - run);
  return found;
}

void md_example_refs(md_reader *rd, size_t body) {
  md_examples *ex = rd->examples;
  if (!ex || !ex->labels.count)
    return;
  for (size_t k = body; k < rd->nlines; k++) {
    if (rd->line_flags[k] & (MD_LINE_CODE | MD_LINE_TABLE | MD_LINE_META))
      continue;
    size_t len;
    const char *s = md_line_text(rd, k, &len);
    if (memchr(s, '@', len) && S_refs(ex, s, len, 0, NULL))
      rd->line_flags[k] |= MD_LINE_EXAMPLE;
  }
}

size_t md_example_offset(const md_reader *rd, size_t k) {
  size_t len;
  const char *s = md_line_text(rd, k, &len);
  size_t i = 0;
  while (i < len && (s[i] == ' ' || s[i] == '\t'))
    i++;
  return md_containers_end(s, len, i);
}

void md_example_line(md_reader *rd, size_t k, recto_buf *out) {
  md_examples *ex = rd->examples;
  size_t len;
  const char *s = md_line_text(rd, k, &len);
  size_t start = rd->lines[k];
  size_t end = k + 1 < rd->nlines ? rd->lines[k + 1] : rd->src_len;
  size_t i = md_example_offset(rd, k);
  recto_buf_put(out, s, i);
  while (ex->cursor < ex->nmarkers && ex->markers[ex->cursor].line < k)
    ex->cursor++;
  size_t lab, lab_len, w;
  int parens;
  if (ex->cursor < ex->nmarkers && ex->markers[ex->cursor].line == k &&
      (w = S_marker_at(s + i, len - i, &lab, &lab_len, &parens)) != 0) {
    /* the number, its delimiter and one space: the item's content in
       column 4 (up to example 99), where its later paragraphs are */
    char num[24];
    int nl = snprintf(num, sizeof num, "%u%c ", ex->markers[ex->cursor].number,
                      s[i + w - 1]);
    recto_buf_put(out, num, (size_t)nl);
    i += w;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
      i++;
  }
  S_refs(ex, s, len, i, out);
  recto_buf_put(out, rd->src + start + len, end - start - len);
}

uint32_t md_example_number(const md_reader *rd, size_t k) {
  const md_examples *ex = rd->examples;
  size_t lo = 0, hi = ex ? ex->nmarkers : 0;
  while (lo < hi) { /* markers are in line order */
    size_t mid = lo + (hi - lo) / 2;
    if (ex->markers[mid].line < k)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < (ex ? ex->nmarkers : 0) && ex->markers[lo].line == k
             ? ex->markers[lo].number
             : 0;
}

void md_examples_free(md_reader *rd) {
  md_examples *ex = rd->examples;
  if (!ex)
    return;
  free(ex->markers);
  md_strmap_free(&ex->labels);
  free(ex);
  rd->examples = NULL;
}
