package predict

import (
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/jsonscan"
)

// A state value (old_value, new_value: any JSON) is parsed into a flat arena
// of vnodes in pre-order; a container's children follow it, and each node's
// end is the index just past its subtree. Parsing is iterative and bounded by
// the decoder Limits (size, depth, node count, string length).

type vkind uint8

const (
	vNull vkind = iota
	vBool
	vNum
	vStr
	vArr
	vObj
)

// sref is a string of a value: a view of the source, or of buf when unescaped.
type sref struct {
	off, n uint32
	buf    bool
}

type vnode struct {
	kind vkind
	b    bool
	n    int32 // items or members
	end  int32 // index just past the subtree
	num  float64
	s    sref // vStr: the string; vNum: its text
	name sref // the member name, when the parent is an object
	hash uint64
}

// value is an arena of parsed JSON values.
type value struct {
	src   []byte
	buf   []byte
	nodes []vnode
	stack []vframe
}

type vframe struct {
	node int32
	obj  bool
	name sref // the pending member name
}

func (v *value) reset(src []byte) {
	v.src, v.buf, v.nodes, v.stack = src, v.buf[:0], v.nodes[:0], v.stack[:0]
}

func (v *value) str(r sref) []byte {
	if r.buf {
		return v.buf[r.off : r.off+r.n : r.off+r.n]
	}
	return v.src[r.off : r.off+r.n : r.off+r.n]
}

func numHash(f float64) uint64 {
	if f == 0 {
		f = 0 // -0 and 0 are one value
	}
	return vdom.Mix(uint64(vNum)+1, math.Float64bits(f))
}

func strHash(b []byte) uint64 { return vdom.Mix(uint64(vStr)+1, xxhash.Sum64(b)) }

var (
	nullHash  = vdom.Mix(uint64(vNull)+1, 0)
	trueHash  = vdom.Mix(uint64(vBool)+1, 1)
	falseHash = vdom.Mix(uint64(vBool)+1, 2)
)

// valueLimits bound a state change.
type valueLimits struct {
	maxBytes, maxDepth, maxNodes, maxString, maxName int
}

func limitsFor(l vdom.Limits) valueLimits {
	d := vdom.DefaultLimits()
	pick := func(v, def int) int {
		if v <= 0 {
			return def
		}
		return v
	}
	return valueLimits{
		maxBytes:  pick(l.MaxJSONBytes, d.MaxJSONBytes),
		maxDepth:  pick(l.MaxTreeDepth, d.MaxTreeDepth),
		maxNodes:  pick(l.MaxNodeCount, d.MaxNodeCount),
		maxString: pick(l.MaxTextLength, d.MaxTextLength),
		maxName:   pick(l.MaxPropValueLength, d.MaxPropValueLength),
	}
}

func vfail(code vdom.Code, off int, msg string) *vdom.Error {
	return &vdom.Error{Code: code, Message: msg, Offset: off, Patch: -1}
}

func scanFail(sc *jsonscan.Scanner, what string) *vdom.Error {
	switch sc.Err {
	case jsonscan.BadUTF8:
		return vfail(vdom.InvalidUtf8, sc.ErrPos, "invalid UTF-8 in "+what)
	case jsonscan.TooLong:
		return vfail(vdom.TextTooLong, sc.ErrPos, "a string in "+what+" is too long")
	case jsonscan.TooDeep:
		return vfail(vdom.TreeTooDeep, sc.ErrPos, what+" nests too deeply")
	}
	return vfail(vdom.Serialization, sc.ErrPos, "malformed JSON in "+what)
}

