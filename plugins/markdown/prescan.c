/* prescan.c: the line-level work done before cmark-gfm sees the input.
 *
 * cmark-gfm knows nothing of front matter, fenced divs or definition
 * lists, and forgets which punctuation was escaped.  The prescan builds
 * the text cmark parses, one output line per input line (so line numbers
 * need no mapping):
 *   - front matter lines become empty (the YAML is parsed on its own);
 *   - div fences become an HTML comment placeholder "<!--rd:N-->", which
 *     cmark keeps as a one-line HTML block inside the right container;
 *   - a definition marker ':' becomes the bullet '+', so that cmark
 *     parses the indented definition body as a list item would;
 *   - "\X" for X in MD_ESC_CHARS becomes a two-byte replacement (see md.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "md.h"

/* Rare two-byte punctuation (Syriac, NKo, Armenian, Hebrew): cmark treats
   each as punctuation, so emphasis rules see the same thing as for the
   escaped ASCII character.  Any the input uses are skipped. */
static const uint16_t S_candidates[] = {
    0x0700, 0x0701, 0x0702, 0x0703, 0x0704, 0x0705, 0x0706, 0x0707,
    0x0708, 0x0709, 0x070A, 0x070B, 0x070C, 0x070D, 0x07F7, 0x07F8,
    0x07F9, 0x055A, 0x055B, 0x055C, 0x055D, 0x055E, 0x055F, 0x0589,
    0x058A, 0x05BE, 0x05C0, 0x05C3, 0x05C6, 0x05F3, 0x05F4, 0x037E,
    0x0387, 0x0609, 0x060A, 0x060D, 0x061E, 0x066A, 0x066B, 0x066C,
    0x066D, 0x06D4, 0x00A1, 0x00A7, 0x00B6, 0x00B7, 0x00BF, 0x00AB,
    0x00BB};
#define S_NCAND (sizeof S_candidates / sizeof S_candidates[0])

/* Replacements [from, to) from the candidates the input does not use
   (used), from *k on; none left: that escape is simply lost, that
   character of math not kept from cmark. */
static void S_assign(md_reader *rd, int from, int to, const int *used,
                     size_t *k) {
  for (int e = from; e < to; e++) {
    while (*k < S_NCAND && used[*k])
      (*k)++;
    if (*k == S_NCAND) {
      rd->esc_cp[e] = 0;
      continue;
    }
    uint32_t cp = S_candidates[(*k)++];
    rd->esc_cp[e] = cp;
    rd->esc_utf8[e][0] = (unsigned char)(0xC0 | (cp >> 6));
    rd->esc_utf8[e][1] = (unsigned char)(0x80 | (cp & 0x3F));
    rd->esc_of[cp] = (uint8_t)(e + 1);
  }
}

static void S_choose_escapes(md_reader *rd) {
  /* which two-byte code points the input uses: one table look-up per
     character, not one per candidate */
  rd->esc_of = recto_xmalloc(0x800);
  memset(rd->esc_of, 0, 0x800);
  const unsigned char *s = (const unsigned char *)rd->src;
  for (size_t i = 0; i + 1 < rd->src_len; i++) {
    if (s[i] < 0xC2 || s[i] > 0xDF)
      continue;
    rd->esc_of[((uint32_t)(s[i] & 0x1F) << 6) | (s[i + 1] & 0x3F)] = 1;
    i++;
  }
  int used[S_NCAND];
  for (size_t k = 0; k < S_NCAND; k++)
    used[k] = rd->esc_of[S_candidates[k]];
  memset(rd->esc_of, 0, 0x800);
  size_t k = 0;
  S_assign(rd, 0, MD_NESC, used, &k);
  while (k < S_NCAND && used[k])
    k++;
  rd->cell_cp = k < S_NCAND ? S_candidates[k++] : 0;
  rd->cell_utf8[0] = (unsigned char)(0xC0 | (rd->cell_cp >> 6));
  rd->cell_utf8[1] = (unsigned char)(0x80 | (rd->cell_cp & 0x3F));
  S_assign(rd, MD_NESC, MD_NESC + MD_NLIT, used, &k);
}

void md_unesc(const md_reader *rd, recto_buf *out, const char *s, size_t len,
              int raw) {
  size_t start = 0;
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < len; i++) {
    if (u[i] < 0xC2 || u[i] > 0xDF)
      continue;
    int e = md_esc_at(rd, s + i, len - i);
    if (e < 0)
      continue;
    recto_buf_put(out, s + start, i - start);
    if ((raw && e < MD_NESC) || e == MD_ESC_SPACE)
      recto_buf_putc(out, '\\');
    recto_buf_putc(out, md_esc_char(e));
    i++;
    start = i + 1;
  }
  recto_buf_put(out, s + start, len - start);
}

char *md_unesc_dup(const md_reader *rd, const char *s, size_t len, int raw) {
  recto_buf b = RECTO_BUF_INIT;
  md_unesc(rd, &b, s, len, raw);
  char *r = recto_strndup(rd->doc, b.data ? b.data : "", b.len);
  recto_buf_free(&b);
  return r;
}

recto_pos md_pos(const md_reader *rd, uint32_t line, uint32_t column) {
  recto_pos pos = {line, column, 0};
  if (line >= 1 && line <= rd->nlines) {
    size_t off = rd->lines[line - 1] + (column ? column - 1 : 0);
    pos.offset = off <= rd->src_len ? off : rd->src_len;
  }
  return pos;
}

/* ---- lines ---- */

typedef struct S_line {
  const char *s; /* start in src */
  size_t len;    /* without the line ending */
  size_t indent; /* columns of leading white space (tabs to 4) */
  size_t skip;   /* bytes of leading white space */
  int blank;
} S_line;

