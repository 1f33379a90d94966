package predict

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict/internal/memsize"
	"github.com/minimact/engine/runtime/predict/snapshot"
)

// A locator finds a node again in another tree of the same component: one
// step per level from the root, each naming the child by its signature (kind,
// tag, key) and its ordinal among the siblings with that signature, counted
// from the start and from the end. When the number of such siblings is what
// it was, the ordinal from the start decides; otherwise both ordinals must
// name the same child, or the node is not found (a conditional sibling of the
// same kind appeared before it, and which one is meant cannot be told).

type step struct {
	kind  vdom.Kind
	keyed bool
	tag   []byte
	key   []byte
	ord   uint16 // same-signature siblings before it
	rord  uint16 // same-signature siblings after it
	nsame uint16 // same-signature siblings, itself included
}

type locator []step

const maxLocDepth = 128

func sigMatch(t *vdom.Tree, n int32, st *step) bool {
	nd := &t.Nodes[n]
	if nd.Kind != st.kind {
		return false
	}
	if nd.Kind != vdom.KindElement {
		return true
	}
	if nd.Keyed != st.keyed || !bytes.Equal(t.Bytes(nd.Tag), st.tag) {
		return false
	}
	return !nd.Keyed || bytes.Equal(t.Bytes(nd.Key), st.key)
}

func sigOf(t *vdom.Tree, n int32) step {
	nd := &t.Nodes[n]
	st := step{kind: nd.Kind, keyed: nd.Keyed && nd.Kind == vdom.KindElement}
	if nd.Kind == vdom.KindElement {
		st.tag = clone(t.Bytes(nd.Tag))
		if st.tag == nil {
			st.tag = []byte{}
		}
		if nd.Keyed {
			st.key = clone(t.Bytes(nd.Key))
			if st.key == nil {
				st.key = []byte{}
			}
		}
	}
	return st
}

// stepAt is the step naming child i of parent.
func stepAt(t *vdom.Tree, parent int32, i int) step {
	kids := t.Children(parent)
	st := sigOf(t, kids[i])
	for j, k := range kids {
		if j == i || !sigMatch(t, k, &st) {
			continue
		}
		if j < i {
			st.ord++
		} else {
			st.rord++
		}
	}
	st.nsame = st.ord + st.rord + 1
	return st
}

// locate returns the locator of the node at path.
func locate(t *vdom.Tree, path []int32) (locator, bool) {
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
		loc = append(loc, stepAt(t, n, int(i)))
		n = kids[i]
	}
	return loc, true
}

// pick returns the index among kids of the child st names, or -1.
func pick(t *vdom.Tree, kids []int32, st *step) int {
	total := 0
	first, last := -1, -1
	for j, k := range kids {
		if !sigMatch(t, k, st) {
			continue
		}
		if total == int(st.ord) {
			first = j
		}
		total++
	}
	if total == int(st.nsame) {
		return first
	}
	if int(st.rord) >= total || first < 0 {
		return -1
	}
	seen := 0
	for j := len(kids) - 1; j >= 0; j-- {
		if sigMatch(t, kids[j], st) {
			if seen == int(st.rord) {
				last = j
				break
			}
			seen++
		}
	}
	if first != last {
		return -1
	}
	return first
}

// resolve finds the node loc names in t, appending its path to path.
// An empty locator names the root, whatever it is.
func resolve(t *vdom.Tree, loc locator, path []int32) (int32, []int32, bool) {
	if t.HasRoot() && len(loc) == 0 {
		return t.Root, path, true
	}
	if !t.HasRoot() || len(loc) == 0 || !sigMatch(t, t.Root, &loc[0]) {
		return -1, path, false
	}
	return resolveBelow(t, t.Root, loc[1:], path)
}

// resolveBelow finds, from node n, the node the steps name, appending the
// path to path.
func resolveBelow(t *vdom.Tree, n int32, loc locator, path []int32) (int32, []int32, bool) {
	for i := range loc {
		kids := t.Children(n)
		j := pick(t, kids, &loc[i])
		if j < 0 {
			return -1, path, false
		}
		path = append(path, int32(j))
		n = kids[j]
	}
	return n, path, true
}

// absent reports whether the node loc names is not in t because a level of
// its path has no child of the step's signature at all (a conditional
// element that is not rendered, a removed keyed item), as opposed to a
// level where which child is meant cannot be told (resolve fails on both).
func absent(t *vdom.Tree, loc locator) bool {
	if !t.HasRoot() || len(loc) == 0 {
		return false
	}
	if !sigMatch(t, t.Root, &loc[0]) {
		return true // another page altogether (a form's "Thank you" page)
	}
	n := t.Root
	for i := 1; i < len(loc); i++ {
		kids := t.Children(n)
		j := pick(t, kids, &loc[i])
		if j >= 0 {
			n = kids[j]
			continue
		}
		for _, k := range kids {
			if sigMatch(t, k, &loc[i]) {
				return false // there, but which one cannot be told
			}
		}
		return true
	}
	return false
}

