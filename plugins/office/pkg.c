/* pkg.c: the zip package of a DOCX or ODT file, read through the guarded
   zip layer (plugins/common/zipin: traversal, bombs, encrypted entries,
   truncation), and its XML parts parsed without network access or
   external entities. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "xmlread.h"
#include "zipin.h"

struct ox_pkg {
  recto_context *ctx;
  zipin *zip;
};

ox_pkg *ox_pkg_open(recto_context *ctx, const recto_input *input,
                    recto_status *st) {
  zipin *zip = zipin_open(ctx, input->data, input->len);
  if (!zip) {
    *st = RECTO_ERR_INPUT;
    return NULL;
  }
  ox_pkg *pkg = calloc(1, sizeof *pkg);
  pkg->ctx = ctx;
  pkg->zip = zip;
  *st = RECTO_OK;
  return pkg;
}

void ox_pkg_close(ox_pkg *pkg) {
  if (!pkg)
    return;
  zipin_close(pkg->zip);
  free(pkg);
}

int ox_pkg_has(ox_pkg *pkg, const char *name) {
  return zipin_has(pkg->zip, name);
}

unsigned char *ox_pkg_bytes(ox_pkg *pkg, const char *name, size_t *len,
                            recto_status *st) {
  *len = 0;
  *st = RECTO_OK;
  if (!zipin_has(pkg->zip, name))
    return NULL;
  unsigned char *data = zipin_read(pkg->zip, name, len, 1);
  if (!data)
    *st = RECTO_ERR_INPUT; /* refused while inflating: reported */
  return data;
}

recto_status ox_pkg_carry(ox_pkg *pkg, recto_doc *doc, const char *part,
                          const char *url) {
  size_t len;
  recto_status st;
  if (recto_doc_resource(doc, url, &len, NULL))
    return RECTO_OK;
  unsigned char *data = ox_pkg_bytes(pkg, part, &len, &st);
  if (data)
    recto_doc_set_resource(doc, url, data, len, NULL);
  free(data);
  return st;
}

static void S_not_well_formed(ox_pkg *pkg, const char *name,
                              const xr_problem *pb) {
  char fmt[300];
  snprintf(fmt, sizeof fmt, "part '%.200s' is not well-formed XML: %%s",
           name);
  xr_report(pkg->ctx, RECTO_DIAG_ERROR, "office.xml", pb, fmt);
}

/* The parts of a package never declare a DTD: one that does is hostile
   (external entities, entity expansion). */
static int S_declares_dtd(ox_pkg *pkg, const char *name, const xmlDoc *xml) {
  if (!xml->intSubset && !xml->extSubset)
    return 0;
  recto_diag_emit(pkg->ctx, RECTO_DIAG_ERROR, "office.dtd", NULL,
                  "part '%s' declares a DTD, which no word processor "
                  "writes: refused", name);
  return 1;
}

xmlDoc *ox_pkg_xml(ox_pkg *pkg, const char *name, recto_status *st) {
  size_t len;
  unsigned char *data = ox_pkg_bytes(pkg, name, &len, st);
  if (!data)
    return NULL;
  /* xmlread's safe setup: no DTD is loaded and no entity substituted,
     XXE and entity bombs have nothing to work with */
  xr_problem pb;
  xmlDoc *xml = xr_parse_bytes((const char *)data, len, 0, &pb);
  free(data);
  if (!xml) {
    S_not_well_formed(pkg, name, &pb);
    *st = RECTO_ERR_INPUT;
  } else if (S_declares_dtd(pkg, name, xml)) {
    xmlFreeDoc(xml);
    xml = NULL;
    *st = RECTO_ERR_INPUT;
  }
  return xml;
}

xr_stream *ox_pkg_stream(ox_pkg *pkg, const char *name, recto_status *st) {
  size_t len;
  unsigned char *data = ox_pkg_bytes(pkg, name, &len, st);
  if (!data)
    return NULL;
  xr_stream *s = xr_stream_open((const char *)data, len, XR_PARSE_OWN);
  const xmlDoc *xml = xr_stream_doc(s);
  if (xml && !S_declares_dtd(pkg, name, xml))
    return s;
  if (!xml)
    ox_pkg_stream_end(pkg, name, s);
  xr_stream_close(s);
  *st = RECTO_ERR_INPUT;
  return NULL;
}

recto_status ox_pkg_stream_end(ox_pkg *pkg, const char *name, xr_stream *s) {
  xr_problem pb;
  if (xr_stream_finish(s, &pb))
    return RECTO_OK;
  S_not_well_formed(pkg, name, &pb);
  return RECTO_ERR_INPUT;
}
