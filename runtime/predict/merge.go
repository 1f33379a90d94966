package predict

import (
	"bytes"
	"slices"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict/snapshot"
)

// Merging: a fleet of servers pools what each learned (docs/fleet.md). One
// predictor takes another's snapshot and adds it to what it knows:
//
//   - a key it does not know is taken as it is;
//   - a key both know keeps the slots, selectors and learners of the side
//     with more observations; the other side's observations, verified
//     records (per context, and each matching slot's), judged predictions
//     and influencers add up, and its slots the base lacks join it when both
//     read the state value through the same selectors (their learners then
//     read the same features), and so do its families of keyed siblings
//     of places the base has none of;
//   - the other side's clock readings (last use, birth, last change) are
//     shifted to this predictor's clock, keeping their distance from the
//     other's "now", so that recency-based eviction compares like with like;
//   - this predictor's config holds: max_patterns_per_key per key, then
//     max_total_patterns and max_memory_bytes by its eviction policy.
//
// Learners themselves (tables, templates) are not combined: that would
// need the observations, which a snapshot does not keep.

// Merge adds what another predictor learned to p: snap is a snapshot as
// Serialize (binary) or Save (JSON; its config is ignored) writes it. The
// snapshot is read and validated whole before anything changes: a bad one
// gets Persistence (Serialization when it is not JSON) and leaves p as it
// was. Merge holds p's lock for the merge (not for the first reading).
func (p *Predictor) Merge(snap []byte) error {
	validate := func(m *model) error { return m.validate() }
	var clock uint64
	view := p.cfg.Limits.DOMView
	if err := readAny(snap, &clock, &view, validate); err != nil {
		return err
	}
	if view != p.cfg.Limits.DOMView {
		return snapshot.Error("the snapshot was learned in another DOM view (its paths count other nodes)")
	}
	p.lock()
	defer p.unlock()
	if p.closed.Load() {
		return errClosed()
	}
	err := readAny(snap, &clock, nil, func(m *model) error { return p.merge(m, clock) })
	p.fit()
	return err
}

// readAny reads a snapshot of either form. A JSON snapshot's DOM view goes
// to view when it is not nil (a binary one carries no config: the host
// gives it the predictor's, so its view is left as it is).
func readAny(snap []byte, clock *uint64, view *vdom.View, each func(*model) error) error {
	if isBinary(snap) {
		return readBinary(snap, clock, each)
	}
	return readJSON(snap, func(c Config) *uint64 {
		if view != nil {
			*view = c.Limits.DOMView
		}
		return clock
	}, each)
}

// shift maps a reading x of a clock now at from to the clock now at to.
func shift(x, from, to uint64) uint64 {
	if x > from {
		return to
	}
	if d := from - x; d < to {
		return to - d
	}
	return 0
}

// merge adds r, read from a snapshot whose clock was at rc, to p.
func (p *Predictor) merge(r *model, rc uint64) error {
	if err := r.validate(); err != nil {
		return err
	}
	r.used = int64(shift(uint64(max(r.used, 0)), rc, p.clock))
	r.born = shift(r.born, rc, p.clock)
	for i := range r.recs {
		r.recs[i].stamp = shift(r.recs[i].stamp, rc, p.clock)
	}
	for _, s := range r.slots {
		s.lastChange = shift(s.lastChange, rc, p.clock)
	}
	l := p.models[r.comp+"\x00"+r.key]
	if l == nil {
		if err := p.adopt(r); err != nil {
			return err
		}
		return nil
	}
	p.slots -= len(l.slots)
	p.mem -= l.mem
	p.combine(l, r)
	p.slots += len(l.slots)
	p.trimSlots(l, p.cfg.MaxPatternsPerKey)
	l.mem = l.size()
	p.mem += l.mem
	p.obs += r.obs
	p.heapFix(l)
	maxP, maxM := p.cfg.MaxTotalPatterns, int64(p.cfg.MaxMemoryBytes)
	if p.slots > maxP+maxP/64 || p.estimated() > maxM+maxM/64 {
		p.fit()
	}
	return nil
}

