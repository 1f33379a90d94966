package main

import (
	"testing"
	"time"

	"github.com/minimact/engine/runtime/diag"
)

// BenchmarkReconcileLogging measures what logging costs minimact_reconcile
// (the 20-node counter, one UpdateText), through the export, in four modes
// run in turn in blocks of calls within one benchmark, so that they share
// the machine's state (frequency, caches, other load) and their ratio is
// measured in the same run:
//
//	off          logging disabled (the default): each log site is one atomic load
//	filtered     logging on at Error: the sites check the level and keep nothing
//	on-ring      logging on at Debug: each call keeps an event in the ring
//	on-callback  as on-ring, and a C callback receives each event
//
// It reports each mode's ns per call (off-ns/call, ...) and the ratios
// off/filtered (1.00 = logging that is off costs what a filtered site does,
// i.e. nothing measurable), on-ring/off and on-callback/off.
//
//	go test ./ffi -run '^$' -bench ReconcileLogging -count 6
func BenchmarkReconcileLogging(b *testing.B) {
	oldp, newp := testCStr(benchCounter(1)), testCStr(benchCounter(2))
	defer testFree(oldp)
	defer testFree(newp)
	defer func() {
		diag.Log.SetHook(nil)
		minimact_logging_disable()
		minimact_logging_set_level(2)
		minimact_logging_clear()
	}()
	type mode struct {
		name  string
		set   func()
		ns    time.Duration
		calls int
	}
	modes := []*mode{
		{name: "off", set: func() { testSetCallback(false, false, false, 0); minimact_logging_disable() }},
		{name: "filtered", set: func() { minimact_logging_enable(); minimact_logging_set_level(4) }},
		{name: "on-ring", set: func() { minimact_logging_enable(); minimact_logging_set_level(1) }},
		{name: "on-callback", set: func() {
			minimact_logging_enable()
			minimact_logging_set_level(1)
			testSetCallback(true, false, false, 0)
		}},
	}
	for i := 0; i < 100; i++ { // warm the worker pool and the tree cache
		minimact_free_string(minimact_reconcile(oldp, newp))
	}
	const block = 500
	b.ReportAllocs()
	b.ResetTimer()
	for done := 0; done < b.N; {
		for _, m := range modes {
			m.set()
			n := min(block, b.N-done)
			if n <= 0 {
				break
			}
			start := time.Now()
			for j := 0; j < n; j++ {
				minimact_free_string(minimact_reconcile(oldp, newp))
			}
			m.ns += time.Since(start)
			m.calls += n
			done += n
		}
	}
	b.StopTimer()
	per := map[string]float64{}
	for _, m := range modes {
		if m.calls > 0 {
			per[m.name] = float64(m.ns.Nanoseconds()) / float64(m.calls)
			b.ReportMetric(per[m.name], m.name+"-ns/call")
		}
	}
	if per["off"] > 0 && per["filtered"] > 0 {
		b.ReportMetric(per["off"]/per["filtered"], "off/filtered")
	}
	if per["off"] > 0 && per["on-ring"] > 0 {
		b.ReportMetric(per["on-ring"]/per["off"], "on-ring/off")
	}
	if per["off"] > 0 && per["on-callback"] > 0 {
		b.ReportMetric(per["on-callback"]/per["off"], "on-callback/off")
	}
}
