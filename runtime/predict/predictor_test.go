package predict

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/cespare/xxhash/v2"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/internal/treegen"
	"github.com/minimact/engine/runtime/patch"
)

// helpers

func sc(comp, key string, o, n any) []byte {
	b, err := json.Marshal(map[string]any{"component_id": comp, "state_key": key, "old_value": o, "new_value": n})
	if err != nil {
		panic(err)
	}
	return b
}

func decodeT(t testing.TB, b []byte) *vdom.Tree {
	t.Helper()
	tr := &vdom.Tree{}
	if err := vdom.NewDecoder(vdom.Limits{}).DecodeTree(b, tr); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return tr
}

// applyPrediction applies pr's patches to cur one by one, each checked with
// patch.CanApply first, and checks that the result is pr.Tree. It returns
// the result.
func applyPrediction(t testing.TB, cur []byte, pr *Prediction) *vdom.Tree {
	t.Helper()
	w := patch.Clone(decodeT(t, cur))
	var l vdom.PatchList
	if err := vdom.NewDecoder(vdom.Limits{}).DecodePatches(pr.Patches, &l); err != nil {
		t.Fatalf("patches %s: %v", pr.Patches, err)
	}
	for i := range l.Patches {
		if err := patch.CanApply(w, &l, &l.Patches[i]); err != nil {
			t.Fatalf("patch %d of %s cannot apply: %v", i, pr.Patches, err)
		}
		if err := patch.ApplyOne(w, &l, &l.Patches[i]); err != nil {
			t.Fatal(err)
		}
	}
	w.Rehash()
	if pr.Tree != nil && !patch.Equal(w, decodeT(t, pr.Tree)) {
		var e vdom.Encoder
		t.Fatalf("the patches give %s, the predicted tree is %s", e.AppendTree(nil, w, w.Root), pr.Tree)
	}
	return w
}

func sameTree(t testing.TB, got *vdom.Tree, want []byte) bool {
	t.Helper()
	return patch.Equal(got, decodeT(t, want))
}

type renderFn func(v any) *treegen.Node

func page(title string, kids ...*treegen.Node) *treegen.Node {
	return treegen.El("div", map[string]string{"class": "card"}, append([]*treegen.Node{treegen.El("h2", nil, treegen.Txt(title))}, kids...)...)
}

// learnAll learns the changes between successive values.
func learnAll(t testing.TB, p *Predictor, comp, key string, r renderFn, vals ...any) {
	t.Helper()
	for i := 1; i < len(vals); i++ {
		if _, err := p.Learn(sc(comp, key, vals[i-1], vals[i]), r(vals[i-1]).JSON(), r(vals[i]).JSON()); err != nil {
			t.Fatal(err)
		}
	}
}

// mustPredict predicts o → n on r(o) and checks the result is r(n).
func mustPredict(t *testing.T, p *Predictor, comp, key string, r renderFn, o, n any) *Prediction {
	t.Helper()
	cur := r(o).JSON()
	pr, err := p.Predict(sc(comp, key, o, n), cur)
	if err != nil {
		t.Fatal(err)
	}
	if pr == nil {
		t.Fatalf("no prediction for %v → %v\n%s", o, n, p.Explain(comp, key))
	}
	if got := applyPrediction(t, cur, pr); !sameTree(t, got, r(n).JSON()) {
		var e vdom.Encoder
		t.Fatalf("%v → %v: predicted %s\nwant %s", o, n, e.AppendTree(nil, got, got.Root), r(n).JSON())
	}
	if pr.Confidence < DefaultMinConfidence || pr.Confidence > 1 {
		t.Fatalf("confidence %v", pr.Confidence)
	}
	return pr
}

// predictThenLearn predicts o → n for comp on r(o), as a host would before
// the render, then learns the change: the prediction (nil when silent)
// and whether it gave r(n).
func predictThenLearn(t testing.TB, p *Predictor, comp, key string, r renderFn, o, n any) (*Prediction, bool) {
	t.Helper()
	cur := r(o).JSON()
	pr, err := p.Predict(sc(comp, key, o, n), cur)
	if err != nil {
		t.Fatal(err)
	}
	right := pr != nil && sameTree(t, applyPrediction(t, cur, pr), r(n).JSON())
	learnAll(t, p, comp, key, r, o, n)
	return pr, right
}

