package predict

import (
	"fmt"
	"math"
	"testing"
	"time"
)

// TestHistQuantiles: a quantile is within 1/16 of the true value, the
// lanes' histograms add up, and values past the last bucket land in it.
func TestHistQuantiles(t *testing.T) {
	for _, v := range []uint64{0, 1, 7, 8, 9, 15, 16, 100, 1000, 12345, 1 << 20, 999999999, 1 << 39, 1<<40 - 1} {
		if mid := histMid(histBucket(v)); math.Abs(mid-float64(v)) > float64(v)/16+0.5 {
			t.Errorf("%d: bucket midpoint %.1f", v, mid)
		}
	}
	if histBucket(1<<62) != histBuckets-1 {
		t.Error("a huge value is not in the last bucket")
	}
	var a, b hist
	for i := 1; i <= 1000; i++ {
		h := &a
		if i%2 == 0 {
			h = &b
		}
		h.observe(time.Duration(i) * time.Microsecond)
	}
	var s histSum
	a.addTo(&s)
	b.addTo(&s)
	if s.count != 1000 {
		t.Fatalf("%d values", s.count)
	}
	for _, c := range []struct{ q, want float64 }{{0.5, 500e3}, {0.95, 950e3}, {0.99, 990e3}, {1, 1000e3}} {
		if got := s.quantile(c.q); math.Abs(got-c.want) > c.want/16 {
			t.Errorf("q%.2f = %.0f ns, want %.0f", c.q, got, c.want)
		}
	}
	if m := s.mean(); math.Abs(m-500.5e3) > 1 {
		t.Errorf("mean %.0f", m)
	}
	a.reset()
	var z histSum
	a.addTo(&z)
	if z.count != 0 || z.quantile(0.5) != 0 {
		t.Error("reset left values")
	}
}

// TestMemoryEstimateWithoutLock: the estimate the process-wide metrics sum
// is read without the lock (a scrape never waits for a Learn holding it),
// follows every write, and is what MemoryStats measures when the learn
// scratch was just measured.
func TestMemoryEstimateWithoutLock(t *testing.T) {
	p := New(DefaultConfig())
	empty := p.MemoryEstimate()
	if empty != p.baseMem() {
		t.Fatalf("a new predictor's estimate %d, its base memory %d", empty, p.baseMem())
	}
	for i := 0; i < 20; i++ {
		if _, err := p.Learn(sc("c", fmt.Sprint("k", i), i, i+1), counterTree(i), counterTree(i+1)); err != nil {
			t.Fatal(err)
		}
	}
	grown := p.MemoryEstimate()
	if grown <= empty {
		t.Fatalf("20 learns left the estimate at %d (empty %d)", grown, empty)
	}
	p.lock() // a writer holds the lock: the estimate must not wait for it
	if got := p.MemoryEstimate(); got != grown {
		t.Errorf("estimate under a writer %d, after the learns %d", got, grown)
	}
	p.lsSize = p.ls.size()
	p.unlock()
	if exact := p.MemoryStats().TotalBytes; p.MemoryEstimate() != exact {
		t.Errorf("estimate %d, exact %d", p.MemoryEstimate(), exact)
	}
	snap, err := p.Save()
	if err != nil {
		t.Fatal(err)
	}
	q, err := Load(snap)
	if err != nil {
		t.Fatal(err)
	}
	if got := q.MemoryEstimate(); got <= q.baseMem() {
		t.Errorf("a loaded predictor's estimate %d is its empty size", got)
	}
	p.Clear()
	// the models are gone; the learn scratch stays
	if want := p.baseMem() + p.lsSize; p.MemoryEstimate() != want || want >= grown {
		t.Errorf("after Clear the estimate is %d, want %d (below %d)", p.MemoryEstimate(), want, grown)
	}
}
