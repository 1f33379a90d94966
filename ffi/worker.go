package main

import (
	"strconv"
	"sync"
	"unsafe"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/clock"
	"github.com/minimact/engine/runtime/diag"
	"github.com/minimact/engine/runtime/patch"
	"github.com/minimact/engine/runtime/reconcile"
)

// worker holds everything one reconcile, apply or verify call needs, so that
// steady-state calls allocate nothing but the reply the caller frees. Workers
// are pooled; a call takes one, copies its reply into C memory, and releases
// it, which drops every view of the caller's memory first.
type worker struct {
	r         *reconcile.Reconciler // the default limits
	dec       *vdom.Decoder         // r's decoder
	custom    *reconcile.Reconciler // the last custom limits, or nil
	customLim vdom.Limits
	old       vdom.Tree
	list      vdom.PatchList
	listTree  vdom.Tree
	enc       vdom.Encoder
	html      vdom.HTMLWriter
	out       []byte
	wrap      []byte
	// lent: the caller's memory was given to r, custom or dec, which keep
	// views of their last inputs: release must scrub them (retained-tree
	// renders copy their input first and lend nothing)
	lent bool
}

var workers = sync.Pool{New: func() any {
	w := &worker{r: reconcile.New(vdom.Limits{})}
	w.dec = w.r.Decoder()
	w.list.Tree = &w.listTree
	return w
}}

func getWorker() *worker { return workers.Get().(*worker) }

// maxKeptBuffer bounds the reply buffer a pooled worker keeps.
const maxKeptBuffer = 4 << 20

// scrubTree is Go memory a reconciler is pointed at when a call ends.
var scrubTree = []byte(`{"type":"Text"}`)

// release forgets the caller's memory and returns w to the pool.
func (w *worker) release() {
	w.old.Reset()
	w.listTree.Reset()
	w.list.Reset(&w.listTree)
	// A reconciler keeps views of its last inputs (its trees, its decoder's
	// scanner) until its next call: make that call, on Go memory. Trees it
	// caches for the next call are copies, never views.
	if w.lent {
		w.r.JSON(scrubTree, scrubTree)
		if w.custom != nil {
			if l := w.custom.Decoder().Limits().MaxJSONBytes; l < len(scrubTree) {
				w.custom = nil // limits too small to take even scrubTree: drop it
			} else {
				w.custom.JSON(scrubTree, scrubTree)
			}
		}
		w.lent = false
	}
	if cap(w.out) > maxKeptBuffer {
		w.out = nil
	}
	if cap(w.wrap) > maxKeptBuffer {
		w.wrap = nil
	}
	workers.Put(w)
}

// reconciler returns a reconciler enforcing lim (nil: the defaults).
func (w *worker) reconciler(lim *vdom.Limits) *reconcile.Reconciler {
	if lim == nil {
		return w.r
	}
	if w.custom == nil || w.customLim != *lim {
		w.custom, w.customLim = reconcile.New(*lim), *lim
	}
	return w.custom
}

// jsonLimit is the most bytes a document may have under lim.
func jsonLimit(d *vdom.Decoder) int { return d.Limits().MaxJSONBytes }

// decodeTree borrows the tree at p and decodes it into t.
func decodeTree(d *vdom.Decoder, p unsafe.Pointer, t *vdom.Tree, what string) error {
	src, err := borrowUnchecked(p, jsonLimit(d), what)
	if err != nil {
		return err
	}
	if err := d.DecodeTree(src, t); err != nil {
		if uerr := checkUTF8(src, what); uerr != nil {
			return uerr
		}
		return prefixed(what, err)
	}
	return nil
}

// prefixed names the argument an error is about.
func prefixed(what string, err error) error {
	e := asError(err)
	c := *e
	c.Message = what + ": " + e.Message
	return &c
}

