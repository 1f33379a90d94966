package treegen_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
	"github.com/minimact/engine/internal/treegen"
)

// size is a measure every shrink step must lower: nodes, keys, props and
// string bytes.
func size(n *treegen.Node) int {
	if n == nil {
		return 1
	}
	s := 1 + len(n.Props) + len(n.Attrs) + len(n.Str())
	if n.Key != nil {
		s++
	}
	for k, v := range n.Props {
		s += len(k) + len(v)
	}
	for _, p := range n.Attrs {
		s += len(p.Value)
	}
	for _, k := range n.Children {
		s += size(k)
	}
	return s
}

// bigTree makes trees of 40 nodes or more.
func bigTree(r *rand.Rand) *treegen.Node {
	for {
		if n := treegen.New(r.Uint64()).Tree(); n.Count() >= 40 {
			return n
		}
	}
}

func count(n *treegen.Node, pred func(*treegen.Node) bool) int {
	if n == nil {
		return 0
	}
	c := 0
	if pred(n) {
		c++
	}
	for _, k := range n.Children {
		c += count(k, pred)
	}
	return c
}

func isText(n *treegen.Node) bool { return n.Type == treegen.Text }

// check runs prop with a fixed seed and returns the shrunk arguments of its
// failure.
func check(t *testing.T, p gopter.Prop) *gopter.TestResult {
	t.Helper()
	params := gopter.DefaultTestParametersWithSeed(1)
	params.MinSuccessfulTests = 50
	res := p.Check(params)
	if res.Status != gopter.TestFailed {
		t.Fatalf("a false property: status %v, want failed", res.Status)
	}
	return res
}

// TestShrinkTree: a deliberately false property on big trees ("no keyed
// element holds a text") is reported with a tree of at most a few nodes.
func TestShrinkTree(t *testing.T) {
	keyedText := func(n *treegen.Node) bool {
		return n.Type == treegen.Element && n.Key != nil && count(n, isText) > 0
	}
	res := check(t, prop.ForAll(func(n *treegen.Node) bool { return count(n, keyedText) == 0 }, treegen.TreesOf(bigTree)))
	arg := res.Args[0]
	orig, got := arg.OrigArg.(*treegen.Node), arg.Arg.(*treegen.Node)
	t.Logf("%d nodes shrunk in %d steps to %s", orig.Count(), arg.Shrinks, got)
	if orig.Count() < 40 || got.Count() > 5 || count(got, keyedText) == 0 {
		t.Fatalf("shrunk to %d nodes: %s", got.Count(), got)
	}
	// and the simplest: a keyed element holding one empty text, no props
	if got.Count() != 2 || got.Children[0].Str() != "" || len(got.Props) > 0 {
		t.Errorf("not fully shrunk: %s", got)
	}
}

// TestShrinkPair: a false property of pairs ("old and new have as many
// texts") shrinks to a pair of a few nodes.
func TestShrinkPair(t *testing.T) {
	big := func(r *rand.Rand) (old, new *treegen.Node) {
		o := bigTree(r)
		return o, treegen.New(r.Uint64()).Mutate(o)
	}
	res := check(t, prop.ForAll(func(p treegen.Pair) bool {
		return count(p.Old, isText) == count(p.New, isText)
	}, treegen.PairsOf(big)))
	got := res.Args[0].Arg.(treegen.Pair)
	t.Logf("shrunk in %d steps to\n%s", res.Args[0].Shrinks, got)
	if n := got.Old.Count() + got.New.Count(); n > 5 {
		t.Fatalf("shrunk to %d nodes:\n%s", n, got)
	}
}

// TestShrinkChain: a false property of chains shrinks to two small trees.
func TestShrinkChain(t *testing.T) {
	chain := func(r *rand.Rand) []*treegen.Node {
		g := treegen.New(r.Uint64())
		c := []*treegen.Node{bigTree(r)}
		for i := 0; i < 5; i++ {
			c = append(c, g.Mutate(c[len(c)-1]))
		}
		return c
	}
	res := check(t, prop.ForAll(func(c treegen.Chain) bool {
		for i := 1; i < len(c); i++ {
			if c[i].Count() != c[i-1].Count() {
				return false
			}
		}
		return true
	}, treegen.ChainsOf(chain)))
	got := res.Args[0].Arg.(treegen.Chain)
	t.Logf("shrunk in %d steps to\n%s", res.Args[0].Shrinks, got)
	if n := got[0].Count() + got[1].Count(); len(got) != 2 || n > 3 {
		t.Fatalf("shrunk to %d trees:\n%s", len(got), got)
	}
}

