/*
 * recto/recto.h: the umbrella header.  Plugins need only this one.
 */
#ifndef RECTO_H
#define RECTO_H

#include "recto/version.h"
#include "recto/node.h"
#include "recto/doc.h"
#include "recto/meta.h"
#include "recto/biblio.h"
#include "recto/iter.h"
#include "recto/buf.h"
#include "recto/utf8.h"
#include "recto/diag.h"
#include "recto/options.h"
#include "recto/passes.h"
#include "recto/encoding.h"
#include "recto/style.h"
#include "recto/plugin.h"
#include "recto/resource.h"
#include "recto/sniff.h"

#endif
