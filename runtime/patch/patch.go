// Package patch verifies and applies patch lists exactly as the browser client
// does (shared/PATCHES.md): patches in array order, each path resolved against
// the tree as it stands after every earlier patch.
//
// CanApply checks one patch against a tree without changing it; Apply copies
// the tree and applies a whole list, checking each patch first. Neither
// recurses nor panics on any input.
package patch

import (
	"bytes"
	"strconv"

	"github.com/minimact/engine/generated/vdom"
)

// CanApply reports whether patch p of l can be applied to t as it stands, or
// the coded error (InvalidPath, PatchTypeMismatch, KeyNotFound, InvalidVNode)
// that says why not.
func CanApply(t *vdom.Tree, l *vdom.PatchList, p *vdom.Patch) error {
	_, err := check(t, l, p)
	return err
}

// target is where a checked patch applies.
type target struct {
	node   int32 // the node at path, or -1 for Create
	parent int32 // the parent of path, or -1 for the root
	index  int   // path[-1]
}

func fail(code vdom.Code, path []int32, msg string) error {
	e := vdom.Errorf(code, msg)
	e.Path = append([]int32{}, path...)
	return e
}

// resolve walks path from the root. A tree whose DOM is no node (no tree,
// or an empty text root in the HTML view) has nothing to resolve.
func resolve(t *vdom.Tree, path []int32) (parent, node int32, err error) {
	if t.DOMEmpty() {
		return -1, -1, fail(vdom.InvalidPath, path, "the tree is empty")
	}
	parent, node = -1, t.Root
	for depth, i := range path {
		nd := &t.Nodes[node]
		if i < 0 || uint32(i) >= nd.NKids {
			return -1, -1, fail(vdom.InvalidPath, path, "index "+strconv.Itoa(int(i))+" at depth "+strconv.Itoa(depth)+" is out of range: the "+nd.Kind.String()+" has "+strconv.Itoa(int(nd.NKids))+" children")
		}
		parent, node = node, t.Kids[nd.Kids+uint32(i)]
	}
	return parent, node, nil
}

func hasChildren(k vdom.Kind) bool { return k == vdom.KindElement || k == vdom.KindFragment }

func check(t *vdom.Tree, l *vdom.PatchList, p *vdom.Patch) (target, error) {
	path := l.PathOf(p)
	switch p.Kind {
	case vdom.PatchCreate:
		if len(path) == 0 {
			return checkNode(t, l, p, path, target{node: -1, parent: -1})
		}
		_, parent, err := resolve(t, path[:len(path)-1])
		if err != nil {
			return target{}, err
		}
		pn := &t.Nodes[parent]
		if !hasChildren(pn.Kind) {
			return target{}, fail(vdom.PatchTypeMismatch, path, "Create under a "+pn.Kind.String()+", which has no children")
		}
		i := path[len(path)-1]
		if i < 0 || uint32(i) > pn.NKids {
			return target{}, fail(vdom.InvalidPath, path, "Create at index "+strconv.Itoa(int(i))+" of a node with "+strconv.Itoa(int(pn.NKids))+" children")
		}
		return checkNode(t, l, p, path, target{node: -1, parent: parent, index: int(i)})
	case vdom.PatchRemove, vdom.PatchReplace, vdom.PatchUpdateText, vdom.PatchUpdateProps, vdom.PatchReorderChildren:
	default:
		return target{}, fail(vdom.InvalidVNode, path, "unknown patch kind")
	}
	parent, node, err := resolve(t, path)
	if err != nil {
		return target{}, err
	}
	tg := target{node: node, parent: parent}
	if len(path) > 0 {
		tg.index = int(path[len(path)-1])
	}
	nd := &t.Nodes[node]
	switch p.Kind {
	case vdom.PatchRemove:
		if len(path) == 0 {
			return tg, fail(vdom.InvalidPath, path, "Remove of the root; use Replace")
		}
	case vdom.PatchReplace:
		return checkNode(t, l, p, path, tg)
	case vdom.PatchUpdateText:
		if nd.Kind != vdom.KindText && nd.Kind != vdom.KindElement {
			return tg, fail(vdom.PatchTypeMismatch, path, "UpdateText on a "+nd.Kind.String()+"; expected Text or Element")
		}
	case vdom.PatchUpdateProps:
		if nd.Kind != vdom.KindElement {
			return tg, fail(vdom.PatchTypeMismatch, path, "UpdateProps on a "+nd.Kind.String()+"; expected Element")
		}
	case vdom.PatchReorderChildren:
		if !hasChildren(nd.Kind) {
			return tg, fail(vdom.PatchTypeMismatch, path, "ReorderChildren on a "+nd.Kind.String()+"; expected Element")
		}
		order := l.OrderOf(p)
		if len(order) > int(nd.NKids) {
			return tg, fail(vdom.KeyNotFound, path, "order names "+strconv.Itoa(len(order))+" keys for "+strconv.Itoa(int(nd.NKids))+" children")
		}
		for _, k := range order {
			if _, err := findKey(t, node, l.Tree.Bytes(k), path); err != nil {
				return tg, err
			}
		}
	}
	return tg, nil
}

