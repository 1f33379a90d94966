package bench_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/minimact/engine/bench"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/patch"
	"github.com/minimact/engine/runtime/reconcile"
)

// expect says what the patch list of a case must hold, beyond exactness and
// being no longer than the case's Need.
var expect = map[string]func(t *testing.T, l *vdom.PatchList){
	"table-unchanged": empty,
	"list-unchanged":  empty,
	"table-one-cell": func(t *testing.T, l *vdom.PatchList) {
		onlyKinds(t, l, vdom.PatchUpdateText)
		count(t, l, 1)
	},
	"list-append": func(t *testing.T, l *vdom.PatchList) {
		onlyKinds(t, l, vdom.PatchCreate)
		count(t, l, bench.ListDelta)
	},
	"list-prepend": func(t *testing.T, l *vdom.PatchList) {
		onlyKinds(t, l, vdom.PatchCreate)
		count(t, l, bench.ListDelta)
	},
	"list-reverse": func(t *testing.T, l *vdom.PatchList) {
		onlyKinds(t, l, vdom.PatchReorderChildren)
		count(t, l, 1)
	},
	"list-swap2": func(t *testing.T, l *vdom.PatchList) {
		onlyKinds(t, l, vdom.PatchReorderChildren)
		count(t, l, 1)
	},
	"list-shuffle": func(t *testing.T, l *vdom.PatchList) {
		onlyKinds(t, l, vdom.PatchReorderChildren)
		count(t, l, 1)
	},
	"list-remove10": func(t *testing.T, l *vdom.PatchList) {
		onlyKinds(t, l, vdom.PatchRemove)
		count(t, l, bench.ListDelta)
	},
	"list-class10": func(t *testing.T, l *vdom.PatchList) {
		onlyKinds(t, l, vdom.PatchUpdateProps)
		count(t, l, bench.ListDelta)
	},
	"chain90": func(t *testing.T, l *vdom.PatchList) {
		onlyKinds(t, l, vdom.PatchUpdateText)
		count(t, l, 1)
		if p := l.PathOf(&l.Patches[0]); len(p) != bench.ChainDepth {
			t.Errorf("UpdateText path has %d indices, want %d", len(p), bench.ChainDepth)
		}
	},
	"table-to-list": func(t *testing.T, l *vdom.PatchList) {
		onlyKinds(t, l, vdom.PatchReplace)
		count(t, l, 1)
		if p := l.PathOf(&l.Patches[0]); len(p) > 1 {
			t.Errorf("Replace at %v, want the root or the container's child", p)
		}
	},
}

func empty(t *testing.T, l *vdom.PatchList) { count(t, l, 0) }

func count(t *testing.T, l *vdom.PatchList, n int) {
	t.Helper()
	if len(l.Patches) != n {
		t.Errorf("%d patches, want %d", len(l.Patches), n)
	}
}

func onlyKinds(t *testing.T, l *vdom.PatchList, k vdom.PatchKind) {
	t.Helper()
	for i := range l.Patches {
		if got := l.Patches[i].Kind; got != k {
			t.Errorf("patch %d is a %v, want only %v", i, got, k)
			return
		}
	}
}

func decodeTree(t *testing.T, src []byte) *vdom.Tree {
	t.Helper()
	var tr vdom.Tree
	if err := vdom.NewDecoder(vdom.Limits{}).DecodeTree(src, &tr); err != nil {
		t.Fatalf("decode tree: %v", err)
	}
	return &tr
}

func decodePatches(t *testing.T, src []byte) *vdom.PatchList {
	t.Helper()
	var l vdom.PatchList
	if err := vdom.NewDecoder(vdom.Limits{}).DecodePatches(src, &l); err != nil {
		t.Fatalf("decode patches %.200s: %v", src, err)
	}
	return &l
}

// applies checks that the patch list src, as JSON, turns old into new.
func applies(t *testing.T, old, new *vdom.Tree, src []byte) *vdom.PatchList {
	t.Helper()
	l := decodePatches(t, src)
	got, err := patch.Apply(old, l)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if !patch.Equal(got, new) {
		t.Fatalf("Apply(old, patches) != new")
	}
	return l
}

