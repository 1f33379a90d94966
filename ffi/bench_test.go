package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/minimact/engine/bench"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict"
	"github.com/minimact/engine/runtime/reconcile"
)

// benchCounter is the 20-node counter of bench/abi/bench_abi.c.
func benchCounter(n int) string {
	return fmt.Sprintf(`{"type":"Element","tag":"div","props":{"class":"counter","id":"c1"},"key":null,"children":[`+
		`{"type":"Element","tag":"h1","props":{},"key":null,"children":[{"type":"Text","content":"Counter"}]},`+
		`{"type":"Element","tag":"p","props":{"class":"value"},"key":null,"children":[{"type":"Text","content":"Count: %d"}]},`+
		`{"type":"Element","tag":"div","props":{"class":"buttons"},"key":null,"children":[`+
		`{"type":"Element","tag":"button","props":{"onclick":"inc"},"key":null,"children":[{"type":"Text","content":"+"}]},`+
		`{"type":"Element","tag":"button","props":{"onclick":"dec"},"key":null,"children":[{"type":"Text","content":"-"}]},`+
		`{"type":"Element","tag":"button","props":{"onclick":"reset"},"key":null,"children":[{"type":"Text","content":"Reset"}]}]},`+
		`{"type":"Element","tag":"ul","props":{"class":"help"},"key":null,"children":[`+
		`{"type":"Element","tag":"li","props":{},"key":null,"children":[{"type":"Text","content":"Click + to add one"}]},`+
		`{"type":"Element","tag":"li","props":{},"key":null,"children":[{"type":"Text","content":"Click - to take one"}]}]},`+
		`{"type":"Element","tag":"footer","props":{},"key":null,"children":[{"type":"Text","content":"minimact"}]}]}`, n)
}

func benchChange(from, to int) string {
	return fmt.Sprintf(`{"component_id":"counter-1","state_key":"count","old_value":%d,"new_value":%d}`, from, to)
}

// BenchmarkPredictDirect is the predictor alone; BenchmarkPredictExport the
// same call through the export (less the C-to-Go transition).
func BenchmarkPredictDirect(b *testing.B) {
	p := predict.New(predict.DefaultConfig())
	for i := 0; i < 8; i++ {
		p.Learn([]byte(benchChange(i, i+1)), []byte(benchCounter(i)), []byte(benchCounter(i+1)))
	}
	sc, t := []byte(benchChange(8, 9)), []byte(benchCounter(8))
	if pr, err := p.Predict(sc, t); pr == nil || err != nil {
		b.Fatal("no prediction", err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		p.Predict(sc, t)
	}
}

func BenchmarkPredictExport(b *testing.B) {
	h := minimact_predictor_new()
	for i := 0; i < 8; i++ {
		sc, o, n := testCStr(benchChange(i, i+1)), testCStr(benchCounter(i)), testCStr(benchCounter(i+1))
		testResult(minimact_predictor_learn(h, sc, o, n))
	}
	sc, t := testCStr(benchChange(8, 9)), testCStr(benchCounter(8))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		minimact_free_string(minimact_predictor_predict(h, sc, t))
	}
}

func BenchmarkLearnDirect(b *testing.B) {
	p := predict.New(predict.DefaultConfig())
	var trees, changes [][]byte
	for i := 0; i <= 1024; i++ {
		trees = append(trees, []byte(benchCounter(i)))
		changes = append(changes, []byte(benchChange(i, i+1)))
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		k := i % 1024
		p.Learn(changes[k], trees[k], trees[k+1])
	}
}

// BenchmarkReconcileDirect is reconcile.Reconciler.JSON on the one-cell
// table, as a host calls it (each old tree the previous new one, so it comes
// from the tree cache); BenchmarkReconcileExport the same through the export,
// less the C-to-Go transition: the difference is the ABI's own work
// (bounded NUL scans, UTF-8 checks, the reply's copy, metrics, scrubbing).
func BenchmarkReconcileDirect(b *testing.B) {
	c, _ := bench.Lookup("table-one-cell")
	r := reconcile.New(vdom.Limits{})
	b.SetBytes(int64(len(c.Old) + len(c.New)))
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			r.JSON(c.Old, c.New)
		} else {
			r.JSON(c.New, c.Old)
		}
	}
}

func BenchmarkReconcileExport(b *testing.B) {
	c, _ := bench.Lookup("table-one-cell")
	o, n := testCStr(string(c.Old)), testCStr(string(c.New))
	defer testFree(o)
	defer testFree(n)
	b.SetBytes(int64(len(c.Old) + len(c.New)))
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			minimact_free_string(minimact_reconcile(o, n))
		} else {
			minimact_free_string(minimact_reconcile(n, o))
		}
	}
}

// BenchmarkBorrow is reading one 260 KB tree argument in place: the bounded
// NUL scan and the UTF-8 check.
func BenchmarkBorrow(b *testing.B) {
	c, _ := bench.Lookup("table-one-cell")
	p := testCStr(string(c.Old))
	defer testFree(p)
	b.SetBytes(int64(len(c.Old)))
	for i := 0; i < b.N; i++ {
		if _, err := borrow(unsafe.Pointer(p), 1<<20, "x"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPredictHintExport: a hint of one and of two increments on the
// 20-node counter through the C ABI (beside BenchmarkPredictExport, the
// same counter predicted for one change).
func BenchmarkPredictHintExport(b *testing.B) {
	h := minimact_predictor_new()
	for i := 0; i < 8; i++ {
		sc, o, n := testCStr(benchChange(i, i+1)), testCStr(benchCounter(i)), testCStr(benchCounter(i+1))
		testResult(minimact_predictor_learn(h, sc, o, n))
	}
	id, t := testCStr("h"), testCStr(benchCounter(8))
	for _, n := range []int{1, 2} {
		list := "[" + benchChange(8, 9)
		if n == 2 {
			list += "," + benchChange(9, 10)
		}
		changes := testCStr(list + "]")
		cc := testCStr("counter-1")
		if r := testTake(minimact_predictor_predict_hint(h, id, cc, changes, t)); !strings.HasPrefix(r, `{"ok":true`) {
			b.Fatalf("no hint: %s", r)
		}
		b.Run(strconv.Itoa(n)+"-changes", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				minimact_free_string(minimact_predictor_predict_hint(h, id, cc, changes, t))
			}
		})
	}
}
