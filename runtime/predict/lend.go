package predict

import (
	"bytes"
	"slices"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/cespare/xxhash/v2"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict/outcome"
)

// Lending: what one instance of a component learned answers for another.
//
// Learning is per component instance (a component_id), and a server meets
// new instances all the time: every user's page starts its own. An
// instance's first changes of a key are silent while its model is young
// (on the app corpus a third of an instance's first ten steps were hits,
// four in five after fifty). Instances of one component render the same
// places the same way, so a mature model of another instance can answer
// for the young one. The engine is not told which instances share a
// component type, and pooling their observations into one model was
// measured worse (6,533 hits and 37 wrong steps against 6,807 and 18 on
// seed 1: their tables keyed on per-instance data conflict).
//
// So a model never learns from another instance; it lends:
//
//   - A model that has learned lendObs observations lends under its
//     signature: the key's name and its tree's root tag and class, where a
//     component type shows. At most maxLenders lend under one signature,
//     the first to come; a lender whose lent predictions mostly missed
//     (poorLent verified, conf < 0.5) gives its place to the next.
//   - When an instance's own model is silent (absent, young, unsure), up to
//     lendTries lenders of other instances are tried in turn against the
//     current tree, with every check of any prediction: each slot's outcome
//     for the old value must be what the tree shows, and a model none of
//     whose places is in the tree is silent. The first that answers with
//     the confidence required is the prediction. A lender answers only for
//     a value (when a number) inside the range its own observations showed
//     (withinRange).
//   - Its confidence is bounded by the lender's record of lent predictions
//     (by shape, its whole lent record the prior): every Learn whose own
//     model would have been silent verifies the lenders' shadow
//     predictions, as a model verifies its own. A lender of another
//     component type, or of an instance-specific render, misses and stops
//     lending; a new lender's record starts at 0.5, below the default threshold, so
//     it lends only once borrowers confirmed it.
//   - A lent prediction is judged like any other: in the model's pending
//     slot, or, for a component with no model of the key yet (its first
//     change), in one of orphanSlots pending slots by the model key's hash,
//     which its first Learn and VerifyPrediction look in.
//
// Lenders are derived state: an index rebuilt as models learn, not kept in
// snapshots (a loaded model lends again after its next Learn, and for a
// number only between the values it learns from then on); an evicted
// model leaves it, and a lent prediction marks its lender used (LRU).
// Cost: a silent prediction materializes at most lendTries more models; a
// Learn whose own model was silent verifies one lender (the next too
// while that one is poor), and a settled lender only on one Learn in
// settledEvery; the index holds at most one entry per model.

const (
	lendObs    = 4 // observations a model has learned before it lends
	maxLenders = 4 // per signature
)

// lendTries is how many lenders a silent prediction tries, in the order
// they came (a variable: the tests turn lending off with 0).
var lendTries = 3

const (
	lentShapes = 4 // shapes of lent predictions a lender keeps a record of
	poorLent   = 4 // verified lent predictions before a lender may be replaced
	// a lender whose record holds settledLent hits (decayed) at 0.9 or
	// more is verified on one Learn in settledEvery: each verification is
	// a shadow prediction, the cost of a Learn again
	settledLent  = 16
	settledEvery = 4
)

// lentConf is the lender's confidence in a lent prediction of shape sh:
// its record of that shape, with its whole lent record as the prior.
func (m *model) lentConf(sh uint64) float64 {
	c := m.lent.conf()
	for i := range m.lentBy {
		if r := &m.lentBy[i]; r.ctx == sh && sh != 0 {
			return (r.rec.h + 2*c) / (r.rec.h + r.rec.m + 2)
		}
	}
	return c
}

// lentAdd records a verified lent prediction of shape sh.
func (m *model) lentAdd(sh uint64, hit bool, clock uint64) {
	m.lent.add(hit)
	old := 0
	for i := range m.lentBy {
		r := &m.lentBy[i]
		if r.ctx == sh {
			r.rec.add(hit)
			r.stamp = clock
			return
		}
		if r.stamp < m.lentBy[old].stamp {
			old = i
		}
	}
	m.lentBy[old] = ctxRec{ctx: sh, stamp: clock}
	m.lentBy[old].rec.add(hit)
}

