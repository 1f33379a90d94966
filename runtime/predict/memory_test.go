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
	for _, c := range []struct {
		n      int
		corpus string
	}{{8, "basic"}, {40, "basic"}, {3, "apps"}} {
		n := c.n
		t.Run(fmt.Sprint(n, " ", c.corpus, " corpora"), func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.GC()
			runtime.ReadMemStats(&before)
			p := predict.New(predict.Config{MaxMemoryBytes: 1 << 30, MaxTotalPatterns: 1 << 20})
			for i := 0; i < n; i++ {
				steps, err := accuracy.CorpusSteps(c.corpus, map[string]int{"basic": 450, "apps": 3000}[c.corpus], uint64(i+1), fmt.Sprint("#", i))
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range steps {
					ch := s.Change
					if c.corpus == "apps" {
						ch = s.WithState() // the renders of whole states are counted too
					}
					if _, err := p.Learn(ch, s.OldTree, s.NewTree); err != nil {
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
