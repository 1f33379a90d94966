package retain_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/diag"
	"github.com/minimact/engine/runtime/predict"
	"github.com/minimact/engine/runtime/reconcile"
	"github.com/minimact/engine/runtime/retain"
)

func counter(n int) []byte {
	return []byte(fmt.Sprintf(`{"type":"Element","tag":"div","props":{"class":"c"},"children":[{"type":"Element","tag":"p","props":{},"children":[{"type":"Text","content":"Count: %d \"q\""}]},{"type":"Element","tag":"button","props":{"n":1,"o":{"a":[true,null]}},"children":[{"type":"Text","content":"+"}]}]}`, n))
}

func change(a, b int) []byte {
	return []byte(fmt.Sprintf(`{"component_id":"c","state_key":"count","old_value":%d,"new_value":%d}`, a, b))
}

func binary(t testing.TB, src []byte) []byte {
	var tr vdom.Tree
	if err := vdom.NewDecoder(vdom.Limits{}).DecodeTree(src, &tr); err != nil {
		t.Fatal(err)
	}
	var e vdom.Encoder
	return e.AppendBinary(nil, &tr, tr.Root)
}

// TestLearnPredictBinary: a tree rendered in binary feeds the predictor its
// canonical JSON; what it learns predicts the next change as a predictor
// given the JSON trees does.
func TestLearnPredictBinary(t *testing.T) {
	for _, bin := range []bool{false, true} {
		tr := retain.New(vdom.Limits{})
		r := reconcile.New(vdom.Limits{})
		p, direct := predict.New(predict.DefaultConfig()), predict.New(predict.DefaultConfig())
		render := func(i int) {
			src := counter(i)
			if bin {
				src = binary(t, src)
			}
			if _, err := tr.Render(r, src, bin); err != nil {
				t.Fatal(err)
			}
		}
		render(0)
		if err := tr.Learn(p, change(0, 0)); vdom.CodeOf(err) != vdom.KeyNotFound {
			t.Fatalf("learn after one render: %v", err)
		}
		for i := 1; i < 8; i++ {
			render(i)
			if err := tr.Learn(p, change(i-1, i)); err != nil {
				t.Fatal(err)
			}
			if _, err := direct.Learn(change(i-1, i), counter(i-1), counter(i)); err != nil {
				t.Fatal(err)
			}
		}
		got, err := tr.Predict(p, change(7, 8))
		if err != nil || got == nil {
			t.Fatalf("predict: %v %v", got, err)
		}
		want, _ := direct.Predict(change(7, 8), counter(7))
		if want == nil || string(got.Patches) != string(want.Patches) || !strings.Contains(string(got.Patches), "Count: 8") {
			t.Fatalf("binary %v: predicted %s, the predictor on JSON %s", bin, got.Patches, want.Patches)
		}
		tr.Close()
	}
}

// TestCloseRacesCalls: closing a tree while goroutines call it ends their
// calls with InvalidHandle, never a crash; the memory it held is uncounted.
func TestCloseRacesCalls(t *testing.T) {
	before := diag.Retained.Bytes.Load()
	trees := diag.Retained.Trees.Load()
	tr := retain.New(vdom.Limits{})
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			r := reconcile.New(vdom.Limits{})
			for i := 0; ; i++ {
				if _, err := tr.Render(r, counter(g*1000+i), false); err != nil {
					if vdom.CodeOf(err) != vdom.InvalidHandle {
						t.Error(err)
					}
					return
				}
			}
		}(g)
	}
	for tr.Bytes() == 0 {
	}
	if !tr.Close() || tr.Close() {
		t.Fatal("Close reports")
	}
	wg.Wait()
	if diag.Retained.Bytes.Load() != before || diag.Retained.Trees.Load() != trees {
		t.Fatalf("bytes %d (was %d), trees %d (was %d)", diag.Retained.Bytes.Load(), before, diag.Retained.Trees.Load(), trees)
	}
}

// TestAppendHTML: the retained tree's HTML is the HTML writer's of the tree
// rendered last, in JSON or binary; before a render there is none.
func TestAppendHTML(t *testing.T) {
	var w vdom.HTMLWriter
	for _, bin := range []bool{false, true} {
		tr := retain.New(vdom.Limits{})
		if _, err := tr.AppendHTML(&w, nil); vdom.CodeOf(err) != vdom.KeyNotFound {
			t.Fatalf("before a render: %v", err)
		}
		r := reconcile.New(vdom.Limits{})
		for i := 0; i < 3; i++ {
			src := counter(i)
			if bin {
				src = binary(t, src)
			}
			if _, err := tr.Render(r, src, bin); err != nil {
				t.Fatal(err)
			}
			got, err := tr.AppendHTML(&w, nil)
			var want vdom.Tree
			if err2 := vdom.NewDecoder(vdom.Limits{}).DecodeTree(counter(i), &want); err != nil || err2 != nil {
				t.Fatal(err, err2)
			}
			exp, _ := w.AppendHTML(nil, &want, want.Root)
			if string(got) != string(exp) || !strings.Contains(string(got), fmt.Sprintf("Count: %d", i)) {
				t.Fatalf("binary %v, render %d: %s, want %s", bin, i, got, exp)
			}
		}
		tr.Close()
		if _, err := tr.AppendHTML(&w, nil); err == nil {
			t.Fatal("a closed tree writes HTML")
		}
	}
}
