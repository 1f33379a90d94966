package vdom

// Member bits of a patch object.
const (
	pType uint8 = 1 << iota
	pPath
	pNode
	pContent
	pProps
	pOrder
)

var patchMemberNames = [...]string{"type", "path", "node", "content", "props", "order"}

// patchAllowed and patchRequired list, per patch kind, the members that may
// be present and those that must be.
var (
	patchAllowed = [...]uint8{
		PatchCreate:          pType | pPath | pNode,
		PatchRemove:          pType | pPath,
		PatchReplace:         pType | pPath | pNode,
		PatchUpdateText:      pType | pPath | pContent,
		PatchUpdateProps:     pType | pPath | pProps,
		PatchReorderChildren: pType | pPath | pOrder,
	}
	patchRequired = [...]uint8{
		PatchCreate:          pType | pPath | pNode,
		PatchRemove:          pType | pPath,
		PatchReplace:         pType | pPath | pNode,
		PatchUpdateText:      pType | pPath | pContent,
		PatchUpdateProps:     pType | pPath | pProps,
		PatchReorderChildren: pType | pPath | pOrder,
	}
)

// DecodePatches decodes src, a JSON array of patches, into l, whose Tree
// (reset first, or allocated when nil) holds the patches' nodes and strings.
func (d *Decoder) DecodePatches(src []byte, l *PatchList) error {
	if l.Tree == nil {
		l.Tree = &Tree{}
	}
	l.Tree.Reset()
	l.Tree.Src = src
	l.Reset(l.Tree)
	if !d.begin(src) {
		return d.err
	}
	sc := &d.sc
	if sc.Peek() != '[' {
		d.fail(InvalidVNode, sc.Pos, "a patch list must be a JSON array")
		return d.err
	}
	sc.Pos++
	for first := true; ; first = false {
		c := sc.Peek()
		if c == ']' {
			sc.Pos++
			break
		}
		if !first {
			if c != ',' {
				d.fail(Serialization, sc.Pos, "expected ',' or ']' in the patch list")
				return d.err
			}
			sc.Pos++
			c = sc.Peek()
		}
		if c != '{' {
			d.fail(InvalidVNode, sc.Pos, "a patch must be a JSON object")
			return d.err
		}
		if !d.patch(l) {
			d.err.Patch = len(l.Patches)
			return d.err
		}
	}
	if !d.end() {
		return d.err
	}
	return nil
}

