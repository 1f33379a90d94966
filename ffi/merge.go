package main

/*
#include <stdlib.h>
#include <string.h>
#include "minimact.h"
typedef const uint8_t minimact_cu8;
*/
import "C"

import (
	"unsafe"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/diag"
	"github.com/minimact/engine/runtime/predict"
)

// The fleet's export: a predictor takes what another learned (docs/fleet.md).

//export minimact_predictor_merge
func minimact_predictor_merge(handle C.MinimactHandle, snapshot *C.minimact_cu8, len C.size_t) (ret C.MinimactResult) {
	defer recoverResult(&ret, "minimact_predictor_merge")
	fault("export")
	return result(merge(uint64(handle), unsafe.Pointer(snapshot), uintptr(len)))
}

// merge is minimact_predictor_merge. The snapshot is read in place (the
// predictor keeps copies of what it reads), bounded as deserialize's bytes.
func merge(h uint64, snapshotp unsafe.Pointer, n uintptr) error {
	err := handles.with(h, func(p *predict.Predictor) error {
		b, err := borrowBytes(snapshotp, n, maxSnapshotBytes, "snapshot")
		if err != nil {
			return err
		}
		return p.Merge(b)
	})
	if err != nil && vdom.CodeOf(err) != vdom.InvalidHandle {
		countValidation(err)
		logf(diag.Warn, "predict", err)
	}
	return err
}

// testMerge and testSerialize are for this package's tests, which cannot use
// cgo: they call the exports with C memory, as a host does.
func testMerge(h uint64, b []byte) (int, string) {
	n := len(b)
	if n == 0 {
		n = 1
	}
	p := C.malloc(C.size_t(n))
	defer C.free(p)
	if len(b) > 0 {
		C.memcpy(p, unsafe.Pointer(&b[0]), C.size_t(len(b)))
	}
	code, msg, _ := testResult(minimact_predictor_merge(C.MinimactHandle(h), (*C.minimact_cu8)(p), C.size_t(len(b))))
	return code, msg
}

func testSerialize(h uint64) ([]byte, int) {
	var p *C.uint8_t
	var n C.uintptr_t
	r := minimact_predictor_serialize(C.MinimactHandle(h), &p, &n)
	code, _, _ := testResult(r)
	if code != 0 {
		return nil, code
	}
	b := C.GoBytes(unsafe.Pointer(p), C.int(n))
	minimact_free_bytes(p)
	return b, 0
}
