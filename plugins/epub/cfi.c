/* cfi.c: the EPUB canonical fragment identifiers of page lists (EPUB CFI
   1.1): "/6/4[ct]!/4/2[d10e42]/12/1:1552" walks from the package's root
   element to a spine item ("!": into its document), then through that
   document to an element or to a character of its text.  An even step
   2k is the k-th child element; an odd step 2k+1 the text between child
   elements k and k+1; ":N" a character offset in that text (counted in
   code points).  An id assertion "[id]" must match the element reached:
   a path that no longer fits the document places nothing. */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlstring.h>

#include "epub.h"

/* The id of e ("id" or "xml:id"), or NULL; freed with xmlFree. */
static xmlChar *S_id(const xmlNode *e) {
  for (xmlAttr *a = e->properties; a; a = a->next)
    if (strcmp((const char *)a->name, "id") == 0)
      return xmlNodeGetContent((const xmlNode *)a);
  return NULL;
}

/* The assertion "[...]" at *p (skipped); 1 when there is none or when it
   names e's id.  Text assertions (after an offset) are only skipped. */
static int S_assertion(const char **p, const xmlNode *e) {
  if (**p != '[')
    return 1;
  const char *end = strchr(*p, ']');
  if (!end)
    return 0;
  const char *id = *p + 1;
  size_t len = (size_t)(end - id);
  *p = end + 1;
  if (!e || len == 0 || memchr(id, ';', len) || memchr(id, ',', len))
    return 1; /* parameters or a text assertion: not an id */
  xmlChar *have = S_id(e);
  int ok = have && strlen((const char *)have) == len &&
           memcmp(have, id, len) == 0;
  xmlFree(have);
  return ok;
}

static xmlNode *S_nth_element(const xmlNode *e, long k) {
  for (xmlNode *n = e->children; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE && --k == 0)
      return n;
  return NULL;
}

static long S_number(const char **p) {
  char *end;
  long v = strtol(*p, &end, 10);
  if (end == *p || v < 0)
    return -1;
  *p = end;
  return v;
}

const char *epub_cfi_walk(const char *p, xmlNode *from, epub_cfi_point *at) {
  at->element = from;
  at->text_step = -1;
  at->offset = -1;
  while (p && *p == '/') {
    p++;
    long step = S_number(&p);
    if (step < 0 || at->text_step >= 0)
      return NULL;
    if (step % 2) {
      at->text_step = step;
      if (!S_assertion(&p, NULL))
        return NULL;
      continue;
    }
    xmlNode *next = step ? S_nth_element(at->element, step / 2) : NULL;
    if (!next || !S_assertion(&p, next))
      return NULL;
    at->element = next;
  }
  if (p && *p == ':') {
    p++;
    at->offset = S_number(&p);
    if (at->offset < 0 || !S_assertion(&p, NULL))
      return NULL;
  }
  return p;
}

/* Bytes of the first n code points of s (all of s when shorter). */
static size_t S_code_points(const xmlChar *s, long n) {
  size_t b = 0;
  for (; s[b] && n > 0; n--)
    do
      b++;
    while ((s[b] & 0xC0) == 0x80);
  return b;
}

int epub_cfi_insert(const epub_cfi_point *at, xmlNode *mark) {
  xmlNode *e = at->element;
  if (!e || e->type != XML_ELEMENT_NODE || !e->parent)
    return 0;
  if (at->text_step < 0) {
    xmlAddPrevSibling(e, mark); /* the page starts with the element */
    return 1;
  }
  /* the text between child elements k and k+1; the mark goes where the
     offset falls in it, else at its end */
  long k = at->text_step / 2;
  xmlNode *n = e->children;
  for (; n && k > 0; n = n->next)
    k -= n->type == XML_ELEMENT_NODE;
  long left = at->offset < 0 ? 0 : at->offset;
  xmlNode *last = NULL;
  for (; n && n->type != XML_ELEMENT_NODE; n = n->next) {
    last = n;
    if (n->type != XML_TEXT_NODE || !n->content)
      continue;
    long here = xmlUTF8Strlen(n->content);
    if (left > here) {
      left -= here;
      continue;
    }
    /* split: copies first (the content may be the parser's dictionary's) */
    size_t b = S_code_points(n->content, left);
    xmlNode *rest = xmlNewDocText(n->doc, n->content + b);
    xmlChar *head = xmlStrndup(n->content, (int)b);
    if (!rest || !head)
      abort();
    xmlNodeSetContent(n, head);
    xmlFree(head);
    xmlAddNextSibling(n, mark);
    xmlAddNextSibling(mark, rest);
    return 1;
  }
  if (last)
    xmlAddNextSibling(last, mark);
  else if (n)
    xmlAddPrevSibling(n, mark);
  else
    xmlAddChild(e, mark);
  return 1;
}
