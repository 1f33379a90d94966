package predict

import (
	"bytes"
	"math"
	"slices"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/clock"
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
	// Confidence is the pattern's calibrated confidence, in [0, 1], to
	// ConfidenceDecimals decimals.
	Confidence float64
}

// ConfidenceDecimals is the precision of a Prediction's confidence: what the
// C ABI writes (six decimals are far finer than any threshold a host sets),
// so that the Go API and the ABI report the same number.
const (
	ConfidenceDecimals = 6
	ConfidenceScale    = 1e6 // 10^ConfidenceDecimals
)

// RoundConfidence rounds c to ConfidenceDecimals decimals.
func RoundConfidence(c float64) float64 { return math.Round(c*ConfidenceScale) / ConfidenceScale }

func (p *Predictor) getScratch() *predictScratch { return p.pool.Get().(*predictScratch) }

func (p *Predictor) putScratch(ps *predictScratch) { p.pool.Put(ps) }

// Predict predicts the patches stateChange will cause on currentTree.
// (nil, nil) means no prediction: nothing learned for the key, a confidence
// below MinConfidence, or a prediction that does not hold for currentTree.
// The tree is read (and validated) only when there is a pattern to apply.
func (p *Predictor) Predict(stateChange, currentTree []byte) (*Prediction, error) {
	pr, _, ok, err := p.PredictInto(nil, stateChange, currentTree)
	if !ok || err != nil {
		return nil, err
	}
	return &pr, nil
}

// PredictInto is Predict writing the prediction into buf, which it grows
// when it is too small: the slices of the Prediction view the buffer it
// returns, which the caller may pass again. ok is false when there is no
// prediction. With a buffer large enough, a prediction allocates nothing.
func (p *Predictor) PredictInto(buf, stateChange, currentTree []byte) (pr Prediction, out []byte, ok bool, err error) {
	return p.predictInto(buf, stateChange, currentTree, nil)
}

// predictInto is PredictInto; hintOf, when not nil, makes it a step of a
// hint of that component (hint.go).
func (p *Predictor) predictInto(buf, stateChange, currentTree []byte, hintOf *string) (pr Prediction, out []byte, ok bool, err error) {
	start := clock.Now()
	ps := p.getScratch()
	l := p.laneOf(ps.lane)
	ps.hintOf = hintOf
	out, pr, ok, err = p.predict(ps, l, buf, stateChange, currentTree)
	ps.hintOf = nil
	g := globalOf(ps.lane)
	p.putScratch(ps)
	took := clock.Since(start)
	g.calls.Add(1)
	if err != nil {
		l.counts.predictErrors.Add(1)
		g.predictErrors.Add(1)
	}
	l.predict.observe(took)
	g.predict.observe(took)
	return pr, out, ok, err
}