// slotIdentity hashes where a slot is and what it reads: its kind, its
// locator, its prop, a child slot's anchors.
func slotIdentity(s *slot) uint64 {
	h := vdom.Mix(0x6c62272e07bb0142, uint64(s.kind))
	for i := range s.loc {
		h = hashStep(h, &s.loc[i])
	}
	h = vdom.Mix(h, uint64(len(s.loc)))
	if s.kind == slotProp {
		h = vdom.Mix(h, xxhash.Sum64(s.prop))
	}
	if s.kind == slotChild {
		for _, a := range [2]*anchor{&s.prev, &s.next} {
			if a.none {
				h = vdom.Mix(h, 1)
			} else {
				h = hashStep(h, &a.st)
			}
		}
	}
	return h
}

func sameSlot(a, b *slot) bool {
	if a.kind != b.kind || len(a.loc) != len(b.loc) || !bytes.Equal(a.prop, b.prop) {
		return false
	}
	for i := range a.loc {
		if !stepEqual(&a.loc[i], &b.loc[i]) {
			return false
		}
	}
	return a.kind != slotChild || (anchorEqual(&a.prev, &b.prev) && anchorEqual(&a.next, &b.next))
}

// combine adds r to l (one key, two predictors): see the top of the file.
func (p *Predictor) combine(l, r *model) {
	if r.obs > l.obs {
		// the other side knows more: its slots and selectors are the base
		l.sels, r.sels = r.sels, l.sels
		l.slots, r.slots = r.slots, l.slots
		l.fams, r.fams = r.fams, l.fams
		l.moved, r.moved = r.moved, l.moved
	}
	// families of keyed siblings (family.go): the base's, and those of
	// places it has none of
	for _, f := range r.fams {
		if len(l.fams) < maxFamilies && l.familyOf(f.sig) == nil {
			l.fams = append(l.fams, f)
		}
	}
	sameSels := slices.Equal(l.sels, r.sels)
	if sameSels {
		l.moved |= r.moved
	}
	byID := make(map[uint64][]*slot, len(l.slots))
	for _, s := range l.slots {
		id := slotIdentity(s)
		byID[id] = append(byID[id], s)
	}
	for _, o := range r.slots {
		var match *slot
		for _, s := range byID[slotIdentity(o)] {
			if sameSlot(s, o) {
				match = s
				break
			}
		}
		switch {
		case match != nil:
			match.rec.h += o.rec.h
			match.rec.m += o.rec.m
			match.changes += o.changes
			match.lastChange = max(match.lastChange, o.lastChange)
			match.seen = max(match.seen, o.seen)
		case sameSels:
			l.slots = append(l.slots, o)
		}
	}
	// verified records, by context
	for _, rr := range r.recs {
		found := false
		for i := range l.recs {
			if x := &l.recs[i]; x.ctx == rr.ctx {
				x.rec.h += rr.rec.h
				x.rec.m += rr.rec.m
				x.stamp = max(x.stamp, rr.stamp)
				found = true
				break
			}
		}
		if !found {
			l.recs = append(l.recs, rr)
		}
	}
	if len(l.recs) > maxContexts {
		// the most recent stay
		slices.SortStableFunc(l.recs, func(a, b ctxRec) int {
			switch {
			case a.stamp > b.stamp:
				return -1
			case a.stamp < b.stamp:
				return 1
			}
			return 0
		})
		l.recs = l.recs[:maxContexts]
	}
	for _, k := range r.infl {
		if len(l.infl) < maxInfluencers && !slices.Contains(l.infl, k) {
			l.infl = append(l.infl, k)
		}
	}
	l.obs += r.obs
	atomic.AddUint64(&l.predHits, r.predHits)
	atomic.AddUint64(&l.predMisses, r.predMisses)
	if r.used > atomic.LoadInt64(&l.used) {
		atomic.StoreInt64(&l.used, r.used)
	}
	l.born = min(l.born, r.born)
}
