package vdom

import (
	"slices"
	"bytes"

	"github.com/cespare/xxhash/v2"
	"github.com/minimact/engine/runtime/jsonscan"
)

// Decoder decodes VNode trees and patch lists from JSON, enforcing its Limits
// while it parses: nothing recurses, and a document over a limit is rejected
// as soon as the breach is seen. A Decoder reuses its buffers across calls and
// is not safe for concurrent use.
type Decoder struct {
	lim     Limits
	sc      jsonscan.Scanner
	frames  []frame
	pending []int32
	scratch []byte
	nodes   int
	err     *Error
}

// frame is a VNode object being decoded.
type frame struct {
	node    int32
	kidBase int32 // len(pending) when the node was opened
	depth   int32
	entries int32 // entries of the children array, nulls included
	seen    uint8 // members present
	set     uint8 // members present with a non-empty value
	inKids  bool  // inside the children array
	first   bool  // just after '{' or '['
	// kidsOpen and kidsClose bound the children array in Src (just after
	// '[', at ']'); 0 when there is none. The node's hash covers its JSON
	// outside them, then its (flattened) children's hashes.
	kidsOpen, kidsClose uint32
}

// Member bits of a VNode object.
const (
	mType uint8 = 1 << iota
	mTag
	mProps
	mChildren
	mKey
	mContent
	mHTML
)

// allowed lists, per kind, the members that may hold a non-empty value.
var allowed = [...]uint8{
	KindElement:  mType | mTag | mProps | mChildren | mKey,
	KindText:     mType | mContent,
	KindFragment: mType | mChildren,
	KindRawHtml:  mType | mHTML,
}

var memberNames = [...]string{"type", "tag", "props", "children", "key", "content", "html"}

// NewDecoder returns a decoder enforcing l; zero fields take their defaults.
func NewDecoder(l Limits) *Decoder {
	return &Decoder{lim: l.withDefaults()}
}

// Limits returns the limits the decoder enforces.
func (d *Decoder) Limits() Limits { return d.lim }

func (d *Decoder) begin(src []byte) bool {
	d.sc.Reset(src)
	d.frames, d.pending, d.scratch, d.nodes, d.err = d.frames[:0], d.pending[:0], d.scratch[:0], 0, nil
	if len(src) > d.lim.MaxJSONBytes {
		d.fail(JsonTooLarge, 0, "JSON document of "+itoa(len(src))+" bytes exceeds the limit of "+itoa(d.lim.MaxJSONBytes))
		return false
	}
	if d.sc.Peek() == 0 && d.sc.Pos == len(src) {
		d.fail(Serialization, 0, "empty JSON document")
		return false
	}
	return true
}

func (d *Decoder) end() bool {
	if d.sc.Peek(); d.sc.Pos != len(d.sc.Src) {
		d.fail(Serialization, d.sc.Pos, "unexpected data after the JSON value")
		return false
	}
	return true
}

// DecodeTree decodes src, a VNode, into t (which is reset first). t.Src is
// src: t views it, and is valid only while src is unchanged.
func (d *Decoder) DecodeTree(src []byte, t *Tree) error {
	t.Reset()
	t.Src = src
	if !d.begin(src) {
		return d.err
	}
	if d.sc.Peek() != '{' {
		d.fail(InvalidVNode, d.sc.Pos, "the root must be a VNode object")
		return d.err
	}
	root, ok := d.node(t, true)
	if !ok || !d.end() {
		return d.err
	}
	t.Root = root
	return nil
}

func (d *Decoder) fail(code Code, off int, msg string) bool {
	if d.err == nil {
		d.err = &Error{Code: code, Message: msg, Offset: off, Patch: -1}
	}
	return false
}

