/* tables.c: pandoc's simple, multiline and grid tables, and the captions
 * of every table (pandoc's Markdown manual, "Tables").
 *
 * cmark-gfm knows only pipe tables.  The prescan finds the others by their
 * lines (inside block quotes too, and indented in list items), splits them
 * into cells by the columns of their dashed lines, and hands every cell's
 * text back to cmark in an appendix after the document's last line:
 *
 *   - each line of a table (caption included) becomes the placeholder
 *     "<!--rt:N-->", a one-line HTML block cmark keeps inside whatever
 *     container holds the table; the first one becomes the TABLE node;
 *   - the appendix holds, for each cell that has text, "<!--rc:K-->" and
 *     then the cell's lines, so that notes, references and citations in
 *     cells are read as in the rest of the document; "<!--rc:end-->" ends
 *     it.  A cell of inlines (simple and multiline tables, captions) has
 *     the mark md_reader.cell_utf8 before each line: punctuation no input
 *     uses, so that no line of it starts a block, taken out again after;
 *   - once everything is read and finished, md_tables_fill moves what cmark
 *     made between two markers into its cell and maps its positions back
 *     to the table's lines.
 *
 * A caption alone ("Table: ..." or ": ..." before or after a pipe table,
 * which cmark-gfm reads) goes the same way and joins the table beside it.
 * Every search is bounded by the next blank line or by tables precomputed
 * per line, so the scan is linear in the input; tables of more than
 * MD_TABLE_MAX_COLUMNS columns are not read as tables.
 */
#include <stdlib.h>
#include <string.h>

#include "md.h"

#define MD_TABLE_MAX_COLUMNS 1000

enum { T_SIMPLE, T_MULTILINE, T_GRID, T_CAPTION_BEFORE, T_CAPTION_AFTER };
enum { T_INLINE, T_BLOCKS }; /* what a cell holds */

/* A piece of one input line that belongs to a cell. */
typedef struct T_strip {
  size_t off, len;  /* in src */
  uint32_t line;    /* 1-based */
} T_strip;

typedef struct T_cell {
  size_t strip0;    /* first strip in md_tables.strips */
  uint32_t nstrips;
  uint32_t row;     /* 0-based; head rows first */
  uint32_t col;
  uint8_t kind;     /* T_INLINE or T_BLOCKS */
  uint8_t caption;  /* the table's caption */
  recto_node *node; /* CELL or CAPTION, once read */
  recto_node *marker; /* the appendix marker, once read */
} T_cell;

typedef struct T_table {
  uint32_t first, end; /* 0-based lines [first, end) */
  uint32_t base;       /* columns of indentation its placeholders keep */
  int kind;
  uint32_t ncols, head_rows, nrows;
  size_t col0;         /* in md_tables.aligns / widths */
  size_t cell0, ncells;
  recto_node *node;    /* TABLE, or the caption's marker */
} T_table;

/* An appendix line: where its text came from. */
typedef struct T_app {
  uint32_t line;   /* input line */
  int32_t delta;   /* input column = appendix column + delta */
  int mark;        /* the line starts with the cell mark */
} T_app;

struct md_tables {
  T_table *tables;
  size_t ntables, cap_tables;
  T_cell *cells;
  size_t ncells, cap_cells;
  T_strip *strips;
  size_t nstrips, cap_strips;
  recto_align *aligns;
  double *widths;
  size_t ncolspecs, cap_cols;
  T_app *app;            /* appendix lines, from app_line */
  size_t napp, cap_app;
  uint32_t app_line;     /* 1-based line of the appendix's first line */
  size_t cursor;         /* md_tables_line: the table being written */
  char fence;            /* a code fence left open at the end */
  size_t fence_len;
  recto_node *end_marker;
};

static void *S_grow(void *p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap)
    return p;
  size_t c = *cap ? *cap : 16;
  while (c < need)
    c *= 2;
  void *q = recto_xrealloc(p, c * size);
  *cap = c;
  return q;
}

/* ---- lines as the table sees them: quote markers taken off ---- */

typedef struct T_view {
  const char *s;  /* the content after the quote markers */
  size_t len;
  size_t pre;     /* bytes before s on the line */
  unsigned depth; /* '>' markers */
  size_t indent;  /* columns of white space at the start of s */
  size_t skip;    /* bytes of it */
  int blank;
} T_view;

static T_view S_view(const md_reader *rd, size_t k) {
  T_view v;
  size_t len;
  const char *l = md_line_text(rd, k, &len);
  if (rd->line_flags[k] & MD_LINE_META)
    len = 0; /* a metadata block is no table */
  size_t i = 0;
  v.depth = 0;
  for (;;) {
    size_t j = i, sp = 0;
    while (j < len && l[j] == ' ' && sp < 3)
      j++, sp++;
    if (j >= len || l[j] != '>')
      break;
    j++;
    if (j < len && (l[j] == ' ' || l[j] == '\t'))
      j++;
    i = j;
    v.depth++;
  }
  v.s = l + i;
  v.len = len - i;
  v.pre = i;
  v.indent = v.skip = 0;
  while (v.skip < v.len && (v.s[v.skip] == ' ' || v.s[v.skip] == '\t')) {
    v.indent = v.s[v.skip] == '\t' ? (v.indent / 4 + 1) * 4 : v.indent + 1;
    v.skip++;
  }
  v.blank = v.skip == v.len;
  return v;
}

/* ---- dashed lines ---- */

typedef struct T_col {
  uint32_t start;  /* display column where its dashes start */
  uint32_t dashes; /* the dashes (and colons of a grid line) */
  uint32_t width;  /* dashes and the white space after them */
  recto_align align; /* grid lines: from the colons */
} T_col;

/* A line of groups of '-' separated by white space, at most 3 columns in
   from base: the columns (at most max), or 0. */
static size_t S_dashed(const T_view *v, size_t base, T_col *cols,
                       size_t max) {
  if (v->blank || v->indent > base + 3 || v->s[v->skip] != '-')
    return 0;
  size_t n = 0, col = v->indent;
  for (size_t i = v->skip; i < v->len;) {
    if (v->s[i] != '-')
      return 0;
    if (n == max)
      return 0;
    T_col c = {(uint32_t)col, 0, 0, RECTO_ALIGN_DEFAULT};
    while (i < v->len && v->s[i] == '-')
      i++, c.dashes++, col++;
    c.width = c.dashes;
    while (i < v->len && (v->s[i] == ' ' || v->s[i] == '\t')) {
      size_t next = v->s[i] == '\t' ? (col / 4 + 1) * 4 : col + 1;
      c.width += (uint32_t)(next - col);
      col = next;
      i++;
    }
    cols[n++] = c;
  }
  return n;
}

