package outcome

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/cespare/xxhash/v2"
	"github.com/minimact/engine/runtime/predict/internal/memsize"
	"github.com/minimact/engine/runtime/predict/snapshot"
)

// An Outcome is what a slot shows: a text, a prop value, an encoded subtree
// or child order, or nothing.
type Outcome struct {
	Bytes  []byte
	Absent bool // a prop that is not there, a conditional child that is not
	Raw    bool // a prop value that is raw JSON
}

// Eq reports whether o and p are the same outcome.
func (o Outcome) Eq(p Outcome) bool {
	return o.Absent == p.Absent && o.Raw == p.Raw && bytes.Equal(o.Bytes, p.Bytes)
}

const (
	entNum     = 1 << iota // the key is numeric (num is set)
	entStr                 // str holds the key's string
	entMulti               // seen with two different whole values, one outcome
	entCat                 // the key is categorical
	entConf                // the key's last two outcomes differed
	entWasConf             // the key was seen with two outcomes, once at least
)

type entry struct {
	key   uint64
	num   float64
	str   []byte
	whole uint64
	stamp uint32
	out   int16 // index into outs of the latest outcome
	flags uint8
	// seen packs two saturating counts into a byte (an entry stays 56
	// bytes): in its low 2 bits the times the key was come back to with its
	// outcome (only 0, 1 and 2 or more matter: comeBacks), in its high 6 the
	// changes of the whole state it was come back to in with its outcome
	// (states)
	seen uint8
}

const (
	seenBits  = 2
	seenMask  = 1<<seenBits - 1
	maxStates = 1<<(8-seenBits) - 1
)

// comeBacks is how many times the key was come back to with its outcome,
// up to 3.
func (e *entry) comeBacks() uint8 { return e.seen & seenMask }

// states is how many changes of the whole state the key was come back to
// in with its outcome, up to maxStates.
func (e *entry) states() uint8 { return e.seen >> seenBits }

func (e *entry) setCounts(comeBacks, states uint8) {
	e.seen = min(comeBacks, seenMask) | min(states, maxStates)<<seenBits
}

// gen caches what a table allows for unseen keys.
type gen struct {
	classes    int8 // distinct outcomes among consistent entries, up to 4 (4: four or more)
	a, b       int16
	na, nb     int32
	keyA, keyB uint64
	seenA      bool // the one key of class a (b) was come back to
	seenB      bool
	emptyA     bool // the one key of class a (b) is the empty string
	emptyB     bool
	recurring  bool // most keys were come back to: a closed domain
	thr        bool
	lo, hi     int16
	loMax      float64
	hiMin      float64
	// runs: with three classes over numbers whose ranges do not overlap
	// (false for 0, mixed for 1 to 12, true for 13), each class's range
	// [rmin, rmax] and outcome
	runs       bool
	rout       [3]int16
	rmin, rmax [3]float64
}

type table struct {
	ents      []entry // sorted by key
	conflicts int32   // entries with entConf
	support   int32   // entries with entMulti
	events    int32   // conflicts ever seen
	// the generalization's record: new keys it answered (before they were
	// learned), and those it answered wrong
	tests, fails int32
	// hits counts the samples whose outcome differed from the previous
	// sample's and whose key the table had seen with it: changes of the
	// outcome it foresaw
	hits int32
	// tracked and missed count the samples whose outcome differed from
	// the previous sample's with the table's feature changed, and
	// unchanged
	tracked, missed int32
	// text typed (a string or its length): clean counts the runs of
	// non-empty texts that began and ended at the empty string with one
	// outcome throughout (a message typed and sent), run the current run's
	// outcome (-1 none, -2 it changed)
	clean int32
	run   int16
	g     gen
}

// reliable says whether the table may answer: no standing conflict, and
// past conflicts rare beside the keys that generalized.
func (t *table) reliable() bool { return t.conflicts == 0 && t.events*4 <= t.support }

// trusted says whether the table may answer its entry e: a key seen with
// two outcomes is unknown (even when its latest outcome came again), and in
// a table with conflicts only keys seen in two states with one outcome
// answer, while they outnumber the conflicts.
func (t *table) trusted(e *entry) bool {
	if e.out < 0 || e.flags&(entConf|entWasConf) != 0 {
		return false
	}
	return t.reliable() || e.flags&entMulti != 0 && t.conflicts*2 <= t.support || t.sufficient(e)
}

// sufficientStates is how many states a key must have been come back to
// with one outcome, and never another, to answer in a table whose other
// keys conflict: the key alone decides it (a timer's reset button is
// enabled while it runs, whatever the time left; disabled or not when it
// is stopped).
const sufficientStates = 8

// generalizes says whether the table may answer keys it has not seen: it
// is reliable and its generalization was confirmed on a new key (and wrong
// on at most one new key in four).
func (t *table) generalizes() bool {
	return t.reliable() && t.tests >= 1 && t.fails*4 <= t.tests
}

// A Learner learns one slot's outcome (a text, a prop value or its absence,
// a subtree, a child order) as a function of the state value, from samples
// (selector values → outcome):
//
//   - tables, one per selector, from the selector's value to the outcome; a
//     key seen with two outcomes is a conflict, and a table with conflicts
//     is not used;
//   - for keys never seen, the generalizations a table allows when its
//     outcomes fall in two classes: a threshold over a numeric selector
//     (disabled when count <= 0), or equality with the one key of a class
//     (the active tab); all that apply must agree;
//   - text templates (text and prop slots only), kept while they render
//     every sample but a few exceptions, which the tables answer.
//
// Predict answers only when what it knows agrees; otherwise it is silent.
// The zero Learner is not ready: use NewLearner.
type Learner struct {
	outs    []Outcome
	outH    []uint64 // the outcomes' hashes
	tabs    []table
	tmpls   []tmpl
	prevSV  []Feature
	prevOut int16 // -1 when none
	stamp   uint32
	text    bool // templates allowed
}