// lexFailed turns the scanner's failure into a coded error. tooLong is the
// code of an over-long string; what names it.
func (d *Decoder) lexFailed(tooLong Code, what string, max int) bool {
	switch d.sc.Err {
	case jsonscan.BadUTF8:
		return d.fail(InvalidUtf8, d.sc.ErrPos, "invalid UTF-8 in a string")
	case jsonscan.TooLong:
		return d.fail(tooLong, d.sc.ErrPos, what+" exceeds the limit of "+itoa(max)+" bytes")
	case jsonscan.TooDeep:
		return d.fail(TreeTooDeep, d.sc.ErrPos, "an ignored member nests deeper than "+itoa(d.lim.MaxTreeDepth))
	}
	return d.fail(Serialization, d.sc.ErrPos, "malformed JSON")
}

// str reads a string value into t.
func (d *Decoder) str(t *Tree, max int, tooLong Code, what string) (Str, bool) {
	off, n, esc, k := d.sc.String(&t.Buf, max)
	if k != jsonscan.OK {
		return Str{}, d.lexFailed(tooLong, what, max)
	}
	if esc {
		return Str{Off: uint32(off) | bufBit, Len: uint32(n)}, true
	}
	return Str{Off: uint32(off), Len: uint32(n)}, true
}

// name reads a member name into the decoder's scratch space.
func (d *Decoder) name() ([]byte, bool) {
	if d.sc.Peek() != '"' {
		return nil, d.fail(Serialization, d.sc.Pos, "expected a member name")
	}
	d.scratch = d.scratch[:0]
	off, n, esc, k := d.sc.String(&d.scratch, 1<<20)
	if k != jsonscan.OK {
		return nil, d.lexFailed(Serialization, "a member name", 1<<20)
	}
	if !d.sc.Expect(':') {
		return nil, d.fail(Serialization, d.sc.Pos, "expected ':' after a member name")
	}
	if esc {
		return d.scratch[off : off+n], true
	}
	return d.sc.Src[off : off+n], true
}

// skip skips an ignored member's value.
func (d *Decoder) skip() bool {
	if d.sc.Skip(d.lim.MaxTreeDepth) != jsonscan.OK {
		return d.lexFailed(Serialization, "", 0)
	}
	return true
}

// null consumes a null if one is next.
func (d *Decoder) null() bool {
	if d.sc.Peek() == 'n' {
		return d.sc.Literal("null")
	}
	return false
}

// open starts the VNode object at Pos.
func (d *Decoder) open(t *Tree, depth int) bool {
	if depth > d.lim.MaxTreeDepth {
		return d.fail(TreeTooDeep, d.sc.Pos, "tree depth exceeds the limit of "+itoa(d.lim.MaxTreeDepth))
	}
	if d.nodes++; d.nodes > d.lim.MaxNodeCount {
		return d.fail(TreeTooLarge, d.sc.Pos, "node count exceeds the limit of "+itoa(d.lim.MaxNodeCount))
	}
	t.Nodes = append(t.Nodes, Node{Start: uint32(d.sc.Pos)})
	d.sc.Pos++
	d.frames = append(d.frames, frame{
		node:    int32(len(t.Nodes) - 1),
		kidBase: int32(len(d.pending)),
		depth:   int32(depth),
		first:   true,
	})
	return true
}

