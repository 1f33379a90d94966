package diag

import (
	"strconv"

	"github.com/minimact/engine/runtime/jsonscan"
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

// AppendJSONString appends s as a JSON string. Invalid UTF-8 is written as
// U+FFFD, so the result is always valid JSON text.
func AppendJSONString(dst []byte, s string) []byte { return jsonscan.AppendQuoted(dst, s) }
