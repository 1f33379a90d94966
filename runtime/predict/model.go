package predict

import (
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict/internal/memsize"
	"github.com/minimact/engine/runtime/predict/outcome"
	"github.com/minimact/engine/runtime/predict/snapshot"
)

// model is what the predictor knows of one (component_id, state_key).
type model struct {
	comp, key string
	sels      outcome.Selectors
	slots     []*slot
	fams      []*family // families of keyed siblings' slots (family.go)
	// recs are the verified records by context. The context is the values
	// of infl, the other keys of the component whose changes were seen to
	// touch this model's slots: its predictions are trusted only in a
	// context where they were verified.
	recs  []ctxRec
	infl  []string
	last  uint64  // the key's latest value as other keys' context counts it (outcome.Value.ContextHash)
	dirty bool    // what it holds grew: its memory must be estimated again
	obs   uint64  // observations learned
	born  uint64  // the predictor's clock when made
	used  int64   // the predictor's clock when last used (atomic under the read lock)
	mem   int64   // estimated bytes, kept current by the predictor
	ekey  float64 // its eviction key when last stored in the heap (evict.go)
	hidx  int32   // its index in the eviction heap, -1 when not in it
	cidx  int32   // its index among its component's models (byComp)

	// lastContainer says the latest value is an array or an object: as
	// the context of other keys it counts as one value (context)
	lastContainer bool

	// verified predictions made by Predict and judged (Learn, VerifyPrediction)
	predHits, predMisses uint64

	// moved is the mask of the selectors (outcome.Selectors.Parts) seen
	// changing in an observation: a change of another (a member never seen
	// changing) is not predicted, since no slot may know what it touches
	moved uint64

	pend pendSlot // the last prediction (lanes.go)

	// lending (lend.go): the signature it lends under (0: it does not),
	// and the verified record of its predictions for other instances
	lendSig uint64
	lent    record
	lentBy  [lentShapes]ctxRec // by the shape of the prediction
	words   *sharedWords       // the words its lent predictions showed other instances, once it lent
	vrange  numRange           // the numbers its observations showed for the value (lend.go)
}

// pending is the last prediction Predict returned for a model.
type pending struct {
	valid      bool
	oldH, newH uint64 // the state change's values
	treeH      uint64 // xxhash of the predicted tree's canonical JSON
	gen        uint64 // the compCache.gen of the tree predicted on, or 0
	conf       float64
}

// ctxRec is a model's record in one context: the values of the other state
// keys of its component that influence it.
type ctxRec struct {
	ctx   uint64
	rec   record
	stamp uint64
}

const (
	maxContexts    = 24 // context and (context, shape) records
	maxInfluencers = 4
)

// record is a decayed count of verified hits and misses.
type record struct {
	h, m float64
}

const recDecay = 0.97

func (r *record) add(hit bool) {
	r.h *= recDecay
	r.m *= recDecay
	if hit {
		r.h++
	} else {
		r.m++
	}
}

// conf is the posterior mean of the hit probability under a uniform prior.
func (r *record) conf() float64 { return (r.h + 1) / (r.h + r.m + 2) }

// conf is the model's confidence in context ctx for a prediction of shape
// shape (shapeOf): the record of that shape in that context, with the
// context's record as its prior (weight 2), and no more than any of its
// slots'. A context never verified has the uniform prior, 0.5.
func (m *model) conf(ctx, shape uint64) float64 { return m.confOf(ctx, shape, nil) }