// lendSig is the signature models lend under: the state key's name and
// the root element's tag and class, where a component type shows. A root
// without a class (a bare div) says little of the component, and the
// lenders of every such component with the key would take one another's
// places: its children's kinds and tags (the first 8) are mixed in.
func lendSig(key []byte, t *vdom.Tree) uint64 {
	h := xxhash.Sum64(key)
	if !t.HasRoot() {
		return h
	}
	n := &t.Nodes[t.Root]
	h = vdom.Mix(h, uint64(n.Kind))
	h = vdom.Mix(h, xxhash.Sum64(t.Bytes(n.Tag)))
	classed := false
	for _, pr := range t.PropList(t.Root) {
		if bytes.Equal(t.Bytes(pr.Name), []byte("class")) && pr.Val.Len > 0 {
			h = vdom.Mix(h, xxhash.Sum64(t.Bytes(pr.Val)))
			classed = true
		}
	}
	if !classed && n.Kind == vdom.KindElement {
		for i, k := range t.Children(t.Root) {
			if i == 8 {
				break
			}
			c := &t.Nodes[k]
			h = vdom.Mix(h, vdom.Mix(uint64(c.Kind), xxhash.Sum64(t.Bytes(c.Tag))))
		}
	}
	return h | 1
}

// noteLender makes m a lender under sig once it has learned enough.
func (p *Predictor) noteLender(m *model, sig uint64) {
	if m.obs < lendObs || m.lendSig == sig || p.cfg.Lending == LendOff {
		return
	}
	if m.lendSig != 0 {
		p.dropLender(m)
	}
	ls := p.lenders[sig]
	if len(ls) >= maxLenders {
		// full: a lender whose lent predictions mostly missed makes room
		worst := -1
		for i, x := range ls {
			if x.poorLender() && (worst < 0 || x.lent.conf() < ls[worst].lent.conf()) {
				worst = i
			}
		}
		if worst < 0 {
			return
		}
		p.dropLender(ls[worst])
		ls = p.lenders[sig]
	}
	if p.lenders == nil {
		p.lenders = map[uint64][]*model{}
	}
	if p.lendKeys == nil {
		p.lendKeys = map[uint64]int{}
	}
	if m.words == nil {
		m.words = new(sharedWords)
		m.dirty = true
	}
	p.lenders[sig] = append(ls, m)
	p.lendKeys[xxhash.Sum64String(m.key)]++
	m.lendSig = sig
}

// dropLender removes m from the lenders.
func (p *Predictor) dropLender(m *model) {
	if m.lendSig == 0 {
		return
	}
	ls := p.lenders[m.lendSig]
	for i, x := range ls {
		if x == m {
			ls = append(ls[:i], ls[i+1:]...)
			break
		}
	}
	if len(ls) == 0 {
		delete(p.lenders, m.lendSig)
	} else {
		p.lenders[m.lendSig] = ls
	}
	k := xxhash.Sum64String(m.key)
	if p.lendKeys[k]--; p.lendKeys[k] <= 0 {
		delete(p.lendKeys, k)
	}
	m.lendSig = 0
}

// lenderN is the n-th lender of sig (from 0, in the order they came) of
// another component than comp, or nil.
func (p *Predictor) lenderN(sig uint64, comp []byte, n int) *model {
	for _, l := range p.lenders[sig] {
		if l.comp != string(comp) {
			if n == 0 {
				return l
			}
			n--
		}
	}
	return nil
}

// contextIn is model m's context read in component comp: its influencers'
// latest values there.
func (p *Predictor) contextIn(m *model, comp string) uint64 {
	if len(m.infl) == 0 {
		return 0
	}
	h := uint64(1)
	for _, k := range m.infl {
		v := uint64(0)
		if o := p.models[comp+"\x00"+k]; o != nil {
			v = o.last
			if o.lastContainer {
				v = 1 // a board, a list: every value would be a context never verified
			}
		}
		h = vdom.Mix(h, vdom.Mix(xxhash.Sum64String(k), v))
	}
	return h
}

// lend is lender lm's prediction for ps.change against t (never applied
// to t), with the lender's confidence in the current component's context
// and the prediction's shape; nil when it has none, or when the value lies
// outside the numbers the lender saw. The lent record does not bound the
// confidence: borrow adds it, verifyLent verifies it.
func (ps *predictScratch) lend(p *Predictor, lm *model, t *vdom.Tree) (*vdom.Tree, float64, uint64) {
	ctx := p.contextIn(lm, string(ps.change.Component))
	ps.listCtx = listCtx(&ps.change, ctx)
	w := ps.materialize(lm, t, false)
	if w == nil || !w.HasRoot() || !lm.withinRange(ps.oldFeatures) || !lm.withinRange(ps.newFeatures) {
		return nil, 0, 0
	}
	sh := shapeOf(&ps.patches)
	return w, min(lm.confOf(ctx, sh, ps.targets), ps.famConf), sh
}

