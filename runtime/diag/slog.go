package diag

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// The engine logs through log/slog: Logger.Slog returns a *slog.Logger whose
// Handler keeps each record as an Event of the Logger (the ring and the
// host's hook), with the ABI's five levels. Add is the same without slog,
// for call sites that already hold a finished message.

// The slog levels of the five levels: slog's own Debug, Info, Warn and Error,
// and Trace four below Debug (as slog suggests for more verbose levels).
const (
	SlogTrace = slog.LevelDebug - 4
)

// SlogLevel returns the slog level of level.
func SlogLevel(level Level) slog.Level {
	switch level {
	case Trace:
		return SlogTrace
	case Debug:
		return slog.LevelDebug
	case Info:
		return slog.LevelInfo
	case Warn:
		return slog.LevelWarn
	default:
		return slog.LevelError
	}
}

// LevelOf returns the level of a slog level: the most verbose of the five
// that is at or below it (a slog level below Trace is Trace).
func LevelOf(l slog.Level) Level {
	switch {
	case l < slog.LevelDebug:
		return Trace
	case l < slog.LevelInfo:
		return Debug
	case l < slog.LevelWarn:
		return Info
	case l < slog.LevelError:
		return Warn
	default:
		return Error
	}
}

// Handler is a slog.Handler keeping records in a Logger. A record's message
// is its text followed by its attributes as key=value (values with spaces,
// quotes or '=' quoted as Go strings, groups as dotted keys); the attribute
// "module" given to WithAttrs (outside any group) names the module instead.
type Handler struct {
	l      *Logger
	module string
	group  string // prefix of the keys: "g." inside WithGroup("g")
	attrs  []byte // attributes from WithAttrs, already written
}

// Handler returns a slog.Handler keeping records in l under module.
func (l *Logger) Handler(module string) *Handler { return &Handler{l: l, module: module} }

// Slog returns a *slog.Logger keeping records in l under module.
func (l *Logger) Slog(module string) *slog.Logger { return slog.New(l.Handler(module)) }

// Enabled reports whether the logger keeps records at level (one atomic load
// when logging is off).
func (h *Handler) Enabled(_ context.Context, level slog.Level) bool {
	return h.l.On(LevelOf(level))
}

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// Handle keeps r as an event, at the record's time (now when it has none).
// The message is cut to MaxMessageBytes.
func (h *Handler) Handle(_ context.Context, r slog.Record) error {
	bp := bufPool.Get().(*[]byte)
	b := append((*bp)[:0], r.Message...)
	b = append(b, h.attrs...)
	r.Attrs(func(a slog.Attr) bool {
		b = appendAttr(b, h.group, a, 0)
		return len(b) < MaxMessageBytes
	})
	now := r.Time
	if now.IsZero() {
		now = time.Now()
	}
	h.l.addAt(now, LevelOf(r.Level), h.module, string(b))
	if cap(b) <= 4*MaxMessageBytes {
		*bp = b
		bufPool.Put(bp)
	}
	return nil
}

// WithAttrs returns a handler writing attrs with every record; "module"
// (outside a group) sets the module instead.
func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	c := *h
	c.attrs = append([]byte(nil), h.attrs...)
	for _, a := range attrs {
		if h.group == "" && a.Key == "module" {
			c.module = a.Value.Resolve().String()
			continue
		}
		c.attrs = appendAttr(c.attrs, h.group, a, 0)
	}
	return &c
}

// WithGroup returns a handler whose later attributes' keys are prefixed with
// name and a dot.
func (h *Handler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	c := *h
	c.group = h.group + name + "."
	return &c
}

// maxGroupDepth bounds the nesting of group attributes written (deeper ones
// are written as "…").
const maxGroupDepth = 8

// appendAttr appends " key=value" for a, and the members of a group (which
// slog flattens when its key is empty). depth bounds the recursion.
func appendAttr(b []byte, prefix string, a slog.Attr, depth int) []byte {
	v := a.Value.Resolve()
	if a.Equal(slog.Attr{}) {
		return b
	}
	if v.Kind() == slog.KindGroup {
		attrs := v.Group()
		if len(attrs) == 0 {
			return b
		}
		p := prefix
		if a.Key != "" {
			p = prefix + a.Key + "."
		}
		if depth >= maxGroupDepth {
			return append(append(append(b, ' '), p...), "=…"...)
		}
		for _, m := range attrs {
			b = appendAttr(b, p, m, depth+1)
		}
		return b
	}
	b = append(b, ' ')
	b = appendText(b, prefix+a.Key)
	b = append(b, '=')
	switch v.Kind() {
	case slog.KindString:
		return appendText(b, v.String())
	case slog.KindInt64:
		return strconv.AppendInt(b, v.Int64(), 10)
	case slog.KindUint64:
		return strconv.AppendUint(b, v.Uint64(), 10)
	case slog.KindFloat64:
		return strconv.AppendFloat(b, v.Float64(), 'g', -1, 64)
	case slog.KindBool:
		return strconv.AppendBool(b, v.Bool())
	case slog.KindDuration:
		return append(b, v.Duration().String()...)
	case slog.KindTime:
		return v.Time().AppendFormat(b, time.RFC3339Nano)
	default:
		return appendText(b, v.String())
	}
}

// appendText appends s as it is, or quoted as a Go string when it is empty
// or has a space, a quote, '=', a control character or invalid UTF-8.
func appendText(b []byte, s string) []byte {
	if s == "" || !utf8.ValidString(s) {
		return strconv.AppendQuote(b, s)
	}
	for _, r := range s {
		if r <= ' ' || r == '"' || r == '=' || r == 0x7f || r == utf8.RuneError {
			return strconv.AppendQuote(b, s)
		}
	}
	return append(b, s...)
}

// Slog returns a *slog.Logger keeping records in the process-wide logger Log
// under module.
func Slog(module string) *slog.Logger { return Log.Slog(module) }
