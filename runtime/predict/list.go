package predict

import (
	"bytes"
	"math"
	"slices"
	"sort"
	"unsafe"

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

type skelNode struct {
	kind  vdom.Kind
	tag   []byte
	keyed bool
	nkids int32
	end   int32 // index past the node's subtree in the skeleton
	key   outcome.Learner
	text  outcome.Learner // Text content, RawHtml html
	props []propLearner
}

type propLearner struct {
	name []byte
	lr   outcome.Learner
}

type listModel struct {
	pre, post int32
	sels      outcome.Selectors
	skel      []skelNode
	bad       uint32 // item samples whose shape did not match the skeleton
}

const (
	maxSkelNodes     = 256
	maxItemsSampled  = 64
	maxPropsLearned  = 32
	maxItemsRendered = 4096
)

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
func tryList(ch *outcome.Change, old, new *vdom.Tree, p []int32, sc *scratch) *listModel {
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
			sc.order, sc.stack, good = preorder(new, nk[pre+i], sc.order, sc.stack, maxSkelNodes)
			same = good && m.shapeMatches(new, sc.order)
		}
		for i := 0; i < len(oi) && i < maxItemsSampled && same; i++ {
			sc.order, sc.stack, good = preorder(old, ok[pre+i], sc.order, sc.stack, maxSkelNodes)
			same = good && m.shapeMatches(old, sc.order)
		}
		if !same {
			continue
		}
		// each item's child shows one of its item's values
		for i := 0; i < len(ni) && i < maxItemsSampled && same; i++ {
			same = shows(&ch.Values, ni[i], new, nk[pre+i], sc)
		}
		for i := 0; i < len(oi) && i < maxItemsSampled && same; i++ {
			same = shows(&ch.Values, oi[i], old, ok[pre+i], sc)
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
func (m *listModel) learn(ch *outcome.Change, old *vdom.Tree, on int32, new *vdom.Tree, nn int32, sc *scratch) {
	oi, ok1 := ch.Values.Items(ch.Old, sc.items[:0])
	sc.items = oi
	ni, ok2 := ch.Values.Items(ch.New, sc.items2[:0])
	sc.items2 = ni
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
				sc.sv = m.sels.Eval(sc.sv[:0], &ch.Values, it)
				m.learnItem(sc.sv, old, ok[int(m.pre)+j], sc)
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
				sc.sv = m.sels.Eval(sc.sv[:0], &ch.Values, it)
				m.learnItem(sc.sv, new, nk[int(m.pre)+i], sc)
			}
		}
	}
}

// learnItem learns that the item with selector values sv rendered the
// subtree at n.
func (m *listModel) learnItem(sv []outcome.Feature, t *vdom.Tree, n int32, sc *scratch) {
	var ok bool
	sc.order, sc.stack, ok = preorder(t, n, sc.order, sc.stack, maxSkelNodes)
	if !ok || !m.shapeMatches(t, sc.order) {
		m.bad++
		return
	}
	for i, x := range sc.order {
		nd, s := &t.Nodes[x], &m.skel[i]
		if s.keyed {
			s.key.Observe(sv, outcome.Outcome{Bytes: t.Bytes(nd.Key)}, &sc.buf)
		}
		switch nd.Kind {
		case vdom.KindText:
			s.text.Observe(sv, outcome.Outcome{Bytes: t.Bytes(nd.Content)}, &sc.buf)
		case vdom.KindRawHtml:
			s.text.Observe(sv, outcome.Outcome{Bytes: t.Bytes(nd.HTML)}, &sc.buf)
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
					pl.lr.Observe(sv, outcome.Outcome{Bytes: t.Bytes(p.Val), Raw: p.Raw}, &sc.buf)
				} else {
					pl.lr.Observe(sv, outcome.Outcome{Absent: true}, &sc.buf)
				}
			}
		}
	}
}