// parse reads one JSON value at sc.Pos into v and returns its index.
func (v *value) parse(sc *jsonscan.Scanner, lim valueLimits) (int32, *vdom.Error) {
	base := len(v.stack)
	root := int32(len(v.nodes))
	for {
		// a value
		if len(v.nodes) >= lim.maxNodes {
			return -1, vfail(vdom.TreeTooLarge, sc.Pos, "a state value has more than "+strconv.Itoa(lim.maxNodes)+" parts")
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
			if len(v.stack)-base >= lim.maxDepth {
				return -1, vfail(vdom.TreeTooDeep, sc.Pos, "a state value nests deeper than "+strconv.Itoa(lim.maxDepth))
			}
			sc.Pos++
			obj := c == '{'
			nd.kind = vArr
			if obj {
				nd.kind = vObj
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
			off, n, esc, k := sc.String(&v.buf, lim.maxString)
			if k != jsonscan.OK {
				return -1, scanFail(sc, "a state value")
			}
			nd.kind, nd.s, nd.end = vStr, sref{off: uint32(off), n: uint32(n), buf: esc}, idx+1
		case 't':
			if !sc.Literal("true") {
				return -1, scanFail(sc, "a state value")
			}
			nd.kind, nd.b, nd.end = vBool, true, idx+1
		case 'f':
			if !sc.Literal("false") {
				return -1, scanFail(sc, "a state value")
			}
			nd.kind, nd.end = vBool, idx+1
		case 'n':
			if !sc.Literal("null") {
				return -1, scanFail(sc, "a state value")
			}
			nd.kind, nd.end = vNull, idx+1
		default:
			start, end, ok := sc.Number()
			if !ok {
				return -1, scanFail(sc, "a state value")
			}
			f, ok := parseNum(sc.Src[start:end])
			if !ok {
				return -1, vfail(vdom.Serialization, start, "a number in a state value is out of range")
			}
			nd.kind, nd.num, nd.s, nd.end = vNum, f, sref{off: uint32(start), n: uint32(end - start)}, idx+1
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
				return -1, vfail(vdom.Serialization, sc.Pos-1, "malformed JSON in a state value")
			}
			break
		}
	}
}

// memberName reads `"name":` into the top frame.
func (v *value) memberName(sc *jsonscan.Scanner, lim valueLimits) *vdom.Error {
	if sc.Peek() != '"' {
		return vfail(vdom.Serialization, sc.Pos, "expected a member name in a state value")
	}
	off, n, esc, k := sc.String(&v.buf, lim.maxName)
	if k != jsonscan.OK {
		return scanFail(sc, "a state value")
	}
	if !sc.Expect(':') {
		return vfail(vdom.Serialization, sc.Pos, "expected ':' in a state value")
	}
	v.stack[len(v.stack)-1].name = sref{off: uint32(off), n: uint32(n), buf: esc}
	return nil
}

