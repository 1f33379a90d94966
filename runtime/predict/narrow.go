package predict

import (
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/patch"
	"github.com/minimact/engine/runtime/predict/internal/memsize"
	"github.com/minimact/engine/runtime/predict/outcome"
	"github.com/minimact/engine/runtime/predict/snapshot"
)

// Narrowing lists. A search box's results are what the page knows filtered
// by what is typed: "ap" shows apple, apricot, grape. The state holds only
// the query, so no item template renders a result, and a query never typed
// before has no outcome. But while the query only grows ("ap" → "app"), the
// new results are the current ones that still match: those whose text
// holds the new query. A region slot of a string value records, for two
// predicates (the text holds the query, or starts with it, ignoring ASCII
// case), how often a narrowing change kept exactly the current children
// that match, one of them at least being dropped (a confirmation), and
// whether one did not (which ends the predicate for good). A confirmed
// predicate (narrowMin confirmations) predicts a narrowing change of a
// query never typed: the current children that match, in their order.
//
// A text that counts the results ("3 results", "1 result", "No results")
// is no function of the query either, but of their number: a text slot of
// the model learns, beside its own learner, one over the number of
// children of the model's narrowing region (count), and answers from it
// when the region was narrowed. Both are kept in snapshots (version 7).

const (
	narrowContains = iota // the text holds the query
	narrowPrefix          // the text starts with the query
	numNarrow

	narrowMin     = 2    // confirmations before a predicate predicts
	narrowTextMax = 1024 // bytes of a child's text compared
)

// narrowing is a region slot's record of its predicates.
type narrowing struct {
	ok   [numNarrow]uint16
	dead [numNarrow]bool
}

// ready is the predicate that predicts, or -1.
func (n *narrowing) ready() int {
	if n == nil {
		return -1
	}
	for p := 0; p < numNarrow; p++ {
		if !n.dead[p] && n.ok[p] >= narrowMin {
			return p
		}
	}
	return -1
}

func (n *narrowing) code(c snapshot.Coder) {
	for p, name := range [numNarrow]string{"contains", "prefix"} {
		c.Obj(name, func() {
			snapshot.U16(c, "confirmed", &n.ok[p])
			c.Flag("dead", &n.dead[p])
		})
	}
}

// lowerASCII is c in lower case when it is an ASCII letter.
func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasFold reports whether q is in s (p == narrowContains) or starts it,
// ignoring ASCII case.
func hasFold(p int, s, q []byte) bool {
	last := len(s) - len(q)
	if p == narrowPrefix && last > 0 {
		last = 0
	}
outer:
	for i := 0; i <= last; i++ {
		for j := range q {
			if lowerASCII(s[i+j]) != lowerASCII(q[j]) {
				continue outer
			}
		}
		return true
	}
	return false
}

// narrows reports whether a query going from o to n can only narrow what p
// matches: n holds o (contains) or starts with it (prefix). A query with a
// byte that is not ASCII says nothing: its case folds as ASCII's does not
// ("Äp" finds "äpfel" where a page lowers its text).
func narrows(p int, o, n []byte) bool {
	for _, c := range n {
		if c >= 0x80 {
			return false
		}
	}
	return len(n) > len(o) && hasFold(p, n, o)
}

// textOf appends the text of the subtree at n (its text nodes in document
// order) to buf; ok is false when it is longer than narrowTextMax bytes (a
// match past them would not be seen).
func textOf(t *vdom.Tree, n int32, buf []byte, stack []int32) (_ []byte, _ []int32, ok bool) {
	limit := len(buf) + narrowTextMax
	stack = append(stack[:0], n)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		nd := &t.Nodes[x]
		if nd.Kind == vdom.KindText {
			if c := t.Bytes(nd.Content); len(buf)+len(c) <= limit {
				buf = append(buf, c...)
				continue
			}
			return buf, stack, false
		}
		kids := t.Children(x)
		for i := len(kids) - 1; i >= 0; i-- {
			stack = append(stack, kids[i])
		}
	}
	return buf, stack, true
}

// narrowScratch is the working space of narrowing.
type narrowScratch struct {
	text  []byte  // the texts of a region's children, one after the other
	ends  []int32 // where each child's text ends in text
	stack []int32
	kids  []int32
	tree  vdom.Tree // a narrowed region, to encode
}

func (w *narrowScratch) size() int64 {
	return memsize.Bytes(cap(w.text)) + memsize.Slice(w.ends) + memsize.Slice(w.stack) + memsize.Slice(w.kids) + treeSize(&w.tree)
}

// texts reads the text of each child of node n of t (textOf) into w; ok is
// false when a child is no element or its text is too long to compare.
func (w *narrowScratch) texts(t *vdom.Tree, n int32) bool {
	w.text, w.ends = w.text[:0], w.ends[:0]
	for _, k := range t.Children(n) {
		if t.Nodes[k].Kind != vdom.KindElement {
			return false
		}
		var ok bool
		if w.text, w.stack, ok = textOf(t, k, w.text, w.stack); !ok {
			return false
		}
		w.ends = append(w.ends, int32(len(w.text)))
	}
	return true
}

