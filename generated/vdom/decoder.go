package vdom

import (
	"bytes"

	"github.com/minimact/engine/runtime/jsonscan"
)

// The decoder's machinery: the entry points, the scanner steps, the frame
// stack that decodes a tree without recursion, and props. What depends on the
// schema (the member bits, the member switch, each member's value, the checks
// when a node closes, a patch's members) is in decode_gen.go and
// decode_patch_gen.go.

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
	bstack  []binFrame // binFast's open nodes
	// incremental decoding (incremental.go): nil but during DecodeDoc and
	// Redecode; spare is kept for the next one
	inc, spare *incremental
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

// NewDecoder returns a decoder enforcing l; zero fields take their defaults.
func NewDecoder(l Limits) *Decoder {
	return &Decoder{lim: l.withDefaults()}
}

// Limits returns the limits the decoder enforces.
func (d *Decoder) Limits() Limits {
	return d.lim
}

// begin starts decoding src, after checking its size and that it holds
// something.
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

// end checks that nothing but whitespace follows the decoded value.
func (d *Decoder) end() bool {
	if d.sc.Peek(); d.sc.Pos != len(d.sc.Src) {
		d.fail(Serialization, d.sc.Pos, "unexpected data after the JSON value")
		return false
	}
	return true
}

// DecodeTree decodes src, a VNode, into t (which is reset first), in the
// decoder's DOM view (Limits.DOMView, which t.View records). t.Src is src: t
// views it, and is valid only while src is unchanged.
func (d *Decoder) DecodeTree(src []byte, t *Tree) error {
	t.Reset()
	t.Src, t.View = src, d.lim.DOMView
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

// DecodePatches decodes src, a JSON array of patches, into l, whose Tree
// (reset first, or allocated when nil) holds the patches' nodes and strings.
func (d *Decoder) DecodePatches(src []byte, l *PatchList) error {
	if l.Tree == nil {
		l.Tree = &Tree{}
	}
	l.Tree.Reset()
	l.Tree.Src, l.Tree.View = src, d.lim.DOMView
	l.Reset(l.Tree)
	if !d.begin(src) {
		return d.err
	}
	sc := &d.sc
	if sc.Peek() != '[' {
		d.fail(InvalidVNode, sc.Pos, "a patch list must be a JSON array")
		return d.err
	}
	sc.Pos++
	for first := true; ; first = false {
		c := sc.Peek()
		if c == ']' {
			sc.Pos++
			break
		}
		if !first {
			if c != ',' {
				d.fail(Serialization, sc.Pos, "expected ',' or ']' in the patch list")
				return d.err
			}
			sc.Pos++
			c = sc.Peek()
		}
		if c != '{' {
			d.fail(InvalidVNode, sc.Pos, "a patch must be a JSON object")
			return d.err
		}
		if !d.patch(l) {
			d.err.Patch = len(l.Patches)
			return d.err
		}
	}
	if !d.end() {
		return d.err
	}
	return nil
}

// fail records the first error of a decode and returns false.
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
	// fast path: plain ASCII without escapes is a view of Src
	if i := d.sc.Pos; i < len(d.sc.Src) && d.sc.Src[i] == '"' {
		if end, plain := jsonscan.PlainString(d.sc.Src, i); plain && end-i-1 <= max {
			d.sc.Pos = end + 1
			return Str{Off: uint32(i + 1), Len: uint32(end - i - 1)}, true
		}
	}
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
	depth0 := 0
	if d.inc != nil { // incremental.go: a node decoded again at its depth
		depth0 = d.inc.depth
	}
	if !d.open(t, depth0) {
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
				if d.inc != nil && len(d.frames) == base+1 { // incremental.go: a child taken over
					if n, ok := d.inc.reuse(d, t, sc.Src, sc.Pos); ok {
						sc.Pos += n
						continue
					}
				}
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
			if d.inc != nil { // incremental.go: what the node's meta records
				d.inc.closed(t, f, len(d.frames) == base+1)
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

// commit closes the node of f: its children are the nodes on pending since it
// opened (Fragments flattened, nulls dropped), put in the decoder's DOM view
// (ViewKids: in the HTML view adjacent texts joined, empty ones dropped), and
// its hash is computed. Every decoder of trees commits through here, so that
// every decoded tree is in its view the same way.
func (d *Decoder) commit(t *Tree, f *frame) bool {
	kids := d.pending[f.kidBase:]
	nd := &t.Nodes[f.node]
	if d.lim.DOMView == ViewHTML && len(kids) > 0 {
		var err *Error
		if kids, err = t.ViewKids(ViewHTML, kids, d.lim.MaxTextLength); err != nil {
			err.Offset = int(nd.Start)
			d.err = err
			return false
		}
	}
	nd.Kids, nd.NKids = uint32(len(t.Kids)), uint32(len(kids))
	t.Kids = append(t.Kids, kids...)
	d.pending = d.pending[:f.kidBase]
	nd.Hash = t.hashSpan(nd, f.kidsOpen, f.kidsClose)
	return true
}

// firstBit returns the number of the lowest bit set in m.
func firstBit(m uint8) int {
	for i := 0; i < 8; i++ {
		if m&(1<<i) != 0 {
			return i
		}
	}
	return 0
}

// itoa formats n in decimal.
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