const char *md_line_text(const md_reader *rd, size_t k, size_t *len) {
  size_t start = rd->lines[k];
  size_t end = k + 1 < rd->nlines ? rd->lines[k + 1] : rd->src_len;
  const char *s = rd->src + start;
  *len = end - start;
  while (*len && (s[*len - 1] == '\n' || s[*len - 1] == '\r'))
    (*len)--;
  return s;
}

static S_line S_line_at(const md_reader *rd, size_t k) {
  S_line l;
  l.s = md_line_text(rd, k, &l.len);
  l.indent = 0;
  l.skip = 0;
  while (l.skip < l.len && (l.s[l.skip] == ' ' || l.s[l.skip] == '\t')) {
    l.indent = l.s[l.skip] == '\t' ? (l.indent / 4 + 1) * 4 : l.indent + 1;
    l.skip++;
  }
  l.blank = l.skip == l.len;
  return l;
}

/* The column where the content of a line starts for what follows it: past
   a list marker if the line opens a list item. */
static size_t S_content_column(const S_line *l) {
  size_t i = l->skip;
  /* a note definition "[^x]:" or a definition ":   ": content at +4 */
  if (i + 1 < l->len && l->s[i] == '[' && l->s[i + 1] == '^') {
    const char *close = memchr(l->s + i, ']', l->len - i);
    if (close && close + 1 < l->s + l->len && close[1] == ':')
      return l->indent + 4;
  }
  if (i + 1 < l->len && (l->s[i] == ':' || l->s[i] == '~') &&
      (l->s[i + 1] == ' ' || l->s[i + 1] == '\t'))
    return l->indent + 4;
  size_t w;
  if (i < l->len && md_bullet_at(l->s + i, l->len - i))
    i++;
  else if ((w = md_ordered_marker(l->s + i, l->len - i)) != 0)
    i += w;
  else
    return l->indent;
  if (i < l->len && l->s[i] != ' ')
    return l->indent;
  size_t spaces = 0;
  while (i < l->len && l->s[i] == ' ' && spaces < 4)
    i++, spaces++;
  return l->indent + (i - l->skip);
}

/* A line that is indented no more than three columns past the content of
   the nearest non-blank line above may carry a fence or marker; deeper
   indentation would make it code. */
static int S_indent_ok(const md_reader *rd, size_t k, const S_line *l) {
  if (l->indent <= 3)
    return 1;
  while (k > 0) {
    S_line p = S_line_at(rd, --k);
    if (!p.blank)
      return l->indent < S_content_column(&p) + 4;
  }
  return 0;
}

int md_indent_ok(const md_reader *rd, size_t k) {
  S_line l = S_line_at(rd, k);
  return S_indent_ok(rd, k, &l);
}

static int S_is_front_close(const S_line *l) {
  if (l->indent || l->len < 3)
    return 0;
  if (memcmp(l->s, "---", 3) != 0 && memcmp(l->s, "...", 3) != 0)
    return 0;
  for (size_t i = 3; i < l->len; i++)
    if (l->s[i] != ' ' && l->s[i] != '\t')
      return 0;
  return 1;
}

/* The first line that matters must read "key:" for the block to be
   metadata (pandoc wants a YAML map); "---\nFoo\n---" stays Markdown. */
static int S_looks_like_map(const S_line *l) {
  size_t i = l->skip;
  if (i >= l->len)
    return 0;
  char q = l->s[i];
  if (q == '"' || q == '\'') {
    for (i++; i < l->len && l->s[i] != q; i++)
      ;
    i++;
  } else {
    if (q == '-' || q == '#' || q == ':' || q == '[' || q == '{')
      return 0;
    while (i < l->len && l->s[i] != ':')
      i++;
  }
  return i < l->len && l->s[i] == ':' &&
         (i + 1 == l->len || l->s[i + 1] == ' ' || l->s[i + 1] == '\t');
}

/* The last line of a YAML metadata block opening at line k ("---", then a
   line that is not blank, up to "---" or "..."), or 0 if none opens there.
   The opening must follow a blank line or the start, which the caller
   knows.  The search stops at the next "---", itself such an opening:
   the scans stay linear. */
static size_t S_yaml_block(const md_reader *rd, size_t k) {
  if (k + 3 > rd->nlines)
    return 0;
  S_line first = S_line_at(rd, k);
  if (first.len < 3 || memcmp(first.s, "---", 3) != 0 || first.skip)
    return 0;
  for (size_t i = 3; i < first.len; i++)
    if (first.s[i] != ' ' && first.s[i] != '\t')
      return 0;
  S_line second = S_line_at(rd, k + 1);
  if (second.blank)
    return 0;
  for (size_t e = k + 1; e < rd->nlines; e++) {
    S_line l = S_line_at(rd, e);
    if (S_is_front_close(&l)) {
      /* the first non-comment line decides */
      for (size_t j = k + 1; j < e; j++) {
        S_line c = S_line_at(rd, j);
        if (c.blank || c.s[c.skip] == '#')
          continue;
        if (!S_looks_like_map(&c))
          return 0;
        break;
      }
      return e;
    }
  }
  return 0;
}

/* pandoc's title block: up to three lines starting with '%' (title,
   authors, date) at the very start, each with its continuation lines
   (indented); the line after it. */
static size_t S_title_block(const md_reader *rd) {
  size_t k = 0;
  for (int field = 0; field < 3 && k < rd->nlines; field++) {
    S_line l = S_line_at(rd, k);
    if (!l.len || l.s[0] != '%')
      break;
    for (k++; k < rd->nlines; k++) {
      S_line c = S_line_at(rd, k);
      if (c.blank || !c.skip)
        break;
    }
  }
  return k;
}

