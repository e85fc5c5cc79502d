/* sniff.c: the one table of content signatures (recto/sniff.h).

   Each family has its own small table: magic numbers, ZIP containers by
   their entries, XML by root namespace and name (DOCTYPE for DocBook 4
   and HTML), JSON by its keys, and a few text formats by what only they
   open with.  Only the first bytes are read, except for a ZIP file,
   whose entry names may be anywhere. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "recto/sniff.h"

/* How far into a file the text signatures look. */
#define S_HEAD 65536

typedef struct S_sig {
  const char *format;
  const char *what;
} S_sig;

static int S_found(recto_sniff *out, const char *format, const char *what,
                   const char *evidence) {
  out->format = format;
  out->what = what;
  size_t n = strlen(evidence);
  if (n >= sizeof out->evidence)
    n = sizeof out->evidence - 1;
  memcpy(out->evidence, evidence, n);
  out->evidence[n] = '\0';
  return 1;
}

/* ---- magic numbers ---- */

typedef struct S_magic {
  const char *bytes;
  size_t len;
  S_sig sig;
} S_magic;

static const S_magic S_magics[] = {
    {"%PDF-", 5, {"pdf", "PDF"}},
    {"{\\rtf", 5, {"rtf", "RTF (Rich Text Format)"}},
    {"%!PS", 4, {"postscript", "PostScript"}},
    {"\x89PNG\r\n\x1a\n", 8, {"png", "a PNG image"}},
    {"\xff\xd8\xff", 3, {"jpeg", "a JPEG image"}},
    {"GIF87a", 6, {"gif", "a GIF image"}},
    {"GIF89a", 6, {"gif", "a GIF image"}},
    {"\x1f\x8b", 2, {"gzip", "gzip-compressed data"}},
    {"\xfd" "7zXZ", 6, {"xz", "xz-compressed data"}},
    {"7z\xbc\xaf\x27\x1c", 6, {"7z", "a 7-Zip archive"}},
    {"Rar!\x1a\x07", 6, {"rar", "a RAR archive"}},
    {"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8,
     {"doc", "a Microsoft Office 97-2003 file (DOC, XLS or PPT)"}},
    {"\x7f" "ELF", 4, {"elf", "an ELF executable"}},
};

/* ---- ZIP containers ---- */

static unsigned S_le16(const unsigned char *p) {
  return (unsigned)p[0] | (unsigned)p[1] << 8;
}
static uint32_t S_le32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

/* What the entry names of a ZIP file say. */
typedef struct S_zipinfo {
  char mimetype[96];
  int content_types, word, xl, ppt, container, odf_content;
} S_zipinfo;

static void S_zip_name(S_zipinfo *z, const unsigned char *name, size_t n) {
#define S_IS(lit) (n == sizeof lit - 1 && memcmp(name, lit, n) == 0)
#define S_UNDER(lit) (n >= sizeof lit - 1 && memcmp(name, lit, sizeof lit - 1) == 0)
  if (S_IS("[Content_Types].xml"))
    z->content_types = 1;
  else if (S_UNDER("word/"))
    z->word = 1;
  else if (S_UNDER("xl/"))
    z->xl = 1;
  else if (S_UNDER("ppt/"))
    z->ppt = 1;
  else if (S_IS("META-INF/container.xml"))
    z->container = 1;
  else if (S_IS("content.xml"))
    z->odf_content = 1;
#undef S_IS
#undef S_UNDER
}

/* Local headers (the stored "mimetype" entry comes first in EPUB and
   OpenDocument) and central directory records, wherever they are. */
static void S_zip_scan(const unsigned char *d, size_t len, S_zipinfo *z) {
  size_t seen = 0;
  for (size_t i = 0; i + 4 <= len && seen < 100000; i++) {
    if (d[i] != 'P' || d[i + 1] != 'K')
      continue;
    if (d[i + 2] == 3 && d[i + 3] == 4 && i + 30 <= len) {
      size_t n = S_le16(d + i + 26), x = S_le16(d + i + 28);
      if (i + 30 + n > len)
        continue;
      seen++;
      S_zip_name(z, d + i + 30, n);
      uint32_t size = S_le32(d + i + 18);
      if (n == 8 && memcmp(d + i + 30, "mimetype", 8) == 0 &&
          S_le16(d + i + 8) == 0 && size < sizeof z->mimetype &&
          i + 30 + n + x + size <= len && !z->mimetype[0]) {
        memcpy(z->mimetype, d + i + 30 + n + x, size);
        z->mimetype[size] = '\0';
      }
    } else if (d[i + 2] == 1 && d[i + 3] == 2 && i + 46 <= len) {
      size_t n = S_le16(d + i + 28);
      if (i + 46 + n <= len) {
        seen++;
        S_zip_name(z, d + i + 46, n);
      }
    }
  }
}