// node decodes the VNode object at Pos and returns its index. A Fragment is
// kept as a node, with its children committed, only when it is the document's
// root (keepFragment); nested Fragments leave their children on pending.
func (d *Decoder) node(t *Tree, keepFragment bool) (int32, bool) {
	base := len(d.frames)
	if !d.open(t, 0) {
		return -1, false
	}
	sc := &d.sc
	for {
		f := &d.frames[len(d.frames)-1]
		if f.inKids {
			c := sc.Peek()
			if c == ']' {
				f.kidsClose = uint32(sc.Pos)
				sc.Pos++
				f.inKids, f.first = false, false
				continue
			}
			if !f.first {
				if c != ',' {
					return -1, d.fail(Serialization, sc.Pos, "expected ',' or ']' in children")
				}
				sc.Pos++
				c = sc.Peek()
			}
			f.first = false
			if f.entries++; int(f.entries) > d.lim.MaxChildrenPerNode {
				return -1, d.fail(TooManyChildren, sc.Pos, "children exceed the limit of "+itoa(d.lim.MaxChildrenPerNode))
			}
			switch c {
			case 'n':
				if !sc.Literal("null") {
					return -1, d.fail(Serialization, sc.Pos, "malformed JSON")
				}
			case '{':
				if !d.open(t, int(f.depth)+1) {
					return -1, false
				}
			default:
				return -1, d.fail(InvalidVNode, sc.Pos, "a child must be a VNode object or null")
			}
			continue
		}
		c := sc.Peek()
		if c == '}' {
			sc.Pos++
			idx, isFrag, ok := d.finish(t, f, keepFragment && len(d.frames) == base+1)
			if !ok {
				return -1, false
			}
			d.frames = d.frames[:len(d.frames)-1]
			if len(d.frames) == base {
				return idx, true
			}
			if !isFrag {
				d.pending = append(d.pending, idx)
			}
			continue
		}
		if !f.first {
			if c != ',' {
				return -1, d.fail(Serialization, sc.Pos, "expected ',' or '}' in a VNode")
			}
			sc.Pos++
		}
		f.first = false
		if bit, n := matchMember(sc.Src, sc.Pos); bit != 0 {
			sc.Pos += n
			if !d.value(t, f, bit) {
				return -1, false
			}
			continue
		}
		name, ok := d.name()
		if !ok {
			return -1, false
		}
		if !d.member(t, f, name) {
			return -1, false
		}
	}
}

// matchMember recognizes a known member name with its colon, written plainly,
// at Src[i]; other spellings take the general path.
func matchMember(src []byte, i int) (bit uint8, n int) {
	if i+12 > len(src) {
		return 0, 0
	}
	rest := src[i : i+12]
	switch rest[1] {
	case 't':
		if string(rest[:7]) == `"type":` {
			return mType, 7
		}
		if string(rest[:6]) == `"tag":` {
			return mTag, 6
		}
	case 'p':
		if string(rest[:8]) == `"props":` {
			return mProps, 8
		}
	case 'c':
		if string(rest[:11]) == `"children":` {
			return mChildren, 11
		}
		if string(rest[:10]) == `"content":` {
			return mContent, 10
		}
	case 'k':
		if string(rest[:6]) == `"key":` {
			return mKey, 6
		}
	case 'h':
		if string(rest[:7]) == `"html":` {
			return mHTML, 7
		}
	}
	return 0, 0
}

// matchKind recognizes a kind name written plainly at Src[i].
func matchKind(src []byte, i int) (k Kind, n int) {
	if i+10 > len(src) {
		return 0, 0
	}
	rest := src[i : i+10]
	switch rest[1] {
	case 'E':
		if string(rest[:9]) == `"Element"` {
			return KindElement, 9
		}
	case 'T':
		if string(rest[:6]) == `"Text"` {
			return KindText, 6
		}
	case 'F':
		if string(rest[:10]) == `"Fragment"` {
			return KindFragment, 10
		}
	case 'R':
		if string(rest[:9]) == `"RawHtml"` {
			return KindRawHtml, 9
		}
	}
	return 0, 0
}

// member decodes one member of the VNode object of f.
func (d *Decoder) member(t *Tree, f *frame, name []byte) bool {
	var bit uint8
	switch string(name) {
	case "type":
		bit = mType
	case "tag":
		bit = mTag
	case "props":
		bit = mProps
	case "children":
		bit = mChildren
	case "key":
		bit = mKey
	case "content":
		bit = mContent
	case "html":
		bit = mHTML
	default:
		return d.skip()
	}
	return d.value(t, f, bit)
}

