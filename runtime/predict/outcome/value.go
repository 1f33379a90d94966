package outcome

import (
	"bytes"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/jsonscan"
	"github.com/minimact/engine/runtime/predict/internal/memsize"
)

// A state value (old_value, new_value: any JSON) is parsed into a flat arena
// of vnodes in pre-order; a container's children follow it, and each node's
// end is the index just past its subtree. Parsing is iterative and bounded by
// the decoder Limits (size, depth, node count, string length). A value is
// named by the index of its node in the arena.

// Kind is the kind of a JSON value.
type Kind uint8

// The kinds of JSON values.
const (
	KindNull Kind = iota
	KindBool
	KindNumber
	KindString
	KindArray
	KindObject
)

// sref is a string of a value: a view of the source, or of buf when unescaped.
type sref struct {
	off, n uint32
	buf    bool
}

type vnode struct {
	kind Kind
	b    bool
	n    int32 // items or members
	end  int32 // index just past the subtree
	num  float64
	s    sref // KindString: the string; KindNumber: its text
	name sref // the member name, when the parent is an object
	hash uint64
}

// Value is an arena of parsed JSON values (the old and new values of a
// Change).
type Value struct {
	src   []byte
	buf   []byte
	nodes []vnode
	stack []vframe
	st    stateInfo // the whole state, when the change carries it
}

// stateInfo is what the selectors of the state (selState, selOther,
// selPair) need of a change's all_state: its root, the changed key, and its
// hash less the key's member, so that the whole state with the key at
// another value (the old one) hashes in O(1).
type stateInfo struct {
	all  int32  // all_state's root, or -1
	key  []byte // the changed key
	keyH uint64 // xxhash of key
	sum  uint64 // the sum of the members' hash contributions, the key's excluded
	n    uint64 // the members, the key's excluded
}

type vframe struct {
	node int32
	obj  bool
	name sref // the pending member name
}

func (v *Value) reset(src []byte) {
	v.src, v.buf, v.nodes, v.stack = src, v.buf[:0], v.nodes[:0], v.stack[:0]
	v.st = stateInfo{all: -1}
}

// setState records the whole state all (an object, or -1) of a change of
// key.
func (v *Value) setState(all int32, key []byte) {
	v.st = stateInfo{all: all, key: key}
	if all < 0 {
		return
	}
	v.st.keyH = xxhash.Sum64(key)
	nd := &v.nodes[all]
	for c := all + 1; c < nd.end; c = v.nodes[c].end {
		name := v.str(v.nodes[c].name)
		if string(name) == string(key) {
			continue
		}
		v.st.sum += vdom.Mix(xxhash.Sum64(name), v.nodes[c].hash)
		v.st.n++
	}
}

// HasState reports whether the change carried the whole state.
func (v *Value) HasState() bool { return v.st.all >= 0 }

// stateHash is the hash of the whole state with the changed key at value
// root: the hash all_state would have (objects hash commutatively).
func (v *Value) stateHash(root int32) uint64 {
	sum := v.st.sum + vdom.Mix(v.st.keyH, v.nodes[root].hash)
	return vdom.Mix(vdom.Mix(uint64(KindObject)+1, sum), v.st.n+1)
}

// other returns the member of the whole state named name (another key), or -1.
func (v *Value) other(name string) int32 {
	if v.st.all < 0 || name == string(v.st.key) {
		return -1
	}
	return v.member(v.st.all, name)
}

func (v *Value) str(r sref) []byte {
	if r.buf {
		return v.buf[r.off : r.off+r.n : r.off+r.n]
	}
	return v.src[r.off : r.off+r.n : r.off+r.n]
}

func numHash(f float64) uint64 {
	if f == 0 {
		f = 0 // -0 and 0 are one value
	}
	return vdom.Mix(uint64(KindNumber)+1, math.Float64bits(f))
}

func strHash(b []byte) uint64 { return vdom.Mix(uint64(KindString)+1, xxhash.Sum64(b)) }

var (
	nullHash  = vdom.Mix(uint64(KindNull)+1, 0)
	trueHash  = vdom.Mix(uint64(KindBool)+1, 1)
	falseHash = vdom.Mix(uint64(KindBool)+1, 2)
)

// Limits bound a state change: its bytes, the nesting and the parts of its
// values, the length of a string value and of a member name (or of
// component_id and state_key).
type Limits struct {
	MaxBytes, MaxDepth, MaxNodes, MaxString, MaxName int
}