// checkNode checks the node a Create or Replace carries: a Fragment may only
// replace the root.
func checkNode(t *vdom.Tree, l *vdom.PatchList, p *vdom.Patch, path []int32, tg target) (target, error) {
	if p.Node < 0 || int(p.Node) >= len(l.Tree.Nodes) {
		return tg, fail(vdom.InvalidVNode, path, p.Kind.String()+" without a node")
	}
	if len(path) == 0 && p.Kind == vdom.PatchCreate && t.HasRoot() {
		// Create at [] replaces the root (PATCHES.md).
		return tg, nil
	}
	if l.Tree.Nodes[p.Node].Kind == vdom.KindFragment && len(path) > 0 {
		return tg, fail(vdom.PatchTypeMismatch, path, "a Fragment can only stand at the root")
	}
	return tg, nil
}

// findKey returns the position of the one keyed child element of node with
// key, or KeyNotFound when there is none or more than one.
func findKey(t *vdom.Tree, node int32, key []byte, path []int32) (int, error) {
	at := -1
	for i, c := range t.Children(node) {
		cn := &t.Nodes[c]
		if cn.Kind == vdom.KindElement && cn.Keyed && bytes.Equal(t.Bytes(cn.Key), key) {
			if at >= 0 {
				return -1, fail(vdom.KeyNotFound, path, "key \""+string(key)+"\" names more than one child")
			}
			at = i
		}
	}
	if at < 0 {
		return -1, fail(vdom.KeyNotFound, path, "key \""+string(key)+"\" names no child")
	}
	return at, nil
}

// Clone returns a copy of t that shares only its Src.
func Clone(t *vdom.Tree) *vdom.Tree {
	return &vdom.Tree{
		Src:   t.Src,
		Buf:   append([]byte(nil), t.Buf...),
		Nodes: append([]vdom.Node(nil), t.Nodes...),
		Props: append([]vdom.Prop(nil), t.Props...),
		Kids:  append([]int32(nil), t.Kids...),
		Root:  t.Root,
		View:  t.View,
	}
}

// Apply applies the patches of l in order to a copy of t and returns it. On
// the first patch that cannot be applied it returns that patch's error, with
// its index in the list.
func Apply(t *vdom.Tree, l *vdom.PatchList) (*vdom.Tree, error) {
	w := Clone(t)
	for i := range l.Patches {
		if err := ApplyOne(w, l, &l.Patches[i]); err != nil {
			if e, ok := err.(*vdom.Error); ok {
				e.Patch = i
			}
			return nil, err
		}
	}
	w.Rehash()
	return w, nil
}

// ApplyOne applies patch p of l to w in place. Hashes and JSON spans of w's
// changed nodes are stale afterwards until w.Rehash is called.
func ApplyOne(w *vdom.Tree, l *vdom.PatchList, p *vdom.Patch) error {
	tg, err := check(w, l, p)
	if err != nil {
		return err
	}
	switch p.Kind {
	case vdom.PatchCreate, vdom.PatchReplace:
		if nd := &l.Tree.Nodes[p.Node]; w.View == vdom.ViewHTML && len(l.PathOf(p)) > 0 && nd.Kind == vdom.KindText && nd.Content.Len == 0 {
			// The client renders an empty text as no node in the HTML
			// view: a Create inserts nothing, a Replace removes.
			if p.Kind == vdom.PatchReplace {
				splice(w, tg.parent, tg.index, 1, -1)
			}
			break
		}
		n := Import(w, l.Tree, p.Node)
		switch {
		case tg.parent < 0 && (p.Kind == vdom.PatchReplace || tg.node < 0 && len(l.PathOf(p)) == 0):
			w.Root = n
		case p.Kind == vdom.PatchCreate:
			splice(w, tg.parent, tg.index, 0, n)
		default:
			w.Kids[w.Nodes[tg.parent].Kids+uint32(tg.index)] = n
		}
	case vdom.PatchRemove:
		splice(w, tg.parent, tg.index, 1, -1)
	case vdom.PatchUpdateText:
		content := l.Tree.Bytes(p.Content)
		nd := &w.Nodes[tg.node]
		if nd.Kind == vdom.KindText {
			nd.Content = w.AddString(content)
			break
		}
		// textContent on an element: its children become one text node, or
		// none when the text is empty (as in the DOM).
		nd.Kids, nd.NKids = uint32(len(w.Kids)), 0
		if len(content) > 0 {
			w.Nodes = append(w.Nodes, vdom.Node{Kind: vdom.KindText, Content: w.AddString(content)})
			w.Kids = append(w.Kids, int32(len(w.Nodes)-1))
			w.Nodes[tg.node].NKids = 1
		}
	case vdom.PatchUpdateProps:
		start := uint32(len(w.Props))
		for _, pr := range l.PropsOf(p) {
			w.Props = append(w.Props, vdom.Prop{
				Name: w.AddString(l.Tree.Bytes(pr.Name)),
				Val:  w.AddString(l.Tree.Bytes(pr.Val)),
				Raw:  pr.Raw,
			})
		}
		ps := w.Props[start:]
		w.SortProps(ps)
		nd := &w.Nodes[tg.node]
		nd.Props, nd.NProps = start, uint32(len(ps))
	case vdom.PatchReorderChildren:
		path := l.PathOf(p)
		for i, k := range l.OrderOf(p) {
			at, err := findKey(w, tg.node, l.Tree.Bytes(k), path)
			if err != nil {
				return err
			}
			kids := w.Children(tg.node)
			if at == i {
				continue
			}
			c := kids[at]
			if at > i {
				copy(kids[i+1:at+1], kids[i:at])
			} else {
				copy(kids[at:i], kids[at+1:i+1])
			}
			kids[i] = c
		}
	}
	return nil
}