// value decodes the value of the known member bit.
func (d *Decoder) value(t *Tree, f *frame, bit uint8) bool {
	sc := &d.sc
	if f.seen&bit != 0 {
		return d.fail(InvalidVNode, sc.Pos, "duplicate member \""+memberNames[firstBit(bit)]+"\"")
	}
	f.seen |= bit
	at := sc.Pos
	if d.null() {
		if bit == mType {
			return d.fail(InvalidVNode, at, "\"type\" must be a string")
		}
		return true
	}
	if sc.Err != jsonscan.OK {
		return d.lexFailed(Serialization, "", 0)
	}
	nd := &t.Nodes[f.node]
	switch bit {
	case mType:
		if k, n := matchKind(sc.Src, sc.Pos); k != KindNone {
			nd.Kind = k
			sc.Pos += n
			return true
		}
		if sc.Peek() != '"' {
			return d.fail(InvalidVNode, at, "\"type\" must be a string")
		}
		s, ok := d.str(t, 64, InvalidVNode, "\"type\"")
		if !ok {
			return false
		}
		switch string(t.Bytes(s)) {
		case "Element":
			nd.Kind = KindElement
		case "Text":
			nd.Kind = KindText
		case "Fragment":
			nd.Kind = KindFragment
		case "RawHtml":
			nd.Kind = KindRawHtml
		default:
			return d.fail(InvalidVNode, at, "unknown VNode type \""+string(t.Bytes(s))+"\"")
		}
	case mTag, mKey, mContent, mHTML:
		if sc.Peek() != '"' {
			return d.fail(InvalidVNode, at, "\""+memberNames[firstBit(bit)]+"\" must be a string or null")
		}
		var s Str
		var ok bool
		switch bit {
		case mTag:
			s, ok = d.str(t, d.lim.MaxPropKeyLength, PropertyTooLong, "tag")
			nd.Tag = s
		case mKey:
			s, ok = d.str(t, d.lim.MaxPropValueLength, PropertyTooLong, "key")
			nd.Key, nd.Keyed = s, true
			if ok {
				f.set |= bit
			}
			return ok
		case mContent:
			s, ok = d.str(t, d.lim.MaxTextLength, TextTooLong, "text content")
			nd.Content = s
		case mHTML:
			s, ok = d.str(t, d.lim.MaxTextLength, TextTooLong, "raw HTML")
			nd.HTML = s
		}
		if ok && s.Len > 0 {
			f.set |= bit
		}
		return ok
	case mProps:
		if sc.Peek() != '{' {
			return d.fail(InvalidVNode, at, "\"props\" must be an object or null")
		}
		start, n, ok := d.props(t)
		if !ok {
			return false
		}
		nd = &t.Nodes[f.node]
		nd.Props, nd.NProps = start, n
		if n > 0 {
			f.set |= bit
		}
	case mChildren:
		if sc.Peek() != '[' {
			return d.fail(InvalidVNode, at, "\"children\" must be an array or null")
		}
		sc.Pos++
		f.inKids, f.first = true, true
		f.kidsOpen = uint32(sc.Pos)
		f.set |= bit
	}
	return true
}

