package vdom_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/internal/treegen"
)

// The HTML writer's output parsed back (the browser tests in tests/browser
// parse it with a real browser; here a small parser reads what the writer
// writes) is the tree's DOM in the HTML view: the same elements, the same
// texts, the same number of DOM children everywhere.

// dnode is a parsed DOM node: an element (tag, attribute names), a text or
// a comment.
type dnode struct {
	kind  byte // 'e', 't', 'c'
	tag   string
	attrs []string
	text  string
	kids  []*dnode
}

func (n *dnode) String() string {
	var b strings.Builder
	var walk func(*dnode)
	walk = func(n *dnode) {
		switch n.kind {
		case 't':
			fmt.Fprintf(&b, "%q", n.text)
		case 'c':
			fmt.Fprintf(&b, "<!--%s-->", n.text)
		default:
			fmt.Fprintf(&b, "<%s %v>", n.tag, n.attrs)
			for _, k := range n.kids {
				walk(k)
			}
			fmt.Fprintf(&b, "</%s>", n.tag)
		}
	}
	for _, k := range n.kids {
		walk(k)
	}
	return b.String()
}

var voids = map[string]bool{"br": true, "hr": true, "img": true, "input": true, "area": true, "base": true, "col": true,
	"embed": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// unescape decodes the references the writer (and the generator's raw
// blocks) use.
func unescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#13;", "\r", "&#123;", "{").Replace(s)
}

// parseOwn parses HTML as the writer writes it: start tags with
// double-quoted attributes, end tags, void elements, raw text (style) and
// escapable raw text (textarea, title), comments, the newline after pre and
// textarea. Adjacent texts are one node, as in a browser.
func parseOwn(html string) (*dnode, error) {
	root := &dnode{kind: 'e'}
	stack := []*dnode{root}
	addText := func(s string) {
		if s == "" {
			return
		}
		top := stack[len(stack)-1]
		if n := len(top.kids); n > 0 && top.kids[n-1].kind == 't' {
			top.kids[n-1].text += s
			return
		}
		top.kids = append(top.kids, &dnode{kind: 't', text: s})
	}
	i := 0
	for i < len(html) {
		lt := strings.IndexByte(html[i:], '<')
		if lt < 0 {
			addText(unescape(html[i:]))
			break
		}
		addText(unescape(html[i : i+lt]))
		i += lt
		switch {
		case strings.HasPrefix(html[i:], "<!--"):
			end := strings.Index(html[i+4:], "-->")
			if end < 0 {
				return nil, fmt.Errorf("open comment")
			}
			top := stack[len(stack)-1]
			top.kids = append(top.kids, &dnode{kind: 'c', text: html[i+4 : i+4+end]})
			i += 4 + end + 3
		case strings.HasPrefix(html[i:], "</"):
			end := strings.IndexByte(html[i:], '>')
			tag := strings.ToLower(html[i+2 : i+end])
			top := stack[len(stack)-1]
			if strings.ToLower(top.tag) != tag || len(stack) == 1 {
				return nil, fmt.Errorf("end tag </%s> closes <%s>", tag, top.tag)
			}
			stack = stack[:len(stack)-1]
			i += end + 1
		default:
			j := i + 1
			for j < len(html) && html[j] != ' ' && html[j] != '>' {
				j++
			}
			n := &dnode{kind: 'e', tag: html[i+1 : j]}
			for html[j] == ' ' {
				eq := strings.IndexByte(html[j:], '=')
				n.attrs = append(n.attrs, html[j+1:j+eq])
				q := strings.IndexByte(html[j+eq+2:], '"')
				j += eq + 2 + q + 1
			}
			if html[j] != '>' {
				return nil, fmt.Errorf("bad start tag at %d", i)
			}
			i = j + 1
			top := stack[len(stack)-1]
			top.kids = append(top.kids, n)
			tag := strings.ToLower(n.tag)
			if voids[tag] {
				continue
			}
			if (tag == "pre" || tag == "textarea") && strings.HasPrefix(html[i:], "\n") {
				i++
			}
			if tag == "style" || tag == "textarea" || tag == "title" {
				end := strings.Index(strings.ToLower(html[i:]), "</"+tag)
				if end < 0 {
					return nil, fmt.Errorf("unclosed <%s>", tag)
				}
				s := html[i : i+end]
				if tag != "style" {
					s = unescape(s)
				}
				if s != "" {
					n.kids = append(n.kids, &dnode{kind: 't', text: s})
				}
				i += end + len(tag) + 3
				continue
			}
			stack = append(stack, n)
		}
	}
	if len(stack) != 1 {
		return nil, fmt.Errorf("%d elements left open", len(stack)-1)
	}
	return root, nil
}