// borrow is lend bounded by lm's lent record and refused when it would
// show a word or number of another page (ownWords).
func (ps *predictScratch) borrow(p *Predictor, lm *model, t *vdom.Tree) (*vdom.Tree, float64) {
	w, conf, sh := ps.lend(p, lm, t)
	if w == nil {
		return nil, 0
	}
	sw := lm.words
	if p.cfg.Lending != LendShared {
		sw = nil // only the borrower's own words
	}
	if !ps.ownWords(t, sw) {
		return nil, 0
	}
	return w, min(conf, lm.lentConf(sh))
}

// verifyLent records in a lender's lent record whether its prediction for
// the change being learned, on old, gives the new tree: the prediction a
// Predict would have borrowed, since the model's own was silent.
func (p *Predictor) verifyLent(ls *learnScratch, old *vdom.Tree, cc *compCache) {
	if !ls.newTree.HasRoot() {
		return
	}
	sig := lendSig(ls.change.Key, old)
	for n := 0; n < lendTries; n++ {
		lm := p.lenderN(sig, ls.change.Component, n)
		if lm == nil {
			return
		}
		if lm.lent.h >= settledLent && lm.lent.conf() >= 0.9 && p.clock%settledEvery != 0 {
			return // a settled record: checked on one Learn in settledEvery
		}
		w, conf, sh := ls.lend(p, lm, old)
		if w == nil || conf < p.cfg.MinConfidence {
			continue // it would not have answered
		}
		_, hit := ls.shadowGives(w, old, cc)
		p.lentChecks++
		lm.lentAdd(sh, hit, p.clock)
		if hit && lm.words != nil {
			// the words it brought are on this instance's page too
			ls.confirmWords(old, lm.words, xxhash.Sum64(ls.change.Component), p.clock)
		}
		if !lm.poorLender() {
			return // one lender verified per Learn: the one a Predict would use
		}
	}
}

// poorLender says m's lent predictions mostly missed: a Learn verifies the
// next lender too, and a newcomer may take its place (noteLender).
func (m *model) poorLender() bool { return m.lent.h+m.lent.m >= poorLent && m.lent.conf() < 0.5 }

// orphanSlots is how many lent predictions for components with no model of
// the key (an instance's first change) wait to be judged at once; a later
// one of another component in the same slot replaces it.
const orphanSlots = 64

// orphan is the pending slot of a lent prediction for model key k (of a
// component with no model of the key); its hashes are mixed with k's.
func (p *Predictor) orphan(k []byte) (*pendSlot, uint64) {
	h := xxhash.Sum64(k)
	return &p.orphans[h%orphanSlots], h
}

// takeOrphan takes the pending lent prediction of model key k and values
// oldH, newH, if one waits.
func (p *Predictor) takeOrphan(k []byte, oldH, newH uint64) (pending, bool) {
	s, h := p.orphan(k)
	if !s.load().valid {
		return pending{}, false
	}
	mo, mn := vdom.Mix(oldH, h), vdom.Mix(newH, h)
	return s.take(func(pd pending) bool { return pd.oldH == mo && pd.newH == mn })
}

// maxLentWords is how many words a lent prediction may bring in; past it,
// it is not lent (each word is looked for in the borrower's tree).
const maxLentWords = 64

// minCheckedDigits: numbers of fewer digits (a count, a page, an hour) are
// not looked for on the borrower's page
const minCheckedDigits = 2

// ownWords reports whether every word the predicted patches bring (a run
// of letters in a text, a prop value, a key, the HTML of a raw node: what
// a page shows, not its tag and prop names) is one the borrower already
// holds, a word of its current tree t or of its state change, or one the
// lender's lent predictions brought to the pages of two other instances
// (sw); and so is every number of two digits or more in an outcome the
// lender stored rather than rendered from the borrower's value. A lent
// prediction is another instance's knowledge, another user's perhaps: it
// may compute numbers from the borrower's value with a template (a count,
// a time, a percentage) and show the words of the component's own render
// ("1 item left", "Very good"), but never a word of one other page (a
// name, a message, an address), nor a number it saw there (a code, a
// balance), that the borrower's page and state do not hold.
func (ps *predictScratch) ownWords(t *vdom.Tree, sw *sharedWords) bool {
	words := 0
	ps.indexWords(t)
	return ps.eachWord(func(w []byte) bool {
		if words++; words > maxLentWords {
			return false
		}
		h := xxhash.Sum64(w)
		return ps.onPage(h) || sw.shared(h)
	}) && ps.eachStoredNumber(func(n []byte) bool {
		h := xxhash.Sum64(n)
		ok := ps.onPage(h) || sw.shared(h)
		return ok
	})
}