// snapshotsOf is p's JSON snapshot (Save) and binary one (Serialize).
func snapshotsOf(t testing.TB, p *Predictor) (js, bin []byte) {
	t.Helper()
	js, err := p.Save()
	if err != nil {
		t.Fatal(err)
	}
	bin, err = p.Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return js, bin
}

// restored is p saved and loaded again: from its JSON snapshot (Save,
// Load), then from its binary one (Serialize, Deserialize).
func restored(t testing.TB, p *Predictor) []*Predictor {
	t.Helper()
	js, bin := snapshotsOf(t, p)
	q, err := Load(js)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Deserialize(bin, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return []*Predictor{q, r}
}

func ints(from, to int) []any {
	var out []any
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

// TestTemplatesGeneralize: learned on a few values, predicted for values
// never seen.
func TestTemplatesGeneralize(t *testing.T) {
	cases := []struct {
		name   string
		r      renderFn
		learn  []any
		o, n   any
		silent bool
	}{
		{"count", func(v any) *treegen.Node {
			return page("Counter", treegen.El("p", nil, treegen.Txt(fmt.Sprintf("Count: %v", v))))
		}, ints(0, 5), 41, 42, false},
		{"a·x+b", func(v any) *treegen.Node {
			x := v.(int)
			return page("Pager", treegen.El("span", nil, treegen.Txt(fmt.Sprintf("Page %d of 10", x+1))), treegen.El("p", nil, treegen.Txt(fmt.Sprintf("Items %d-%d", 20*x+1, 20*x+20))))
		}, ints(0, 5), 7, 8, false},
		{"prop percent", func(v any) *treegen.Node {
			return page("Upload", treegen.El("div", map[string]string{"class": "bar", "style": fmt.Sprintf("width: %v%%", v)}))
		}, []any{10, 20, 30, 40, 50}, 80, 90, false},
		{"fixed decimals", func(v any) *treegen.Node {
			return page("Cart", treegen.El("p", nil, treegen.Txt(fmt.Sprintf("Total: $%.2f", 12.5*float64(v.(int))))))
		}, ints(1, 6), 12, 13, false},
		{"string echo", func(v any) *treegen.Node {
			return page("Hi", treegen.El("input", map[string]string{"value": v.(string)}), treegen.El("p", nil, treegen.Txt("Hello, "+v.(string)+"!")))
		}, []any{"a", "al", "ali", "alic", "alice"}, "bo", "bob", false},
		{"upper case", func(v any) *treegen.Node {
			return page("Hi", treegen.El("p", nil, treegen.Txt("HELLO, "+strings.ToUpper(v.(string)))))
		}, []any{"a", "al", "ali", "alic", "alice"}, "bo", "bob", false},
		{"string length", func(v any) *treegen.Node {
			return page("Tweet", treegen.El("small", nil, treegen.Txt(fmt.Sprintf("%d/140", len(v.(string))))))
		}, []any{"h", "he", "hel", "hell", "hello"}, "abcdefgh", "abcdefghi", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := New(DefaultConfig())
			learnAll(t, p, "c", "k", c.r, c.learn...)
			mustPredict(t, p, "c", "k", c.r, c.o, c.n)
		})
	}
}

// TestValueKeyedOutcomes: booleans and enums replay what each value looked
// like, against whatever the current tree is.
func TestValueKeyedOutcomes(t *testing.T) {
	modal := func(v any) *treegen.Node {
		kids := []*treegen.Node{treegen.El("button", nil, treegen.Txt("Open"))}
		if v.(bool) {
			kids = append(kids, treegen.El("div", map[string]string{"class": "modal"}, treegen.El("p", nil, treegen.Txt("Sure?"))))
		}
		return page("Dialog", kids...)
	}
	p := New(DefaultConfig())
	learnAll(t, p, "m", "open", modal, false, true, false, true, false)
	mustPredict(t, p, "m", "open", modal, false, true)
	mustPredict(t, p, "m", "open", modal, true, false)

	tabs := func(v any) *treegen.Node {
		var lis []*treegen.Node
		for _, n := range []string{"a", "b", "c"} {
			cls := "tab"
			if n == v {
				cls = "tab active"
			}
			lis = append(lis, treegen.El("li", map[string]string{"class": cls}, treegen.Txt(n)))
		}
		var panel *treegen.Node
		switch v {
		case "a":
			panel = treegen.El("p", nil, treegen.Txt("first"))
		case "b":
			panel = treegen.El("ul", nil, treegen.El("li", nil, treegen.Txt("x")), treegen.El("li", nil, treegen.Txt("y")))
		default:
			panel = treegen.El("div", nil, treegen.El("em", nil, treegen.Txt("third")))
		}
		return page("Tabs", treegen.El("ul", nil, lis...), treegen.El("div", map[string]string{"class": "panel"}, panel))
	}
	q := New(DefaultConfig())
	learnAll(t, q, "t", "tab", tabs, "a", "b", "c", "a", "c", "b", "a", "b", "c", "a")
	mustPredict(t, q, "t", "tab", tabs, "a", "c")
	mustPredict(t, q, "t", "tab", tabs, "c", "b")

	sorted := func(v any) *treegen.Node {
		keys := []string{"r1", "r2", "r3", "r4"}
		if v == "desc" {
			keys = []string{"r4", "r3", "r2", "r1"}
		}
		var rows []*treegen.Node
		for _, k := range keys {
			rows = append(rows, treegen.Keyed("tr", k, nil, treegen.El("td", nil, treegen.Txt(k))))
		}
		return page("Table", treegen.El("tbody", nil, rows...))
	}
	s := New(DefaultConfig())
	learnAll(t, s, "s", "sort", sorted, "asc", "desc", "asc", "desc", "asc")
	pr := mustPredict(t, s, "s", "sort", sorted, "asc", "desc")
	if !strings.Contains(string(pr.Patches), "ReorderChildren") {
		t.Errorf("a sort should move the rows: %s", pr.Patches)
	}
}

type todoItem struct {
	ID   int    `json:"id"`
	Text string `json:"text"`
	Done bool   `json:"done"`
}

func todoTree(v any) *treegen.Node {
	items := v.([]todoItem)
	var lis []*treegen.Node
	left := 0
	for _, it := range items {
		cls := "todo"
		props := map[string]string{"type": "checkbox"}
		if it.Done {
			cls = "todo done"
			props["checked"] = "checked"
		} else {
			left++
		}
		lis = append(lis, treegen.Keyed("li", fmt.Sprint(it.ID), map[string]string{"class": cls},
			treegen.El("input", props), treegen.El("span", nil, treegen.Txt(it.Text))))
	}
	return page("Todos", treegen.El("ul", nil, lis...), treegen.El("footer", nil, treegen.Txt(fmt.Sprintf("%d left", left))))
}

// TestListOperations: items added, removed and changed become patches at
// their place, for items never seen.
func TestListOperations(t *testing.T) {
	p := New(DefaultConfig())
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
		{{3, "eggs", false}, {4, "tea", true}, {5, "jam", false}},
		{{3, "eggs", false}, {5, "jam", false}},
	}
	vals := make([]any, len(seq))
	for i, s := range seq {
		vals[i] = s
	}
	learnAll(t, p, "todo", "items", todoTree, vals...)
	cur := seq[len(seq)-1]
	add := append(append([]todoItem{}, cur...), todoItem{42, "call the plumber", false})
	mustPredict(t, p, "todo", "items", todoTree, cur, add)
	toggled := []todoItem{{3, "eggs", false}, {5, "jam", true}}
	mustPredict(t, p, "todo", "items", todoTree, cur, toggled)
	mustPredict(t, p, "todo", "items", todoTree, cur, []todoItem{{5, "jam", false}})
}

