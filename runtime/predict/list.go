package predict

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/cespare/xxhash/v2"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/patch"
	"github.com/minimact/engine/runtime/predict/internal/memsize"
	"github.com/minimact/engine/runtime/predict/outcome"
	"github.com/minimact/engine/runtime/predict/snapshot"
)

// A list slot is an element whose children are pre static children, one
// child per item of an array state value, then post static children. Each
// item's child is rendered by an item template: a skeleton (the subtree's
// shape) whose keys, texts and props are learners over the item's features,
// so a new item is rendered from its fields, a changed item re-rendered, a
// removed one dropped, and the order follows the array (sort, reverse).

// skelNode is one node of an item skeleton, in pre-order, with the learners
// of its key, text and props.
type skelNode struct {
	kind  vdom.Kind
	tag   []byte
	keyed bool
	nkids int32
	end   int32 // index past the node's subtree in the skeleton
	key   outcome.Learner
	text  outcome.Learner // Text content, RawHtml html
	props []propLearner
	// textRec is the text's record of the item changes it kept through and
	// of what new items showed (listkeep.go)
	textRec partRecord
}

// propLearner learns one prop of a skeleton element.
type propLearner struct {
	name []byte
	lr   outcome.Learner
	rec  partRecord // listkeep.go
}

// listModel is what a list slot learned: its statics and item template.
type listModel struct {
	pre, post int32
	sels      outcome.Selectors
	skel      []skelNode
	bad       uint32 // item samples whose shape did not match the skeleton
	vis       *visOf // which items it shows, by context (listvis.go)
	// bornFirst is the features' hashes of the first item seen added
	// (listkeep.go), 0 for a feature it lacked
	bornFirst []uint64
}

const (
	maxSkelNodes     = 256
	maxItemsSampled  = 64
	maxPropsLearned  = 32
	maxItemsRendered = 4096
)

// listScratch is the working space of the list slots, learning and
// predicting.
type listScratch struct {
	oldItems, newItems []int32           // the old and new arrays' items
	itemFeatures       []outcome.Feature // an item's features
	oldItemFeatures    []outcome.Feature // the old version's of a changed item
	preorder, stack    []int32           // an item child's nodes, in pre-order
	preorder2          []int32           // another's (listkeep.go)
	children           []int32           // the predicted container's children
	keyIndex           []keyPos          // the current item children by key hash
	kidOf              []int32           // the current child of each old item, -1 when hidden
	container          vdom.Tree         // the predicted container
}

// keyPos is an item child's key hash and index among the items.
type keyPos struct {
	h uint64
	j int32
}

// preorder appends the nodes of the subtree at n in pre-order.
func preorder(t *vdom.Tree, n int32, out []int32, stack []int32, max int) ([]int32, []int32, bool) {
	out = out[:0]
	stack = append(stack[:0], n)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		out = append(out, x)
		if len(out) > max {
			return out, stack, false
		}
		kids := t.Children(x)
		for i := len(kids) - 1; i >= 0; i-- {
			stack = append(stack, kids[i])
		}
	}
	return out, stack, true
}

// newSkeleton is the skeleton of the subtree at n, its learners empty.
func newSkeleton(t *vdom.Tree, n int32) ([]skelNode, bool) {
	order, _, ok := preorder(t, n, nil, nil, maxSkelNodes)
	if !ok {
		return nil, false
	}
	sk := make([]skelNode, len(order))
	pos := make(map[int32]int, len(order))
	for i, x := range order {
		pos[x] = i
		nd := &t.Nodes[x]
		s := &sk[i]
		s.kind, s.keyed, s.nkids = nd.Kind, nd.Keyed && nd.Kind == vdom.KindElement, int32(nd.NKids)
		s.tag = clone(t.Bytes(nd.Tag))
		s.key, s.text = outcome.NewLearner(true), outcome.NewLearner(true)
	}
	// ends: a node's subtree ends where its last child's does
	for i := len(order) - 1; i >= 0; i-- {
		kids := t.Children(order[i])
		if len(kids) == 0 {
			sk[i].end = int32(i + 1)
		} else {
			sk[i].end = sk[pos[kids[len(kids)-1]]].end
		}
	}
	return sk, true
}

