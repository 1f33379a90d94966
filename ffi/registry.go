package main

import (
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/diag"
	"github.com/minimact/engine/runtime/predict"
)

// MaxPredictors is the most predictors alive at once; a constructor beyond it
// gets PredictorFull. It bounds the registry, not a predictor's memory (each
// predictor's config does that).
const MaxPredictors = 1 << 16

// entry is one live predictor. Calls hold mu for reading while they use p;
// destroy takes it for writing, so it waits for the calls in flight, then
// clears p so that a call that found the entry just before the destroy sees
// it dead.
type entry struct {
	mu sync.RWMutex
	p  *predict.Predictor // nil once destroyed
}

// registry maps handles to predictors. Handles count up from 1 and are never
// reused, so a stale handle can only be unknown, never another predictor.
type registry struct {
	m    sync.Map // uint64 -> *entry
	next atomic.Uint64
	live atomic.Int64
	// retiredEvictions is the eviction count of destroyed predictors, so
	// that the process-wide total survives them; evictionBase is the total
	// at the last minimact_metrics_reset.
	retiredEvictions atomic.Uint64
	evictionBase     atomic.Uint64
}

var handles registry

func invalidHandle(h uint64) error {
	return vdom.Errorf(vdom.InvalidHandle, "handle "+strconv.FormatUint(h, 10)+" is unknown or was destroyed")
}

// add registers p and returns its new handle.
func (r *registry) add(p *predict.Predictor) (uint64, error) {
	if p == nil {
		return 0, vdom.Errorf(vdom.Unknown, "no predictor to register")
	}
	if r.live.Add(1) > MaxPredictors {
		r.live.Add(-1)
		return 0, vdom.Errorf(vdom.PredictorFull, "the process already holds the maximum of "+strconv.Itoa(MaxPredictors)+" live predictors")
	}
	h := r.next.Add(1)
	if h > uint64(^uintptr(0)) {
		r.live.Add(-1)
		return 0, vdom.Errorf(vdom.PredictorFull, "handles are exhausted")
	}
	r.m.Store(h, &entry{p: p})
	diag.Global.PredictorAdded()
	if diag.Log.On(diag.Debug) {
		diag.Log.Add(diag.Debug, "ffi", "predictor "+strconv.FormatUint(h, 10)+" created")
	}
	return h, nil
}

// with runs f on the predictor of handle h, holding it alive for the call.
// f's panic, if any, still releases the predictor (and is recovered by the
// export).
func (r *registry) with(h uint64, f func(p *predict.Predictor) error) error {
	v, ok := r.m.Load(h)
	if !ok {
		return invalidHandle(h)
	}
	e := v.(*entry)
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.p == nil {
		return invalidHandle(h)
	}
	fault("predictor")
	return f(e.p)
}

// destroy removes handle h, waiting for the calls using it.
func (r *registry) destroy(h uint64) error {
	v, ok := r.m.LoadAndDelete(h)
	if !ok {
		return invalidHandle(h)
	}
	e := v.(*entry)
	e.mu.Lock()
	p := e.p
	e.p = nil
	e.mu.Unlock()
	if p == nil {
		return invalidHandle(h)
	}
	r.retiredEvictions.Add(evictionsOf(p))
	r.live.Add(-1)
	diag.Global.PredictorRemoved()
	if diag.Log.On(diag.Debug) {
		diag.Log.Add(diag.Debug, "ffi", "predictor "+strconv.FormatUint(h, 10)+" destroyed")
	}
	return nil
}

// each calls f for every live predictor, each held alive during its call.
func (r *registry) each(f func(p *predict.Predictor)) {
	r.m.Range(func(_, v any) bool {
		e := v.(*entry)
		e.mu.RLock()
		if e.p != nil {
			f(e.p)
		}
		e.mu.RUnlock()
		return true
	})
}
