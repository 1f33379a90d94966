package treegen_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/internal/treegen"
)

// odd strings: everything the writers escape, or may get wrong
var odd = []string{"", "a", "x<y>&z", "q\"b\\s/", "\n\r\t\b\f\x00\x1f\x7f", "é€😀", "\u2028\u2029", "\xff", "a\xc3", "\xed\xa0\x80"}

// oddTree returns a random tree with odd strings everywhere, props both as
// Props and as Attrs (raw ones too), null children and Fragments.
func oddTree(r *rand.Rand, depth int) *treegen.Node {
	s := func() string { return odd[r.IntN(len(odd))] }
	switch x := r.IntN(8); {
	case x == 0:
		return treegen.Txt(s())
	case x == 1:
		return treegen.Raw(s())
	case x == 2 && depth > 0:
		return nil
	}
	n := treegen.El(s()+"t", nil)
	if r.IntN(6) == 0 {
		n = treegen.Frag()
	} else if r.IntN(3) == 0 {
		n.WithKey(s())
	}
	if r.IntN(2) == 0 && n.Type == treegen.Element {
		n.Props = map[string]string{}
		for i := r.IntN(3); i >= 0; i-- {
			n.Props[s()+"m"] = s()
		}
	}
	if r.IntN(2) == 0 && n.Type == treegen.Element {
		n.Attrs = treegen.Attrs("z"+s(), s(), "a"+s(), s())
		if r.IntN(2) == 0 {
			n.Attrs = append(n.Attrs, treegen.Prop{Name: "raw", Value: []string{"1", "-2.5e3", "true", "null", `{"a":[1,"b"]}`}[r.IntN(5)], Raw: true})
		}
	}
	if depth < 3 {
		for i := r.IntN(4); i > 0; i-- {
			n.Children = append(n.Children, oddTree(r, depth+1))
		}
	}
	return n
}

// TestJSONIsEncodingJSON: JSON writes what encoding/json writes for a Node
// (the writer replaced json.Marshal; the bytes must not change).
func TestJSONIsEncodingJSON(t *testing.T) {
	check := func(n *treegen.Node) {
		t.Helper()
		want, err := json.Marshal(n)
		if err != nil {
			t.Fatal(err)
		}
		if got := n.JSON(); !bytes.Equal(got, want) {
			t.Fatalf("JSON\n%s\njson.Marshal\n%s", got, want)
		}
	}
	for seed := uint64(0); seed < 500; seed++ {
		o, n := treegen.New(seed).Pair()
		check(o)
		check(n)
		r := rand.New(rand.NewPCG(seed, 1))
		m := oddTree(r, 0)
		noAttrs(m)
		check(m)
	}
	check(nil)
}

func noAttrs(n *treegen.Node) {
	if n == nil {
		return
	}
	n.Attrs = nil
	for _, k := range n.Children {
		noAttrs(k)
	}
}

var big = vdom.Limits{MaxJSONBytes: 1 << 30, MaxNodeCount: 1 << 24, MaxTreeDepth: 1 << 20,
	MaxChildrenPerNode: 1 << 24, MaxPropsPerNode: 1 << 20}

func canonical(t *testing.T, src []byte) []byte { return canonicalIn(t, src, vdom.ViewNodes) }

func canonicalIn(t *testing.T, src []byte, v vdom.View) []byte {
	t.Helper()
	var tr vdom.Tree
	l := big
	l.DOMView = v
	if err := vdom.NewDecoder(l).DecodeTree(src, &tr); err != nil {
		t.Fatalf("decode %s: %v", src, err)
	}
	var e vdom.Encoder
	return e.AppendTree(nil, &tr, tr.Root)
}

// TestCanonicalIsEncoder: the canonical writer writes what the engine's
// encoder gives for the tree it decodes from the host's JSON or from JSON;
// both of those are compact valid JSON.
func TestCanonicalIsEncoder(t *testing.T) {
	for seed := uint64(0); seed < 1000; seed++ {
		r := rand.New(rand.NewPCG(seed, 2))
		var n *treegen.Node
		if seed%2 == 0 {
			n = treegen.New(seed).Tree()
		} else if n = oddTree(r, 0); n == nil {
			continue
		}
		want := n.CanonicalJSON()
		for _, src := range [][]byte{n.HostJSON(), n.JSON()} {
			var c bytes.Buffer
			if err := json.Compact(&c, src); err != nil || !bytes.Equal(c.Bytes(), src) {
				t.Fatalf("not compact valid JSON (%v): %s", err, src)
			}
			if got := canonical(t, src); !bytes.Equal(got, want) {
				t.Fatalf("src       %s\nencoder   %s\ncanonical %s", src, got, want)
			}
			if got, want := canonicalIn(t, src, vdom.ViewHTML), n.HTMLView().CanonicalJSON(); !bytes.Equal(got, want) {
				t.Fatalf("src       %s\nencoder (HTML view) %s\nHTMLView canonical  %s", src, got, want)
			}
		}
		if got := n.Flat().CanonicalJSON(); !bytes.Equal(got, want) {
			t.Fatalf("Flat changed the tree: %s\n%s", got, want)
		}
	}
}

