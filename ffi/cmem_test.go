package main

import (
	"math"
	"math/rand/v2"
	"strconv"
	"syscall"
	"testing"
	"unsafe"

	"github.com/minimact/engine/runtime/predict"
)

// TestStrnlen checks the Go strnlen against the definition at every length
// and alignment around a page boundary, with the page after the string
// unreadable: a scan that read past the page holding the NUL would fault.
func TestStrnlen(t *testing.T) {
	const page = 4096
	mem, err := syscall.Mmap(-1, 0, 3*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Skip("mmap:", err)
	}
	defer syscall.Munmap(mem)
	if err := syscall.Mprotect(mem[2*page:], syscall.PROT_NONE); err != nil {
		t.Skip("mprotect:", err)
	}
	for i := range mem[:2*page] {
		mem[i] = 'x'
	}
	end := 2 * page // the first unreadable byte
	for _, n := range []int{0, 1, 7, 15, 16, 17, 31, 32, 33, 63, 64, 100, page - 1, page, page + 1, 2*page - 1} {
		start := end - n - 1
		mem[end-1] = 0 // the NUL is the readable memory's last byte
		p := unsafe.Pointer(&mem[start])
		for _, max := range []int{0, 1, n - 1, n, n + 1, 1 << 20} {
			if max < 0 {
				continue
			}
			want := n
			if max < n {
				want = max
			}
			if got := strnlen(p, max); got != want {
				t.Fatalf("strnlen(%d-byte string, max %d) = %d, want %d", n, max, got, want)
			}
		}
	}
	// no NUL within max
	for i := range mem[:2*page] {
		mem[i] = 'y'
	}
	if got := strnlen(unsafe.Pointer(&mem[5]), page+3); got != page+3 {
		t.Fatalf("strnlen without a NUL = %d, want %d", got, page+3)
	}
}

// TestAppendConfidence: the confidence a reply writes reads back as the
// prediction's confidence, in the shortest form.
func TestAppendConfidence(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cs := []float64{0, 1, 0.5, 0.7, 0.1 + 0.2, 1e-7, 4e-7, 6e-7, 0.9999996, 0.000001, 0.123456789, 2.5, -0.5, math.NaN()}
	for range 10000 {
		cs = append(cs, r.Float64())
	}
	for _, c := range cs {
		got := string(appendConfidence(nil, predict.RoundConfidence(c)))
		if !(c >= 0 && c <= 1) {
			if want := strconv.FormatFloat(c, 'g', -1, 64); got != want {
				t.Fatalf("appendConfidence(%v) = %s, want %s", c, got, want)
			}
			continue
		}
		want := strconv.FormatFloat(predict.RoundConfidence(c), 'f', -1, 64)
		if got != want {
			t.Fatalf("appendConfidence(%v) = %s, want %s", c, got, want)
		}
	}
}
