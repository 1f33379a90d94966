// free.c defines the exports that only give memory back: plain C, so that a
// host freeing a reply does not enter the Go runtime (a transition each way,
// about a third of a small call's cost). Each is free(3) of what the library
// allocated with malloc (cmem.go); free(NULL) does nothing, as documented in
// minimact.h. cgo compiles this file into the library beside the Go exports
// and the library exports its symbols like theirs (ffi/header_test.go checks
// both kinds against the generated header).
#include <stdlib.h>

#include "minimact.h"

void minimact_free_string(char *s) { free(s); }

void minimact_free_error(char *message) { free(message); }

void minimact_free_bytes(uint8_t *bytes) { free(bytes); }
