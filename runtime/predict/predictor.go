// Package predict is the predictor: it learns, per component and state key,
// what a state change does to the component's tree, in a form that
// generalizes to values it never saw, and predicts the patches a new state
// change will cause, before the server re-renders.
//
// What is learned is a set of slots, the places a state key changes (a text,
// a prop, a conditional child, the order of keyed children, a subtree, the
// children that render an array), each with a learner of its outcome as a
// function of the state value: text templates ("Count: {x}", "width: {x}%",
// "Page {x+1}", a·x+b fitted and then verified), value-keyed outcomes
// (a modal open or closed, the active tab) generalized by thresholds and
// equality when the evidence allows, and item templates for lists. A
// prediction materializes every slot against the current tree, checks every
// patch with patch.CanApply (by applying it), and is returned only when
// every slot answers, the current tree agrees with what the slots expect for
// the old value, and the confidence (from the pattern's verified record of
// hits and misses) reaches Config.MinConfidence. Silence is better than a
// wrong prediction. See docs/predictor.md.
//
// A Predictor is safe for concurrent use: Learn and the other writers take
// its write lock, Predict its read lock.
package predict

import (
	"bytes"
	"github.com/minimact/engine/runtime/predict/outcome"
	"math"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/jsonscan"
	"github.com/minimact/engine/runtime/patch"
)

// EvictionPolicy says which patterns go first when a limit is reached.
type EvictionPolicy int

// The eviction policies of the requirements document.
const (
	// LRU evicts the least recently used (learned from or predicted with).
	LRU EvictionPolicy = iota
	// LeastObserved evicts the one with the fewest observations.
	LeastObserved
	// OldestFirst evicts the one learned first.
	OldestFirst
	// LowestConfidence evicts the one with the lowest confidence.
	LowestConfidence
)

var policyNames = [...]string{"lru", "least_observed", "oldest_first", "lowest_confidence"}

// String returns the policy's name as the C ABI's config JSON writes it.
func (e EvictionPolicy) String() string {
	if e >= 0 && int(e) < len(policyNames) {
		return policyNames[e]
	}
	return "EvictionPolicy(" + strconv.Itoa(int(e)) + ")"
}

// ParseEvictionPolicy parses a policy name ("lru", "least_observed",
// "oldest_first", "lowest_confidence").
func ParseEvictionPolicy(s string) (EvictionPolicy, bool) {
	for i, n := range policyNames {
		if s == n {
			return EvictionPolicy(i), true
		}
	}
	return LRU, false
}

// MarshalText writes the policy's name.
func (e EvictionPolicy) MarshalText() ([]byte, error) {
	if e < 0 || int(e) >= len(policyNames) {
		return nil, vdom.Errorf(vdom.Serialization, "unknown eviction policy "+strconv.Itoa(int(e)))
	}
	return []byte(policyNames[e]), nil
}

// UnmarshalText reads a policy's name.
func (e *EvictionPolicy) UnmarshalText(b []byte) error {
	p, ok := ParseEvictionPolicy(string(b))
	if !ok {
		return vdom.Errorf(vdom.Serialization, "unknown eviction policy \""+string(b)+"\"")
	}
	*e = p
	return nil
}

// Config configures a predictor.
type Config struct {
	// MinConfidence is the least confidence of a prediction that Predict
	// returns (0 to 1; default 0.7).
	MinConfidence float64 `json:"min_confidence"`
	// MaxPatternsPerKey bounds the patterns (slots) of one state key
	// (default 100).
	MaxPatternsPerKey int `json:"max_patterns_per_key"`
	// MaxTotalPatterns bounds the patterns of the predictor (default 10000).
	MaxTotalPatterns int `json:"max_total_patterns"`
	// MaxMemoryBytes bounds the predictor's estimated memory (default 64 MiB).
	MaxMemoryBytes int `json:"max_memory_bytes"`
	// Eviction says what goes first when a bound is reached (default LRU).
	Eviction EvictionPolicy `json:"eviction"`
	// Limits bound the trees and state changes decoded (zero fields: the
	// defaults of vdom.DefaultLimits).
	Limits vdom.Limits `json:"limits"`
}

