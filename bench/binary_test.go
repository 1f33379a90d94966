package bench_test

import (
	"bytes"
	"os"
	"strconv"
	"testing"

	"github.com/minimact/engine/bench"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/reconcile"
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

// withCall returns doc with "data-call":"00000000" first among the root's
// props and where its digits are (as bench/abi/bench_abi.c's cold mode).
func withCall(doc []byte) ([]byte, int) {
	at := bytes.Index(doc, []byte(`"props":{`)) + 9
	ins := `"data-call":"00000000",`
	if doc[at] == '}' {
		ins = ins[:len(ins)-1]
	}
	out := append(append(append([]byte(nil), doc[:at]...), ins...), doc[at:]...)
	return out, at + 13
}

func setCall(doc []byte, at, v int) {
	for i := 7; i >= 0; i, v = i-1, v/10 {
		doc[at+i] = byte('0' + v%10)
	}
}

// BenchmarkReconcileCold is the C ABI benchmark's cold mode without the
// ABI: every call's two documents are new (the root's "data-call" prop is
// rewritten each call), with the tree cache on as in the library.
func BenchmarkReconcileCold(b *testing.B) {
	entries := 8
	if n, err := strconv.Atoi(os.Getenv("COLD_ENTRIES")); err == nil {
		entries = n
	}
	reconcile.SetTreeCacheEntries(entries)
	defer reconcile.SetTreeCacheEntries(8)
	for _, c := range bench.Cases() {
		b.Run(c.Name, func(b *testing.B) {
			old, ao := withCall(c.Old)
			nw, an := withCall(c.New)
			r := reconcile.New(vdom.Limits{})
			if _, err := r.JSON(old, nw); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(old) + len(nw)))
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				i++
				setCall(old, ao, i)
				setCall(nw, an, i)
				if _, err := r.JSON(old, nw); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRender renders on a retained tree, alternating the case's new and
// old documents, in JSON and in binary: the engine's part of a retained
// render (RetainedTree.Render).
func BenchmarkRender(b *testing.B) {
	for _, bin := range []bool{false, true} {
		for _, c := range bench.Cases() {
			name := "json/" + c.Name
			old, nw := c.Old, c.New
			if bin {
				name = "binary/" + c.Name
				old, nw = binaryOf(b, c.Old), binaryOf(b, c.New)
			}
			b.Run(name, func(b *testing.B) {
				r := reconcile.New(vdom.Limits{})
				s := reconcile.NewRetained(true)
				if _, err := r.Render(s, old, bin); err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(nw)))
				b.ReportAllocs()
				b.ResetTimer()
				i := 0
				for b.Loop() {
					src := nw
					if i%2 == 1 {
						src = old
					}
					if _, err := r.Render(s, src, bin); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
		}
	}
}
