package jsonscan_test

import (
	"math"
	"strings"
	"testing"

	"github.com/minimact/engine/runtime/jsonscan"
)

func scanner(src string) *jsonscan.Scanner {
	s := &jsonscan.Scanner{}
	s.Reset([]byte(src))
	return s
}

func TestPeekNext(t *testing.T) {
	for _, c := range []struct {
		src         string
		peek        byte
		pos         int // after Peek
		next, next2 byte
	}{
		{"", 0, 0, 0, 0},
		{"   ", 0, 3, 0, 0},
		{" \t\r\n x", 'x', 5, 'x', 0},
		{"{}", '{', 0, '{', '}'},
		{" [ 1", '[', 1, '[', '1'},
		{"\x00", 0, 0, 0, 0},               // a NUL is not the end: Pos stays before it
		{" \x01 a", 1, 1, 1, 'a'},          // a control byte is returned, not skipped
		{"\x0b\x0ca", 0x0b, 0, 0x0b, 0x0c}, // VT and FF are not JSON whitespace
		{"\xff", 0xff, 0, 0xff, 0},
	} {
		s := scanner(c.src)
		if got := s.Peek(); got != c.peek || s.Pos != c.pos {
			t.Errorf("%q: Peek %q at %d, want %q at %d", c.src, got, s.Pos, c.peek, c.pos)
		}
		if got := s.Peek(); got != c.peek || s.Pos != c.pos {
			t.Errorf("%q: Peek is not idempotent", c.src)
		}
		if got := s.Next(); got != c.next {
			t.Errorf("%q: Next %q, want %q", c.src, got, c.next)
		}
		if c.next != 0 {
			if got := s.Next(); got != c.next2 {
				t.Errorf("%q: second Next %q, want %q", c.src, got, c.next2)
			}
		}
		if s.Err != jsonscan.OK {
			t.Errorf("%q: Peek/Next failed: %v", c.src, s.Err)
		}
	}
	// Next at the end or at a NUL consumes nothing.
	s := scanner("\x00")
	s.Next()
	if s.Pos != 0 {
		t.Errorf("Next consumed a NUL")
	}
}

func TestExpectLiteralFail(t *testing.T) {
	s := scanner("  : ,x")
	if !s.Expect(':') || s.Pos != 3 {
		t.Fatalf("Expect(':') at %d", s.Pos)
	}
	if !s.Expect(',') || s.Pos != 5 {
		t.Fatalf("Expect(',') at %d", s.Pos)
	}
	if s.Expect(']') || s.Err != jsonscan.Syntax || s.ErrPos != 5 || s.Pos != 5 {
		t.Fatalf("Expect(']') on x: err %v at %d, pos %d", s.Err, s.ErrPos, s.Pos)
	}
	// The first failure is kept.
	if k := s.Fail(jsonscan.TooDeep, 1); k != jsonscan.TooDeep || s.Err != jsonscan.Syntax || s.ErrPos != 5 {
		t.Fatalf("Fail overwrote the first failure: %v at %d", s.Err, s.ErrPos)
	}
	s.Reset([]byte("x"))
	if s.Err != jsonscan.OK || s.ErrPos != 0 || s.Pos != 0 {
		t.Fatalf("Reset did not clear the failure")
	}
	if !s.Expect('x') || s.Expect('x') || s.ErrPos != 1 {
		t.Fatalf("Expect at the end: %v at %d", s.Err, s.ErrPos)
	}

	for _, c := range []struct {
		src, word string
		ok        bool
		pos       int
	}{
		{"true", "true", true, 4},
		{"false]", "false", true, 5},
		{"null,", "null", true, 4},
		{"truex", "true", true, 4}, // the caller checks what follows
		{"tru", "true", false, 0},
		{"nul", "null", false, 0},
		{"nulL", "null", false, 0},
		{"", "null", false, 0},
		{"True", "true", false, 0},
	} {
		s := scanner(c.src)
		if ok := s.Literal(c.word); ok != c.ok || s.Pos != c.pos {
			t.Errorf("Literal(%q) on %q: %v at %d, want %v at %d", c.word, c.src, ok, s.Pos, c.ok, c.pos)
		}
		if !c.ok && (s.Err != jsonscan.Syntax || s.ErrPos != 0) {
			t.Errorf("Literal(%q) on %q: err %v at %d", c.word, c.src, s.Err, s.ErrPos)
		}
	}
}

