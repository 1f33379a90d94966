// Package diag is the engine's process-wide diagnostics: log events with
// levels, kept in a bounded ring and handed to a host's callback as they
// happen, and global metrics (counters, gauges and latency histograms). The C
// ABI (ffi/) reports both to hosts; everything else may log into it.
//
//	log.go      the Logger: levels, the bounded ring, Add / Always
//	slog.go     a log/slog Handler over the Logger (Logger.Slog)
//	hook.go     the host's callback: a bounded queue and one delivery
//	            goroutine, so that a slow callback drops events (counted)
//	            and never blocks the engine
//	metrics.go  Counter, Gauge, Histogram (lock-free, log-linear), Metrics
//	            and its JSON Snapshot
//	prom.go     the Prometheus text exposition of Metrics
//	json.go     the JSON of events
//
// Both are cheap when idle: a log call at a level that is off costs one atomic
// load, and recording a metric is a few atomic adds on its own cache line. The
// ring's mutex is taken only for an event that is kept.
package diag

import (
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// Level is a log level. The numbers are the ABI's (minimact_logging_set_level).
type Level uint32

// The levels, from the most verbose.
const (
	Trace Level = iota
	Debug
	Info
	Warn
	Error
)

var levelNames = [...]string{"Trace", "Debug", "Info", "Warn", "Error"}

// String returns the level's name as it appears in the JSON of events.
func (l Level) String() string {
	if int(l) < len(levelNames) {
		return levelNames[l]
	}
	return "Level(" + strconv.Itoa(int(l)) + ")"
}

// Valid reports whether l is one of the five levels.
func (l Level) Valid() bool { return l <= Error }

// Defaults of the process-wide logger.
const (
	// DefaultCapacity is how many events the ring keeps; older ones are dropped.
	DefaultCapacity = 4096
	// MaxMessageBytes bounds one event's message; longer ones are cut.
	MaxMessageBytes = 1024
	// MaxModuleBytes bounds one event's module name.
	MaxModuleBytes = 64
)

// Event is one log event.
type Event struct {
	// Seq numbers events from 1 in the order they were logged.
	Seq uint64
	// Time is when it was logged.
	Time time.Time
	// Elapsed is the time since the logger started.
	Elapsed time.Duration
	Level   Level
	Module  string
	Message string
}

// Logger is a bounded ring of events. It starts disabled at level Info, as the
// first engine did; events forced with Always are kept even when disabled.
type Logger struct {
	enabled atomic.Bool
	level   atomic.Uint32
	dropped atomic.Uint64
	start   time.Time

	// kept counts the events kept, by level.
	kept [Error + 1]atomic.Uint64
	hook hook

	mu   sync.Mutex
	ring []Event // capacity fixed at construction
	head int     // index of the oldest event
	n    int     // events held
	seq  uint64
}

// NewLogger returns a disabled logger keeping at most capacity events (at
// least 1).
func NewLogger(capacity int) *Logger {
	if capacity < 1 {
		capacity = 1
	}
	l := &Logger{start: time.Now(), ring: make([]Event, capacity)}
	l.hook.mu = &l.mu
	l.level.Store(uint32(Info))
	return l
}

// Log is the process-wide logger.
var Log = NewLogger(DefaultCapacity)

// Enable turns logging on.
func (l *Logger) Enable() { l.enabled.Store(true) }

// Disable turns logging off; events already kept stay.
func (l *Logger) Disable() { l.enabled.Store(false) }

// Enabled reports whether logging is on.
func (l *Logger) Enabled() bool { return l.enabled.Load() }

// SetLevel sets the least level kept. It reports false, changing nothing, for
// a level that is not one of the five.
func (l *Logger) SetLevel(level Level) bool {
	if !level.Valid() {
		return false
	}
	l.level.Store(uint32(level))
	return true
}

// Level returns the least level kept.
func (l *Logger) Level() Level { return Level(l.level.Load()) }

// On reports whether an event at level would be kept. Call it before building
// an expensive message.
func (l *Logger) On(level Level) bool {
	return l.enabled.Load() && uint32(level) >= l.level.Load()
}

// Add keeps an event when logging is on at level.
func (l *Logger) Add(level Level, module, message string) {
	if l.On(level) {
		l.add(level, module, message)
	}
}

// Always keeps an event whether or not logging is on (for recovered panics and
// other faults a host must be able to find afterwards).
func (l *Logger) Always(level Level, module, message string) {
	l.add(level, module, message)
}

// Dropped returns how many events were pushed out of the full ring.
func (l *Logger) Dropped() uint64 { return l.dropped.Load() }

// Kept returns how many events at level were kept since the logger started
// (0 for a level that is not one of the five).
func (l *Logger) Kept(level Level) uint64 {
	if !level.Valid() {
		return 0
	}
	return l.kept[level].Load()
}

func (l *Logger) add(level Level, module, message string) {
	l.addAt(time.Now(), level, module, message)
}

// addAt keeps an event logged at now.
func (l *Logger) addAt(now time.Time, level Level, module, message string) {
	// Copy the strings: callers may pass views of memory they reuse.
	ev := Event{Time: now, Elapsed: now.Sub(l.start), Level: level,
		Module: clip(module, MaxModuleBytes), Message: clip(message, MaxMessageBytes)}
	if level.Valid() {
		l.kept[level].Add(1)
	}
	l.mu.Lock()
	l.seq++
	ev.Seq = l.seq
	c := len(l.ring)
	if l.n == c {
		l.ring[l.head] = ev
		l.head = (l.head + 1) % c
		l.dropped.Add(1)
	} else {
		l.ring[(l.head+l.n)%c] = ev
		l.n++
	}
	// Queued under the ring's mutex, so that the hook sees events in Seq
	// order; the send never blocks (hook.go).
	l.hook.offer(&ev)
	l.mu.Unlock()
}

// clip returns a copy of s cut to at most max bytes at a rune boundary, with
// invalid UTF-8 replaced so that every event encodes as valid JSON text.
func clip(s string, max int) string {
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	if !utf8.ValidString(s) {
		return toValid(s)
	}
	return string(append([]byte(nil), s...))
}

func toValid(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s { // ranging replaces each invalid byte with U+FFFD
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}

// Events returns a copy of the events held, oldest first, leaving them.
func (l *Logger) Events() []Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Event, l.n)
	for i := range out {
		out[i] = l.ring[(l.head+i)%len(l.ring)]
	}
	return out
}

// Drain removes and returns at most max events, oldest first.
func (l *Logger) Drain(max int) []Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	if max > l.n {
		max = l.n
	}
	if max < 0 {
		max = 0
	}
	out := make([]Event, max)
	c := len(l.ring)
	for i := range out {
		out[i] = l.ring[l.head]
		l.ring[l.head] = Event{}
		l.head = (l.head + 1) % c
	}
	l.n -= max
	return out
}

// Clear drops every event held.
func (l *Logger) Clear() {
	l.mu.Lock()
	clear(l.ring)
	l.head, l.n = 0, 0
	l.mu.Unlock()
}

// Len returns how many events are held.
func (l *Logger) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n
}
