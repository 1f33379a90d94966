package predict

import (
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict/outcome"
)

// A child slot's outcome is the conditional child's whole subtree, learned
// per value: a child whose texts change while it is present (a dropdown
// that shows a count, a bulk-action bar that says "Email 3 contacts") then
// answers only the values it was seen with. Its template answers the
// others: whether the child is present is learned on its own (a learner of
// present/absent over the model's selectors, which generalizes by
// threshold or equality as any table does), and the present child is
// rendered from a skeleton whose keys, texts and props are learners over
// the same selectors (the list items' machinery, list.go). The template
// answers only when the slot's own learner does not, only once the
// skeleton fitted minSubFits samples in a row (a child of another shape
// starts a new skeleton), and, as every answer, only when each of its
// learners answers; the shadow prediction of every Learn checks it like
// any slot's (its record). For a string value (typed text) it answers
// only what depends on the text's length (renderTyped: a draft's "5/200"):
// whether a coupon code or an email is valid is no function of what the
// skeleton's learners read ("SAVE1" → "SAVE10" turns the message from
// "“SAVE1” is not a valid code" into "SAVE10 applied"), so a text that
// shows the value, or that a table would generalize to it, stays silent.

const (
	minSubFits  = 3
	maxSubNodes = 32       // a template's skeleton: a larger child is learned whole only
	maxSubProps = 64       // and the props of its nodes, in all
	maxSubBytes = 16 << 10 // and its JSON
)

var presentOutcome = outcome.Outcome{Bytes: []byte{'1'}}

// learnSub learns a child slot's template from one sample: features sv
// and the child's outcome o. It reports whether what the slot holds changed
// (its size is then measured again).
func (ls *learnScratch) learnSub(s *slot, sv []outcome.Feature, o outcome.Outcome) bool {
	changed := false
	if s.pres == nil {
		l := outcome.NewLearner(false)
		s.pres, changed = &l, true
	}
	if o.Absent {
		return s.pres.Observe(sv, outcome.Outcome{Absent: true}, &ls.rendered) || changed
	}
	changed = s.pres.Observe(sv, presentOutcome, &ls.rendered) || changed
	// too large for a template: refused before it is decoded, so that what
	// a Learn spends on templates stays small whatever the trees
	t := &ls.outcomeTree
	if len(o.Bytes) > maxSubBytes || ls.decoder.DecodeTree(o.Bytes, t) != nil || !t.HasRoot() {
		return dropSub(s) || changed
	}
	var ok bool
	ls.list.preorder, ls.list.stack, ok = preorder(t, t.Root, ls.list.preorder, ls.list.stack, maxSubNodes)
	props := 0
	for _, x := range ls.list.preorder {
		props += int(t.Nodes[x].NProps)
	}
	if !ok || props > maxSubProps {
		return dropSub(s) || changed
	}
	if s.sub == nil || !s.sub.shapeMatches(t, ls.list.preorder) {
		sk, ok := newSkeleton(t, t.Root)
		if !ok {
			return dropSub(s) || changed
		}
		s.sub, s.subOK, changed = &listModel{skel: sk}, 0, true
	}
	s.subOK++
	return s.sub.learnItem(sv, t, t.Root, &ls.list, &ls.rendered) || changed
}

// dropSub forgets a child slot's skeleton and reports whether it had one.
func dropSub(s *slot) bool {
	had := s.sub != nil
	s.sub, s.subOK = nil, 0
	return had
}

// subOutcome is a child slot's outcome for features sv from its template,
// encoded into ps.rendered; ok is false when the template does not answer.
func (ps *predictScratch) subOutcome(s *slot, sv []outcome.Feature, typed bool) (outcome.Outcome, bool) {
	if s.sub == nil || s.subOK < minSubFits {
		return outcome.Outcome{}, false
	}
	if s.pres == nil {
		return outcome.Outcome{}, false
	}
	po, ok := s.pres.Predict(sv, &ps.rendered)
	if !ok {
		return outcome.Outcome{}, false
	}
	if po.Absent {
		return po, true
	}
	w := &ps.subTree
	w.Reset()
	var root int32
	if typed {
		root, ok = s.sub.renderTyped(sv, w, &ps.rendered)
	} else {
		root, ok = s.sub.render(sv, w, &ps.rendered)
	}
	if !ok {
		return outcome.Outcome{}, false
	}
	w.Root = root
	start := len(ps.rendered)
	ps.rendered = ps.encoder.AppendTree(ps.rendered, w, root)
	return outcome.Outcome{Bytes: ps.rendered[start:len(ps.rendered):len(ps.rendered)]}, true
}

// renderTyped is render for a string value (typed text): a text of the
// skeleton answers only from what it saw of that very value or from a
// template whose holes are numbers ("{len}/200" reads the length of any
// text; "“{x}” is not a valid code" may not hold for the next one), never
// from a table generalizing to it; a key or prop answers so too, or when it
// only ever had one outcome (the counter's class).
func (m *listModel) renderTyped(sv []outcome.Feature, w *vdom.Tree, buf *[]byte) (int32, bool) {
	return m.build(w, func(_ int, s *skelNode, part int) (outcome.Outcome, bool) {
		l := s.learner(part)
		if part != partText && l.Outcomes() == 1 {
			return l.Predict(sv, buf)
		}
		return l.RecallNumbers(sv, buf)
	})
}
