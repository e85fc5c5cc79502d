/* normalize.c: the text as the steps read it.  pdftotext writes many
   Persian and Arabic PDFs in Arabic Presentation Forms (the shaped
   glyphs), and Latin text with the ligatures of its fonts ("ﬁ"), which
   no word list and no language test knows: they become their base
   letters (NFKC), unless plain.presentation-forms asks to
   keep them.  It wraps runs in bidi embeddings (U+202A-U+202E) and
   isolates (U+2066-U+2069), which carry nothing the document model does
   not say again with its own direction: they are counted and removed.
   Line ends and form feeds are untouched, so line numbers stay those of
   the input.  The text is copied only when there is something to do. */
#include <stdlib.h>
#include <string.h>

#include "plain.h"

/* Presentation form (EF AC 80 .. EF BB BF) or bidi control
   (E2 80 AA..AE, E2 81 A6..A9) at s[i]?  Returns its length, else 0. */
static int S_special(const unsigned char *s, size_t len, size_t i,
                     int *bidi, int *opens) {
  if (i + 2 >= len)
    return 0;
  unsigned char a = s[i], b = s[i + 1], c = s[i + 2];
  if (a == 0xE2 && ((b == 0x80 && c >= 0xAA && c <= 0xAE) ||
                    (b == 0x81 && c >= 0xA6 && c <= 0xA9))) {
    *bidi = 1;
    /* every control but the pop (U+202C, U+2069) opens a run */
    *opens = !(b == 0x80 && c == 0xAC) && !(b == 0x81 && c == 0xA9);
    return 3;
  }
  if (a == 0xEF && ((b >= 0xAC && b <= 0xB7) || (b >= 0xB9 && b <= 0xBB))) {
    uint32_t cp = (uint32_t)(a & 0x0F) << 12 | (uint32_t)(b & 0x3F) << 6 |
                  (c & 0x3F);
    if ((cp >= 0xFB00 && cp <= 0xFB06) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
        (cp >= 0xFE70 && cp <= 0xFEFF)) {
      *bidi = 0;
      return 3;
    }
  }
  return 0;
}

void pt_normalize(pt_ctx *p) {
  const unsigned char *s = (const unsigned char *)p->text;
  size_t len = p->len, first = len;
  int bidi, opens;
  for (size_t i = 0; i < len; i++)
    if ((s[i] == 0xE2 || s[i] == 0xEF) &&
        S_special(s, len, i, &bidi, &opens)) {
      first = i;
      break;
    }
  if (first == len)
    return;
  int keep_forms = p->opts && recto_options_get_bool(
                                  p->opts, PT_OPT_PRESENTATION_FORMS, 0);
  /* decompositions are mostly no longer than the forms; grow for the
     few ligatures that are */
  size_t cap = len + len / 4 + 64, o = first;
  char *out = recto_xcalloc(1, cap);
  memcpy(out, s, first);
  for (size_t i = first; i < len;) {
    size_t n = (s[i] == 0xE2 || s[i] == 0xEF)
                   ? (size_t)S_special(s, len, i, &bidi, &opens)
                   : 0;
    const char *rep = NULL;
    size_t rlen = 0;
    if (n && bidi) {
      p->n.bidi_marks++;
      p->n.bidi_runs += (size_t)opens;
    } else if (n && !keep_forms) {
      size_t k = i;
      uint32_t cp = pt_next((const char *)s, len, &k);
      rep = pt_form_nfkc(cp, &rlen);
      if (rep)
        p->n.forms++;
      else
        rep = (const char *)s + i, rlen = n;
    } else {
      n = 1;
      rep = (const char *)s + i;
      rlen = 1;
    }
    if (o + rlen + 1 > cap)
      out = pt_grow(out, &cap, o + rlen + 1, 1);
    if (rlen)
      memcpy(out + o, rep, rlen);
    o += rlen;
    i += n;
  }
  p->normalized = out;
  p->text = out;
  p->len = o;
}
