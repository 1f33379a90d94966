package reconcile_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/internal/treegen"
	"github.com/minimact/engine/runtime/patch"
	"github.com/minimact/engine/runtime/reconcile"
)

// toBinary returns the binary encoding of a JSON tree.
func toBinary(t *testing.T, src []byte) []byte {
	t.Helper()
	tr := decode(t, src)
	var e vdom.Encoder
	return e.AppendBinary(nil, tr, tr.Root)
}

// checkRender renders next on s and checks the reply: exactly the patch
// list reconcile.Diff gives for plain decodes of the two documents, and one
// that Apply turns the previous tree into next with.
func checkRender(t *testing.T, r *reconcile.Reconciler, s *reconcile.Retained, prev, next []byte, isBinary bool) {
	t.Helper()
	src := next
	if isBinary {
		src = toBinary(t, next)
	}
	got, err := r.Render(s, src, isBinary)
	if err != nil {
		t.Fatalf("render: %v\nnext %.300s", err, next)
	}
	if n := strings.Count(string(got), `{"type":"`) - strings.Count(string(got), `"node":{"type":"`); r.Patches() < 0 || (r.Patches() == 0) != (string(got) == "[]") {
		t.Fatalf("Patches() %d for %s (%d)", r.Patches(), got, n)
	}
	nt := decode(t, next)
	var want []byte
	var e vdom.Encoder
	if prev == nil {
		want = e.AppendPatches(nil, reconcile.Diff(&vdom.Tree{Root: -1}, nt))
	} else {
		want = e.AppendPatches(nil, reconcile.Diff(decode(t, prev), nt))
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("render gives %s\nDiff gives   %s\nprev %.400s\nnext %.400s", got, want, prev, next)
	}
	if prev != nil {
		var l vdom.PatchList
		if err := vdom.NewDecoder(vdom.Limits{}).DecodePatches(bytes.Clone(got), &l); err != nil {
			t.Fatal(err)
		}
		applied, err := patch.Apply(decode(t, prev), &l)
		if err != nil || !patch.Equal(applied, nt) {
			t.Fatalf("apply(prev, render) != next: %v\n%s", err, got)
		}
	}
	if cur := s.Current(); cur == nil || !patch.Equal(&cur.Tree, nt) {
		t.Fatal("the retained tree is not the rendered one")
	}
}

// TestRenderChains renders chains of random edits on retained trees, in
// JSON and in binary, with and without the previous tree kept: every reply
// is the plain diff's, byte for byte.
func TestRenderChains(t *testing.T) {
	for _, isBinary := range []bool{false, true} {
		for seed := uint64(1); seed <= 60; seed++ {
			g := treegen.New(seed)
			g.MaxDepth, g.MaxKids = 5, 7
			r := reconcile.New(vdom.Limits{})
			s := reconcile.NewRetained(seed%2 == 0)
			var prev []byte
			cur := g.Tree()
			for step := 0; step < 25; step++ {
				next := cur.HostJSON()
				checkRender(t, r, s, prev, next, isBinary)
				if p := s.Previous(); seed%2 == 0 && prev != nil && (p == nil || !patch.Equal(&p.Tree, decode(t, prev))) {
					t.Fatal("Previous is not the tree before the render")
				}
				prev = next
				cur = g.Mutate(cur)
				if step%9 == 8 {
					cur = g.Tree()
				}
			}
		}
	}
}

