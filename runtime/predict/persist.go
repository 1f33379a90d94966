package predict

import (
	"bytes"
	"encoding/binary"
	"math"
	"slices"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict/snapshot"
)

// Persistence. Save writes a JSON snapshot (config included) and Load reads
// it; Serialize writes the compact binary form
//
//	"MMPR" | version (1 byte) | payload | xxhash64(payload), little endian
//
// and Deserialize reads it with a config of the caller's. Both carry
// everything that predictions depend on, so a restored predictor predicts
// exactly what the saved one did (TestPersistRoundTrip); metrics and the
// cached trees are not saved. Loading validates everything and then
// enforces the config's bounds.

const (
	snapshotFormat  = "minimact-predictor"
	snapshotVersion = 1
	binMagic        = "MMPR"
	binVersion      = 1
	maxModels       = 1 << 20
	maxSlotsCoded   = 1 << 16
	maxListCoded    = 1 << 16
)

func codeConfig(c snapshot.Coder, cfg *Config) {
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
	c.Obj("limits", func() {
		for _, f := range cfg.Limits.Fields() {
			snapshot.Int(c, f.JSON, f.V, 0, math.MaxInt32)
		}
	})
}

func codeStep(c snapshot.Coder, st *step) {
	snapshot.U8(c, "kind", (*uint8)(&st.kind), uint8(vdom.KindRawHtml))
	c.Flag("keyed", &st.keyed)
	c.Bytes("tag", &st.tag)
	c.Bytes("key", &st.key)
	snapshot.U16(c, "ord", &st.ord)
	snapshot.U16(c, "rord", &st.rord)
	snapshot.U16(c, "nsame", &st.nsame)
}

func codeLoc(c snapshot.Coder, name string, l *locator) {
	n := c.List(name, len(*l), maxLocDepth, func(i int) {
		if c.Reading() {
			*l = append(*l, step{})
		}
		codeStep(c, &(*l)[i])
	})
	if c.Reading() && n == 0 {
		*l = nil
	}
}

func codeAnchor(c snapshot.Coder, name string, a *anchor) {
	c.Obj(name, func() {
		c.Flag("none", &a.none)
		codeStep(c, &a.st)
	})
}

func codeSels(c snapshot.Coder, name string, s *[]selector) {
	c.List(name, len(*s), maxSelectors, func(i int) {
		if c.Reading() {
			*s = append(*s, selector{})
		}
		x := &(*s)[i]
		snapshot.U8(c, "kind", (*uint8)(&x.kind), uint8(selSum))
		c.Str("field", &x.field)
	})
}

func codeRecord(c snapshot.Coder, r *record) {
	snapshot.Finite(c, "hits", &r.h)
	snapshot.Finite(c, "misses", &r.m)
	if c.Reading() && (r.h < 0 || r.m < 0) {
		c.Fail("negative record")
	}
}

