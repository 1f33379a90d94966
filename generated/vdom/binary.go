package vdom

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"

	"github.com/minimact/engine/runtime/jsonscan"
)

// The binary tree encoding (docs/binary-tree.md): what C# hosts write with
// TreeWriter and minimact_tree_render_binary reads, the fast alternative to
// JSON. This file is its fixed machinery: the header, strings, props, the
// loop that decodes a tree without recursion, and the encoder's walk. What
// each kind holds (its kind byte, its string members in schema order with
// their limits and codes, whether it has props and children) comes from the
// schema, in binary_gen.go. Trees are built through the JSON decoder's
// machinery (open, finish and its commit step, the frame stack), so every
// check of a node and every DOM view applies to both encodings alike.
//
//	document := "MMTB" version:u8 node
//	node     := kind:u8 member* [entry* 0x00]   (the list: kinds with props or children)
//	member   := str                      a string member
//	          | 0x00 | 0x01 str          an optional string: absent or present
//	entry    := 0x10 name:str value:str  a prop whose value is a string
//	          | 0x11 name:str json:str   a prop whose value is other JSON (a number, true, ...)
//	          | node                     a child (after the props)
//	str      := length:u32 (little endian) UTF-8 bytes

// BinaryVersion is the version of the binary tree encoding this library
// reads and writes (the byte after the magic).
const BinaryVersion = 1

// binaryMagic opens every binary tree.
const binaryMagic = "MMTB"

const (
	binHeader  = len(binaryMagic) + 1
	binEnd     = 0x00 // ends a node's list
	binPropStr = 0x10 // a prop with a string value
	binPropRaw = 0x11 // a prop with another JSON value
)

// IsBinary reports whether src starts like a binary tree.
func IsBinary(src []byte) bool {
	return len(src) >= len(binaryMagic) && string(src[:len(binaryMagic)]) == binaryMagic
}

// binBegin starts decoding the binary tree src: its size, magic and version.
func (d *Decoder) binBegin(src []byte) bool {
	d.sc.Reset(src)
	d.frames, d.pending, d.scratch, d.nodes, d.err = d.frames[:0], d.pending[:0], d.scratch[:0], 0, nil
	if len(src) > d.lim.MaxJSONBytes {
		return d.fail(JsonTooLarge, 0, "binary tree of "+itoa(len(src))+" bytes exceeds the limit of "+itoa(d.lim.MaxJSONBytes))
	}
	if len(src) < binHeader || !IsBinary(src) {
		return d.fail(Serialization, 0, "not a binary tree (it must start with \""+binaryMagic+"\" and a version byte)")
	}
	if v := src[len(binaryMagic)]; v != BinaryVersion {
		return d.fail(Serialization, len(binaryMagic), "binary tree version "+itoa(int(v))+" is not supported (this library reads version "+itoa(BinaryVersion)+")")
	}
	d.sc.Pos = binHeader
	if d.sc.Pos == len(src) {
		return d.fail(Serialization, d.sc.Pos, "the binary tree holds no node")
	}
	return true
}

// DecodeBinary decodes src, a binary tree, into t (which is reset first),
// in the decoder's DOM view (which t.View records). t.Src is src: t views
// it, and is valid only while src is unchanged.
func (d *Decoder) DecodeBinary(src []byte, t *Tree) error {
	t.Reset()
	t.Src, t.View = src, d.lim.DOMView
	root, ok := d.binRoot(src, t)
	if !ok {
		return d.err
	}
	t.Root = root
	return nil
}

// binRoot decodes the whole binary tree src onto t.
func (d *Decoder) binRoot(src []byte, t *Tree) (int32, bool) {
	if !d.binBegin(src) {
		return -1, false
	}
	if d.binFastOK() {
		if root, ok := d.binFast(t); ok && d.sc.Pos == len(src) {
			return root, true
		}
		view := t.View // binfast.go: the general loop decodes it again
		t.Reset()
		t.Src, t.View = src, view
		d.binBegin(src)
	}
	root, ok := d.binNode(t, true)
	if !ok {
		return -1, false
	}
	if d.sc.Pos != len(src) {
		return -1, d.fail(Serialization, d.sc.Pos, "unexpected data after the binary tree")
	}
	return root, true
}

// binNodeAt decodes the node at the decoder's position (Redecode).
func (d *Decoder) binNodeAt(t *Tree, keepFragment bool) (int32, bool) {
	if d.sc.Pos >= len(d.sc.Src) {
		return -1, false
	}
	return d.binNode(t, keepFragment)
}

