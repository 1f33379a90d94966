package main

/*
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include "minimact.h"

#define MINIMACT_LOG_MODULE 64    // diag.MaxModuleBytes
#define MINIMACT_LOG_MESSAGE 1024 // diag.MaxMessageBytes
#define MINIMACT_LOG_BUF (MINIMACT_LOG_MODULE + 1 + MINIMACT_LOG_MESSAGE + 1)

// The thread that runs the host's log callback: a C thread of the library's,
// created when a callback is first registered and joined when it is
// unregistered. The Go delivery goroutine posts events into a ring of slots
// in C memory (waiting only when it is full); the thread takes them in order
// and calls the callback with no lock held, a slot staying taken until its
// callback returns (the event's strings are in it). The thread never runs Go
// code (unless the callback calls the library), so the host's runtime sees
// one thread that really ends on unregistering: Mono waits at exit for the
// threads that ran managed code and still exist, and Go's own threads never
// end.
#define MINIMACT_LOG_SLOTS 64

typedef struct {
	MinimactLogEvent ev;
	uintptr_t cb, user;
	char buf[MINIMACT_LOG_BUF];
} minimact_log_slot;

typedef struct {
	pthread_mutex_t mu;
	pthread_cond_t work;  // the thread waits for an event or stop
	pthread_cond_t space; // posters and drainers wait for the callback
	unsigned head, n;     // the events waiting, the first being delivered
	int busy;             // the callback is running (read without the lock: a hint)
	int stop;             // the thread is to end once the ring is empty
	int running;          // the thread exists
	pthread_t thread;
	minimact_log_slot slots[MINIMACT_LOG_SLOTS];
} minimact_log_deliverer;

static minimact_log_deliverer minimact_logd = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER};

// Set while the calling thread runs the host's log callback: the library
// refuses minimact_log_set_callback there and does not hand the callback
// what the calls it makes log.
static __thread int minimact_in_log_callback;

static void *minimact_log_thread(void *arg) {
	minimact_log_deliverer *d = &minimact_logd;
	(void)arg;
	pthread_mutex_lock(&d->mu);
	for (;;) {
		while (d->n == 0 && !d->stop) pthread_cond_wait(&d->work, &d->mu);
		if (d->n == 0) break; // stop, and nothing left
		minimact_log_slot *s = &d->slots[d->head];
		__atomic_store_n(&d->busy, 1, __ATOMIC_SEQ_CST);
		pthread_mutex_unlock(&d->mu);
		minimact_in_log_callback = 1;
		((MinimactLogCallback)s->cb)(&s->ev, (void *)s->user);
		minimact_in_log_callback = 0;
		pthread_mutex_lock(&d->mu);
		__atomic_store_n(&d->busy, 0, __ATOMIC_SEQ_CST);
		d->head = (d->head + 1) % MINIMACT_LOG_SLOTS;
		d->n--;
		pthread_cond_broadcast(&d->space);
	}
	pthread_mutex_unlock(&d->mu);
	return NULL;
}

// minimact_log_start makes sure the thread runs; 0, or pthread_create's error.
static int minimact_log_start(void) {
	minimact_log_deliverer *d = &minimact_logd;
	int err = 0;
	pthread_mutex_lock(&d->mu);
	if (!d->running) {
		d->stop = 0;
		err = pthread_create(&d->thread, NULL, minimact_log_thread, NULL);
		d->running = err == 0;
	}
	pthread_mutex_unlock(&d->mu);
	return err;
}

// minimact_log_post puts one event in the ring, waiting while it is full.
static void minimact_log_post(uintptr_t cb, uintptr_t user, uint64_t seq, int64_t ts, int64_t elapsed, uint64_t dropped,
                              uint32_t level, const char *module, size_t module_len, const char *msg, size_t msg_len) {
	minimact_log_deliverer *d = &minimact_logd;
	pthread_mutex_lock(&d->mu);
	while (d->n == MINIMACT_LOG_SLOTS) pthread_cond_wait(&d->space, &d->mu);
	if (d->running) {
		minimact_log_slot *sl = &d->slots[(d->head + d->n) % MINIMACT_LOG_SLOTS];
		if (module_len > MINIMACT_LOG_MODULE) module_len = MINIMACT_LOG_MODULE;
		if (msg_len > MINIMACT_LOG_MESSAGE) msg_len = MINIMACT_LOG_MESSAGE;
		char *m = sl->buf, *s = sl->buf + MINIMACT_LOG_MODULE + 1;
		if (module_len) memcpy(m, module, module_len);
		m[module_len] = 0;
		if (msg_len) memcpy(s, msg, msg_len);
		s[msg_len] = 0;
		sl->ev = (MinimactLogEvent){.seq = seq, .timestamp_ms = ts, .elapsed_ms = elapsed, .dropped = dropped,
		                            .module = m, .module_len = module_len, .message = s, .message_len = msg_len,
		                            .level = level};
		sl->cb = cb;
		sl->user = user;
		if (d->n++ == 0) pthread_cond_signal(&d->work);
	}
	pthread_mutex_unlock(&d->mu);
}

// minimact_log_drain returns once every posted event's callback returned.
static void minimact_log_drain(void) {
	minimact_log_deliverer *d = &minimact_logd;
	pthread_mutex_lock(&d->mu);
	while (d->n > 0) pthread_cond_wait(&d->space, &d->mu);
	pthread_mutex_unlock(&d->mu);
}

// minimact_log_stop drains, then ends the thread and joins it.
static void minimact_log_stop(void) {
	minimact_log_deliverer *d = &minimact_logd;
	pthread_mutex_lock(&d->mu);
	while (d->n > 0) pthread_cond_wait(&d->space, &d->mu);
	if (!d->running) {
		pthread_mutex_unlock(&d->mu);
		return;
	}
	d->stop = 1;
	pthread_cond_signal(&d->work);
	pthread_t t = d->thread;
	pthread_mutex_unlock(&d->mu);
	pthread_join(t, NULL);
	pthread_mutex_lock(&d->mu);
	d->running = 0;
	d->stop = 0;
	pthread_mutex_unlock(&d->mu);
}

static int minimact_on_log_callback_thread(void) { return minimact_in_log_callback; }

static int *minimact_log_busy_flag(void) { return &minimact_logd.busy; }
*/
import "C"

