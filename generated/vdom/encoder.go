package vdom

import "github.com/minimact/engine/runtime/jsonscan"

// The encoder's machinery. What each node kind and patch kind writes is in
// encode_gen.go.

// Encoder writes trees and patch lists as JSON into a reused buffer. It is
// not safe for concurrent use.
type Encoder struct {
	stack []encItem
	// the overlay of AppendTreeOverlay, for the call
	ovl *PatchList
	of  []int32
}

// overlaid returns the patch of kind k the overlay holds for node n, or nil.
func (e *Encoder) overlaid(n int32, k PatchKind) *Patch {
	if e.of == nil {
		return nil
	}
	if i := e.of[n]; i >= 0 && e.ovl.Patches[i].Kind == k {
		return &e.ovl.Patches[i]
	}
	return nil
}

// encItem is a node being written and its next child.
type encItem struct {
	n, next int32
}

// appendStr appends s as a JSON string. A view of Src held no escape in the
// input, so it needs none now; Buf strings are escaped.
func appendStr(dst []byte, t *Tree, s Str) []byte {
	dst = append(dst, '"')
	if s.Off&bufBit == 0 {
		dst = append(dst, t.Src[s.Off:s.Off+s.Len]...)
	} else {
		dst = jsonscan.AppendEscaped(dst, t.Bytes(s))
	}
	return append(dst, '"')
}

// AppendProps appends props as a JSON object.
func AppendProps(dst []byte, t *Tree, props []Prop) []byte {
	dst = append(dst, '{')
	for i, p := range props {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendStr(dst, t, p.Name)
		dst = append(dst, ':')
		if p.Raw {
			dst = append(dst, t.Bytes(p.Val)...)
		} else {
			dst = appendStr(dst, t, p.Val)
		}
	}
	return append(dst, '}')
}

// AppendTree appends the subtree at node n as canonical JSON: Fragments other
// than the root flattened, nulls dropped, props sorted by name, "key" only
// when keyed. Elements always carry "props" and "children". A node that is not
// in the tree (an empty tree's root) is written as null.
func (e *Encoder) AppendTree(dst []byte, t *Tree, n int32) []byte {
	return e.AppendTreeOverlay(dst, t, n, nil, nil)
}

// AppendTreeOverlay is AppendTree for the tree t would be with leaf patches of
// l (UpdateProps, UpdateText) applied, without applying them: of[i] is the
// index in l.Patches of the patch for node i, or -1; with of nil there is
// none. The patches' strings and props are those of l.Tree.
func (e *Encoder) AppendTreeOverlay(dst []byte, t *Tree, n int32, l *PatchList, of []int32) []byte {
	e.ovl, e.of = l, of
	if n < 0 || int(n) >= len(t.Nodes) {
		return append(dst, "null"...)
	}
	stack := append(e.stack[:0], encItem{n, 0})
	dst = e.open(dst, t, n)
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		nd := &t.Nodes[top.n]
		if top.next < int32(nd.NKids) {
			if top.next > 0 {
				dst = append(dst, ',')
			}
			k := t.Kids[nd.Kids+uint32(top.next)]
			top.next++
			dst = e.open(dst, t, k)
			stack = append(stack, encItem{k, 0})
			continue
		}
		if nd.Kind.hasChildren() {
			dst = append(dst, ']', '}')
		} else {
			dst = append(dst, '}')
		}
		stack = stack[:len(stack)-1]
	}
	e.stack, e.ovl, e.of = stack, nil, nil
	return dst
}

// AppendPatches appends the patch list l as a JSON array.
func (e *Encoder) AppendPatches(dst []byte, l *PatchList) []byte {
	dst = append(dst, '[')
	for i := range l.Patches {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = e.AppendPatch(dst, l, &l.Patches[i])
	}
	return append(dst, ']')
}
