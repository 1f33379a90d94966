package patch_test

import (
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/internal/treegen"
	"github.com/minimact/engine/runtime/patch"
	"github.com/minimact/engine/runtime/reconcile"
)

func treeIn(t *testing.T, v vdom.View, src string) *vdom.Tree {
	t.Helper()
	tr := &vdom.Tree{}
	if err := vdom.NewDecoder(vdom.Limits{DOMView: v}).DecodeTree([]byte(src), tr); err != nil {
		t.Fatalf("tree %s: %v", src, err)
	}
	return tr
}

func listIn(t *testing.T, v vdom.View, src string) *vdom.PatchList {
	t.Helper()
	l := &vdom.PatchList{}
	if err := vdom.NewDecoder(vdom.Limits{DOMView: v}).DecodePatches([]byte(src), l); err != nil {
		t.Fatalf("patches %s: %v", src, err)
	}
	return l
}

// TestApplyInTheHTMLView: applying leaves the DOM the client's patches
// leave (a text created beside a text is a node of its own), which equals,
// in the view, the tree its HTML parses to.
func TestApplyInTheHTMLView(t *testing.T) {
	old := treeIn(t, vdom.ViewHTML, js(el("p", txt("a"))))
	got, err := patch.Apply(old, listIn(t, vdom.ViewHTML, `[{"type":"Create","path":[1],"node":{"type":"Text","content":"b"}}]`))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(got.Children(got.Root)); n != 2 {
		t.Fatalf("the DOM has %d text nodes, want 2 (as the client leaves it)", n)
	}
	want := treeIn(t, vdom.ViewHTML, js(el("p", txt("ab"))))
	if !patch.Equal(got, want) || !patch.Equal(want, got) {
		t.Fatalf("Apply gave %s, not equal in the view to %s", enc(got), enc(want))
	}
	if patch.Equal(got, treeIn(t, vdom.ViewHTML, js(el("p", txt("ba"))))) {
		t.Fatal("ab equals ba")
	}
	if h := patch.HTMLView(got); h == got || len(h.Children(h.Root)) != 1 || len(got.Children(got.Root)) != 2 {
		t.Fatal("HTMLView must normalize a copy")
	}
	if patch.HTMLView(want) != want {
		t.Fatal("HTMLView copies a tree already in the view")
	}
}

// TestEmptyTextNodes: in the HTML view the client renders an empty text as
// no node, so a Create of one inserts nothing and a Replace by one removes;
// in the node view both leave an empty text node.
func TestEmptyTextNodes(t *testing.T) {
	src := js(el("p", txt("a"), el("b")))
	create := `[{"type":"Create","path":[1],"node":{"type":"Text","content":""}}]`
	replace := `[{"type":"Replace","path":[1],"node":{"type":"Text","content":""}}]`
	for _, c := range []struct {
		v       vdom.View
		patches string
		kids    int
	}{{vdom.ViewHTML, create, 2}, {vdom.ViewHTML, replace, 1}, {vdom.ViewNodes, create, 3}, {vdom.ViewNodes, replace, 2}} {
		got, err := patch.Apply(treeIn(t, c.v, src), listIn(t, c.v, c.patches))
		if err != nil || len(got.Children(got.Root)) != c.kids {
			t.Errorf("%s view, %s: %v, %s", c.v, c.patches, err, enc(got))
		}
	}
}

// TestEmptyDOM: in the HTML view a tree whose root is an empty text has no
// DOM: only Create [] applies (as in the client, whose root is null).
func TestEmptyDOM(t *testing.T) {
	empty := treeIn(t, vdom.ViewHTML, `{"type":"Text","content":""}`)
	for _, c := range []struct {
		patches string
		code    vdom.Code
	}{
		{`[{"type":"UpdateText","path":[],"content":"x"}]`, vdom.InvalidPath},
		{`[{"type":"Replace","path":[],"node":{"type":"Text","content":"x"}}]`, vdom.InvalidPath},
		{`[{"type":"Create","path":[0],"node":{"type":"Text","content":"x"}}]`, vdom.InvalidPath},
		{`[{"type":"Create","path":[],"node":{"type":"Text","content":"x"}}]`, 0},
	} {
		_, err := patch.Apply(empty, listIn(t, vdom.ViewHTML, c.patches))
		if vdom.CodeOf(err) != c.code {
			t.Errorf("%s: %v, want code %d", c.patches, err, c.code)
		}
	}
	// in the node view it is an empty text node, patched as any
	nodes := treeIn(t, vdom.ViewNodes, `{"type":"Text","content":""}`)
	if _, err := patch.Apply(nodes, listIn(t, vdom.ViewNodes, `[{"type":"UpdateText","path":[],"content":"x"}]`)); err != nil {
		t.Fatalf("node view: %v", err)
	}
	// the reconciler's lists to and from it
	x := treeIn(t, vdom.ViewHTML, `{"type":"Element","tag":"div"}`)
	for _, pair := range [][2]*vdom.Tree{{empty, x}, {x, empty}, {empty, empty}} {
		got, err := patch.Apply(pair[0], reconcile.Diff(pair[0], pair[1]))
		if err != nil || !patch.Equal(got, pair[1]) {
			t.Errorf("%s -> %s: %v", enc(pair[0]), enc(pair[1]), err)
		}
	}
}

// TestPropertyApplyDiffInBothViews: for random pairs, in both views,
// Apply(old, Diff(old, new)) equals new — in the HTML view node for node
// too (no texts side by side are left).
func TestPropertyApplyDiffInBothViews(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 200
	}
	for seed := uint64(0); seed < uint64(n); seed++ {
		var o, nw *treegen.Node
		if seed%2 == 0 {
			o, nw = treegen.New(seed).Pair()
		} else {
			c := treegen.NewHTML(seed).Chain(2)
			o, nw = c[0], c[1]
		}
		for _, v := range []vdom.View{vdom.ViewHTML, vdom.ViewNodes} {
			old, new := treeIn(t, v, string(o.HostJSON())), treeIn(t, v, string(nw.HostJSON()))
			got, err := patch.Apply(old, reconcile.Diff(old, new))
			if err != nil {
				t.Fatalf("seed %d, %s view: %v\nold %s\nnew %s", seed, v, err, o, nw)
			}
			if !patch.Equal(got, new) || (new.HasRoot() && !new.DOMEmpty() && !vdom.Equal(got, got.Root, new, new.Root)) {
				t.Fatalf("seed %d, %s view: Apply(old, Diff(old, new)) = %s\nwant %s", seed, v, enc(got), enc(new))
			}
		}
	}
}