// shapeMatches reports whether the pre-ordered nodes have the skeleton's shape.
func (m *listModel) shapeMatches(t *vdom.Tree, order []int32) bool {
	if len(order) != len(m.skel) {
		return false
	}
	for i, x := range order {
		nd, s := &t.Nodes[x], &m.skel[i]
		if nd.Kind != s.kind || int32(nd.NKids) != s.nkids || (nd.Keyed && nd.Kind == vdom.KindElement) != s.keyed {
			return false
		}
		if nd.Kind == vdom.KindElement && !bytes.Equal(t.Bytes(nd.Tag), s.tag) {
			return false
		}
	}
	return true
}

// tryList makes a list model for the element at path p if its children are
// the items of the state arrays (old and new) between static children.
func tryList(ch *outcome.Change, old, new *vdom.Tree, p []int32, work *listScratch) *listModel {
	oi, ok1 := ch.Values.Items(ch.Old, nil)
	ni, ok2 := ch.Values.Items(ch.New, nil)
	if !ok1 || !ok2 || (len(oi) == 0 && len(ni) == 0) {
		return nil
	}
	if ch.Values.Kind(ch.Old) != outcome.KindArray && ch.Values.Kind(ch.New) != outcome.KindArray {
		return nil
	}
	on, nn := nodeAt(old, p), nodeAt(new, p)
	if on < 0 || nn < 0 || old.Nodes[on].Kind != vdom.KindElement || new.Nodes[nn].Kind != vdom.KindElement {
		return nil
	}
	ok, nk := old.Children(on), new.Children(nn)
	s := len(ok) - len(oi)
	if s < 0 || len(nk)-len(ni) != s {
		return nil
	}
	// the item children must share one shape
	var ref *vdom.Tree
	var refNode int32
	if len(ni) > 0 {
		ref, refNode = new, -1
	} else {
		ref, refNode = old, -1
	}
	var best *listModel
	for pre := 0; pre <= s && best == nil; pre++ {
		post := s - pre
		statics := true
		for i := 0; i < pre && statics; i++ {
			statics = vdom.Equal(old, ok[i], new, nk[i])
		}
		for i := 1; i <= post && statics; i++ {
			statics = vdom.Equal(old, ok[len(ok)-i], new, nk[len(nk)-i])
		}
		if !statics {
			continue
		}
		if ref == new {
			refNode = nk[pre]
		} else {
			refNode = ok[pre]
		}
		skel, good := newSkeleton(ref, refNode)
		if !good {
			continue
		}
		m := &listModel{pre: int32(pre), post: int32(post), skel: skel}
		same := true
		for i := 0; i < len(ni) && i < maxItemsSampled && same; i++ {
			work.preorder, work.stack, good = preorder(new, nk[pre+i], work.preorder, work.stack, maxSkelNodes)
			same = good && m.shapeMatches(new, work.preorder)
		}
		for i := 0; i < len(oi) && i < maxItemsSampled && same; i++ {
			work.preorder, work.stack, good = preorder(old, ok[pre+i], work.preorder, work.stack, maxSkelNodes)
			same = good && m.shapeMatches(old, work.preorder)
		}
		if !same {
			continue
		}
		// each item's child shows one of its item's values
		for i := 0; i < len(ni) && i < maxItemsSampled && same; i++ {
			same = shows(&ch.Values, ni[i], new, nk[pre+i], work)
		}
		for i := 0; i < len(oi) && i < maxItemsSampled && same; i++ {
			same = shows(&ch.Values, oi[i], old, ok[pre+i], work)
		}
		if !same {
			continue
		}
		roots := append(append([]int32(nil), oi[:min(len(oi), maxItemsSampled)]...), ni[:min(len(ni), maxItemsSampled)]...)
		m.sels = outcome.DeriveSelectors(&ch.Values, roots)
		best = m
	}
	return best
}

