package fuzz

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/patch"
	"github.com/minimact/engine/runtime/reconcile"
)

// small are limits a fuzzer can reach, so that every limit is hit.
var small = vdom.Limits{MaxTreeDepth: 4, MaxNodeCount: 24, MaxChildrenPerNode: 5, MaxPropKeyLength: 6,
	MaxPropValueLength: 8, MaxTextLength: 8, MaxJSONBytes: 600, MaxPropsPerNode: 3}

// big are limits for re-decoding what the engine itself wrote (a patch list
// carries a whole tree and some more; an applied tree can outgrow the limits).
var big = vdom.Limits{MaxJSONBytes: 1 << 30, MaxNodeCount: 1 << 24, MaxTreeDepth: 1 << 20,
	MaxChildrenPerNode: 1 << 24, MaxPropsPerNode: 1 << 20}

var decodeCodes = map[vdom.Code]bool{
	vdom.InvalidVNode: true, vdom.InvalidPath: true, vdom.TreeTooDeep: true, vdom.TreeTooLarge: true,
	vdom.JsonTooLarge: true, vdom.Serialization: true, vdom.InvalidUtf8: true, vdom.TooManyChildren: true,
	vdom.PropertyTooLong: true, vdom.TextTooLong: true, vdom.TooManyProps: true,
}

var applyCodes = map[vdom.Code]bool{vdom.InvalidPath: true, vdom.PatchTypeMismatch: true, vdom.KeyNotFound: true}

// checkDecodeError fails unless err is an *Error with a decoder code and an
// offset within src.
func checkDecodeError(t *testing.T, err error, src []byte) {
	t.Helper()
	var e *vdom.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T %v is not a *vdom.Error", err, err)
	}
	if !decodeCodes[e.Code] {
		t.Fatalf("error %v has code %d", err, e.Code)
	}
	if e.Offset < 0 || e.Offset > len(src) {
		t.Fatalf("error %v: offset outside the %d-byte input", err, len(src))
	}
}

func encodeTree(t *vdom.Tree) []byte {
	var e vdom.Encoder
	return e.AppendTree(nil, t, t.Root)
}

// views are the DOM views every target runs each input in.
var views = []vdom.View{vdom.ViewHTML, vdom.ViewNodes}

// in returns l in view v.
func in(l vdom.Limits, v vdom.View) vdom.Limits {
	l.DOMView = v
	return l
}

// roundTripTree checks that tr encodes to JSON that decodes to an Equal tree
// and encodes to the same bytes again. A tree in the HTML view is taken as
// its HTML parses (patches may leave texts side by side).
func roundTripTree(t *testing.T, tr *vdom.Tree) {
	t.Helper()
	if tr.View == vdom.ViewHTML {
		tr = patch.HTMLView(tr)
	}
	e1 := encodeTree(tr)
	var back vdom.Tree
	if err := vdom.NewDecoder(in(big, tr.View)).DecodeTree(e1, &back); err != nil {
		t.Fatalf("the encoding %q does not decode: %v", e1, err)
	}
	if !patch.Equal(tr, &back) {
		t.Fatalf("decode(encode(t)) != t: %q", e1)
	}
	if e2 := encodeTree(&back); !bytes.Equal(e1, e2) {
		t.Fatalf("encoding not stable:\n%q\n%q", e1, e2)
	}
}

func roundTripPatches(t *testing.T, l *vdom.PatchList) {
	t.Helper()
	var e vdom.Encoder
	p1 := slices.Clone(e.AppendPatches(nil, l))
	var back vdom.PatchList
	if err := vdom.NewDecoder(in(big, l.Tree.View)).DecodePatches(p1, &back); err != nil {
		t.Fatalf("the encoding %q does not decode: %v", p1, err)
	}
	if p2 := e.AppendPatches(nil, &back); !bytes.Equal(p1, p2) {
		t.Fatalf("patch encoding not stable:\n%q\n%q", p1, p2)
	}
}

