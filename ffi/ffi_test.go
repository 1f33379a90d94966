package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/diag"
	"github.com/minimact/engine/runtime/predict"
)

const (
	textA   = `{"type":"Text","content":"a"}`
	listOld = `{"type":"Element","tag":"ul","props":{},"children":[` +
		`{"type":"Element","tag":"li","props":{},"key":"a","children":[{"type":"Text","content":"A"}]},` +
		`{"type":"Element","tag":"li","props":{},"key":"b","children":[{"type":"Text","content":"B"}]}]}`
	listNew = `{"type":"Element","tag":"ul","props":{"class":"x"},"children":[` +
		`{"type":"Element","tag":"li","props":{},"key":"b","children":[{"type":"Text","content":"B!"}]},` +
		`{"type":"Element","tag":"li","props":{},"key":"a","children":[{"type":"Text","content":"A"}]}]}`
)

func counter(n int) string {
	return fmt.Sprintf(`{"type":"Element","tag":"div","props":{"class":"counter"},"children":[`+
		`{"type":"Element","tag":"p","props":{},"children":[{"type":"Text","content":"Count: %d"}]},`+
		`{"type":"Element","tag":"button","props":{"id":"inc"},"children":[{"type":"Text","content":"+"}]}]}`, n)
}

// predictReplyJSON is the reply of minimact_predictor_predict (and of
// predict_hint, which adds hint_id).
type predictReplyJSON struct {
	OK     bool    `json:"ok"`
	HintID *string `json:"hint_id"`
	Error  string  `json:"error"`
	Code   int     `json:"code"`
	Data   struct {
		StateChange json.RawMessage `json:"state_change"`
		Patches     json.RawMessage `json:"predicted_patches"`
		Confidence  float64         `json:"confidence"`
		Tree        json.RawMessage `json:"predicted_tree"`
	} `json:"data"`
}

func countChange(from, to int) string {
	return fmt.Sprintf(`{"component_id":"counter","state_key":"count","old_value":%d,"new_value":%d}`, from, to)
}

// reconcileStr calls minimact_reconcile as a host would.
func reconcileStr(old, new string) string {
	o, n := testCStr(old), testCStr(new)
	defer testFree(o)
	defer testFree(n)
	return testTake(minimact_reconcile(o, n))
}

// errorReply parses {"error":…,"code":…}.
func errorReply(t *testing.T, reply string) (string, int) {
	t.Helper()
	var e struct {
		Error *string `json:"error"`
		Code  *int    `json:"code"`
	}
	if err := json.Unmarshal([]byte(reply), &e); err != nil || e.Error == nil || e.Code == nil {
		t.Fatalf("not an error reply: %q (%v)", reply, err)
	}
	if !strings.HasPrefix(reply, `{"error":`) {
		t.Fatalf("error reply does not start with the error member: %s", reply)
	}
	return *e.Error, *e.Code
}

// replyCode returns the code of an error reply, or 0 for any other reply.
func replyCode(reply string) int {
	var e struct {
		Error *string `json:"error"`
		Code  int     `json:"code"`
	}
	if json.Unmarshal([]byte(reply), &e) != nil || e.Error == nil {
		return 0
	}
	return e.Code
}

