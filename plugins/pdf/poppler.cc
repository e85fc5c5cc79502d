/*
 * poppler.cc: poppler's C++ interface behind the C functions of pdf.h.
 * Nothing here decides anything about structure: it only copies out
 * what poppler read (words with boxes and fonts, page labels, the
 * information dictionary, the outline).  No exception leaves this file.
 */
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <poppler-toc.h>

#include "pdf.h"
#include "recto/utf8.h"

struct pdf_doc {
  std::unique_ptr<poppler::document> doc;
};

/* poppler prints its errors on stderr unless told otherwise; a plugin
   never prints.  The handler is process-wide: set it once. */
static void S_quiet(const std::string &, void *) {}

static char *S_dup(const std::string &s) {
  if (s.empty())
    return nullptr;
  char *out = static_cast<char *>(std::malloc(s.size() + 1));
  if (out)
    std::memcpy(out, s.data(), s.size() + 1);
  return out;
}

/* UTF-16 to UTF-8 here, not with ustring::to_utf8, which opens an iconv
   converter on every call: once per word, that cost more than all the
   rest of the reading.  A lone surrogate becomes U+FFFD. */
static std::string S_utf8(const poppler::ustring &u) {
  std::string out;
  out.reserve(u.size());
  for (size_t i = 0; i < u.size(); i++) {
    uint32_t c = u[i];
    if (c >= 0xD800 && c < 0xDC00 && i + 1 < u.size() && u[i + 1] >= 0xDC00 &&
        u[i + 1] < 0xE000)
      c = 0x10000 + ((c - 0xD800) << 10) + (u[++i] - 0xDC00u);
    else if (c >= 0xD800 && c < 0xE000)
      c = 0xFFFD;
    char buf[4];
    out.append(buf, (size_t)recto_utf8_encode(c, buf));
  }
  return out;
}

static bool S_has(const std::string &name, const char *const *words) {
  for (; *words; words++)
    if (name.find(*words) != std::string::npos)
      return true;
  return false;
}

/*
 * Weight, slant and small capitals from a font's name, the only place
 * a PDF's text layer keeps them: the words of PostScript names
 * ("Times-BoldItalic", "NimbusRomNo9L-Medi", "MinionPro-RegularSC"), and
 * TeX's family codes, where the face is a code after the family
 * ("CMBX9": Computer Modern bold extended; "SFTI1000": EC italic;
 * "CMCSC10": caps and small caps).  A subset's "ABCDEF+" prefix is
 * skipped.
 */
static void S_face(const std::string &font, pdf_word *o) {
  static const char *const bold[] = {"Bold", "bold", "BOLD", "Black", "Heavy",
                                     "Semibold", "SemiBold", "Demi", "-Medi",
                                     nullptr};
  static const char *const italic[] = {"Italic", "italic", "Oblique",
                                       "Ital", nullptr};
  static const char *const caps[] = {"SmallCaps", "Smallcaps", "SC", "Caps",
                                     nullptr};
  size_t plus = font.find('+');
  std::string name = plus == std::string::npos ? font : font.substr(plus + 1);
  std::string lower(name);
  for (auto &c : lower)
    c = (char)std::tolower((unsigned char)c);
  o->bold = S_has(name, bold);
  o->italic = S_has(name, italic);
  /* "SC" and "Caps" as a word of the name's style part, not of its family */
  size_t dash = name.find_first_of("-,");
  o->smallcaps = dash != std::string::npos && S_has(name.substr(dash), caps);
  /* TeX: cm, ec, sf, tc, then the face code before the size digits */
  if (lower.size() > 3 && (lower.compare(0, 2, "cm") == 0 ||
                           lower.compare(0, 2, "ec") == 0 ||
                           lower.compare(0, 2, "sf") == 0)) {
    std::string code = lower.substr(2, lower.find_first_of("0123456789") - 2);
    static const char *const tex_bold[] = {"bx", "b", "ssbx", "bxti", "bxsl",
                                           nullptr};
    static const char *const tex_italic[] = {"ti", "sl", "bxti", "bxsl",
                                             "ssi", "itt", "si", nullptr};
    static const char *const tex_caps[] = {"csc", "cc", "tcc", nullptr};
    for (const char *const *k = tex_bold; *k; k++)
      o->bold |= code == *k;
    for (const char *const *k = tex_italic; *k; k++)
      o->italic |= code == *k;
    for (const char *const *k = tex_caps; *k; k++)
      o->smallcaps |= code == *k;
  }
}

/* Whether two character boxes are the halves of one glyph: poppler
   splits a glyph that stands for several characters into equal parts. */
static bool S_one_glyph(const poppler::rectf &a, const poppler::rectf &b) {
  double wa = a.right() - a.left(), wb = b.right() - b.left();
  return (wa - wb < 0.02 && wb - wa < 0.02) &&
         ((b.left() - a.right() < 0.02 && a.right() - b.left() < 0.02) ||
          (a.left() == b.left() && a.right() == b.right()));
}

static bool S_alef(unsigned short c) {
  return c == 0x0627 || c == 0x0622 || c == 0x0623 || c == 0x0625;
}

/*
 * A word's text in visual order.  Poppler gives each glyph's characters
 * in the order printed, except that the glyph of the lam-alef ligature
 * gives its two letters in their logical order: those are the two
 * halves of one glyph, and are turned here so that the whole word reads
 * as printed.
 */