// TestSilence: no prediction rather than a wrong one.
func TestSilence(t *testing.T) {
	count := func(v any) *treegen.Node {
		return page("Counter", treegen.El("p", nil, treegen.Txt(fmt.Sprintf("Count: %v", v))))
	}
	p := New(DefaultConfig())
	if pr, err := p.Predict(sc("c", "count", 0, 1), count(0).JSON()); pr != nil || err != nil {
		t.Fatalf("nothing learned: %v %v", pr, err)
	}
	learnAll(t, p, "c", "count", count, ints(0, 6)...)
	mustPredict(t, p, "c", "count", count, 6, 7)
	// the tree does not show the old value: no prediction
	if pr, err := p.Predict(sc("c", "count", 6, 7), count(9).JSON()); pr != nil || err != nil {
		t.Fatalf("tree for 9, change from 6: %v %v", pr, err)
	}
	// another key, another component: nothing
	if pr, _ := p.Predict(sc("c", "other", 6, 7), count(6).JSON()); pr != nil {
		t.Fatal("unknown key predicted")
	}
	// the confidence bound holds
	strict := New(Config{MinConfidence: 1})
	learnAll(t, strict, "c", "count", count, ints(0, 30)...)
	if pr, _ := strict.Predict(sc("c", "count", 30, 31), count(30).JSON()); pr != nil {
		t.Fatalf("min_confidence 1 predicted with %v", pr.Confidence)
	}
	// what is not a function of the value is not predicted
	noise := func(v any) *treegen.Node {
		return page("Noise", treegen.El("p", nil, treegen.Txt(fmt.Sprintf("%d", xxhash.Sum64String(fmt.Sprint(v))%1000))))
	}
	q := New(DefaultConfig())
	wrong := 0
	for i := 0; i < 60; i++ {
		if pr, _ := q.Predict(sc("n", "x", i, i+1), noise(i).JSON()); pr != nil {
			if w := applyPrediction(t, noise(i).JSON(), pr); !sameTree(t, w, noise(i+1).JSON()) {
				wrong++
			}
		}
		learnAll(t, q, "n", "x", noise, i, i+1)
	}
	if wrong > 0 {
		t.Fatalf("%d wrong predictions of noise", wrong)
	}
}

