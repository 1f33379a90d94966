package main

/*
#include <stdint.h>
#include <stdlib.h>
#include "minimact.h"

// Set while the calling thread runs the host's log callback: the library
// refuses minimact_log_set_callback there and does not hand the callback
// what the calls it makes log.
static __thread int minimact_in_log_callback;

// minimact_call_log_callback calls the host's callback. Go cannot call a C
// function pointer itself; cb and user travel as integers so that Go never
// holds a host value as a pointer.
static void minimact_call_log_callback(uintptr_t cb, const MinimactLogEvent *ev, uintptr_t user) {
	minimact_in_log_callback = 1;
	((MinimactLogCallback)cb)(ev, (void *)user);
	minimact_in_log_callback = 0;
}

static int minimact_on_log_callback_thread(void) { return minimact_in_log_callback; }

// calloc that may return NULL (cgo's C.malloc aborts the process instead).
static void *minimact_log_alloc(size_t n) { return calloc(1, n); }
*/
import "C"

import (
	"sync"
	"unsafe"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/diag"
)

// logcb.go is the C side of minimact_log_set_callback: the events of
// diag.Log's hook (runtime/diag/hook.go: a bounded queue, one delivery
// goroutine locked to a thread of its own) copied into one MinimactLogEvent
// and one buffer in C memory, and handed to the host's function. Only the
// delivery goroutine touches them, one event at a time, so they are
// allocated once and reused: delivering allocates nothing.

// logBufBytes holds an event's module and message, each with its NUL.
const logBufBytes = diag.MaxModuleBytes + 1 + diag.MaxMessageBytes + 1

var (
	logCMem   sync.Once
	logEvent  *C.MinimactLogEvent
	logBuf    *C.char
	opsLogger = diag.Slog("ffi")
)

func init() {
	diag.Log.SetHookThreadCheck(onLogCallbackThread)
}

// onLogCallbackThread reports whether the calling thread is running the
// host's log callback.
func onLogCallbackThread() bool { return C.minimact_on_log_callback_thread() != 0 }

// setLogCallback is minimact_log_set_callback: cb (nil: none) called with
// user for every event kept from now on.
func setLogCallback(cb C.MinimactLogCallback, user uintptr) error {
	if onLogCallbackThread() {
		return invalidArgument("minimact_log_set_callback was called from inside the log callback, where it would wait for itself")
	}
	if cb == nil {
		diag.Log.SetHook(nil)
		opsLogger.Debug("log callback removed")
		return nil
	}
	logCMem.Do(func() {
		logEvent = (*C.MinimactLogEvent)(C.minimact_log_alloc(C.size_t(unsafe.Sizeof(C.MinimactLogEvent{}))))
		logBuf = (*C.char)(C.minimact_log_alloc(logBufBytes))
	})
	if logEvent == nil || logBuf == nil {
		return vdom.Errorf(vdom.MemoryLimitExceeded, "could not allocate the log callback's event")
	}
	fn := uintptr(unsafe.Pointer(cb))
	diag.Log.SetHook(func(e *diag.Event, dropped uint64) { deliverLogEvent(fn, user, e, dropped) })
	opsLogger.Debug("log callback set")
	return nil
}

// deliverLogEvent copies e into the C event and calls the callback. It runs
// on the delivery goroutine only.
func deliverLogEvent(fn, user uintptr, e *diag.Event, dropped uint64) {
	buf := unsafe.Slice((*byte)(unsafe.Pointer(logBuf)), logBufBytes)
	mod := copy(buf[:diag.MaxModuleBytes], e.Module)
	buf[mod] = 0
	msgBuf := buf[diag.MaxModuleBytes+1:]
	msg := copy(msgBuf[:diag.MaxMessageBytes], e.Message)
	msgBuf[msg] = 0
	*logEvent = C.MinimactLogEvent{
		seq:          C.uint64_t(e.Seq),
		timestamp_ms: C.int64_t(e.Time.UnixMilli()),
		elapsed_ms:   C.int64_t(e.Elapsed.Milliseconds()),
		dropped:      C.uint64_t(dropped),
		module:       logBuf,
		module_len:   C.uintptr_t(mod),
		message:      (*C.char)(unsafe.Pointer(&msgBuf[0])),
		message_len:  C.uintptr_t(msg),
		level:        C.uint32_t(e.Level),
	}
	C.minimact_call_log_callback(C.uintptr_t(fn), logEvent, C.uintptr_t(user))
}
