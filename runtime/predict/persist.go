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
	// maxSnapshotBytes bounds a JSON snapshot Load reads
	maxSnapshotBytes = 256 << 20
)

// codePredictor walks what a predictor learned (its config aside). Writing,
// models are the models written; reading, each model is given to adopt as
// soon as it is read, so that a snapshot larger than the bounds is never
// held whole (adopt evicts as it goes).
func codePredictor(c snapshot.Coder, clock *uint64, models []*model, adopt func(*model) error) error {
	var err error
	c.U64("clock", clock)
	c.List("patterns", len(models), maxModels, func(i int) {
		if !c.Reading() {
			models[i].code(c)
			return
		}
		m := &model{hidx: -1}
		m.code(c)
		if c.Err() != nil || err != nil {
			return
		}
		if err = adopt(m); err != nil {
			c.Fail("a pattern is not valid")
		}
	})
	return err
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
	p.rlock(p.readLane())
	defer p.runlock(p.readLane())
	if p.closed.Load() {
		return nil, errClosed()
	}
	w := snapshot.NewJSONWriter()
	ms := p.sortedModels()
	cfg := p.cfg
	w.Obj("", func() {
		format, version := snapshotFormat, uint64(snapshotVersion)
		w.Str("format", &format)
		w.U64("version", &version)
		w.Obj("config", func() { cfg.code(w) })
		codePredictor(w, &p.clock, ms, nil)
	})
	return w.Out(), nil
}

// Load restores a predictor from a Save snapshot. Bad input gets a
// *vdom.Error: Serialization when it is not JSON, Persistence when it is
// not a valid snapshot.
func Load(snap []byte) (*Predictor, error) {
	var p *Predictor
	err := readJSON(snap, func(cfg Config) *uint64 {
		p = New(cfg)
		return &p.clock
	}, func(m *model) error { return p.adopt(m) })
	if err != nil {
		return nil, err
	}
	p.fit()
	return p, nil
}

// readJSON reads a JSON snapshot: start is given its config and returns
// where its clock goes; each pattern is given to each as it is read.
func readJSON(snap []byte, start func(Config) *uint64, each func(*model) error) error {
	r, err := snapshot.NewJSONReader(snap, maxSnapshotBytes)
	if err != nil {
		return err
	}
	var format string
	var version uint64
	r.Str("format", &format)
	r.U64("version", &version)
	if r.Err() == nil && (format != snapshotFormat || version < 1 || version > snapshotVersion) {
		return snapshot.Error("not a predictor snapshot of version 1 to " + strconv.Itoa(snapshotVersion))
	}
	r.SetVersion(int(version))
	var cfg Config
	r.Obj("config", func() { cfg.code(r) })
	if err := r.Err(); err != nil {
		return err
	}
	if err := codePredictor(r, start(cfg), nil, each); err != nil {
		return err
	}
	return r.Err()
}

// Serialize returns the predictor's patterns in the compact binary form.
func (p *Predictor) Serialize() ([]byte, error) {
	p.rlock(p.readLane())
	defer p.runlock(p.readLane())
	if p.closed.Load() {
		return nil, errClosed()
	}
	w := snapshot.NewBinaryWriter(append([]byte(binMagic), binVersion))
	ms := p.sortedModels()
	codePredictor(w, &p.clock, ms, nil)
	b := w.Out()
	return binary.LittleEndian.AppendUint64(b, xxhash.Sum64(b[len(binMagic)+1:])), nil
}

// Deserialize restores a predictor from Serialize's bytes, with config
// cfg. Damaged or hostile bytes get a Persistence error.
func Deserialize(b []byte, cfg Config) (*Predictor, error) {
	p := New(cfg)
	if err := readBinary(b, &p.clock, p.adopt); err != nil {
		return nil, err
	}
	p.fit()
	return p, nil
}

// isBinary reports whether b is in the binary form (by its magic).
func isBinary(b []byte) bool { return bytes.HasPrefix(b, []byte(binMagic)) }

// readBinary reads a binary snapshot: its clock into clock, each pattern
// given to each as it is read.
func readBinary(b []byte, clock *uint64, each func(*model) error) error {
	h := len(binMagic) + 1
	if len(b) < h+8 || !isBinary(b) {
		return snapshot.Error("not a serialized predictor")
	}
	if b[len(binMagic)] < 1 || b[len(binMagic)] > binVersion {
		return snapshot.Error("serialized predictor of unknown version")
	}
	payload := b[h : len(b)-8]
	if xxhash.Sum64(payload) != binary.LittleEndian.Uint64(b[len(b)-8:]) {
		return snapshot.Error("serialized predictor is damaged (checksum)")
	}
	r := snapshot.NewBinaryReader(payload)
	r.SetVersion(int(b[len(binMagic)]))
	if err := codePredictor(r, clock, nil, each); err != nil {
		return err
	}
	if err := r.Err(); err != nil {
		return err
	}
	if r.Rest() != 0 {
		return snapshot.Error("damaged snapshot: unexpected data at the end")
	}
	return nil
}

// adopt validates a loaded model, rebuilds what is derived from it, makes
// it one of p's models and keeps the config's bounds: slots beyond
// max_patterns_per_key go first, then, once the models read pass a bound by
// a batch (1/64 of it), models in eviction order until the bounds hold
// again; fit does the same at the end. So a snapshot of any size loads in
// O(n log n) with memory bounded by the config, and what is kept is what
// loading it whole and evicting would keep: the most valuable under the
// policy.
func (p *Predictor) adopt(m *model) error {
	if err := m.validate(); err != nil {
		return err
	}
	if p.models[m.comp+"\x00"+m.key] != nil {
		return snapshot.Error("two patterns for component \"" + m.comp + "\", state key \"" + m.key + "\"")
	}
	p.slots += len(m.slots)
	p.trimSlots(m, p.cfg.MaxPatternsPerKey)
	m.mem = m.size()
	p.mem += m.mem
	p.obs += m.obs
	p.addModel(m)
	maxP, maxM := p.cfg.MaxTotalPatterns, int64(p.cfg.MaxMemoryBytes)
	if p.slots > maxP+maxP/64 || p.estimated() > maxM+maxM/64 {
		p.fit()
	}
	return nil
}

// fit evicts models in eviction order until the config's bounds hold.
func (p *Predictor) fit() {
	for len(p.evq) > 0 && (p.slots > p.cfg.MaxTotalPatterns || p.estimated() > int64(p.cfg.MaxMemoryBytes)) {
		p.dropModel(p.victim())
	}
	p.published.Store(p.estimated())
}
