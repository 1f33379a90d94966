package diag

import (
	"encoding/json"
	"math"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

func TestLoggerLevelsAndEnable(t *testing.T) {
	l := NewLogger(10)
	l.Add(Error, "m", "dropped: disabled")
	if l.Len() != 0 {
		t.Fatalf("a disabled logger kept an event")
	}
	l.Enable()
	if !l.SetLevel(Warn) {
		t.Fatal("SetLevel(Warn) refused")
	}
	l.Add(Info, "m", "below the level")
	l.Add(Warn, "m", "warn")
	l.Add(Error, "m", "error")
	ev := l.Events()
	if len(ev) != 2 || ev[0].Message != "warn" || ev[1].Level != Error {
		t.Fatalf("events = %+v", ev)
	}
	if l.SetLevel(5) || l.Level() != Warn {
		t.Fatalf("SetLevel(5) accepted or changed the level")
	}
	l.Disable()
	l.Always(Error, "ffi", "panic")
	if l.Len() != 3 {
		t.Fatalf("Always did not keep the event while disabled")
	}
}

func TestLoggerRingKeepsNewest(t *testing.T) {
	l := NewLogger(4)
	l.Enable()
	for i := 0; i < 10; i++ {
		l.Add(Info, "m", string(rune('a'+i)))
	}
	ev := l.Events()
	var got []string
	for _, e := range ev {
		got = append(got, e.Message)
	}
	if strings.Join(got, "") != "ghij" || l.Dropped() != 6 {
		t.Fatalf("ring holds %v, dropped %d", got, l.Dropped())
	}
	if ev[0].Seq != 7 || ev[3].Seq != 10 {
		t.Fatalf("seqs %d..%d", ev[0].Seq, ev[3].Seq)
	}
	d := l.Drain(3)
	if len(d) != 3 || d[0].Message != "g" || l.Len() != 1 {
		t.Fatalf("drain: %v, left %d", d, l.Len())
	}
	if d := l.Drain(100); len(d) != 1 || d[0].Message != "j" {
		t.Fatalf("drain rest: %v", d)
	}
	if d := l.Drain(-1); len(d) != 0 {
		t.Fatalf("drain(-1) = %v", d)
	}
	l.Add(Info, "m", "x")
	l.Clear()
	if l.Len() != 0 {
		t.Fatal("Clear left events")
	}
}

func TestLoggerClipsAndCopies(t *testing.T) {
	l := NewLogger(2)
	l.Enable()
	long := strings.Repeat("é", MaxMessageBytes) // 2 bytes each
	buf := []byte("mutable")
	l.Add(Info, string(buf), long+"\xff")
	buf[0] = 'X'
	e := l.Events()[0]
	if len(e.Message) > MaxMessageBytes || !utf8.ValidString(e.Message) {
		t.Fatalf("message of %d bytes, valid %v", len(e.Message), utf8.ValidString(e.Message))
	}
	l.Add(Info, "m", "bad \xff utf8")
	if e := l.Events()[1]; e.Message != "bad \ufffd utf8" {
		t.Fatalf("message %q", e.Message)
	}
}

func TestEventsJSON(t *testing.T) {
	l := NewLogger(8)
	l.Enable()
	l.Add(Warn, "ffi", "quote \" backslash \\ newline \n ctl \x01 bad \xfe")
	var got []map[string]any
	b := AppendEventsJSON(nil, l.Events())
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if len(got) != 1 || got[0]["level"] != "Warn" || got[0]["module"] != "ffi" ||
		got[0]["message"] != "quote \" backslash \\ newline \n ctl \x01 bad \ufffd" {
		t.Fatalf("%s", b)
	}
	for _, k := range []string{"seq", "timestamp_ms", "elapsed_ms"} {
		if _, ok := got[0][k].(float64); !ok {
			t.Errorf("member %s missing in %s", k, b)
		}
	}
	if s := string(AppendEventsJSON(nil, nil)); s != "[]" {
		t.Fatalf("empty: %s", s)
	}
}

func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "plain", "\"\\/\b\f\n\r\t", "\x00\x1f", "日本語", "\xc3\x28", "\xed\xa0\x80", "a\u2028b"} {
		var back string
		b := AppendJSONString(nil, s)
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%q -> %s: %v", s, b, err)
		}
		if utf8.ValidString(s) && back != s {
			t.Fatalf("%q -> %s -> %q", s, b, back)
		}
	}
}