// TestBorrow reads arguments in C memory, as hosts pass them (the Go
// strnlen reads to the end of the page, which checkptr refuses for Go
// memory).
func TestBorrow(t *testing.T) {
	cmem := func(b string) unsafe.Pointer {
		p := testCBytes([]byte(b))
		t.Cleanup(func() { testFreeBytes(p) })
		return unsafe.Pointer(p)
	}
	buf := cmem("hello\x00world")
	b, err := borrow(buf, 10, "x")
	if err != nil || string(b) != "hello" {
		t.Fatalf("borrow = %q, %v", b, err)
	}
	if _, err := borrow(nil, 10, "x"); vdom.CodeOf(err) != vdom.NullPointer {
		t.Fatalf("NULL: %v", err)
	}
	if _, err := borrow(buf, 4, "x"); vdom.CodeOf(err) != vdom.JsonTooLarge {
		t.Fatalf("too long: %v", err)
	}
	if b, err := borrow(buf, 5, "x"); err != nil || string(b) != "hello" {
		t.Fatalf("exactly the limit: %q %v", b, err)
	}
	if b, err := borrow(cmem("\x00"), 5, "x"); err != nil || len(b) != 0 {
		t.Fatalf("empty: %q %v", b, err)
	}
	bad := cmem("ab\xffc\x00")
	_, err = borrow(bad, 10, "x")
	if e, ok := err.(*vdom.Error); !ok || e.Code != vdom.InvalidUtf8 || e.Offset != 2 {
		t.Fatalf("invalid UTF-8: %#v", err)
	}
	if b, err := borrowBytes(bad, 3, 10, "b"); err != nil || string(b) != "ab\xff" {
		t.Fatalf("borrowBytes: %q %v", b, err)
	}
	if _, err := borrowBytes(bad, 11, 10, "b"); vdom.CodeOf(err) != vdom.MemoryLimitExceeded {
		t.Fatalf("borrowBytes too long: %v", err)
	}
}

func TestReconcile(t *testing.T) {
	got := reconcileStr(counter(1), counter(2))
	if got != `[{"type":"UpdateText","path":[0,0],"content":"Count: 2"}]` {
		t.Fatalf("reconcile = %s", got)
	}
	// apply(old, reconcile(old, new)) == canonical(new)
	patches := reconcileStr(listOld, listNew)
	tr, pa := testCStr(listOld), testCStr(patches)
	applied := testTake(minimact_apply_patches(tr, pa))
	testFree(tr)
	testFree(pa)
	nw, empty := testCStr(listNew), testCStr("[]")
	want := testTake(minimact_apply_patches(nw, empty))
	testFree(nw)
	testFree(empty)
	if applied != want {
		t.Fatalf("apply(reconcile) = %s\nwant %s", applied, want)
	}
}

func TestReconcileErrors(t *testing.T) {
	deep := strings.Repeat(`{"type":"Element","tag":"div","children":[`, 200)
	for _, c := range []struct {
		old, new string
		code     vdom.Code
	}{
		{"\x00nil", textA, vdom.NullPointer},
		{textA, "\x00nil", vdom.NullPointer},
		{`{"type":"Text","content":"` + "\xff" + `"}`, textA, vdom.InvalidUtf8},
		{`{"type":"Text"}` + "\xc3", textA, vdom.InvalidUtf8},
		{"", textA, vdom.Serialization},
		{`{"type":"Text"`, textA, vdom.Serialization},
		{`[]`, textA, vdom.InvalidVNode},
		{deep, textA, vdom.TreeTooDeep},
		{`{"type":"Text","x":` + strings.Repeat("[", 1e6), textA, vdom.TreeTooDeep},
		{`{"type":"Text","content":"` + strings.Repeat("x", 2<<20) + `"}`, textA, vdom.JsonTooLarge},
		{`{"type":"Element","tag":"` + strings.Repeat("t", 300) + `"}`, textA, vdom.PropertyTooLong},
		{`{"type":"Text","content":"quote \" and \\ in the message`, textA, vdom.Serialization},
	} {
		reply := reconcileStr(c.old, c.new)
		msg, code := errorReply(t, reply)
		if vdom.Code(code) != c.code || msg == "" {
			t.Errorf("reconcile(%.40q…) = %s, want code %d", c.old, reply, c.code)
		}
	}
}

