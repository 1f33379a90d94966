package vdom

import (
	"bytes"
	"encoding/binary"

	"github.com/cespare/xxhash/v2"
)

// Incremental decoding (docs/reconcile.md, "Reusing what was decoded"). A
// host's next document is, almost always, its previous one with a few bytes
// changed. A Doc keeps a decoded document with its own copy of the bytes and,
// per node, what the decoder knew when it closed it (how many VNode objects
// its subtree holds, its depth, where its children array lies). Redecode
// then makes the next document's Doc from the current one: it finds the
// common prefix and suffix of the two documents, the deepest node that
// encloses everything between them, and decodes again only that node, from
// the new bytes, with the ordinary decoder (its limits, its errors, its
// commit step), grafting the result where the old node was; children of the
// re-decoded node whose bytes reappear unchanged (a list with items inserted,
// removed or changed) are taken over instead of being decoded again. Nothing
// is trusted that the bytes do not prove: a node is kept only when its whole
// span is byte for byte in the new document at a place where the decoder
// would read it the same way, and whenever the new bytes do not decode into
// exactly one node of a kind its parent treats alike, a larger node is
// decoded, up to the whole document. Any failure there ends in a plain decode
// of the document, whose answer (a tree or an error) is then the answer.
//
// The result is the tree a plain decode gives (TestRedecodeMatchesDecode): the
// same nodes with the same spans, strings and hashes, only laid out
// differently in the arenas.

// Doc is a decoded document kept for incremental decoding. Its Tree views
// the Doc's own copy of the source, so it stays valid after the caller's
// bytes are gone. A Doc is not safe for concurrent use.
type Doc struct {
	// Tree is the decoded document; Tree.Src is the Doc's copy of it.
	Tree Tree
	// Binary says the source is the binary encoding (binary.go), else JSON.
	Binary bool

	src      []byte     // the source: own[:n], or the caller's bytes
	own      []byte     // the Doc's buffer for copies, kept across documents
	borrowed bool       // src is the caller's (DecodeDocView), never written
	meta     []nodeMeta // per node of Tree's arena (nodes never closed: zero)
	count    int        // VNode objects in the document, as the node limit counts them
	base     arenaLens  // the arenas' lengths after the last plain decode or compaction
	order    []int32    // Compact's queue, when this Doc is the scratch
	// stale: the ancestors of the last graft, from the root down (one per
	// depth), whose Hash is staleHash: not computed, since the next graft
	// most often recomputes the same ones. Every other node's Hash is what a
	// plain decode gives; settle computes these when something will read
	// them (a graft higher up, a compaction).
	stale []int32
}

// staleHash is the Hash of a node whose hash is not computed (Doc.stale).
// Computed hashes are odd or 0, so no subtree has it; Same, comparing hashes
// as a shortcut, takes it for a subtree unlike any other and confirms node by
// node (Equal): a stale hash costs speed, never a wrong answer.
const staleHash = 2

// nodeMeta is what the decoder knew of a node when it closed it.
type nodeMeta struct {
	objs                int32  // VNode objects in the node's subtree, itself included (Fragments and nulls as the decoder counts them)
	depth               int32  // the node's nesting depth in the document (the root is 0)
	kidsOpen, kidsClose uint32 // its children array in the source (hashSpan); 0 when it has none
}

type arenaLens struct{ nodes, props, kids, buf int }

// Src returns the document's bytes (the Doc's copy).
func (doc *Doc) Src() []byte { return doc.src }

// Count returns how many VNode objects the document holds (as MaxNodeCount
// counts them).
func (doc *Doc) Count() int { return doc.count }

// HasRoot reports whether the Doc holds a document.
func (doc *Doc) HasRoot() bool { return doc.Tree.HasRoot() }

// Reset empties the Doc, keeping its buffers.
func (doc *Doc) Reset() {
	doc.Tree.Reset()
	doc.src, doc.borrowed = doc.own[:0], false
	doc.meta, doc.count, doc.Binary, doc.base = doc.meta[:0], 0, false, arenaLens{}
	doc.stale = doc.stale[:0]
}

// settle computes the hashes of the stale nodes at depth from and below,
// deepest first (a node's hash mixes its children's), leaving stale only
// those above.
func (doc *Doc) settle(from int) {
	if from >= len(doc.stale) {
		return
	}
	t := &doc.Tree
	for i := len(doc.stale) - 1; i >= from; i-- {
		a := doc.stale[i]
		m := &doc.meta[a]
		nd := &t.Nodes[a]
		nd.Hash = t.hashSpan(nd, m.kidsOpen, m.kidsClose)
	}
	doc.stale = doc.stale[:from]
}

// Own makes the Doc hold a copy of its source if it was a view
// (DecodeDocView), so that it outlives the caller's bytes.
func (doc *Doc) Own() {
	if doc.borrowed {
		doc.setSrc(doc.src)
	}
}

// setSrc makes the Doc's source a copy of b, in its own buffer.
func (doc *Doc) setSrc(b []byte) {
	doc.own = append(doc.own[:0], b...)
	doc.src, doc.borrowed = doc.own, false
	doc.Tree.Src = doc.src
}

// Release empties the Doc and drops its buffers.
func (doc *Doc) Release() { *doc = Doc{Tree: Tree{Root: -1}} }

// Bytes returns the memory the Doc's buffers hold, in bytes.
func (doc *Doc) Bytes() int64 {
	const nodeSize, propSize, metaSize = 72, 20, 16
	t := &doc.Tree
	return int64(cap(doc.own)) + int64(cap(t.Buf)) + nodeSize*int64(cap(t.Nodes)) + propSize*int64(cap(t.Props)) +
		4*int64(cap(t.Kids)) + metaSize*int64(cap(doc.meta))
}

