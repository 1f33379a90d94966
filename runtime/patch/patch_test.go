package patch_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/internal/treegen"
	"github.com/minimact/engine/runtime/patch"
)

// The tables of this file are in the node view, where every VNode is one DOM
// node (view_test.go has the HTML view's cases).
var nodeView = vdom.Limits{DOMView: vdom.ViewNodes}

func tree(t *testing.T, src string) *vdom.Tree {
	t.Helper()
	tr := &vdom.Tree{}
	if err := vdom.NewDecoder(nodeView).DecodeTree([]byte(src), tr); err != nil {
		t.Fatalf("tree %s: %v", src, err)
	}
	return tr
}

func list(t *testing.T, src string) *vdom.PatchList {
	t.Helper()
	l := &vdom.PatchList{}
	if err := vdom.NewDecoder(nodeView).DecodePatches([]byte(src), l); err != nil {
		t.Fatalf("patches %s: %v", src, err)
	}
	return l
}

func enc(t *vdom.Tree) string {
	if t.Root < 0 {
		return "<empty>"
	}
	var e vdom.Encoder
	return string(e.AppendTree(nil, t, t.Root))
}

// Short builders for the tables (treegen trees): elements without props,
// keyed ones, texts; js writes a tree as the engine encodes it.
func el(tag string, kids ...*treegen.Node) *treegen.Node { return treegen.El(tag, nil, kids...) }

func kel(tag, key string, kids ...*treegen.Node) *treegen.Node {
	return treegen.Keyed(tag, key, nil, kids...)
}

var txt = treegen.Txt

func js(n *treegen.Node) string { return string(n.CanonicalJSON()) }

// keyedList is <ul> with <li key=k>k</li> for each key.
func keyedList(keys ...string) *treegen.Node {
	var kids []*treegen.Node
	for _, k := range keys {
		kids = append(kids, kel("li", k, txt(k)))
	}
	return el("ul", kids...)
}

// checkApply applies patches to tree, both with Apply and patch by patch with
// CanApply before each ApplyOne, and checks the result against want.
func checkApply(t *testing.T, treeNode *treegen.Node, patches string, wantNode *treegen.Node) {
	t.Helper()
	old, want := tree(t, js(treeNode)), js(wantNode)
	before := enc(old)
	l := list(t, patches)
	got, err := patch.Apply(old, l)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	w := tree(t, want)
	if !patch.Equal(got, w) {
		t.Fatalf("Apply gave\n%s\nwant\n%s", enc(got), enc(w))
	}
	if g, e := enc(got), enc(w); g != e {
		t.Fatalf("Equal trees encode differently:\n%s\n%s", g, e)
	}
	if enc(old) != before {
		t.Fatalf("Apply changed its input: %s", enc(old))
	}
	// Patch by patch.
	c := patch.Clone(old)
	for i := range l.Patches {
		if err := patch.CanApply(c, l, &l.Patches[i]); err != nil {
			t.Fatalf("CanApply patch %d: %v", i, err)
		}
		if err := patch.ApplyOne(c, l, &l.Patches[i]); err != nil {
			t.Fatalf("ApplyOne patch %d: %v", i, err)
		}
	}
	c.Rehash()
	if !patch.Equal(c, w) {
		t.Fatalf("ApplyOne in turn gave\n%s\nwant\n%s", enc(c), enc(w))
	}
}

