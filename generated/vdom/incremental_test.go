package vdom

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/minimact/engine/internal/treegen"
)

// sameTree reports the first difference between the trees of a and b, node
// for node from the roots: kinds, strings, props, spans, hashes and, for
// Docs, what the decoder recorded — everything but where the nodes lie in
// the arenas. "" when there is none. A hash a left stale (Doc.stale) is
// not compared.
func sameTree(a, b *Doc) string {
	ta, tb := &a.Tree, &b.Tree
	if ta.HasRoot() != tb.HasRoot() {
		return "one has no root"
	}
	if !ta.HasRoot() {
		return ""
	}
	if a.count != b.count {
		return fmt.Sprintf("node counts %d and %d", a.count, b.count)
	}
	type pair struct {
		x, y int32
		path string
	}
	stack := []pair{{ta.Root, tb.Root, "[]"}}
	str := func(p string, x, y Str) string {
		if (x.Off&bufBit == 0) != (y.Off&bufBit == 0) {
			if string(ta.Bytes(x)) == string(tb.Bytes(y)) && x.Off&bufBit != 0 && y.Off&bufBit != 0 {
				return ""
			}
			return p + ": one string is a view, the other not"
		}
		if x.Off&bufBit == 0 && x != y {
			return fmt.Sprintf("%s: views %v and %v", p, x, y)
		}
		if !bytes.Equal(ta.Bytes(x), tb.Bytes(y)) {
			return fmt.Sprintf("%s: %q and %q", p, ta.Bytes(x), tb.Bytes(y))
		}
		return ""
	}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		x, y := &ta.Nodes[p.x], &tb.Nodes[p.y]
		if x.Kind != y.Kind || x.Keyed != y.Keyed || x.NKids != y.NKids || x.NProps != y.NProps {
			return fmt.Sprintf("%s: nodes %+v and %+v", p.path, *x, *y)
		}
		if x.Start != y.Start || x.End != y.End {
			return fmt.Sprintf("%s: spans [%d,%d) and [%d,%d)", p.path, x.Start, x.End, y.Start, y.End)
		}
		if x.Hash != y.Hash && (x.Hash != staleHash || !slices.Contains(a.stale, p.x)) {
			return fmt.Sprintf("%s: hashes %x and %x", p.path, x.Hash, y.Hash)
		}
		fx, fy := x.strFields(), y.strFields()
		for i := range fx {
			if d := str(p.path, *fx[i], *fy[i]); d != "" {
				return d
			}
		}
		px, py := ta.PropList(p.x), tb.PropList(p.y)
		for i := range px {
			if px[i].Raw != py[i].Raw {
				return p.path + ": raw"
			}
			if d := str(p.path+" prop", px[i].Name, py[i].Name); d != "" {
				return d
			}
			if d := str(p.path+" prop", px[i].Val, py[i].Val); d != "" {
				return d
			}
		}
		ma, mb := a.meta[p.x], b.meta[p.y]
		if ma.objs != mb.objs || ma.kidsOpen != mb.kidsOpen || ma.kidsClose != mb.kidsClose {
			return fmt.Sprintf("%s: meta %+v and %+v", p.path, ma, mb)
		}
		if ma.depth < mb.depth {
			return fmt.Sprintf("%s: depth %d below the decoder's %d", p.path, ma.depth, mb.depth)
		}
		kx, ky := ta.Children(p.x), tb.Children(p.y)
		for i := range kx {
			stack = append(stack, pair{kx[i], ky[i], fmt.Sprintf("%s.%d", p.path, i)})
		}
	}
	return ""
}

