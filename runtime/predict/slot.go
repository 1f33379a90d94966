package predict

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict/internal/memsize"
	"github.com/minimact/engine/runtime/predict/outcome"
	"github.com/minimact/engine/runtime/predict/snapshot"
)

// A slot is one place in a component's tree that a state key changes, with
// what it learned about how:
//
//	slotText    a text node's content
//	slotProp    one prop of an element (absent is an outcome)
//	slotChild   a conditional child between two anchors (absent, or a subtree)
//	slotOrder   the order of an element's keyed children
//	slotRegion  a whole subtree, replayed by value
//	slotList    an element whose children render the items of an array
//
// Leaf slots (text, prop) generalize through templates; the others through
// value-keyed outcomes; lists through an item template.

type slotKind uint8

const (
	slotText slotKind = iota
	slotProp
	slotChild
	slotOrder
	slotRegion
	slotList
	numSlotKinds
)

var slotKindNames = [...]string{"text", "prop", "child", "order", "region", "list"}

func (k slotKind) String() string {
	if int(k) < len(slotKindNames) {
		return slotKindNames[k]
	}
	return "?"
}

func (k slotKind) structural() bool { return k >= slotChild }

// slot is one place a key changes, and what it learned there.
type slot struct {
	kind       slotKind
	loc        locator // the node; the parent for child and list slots
	prop       []byte  // slotProp: the prop's name
	prev, next anchor  // slotChild
	lr         outcome.Learner
	list       *listModel
	// sub and pres are a child slot's template (subtree.go): the present
	// child's skeleton with learners of its keys, texts and props, and a
	// learner of whether the child is present; subOK counts the samples
	// that fitted the skeleton since it was made
	sub        *listModel
	pres       *outcome.Learner
	subOK      uint32
	empty      emptyRule // a child slot's rule of the list before it (empty.go)
	rec        record
	born       uint64 // the model's observation count when it was made
	seen       uint64 // the last observation it took part in
	changes    uint64 // observations in which its outcome changed
	lastChange uint64 // the predictor's clock at the last of them
	// famSig and famLevel cache the slot's family (family.go): famLevel
	// is 0 until computed, -1 for none, else its keyed level
	famSig   uint64
	famLevel int16
	// narrow is a region's record of narrowing changes, count a text's
	// learner over the number of the narrowing region's children (narrow.go)
	narrow *narrowing
	count  *outcome.Learner
}

// readOutcome reads the slot's outcome in t (through ix when it indexes t):
// the text, the prop, the
// subtree or the order (encoded into *buf, which the outcome may view). ok is
// false when the slot's node cannot be found. node is the slot's node (the
// parent for child and list slots), path its path; at is a child slot's index.
func (s *slot) readOutcome(ix *sibIndex, t *vdom.Tree, enc *vdom.Encoder, buf *[]byte, path []int32) (o outcome.Outcome, node int32, p []int32, at int, ok bool) {
	node, p, ok = ix.resolve(t, s.loc, path)
	if !ok {
		return outcome.Outcome{}, -1, p, 0, false
	}
	nd := &t.Nodes[node]
	switch s.kind {
	case slotList:
		return outcome.Outcome{}, node, p, 0, nd.Kind == vdom.KindElement
	case slotText, slotProp:
		o, ok := leafOutcome(t, node, s.kind, s.prop)
		return o, node, p, 0, ok
	case slotRegion:
		start := len(*buf)
		*buf = enc.AppendTree(*buf, t, node)
		return outcome.Outcome{Bytes: (*buf)[start:len(*buf):len(*buf)]}, node, p, 0, true
	case slotOrder:
		if nd.Kind != vdom.KindElement {
			return outcome.Outcome{}, node, p, 0, false
		}
		start := len(*buf)
		var okOrder bool
		*buf, okOrder = appendOrder(*buf, t, node)
		if !okOrder {
			return outcome.Outcome{}, node, p, 0, false
		}
		return outcome.Outcome{Bytes: (*buf)[start:len(*buf):len(*buf)]}, node, p, 0, true
	case slotChild:
		if nd.Kind != vdom.KindElement && nd.Kind != vdom.KindFragment {
			return outcome.Outcome{}, node, p, 0, false
		}
		at, present, found := gap(t, node, &s.prev, &s.next)
		if !found {
			return outcome.Outcome{}, node, p, 0, false
		}
		if !present {
			return outcome.Outcome{Absent: true}, node, p, at, true
		}
		start := len(*buf)
		*buf = enc.AppendTree(*buf, t, t.Children(node)[at])
		return outcome.Outcome{Bytes: (*buf)[start:len(*buf):len(*buf)]}, node, p, at, true
	}
	return outcome.Outcome{}, node, p, 0, false
}