// predict is Predict in ps, counting in lane l.
func (p *Predictor) predict(ps *predictScratch, l *lane, buf, stateChange, currentTree []byte) ([]byte, Prediction, bool, error) {
	ch := &ps.change
	var err error
	if ps.hintOf != nil {
		err = ch.ParseOf(stateChange, p.lim, *ps.hintOf)
	} else {
		err = ch.Parse(stateChange, p.lim)
	}
	if err != nil {
		return buf, Prediction{}, false, err
	}
	p.rlock(l)
	defer p.runlock(l)
	if p.closed.Load() {
		return buf, Prediction{}, false, errClosed()
	}
	l.counts.made.Add(1)
	globalOf(ps.lane).predictions.Add(1)
	ps.encoded = modelKey(ps.encoded, ch.Component, ch.Key)
	m := p.models[string(ps.encoded)]
	if m != nil {
		l.counts.lookups.Add(1)
		if atomic.LoadInt64(&m.used) != int64(p.clock) { // written once per Learn, not per prediction
			atomic.StoreInt64(&m.used, int64(p.clock))
		}
	}
	own := m != nil && m.obs > 0
	if !own && p.lendKeys[xxhash.Sum64(ch.Key)] == 0 {
		return buf, Prediction{}, false, nil // nothing learned for the key: the tree is not read
	}
	t, inPlace := &ps.decoded, true
	cc := p.comps[string(ch.Component)]
	if cc == nil {
		cc = &noCache
	}
	switch {
	case cc.src != nil && bytes.Equal(cc.src, currentTree):
		t, inPlace = &cc.tree, false
	case cc.src != nil && deltaDecode(&cc.tree, cc.idx, currentTree, &p.cfg.Limits, &ps.decoded, &ps.currentIndex, &ps.currentChanges):
	default:
		if err := ps.decoder.DecodeTree(currentTree, &ps.decoded); err != nil {
			return buf, Prediction{}, false, err
		}
	}
	var w *vdom.Tree
	var conf float64
	var cached *compCache
	if t == &cc.tree {
		cached = cc
	}
	var replayed []byte
	if own {
		replayed, conf = p.replay(ch, cached, t, &ps.encoder, &ps.encoded) // a whole state rendered before (states.go)
	}
	lent := false
	if replayed != nil {
		if err := ps.decoder.DecodeTree(replayed, &ps.replayed); err != nil {
			return buf, Prediction{}, false, nil // not what was kept: no prediction
		}
		w = &ps.replayed
		ps.reconciler.Diff(t, w, &ps.patches)
		ps.overlay = false
	} else {
		// the signature another instance's model may answer under, read
		// before the own prediction may patch the tree (lend.go)
		var sig uint64
		if p.lendKeys[xxhash.Sum64(ch.Key)] > 0 {
			sig = lendSig(ch.Key, t)
		}
		if own {
			ctx := p.context(m)
			ps.listCtx = listCtx(ch, ctx)
			w = ps.materialize(m, t, inPlace)
			if w != nil && w.HasRoot() {
				conf = min(m.confOf(ctx, shapeOf(&ps.patches), ps.targets), ps.famConf)
				if conf < p.cfg.MinConfidence {
					w = nil
				}
			} else {
				w = nil
			}
		}
		if w == nil {
			// silent: another instance's model may answer (lend.go)
			if sig == 0 || p.lenderN(sig, ch.Component, 0) == nil {
				return buf, Prediction{}, false, nil
			}
			if ps.patched {
				// the own prediction patched the tree: read it again
				if err := ps.decoder.DecodeTree(currentTree, &ps.decoded); err != nil {
					return buf, Prediction{}, false, err
				}
			}
			for n := 0; n < lendTries && w == nil; n++ {
				lm := p.lenderN(sig, ch.Component, n)
				if lm == nil {
					break
				}
				w, conf = ps.borrow(p, lm, t)
				if w != nil && conf < p.cfg.MinConfidence {
					w = nil
				}
				if w != nil && atomic.LoadInt64(&lm.used) != int64(p.clock) {
					// a lender is in use while it lends: LRU keeps it
					// though its own instance has gone quiet
					atomic.StoreInt64(&lm.used, int64(p.clock))
				}
			}
			if w == nil {
				return buf, Prediction{}, false, nil
			}
			lent = true
		}
	}
	// one buffer holds the patches, the tree and the state change
	buf = buf[:0]
	if need := len(currentTree) + len(ch.Raw) + 64*len(ps.patches.Patches) + 256; cap(buf) < need {
		buf = make([]byte, 0, need)
	}
	buf = ps.encoder.AppendPatches(buf, &ps.patches)
	np := len(buf)
	if replayed != nil {
		buf = append(buf, replayed...) // canonical already
	} else if ps.overlay {
		gen := uint64(0)
		if t == &cc.tree {
			gen = cc.gen
		}
		buf = ps.appendOverlay(buf, w, gen)
	} else {
		buf = ps.encoder.AppendTree(buf, w, w.Root)
	}
	nt := len(buf)
	buf = append(buf, ch.Raw...)
	pr := Prediction{Patches: buf[:np:np], Tree: buf[np:nt:nt], StateChange: buf[nt:len(buf):len(buf)], Confidence: RoundConfidence(conf)}
	// a Learn judges the prediction by its own shadow prediction when it
	// gets the same tree (gen); otherwise by the predicted tree's hash
	gen, treeH := uint64(0), xxhash.Sum64(pr.Tree)
	if t == &cc.tree {
		gen = cc.gen
	}
	if lent {
		gen = 0 // a Learn's own shadow prediction is not this one
	}
	if ps.hintOf == nil { // a hint's what-if is not what a Learn judges
		pd := pending{valid: true, oldH: ch.Values.Hash(ch.Old), newH: ch.Values.Hash(ch.New), treeH: treeH, gen: gen, conf: conf}
		if m != nil {
			m.pend.store(pd)
		} else { // lent to a component with no model of the key yet
			ps.encoded = modelKey(ps.encoded, ch.Component, ch.Key) // the buffer served the prediction since
			s, h := p.orphan(ps.encoded)
			pd.oldH, pd.newH = vdom.Mix(pd.oldH, h), vdom.Mix(pd.newH, h)
			s.store(pd)
		}
	}
	l.counts.returned.Add(1)
	globalOf(ps.lane).returned.Add(1)
	if lent {
		l.counts.lent.Add(1)
		globalOf(ps.lane).lent.Add(1)
	}
	l.counts.confSum.Add(uint64(conf*1e6 + 0.5))
	if conf > 0.9 {
		l.counts.highConf.Add(1)
	}
	return buf, pr, true, nil
}