func TestReconcileWithLimits(t *testing.T) {
	o, n := testCStr(counter(1)), testCStr(counter(2))
	defer testFree(o)
	defer testFree(n)
	for _, c := range []struct {
		limits string
		code   vdom.Code
	}{
		{"\x00nil", 0},
		{`{}`, 0},
		{`{"max_tree_depth":1}`, vdom.TreeTooDeep},
		{`{"max_node_count":3}`, vdom.TreeTooLarge},
		{`{"max_json_bytes":10}`, vdom.JsonTooLarge},
		{`{"max_text_length":2}`, vdom.TextTooLong},
		{`{"max_tree_depth":-1}`, vdom.Serialization},
		{`{"max_tree_depth":1e99}`, vdom.Serialization},
		{`{"max_depth":1}`, vdom.Serialization},
		{`{"max_tree_depth":1} {}`, vdom.Serialization},
		{`[`, vdom.Serialization},
	} {
		l := testCStr(c.limits)
		reply := testTake(minimact_reconcile_with_limits(o, n, l))
		testFree(l)
		if c.code == 0 {
			if !strings.HasPrefix(reply, "[") {
				t.Errorf("limits %s: %s", c.limits, reply)
			}
			continue
		}
		if _, code := errorReply(t, reply); vdom.Code(code) != c.code {
			t.Errorf("limits %s: %s, want code %d", c.limits, reply, c.code)
		}
	}
	if _, code := errorReply(t, testTake(minimact_reconcile_with_validation(o, n, 1, 0))); code != int(vdom.TreeTooDeep) {
		t.Errorf("with_validation depth 1: code %d", code)
	}
	if _, code := errorReply(t, testTake(minimact_reconcile_safe(o, n, 20))); code != int(vdom.JsonTooLarge) {
		t.Errorf("safe 20: code %d", code)
	}
}

func TestVerifyAndApply(t *testing.T) {
	for _, c := range []struct {
		tree, patch string
		code        vdom.Code
	}{
		{listOld, `{"type":"UpdateText","path":[0,0],"content":"x"}`, 0},
		{listOld, `[{"type":"Remove","path":[0]},{"type":"Remove","path":[0]}]`, 0},
		{listOld, `[{"type":"Remove","path":[0]},{"type":"Remove","path":[1]}]`, vdom.InvalidPath},
		{listOld, `{"type":"UpdateProps","path":[0,0],"props":{}}`, vdom.PatchTypeMismatch},
		{listOld, `{"type":"ReorderChildren","path":[],"order":["z"]}`, vdom.KeyNotFound},
		{listOld, "\x00nil", vdom.NullPointer},
		{"\x00nil", `[]`, vdom.NullPointer},
		{listOld, "[\"\xc0\"]", vdom.InvalidUtf8},
		{listOld, ` {"type":"Remove","path":[0]`, vdom.Serialization},
	} {
		tr, pa := testCStr(c.tree), testCStr(c.patch)
		code, msg, hasMsg := testResult(minimact_verify_patch(tr, pa))
		testFree(tr)
		testFree(pa)
		if vdom.Code(code) != c.code || hasMsg != (code != 0) {
			t.Errorf("verify %s: %d %q, want %d", c.patch, code, msg, c.code)
		}
	}
	tr, pa := testCStr(textA), testCStr(`[{"type":"UpdateText","path":[],"content":"b"}]`)
	if got := testTake(minimact_apply_patches(tr, pa)); got != `{"type":"Text","content":"b"}` {
		t.Errorf("apply = %s", got)
	}
	testFree(pa)
	pa = testCStr(`[{"type":"Remove","path":[3]}]`)
	if _, code := errorReply(t, testTake(minimact_apply_patches(tr, pa))); code != int(vdom.InvalidPath) {
		t.Errorf("apply bad path: code %d", code)
	}
	testFree(pa)
	testFree(tr)
}

// TestWorkerForgetsCallerMemory checks that a released worker keeps no view
// of the caller's trees.
func TestWorkerForgetsCallerMemory(t *testing.T) {
	o, n := testCStr(listOld), testCStr(listNew)
	defer testFree(o)
	defer testFree(n)
	w := getWorker()
	w.applyReply(unsafe.Pointer(o), unsafe.Pointer(n))
	if w.old.Src == nil {
		t.Fatal("the tree was not decoded in place")
	}
	w.release()
	if w.old.Src != nil || w.listTree.Src != nil || w.list.Tree.Src != nil {
		t.Fatal("a released worker still views the caller's memory")
	}
}