import (
	"strconv"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/diag"
)

// logcb.go is the C side of minimact_log_set_callback. diag.Log's hook
// (runtime/diag/hook.go: a bounded queue and a delivery goroutine, so that
// the engine never waits) posts each event into a ring of 64 slots in C
// memory; a C thread of the library's takes them in order and calls the
// host's function. Delivering allocates nothing.

// The C slot's sizes are diag's bounds: these compile only while they are
// equal.
const (
	_ = uint(C.MINIMACT_LOG_MODULE - diag.MaxModuleBytes)
	_ = uint(diag.MaxModuleBytes - C.MINIMACT_LOG_MODULE)
	_ = uint(C.MINIMACT_LOG_MESSAGE - diag.MaxMessageBytes)
	_ = uint(diag.MaxMessageBytes - C.MINIMACT_LOG_MESSAGE)
)

// logSlots is the ring's size (MINIMACT_LOG_SLOTS).
const logSlots = C.MINIMACT_LOG_SLOTS

var (
	setMu     sync.Mutex // serializes minimact_log_set_callback
	busyFlag  = (*int32)(unsafe.Pointer(C.minimact_log_busy_flag()))
	opsLogger = diag.Slog("ffi")
)

func init() {
	diag.Log.SetHookThreadCheck(onLogCallbackThread)
}

// onLogCallbackThread reports whether the calling thread is running the
// host's log callback: a load while no callback runs, else a look at the
// thread's flag.
func onLogCallbackThread() bool {
	return atomic.LoadInt32(busyFlag) != 0 && C.minimact_on_log_callback_thread() != 0
}

// setLogCallback is minimact_log_set_callback: cb (nil: none) called with
// user for every event kept from now on.
func setLogCallback(cb C.MinimactLogCallback, user uintptr) error {
	if C.minimact_on_log_callback_thread() != 0 {
		return invalidArgument("minimact_log_set_callback was called from inside the log callback, where it would wait for itself")
	}
	setMu.Lock()
	defer setMu.Unlock()
	if cb == nil {
		diag.Log.SetHook(nil) // every event queued before is posted
		C.minimact_log_stop() // its callback returned; the thread has ended
		opsLogger.Debug("log callback removed")
		return nil
	}
	if err := C.minimact_log_start(); err != 0 {
		return vdom.Errorf(vdom.Unknown, "could not start the log callback's thread: error "+strconv.Itoa(int(err)))
	}
	fn := C.uintptr_t(uintptr(unsafe.Pointer(cb)))
	u := C.uintptr_t(user)
	diag.Log.SetHook(func(e *diag.Event, dropped uint64) { postLogEvent(fn, u, e, dropped) })
	C.minimact_log_drain() // the previous callback, if any, is done
	opsLogger.Debug("log callback set")
	return nil
}

// postLogEvent hands e to the callback's thread. It runs on diag's delivery
// goroutine and waits only while the ring is full.
func postLogEvent(fn, user C.uintptr_t, e *diag.Event, dropped uint64) {
	mod, msg := e.Module, e.Message
	C.minimact_log_post(fn, user, C.uint64_t(e.Seq), C.int64_t(e.Time.UnixMilli()), C.int64_t(e.Elapsed.Milliseconds()),
		C.uint64_t(dropped), C.uint32_t(e.Level),
		(*C.char)(unsafe.Pointer(unsafe.StringData(mod))), C.size_t(len(mod)),
		(*C.char)(unsafe.Pointer(unsafe.StringData(msg))), C.size_t(len(msg)))
}
