package accuracy

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/minimact/engine/generated/vdom"
)

// TestBasicCorpusUnchanged: the 15-kind corpus is what it was when its
// figures were recorded (README.md; issue 4), step for step.
func TestBasicCorpusUnchanged(t *testing.T) {
	st, err := Steps(4500, 1, "")
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	for _, s := range st {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00", s.Kind, s.Change, s.OldTree, s.NewTree)
	}
	const want = "256eee283151072bccbc9e7ab990e3dd75f3f931ace65b22c7210f02f41ea659"
	if got := fmt.Sprintf("%x", h.Sum(nil)); got != want {
		t.Fatalf("the 15-kind corpus changed: sha256 %s, want %s", got, want)
	}
}

// TestAppsCorpusSize: the 30-kind corpus has at least 30 kinds, the basic
// ones first, each kind with its instances and its steps.
func TestAppsCorpusSize(t *testing.T) {
	kinds := KindsOf(Apps)
	if len(kinds) < 30 || !slices.Equal(kinds[:len(Kinds)], Kinds) {
		t.Fatalf("apps kinds: %v", kinds)
	}
	for _, k := range kinds {
		if appMakers[k] == nil {
			t.Fatalf("%s: no maker", k)
		}
	}
	if len(appMakers) != len(kinds) {
		t.Fatalf("%d makers for %d kinds", len(appMakers), len(kinds))
	}
	st, err := CorpusSteps(Apps, 300*len(kinds), 1, "")
	if err != nil {
		t.Fatal(err)
	}
	inst := map[string]map[string]bool{}
	for _, s := range st {
		if inst[s.Kind] == nil {
			inst[s.Kind] = map[string]bool{}
		}
		inst[s.Kind][s.Component] = true
	}
	for _, k := range kinds {
		if n := len(inst[k]); n != InstancesPerKind {
			t.Errorf("%s: %d instances, want %d", k, n, InstancesPerKind)
		}
	}
}

// TestCorporaDeterministic: the same seed gives the same steps.
func TestCorporaDeterministic(t *testing.T) {
	for _, c := range []string{Basic, Apps} {
		a, err := CorpusSteps(c, 2000, 5, "")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := CorpusSteps(c, 2000, 5, "")
		if len(a) != len(b) {
			t.Fatalf("%s: %d and %d steps", c, len(a), len(b))
		}
		for i := range a {
			x, y := a[i], b[i]
			if x.Kind != y.Kind || x.Component != y.Component || !bytes.Equal(x.Change, y.Change) || !bytes.Equal(x.OldTree, y.OldTree) ||
				!bytes.Equal(x.NewTree, y.NewTree) || !bytes.Equal(x.State, y.State) {
				t.Fatalf("%s: step %d differs:\n%+v\n%+v", c, i, x, y)
			}
		}
	}
}

// TestCorporaValid: in both corpora, every step's trees decode under the
// default limits; each instance's steps chain (a step's old tree is the
// previous step's new tree for that instance); the state change agrees
// with the whole state (State: old_value was the key's value before,
// new_value is it now, no other key changed); the render is a function
// of the whole state (the same state always gives the same tree); and in
// the app kinds every change changes its value.
func TestCorporaValid(t *testing.T) {
	dec := vdom.NewDecoder(vdom.Limits{})
	for _, seed := range []uint64{1, 2} {
		for _, c := range []string{Basic, Apps} {
			st, err := CorpusSteps(c, 300*len(KindsOf(c)), seed, "")
			if err != nil {
				t.Fatal(err)
			}
			checkSteps(t, fmt.Sprintf("%s seed %d", c, seed), dec, st)
		}
	}
}

func checkSteps(t *testing.T, name string, dec *vdom.Decoder, st []Step) {
	t.Helper()
	type inst struct {
		tree  []byte
		state map[string]json.RawMessage
		trees map[string][]byte // state → tree
	}
	seen := map[string]*inst{}
	appKind := map[string]bool{}
	for _, k := range AppKinds {
		appKind[k] = true
	}
	var tr vdom.Tree
	for i, s := range st {
		fail := func(f string, a ...any) {
			t.Helper()
			t.Fatalf("%s: step %d (%s %s): %s", name, i, s.Component, s.Change, fmt.Sprintf(f, a...))
		}
		for _, b := range [][]byte{s.OldTree, s.NewTree} {
			if err := dec.DecodeTree(b, &tr); err != nil {
				fail("tree does not decode: %v", err)
			}
		}
		var sc struct {
			C   string          `json:"component_id"`
			K   string          `json:"state_key"`
			Old json.RawMessage `json:"old_value"`
			New json.RawMessage `json:"new_value"`
		}
		if err := json.Unmarshal(s.Change, &sc); err != nil || sc.C != s.Component || sc.K == "" {
			fail("bad state change (%v)", err)
		}
		var state map[string]json.RawMessage
		if err := json.Unmarshal(s.State, &state); err != nil || state == nil {
			fail("state %s is not an object (%v)", s.State, err)
		}
		if !sameJSON(state[sc.K], sc.New) {
			fail("state %s: %s is not new_value", s.State, sc.K)
		}
		if appKind[s.Kind] && sameJSON(sc.Old, sc.New) {
			fail("the change changes nothing")
		}
		in := seen[s.Component]
		if in == nil {
			in = &inst{trees: map[string][]byte{}}
			seen[s.Component] = in
		} else {
			if !bytes.Equal(s.OldTree, in.tree) {
				fail("the old tree is not the previous step's new tree")
			}
			if len(in.state) != len(state) {
				fail("state %s has other keys than %v", s.State, in.state)
			}
			for k, v := range in.state {
				switch {
				case k == sc.K && !sameJSON(v, sc.Old):
					fail("old_value is not %s's value before, %s", k, v)
				case k != sc.K && !sameJSON(v, state[k]):
					fail("%s changed too (%s to %s)", k, v, state[k])
				}
			}
		}
		if tree, ok := in.trees[string(s.State)]; ok && !bytes.Equal(tree, s.NewTree) {
			fail("state %s rendered two trees", s.State)
		}
		in.trees[string(s.State)] = s.NewTree
		in.tree, in.state = s.NewTree, state
	}
}

// sameJSON says whether a and b are the same JSON value.
func sameJSON(a, b json.RawMessage) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	p, _ := json.Marshal(x)
	q, _ := json.Marshal(y)
	return bytes.Equal(p, q)
}
