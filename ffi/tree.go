package main

import (
	"strconv"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/clock"
	"github.com/minimact/engine/runtime/diag"
	"github.com/minimact/engine/runtime/predict"
	"github.com/minimact/engine/runtime/retain"
)

// Retained trees' Go side (the minimact_tree_* exports in exports_tree.go):
// a registry of handles on the predictor registry's design, and the calls.

// MaxTrees is the most retained trees alive at once; minimact_tree_new beyond
// it gets MemoryLimitExceeded.
const MaxTrees = 1 << 16

// treeRegistry maps handles to trees. Handle numbers come from the
// predictors' counter, so a number is never reused and never names a
// predictor and a tree at once. A call holds the tree's own lock while it
// runs (retain.Tree serializes its calls); destroy removes the handle, then
// closes the tree, which waits for the call running on it, after which a
// call that found the tree just before sees it closed.
type treeRegistry struct {
	m    sync.Map // uint64 -> *retain.Tree
	live atomic.Int64
}

var treeHandles treeRegistry

// add registers a new tree with limits lim and returns its handle.
func (r *treeRegistry) add(lim vdom.Limits) (uint64, error) {
	if r.live.Add(1) > MaxTrees {
		r.live.Add(-1)
		return 0, vdom.Errorf(vdom.MemoryLimitExceeded, "the process already holds the maximum of "+strconv.Itoa(MaxTrees)+" live retained trees")
	}
	h := handles.next.Add(1)
	if h > uint64(^uintptr(0)) {
		r.live.Add(-1)
		return 0, vdom.Errorf(vdom.MemoryLimitExceeded, "handles are exhausted")
	}
	r.m.Store(h, retain.New(lim))
	if diag.Log.On(diag.Debug) {
		diag.Log.Add(diag.Debug, "ffi", "retained tree "+strconv.FormatUint(h, 10)+" created")
	}
	return h, nil
}

// get returns the tree of handle h.
func (r *treeRegistry) get(h uint64) (*retain.Tree, error) {
	v, ok := r.m.Load(h)
	if !ok {
		return nil, vdom.Errorf(vdom.InvalidHandle, "tree handle "+strconv.FormatUint(h, 10)+" is unknown or was destroyed")
	}
	fault("tree")
	return v.(*retain.Tree), nil
}

// destroy removes handle h and frees its tree, once the call running on it
// has returned.
func (r *treeRegistry) destroy(h uint64) error {
	v, ok := r.m.LoadAndDelete(h)
	if !ok || !v.(*retain.Tree).Close() {
		return vdom.Errorf(vdom.InvalidHandle, "tree handle "+strconv.FormatUint(h, 10)+" is unknown or was destroyed")
	}
	r.live.Add(-1)
	if diag.Log.On(diag.Debug) {
		diag.Log.Add(diag.Debug, "ffi", "retained tree "+strconv.FormatUint(h, 10)+" destroyed")
	}
	return nil
}

// createTree is minimact_tree_create: limits as JSON (NULL: the defaults).
func createTree(limitsp unsafe.Pointer) (uint64, error) {
	var lim vdom.Limits
	if limitsp != nil {
		src, err := borrow(limitsp, maxConfigBytes, "limits_json")
		if err != nil {
			return 0, err
		}
		if lim, err = parseLimits(src); err != nil {
			return 0, err
		}
	}
	return treeHandles.add(lim)
}

