package jsonscan

import (
	"unicode/utf8"
	"unsafe"
)

// The engine's one JSON string writer, the inverse of String: the vdom
// encoder, the predictor's snapshots, the logger and the benchmarks' input
// writers all escape through it. Three dialects share its loop: what the
// engine writes, what JavaScript's JSON.stringify writes (the HTML writer
// formats JSON prop values as the browser client reads them back), and what
// Go's encoding/json writes (the test tree builder reproduces its bytes).

// Dialect says which characters a JSON string escapes beyond '"', '\\' and
// the control characters every dialect escapes.
type Dialect uint8

// The dialects.
const (
	// Engine escapes \n, \r, \t by name and the other control characters as
	// \u00XX.
	Engine Dialect = iota
	// JS is JSON.stringify: \b and \f by name too.
	JS
	// GoHTML is encoding/json with HTML escaping: \b and \f by name, and '<',
	// '>', '&', U+2028, U+2029 and the U+FFFD of invalid UTF-8 as \u escapes.
	GoHTML
)

const hexDigits = "0123456789abcdef"

// escapes lists, per dialect, the ASCII bytes that need an escape.
var escapes = func() (t [3][utf8.RuneSelf]bool) {
	for d := range t {
		for c := 0; c < 0x20; c++ {
			t[d][c] = true
		}
		t[d]['"'], t[d]['\\'] = true, true
	}
	t[GoHTML]['<'], t[GoHTML]['>'], t[GoHTML]['&'] = true, true, true
	return t
}()

// AppendEscaped appends b as the inside of a JSON string (no quotes) in the
// engine's dialect. Invalid UTF-8 is written as U+FFFD, so the result is
// always valid JSON text. ASCII without specials is copied in one append.
func AppendEscaped(dst, b []byte) []byte { return AppendEscapedAs(dst, b, Engine) }

// AppendEscapedAs is AppendEscaped in dialect d.
func AppendEscapedAs(dst, b []byte, d Dialect) []byte {
	esc := &escapes[d]
	start := 0
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if !esc[c] {
				i++
				continue
			}
			dst = append(dst, b[start:i]...)
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c == '\r':
				dst = append(dst, '\\', 'r')
			case c == '\t':
				dst = append(dst, '\\', 't')
			case c == '\b' && d != Engine:
				dst = append(dst, '\\', 'b')
			case c == '\f' && d != Engine:
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, b[start:i]...)
			if d == GoHTML {
				dst = append(dst, `\ufffd`...) // encoding/json escapes it
			} else {
				dst = append(dst, "\ufffd"...)
			}
		case d == GoHTML && (r == '\u2028' || r == '\u2029'):
			dst = append(dst, b[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&15])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(dst, b[start:]...)
}

// AppendString appends b as a quoted JSON string (see AppendEscaped).
func AppendString(dst, b []byte) []byte {
	dst = append(dst, '"')
	dst = AppendEscaped(dst, b)
	return append(dst, '"')
}

// AppendStringAs is AppendString in dialect d.
func AppendStringAs(dst, b []byte, d Dialect) []byte {
	dst = append(dst, '"')
	dst = AppendEscapedAs(dst, b, d)
	return append(dst, '"')
}

// AppendQuoted is AppendString for a Go string; s is read in place, not
// copied.
func AppendQuoted(dst []byte, s string) []byte {
	return AppendString(dst, unsafe.Slice(unsafe.StringData(s), len(s)))
}

// AppendQuotedAs is AppendQuoted in dialect d.
func AppendQuotedAs(dst []byte, s string, d Dialect) []byte {
	return AppendStringAs(dst, unsafe.Slice(unsafe.StringData(s), len(s)), d)
}