// confirmWords records in sw that the instance comp's page showed the
// words of the predicted patches that its old tree and state change did
// not hold (a lent prediction that was a hit: the new tree has them).
func (ps *predictScratch) confirmWords(old *vdom.Tree, sw *sharedWords, comp, clock uint64) {
	words := 0
	ps.indexWords(old)
	ps.eachWord(func(w []byte) bool {
		if words++; words > maxLentWords {
			return false
		}
		if h := xxhash.Sum64(w); !ps.onPage(h) {
			sw.add(h, comp, clock)
		}
		return true
	})
	ps.eachStoredNumber(func(n []byte) bool {
		if h := xxhash.Sum64(n); !ps.onPage(h) {
			sw.add(h, comp, clock)
		}
		return true
	})
}

// eachStoredNumber calls f with every number (a run of digits not right
// after a letter: "1,204" and "21", not the 2 of "h2") of the outcomes the
// lender's slots take from what it stored — a table's outcome, another
// instance's text — rather than render from the borrower's value with a
// template, until f returns false; it reports whether f never did. A
// number a template computes from the borrower's value is the borrower's.
func (ps *predictScratch) eachStoredNumber(f func(n []byte) bool) bool {
	for i := range ps.targets {
		tg := &ps.targets[i]
		if !tg.known || tg.absent || tg.covered || tg.templated || len(tg.o.Bytes) == 0 || tg.o.Eq(tg.cur) || ps.isRendered(tg.o.Bytes) {
			continue
		}
		if !eachNumberOf(tg.o.Bytes, func(n []byte) bool { return len(n) < minCheckedDigits || f(n) }) {
			return false
		}
	}
	return true
}

// isRendered reports whether b lies in ps.rendered: a template's rendering.
func (ps *predictScratch) isRendered(b []byte) bool {
	r := ps.rendered[:cap(ps.rendered)]
	if len(b) == 0 || len(r) == 0 {
		return false
	}
	p, lo := uintptr(unsafe.Pointer(&b[0])), uintptr(unsafe.Pointer(&r[0]))
	return p >= lo && p < lo+uintptr(len(r))
}

// eachNumberOf calls f with every run of digits of b that does not follow
// a letter, until f returns false; it reports whether f never did.
func eachNumberOf(b []byte, f func(n []byte) bool) bool {
	return eachRunOf(b, unicode.IsDigit, true, f)
}

// eachRunOf calls f with every maximal run of runes of b that in says are
// in it (with afterLetter, not those right after a letter), until f
// returns false; it reports whether f never did.
func eachRunOf(b []byte, in func(rune) bool, afterLetter bool, f func(run []byte) bool) bool {
	prevLetter := false
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if !in(r) {
			prevLetter = unicode.IsLetter(r)
			i += n
			continue
		}
		j := i + n
		for j < len(b) {
			r, m := utf8.DecodeRune(b[j:])
			if !in(r) {
				break
			}
			j += m
		}
		if !(afterLetter && prevLetter) && !f(b[i:j]) {
			return false
		}
		prevLetter = false
		i = j
	}
	return true
}

// eachWord calls f with every word of the strings the predicted patches
// bring, until f returns false; it reports whether f never did.
func (ps *predictScratch) eachWord(f func(w []byte) bool) bool {
	pt := &ps.patchTree
	for i := range ps.patches.Patches {
		if q := &ps.patches.Patches[i]; q.Kind == vdom.PatchUpdateText && !eachWordOf(pt.Bytes(q.Content), f) {
			return false
		}
	}
	for i := range pt.Nodes {
		n := &pt.Nodes[i]
		if !eachWordOf(pt.Bytes(n.Content), f) || !eachWordOf(pt.Bytes(n.HTML), f) || !eachWordOf(pt.Bytes(n.Key), f) {
			return false
		}
	}
	for i := range pt.Props {
		if !eachWordOf(pt.Bytes(pt.Props[i].Val), f) {
			return false
		}
	}
	return true
}

