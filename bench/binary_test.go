package bench_test

import (
	"testing"

	"github.com/minimact/engine/bench"
	"github.com/minimact/engine/generated/vdom"
)

// binaryOf returns the binary encoding of a JSON tree.
func binaryOf(b *testing.B, src []byte) []byte {
	var t vdom.Tree
	if err := vdom.NewDecoder(vdom.Limits{}).DecodeTree(src, &t); err != nil {
		b.Fatal(err)
	}
	var e vdom.Encoder
	return e.AppendBinary(nil, &t, t.Root)
}

// BenchmarkDecodeBinary decodes the binary encoding of each case's new tree
// into a reused Tree (docs/binary-tree.md); MB/s is of the binary bytes,
// and json-B/op is the JSON document's size for comparison.
func BenchmarkDecodeBinary(b *testing.B) {
	for _, c := range bench.Cases() {
		b.Run(c.Name, func(b *testing.B) {
			src := binaryOf(b, c.New)
			d := vdom.NewDecoder(vdom.Limits{})
			var t vdom.Tree
			if err := d.DecodeBinary(src, &t); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if err := d.DecodeBinary(src, &t); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(c.New)), "json-B/op")
		})
	}
}
