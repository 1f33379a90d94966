package jsonscan

import (
	"unicode/utf8"
	"unsafe"
)

// The engine's one JSON string writer, the inverse of String: the vdom
// encoder, the predictor's snapshots, the logger and the benchmarks' input
// writers all escape through it.

const hexDigits = "0123456789abcdef"

// AppendEscaped appends b as the inside of a JSON string (no quotes): '"',
// '\\' and control characters escaped (\n, \r, \t by name, the others as
// \u00XX), everything else as it is. Invalid UTF-8 is written as U+FFFD, so
// the result is always valid JSON text. ASCII without specials is copied in
// one append.
func AppendEscaped(dst, b []byte) []byte {
	start := 0
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, b[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, b[start:i]...)
			dst = append(dst, "\ufffd"...)
			i++
			start = i
			continue
		}
		i += size
	}
	return append(dst, b[start:]...)
}

// AppendString appends b as a quoted JSON string (see AppendEscaped).
func AppendString(dst, b []byte) []byte {
	dst = append(dst, '"')
	dst = AppendEscaped(dst, b)
	return append(dst, '"')
}

// AppendQuoted is AppendString for a Go string; s is read in place, not
// copied.
func AppendQuoted(dst []byte, s string) []byte {
	return AppendString(dst, unsafe.Slice(unsafe.StringData(s), len(s)))
}
