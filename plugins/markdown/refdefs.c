/* refdefs.c: reference definitions as pandoc reads them, where CommonMark
 * reads none: a destination of several words, "[a]: /my file.pdf", and
 * attributes at the end, "[a]: /url "title" {#id .class key=value}" (its
 * link_attributes extension), or alone on the next line.
 *
 * CommonMark would leave such a line a paragraph and every reference to it
 * text.  The prescan finds such lines only where a definition can start
 * (after a blank line or another definition, outside code and HTML blocks)
 * and gives cmark the definition as it reads one: the destination in angle
 * brackets, its words one space apart; the attributes left out and kept,
 * with a private key at the start of the title: a control character the
 * input does not use, the definition's number, the character again, then
 * the title as written.  A link or image whose title starts with that key
 * takes the attributes and keeps the rest as its title; a title written in
 * the document never holds the character.  A line of attributes after a
 * definition is given to cmark as its containers' marks alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md.h"

struct md_refdefs {
  char mark;         /* the private character */
  size_t count, cap;
  struct {
    size_t line;     /* 0-based input line */
    size_t dest, dest_end; /* the destination's words, in the line */
    int words;       /* several: it goes in angle brackets */
    size_t title, title_end; /* the title with its delimiters, or empty */
    size_t attrs;    /* 1 + the offset of '{' in attrs_line, or 0 */
    size_t attrs_line; /* line or the next one (pandoc takes them there) */
  } *defs;
};

/* Control characters no Markdown construct gives a meaning to (none of
   those pipes.c takes its mark from). */
static const char S_marks[] = "\x01\x02\x03\x04\x05\x06";

static int S_sp(char c) { return c == ' ' || c == '\t'; }

/* Past a link label "[...]" at s[i] (no unescaped bracket inside, at most
   999 characters, not blank): the offset after ']', or 0. */
static size_t S_label(const char *s, size_t len, size_t i) {
  if (i >= len || s[i] != '[' || (i + 1 < len && s[i + 1] == '^'))
    return 0;
  int filled = 0;
  for (size_t j = i + 1; j < len && j - i <= 1000; j++) {
    if (s[j] == '\\' && j + 1 < len) {
      j++;
      filled = 1;
    } else if (s[j] == '[') {
      return 0;
    } else if (s[j] == ']') {
      return filled ? j + 1 : 0;
    } else if (!S_sp(s[j])) {
      filled = 1;
    }
  }
  return 0;
}

/* Past a link destination at s[i] as CommonMark reads one ("<...>" or
   balanced parentheses, no white space or control character), or 0. */
static size_t S_dest(const char *s, size_t len, size_t i) {
  if (i < len && s[i] == '<') {
    for (size_t j = i + 1; j < len; j++) {
      if (s[j] == '\\' && j + 1 < len)
        j++;
      else if (s[j] == '<')
        return 0;
      else if (s[j] == '>')
        return j + 1;
    }
    return 0;
  }
  size_t j = i, depth = 0;
  for (; j < len && !S_sp(s[j]); j++) {
    if ((unsigned char)s[j] < 0x20)
      return 0;
    if (s[j] == '\\' && j + 1 < len && !S_sp(s[j + 1]))
      j++;
    else if (s[j] == '(')
      depth++;
    else if (s[j] == ')' && depth-- == 0)
      return 0;
  }
  return j > i && depth == 0 ? j : 0;
}

/* Whether s[i..end), words of a destination, reads the same in angle
   brackets: no unescaped '<' or '>' in any word, and no backslash at the
   end to escape the closing '>'. */
static int S_bracketable(const char *s, size_t i, size_t end) {
  for (; i < end; i++) {
    if (s[i] == '\\') {
      if (++i == end)
        return 0;
    } else if (s[i] == '<' || s[i] == '>') {
      return 0;
    }
  }
  return 1;
}

/* Past a title at s[i] ("...", '...' or (...), on one line), or 0. */
static size_t S_title(const char *s, size_t len, size_t i) {
  if (i >= len || (s[i] != '"' && s[i] != '\'' && s[i] != '('))
    return 0;
  char close = s[i] == '(' ? ')' : s[i];
  for (size_t j = i + 1; j < len; j++) {
    if (s[j] == '\\' && j + 1 < len)
      j++;
    else if (s[i] == '(' && s[j] == '(')
      return 0;
    else if (s[j] == close)
      return j + 1;
  }
  return 0;
}