/* Whether line c (clen bytes after its indentation) is a line of a fenced
   code block: its opening fence, a line inside, or its closing fence
   (then *closed is set).  The state is the open fence's character and
   length (0 when none is open). */
static int S_code_line(const char *c, size_t clen, char *code_char,
                       size_t *code_len, int *closed) {
  *closed = 0;
  if (*code_char) {
    size_t n = 0;
    while (n < clen && c[n] == *code_char)
      n++;
    size_t m = n;
    while (m < clen && (c[m] == ' ' || c[m] == '\t'))
      m++;
    if (n >= *code_len && m == clen) {
      *code_char = 0;
      *closed = 1;
    }
    return 1;
  }
  if (clen >= 3 && (c[0] == '`' || c[0] == '~') && c[1] == c[0] &&
      c[2] == c[0]) {
    size_t n = 0;
    while (n < clen && c[n] == c[0])
      n++;
    if (c[0] == '~' || !memchr(c + n, '`', clen - n)) {
      *code_char = c[0];
      *code_len = n;
      return 1;
    }
  }
  return 0;
}

/* The YAML metadata blocks, wherever they are (pandoc reads them anywhere
   a block may start: after a blank line, not in code): recorded, and
   their lines flagged, so that cmark reads them as blank lines.  A block
   after the text has begun that is not a YAML map stays Markdown, with a
   warning (pandoc refuses the document): rules around "Note: ..." lines
   are common in Markdown that was never meant for pandoc. */
static void S_yaml_blocks(md_reader *rd, size_t body) {
  char code_char = 0;
  size_t code_len = 0, cap = 0;
  int after_blank = 1, text = 0, closed;
  for (size_t k = body; k < rd->nlines; k++) {
    S_line l = S_line_at(rd, k);
    int open = after_blank;
    after_blank = l.blank;
    if (l.blank)
      continue;
    size_t end = open && !code_char ? S_yaml_block(rd, k) : 0;
    if (!end) {
      /* a fence may open after a container's marks ("- ```") */
      size_t ce = md_containers_end(l.s, l.len, l.skip);
      S_code_line(l.s + ce, l.len - ce, &code_char, &code_len, &closed);
      text = 1;
      continue;
    }
    md_meta_block y = {rd->src + rd->lines[k + 1],
                       rd->lines[end] - rd->lines[k + 1], (uint32_t)k + 2,
                       NULL};
    if (text) {
      y.tree = md_yaml_parse(NULL, rd->doc, y.s, y.len, y.line);
      if (!y.tree || y.tree->kind != MD_YAML_MAP) {
        recto_pos pos = {(uint32_t)k + 1, 1, 0};
        recto_diag_emit(rd->ctx, RECTO_DIAG_WARNING, "md.yaml", &pos,
                        "a block between \"---\" lines that is not YAML: "
                        "read as Markdown");
        continue;
      }
    }
    if (rd->nyaml == cap) {
      cap = cap ? cap * 2 : 4;
      rd->yaml = recto_xrealloc(rd->yaml, cap * sizeof *rd->yaml);
    }
    rd->yaml[rd->nyaml++] = y;
    for (; k <= end; k++)
      rd->line_flags[k] |= MD_LINE_META;
    k = end;
    after_blank = 1;
  }
}

/* ---- div fences ---- */

typedef struct S_fence {
  int open;
  const char *attrs;
  size_t attrs_len;
  size_t at; /* bytes before the colons: indentation and containers */
} S_fence;

/* ":::" (three or more) then nothing (close), "{attributes}" or a class
   word (open), then optionally more colons. */
static int S_div_fence(const S_line *l, S_fence *f) {
  size_t i = l->skip, n = 0;
  while (i < l->len && l->s[i] == ':')
    i++, n++;
  if (n < 3)
    return 0;
  while (i < l->len && (l->s[i] == ' ' || l->s[i] == '\t'))
    i++;
  if (i == l->len) {
    f->open = 0;
    f->attrs = NULL;
    f->attrs_len = 0;
    return 1;
  }
  size_t a = i;
  if (l->s[i] == '{') {
    char quote = 0;
    for (i++; i < l->len; i++) {
      if (quote) {
        if (l->s[i] == '\\' && i + 1 < l->len)
          i++;
        else if (l->s[i] == quote)
          quote = 0;
      } else if (l->s[i] == '"' || l->s[i] == '\'') {
        quote = l->s[i];
      } else if (l->s[i] == '}') {
        break;
      }
    }
    if (i == l->len)
      return 0;
    i++;
  } else {
    while (i < l->len && l->s[i] != ' ' && l->s[i] != '\t' && l->s[i] != ':')
      i++;
  }
  f->open = 1;
  f->attrs = l->s + a;
  f->attrs_len = i - a;
  while (i < l->len && (l->s[i] == ' ' || l->s[i] == '\t' || l->s[i] == ':'))
    i++;
  return i == l->len;
}

/* ---- raw HTML that blank lines do not end ---- */

int md_holds(const char *s, size_t n, const char *needle) {
  size_t m = strlen(needle);
  for (size_t i = 0; i + m <= n; i++)
    if (!strncasecmp(s + i, needle, m))
      return 1;
  return 0;
}

const char *md_html_block_end(const char *s, size_t n) {
  static const char *const tags[] = {"script", "pre", "style", "textarea"};
  static const char *const ends[] = {"</script>", "</pre>", "</style>",
                                     "</textarea>"};
  if (n < 2 || s[0] != '<')
    return NULL;
  for (size_t k = 0; k < 4; k++) {
    size_t m = strlen(tags[k]);
    if (n >= m + 1 && !strncasecmp(s + 1, tags[k], m) &&
        (n == m + 1 || s[m + 1] == ' ' || s[m + 1] == '\t' ||
         s[m + 1] == '>'))
      return ends[k];
  }
  if (n >= 4 && !memcmp(s, "<!--", 4))
    return "-->";
  if (s[1] == '?')
    return "?>";
  if (n >= 9 && !memcmp(s, "<![CDATA[", 9))
    return "]]>";
  if (n >= 3 && s[1] == '!' && s[2] >= 'A' && s[2] <= 'Z') /* as cmark-gfm */
    return ">";
  return NULL;
}