func TestHistogramQuantiles(t *testing.T) {
	var h Histogram
	if h.Quantile(0.95) != 0 || h.Mean() != 0 {
		t.Fatal("empty histogram is not 0")
	}
	for i := 1; i <= 1000; i++ {
		h.Observe(time.Duration(i) * time.Microsecond)
	}
	if h.Count() != 1000 {
		t.Fatalf("count %d", h.Count())
	}
	if m := h.Mean(); math.Abs(m-500500) > 1 {
		t.Fatalf("mean %v", m)
	}
	for _, q := range []float64{0.5, 0.95, 0.99, 1} {
		want := q * 1000e3
		if got := h.Quantile(q); math.Abs(got-want)/want > 1.0/16 {
			t.Errorf("q%.2f = %v, want %v within 1/16", q, got, want)
		}
	}
	h.Observe(-5)
	h.Observe(math.MaxInt64)
	if h.Quantile(1) < 1e18 {
		t.Fatalf("max bucket %v", h.Quantile(1))
	}
	h.Reset()
	if h.Count() != 0 || h.Quantile(0.5) != 0 {
		t.Fatal("reset left values")
	}
}

func TestBucketsAreOrderedAndCover(t *testing.T) {
	prev := -1
	for _, v := range []uint64{0, 1, 7, 8, 9, 15, 16, 17, 1000, 1 << 40, math.MaxUint64} {
		b := bucketOf(v)
		if b < prev || b >= nBuckets {
			t.Fatalf("bucket of %d = %d (prev %d)", v, b, prev)
		}
		prev = b
		mid := bucketMid(b)
		if v >= 8 && math.Abs(mid-float64(v))/float64(v) > 1.0/8 {
			t.Fatalf("v %d in bucket %d with midpoint %v", v, b, mid)
		}
	}
}

func TestMetricsSnapshotAndReset(t *testing.T) {
	m := NewMetrics()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				m.ReconcileCalls.Inc()
				m.ReconcileTime.Observe(time.Microsecond)
				m.PredictionHits.Inc()
			}
			m.PredictorAdded()
		}()
	}
	wg.Wait()
	m.PredictionMisses.Add(8000)
	m.PredictorRemoved()
	s := m.Snapshot(3)
	if s.ReconcileCalls != 8000 || s.PredictionHitRate != 0.5 || s.CurrentPredictors != 7 ||
		s.MaxPredictors != 8 || s.LogEventsDropped != 3 {
		t.Fatalf("%+v", s)
	}
	if s.AvgReconcileTimeUs != 1 || math.Abs(s.P95ReconcileTimeUs-1) > 1.0/16 {
		t.Fatalf("times %v %v", s.AvgReconcileTimeUs, s.P95ReconcileTimeUs)
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]any
	json.Unmarshal(b, &fields)
	for _, k := range []string{"uptime_secs", "reconcile_calls", "reconcile_errors", "total_patches_generated",
		"avg_reconcile_time_us", "p95_reconcile_time_us", "predictor_learns", "predictor_learn_errors",
		"predictor_predictions", "predictor_prediction_hits", "predictor_prediction_misses",
		"prediction_hit_rate", "avg_prediction_time_us", "p95_prediction_time_us", "current_predictors",
		"max_predictors", "evictions_performed", "validation_failures", "patches_validated",
		"patch_validation_failures"} {
		if _, ok := fields[k]; !ok {
			t.Errorf("metrics JSON lacks %s", k)
		}
	}
	m.Reset()
	s = m.Snapshot(0)
	if s.ReconcileCalls != 0 || s.AvgReconcileTimeUs != 0 || s.CurrentPredictors != 7 || s.MaxPredictors != 7 {
		t.Fatalf("after reset %+v", s)
	}
}

func BenchmarkAddDisabled(b *testing.B) {
	l := NewLogger(16)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		l.Add(Debug, "m", "message")
	}
}

func BenchmarkObserveParallel(b *testing.B) {
	var h Histogram
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			h.Observe(1234)
		}
	})
}
