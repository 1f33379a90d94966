package predict

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strconv"

	"github.com/cespare/xxhash/v2"
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
	snapshotVersion = snapshot.Latest // versions 1 to Latest are read
	binMagic        = "MMPR"
	binVersion      = snapshot.Latest
	maxModels       = 1 << 20
	maxSlotsCoded   = 1 << 16
	maxListCoded    = 1 << 16
)

// codePredictor walks what a predictor learned (its config aside).
func codePredictor(c snapshot.Coder, p *Predictor, models *[]*model) {
	c.U64("clock", &p.clock)
	c.List("patterns", len(*models), maxModels, func(i int) {
		if c.Reading() {
			*models = append(*models, &model{})
		}
		(*models)[i].code(c)
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
		w.Obj("config", func() { cfg.code(w) })
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
	if r.Err() == nil && (format != snapshotFormat || version < 1 || version > snapshotVersion) {
		return nil, snapshot.Error("not a predictor snapshot of version 1 to " + strconv.Itoa(snapshotVersion))
	}
	r.SetVersion(int(version))
	var cfg Config
	r.Obj("config", func() { cfg.code(r) })
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
	if b[len(binMagic)] < 1 || b[len(binMagic)] > binVersion {
		return nil, snapshot.Error("serialized predictor of unknown version")
	}
	payload := b[h : len(b)-8]
	if xxhash.Sum64(payload) != binary.LittleEndian.Uint64(b[len(b)-8:]) {
		return nil, snapshot.Error("serialized predictor is damaged (checksum)")
	}
	p := New(cfg)
	r := snapshot.NewBinaryReader(payload)
	r.SetVersion(int(b[len(binMagic)]))
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