// VerifyPrediction judges the last prediction Predict returned for
// stateChange against actualNewTree, the tree the change really produced,
// and counts the outcome. With no such prediction pending (none was made, or
// a Learn or VerifyPrediction already judged it) it returns a KeyNotFound
// error.
func (p *Predictor) VerifyPrediction(stateChange, actualNewTree []byte) (bool, error) {
	ps := p.getScratch()
	defer p.putScratch(ps)
	l := p.laneOf(ps.lane)
	ch := &ps.change
	if err := ch.Parse(stateChange, p.lim); err != nil {
		return false, err
	}
	if err := ps.decoder.DecodeTree(actualNewTree, &ps.decoded); err != nil {
		return false, err
	}
	p.rlock(l)
	defer p.runlock(l)
	if p.closed.Load() {
		return false, errClosed()
	}
	ps.encoded = modelKey(ps.encoded, ch.Component, ch.Key)
	m := p.models[string(ps.encoded)]
	oldH, newH := ch.Values.Hash(ch.Old), ch.Values.Hash(ch.New)
	var pd pending
	var ok bool
	if m != nil {
		pd, ok = m.pend.take(func(pd pending) bool { return pd.oldH == oldH && pd.newH == newH })
	} else if pd, ok = p.takeOrphan(ps.encoded, oldH, newH); !ok {
		return false, vdom.Errorf(vdom.KeyNotFound, "nothing learned for component \""+string(ch.Component)+"\", state key \""+string(ch.Key)+"\"")
	}
	if !ok {
		return false, vdom.Errorf(vdom.KeyNotFound, "no prediction of this state change is waiting to be verified")
	}
	ps.encoded = ps.encoder.AppendTree(ps.encoded[:0], &ps.decoded, ps.decoded.Root)
	hit := xxhash.Sum64(ps.encoded) == pd.treeH
	p.judged(m, hit, ps.lane)
	return hit, nil
}

// predictScratch is the working space of one prediction: Predict takes one
// from a pool, so that concurrent predictions share nothing, and a Learn
// makes its shadow prediction in the one its learnScratch holds.
type predictScratch struct {
	hintOf     *string           // the component of the hint this is a step of (hint.go), or nil
	famEdits   []leafEdit        // what the model's families predict (family.go)
	famConf    float64           // their bound on the confidence
	listCtx    uint64            // the context of the lists' visibility (listvis.go)
	narrow     narrowScratch     // narrow.go
	countF     []outcome.Feature // a count's features (narrow.go)
	narrowed   int               // the children the narrowing region keeps, -1 when it was not narrowed (narrow.go)
	change     outcome.Change
	decoder    *vdom.Decoder
	reconciler *reconcile.Reconciler
	encoder    vdom.Encoder

	decoded     vdom.Tree      // a tree decoded from JSON: Predict's current tree, Learn's old one, VerifyPrediction's actual one
	applied     vdom.Tree      // a copy of the current tree with the predicted patches applied
	outcomeTree vdom.Tree      // a decoded outcome (a region's or child's subtree)
	replayed    vdom.Tree      // the render of a whole state seen before (states.go)
	subTree     vdom.Tree      // a child slot's subtree rendered from its template (subtree.go)
	patchTree   vdom.Tree      // the predicted patches' nodes and strings
	patches     vdom.PatchList // the predicted patches
	subPatches  vdom.PatchList // the diff of one region, child or list, before it joins patches

	rendered []byte  // outcomes learners rendered (templates); outcomes view it
	read     []byte  // outcomes read from trees (encoded subtrees, orders); outcomes view it
	encoded  []byte  // a model key, or an encoded tree to hash
	path     []int32 // the path of the slot being resolved
	paths    []int32 // the arena of the targets' and edits' paths

	oldFeatures, newFeatures []outcome.Feature // the change's old and new values read by the model's selectors

	targets   []target   // each slot's, in the model's order
	leafEdits []leafEdit // the text and prop changes
	blocks    []block    // the structural changes, each a run of patches
	reordered []vdom.Patch
	props     []vdom.Prop // an element's props with the leaf edits merged in
	orderKeys [][]byte    // an order slot's predicted keys
	list      listScratch // the list slots'

	currentIndex   []strSpan   // the current tree's string index, when decoded incrementally
	currentChanges []strChange // and its string changes
	nodePatch      []int32     // overlay: the patch of each node, or -1
	overlay        bool        // the prediction is leaf patches over the tree, not applied
	// the canonical JSON of the component's cached tree of generation
	// canonGen (0: none) and its nodes' spans, that overlays are spliced
	// into (overlay.go)
	canon      []byte
	canonSpans []vdom.NodeSpan
	canonGen   uint64

	pageWords []uint64 // the hashes of the words of a borrower's page, sorted (lend.go)
	patched   bool     // the last materialize applied its patches to the tree it was given

	// ixs are sibling indices of the trees a Learn works on (nil in Predict:
	// one resolution per slot does not pay for indexing the tree)
	ixs [2]*sibIndex

	lane uint32 // the lane it counts in (lanes.go)
}

