package diag

import (
	"encoding/json"
	"math"
	"math/rand"
	"slices"
	"testing"
	"time"
	"unsafe"
)

// The histogram's quantiles against the exact quantiles of the same
// samples, for several distributions: the reported value is the midpoint of
// the bucket holding the exact value, so it is within 1/16 of it (values
// under 8 ns exactly).
func TestHistogramQuantileAccuracy(t *testing.T) {
	rng := rand.New(rand.NewSource(42))
	dists := map[string]func() uint64{
		"uniform-us":   func() uint64 { return uint64(rng.Intn(1000000)) },
		"exponential":  func() uint64 { return uint64(rng.ExpFloat64() * 50000) },
		"lognormal":    func() uint64 { return uint64(math.Exp(rng.NormFloat64()*2 + 10)) },
		"small":        func() uint64 { return uint64(rng.Intn(20)) },
		"bimodal":      func() uint64 { return uint64(1000 + rng.Intn(10) + 5000000*rng.Intn(2)) },
		"heavy-tailed": func() uint64 { return uint64(1000 / math.Pow(rng.Float64()+1e-9, 1.5)) },
	}
	for name, draw := range dists {
		for _, n := range []int{1, 7, 100, 10000} {
			var h Histogram
			vals := make([]uint64, n)
			for i := range vals {
				vals[i] = draw()
				h.Observe(time.Duration(vals[i]))
			}
			slices.Sort(vals)
			for _, q := range []float64{0.01, 0.5, 0.9, 0.95, 0.99, 0.999, 1} {
				rank := int(math.Ceil(q * float64(n)))
				if rank < 1 {
					rank = 1
				}
				exact := float64(vals[rank-1])
				got := h.Quantile(q)
				if exact < 8 {
					if got != exact {
						t.Errorf("%s n=%d q%v: %v, want %v exactly", name, n, q, got, exact)
					}
				} else if math.Abs(got-exact) > exact/16 {
					t.Errorf("%s n=%d q%v: %v, exact %v (off by %.3f)", name, n, q, got, exact, math.Abs(got-exact)/exact)
				}
			}
		}
	}
}

// The histogram is bounded: its size is fixed, and recording allocates
// nothing, whatever is recorded.
func TestHistogramBounded(t *testing.T) {
	if s := unsafe.Sizeof(Histogram{}); s > 5000 {
		t.Fatalf("a histogram is %d bytes", s)
	}
	var h Histogram
	v := time.Duration(1)
	if a := testing.AllocsPerRun(1000, func() { h.Observe(v); v = v*3 + 1 }); a != 0 {
		t.Fatalf("Observe allocates %v", a)
	}
	if a := testing.AllocsPerRun(100, func() { h.Quantile(0.99) }); a != 0 {
		t.Fatalf("Quantile allocates %v", a)
	}
	// Every bucket's bounds: consecutive, each midpoint inside its bucket.
	for i := 1; i < nBuckets; i++ {
		lo := bucketLower(i)
		if bucketOf(lo) != i || bucketOf(lo-1) != i-1 {
			t.Fatalf("bucket %d starts at %d: bucketOf %d, before %d", i, lo, bucketOf(lo), bucketOf(lo-1))
		}
		if m := bucketMid(i); m < float64(lo) || (i+1 < nBuckets && m >= float64(bucketLower(i+1))) {
			t.Fatalf("bucket %d: midpoint %v outside [%d, %d)", i, m, lo, bucketLower(i+1))
		}
	}
}

// bucketLower returns the least value of bucket i.
func bucketLower(i int) uint64 {
	if i < subBuckets {
		return uint64(i)
	}
	exp := i/subBuckets + subBits - 1
	return (subBuckets + uint64(i%subBuckets)) << uint(exp-subBits)
}

func TestSnapshotLatencies(t *testing.T) {
	m := NewMetrics()
	for i := 1; i <= 100; i++ {
		d := time.Duration(i) * time.Microsecond
		m.ReconcileTime.Observe(d)
		m.LearnTime.Observe(2 * d)
		m.PredictTime.Observe(3 * d)
	}
	Retained.Trees.Add(3)
	Retained.Trees.Add(-1)
	defer Retained.Trees.Add(-2)
	s := m.Snapshot(0)
	near := func(got, want float64) bool { return math.Abs(got-want) <= want/16+0.001 }
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"p50 reconcile", s.P50ReconcileTimeUs, 50}, {"p95 reconcile", s.P95ReconcileTimeUs, 95}, {"p99 reconcile", s.P99ReconcileTimeUs, 99},
		{"avg learn", s.AvgLearnTimeUs, 101}, {"p50 learn", s.P50LearnTimeUs, 100}, {"p95 learn", s.P95LearnTimeUs, 190}, {"p99 learn", s.P99LearnTimeUs, 198},
		{"p50 predict", s.P50PredictionTimeUs, 150}, {"p95 predict", s.P95PredictionTimeUs, 285}, {"p99 predict", s.P99PredictionTimeUs, 297},
	} {
		if !near(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if s.CurrentTrees != 2 {
		t.Errorf("trees %d", s.CurrentTrees)
	}
	b, _ := json.Marshal(s)
	var fields map[string]any
	json.Unmarshal(b, &fields)
	for _, k := range []string{"p50_reconcile_time_us", "p95_reconcile_time_us", "p99_reconcile_time_us",
		"avg_learn_time_us", "p50_learn_time_us", "p95_learn_time_us", "p99_learn_time_us",
		"p50_prediction_time_us", "p95_prediction_time_us", "p99_prediction_time_us",
		"current_trees", "log_callback_dropped", "log_events_dropped", "panics_recovered"} {
		if _, ok := fields[k]; !ok {
			t.Errorf("no %s in %s", k, b)
		}
	}
	m.Reset()
	if s := m.Snapshot(0); s.P99LearnTimeUs != 0 || s.CurrentTrees != 2 {
		t.Errorf("after reset %+v", s)
	}
}

func TestGlobalReportsLogHookDrops(t *testing.T) {
	if Global.log != Log {
		t.Fatal("Global does not report Log's hook")
	}
	if NewMetrics().Snapshot(0).LogCallbackDropped != 0 {
		t.Fatal("drops without a logger")
	}
}