// matching sets w.kids to the children of n (whose texts w holds: texts)
// whose text p matches q.
func (w *narrowScratch) matching(p int, t *vdom.Tree, n int32, q []byte) {
	w.kids = w.kids[:0]
	start := int32(0)
	for i, k := range t.Children(n) {
		if hasFold(p, w.text[start:w.ends[i]], q) {
			w.kids = append(w.kids, k)
		}
		start = w.ends[i]
	}
}

// learnNarrow records what a change of the string value from qo to qn did
// to the region: node on of old, nn of new.
func (s *slot) learnNarrow(w *narrowScratch, qo, qn []byte, old *vdom.Tree, on int32, new *vdom.Tree, nn int32) {
	if old.Nodes[on].Kind != vdom.KindElement || new.Nodes[nn].Kind != vdom.KindElement {
		return
	}
	read := false // the old children's texts, read once for both predicates
	for p := 0; p < numNarrow; p++ {
		if s.narrow != nil && s.narrow.dead[p] || !narrows(p, qo, qn) {
			continue
		}
		if !read {
			if !w.texts(old, on) {
				return
			}
			read = true
		}
		w.matching(p, old, on, qn)
		nk := new.Children(nn)
		same := len(nk) == len(w.kids)
		for i := 0; same && i < len(nk); i++ {
			same = vdom.Equal(old, w.kids[i], new, nk[i])
		}
		if s.narrow == nil {
			s.narrow = &narrowing{}
		}
		switch {
		case !same:
			s.narrow.dead[p] = true
		case len(nk) < len(old.Children(on)) && s.narrow.ok[p] < 1<<15:
			s.narrow.ok[p]++
		}
	}
}

// narrowed is the region's outcome for the change (qo to qn) on t (node
// n): the current children that match the new query, encoded into *buf,
// and how many they are; ok is false when no confirmed predicate narrows.
func (s *slot) narrowed(w *narrowScratch, enc *vdom.Encoder, buf *[]byte, qo, qn []byte, t *vdom.Tree, n int32) (outcome.Outcome, int, bool) {
	p := s.narrow.ready()
	if p < 0 || !narrows(p, qo, qn) || t.Nodes[n].Kind != vdom.KindElement || !w.texts(t, n) {
		return outcome.Outcome{}, 0, false
	}
	w.matching(p, t, n, qn)
	lt := &w.tree
	lt.Reset()
	r := patch.ImportShell(lt, t, n)
	first := len(w.stack)
	for _, k := range w.kids {
		w.stack = append(w.stack, patch.Import(lt, t, k))
	}
	lt.Nodes[r].Kids, lt.Nodes[r].NKids = uint32(len(lt.Kids)), uint32(len(w.kids))
	lt.Kids = append(lt.Kids, w.stack[first:]...)
	w.stack = w.stack[:first]
	lt.Root = r
	start := len(*buf)
	*buf = enc.AppendTree(*buf, lt, r)
	return outcome.Outcome{Bytes: (*buf)[start:len(*buf):len(*buf)]}, len(w.kids), true
}

// narrowRegion is the model's region slot with a narrowing record, or nil.
func (m *model) narrowRegion() *slot {
	for _, s := range m.slots {
		if s.kind == slotRegion && s.narrow != nil {
			return s
		}
	}
	return nil
}

// hasDigit reports whether b holds an ASCII digit.
func hasDigit(b []byte) bool {
	for _, c := range b {
		if c >= '0' && c <= '9' {
			return true
		}
	}
	return false
}

// countFeatures is the feature vector of a count, in dst.
func countFeatures(dst []outcome.Feature, n int) []outcome.Feature {
	return append(dst[:0], outcome.NumFeature(float64(n)))
}

// countsOf answers the text slots of a count (target.counted): when the
// narrowing region was narrowed, from the count learner, which must say for
// the current number of results what the tree shows, and knows the new
// number (Recall: no guess); else from their own learner, when it knows. It
// reports whether every one of them is answered.
func (ps *predictScratch) countsOf(m *model, t *vdom.Tree) bool {
	now := -1
	if r := m.narrowRegion(); ps.narrowed >= 0 && r != nil {
		if n, _, ok := ps.ixFor(t).resolve(t, r.loc, ps.path[:0]); ok {
			now = int(t.Nodes[n].NKids)
		}
	}
	for i, s := range m.slots {
		tg := &ps.targets[i]
		if !tg.counted {
			continue
		}
		tg.counted = false
		if now < 0 {
			if !tg.known {
				return false
			}
			continue
		}
		ps.countF = countFeatures(ps.countF, now)
		if o, known := s.count.Recall(ps.countF, &ps.rendered); !known || !o.Eq(tg.cur) {
			return false
		}
		ps.countF = countFeatures(ps.countF, ps.narrowed)
		o, known := s.count.Recall(ps.countF, &ps.rendered)
		if !known {
			return false
		}
		tg.o, tg.known = o, true
	}
	return true
}
