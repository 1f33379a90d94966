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
// A Predictor is safe for concurrent use. Learn (and LearnBatch, a whole
// batch at once) and the other writers hold it exclusively; predictions run
// side by side and write nothing they share: the lock, the counters and the
// latency histograms are in lanes, one per scratch of the per-P pool, and the
// pending prediction is written only when it changes (lanes.go). PredictInto
// allocates nothing in steady state.
//
// The code follows the two phases: learn.go (Learn, LearnBatch, observing
// outcomes, influence between keys) with discover.go (new slots from the
// observed patches), and predict.go (Predict, materializing the slots,
// VerifyPrediction) with overlay.go (leaf-only predictions, checked and
// encoded over the current tree). The types they work on each have a file,
// with their snapshot coding, size and description next to them: model.go
// (what one key learned, its records and confidence), slot.go, list.go,
// locate.go (locators and anchors). cache.go and delta.go keep each
// component's last tree and decode the next one incrementally; memory.go
// holds the bounds and eviction; persist.go the snapshot formats. How an
// outcome follows the state value, with no tree in sight, is package
// outcome; the snapshot coder is package snapshot.
package predict

import (
	"math"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict/outcome"
	"github.com/minimact/engine/runtime/predict/snapshot"
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
func (e EvictionPolicy) String() string { return enumName(policyNames[:], e, "EvictionPolicy") }

// ParseEvictionPolicy parses a policy name ("lru", "least_observed",
// "oldest_first", "lowest_confidence").
func ParseEvictionPolicy(s string) (EvictionPolicy, bool) {
	return enumParse[EvictionPolicy](policyNames[:], s)
}

// MarshalText writes the policy's name.
func (e EvictionPolicy) MarshalText() ([]byte, error) {
	return enumMarshal(policyNames[:], e, "eviction policy")
}

// UnmarshalText reads a policy's name.
func (e *EvictionPolicy) UnmarshalText(b []byte) error {
	return enumUnmarshal(policyNames[:], e, b, "eviction policy")
}

// The names of the config's enumerations (EvictionPolicy, Lending), as the
// C ABI's config JSON and snapshots write them.

func enumName[E ~int](names []string, e E, typ string) string {
	if e >= 0 && int(e) < len(names) {
		return names[e]
	}
	return typ + "(" + strconv.Itoa(int(e)) + ")"
}

func enumParse[E ~int](names []string, s string) (E, bool) {
	for i, n := range names {
		if s == n {
			return E(i), true
		}
	}
	return 0, false
}

func enumMarshal[E ~int](names []string, e E, what string) ([]byte, error) {
	if e < 0 || int(e) >= len(names) {
		return nil, vdom.Errorf(vdom.Serialization, "unknown "+what+" "+strconv.Itoa(int(e)))
	}
	return []byte(names[e]), nil
}

func enumUnmarshal[E ~int](names []string, e *E, b []byte, what string) error {
	v, ok := enumParse[E](names, string(b))
	if !ok {
		return vdom.Errorf(vdom.Serialization, "unknown "+what+" \""+string(b)+"\"")
	}
	*e = v
	return nil
}

// Lending says whether, and how, a model answers for other instances of its
// component (lend.go).
type Lending int

const (
	// LendShared lends, and a lent prediction may show the words two other
	// instances' pages showed through the lender (the component's own
	// render); the default.
	LendShared Lending = iota
	// LendPage lends only predictions every word of which is on the
	// borrower's page or in its state.
	LendPage
	// LendOff never lends: each instance is answered by its own model only.
	LendOff
)

var lendingNames = [...]string{"shared", "page", "off"}

// String returns the mode's name as the C ABI's config JSON writes it.
func (l Lending) String() string { return enumName(lendingNames[:], l, "Lending") }

// ParseLending parses a lending mode's name ("shared", "page", "off").
func ParseLending(s string) (Lending, bool) { return enumParse[Lending](lendingNames[:], s) }

// MarshalText writes the mode's name.
func (l Lending) MarshalText() ([]byte, error) {
	return enumMarshal(lendingNames[:], l, "lending mode")
}

// UnmarshalText reads a mode's name.
func (l *Lending) UnmarshalText(b []byte) error {
	return enumUnmarshal(lendingNames[:], l, b, "lending mode")
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
	// Lending says whether a model answers for other instances of its
	// component, and with which words (default LendShared; lend.go).
	Lending Lending `json:"lending"`
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
	if c.Lending < LendShared || c.Lending > LendOff {
		c.Lending = LendShared
	}
	c.Limits = vdom.NewDecoder(c.Limits).Limits()
	return c
}

// code codes the config (a snapshot's "config").
func (cfg *Config) code(c snapshot.Coder) {
	snapshot.Finite(c, "min_confidence", &cfg.MinConfidence)
	snapshot.Int(c, "max_patterns_per_key", &cfg.MaxPatternsPerKey, 0, math.MaxInt32)
	snapshot.Int(c, "max_total_patterns", &cfg.MaxTotalPatterns, 0, math.MaxInt32)
	snapshot.Int(c, "max_memory_bytes", &cfg.MaxMemoryBytes, 0, math.MaxInt)
	pol := cfg.Eviction.String()
	c.Str("eviction", &pol)
	if c.Reading() {
		p, ok := ParseEvictionPolicy(pol)
		if !ok {
			c.Fail("unknown eviction policy")
		}
		cfg.Eviction = p
	}
	if c.Version() >= 8 {
		mode := cfg.Lending.String()
		snapshot.OptStr(c, "lending", &mode, LendShared.String())
		if c.Reading() {
			l, ok := ParseLending(mode)
			if !ok {
				c.Fail("unknown lending mode")
			}
			cfg.Lending = l
		}
	}
	c.Obj("limits", func() {
		for _, f := range cfg.Limits.Fields() {
			snapshot.Int(c, f.JSON, f.V, 0, math.MaxInt32)
		}
		// the options (the DOM view): the paths learned count the nodes
		// of the view they were learned in
		for _, o := range cfg.Limits.Options() {
			name := ""
			if int(*o.V) < len(o.Values) {
				name = o.Values[*o.V]
			}
			snapshot.OptStr(c, o.JSON, &name, o.Values[0])
			if c.Reading() && c.Err() == nil {
				i := slices.Index(o.Values, name)
				if i < 0 {
					c.Fail("unknown " + o.JSON)
					continue
				}
				*o.V = uint8(i)
			}
		}
	})
}

// Predictor learns and predicts; see the package comment.
type Predictor struct {
	lk     rwLock
	lanes  []lane      // lanes.go
	closed atomic.Bool // Close was called (set under the lock)
	cfg    Config
	lim    outcome.Limits
	models map[string]*model
	byComp map[string][]*model // the models of each component
	// lenders by signature, and their count by the key's name (lend.go)
	lenders  map[uint64][]*model
	lendKeys map[uint64]int
	orphans  [orphanSlots]pendSlot // lent predictions for components with no model of the key
	comps    map[string]*compCache
	states   map[string]*stateMem // the renders of whole states, by component (states.go)
	// stateRenders and stateBytes count what states holds (its entries, and
	// the bytes of every stateMem), kept as it changes
	stateRenders int
	stateBytes   int64
	evq          evictHeap // every model, in eviction order (evict.go)
	// the tree caches, newest first
	cacheHead, cacheTail *compCache
	evictWork            uint64 // eviction keys computed, for the tests
	lentChecks           uint64 // lenders' shadow predictions verified (lend.go), for the tests
	clock                uint64 // advanced by every Learn
	gen                  uint64 // the last compCache.gen given
	obs                  uint64 // observations learned
	slots                int    // patterns (slots) held
	mem                  int64  // estimated bytes of models and caches
	lsSize               int64  // the learn scratch's estimated bytes, refreshed now and then
	// published is mem+lsSize as the last writer left it (unlock), read
	// without the lock by the process-wide metrics (MemoryEstimate)
	published atomic.Int64
	ls        *learnScratch
	pool      sync.Pool
	keyBuf    []byte

	st learnCounts
}

// learnCounts are the learning side's metrics: written by Learn (its
// timings just after the lock), read by Metrics at any time.
type learnCounts struct {
	learned, learns, learnErrors, evictions atomic.Uint64
	learn, reconcile                        hist
}

func (c *learnCounts) reset() {
	for _, x := range []*atomic.Uint64{&c.learned, &c.learns, &c.learnErrors, &c.evictions} {
		x.Store(0)
	}
	c.learn.reset()
	c.reconcile.reset()
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
		states: map[string]*stateMem{},
		lanes:  make([]lane, laneCount()),
	}
	p.ls = newLearnScratch(cfg.Limits)
	p.pool.New = func() any { return newPredictScratch(cfg.Limits) }
	p.mem = p.baseMem()
	p.published.Store(p.mem)
	return p
}