// redecodeCheck redecodes next from cur into dst and checks the result
// against a plain decode of next: the same tree, or the same error.
func redecodeCheck(t *testing.T, d *Decoder, cur, dst *Doc, next []byte, isBinary bool) *Graft {
	t.Helper()
	var g Graft
	err := d.Redecode(cur, next, isBinary, dst, &g)
	var want Doc
	werr := NewDecoder(d.lim).DecodeDoc(next, isBinary, &want)
	if (err == nil) != (werr == nil) {
		t.Fatalf("Redecode: %v; plain decode: %v\ncur  %.300s\nnext %.300s", err, werr, cur.src, next)
	}
	if err != nil {
		if err.Error() != werr.Error() {
			t.Fatalf("Redecode: %v; plain decode: %v", err, werr)
		}
		return &g
	}
	got := dst
	if g.Unchanged {
		got = cur
	}
	if diff := sameTree(got, &want); diff != "" {
		t.Fatalf("Redecode differs from a decode: %s\ngraft %+v\ncur  %.400s\nnext %.400s", diff, g, cur.src, next)
	}
	// the hashes left stale are the graft's ancestors, and settle to a
	// decode's
	for i, a := range got.stale {
		if got.Tree.Nodes[a].Hash != staleHash || !g.Unchanged && (i >= len(g.Ancestors) || g.Ancestors[i] != a) {
			t.Fatalf("stale %v, graft %+v", got.stale, g)
		}
	}
	var settled Doc
	settled.CopyFrom(got)
	settled.settle(0)
	if diff := sameTree(&settled, &want); diff != "" {
		t.Fatalf("settled, Redecode differs from a decode: %s\ngraft %+v\ncur  %.400s\nnext %.400s", diff, g, cur.src, next)
	}
	return &g
}

func host(n *treegen.Node) []byte { return n.HostJSON() }

// TestRedecodeMatchesDecode walks chains of random edits (treegen's
// mutations: texts, props, tags, keys, children shuffled, removed, inserted,
// reversed; Fragments and nulls) and checks that each document redecoded
// from the previous one is what a decode gives, in JSON and in binary.
func TestRedecodeMatchesDecode(t *testing.T) {
	for _, isBinary := range []bool{false, true} {
		for seed := uint64(1); seed <= 150; seed++ {
			g := treegen.New(seed)
			g.MaxDepth, g.MaxKids = 5, 7
			d := NewDecoder(Limits{})
			var docs [2]Doc
			var e Encoder
			enc := func(n *treegen.Node) []byte {
				src := host(n)
				if !isBinary {
					return src
				}
				var tr Tree
				if err := NewDecoder(Limits{}).DecodeTree(src, &tr); err != nil {
					t.Fatal(err)
				}
				return e.AppendBinary(nil, &tr, tr.Root)
			}
			cur := g.Tree()
			if err := d.DecodeDoc(enc(cur), isBinary, &docs[0]); err != nil {
				t.Fatal(err)
			}
			c := 0
			for step := 0; step < 30; step++ {
				next := g.Mutate(cur)
				if step%7 == 6 {
					next = g.Mutate(next)
				}
				gr := redecodeCheck(t, d, &docs[c], &docs[1-c], enc(next), isBinary)
				if !gr.Unchanged {
					c = 1 - c
				}
				cur = next
			}
		}
	}
}