func (doc *Doc) lens() arenaLens {
	t := &doc.Tree
	return arenaLens{len(t.Nodes), len(t.Props), len(t.Kids), len(t.Buf)}
}

// Graft says how Redecode made the new Doc from the current one, for the
// diff that follows.
type Graft struct {
	// Unchanged: the new document is byte for byte the current one, and the
	// destination Doc was not written.
	Unchanged bool
	// Full: the new Doc was decoded afresh; its node numbers mean nothing
	// in the current one.
	Full bool
	// Old and New are the re-decoded node in the current Doc and in the new
	// one, at the DOM path Path (one child index per level; empty: the root).
	// Ancestors are the nodes above it, from the root: the same numbers in
	// both Docs, the same nodes but for the one child on the path.
	Old, New  int32
	Path      []int32
	Ancestors []int32
	// Shared: a node of the new Doc numbered below Shared, reachable from
	// New or from an ancestor's other children, is the current Doc's node of
	// the same number: the same subtree, byte for byte.
	Shared int32
	// Decoded counts the bytes decoded again (the re-decoded node's span
	// less the children taken over), Compared those compared to find
	// children to take over (at most a small multiple of the document);
	// Moved counts the nodes taken over whose copy was rewritten (offsets
	// shifted, or copied again after a failed attempt), Attempts the nodes
	// decoded again incrementally (all but the last failed; with Full, all
	// did).
	Decoded, Compared, Moved, Attempts int
}

func (g *Graft) reset() {
	g.Unchanged, g.Full, g.Old, g.New, g.Shared, g.Decoded, g.Compared, g.Moved, g.Attempts = false, false, -1, -1, 0, 0, 0, 0, 0
	g.Path, g.Ancestors = g.Path[:0], g.Ancestors[:0]
}

// incremental is the decoder's state during DecodeDoc and Redecode; its
// methods are called from the decoders' loops (node, binNode).
type incremental struct {
	rec   *Doc // the Doc being decoded: closed records each node's meta
	depth int  // the depth of the first node decoded

	// children taken over: candidates are the children of guide in cur
	cur                           *Doc
	guide                         int32 // -1: none
	cursor, hits, misses, winHits int
	objs                          int  // VNode objects of the subtrees taken over
	dirty                         bool // the destination's copies of cur's nodes may have been moved by a failed attempt
	reused                        int  // bytes taken over
	compared                      int  // bytes compared to find children to take over (Graft.Compared)
	moved                         int  // nodes move rewrote (Graft.Moved)
	// the documents' common prefix ends at lo; their common suffix starts at
	// hiOld in the old one, hiOld+delta in the new
	lo, hiOld int
	delta     int64

	stack []int32
	chain []int32 // the nodes from the root to the deepest enclosing one

	used  []uint64 // the guide's children taken over (a bit per child)
	index contentIndex
	// lookups in index (built once the window has missed indexAfter times)
	indexed                bool
	indexHits, indexMisses int
}

// contentIndex finds the guide's children by the hash of indexBytes of
// their bytes, from where the children start to differ (siblings often share
// a long prefix: the same tag, the same props): what a permuted list needs,
// where the next children in order are not the ones that follow.
type contentIndex struct {
	heads []int32 // per bucket: the first entry, or -1
	next  []int32 // per entry: the next entry of its bucket
	hash  []uint64
	kid   []int32 // per entry: the child's index in the guide's children
	mask  uint64
	at    int // the indexed bytes are [at, at+indexBytes) of each child
}

const (
	indexBytes = 24 // the bytes a child is indexed by (shorter children are not)
	indexAfter = 4  // window misses, more than its hits, before the index is built
	indexProbe = 16 // candidates a lookup compares at most
)

func (inc *incremental) isUsed(j int) bool { return inc.used[j>>6]&(1<<(j&63)) != 0 }

// resetReuse starts taking over children of guide g.
func (inc *incremental) resetReuse(g int32) {
	inc.guide = g
	inc.cursor, inc.hits, inc.misses, inc.winHits, inc.objs, inc.reused = 0, 0, 0, 0, 0, 0
	inc.indexed, inc.indexHits, inc.indexMisses = false, 0, 0
	n := 0
	if g >= 0 {
		n = int(inc.cur.Tree.Nodes[g].NKids)
	}
	words := (n + 63) >> 6
	if cap(inc.used) < words {
		inc.used = make([]uint64, words)
	}
	inc.used = inc.used[:words]
	clear(inc.used)
}