// applyInTurn applies l to a copy of old one patch at a time, checking that
// CanApply and ApplyOne agree and that a failed patch changes nothing.
func applyInTurn(t *testing.T, old *vdom.Tree, l *vdom.PatchList) (*vdom.Tree, error) {
	t.Helper()
	w := patch.Clone(old)
	for i := range l.Patches {
		p := &l.Patches[i]
		can := patch.CanApply(w, l, p)
		var before []byte
		if can != nil {
			before = encodeTree(w)
		}
		err := patch.ApplyOne(w, l, p)
		if (can == nil) != (err == nil) || vdom.CodeOf(can) != vdom.CodeOf(err) {
			t.Fatalf("patch %d: CanApply says %v, ApplyOne %v", i, can, err)
		}
		if err != nil {
			var e *vdom.Error
			if !errors.As(err, &e) || !applyCodes[e.Code] || e.Path == nil {
				t.Fatalf("patch %d: %v is not a coded patch error with a path", i, err)
			}
			if after := encodeTree(w); !bytes.Equal(before, after) {
				t.Fatalf("patch %d failed but changed the tree", i)
			}
			return nil, err
		}
	}
	w.Rehash()
	return w, nil
}

// FuzzDecode decodes any bytes as a tree and as a patch list, under the
// default limits and under small ones.
func FuzzDecode(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lim := range []vdom.Limits{{}, small, in(vdom.Limits{}, vdom.ViewNodes), in(small, vdom.ViewNodes)} {
			d := vdom.NewDecoder(lim)
			var tr vdom.Tree
			if err := d.DecodeTree(data, &tr); err != nil {
				checkDecodeError(t, err, data)
			} else {
				roundTripTree(t, &tr)
			}
			var l vdom.PatchList
			if err := d.DecodePatches(data, &l); err != nil {
				checkDecodeError(t, err, data)
				if e := err.(*vdom.Error); e.Patch < -1 {
					t.Fatalf("error %v: patch index %d", err, e.Patch)
				}
			} else {
				roundTripPatches(t, &l)
			}
		}
	})
}

// FuzzReconcile reconciles two trees: when both decode, the patch list, as
// JSON decoded again, applied to old in turn, gives new; when one does not,
// the reconciler returns the decoder's error.
func FuzzReconcile(f *testing.F) {
	f.Fuzz(func(t *testing.T, oldJSON, newJSON []byte) {
		for _, v := range views {
			fuzzReconcile(t, v, oldJSON, newJSON)
		}
	})
}

func fuzzReconcile(t *testing.T, v vdom.View, oldJSON, newJSON []byte) {
	lim := in(vdom.Limits{}, v)
	d := vdom.NewDecoder(lim)
	var old, new vdom.Tree
	errOld := d.DecodeTree(oldJSON, &old)
	var errNew error
	if errOld == nil {
		errNew = d.DecodeTree(newJSON, &new)
	}
	out, err := reconcile.New(lim).JSON(oldJSON, newJSON)
	if errOld != nil || errNew != nil {
		want := errOld
		if want == nil {
			want = errNew
		}
		if err == nil || vdom.CodeOf(err) != vdom.CodeOf(want) {
			t.Fatalf("reconcile returned %v (%q); decoding says %v", err, out, want)
		}
		return
	}
	if err != nil {
		t.Fatalf("reconcile: %v", err)
	}
	out = slices.Clone(out)
	var l vdom.PatchList
	if err := vdom.NewDecoder(in(big, v)).DecodePatches(out, &l); err != nil {
		t.Fatalf("the patch list %q does not decode: %v", out, err)
	}
	got, err := applyInTurn(t, &old, &l)
	if err != nil {
		t.Fatalf("old %q\nnew %q\npatches %q\n%v", oldJSON, newJSON, out, err)
	}
	if !patch.Equal(got, &new) {
		t.Fatalf("Apply(old, Reconcile(old, new)) != new\nold %q\nnew %q\npatches %q\ngot %q", oldJSON, newJSON, out, encodeTree(got))
	}
	// The in-memory list says the same.
	var e vdom.Encoder
	if mem := e.AppendPatches(nil, reconcile.Diff(&old, &new)); !bytes.Equal(mem, out) {
		t.Fatalf("Diff gives %q, JSON %q", mem, out)
	}
}

// FuzzApply applies any patch list to any tree: no panic; a failure is a
// coded patch error; a result re-encodes and re-decodes to an Equal tree.
func FuzzApply(f *testing.F) {
	f.Fuzz(func(t *testing.T, treeJSON, patchJSON []byte) {
		for _, v := range views {
			fuzzApply(t, v, treeJSON, patchJSON)
		}
	})
}

