package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestLendingThroughTheABI: through the exports as a host calls them, a
// component instance never learned is answered by another instance's model
// (once instances whose own models were silent confirmed its predictions),
// the reply is a prediction like any other, and a predictor created with
// "lending":"off" is silent there.
func TestLendingThroughTheABI(t *testing.T) {
	change := func(comp string, from, to int) string {
		return fmt.Sprintf(`{"component_id":%q,"state_key":"count","old_value":%d,"new_value":%d}`, comp, from, to)
	}
	learn := func(h uint64, comp string, from, to int) {
		sc, o, n := testCStr(change(comp, from, to)), testCStr(counter(from)), testCStr(counter(to))
		defer func() { testFree(sc); testFree(o); testFree(n) }()
		if code, msg, _ := testResult(minimact_predictor_learn(testHandle(h), sc, o, n)); code != 0 {
			t.Fatalf("learn %s: %d %s", comp, code, msg)
		}
	}
	run := func(config string) predictReplyJSON {
		out, get := testOutHandle()
		c := testCStr(config)
		code, msg, _ := testResult(minimact_predictor_create(c, out))
		testFree(c)
		h := get()
		if code != 0 {
			t.Fatalf("create %s: %d %s", config, code, msg)
		}
		defer minimact_predictor_destroy(testHandle(h))
		for i := 0; i < 10; i++ {
			learn(h, "counter#1", i, i+1)
		}
		for i := 2; i <= 4; i++ {
			learn(h, fmt.Sprintf("counter#%d", i), 2*i, 2*i+1)
		}
		sc, cur := testCStr(change("counter#9", 6, 7)), testCStr(counter(6))
		defer func() { testFree(sc); testFree(cur) }()
		reply := testTake(minimact_predictor_predict(testHandle(h), sc, cur))
		var p predictReplyJSON
		if err := json.Unmarshal([]byte(reply), &p); err != nil {
			t.Fatalf("predict: %s (%v)", reply, err)
		}
		if !p.OK && !strings.Contains(reply, `"code":0}`) {
			t.Fatalf("predict: %s", reply)
		}
		if p.Data.Patches != nil {
			metrics := testTake(minimact_predictor_metrics(testHandle(h)))
			if !strings.Contains(metrics, `"predictions_lent":1`) {
				t.Errorf("metrics do not count the lent prediction: %s", metrics)
			}
		}
		return p
	}
	if p := run(`{}`); string(p.Data.Patches) != `[{"type":"UpdateText","path":[0,0],"content":"Count: 7"}]` {
		t.Fatalf("a new instance through the ABI: %s", p.Data.Patches)
	}
	if p := run(`{"lending":"off"}`); p.Data.Patches != nil {
		t.Fatalf("lending off, yet a new instance is answered: %s", p.Data.Patches)
	}
}