// TestJudging: a Learn judges the Predict of the same change before it;
// VerifyPrediction judges explicitly.
func TestJudging(t *testing.T) {
	count := func(v any) *treegen.Node {
		return page("Counter", treegen.El("p", nil, treegen.Txt(fmt.Sprintf("Count: %v", v))))
	}
	p := New(DefaultConfig())
	learnAll(t, p, "c", "count", count, ints(0, 6)...)
	mustPredict(t, p, "c", "count", count, 6, 7)
	res, err := p.Learn(sc("c", "count", 6, 7), count(6).JSON(), count(7).JSON())
	if err != nil || !res.Scored || !res.Hit {
		t.Fatalf("learn after predict: %+v %v", res, err)
	}
	res, _ = p.Learn(sc("c", "count", 7, 8), count(7).JSON(), count(8).JSON())
	if res.Scored {
		t.Fatal("scored without a prediction")
	}
	// a prediction the server contradicts
	mustPredict(t, p, "c", "count", count, 8, 9)
	odd := page("Counter", treegen.El("p", nil, treegen.Txt("Count: nine")))
	if res, _ = p.Learn(sc("c", "count", 8, 9), count(8).JSON(), odd.JSON()); !res.Scored || res.Hit {
		t.Fatalf("contradicted prediction judged %+v", res)
	}
	// explicitly
	q := New(DefaultConfig())
	learnAll(t, q, "c", "count", count, ints(0, 6)...)
	mustPredict(t, q, "c", "count", count, 6, 7)
	if hit, err := q.VerifyPrediction(sc("c", "count", 6, 7), count(7).JSON()); err != nil || !hit {
		t.Fatalf("verify: %v %v", hit, err)
	}
	if _, err := q.VerifyPrediction(sc("c", "count", 6, 7), count(7).JSON()); vdom.CodeOf(err) != vdom.KeyNotFound {
		t.Fatalf("verified twice: %v", err)
	}
	mustPredict(t, q, "c", "count", count, 6, 7)
	if hit, err := q.VerifyPrediction(sc("c", "count", 6, 7), count(8).JSON()); err != nil || hit {
		t.Fatalf("verify against another tree: %v %v", hit, err)
	}
	st := q.Stats()
	if st.CorrectPredictions != 1 || st.IncorrectPredictions != 1 || st.TotalPredictions != 2 || st.HitRate != 0.5 {
		t.Fatalf("stats %+v", st)
	}
	if ps := st.Patterns[0]; ps.PredictionHits != 1 || ps.PredictionMisses != 1 || ps.HitRate != 0.5 {
		t.Fatalf("pattern stats %+v", ps)
	}
	if m := q.Metrics(); m.PredictionsVerified != 2 || m.PredictionsCorrect != 1 || m.AccuracyPercent != 50 {
		t.Fatalf("metrics %+v", m)
	}
}