// confOf is conf for a prediction whose slots' targets are ts (the
// model's order): the slots whose place is absent from the tree do not
// bound it by their records — they are right by not being there (issue
// 10: a region's confidence from its verified record, where it would
// change). A slot that predicts its outcome unchanged still does: that is
// a prediction too, and a poor record says it may be wrong (letting such
// slots through sent wrong patches on the app corpus: a conversion rate
// and a page link that did change).
func (m *model) confOf(ctx, shape uint64, ts []target) float64 {
	c := 0.5
	if r := m.recIn(ctx); r != nil {
		c = r.conf()
	}
	if r := m.recIn(shapeKey(ctx, shape)); r != nil {
		c = (r.h + 2*c) / (r.h + r.m + 2)
	}
	for i, s := range m.slots {
		if i < len(ts) && s.kind != slotList && (ts[i].absent || ts[i].covered) {
			continue
		}
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

// size is the model's estimated heap, its slots included.
func (m *model) size() int64 {
	n := memsize.Of(m)
	// comp, key, and the map key comp+"\x00"+key
	n += memsize.Bytes(len(m.comp)) + memsize.Bytes(len(m.key)) + memsize.Bytes(len(m.comp)+1+len(m.key)) + memsize.MapEntry
	n += m.sels.Size()
	n += 8 + 2*memsize.MapEntry // as a lender: its place in the index and its signature's and key's entries (lend.go)
	if m.words != nil {
		n += memsize.Of(m.words)
	}
	n += memsize.Slice(m.slots)
	for _, s := range m.slots {
		n += s.size()
	}
	n += memsize.Slice(m.fams)
	for _, f := range m.fams {
		n += f.size()
	}
	return n
}

// code codes the record (a snapshot's "hits" and "misses").
func (r *record) code(c snapshot.Coder) {
	snapshot.Finite(c, "hits", &r.h)
	snapshot.Finite(c, "misses", &r.m)
	if c.Reading() && (r.h < 0 || r.m < 0) {
		c.Fail("negative record")
	}
}

// code codes what the model learned (a snapshot's "patterns" element).
func (m *model) code(c snapshot.Coder) {
	c.Str("component_id", &m.comp)
	c.Str("state_key", &m.key)
	c.U64("observations", &m.obs)
	c.U64("born", &m.born)
	// written by Predict and VerifyPrediction under the read lock
	used, hits, misses := atomic.LoadInt64(&m.used), atomic.LoadUint64(&m.predHits), atomic.LoadUint64(&m.predMisses)
	c.I64("used", &used)
	c.U64("last", &m.last)
	if c.Version() >= 4 {
		c.Flag("last_is_container", &m.lastContainer)
	}
	c.U64("prediction_hits", &hits)
	c.U64("prediction_misses", &misses)
	if c.Reading() {
		m.used, m.predHits, m.predMisses = used, hits, misses
	}
	m.sels.Code(c, "selectors")
	if c.Version() >= 7 {
		c.U64("moved", &m.moved)
	}
	c.List("influencers", len(m.infl), maxInfluencers, func(i int) {
		if c.Reading() {
			m.infl = append(m.infl, "")
		}
		c.Str("state_key", &m.infl[i])
	})
	c.List("records", len(m.recs), maxContexts, func(i int) {
		if c.Reading() {
			m.recs = append(m.recs, ctxRec{})
		}
		r := &m.recs[i]
		c.U64("context", &r.ctx)
		c.U64("stamp", &r.stamp)
		r.rec.code(c)
	})
	c.List("slots", len(m.slots), maxSlotsCoded, func(i int) {
		if c.Reading() {
			m.slots = append(m.slots, &slot{})
		}
		m.slots[i].code(c)
	})
	if c.Version() >= 4 {
		c.List("families", len(m.fams), maxFamilies, func(i int) {
			if c.Reading() {
				m.fams = append(m.fams, &family{})
			}
			m.fams[i].code(c)
		})
	}
}

// validate checks what a loaded model holds, so that nothing it holds can
// make the predictor fail, and rebuilds what is derived.
func (m *model) validate() error {
	for _, s := range m.slots {
		if err := s.validate(); err != nil {
			return err
		}
	}
	for i, f := range m.fams {
		if err := f.validate(); err != nil {
			return err
		}
		for _, g := range m.fams[:i] {
			if g.sig == f.sig {
				return snapshot.Error("two families of one place")
			}
		}
	}
	return nil
}

// describe writes, for people, the model's record in context ctx, its
// selectors and each slot.
func (m *model) describe(b *strings.Builder, ctx uint64) {
	var r record
	if x := m.recIn(ctx); x != nil {
		r = *x
	}
	fmt.Fprintf(b, "%s/%s: %d observations, confidence %.3f (record %.1f hits, %.1f misses in this context; %d contexts; influenced by %q)\n",
		m.comp, m.key, m.obs, m.ctxConf(ctx), r.h, r.m, len(m.recs), m.infl)
	fmt.Fprintf(b, "  selectors:")
	for _, s := range m.sels {
		fmt.Fprintf(b, " %s", s.String())
	}
	b.WriteString("\n")
	for _, s := range m.slots {
		s.describe(b)
	}
}
