/* limits.c: inputs on which cmark-gfm itself is super-linear are refused
 * before it sees them, with one error naming the line:
 *   - a table delimiter row of more columns than MD_MAX_TABLE_COLUMNS
 *     (cmark-gfm's table extension is quadratic in the columns: 20,000
 *     take minutes);
 *   - more than MD_MAX_EMPHASIS_OPENERS runs of '*' or '_' that may open
 *     emphasis in one paragraph (every one stays on cmark's delimiter
 *     stack: 50 MB of "*a _b " take 7 GB).
 * Both bounds lie far above what a document written by people holds.
 * The appendix of table cells (tables.c) is checked too, its lines
 * named by the table they came from.
 */
#include <string.h>

#include "md.h"

#define MD_MAX_TABLE_COLUMNS 1000
#define MD_MAX_EMPHASIS_OPENERS 1000000

/* The columns of a GFM delimiter row ("| --- | :-: |"), or 0. */
static size_t S_delimiter_columns(const char *s, size_t len) {
  size_t cols = 0, dashes = 0, pipes = 0;
  for (size_t i = 0; i < len; i++) {
    switch (s[i]) {
    case '-':
      dashes++;
      break;
    case '|':
      pipes++;
      cols += dashes > 0;
      dashes = 0;
      break;
    case ':': case ' ': case '\t':
      break;
    default:
      return 0;
    }
  }
  cols += dashes > 0;
  return pipes ? cols : 0;
}

static recto_status S_refuse(md_reader *rd, size_t line, const char *what,
                             size_t count, size_t limit) {
  recto_pos pos = md_pos(rd, (uint32_t)line, 1);
  recto_diag_emit(rd->ctx, RECTO_DIAG_ERROR, "markdown.limit", &pos,
                  "%zu %s; at most %zu are read", count, what, limit);
  return RECTO_ERR_INPUT;
}

recto_status md_check_limits(md_reader *rd) {
  const char *s = rd->buf;
  size_t openers = 0;
  char fence = 0;
  /* the lines of the text cmark reads: one per input line, then the
     appendix of table cells (tables.c) */
  uint32_t k = 0;
  for (size_t start = 0; start < rd->buf_len; k++) {
    size_t end = start;
    while (end < rd->buf_len && s[end] != '\n' && s[end] != '\r')
      end++;
    size_t i = start;
    while (i < end && (s[i] == ' ' || s[i] == '\t'))
      i++;
    size_t len = end - i;
    start = end + 1 < rd->buf_len && s[end] == '\r' && s[end + 1] == '\n'
                ? end + 2
                : end + 1;
    if (!len) {
      openers = 0; /* a blank line ends the paragraph */
      continue;
    }
    if (len >= 3 && (s[i] == '`' || s[i] == '~') && s[i + 1] == s[i] &&
        s[i + 2] == s[i]) {
      fence = fence ? (fence == s[i] ? 0 : fence) : s[i];
      continue;
    }
    if (fence)
      continue; /* code: no emphasis, no table */
    uint32_t line = md_tables_src_line(rd, k + 1);
    size_t cols = S_delimiter_columns(s + i, len);
    if (cols > MD_MAX_TABLE_COLUMNS)
      return S_refuse(rd, line, "table columns", cols,
                      MD_MAX_TABLE_COLUMNS);
    for (size_t j = i; j < i + len; j++) {
      if ((s[j] != '*' && s[j] != '_') || (j > i && s[j - 1] == s[j]))
        continue;
      size_t n = j + 1;
      while (n < i + len && s[n] == s[j])
        n++;
      if (n < i + len && s[n] != ' ' && s[n] != '\t' &&
          ++openers > MD_MAX_EMPHASIS_OPENERS)
        return S_refuse(rd, line, "emphasis openers in one paragraph",
                        openers, MD_MAX_EMPHASIS_OPENERS);
    }
  }
  return RECTO_OK;
}