static std::string S_visual(const poppler::text_box &w) {
  poppler::ustring u = w.text();
  for (size_t i = 0; i + 1 < u.size(); i++)
    if (u[i] == 0x0644 && S_alef(u[i + 1]) &&
        S_one_glyph(w.char_bbox(i), w.char_bbox(i + 1))) {
      std::swap(u[i], u[i + 1]);
      i++;
    }
  return S_utf8(u);
}

extern "C" pdf_open_status pdf_doc_open(const char *data, size_t len,
                                        const char *password, pdf_doc **out) {
  static std::once_flag once;
  *out = nullptr;
  if (len > 0x7fffffff)
    return PDF_OPEN_DAMAGED;
  try {
    std::call_once(once, [] { poppler::set_debug_error_function(S_quiet, nullptr); });
    std::string pw = password ? password : "";
    std::unique_ptr<poppler::document> d(
        poppler::document::load_from_raw_data(data, (int)len, pw, pw));
    if (!d)
      return PDF_OPEN_DAMAGED;
    /* unlock() answers whether the document is still locked */
    if (d->is_locked() && d->unlock(pw, pw))
      return PDF_OPEN_LOCKED;
    *out = new pdf_doc{std::move(d)};
    return PDF_OPEN_OK;
  } catch (const std::bad_alloc &) {
    return PDF_OPEN_MEMORY;
  } catch (...) {
    return PDF_OPEN_DAMAGED;
  }
}

extern "C" void pdf_doc_close(pdf_doc *doc) { delete doc; }

extern "C" int pdf_doc_pages(const pdf_doc *doc) { return doc->doc->pages(); }

extern "C" int pdf_doc_page(const pdf_doc *doc, int index, pdf_page *out) {
  std::memset(out, 0, sizeof *out);
  try {
    std::unique_ptr<poppler::page> p(doc->doc->create_page(index));
    if (!p)
      return 0;
    poppler::rectf box = p->page_rect();
    out->width = (float)box.width();
    out->height = (float)box.height();
    out->label = S_dup(S_utf8(p->label()));
    std::vector<poppler::text_box> words =
        p->text_list(poppler::page::text_list_include_font);
    std::string text;
    std::vector<size_t> offsets;
    for (auto &w : words) {
      offsets.push_back(text.size());
      text += S_visual(w);
    }
    out->text = static_cast<char *>(std::malloc(text.size() + 1));
    out->words = static_cast<pdf_word *>(
        std::calloc(words.size() ? words.size() : 1, sizeof(pdf_word)));
    if (!out->text || !out->words) {
      pdf_page_free(out);
      return -1;
    }
    std::memcpy(out->text, text.data(), text.size() + 1);
    for (size_t i = 0; i < words.size(); i++) {
      const poppler::text_box &w = words[i];
      pdf_word *o = &out->words[i];
      poppler::rectf b = w.bbox();
      size_t end = i + 1 < words.size() ? offsets[i + 1] : text.size();
      o->text = out->text + offsets[i];
      o->len = end - offsets[i];
      o->x1 = (float)b.left();
      o->y1 = (float)b.top();
      o->x2 = (float)b.right();
      o->y2 = (float)b.bottom();
      o->size = (float)w.get_font_size();
      S_face(w.get_font_name(), o);
      o->rotation = (uint8_t)(w.rotation() & 3);
    }
    out->nwords = words.size();
    return 0;
  } catch (...) {
    pdf_page_free(out);
    return -1;
  }
}

extern "C" void pdf_page_free(pdf_page *page) {
  std::free(page->words);
  std::free(page->label);
  std::free(page->text);
  std::memset(page, 0, sizeof *page);
}

extern "C" char *pdf_doc_info(const pdf_doc *doc, const char *key) {
  try {
    return S_dup(S_utf8(doc->doc->info_key(key)));
  } catch (...) {
    return nullptr;
  }
}

extern "C" char *pdf_doc_created(const pdf_doc *doc) {
  time_t t = doc->doc->get_creation_date_t();
  if (t == (time_t)-1 || t == 0)
    return nullptr;
  struct tm tm;
  char buf[16];
  if (!gmtime_r(&t, &tm) || !strftime(buf, sizeof buf, "%Y-%m-%d", &tm))
    return nullptr;
  return S_dup(buf);
}

extern "C" void pdf_doc_outline(const pdf_doc *doc,
                                void (*fn)(const char *, int, void *),
                                void *user) {
  try {
    std::unique_ptr<poppler::toc> toc(doc->doc->create_toc());
    if (!toc)
      return;
    /* depth first without recursion; a hostile outline is cut at 16
       levels */
    std::vector<std::pair<std::vector<poppler::toc_item *>, size_t>> stack;
    stack.push_back({toc->root()->children(), 0});
    while (!stack.empty()) {
      auto &top = stack.back();
      if (top.second >= top.first.size()) {
        stack.pop_back();
        continue;
      }
      poppler::toc_item *item = top.first[top.second++];
      std::string title = S_utf8(item->title());
      int level = (int)stack.size();
      fn(title.c_str(), level, user);
      if (stack.size() < 16 && !item->children().empty())
        stack.push_back({item->children(), 0});
    }
  } catch (...) {
  }
}
