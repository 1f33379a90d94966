package predict

import (
	"fmt"
	"strings"
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/internal/treegen"
)

func hintCounter(v any) *treegen.Node {
	return page("Counter", treegen.El("p", nil, treegen.Txt(fmt.Sprintf("Count: %v", v))), treegen.El("button", nil, treegen.Txt("+")))
}

func hintPredictor(t *testing.T) *Predictor {
	p := New(DefaultConfig())
	learnAll(t, p, "c", "count", hintCounter, 0, 1, 2, 3, 4, 5, 6)
	return p
}

// TestPredictHintComposes: a hint of several changes gives the patches that
// turn the current tree into what all of them render, with the product of
// the steps' confidences; a hint of one change is that change's prediction.
func TestPredictHintComposes(t *testing.T) {
	p := hintPredictor(t)
	cur := hintCounter(10).JSON()
	one, err := p.Predict(sc("c", "count", 10, 11), cur)
	if err != nil || one == nil {
		t.Fatalf("predict: %v %v", one, err)
	}
	h1, err := p.PredictHint("c", []byte("["+string(sc("c", "count", 10, 11))+"]"), cur)
	if err != nil || h1 == nil {
		t.Fatalf("hint of one: %v %v", h1, err)
	}
	if string(h1.Patches) != string(one.Patches) || h1.Confidence != one.Confidence {
		t.Errorf("hint of one change %s (%v) != its prediction %s (%v)", h1.Patches, h1.Confidence, one.Patches, one.Confidence)
	}
	for _, n := range []int{2, 3, 5} {
		var parts []string
		for i := 0; i < n; i++ {
			parts = append(parts, string(sc("c", "count", 10+i, 11+i)))
		}
		h, err := p.PredictHint("c", []byte("["+strings.Join(parts, ",")+"]"), cur)
		if err != nil || h == nil {
			t.Fatalf("hint of %d: %v %v", n, h, err)
		}
		got := applyPrediction(t, cur, h)
		if !sameTree(t, got, hintCounter(10+n).JSON()) {
			t.Errorf("hint of %d changes: %s gives another tree than Count: %d", n, h.Patches, 10+n)
		}
		want := 1.0
		for i := 0; i < n; i++ {
			want *= one.Confidence
		}
		if want = RoundConfidence(want); h.Confidence != want || h.Confidence > one.Confidence {
			t.Errorf("hint of %d: confidence %v, want the product %v", n, h.Confidence, want)
		}
		if string(h.StateChange) != "["+strings.Join(parts, ",")+"]" {
			t.Errorf("state change %s", h.StateChange)
		}
	}
}

// TestPredictHintSilent: a step the predictor cannot answer makes no hint.
func TestPredictHintSilent(t *testing.T) {
	p := hintPredictor(t)
	cur := hintCounter(3).JSON()
	chain := "[" + string(sc("c", "count", 3, 4)) + "," + string(sc("c", "unknown", 1, 2)) + "]"
	if h, err := p.PredictHint("c", []byte(chain), cur); h != nil || err != nil {
		t.Errorf("a step never learned: %v %v", h, err)
	}
	// the longest hint: every step confident, the product reported
	var parts []string
	for i := 0; i < MaxHintChanges; i++ {
		parts = append(parts, string(sc("c", "count", 3+i, 4+i)))
	}
	h, err := p.PredictHint("c", []byte("["+strings.Join(parts, ",")+"]"), cur)
	if err != nil || h == nil {
		t.Fatal(h, err)
	}
	if !sameTree(t, applyPrediction(t, cur, h), hintCounter(3+MaxHintChanges).JSON()) || h.Confidence >= p.Config().MinConfidence {
		t.Errorf("the longest hint: %s, confidence %v", h.Patches, h.Confidence)
	}
}

// TestPredictHintComponent: a change without component_id is the hint's
// component's; one of another component is refused.
func TestPredictHintComponent(t *testing.T) {
	p := hintPredictor(t)
	cur := hintCounter(3).JSON()
	for _, body := range []string{
		`[{"state_key":"count","old_value":3,"new_value":4}]`,
		`[ { "state_key":"count","old_value":3,"new_value":4}, {"component_id":"c","state_key":"count","old_value":4,"new_value":5}]`,
	} {
		h, err := p.PredictHint("c", []byte(body), cur)
		if err != nil || h == nil {
			t.Fatalf("%s: %v %v", body, h, err)
		}
		applyPrediction(t, cur, h)
	}
	if _, err := p.PredictHint("d", []byte("["+string(sc("c", "count", 3, 4))+"]"), cur); vdom.CodeOf(err) != vdom.Serialization {
		t.Errorf("another component's change: %v", err)
	}
	// refused even behind a step that would be silent
	behind := "[" + string(sc("c", "unknown", 1, 2)) + "," + string(sc("d", "count", 3, 4)) + "]"
	if _, err := p.PredictHint("c", []byte(behind), cur); vdom.CodeOf(err) != vdom.Serialization {
		t.Errorf("another component's change behind a silent step: %v", err)
	}
}

// TestPredictHintBadInput: every malformed list of changes gets a coded
// error, never a panic.
func TestPredictHintBadInput(t *testing.T) {
	p := hintPredictor(t)
	cur := hintCounter(3).JSON()
	many := "[" + strings.Repeat(string(sc("c", "count", 3, 4))+",", MaxHintChanges) + string(sc("c", "count", 3, 4)) + "]"
	for _, body := range []string{
		``, `{}`, `[]`, `[1]`, `[{}`, `[{"state_key":"count"}]x`, `[{"component_id":7,"state_key":"count"}]`,
		`[{"component_id":"c","state_key":"count","old_value":3,"new_value":4},]`, `["a"]`, `[null]`,
		`[{"component_id":"c\u0000","state_key":"count"}]`, many, `[` + strings.Repeat("[", 5000),
	} {
		h, err := p.PredictHint("c", []byte(body), cur)
		if err == nil || h != nil || vdom.CodeOf(err) == vdom.Unknown {
			t.Errorf("%.60s: %v %v", body, h, err)
		}
	}
	// a bad current tree
	if _, err := p.PredictHint("c", []byte("["+string(sc("c", "count", 3, 4))+"]"), []byte(`{"type":"element"`)); err == nil {
		t.Error("a bad current tree")
	}
}

// TestPredictHintRecordsNothing: a hint is a what-if: the Learn after it is
// not judged by it (no pending prediction).
func TestPredictHintRecordsNothing(t *testing.T) {
	p := hintPredictor(t)
	cur := hintCounter(7).JSON()
	if h, err := p.PredictHint("c", []byte("["+string(sc("c", "count", 7, 8))+"]"), cur); err != nil || h == nil {
		t.Fatal(h, err)
	}
	if _, err := p.VerifyPrediction(sc("c", "count", 7, 8), hintCounter(8).JSON()); vdom.CodeOf(err) != vdom.KeyNotFound {
		t.Errorf("a hint left a pending prediction: %v", err)
	}
}
