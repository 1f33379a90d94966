package predict

import (
	"bytes"
	"cmp"
	"slices"

	"github.com/cespare/xxhash/v2"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict/outcome"
	"github.com/minimact/engine/runtime/predict/snapshot"
)

// What a changed item keeps. An item's row often shows what its members do
// not give: a post's "5 min ago" follows the clock, a price follows the
// currency chosen elsewhere. The item template cannot render such a part,
// so a changed item (a like on a post) could not be predicted, though the
// like never touches the time. Each part of the skeleton (a text, a prop)
// records, over the changed items a list was seen with (same key, another
// item), which item selectors changed while it kept its outcome and which
// changed while it moved. A changed item's part the template cannot render
// keeps its current outcome when the members that change now were all seen
// changing while it kept (keepMin times in all), and none while it moved;
// a member never seen changing says nothing of it (silence).
//
// Only the selectors that read a part of the item count (Selectors.Parts:
// not the item itself, which changes with every change); a change that
// none of them sees (a nested member) claims nothing. The records are kept
// in snapshots (version 7).

const keepMin = 3 // changes a part kept through before it is trusted to keep

// partRecord is one skeleton part's record of the item changes it went
// through, and of what the items added showed.
type partRecord struct {
	keep, move uint64 // the item selectors that changed while the part kept / moved its outcome
	n          uint16 // the changes it kept through (saturating)
	// what new items showed (observeBorn)
	bornOut  outcome.Outcome
	varied   uint64
	born     uint16
	bornDead bool
}

// changedSels is the mask of the selectors among parts (outcome.Selectors.
// Parts) whose features differ between a and b.
func changedSels(parts uint64, a, b []outcome.Feature) uint64 {
	var m uint64
	for i := 0; i < len(a) && i < len(b) && i < 64; i++ {
		if parts&(1<<uint(i)) != 0 && (a[i].Ok() != b[i].Ok() || a[i].Hash() != b[i].Hash()) {
			m |= 1 << uint(i)
		}
	}
	return m
}

// observe records a change of the selectors changed through which the part
// kept its outcome or not.
func (k *partRecord) observe(changed uint64, kept bool) {
	if changed == 0 {
		return
	}
	if !kept {
		k.move |= changed
		return
	}
	k.keep |= changed
	if k.n < 1<<15 {
		k.n++
	}
}

// holds reports whether the part keeps its outcome through a change of the
// selectors changed.
func (k *partRecord) holds(changed uint64) bool {
	return changed != 0 && k.n >= keepMin && changed&^k.keep == 0 && changed&k.move == 0
}

func (k *partRecord) code(c snapshot.Coder, name string) {
	c.Obj(name, func() {
		c.U64("keep", &k.keep)
		c.U64("move", &k.move)
		snapshot.U16(c, "n", &k.n)
		c.U64("born_varied", &k.varied)
		snapshot.U16(c, "born_n", &k.born)
		c.Flag("born_dead", &k.bornDead)
		if k.born > 0 && !k.bornDead {
			c.Bytes("born_bytes", &k.bornOut.Bytes)
			c.Flag("born_raw", &k.bornOut.Raw)
			c.Flag("born_absent", &k.bornOut.Absent)
		}
	})
}

// What a new item shows. A part no template renders may show the same for
// every item added (a post's "just now", a message's "Sending…"): the
// record keeps that outcome, the count of new items that showed it, and
// the selectors (Parts) in which they differed from the first new item the
// list recorded (listModel.bornFirst) while showing it; one new item that
// showed another ends it. A new item's part the template cannot render
// shows it when bornMin new items did, and the item differs from the first
// only in selectors they differed in: a new todo that is done, where every
// new one so far was not, says nothing of itself.
const bornMin = 3

// observeBorn records that a new item whose features differ from the first
// new item's in the selectors diff showed o.
func (k *partRecord) observeBorn(o outcome.Outcome, diff uint64) {
	if k.bornDead {
		return
	}
	if k.born > 0 && !k.bornOut.Eq(o) {
		k.bornDead, k.bornOut = true, outcome.Outcome{}
		return
	}
	if k.born == 0 {
		k.bornOut = outcome.Outcome{Bytes: clone(o.Bytes), Raw: o.Raw, Absent: o.Absent}
		if k.bornOut.Bytes == nil {
			k.bornOut.Bytes = []byte{}
		}
	}
	k.varied |= diff
	if k.born < 1<<15 {
		k.born++
	}
}

