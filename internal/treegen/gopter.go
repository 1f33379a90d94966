package treegen

import (
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/leanovate/gopter"
)

// gopter generators of trees, pairs and chains of trees. Each draws its value
// from gopter's random source and shrinks it structurally: a failing property
// is reported with a small tree (children removed, levels flattened, keys,
// props and texts dropped or shortened), not with a seed.
//
// Shrink candidates are fresh deep copies: a property may change the trees
// it is given without harm to the shrinking. A generator's values may be
// restricted with gopter's SuchThat; shrinking then keeps to them.

// Pair is an old tree and a new one.
type Pair struct{ Old, New *Node }

// String returns the pair as JSON (for failure reports).
func (p Pair) String() string { return "old " + p.Old.String() + "\nnew " + p.New.String() }

// Chain is a sequence of trees, each a render after the one before.
type Chain []*Node

// String returns the chain as JSON lines (for failure reports).
func (c Chain) String() string {
	var b strings.Builder
	for i, n := range c {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.Write(n.JSON())
	}
	return b.String()
}

// DefaultSeed is the seed of every property test's parameters (Params).
const DefaultSeed = 20261203

// Params are the parameters of a property test: gopter's defaults with a
// fixed seed, so that every run of the tests is the run CI made, and a
// failure is the same failure again. MINIMACT_PROPERTY_SEED=n explores
// another seed (a failure reports the seed it started from).
func Params() *gopter.TestParameters {
	seed := int64(DefaultSeed)
	if s, err := strconv.ParseInt(os.Getenv("MINIMACT_PROPERTY_SEED"), 10, 64); err == nil {
		seed = s
	}
	return gopter.DefaultTestParametersWithSeed(seed)
}

// rng returns a random source seeded from gopter's.
func rng(p *gopter.GenParameters) *rand.Rand {
	seed := p.Rng.Uint64()
	return rand.New(rand.NewPCG(seed, seed^0x6a09e667f3bcc909))
}

// Seed generates uint64 seeds, for the randomness of a property that is not
// its input (how a tree is spelled, which bytes are damaged). It does not
// shrink: a smaller seed is not a simpler case.
func Seed() gopter.Gen {
	return func(p *gopter.GenParameters) *gopter.GenResult {
		return gopter.NewGenResult(p.Rng.Uint64(), gopter.NoShrinker)
	}
}

// Length generates n, the length of a run (a number of steps), shrinking to
// shorter runs: 0, n/2, 3n/4, ... n-1.
func Length(n int) gopter.Gen {
	return func(p *gopter.GenParameters) *gopter.GenResult {
		return gopter.NewGenResult(n, func(v any) gopter.Shrink {
			n := v.(int)
			d := n
			return func() (any, bool) {
				if d <= 0 {
					return nil, false
				}
				c := n - d
				d /= 2
				return c, true
			}
		})
	}
}

// AnyTree generates the trees Gen.Tree makes (New(seed).Tree()).
func AnyTree() gopter.Gen {
	return TreesOf(func(r *rand.Rand) *Node { return New(r.Uint64()).Tree() })
}

// AnyPair generates the pairs Gen.Pair makes (New(seed).Pair()).
func AnyPair() gopter.Gen {
	return PairsOf(func(r *rand.Rand) (old, new *Node) { return New(r.Uint64()).Pair() })
}

// TreesOf generates the trees build makes from a random source.
func TreesOf(build func(r *rand.Rand) *Node) gopter.Gen {
	return func(p *gopter.GenParameters) *gopter.GenResult {
		return gopter.NewGenResult(build(rng(p)), func(v any) gopter.Shrink { return ShrinkTree(v.(*Node)) })
	}
}

// PairsOf generates the pairs build makes from a random source.
func PairsOf(build func(r *rand.Rand) (old, new *Node)) gopter.Gen {
	return func(p *gopter.GenParameters) *gopter.GenResult {
		o, n := build(rng(p))
		return gopter.NewGenResult(Pair{o, n}, func(v any) gopter.Shrink { return ShrinkPair(v.(Pair)) })
	}
}

// ChainsOf generates the chains build makes from a random source.
func ChainsOf(build func(r *rand.Rand) []*Node) gopter.Gen {
	return func(p *gopter.GenParameters) *gopter.GenResult {
		return gopter.NewGenResult(Chain(build(rng(p))), func(v any) gopter.Shrink { return ShrinkChain(v.(Chain)) })
	}
}

// ShrinkTree returns the smaller trees n shrinks to, largest steps first:
// the first or second half of the root's children removed, the root replaced
// by one of its children, one child removed, a child replaced by its own
// children, the root's key, props and text dropped or shortened; then the
// same within each child.
func ShrinkTree(n *Node) gopter.Shrink {
	return gopter.Shrink(mapShrink(nodeShrinks(n), func(c *Node) any { return c }))
}