func TestApply(t *testing.T) {
	abc := el("div", txt("a"), txt("b"), txt("c"))
	cases := []struct {
		name    string
		tree    *treegen.Node
		patches string
		want    *treegen.Node
	}{
		// Create
		{"create in the middle", abc,
			`[{"type":"Create","path":[1],"node":` + js(el("hr")) + `}]`,
			el("div", txt("a"), el("hr"), txt("b"), txt("c"))},
		{"create at 0", abc,
			`[{"type":"Create","path":[0],"node":` + js(txt("z")) + `}]`,
			el("div", txt("z"), txt("a"), txt("b"), txt("c"))},
		{"create at the end (index == child count)", abc,
			`[{"type":"Create","path":[3],"node":` + js(txt("d")) + `}]`,
			el("div", txt("a"), txt("b"), txt("c"), txt("d"))},
		{"create into an empty element", el("div", el("ul")),
			`[{"type":"Create","path":[0,0],"node":` + js(kel("li", "k", txt("x"))) + `}]`,
			el("div", el("ul", kel("li", "k", txt("x"))))},
		{"create a subtree with Fragments flattened", abc,
			`[{"type":"Create","path":[3],"node":{"type":"Element","tag":"p","children":[null,{"type":"Fragment","children":[` + js(txt("x")) + `,` + js(txt("y")) + `]}]}}]`,
			el("div", txt("a"), txt("b"), txt("c"), el("p", txt("x"), txt("y")))},
		{"create under a root Fragment", treegen.Frag(txt("a")),
			`[{"type":"Create","path":[1],"node":` + js(txt("b")) + `}]`,
			treegen.Frag(txt("a"), txt("b"))},
		{"create at [] replaces the root", abc,
			`[{"type":"Create","path":[],"node":` + js(el("section", txt("new"))) + `}]`,
			el("section", txt("new"))},
		{"create at [] with a Fragment", abc,
			`[{"type":"Create","path":[],"node":{"type":"Fragment","children":[` + js(txt("f")) + `]}}]`,
			treegen.Frag(txt("f"))},
		// Remove
		{"remove", abc, `[{"type":"Remove","path":[1]}]`, el("div", txt("a"), txt("c"))},
		{"remove the last", abc, `[{"type":"Remove","path":[2]}]`, el("div", txt("a"), txt("b"))},
		{"remove nested", el("div", el("p", txt("x"), txt("y"))), `[{"type":"Remove","path":[0,0]}]`, el("div", el("p", txt("y")))},
		{"remove the only child", el("div", el("p")), `[{"type":"Remove","path":[0]}]`, el("div")},
		// Replace
		{"replace a child", abc,
			`[{"type":"Replace","path":[1],"node":` + js(el("b", txt("B"))) + `}]`,
			el("div", txt("a"), el("b", txt("B")), txt("c"))},
		{"replace the root with a text", abc,
			`[{"type":"Replace","path":[],"node":` + js(txt("t")) + `}]`, txt("t")},
		{"replace the root with a Fragment", abc,
			`[{"type":"Replace","path":[],"node":{"type":"Fragment","children":[` + js(txt("a")) + `]}}]`,
			treegen.Frag(txt("a"))},
		{"replace the root Fragment with an element", treegen.Frag(txt("a")),
			`[{"type":"Replace","path":[],"node":` + js(el("p")) + `}]`, el("p")},
		{"replace raw HTML", el("div", treegen.Raw("<b>x</b>")),
			`[{"type":"Replace","path":[0],"node":{"type":"RawHtml","html":"<i>y</i>"}}]`,
			el("div", treegen.Raw("<i>y</i>"))},
		// UpdateText
		{"update text", abc, `[{"type":"UpdateText","path":[1],"content":"B\n\u00e9"}]`,
			el("div", txt("a"), txt("B\né"), txt("c"))},
		{"update text to empty keeps the node", abc, `[{"type":"UpdateText","path":[1],"content":""}]`,
			el("div", txt("a"), txt(""), txt("c"))},
		{"update text on an element: children become one text", el("div", el("p", txt("x")), el("ul", el("li"))),
			`[{"type":"UpdateText","path":[],"content":"loading"}]`, el("div", txt("loading"))},
		{"update text \"\" on an element: no children left", abc,
			`[{"type":"UpdateText","path":[],"content":""}]`, el("div")},
		{"update text on an empty element", el("div", el("p")),
			`[{"type":"UpdateText","path":[0],"content":"x"}]`, el("div", el("p", txt("x")))},
		// UpdateProps
		{"update props: exactly the new set", treegen.Elem("a", treegen.Attrs("href", "/x", "class", "c", "id", "i")),
			`[{"type":"UpdateProps","path":[],"props":{"title":"t","class":"d","href":"/x"}}]`,
			treegen.Elem("a", treegen.Attrs("class", "d", "href", "/x", "title", "t"))},
		{"update props keeps the key", el("ul", treegen.Keyed("li", "k", map[string]string{"class": "c"})),
			`[{"type":"UpdateProps","path":[0],"props":{"id":"x"}}]`,
			el("ul", treegen.Keyed("li", "k", map[string]string{"id": "x"}))},
		{"update props to none", treegen.Elem("a", treegen.Attrs("x", "1", "y", "2")),
			`[{"type":"UpdateProps","path":[],"props":{}}]`, el("a")},
		{"update props with raw values", treegen.Elem("input", treegen.Attrs("value", "1")),
			`[{"type":"UpdateProps","path":[],"props":{"value":"1","max":10,"checked":true,"data":{"a":[1]}}}]`,
			treegen.Elem("input", []treegen.Prop{{Name: "checked", Value: "true", Raw: true}, {Name: "data", Value: `{"a":[1]}`, Raw: true},
				{Name: "max", Value: "10", Raw: true}, {Name: "value", Value: "1"}})},
		// ReorderChildren: for i, key in order, the child with that key moves to index i.
		{"reorder: named keys to the front in order", keyedList("a", "b", "c", "d"),
			`[{"type":"ReorderChildren","path":[],"order":["c","a"]}]`, keyedList("c", "a", "b", "d")},
		{"reorder is sequential", keyedList("a", "b", "c", "d"),
			`[{"type":"ReorderChildren","path":[],"order":["d","c"]}]`, keyedList("d", "c", "a", "b")},
		{"reorder: full reverse", keyedList("a", "b", "c", "d"),
			`[{"type":"ReorderChildren","path":[],"order":["d","c","b"]}]`, keyedList("d", "c", "b", "a")},
		{"reorder: already in place", keyedList("a", "b", "c"),
			`[{"type":"ReorderChildren","path":[],"order":["a","b"]}]`, keyedList("a", "b", "c")},
		{"reorder: empty order", keyedList("a", "b"),
			`[{"type":"ReorderChildren","path":[],"order":[]}]`, keyedList("a", "b")},
		{"reorder: a key named twice moves twice", keyedList("a", "b", "c"),
			`[{"type":"ReorderChildren","path":[],"order":["a","a"]}]`, keyedList("b", "a", "c")},
		{"reorder around unkeyed children", el("ul", txt("t"), kel("li", "a"), el("p"), kel("li", "b")),
			`[{"type":"ReorderChildren","path":[],"order":["b","a"]}]`,
			el("ul", kel("li", "b"), kel("li", "a"), txt("t"), el("p"))},
		{"reorder a root Fragment", treegen.Frag(kel("i", "x"), kel("i", "y")),
			`[{"type":"ReorderChildren","path":[],"order":["y"]}]`,
			treegen.Frag(kel("i", "y"), kel("i", "x"))},
		{"reorder nested", el("div", keyedList("a", "b")),
			`[{"type":"ReorderChildren","path":[0],"order":["b"]}]`, el("div", keyedList("b", "a"))},
		// Lists: each path against the tree as the earlier patches left it.
		{"paths resolve after earlier patches", abc,
			`[{"type":"Remove","path":[0]},{"type":"UpdateText","path":[0],"content":"was b"},{"type":"Create","path":[2],"node":` + js(txt("d")) + `}]`,
			el("div", txt("was b"), txt("c"), txt("d"))},
		{"patch inside a created node", el("div"),
			`[{"type":"Create","path":[0],"node":` + js(el("p", txt("x"))) + `},{"type":"UpdateText","path":[0,0],"content":"y"},{"type":"UpdateProps","path":[0],"props":{"a":"b"}}]`,
			el("div", treegen.El("p", map[string]string{"a": "b"}, txt("y")))},
		{"patch inside a replaced root", abc,
			`[{"type":"Replace","path":[],"node":` + js(keyedList("a", "b")) + `},{"type":"ReorderChildren","path":[],"order":["b"]},{"type":"Remove","path":[1]}]`,
			keyedList("b")},
		{"reorder then patch the moved child", keyedList("a", "b"),
			`[{"type":"ReorderChildren","path":[],"order":["b"]},{"type":"UpdateText","path":[0,0],"content":"B"}]`,
			el("ul", kel("li", "b", txt("B")), kel("li", "a", txt("a")))},
		{"empty list", abc, `[]`, abc},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkApply(t, c.tree, c.patches, c.want) })
	}
}