// buildIndex indexes the guide's children not taken over yet.
func (inc *incremental) buildIndex(kids []int32) {
	cur := inc.cur
	ix := &inc.index
	size := 16
	for size < 2*len(kids) {
		size <<= 1
	}
	if cap(ix.heads) < size {
		ix.heads = make([]int32, size)
	}
	ix.heads = ix.heads[:size]
	for i := range ix.heads {
		ix.heads[i] = -1
	}
	ix.mask = uint64(size - 1)
	ix.next, ix.hash, ix.kid = ix.next[:0], ix.hash[:0], ix.kid[:0]
	// where the candidates start to differ: their common prefix, less the
	// window, within the shortest
	indexable := func(j int) bool {
		nd := &cur.Tree.Nodes[kids[j]]
		return !inc.isUsed(j) && (nd.Kind == KindElement || nd.Kind == KindRawHtml) && nd.End != 0 && nd.End-nd.Start >= indexBytes
	}
	var first []byte
	at, sampled := -1, 0
	for j := range kids {
		if sampled == 32 { // a sample bounds where siblings differ well enough
			break
		}
		if !indexable(j) {
			continue
		}
		sampled++
		nd := &cur.Tree.Nodes[kids[j]]
		span := cur.src[nd.Start:nd.End]
		if first == nil {
			first, at = span, len(span)-indexBytes
			continue
		}
		at = min(at, len(span)-indexBytes)
		at = CommonPrefix(first[:at], span[:at])
	}
	ix.at = max(at, 0)
	for j := len(kids) - 1; j >= 0; j-- { // last first: a bucket lists them in order
		if !indexable(j) || int(cur.Tree.Nodes[kids[j]].End-cur.Tree.Nodes[kids[j]].Start) < ix.at+indexBytes {
			continue
		}
		nd := &cur.Tree.Nodes[kids[j]]
		h := xxhash.Sum64(cur.src[int(nd.Start)+ix.at : int(nd.Start)+ix.at+indexBytes])
		b := h & ix.mask
		ix.next = append(ix.next, ix.heads[b])
		ix.hash = append(ix.hash, h)
		ix.kid = append(ix.kid, int32(j))
		ix.heads[b] = int32(len(ix.kid) - 1)
	}
	inc.indexed = true
}

// same reports whether the new document holds child j's bytes at q.
func (inc *incremental) same(src []byte, q int, nd *Node) bool {
	n := int(nd.End - nd.Start)
	if q+n > len(src) {
		return false
	}
	old := inc.cur.src[nd.Start:nd.End]
	if n >= 8 && binary.LittleEndian.Uint64(src[q+n-8:]) != binary.LittleEndian.Uint64(old[n-8:]) {
		return false
	}
	inc.compared += n
	return bytes.Equal(src[q:q+n], old)
}

// reuseWindow is how many of the next old children a new child is compared
// with: enough to step over a few removed ones.
const reuseWindow = 8

// closed records the meta of the node of f, which the decoder just closed;
// top says it is the first node of the decode.
func (inc *incremental) closed(t *Tree, f *frame, top bool) {
	doc := inc.rec
	if doc == nil {
		return
	}
	if m := len(t.Nodes); len(doc.meta) < m {
		if cap(doc.meta) >= m {
			doc.meta = doc.meta[:m]
		} else {
			doc.meta = append(doc.meta[:cap(doc.meta)], make([]nodeMeta, m-cap(doc.meta))...)
		}
	}
	objs := len(t.Nodes) - int(f.node)
	if top {
		objs += inc.objs
	}
	doc.meta[f.node] = nodeMeta{objs: int32(objs), depth: f.depth, kidsOpen: f.kidsOpen, kidsClose: f.kidsClose}
}

// reuse takes over, for the child of the first node that starts at the
// decoder's position, a child of the guide whose whole span is the same
// bytes, and reports whether it did. The child is the same subtree a decode
// would give: the same bytes, read at the same depth or less, with the same
// limits; its node count is checked against the limit as if decoded.
func (inc *incremental) reuse(d *Decoder, t *Tree, src []byte, q int) (n int, ok bool) {
	if inc.guide < 0 {
		return 0, false
	}
	cur := inc.cur
	kids := cur.Tree.Children(inc.guide)
	// a child lying wholly in the common prefix, or the common suffix, is
	// at the same place in the new document, or moved by delta: the same
	// bytes, found by position alone
	var at int
	switch {
	case q < inc.lo:
		at = q
	case int64(q) >= int64(inc.hiOld)+inc.delta:
		at = int(int64(q) - inc.delta)
	default:
		at = -1
	}
	if at >= 0 {
		j := inc.cursor // most often the next child
		if j >= len(kids) || cur.Tree.Nodes[kids[j]].End == 0 || int(cur.Tree.Nodes[kids[j]].Start) != at {
			j = startingAt(&cur.Tree, kids, at)
		}
		if j >= 0 && !inc.isUsed(j) {
			nd := &cur.Tree.Nodes[kids[j]]
			if (nd.Kind == KindElement || nd.Kind == KindRawHtml) && nd.End != 0 &&
				(int(nd.End) <= inc.lo || int(nd.Start) >= inc.hiOld) {
				if n, ok := inc.takeRun(d, kids, j, q); ok {
					return n, true
				}
				return inc.take(d, kids, j, q)
			}
		}
	}
	// the next children in order (inserted, removed, changed ones between),
	// while that finds them
	if inc.misses <= 2*inc.winHits+16 {
		for j, w := inc.cursor, 0; j < len(kids) && w < reuseWindow; j++ {
			if inc.isUsed(j) {
				continue
			}
			w++
			nd := &cur.Tree.Nodes[kids[j]]
			// texts are the kind a parent's commit joins and drops (the
			// HTML view): never taken over, so the commit sees what a
			// decode gives
			if (nd.Kind != KindElement && nd.Kind != KindRawHtml) || nd.End == 0 {
				continue
			}
			if inc.same(src, q, nd) {
				inc.winHits++
				// the children after it one entry apart, as far as the bytes
				// stay the same
				if j+1 < len(kids) {
					if n, ok := inc.run(d, kids, j, q, -1, src); ok {
						return n, true
					}
				}
				return inc.take(d, kids, j, q)
			}
		}
		inc.misses++
	}
	// any child, by content (a permuted list)
	if inc.misses >= indexAfter && (inc.indexed || inc.misses > inc.hits) && inc.indexMisses <= 2*inc.indexHits+64 {
		if !inc.indexed {
			inc.buildIndex(kids)
		}
		ix := &inc.index
		if q+ix.at+indexBytes > len(src) {
			return 0, false
		}
		h := xxhash.Sum64(src[q+ix.at : q+ix.at+indexBytes])
		for e, probes := ix.heads[h&ix.mask], 0; e >= 0 && probes < indexProbe; e, probes = ix.next[e], probes+1 {
			if ix.hash[e] != h {
				continue
			}
			j := int(ix.kid[e])
			if !inc.isUsed(j) && inc.same(src, q, &cur.Tree.Nodes[kids[j]]) {
				inc.indexHits++
				return inc.take(d, kids, j, q)
			}
		}
		inc.indexMisses++
	}
	return 0, false
}

