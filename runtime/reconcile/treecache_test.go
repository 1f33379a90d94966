package reconcile_test

import (
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/internal/treegen"
	"github.com/minimact/engine/runtime/reconcile"
)

// TestTreeCacheChain reconciles a chain of large trees the way a host does
// (each call's old tree is the previous call's new one) and checks every
// answer against a reconcile that decodes both trees afresh; the cache must
// be hit and must never change an answer.
func TestTreeCacheChain(t *testing.T) {
	g := treegen.New(7)
	g.MaxDepth, g.MaxKids = 4, 9
	big := func() *treegen.Node {
		var kids []*treegen.Node
		for i := 0; i < 40; i++ {
			kids = append(kids, g.Tree())
		}
		return treegen.El("main", nil, kids...)
	}
	cur := big()
	r := reconcile.New(vdom.Limits{})
	before := reconcile.TreeCacheHits()
	for step := 0; step < 30; step++ {
		next := g.Mutate(cur)
		if step%10 == 9 {
			next = big() // an unrelated tree now and then
		}
		oldJSON, newJSON := cur.JSON(), next.JSON()
		if len(oldJSON) < 16<<10 {
			t.Fatalf("test trees too small to be cached: %d bytes", len(oldJSON))
		}
		got, err := r.JSON(oldJSON, newJSON)
		if err != nil {
			t.Fatal(err)
		}
		want := string(freshJSON(t, oldJSON, newJSON))
		if string(got) != want {
			t.Fatalf("step %d: cached reconcile differs\n got %s\nwant %s", step, got, want)
		}
		// A stale cache must not answer for changed bytes: same length, other content.
		cur = next
	}
	if hits := reconcile.TreeCacheHits() - before; hits < 25 {
		t.Fatalf("tree cache hit %d times in a chain of 30", hits)
	}
}

func freshJSON(t *testing.T, oldJSON, newJSON []byte) []byte {
	old, new := decode(t, oldJSON), decode(t, newJSON)
	var e vdom.Encoder
	return e.AppendPatches(nil, reconcile.Diff(old, new))
}

// TestTreeCacheSameLengthOtherBytes: a document of the same length and the
// same sampled windows but other bytes must miss.
func TestTreeCacheSameLengthOtherBytes(t *testing.T) {

	var kids []*treegen.Node
	for i := 0; i < 300; i++ {
		kids = append(kids, treegen.El("li", nil, treegen.Txt("item number 000")))
	}
	a := treegen.El("ul", nil, kids...).JSON()
	b := append([]byte(nil), a...)
	// change one digit in the middle third, away from the sampled windows
	at := len(b) / 3
	for b[at] != '0' {
		at++
	}
	b[at] = '7'

	r := reconcile.New(vdom.Limits{})
	if _, err := r.JSON(b, a); err != nil { // caches a
		t.Fatal(err)
	}
	got, err := r.JSON(b, a) // old b must not be mistaken for cached a
	if err != nil {
		t.Fatal(err)
	}
	if want := freshJSON(t, b, a); string(got) != string(want) {
		t.Fatalf("got %s want %s", got, want)
	}
}

// Empty trees (zero, or reset after a failed decode) never panic: nothing to
// new gives no patch, empty to something sets the root with Create [].
func TestDiffEmptyTrees(t *testing.T) {
	some := decode(t, []byte(`{"type":"Element","tag":"p","children":[{"type":"Text","content":"x"}]}`))
	var e vdom.Encoder
	for _, c := range []struct {
		name     string
		old, new *vdom.Tree
		want     string
	}{
		{"zero to zero", &vdom.Tree{}, &vdom.Tree{}, `[]`},
		{"zero to tree", &vdom.Tree{}, some, `[{"type":"Create","path":[],"node":{"type":"Element","tag":"p","props":{},"children":[{"type":"Text","content":"x"}]}}]`},
		{"tree to zero", some, &vdom.Tree{}, `[]`},
	} {
		got := string(e.AppendPatches(nil, reconcile.Diff(c.old, c.new)))
		if got != c.want {
			t.Errorf("%s: got %s want %s", c.name, got, c.want)
		}
	}
	if got := string(e.AppendTree(nil, &vdom.Tree{}, 0)); got != "null" {
		t.Errorf("AppendTree of a zero tree: %s", got)
	}
}