func TestErrors(t *testing.T) {
	abc := el("div", txt("a"), txt("b"), txt("c"))
	raw := el("div", treegen.Raw("<b>x</b>"), txt("t"))
	cases := []struct {
		name    string
		tree    *treegen.Node
		patches string
		code    vdom.Code
		patch   int     // the failing patch's index
		path    []int32 // the path in the error
		msg     string  // a fragment of the message
	}{
		// InvalidPath
		{"index out of range", abc, `[{"type":"Remove","path":[3]}]`, vdom.InvalidPath, 0, []int32{3}, "out of range"},
		{"path through a text node", abc, `[{"type":"UpdateText","path":[0,0],"content":"x"}]`, vdom.InvalidPath, 0, []int32{0, 0}, "out of range"},
		{"deep path out of range", el("div", el("p", txt("x"))), `[{"type":"UpdateText","path":[0,1],"content":"x"}]`, vdom.InvalidPath, 0, []int32{0, 1}, "index 1 at depth 1"},
		{"remove the root", abc, `[{"type":"Remove","path":[]}]`, vdom.InvalidPath, 0, []int32{}, "root"},
		{"create beyond the end", abc, `[{"type":"Create","path":[4],"node":` + js(txt("x")) + `}]`, vdom.InvalidPath, 0, []int32{4}, "index 4"},
		// The error names the part of the path that leads nowhere.
		{"create under a missing parent", abc, `[{"type":"Create","path":[5,0],"node":` + js(txt("x")) + `}]`, vdom.InvalidPath, 0, []int32{5}, "index 5 at depth 0"},
		{"path valid only before an earlier patch", abc,
			`[{"type":"Remove","path":[2]},{"type":"UpdateText","path":[2],"content":"x"}]`, vdom.InvalidPath, 1, []int32{2}, "out of range"},
		{"huge index", abc, `[{"type":"Remove","path":[1073741824]}]`, vdom.InvalidPath, 0, []int32{1 << 30}, "out of range"},
		// PatchTypeMismatch
		{"update text on raw HTML", raw, `[{"type":"UpdateText","path":[0],"content":"x"}]`, vdom.PatchTypeMismatch, 0, []int32{0}, "RawHtml"},
		{"update text on a root Fragment", treegen.Frag(), `[{"type":"UpdateText","path":[],"content":"x"}]`, vdom.PatchTypeMismatch, 0, []int32{}, "Fragment"},
		{"update props on a text", abc, `[{"type":"UpdateProps","path":[1],"props":{}}]`, vdom.PatchTypeMismatch, 0, []int32{1}, "Text"},
		{"update props on raw HTML", raw, `[{"type":"UpdateProps","path":[0],"props":{}}]`, vdom.PatchTypeMismatch, 0, []int32{0}, "RawHtml"},
		{"update props on a root Fragment", treegen.Frag(), `[{"type":"UpdateProps","path":[],"props":{}}]`, vdom.PatchTypeMismatch, 0, []int32{}, "Fragment"},
		{"create under a text", abc, `[{"type":"Create","path":[0,0],"node":` + js(txt("x")) + `}]`, vdom.PatchTypeMismatch, 0, []int32{0, 0}, "Text"},
		{"create under raw HTML", raw, `[{"type":"Create","path":[0,0],"node":` + js(txt("x")) + `}]`, vdom.PatchTypeMismatch, 0, []int32{0, 0}, "RawHtml"},
		{"create a Fragment below the root", abc, `[{"type":"Create","path":[0],"node":{"type":"Fragment"}}]`, vdom.PatchTypeMismatch, 0, []int32{0}, "Fragment"},
		{"replace with a Fragment below the root", abc, `[{"type":"Replace","path":[1],"node":{"type":"Fragment"}}]`, vdom.PatchTypeMismatch, 0, []int32{1}, "Fragment"},
		{"reorder a text", abc, `[{"type":"ReorderChildren","path":[0],"order":[]}]`, vdom.PatchTypeMismatch, 0, []int32{0}, "Text"},
		{"second patch mismatched", abc,
			`[{"type":"UpdateText","path":[0],"content":"x"},{"type":"Replace","path":[0],"node":` + js(el("p")) + `},{"type":"UpdateText","path":[0,0],"content":"y"}]`,
			vdom.InvalidPath, 2, []int32{0, 0}, "out of range"},
		// KeyNotFound
		{"key names no child", keyedList("a", "b"), `[{"type":"ReorderChildren","path":[],"order":["z"]}]`, vdom.KeyNotFound, 0, []int32{}, `"z" names no child`},
		{"key names more than one child", el("ul", kel("li", "a"), kel("li", "a"), kel("li", "b")),
			`[{"type":"ReorderChildren","path":[],"order":["b","a"]}]`, vdom.KeyNotFound, 0, []int32{}, "more than one"},
		{"key of a grandchild", el("div", keyedList("a")), `[{"type":"ReorderChildren","path":[],"order":["a"]}]`, vdom.KeyNotFound, 0, []int32{}, "names no child"},
		{"key on the wrong level after a move", el("div", keyedList("a", "b")),
			`[{"type":"ReorderChildren","path":[0],"order":["b"]},{"type":"ReorderChildren","path":[0,0],"order":["b"]}]`, vdom.KeyNotFound, 1, []int32{0, 0}, "names no child"},
		{"key removed by an earlier patch", keyedList("a", "b"),
			`[{"type":"Remove","path":[1]},{"type":"ReorderChildren","path":[],"order":["b"]}]`, vdom.KeyNotFound, 1, []int32{}, `"b"`},
		{"more keys than children", keyedList("a"), `[{"type":"ReorderChildren","path":[],"order":["a","a"]}]`, vdom.KeyNotFound, 0, []int32{}, "2 keys for 1 children"},
		{"unkeyed children have no key", el("ul", el("li"), txt("a")), `[{"type":"ReorderChildren","path":[],"order":[""]}]`, vdom.KeyNotFound, 0, []int32{}, "names no child"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			old := tree(t, js(c.tree))
			before := enc(old)
			l := list(t, c.patches)
			got, err := patch.Apply(old, l)
			if got != nil {
				t.Errorf("Apply returned a tree with its error")
			}
			e := checkErr(t, err, c.code, c.path, c.msg)
			if e.Patch != c.patch {
				t.Errorf("Apply error at patch %d, want %d", e.Patch, c.patch)
			}
			if !strings.Contains(err.Error(), "(patch ") {
				t.Errorf("message %q does not name the patch", err)
			}
			if enc(old) != before {
				t.Errorf("Apply changed its input")
			}
			// CanApply says the same at the failing patch, without changing
			// the tree; ApplyOne fails the same way and changes nothing.
			w := patch.Clone(old)
			for i := 0; i < c.patch; i++ {
				if err := patch.ApplyOne(w, l, &l.Patches[i]); err != nil {
					t.Fatalf("patch %d: %v", i, err)
				}
			}
			snapshot := enc(w)
			p := &l.Patches[c.patch]
			ce := checkErr(t, patch.CanApply(w, l, p), c.code, c.path, c.msg)
			if ce.Patch != -1 {
				t.Errorf("CanApply error has patch index %d, want -1", ce.Patch)
			}
			checkErr(t, patch.ApplyOne(w, l, p), c.code, c.path, c.msg)
			if enc(w) != snapshot {
				t.Errorf("a failed ApplyOne changed the tree:\n%s\n%s", snapshot, enc(w))
			}
		})
	}
}