/* One run of dashes (a setext underline or a thematic break). */
static int S_single_run(const T_view *v, size_t base) {
  T_col c[2];
  return S_dashed(v, base, c, 2) == 1;
}

/* A grid table's border "+---+:==:+" of ch: its columns, or 0. */
static size_t S_grid_line(const T_view *v, size_t base, char ch, T_col *cols,
                          size_t max) {
  if (v->blank || v->indent > base + 3 || v->s[v->skip] != '+')
    return 0;
  size_t n = 0, col = v->indent + 1;
  size_t i = v->skip + 1;
  while (i < v->len && v->s[i] != ' ' && v->s[i] != '\t') {
    if (n == max)
      return 0;
    T_col c = {(uint32_t)col, 0, 0, RECTO_ALIGN_DEFAULT};
    int left = 0, right = 0;
    if (v->s[i] == ':')
      left = 1, i++, c.dashes++;
    size_t d = 0;
    while (i < v->len && v->s[i] == ch)
      i++, d++;
    if (!d)
      return 0;
    c.dashes += (uint32_t)d;
    if (i < v->len && v->s[i] == ':')
      right = 1, i++, c.dashes++;
    if (i >= v->len || v->s[i] != '+')
      return 0;
    i++;
    c.width = c.dashes + 1;
    c.align = left && right ? RECTO_ALIGN_CENTER
              : left        ? RECTO_ALIGN_LEFT
              : right       ? RECTO_ALIGN_RIGHT
                            : RECTO_ALIGN_DEFAULT;
    col += c.width;
    cols[n++] = c;
  }
  while (i < v->len && (v->s[i] == ' ' || v->s[i] == '\t'))
    i++;
  return i == v->len ? n : 0;
}

/* ---- splitting a line by display columns ---- */

/* East Asian wide characters take two columns, as in pandoc. */
static unsigned S_char_width(uint32_t c) {
  if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
      (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
      (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
      (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD))
    return 2;
  return 1;
}

size_t md_display_width(const char *s, size_t len) {
  size_t w = 0;
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    int l = recto_utf8_decode(s + i, len - i, &cp);
    i += l < 1 ? 1 : (size_t)l;
    w += S_char_width(cp);
  }
  return w;
}

typedef struct T_seg {
  size_t b, e; /* byte offsets in the view's s */
} T_seg;

/* Split s[from..len) into n segments of widths w[0..n-1] display columns
   (the last one takes the rest), as pandoc's splitStringByIndices does:
   each segment takes characters while it is narrower than its width. */
static void S_split(const T_view *v, size_t from, size_t col,
                    const uint32_t *w, size_t n, T_seg *segs) {
  size_t i = from, k = 0, used = 0;
  segs[0].b = i;
  while (i < v->len) {
    if (k + 1 < n && used >= w[k]) {
      segs[k].e = i;
      k++;
      segs[k].b = i;
      used = 0;
      continue;
    }
    uint32_t cp;
    unsigned cw;
    int l;
    if (v->s[i] == '\t') {
      cw = (unsigned)((col / 4 + 1) * 4 - col);
      l = 1;
    } else {
      l = recto_utf8_decode(v->s + i, v->len - i, &cp);
      if (l < 1)
        l = 1;
      cw = S_char_width(cp);
    }
    i += (size_t)l;
    used += cw;
    col += cw;
  }
  segs[k].e = i;
  for (k++; k < n; k++)
    segs[k].b = segs[k].e = v->len;
}

static void S_trim(const T_view *v, T_seg *s) {
  while (s->b < s->e && (v->s[s->b] == ' ' || v->s[s->b] == '\t'))
    s->b++;
  while (s->e > s->b && (v->s[s->e - 1] == ' ' || v->s[s->e - 1] == '\t'))
    s->e--;
}

/* ---- building ---- */

typedef struct T_scan {
  md_reader *rd;
  md_tables *t;
  T_col *cols;  /* MD_TABLE_MAX_COLUMNS + 1 */
  T_col *cols2;
  T_seg *segs;
  uint32_t *w;
  size_t *cnt;         /* per column: strips, then where they go */
  size_t *best;        /* per column: the shortest header text */
  uint8_t *flag;       /* per column */
  size_t *next_footer; /* per line: the first footer at or after it */
  size_t *run_end;     /* per line: end of its run of one quote depth */
} T_scan;

static void S_add_strip(md_tables *t, const md_reader *rd, size_t k,
                        const T_view *v, T_seg s) {
  t->strips = S_grow(t->strips, &t->cap_strips, t->nstrips + 1,
                     sizeof *t->strips);
  T_strip *x = &t->strips[t->nstrips++];
  x->off = (size_t)(v->s - rd->src) + s.b;
  x->len = s.e - s.b;
  x->line = (uint32_t)k + 1;
}

static T_cell *S_add_cell(md_tables *t, uint32_t row, uint32_t col,
                          int kind) {
  t->cells = S_grow(t->cells, &t->cap_cells, t->ncells + 1, sizeof *t->cells);
  T_cell *c = &t->cells[t->ncells++];
  memset(c, 0, sizeof *c);
  c->strip0 = t->nstrips;
  c->row = row;
  c->col = col;
  c->kind = (uint8_t)kind;
  return c;
}

/* The widths S_split takes for the lines of a table whose columns are c:
   the indentation before the first column, then each column. */
static void S_col_widths(T_scan *sc, const T_col *c, size_t ncols) {
  for (size_t j = 0; j < ncols; j++)
    sc->w[j] = j == 0 ? c[0].start : c[j].start - c[j - 1].start;
  sc->w[ncols] = 0;
}

/* Alignments from the header text over the columns' dashes (pandoc's
   alignType): the shortest non-empty line of a column, right-trimmed,
   starting with white space means right, narrower than the dashes means
   left, both centre, neither default. */
static void S_aligns(T_scan *sc, size_t first, size_t last, const T_col *c,
                     size_t ncols, recto_align *out) {
  S_col_widths(sc, c, ncols);
  for (size_t j = 0; j < ncols; j++) {
    sc->best[j] = SIZE_MAX;
    sc->flag[j] = 0;
  }
  for (size_t k = first; k < last; k++) {
    T_view v = S_view(sc->rd, k);
    S_split(&v, 0, 0, sc->w, ncols + 1, sc->segs);
    for (size_t j = 0; j < ncols; j++) {
      T_seg s = sc->segs[j + 1];
      while (s.e > s.b && (v.s[s.e - 1] == ' ' || v.s[s.e - 1] == '\t'))
        s.e--;
      size_t chars = 0;
      for (size_t i = s.b; i < s.e; i++)
        chars += ((unsigned char)v.s[i] & 0xC0) != 0x80;
      if (chars && chars < sc->best[j]) {
        sc->best[j] = chars;
        sc->flag[j] = v.s[s.b] == ' ' || v.s[s.b] == '\t';
      }
    }
  }
  for (size_t j = 0; j < ncols; j++) {
    if (sc->best[j] == SIZE_MAX) {
      out[j] = RECTO_ALIGN_DEFAULT;
      continue;
    }
    int lead = sc->flag[j], narrow = sc->best[j] < c[j].dashes;
    out[j] = lead && narrow ? RECTO_ALIGN_CENTER
             : lead         ? RECTO_ALIGN_RIGHT
             : narrow       ? RECTO_ALIGN_LEFT
                            : RECTO_ALIGN_DEFAULT;
  }
}

