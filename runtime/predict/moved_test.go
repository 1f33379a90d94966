package predict

import (
	"fmt"
	"testing"

	"github.com/minimact/engine/internal/treegen"
)

// TestMemberNeverSeenChanging: the metrics pushed so far only ever moved
// their visitors; a push that also moves the orders, which no slot has
// seen change, is not predicted (no slot knows what they touch), rather
// than predicted with the orders left as they are (issue 10: an object
// member never seen changing is not assumed to change nothing).
func TestMemberNeverSeenChanging(t *testing.T) {
	type metrics struct {
		Visitors int `json:"visitors"`
		Orders   int `json:"orders"`
	}
	render := func(v any) *treegen.Node {
		m := v.(metrics)
		return page("Dashboard", treegen.El("p", nil, treegen.Txt(fmt.Sprintf("%d visitors", m.Visitors))),
			treegen.El("p", nil, treegen.Txt(fmt.Sprintf("%d orders", m.Orders))))
	}
	p := New(DefaultConfig())
	var vals []any
	for v := 100; v < 112; v++ {
		vals = append(vals, metrics{v, 7})
	}
	learnAll(t, p, "dash", "metrics", render, vals...)
	// the visitors alone: predicted
	mustPredict(t, p, "dash", "metrics", render, metrics{111, 7}, metrics{112, 7})
	// the orders too: silent
	pr, err := p.Predict(sc("dash", "metrics", metrics{111, 7}, metrics{113, 8}), render(metrics{111, 7}).JSON())
	if err != nil {
		t.Fatal(err)
	}
	if pr != nil {
		t.Fatalf("a member never seen changing predicted unchanged: %s", pr.Patches)
	}
	for _, q := range restored(t, p) {
		if pr, err := q.Predict(sc("dash", "metrics", metrics{111, 7}, metrics{113, 8}), render(metrics{111, 7}).JSON()); err != nil || pr != nil {
			t.Fatalf("restored: %v %v", pr, err)
		}
	}
}
