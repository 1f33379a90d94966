package predict

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/internal/treegen"
)

// TestMergeTakesWhatOthersLearned: a predictor merging two others'
// snapshots (one binary, one JSON) predicts what each of them does, for keys
// it never saw; keys both learned add their observations and records up;
// a bad snapshot changes nothing; the merging predictor's bounds hold.
func TestMergeTakesWhatOthersLearned(t *testing.T) {
	count := func(v any) *treegen.Node {
		return page("C", treegen.El("p", nil, treegen.Txt(fmt.Sprint("Count: ", v))))
	}
	a, b := New(DefaultConfig()), New(DefaultConfig())
	learnAll(t, a, "counter-a", "count", count, ints(0, 8)...)
	seq := [][]todoItem{
		{{1, "milk", false}},
		{{1, "milk", false}, {2, "bread", false}},
		{{1, "milk", true}, {2, "bread", false}},
		{{1, "milk", true}, {2, "bread", false}, {3, "eggs", false}},
		{{1, "milk", true}, {3, "eggs", false}},
		{{1, "milk", true}, {3, "eggs", true}},
		{{1, "milk", true}, {3, "eggs", true}, {4, "tea", false}},
		{{1, "milk", false}, {3, "eggs", true}, {4, "tea", false}},
		{{3, "eggs", true}, {4, "tea", false}},
		{{3, "eggs", true}, {4, "tea", false}, {5, "jam", false}},
		{{3, "eggs", false}, {4, "tea", false}, {5, "jam", false}},
	}
	vals := make([]any, 0, len(seq))
	for _, s := range seq {
		vals = append(vals, s)
	}
	last := seq[len(seq)-1]
	learnAll(t, b, "todo-b", "items", todoTree, vals...)
	learnAll(t, b, "counter-b", "count", count, ints(0, 8)...)
	bin, _ := a.Serialize()
	js, _ := b.Save()
	c := New(DefaultConfig())
	if err := c.Merge(bin); err != nil {
		t.Fatal(err)
	}
	if err := c.Merge(js); err != nil {
		t.Fatal(err)
	}
	for _, q := range []struct {
		from      *Predictor
		comp, key string
		o, n      any
		tree      []byte
	}{
		{a, "counter-a", "count", 8, 9, count(8).JSON()},
		{b, "counter-b", "count", 8, 9, count(8).JSON()},
		{b, "todo-b", "items", last, append(append([]todoItem{}, last...), todoItem{6, "rice", false}), todoTree(last).JSON()},
	} {
		want, _ := q.from.Predict(sc(q.comp, q.key, q.o, q.n), q.tree)
		got, _ := c.Predict(sc(q.comp, q.key, q.o, q.n), q.tree)
		if want == nil {
			t.Fatalf("%s: the learner does not predict", q.comp)
		}
		if got == nil || !bytes.Equal(got.Patches, want.Patches) || !bytes.Equal(got.Tree, want.Tree) || got.Confidence != want.Confidence {
			t.Errorf("%s: merged predicts %+v, the learner %+v", q.comp, got, want)
		}
	}
	st := c.Stats()
	if st.UniqueStateKeys != 3 || st.TotalObservations != a.Stats().TotalObservations+b.Stats().TotalObservations {
		t.Errorf("merged %+v", st)
	}

	// a key both learned: observations and records add up
	d := New(DefaultConfig())
	learnAll(t, d, "counter-a", "count", count, ints(20, 26)...)
	before := d.models["counter-a\x00count"]
	obs, recs := before.obs, before.recs[0].rec
	if err := d.Merge(bin); err != nil {
		t.Fatal(err)
	}
	m := d.models["counter-a\x00count"]
	ra := a.models["counter-a\x00count"]
	if m.obs != obs+ra.obs {
		t.Errorf("observations %d, want %d + %d", m.obs, obs, ra.obs)
	}
	if got, want := m.recs[0].rec.h, recs.h+ra.recs[0].rec.h; got < want-1e-9 || got > want+1e-9 {
		t.Errorf("verified hits %.3f, want %.3f", got, want)
	}
	if pr, _ := d.Predict(sc("counter-a", "count", 30, 31), count(30).JSON()); pr == nil {
		t.Error("no prediction after merging the same key")
	}

	// a bad snapshot changes nothing
	snap, _ := d.Serialize()
	for _, bad := range [][]byte{bin[:len(bin)-1], append(append([]byte{}, js[:len(js)/2]...), '}'), []byte("MMPR\x01junk"), []byte(`{"format":"x"}`)} {
		err := d.Merge(bad)
		if c := vdom.CodeOf(err); c != vdom.Persistence && c != vdom.Serialization {
			t.Errorf("bad snapshot: %v", err)
		}
		if again, _ := d.Serialize(); !bytes.Equal(again, snap) {
			t.Fatal("a bad snapshot changed the predictor")
		}
	}

	// the merging predictor's bounds hold
	small := New(Config{MaxTotalPatterns: 2})
	learnAll(t, small, "mine", "count", count, ints(0, 4)...)
	if err := small.Merge(js); err != nil {
		t.Fatal(err)
	}
	if st := small.Stats(); st.TotalPatterns > 2 {
		t.Errorf("%d patterns for a bound of 2", st.TotalPatterns)
	}
}
