package predict

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/internal/treegen"
	"github.com/minimact/engine/runtime/patch"
	"github.com/minimact/engine/runtime/predict/outcome"
)

func params() *gopter.TestParameters {
	p := treegen.Params()
	p.MinSuccessfulTests = 500
	if testing.Short() {
		p.MinSuccessfulTests = 100
	}
	return p
}

var strPool = []string{"", "a", "Count: 12", "héllo", "😀", "x<y>", "width: 40%", "with \"quote\"", "tab\there", "k7"}

// editStrings changes some texts, prop values and keys of n in place.
func editStrings(r *rand.Rand, n *treegen.Node) {
	if n == nil {
		return
	}
	if n.Content != nil && r.IntN(3) == 0 {
		s := strPool[r.IntN(len(strPool))]
		n.Content = &s
	}
	for k := range n.Props {
		if r.IntN(3) == 0 {
			n.Props[k] = strPool[r.IntN(len(strPool))]
		}
	}
	if n.Key != nil && r.IntN(4) == 0 {
		s := fmt.Sprint("k", r.IntN(20))
		n.Key = &s
	}
	if n.Type == "Element" && r.IntN(8) == 0 {
		n.Tag = []string{"div", "span", "p", ""}[r.IntN(4)]
	}
	for _, k := range n.Children {
		editStrings(r, k)
	}
}

// sameDecoded compares two decoded trees field by field: what a delta
// decode gives must be what the decoder gives (hashes may be 0 instead).
func sameDecoded(a, b *vdom.Tree) error {
	if a.Root != b.Root || len(a.Nodes) != len(b.Nodes) || len(a.Props) != len(b.Props) || len(a.Kids) != len(b.Kids) {
		return fmt.Errorf("shapes differ")
	}
	for i := range a.Nodes {
		x, y := &a.Nodes[i], &b.Nodes[i]
		if x.Kind != y.Kind || x.Keyed != y.Keyed || x.NKids != y.NKids || x.Kids != y.Kids || x.Props != y.Props || x.NProps != y.NProps ||
			x.Start != y.Start || x.End != y.End || (x.Hash != y.Hash && x.Hash != 0) ||
			!bytes.Equal(a.Bytes(x.Key), b.Bytes(y.Key)) || !bytes.Equal(a.Bytes(x.Tag), b.Bytes(y.Tag)) ||
			!bytes.Equal(a.Bytes(x.Content), b.Bytes(y.Content)) || !bytes.Equal(a.Bytes(x.HTML), b.Bytes(y.HTML)) {
			return fmt.Errorf("node %d differs: %+v vs %+v", i, *x, *y)
		}
	}
	for i := range a.Props {
		x, y := &a.Props[i], &b.Props[i]
		if x.Raw != y.Raw || !bytes.Equal(a.Bytes(x.Name), b.Bytes(y.Name)) || !bytes.Equal(a.Bytes(x.Val), b.Bytes(y.Val)) {
			return fmt.Errorf("prop %d differs", i)
		}
	}
	for i := range a.Kids {
		if a.Kids[i] != b.Kids[i] {
			return fmt.Errorf("kids differ")
		}
	}
	return nil
}

// TestDeltaDecodeMatchesDecoder: the incremental decode accepts only what
// the decoder accepts, and then gives the same tree; changes it cannot take
// (structure, escapes, limits) fall back to the decoder.
func TestDeltaDecodeMatchesDecoder(t *testing.T) {
	lim := vdom.DefaultLimits()
	lim.MaxPropValueLength = 12
	dec := vdom.NewDecoder(lim)
	took := 0
	props := gopter.NewProperties(params())
	props.Property("deltaDecode == DecodeTree", prop.ForAll(
		func(old *treegen.Node, seed uint64) bool {
			r := rand.New(rand.NewPCG(seed, 1))
			g := treegen.New(seed)
			nw := old.Clone()
			switch r.IntN(4) {
			case 0:
				nw = g.Mutate(nw)
			default:
				editStrings(r, nw)
			}
			oldJSON, newJSON := old.JSON(), nw.JSON()
			if r.IntN(10) == 0 && len(newJSON) > 2 { // damage a byte
				newJSON = append([]byte(nil), newJSON...)
				newJSON[r.IntN(len(newJSON))] = "\"\\{x\xff"[r.IntN(5)]
			}
			var ot, want, got vdom.Tree
			if dec.DecodeTree(oldJSON, &ot) != nil {
				return true
			}
			idx := strIndex(&ot, nil)
			var gidx []strSpan
			var ch []strChange
			ok := deltaDecode(&ot, idx, newJSON, &lim, &got, &gidx, &ch)
			err := dec.DecodeTree(newJSON, &want)
			if !ok {
				return true
			}
			took++
			if err != nil {
				t.Logf("delta decode took what the decoder refuses (%v):\n%s\n%s", err, oldJSON, newJSON)
				return false
			}
			if e := sameDecoded(&got, &want); e != nil {
				t.Logf("%v:\n%s\n%s", e, oldJSON, newJSON)
				return false
			}
			if fresh := strIndex(&got, nil); fmt.Sprint(fresh) != fmt.Sprint(gidx) {
				t.Logf("index %v, want %v", gidx, fresh)
				return false
			}
			return true
		},
		treegen.AnyTree(), treegen.Seed(),
	))
	props.TestingRun(t)
	if took == 0 {
		t.Fatal("the incremental decode never applied")
	}
	t.Logf("the incremental decode applied %d times", took)
}

