package vdom

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"unsafe"

	"github.com/minimact/engine/runtime/jsonscan"
)

// Prop values that are not strings, as a browser client writes them into
// attributes (client/README.md, "Props and attributes"): the client reads the
// patch JSON with JSON.parse, so a number is written as JavaScript's
// String(n) writes it, and an object or array as
// JSON.stringify(JSON.parse(raw)). The engine keeps such values as written;
// the HTML writer writes what JavaScript would.

// appendJSNumber appends the number whose JSON text is raw as String(n)
// writes it: the shortest digits that read back to the same double, in
// JavaScript's layout (1e+21, 1e-7, 0.000001, 123456789012345680000); -0 is
// 0, a number too large for a double is Infinity. inJSON says it is inside a
// JSON.stringify result, where Infinity is null. ok is false for text that is
// not a number.
func appendJSNumber(dst, raw []byte, inJSON bool) ([]byte, bool) {
	f, err := strconv.ParseFloat(unsafeString(raw), 64)
	if err != nil && !math.IsInf(f, 0) {
		return dst, false
	}
	switch {
	case math.IsInf(f, 0):
		if inJSON {
			return append(dst, "null"...), true
		}
		if f < 0 {
			dst = append(dst, '-')
		}
		return append(dst, "Infinity"...), true
	case f == 0:
		return append(dst, '0'), true
	case f < 0:
		dst = append(dst, '-')
		f = -f
	}
	// digits d1.d2d3...e±x: k digits s, and n with f = s × 10^(n-k)
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, 64)
	mant, exp, _ := bytes.Cut(e, []byte{'e'})
	var s [24]byte
	k := 0
	for _, c := range mant {
		if c != '.' {
			s[k] = c
			k++
		}
	}
	x, _ := strconv.Atoi(unsafeString(exp))
	n := x + 1
	digits := s[:k]
	switch {
	case k <= n && n <= 21:
		dst = append(dst, digits...)
		for i := 0; i < n-k; i++ {
			dst = append(dst, '0')
		}
	case 0 < n && n <= 21:
		dst = append(dst, digits[:n]...)
		dst = append(dst, '.')
		dst = append(dst, digits[n:]...)
	case -6 < n && n <= 0:
		dst = append(dst, '0', '.')
		for i := 0; i < -n; i++ {
			dst = append(dst, '0')
		}
		dst = append(dst, digits...)
	default:
		dst = append(dst, digits[0])
		if k > 1 {
			dst = append(dst, '.')
			dst = append(dst, digits[1:]...)
		}
		dst = append(dst, 'e')
		if n-1 >= 0 {
			dst = append(dst, '+')
		}
		dst = strconv.AppendInt(dst, int64(n-1), 10)
	}
	return dst, true
}

// appendJSString appends b, a valid UTF-8 string, quoted as JSON.stringify
// quotes it.
func appendJSString(dst, b []byte) []byte { return jsonscan.AppendStringAs(dst, b, jsonscan.JS) }

// jsonNorm writes JSON.stringify(JSON.parse(raw)) for a raw JSON value,
// without recursion and, once its buffers have grown, without allocating.
// It parses the value into a flat list of values, then writes them: an
// object's members whose names are array indices first, in ascending
// order, then the others in the order they first appear, a repeated name
// keeping its first place and its last value.
type jsonNorm struct {
	sc     jsonscan.Scanner
	vals   []jsVal
	text   []byte  // scalars' and names' output text
	str    []byte  // the scanner's unescaping buffer
	stack  []int32 // open containers while parsing; what to write while writing
	mem    []int32 // scratch: one object's members
	sorted []int32 // scratch: the same, by name
}

// jsVal is one value of a parsed raw value.
type jsVal struct {
	kind        byte     // '{', '[', or 's' (a scalar: text holds it)
	text        [2]int32 // a scalar's output text
	name        [2]int32 // a member's name, quoted; [0 0] for no member
	index       int64    // a member name's array index, or -1
	place       int32    // where a member is written among its siblings: its name's first place
	first, last int32    // a container's first and last child, or -1
	next        int32    // the next sibling, or -1
}