// take takes over child j of the guide, whose bytes are at q in the new
// document, if the node limit allows it (decoded, it fails where a decode
// would).
func (inc *incremental) take(d *Decoder, kids []int32, j, q int) (int, bool) {
	cur := inc.cur
	k := kids[j]
	nd := &cur.Tree.Nodes[k]
	objs := int(cur.meta[k].objs)
	if d.nodes+objs > d.lim.MaxNodeCount {
		return 0, false
	}
	if shift := int64(q) - int64(nd.Start); shift != 0 || inc.dirty {
		inc.move(cur, inc.rec, k, shift)
	}
	n := int(nd.End - nd.Start)
	d.nodes += objs
	inc.objs += objs
	inc.reused += n
	d.pending = append(d.pending, k)
	inc.used[j>>6] |= 1 << (j & 63)
	if j >= inc.cursor {
		inc.cursor = j + 1
	}
	inc.hits++
	return n, true
}

// takeRun takes over, from child j on, the run of children that lie wholly
// in the same common region (prefix or suffix) one comma apart, all at once:
// bytes the old document decoded into exactly those children, one entry
// each. It takes at least two, or none.
func (inc *incremental) takeRun(d *Decoder, kids []int32, j, q int) (int, bool) {
	return inc.takeRunTo(d, kids, j, q, -1)
}

// takeRunTo is takeRun for a run known equal up to byte endOld of the old
// document (the children ending there at most), or, with endOld < 0, lying
// in a common region.
func (inc *incremental) takeRunTo(d *Decoder, kids []int32, j, q, endOld int) (int, bool) {
	return inc.run(d, kids, j, q, endOld, nil)
}

// run takes over the run of children from j on, one entry apart (a comma
// in JSON, nothing in binary), bounded by endOld (see takeRunTo), or, with
// src, each compared with the new bytes as it is reached (the first child
// is known equal): the work is what the run takes, and one child more.
func (inc *incremental) run(d *Decoder, kids []int32, j, q, endOld int, src []byte) (int, bool) {
	cur := inc.cur
	t := &cur.Tree
	first := &t.Nodes[kids[j]]
	inPrefix := int(first.End) <= inc.lo
	sep := uint32(1) // the bytes between two entries: ","
	if cur.Binary {
		sep = 0
	}
	f := &d.frames[len(d.frames)-1]
	room := d.lim.MaxChildrenPerNode - int(f.entries) // entries left after this one
	objs := 0
	m := j
	for ; m < len(kids); m++ {
		nd := &t.Nodes[kids[m]]
		if inc.isUsed(m) || (nd.Kind != KindElement && nd.Kind != KindRawHtml) || nd.End == 0 {
			break
		}
		if m > j {
			// one entry apart: a comma and nothing else between them (in
			// binary, nothing)
			prev := &t.Nodes[kids[m-1]]
			if nd.Start != prev.End+sep || sep == 1 && cur.src[prev.End] != ',' || m-j > room {
				break
			}
			if src != nil {
				// the separator and the child, at the same distance from q
				a := q + int(prev.End-first.Start)
				b := q + int(nd.End-first.Start)
				inc.compared += b - a
				if b > len(src) || !bytes.Equal(src[a:b], cur.src[prev.End:nd.End]) {
					break
				}
			}
		}
		if src == nil {
			if endOld >= 0 {
				if int(nd.End) > endOld {
					break
				}
			} else if inPrefix && int(nd.End) > inc.lo || !inPrefix && int(nd.Start) < inc.hiOld {
				break
			}
		}
		o := int(cur.meta[kids[m]].objs)
		if d.nodes+objs+o > d.lim.MaxNodeCount {
			break
		}
		objs += o
	}
	if m-j < 2 {
		return 0, false
	}
	last := &t.Nodes[kids[m-1]]
	shift := int64(q) - int64(first.Start)
	if shift != 0 || inc.dirty {
		for x := j; x < m; x++ {
			inc.move(cur, inc.rec, kids[x], shift)
		}
	}
	n := int(last.End - first.Start)
	d.nodes += objs
	inc.objs += objs
	inc.reused += n
	d.pending = append(d.pending, kids[j:m]...)
	for x := j; x < m; x++ {
		inc.used[x>>6] |= 1 << (x & 63)
	}
	f.entries += int32(m - j - 1)
	if m > inc.cursor {
		inc.cursor = m
	}
	inc.hits += m - j
	return n, true
}

// startingAt returns the index of the child in kids whose span starts at
// at, or -1. Children are in document order; children without a span (a
// joined text) are passed over.
func startingAt(t *Tree, kids []int32, at int) int {
	a, b := 0, len(kids)
	for a < b {
		m := int(uint(a+b) >> 1)
		x := m
		for x < b && t.Nodes[kids[x]].End == 0 {
			x++
		}
		if x == b {
			b = m
			continue
		}
		switch s := int(t.Nodes[kids[x]].Start); {
		case s == at:
			return x
		case s < at:
			a = x + 1
		default:
			b = m
		}
	}
	return -1
}