func fuzzApply(t *testing.T, v vdom.View, treeJSON, patchJSON []byte) {
	d := vdom.NewDecoder(in(vdom.Limits{}, v))
	var tr vdom.Tree
	if err := d.DecodeTree(treeJSON, &tr); err != nil {
		checkDecodeError(t, err, treeJSON)
		return
	}
	var l vdom.PatchList
	if err := d.DecodePatches(patchJSON, &l); err != nil {
		checkDecodeError(t, err, patchJSON)
		return
	}
	before := encodeTree(&tr)
	got, err := patch.Apply(&tr, &l)
	if !bytes.Equal(before, encodeTree(&tr)) {
		t.Fatal("Apply changed its input tree")
	}
	inTurn, turnErr := applyInTurn(t, &tr, &l)
	if (err == nil) != (turnErr == nil) || vdom.CodeOf(err) != vdom.CodeOf(turnErr) {
		t.Fatalf("Apply says %v, patch by patch %v", err, turnErr)
	}
	if err != nil {
		var e *vdom.Error
		if !errors.As(err, &e) || !applyCodes[e.Code] || e.Patch < 0 || e.Patch >= len(l.Patches) || got != nil {
			t.Fatalf("Apply error %v (patch %d, tree %v)", err, e.Patch, got != nil)
		}
		return
	}
	if !patch.Equal(got, inTurn) {
		t.Fatal("Apply and ApplyOne in turn disagree")
	}
	roundTripTree(t, got)
}

// FuzzHTML writes the HTML of any tree that decodes: no panic; a failure is
// UnrepresentableHtml with the path of a node of the tree; both views write
// the same HTML (or both refuse); the HTML is stable, never begins with '{'
// and holds no NUL.
func FuzzHTML(f *testing.F) {
	for _, s := range []string{
		`{"type":"Element","tag":"p","props":{"className":"c","onClick":"go","n":1.50,"j":{"b":[1e21]}},"children":[{"type":"Text","content":"a & <b>"},{"type":"Text","content":"\r\n"}]}`,
		`{"type":"Fragment","children":[{"type":"Text","content":"{x"},{"type":"RawHtml","html":"<b>r</b>"},null,{"type":"Element","tag":"br"}]}`,
		`{"type":"Element","tag":"svg","props":{"viewBox":"0 0 1 1"},"children":[{"type":"Element","tag":"foreignObject","children":[{"type":"Element","tag":"div"}]}]}`,
		`{"type":"Element","tag":"table","children":[{"type":"Element","tag":"tbody","children":[{"type":"Element","tag":"tr","children":[{"type":"Element","tag":"td"}]}]}]}`,
		`{"type":"Element","tag":"pre","children":[{"type":"Text","content":""},{"type":"Text","content":"
x"}]}`,
		`{"type":"Element","tag":"script","children":[{"type":"Text","content":"</scr"},{"type":"Text","content":"ipt>"}]}`,
		`{"type":"Element","tag":"ul","children":[{"type":"Element","tag":"li","key":"a","children":[{"type":"Element","tag":"li"}]}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, treeJSON []byte) {
		var outs [2]string
		var errs [2]error
		for i, v := range views {
			var tr vdom.Tree
			if err := vdom.NewDecoder(in(vdom.Limits{}, v)).DecodeTree(treeJSON, &tr); err != nil {
				checkDecodeError(t, err, treeJSON)
				return
			}
			var w vdom.HTMLWriter
			out, err := w.AppendHTML(nil, &tr, tr.Root)
			if err != nil {
				var e *vdom.Error
				if !errors.As(err, &e) || e.Code != vdom.UnrepresentableHtml || out != nil {
					t.Fatalf("%s view: %v (output %q)", v, err, out)
				}
				n := tr.Root
				for _, k := range e.Path {
					kids := tr.Children(n)
					if k < 0 || int(k) >= len(kids) {
						t.Fatalf("%s view: %v: the path leads nowhere", v, err)
					}
					n = kids[k]
				}
				errs[i] = err
				continue
			}
			again, err := w.AppendHTML(nil, &tr, tr.Root)
			if err != nil || !bytes.Equal(out, again) {
				t.Fatalf("%s view: not stable: %q, then %q (%v)", v, out, again, err)
			}
			if len(out) > 0 && out[0] == '{' || bytes.IndexByte(out, 0) >= 0 {
				t.Fatalf("%s view: %q", v, out)
			}
			outs[i] = string(out)
		}
		if (errs[0] == nil) != (errs[1] == nil) || outs[0] != outs[1] {
			t.Fatalf("the views disagree:\nhtml  %q %v\nnodes %q %v", outs[0], errs[0], outs[1], errs[1])
		}
	})
}
