package outcome

import (
	"strings"
	"testing"

	"github.com/minimact/engine/generated/vdom"
)

var defaultLimits = LimitsFor(vdom.Limits{})

// parseNew parses a state change whose new_value is js and returns it and
// the new value's index.
func parseNew(t *testing.T, js string) (*Change, int32) {
	t.Helper()
	c := &Change{}
	if err := c.Parse([]byte(`{"component_id":"c","state_key":"k","new_value":`+js+`}`), defaultLimits); err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return c, c.New
}

func TestChangeParse(t *testing.T) {
	c := &Change{}
	src := ` {"state_key":"k\u00e9","extra":[1,{"x":2}],"component_id":"c1","old_value":[1,"a"],"new_value":{"b":true}} `
	if err := c.Parse([]byte(src), defaultLimits); err != nil {
		t.Fatal(err)
	}
	if string(c.Component) != "c1" || string(c.Key) != "ké" || string(c.Raw) != strings.TrimSpace(src) {
		t.Fatalf("component %q key %q raw %q", c.Component, c.Key, c.Raw)
	}
	if c.Values.Kind(c.Old) != KindArray || c.Values.Kind(c.New) != KindObject {
		t.Fatalf("kinds %v %v", c.Values.Kind(c.Old), c.Values.Kind(c.New))
	}
	items, ok := c.Values.Items(c.Old, nil)
	if !ok || len(items) != 2 || c.Values.Kind(items[0]) != KindNumber || string(c.Values.Text(items[0])) != "1" || string(c.Values.Text(items[1])) != "a" {
		t.Fatalf("items %v %v", items, ok)
	}
	// absent values are null
	if err := c.Parse([]byte(`{"component_id":"c","state_key":"k"}`), defaultLimits); err != nil {
		t.Fatal(err)
	}
	if c.Values.Kind(c.Old) != KindNull || c.Values.Kind(c.New) != KindNull || c.Values.Hash(c.Old) != c.Values.Hash(c.New) {
		t.Fatal("absent values are not null")
	}
	if items, ok := c.Values.Items(c.New, nil); !ok || len(items) != 0 {
		t.Fatal("null has no items")
	}
}

func TestChangeParseAllState(t *testing.T) {
	c := &Change{}
	for _, src := range []string{`{"component_id":"c","state_key":"k","new_value":1}`, `{"component_id":"c","state_key":"k","new_value":1,"all_state":null}`} {
		if err := c.Parse([]byte(src), defaultLimits); err != nil || c.All != -1 || c.Values.HasState() {
			t.Fatalf("%s: all %d, %v", src, c.All, err)
		}
	}
	src := `{"component_id":"c","all_state":{"k":2,"other":"x"},"state_key":"k","new_value":2}`
	if err := c.Parse([]byte(src), defaultLimits); err != nil || c.All < 0 || !c.Values.HasState() || c.Values.Kind(c.All) != KindObject {
		t.Fatalf("%s: all %d, %v", src, c.All, err)
	}
	err := c.Parse([]byte(`{"component_id":"c","state_key":"k","all_state":[1]}`), defaultLimits)
	if vdom.CodeOf(err) != vdom.Serialization {
		t.Fatalf("all_state an array: %v", err)
	}
	err = c.Parse([]byte(`{"component_id":"c","state_key":"k","all_state":{},"all_state":{}}`), defaultLimits)
	if vdom.CodeOf(err) != vdom.Serialization {
		t.Fatalf("all_state twice: %v", err)
	}
}

func TestChangeParseErrors(t *testing.T) {
	deep := strings.Repeat("[", 200) + strings.Repeat("]", 200)
	for _, c := range []struct {
		name string
		src  string
		lim  vdom.Limits
		code vdom.Code
	}{
		{"not an object", `[1]`, vdom.Limits{}, vdom.Serialization},
		{"no component_id", `{"state_key":"k"}`, vdom.Limits{}, vdom.Serialization},
		{"no state_key", `{"component_id":"c"}`, vdom.Limits{}, vdom.Serialization},
		{"component_id a number", `{"component_id":1,"state_key":"k"}`, vdom.Limits{}, vdom.Serialization},
		{"duplicate member", `{"component_id":"c","state_key":"k","new_value":1,"new_value":2}`, vdom.Limits{}, vdom.Serialization},
		{"trailing data", `{"component_id":"c","state_key":"k"}x`, vdom.Limits{}, vdom.Serialization},
		{"number out of range", `{"component_id":"c","state_key":"k","new_value":-1e400}`, vdom.Limits{}, vdom.Serialization},
		{"bad UTF-8", "{\"component_id\":\"c\",\"state_key\":\"k\",\"new_value\":\"\xff\"}", vdom.Limits{}, vdom.InvalidUtf8},
		{"too deep", `{"component_id":"c","state_key":"k","new_value":` + deep + `}`, vdom.Limits{}, vdom.TreeTooDeep},
		{"too many parts", `{"component_id":"c","state_key":"k","new_value":[1,2,3,4,5]}`, vdom.Limits{MaxNodeCount: 4}, vdom.TreeTooLarge},
		{"string too long", `{"component_id":"c","state_key":"k","new_value":"abcdef"}`, vdom.Limits{MaxTextLength: 5}, vdom.TextTooLong},
		{"too many bytes", `{"component_id":"c","state_key":"k","new_value":"abcdef"}`, vdom.Limits{MaxJSONBytes: 20}, vdom.JsonTooLarge},
		{"malformed value", `{"component_id":"c","state_key":"k","new_value":[1 2]}`, vdom.Limits{}, vdom.Serialization},
	} {
		t.Run(c.name, func(t *testing.T) {
			var ch Change
			err := ch.Parse([]byte(c.src), LimitsFor(c.lim))
			if vdom.CodeOf(err) != c.code {
				t.Fatalf("got %v, want code %v", err, c.code)
			}
		})
	}
}