// ixFor returns the sibling index of t, or nil.
func (ps *predictScratch) ixFor(t *vdom.Tree) *sibIndex {
	for _, ix := range ps.ixs {
		if ix.bound(t) {
			return ix
		}
	}
	return nil
}

// target is what one slot predicts, against the tree it was given.
type target struct {
	known      bool            // the slot predicts the new value's outcome
	consistent bool            // the slot's outcome for the old value is what the tree shows
	curOK      bool            // cur was read
	absent     bool            // the slot's place is not in the tree (absent): nothing of it to change
	covered    bool            // a confirmed family answers for the slot (family.go)
	templated  bool            // o is a child template's (subtree.go), not the learner's
	counted    bool            // a text its count learner answers, once the narrowing region is (narrow.go)
	o          outcome.Outcome // the predicted outcome
	cur        outcome.Outcome // the outcome the tree shows
	node       int32
	pathOff    int32
	pathLen    int32
	at         int
}

// leafEdit is a text or prop change a slot predicts.
type leafEdit struct {
	node    int32
	pathOff int32
	pathLen int32
	text    bool
	prop    []byte
	o       outcome.Outcome
}

// block is a structural change a slot predicts: a run of patches under
// one path.
type block struct {
	pathOff, pathLen int32
	start, end       int  // its patches in patches
	seen             bool // its subtree is one its slot's learner saw (a region's, a child's), not a template's
}

// newPredictScratch returns an empty scratch for trees and values within lim.
func newPredictScratch(lim vdom.Limits) *predictScratch {
	return &predictScratch{decoder: vdom.NewDecoder(lim), reconciler: reconcile.New(lim), lane: nextLane()}
}

// heapBytes is the heap what the scratch holds takes (the struct itself
// aside), as far as it grows with the trees and values it meets.
func (ps *predictScratch) heapBytes() int64 {
	var n int64
	for _, t := range []*vdom.Tree{&ps.decoded, &ps.applied, &ps.outcomeTree, &ps.replayed, &ps.subTree, &ps.list.container, &ps.patchTree} {
		n += treeSize(t)
	}
	n += memsize.Bytes(cap(ps.rendered)) + memsize.Bytes(cap(ps.read)) + memsize.Bytes(cap(ps.encoded))
	n += memsize.Slice(ps.paths) + memsize.Slice(ps.targets) + memsize.Slice(ps.leafEdits) + memsize.Slice(ps.famEdits) + memsize.Slice(ps.blocks) + memsize.Slice(ps.reordered)
	n += patchListSize(&ps.patches) + patchListSize(&ps.subPatches)
	n += memsize.Bytes(cap(ps.canon)) + memsize.Slice(ps.canonSpans) + ps.narrow.size() + memsize.Slice(ps.countF) + memsize.Slice(ps.pageWords)
	return n + ps.change.Values.Size() + memsize.Slice(ps.currentIndex) + memsize.Slice(ps.currentChanges)
}

func (ps *predictScratch) pathOf(off, n int32) []int32 { return ps.paths[off : off+n : off+n] }

func (ps *predictScratch) addPath(p []int32) (int32, int32) {
	off := int32(len(ps.paths))
	ps.paths = append(ps.paths, p...)
	return off, int32(len(p))
}

// materialize plans and builds the predicted patch list for ps.change against t
// and applies it to a copy of t (or to t itself when inPlace), which it
// returns; nil when there is no prediction. ps.patches holds the patches. When
// they are all leaf patches, ps.overlay is set and t is returned unchanged:
// the predicted tree is t overlaid with them (overlay.go).
func (ps *predictScratch) materialize(m *model, t *vdom.Tree, inPlace bool) *vdom.Tree {
	ps.patched = false
	if !ps.plan(m, t) {
		return nil
	}
	return ps.build(m, t, inPlace)
}