const (
	maxOutcomes = 64
	maxEntries  = 64
)

// NewLearner returns an empty learner; text allows templates (texts and
// prop values).
func NewLearner(text bool) Learner { return Learner{prevOut: -1, text: text} }

// Outcomes is the number of distinct outcomes the learner holds.
func (l *Learner) Outcomes() int { return len(l.outs) }

func outHash(o Outcome) uint64 {
	h := xxhash.Sum64(o.Bytes)
	if o.Absent {
		h ^= 0x55
	}
	if o.Raw {
		h ^= 0xaa00
	}
	return h
}

// outIndex returns the index of o (whose hash is h) in outs, or -1.
func (l *Learner) outIndex(o Outcome, h uint64) int16 {
	for i, x := range l.outH {
		if x == h && l.outs[i].Eq(o) {
			return int16(i)
		}
	}
	return -1
}

// intern returns the index of o in outs, adding it; -1 when full.
func (l *Learner) intern(o Outcome) int16 {
	h := outHash(o)
	if i := l.outIndex(o, h); i >= 0 {
		return i
	}
	if len(l.outs) >= maxOutcomes {
		l.collect()
		if len(l.outs) >= maxOutcomes {
			return -1
		}
	}
	l.outs = append(l.outs, Outcome{Bytes: clone(o.Bytes), Absent: o.Absent, Raw: o.Raw})
	l.outH = append(l.outH, h)
	return int16(len(l.outs) - 1)
}

// collect drops outcomes no entry uses, and when none can go, the oldest
// entries' outcomes.
func (l *Learner) collect() {
	for i := range l.tabs {
		if l.tabs[i].run >= 0 {
			l.tabs[i].run = -2 // its outcome's index may change: the run counts no more
		}
	}
	used := make([]bool, len(l.outs))
	if l.prevOut >= 0 {
		used[l.prevOut] = true
	}
	for ti := range l.tabs {
		for _, e := range l.tabs[ti].ents {
			if e.out >= 0 {
				used[e.out] = true
			}
		}
	}
	n := 0
	for _, u := range used {
		if u {
			n++
		}
	}
	if n >= maxOutcomes {
		// forget the oldest half of every table
		for ti := range l.tabs {
			t := &l.tabs[ti]
			if len(t.ents) < 2 {
				continue
			}
			stamps := make([]uint32, len(t.ents))
			for i, e := range t.ents {
				stamps[i] = e.stamp
			}
			sort.Slice(stamps, func(i, j int) bool { return stamps[i] < stamps[j] })
			cut := stamps[len(stamps)/2]
			t.ents = filterEntries(t.ents, func(e *entry) bool { return e.stamp >= cut })
			t.recount()
		}
		l.prevOut = -1
		clear(used)
		for ti := range l.tabs {
			for _, e := range l.tabs[ti].ents {
				if e.out >= 0 {
					used[e.out] = true
				}
			}
		}
	}
	remap := make([]int16, len(l.outs))
	k := 0
	for i := range l.outs {
		if used[i] {
			l.outs[k] = l.outs[i]
			l.outH[k] = l.outH[i]
			remap[i] = int16(k)
			k++
		} else {
			remap[i] = -1
		}
	}
	clear(l.outs[k:])
	l.outs = l.outs[:k]
	l.outH = l.outH[:k]
	if l.prevOut >= 0 {
		l.prevOut = remap[l.prevOut]
	}
	for ti := range l.tabs {
		t := &l.tabs[ti]
		for i := range t.ents {
			if t.ents[i].out >= 0 {
				t.ents[i].out = remap[t.ents[i].out]
			}
		}
		t.regen()
	}
}

func filterEntries(es []entry, keep func(*entry) bool) []entry {
	k := 0
	for i := range es {
		if keep(&es[i]) {
			es[k] = es[i]
			k++
		}
	}
	clear(es[k:])
	return es[:k]
}