// learn samples the items of one observation: every new item (up to a
// bound) and the old items that are gone or changed.
func (m *listModel) learn(ctx uint64, ch *outcome.Change, old *vdom.Tree, on int32, new *vdom.Tree, nn int32, work *listScratch, rendered *[]byte) {
	oi, ok1 := ch.Values.Items(ch.Old, work.oldItems[:0])
	work.oldItems = oi
	ni, ok2 := ch.Values.Items(ch.New, work.newItems[:0])
	work.newItems = ni
	if !ok1 || !ok2 {
		return
	}
	if on >= 0 {
		ok := old.Children(on)
		if len(ok) == int(m.pre)+len(oi)+int(m.post) {
			// old items that are not in the new array, as they were
			n := 0
			for j, it := range oi {
				if n >= maxItemsSampled/4 {
					break
				}
				h := ch.Values.Hash(it)
				kept := false
				for _, it2 := range ni {
					if ch.Values.Hash(it2) == h {
						kept = true
						break
					}
				}
				if kept {
					continue
				}
				n++
				work.itemFeatures = m.sels.Eval(work.itemFeatures[:0], &ch.Values, it)
				m.learnItem(work.itemFeatures, old, ok[int(m.pre)+j], work, rendered)
			}
		}
	}
	if nn >= 0 {
		nk := new.Children(nn)
		if len(nk) == int(m.pre)+len(ni)+int(m.post) {
			for i, it := range ni {
				if i >= maxItemsSampled {
					break
				}
				work.itemFeatures = m.sels.Eval(work.itemFeatures[:0], &ch.Values, it)
				m.learnItem(work.itemFeatures, new, nk[int(m.pre)+i], work, rendered)
			}
		}
	}
	// what changed items kept (listkeep.go)
	m.learnKeeps(ch, oi, ni, old, on, new, nn, work)
	// which items were shown (listvis.go)
	m.learnShown(ctx, &ch.Values, oi, old, on, work, rendered, false)
	m.learnShown(ctx, &ch.Values, ni, new, nn, work, rendered, nn >= 0 && len(new.Children(nn)) != int(m.pre)+len(ni)+int(m.post))
}

// learnItem learns that the item with selector values sv rendered the
// subtree at n, and reports whether what it learned changed.
func (m *listModel) learnItem(sv []outcome.Feature, t *vdom.Tree, n int32, work *listScratch, rendered *[]byte) (changed bool) {
	var ok bool
	work.preorder, work.stack, ok = preorder(t, n, work.preorder, work.stack, maxSkelNodes)
	if !ok || !m.shapeMatches(t, work.preorder) {
		m.bad++
		return true
	}
	for i, x := range work.preorder {
		nd, s := &t.Nodes[x], &m.skel[i]
		if s.keyed {
			changed = s.key.Observe(sv, outcome.Outcome{Bytes: t.Bytes(nd.Key)}, rendered) || changed
		}
		switch nd.Kind {
		case vdom.KindText:
			changed = s.text.Observe(sv, outcome.Outcome{Bytes: t.Bytes(nd.Content)}, rendered) || changed
		case vdom.KindRawHtml:
			changed = s.text.Observe(sv, outcome.Outcome{Bytes: t.Bytes(nd.HTML)}, rendered) || changed
		case vdom.KindElement:
			ps := t.PropList(x)
			for _, p := range ps {
				name := t.Bytes(p.Name)
				j := sort.Search(len(s.props), func(j int) bool { return bytes.Compare(s.props[j].name, name) >= 0 })
				if j == len(s.props) || !bytes.Equal(s.props[j].name, name) {
					if len(s.props) >= maxPropsLearned {
						continue
					}
					s.props = append(s.props, propLearner{})
					changed = true
					copy(s.props[j+1:], s.props[j:])
					s.props[j] = propLearner{name: clone(name), lr: outcome.NewLearner(true)}
					if s.props[j].name == nil {
						s.props[j].name = []byte{}
					}
				}
			}
			for j := range s.props {
				pl := &s.props[j]
				if p, found := findProp(t, x, pl.name); found {
					changed = pl.lr.Observe(sv, outcome.Outcome{Bytes: t.Bytes(p.Val), Raw: p.Raw}, rendered) || changed
				} else {
					changed = pl.lr.Observe(sv, outcome.Outcome{Absent: true}, rendered) || changed
				}
			}
		}
	}
	return changed
}

