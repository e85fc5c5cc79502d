/* xml.c: small helpers over libxml2 trees that read without copying. */
#include <string.h>

#include "office.h"

int ox_is(const xmlNode *n, const char *ns, const char *local) {
  return n && n->type == XML_ELEMENT_NODE &&
         strcmp((const char *)n->name, local) == 0 &&
         (ns ? n->ns && strcmp((const char *)n->ns->href, ns) == 0 : !n->ns);
}

const char *ox_attr(const xmlNode *n, const char *ns, const char *local) {
  if (!n || n->type != XML_ELEMENT_NODE)
    return NULL;
  for (const xmlAttr *a = n->properties; a; a = a->next) {
    if (strcmp((const char *)a->name, local) != 0)
      continue;
    if (ns ? !a->ns || strcmp((const char *)a->ns->href, ns) != 0 : !!a->ns)
      continue;
    const xmlNode *t = a->children;
    return t && t->type == XML_TEXT_NODE && !t->next
               ? (const char *)t->content
               : t ? (const char *)t->content : "";
  }
  return NULL;
}

xmlNode *ox_first_elem(const xmlNode *n) {
  xmlNode *c = n ? n->children : NULL;
  while (c && c->type != XML_ELEMENT_NODE)
    c = c->next;
  return c;
}

xmlNode *ox_next_elem(const xmlNode *n) {
  xmlNode *c = n ? n->next : NULL;
  while (c && c->type != XML_ELEMENT_NODE)
    c = c->next;
  return c;
}

xmlNode *ox_child(const xmlNode *n, const char *ns, const char *local) {
  for (xmlNode *c = ox_first_elem(n); c; c = ox_next_elem(c))
    if (ox_is(c, ns, local))
      return c;
  return NULL;
}

/* The node after c in document order within n's subtree, NULL at its
   end; iterative: the depth of a part is not bounded by the C stack. */
static const xmlNode *S_following(const xmlNode *n, const xmlNode *c) {
  if (c->children && c->type == XML_ELEMENT_NODE)
    return c->children;
  while (c && !c->next && c != n)
    c = c->parent;
  return !c || c == n ? NULL : c->next;
}

void ox_text(const xmlNode *n, recto_buf *out) {
  for (const xmlNode *c = n ? n->children : NULL; c; c = S_following(n, c))
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
      recto_buf_puts(out, (const char *)c->content);
}

const xmlNode *ox_descendant(const xmlNode *n, const char *local) {
  for (const xmlNode *c = n ? n->children : NULL; c; c = S_following(n, c))
    if (c->type == XML_ELEMENT_NODE &&
        strcmp((const char *)c->name, local) == 0)
      return c;
  return NULL;
}

recto_pos ox_pos(const xmlNode *n) {
  recto_pos pos = {n ? (uint32_t)xmlGetLineNo(n) : 0, 0, 0};
  if (pos.line == (uint32_t)-1)
    pos.line = 0;
  return pos;
}

int ox_int(const char *s, int fallback) {
  if (!s)
    return fallback;
  while (*s == ' ')
    s++;
  int neg = *s == '-';
  if (neg || *s == '+')
    s++;
  long v = 0;
  int any = 0;
  uint32_t cp;
  int k;
  while (*s && (k = recto_utf8_decode(s, strlen(s), &cp)) > 0) {
    int d = recto_digit_value(cp);
    if (d < 0)
      break;
    v = v * 10 + d;
    if (v > 1000000000L)
      return fallback;
    any = 1;
    s += k;
  }
  return any ? (int)(neg ? -v : v) : fallback;
}