// add appends a value, as the last child of parent (-1: none), and returns
// its index.
func (j *jsonNorm) add(parent int32, kind byte) int32 {
	v := int32(len(j.vals))
	j.vals = append(j.vals, jsVal{kind: kind, index: -1, first: -1, last: -1, next: -1, place: v})
	if parent >= 0 {
		p := &j.vals[parent]
		if p.last >= 0 {
			j.vals[p.last].next = v
		} else {
			p.first = v
		}
		p.last = v
	}
	return v
}

// arrayIndex returns the array index a member name (unescaped) stands for in
// JavaScript's property order, or -1: a canonical decimal below 2^32-1.
func arrayIndex(b []byte) int64 {
	if len(b) == 0 || len(b) > 10 || len(b) > 1 && b[0] == '0' {
		return -1
	}
	var x int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return -1
		}
		x = x*10 + int64(c-'0')
	}
	if x >= 1<<32-1 {
		return -1
	}
	return x
}

// appendNormal appends the normalized form of raw, a JSON value nesting at
// most maxDepth deep. ok is false when raw is not such a value.
func (j *jsonNorm) appendNormal(dst, raw []byte, maxDepth int) ([]byte, bool) {
	j.vals, j.text, j.stack = j.vals[:0], j.text[:0], j.stack[:0]
	sc := &j.sc
	sc.Reset(raw)
	parent := int32(-1)
	var name [2]int32
	index := int64(-1)
	for {
		// a value
		c := sc.Peek()
		var v int32
		if c == '{' || c == '[' {
			if len(j.stack) >= maxDepth {
				return dst, false
			}
			sc.Pos++
			v = j.add(parent, c)
		} else {
			from := len(j.text)
			switch c {
			case '"':
				j.str = j.str[:0]
				off, n, esc, k := sc.String(&j.str, math.MaxInt32)
				if k != jsonscan.OK {
					return dst, false
				}
				j.text = appendJSString(j.text, j.stringBytes(raw, off, n, esc))
			case 't', 'f', 'n':
				word := "null"
				if c == 't' {
					word = "true"
				} else if c == 'f' {
					word = "false"
				}
				if !sc.Literal(word) {
					return dst, false
				}
				j.text = append(j.text, word...)
			default:
				start, end, ok := sc.Number()
				if !ok {
					return dst, false
				}
				if j.text, ok = appendJSNumber(j.text, raw[start:end], true); !ok {
					return dst, false
				}
			}
			v = j.add(parent, 's')
			j.vals[v].text = [2]int32{int32(from), int32(len(j.text))}
		}
		if parent >= 0 && j.vals[parent].kind == '{' {
			j.vals[v].name, j.vals[v].index = name, index
		}
		if c == '{' || c == '[' {
			j.stack = append(j.stack, v)
			parent = v
			if d := sc.Peek(); d != '}' && d != ']' {
				if c == '{' {
					var ok bool
					if name, index, ok = j.member(raw); !ok {
						return dst, false
					}
				}
				continue
			}
			if d := sc.Next(); d == '}' && c != '{' || d == ']' && c != '[' {
				return dst, false
			}
			j.stack = j.stack[:len(j.stack)-1]
			parent = j.parentOf()
		}
		// after a value: close containers, or go on to the next entry
		for {
			if len(j.stack) == 0 {
				if sc.Peek(); sc.Pos != len(raw) {
					return dst, false
				}
				return j.write(dst), true
			}
			top := &j.vals[j.stack[len(j.stack)-1]]
			d := sc.Next()
			if d == ',' {
				if top.kind == '{' {
					var ok bool
					if name, index, ok = j.member(raw); !ok {
						return dst, false
					}
				}
				break
			}
			if d == '}' && top.kind == '{' || d == ']' && top.kind == '[' {
				j.stack = j.stack[:len(j.stack)-1]
				parent = j.parentOf()
				continue
			}
			return dst, false
		}
	}
}