/* pandoc's widthsFromIndices: each column's share of the wider of the
   table and 72 columns; the last column counts as wide as the one before
   when it is at most 2 narrower. */
static void S_widths(double *out, const T_col *c, size_t n, size_t lead,
                     int last_plus) {
  size_t tot = lead;
  uint32_t *len = recto_xmalloc((n + 1) * sizeof *len);
  for (size_t j = 0; j < n; j++)
    len[j] = c[j].width + (last_plus && j + 1 == n);
  if (n >= 2 && len[n - 1] < len[n - 2] && len[n - 2] - len[n - 1] <= 2)
    len[n - 1] = len[n - 2];
  for (size_t j = 0; j < n; j++)
    tot += len[j];
  double q = tot > 72 ? (double)tot : 72.0;
  for (size_t j = 0; j < n; j++)
    out[j] = len[j] / q;
  free(len);
}

static T_table *S_begin(T_scan *sc, int kind, size_t first, size_t ncols,
                        const T_col *cols, size_t base) {
  md_tables *t = sc->t;
  t->tables = S_grow(t->tables, &t->cap_tables, t->ntables + 1,
                     sizeof *t->tables);
  T_table *tb = &t->tables[t->ntables];
  memset(tb, 0, sizeof *tb);
  tb->kind = kind;
  tb->first = (uint32_t)first;
  tb->base = (uint32_t)base;
  tb->ncols = (uint32_t)ncols;
  tb->col0 = t->ncolspecs;
  tb->cell0 = t->ncells;
  size_t need = t->ncolspecs + ncols;
  size_t cap = t->cap_cols;
  t->aligns = S_grow(t->aligns, &cap, need, sizeof *t->aligns);
  t->widths = S_grow(t->widths, &t->cap_cols, need, sizeof *t->widths);
  for (size_t j = 0; j < ncols; j++) {
    t->aligns[tb->col0 + j] = cols ? cols[j].align : RECTO_ALIGN_DEFAULT;
    t->widths[tb->col0 + j] = 0;
  }
  t->ncolspecs = need;
  return tb;
}

/* Undo a table begun but not finished. */
static void S_abandon(T_scan *sc, T_table *tb) {
  md_tables *t = sc->t;
  t->ncells = tb->cell0;
  t->ncolspecs = tb->col0;
  if (t->ncells)
    t->nstrips = t->cells[t->ncells - 1].strip0 +
                 t->cells[t->ncells - 1].nstrips;
  else
    t->nstrips = 0;
}

/* Segment j of line k's split, as a cell takes it: trimmed (inline
   cells), or without the bar that ends it and the white space before
   (grid cells).  Grid lines are split after their first bar. */
static T_seg S_cell_seg(const T_view *v, const T_seg *segs, size_t j,
                        int grid) {
  T_seg s = segs[grid ? j : j + 1];
  if (!grid) {
    S_trim(v, &s);
    return s;
  }
  while (s.e > s.b && v->s[s.e - 1] == '|')
    s.e--;
  while (s.e > s.b && (v->s[s.e - 1] == ' ' || v->s[s.e - 1] == '\t'))
    s.e--;
  return s;
}

static void S_split_line(T_scan *sc, const T_view *v, size_t ncols,
                         int grid) {
  if (grid)
    S_split(v, v->skip + 1, v->indent + 1, sc->w, ncols, sc->segs);
  else
    S_split(v, 0, 0, sc->w, ncols + 1, sc->segs);
}

/* One row from the lines [first, last): a cell per column, whose text is
   its segment of every line.  Inline cells take the non-empty segments,
   trimmed; grid cells every line that reaches them, one leading space
   off when each of them has it (as pandoc does).  Each line is split
   once: strips are counted per column, then put in place. */
static void S_row(T_scan *sc, size_t first, size_t last, uint32_t row,
                  const T_col *c, size_t ncols, int grid) {
  md_tables *t = sc->t;
  if (grid) {
    for (size_t j = 0; j < ncols; j++)
      sc->w[j] = c[j].width;
    sc->w[ncols] = 0;
  } else {
    S_col_widths(sc, c, ncols);
  }
  for (size_t j = 0; j < ncols; j++) {
    sc->cnt[j] = 0;
    sc->best[j] = 0; /* bytes of text */
    sc->flag[j] = 1; /* every line starts with a space */
  }
  /* pass 0 counts the strips of each column, pass 1 puts them in place */
  size_t at = t->nstrips, total = 0;
  for (int pass = 0; pass < 2; pass++) {
    if (pass == 1) {
      for (size_t j = 0; j < ncols; j++) {
        if (!sc->best[j])
          sc->cnt[j] = 0; /* no text: an empty cell */
        T_cell *cell =
            S_add_cell(t, row, (uint32_t)j, grid ? T_BLOCKS : T_INLINE);
        cell->strip0 = at + total;
        cell->nstrips = (uint32_t)sc->cnt[j];
        sc->cnt[j] = at + total; /* where the next strip goes */
        total += cell->nstrips;
      }
      t->strips =
          S_grow(t->strips, &t->cap_strips, at + total, sizeof *t->strips);
      t->nstrips = at + total;
    }
    for (size_t k = first; k < last && (pass == 0 || total); k++) {
      T_view v = S_view(sc->rd, k);
      if (v.blank)
        continue;
      S_split_line(sc, &v, ncols, grid);
      for (size_t j = 0; j < ncols; j++) {
        T_seg s = S_cell_seg(&v, sc->segs, j, grid);
        int reaches = grid ? sc->segs[j].b < v.len : s.e > s.b;
        if (pass == 0) {
          sc->cnt[j] += reaches;
          if (s.e > s.b && v.s[s.b] != ' ')
            sc->flag[j] = 0;
          sc->best[j] += s.e - s.b;
          continue;
        }
        if (!sc->best[j] || !reaches)
          continue;
        if (grid && sc->flag[j] && s.e > s.b)
          s.b++;
        T_strip *x = &t->strips[sc->cnt[j]++];
        x->off = (size_t)(v.s - sc->rd->src) + s.b;
        x->len = s.e - s.b;
        x->line = (uint32_t)k + 1;
      }
    }
  }
}

