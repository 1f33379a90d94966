package reconcile

import (
	"github.com/minimact/engine/generated/vdom"
)

// Retained trees (docs/reconcile.md, "Reusing what was decoded"). A Retained
// holds one component instance's page state: the document the browser shows,
// decoded, with its own copy of the bytes, and optionally the one before it
// (for learning from the last render). Render turns it into the next
// document: vdom.Redecode decodes only what the new document does not share
// with the current one, and the diff walks only along the changed path,
// taking every node the new tree took over from the current one as
// unchanged without comparing it.

// Retained is a retained tree's state. It is not safe for concurrent use.
type Retained struct {
	docs      [3]vdom.Doc
	cur, prev int // indices into docs, -1: none; prev == cur after a render that changed nothing
	keepPrev  bool
	gen       uint64
	graft     vdom.Graft
}

// NewRetained returns an empty retained tree. With keepPrev it keeps the
// tree before the last render too (Previous), at the cost of a third buffer.
func NewRetained(keepPrev bool) *Retained {
	s := &Retained{keepPrev: keepPrev}
	s.Reset()
	return s
}

// Reset empties s, keeping its buffers.
func (s *Retained) Reset() {
	for i := range s.docs {
		s.docs[i].Reset()
	}
	s.cur, s.prev = -1, -1
}

// Release empties s and drops its buffers.
func (s *Retained) Release() {
	for i := range s.docs {
		s.docs[i].Release()
	}
	s.cur, s.prev = -1, -1
}

// Current returns the retained document, or nil before the first render.
func (s *Retained) Current() *vdom.Doc {
	if s.cur < 0 {
		return nil
	}
	return &s.docs[s.cur]
}

// Previous returns the document before the last render (the same as
// Current when it changed nothing), or nil: before the second render, or
// without keepPrev.
func (s *Retained) Previous() *vdom.Doc {
	if s.prev < 0 {
		return nil
	}
	return &s.docs[s.prev]
}

// Gen counts the renders that changed the document.
func (s *Retained) Gen() uint64 { return s.gen }

// Bytes returns the memory s holds.
func (s *Retained) Bytes() int64 {
	var n int64
	for i := range s.docs {
		n += s.docs[i].Bytes()
	}
	return n
}

// spare returns the index of a document that is neither current nor kept.
func (s *Retained) spare() int {
	n := 2
	if s.keepPrev {
		n = 3
	}
	for i := 0; i < n; i++ {
		if i != s.cur && (i != s.prev || !s.keepPrev) {
			return i
		}
	}
	return -1 // not reached
}

// Render turns s into the document src (JSON, or the binary encoding when
// isBinary) and returns the patch list from the current document to it, as
// JSON: from no document, one Create at []. The reply is valid until the
// next call on r. On error s does not change.
func (r *Reconciler) Render(s *Retained, src []byte, isBinary bool) ([]byte, error) {
	l := &r.list
	if s.cur < 0 {
		dst := &s.docs[0]
		if err := r.dec.DecodeDoc(src, isBinary, dst); err != nil {
			return nil, err
		}
		l.Reset(&dst.Tree)
		l.Add(vdom.PatchCreate, nil).Node = dst.Tree.Root
		r.decoded = len(src)
		s.cur, s.prev = 0, -1
		s.gen++
		return r.encode(l), nil
	}
	return r.renderFrom(&s.docs[s.cur], s, src, isBinary)
}

// renderFrom is Render from cur, s's current document or (JSON's cold path)
// one of r's own: the new document is made in s, which then holds it as its
// current one.
func (r *Reconciler) renderFrom(cur *vdom.Doc, s *Retained, src []byte, isBinary bool) ([]byte, error) {
	l := &r.list
	own := s.cur >= 0 && cur == &s.docs[s.cur]
	d := s.spare()
	dst := &s.docs[d]
	g := &s.graft
	if err := r.dec.Redecode(cur, src, isBinary, dst, g); err != nil {
		return nil, err
	}
	r.decoded = g.Decoded
	if g.Unchanged {
		l.Reset(&cur.Tree)
		out := r.encode(l)
		if own {
			s.prev = s.cur
		} else {
			dst.CopyFrom(cur)
			s.cur, s.prev = d, -1
		}
		return out, nil
	}
	r.diffGraft(&cur.Tree, &dst.Tree, g, l)
	out := r.encode(l)
	if s.keepPrev && own {
		s.prev = s.cur
	} else {
		s.prev = -1
	}
	s.cur = d
	s.gen++
	// what grafts left behind, once it outgrows the tree, dropped into a
	// document no longer needed
	dst.Compact(&s.docs[s.spare()])
	return out, nil
}

// LastDecoded returns how many bytes the last Render (or JSON) decoded:
// the new document's bytes it did not take over from the current one.
func (r *Reconciler) LastDecoded() int { return r.decoded }

// encode writes l as JSON into r's reply buffer and forgets it.
func (r *Reconciler) encode(l *vdom.PatchList) []byte {
	r.out = r.enc.AppendPatches(r.out[:0], l)
	r.patches = len(l.Patches)
	l.Reset(nil)
	return r.out
}

// diffGraft writes into l the patches from old to new, where new was made
// from old by g (vdom.Redecode): what a full Diff writes, found by diffing
// only below the re-decoded node's parent, with every node new took over
// from old known unchanged.
func (r *Reconciler) diffGraft(old, new *vdom.Tree, g *vdom.Graft, l *vdom.PatchList) {
	if g.Full {
		r.Diff(old, new, l)
		return
	}
	r.shared = g.Shared
	defer func() { r.shared = 0 }()
	if len(g.Path) == 0 {
		r.Diff(old, new, l)
		return
	}
	// Above the parent nothing changed but the child on the path, which
	// Diff would find alone among its siblings (compatible, the others the
	// same). At the parent, a compatible pair is that child; otherwise the
	// parent's children are diffed as Diff would (a key or tag that changed
	// pairs them differently).
	l.Reset(new)
	depth := int32(len(g.Path))
	r.work = r.work[:0]
	r.path = append(r.path[:0], g.Path[:depth-1]...)
	if vdom.Compatible(old, g.Old, new, g.New) {
		if !r.same(old, g.Old, new, g.New) {
			r.work = append(r.work, workItem{g.Old, g.New, depth, g.Path[depth-1]})
		}
	} else {
		parent := g.Ancestors[depth-1]
		r.diffChildren(l, old, parent, new, parent)
	}
	r.walk(l, old, new)
}

// compatible is vdom.Compatible, at once for a node taken over.
func (r *Reconciler) compatible(ot *vdom.Tree, o int32, nt *vdom.Tree, n int32) bool {
	return o == n && n < r.shared || vdom.Compatible(ot, o, nt, n)
}

// same reports whether the subtrees at o and n can be skipped as unchanged:
// the same node taken over by a Redecode (r.shared), or vdom.Same.
func (r *Reconciler) same(ot *vdom.Tree, o int32, nt *vdom.Tree, n int32) bool {
	if o == n && n < r.shared {
		return true
	}
	return vdom.Same(ot, o, nt, n)
}
