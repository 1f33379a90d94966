/*
 * header_check.c - compiled with -fsyntax-only by `make test-c`: includes the
 * generated header (build/minimact.h) and cgo's own header for the library
 * (build/libminimact.h, written by `go build -buildmode=c-shared`). The C
 * compiler refuses the pair if any export's prototype differs between them;
 * ffi's TestHeaderMatchesExports also checks that they declare the same set.
 */
#include "minimact.h"
#include "libminimact.h"
