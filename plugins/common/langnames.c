/* langnames.c: a short table; unknown tags simply get no name. */
#include <string.h>

#include "langnames.h"

static const struct {
  const char *code, *name;
} S_langs[] = {
    {"ar", "Arabic"},    {"az", "Azerbaijani"}, {"ckb", "Central Kurdish"},
    {"de", "German"},    {"el", "Greek"},       {"en", "English"},
    {"es", "Spanish"},   {"fa", "Persian"},     {"fr", "French"},
    {"he", "Hebrew"},    {"hi", "Hindi"},       {"it", "Italian"},
    {"ja", "Japanese"},  {"kk", "Kazakh"},      {"ku", "Kurdish"},
    {"ky", "Kyrgyz"},    {"la", "Latin"},       {"nl", "Dutch"},
    {"ps", "Pashto"},    {"pt", "Portuguese"},  {"ru", "Russian"},
    {"tg", "Tajik"},     {"tk", "Turkmen"},     {"tr", "Turkish"},
    {"uk", "Ukrainian"}, {"und", "Undetermined"}, {"ur", "Urdu"},
    {"uz", "Uzbek"},     {"zh", "Chinese"},
};

const char *xw_lang_name(const char *tag) {
  if (!tag)
    return NULL;
  size_t len = strcspn(tag, "-_");
  for (size_t k = 0; k < sizeof S_langs / sizeof S_langs[0]; k++)
    if (strlen(S_langs[k].code) == len &&
        strncmp(S_langs[k].code, tag, len) == 0)
      return S_langs[k].name;
  return NULL;
}
