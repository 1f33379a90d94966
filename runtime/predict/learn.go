package predict

import (
	"bytes"
	"math"
	"slices"
	"sort"
	"strconv"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/clock"
	"github.com/minimact/engine/runtime/jsonscan"
	"github.com/minimact/engine/runtime/patch"
	"github.com/minimact/engine/runtime/predict/internal/memsize"
	"github.com/minimact/engine/runtime/predict/outcome"
)

// LearnResult says what a Learn judged besides learning.
type LearnResult struct {
	// Scored: a pending Predict of the same change was judged by this Learn.
	Scored bool
	// Hit: the judged prediction's tree was the new tree.
	Hit bool
}

// Learn records that stateChange (a StateChange object) turned oldTree into
// newTree (VNode trees), all JSON. A Predict of the same change since the
// last Learn of its key is judged: Scored and Hit.
func (p *Predictor) Learn(stateChange, oldTree, newTree []byte) (LearnResult, error) {
	start := clock.Now()
	res, err := p.learnLocked(stateChange, oldTree, newTree)
	p.counted(start, err)
	return res, err
}

func (p *Predictor) learnLocked(stateChange, oldTree, newTree []byte) (LearnResult, error) {
	p.lock()
	defer p.unlock()
	if p.closed.Load() {
		return LearnResult{}, errClosed()
	}
	return p.learn(stateChange, oldTree, newTree)
}

// counted counts a Learn that started at start.
func (p *Predictor) counted(start clock.Stamp, err error) {
	g := globalOf(p.ls.lane)
	p.st.learns.Add(1)
	g.learns.Add(1)
	if err != nil {
		p.st.learnErrors.Add(1)
		g.learnErrors.Add(1)
	}
	p.st.learn.observe(clock.Since(start))
}

// MaxBatchBytes is the longest batch LearnBatch takes: 64 trees of the
// longest JSON the limits allow.
func (p *Predictor) MaxBatchBytes() int {
	if lim := p.lim.MaxBytes; lim < math.MaxInt32/64 {
		return lim * 64
	}
	return math.MaxInt32
}