// LimitsFor are the bounds the decoder Limits l set for state changes
// (zero fields: the defaults).
func LimitsFor(l vdom.Limits) Limits {
	d := vdom.DefaultLimits()
	pick := func(v, def int) int {
		if v <= 0 {
			return def
		}
		return v
	}
	return Limits{
		MaxBytes:  pick(l.MaxJSONBytes, d.MaxJSONBytes),
		MaxDepth:  pick(l.MaxTreeDepth, d.MaxTreeDepth),
		MaxNodes:  pick(l.MaxNodeCount, d.MaxNodeCount),
		MaxString: pick(l.MaxTextLength, d.MaxTextLength),
		MaxName:   pick(l.MaxPropValueLength, d.MaxPropValueLength),
	}
}

// ErrAt is an error of code at byte offset off of the input.
func ErrAt(code vdom.Code, off int, msg string) *vdom.Error {
	return &vdom.Error{Code: code, Message: msg, Offset: off, Patch: -1}
}

// ScanErr is the error of the scanner's failure (sc.Err at sc.ErrPos)
// while reading what.
func ScanErr(sc *jsonscan.Scanner, what string) *vdom.Error {
	switch sc.Err {
	case jsonscan.BadUTF8:
		return ErrAt(vdom.InvalidUtf8, sc.ErrPos, "invalid UTF-8 in "+what)
	case jsonscan.TooLong:
		return ErrAt(vdom.TextTooLong, sc.ErrPos, "a string in "+what+" is too long")
	case jsonscan.TooDeep:
		return ErrAt(vdom.TreeTooDeep, sc.ErrPos, what+" nests too deeply")
	}
	return ErrAt(vdom.Serialization, sc.ErrPos, "malformed JSON in "+what)
}

// parse reads one JSON value at sc.Pos into v and returns its index.
func (v *Value) parse(sc *jsonscan.Scanner, lim Limits) (int32, *vdom.Error) {
	base := len(v.stack)
	root := int32(len(v.nodes))
	for {
		// a value
		if len(v.nodes) >= lim.MaxNodes {
			return -1, ErrAt(vdom.TreeTooLarge, sc.Pos, "a state value has more than "+strconv.Itoa(lim.MaxNodes)+" parts")
		}
		idx := int32(len(v.nodes))
		v.nodes = append(v.nodes, vnode{})
		if len(v.stack) > base {
			f := &v.stack[len(v.stack)-1]
			if f.obj {
				v.nodes[idx].name = f.name
			}
			v.nodes[f.node].n++
		}
		nd := &v.nodes[idx]
		closed := true
		switch c := sc.Peek(); c {
		case '{', '[':
			if len(v.stack)-base >= lim.MaxDepth {
				return -1, ErrAt(vdom.TreeTooDeep, sc.Pos, "a state value nests deeper than "+strconv.Itoa(lim.MaxDepth))
			}
			sc.Pos++
			obj := c == '{'
			nd.kind = KindArray
			if obj {
				nd.kind = KindObject
			}
			if d := sc.Peek(); (obj && d == '}') || (!obj && d == ']') {
				sc.Pos++
				nd.end = idx + 1
				break
			}
			v.stack = append(v.stack, vframe{node: idx, obj: obj})
			if obj {
				if err := v.memberName(sc, lim); err != nil {
					return -1, err
				}
			}
			closed = false
		case '"':
			off, n, esc, k := sc.String(&v.buf, lim.MaxString)
			if k != jsonscan.OK {
				return -1, ScanErr(sc, "a state value")
			}
			nd.kind, nd.s, nd.end = KindString, sref{off: uint32(off), n: uint32(n), buf: esc}, idx+1
		case 't':
			if !sc.Literal("true") {
				return -1, ScanErr(sc, "a state value")
			}
			nd.kind, nd.b, nd.end = KindBool, true, idx+1
		case 'f':
			if !sc.Literal("false") {
				return -1, ScanErr(sc, "a state value")
			}
			nd.kind, nd.end = KindBool, idx+1
		case 'n':
			if !sc.Literal("null") {
				return -1, ScanErr(sc, "a state value")
			}
			nd.kind, nd.end = KindNull, idx+1
		default:
			start, end, ok := sc.Number()
			if !ok {
				return -1, ScanErr(sc, "a state value")
			}
			f, ok := parseNum(sc.Src[start:end])
			if !ok {
				return -1, ErrAt(vdom.Serialization, start, "a number in a state value is out of range")
			}
			nd.kind, nd.num, nd.s, nd.end = KindNumber, f, sref{off: uint32(start), n: uint32(end - start)}, idx+1
		}
		if !closed {
			continue
		}
		// after a value: close containers, or go on to the next member or item
		for {
			if len(v.stack) == base {
				v.hashFrom(root)
				return root, nil
			}
			f := &v.stack[len(v.stack)-1]
			c := sc.Next()
			switch {
			case c == ',':
				if f.obj {
					if err := v.memberName(sc, lim); err != nil {
						return -1, err
					}
				}
			case (c == '}' && f.obj) || (c == ']' && !f.obj):
				v.nodes[f.node].end = int32(len(v.nodes))
				v.stack = v.stack[:len(v.stack)-1]
				continue
			default:
				return -1, ErrAt(vdom.Serialization, sc.Pos-1, "malformed JSON in a state value")
			}
			break
		}
	}
}

