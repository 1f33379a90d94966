package predict

import (
	"bytes"
	"github.com/minimact/engine/runtime/predict/outcome"
	"sort"

	"github.com/minimact/engine/generated/vdom"
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
