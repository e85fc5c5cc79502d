/* recto/version.h: library version.  The plugin ABI version is in plugin.h. */
#ifndef RECTO_VERSION_H
#define RECTO_VERSION_H

#include "recto/export.h"

#define RECTO_VERSION_MAJOR 0
#define RECTO_VERSION_MINOR 1
#define RECTO_VERSION_PATCH 0
#define RECTO_VERSION_STRING "0.1.0"

#ifdef __cplusplus
extern "C" {
#endif

/** The version of the library actually loaded (may differ from the header). */
RECTO_API const char *recto_version(void);

#ifdef __cplusplus
}
#endif
#endif