// LearnBatch learns every entry of batch, a JSON array of
// {"state_change":…,"old_tree":…,"new_tree":…}, in order, and returns how
// many it learned. It stops at the first bad entry, whose error says which.
// The whole batch is learned under one acquisition of the lock. Each entry
// is copied before it is learned (the copy is reused), so that nothing
// viewing batch is kept after the call: batch may be the caller's memory.
// A batch longer than MaxBatchBytes is refused before it is read.
func (p *Predictor) LearnBatch(batch []byte) (int, error) {
	if lim := p.MaxBatchBytes(); len(batch) > lim {
		return 0, vdom.Errorf(vdom.JsonTooLarge, "batch of "+strconv.Itoa(len(batch))+" bytes exceeds the limit of "+strconv.Itoa(lim))
	}
	p.lock()
	defer p.unlock()
	if p.closed.Load() {
		return 0, errClosed()
	}
	n := 0
	err := eachObject(batch, "the batch", "batch entry", func(sc *jsonscan.Scanner, at int) error {
		var spans [3][2]int
		var seen uint8
		sc.Pos++
		for mfirst := true; ; mfirst = false {
			c := sc.Peek()
			if c == '}' {
				sc.Pos++
				break
			}
			if !mfirst {
				if c != ',' {
					return outcome.ErrAt(vdom.Serialization, sc.Pos, "expected ',' or '}' in batch entry "+strconv.Itoa(n))
				}
				sc.Pos++
			}
			if sc.Peek() != '"' {
				return outcome.ErrAt(vdom.Serialization, sc.Pos, "expected a member name in batch entry "+strconv.Itoa(n))
			}
			var nb []byte
			off, ln, esc, k := sc.String(&nb, 64)
			if k != jsonscan.OK && k != jsonscan.TooLong {
				return outcome.ScanErr(sc, "batch entry "+strconv.Itoa(n))
			}
			idx := -1
			if k == jsonscan.OK {
				name := batch[off : off+ln]
				if esc {
					name = nb[off : off+ln]
				}
				switch string(name) {
				case "state_change":
					idx = 0
				case "old_tree":
					idx = 1
				case "new_tree":
					idx = 2
				}
			} else {
				sc.Err = jsonscan.OK
				if sc.Skip(1) != jsonscan.OK {
					return outcome.ScanErr(sc, "batch entry "+strconv.Itoa(n))
				}
			}
			if !sc.Expect(':') {
				return outcome.ErrAt(vdom.Serialization, sc.Pos, "expected ':' in batch entry "+strconv.Itoa(n))
			}
			sc.Peek()
			vs := sc.Pos
			if sc.Skip(p.lim.MaxDepth+1) != jsonscan.OK {
				return outcome.ScanErr(sc, "batch entry "+strconv.Itoa(n))
			}
			if idx >= 0 {
				if seen&(1<<idx) != 0 {
					return outcome.ErrAt(vdom.Serialization, vs, "duplicate member in batch entry "+strconv.Itoa(n))
				}
				seen |= 1 << idx
				spans[idx] = [2]int{vs, sc.Pos}
			}
		}
		if seen != 7 {
			return outcome.ErrAt(vdom.Serialization, at, "batch entry "+strconv.Itoa(n)+" needs state_change, old_tree and new_tree")
		}
		start := clock.Now()
		ls := p.ls
		ls.in = ls.in[:0]
		for _, sp := range spans {
			ls.in = append(ls.in, batch[sp[0]:sp[1]]...)
		}
		a, b := spans[0][1]-spans[0][0], spans[1][1]-spans[1][0]
		_, err := p.learn(ls.in[:a:a], ls.in[a:a+b:a+b], ls.in[a+b:])
		p.counted(start, err)
		if err != nil {
			if e, ok := err.(*vdom.Error); ok {
				e.Message = "batch entry " + strconv.Itoa(n) + ": " + e.Message
			}
			return err
		}
		n++
		return nil
	})
	return n, err
}

// learnScratch is the working space of Learn (one per predictor, under its
// write lock): the shadow prediction's (the old tree decoded there), and
// what only learning needs, the new tree and the observed patches.
type learnScratch struct {
	predictScratch

	newTree    vdom.Tree
	newIndex   []strSpan   // newTree's string index, when decoded incrementally
	newChanges []strChange // and its string changes from the component's cached tree
	newDelta   bool        // newTree was decoded incrementally
	observed   vdom.PatchList
	actuals    []actual // each slot's outcome in the new tree

	in           []byte   // LearnBatch: the entry being learned, copied
	ixOld, ixNew sibIndex // the old and new trees' sibling indices
	disc         discoverScratch
	places       placeIndex
}

// actual is a slot's outcome read in a tree.
type actual struct {
	o  outcome.Outcome
	ok bool
}

// newLearnScratch returns an empty scratch for trees and values within lim.
func newLearnScratch(lim vdom.Limits) *learnScratch {
	return &learnScratch{predictScratch: *newPredictScratch(lim)}
}

// size is the scratch's estimated heap, the decoder's and reconciler's own
// buffers included.
func (ls *learnScratch) size() int64 {
	n := memsize.Of(ls) + ls.heapBytes() + treeSize(&ls.newTree) + patchListSize(&ls.observed)
	n += memsize.Slice(ls.newIndex) + memsize.Slice(ls.newChanges)
	n += ls.ixOld.size() + ls.ixNew.size() + ls.disc.size() + ls.places.size() + memsize.Bytes(cap(ls.in))
	return n + 16<<10
}

