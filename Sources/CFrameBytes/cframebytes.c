/* The module's one function is `static inline` in include/cframebytes.h; SwiftPM wants a source file. */
#include "cframebytes.h"