// binOpen opens the node whose kind byte is at Pos and reads its members.
func (d *Decoder) binOpen(t *Tree, depth int) bool {
	pos := d.sc.Pos
	k := Kind(d.sc.Src[pos])
	if k == KindNone || int(k) >= len(kindNames) {
		return d.fail(InvalidVNode, pos, "unknown node kind byte "+itoa(int(k)))
	}
	if !d.open(t, depth) {
		return false
	}
	f := &d.frames[len(d.frames)-1]
	nd := &t.Nodes[f.node]
	nd.Kind, nd.Props = k, uint32(len(t.Props))
	return d.binMembers(t, f, nd)
}

// binLeaf decodes a child of f's node whose kind has no list (a text, raw
// HTML): as open and finish would, but without pushing a frame for it.
func (d *Decoder) binLeaf(t *Tree, f *frame, k Kind) bool {
	pos := d.sc.Pos
	depth := int(f.depth) + 1
	if depth > d.lim.MaxTreeDepth {
		return d.fail(TreeTooDeep, pos, "tree depth exceeds the limit of "+itoa(d.lim.MaxTreeDepth))
	}
	if d.nodes++; d.nodes > d.lim.MaxNodeCount {
		return d.fail(TreeTooLarge, pos, "node count exceeds the limit of "+itoa(d.lim.MaxNodeCount))
	}
	idx := int32(len(t.Nodes))
	t.Nodes = append(t.Nodes, Node{Start: uint32(pos), Kind: k})
	d.sc.Pos = pos + 1
	lf := frame{node: idx, kidBase: int32(len(d.pending)), depth: int32(depth)}
	if !d.binMembers(t, &lf, &t.Nodes[idx]) {
		return false
	}
	if _, _, ok := d.finish(t, &lf, false); !ok {
		return false
	}
	if d.inc != nil {
		d.inc.closed(t, &lf, false)
	}
	d.pending = append(d.pending, idx)
	return true
}

// binNode decodes the binary node at Pos and returns its index, as node
// does for JSON: without recursion, a nested Fragment leaving its children
// on pending for its parent.
func (d *Decoder) binNode(t *Tree, keepFragment bool) (int32, bool) {
	base := len(d.frames)
	depth0 := 0
	if d.inc != nil {
		depth0 = d.inc.depth
	}
	if !d.binOpen(t, depth0) {
		return -1, false
	}
	src := d.sc.Src
next:
	for {
		f := &d.frames[len(d.frames)-1]
		k := t.Nodes[f.node].Kind
		for binList[k] {
			pos := d.sc.Pos
			if pos >= len(src) {
				return -1, d.fail(Serialization, pos, "the binary tree ends inside a node")
			}
			c := src[pos]
			if c == binEnd {
				if f.inKids {
					f.kidsClose = uint32(pos)
				} else if !d.binCloseProps(t, f) {
					return -1, false
				}
				d.sc.Pos = pos + 1
				break
			}
			if c == binPropStr || c == binPropRaw {
				if !binProps[k] {
					return -1, d.fail(InvalidVNode, pos, k.String()+" node must not have props")
				}
				if f.inKids {
					return -1, d.fail(InvalidVNode, pos, "a prop after the children")
				}
				if !d.binProp(t, f, c == binPropRaw) {
					return -1, false
				}
				continue
			}
			if !binKids[k] {
				return -1, d.fail(InvalidVNode, pos, k.String()+" node must not have children")
			}
			if !f.inKids {
				if !d.binCloseProps(t, f) {
					return -1, false
				}
				f.inKids, f.kidsOpen = true, uint32(pos)
				f.set |= mChildren
			}
			if f.entries++; int(f.entries) > d.lim.MaxChildrenPerNode {
				return -1, d.fail(TooManyChildren, pos, "children exceed the limit of "+itoa(d.lim.MaxChildrenPerNode))
			}
			if d.inc != nil && len(d.frames) == base+1 { // incremental.go: a child taken over
				if n, ok := d.inc.reuse(d, t, src, pos); ok {
					d.sc.Pos += n
					continue
				}
			}
			if ck := Kind(c); int(ck) < len(binList) && ck != KindNone && !binList[ck] {
				if !d.binLeaf(t, f, ck) {
					return -1, false
				}
				continue
			}
			if !d.binOpen(t, int(f.depth)+1) {
				return -1, false
			}
			continue next
		}
		idx, isFrag, ok := d.finish(t, f, keepFragment && len(d.frames) == base+1)
		if !ok {
			return -1, false
		}
		if d.inc != nil {
			d.inc.closed(t, f, len(d.frames) == base+1)
		}
		d.frames = d.frames[:len(d.frames)-1]
		if len(d.frames) == base {
			return idx, true
		}
		if !isFrag {
			d.pending = append(d.pending, idx)
		}
	}
}

