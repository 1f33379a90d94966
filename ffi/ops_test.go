package main

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/minimact/engine/runtime/diag"
)

// promValue returns the value of the sample line that starts with series
// followed by a space, and whether there is one.
func promValue(text, series string) (float64, bool) {
	for _, line := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(strings.Replace(v, "+Inf", "Inf", 1), 64)
			return f, err == nil
		}
	}
	return 0, false
}

func TestMetricsPrometheusExport(t *testing.T) {
	minimact_metrics_reset()
	h := minimact_predictor_new()
	defer func() { testResult(minimact_predictor_destroy(h)) }()
	for i := 0; i < 3; i++ {
		reconcileStr(counter(i), counter(i+1))
		sc, o, n := testCStr(countChange(i, i+1)), testCStr(counter(i)), testCStr(counter(i+1))
		testResult(minimact_predictor_learn(h, sc, o, n))
		testTake(minimact_predictor_predict(h, sc, o))
		testFree(sc)
		testFree(o)
		testFree(n)
	}
	reconcileStr("{", counter(1))
	text := testTake(minimact_metrics_prometheus())
	var m map[string]float64
	if err := json.Unmarshal([]byte(testTake(minimact_metrics_get())), &m); err != nil {
		t.Fatal(err)
	}
	for series, want := range map[string]float64{
		"minimact_reconcile_calls_total":                        m["reconcile_calls"],
		"minimact_reconcile_errors_total":                       m["reconcile_errors"],
		"minimact_reconcile_duration_seconds_count":             m["reconcile_calls"],
		`minimact_reconcile_duration_seconds_bucket{le="+Inf"}`: m["reconcile_calls"],
		"minimact_learns_total":                                 m["predictor_learns"],
		"minimact_learn_duration_seconds_count":                 m["predictor_learns"],
		"minimact_predictions_total":                            m["predictor_predictions"],
		"minimact_predict_duration_seconds_count":               m["predictor_predictions"],
		"minimact_prediction_hits_total":                        m["predictor_prediction_hits"],
		"minimact_predictors":                                   m["current_predictors"],
		"minimact_validation_failures_total":                    m["validation_failures"],
		`minimact_build_info{version="1.0.0",abi_version="1"}`:  1,
	} {
		got, ok := promValue(text, series)
		if !ok || got != want {
			t.Errorf("%s = %v (%v), want %v", series, got, ok, want)
		}
	}
	if m["reconcile_calls"] != 4 || m["reconcile_errors"] != 1 {
		t.Errorf("metrics %v", m)
	}
	if v, ok := promValue(text, "minimact_predictor_memory_bytes"); !ok || v <= 0 {
		t.Errorf("predictor memory %v", v)
	}
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if !strings.HasPrefix(line, "# ") && !strings.HasPrefix(line, "minimact_") {
			t.Fatalf("line %q", line)
		}
	}
}

// The JSON metrics: every field of shared/ABI.md's list, and p50/p95/p99 of
// the three latencies.
func TestMetricsFields(t *testing.T) {
	var m map[string]any
	if err := json.Unmarshal([]byte(testTake(minimact_metrics_get())), &m); err != nil {
		t.Fatal(err)
	}
	var g map[string]any
	if err := json.Unmarshal([]byte(testTake(minimact_global_metrics())), &g); err != nil {
		t.Fatal(err)
	}
	fields := []string{"uptime_secs", "reconcile_calls", "reconcile_errors", "total_patches_generated",
		"avg_reconcile_time_us", "p95_reconcile_time_us", "predictor_learns", "predictor_learn_errors",
		"predictor_predictions", "predictor_prediction_hits", "predictor_prediction_misses",
		"prediction_hit_rate", "avg_prediction_time_us", "p95_prediction_time_us", "current_predictors",
		"max_predictors", "evictions_performed", "validation_failures", "patches_validated",
		"patch_validation_failures"}
	for _, op := range []string{"reconcile", "learn", "prediction"} {
		for _, q := range []string{"p50", "p95", "p99"} {
			fields = append(fields, q+"_"+op+"_time_us")
		}
	}
	for _, f := range append(fields, "log_callback_dropped", "log_events_dropped", "current_trees") {
		if _, ok := m[f]; !ok {
			t.Errorf("minimact_metrics_get lacks %s", f)
		}
		if _, ok := g[f]; !ok {
			t.Errorf("minimact_global_metrics lacks %s", f)
		}
	}
	for _, f := range []string{"predictor_count", "total_memory_bytes"} {
		if _, ok := g[f]; !ok {
			t.Errorf("minimact_global_metrics lacks %s", f)
		}
	}
}