// plan computes every slot's target against t (phase 0). It reports whether
// every slot predicts and agrees with t.
func (ps *predictScratch) plan(m *model, t *vdom.Tree) bool {
	ch := &ps.change
	ps.oldFeatures = m.sels.Eval(ps.oldFeatures[:0], &ch.Values, ch.Old)
	ps.newFeatures = m.sels.Eval(ps.newFeatures[:0], &ch.Values, ch.New)
	// a member never seen changing: what it touches no slot may know (every
	// target is still planned: a Learn's shadow prediction reads them)
	all := changedSels(m.sels.Parts(), ps.oldFeatures, ps.newFeatures)&^m.moved == 0
	ps.targets = ps.targets[:0]
	ps.paths, ps.rendered, ps.read = ps.paths[:0], ps.rendered[:0], ps.read[:0]
	ps.narrowed = -1
	counted := false
	// a string changed: what narrowing lists and their counts read (narrow.go)
	strs := ch.Values.Kind(ch.Old) == outcome.KindString && ch.Values.Kind(ch.New) == outcome.KindString
	var qo, qn []byte
	if strs {
		qo, qn = ch.Values.Text(ch.Old), ch.Values.Text(ch.New)
	}
	for _, s := range m.slots {
		var tg target
		cur, node, p, at, ok := s.readOutcome(ps.ixFor(t), t, &ps.encoder, &ps.read, ps.path[:0])
		ps.path = p[:0]
		tg.node, tg.at = node, at
		tg.pathOff, tg.pathLen = ps.addPath(p)
		if !ok && absent(t, s.loc) {
			// a region that is not there (a closed dropdown's texts): the
			// change has nothing of it to change, unless another slot
			// creates it, whose outcome is then the whole subtree
			tg.absent, tg.consistent = true, true
			ps.targets = append(ps.targets, tg)
			continue
		}
		if m.coveredBy(s) != nil {
			// its family answers for it, for every row (planFamilies)
			tg.cur, tg.curOK = cur, ok
			tg.covered, tg.consistent = true, true
			ps.targets = append(ps.targets, tg)
			continue
		}
		if s.kind == slotList {
			// lists check themselves when they are materialized
			tg.known, tg.consistent = ok, ok
			ps.targets = append(ps.targets, tg)
			all = all && ok
			continue
		}
		tg.cur, tg.curOK = cur, ok
		if ok && s.narrow != nil && strs {
			// a narrowing query: the results the tree shows that still
			// match, before what the learner would guess (narrow.go)
			var n int
			if tg.o, n, tg.known = s.narrowed(&ps.narrow, &ps.encoder, &ps.rendered, qo, qn, t, node); tg.known {
				ps.narrowed = n
			}
		}
		if !tg.known {
			if o, known := s.lr.Predict(ps.newFeatures, &ps.rendered); known {
				tg.known, tg.o = true, o
			} else if s.kind == slotChild {
				tg.o, tg.known = ps.subOutcome(s, ps.newFeatures, ch.Values.Kind(ch.New) == outcome.KindString) // subtree.go
				tg.templated = tg.known
			}
		}
		if !tg.known && ok && s.kind == slotChild {
			tg.o, tg.known = ps.emptyOutcome(m, s, t, node, at, cur) // empty.go: it checks the old value itself
		}
		if ok && s.count != nil && strs {
			tg.counted, counted = true, true // answered once the narrowing region is (countsOf)
		}
		tg.consistent = ok
		if ok {
			exp, known := s.lr.Predict(ps.oldFeatures, &ps.rendered)
			if !known && s.kind == slotChild {
				exp, known = ps.subOutcome(s, ps.oldFeatures, ch.Values.Kind(ch.Old) == outcome.KindString)
			}
			if known && !exp.Eq(cur) {
				tg.consistent = false
			}
		}
		all = all && (tg.known || tg.counted) && tg.consistent
		ps.targets = append(ps.targets, tg)
	}
	if all && counted && !ps.countsOf(m, t) {
		return false
	}
	if all && len(m.slots) > 0 && !slices.ContainsFunc(ps.targets, func(tg target) bool { return !tg.absent }) {
		return false // no place the model knows is in this tree: it knows nothing of it
	}
	return all && ps.planFamilies(m, t)
}

