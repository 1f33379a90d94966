package predict_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/cespare/xxhash/v2"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/minimact/engine/bench/accuracy"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/internal/treegen"
	"github.com/minimact/engine/runtime/patch"
	"github.com/minimact/engine/runtime/predict"
)

func params(n int) *gopter.TestParameters {
	p := treegen.Params()
	p.MinSuccessfulTests = n
	if testing.Short() {
		p.MinSuccessfulTests = n / 5
	}
	return p
}

// checkPrediction applies pr to cur patch by patch, each checked with
// patch.CanApply where it stands, and compares the result with pr.Tree.
func checkPrediction(t *testing.T, cur []byte, pr *predict.Prediction) bool {
	d := vdom.NewDecoder(vdom.Limits{})
	var tr vdom.Tree
	var l vdom.PatchList
	if err := d.DecodeTree(cur, &tr); err != nil {
		t.Logf("a prediction for a tree that does not decode: %v", err)
		return false
	}
	if err := d.DecodePatches(pr.Patches, &l); err != nil {
		t.Logf("predicted patches do not decode: %v\n%s", err, pr.Patches)
		return false
	}
	w := patch.Clone(&tr)
	for i := range l.Patches {
		if err := patch.CanApply(w, &l, &l.Patches[i]); err != nil {
			t.Logf("patch %d cannot apply: %v\ntree %s\npatches %s", i, err, cur, pr.Patches)
			return false
		}
		if err := patch.ApplyOne(w, &l, &l.Patches[i]); err != nil {
			t.Logf("patch %d: %v", i, err)
			return false
		}
	}
	w.Rehash()
	var pt vdom.Tree
	if err := d.DecodeTree(pr.Tree, &pt); err != nil || !patch.Equal(w, &pt) {
		t.Logf("the patches do not give the predicted tree %s", pr.Tree)
		return false
	}
	if pr.Confidence < 0 || pr.Confidence > 1 || !json.Valid(pr.StateChange) {
		t.Logf("confidence %v, state change %s", pr.Confidence, pr.StateChange)
		return false
	}
	return true
}

func isCoded(err error) bool {
	if err == nil {
		return true
	}
	_, ok := err.(*vdom.Error)
	return ok && vdom.CodeOf(err) != vdom.Unknown
}

// randValue makes a random JSON state value.
func randValue(r *rand.Rand, depth int) any {
	switch x := r.IntN(9); {
	case x == 0:
		return nil
	case x == 1:
		return r.IntN(2) == 0
	case x <= 3:
		return r.IntN(20) - 5
	case x == 4:
		return float64(r.IntN(1000)) / 8
	case x <= 6:
		return []string{"", "a", "ab", "Count: 3", "héllo", "\"q\"", "x<y>"}[r.IntN(7)]
	case x == 7 && depth < 3:
		a := make([]any, r.IntN(4))
		for i := range a {
			a[i] = randValue(r, depth+1)
		}
		return a
	case depth < 3:
		return map[string]any{"id": r.IntN(5), "text": randValue(r, depth+1), "done": r.IntN(2) == 0}
	}
	return 1
}

