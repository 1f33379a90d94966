package predict

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/minimact/engine/internal/treegen"
	"github.com/minimact/engine/runtime/predict/snapshot"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/snapshot.json and testdata/snapshot.bin")

// goldenPredictor learns a little of every slot kind (text, prop, child,
// order, region, list), with strings that need escaping and bytes that are
// not UTF-8 (an order with a key of 130 bytes), and a judged prediction.
func goldenPredictor(t testing.TB) *Predictor {
	p := New(DefaultConfig())
	count := func(v any) *treegen.Node {
		return page("Counter", treegen.El("p", nil, treegen.Txt(fmt.Sprintf("Count: %v", v))),
			treegen.El("div", map[string]string{"class": "bar", "style": fmt.Sprintf("width: %v%%", v)}))
	}
	learnAll(t, p, "counter", "count", count, ints(0, 6)...)
	if pr, err := p.Predict(sc("counter", "count", 6, 7), count(6).JSON()); err != nil || pr == nil {
		t.Fatalf("no prediction: %v", err)
	}
	learnAll(t, p, "counter", "count", count, 6, 7)
	modal := func(v any) *treegen.Node {
		kids := []*treegen.Node{treegen.El("button", nil, treegen.Txt("Open"))}
		if v.(bool) {
			kids = append(kids, treegen.El("div", map[string]string{"class": "modal"}, treegen.El("p", nil, treegen.Txt("Sure?"))))
		}
		return page("Dialog", kids...)
	}
	learnAll(t, p, "modal", "open", modal, false, true, false, true, false)
	tabs := func(v any) *treegen.Node {
		var panel []*treegen.Node
		switch v {
		case "a":
			panel = []*treegen.Node{treegen.El("p", nil, treegen.Txt("first"))}
		case "b":
			panel = []*treegen.Node{treegen.El("ul", nil, treegen.El("li", nil, treegen.Txt("x"))), treegen.El("p", nil, treegen.Txt("y")), treegen.El("p", nil, treegen.Txt("z"))}
		}
		return page("Tabs", treegen.El("div", map[string]string{"class": "panel"}, panel...))
	}
	learnAll(t, p, "tabs", "tab", tabs, "a", "b", "c", "a", "c")
	sorted := func(v any) *treegen.Node {
		long := strings.Repeat("k", 130)
		keys := []string{"r1", long, "r3"}
		if v == "desc" {
			keys = []string{"r3", long, "r1"}
		}
		var rows []*treegen.Node
		for _, k := range keys {
			rows = append(rows, treegen.Keyed("tr", k, nil, treegen.El("td", nil, treegen.Txt(k))))
		}
		return page("Table", treegen.El("tbody", nil, rows...))
	}
	learnAll(t, p, "table", "sort", sorted, "asc", "desc", "asc", "desc")
	seq := [][]todoItem{
		{{1, "milk", false}},
		{{1, "milk", false}, {2, "bread", false}},
		{{1, "milk", true}, {2, "bread", false}},
		{{1, "milk", true}, {2, "bread", false}, {3, "eggs \u00e9 \"x\"", false}},
		{{1, "milk", true}, {3, "eggs \u00e9 \"x\"", false}},
	}
	vals := make([]any, len(seq))
	for i, s := range seq {
		vals[i] = s
	}
	learnAll(t, p, "todo", "items", todoTree, vals...)
	return p
}