// learn is Learn under the write lock.
func (p *Predictor) learn(stateChange, oldTree, newTree []byte) (LearnResult, error) {
	var res LearnResult
	ls := p.ls
	ch := &ls.change
	if err := ch.Parse(stateChange, p.lim); err != nil {
		return res, err
	}
	cc := p.comps[string(ch.Component)]
	ls.newDelta = cc != nil && deltaDecode(&cc.tree, cc.idx, newTree, &p.cfg.Limits, &ls.newTree, &ls.newIndex, &ls.newChanges)
	if !ls.newDelta {
		if err := ls.decoder.DecodeTree(newTree, &ls.newTree); err != nil {
			return res, err
		}
	}
	old := &ls.decoded
	if cc != nil && bytes.Equal(cc.src, oldTree) {
		old = &cc.tree
	} else if err := ls.decoder.DecodeTree(oldTree, &ls.decoded); err != nil {
		return res, err
	}
	ls.ixOld.reset(old)
	ls.ixNew.reset(&ls.newTree)
	ls.ixs = [2]*sibIndex{&ls.ixOld, &ls.ixNew}
	p.clock++
	p.keyBuf = modelKey(p.keyBuf, ch.Component, ch.Key)
	m := p.models[string(p.keyBuf)]
	if m == nil {
		m = &model{comp: string(ch.Component), key: string(ch.Key), born: p.clock, hidx: -1}
		p.addModel(m)
	}
	m.sels = m.sels.Extend(&ch.Values, ch.Old, ch.New)
	before := m.mem
	oldH, newH := ch.Values.Hash(ch.Old), ch.Values.Hash(ch.New)

	ctx := p.context(m)
	ls.listCtx = listCtx(ch, ctx)
	// 1. judge what the model would have predicted (the shadow prediction)
	// (and whether a Predict would have returned it: if not, a lender's
	// is verified below, when the key has lenders)
	lendable := p.cfg.Lending != LendOff && p.lendKeys[xxhash.Sum64(ch.Key)] > 0
	shadowHit, shadow, shadowMade, ownWould := false, false, false, false
	if len(m.slots) > 0 || m.obs > 0 {
		shadow = true
		w := ls.materialize(m, old, false)
		shadowMade = w != nil
		ownWould = lendable && w != nil && w.HasRoot() && min(m.confOf(ctx, shapeOf(&ls.patches), ls.targets), ls.famConf) >= p.cfg.MinConfidence
		ls.actuals = ls.actuals[:0]
		for i, s := range m.slots {
			var a actual
			if s.kind != slotList {
				a.o, _, _, _, a.ok = s.readOutcome(&ls.ixNew, &ls.newTree, &ls.encoder, &ls.read, ls.path[:0])
				if tg := &ls.targets[i]; tg.known && a.ok {
					s.rec.add(tg.o.Eq(a.o))
				}
			}
			ls.actuals = append(ls.actuals, a)
		}
		if w != nil && w.HasRoot() && ls.newTree.HasRoot() {
			w, shadowHit = ls.shadowGives(w, old, cc)
			m.recAdd(ctx, shadowHit, p.clock)
			m.recAdd(shapeKey(ctx, shapeOf(&ls.patches)), shadowHit, p.clock)
			for _, s := range m.slots {
				if s.kind != slotList {
					continue
				}
				if w == nil || ls.overlay {
					continue // a list that changed nothing
				}
				a, _, okA := resolve(w, s.loc, ls.path[:0])
				b, _, okB := ls.ixNew.resolve(&ls.newTree, s.loc, ls.path[:0])
				if okA && okB {
					s.rec.add(vdom.Equal(w, a, &ls.newTree, b))
				}
			}
		}
	}
	// 2. a pending prediction of this change is judged
	pd, _ := m.pend.take(nil)
	if m.obs == 0 && !pd.valid {
		// a prediction lent before the model was made (lend.go): its
		// hashes were mixed with the model key's
		if o, ok := p.takeOrphan(p.keyBuf, oldH, newH); ok {
			pd, pd.oldH, pd.newH = o, oldH, newH
		}
	}
	if pd.valid && pd.oldH == oldH && pd.newH == newH {
		res.Scored = true
		switch {
		case pd.gen != 0 && shadowMade && cc != nil && pd.gen == cc.gen && old == &cc.tree:
			// predicted on this very tree: the shadow prediction was it
			res.Hit = shadowHit
		default:
			ls.encoded = ls.encoder.AppendTree(ls.encoded[:0], &ls.newTree, ls.newTree.Root)
			res.Hit = xxhash.Sum64(ls.encoded) == pd.treeH
		}
		p.judged(m, res.Hit, ls.lane)
	}
	// 3. new places the change touched
	changed := &ls.patches
	if !shadowHit {
		t0 := clock.Now()
		ls.reconciler.Diff(old, &ls.newTree, &ls.observed)
		p.st.reconcile.observe(clock.Since(t0))
		p.discover(m, ls, old, &ls.newTree)
		changed = &ls.observed
	}
	// 4. every slot learns the old and new outcomes (those the shadow
	// prediction read, when the slots did not change since)
	p.observe(m, ls, old, &ls.newTree, shadow && shadowHit)
	m.noteRange(ls.oldFeatures) // the numbers it saw, that it may lend between (lend.go)
	m.noteRange(ls.newFeatures)
	// 5. other keys of the component whose slots this change touched are
	// influenced by this key
	if others := p.byComp[m.comp]; len(others) > 1 {
		p.influence(m, others, changed, &ls.newTree)
	}
	// 6. a lender's prediction, where this model's own was silent, is
	// verified (lend.go)
	if lendable && !ownWould {
		p.verifyLent(ls, old, cc)
	}
	m.last = ch.Values.ContextHash(ch.New)
	m.lastContainer = ch.Values.Kind(ch.New) == outcome.KindArray || ch.Values.Kind(ch.New) == outcome.KindObject
	m.obs++
	p.obs++
	p.noteLender(m, lendSig(ch.Key, &ls.newTree))
	atomic.StoreInt64(&m.used, int64(p.clock))
	// 7. the renders of the whole states (states.go), and the new tree is
	// the component's current tree
	var cached *compCache
	if cc != nil && old == &cc.tree {
		cached = cc
	}
	stateH, stated := p.learnStates(ch, cached, old, &ls.newTree, &ls.encoded)
	var idx []strSpan
	if ls.newDelta {
		idx = ls.newIndex
	}
	p.cacheTree(ch.Component, newTree, &ls.newTree, idx)
	if stated {
		p.cachedStates(ch.Component, stateH)
	}
	if m.dirty || m.mem == 0 {
		m.mem = m.size()
		m.dirty = false
	}
	p.mem += m.mem - before
	p.heapFix(m)
	if err := p.enforce(m); err != nil {
		return res, err
	}
	return res, nil
}