// bornHolds reports whether a new item whose features differ from the first
// new item's in diff shows the born outcome.
func (k *partRecord) bornHolds(diff uint64) bool {
	return !k.bornDead && k.born >= bornMin && diff&^k.varied == 0
}

// bornDiff is the mask of the selectors among the list's parts in which sv
// differs from the first new item (bornFirst); it records sv as the first
// when there is none yet.
func (m *listModel) bornDiff(sv []outcome.Feature, record bool) (uint64, bool) {
	if len(m.bornFirst) == 0 {
		if !record || len(sv) == 0 {
			return 0, false
		}
		for i := range sv {
			if i >= 64 {
				break
			}
			m.bornFirst = append(m.bornFirst, featureHash(&sv[i]))
		}
		return 0, true
	}
	parts := m.sels.Parts()
	var d uint64
	for i := range sv {
		if i >= 64 {
			break
		}
		if parts&(1<<uint(i)) != 0 && (i >= len(m.bornFirst) || featureHash(&sv[i]) != m.bornFirst[i]) {
			d |= 1 << uint(i)
		}
	}
	return d, true
}

// featureHash is f's hash, 0 when f does not exist.
func featureHash(f *outcome.Feature) uint64 {
	if !f.Ok() {
		return 0
	}
	return f.Hash() | 1
}

// learnKeeps pairs the new items' children with the old ones of the same
// key whose item changed, and records for each skeleton part whether it
// kept its outcome; and for the items added, what each part showed
// (learnBorn). Both containers must show every item (unfiltered).
func (m *listModel) learnKeeps(ch *outcome.Change, oi, ni []int32, old *vdom.Tree, on int32, new *vdom.Tree, nn int32, work *listScratch) {
	if len(m.skel) == 0 || !m.skel[0].keyed || on < 0 || nn < 0 {
		return
	}
	ok, nk := old.Children(on), new.Children(nn)
	pre := int(m.pre)
	if len(ok) != pre+len(oi)+int(m.post) || len(nk) != pre+len(ni)+int(m.post) {
		return
	}
	v := &ch.Values
	parts := m.sels.Parts()
	work.keyIndex = work.keyIndex[:0]
	for j := range oi {
		if c := &old.Nodes[ok[pre+j]]; c.Keyed {
			work.keyIndex = append(work.keyIndex, keyPos{h: xxhash.Sum64(old.Bytes(c.Key)), j: int32(j)})
		}
	}
	slices.SortFunc(work.keyIndex, cmpKeyPos)
	for i, it := range ni {
		if i >= maxItemsSampled {
			break
		}
		c := &new.Nodes[nk[pre+i]]
		if !c.Keyed {
			continue
		}
		key := new.Bytes(c.Key)
		j := findKey(work.keyIndex, xxhash.Sum64(key), func(j int32) bool { return bytes.Equal(old.Bytes(old.Nodes[ok[pre+int(j)]].Key), key) })
		if j < 0 {
			m.learnBorn(v, it, new, nk[pre+i], work)
			continue
		}
		if v.Hash(oi[j]) == v.Hash(it) {
			continue
		}
		work.oldItemFeatures = m.sels.Eval(work.oldItemFeatures[:0], v, oi[j])
		work.itemFeatures = m.sels.Eval(work.itemFeatures[:0], v, it)
		changed := changedSels(parts, work.oldItemFeatures, work.itemFeatures)
		if changed == 0 {
			continue
		}
		var okO, okN bool
		work.preorder, work.stack, okO = preorder(old, ok[pre+j], work.preorder[:0], work.stack[:0], maxSkelNodes)
		if !okO || !m.shapeMatches(old, work.preorder) {
			continue
		}
		work.preorder2, work.stack, okN = preorder(new, nk[pre+i], work.preorder2[:0], work.stack[:0], maxSkelNodes)
		if !okN || !m.shapeMatches(new, work.preorder2) {
			continue
		}
		for x := range m.skel {
			s, a, b := &m.skel[x], work.preorder[x], work.preorder2[x]
			s.eachPart(func(p int) {
				s.recordOf(p).observe(changed, s.outcomeAt(old, a, p).Eq(s.outcomeAt(new, b, p)))
			})
		}
	}
}

