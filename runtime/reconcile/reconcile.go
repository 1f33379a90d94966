// Package reconcile turns two VNode trees into the patch list the browser
// client applies (shared/PATCHES.md), so that Apply(old, Diff(old, new)) equals
// new for every pair of valid trees.
//
// Invariant of the children algorithm (diffChildren): the patches of one
// children list come in four runs — removes of unmatched old children from the
// last to the first, at most one ReorderChildren naming the surviving keyed
// children that must move, creates of unmatched new children from the first to
// the last at their final index, and then the patches of each surviving child
// at its final index. Paths are resolved against the tree as it stands after
// every earlier patch, so each run sees exactly the list the previous run
// left. Subtrees whose hashes match, confirmed byte for byte or node by node,
// are skipped.
package reconcile

import (
	"encoding/binary"

	"github.com/minimact/engine/generated/vdom"
)

// Reconciler diffs trees and owns every buffer it needs, so that steady-state
// reconciling allocates nothing. It is not safe for concurrent use; keep one
// per goroutine (the C ABI pools them).
type Reconciler struct {
	dec    *vdom.Decoder
	enc    vdom.Encoder
	list   vdom.PatchList
	out    []byte
	local  *Retained // JSON's state when the tree cache does not hold it
	oldDoc vdom.Doc  // JSON's old tree when the cache does not hold it (a view of the caller's bytes)
	// shared: during a diff of a tree made by vdom.Redecode, nodes numbered
	// below it are the old tree's own (diffGraft); 0 otherwise
	shared int32

	work []workItem
	path []int32 // the path of the pair being diffed; emit appends to it

	patches int // patches in the last list JSON encoded
	decoded int // bytes the last Render decoded

	oMatch, nMatch []int32
	incompat       []bool  // per new child: paired by position, and not compatible (a Replace)
	slotOf         []int32 // per new child of the middle paired by key: its key's slot in keys
	seq            []int32 // new indices of survivors, in new order
	keys           keyTable
	oldNext        []int32
	unkeyedO       []int32
	unkeyedN       []int32
	order          []int32
}

// workItem is a pair of nodes still to diff. Its path is not stored: the
// work stack is a depth-first walk, so when an item at depth d (its path's
// length) is popped, r.path[:d-1] is still its parent's path, and the item
// only names its own index there. A chain of any depth thus needs O(depth)
// memory, not a copy of the path per item.
type workItem struct {
	o, n  int32
	depth int32 // the length of the pair's path; 0 for the roots
	idx   int32 // the pair's index in its parent (the last step of its path)
}

// New returns a reconciler whose decoder enforces limits.
func New(limits vdom.Limits) *Reconciler {
	return &Reconciler{dec: vdom.NewDecoder(limits)}
}

// Decoder returns the reconciler's decoder.
func (r *Reconciler) Decoder() *vdom.Decoder { return r.dec }