/* The block quote marks '>' in a line's container prefix s[0, n). */
static size_t S_quote_marks(const char *s, size_t n) {
  size_t q = 0;
  for (size_t i = 0; i < n; i++)
    q += s[i] == '>';
  return q;
}

/* Whether the closing fence fl closes the div whose opening fence is
   line open, open_at bytes in: in as many block quotes, and not left of
   the opening fence ("- ::: x" is not closed by a ":::" after the item). */
static int S_fence_closes(const md_reader *rd, size_t open, size_t open_at,
                          const S_line *fl) {
  S_line ol = S_line_at(rd, open);
  size_t quotes = S_quote_marks(ol.s, open_at);
  if (S_quote_marks(fl->s, fl->skip) != quotes)
    return 0;
  return quotes || fl->skip >= open_at;
}

/* ---- definition markers ---- */

static int S_def_marker(const md_reader *rd, size_t k, const S_line *l,
                        int *blank_before) {
  size_t i = l->skip;
  /* ':' or '~' (pandoc's manual, "Definition lists") */
  if (i + 2 > l->len || (l->s[i] != ':' && l->s[i] != '~') ||
      (l->s[i + 1] != ' ' && l->s[i + 1] != '\t'))
    return 0;
  size_t j = i + 1;
  while (j < l->len && (l->s[j] == ' ' || l->s[j] == '\t'))
    j++;
  if (j == l->len || k == 0)
    return 0;
  S_line prev = S_line_at(rd, k - 1);
  *blank_before = 0;
  if (prev.blank) {
    if (k < 2)
      return 0;
    prev = S_line_at(rd, k - 2);
    if (prev.blank)
      return 0;
    *blank_before = 1;
  }
  /* a term (or an earlier definition) must stand above, not shallower
     than the marker, which would be outside its container */
  return prev.indent >= l->indent || prev.indent + 4 > l->indent;
}

/* A definition's marker line as cmark reads it: the marker ':' becomes
   the bullet '+', and the spaces after it change so that cmark's item
   starts where pandoc's definition does.  pandoc's manual: a definition's
   body is indented four spaces, and starts four columns past the marker
   however many spaces follow it (up to three more before code).  After a
   marker at a tab stop followed by one or two spaces, cmark's item would
   take lines indented two or three; a bullet followed by four to six
   spaces would start cmark's item further right, or in code; after seven
   or more, cmark's code would keep two spaces more than pandoc's.  The
   spaces after the marker of s[0, n) that go in (> 0) or out (< 0) for
   cmark, the marker indent columns deep; a tab after them, or nothing,
   changes nothing. */
static ptrdiff_t S_def_shift(const char *s, size_t n, size_t indent) {
  size_t sp = 0;
  while (1 + sp < n && s[1 + sp] == ' ')
    sp++;
  char after = 1 + sp < n ? s[1 + sp] : '\n';
  if (sp == 0 || sp == 3 || after == '\n' || after == '\r' || after == '\t')
    return 0;
  if (sp < 3)
    return indent % 4 == 0 ? (ptrdiff_t)(3 - sp) : 0;
  return sp <= 6 ? 3 - (ptrdiff_t)sp : -2;
}

/* The marker line at out->data[m] (the last line in out) as cmark reads
   it; whether its length changed. */
static int S_def_line(recto_buf *out, size_t m, size_t indent) {
  out->data[m] = '+';
  ptrdiff_t shift = S_def_shift(out->data + m, out->len - m, indent);
  if (shift > 0) {
    recto_buf_grow(out, (size_t)shift);
    memmove(out->data + m + 1 + shift, out->data + m + 1, out->len - m); /* NUL */
    memset(out->data + m + 1, ' ', (size_t)shift);
  } else if (shift < 0) {
    memmove(out->data + m + 1, out->data + m + 1 - shift,
            out->len - m + (size_t)shift); /* NUL */
  }
  out->len = (size_t)((ptrdiff_t)out->len + shift);
  return shift != 0;
}

uint32_t md_src_column(const md_reader *rd, uint32_t line, uint32_t column) {
  column = md_math_column(rd, line, column);
  if (line < 1 || line > rd->nlines ||
      !(rd->line_flags[line - 1] & MD_LINE_DEF_ROOM))
    return column;
  S_line l = S_line_at(rd, line - 1);
  ptrdiff_t shift = S_def_shift(l.s + l.skip, l.len - l.skip, l.indent);
  uint32_t after = (uint32_t)l.skip + 2; /* just after the marker */
  if (column <= after)
    return column;
  ptrdiff_t src = (ptrdiff_t)column - shift;
  return src > (ptrdiff_t)after ? (uint32_t)src : after;
}

/* ---- the scan ---- */