// judged counts a verified prediction, in lane seq.
func (p *Predictor) judged(m *model, hit bool, seq uint32) {
	c, g := &p.laneOf(seq).counts, globalOf(seq)
	c.verified.Add(1)
	g.verified.Add(1)
	if hit {
		c.correct.Add(1)
		g.correct.Add(1)
	} else {
		c.incorrect.Add(1)
		g.incorrect.Add(1)
	}
	if m == nil {
		return // lent to a component with no model of the key (lend.go)
	}
	if hit {
		atomic.AddUint64(&m.predHits, 1)
	} else {
		atomic.AddUint64(&m.predMisses, 1)
	}
}

// observe feeds every slot the outcomes of one observation: the old tree's
// for the old value, the new tree's for the new value. With pre, they are
// those the shadow prediction read (ls.targets, ls.actuals).
func (p *Predictor) observe(m *model, ls *learnScratch, old, new *vdom.Tree, pre bool) {
	pre = pre && len(ls.targets) == len(m.slots) && len(ls.actuals) == len(m.slots)
	ch := &ls.change
	ls.oldFeatures = m.sels.Eval(ls.oldFeatures[:0], &ch.Values, ch.Old)
	ls.newFeatures = m.sels.Eval(ls.newFeatures[:0], &ch.Values, ch.New)
	m.moved |= changedSels(m.sels.Parts(), ls.oldFeatures, ls.newFeatures)
	// narrowing lists: the queries, and the numbers of results (narrow.go)
	var qo, qn []byte
	str := ch.Values.Kind(ch.Old) == outcome.KindString && ch.Values.Kind(ch.New) == outcome.KindString
	if str {
		qo, qn = ch.Values.Text(ch.Old), ch.Values.Text(ch.New)
	}
	cntOld, cntNew := -1, -1
	if r := m.narrowRegion(); r != nil {
		if on, _, ok := ls.ixOld.resolve(old, r.loc, ls.path[:0]); ok {
			cntOld = int(old.Nodes[on].NKids)
		}
		if nn, _, ok := ls.ixNew.resolve(new, r.loc, ls.path[:0]); ok {
			cntNew = int(new.Nodes[nn].NKids)
		}
	}
	for i, s := range m.slots {
		s.seen = m.obs
		if s.kind == slotList {
			if s.list == nil {
				continue
			}
			on, _, ok1 := ls.ixOld.resolve(old, s.loc, ls.path[:0])
			if !ok1 {
				on = -1
			}
			nn, _, ok2 := ls.ixNew.resolve(new, s.loc, ls.path[:0])
			if !ok2 {
				nn = -1
			}
			if ok1 && ok2 && !vdom.Equal(old, on, new, nn) {
				s.changes++
				s.lastChange = p.clock
			}
			s.list.learn(ls.listCtx, ch, old, on, new, nn, &ls.list, &ls.rendered)
			m.dirty = true
			continue
		}
		var o1, o2 outcome.Outcome
		var ok1, ok2 bool
		if pre {
			o1, ok1 = ls.targets[i].cur, ls.targets[i].curOK
			o2, ok2 = ls.actuals[i].o, ls.actuals[i].ok
		} else {
			ls.read = ls.read[:0]
			o1, _, _, _, ok1 = s.readOutcome(&ls.ixOld, old, &ls.encoder, &ls.read, ls.path[:0])
		}
		if ok1 && s.lr.Observe(ls.oldFeatures, o1, &ls.rendered) {
			m.dirty = true
		}
		if ok1 && m.famObserve(s, &ch.Values, ch.Old, o1) {
			m.dirty = true
		}
		if !pre {
			o2, _, _, _, ok2 = s.readOutcome(&ls.ixNew, new, &ls.encoder, &ls.read, ls.path[:0])
		}
		if ok2 && s.lr.Observe(ls.newFeatures, o2, &ls.rendered) {
			m.dirty = true
		}
		if ok2 && m.famObserve(s, &ch.Values, ch.New, o2) {
			m.dirty = true
		}
		if s.kind == slotRegion && str && ok1 && ok2 {
			// the region's nodes (the shadow prediction's reads give
			// outcomes only)
			on, _, found1 := ls.ixOld.resolve(old, s.loc, ls.path[:0])
			nn, _, found2 := ls.ixNew.resolve(new, s.loc, ls.path[:0])
			if found1 && found2 {
				had := s.narrow != nil
				s.learnNarrow(&ls.narrow, qo, qn, old, on, new, nn)
				m.dirty = m.dirty || !had && s.narrow != nil
			}
		}
		if s.kind == slotText && cntOld >= 0 && cntNew >= 0 && ok1 && ok2 {
			if s.count == nil && (hasDigit(o1.Bytes) || hasDigit(o2.Bytes)) {
				l := outcome.NewLearner(true)
				s.count, m.dirty = &l, true
			}
			if s.count != nil {
				ls.countF = countFeatures(ls.countF, cntOld)
				if s.count.Observe(ls.countF, o1, &ls.rendered) {
					m.dirty = true
				}
				ls.countF = countFeatures(ls.countF, cntNew)
				if s.count.Observe(ls.countF, o2, &ls.rendered) {
					m.dirty = true
				}
			}
		}
		if s.kind == slotChild {
			if ok1 && ls.learnSub(s, ls.oldFeatures, o1) {
				m.dirty = true
			}
			if ok2 && ls.learnSub(s, ls.newFeatures, o2) {
				m.dirty = true
			}
			if ok1 {
				ls.observeEmpty(m, s, &ls.ixOld, old, o1)
			}
			if ok2 {
				ls.observeEmpty(m, s, &ls.ixNew, new, o2)
			}
		}
		if ok1 && ok2 && !o1.Eq(o2) {
			s.changes++
			s.lastChange = p.clock
		}
	}
}

