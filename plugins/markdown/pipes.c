/* pipes.c: pipe tables' rows as pandoc reads them, where cmark-gfm's
 * rules differ.
 *
 * A "|" inside a code span does not end a cell.  cmark-gfm splits a pipe
 * table's row at every unescaped "|", inside code spans too (GFM's rule),
 * and drops the cells beyond the header's count without a word:
 * "| `a|b` | c |" under two columns loses "c".  pandoc keeps the code span
 * whole, and so do the documents written for it (shell pipes, Rust
 * closures, alternatives in a grammar).  Before cmark reads the text, each
 * "|" inside a code span of a pipe table's rows becomes a control
 * character the input does not use (one byte for one, so that columns do
 * not move); after the tree is built it becomes "|" again wherever it went.
 *
 * A row may be indented at will (pandoc's manual: the pipes need not line
 * up); to cmark a row four columns deeper than its header is indented code
 * that ends the table, so such a row moves left to the header's column.
 *
 * A row whose line ends with a backslash ("| a \\") goes on with the next
 * line, as pandoc reads it (the backslash stays text); cmark would make
 * two rows.  The two lines become one (the line end and the next line's
 * block quote marks become spaces), and a line end goes after the table.
 * A line without a pipe (other than escaped or in code) ends the table,
 * where GFM makes it a row: a line with its block quote marks only goes
 * in before it.  The lines that move are recorded (rd->moved), so that
 * what cmark reads maps back to the input's lines.
 * A header row with fewer cells than the delimiter row gets empty ones,
 * as pandoc gives it (cmark would read no table).
 */
#include <stdlib.h>
#include <string.h>

#include "md.h"

/* Control characters no Markdown construct gives a meaning to (none of
   those refdefs.c takes its mark from). */
static const char S_marks[] = "\x1A\x1C\x1D\x1E\x1F";

/* The line at s (up to e) without its container prefix: block quote
   markers and the white space around them. */
static const char *S_content(const char *s, const char *e) {
  while (s < e && (*s == ' ' || *s == '\t' || *s == '>'))
    s++;
  return s;
}

/* The bytes of a line's block quote markers and the white space between
   them, up to the last '>' (0 when there is none). */
static size_t S_quotes_end(const char *s, const char *e) {
  size_t q = 0;
  for (const char *p = s; p < e && (*p == ' ' || *p == '\t' || *p == '>');
       p++)
    if (*p == '>')
      q = (size_t)(p - s) + 1;
  return q;
}

/* The start of the line that p is on, in buf. */
static const char *S_line_start(const char *buf, const char *p) {
  while (p > buf && p[-1] != '\n')
    p--;
  return p;
}

/* The spaces that indent a line after its block quote markers. */
static size_t S_indent(const char *s, const char *e) {
  const char *c = s + S_quotes_end(s, e), *p = c;
  while (p < e && *p == ' ')
    p++;
  return (size_t)(p - c);
}

/* A row indented four columns or more past its header (indent spaces)
   moves left to the header's column; spaces after it keep the line's
   length. */
static void S_unindent(char *s, char *e, size_t indent) {
  if (e > s && e[-1] == '\r')
    e--;
  char *c = s + S_quotes_end(s, e);
  size_t ws = S_indent(s, e);
  if (ws < indent + 4 || c + ws == e)
    return;
  size_t move = ws - indent;
  memmove(c + indent, c + ws, (size_t)(e - c - ws));
  memset(e - move, ' ', move);
}

/* Whether the line [s, e) ends with a backslash that escapes its line
   end (the last of an odd run). */
static int S_escaped_end(const char *s, const char *e) {
  const char *p = e;
  while (p > s && p[-1] == '\\')
    p--;
  return (e - p) % 2;
}

/* What goes into the text: n copies of unit (len bytes) before the
   byte at (in the order of the text). */
typedef struct S_insert {
  size_t at, n;
  const char *unit;
  size_t len;
} S_insert;

typedef struct S_inserts {
  S_insert *v;
  size_t count, cap;
} S_inserts;

static void S_insert_at(S_inserts *ins, size_t at, size_t n,
                        const char *unit, size_t len) {
  if (ins->count == ins->cap) {
    ins->cap = ins->cap ? ins->cap * 2 : 16;
    ins->v = recto_xrealloc(ins->v, ins->cap * sizeof *ins->v);
  }
  ins->v[ins->count++] = (S_insert){at, n, unit, len};
}

/* From line (1-based) of the text cmark reads on, the prescan's line is
   that line plus shift. */
static void S_moved(md_reader *rd, uint32_t line, int32_t shift) {
  if (rd->nmoved % 16 == 0)
    rd->moved = recto_xrealloc(rd->moved,
                               (rd->nmoved + 16) * sizeof *rd->moved);
  rd->moved[rd->nmoved++] = (md_moved){line, shift};
}

uint32_t md_pipes_line(const md_reader *rd, uint32_t line) {
  size_t lo = 0, hi = rd->nmoved; /* the last entry at or before line */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (rd->moved[mid].line <= line)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo ? (uint32_t)((int64_t)line + rd->moved[lo - 1].shift) : line;
}