func TestValueHashes(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{`{"a":1,"b":[true,null,"x"]}`, `{"b":[true,null,"x"],"a":1.0}`, true}, // member order, number text
		{`0`, `-0`, true},
		{`[1,2]`, `[2,1]`, false},
		{`"1"`, `1`, false},
		{`true`, `1`, false},
		{`null`, `false`, false},
		{`[]`, `{}`, false},
		{`"\u00e9"`, `"é"`, true},
	} {
		ca, ia := parseNew(t, c.a)
		cb, ib := parseNew(t, c.b)
		if got := ca.Values.Hash(ia) == cb.Values.Hash(ib); got != c.same {
			t.Errorf("%s vs %s: same hash %v, want %v", c.a, c.b, got, c.same)
		}
	}
}

func TestAppendScalars(t *testing.T) {
	c, i := parseNew(t, `{"id":7,"text":"milk","empty":"","done":true,"tags":["x"]}`)
	strs, nums := c.Values.AppendScalars(i, nil, nil)
	if len(strs) != 1 || string(strs[0]) != "milk" || len(nums) != 1 || string(nums[0]) != "7" {
		t.Fatalf("%q %q", strs, nums)
	}
	c, i = parseNew(t, `"alone"`)
	if strs, nums := c.Values.AppendScalars(i, nil, nil); len(strs) != 1 || len(nums) != 0 {
		t.Fatalf("%q %q", strs, nums)
	}
}

// TestChangeParseOf: a change parsed as a given component's may leave out
// component_id (it is that component's) and may not name another one;
// Parse still requires it.
func TestChangeParseOf(t *testing.T) {
	lim := LimitsFor(vdom.Limits{})
	var c Change
	if err := c.ParseOf([]byte(`{"state_key":"n","old_value":1,"new_value":2}`), lim, "counter"); err != nil || string(c.Component) != "counter" || string(c.Key) != "n" {
		t.Fatalf("no component_id: %v, component %q", err, c.Component)
	}
	if err := c.ParseOf([]byte(`{"component_id":"counter","state_key":"n"}`), lim, "counter"); err != nil || string(c.Component) != "counter" {
		t.Fatalf("the same component_id: %v", err)
	}
	if err := c.ParseOf([]byte(`{"component_id":"other","state_key":"n"}`), lim, "counter"); vdom.CodeOf(err) != vdom.Serialization {
		t.Errorf("another component: %v", err)
	}
	if err := c.ParseOf([]byte(`{"state_key":"n"}`), lim, strings.Repeat("x", lim.MaxName+1)); vdom.CodeOf(err) != vdom.TextTooLong {
		t.Errorf("a component id beyond the limit: %v", err)
	}
	if err := c.Parse([]byte(`{"state_key":"n"}`), lim); vdom.CodeOf(err) != vdom.Serialization {
		t.Errorf("Parse without component_id: %v", err)
	}
}

// TestContextHash: as another key's context, numbers of 10 or more count by
// sign and order of magnitude, smaller ones and everything else by value.
func TestContextHash(t *testing.T) {
	h := func(js string) uint64 {
		c, root := parseNew(t, js)
		return c.Values.ContextHash(root)
	}
	same := [][2]string{{`12`, `57`}, {`100`, `999`}, {`-15`, `-40`}, {`"a"`, `"a"`}}
	for _, p := range same {
		if h(p[0]) != h(p[1]) {
			t.Errorf("%s and %s are different contexts", p[0], p[1])
		}
	}
	differ := [][2]string{{`8`, `9`}, {`99`, `100`}, {`15`, `-15`}, {`9`, `10`}, {`0`, `1`}, {`"a"`, `"b"`}, {`true`, `false`}}
	for _, p := range differ {
		if h(p[0]) == h(p[1]) {
			t.Errorf("%s and %s are one context", p[0], p[1])
		}
	}
}