func TestPredictorLifecycle(t *testing.T) {
	h := uint64(minimact_predictor_new())
	if h == 0 {
		t.Fatal("predictor_new returned 0")
	}
	for i := 0; i < 10; i++ {
		sc, o, n := testCStr(countChange(i, i+1)), testCStr(counter(i)), testCStr(counter(i+1))
		code, msg, _ := testResult(minimact_predictor_learn(testHandle(h), sc, o, n))
		testFree(sc)
		testFree(o)
		testFree(n)
		if code != 0 {
			t.Fatalf("learn %d: %d %s", i, code, msg)
		}
	}
	sc, cur := testCStr(countChange(40, 41)), testCStr(counter(40))
	reply := testTake(minimact_predictor_predict(testHandle(h), sc, cur))
	var p predictReplyJSON
	if err := json.Unmarshal([]byte(reply), &p); err != nil || !p.OK || p.Data.Confidence <= 0 {
		t.Fatalf("predict: %s (%v)", reply, err)
	}
	if string(p.Data.Patches) != `[{"type":"UpdateText","path":[0,0],"content":"Count: 41"}]` {
		t.Errorf("predicted patches %s", p.Data.Patches)
	}
	var stats map[string]any
	if err := json.Unmarshal([]byte(testTake(minimact_predictor_stats(testHandle(h)))), &stats); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"unique_state_keys", "total_patterns", "total_observations", "estimated_memory_bytes",
		"total_predictions", "correct_predictions", "incorrect_predictions", "hit_rate", "avg_confidence",
		"active_patterns", "prediction_hits"} {
		if _, ok := stats[k]; !ok {
			t.Errorf("stats lack %s", k)
		}
	}
	if code, _, _ := testResult(minimact_predictor_destroy(testHandle(h))); code != 0 {
		t.Fatalf("destroy: %d", code)
	}
	if code, _, _ := testResult(minimact_predictor_destroy(testHandle(h))); code != int(vdom.InvalidHandle) {
		t.Fatalf("destroy twice: %d", code)
	}
	reply = testTake(minimact_predictor_predict(testHandle(h), sc, cur))
	if !strings.HasPrefix(reply, `{"ok":false,`) || !strings.Contains(reply, `"code":5}`) {
		t.Fatalf("predict on a destroyed handle: %s", reply)
	}
	testFree(sc)
	testFree(cur)
	if h2 := uint64(minimact_predictor_new()); h2 <= h {
		t.Fatalf("handle %d after %d: reused", h2, h)
	} else {
		minimact_predictor_destroy(testHandle(h2))
	}
}

func TestConfigJSON(t *testing.T) {
	cfg, err := parseConfig([]byte(`{"min_confidence":0.25,"max_patterns_per_key":7,"eviction":"oldest_first","lending":"page","limits":{"max_tree_depth":9}}`))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.MinConfidence != 0.25 || cfg.MaxPatternsPerKey != 7 || cfg.Eviction.String() != "oldest_first" || cfg.Lending != predict.LendPage || cfg.Limits.MaxTreeDepth != 9 {
		t.Fatalf("%+v", cfg)
	}
	b, _ := json.Marshal(configToJSON(cfg))
	back, err := parseConfig(b)
	if err != nil || back != cfg {
		t.Fatalf("round trip %s: %+v %v", b, back, err)
	}
	for _, bad := range []string{`{"min_confidence":1.5}`, `{"min_confidence":-1}`, `{"eviction":"random"}`, `{"lending":"maybe"}`, `{"lending":1}`,
		`{"max_memory_bytes":-5}`, `{"nope":1}`, `{"limits":{"max_tree_depth":-1}}`, `{`, `[]`, `{} x`} {
		if _, err := parseConfig([]byte(bad)); vdom.CodeOf(err) != vdom.Serialization {
			t.Errorf("parseConfig(%s) = %v", bad, err)
		}
	}
	out, get := testOutHandle()
	c := testCStr(`{"min_confidence":0.5}`)
	code, msg, _ := testResult(minimact_predictor_create(c, out))
	testFree(c)
	h := get()
	if code != 0 || h == 0 {
		t.Fatalf("create: %d %s", code, msg)
	}
	cfgReply := testTake(minimact_predictor_config(testHandle(h)))
	if !strings.Contains(cfgReply, `"min_confidence":0.5`) || !strings.Contains(cfgReply, `"eviction":"lru"`) || !strings.Contains(cfgReply, `"lending":"shared"`) {
		t.Fatalf("config: %s", cfgReply)
	}
	minimact_predictor_destroy(testHandle(h))
	if minimact_predictor_new_with_config(2, 10) != 0 {
		t.Fatal("new_with_config(2) made a predictor")
	}
}

