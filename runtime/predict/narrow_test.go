package predict

import (
	"fmt"
	"strings"
	"testing"

	"github.com/minimact/engine/internal/treegen"
)

var produce = []string{"Äpfel", "Apple", "Apricot", "Banana", "Blackberry", "Cherry", "Grape", "Grapefruit", "Lemon", "Mango", "Peach", "Pear", "Pineapple"}

// searchPage renders the produce whose name holds the query (ignoring
// case), and how many they are.
func searchPage(q string) []byte {
	var lis []*treegen.Node
	for _, f := range produce {
		if strings.Contains(strings.ToLower(f), strings.ToLower(q)) {
			lis = append(lis, treegen.Keyed("li", f, map[string]string{"class": "result"}, treegen.El("strong", nil, treegen.Txt(f))))
		}
	}
	count := fmt.Sprintf("%d results", len(lis))
	switch len(lis) {
	case 0:
		count = "No results"
	case 1:
		count = "1 result"
	}
	return page("Search", treegen.El("input", map[string]string{"value": q}),
		treegen.El("p", nil, treegen.Txt(count)), treegen.El("ul", nil, lis...)).JSON()
}

// TestNarrowingSearch: having seen queries typed a letter at a time, the
// predictor predicts a query never typed that extends the current one —
// the current results that still match, and their number — and stays
// silent for one that widens it.
func TestNarrowingSearch(t *testing.T) {
	p := New(DefaultConfig())
	q := ""
	typeTo := func(words ...string) {
		t.Helper()
		for _, w := range words {
			for len(q) > 0 && !strings.HasPrefix(w, q) {
				n := q[:len(q)-1]
				if _, err := p.Learn(sc("s", "q", q, n), searchPage(q), searchPage(n)); err != nil {
					t.Fatal(err)
				}
				q = n
			}
			for q != w {
				n := w[:len(q)+1]
				if _, err := p.Learn(sc("s", "q", q, n), searchPage(q), searchPage(n)); err != nil {
					t.Fatal(err)
				}
				q = n
			}
		}
	}
	typeTo("ap", "", "an", "", "e", "", "berry", "", "ch", "", "ra", "", "l", "", "xy", "")
	typeTo("p")
	predict := func(p *Predictor, from, to string) *Prediction {
		t.Helper()
		cur := searchPage(from)
		pr, err := p.Predict(sc("s", "q", from, to), cur)
		if err != nil {
			t.Fatal(err)
		}
		if pr != nil {
			if got := applyPrediction(t, cur, pr); !sameTree(t, got, searchPage(to)) {
				t.Fatalf("%q -> %q: wrong prediction %s", from, to, pr.Patches)
			}
		}
		return pr
	}
	// never typed: "pe", "pin", "pI" (case), "pz" (no results)
	for _, to := range []string{"pe", "pin", "pI", "pz"} {
		if predict(p, "p", to) == nil {
			t.Fatalf("no prediction of %q -> %q\n%s", "p", to, p.Explain("s", "q"))
		}
	}
	for _, r := range restored(t, p) {
		if predict(r, "p", "pin") == nil {
			t.Fatal("no prediction once restored")
		}
	}
	// a query that is not ASCII: its case may fold otherwise
	if pr := predict(p, "p", "äp"); pr != nil {
		t.Fatalf("a query that is not ASCII predicted: %s", pr.Patches)
	}
	// widening to a query never typed: the tree does not hold its results
	if pr := predict(p, "pin", "in"); pr != nil {
		t.Fatalf("a widening predicted: %s", pr.Patches)
	}
}

// TestNarrowingNotByText: results that do not follow the text typed (a
// ranking that reorders and drops by another rule) end the predicate: no
// narrowing is predicted.
func TestNarrowingNotByText(t *testing.T) {
	p := New(DefaultConfig())
	render := func(q string) []byte {
		var lis []*treegen.Node
		for i, f := range produce {
			if (i+len(q))%3 != 0 { // not a function of the text shown
				lis = append(lis, treegen.Keyed("li", f, nil, treegen.Txt(f)))
			}
		}
		return page("Search", treegen.El("input", map[string]string{"value": q}), treegen.El("ul", nil, lis...)).JSON()
	}
	q := ""
	for _, w := range []string{"a", "ap", "app", "", "b", "be", "ber", "", "c", "ch"} {
		if _, err := p.Learn(sc("s", "q", q, w), render(q), render(w)); err != nil {
			t.Fatal(err)
		}
		q = w
	}
	pr, err := p.Predict(sc("s", "q", "ch", "che"), render("ch"))
	if err != nil {
		t.Fatal(err)
	}
	if pr != nil && !sameTree(t, applyPrediction(t, render("ch"), pr), render("che")) {
		t.Fatalf("wrong prediction %s", pr.Patches)
	}
}