const noMax = math.MaxInt

// TestString: every escape, surrogate pairs, lone surrogates, invalid UTF-8,
// control bytes, unterminated strings and TooLong; the plain case as a view
// of Src, the escaped one unescaped onto the buffer.
func TestString(t *testing.T) {
	long := strings.Repeat("abcdefgh", 5)
	for _, c := range []struct {
		name, src string
		max       int
		want      string
		esc       bool
		kind      jsonscan.Kind
		errPos    int
	}{
		{"empty", `""`, noMax, "", false, jsonscan.OK, 0},
		{"plain", `"abc" ,`, noMax, "abc", false, jsonscan.OK, 0},
		{"plain long (the 8-byte path)", `"` + long + `"`, noMax, long, false, jsonscan.OK, 0},
		{"non-ASCII plain", `"héllo €😀 "`, noMax, "héllo €😀 ", false, jsonscan.OK, 0},
		{"DEL and high ASCII punctuation are plain", "\"\x7f~{}\"", noMax, "\x7f~{}", false, jsonscan.OK, 0},
		{"U+FFFD written is valid", "\"\xef\xbf\xbd\"", noMax, "\ufffd", false, jsonscan.OK, 0},
		{"quote", `"a\"b"`, noMax, `a"b`, true, jsonscan.OK, 0},
		{"backslash", `"a\\b"`, noMax, `a\b`, true, jsonscan.OK, 0},
		{"slash", `"a\/b"`, noMax, "a/b", true, jsonscan.OK, 0},
		{"short escapes", `"\b\f\n\r\t"`, noMax, "\b\f\n\r\t", true, jsonscan.OK, 0},
		{"\\u ASCII", `"\u0041\u007a"`, noMax, "Az", true, jsonscan.OK, 0},
		{"\\u NUL", `"\u0000"`, noMax, "\x00", true, jsonscan.OK, 0},
		{"\\u upper and lower hex", `"\u00E9\u00e9\u20AC"`, noMax, "éé€", true, jsonscan.OK, 0},
		{"\\u U+FFFF", `"\uffff"`, noMax, "\uffff", true, jsonscan.OK, 0},
		{"surrogate pair", `"\uD83D\uDE00"`, noMax, "😀", true, jsonscan.OK, 0},
		{"surrogate pair, lower hex", `"x\ud83d\ude00y"`, noMax, "x😀y", true, jsonscan.OK, 0},
		{"highest pair", `"\uDBFF\uDFFF"`, noMax, "\U0010FFFF", true, jsonscan.OK, 0},
		{"escape after non-ASCII", `"é\n😀"`, noMax, "é\n😀", true, jsonscan.OK, 0},
		{"escape after 8 plain bytes", `"` + long + `\t` + long + `"`, noMax, long + "\t" + long, true, jsonscan.OK, 0},
		// failures
		{"lone high surrogate", `"a\uD800"`, noMax, "", false, jsonscan.BadUTF8, 2},
		{"high surrogate then text", `"\uD800x"`, noMax, "", false, jsonscan.BadUTF8, 1},
		{"high surrogate then a non-low escape", `"\uD800\u0041"`, noMax, "", false, jsonscan.BadUTF8, 1},
		{"high surrogate then a high one", `"\uD800\uD800"`, noMax, "", false, jsonscan.BadUTF8, 1},
		{"high surrogate then \\n", `"\uD800\n"`, noMax, "", false, jsonscan.BadUTF8, 1},
		{"lone low surrogate", `"\uDC00"`, noMax, "", false, jsonscan.BadUTF8, 1},
		{"lone low surrogate after text", `"ab\uDFFF"`, noMax, "", false, jsonscan.BadUTF8, 3},
		{"invalid UTF-8 byte", "\"a\xffb\"", noMax, "", false, jsonscan.BadUTF8, 2},
		{"invalid UTF-8 after an escape", "\"\\n\xff\"", noMax, "", false, jsonscan.BadUTF8, 3},
		{"invalid UTF-8 in the 8-byte path", "\"" + long + "\xc3\"", noMax, "", false, jsonscan.BadUTF8, 41},
		{"overlong encoding", "\"\xc0\x80\"", noMax, "", false, jsonscan.BadUTF8, 1},
		{"UTF-8 surrogate", "\"\xed\xa0\x80\"", noMax, "", false, jsonscan.BadUTF8, 1},
		{"truncated UTF-8 at the end", "\"\xe2\x82", noMax, "", false, jsonscan.BadUTF8, 1},
		{"bad escape letter", `"\x"`, noMax, "", false, jsonscan.Syntax, 1},
		{"bad escape: \\U", `"\U0041"`, noMax, "", false, jsonscan.Syntax, 1},
		{"bad hex", `"\u12G4"`, noMax, "", false, jsonscan.Syntax, 1},
		{"short \\u", `"\u12"`, noMax, "", false, jsonscan.Syntax, 1},
		{"\\u at the end", `"\u00`, noMax, "", false, jsonscan.Syntax, 1},
		{"backslash at the end", `"ab\`, noMax, "", false, jsonscan.Syntax, 4},
		{"unterminated", `"abc`, noMax, "", false, jsonscan.Syntax, 4},
		{"unterminated long", `"` + long, noMax, "", false, jsonscan.Syntax, 41},
		{"unterminated after an escape", `"\n`, noMax, "", false, jsonscan.Syntax, 3},
		{"raw newline", "\"a\nb\"", noMax, "", false, jsonscan.Syntax, 2},
		{"raw tab", "\"\t\"", noMax, "", false, jsonscan.Syntax, 1},
		{"raw control after an escape", "\"\\t\x1f\"", noMax, "", false, jsonscan.Syntax, 3},
		{"raw NUL in the 8-byte path", "\"" + long + "\x00\"", noMax, "", false, jsonscan.Syntax, 41},
		// TooLong: the unescaped length counts
		{"at max", `"abc"`, 3, "abc", false, jsonscan.OK, 0},
		{"over max", `"abcd"`, 3, "", false, jsonscan.TooLong, 1},
		{"over max, long", `"` + long + `"`, 39, "", false, jsonscan.TooLong, 1},
		{"escaped at max", `"a\u0041\n"`, 3, "aA\n", true, jsonscan.OK, 0},
		{"escaped over max", `"a\u0041\nb"`, 3, "", false, jsonscan.TooLong, 1},
		{"multi-byte counts in bytes", `"éé"`, 3, "", false, jsonscan.TooLong, 1},
		{"escaped multi-byte over max", `"\u00e9\u00e9"`, 3, "", false, jsonscan.TooLong, 1},
		{"max 0", `""`, 0, "", false, jsonscan.OK, 0},
		{"max 0, one byte", `"a"`, 0, "", false, jsonscan.TooLong, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := scanner(c.src)
			buf := []byte("prefix")
			off, n, esc, k := s.String(&buf, c.max)
			if k != c.kind || s.Err != c.kind {
				t.Fatalf("kind %v (Err %v at %d), want %v", k, s.Err, s.ErrPos, c.kind)
			}
			if k != jsonscan.OK {
				if s.ErrPos != c.errPos {
					t.Errorf("ErrPos %d, want %d", s.ErrPos, c.errPos)
				}
				if string(buf) != "prefix" {
					t.Errorf("a failure left %q on the buffer", buf)
				}
				return
			}
			if esc != c.esc {
				t.Errorf("esc %v, want %v", esc, c.esc)
			}
			var got string
			if esc {
				got = string(buf[off : off+n])
				if string(buf[:6]) != "prefix" || off != 6 {
					t.Errorf("the buffer's prefix was changed or skipped: %q, off %d", buf, off)
				}
			} else {
				got = c.src[off : off+n]
			}
			if got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
			if end := strings.LastIndexByte(c.src[:s.Pos], '"'); end != s.Pos-1 {
				t.Errorf("Pos %d is not after the closing quote", s.Pos)
			}
		})
	}
}