// TestPropertyNeverPanics: arbitrary inputs — random trees, random state
// values, random bytes — never make the predictor panic; errors are coded;
// and any prediction applies, patch by patch, to the tree it was made for.
func TestPropertyNeverPanics(t *testing.T) {
	props := gopter.NewProperties(params(300))
	props.Property("no panic, coded errors, applicable predictions", prop.ForAll(
		func(start *treegen.Node, seed uint64) (ok bool) {
			defer func() {
				if r := recover(); r != nil {
					t.Logf("panic: %v", r)
					ok = false
				}
			}()
			r := rand.New(rand.NewPCG(seed, 3))
			g := treegen.New(seed)
			p := predict.New(predict.Config{MinConfidence: 0.5 * r.Float64(), MaxTotalPatterns: 50, MaxMemoryBytes: 1 << 20})
			comps := []string{"a", "b", "c"} // instances of one component: lending
			keys := []string{"x", "y"}
			tree := start
			val := map[string]any{}
			for i := 0; i < 40; i++ {
				comp, key := comps[r.IntN(len(comps))], keys[r.IntN(2)]
				nv := randValue(r, 0)
				if r.IntN(3) == 0 { // values the predictor can learn
					nv = r.IntN(10)
				}
				ch, _ := json.Marshal(map[string]any{"component_id": comp, "state_key": key, "old_value": val[comp+key], "new_value": nv})
				var next *treegen.Node
				if r.IntN(4) == 0 {
					next = g.Mutate(tree)
				} else {
					next = tree.Clone()
					setTexts(next, fmt.Sprint(nv))
				}
				cur := tree.JSON()
				if r.IntN(5) == 0 {
					cur = g.Tree().JSON() // a tree the predictor does not expect
				}
				pr, err := p.Predict(ch, cur)
				if !isCoded(err) {
					t.Logf("predict error %T %v", err, err)
					return false
				}
				if pr != nil && !checkPrediction(t, cur, pr) {
					return false
				}
				if _, err := p.Learn(ch, tree.JSON(), next.JSON()); !isCoded(err) {
					t.Logf("learn error %T %v", err, err)
					return false
				}
				if _, err := p.VerifyPrediction(ch, next.JSON()); !isCoded(err) {
					return false
				}
				val[comp+key], tree = nv, next
				// garbage of every kind
				junk := make([]byte, r.IntN(40))
				for j := range junk {
					junk[j] = "{}[]\":,0123456789.-etruflasn \\\xff\x00x"[r.IntN(33)]
				}
				for _, in := range [][3][]byte{{junk, cur, cur}, {ch, junk, cur}, {ch, cur, junk}, {junk, junk, junk}} {
					if _, err := p.Learn(in[0], in[1], in[2]); !isCoded(err) {
						t.Logf("learn(%q) error %T %v", in, err, err)
						return false
					}
					if pr, err := p.Predict(in[0], in[1]); !isCoded(err) || pr != nil && !checkPrediction(t, in[1], pr) {
						return false
					}
				}
				if _, err := p.LearnBatch(junk); !isCoded(err) {
					return false
				}
			}
			p.Stats()
			snap, _ := p.Save()
			if _, err := predict.Load(snap); err != nil {
				t.Logf("load of a save: %v", err)
				return false
			}
			return true
		},
		treegen.AnyTree(), treegen.Seed(),
	))
	props.TestingRun(t)
}

// setTexts sets every text of n to s (a tree whose texts follow the value).
func setTexts(n *treegen.Node, s string) {
	if n == nil {
		return
	}
	if n.Content != nil {
		c := "Value: " + s
		n.Content = &c
	}
	for _, k := range n.Children {
		setTexts(k, s)
	}
}

// TestPropertyPredictionsApply: on the accuracy corpus, with the current
// tree sometimes stale (another moment of the same component), every
// prediction applies to the tree given.
func TestPropertyPredictionsApply(t *testing.T) {
	props := gopter.NewProperties(params(20))
	props.Property("predictions apply to the tree given", prop.ForAll(
		func(seed uint64, n int) bool {
			steps, err := accuracy.Steps(n, seed, "")
			if err != nil {
				return false
			}
			r := rand.New(rand.NewPCG(seed, 4))
			p := predict.New(predict.DefaultConfig())
			byKind := map[string][][]byte{}
			for _, s := range steps {
				cur := s.OldTree
				if old := byKind[s.Kind]; len(old) > 0 && r.IntN(6) == 0 {
					cur = old[r.IntN(len(old))]
				}
				byKind[s.Kind] = append(byKind[s.Kind], s.OldTree)
				pr, err := p.Predict(s.Change, cur)
				if err != nil {
					t.Logf("predict: %v", err)
					return false
				}
				if pr != nil && !checkPrediction(t, cur, pr) {
					return false
				}
				if _, err := p.Learn(s.Change, s.OldTree, s.NewTree); err != nil {
					t.Logf("learn: %v", err)
					return false
				}
			}
			return true
		},
		treegen.Seed(), treegen.Length(600),
	))
	props.TestingRun(t)
}

// TestPropertyPersistRoundTrip: a predictor restored by Load(Save()) or
// Deserialize(Serialize()) predicts exactly what the original does, and goes
// on learning the same.
func TestPropertyPersistRoundTrip(t *testing.T) {
	props := gopter.NewProperties(params(15))
	props.Property("save/load and serialize/deserialize keep predictions", prop.ForAll(
		func(seed uint64, cut int) bool {
			steps, err := accuracy.Steps(500, seed, "")
			if err != nil {
				return false
			}
			cfg := predict.DefaultConfig()
			p := predict.New(cfg)
			for _, s := range steps[:cut] {
				p.Learn(s.Change, s.OldTree, s.NewTree)
			}
			snap, err := p.Save()
			if err != nil {
				return false
			}
			q, err := predict.Load(snap)
			if err != nil {
				t.Logf("load: %v", err)
				return false
			}
			bin, err := p.Serialize()
			if err != nil {
				return false
			}
			r, err := predict.Deserialize(bin, cfg)
			if err != nil {
				t.Logf("deserialize: %v", err)
				return false
			}
			if snap2, _ := q.Save(); !bytes.Equal(snap, snap2) {
				t.Logf("save(load(save)) differs")
				return false
			}
			if bin2, _ := r.Serialize(); !bytes.Equal(bin, bin2) {
				t.Logf("serialize(deserialize(serialize)) differs")
				return false
			}
			all := []*predict.Predictor{p, q, r}
			for i, s := range steps[cut:] {
				var first *predict.Prediction
				for j, x := range all {
					pr, err := x.Predict(s.Change, s.OldTree)
					if err != nil {
						return false
					}
					if j == 0 {
						first = pr
						continue
					}
					if (pr == nil) != (first == nil) || pr != nil && (!bytes.Equal(pr.Patches, first.Patches) ||
						!bytes.Equal(pr.Tree, first.Tree) || pr.Confidence != first.Confidence) {
						t.Logf("step %d (%s): predictor %d differs: %+v vs %+v", cut+i, s.Change, j, pr, first)
						return false
					}
				}
				for _, x := range all {
					x.Learn(s.Change, s.OldTree, s.NewTree)
				}
			}
			return true
		},
		treegen.Seed(), gen.IntRange(1, 400),
	))
	props.TestingRun(t)
}

