package predict

import (
	"strconv"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/patch"
)

// Leaf-only predictions (texts and props, no structure) are not applied to a
// copy of the current tree: each patch is checked with patch.CanApply against
// the tree as it is (leaf patches change no path, so that is the tree every
// one of them meets), and the predicted tree is encoded as an overlay of the
// current one. appendOverlay writes exactly what vdom.Encoder.AppendTree
// writes for the tree the patches would give (TestOverlayMatchesApply).

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

func appendJSONStr(dst []byte, t *vdom.Tree, s vdom.Str) []byte {
	dst = append(dst, '"')
	if s.Off&(1<<31) == 0 {
		dst = append(dst, t.Bytes(s)...) // a view of the input needs no escape
	} else {
		dst = vdom.AppendEscaped(dst, t.Bytes(s))
	}
	return append(dst, '"')
}

// appendOverlay appends t with the leaf patches of sc.pl applied (sc.over
// from checkLeaves) as canonical JSON.
func (sc *scratch) appendOverlay(dst []byte, t *vdom.Tree) []byte {
	type item struct{ n, next int32 }
	stack := sc.ostack[:0]
	open := func(dst []byte, n int32) []byte {
		nd := &t.Nodes[n]
		var p *vdom.Patch
		if o := sc.over[n]; o >= 0 {
			p = &sc.pl.Patches[o]
		}
		switch nd.Kind {
		case vdom.KindElement:
			dst = append(dst, `{"type":"Element","tag":`...)
			dst = appendJSONStr(dst, t, nd.Tag)
			if nd.Keyed {
				dst = append(dst, `,"key":`...)
				dst = appendJSONStr(dst, t, nd.Key)
			}
			dst = append(dst, `,"props":`...)
			if p != nil && p.Kind == vdom.PatchUpdateProps {
				dst = vdom.AppendProps(dst, &sc.pt, sc.pl.PropsOf(p))
			} else {
				dst = vdom.AppendProps(dst, t, t.PropList(n))
			}
			dst = append(dst, `,"children":[`...)
		case vdom.KindText:
			dst = append(dst, `{"type":"Text","content":`...)
			if p != nil {
				dst = appendJSONStr(dst, &sc.pt, p.Content)
			} else {
				dst = appendJSONStr(dst, t, nd.Content)
			}
		case vdom.KindRawHtml:
			dst = append(dst, `{"type":"RawHtml","html":`...)
			dst = appendJSONStr(dst, t, nd.HTML)
		case vdom.KindFragment:
			dst = append(dst, `{"type":"Fragment","children":[`...)
		default:
			dst = append(dst, `{"type":`...)
			dst = strconv.AppendQuote(dst, nd.Kind.String())
		}
		return dst
	}
	dst = open(dst, t.Root)
	stack = append(stack, item{t.Root, 0})
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		nd := &t.Nodes[top.n]
		if top.next < int32(nd.NKids) {
			if top.next > 0 {
				dst = append(dst, ',')
			}
			k := t.Kids[nd.Kids+uint32(top.next)]
			top.next++
			dst = open(dst, k)
			stack = append(stack, item{k, 0})
			continue
		}
		switch nd.Kind {
		case vdom.KindElement, vdom.KindFragment:
			dst = append(dst, ']', '}')
		default:
			dst = append(dst, '}')
		}
		stack = stack[:len(stack)-1]
	}
	sc.ostack = stack
	return dst
}
