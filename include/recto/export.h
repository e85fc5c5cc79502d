/* recto/export.h: symbol visibility for the library and for plugins. */
#ifndef RECTO_EXPORT_H
#define RECTO_EXPORT_H

#if defined(__GNUC__)
#define RECTO_API __attribute__((visibility("default")))
#else
#define RECTO_API
#endif

/** Marks the one symbol a plugin exports (recto_plugin_descriptor). */
#if defined(__GNUC__)
#define RECTO_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define RECTO_PLUGIN_EXPORT
#endif

#if defined(__GNUC__)
#define RECTO_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define RECTO_PRINTF(f, a)
#endif

#endif
