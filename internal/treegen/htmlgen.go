package treegen

import (
	"math/rand/v2"
	"strconv"
)

// HTMLGen makes random trees, and chains of re-renders of them, whose HTML
// a browser parses back into exactly their DOM (docs/dom-view.md, "What HTML
// cannot say"): tags nested as the HTML parser keeps them (no block in a p,
// li only in ul, table parts in their places, no a, button or form nesting),
// valid tag and attribute names, RawHtml with well-formed content that leaves
// no element open and never inside a p, SVG with names in the parser's case.
// They hold what the engine must get right: adjacent and empty texts,
// Fragments and nulls, keyed lists with duplicate and mixed keys, keys that
// come and go, props the client maps (className, htmlFor, event handlers,
// booleans, numbers, JSON values), text and attribute values that need
// escaping, roots of every kind.
type HTMLGen struct {
	R        *rand.Rand
	MaxDepth int
	MaxKids  int
}

// NewHTML returns a generator seeded with seed.
func NewHTML(seed uint64) *HTMLGen {
	return &HTMLGen{R: rand.New(rand.NewPCG(seed, seed^0x2545f4914f6cdd1d)), MaxDepth: 5, MaxKids: 5}
}

// content is where a node goes: what its parent may hold.
type content uint8

const (
	flow     content = iota // a div's content
	phrasing                // a p's or a span's: no blocks
	listItem                // a ul's: li elements (and whitespace)
	tableRow                // a tbody's: tr elements
	tableCel                // a tr's: td elements
	svgKids                 // inside svg
	textOnly                // a textarea's, a style's: texts
)

var (
	flowTags     = []string{"div", "section", "article", "header", "footer", "nav", "aside", "main", "blockquote"}
	phrasingTags = []string{"span", "em", "strong", "b", "i", "code", "small", "label", "mark", "s", "u", "sub", "sup"}
	svgTags      = []string{"g", "rect", "circle", "text", "clipPath", "linearGradient"}
	htmlTexts    = []string{"", "", "a", "b", " ", "Count: ", "7", "héllo", "😀", "x < y & z > w", "\"quoted\" 'single'",
		"line\nbreak", "cr\r\nlf", "{brace", "tab\there", "&amp; literal", "</p> not a tag", "-->"}
	rawBlocks = []string{"<b>bold</b>", "<i>it</i> and text", `<span class="r">z</span>`, "plain &amp; text", "",
		"<br>", "<!-- a comment -->", "<em>a</em><em>b</em>", "<ul><li>one</li><li>two</li></ul>", "<p>para</p>"}
	propValues = []string{"", "x", "a b", "é", "a&b", `q"uote`, "<tag>", "cr\rval", "line\nbreak", "{json}"}
	rawValues  = []string{"true", "false", "null", "0", "1.50", "-0", "1E2", "1e21", "1e-7", "123456789012345678901",
		`{"b":1,"a":[1.0,"\u00e9\/"],"2":true,"1":null,"b":2}`, `[1,"two",{"x":null}]`, `{}`, `[]`}
)

func (g *HTMLGen) pick(s []string) string { return s[g.R.IntN(len(s))] }

// Tree returns a random tree: mostly an element, sometimes a Fragment, a
// text (empty too) or a RawHtml root.
func (g *HTMLGen) Tree() *Node {
	switch x := g.R.IntN(20); {
	case x < 2:
		return Frag(g.kids(flow, 1)...)
	case x == 2:
		return Txt(g.pick(htmlTexts))
	case x == 3:
		return Raw(g.pick(rawBlocks))
	}
	return g.element(flow, 0)
}

// Chain returns a tree and steps-1 re-renders of it, each from the one
// before.
func (g *HTMLGen) Chain(steps int) []*Node {
	c := []*Node{g.Tree()}
	for len(c) < steps {
		c = append(c, g.Next(c[len(c)-1]))
	}
	return c
}

// Next returns a re-render of n: mostly n with a few changes, now and then
// another tree (the root changes).
func (g *HTMLGen) Next(n *Node) *Node {
	if g.R.IntN(10) == 0 {
		return g.Tree()
	}
	c := n.Clone()
	for i := g.R.IntN(3) + 1; i > 0; i-- {
		g.mutate(c, g.rootContent(c), 0)
	}
	return c
}

func (g *HTMLGen) rootContent(n *Node) content {
	if n.Type == Element {
		return contentOf(n.Tag, flow)
	}
	return flow
}