// place is where an observed patch changed a tree: a node (leaf: its text
// or props), or a node's children (structural).
type place struct {
	path       []int32
	structural bool
}

// placesOf lists the places the patches of l changed (paths in new).
func placesOf(l *vdom.PatchList, new *vdom.Tree, out []place) []place {
	out = out[:0]
	for i := range l.Patches {
		pt := &l.Patches[i]
		path := l.PathOf(pt)
		switch pt.Kind {
		case vdom.PatchCreate, vdom.PatchRemove, vdom.PatchReplace:
			if len(path) == 0 {
				out = append(out, place{path: nil, structural: true})
			} else {
				out = append(out, place{path: path[:len(path)-1], structural: true})
			}
		case vdom.PatchReorderChildren:
			out = append(out, place{path: path, structural: true})
		case vdom.PatchUpdateText:
			n := nodeAt(new, path)
			out = append(out, place{path: path, structural: n < 0 || new.Nodes[n].Kind != vdom.KindText})
		case vdom.PatchUpdateProps:
			out = append(out, place{path: path})
		}
	}
	return out
}

// placeIndex is the places of an observed change ready for lookups: sorted
// by path, and the structural ones by path hash, so that whether a change
// touches a slot costs O(depth) hash lookups and one binary search, not a
// scan of the change.
type placeIndex struct {
	pls   []place
	heads map[uint64]int32 // hashPath of a structural place -> first in chain
	chain []identEnt       // i: the place's index
	ext   []int32
}

