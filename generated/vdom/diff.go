package vdom

import "bytes"

// Comparing trees. The per-kind parts (Compatible, DiffNode, the members
// Equal compares) are in diff_gen.go.

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
	type pair struct {
		o, n int32
	}
	var fixed [32]pair // on the stack while the walk stays within it
	stack := append(fixed[:0], pair{o, n})
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		a, b := &ot.Nodes[p.o], &nt.Nodes[p.n]
		if a.Kind != b.Kind || a.NKids != b.NKids || !Compatible(ot, p.o, nt, p.n) || !membersEqual(ot, p.o, nt, p.n) {
			return false
		}
		ok, nk := ot.Children(p.o), nt.Children(p.n)
		for i := range ok {
			stack = append(stack, pair{ok[i], nk[i]})
		}
	}
	return true
}