// The defaults.
const (
	DefaultMinConfidence     = 0.7
	DefaultMaxPatternsPerKey = 100
	DefaultMaxTotalPatterns  = 10000
	DefaultMaxMemoryBytes    = 64 << 20
)

// DefaultConfig returns the default config.
func DefaultConfig() Config {
	return Config{
		MinConfidence:     DefaultMinConfidence,
		MaxPatternsPerKey: DefaultMaxPatternsPerKey,
		MaxTotalPatterns:  DefaultMaxTotalPatterns,
		MaxMemoryBytes:    DefaultMaxMemoryBytes,
		Eviction:          LRU,
		Limits:            vdom.DefaultLimits(),
	}
}

// normalize gives every zero or negative bound its default, keeps
// MinConfidence within [0, 1] (NaN: the default), and an unknown policy LRU.
func (c Config) normalize() Config {
	d := DefaultConfig()
	switch {
	case math.IsNaN(c.MinConfidence):
		c.MinConfidence = d.MinConfidence
	case c.MinConfidence < 0:
		c.MinConfidence = 0
	case c.MinConfidence > 1:
		c.MinConfidence = 1
	}
	if c.MaxPatternsPerKey <= 0 {
		c.MaxPatternsPerKey = d.MaxPatternsPerKey
	}
	if c.MaxTotalPatterns <= 0 {
		c.MaxTotalPatterns = d.MaxTotalPatterns
	}
	if c.MaxMemoryBytes <= 0 {
		c.MaxMemoryBytes = d.MaxMemoryBytes
	}
	if c.Eviction < LRU || c.Eviction > LowestConfidence {
		c.Eviction = LRU
	}
	c.Limits = vdom.NewDecoder(c.Limits).Limits()
	return c
}

// compCache is the last tree the predictor saw for a component (the new
// tree of its last Learn), decoded: a host's next Predict and Learn pass that
// same tree, which then need not be decoded again.
type compCache struct {
	src    []byte
	tree   vdom.Tree
	idx    []strSpan // the tree's strings that view src (delta.go)
	used   uint64
	gen    uint64 // advanced whenever the tree changes
	keyLen int
}

// noCache stands for a component with no cached tree (never written).
var noCache = compCache{tree: vdom.Tree{Root: -1}}

// Predictor learns and predicts; see the package comment.
type Predictor struct {
	mu     sync.RWMutex
	cfg    Config
	lim    outcome.Limits
	models map[string]*model
	byComp map[string][]*model // the models of each component
	comps  map[string]*compCache
	clock  uint64 // advanced by every Learn
	gen    uint64 // the last compCache.gen given
	obs    uint64 // observations learned
	slots  int    // patterns (slots) held
	mem    int64  // estimated bytes of models and caches
	lsSize int64  // the learn scratch's estimated bytes, refreshed now and then
	ls     *scratch
	pool   sync.Pool
	keyBuf []byte

	pendMu sync.Mutex
	st     counters
}

// counters are the predictor's metrics, updated lock-free.
type counters struct {
	made, returned, highConf, lookups atomic.Uint64
	confSum                           atomic.Uint64 // millionths
	learned, learns, learnErrors      atomic.Uint64
	predictErrors                     atomic.Uint64
	verified, correct, incorrect      atomic.Uint64
	evictions                         atomic.Uint64
	predictNs, predictN               atomic.Uint64
	learnNs, learnN                   atomic.Uint64
	reconcileNs, reconcileN           atomic.Uint64
}

// New returns a predictor configured by cfg (zero bounds take defaults).
func New(cfg Config) *Predictor {
	cfg = cfg.normalize()
	p := &Predictor{
		cfg:    cfg,
		lim:    outcome.LimitsFor(cfg.Limits),
		models: map[string]*model{},
		byComp: map[string][]*model{},
		comps:  map[string]*compCache{},
	}
	p.ls = newScratch(cfg.Limits)
	p.pool.New = func() any { return newScratch(cfg.Limits) }
	p.mem = p.baseMem()
	return p
}

