package predict

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/internal/treegen"
	"github.com/minimact/engine/runtime/predict/outcome"
)

// contacts renders ten keyed rows, "row selected" and a checked box while
// the selected ids hold the row's id (as the app corpus's bulkselect).
// With odd, a row's class also depends on something else than the value
// (its id's parity shows "row selected odd"), which no family explains.
func contacts(odd bool) renderFn {
	return func(v any) *treegen.Node {
		sel, _ := v.([]any)
		var rows []*treegen.Node
		for id := 101; id <= 110; id++ {
			on := slices.ContainsFunc(sel, func(x any) bool { return x == float64(id) || x == id })
			class, check := "row", map[string]string{"type": "checkbox"}
			if on {
				class = "row selected"
				if odd && id%2 == 1 {
					class += " odd"
				}
				check["checked"] = "checked"
			}
			rows = append(rows, treegen.Keyed("li", fmt.Sprintf("c%d", id), map[string]string{"class": class},
				treegen.El("input", check), treegen.El("span", nil, treegen.Txt(fmt.Sprint("Contact ", id)))))
		}
		return page("Contacts", treegen.El("ul", nil, rows...))
	}
}

// vals makes a selection of ids.
func vals(ids ...int) []any {
	out := []any{}
	for _, id := range ids {
		out = append(out, id)
	}
	return out
}

// tickedContacts is a predictor that saw rows 101 to 105 ticked one after
// another (each of the family's outcomes shown by three rows at least),
// and the render it learned.
func tickedContacts(t *testing.T) (*Predictor, renderFn) {
	t.Helper()
	p := New(DefaultConfig())
	r := contacts(false)
	learnAll(t, p, "bulk", "selected", r,
		vals(), vals(101), vals(101, 102), vals(102), vals(102, 103), vals(103), vals(), vals(104), vals(104, 105), vals(105), vals(), vals(101))
	return p, r
}

// TestFamilyOfKeyedRows: rows ticked one after another teach one function
// of "the value names the row's key"; ticking a row never ticked (no slot
// of its own) is predicted exactly, and so is unticking one.
func TestFamilyOfKeyedRows(t *testing.T) {
	p, r := tickedContacts(t)
	mustPredict(t, p, "bulk", "selected", r, vals(101), vals(101, 108)) // never ticked
	mustPredict(t, p, "bulk", "selected", r, vals(101, 108), vals(108))
	mustPredict(t, p, "bulk", "selected", r, vals(108), vals(108, 109, 110)) // two at once
}

// TestFamilyNotBeforeConfirmed: a family predicts only once each outcome
// was shown by famMembers rows.
func TestFamilyNotBeforeConfirmed(t *testing.T) {
	p := New(DefaultConfig())
	r := contacts(false)
	learnAll(t, p, "bulk", "selected", r, vals(), vals(101), vals(101, 102), vals(102))
	if pr, err := p.Predict(sc("bulk", "selected", vals(102), vals(102, 107)), r(vals(102)).JSON()); err != nil || pr != nil {
		t.Fatalf("predicted from two rows: %v %v", pr, err)
	}
}

// TestFamilyContradicted: rows whose outcome the relation does not decide
// (odd ids show another class) end the family; the predictor never sends
// the even rows' class to an odd row.
func TestFamilyContradicted(t *testing.T) {
	p := New(DefaultConfig())
	r := contacts(true)
	learnAll(t, p, "bulk", "selected", r,
		vals(), vals(102), vals(102, 104), vals(104), vals(104, 106), vals(106), vals(), vals(101), vals(), vals(103), vals())
	for _, id := range []int{105, 107, 109, 108} {
		pr, err := p.Predict(sc("bulk", "selected", vals(), vals(id)), r(vals()).JSON())
		if err != nil {
			t.Fatal(err)
		}
		if pr != nil {
			if got := applyPrediction(t, r(vals()).JSON(), pr); !sameTree(t, got, r(vals(id)).JSON()) {
				t.Fatalf("ticking %d: wrong prediction %s", id, pr.Patches)
			}
		}
	}
}

// TestRelates: how a value names a key.
func TestRelates(t *testing.T) {
	cases := []struct {
		value, key string
		rel, ok    bool
	}{
		{`[101,115]`, "c115", true, true},
		{`[101,115]`, "c11", false, true},
		{`["src","lib"]`, "src", true, true},
		{`["src/utils"]`, "src", false, true},
		{`"k3"`, "k3", true, true},
		{`""`, "k3", false, true},
		{`null`, "k3", false, true},
		{`3`, "up-3", true, true},
		{`3`, "2026-12-03", false, true},
		{`[{"id":1}]`, "c1", false, false},
		{`true`, "c1", false, false},
	}
	for _, c := range cases {
		ch := []byte(fmt.Sprintf(`{"component_id":"x","state_key":"k","old_value":null,"new_value":%s}`, c.value))
		var chg outcome.Change
		if err := chg.Parse(ch, outcome.LimitsFor(vdom.Limits{})); err != nil {
			t.Fatal(err)
		}
		rel, ok := chg.Values.Relates(chg.New, []byte(c.key))
		if rel != c.rel || ok != c.ok {
			t.Errorf("%s names %q: %v %v, want %v %v", c.value, c.key, rel, ok, c.rel, c.ok)
		}
	}
}

// TestFamilyAndVisibilityPersist: a predictor restored from either snapshot
// predicts what the trained one does with its families and the visibility
// of its filtered lists.
func TestFamilyAndVisibilityPersist(t *testing.T) {
	p, r := tickedContacts(t)
	for _, x := range restored(t, p) {
		mustPredict(t, x, "bulk", "selected", r, vals(101), vals(101, 108))
	}
}

// TestFamilyPredictionsSideBySide: predictions that use a family run side
// by side on a restored predictor (whose slots' families are computed
// when it is loaded, not by the predictions: go test -race).
func TestFamilyPredictionsSideBySide(t *testing.T) {
	p, r := tickedContacts(t)
	q := restored(t, p)[0] // from JSON
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				pr, err := q.Predict(sc("bulk", "selected", vals(101), vals(101, 106+g)), r(vals(101)).JSON())
				if err != nil || pr == nil {
					t.Errorf("no prediction: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