// binProp reads the prop whose marker is at Pos onto t.Props, where the
// node's props are one run (they come before its children).
func (d *Decoder) binProp(t *Tree, f *frame, raw bool) bool {
	pos := d.sc.Pos
	d.sc.Pos++
	nd := &t.Nodes[f.node] // binOpen set nd.Props: its props are one run from there
	if int(nd.NProps) >= d.lim.MaxPropsPerNode {
		return d.fail(TooManyProps, pos, "props exceed the limit of "+itoa(d.lim.MaxPropsPerNode))
	}
	name, ok := d.binStr(t, d.lim.MaxPropKeyLength, PropertyTooLong, "prop name")
	if !ok {
		return false
	}
	var val Str
	if raw {
		val, ok = d.binRaw()
	} else {
		val, ok = d.binStr(t, d.lim.MaxPropValueLength, PropertyTooLong, "prop value")
	}
	if !ok {
		return false
	}
	t.Props = append(t.Props, Prop{Name: name, Val: val, Raw: raw})
	t.Nodes[f.node].NProps++
	return true
}

// binCloseProps sorts the node's props and refuses duplicates, as the JSON
// decoder does.
func (d *Decoder) binCloseProps(t *Tree, f *frame) bool {
	nd := &t.Nodes[f.node]
	if nd.NProps == 0 {
		return true
	}
	if i := sortProps(t, nd); i > 0 {
		return d.fail(InvalidVNode, int(nd.Start), "duplicate prop \""+t.String(t.Props[nd.Props+uint32(i)].Name)+"\"")
	}
	f.set |= mProps
	return true
}

// sortProps sorts the props of nd, which has some, and returns the index
// among them of one whose name the one before it has, or 0 when none has.
func sortProps(t *Tree, nd *Node) int {
	ps := t.Props[nd.Props : nd.Props+nd.NProps]
	t.SortProps(ps)
	for i := 1; i < len(ps); i++ {
		if string(t.Bytes(ps[i-1].Name)) == string(t.Bytes(ps[i].Name)) {
			return i
		}
	}
	return 0
}

// binLenFailed reports a string length over max or past the input.
func (d *Decoder) binLenFailed(n, max int, tooLong Code, what string) bool {
	if n > max {
		return d.fail(tooLong, d.sc.Pos, what+" exceeds the limit of "+itoa(max)+" bytes")
	}
	return d.fail(Serialization, d.sc.Pos, "the binary tree ends inside "+what)
}

// binLen reads a string's length and checks it against max and the input.
func (d *Decoder) binLen(max int, tooLong Code, what string) (int, bool) {
	src, p := d.sc.Src, d.sc.Pos
	if len(src)-p < 4 {
		return 0, d.fail(Serialization, p, "the binary tree ends inside "+what)
	}
	n := binary.LittleEndian.Uint32(src[p:])
	if uint64(n) > uint64(max) {
		return 0, d.fail(tooLong, p, what+" exceeds the limit of "+itoa(max)+" bytes")
	}
	if int(n) > len(src)-p-4 {
		return 0, d.fail(Serialization, p, "the binary tree ends inside "+what)
	}
	d.sc.Pos = p + 4
	return int(n), true
}

// binStr reads a string. Plain text is a view of Src; text JSON would have
// to escape (quotes, backslashes, control characters) is copied into Buf,
// which the encoder escapes, so that a tree holds the same strings however it
// was encoded.
func (d *Decoder) binStr(t *Tree, max int, tooLong Code, what string) (Str, bool) {
	src, p := d.sc.Src, d.sc.Pos
	if len(src)-p < 4 {
		return Str{}, d.fail(Serialization, p, "the binary tree ends inside "+what)
	}
	n := int(binary.LittleEndian.Uint32(src[p:]))
	if n > max || n > len(src)-p-4 {
		return Str{}, d.binLenFailed(n, max, tooLong, what)
	}
	p += 4
	d.sc.Pos = p + n
	if n < 8 && len(src)-p >= 8 {
		// a short string: its bytes and the next ones in one word, where
		// the lowest flagged byte is a true hit (special)
		if special(binary.LittleEndian.Uint64(src[p:]))&highs&(1<<(8*n)-1) == 0 {
			return Str{Off: uint32(p), Len: uint32(n)}, true
		}
	}
	b := src[p : p+n]
	switch binText(b) {
	case textPlain:
		return Str{Off: uint32(p), Len: uint32(n)}, true
	case textEscape:
		return t.AddString(b), true
	}
	return Str{}, d.fail(InvalidUtf8, p, "invalid UTF-8 in "+what)
}