// ShrinkPair returns the smaller pairs p shrinks to: both trees shrunk alike
// first (half their children removed from both, both replaced by their i-th
// children, the i-th child removed from both, and so on down), then each
// tree alone.
func ShrinkPair(p Pair) gopter.Shrink {
	return gopter.Shrink(chain(
		func() shrinks[any] {
			return mapShrink(sameShrinks([]*Node{p.Old, p.New}), func(c []*Node) any { return Pair{c[0], c[1]} })
		},
		func() shrinks[any] {
			return mapShrink(nodeShrinks(p.Old), func(c *Node) any { return Pair{c, p.New.Clone()} })
		},
		func() shrinks[any] {
			return mapShrink(nodeShrinks(p.New), func(c *Node) any { return Pair{p.Old.Clone(), c} })
		},
	))
}

// ShrinkChain returns the smaller chains c shrinks to: one tree left out
// (two remain at least), all trees shrunk alike, then each tree alone.
func ShrinkChain(c Chain) gopter.Shrink {
	parts := []func() shrinks[any]{
		func() shrinks[any] {
			if len(c) <= 2 {
				return none[any]()
			}
			return each(len(c), func(i int) (any, bool) {
				return cloneChain(slices.Delete(slices.Clone(c), i, i+1)), true
			})
		},
		func() shrinks[any] {
			return mapShrink(sameShrinks(c), func(ns []*Node) any { return Chain(ns) })
		},
	}
	for i := range c {
		parts = append(parts, func() shrinks[any] {
			return mapShrink(nodeShrinks(c[i]), func(n *Node) any {
				d := cloneChain(c)
				d[i] = n
				return d
			})
		})
	}
	return gopter.Shrink(chain(parts...))
}

func cloneChain(c []*Node) Chain {
	d := make(Chain, len(c))
	for i, n := range c {
		d[i] = n.Clone()
	}
	return d
}

// ---- the candidates ----

// shrinks is a lazy stream of values of type T (shrinks[any] is a
// gopter.Shrink).
type shrinks[T any] func() (T, bool)

func none[T any]() shrinks[T] { return func() (T, bool) { var z T; return z, false } }

// mapShrink yields f of each value of s.
func mapShrink[T any](s shrinks[T], f func(T) any) shrinks[any] {
	return func() (any, bool) {
		v, ok := s()
		if !ok {
			return nil, false
		}
		return f(v), true
	}
}

// chain yields the values of each stream in turn, making each when the one
// before is done.
func chain[T any](parts ...func() shrinks[T]) shrinks[T] {
	var cur shrinks[T]
	return func() (T, bool) {
		for {
			if cur == nil {
				if len(parts) == 0 {
					var z T
					return z, false
				}
				cur, parts = parts[0](), parts[1:]
			}
			if v, ok := cur(); ok {
				return v, true
			}
			cur = nil
		}
	}
}

// each yields f(0), f(1), ... f(n-1), leaving out those that are not ok.
func each[T any](n int, f func(i int) (T, bool)) shrinks[T] {
	i := 0
	return func() (T, bool) {
		for i < n {
			i++
			if v, ok := f(i - 1); ok {
				return v, true
			}
		}
		var z T
		return z, false
	}
}

// withKids returns a copy of n with kids (which the copy owns) as children.
func withKids(n *Node, kids []*Node) *Node {
	c := *n
	c.Key, c.Content, c.HTML = cloneStr(n.Key), cloneStr(n.Content), cloneStr(n.HTML)
	c.Props = cloneMap(n.Props)
	c.Attrs = slices.Clone(n.Attrs)
	c.Children = kids
	if len(kids) == 0 {
		c.Children = nil
	}
	return &c
}

// cloneKids deep-copies kids, leaving out those in [from, to).
func cloneKids(kids []*Node, from, to int) []*Node {
	out := make([]*Node, 0, len(kids)-(to-from))
	for i, k := range kids {
		if i < from || i >= to {
			out = append(out, k.Clone())
		}
	}
	return out
}

