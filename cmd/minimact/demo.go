package main

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/internal/treegen"
	"github.com/minimact/engine/runtime/patch"
	"github.com/minimact/engine/runtime/reconcile"
)

// The demo: two small components, rendered the way the C# host renders them
// (VNode JSON), changed step by step, with the patches the engine sends for
// each change and a check that they are right.

// The components render treegen trees; JSON writes them as encoding/json
// would (compact, the empty members left out).
type attrs = map[string]string

// counter renders a counter that stops at 3.
func counter(count int) *treegen.Node {
	button := attrs{"onclick": "increment"}
	if count >= 3 {
		button["disabled"] = "true"
	}
	kids := []*treegen.Node{
		treegen.El("h1", nil, treegen.Txt("Counter")),
		treegen.El("p", nil, treegen.Txt("Count: "+strconv.Itoa(count))),
		treegen.El("button", button, treegen.Txt("+1")),
	}
	if count >= 3 {
		kids = append(kids, treegen.El("p", attrs{"class": "note"}, treegen.Txt("That's the maximum.")))
	}
	return treegen.El("div", attrs{"class": "counter"}, kids...)
}

type todo struct {
	id    int
	title string
	done  bool
}

// todoList renders a todo list; each item is keyed by its id, so the engine
// can tell a moved item from a new one.
func todoList(items []todo) *treegen.Node {
	left := 0
	var lis []*treegen.Node
	for _, it := range items {
		class := "todo"
		if it.done {
			class += " done"
		} else {
			left++
		}
		lis = append(lis, treegen.El("li", attrs{"class": class}, treegen.Txt(it.title)).WithKey(strconv.Itoa(it.id)))
	}
	return treegen.El("section", attrs{"class": "todos"},
		treegen.El("h2", nil, treegen.Txt(fmt.Sprintf("Todo (%d left)", left))),
		treegen.El("ul", nil, lis...))
}

type step struct {
	change string        // what happened to the state
	tree   *treegen.Node // the new render
	note   string        // what to notice
}

type demoWriter struct {
	w  io.Writer
	ok bool
}

func (d *demoWriter) printf(format string, args ...any) { fmt.Fprintf(d.w, format, args...) }

func demo(w io.Writer) int {
	d := &demoWriter{w: w, ok: true}
	d.printf(`Minimact engine demo
====================

A Minimact page is rendered on the server. Each render is a tree of VNodes
(elements, texts, raw HTML) sent as JSON. When the state changes, the server
renders again, and the engine compares the old tree with the new one and sends
the browser only the patches that turn one into the other. The browser applies
them in order; a path like [1,0] means "child 1 of the root, then its child 0".

Below, two components change step by step. For each change you see the new
render, the patches, their size, and a check: the patches applied to the old
tree give exactly the new tree.

`)
	d.section("1. A counter", "Clicking +1 changes one number on the page, so one text changes.",
		counter(0), []step{
			{"count: 0 → 1", counter(1), "One UpdateText; nothing else is sent."},
			{"count: 1 → 2", counter(2), ""},
			{"count: 2 → 3 (the maximum)", counter(3),
				"The button gains a prop and a note appears: UpdateProps carries the\n" +
					"button's full new prop set, Create inserts the note."},
			{"reset: count → 0", counter(0), ""},
		})
	items := []todo{{1, "Buy milk", false}, {2, "Write the docs", false}, {3, "Ship it", false}}
	var steps []step
	change := func(what, note string, f func()) {
		f()
		steps = append(steps, step{what, todoList(items), note})
	}
	change("add \"Call mom\"", "The new item is created at the end; the others are untouched.", func() {
		items = append(items, todo{4, "Call mom", false})
	})
	change("tick \"Buy milk\"", "", func() { items[0].done = true })
	change("drag \"Ship it\" to the top",
		"The item is moved, not re-created: ReorderChildren names the keys that go\n"+
			"to the front, in order. \"Buy milk\" keeps its done class without being re-sent.", func() {
			items = []todo{items[2], items[0], items[1], items[3]}
		})
	change("delete \"Write the docs\"", "", func() { items = append(items[:2], items[3]) })
	change("clear the list", "Emptying a list of several items is one UpdateText \"\" on the <ul>.", func() { items = nil })
	d.section("2. A keyed todo list", "Each <li> has a key (the item's id), so the engine can keep, move or\nremove each item by its identity.",
		todoList([]todo{{1, "Buy milk", false}, {2, "Write the docs", false}, {3, "Ship it", false}}), steps)

	d.printf(`That's it. To try your own trees:

  minimact diff old.json new.json        the patches (add -explain for words, -pretty to indent)
  minimact apply old.json patches.json   the tree they give
  minimact validate tree.json            check a tree against the limits

The rules the patches follow are in shared/PATCHES.md; what the engine does in
the odd cases (duplicate keys, mixed keyed and unkeyed children, Fragments) is
in docs/reconcile.md.
`)
	if !d.ok {
		return exitRejected
	}
	return exitOK
}

