package clock

import (
	"testing"
	"time"
)

// TestSinceMeasuresTime: Since agrees with the time package's monotonic
// clock and never runs backwards.
func TestSinceMeasuresTime(t *testing.T) {
	s, w := Now(), time.Now()
	time.Sleep(20 * time.Millisecond)
	d, wd := Since(s), time.Since(w)
	if d < 20*time.Millisecond || d > wd+time.Millisecond {
		t.Fatalf("Since = %v after sleeping 20ms (time.Since %v)", d, wd)
	}
	prev := Now()
	for range 1000 {
		n := Now()
		if n < prev {
			t.Fatalf("clock went back: %d then %d", prev, n)
		}
		prev = n
	}
}