// TestShrinkSuchThat: shrinking keeps to a generator's sieve.
func TestShrinkSuchThat(t *testing.T) {
	rootElement := func(n *treegen.Node) bool { return n.Type == treegen.Element && n.Count() >= 3 }
	res := check(t, prop.ForAll(func(n *treegen.Node) bool { return count(n, isText) == 0 },
		treegen.TreesOf(bigTree).SuchThat(rootElement)))
	got := res.Args[0].Arg.(*treegen.Node)
	if !rootElement(got) || got.Count() != 3 {
		t.Fatalf("shrunk to %s", got)
	}
}

// TestShrinkCandidates: every candidate is smaller, the stream is finite,
// and candidates are fresh trees (changing one changes neither the tree nor
// the next candidates).
func TestShrinkCandidates(t *testing.T) {
	for seed := uint64(0); seed < 60; seed++ {
		r := rand.New(rand.NewPCG(seed, 5))
		n := oddTree(r, 0)
		if n == nil {
			continue
		}
		before, sz := n.String(), size(n)
		var seen []string
		s := treegen.ShrinkTree(n)
		for c, ok := s(); ok; c, ok = s() {
			c := c.(*treegen.Node)
			if size(c) >= sz {
				t.Fatalf("candidate %s is no smaller than %s", c, before)
			}
			seen = append(seen, c.String())
			scribble(c)
			if len(seen) > 100000 {
				t.Fatal("endless shrink")
			}
		}
		if n.String() != before {
			t.Fatalf("changing candidates changed the tree")
		}
		if len(seen) == 0 && size(n) > 1 && (len(n.Children) > 0 || n.Str() != "" || n.Key != nil) {
			t.Fatalf("no candidate for %s", before)
		}
		// the same stream again gives the same candidates: nothing scribbled leaked
		s = treegen.ShrinkTree(n)
		for i := 0; ; i++ {
			c, ok := s()
			if !ok {
				if i != len(seen) {
					t.Fatalf("%d candidates, then %d", len(seen), i)
				}
				break
			}
			if c.(*treegen.Node).String() != seen[i] {
				t.Fatalf("candidate %d differs after scribbling", i)
			}
		}
	}
	p := treegen.Pair{Old: treegen.El("a", nil, treegen.Txt("x")), New: treegen.El("b", nil, treegen.Txt("y"))}
	var got []string
	s := treegen.ShrinkPair(p)
	for c, ok := s(); ok; c, ok = s() {
		got = append(got, strings.ReplaceAll(c.(treegen.Pair).String(), "\n", " "))
	}
	// alike first: both replaced by their first child, the child removed from both
	if len(got) < 2 || !strings.Contains(got[0], `old {"type":"Text","content":"x"} new {"type":"Text","content":"y"}`) ||
		!strings.Contains(got[1], `old {"type":"Element","tag":"a"} new {"type":"Element","tag":"b"}`) {
		t.Fatalf("pair candidates %q", got)
	}
}

// TestLength: a run's length shrinks to the shortest that fails.
func TestLength(t *testing.T) {
	res := check(t, prop.ForAll(func(n int) bool { return n < 437 }, treegen.Length(600)))
	if got := res.Args[0].Arg.(int); got != 437 {
		t.Fatalf("shrunk to %d, want 437", got)
	}
	var all []int
	s := treegen.Length(600)(gopter.DefaultGenParameters()).Shrinker(600)
	for v, ok := s(); ok; v, ok = s() {
		all = append(all, v.(int))
	}
	if len(all) == 0 || all[0] != 0 || all[len(all)-1] != 599 || len(all) > 11 {
		t.Fatalf("candidates %v", all)
	}
}
