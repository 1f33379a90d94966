package predict

import (
	"bytes"

	"github.com/cespare/xxhash/v2"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict/internal/memsize"
	"github.com/minimact/engine/runtime/predict/outcome"
	"github.com/minimact/engine/runtime/predict/snapshot"
)

// Families of keyed siblings. A list's rows often show one thing the same
// way: each contact's row is "row selected" while the selected ids hold its
// id, each folder's caret is "▾" while the expanded folders hold it, the
// card being dragged is "card dragging". Per slot, such a place changes
// once or twice in a session, too rarely for its own learner to trust what
// it saw, and a row that never changed has no slot at all, so ticking it
// could not be predicted.
//
// A family gathers the leaf slots (a text, a prop) at one place below the
// keyed children of one element — the same locator but for the key of the
// deepest keyed level — and learns one function of whether the state value
// names the row's key (outcome.Value.Relates: equal to it, or an array
// holding it; "c115" is named by 115): the outcome when it does and when it
// does not. A family predicts only once it is confirmed — each of its two
// outcomes seen on famMembers distinct rows, never contradicted (one
// contradiction ends it for good), and the two different — and then for
// every row of the list in the current tree: each row's current outcome
// must be the family's for the old value (else the prediction is silent),
// and the rows whose relation changes get the family's outcome for the new
// value. The slots of a confirmed family are answered by it instead of by
// their own learners. Its confidence bounds the prediction's: 1−1/(n+2),
// n the fewest rows that confirmed one of its outcomes.
//
// Families are kept in snapshots (version 4), at most maxFamilies per
// model, and counted in the model's memory.

const (
	maxFamilies = 8
	famMembers  = 3 // distinct rows that showed an outcome before it is trusted
	famKeys     = 4 // distinct rows remembered per outcome
)

type family struct {
	sig   uint64
	kind  slotKind
	prop  []byte
	loc   locator // a member's locator; loc[level] is the keyed level
	level int
	outs  [2]outcome.Outcome // when the value does not / does name the row
	set   [2]bool
	rows  [2][famKeys]uint64 // the keys' hashes of the rows that showed outs[r]
	nrows [2]uint8
	dead  bool // a row contradicted it
}

// ready says whether the family predicts.
func (f *family) ready() bool {
	return !f.dead && f.set[0] && f.set[1] && !f.outs[0].Eq(f.outs[1]) &&
		f.nrows[0] >= famMembers && f.nrows[1] >= famMembers
}

// conf is the family's bound on a prediction's confidence.
func (f *family) conf() float64 {
	n := float64(min(f.nrows[0], f.nrows[1]))
	return 1 - 1/(n+2)
}

func (f *family) size() int64 {
	n := memsize.Of(f) + locSize(f.loc) + memsize.Bytes(len(f.prop))
	return n + memsize.Bytes(len(f.outs[0].Bytes)) + memsize.Bytes(len(f.outs[1].Bytes))
}

// family returns the slot's family signature and the index of its keyed
// level; ok is false for a slot of no family. It reads the cache
// cacheFamily writes (under the write lock), or computes it without
// writing (Predict runs under the read lock, beside other predictions).
func (s *slot) family() (sig uint64, level int, ok bool) {
	if s.famLevel == 0 {
		l, h := s.findFamily()
		return h, int(l), l > 0
	}
	if s.famLevel < 0 {
		return 0, 0, false
	}
	return s.famSig, int(s.famLevel), true
}

// cacheFamily computes the slot's family once (a writer: Learn).
func (s *slot) cacheFamily() {
	if s.famLevel == 0 {
		s.famLevel, s.famSig = s.findFamily()
	}
}

// findFamily is the slot's keyed level (-1 for none) and signature.
func (s *slot) findFamily() (int16, uint64) {
	if s.kind == slotText || s.kind == slotProp {
		for i := len(s.loc) - 1; i >= 1; i-- {
			if st := &s.loc[i]; st.kind == vdom.KindElement && st.keyed {
				return int16(i), famSig(s.kind, s.prop, s.loc, i)
			}
		}
	}
	return -1, 0
}

// famSig hashes a slot's place with the keyed level's key left out.
func famSig(kind slotKind, prop []byte, loc locator, level int) uint64 {
	h := vdom.Mix(uint64(kind)+0x9e37, xxhash.Sum64(prop))
	for i := range loc {
		st := &loc[i]
		if i == level {
			h = vdom.Mix(h, sigHash(st.kind, true, st.tag, nil)^0xfa)
			continue
		}
		h = vdom.Mix(h, stepSigHash(st))
		h = vdom.Mix(h, uint64(st.ord)|uint64(st.rord)<<16|uint64(st.nsame)<<32)
	}
	return h
}

// familyOf returns the model's family of signature sig, or nil.
func (m *model) familyOf(sig uint64) *family {
	for _, f := range m.fams {
		if f.sig == sig {
			return f
		}
	}
	return nil
}

// coveredBy returns the confirmed family that answers slot s, or nil.
func (m *model) coveredBy(s *slot) *family {
	if len(m.fams) == 0 {
		return nil
	}
	sig, _, ok := s.family()
	if !ok {
		return nil
	}
	if f := m.familyOf(sig); f != nil && f.ready() {
		return f
	}
	return nil
}