// TestOverlayMatchesApply: a leaf-only prediction's tree, encoded as an
// overlay or spliced into the canonical JSON of the tree it overlays, is
// what applying its patches and encoding gives.
func TestOverlayMatchesApply(t *testing.T) {
	props := gopter.NewProperties(params())
	props.Property("overlay == AppendTree(Apply)", prop.ForAll(
		func(old *treegen.Node, seed uint64) bool {
			r := rand.New(rand.NewPCG(seed, 2))
			nw := old.Clone()
			editStrings(r, nw)
			d := vdom.NewDecoder(vdom.Limits{})
			var ot, nt vdom.Tree
			if d.DecodeTree(old.JSON(), &ot) != nil || d.DecodeTree(nw.JSON(), &nt) != nil {
				return true
			}
			sc := newLearnScratch(vdom.Limits{})
			sc.reconciler.Diff(&ot, &nt, &sc.observed)
			// keep the leaf patches, as a prediction would have them
			sc.patchTree.Reset()
			sc.patches.Reset(&sc.patchTree)
			for i := range sc.observed.Patches {
				p := &sc.observed.Patches[i]
				path := sc.observed.PathOf(p)
				n := nodeAt(&ot, path)
				switch {
				case p.Kind == vdom.PatchUpdateText && n >= 0 && ot.Nodes[n].Kind == vdom.KindText:
					sc.patches.Add(vdom.PatchUpdateText, path).Content = sc.patchTree.AddString(nt.Bytes(p.Content))
				case p.Kind == vdom.PatchUpdateProps && n >= 0:
					q := sc.patches.Add(vdom.PatchUpdateProps, path)
					q.Props = uint32(len(sc.patchTree.Props))
					for _, pr := range sc.observed.PropsOf(p) {
						sc.patchTree.Props = append(sc.patchTree.Props, vdom.Prop{Name: sc.patchTree.AddString(nt.Bytes(pr.Name)), Val: sc.patchTree.AddString(nt.Bytes(pr.Val)), Raw: pr.Raw})
					}
					q = &sc.patches.Patches[len(sc.patches.Patches)-1]
					q.NProps = uint32(len(sc.patchTree.Props)) - q.Props
				}
			}
			if !sc.checkLeaves(&ot) {
				return true
			}
			got := sc.appendOverlay(nil, &ot, 0)
			w, err := patch.Apply(&ot, &sc.patches)
			if err != nil {
				t.Logf("checked patches do not apply: %v", err)
				return false
			}
			var e vdom.Encoder
			want := e.AppendTree(nil, w, w.Root)
			if !bytes.Equal(got, want) {
				t.Logf("overlay %s\napply   %s", got, want)
				return false
			}
			// spliced into the tree's canonical JSON: the same bytes, built
			// once for a generation and reused
			canon, spans := e.AppendTreeSpans(nil, &ot, nil)
			if !bytes.Equal(canon, e.AppendTree(nil, &ot, ot.Root)) {
				t.Logf("spans encoding %s", canon)
				return false
			}
			if s, ok := e.AppendSplicedOverlay(nil, &ot, canon, spans, &sc.patches, sc.nodePatch); !ok || !bytes.Equal(s, want) {
				t.Logf("spliced (%v) %s\napply   %s", ok, s, want)
				return false
			}
			for i := 0; i < 2; i++ {
				if s := sc.appendOverlay([]byte("x"), &ot, 7); !bytes.Equal(s[1:], want) || s[0] != 'x' {
					t.Logf("spliced %s\napply   %s", s, want)
					return false
				}
			}
			return true
		},
		treegen.AnyTree(), treegen.Seed(),
	))
	props.TestingRun(t)
}

// TestValueParser: state values of every kind parse, hash canonically
// (member order does not matter) and stay within their limits.
func TestValueParser(t *testing.T) {
	lim := outcome.LimitsFor(vdom.Limits{})
	parse := func(s string) (*outcome.Change, error) {
		c := &outcome.Change{}
		return c, c.Parse([]byte(s), lim)
	}
	a, err := parse(`{"component_id":"c","state_key":"k","old_value":{"a":1,"b":[true,null,"x"]},"new_value":{"b":[true,null,"x"],"a":1.0}}`)
	if err != nil {
		t.Fatal(err)
	}
	if a.Values.Hash(a.Old) != a.Values.Hash(a.New) {
		t.Error("member order changed the hash")
	}
	b, _ := parse(`{"component_id":"c","state_key":"k","old_value":[1,2],"new_value":[2,1]}`)
	if b.Values.Hash(b.Old) == b.Values.Hash(b.New) {
		t.Error("item order did not change the hash")
	}
	c, _ := parse(`{"state_key":"k","component_id":"c\u00e9","new_value":"\ud83d\ude00"}`)
	if string(c.Component) != "cé" || string(c.Values.Text(c.New)) != "😀" || c.Values.Kind(c.Old) != outcome.KindNull {
		t.Errorf("%q %+v", c.Component, c.Values)
	}
	if _, err := parse(`{"component_id":"c","state_key":"k","new_value":1e999}`); vdom.CodeOf(err) != vdom.Serialization {
		t.Errorf("huge number: %v", err)
	}
	small := outcome.LimitsFor(vdom.Limits{MaxNodeCount: 10})
	x := &outcome.Change{}
	if err := x.Parse([]byte(`{"component_id":"c","state_key":"k","new_value":[1,2,3,4,5,6,7,8,9,10,11]}`), small); vdom.CodeOf(err) != vdom.TreeTooLarge {
		t.Errorf("too many parts: %v", err)
	}
}