static int S_blank_or_end(const T_scan *sc, size_t k, unsigned depth) {
  if (k >= sc->rd->nlines)
    return 1;
  T_view v = S_view(sc->rd, k);
  return v.blank || v.depth != depth;
}

/* A table's footer: a dashed line with a blank line (or the end) after. */
static int S_footer(const T_scan *sc, size_t k, size_t base,
                    unsigned depth) {
  if (k >= sc->rd->nlines)
    return 0;
  T_view v = S_view(sc->rd, k);
  return v.depth == depth && S_dashed(&v, base, sc->cols2,
                                      MD_TABLE_MAX_COLUMNS) &&
         S_blank_or_end(sc, k + 1, depth);
}

static void S_finish_table(T_scan *sc, T_table *tb, size_t end,
                           uint32_t nrows, uint32_t head_rows) {
  tb->end = (uint32_t)end;
  tb->nrows = nrows;
  tb->head_rows = head_rows;
  tb->ncells = sc->t->ncells - tb->cell0;
  sc->t->ntables++;
}

/* Simple table with a header line at k (or without, from the dashed line
   at k).  Returns the line after it, or 0. */
static size_t S_simple(T_scan *sc, size_t k, int headless, size_t base) {
  const md_reader *rd = sc->rd;
  T_view h = S_view(rd, k);
  size_t dl = headless ? k : k + 1;
  if (dl >= rd->nlines)
    return 0;
  T_view d = S_view(rd, dl);
  if (d.depth != h.depth)
    return 0;
  size_t n = S_dashed(&d, base, sc->cols, MD_TABLE_MAX_COLUMNS + 1);
  if (!n || n > MD_TABLE_MAX_COLUMNS || (headless && n < 2))
    return 0;
  if (!headless && (S_single_run(&d, base) || S_dashed(&h, base, sc->cols2,
                                                       MD_TABLE_MAX_COLUMNS)))
    return 0; /* a setext heading, or two dashed lines */
  /* the rows: lines up to a blank line or a footer */
  size_t r = dl + 1, end;
  while (r < rd->nlines && !S_blank_or_end(sc, r, h.depth) &&
         !S_footer(sc, r, base, h.depth))
    r++;
  if (r == dl + 1)
    return 0;
  if (S_footer(sc, r, base, h.depth))
    end = r + 1;
  else if (headless)
    return 0;
  else
    end = r;
  T_table *tb = S_begin(sc, T_SIMPLE, k, n, NULL, base);
  uint32_t row = 0;
  S_aligns(sc, headless ? dl + 1 : k, headless ? dl + 2 : k + 1, sc->cols, n,
           sc->t->aligns + tb->col0);
  if (!headless)
    S_row(sc, k, k + 1, row++, sc->cols, n, 0);
  for (size_t x = dl + 1; x < r; x++)
    S_row(sc, x, x + 1, row++, sc->cols, n, 0);
  S_finish_table(sc, tb, end, row, !headless);
  return end;
}

/* Multiline table: a dashed line at k, header lines, the dashed line of
   the columns, rows separated by blank lines, a footer (or, headless,
   the columns' line at k). */
static size_t S_multiline(T_scan *sc, size_t k, int headless, size_t base) {
  const md_reader *rd = sc->rd;
  T_view top = S_view(rd, k);
  if (!S_dashed(&top, base, sc->cols2, MD_TABLE_MAX_COLUMNS) ||
      k + 1 >= rd->nlines || S_blank_or_end(sc, k + 1, top.depth))
    return 0;
  size_t cl = k; /* the columns' line */
  if (!headless) {
    cl = k + 1;
    while (cl < rd->nlines && !S_blank_or_end(sc, cl, top.depth)) {
      T_view v = S_view(rd, cl);
      if (S_dashed(&v, base, sc->cols2, MD_TABLE_MAX_COLUMNS))
        break;
      cl++;
    }
    if (cl >= rd->nlines || S_blank_or_end(sc, cl, top.depth))
      return 0;
  }
  T_view c = S_view(rd, cl);
  size_t n = S_dashed(&c, base, sc->cols, MD_TABLE_MAX_COLUMNS + 1);
  if (!n || n > MD_TABLE_MAX_COLUMNS || (headless && n < 2))
    return 0;
  /* the footer: the first one after the columns, in the same run of one
     quote depth, with a row before it */
  size_t f = cl + 1 < rd->nlines ? sc->next_footer[cl + 1] : SIZE_MAX;
  if (f == SIZE_MAX || f > sc->run_end[k] || f == cl + 1 ||
      S_blank_or_end(sc, cl + 1, top.depth))
    return 0;
  T_view fv = S_view(rd, f);
  if (fv.indent > base + 3)
    return 0;
  T_table *tb = S_begin(sc, T_MULTILINE, k, n, NULL, base);
  size_t afirst = headless ? cl + 1 : k + 1, alast = headless ? cl + 2 : cl;
  if (headless) /* the first row's lines, up to a blank line */
    while (alast < f && !S_blank_or_end(sc, alast, top.depth))
      alast++;
  S_aligns(sc, afirst, alast, sc->cols, n, sc->t->aligns + tb->col0);
  S_widths(sc->t->widths + tb->col0, sc->cols, n, sc->cols[0].start, 1);
  uint32_t row = 0;
  if (!headless)
    S_row(sc, k + 1, cl, row++, sc->cols, n, 0);
  for (size_t x = cl + 1; x < f;) {
    while (x < f && S_blank_or_end(sc, x, top.depth))
      x++;
    size_t y = x;
    while (y < f && !S_blank_or_end(sc, y, top.depth))
      y++;
    if (y > x)
      S_row(sc, x, y, row++, sc->cols, n, 0);
    x = y;
  }
  S_finish_table(sc, tb, f + 1, row, !headless);
  return f + 1;
}

static int S_bar_line(const T_view *v, size_t indent, unsigned depth) {
  return !v->blank && v->depth == depth && v->indent == indent &&
         v->s[v->skip] == '|';
}

/* Grid table at k: a border, an optional header row over a '=' border,
   rows between '-' borders. */
