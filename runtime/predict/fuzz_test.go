package predict_test

import (
	"encoding/json"
	"testing"

	"github.com/minimact/engine/bench/accuracy"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict"
)

// trained is a predictor that has learned the accuracy corpus a while, so
// that fuzzed inputs meet patterns to apply.
func trained(tb testing.TB) (*predict.Predictor, []accuracy.Step) {
	steps, err := accuracy.Steps(600, 3, "")
	if err != nil {
		tb.Fatal(err)
	}
	p := predict.New(predict.DefaultConfig())
	for _, s := range steps {
		p.Learn(s.Change, s.OldTree, s.NewTree)
	}
	// and app components with their whole states: renders of states seen
	// before, child templates
	apps, err := accuracy.CorpusSteps(accuracy.Apps, 1500, 3, "")
	if err != nil {
		tb.Fatal(err)
	}
	for _, s := range apps {
		p.Learn(s.WithState(), s.OldTree, s.NewTree)
	}
	return p, steps
}

// FuzzPredictor: any state change and trees: coded errors, no panic, and
// predictions that apply to the tree given.
func FuzzPredictor(f *testing.F) {
	steps, _ := accuracy.Steps(60, 11, "")
	for _, s := range steps {
		f.Add(s.Change, s.OldTree, s.NewTree)
	}
	f.Add([]byte(`{"component_id":"counter-1","state_key":"count","old_value":3,"new_value":[{"a":{}}]}`), []byte(`{"type":"Text","content":"x"}`), []byte(`null`))
	apps, _ := accuracy.CorpusSteps(accuracy.Apps, 1600, 3, "")
	for _, s := range apps[1500:] {
		f.Add(s.WithState(), s.OldTree, s.NewTree)
	}
	p, _ := trained(f)
	f.Fuzz(func(t *testing.T, ch, cur, nw []byte) {
		pr, err := p.Predict(ch, cur)
		if !isCoded(err) {
			t.Fatalf("predict: %T %v", err, err)
		}
		if pr != nil && !checkPrediction(t, cur, pr) {
			t.Fatal("a prediction that does not apply")
		}
		if _, err := p.Learn(ch, cur, nw); !isCoded(err) {
			t.Fatalf("learn: %T %v", err, err)
		}
	})
}

// FuzzDeserialize: hostile bytes give a Persistence error or a predictor
// that works, never a panic or a huge allocation.
func FuzzDeserialize(f *testing.F) {
	p, steps := trained(f)
	b, _ := p.Serialize()
	f.Add(b)
	f.Add([]byte("MMPR\x01"))
	f.Fuzz(func(t *testing.T, b []byte) {
		q, err := predict.Deserialize(b, predict.DefaultConfig())
		if err != nil {
			if vdom.CodeOf(err) != vdom.Persistence {
				t.Fatalf("%v", err)
			}
			return
		}
		for _, s := range steps[:20] {
			if pr, _ := q.Predict(s.Change, s.OldTree); pr != nil && !checkPrediction(t, s.OldTree, pr) {
				t.Fatal("a prediction that does not apply")
			}
		}
	})
}

// FuzzLoad: hostile snapshots likewise.
func FuzzLoad(f *testing.F) {
	p, steps := trained(f)
	b, _ := p.Save()
	f.Add(b)
	f.Add([]byte(`{"format":"minimact-predictor","version":1,"config":{},"clock":0,"patterns":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		q, err := predict.Load(b)
		if err != nil {
			if c := vdom.CodeOf(err); c != vdom.Persistence && c != vdom.Serialization && c != vdom.JsonTooLarge {
				t.Fatalf("%v", err)
			}
			return
		}
		for _, s := range steps[:20] {
			if pr, _ := q.Predict(s.Change, s.OldTree); pr != nil && !checkPrediction(t, s.OldTree, pr) {
				t.Fatal("a prediction that does not apply")
			}
		}
	})
}

// FuzzMerge: hostile snapshots merged into a trained predictor: a coded
// error that leaves it as it was, or a merge after which it still works;
// never a panic.
func FuzzMerge(f *testing.F) {
	p, steps := trained(f)
	b, _ := p.Serialize()
	js, _ := p.Save()
	f.Add(b)
	f.Add(js)
	f.Add([]byte("MMPR\x01"))
	small := predict.New(predict.DefaultConfig())
	for _, s := range steps[:60] {
		small.Learn(s.Change, s.OldTree, s.NewTree)
	}
	before, _ := small.Serialize()
	f.Fuzz(func(t *testing.T, b []byte) {
		q, err := predict.Deserialize(before, predict.DefaultConfig())
		if err != nil {
			t.Fatal(err)
		}
		if err := q.Merge(b); err != nil {
			if c := vdom.CodeOf(err); c != vdom.Persistence && c != vdom.Serialization && c != vdom.JsonTooLarge {
				t.Fatalf("%v", err)
			}
			if after, _ := q.Serialize(); string(after) != string(before) {
				t.Fatal("a refused snapshot changed the predictor")
			}
			return
		}
		for _, s := range steps[:20] {
			if pr, _ := q.Predict(s.Change, s.OldTree); pr != nil && !checkPrediction(t, s.OldTree, pr) {
				t.Fatal("a prediction that does not apply")
			}
		}
	})
}

// FuzzPredictHint: any hint (component, list of changes, current tree)
// gets a coded error, silence, or patches that apply to the current tree
// and give the predicted tree; never a panic.
func FuzzPredictHint(f *testing.F) {
	p, steps := trained(f)
	for i, s := range steps[:40] {
		var c struct {
			Component string `json:"component_id"`
		}
		_ = json.Unmarshal(s.Change, &c)
		f.Add(c.Component, []byte("["+string(s.Change)+"]"), s.OldTree)
		if i+1 < len(steps) {
			f.Add(c.Component, []byte("["+string(s.Change)+","+string(steps[i+1].Change)+"]"), s.OldTree)
		}
	}
	f.Add("c", []byte(`[{"state_key":"k"},{}]`), []byte(`{"type":"Text","content":"x"}`))
	f.Fuzz(func(t *testing.T, comp string, changes, cur []byte) {
		pr, err := p.PredictHint(comp, changes, cur)
		if !isCoded(err) {
			t.Fatalf("hint: %T %v", err, err)
		}
		if pr != nil && !checkPrediction(t, cur, pr) {
			t.Fatal("a hint that does not apply")
		}
	})
}
