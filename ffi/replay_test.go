package main

import (
	"fmt"
	"testing"
)

// sortedView renders what no slot generalizes: a word per (column,
// direction), which only a replay of the whole state seen before answers.
func sortedView(col, dir string) string {
	w := map[string]string{"name/asc": "alpha", "name/desc": "omega", "score/asc": "lowest", "score/desc": "champions"}[col+"/"+dir]
	return fmt.Sprintf(`{"type":"Element","tag":"div","props":{"data-sort":%q},"children":[{"type":"Text","content":%q}]}`, col+"-"+dir, w)
}

func sortChange(key, o, n, col, dir string) string {
	return fmt.Sprintf(`{"component_id":"board","state_key":%q,"old_value":%q,"new_value":%q,"all_state":{"col":%q,"dir":%q}}`, key, o, n, col, dir)
}

// TestReplayABI: a host that sends the whole state (all_state) through
// minimact_predictor_learn gets, through minimact_predictor_predict and
// minimact_predictor_predict_hint, the render of a whole state seen before.
func TestReplayABI(t *testing.T) {
	h := uint64(minimact_predictor_new())
	defer minimact_predictor_destroy(testHandle(h))
	col, dir := "name", "asc"
	set := func(key, v string) (ch, before, after string) {
		before = sortedView(col, dir)
		o := col
		if key == "dir" {
			o, dir = dir, v
		} else {
			col = v
		}
		return sortChange(key, o, v, col, dir), before, sortedView(col, dir)
	}
	walk := [][2]string{{"dir", "desc"}, {"col", "score"}, {"dir", "asc"}, {"col", "name"}}
	for r := 0; r < 2; r++ {
		for _, s := range walk {
			ch, before, after := set(s[0], s[1])
			learnVia(t, h, ch, before, after)
		}
	}
	// name/asc now; dir → desc was seen and verified
	ch, before, after := set("dir", "desc")
	r := parseHint(t, predictVia(h, [2]string{ch, before}))
	if !r.OK {
		t.Fatalf("no replay: %+v", r)
	}
	if got := appliedVia(before, string(r.Data.Patches)); got != appliedVia(after, "[]") {
		t.Fatalf("patches %s give %s, want %s", r.Data.Patches, got, after)
	}
	// a hint of two changes, each a replay: name/desc → score/desc → score/asc
	c1, _, _ := set("col", "score")
	c2, _, want := set("dir", "asc")
	hr := parseHint(t, hintVia(h, "h", "board", "["+c1+","+c2+"]", after))
	if !hr.OK {
		t.Fatalf("no hint: %+v", hr)
	}
	if got := appliedVia(after, string(hr.Data.Patches)); got != appliedVia(want, "[]") {
		t.Fatalf("hint patches %s give %s, want %s", hr.Data.Patches, got, want)
	}
}