func TestNumber(t *testing.T) {
	for _, c := range []struct {
		src string
		end int // -1: fails
	}{
		{"0", 1}, {"-0", 2}, {"7", 1}, {"42,", 2}, {"-12]", 3},
		{"1.5", 3}, {"0.25", 4}, {"1e10", 4}, {"1E+2", 4}, {"-1.5e-3", 7}, {"2e0}", 3},
		{"01", 1}, {"-01", 2}, {"0x1", 1}, // the caller checks what follows
		{"1.5.5", 3}, {"1e5e5", 3},
		{"-", -1}, {"-a", -1}, {"1.", -1}, {"1.e5", -1}, {"1e", -1}, {"1e+", -1}, {"1E-x", -1},
		{".5", -1}, {"+1", -1}, {"", -1}, {"- 1", -1}, {"e5", -1},
	} {
		s := scanner(c.src)
		start, end, ok := s.Number()
		switch {
		case c.end < 0 && (ok || s.Err != jsonscan.Syntax):
			t.Errorf("Number(%q) = [%d, %d) %v, want a failure", c.src, start, end, ok)
		case c.end >= 0 && (!ok || start != 0 || end != c.end || s.Pos != c.end):
			t.Errorf("Number(%q) = [%d, %d) %v pos %d, want [0, %d)", c.src, start, end, ok, s.Pos, c.end)
		}
	}
}

