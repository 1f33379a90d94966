package predict

import (
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict/internal/memsize"
)

// Helpers over trees and paths.

// copyTree makes dst a copy of src (the source JSON shared), reusing dst's
// arenas.
func copyTree(dst, src *vdom.Tree) {
	dst.Src = src.Src
	dst.Buf = append(dst.Buf[:0], src.Buf...)
	dst.Nodes = append(dst.Nodes[:0], src.Nodes...)
	dst.Props = append(dst.Props[:0], src.Props...)
	dst.Kids = append(dst.Kids[:0], src.Kids...)
	dst.Root, dst.View = src.Root, src.View
}

// invalidate forgets the JSON spans and hashes of the nodes on path, which
// a patch there changed, so that comparisons do not trust them.
func invalidate(w *vdom.Tree, path []int32) {
	if !w.HasRoot() {
		return
	}
	n := w.Root
	w.Nodes[n].Start, w.Nodes[n].End, w.Nodes[n].Hash = 0, 0, 0
	for _, i := range path {
		kids := w.Children(n)
		if i < 0 || int(i) >= len(kids) {
			return
		}
		n = kids[i]
		w.Nodes[n].Start, w.Nodes[n].End, w.Nodes[n].Hash = 0, 0, 0
	}
}

// treeSize is the heap of t's arenas (the source JSON aside).
func treeSize(t *vdom.Tree) int64 {
	return memsize.Bytes(cap(t.Buf)) + memsize.Slice(t.Nodes) + memsize.Slice(t.Props) + memsize.Slice(t.Kids)
}

// hasPrefix reports whether path starts with prefix.
func hasPrefix(path, prefix []int32) bool {
	if len(prefix) > len(path) {
		return false
	}
	for i := range prefix {
		if path[i] != prefix[i] {
			return false
		}
	}
	return true
}

// nodeAt walks path from the root; -1 when it leads nowhere.
func nodeAt(t *vdom.Tree, path []int32) int32 {
	if !t.HasRoot() {
		return -1
	}
	n := t.Root
	for _, i := range path {
		kids := t.Children(n)
		if i < 0 || int(i) >= len(kids) {
			return -1
		}
		n = kids[i]
	}
	return n
}

// clone copies b (nil when empty).
func clone(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return append([]byte(nil), b...)
}

// patchListSize is the heap of l's arenas (its tree aside).
func patchListSize(l *vdom.PatchList) int64 {
	return memsize.Slice(l.Patches) + memsize.Slice(l.Paths) + memsize.Slice(l.Keys)
}