// treeRender renders the tree at p (JSON, NUL-terminated; or n bytes of the
// binary encoding) on tree h and returns the reply, valid until w is
// released.
func (w *worker) treeRender(h uint64, p unsafe.Pointer, n uintptr, isBinary bool) []byte {
	start := clock.Now()
	m := diag.Global
	m.ReconcileCalls.Inc()
	t, err := treeHandles.get(h)
	var src, out []byte
	what := "new_json"
	if isBinary {
		what = "data"
	}
	if err == nil {
		lim := t.Limits()
		if isBinary {
			// the decoder refuses a document over the limit (JsonTooLarge);
			// this bound only keeps a wild length from being believed
			src, err = borrowBytes(p, n, maxSnapshotBytes, what)
		} else {
			src, err = borrowUnchecked(p, lim.MaxJSONBytes, what)
		}
		if err == nil {
			r := w.r
			if lim != vdom.DefaultLimits() {
				r = w.reconciler(&lim)
			}
			out, err = t.Render(r, src, isBinary)
			if err != nil && !isBinary {
				if uerr := checkUTF8(src, what); uerr != nil {
					err = uerr
				} else {
					err = prefixed(what, err)
				}
			} else if err != nil {
				err = prefixed(what, err)
			}
			if err == nil {
				m.PatchesGenerated.Add(uint64(r.Patches()))
			}
		}
	}
	fault("reconcile")
	took := clock.Since(start)
	m.ReconcileTime.Observe(took)
	if err != nil {
		m.ReconcileErrors.Inc()
		countValidation(err)
		logf(diag.Warn, "tree", err)
		w.out = appendError(w.out[:0], err)
		return w.out
	}
	if diag.Log.On(diag.Debug) {
		diag.Log.Add(diag.Debug, "tree", "rendered "+strconv.Itoa(len(src))+" bytes into tree "+strconv.FormatUint(h, 10)+" in "+took.String())
	}
	return out
}

// treeLearn is minimact_tree_learn.
func treeLearn(th, ph uint64, scp unsafe.Pointer) error {
	start := clock.Now()
	m := diag.Global
	m.Learns.Inc()
	t, err := treeHandles.get(th)
	if err == nil {
		err = handles.with(ph, func(p *predict.Predictor) error {
			sc, err := borrow(scp, treeLimit(p), "state_change")
			if err != nil {
				return err
			}
			a := getArgs()
			defer a.release()
			if sc, err = a.copy1(sc); err != nil {
				return err
			}
			return t.Learn(p, sc)
		})
	}
	m.LearnTime.Observe(clock.Since(start))
	if err != nil {
		m.LearnErrors.Inc()
		countValidation(err)
		logf(diag.Warn, "tree", err)
	}
	return err
}

// treePredictReply is minimact_tree_predict's reply, in a.out. As
// predictReply, the prediction counters and timings are the predictor's own;
// only calls that fail before reaching one are counted here.
func treePredictReply(a *args, th, ph uint64, scp unsafe.Pointer) []byte {
	var pr *predict.Prediction
	reached := false
	t, err := treeHandles.get(th)
	if err == nil {
		err = handles.with(ph, func(p *predict.Predictor) error {
			sc, err := borrow(scp, treeLimit(p), "state_change")
			if err != nil {
				return err
			}
			if sc, err = a.copy1(sc); err != nil {
				return err
			}
			reached = true
			pr, err = t.Predict(p, sc)
			return err
		})
	}
	switch {
	case err != nil:
		if !reached {
			diag.Global.Predictions.Inc()
			diag.Global.PredictErrors.Inc()
		}
		countValidation(err)
		logf(diag.Warn, "tree", err)
		a.out = appendPredictFailure(a.out[:0], err.Error(), codeOf(err))
		return a.out
	case pr == nil:
		a.out = append(a.out[:0], noPrediction...)
		return a.out
	}
	a.out = appendPrediction(a.out[:0], pr.StateChange, pr.Patches, pr.Tree, pr.Confidence)
	return a.out
}

// treeHTMLReply is minimact_tree_render_html's reply, in w.
func (w *worker) treeHTMLReply(h uint64) []byte {
	t, err := treeHandles.get(h)
	if err == nil {
		var out []byte
		if out, err = t.AppendHTML(&w.html, w.out[:0]); err == nil {
			w.out = out
			return w.out
		}
	}
	logf(diag.Warn, "html", err)
	w.out = appendError(w.out[:0], err)
	return w.out
}