// Config returns the predictor's config, defaults filled in.
func (p *Predictor) Config() Config { return p.cfg }

func modelKey(dst, comp, key []byte) []byte {
	dst = append(dst[:0], comp...)
	dst = append(dst, 0)
	return append(dst, key...)
}

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
	start := time.Now()
	p.mu.Lock()
	res, err := p.learn(p.ls, stateChange, oldTree, newTree)
	p.mu.Unlock()
	p.st.learns.Add(1)
	global.learns.Add(1)
	if err != nil {
		p.st.learnErrors.Add(1)
		global.learnErrors.Add(1)
	}
	p.st.learnNs.Add(uint64(time.Since(start)))
	p.st.learnN.Add(1)
	return res, err
}

// learn is Learn under the write lock.
func (p *Predictor) learn(sc *scratch, stateChange, oldTree, newTree []byte) (LearnResult, error) {
	var res LearnResult
	ch := &sc.ch
	if err := ch.Parse(stateChange, p.lim); err != nil {
		return res, err
	}
	cc := p.comps[string(ch.Component)]
	sc.nwDelta = cc != nil && deltaDecode(&cc.tree, cc.idx, newTree, &p.cfg.Limits, &sc.nw, &sc.nwIdx, &sc.changes)
	if !sc.nwDelta {
		if err := sc.dec.DecodeTree(newTree, &sc.nw); err != nil {
			return res, err
		}
	}
	old := &sc.cur
	if cc != nil && bytes.Equal(cc.src, oldTree) {
		old = &cc.tree
	} else if err := sc.dec.DecodeTree(oldTree, &sc.cur); err != nil {
		return res, err
	}
	p.clock++
	p.keyBuf = modelKey(p.keyBuf, ch.Component, ch.Key)
	m := p.models[string(p.keyBuf)]
	if m == nil {
		m = &model{comp: string(ch.Component), key: string(ch.Key), born: p.clock}
		p.models[m.comp+"\x00"+m.key] = m
		p.byComp[m.comp] = append(p.byComp[m.comp], m)
	}
	m.sels = m.sels.Extend(&ch.Values, ch.Old, ch.New)
	before := m.mem
	oldH, newH := ch.Values.Hash(ch.Old), ch.Values.Hash(ch.New)

	// 1. judge what the model would have predicted (the shadow prediction)
	shadowHit, shadow, shadowMade := false, false, false
	if len(m.slots) > 0 || m.obs > 0 {
		shadow = true
		w := sc.materialize(m, old, ch, false)
		shadowMade = w != nil
		sc.acts = sc.acts[:0]
		for i, s := range m.slots {
			var a actual
			if s.kind != slotList {
				a.o, _, _, _, a.ok = s.readOutcome(&sc.nw, &sc.enc, &sc.obuf, sc.path[:0])
				if tg := &sc.tg[i]; tg.known && a.ok {
					s.rec.add(tg.o.Eq(a.o))
				}
			}
			sc.acts = append(sc.acts, a)
		}
		if w != nil && w.HasRoot() && sc.nw.HasRoot() {
			switch {
			case sc.overlay && cc != nil && old == &cc.tree && sc.nwDelta:
				shadowHit = sc.leavesGive(old, &sc.nw, cc.idx, sc.changes)
			case sc.overlay:
				copyTree(&sc.work, old)
				w = &sc.work
				for i := range sc.pl.Patches {
					if patch.ApplyOne(w, &sc.pl, &sc.pl.Patches[i]) != nil {
						w = nil
						break
					}
					invalidate(w, sc.pl.PathOf(&sc.pl.Patches[i]))
				}
				shadowHit = w != nil && vdom.Equal(w, w.Root, &sc.nw, sc.nw.Root)
			default:
				shadowHit = vdom.Equal(w, w.Root, &sc.nw, sc.nw.Root)
			}
			ctx := p.context(m)
			m.recAdd(ctx, shadowHit, p.clock)
			m.recAdd(shapeKey(ctx, shapeOf(&sc.pl)), shadowHit, p.clock)
			for _, s := range m.slots {
				if s.kind != slotList {
					continue
				}
				if w == nil || sc.overlay {
					continue // a list that changed nothing
				}
				a, _, okA := resolve(w, s.loc, sc.path[:0])
				b, _, okB := resolve(&sc.nw, s.loc, sc.path[:0])
				if okA && okB {
					s.rec.add(vdom.Equal(w, a, &sc.nw, b))
				}
			}
		}
	}
	// 2. a pending prediction of this change is judged
	p.pendMu.Lock()
	pd := m.pend
	m.pend.valid = false
	p.pendMu.Unlock()
	if pd.valid && pd.oldH == oldH && pd.newH == newH {
		res.Scored = true
		switch {
		case pd.gen != 0 && shadowMade && cc != nil && pd.gen == cc.gen && old == &cc.tree:
			// predicted on this very tree: the shadow prediction was it
			res.Hit = shadowHit
		default:
			sc.out = sc.enc.AppendTree(sc.out[:0], &sc.nw, sc.nw.Root)
			res.Hit = xxhash.Sum64(sc.out) == pd.treeH
		}
		p.judged(m, res.Hit)
	}
	// 3. new places the change touched
	changed := &sc.pl
	if !shadowHit {
		t0 := time.Now()
		sc.rec.Diff(old, &sc.nw, &sc.diff)
		p.st.reconcileNs.Add(uint64(time.Since(t0)))
		p.st.reconcileN.Add(1)
		p.discover(m, sc, old, &sc.nw)
		changed = &sc.diff
	}
	// 4. every slot learns the old and new outcomes (those the shadow
	// prediction read, when the slots did not change since)
	p.observe(m, sc, old, &sc.nw, shadow && shadowHit)
	// 5. other keys of the component whose slots this change touched are
	// influenced by this key
	if others := p.byComp[m.comp]; len(others) > 1 {
		p.influence(m, others, changed, &sc.nw)
	}
	m.last = newH
	m.obs++
	p.obs++
	atomic.StoreInt64(&m.used, int64(p.clock))
	// 6. the new tree is the component's current tree
	var idx []strSpan
	if sc.nwDelta && sc == p.ls {
		idx = sc.nwIdx
	}
	p.cacheTree(ch.Component, newTree, &sc.nw, idx)
	if m.dirty || m.mem == 0 {
		m.mem = m.size()
		m.dirty = false
	}
	p.mem += m.mem - before
	if err := p.enforce(m); err != nil {
		return res, err
	}
	return res, nil
}

