// Package retain holds retained trees: one component instance's page state,
// kept by the engine so that a host sends each new tree once and never the
// old one (shared/ABI.md, "Retained trees"). A Tree holds the document the
// browser shows and the one before it (reconcile.Retained), renders the next
// one from them (JSON or the binary encoding), and feeds a predictor the
// last render's two trees, or the current one, without the host sending
// them.
//
// A Tree serializes the calls made on it and may be closed while other
// goroutines call it: they then get InvalidHandle. Its memory is bounded by
// its limits (three documents of at most MaxJSONBytes, with their arenas)
// and counted in diag.Retained.
package retain

import (
	"sync"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/diag"
	"github.com/minimact/engine/runtime/predict"
	"github.com/minimact/engine/runtime/reconcile"
)

// Tree is one retained tree.
type Tree struct {
	mu     sync.Mutex
	lim    vdom.Limits
	state  *reconcile.Retained
	closed bool
	bytes  int64 // what diag.Retained.Bytes counts for it

	// the canonical JSON of a tree rendered in binary, for the predictor
	// (which reads JSON), by generation; a tree rendered in JSON is its
	// source
	canon [2]canonical
	enc   vdom.Encoder
}

type canonical struct {
	gen uint64
	ok  bool
	b   []byte
}

// New returns an empty tree whose documents are held to lim (zero fields:
// the defaults).
func New(lim vdom.Limits) *Tree {
	t := &Tree{lim: vdom.NewDecoder(lim).Limits(), state: reconcile.NewRetained(true)}
	diag.Retained.Trees.Add(1)
	return t
}

// Limits returns the limits the tree's documents are held to.
func (t *Tree) Limits() vdom.Limits { return t.lim }

func closedError() error {
	return vdom.Errorf(vdom.InvalidHandle, "the retained tree was destroyed")
}

// Close frees the tree, once the call running on it, if any, has returned.
// Later calls get InvalidHandle. It reports whether the tree was open.
func (t *Tree) Close() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return false
	}
	t.closed = true
	t.state.Release()
	t.canon = [2]canonical{}
	diag.Retained.Trees.Add(-1)
	diag.Retained.Bytes.Add(-t.bytes)
	t.bytes = 0
	return true
}

// Bytes returns the memory the tree holds.
func (t *Tree) Bytes() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.bytes
}

// account brings diag.Retained.Bytes up to date with the tree's memory.
func (t *Tree) account() {
	n := t.state.Bytes()
	for i := range t.canon {
		n += int64(cap(t.canon[i].b))
	}
	diag.Retained.Bytes.Add(n - t.bytes)
	t.bytes = n
}

// Render makes src (JSON, or the binary encoding when isBinary) the
// retained tree and returns the patches from the one before as JSON, valid
// until r's next call. r must enforce the tree's limits. On error nothing
// changes.
func (t *Tree) Render(r *reconcile.Reconciler, src []byte, isBinary bool) ([]byte, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil, closedError()
	}
	m := &diag.Retained
	m.Renders.Inc()
	m.BytesSent.Add(uint64(len(src)))
	out, err := r.Render(t.state, src, isBinary)
	if err != nil {
		m.RenderErrors.Inc()
		return nil, err
	}
	m.BytesDecoded.Add(uint64(r.LastDecoded()))
	t.account()
	return out, nil
}

// Learn records in p that stateChange turned the tree before the last render
// into the retained one. Before a second render there is nothing to learn
// from (KeyNotFound).
func (t *Tree) Learn(p *predict.Predictor, stateChange []byte) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return closedError()
	}
	prev, cur := t.state.Previous(), t.state.Current()
	if prev == nil {
		return vdom.Errorf(vdom.KeyNotFound, "the retained tree has not been rendered twice: there is no change to learn from")
	}
	gen := t.state.Gen()
	prevGen := gen - 1
	if prev == cur {
		prevGen = gen
	}
	oldJSON := t.jsonOf(prev, prevGen)
	newJSON := t.jsonOf(cur, gen)
	_, err := p.Learn(stateChange, oldJSON, newJSON)
	t.account()
	return err
}

// Predict predicts the patches stateChange will cause on the retained tree;
// nil and no error when p has no confident prediction.
func (t *Tree) Predict(p *predict.Predictor, stateChange []byte) (*predict.Prediction, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil, closedError()
	}
	cur := t.state.Current()
	if cur == nil {
		return nil, vdom.Errorf(vdom.KeyNotFound, "the retained tree has not been rendered: there is no tree to predict on")
	}
	pr, err := p.Predict(stateChange, t.jsonOf(cur, t.state.Gen()))
	t.account()
	return pr, err
}

// AppendHTML appends the HTML of the retained tree (issue 9: the first
// page, whose DOM the patch paths of the next renders index) with w. Before
// the first render there is no tree: KeyNotFound.
func (t *Tree) AppendHTML(w *vdom.HTMLWriter, dst []byte) ([]byte, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return dst, closedError()
	}
	cur := t.state.Current()
	if cur == nil {
		return dst, vdom.Errorf(vdom.KeyNotFound, "the retained tree has not been rendered: there is no tree to write")
	}
	return w.AppendHTML(dst, &cur.Tree, cur.Tree.Root)
}

// jsonOf returns doc, of generation gen, as JSON: its source when it was
// rendered from JSON, else its canonical encoding, kept for the generation
// (a host learns and predicts on the same tree in turn).
func (t *Tree) jsonOf(doc *vdom.Doc, gen uint64) []byte {
	if !doc.Binary {
		return doc.Src()
	}
	c := &t.canon[gen%2]
	if !c.ok || c.gen != gen {
		c.b = t.enc.AppendTree(c.b[:0], &doc.Tree, doc.Tree.Root)
		c.gen, c.ok = gen, true
	}
	return c.b
}
