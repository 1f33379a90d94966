package predict

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/minimact/engine/internal/treegen"
)

// bellPage renders a notifications bell: the count pushed by the server, and
// while open a panel that says it too (so that the count's changes touch
// the panel: "open" is influenced by "unread").
func bellPage(unread int, open bool) []byte {
	var panel *treegen.Node
	if open {
		panel = treegen.El("div", map[string]string{"class": "panel"}, treegen.Txt(fmt.Sprint(unread, " new")))
	}
	return page("Bell", treegen.El("span", map[string]string{"class": "badge"}, treegen.Txt(fmt.Sprint(unread))), panel).JSON()
}

func bellChange(key string, o, n any, unread int, open bool) []byte {
	b, _ := json.Marshal(map[string]any{"component_id": "bell", "state_key": key, "old_value": o, "new_value": n,
		"all_state": map[string]any{"unread": unread, "open": open}})
	return b
}

// TestCountContextsByMagnitude: the panel opens and closes while the server
// pushes a count that never comes back. As the context of "open", a count
// of 10 or more counts by its order of magnitude, so that toggling the
// panel at a count never seen is predicted from the toggles at other
// counts of two digits (each count its own context, it never was).
func TestCountContextsByMagnitude(t *testing.T) {
	p := New(DefaultConfig())
	unread, open := 10, false
	learn := func(ch []byte, old, new []byte) {
		t.Helper()
		if _, err := p.Learn(ch, old, new); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 24; i++ {
		next := unread + 1 + i%3
		learn(bellChange("unread", unread, next, next, open), bellPage(unread, open), bellPage(next, open))
		unread = next
		learn(bellChange("open", open, !open, unread, !open), bellPage(unread, open), bellPage(unread, !open))
		open = !open
	}
	unread++ // a count never seen
	learn(bellChange("unread", unread-1, unread, unread, open), bellPage(unread-1, open), bellPage(unread, open))
	cur := bellPage(unread, open)
	pr, err := p.Predict(bellChange("open", open, !open, unread, !open), cur)
	if err != nil {
		t.Fatal(err)
	}
	if pr == nil {
		t.Fatalf("no prediction at a count never seen\n%s", p.Explain("bell", "open"))
	}
	if got := applyPrediction(t, cur, pr); !sameTree(t, got, bellPage(unread, !open)) {
		t.Fatalf("wrong prediction %s", pr.Patches)
	}
}