// move writes into dst the subtree of cur at n, its offsets shifted by
// shift bytes. dst's nodes, props and meta are copies of cur's (copyArenas)
// and are shifted in place; after a failed attempt (inc.dirty) they may have
// been shifted already, and are taken from cur again. Child lists are cur's.
func (inc *incremental) move(cur, dst *Doc, n int32, shift int64) {
	stack := append(inc.stack[:0], n)
	dirty := inc.dirty
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		inc.moved++
		s := &cur.Tree.Nodes[x]
		dn := &dst.Tree.Nodes[x]
		if dirty {
			*dn = *s
			copy(dst.Tree.Props[s.Props:s.Props+s.NProps], cur.Tree.Props[s.Props:s.Props+s.NProps])
			dst.meta[x] = cur.meta[x]
		}
		if dn.End != 0 {
			dn.Start, dn.End = shiftOff(dn.Start, shift), shiftOff(dn.End, shift)
		}
		for _, p := range dn.strFields() {
			*p = shiftStr(*p, shift)
		}
		for i := s.Props; i < s.Props+s.NProps; i++ {
			p := &dst.Tree.Props[i]
			p.Name, p.Val = shiftStr(p.Name, shift), shiftStr(p.Val, shift)
		}
		if m := &dst.meta[x]; m.kidsOpen != 0 {
			m.kidsOpen, m.kidsClose = shiftOff(m.kidsOpen, shift), shiftOff(m.kidsClose, shift)
		}
		if s.NKids != 0 {
			stack = append(stack, cur.Tree.Kids[s.Kids:s.Kids+s.NKids]...)
		}
	}
	inc.stack = stack
}

// shiftAfter writes into dst node a of cur with the offsets at or after thr
// shifted by shift (an ancestor of a node whose span grew or shrank).
func shiftAfter(cur, dst *Doc, a int32, thr uint32, shift int64) {
	s := &cur.Tree.Nodes[a]
	dn := &dst.Tree.Nodes[a]
	*dn = *s
	at := func(o uint32) uint32 {
		if o >= thr {
			return shiftOff(o, shift)
		}
		return o
	}
	dn.Start, dn.End = at(dn.Start), at(dn.End)
	for _, p := range dn.strFields() {
		if p.Off&bufBit == 0 {
			p.Off = at(p.Off)
		}
	}
	for i := s.Props; i < s.Props+s.NProps; i++ {
		p := cur.Tree.Props[i]
		if p.Name.Off&bufBit == 0 {
			p.Name.Off = at(p.Name.Off)
		}
		if p.Val.Off&bufBit == 0 {
			p.Val.Off = at(p.Val.Off)
		}
		dst.Tree.Props[i] = p
	}
	m := cur.meta[a]
	m.kidsOpen, m.kidsClose = at(m.kidsOpen), at(m.kidsClose)
	dst.meta[a] = m
}

func shiftOff(o uint32, shift int64) uint32 { return uint32(int64(o) + shift) }

// shiftStr moves a view of the source; Buf strings and unset members (the
// zero Str: no string starts at byte 0, which opens the document) stay.
func shiftStr(s Str, shift int64) Str {
	if s.Off&bufBit == 0 && s != (Str{}) {
		s.Off = shiftOff(s.Off, shift)
	}
	return s
}

// DecodeDoc decodes src (JSON, or the binary encoding when binary) into doc,
// which keeps a copy of it. On error doc is empty.
func (d *Decoder) DecodeDoc(src []byte, isBinary bool, doc *Doc) error {
	doc.Reset()
	doc.setSrc(src)
	return d.decodeDoc(isBinary, doc)
}

// DecodeDocView is DecodeDoc keeping a view of src instead of a copy: doc
// is valid only while src is unchanged. Redecode may read it as the current
// Doc; a Doc written by Redecode always gets a copy.
func (d *Decoder) DecodeDocView(src []byte, isBinary bool, doc *Doc) error {
	doc.Reset()
	doc.src, doc.borrowed = src, true
	return d.decodeDoc(isBinary, doc)
}

func (d *Decoder) decodeDoc(isBinary bool, doc *Doc) error {
	src := doc.src
	doc.Binary = isBinary
	inc := d.take()
	inc.rec = doc
	var err error
	if isBinary {
		err = d.DecodeBinary(src, &doc.Tree)
	} else {
		err = d.DecodeTree(src, &doc.Tree)
	}
	d.give(inc)
	if err != nil {
		doc.Reset()
		return err
	}
	doc.count = d.nodes
	doc.base = doc.lens()
	return nil
}

