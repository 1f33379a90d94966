package main

/*
#include <stdlib.h>
#include <string.h>
#include "minimact.h"
typedef const char minimact_cchar;
typedef const uint8_t minimact_cu8;
*/
import "C"

import "unsafe"

// Helpers for the retained trees' Go tests (tree_test.go), which cannot use
// cgo themselves. The library never calls them.

// testTreeNew creates a tree and returns its handle (0 and the code on
// failure).
func testTreeNew(limits string) (uint64, int) {
	out, read := testOutHandle()
	var r C.MinimactResult
	if limits == "" {
		r = minimact_tree_new(out)
	} else {
		l := testCStr(limits)
		r = minimact_tree_create(l, out)
		testFree(l)
	}
	code, _, _ := testResult(r)
	return read(), code
}

// testTreeRender renders JSON (or "\x00nil" for NULL) on tree h.
func testTreeRender(h uint64, src string) string {
	p := testCStr(src)
	defer testFree(p)
	return testTake(minimact_tree_render(C.MinimactHandle(h), p))
}

// testTreeRenderBinary renders the bytes b, copied into C memory (nil: a
// NULL pointer with length n).
func testTreeRenderBinary(h uint64, b []byte, n int) string {
	if b == nil {
		return testTake(minimact_tree_render_binary(C.MinimactHandle(h), nil, C.size_t(n)))
	}
	p := C.malloc(C.size_t(len(b) + 1))
	defer C.free(p)
	if len(b) > 0 {
		C.memcpy(p, unsafe.Pointer(&b[0]), C.size_t(len(b)))
	}
	return testTake(minimact_tree_render_binary(C.MinimactHandle(h), (*C.minimact_cu8)(p), C.size_t(len(b))))
}

// testTreeDestroy destroys tree h and returns the code.
func testTreeDestroy(h uint64) int {
	code, _, _ := testResult(minimact_tree_destroy(C.MinimactHandle(h)))
	return code
}

// testTreeLearn learns on tree h with predictor p.
func testTreeLearn(h, p uint64, sc string) (int, string) {
	s := testCStr(sc)
	defer testFree(s)
	code, msg, _ := testResult(minimact_tree_learn(C.MinimactHandle(h), C.MinimactHandle(p), s))
	return code, msg
}

// testTreePredict predicts on tree h with predictor p.
func testTreePredict(h, p uint64, sc string) string {
	s := testCStr(sc)
	defer testFree(s)
	return testTake(minimact_tree_predict(C.MinimactHandle(h), C.MinimactHandle(p), s))
}

// testTreeNewNil calls minimact_tree_new with a NULL out.
func testTreeNewNil() int {
	code, _, _ := testResult(minimact_tree_new(nil))
	return code
}

// testCBytes copies b into C memory; free it with testFreeBytes.
func testCBytes(b []byte) *C.minimact_cu8 {
	p := C.malloc(C.size_t(len(b) + 1))
	if len(b) > 0 {
		C.memcpy(p, unsafe.Pointer(&b[0]), C.size_t(len(b)))
	}
	return (*C.minimact_cu8)(p)
}

func testFreeBytes(p *C.minimact_cu8) { C.free(unsafe.Pointer(p)) }

// testTreeRenderDrop renders the C string p on tree h and frees the reply
// unread (no Go memory: for counting allocations).
func testTreeRenderDrop(h uint64, p *C.minimact_cchar) {
	minimact_free_string(minimact_tree_render(C.MinimactHandle(h), p))
}

// testTreeRenderBinaryDrop is testTreeRenderDrop for n bytes at p.
func testTreeRenderBinaryDrop(h uint64, p *C.minimact_cu8, n int) {
	minimact_free_string(minimact_tree_render_binary(C.MinimactHandle(h), p, C.size_t(n)))
}
