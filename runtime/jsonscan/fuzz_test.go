package jsonscan_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/minimact/engine/runtime/jsonscan"
)

// The scanner's language is JSON's (RFC 8259) with strings held to valid
// UTF-8: invalid UTF-8 and unpaired surrogate escapes are errors, where
// encoding/json accepts them and decodes them as U+FFFD.

// loneSurrogate reports whether the valid JSON text src holds a \u escape of
// a surrogate that is not half of a pair.
func loneSurrogate(src []byte) bool {
	in := false
	high := false // the escape just before was a high surrogate
	for i := 0; i < len(src); i++ {
		c := src[i]
		if !in {
			in = c == '"'
			continue
		}
		switch c {
		case '"':
			if high {
				return true
			}
			in = false
		case '\\':
			if src[i+1] != 'u' {
				if high {
					return true
				}
				i++
				continue
			}
			var r rune
			for _, h := range src[i+2 : i+6] {
				r <<= 4
				switch {
				case h <= '9':
					r |= rune(h - '0')
				case h >= 'a':
					r |= rune(h - 'a' + 10)
				default:
					r |= rune(h - 'A' + 10)
				}
			}
			i += 5
			switch {
			case r >= 0xD800 && r < 0xDC00:
				if high {
					return true
				}
				high = true
			case r >= 0xDC00 && r < 0xE000:
				if !high {
					return true
				}
				high = false
			default:
				if high {
					return true
				}
			}
		default:
			if high {
				return true
			}
		}
	}
	return false
}

// replaced is b with each byte of invalid UTF-8 replaced by U+FFFD, as the
// escaper writes it.
func replaced(b []byte) string {
	var out []byte
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			out = append(out, "\ufffd"...)
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return string(out)
}

// FuzzScan holds the scanner and the escaper to encoding/json:
//   - Skip accepts a document (one value, whitespace around it) exactly when
//     json.Valid does and it holds valid UTF-8 and no lone surrogate escape;
//   - String decodes a document that is one string exactly as json.Unmarshal
//     does, and fails with TooLong under a max one byte short;
//   - PlainString says plain only of strings String reads as views;
//   - AppendString's output is valid JSON that json.Unmarshal and String
//     both decode to the input (invalid UTF-8 replaced).
//
// The input is tried as it is and as the inside of a string.
func FuzzScan(f *testing.F) {
	for _, s := range []string{
		``, `0`, `-1.5e-3`, `01`, `1.`, `"a"`, `"\u00e9\ud83d\ude00"`, `"\ud800"`, `"\udc00\ud800"`, `"\ud800\u0041"`,
		"\"\xff\"", "\"\xed\xa0\x80\"", `"\b\f\n\r\t\/\\\""`, `"\x"`, "\"a\nb\"", `[1,2,{"a":[null,true,false]}]`,
		`{"a":1,}`, `[1 2]`, `{"a" 1}`, ` { } `, "[\x00]", `[[[[[[[[[[]]]]]]]]]]`, `{"type":"Element","tag":"p","children":[]}`,
		`"abcdefghijklmnopqrstuvwxyz\"0123456789"`, `tru`, `nullx`, "\"\x7f\"", `"\uDBFF\uDFFF"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDoc(t, data)
		quoted := append(append([]byte{'"'}, data...), '"')
		checkDoc(t, quoted)
		checkEscape(t, data)
	})
}

func checkDoc(t *testing.T, data []byte) {
	valid := json.Valid(data)
	strict := valid && utf8.Valid(data) && !loneSurrogate(data)

	var s jsonscan.Scanner
	s.Reset(data)
	k := s.Skip(10000) // json.Valid's own nesting limit
	s.Peek()
	skipped := k == jsonscan.OK && s.Pos == len(data)
	if skipped != strict {
		t.Fatalf("%q: Skip %v (at %d, pos %d), json.Valid %v, strict %v", data, k, s.ErrPos, s.Pos, valid, strict)
	}
	if valid && !strict && k != jsonscan.BadUTF8 {
		t.Fatalf("%q: valid but for its strings, Skip says %v", data, k)
	}

	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if !valid || len(trimmed) == 0 || trimmed[0] != '"' {
		return
	}
	var want string
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatalf("%q: json.Valid but Unmarshal: %v", data, err)
	}
	s.Reset(data)
	s.Peek()
	at := s.Pos
	buf := []byte("x")
	off, n, esc, k := s.String(&buf, len(data))
	if (k == jsonscan.OK) != strict {
		t.Fatalf("%q: String %v, strict %v", data, k, strict)
	}
	if k != jsonscan.OK {
		return
	}
	got := string(data[off : off+n])
	if esc {
		got = string(buf[off : off+n])
	}
	if got != want {
		t.Fatalf("%q: String %q, json.Unmarshal %q", data, got, want)
	}
	if s.Peek(); s.Pos != len(data) {
		t.Fatalf("%q: String stopped at %d", data, s.Pos)
	}
	if n > 0 {
		s.Reset(data)
		s.Peek()
		if _, _, _, k := s.String(&buf, n-1); k != jsonscan.TooLong {
			t.Fatalf("%q: String with max %d: %v, want TooLong", data, n-1, k)
		}
	}
	if end, plain := jsonscan.PlainString(data, at); plain {
		if esc || end != at+1+n || off != at+1 {
			t.Fatalf("%q: PlainString says plain up to %d; String esc %v, [%d, %d)", data, end, esc, off, off+n)
		}
		for _, c := range data[at+1 : end] {
			if c < 0x20 || c == '\\' || c >= utf8.RuneSelf {
				t.Fatalf("%q: PlainString says plain of byte %#x", data, c)
			}
		}
	}
}

func checkEscape(t *testing.T, data []byte) {
	want := replaced(data)
	out := jsonscan.AppendString(nil, data)
	if q := jsonscan.AppendQuoted(nil, string(data)); !bytes.Equal(q, out) {
		t.Fatalf("%q: AppendQuoted %q, AppendString %q", data, q, out)
	}
	if e := jsonscan.AppendEscaped([]byte{'"'}, data); !bytes.Equal(append(e, '"'), out) {
		t.Fatalf("%q: AppendEscaped differs from AppendString", data)
	}
	if !json.Valid(out) || !utf8.Valid(out) {
		t.Fatalf("%q: AppendString wrote invalid JSON %q", data, out)
	}
	var back string
	if err := json.Unmarshal(out, &back); err != nil || back != want {
		t.Fatalf("%q: AppendString %q decodes to %q (%v), want %q", data, out, back, err, want)
	}
	var s jsonscan.Scanner
	s.Reset(out)
	var buf []byte
	off, n, esc, k := s.String(&buf, len(out))
	got := ""
	if k == jsonscan.OK {
		got = string(out[off : off+n])
		if esc {
			got = string(buf[off : off+n])
		}
	}
	if k != jsonscan.OK || got != want || s.Pos != len(out) {
		t.Fatalf("%q: String reads AppendString's %q as %q (%v)", data, out, got, k)
	}
}