/* Whether what follows s[i] on its line is only white space. */
static int S_rest_blank(const char *s, size_t len, size_t i) {
  while (i < len && S_sp(s[i]))
    i++;
  return i == len;
}

/* Past attributes "{...}" at s[p] that end the line, or 0. */
static size_t S_attrs(md_reader *rd, const char *s, size_t len, size_t p) {
  md_attr attr;
  size_t used = p < len && s[p] == '{' ? md_attr_parse(rd, s + p, len - p, &attr)
                                       : 0;
  return used && !attr.raw_format && S_rest_blank(s, len, p + used) ? p + used
                                                                    : 0;
}

/* The attributes alone on line k, after its containers' marks and white
   space: 1 + their offset, or 0. */
static size_t S_attrs_line(md_reader *rd, size_t k) {
  if (k >= rd->nlines)
    return 0;
  size_t len;
  const char *s = md_line_text(rd, k, &len);
  size_t p = md_containers_end(s, len, 0);
  while (p < len && S_sp(s[p]))
    p++;
  return S_attrs(rd, s, len, p) ? p + 1 : 0;
}

int md_refdefs_scan(md_reader *rd, size_t k, int may_start) {
  size_t len;
  const char *s = md_line_text(rd, k, &len);
  md_refdefs *ra = rd->refdefs;
  if (ra && ra->count && ra->defs[ra->count - 1].attrs_line == k &&
      ra->defs[ra->count - 1].line < k)
    return 1; /* the attributes of the definition before */
  /* up to three spaces before it (the prescan leaves out indented code) */
  size_t i = 0;
  while (i < 3 && i < len && s[i] == ' ')
    i++;
  i = md_containers_end(s, len, i);
  size_t p = S_label(s, len, i);
  if (!p || p >= len || s[p] != ':')
    return 0;
  const char *at = memchr(s + i, '@', p - i);
  if (at && md_cite_key_len(at + 1, (size_t)(s + p - at - 1)))
    return 0; /* a citation, "[@doe, p. 3]: ...", is none (pandoc) */
  if (!may_start)
    return 1; /* a definition's look: one may follow it */
  for (p++; p < len && S_sp(s[p]); p++)
    ;
  /* the destination: words up to a title or attributes */
  size_t dest = p, dest_end = 0, title = 0, title_end = 0, attrs = 0;
  int words = 0;
  if (p < len && s[p] == '<') {
    dest_end = S_dest(s, len, p);
    words = dest_end ? 1 : 0;
    p = dest_end;
  } else {
    while (p < len) {
      size_t t;
      if (s[p] == '{' && words)
        break;
      if (!words && strchr("\"'(", s[p]) && S_title(s, len, p))
        return 1; /* a title and no destination: no definition */
      if (words && strchr("\"'(", s[p])) {
        /* a title, which ends the line or comes before attributes; one
           that goes on (over lines, or words after it) is CommonMark's */
        if ((t = S_title(s, len, p)) != 0 &&
            (S_rest_blank(s, len, t) || s[t + strspn(s + t, " \t")] == '{'))
          break;
        return 1;
      }
      size_t w = p;
      while (w < len && !S_sp(s[w]))
        w++;
      if (!words && S_dest(s, len, p) != w)
        return 1; /* no destination cmark could read */
      words++;
      dest_end = w;
      for (p = w; p < len && S_sp(s[p]); p++)
        ;
    }
  }
  if (!words || (words > 1 && !S_bracketable(s, dest, dest_end)))
    return 1;
  for (; p < len && S_sp(s[p]); p++)
    ;
  size_t t = S_title(s, len, p);
  if (t) {
    title = p;
    title_end = t;
    for (p = t; p < len && S_sp(s[p]); p++)
      ;
  }
  size_t attrs_line = k;
  if (p < len && s[p] == '{') {
    if (!S_attrs(rd, s, len, p))
      return 1;
    attrs = p + 1;
  } else if (p < len) {
    return 1; /* more after the title */
  } else if ((attrs = S_attrs_line(rd, k + 1)) != 0) {
    attrs_line = k + 1; /* pandoc takes attributes on the next line */
  } else if (words == 1) {
    return 1; /* cmark reads it as it is */
  }
  if (!ra) {
    ra = rd->refdefs = recto_xmalloc(sizeof *ra);
    memset(ra, 0, sizeof *ra);
    ra->mark = md_unused_mark(rd->src, rd->src_len, S_marks);
  }
  if (!ra->mark)
    return 1; /* the input uses them all: the line stays as it is */
  if (ra->count == ra->cap) {
    ra->cap = ra->cap ? ra->cap * 2 : 16;
    ra->defs = recto_xrealloc(ra->defs, ra->cap * sizeof *ra->defs);
  }
  ra->defs[ra->count].line = k;
  ra->defs[ra->count].dest = dest;
  ra->defs[ra->count].dest_end = dest_end;
  ra->defs[ra->count].words = words;
  ra->defs[ra->count].title = title;
  ra->defs[ra->count].title_end = title_end;
  ra->defs[ra->count].attrs = attrs;
  ra->defs[ra->count].attrs_line = attrs_line;
  ra->count++;
  rd->line_flags[k] |= MD_LINE_REFDEF;
  rd->line_flags[attrs_line] |= MD_LINE_REFDEF;
  return 1;
}

