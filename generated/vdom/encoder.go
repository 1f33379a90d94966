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

// A NodeSpan is where a node's canonical JSON lies in an encoding
// AppendTreeSpans wrote: [Start, End), and Open where its children array
// starts (just after `"children":[`; End for leaves).
type NodeSpan struct {
	Start, Open, End uint32
}

// AppendTreeSpans is AppendTree for the whole tree, recording in spans
// (indexed by node; returned grown to len(t.Nodes), nodes not written left
// zero) where each node's JSON lies, for AppendSplicedOverlay. It walks the
// tree as AppendTreeOverlay does, in a loop of its own: one walk for both,
// checking whether to record at each node, made AppendTree 10–20% slower on
// the bench table (BenchmarkEncodeTree, interleaved runs).
func (e *Encoder) AppendTreeSpans(dst []byte, t *Tree, spans []NodeSpan) ([]byte, []NodeSpan) {
	spans = append(spans[:0], make([]NodeSpan, len(t.Nodes))...)
	if t.Root < 0 || int(t.Root) >= len(t.Nodes) {
		return append(dst, "null"...), spans
	}
	e.ovl, e.of = nil, nil
	base := len(dst)
	stack := append(e.stack[:0], encItem{t.Root, 0})
	dst = e.open(dst, t, t.Root) // the root starts at 0
	spans[t.Root].Open = uint32(len(dst) - base)
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		nd := &t.Nodes[top.n]
		if top.next < int32(nd.NKids) {
			if top.next > 0 {
				dst = append(dst, ',')
			}
			k := t.Kids[nd.Kids+uint32(top.next)]
			top.next++
			spans[k].Start = uint32(len(dst) - base)
			dst = e.open(dst, t, k)
			spans[k].Open = uint32(len(dst) - base)
			stack = append(stack, encItem{k, 0})
			continue
		}
		if nd.Kind.hasChildren() {
			dst = append(dst, ']', '}')
		} else {
			dst = append(dst, '}')
		}
		spans[top.n].End = uint32(len(dst) - base)
		stack = stack[:len(stack)-1]
	}
	e.stack = stack
	return dst, spans
}

// AppendSplicedOverlay appends what AppendTreeOverlay(dst, t, t.Root, l,
// of) appends, from canon and spans, the tree's canonical JSON and its
// spans (AppendTreeSpans): canon with each patched node's opening written
// again (a Text whole, an element up to its children). It reports false,
// having appended nothing, when canon and spans do not describe t (their
// lengths, a patched node not written or out of document order).
func (e *Encoder) AppendSplicedOverlay(dst []byte, t *Tree, canon []byte, spans []NodeSpan, l *PatchList, of []int32) ([]byte, bool) {
	if len(spans) != len(t.Nodes) || len(of) != len(t.Nodes) {
		return dst, false
	}
	start, at := len(dst), uint32(0)
	e.ovl, e.of = l, of
	for n, pi := range of {
		if pi < 0 {
			continue
		}
		sp := spans[n]
		if sp.Start < at || sp.Open < sp.Start || sp.End < sp.Open || int(sp.End) > len(canon) || sp.End == 0 {
			e.ovl, e.of = nil, nil
			return dst[:start], false
		}
		dst = append(dst, canon[at:sp.Start]...)
		dst = e.open(dst, t, int32(n))
		at = sp.Open
		if !t.Nodes[n].Kind.hasChildren() {
			dst = append(dst, '}')
			at = sp.End
		}
	}
	e.ovl, e.of = nil, nil
	return append(dst, canon[at:]...), true
}