// contentOf is what an element with tag holds, inside parent content.
func contentOf(tag string, parent content) content {
	switch tag {
	case "p", "span", "em", "strong", "b", "i", "code", "small", "label", "mark", "s", "u", "sub", "sup", "pre":
		return phrasing
	case "ul":
		return listItem
	case "table", "tbody":
		return tableRow
	case "tr":
		return tableCel
	case "svg", "g", "text", "clipPath", "linearGradient", "rect", "circle":
		return svgKids
	case "textarea", "style":
		return textOnly
	case "li", "td":
		return flow
	}
	if parent == svgKids {
		return svgKids
	}
	return flow
}

func (g *HTMLGen) element(c content, depth int) *Node {
	var n *Node
	switch c {
	case listItem:
		n = El("li", nil)
	case tableRow:
		n = El("tr", nil)
	case tableCel:
		n = El("td", nil)
	case svgKids:
		n = El(g.pick(svgTags), nil)
		if g.R.IntN(2) == 0 {
			n.Attrs = []Prop{{Name: "viewBox", Value: "0 0 10 10"}}
		}
	case phrasing:
		switch g.R.IntN(12) {
		case 0:
			n = El("br", nil)
		case 1:
			n = El("input", nil)
		default:
			n = El(g.pick(phrasingTags), nil)
		}
	default:
		switch x := g.R.IntN(30); {
		case x < 4:
			n = El("p", nil)
		case x < 7:
			n = El("ul", nil)
		case x == 7:
			n = El("table", nil)
			n.Children = []*Node{El("tbody", nil)}
		case x == 8:
			n = El("svg", nil)
		case x == 9:
			n = El("pre", nil)
		case x == 10:
			n = El("textarea", nil)
		case x == 11:
			n = El("hr", nil)
		case x == 12:
			n = El("img", nil)
		case x == 13:
			n = El("style", nil)
		case x < 20:
			n = El(g.pick(phrasingTags), nil)
		default:
			n = El(g.pick(flowTags), nil)
		}
	}
	switch {
	case n.Tag == "svg":
		n.Attrs = g.svgProps()
	case c != svgKids && c != tableRow && c != tableCel:
		n.Attrs = g.props()
	}
	if g.R.IntN(5) == 0 {
		n.Key = sp(g.key())
	}
	if isVoid(n.Tag) {
		return n
	}
	if n.Tag == "table" {
		g.fillKids(n.Children[0], tableRow, depth+2)
		return n
	}
	if depth < g.MaxDepth {
		g.fillKids(n, contentOf(n.Tag, c), depth+1)
	}
	return n
}

func (g *HTMLGen) fillKids(n *Node, c content, depth int) {
	n.Children = g.kids(c, depth)
	if n.Tag == "pre" && g.R.IntN(2) == 0 {
		n.Children = append([]*Node{Txt("\nfirst line")}, n.Children...)
	}
}

func isVoid(tag string) bool {
	switch tag {
	case "br", "hr", "img", "input":
		return true
	}
	return false
}

func sp(s string) *string { return &s }

func (g *HTMLGen) key() string { return "k" + strconv.Itoa(g.R.IntN(6)) }

func (g *HTMLGen) props() []Prop {
	var ps []Prop
	seen := map[string]bool{}
	for i := g.R.IntN(4); i > 0; i-- {
		name := []string{"className", "id", "title", "data-x", "onClick", "ONCHANGE", "hidden", "tabIndex",
			"data-json", "disabled", "style", "htmlFor", "class", "ID", "aria-label", "data-key"}[g.R.IntN(16)]
		if seen[name] {
			continue
		}
		seen[name] = true
		p := Prop{Name: name, Value: g.pick(propValues)}
		if g.R.IntN(4) == 0 {
			p.Value, p.Raw = g.pick(rawValues), true
		}
		ps = append(ps, p)
	}
	return ps
}

// text is a text that may stand in c.
func (g *HTMLGen) text(c content) string {
	switch c {
	case textOnly:
		return g.pick([]string{"", "b{color:red}", "a", "x y"})
	case listItem, tableRow, tableCel:
		return g.pick([]string{"", " ", "\n"})
	}
	return g.pick(htmlTexts)
}