static size_t S_grid(T_scan *sc, size_t k, size_t base) {
  const md_reader *rd = sc->rd;
  T_view top = S_view(rd, k);
  size_t n = S_grid_line(&top, base, '-', sc->cols, MD_TABLE_MAX_COLUMNS + 1);
  if (!n || n > MD_TABLE_MAX_COLUMNS)
    return 0;
  /* a header: bar lines, then a '=' border of as many columns */
  size_t x = k + 1, head_end = 0;
  while (x < rd->nlines) {
    T_view v = S_view(rd, x);
    if (!S_bar_line(&v, top.indent, top.depth))
      break;
    x++;
  }
  if (x > k + 1 && x < rd->nlines) {
    T_view v = S_view(rd, x);
    size_t m = v.depth == top.depth && v.indent == top.indent
                   ? S_grid_line(&v, base, '=', sc->cols2,
                                 MD_TABLE_MAX_COLUMNS)
                   : 0;
    if (m == n) {
      head_end = x;
      memcpy(sc->cols, sc->cols2, n * sizeof *sc->cols);
    }
  }
  size_t body = head_end ? head_end + 1 : k + 1;
  /* rows: bar lines, each group closed by a '-' border */
  size_t end = body;
  for (size_t y = body; y < rd->nlines;) {
    T_view v = S_view(rd, y);
    if (!S_bar_line(&v, top.indent, top.depth))
      break;
    while (y < rd->nlines) {
      v = S_view(rd, y);
      if (!S_bar_line(&v, top.indent, top.depth))
        break;
      y++;
    }
    end = y;
    if (y < rd->nlines && v.depth == top.depth && v.indent == top.indent &&
        S_grid_line(&v, base, '-', sc->cols2, MD_TABLE_MAX_COLUMNS))
      end = ++y;
  }
  if (end == body)
    return 0;
  T_table *tb = S_begin(sc, T_GRID, k, n, sc->cols, base);
  S_widths(sc->t->widths + tb->col0, sc->cols, n, 0, 0);
  uint32_t row = 0;
  if (head_end)
    S_row(sc, k + 1, head_end, row++, sc->cols, n, 1);
  for (size_t y = body; y < end;) {
    size_t z = y;
    while (z < end) {
      T_view v = S_view(rd, z);
      if (!S_bar_line(&v, top.indent, top.depth))
        break;
      z++;
    }
    if (z > y)
      S_row(sc, y, z, row++, sc->cols, n, 1);
    y = z + 1; /* past the border */
  }
  S_finish_table(sc, tb, end, row, head_end != 0);
  return end;
}

/* ---- captions ---- */

/* The caption prefix at a line ("Table:", "table:", or ":" before no
   punctuation): the bytes it takes in v->s, or 0. */
static size_t S_caption_prefix(const T_view *v) {
  if (v->blank || v->indent > 3)
    return 0;
  const char *s = v->s + v->skip;
  size_t n = v->len - v->skip;
  if (n >= 6 && (s[0] == 'T' || s[0] == 't') && !memcmp(s + 1, "able:", 5))
    return v->skip + 6;
  if (n >= 1 && s[0] == ':' && (n == 1 || !md_ispunct((unsigned char)s[1])))
    return v->skip + 1;
  return 0;
}

/* The caption paragraph at k as a cell of table tb: returns the line after
   it. */
static size_t S_caption_cell(T_scan *sc, size_t k, unsigned depth) {
  md_tables *t = sc->t;
  T_cell *cell = S_add_cell(t, 0, 0, T_INLINE);
  cell->caption = 1;
  size_t x = k;
  for (; x < sc->rd->nlines && !S_blank_or_end(sc, x, depth); x++) {
    T_view v = S_view(sc->rd, x);
    T_seg s = {x == k ? S_caption_prefix(&v) : 0, v.len};
    S_trim(&v, &s);
    if (s.e > s.b) {
      S_add_strip(t, sc->rd, x, &v, s);
      cell->nstrips++;
    }
  }
  return x;
}

/* ---- the scan ---- */

/* Whether line k starts a block pandoc would try a table at: after a
   blank line, a heading or a div fence, at a quote's start, or first. */
static int S_block_start(const md_reader *rd, size_t k, size_t body,
                         const T_view *v) {
  if (k == body)
    return 1;
  T_view p = S_view(rd, k - 1);
  if (p.blank || p.depth != v->depth)
    return 1;
  const char *s = p.s + p.skip;
  size_t n = p.len - p.skip;
  return (n >= 1 && s[0] == '#') || (n >= 3 && !memcmp(s, ":::", 3));
}

/* Lines no table starts with: a list bullet, a heading, a fence, HTML. */
static int S_other_block(const T_view *v) {
  const char *s = v->s + v->skip;
  size_t n = v->len - v->skip;
  if (n >= 2 && md_bullet_at(s, n))
    return 1;
  if (n >= 1 && (s[0] == '#' || s[0] == '<'))
    return 1;
  if (n >= 3 && (!memcmp(s, "```", 3) || !memcmp(s, "~~~", 3) ||
                 !memcmp(s, ":::", 3)))
    return 1;
  return 0;
}

/* A GFM pipe table at k (cmark-gfm reads it): the line after it, or 0. */
static size_t S_pipe(const T_scan *sc, size_t k) {
  const md_reader *rd = sc->rd;
  T_view h = S_view(rd, k);
  if (k + 1 >= rd->nlines || !memchr(h.s, '|', h.len))
    return 0;
  T_view d = S_view(rd, k + 1);
  if (d.depth != h.depth || d.blank)
    return 0;
  int dash = 0, bar = 0;
  for (size_t i = d.skip; i < d.len; i++) {
    char ch = d.s[i];
    if (ch == '-')
      dash = 1;
    else if (ch == '|')
      bar = 1;
    else if (ch != ':' && ch != ' ' && ch != '\t')
      return 0;
  }
  if (!dash || !bar)
    return 0;
  /* its rows end at a blank line or at a caption ("|1|2|" / ": caption",
     no cell in it) */
  size_t x = k + 2;
  while (x < rd->nlines && !S_blank_or_end(sc, x, h.depth)) {
    T_view r = S_view(rd, x);
    if (S_caption_prefix(&r) && !memchr(r.s, '|', r.len))
      break;
    x++;
  }
  return x;
}

/* Code fences and HTML blocks that run over blank lines
   (md_html_block_end): no table inside them. */
typedef struct T_raw {
  char fence;
  size_t fence_len;
  const char *html_end; /* the mark that ends an open HTML block */
} T_raw;

static int S_in_raw(T_raw *r, const T_view *v) {
  const char *s = v->s + v->skip;
  size_t n = v->len - v->skip;
  if (r->fence) {
    size_t m = 0;
    while (m < n && s[m] == r->fence)
      m++;
    size_t e = m;
    while (e < n && (s[e] == ' ' || s[e] == '\t'))
      e++;
    if (m >= r->fence_len && e == n)
      r->fence = 0;
    return 1;
  }
  if (r->html_end) {
    if (md_holds(v->s, v->len, r->html_end))
      r->html_end = NULL;
    return 1;
  }
  if (v->indent > 3 || v->blank)
    return 0;
  if (n >= 3 && (s[0] == '`' || s[0] == '~') && s[1] == s[0] &&
      s[2] == s[0]) {
    size_t m = 0;
    while (m < n && s[m] == s[0])
      m++;
    if (s[0] == '~' || !memchr(s + m, '`', n - m)) {
      r->fence = s[0];
      r->fence_len = m;
      return 1;
    }
  }
  const char *c = md_html_block_end(s, n);
  if (!c)
    return 0;
  if (!md_holds(s, n, c))
    r->html_end = c;
  return 1;
}