// build is phases 1 and 2: edits from the targets, then the patch list in an
// order where every path holds, applied patch by patch.
func (ps *predictScratch) build(m *model, t *vdom.Tree, inPlace bool) *vdom.Tree {
	ch := &ps.change
	ps.patchTree.Reset()
	ps.patches.Reset(&ps.patchTree)
	ps.leafEdits, ps.blocks = append(ps.leafEdits[:0], ps.famEdits...), ps.blocks[:0]
	for i, s := range m.slots {
		tg := &ps.targets[i]
		if tg.absent || tg.covered {
			continue
		}
		path := ps.pathOf(tg.pathOff, tg.pathLen)
		switch s.kind {
		case slotText:
			if tg.o.Absent {
				return nil
			}
			if !tg.o.Eq(tg.cur) {
				ps.leafEdits = append(ps.leafEdits, leafEdit{node: tg.node, pathOff: tg.pathOff, pathLen: tg.pathLen, text: true, o: tg.o})
			}
		case slotProp:
			if !tg.o.Eq(tg.cur) {
				ps.leafEdits = append(ps.leafEdits, leafEdit{node: tg.node, pathOff: tg.pathOff, pathLen: tg.pathLen, prop: s.prop, o: tg.o})
			}
		case slotRegion:
			if tg.o.Eq(tg.cur) {
				continue
			}
			if tg.o.Absent || ps.decoder.DecodeTree(tg.o.Bytes, &ps.outcomeTree) != nil {
				return nil
			}
			start := len(ps.patches.Patches)
			view := *t
			view.Root = tg.node
			ps.reconciler.Diff(&view, &ps.outcomeTree, &ps.subPatches)
			ps.importSub(path)
			ps.blocks = append(ps.blocks, block{pathOff: tg.pathOff, pathLen: tg.pathLen, start: start, end: len(ps.patches.Patches), seen: true})
		case slotOrder:
			if tg.o.Eq(tg.cur) {
				continue
			}
			keys, ok := orderKeys(tg.o.Bytes, ps.orderKeys)
			ps.orderKeys = keys
			if !ok || tg.o.Absent || len(keys) != int(t.Nodes[tg.node].NKids) {
				return nil
			}
			start := len(ps.patches.Patches)
			q := ps.patches.Add(vdom.PatchReorderChildren, path)
			q.Order = uint32(len(ps.patches.Keys))
			for _, k := range keys {
				ps.patches.Keys = append(ps.patches.Keys, ps.patchTree.AddString(k))
			}
			q.NOrder = uint32(len(keys))
			ps.blocks = append(ps.blocks, block{pathOff: tg.pathOff, pathLen: tg.pathLen, start: start, end: len(ps.patches.Patches)})
		case slotChild:
			if tg.o.Eq(tg.cur) {
				continue
			}
			off, n := ps.addPath(path)
			ps.paths = append(ps.paths, int32(tg.at))
			n++
			cpath := ps.pathOf(off, n)
			start := len(ps.patches.Patches)
			switch {
			case tg.cur.Absent: // create
				if ps.decoder.DecodeTree(tg.o.Bytes, &ps.outcomeTree) != nil || !ps.outcomeTree.HasRoot() {
					return nil
				}
				q := ps.patches.Add(vdom.PatchCreate, cpath)
				q.Node = patch.Import(&ps.patchTree, &ps.outcomeTree, ps.outcomeTree.Root)
			case tg.o.Absent: // remove
				ps.patches.Add(vdom.PatchRemove, cpath)
			default: // change
				if ps.decoder.DecodeTree(tg.o.Bytes, &ps.outcomeTree) != nil {
					return nil
				}
				kids := t.Children(tg.node)
				if tg.at >= len(kids) {
					return nil
				}
				view := *t
				view.Root = kids[tg.at]
				ps.reconciler.Diff(&view, &ps.outcomeTree, &ps.subPatches)
				ps.importSub(cpath)
			}
			ps.blocks = append(ps.blocks, block{pathOff: off, pathLen: n, start: start, end: len(ps.patches.Patches), seen: !tg.templated})
		case slotList:
			start := len(ps.patches.Patches)
			lt, ok := s.list.predictChildren(ps.listCtx, ch, t, tg.node, &ps.list, &ps.rendered)
			if !ok {
				return nil
			}
			view := *t
			view.Root = tg.node
			ps.reconciler.Diff(&view, lt, &ps.subPatches)
			ps.importSub(path)
			ps.blocks = append(ps.blocks, block{pathOff: tg.pathOff, pathLen: tg.pathLen, start: start, end: len(ps.patches.Patches)})
		}
	}
	if !ps.arrange(t) {
		return nil
	}
	ps.overlay = false
	if len(ps.blocks) == 0 {
		// leaves only: checked where they stand, not applied (overlay.go)
		if !ps.checkLeaves(t) {
			return nil
		}
		ps.overlay = true
		return t
	}
	w := t
	if !inPlace {
		copyTree(&ps.applied, t)
		w = &ps.applied
	}
	ps.patched = inPlace
	for i := range ps.patches.Patches {
		p := &ps.patches.Patches[i]
		if err := patch.ApplyOne(w, &ps.patches, p); err != nil {
			return nil
		}
		invalidate(w, ps.patches.PathOf(p))
	}
	return w
}