/* The definition recorded for line k (they are recorded in order). */
static size_t S_find(const md_refdefs *ra, size_t k) {
  size_t lo = 0, hi = ra->count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (ra->defs[mid].line < k)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

void md_refdefs_line(md_reader *rd, size_t k, recto_buf *out) {
  const md_refdefs *ra = rd->refdefs;
  size_t n = S_find(ra, k), len;
  const char *s = md_line_text(rd, k, &len);
  size_t end = k + 1 < rd->nlines ? rd->lines[k + 1] : rd->src_len;
  if (n == ra->count || ra->defs[n].line != k) {
    /* the attributes of the definition before: its containers' marks */
    recto_buf_put(out, s, md_containers_end(s, len, 0));
    recto_buf_put(out, s + len, (size_t)(rd->src + end - (s + len)));
    return;
  }
  size_t dest = ra->defs[n].dest, dest_end = ra->defs[n].dest_end;
  size_t title = ra->defs[n].title, title_end = ra->defs[n].title_end;
  recto_buf_put(out, s, dest);
  if (ra->defs[n].words > 1) {
    recto_buf_putc(out, '<');
    for (size_t i = dest; i < dest_end; i++) {
      if (!S_sp(s[i]))
        recto_buf_putc(out, s[i]);
      else if (!S_sp(s[i - 1]))
        recto_buf_putc(out, ' ');
    }
    recto_buf_putc(out, '>');
  } else {
    recto_buf_put(out, s + dest, dest_end - dest);
  }
  char key[32];
  int kl = ra->defs[n].attrs ? snprintf(key, sizeof key, "%c%zu%c",
                                        ra->mark, n, ra->mark)
                             : 0;
  if (title_end) {
    /* the key goes in after the title's opening delimiter */
    recto_buf_putc(out, ' ');
    recto_buf_putc(out, s[title]);
    recto_buf_put(out, key, (size_t)kl);
    recto_buf_put(out, s + title + 1, title_end - title - 1);
  } else if (kl) {
    recto_buf_puts(out, " \"");
    recto_buf_put(out, key, (size_t)kl);
    recto_buf_putc(out, '"');
  }
  const char *line_end = s + len;
  recto_buf_put(out, line_end, (size_t)(rd->src + end - line_end));
}

void md_refdefs_apply(md_reader *rd, recto_node *link) {
  const md_refdefs *ra = rd->refdefs;
  const char *title = recto_node_title(link);
  if (!ra || !ra->mark || !title || title[0] != ra->mark)
    return;
  char *close;
  size_t n = strtoul(title + 1, &close, 10);
  if (*close != ra->mark || n >= ra->count)
    return;
  size_t len;
  const char *s = md_line_text(rd, ra->defs[n].attrs_line, &len);
  md_attr attr;
  size_t at = ra->defs[n].attrs - 1;
  if (md_attr_parse(rd, s + at, len - at, &attr)) {
    md_attr_apply(&attr, link);
  }
  recto_node_set_title(link, close[1] ? close + 1 : NULL);
}

void md_refdefs_free(md_reader *rd) {
  if (rd->refdefs)
    free(rd->refdefs->defs);
  free(rd->refdefs);
  rd->refdefs = NULL;
}
