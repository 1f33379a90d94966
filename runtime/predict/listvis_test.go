package predict

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/minimact/engine/internal/treegen"
)

type vtodo struct {
	ID   int    `json:"id"`
	Text string `json:"text"`
	Done bool   `json:"done"`
}

// filteredTodos renders the todos the filter shows ("active": not done).
func filteredTodos(items []vtodo, filter string) []byte {
	return page("Todos", treegen.El("ul", nil, todoRows(items, filter)...)).JSON()
}

// todoRows are the rows of the todos the filter shows.
func todoRows(items []vtodo, filter string) []*treegen.Node {
	var lis []*treegen.Node
	for _, it := range items {
		if filter == "active" && it.Done {
			continue
		}
		cls := "todo"
		if it.Done {
			cls = "todo done"
		}
		lis = append(lis, treegen.Keyed("li", fmt.Sprint(it.ID), map[string]string{"class": cls}, treegen.Txt(it.Text)))
	}
	return lis
}

// todoChange is a change of the todos with the whole state (the filter).
func todoChange(old, new []vtodo, filter string) []byte {
	b, _ := json.Marshal(map[string]any{"component_id": "todos", "state_key": "todos", "old_value": old, "new_value": new,
		"all_state": map[string]any{"todos": new, "filter": filter}})
	return b
}

// TestFilteredList: under the "active" filter, a list shows only the items
// not done; having seen items added and ticked off there, the predictor
// predicts both for items never seen: a new item appears, a ticked one
// goes.
func TestFilteredList(t *testing.T) {
	p := New(DefaultConfig())
	items := []vtodo{{1, "Buy milk", false}, {2, "Call mom", true}}
	step := func(next []vtodo, filter string) {
		t.Helper()
		if _, err := p.Learn(todoChange(items, next, filter), filteredTodos(items, filter), filteredTodos(next, filter)); err != nil {
			t.Fatal(err)
		}
		items = next
	}
	with := func(f func([]vtodo) []vtodo) []vtodo {
		c := append([]vtodo(nil), items...)
		return f(c)
	}
	// unfiltered: the list slot and its item template
	for id := 3; id <= 5; id++ {
		step(with(func(c []vtodo) []vtodo { return append(c, vtodo{id, fmt.Sprint("Task ", id), false}) }), "all")
	}
	// active: adds and ticks
	for id := 6; id <= 8; id++ {
		step(with(func(c []vtodo) []vtodo { return append(c, vtodo{id, fmt.Sprint("Task ", id), false}) }), "active")
		step(with(func(c []vtodo) []vtodo { c[id-4].Done = true; return c }), "active")
	}
	check := func(next []vtodo) {
		t.Helper()
		cur := filteredTodos(items, "active")
		pr, err := p.Predict(todoChange(items, next, "active"), cur)
		if err != nil {
			t.Fatal(err)
		}
		if pr == nil {
			t.Fatalf("no prediction\n%s", p.Explain("todos", "todos"))
		}
		if got := applyPrediction(t, cur, pr); !sameTree(t, got, filteredTodos(next, "active")) {
			t.Fatalf("wrong prediction %s", pr.Patches)
		}
		step(next, "active")
	}
	check(with(func(c []vtodo) []vtodo { return append(c, vtodo{20, "Never seen", false}) }))
	check(with(func(c []vtodo) []vtodo { c[len(c)-1].Done = true; return c })) // ticked: it goes
	check(with(func(c []vtodo) []vtodo { c[0].Done = true; return c }))
}