static void S_mark(md_reader *rd, size_t first, size_t end) {
  for (size_t x = first; x < end; x++)
    rd->line_flags[x] |= MD_LINE_TABLE;
}

/* The caption before k (a paragraph starting with the prefix, a blank
   line between), or after end: found, it joins the table's lines. */
static void S_captions(T_scan *sc, T_table *tb, size_t body, size_t *end,
                       unsigned depth, int own) {
  md_reader *rd = sc->rd;
  size_t k = tb->first;
  /* before: skip blank lines up, then the paragraph's first line */
  size_t b = k;
  while (b > body && S_blank_or_end(sc, b - 1, depth) &&
         !(rd->line_flags[b - 1] & MD_LINE_TABLE)) {
    T_view v = S_view(rd, b - 1);
    if (v.depth != depth)
      break;
    b--;
  }
  if (b < k && b > body) {
    size_t p = b;
    while (p > body && !S_blank_or_end(sc, p - 1, depth) &&
           !(rd->line_flags[p - 1] & MD_LINE_TABLE))
      p--;
    T_view v = S_view(rd, p);
    if (p < b && S_caption_prefix(&v) &&
        (p == body || !(rd->line_flags[p - 1] & MD_LINE_TABLE))) {
      S_caption_cell(sc, p, depth);
      tb->first = (uint32_t)p;
      if (!own)
        tb->kind = T_CAPTION_BEFORE;
      return;
    }
  }
  size_t a = *end;
  while (a < rd->nlines) {
    T_view v = S_view(rd, a);
    if (!v.blank || v.depth != depth)
      break;
    a++;
  }
  if (a < rd->nlines) {
    T_view v = S_view(rd, a);
    if (v.depth == depth && S_caption_prefix(&v)) {
      size_t e = S_caption_cell(sc, a, depth);
      if (!own)
        tb->first = (uint32_t)a;
      *end = e;
      if (!own)
        tb->kind = T_CAPTION_AFTER;
    }
  }
}

void md_tables_scan(md_reader *rd, size_t body) {
  if (rd->fragment || rd->nlines < 2)
    return;
  md_tables *t = recto_xcalloc(1, sizeof *t);
  rd->tables = t;
  T_scan sc = {0};
  sc.rd = rd;
  sc.t = t;
  size_t nc = MD_TABLE_MAX_COLUMNS + 2;
  sc.cols = recto_xmalloc(nc * sizeof *sc.cols);
  sc.cols2 = recto_xmalloc(nc * sizeof *sc.cols2);
  sc.segs = recto_xmalloc(nc * sizeof *sc.segs);
  sc.w = recto_xmalloc(nc * sizeof *sc.w);
  sc.cnt = recto_xmalloc(nc * sizeof *sc.cnt);
  sc.best = recto_xmalloc(nc * sizeof *sc.best);
  sc.flag = recto_xmalloc(nc);
  sc.next_footer = recto_xmalloc(rd->nlines * sizeof *sc.next_footer);
  sc.run_end = recto_xmalloc(rd->nlines * sizeof *sc.run_end);
  /* per line, from the end: the next footer, the end of its quote run */
  size_t nf = SIZE_MAX;
  int blank_after = 1;
  for (size_t k = rd->nlines; k-- > 0;) {
    T_view v = S_view(rd, k);
    if (k + 1 == rd->nlines || S_view(rd, k + 1).depth != v.depth)
      sc.run_end[k] = k;
    else
      sc.run_end[k] = sc.run_end[k + 1];
    if (!v.blank && v.s[v.skip] == '-' && blank_after &&
        S_dashed(&v, v.indent, sc.cols2, MD_TABLE_MAX_COLUMNS))
      nf = k;
    sc.next_footer[k] = nf;
    blank_after = v.blank;
    if (k + 1 < rd->nlines && S_view(rd, k + 1).depth != v.depth)
      blank_after = 1;
  }
  T_raw raw = {0, 0, NULL};
  for (size_t k = body; k < rd->nlines; k++) {
    T_view v = S_view(rd, k);
    if (S_in_raw(&raw, &v) || v.blank || !S_block_start(rd, k, body, &v))
      continue;
    /* deeper than three columns past the container: code */
    if (v.depth == 0 && !md_indent_ok(rd, k))
      continue;
    if (v.depth && v.indent > 3)
      continue;
    size_t base = v.indent;
    size_t end = S_pipe(&sc, k);
    int own = !end;
    if (!end && !S_other_block(&v)) {
      if (!(end = S_multiline(&sc, k, 0, base)) &&
          !(end = S_simple(&sc, k, 1, base)) &&
          !(end = S_simple(&sc, k, 0, base)) &&
          !(end = S_multiline(&sc, k, 1, base)))
        end = S_grid(&sc, k, base);
    }
    if (!end)
      continue;
    T_table *tb;
    if (own) {
      tb = &t->tables[t->ntables - 1];
    } else {
      /* a pipe table: only its caption is ours */
      tb = S_begin(&sc, T_CAPTION_AFTER, k, 0, NULL, base);
      tb->end = (uint32_t)end;
    }
    size_t after = end;
    S_captions(&sc, tb, body, &after, v.depth, own);
    if (own) {
      tb->end = (uint32_t)after;
      tb->ncells = t->ncells - tb->cell0;
      S_mark(rd, tb->first, tb->end);
    } else if (t->ncells > tb->cell0) {
      if (tb->kind == T_CAPTION_AFTER)
        tb->end = (uint32_t)after;
      else
        tb->end = (uint32_t)k;
      tb->ncells = t->ncells - tb->cell0;
      t->ntables++;
      S_mark(rd, tb->first, tb->end);
    } else {
      S_abandon(&sc, tb);
    }
    k = after - 1;
  }
  t->fence = raw.fence;
  t->fence_len = raw.fence_len;
  free(sc.cols);
  free(sc.cols2);
  free(sc.segs);
  free(sc.w);
  free(sc.cnt);
  free(sc.best);
  free(sc.flag);
  free(sc.next_footer);
  free(sc.run_end);
  if (!t->ntables)
    md_tables_free(rd);
}

/* ---- the text for cmark ---- */

