// Package treegen is the one builder of VNode trees for tests, fuzz seeds,
// benchmarks and the demo: trees built by hand (El, Elem, Keyed, Txt, Raw,
// Frag), random trees and related pairs of them from a seed (Gen), gopter
// generators of trees, pairs and chains that shrink structurally (gopter.go),
// and reflection-free writers of the JSON shapes the engine meets (write.go):
// the host's (Newtonsoft.Json), the engine's canonical encoding, and JSON,
// the encoding/json shape of Node.
//
// Trees are plain Go values and may hold what the host may send but the
// engine flattens: Fragments, null children, "key":null.
package treegen

import (
	"math/rand/v2"
	"slices"
	"strconv"
)

// The node types, as the JSON "type" member names them.
const (
	Element  = "Element"
	Text     = "Text"
	RawHtml  = "RawHtml"
	Fragment = "Fragment"
)

// Node is a VNode as the host writes it. Null is a null child.
//
// An element's props are Attrs, in the order given, then Props, sorted by
// name; the writers write them so. Most trees use one or the other: Props
// (a map) when the order does not matter, Attrs when it does or when a value
// is not a string.
type Node struct {
	Type     string            `json:"type"`
	Tag      string            `json:"tag,omitempty"`
	Props    map[string]string `json:"props,omitempty"`
	Children []*Node           `json:"children,omitempty"`
	Key      *string           `json:"key,omitempty"`
	Content  *string           `json:"content,omitempty"`
	HTML     *string           `json:"html,omitempty"`
	Attrs    []Prop            `json:"-"`
}

// Prop is one prop. A Raw prop's Value is JSON other than a string (a
// number, true, an object...), written as it is.
type Prop struct {
	Name, Value string
	Raw         bool
}

// Clone returns a deep copy of n.
func (n *Node) Clone() *Node {
	if n == nil {
		return nil
	}
	c := *n
	c.Key, c.Content, c.HTML = cloneStr(n.Key), cloneStr(n.Content), cloneStr(n.HTML)
	c.Props = cloneMap(n.Props)
	c.Attrs = slices.Clone(n.Attrs)
	c.Children = make([]*Node, len(n.Children))
	for i, k := range n.Children {
		c.Children[i] = k.Clone()
	}
	if len(c.Children) == 0 {
		c.Children = nil
	}
	return &c
}

func cloneStr(s *string) *string {
	if s == nil {
		return nil
	}
	c := *s
	return &c
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// PropList returns n's props as the writers write them: Attrs in order, then
// Props sorted by name.
func (n *Node) PropList() []Prop {
	if len(n.Props) == 0 {
		return n.Attrs
	}
	ps := slices.Clone(n.Attrs)
	for _, k := range sortedKeys(n.Props) {
		ps = append(ps, Prop{Name: k, Value: n.Props[k]})
	}
	return ps
}

// Str returns the text of a Text node or the html of a RawHtml node ("" when
// absent).
func (n *Node) Str() string {
	switch {
	case n.Content != nil:
		return *n.Content
	case n.HTML != nil:
		return *n.HTML
	}
	return ""
}

// SetStr sets the text of a Text node or the html of a RawHtml node.
func (n *Node) SetStr(s string) {
	if n.Type == RawHtml {
		n.HTML = &s
	} else {
		n.Content = &s
	}
}

// Count returns the number of nodes of n, null children left out.
func (n *Node) Count() int {
	if n == nil {
		return 0
	}
	c := 1
	for _, k := range n.Children {
		c += k.Count()
	}
	return c
}

// Flat returns a copy of n as the engine sees it: Fragments below the root
// replaced by their children, null children dropped.
func (n *Node) Flat() *Node {
	if n == nil {
		return nil
	}
	c := *n
	c.Props = cloneMap(n.Props)
	c.Attrs = slices.Clone(n.Attrs)
	c.Children = nil
	var add func(kids []*Node)
	add = func(kids []*Node) {
		for _, k := range kids {
			switch {
			case k == nil:
			case k.Type == Fragment:
				add(k.Children)
			default:
				c.Children = append(c.Children, k.Flat())
			}
		}
	}
	add(n.Children)
	return &c
}

// Helpers to build trees by hand.

// El returns an element.
func El(tag string, props map[string]string, kids ...*Node) *Node {
	return &Node{Type: Element, Tag: tag, Props: props, Children: kids}
}

// Elem returns an element whose props are attrs, in that order.
func Elem(tag string, attrs []Prop, kids ...*Node) *Node {
	return &Node{Type: Element, Tag: tag, Attrs: attrs, Children: kids}
}

// Keyed returns an element with a key.
func Keyed(tag, key string, props map[string]string, kids ...*Node) *Node {
	n := El(tag, props, kids...)
	n.Key = &key
	return n
}

// WithKey gives n the key k and returns n.
func (n *Node) WithKey(k string) *Node {
	n.Key = &k
	return n
}

// Attrs returns props from name, value pairs, in that order.
func Attrs(kv ...string) []Prop {
	var p []Prop
	for i := 0; i+1 < len(kv); i += 2 {
		p = append(p, Prop{Name: kv[i], Value: kv[i+1]})
	}
	return p
}

// Txt returns a text node.
func Txt(s string) *Node { return &Node{Type: Text, Content: &s} }

// Raw returns a RawHtml node.
func Raw(s string) *Node { return &Node{Type: RawHtml, HTML: &s} }

// Frag returns a Fragment.
func Frag(kids ...*Node) *Node { return &Node{Type: Fragment, Children: kids} }

// Gen makes random trees from a seed.
type Gen struct {
	R        *rand.Rand
	MaxDepth int
	MaxKids  int
}

// New returns a generator seeded with seed.
func New(seed uint64) *Gen {
	return &Gen{R: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), MaxDepth: 5, MaxKids: 6}
}