// arrange adds the leaf patches (they change no structure, so every path
// holds) and arranges the structural blocks after them, the last in document
// order first, so that each block's paths still hold when it applies. Blocks
// that nest, and leaves inside blocks, make the prediction fail.
func (ps *predictScratch) arrange(t *vdom.Tree) bool {
	if !ps.leavesInBlocks() {
		return false
	}
	leafStart := len(ps.patches.Patches)
	// texts (one slot per text node)
	for i := range ps.leafEdits {
		e := &ps.leafEdits[i]
		if !e.text {
			continue
		}
		for j := i + 1; j < len(ps.leafEdits); j++ {
			if ps.leafEdits[j].text && ps.leafEdits[j].node == e.node {
				return false
			}
		}
		q := ps.patches.Add(vdom.PatchUpdateText, ps.pathOf(e.pathOff, e.pathLen))
		q.Content = ps.patchTree.AddString(e.o.Bytes)
	}
	// props, grouped by node
	if len(ps.leafEdits) > 1 {
		slices.SortStableFunc(ps.leafEdits, func(a, b leafEdit) int {
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
	for i := 0; i < len(ps.leafEdits); {
		e := &ps.leafEdits[i]
		if e.text {
			i++
			continue
		}
		j := i
		for j < len(ps.leafEdits) && !ps.leafEdits[j].text && ps.leafEdits[j].node == e.node {
			if j > i && bytes.Equal(ps.leafEdits[j].prop, ps.leafEdits[j-1].prop) {
				return false // two slots on one prop
			}
			j++
		}
		ps.props = ps.props[:0]
		cur := t.PropList(e.node)
		edits := ps.leafEdits[i:j]
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
				ps.props = append(ps.props, vdom.Prop{Name: ps.patchTree.AddString(t.Bytes(cur[ci].Name)), Val: ps.patchTree.AddString(t.Bytes(cur[ci].Val)), Raw: cur[ci].Raw})
				ci++
			default:
				ed := &edits[ei]
				if !ed.o.Absent {
					ps.props = append(ps.props, vdom.Prop{Name: ps.patchTree.AddString(ed.prop), Val: ps.patchTree.AddString(ed.o.Bytes), Raw: ed.o.Raw})
				}
				ei++
				if c == 0 {
					ci++
				}
			}
		}
		q := ps.patches.Add(vdom.PatchUpdateProps, ps.pathOf(e.pathOff, e.pathLen))
		q.Props = uint32(len(ps.patchTree.Props))
		ps.patchTree.Props = append(ps.patchTree.Props, ps.props...)
		q.NProps = uint32(len(ps.props))
		i = j
	}
	if len(ps.blocks) == 0 && leafStart == 0 {
		return true
	}
	// blocks: last in document order first
	slices.SortFunc(ps.blocks, func(a, b block) int {
		return -comparePaths(ps.pathOf(a.pathOff, a.pathLen), ps.pathOf(b.pathOff, b.pathLen))
	})
	for i := range ps.blocks {
		bp := ps.pathOf(ps.blocks[i].pathOff, ps.blocks[i].pathLen)
		if i > 0 {
			prev := ps.pathOf(ps.blocks[i-1].pathOff, ps.blocks[i-1].pathLen)
			if hasPrefix(prev, bp) {
				return false
			}
		}
		for j := range ps.leafEdits {
			if hasPrefix(ps.pathOf(ps.leafEdits[j].pathOff, ps.leafEdits[j].pathLen), bp) {
				return false
			}
		}
	}
	ps.reordered = append(ps.reordered[:0], ps.patches.Patches[leafStart:]...)
	for _, b := range ps.blocks {
		ps.reordered = append(ps.reordered, ps.patches.Patches[b.start:b.end]...)
	}
	ps.patches.Patches = append(ps.patches.Patches[:0], ps.reordered...)
	return true
}

// leavesInBlocks settles the leaf edits inside a block whose subtree its
// slot's learner saw (a region's or a child's, replayed: the mail list of a
// state seen before, with a row's class that a slot of its own predicts):
// when the block changes only leaves, and its patch at the edit's node says
// what the edit says, the edit is the block's and is dropped; otherwise the
// prediction fails (two answers for one node, or an edit under a node the
// block moves or replaces). Inside a block a template rendered (a child's
// template, a list's items), an edit still fails the prediction: a leaf
// slot that agrees with a template is no check of it where it extrapolates
// ("badge" for a count of 31 that shows "badge wide": wrong patches on the
// notifications bell when this was tried).
func (ps *predictScratch) leavesInBlocks() bool {
	if len(ps.blocks) == 0 {
		return true
	}
	kept := ps.leafEdits[:0]
	for _, e := range ps.leafEdits {
		ep := ps.pathOf(e.pathOff, e.pathLen)
		in := -1
		for i := range ps.blocks {
			if hasPrefix(ep, ps.pathOf(ps.blocks[i].pathOff, ps.blocks[i].pathLen)) {
				in = i
				break
			}
		}
		if in < 0 {
			kept = append(kept, e)
			continue
		}
		if !ps.blocks[in].seen || !ps.blockSays(&ps.blocks[in], ep, &e) {
			return false
		}
	}
	ps.leafEdits = kept
	return true
}

// blockSays reports whether block b changes only leaves and its patch at
// path says what leaf edit e says.
func (ps *predictScratch) blockSays(b *block, path []int32, e *leafEdit) bool {
	var at *vdom.Patch
	for i := b.start; i < b.end; i++ {
		p := &ps.patches.Patches[i]
		if p.Kind != vdom.PatchUpdateText && p.Kind != vdom.PatchUpdateProps {
			return false
		}
		if slices.Equal(ps.patches.PathOf(p), path) {
			at = p
		}
	}
	switch {
	case at == nil:
		return false // the block leaves the node as it is, the edit changes it
	case e.text:
		return at.Kind == vdom.PatchUpdateText && bytes.Equal(ps.patchTree.Bytes(at.Content), e.o.Bytes)
	case at.Kind != vdom.PatchUpdateProps:
		return false
	}
	for _, pr := range ps.patches.PropsOf(at) {
		if bytes.Equal(ps.patchTree.Bytes(pr.Name), e.prop) {
			return !e.o.Absent && pr.Raw == e.o.Raw && bytes.Equal(ps.patchTree.Bytes(pr.Val), e.o.Bytes)
		}
	}
	return e.o.Absent
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

// importSub copies the patches of ps.subPatches into ps.patches under prefix.
func (ps *predictScratch) importSub(prefix []int32) {
	sub := &ps.subPatches
	for i := range sub.Patches {
		p := &sub.Patches[i]
		ps.path = append(append(ps.path[:0], prefix...), sub.PathOf(p)...)
		q := ps.patches.Add(p.Kind, ps.path)
		switch p.Kind {
		case vdom.PatchCreate, vdom.PatchReplace:
			n := patch.Import(&ps.patchTree, sub.Tree, p.Node)
			ps.patches.Patches[len(ps.patches.Patches)-1].Node = n
		case vdom.PatchUpdateText:
			q.Content = ps.patchTree.AddString(sub.Tree.Bytes(p.Content))
		case vdom.PatchUpdateProps:
			start := uint32(len(ps.patchTree.Props))
			for _, pr := range sub.PropsOf(p) {
				ps.patchTree.Props = append(ps.patchTree.Props, vdom.Prop{Name: ps.patchTree.AddString(sub.Tree.Bytes(pr.Name)), Val: ps.patchTree.AddString(sub.Tree.Bytes(pr.Val)), Raw: pr.Raw})
			}
			q = &ps.patches.Patches[len(ps.patches.Patches)-1]
			q.Props, q.NProps = start, uint32(len(ps.patchTree.Props))-start
		case vdom.PatchReorderChildren:
			start := uint32(len(ps.patches.Keys))
			for _, k := range sub.OrderOf(p) {
				ps.patches.Keys = append(ps.patches.Keys, ps.patchTree.AddString(sub.Tree.Bytes(k)))
			}
			q = &ps.patches.Patches[len(ps.patches.Patches)-1]
			q.Order, q.NOrder = start, uint32(len(ps.patches.Keys))-start
		}
	}
}