// TestDestroyRacingCalls runs learns, predicts and stats on shared handles
// while other goroutines destroy and replace them: every call gets success
// or InvalidHandle, never anything else, and nothing deadlocks.
func TestDestroyRacingCalls(t *testing.T) {
	var slots [3]atomic.Uint64
	for i := range slots {
		slots[i].Store(uint64(minimact_predictor_new()))
	}
	sc, o, n := testCStr(countChange(1, 2)), testCStr(counter(1)), testCStr(counter(2))
	defer testFree(sc)
	defer testFree(o)
	defer testFree(n)
	var wg sync.WaitGroup
	var bad atomic.Int64
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 400; i++ {
				s := &slots[(g+i)%len(slots)]
				h := s.Load()
				switch (g + i) % 5 {
				case 0:
					fresh := uint64(minimact_predictor_new())
					old := s.Swap(fresh)
					if code, _, _ := testResult(minimact_predictor_destroy(testHandle(old))); code != 0 {
						bad.Add(1)
					}
				case 1, 2:
					if code, _, _ := testResult(minimact_predictor_learn(testHandle(h), sc, o, n)); code != 0 && code != 5 {
						bad.Add(1)
					}
				case 3:
					r := testTake(minimact_predictor_predict(testHandle(h), sc, o))
					if !strings.HasPrefix(r, `{"ok":true`) && !strings.HasSuffix(r, `"code":0}`) && !strings.HasSuffix(r, `"code":5}`) {
						bad.Add(1)
					}
				default:
					r := testTake(minimact_predictor_stats(testHandle(h)))
					if !strings.Contains(r, `"total_patterns"`) && !strings.HasSuffix(r, `"code":5}`) {
						bad.Add(1)
					}
				}
			}
		}(g)
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("deadlock: the racing calls did not finish")
	}
	if bad.Load() != 0 {
		t.Fatalf("%d calls got an unexpected result", bad.Load())
	}
	for i := range slots {
		if code, _, _ := testResult(minimact_predictor_destroy(testHandle(slots[i].Load()))); code != 0 {
			t.Fatalf("final destroy: %d", code)
		}
	}
}