func checkErr(t *testing.T, err error, code vdom.Code, path []int32, msg string) *vdom.Error {
	t.Helper()
	var e *vdom.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v (%T), want a *vdom.Error with code %v", err, err, code)
	}
	if e.Code != code || vdom.CodeOf(err) != code {
		t.Fatalf("got %v, want code %v", err, code)
	}
	if e.Path == nil || !slices.Equal(e.Path, path) {
		t.Fatalf("got %v with path %v, want path %v", err, e.Path, path)
	}
	if !strings.Contains(err.Error(), "(path [") {
		t.Fatalf("message %q does not show the path", err)
	}
	if !strings.Contains(e.Message, msg) {
		t.Fatalf("message %q does not contain %q", e.Message, msg)
	}
	return e
}

func TestEmptyTree(t *testing.T) {
	empty := &vdom.Tree{Root: -1}
	l := list(t, `[{"type":"Remove","path":[0]}]`)
	checkErr(t, patch.CanApply(empty, l, &l.Patches[0]), vdom.InvalidPath, []int32{0}, "empty")
	// Create at [] gives an empty tree its root.
	l = list(t, `[{"type":"Create","path":[],"node":`+js(el("p", txt("x")))+`}]`)
	got, err := patch.Apply(empty, l)
	if err != nil {
		t.Fatal(err)
	}
	if want := tree(t, js(el("p", txt("x")))); !patch.Equal(got, want) {
		t.Fatalf("got %s", enc(got))
	}
	if !patch.Equal(empty, &vdom.Tree{Root: -1}) || patch.Equal(empty, got) || patch.Equal(got, empty) {
		t.Fatal("Equal on empty trees")
	}
}

