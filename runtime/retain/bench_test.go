package retain_test

import (
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict"
	"github.com/minimact/engine/runtime/reconcile"
	"github.com/minimact/engine/runtime/retain"
)

// BenchmarkStateChange is a host's state change on a retained tree: render,
// learn from it, predict the next, alternating two counters, in JSON and in
// binary.
func BenchmarkStateChange(b *testing.B) {
	for _, bin := range []bool{false, true} {
		name := "json"
		if bin {
			name = "binary"
		}
		b.Run(name, func(b *testing.B) {
			docs := [2][]byte{counter(1), counter(2)}
			if bin {
				docs = [2][]byte{binary(nil, docs[0]), binary(nil, docs[1])}
			}
			changes := [2][]byte{change(2, 1), change(1, 2)}
			tr := retain.New(vdom.Limits{})
			r := reconcile.New(vdom.Limits{})
			p := predict.New(predict.DefaultConfig())
			tr.Render(r, docs[0], bin)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				k := (i + 1) % 2
				if _, err := tr.Render(r, docs[k], bin); err != nil {
					b.Fatal(err)
				}
				if err := tr.Learn(p, changes[k]); err != nil {
					b.Fatal(err)
				}
				if _, err := tr.Predict(p, changes[1-k]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
