package vdom

import (
	"math/rand/v2"
	"testing"
)

// TestCommonPrefix: the common prefix's length is the first index where the
// bytes differ, whatever the lengths and wherever the difference (inside a
// run of 256, a word, the tail).
func TestCommonPrefix(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for n := 0; n < 3000; n++ {
		la, lb := r.IntN(700), r.IntN(700)
		a := make([]byte, la)
		for i := range a {
			a[i] = byte(r.IntN(4))
		}
		b := append([]byte(nil), a[:min(la, lb)]...)
		for len(b) < lb {
			b = append(b, byte(r.IntN(4)))
		}
		if len(b) > 0 && r.IntN(2) == 0 {
			b[r.IntN(len(b))] ^= 1 << uint(r.IntN(8))
		}
		want := 0
		for want < la && want < lb && a[want] == b[want] {
			want++
		}
		if got := CommonPrefix(a, b); got != want {
			t.Fatalf("CommonPrefix of %d and %d bytes: %d, want %d", la, lb, got, want)
		}
	}
}