void md_prescan(md_reader *rd) {
  /* line table: without a lone CR anywhere, memchr finds every line end */
  size_t cap = 64;
  rd->lines = recto_xmalloc(cap * sizeof *rd->lines);
  rd->nlines = 0;
  rd->lines[rd->nlines++] = 0;
  int cr = memchr(rd->src, '\r', rd->src_len) != NULL;
  for (size_t i = 0; i < rd->src_len; i++) {
    if (!cr) {
      const char *nl = memchr(rd->src + i, '\n', rd->src_len - i);
      if (!nl)
        break;
      i = (size_t)(nl - rd->src);
    } else if (!(rd->src[i] == '\n' ||
                 (rd->src[i] == '\r' &&
                  (i + 1 == rd->src_len || rd->src[i + 1] != '\n')))) {
      continue;
    }
    if (i + 1 == rd->src_len)
      break;
    if (rd->nlines == cap) {
      cap *= 2;
      size_t *n = realloc(rd->lines, cap * sizeof *rd->lines);
      if (!n)
        recto_out_of_memory();
      rd->lines = n;
    }
    rd->lines[rd->nlines++] = i + 1;
  }
  rd->line_flags = recto_xmalloc(rd->nlines * sizeof *rd->line_flags);
  memset(rd->line_flags, 0, rd->nlines * sizeof *rd->line_flags);
  S_choose_escapes(rd);

  size_t body = 0;
  if (!rd->fragment) {
    body = rd->title_end = S_title_block(rd);
    S_yaml_blocks(rd, body);
  }
  md_tables_scan(rd, body);

  /* fences, divs and definition markers */
  S_fence *fences = recto_xmalloc(rd->nlines * sizeof *fences);
  size_t *stack = recto_xmalloc(rd->nlines * sizeof *stack);
  size_t depth = 0;
  char code_char = 0;
  size_t code_len = 0;
  size_t para_start = body; /* the first line after a blank one */
  /* the last line a definition may follow: a term (the first line of a
     block: pandoc's terms fit on one line) or a line of a definition */
  size_t term = SIZE_MAX;
  size_t fresh = body; /* the line after a div fence or a heading */
  int in_def = 0; /* a definition since the last blank line */
  const char *html_end = NULL; /* an open HTML block ends with this */
  size_t html_quotes = 0, html_indent = 0; /* its opening line's containers */
  size_t def_run = SIZE_MAX; /* the last line of definitions that may start */
  for (size_t k = body; k < rd->nlines; k++) {
    S_line l = S_line_at(rd, k);
    fences[k].open = -1;
    if (l.blank || (rd->line_flags[k] & MD_LINE_META))
      para_start = k + 1, in_def = 0;
    if (l.blank || (rd->line_flags[k] & (MD_LINE_TABLE | MD_LINE_META)))
      continue;
    const char *c = l.s + l.skip;
    size_t clen = l.len - l.skip;
    if (html_end) {
      /* the block ends with the quote or list item it opened in */
      size_t ch = md_containers_end(l.s, l.len, l.skip);
      if (S_quote_marks(l.s, ch) < html_quotes || l.skip < html_indent) {
        html_end = NULL;
      } else {
        rd->line_flags[k] |= MD_LINE_CODE;
        if (md_holds(c, clen, html_end)) {
          html_end = NULL;
          para_start = k + 1;
        }
        continue;
      }
    }
    int closed, blank_before = 0;
    int def = !code_char && S_def_marker(rd, k, &l, &blank_before) &&
              term == k - 1 - (size_t)blank_before && S_indent_ok(rd, k, &l);
    if (def) {
      rd->line_flags[k] |= MD_LINE_DEF;
      if (blank_before)
        rd->line_flags[k] |= MD_LINE_DEF_BLANK;
      in_def = 1;
    }
    /* a fence may open after a container's marks ("- ```") or a
       definition's marker */
    size_t ce = md_containers_end(l.s, l.len, l.skip);
    if (def)
      for (ce = l.skip + 1; ce < l.len && (l.s[ce] == ' ' || l.s[ce] == '\t');)
        ce++;
    if (S_code_line(l.s + ce, l.len - ce, &code_char, &code_len, &closed)) {
      rd->line_flags[k] |= MD_LINE_CODE;
      if (closed)
        para_start = k + 1; /* a list may follow a code block */
      if (def)
        term = k;
      continue;
    }
    if (!S_indent_ok(rd, k, &l)) {
      /* indented code: no example references in it */
      if (k == para_start || (k > 0 && (rd->line_flags[k - 1] & MD_LINE_CODE)))
        rd->line_flags[k] |= MD_LINE_CODE;
      continue;
    }
    /* reference definitions: after a blank line or one another */
    int may_start = k == para_start || (k > 0 && def_run == k - 1);
    if (md_refdefs_scan(rd, k, may_start) && may_start)
      def_run = k;
    size_t h = c[0] == '<' ? l.skip : md_containers_end(l.s, l.len, l.skip);
    const char *end = md_html_block_end(l.s + h, l.len - h);
    if (end && !md_holds(l.s + h, l.len - h, end)) {
      html_end = end;
      html_quotes = S_quote_marks(l.s, h);
      html_indent = html_quotes || h == l.skip ? 0 : h;
    }
    if (!rd->fragment)
      md_example_marker(rd, k, c, clen, l.indent, k == para_start);
    S_fence f;
    if (clen >= 4 && c[0] == '[' && c[1] == '^' && l.indent <= 3 &&
        !rd->fragment) {
      const char *close = memchr(c, ']', clen);
      if (close && close + 1 < c + clen && close[1] == ':') {
        if (rd->nnote_lines % 64 == 0) {
          uint32_t *nl = realloc(rd->note_lines, (rd->nnote_lines + 64) *
                                                     sizeof *nl);
          if (!nl)
            recto_out_of_memory();
          rd->note_lines = nl;
        }
        rd->note_lines[rd->nnote_lines++] = (uint32_t)k;
      }
    }
    S_line fl = l;
    if (clen >= 4 && c[0] != ':')
      fl.skip = md_containers_end(l.s, l.len, l.skip);
    const char *fc = fl.s + fl.skip;
    if (fl.len - fl.skip >= 3 && fc[0] == ':' && fc[1] == ':' && fc[2] == ':') {
      if (S_div_fence(&fl, &f)) {
        fresh = k + 1;
        f.at = fl.skip;
        fences[k] = f;
        if (f.open) {
          stack[depth++] = k;
        } else if (depth && S_fence_closes(rd, stack[depth - 1],
                                           fences[stack[depth - 1]].at, &fl)) {
          depth--;
          rd->line_flags[stack[depth]] |= MD_LINE_DIV;
          rd->line_flags[k] |= MD_LINE_DIV;
        }
      }
    }
    if (k == para_start || k == fresh || in_def ||
        md_containers_end(l.s, l.len, l.skip) > l.skip)
      term = k;
    if (c[0] == '#')
      fresh = k + 1;
    md_list_markers(rd, k, l.skip, k == para_start);
  }
  free(stack);
  md_example_refs(rd, body);

  /* matched fences, in order */
  rd->ndivs = 0;
  for (size_t k = body; k < rd->nlines; k++)
    if (rd->line_flags[k] & MD_LINE_DIV)
      rd->ndivs++;
  rd->divs = recto_xmalloc((rd->ndivs ? rd->ndivs : 1) * sizeof *rd->divs);

  /* the text for cmark */
  recto_buf out = RECTO_BUF_INIT;
  recto_buf_grow(&out, rd->src_len + 64);
  size_t nd = 0;
  size_t run = 0; /* start in src of lines copied as they are */
  for (size_t k = 0; k < rd->nlines; k++) {
    if (k >= body &&
        !(rd->line_flags[k] & (MD_LINE_DIV | MD_LINE_DEF | MD_LINE_TABLE |
                               MD_LINE_EXAMPLE | MD_LINE_META |
                               MD_LINE_FANCY | MD_LINE_REFDEF)))
      continue; /* copied with the run it belongs to */
    size_t start = rd->lines[k];
    size_t end = k + 1 < rd->nlines ? rd->lines[k + 1] : rd->src_len;
    recto_buf_put(&out, rd->src + run, start - run);
    run = end;
    S_line l = S_line_at(rd, k);
    size_t eol = (size_t)(l.s - rd->src) + l.len;
    size_t at = out.len;
    if (k < body || (rd->line_flags[k] & MD_LINE_META)) {
      recto_buf_put(&out, rd->src + eol, end - eol);
    } else if (rd->line_flags[k] & MD_LINE_TABLE) {
      md_tables_line(rd, k, &out);
    } else if ((rd->line_flags[k] & (MD_LINE_EXAMPLE | MD_LINE_DEF |
                                     MD_LINE_DIV)) == MD_LINE_EXAMPLE) {
      md_example_line(rd, k, &out);
    } else if (rd->line_flags[k] & MD_LINE_DIV) {
      md_div *d = &rd->divs[nd];
      d->line = (uint32_t)k + 1;
      d->column = (uint32_t)fences[k].at + 1;
      d->open = fences[k].open;
      d->attrs = fences[k].attrs;
      d->attrs_len = fences[k].attrs_len;
      recto_buf_put(&out, l.s, fences[k].at);
      recto_buf_printf(&out, "<!--rd:%zu-->", nd);
      recto_buf_put(&out, rd->src + eol, end - eol);
      nd++;
    } else if (rd->line_flags[k] & MD_LINE_REFDEF) {
      md_refdefs_line(rd, k, &out);
    } else {
      recto_buf_put(&out, rd->src + start, end - start);
    }
    if ((rd->line_flags[k] & MD_LINE_FANCY) && k >= body)
      md_list_line(rd, k, out.data + at); /* at the input's offsets */
    if ((rd->line_flags[k] & MD_LINE_DEF) && k >= body &&
        S_def_line(&out, at + l.skip, l.indent))
      rd->line_flags[k] |= MD_LINE_DEF_ROOM;
  }
  recto_buf_put(&out, rd->src + run, rd->src_len - run);
  free(fences);
  md_tables_appendix(rd, &out);
  if (out.data)
    md_pipes_mark(rd, &out);

  /* escapes, in place: two bytes for two bytes.  An escaped space is
     one only in a word where a '^', '~' or '$' before it can open a sub-
     or superscript or math (white space in brackets or braces, "^[a b]",
     "[a]{k=v}", is in the word); elsewhere cmark reads "\\ " as it is (in
     a URL, an autolink, a link destination). */
  char *scanned = out.data;
  int script_open = 0; /* a '^', '~' or '$' since the last white space */
  size_t nest = 0;     /* brackets and braces open on this line */
  for (char *p = out.data, *end = p ? p + out.len : NULL;
       p && (p = memchr(p, '\\', (size_t)(end - p))) != NULL && p + 1 < end;
       scanned = p += 2) { /* "\\" escapes the second backslash too */
    for (; scanned < p; scanned++) {
      char ch = *scanned;
      if (ch == '\n')
        script_open = 0, nest = 0;
      else if (ch == '[' || ch == '{')
        nest++;
      else if ((ch == ']' || ch == '}') && nest)
        nest--;
      else if (md_isspace((unsigned char)ch) && !nest)
        script_open = 0;
      else if (ch == '^' || ch == '~' || ch == '$')
        script_open = 1;
    }
    const char *e = p[1] ? strchr(MD_ESC_CHARS, p[1]) : NULL;
    if (e && e - MD_ESC_CHARS == MD_ESC_SPACE &&
        (!script_open || p + 2 == end || md_isspace((unsigned char)p[2]) ||
         p[2] == '*' || p[2] == '_'))
      continue; /* not in a script's word: a backslash and a space */
    if (e && rd->esc_cp[e - MD_ESC_CHARS]) {
      p[0] = (char)rd->esc_utf8[e - MD_ESC_CHARS][0];
      p[1] = (char)rd->esc_utf8[e - MD_ESC_CHARS][1];
    }
  }
  md_math_protect(rd, &out);
  rd->buf_len = out.len;
  rd->buf = recto_buf_detach(&out, NULL);
  if (!rd->buf) {
    rd->buf = recto_xmalloc(1);
    rd->buf[0] = 0;
  }
}

