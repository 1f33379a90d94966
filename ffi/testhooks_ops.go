package main

/*
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include "minimact.h"

// Log callbacks for this package's Go tests (which cannot use cgo
// themselves). The library never registers them.

typedef struct {
	uint64_t n, last_seq, dropped, out_of_order, bad_strings;
	char last_module[65], last_message[1025];
	int32_t reentrant_code;  // what minimact_log_set_callback returned inside
	int reenter;             // 1: call the library from inside the callback
	int block;               // 1: wait until released
	int blocked;             // the callback is waiting
	pthread_t thread;
	int threads;             // distinct threads seen (1 or 2: saturates)
	void *user;
} minimact_test_cb_state;

static minimact_test_cb_state minimact_test_cb;
static pthread_mutex_t minimact_test_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t minimact_test_cv = PTHREAD_COND_INITIALIZER;

static void minimact_test_callback(const MinimactLogEvent *e, void *user) {
	minimact_test_cb_state *s = &minimact_test_cb;
	if (s->n == 0) { s->thread = pthread_self(); s->threads = 1; }
	else if (!pthread_equal(s->thread, pthread_self())) s->threads = 2;
	if (e->seq <= s->last_seq) s->out_of_order++;
	if (strlen(e->module) != e->module_len || e->module_len > 64 || e->message_len > 1024 ||
	    e->message[e->message_len] != 0 || e->level > 4) s->bad_strings++;
	s->last_seq = e->seq;
	s->dropped = e->dropped;
	s->user = user;
	memcpy(s->last_module, e->module, e->module_len + 1);
	memcpy(s->last_message, e->message, e->message_len + 1);
	if (s->reenter) {
		MinimactResult r = minimact_log_set_callback(NULL, NULL);
		s->reentrant_code = r.code;
		minimact_free_error(r.message);
		minimact_free_string(minimact_reconcile("{", "{")); // logs a warning: not delivered here
	}
	if (s->block) {
		pthread_mutex_lock(&minimact_test_mu);
		s->blocked = 1;
		pthread_cond_broadcast(&minimact_test_cv);
		while (s->block) pthread_cond_wait(&minimact_test_cv, &minimact_test_mu);
		s->blocked = 0;
		pthread_mutex_unlock(&minimact_test_mu);
	}
	__atomic_add_fetch(&s->n, 1, __ATOMIC_SEQ_CST);
}

static MinimactResult minimact_test_set_callback(int on, uintptr_t user) {
	return minimact_log_set_callback(on ? minimact_test_callback : NULL, (void *)user);
}

static void minimact_test_cb_reset(int reenter, int block) {
	memset(&minimact_test_cb, 0, sizeof minimact_test_cb);
	minimact_test_cb.reenter = reenter;
	minimact_test_cb.block = block;
}

// minimact_test_wait_blocked returns once the callback waits.
static void minimact_test_wait_blocked(void) {
	pthread_mutex_lock(&minimact_test_mu);
	while (!minimact_test_cb.blocked) pthread_cond_wait(&minimact_test_cv, &minimact_test_mu);
	pthread_mutex_unlock(&minimact_test_mu);
}

static void minimact_test_release(void) {
	pthread_mutex_lock(&minimact_test_mu);
	minimact_test_cb.block = 0;
	pthread_cond_broadcast(&minimact_test_cv);
	pthread_mutex_unlock(&minimact_test_mu);
}

static minimact_test_cb_state *minimact_test_cb_seen(void) { return &minimact_test_cb; }

static uint64_t minimact_test_cb_count(void) { return __atomic_load_n(&minimact_test_cb.n, __ATOMIC_SEQ_CST); }
*/
import "C"

// testCallbackState is what the test callback saw.
type testCallbackState struct {
	N, LastSeq, Dropped, OutOfOrder, BadStrings uint64
	LastModule, LastMessage                     string
	ReentrantCode                               int
	Threads                                     int
	User                                        uintptr
}

// testSetCallback registers (on) or removes the test callback, after
// resetting what it saw; reenter makes it call the library, block makes it
// wait for testReleaseCallback.
func testSetCallback(on, reenter, block bool, user uintptr) (int, string, bool) {
	if on {
		C.minimact_test_cb_reset(cBool(reenter), cBool(block))
	}
	return testResult(C.minimact_test_set_callback(cBool(on), C.uintptr_t(user)))
}

func cBool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

func testWaitCallbackBlocked()  { C.minimact_test_wait_blocked() }
func testReleaseCallback()      { C.minimact_test_release() }
func testCallbackCount() uint64 { return uint64(C.minimact_test_cb_count()) }

// testCallbackSeen reads the callback's state; call it once the callback
// is unregistered (or blocked).
func testCallbackSeen() testCallbackState {
	s := C.minimact_test_cb_seen()
	return testCallbackState{
		N: uint64(s.n), LastSeq: uint64(s.last_seq), Dropped: uint64(s.dropped),
		OutOfOrder: uint64(s.out_of_order), BadStrings: uint64(s.bad_strings),
		LastModule: C.GoString(&s.last_module[0]), LastMessage: C.GoString(&s.last_message[0]),
		ReentrantCode: int(s.reentrant_code), Threads: int(s.threads), User: uintptr(s.user),
	}
}
