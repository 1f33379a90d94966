package vdom

import "strconv"

// Encoder writes trees and patch lists as JSON into a reused buffer. It is
// not safe for concurrent use.
type Encoder struct {
	stack []encItem
}

type encItem struct{ n, next int32 }

// appendStr appends s as a JSON string. A view of Src held no escape in the
// input, so it needs none now; Buf strings are escaped.
func appendStr(dst []byte, t *Tree, s Str) []byte {
	dst = append(dst, '"')
	if s.Off&bufBit == 0 {
		dst = append(dst, t.Src[s.Off:s.Off+s.Len]...)
	} else {
		dst = AppendEscaped(dst, t.Bytes(s))
	}
	return append(dst, '"')
}

const hexDigits = "0123456789abcdef"

// AppendEscaped appends b with the JSON string escapes it needs, without quotes.
func AppendEscaped(dst, b []byte) []byte {
	start := 0
	for i, c := range b {
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, b[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
		}
		start = i + 1
	}
	return append(dst, b[start:]...)
}

// AppendProps appends props as a JSON object.
func AppendProps(dst []byte, t *Tree, props []Prop) []byte {
	dst = append(dst, '{')
	for i, p := range props {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendStr(dst, t, p.Name)
		dst = append(dst, ':')
		if p.Raw {
			dst = append(dst, t.Bytes(p.Val)...)
		} else {
			dst = appendStr(dst, t, p.Val)
		}
	}
	return append(dst, '}')
}

// AppendTree appends the subtree at node n as canonical JSON: Fragments other
// than the root flattened, nulls dropped, props sorted by name, "key" only
// when keyed. Elements always carry "props" and "children".
func (e *Encoder) AppendTree(dst []byte, t *Tree, n int32) []byte {
	stack := append(e.stack[:0], encItem{n, 0})
	dst = e.open(dst, t, n)
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		nd := &t.Nodes[top.n]
		if top.next < int32(nd.NKids) {
			if top.next > 0 {
				dst = append(dst, ',')
			}
			k := t.Kids[nd.Kids+uint32(top.next)]
			top.next++
			dst = e.open(dst, t, k)
			stack = append(stack, encItem{k, 0})
			continue
		}
		switch nd.Kind {
		case KindElement, KindFragment:
			dst = append(dst, ']', '}')
		default:
			dst = append(dst, '}')
		}
		stack = stack[:len(stack)-1]
	}
	e.stack = stack
	return dst
}

// open appends a node up to its children array (or whole, for leaves less
// the closing brace).
func (e *Encoder) open(dst []byte, t *Tree, n int32) []byte {
	nd := &t.Nodes[n]
	switch nd.Kind {
	case KindElement:
		dst = append(dst, `{"type":"Element","tag":`...)
		dst = appendStr(dst, t, nd.Tag)
		if nd.Keyed {
			dst = append(dst, `,"key":`...)
			dst = appendStr(dst, t, nd.Key)
		}
		dst = append(dst, `,"props":`...)
		dst = AppendProps(dst, t, t.Props[nd.Props:nd.Props+nd.NProps])
		dst = append(dst, `,"children":[`...)
	case KindText:
		dst = append(dst, `{"type":"Text","content":`...)
		dst = appendStr(dst, t, nd.Content)
	case KindRawHtml:
		dst = append(dst, `{"type":"RawHtml","html":`...)
		dst = appendStr(dst, t, nd.HTML)
	case KindFragment:
		dst = append(dst, `{"type":"Fragment","children":[`...)
	}
	return dst
}

// AppendPatches appends the patch list l as a JSON array.
func (e *Encoder) AppendPatches(dst []byte, l *PatchList) []byte {
	dst = append(dst, '[')
	for i := range l.Patches {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = e.AppendPatch(dst, l, &l.Patches[i])
	}
	return append(dst, ']')
}

// AppendPatch appends one patch of l as a JSON object.
func (e *Encoder) AppendPatch(dst []byte, l *PatchList, p *Patch) []byte {
	t := l.Tree
	dst = append(dst, `{"type":"`...)
	dst = append(dst, p.Kind.String()...)
	dst = append(dst, `","path":[`...)
	for i, x := range l.PathOf(p) {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = strconv.AppendInt(dst, int64(x), 10)
	}
	dst = append(dst, ']')
	switch p.Kind {
	case PatchCreate, PatchReplace:
		dst = append(dst, `,"node":`...)
		dst = e.AppendTree(dst, t, p.Node)
	case PatchUpdateText:
		dst = append(dst, `,"content":`...)
		dst = appendStr(dst, t, p.Content)
	case PatchUpdateProps:
		dst = append(dst, `,"props":`...)
		dst = AppendProps(dst, t, l.PropsOf(p))
	case PatchReorderChildren:
		dst = append(dst, `,"order":[`...)
		for i, k := range l.OrderOf(p) {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendStr(dst, t, k)
		}
		dst = append(dst, ']')
	}
	return append(dst, '}')
}