func codeLearner(c snapshot.Coder, l *learner) {
	c.Flag("text", &l.text)
	snapshot.U32(c, "stamp", &l.stamp)
	snapshot.I16(c, "prev_out", &l.prevOut, -1, maxOutcomes-1)
	c.List("outcomes", len(l.outs), maxOutcomes, func(i int) {
		if c.Reading() {
			l.outs = append(l.outs, outc{})
		}
		o := &l.outs[i]
		c.Bytes("b", &o.b)
		c.Flag("absent", &o.absent)
		c.Flag("raw", &o.raw)
	})
	c.List("tables", len(l.tabs), maxSelectors, func(i int) {
		if c.Reading() {
			l.tabs = append(l.tabs, table{})
		}
		t := &l.tabs[i]
		snapshot.I32(c, "events", &t.events, 0, math.MaxInt32)
		c.List("entries", len(t.ents), maxEntries, func(j int) {
			if c.Reading() {
				t.ents = append(t.ents, entry{})
			}
			e := &t.ents[j]
			c.U64("key", &e.key)
			snapshot.Finite(c, "num", &e.num)
			c.Bytes("str", &e.str)
			c.U64("whole", &e.whole)
			snapshot.U32(c, "stamp", &e.stamp)
			snapshot.I16(c, "out", &e.out, 0, maxOutcomes-1)
			snapshot.U8(c, "flags", &e.flags, entNum|entStr|entMulti|entCat|entConf)
		})
	})
	c.List("templates", len(l.tmpls), maxTemplates, func(i int) {
		if c.Reading() {
			l.tmpls = append(l.tmpls, tmpl{})
		}
		t := &l.tmpls[i]
		snapshot.I16(c, "sel", &t.sel, 0, maxSelectors)
		snapshot.I32(c, "fitted", &t.fitted, 0, math.MaxInt32)
		snapshot.I32(c, "matches", &t.matches, 0, math.MaxInt32)
		snapshot.I32(c, "misses", &t.misses, 0, math.MaxInt32)
		c.List("parts", len(t.parts), 2*maxTokens+2*maxStrHoles+2, func(j int) {
			if c.Reading() {
				t.parts = append(t.parts, tpart{})
			}
			p := &t.parts[j]
			c.Bytes("lit", &p.lit)
			c.Flag("hole", &p.hole)
			c.Flag("num", &p.num)
			snapshot.Finite(c, "a", &p.a)
			snapshot.Finite(c, "b", &p.b)
			snapshot.I8(c, "dec", &p.dec, 0, 9)
			snapshot.I8(c, "pad", &p.pad, 0, 100)
			snapshot.I8(c, "case", &p.cse, 0, 2)
		})
	})
	c.List("prev", len(l.prevSV), maxSelectors, func(i int) {
		if c.Reading() {
			l.prevSV = append(l.prevSV, selVal{})
		}
		v := &l.prevSV[i]
		c.Flag("ok", &v.ok)
		c.Flag("is_num", &v.isNum)
		c.Flag("is_str", &v.isStr)
		c.Flag("cat", &v.cat)
		snapshot.Finite(c, "num", &v.num)
		c.U64("hash", &v.hash)
		c.Bytes("str", &v.str)
	})
}

func codeList(c snapshot.Coder, m *listModel) {
	snapshot.I32(c, "pre", &m.pre, 0, math.MaxInt32)
	snapshot.I32(c, "post", &m.post, 0, math.MaxInt32)
	snapshot.U32(c, "bad", &m.bad)
	codeSels(c, "selectors", &m.sels)
	c.List("skeleton", len(m.skel), maxSkelNodes, func(i int) {
		if c.Reading() {
			m.skel = append(m.skel, skelNode{})
		}
		s := &m.skel[i]
		snapshot.U8(c, "kind", (*uint8)(&s.kind), uint8(vdom.KindRawHtml))
		c.Bytes("tag", &s.tag)
		c.Flag("keyed", &s.keyed)
		snapshot.I32(c, "children", &s.nkids, 0, maxSkelNodes)
		snapshot.I32(c, "end", &s.end, 0, maxSkelNodes)
		c.Obj("key", func() { codeLearner(c, &s.key) })
		c.Obj("text", func() { codeLearner(c, &s.text) })
		c.List("props", len(s.props), maxPropsLearned, func(j int) {
			if c.Reading() {
				s.props = append(s.props, propLearner{})
			}
			c.Bytes("name", &s.props[j].name)
			c.Obj("learner", func() { codeLearner(c, &s.props[j].lr) })
		})
	})
}

func codeSlot(c snapshot.Coder, s *slot) {
	snapshot.U8(c, "kind", (*uint8)(&s.kind), uint8(numSlotKinds-1))
	codeLoc(c, "at", &s.loc)
	c.Bytes("prop", &s.prop)
	codeAnchor(c, "prev", &s.prev)
	codeAnchor(c, "next", &s.next)
	c.Obj("record", func() { codeRecord(c, &s.rec) })
	c.U64("born", &s.born)
	c.U64("seen", &s.seen)
	c.U64("changes", &s.changes)
	c.U64("last_change", &s.lastChange)
	if s.kind == slotList {
		if c.Reading() {
			s.list = &listModel{}
		}
		c.Obj("list", func() { codeList(c, s.list) })
	} else {
		c.Obj("learner", func() { codeLearner(c, &s.lr) })
	}
}

