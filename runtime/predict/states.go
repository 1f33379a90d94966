package predict

import (
	"github.com/cespare/xxhash/v2"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict/internal/memsize"
	"github.com/minimact/engine/runtime/predict/outcome"
)

// The renders of whole states. When the host sends the component's whole
// state (all_state), a render is, for most components, a function of it: a
// state rendered once renders the same tree again (a leaderboard sorted by
// the column and direction it was sorted by before, a data table back on a
// page it showed). Slots generalize per key and per region; a whole state
// seen before needs no generalization: the tree it rendered is the
// prediction, and the patches are the diff from the current tree to it.
//
// It is trusted only where it is verified:
//   - the current tree must be, node for node, what the state before the
//     change rendered when it was last seen (the page is where the record
//     says it is, and nothing outside the state changed it);
//   - the component's record of replays must reach MinConfidence: each
//     Learn whose old and new states were both seen before checks, without
//     predicting, whether the new tree is the one remembered for the new
//     state (a hit), and counts the old state rendering another tree than
//     before as a miss (a render that is not a function of the state: data
//     the state does not hold, the clock). The record's prior is two hits to
//     one miss (renders are functions of the state, for most components), so
//     one verified replay suffices and one miss first silences it. A Learn's
//     old tree is, for a host, the previous Learn's new tree: that it matches
//     the render just remembered is no evidence, and is not counted.
//
// A replay is preferred to the slots' prediction: it is what this very
// state rendered, where the slots' is a generalization. What it keeps is
// bounded per component (maxStates renders, a share of MaxMemoryBytes) and
// counted in the predictor's memory; it goes with the component's tree
// cache when memory is reclaimed, and is not saved in snapshots (like the
// tree caches, it is what the host will send again).

// maxStates is the renders kept per component, least recently used evicted.
const maxStates = 128

// stateMem is one component's renders by whole state.
type stateMem struct {
	comp    string
	entries map[uint64]*stateEntry
	rec     record // replays verified by Learn
	bytes   int64  // estimated heap of the entries, the struct and map included
	// lastH is the canonical hash of the component's cached tree (the new
	// tree of its last Learn) while the cache's gen is lastGen: the next
	// Learn's old tree and the next Predict's current tree, most of the time
	lastH, lastGen uint64
}

// stateEntry is the tree a whole state rendered when last seen, as
// canonical JSON (the encoder's: equal trees encode equal).
type stateEntry struct {
	src  []byte
	h    uint64 // xxhash of src
	used uint64 // the predictor's clock when last learned from
}

func (e *stateEntry) size() int64 {
	return memsize.Of(e) + memsize.Bytes(cap(e.src)) + memsize.MapEntry
}

// conf is the confidence in a replay: the record's posterior mean with the
// prior of two hits to one miss.
func (sm *stateMem) conf() float64 { return (sm.rec.h + 2) / (sm.rec.h + sm.rec.m + 3) }

// stateCaps are the bounds of one component's renders: the bytes of all of
// them, and of one.
func (p *Predictor) stateCaps() (all, one int64) {
	all = int64(p.cfg.MaxMemoryBytes) / 32
	return all, all / 4
}

// canonical returns the canonical hash of t, encoding it into *buf, unless
// t is the component's cached tree, whose hash sm knows.
func canonical(sm *stateMem, t *vdom.Tree, cached *compCache, enc *vdom.Encoder, buf *[]byte) (h uint64, encoded bool) {
	if sm != nil && cached != nil && t == &cached.tree && sm.lastGen == cached.gen && sm.lastGen != 0 {
		return sm.lastH, false
	}
	*buf = enc.AppendTree((*buf)[:0], t, t.Root)
	return xxhash.Sum64(*buf), true
}

