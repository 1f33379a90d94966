package predict_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/minimact/engine/bench/accuracy"
	"github.com/minimact/engine/runtime/predict"
)

// TestEstimatedMemoryMatchesHeap: the estimate of what a predictor holds is
// within 20% of the heap it really holds, measured with the collector's
// statistics before and after building one with many patterns.
func TestEstimatedMemoryMatchesHeap(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large predictor")
	}
	for _, n := range []int{8, 40} {
		t.Run(fmt.Sprint(n, " corpora"), func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.GC()
			runtime.ReadMemStats(&before)
			p := predict.New(predict.Config{MaxMemoryBytes: 1 << 30, MaxTotalPatterns: 1 << 20})
			for i := 0; i < n; i++ {
				steps, err := accuracy.Steps(450, uint64(i+1), fmt.Sprint("#", i))
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range steps {
					if _, err := p.Learn(s.Change, s.OldTree, s.NewTree); err != nil {
						t.Fatal(err)
					}
				}
			}
			runtime.GC()
			runtime.GC()
			runtime.ReadMemStats(&after)
			heap := float64(after.HeapAlloc) - float64(before.HeapAlloc)
			ms := p.MemoryStats()
			est := float64(ms.TotalBytes)
			st := p.Stats()
			t.Logf("%d keys, %d patterns: estimated %.0f bytes, heap grew %.0f bytes (%.2f)", st.UniqueStateKeys, st.TotalPatterns, est, heap, est/heap)
			if est < 0.8*heap || est > 1.2*heap {
				t.Errorf("estimate %.0f is not within 20%% of the heap the predictor holds, %.0f", est, heap)
			}
			runtime.KeepAlive(p)
		})
	}
}
