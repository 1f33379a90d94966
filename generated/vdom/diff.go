package vdom

import "bytes"

// Add appends a patch of kind k at path and returns it for its other members.
func (l *PatchList) Add(k PatchKind, path []int32) *Patch {
	off := len(l.Paths)
	l.Paths = append(l.Paths, path...)
	l.Patches = append(l.Patches, Patch{Kind: k, Path: uint32(off), NPath: uint32(len(path)), Node: -1})
	return &l.Patches[len(l.Patches)-1]
}

// Compatible reports whether old node o and new node n are the same node to
// be patched in place (rather than replaced): same kind and, for elements,
// same tag and same key.
func Compatible(ot *Tree, o int32, nt *Tree, n int32) bool {
	a, b := &ot.Nodes[o], &nt.Nodes[n]
	if a.Kind != b.Kind {
		return false
	}
	if a.Kind != KindElement {
		return true
	}
	return a.Keyed == b.Keyed &&
		bytes.Equal(ot.Bytes(a.Tag), nt.Bytes(b.Tag)) &&
		(!a.Keyed || bytes.Equal(ot.Bytes(a.Key), nt.Bytes(b.Key)))
}

// PropsEqual reports whether two sorted prop lists are equal.
func PropsEqual(ot *Tree, a []Prop, nt *Tree, b []Prop) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Raw != b[i].Raw ||
			!bytes.Equal(ot.Bytes(a[i].Name), nt.Bytes(b[i].Name)) ||
			!bytes.Equal(ot.Bytes(a[i].Val), nt.Bytes(b[i].Val)) {
			return false
		}
	}
	return true
}

// DiffNode emits the patches that turn old node o into new node n in place,
// for compatible nodes, leaving their children aside: UpdateText for a
// changed text, UpdateProps for changed props, Replace for changed raw HTML.
// It reports whether the children still need reconciling.
func DiffNode(l *PatchList, ot *Tree, o int32, nt *Tree, n int32, path []int32) (kids bool) {
	a, b := &ot.Nodes[o], &nt.Nodes[n]
	switch a.Kind {
	case KindElement:
		if !PropsEqual(ot, ot.PropList(o), nt, nt.PropList(n)) {
			p := l.Add(PatchUpdateProps, path)
			p.Props, p.NProps = b.Props, b.NProps
		}
		return true
	case KindText:
		if !bytes.Equal(ot.Bytes(a.Content), nt.Bytes(b.Content)) {
			l.Add(PatchUpdateText, path).Content = b.Content
		}
		return false
	case KindRawHtml:
		if !bytes.Equal(ot.Bytes(a.HTML), nt.Bytes(b.HTML)) {
			l.Add(PatchReplace, path).Node = n
		}
		return false
	case KindFragment:
		return true
	}
	return false
}

// Same reports whether the subtrees at o and n can be skipped as unchanged:
// their hashes match (or one is unhashed, 0) and Equal confirms it, so no
// crafted collision can hide a change. Different hashes say false at once,
// even for equal subtrees written differently.
func Same(ot *Tree, o int32, nt *Tree, n int32) bool {
	a, b := ot.Nodes[o].Hash, nt.Nodes[n].Hash
	if a != b && a != 0 && b != 0 {
		return false
	}
	return Equal(ot, o, nt, n)
}

// Equal reports whether the subtrees at o and n are equal in DOM terms. Equal
// JSON spans decide at memory speed; otherwise the trees are walked, without
// recursion.
func Equal(ot *Tree, o int32, nt *Tree, n int32) bool {
	a, b := &ot.Nodes[o], &nt.Nodes[n]
	if a.End != 0 && b.End != 0 && a.End-a.Start == b.End-b.Start &&
		bytes.Equal(ot.Src[a.Start:a.End], nt.Src[b.Start:b.End]) {
		return true
	}
	type pair struct{ o, n int32 }
	stack := []pair{{o, n}}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		a, b := &ot.Nodes[p.o], &nt.Nodes[p.n]
		if a.Kind != b.Kind || a.NKids != b.NKids || !Compatible(ot, p.o, nt, p.n) {
			return false
		}
		switch a.Kind {
		case KindElement:
			if !PropsEqual(ot, ot.PropList(p.o), nt, nt.PropList(p.n)) {
				return false
			}
		case KindText:
			if !bytes.Equal(ot.Bytes(a.Content), nt.Bytes(b.Content)) {
				return false
			}
		case KindRawHtml:
			if !bytes.Equal(ot.Bytes(a.HTML), nt.Bytes(b.HTML)) {
				return false
			}
		}
		ok, nk := ot.Children(p.o), nt.Children(p.n)
		for i := range ok {
			stack = append(stack, pair{ok[i], nk[i]})
		}
	}
	return true
}