// TestRedecodeGrafts: a change inside one cell of a table re-decodes that
// cell's element only; a change of length moves what follows; an inserted
// or removed row re-decodes the body, taking the other rows over.
func TestRedecodeGrafts(t *testing.T) {
	row := func(i int, cell string) string {
		return `{"type":"Element","tag":"tr","props":{},"children":[{"type":"Element","tag":"td","props":{"class":"c"},"children":[{"type":"Text","content":"` + cell + `"}],"key":null},{"type":"Element","tag":"td","props":{},"children":[{"type":"Text","content":"r` + fmt.Sprint(i) + `"}],"key":null}],"key":"r` + fmt.Sprint(i) + `"}`
	}
	table := func(rows ...string) []byte {
		return []byte(`{"type":"Element","tag":"table","props":{"id":"t"},"children":[{"type":"Element","tag":"tbody","props":{},"children":[` + strings.Join(rows, ",") + `],"key":null}],"key":"tab"}`)
	}
	var rows []string
	for i := 0; i < 20; i++ {
		rows = append(rows, row(i, "cell"))
	}
	d := NewDecoder(Limits{})
	var a, b Doc
	if err := d.DecodeDoc(table(rows...), false, &a); err != nil {
		t.Fatal(err)
	}
	edit := func(i int, cell string) []string {
		r := append([]string(nil), rows...)
		r[i] = row(i, cell)
		return r
	}
	// same length: only the td's subtree is decoded again
	g := redecodeCheck(t, d, &a, &b, table(edit(7, "CELL")...), false)
	if g.Full || len(g.Path) != 3 || g.Path[0] != 0 || g.Path[1] != 7 || g.Path[2] != 0 || g.Decoded > 120 {
		t.Fatalf("one cell: %+v", g)
	}
	// longer text: what follows moves
	g = redecodeCheck(t, d, &a, &b, table(edit(3, "a longer cell")...), false)
	if g.Full || len(g.Path) != 3 || g.Decoded > 130 {
		t.Fatalf("longer cell: %+v", g)
	}
	// a row removed and one inserted: the body, its other rows taken over
	r := append(append([]string(nil), rows[:5]...), rows[6:]...)
	g = redecodeCheck(t, d, &a, &b, table(r...), false)
	if g.Full || len(g.Path) != 1 || g.Decoded > 200 {
		t.Fatalf("row removed: %+v", g)
	}
	r = append(append(append([]string(nil), rows[:5]...), row(99, "new")), rows[5:]...)
	g = redecodeCheck(t, d, &a, &b, table(r...), false)
	if g.Full || len(g.Path) != 1 || g.Decoded > 600 {
		t.Fatalf("row inserted: %+v", g)
	}
	// the rows reversed, and shuffled: every row found by its content
	rev := append([]string(nil), rows...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	g = redecodeCheck(t, d, &a, &b, table(rev...), false)
	if g.Full || g.Decoded > 1500 {
		t.Fatalf("rows reversed: %+v", g)
	}
	shuf := append([]string(nil), rows...)
	for i := range shuf {
		j := (i*7 + 3) % len(shuf)
		shuf[i], shuf[j] = shuf[j], shuf[i]
	}
	g = redecodeCheck(t, d, &a, &b, table(shuf...), false)
	if g.Full || g.Decoded > len(table(shuf...))/2 {
		t.Fatalf("rows shuffled: %+v", g)
	}
	// the root's own prop: the whole document, its child taken over
	g = redecodeCheck(t, d, &a, &b, bytes.Replace(table(rows...), []byte(`"id":"t"`), []byte(`"id":"u"`), 1), false)
	if g.Full || len(g.Path) != 0 || g.Decoded > 200 {
		t.Fatalf("root prop: %+v", g)
	}
	// unchanged
	if g = redecodeCheck(t, d, &a, &b, table(rows...), false); !g.Unchanged {
		t.Fatalf("unchanged: %+v", g)
	}
}

// TestRedecodeNeverHidesAChange: documents built so that the changed bytes
// sit where a careless incremental decoder would not look — inside a span
// that an old node's bytes end like, a node split in two, a text turned into
// an element and back, the same bytes moved into a Fragment, duplicated
// items, escapes, a change of the node limit's count at the limit — must
// each decode to what a plain decode gives.
func TestRedecodeNeverHidesAChange(t *testing.T) {
	el := func(tag, kids string) string {
		return `{"type":"Element","tag":"` + tag + `","props":{},"children":[` + kids + `]}`
	}
	txt := func(s string) string { return `{"type":"Text","content":"` + s + `"}` }
	li := func(k, s string) string {
		return `{"type":"Element","tag":"li","props":{},"children":[` + txt(s) + `],"key":"` + k + `"}`
	}
	frag := func(kids string) string { return `{"type":"Fragment","children":[` + kids + `]}` }
	cases := [][]string{
		{el("ul", li("a", "1")+","+li("b", "2")), el("ul", li("a", "1")+","+li("b", "2")+","+li("b", "2"))},
		{el("ul", li("a", "1")), el("ul", li("a", "1")+","+li("a", "1"))},
		{el("div", el("p", txt("x"))), el("div", el("p", txt("x"))+","+el("p", txt("y")))},
		{el("div", el("p", txt("x"))), el("div", txt("x"))},
		{el("div", txt("x")), el("div", el("p", txt("x")))},
		{el("div", li("a", "1")+","+li("b", "2")), el("div", frag(li("a", "1")+","+li("b", "2")))},
		{el("div", frag(li("a", "1")+","+li("b", "2"))), el("div", li("a", "1")+","+li("b", "2"))},
		{el("div", frag(li("a", "1"))+","+li("b", "2")), el("div", frag(li("a", "1")+","+li("b", "2")))},
		{el("div", txt("a")+","+txt("b")), el("div", txt("a")+","+txt("c"))},
		{el("div", el("p", txt(`a\"b`))), el("div", el("p", txt(`a\u0022b`)))},
		{el("div", el("p", txt("x"))), el("div", el("p", txt("x"))+",null")},
		{el("div", "null,"+el("p", txt("x"))), el("div", el("p", txt("x")))},
		{el("div", el("p", txt("x"))), el("div", el("p", txt("x"))+`],"key":"k"}`)[:len(el("div", el("p", txt("x"))))-1] + `,"key":"k"}`},
		{el("div", el("p", txt("x"))), el("div", el("p", txt("x"))) + " "},
		{el("div", el("p", txt("x"))), " " + el("div", el("p", txt("x")))},
		{el("div", el("p", txt("x"))), el("div", el("p", txt("x"))) + `x`},
		{el("div", el("p", txt("x"))), el("div", el("p", txt("x")+"}"))},
		{el("div", el("p", txt("x"))), el("div", el("p", `{"type":"Text","content":"x","content":"y"}`))},
		{el("div", el("p", txt("x"))), el("div", el("p", `{"type":"Text","content":"x\xff"}`))},
	}
	// a reversed list whose items hash alike where the index looks (the same
	// bytes there) and differ only at their ends; and the same list with one
	// item's end changed: the index must never take the look-alike
	var items, rev, tweak []string
	for i := 0; i < 40; i++ {
		items = append(items, li("same-key-prefix-for-every-item", "text of the same length "+string(rune('A'+i%26))+string(rune('a'+i/26))))
	}
	for i := len(items) - 1; i >= 0; i-- {
		rev = append(rev, items[i])
	}
	tweak = append([]string(nil), rev...)
	tweak[7] = strings.Replace(tweak[7], "length", "LENGTH", 1)
	cases = append(cases,
		[]string{el("ul", strings.Join(items, ",")), el("ul", strings.Join(rev, ","))},
		[]string{el("ul", strings.Join(items, ",")), el("ul", strings.Join(tweak, ","))},
	)
	for i, c := range cases {
		for _, lim := range []Limits{{}, {MaxNodeCount: 5}, {MaxTreeDepth: 2}, {MaxChildrenPerNode: 2}} {
			d := NewDecoder(lim)
			var a, b Doc
			if err := d.DecodeDoc([]byte(c[0]), false, &a); err != nil {
				continue
			}
			t.Run(fmt.Sprint(i), func(t *testing.T) { redecodeCheck(t, d, &a, &b, []byte(c[1]), false) })
		}
	}
}

// TestCompact: a long chain of grafts leaves garbage in the arenas, which
// Compact drops, leaving the same tree.
func TestCompact(t *testing.T) {
	var rows []string
	for i := 0; i < 50; i++ {
		rows = append(rows, fmt.Sprintf(`{"type":"Element","tag":"li","props":{"class":"a\\nb"},"children":[{"type":"Text","content":"item %d\\t"}],"key":"k%d"}`, i, i))
	}
	doc := func(n int) []byte {
		r := append([]string(nil), rows...)
		r[n%50] = strings.Replace(r[n%50], "item", "ITEM"+fmt.Sprint(n), 1)
		return []byte(`{"type":"Element","tag":"ul","props":{},"children":[` + strings.Join(r, ",") + `]}`)
	}
	d := NewDecoder(Limits{})
	var docs [2]Doc
	var scratch Doc
	if err := d.DecodeDoc(doc(0), false, &docs[0]); err != nil {
		t.Fatal(err)
	}
	c, compacted := 0, 0
	for i := 1; i < 400; i++ {
		redecodeCheck(t, d, &docs[c], &docs[1-c], doc(i), false)
		c = 1 - c
		if docs[c].Compact(&scratch) {
			compacted++
			var want Doc
			if err := NewDecoder(Limits{}).DecodeDoc(doc(i), false, &want); err != nil {
				t.Fatal(err)
			}
			if diff := sameTree(&docs[c], &want); diff != "" {
				t.Fatalf("compacted tree differs: %s", diff)
			}
		}
		if n := len(docs[c].Tree.Nodes); n > 4*docs[c].count+256 {
			t.Fatalf("arena of %d nodes for %d live", n, docs[c].count)
		}
	}
	if compacted == 0 {
		t.Fatal("never compacted")
	}
}

// FuzzRedecode: a document redecoded from any other gives what a plain
// decode gives — the same tree or the same error — in JSON, and in binary
// for the pairs that decode as JSON, under the default limits and small
// ones.
func FuzzRedecode(f *testing.F) {
	for seed := uint64(1); seed < 12; seed++ {
		g := treegen.New(seed)
		old, new := g.Pair()
		f.Add(host(old), host(new))
	}
	small := Limits{MaxTreeDepth: 4, MaxNodeCount: 24, MaxChildrenPerNode: 5, MaxPropKeyLength: 6,
		MaxPropValueLength: 8, MaxTextLength: 8, MaxJSONBytes: 600, MaxPropsPerNode: 3}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		for _, lim := range []Limits{{}, small} {
			d := NewDecoder(lim)
			var cur, dst Doc
			if d.DecodeDoc(a, false, &cur) != nil {
				continue
			}
			redecodeCheck(t, d, &cur, &dst, b, false)
			var e Encoder
			var tb Tree
			if NewDecoder(Limits{}).DecodeTree(b, &tb) != nil {
				continue
			}
			ba, bb := e.AppendBinary(nil, &cur.Tree, cur.Tree.Root), e.AppendBinary(nil, &tb, tb.Root)
			var bcur, bdst Doc
			if d.DecodeDoc(ba, true, &bcur) != nil {
				continue
			}
			redecodeCheck(t, d, &bcur, &bdst, bb, true)
		}
	})
}