// TestRenderErrors: a document that does not decode is refused with the
// decoder's error and changes nothing; the next render diffs from the tree
// before it.
func TestRenderErrors(t *testing.T) {
	r := reconcile.New(vdom.Limits{MaxNodeCount: 50})
	s := reconcile.NewRetained(true)
	row := func(i int, s string) string {
		return fmt.Sprintf(`{"type":"Element","tag":"li","props":{},"children":[{"type":"Text","content":"%s"}],"key":"%d"}`, s, i)
	}
	list := func(n int, s string) []byte {
		var rows []string
		for i := 0; i < n; i++ {
			rows = append(rows, row(i, s))
		}
		return []byte(`{"type":"Element","tag":"ul","props":{},"children":[` + strings.Join(rows, ",") + `]}`)
	}
	checkRender(t, r, s, nil, list(10, "a"), false)
	for _, bad := range [][]byte{
		list(30, "a"), // 61 nodes
		bytes.Replace(list(10, "a"), []byte(`"a"`), []byte(`"\xff"`), 1),
		bytes.Replace(list(10, "a"), []byte(`"a"}`), []byte(`"a"`), 1),
		[]byte(`{`),
	} {
		if _, err := r.Render(s, bad, false); err == nil {
			t.Fatalf("render of %.100s succeeded", bad)
		}
		var want vdom.Tree
		if vdom.CodeOf(vdom.NewDecoder(vdom.Limits{MaxNodeCount: 50}).DecodeTree(bad, &want)) == vdom.Success {
			t.Fatal("a plain decode accepts it")
		}
	}
	checkRender(t, r, s, list(10, "a"), list(10, "b"), false)
	if p := s.Previous(); p == nil || !patch.Equal(&p.Tree, decode(t, list(10, "a"))) {
		t.Fatal("previous tree lost")
	}
}

// TestRenderWork: a render of the one-cell change decodes again only the
// changed cell, and one render after another allocates nothing.
func TestRenderWork(t *testing.T) {
	var rows []string
	for i := 0; i < 300; i++ {
		rows = append(rows, fmt.Sprintf(`{"type":"Element","tag":"tr","props":{},"children":[{"type":"Element","tag":"td","props":{},"children":[{"type":"Text","content":"a%d"}],"key":null},{"type":"Element","tag":"td","props":{},"children":[{"type":"Text","content":"b%d"}],"key":null}],"key":"r%d"}`, i, i, i))
	}
	doc := func(cell string) []byte {
		r := append([]string(nil), rows...)
		r[150] = strings.Replace(r[150], `"b150"`, `"`+cell+`"`, 1)
		return []byte(`{"type":"Element","tag":"table","props":{},"children":[` + strings.Join(r, ",") + `],"key":null}`)
	}
	r := reconcile.New(vdom.Limits{})
	s := reconcile.NewRetained(true)
	a, b := doc("xxxx"), doc("yyyy")
	checkRender(t, r, s, nil, a, false)
	checkRender(t, r, s, a, b, false)
	if got := r.LastDecoded(); got > 120 {
		t.Fatalf("the one-cell render decoded %d bytes again", got)
	}
	if raceOn {
		return
	}
	i := 0
	if n := testing.AllocsPerRun(50, func() {
		if i%2 == 0 {
			r.Render(s, a, false)
		} else {
			r.Render(s, b, false)
		}
		i++
	}); n != 0 {
		t.Fatalf("%v allocations per render", n)
	}
}

