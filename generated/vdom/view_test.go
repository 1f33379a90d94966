package vdom_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/minimact/engine/generated/vdom"
)

func decodeIn(t *testing.T, v vdom.View, src string) *vdom.Tree {
	t.Helper()
	tr := &vdom.Tree{}
	if err := vdom.NewDecoder(vdom.Limits{DOMView: v}).DecodeTree([]byte(src), tr); err != nil {
		t.Fatalf("decode %s: %v", src, err)
	}
	return tr
}

func encode(t *vdom.Tree) string {
	var e vdom.Encoder
	return string(e.AppendTree(nil, t, t.Root))
}

// TestHTMLView pins the HTML view: texts joined after Fragments are
// flattened and nulls dropped, empty texts dropped, elements between texts
// keep them apart.
func TestHTMLView(t *testing.T) {
	cases := []struct{ src, want string }{
		{el("p", "", tx("Count: ")+","+tx("2")), `{"type":"Element","tag":"p","props":{},"children":[{"type":"Text","content":"Count: 2"}]}`},
		{el("p", "", tx("a")+`,null,{"type":"Fragment","children":[`+tx("")+","+tx(`\"b\"`)+`]},`+tx("c")),
			`{"type":"Element","tag":"p","props":{},"children":[{"type":"Text","content":"a\"b\"c"}]}`},
		{el("p", "", tx("")+","+tx("")), `{"type":"Element","tag":"p","props":{},"children":[]}`},
		{el("p", "", tx("a")+","+el("b", "", "")+","+tx("c")),
			`{"type":"Element","tag":"p","props":{},"children":[{"type":"Text","content":"a"},{"type":"Element","tag":"b","props":{},"children":[]},{"type":"Text","content":"c"}]}`},
		{el("p", "", tx("")+","+tx(`\u00e9`)+","+tx("")), `{"type":"Element","tag":"p","props":{},"children":[{"type":"Text","content":"é"}]}`},
		{`{"type":"Fragment","children":[` + tx("a") + "," + tx("b") + `]}`, `{"type":"Fragment","children":[{"type":"Text","content":"ab"}]}`},
		{tx(""), `{"type":"Text","content":""}`},
	}
	for _, c := range cases {
		if got := encode(decodeIn(t, vdom.ViewHTML, c.src)); got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.src, got, c.want)
		}
	}
}

// TestJoinedTexts: a joined text has no JSON span and a hash from its
// members, so it is Equal and Same to the same text decoded whole.
func TestJoinedTexts(t *testing.T) {
	joined := decodeIn(t, vdom.ViewHTML, el("div", "", el("p", "", tx("Count: ")+","+tx("2"))+","+el("i", "", "")))
	whole := decodeIn(t, vdom.ViewHTML, el("div", "", el("p", "", tx("Count: 2"))+","+el("i", "", "")))
	p := joined.Children(joined.Root)[0]
	text := joined.Nodes[joined.Children(p)[0]]
	if text.End != 0 || text.Hash == 0 || string(joined.Bytes(text.Content)) != "Count: 2" {
		t.Fatalf("joined text %+v %q", text, joined.Bytes(text.Content))
	}
	// Equal in DOM terms; Same (hashes, then Equal) for the texts, whose
	// hashes one of them lacks; the elements' hashes come from their JSON,
	// which differs, so Same says false for them: a skipped shortcut only.
	wp := whole.Children(whole.Root)[0]
	if !vdom.Equal(joined, joined.Root, whole, whole.Root) || !vdom.Equal(whole, whole.Root, joined, joined.Root) ||
		!vdom.Same(joined, joined.Children(p)[0], whole, whole.Children(wp)[0]) {
		t.Fatal("the joined tree is not Equal to the whole one")
	}
	if !vdom.Same(joined, joined.Root, decodeIn(t, vdom.ViewHTML, string(joined.Src)), 0) {
		t.Fatal("two decodes of the same JSON are not Same")
	}
	other := decodeIn(t, vdom.ViewHTML, el("div", "", el("p", "", tx("Count: ")+","+tx("3"))+","+el("i", "", "")))
	if vdom.Equal(joined, joined.Root, other, other.Root) {
		t.Fatal("Count: 2 equals Count: 3")
	}
	// the nodes taken out of the list are no part of the tree
	none := 0
	for _, nd := range joined.Nodes {
		if nd.Kind == vdom.KindNone {
			none++
		}
	}
	if none != 1 {
		t.Fatalf("%d nodes taken out, want 1", none)
	}
	// rehashing (as for trees changed in memory) hashes both alike
	joined.Rehash()
	whole.Rehash()
	if !vdom.Same(joined, joined.Root, whole, whole.Root) {
		t.Fatal("not Same after Rehash")
	}
}

