package predict

import (
	"bytes"
	"sort"

	"github.com/cespare/xxhash/v2"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict/internal/memsize"
	"github.com/minimact/engine/runtime/predict/outcome"
)

// cover is where an existing structural slot stands in the new tree.
type cover struct {
	s       *slot
	path    []int32 // the slot's node (the parent for child slots)
	at      int     // child slots: the child's index
	present bool    // child slots: the child is there
}

func (c *cover) covers(x []int32, structuralAt bool) bool {
	switch c.s.kind {
	case slotRegion:
		return hasPrefix(x, c.path)
	case slotList:
		return hasPrefix(x, c.path) && (len(x) > len(c.path) || structuralAt)
	case slotChild:
		if !c.present || !hasPrefix(x, c.path) || len(x) <= len(c.path) {
			return false
		}
		return x[len(c.path)] == int32(c.at)
	}
	return false
}

type leafPatch struct {
	path []int32 // a view of the observed patch list's path
	text bool
}

// discoverScratch is discover's working space (in the learn scratch):
// every existing slot resolved once in the new tree, an index of the slots by
// what they do and where, so that "does a slot doing this exist" is a lookup,
// and the structural places and leaves of the observed patches (views of
// their paths, not copies).
type discoverScratch struct {
	at      map[*slot]slotAt // the live slots, resolved in the new tree
	paths   []int32          // the arena of their paths
	heads   map[uint64]int32 // identity hash -> first entry in ents
	ents    []identEnt
	covs    []cover
	structs [][]int32
	seen    map[uint64]int32 // structs by path hash -> first entry in sents
	sents   []identEnt       // (s unused) chains of structs indices
	leaves  []leafPatch
	tried   []uint32 // per node of the new tree: the clock of a failed tryList
	added   int      // slots made by this discover
}

// slotAt is where a slot stands in the new tree.
type slotAt struct {
	off, n int32 // its path in paths
	ok     bool
}

// identEnt is an entry of a hash chain.
type identEnt struct {
	s    *slot
	i    int32 // the structs index (seen chains)
	next int32
}

func hashPath(h uint64, path []int32) uint64 {
	for _, x := range path {
		h = vdom.Mix(h, uint64(uint32(x)))
	}
	return vdom.Mix(h, uint64(len(path)))
}

func hashStep(h uint64, st *step) uint64 {
	h = vdom.Mix(h, stepSigHash(st))
	return vdom.Mix(h, uint64(st.ord)|uint64(st.rord)<<16|uint64(st.nsame)<<32)
}