// splice removes del children of parent at index i and inserts ins there
// (none when ins < 0), moving the child list to the end of Kids.
func splice(w *vdom.Tree, parent int32, i, del int, ins int32) {
	old := w.Children(parent)
	start := uint32(len(w.Kids))
	w.Kids = append(w.Kids, old[:i]...)
	if ins >= 0 {
		w.Kids = append(w.Kids, ins)
	}
	w.Kids = append(w.Kids, old[i+del:]...)
	nd := &w.Nodes[parent]
	nd.Kids, nd.NKids = start, uint32(len(w.Kids))-start
}

// Import copies the subtree at node n of src into w and returns its index in
// w. Strings are copied into w.Buf; spans are dropped.
func Import(w, src *vdom.Tree, n int32) int32 {
	type pair struct{ s, d int32 }
	root := importNode(w, src, n)
	var fixed [32]pair // on the stack while the walk stays within it
	stack := append(fixed[:0], pair{n, root})
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		kids := src.Children(p.s)
		start := uint32(len(w.Kids))
		for range kids {
			w.Kids = append(w.Kids, -1)
		}
		w.Nodes[p.d].Kids, w.Nodes[p.d].NKids = start, uint32(len(kids))
		for i, k := range kids {
			d := importNode(w, src, k)
			w.Kids[start+uint32(i)] = d
			stack = append(stack, pair{k, d})
		}
	}
	return root
}

// ImportShell copies node n of src into w without its children (its kind,
// key, tag, texts and props; no hash: its children are the caller's to
// give) and returns its index in w.
func ImportShell(w, src *vdom.Tree, n int32) int32 {
	d := importNode(w, src, n)
	w.Nodes[d].Hash = 0
	return d
}

func importNode(w, src *vdom.Tree, n int32) int32 {
	s := &src.Nodes[n]
	d := vdom.Node{Hash: s.Hash, Kind: s.Kind, Keyed: s.Keyed}
	d.Key = w.AddString(src.Bytes(s.Key))
	d.Tag = w.AddString(src.Bytes(s.Tag))
	d.Content = w.AddString(src.Bytes(s.Content))
	d.HTML = w.AddString(src.Bytes(s.HTML))
	d.Props = uint32(len(w.Props))
	for _, p := range src.PropList(n) {
		w.Props = append(w.Props, vdom.Prop{Name: w.AddString(src.Bytes(p.Name)), Val: w.AddString(src.Bytes(p.Val)), Raw: p.Raw})
	}
	d.NProps = uint32(len(w.Props)) - d.Props
	w.Nodes = append(w.Nodes, d)
	return int32(len(w.Nodes) - 1)
}

// Equal reports whether trees a and b are equal in DOM terms (shared/PATCHES.md),
// in their DOM view: when either is in the HTML view both are compared as an
// HTML parser would read their HTML, adjacent texts as one and empty ones as
// none (on normalized copies, when needed), so that the DOM patches leave
// with texts side by side equals the tree decoded in that view. Both must
// have current hashes.
func Equal(a, b *vdom.Tree) bool {
	if a.View == vdom.ViewHTML || b.View == vdom.ViewHTML {
		a, b = HTMLView(a), HTMLView(b)
	}
	if a.DOMEmpty() || b.DOMEmpty() {
		return a.DOMEmpty() && b.DOMEmpty()
	}
	return vdom.Equal(a, a.Root, b, b.Root)
}

// HTMLView returns t when it is in the HTML view with every child list in
// it (as decoding gives), else a copy of it put in the HTML view
// (vdom.Tree.Normalize): the tree a browser parses from the HTML of t's DOM.
func HTMLView(t *vdom.Tree) *vdom.Tree {
	if t.View == vdom.ViewHTML && !t.HasRoot() {
		return t
	}
	ok := t.View == vdom.ViewHTML
	// is every child list in the view already (no empty text, no two
	// adjacent texts)?
	stack := []int32{t.Root}
	for ok && len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		prevText := false
		for _, k := range t.Children(n) {
			nd := &t.Nodes[k]
			text := nd.Kind == vdom.KindText
			if text && (prevText || nd.Content.Len == 0) {
				ok = false
				break
			}
			prevText = text
			stack = append(stack, k)
		}
	}
	if ok {
		return t
	}
	c := Clone(t)
	c.View = vdom.ViewHTML
	c.Normalize()
	return c
}