func (d *demoWriter) section(title, intro string, first *treegen.Node, steps []step) {
	d.printf("%s\n%s\n\n%s\n\n", title, strings.Repeat("-", len(title)), intro)
	d.printf("  First render:\n\n")
	t := mustDecode(first.JSON())
	renderHTML(d.w, t, "      ")
	d.printf("\n")
	old := first
	r := reconcile.New(vdom.Limits{})
	for _, s := range steps {
		oldJSON, newJSON := old.JSON(), s.tree.JSON()
		out, err := r.JSON(oldJSON, newJSON)
		if err != nil {
			d.printf("  ✗ %s: %v\n", s.change, err)
			d.ok = false
			return
		}
		out = bytes.Clone(out)
		d.printf("  ▸ %s\n\n", s.change)
		newTree := mustDecode(newJSON)
		renderHTML(d.w, newTree, "      ")
		var l vdom.PatchList
		oldTree := mustDecode(oldJSON)
		lines, err := func() ([]string, error) {
			if err := vdom.NewDecoder(vdom.Limits{}).DecodePatches(out, &l); err != nil {
				return nil, err
			}
			return explain(oldTree, &l)
		}()
		n := len(l.Patches)
		d.printf("\n    %d %s, %d bytes (the whole new render is %d bytes):\n\n", n, plural(n, "patch", "patches"), len(out), len(newJSON))
		for _, line := range lines {
			d.printf("      %s\n", line)
		}
		d.printf("\n      %s\n\n", out)
		got, applyErr := patch.Apply(oldTree, &l)
		switch {
		case err != nil:
			d.printf("    ✗ the patches do not apply: %v\n\n", err)
			d.ok = false
		case applyErr != nil || !patch.Equal(got, newTree):
			d.printf("    ✗ applied to the old tree, the patches do not give the new one (%v)\n\n", applyErr)
			d.ok = false
		default:
			d.printf("    ✓ applied to the old tree, they give exactly the new one\n\n")
		}
		if s.note != "" {
			d.printf("    %s\n\n", strings.ReplaceAll(s.note, "\n", "\n    "))
		}
		old = s.tree
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func mustDecode(src []byte) *vdom.Tree {
	t := &vdom.Tree{}
	if err := vdom.NewDecoder(vdom.Limits{}).DecodeTree(src, t); err != nil {
		panic(err) // the demo's own trees always decode
	}
	return t
}

// renderHTML prints a small tree as indented HTML-like lines.
func renderHTML(w io.Writer, t *vdom.Tree, indent string) {
	type item struct {
		n     int32
		depth int
		close bool
	}
	stack := []item{{t.Root, 0, false}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		pad := indent + strings.Repeat("  ", it.depth)
		nd := &t.Nodes[it.n]
		if it.close {
			fmt.Fprintf(w, "%s</%s>\n", pad, t.String(nd.Tag))
			continue
		}
		kids := t.Children(it.n)
		switch nd.Kind {
		case vdom.KindText:
			fmt.Fprintf(w, "%s%s\n", pad, quoteIfBlank(t.String(nd.Content)))
		case vdom.KindRawHtml:
			fmt.Fprintf(w, "%s%s\n", pad, t.String(nd.HTML))
		case vdom.KindFragment:
			fmt.Fprintf(w, "%s(fragment of %d)\n", pad, len(kids))
			for i := len(kids) - 1; i >= 0; i-- {
				stack = append(stack, item{kids[i], it.depth + 1, false})
			}
		case vdom.KindElement:
			open := openTag(t, it.n)
			tag := t.String(nd.Tag)
			switch {
			case len(kids) == 0:
				fmt.Fprintf(w, "%s%s</%s>\n", pad, open, tag)
			case len(kids) == 1 && t.Nodes[kids[0]].Kind == vdom.KindText:
				fmt.Fprintf(w, "%s%s%s</%s>\n", pad, open, t.String(t.Nodes[kids[0]].Content), tag)
			default:
				fmt.Fprintf(w, "%s%s\n", pad, open)
				stack = append(stack, item{it.n, it.depth, true})
				for i := len(kids) - 1; i >= 0; i-- {
					stack = append(stack, item{kids[i], it.depth + 1, false})
				}
			}
		}
	}
}

func quoteIfBlank(s string) string {
	if strings.TrimSpace(s) == "" {
		return strconv.Quote(s)
	}
	return s
}

// openTag writes an element's opening tag, its key first.
func openTag(t *vdom.Tree, n int32) string {
	nd := &t.Nodes[n]
	var b strings.Builder
	b.WriteString("<" + t.String(nd.Tag))
	if nd.Keyed {
		b.WriteString(" key=" + strconv.Quote(t.String(nd.Key)))
	}
	for _, p := range t.PropList(n) {
		b.WriteString(" " + t.String(p.Name) + "=" + propValue(t, p))
	}
	return b.String() + ">"
}

func propValue(t *vdom.Tree, p vdom.Prop) string {
	if p.Raw {
		return t.String(p.Val)
	}
	return strconv.Quote(t.String(p.Val))
}

// name says which node n of t is, for a reader: <li key="3">, the text "…".
func name(t *vdom.Tree, n int32) string {
	nd := &t.Nodes[n]
	switch nd.Kind {
	case vdom.KindElement:
		s := "<" + t.String(nd.Tag)
		if nd.Keyed {
			s += " key=" + strconv.Quote(t.String(nd.Key))
		}
		return s + ">"
	case vdom.KindText:
		return "the text " + short(t.String(nd.Content))
	case vdom.KindRawHtml:
		return "raw HTML " + short(t.String(nd.HTML))
	case vdom.KindFragment:
		return "a Fragment"
	}
	return "?"
}

func short(s string) string {
	if r := []rune(s); len(r) > 40 {
		s = string(r[:37]) + "..."
	}
	return strconv.Quote(s)
}

// at returns the node at path in t and its parent (-1 for the root), or
// false when the path leads nowhere.
func at(t *vdom.Tree, path []int32) (parent, n int32, ok bool) {
	parent, n = -1, t.Root
	if n < 0 {
		return -1, -1, false
	}
	for _, i := range path {
		kids := t.Children(n)
		if i < 0 || int(i) >= len(kids) {
			return -1, -1, false
		}
		parent, n = n, kids[i]
	}
	return parent, n, true
}

func pathString(p []int32) string {
	s := make([]string, len(p))
	for i, x := range p {
		s[i] = strconv.Itoa(int(x))
	}
	return "[" + strings.Join(s, ",") + "]"
}

// explain applies l to a copy of old one patch at a time and describes each
// patch against the tree as it stands just before it.
func explain(old *vdom.Tree, l *vdom.PatchList) ([]string, error) {
	w := patch.Clone(old)
	var lines []string
	for i := range l.Patches {
		p := &l.Patches[i]
		path := l.PathOf(p)
		if err := patch.CanApply(w, l, p); err != nil {
			return lines, err
		}
		lines = append(lines, fmt.Sprintf("%-15s %-7s %s", p.Kind, pathString(path), describe(w, l, p)))
		if err := patch.ApplyOne(w, l, p); err != nil {
			return lines, err
		}
	}
	return lines, nil
}

// describe says in words what patch p does to w (which it can be applied to).
func describe(w *vdom.Tree, l *vdom.PatchList, p *vdom.Patch) string {
	path := l.PathOf(p)
	switch p.Kind {
	case vdom.PatchCreate:
		what := name(l.Tree, p.Node)
		if len(path) == 0 {
			return what + " becomes the root"
		}
		_, parent, _ := at(w, path[:len(path)-1])
		i := int(path[len(path)-1])
		switch n := len(w.Children(parent)); {
		case i == n:
			return "append " + what + " to " + name(w, parent)
		case i == 0:
			return "insert " + what + " at the front of " + name(w, parent)
		default:
			return fmt.Sprintf("insert %s into %s as child %d", what, name(w, parent), i)
		}
	}
	parent, n, _ := at(w, path)
	in := ""
	if parent >= 0 {
		in = " in " + name(w, parent)
	}
	switch p.Kind {
	case vdom.PatchRemove:
		return "remove " + name(w, n) + " from " + name(w, parent)
	case vdom.PatchReplace:
		return "replace " + name(w, n) + in + " with " + name(l.Tree, p.Node)
	case vdom.PatchUpdateText:
		content := l.Tree.String(p.Content)
		if w.Nodes[n].Kind == vdom.KindText {
			return "the text" + in + " becomes " + short(content)
		}
		if content == "" {
			return "empty " + name(w, n) + " (its children are removed)"
		}
		return "the children of " + name(w, n) + " become the text " + short(content)
	case vdom.PatchUpdateProps:
		return name(w, n) + ": " + propChanges(w, w.PropList(n), l.Tree, l.PropsOf(p))
	case vdom.PatchReorderChildren:
		var moved []string
		for _, k := range l.OrderOf(p) {
			key := l.Tree.String(k)
			what := "the child keyed " + strconv.Quote(key)
			for _, c := range w.Children(n) {
				if cn := &w.Nodes[c]; cn.Keyed && w.String(cn.Key) == key {
					what = name(w, c)
					break
				}
			}
			moved = append(moved, what)
		}
		if len(moved) == 1 {
			return "move " + moved[0] + " to the front of " + name(w, n)
		}
		return "move " + strings.Join(moved, ", ") + " to the front of " + name(w, n) + ", in that order"
	}
	return ""
}

// propChanges lists what differs between two sorted prop lists.
func propChanges(ot *vdom.Tree, old []vdom.Prop, nt *vdom.Tree, new []vdom.Prop) string {
	var out []string
	i, j := 0, 0
	for i < len(old) || j < len(new) {
		var c int
		switch {
		case i == len(old):
			c = 1
		case j == len(new):
			c = -1
		default:
			c = strings.Compare(ot.String(old[i].Name), nt.String(new[j].Name))
		}
		switch {
		case c < 0:
			out = append(out, "-"+ot.String(old[i].Name))
			i++
		case c > 0:
			out = append(out, "+"+nt.String(new[j].Name)+"="+propValue(nt, new[j]))
			j++
		default:
			if a, b := propValue(ot, old[i]), propValue(nt, new[j]); a != b {
				out = append(out, ot.String(old[i].Name)+" "+a+" → "+b)
			}
			i++
			j++
		}
	}
	if len(out) == 0 {
		return "props unchanged"
	}
	return strings.Join(out, ", ")
}