// TestInputErrors: bad input gets a coded error, never a panic.
func TestInputErrors(t *testing.T) {
	good := page("x", treegen.Txt("y")).JSON()
	deep := strings.Repeat("[", 500) + strings.Repeat("]", 500)
	cases := []struct {
		name   string
		change string
		tree   string
		code   vdom.Code
	}{
		{"not JSON", `{"component_id":`, string(good), vdom.Serialization},
		{"not an object", `[1,2]`, string(good), vdom.Serialization},
		{"component_id a number", `{"component_id":1,"state_key":"k","new_value":1}`, string(good), vdom.Serialization},
		{"state_key null", `{"component_id":"c","state_key":null,"new_value":1}`, string(good), vdom.Serialization},
		{"no state_key", `{"component_id":"c","new_value":1}`, string(good), vdom.Serialization},
		{"duplicate member", `{"component_id":"c","component_id":"d","state_key":"k"}`, string(good), vdom.Serialization},
		{"value too deep", `{"component_id":"c","state_key":"k","new_value":` + deep + `}`, string(good), vdom.TreeTooDeep},
		{"bad UTF-8", "{\"component_id\":\"\xff\",\"state_key\":\"k\"}", string(good), vdom.InvalidUtf8},
		{"trailing data", `{"component_id":"c","state_key":"k"} x`, string(good), vdom.Serialization},
		{"bad tree", `{"component_id":"c","state_key":"k","old_value":0,"new_value":1}`, `{"type":"Nope"}`, vdom.InvalidVNode},
		{"tree not JSON", `{"component_id":"c","state_key":"k","old_value":0,"new_value":1}`, `{`, vdom.Serialization},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := New(DefaultConfig())
			_, err := p.Learn([]byte(c.change), []byte(c.tree), good)
			if vdom.CodeOf(err) != c.code {
				t.Fatalf("learn: got %v, want code %v", err, c.code)
			}
			if _, ok := err.(*vdom.Error); !ok {
				t.Fatalf("not a *vdom.Error: %T", err)
			}
		})
	}
	// Predict reads the tree only when something was learned for the key
	p := New(DefaultConfig())
	count := func(v any) *treegen.Node { return page("C", treegen.Txt(fmt.Sprint("Count: ", v))) }
	learnAll(t, p, "c", "k", count, ints(0, 6)...)
	if _, err := p.Predict(sc("c", "k", 6, 7), []byte(`{"type":"Text"`)); vdom.CodeOf(err) != vdom.Serialization {
		t.Fatalf("bad current tree: %v", err)
	}
	if _, err := p.Predict([]byte(`{}`), good); vdom.CodeOf(err) != vdom.Serialization {
		t.Fatalf("bad change: %v", err)
	}
	if m := p.Metrics(); m.PredictErrors != 2 {
		t.Fatalf("predict errors counted %d", m.PredictErrors)
	}
}

