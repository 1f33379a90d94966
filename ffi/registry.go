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

// registry maps handles to predictors. Handles count up from 1 and are never
// reused, so a stale handle can only be unknown, never another predictor.
// A call finds its predictor with one read of the map (no lock, nothing
// written: calls on one predictor from many threads share no written memory
// here); destroy removes the handle and closes the predictor, which waits for
// the calls running on it and refuses later ones (predict.Predictor.Close).
type registry struct {
	m    sync.Map // uint64 -> *predict.Predictor
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
	r.m.Store(h, p)
	diag.Global.PredictorAdded()
	if diag.Log.On(diag.Debug) {
		diag.Log.Add(diag.Debug, "ffi", "predictor "+strconv.FormatUint(h, 10)+" created")
	}
	return h, nil
}

// with runs f on the predictor of handle h. A destroy racing with the call
// waits for it when it has started, or makes it fail with InvalidHandle.
func (r *registry) with(h uint64, f func(p *predict.Predictor) error) error {
	v, ok := r.m.Load(h)
	if !ok {
		return invalidHandle(h)
	}
	p := v.(*predict.Predictor)
	if p.Closed() {
		return invalidHandle(h)
	}
	fault("predictor")
	err := f(p)
	if p.Closed() {
		// destroyed during the call: what it read may be of the emptied
		// predictor
		return invalidHandle(h)
	}
	return err
}

// destroy removes handle h, waiting for the calls using it.
func (r *registry) destroy(h uint64) error {
	v, ok := r.m.LoadAndDelete(h)
	if !ok {
		return invalidHandle(h)
	}
	p := v.(*predict.Predictor)
	if p.Closed() {
		return invalidHandle(h)
	}
	p.Close()
	r.retiredEvictions.Add(evictionsOf(p))
	r.live.Add(-1)
	diag.Global.PredictorRemoved()
	if diag.Log.On(diag.Debug) {
		diag.Log.Add(diag.Debug, "ffi", "predictor "+strconv.FormatUint(h, 10)+" destroyed")
	}
	return nil
}

// each calls f for every live predictor.
func (r *registry) each(f func(p *predict.Predictor)) {
	r.m.Range(func(_, v any) bool {
		if p := v.(*predict.Predictor); !p.Closed() {
			f(p)
		}
		return true
	})
}