func (t *table) find(key uint64) int {
	lo, hi := 0, len(t.ents)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if t.ents[m].key < key {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(t.ents) && t.ents[lo].key == key {
		return lo
	}
	return -lo - 1
}

func (t *table) recount() {
	t.conflicts, t.support = 0, 0
	for _, e := range t.ents {
		if e.flags&entConf != 0 {
			t.conflicts++
		} else if e.flags&entMulti != 0 {
			t.support++
		}
	}
	t.regen()
}

// add records key → out; it reports whether the key was new or its
// outcome differs from the one recorded.
func (t *table) add(v *Feature, whole uint64, out int16, stamp uint32) (changed bool) {
	before := t.g.classes
	i := t.find(v.hash)
	if i >= 0 {
		e := &t.ents[i]
		e.stamp = stamp
		if e.out != out {
			// a conflict: the key is not (or no longer) a function of the
			// value; the latest outcome is kept, unconfirmed
			e.out = out
			if e.flags&entMulti != 0 {
				e.flags &^= entMulti
				t.support--
			}
			if e.flags&entConf == 0 {
				e.flags |= entConf | entWasConf
				t.conflicts++
			}
			t.events++
			t.regenAdd(before)
			return true
		}
		if e.flags&entConf != 0 {
			// confirmed again: the conflict heals
			e.flags &^= entConf
			t.conflicts--
			e.whole = whole
			t.regenAdd(before)
			return true
		}
		if e.whole != whole {
			if e.flags&entMulti == 0 {
				e.flags |= entMulti
				t.support++
			}
			e.setCounts(e.comeBacks(), e.states()+1)
		}
		if n := e.comeBacks(); n < seenMask {
			e.setCounts(n+1, e.states())
			if n+1 == 2 {
				t.regenAdd(before)
			}
		}
		e.whole = whole
		return false
	}
	// a new key: what the generalization would have answered is its test
	if o, ok := t.rule(v); ok {
		t.tests++
		if o != out {
			t.fails++
		}
	}
	if len(t.ents) >= maxEntries {
		// forget the least recently seen quarter of the keys
		stamps := make([]uint32, 0, maxEntries)
		for j := range t.ents {
			stamps = append(stamps, t.ents[j].stamp)
		}
		slices.Sort(stamps)
		cut := stamps[len(stamps)/4]
		t.ents = filterEntries(t.ents, func(e *entry) bool { return e.stamp > cut })
		t.recount()
		before = t.g.classes
		i = t.find(v.hash)
	}
	at := -i - 1
	e := entry{key: v.hash, whole: whole, out: out, stamp: stamp, seen: 1}
	if v.isNum {
		e.flags |= entNum
		e.num = v.num
	}
	if v.isStr && len(v.str) <= maxKeyStrBytes {
		e.flags |= entStr
		e.str = clone(v.str)
		if e.str == nil {
			e.str = []byte{}
		}
	}
	if v.cat {
		e.flags |= entCat
	}
	t.ents = append(t.ents, entry{})
	copy(t.ents[at+1:], t.ents[at:])
	t.ents[at] = e
	t.regenAdd(before)
	return true
}

// regenAdd is regen after an addition to a table whose entries had
// before classes: when they fall in other classes, the generalization is
// another rule, whose record starts afresh.
func (t *table) regenAdd(before int8) {
	t.regen()
	if t.g.classes != before {
		t.tests, t.fails = 0, 0
	}
}

// regen recomputes what the table allows for unseen keys.
func (t *table) regen() {
	g := gen{a: -1, b: -1, lo: -1, hi: -1}
	allNum := true
	var minA, maxA, minB, maxB, minC, maxC float64
	c := int16(-1)
	back, n := 0, 0
	for i := range t.ents {
		e := &t.ents[i]
		if e.out < 0 || e.flags&entConf != 0 {
			continue
		}
		n++
		if e.comeBacks() >= 2 {
			back++
		}
		if e.flags&entNum == 0 {
			allNum = false
		}
		switch {
		case g.classes >= 1 && e.out == g.a:
			g.na++
			minA, maxA = min(minA, e.num), max(maxA, e.num)
		case g.classes >= 2 && e.out == g.b:
			g.nb++
			minB, maxB = min(minB, e.num), max(maxB, e.num)
		case g.classes >= 3 && e.out == c:
			minC, maxC = min(minC, e.num), max(maxC, e.num)
		case g.classes == 0:
			g.classes, g.a, g.na, g.keyA, g.seenA, minA, maxA = 1, e.out, 1, e.key, e.comeBacks() >= 2, e.num, e.num
			g.emptyA = e.flags&entStr != 0 && len(e.str) == 0
		case g.classes == 1:
			g.classes, g.b, g.nb, g.keyB, g.seenB, minB, maxB = 2, e.out, 1, e.key, e.comeBacks() >= 2, e.num, e.num
			g.emptyB = e.flags&entStr != 0 && len(e.str) == 0
		case g.classes == 2:
			g.classes, c, minC, maxC = 3, e.out, e.num, e.num
		default:
			g.classes = 4
		}
	}
	g.recurring = back*2 >= n
	// a threshold needs more than one key on one side at least
	if g.classes == 2 && allNum && g.na+g.nb >= 3 {
		switch {
		case maxA < minB:
			g.thr, g.lo, g.hi, g.loMax, g.hiMin = true, g.a, g.b, maxA, minB
		case maxB < minA:
			g.thr, g.lo, g.hi, g.loMax, g.hiMin = true, g.b, g.a, maxB, minA
		}
	}
	if g.classes == 3 && allNum {
		g.rout = [3]int16{g.a, g.b, c}
		g.rmin, g.rmax = [3]float64{minA, minB, minC}, [3]float64{maxA, maxB, maxC}
		g.runs = true
		for i := 0; i < 3; i++ {
			for j := i + 1; j < 3; j++ {
				if g.rmin[i] <= g.rmax[j] && g.rmin[j] <= g.rmax[i] {
					g.runs = false // the ranges overlap
				}
			}
		}
	}
	t.g = g
}

// answer is the table's outcome for v: from its entry when it trusts it,
// or generalized when it may.
func (t *table) answer(v *Feature) (int16, bool) { return t.answerAt(v, t.find(v.hash)) }

// answerAt is answer with i, v's index in the table (find).
func (t *table) answerAt(v *Feature, i int) (int16, bool) {
	if i >= 0 {
		e := &t.ents[i]
		return e.out, t.trusted(e)
	}
	if !t.generalizes() {
		return -1, false
	}
	return t.generalize(v)
}

// generalize is what the table's entries say of a key it has not seen:
// with one class (of three keys or more), that class; with two, the side
// of a threshold over numbers, or for a key of a closed domain (one whose
// keys come back), the class of the keys other than a class's one key
// ("== keyA ? A : B", the active tab). Every rule that applies must agree.
func (t *table) generalize(v *Feature) (int16, bool) {
	g := &t.g
	if v.typed && (g.classes != 2 || !g.thr || g.loMax < 1 && t.clean < cleanRuns) {
		// a string's length: only a threshold above the empty string ("at
		// least 8 characters"), or "not empty" once texts were typed and
		// cleared with one outcome throughout (cleanRuns); that every code
		// typed so far shows "Invalid code" says nothing of a longer one,
		// nor does a length that came once with each outcome
		return -1, false
	}
	return t.rule(v)
}

// rule is what the table's rule says of a key it has not seen, whether or
// not the key's kind lets it answer (generalize): its record of tests
// counts the rule.
func (t *table) rule(v *Feature) (int16, bool) {
	g := &t.g
	switch g.classes {
	case 1:
		if g.na >= 3 {
			return g.a, true
		}
	case 2:
		ans, n := int16(-1), 0
		vote := func(o int16) bool {
			if n > 0 && ans != o {
				return false
			}
			ans, n = o, n+1
			return true
		}
		if g.thr && v.isNum {
			switch {
			case v.num <= g.loMax:
				if !vote(g.lo) {
					return -1, false
				}
			case v.num >= g.hiMin:
				if !vote(g.hi) {
					return -1, false
				}
			default:
				return -1, false // between the classes: unknown
			}
		}
		// equality: numbers, or strings of a closed domain (not typed text),
		// but never "not the empty string": text typed with a few letters
		// taken back comes back to its keys too, and its error shows until
		// the text is valid ("ana@example." → "ana@example.c")
		if v.cat && (v.isNum || g.recurring) && !v.typed {
			typedOK := t.clean >= cleanRuns
			if g.na == 1 && (v.isNum || g.seenA && (!g.emptyA || typedOK)) && !vote(g.b) { // "== keyA ? A : B", and v is not keyA
				return -1, false
			}
			if g.nb == 1 && (v.isNum || g.seenB && (!g.emptyB || typedOK)) && !vote(g.a) {
				return -1, false
			}
		}
		return ans, n > 0
	case 3:
		// a key inside one class's range, of ranges that do not overlap:
		// that class (between two ranges, or beyond them: unknown)
		if g.runs && v.isNum {
			for r := range g.rout {
				if g.rmin[r] < v.num && v.num < g.rmax[r] {
					return g.rout[r], true
				}
			}
		}
	}
	return -1, false
}

// Observe learns one sample: features sv and outcome o (buf is
// scratch space). It reports whether what the learner holds grew.
func (l *Learner) Observe(sv []Feature, o Outcome, buf *[]byte) bool {
	l.runs(sv, o)
	// the sample just seen again (a host's old tree is its previous new one)
	w := wholeOf(sv)
	if l.prevOut >= 0 && len(sv) > 0 && len(sv) == len(l.prevSV) && sv[w].hash == l.prevSV[w].hash && l.outs[l.prevOut].Eq(o) {
		return false
	}
	if l.explained(sv, o) {
		return false
	}
	// a learner with some evidence that already answers this sample right
	// learns nothing from it
	if len(l.tabs) > 0 && len(l.tabs[0].ents) >= 32 {
		start := len(*buf)
		got, ok := l.Predict(sv, buf)
		same := ok && got.Eq(o)
		*buf = (*buf)[:start]
		if same {
			return false
		}
	}
	l.stamp++
	idx := l.intern(o)
	if idx < 0 {
		return true
	}
	for len(l.tabs) < len(sv) {
		l.tabs = append(l.tabs, table{g: gen{a: -1, b: -1, lo: -1, hi: -1}, run: -1})
	}
	// a table that knew the outcome a change brought (its key was seen with
	// it) is one the outcome may follow
	if l.prevOut >= 0 && l.prevOut != idx {
		for i := range sv {
			t := &l.tabs[i]
			// text typed into an empty field, or cleared, changes every
			// shape: no shape tracked or foresaw that
			typing := sv[i].shape && (len(l.prevSV) != len(sv) || l.prevSV[i].num == 0 || sv[i].num == 0)
			if sv[i].ok && len(l.prevSV) == len(sv) {
				switch {
				case sv[i].hash == l.prevSV[i].hash:
					t.missed = min(t.missed+1, math.MaxInt32-1)
				case !typing:
					t.tracked = min(t.tracked+1, math.MaxInt32-1)
				}
			}
			if !sv[i].ok || t.hits == math.MaxInt32 || typing {
				continue
			}
			if j := t.find(sv[i].hash); j >= 0 && t.ents[j].out == idx && t.ents[j].flags&(entConf|entWasConf) == 0 {
				t.hits++
			}
		}
	}
	// a key of the value's table is confirmed by two states with one
	// outcome; a key of a feature's, by two values
	verified := make([]bool, 0, 8)
	for i := range sv {
		changed := false
		if sv[i].ok {
			whole := sv[0].hash
			if i == 0 {
				whole = sv[w].hash
			}
			changed = l.tabs[i].add(&sv[i], whole, idx, l.stamp)
		}
		verified = append(verified, changed)
	}
	// templates are checked once per key (and again when its outcome
	// changes) of a selector they read
	k := 0
	for i := range l.tmpls {
		t := &l.tmpls[i]
		check := false
		for s, v := range verified {
			if v && t.reads(s) {
				check = true
				break
			}
		}
		if check {
			if !o.Absent && t.match(sv, o.Bytes) {
				t.matches++
			} else {
				t.misses++
			}
		}
		if !t.dead() {
			l.tmpls[k] = l.tmpls[i]
			k++
		}
	}
	clear(l.tmpls[k:])
	l.tmpls = l.tmpls[:k]
	// no template left: propose some from this sample and the previous one
	if l.text && len(l.tmpls) == 0 && l.prevOut >= 0 && l.prevOut != idx && !o.Absent && !l.outs[l.prevOut].Absent && len(l.prevSV) == len(sv) {
		for _, t := range deriveTemplates(l.outs[l.prevOut].Bytes, l.prevSV, o.Bytes, sv) {
			if t.single() {
				t.matches, t.misses = 0, 0
				l.validate(&t)
			} else {
				t.matches, t.misses = 2, 0 // the pair it was fitted on
			}
			if !t.dead() {
				dup := false
				for i := range l.tmpls {
					if l.tmpls[i].equal(&t) {
						dup = true
					}
				}
				if !dup {
					l.tmpls = append(l.tmpls, t)
				}
			}
		}
	}
	l.prevSV = copySV(l.prevSV[:0], sv)
	l.prevOut = idx
	return true
}

// wholeOf is the index of the feature that names the state a sample was in:
// the whole state's when the change carried it, else the value's (0).
func wholeOf(sv []Feature) int {
	for i := len(sv) - 1; i > 0; i-- {
		if sv[i].whole {
			return i
		}
	}
	return 0
}

// explained handles a sample every usable template renders, whose key no
// table holds with another outcome: the templates count a match, and the
// tables need not learn what the templates say.
func (l *Learner) explained(sv []Feature, o Outcome) bool {
	if !l.text || len(l.tmpls) == 0 || o.Absent {
		return false
	}
	n := 0
	for i := range l.tmpls {
		t := &l.tmpls[i]
		if !t.usable() {
			continue
		}
		if !t.match(sv, o.Bytes) {
			return false
		}
		if t.single() && int(t.sel) < len(l.tabs) && int(t.sel) < len(sv) && sv[t.sel].ok {
			tab := &l.tabs[t.sel]
			if j := tab.find(sv[t.sel].hash); j >= 0 && (int(tab.ents[j].out) >= len(l.outs) || !l.outs[tab.ents[j].out].Eq(o)) {
				return false
			}
		}
		n++
	}
	if n == 0 {
		return false
	}
	for i := range l.tmpls {
		if l.tmpls[i].usable() {
			l.tmpls[i].matches++
		}
	}
	return true
}

// validate counts the template's matches and misses over the entries of
// its selector's table (a template of one selector).
func (l *Learner) validate(t *tmpl) {
	if int(t.sel) >= len(l.tabs) {
		t.misses = 1 << 20
		return
	}
	sv := make([]Feature, t.sel+1)
	for _, e := range l.tabs[t.sel].ents {
		v := Feature{ok: true}
		if e.flags&entNum != 0 {
			v.isNum, v.num = true, e.num
		}
		if e.flags&entStr != 0 {
			v.isStr, v.str = true, e.str
		}
		if !v.isNum && !v.isStr {
			continue
		}
		sv[t.sel] = v
		if e.out < 0 || e.flags&entConf != 0 {
			continue
		}
		if !l.outs[e.out].Absent && t.match(sv, l.outs[e.out].Bytes) {
			t.matches++
		} else {
			t.misses++
		}
	}
}

func copySV(dst, sv []Feature) []Feature {
	for _, v := range sv {
		if v.str != nil {
			v.str = clone(v.str)
			if v.str == nil {
				v.str = []byte{}
			}
		}
		dst = append(dst, v)
	}
	return dst
}

// Predict returns the learned outcome for sv. A rendered template's bytes are
// appended to *buf (the outcome views them).
func (l *Learner) Predict(sv []Feature, buf *[]byte) (Outcome, bool) {
	if len(sv) == 0 || len(l.tabs) == 0 {
		return Outcome{}, false
	}
	// 0. the whole state was seen: a replay, while the table of states
	// is a function (it never conflicted, or hardly)
	if w := wholeOf(sv); w > 0 && w < len(l.tabs) && sv[w].ok {
		t := &l.tabs[w]
		if i := t.find(sv[w].hash); i >= 0 {
			e := &t.ents[i]
			if e.out >= 0 && e.flags&entConf == 0 && t.conflicts == 0 && t.events*16 <= int32(len(t.ents)) {
				return l.outs[e.out], true
			}
		}
	}
	// 1. the value itself was seen, unless a key that decides the outcome
	// alone says otherwise (the time left at the preset showed a disabled
	// reset button while the timer was stopped, not while it runs)
	if sv[0].ok {
		if i := l.tabs[0].find(sv[0].hash); i >= 0 {
			if e := &l.tabs[0].ents[i]; l.tabs[0].trusted(e) {
				if l.overruled(sv, e.out) {
					return Outcome{}, false
				}
				return l.outs[e.out], true
			}
		}
	}
	// 2. templates; a key their selector's table has seen answers as seen
	// (the template's exceptions: "1 item left" beside "{x} items left"); a
	// template that cannot render the value (not confirmed there) abstains,
	// and those that render must agree
	if o, found, ok := l.templated(sv, buf, false); !ok {
		return Outcome{}, false
	} else if found {
		return o, true
	}
	// 3. tables: each answers a key it trusts, or one it has not seen when
	// it generalizes; those with support (keys seen in two states with one
	// outcome) when any of them answers, else all; they must agree. A table
	// of one class (a feature never seen changing with the outcome, or one
	// read only since the outcome last changed) says nothing, unless the
	// outcome never changed either (an item's constant prop), nor the keys
	// of one that never foresaw a change of the outcome (a member that did
	// not change while the outcome did not either), nor a feature's key
	// seen with one value only ("WINTER", for every code of six letters).
	// A feature that changed and may decide the outcome (undecided) but does
	// not know its new value silences the others.
	ans, sup := int16(-1), int16(-1)
	for i := range l.tabs {
		t := &l.tabs[i]
		if i >= len(sv) || !sv[i].ok {
			continue
		}
		o, ok := int16(-1), false
		if t.g.classes < 2 && len(l.outs) > 1 {
			// one class says nothing, but a key that decides alone does
			if j := t.find(sv[i].hash); j >= 0 && t.sufficient(&t.ents[j]) {
				o, ok = t.ents[j].out, true
			}
		} else {
			j := t.find(sv[i].hash)
			o, ok = t.answerAt(&sv[i], j)
			if ok && j >= 0 && len(l.outs) > 1 && (t.hits == 0 && !t.sufficient(&t.ents[j]) || i > 0 && t.ents[j].flags&entMulti == 0 && l.echoes(&t.ents[j])) && !l.tracks(sv, i, j) {
				// a key seen in one state only says nothing of itself, but
				// a confirmed generalization of a table that foresaw
				// changes answers it as it would a new key, when it agrees
				// with what the key showed (the count of done items is 3:
				// "Clear completed" shows, as for every count from 1)
				ok = false
				if t.hits > 0 && t.generalizes() {
					if g, gok := t.generalize(&sv[i]); gok && g == o {
						ok = true
					}
				}
			}
		}
		if !ok {
			if l.undecided(sv, i) {
				return Outcome{}, false
			}
			continue
		}
		if t.support > 0 {
			if sup >= 0 && sup != o {
				return Outcome{}, false
			}
			sup = o
		}
		if ans == -2 || ans >= 0 && ans != o {
			ans = -2 // the tables without support disagree
		} else {
			ans = o
		}
	}
	if sup >= 0 {
		ans = sup
	}
	if ans < 0 || int(ans) >= len(l.outs) {
		return Outcome{}, false
	}
	return l.outs[ans], true
}

// templated is what the learner's usable templates say of sv (Predict's
// step 2): found when one renders, ok false when they disagree or a key
// seen as absent says the outcome is absent.
func (l *Learner) templated(sv []Feature, buf *[]byte, numbers bool) (Outcome, bool, bool) {
	var res []byte
	found := false
	for i := range l.tmpls {
		t := &l.tmpls[i]
		if !t.usable() || numbers && t.readsText() {
			continue
		}
		start := len(*buf)
		var out []byte
		if t.single() && int(t.sel) < len(l.tabs) && int(t.sel) < len(sv) && sv[t.sel].ok {
			tab := &l.tabs[t.sel]
			if j := tab.find(sv[t.sel].hash); j >= 0 {
				e := &tab.ents[j]
				if e.flags&entConf == 0 && int(e.out) < len(l.outs) {
					o := l.outs[e.out]
					if o.Absent {
						return Outcome{}, false, false
					}
					out = append(*buf, o.Bytes...)
				}
			}
		}
		if out == nil {
			var ok bool
			out, ok = t.render(*buf, sv)
			if !ok {
				*buf = out[:start]
				continue
			}
		}
		*buf = out
		if found {
			if !bytes.Equal(res, out[start:]) {
				return Outcome{}, false, false
			}
			*buf = out[:start]
			continue
		}
		res, found = out[start:len(out):len(out)], true
	}
	if found {
		return Outcome{Bytes: res}, true, true
	}
	return Outcome{}, false, true
}

// Recall is Predict without generalizing: the outcome of the value itself
// when its table trusts its key, else what the usable templates render.
// A count of results answers so: no threshold over the counts seen says
// that 2 results are "1 result".
func (l *Learner) Recall(sv []Feature, buf *[]byte) (Outcome, bool) {
	return l.recall(sv, buf, false)
}

// RecallNumbers is Recall with only the templates whose holes are all
// numbers: what a text typed shows of its length ("5/200") answers, and
// what shows the text itself does not ("“SAVE1” is not a valid code" says
// nothing of "SAVE10").
func (l *Learner) RecallNumbers(sv []Feature, buf *[]byte) (Outcome, bool) {
	return l.recall(sv, buf, true)
}

func (l *Learner) recall(sv []Feature, buf *[]byte, numbers bool) (Outcome, bool) {
	if len(sv) == 0 || len(l.tabs) == 0 {
		return Outcome{}, false
	}
	if sv[0].ok {
		if i := l.tabs[0].find(sv[0].hash); i >= 0 {
			if e := &l.tabs[0].ents[i]; l.tabs[0].trusted(e) || e.out >= 0 && e.flags&(entConf|entWasConf) == 0 {
				return l.outs[e.out], true
			}
		}
	}
	o, found, ok := l.templated(sv, buf, numbers)
	return o, found && ok
}

// sufficient reports whether entry e of table t decides its outcome alone:
// another key of the table conflicted (the outcome is not a function of the
// feature), and e was come back to in sufficientStates states with one
// outcome and never another.
func (t *table) sufficient(e *entry) bool {
	return t.events > 0 && e.states() >= sufficientStates && e.out >= 0 && e.flags&(entConf|entWasConf) == 0
}

// overruled reports whether a table other than the value's has, for sv, a
// key that decides the outcome alone (sufficient) and says another than out.
func (l *Learner) overruled(sv []Feature, out int16) bool {
	for i := 1; i < len(l.tabs) && i < len(sv); i++ {
		t := &l.tabs[i]
		if !sv[i].ok || t.events == 0 {
			continue
		}
		if j := t.find(sv[i].hash); j >= 0 && t.sufficient(&t.ents[j]) && t.ents[j].out != out {
			return true
		}
	}
	return false
}

// tracks reports whether table i, of a string's shape (selShape), may
// answer its key j, the key of the sample a prediction starts from, before
// it foresaw a change: the key was seen in two states, and every change of
// the outcome so far came with a change of the shape and none without
// ("Please enter your first and last name" stays while a one-word name
// grows). A change of the shape itself is not answered so: that is the
// foresight its table has not shown.
func (l *Learner) tracks(sv []Feature, i, j int) bool {
	t := &l.tabs[i]
	return sv[i].shape && len(l.prevSV) == len(sv) && sv[i].hash == l.prevSV[i].hash &&
		t.decides() && t.ents[j].flags&entMulti != 0
}

// runs counts the sample into its tables' runs of typed text (every
// sample, before anything else decides it teaches nothing).
func (l *Learner) runs(sv []Feature, o Outcome) {
	typed := false
	for i := range sv {
		typed = typed || i < len(l.tabs) && sv[i].ok && (sv[i].typed || sv[i].isStr)
	}
	if !typed {
		return // no text: nothing to count, and the outcome is not hashed
	}
	idx := l.outIndex(o, outHash(o))
	for i := range sv {
		if i >= len(l.tabs) || !sv[i].ok || !sv[i].typed && !sv[i].isStr {
			continue
		}
		t := &l.tabs[i]
		if idx < 0 && !emptyText(&sv[i]) {
			t.run = -2 // an outcome never seen: the run's outcome changed
			continue
		}
		t.runOf(&sv[i], idx)
	}
}

// emptyText reports whether f is the empty string or its length.
func emptyText(f *Feature) bool {
	return f.typed && f.num == 0 || f.isStr && len(f.str) == 0
}

// runOf counts text typed (f) with outcome o into the table's runs.
func (t *table) runOf(f *Feature, o int16) {
	switch {
	case emptyText(f):
		if t.run >= 0 && t.clean < math.MaxInt32 {
			t.clean++
		}
		t.run = -1
	case t.run == -1:
		t.run = o
	case t.run != o:
		t.run = -2
	}
}

// cleanRuns is how many runs of typed text make "not the empty string"
// a rule: a coupon's "Invalid code" stays from the first letter until the
// code is valid, as a send button stays enabled, until a message was sent
// twice with the button enabled throughout.
const cleanRuns = 2

// decides says whether the table's feature was seen to decide the outcome:
// a change of the outcome came with a change of the feature, and none
// without. For a shape, the change must be between two texts (from or to
// the empty string every shape changes: the first letter typed shows a
// coupon's "Invalid code" as it shows a name's error).
func (t *table) decides() bool { return t.tracked > 0 && t.missed == 0 }

// echoes reports whether entry e (a feature's key seen with one value)
// may not stand for other values with that feature: a value that is no
// text (a number, an array, an object: its members decide), a name of a
// closed domain, or an outcome that shows the value's string ("“WINTER” is
// not a valid code" is no message of every code of six letters). A text
// typed a letter at a time and its length ("12/200") are not.
func (l *Learner) echoes(e *entry) bool {
	if len(l.tabs) == 0 || int(e.out) >= len(l.outs) {
		return true
	}
	v := &l.tabs[0]
	j := v.find(e.whole)
	if j < 0 {
		return true // the value is not known: assume it is shown
	}
	str := v.ents[j].str
	// the values of a closed domain (an enum that comes back) are names,
	// not texts whose length or letters mean anything
	return v.ents[j].flags&entStr == 0 || v.g.recurring || shows(l.outs[e.out].Bytes, str)
}

// shows reports whether text shows s: holds it, for two bytes or more, or
// holds it as a word of its own, for one ("Hello, g!" shows the name g;
// "Clear completed" does not show the letter e).
func shows(text, s []byte) bool {
	if len(s) >= 2 {
		return bytes.Contains(text, s)
	}
	if len(s) == 0 {
		return false
	}
	for i := 0; i < len(text); i++ {
		if text[i] == s[0] && (i == 0 || !isWordByte(text[i-1])) && (i+1 == len(text) || !isWordByte(text[i+1])) {
			return true
		}
	}
	return false
}

func isWordByte(c byte) bool { return isLetter(c) || isDigit(c) || c >= 0x80 }

// undecided reports whether feature i changed since the previous sample
// (the state a prediction starts from) and is either a member of the value
// never seen changing, or one whose table foresaw changes of the outcome
// (one per two keys at least: its keys come back) and never saw a key with
// two outcomes: when its table cannot answer, what the others answer is not
// known to hold ("an object member never seen changing is assumed to change
// nothing").
func (l *Learner) undecided(sv []Feature, i int) bool {
	if len(l.prevSV) != len(sv) || i == 0 || i >= len(l.tabs) || !sv[i].isNum && !sv[i].isStr {
		return false // the value itself, the state, a pair: a replay, not a rule
	}
	t := &l.tabs[i]
	if sv[i].hash == l.prevSV[i].hash {
		return false
	}
	if len(t.ents) <= 1 && !sv[i].other && !sv[i].shape {
		return true // a member of the value never seen changing (a shape is of one that did)
	}
	if sv[i].shape && t.decides() {
		return true // a shape seen to decide the outcome (tracks)
	}
	return t.hits > 0 && t.hits*2 >= int32(len(t.ents)) && t.events == 0
}

// Code codes what the learner holds (its outcome hashes and the tables'
// generalizations are derived: Validate rebuilds them after reading).
func (l *Learner) Code(c snapshot.Coder) {
	c.Flag("text", &l.text)
	snapshot.U32(c, "stamp", &l.stamp)
	snapshot.I16(c, "prev_out", &l.prevOut, -1, maxOutcomes-1)
	c.List("outcomes", len(l.outs), maxOutcomes, func(i int) {
		if c.Reading() {
			l.outs = append(l.outs, Outcome{})
		}
		o := &l.outs[i]
		c.Bytes("b", &o.Bytes)
		c.Flag("absent", &o.Absent)
		c.Flag("raw", &o.Raw)
	})
	c.List("tables", len(l.tabs), maxSelectors, func(i int) {
		if c.Reading() {
			l.tabs = append(l.tabs, table{})
		}
		l.tabs[i].code(c)
	})
	c.List("templates", len(l.tmpls), maxTemplates, func(i int) {
		if c.Reading() {
			l.tmpls = append(l.tmpls, tmpl{})
		}
		l.tmpls[i].code(c)
	})
	c.List("prev", len(l.prevSV), maxSelectors, func(i int) {
		if c.Reading() {
			l.prevSV = append(l.prevSV, Feature{})
		}
		l.prevSV[i].code(c)
	})
}

func (t *table) code(c snapshot.Coder) {
	snapshot.I32(c, "events", &t.events, 0, math.MaxInt32)
	v2 := c.Version() >= 2
	if v2 {
		snapshot.I32(c, "tests", &t.tests, 0, math.MaxInt32)
		snapshot.I32(c, "fails", &t.fails, 0, t.tests)
		snapshot.I32(c, "hits", &t.hits, 0, math.MaxInt32)
	}
	if c.Version() >= 5 {
		snapshot.I32(c, "tracked", &t.tracked, 0, math.MaxInt32)
		snapshot.I32(c, "missed", &t.missed, 0, math.MaxInt32)
		snapshot.I32(c, "clean", &t.clean, 0, math.MaxInt32)
		snapshot.I16(c, "run", &t.run, -2, maxOutcomes-1)
	} else if c.Reading() {
		t.run = -1
	}
	c.List("entries", len(t.ents), maxEntries, func(j int) {
		if c.Reading() {
			t.ents = append(t.ents, entry{seen: 1})
		}
		e := &t.ents[j]
		c.U64("key", &e.key)
		snapshot.Finite(c, "num", &e.num)
		c.Bytes("str", &e.str)
		c.U64("whole", &e.whole)
		snapshot.U32(c, "stamp", &e.stamp)
		snapshot.I16(c, "out", &e.out, 0, maxOutcomes-1)
		if v2 {
			snapshot.U8(c, "flags", &e.flags, entNum|entStr|entMulti|entCat|entConf|entWasConf)
			seen, states := e.comeBacks(), e.states()
			snapshot.U8(c, "seen", &seen, math.MaxUint8)
			if c.Version() >= 6 {
				snapshot.U8(c, "states", &states, math.MaxUint8)
			}
			if c.Reading() {
				e.setCounts(seen, states)
			}
		} else {
			snapshot.U8(c, "flags", &e.flags, entNum|entStr|entMulti|entCat|entConf)
		}
	})
}

// Validate checks a learner that was read (indices, sorted tables) and
// rebuilds what is derived from it; a Persistence error when it is not
// valid.
func (l *Learner) Validate() error {
	if int(l.prevOut) >= len(l.outs) {
		return snapshot.Error("bad learner")
	}
	l.outH = l.outH[:0]
	for _, o := range l.outs {
		l.outH = append(l.outH, outHash(o))
	}
	for i := range l.tabs {
		t := &l.tabs[i]
		if int(t.run) >= len(l.outs) {
			return snapshot.Error("bad learner")
		}
		for _, e := range t.ents {
			if int(e.out) >= len(l.outs) {
				return snapshot.Error("bad learner")
			}
		}
		slices.SortFunc(t.ents, func(a, b entry) int {
			switch {
			case a.key < b.key:
				return -1
			case a.key > b.key:
				return 1
			}
			return 0
		})
		for j := 1; j < len(t.ents); j++ {
			if t.ents[j].key == t.ents[j-1].key {
				return snapshot.Error("bad learner")
			}
		}
		t.recount()
	}
	return nil
}

// Size is the heap the learner's contents take (the Learner itself aside:
// it is held by value).
func (l *Learner) Size() int64 {
	n := memsize.Slice(l.outs)
	for _, o := range l.outs {
		n += memsize.Bytes(len(o.Bytes))
	}
	n += memsize.Slice(l.tabs)
	for i := range l.tabs {
		t := &l.tabs[i]
		n += memsize.Slice(t.ents)
		for _, e := range t.ents {
			n += memsize.Bytes(len(e.str))
		}
	}
	n += memsize.Slice(l.tmpls)
	for i := range l.tmpls {
		n += memsize.Slice(l.tmpls[i].parts)
		for _, p := range l.tmpls[i].parts {
			n += memsize.Bytes(len(p.lit)) + memsize.Bytes(len(p.sep)) + memsize.Bytes(len(p.sep2)) + memsize.Bytes(len(p.one))
		}
	}
	n += memsize.Slice(l.prevSV)
	for _, v := range l.prevSV {
		n += memsize.Bytes(len(v.str))
	}
	return n
}

// String describes what the learner holds, for people.
func (l *Learner) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d outcomes", len(l.outs))
	for i := range l.tabs {
		t := &l.tabs[i]
		if len(t.ents) == 0 {
			continue
		}
		fmt.Fprintf(&b, "; table %d: %d keys, %d conflicts, support %d, classes %d", i, len(t.ents), t.conflicts, t.support, t.g.classes)
		if t.tests > 0 || t.hits > 0 {
			fmt.Fprintf(&b, ", generalized %d/%d, foresaw %d", t.tests-t.fails, t.tests, t.hits)
		}
		if t.g.thr {
			fmt.Fprintf(&b, " (threshold %g|%g)", t.g.loMax, t.g.hiMin)
		}
	}
	for i := range l.tmpls {
		t := &l.tmpls[i]
		fmt.Fprintf(&b, "; template %q on %d (%d matches, %d misses, %d fitted)", t.String(), t.sel, t.matches, t.misses, t.fitted)
	}
	return b.String()
}