// identity hashes what a slot does and where: its kind, its prop, its path,
// and a child slot's anchors.
func identity(s *slot, path []int32) uint64 {
	h := vdom.Mix(0x165667b19e3779f9, uint64(s.kind))
	if s.kind == slotProp {
		h = vdom.Mix(h, xxhash.Sum64(s.prop))
	}
	h = hashPath(h, path)
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

func (d *discoverScratch) pathOf(a slotAt) []int32 { return d.paths[a.off : a.off+a.n : a.off+a.n] }

// track records that s, at path in the new tree, is one of the model's slots.
func (d *discoverScratch) track(s *slot, path []int32, ok bool) {
	a := slotAt{off: int32(len(d.paths)), n: int32(len(path)), ok: ok}
	d.paths = append(d.paths, path...)
	d.at[s] = a
	if !ok {
		return
	}
	h := identity(s, path)
	head, found := d.heads[h]
	if !found {
		head = -1
	}
	d.ents = append(d.ents, identEnt{s: s, next: head})
	d.heads[h] = int32(len(d.ents) - 1)
}

// untrack forgets a slot that was dropped or evicted.
func (d *discoverScratch) untrack(s *slot) { delete(d.at, s) }

// exists reports whether a live slot does what s does at path (the new
// slot's path in the new tree).
func (d *discoverScratch) exists(s *slot, path []int32) bool {
	i, found := d.heads[identity(s, path)]
	for found && i >= 0 {
		e := &d.ents[i]
		i = e.next
		o := e.s
		a, live := d.at[o]
		if !live || !a.ok || o.kind != s.kind || (s.kind == slotProp && !bytes.Equal(o.prop, s.prop)) {
			continue
		}
		op := d.pathOf(a)
		if len(op) != len(path) || !hasPrefix(op, path) {
			continue
		}
		if s.kind == slotChild && (!anchorEqual(&o.prev, &s.prev) || !anchorEqual(&o.next, &s.next)) {
			continue
		}
		return true
	}
	return false
}

// addStruct adds x to the structural places, once.
func (d *discoverScratch) addStruct(x []int32) {
	h := hashPath(0x9e3779b185ebca87, x)
	i, found := d.seen[h]
	for found && i >= 0 {
		e := &d.sents[i]
		i = e.next
		if s := d.structs[e.i]; len(s) == len(x) && hasPrefix(x, s) {
			return
		}
	}
	head, ok := d.seen[h]
	if !ok {
		head = -1
	}
	d.structs = append(d.structs, x)
	d.sents = append(d.sents, identEnt{i: int32(len(d.structs) - 1), next: head})
	d.seen[h] = int32(len(d.sents) - 1)
}

func (d *discoverScratch) reset(nodes int) {
	if d.at == nil {
		d.at, d.heads, d.seen = map[*slot]slotAt{}, map[uint64]int32{}, map[uint64]int32{}
	}
	clear(d.at)
	clear(d.heads)
	clear(d.seen)
	d.paths, d.ents, d.covs, d.structs, d.sents, d.leaves = d.paths[:0], d.ents[:0], d.covs[:0], d.structs[:0], d.sents[:0], d.leaves[:0]
	clear(d.structs[:cap(d.structs)])
	clear(d.covs[:cap(d.covs)])
	clear(d.ents[:cap(d.ents)])
	if len(d.tried) < nodes {
		d.tried = append(d.tried, make([]uint32, nodes-len(d.tried))...)
	}
	d.added = 0
}

// size is the scratch's estimated heap.
func (d *discoverScratch) size() int64 {
	n := memsize.Slice(d.paths) + memsize.Slice(d.ents) + memsize.Slice(d.covs) + memsize.Slice(d.structs) +
		memsize.Slice(d.sents) + memsize.Slice(d.leaves) + memsize.Slice(d.tried)
	return n + int64(len(d.at)+len(d.heads)+len(d.seen))*memsize.MapEntry
}

// discover turns the observed patches (ls.observed) that no slot explains into
// new slots, structural ones first. Every existing slot is resolved once, in
// the new tree; whether a slot doing the same exists is a lookup, and a
// Learn makes at most MaxPatternsPerKey slots (more would only evict one
// another), so that its work is near-linear in the tree and the change.
func (p *Predictor) discover(m *model, ls *learnScratch, old, new *vdom.Tree) {
	ch := &ls.change
	l := &ls.observed
	d := &ls.disc
	ix := &ls.ixNew
	d.reset(len(new.Nodes))
	for _, s := range m.slots {
		_, path, ok := ix.resolve(new, s.loc, ls.path[:0])
		ls.path = path[:0]
		d.track(s, path, ok)
		if ok && s.kind.structural() {
			if c, ok := coverAt(s, new, d.pathOf(d.at[s])); ok {
				d.covs = append(d.covs, c)
			}
		}
	}
	covered := func(x []int32, structuralAt bool) bool {
		for i := range d.covs {
			if d.covs[i].covers(x, structuralAt) {
				return true
			}
		}
		return false
	}
	full := func() bool { return d.added >= p.cfg.MaxPatternsPerKey }
	add := func(ns *slot, path []int32) {
		p.addSlot(m, ns, new, path, d)
		d.added++
		if ns.kind.structural() {
			if c, ok := coverAt(ns, new, path); ok {
				d.covs = append(d.covs, c)
			}
		}
	}
	rootReplaced := false
	for i := range l.Patches {
		pt := &l.Patches[i]
		path := l.PathOf(pt)
		switch pt.Kind {
		case vdom.PatchCreate, vdom.PatchRemove, vdom.PatchReplace:
			if len(path) == 0 {
				rootReplaced = true
				d.addStruct(nil)
			} else {
				d.addStruct(path[:len(path)-1])
			}
		case vdom.PatchReorderChildren:
			d.addStruct(path)
		case vdom.PatchUpdateText:
			if n := nodeAt(new, path); n >= 0 && new.Nodes[n].Kind == vdom.KindText {
				d.leaves = append(d.leaves, leafPatch{path: path, text: true})
			} else {
				d.addStruct(path)
			}
		case vdom.PatchUpdateProps:
			d.leaves = append(d.leaves, leafPatch{path: path})
		}
	}
	// outermost first; a change inside another is left to the slot made for
	// the outer one when that slot covers it (a region, a list, a child)
	sort.SliceStable(d.structs, func(i, j int) bool { return len(d.structs[i]) < len(d.structs[j]) })
	for _, x := range d.structs {
		if full() {
			return
		}
		if !new.HasRoot() {
			break // no slot could be used
		}
		if covered(x, true) {
			continue
		}
		ns := p.classify(ls, old, new, x, rootReplaced && len(x) == 0)
		if ns == nil {
			continue
		}
		if len(ns.loc) == 0 {
			x = nil // the root, whatever it is
		}
		if d.exists(ns, x) {
			continue
		}
		add(ns, x)
	}
	isArray := ch.Values.Kind(ch.Old) == outcome.KindArray || ch.Values.Kind(ch.New) == outcome.KindArray
	for _, lf := range d.leaves {
		if full() {
			return
		}
		if covered(lf.path, false) {
			continue
		}
		if isArray {
			found := false
			for k := len(lf.path) - 1; k >= 0 && !found; k-- {
				c := lf.path[:k]
				if covered(c, true) {
					break
				}
				cn := nodeAt(new, c)
				if cn >= 0 && d.tried[cn] == uint32(p.clock) {
					continue // tried for an earlier leaf: no list there
				}
				lm := tryList(ch, old, new, c, &ls.list)
				if lm == nil {
					if cn >= 0 {
						d.tried[cn] = uint32(p.clock)
					}
					continue
				}
				loc, ok := ix.locate(new, c)
				if !ok {
					break
				}
				ns := &slot{kind: slotList, loc: loc, list: lm}
				if !d.exists(ns, c) {
					add(ns, c)
				}
				found = true
			}
			if found {
				continue
			}
		}
		if lf.text {
			ns := &slot{kind: slotText}
			if d.exists(ns, lf.path) {
				continue
			}
			loc, ok := ix.locate(new, lf.path)
			if !ok {
				continue
			}
			ns.loc = loc
			add(ns, lf.path)
			continue
		}
		on, nn := nodeAt(old, lf.path), nodeAt(new, lf.path)
		if nn < 0 || new.Nodes[nn].Kind != vdom.KindElement {
			continue
		}
		var loc locator
		for _, name := range changedProps(old, on, new, nn) {
			if full() {
				return
			}
			ns := &slot{kind: slotProp, prop: name}
			if d.exists(ns, lf.path) {
				continue
			}
			if loc == nil {
				var ok bool
				if loc, ok = ix.locate(new, lf.path); !ok {
					break
				}
			}
			ns.loc = loc
			add(ns, lf.path)
		}
	}
}

// coverAt is where a structural slot at path (its node's path in t) stands.
func coverAt(s *slot, t *vdom.Tree, path []int32) (cover, bool) {
	if !s.kind.structural() {
		return cover{}, false
	}
	node := nodeAt(t, path)
	if node < 0 {
		return cover{}, false
	}
	c := cover{s: s, path: path}
	if s.kind == slotChild {
		at, present, ok := gap(t, node, &s.prev, &s.next)
		if !ok {
			return cover{}, false
		}
		c.at, c.present = at, present
	}
	return c, true
}

// changedProps returns the names of the props that differ between two
// elements.
func changedProps(ot *vdom.Tree, o int32, nt *vdom.Tree, n int32) [][]byte {
	var a, b []vdom.Prop
	if o >= 0 && ot.Nodes[o].Kind == vdom.KindElement {
		a = ot.PropList(o)
	}
	b = nt.PropList(n)
	var out [][]byte
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		var c int
		switch {
		case i == len(a):
			c = 1
		case j == len(b):
			c = -1
		default:
			c = bytes.Compare(ot.Bytes(a[i].Name), nt.Bytes(b[j].Name))
		}
		switch {
		case c < 0:
			out = append(out, clone(ot.Bytes(a[i].Name)))
			i++
		case c > 0:
			out = append(out, clone(nt.Bytes(b[j].Name)))
			j++
		default:
			if a[i].Raw != b[j].Raw || !bytes.Equal(ot.Bytes(a[i].Val), nt.Bytes(b[j].Val)) {
				out = append(out, clone(nt.Bytes(b[j].Name)))
			}
			i++
			j++
		}
	}
	for k := range out {
		if out[k] == nil {
			out[k] = []byte{}
		}
	}
	return out
}