void md_prescan_free(md_reader *rd) {
  md_tables_free(rd);
  md_examples_free(rd);
  md_lists_free(rd);
  free(rd->note_lines);
  rd->note_lines = NULL;
  free(rd->yaml);
  rd->yaml = NULL;
  rd->nyaml = 0;
  free(rd->buf);
  free(rd->lines);
  free(rd->line_flags);
  free(rd->divs);
  free(rd->esc_of);
  free(rd->math_wide);
  rd->math_wide = NULL;
  rd->math_nwide = 0;
  md_refdefs_free(rd);
  free(rd->moved);
  rd->moved = NULL;
  free(rd->bare);
  rd->bare = NULL;
  rd->nmoved = 0;
  rd->esc_of = NULL;
  rd->buf = NULL;
  rd->lines = NULL;
  rd->line_flags = NULL;
  rd->divs = NULL;
}

const char *md_footnote_label(const md_reader *rd, uint32_t line,
                              uint32_t column) {
  if (line < 1 || line > rd->nlines)
    return NULL;
  S_line l = S_line_at(rd, line - 1);
  size_t i = column ? column - 1 : 0;
  if (i > l.len)
    i = l.len;
  while (i > 0 && (l.s[i - 1] == ' ' || l.s[i - 1] == '\t'))
    i--;
  if (i < 2 || l.s[i - 1] != ':' || l.s[i - 2] != ']')
    return NULL;
  size_t end = i - 2, b = end;
  while (b >= 2 && !(l.s[b - 2] == '[' && l.s[b - 1] == '^'))
    b--;
  if (b < 2 || b == end)
    return NULL;
  return recto_strndup(rd->doc, l.s + b, end - b);
}