// An anchor is a sibling a conditional child sits after (prev, found by its
// ordinal from the start) or before (next, from the end); none means the
// start or the end of the parent's children.
type anchor struct {
	none bool
	st   step
}

// prevIndex is the index of the prev anchor in kids (-1 for the start), and
// nextIndex that of the next anchor (len(kids) for the end); ok is false
// when the anchor is not there.
func prevIndex(t *vdom.Tree, kids []int32, a *anchor) (int, bool) {
	if a.none {
		return -1, true
	}
	seen := 0
	for j, k := range kids {
		if sigMatch(t, k, &a.st) {
			if seen == int(a.st.ord) {
				return j, true
			}
			seen++
		}
	}
	return -1, false
}

func nextIndex(t *vdom.Tree, kids []int32, a *anchor) (int, bool) {
	if a.none {
		return len(kids), true
	}
	seen := 0
	for j := len(kids) - 1; j >= 0; j-- {
		if sigMatch(t, kids[j], &a.st) {
			if seen == int(a.st.rord) {
				return j, true
			}
			seen++
		}
	}
	return -1, false
}

// gap finds a conditional child between its anchors under parent: present
// (at index at) or absent (to be created at index at); ok is false when the
// anchors are not there or more than one child stands between them.
func gap(t *vdom.Tree, parent int32, prev, next *anchor) (at int, present, ok bool) {
	kids := t.Children(parent)
	a, ok1 := prevIndex(t, kids, prev)
	z, ok2 := nextIndex(t, kids, next)
	if !ok1 || !ok2 {
		return 0, false, false
	}
	switch z - a - 1 {
	case 0:
		return a + 1, false, true
	case 1:
		return a + 1, true, true
	}
	return 0, false, false
}

func stepEqual(a, b *step) bool {
	return a.kind == b.kind && a.keyed == b.keyed && a.ord == b.ord && a.rord == b.rord && a.nsame == b.nsame &&
		bytes.Equal(a.tag, b.tag) && bytes.Equal(a.key, b.key)
}

func anchorEqual(a, b *anchor) bool {
	return a.none == b.none && (a.none || stepEqual(&a.st, &b.st))
}

// String writes the step for people: the tag (or kind), the key, the
// ordinal when siblings share the signature.
func (st step) String() string {
	s := st.kind.String()
	if len(st.tag) > 0 {
		s = string(st.tag)
	}
	if st.keyed {
		s += "[key=" + string(st.key) + "]"
	}
	if st.nsame > 1 {
		s += fmt.Sprintf("#%d", st.ord)
	}
	return s
}

// String writes the locator for people: its steps joined by "/".
func (l locator) String() string {
	if len(l) == 0 {
		return "root"
	}
	var b strings.Builder
	for i, st := range l {
		if i > 0 {
			b.WriteByte('/')
		}
		b.WriteString(st.String())
	}
	return b.String()
}

// String writes the anchor for people.
func (a anchor) String() string {
	if a.none {
		return "the end"
	}
	return a.st.String()
}

// stepBytes is the heap of a step's strings.
func stepBytes(st *step) int64 { return memsize.Bytes(len(st.tag)) + memsize.Bytes(len(st.key)) }

// locSize is the heap of a locator.
func locSize(l locator) int64 {
	n := memsize.Slice(l)
	for i := range l {
		n += stepBytes(&l[i])
	}
	return n
}

// code codes the step.
func (st *step) code(c snapshot.Coder) {
	snapshot.U8(c, "kind", (*uint8)(&st.kind), uint8(vdom.KindRawHtml))
	c.Flag("keyed", &st.keyed)
	c.Bytes("tag", &st.tag)
	c.Bytes("key", &st.key)
	snapshot.U16(c, "ord", &st.ord)
	snapshot.U16(c, "rord", &st.rord)
	snapshot.U16(c, "nsame", &st.nsame)
}

// code codes the locator as the list name.
func (l *locator) code(c snapshot.Coder, name string) {
	n := c.List(name, len(*l), maxLocDepth, func(i int) {
		if c.Reading() {
			*l = append(*l, step{})
		}
		(*l)[i].code(c)
	})
	if c.Reading() && n == 0 {
		*l = nil
	}
}

// code codes the anchor as the object name.
func (a *anchor) code(c snapshot.Coder, name string) {
	c.Obj(name, func() {
		c.Flag("none", &a.none)
		a.st.code(c)
	})
}
