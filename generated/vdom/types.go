package vdom

import (
	"strconv"
	"unsafe"
)

// Kind is a VNode kind; 0 means none.
type Kind uint8

// The node kinds, in schema order.
const (
	KindNone Kind = iota
	KindElement
	KindText
	KindFragment
	KindRawHtml
)

var kindNames = [...]string{"", "Element", "Text", "Fragment", "RawHtml"}

// String returns the kind's name as it appears in JSON.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// PatchKind is a patch kind; 0 means none.
type PatchKind uint8

// The patch kinds, in schema order.
const (
	PatchNone PatchKind = iota
	PatchCreate
	PatchRemove
	PatchReplace
	PatchUpdateText
	PatchUpdateProps
	PatchReorderChildren
)

var patchKindNames = [...]string{"", "Create", "Remove", "Replace", "UpdateText", "UpdateProps", "ReorderChildren"}

// String returns the patch kind's name as it appears in JSON.
func (k PatchKind) String() string {
	if int(k) < len(patchKindNames) {
		return patchKindNames[k]
	}
	return "PatchKind(" + strconv.Itoa(int(k)) + ")"
}

// Str is a string held by a Tree: a view of its Src, or, with the high bit of
// Off set, of its Buf.
type Str struct {
	Off uint32
	Len uint32
}

const bufBit = 1 << 31

// Prop is one prop of an element. When Raw is set, Val is a JSON value other
// than a string (a number, true, false, null, an object or an array), kept as
// written.
type Prop struct {
	Name Str
	Val  Str
	Raw  bool
}

// Node is one VNode in a Tree's arena. Children and props are ranges of the
// Tree's Kids and Props.
type Node struct {
	// Hash is a 64-bit xxhash-based digest of the subtree in DOM terms.
	Hash uint64
	// Start and End are the node's JSON span in Src; End is 0 when the node
	// was built or changed after decoding.
	Start, End uint32
	Kind       Kind
	// Keyed says Key holds a key (absent and null keys are the same: unkeyed).
	Keyed   bool
	Key     Str
	Tag     Str
	Content Str
	HTML    Str
	Props   uint32
	NProps  uint32
	Kids    uint32
	NKids   uint32
}

// Tree is a decoded VNode tree held in flat arenas, so that decoding and
// diffing allocate nothing once the arenas have grown. Fragments are
// flattened away except at the root, and null children are dropped.
type Tree struct {
	Src   []byte // the JSON it was decoded from; borrowed, never written
	Buf   []byte // unescaped and added strings
	Nodes []Node
	Props []Prop
	Kids  []int32
	Root  int32
}

// Reset empties the tree, keeping its arenas.
func (t *Tree) Reset() {
	t.Src, t.Buf, t.Nodes, t.Props, t.Kids, t.Root = nil, t.Buf[:0], t.Nodes[:0], t.Props[:0], t.Kids[:0], -1
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

// Patch is one patch of a PatchList. Its members are ranges of, or indices
// into, the list's arenas and its Tree.
type Patch struct {
	Kind    PatchKind
	Path    uint32 // range of PatchList.Paths
	NPath   uint32
	Node    int32 // Create, Replace: a node of PatchList.Tree
	Content Str   // UpdateText, in PatchList.Tree
	Props   uint32
	NProps  uint32 // UpdateProps: a range of PatchList.Tree.Props
	Order   uint32
	NOrder  uint32 // ReorderChildren: a range of PatchList.Keys
}

// PatchList is a list of patches; nodes, props and strings live in Tree.
type PatchList struct {
	Tree    *Tree
	Patches []Patch
	Paths   []int32
	Keys    []Str
}

// Reset empties the list and points it at tree.
func (l *PatchList) Reset(tree *Tree) {
	l.Tree, l.Patches, l.Paths, l.Keys = tree, l.Patches[:0], l.Paths[:0], l.Keys[:0]
}

// PathOf returns the path of p.
func (l *PatchList) PathOf(p *Patch) []int32 {
	return l.Paths[p.Path : p.Path+p.NPath : p.Path+p.NPath]
}

// OrderOf returns the keys of a ReorderChildren patch.
func (l *PatchList) OrderOf(p *Patch) []Str {
	return l.Keys[p.Order : p.Order+p.NOrder : p.Order+p.NOrder]
}

// PropsOf returns the props of an UpdateProps patch.
func (l *PatchList) PropsOf(p *Patch) []Prop {
	return l.Tree.Props[p.Props : p.Props+p.NProps : p.Props+p.NProps]
}