// shows reports whether the subtree at n shows a value of the item at it: a
// key, a text or a prop value equal to one of the item's strings or numbers
// (or, for strings of three characters or more, containing it).
func shows(v *outcome.Value, it int32, t *vdom.Tree, n int32, work *listScratch) bool {
	vals, nums := v.AppendScalars(it, nil, nil)
	if len(vals) == 0 && len(nums) == 0 {
		return false
	}
	match := func(b []byte) bool {
		for _, x := range vals {
			if bytes.Equal(b, x) || len(x) >= 3 && bytes.Contains(b, x) {
				return true
			}
		}
		for _, x := range nums {
			if bytes.Equal(b, x) {
				return true
			}
		}
		return false
	}
	var ok bool
	work.preorder, work.stack, ok = preorder(t, n, work.preorder, work.stack, maxSkelNodes)
	if !ok {
		return false
	}
	for _, x := range work.preorder {
		xn := &t.Nodes[x]
		switch xn.Kind {
		case vdom.KindText:
			if match(t.Bytes(xn.Content)) {
				return true
			}
		case vdom.KindElement:
			if xn.Keyed && match(t.Bytes(xn.Key)) {
				return true
			}
			for _, p := range t.PropList(x) {
				if match(t.Bytes(p.Val)) {
					return true
				}
			}
		}
	}
	return false
}

