// Command ffi is libminimact: the engine as a C shared library
// (go build -buildmode=c-shared; `make lib` writes build/libminimact.so and
// build/minimact.h). It implements every export that schema/abi.go declares
// and generated/c/minimact.h prototypes; the cgo preamble includes that
// header, so the build fails when an export's C signature differs from it.
//
// Layout:
//
//	exports.go   the //export functions: thin, each converts C types, calls
//	             the Go functions below, and recovers any panic (code 999)
//	cmem.go      the boundary's memory: strings borrowed in place (bounded,
//	             UTF-8 checked) and replies copied into malloc'd memory
//	worker.go    reconcile, apply and verify on pooled buffers
//	registry.go  predictor handles: never reused, safe against a destroy
//	             racing with calls on the same handle
//	predictor.go the predictor exports over runtime/predict
//	exports_ops.go the Prometheus exposition and the log callback exports;
//	             logcb.go the callback's C side (docs/operations.md)
//	reply.go     the JSON replies, errors and config parsing
//	guard.go     panic recovery and the test fault hook
//
// Rules kept everywhere: nothing the library keeps after a call points into
// the caller's memory; every returned string or buffer is malloc'd, for the
// matching minimact_free_* to free; no Go panic reaches the caller.
package main

func main() {}