// domOf is the DOM of node n of t in the HTML view, as parseOwn would give
// it: a RawHtml node is a div holding its HTML parsed.
func domOf(t *vdom.Tree, n int32, into *dnode) error {
	nd := &t.Nodes[n]
	add := func(d *dnode) {
		if k := len(into.kids); d.kind == 't' && k > 0 && into.kids[k-1].kind == 't' {
			into.kids[k-1].text += d.text
			return
		}
		into.kids = append(into.kids, d)
	}
	switch nd.Kind {
	case vdom.KindText:
		if nd.Content.Len > 0 {
			add(&dnode{kind: 't', text: t.String(nd.Content)})
		}
	case vdom.KindRawHtml:
		inner, err := parseOwn(t.String(nd.HTML))
		if err != nil {
			return err
		}
		add(&dnode{kind: 'e', tag: "div", kids: inner.kids})
	case vdom.KindFragment:
		for _, k := range t.Children(n) {
			if err := domOf(t, k, into); err != nil {
				return err
			}
		}
	case vdom.KindElement:
		e := &dnode{kind: 'e', tag: t.String(nd.Tag)}
		for _, k := range t.Children(n) {
			if err := domOf(t, k, e); err != nil {
				return err
			}
		}
		add(e)
	}
	return nil
}

// shape is a DOM without attributes, tags lowercased in the HTML namespace.
func shape(n *dnode) string {
	var b strings.Builder
	var walk func(*dnode, bool)
	walk = func(n *dnode, foreign bool) {
		switch n.kind {
		case 't':
			fmt.Fprintf(&b, "%q", n.text)
		case 'c':
			fmt.Fprintf(&b, "<!--%s-->", n.text)
		default:
			tag := n.tag
			if !foreign && strings.ToLower(tag) == "svg" {
				foreign = true
			}
			if !foreign {
				tag = strings.ToLower(tag)
			}
			fmt.Fprintf(&b, "<%s>", tag)
			for _, k := range n.kids {
				walk(k, foreign && tag != "foreignObject")
			}
			b.WriteString("</>")
		}
	}
	for _, k := range n.kids {
		walk(k, false)
	}
	return b.String()
}

// TestPropertyHTMLIsTheView: for random trees whose HTML is sayable
// (treegen.HTMLGen, chains of re-renders; "seed" below is the tree's number), the HTML parses back to the tree's DOM in the HTML view,
// element for element and text for text, whichever view the tree was
// decoded in; writing is stable; and no prop name is written twice.
func TestPropertyHTMLIsTheView(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 100
	}
	var w vdom.HTMLWriter
	var trees []*treegen.Node
	for seed := uint64(0); seed < uint64(n); seed++ {
		trees = append(trees, treegen.NewHTML(seed).Chain(5)...)
	}
	for seed, tree := range trees {
		src := tree.HostJSON()
		var outs [2][]byte
		for i, v := range []vdom.View{vdom.ViewHTML, vdom.ViewNodes} {
			tr := &vdom.Tree{}
			if err := vdom.NewDecoder(vdom.Limits{DOMView: v}).DecodeTree(src, tr); err != nil {
				t.Fatalf("seed %d: decode: %v", seed, err)
			}
			out, err := w.AppendHTML(nil, tr, tr.Root)
			if err != nil {
				t.Fatalf("seed %d, %s view: %v\ntree %s", seed, v, err, src)
			}
			again, _ := w.AppendHTML(nil, tr, tr.Root)
			if !bytes.Equal(out, again) {
				t.Fatalf("seed %d: not stable:\n%s\n%s", seed, out, again)
			}
			outs[i] = out
			if v != vdom.ViewHTML {
				continue
			}
			got, err := parseOwn(string(out))
			if err != nil {
				t.Fatalf("seed %d: the HTML does not parse back (%v):\n%s", seed, err, out)
			}
			want := &dnode{kind: 'e'}
			if !tr.DOMEmpty() {
				if err := domOf(tr, tr.Root, want); err != nil {
					t.Fatal(err)
				}
			}
			if shape(got) != shape(want) {
				t.Fatalf("seed %d: the HTML parses to\n%s\nthe tree's DOM is\n%s\nhtml %s\ntree %s", seed, shape(got), shape(want), out, src)
			}
			var check func(*dnode)
			check = func(d *dnode) {
				seen := map[string]bool{}
				for _, a := range d.attrs {
					if seen[a] {
						t.Fatalf("seed %d: attribute %s written twice: %s", seed, a, out)
					}
					seen[a] = true
				}
				for _, k := range d.kids {
					check(k)
				}
			}
			check(got)
		}
		if !bytes.Equal(outs[0], outs[1]) {
			t.Fatalf("seed %d: the views write other HTML:\n%s\n%s", seed, outs[0], outs[1])
		}
	}
}