// finish closes the node of f: it checks the members against the kind,
// commits the children and computes the hash. A nested Fragment returns
// isFrag and leaves its children on pending for its parent.
func (d *Decoder) finish(t *Tree, f *frame, root bool) (idx int32, isFrag bool, ok bool) {
	nd := &t.Nodes[f.node]
	nd.End = uint32(d.sc.Pos)
	if nd.Kind == KindNone {
		return -1, false, d.fail(InvalidVNode, int(nd.Start), "VNode without \"type\"")
	}
	if extra := f.set &^ allowed[nd.Kind]; extra != 0 {
		if nd.Kind != KindElement && extra&mChildren != 0 && int32(len(d.pending)) == f.kidBase {
			extra &^= mChildren // only nulls: nothing is lost
		}
		if extra != 0 {
			return -1, false, d.fail(InvalidVNode, int(nd.Start), nd.Kind.String()+" node must not have \""+memberNames[firstBit(extra)]+"\"")
		}
	}
	if nd.Kind == KindElement && nd.Tag.Len == 0 {
		return -1, false, d.fail(InvalidVNode, int(nd.Start), "Element without \"tag\"")
	}
	if nd.Kind == KindFragment && !root {
		return f.node, true, true
	}
	n := int32(len(d.pending)) - f.kidBase
	if n > int32(d.lim.MaxChildrenPerNode) {
		return -1, false, d.fail(TooManyChildren, int(nd.Start), "children exceed the limit of "+itoa(d.lim.MaxChildrenPerNode)+" after Fragments are flattened")
	}
	nd.Kids, nd.NKids = uint32(len(t.Kids)), uint32(n)
	t.Kids = append(t.Kids, d.pending[f.kidBase:]...)
	d.pending = d.pending[:f.kidBase]
	nd.Hash = t.hashSpan(nd, f.kidsOpen, f.kidsClose)
	return f.node, false, true
}

func firstBit(m uint8) int {
	for i := 0; i < 8; i++ {
		if m&(1<<i) != 0 {
			return i
		}
	}
	return 0
}

// props decodes a props object onto t.Props, sorted by name, and returns its
// range.
func (d *Decoder) props(t *Tree) (start, n uint32, ok bool) {
	sc := &d.sc
	sc.Pos++
	first := len(t.Props)
	for {
		c := sc.Peek()
		if c == '}' {
			sc.Pos++
			break
		}
		if len(t.Props) > first {
			if c != ',' {
				return 0, 0, d.fail(Serialization, sc.Pos, "expected ',' or '}' in props")
			}
			sc.Pos++
			c = sc.Peek()
		}
		if c != '"' {
			return 0, 0, d.fail(Serialization, sc.Pos, "expected a prop name")
		}
		if len(t.Props)-first >= d.lim.MaxPropsPerNode {
			return 0, 0, d.fail(TooManyProps, sc.Pos, "props exceed the limit of "+itoa(d.lim.MaxPropsPerNode))
		}
		name, ok := d.str(t, d.lim.MaxPropKeyLength, PropertyTooLong, "prop name")
		if !ok {
			return 0, 0, false
		}
		if !sc.Expect(':') {
			return 0, 0, d.fail(Serialization, sc.Pos, "expected ':' after a prop name")
		}
		p := Prop{Name: name}
		if sc.Peek() == '"' {
			if p.Val, ok = d.str(t, d.lim.MaxPropValueLength, PropertyTooLong, "prop value"); !ok {
				return 0, 0, false
			}
		} else {
			at := sc.Pos
			if !d.skip() {
				return 0, 0, false
			}
			if sc.Pos-at > d.lim.MaxPropValueLength {
				return 0, 0, d.fail(PropertyTooLong, at, "prop value exceeds the limit of "+itoa(d.lim.MaxPropValueLength)+" bytes")
			}
			p.Val, p.Raw = Str{Off: uint32(at), Len: uint32(sc.Pos - at)}, true
		}
		t.Props = append(t.Props, p)
	}
	ps := t.Props[first:]
	t.SortProps(ps)
	for i := 1; i < len(ps); i++ {
		if bytes.Equal(t.Bytes(ps[i-1].Name), t.Bytes(ps[i].Name)) {
			return 0, 0, d.fail(InvalidVNode, sc.Pos, "duplicate prop \""+t.String(ps[i].Name)+"\"")
		}
	}
	return uint32(first), uint32(len(ps)), true
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
	slices.SortFunc(ps, func(a, b Prop) int { return bytes.Compare(t.Bytes(a.Name), t.Bytes(b.Name)) })
}