func TestIndex(t *testing.T) {
	for _, c := range []struct {
		src  string
		max  int
		want int // -1: fails
	}{
		{"0", 0, 0}, {"5", 0, -1}, {"5", 4, -1}, {"5", 5, 5}, {"0", 10, 0}, {"7", 10, 7}, {"10", 10, 10}, {"11", 10, -1},
		{"1073741824", 1 << 30, 1 << 30}, {"1073741825", 1 << 30, -1},
		{"99999999999999999999999", 1 << 30, -1},
		{"-1", 10, -1}, {"-0", 10, -1}, {"1.5", 10, -1}, {"1e1", 10, -1}, {"x", 10, -1}, {"", 10, -1},
		{"007", 10, 0}, // a number stops at a leading zero; the caller sees the rest
		// max near the top of int: no overflow
		{"9223372036854775807", math.MaxInt, math.MaxInt},
		{"9223372036854775808", math.MaxInt, -1},
		{"18446744073709551617", math.MaxInt, -1},
		{"92233720368547758070", math.MaxInt, -1},
		{"922337203685477580", math.MaxInt / 10, math.MaxInt / 10},
		{"922337203685477581", math.MaxInt / 10, -1},
	} {
		s := scanner(c.src)
		v, ok := s.Index(c.max)
		switch {
		case c.want < 0 && (ok || s.Err != jsonscan.Syntax):
			t.Errorf("Index(%q, %d) = %d %v, want a failure", c.src, c.max, v, ok)
		case c.want >= 0 && (!ok || v != c.want):
			t.Errorf("Index(%q, %d) = %d %v, want %d", c.src, c.max, v, ok, c.want)
		}
	}
}

