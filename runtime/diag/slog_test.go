package diag

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"testing/slogtest"
	"time"
)

func TestSlogLevels(t *testing.T) {
	for lv := Trace; lv <= Error; lv++ {
		if LevelOf(SlogLevel(lv)) != lv {
			t.Errorf("%v -> %v -> %v", lv, SlogLevel(lv), LevelOf(SlogLevel(lv)))
		}
	}
	for sl, want := range map[slog.Level]Level{-100: Trace, SlogTrace: Trace, -5: Trace, -4: Debug, -1: Debug,
		0: Info, 3: Info, 4: Warn, 7: Warn, 8: Error, 100: Error} {
		if got := LevelOf(sl); got != want {
			t.Errorf("LevelOf(%v) = %v, want %v", sl, got, want)
		}
	}
	if SlogLevel(Level(9)) != slog.LevelError {
		t.Error("an unknown level is not Error")
	}
}

func TestSlogHandler(t *testing.T) {
	l := NewLogger(16)
	log := l.Slog("reconcile")
	log.Info("off") // disabled: nothing
	if l.Len() != 0 {
		t.Fatal("kept while disabled")
	}
	l.Enable()
	l.SetLevel(Debug)
	if log.Enabled(context.Background(), SlogTrace) || !log.Enabled(context.Background(), slog.LevelDebug) {
		t.Fatal("Enabled does not follow the level")
	}
	log.Log(context.Background(), SlogTrace, "trace: filtered")
	log.Warn("refused", "code", 7, "why", "too deep", "ok", false, "took", 3*time.Millisecond, "q", `a"b`, "empty", "")
	log.With("module", "predict", "handle", uint64(4)).WithGroup("in").With("n", 1.5).Error("failed", slog.Group("tree", "nodes", 3))
	log.WithGroup("").Info("no group")
	ev := l.Events()
	if len(ev) != 3 {
		t.Fatalf("%d events: %+v", len(ev), ev)
	}
	if ev[0].Level != Warn || ev[0].Module != "reconcile" ||
		ev[0].Message != `refused code=7 why="too deep" ok=false took=3ms q="a\"b" empty=""` {
		t.Errorf("%+v", ev[0])
	}
	if ev[1].Level != Error || ev[1].Module != "predict" || ev[1].Message != "failed handle=4 in.n=1.5 in.tree.nodes=3" {
		t.Errorf("%+v", ev[1])
	}
	if ev[2].Message != "no group" {
		t.Errorf("%+v", ev[2])
	}
}

func TestSlogBounded(t *testing.T) {
	l := NewLogger(4)
	l.Enable()
	log := l.Slog("m")
	// A group nested deeper than maxGroupDepth, and attributes beyond the
	// message's bound.
	a := slog.Int("leaf", 1)
	for i := 0; i < 20; i++ {
		a = slog.Group("g", a)
	}
	log.Info("deep", a)
	args := make([]any, 0, 4000)
	for i := 0; i < 2000; i++ {
		args = append(args, "k", strings.Repeat("v", 10))
	}
	log.Info("many", args...)
	ev := l.Events()
	if !strings.HasSuffix(ev[0].Message, "=…") || strings.Count(ev[0].Message, "g.") != maxGroupDepth+1 {
		t.Errorf("deep: %q", ev[0].Message)
	}
	if len(ev[1].Message) > MaxMessageBytes {
		t.Errorf("many: %d bytes", len(ev[1].Message))
	}
}

// The handler passes the standard library's conformance test of handlers.
func TestSlogConformance(t *testing.T) {
	var l *Logger
	slogtest.Run(t, func(*testing.T) slog.Handler {
		l = NewLogger(8)
		l.Enable()
		l.SetLevel(Trace)
		return l.Handler("m")
	}, func(t *testing.T) map[string]any {
		if strings.Contains(t.Name(), "zero-time") {
			t.Skip("an event always has a time: the time it was kept when the record has none")
		}
		ev := l.Events()
		if len(ev) != 1 {
			return map[string]any{}
		}
		return parseMessage(ev[0])
	})
}

// parseMessage turns an event back into the map slogtest wants: level,
// msg, and the attributes with groups as nested maps. Quoted values are
// left as they are (the cases have none with spaces).
func parseMessage(e Event) map[string]any {
	out := map[string]any{slog.TimeKey: e.Time, slog.LevelKey: SlogLevel(e.Level), slog.MessageKey: ""}
	words := strings.Split(e.Message, " ")
	var msg []string
	for _, w := range words {
		k, v, ok := strings.Cut(w, "=")
		if !ok {
			msg = append(msg, w)
			continue
		}
		m := out
		parts := strings.Split(k, ".")
		for _, g := range parts[:len(parts)-1] {
			sub, ok := m[g].(map[string]any)
			if !ok {
				sub = map[string]any{}
				m[g] = sub
			}
			m = sub
		}
		m[parts[len(parts)-1]] = v
	}
	out[slog.MessageKey] = strings.Join(msg, " ")
	return out
}

func BenchmarkSlogDisabled(b *testing.B) {
	l := NewLogger(16)
	log := l.Slog("m")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		log.Debug("message", "n", i)
	}
}

func BenchmarkSlogEnabled(b *testing.B) {
	l := NewLogger(1024)
	l.Enable()
	log := l.Slog("m")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		log.Info("message", "n", i)
	}
}
