package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/diag"
)

// panicError turns a recovered panic in export fn into an Unknown error and
// records it: counted in the metrics and logged at error level whether or not
// logging is on, with the stack, so that a host can find it afterwards.
func panicError(fn string, r any) *vdom.Error {
	msg := fmt.Sprintf("internal error in %s: %v", fn, r)
	diag.Global.Panics.Inc()
	stack := string(debug.Stack())
	if i := strings.Index(stack, "panic("); i > 0 {
		stack = stack[i:] // from the panic down, which is what matters
	}
	diag.Log.Always(diag.Error, "ffi", msg+"\n"+stack)
	return vdom.Errorf(vdom.Unknown, msg)
}

// faultHook, when set, runs inside the library's operations at the points
// named by fault; tests set it to panic there and check that the panic is
// recovered, reported with code 999, and leaves no lock held.
var faultHook func(where string)

// fault calls faultHook, if any.
func fault(where string) {
	if faultHook != nil {
		faultHook(where)
	}
}

// MINIMACT_TEST_PANIC=<where> (or "*") makes the library panic at that point
// of every call, so that a C or C# test can check recovery across the real
// boundary. It is read once, when the library loads; leave it unset in
// production. The points: reconcile, apply, verify, predictor (any predictor
// call on a live handle), export (the start of every export).
func init() {
	if where := os.Getenv("MINIMACT_TEST_PANIC"); where != "" {
		faultHook = func(at string) {
			if where == "*" || where == at {
				panic("injected fault at " + at + " (MINIMACT_TEST_PANIC)")
			}
		}
	}
}