/* ---- where the text may be cut (read.c parses big inputs in pieces) ---- */

/* A note label, compared as cmark would compare it after dropping all
   white space and folding ASCII case: labels cmark takes as one are one
   here too (some it keeps apart are merged, which only cuts less). */
typedef struct S_key {
  const char *s; /* in rd->buf; NULL: a free slot */
  size_t len;
  uint64_t hash;
  size_t first; /* how many cuts come before its first mention */
} S_key;

static int S_key_byte(const char *s, size_t len, size_t *i) {
  while (*i < len && (s[*i] == ' ' || s[*i] == '\t' || s[*i] == '\n'))
    (*i)++;
  if (*i == len)
    return -1;
  unsigned char c = (unsigned char)s[(*i)++];
  return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static uint64_t S_key_hash(const char *s, size_t len) {
  uint64_t h = 14695981039346656037u;
  size_t i = 0;
  int c;
  while ((c = S_key_byte(s, len, &i)) >= 0)
    h = (h ^ (uint64_t)c) * 1099511628211u;
  return h;
}

static int S_key_eq(const S_key *k, const char *s, size_t len) {
  size_t i = 0, j = 0;
  int a, b;
  do {
    a = S_key_byte(k->s, k->len, &i);
    b = S_key_byte(s, len, &j);
  } while (a == b && a >= 0);
  return a == b;
}

/* The slot of s in a table of cap (a power of two) slots. */
static S_key *S_key_slot(S_key *tab, size_t cap, const char *s, size_t len,
                         uint64_t h) {
  size_t i = (size_t)h & (cap - 1);
  while (tab[i].s && !(tab[i].hash == h && S_key_eq(&tab[i], s, len)))
    i = (i + 1) & (cap - 1);
  return &tab[i];
}

/* Whether a "]:" at p could end a link reference definition: its label
   (no unescaped bracket inside, at most 999 characters) is not the
   "[^label]:" of a note definition. */
static int S_may_be_reference(const char *b, const char *p) {
  const char *q = p, *stop = p - b > 4004 ? p - 4004 : b;
  while (q > stop && q[-1] != '[' && q[-1] != ']')
    q--;
  if (q == stop || q[-1] == ']')
    return 0;
  if (q[0] != '^' || q + 1 == p)
    return 1;
  for (const char *x = q + 1; x < p; x++)
    if (*x == ' ' || *x == '\t' || *x == '\n' || *x == '\r' || !*x)
      return 1;
  return 0;
}

size_t md_split_points(const md_reader *rd, size_t **offs,
                       uint32_t **lines) {
  const char *b = rd->buf;
  size_t n = rd->buf_len;
  *offs = NULL;
  *lines = NULL;
  /* a lone CR ends a line for cmark: keep line counting simple */
  if (!b || memchr(b, '\r', n))
    return 0;
  size_t count = 0, cap = 0, *off = NULL;
  uint32_t *ln = NULL;
  size_t nd = 0, depth = 0;
  int blank = 0;
  uint32_t k = 0;
  for (size_t i = 0; i < n; k++) {
    const char *nl = memchr(b + i, '\n', n - i);
    size_t e = nl ? (size_t)(nl - b) + 1 : n;
    /* div fences above this line (1-based line k + 1) */
    for (; nd < rd->ndivs && rd->divs[nd].line <= k; nd++)
      depth = rd->divs[nd].open ? depth + 1 : depth - 1;
    if (blank && !depth && e - i >= 2 && b[i] == '#' && b[i + 1] == ' ') {
      if (count == cap) {
        cap = cap ? cap * 2 : 64;
        size_t *o = realloc(off, cap * sizeof *off);
        uint32_t *l = o ? realloc(ln, cap * sizeof *ln) : NULL;
        if (!l)
          recto_out_of_memory();
        off = o;
        ln = l;
      }
      off[count] = i;
      ln[count++] = k;
    }
    size_t j = i;
    while (j < e && (b[j] == ' ' || b[j] == '\t'))
      j++;
    blank = j == e || b[j] == '\n';
    i = e;
  }
  /* reference definitions are global: then no cut at all */
  for (const char *p = b; count && (p = memchr(p, ']', (size_t)(b + n - p)));
       p++)
    if (p + 1 < b + n && p[1] == ':' && S_may_be_reference(b, p))
      count = 0;
  /* a note's definition and every mention of its label in one piece:
     lo[c] is the lowest cut that a label first mentioned before cut c and
     mentioned again after cut c - 1 forbids */
  size_t *lo = count ? recto_xmalloc(count * sizeof *lo) : NULL;
  for (size_t c = 0; c < count; c++)
    lo[c] = SIZE_MAX;
  size_t tcap = 1024, used = 0, cut = 0;
  S_key *tab = count ? calloc(tcap, sizeof *tab) : NULL;
  if (count && !tab)
    recto_out_of_memory();
  for (const char *p = b; count && (p = memchr(p, '[', (size_t)(b + n - p)));
       p++) {
    if (p + 1 == b + n || p[1] != '^')
      continue;
    while (cut < count && off[cut] <= (size_t)(p - b))
      cut++;
    const char *s = p + 2, *e = s;
    const char *stop = (size_t)(b + n - s) > 4004 ? s + 4004 : b + n;
    while (e < stop && *e != ']')
      e++;
    if (e == stop)
      continue; /* too long for a label */
    for (const char *x = s; x < e && count; x++)
      if ((unsigned char)*x >= 0x80)
        count = 0; /* Unicode case folding: not worth matching here */
    if (!count)
      break;
    uint64_t h = S_key_hash(s, (size_t)(e - s));
    S_key *slot = S_key_slot(tab, tcap, s, (size_t)(e - s), h);
    if (slot->s) {
      if (slot->first < cut && slot->first < lo[cut - 1])
        lo[cut - 1] = slot->first;
      continue;
    }
    slot->s = s;
    slot->len = (size_t)(e - s);
    slot->hash = h;
    slot->first = cut;
    if (++used * 2 > tcap) {
      S_key *t = calloc(tcap * 2, sizeof *t);
      if (!t)
        recto_out_of_memory();
      for (size_t i = 0; i < tcap; i++)
        if (tab[i].s)
          *S_key_slot(t, tcap * 2, tab[i].s, tab[i].len, tab[i].hash) =
              tab[i];
      free(tab);
      tab = t;
      tcap *= 2;
    }
  }
  free(tab);
  /* cut c is forbidden when some lo[c'] <= c with c' >= c */
  size_t m = SIZE_MAX;
  for (size_t c = count; c-- > 0;) {
    if (lo[c] < m)
      m = lo[c];
    lo[c] = m <= c;
  }
  size_t w = 0;
  for (size_t c = 0; c < count; c++)
    if (!lo[c]) {
      off[w] = off[c];
      ln[w++] = ln[c];
    }
  free(lo);
  if (!w) {
    free(off);
    free(ln);
    return 0;
  }
  *offs = off;
  *lines = ln;
  return w;
}

/* ---- note definitions nothing refers to ---- */

void md_unused_notes(md_reader *rd, recto_node *root) {
  if (!rd->nnote_lines)
    return;
  md_strmap seen = {0};
  for (recto_node *n = recto_node_last_child(root);
       n && recto_node_type_of(n) == RECTO_NODE_NOTE_DEF;
       n = recto_node_prev(n))
    if (recto_node_marker(n))
      md_strmap_put(&seen, recto_node_marker(n), "");
  for (size_t i = 0; i < rd->nnote_lines; i++) {
    size_t k = rd->note_lines[i];
    S_line l = S_line_at(rd, k);
    const char *c = l.s + l.skip;
    const char *close = memchr(c, ']', l.len - l.skip);
    const char *label = recto_strndup(rd->doc, c + 2, (size_t)(close - c - 2));
    if (md_strmap_get(&seen, label))
      continue;
    md_strmap_put(&seen, label, "");
    /* its text: the rest of the line, then the lines indented under it
       (blank lines between) */
    size_t first = (size_t)(close + 2 - rd->src), end = k + 1;
    for (size_t j = k + 1; j < rd->nlines; j++) {
      S_line m = S_line_at(rd, j);
      if (!m.blank && m.indent < 4)
        break;
      if (!m.blank)
        end = j + 1;
    }
    size_t stop = end < rd->nlines ? rd->lines[end] : rd->src_len;
    recto_buf text = RECTO_BUF_INIT;
    for (size_t p = first; p < stop;) {
      const char *nl = memchr(rd->src + p, '\n', stop - p);
      size_t e = nl ? (size_t)(nl - rd->src) + 1 : stop;
      size_t q = p;
      if (p != first)
        for (int sp = 0; sp < 4 && q < e && rd->src[q] == ' '; sp++)
          q++;
      recto_buf_put(&text, rd->src + q, e - q);
      p = e;
    }
    recto_node *div = md_read_fragment(rd, text.data ? text.data : "",
                                       text.len, (uint32_t)k + 1);
    recto_buf_free(&text);
    recto_node *def = recto_node_new(rd->doc, RECTO_NODE_NOTE_DEF);
    recto_node_set_pos(def, md_pos(rd, (uint32_t)k + 1, (uint32_t)l.skip + 1));
    recto_node_set_marker(def, label);
    recto_node *b;
    while ((b = recto_node_first_child(div)) != NULL) {
      recto_node_unlink(b);
      recto_node_append(def, b);
    }
    recto_node_append(root, def);
  }
  md_strmap_free(&seen);
}