// judged counts a verified prediction.
func (p *Predictor) judged(m *model, hit bool) {
	p.st.verified.Add(1)
	global.verified.Add(1)
	if hit {
		p.st.correct.Add(1)
		global.correct.Add(1)
		atomic.AddUint64(&m.predHits, 1)
	} else {
		p.st.incorrect.Add(1)
		global.incorrect.Add(1)
		atomic.AddUint64(&m.predMisses, 1)
	}
}

// cacheTree keeps t (decoded from src) as comp's current tree; idx is its
// string index when known.
func (p *Predictor) cacheTree(comp []byte, src []byte, t *vdom.Tree, idx []strSpan) {
	if len(src) > p.cfg.MaxMemoryBytes/8 {
		if cc := p.comps[string(comp)]; cc != nil {
			p.mem -= cc.size()
			delete(p.comps, string(comp))
		}
		return
	}
	cc := p.comps[string(comp)]
	if cc == nil {
		cc = &compCache{keyLen: len(comp)}
		p.comps[string(comp)] = cc
	} else {
		p.mem -= cc.size()
	}
	cc.src = append(cc.src[:0], src...)
	// t is scratch: its arenas move into the cache, the cache's old ones
	// into t
	cc.tree, *t = *t, cc.tree
	cc.tree.Src = cc.src
	t.Src = nil
	if idx != nil {
		cc.idx, p.ls.nwIdx = idx, cc.idx
	} else {
		cc.idx = strIndex(&cc.tree, cc.idx)
	}
	cc.used = p.clock
	p.gen++
	cc.gen = p.gen
	p.mem += cc.size()
}