// leafOutcome reads a text node's content or an element's prop.
func leafOutcome(t *vdom.Tree, n int32, kind slotKind, prop []byte) (outcome.Outcome, bool) {
	nd := &t.Nodes[n]
	if kind == slotText {
		if nd.Kind != vdom.KindText {
			return outcome.Outcome{}, false
		}
		return outcome.Outcome{Bytes: t.Bytes(nd.Content)}, true
	}
	if nd.Kind != vdom.KindElement {
		return outcome.Outcome{}, false
	}
	if pr, found := findProp(t, n, prop); found {
		return outcome.Outcome{Bytes: t.Bytes(pr.Val), Raw: pr.Raw}, true
	}
	return outcome.Outcome{Absent: true}, true
}

// findProp finds a prop of node by name (props are sorted by name).
func findProp(t *vdom.Tree, node int32, name []byte) (vdom.Prop, bool) {
	ps := t.PropList(node)
	lo, hi := 0, len(ps)
	for lo < hi {
		m := (lo + hi) / 2
		if bytes.Compare(t.Bytes(ps[m].Name), name) < 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(ps) && bytes.Equal(t.Bytes(ps[lo].Name), name) {
		return ps[lo], true
	}
	return vdom.Prop{}, false
}

// appendOrder encodes the keys of node's children, which must all be keyed
// elements with distinct keys: each as a uvarint length and the key.
func appendOrder(dst []byte, t *vdom.Tree, node int32) ([]byte, bool) {
	kids := t.Children(node)
	for _, k := range kids {
		kn := &t.Nodes[k]
		if kn.Kind != vdom.KindElement || !kn.Keyed {
			return dst, false
		}
		key := t.Bytes(kn.Key)
		dst = binary.AppendUvarint(dst, uint64(len(key)))
		dst = append(dst, key...)
	}
	return dst, true
}

// orderKeys decodes an encoded order into keys (views of b).
func orderKeys(b []byte, keys [][]byte) ([][]byte, bool) {
	keys = keys[:0]
	for len(b) > 0 {
		n, w := binary.Uvarint(b)
		if w <= 0 || n > uint64(len(b)-w) {
			return keys, false
		}
		keys = append(keys, b[w:w+int(n)])
		b = b[w+int(n):]
	}
	return keys, true
}

// size is the slot's estimated heap, its learner or list model included.
func (s *slot) size() int64 {
	n := memsize.Of(s)
	n += locSize(s.loc) + memsize.Bytes(len(s.prop))
	n += stepBytes(&s.prev.st) + stepBytes(&s.next.st)
	n += s.lr.Size()
	if s.list != nil {
		n += s.list.size()
	}
	if s.sub != nil {
		n += s.sub.size()
	}
	if s.pres != nil {
		n += memsize.Of(s.pres) + s.pres.Size()
	}
	if s.narrow != nil {
		n += memsize.Of(s.narrow)
	}
	if s.count != nil {
		n += memsize.Of(s.count) + s.count.Size()
	}
	return n
}

// code codes the slot (a snapshot's "slots" element).
func (s *slot) code(c snapshot.Coder) {
	snapshot.U8(c, "kind", (*uint8)(&s.kind), uint8(numSlotKinds-1))
	s.loc.code(c, "at")
	c.Bytes("prop", &s.prop)
	s.prev.code(c, "prev")
	s.next.code(c, "next")
	c.Obj("record", func() { s.rec.code(c) })
	c.U64("born", &s.born)
	c.U64("seen", &s.seen)
	c.U64("changes", &s.changes)
	c.U64("last_change", &s.lastChange)
	if s.kind == slotList {
		if c.Reading() {
			s.list = &listModel{}
		}
		c.Obj("list", func() { s.list.code(c) })
	} else {
		c.Obj("learner", func() { s.lr.Code(c) })
	}
	if c.Version() >= 7 && (s.kind == slotRegion || s.kind == slotText) {
		// version 7: narrowing lists and the counts of their results (narrow.go)
		has := s.narrow != nil || s.count != nil
		c.Flag("narrow_learned", &has)
		if has && s.kind == slotRegion {
			if c.Reading() {
				s.narrow = &narrowing{}
			}
			c.Obj("narrowing", func() { s.narrow.code(c) })
		}
		if has && s.kind == slotText {
			if c.Reading() {
				l := outcome.NewLearner(true)
				s.count = &l
			}
			c.Obj("count", func() { s.count.Code(c) })
		}
	}
	if s.kind == slotChild && c.Version() >= 3 {
		// version 3: the child's template (subtree.go)
		c.Obj("template", func() {
			hasPres, hasSub := s.pres != nil, s.sub != nil
			c.Flag("present_learned", &hasPres)
			c.Flag("skeleton_learned", &hasSub)
			snapshot.U32(c, "fits", &s.subOK)
			if hasPres {
				if c.Reading() {
					l := outcome.NewLearner(false)
					s.pres = &l
				}
				c.Obj("present", func() { s.pres.Code(c) })
			}
			if hasSub {
				if c.Reading() {
					s.sub = &listModel{}
				}
				c.Obj("skeleton", func() { s.sub.code(c) })
			}
		})
	}
	if s.kind == slotChild && c.Version() >= 5 {
		c.Obj("empty", func() { s.empty.code(c) })
	}
}

// validate checks a slot that was read and rebuilds what is derived.
func (s *slot) validate() error {
	if s.kind >= numSlotKinds || (s.kind == slotList) != (s.list != nil) {
		return snapshot.Error("bad slot")
	}
	s.cacheFamily()
	for i := range s.loc {
		if s.loc[i].kind == vdom.KindNone {
			return snapshot.Error("bad locator")
		}
	}
	if s.kind == slotList {
		return s.list.validate()
	}
	if s.kind != slotChild && (s.sub != nil || s.pres != nil) {
		return snapshot.Error("a template on a slot that is not a child's")
	}
	if s.sub != nil {
		if err := s.sub.validate(); err != nil {
			return err
		}
	}
	if s.pres != nil {
		if err := s.pres.Validate(); err != nil {
			return err
		}
	}
	if s.narrow != nil && s.kind != slotRegion || s.count != nil && s.kind != slotText {
		return snapshot.Error("a narrowing record on a slot that is not a region's, or a count on one that is not a text's")
	}
	if s.count != nil {
		if err := s.count.Validate(); err != nil {
			return err
		}
	}
	return s.lr.Validate()
}

// describe writes, for people, where the slot is, its record and what it
// learned.
func (s *slot) describe(b *strings.Builder) {
	fmt.Fprintf(b, "  %s at %s", s.kind, s.loc.String())
	if s.kind == slotProp {
		fmt.Fprintf(b, " prop %q", s.prop)
	}
	if s.kind == slotChild {
		fmt.Fprintf(b, " between %s and %s", s.prev.String(), s.next.String())
	}
	fmt.Fprintf(b, ": record %.1f/%.1f (conf %.3f), changed %d times", s.rec.h, s.rec.m, s.rec.conf(), s.changes)
	if s.kind == slotChild && s.empty.agree > 0 {
		fmt.Fprintf(b, "; present when the list before it is empty: %d trees, seen %b, broken %v", s.empty.agree, s.empty.seen, s.empty.broken)
	}
	b.WriteString("\n")
	if s.kind == slotList && s.list != nil {
		s.list.describe(b)
		return
	}
	fmt.Fprintf(b, "    %s\n", s.lr.String())
	if s.narrow != nil {
		fmt.Fprintf(b, "    narrowing: contains %d (dead %v), prefix %d (dead %v)\n", s.narrow.ok[0], s.narrow.dead[0], s.narrow.ok[1], s.narrow.dead[1])
	}
	if s.count != nil {
		fmt.Fprintf(b, "    by the number of results: %s\n", s.count.String())
	}
}
