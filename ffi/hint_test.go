package main

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/minimact/engine/generated/vdom"
)

// appliedVia applies patches to tree through minimact_apply_patches: the
// tree it gives, canonical.
func appliedVia(tree, patches string) string {
	tr, pa := testCStr(tree), testCStr(patches)
	defer testFree(tr)
	defer testFree(pa)
	return testTake(minimact_apply_patches(tr, pa))
}

// hintVia calls minimact_predictor_predict_hint as the host's bridge does.
func hintVia(h uint64, id, comp, changes, tree string) string {
	a, b, c, d := testCStr(id), testCStr(comp), testCStr(changes), testCStr(tree)
	defer testFree(a)
	defer testFree(b)
	defer testFree(c)
	defer testFree(d)
	return testTake(minimact_predictor_predict_hint(testHandle(h), a, b, c, d))
}

func parseHint(t *testing.T, s string) predictReplyJSON {
	t.Helper()
	var r predictReplyJSON
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("reply is not JSON: %v: %s", err, s)
	}
	return r
}

func learnedCounter(t *testing.T) uint64 {
	h := uint64(minimact_predictor_new())
	for i := 0; i < 6; i++ {
		learnVia(t, h, countChange(i, i+1), counter(i), counter(i+1))
	}
	return h
}

// TestPredictHintABI: a hint of two increments through the C ABI gives the
// patches that turn the current tree into the counter at +2, the hint id
// echoed, one confidence; silence and errors in predict's shape.
func TestPredictHintABI(t *testing.T) {
	h := learnedCounter(t)
	defer minimact_predictor_destroy(testHandle(h))
	changes := "[" + countChange(10, 11) + `,{"state_key":"count","old_value":11,"new_value":12}]`
	r := parseHint(t, hintVia(h, `hover "inc"`, "counter", changes, counter(10)))
	if !r.OK || r.HintID == nil || *r.HintID != `hover "inc"` {
		t.Fatalf("hint: %+v", r)
	}
	if got := appliedVia(counter(10), string(r.Data.Patches)); got != appliedVia(counter(12), "[]") {
		t.Errorf("the hint's patches %s do not give the counter at 12", r.Data.Patches)
	}
	if r.Data.Confidence <= 0 || r.Data.Confidence > 1 {
		t.Errorf("confidence %v", r.Data.Confidence)
	}
	// silent: a key never learned
	s := parseHint(t, hintVia(h, "h2", "counter", `[{"state_key":"other","old_value":1,"new_value":2}]`, counter(3)))
	if s.OK || s.Code != 0 || s.HintID == nil || *s.HintID != "h2" || s.Error == "" {
		t.Errorf("silent hint: %+v", s)
	}
}

// TestPredictHintABIBadInput: NULL arguments, bad JSON, a bad handle, a
// destroyed one: coded errors, never a crash.
func TestPredictHintABIBadInput(t *testing.T) {
	h := learnedCounter(t)
	ch := "[" + countChange(1, 2) + "]"
	cases := []struct {
		name  string
		reply string
		code  vdom.Code
	}{
		{"bad json", hintVia(h, "x", "counter", "[{", counter(1)), vdom.Serialization},
		{"not an array", hintVia(h, "x", "counter", countChange(1, 2), counter(1)), vdom.Serialization},
		{"empty", hintVia(h, "x", "counter", "[]", counter(1)), vdom.Serialization},
		{"too many", hintVia(h, "x", "counter", "["+strings.Repeat(countChange(1, 2)+",", 40)+countChange(1, 2)+"]", counter(1)), vdom.Serialization},
		{"other component", hintVia(h, "x", "other", ch, counter(1)), vdom.Serialization},
		{"bad tree", hintVia(h, "x", "counter", ch, `{"type":"Element"`), vdom.Serialization},
		{"bad handle", hintVia(999999, "x", "counter", ch, counter(1)), vdom.InvalidHandle},
		{"invalid utf-8 id", hintVia(h, "x\xff", "counter", ch, counter(1)), vdom.InvalidUtf8},
		{"long id", hintVia(h, strings.Repeat("x", maxHintID+1), "counter", ch, counter(1)), vdom.JsonTooLarge},
	}
	for _, c := range cases {
		r := parseHint(t, c.reply)
		if r.OK || vdom.Code(r.Code) != c.code {
			t.Errorf("%s: %s", c.name, c.reply)
		}
	}
	a, b, d := testCStr("x"), testCStr("counter"), testCStr(counter(1))
	defer testFree(a)
	defer testFree(b)
	defer testFree(d)
	e := testCStr(ch)
	defer testFree(e)
	for i, r := range []string{
		testTake(minimact_predictor_predict_hint(testHandle(h), nil, b, e, d)),
		testTake(minimact_predictor_predict_hint(testHandle(h), a, nil, e, d)),
		testTake(minimact_predictor_predict_hint(testHandle(h), a, b, nil, d)),
		testTake(minimact_predictor_predict_hint(testHandle(h), a, b, e, nil)),
	} {
		if p := parseHint(t, r); p.OK || vdom.Code(p.Code) != vdom.NullPointer {
			t.Errorf("NULL argument %d: %s", i, r)
		}
	}
	minimact_predictor_free(testHandle(h))
	if r := parseHint(t, hintVia(h, "x", "counter", ch, counter(1))); vdom.Code(r.Code) != vdom.InvalidHandle {
		t.Errorf("after free: %+v", r)
	}
}

// TestPredictorFree: free destroys as destroy does; freeing twice, an
// unknown handle or 0 is ignored; free racing with calls on the handle is
// safe.
func TestPredictorFree(t *testing.T) {
	h := learnedCounter(t)
	minimact_predictor_free(testHandle(h))
	if code, _, _ := testResult(minimact_predictor_destroy(testHandle(h))); vdom.Code(code) != vdom.InvalidHandle {
		t.Errorf("destroy after free: %d", code)
	}
	minimact_predictor_free(testHandle(h))
	minimact_predictor_free(testHandle(0))
	minimact_predictor_free(testHandle(1 << 40))
	for round := 0; round < 20; round++ {
		h := learnedCounter(t)
		var wg sync.WaitGroup
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 20; i++ {
					r := parseHint(t, hintVia(h, "r", "counter", "["+countChange(2, 3)+"]", counter(2)))
					if !r.OK && vdom.Code(r.Code) != vdom.InvalidHandle && r.Code != 0 {
						t.Errorf("racing free: %+v", r)
					}
				}
			}()
		}
		minimact_predictor_free(testHandle(h))
		wg.Wait()
	}
}