// Redecode makes dst the Doc of src (JSON, or the binary encoding when
// isBinary), decoding again only what src does not share with cur, which is
// not changed (but for computing hashes its last graft left stale, when
// they are read: Doc.stale). g says what was decoded again. On error dst is empty and g
// says nothing; the error is the one a plain decode of src gives.
func (d *Decoder) Redecode(cur *Doc, src []byte, isBinary bool, dst *Doc, g *Graft) error {
	g.reset()
	if cur == dst {
		return Errorf(Unknown, "Redecode into the document it reads")
	}
	if !cur.Tree.HasRoot() || cur.Binary != isBinary || len(src) > d.lim.MaxJSONBytes {
		return d.plain(src, isBinary, dst, g)
	}
	old := cur.src
	if len(old) == len(src) && bytes.Equal(old, src) {
		g.Unchanged = true
		return nil
	}
	lo := CommonPrefix(old, src)
	suf := commonSuffix(old[lo:], src[lo:])
	hiOld := len(old) - suf
	delta := int64(len(src)) - int64(len(old))

	inc := d.take()
	inc.lo, inc.hiOld, inc.delta = lo, hiOld, delta
	// A pure insertion or removal (one side's rest is all common suffix)
	// among bytes that repeat (siblings written alike) could have been made
	// at any place from where the unbounded common suffix starts up to lo:
	// the chain enters only a child that holds every such place strictly
	// inside, else it would pick an item the inserted items' bytes happen
	// to begin like, whose re-decoding must fail.
	encLo, encHi, strict := lo, hiOld, false
	if pure := hiOld == lo || int64(hiOld)+delta == int64(lo); pure && lo > 0 {
		if extra := commonSuffix(old[:hiOld], src[:int64(hiOld)+delta]); extra > 0 {
			encLo, strict = lo-extra, true
		}
	}
	// the deepest node enclosing old[lo:hiOld] that can be grafted: an element
	// or raw HTML (its parent commits it as it committed the old one)
	ct := &cur.Tree
	chain := append(inc.chain[:0], ct.Root)
	g.Path = g.Path[:0]
	if rn := &ct.Nodes[ct.Root]; rn.End != 0 && int(rn.Start) <= lo && int(rn.End) >= hiOld {
		for n := ct.Root; ; {
			kids := ct.Children(n)
			j := enclosing(ct, kids, encLo, encHi, strict)
			if j < 0 {
				break
			}
			k := kids[j]
			if kn := &ct.Nodes[k]; kn.Kind != KindElement && kn.Kind != KindRawHtml {
				break
			}
			chain = append(chain, k)
			g.Path = append(g.Path, int32(j))
			n = k
		}
	}
	inc.chain = chain

	// A deepest node holding most of the document whose tag changed (a
	// table turned into a list) is replaced whole: decoding it again would
	// cost a copy of the arenas and leave most of them behind, to take over
	// children it hardly ever shares. A plain decode is cheaper.
	if k := chain[len(chain)-1]; len(chain) > 1 && !isBinary {
		kn := &ct.Nodes[k]
		if span := int(kn.End - kn.Start); 2*span > len(old) && kn.Kind == KindElement && !sameTag(cur, kn, src, lo) {
			d.give(inc)
			return d.plain(src, isBinary, dst, g)
		}
	}

	// cur's stale hashes are read as soon as the nodes are taken over: only
	// those the graft recomputes (its ancestors, a prefix of both root
	// paths) may stay stale
	keep := 0
	for keep < len(cur.stale) && keep < len(chain)-1 && cur.stale[keep] == chain[keep] {
		keep++
	}
	cur.settle(keep)

	// dst: the new bytes and a copy of cur's arenas, grafted onto
	dst.setSrc(src)
	dst.Binary = isBinary
	dst.copyArenas(cur)
	shared := int32(len(ct.Nodes))

	// the deepest node, then its parent and grandparent, then the root
	for attempt, level := 0, len(chain)-1; level >= 1 && attempt < 3; attempt, level = attempt+1, level-1 {
		k := chain[level]
		g.Attempts++
		idx, ok := d.redecodeNode(inc, cur, dst, k, delta)
		if ok {
			dst.graft(inc, cur, chain[:level], g.Path[:level], k, idx, delta)
			g.Old, g.New, g.Shared = k, idx, shared
			g.Path = g.Path[:level]
			g.Ancestors = append(g.Ancestors[:0], chain[:level]...)
			kn := &ct.Nodes[k]
			g.Decoded = int(kn.End-kn.Start) + int(delta) - inc.reused
			g.Compared, g.Moved = inc.compared, inc.moved
			d.give(inc)
			return nil
		}
		dst.truncate(cur)
		inc.dirty = true
		// the next attempt decodes chain[level-1] again, taking over its
		// children: chain[level] among them
		cur.settle(level - 1)
		dst.copyHashes(cur, chain[level-1:])
	}
	cur.settle(0)
	dst.copyHashes(cur, chain)
	dst.stale = dst.stale[:0]
	g.Attempts++
	if root, ok := d.redecodeRoot(inc, cur, dst); ok {
		g.Old, g.New, g.Shared = ct.Root, root, shared
		g.Path, g.Ancestors = g.Path[:0], g.Ancestors[:0]
		g.Decoded = len(src) - inc.reused
		g.Compared, g.Moved = inc.compared, inc.moved
		d.give(inc)
		return nil
	}
	d.give(inc)
	return d.plain(src, isBinary, dst, g)
}

// sameTag reports whether element nd of cur has its tag in src too: the
// common prefix (lo) covers it, or src holds the same tag at its place.
func sameTag(cur *Doc, nd *Node, src []byte, lo int) bool {
	tag := nd.Tag
	if tag.Off&bufBit != 0 {
		return true // escaped: do not guess
	}
	end := int(tag.Off + tag.Len)
	if end < lo {
		return true
	}
	return end < len(src) && src[end] == '"' && string(src[tag.Off:end]) == string(cur.src[tag.Off:end])
}

// take and give lend the incremental state to one DecodeDoc or Redecode;
// between them d.inc is nil and the decoders skip every hook.
func (d *Decoder) take() *incremental {
	if d.spare == nil {
		d.spare = &incremental{}
	}
	inc := d.spare
	inc.rec, inc.depth, inc.cur, inc.guide = nil, 0, nil, -1
	inc.cursor, inc.hits, inc.misses, inc.objs, inc.dirty, inc.reused, inc.compared, inc.moved = 0, 0, 0, 0, false, 0, 0, 0
	d.inc = inc
	return inc
}