// classify makes the slot for a structural change at path x (the node whose
// children changed): a list, an order, a conditional child, or a region.
func (p *Predictor) classify(ls *learnScratch, old, new *vdom.Tree, x []int32, rootReplaced bool) *slot {
	if rootReplaced {
		return &slot{kind: slotRegion} // the whole tree, whatever its root
	}
	on, nn := nodeAt(old, x), nodeAt(new, x)
	if on < 0 || nn < 0 {
		return nil
	}
	loc, ok := ls.ixNew.locate(new, x)
	if !ok {
		return nil
	}
	ch := &ls.change
	if ch.Values.Kind(ch.Old) == outcome.KindArray || ch.Values.Kind(ch.New) == outcome.KindArray {
		if lm := tryList(ch, old, new, x, &ls.list); lm != nil {
			return &slot{kind: slotList, loc: loc, list: lm}
		}
	}
	if !vdom.Compatible(old, on, new, nn) {
		return &slot{kind: slotRegion, loc: loc}
	}
	if isReorder(old, on, new, nn) {
		return &slot{kind: slotOrder, loc: loc}
	}
	ok2, nk := old.Children(on), new.Children(nn)
	switch {
	case len(nk) == len(ok2)+1:
		if i, good := inserted(old, ok2, new, nk); good {
			return &slot{kind: slotChild, loc: loc, prev: anchorBefore(old, on, i), next: anchorAt(old, on, i)}
		}
	case len(ok2) == len(nk)+1:
		if i, good := inserted(new, nk, old, ok2); good {
			return &slot{kind: slotChild, loc: loc, prev: anchorBefore(new, nn, i), next: anchorAt(new, nn, i)}
		}
	case len(ok2) == len(nk) && len(nk) > 0:
		diff := -1
		for i := range nk {
			if !vdom.Compatible(old, ok2[i], new, nk[i]) {
				if diff >= 0 {
					diff = -2
					break
				}
				diff = i
			}
		}
		if diff >= 0 {
			return &slot{kind: slotChild, loc: loc, prev: anchorBefore(old, on, diff), next: anchorAt(old, on, diff+1)}
		}
	}
	return &slot{kind: slotRegion, loc: loc}
}

