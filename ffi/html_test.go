package main

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict"
	"github.com/minimact/engine/runtime/reconcile"
)

// renderHTML calls minimact_render_html as a host would.
func renderHTML(tree string) string {
	c := testCStr(tree)
	defer testFree(c)
	return testTake(minimact_render_html(c))
}

func TestRenderHTML(t *testing.T) {
	if got := renderHTML(counter(3)); got != `<div class="counter"><p>Count: 3</p><button id="inc">+</button></div>` {
		t.Fatalf("counter: %s", got)
	}
	if got := renderHTML(`{"type":"Element","tag":"ul","children":[{"type":"Element","tag":"li","key":"a","props":{"onClick":"x"}}]}`); got != `<ul><li data-onclick="x" data-key="a"></li></ul>` {
		t.Fatalf("keyed: %s", got)
	}
	if got := renderHTML(`{"type":"Text","content":""}`); got != "" {
		t.Fatalf("empty text root: %q", got)
	}
	if got := renderHTML(`{"type":"Text","content":"{\"error\":\"x\"}"}`); strings.HasPrefix(got, "{") {
		t.Fatalf("a text that looks like an error reply: %s", got)
	}
	for _, c := range []struct {
		tree string
		code vdom.Code
	}{
		{`{"type":"Element","tag":"br","children":[{"type":"Text","content":"x"}]}`, vdom.UnrepresentableHtml},
		{`{"type":"Element","tag":"bad tag"}`, vdom.UnrepresentableHtml},
		{`{"type":"Element"}`, vdom.InvalidVNode},
		{"{\"type\":\"Text\",\"content\":\"\xff\"}", vdom.InvalidUtf8},
		{"\x00nil", vdom.NullPointer},
		{`{"type":"Text",`, vdom.Serialization},
	} {
		msg, code := errorReply(t, renderHTML(c.tree))
		if vdom.Code(code) != c.code || !strings.Contains(msg, "tree_json") && c.code != vdom.NullPointer && c.code != vdom.UnrepresentableHtml {
			t.Errorf("%q: %s (code %d), want %d", c.tree, msg, code, c.code)
		}
	}
}

// TestDOMViewOption: the limits object's "dom_view" selects the view of
// minimact_reconcile_with_limits and of a predictor.
func TestDOMViewOption(t *testing.T) {
	old := `{"type":"Element","tag":"p","children":[{"type":"Text","content":"Count: "},{"type":"Text","content":"1"}]}`
	new := strings.Replace(old, `"1"`, `"2"`, 1)
	o, n := testCStr(old), testCStr(new)
	defer testFree(o)
	defer testFree(n)
	html := `[{"type":"UpdateText","path":[0],"content":"Count: 2"}]`
	nodes := `[{"type":"UpdateText","path":[1],"content":"2"}]`
	if got := testTake(minimact_reconcile(o, n)); got != html {
		t.Errorf("reconcile (the HTML view): %s", got)
	}
	for limits, want := range map[string]string{`{"dom_view":"html"}`: html, `{"dom_view":null}`: html, `{"dom_view":"nodes"}`: nodes,
		`{"dom_view":"nodes","max_tree_depth":5}`: nodes} {
		l := testCStr(limits)
		if got := testTake(minimact_reconcile_with_limits(o, n, l)); got != want {
			t.Errorf("limits %s: %s, want %s", limits, got, want)
		}
		testFree(l)
	}
	for _, bad := range []string{`{"dom_view":"dom"}`, `{"dom_view":1}`, `{"dom_view":["nodes"]}`} {
		l := testCStr(bad)
		if _, code := errorReply(t, testTake(minimact_reconcile_with_limits(o, n, l))); vdom.Code(code) != vdom.Serialization {
			t.Errorf("limits %s: code %d", bad, code)
		}
		testFree(l)
	}
	cfg, err := parseConfig([]byte(`{"limits":{"dom_view":"nodes"}}`))
	if err != nil || cfg.Limits.DOMView != vdom.ViewNodes {
		t.Fatalf("config: %+v %v", cfg.Limits, err)
	}
	b, _ := json.Marshal(configToJSON(cfg))
	if !strings.Contains(string(b), `"dom_view":"nodes"`) {
		t.Fatalf("config JSON %s", b)
	}
	if back, err := parseConfig(b); err != nil || back != cfg {
		t.Fatalf("round trip %s: %v", b, err)
	}
	if d := predict.DefaultConfig(); d.Limits.DOMView != vdom.ViewHTML {
		t.Fatal("the predictor's default view is not HTML")
	}
}

// TestPredictorView: a predictor's patches index the DOM of its config's
// view, as the host's reconcile in that view does.
func TestPredictorView(t *testing.T) {
	tree := func(n int) []byte {
		return []byte(`{"type":"Element","tag":"div","children":[{"type":"Element","tag":"p","children":[{"type":"Text","content":"Count: "},{"type":"Text","content":"` +
			strconv.Itoa(n) + `"}]},{"type":"Element","tag":"button","children":[{"type":"Text","content":"+"}]}]}`)
	}
	change := func(a, b int) []byte { return []byte(countChange(a, b)) }
	for _, v := range []vdom.View{vdom.ViewHTML, vdom.ViewNodes} {
		cfg := predict.DefaultConfig()
		cfg.Limits.DOMView = v
		p := predict.New(cfg)
		for i := 0; i < 6; i++ {
			if _, err := p.Learn(change(i, i+1), tree(i), tree(i+1)); err != nil {
				t.Fatal(err)
			}
		}
		pr, err := p.Predict(change(10, 11), tree(10))
		if err != nil || pr == nil {
			t.Fatalf("%s view: no prediction (%v)", v, err)
		}
		want, err := reconcile.New(vdom.Limits{DOMView: v}).JSON(tree(10), tree(11))
		if err != nil || string(pr.Patches) != string(want) {
			t.Fatalf("%s view: predicted %s, reconcile gives %s (%v)", v, pr.Patches, want, err)
		}
	}
}
