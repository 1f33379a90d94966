package predict

import (
	"bytes"
	"slices"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/cespare/xxhash/v2"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/patch"
	"github.com/minimact/engine/runtime/predict/internal/memsize"
	"github.com/minimact/engine/runtime/predict/outcome"
	"github.com/minimact/engine/runtime/reconcile"
)

// Prediction is a predicted state change's outcome.
type Prediction struct {
	// StateChange is the state change predicted for (its JSON, as given).
	StateChange []byte
	// Patches is the JSON array of patches to apply to the current tree.
	Patches []byte
	// Tree is the predicted tree (canonical JSON); it may be nil.
	Tree []byte
	// Confidence is the pattern's calibrated confidence, in [0, 1].
	Confidence float64
}

func (p *Predictor) getScratch() *scratch { return p.pool.Get().(*scratch) }

func (p *Predictor) putScratch(s *scratch) { p.pool.Put(s) }

// Predict predicts the patches stateChange will cause on currentTree.
// (nil, nil) means no prediction: nothing learned for the key, a confidence
// below MinConfidence, or a prediction that does not hold for currentTree.
// The tree is read (and validated) only when there is a pattern to apply.
func (p *Predictor) Predict(stateChange, currentTree []byte) (*Prediction, error) {
	start := time.Now()
	sc := p.getScratch()
	pr, err := p.predict(sc, stateChange, currentTree)
	p.putScratch(sc)
	if err != nil {
		p.st.predictErrors.Add(1)
	}
	p.st.predictNs.Add(uint64(time.Since(start)))
	p.st.predictN.Add(1)
	return pr, err
}

