package predict

import (
	"slices"

	"github.com/cespare/xxhash/v2"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict/internal/memsize"
)

// A sibIndex answers, for one tree during one Learn, which children of a node
// share a signature (kind, tag, key), so that finding a locator's child costs
// a lookup per level instead of a scan of the siblings, and the step naming
// a child (its ordinals) is read instead of counted. Each parent's children
// are indexed the first time it is visited (O(children log children)), so
// that a Learn resolving every slot and locating every changed leaf does work
// near-linear in the tree and the change, not in their product
// (TestLearnWorkIsNearLinear). Nothing is allocated in steady state: the
// arenas are reused from one Learn to the next.
//
// Signatures are grouped by hash; a parent whose children have two
// signatures with one hash falls back to the scans (correct, slower).
type sibIndex struct {
	t     *vdom.Tree
	epoch uint32
	// per node of t: the epoch its children were indexed in, and where
	built []uint32
	at    []int32 // offset of the parent's entries in ents (and info)
	pure  []bool  // no hash is shared by two signatures among its children
	ents  []sibEnt
	info  []kidInfo // per child position, in the parent's order

	work uint64 // siblings visited (indexing, scans), for the tests
	res  uint64 // locators resolved or made, for the tests
}

// sibEnt is one child of an indexed parent, sorted by (hash, position).
type sibEnt struct {
	h   uint64
	pos int32
}

// kidInfo is a child's ordinal among the siblings of its signature, and
// their number.
type kidInfo struct {
	ord, n uint16
}

// size is the index's estimated heap.
func (ix *sibIndex) size() int64 {
	return memsize.Slice(ix.built) + memsize.Slice(ix.at) + memsize.Slice(ix.pure) + memsize.Slice(ix.ents) + memsize.Slice(ix.info)
}

// reset binds the index to t, forgetting what was indexed before.
func (ix *sibIndex) reset(t *vdom.Tree) {
	ix.t = t
	ix.epoch++
	if ix.epoch == 0 { // wrapped: forget every stamp
		clear(ix.built)
		ix.epoch = 1
	}
	if n := len(t.Nodes); len(ix.built) < n {
		ix.built = append(ix.built, make([]uint32, n-len(ix.built))...)
		ix.at = append(ix.at, make([]int32, n-len(ix.at))...)
		ix.pure = append(ix.pure, make([]bool, n-len(ix.pure))...)
	}
	ix.ents = ix.ents[:0]
	ix.info = ix.info[:0]
}

// bound reports whether ix indexes t.
func (ix *sibIndex) bound(t *vdom.Tree) bool { return ix != nil && ix.t == t }

// sigHash hashes a signature: the kind, and for elements the tag, whether
// keyed, and the key.
func sigHash(kind vdom.Kind, keyed bool, tag, key []byte) uint64 {
	h := vdom.Mix(0x27d4eb2f165667c5, uint64(kind))
	if kind != vdom.KindElement {
		return h
	}
	h = vdom.Mix(h, xxhash.Sum64(tag))
	if keyed {
		h = vdom.Mix(h^1, xxhash.Sum64(key))
	}
	return h
}

func nodeSigHash(t *vdom.Tree, n int32) uint64 {
	nd := &t.Nodes[n]
	if nd.Kind != vdom.KindElement {
		return sigHash(nd.Kind, false, nil, nil)
	}
	var key []byte
	if nd.Keyed {
		key = t.Bytes(nd.Key)
	}
	return sigHash(nd.Kind, nd.Keyed, t.Bytes(nd.Tag), key)
}

func stepSigHash(st *step) uint64 { return sigHash(st.kind, st.keyed, st.tag, st.key) }

// sameSig reports whether two nodes of t have one signature.
func sameSig(t *vdom.Tree, a, b int32) bool {
	st := step{kind: t.Nodes[b].Kind, keyed: t.Nodes[b].Keyed && t.Nodes[b].Kind == vdom.KindElement}
	if st.kind == vdom.KindElement {
		st.tag = t.Bytes(t.Nodes[b].Tag)
		if st.keyed {
			st.key = t.Bytes(t.Nodes[b].Key)
		}
	}
	return sigMatch(t, a, &st)
}