// conf is the model's confidence in context ctx for a prediction of shape
// shape (shapeOf): the record of that shape in that context, with the
// context's record as its prior (weight 2), and no more than any of its
// slots'. A context never verified has the uniform prior, 0.5.
func (m *model) conf(ctx, shape uint64) float64 {
	c := 0.5
	if r := m.recIn(ctx); r != nil {
		c = r.conf()
	}
	if r := m.recIn(shapeKey(ctx, shape)); r != nil {
		c = (r.h + 2*c) / (r.h + r.m + 2)
	}
	for _, s := range m.slots {
		c = min(c, s.rec.conf())
	}
	return c
}

// ctxConf is the model's confidence in context ctx for a shape never seen.
func (m *model) ctxConf(ctx uint64) float64 { return m.conf(ctx, 0) }

func shapeKey(ctx, shape uint64) uint64 {
	if shape == 0 {
		return 1<<64 - 1 // no shape record
	}
	return vdom.Mix(ctx^0x5bd1e995, shape)
}

// shapeOf is the shape of a patch list: how many patches of each kind (0,
// 1, or more), so that a toggle, an add and a removal are told apart.
func shapeOf(l *vdom.PatchList) uint64 {
	var n [8]uint8
	for i := range l.Patches {
		if k := l.Patches[i].Kind; int(k) < len(n) && n[k] < 2 {
			n[k]++
		}
	}
	h := uint64(0x9e3779b97f4a7c15)
	for _, c := range n {
		h = vdom.Mix(h, uint64(c))
	}
	return h | 1
}

// recIn returns the record of context ctx, or nil.
func (m *model) recIn(ctx uint64) *record {
	for i := range m.recs {
		if m.recs[i].ctx == ctx {
			return &m.recs[i].rec
		}
	}
	return nil
}

// recAdd counts a verified hit or miss in context ctx.
func (m *model) recAdd(ctx uint64, hit bool, clock uint64) {
	for i := range m.recs {
		if m.recs[i].ctx == ctx {
			m.recs[i].rec.add(hit)
			m.recs[i].stamp = clock
			return
		}
	}
	if len(m.recs) >= maxContexts {
		old := 0
		for i := range m.recs {
			if m.recs[i].stamp < m.recs[old].stamp {
				old = i
			}
		}
		m.recs = append(m.recs[:old], m.recs[old+1:]...)
	}
	m.recs = append(m.recs, ctxRec{ctx: ctx, stamp: clock})
	m.recs[len(m.recs)-1].rec.add(hit)
}

// context is the model's current context: the latest values of its
// influencers (0 when it has none).
func (p *Predictor) context(m *model) uint64 {
	if len(m.infl) == 0 {
		return 0
	}
	h := uint64(1)
	for _, k := range m.infl {
		v := uint64(0)
		if o := p.models[m.comp+"\x00"+k]; o != nil {
			v = o.last
		}
		h = vdom.Mix(h, vdom.Mix(xxhash.Sum64String(k), v))
	}
	return h
}

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

func (p *Predictor) getScratch() *scratch  { return p.pool.Get().(*scratch) }
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

