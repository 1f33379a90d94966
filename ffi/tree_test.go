package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/minimact/engine/generated/vdom"
)

// binaryOf returns the binary encoding of a JSON tree.
func binaryOf(t testing.TB, src string) []byte {
	var tr vdom.Tree
	if err := vdom.NewDecoder(vdom.Limits{}).DecodeTree([]byte(src), &tr); err != nil {
		t.Fatal(err)
	}
	var e vdom.Encoder
	return e.AppendBinary(nil, &tr, tr.Root)
}

func globalMetrics(t *testing.T) map[string]float64 {
	var g map[string]float64
	if err := json.Unmarshal([]byte(testTake(minimact_global_metrics())), &g); err != nil {
		t.Fatal(err)
	}
	return g
}

// TestTreeExports: a retained tree renders JSON and binary trees into the
// same patches minimact_reconcile gives for the old and new tree, learns
// from its last render and predicts on itself, and is destroyed once.
func TestTreeExports(t *testing.T) {
	before := globalMetrics(t)
	h, code := testTreeNew("")
	if code != 0 || h == 0 {
		t.Fatalf("tree_new: %d %d", h, code)
	}
	if got := testTreeRender(h, counter(0)); !strings.HasPrefix(got, `[{"type":"Create","path":[],"node":{"type":"Element","tag":"div"`) {
		t.Fatalf("first render: %s", got)
	}
	for i := 1; i <= 6; i++ {
		var got string
		if i%2 == 0 {
			got = testTreeRenderBinary(h, binaryOf(t, counter(i)), 0)
		} else {
			got = testTreeRender(h, counter(i))
		}
		if want := reconcileStr(counter(i-1), counter(i)); got != want {
			t.Fatalf("render %d: %s, reconcile gives %s", i, got, want)
		}
	}
	if got := testTreeRender(h, counter(6)); got != "[]" {
		t.Fatalf("same tree again: %s", got)
	}
	if g := globalMetrics(t); g["retained_trees"] != before["retained_trees"]+1 || g["retained_tree_bytes"] <= before["retained_tree_bytes"] ||
		g["tree_renders"] < before["tree_renders"]+8 {
		t.Fatalf("metrics before %v after %v", before, g)
	}
	// learn and predict without sending a tree
	p := uint64(minimact_predictor_new())
	defer minimact_predictor_destroy(testHandle(p))
	if code, msg := testTreeLearn(h, p, countChange(6, 6)); code != 0 {
		t.Fatalf("learn after an unchanged render: %d %s", code, msg)
	}
	for i := 7; i < 14; i++ {
		var reply string
		if i%2 == 0 {
			reply = testTreeRenderBinary(h, binaryOf(t, counter(i)), 0)
		} else {
			reply = testTreeRender(h, counter(i))
		}
		if !strings.HasPrefix(reply, "[") {
			t.Fatal(reply)
		}
		if code, msg := testTreeLearn(h, p, countChange(i-1, i)); code != 0 {
			t.Fatalf("learn %d: %d %s", i, code, msg)
		}
	}
	pred := testTreePredict(h, p, countChange(13, 14))
	var pr struct {
		OK   bool `json:"ok"`
		Data struct {
			Patches json.RawMessage `json:"predicted_patches"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(pred), &pr); err != nil || !pr.OK || !strings.Contains(string(pr.Data.Patches), "Count: 14") {
		t.Fatalf("predict: %s", pred)
	}
	// the same answer as the predictor's own export on the tree sent
	cs, tr := testCStr(countChange(13, 14)), testCStr(counter(13))
	direct := testTake(minimact_predictor_predict(testHandle(p), cs, tr))
	testFree(cs)
	testFree(tr)
	if direct != pred {
		t.Fatalf("tree_predict %s\npredictor_predict %s", pred, direct)
	}
	if c := testTreeDestroy(h); c != 0 {
		t.Fatalf("destroy: %d", c)
	}
	if c := testTreeDestroy(h); c != int(vdom.InvalidHandle) {
		t.Fatalf("destroy again: %d", c)
	}
	if g := globalMetrics(t); g["retained_trees"] != before["retained_trees"] || g["retained_tree_bytes"] != before["retained_tree_bytes"] {
		t.Fatalf("a destroyed tree still counted: %v", g)
	}
}

// TestTreeErrors: every bad input gets its code and changes nothing.
func TestTreeErrors(t *testing.T) {
	if c := testTreeNewNil(); c != int(vdom.NullPointer) {
		t.Fatalf("new(NULL): %d", c)
	}
	if _, c := testTreeNew(`{"max_tree_depth":-1}`); c != int(vdom.Serialization) {
		t.Fatalf("create with bad limits: %d", c)
	}
	h, _ := testTreeNew(`{"max_node_count":20}`)
	defer testTreeDestroy(h)
	p := uint64(minimact_predictor_new())
	defer minimact_predictor_destroy(testHandle(p))
	if code, _ := testTreeLearn(h, p, countChange(0, 1)); code != int(vdom.KeyNotFound) {
		t.Fatalf("learn before any render: %d", code)
	}
	if r := testTreePredict(h, p, countChange(0, 1)); !strings.Contains(r, `"code":17`) {
		t.Fatalf("predict before any render: %s", r)
	}
	testTreeRender(h, counter(1))
	if code, _ := testTreeLearn(h, p, countChange(0, 1)); code != int(vdom.KeyNotFound) {
		t.Fatalf("learn after one render: %d", code)
	}
	for _, c := range []struct {
		name string
		src  string
		code vdom.Code
	}{
		{"NULL", "\x00nil", vdom.NullPointer},
		{"bad UTF-8", strings.Replace(counter(2), "Count", "C\xffount", 1), vdom.InvalidUtf8},
		{"malformed", counter(2)[:40], vdom.Serialization},
		{"too many nodes", `{"type":"Fragment","children":[` + strings.Repeat(textA+",", 25) + textA + `]}`, vdom.TreeTooLarge},
	} {
		_, code := errorReply(t, testTreeRender(h, c.src))
		if code != int(c.code) {
			t.Errorf("%s: code %d, want %d", c.name, code, c.code)
		}
	}
	for _, c := range []struct {
		name string
		b    []byte
		n    int
		code vdom.Code
	}{
		{"NULL bytes", nil, 5, vdom.NullPointer},
		{"not binary", []byte(counter(2)), 0, vdom.Serialization},
		{"truncated", binaryOf(t, counter(2))[:30], 0, vdom.Serialization},
	} {
		_, code := errorReply(t, testTreeRenderBinary(h, c.b, c.n))
		if code != int(c.code) {
			t.Errorf("%s: code %d, want %d", c.name, code, c.code)
		}
	}
	// nothing changed: the next render diffs from counter(1)
	if got, want := testTreeRender(h, counter(2)), reconcileStr(counter(1), counter(2)); got != want {
		t.Fatalf("after errors: %s, want %s", got, want)
	}
	// unknown handles, and a predictor handle given as a tree
	for _, bad := range []uint64{0, 1 << 40, p} {
		if _, code := errorReply(t, testTreeRender(bad, counter(1))); code != int(vdom.InvalidHandle) {
			t.Fatalf("render on %d: %d", bad, code)
		}
		if code, _ := testTreeLearn(bad, p, countChange(0, 1)); code != int(vdom.InvalidHandle) {
			t.Fatalf("learn on %d: %d", bad, code)
		}
	}
	if code, _ := testTreeLearn(h, h, countChange(0, 1)); code != int(vdom.InvalidHandle) {
		t.Fatalf("a tree handle as predictor: %d", code)
	}
}

// TestTreeThreads: many goroutines render on trees of their own, others on
// one shared tree (serialized: every reply is a valid patch list), while
// trees are destroyed under the calls.
func TestTreeThreads(t *testing.T) {
	shared, _ := testTreeNew("")
	testTreeRender(shared, counter(0))
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			own, _ := testTreeNew("")
			for i := 0; i < 200; i++ {
				if r := testTreeRender(own, counter(i)); !strings.HasPrefix(r, "[") {
					errs <- "own: " + r
					return
				}
				if r := testTreeRender(shared, counter(g*1000+i)); !strings.HasPrefix(r, "[") {
					errs <- "shared: " + r
					return
				}
			}
			// destroy racing with calls on the same handle
			done := make(chan bool)
			go func() {
				for i := 0; ; i++ {
					r := testTreeRender(own, counter(i))
					if !strings.HasPrefix(r, "[") {
						if _, code := errorReply(t, r); code != int(vdom.InvalidHandle) {
							errs <- "after destroy: " + r
						}
						done <- true
						return
					}
				}
			}()
			if c := testTreeDestroy(own); c != 0 {
				errs <- fmt.Sprint("destroy ", c)
			}
			<-done
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	testTreeDestroy(shared)
}

// TestTreeRenderAllocs: a render on a retained tree allocates no Go memory
// in steady state (the reply is C memory).
func TestTreeRenderAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts under the race detector mean nothing")
	}
	h, _ := testTreeNew("")
	defer testTreeDestroy(h)
	a, b := testCStr(counter(1)), testCStr(counter(2))
	defer testFree(a)
	defer testFree(b)
	bina, binb := binaryOf(t, counter(1)), binaryOf(t, counter(2))
	ba, bb := testCBytes(bina), testCBytes(binb)
	defer testFreeBytes(ba)
	defer testFreeBytes(bb)
	i := 0
	json := func() {
		if i%2 == 0 {
			testTreeRenderDrop(h, a)
		} else {
			testTreeRenderDrop(h, b)
		}
		i++
	}
	bin := func() {
		if i%2 == 0 {
			testTreeRenderBinaryDrop(h, ba, len(bina))
		} else {
			testTreeRenderBinaryDrop(h, bb, len(binb))
		}
		i++
	}
	for k := 0; k < 20; k++ {
		json()
	}
	if n := testing.AllocsPerRun(100, json); n > 0 {
		t.Errorf("JSON render: %v allocations", n)
	}
	for k := 0; k < 20; k++ {
		bin()
	}
	if n := testing.AllocsPerRun(100, bin); n > 0 {
		t.Errorf("binary render: %v allocations", n)
	}
}

// BenchmarkTreeRenderCounter is minimact_tree_render_binary on the counter
// (two states in turn), from Go: everything but the C-to-Go transition.
func BenchmarkTreeRenderCounter(b *testing.B) {
	h, _ := testTreeNew("")
	defer testTreeDestroy(h)
	bina, binb := binaryOf(b, counter(1)), binaryOf(b, counter(2))
	ba, bb := testCBytes(bina), testCBytes(binb)
	defer testFreeBytes(ba)
	defer testFreeBytes(bb)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i%2 == 0 {
			testTreeRenderBinaryDrop(h, ba, len(bina))
		} else {
			testTreeRenderBinaryDrop(h, bb, len(binb))
		}
		i++
	}
}
