package predict

import (
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