// TestPanicsAreRecovered makes the library panic inside each kind of
// operation and checks the 999 replies, the log, and that no lock is left
// held (the destroy after a panicked predictor call returns).
func TestPanicsAreRecovered(t *testing.T) {
	defer func() { faultHook = nil }()
	for _, where := range []string{"export", "reconcile", "apply", "verify", "predictor", "html"} {
		faultHook = nil
		h := uint64(minimact_predictor_new())
		faultHook = func(at string) {
			if at == where {
				panic("test fault at " + at)
			}
		}
		tr, pa, sc := testCStr(textA), testCStr("[]"), testCStr(countChange(1, 2))
		results := []int{}
		results = append(results, replyCode(testTake(minimact_reconcile(tr, tr))))
		results = append(results, replyCode(testTake(minimact_apply_patches(tr, pa))))
		code, _, _ := testResult(minimact_verify_patch(tr, pa))
		results = append(results, code)
		code, _, _ = testResult(minimact_predictor_learn(testHandle(h), sc, tr, tr))
		results = append(results, code)
		r := testTake(minimact_predictor_predict(testHandle(h), sc, tr))
		results = append(results, map[bool]int{true: 999, false: 0}[strings.HasSuffix(r, `"code":999}`)])
		results = append(results, replyCode(testTake(minimact_render_html(tr))))
		testFree(tr)
		testFree(pa)
		testFree(sc)
		faultHook = nil
		want := map[string][]int{
			"export":    {999, 999, 999, 999, 999, 999},
			"reconcile": {999, 0, 0, -1, -1, 0},
			"apply":     {0, 999, 0, -1, -1, 0},
			"verify":    {0, 0, 999, -1, -1, 0},
			"predictor": {0, 0, 0, 999, 999, 0},
			"html":      {0, 0, 0, -1, -1, 999},
		}[where]
		for i, w := range want {
			if w >= 0 && (results[i] == 999) != (w == 999) {
				t.Errorf("fault at %s: call %d gave %d, want %d", where, i, results[i], w)
			}
		}
		done := make(chan int, 1)
		go func() { c, _, _ := testResult(minimact_predictor_destroy(testHandle(h))); done <- c }()
		select {
		case c := <-done:
			if c != 0 {
				t.Errorf("destroy after faults at %s: %d", where, c)
			}
		case <-time.After(time.Minute):
			t.Fatalf("destroy after a fault at %s deadlocked", where)
		}
	}
	logs := testTake(minimact_logging_get_logs())
	if !strings.Contains(logs, "test fault at predictor") || !strings.Contains(logs, `"level":"Error"`) {
		t.Fatalf("panics not logged: %.500s", logs)
	}
	if diag.Global.Panics.Load() == 0 {
		t.Fatal("panics not counted")
	}
}

func TestLoggingExports(t *testing.T) {
	minimact_logging_clear()
	minimact_logging_enable()
	defer minimact_logging_disable()
	minimact_logging_set_level(0)
	reconcileStr(textA, "{")
	var events []map[string]any
	if err := json.Unmarshal([]byte(testTake(minimact_logging_get_logs())), &events); err != nil || len(events) == 0 {
		t.Fatalf("logs: %v %v", events, err)
	}
	for _, k := range []string{"level", "module", "message", "elapsed_ms"} {
		if _, ok := events[0][k]; !ok {
			t.Errorf("event lacks %s", k)
		}
	}
	if got := testTake(minimact_get_log_events(1000)); !strings.HasPrefix(got, "[{") {
		t.Fatalf("events: %s", got)
	}
	if got := testTake(minimact_get_log_events(10)); got != "[]" {
		t.Fatalf("drained: %s", got)
	}
	if code, _, _ := testResult(minimact_set_log_level(5)); code != int(vdom.Serialization) {
		t.Fatalf("set_log_level(5): %d", code)
	}
	minimact_logging_set_level(17) // ignored
	if diag.Log.Level() != diag.Trace {
		t.Fatalf("level changed to %v", diag.Log.Level())
	}
}

func TestMetricsExports(t *testing.T) {
	minimact_metrics_reset()
	reconcileStr(counter(1), counter(2))
	reconcileStr("{", textA)
	var m map[string]float64
	if err := json.Unmarshal([]byte(testTake(minimact_metrics_get())), &m); err != nil {
		t.Fatal(err)
	}
	if m["reconcile_calls"] != 2 || m["reconcile_errors"] != 1 || m["total_patches_generated"] != 1 || m["validation_failures"] != 1 {
		t.Fatalf("metrics %v", m)
	}
	var g map[string]float64
	if err := json.Unmarshal([]byte(testTake(minimact_global_metrics())), &g); err != nil {
		t.Fatal(err)
	}
	if _, ok := g["predictor_count"]; !ok || g["reconcile_calls"] != 2 {
		t.Fatalf("global metrics %v", g)
	}
}

func TestFreesAcceptNULL(t *testing.T) {
	minimact_free_string(nil)
	minimact_free_error(nil)
	minimact_free_bytes(nil)
}

func TestVersion(t *testing.T) {
	if v := testTake(minimact_version()); v == "" || strings.Contains(v, "{") {
		t.Fatalf("version %q", v)
	}
	if minimact_abi_version() != 1 {
		t.Fatal("abi version")
	}
}