// TestSkip: every kind of value, nesting to the limit and past it (deeper
// than one word of the container stack), and malformed input.
func TestSkip(t *testing.T) {
	deep := func(n int, open, close string) string { return strings.Repeat(open, n) + strings.Repeat(close, n) }
	// alternate objects and arrays: [{"a":[{"a":...}]}]
	mixed := func(n int) string {
		var b, e strings.Builder
		for i := 0; i < n; i++ {
			if i%2 == 0 {
				b.WriteString("[")
				e.WriteString("]")
			} else {
				b.WriteString(`{"a":`)
				e.WriteString("}")
			}
		}
		es := []byte(e.String())
		for i, j := 0, len(es)-1; i < j; i, j = i+1, j-1 {
			es[i], es[j] = es[j], es[i]
		}
		return b.String() + "1" + string(es)
	}
	for _, c := range []struct {
		name, src string
		depth     int
		kind      jsonscan.Kind
		pos       int // Pos after OK; ErrPos after a failure
	}{
		{"number", "-1.5e3 ,", 0, jsonscan.OK, 6},
		{"string", `"a\"b" x`, 0, jsonscan.OK, 6},
		{"true", "true", 0, jsonscan.OK, 4},
		{"false", " false", 0, jsonscan.OK, 6},
		{"null", "null]", 0, jsonscan.OK, 4},
		{"empty array", "[ ]", 1, jsonscan.OK, 3},
		{"empty object", "{ }", 1, jsonscan.OK, 3},
		{"array", `[1, "a", true, null, {}, []]`, 2, jsonscan.OK, 28},
		{"object", `{"a": 1, "b": {"c": [null]}, "": ""}`, 3, jsonscan.OK, 36},
		{"whitespace everywhere", " \n{ \"a\" \t: [ 1 , 2 ] }\r\n", 2, jsonscan.OK, 22},
		{"one value only", "1 2", 0, jsonscan.OK, 1},
		{"nested to the limit", deep(3, "[", "]"), 3, jsonscan.OK, 6},
		{"past the limit", deep(4, "[", "]"), 3, jsonscan.TooDeep, 3},
		{"objects past the limit", deep(3, `{"k":`, "}"), 2, jsonscan.TooDeep, 10},
		{"containers at depth 0", "[]", 0, jsonscan.TooDeep, 0},
		{"200 deep", deep(200, "[", "]"), 200, jsonscan.OK, 400},
		{"201 deep", deep(201, "[", "]"), 200, jsonscan.TooDeep, 200},
		{"mixed 150 deep (the stack past 64 and 128)", mixed(150), 150, jsonscan.OK, len(mixed(150))},
		{"mixed 150 deep, limit 149", mixed(150), 149, jsonscan.TooDeep, 75 + 74*len(`{"a":`)},
		// malformed
		{"empty", "", 5, jsonscan.Syntax, 0},
		{"only whitespace", "  ", 5, jsonscan.Syntax, 2},
		{"trailing comma in an array", "[1,]", 5, jsonscan.Syntax, 3},
		{"trailing comma in an object", `{"a":1,}`, 5, jsonscan.Syntax, 7},
		{"leading comma", "[,1]", 5, jsonscan.Syntax, 1},
		{"key without a value", `{"a"}`, 5, jsonscan.Syntax, 4},
		{"key without a colon", `{"a" 1}`, 5, jsonscan.Syntax, 5},
		{"number key", `{1:2}`, 5, jsonscan.Syntax, 1},
		{"missing comma", "[1 2]", 5, jsonscan.Syntax, 3},
		{"array closed by }", "[1}", 5, jsonscan.Syntax, 2},
		{"object closed by ]", `{"a":1]`, 5, jsonscan.Syntax, 6},
		{"unclosed array", "[1, 2", 5, jsonscan.Syntax, 5}, // at the end, not at the 2
		{"unclosed object", `{"a":1`, 5, jsonscan.Syntax, 6},
		{"unclosed array, then whitespace", "[1 ", 5, jsonscan.Syntax, 3},
		{"NUL after a value", "[1\x00]", 5, jsonscan.Syntax, 2},
		{"close only", "]", 5, jsonscan.Syntax, 0},
		{"bad literal", "[tru]", 5, jsonscan.Syntax, 1},
		{"bad number", "[-]", 5, jsonscan.Syntax, 2},
		{"bad string in an array", "[\"\xff\"]", 5, jsonscan.BadUTF8, 2},
		{"bad key", "{\"\\uDC00\":1}", 5, jsonscan.BadUTF8, 2},
		{"bad key after a comma", `{"a":1,"\q":2}`, 5, jsonscan.Syntax, 8},
		{"unterminated string", `["abc`, 5, jsonscan.Syntax, 5},
		{"control byte", "[\x01]", 5, jsonscan.Syntax, 1},
		{"value after a value in an object", `{"a":1 "b":2}`, 5, jsonscan.Syntax, 7},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := scanner(c.src)
			k := s.Skip(c.depth)
			if k != c.kind {
				t.Fatalf("Skip = %v (at %d), want %v", k, s.ErrPos, c.kind)
			}
			if k == jsonscan.OK {
				if s.Pos != c.pos || s.Err != jsonscan.OK {
					t.Errorf("Pos %d, want %d", s.Pos, c.pos)
				}
			} else if s.Err != k || s.ErrPos != c.pos {
				t.Errorf("Err %v at %d, want %v at %d", s.Err, s.ErrPos, k, c.pos)
			}
		})
	}
	// One scanner skips deep values in turn: the container stack is reused.
	s := scanner(mixed(150) + " " + deep(150, "[", "]"))
	for i := 0; i < 2; i++ {
		if s.Skip(150) != jsonscan.OK {
			t.Fatalf("deep value %d: %v at %d", i, s.Err, s.ErrPos)
		}
	}
	if s.Peek() != 0 || s.Pos != len(s.Src) {
		t.Fatalf("two deep values in turn end at %d", s.Pos)
	}
}