// anchorBefore is the anchor for a child at index i: the sibling before it.
func anchorBefore(t *vdom.Tree, parent int32, i int) anchor {
	if i <= 0 {
		return anchor{none: true}
	}
	return anchor{st: stepAt(t, parent, i-1)}
}

// anchorAt is the anchor after a child: the sibling now at index i.
func anchorAt(t *vdom.Tree, parent int32, i int) anchor {
	if i >= int(t.Nodes[parent].NKids) {
		return anchor{none: true}
	}
	return anchor{st: stepAt(t, parent, i)}
}

// inserted finds the one child of long (one longer than short) whose
// removal leaves short's children in order, pairwise of the same signature
// (kind, tag, key); among such places it takes the one where most pairs are
// equal subtrees. Changes inside the other pairs are slots of their own.
func inserted(st *vdom.Tree, short []int32, lt *vdom.Tree, long []int32) (int, bool) {
	if len(short) > 64 {
		return 0, false
	}
	best, bestEq := -1, -1
	for i := 0; i <= len(short); i++ {
		eq := 0
		good := true
		for k := 0; k < len(short) && good; k++ {
			j := k
			if k >= i {
				j = k + 1
			}
			if !vdom.Compatible(st, short[k], lt, long[j]) {
				good = false
			} else if vdom.Equal(st, short[k], lt, long[j]) {
				eq++
			}
		}
		if good && eq > bestEq {
			best, bestEq = i, eq
		}
	}
	return best, best >= 0
}

