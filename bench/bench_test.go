package bench_test

import (
	"testing"

	"github.com/minimact/engine/bench"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/reconcile"
)

// BenchmarkReconcile is the whole job the host asks for: two trees as JSON
// in, the patch list as JSON out, with one reused Reconciler, cold: the tree
// cache is off, so both trees are decoded every time. Bytes are the two
// documents; patch-B/op is the patch list's length and need-B/op the
// smallest list's (bench.Case.Need).
func BenchmarkReconcile(b *testing.B) {
	reconcile.SetTreeCacheEntries(0)
	defer reconcile.SetTreeCacheEntries(8)
	for _, c := range bench.Cases() {
		b.Run(c.Name, func(b *testing.B) {
			r := reconcile.New(vdom.Limits{})
			out, err := r.JSON(c.Old, c.New) // grow the buffers: steady state
			if err != nil {
				b.Fatal(err)
			}
			n := len(out)
			b.SetBytes(int64(len(c.Old) + len(c.New)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				out, err = r.JSON(c.Old, c.New)
				if err != nil {
					b.Fatal(err)
				}
			}
			if len(out) != n {
				b.Fatalf("patch list changed length: %d then %d", n, len(out))
			}
			b.ReportMetric(float64(n), "patch-B/op")
			b.ReportMetric(float64(len(c.Need)), "need-B/op")
		})
	}
}

// BenchmarkReconcileChained is the host's steady state: each call's old tree
// is the previous call's new one (the calls alternate old→new, new→old), so
// the old tree comes from the tree cache and only the new one is decoded.
func BenchmarkReconcileChained(b *testing.B) {
	reconcile.SetTreeCacheEntries(8)
	for _, c := range bench.Cases() {
		b.Run(c.Name, func(b *testing.B) {
			r := reconcile.New(vdom.Limits{})
			if _, err := r.JSON(c.Old, c.New); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(c.Old) + len(c.New)))
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				var err error
				if i%2 == 0 {
					_, err = r.JSON(c.New, c.Old)
				} else {
					_, err = r.JSON(c.Old, c.New)
				}
				if err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkDecode decodes one tree, the case's new one, into a reused Tree.
func BenchmarkDecode(b *testing.B) {
	for _, c := range bench.Cases() {
		b.Run(c.Name, func(b *testing.B) {
			d := vdom.NewDecoder(vdom.Limits{})
			var t vdom.Tree
			if err := d.DecodeTree(c.New, &t); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(c.New)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if err := d.DecodeTree(c.New, &t); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDiff is reconciling without the JSON: two decoded trees in, a
// PatchList out. Bytes are the two documents, for comparison with
// BenchmarkReconcile.
func BenchmarkDiff(b *testing.B) {
	for _, c := range bench.Cases() {
		b.Run(c.Name, func(b *testing.B) {
			old, new := decodeB(b, c.Old), decodeB(b, c.New)
			r := reconcile.New(vdom.Limits{})
			var l vdom.PatchList
			r.Diff(old, new, &l)
			b.SetBytes(int64(len(c.Old) + len(c.New)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				r.Diff(old, new, &l)
			}
		})
	}
}

// BenchmarkEncodePatches writes each case's patch list as JSON into a reused
// buffer. Bytes are the JSON written.
func BenchmarkEncodePatches(b *testing.B) {
	for _, c := range bench.Cases() {
		b.Run(c.Name, func(b *testing.B) {
			old, new := decodeB(b, c.Old), decodeB(b, c.New)
			var l vdom.PatchList
			reconcile.New(vdom.Limits{}).Diff(old, new, &l)
			var e vdom.Encoder
			buf := e.AppendPatches(nil, &l)
			b.SetBytes(int64(len(buf)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				buf = e.AppendPatches(buf[:0], &l)
			}
		})
	}
}

// BenchmarkEncodeTree writes each case's new tree as canonical JSON
// (vdom.Encoder.AppendTree, the walk overlays and spliced predictions
// share) into a reused buffer. Bytes are the JSON written.
func BenchmarkEncodeTree(b *testing.B) {
	for _, c := range bench.Cases() {
		b.Run(c.Name, func(b *testing.B) {
			t := decodeB(b, c.New)
			var e vdom.Encoder
			buf := e.AppendTree(nil, t, t.Root)
			b.SetBytes(int64(len(buf)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				buf = e.AppendTree(buf[:0], t, t.Root)
			}
		})
	}
}

// BenchmarkHTML writes each case's new tree as HTML (the first page,
// vdom.HTMLWriter) into a reused buffer. Bytes are the HTML written;
// json-B/op is the tree's JSON.
func BenchmarkHTML(b *testing.B) {
	for _, c := range bench.Cases() {
		b.Run(c.Name, func(b *testing.B) {
			t := decodeB(b, c.New)
			var w vdom.HTMLWriter
			buf, err := w.AppendHTML(nil, t, t.Root)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(buf)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				buf, _ = w.AppendHTML(buf[:0], t, t.Root)
			}
			b.ReportMetric(float64(len(c.New)), "json-B/op")
		})
	}
}

// BenchmarkRenderHTML is minimact_render_html's work without the C copy:
// the tree's JSON decoded and written as HTML, with reused buffers. Bytes
// are the JSON read.
func BenchmarkRenderHTML(b *testing.B) {
	for _, c := range bench.Cases() {
		b.Run(c.Name, func(b *testing.B) {
			d := vdom.NewDecoder(vdom.Limits{})
			var t vdom.Tree
			var w vdom.HTMLWriter
			var buf []byte
			render := func() {
				if err := d.DecodeTree(c.New, &t); err != nil {
					b.Fatal(err)
				}
				var err error
				if buf, err = w.AppendHTML(buf[:0], &t, t.Root); err != nil {
					b.Fatal(err)
				}
			}
			render()
			b.SetBytes(int64(len(c.New)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				render()
			}
			b.ReportMetric(float64(len(buf)), "html-B/op")
		})
	}
}

func decodeB(b *testing.B, src []byte) *vdom.Tree {
	b.Helper()
	var t vdom.Tree
	if err := vdom.NewDecoder(vdom.Limits{}).DecodeTree(src, &t); err != nil {
		b.Fatal(err)
	}
	return &t
}
