package predict

import (
	"fmt"
	"testing"

	"github.com/minimact/engine/internal/treegen"
)

// TestContainerContext: a key whose renders another key influences is
// judged per context, the other key's latest value; an influencer whose
// value is an array (or an object) counts as one value there, or every
// change of it would start a context never verified and silence the key
// for good (a kanban board, changed by every drop).
func TestContainerContext(t *testing.T) {
	p := New(DefaultConfig())
	render := func(sel int, items []any) []byte {
		var lis []*treegen.Node
		for _, it := range items {
			lis = append(lis, treegen.Keyed("li", fmt.Sprint(it), nil, treegen.Txt(fmt.Sprint("Card ", it))))
		}
		return page("Board", treegen.El("ul", map[string]string{"data-selected": fmt.Sprint(sel), "data-count": fmt.Sprint(len(items))}, lis...),
			treegen.El("p", nil, treegen.Txt(fmt.Sprint("Selected: ", sel)))).JSON()
	}
	items := []any{}
	sel := 0
	for i := 0; i < 12; i++ {
		next := append(append([]any{}, items...), i)
		if _, err := p.Learn(sc("board", "items", items, next), render(sel, items), render(sel, next)); err != nil {
			t.Fatal(err)
		}
		items = next
		if _, err := p.Learn(sc("board", "sel", sel, sel+1), render(sel, items), render(sel+1, items)); err != nil {
			t.Fatal(err)
		}
		sel++
	}
	next := append(append([]any{}, items...), 99) // a board never seen
	if _, err := p.Learn(sc("board", "items", items, next), render(sel, items), render(sel, next)); err != nil {
		t.Fatal(err)
	}
	cur := render(sel, next)
	pr, err := p.Predict(sc("board", "sel", sel, sel+1), cur)
	if err != nil || pr == nil {
		t.Fatalf("no prediction under a board never seen (%v)\n%s", err, p.Explain("board", "sel"))
	}
	if got := applyPrediction(t, cur, pr); !sameTree(t, got, render(sel+1, next)) {
		t.Fatalf("wrong prediction %s", pr.Patches)
	}
}