// The classes of a string's bytes.
const (
	textPlain  = iota // valid UTF-8 that JSON writes as it is
	textEscape        // valid UTF-8 that JSON escapes
	textBad           // not UTF-8
)

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// special flags, in the high bit of each byte, the bytes of x JSON cannot
// write as they are or that are not ASCII: '"', '\\', control bytes and
// bytes >= 0x80. The lowest flagged byte is always a true hit.
func special(x uint64) uint64 {
	q := x ^ (ones * '"')
	b := x ^ (ones * '\\')
	return ((q - ones) &^ q) | ((b - ones) &^ b) | ((x - ones*0x20) &^ x) | x&highs
}

// binText classifies b.
func binText(b []byte) int {
	i := 0
	for i+8 <= len(b) {
		if m := special(binary.LittleEndian.Uint64(b[i:])) & highs; m != 0 {
			i += bits.TrailingZeros64(m) >> 3
			return slowText(b, i)
		}
		i += 8
	}
	if i > 0 && i < len(b) { // the last bytes, in the word that ends with them
		if special(binary.LittleEndian.Uint64(b[len(b)-8:]))&highs == 0 {
			return textPlain
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			return slowText(b, i)
		}
	}
	return textPlain
}

// slowText classifies b from its first special byte at i.
func slowText(b []byte, i int) int {
	class := textPlain
	for i < len(b) {
		c := b[i]
		if c < 0x80 {
			if c < 0x20 || c == '"' || c == '\\' {
				class = textEscape
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return textBad
		}
		i += size
	}
	return class
}

// binRaw reads a prop value that is JSON other than a string: exactly one
// value, without surrounding whitespace, as the JSON decoder keeps it.
func (d *Decoder) binRaw() (Str, bool) {
	n, ok := d.binLen(d.lim.MaxPropValueLength, PropertyTooLong, "prop value")
	if !ok {
		return Str{}, false
	}
	p := d.sc.Pos
	b := d.sc.Src[p : p+n]
	d.sc.Pos = p + n
	if n == 0 || b[0] == '"' || b[0] <= ' ' || b[n-1] <= ' ' {
		return Str{}, d.fail(Serialization, p, "a raw prop value must be one JSON value other than a string, without whitespace around it")
	}
	var sc jsonscan.Scanner
	sc.Reset(b)
	if k := sc.Skip(d.lim.MaxTreeDepth); k != jsonscan.OK || sc.Pos != n {
		if k == jsonscan.BadUTF8 {
			return Str{}, d.fail(InvalidUtf8, p+sc.ErrPos, "invalid UTF-8 in a raw prop value")
		}
		return Str{}, d.fail(Serialization, p, "a raw prop value is not one JSON value")
	}
	return Str{Off: uint32(p), Len: uint32(n)}, true
}

// binOptional reads an optional string's presence byte.
func (d *Decoder) binOptional(what string) (present, ok bool) {
	src, p := d.sc.Src, d.sc.Pos
	if p >= len(src) {
		return false, d.fail(Serialization, p, "the binary tree ends inside "+what)
	}
	switch src[p] {
	case 0:
		d.sc.Pos = p + 1
		return false, true
	case 1:
		d.sc.Pos = p + 1
		return true, true
	}
	return false, d.fail(Serialization, p, "the presence byte of "+what+" must be 0 or 1")
}

// AppendBinary appends the subtree at node n as a binary tree, header
// included: Fragments other than the root flattened, props sorted.
func (e *Encoder) AppendBinary(dst []byte, t *Tree, n int32) []byte {
	dst = append(dst, binaryMagic...)
	dst = append(dst, BinaryVersion)
	if n < 0 || int(n) >= len(t.Nodes) {
		return dst
	}
	stack := append(e.stack[:0], encItem{n, 0})
	dst = binWriteNode(dst, t, n)
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		nd := &t.Nodes[top.n]
		if top.next < int32(nd.NKids) {
			k := t.Kids[nd.Kids+uint32(top.next)]
			top.next++
			dst = binWriteNode(dst, t, k)
			stack = append(stack, encItem{k, 0})
			continue
		}
		if binList[nd.Kind] {
			dst = append(dst, binEnd)
		}
		stack = stack[:len(stack)-1]
	}
	e.stack = stack
	return dst
}

// binAppendStr appends s as a binary string.
func binAppendStr(dst, s []byte) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(s)))
	return append(dst, s...)
}

// binAppendProps appends a node's props.
func binAppendProps(dst []byte, t *Tree, ps []Prop) []byte {
	for _, p := range ps {
		if p.Raw {
			dst = append(dst, binPropRaw)
		} else {
			dst = append(dst, binPropStr)
		}
		dst = binAppendStr(dst, t.Bytes(p.Name))
		dst = binAppendStr(dst, t.Bytes(p.Val))
	}
	return dst
}
