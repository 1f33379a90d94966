package diag

import (
	"sync"
	"sync/atomic"
)

// Hook receives the events a Logger keeps, as they happen: on the logger's
// delivery goroutine, one at a time, in Seq order. e is valid only during the
// call. dropped is how many events the hook has missed so far because its
// queue was full (a slow hook).
//
// A hook must not call SetHook or FlushHook: they wait for the delivery
// goroutine, which is running the hook.
type Hook func(e *Event, dropped uint64)

// HookQueue is how many events wait for the hook. When the hook is slower
// than the events come, the newest ones are dropped for it (the ring still
// keeps them) and counted: the thread that logs never waits for the hook.
const HookQueue = 1024

// hook is a Logger's delivery of events to its Hook: a bounded queue and one
// goroutine that exists while a hook is set. The queue also carries markers
// (a new hook, or a flush), so that a marker is processed after every event
// queued before it.
type hook struct {
	// on and q are guarded by mu, the Logger's (offer runs under it).
	mu *sync.Mutex
	on bool
	q  chan hookItem

	setMu sync.Mutex // serializes SetHook and FlushHook

	calling   atomic.Bool // the delivery goroutine is inside the hook
	self      atomic.Pointer[func() bool]
	dropped   atomic.Uint64 // events not queued: the queue was full
	reentrant atomic.Uint64 // events not queued: logged from inside the hook
	delivered atomic.Uint64
	panics    atomic.Uint64
}

type hookItem struct {
	ev     Event
	marker *hookMarker // not nil: a marker, not an event
}

type hookMarker struct {
	fn   Hook
	keep bool // a flush: keep the current hook
	done chan struct{}
}

// offer queues ev for the hook without waiting. It runs under the Logger's
// mu.
func (h *hook) offer(ev *Event) {
	if f := h.self.Load(); f != nil && (*f)() {
		// Logged by a call the hook itself made (while it is being
		// removed, too): delivering it would feed the hook its own
		// consequences, without end.
		h.reentrant.Add(1)
		return
	}
	if !h.on {
		return
	}
	select {
	case h.q <- hookItem{ev: *ev}:
	default:
		h.dropped.Add(1)
	}
}

// run delivers the items of q until a marker clears the hook.
func (h *hook) run(q chan hookItem) {
	var fn Hook
	for it := range q {
		if m := it.marker; m != nil {
			if !m.keep {
				fn = m.fn
			}
			if fn == nil {
				// No hook: stop queuing and end. What was queued after the
				// marker was logged after SetHook(nil) began; it goes with q.
				h.mu.Lock()
				h.on, h.q = false, nil
				h.mu.Unlock()
				close(m.done)
				return
			}
			close(m.done)
			continue
		}
		if fn != nil {
			h.call(fn, &it.ev)
		}
	}
}

// call runs fn on e; a panic in fn is counted, not fatal.
func (h *hook) call(fn Hook, e *Event) {
	defer func() {
		h.calling.Store(false)
		if r := recover(); r != nil {
			h.panics.Add(1)
		}
	}()
	h.calling.Store(true)
	fn(e, h.dropped.Load())
	h.delivered.Add(1)
}

// SetHook makes fn the hook of l; nil removes it. It returns once every
// event queued before the call went to the previous hook, which is then
// neither running nor ever called again. It waits for the previous hook, so
// it must not be called from inside a hook.
func (l *Logger) SetHook(fn Hook) {
	h := &l.hook
	h.setMu.Lock()
	defer h.setMu.Unlock()
	l.mu.Lock()
	q := h.q
	if q == nil && fn != nil {
		q = make(chan hookItem, HookQueue)
		h.q, h.on = q, true
		go h.run(q)
	}
	l.mu.Unlock()
	if q == nil {
		return // none before, none now
	}
	// The marker is processed after every event queued before it; for nil,
	// the goroutine then stops the queuing and ends (run).
	done := make(chan struct{})
	q <- hookItem{marker: &hookMarker{fn: fn, done: done}}
	<-done
}

// FlushHook returns once every event queued before the call was handed to
// the hook (or dropped). It must not be called from inside a hook.
func (l *Logger) FlushHook() {
	h := &l.hook
	h.setMu.Lock()
	defer h.setMu.Unlock()
	l.mu.Lock()
	q := h.q
	l.mu.Unlock()
	if q == nil {
		return
	}
	done := make(chan struct{})
	q <- hookItem{marker: &hookMarker{keep: true, done: done}}
	<-done
}

// SetHookThreadCheck sets how the logger tells that an event is logged from
// inside the hook (by a call the hook made): f reports whether the calling
// thread is the one running the hook. Such events are kept in the ring but
// not handed to the hook. f is called for every event kept while a hook is
// set, under the ring's lock: it must be quick and must not log.
func (l *Logger) SetHookThreadCheck(f func() bool) {
	if f == nil {
		l.hook.self.Store(nil)
		return
	}
	l.hook.self.Store(&f)
}

// InHook reports whether the delivery goroutine is running the hook now.
func (l *Logger) InHook() bool { return l.hook.calling.Load() }

// HookStats are the counts of a logger's hook delivery since it started.
type HookStats struct {
	Delivered uint64 // events handed to a hook
	Dropped   uint64 // events not handed over: the queue was full
	Reentrant uint64 // events not handed over: logged from inside the hook
	Panics    uint64 // hook calls that panicked (recovered)
}

// HookStats returns the counts of the hook delivery.
func (l *Logger) HookStats() HookStats {
	h := &l.hook
	return HookStats{Delivered: h.delivered.Load(), Dropped: h.dropped.Load(),
		Reentrant: h.reentrant.Load(), Panics: h.panics.Load()}
}