// predictChildren builds, into work.container, the element at node of t
// (the list's container) with the children the change ch gives it: unchanged
// items' children as they are, new and changed items rendered from their
// features, removed ones dropped, in the array's order. ok is false when an
// item cannot be rendered, or the current children are not what the old
// items render.
func (m *listModel) predictChildren(ctx uint64, ch *outcome.Change, t *vdom.Tree, node int32, work *listScratch, rendered *[]byte) (*vdom.Tree, bool) {
	if m == nil || len(m.skel) == 0 || t.Nodes[node].Kind != vdom.KindElement {
		return nil, false
	}
	oi, ok1 := ch.Values.Items(ch.Old, work.oldItems[:0])
	work.oldItems = oi
	ni, ok2 := ch.Values.Items(ch.New, work.newItems[:0])
	work.newItems = ni
	kids := t.Children(node)
	pre, post := int(m.pre), int(m.post)
	filtered := m.skel[0].keyed && m.filters(ctx)
	if !ok1 || !ok2 || len(ni) > maxItemsRendered || len(kids) < pre+post || !filtered && len(kids) != pre+len(oi)+post {
		return nil, false
	}
	v := &ch.Values
	lt := &work.container
	lt.Reset()
	r := patch.ImportShell(lt, t, node) // the container itself
	work.children = work.children[:0]
	for i := 0; i < pre; i++ {
		work.children = append(work.children, patch.Import(lt, t, kids[i]))
	}
	keyed := m.skel[0].keyed
	if keyed {
		// the current item children by key; each must be the key the old
		// item renders
		work.keyIndex, work.kidOf = work.keyIndex[:0], work.kidOf[:0]
		at := pre // the next current item child
		for j, it := range oi {
			work.itemFeatures = m.sels.Eval(work.itemFeatures[:0], v, it)
			hidden, ok := m.hides(filtered, ctx, work.itemFeatures)
			if !ok {
				return nil, false
			}
			if hidden {
				work.kidOf = append(work.kidOf, -1)
				continue
			}
			if at >= len(kids)-post {
				return nil, false
			}
			c := kids[at]
			work.kidOf = append(work.kidOf, int32(at))
			at++
			cnd := &t.Nodes[c]
			if !cnd.Keyed || cnd.Kind != vdom.KindElement {
				return nil, false
			}
			k, ok := m.skel[0].key.Predict(work.itemFeatures, rendered)
			if !ok || k.Absent || !bytes.Equal(k.Bytes, t.Bytes(cnd.Key)) {
				return nil, false
			}
			work.keyIndex = append(work.keyIndex, keyPos{h: xxhash.Sum64(k.Bytes), j: int32(j)})
		}
		if at != len(kids)-post {
			return nil, false // children the old items do not show
		}
		slices.SortFunc(work.keyIndex, cmpKeyPos)
	}
	for i, it := range ni {
		work.itemFeatures = m.sels.Eval(work.itemFeatures[:0], v, it)
		hidden, ok := m.hides(filtered, ctx, work.itemFeatures)
		if !ok {
			return nil, false
		}
		if hidden {
			continue
		}
		j := -1
		if keyed {
			k, ok := m.skel[0].key.Predict(work.itemFeatures, rendered)
			if !ok || k.Absent {
				return nil, false
			}
			h := xxhash.Sum64(k.Bytes)
			x := sort.Search(len(work.keyIndex), func(a int) bool { return work.keyIndex[a].h >= h })
			for ; x < len(work.keyIndex) && work.keyIndex[x].h == h; x++ {
				jj := work.keyIndex[x].j
				if bytes.Equal(t.Bytes(t.Nodes[kids[work.kidOf[jj]]].Key), k.Bytes) {
					j = int(jj)
					break
				}
			}
		} else if i < len(oi) {
			j = i
		}
		kid := -1
		if j >= 0 {
			kid = pre + j
			if keyed {
				kid = int(work.kidOf[j])
			}
		}
		if j >= 0 && v.Hash(oi[j]) == v.Hash(it) {
			work.children = append(work.children, patch.Import(lt, t, kids[kid]))
			continue
		}
		if j >= 0 {
			// the item changed: the template must render its old version as
			// the tree shows it, else the parts it cannot render must keep
			// through the change (listkeep.go)
			work.oldItemFeatures = m.sels.Eval(work.oldItemFeatures[:0], v, oi[j])
			if old, ok := m.render(work.oldItemFeatures, lt, rendered); ok && vdom.Equal(t, kids[kid], lt, old) {
				if n, ok := m.render(work.itemFeatures, lt, rendered); ok {
					work.children = append(work.children, n)
					continue
				}
			}
			n, ok := m.renderChanged(work.oldItemFeatures, work.itemFeatures, t, kids[kid], lt, work, rendered)
			if !ok {
				return nil, false
			}
			work.children = append(work.children, n)
			continue
		}
		n, ok := m.render(work.itemFeatures, lt, rendered)
		if !ok {
			// a new item: what new items showed, where the template
			// cannot render it (listkeep.go)
			if n, ok = m.renderNew(work.itemFeatures, lt, rendered); !ok {
				return nil, false
			}
		}
		work.children = append(work.children, n)
	}
	for i := len(kids) - post; i < len(kids); i++ {
		work.children = append(work.children, patch.Import(lt, t, kids[i]))
	}
	lt.Nodes[r].Kids, lt.Nodes[r].NKids = uint32(len(lt.Kids)), uint32(len(work.children))
	lt.Kids = append(lt.Kids, work.children...)
	lt.Root = r
	return lt, true
}

// render builds the item's subtree into w and returns its root; ok is false
// when some part of it cannot be predicted.
func (m *listModel) render(sv []outcome.Feature, w *vdom.Tree, buf *[]byte) (int32, bool) {
	return m.build(w, func(_ int, s *skelNode, part int) (outcome.Outcome, bool) {
		return s.learner(part).Predict(sv, buf)
	})
}

// The parts of a skeleton node build asks for: its key, its text, or its
// prop of that index.
const (
	partKey  = -2
	partText = -1
)

// learner is the learner of part (partKey, partText or a prop's index).
func (s *skelNode) learner(part int) *outcome.Learner {
	switch part {
	case partKey:
		return &s.key
	case partText:
		return &s.text
	}
	return &s.props[part].lr
}

// recordOf is part's record (listkeep.go; there is none for the key: a
// changed item keeps its key).
func (s *skelNode) recordOf(part int) *partRecord {
	if part == partText {
		return &s.textRec
	}
	return &s.props[part].rec
}

