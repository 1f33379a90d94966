// Package jsonscan holds the JSON lexing primitives the generated decoders in
// generated/vdom call: whitespace, strings (with every escape, surrogate pairs
// and UTF-8 validation), numbers, literals, and an iterative skip of any value
// whose nesting is bounded by the caller.
//
// It knows nothing of VNodes. Errors are reported as a Kind and the byte offset
// where they were found; the decoder turns them into coded errors.
//
// Invariant: no function here recurses, allocates except to grow the caller's
// unescape buffer, or reads outside Src.
package jsonscan

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// Kind classifies a lexing failure.
type Kind uint8

// The lexing failures.
const (
	OK      Kind = iota
	Syntax       // not well-formed JSON
	BadUTF8      // a string holds invalid UTF-8 or an unpaired surrogate escape
	TooDeep      // a skipped value nests deeper than allowed
	TooLong      // a string is longer than allowed
)

// Scanner reads JSON from Src starting at Pos. After a failure, Err and ErrPos
// say what and where; the scanner must not be used further.
type Scanner struct {
	Src    []byte
	Pos    int
	Err    Kind
	ErrPos int
	stack  []uint64 // bitset of open containers while skipping: 1 = object
}

// Reset points the scanner at src.
func (s *Scanner) Reset(src []byte) {
	s.Src, s.Pos, s.Err, s.ErrPos = src, 0, OK, 0
}

// Fail records a failure at pos and returns kind.
func (s *Scanner) Fail(kind Kind, pos int) Kind {
	if s.Err == OK {
		s.Err, s.ErrPos = kind, pos
	}
	return kind
}

// Peek skips whitespace and returns the next byte without consuming it, or 0
// at the end of input.
func (s *Scanner) Peek() byte {
	src, i := s.Src, s.Pos
	for i < len(src) {
		c := src[i]
		if c > ' ' {
			s.Pos = i
			return c
		}
		if c != ' ' && c != '\n' && c != '\r' && c != '\t' {
			s.Pos = i
			return c
		}
		i++
	}
	s.Pos = i
	return 0
}

// Next skips whitespace and consumes and returns the next byte, or 0.
func (s *Scanner) Next() byte {
	c := s.Peek()
	if c != 0 {
		s.Pos++
	}
	return c
}

// Expect consumes c after whitespace, or fails with Syntax.
func (s *Scanner) Expect(c byte) bool {
	if s.Peek() == c {
		s.Pos++
		return true
	}
	s.Fail(Syntax, s.Pos)
	return false
}

// Literal consumes the literal word (null, true, false) whose first byte is
// at Pos.
func (s *Scanner) Literal(word string) bool {
	if len(s.Src)-s.Pos >= len(word) && string(s.Src[s.Pos:s.Pos+len(word)]) == word {
		s.Pos += len(word)
		return true
	}
	s.Fail(Syntax, s.Pos)
	return false
}

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// special reports, in the high bit of each byte, the bytes of x that end the
// fast path of a string: '"', '\\', control bytes and non-ASCII. The lowest
// flagged byte is always a true hit (borrows only propagate upwards).
func special(x uint64) uint64 {
	q := x ^ (ones * '"')
	b := x ^ (ones * '\\')
	return ((q - ones) &^ q) | ((b - ones) &^ b) | ((x - ones*0x20) &^ x) | x&highs
}

