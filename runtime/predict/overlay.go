package predict

import (
	"bytes"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/patch"
)

// Leaf-only predictions (texts and props, no structure) are not applied to a
// copy of the current tree: each patch is checked with patch.CanApply against
// the tree as it is (leaf patches change no path, so that is the tree every
// one of them meets), and the predicted tree is encoded as an overlay of the
// current one (vdom.Encoder.AppendTreeOverlay), exactly what AppendTree writes
// for the tree the patches would give (TestOverlayMatchesApply).

// checkLeaves checks every patch of ps.patches (all leaf patches) against t
// and records which node each one targets (ps.nodePatch).
func (ps *predictScratch) checkLeaves(t *vdom.Tree) bool {
	if cap(ps.nodePatch) < len(t.Nodes) {
		ps.nodePatch = make([]int32, len(t.Nodes))
	}
	ps.nodePatch = ps.nodePatch[:len(t.Nodes)]
	for i := range ps.nodePatch {
		ps.nodePatch[i] = -1
	}
	for i := range ps.patches.Patches {
		p := &ps.patches.Patches[i]
		if p.Kind != vdom.PatchUpdateText && p.Kind != vdom.PatchUpdateProps {
			return false
		}
		if patch.CanApply(t, &ps.patches, p) != nil {
			return false
		}
		n := nodeAt(t, ps.patches.PathOf(p))
		if n < 0 || ps.nodePatch[n] >= 0 || p.Kind == vdom.PatchUpdateText && t.Nodes[n].Kind != vdom.KindText {
			return false
		}
		ps.nodePatch[n] = int32(i)
	}
	return true
}

// appendOverlay appends t with the leaf patches of ps.patches applied
// (ps.nodePatch from checkLeaves) as canonical JSON: the encoder's own output
// for that tree. When t is the component's cached tree of generation gen
// (0: it is not), the scratch keeps t's canonical JSON and its nodes' spans
// for that generation, and the output is that JSON with the patched nodes'
// openings written again (vdom.Encoder.AppendSplicedOverlay, byte for byte
// what AppendTreeOverlay writes): the second and later predictions on one
// render (a host's hints for each control, a retry) copy the tree instead
// of encoding it. A generation is never reused within a predictor, and a
// scratch belongs to one predictor, so what it keeps is never stale.
func (ps *predictScratch) appendOverlay(dst []byte, t *vdom.Tree, gen uint64) []byte {
	if gen != 0 {
		if ps.canonGen != gen {
			ps.canon, ps.canonSpans = ps.encoder.AppendTreeSpans(ps.canon[:0], t, ps.canonSpans)
			ps.canonGen = gen
		}
		if out, ok := ps.encoder.AppendSplicedOverlay(dst, t, ps.canon, ps.canonSpans, &ps.patches, ps.nodePatch); ok {
			return out
		}
	}
	return ps.encoder.AppendTreeOverlay(dst, t, t.Root, &ps.patches, ps.nodePatch)
}

// leavesGive reports whether the leaf patches of ps.patches (ps.nodePatch),
// applied to old, give nw, which deltaDecode made from old with the string
// changes ch (idx: old's string index): only the nodes either side touched
// can differ.
func (ps *predictScratch) leavesGive(old, nw *vdom.Tree, idx []strSpan, ch []strChange) bool {
	same := func(n int32) bool {
		if int(n) >= len(old.Nodes) || int(n) >= len(nw.Nodes) {
			return false
		}
		a, b := &old.Nodes[n], &nw.Nodes[n]
		var p *vdom.Patch
		if o := ps.nodePatch[n]; o >= 0 {
			p = &ps.patches.Patches[o]
		}
		switch a.Kind {
		case vdom.KindText:
			if p != nil {
				return bytes.Equal(ps.patchTree.Bytes(p.Content), nw.Bytes(b.Content))
			}
			return bytes.Equal(old.Bytes(a.Content), nw.Bytes(b.Content))
		case vdom.KindRawHtml:
			return bytes.Equal(old.Bytes(a.HTML), nw.Bytes(b.HTML))
		case vdom.KindElement:
			if !bytes.Equal(old.Bytes(a.Tag), nw.Bytes(b.Tag)) || a.Keyed != b.Keyed || (a.Keyed && !bytes.Equal(old.Bytes(a.Key), nw.Bytes(b.Key))) {
				return false
			}
			if p != nil {
				return vdom.PropsEqual(&ps.patchTree, ps.patches.PropsOf(p), nw, nw.PropList(n))
			}
			return vdom.PropsEqual(old, old.PropList(n), nw, nw.PropList(n))
		}
		return true
	}
	for n, o := range ps.nodePatch {
		if o >= 0 && !same(int32(n)) {
			return false
		}
	}
	for _, c := range ch {
		if !same(idx[c.span].owner) {
			return false
		}
	}
	return true
}