void md_tables_line(md_reader *rd, size_t k, recto_buf *out) {
  md_tables *t = rd->tables;
  while (t->cursor < t->ntables && t->tables[t->cursor].end <= k)
    t->cursor++;
  T_table *tb = &t->tables[t->cursor];
  T_view v = S_view(rd, k);
  size_t start = rd->lines[k];
  size_t end = k + 1 < rd->nlines ? rd->lines[k + 1] : rd->src_len;
  size_t eol = (size_t)(v.s - rd->src) + v.len;
  if (v.blank) {
    recto_buf_put(out, rd->src + start, end - start);
    return;
  }
  recto_buf_put(out, rd->src + start, v.pre);
  for (uint32_t i = 0; i < tb->base; i++)
    recto_buf_putc(out, ' ');
  recto_buf_printf(out, "<!--rt:%zu-->", t->cursor);
  recto_buf_put(out, rd->src + eol, end - eol);
}

static void S_app_line(md_tables *t, uint32_t line, int32_t delta,
                       int mark) {
  t->app = S_grow(t->app, &t->cap_app, t->napp + 1, sizeof *t->app);
  t->app[t->napp].line = line;
  t->app[t->napp].delta = delta;
  t->app[t->napp].mark = mark;
  t->napp++;
}

/* A fence that the lines of a cell leave open: its closing line. */
static void S_close_fence(const md_reader *rd, const T_cell *c,
                          recto_buf *out, md_tables *t) {
  T_raw r = {0, 0, NULL};
  for (uint32_t i = 0; i < c->nstrips; i++) {
    const T_strip *s = &t->strips[c->strip0 + i];
    T_view v = {rd->src + s->off, s->len, 0, 0, 0, 0, 0};
    while (v.skip < v.len && v.s[v.skip] == ' ')
      v.skip++, v.indent++;
    v.blank = v.skip == v.len;
    S_in_raw(&r, &v);
  }
  if (!r.fence)
    return;
  for (size_t i = 0; i < r.fence_len; i++)
    recto_buf_putc(out, r.fence);
  recto_buf_putc(out, '\n');
  S_app_line(t, c->nstrips ? t->strips[c->strip0 + c->nstrips - 1].line : 1,
             0, 0);
}

void md_tables_appendix(md_reader *rd, recto_buf *out) {
  md_tables *t = rd->tables;
  if (!t)
    return;
  if (out->len && out->data[out->len - 1] != '\n' &&
      out->data[out->len - 1] != '\r')
    recto_buf_putc(out, '\n');
  t->app_line = (uint32_t)rd->nlines + 1;
  if (t->fence) {
    for (size_t i = 0; i < t->fence_len; i++)
      recto_buf_putc(out, t->fence);
    recto_buf_putc(out, '\n');
    S_app_line(t, (uint32_t)rd->nlines, 0, 0);
  }
  for (size_t k = 0; k < t->ncells; k++) {
    const T_cell *c = &t->cells[k];
    if (!c->nstrips)
      continue;
    uint32_t line0 = t->strips[c->strip0].line;
    recto_buf_printf(out, "\n<!--rc:%zu-->\n\n", k);
    for (int i = 0; i < 3; i++)
      S_app_line(t, line0, 0, 0);
    int mark = c->kind == T_INLINE && rd->cell_cp;
    for (uint32_t i = 0; i < c->nstrips; i++) {
      const T_strip *s = &t->strips[c->strip0 + i];
      size_t col = s->off - rd->lines[s->line - 1];
      if (mark)
        recto_buf_put(out, rd->cell_utf8, 2);
      recto_buf_put(out, rd->src + s->off, s->len);
      recto_buf_putc(out, '\n');
      S_app_line(t, s->line, (int32_t)col - (mark ? 2 : 0), mark);
    }
    if (c->kind == T_BLOCKS)
      S_close_fence(rd, c, out, t);
  }
  recto_buf_put(out, "\n<!--rc:end-->\n", 15);
  S_app_line(t, (uint32_t)rd->nlines, 0, 0);
  S_app_line(t, (uint32_t)rd->nlines, 0, 0);
}

uint32_t md_tables_src_line(const md_reader *rd, uint32_t line) {
  const md_tables *t = rd->tables;
  if (!t || line < t->app_line || line - t->app_line >= t->napp)
    return line;
  return t->app[line - t->app_line].line;
}

/* ---- reading the placeholders ---- */

/* The key/value that marks where a cell's blocks start in the appendix. */
#define S_MARKER "md-table-cell"

int md_tables_block(md_reader *rd, const char *lit, recto_node *parent,
                    recto_pos pos) {
  md_tables *t = rd->tables;
  if (!t || !lit)
    return 0;
  while (*lit == ' ' || *lit == '\t')
    lit++;
  if (strncmp(lit, "<!--r", 5) || (lit[5] != 't' && lit[5] != 'c') ||
      lit[6] != ':')
    return 0;
  char *e;
  int cell = lit[5] == 'c';
  if (cell && !strncmp(lit + 7, "end-->", 6)) {
    recto_node *m = recto_node_new(rd->doc, RECTO_NODE_DIV);
    recto_node_set_attr(m, S_MARKER, "end");
    recto_node_append(parent, m);
    t->end_marker = m;
    return 1;
  }
  unsigned long k = strtoul(lit + 7, &e, 10);
  if (strncmp(e, "-->", 3) || k >= (cell ? t->ncells : t->ntables))
    return 0;
  if (cell) {
    recto_node *m = recto_node_new(rd->doc, RECTO_NODE_DIV);
    recto_node_set_attr(m, S_MARKER, "cell");
    recto_node_append(parent, m);
    t->cells[k].marker = m;
    return 1;
  }
  T_table *tb = &t->tables[k];
  if (tb->node)
    return 1; /* a later line of a table already made */
  recto_doc *doc = rd->doc;
  if (tb->kind == T_CAPTION_BEFORE || tb->kind == T_CAPTION_AFTER) {
    tb->node = recto_node_new(doc, RECTO_NODE_DIV);
    recto_node_set_pos(tb->node, pos);
    recto_node_append(parent, tb->node);
    return 1;
  }
  recto_node *table = recto_node_new(doc, RECTO_NODE_TABLE);
  recto_node_set_pos(table, pos);
  recto_table_set_columns(table, tb->ncols);
  for (size_t j = 0; j < tb->ncols; j++)
    recto_table_set_column(table, j, t->aligns[tb->col0 + j],
                           t->widths[tb->col0 + j]);
  recto_node *sec = NULL, *row = NULL;
  uint32_t cur = UINT32_MAX;
  for (size_t i = 0; i < tb->ncells; i++) {
    T_cell *c = &t->cells[tb->cell0 + i];
    if (c->caption) {
      c->node = recto_node_new(doc, RECTO_NODE_CAPTION);
      recto_node_set_pos(c->node, md_pos(rd, t->strips[c->strip0].line, 1));
      recto_node_prepend(table, c->node);
      continue;
    }
    if (c->row != cur) {
      cur = c->row;
      recto_node_type st = c->row < tb->head_rows ? RECTO_NODE_TABLE_HEAD
                                                  : RECTO_NODE_TABLE_BODY;
      if (!sec || recto_node_type_of(sec) != st) {
        sec = recto_node_new(doc, st);
        recto_node_set_pos(sec, pos);
        recto_node_append(table, sec);
      }
      row = recto_node_new(doc, RECTO_NODE_ROW);
      recto_node_set_pos(row, c->nstrips
                                  ? md_pos(rd, t->strips[c->strip0].line, 1)
                                  : pos);
      recto_node_append(sec, row);
    }
    c->node = recto_node_new(doc, RECTO_NODE_CELL);
    recto_cell_set(c->node, 1, 1, RECTO_ALIGN_DEFAULT);
    recto_node_set_pos(c->node, recto_node_pos(row));
    recto_node_append(row, c->node);
  }
  tb->node = table;
  recto_node_append(parent, table);
  return 1;
}