// String reads the string whose opening quote is at Pos. When it holds no
// escape, it is returned as a view [off, off+n) of Src and esc is false.
// Otherwise it is unescaped onto *buf, and [off, off+n) is within *buf and esc
// is true. n is the unescaped length; a string longer than max fails with
// TooLong as soon as that is known.
func (s *Scanner) String(buf *[]byte, max int) (off, n int, esc bool, k Kind) {
	src := s.Src
	start := s.Pos + 1
	i := start
	for {
		for i+8 <= len(src) {
			m := special(binary.LittleEndian.Uint64(src[i:])) & highs
			if m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		if i >= len(src) {
			return 0, 0, false, s.Fail(Syntax, len(src))
		}
		c := src[i]
		switch {
		case c == '"':
			n = i - start
			if n > max {
				return 0, 0, false, s.Fail(TooLong, start)
			}
			s.Pos = i + 1
			return start, n, false, OK
		case c == '\\':
			return s.unescape(buf, start, i, max)
		case c < 0x20:
			return 0, 0, false, s.Fail(Syntax, i)
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size <= 1 {
				return 0, 0, false, s.Fail(BadUTF8, i)
			}
			i += size
		default:
			i++ // an ordinary byte in the last 7
		}
		if i-start > max {
			return 0, 0, false, s.Fail(TooLong, start)
		}
	}
}

// unescape finishes a string from its first backslash at i, writing the
// unescaped bytes onto *buf.
func (s *Scanner) unescape(buf *[]byte, start, i, max int) (off, n int, esc bool, k Kind) {
	src := s.Src
	b := *buf
	off = len(b)
	b = append(b, src[start:i]...)
	for i < len(src) {
		if len(b)-off > max {
			*buf = b[:off]
			return 0, 0, false, s.Fail(TooLong, start)
		}
		c := src[i]
		switch {
		case c == '"':
			*buf = b
			s.Pos = i + 1
			return off, len(b) - off, true, OK
		case c < 0x20:
			*buf = b[:off]
			return 0, 0, false, s.Fail(Syntax, i)
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size <= 1 {
				*buf = b[:off]
				return 0, 0, false, s.Fail(BadUTF8, i)
			}
			b = append(b, src[i:i+size]...)
			i += size
			continue
		case c != '\\':
			b = append(b, c)
			i++
			continue
		}
		if i+1 >= len(src) {
			break
		}
		switch e := src[i+1]; e {
		case '"', '\\', '/':
			b = append(b, e)
			i += 2
		case 'b':
			b, i = append(b, '\b'), i+2
		case 'f':
			b, i = append(b, '\f'), i+2
		case 'n':
			b, i = append(b, '\n'), i+2
		case 'r':
			b, i = append(b, '\r'), i+2
		case 't':
			b, i = append(b, '\t'), i+2
		case 'u':
			r, ok := hex4(src, i+2)
			if !ok {
				*buf = b[:off]
				return 0, 0, false, s.Fail(Syntax, i)
			}
			i += 6
			switch {
			case r >= 0xD800 && r < 0xDC00: // high surrogate: a low one must follow
				lo, ok := rune(0), false
				if i+1 < len(src) && src[i] == '\\' && src[i+1] == 'u' {
					lo, ok = hex4(src, i+2)
				}
				if !ok || lo < 0xDC00 || lo >= 0xE000 {
					*buf = b[:off]
					return 0, 0, false, s.Fail(BadUTF8, i-6)
				}
				r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
				i += 6
			case r >= 0xDC00 && r < 0xE000:
				*buf = b[:off]
				return 0, 0, false, s.Fail(BadUTF8, i-6)
			}
			b = utf8.AppendRune(b, r)
		default:
			*buf = b[:off]
			return 0, 0, false, s.Fail(Syntax, i)
		}
	}
	*buf = b[:off]
	return 0, 0, false, s.Fail(Syntax, len(src))
}

func hex4(src []byte, i int) (rune, bool) {
	if i+4 > len(src) {
		return 0, false
	}
	var r rune
	for _, c := range src[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// Number consumes a JSON number at Pos and returns its span.
func (s *Scanner) Number() (start, end int, ok bool) {
	src, i := s.Src, s.Pos
	start = i
	if i < len(src) && src[i] == '-' {
		i++
	}
	switch {
	case i < len(src) && src[i] == '0':
		i++
	case i < len(src) && src[i] >= '1' && src[i] <= '9':
		for i < len(src) && src[i] >= '0' && src[i] <= '9' {
			i++
		}
	default:
		s.Fail(Syntax, i)
		return 0, 0, false
	}
	if i < len(src) && src[i] == '.' {
		i++
		d := i
		for i < len(src) && src[i] >= '0' && src[i] <= '9' {
			i++
		}
		if i == d {
			s.Fail(Syntax, i)
			return 0, 0, false
		}
	}
	if i < len(src) && (src[i] == 'e' || src[i] == 'E') {
		i++
		if i < len(src) && (src[i] == '+' || src[i] == '-') {
			i++
		}
		d := i
		for i < len(src) && src[i] >= '0' && src[i] <= '9' {
			i++
		}
		if i == d {
			s.Fail(Syntax, i)
			return 0, 0, false
		}
	}
	s.Pos = i
	return start, i, true
}

// Index consumes a non-negative integer no larger than max (a path index).
func (s *Scanner) Index(max int) (int, bool) {
	start, end, ok := s.Number()
	if !ok {
		return 0, false
	}
	v := 0
	for _, c := range s.Src[start:end] {
		// v*10 + d <= max, checked without overflow
		if d := int(c - '0'); c < '0' || c > '9' || d > max || v > (max-d)/10 {
			s.Fail(Syntax, start)
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// Skip consumes any JSON value at Pos, iteratively. Containers may nest at most
// maxDepth deep; strings are validated like String's but not kept.
func (s *Scanner) Skip(maxDepth int) Kind {
	depth := 0
	var scratch []byte
	for {
		// a value
		switch c := s.Peek(); c {
		case '{', '[':
			if depth >= maxDepth {
				return s.Fail(TooDeep, s.Pos)
			}
			s.push(depth, c == '{')
			depth++
			s.Pos++
			if d := s.Peek(); (c == '{' && d == '}') || (c == '[' && d == ']') {
				s.Pos++
				depth--
				break
			}
			if c == '{' {
				if s.Peek() != '"' {
					return s.Fail(Syntax, s.Pos)
				}
				if _, _, _, k := s.String(&scratch, int(^uint(0)>>1)); k != OK {
					return k
				}
				scratch = scratch[:0]
				if !s.Expect(':') {
					return Syntax
				}
			}
			continue
		case '"':
			if _, _, _, k := s.String(&scratch, int(^uint(0)>>1)); k != OK {
				return k
			}
			scratch = scratch[:0]
		case 't':
			if !s.Literal("true") {
				return Syntax
			}
		case 'f':
			if !s.Literal("false") {
				return Syntax
			}
		case 'n':
			if !s.Literal("null") {
				return Syntax
			}
		default:
			if _, _, ok := s.Number(); !ok {
				return Syntax
			}
		}
		// after a value: close containers or move to the next member/element
		for {
			if depth == 0 {
				return OK
			}
			obj := s.top(depth - 1)
			c := s.Next()
			switch {
			case c == ',':
				if obj {
					if s.Peek() != '"' {
						return s.Fail(Syntax, s.Pos)
					}
					if _, _, _, k := s.String(&scratch, int(^uint(0)>>1)); k != OK {
						return k
					}
					scratch = scratch[:0]
					if !s.Expect(':') {
						return Syntax
					}
				}
			case (c == '}' && obj) || (c == ']' && !obj):
				depth--
				continue
			case c == 0: // the end, or a NUL (which Next does not consume)
				return s.Fail(Syntax, s.Pos)
			default:
				return s.Fail(Syntax, s.Pos-1)
			}
			break
		}
	}
}

func (s *Scanner) push(depth int, obj bool) {
	w := depth >> 6
	for len(s.stack) <= w {
		s.stack = append(s.stack, 0)
	}
	if obj {
		s.stack[w] |= 1 << (depth & 63)
	} else {
		s.stack[w] &^= 1 << (depth & 63)
	}
}

func (s *Scanner) top(depth int) bool {
	return s.stack[depth>>6]&(1<<(depth&63)) != 0
}

// PlainString scans the string whose opening quote is src[i] and returns the
// index of its closing quote when it holds only printable ASCII and no escape
// (the common case, and then its bytes are its value); ok is false otherwise,
// and String must read it.
func PlainString(src []byte, i int) (end int, ok bool) {
	j := i + 1
	for j+8 <= len(src) {
		if m := special(binary.LittleEndian.Uint64(src[j:])) & highs; m != 0 {
			j += bits.TrailingZeros64(m) >> 3
			return j, src[j] == '"'
		}
		j += 8
	}
	for ; j < len(src); j++ {
		switch c := src[j]; {
		case c == '"':
			return j, true
		case c < 0x20 || c == '\\' || c >= utf8.RuneSelf:
			return j, false
		}
	}
	return j, false
}