func (d *Decoder) give(inc *incremental) {
	inc.rec, inc.cur = nil, nil
	d.inc, d.spare = nil, inc
}

// plain decodes src afresh into dst.
func (d *Decoder) plain(src []byte, isBinary bool, dst *Doc, g *Graft) error {
	if err := d.DecodeDoc(src, isBinary, dst); err != nil {
		g.reset()
		return err
	}
	g.Full, g.Old, g.New = true, -1, dst.Tree.Root
	g.Decoded = len(src)
	return nil
}

// redecodeNode decodes again, from dst's source, node k of cur, whose span
// encloses every changed byte, into dst's arenas, taking over the children
// of k that reappear. It reports the new node, which must span exactly the
// old span moved by delta and be of a kind its parent commits alike.
func (d *Decoder) redecodeNode(inc *incremental, cur, dst *Doc, k int32, delta int64) (int32, bool) {
	kn := &cur.Tree.Nodes[k]
	m := cur.meta[k]
	start, end := int(kn.Start), int(int64(kn.End)+delta)
	src := dst.src
	if end <= start || end > len(src) {
		return -1, false
	}
	d.sc.Reset(src)
	d.sc.Pos = start
	d.frames, d.pending, d.scratch, d.err = d.frames[:0], d.pending[:0], d.scratch[:0], nil
	d.nodes = cur.count - int(m.objs)
	inc.rec, inc.depth, inc.cur = dst, int(m.depth), cur
	inc.resetReuse(k)
	var idx int32
	var ok bool
	if dst.Binary {
		idx, ok = d.binNodeAt(&dst.Tree, false)
	} else {
		if src[start] != '{' {
			return -1, false
		}
		idx, ok = d.node(&dst.Tree, false)
	}
	if !ok || d.sc.Pos != end {
		return -1, false
	}
	if kind := dst.Tree.Nodes[idx].Kind; kind != KindElement && kind != KindRawHtml {
		return -1, false
	}
	return idx, true
}

// redecodeRoot decodes dst's whole source into dst's arenas, taking over
// the root's children that reappear.
func (d *Decoder) redecodeRoot(inc *incremental, cur, dst *Doc) (int32, bool) {
	inc.rec, inc.depth, inc.cur = dst, 0, cur
	inc.resetReuse(cur.Tree.Root)
	t := &dst.Tree
	var root int32
	var ok bool
	if dst.Binary {
		root, ok = d.binRoot(dst.src, t)
	} else {
		if !d.begin(dst.src) || d.sc.Peek() != '{' {
			return -1, false
		}
		root, ok = d.node(t, true)
		ok = ok && d.end()
	}
	if !ok {
		return -1, false
	}
	t.Root = root
	dst.count = d.nodes
	return root, true
}

// graft puts node idx (just decoded into dst) where node k of cur was, under
// the ancestors chain (from the root; path their child indices), moving what
// follows k by delta bytes and recomputing the ancestors' hashes and counts.
func (dst *Doc) graft(inc *incremental, cur *Doc, chain, path []int32, k, idx int32, delta int64) {
	t := &dst.Tree
	parent := chain[len(chain)-1]
	t.Kids[t.Nodes[parent].Kids+uint32(path[len(path)-1])] = idx
	if delta != 0 {
		thr := cur.Tree.Nodes[k].End
		for lvl := len(chain) - 1; lvl >= 0; lvl-- {
			a := chain[lvl]
			shiftAfter(cur, dst, a, thr, delta)
			kids := cur.Tree.Children(a)
			for x := int(path[lvl]) + 1; x < len(kids); x++ {
				inc.move(cur, dst, kids[x], delta)
			}
		}
	}
	dObjs := dst.meta[idx].objs - cur.meta[k].objs
	for lvl := len(chain) - 1; lvl >= 0; lvl-- {
		a := chain[lvl]
		dst.meta[a].objs += dObjs
		t.Nodes[a].Hash = staleHash // computed when read (settle)
	}
	dst.stale = append(dst.stale[:0], chain...)
	dst.count = cur.count + int(dObjs)
	t.Root = cur.Tree.Root
}

// CopyFrom makes doc a copy of src, with its own copy of the bytes.
func (doc *Doc) CopyFrom(src *Doc) {
	doc.setSrc(src.src)
	doc.Binary = src.Binary
	doc.copyArenas(src)
}

// copyArenas makes dst's arenas a copy of cur's (dst's source stays).
func (dst *Doc) copyArenas(cur *Doc) {
	t, c := &dst.Tree, &cur.Tree
	t.Src = dst.src
	t.Buf = append(t.Buf[:0], c.Buf...)
	t.Nodes = append(t.Nodes[:0], c.Nodes...)
	t.Props = append(t.Props[:0], c.Props...)
	t.Kids = append(t.Kids[:0], c.Kids...)
	t.Root, t.View = c.Root, c.View
	dst.meta = append(dst.meta[:0], cur.meta...)
	dst.count, dst.base = cur.count, cur.base
	dst.stale = append(dst.stale[:0], cur.stale...)
}

// copyHashes copies the hashes of nodes ns from cur's copies (settled) into
// dst's.
func (dst *Doc) copyHashes(cur *Doc, ns []int32) {
	for _, n := range ns {
		dst.Tree.Nodes[n].Hash = cur.Tree.Nodes[n].Hash
	}
}

// truncate drops what a failed attempt appended to dst's arenas.
func (dst *Doc) truncate(cur *Doc) {
	t, c := &dst.Tree, &cur.Tree
	t.Buf, t.Nodes, t.Props, t.Kids = t.Buf[:len(c.Buf)], t.Nodes[:len(c.Nodes)], t.Props[:len(c.Props)], t.Kids[:len(c.Kids)]
	t.Root = c.Root
	dst.meta = dst.meta[:len(cur.meta)]
}

