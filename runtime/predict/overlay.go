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

// checkLeaves checks every patch of sc.pl (all leaf patches) against t and
// records which node each one targets.
func (sc *scratch) checkLeaves(t *vdom.Tree) bool {
	if cap(sc.over) < len(t.Nodes) {
		sc.over = make([]int32, len(t.Nodes))
	}
	sc.over = sc.over[:len(t.Nodes)]
	for i := range sc.over {
		sc.over[i] = -1
	}
	for i := range sc.pl.Patches {
		p := &sc.pl.Patches[i]
		if p.Kind != vdom.PatchUpdateText && p.Kind != vdom.PatchUpdateProps {
			return false
		}
		if patch.CanApply(t, &sc.pl, p) != nil {
			return false
		}
		n := nodeAt(t, sc.pl.PathOf(p))
		if n < 0 || sc.over[n] >= 0 || p.Kind == vdom.PatchUpdateText && t.Nodes[n].Kind != vdom.KindText {
			return false
		}
		sc.over[n] = int32(i)
	}
	return true
}

// appendOverlay appends t with the leaf patches of sc.pl applied (sc.over
// from checkLeaves) as canonical JSON: the encoder's own output for that tree.
func (sc *scratch) appendOverlay(dst []byte, t *vdom.Tree) []byte {
	return sc.enc.AppendTreeOverlay(dst, t, t.Root, &sc.pl, sc.over)
}

// leavesGive reports whether the leaf patches of sc.pl (sc.over), applied
// to old, give nw, which deltaDecode made from old with the string changes
// ch: only the nodes either side touched can differ.
func (sc *scratch) leavesGive(old, nw *vdom.Tree, idx []strSpan, ch []strChange) bool {
	same := func(n int32) bool {
		if int(n) >= len(old.Nodes) || int(n) >= len(nw.Nodes) {
			return false
		}
		a, b := &old.Nodes[n], &nw.Nodes[n]
		var p *vdom.Patch
		if o := sc.over[n]; o >= 0 {
			p = &sc.pl.Patches[o]
		}
		switch a.Kind {
		case vdom.KindText:
			if p != nil {
				return bytes.Equal(sc.pt.Bytes(p.Content), nw.Bytes(b.Content))
			}
			return bytes.Equal(old.Bytes(a.Content), nw.Bytes(b.Content))
		case vdom.KindRawHtml:
			return bytes.Equal(old.Bytes(a.HTML), nw.Bytes(b.HTML))
		case vdom.KindElement:
			if !bytes.Equal(old.Bytes(a.Tag), nw.Bytes(b.Tag)) || a.Keyed != b.Keyed || (a.Keyed && !bytes.Equal(old.Bytes(a.Key), nw.Bytes(b.Key))) {
				return false
			}
			if p != nil {
				return vdom.PropsEqual(&sc.pt, sc.pl.PropsOf(p), nw, nw.PropList(n))
			}
			return vdom.PropsEqual(old, old.PropList(n), nw, nw.PropList(n))
		}
		return true
	}
	for n, o := range sc.over {
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
