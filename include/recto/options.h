/*
 * recto/options.h: string key/value options handed to plugins.
 *
 * Keys are plain words shared by every plugin that understands them
 * (unknown keys are ignored).  Known keys are listed in the README; the
 * CLI sets them from its own flags and from -O KEY=VALUE.
 */
#ifndef RECTO_OPTIONS_H
#define RECTO_OPTIONS_H

#include "recto/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct recto_options recto_options;

RECTO_API recto_options *recto_options_new(void);
RECTO_API void recto_options_free(recto_options *opts);
/** Set key to value (both copied); a later set replaces. */
RECTO_API void recto_options_set(recto_options *opts, const char *key,
                                 const char *value);
/** The value, or NULL when unset. */
RECTO_API const char *recto_options_get(const recto_options *opts,
                                        const char *key);
/** "1", "true", "yes", "on" are true; "0", "false", "no", "off" false. */
RECTO_API int recto_options_get_bool(const recto_options *opts,
                                     const char *key, int fallback);
RECTO_API long recto_options_get_int(const recto_options *opts,
                                     const char *key, long fallback);

#ifdef __cplusplus
}
#endif
#endif