// memberName reads `"name":` into the top frame.
func (v *Value) memberName(sc *jsonscan.Scanner, lim Limits) *vdom.Error {
	if sc.Peek() != '"' {
		return ErrAt(vdom.Serialization, sc.Pos, "expected a member name in a state value")
	}
	off, n, esc, k := sc.String(&v.buf, lim.MaxName)
	if k != jsonscan.OK {
		return ScanErr(sc, "a state value")
	}
	if !sc.Expect(':') {
		return ErrAt(vdom.Serialization, sc.Pos, "expected ':' in a state value")
	}
	v.stack[len(v.stack)-1].name = sref{off: uint32(off), n: uint32(n), buf: esc}
	return nil
}

// hashFrom computes the hashes of the subtree at root, children first (a
// reverse pre-order walk). Objects hash their members commutatively, so
// member order does not matter.
func (v *Value) hashFrom(root int32) {
	end := v.nodes[root].end
	for i := end - 1; i >= root; i-- {
		nd := &v.nodes[i]
		switch nd.kind {
		case KindNull:
			nd.hash = nullHash
		case KindBool:
			nd.hash = falseHash
			if nd.b {
				nd.hash = trueHash
			}
		case KindNumber:
			nd.hash = numHash(nd.num)
		case KindString:
			nd.hash = strHash(v.str(nd.s))
		case KindArray:
			h := uint64(KindArray) + 1
			for c := i + 1; c < nd.end; c = v.nodes[c].end {
				h = vdom.Mix(h, v.nodes[c].hash)
			}
			nd.hash = vdom.Mix(h, uint64(nd.n))
		case KindObject:
			var sum uint64
			for c := i + 1; c < nd.end; c = v.nodes[c].end {
				sum += vdom.Mix(xxhash.Sum64(v.str(v.nodes[c].name)), v.nodes[c].hash)
			}
			nd.hash = vdom.Mix(vdom.Mix(uint64(KindObject)+1, sum), uint64(nd.n))
		}
	}
}

