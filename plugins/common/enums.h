/*
 * enums.h: the names the JSON formats give to the model's enumerations.
 * They are part of the native format: append only, never rename.
 */
#ifndef RECTO_NATIVE_ENUMS_H
#define RECTO_NATIVE_ENUMS_H

#include <stddef.h>

typedef struct nat_enum {
  const char *const *names; /* indexed by value */
  size_t count;
} nat_enum;

extern const nat_enum nat_dir, nat_list_kind, nat_list_style, nat_list_delim,
    nat_align, nat_quote, nat_cite_mode;

/** The name of value, or NULL when out of range. */
const char *nat_enum_name(const nat_enum *e, int value);
/** The value named name, or -1 (also when name is NULL). */
int nat_enum_value(const nat_enum *e, const char *name);

#endif