// TestDamagedSnapshots: any byte of a serialized predictor changed, any
// cut, any snapshot member damaged: an error (Persistence or Serialization),
// never a panic.
func TestDamagedSnapshots(t *testing.T) {
	steps, _ := accuracy.Steps(400, 9, "")
	p := predict.New(predict.DefaultConfig())
	for _, s := range steps {
		p.Learn(s.Change, s.OldTree, s.NewTree)
	}
	bin, _ := p.Serialize()
	snap, _ := p.Save()
	r := rand.New(rand.NewPCG(5, 5))
	for i := 0; i < 300; i++ {
		b := append([]byte(nil), bin...)
		switch i % 3 {
		case 0:
			b[r.IntN(len(b))] ^= byte(1 + r.IntN(255))
		case 1:
			b = b[:r.IntN(len(b))]
		default:
			b = append(b[:r.IntN(len(b))], byte(r.IntN(256)))
		}
		if _, err := predict.Deserialize(b, predict.DefaultConfig()); err == nil || vdom.CodeOf(err) != vdom.Persistence {
			t.Fatalf("damaged bytes: %v", err)
		}
	}
	// checksummed garbage: the checksum holds, the content does not
	for i := 0; i < 300; i++ {
		payload := make([]byte, r.IntN(64))
		for j := range payload {
			payload[j] = byte(r.IntN(256))
		}
		if i%2 == 0 && len(bin) > 20 {
			payload = append(append([]byte(nil), bin[5:5+r.IntN(len(bin)-13)]...), payload...)
		}
		b := append([]byte("MMPR\x01"), payload...)
		b = appendSum(b, payload)
		if p, err := predict.Deserialize(b, predict.DefaultConfig()); err == nil {
			p.Predict(steps[0].Change, steps[0].OldTree) // whatever it holds must not break it
		} else if vdom.CodeOf(err) != vdom.Persistence {
			t.Fatalf("checksummed garbage: %v", err)
		}
	}
	if _, err := predict.Deserialize([]byte{0x4d, 0x4d, 0x50, 0x52, 0x01, 0xff, 0xff, 0xff, 0xff, 0x0f}, predict.DefaultConfig()); vdom.CodeOf(err) != vdom.Persistence {
		t.Fatalf("huge count: %v", err)
	}
	var m map[string]any
	json.Unmarshal(snap, &m)
	for _, bad := range []string{`{"format":"x"}`, `[]`, `{"format":"minimact-predictor","version":1}`, `{`, `null`,
		`{"format":"minimact-predictor","version":1,"config":{"min_confidence":"x"}}`} {
		if _, err := predict.Load([]byte(bad)); err == nil || (vdom.CodeOf(err) != vdom.Persistence && vdom.CodeOf(err) != vdom.Serialization) {
			t.Fatalf("%s: %v", bad, err)
		}
	}
	// a snapshot with one member damaged, everywhere
	for i := 0; i < 200; i++ {
		b := append([]byte(nil), snap...)
		at := r.IntN(len(b))
		b[at] = "0123456789\"{}[]:,-e.x"[r.IntN(21)]
		if q, err := predict.Load(b); err == nil {
			q.Predict(steps[0].Change, steps[0].OldTree)
		} else if c := vdom.CodeOf(err); c != vdom.Persistence && c != vdom.Serialization {
			t.Fatalf("damaged snapshot: %v", err)
		}
	}
}

func appendSum(b, payload []byte) []byte {
	return binary.LittleEndian.AppendUint64(b, xxhash.Sum64(payload))
}