// parseNum parses a JSON number; integers of up to 15 digits take a fast path.
func parseNum(b []byte) (float64, bool) {
	if len(b) > 0 && len(b) <= 16 {
		neg := b[0] == '-'
		i := 0
		if neg {
			i = 1
		}
		var n int64
		ok := i < len(b)
		for ; i < len(b); i++ {
			c := b[i]
			if c < '0' || c > '9' {
				ok = false
				break
			}
			n = n*10 + int64(c-'0')
		}
		if ok {
			if neg {
				return -float64(n), true
			}
			return float64(n), true
		}
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// member returns the member of object node i named name, or -1.
func (v *Value) member(i int32, name string) int32 {
	nd := &v.nodes[i]
	if nd.kind != KindObject {
		return -1
	}
	for c := i + 1; c < nd.end; c = v.nodes[c].end {
		if string(v.str(v.nodes[c].name)) == name {
			return c
		}
	}
	return -1
}

// runeLen is the length of a string in characters.
func runeLen(b []byte) int { return utf8.RuneCount(b) }

// Kind is the kind of value i.
func (v *Value) Kind(i int32) Kind { return v.nodes[i].kind }

// Hash is value i's hash: equal values (objects whatever their member order,
// -0 and 0) hash alike.
func (v *Value) Hash(i int32) uint64 { return v.nodes[i].hash }

// ContextHash is the hash of the value at i as another key's context
// counts it: a number of 10 or more by its sign and order of magnitude
// (10–99, 100–999, …), so that a count pushed by the server, whose values
// rarely come back, makes a few contexts and not one per value; anything
// else, small numbers included (a rating, a step, a page: values that come
// back, and whose renders differ), by its hash.
func (v *Value) ContextHash(i int32) uint64 {
	nd := &v.nodes[i]
	if nd.kind != KindNumber || math.Abs(nd.num) < 10 || math.IsInf(nd.num, 0) {
		return nd.hash
	}
	sign := uint64(1)
	if nd.num < 0 {
		sign = 2
	}
	return vdom.Mix(0x636f6e74 /* "cont" */, sign<<8|uint64(math.Floor(math.Log10(math.Abs(nd.num)))))
}

// Text is a string value's string, a number's text as written, or nil.
func (v *Value) Text(i int32) []byte {
	switch nd := &v.nodes[i]; nd.kind {
	case KindString, KindNumber:
		return v.str(nd.s)
	}
	return nil
}

// Items returns the items of the array at root, appended to out[:0] (none
// for null; ok is false for anything else).
func (v *Value) Items(root int32, out []int32) ([]int32, bool) {
	out = out[:0]
	if root < 0 || int(root) >= len(v.nodes) {
		return out, false
	}
	nd := &v.nodes[root]
	switch nd.kind {
	case KindNull:
		return out, true
	case KindArray:
		for c := root + 1; c < nd.end; c = v.nodes[c].end {
			out = append(out, c)
		}
		return out, true
	}
	return out, false
}

// AppendScalars appends what value i shows as text: for an object, its
// members' (non-empty) strings and numbers' texts; otherwise the value's
// own.
func (v *Value) AppendScalars(i int32, strs, nums [][]byte) ([][]byte, [][]byte) {
	add := func(i int32) {
		nd := &v.nodes[i]
		switch nd.kind {
		case KindString:
			if nd.s.n > 0 {
				strs = append(strs, v.str(nd.s))
			}
		case KindNumber:
			nums = append(nums, v.str(nd.s))
		}
	}
	nd := &v.nodes[i]
	if nd.kind == KindObject {
		for c := i + 1; c < nd.end; c = v.nodes[c].end {
			add(c)
		}
	} else {
		add(i)
	}
	return strs, nums
}

// Size is the heap the arena's nodes and unescaped strings take.
func (v *Value) Size() int64 { return memsize.Slice(v.nodes) + memsize.Bytes(cap(v.buf)) }

// StateHash is the hash of the component's whole state with the changed key
// at value root (the change's Old or New): ok is false when the change did
// not carry the whole state (all_state). Objects hash commutatively, so two
// whole states with the same members hash equal whatever their order.
func (v *Value) StateHash(root int32) (h uint64, ok bool) {
	if v.st.all < 0 || root < 0 {
		return 0, false
	}
	return v.stateHash(root), true
}

// maxRelItems bounds the items Relates examines.
const maxRelItems = 256

// Relates reports whether value i names id, the key of a keyed sibling (a
// row "c115", a folder "src"): a string or number equal to it, or an array
// of strings and numbers holding it (the selected rows, the expanded
// folders). A string names id when it is id or id's number part (the digits
// that end an id like "c115" or "up-3"); a number when it is that number.
// Null names nothing. ok is false for any other value (booleans, objects,
// arrays holding anything else or more than maxRelItems items), which
// relate to no key.
func (v *Value) Relates(i int32, id []byte) (rel, ok bool) {
	if i < 0 || int(i) >= len(v.nodes) {
		return false, false
	}
	num := idNumber(id)
	n, hasN := 0.0, false
	if num != nil {
		n, hasN = parseNum(num)
	}
	id2 := idRef{id: id, num: num, n: n, hasN: hasN}
	nd := &v.nodes[i]
	switch nd.kind {
	case KindNull:
		return false, true
	case KindString, KindNumber:
		return v.names(i, &id2), true
	case KindArray:
		n := 0
		for c := i + 1; c < nd.end; c = v.nodes[c].end {
			if k := v.nodes[c].kind; k != KindString && k != KindNumber {
				return false, false
			}
			if n++; n > maxRelItems {
				return false, false
			}
			rel = rel || v.names(c, &id2)
		}
		return rel, true
	}
	return false, false
}

// idRef is a key Relates compares values with: the key, its number part
// (or nil) and that number.
type idRef struct {
	id, num []byte
	n       float64
	hasN    bool
}

// names reports whether the string or number at c names the key.
func (v *Value) names(c int32, r *idRef) bool {
	nd := &v.nodes[c]
	if nd.kind == KindString {
		s := v.str(nd.s)
		return len(s) > 0 && (bytes.Equal(s, r.id) || r.num != nil && bytes.Equal(s, r.num))
	}
	return r.hasN && r.n == nd.num
}

// idNumber is the number part of an id: the digits that end it after a
// prefix of no digits ("c115" → "115", "up-3" → "3", "42" → "42"), or nil
// ("2026-12-03", "src").
func idNumber(id []byte) []byte {
	i := len(id)
	for i > 0 && id[i-1] >= '0' && id[i-1] <= '9' {
		i--
	}
	if i == len(id) || len(id)-i > 15 {
		return nil
	}
	for _, c := range id[:i] {
		if c >= '0' && c <= '9' {
			return nil
		}
	}
	return id[i:]
}

// OthersHash is the hash of the whole state's other keys (the changed key
// left out): the context a change happens in. ok is false when the change
// did not carry the whole state.
func (v *Value) OthersHash() (h uint64, ok bool) {
	if v.st.all < 0 {
		return 0, false
	}
	return vdom.Mix(vdom.Mix(uint64(KindObject)+7, v.st.sum), v.st.n), true
}
