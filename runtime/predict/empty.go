package predict

import (
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict/outcome"
	"github.com/minimact/engine/runtime/predict/snapshot"
)

// Empty states. A list often has a message right after it that shows
// exactly when the list shows no item: "Your inbox is empty", "No starred
// mail", "Drop cards here". Which one is shown depends on what filters the
// list, and whether it shows at all depends on the whole of the list's
// state: a function no one feature of the value tells (the unread mail in
// the unread tab, all of it in the other), which the list itself knows. A
// child slot whose place follows a list slot's element learns whether it
// is present exactly when that list shows no item, in every tree it is
// observed in (the old and the new one of each Learn). Once that held in
// emptyAgree trees, beside items and beside none, and never failed, a
// prediction its own learner cannot make is made from the list: the items
// the list shows for the new value (listModel.shownCount) decide whether
// the child is there. The child unchanged, or gone, is predicted so; a
// child that comes is predicted only as its own learner renders it (its
// text may depend on the filter: silent otherwise). The rule is kept in
// snapshots (version 5).

const emptyAgree = 6

const (
	emptyBeside = 1 << iota // seen absent beside items
	emptyAlone              // seen present beside none
)

// emptyRule is what a child slot learned of the list before it.
type emptyRule struct {
	agree  uint16 // trees where the rule held (saturating)
	seen   uint8  // emptyBeside | emptyAlone
	broken bool   // a tree where it did not: for good
}

// trusted says whether the rule may predict.
func (r *emptyRule) trusted() bool {
	return !r.broken && r.agree >= emptyAgree && r.seen == emptyBeside|emptyAlone
}

// listBefore returns the list slot of m whose element is the child before
// position at of parent in t, or nil, and how many items that element
// shows (its children but the list's statics; negative when it has fewer).
func (m *model) listBefore(ix *sibIndex, t *vdom.Tree, parent int32, at int, path []int32) (*slot, int) {
	kids := t.Children(parent)
	if at < 1 || at > len(kids) {
		return nil, 0
	}
	want := kids[at-1]
	for _, l := range m.slots {
		if l.kind != slotList || l.list == nil {
			continue
		}
		if n, _, ok := ix.resolve(t, l.loc, path); ok && n == want {
			return l, len(t.Children(want)) - int(l.list.pre) - int(l.list.post)
		}
	}
	return nil, 0
}

// observeEmpty counts the child slot s's tree t (where its outcome is o)
// into its empty rule.
func (ls *learnScratch) observeEmpty(m *model, s *slot, ix *sibIndex, t *vdom.Tree, o outcome.Outcome) {
	if s.empty.broken {
		return
	}
	parent, _, ok := ix.resolve(t, s.loc, ls.path[:0])
	if !ok {
		return
	}
	at, _, found := gap(t, parent, &s.prev, &s.next)
	if !found {
		return
	}
	l, items := m.listBefore(ix, t, parent, at, ls.path[:0])
	if l == nil {
		if s.empty.agree > 0 {
			s.empty.broken = true // the list it followed is not there
		}
		return
	}
	switch {
	case items < 0 || o.Absent == (items == 0):
		s.empty.broken = true
	case o.Absent:
		s.empty.seen |= emptyBeside
	default:
		s.empty.seen |= emptyAlone
	}
	if !s.empty.broken && s.empty.agree < 1<<16-1 {
		s.empty.agree++
	}
}

// emptyOutcome is the child slot s's outcome for the change (its current
// outcome cur at position at of parent in t) from the list before it: ok
// is false when the rule does not hold or cannot tell.
func (ps *predictScratch) emptyOutcome(m *model, s *slot, t *vdom.Tree, parent int32, at int, cur outcome.Outcome) (outcome.Outcome, bool) {
	if !s.empty.trusted() {
		return outcome.Outcome{}, false
	}
	l, items := m.listBefore(ps.ixFor(t), t, parent, at, ps.path[:0])
	if l == nil {
		return outcome.Outcome{}, false
	}
	ch := &ps.change
	was, ok1 := l.list.shownCount(ps.listCtx, &ch.Values, ch.Old, &ps.list)
	now, ok2 := l.list.shownCount(ps.listCtx, &ch.Values, ch.New, &ps.list)
	if !ok1 || !ok2 || items != was || cur.Absent != (was > 0) {
		return outcome.Outcome{}, false // the tree is not what the list says
	}
	switch {
	case (now == 0) == !cur.Absent:
		return cur, true // still there, or still not
	case now > 0:
		return outcome.Outcome{Absent: true}, true
	}
	return outcome.Outcome{}, false // it comes: only its own learner knows it
}

// shownCount is how many items of the array at root the list shows in
// context ctx; ok is false when it cannot tell.
func (m *listModel) shownCount(ctx uint64, v *outcome.Value, root int32, work *listScratch) (int, bool) {
	if m == nil || len(m.skel) == 0 {
		return 0, false
	}
	items, ok := v.Items(root, work.newItems[:0])
	work.newItems = items
	if !ok || len(items) > maxItemsRendered {
		return 0, false
	}
	filtered := m.skel[0].keyed && m.filters(ctx)
	n := 0
	for _, it := range items {
		work.itemFeatures = m.sels.Eval(work.itemFeatures[:0], v, it)
		hidden, ok := m.hides(filtered, ctx, work.itemFeatures)
		if !ok {
			return 0, false
		}
		if !hidden {
			n++
		}
	}
	return n, true
}

// code codes the rule (a child slot's "empty", version 5).
func (r *emptyRule) code(c snapshot.Coder) {
	snapshot.U16(c, "agree", &r.agree)
	snapshot.U8(c, "seen", &r.seen, emptyBeside|emptyAlone)
	c.Flag("broken", &r.broken)
}
