package diag

import (
	"strconv"
	"unicode/utf8"
)

// AppendEventsJSON appends events as a JSON array of objects with the members
// seq, timestamp_ms (Unix milliseconds), elapsed_ms (since the logger
// started), level (its name), module and message: a superset of the first
// engine's {"level","module","message","elapsed_ms"}.
func AppendEventsJSON(dst []byte, events []Event) []byte {
	dst = append(dst, '[')
	for i := range events {
		e := &events[i]
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"seq":`...)
		dst = strconv.AppendUint(dst, e.Seq, 10)
		dst = append(dst, `,"timestamp_ms":`...)
		dst = strconv.AppendInt(dst, e.Time.UnixMilli(), 10)
		dst = append(dst, `,"elapsed_ms":`...)
		dst = strconv.AppendInt(dst, e.Elapsed.Milliseconds(), 10)
		dst = append(dst, `,"level":`...)
		dst = AppendJSONString(dst, e.Level.String())
		dst = append(dst, `,"module":`...)
		dst = AppendJSONString(dst, e.Module)
		dst = append(dst, `,"message":`...)
		dst = AppendJSONString(dst, e.Message)
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

const hex = "0123456789abcdef"

// AppendJSONString appends s as a JSON string. Invalid UTF-8 is written as
// U+FFFD, so the result is always valid JSON text.
func AppendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
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
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, "\ufffd"...)
			i++
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