/* ---- filling the cells ---- */

/* Take the mark out of a cell's text, code and raw inlines. */
static void S_unmark(md_reader *rd, recto_node *root) {
  const char m0 = (char)rd->cell_utf8[0], m1 = (char)rd->cell_utf8[1];
  recto_node **empty = NULL; /* texts that were only the mark */
  size_t nempty = 0, cap = 0;
  recto_iter *it = recto_iter_new(root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    recto_node_type ty = recto_node_type_of(n);
    if (ev != RECTO_EVENT_ENTER ||
        (ty != RECTO_NODE_TEXT && ty != RECTO_NODE_CODE &&
         ty != RECTO_NODE_RAW_INLINE && ty != RECTO_NODE_MATH))
      continue;
    const char *s = recto_node_text(n);
    size_t len = recto_node_text_len(n);
    char *w = NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
      if (i + 1 < len && s[i] == m0 && s[i + 1] == m1) {
        if (!w) {
          w = recto_alloc(rd->doc, len + 1);
          memcpy(w, s, i);
          o = i;
        }
        i++;
      } else if (w) {
        w[o++] = s[i];
      }
    }
    if (!w)
      continue;
    w[o] = 0;
    recto_node_set_text(n, w, o);
    if (!o && ty == RECTO_NODE_TEXT) {
      empty = S_grow(empty, &cap, nempty + 1, sizeof *empty);
      empty[nempty++] = n;
    }
  }
  recto_iter_free(it);
  for (size_t i = 0; i < nempty; i++)
    recto_node_unlink(empty[i]);
  free(empty);
}

/* Positions in the appendix back to the table's lines. */
static void S_remap(md_reader *rd, recto_node *root) {
  md_tables *t = rd->tables;
  recto_iter *it = recto_iter_new(root);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER)
      continue;
    recto_pos p = recto_node_pos(n);
    if (p.line < t->app_line || p.line - t->app_line >= t->napp)
      continue;
    const T_app *a = &t->app[p.line - t->app_line];
    /* what starts at the mark starts after it */
    long col = (long)(p.column > 2 || !a->mark ? p.column : 3) + a->delta;
    recto_node_set_pos(n, md_pos(rd, a->line, col > 0 ? (uint32_t)col : 1));
  }
  recto_iter_free(it);
}

/* pandoc's compactify on a grid cell: a last paragraph with no other
   paragraph in the cell is plain. */
static void S_compact(recto_node *cell) {
  recto_node *last = recto_node_last_child(cell);
  if (!last || recto_node_type_of(last) != RECTO_NODE_PARAGRAPH)
    return;
  for (recto_node *b = recto_node_first_child(cell); b != last;
       b = recto_node_next(b))
    if (recto_node_type_of(b) == RECTO_NODE_PARAGRAPH)
      return;
  md_retype(last, RECTO_NODE_PLAIN);
}

/* The caption of a pipe table: the table before or after its marker. */
static void S_place_caption(md_reader *rd, T_table *tb, recto_node *cap) {
  recto_node *m = tb->node;
  recto_node *table = tb->kind == T_CAPTION_BEFORE ? recto_node_next(m)
                                                   : recto_node_prev(m);
  if (table && recto_node_type_of(table) == RECTO_NODE_TABLE &&
      !(recto_node_first_child(table) &&
        recto_node_type_of(recto_node_first_child(table)) ==
            RECTO_NODE_CAPTION)) {
    recto_node_prepend(table, cap);
  } else {
    /* no table beside it: the caption stays a paragraph */
    recto_node *b;
    while ((b = recto_node_first_child(cap)) != NULL) {
      recto_node_unlink(b);
      if (recto_node_type_of(b) == RECTO_NODE_PLAIN)
        b = md_retype(b, RECTO_NODE_PARAGRAPH);
      recto_node_insert_before(m, b);
    }
  }
  recto_node_unlink(m);
  (void)rd;
}

void md_tables_fill(md_reader *rd) {
  md_tables *t = rd->tables;
  if (!t)
    return;
  for (size_t ti = 0; ti < t->ntables; ti++) {
    T_table *tb = &t->tables[ti];
    for (size_t i = 0; i < tb->ncells; i++) {
      T_cell *c = &t->cells[tb->cell0 + i];
      int own_caption = tb->kind == T_CAPTION_BEFORE ||
                        tb->kind == T_CAPTION_AFTER;
      recto_node *target = c->node;
      if (own_caption) {
        target = recto_node_new(rd->doc, RECTO_NODE_CAPTION);
        if (tb->node)
          recto_node_set_pos(target, recto_node_pos(tb->node));
      }
      if (c->marker) {
        /* what cmark made up to the next marker */
        recto_node *b = recto_node_next(c->marker);
        while (b && !recto_node_attr(b, S_MARKER)) {
          recto_node *next = recto_node_next(b);
          recto_node_unlink(b);
          if (target) {
            if (recto_node_type_of(b) == RECTO_NODE_PARAGRAPH &&
                c->kind == T_INLINE)
              b = md_retype(b, RECTO_NODE_PLAIN);
            recto_node_append(target, b);
          }
          b = next;
        }
        recto_node_unlink(c->marker);
      }
      if (!target)
        continue;
      if (c->kind == T_INLINE && rd->cell_cp)
        S_unmark(rd, target);
      else if (c->kind == T_BLOCKS)
        S_compact(target);
      S_remap(rd, target);
      if (own_caption && tb->node)
        S_place_caption(rd, tb, target);
    }
  }
  if (t->end_marker)
    recto_node_unlink(t->end_marker);
}

void md_tables_free(md_reader *rd) {
  md_tables *t = rd->tables;
  if (!t)
    return;
  free(t->tables);
  free(t->cells);
  free(t->strips);
  free(t->aligns);
  free(t->widths);
  free(t->app);
  free(t);
  rd->tables = NULL;
}