func (p *Predictor) predict(sc *scratch, stateChange, currentTree []byte) (*Prediction, error) {
	ch := &sc.ch
	if err := ch.Parse(stateChange, p.lim); err != nil {
		return nil, err
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	p.st.made.Add(1)
	global.predictions.Add(1)
	sc.out = modelKey(sc.out, ch.Component, ch.Key)
	m := p.models[string(sc.out)]
	if m == nil {
		return nil, nil
	}
	p.st.lookups.Add(1)
	atomic.StoreInt64(&m.used, int64(p.clock))
	if m.obs == 0 {
		return nil, nil
	}
	ctx := p.context(m)
	t, inPlace := &sc.cur, true
	cc := p.comps[string(ch.Component)]
	if cc == nil {
		cc = &noCache
	}
	switch {
	case cc.src != nil && bytes.Equal(cc.src, currentTree):
		t, inPlace = &cc.tree, false
	case cc.src != nil && deltaDecode(&cc.tree, cc.idx, currentTree, &p.cfg.Limits, &sc.cur, &sc.nwIdx, &sc.changes):
	default:
		if err := sc.dec.DecodeTree(currentTree, &sc.cur); err != nil {
			return nil, err
		}
	}
	w := sc.materialize(m, t, ch, inPlace)
	if w == nil || !w.HasRoot() {
		return nil, nil
	}
	conf := m.conf(ctx, shapeOf(&sc.pl))
	if conf < p.cfg.MinConfidence {
		return nil, nil
	}
	// one allocation holds the patches, the tree and the state change
	buf := make([]byte, 0, len(currentTree)+len(ch.Raw)+64*len(sc.pl.Patches)+256)
	buf = sc.enc.AppendPatches(buf, &sc.pl)
	np := len(buf)
	if sc.overlay {
		buf = sc.appendOverlay(buf, w)
	} else {
		buf = sc.enc.AppendTree(buf, w, w.Root)
	}
	nt := len(buf)
	buf = append(buf, ch.Raw...)
	pr := &Prediction{Patches: buf[:np:np], Tree: buf[np:nt:nt], StateChange: buf[nt:len(buf):len(buf)], Confidence: conf}
	// a Learn judges the prediction by its own shadow prediction when it
	// gets the same tree (gen); otherwise by the predicted tree's hash
	gen, treeH := uint64(0), xxhash.Sum64(pr.Tree)
	if t == &cc.tree {
		gen = cc.gen
	}
	p.pendMu.Lock()
	m.pend = pending{valid: true, oldH: ch.Values.Hash(ch.Old), newH: ch.Values.Hash(ch.New),
		treeH: treeH, gen: gen, conf: conf}
	p.pendMu.Unlock()
	p.st.returned.Add(1)
	global.returned.Add(1)
	p.st.confSum.Add(uint64(conf*1e6 + 0.5))
	if conf > 0.9 {
		p.st.highConf.Add(1)
	}
	return pr, nil
}

// VerifyPrediction judges the last prediction Predict returned for
// stateChange against actualNewTree, the tree the change really produced,
// and counts the outcome. With no such prediction pending (none was made, or
// a Learn or VerifyPrediction already judged it) it returns a KeyNotFound
// error.
func (p *Predictor) VerifyPrediction(stateChange, actualNewTree []byte) (bool, error) {
	sc := p.getScratch()
	defer p.putScratch(sc)
	ch := &sc.ch
	if err := ch.Parse(stateChange, p.lim); err != nil {
		return false, err
	}
	if err := sc.dec.DecodeTree(actualNewTree, &sc.nw); err != nil {
		return false, err
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	sc.out = modelKey(sc.out, ch.Component, ch.Key)
	m := p.models[string(sc.out)]
	if m == nil {
		return false, vdom.Errorf(vdom.KeyNotFound, "nothing learned for component \""+string(ch.Component)+"\", state key \""+string(ch.Key)+"\"")
	}
	oldH, newH := ch.Values.Hash(ch.Old), ch.Values.Hash(ch.New)
	p.pendMu.Lock()
	pd := m.pend
	ok := pd.valid && pd.oldH == oldH && pd.newH == newH
	if ok {
		m.pend.valid = false
	}
	p.pendMu.Unlock()
	if !ok {
		return false, vdom.Errorf(vdom.KeyNotFound, "no prediction of this state change is waiting to be verified")
	}
	sc.out = sc.enc.AppendTree(sc.out[:0], &sc.nw, sc.nw.Root)
	hit := xxhash.Sum64(sc.out) == pd.treeH
	p.judged(m, hit)
	return hit, nil
}

// scratch holds everything one Learn or Predict needs; Predict takes one
// from a pool, so that concurrent predictions share nothing.
type scratch struct {
	ch   outcome.Change
	dec  *vdom.Decoder
	rec  *reconcile.Reconciler
	enc  vdom.Encoder
	cur  vdom.Tree // the current (Predict) or old (Learn) tree, when decoded
	nw   vdom.Tree // Learn: the new tree
	work vdom.Tree // the tree the predicted patches are applied to
	snap vdom.Tree // a decoded outcome (region, child)
	lt   vdom.Tree // a list slot's predicted container
	pt   vdom.Tree // the patch list's nodes and strings
	pl   vdom.PatchList
	sub  vdom.PatchList
	diff vdom.PatchList // Learn: the observed patches

	buf    []byte // rendered outcomes
	obuf   []byte // outcomes read from trees
	out    []byte
	path   []int32
	paths  []int32 // arena of paths
	svO    []outcome.Feature
	svN    []outcome.Feature
	sv     []outcome.Feature
	sv2    []outcome.Feature
	order  []int32
	stack  []int32
	items  []int32
	items2 []int32
	kids   []int32
	keys   [][]byte
	keyIdx []keyPos
	tg     []target
	leaves []leafEdit
	blocks []block
	perm   []vdom.Patch
	props  []vdom.Prop

	nwDelta bool // Learn: nw was decoded incrementally
	nwIdx   []strSpan
	changes []strChange
	acts    []actual // Learn: each slot's outcome in the new tree
	edited  []int32
	over    []int32 // overlay.go: the patch of each node, or -1
	overlay bool    // the prediction is leaf patches over the tree, not applied
}

// target is what one slot predicts, against the tree it was given.
type target struct {
	known      bool            // the slot predicts the new value's outcome
	consistent bool            // the slot's outcome for the old value is what the tree shows
	curOK      bool            // cur was read
	o          outcome.Outcome // the predicted outcome
	cur        outcome.Outcome // the outcome the tree shows
	node       int32
	pathOff    int32
	pathLen    int32
	at         int
}

type leafEdit struct {
	node    int32
	pathOff int32
	pathLen int32
	text    bool
	prop    []byte
	o       outcome.Outcome
}

type block struct {
	pathOff, pathLen int32
	start, end       int // its patches in pl
}

func newScratch(lim vdom.Limits) *scratch {
	return &scratch{dec: vdom.NewDecoder(lim), rec: reconcile.New(lim)}
}

func (sc *scratch) size() int64 {
	n := memsize.Alloc(int(unsafe.Sizeof(*sc)))
	for _, t := range []*vdom.Tree{&sc.cur, &sc.nw, &sc.work, &sc.snap, &sc.lt, &sc.pt} {
		n += treeSize(t)
	}
	n += memsize.Bytes(cap(sc.buf)) + memsize.Bytes(cap(sc.obuf)) + memsize.Bytes(cap(sc.out))
	n += memsize.Slice(sc.paths) + memsize.Slice(sc.tg) + memsize.Slice(sc.leaves) + memsize.Slice(sc.blocks) + memsize.Slice(sc.perm)
	for _, l := range []*vdom.PatchList{&sc.pl, &sc.sub, &sc.diff} {
		n += memsize.Slice(l.Patches) + memsize.Slice(l.Paths) + memsize.Slice(l.Keys)
	}
	n += sc.ch.Values.Size() + memsize.Slice(sc.nwIdx) + memsize.Slice(sc.changes)
	return n + 16<<10 // the decoder's and reconciler's own buffers
}

func (sc *scratch) pathOf(off, n int32) []int32 { return sc.paths[off : off+n : off+n] }

func (sc *scratch) addPath(p []int32) (int32, int32) {
	off := int32(len(sc.paths))
	sc.paths = append(sc.paths, p...)
	return off, int32(len(p))
}

// materialize plans and builds the predicted patch list for ch against t
// and applies it to a copy of t (or to t itself when inPlace), which it
// returns; nil when there is no prediction. sc.pl holds the patches. When
// they are all leaf patches, sc.overlay is set and t is returned unchanged:
// the predicted tree is t overlaid with them (overlay.go).
func (sc *scratch) materialize(m *model, t *vdom.Tree, ch *outcome.Change, inPlace bool) *vdom.Tree {
	if !sc.plan(m, t, ch) {
		return nil
	}
	return sc.build(m, t, ch, inPlace)
}

// plan computes every slot's target against t (phase 0). It reports whether
// every slot predicts and agrees with t.
func (sc *scratch) plan(m *model, t *vdom.Tree, ch *outcome.Change) bool {
	sc.svO = m.sels.Eval(sc.svO[:0], &ch.Values, ch.Old)
	sc.svN = m.sels.Eval(sc.svN[:0], &ch.Values, ch.New)
	sc.tg = sc.tg[:0]
	sc.paths, sc.buf, sc.obuf = sc.paths[:0], sc.buf[:0], sc.obuf[:0]
	all := true
	for _, s := range m.slots {
		var tg target
		cur, node, p, at, ok := s.readOutcome(t, &sc.enc, &sc.obuf, sc.path[:0])
		sc.path = p[:0]
		tg.node, tg.at = node, at
		tg.pathOff, tg.pathLen = sc.addPath(p)
		if s.kind == slotList {
			// lists check themselves when they are materialized
			tg.known, tg.consistent = ok, ok
			sc.tg = append(sc.tg, tg)
			all = all && ok
			continue
		}
		tg.cur, tg.curOK = cur, ok
		if o, known := s.lr.Predict(sc.svN, &sc.buf); known {
			tg.known, tg.o = true, o
		}
		tg.consistent = ok
		if ok {
			if exp, known := s.lr.Predict(sc.svO, &sc.buf); known && !exp.Eq(cur) {
				tg.consistent = false
			}
		}
		all = all && tg.known && tg.consistent
		sc.tg = append(sc.tg, tg)
	}
	return all
}

// build is phases 1 and 2: edits from the targets, then the patch list in an
// order where every path holds, applied patch by patch.
func (sc *scratch) build(m *model, t *vdom.Tree, ch *outcome.Change, inPlace bool) *vdom.Tree {
	sc.pt.Reset()
	sc.pl.Reset(&sc.pt)
	sc.leaves, sc.blocks = sc.leaves[:0], sc.blocks[:0]
	for i, s := range m.slots {
		tg := &sc.tg[i]
		path := sc.pathOf(tg.pathOff, tg.pathLen)
		switch s.kind {
		case slotText:
			if tg.o.Absent {
				return nil
			}
			if !tg.o.Eq(tg.cur) {
				sc.leaves = append(sc.leaves, leafEdit{node: tg.node, pathOff: tg.pathOff, pathLen: tg.pathLen, text: true, o: tg.o})
			}
		case slotProp:
			if !tg.o.Eq(tg.cur) {
				sc.leaves = append(sc.leaves, leafEdit{node: tg.node, pathOff: tg.pathOff, pathLen: tg.pathLen, prop: s.prop, o: tg.o})
			}
		case slotRegion:
			if tg.o.Eq(tg.cur) {
				continue
			}
			if tg.o.Absent || sc.dec.DecodeTree(tg.o.Bytes, &sc.snap) != nil {
				return nil
			}
			start := len(sc.pl.Patches)
			view := *t
			view.Root = tg.node
			sc.rec.Diff(&view, &sc.snap, &sc.sub)
			sc.importSub(path)
			sc.blocks = append(sc.blocks, block{pathOff: tg.pathOff, pathLen: tg.pathLen, start: start, end: len(sc.pl.Patches)})
		case slotOrder:
			if tg.o.Eq(tg.cur) {
				continue
			}
			keys, ok := orderKeys(tg.o.Bytes, sc.keys)
			sc.keys = keys
			if !ok || tg.o.Absent || len(keys) != int(t.Nodes[tg.node].NKids) {
				return nil
			}
			start := len(sc.pl.Patches)
			q := sc.pl.Add(vdom.PatchReorderChildren, path)
			q.Order = uint32(len(sc.pl.Keys))
			for _, k := range keys {
				sc.pl.Keys = append(sc.pl.Keys, sc.pt.AddString(k))
			}
			q.NOrder = uint32(len(keys))
			sc.blocks = append(sc.blocks, block{pathOff: tg.pathOff, pathLen: tg.pathLen, start: start, end: len(sc.pl.Patches)})
		case slotChild:
			if tg.o.Eq(tg.cur) {
				continue
			}
			off, n := sc.addPath(path)
			sc.paths = append(sc.paths, int32(tg.at))
			n++
			cpath := sc.pathOf(off, n)
			start := len(sc.pl.Patches)
			switch {
			case tg.cur.Absent: // create
				if sc.dec.DecodeTree(tg.o.Bytes, &sc.snap) != nil || !sc.snap.HasRoot() {
					return nil
				}
				q := sc.pl.Add(vdom.PatchCreate, cpath)
				q.Node = patch.Import(&sc.pt, &sc.snap, sc.snap.Root)
			case tg.o.Absent: // remove
				sc.pl.Add(vdom.PatchRemove, cpath)
			default: // change
				if sc.dec.DecodeTree(tg.o.Bytes, &sc.snap) != nil {
					return nil
				}
				kids := t.Children(tg.node)
				if tg.at >= len(kids) {
					return nil
				}
				view := *t
				view.Root = kids[tg.at]
				sc.rec.Diff(&view, &sc.snap, &sc.sub)
				sc.importSub(cpath)
			}
			sc.blocks = append(sc.blocks, block{pathOff: off, pathLen: n, start: start, end: len(sc.pl.Patches)})
		case slotList:
			start := len(sc.pl.Patches)
			if !sc.listBlock(s.list, t, tg.node, path, ch) {
				return nil
			}
			sc.blocks = append(sc.blocks, block{pathOff: tg.pathOff, pathLen: tg.pathLen, start: start, end: len(sc.pl.Patches)})
		}
	}
	if !sc.arrange(t) {
		return nil
	}
	sc.overlay = false
	if len(sc.blocks) == 0 {
		// leaves only: checked where they stand, not applied (overlay.go)
		if !sc.checkLeaves(t) {
			return nil
		}
		sc.overlay = true
		return t
	}
	w := t
	if !inPlace {
		copyTree(&sc.work, t)
		w = &sc.work
	}
	for i := range sc.pl.Patches {
		p := &sc.pl.Patches[i]
		if err := patch.ApplyOne(w, &sc.pl, p); err != nil {
			return nil
		}
		invalidate(w, sc.pl.PathOf(p))
	}
	return w
}

// arrange adds the leaf patches (they change no structure, so every path
// holds) and arranges the structural blocks after them, the last in document
// order first, so that each block's paths still hold when it applies. Blocks
// that nest, and leaves inside blocks, make the prediction fail.
func (sc *scratch) arrange(t *vdom.Tree) bool {
	leafStart := len(sc.pl.Patches)
	// texts (one slot per text node)
	for i := range sc.leaves {
		e := &sc.leaves[i]
		if !e.text {
			continue
		}
		for j := i + 1; j < len(sc.leaves); j++ {
			if sc.leaves[j].text && sc.leaves[j].node == e.node {
				return false
			}
		}
		q := sc.pl.Add(vdom.PatchUpdateText, sc.pathOf(e.pathOff, e.pathLen))
		q.Content = sc.pt.AddString(e.o.Bytes)
	}
	// props, grouped by node
	if len(sc.leaves) > 1 {
		slices.SortStableFunc(sc.leaves, func(a, b leafEdit) int {
			if a.text != b.text {
				if a.text {
					return -1
				}
				return 1
			}
			if a.node != b.node {
				return int(a.node) - int(b.node)
			}
			return bytes.Compare(a.prop, b.prop)
		})
	}
	for i := 0; i < len(sc.leaves); {
		e := &sc.leaves[i]
		if e.text {
			i++
			continue
		}
		j := i
		for j < len(sc.leaves) && !sc.leaves[j].text && sc.leaves[j].node == e.node {
			if j > i && bytes.Equal(sc.leaves[j].prop, sc.leaves[j-1].prop) {
				return false // two slots on one prop
			}
			j++
		}
		sc.props = sc.props[:0]
		cur := t.PropList(e.node)
		edits := sc.leaves[i:j]
		ci, ei := 0, 0
		for ci < len(cur) || ei < len(edits) {
			var c int
			switch {
			case ci == len(cur):
				c = 1
			case ei == len(edits):
				c = -1
			default:
				c = bytes.Compare(t.Bytes(cur[ci].Name), edits[ei].prop)
			}
			switch {
			case c < 0:
				sc.props = append(sc.props, vdom.Prop{Name: sc.pt.AddString(t.Bytes(cur[ci].Name)), Val: sc.pt.AddString(t.Bytes(cur[ci].Val)), Raw: cur[ci].Raw})
				ci++
			default:
				ed := &edits[ei]
				if !ed.o.Absent {
					sc.props = append(sc.props, vdom.Prop{Name: sc.pt.AddString(ed.prop), Val: sc.pt.AddString(ed.o.Bytes), Raw: ed.o.Raw})
				}
				ei++
				if c == 0 {
					ci++
				}
			}
		}
		q := sc.pl.Add(vdom.PatchUpdateProps, sc.pathOf(e.pathOff, e.pathLen))
		q.Props = uint32(len(sc.pt.Props))
		sc.pt.Props = append(sc.pt.Props, sc.props...)
		q.NProps = uint32(len(sc.props))
		i = j
	}
	if len(sc.blocks) == 0 && leafStart == 0 {
		return true
	}
	// blocks: last in document order first
	slices.SortFunc(sc.blocks, func(a, b block) int {
		return -comparePaths(sc.pathOf(a.pathOff, a.pathLen), sc.pathOf(b.pathOff, b.pathLen))
	})
	for i := range sc.blocks {
		bp := sc.pathOf(sc.blocks[i].pathOff, sc.blocks[i].pathLen)
		if i > 0 {
			prev := sc.pathOf(sc.blocks[i-1].pathOff, sc.blocks[i-1].pathLen)
			if hasPrefix(prev, bp) {
				return false
			}
		}
		for j := range sc.leaves {
			if hasPrefix(sc.pathOf(sc.leaves[j].pathOff, sc.leaves[j].pathLen), bp) {
				return false
			}
		}
	}
	sc.perm = append(sc.perm[:0], sc.pl.Patches[leafStart:]...)
	for _, b := range sc.blocks {
		sc.perm = append(sc.perm, sc.pl.Patches[b.start:b.end]...)
	}
	sc.pl.Patches = append(sc.pl.Patches[:0], sc.perm...)
	return true
}

func comparePaths(a, b []int32) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return len(a) - len(b)
}

// importSub copies the patches of sc.sub into sc.pl under prefix.
func (sc *scratch) importSub(prefix []int32) {
	sub := &sc.sub
	for i := range sub.Patches {
		p := &sub.Patches[i]
		sc.path = append(append(sc.path[:0], prefix...), sub.PathOf(p)...)
		q := sc.pl.Add(p.Kind, sc.path)
		switch p.Kind {
		case vdom.PatchCreate, vdom.PatchReplace:
			n := patch.Import(&sc.pt, sub.Tree, p.Node)
			sc.pl.Patches[len(sc.pl.Patches)-1].Node = n
		case vdom.PatchUpdateText:
			q.Content = sc.pt.AddString(sub.Tree.Bytes(p.Content))
		case vdom.PatchUpdateProps:
			start := uint32(len(sc.pt.Props))
			for _, pr := range sub.PropsOf(p) {
				sc.pt.Props = append(sc.pt.Props, vdom.Prop{Name: sc.pt.AddString(sub.Tree.Bytes(pr.Name)), Val: sc.pt.AddString(sub.Tree.Bytes(pr.Val)), Raw: pr.Raw})
			}
			q = &sc.pl.Patches[len(sc.pl.Patches)-1]
			q.Props, q.NProps = start, uint32(len(sc.pt.Props))-start
		case vdom.PatchReorderChildren:
			start := uint32(len(sc.pl.Keys))
			for _, k := range sub.OrderOf(p) {
				sc.pl.Keys = append(sc.pl.Keys, sc.pt.AddString(sub.Tree.Bytes(k)))
			}
			q = &sc.pl.Patches[len(sc.pl.Patches)-1]
			q.Order, q.NOrder = start, uint32(len(sc.pl.Keys))-start
		}
	}
}