// eachPart calls f with each part of the skeleton node other than its key:
// its text, or its props.
func (s *skelNode) eachPart(f func(part int)) {
	switch s.kind {
	case vdom.KindText, vdom.KindRawHtml:
		f(partText)
	case vdom.KindElement:
		for j := range s.props {
			f(j)
		}
	}
}

// outcomeAt is part's outcome at node n of t (the node of this skeleton
// node): its text or raw HTML, or its prop (Absent when it has none).
func (s *skelNode) outcomeAt(t *vdom.Tree, n int32, part int) outcome.Outcome {
	if part == partText {
		nd := &t.Nodes[n]
		if nd.Kind == vdom.KindRawHtml {
			return outcome.Outcome{Bytes: t.Bytes(nd.HTML)}
		}
		return outcome.Outcome{Bytes: t.Bytes(nd.Content)}
	}
	o, _ := leafOutcome(t, n, slotProp, s.props[part].name) // n is an element: the skeleton's shape
	return o
}

// build builds an item's subtree into w from the outcome of each part of the
// skeleton (outcomeOf, given the skeleton node's index), and returns its root; ok is false when a part has none
// (or an absent key or text).
func (m *listModel) build(w *vdom.Tree, outcomeOf func(i int, s *skelNode, part int) (outcome.Outcome, bool)) (int32, bool) {
	if len(m.skel) == 0 {
		return -1, false
	}
	base := int32(len(w.Nodes))
	for i := range m.skel {
		s := &m.skel[i]
		nd := vdom.Node{Kind: s.kind}
		switch s.kind {
		case vdom.KindElement:
			nd.Tag = w.AddString(s.tag)
			if s.keyed {
				o, ok := outcomeOf(i, s, partKey)
				if !ok || o.Absent {
					return -1, false
				}
				nd.Keyed, nd.Key = true, w.AddString(o.Bytes)
			}
			nd.Props = uint32(len(w.Props))
			for j := range s.props {
				o, ok := outcomeOf(i, s, j)
				if !ok {
					return -1, false
				}
				if o.Absent {
					continue
				}
				w.Props = append(w.Props, vdom.Prop{Name: w.AddString(s.props[j].name), Val: w.AddString(o.Bytes), Raw: o.Raw})
			}
			nd.NProps = uint32(len(w.Props)) - nd.Props
		case vdom.KindText, vdom.KindRawHtml:
			o, ok := outcomeOf(i, s, partText)
			if !ok || o.Absent {
				return -1, false
			}
			if s.kind == vdom.KindText {
				nd.Content = w.AddString(o.Bytes)
			} else {
				nd.HTML = w.AddString(o.Bytes)
			}
		}
		w.Nodes = append(w.Nodes, nd)
	}
	if !m.link(w, base) {
		return -1, false
	}
	return base, true
}

// link sets the children of the skeleton's nodes built into w from base.
func (m *listModel) link(w *vdom.Tree, base int32) bool {
	for i := range m.skel {
		s := &m.skel[i]
		nd := &w.Nodes[base+int32(i)]
		nd.Kids, nd.NKids = uint32(len(w.Kids)), uint32(s.nkids)
		j := int32(i + 1)
		for c := int32(0); c < s.nkids; c++ {
			if j >= int32(len(m.skel)) {
				return false
			}
			w.Kids = append(w.Kids, base+j)
			j = m.skel[j].end
		}
	}
	return true
}

// size is the list model's estimated heap.
func (m *listModel) size() int64 {
	n := memsize.Of(m)
	n += m.sels.Size()
	n += memsize.Slice(m.skel)
	for i := range m.skel {
		sk := &m.skel[i]
		n += memsize.Bytes(len(sk.tag)) + sk.key.Size() + sk.text.Size() + memsize.Slice(sk.props) + memsize.Bytes(len(sk.textRec.bornOut.Bytes))
		for j := range sk.props {
			n += memsize.Bytes(len(sk.props[j].name)) + sk.props[j].lr.Size() + memsize.Bytes(len(sk.props[j].rec.bornOut.Bytes))
		}
	}
	return n + m.vis.size() + memsize.Slice(m.bornFirst)
}

