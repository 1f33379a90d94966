package memsize

import "testing"

func TestAlloc(t *testing.T) {
	for _, c := range []struct {
		n    int
		want int64
	}{{0, 0}, {-1, 0}, {1, 8}, {8, 8}, {9, 16}, {1992, 2048}, {2048, 2048}, {32768, 32768}, {32769, 40960}} {
		if got := Alloc(c.n); got != c.want {
			t.Errorf("Alloc(%d) = %d, want %d", c.n, got, c.want)
		}
	}
	for _, c := range []struct {
		n    int
		want int64
	}{{0, 0}, {3, 3}, {15, 15}, {16, 16}, {17, 24}} {
		if got := Bytes(c.n); got != c.want {
			t.Errorf("Bytes(%d) = %d, want %d", c.n, got, c.want)
		}
	}
	if got := Slice(make([]int64, 3, 5)); got != 48 {
		t.Errorf("Slice of 5 int64s = %d", got)
	}
	var x struct{ a, b, c int64 }
	if got := Of(&x); got != 24 {
		t.Errorf("Of(24 bytes) = %d", got)
	}
}
