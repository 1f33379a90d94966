package scale

import (
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/minimact/engine/runtime/predict"
)

// TestRun: the workload runs, predicts the keys it kept, and stays within
// the bounds (a small size, so that go test ./... stays quick).
func TestRun(t *testing.T) {
	for _, l := range Limits {
		r := Run(2000, l)
		t.Logf("%+v", r)
		if r.PredictNs <= 0 || r.Kept == 0 || r.LearnNs <= 0 || r.Predicted != 100 {
			t.Errorf("%s: %+v", l, r)
		}
	}
	p := predict.New(ConfigOf("default"))
	Fill(p, 0, 12000)
	if ms := p.MemoryStats(); ms.PatternCount > predict.DefaultMaxTotalPatterns {
		t.Errorf("%+v", ms)
	}
}

var sizes = []int{1000, 10000, 100000, 1000000}

// BenchmarkLearnKeys: a Learn of a new key when the predictor already
// learned keys of them (kept up to its bounds).
func BenchmarkLearnKeys(b *testing.B) {
	for _, l := range Limits {
		for _, n := range sizes {
			b.Run(fmt.Sprintf("limits=%s/keys=%d", l, n), func(b *testing.B) {
				p := predict.New(ConfigOf(l))
				Fill(p, 0, n)
				trees := [2][]byte{Counter(0), Counter(1)}
				b.ReportAllocs()
				i := n
				for b.Loop() {
					p.Learn(Change(i, 0, 1), trees[0], trees[1])
					i++
				}
			})
		}
	}
}

// BenchmarkPredictKeys: a prediction of a key kept, among keys learned.
func BenchmarkPredictKeys(b *testing.B) {
	for _, l := range Limits {
		for _, n := range sizes {
			b.Run(fmt.Sprintf("limits=%s/keys=%d", l, n), func(b *testing.B) {
				p := predict.New(ConfigOf(l))
				Fill(p, 0, n)
				tree := Counter(LearnsPerKey)
				changes := make([][]byte, 1000)
				for i := range changes {
					changes[i] = Change(n-len(changes)+i, LearnsPerKey, LearnsPerKey+1)
				}
				var buf []byte
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					_, buf, _, _ = p.PredictInto(buf, changes[i%len(changes)], tree)
					i++
				}
			})
		}
	}
}

// trained is a predictor that predicts the counter component comp.
func trained(comp int) *predict.Predictor {
	p := predict.New(predict.DefaultConfig())
	for i := 0; i < 8; i++ {
		p.Learn(Change(comp, i, i+1), Counter(i), Counter(i+1))
	}
	return p
}

// cpuTime is the CPU the process used so far (0 where unknown).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per operation since c0: unlike ns/op it
// does not depend on what else the machine runs, and grows on more
// goroutines only when they contend.
func reportCPU(b *testing.B, c0 time.Duration) {
	if c := cpuTime(); c > 0 {
		b.ReportMetric(float64(c-c0)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkPredictParallel: predictions on as many goroutines as -cpu
// says, on one predictor they share or on one predictor each. Run with
// -cpu 1,2: the throughput ratio is ns/op at 1 over ns/op at 2 (when the
// machine gives the benchmark both cores), or 2 × cpu-ns/op at 1 over
// cpu-ns/op at 2.
func BenchmarkPredictParallel(b *testing.B) {
	sc, tree := Change(0, 8, 9), Counter(8)
	b.Run("shared", func(b *testing.B) {
		p := trained(0)
		runtime.GC()
		b.ReportAllocs()
		b.ResetTimer()
		c0 := cpuTime()
		defer reportCPU(b, c0)
		b.RunParallel(func(pb *testing.PB) {
			var buf []byte
			for pb.Next() {
				var ok bool
				if _, buf, ok, _ = p.PredictInto(buf, sc, tree); !ok {
					panic("no prediction")
				}
			}
		})
	})
	b.Run("separate", func(b *testing.B) {
		ps := make(chan *predict.Predictor, 64)
		for i := 0; i < cap(ps); i++ {
			ps <- trained(0)
		}
		runtime.GC()
		b.ReportAllocs()
		b.ResetTimer()
		c0 := cpuTime()
		defer reportCPU(b, c0)
		b.RunParallel(func(pb *testing.PB) {
			p := <-ps
			var buf []byte
			for pb.Next() {
				var ok bool
				if _, buf, ok, _ = p.PredictInto(buf, sc, tree); !ok {
					panic("no prediction")
				}
			}
		})
	})
}