// Hashing. A decoded node's hash is the xxhash of its JSON outside its
// children array, mixed with its children's hashes: one pass over the bytes,
// computed as each node closes. Identical subtrees hash equal wherever they
// are; subtrees equal in DOM terms but written differently (member order,
// whitespace) may not, which only costs a skipped shortcut, since a hash match
// is always confirmed (Same) and never trusted alone. Trees built or changed
// in memory are hashed from their members instead (hashNode, Rehash).
const (
	prime1 = 11400714785074694791
	prime2 = 14029467366897019727
)

func mix(h, x uint64) uint64 {
	h ^= x * prime2
	h = h<<31 | h>>33
	return h * prime1
}

func (t *Tree) hashStr(s Str) uint64 { return xxhash.Sum64(t.Bytes(s)) }

// hashSpan is the hash of a decoded node from its JSON span. A node whose
// children are all leaves is hashed whole, in one call; its leaves, and other
// leaves, keep Hash 0 ("none"): Same compares such nodes by their bytes, which
// costs no more than hashing them would.
func (t *Tree) hashSpan(nd *Node, kidsOpen, kidsClose uint32) uint64 {
	kids := t.Kids[nd.Kids : nd.Kids+nd.NKids]
	if len(kids) == 0 {
		return 0
	}
	whole := true
	for _, k := range kids {
		if t.Nodes[k].NKids != 0 {
			whole = false
			break
		}
	}
	if whole {
		return xxhash.Sum64(t.Src[nd.Start:nd.End]) | 1
	}
	h := xxhash.Sum64(t.Src[nd.Start:kidsOpen])
	if nd.End-kidsClose > 2 { // more than "]}"
		h = mix(h, xxhash.Sum64(t.Src[kidsClose:nd.End]))
	}
	h = mix(h, uint64(len(kids)))
	for _, k := range kids {
		kh := t.Nodes[k].Hash
		if kh == 0 {
			kn := &t.Nodes[k]
			kh = xxhash.Sum64(t.Src[kn.Start:kn.End])
		}
		h = mix(h, kh)
	}
	return h | 1
}

// hashNode computes the hash of node n from its members and its children's
// hashes (which must be current).
func (t *Tree) hashNode(n int32) uint64 {
	nd := &t.Nodes[n]
	h := mix(uint64(nd.Kind), prime1)
	switch nd.Kind {
	case KindElement:
		h = mix(h, t.hashStr(nd.Tag))
		if nd.Keyed {
			h = mix(h, t.hashStr(nd.Key)+1)
		}
		for _, p := range t.Props[nd.Props : nd.Props+nd.NProps] {
			h = mix(h, t.hashStr(p.Name))
			v := t.hashStr(p.Val)
			if p.Raw {
				v = ^v
			}
			h = mix(h, v)
		}
	case KindText:
		h = mix(h, t.hashStr(nd.Content))
	case KindRawHtml:
		h = mix(h, t.hashStr(nd.HTML))
	}
	h = mix(h, uint64(nd.NKids))
	for _, k := range t.Kids[nd.Kids : nd.Kids+nd.NKids] {
		h = mix(h, t.Nodes[k].Hash)
	}
	return h | 1
}

// Rehash recomputes every node's hash reachable from the root, children
// first, and forgets JSON spans (which no longer describe changed nodes).
func (t *Tree) Rehash() {
	if t.Root < 0 {
		return
	}
	// post-order without recursion: a stack of (node, next child)
	type item struct{ n, next int32 }
	stack := make([]item, 0, 64)
	stack = append(stack, item{t.Root, 0})
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		nd := &t.Nodes[top.n]
		if top.next < int32(nd.NKids) {
			k := t.Kids[nd.Kids+uint32(top.next)]
			top.next++
			stack = append(stack, item{k, 0})
			continue
		}
		nd.Start, nd.End = 0, 0
		nd.Hash = t.hashNode(top.n)
		stack = stack[:len(stack)-1]
	}
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