func TestLearnBatch(t *testing.T) {
	count := func(v any) *treegen.Node {
		return page("C", treegen.El("p", nil, treegen.Txt(fmt.Sprint("Count: ", v))))
	}
	var b strings.Builder
	b.WriteString("[")
	for i := 0; i < 6; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"state_change":%s,"old_tree":%s,"new_tree":%s,"note":"ignored"}`, sc("c", "k", i, i+1), count(i).JSON(), count(i+1).JSON())
	}
	b.WriteString("]")
	p := New(DefaultConfig())
	n, err := p.LearnBatch([]byte(b.String()))
	if err != nil || n != 6 {
		t.Fatalf("batch: %d %v", n, err)
	}
	if st := p.Stats(); st.TotalObservations != 6 {
		t.Fatalf("%d observations", st.TotalObservations)
	}
	mustPredict(t, p, "c", "k", count, 6, 7)
	for _, c := range []struct {
		batch string
		n     int
		code  vdom.Code
	}{
		{`{}`, 0, vdom.Serialization},
		{`[1]`, 0, vdom.Serialization},
		{`[{"state_change":{}}]`, 0, vdom.Serialization},
		{`[` + fmt.Sprintf(`{"state_change":%s,"old_tree":%s,"new_tree":%s}`, sc("c", "k", 0, 1), count(0).JSON(), count(1).JSON()) +
			`,{"state_change":{"component_id":"c","state_key":"k"},"old_tree":{"type":"X"},"new_tree":{"type":"Text"}}]`, 1, vdom.InvalidVNode},
		{`[]x`, 0, vdom.Serialization},
	} {
		n, err := New(DefaultConfig()).LearnBatch([]byte(c.batch))
		if n != c.n || vdom.CodeOf(err) != c.code {
			t.Errorf("%s: %d %v, want %d and code %v", c.batch, n, err, c.n, c.code)
		}
	}
}

func TestStatsMetricsShapes(t *testing.T) {
	p := New(DefaultConfig())
	count := func(v any) *treegen.Node {
		return page("C", treegen.El("p", nil, treegen.Txt(fmt.Sprint("Count: ", v))))
	}
	learnAll(t, p, "c", "k", count, ints(0, 6)...)
	mustPredict(t, p, "c", "k", count, 6, 7)
	keys := func(v any) map[string]any {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	for _, want := range []struct {
		v    any
		keys string
	}{
		{p.Stats(), "unique_state_keys total_patterns total_observations estimated_memory_bytes total_predictions correct_predictions incorrect_predictions hit_rate avg_confidence active_patterns prediction_hits patterns"},
		// requirements item 8, the quantiles, and shared/ABI.md's names
		{p.Metrics(), "predictions_made predictions_returned predictions_high_confidence avg_confidence patterns_learned total_pattern_count unique_state_keys avg_prediction_time_ns avg_learning_time_ns avg_reconcile_time_ns memory_usage_bytes memory_limit_bytes memory_utilization_percent predictions_verified predictions_correct accuracy_percent " +
			"p50_prediction_time_ns p95_prediction_time_ns p99_prediction_time_ns p50_learning_time_ns p95_learning_time_ns p99_learning_time_ns p50_reconcile_time_ns p95_reconcile_time_ns p99_reconcile_time_ns " +
			"unique_state_keys total_patterns total_observations estimated_memory_bytes total_predictions correct_predictions incorrect_predictions hit_rate prediction_hits " +
			"predictor_learns predictor_learn_errors predictor_predictions predictor_prediction_hits predictor_prediction_misses prediction_hit_rate avg_prediction_time_us p95_prediction_time_us evictions_performed"},
		{p.MemoryStats(), "total_bytes pattern_count key_count limit_bytes utilization_percent"},
		{p.Config(), "min_confidence max_patterns_per_key max_total_patterns max_memory_bytes eviction limits"},
	} {
		m := keys(want.v)
		for _, k := range strings.Fields(want.keys) {
			if _, ok := m[k]; !ok {
				t.Errorf("%T has no %q", want.v, k)
			}
		}
	}
	st := p.Stats()
	if st.UniqueStateKeys != 1 || st.TotalPatterns != 1 || st.ActivePatterns != 1 || st.TotalPredictions != 1 || st.PredictionHits != 1 || st.AvgConfidence < 0.7 {
		t.Fatalf("%+v", st)
	}
	m := p.Metrics()
	if m.PredictionsMade != 1 || m.PredictionsReturned != 1 || m.PatternsLearned != 1 || m.Learns != 6 || m.AvgLearningTimeNs == 0 || m.MemoryUsageBytes <= 0 {
		t.Fatalf("%+v", m)
	}
	if m.P50PredictionTimeNs == 0 || m.P99PredictionTimeNs < m.P50PredictionTimeNs || m.P50LearningTimeNs == 0 ||
		m.P95LearningTimeNs < m.P50LearningTimeNs || m.P99LearningTimeNs < m.P95LearningTimeNs || m.P50ReconcileTimeNs == 0 {
		t.Fatalf("quantiles %+v", m)
	}
	learnAll(t, p, "c", "k", count, 6, 7) // judges the prediction
	if m := p.Metrics(); m.PredictionsVerified != 1 || m.PredictionsCorrect != 1 || m.AccuracyPercent != 100 || m.HitRate != 1 {
		t.Fatalf("accuracy %+v", m)
	}
	p.ResetMetrics()
	if m := p.Metrics(); m.PredictionsMade != 0 || m.Learns != 0 || m.TotalPatternCount != 1 || m.P50PredictionTimeNs != 0 ||
		m.P99LearningTimeNs != 0 || m.AvgReconcileTimeNs != 0 || m.PredictionsVerified != 0 {
		t.Fatalf("after reset %+v", m)
	}
	if s := p.Stats(); s.TotalPredictions != 0 || s.TotalPatterns != 1 {
		t.Fatalf("after reset %+v", s)
	}
	mustPredict(t, p, "c", "k", count, 6, 7)
	p.Clear()
	if st := p.Stats(); st.UniqueStateKeys != 0 || st.TotalPatterns != 0 {
		t.Fatalf("after clear %+v", st)
	}
	if pr, _ := p.Predict(sc("c", "k", 6, 7), count(6).JSON()); pr != nil {
		t.Fatal("predicted after clear")
	}
	if ms := p.MemoryStats(); ms.KeyCount != 0 || ms.TotalBytes <= 0 || ms.LimitBytes != DefaultMaxMemoryBytes {
		t.Fatalf("%+v", ms)
	}
}

func TestConfigDefaults(t *testing.T) {
	c := New(Config{}).Config()
	d := DefaultConfig()
	if c.MaxPatternsPerKey != d.MaxPatternsPerKey || c.MaxTotalPatterns != d.MaxTotalPatterns || c.MaxMemoryBytes != d.MaxMemoryBytes ||
		c.Limits != d.Limits || c.Eviction != LRU || c.MinConfidence != 0 {
		t.Fatalf("%+v", c)
	}
	for _, p := range []EvictionPolicy{LRU, LeastObserved, OldestFirst, LowestConfidence} {
		b, err := p.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var q EvictionPolicy
		if err := q.UnmarshalText(b); err != nil || q != p {
			t.Fatalf("%v: %s %v", p, b, err)
		}
	}
	var q EvictionPolicy
	if err := q.UnmarshalText([]byte("fifo")); vdom.CodeOf(err) != vdom.Serialization {
		t.Fatal(err)
	}
}

// TestEviction: the bounds hold, and what goes first follows the policy.
func TestEviction(t *testing.T) {
	count := func(v any) *treegen.Node {
		return page("C", treegen.El("p", nil, treegen.Txt(fmt.Sprint("Count: ", v))), treegen.El("p", nil, treegen.Txt(fmt.Sprint("Twice: ", 2*v.(int)))))
	}
	// three keys of two slots each fill a bound of six slots: A observed
	// most and used last, B in between, C observed least; then D comes
	build := func(pol EvictionPolicy) *Predictor {
		p := New(Config{MaxTotalPatterns: 6, Eviction: pol})
		learnAll(t, p, "cA", "A", count, ints(0, 10)...)
		learnAll(t, p, "cB", "B", count, ints(0, 6)...)
		learnAll(t, p, "cC", "C", count, ints(0, 3)...)
		p.Predict(sc("cA", "A", 10, 11), count(10).JSON())
		learnAll(t, p, "cD", "D", count, 0, 1)
		return p
	}
	kept := func(p *Predictor) string {
		var ks []string
		for _, ps := range p.Stats().Patterns {
			ks = append(ks, ps.StateKey)
		}
		return strings.Join(ks, " ")
	}
	for _, c := range []struct {
		pol  EvictionPolicy
		want string
	}{
		{LRU, "A C D"},
		{OldestFirst, "B C D"},
		{LeastObserved, "A B D"},
		{LowestConfidence, "A B D"},
	} {
		p := build(c.pol)
		if got := kept(p); got != c.want {
			t.Errorf("%v kept %q, want %q", c.pol, got, c.want)
		}
		if st := p.Stats(); st.TotalPatterns > 6 {
			t.Errorf("%v: %d patterns", c.pol, st.TotalPatterns)
		}
		if p.Metrics().Evictions == 0 {
			t.Errorf("%v: no eviction counted", c.pol)
		}
	}
	// per key
	p := New(Config{MaxPatternsPerKey: 1})
	learnAll(t, p, "c", "k", count, ints(0, 3)...)
	if st := p.Stats(); st.TotalPatterns != 1 {
		t.Fatalf("%d patterns for one key", st.TotalPatterns)
	}
	// memory
	q := New(Config{MaxMemoryBytes: 200 << 10})
	for k := 0; k < 300; k++ {
		learnAll(t, q, fmt.Sprint("c", k), "k", count, ints(0, 3)...)
		if ms := q.MemoryStats(); ms.TotalBytes > ms.LimitBytes {
			t.Fatalf("after %d keys: %d bytes over the limit of %d", k, ms.TotalBytes, ms.LimitBytes)
		}
	}
	if st := q.Stats(); st.UniqueStateKeys >= 300 || st.UniqueStateKeys == 0 {
		t.Fatalf("%d keys kept", st.UniqueStateKeys)
	}
	// a bound nothing fits in
	r := New(Config{MaxMemoryBytes: 1})
	if _, err := r.Learn(sc("c", "k", 0, 1), count(0).JSON(), count(1).JSON()); vdom.CodeOf(err) != vdom.MemoryLimitExceeded {
		t.Fatalf("got %v", err)
	}
}

// TestConcurrentUse: learners, predictors and readers at once (run with
// -race).
func TestConcurrentUse(t *testing.T) {
	p := New(DefaultConfig())
	count := func(v any) *treegen.Node {
		return page("C", treegen.El("p", nil, treegen.Txt(fmt.Sprint("Count: ", v))))
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		comp := fmt.Sprint("c", g)
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if _, err := p.Learn(sc(comp, "k", i, i+1), count(i).JSON(), count(i+1).JSON()); err != nil {
					t.Error(err)
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				pr, err := p.Predict(sc(comp, "k", i, i+1), count(i).JSON())
				if err != nil {
					t.Error(err)
					return
				}
				if pr != nil {
					applyPrediction(t, count(i).JSON(), pr)
				}
				p.VerifyPrediction(sc(comp, "k", i, i+1), count(i+1).JSON())
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 50; i++ {
			p.Stats()
			p.Metrics()
			p.MemoryStats()
			if _, err := p.Save(); err != nil {
				t.Error(err)
			}
			if _, err := p.Serialize(); err != nil {
				t.Error(err)
			}
		}
	}()
	wg.Wait()
}

func TestGlobalTotals(t *testing.T) {
	before := Global()
	p := New(DefaultConfig())
	count := func(v any) *treegen.Node {
		return page("C", treegen.El("p", nil, treegen.Txt(fmt.Sprint("Count: ", v))))
	}
	learnAll(t, p, "g", "k", count, ints(0, 6)...)
	mustPredict(t, p, "g", "k", count, 6, 7)
	learnAll(t, p, "g", "k", count, 6, 7)
	g := Global()
	if g.Learns-before.Learns < 7 || g.PredictionsReturned-before.PredictionsReturned < 1 || g.CorrectPredictions-before.CorrectPredictions < 1 {
		t.Fatalf("%+v then %+v", before, g)
	}
}