/* The cells a header row [s, e) lacks beside cells (pandoc gives them no
   text): " |" each, and one more to close the last cell when no pipe
   does; at its end. */
static void S_pad_header(S_inserts *ins, const char *buf, const char *s,
                         const char *e, size_t have, size_t cells) {
  while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
    e--;
  const char *c = S_content(s, e);
  if (e - c == 1) /* "|" alone: no cell at all */
    have = 0;
  else if (e[-1] != '|' || e[-2] == '\\')
    cells++;
  S_insert_at(ins, (size_t)(e - buf), cells - have, " |", 2);
}

static int S_blank(const char *s, const char *e) {
  for (; s < e; s++)
    if (*s != ' ' && *s != '\t' && *s != '\r')
      return 0;
  return 1;
}

/* The number of cells of a delimiter row ("|:--|--:|"), or 0 if the line
   is none. */
static size_t S_delimiter_cells(const char *s, const char *e) {
  s = S_content(s, e);
  while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
    e--;
  if (s < e && *s == '|')
    s++;
  int pipes = 0;
  if (e > s && e[-1] == '|')
    e--, pipes = 1;
  size_t cells = 0;
  while (s <= e) {
    while (s < e && (*s == ' ' || *s == '\t'))
      s++;
    if (s < e && *s == ':')
      s++;
    const char *dashes = s;
    while (s < e && *s == '-')
      s++;
    if (s == dashes)
      return 0;
    if (s < e && *s == ':')
      s++;
    while (s < e && (*s == ' ' || *s == '\t'))
      s++;
    cells++;
    if (s == e)
      break;
    if (*s != '|')
      return 0;
    s++, pipes = 1;
  }
  return pipes || cells > 1 ? cells : 0;
}

/* The code spans of a row: each "|" inside one (not escaped) becomes mark
   when mark is not 0.  Returns the number of cells the row has when those
   do not split it; the pipes that do in *seps. */
static size_t S_row(const char *s, const char *e, char mark, size_t *marked,
                    size_t *seps) {
  s = S_content(s, e);
  while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
    e--;
  size_t pipes = 0;
  for (const char *p = s; p < e;) {
    if (*p == '\\' && p + 1 < e) {
      p += 2;
      continue;
    }
    if (*p == '|') {
      pipes++;
      p++;
      continue;
    }
    if (*p != '`') {
      p++;
      continue;
    }
    const char *run = p;
    while (p < e && *p == '`')
      p++;
    size_t n = (size_t)(p - run);
    /* the closing run of exactly n backticks, on this line */
    const char *q = p, *close = NULL;
    while (q < e && !close) {
      if (*q != '`') {
        q++;
        continue;
      }
      const char *r = q;
      while (q < e && *q == '`')
        q++;
      if ((size_t)(q - r) == n)
        close = r;
    }
    if (!close)
      continue; /* literal backticks */
    for (char *c = (char *)p; c < close; c++)
      if (*c == '|' && c[-1] != '\\' && mark) {
        *c = mark;
        ++*marked;
      }
    p = close + n;
  }
  *seps = pipes;
  size_t cells = pipes + 1;
  if (s < e && *s == '|')
    cells--;
  if (e - s > 1 && e[-1] == '|' && e[-2] != '\\')
    cells--;
  return cells;
}