// TestNodeView: the node view keeps every text, empty ones too.
func TestNodeView(t *testing.T) {
	src := el("p", "", tx("a")+","+tx("")+`,{"type":"Fragment","children":[`+tx("b")+`]}`)
	tr := decodeIn(t, vdom.ViewNodes, src)
	if n := len(tr.Children(tr.Root)); n != 3 || tr.View != vdom.ViewNodes {
		t.Fatalf("%d children in the node view (%v)", n, tr.View)
	}
	if tr.DOMEmpty() || !decodeIn(t, vdom.ViewHTML, tx("")).DOMEmpty() || decodeIn(t, vdom.ViewNodes, tx("")).DOMEmpty() ||
		decodeIn(t, vdom.ViewHTML, tx("x")).DOMEmpty() || !(&vdom.Tree{Root: -1}).DOMEmpty() {
		t.Fatal("DOMEmpty: only no tree, or an empty text root in the HTML view")
	}
}

// TestViewLimits: the limits count nodes before they are joined; a joined
// text is bounded by MaxTextLength.
func TestViewLimits(t *testing.T) {
	src := el("p", "", tx("abc")+","+tx("def"))
	_, err := decodeTree(vdom.Limits{MaxTextLength: 5}, src)
	wantError(t, err, vdom.TextTooLong, 0, src)
	if _, err := decodeTree(vdom.Limits{MaxTextLength: 5, DOMView: vdom.ViewNodes}, src); err != nil {
		t.Fatalf("node view: %v", err)
	}
	if _, err := decodeTree(vdom.Limits{MaxTextLength: 6}, src); err != nil {
		t.Fatalf("6 bytes: %v", err)
	}
	many := el("p", "", strings.TrimSuffix(strings.Repeat(tx("a")+",", 11), ","))
	_, err = decodeTree(vdom.Limits{MaxChildrenPerNode: 10}, many)
	wantError(t, err, vdom.TooManyChildren, -1, many)
}

// TestViewPatches: the nodes patches carry are decoded in the view too.
func TestViewPatches(t *testing.T) {
	src := `[{"type":"Create","path":[0],"node":` + el("p", "", tx("a")+","+tx("b")) + `}]`
	for v, want := range map[vdom.View]int{vdom.ViewHTML: 1, vdom.ViewNodes: 2} {
		var l vdom.PatchList
		if err := vdom.NewDecoder(vdom.Limits{DOMView: v}).DecodePatches([]byte(src), &l); err != nil {
			t.Fatal(err)
		}
		if n := len(l.Tree.Children(l.Patches[0].Node)); n != want || l.Tree.View != v {
			t.Errorf("%s view: %d children", v, n)
		}
		var e vdom.Encoder
		if out := e.AppendPatches(nil, &l); v == vdom.ViewHTML && !bytes.Contains(out, []byte(`"content":"ab"`)) {
			t.Errorf("%s", out)
		}
	}
}

// TestNormalize puts a tree changed in memory in the HTML view.
func TestNormalize(t *testing.T) {
	tr := decodeIn(t, vdom.ViewNodes, el("div", "", tx("a")+","+tx("")+","+tx("b")+","+el("i", "", tx("")+","+tx("c")+","+tx("d"))))
	tr.View = vdom.ViewHTML
	tr.Normalize()
	want := `{"type":"Element","tag":"div","props":{},"children":[{"type":"Text","content":"ab"},{"type":"Element","tag":"i","props":{},"children":[{"type":"Text","content":"cd"}]}]}`
	if got := encode(tr); got != want {
		t.Fatalf("got %s\nwant %s", got, want)
	}
	if !vdom.Equal(tr, tr.Root, decodeIn(t, vdom.ViewHTML, want), 0) {
		t.Fatal("not Equal to the tree decoded in the view")
	}
}