// Config returns the predictor's config, defaults filled in.
func (p *Predictor) Config() Config { return p.cfg }

func modelKey(dst, comp, key []byte) []byte {
	dst = append(dst[:0], comp...)
	dst = append(dst, 0)
	return append(dst, key...)
}

// context is the model's current context: the latest values of its
// influencers (0 when it has none).
func (p *Predictor) context(m *model) uint64 { return p.contextIn(m, m.comp) }

// Clear forgets everything learned (metrics stay; see ResetMetrics).
func (p *Predictor) Clear() {
	p.lock()
	defer p.unlock()
	p.models = map[string]*model{}
	p.byComp = map[string][]*model{}
	p.lenders, p.lendKeys = nil, nil
	for i := range p.orphans {
		p.orphans[i].take(nil)
	}
	p.comps = map[string]*compCache{}
	p.states = map[string]*stateMem{}
	p.stateRenders, p.stateBytes = 0, 0
	clear(p.evq)
	p.evq = p.evq[:0]
	p.cacheHead, p.cacheTail = nil, nil
	p.slots = 0
	p.mem = p.baseMem()
}

// Close makes the predictor refuse every later call that can fail, with
// InvalidHandle (the C ABI's destroy: calls running finish first, later ones
// are refused), and forgets what it learned. It is safe to call twice.
func (p *Predictor) Close() {
	p.lock()
	defer p.unlock()
	p.closed.Store(true)
	p.models = map[string]*model{}
	p.byComp = map[string][]*model{}
	p.lenders, p.lendKeys = nil, nil
	for i := range p.orphans {
		p.orphans[i].take(nil)
	}
	p.comps = map[string]*compCache{}
	p.states = map[string]*stateMem{}
	p.stateRenders, p.stateBytes = 0, 0
	clear(p.evq)
	p.evq = nil
	p.cacheHead, p.cacheTail = nil, nil
	p.slots = 0
	p.mem = p.baseMem()
}

// MemoryEstimate is the predictor's estimated memory as its last write
// (Learn, Load, Clear, …) left it, read without taking the lock: what the
// process-wide metrics sum over every predictor, so a metrics scrape never
// waits for a learn. MemoryStats measures it exactly, under the read lock.
func (p *Predictor) MemoryEstimate() int64 { return p.published.Load() }

// Evictions is the patterns evicted since the metrics were last reset
// (Metrics().Evictions), read without the lock.
func (p *Predictor) Evictions() uint64 { return p.st.evictions.Load() }

// Closed reports whether Close was called.
func (p *Predictor) Closed() bool { return p.closed.Load() }

// errClosed is the error of a call on a closed predictor.
func errClosed() error { return vdom.Errorf(vdom.InvalidHandle, "the predictor was destroyed") }