// TestPatchNodeOutOfRange: a hand-built patch whose node index is not in the
// list's tree is rejected, not followed.
func TestPatchNodeOutOfRange(t *testing.T) {
	tr := tree(t, js(el("div", txt("a"))))
	l := &vdom.PatchList{Tree: &vdom.Tree{Root: -1}}
	for _, k := range []vdom.PatchKind{vdom.PatchCreate, vdom.PatchReplace} {
		l.Patches, l.Paths = l.Patches[:0], l.Paths[:0]
		l.Add(k, []int32{0}).Node = 7
		checkErr(t, patch.CanApply(tr, l, &l.Patches[0]), vdom.InvalidVNode, []int32{0}, "without a node")
		l.Patches[0].Node = -1
		checkErr(t, patch.CanApply(tr, l, &l.Patches[0]), vdom.InvalidVNode, []int32{0}, "without a node")
	}
	l.Patches, l.Paths = l.Patches[:0], l.Paths[:0]
	l.Add(vdom.PatchKind(42), nil)
	checkErr(t, patch.CanApply(tr, l, &l.Patches[0]), vdom.InvalidVNode, []int32{}, "unknown patch kind")
}

func TestCloneIsIndependent(t *testing.T) {
	src := js(el("div", txt("a"), kel("p", "k", txt("b"))))
	a := tree(t, src)
	b := patch.Clone(a)
	l := list(t, `[{"type":"UpdateText","path":[0],"content":"changed"},{"type":"UpdateProps","path":[1],"props":{"x":"y"}},{"type":"Remove","path":[1,0]}]`)
	for i := range l.Patches {
		if err := patch.ApplyOne(b, l, &l.Patches[i]); err != nil {
			t.Fatal(err)
		}
	}
	if enc(a) != enc(tree(t, src)) {
		t.Fatalf("patching a clone changed the original: %s", enc(a))
	}
	b.Rehash()
	if patch.Equal(a, b) {
		t.Fatal("clone still Equal after changes")
	}
}