typedef struct S_zipsig {
  const char *mimetype; /* prefix of the mimetype entry, or NULL */
  S_sig sig;
} S_zipsig;

static const S_zipsig S_zip_mimetypes[] = {
    {"application/epub+zip", {"epub", "EPUB"}},
    {"application/vnd.oasis.opendocument.text",
     {"odt", "ODT (OpenDocument text)"}},
    {"application/vnd.oasis.opendocument.spreadsheet",
     {"ods", "ODS (OpenDocument spreadsheet)"}},
    {"application/vnd.oasis.opendocument.presentation",
     {"odp", "ODP (OpenDocument presentation)"}},
    {"application/vnd.oasis.opendocument.",
     {"odf", "an OpenDocument file"}},
};

static int S_zip(const unsigned char *d, size_t len, recto_sniff *out) {
  S_zipinfo z;
  memset(&z, 0, sizeof z);
  S_zip_scan(d, len, &z);
  char ev[sizeof z.mimetype + 64];
  if (z.mimetype[0]) {
    snprintf(ev, sizeof ev, "ZIP with mimetype %s", z.mimetype);
    for (size_t k = 0; k < sizeof S_zip_mimetypes / sizeof *S_zip_mimetypes;
         k++) {
      const S_zipsig *s = &S_zip_mimetypes[k];
      if (strncmp(z.mimetype, s->mimetype, strlen(s->mimetype)) == 0)
        return S_found(out, s->sig.format, s->sig.what, ev);
    }
  }
  if (z.content_types && (z.word || z.xl || z.ppt)) {
    const char *part = z.word ? "word/" : z.xl ? "xl/" : "ppt/";
    snprintf(ev, sizeof ev, "ZIP with [Content_Types].xml and %s", part);
    if (z.word)
      return S_found(out, "docx", "DOCX (Office Open XML)", ev);
    if (z.xl)
      return S_found(out, "xlsx", "XLSX (Office Open XML spreadsheet)", ev);
    return S_found(out, "pptx", "PPTX (Office Open XML presentation)", ev);
  }
  if (z.container)
    return S_found(out, "epub", "EPUB",
                   "ZIP with META-INF/container.xml");
  if (z.odf_content && z.mimetype[0])
    return S_found(out, "odf", "an OpenDocument file", "ZIP with content.xml");
  return S_found(out, "zip", "a ZIP archive", "ZIP signature");
}

/* ---- XML and HTML ---- */

/* Roots and namespaces.  ns "" is no namespace; root NULL is any. */
typedef struct S_xmlsig {
  const char *ns;
  const char *root;
  S_sig sig;
} S_xmlsig;