// TestJSONAllocs: JSON allocates nothing in steady state, chained (each old
// tree the previous new one, through the tree cache) and cold (two
// documents never seen, the root's prop rewritten every call), on a list
// that is reordered and one whose item changes length.
func TestJSONAllocs(t *testing.T) {
	if raceOn {
		t.Skip("allocation counts under the race detector mean nothing")
	}
	item := func(i int, s string) string {
		return fmt.Sprintf(`{"type":"Element","tag":"li","props":{"class":"item","data-id":"%d"},"children":[{"type":"Text","content":"item %d %s"}],"key":"k%d"}`, i, i, s, i)
	}
	list := func(order []int, s string, call int) []byte {
		var items []string
		for _, i := range order {
			items = append(items, item(i, s))
		}
		return []byte(fmt.Sprintf(`{"type":"Element","tag":"ul","props":{"data-call":"%08d"},"children":[%s],"key":null}`, call, strings.Join(items, ",")))
	}
	fwd := make([]int, 300)
	rev := make([]int, 300)
	for i := range fwd {
		fwd[i], rev[i] = i, 299-i
	}
	for _, c := range []struct {
		name string
		a, b func(call int) []byte
	}{
		{"reverse", func(call int) []byte { return list(fwd, "x", call) }, func(call int) []byte { return list(rev, "x", call) }},
		{"longer", func(call int) []byte { return list(fwd, "x", call) }, func(call int) []byte { return list(fwd, "a longer text", call) }},
	} {
		r := reconcile.New(vdom.Limits{})
		// chained
		docs := [2][]byte{c.a(0), c.b(0)}
		i := 0
		step := func() {
			if _, err := r.JSON(docs[i%2], docs[(i+1)%2]); err != nil {
				t.Fatal(err)
			}
			i++
		}
		for k := 0; k < 40; k++ {
			step()
		}
		if n := testing.AllocsPerRun(100, step); n != 0 {
			t.Errorf("%s chained: %v allocations per call", c.name, n)
		}
		// cold: the digits rewritten in place, as the C ABI benchmark does
		oa, ob := c.a(0), c.b(0)
		at := bytes.Index(oa, []byte(`"data-call":"`)) + 13
		call := 0
		cold := func() {
			call++
			d := []byte(fmt.Sprintf("%08d", call%100000000))
			copy(oa[at:], d)
			copy(ob[at:], d)
			if _, err := r.JSON(oa, ob); err != nil {
				t.Fatal(err)
			}
		}
		for k := 0; k < 40; k++ {
			cold()
		}
		if n := testing.AllocsPerRun(100, cold); n > 1 { // the Sprintf of the digits
			t.Errorf("%s cold: %v allocations per call", c.name, n)
		}
	}
}

// TestRenderFindsKeysByNode: a reordered list's children taken over by the
// Redecode are paired with their old selves through their node numbers:
// only the few children decoded again (the moved ones the Redecode did not
// find) are looked up by their key's bytes, not all 200.
func TestRenderFindsKeysByNode(t *testing.T) {
	item := func(i int) string {
		return fmt.Sprintf(`{"type":"Element","tag":"li","props":{"data-id":"%d"},"children":[{"type":"Text","content":"item %d"}],"key":"k%d"}`, i, i, i)
	}
	list := func(ids []int) []byte {
		var items []string
		for _, i := range ids {
			items = append(items, item(i))
		}
		return []byte(`{"type":"Element","tag":"ul","props":{},"children":[` + strings.Join(items, ",") + `],"key":null}`)
	}
	ids := make([]int, 200)
	for i := range ids {
		ids[i] = i
	}
	swapped := append([]int(nil), ids...)
	swapped[1], swapped[198] = swapped[198], swapped[1]
	reversed := make([]int, len(ids))
	for i := range ids {
		reversed[i] = ids[len(ids)-1-i]
	}
	withNew := append(append([]int(nil), reversed[:100]...), 1000)
	withNew = append(withNew, reversed[100:]...)
	for _, isBinary := range []bool{false, true} {
		r := reconcile.New(vdom.Limits{})
		s := reconcile.NewRetained(false)
		prev := list(ids)
		checkRender(t, r, s, nil, prev, isBinary)
		for _, c := range []struct {
			name  string
			next  []byte
			finds int
		}{
			{"swapped", list(swapped), 4},
			{"back", list(ids), 4},
			{"reversed", list(reversed), 4},
			{"one item new", list(withNew), 5},
		} {
			reconcile.KeyFinds(r)
			checkRender(t, r, s, prev, c.next, isBinary)
			if n := reconcile.KeyFinds(r); n > c.finds {
				t.Errorf("%s (binary %v): %d keys looked up by their bytes, want at most %d", c.name, isBinary, n, c.finds)
			}
			prev = c.next
		}
	}
}
