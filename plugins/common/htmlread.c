/* htmlread.c: safe parsing of HTML and XHTML, and their <head> (see
   htmlread.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "htmlmodel.h"
#include "htmlread.h"
#include "xmlread.h"

int hr_is_xhtml(const char *data, size_t len) {
  size_t i = 0;
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < len && strchr(" \t\r\n", data[i]))
    i++;
  return len - i >= 5 && memcmp(data + i, "<?xml", 5) == 0;
}

static int S_undeclared_entity(const xmlNode *n, int depth) {
  for (; n && depth < 4096; n = n->next) {
    if (n->type == XML_ENTITY_REF_NODE && !n->children)
      return 1;
    if (n->type == XML_ELEMENT_NODE && S_undeclared_entity(n->children,
                                                            depth + 1))
      return 1;
  }
  return 0;
}

static xmlDoc *S_html(recto_context *ctx, const char *data, size_t len);

/* XHTML that leans on HTML's entities without declaring them: the HTML
   parser knows them. */
static xmlDoc *S_entities_checked(recto_context *ctx, xmlDoc *xd,
                                  const char *data, size_t len) {
  if (!S_undeclared_entity(xmlDocGetRootElement(xd), 0))
    return xd;
  xmlFreeDoc(xd);
  recto_diag_emit(ctx, RECTO_DIAG_INFO, "html.entities", NULL,
                  "XHTML uses HTML entities its DTD would declare; read "
                  "with the HTML parser");
  return S_html(ctx, data, len);
}

static xmlDoc *S_html(recto_context *ctx, const char *data, size_t len) {
  xr_problem pb;
  xmlDoc *xd = xr_parse_bytes(data, len, XR_PARSE_HTML, &pb);
  if (!xd)
    xr_report(ctx, RECTO_DIAG_ERROR, "html.syntax", &pb,
              "HTML cannot be read: %s");
  return xd;
}

/* The bytes are UTF-8 whatever the declaration says (the host decoded
   them; an EPUB's documents are UTF-8). */
xmlDoc *hr_parse_xml(recto_context *ctx, const char *data, size_t len,
                     const char *what) {
  xr_problem pb;
  xmlDoc *xd = xr_parse_bytes(data, len, XR_PARSE_UTF8, &pb);
  if (!xd) {
    char fmt[160];
    snprintf(fmt, sizeof fmt, "%.100s is not well-formed: %%s", what);
    xr_report(ctx, RECTO_DIAG_ERROR, "xml.syntax", &pb, fmt);
  }
  return xd;
}

xmlDoc *hr_parse(recto_context *ctx, const char *data, size_t len,
                 hr_mode mode) {
  if (mode == HR_HTML)
    return S_html(ctx, data, len);
  if (mode == HR_XHTML_LENIENT) {
    /* quietly first: a failure is a warning, then the HTML parser */
    xr_problem pb;
    xmlDoc *xd = xr_parse_bytes(data, len, XR_PARSE_UTF8, &pb);
    if (!xd) {
      xr_report(ctx, RECTO_DIAG_WARNING, "html.not-xml", &pb,
                "XHTML is not well-formed (%s); read as HTML");
      return S_html(ctx, data, len);
    }
    return S_entities_checked(ctx, xd, data, len);
  }
  xmlDoc *xd = hr_parse_xml(ctx, data, len, "XHTML");
  return xd ? S_entities_checked(ctx, xd, data, len) : NULL;
}

/* Also in a tree being read: what comes before the child is read. */
static xmlNode *S_child(xmlNode *e, const char *name) {
  for (xmlNode *n = e ? xr_next_child(e, NULL, 0) : NULL; n;
       n = xr_next_child(e, n, 0))
    if (n->type == XML_ELEMENT_NODE &&
        strcasecmp((const char *)n->name, name) == 0)
      return n;
  return NULL;
}

xmlNode *hr_body(xmlDoc *xd) {
  xmlNode *root = xmlDocGetRootElement(xd);
  xmlNode *body = S_child(root, "body");
  return body ? body : root;
}

/* White space folded to single spaces, trimmed; NULL when empty. */
static const char *S_clean(recto_doc *doc, const char *s) {
  recto_buf b = RECTO_BUF_INIT;
  for (const char *p = s ? s : ""; *p; p++) {
    if (strchr(" \t\r\n", *p)) {
      if (b.len && b.data[b.len - 1] != ' ')
        recto_buf_putc(&b, ' ');
    } else {
      recto_buf_putc(&b, *p);
    }
  }
  while (b.len && b.data[b.len - 1] == ' ')
    b.len--;
  const char *r = b.len ? recto_strndup(doc, b.data, b.len) : NULL;
  recto_buf_free(&b);
  return r;
}

