package vdom

// The binary decoder's fast path. A binary tree is self-delimiting: every
// node says its kind in its first byte and every list ends with 0x00, so a
// tree that is well formed and within the limits can be decoded in one tight
// loop, without the JSON decoder's frames. binFast is that loop. It builds
// exactly the arenas the general loop (binNode) builds — the same nodes in
// the same order, the same strings, props, children, hashes and, for a Doc,
// the same meta (TestBinaryFastMatchesGeneral) — and it leaves to the general
// loop everything else: at the first byte it does not take as the common
// case (an error of any kind, a limit reached), it gives up and the general loop decodes the tree again
// from the start. So every error, with its code, message and offset, is the
// general loop's, and a tree costs at most two decodes.

// binFrame is an open node of binFast: an element or a Fragment.
type binFrame struct {
	node     int32
	kidBase  int32  // len(pending) when the node was opened
	kidsOpen uint32 // where its first child starts; 0 while it has none
}

// binFastOK says whether binFast may decode the document: not while
// children are taken over (Redecode's guide) or below the root.
func (d *Decoder) binFastOK() bool {
	return !binFastOff && (d.inc == nil || (d.inc.guide < 0 && d.inc.depth == 0))
}

// binFastOff turns the fast path off (tests compare the two).
var binFastOff bool

// binFast decodes the whole binary tree at Pos (after the header) onto t and
// returns its root, or ok false when the general loop must decode it: t and
// the decoder are then to be reset.
func (d *Decoder) binFast(t *Tree) (root int32, ok bool) {
	src := d.sc.Src
	stack := d.bstack[:0]
	defer func() { d.bstack = stack[:0] }()
	var scratch frame // binMembers records member bits in a frame; binFast needs none
	for {
		p := d.sc.Pos
		if p >= len(src) {
			return -1, false
		}
		c := src[p]
		if len(stack) > 0 {
			top := &stack[len(stack)-1]
			if c == binEnd { // the node closes
				nd := &t.Nodes[top.node]
				var kidsClose uint32
				if top.kidsOpen != 0 {
					kidsClose = uint32(p)
				}
				d.sc.Pos = p + 1
				nd.End = uint32(p + 1)
				if nd.Kind == KindElement && nd.Tag.Len == 0 {
					return -1, false
				}
				if nd.Kind == KindFragment && len(stack) > 1 {
					// a nested Fragment: its children stay on pending, its
					// parent's (finish)
					if d.inc != nil {
						d.binMeta(t, top.node, len(stack)-1, top.kidsOpen, kidsClose, false)
					}
					stack = stack[:len(stack)-1]
					continue
				}
				kids := d.pending[top.kidBase:]
				if d.lim.DOMView == ViewHTML && !binPlainKids(t, kids) {
					var err *Error // as commit does
					if kids, err = t.ViewKids(ViewHTML, kids, d.lim.MaxTextLength); err != nil {
						return -1, false
					}
				}
				nd.Kids, nd.NKids = uint32(len(t.Kids)), uint32(len(kids))
				t.Kids = append(t.Kids, kids...)
				d.pending = d.pending[:top.kidBase]
				nd.Hash = t.hashSpan(nd, top.kidsOpen, kidsClose)
				idx := top.node
				if d.inc != nil {
					d.binMeta(t, idx, len(stack)-1, top.kidsOpen, kidsClose, len(stack) == 1)
				}
				stack = stack[:len(stack)-1]
				if len(stack) == 0 {
					return idx, true
				}
				d.pending = append(d.pending, idx)
				continue
			}
			if top.kidsOpen == 0 {
				top.kidsOpen = uint32(p)
			}
			if n := int32(len(d.pending)) - top.kidBase + 1; int(n) > d.lim.MaxChildrenPerNode {
				return -1, false
			}
		}
		k := Kind(c)
		if k == KindNone || int(k) >= len(binList) {
			return -1, false
		}
		depth := len(stack)
		if depth > d.lim.MaxTreeDepth {
			return -1, false
		}
		if d.nodes++; d.nodes > d.lim.MaxNodeCount {
			return -1, false
		}
		idx := int32(len(t.Nodes))
		t.Nodes = append(t.Nodes, Node{Start: uint32(p), Kind: k})
		d.sc.Pos = p + 1
		nd := &t.Nodes[idx]
		if !binList[k] { // a leaf: done once its members are read
			if len(stack) == 0 {
				nd.Props = uint32(len(t.Props))
			}
			if !d.binMembers(t, &scratch, nd) {
				return -1, false
			}
			nd = &t.Nodes[idx]
			nd.End, nd.Kids = uint32(d.sc.Pos), uint32(len(t.Kids))
			if d.inc != nil {
				d.binMeta(t, idx, depth, 0, 0, len(stack) == 0)
			}
			if len(stack) == 0 {
				return idx, true
			}
			d.pending = append(d.pending, idx)
			continue
		}
		nd.Props = uint32(len(t.Props))
		scratch.node = idx
		if !d.binMembers(t, &scratch, nd) {
			return -1, false
		}
		if binProps[k] {
			for d.sc.Pos < len(src) && (src[d.sc.Pos] == binPropStr || src[d.sc.Pos] == binPropRaw) {
				if !d.binProp(t, &scratch, src[d.sc.Pos] == binPropRaw) {
					return -1, false
				}
			}
			if !binSortedProps(t, &t.Nodes[idx]) {
				return -1, false
			}
		}
		stack = append(stack, binFrame{node: idx, kidBase: int32(len(d.pending))})
	}
}

// binPlainKids reports whether children are already in the HTML view: no
// empty text, no two texts side by side.
func binPlainKids(t *Tree, kids []int32) bool {
	prevText := false
	for _, k := range kids {
		s := textOf(&t.Nodes[k])
		if s == nil {
			prevText = false
			continue
		}
		if s.Len == 0 || prevText {
			return false
		}
		prevText = true
	}
	return true
}

// binSortedProps sorts a node's props as binCloseProps does, and reports
// false on a duplicate (the general loop then reports it).
func binSortedProps(t *Tree, nd *Node) bool {
	return nd.NProps == 0 || sortProps(t, nd) == 0
}

// binMeta records a closed node's meta for the Doc being decoded, as
// incremental.closed does for the general loop.
func (d *Decoder) binMeta(t *Tree, n int32, depth int, kidsOpen, kidsClose uint32, top bool) {
	f := frame{node: n, depth: int32(depth), kidsOpen: kidsOpen, kidsClose: kidsClose}
	d.inc.closed(t, &f, top)
}