static const S_xmlsig S_xml_sigs[] = {
    {"http://www.tei-c.org/ns/1.0", NULL, {"tei", "TEI P5"}},
    {"http://docbook.org/ns/docbook", NULL, {"docbook", "DocBook 5"}},
    {"http://www.w3.org/1999/xhtml", NULL, {"html", "XHTML"}},
    {"http://www.idpf.org/2007/opf", NULL,
     {"opf", "an EPUB package document (OPF)"}},
    {"http://www.daisy.org/z3986/2005/ncx/", NULL,
     {"ncx", "an EPUB 2 navigation document (NCX)"}},
    {"urn:oasis:names:tc:opendocument:xmlns:container", NULL,
     {"epub-container", "an EPUB container file (META-INF/container.xml)"}},
    {"http://www.w3.org/2000/svg", NULL, {"svg", "an SVG image"}},
    {"http://www.w3.org/1998/Math/MathML", NULL, {"mathml", "MathML"}},
    {"http://www.w3.org/2005/Atom", NULL, {"atom", "an Atom feed"}},
    {"http://www.w3.org/1999/XSL/Transform", NULL,
     {"xslt", "an XSLT stylesheet"}},
    {"http://relaxng.org/ns/structure/1.0", NULL,
     {"rng", "a RELAX NG schema"}},
    {"http://www.w3.org/2001/XMLSchema", NULL, {"xsd", "an XML Schema"}},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", NULL,
     {"rdf", "RDF/XML"}},
    {"http://www.loc.gov/mods/v3", NULL, {"mods", "MODS"}},
    {"http://www.loc.gov/MARC21/slim", NULL, {"marcxml", "MARCXML"}},
    {"urn:oasis:names:tc:opendocument:xmlns:office:1.0", NULL,
     {"fodt", "a flat OpenDocument file"}},
    {"http://schemas.openxmlformats.org/wordprocessingml/2006/main", NULL,
     {"wordml", "a WordprocessingML part of a DOCX file"}},
    {"", "TEI", {"tei", "TEI (without its namespace)"}},
    {"", "TEI.2", {"tei", "TEI P4"}},
    {"", "teiCorpus", {"tei", "TEI (without its namespace)"}},
    {"", "html", {"html", "HTML"}},
    {"", "rss", {"rss", "an RSS feed"}},
};

/* DocBook 4 has no namespace: its roots, when the DOCTYPE or the XML
   declaration says this is XML and no JATS mark says otherwise. */
static const char *const S_docbook4_roots[] = {
    "article", "book", "chapter", "part", "preface", "appendix", "section",
    "sect1", "sect2", "set", "reference", "refentry", "bibliography",
    "glossary", "partintro", "colophon", "dedication", NULL};

/* DOCTYPE public or system identifiers. */
typedef struct S_doctypesig {
  const char *contains;
  S_sig sig;
} S_doctypesig;

static const S_doctypesig S_doctypes[] = {
    {"DocBook", {"docbook", "DocBook 4 (no namespace)"}},
    {"JATS", {"jats", "JATS (journal article XML)"}},
    {"NLM", {"jats", "JATS (journal article XML)"}},
    {"XHTML", {"html", "XHTML"}},
    {"TEI", {"tei", "TEI"}},
};

static int S_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static const unsigned char *S_find(const unsigned char *p,
                                   const unsigned char *end, const char *s) {
  size_t n = strlen(s);
  void *hit = (size_t)(end - p) >= n ? memmem(p, (size_t)(end - p), s, n) : NULL;
  return hit ? (const unsigned char *)hit + n : NULL;
}

static int S_starts(const unsigned char *p, const unsigned char *end,
                    const char *s, int nocase) {
  size_t n = strlen(s);
  if ((size_t)(end - p) < n)
    return 0;
  return nocase ? strncasecmp((const char *)p, s, n) == 0
                : memcmp(p, s, n) == 0;
}