// reconcileReply reconciles the trees at oldp and newp and returns the patch
// list, or the error reply. The result is in w and valid until w is released.
//
// The trees are read in place by reconcile.Reconciler.JSON, whose tree cache
// spares decoding an old tree that was the new tree of an earlier call (a
// host's usual sequence); the cache holds copies, never the caller's bytes.
func (w *worker) reconcileReply(oldp, newp unsafe.Pointer, lim *vdom.Limits) []byte {
	start := clock.Now()
	m := diag.Global
	m.ReconcileCalls.Inc()
	w.lent = true
	r := w.reconciler(lim)
	max := jsonLimit(r.Decoder())
	old, err := borrowUnchecked(oldp, max, "old_json")
	var nw, out []byte
	if err == nil {
		nw, err = borrowUnchecked(newp, max, "new_json")
	}
	if err == nil {
		out, err = r.JSON(old, nw)
		if err != nil {
			err = w.which(r.Decoder(), old, nw, err)
		}
	}
	fault("reconcile")
	if err != nil {
		m.ReconcileErrors.Inc()
		m.ValidationFailures.Inc()
		m.ReconcileTime.Observe(clock.Since(start))
		logf(diag.Warn, "reconcile", err)
		w.out = appendError(w.out[:0], err)
		return w.out
	}
	n := r.Patches() // counted as they were written
	m.PatchesGenerated.Add(uint64(n))
	took := clock.Since(start)
	m.ReconcileTime.Observe(took)
	if diag.Log.On(diag.Debug) {
		diag.Log.Add(diag.Debug, "reconcile", "reconciled "+strconv.Itoa(len(old))+" and "+strconv.Itoa(len(nw))+
			" bytes of JSON into "+strconv.Itoa(n)+" patches in "+took.String())
	}
	return out
}

// which explains a reconcile error (the error path only): invalid UTF-8 in
// either tree is InvalidUtf8 (see borrowUnchecked); otherwise the error is
// about the old tree if it does not decode on its own, else the new one.
func (w *worker) which(d *vdom.Decoder, old, nw []byte, err error) error {
	if uerr := checkUTF8(old, "old_json"); uerr != nil {
		return uerr
	}
	if uerr := checkUTF8(nw, "new_json"); uerr != nil {
		return uerr
	}
	if d.DecodeTree(old, &w.old) != nil {
		return prefixed("old_json", err)
	}
	return prefixed("new_json", err)
}

// decodePatches borrows the patch or patch list at p and decodes it into
// w.list; a single patch object is read as a list of one.
func (w *worker) decodePatches(d *vdom.Decoder, p unsafe.Pointer, what string) error {
	src, err := borrowUnchecked(p, jsonLimit(d), what)
	if err != nil {
		return err
	}
	i := 0
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r') {
		i++
	}
	if i < len(src) && src[i] == '{' {
		w.wrap = append(append(append(w.wrap[:0], '['), src...), ']')
		src = w.wrap
	}
	if err := d.DecodePatches(src, &w.list); err != nil {
		if uerr := checkUTF8(src, what); uerr != nil {
			return uerr
		}
		return prefixed(what, err)
	}
	return nil
}

// applyReply applies the patches at patchesp to the tree at treep and returns
// the new tree as canonical JSON, or the error reply.
func (w *worker) applyReply(treep, patchesp unsafe.Pointer) []byte {
	m := diag.Global
	w.lent = true
	d := w.dec
	err := decodeTree(d, treep, &w.old, "tree_json")
	if err == nil {
		err = w.decodePatches(d, patchesp, "patches_json")
	}
	fault("apply")
	if err != nil {
		m.ValidationFailures.Inc()
		logf(diag.Warn, "apply", err)
		w.out = appendError(w.out[:0], err)
		return w.out
	}
	m.PatchesValidated.Add(uint64(len(w.list.Patches)))
	t, err := patch.Apply(&w.old, &w.list)
	if err != nil {
		m.PatchValidationFailures.Inc()
		logf(diag.Info, "apply", err)
		w.out = appendError(w.out[:0], err)
		return w.out
	}
	if !t.HasRoot() {
		w.out = appendError(w.out[:0], vdom.Errorf(vdom.InvalidPath, "the patches leave no tree"))
		return w.out
	}
	w.out = w.enc.AppendTree(w.out[:0], t, t.Root)
	return w.out
}

// verify checks the patch or patch list at patchp against the tree at treep.
func (w *worker) verify(treep, patchp unsafe.Pointer) error {
	m := diag.Global
	w.lent = true
	d := w.dec
	err := decodeTree(d, treep, &w.old, "tree_json")
	if err == nil {
		err = w.decodePatches(d, patchp, "patch_json")
	}
	fault("verify")
	if err != nil {
		m.ValidationFailures.Inc()
		return err
	}
	m.PatchesValidated.Add(uint64(len(w.list.Patches)))
	switch len(w.list.Patches) {
	case 0:
	case 1:
		err = patch.CanApply(&w.old, &w.list, &w.list.Patches[0])
	default:
		_, err = patch.Apply(&w.old, &w.list)
	}
	if err != nil {
		m.PatchValidationFailures.Inc()
	}
	return err
}

// logf logs err at level when logging is on.
func logf(level diag.Level, module string, err error) {
	if diag.Log.On(level) {
		diag.Log.Add(level, module, err.Error())
	}
}