// index indexes the children of parent (once per epoch) and returns where
// its entries start.
func (ix *sibIndex) index(parent int32) int32 {
	if ix.built[parent] == ix.epoch {
		return ix.at[parent]
	}
	kids := ix.t.Children(parent)
	start := int32(len(ix.ents))
	for i, k := range kids {
		ix.ents = append(ix.ents, sibEnt{h: nodeSigHash(ix.t, k), pos: int32(i)})
	}
	ix.work += uint64(len(kids))
	es := ix.ents[start:]
	slices.SortFunc(es, func(a, b sibEnt) int {
		switch {
		case a.h < b.h:
			return -1
		case a.h > b.h:
			return 1
		}
		return int(a.pos - b.pos)
	})
	ix.info = append(ix.info, make([]kidInfo, len(kids))...)
	info := ix.info[start:]
	pure := true
	for i := 0; i < len(es); {
		j := i + 1
		for j < len(es) && es[j].h == es[i].h {
			if pure && !sameSig(ix.t, kids[es[j].pos], kids[es[i].pos]) {
				pure = false
			}
			j++
		}
		n := j - i
		for r := i; r < j; r++ {
			info[es[r].pos] = kidInfo{ord: uint16(min(r-i, 0xffff)), n: uint16(min(n, 0xffff))}
		}
		i = j
	}
	ix.built[parent], ix.at[parent], ix.pure[parent] = ix.epoch, start, pure
	return start
}

// scanKids is the most children a parent has for its lookups to scan them
// rather than index them: hashing and sorting a few siblings costs more than
// comparing them, and a scan of at most scanKids keeps a Learn's work
// near-linear.
const scanKids = 8

// indexed returns where the entries of parent (whose children are kids)
// start, indexing them first, or false when a lookup among them scans them
// (counted as the scan's work): there are at most scanKids, more than the
// index's ordinals hold, or two signatures among them share a hash.
func (ix *sibIndex) indexed(parent int32, kids []int32) (int32, bool) {
	if len(kids) > scanKids && len(kids) <= 0xffff {
		if start := ix.index(parent); ix.pure[parent] {
			return start, true
		}
	}
	ix.work += uint64(len(kids))
	return 0, false
}

// pick is pick (locate.go) through the index: the index among the children
// of parent of the child st names, or -1.
func (ix *sibIndex) pick(parent int32, st *step) int {
	kids := ix.t.Children(parent)
	start, ok := ix.indexed(parent, kids)
	if !ok {
		return pick(ix.t, kids, st)
	}
	es := ix.ents[start : start+int32(len(kids))]
	h := stepSigHash(st)
	lo, _ := slices.BinarySearchFunc(es, h, func(e sibEnt, h uint64) int {
		switch {
		case e.h < h:
			return -1
		case e.h > h:
			return 1
		}
		return 0
	})
	hi := lo
	for hi < len(es) && es[hi].h == h {
		hi++
	}
	ix.work++
	total := hi - lo
	if total == 0 || !sigMatch(ix.t, kids[es[lo].pos], st) {
		return -1
	}
	first := -1
	if int(st.ord) < total {
		first = int(es[lo+int(st.ord)].pos)
	}
	if total == int(st.nsame) {
		return first
	}
	if int(st.rord) >= total || first < 0 {
		return -1
	}
	if last := int(es[hi-1-int(st.rord)].pos); last != first {
		return -1
	}
	return first
}

// stepAt is stepAt (locate.go) through the index.
func (ix *sibIndex) stepAt(parent int32, i int) step {
	kids := ix.t.Children(parent)
	start, ok := ix.indexed(parent, kids)
	if !ok {
		return stepAt(ix.t, parent, i)
	}
	st := sigOf(ix.t, kids[i])
	in := ix.info[start+int32(i)]
	st.ord, st.nsame = in.ord, in.n
	st.rord = in.n - 1 - in.ord
	return st
}

// resolve is resolve (locate.go), through the index when it indexes t.
func (ix *sibIndex) resolve(t *vdom.Tree, loc locator, path []int32) (int32, []int32, bool) {
	if !ix.bound(t) {
		return resolve(t, loc, path)
	}
	ix.res++
	if t.HasRoot() && len(loc) == 0 {
		return t.Root, path, true
	}
	if !t.HasRoot() || len(loc) == 0 || !sigMatch(t, t.Root, &loc[0]) {
		return -1, path, false
	}
	n := t.Root
	for i := 1; i < len(loc); i++ {
		j := ix.pick(n, &loc[i])
		if j < 0 {
			return -1, path, false
		}
		path = append(path, int32(j))
		n = t.Children(n)[j]
	}
	return n, path, true
}

// locate is locate (locate.go), through the index when it indexes t.
func (ix *sibIndex) locate(t *vdom.Tree, path []int32) (locator, bool) {
	if !ix.bound(t) {
		return locate(t, path)
	}
	ix.res++
	if !t.HasRoot() || len(path) >= maxLocDepth {
		return nil, false
	}
	n := t.Root
	loc := make(locator, 0, len(path)+1)
	root := sigOf(t, n)
	root.nsame = 1
	loc = append(loc, root)
	for _, i := range path {
		kids := t.Children(n)
		if i < 0 || int(i) >= len(kids) {
			return nil, false
		}
		loc = append(loc, ix.stepAt(n, int(i)))
		n = kids[i]
	}
	return loc, true
}