static int S_name_char(unsigned char c) {
  return c == '-' || c == '_' || c == '.' || c == ':' || c >= 0x80 ||
         (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

/* The root start tag: its qualified name, the namespace bound to its
   prefix, and whether it carries a JATS attribute. */
typedef struct S_root {
  char name[64];
  char ns[128];
  int has_ns;
  int jats_attr;
} S_root;

static void S_copy(char *dst, size_t cap, const unsigned char *p, size_t n) {
  if (n >= cap)
    n = cap - 1;
  memcpy(dst, p, n);
  dst[n] = '\0';
}

static void S_root_tag(const unsigned char *p, const unsigned char *end,
                       S_root *r) {
  const unsigned char *q = p;
  while (q < end && S_name_char(*q))
    q++;
  S_copy(r->name, sizeof r->name, p, (size_t)(q - p));
  const char *colon = strchr(r->name, ':');
  size_t plen = colon ? (size_t)(colon - r->name) : 0;
  while (q < end && *q != '>') {
    while (q < end && (S_space(*q) || *q == '/'))
      q++;
    const unsigned char *an = q;
    while (q < end && S_name_char(*q))
      q++;
    size_t alen = (size_t)(q - an);
    if (!alen) {
      if (q < end && *q != '>')
        q++;
      continue;
    }
    while (q < end && S_space(*q))
      q++;
    if (q >= end || *q != '=')
      continue;
    q++;
    while (q < end && S_space(*q))
      q++;
    if (q >= end || (*q != '"' && *q != '\''))
      continue;
    unsigned char quote = *q++;
    const unsigned char *v = q;
    while (q < end && *q != quote)
      q++;
    size_t vlen = (size_t)(q - v);
    if (q < end)
      q++;
    int is_default = alen == 5 && memcmp(an, "xmlns", 5) == 0;
    int is_prefix = plen && alen == 6 + plen && memcmp(an, "xmlns:", 6) == 0 &&
                    memcmp(an + 6, r->name, plen) == 0;
    if ((is_default && !plen) || is_prefix) {
      S_copy(r->ns, sizeof r->ns, v, vlen);
      r->has_ns = 1;
    }
    if ((alen == 12 && memcmp(an, "article-type", 12) == 0) ||
        (alen == 11 && memcmp(an, "dtd-version", 11) == 0))
      r->jats_attr = 1;
  }
}

static const char *S_local(const char *qname) {
  const char *colon = strchr(qname, ':');
  return colon ? colon + 1 : qname;
}

static int S_markup(const unsigned char *d, size_t len, recto_sniff *out) {
  const unsigned char *p = d, *end = d + len;
  int decl = S_starts(p, end, "<?xml", 0) && p + 5 < end && S_space(p[5]);
  char doctype[160] = "", dtname[64] = "";
  for (;;) {
    while (p < end && S_space(*p))
      p++;
    if (S_starts(p, end, "<?", 0)) {
      p = S_find(p, end, "?>");
    } else if (S_starts(p, end, "<!--", 0)) {
      p = S_find(p, end, "-->");
    } else if (S_starts(p, end, "<!DOCTYPE", 1)) {
      const unsigned char *q = p + 9;
      while (q < end && S_space(*q))
        q++;
      const unsigned char *n = q;
      while (q < end && S_name_char(*q))
        q++;
      S_copy(dtname, sizeof dtname, n, (size_t)(q - n));
      /* the identifiers, up to the internal subset or the end */
      const unsigned char *stop = q;
      while (stop < end && *stop != '[' && *stop != '>')
        stop++;
      S_copy(doctype, sizeof doctype, q, (size_t)(stop - q));
      if (stop < end && *stop == '[') {
        const unsigned char *close = S_find(stop, end, "]");
        while (close && close < end && S_space(*close))
          close++;
        /* ']' inside the subset: look for the "]>" that ends it */
        while (close && close < end && *close != '>') {
          close = S_find(close, end, "]");
          while (close && close < end && S_space(*close))
            close++;
        }
        p = close && close < end ? close + 1 : NULL;
      } else {
        p = stop < end ? stop + 1 : NULL;
      }
    } else {
      break;
    }
    if (!p)
      return 0; /* unterminated prolog: not enough to tell */
  }
  if (p >= end || *p != '<' || p + 1 >= end || !S_name_char(p[1]) ||
      p[1] == '-' || p[1] == '.' || (p[1] >= '0' && p[1] <= '9'))
    return 0;
  S_root r;
  memset(&r, 0, sizeof r);
  S_root_tag(p + 1, end, &r);
  const char *local = S_local(r.name);
  char ev[sizeof r.name + sizeof r.ns + sizeof dtname + 32];
  if (r.has_ns)
    snprintf(ev, sizeof ev, "root <%s> in namespace %s", r.name, r.ns);
  else
    snprintf(ev, sizeof ev, "root <%s>%s%s", r.name,
             doctype[0] ? " and DOCTYPE " : "", doctype[0] ? dtname : "");
  for (size_t k = 0; k < sizeof S_xml_sigs / sizeof *S_xml_sigs; k++) {
    const S_xmlsig *s = &S_xml_sigs[k];
    if (strcmp(s->ns, r.has_ns ? r.ns : "") != 0)
      continue;
    if (s->root && (r.has_ns ? strcmp(local, s->root) != 0
                             : strcasecmp(r.name, s->root) != 0))
      continue;
    return S_found(out, s->sig.format, s->sig.what, ev);
  }
  if (!r.has_ns) {
    int jats = r.jats_attr;
    for (size_t k = 0; k < sizeof S_doctypes / sizeof *S_doctypes; k++) {
      if (!strstr(doctype, S_doctypes[k].contains))
        continue;
      if (strcmp(S_doctypes[k].sig.format, "jats") == 0)
        jats = 1;
      else
        return S_found(out, S_doctypes[k].sig.format, S_doctypes[k].sig.what,
                       ev);
    }
    if (jats && strcmp(r.name, "article") == 0)
      return S_found(out, "jats", "JATS (journal article XML)", ev);
    if (strcasecmp(dtname, "html") == 0 || strcasecmp(r.name, "head") == 0 ||
        strcasecmp(r.name, "body") == 0)
      return S_found(out, "html", "HTML", ev);
    if (decl || doctype[0])
      for (const char *const *root = S_docbook4_roots; *root; root++)
        if (strcmp(r.name, *root) == 0)
          return S_found(out, "docbook", "DocBook 4 (no namespace)", ev);
  }
  /* Text that merely opens with a tag (Markdown does) is not claimed;
     a declaration, a DOCTYPE or a namespace makes it XML. */
  if (decl || doctype[0] || r.has_ns)
    return S_found(out, "xml", "XML of no format recto knows", ev);
  return 0;
}

/* ---- JSON ---- */

static int S_json(const unsigned char *d, size_t len, recto_sniff *out) {
  const unsigned char *p = d, *end = d + len;
  while (p < end && S_space(*p))
    p++;
  if (p >= end || (*p != '{' && *p != '['))
    return 0;
  int array = *p == '[';
  const unsigned char *q = p + 1;
  while (q < end && S_space(*q))
    q++;
  if (q >= end || (*q != '"' && *q != '{' && *q != '[' && *q != ']' &&
                   *q != '}'))
    return 0;
  if (!array && S_starts(q, end, "\"recto-native\"", 0))
    return S_found(out, "native", "recto native JSON",
                   "JSON object opening with \"recto-native\"");
  if (!array && memmem(q, (size_t)(end - q), "\"pandoc-api-version\"", 20))
    return S_found(out, "json", "pandoc JSON",
                   "JSON object with \"pandoc-api-version\"");
  if (array && *q == '{' && memmem(q, (size_t)(end - q), "\"id\"", 4))
    return S_found(out, "csljson", "CSL JSON",
                   "JSON array of objects with an \"id\"");
  return S_found(out, "json-data", "JSON that is neither recto native, "
                 "pandoc nor CSL JSON", array ? "JSON array" : "JSON object");
}

/* ---- text formats ---- */

/* The first line that is neither blank nor a comment of the format
   (comment is "%" for BibTeX and LaTeX). */
static const unsigned char *S_first_line(const unsigned char *p,
                                         const unsigned char *end,
                                         char comment) {
  while (p < end) {
    while (p < end && S_space(*p))
      p++;
    if (p < end && *p == comment) {
      const unsigned char *nl = memchr(p, '\n', (size_t)(end - p));
      p = nl ? nl + 1 : end;
      continue;
    }
    break;
  }
  return p;
}

static int S_bibtex(const unsigned char *d, size_t len, recto_sniff *out) {
  const unsigned char *p = S_first_line(d, d + len, '%'), *end = d + len;
  if (p >= end || *p != '@')
    return 0;
  const unsigned char *q = p + 1;
  while (q < end && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z')))
    q++;
  if (q == p + 1)
    return 0;
  while (q < end && S_space(*q))
    q++;
  if (q >= end || (*q != '{' && *q != '('))
    return 0;
  return S_found(out, "bibtex", "BibTeX", "the text opens with an @entry{");
}

static const char *const S_latex_openers[] = {
    "\\documentclass", "\\documentstyle", "\\begin{document}", "\\section{",
    "\\chapter{", "\\input{", "\\usepackage", NULL};

static int S_latex(const unsigned char *d, size_t len, recto_sniff *out) {
  const unsigned char *p = S_first_line(d, d + len, '%'), *end = d + len;
  for (const char *const *o = S_latex_openers; *o; o++)
    if (S_starts(p, end, *o, 0))
      return S_found(out, "latex", "LaTeX", *o);
  return 0;
}

/* reStructuredText: an explicit markup line (".. name::", ".. _label:")
   or a title with an overline, within the first lines. */
static int S_rst(const unsigned char *d, size_t len, recto_sniff *out) {
  const unsigned char *p = d, *end = d + (len < 4096 ? len : 4096);
  const unsigned char *prev = NULL, *prev2 = NULL;
  size_t prevn = 0, prev2n = 0;
  for (int line = 0; p < end && line < 40; line++) {
    const unsigned char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = (size_t)((nl ? nl : end) - p);
    if (n && p[n - 1] == '\r')
      n--;
    if (n > 3 && p[0] == '.' && p[1] == '.' && p[2] == ' ') {
      const unsigned char *c = memchr(p + 3, ':', n - 3);
      const unsigned char *q = p + 3;
      while (q < p + n && ((*q >= 'a' && *q <= 'z') || *q == '-'))
        q++;
      if ((c && q == c && c + 1 < p + n && c[1] == ':' && q > p + 3) ||
          (p[3] == '_' && c))
        return S_found(out, "rst", "reStructuredText",
                       "an explicit markup line (\"..\")");
    }
    /* overline, title, underline of the same punctuation */
    if (prev2 && prev && n >= 3 && n == prev2n && n >= prevn &&
        memcmp(p, prev2, n) == 0 && strchr("=-~*#^+", p[0])) {
      size_t k = 0;
      while (k < n && p[k] == p[0])
        k++;
      /* plain text draws such boxes too: only with rST's own markup
         (a literal block "::", a link "`_") besides */
      if (k == n && prevn && !S_space(prev[0]) &&
          (memmem(d, len, "::\n", 3) || memmem(d, len, "`_", 2)))
        return S_found(out, "rst", "reStructuredText",
                       "a title with an overline, and rST markup");
    }
    prev2 = prev;
    prev2n = prevn;
    prev = p;
    prevn = n;
    p = nl ? nl + 1 : end;
  }
  return 0;
}

/* ---- the whole ---- */

/* Text in UTF-16 (with a byte order mark) narrowed to its ASCII part, so
   that the signatures above can read it. */
static size_t S_narrow(const unsigned char *d, size_t len, unsigned char *buf,
                       size_t cap) {
  int le = d[0] == 0xFF;
  size_t n = 0;
  for (size_t i = 2; i + 1 < len && n < cap; i += 2) {
    unsigned c = le ? S_le16(d + i) : (unsigned)d[i] << 8 | d[i + 1];
    buf[n++] = c < 0x80 ? (unsigned char)c : 0x80;
  }
  return n;
}

int recto_sniff_probe(const unsigned char *data, size_t len,
                      const char *format) {
  recto_sniff sn;
  return recto_sniff_format(data, len, &sn) && !strcmp(sn.format, format)
             ? 100
             : 0;
}

int recto_sniff_is_text(const unsigned char *d, size_t len) {
  if (len >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) ||
                   (d[0] == 0xFE && d[1] == 0xFF)))
    return 1;
  if (len > S_HEAD)
    len = S_HEAD;
  for (size_t i = 0; i < len; i++)
    if (d[i] < 0x20 && d[i] != '\n' && d[i] != '\r' && d[i] != '\t' &&
        d[i] != '\f')
      return 0;
  return 1;
}

int recto_sniff_format(const unsigned char *data, size_t len,
                       recto_sniff *out) {
  memset(out, 0, sizeof *out);
  if (!data)
    return 0;
  for (size_t k = 0; k < sizeof S_magics / sizeof *S_magics; k++)
    if (len >= S_magics[k].len &&
        memcmp(data, S_magics[k].bytes, S_magics[k].len) == 0)
      return S_found(out, S_magics[k].sig.format, S_magics[k].sig.what,
                     "its magic number");
  if (len >= 4 && data[0] == 'P' && data[1] == 'K' &&
      ((data[2] == 3 && data[3] == 4) || (data[2] == 5 && data[3] == 6)))
    return S_zip(data, len, out);
  unsigned char narrow[8192];
  const unsigned char *head = data;
  size_t hlen = len < S_HEAD ? len : S_HEAD;
  if (len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) ||
                   (data[0] == 0xFE && data[1] == 0xFF))) {
    hlen = S_narrow(data, len, narrow, sizeof narrow);
    head = narrow;
  } else if (hlen >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0) {
    head += 3;
    hlen -= 3;
  }
  return S_markup(head, hlen, out) || S_json(head, hlen, out) ||
         S_bibtex(head, hlen, out) || S_latex(head, hlen, out) ||
         S_rst(head, hlen, out);
}
