package main

import (
	"bytes"
	"strings"
	"testing"
)

const sample = `goos: linux
cpu: Test CPU
BenchmarkReconcile/table-one-cell-2   100   400000 ns/op   650.00 MB/s   69.00 need-B/op   69.00 patch-B/op   0 B/op   0 allocs/op
BenchmarkReconcile/table-one-cell-2   100   300000 ns/op   650.00 MB/s   69.00 need-B/op   69.00 patch-B/op   0 B/op   0 allocs/op
BenchmarkReconcile/table-one-cell-2   100   200000 ns/op   650.00 MB/s   69.00 need-B/op   69.00 patch-B/op   0 B/op   0 allocs/op
BenchmarkReconcile/table-one-cell-2   100   100000 ns/op   650.00 MB/s   69.00 need-B/op   69.00 patch-B/op   0 B/op   0 allocs/op
BenchmarkDecode/list-swap2-2          100   100000 ns/op   999.00 MB/s   0 B/op   1 allocs/op
BenchmarkDecode/list-swap2-2          100   100000 ns/op  1001.00 MB/s   0 B/op   1 allocs/op
BenchmarkDecode/list-swap2-2          100   100000 ns/op  1003.00 MB/s   0 B/op   1 allocs/op
PASS
`

func TestTable(t *testing.T) {
	benches, header, err := parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(benches) != 2 || benches[0].name != "BenchmarkReconcile/table-one-cell" || benches[1].name != "BenchmarkDecode/list-swap2" {
		t.Fatalf("parsed %d benchmarks: %+v", len(benches), benches)
	}
	if len(header) != 2 {
		t.Errorf("header %q", header)
	}
	var out bytes.Buffer
	write(&out, benches, header, "cmd")
	s := out.String()
	// Median of four runs: the mean of the middle two, 250000 ns.
	for _, want := range []string{
		"| Reconcile/table-one-cell | 4 | 250.0 µs | ±60.0% | 250000 | 650 | 0 | 0 | 69 | ≤ 0.35 ms, 0 allocs, patch ≤ 69 B | yes |",
		"| Decode/list-swap2 | 3 | 100.0 µs | ±0.0% | 100000 | 1001 | 0 | 1 |  | ≥ 1 GB/s, 0 allocs | **no**: 0 allocs |",
		"Goals met: 4 of 5.",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in\n%s", want, s)
		}
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want float64
	}{{[]float64{3}, 3}, {[]float64{5, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5}, {[]float64{10, 1, 1, 1, 1, 10}, 1}} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}