func TestPlainString(t *testing.T) {
	long := strings.Repeat("abcdefgh", 3)
	for _, c := range []struct {
		src string
		i   int
		end int
		ok  bool
	}{
		{`""`, 0, 1, true},
		{`"abc",`, 0, 4, true},
		{`x "abc"`, 2, 6, true},
		{`"` + long + `"`, 0, 25, true},
		{`"` + long + `x"`, 0, 26, true},
		{`"a\nb"`, 0, 2, false},
		{`"` + long + `\n"`, 0, 25, false},
		{`"é"`, 0, 1, false},
		{"\"ab\x7f\"", 0, 4, true}, // DEL is printable enough: its bytes are its value
		{"\"a\tb\"", 0, 2, false},
		{`"` + long + "\x1f\"", 0, 25, false},
		{`"abc`, 0, 4, false},
		{`"` + long, 0, 25, false},
	} {
		end, ok := jsonscan.PlainString([]byte(c.src), c.i)
		if end != c.end || ok != c.ok {
			t.Errorf("PlainString(%q, %d) = %d %v, want %d %v", c.src, c.i, end, ok, c.end, c.ok)
		}
	}
}

// TestEscape: the escaper writes '"', '\\' and control bytes escaped (\n,
// \r, \t by name, the others as \u00XX), everything else as it is, and
// invalid UTF-8 as U+FFFD, one for each bad byte.
func TestEscape(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ``},
		{"abc", `abc`},
		{`a"b`, `a\"b`},
		{`a\b`, `a\\b`},
		{"\n\r\t", `\n\r\t`},
		{"\b\f", `\u0008\u000c`},
		{"\x00\x01\x1f", `\u0000\u0001\u001f`},
		{"\x7f /<>&'", "\x7f /<>&'"},
		{"é€😀\u2028\u2029\ufffd", "é€😀\u2028\u2029\ufffd"},
		{"\xff", "\ufffd"},
		{"a\xc3", "a\ufffd"},
		{"\xc3(", "\ufffd("},
		{"\xed\xa0\x80", "\ufffd\ufffd\ufffd"}, // a UTF-8 surrogate: three bad bytes
		{"\xc0\x80", "\ufffd\ufffd"},
		{"\xf4\x90\x80\x80", "\ufffd\ufffd\ufffd\ufffd"}, // past U+10FFFF
		{"ok\xe2\x82", "ok\ufffd\ufffd"},
		{strings.Repeat("x", 100) + "\"", strings.Repeat("x", 100) + `\"`},
	} {
		if got := string(jsonscan.AppendEscaped([]byte("pre"), []byte(c.in))); got != "pre"+c.want {
			t.Errorf("AppendEscaped(%q) = %q, want %q", c.in, got, "pre"+c.want)
		}
		want := `pre"` + c.want + `"`
		if got := string(jsonscan.AppendString([]byte("pre"), []byte(c.in))); got != want {
			t.Errorf("AppendString(%q) = %q, want %q", c.in, got, want)
		}
		if got := string(jsonscan.AppendQuoted([]byte("pre"), c.in)); got != want {
			t.Errorf("AppendQuoted(%q) = %q, want %q", c.in, got, want)
		}
	}
	if got := jsonscan.AppendQuoted(nil, ""); string(got) != `""` {
		t.Errorf("AppendQuoted(nil, \"\") = %q", got)
	}
}
