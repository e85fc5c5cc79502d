/* biblio.c: descriptors of the bibliography plugin, and what its
   readers share. */
#include <string.h>

#include "biblio.h"

void bib_derive_dir(recto_bib_entry *e) {
  if (e->dir != RECTO_DIR_UNSET)
    return;
  if (e->language) {
    if (recto_lang_is_rtl(e->language))
      e->dir = RECTO_DIR_RTL;
    return;
  }
  /* No language: the first strong letter of the title decides. */
  const char *s = e->title ? e->title : "";
  size_t len = strlen(s);
  while (len) {
    uint32_t cp;
    int n = recto_utf8_decode(s, len, &cp);
    if (n < 1)
      n = 1;
    recto_script sc = recto_script_of(cp);
    if (sc == RECTO_SCRIPT_ARABIC || sc == RECTO_SCRIPT_HEBREW) {
      e->dir = RECTO_DIR_RTL;
      return;
    }
    if (sc != RECTO_SCRIPT_OTHER)
      return;
    s += n;
    len -= (size_t)n;
  }
}

/* Sure when the content's signature (recto/sniff.h) names the format. */
static int S_probe_bibtex(const unsigned char *h, size_t len) {
  recto_sniff sn;
  return recto_sniff_format(h, len, &sn) && !strcmp(sn.format, "bibtex") ? 90
                                                                          : 0;
}

static int S_probe_csljson(const unsigned char *h, size_t len) {
  recto_sniff sn;
  return recto_sniff_format(h, len, &sn) && !strcmp(sn.format, "csljson")
             ? 90
             : 0;
}

static const char *const S_bib_aliases[] = {"biblatex", NULL};
static const char *const S_bib_ext[] = {"bib", "bibtex", NULL};
static const char *const S_bib_media[] = {"application/x-bibtex", NULL};
static const char *const S_csl_aliases[] = {"csl-json", "csl", NULL};
static const char *const S_csl_ext[] = {"json", NULL};
static const char *const S_csl_media[] = {
    "application/vnd.citationstyles.csl+json", NULL};

static const recto_plugin S_descs[] = {
    {RECTO_PLUGIN_HEADER, RECTO_PLUGIN_READER,
     RECTO_PLUGIN_BIBLIOGRAPHY | RECTO_PLUGIN_TEXT_INPUT, "bibtex",
     S_bib_aliases, S_bib_ext, S_bib_media,
     "BibTeX / BibLaTeX bibliography", "1.0", S_probe_bibtex, bibtex_read,
     NULL, NULL, NULL, {NULL, NULL, NULL}},
    {RECTO_PLUGIN_HEADER, RECTO_PLUGIN_READER,
     RECTO_PLUGIN_BIBLIOGRAPHY | RECTO_PLUGIN_TEXT_INPUT, "csljson",
     S_csl_aliases, S_csl_ext, S_csl_media, "CSL JSON bibliography", "1.0",
     S_probe_csljson, csljson_read, NULL, NULL, NULL, {NULL, NULL, NULL}},
    {RECTO_PLUGIN_HEADER, RECTO_PLUGIN_WRITER, 0, "csljson", S_csl_aliases,
     S_csl_ext, S_csl_media, "CSL JSON bibliography (the document's entries)",
     "1.0", NULL, NULL, csljson_write, NULL, NULL, {NULL, NULL, NULL}},
};


RECTO_PLUGIN_EXPORT const recto_plugin *recto_plugin_descriptor(uint32_t index) {
  return index < sizeof S_descs / sizeof S_descs[0] ? &S_descs[index] : NULL;
}
