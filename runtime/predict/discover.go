package predict

import (
	"bytes"
	"sort"

	"github.com/cespare/xxhash/v2"
	"github.com/minimact/engine/generated/vdom"
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
	path []int32
	text bool
}

// discover turns the observed patches (ls.observed) that no slot explains into
// new slots, structural ones first.
func (p *Predictor) discover(m *model, ls *learnScratch, old, new *vdom.Tree) {
	ch := &ls.change
	l := &ls.observed
	var covs []cover
	for _, s := range m.slots {
		if c, ok := coverOf(s, new); ok {
			covs = append(covs, c)
		}
	}
	covered := func(x []int32, structuralAt bool) bool {
		for i := range covs {
			if covs[i].covers(x, structuralAt) {
				return true
			}
		}
		return false
	}
	var structs [][]int32
	rootReplaced := false
	var leaves []leafPatch
	addStruct := func(x []int32) {
		for _, s := range structs {
			if len(s) == len(x) && hasPrefix(x, s) {
				return
			}
		}
		structs = append(structs, append([]int32{}, x...))
	}
	for i := range l.Patches {
		pt := &l.Patches[i]
		path := l.PathOf(pt)
		switch pt.Kind {
		case vdom.PatchCreate, vdom.PatchRemove, vdom.PatchReplace:
			if len(path) == 0 {
				rootReplaced = true
				addStruct(nil)
			} else {
				addStruct(path[:len(path)-1])
			}
		case vdom.PatchReorderChildren:
			addStruct(path)
		case vdom.PatchUpdateText:
			if n := nodeAt(new, path); n >= 0 && new.Nodes[n].Kind == vdom.KindText {
				leaves = append(leaves, leafPatch{path: append([]int32{}, path...), text: true})
			} else {
				addStruct(path)
			}
		case vdom.PatchUpdateProps:
			leaves = append(leaves, leafPatch{path: append([]int32{}, path...)})
		}
	}
	// outermost first; a change inside another is left to the slot made for
	// the outer one when that slot covers it (a region, a list, a child)
	sort.SliceStable(structs, func(i, j int) bool { return len(structs[i]) < len(structs[j]) })
	for _, x := range structs {
		if covered(x, true) {
			continue
		}
		ns := p.classify(ls, old, new, x, rootReplaced && len(x) == 0)
		if ns == nil || p.exists(m, ns, new) {
			continue
		}
		p.addSlot(m, ns, new)
		if c, ok := coverOf(ns, new); ok {
			covs = append(covs, c)
		}
	}
	isArray := ch.Values.Kind(ch.Old) == outcome.KindArray || ch.Values.Kind(ch.New) == outcome.KindArray
	for _, lf := range leaves {
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
				if lm := tryList(ch, old, new, c, &ls.list); lm != nil {
					loc, ok := locate(new, c)
					if !ok {
						break
					}
					ns := &slot{kind: slotList, loc: loc, list: lm}
					if !p.exists(m, ns, new) {
						p.addSlot(m, ns, new)
						if cv, ok := coverOf(ns, new); ok {
							covs = append(covs, cv)
						}
					}
					found = true
				}
			}
			if found {
				continue
			}
		}
		loc, ok := locate(new, lf.path)
		if !ok {
			continue
		}
		if lf.text {
			ns := &slot{kind: slotText, loc: loc}
			if !p.exists(m, ns, new) {
				p.addSlot(m, ns, new)
			}
			continue
		}
		on, nn := nodeAt(old, lf.path), nodeAt(new, lf.path)
		if nn < 0 || new.Nodes[nn].Kind != vdom.KindElement {
			continue
		}
		for _, name := range changedProps(old, on, new, nn) {
			ns := &slot{kind: slotProp, loc: loc, prop: name}
			if !p.exists(m, ns, new) {
				p.addSlot(m, ns, new)
			}
		}
	}
}

// coverOf resolves a structural slot in t.
func coverOf(s *slot, t *vdom.Tree) (cover, bool) {
	if !s.kind.structural() {
		return cover{}, false
	}
	node, path, ok := resolve(t, s.loc, nil)
	if !ok {
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
	loc, ok := locate(new, x)
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

// exists reports whether m already has a slot doing what s does.
func (p *Predictor) exists(m *model, s *slot, new *vdom.Tree) bool {
	node, path, ok := resolve(new, s.loc, nil)
	if !ok {
		return true // it could not be used anyway
	}
	_ = node
	for _, o := range m.slots {
		if o.kind != s.kind || (s.kind == slotProp && !bytes.Equal(o.prop, s.prop)) {
			continue
		}
		_, opath, ok := resolve(new, o.loc, nil)
		if !ok || len(opath) != len(path) || !hasPrefix(opath, path) {
			continue
		}
		if s.kind == slotChild && (!anchorEqual(&o.prev, &s.prev) || !anchorEqual(&o.next, &s.next)) {
			continue
		}
		return true
	}
	return false
}

// addSlot adds s to m, removing the slots it makes redundant, and evicting
// one when the model is full.
func (p *Predictor) addSlot(m *model, s *slot, new *vdom.Tree) {
	if s.kind.structural() {
		if c, ok := coverOf(s, new); ok {
			k := 0
			for _, o := range m.slots {
				drop := false
				if _, opath, ok := resolve(new, o.loc, nil); ok {
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
		p.evictSlot(m)
	}
	if s.kind != slotList {
		s.lr = outcome.NewLearner(s.kind == slotText || s.kind == slotProp)
	}
	s.born = m.obs
	s.lastChange = p.clock
	m.dirty = true
	m.slots = append(m.slots, s)
	p.slots++
	p.st.learned.Add(1)
}