func codeModel(c snapshot.Coder, m *model) {
	c.Str("component_id", &m.comp)
	c.Str("state_key", &m.key)
	c.U64("observations", &m.obs)
	c.U64("born", &m.born)
	// written by Predict and VerifyPrediction under the read lock
	used, hits, misses := atomic.LoadInt64(&m.used), atomic.LoadUint64(&m.predHits), atomic.LoadUint64(&m.predMisses)
	c.I64("used", &used)
	c.U64("last", &m.last)
	c.U64("prediction_hits", &hits)
	c.U64("prediction_misses", &misses)
	if c.Reading() {
		m.used, m.predHits, m.predMisses = used, hits, misses
	}
	codeSels(c, "selectors", &m.sels)
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
		codeRecord(c, &r.rec)
	})
	c.List("slots", len(m.slots), maxSlotsCoded, func(i int) {
		if c.Reading() {
			m.slots = append(m.slots, &slot{})
		}
		codeSlot(c, m.slots[i])
	})
}

// codePredictor walks what a predictor learned (its config aside).
func codePredictor(c snapshot.Coder, p *Predictor, models *[]*model) {
	c.U64("clock", &p.clock)
	c.List("patterns", len(*models), maxModels, func(i int) {
		if c.Reading() {
			*models = append(*models, &model{})
		}
		codeModel(c, (*models)[i])
	})
}

// sortedModels lists the models in a fixed order.
func (p *Predictor) sortedModels() []*model {
	ms := make([]*model, 0, len(p.models))
	for _, m := range p.models {
		ms = append(ms, m)
	}
	slices.SortFunc(ms, func(a, b *model) int {
		if a.comp != b.comp {
			return cmpStr(a.comp, b.comp)
		}
		return cmpStr(a.key, b.key)
	})
	return ms
}

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Save returns a JSON snapshot of the predictor, config included.
func (p *Predictor) Save() ([]byte, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	w := snapshot.NewJSONWriter()
	ms := p.sortedModels()
	cfg := p.cfg
	w.Obj("", func() {
		format, version := snapshotFormat, uint64(snapshotVersion)
		w.Str("format", &format)
		w.U64("version", &version)
		w.Obj("config", func() { codeConfig(w, &cfg) })
		codePredictor(w, p, &ms)
	})
	return w.Out(), nil
}

// Load restores a predictor from a Save snapshot. Bad input gets a
// *vdom.Error: Serialization when it is not JSON, Persistence when it is
// not a valid snapshot.
func Load(snap []byte) (*Predictor, error) {
	root, err := snapshot.ParseJSON(snap, 256<<20)
	if err != nil {
		return nil, err
	}
	r := snapshot.NewJSONReader(root)
	var format string
	var version uint64
	r.Str("format", &format)
	r.U64("version", &version)
	if r.Err() == nil && (format != snapshotFormat || version != snapshotVersion) {
		return nil, snapshot.Error("not a predictor snapshot of version 1")
	}
	var cfg Config
	r.Obj("config", func() { codeConfig(r, &cfg) })
	if err := r.Err(); err != nil {
		return nil, err
	}
	p := New(cfg)
	var ms []*model
	codePredictor(r, p, &ms)
	if err := r.Err(); err != nil {
		return nil, err
	}
	if err := p.adopt(ms); err != nil {
		return nil, err
	}
	return p, nil
}

// Serialize returns the predictor's patterns in the compact binary form.
func (p *Predictor) Serialize() ([]byte, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	w := snapshot.NewBinaryWriter(append([]byte(binMagic), binVersion))
	ms := p.sortedModels()
	codePredictor(w, p, &ms)
	b := w.Out()
	return binary.LittleEndian.AppendUint64(b, xxhash.Sum64(b[len(binMagic)+1:])), nil
}

// Deserialize restores a predictor from Serialize's bytes, with config
// cfg. Damaged or hostile bytes get a Persistence error.
func Deserialize(b []byte, cfg Config) (*Predictor, error) {
	h := len(binMagic) + 1
	if len(b) < h+8 || !bytes.Equal(b[:len(binMagic)], []byte(binMagic)) {
		return nil, snapshot.Error("not a serialized predictor")
	}
	if b[len(binMagic)] != binVersion {
		return nil, snapshot.Error("serialized predictor of unknown version")
	}
	payload := b[h : len(b)-8]
	if xxhash.Sum64(payload) != binary.LittleEndian.Uint64(b[len(b)-8:]) {
		return nil, snapshot.Error("serialized predictor is damaged (checksum)")
	}
	p := New(cfg)
	r := snapshot.NewBinaryReader(payload)
	var ms []*model
	codePredictor(r, p, &ms)
	if err := r.Err(); err != nil {
		return nil, err
	}
	if r.Rest() != 0 {
		return nil, snapshot.Error("damaged snapshot: unexpected data at the end")
	}
	if err := p.adopt(ms); err != nil {
		return nil, err
	}
	return p, nil
}

