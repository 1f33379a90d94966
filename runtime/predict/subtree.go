package predict

import (
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
// any slot's (its record). It does not answer for a string value (typed
// text): whether a coupon code or an email is valid is no function of
// what the skeleton's learners read ("SAVE1" → "SAVE10" turns the
// message from an error into "SAVE10 applied"), and there it stays silent.

const (
	minSubFits  = 3
	maxSubNodes = 32 // a template's skeleton: a larger child is learned whole only
	maxSubProps = 64 // and the props of its nodes, in all
)

var presentOutcome = outcome.Outcome{Bytes: []byte{'1'}}

// learnSub learns a child slot's template from one sample: features sv
// and the child's outcome o.
func (ls *learnScratch) learnSub(s *slot, sv []outcome.Feature, o outcome.Outcome) {
	if s.pres == nil {
		l := outcome.NewLearner(false)
		s.pres = &l
	}
	if o.Absent {
		s.pres.Observe(sv, outcome.Outcome{Absent: true}, &ls.rendered)
		return
	}
	s.pres.Observe(sv, presentOutcome, &ls.rendered)
	t := &ls.outcomeTree
	if ls.decoder.DecodeTree(o.Bytes, t) != nil || !t.HasRoot() {
		return
	}
	var ok bool
	ls.list.preorder, ls.list.stack, ok = preorder(t, t.Root, ls.list.preorder, ls.list.stack, maxSubNodes)
	props := 0
	for _, x := range ls.list.preorder {
		props += int(t.Nodes[x].NProps)
	}
	if !ok || props > maxSubProps {
		s.sub, s.subOK = nil, 0 // what a Learn spends on a template stays small
		return
	}
	if s.sub == nil || !s.sub.shapeMatches(t, ls.list.preorder) {
		sk, ok := newSkeleton(t, t.Root)
		if !ok {
			s.sub, s.subOK = nil, 0
			return
		}
		s.sub, s.subOK = &listModel{skel: sk}, 0
	}
	s.sub.learnItem(sv, t, t.Root, &ls.list, &ls.rendered)
	s.subOK++
}

// subOutcome is a child slot's outcome for features sv from its template,
// encoded into ps.rendered; ok is false when the template does not answer.
func (ps *predictScratch) subOutcome(s *slot, sv []outcome.Feature) (outcome.Outcome, bool) {
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
	root, ok := s.sub.render(sv, w, &ps.rendered)
	if !ok {
		return outcome.Outcome{}, false
	}
	w.Root = root
	start := len(ps.rendered)
	ps.rendered = ps.encoder.AppendTree(ps.rendered, w, root)
	return outcome.Outcome{Bytes: ps.rendered[start:len(ps.rendered):len(ps.rendered)]}, true
}