// code codes the list model (a list slot's "list").
func (m *listModel) code(c snapshot.Coder) {
	snapshot.I32(c, "pre", &m.pre, 0, math.MaxInt32)
	snapshot.I32(c, "post", &m.post, 0, math.MaxInt32)
	snapshot.U32(c, "bad", &m.bad)
	m.sels.Code(c, "selectors")
	c.List("skeleton", len(m.skel), maxSkelNodes, func(i int) {
		if c.Reading() {
			m.skel = append(m.skel, skelNode{})
		}
		s := &m.skel[i]
		snapshot.U8(c, "kind", (*uint8)(&s.kind), uint8(vdom.KindRawHtml))
		c.Bytes("tag", &s.tag)
		c.Flag("keyed", &s.keyed)
		snapshot.I32(c, "children", &s.nkids, 0, maxSkelNodes)
		snapshot.I32(c, "end", &s.end, 0, maxSkelNodes)
		c.Obj("key", func() { s.key.Code(c) })
		c.Obj("text", func() { s.text.Code(c) })
		if c.Version() >= 7 {
			s.textRec.code(c, "text_keeps")
		}
		c.List("props", len(s.props), maxPropsLearned, func(j int) {
			if c.Reading() {
				s.props = append(s.props, propLearner{})
			}
			c.Bytes("name", &s.props[j].name)
			c.Obj("learner", func() { s.props[j].lr.Code(c) })
			if c.Version() >= 7 {
				s.props[j].rec.code(c, "keeps")
			}
		})
	})
	if c.Version() >= 4 {
		m.codeVis(c)
	}
	if c.Version() >= 7 {
		c.List("born_first", len(m.bornFirst), 64, func(i int) {
			if c.Reading() {
				m.bornFirst = append(m.bornFirst, 0)
			}
			c.U64("h", &m.bornFirst[i])
		})
	}
}

// validSkel checks that skeleton node i's subtree is well formed.
func validSkel(sk []skelNode, i int) error {
	s := &sk[i]
	if s.end <= int32(i) || int(s.end) > len(sk) || s.kind == vdom.KindNone {
		return snapshot.Error("bad item skeleton")
	}
	j := int32(i + 1)
	for c := int32(0); c < s.nkids; c++ {
		if j >= s.end {
			return snapshot.Error("bad item skeleton")
		}
		j = sk[j].end
	}
	if j != s.end {
		return snapshot.Error("bad item skeleton")
	}
	return nil
}

// validate checks a list model that was read (its skeleton well formed, its
// item props sorted) and rebuilds what its learners derive.
func (m *listModel) validate() error {
	sk := m.skel
	if len(sk) == 0 {
		return snapshot.Error("empty list item skeleton")
	}
	for i := range sk {
		if err := validSkel(sk, i); err != nil {
			return err
		}
		for _, l := range []*outcome.Learner{&sk[i].key, &sk[i].text} {
			if err := l.Validate(); err != nil {
				return err
			}
		}
		for j := range sk[i].props {
			if err := sk[i].props[j].lr.Validate(); err != nil {
				return err
			}
		}
		if !slices.IsSortedFunc(sk[i].props, func(a, b propLearner) int { return bytes.Compare(a.name, b.name) }) {
			return snapshot.Error("item props out of order")
		}
	}
	return nil
}

// describe writes, for people, the list's statics, its item skeleton and
// what each skeleton node learned.
func (m *listModel) describe(b *strings.Builder) {
	fmt.Fprintf(b, "    list: %d static before, %d after, item skeleton of %d nodes, %d mismatched samples\n", m.pre, m.post, len(m.skel), m.bad)
	for i := range m.skel {
		sk := &m.skel[i]
		if sk.keyed {
			fmt.Fprintf(b, "    [%d] key: %s\n", i, sk.key.String())
		}
		if sk.text.Outcomes() > 0 {
			fmt.Fprintf(b, "    [%d] text: %s\n", i, sk.text.String())
		}
		for j := range sk.props {
			fmt.Fprintf(b, "    [%d] prop %q: %s\n", i, sk.props[j].name, sk.props[j].lr.String())
		}
	}
}