// TestRedecodeWorkIsLinear: on large lists reordered, swapped, filtered and
// edited, in JSON and in binary, what Redecode compares to take children
// over stays within a small multiple of the document (counted, not timed),
// and it decodes again a small part of it.
func TestRedecodeWorkIsLinear(t *testing.T) {
	item := func(i int, s string) string {
		return fmt.Sprintf(`{"type":"Element","tag":"li","props":{"class":"item%s","data-id":"%d"},"children":[{"type":"Text","content":"item number %d"}],"key":"item-%d"}`, s, i, i, i)
	}
	list := func(ids []int, s func(int) string) []byte {
		var items []string
		for _, i := range ids {
			items = append(items, item(i, s(i)))
		}
		return []byte(`{"type":"Element","tag":"ul","props":{},"children":[` + strings.Join(items, ",") + `],"key":null}`)
	}
	plain := func(int) string { return "" }
	ids := make([]int, 900)
	for i := range ids {
		ids[i] = i
	}
	swapped := append([]int(nil), ids...)
	swapped[1], swapped[898] = swapped[898], swapped[1]
	reversed := make([]int, len(ids))
	for i := range ids {
		reversed[i] = ids[len(ids)-1-i]
	}
	var filtered []int
	for _, i := range ids {
		if i%10 != 9 {
			filtered = append(filtered, i)
		}
	}
	base := list(ids, plain)
	for _, c := range []struct {
		name string
		next []byte
	}{
		{"swap", list(swapped, plain)},
		{"reverse", list(reversed, plain)},
		{"remove", list(filtered, plain)},
		{"class", list(ids, func(i int) string {
			if i%10 == 3 {
				return " on"
			}
			return ""
		})},
	} {
		for _, isBinary := range []bool{false, true} {
			a, b := base, c.next
			if isBinary {
				var e Encoder
				var ta, tb Tree
				if NewDecoder(Limits{}).DecodeTree(a, &ta) != nil || NewDecoder(Limits{}).DecodeTree(b, &tb) != nil {
					t.Fatal("bad test document")
				}
				a, b = e.AppendBinary(nil, &ta, ta.Root), e.AppendBinary(nil, &tb, tb.Root)
			}
			d := NewDecoder(Limits{})
			var cur, dst Doc
			if err := d.DecodeDoc(a, isBinary, &cur); err != nil {
				t.Fatal(err)
			}
			g := redecodeCheck(t, d, &cur, &dst, b, isBinary)
			if g.Compared > 4*len(b) || g.Decoded > len(b)/5 {
				t.Errorf("%s (binary %v): compared %d and decoded %d bytes of a %d-byte document", c.name, isBinary, g.Compared, g.Decoded, len(b))
			}
		}
	}
}

