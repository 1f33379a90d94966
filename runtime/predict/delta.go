package predict

import (
	"bytes"
	"slices"
	"unicode/utf8"

	"github.com/minimact/engine/generated/vdom"
)

// Incremental decoding. A host's new tree is, most of the time, the
// component's previous tree with a few strings changed ("Count: 5" for
// "Count: 4"). When the predictor holds the previous tree decoded, the new
// JSON is compared with the previous JSON byte for byte; when every
// difference lies inside a string the decoder kept as a view of its input (a
// text, an attribute value, a key, a tag) and the new strings need no
// unescaping and are within the limits, the new tree is the previous one
// with those strings replaced and every offset after them shifted. Anything
// else (structure, member names, escapes, raw values) falls back to the
// decoder. TestDeltaDecodeMatchesDecoder holds the result to the decoder's.

type strField uint8

const (
	fContent strField = iota // Text content
	fHTML                    // RawHtml html
	fTag                     // Element tag
	fKey                     // Element key
	fVal                     // a string prop value
)

// strSpan is one string of a decoded tree that views its source.
type strSpan struct {
	off, n uint32
	node   int32 // the node, or the prop's index for fVal
	owner  int32 // the node
	field  strField
}

// strIndex lists the strings of t that view t.Src, by offset.
func strIndex(t *vdom.Tree, out []strSpan) []strSpan {
	out = out[:0]
	add := func(s vdom.Str, node, owner int32, f strField) {
		if s.Off&(1<<31) == 0 {
			out = append(out, strSpan{off: s.Off, n: s.Len, node: node, owner: owner, field: f})
		}
	}
	for i := range t.Nodes {
		nd := &t.Nodes[i]
		n := int32(i)
		switch nd.Kind {
		case vdom.KindText:
			add(nd.Content, n, n, fContent)
		case vdom.KindRawHtml:
			add(nd.HTML, n, n, fHTML)
		case vdom.KindElement:
			add(nd.Tag, n, n, fTag)
			if nd.Keyed {
				add(nd.Key, n, n, fKey)
			}
			for j := nd.Props; j < nd.Props+nd.NProps; j++ {
				if !t.Props[j].Raw {
					add(t.Props[j].Val, int32(j), n, fVal)
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b strSpan) int { return int(a.off) - int(b.off) })
	return out
}

const maxDeltaChanges = 32

// shifter maps offsets of the old source to the new one.
type shifter struct {
	n     int
	end   [maxDeltaChanges]uint32
	delta [maxDeltaChanges]int64
}

// at maps an offset.
func (s *shifter) at(p uint32) uint32 {
	if s.n == 0 || p < s.end[0] {
		return p
	}
	k := 1
	for k < s.n && s.end[k] <= p {
		k++
	}
	return uint32(int64(p) + s.delta[k-1])
}

// str maps a string's offset, leaving those of Buf alone.
func (s *shifter) str(off uint32) uint32 {
	if off&(1<<31) != 0 {
		return off
	}
	return s.at(off)
}

type strChange struct {
	span   int // index in the old index
	newOff uint32
	newLen uint32
}

// deltaDecode builds into dst the tree of newSrc from old (decoded from
// old.Src, with index idx), or reports false when it cannot and the decoder
// must. dstIdx receives the new tree's index.
func deltaDecode(old *vdom.Tree, idx []strSpan, newSrc []byte, lim *vdom.Limits, dst *vdom.Tree, dstIdx *[]strSpan, changes *[]strChange) bool {
	oldSrc := old.Src
	if !old.HasRoot() || len(newSrc) > lim.MaxJSONBytes || len(oldSrc) == 0 {
		return false
	}
	ch := (*changes)[:0]
	i, j := 0, 0
	for {
		k := vdom.CommonPrefix(oldSrc[i:], newSrc[j:])
		i, j = i+k, j+k
		if i == len(oldSrc) && j == len(newSrc) {
			break
		}
		if i == len(oldSrc) || j == len(newSrc) || len(ch) >= maxDeltaChanges {
			return false
		}
		// the old string holding position i (its closing quote included)
		x, _ := slices.BinarySearchFunc(idx, uint32(i), func(s strSpan, p uint32) int {
			if s.off+s.n < p {
				return -1
			}
			if s.off > p {
				return 1
			}
			return 0
		})
		if x >= len(idx) || idx[x].off > uint32(i) || idx[x].off+idx[x].n < uint32(i) {
			return false
		}
		sp := idx[x]
		ns := j - (i - int(sp.off))
		q := bytes.IndexByte(newSrc[ns:], '"')
		if q < 0 {
			return false
		}
		s := newSrc[ns : ns+q]
		if bytes.IndexByte(s, '\\') >= 0 || !utf8.Valid(s) {
			return false
		}
		for _, c := range s {
			if c < 0x20 {
				return false
			}
		}
		var max int
		switch sp.field {
		case fContent, fHTML:
			max = lim.MaxTextLength
			if q == 0 && sp.field == fContent && lim.DOMView == vdom.ViewHTML {
				return false // in the HTML view an empty text is no node
			}
		case fTag:
			max = lim.MaxPropKeyLength
			if q == 0 {
				return false // an element needs a tag
			}
		default:
			max = lim.MaxPropValueLength
		}
		if q > max {
			return false
		}
		ch = append(ch, strChange{span: x, newOff: uint32(ns), newLen: uint32(q)})
		i, j = int(sp.off+sp.n), ns+q
	}
	*changes = ch
	// a shifter maps an old offset to the new one: the offsets past the end
	// of change k move by delta[k]
	var sh shifter
	sh.n = 0
	for _, c := range ch {
		sp := &idx[c.span]
		d := int64(c.newLen) - int64(sp.n)
		if sh.n > 0 {
			d += sh.delta[sh.n-1]
		}
		if sh.n == len(sh.end) {
			return false
		}
		sh.end[sh.n], sh.delta[sh.n] = sp.off+sp.n, d
		sh.n++
	}
	copyTree(dst, old)
	dst.Src = newSrc
	for n := range dst.Nodes {
		nd := &dst.Nodes[n]
		nd.Key.Off = sh.str(nd.Key.Off)
		nd.Tag.Off = sh.str(nd.Tag.Off)
		nd.Content.Off = sh.str(nd.Content.Off)
		nd.HTML.Off = sh.str(nd.HTML.Off)
		if nd.End != 0 {
			st, en := nd.Start, nd.End
			nd.Start, nd.End = sh.at(st), sh.at(en)
			// a node whose JSON changed has a stale hash: none
			for _, c := range ch {
				if o := idx[c.span].off; o > st && o < en {
					nd.Hash = 0
					break
				}
			}
		}
	}
	for p := range dst.Props {
		dst.Props[p].Name.Off = sh.str(dst.Props[p].Name.Off)
		dst.Props[p].Val.Off = sh.str(dst.Props[p].Val.Off)
	}
	for _, c := range ch {
		sp := &idx[c.span]
		s := vdom.Str{Off: c.newOff, Len: c.newLen}
		switch sp.field {
		case fContent:
			dst.Nodes[sp.node].Content = s
		case fHTML:
			dst.Nodes[sp.node].HTML = s
		case fTag:
			dst.Nodes[sp.node].Tag = s
		case fKey:
			dst.Nodes[sp.node].Key = s
		case fVal:
			dst.Props[sp.node].Val = s
		}
	}
	ni := append((*dstIdx)[:0], idx...)
	for k := range ni {
		ni[k].off = sh.at(ni[k].off)
	}
	for _, c := range ch {
		ni[c.span].off, ni[c.span].n = c.newOff, c.newLen
	}
	*dstIdx = ni
	return true
}
