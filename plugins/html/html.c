/* html.c: the HTML and XHTML reader.  The parser is chosen by content
   (an XML declaration or the XHTML namespace: the XML parser), the
   elements mapped by the shared htmlmodel, the <head> read into
   metadata. */
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>

#include "htmlmodel.h"
#include "htmlread.h"
#include "recto/plugin.h"

/* A doctype or an <html> element first (comments and white space
   aside): sure.  An XML declaration followed by an XHTML root: sure. */
static int S_probe(const unsigned char *head, size_t len) {
  const char *s = (const char *)head;
  size_t i = 0;
  if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  for (;;) {
    while (i < len && strchr(" \t\r\n", s[i]))
      i++;
    if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
      const char *end = memmem(s + i + 4, len - i - 4, "-->", 3);
      if (!end)
        return 0;
      i = (size_t)(end - s) + 3;
      continue;
    }
    break;
  }
  if (len - i >= 14 && strncasecmp(s + i, "<!DOCTYPE html", 14) == 0)
    return 90;
  if (len - i >= 5 && strncasecmp(s + i, "<html", 5) == 0 &&
      (len - i == 5 || strchr(" \t\r\n>", s[i + 5])))
    return 90;
  /* XML with an XHTML root element near the start */
  size_t near = len < 1024 ? len : 1024;
  if (hr_is_xhtml(s, len) && memmem(s, near, "<html", 5) &&
      memmem(s, near, "http://www.w3.org/1999/xhtml", 28))
    return 80;
  return 0;
}

static recto_status S_read(recto_context *ctx, const recto_input *input,
                           const recto_options *opts, recto_doc **out) {
  (void)opts;
  const char *data = (const char *)input->data;
  const char *dot = strrchr(input->name, '.');
  int xhtml = hr_is_xhtml(data, input->len) ||
              (dot && (strcasecmp(dot, ".xhtml") == 0 ||
                       strcasecmp(dot, ".xht") == 0));
  recto_doc *doc = recto_doc_new();
  hm_conv *c = hm_new(ctx, doc);
  /* XHTML is converted while it is read; HTML, and XHTML that needs the
     HTML parser, parsed whole */
  hm_stream *st = xhtml ? hm_stream_open(c, data, input->len) : NULL;
  xmlDoc *xd = NULL;
  if (st) {
    hr_head(doc, hm_stream_doc(st));
    hm_stream_blocks(st, recto_doc_root(doc));
    hm_stream_close(st);
  } else {
    /* nested too deep: reported, and no better read whole */
    xd = hm_failed(c) ? NULL
                      : hr_parse(ctx, data, input->len,
                                 xhtml ? HR_XHTML : HR_HTML);
    if (!xd) {
      hm_free(c);
      recto_doc_free(doc);
      return RECTO_ERR_INPUT;
    }
    hr_head(doc, xd);
    xmlNode *body = hr_body(xd);
    hm_scan(c, body, NULL);
    hm_blocks(c, body, recto_doc_root(doc), NULL);
  }
  hm_finish(c);
  int failed = hm_failed(c);
  hm_free(c);
  xmlFreeDoc(xd);
  if (failed) {
    recto_doc_free(doc);
    return RECTO_ERR_INPUT;
  }
  *out = doc;
  return RECTO_OK;
}

static const char *const S_extensions[] = {"html", "htm", "xhtml", "xht",
                                           NULL};
static const char *const S_media[] = {"text/html", "application/xhtml+xml",
                                      NULL};
static const char *const S_aliases[] = {"xhtml", "html5", NULL};

static const recto_plugin S_descs[] = {
    {RECTO_PLUGIN_HEADER, RECTO_PLUGIN_READER, RECTO_PLUGIN_TEXT_INPUT,
     "html", S_aliases, S_extensions, S_media,
     "HTML and XHTML (notes, citations, bibliographies and page breaks by "
     "their EPUB and DPUB-ARIA semantics)",
     "1.0", S_probe, S_read, NULL, NULL, NULL, {NULL, NULL, NULL}},
};


RECTO_PLUGIN_EXPORT const recto_plugin *recto_plugin_descriptor(uint32_t index) {
  return index < sizeof S_descs / sizeof S_descs[0] ? &S_descs[index] : NULL;
}