// TestRedecodeInsertionBetweenChildren: bytes inserted right after a child
// (items appended) or right before one (items prepended, or put between
// two), or items removed, lie between children, so the list is re-decoded at
// once (one attempt), not first the child the change touches or that the
// inserted items begin like (an attempt that always fails and leaves every
// node taken over to be copied again). Appended items leave the others where
// they were: no node is rewritten.
func TestRedecodeInsertionBetweenChildren(t *testing.T) {
	item := func(i int) string {
		return fmt.Sprintf(`{"type":"Element","tag":"li","props":{"data-id":"%d"},"children":[{"type":"Text","content":"item %d"}],"key":"k%d"}`, i, i, i)
	}
	docOf := func(ids []int) []byte {
		var items []string
		for _, i := range ids {
			items = append(items, item(i))
		}
		return []byte(`{"type":"Element","tag":"div","props":{},"children":[{"type":"Element","tag":"ul","props":{},"children":[` + strings.Join(items, ",") + `],"key":null}],"key":null}`)
	}
	ids := func(from, to int, skip ...int) []int {
		var s []int
		for i := from; i < to; i++ {
			if !slices.Contains(skip, i) {
				s = append(s, i)
			}
		}
		return s
	}
	doc := func(from, to int) []byte { return docOf(ids(from, to)) }
	d := NewDecoder(Limits{})
	for _, isBinary := range []bool{false, true} {
		for _, c := range []struct {
			name     string
			old, new []byte
			moved    int
		}{
			{"appended", doc(0, 50), doc(0, 60), 0},
			{"removed at the end", doc(0, 60), doc(0, 50), 0},
			{"prepended", doc(10, 60), doc(0, 60), 2 * 50}, // the 50 items after them, two nodes each
			{"put between", docOf(ids(0, 60, 20, 21, 22)), doc(0, 60), 2 * 37},
			{"removed between", doc(0, 60), docOf(ids(0, 60, 20, 21, 22)), 2 * 37},
			{"one put between", docOf(ids(0, 60, 30)), doc(0, 60), 2 * 29},
			{"one removed between", doc(0, 60), docOf(ids(0, 60, 30)), 2 * 29},
		} {
			a, b := c.old, c.new
			if isBinary {
				var e Encoder
				var ta, tb Tree
				if NewDecoder(Limits{}).DecodeTree(a, &ta) != nil || NewDecoder(Limits{}).DecodeTree(b, &tb) != nil {
					t.Fatal("bad test document")
				}
				a, b = e.AppendBinary(nil, &ta, ta.Root), e.AppendBinary(nil, &tb, tb.Root)
			}
			var cur, dst Doc
			if err := d.DecodeDoc(a, isBinary, &cur); err != nil {
				t.Fatal(err)
			}
			g := redecodeCheck(t, d, &cur, &dst, b, isBinary)
			if g.Full || len(g.Path) != 1 || g.Moved > c.moved || g.Attempts != 1 {
				t.Errorf("%s (binary %v): path %v, %d attempts, %d nodes rewritten, want at most %d", c.name, isBinary, g.Path, g.Attempts, g.Moved, c.moved)
			}
		}
	}
}