// isReorder reports whether the children of on and nn are the same keyed
// elements, each unchanged, in another order.
func isReorder(old *vdom.Tree, on int32, new *vdom.Tree, nn int32) bool {
	ok, nk := old.Children(on), new.Children(nn)
	if len(ok) != len(nk) || len(ok) < 2 {
		return false
	}
	type kp struct {
		h uint64
		i int
	}
	idx := make([]kp, 0, len(ok))
	for i, c := range ok {
		nd := &old.Nodes[c]
		if nd.Kind != vdom.KindElement || !nd.Keyed {
			return false
		}
		idx = append(idx, kp{xxhash.Sum64(old.Bytes(nd.Key)), i})
	}
	sort.Slice(idx, func(a, b int) bool { return idx[a].h < idx[b].h })
	moved := false
	used := make([]bool, len(ok))
	for j, c := range nk {
		nd := &new.Nodes[c]
		if nd.Kind != vdom.KindElement || !nd.Keyed {
			return false
		}
		key := new.Bytes(nd.Key)
		h := xxhash.Sum64(key)
		x := sort.Search(len(idx), func(a int) bool { return idx[a].h >= h })
		found := -1
		for ; x < len(idx) && idx[x].h == h; x++ {
			i := idx[x].i
			if bytes.Equal(old.Bytes(old.Nodes[ok[i]].Key), key) {
				if found >= 0 {
					return false // duplicate key
				}
				found = i
			}
		}
		if found < 0 || used[found] || !vdom.Equal(old, ok[found], new, c) {
			return false
		}
		used[found] = true
		if found != j {
			moved = true
		}
	}
	return moved
}

// addSlot adds s (at path in new) to m, removing the slots it makes
// redundant, and evicting one when the model is full.
func (p *Predictor) addSlot(m *model, s *slot, new *vdom.Tree, path []int32, d *discoverScratch) {
	if s.kind.structural() {
		if c, ok := coverAt(s, new, path); ok {
			k := 0
			for _, o := range m.slots {
				drop := false
				if a, live := d.at[o]; live && a.ok {
					opath := d.pathOf(a)
					switch {
					case s.kind == slotRegion:
						drop = hasPrefix(opath, c.path)
					case s.kind == slotList:
						drop = hasPrefix(opath, c.path) && (len(opath) > len(c.path) || o.kind.structural())
					case s.kind == slotChild && c.present:
						drop = !o.kind.structural() && c.covers(opath, false)
					}
					if o.kind == slotChild && s.kind == slotChild {
						drop = false
					}
				}
				if drop {
					p.slots--
					d.untrack(o)
					continue
				}
				m.slots[k] = o
				k++
			}
			clear(m.slots[k:])
			m.slots = m.slots[:k]
		}
	}
	for len(m.slots) >= p.cfg.MaxPatternsPerKey && len(m.slots) > 0 {
		d.untrack(p.evictSlot(m))
	}
	if s.kind != slotList {
		s.lr = outcome.NewLearner(s.kind == slotText || s.kind == slotProp)
	}
	s.born = m.obs
	s.lastChange = p.clock
	m.dirty = true
	m.slots = append(m.slots, s)
	d.track(s, path, true)
	p.slots++
	p.st.learned.Add(1)
}
