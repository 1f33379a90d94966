package vdom

// The DOM views (docs/dom-view.md). A tree stands for a DOM, and patch paths
// count that DOM's child nodes. In the node view (ViewNodes) every VNode is
// one DOM node. In the HTML view (ViewHTML, the default) the tree is the DOM
// an HTML parser builds from the tree's HTML: the HTML of adjacent texts
// simply runs together, so they are one text node, and an empty text writes
// nothing, so it is no node. A tree whose root is an empty Text is, in the
// HTML view, the empty DOM (DOMEmpty).
//
// The view is applied in one place, ViewKids, to a node's child list once
// Fragments are flattened and nulls dropped: the decoder's commit step calls
// it for every node it closes (so patches, whose nodes are decoded too, are in
// the view), and Normalize for trees built or changed in memory. What a text
// is comes from the schema (textOf, generated: the kind whose member has
// html:"text").

// ViewKids puts kids, the child list of one node of t, in view v, in place,
// and returns it, possibly shorter. In the node view it is unchanged. In the
// HTML view each run of adjacent texts becomes one: its first non-empty text,
// holding the run's texts joined (in Buf, without a JSON span, hashed from
// its members) when there are several; empty texts are dropped. Nodes taken
// out of the list are left in the arena with KindNone, so that nothing reads
// them as part of the tree. A joined text longer than maxText bytes is
// refused (TextTooLong; the error has no offset).
func (t *Tree) ViewKids(v View, kids []int32, maxText int) ([]int32, *Error) {
	if v != ViewHTML {
		return kids, nil
	}
	out := kids[:0]
	for i := 0; i < len(kids); {
		k := kids[i]
		s := textOf(&t.Nodes[k])
		if s == nil {
			out = append(out, k)
			i++
			continue
		}
		// the run of texts kids[i:j], its first non-empty one, how many are
		// non-empty and their length
		j, first, full, total := i, int32(-1), 0, 0
		for ; j < len(kids); j++ {
			r := textOf(&t.Nodes[kids[j]])
			if r == nil {
				break
			}
			if r.Len > 0 {
				if first < 0 {
					first = kids[j]
				}
				full++
				total += int(r.Len)
			}
		}
		if total > maxText {
			return nil, &Error{Code: TextTooLong, Message: "adjacent texts joined exceed the limit of " + itoa(maxText) + " bytes", Offset: -1, Patch: -1}
		}
		if full > 1 {
			off := len(t.Buf)
			for _, x := range kids[i:j] {
				if r := textOf(&t.Nodes[x]); r.Len > 0 {
					t.Buf = append(t.Buf, t.Bytes(*r)...)
				}
			}
			nd := &t.Nodes[first]
			*textOf(nd) = Str{Off: uint32(off) | bufBit, Len: uint32(len(t.Buf) - off)}
			nd.Start, nd.End = 0, 0
			nd.Hash = t.hashNode(first)
		}
		for _, x := range kids[i:j] {
			if x != first {
				t.Nodes[x].Kind = KindNone
			}
		}
		if first >= 0 {
			out = append(out, first)
		}
		i = j
	}
	return out, nil
}

// DOMEmpty reports whether t's DOM is no node at all: t holds no tree, or,
// in the HTML view, its root is an empty text (whose HTML is nothing, so a
// parser builds nothing; the browser client's root is null). Patches can only
// Create the root of such a tree.
func (t *Tree) DOMEmpty() bool {
	if !t.HasRoot() {
		return true
	}
	if t.View != ViewHTML {
		return false
	}
	s := textOf(&t.Nodes[t.Root])
	return s != nil && s.Len == 0
}

// Normalize puts every child list reachable from the root in t's view, as
// its decoder would have, and rehashes the tree (Rehash). It is for trees
// built or changed in memory: applying patches to a tree in the HTML view
// gives the DOM the patches leave, where texts may stand side by side until
// the page is parsed again from its HTML.
func (t *Tree) Normalize() {
	if !t.HasRoot() {
		return
	}
	if t.View == ViewHTML {
		stack := []int32{t.Root}
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			nd := &t.Nodes[n]
			if nd.NKids == 0 {
				continue
			}
			kids, _ := t.ViewKids(ViewHTML, t.Kids[nd.Kids:nd.Kids+nd.NKids], maxJSONCeiling)
			nd = &t.Nodes[n]
			nd.NKids = uint32(len(kids))
			stack = append(stack, kids...)
		}
	}
	t.Rehash()
}