void md_pipes_mark(md_reader *rd, recto_buf *out) {
  char *buf = out->data;
  size_t len = out->len;
  rd->pipe_mark = 0;
  if (!memchr(buf, '|', len))
    return;
  /* none when the input uses them all: GFM's rule stands */
  char mark = memchr(buf, '`', len)
                  ? md_unused_mark(rd->src, rd->src_len, S_marks)
                  : 0;
  char *prev = NULL, *prev_end = NULL; /* the line before */
  char fence = 0;
  size_t fence_len = 0;
  size_t marked = 0;
  S_inserts ins = {NULL, 0, 0}; /* what the rows lack */
  uint32_t line = 1;  /* the line at s */
  int32_t shift = 0;  /* the prescan's line less cmark's, at s */
  for (char *s = buf, *end = buf + len; s < end; line++) {
    char *e = memchr(s, '\n', (size_t)(end - s));
    char *next = e ? e + 1 : end;
    e = e ? e : end;
    const char *c = S_content(s, e);
    /* fenced code: no table inside */
    size_t run = 0;
    while (c + run < e && (c[run] == '`' || c[run] == '~') && c[run] == *c)
      run++;
    if (run >= 3 && (!fence || (*c == fence && run >= fence_len))) {
      if (fence) {
        fence = 0;
      } else {
        fence = *c;
        fence_len = run;
      }
      prev = NULL;
      s = next;
      continue;
    }
    size_t cells, seps;
    if (!fence && prev && memchr(prev, '|', (size_t)(prev_end - prev)) &&
        (cells = S_delimiter_cells(s, e)) > 0) {
      size_t none = 0, have = S_row(prev, prev_end, 0, &none, &seps);
      if (have <= cells) {
        /* the header (pandoc gives it the delimiter row's cells), then
           the rows down to a blank line or a line without a pipe */
        if (have < cells)
          S_pad_header(&ins, buf, prev, prev_end, have, cells);
        S_row(prev, prev_end, mark, &marked, &seps);
        size_t indent = (size_t)(prev - S_line_start(buf, prev)) -
                        S_quotes_end(S_line_start(buf, prev), prev);
        size_t njoins = 0;
        int joined = 0; /* this line goes on the row above */
        int ended = 0;  /* by a line without a pipe */
        for (s = next, line++; s < end; line++) {
          e = memchr(s, '\n', (size_t)(end - s));
          next = e ? e + 1 : end;
          e = e ? e : end;
          if (S_blank(S_content(s, e), e))
            break;
          if (!joined && (S_row(s, e, 0, &none, &seps), !seps)) {
            ended = 1;
            break;
          }
          if (!joined)
            S_unindent(s, e, indent);
          S_row(s, e, mark, &marked, &seps);
          char *le = e > s && e[-1] == '\r' ? e - 1 : e; /* CRLF */
          char *ne = next < end ? memchr(next, '\n', (size_t)(end - next))
                                : NULL;
          ne = ne ? ne : end;
          joined = next < end && S_escaped_end(s, le) &&
                   !S_blank(S_content(next, ne), ne);
          if (joined) {
            memset(le, ' ', (size_t)(next - le));
            memset(next, ' ', S_quotes_end(next, ne));
            njoins++;
            /* the lines after the next one move up one */
            S_moved(rd, line + 2 - (uint32_t)(shift + 1), shift + 1);
            shift++;
          }
          s = next;
        }
        /* the line ends taken out, after the table, and a line that ends
           it (in the block quotes of the line it ends at) */
        if (njoins)
          S_insert_at(&ins, (size_t)(s - buf), njoins, "\n", 1);
        if (ended) {
          rd->table_ends++;
          S_insert_at(&ins, (size_t)(s - buf), 1, s, S_quotes_end(s, e));
          S_insert_at(&ins, (size_t)(s - buf), 1, "\n", 1);
        }
        if (njoins || ended) {
          shift -= (int32_t)njoins + ended;
          S_moved(rd, line - (uint32_t)shift, shift);
        }
        prev = NULL;
        line--; /* s stays at the line that ended the table */
        continue;
      }
    }
    /* a header may follow a list item's marker ("- | a |") */
    prev = s;
    while (prev < e && (*prev == ' ' || *prev == '\t'))
      prev++;
    prev += md_containers_end(prev, (size_t)(e - prev), 0);
    prev_end = e;
    s = next;
  }
  if (ins.count) {
    recto_buf moved = RECTO_BUF_INIT;
    recto_buf_grow(&moved, len + len / 8 + 16);
    size_t from = 0;
    for (size_t k = 0; k < ins.count; k++) {
      recto_buf_put(&moved, buf + from, ins.v[k].at - from);
      for (size_t j = 0; j < ins.v[k].n; j++)
        recto_buf_put(&moved, ins.v[k].unit, ins.v[k].len);
      from = ins.v[k].at;
    }
    recto_buf_put(&moved, buf + from, len - from);
    recto_buf_free(out);
    *out = moved;
  }
  free(ins.v);
  if (marked)
    rd->pipe_mark = mark;
}

/* s with every mark turned back into "|", in the document's arena, or
   NULL when it holds none. */
static char *S_unmarked(const md_reader *rd, const char *s, size_t len) {
  if (!s || !memchr(s, rd->pipe_mark, len))
    return NULL;
  char *fixed = recto_strndup(rd->doc, s, len);
  for (char *p = fixed; (p = memchr(p, rd->pipe_mark,
                                    len - (size_t)(p - fixed))) != NULL;)
    *p++ = '|';
  return fixed;
}

void md_pipes_restore(const md_reader *rd, recto_node *root) {
  if (!rd->pipe_mark)
    return;
  recto_iter *it = recto_iter_new(root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    if (ev != RECTO_EVENT_ENTER)
      continue;
    /* a code span's mark goes where cmark put its bytes: mostly code,
       but a link's destination or title may hold backticks too */
    recto_node *n = recto_iter_node(it);
    const char *t = recto_node_text(n), *u = recto_node_url(n),
               *ti = recto_node_title(n);
    char *fixed;
    if ((fixed = S_unmarked(rd, t, t ? recto_node_text_len(n) : 0)))
      recto_node_set_text(n, fixed, recto_node_text_len(n));
    if ((fixed = S_unmarked(rd, u, u ? strlen(u) : 0)))
      recto_node_set_url(n, fixed);
    if ((fixed = S_unmarked(rd, ti, ti ? strlen(ti) : 0)))
      recto_node_set_title(n, fixed);
  }
  recto_iter_free(it);
}