// hashFrom computes the hashes of the subtree at root, children first (a
// reverse pre-order walk). Objects hash their members commutatively, so
// member order does not matter.
func (v *value) hashFrom(root int32) {
	end := v.nodes[root].end
	for i := end - 1; i >= root; i-- {
		nd := &v.nodes[i]
		switch nd.kind {
		case vNull:
			nd.hash = nullHash
		case vBool:
			nd.hash = falseHash
			if nd.b {
				nd.hash = trueHash
			}
		case vNum:
			nd.hash = numHash(nd.num)
		case vStr:
			nd.hash = strHash(v.str(nd.s))
		case vArr:
			h := uint64(vArr) + 1
			for c := i + 1; c < nd.end; c = v.nodes[c].end {
				h = vdom.Mix(h, v.nodes[c].hash)
			}
			nd.hash = vdom.Mix(h, uint64(nd.n))
		case vObj:
			var sum uint64
			for c := i + 1; c < nd.end; c = v.nodes[c].end {
				sum += vdom.Mix(xxhash.Sum64(v.str(v.nodes[c].name)), v.nodes[c].hash)
			}
			nd.hash = vdom.Mix(vdom.Mix(uint64(vObj)+1, sum), uint64(nd.n))
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
func (v *value) member(i int32, name string) int32 {
	nd := &v.nodes[i]
	if nd.kind != vObj {
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

// change is a parsed StateChange: {"component_id","state_key","old_value","new_value"}.
type change struct {
	raw              []byte // the object as given, without surrounding whitespace
	comp, key        []byte
	v                value
	oldRoot, newRoot int32
	compRef, keyRef  sref
	sc               jsonscan.Scanner
}

// parse parses src, a StateChange object. Values absent or null are null;
// component_id and state_key must be strings.
func (c *change) parse(src []byte, lim valueLimits) error {
	c.v.reset(src)
	c.comp, c.key, c.raw = nil, nil, nil
	c.oldRoot, c.newRoot = -1, -1
	if len(src) > lim.maxBytes {
		return vfail(vdom.JsonTooLarge, 0, "state change of "+strconv.Itoa(len(src))+" bytes exceeds the limit of "+strconv.Itoa(lim.maxBytes))
	}
	sc := &c.sc
	sc.Reset(src)
	if sc.Peek() != '{' {
		return vfail(vdom.Serialization, sc.Pos, "a state change must be a JSON object")
	}
	start := sc.Pos
	sc.Pos++
	var seen uint8
	var scratch []byte
	end := 0
	for first := true; ; first = false {
		ch := sc.Peek()
		if ch == '}' {
			sc.Pos++
			end = sc.Pos
			break
		}
		if !first {
			if ch != ',' {
				return vfail(vdom.Serialization, sc.Pos, "expected ',' or '}' in a state change")
			}
			sc.Pos++
		}
		if sc.Peek() != '"' {
			return vfail(vdom.Serialization, sc.Pos, "expected a member name in a state change")
		}
		scratch = scratch[:0]
		off, n, esc, k := sc.String(&scratch, 64)
		var name []byte
		switch {
		case k == jsonscan.TooLong:
			sc.Err, name = jsonscan.OK, nil
			// a long name is no member we know: skip the rest of it
			if sc.Skip(1) != jsonscan.OK {
				return scanFail(sc, "a state change")
			}
		case k != jsonscan.OK:
			return scanFail(sc, "a state change")
		case esc:
			name = scratch[off : off+n]
		default:
			name = src[off : off+n]
		}
		if !sc.Expect(':') {
			return vfail(vdom.Serialization, sc.Pos, "expected ':' in a state change")
		}
		var bit uint8
		switch string(name) {
		case "component_id":
			bit = 1
		case "state_key":
			bit = 2
		case "old_value":
			bit = 4
		case "new_value":
			bit = 8
		default:
			if sc.Skip(lim.maxDepth) != jsonscan.OK {
				return scanFail(sc, "a state change")
			}
			continue
		}
		if seen&bit != 0 {
			return vfail(vdom.Serialization, sc.Pos, "duplicate member \""+string(name)+"\" in a state change")
		}
		seen |= bit
		switch bit {
		case 1, 2:
			if sc.Peek() != '"' {
				return vfail(vdom.Serialization, sc.Pos, "\""+string(name)+"\" must be a string")
			}
			off, n, esc, k := sc.String(&c.v.buf, lim.maxName)
			if k != jsonscan.OK {
				return scanFail(sc, "a state change")
			}
			r := sref{off: uint32(off), n: uint32(n), buf: esc}
			if bit == 1 {
				c.compRef = r
			} else {
				c.keyRef = r
			}
		case 4, 8:
			root, err := c.v.parse(sc, lim)
			if err != nil {
				return err
			}
			if bit == 4 {
				c.oldRoot = root
			} else {
				c.newRoot = root
			}
		}
	}
	if sc.Peek(); sc.Pos != len(src) {
		return vfail(vdom.Serialization, sc.Pos, "unexpected data after the state change")
	}
	if seen&1 == 0 {
		return vfail(vdom.Serialization, start, "state change without \"component_id\"")
	}
	if seen&2 == 0 {
		return vfail(vdom.Serialization, start, "state change without \"state_key\"")
	}
	for _, r := range []*int32{&c.oldRoot, &c.newRoot} {
		if *r < 0 {
			*r = int32(len(c.v.nodes))
			c.v.nodes = append(c.v.nodes, vnode{kind: vNull, end: *r + 1, hash: nullHash})
		}
	}
	c.comp, c.key = c.v.str(c.compRef), c.v.str(c.keyRef)
	c.raw = src[start:end]
	return nil
}