// nodeShrinks returns what n shrinks to (each candidate a fresh tree).
func nodeShrinks(n *Node) shrinks[*Node] {
	if n == nil {
		return none[*Node]()
	}
	kids := n.Children
	return chain(
		// the first or the second half of the children removed
		func() shrinks[*Node] {
			if len(kids) < 4 {
				return none[*Node]()
			}
			h := len(kids) / 2
			return each(2, func(i int) (*Node, bool) {
				if i == 0 {
					return withKids(n, cloneKids(kids, 0, h)), true
				}
				return withKids(n, cloneKids(kids, h, len(kids))), true
			})
		},
		// n replaced by one of its children
		func() shrinks[*Node] {
			return each(len(kids), func(i int) (*Node, bool) {
				if kids[i] == nil {
					return nil, false
				}
				return kids[i].Clone(), true
			})
		},
		// one child removed
		func() shrinks[*Node] {
			return each(len(kids), func(i int) (*Node, bool) {
				return withKids(n, cloneKids(kids, i, i+1)), true
			})
		},
		// a child replaced by its children (a level flattened)
		func() shrinks[*Node] {
			return each(len(kids), func(i int) (*Node, bool) {
				if kids[i] == nil || len(kids[i].Children) == 0 {
					return nil, false
				}
				out := cloneKids(kids[:i], 0, 0)
				for _, g := range kids[i].Children {
					out = append(out, g.Clone())
				}
				return withKids(n, append(out, cloneKids(kids[i+1:], 0, 0)...)), true
			})
		},
		// n simplified: key, props, text
		func() shrinks[*Node] { return simpler(n) },
		// within each child
		func() shrinks[*Node] {
			parts := make([]func() shrinks[*Node], 0, len(kids))
			for i, k := range kids {
				if k == nil {
					continue
				}
				parts = append(parts, func() shrinks[*Node] {
					sub := nodeShrinks(k)
					return func() (*Node, bool) {
						c, ok := sub()
						if !ok {
							return nil, false
						}
						out := cloneKids(kids, 0, 0)
						out[i] = c
						return withKids(n, out), true
					}
				})
			}
			return chain(parts...)
		},
	)
}

// simpler returns n (with its children) made simpler in one respect: its
// key dropped, all props dropped, one prop dropped, one prop value emptied,
// its text emptied or halved.
func simpler(n *Node) shrinks[*Node] {
	var out []func(c *Node)
	if n.Key != nil {
		out = append(out, func(c *Node) { c.Key = nil })
	}
	if len(n.Props)+len(n.Attrs) > 1 {
		out = append(out, func(c *Node) { c.Props, c.Attrs = nil, nil })
	}
	for i, p := range n.Attrs {
		out = append(out, func(c *Node) { c.Attrs = slices.Delete(c.Attrs, i, i+1) })
		if !p.Raw && p.Value != "" {
			out = append(out, func(c *Node) { c.Attrs[i].Value = "" })
		}
	}
	for _, k := range sortedKeys(n.Props) {
		out = append(out, func(c *Node) { delete(c.Props, k) })
		if n.Props[k] != "" {
			out = append(out, func(c *Node) { c.Props[k] = "" })
		}
	}
	if s := n.Str(); s != "" {
		out = append(out, func(c *Node) { c.SetStr("") })
		if h := half(s); h != "" {
			out = append(out, func(c *Node) { c.SetStr(h) })
		}
	}
	return each(len(out), func(i int) (*Node, bool) {
		c := n.Clone()
		out[i](c)
		return c, true
	})
}

// half returns the first half of s's runes, or "" when s has one rune.
func half(s string) string {
	n := utf8.RuneCountInString(s) / 2
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return ""
}

// sameShrinks shrinks several trees alike: half their common children
// removed from all, all replaced by their i-th children, the i-th child
// removed from all, and so on within the i-th children. Only children that all trees have, none null, take part.
func sameShrinks(ns []*Node) shrinks[[]*Node] {
	common := -1
	for _, n := range ns {
		if n == nil {
			return none[[]*Node]()
		}
		if common < 0 || len(n.Children) < common {
			common = len(n.Children)
		}
	}
	if common <= 0 {
		return none[[]*Node]()
	}
	at := func(i int) ([]*Node, bool) {
		out := make([]*Node, len(ns))
		for j, n := range ns {
			if n.Children[i] == nil {
				return nil, false
			}
			out[j] = n.Children[i]
		}
		return out, true
	}
	without := func(from, to int) []*Node {
		out := make([]*Node, len(ns))
		for j, n := range ns {
			out[j] = withKids(n, cloneKids(n.Children, from, to))
		}
		return out
	}
	return chain(
		// the first or the second half of the common children removed
		func() shrinks[[]*Node] {
			if common < 4 {
				return none[[]*Node]()
			}
			h := common / 2
			return each(2, func(i int) ([]*Node, bool) {
				if i == 0 {
					return without(0, h), true
				}
				return without(h, common), true
			})
		},
		func() shrinks[[]*Node] {
			return each(common, func(i int) ([]*Node, bool) {
				kids, ok := at(i)
				if !ok {
					return nil, false
				}
				return cloneChain(kids), true
			})
		},
		func() shrinks[[]*Node] {
			return each(common, func(i int) ([]*Node, bool) { return without(i, i+1), true })
		},
		func() shrinks[[]*Node] {
			parts := make([]func() shrinks[[]*Node], 0, common)
			for i := 0; i < common; i++ {
				kids, ok := at(i)
				if !ok {
					continue
				}
				parts = append(parts, func() shrinks[[]*Node] {
					sub := sameShrinks(kids)
					return func() ([]*Node, bool) {
						c, ok := sub()
						if !ok {
							return nil, false
						}
						out := make([]*Node, len(ns))
						for j, n := range ns {
							k := cloneKids(n.Children, 0, 0)
							k[i] = c[j]
							out[j] = withKids(n, k)
						}
						return out, true
					}
				})
			}
			return chain(parts...)
		},
	)
}
