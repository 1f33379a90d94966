package accuracy

import (
	"fmt"
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict"
)

// The latency benchmarks run the predictor on the counter component (20
// nodes, as a C# host sends it) in a host's steady state: Learn gets the
// tree the last Learn ended with as its old tree, and Predict gets the
// component's current tree. Goals: predict ≤ 1.5 µs, learn ≤ 3 µs.
//
//	go test ./bench/accuracy -run '^$' -bench 'Counter' -benchmem

const ring = 1024

func counterTrees() ([][]byte, [][]byte) {
	c := &counter{cid: "counter-1"}
	trees := make([][]byte, ring)
	changes := make([][]byte, ring)
	for i := range trees {
		c.count = i
		trees[i] = c.render().HostJSON()
		changes[i] = []byte(fmt.Sprintf(`{"component_id":"counter-1","state_key":"count","old_value":%d,"new_value":%d}`, i, (i+1)%ring))
	}
	return trees, changes
}

func trained(b *testing.B, trees, changes [][]byte, n int) *predict.Predictor {
	p := predict.New(predict.DefaultConfig())
	for i := 0; i < n; i++ {
		if _, err := p.Learn(changes[i], trees[i], trees[i+1]); err != nil {
			b.Fatal(err)
		}
	}
	return p
}

func TestCounterHas20Nodes(t *testing.T) {
	if n := (&counter{}).render().Count(); n != 20 {
		t.Fatalf("the counter has %d nodes", n)
	}
}

// BenchmarkPredictCounter: the current tree is the one the last Learn ended
// with (the host's steady state).
func BenchmarkPredictCounter(b *testing.B) {
	trees, changes := counterTrees()
	p := trained(b, trees, changes, 50)
	b.SetBytes(int64(len(trees[50])))
	b.ReportAllocs()
	for b.Loop() {
		pr, err := p.Predict(changes[50], trees[50])
		if err != nil || pr == nil {
			b.Fatal("no prediction", err)
		}
	}
}

// BenchmarkPredictCounterDecode: the current tree is not the one the
// predictor saw last, so it is decoded.
func BenchmarkPredictCounterDecode(b *testing.B) {
	trees, changes := counterTrees()
	p := trained(b, trees, changes, 50)
	b.SetBytes(int64(len(trees[49])))
	b.ReportAllocs()
	for b.Loop() {
		pr, err := p.Predict(changes[49], trees[49])
		if err != nil || pr == nil {
			b.Fatal("no prediction", err)
		}
	}
}

// BenchmarkLearnCounter: one increment after another, each Learn's old tree
// the previous one's new tree.
func BenchmarkLearnCounter(b *testing.B) {
	trees, changes := counterTrees()
	p := trained(b, trees, changes, 50)
	b.SetBytes(int64(2 * len(trees[0])))
	b.ReportAllocs()
	i := 50
	for b.Loop() {
		j := i % ring
		if _, err := p.Learn(changes[j], trees[j], trees[(j+1)%ring]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkBaselineDecodeCounter and BenchmarkBaselineEncodeCounter measure
// what the engine's decoder and encoder take for the same tree, to read the
// predictor's figures against this machine's speed.
func BenchmarkBaselineDecodeCounter(b *testing.B) {
	trees, _ := counterTrees()
	d := vdom.NewDecoder(vdom.Limits{})
	var t vdom.Tree
	b.SetBytes(int64(len(trees[50])))
	b.ReportAllocs()
	for b.Loop() {
		if err := d.DecodeTree(trees[50], &t); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBaselineEncodeCounter(b *testing.B) {
	trees, _ := counterTrees()
	var t vdom.Tree
	if err := vdom.NewDecoder(vdom.Limits{}).DecodeTree(trees[50], &t); err != nil {
		b.Fatal(err)
	}
	var e vdom.Encoder
	var out []byte
	b.ReportAllocs()
	for b.Loop() {
		out = e.AppendTree(out[:0], &t, t.Root)
	}
}