func TestImport(t *testing.T) {
	// the text spelled with an escape: the source tree holds it unescaped
	src := tree(t, `{"type":"Element","tag":"div","props":{},"children":[{"type":"Element","tag":"p","props":{},"children":[`+
		`{"type":"Element","tag":"b","key":"k","props":{"n":1,"s":"v"}},{"type":"Text","content":"\u00e9"}]},{"type":"RawHtml","html":"<i>"}]}`)
	dst := tree(t, js(el("body")))
	n := patch.Import(dst, src, src.Root)
	dst.Root = n
	dst.Rehash()
	if !patch.Equal(dst, src) {
		t.Fatalf("imported %s, want %s", enc(dst), enc(src))
	}
	// The import owns its strings: it does not view src.Src.
	for i := range dst.Nodes[n:] {
		nd := &dst.Nodes[int(n)+i]
		for _, s := range []vdom.Str{nd.Tag, nd.Key, nd.Content, nd.HTML} {
			if s.Len > 0 && s.Off&(1<<31) == 0 {
				t.Fatalf("node %d views Src", i)
			}
		}
	}
}

// TestEqualIsDOMEquality: Equal compares trees in DOM terms (PATCHES.md).
func TestEqualIsDOMEquality(t *testing.T) {
	same := [][2]string{
		{`{"type":"Element","tag":"a","props":{"x":"1","y":"2"}}`, `{"props":{"y":"2","x":"1"},"tag":"a","type":"Element","children":[]}`},
		{`{"type":"Element","tag":"a","key":null}`, `{"type":"Element","tag":"a"}`},
		{js(el("a", txt("x"), txt("y"))), `{"type":"Element","tag":"a","children":[null,{"type":"Fragment","children":[` + js(txt("x")) + `]},` + js(txt("y")) + `]}`},
		{`{"type":"Text","content":"\u00e9"}`, js(txt("é"))},
	}
	for _, p := range same {
		if !patch.Equal(tree(t, p[0]), tree(t, p[1])) {
			t.Errorf("not Equal:\n%s\n%s", p[0], p[1])
		}
	}
	differ := [][2]string{
		{`{"type":"Element","tag":"a","props":{"x":"1"}}`, `{"type":"Element","tag":"a","props":{"x":1}}`},
		{`{"type":"Element","tag":"a","props":{"x":"1"}}`, `{"type":"Element","tag":"a","props":{"x":"1","y":"1"}}`},
		{`{"type":"Element","tag":"a","key":""}`, `{"type":"Element","tag":"a"}`},
		{`{"type":"Element","tag":"a","key":"1"}`, `{"type":"Element","tag":"a","key":"2"}`},
		{js(el("a", txt("x"))), js(el("a", txt("x"), txt("")))},
		{js(el("a")), js(el("b"))},
		{js(txt("x")), `{"type":"RawHtml","html":"x"}`},
		{`{"type":"Fragment","children":[` + js(txt("x")) + `]}`, js(el("a", txt("x")))},
		{js(el("a", el("b", txt("x")))), js(el("a", el("b", txt("y"))))},
	}
	for _, p := range differ {
		if patch.Equal(tree(t, p[0]), tree(t, p[1])) {
			t.Errorf("Equal:\n%s\n%s", p[0], p[1])
		}
	}
}

