package main

/*
#include <stdlib.h>
#include "minimact.h"
typedef const char minimact_cchar;
*/
import "C"

import "unsafe"

// Helpers for this package's Go tests, which cannot use cgo themselves: they
// make C strings as a host would and take the library's replies apart. The
// library never calls them.

// testCStr returns s as a malloc'd C string (nil for "\x00nil"); free it
// with testFree.
func testCStr(s string) *C.minimact_cchar {
	if s == "\x00nil" {
		return nil
	}
	return (*C.minimact_cchar)(unsafe.Pointer(C.CString(s)))
}

func testFree(p *C.minimact_cchar) { C.free(unsafe.Pointer(p)) }

// testTake copies a returned string and frees it ("\x00NULL" for NULL).
func testTake(p *C.char) string {
	if p == nil {
		return "\x00NULL"
	}
	s := C.GoString(p)
	minimact_free_string(p)
	return s
}

// testResult returns a result's code and message, and frees the message.
func testResult(r C.MinimactResult) (int, string, bool) {
	msg := ""
	if r.message != nil {
		msg = C.GoString(r.message)
	}
	hasMsg := r.message != nil
	minimact_free_error(r.message)
	return int(r.code), msg, hasMsg
}

// testHandle converts a handle number.
func testHandle(h uint64) C.MinimactHandle { return C.MinimactHandle(h) }

// testOutHandle returns a handle slot in C memory and a reader for it.
func testOutHandle() (*C.MinimactHandle, func() uint64) {
	p := (*C.MinimactHandle)(C.malloc(C.size_t(unsafe.Sizeof(C.MinimactHandle(0)))))
	*p = 77
	return p, func() uint64 { v := uint64(*p); C.free(unsafe.Pointer(p)); return v }
}