// TestSnapshotGolden: the snapshots in testdata (written by an earlier
// version) keep loading and re-save byte for byte, and learning the same
// changes today writes the same bytes. After a deliberate change of the
// format or of what is learned, rewrite them with -update.
func TestSnapshotGolden(t *testing.T) {
	p := goldenPredictor(t)
	js, bin := snapshotsOf(t, p)
	jsPath, binPath := filepath.Join("testdata", "snapshot.json"), filepath.Join("testdata", "snapshot.bin")
	if *updateGolden {
		if err := os.WriteFile(jsPath, js, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(binPath, bin, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wantJS, err := os.ReadFile(jsPath)
	if err != nil {
		t.Fatal(err)
	}
	wantBin, err := os.ReadFile(binPath)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, ps := range p.Stats().Patterns {
		for k, n := range ps.Slots {
			kinds[k] += n
		}
	}
	for _, k := range slotKindNames {
		if kinds[k] == 0 {
			t.Errorf("the golden predictor has no %s slot", k)
		}
	}
	q, err := Load(wantJS)
	if err != nil {
		t.Fatalf("the golden JSON snapshot does not load: %v", err)
	}
	if again, _ := q.Save(); !bytes.Equal(again, wantJS) {
		t.Error("Save(Load(golden)) differs from the golden JSON snapshot")
	}
	r, err := Deserialize(wantBin, DefaultConfig())
	if err != nil {
		t.Fatalf("the golden binary snapshot does not load: %v", err)
	}
	if again, _ := r.Serialize(); !bytes.Equal(again, wantBin) {
		t.Error("Serialize(Deserialize(golden)) differs from the golden binary snapshot")
	}
	if !bytes.Equal(js, wantJS) {
		t.Error("learning the golden changes today saves other JSON than testdata/snapshot.json")
	}
	if !bytes.Equal(bin, wantBin) {
		t.Error("learning the golden changes today serializes other bytes than testdata/snapshot.bin")
	}
	// the restored predictors predict what the trained one does
	count := sc("counter", "count", 7, 8)
	cur := page("Counter", treegen.El("p", nil, treegen.Txt("Count: 7")), treegen.El("div", map[string]string{"class": "bar", "style": "width: 7%"})).JSON()
	want, _ := p.Predict(count, cur)
	if want == nil {
		t.Fatal("the golden predictor does not predict the counter")
	}
	for _, x := range []*Predictor{q, r} {
		got, _ := x.Predict(count, cur)
		if got == nil || !bytes.Equal(got.Patches, want.Patches) || !bytes.Equal(got.Tree, want.Tree) || got.Confidence != want.Confidence {
			t.Errorf("a restored predictor predicts %+v, the trained one %+v", got, want)
		}
	}
}

// TestSnapshotGoldenOlder: the snapshots of older versions keep loading,
// predict the counter as the trained predictor does, and re-save as the
// latest version: the bytes of testdata/vN/resaved.json and resaved.bin
// (rewritten with -update). Version 1 (testdata/v1) was written before the
// learners kept the records of their generalizations and the ranges of
// their templates, version 2 (testdata/v2) before child slots had
// templates, version 3 (testdata/v3) before families of keyed siblings and
// the visibility of filtered lists, version 4 (testdata/v4) before the
// tables' records of the changes their feature came with (tracked, missed),
// version 5 (testdata/v5) before the count of states a table key was come
// back to in (a key that decides its outcome alone), version 6 (testdata/v6)
// before the records of the item changes a list item's parts kept through,
// version 7 (testdata/v7) before the config's lending mode.
func TestSnapshotGoldenOlder(t *testing.T) {
	for _, v := range []string{"v1", "v2", "v3", "v4", "v5", "v6", "v7"} {
		t.Run(v, func(t *testing.T) { testSnapshotGoldenOlder(t, v) })
	}
}

func testSnapshotGoldenOlder(t *testing.T, version string) {
	dir := filepath.Join("testdata", version)
	js, err := os.ReadFile(filepath.Join(dir, "snapshot.json"))
	if err != nil {
		t.Fatal(err)
	}
	bin, err := os.ReadFile(filepath.Join(dir, "snapshot.bin"))
	if err != nil {
		t.Fatal(err)
	}
	q, err := Load(js)
	if err != nil {
		t.Fatalf("the %s JSON snapshot does not load: %v", version, err)
	}
	r, err := Deserialize(bin, DefaultConfig())
	if err != nil {
		t.Fatalf("the %s binary snapshot does not load: %v", version, err)
	}
	againJS, _ := q.Save()
	againBin, _ := r.Serialize()
	if *updateGolden {
		if err := os.WriteFile(filepath.Join(dir, "resaved.json"), againJS, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "resaved.bin"), againBin, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wantJS, err := os.ReadFile(filepath.Join(dir, "resaved.json"))
	if err != nil {
		t.Fatal(err)
	}
	wantBin, err := os.ReadFile(filepath.Join(dir, "resaved.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(againJS, wantJS) {
		t.Errorf("Save(Load(%s)) differs from testdata/%s/resaved.json", version, version)
	}
	if !bytes.Equal(againBin, wantBin) {
		t.Errorf("Serialize(Deserialize(%s)) differs from testdata/%s/resaved.bin", version, version)
	}
	if !bytes.Contains(againJS, []byte(`"version":`+strconv.Itoa(snapshot.Latest))) {
		t.Error("re-saved as another version than the latest")
	}
	p := goldenPredictor(t)
	count := sc("counter", "count", 7, 8)
	cur := page("Counter", treegen.El("p", nil, treegen.Txt("Count: 7")), treegen.El("div", map[string]string{"class": "bar", "style": "width: 7%"})).JSON()
	want, _ := p.Predict(count, cur)
	for _, x := range []*Predictor{q, r} {
		got, _ := x.Predict(count, cur)
		if got == nil || want == nil || !bytes.Equal(got.Patches, want.Patches) || !bytes.Equal(got.Tree, want.Tree) {
			t.Errorf("a predictor of %s predicts %+v, the trained one %+v", version, got, want)
		}
	}
}