const placeSeed = 0x2545f4914f6cdd1d

// size is the index's estimated heap.
func (px *placeIndex) size() int64 {
	return memsize.Slice(px.pls) + memsize.Slice(px.chain) + memsize.Slice(px.ext) + int64(len(px.heads))*memsize.MapEntry
}

func (px *placeIndex) build(l *vdom.PatchList, new *vdom.Tree) {
	px.pls = placesOf(l, new, px.pls)
	slices.SortFunc(px.pls, func(a, b place) int {
		if c := comparePaths(a.path, b.path); c != 0 {
			return c
		}
		switch {
		case a.structural == b.structural:
			return 0
		case a.structural:
			return 1
		}
		return -1
	})
	if px.heads == nil {
		px.heads = map[uint64]int32{}
	}
	clear(px.heads)
	px.chain = px.chain[:0]
	for i := range px.pls {
		if !px.pls[i].structural {
			continue
		}
		h := hashPath(placeSeed, px.pls[i].path)
		head, ok := px.heads[h]
		if !ok {
			head = -1
		}
		px.chain = append(px.chain, identEnt{i: int32(i), next: head})
		px.heads[h] = int32(len(px.chain) - 1)
	}
}

// structuralAt reports whether a structural place has path x, whose
// hashPath is h.
func (px *placeIndex) structuralAt(x []int32, h uint64) bool {
	i, ok := px.heads[h]
	for ok && i >= 0 {
		e := &px.chain[i]
		i = e.next
		if q := px.pls[e.i].path; len(q) == len(x) && hasPrefix(x, q) {
			return true
		}
	}
	return false
}

// lowerBound is the index of the first place whose path is not before x.
func (px *placeIndex) lowerBound(x []int32) int {
	return sort.Search(len(px.pls), func(i int) bool { return comparePaths(px.pls[i].path, x) >= 0 })
}