// parentOf is the innermost open container, or -1.
func (j *jsonNorm) parentOf() int32 {
	if len(j.stack) == 0 {
		return -1
	}
	return j.stack[len(j.stack)-1]
}

// stringBytes returns the string the scanner read: in j.str when it held
// escapes, else a view of raw.
func (j *jsonNorm) stringBytes(raw []byte, off, n int, esc bool) []byte {
	if esc {
		return j.str[off : off+n]
	}
	return raw[off : off+n]
}

// member reads a member name and its colon: the name quoted into text, and
// its array index.
func (j *jsonNorm) member(raw []byte) (name [2]int32, index int64, ok bool) {
	sc := &j.sc
	if sc.Peek() != '"' {
		return name, -1, false
	}
	j.str = j.str[:0]
	off, n, esc, k := sc.String(&j.str, math.MaxInt32)
	if k != jsonscan.OK || !sc.Expect(':') {
		return name, -1, false
	}
	b := j.stringBytes(raw, off, n, esc)
	from := len(j.text)
	j.text = appendJSString(j.text, b)
	return [2]int32{int32(from), int32(len(j.text))}, arrayIndex(b), true
}

func (j *jsonNorm) span(r [2]int32) []byte { return j.text[r[0]:r[1]] }

// write appends the parsed value, its objects' members in JavaScript's
// order.
func (j *jsonNorm) write(dst []byte) []byte {
	// the stack holds what to write: a value's index, -1 for a comma, or
	// -(i+2) for the end of container i
	j.stack = append(j.stack[:0], 0)
	for len(j.stack) > 0 {
		x := j.stack[len(j.stack)-1]
		j.stack = j.stack[:len(j.stack)-1]
		if x == -1 {
			dst = append(dst, ',')
			continue
		}
		if x < -1 {
			if j.vals[-x-2].kind == '{' {
				dst = append(dst, '}')
			} else {
				dst = append(dst, ']')
			}
			continue
		}
		v := &j.vals[x]
		if v.name[1] > v.name[0] {
			dst = append(dst, j.span(v.name)...)
			dst = append(dst, ':')
		}
		if v.kind == 's' {
			dst = append(dst, j.span(v.text)...)
			continue
		}
		dst = append(dst, v.kind)
		mem := j.mem[:0]
		for c := v.first; c >= 0; c = j.vals[c].next {
			mem = append(mem, c)
		}
		if v.kind == '{' {
			mem = j.order(mem)
		}
		j.stack = append(j.stack, -x-2)
		for i := len(mem) - 1; i >= 0; i-- {
			j.stack = append(j.stack, mem[i])
			if i > 0 {
				j.stack = append(j.stack, -1)
			}
		}
		j.mem = mem
	}
	return dst
}

// order returns the members mem of an object (in document order) in
// JavaScript's property order, a repeated name once, in its first place with
// its last value.
func (j *jsonNorm) order(mem []int32) []int32 {
	byName := append(j.sorted[:0], mem...)
	slices.SortStableFunc(byName, func(a, b int32) int {
		return bytes.Compare(j.span(j.vals[a].name), j.span(j.vals[b].name))
	})
	kept := mem[:0]
	for i := 0; i < len(byName); {
		k := i
		for k+1 < len(byName) && bytes.Equal(j.span(j.vals[byName[k+1]].name), j.span(j.vals[byName[i]].name)) {
			k++
		}
		// stable: byName[i] is the first, byName[k] the last
		last := byName[k]
		j.vals[last].place = byName[i]
		kept = append(kept, last)
		i = k + 1
	}
	j.sorted = byName
	slices.SortFunc(kept, func(a, b int32) int {
		x, y := &j.vals[a], &j.vals[b]
		switch {
		case x.index >= 0 && y.index >= 0:
			return int(x.index - y.index)
		case x.index >= 0:
			return -1
		case y.index >= 0:
			return 1
		}
		return int(x.place - y.place)
	})
	return kept
}

// unsafeString views b as a string, valid while b is.
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