static void S_lang_dir(recto_doc *doc, const xmlNode *e) {
  if (!e)
    return;
  char *lang = hm_attr(e, "lang");
  if (!lang || !*lang) {
    xmlFree(lang);
    lang = hm_attr(e, "xml:lang");
  }
  if (lang && *lang && !recto_doc_lang(doc))
    recto_doc_set_lang(doc, lang);
  xmlFree(lang);
  char *dir = hm_attr(e, "dir");
  if (dir && recto_doc_dir(doc) == RECTO_DIR_UNSET) {
    if (strcasecmp(dir, "rtl") == 0)
      recto_doc_set_dir(doc, RECTO_DIR_RTL);
    else if (strcasecmp(dir, "ltr") == 0 && recto_doc_lang(doc) &&
             recto_lang_is_rtl(recto_doc_lang(doc)))
      recto_doc_set_dir(doc, RECTO_DIR_LTR); /* else it is the default */
  }
  xmlFree(dir);
}

void hr_head(recto_doc *doc, xmlDoc *xd) {
  xmlNode *root = xmlDocGetRootElement(xd);
  S_lang_dir(doc, root);
  S_lang_dir(doc, S_child(root, "body"));
  xmlNode *head = S_child(root, "head");
  recto_meta *meta = recto_doc_meta(doc);
  recto_meta *authors = NULL;
  for (xmlNode *n = head ? head->children : NULL; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    if (strcasecmp((const char *)n->name, "title") == 0) {
      char *t = (char *)xmlNodeGetContent(n);
      const char *title = S_clean(doc, t);
      if (title && !recto_meta_get(meta, "title"))
        recto_doc_meta_set_string(doc, "title", title);
      xmlFree(t);
      continue;
    }
    if (strcasecmp((const char *)n->name, "meta") != 0)
      continue;
    char *name = hm_attr(n, "name");
    char *content = hm_attr(n, "content");
    const char *value = S_clean(doc, content);
    if (name && value) {
      if (strcasecmp(name, "author") == 0 ||
          strcasecmp(name, "dc.creator") == 0) {
        if (!authors) {
          authors = recto_meta_new_list(doc);
          recto_meta_set(meta, "author", authors);
        }
        recto_meta_append(authors, recto_meta_new_string(doc, value));
      } else if (strcasecmp(name, "description") == 0) {
        recto_doc_meta_set_string(doc, "abstract", value);
      } else if (strcasecmp(name, "keywords") == 0) {
        recto_meta *list = recto_meta_new_list(doc);
        for (const char *p = value; *p;) {
          size_t n = strcspn(p, ",");
          const char *kw = S_clean(doc, recto_strndup(doc, p, n));
          if (kw)
            recto_meta_append(list, recto_meta_new_string(doc, kw));
          p += n;
          if (*p)
            p++;
        }
        recto_meta_set(meta, "keywords", list);
      } else if (strcasecmp(name, "date") == 0 ||
                 strcasecmp(name, "dc.date") == 0 ||
                 strcasecmp(name, "dcterms.date") == 0) {
        recto_doc_meta_set_string(doc, "date", value);
      }
    }
    xmlFree(name);
    xmlFree(content);
  }
}

int hr_fragment(recto_context *ctx, recto_doc *doc, const char *html,
                size_t len, recto_node *parent, int inline_content) {
  /* a body around it, so that the parser puts nothing into a <head> */
  recto_buf b = RECTO_BUF_INIT;
  recto_buf_puts(&b, "<!DOCTYPE html><html><body>");
  recto_buf_put(&b, html, len);
  recto_buf_puts(&b, "</body></html>");
  xmlDoc *xd = S_html(ctx, b.data, b.len);
  recto_buf_free(&b);
  if (!xd)
    return -1;
  xmlNode *body = hr_body(xd);
  hm_conv *c = hm_new(ctx, doc);
  hm_scan(c, body, NULL);
  if (inline_content)
    hm_inlines(c, body, parent, NULL);
  else
    hm_blocks(c, body, parent, NULL);
  hm_finish(c);
  int failed = hm_failed(c);
  hm_free(c);
  xmlFreeDoc(xd);
  return failed ? -1 : 0;
}
