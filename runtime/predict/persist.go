package predict

import (
	"bytes"
	"encoding/binary"
	"math"
	"slices"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"
	"github.com/minimact/engine/generated/vdom"
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

func codeConfig(c coder, cfg *Config) {
	cFinite(c, "min_confidence", &cfg.MinConfidence)
	cInt(c, "max_patterns_per_key", &cfg.MaxPatternsPerKey, 0, math.MaxInt32)
	cInt(c, "max_total_patterns", &cfg.MaxTotalPatterns, 0, math.MaxInt32)
	cInt(c, "max_memory_bytes", &cfg.MaxMemoryBytes, 0, math.MaxInt)
	pol := cfg.Eviction.String()
	c.str("eviction", &pol)
	if c.reading() {
		p, ok := ParseEvictionPolicy(pol)
		if !ok {
			c.fail("unknown eviction policy")
		}
		cfg.Eviction = p
	}
	c.obj("limits", func() {
		for _, f := range cfg.Limits.Fields() {
			cInt(c, f.JSON, f.V, 0, math.MaxInt32)
		}
	})
}

func codeStep(c coder, st *step) {
	cU8(c, "kind", (*uint8)(&st.kind), uint8(vdom.KindRawHtml))
	c.flag("keyed", &st.keyed)
	c.bytes("tag", &st.tag)
	c.bytes("key", &st.key)
	cU16(c, "ord", &st.ord)
	cU16(c, "rord", &st.rord)
	cU16(c, "nsame", &st.nsame)
}

func codeLoc(c coder, name string, l *locator) {
	n := c.list(name, len(*l), maxLocDepth, func(i int) {
		if c.reading() {
			*l = append(*l, step{})
		}
		codeStep(c, &(*l)[i])
	})
	if c.reading() && n == 0 {
		*l = nil
	}
}

func codeAnchor(c coder, name string, a *anchor) {
	c.obj(name, func() {
		c.flag("none", &a.none)
		codeStep(c, &a.st)
	})
}

func codeSels(c coder, name string, s *[]selector) {
	c.list(name, len(*s), maxSelectors, func(i int) {
		if c.reading() {
			*s = append(*s, selector{})
		}
		x := &(*s)[i]
		cU8(c, "kind", (*uint8)(&x.kind), uint8(selSum))
		c.str("field", &x.field)
	})
}

func codeRecord(c coder, r *record) {
	cFinite(c, "hits", &r.h)
	cFinite(c, "misses", &r.m)
	if c.reading() && (r.h < 0 || r.m < 0) {
		c.fail("negative record")
	}
}

func codeLearner(c coder, l *learner) {
	c.flag("text", &l.text)
	cU32(c, "stamp", &l.stamp)
	cI16(c, "prev_out", &l.prevOut, -1, maxOutcomes-1)
	c.list("outcomes", len(l.outs), maxOutcomes, func(i int) {
		if c.reading() {
			l.outs = append(l.outs, outc{})
		}
		o := &l.outs[i]
		c.bytes("b", &o.b)
		c.flag("absent", &o.absent)
		c.flag("raw", &o.raw)
	})
	c.list("tables", len(l.tabs), maxSelectors, func(i int) {
		if c.reading() {
			l.tabs = append(l.tabs, table{})
		}
		t := &l.tabs[i]
		cI32(c, "events", &t.events, 0, math.MaxInt32)
		c.list("entries", len(t.ents), maxEntries, func(j int) {
			if c.reading() {
				t.ents = append(t.ents, entry{})
			}
			e := &t.ents[j]
			c.u64("key", &e.key)
			cFinite(c, "num", &e.num)
			c.bytes("str", &e.str)
			c.u64("whole", &e.whole)
			cU32(c, "stamp", &e.stamp)
			cI16(c, "out", &e.out, 0, maxOutcomes-1)
			cU8(c, "flags", &e.flags, entNum|entStr|entMulti|entCat|entConf)
		})
	})
	c.list("templates", len(l.tmpls), maxTemplates, func(i int) {
		if c.reading() {
			l.tmpls = append(l.tmpls, tmpl{})
		}
		t := &l.tmpls[i]
		cI16(c, "sel", &t.sel, 0, maxSelectors)
		cI32(c, "fitted", &t.fitted, 0, math.MaxInt32)
		cI32(c, "matches", &t.matches, 0, math.MaxInt32)
		cI32(c, "misses", &t.misses, 0, math.MaxInt32)
		c.list("parts", len(t.parts), 2*maxTokens+2*maxStrHoles+2, func(j int) {
			if c.reading() {
				t.parts = append(t.parts, tpart{})
			}
			p := &t.parts[j]
			c.bytes("lit", &p.lit)
			c.flag("hole", &p.hole)
			c.flag("num", &p.num)
			cFinite(c, "a", &p.a)
			cFinite(c, "b", &p.b)
			cI8(c, "dec", &p.dec, 0, 9)
			cI8(c, "pad", &p.pad, 0, 100)
			cI8(c, "case", &p.cse, 0, 2)
		})
	})
	c.list("prev", len(l.prevSV), maxSelectors, func(i int) {
		if c.reading() {
			l.prevSV = append(l.prevSV, selVal{})
		}
		v := &l.prevSV[i]
		c.flag("ok", &v.ok)
		c.flag("is_num", &v.isNum)
		c.flag("is_str", &v.isStr)
		c.flag("cat", &v.cat)
		cFinite(c, "num", &v.num)
		c.u64("hash", &v.hash)
		c.bytes("str", &v.str)
	})
}

func codeList(c coder, m *listModel) {
	cI32(c, "pre", &m.pre, 0, math.MaxInt32)
	cI32(c, "post", &m.post, 0, math.MaxInt32)
	cU32(c, "bad", &m.bad)
	codeSels(c, "selectors", &m.sels)
	c.list("skeleton", len(m.skel), maxSkelNodes, func(i int) {
		if c.reading() {
			m.skel = append(m.skel, skelNode{})
		}
		s := &m.skel[i]
		cU8(c, "kind", (*uint8)(&s.kind), uint8(vdom.KindRawHtml))
		c.bytes("tag", &s.tag)
		c.flag("keyed", &s.keyed)
		cI32(c, "children", &s.nkids, 0, maxSkelNodes)
		cI32(c, "end", &s.end, 0, maxSkelNodes)
		c.obj("key", func() { codeLearner(c, &s.key) })
		c.obj("text", func() { codeLearner(c, &s.text) })
		c.list("props", len(s.props), maxPropsLearned, func(j int) {
			if c.reading() {
				s.props = append(s.props, propLearner{})
			}
			c.bytes("name", &s.props[j].name)
			c.obj("learner", func() { codeLearner(c, &s.props[j].lr) })
		})
	})
}

func codeSlot(c coder, s *slot) {
	cU8(c, "kind", (*uint8)(&s.kind), uint8(numSlotKinds-1))
	codeLoc(c, "at", &s.loc)
	c.bytes("prop", &s.prop)
	codeAnchor(c, "prev", &s.prev)
	codeAnchor(c, "next", &s.next)
	c.obj("record", func() { codeRecord(c, &s.rec) })
	c.u64("born", &s.born)
	c.u64("seen", &s.seen)
	c.u64("changes", &s.changes)
	c.u64("last_change", &s.lastChange)
	if s.kind == slotList {
		if c.reading() {
			s.list = &listModel{}
		}
		c.obj("list", func() { codeList(c, s.list) })
	} else {
		c.obj("learner", func() { codeLearner(c, &s.lr) })
	}
}

func codeModel(c coder, m *model) {
	c.str("component_id", &m.comp)
	c.str("state_key", &m.key)
	c.u64("observations", &m.obs)
	c.u64("born", &m.born)
	// written by Predict and VerifyPrediction under the read lock
	used, hits, misses := atomic.LoadInt64(&m.used), atomic.LoadUint64(&m.predHits), atomic.LoadUint64(&m.predMisses)
	c.i64("used", &used)
	c.u64("last", &m.last)
	c.u64("prediction_hits", &hits)
	c.u64("prediction_misses", &misses)
	if c.reading() {
		m.used, m.predHits, m.predMisses = used, hits, misses
	}
	codeSels(c, "selectors", &m.sels)
	c.list("influencers", len(m.infl), maxInfluencers, func(i int) {
		if c.reading() {
			m.infl = append(m.infl, "")
		}
		c.str("state_key", &m.infl[i])
	})
	c.list("records", len(m.recs), maxContexts, func(i int) {
		if c.reading() {
			m.recs = append(m.recs, ctxRec{})
		}
		r := &m.recs[i]
		c.u64("context", &r.ctx)
		c.u64("stamp", &r.stamp)
		codeRecord(c, &r.rec)
	})
	c.list("slots", len(m.slots), maxSlotsCoded, func(i int) {
		if c.reading() {
			m.slots = append(m.slots, &slot{})
		}
		codeSlot(c, m.slots[i])
	})
}

// codePredictor walks what a predictor learned (its config aside).
func codePredictor(c coder, p *Predictor, models *[]*model) {
	c.u64("clock", &p.clock)
	c.list("patterns", len(*models), maxModels, func(i int) {
		if c.reading() {
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
	w := &jsonWriter{}
	ms := p.sortedModels()
	cfg := p.cfg
	w.b = append(w.b, '{')
	w.first = append(w.first, true)
	format, version := snapshotFormat, uint64(snapshotVersion)
	w.str("format", &format)
	w.u64("version", &version)
	w.obj("config", func() { codeConfig(w, &cfg) })
	codePredictor(w, p, &ms)
	w.b = append(w.b, '}')
	return w.b, nil
}

// Load restores a predictor from a Save snapshot. Bad input gets a
// *vdom.Error: Serialization when it is not JSON, Persistence when it is
// not a valid snapshot.
func Load(snapshot []byte) (*Predictor, error) {
	root, err := parseJSONSnapshot(snapshot, 256<<20)
	if err != nil {
		return nil, err
	}
	r := &jsonReader{stack: []map[string]any{root}}
	var format string
	var version uint64
	r.str("format", &format)
	r.u64("version", &version)
	if r.e == nil && (format != snapshotFormat || version != snapshotVersion) {
		return nil, persistErr("not a predictor snapshot of version 1")
	}
	var cfg Config
	r.obj("config", func() { codeConfig(r, &cfg) })
	if r.e != nil {
		return nil, r.e
	}
	p := New(cfg)
	var ms []*model
	codePredictor(r, p, &ms)
	if r.e != nil {
		return nil, r.e
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
	w := &binWriter{b: append([]byte(binMagic), binVersion)}
	ms := p.sortedModels()
	codePredictor(w, p, &ms)
	return binary.LittleEndian.AppendUint64(w.b, xxhash.Sum64(w.b[len(binMagic)+1:])), nil
}

// Deserialize restores a predictor from Serialize's bytes, with config
// cfg. Damaged or hostile bytes get a Persistence error.
func Deserialize(b []byte, cfg Config) (*Predictor, error) {
	h := len(binMagic) + 1
	if len(b) < h+8 || !bytes.Equal(b[:len(binMagic)], []byte(binMagic)) {
		return nil, persistErr("not a serialized predictor")
	}
	if b[len(binMagic)] != binVersion {
		return nil, persistErr("serialized predictor of unknown version")
	}
	payload := b[h : len(b)-8]
	if xxhash.Sum64(payload) != binary.LittleEndian.Uint64(b[len(b)-8:]) {
		return nil, persistErr("serialized predictor is damaged (checksum)")
	}
	p := New(cfg)
	r := &binReader{b: payload}
	var ms []*model
	codePredictor(r, p, &ms)
	if r.e != nil {
		return nil, r.e
	}
	if len(r.b) != 0 {
		return nil, persistErr("damaged snapshot: unexpected data at the end")
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
			return persistErr("two patterns for component \"" + m.comp + "\", state key \"" + m.key + "\"")
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
			return persistErr("bad slot")
		}
		for i := range s.loc {
			if s.loc[i].kind == vdom.KindNone {
				return persistErr("bad locator")
			}
		}
		if s.kind == slotList {
			sk := s.list.skel
			if len(sk) == 0 {
				return persistErr("empty list item skeleton")
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
					return persistErr("item props out of order")
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
		return persistErr("bad item skeleton")
	}
	j := int32(i + 1)
	for c := int32(0); c < s.nkids; c++ {
		if j >= s.end {
			return persistErr("bad item skeleton")
		}
		j = sk[j].end
	}
	if j != s.end {
		return persistErr("bad item skeleton")
	}
	return nil
}

// fix validates a loaded learner and rebuilds its derived state.
func (l *learner) fix() error {
	if int(l.prevOut) >= len(l.outs) {
		return persistErr("bad learner")
	}
	l.outH = l.outH[:0]
	for _, o := range l.outs {
		l.outH = append(l.outH, outHash(o))
	}
	for i := range l.tabs {
		t := &l.tabs[i]
		for _, e := range t.ents {
			if int(e.out) >= len(l.outs) {
				return persistErr("bad learner")
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
				return persistErr("bad learner")
			}
		}
		t.recount()
	}
	return nil
}
