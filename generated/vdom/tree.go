package vdom

import (
	"bytes"
	"slices"
	"unsafe"
)

// The arena tree: strings, props and the Tree that holds them. Node, whose
// member fields come from schema.VNode, is in types_gen.go.

// Str is a string held by a Tree: a view of its Src, or, with the high bit of
// Off set, of its Buf.
type Str struct {
	Off uint32
	Len uint32
}

// bufBit marks a Str held by Buf.
const bufBit = 1 << 31

// Prop is one prop of an element. When Raw is set, Val is a JSON value other
// than a string (a number, true, false, null, an object or an array), kept as
// written.
type Prop struct {
	Name Str
	Val  Str
	Raw  bool
}

// Tree is a decoded VNode tree held in flat arenas, so that decoding and
// diffing allocate nothing once the arenas have grown. Fragments are
// flattened away except at the root, and null children are dropped. View
// says which DOM the tree stands for (view.go): in the HTML view, the one
// its decoder gives, no child list holds two adjacent texts or an empty one.
type Tree struct {
	Src   []byte // the JSON it was decoded from; borrowed, never written
	Buf   []byte // unescaped and added strings
	Nodes []Node
	Props []Prop
	Kids  []int32
	Root  int32
	View  View // the DOM view it was decoded in (the zero value: ViewHTML)
}

// Reset empties the tree, keeping its arenas and its view.
func (t *Tree) Reset() {
	t.Src, t.Buf, t.Nodes, t.Props, t.Kids, t.Root = nil, t.Buf[:0], t.Nodes[:0], t.Props[:0], t.Kids[:0], -1
}

// HasRoot reports whether t holds a tree: a zero Tree, a reset one and one
// whose decode failed do not.
func (t *Tree) HasRoot() bool {
	return t.Root >= 0 && int(t.Root) < len(t.Nodes)
}

// Bytes returns the bytes of s.
func (t *Tree) Bytes(s Str) []byte {
	if s.Off&bufBit != 0 {
		o := s.Off &^ bufBit
		return t.Buf[o : o+s.Len : o+s.Len]
	}
	return t.Src[s.Off : s.Off+s.Len : s.Off+s.Len]
}

// String returns s as a string that views the tree's memory: it is valid
// only while the tree and its Src are.
func (t *Tree) String(s Str) string {
	b := t.Bytes(s)
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// AddString copies b into the tree's Buf and returns it as a Str.
func (t *Tree) AddString(b []byte) Str {
	off := len(t.Buf)
	t.Buf = append(t.Buf, b...)
	return Str{Off: uint32(off) | bufBit, Len: uint32(len(b))}
}

// Children returns the child indices of node n.
func (t *Tree) Children(n int32) []int32 {
	nd := &t.Nodes[n]
	return t.Kids[nd.Kids : nd.Kids+nd.NKids : nd.Kids+nd.NKids]
}

// PropList returns the props of node n, sorted by name.
func (t *Tree) PropList(n int32) []Prop {
	nd := &t.Nodes[n]
	return t.Props[nd.Props : nd.Props+nd.NProps : nd.Props+nd.NProps]
}

// SortProps sorts ps, props held by t, by name.
func (t *Tree) SortProps(ps []Prop) {
	if len(ps) <= 12 {
		for i := 1; i < len(ps); i++ {
			for j := i; j > 0 && bytes.Compare(t.Bytes(ps[j-1].Name), t.Bytes(ps[j].Name)) > 0; j-- {
				ps[j-1], ps[j] = ps[j], ps[j-1]
			}
		}
		return
	}
	slices.SortFunc(ps, func(a, b Prop) int {
		return bytes.Compare(t.Bytes(a.Name), t.Bytes(b.Name))
	})
}
