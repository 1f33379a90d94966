package main

import (
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/minimact/engine/generated/vdom"
)

// allocated is the Go heap bytes f allocates.
func allocated(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

func newWithConfig(t *testing.T, cfg string) uint64 {
	t.Helper()
	c := testCStr(cfg)
	defer testFree(c)
	out, read := testOutHandle()
	if code, msg, _ := testResult(minimact_predictor_create(c, out)); code != 0 {
		read()
		t.Fatalf("create: %d %s", code, msg)
	}
	return read()
}

// TestBatchRefusedBeforeCopy: a batch over the predictor's bound is refused
// (JsonTooLarge) while it is measured, before anything is copied: four
// threads sending batches of 250 MB raised the resident memory by 1.7 GB
// before each got code 9. Here the bound is 64 KiB (max_json_bytes 1 KiB) and
// the batches 4 MiB: the calls allocate nothing of their size.
func TestBatchRefusedBeforeCopy(t *testing.T) {
	h := newWithConfig(t, `{"limits":{"max_json_bytes":1024}}`)
	defer minimact_predictor_destroy(testHandle(h))
	batch := testCStr("[" + strings.Repeat(" ", 4<<20) + "]")
	defer testFree(batch)
	n := allocated(func() {
		var wg sync.WaitGroup
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 3; i++ {
					if code, msg, _ := testResult(minimact_predictor_learn_batch(testHandle(h), batch)); code != int(vdom.JsonTooLarge) {
						t.Errorf("batch of 4 MiB: %d %s", code, msg)
					}
				}
			}()
		}
		wg.Wait()
	})
	t.Logf("12 refused batches of 4 MiB allocated %d bytes", n)
	if n > 256<<10 {
		t.Errorf("refusing 12 batches of 4 MiB allocated %d bytes", n)
	}
}

// TestBytesInFlightBounded: the copies of the calls running are bounded
// process-wide; a call that would pass the bound gets MemoryLimitExceeded
// and copies nothing; small copies do not count.
func TestBytesInFlightBounded(t *testing.T) {
	old := inFlight.max.Load()
	defer inFlight.max.Store(old)
	inFlight.max.Store(100 << 10)
	h := newWithConfig(t, `{}`)
	defer minimact_predictor_destroy(testHandle(h))
	big := `{"type":"Text","content":"` + strings.Repeat("x", 40<<10) + `"}`
	sc, o, n := testCStr(countChange(0, 1)), testCStr(big), testCStr(big)
	defer testFree(sc)
	defer testFree(o)
	defer testFree(n)
	if code, msg, _ := testResult(minimact_predictor_learn(testHandle(h), sc, o, n)); code != 0 {
		t.Fatalf("80 KiB within a bound of 100 KiB: %d %s", code, msg)
	}
	inFlight.used.Add(50 << 10) // another call holds 50 KiB
	code, msg, _ := testResult(minimact_predictor_learn(testHandle(h), sc, o, n))
	inFlight.used.Add(-50 << 10)
	if code != int(vdom.MemoryLimitExceeded) || !strings.Contains(msg, "MINIMACT_MAX_BYTES_IN_FLIGHT") {
		t.Fatalf("80 KiB beside 50 KiB in flight: %d %s", code, msg)
	}
	if u := inFlight.used.Load(); u != 0 {
		t.Fatalf("%d bytes left in flight", u)
	}
	small, so := testCStr(counter(1)), testCStr(counter(2))
	defer testFree(small)
	defer testFree(so)
	inFlight.used.Add(100 << 10)
	code, msg, _ = testResult(minimact_predictor_learn(testHandle(h), sc, small, so))
	inFlight.used.Add(-100 << 10)
	if code != 0 {
		t.Fatalf("a small learn with the bound reached: %d %s", code, msg)
	}
}

// TestPredictExportAllocatesNothing: a prediction through the export, in a
// host's steady state, allocates nothing on the Go heap (the reply is
// copied to C memory).
func TestPredictExportAllocatesNothing(t *testing.T) {
	h := minimact_predictor_new()
	defer minimact_predictor_destroy(h)
	for i := 0; i < 8; i++ {
		sc, o, n := testCStr(benchChange(i, i+1)), testCStr(benchCounter(i)), testCStr(benchCounter(i+1))
		testResult(minimact_predictor_learn(h, sc, o, n))
		testFree(sc)
		testFree(o)
		testFree(n)
	}
	sc, tr := testCStr(benchChange(8, 9)), testCStr(benchCounter(8))
	defer testFree(sc)
	defer testFree(tr)
	if r := testTake(minimact_predictor_predict(h, sc, tr)); !strings.HasPrefix(r, `{"ok":true`) {
		t.Fatal(r)
	}
	n := testing.AllocsPerRun(200, func() { minimact_free_string(minimact_predictor_predict(h, sc, tr)) })
	if n != 0 && !raceEnabled {
		t.Errorf("%.1f allocations per prediction", n)
	}
}