// TestCases checks every case: the engine's patch list, as JSON, applied to
// old gives new; it is no longer than Need; it has the expected patches.
func TestCases(t *testing.T) {
	r := reconcile.New(vdom.Limits{})
	cases := bench.Cases()
	if len(cases) != len(expect) {
		t.Errorf("%d cases, %d expectations", len(cases), len(expect))
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			check, ok := expect[c.Name]
			if !ok {
				t.Fatalf("no expectation for case %q", c.Name)
			}
			out, err := r.JSON(c.Old, c.New)
			if err != nil {
				t.Fatalf("reconcile: %v", err)
			}
			out = bytes.Clone(out)
			old, new := decodeTree(t, c.Old), decodeTree(t, c.New)
			l := applies(t, old, new, out)
			check(t, l)
			if len(out) > len(c.Need) {
				t.Errorf("patch list of %d bytes, %d needed\ngot  %.300s\nneed %.300s", len(out), len(c.Need), out, c.Need)
			}
		})
	}
}

// TestNeed checks the cases' own expectation: each Need turns old into new.
func TestNeed(t *testing.T) {
	for _, c := range bench.Cases() {
		t.Run(c.Name, func(t *testing.T) {
			applies(t, decodeTree(t, c.Old), decodeTree(t, c.New), c.Need)
		})
	}
}

// TestUnchangedListHasNoReorder is the requirement in words: an unchanged
// keyed list sends no ReorderChildren.
func TestUnchangedListHasNoReorder(t *testing.T) {
	c := bench.ListUnchanged()
	out, err := reconcile.New(vdom.Limits{}).JSON(c.Old, c.New)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != "[]" {
		t.Errorf("unchanged keyed list: %.300s, want []", out)
	}
}

// TestHostShape checks the inputs look as Newtonsoft.Json writes them:
// compact, valid, members in declaration order, "key":null when unkeyed,
// within the default limits, and the table about 260 KB.
func TestHostShape(t *testing.T) {
	for _, c := range bench.Cases() {
		for _, doc := range [][]byte{c.Old, c.New} {
			if !json.Valid(doc) {
				t.Fatalf("%s: invalid JSON", c.Name)
			}
			var compact bytes.Buffer
			if err := json.Compact(&compact, doc); err != nil || !bytes.Equal(compact.Bytes(), doc) {
				t.Errorf("%s: not compact", c.Name)
			}
			s := string(doc)
			if !strings.HasPrefix(s, `{"type":"Element","tag":`) {
				t.Errorf("%s: starts %.40s", c.Name, s)
			}
			if n := strings.Count(s, `"type":"Element"`); n != strings.Count(s, `"children":[`) ||
				n != strings.Count(s, `"key":`) || n != strings.Count(s, `,"props":{`) {
				t.Errorf("%s: elements do not all carry tag, props, children and key", c.Name)
			}
			// Every case has unkeyed elements, which Newtonsoft writes with
			// "key":null after the children.
			if !strings.Contains(s, `],"key":null}`) {
				t.Errorf("%s: no \"key\":null after children", c.Name)
			}
			decodeTree(t, doc) // default limits
		}
	}
	if n := len(bench.TableOneCell().Old); n < 250_000 || n > 270_000 {
		t.Errorf("table is %d bytes, want about 260 KB", n)
	}
}

// TestDeterministic checks two builds give the same bytes.
func TestDeterministic(t *testing.T) {
	a, b := bench.Cases(), bench.Cases()
	for i := range a {
		if !bytes.Equal(a[i].Old, b[i].Old) || !bytes.Equal(a[i].New, b[i].New) || !bytes.Equal(a[i].Need, b[i].Need) {
			t.Errorf("%s: two builds differ", a[i].Name)
		}
		if _, ok := bench.Lookup(a[i].Name); !ok {
			t.Errorf("Lookup(%q) failed", a[i].Name)
		}
	}
}