// svgProps are props of an svg element: names an SVG element keeps as the
// parser writes them.
func (g *HTMLGen) svgProps() []Prop {
	var ps []Prop
	for _, name := range []string{"className", "id", "viewBox", "onClick", "data-x"} {
		if g.R.IntN(3) == 0 {
			v := g.pick(propValues)
			if name == "viewBox" {
				v = g.pick([]string{"0 0 10 10", "0 0 20 20"}) // Chromium logs an error for a bad one
			}
			ps = append(ps, Prop{Name: name, Value: v})
		}
	}
	return ps
}

func (g *HTMLGen) kids(c content, depth int) []*Node {
	n := g.R.IntN(g.MaxKids + 1)
	var kids []*Node
	keyed := g.R.IntN(3) == 0
	for i := 0; i < n; i++ {
		k := g.child(c, depth)
		if keyed && k != nil && k.Type == Element && g.R.IntN(4) != 0 {
			k.Key = sp(g.key())
		}
		kids = append(kids, k)
	}
	return kids
}

func (g *HTMLGen) child(c content, depth int) *Node {
	switch c {
	case textOnly:
		return Txt(g.text(c))
	case listItem, tableRow, tableCel:
		if g.R.IntN(8) == 0 {
			return Txt(g.text(c))
		}
		if g.R.IntN(10) == 0 {
			return nil
		}
		return g.element(c, depth)
	}
	switch x := g.R.IntN(12); {
	case x < 4:
		return Txt(g.text(c))
	case x == 4:
		return nil
	case x == 5 && c == flow:
		return Raw(g.pick(rawBlocks))
	case x == 6:
		return Frag(g.kids(c, depth+1)...)
	default:
		if depth >= g.MaxDepth {
			return Txt("leaf")
		}
		return g.element(c, depth)
	}
}

// mutate changes n, which holds content c, and some of its descendants.
func (g *HTMLGen) mutate(n *Node, c content, depth int) {
	if n == nil {
		return
	}
	switch n.Type {
	case Text:
		if g.R.IntN(2) == 0 {
			n.Content = sp(g.text(c))
		}
		return
	case RawHtml:
		if g.R.IntN(2) == 0 {
			n.HTML = sp(g.pick(rawBlocks))
		}
		return
	case Element:
		op := g.R.IntN(6)
		if depth == 0 && op != 0 && g.R.IntN(4) != 0 {
			op = 3 // the root keeps its tag and key, mostly
		}
		switch op {
		case 0:
			if n.Tag == "svg" {
				n.Attrs = g.svgProps()
			} else if c != svgKids && c != tableRow && c != tableCel {
				n.Attrs = g.props()
			}
		case 1:
			if c == phrasing && !isVoid(n.Tag) && contentOf(n.Tag, c) == phrasing && n.Tag != "pre" {
				n.Tag = g.pick(phrasingTags)
			} else if c == flow && contentOf(n.Tag, c) == flow && n.Tag != "li" && n.Tag != "td" && n.Tag != "style" {
				n.Tag = g.pick(flowTags)
			}
		case 2:
			if n.Key == nil || g.R.IntN(2) == 0 {
				n.Key = sp(g.key())
			} else {
				n.Key = nil
			}
		}
		if isVoid(n.Tag) {
			return
		}
	}
	kc := c
	if n.Type == Element {
		kc = contentOf(n.Tag, c)
	}
	if n.Tag == "table" {
		if len(n.Children) > 0 {
			g.mutate(n.Children[0], tableRow, depth+1)
		}
		return
	}
	kids := n.Children
	switch g.R.IntN(7) {
	case 0:
		g.R.Shuffle(len(kids), func(i, j int) { kids[i], kids[j] = kids[j], kids[i] })
	case 1:
		if len(kids) > 0 {
			i := g.R.IntN(len(kids))
			kids = append(kids[:i], kids[i+1:]...)
		}
	case 2, 3:
		if depth < g.MaxDepth+1 {
			i := g.R.IntN(len(kids) + 1)
			kids = append(kids[:i], append([]*Node{g.child(kc, depth+1)}, kids[i:]...)...)
		}
	case 4:
		for i := len(kids)/2 - 1; i >= 0; i-- {
			j := len(kids) - 1 - i
			kids[i], kids[j] = kids[j], kids[i]
		}
	}
	n.Children = kids
	for _, k := range kids {
		if g.R.IntN(2) == 0 {
			g.mutate(k, kc, depth+1)
		}
	}
}