// TestImportShell: a node copied without its children keeps its kind, key,
// tag and props, has no children and no hash (they are the caller's to
// give), and Import copies whole subtrees deeper than its stack array.
func TestImportShell(t *testing.T) {
	var src vdom.Tree
	doc := treegen.Keyed("ul", "list", map[string]string{"class": "results", "role": "list"},
		treegen.El("li", nil, treegen.Txt("a")), treegen.El("li", nil, treegen.Txt("b"))).JSON()
	if err := vdom.NewDecoder(vdom.Limits{}).DecodeTree(doc, &src); err != nil {
		t.Fatal(err)
	}
	var w vdom.Tree
	n := patch.ImportShell(&w, &src, src.Root)
	nd := &w.Nodes[n]
	if nd.Kind != vdom.KindElement || !nd.Keyed || w.String(nd.Key) != "list" || w.String(nd.Tag) != "ul" || nd.NKids != 0 || nd.Hash != 0 {
		t.Fatalf("shell %+v", *nd)
	}
	if ps := w.PropList(n); len(ps) != 2 || w.String(ps[0].Name) != "class" || w.String(ps[0].Val) != "results" {
		t.Fatalf("props %v", ps)
	}
	// a chain deeper than Import's stack array of 32
	deep := treegen.Txt("leaf")
	for i := 0; i < 40; i++ {
		deep = treegen.El("div", nil, deep, treegen.Txt("x"))
	}
	var d vdom.Tree
	if err := vdom.NewDecoder(vdom.Limits{}).DecodeTree(deep.JSON(), &d); err != nil {
		t.Fatal(err)
	}
	var w2 vdom.Tree
	w2.Root = patch.Import(&w2, &d, d.Root)
	w2.Rehash()
	if !patch.Equal(&w2, &d) {
		t.Fatal("Import of a deep tree differs")
	}
}