// eachWordOf calls f with every run of letters of b, until f returns
// false; it reports whether f never did.
func eachWordOf(b []byte, f func(w []byte) bool) bool {
	return eachRunOf(b, unicode.IsLetter, false, f)
}

// indexWords makes ps.pageWords the sorted hashes of the words of tree t
// (its texts, prop values, keys and raw HTML) and of the state change: one
// pass over the tree, then each word a lent prediction brings is a binary
// search, whatever the number of words.
func (ps *predictScratch) indexWords(t *vdom.Tree) {
	ps.pageWords = ps.pageWords[:0]
	add := func(w []byte) bool {
		ps.pageWords = append(ps.pageWords, xxhash.Sum64(w))
		return true
	}
	for i := range t.Nodes {
		n := &t.Nodes[i]
		eachWordOf(t.Bytes(n.Content), add)
		eachWordOf(t.Bytes(n.HTML), add)
		eachWordOf(t.Bytes(n.Key), add)
	}
	for i := range t.Props {
		eachWordOf(t.Bytes(t.Props[i].Val), add)
		eachNumberOf(t.Bytes(t.Props[i].Val), add)
	}
	for i := range t.Nodes {
		n := &t.Nodes[i]
		eachNumberOf(t.Bytes(n.Content), add)
		eachNumberOf(t.Bytes(n.Key), add)
	}
	eachWordOf(ps.change.Raw, add)
	eachNumberOf(ps.change.Raw, add)
	slices.Sort(ps.pageWords)
}

// onPage reports whether the word of hash h is one of ps.pageWords.
func (ps *predictScratch) onPage(h uint64) bool {
	_, ok := slices.BinarySearch(ps.pageWords, h)
	return ok
}

// sharedWordSlots is how many words a lender remembers as shown on other
// instances' pages.
const sharedWordSlots = 64

// sharedWords are the words a lender's lent predictions brought to the
// pages of other instances, by hash, each with the first two instances
// (component hashes) whose pages showed it: a word two other instances
// showed is the component's, not one page's.
type sharedWords struct {
	ents [sharedWordSlots]struct {
		h     uint64
		by    [2]uint64
		stamp uint64
	}
}

// shared reports whether the word of hash h was shown by two instances.
func (sw *sharedWords) shared(h uint64) bool {
	if sw == nil {
		return false
	}
	for i := range sw.ents {
		if e := &sw.ents[i]; e.h == h && e.by[1] != 0 {
			return true
		}
	}
	return false
}

// add records that instance comp's page showed the word of hash h.
func (sw *sharedWords) add(h, comp, clock uint64) {
	comp |= 1
	old := 0
	for i := range sw.ents {
		e := &sw.ents[i]
		if e.h == h {
			switch {
			case e.by[0] == 0:
				e.by[0] = comp
			case e.by[0] != comp && e.by[1] == 0:
				e.by[1] = comp
			}
			e.stamp = clock
			return
		}
		if e.stamp < sw.ents[old].stamp {
			old = i
		}
	}
	sw.ents[old].h, sw.ents[old].by, sw.ents[old].stamp = h, [2]uint64{comp, 0}, clock
}

// numRange is the range of the numbers a model's observations showed for
// its key (the value itself: a count, a page, a boolean as 0 or 1); set
// says one did.
type numRange struct {
	lo, hi float64
	set    bool
}

// noteRange widens m's range by the value of features fs (a value read
// through m's selectors, the first of which is the value itself).
func (m *model) noteRange(fs []outcome.Feature) {
	if len(fs) == 0 {
		return
	}
	x, ok := fs[0].Number()
	r := &m.vrange
	switch {
	case !ok:
	case !r.set:
		r.lo, r.hi, r.set = x, x, true
	case x < r.lo:
		r.lo = x
	case x > r.hi:
		r.hi = x
	}
}

// withinRange reports whether the value of features fs, when a number,
// lies in the range m's observations showed: a lender answers between the
// numbers it saw, never across an edge it never met (the minus button
// enabled past 0, for a counter whose own instance never was at 0, had
// been lent as no change). Only the value itself is held to it: holding
// the numbers derived from it (lengths, counts) and the other keys too
// cost three times the hits for a wrong step fewer on the corpus.
func (m *model) withinRange(fs []outcome.Feature) bool {
	if len(fs) == 0 {
		return true
	}
	x, ok := fs[0].Number()
	return !ok || m.vrange.set && x >= m.vrange.lo && x <= m.vrange.hi
}