// famObserve feeds slot s's family one sample: the outcome o the slot
// showed for value vi. It reports whether the model grew.
func (m *model) famObserve(s *slot, vals *outcome.Value, vi int32, o outcome.Outcome) bool {
	s.cacheFamily()
	sig, level, ok := s.family()
	if !ok {
		return false
	}
	key := s.loc[level].key
	rel, ok := vals.Relates(vi, key)
	if !ok {
		return false
	}
	grew := false
	f := m.familyOf(sig)
	if f == nil {
		if len(m.fams) >= maxFamilies {
			return false
		}
		f = &family{sig: sig, kind: s.kind, prop: bytes.Clone(s.prop), loc: cloneLoc(s.loc), level: level}
		m.fams = append(m.fams, f)
		grew = true
	}
	if f.dead {
		return grew
	}
	r := 0
	if rel {
		r = 1
	}
	if !f.set[r] {
		f.outs[r] = outcome.Outcome{Bytes: bytes.Clone(o.Bytes), Absent: o.Absent, Raw: o.Raw}
		f.set[r] = true
		grew = true
	} else if !f.outs[r].Eq(o) {
		f.dead = true
		return grew
	}
	kh := xxhash.Sum64(key)
	for _, h := range f.rows[r][:f.nrows[r]] {
		if h == kh {
			return grew
		}
	}
	if f.nrows[r] < famKeys {
		f.rows[r][f.nrows[r]] = kh
		f.nrows[r]++
	}
	return grew
}

// cloneLoc copies a locator with its own bytes.
func cloneLoc(l locator) locator {
	out := make(locator, len(l))
	for i, st := range l {
		st.tag, st.key = bytes.Clone(st.tag), bytes.Clone(st.key)
		out[i] = st
	}
	return out
}

// planFamilies adds to ps.famEdits what the model's confirmed families
// predict for ps.change on t, and lowers ps.famConf to their confidence.
// It reports false when a family cannot tell (a row whose relation to the
// value is unknown, a row of another shape, a row that does not show what
// the family says it shows): the prediction is then silent.
func (ps *predictScratch) planFamilies(m *model, t *vdom.Tree) bool {
	ps.famEdits, ps.famConf = ps.famEdits[:0], 1
	ch := &ps.change
	for _, f := range m.fams {
		if !f.ready() {
			continue
		}
		cont, p, ok := ps.ixFor(t).resolve(t, f.loc[:f.level], ps.path[:0])
		ps.path = p[:0]
		if !ok {
			if absent(t, f.loc[:f.level]) {
				continue // the list is not there: nothing of it changes
			}
			return false
		}
		base := int32(len(ps.paths))
		ps.paths = append(ps.paths, p...)
		nbase := int32(len(p))
		st := &f.loc[f.level]
		for j, k := range t.Children(cont) {
			nd := &t.Nodes[k]
			if nd.Kind != vdom.KindElement || !nd.Keyed || !bytes.Equal(t.Bytes(nd.Tag), st.tag) {
				continue
			}
			key := t.Bytes(nd.Key)
			rOld, ok1 := ch.Values.Relates(ch.Old, key)
			rNew, ok2 := ch.Values.Relates(ch.New, key)
			if !ok1 || !ok2 {
				return false
			}
			off := int32(len(ps.paths))
			ps.paths = append(ps.paths, ps.paths[base:base+nbase]...)
			ps.paths = append(ps.paths, int32(j))
			n, q, found := resolveBelow(t, k, f.loc[f.level+1:], ps.paths)
			ps.paths = q
			if !found {
				return false
			}
			cur, ok := leafOutcome(t, n, f.kind, f.prop)
			if !ok || !cur.Eq(f.outs[b2i(rOld)]) {
				return false
			}
			if rOld == rNew {
				ps.paths = ps.paths[:off]
				continue
			}
			ps.famEdits = append(ps.famEdits, leafEdit{node: n, pathOff: off, pathLen: int32(len(ps.paths)) - off,
				text: f.kind == slotText, prop: f.prop, o: f.outs[b2i(rNew)]})
		}
		ps.famConf = min(ps.famConf, f.conf())
	}
	return true
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// codeOutcome codes an outcome as the object name.
func codeOutcome(c snapshot.Coder, name string, o *outcome.Outcome) {
	c.Obj(name, func() {
		c.Bytes("bytes", &o.Bytes)
		c.Flag("absent", &o.Absent)
		c.Flag("raw", &o.Raw)
	})
}

// code codes the family (a snapshot's "families" element, version 4).
func (f *family) code(c snapshot.Coder) {
	snapshot.U8(c, "kind", (*uint8)(&f.kind), uint8(slotProp))
	c.Bytes("prop", &f.prop)
	f.loc.code(c, "locator")
	level := int32(f.level)
	snapshot.I32(c, "level", &level, 0, maxLocDepth)
	f.level = int(level)
	c.Flag("dead", &f.dead)
	for r, name := range [2]string{"unnamed", "named"} {
		c.Obj(name, func() {
			c.Flag("set", &f.set[r])
			codeOutcome(c, "outcome", &f.outs[r])
			n := c.List("rows", int(f.nrows[r]), famKeys, func(i int) {
				c.U64("key", &f.rows[r][i])
			})
			if c.Reading() {
				f.nrows[r] = uint8(n)
			}
		})
	}
}

// validate checks a family that was read and computes its signature.
func (f *family) validate() error {
	if f.kind != slotText && f.kind != slotProp || f.level < 1 || f.level >= len(f.loc) ||
		f.loc[f.level].kind != vdom.KindElement || !f.loc[f.level].keyed {
		return snapshot.Error("bad family")
	}
	if f.kind == slotText && len(f.prop) > 0 {
		return snapshot.Error("a text family with a prop")
	}
	f.sig = famSig(f.kind, f.prop, f.loc, f.level)
	return nil
}