// LearnBatch learns every entry of batch, a JSON array of
// {"state_change":…,"old_tree":…,"new_tree":…}, in order, and returns how
// many it learned. It stops at the first bad entry, whose error says which.
func (p *Predictor) LearnBatch(batch []byte) (int, error) {
	lim := p.lim.MaxBytes
	if lim < math.MaxInt32/64 {
		lim *= 64
	} else {
		lim = math.MaxInt32
	}
	if len(batch) > lim {
		return 0, vdom.Errorf(vdom.JsonTooLarge, "batch of "+strconv.Itoa(len(batch))+" bytes exceeds the limit of "+strconv.Itoa(lim))
	}
	var sc jsonscan.Scanner
	sc.Reset(batch)
	if sc.Peek() != '[' {
		return 0, outcome.ErrAt(vdom.Serialization, sc.Pos, "a batch must be a JSON array")
	}
	sc.Pos++
	n := 0
	for first := true; ; first = false {
		c := sc.Peek()
		if c == ']' {
			sc.Pos++
			break
		}
		if !first {
			if c != ',' {
				return n, outcome.ErrAt(vdom.Serialization, sc.Pos, "expected ',' or ']' in the batch")
			}
			sc.Pos++
			c = sc.Peek()
		}
		at := sc.Pos
		if c != '{' {
			return n, outcome.ErrAt(vdom.Serialization, at, "batch entry "+strconv.Itoa(n)+" is not an object")
		}
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
					return n, outcome.ErrAt(vdom.Serialization, sc.Pos, "expected ',' or '}' in batch entry "+strconv.Itoa(n))
				}
				sc.Pos++
			}
			if sc.Peek() != '"' {
				return n, outcome.ErrAt(vdom.Serialization, sc.Pos, "expected a member name in batch entry "+strconv.Itoa(n))
			}
			var nb []byte
			off, ln, esc, k := sc.String(&nb, 64)
			if k != jsonscan.OK && k != jsonscan.TooLong {
				return n, outcome.ScanErr(&sc, "batch entry "+strconv.Itoa(n))
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
					return n, outcome.ScanErr(&sc, "batch entry "+strconv.Itoa(n))
				}
			}
			if !sc.Expect(':') {
				return n, outcome.ErrAt(vdom.Serialization, sc.Pos, "expected ':' in batch entry "+strconv.Itoa(n))
			}
			sc.Peek()
			vs := sc.Pos
			if sc.Skip(p.lim.MaxDepth+1) != jsonscan.OK {
				return n, outcome.ScanErr(&sc, "batch entry "+strconv.Itoa(n))
			}
			if idx >= 0 {
				if seen&(1<<idx) != 0 {
					return n, outcome.ErrAt(vdom.Serialization, vs, "duplicate member in batch entry "+strconv.Itoa(n))
				}
				seen |= 1 << idx
				spans[idx] = [2]int{vs, sc.Pos}
			}
		}
		if seen != 7 {
			return n, outcome.ErrAt(vdom.Serialization, at, "batch entry "+strconv.Itoa(n)+" needs state_change, old_tree and new_tree")
		}
		start := time.Now()
		p.mu.Lock()
		_, err := p.learn(p.ls, batch[spans[0][0]:spans[0][1]], batch[spans[1][0]:spans[1][1]], batch[spans[2][0]:spans[2][1]])
		p.mu.Unlock()
		p.st.learns.Add(1)
		global.learns.Add(1)
		p.st.learnNs.Add(uint64(time.Since(start)))
		p.st.learnN.Add(1)
		if err != nil {
			p.st.learnErrors.Add(1)
			global.learnErrors.Add(1)
			if e, ok := err.(*vdom.Error); ok {
				e.Message = "batch entry " + strconv.Itoa(n) + ": " + e.Message
			}
			return n, err
		}
		n++
	}
	if sc.Peek(); sc.Pos != len(batch) {
		return n, outcome.ErrAt(vdom.Serialization, sc.Pos, "unexpected data after the batch")
	}
	return n, nil
}

// Clear forgets everything learned (metrics stay; see ResetMetrics).
func (p *Predictor) Clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.models = map[string]*model{}
	p.byComp = map[string][]*model{}
	p.comps = map[string]*compCache{}
	p.slots = 0
	p.mem = p.baseMem()
}
