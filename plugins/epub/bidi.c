/* bidi.c: right-to-left done without being asked.  Text is stored in
   logical order; what the reader needs is the right base direction on
   every block and embedded runs of the other direction isolated, so that
   "(Assembly of People - APK)" inside Persian prose keeps its word order
   and its brackets. */
#include "epub.h"

recto_dir epub_cp_dir(uint32_t cp) {
  switch (recto_script_of(cp)) {
  case RECTO_SCRIPT_LATIN:
  case RECTO_SCRIPT_GREEK:
  case RECTO_SCRIPT_CYRILLIC:
  case RECTO_SCRIPT_CJK:
    return RECTO_DIR_LTR;
  case RECTO_SCRIPT_ARABIC:
  case RECTO_SCRIPT_HEBREW:
    return RECTO_DIR_RTL;
  default:
    return RECTO_DIR_UNSET;
  }
}

recto_dir epub_lang_dir(const char *lang) {
  return recto_lang_is_rtl(lang) ? RECTO_DIR_RTL : RECTO_DIR_LTR;
}

/* The direction of the character at s + i, and its length in step.
   ASCII, most of the text in most books, needs no decoding: its letters
   are Latin, the rest is neutral. */
static recto_dir S_dir_at(const char *s, size_t len, size_t i, size_t *step) {
  unsigned char c = (unsigned char)s[i];
  if (c < 0x80) {
    *step = 1;
    c |= 0x20; /* ASCII lower case */
    return c >= 'a' && c <= 'z' ? RECTO_DIR_LTR : RECTO_DIR_UNSET;
  }
  uint32_t cp;
  int n = recto_utf8_decode(s + i, len - i, &cp);
  *step = n > 0 ? (size_t)n : 1;
  return epub_cp_dir(cp);
}

static void S_count(const char *s, size_t len, size_t *ltr, size_t *rtl) {
  size_t i = 0;
  while (i < len) {
    size_t step;
    recto_dir d = S_dir_at(s, len, i, &step);
    i += step;
    if (d == RECTO_DIR_LTR)
      (*ltr)++;
    else if (d == RECTO_DIR_RTL)
      (*rtl)++;
  }
}

static recto_dir S_majority(size_t ltr, size_t rtl) {
  if (ltr > rtl)
    return RECTO_DIR_LTR;
  if (rtl > ltr)
    return RECTO_DIR_RTL;
  return RECTO_DIR_UNSET;
}

recto_dir epub_text_dir(const char *s, size_t len) {
  size_t ltr = 0, rtl = 0;
  if (s)
    S_count(s, len, &ltr, &rtl);
  return S_majority(ltr, rtl);
}

recto_dir epub_block_dir(const recto_node *block) {
  size_t ltr = 0, rtl = 0;
  recto_iter *it = recto_iter_new((recto_node *)block);
  recto_event ev;
  while ((ev = recto_iter_next(it)) != RECTO_EVENT_DONE) {
    recto_node *n = recto_iter_node(it);
    if (ev != RECTO_EVENT_ENTER)
      continue;
    recto_node_type t = recto_node_type_of(n);
    if ((t == RECTO_NODE_NOTE || t == RECTO_NODE_ANNOTATION) && n != block)
      recto_iter_skip_children(it); /* a note is read on its own */
    else if (t == RECTO_NODE_TEXT)
      S_count(recto_node_text(n), recto_node_text_len(n), &ltr, &rtl);
  }
  recto_iter_free(it);
  return S_majority(ltr, rtl);
}

static int S_combining(uint32_t cp) {
  return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
         (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F) ||
         cp == 0x200C || cp == 0x200D;
}

/* The end of the run of direction other that starts at start: letters of
   that direction, digits, and neutrals between them; a closing bracket
   opened before the run ends it, so brackets stay balanced on each side. */
static size_t S_run_end(const char *s, size_t len, size_t start,
                        recto_dir other) {
  size_t end = start, j = start;
  int depth = 0;
  while (j < len) {
    uint32_t cp;
    int n = recto_utf8_decode(s + j, len - j, &cp);
    size_t step = n > 0 ? (size_t)n : 1;
    recto_dir d = epub_cp_dir(cp);
    if (d != RECTO_DIR_UNSET && d != other)
      break;
    if (d == other || recto_digit_value(cp) >= 0) {
      j += step;
      if (depth == 0)
        end = j;
      continue;
    }
    if (S_combining(cp) && end == j) {
      j += step;
      end = j;
      continue;
    }
    if (cp == '(' || cp == '[' || cp == '{') {
      depth++;
    } else if (cp == ')' || cp == ']' || cp == '}') {
      if (depth == 0)
        break;
      if (--depth == 0) {
        j += step;
        end = j;
        continue;
      }
    }
    j += step;
  }
  return end;
}

/* Character data: quotes need no escape outside attribute values (and
   EPUBCheck counts each &quot; or &#39; in text as a usage note), so
   only the runs between them go through the core's escaping, which also
   replaces the characters XML forbids. */
void epub_put_xml_text(recto_buf *out, const char *s, size_t len) {
  size_t start = 0;
  for (size_t i = 0; i < len; i++)
    if (s[i] == '"' || s[i] == '\'') {
      recto_buf_put_xml(out, s + start, i - start);
      recto_buf_putc(out, s[i]);
      start = i + 1;
    }
  recto_buf_put_xml(out, s + start, len - start);
}

void epub_put_text(recto_buf *out, const char *s, size_t len,
                   recto_dir context) {
  if (context != RECTO_DIR_LTR && context != RECTO_DIR_RTL) {
    epub_put_xml_text(out, s, len);
    return;
  }
  recto_dir other = context == RECTO_DIR_LTR ? RECTO_DIR_RTL : RECTO_DIR_LTR;
  size_t done = 0, i = 0;
  while (i < len) {
    if (other == RECTO_DIR_RTL && (unsigned char)s[i] < 0x80) {
      i++; /* ASCII is never right to left */
      continue;
    }
    size_t step;
    if (S_dir_at(s, len, i, &step) != other) {
      i += step;
      continue;
    }
    size_t end = S_run_end(s, len, i, other);
    epub_put_xml_text(out, s + done, i - done);
    recto_buf_puts(out, other == RECTO_DIR_RTL ? "<span dir=\"rtl\">"
                                               : "<span dir=\"ltr\">");
    epub_put_xml_text(out, s + i, end - i);
    recto_buf_puts(out, "</span>");
    done = i = end;
  }
  epub_put_xml_text(out, s + done, len - done);
}