// enclosing returns the index of the child in kids whose span holds
// [lo, hi) (an empty range strictly inside it), or -1. Children are in document order; a child without a span
// (a joined text) holds nothing.
//
// With strict the child must hold [lo, hi) strictly inside, away from both
// of its ends.
func enclosing(t *Tree, kids []int32, lo, hi int, strict bool) int {
	// the last child starting at or before lo, by binary search over the
	// children with a span
	a, b := 0, len(kids) // invariant: the answer is in [a-1, b)
	for a < b {
		m := int(uint(a+b) >> 1)
		x := m
		for x < b && t.Nodes[kids[x]].End == 0 {
			x++
		}
		if x == b {
			b = m
			continue
		}
		if int(t.Nodes[kids[x]].Start) <= lo {
			a = x + 1
		} else {
			b = m
		}
	}
	for j := a - 1; j >= 0; j-- {
		nd := &t.Nodes[kids[j]]
		if nd.End == 0 {
			continue
		}
		// an empty range (bytes inserted) at either end of the child lies
		// between children: re-decoding the child could never succeed
		if strict || lo == hi {
			if int(nd.Start) < lo && hi < int(nd.End) {
				return j
			}
		} else if int(nd.Start) <= lo && int(nd.End) >= hi {
			return j
		}
		return -1
	}
	return -1
}

// CommonPrefix returns the length of the common prefix of a and b: runs
// of 4096 and 256 bytes compared at once (bytes.Equal is vectorized), then
// words, then bytes.
func CommonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for _, step := range [...]int{4096, 256} {
		for i+step <= n && bytes.Equal(a[i:i+step], b[i:i+step]) {
			i += step
		}
	}
	for i+8 <= n && binary.LittleEndian.Uint64(a[i:]) == binary.LittleEndian.Uint64(b[i:]) {
		i += 8
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// commonSuffix returns the length of the common suffix of a and b.
func commonSuffix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0 // matched bytes at the end
	la, lb := len(a), len(b)
	for _, step := range [...]int{4096, 256} {
		for i+step <= n && bytes.Equal(a[la-i-step:la-i], b[lb-i-step:lb-i]) {
			i += step
		}
	}
	for i+8 <= n && binary.LittleEndian.Uint64(a[la-i-8:]) == binary.LittleEndian.Uint64(b[lb-i-8:]) {
		i += 8
	}
	for i < n && a[la-i-1] == b[lb-i-1] {
		i++
	}
	return i
}

// Compact rewrites doc's arenas to hold only the nodes reachable from the
// root, when what grafts left behind has grown past what is live; scratch
// lends its buffers and gets doc's old ones. It reports whether it did.
// Node numbers change.
func (doc *Doc) Compact(scratch *Doc) bool {
	t := &doc.Tree
	if !t.HasRoot() {
		return false
	}
	// nodes are the costly part to copy on every graft; kids (4 bytes each)
	// may pile up longer
	live := doc.count + 128
	if len(t.Nodes) <= 2*live && len(t.Kids) <= 16*live && len(t.Props) <= 4*doc.base.props+256 && len(t.Buf) <= 4*doc.base.buf+4096 {
		return false
	}
	doc.settle(0) // node numbers change
	s := &scratch.Tree
	s.Nodes, s.Props, s.Kids, s.Buf = s.Nodes[:0], s.Props[:0], s.Kids[:0], s.Buf[:0]
	meta := scratch.meta[:0]
	// breadth first: each node's children get consecutive numbers, written
	// as its child list when it is reached; order[q] is the old number of
	// new node q
	order := append(scratch.order[:0], t.Root)
	s.Nodes = append(s.Nodes, t.Nodes[t.Root])
	meta = append(meta, doc.meta[t.Root])
	for q := 0; q < len(order); q++ {
		on := &t.Nodes[order[q]]
		nn := s.Nodes[q]
		nn.Kids = uint32(len(s.Kids))
		for _, k := range t.Kids[on.Kids : on.Kids+on.NKids] {
			s.Kids = append(s.Kids, int32(len(s.Nodes)))
			s.Nodes = append(s.Nodes, t.Nodes[k])
			meta = append(meta, doc.meta[k])
			order = append(order, k)
		}
		nn.Props = uint32(len(s.Props))
		for _, p := range t.Props[on.Props : on.Props+on.NProps] {
			p.Name, p.Val = rebuf(s, t, p.Name), rebuf(s, t, p.Val)
			s.Props = append(s.Props, p)
		}
		for _, p := range nn.strFields() {
			*p = rebuf(s, t, *p)
		}
		s.Nodes[q] = nn
	}
	scratch.order = order
	s.Root = 0
	s.Src = doc.src
	doc.Tree.Nodes, s.Nodes = s.Nodes, doc.Tree.Nodes
	doc.Tree.Props, s.Props = s.Props, doc.Tree.Props
	doc.Tree.Kids, s.Kids = s.Kids, doc.Tree.Kids
	doc.Tree.Buf, s.Buf = s.Buf, doc.Tree.Buf
	doc.Tree.Root = 0
	doc.meta, scratch.meta = meta, doc.meta
	scratch.Tree.Reset()
	doc.base = doc.lens()
	return true
}

// rebuf copies a string held by t's Buf into s's Buf.
func rebuf(s, t *Tree, x Str) Str {
	if x.Off&bufBit == 0 {
		return x
	}
	return s.AddString(t.Bytes(x))
}