// Why writes, for people, what each part of the learner answers for sv:
// the tables (a trusted key, a generalization, or why not) and the
// templates.
func (l *Learner) Why(sv []Feature) string {
	var b strings.Builder
	for i := range l.tabs {
		if i >= len(sv) || !sv[i].ok {
			continue
		}
		t := &l.tabs[i]
		j := t.find(sv[i].hash)
		o, ok := t.answer(&sv[i])
		why := ""
		switch {
		case t.g.classes < 2 && len(l.outs) > 1:
			why = "one class"
		case ok && j >= 0 && len(l.outs) > 1 && t.hits == 0:
			why = "never foresaw a change"
		case ok && j >= 0 && len(l.outs) > 1 && i > 0 && t.ents[j].flags&entMulti == 0:
			why = "key seen with one value"
		case !ok && l.undecided(sv, i):
			why = "VETO: changed, unknown"
		case !ok && j >= 0:
			why = "untrusted"
		case !ok:
			continue
		}
		if why != "" {
			fmt.Fprintf(&b, "table %d: %s; ", i, why)
			continue
		}
		fmt.Fprintf(&b, "table %d: %d (seen %v, support %d, foresaw %d, tests %d/%d); ", i, o, j >= 0, t.support, t.hits, t.fails, t.tests)
	}
	var buf []byte
	for i := range l.tmpls {
		t := &l.tmpls[i]
		out, ok := t.render(buf[:0], sv)
		fmt.Fprintf(&b, "template %d usable %v: %q %v; ", i, t.usable(), out, ok)
	}
	return b.String()
}

// OutsString lists the outcomes, for people.
func (l *Learner) OutsString() string {
	var b strings.Builder
	for i, o := range l.outs {
		s := string(o.Bytes)
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		if o.Absent {
			s = "<absent>"
		}
		fmt.Fprintf(&b, "%d=%q ", i, s)
	}
	return b.String()
}
