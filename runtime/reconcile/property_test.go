package reconcile_test

import (
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/internal/treegen"
	"github.com/minimact/engine/runtime/patch"
	"github.com/minimact/engine/runtime/reconcile"
)

// view is the DOM view the tests' helpers decode and reconcile in (lim):
// forViews runs a test in each view. Tests of this package do not run in
// parallel.
var view vdom.View

// views are the DOM views every property runs in.
var views = []vdom.View{vdom.ViewHTML, vdom.ViewNodes}

// lim is the default limits in the view.
func lim() vdom.Limits { return vdom.Limits{DOMView: view} }

// forViews runs f as a subtest in each view.
func forViews(t *testing.T, f func(t *testing.T)) {
	for _, v := range views {
		t.Run(v.String(), func(t *testing.T) {
			view = v
			defer func() { view = vdom.ViewHTML }()
			f(t)
		})
	}
}

func decode(t *testing.T, src []byte) *vdom.Tree {
	t.Helper()
	tr := &vdom.Tree{}
	if err := vdom.NewDecoder(lim()).DecodeTree(src, tr); err != nil {
		t.Fatalf("decode %s: %v", src, err)
	}
	return tr
}

// checkExact reconciles old into new and checks, patch by patch, that every
// patch can be applied where it stands and that the result equals new.
func checkExact(t *testing.T, oldJSON, newJSON []byte) (string, bool) {
	old, new := decode(t, oldJSON), decode(t, newJSON)
	l := reconcile.Diff(old, new)
	var enc vdom.Encoder
	out := string(enc.AppendPatches(nil, l))
	w := patch.Clone(old)
	for i := range l.Patches {
		if err := patch.ApplyOne(w, l, &l.Patches[i]); err != nil {
			t.Logf("old %s\nnew %s\npatches %s\npatch %d: %v", oldJSON, newJSON, out, i, err)
			return out, false
		}
	}
	w.Rehash()
	if !patch.Equal(w, new) {
		var e vdom.Encoder
		t.Logf("old %s\nnew %s\npatches %s\ngot %s", oldJSON, newJSON, out, e.AppendTree(nil, w, w.Root))
		return out, false
	}
	return out, true
}

func params() *gopter.TestParameters {
	p := treegen.Params()
	p.MinSuccessfulTests = 3000
	if testing.Short() {
		p.MinSuccessfulTests = 300
	}
	return p
}

func TestPropertyApplyReconcileIsNew(t *testing.T) { forViews(t, testApplyReconcileIsNew) }

func testApplyReconcileIsNew(t *testing.T) {
	props := gopter.NewProperties(params())
	props.Property("Apply(old, Reconcile(old, new)) == new, every patch applicable in turn", prop.ForAll(
		func(p treegen.Pair) bool {
			_, ok := checkExact(t, p.Old.JSON(), p.New.JSON())
			return ok
		},
		treegen.AnyPair(),
	))
	props.Property("Reconcile(t, t) is empty", prop.ForAll(
		func(n *treegen.Node) bool {
			tr := n.JSON()
			out, ok := checkExact(t, tr, tr)
			return ok && out == "[]"
		},
		treegen.AnyTree(),
	))
	props.TestingRun(t)
}