func TestLogCallbackExport(t *testing.T) {
	minimact_logging_clear()
	minimact_logging_enable()
	minimact_logging_set_level(1)
	defer minimact_logging_disable()
	before := diag.Log.HookStats().Delivered
	if code, msg, _ := testSetCallback(true, false, false, 0xbeef); code != 0 {
		t.Fatalf("set: %d %s", code, msg)
	}
	for i := 0; i < 50; i++ {
		reconcileStr("{", counter(i)) // a warning each
	}
	reconcileStr(counter(1), counter(2)) // a debug event
	if code, _, _ := testSetCallback(false, false, false, 0); code != 0 {
		t.Fatalf("unset: %d", code)
	}
	s := testCallbackSeen()
	delivered := diag.Log.HookStats().Delivered - before
	if s.N < 51 || s.N != delivered || s.OutOfOrder != 0 || s.BadStrings != 0 || s.Threads != 1 || s.User != 0xbeef {
		t.Fatalf("seen %+v, delivered %d", s, delivered)
	}
	if s.LastModule != "reconcile" || !strings.HasPrefix(s.LastMessage, "reconciled ") {
		t.Fatalf("last event %q %q", s.LastModule, s.LastMessage)
	}
	// Nothing after unregistering.
	n := testCallbackCount()
	reconcileStr("{", counter(1))
	if testCallbackCount() != n {
		t.Fatal("called after unregistering")
	}
	// NULL twice is fine.
	if code, _, _ := testSetCallback(false, false, false, 0); code != 0 {
		t.Fatal("unset twice")
	}
}

// A callback that calls the library: minimact_log_set_callback is refused
// inside it; what its reconcile logs is kept in the ring, not delivered.
func TestLogCallbackReentrant(t *testing.T) {
	minimact_logging_clear()
	minimact_logging_enable()
	minimact_logging_set_level(3)
	defer minimact_logging_disable()
	re := diag.Log.HookStats().Reentrant
	testSetCallback(true, true, false, 0)
	reconcileStr("{", counter(1))
	testSetCallback(false, false, false, 0)
	s := testCallbackSeen()
	if s.N != 1 || s.ReentrantCode != 10 {
		t.Fatalf("seen %+v", s)
	}
	if got := diag.Log.HookStats().Reentrant - re; got != 1 {
		t.Fatalf("%d events logged inside the callback were held back", got)
	}
	var events []map[string]any
	json.Unmarshal([]byte(testTake(minimact_logging_get_logs())), &events)
	if len(events) != 2 {
		t.Fatalf("the ring holds %d events, want the call's and the callback's", len(events))
	}
}

// A callback that blocks: the engine's calls go on, events beyond the queue
// are dropped for the callback and counted, and it sees the count. Besides
// the queue, up to logSlots events wait in the hand-off to the callback's
// thread (one of them the blocked callback's), so the drops are between
// n - HookQueue - logSlots and n - HookQueue; every event is either
// delivered or dropped.
func TestLogCallbackSlow(t *testing.T) {
	minimact_logging_clear()
	minimact_logging_enable()
	minimact_logging_set_level(3)
	defer minimact_logging_disable()
	minimact_metrics_reset()
	dropped0 := diag.Log.HookStats().Dropped
	testSetCallback(true, false, true, 0)
	released := false
	defer func() {
		if !released { // a failure below must not leave the callback blocked
			testReleaseCallback()
			testSetCallback(false, false, false, 0)
		}
	}()
	reconcileStr("{", counter(1))
	testWaitCallbackBlocked()
	const n = 2 * diag.HookQueue
	for i := 0; i < n; i++ {
		reconcileStr("{", counter(i)) // would hang here if the callback blocked the engine
	}
	dropped := diag.Log.HookStats().Dropped - dropped0
	if dropped > n-diag.HookQueue || dropped < n-diag.HookQueue-logSlots {
		t.Fatalf("dropped %d, want %d to %d", dropped, n-diag.HookQueue-logSlots, n-diag.HookQueue)
	}
	var m map[string]float64
	json.Unmarshal([]byte(testTake(minimact_metrics_get())), &m)
	if uint64(m["log_callback_dropped"]) != diag.Log.HookStats().Dropped {
		t.Fatalf("metrics: %v", m["log_callback_dropped"])
	}
	if v, ok := promValue(testTake(minimact_metrics_prometheus()), `minimact_log_events_dropped_total{where="callback"}`); !ok || uint64(v) != diag.Log.HookStats().Dropped {
		t.Fatalf("exposition: %v", v)
	}
	testReleaseCallback()
	testSetCallback(false, false, false, 0)
	released = true
	s := testCallbackSeen()
	if s.N+dropped != 1+n || s.Dropped != diag.Log.HookStats().Dropped {
		t.Fatalf("seen %+v: %d delivered + %d dropped, want %d", s, s.N, dropped, 1+n)
	}
}

// raceBuild is set under the race detector (race_test.go).
var raceBuild bool

// Logging that is off or filtered allocates nothing on reconcile: the same
// allocations as each other (counted, not timed; BenchmarkReconcileLogging
// has the times).
func TestLoggingOffAllocatesNothing(t *testing.T) {
	if raceBuild {
		t.Skip("allocation counts are not exact under the race detector")
	}
	oldp, newp := testCStr(benchCounter(1)), testCStr(benchCounter(2))
	defer testFree(oldp)
	defer testFree(newp)
	defer minimact_logging_disable()
	call := func() { minimact_free_string(minimact_reconcile(oldp, newp)) }
	for i := 0; i < 10; i++ {
		call()
	}
	minimact_logging_disable()
	off := testing.AllocsPerRun(200, call)
	minimact_logging_enable()
	minimact_logging_set_level(4) // error: the reconcile's debug site is filtered
	filtered := testing.AllocsPerRun(200, call)
	minimact_logging_set_level(1)
	on := testing.AllocsPerRun(200, call)
	minimact_logging_set_level(2)
	if off != filtered || on <= off {
		t.Fatalf("allocations per reconcile: off %v, filtered %v, on %v", off, filtered, on)
	}
}