// TestPatchesCounted: total_patches_generated grows by the patches of each
// reply, counted while they were written (strings that look like patches
// inside them do not count).
func TestPatchesCounted(t *testing.T) {
	minimact_metrics_reset()
	old := `{"type":"Element","tag":"ul","props":{},"children":[{"type":"Text","content":"a"}]}`
	nw := `{"type":"Element","tag":"ul","props":{"x":"]},{"},"children":[{"type":"Text","content":"{\"type\":\"Remove\"},["},{"type":"Element","tag":"b","props":{},"children":[]}]}`
	if got := reconcileStr(old, nw); !strings.HasPrefix(got, "[") {
		t.Fatal(got)
	}
	var m map[string]float64
	if err := json.Unmarshal([]byte(testTake(minimact_metrics_get())), &m); err != nil {
		t.Fatal(err)
	}
	if m["total_patches_generated"] != 3 { // UpdateProps, UpdateText, Create
		t.Fatalf("total_patches_generated %v, want 3", m["total_patches_generated"])
	}
}

// TestReconcileReleaseScrubs checks that a worker released after a reconcile
// works on fresh trees (its reconciler was pointed at Go memory).
func TestReconcileReleaseScrubs(t *testing.T) {
	o, n := testCStr(listOld), testCStr(listNew)
	defer testFree(o)
	defer testFree(n)
	w := getWorker()
	if out := w.reconcileReply(unsafe.Pointer(o), unsafe.Pointer(n), nil); len(out) < 10 {
		t.Fatalf("reconcile: %s", out)
	}
	w.release()
	// The reconciler's next reconcile must not depend on anything the caller
	// freed: reuse the worker on fresh trees.
	w = getWorker()
	defer w.release()
	o2, n2 := testCStr(counter(1)), testCStr(counter(2))
	defer testFree(o2)
	defer testFree(n2)
	if out := string(w.reconcileReply(unsafe.Pointer(o2), unsafe.Pointer(n2), nil)); out != `[{"type":"UpdateText","path":[0,0],"content":"Count: 2"}]` {
		t.Fatalf("reconcile after release: %s", out)
	}
}

// TestInvalidUTF8Anywhere puts an invalid byte in every place a tree can
// hold one: reconcile, apply and verify must all answer InvalidUtf8, the
// decoder's validation standing in for a separate pass (borrowUnchecked).
func TestInvalidUTF8Anywhere(t *testing.T) {
	const bad = "\xff"
	for _, tree := range []string{
		`{"type":"Text","content":"` + bad + `"}`,
		`{"type":"Element","tag":"d` + bad + `","props":{},"children":[]}`,
		`{"type":"Element","tag":"div","props":{"a` + bad + `":"x"},"children":[]}`,
		`{"type":"Element","tag":"div","props":{"a":"` + bad + `"},"children":[]}`,
		`{"type":"Element","tag":"div","props":{"a":{"` + bad + `":1}},"children":[]}`,
		`{"type":"Element","tag":"div","props":{"a":["` + bad + `"]},"children":[]}`,
		`{"type":"Element","tag":"div","key":"` + bad + `","children":[]}`,
		`{"type":"Text","ignored` + bad + `":1,"content":"a"}`,
		`{"type":"Text","ignored":["` + bad + `"],"content":"a"}`,
		`{"type":"RawHtml","html":"<b>` + bad + `</b>"}`,
		`{"type":"Text","content":"a"}` + bad,
		bad + `{"type":"Text","content":"a"}`,
		`{"type":"Text",` + bad + `"content":"a"}`,
		"{\"type\":\"Text\",\"content\":\"\xed\xa0\x80\"}", // a surrogate, UTF-8 encoded
		"{\"type\":\"Text\",\"content\":\"\xc0\xaf\"}",     // overlong
		`{"type":"Blink","content":"` + bad + `"}`,         // wrong in two ways: UTF-8 wins
	} {
		if _, code := errorReply(t, reconcileStr(tree, textA)); code != int(vdom.InvalidUtf8) {
			t.Errorf("reconcile old %q: code %d", tree, code)
		}
		if _, code := errorReply(t, reconcileStr(textA, tree)); code != int(vdom.InvalidUtf8) {
			t.Errorf("reconcile new %q: code %d", tree, code)
		}
		tr, pa := testCStr(tree), testCStr("[]")
		if _, code := errorReply(t, testTake(minimact_apply_patches(tr, pa))); code != int(vdom.InvalidUtf8) {
			t.Errorf("apply %q: code %d", tree, code)
		}
		testFree(tr)
		testFree(pa)
		tr, pa = testCStr(textA), testCStr(`[{"type":"Replace","path":[],"node":`+tree+`}]`)
		if code, _, _ := testResult(minimact_verify_patch(tr, pa)); code != int(vdom.InvalidUtf8) {
			t.Errorf("verify with %q: code %d", tree, code)
		}
		testFree(tr)
		testFree(pa)
	}
	// Valid UTF-8, including U+FFFD itself, is accepted.
	if r := reconcileStr(textA, `{"type":"Text","content":"\ufffd é 日本"}`); !strings.HasPrefix(r, "[") {
		t.Fatalf("valid UTF-8 refused: %s", r)
	}
}