// adopt validates loaded models, rebuilds what is derived from them, and
// enforces the config's bounds.
func (p *Predictor) adopt(ms []*model) error {
	for _, m := range ms {
		if err := m.validate(); err != nil {
			return err
		}
		k := m.comp + "\x00" + m.key
		if p.models[k] != nil {
			return snapshot.Error("two patterns for component \"" + m.comp + "\", state key \"" + m.key + "\"")
		}
		p.models[k] = m
		p.byComp[m.comp] = append(p.byComp[m.comp], m)
		p.slots += len(m.slots)
		p.obs += m.obs
		m.mem = m.size()
		p.mem += m.mem
	}
	// the bounds of this config, the most recently used kept
	for len(p.models) > 0 && (p.slots > p.cfg.MaxTotalPatterns || p.estimated() > int64(p.cfg.MaxMemoryBytes)) {
		var victim *model
		for _, m := range p.models {
			if victim == nil || p.modelScore(m) < p.modelScore(victim) ||
				p.modelScore(m) == p.modelScore(victim) && m.comp+"\x00"+m.key < victim.comp+"\x00"+victim.key {
				victim = m
			}
		}
		p.dropModel(victim.comp + "\x00" + victim.key)
	}
	for _, m := range p.models {
		for len(m.slots) > p.cfg.MaxPatternsPerKey {
			p.evictSlot(m)
		}
		m.mem = m.size()
	}
	p.mem = p.baseMem()
	for _, m := range p.models {
		p.mem += m.mem
	}
	return nil
}

// validate checks what a loaded model holds, so that nothing it holds can
// make the predictor fail, and rebuilds what is derived.
func (m *model) validate() error {
	for _, s := range m.slots {
		if s.kind >= numSlotKinds || (s.kind == slotList) != (s.list != nil) {
			return snapshot.Error("bad slot")
		}
		for i := range s.loc {
			if s.loc[i].kind == vdom.KindNone {
				return snapshot.Error("bad locator")
			}
		}
		if s.kind == slotList {
			sk := s.list.skel
			if len(sk) == 0 {
				return snapshot.Error("empty list item skeleton")
			}
			for i := range sk {
				if err := validSkel(sk, i); err != nil {
					return err
				}
				for _, l := range []*learner{&sk[i].key, &sk[i].text} {
					if err := l.fix(); err != nil {
						return err
					}
				}
				for j := range sk[i].props {
					if err := sk[i].props[j].lr.fix(); err != nil {
						return err
					}
				}
				if !slices.IsSortedFunc(sk[i].props, func(a, b propLearner) int { return bytes.Compare(a.name, b.name) }) {
					return snapshot.Error("item props out of order")
				}
			}
			continue
		}
		if err := s.lr.fix(); err != nil {
			return err
		}
	}
	return nil
}

// validSkel checks that skeleton node i's subtree is well formed.
func validSkel(sk []skelNode, i int) error {
	s := &sk[i]
	if s.end <= int32(i) || int(s.end) > len(sk) || s.kind == vdom.KindNone {
		return snapshot.Error("bad item skeleton")
	}
	j := int32(i + 1)
	for c := int32(0); c < s.nkids; c++ {
		if j >= s.end {
			return snapshot.Error("bad item skeleton")
		}
		j = sk[j].end
	}
	if j != s.end {
		return snapshot.Error("bad item skeleton")
	}
	return nil
}

// fix validates a loaded learner and rebuilds its derived state.
func (l *learner) fix() error {
	if int(l.prevOut) >= len(l.outs) {
		return snapshot.Error("bad learner")
	}
	l.outH = l.outH[:0]
	for _, o := range l.outs {
		l.outH = append(l.outH, outHash(o))
	}
	for i := range l.tabs {
		t := &l.tabs[i]
		for _, e := range t.ents {
			if int(e.out) >= len(l.outs) {
				return snapshot.Error("bad learner")
			}
		}
		slices.SortFunc(t.ents, func(a, b entry) int {
			switch {
			case a.key < b.key:
				return -1
			case a.key > b.key:
				return 1
			}
			return 0
		})
		for j := 1; j < len(t.ents); j++ {
			if t.ents[j].key == t.ents[j-1].key {
				return snapshot.Error("bad learner")
			}
		}
		t.recount()
	}
	return nil
}