// learnStates records that the change took the component from the render
// old of its whole state before to the render new of its whole state after
// (cc is the component's tree cache, which old may be), and counts whether
// what was remembered foresaw it. It returns new's canonical hash, for the
// cache the new tree goes into.
func (p *Predictor) learnStates(ch *outcome.Change, cc *compCache, old, new *vdom.Tree, buf *[]byte) (uint64, bool) {
	if !ch.Values.HasState() {
		return 0, false
	}
	hOld, ok1 := ch.Values.StateHash(ch.Old)
	hNew, ok2 := ch.Values.StateHash(ch.New)
	if !ok1 || !ok2 || hOld == hNew || !old.HasRoot() || !new.HasRoot() {
		return 0, false
	}
	all, one := p.stateCaps()
	sm := p.states[string(ch.Component)]
	enc := &p.ls.encoder
	oh, oenc := canonical(sm, old, cc, enc, buf)
	eOld := (*stateEntry)(nil)
	if sm != nil {
		eOld = sm.entries[hOld]
	}
	oldSame := eOld != nil && eOld.h == oh
	if !oldSame && int64(len(*buf)) <= one {
		if !oenc {
			*buf = enc.AppendTree((*buf)[:0], old, old.Root)
		}
		if sm == nil {
			sm = &stateMem{comp: string(ch.Component), entries: map[uint64]*stateEntry{}}
			sm.bytes = memsize.Of(sm) + memsize.Bytes(len(sm.comp)) + memsize.MapEntry
			p.states[sm.comp] = sm
			p.mem += sm.bytes
			p.stateBytes += sm.bytes
		}
		p.putState(sm, hOld, *buf, oh, all)
	} else if eOld != nil {
		eOld.used = p.clock
	}
	*buf = enc.AppendTree((*buf)[:0], new, new.Root)
	nh := xxhash.Sum64(*buf)
	if sm == nil {
		return nh, true
	}
	eNew := sm.entries[hNew]
	switch {
	case eOld != nil && !oldSame:
		sm.rec.add(false) // the old state renders another tree than before
	case eOld != nil && eNew != nil:
		sm.rec.add(eNew.h == nh) // what a replay would have predicted
	}
	if eNew != nil && eNew.h == nh {
		eNew.used = p.clock
	} else if int64(len(*buf)) <= one {
		p.putState(sm, hNew, *buf, nh, all)
	}
	return nh, true
}

// putState remembers src (hash h) as the render of whole state k, evicting
// the least recently used renders beyond the bounds.
func (p *Predictor) putState(sm *stateMem, k uint64, src []byte, h uint64, all int64) {
	e := sm.entries[k]
	if e != nil {
		sm.bytes -= e.size()
		p.mem -= e.size()
		p.stateBytes -= e.size()
	} else {
		e = &stateEntry{}
		p.stateRenders++
	}
	e.src = append(e.src[:0], src...)
	e.h, e.used = h, p.clock
	sm.entries[k] = e
	sm.bytes += e.size()
	p.mem += e.size()
	p.stateBytes += e.size()
	for len(sm.entries) > maxStates || (sm.bytes > all && len(sm.entries) > 1) {
		var worst uint64
		var we *stateEntry
		for k, x := range sm.entries { // at most maxStates+1
			if x != e && (we == nil || x.used < we.used) {
				worst, we = k, x
			}
		}
		if we == nil {
			break
		}
		delete(sm.entries, worst)
		sm.bytes -= we.size()
		p.mem -= we.size()
		p.stateBytes -= we.size()
		p.stateRenders--
	}
}

// cachedStates notes h as the canonical hash of comp's cached tree cc.
func (p *Predictor) cachedStates(comp []byte, h uint64) {
	if sm, cc := p.states[string(comp)], p.comps[string(comp)]; sm != nil && cc != nil {
		sm.lastH, sm.lastGen = h, cc.gen
	}
}

// dropStates forgets a component's renders.
func (p *Predictor) dropStates(comp string) {
	if sm := p.states[comp]; sm != nil {
		p.mem -= sm.bytes
		p.stateBytes -= sm.bytes
		p.stateRenders -= len(sm.entries)
		delete(p.states, comp)
	}
}

// replay returns, as canonical JSON, the render remembered for the change's
// whole state after, and its confidence, when current (cc: the component's
// tree cache, which current may be) is the render remembered for the whole
// state before and the component's record of replays reaches min; else nil.
// It runs under the read lock; buf is scratch.
func (p *Predictor) replay(ch *outcome.Change, cc *compCache, current *vdom.Tree, enc *vdom.Encoder, buf *[]byte) ([]byte, float64) {
	if !ch.Values.HasState() {
		return nil, 0
	}
	sm := p.states[string(ch.Component)]
	if sm == nil {
		return nil, 0
	}
	conf := sm.conf()
	if conf < p.cfg.MinConfidence {
		return nil, 0
	}
	hOld, ok1 := ch.Values.StateHash(ch.Old)
	hNew, ok2 := ch.Values.StateHash(ch.New)
	if !ok1 || !ok2 || hOld == hNew || !current.HasRoot() {
		return nil, 0
	}
	eOld, eNew := sm.entries[hOld], sm.entries[hNew]
	if eOld == nil || eNew == nil {
		return nil, 0
	}
	if h, _ := canonical(sm, current, cc, enc, buf); h != eOld.h {
		return nil, 0
	}
	return eNew.src, conf
}