// patch decodes the patch object at Pos onto l.
func (d *Decoder) patch(l *PatchList) bool {
	sc := &d.sc
	t := l.Tree
	at := sc.Pos
	sc.Pos++
	p := Patch{Node: -1}
	var seen uint8
	for first := true; ; first = false {
		c := sc.Peek()
		if c == '}' {
			sc.Pos++
			break
		}
		if !first {
			if c != ',' {
				return d.fail(Serialization, sc.Pos, "expected ',' or '}' in a patch")
			}
			sc.Pos++
		}
		name, ok := d.name()
		if !ok {
			return false
		}
		var bit uint8
		switch string(name) {
		case "type":
			bit = pType
		case "path":
			bit = pPath
		case "node":
			bit = pNode
		case "content":
			bit = pContent
		case "props":
			bit = pProps
		case "order":
			bit = pOrder
		default:
			if !d.skip() {
				return false
			}
			continue
		}
		if seen&bit != 0 {
			return d.fail(InvalidVNode, sc.Pos, "duplicate member \""+string(name)+"\" in a patch")
		}
		vat := sc.Pos
		if d.null() {
			continue // null is the same as absent
		}
		seen |= bit
		switch bit {
		case pType:
			if sc.Peek() != '"' {
				return d.fail(InvalidVNode, vat, "patch \"type\" must be a string")
			}
			s, ok := d.str(t, 64, InvalidVNode, "patch \"type\"")
			if !ok {
				return false
			}
			switch string(t.Bytes(s)) {
			case "Create":
				p.Kind = PatchCreate
			case "Remove":
				p.Kind = PatchRemove
			case "Replace":
				p.Kind = PatchReplace
			case "UpdateText":
				p.Kind = PatchUpdateText
			case "UpdateProps":
				p.Kind = PatchUpdateProps
			case "ReorderChildren":
				p.Kind = PatchReorderChildren
			default:
				return d.fail(InvalidVNode, vat, "unknown patch type \""+string(t.Bytes(s))+"\"")
			}
		case pPath:
			if sc.Peek() != '[' {
				return d.fail(InvalidPath, vat, "patch \"path\" must be an array of child indices")
			}
			sc.Pos++
			p.Path = uint32(len(l.Paths))
			for pfirst := true; ; pfirst = false {
				c := sc.Peek()
				if c == ']' {
					sc.Pos++
					break
				}
				if !pfirst {
					if c != ',' {
						return d.fail(Serialization, sc.Pos, "expected ',' or ']' in a path")
					}
					sc.Pos++
					c = sc.Peek()
				}
				if int(p.NPath) > d.lim.MaxTreeDepth {
					return d.fail(InvalidPath, sc.Pos, "path is longer than the tree depth limit of "+itoa(d.lim.MaxTreeDepth))
				}
				if c < '0' || c > '9' {
					return d.fail(InvalidPath, sc.Pos, "a path index must be a non-negative integer")
				}
				v, ok := sc.Index(1<<30)
				if !ok {
					return d.fail(InvalidPath, sc.Pos, "a path index must be a non-negative integer")
				}
				l.Paths = append(l.Paths, int32(v))
				p.NPath++
			}
		case pNode:
			if sc.Peek() != '{' {
				return d.fail(InvalidVNode, vat, "patch \"node\" must be a VNode object")
			}
			n, ok := d.node(t, true)
			if !ok {
				return false
			}
			p.Node = n
		case pContent:
			if sc.Peek() != '"' {
				return d.fail(InvalidVNode, vat, "patch \"content\" must be a string")
			}
			s, ok := d.str(t, d.lim.MaxTextLength, TextTooLong, "text content")
			if !ok {
				return false
			}
			p.Content = s
		case pProps:
			if sc.Peek() != '{' {
				return d.fail(InvalidVNode, vat, "patch \"props\" must be an object")
			}
			start, n, ok := d.props(t)
			if !ok {
				return false
			}
			p.Props, p.NProps = start, n
		case pOrder:
			if sc.Peek() != '[' {
				return d.fail(InvalidVNode, vat, "patch \"order\" must be an array of keys")
			}
			sc.Pos++
			p.Order = uint32(len(l.Keys))
			for ofirst := true; ; ofirst = false {
				c := sc.Peek()
				if c == ']' {
					sc.Pos++
					break
				}
				if !ofirst {
					if c != ',' {
						return d.fail(Serialization, sc.Pos, "expected ',' or ']' in an order")
					}
					sc.Pos++
					c = sc.Peek()
				}
				if c != '"' {
					return d.fail(InvalidVNode, sc.Pos, "an order entry must be a string key")
				}
				if int(p.NOrder) >= d.lim.MaxChildrenPerNode {
					return d.fail(TooManyChildren, sc.Pos, "order exceeds the limit of "+itoa(d.lim.MaxChildrenPerNode)+" keys")
				}
				s, ok := d.str(t, d.lim.MaxPropValueLength, PropertyTooLong, "key")
				if !ok {
					return false
				}
				l.Keys = append(l.Keys, s)
				p.NOrder++
			}
		}
	}
	if p.Kind == PatchNone {
		return d.fail(InvalidVNode, at, "patch without \"type\"")
	}
	if missing := patchRequired[p.Kind] &^ seen; missing != 0 {
		return d.fail(InvalidVNode, at, p.Kind.String()+" patch without \""+patchMemberNames[firstBit(missing)]+"\"")
	}
	if extra := seen &^ patchAllowed[p.Kind]; extra != 0 {
		return d.fail(InvalidVNode, at, p.Kind.String()+" patch must not have \""+patchMemberNames[firstBit(extra)]+"\"")
	}
	l.Patches = append(l.Patches, p)
	return true
}
