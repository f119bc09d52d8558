#ifndef GONGKAI_CCMARKGFM_SHIM_H
#define GONGKAI_CCMARKGFM_SHIM_H
// Debian's libcmark-gfm-dev and libcmark-gfm-extensions-dev.
#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>
#endif