// shows reports whether the subtree at n shows a value of the item at it: a
// key, a text or a prop value equal to one of the item's strings or numbers
// (or, for strings of three characters or more, containing it).
func shows(v *outcome.Value, it int32, t *vdom.Tree, n int32, sc *scratch) bool {
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
	sc.order, sc.stack, ok = preorder(t, n, sc.order, sc.stack, maxSkelNodes)
	if !ok {
		return false
	}
	for _, x := range sc.order {
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

// listBlock predicts a list slot's children and adds the patches from the
// current container to the predicted one.
func (sc *scratch) listBlock(lm *listModel, t *vdom.Tree, node int32, path []int32, ch *outcome.Change) bool {
	if lm == nil || len(lm.skel) == 0 || t.Nodes[node].Kind != vdom.KindElement {
		return false
	}
	oi, ok1 := ch.Values.Items(ch.Old, sc.items[:0])
	sc.items = oi
	ni, ok2 := ch.Values.Items(ch.New, sc.items2[:0])
	sc.items2 = ni
	kids := t.Children(node)
	pre, post := int(lm.pre), int(lm.post)
	if !ok1 || !ok2 || len(kids) != pre+len(oi)+post || len(ni) > maxItemsRendered {
		return false
	}
	v := &ch.Values
	lt := &sc.lt
	lt.Reset()
	// the container itself
	cn := &t.Nodes[node]
	root := vdom.Node{Kind: cn.Kind, Keyed: cn.Keyed}
	root.Tag = lt.AddString(t.Bytes(cn.Tag))
	if cn.Keyed {
		root.Key = lt.AddString(t.Bytes(cn.Key))
	}
	root.Props = uint32(len(lt.Props))
	for _, p := range t.PropList(node) {
		lt.Props = append(lt.Props, vdom.Prop{Name: lt.AddString(t.Bytes(p.Name)), Val: lt.AddString(t.Bytes(p.Val)), Raw: p.Raw})
	}
	root.NProps = uint32(len(lt.Props)) - root.Props
	lt.Nodes = append(lt.Nodes, root)
	r := int32(len(lt.Nodes) - 1)
	sc.kids = sc.kids[:0]
	for i := 0; i < pre; i++ {
		sc.kids = append(sc.kids, patch.Import(lt, t, kids[i]))
	}
	keyed := lm.skel[0].keyed
	if keyed {
		// the current item children by key; each must be the key the old
		// item renders
		sc.keyIdx = sc.keyIdx[:0]
		for j, it := range oi {
			c := kids[pre+j]
			cnd := &t.Nodes[c]
			if !cnd.Keyed || cnd.Kind != vdom.KindElement {
				return false
			}
			sc.sv = lm.sels.Eval(sc.sv[:0], v, it)
			k, ok := lm.skel[0].key.Predict(sc.sv, &sc.buf)
			if !ok || k.Absent || !bytes.Equal(k.Bytes, t.Bytes(cnd.Key)) {
				return false
			}
			sc.keyIdx = append(sc.keyIdx, keyPos{h: xxhash.Sum64(k.Bytes), j: int32(j)})
		}
		slices.SortFunc(sc.keyIdx, func(a, b keyPos) int {
			switch {
			case a.h < b.h:
				return -1
			case a.h > b.h:
				return 1
			}
			return 0
		})
	}
	for i, it := range ni {
		sc.sv = lm.sels.Eval(sc.sv[:0], v, it)
		j := -1
		if keyed {
			k, ok := lm.skel[0].key.Predict(sc.sv, &sc.buf)
			if !ok || k.Absent {
				return false
			}
			h := xxhash.Sum64(k.Bytes)
			x := sort.Search(len(sc.keyIdx), func(a int) bool { return sc.keyIdx[a].h >= h })
			for ; x < len(sc.keyIdx) && sc.keyIdx[x].h == h; x++ {
				jj := sc.keyIdx[x].j
				if bytes.Equal(t.Bytes(t.Nodes[kids[pre+int(jj)]].Key), k.Bytes) {
					j = int(jj)
					break
				}
			}
		} else if i < len(oi) {
			j = i
		}
		if j >= 0 && v.Hash(oi[j]) == v.Hash(it) {
			sc.kids = append(sc.kids, patch.Import(lt, t, kids[pre+j]))
			continue
		}
		if j >= 0 {
			// the item changed: the template must render its old version as
			// the tree shows it
			sc.sv2 = lm.sels.Eval(sc.sv2[:0], v, oi[j])
			old, ok := lm.render(sc.sv2, lt, &sc.buf)
			if !ok || !vdom.Equal(t, kids[pre+j], lt, old) {
				return false
			}
		}
		n, ok := lm.render(sc.sv, lt, &sc.buf)
		if !ok {
			return false
		}
		sc.kids = append(sc.kids, n)
	}
	for i := len(kids) - post; i < len(kids); i++ {
		sc.kids = append(sc.kids, patch.Import(lt, t, kids[i]))
	}
	lt.Nodes[r].Kids, lt.Nodes[r].NKids = uint32(len(lt.Kids)), uint32(len(sc.kids))
	lt.Kids = append(lt.Kids, sc.kids...)
	lt.Root = r
	view := *t
	view.Root = node
	sc.rec.Diff(&view, lt, &sc.sub)
	sc.importSub(path)
	return true
}

// render builds the item's subtree into w and returns its root; ok is false
// when some part of it cannot be predicted.
func (m *listModel) render(sv []outcome.Feature, w *vdom.Tree, buf *[]byte) (int32, bool) {
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
				o, ok := s.key.Predict(sv, buf)
				if !ok || o.Absent {
					return -1, false
				}
				nd.Keyed, nd.Key = true, w.AddString(o.Bytes)
			}
			nd.Props = uint32(len(w.Props))
			for j := range s.props {
				o, ok := s.props[j].lr.Predict(sv, buf)
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
			o, ok := s.text.Predict(sv, buf)
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
	for i := range m.skel {
		s := &m.skel[i]
		nd := &w.Nodes[base+int32(i)]
		nd.Kids, nd.NKids = uint32(len(w.Kids)), uint32(s.nkids)
		j := int32(i + 1)
		for c := int32(0); c < s.nkids; c++ {
			if j >= int32(len(m.skel)) {
				return -1, false
			}
			w.Kids = append(w.Kids, base+j)
			j = m.skel[j].end
		}
	}
	return base, true
}

func (m *listModel) size() int64 {
	n := memsize.Alloc(int(unsafe.Sizeof(*m)))
	n += m.sels.Size()
	n += memsize.Slice(m.skel)
	for i := range m.skel {
		sk := &m.skel[i]
		n += memsize.Bytes(len(sk.tag)) + sk.key.Size() + sk.text.Size() + memsize.Slice(sk.props)
		for j := range sk.props {
			n += memsize.Bytes(len(sk.props[j].name)) + sk.props[j].lr.Size()
		}
	}
	return n
}

func codeList(c snapshot.Coder, m *listModel) {
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
		c.List("props", len(s.props), maxPropsLearned, func(j int) {
			if c.Reading() {
				s.props = append(s.props, propLearner{})
			}
			c.Bytes("name", &s.props[j].name)
			c.Obj("learner", func() { s.props[j].lr.Code(c) })
		})
	})
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