// learnBorn records what each part of the new item it (its child n of t)
// shows.
func (m *listModel) learnBorn(v *outcome.Value, it int32, t *vdom.Tree, n int32, work *listScratch) {
	var ok bool
	work.preorder2, work.stack, ok = preorder(t, n, work.preorder2[:0], work.stack[:0], maxSkelNodes)
	if !ok || !m.shapeMatches(t, work.preorder2) {
		return
	}
	work.itemFeatures = m.sels.Eval(work.itemFeatures[:0], v, it)
	diff, ok := m.bornDiff(work.itemFeatures, true)
	if !ok {
		return
	}
	for x := range m.skel {
		s, b := &m.skel[x], work.preorder2[x]
		s.eachPart(func(p int) { s.recordOf(p).observeBorn(s.outcomeAt(t, b, p), diff) })
	}
}

// renderNew builds a new item's subtree (its features sv) into w, part by
// part: the template's outcome, else what new items showed (bornHolds).
func (m *listModel) renderNew(sv []outcome.Feature, w *vdom.Tree, buf *[]byte) (int32, bool) {
	diff, ok := m.bornDiff(sv, false)
	if !ok {
		return -1, false
	}
	return m.build(w, func(_ int, s *skelNode, p int) (outcome.Outcome, bool) {
		if o, ok := s.learner(p).Predict(sv, buf); ok || p == partKey {
			return o, ok
		}
		if k := s.recordOf(p); k.bornHolds(diff) {
			return k.bornOut, true
		}
		return outcome.Outcome{}, false
	})
}

func cmpKeyPos(a, b keyPos) int { return cmp.Compare(a.h, b.h) }

// findKey is the item index of the entry of idx (sorted) with hash h for
// which same holds, or -1.
func findKey(idx []keyPos, h uint64, same func(j int32) bool) int {
	x, _ := slices.BinarySearchFunc(idx, h, func(e keyPos, h uint64) int { return cmp.Compare(e.h, h) })
	for ; x < len(idx) && idx[x].h == h; x++ {
		if same(idx[x].j) {
			return int(idx[x].j)
		}
	}
	return -1
}

// part is a changed item's outcome of one skeleton part whose current
// outcome is cur: cur, when the part keeps through the change; else the
// template's, when it renders the old item as the tree shows it and renders
// the new one. What the part was seen to do through such changes comes
// before what its template guesses (a post's datetime, kept through every
// like, was once rendered anew from a like by a template that read it).
func part(lr *outcome.Learner, k *partRecord, osv, nsv []outcome.Feature, cur outcome.Outcome, changed uint64, buf *[]byte) (outcome.Outcome, bool) {
	if k.holds(changed) {
		return cur, true
	}
	if o, ok := lr.Predict(osv, buf); ok && o.Eq(cur) {
		if n, ok := lr.Predict(nsv, buf); ok {
			return n, true
		}
	}
	return outcome.Outcome{}, false
}

// renderChanged builds the changed item's subtree (its old features osv,
// its new ones nsv, its current child kid of t) into w, part by part (part),
// and returns its root.
func (m *listModel) renderChanged(osv, nsv []outcome.Feature, t *vdom.Tree, kid int32, w *vdom.Tree, work *listScratch, buf *[]byte) (int32, bool) {
	var ok bool
	work.preorder, work.stack, ok = preorder(t, kid, work.preorder[:0], work.stack[:0], maxSkelNodes)
	if !ok || len(m.skel) == 0 || !m.shapeMatches(t, work.preorder) {
		return -1, false
	}
	for i := range m.skel {
		s, x := &m.skel[i], work.preorder[i]
		if s.kind != vdom.KindElement {
			continue
		}
		for _, p := range t.PropList(x) {
			if _, found := slices.BinarySearchFunc(s.props, t.Bytes(p.Name), func(pl propLearner, name []byte) int { return bytes.Compare(pl.name, name) }); !found {
				return -1, false // a prop the template does not know
			}
		}
	}
	changed := changedSels(m.sels.Parts(), osv, nsv)
	return m.build(w, func(i int, s *skelNode, p int) (outcome.Outcome, bool) {
		x := work.preorder[i]
		switch p {
		case partKey:
			o, ok := s.key.Predict(nsv, buf)
			if !ok || o.Absent || !bytes.Equal(o.Bytes, t.Bytes(t.Nodes[x].Key)) {
				return outcome.Outcome{}, false // a changed item keeps its key
			}
			return o, true
		}
		return part(s.learner(p), s.recordOf(p), osv, nsv, s.outcomeAt(t, x, p), changed, buf)
	})
}