var tags = []string{"div", "span", "li", "p", "ul"}
var texts = []string{"", "a", "b", "Count: 1", "héllo \"q\" \\ \n", "😀", "x<y>"}

// Tree returns a random tree whose root is an element (or, rarely, a Fragment).
func (g *Gen) Tree() *Node {
	if g.R.IntN(12) == 0 {
		return Frag(g.kids(1)...)
	}
	return g.element(0)
}

func (g *Gen) element(depth int) *Node {
	n := El(tags[g.R.IntN(len(tags))], g.props())
	if g.R.IntN(4) == 0 {
		k := g.key()
		n.Key = &k
	}
	if depth < g.MaxDepth {
		n.Children = g.kids(depth + 1)
	}
	return n
}

func (g *Gen) key() string {
	// a small key space so that old and new share keys, and duplicates occur
	return "k" + strconv.Itoa(g.R.IntN(10))
}

func (g *Gen) props() map[string]string {
	n := g.R.IntN(3)
	if n == 0 {
		return nil
	}
	p := map[string]string{}
	for i := 0; i < n; i++ {
		p[[]string{"class", "id", "style", "data-x"}[g.R.IntN(4)]] = texts[g.R.IntN(len(texts))]
	}
	return p
}

func (g *Gen) kids(depth int) []*Node {
	n := g.R.IntN(g.MaxKids + 1)
	if g.R.IntN(5) == 0 { // a keyed list
		return g.keyedList(depth, n)
	}
	var kids []*Node
	for i := 0; i < n; i++ {
		kids = append(kids, g.child(depth))
	}
	return kids
}

func (g *Gen) keyedList(depth, n int) []*Node {
	var kids []*Node
	for i := 0; i < n; i++ {
		k := g.key()
		el := El("li", g.props())
		el.Key = &k
		if depth < g.MaxDepth && g.R.IntN(2) == 0 {
			el.Children = []*Node{Txt(texts[g.R.IntN(len(texts))])}
		}
		kids = append(kids, el)
	}
	return kids
}

func (g *Gen) child(depth int) *Node {
	switch x := g.R.IntN(10); {
	case x < 3:
		return Txt(texts[g.R.IntN(len(texts))])
	case x == 3:
		if g.R.IntN(2) == 0 {
			return nil
		}
		return Raw("<b>" + texts[g.R.IntN(len(texts))] + "</b>")
	case x == 4 && depth < g.MaxDepth:
		return Frag(g.kids(depth + 1)...)
	default:
		if depth >= g.MaxDepth {
			return Txt("leaf")
		}
		return g.element(depth)
	}
}

// Mutate returns a changed copy of n: children shuffled, removed, inserted,
// retagged, rekeyed, texts and props changed, here and there.
func (g *Gen) Mutate(n *Node) *Node {
	c := n.Clone()
	g.mutate(c, 0)
	return c
}

func (g *Gen) mutate(n *Node, depth int) {
	if n == nil {
		return
	}
	switch g.R.IntN(8) {
	case 0:
		if n.Type == Text {
			s := texts[g.R.IntN(len(texts))]
			n.Content = &s
		}
	case 1:
		if n.Type == Element {
			n.Props = g.props()
		}
	case 2:
		if n.Type == Element && g.R.IntN(3) == 0 {
			n.Tag = tags[g.R.IntN(len(tags))]
		}
	}
	if n.Type != Element && n.Type != Fragment {
		return
	}
	kids := n.Children
	switch g.R.IntN(6) {
	case 0:
		g.R.Shuffle(len(kids), func(i, j int) { kids[i], kids[j] = kids[j], kids[i] })
	case 1:
		if len(kids) > 0 {
			i := g.R.IntN(len(kids))
			kids = append(kids[:i], kids[i+1:]...)
		}
	case 2:
		i := g.R.IntN(len(kids) + 1)
		var c *Node
		if g.R.IntN(2) == 0 {
			c = g.keyedList(depth+1, 1)[0]
		} else {
			c = g.child(depth + 1)
		}
		kids = append(kids[:i], append([]*Node{c}, kids[i:]...)...)
	case 3:
		for i := len(kids)/2 - 1; i >= 0; i-- {
			j := len(kids) - 1 - i
			kids[i], kids[j] = kids[j], kids[i]
		}
	case 4:
		if len(kids) > 0 {
			i := g.R.IntN(len(kids))
			if kids[i] != nil && kids[i].Type == Element {
				if kids[i].Key == nil || g.R.IntN(2) == 0 {
					k := g.key()
					kids[i].Key = &k
				} else {
					kids[i].Key = nil
				}
			}
		}
	}
	n.Children = kids
	for _, k := range kids {
		if g.R.IntN(2) == 0 {
			g.mutate(k, depth+1)
		}
	}
}

// Pair returns an old tree and a new one: mostly a mutation of the old,
// sometimes an unrelated tree.
func (g *Gen) Pair() (old, new *Node) {
	old = g.Tree()
	if g.R.IntN(8) == 0 {
		return old, g.Tree()
	}
	new = old
	for i := g.R.IntN(3) + 1; i > 0; i-- {
		new = g.Mutate(new)
	}
	return old, new
}
