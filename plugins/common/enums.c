/* enums.c: name tables for enumerations (see enums.h). */
#include "enums.h"

#include <string.h>

#define S_TABLE(var, ...)                                                     \
  static const char *const var##_names[] = {__VA_ARGS__};                    \
  const nat_enum var = {var##_names,                                         \
                        sizeof var##_names / sizeof var##_names[0]}

S_TABLE(nat_dir, "unset", "ltr", "rtl", "auto");
S_TABLE(nat_list_kind, "bullet", "ordered");
S_TABLE(nat_list_style, "default", "decimal", "lower-alpha", "upper-alpha",
        "lower-roman", "upper-roman", "arabic-indic", "persian", "example");
S_TABLE(nat_list_delim, "default", "period", "paren", "two-parens", "dash");
S_TABLE(nat_align, "default", "left", "center", "right");
S_TABLE(nat_quote, "double", "single");
S_TABLE(nat_cite_mode, "normal", "author-in-text", "suppress-author");

const char *nat_enum_name(const nat_enum *e, int value) {
  if (value < 0 || (size_t)value >= e->count)
    return NULL;
  return e->names[value];
}

int nat_enum_value(const nat_enum *e, const char *name) {
  for (size_t i = 0; name && i < e->count; i++)
    if (strcmp(e->names[i], name) == 0)
      return (int)i;
  return -1;
}