// TestShapes pins each writer's shape on a small tree.
func TestShapes(t *testing.T) {
	tr := treegen.Elem("ul", treegen.Attrs("z", "1", "a", "<2>"),
		treegen.Keyed("li", "k", map[string]string{"y": "", "b": "x"}, treegen.Txt("t")),
		nil,
		treegen.Frag(treegen.Raw("<b>")),
		treegen.Elem("p", []treegen.Prop{{Name: "n", Value: "12", Raw: true}}))
	for _, c := range []struct{ name, got, want string }{
		{"host", string(tr.HostJSON()),
			`{"type":"Element","tag":"ul","props":{"z":"1","a":"<2>"},"children":[` +
				`{"type":"Element","tag":"li","props":{"b":"x","y":""},"children":[{"type":"Text","content":"t"}],"key":"k"},` +
				`null,{"type":"Fragment","children":[{"type":"RawHtml","html":"<b>"}]},` +
				`{"type":"Element","tag":"p","props":{"n":12},"children":[],"key":null}],"key":null}`},
		{"canonical", string(tr.CanonicalJSON()),
			`{"type":"Element","tag":"ul","props":{"a":"<2>","z":"1"},"children":[` +
				`{"type":"Element","tag":"li","key":"k","props":{"b":"x","y":""},"children":[{"type":"Text","content":"t"}]},` +
				`{"type":"RawHtml","html":"<b>"},` +
				`{"type":"Element","tag":"p","props":{"n":12},"children":[]}]}`},
		{"json", string(tr.JSON()),
			`{"type":"Element","tag":"ul","props":{"z":"1","a":"\u003c2\u003e"},"children":[` +
				`{"type":"Element","tag":"li","props":{"b":"x","y":""},"children":[{"type":"Text","content":"t"}],"key":"k"},` +
				`null,{"type":"Fragment","children":[{"type":"RawHtml","html":"\u003cb\u003e"}]},` +
				`{"type":"Element","tag":"p","props":{"n":12}}]}`},
		{"nil", string((*treegen.Node)(nil).HostJSON()) + string((*treegen.Node)(nil).CanonicalJSON()), "nullnull"},
	} {
		if c.got != c.want {
			t.Errorf("%s:\ngot  %s\nwant %s", c.name, c.got, c.want)
		}
	}
	if n := tr.Count(); n != 6 {
		t.Errorf("Count %d, want 6", n)
	}
	if got := string(tr.Flat().JSON()); got != `{"type":"Element","tag":"ul","props":{"z":"1","a":"\u003c2\u003e"},"children":[`+
		`{"type":"Element","tag":"li","props":{"b":"x","y":""},"children":[{"type":"Text","content":"t"}],"key":"k"},`+
		`{"type":"RawHtml","html":"\u003cb\u003e"},{"type":"Element","tag":"p","props":{"n":12}}]}` {
		t.Errorf("Flat: %s", got)
	}
}

// TestCloneIsDeep: a clone shares nothing with its original.
func TestCloneIsDeep(t *testing.T) {
	for seed := uint64(0); seed < 200; seed++ {
		n := oddTree(rand.New(rand.NewPCG(seed, 3)), 0)
		if n == nil {
			continue
		}
		before := n.String()
		c := n.Clone()
		scribble(c)
		if n.String() != before {
			t.Fatalf("changing a clone changed the original:\n%s\n%s", before, n.String())
		}
	}
}

// scribble changes every string, prop and child list of n in place.
func scribble(n *treegen.Node) {
	if n == nil {
		return
	}
	n.Tag += "!"
	if n.Key != nil {
		*n.Key += "!"
	}
	if n.Content != nil {
		*n.Content += "!"
	}
	if n.HTML != nil {
		*n.HTML += "!"
	}
	for k := range n.Props {
		n.Props[k] += "!"
	}
	for i := range n.Attrs {
		n.Attrs[i].Value += "!"
	}
	for i, k := range n.Children {
		scribble(k)
		if k == nil {
			n.Children[i] = treegen.Txt("!")
		}
	}
}