// JSON decodes both trees, diffs them and returns the patch list as JSON. The
// result is valid until the next call on r. The new tree is decoded from the
// old one (vdom.Redecode: only what the new document does not share with the
// old is decoded again, and the diff walks only along what changed), and an
// old tree that is the new tree of an earlier call (the usual case for a
// host) is taken from the tree cache instead of being decoded again (see
// treecache.go).
func (r *Reconciler) JSON(oldJSON, newJSON []byte) ([]byte, error) {
	var e *cachedTree
	caching := trees.on.Load()
	if caching && len(oldJSON) >= cacheMinBytes {
		e = trees.take(oldJSON, r.dec.Limits())
	}
	if e != nil {
		out, err := r.Render(&e.state, newJSON, false)
		if err == nil {
			e.key, e.size, e.limits = sampleKey(newJSON), len(newJSON), r.dec.Limits()
		}
		trees.put(e) // on error still the old tree, valid for the next call
		return out, err
	}
	// the old tree is decoded into r's own document (a view of oldJSON),
	// whose buffers stay warm from call to call; the new one is made where
	// it is kept: a cache entry, or r's own state
	if err := r.dec.DecodeDocView(oldJSON, false, &r.oldDoc); err != nil {
		return nil, err
	}
	var s *Retained
	if caching && len(newJSON) >= cacheMinBytes {
		e = trees.spareEntry()
		s = &e.state
	} else {
		if r.local == nil {
			r.local = NewRetained(false)
		}
		s = r.local
	}
	s.Reset()
	out, err := r.renderFrom(&r.oldDoc, s, newJSON, false)
	switch {
	case err != nil && e != nil:
		trees.release(e)
	case e != nil:
		e.key, e.size, e.limits = sampleKey(newJSON), len(newJSON), r.dec.Limits()
		trees.put(e)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Patches returns how many patches the last list JSON returned holds,
// counted as they were written (no rescan of the reply).
func (r *Reconciler) Patches() int { return r.patches }

// Diff writes into l the patches that turn old into new. l's nodes and
// strings are those of new, which must outlive it.
func (r *Reconciler) Diff(old, new *vdom.Tree, l *vdom.PatchList) {
	l.Reset(new)
	r.work, r.path = r.work[:0], r.path[:0]
	if !new.HasRoot() {
		return // nothing to turn old into: no patch says "no root"
	}
	// A tree whose DOM is no node (no tree, or in the HTML view an empty
	// text root) gets its root by Create at [] (the client appends it to its
	// container) and loses it by Replace at [] with the empty text (which
	// the client renders as nothing). See docs/dom-view.md.
	if oldEmpty, newEmpty := old.DOMEmpty(), new.DOMEmpty(); oldEmpty || newEmpty {
		switch {
		case !oldEmpty:
			l.Add(vdom.PatchReplace, nil).Node = new.Root
		case !newEmpty:
			l.Add(vdom.PatchCreate, nil).Node = new.Root // Create at [] sets the root
		}
		return
	}
	if !vdom.Compatible(old, old.Root, new, new.Root) {
		l.Add(vdom.PatchReplace, nil).Node = new.Root
		return
	}
	if r.same(old, old.Root, new, new.Root) {
		return
	}
	r.work = append(r.work, workItem{old.Root, new.Root, 0, 0})
	r.walk(l, old, new)
}

// walk diffs the pairs on the work stack, and those they push, in depth-first
// order.
func (r *Reconciler) walk(l *vdom.PatchList, old, new *vdom.Tree) {
	for len(r.work) > 0 {
		w := r.work[len(r.work)-1]
		r.work = r.work[:len(r.work)-1]
		if w.depth > 0 {
			r.path = append(r.path[:w.depth-1], w.idx)
		} else {
			r.path = r.path[:0]
		}
		if vdom.DiffNode(l, old, w.o, new, w.n, r.path) {
			r.diffChildren(l, old, w.o, new, w.n)
		}
	}
}

// Diff returns the patches that turn old into new, with a reconciler of its
// own. Use a Reconciler to reuse buffers.
func Diff(old, new *vdom.Tree) *vdom.PatchList {
	r := New(vdom.Limits{})
	l := &vdom.PatchList{}
	r.Diff(old, new, l)
	return l
}

// emit appends a patch at r.path + [i].
func (r *Reconciler) emit(l *vdom.PatchList, k vdom.PatchKind, i int) *vdom.Patch {
	r.path = append(r.path, int32(i))
	p := l.Add(k, r.path)
	r.path = r.path[:len(r.path)-1]
	return p
}

// keyClass tells whether a child can be matched by key: a keyed element.
func keyed(t *vdom.Tree, n int32) bool {
	nd := &t.Nodes[n]
	return nd.Kind == vdom.KindElement && nd.Keyed
}

// diffChildren reconciles the children of the compatible nodes o and n, whose
// path is r.path.
func (r *Reconciler) diffChildren(l *vdom.PatchList, ot *vdom.Tree, o int32, nt *vdom.Tree, n int32) {
	ok, nk := ot.Children(o), nt.Children(n)
	if len(ok) == 0 && len(nk) == 0 {
		return
	}
	isElement := ot.Nodes[o].Kind == vdom.KindElement
	// Whole-list shortcuts through textContent (elements only): clearing a
	// list, or turning children into one non-empty text, is one UpdateText.
	if isElement && len(ok) >= 2 && len(nk) == 0 {
		l.Add(vdom.PatchUpdateText, r.path)
		return
	}
	if isElement && len(nk) == 1 && nt.Nodes[nk[0]].Kind == vdom.KindText && nt.Nodes[nk[0]].Content.Len > 0 &&
		(len(ok) > 1 || (len(ok) == 1 && ot.Nodes[ok[0]].Kind != vdom.KindText)) {
		l.Add(vdom.PatchUpdateText, r.path).Content = nt.Nodes[nk[0]].Content
		return
	}

	oMatch := grow(&r.oMatch, len(ok))
	nMatch := grow(&r.nMatch, len(nk))
	for i := range oMatch {
		oMatch[i] = -1
	}
	for i := range nMatch {
		nMatch[i] = -1
	}
	if cap(r.incompat) < len(nk) {
		r.incompat = make([]bool, len(nk), len(nk)+len(nk)/2)
	}
	incompat := r.incompat[:len(nk)]
	clear(incompat)
	// 1. Match: common prefix and suffix of compatible children, then keyed
	// children of the middle by key, then the other middle children by
	// position among themselves.
	start := 0
	for start < len(ok) && start < len(nk) && r.compatible(ot, ok[start], nt, nk[start]) {
		oMatch[start], nMatch[start] = int32(start), int32(start)
		start++
	}
	oEnd, nEnd := len(ok), len(nk)
	for oEnd > start && nEnd > start && r.compatible(ot, ok[oEnd-1], nt, nk[nEnd-1]) {
		oEnd--
		nEnd--
		oMatch[oEnd], nMatch[nEnd] = int32(nEnd), int32(oEnd)
	}
	reorderPossible := oEnd > start && nEnd > start
	if reorderPossible {
		r.matchMiddle(ot, ok[start:oEnd], nt, nk[start:nEnd], oMatch[start:oEnd], nMatch[start:nEnd], incompat[start:nEnd], start, len(ok))
	}
	// 2. Survivors in new order; the ones before the longest run that is
	// already in old order (its end is the list's end) must be named by a
	// ReorderChildren, so they must be keyed uniquely among the survivors.
	named := 0
	if reorderPossible {
		named = r.survivors(ot, ok, nt, nk, oMatch, nMatch, start, nEnd)
	}
	// 3. Emit: removes (last first), reorder, creates (first first), then
	// the surviving children in new order.
	for i := len(ok) - 1; i >= 0; i-- {
		if oMatch[i] < 0 {
			r.emit(l, vdom.PatchRemove, i)
		}
	}
	if named > 0 {
		p := l.Add(vdom.PatchReorderChildren, r.path)
		p.Order = uint32(len(l.Keys))
		for _, j := range r.order[:named] {
			l.Keys = append(l.Keys, nt.Nodes[nk[j]].Key)
		}
		p.NOrder = uint32(named)
	}
	for j := range nk {
		if nMatch[j] < 0 {
			r.emit(l, vdom.PatchCreate, j).Node = nk[j]
		}
	}
	for j := range nk {
		if nMatch[j] >= 0 && incompat[j] {
			r.emit(l, vdom.PatchReplace, j).Node = nk[j]
		}
	}
	// Changed survivors are pushed last-first so the work stack pops them in
	// order.
	depth := int32(len(r.path) + 1)
	for j := len(nk) - 1; j >= 0; j-- {
		i := nMatch[j]
		if i < 0 || incompat[j] || r.same(ot, ok[i], nt, nk[j]) {
			continue
		}
		r.work = append(r.work, workItem{ok[i], nk[j], depth, int32(j)})
	}
}

// matchMiddle matches the middle children: keyed elements by key (the k-th
// old child with a key pairs with the k-th new child with that key, when
// their tags agree), all others by position among themselves (possibly
// incompatible: a Replace, marked in incompat). oBase is the index of the
// middle's first child in both lists; all is the length of the old list (the
// key table then takes the prefix and suffix survivors' keys too:
// survivors).
func (r *Reconciler) matchMiddle(ot *vdom.Tree, ok []int32, nt *vdom.Tree, nk []int32, oMatch, nMatch []int32, incompat []bool, oBase, all int) {
	r.keys.reset(all)
	// a new child taken over by a Redecode (numbered below r.shared) is the
	// old node of its number: its key's slot is the one that node's key
	// went to, found without hashing the key again
	byNode := r.shared > 0
	if byNode {
		r.keys.nodes(len(ot.Nodes))
	}
	next := grow(&r.oldNext, len(ok)) // next old child with the same key
	for i, c := range ok {
		next[i] = -1
		if keyed(ot, c) {
			x, fresh := r.keys.add(ot, ot.Nodes[c].Key, int32(i))
			s := &r.keys.slots[x]
			if !fresh {
				next[s.last] = int32(i)
				s.last = int32(i)
			}
			if byNode {
				r.keys.setNode(c, x)
			}
		}
	}
	slotOf := grow(&r.slotOf, len(nk))
	for j, c := range nk {
		if !keyed(nt, c) {
			continue
		}
		x := int32(-1)
		if byNode && c < r.shared {
			x = r.keys.ofNode(c)
		}
		if x < 0 {
			x = r.keys.find(ot, nt.Bytes(nt.Nodes[c].Key))
		}
		if x < 0 {
			continue
		}
		s := &r.keys.slots[x]
		if s.oldIdx < 0 {
			continue
		}
		i := s.oldIdx
		s.oldIdx = next[i]
		if r.compatible(ot, ok[i], nt, c) {
			oMatch[i] = int32(j + oBase)
			nMatch[j] = i + int32(oBase)
			s.survivors++
			slotOf[j] = x
		}
	}
	// Positional matching of the unkeyed rest; an incompatible pair becomes a
	// Replace. Keyed elements left over (vanished keys, surplus repeats) are
	// removed and created, never paired with another key.
	uo := r.unkeyedO[:0]
	for i, c := range ok {
		if oMatch[i] < 0 && !keyed(ot, c) {
			uo = append(uo, int32(i))
		}
	}
	un := r.unkeyedN[:0]
	for j, c := range nk {
		if nMatch[j] < 0 && !keyed(nt, c) {
			un = append(un, int32(j))
		}
	}
	for x := 0; x < len(uo) && x < len(un); x++ {
		oMatch[uo[x]] = un[x] + int32(oBase)
		nMatch[un[x]] = uo[x] + int32(oBase)
		incompat[un[x]] = !vdom.Compatible(ot, ok[uo[x]], nt, nk[un[x]])
	}
	r.unkeyedO, r.unkeyedN = uo, un
}

// survivors computes which surviving children a ReorderChildren must name
// and returns how many (their new indices are r.order[:named]). Survivors
// that would need naming but cannot be named (unkeyed, or keyed ambiguously)
// are unmatched, to be removed and created again.
//
// start and nEnd bound the middle of the new list: its keyed survivors were
// counted per key by matchMiddle, in r.keys.
func (r *Reconciler) survivors(ot *vdom.Tree, ok []int32, nt *vdom.Tree, nk []int32, oMatch, nMatch []int32, start, nEnd int) int {
	seq := r.seq[:0]
	for j := range nk {
		if nMatch[j] >= 0 {
			seq = append(seq, int32(j))
		}
	}
	r.seq = seq
	// The longest suffix of seq increasing in old index stays unnamed: after
	// the named ones move to the front, it follows them in its old order.
	cut := len(seq)
	for cut > 0 && (cut == len(seq) || nMatch[seq[cut-1]] < nMatch[seq[cut]]) {
		cut--
	}
	if cut == 0 {
		return 0
	}
	// Named survivors must be keyed elements whose key is unique among the
	// survivors (the list at the moment of the reorder): the middle's were
	// counted per key; the prefix's and suffix's keyed ones are counted now
	// (by their old child's key: the same bytes).
	for _, j := range seq {
		if (int(j) < start || int(j) >= nEnd) && keyed(nt, nk[j]) {
			oc := ok[nMatch[j]]
			x, _ := r.keys.add(ot, ot.Nodes[oc].Key, nMatch[j])
			r.keys.slots[x].survivors++
		}
	}
	order := r.order[:0]
	for _, j := range seq[:cut] {
		if keyed(nt, nk[j]) {
			var x int32
			if int(j) >= start && int(j) < nEnd {
				x = r.slotOf[int(j)-start] // paired by key in the middle
			} else {
				x = r.keys.find(ot, nt.Bytes(nt.Nodes[nk[j]].Key))
			}
			if r.keys.slots[x].survivors == 1 {
				order = append(order, j)
				continue
			}
		}
		oMatch[nMatch[j]] = -1
		nMatch[j] = -1
	}
	r.order = order
	return len(order)
}

func grow(s *[]int32, n int) []int32 {
	if cap(*s) < n {
		*s = make([]int32, n, n+n/2)
	}
	*s = (*s)[:n]
	return *s
}

// keyTable is an open-addressing hash table from key bytes to child indices,
// reused across calls: a slot is in use when its generation is the table's,
// so a reset clears nothing.
type keyTable struct {
	slots []keySlot
	mask  uint64
	gen   uint32
	// per node of the old tree, for the nodes whose key was added since
	// the last reset: the table's generation (high half) and the slot
	byNode []uint64
	finds  int // keys looked up by their bytes (find), for tests
}

type keySlot struct {
	hash      uint64
	key       vdom.Str
	oldIdx    int32 // the first index added, then the next one to pair
	last      int32 // the last index added
	gen       uint32
	survivors int32 // survivors with the key (survivors)
}

func (k *keyTable) reset(n int) {
	size := 8
	for size < 2*n {
		size <<= 1
	}
	if cap(k.slots) < size {
		// new slots are of no generation; the generation goes on rising, so
		// that byNode's stamps of past generations stay stale (starting it
		// again at 1 made them current: a slot of another list's key, and
		// an index past the children, TestKeyTableGrowthKeepsNodesStale)
		k.slots = make([]keySlot, size)
	}
	k.slots = k.slots[:size]
	if k.gen++; k.gen == 0 { // wrapped: every stamp is stale but may match
		clear(k.slots[:cap(k.slots)])
		clear(k.byNode[:cap(k.byNode)])
		k.gen = 1
	}
	k.mask = uint64(size - 1)
}

// nodes makes room in byNode for an old tree of n nodes.
func (k *keyTable) nodes(n int) {
	if len(k.byNode) < n {
		if cap(k.byNode) >= n {
			k.byNode = k.byNode[:n]
		} else {
			k.byNode = append(k.byNode[:cap(k.byNode)], make([]uint64, n-cap(k.byNode))...)
		}
	}
}

// setNode records that node n's key is in slot x (nodes must have made room).
func (k *keyTable) setNode(n, x int32) { k.byNode[n] = uint64(k.gen)<<32 | uint64(uint32(x)) }

// ofNode returns the slot setNode recorded for node n since the last reset,
// or -1.
func (k *keyTable) ofNode(n int32) int32 {
	if int(n) < len(k.byNode) {
		if v := k.byNode[n]; uint32(v>>32) == k.gen {
			return int32(uint32(v))
		}
	}
	return -1
}

// keyHash hashes a key: keys are short, so a multiply-mix over 8-byte words
// beats a general hash; equality decides, never the hash.
func keyHash(b []byte) uint64 {
	h := uint64(len(b)) * 0x9e3779b97f4a7c15
	for len(b) >= 8 {
		h = (h ^ binary.LittleEndian.Uint64(b)) * 0xff51afd7ed558ccd
		h ^= h >> 32
		b = b[8:]
	}
	var w uint64
	for i, c := range b {
		w |= uint64(c) << (8 * i)
	}
	h = (h ^ w) * 0xc4ceb9fe1a85ec53
	return h ^ h>>29
}

// add inserts key s of tree t with index i and returns its slot's index;
// fresh says the key was not there yet.
func (k *keyTable) add(t *vdom.Tree, s vdom.Str, i int32) (slot int32, fresh bool) {
	b := t.Bytes(s)
	h := keyHash(b)
	for x := h & k.mask; ; x = (x + 1) & k.mask {
		sl := &k.slots[x]
		if sl.gen != k.gen {
			*sl = keySlot{hash: h, key: s, oldIdx: i, last: i, gen: k.gen}
			return int32(x), true
		}
		if sl.hash == h && string(t.Bytes(sl.key)) == string(b) {
			return int32(x), false
		}
	}
}

// find returns the index of the slot of key b, whose keys belong to tree t,
// or -1.
func (k *keyTable) find(t *vdom.Tree, b []byte) int32 {
	k.finds++
	h := keyHash(b)
	for x := h & k.mask; ; x = (x + 1) & k.mask {
		sl := &k.slots[x]
		if sl.gen != k.gen {
			return -1
		}
		if sl.hash == h && string(t.Bytes(sl.key)) == string(b) {
			return int32(x)
		}
	}
}