// TestInvalidUTF8ToThePredictor: the predictor reads its trees without a
// separate UTF-8 pass (the decoder, the tree cache or the delta decoder
// validates them), and still answers InvalidUtf8 for a tree with invalid
// UTF-8 anywhere: a predictor that knows nothing of the component, one that
// predicts the counter (the bad byte in the one string that changed, which
// the delta decoder reads, or elsewhere), and a learn of either tree.
func TestInvalidUTF8ToThePredictor(t *testing.T) {
	fresh, trained := uint64(minimact_predictor_new()), uint64(minimact_predictor_new())
	defer minimact_predictor_destroy(testHandle(fresh))
	defer minimact_predictor_destroy(testHandle(trained))
	learn := func(h uint64, sc, o, n string) string {
		cs, co, cn := testCStr(sc), testCStr(o), testCStr(n)
		defer testFree(cs)
		defer testFree(co)
		defer testFree(cn)
		code, msg, _ := testResult(minimact_predictor_learn(testHandle(h), cs, co, cn))
		return fmt.Sprintf(`{"error":%q,"code":%d}`, msg, code)
	}
	predict := func(h uint64, sc, tree string) string {
		cs, ct := testCStr(sc), testCStr(tree)
		defer testFree(cs)
		defer testFree(ct)
		return testTake(minimact_predictor_predict(testHandle(h), cs, ct))
	}
	for i := 0; i < 10; i++ {
		if r := learn(trained, countChange(i, i+1), counter(i), counter(i+1)); !strings.Contains(r, `"code":0`) {
			t.Fatalf("learn %d: %s", i, r)
		}
	}
	if r := predict(trained, countChange(10, 11), counter(10)); !strings.HasPrefix(r, `{"ok":true`) {
		t.Fatalf("no prediction to begin with: %s", r)
	}
	bad := []string{
		strings.Replace(counter(10), "Count: 10", "Count: 1\xff", 1), // the string that changed
		strings.Replace(counter(10), `"inc"`, "\"i\xffc\"", 1),       // one that did not
		strings.Replace(counter(10), "Count: 10", "Count: 10\xc0\xaf", 1),
		counter(10) + "\xff",
	}
	for _, tree := range bad {
		for name, r := range map[string]string{
			"predict, fresh":             predict(fresh, countChange(10, 11), tree),
			"predict, trained":           predict(trained, countChange(10, 11), tree),
			"learn, old":                 learn(trained, countChange(10, 11), tree, counter(11)),
			"learn, new":                 learn(trained, countChange(10, 11), counter(10), tree),
			"learn, bad change and tree": learn(trained, `{"component_id":1}`, tree, counter(11)),
		} {
			var e struct{ Code int }
			if json.Unmarshal([]byte(r), &e) != nil || e.Code != int(vdom.InvalidUtf8) {
				t.Errorf("%s, tree %q: %s", name, tree, r)
			}
		}
	}
}
