/* fixtures.h: test documents for the writer tests, built with the API. */
#ifndef RECTO_TEST_WRITERS_FIXTURES_H
#define RECTO_TEST_WRITERS_FIXTURES_H

#include "recto/recto.h"

/** A new document by name ("rich", "edge", "book", "deep", "empty"), or
    NULL for an unknown name. */
recto_doc *fixture_build(const char *name);
extern const char *const fixture_names[];

#endif