// touches reports whether the change alters what slot s reads in t.
func (px *placeIndex) touches(ix *sibIndex, s *slot, t *vdom.Tree, buf []int32) ([]int32, bool) {
	node, sp, ok := ix.resolve(t, s.loc, buf[:0])
	if !ok {
		return sp, false
	}
	// the children of the slot's node (structural slots) or of an ancestor
	// changed
	top := len(sp) - 1
	if s.kind.structural() {
		top = len(sp)
	}
	r := uint64(placeSeed)
	for k := 0; k <= top; k++ {
		if px.structuralAt(sp[:k], vdom.Mix(r, uint64(k))) {
			return sp, true
		}
		if k < len(sp) {
			r = vdom.Mix(r, uint64(uint32(sp[k])))
		}
	}
	if s.kind.structural() {
		// something inside the slot's subtree changed
		ext := sp // what the slot covers besides its node's children
		if s.kind == slotChild {
			at, present, ok := gap(t, node, &s.prev, &s.next)
			if !ok || !present {
				return sp, false
			}
			px.ext = append(append(px.ext[:0], sp...), int32(at))
			ext = px.ext
		}
		i := px.lowerBound(ext)
		return sp, i < len(px.pls) && hasPrefix(px.pls[i].path, ext)
	}
	// the slot's own node changed
	for i := px.lowerBound(sp); i < len(px.pls) && len(px.pls[i].path) == len(sp) && hasPrefix(px.pls[i].path, sp); i++ {
		if !px.pls[i].structural {
			return sp, true
		}
	}
	return sp, false
}

// maxInfluenceChecks bounds the other models of a component whose slots one
// Learn checks for influence (a window that moves from one Learn to the
// next), so that a component with very many keys does not make every Learn
// scan them all.
const maxInfluenceChecks = 32

// influence makes m an influencer of the other models of its component
// whose slots the observed change (l, in new) touched.
func (p *Predictor) influence(m *model, others []*model, l *vdom.PatchList, new *vdom.Tree) {
	ls := p.ls
	px := &ls.places
	px.build(l, new)
	if len(px.pls) == 0 {
		return
	}
	n := len(others)
	start := 0
	if n > maxInfluenceChecks {
		start = int(p.clock % uint64(n))
		n = maxInfluenceChecks
	}
	for j := 0; j < n; j++ {
		o := others[(start+j)%len(others)]
		if o == m || len(o.infl) >= maxInfluencers {
			continue
		}
		known := false
		for _, k := range o.infl {
			if k == m.key {
				known = true
				break
			}
		}
		if known {
			continue
		}
		for _, s := range o.slots {
			var hit bool
			ls.path, hit = px.touches(&ls.ixNew, s, new, ls.path)
			ls.path = ls.path[:0]
			if hit {
				o.infl = append(o.infl, m.key)
				break
			}
		}
	}
}

// shadowGives applies the shadow prediction w (built on old, its patches
// in ls.patches) and reports whether it gives ls.newTree; it returns the
// predicted tree it compared.
func (ls *learnScratch) shadowGives(w, old *vdom.Tree, cc *compCache) (*vdom.Tree, bool) {
	switch {
	case ls.overlay && cc != nil && old == &cc.tree && ls.newDelta:
		return w, ls.leavesGive(old, &ls.newTree, cc.idx, ls.newChanges)
	case ls.overlay:
		copyTree(&ls.applied, old)
		w = &ls.applied
		for i := range ls.patches.Patches {
			if patch.ApplyOne(w, &ls.patches, &ls.patches.Patches[i]) != nil {
				return nil, false
			}
			invalidate(w, ls.patches.PathOf(&ls.patches.Patches[i]))
		}
		return w, vdom.Equal(w, w.Root, &ls.newTree, ls.newTree.Root)
	default:
		return w, vdom.Equal(w, w.Root, &ls.newTree, ls.newTree.Root)
	}
}
