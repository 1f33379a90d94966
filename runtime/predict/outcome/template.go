package outcome

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/minimact/engine/runtime/predict/snapshot"
)

// A template renders a text or prop value from the selectors of the state
// value: literal parts with holes, each hole a selector's value through a
// value function:
//
//	hStr     the string, as is, upper- or lower-cased: "Hello, {s}!"
//	hNum     a·x+b exactly, with fixed decimals, zero padding and thousands
//	         separators: "Count: {x}", "Page {x+1}", "${0.01x:,.2}"
//	hRound   round(a·x) to fixed decimals, a known to an interval that every
//	         sample narrowed, x a selector or the ratio of two: "width: 34%"
//	         (round(100·pos/dur)), "2.4%" (round(100·orders/visitors), 1
//	         decimal), "3.4 MB" (round(x/2²⁰), 1 decimal); for a percentage
//	         also the share left, round(100 + a·x): "--elapsed: 27%" of a
//	         countdown whose total is in no selector
//	hDur     a·x+b seconds as m:ss or h:mm:ss (any short separator):
//	         "1:05", "-1:12:09", "PT24M9S"
//	hSpoken  a·x+b seconds in words: "1 minute 5 seconds"
//	hClock   a·x+b seconds as the time of day on a 12-hour clock:
//	         "3:04 PM", "09:30am" (x seconds, minutes or milliseconds)
//	hDate    a date (an ISO string "2024-03-14…", or a·x seconds since
//	         1970) in one of the common layouts: "Thu, Mar 14, 2024",
//	         "March 14", "14/03/2024"
//
// A template is proposed from a pair of samples (deriveTemplates) and used
// only once a sample it was not fitted on confirmed it. Each numeric hole
// keeps the range of values its samples confirmed, and renders no value
// across a formatting edge outside it (edgesNum: a sign, 1 and 2 for plural
// words, the thousands separators; 100 for a percentage, "Done!" beside
// "99% complete"; 60 for a count of minutes or seconds, 24 of hours, 7
// and 30 of days, "1 hour ago" after "59 min ago"; a minute digit more
// and the hours of a duration): "1
// item" is not extrapolated from "{x} items", nor "1000 visitors" from
// "999 visitors" before a sample says whether it is "1,000". A rounding
// hole renders only when every slope its samples allow rounds to the same
// text.

const (
	hStr uint8 = iota
	hNum
	hRound
	hDur
	hSpoken
	hClock
	hDate
	numHoleKinds
)

type tpart struct {
	lit  []byte
	hole bool  // a value follows lit
	num  bool  // the hole is numeric (any kind but hStr)
	kind uint8 // hStr, hNum, hRound, hDur, hSpoken, hClock, hDate
	sel  int16 // the hole's selector
	sel2 int16 // the selector x is divided (hRound) or multiplied by (op), or -1
	op   int8  // with sel2: 0 x/sel2, 1 x·sel2; hDate: 0 an ISO string, 1 a·x seconds
	// hNum, hDur, hSpoken: a·x+b; hRound: the slope is in [a, b]
	a, b float64
	// hRound: the rounded value is a·x+off; off is 0, or 100 for the share
	// a percentage leaves ("--elapsed: 27%" is 100 − 100·remaining/total)
	off  float64
	dec  int8   // decimals of a number
	pad  int8   // zero-pad the integer part (hDur: the first field; hClock: the hour) to this width; -1 unknown (hDur)
	pad2 int8   // hDur: the width of the other fields (0 or 2); -1 unknown
	cse  int8   // string holes: 0 as is, 1 upper case, 2 lower case (hClock: of AM and PM)
	grp  int8   // numbers: 0 unknown (no sample reached 1,000), 1 plain, 2 thousands separated
	nf   int8   // hDur: fields, 2 (m:ss) or 3 (h:mm:ss)
	sep  []byte // hDur: the separator after the first field; hClock: before AM or PM
	sep2 []byte // hDur: the separator after the second field
	// hNum: above capv (when not 0) the cap and "+" are shown ("99+");
	// one is the literal that follows the hole when its value is 1 ("
	// item" beside " items"), once a sample showed it
	capv float64
	one  []byte
	// lo, hi: the range of the hole's values its samples confirmed
	lo, hi float64
}

type tmpl struct {
	sel     int16 // the first hole's selector (its table holds the exceptions)
	parts   []tpart
	fitted  int32 // samples used to choose it
	matches int32 // samples it rendered exactly (distinct keys)
	misses  int32 // samples it did not
}

const (
	maxTemplates   = 6
	maxTokens      = 8
	maxStrHoles    = 4
	maxKeyStrBytes = 256 // longer string keys are kept as hashes only
	maxCands       = 10  // hole candidates per token
	maxParts       = 2*maxTokens + 2*maxStrHoles + 2
)

// maxMisses is how many exceptions a template with m matches may have.
func maxMisses(m int32) int32 {
	x := m / 4
	if x > 2 {
		x = 2
	}
	return x
}

func (t *tmpl) dead() bool   { return t.misses > maxMisses(t.matches) }
func (t *tmpl) usable() bool { return !t.dead() && t.matches-t.fitted >= 1 }

// readsText reports whether a hole of the template shows a string.
func (t *tmpl) readsText() bool {
	for i := range t.parts {
		if t.parts[i].hole && !t.parts[i].num {
			return true
		}
	}
	return false
}

// single reports whether every hole reads the template's own selector
// (its exceptions and its validation over a table need it).
func (t *tmpl) single() bool {
	if len(t.parts) == 2 && !t.parts[1].hole { // one hole: "Count: {x}"
		p := &t.parts[0]
		return !p.hole || p.sel == t.sel && p.sel2 < 0
	}
	for i := range t.parts {
		if p := &t.parts[i]; p.hole && (p.sel != t.sel || p.sel2 >= 0) {
			return false
		}
	}
	return true
}

// reads reports whether a hole of the template reads selector s.
func (t *tmpl) reads(s int) bool {
	for i := range t.parts {
		if p := &t.parts[i]; p.hole && (int(p.sel) == s || int(p.sel2) == s) {
			return true
		}
	}
	return false
}

// holeX is the number a numeric hole reads.
func (p *tpart) holeX(sv []Feature) (float64, bool) {
	if int(p.sel) >= len(sv) || p.sel < 0 {
		return 0, false
	}
	v := &sv[p.sel]
	if !v.ok || !v.isNum {
		return 0, false
	}
	if p.sel2 < 0 {
		return v.num, true
	}
	if int(p.sel2) >= len(sv) {
		return 0, false
	}
	d := &sv[p.sel2]
	if !d.ok || !d.isNum {
		return 0, false
	}
	if p.op == 1 {
		return v.num * d.num, true
	}
	if d.num == 0 {
		return 0, false
	}
	return v.num / d.num, true
}

// render appends the template's text for the selector values sv. It fails
// where the template is not confirmed: across a formatting edge, a rounding
// its slopes do not agree on, a field width never seen.
func (t *tmpl) render(dst []byte, sv []Feature) ([]byte, bool) {
	for i := range t.parts {
		p := &t.parts[i]
		if i > 0 && t.parts[i-1].one != nil && t.parts[i-1].holeValue(sv) == 1 {
			dst = append(dst, t.parts[i-1].one...) // "1 item"
		} else {
			dst = append(dst, p.lit...)
		}
		if !p.hole {
			continue
		}
		var next []byte
		if i+1 < len(t.parts) {
			next = t.parts[i+1].lit
		}
		var ok bool
		if dst, ok = p.renderHole(dst, sv, true, next); !ok {
			return dst, false
		}
	}
	return dst, true
}

// edgesOf are the formatting edges of a number followed by the literal
// next: a percentage's, or any number's.
func edgesOf(lit, next []byte) []float64 {
	if len(next) > 0 && next[0] == '%' {
		return edgesPct[:]
	}
	// the fields of a time written with colons: after one, minutes or
	// seconds (60); before one, the hours (24: "T23:10", then the next
	// day's "T00:10", never "T28:10")
	if len(lit) > 0 && lit[len(lit)-1] == ':' {
		return edgesSixty[:]
	}
	if len(next) > 1 && next[0] == ':' && next[1] >= '0' && next[1] <= '9' {
		return edgesHours[:]
	}
	if e, ok := unitEdges(next); ok {
		return e
	}
	return edgesNum[:]
}

// renderHole appends the hole's text; strict, only what its samples
// confirmed (next is the literal that follows: a percentage's edges).
func (p *tpart) renderHole(dst []byte, sv []Feature, strict bool, next []byte) ([]byte, bool) {
	if p.kind == hNum && p.sel2 < 0 && p.capv == 0 && p.grp != 2 && p.pad >= 0 && p.dec == 0 && uint(p.sel) < uint(len(sv)) {
		// the common case: an integer, a·x+b of one selector
		v := &sv[p.sel]
		if !v.ok || !v.isNum {
			return dst, false
		}
		y := p.a*v.num + p.b
		if strict && (y < p.lo || y > p.hi) && crosses(edgesOf(p.lit, next), p.lo, p.hi, y) {
			return dst, false
		}
		return appendNum(dst, y, 0, p.pad)
	}
	if p.kind == hStr {
		if int(p.sel) >= len(sv) || p.sel < 0 {
			return dst, false
		}
		v := &sv[p.sel]
		if !v.ok || !v.isStr {
			return dst, false
		}
		return appendCase(dst, v.str, p.cse), true
	}
	if p.kind == hDate {
		d, ok := p.dateOf(sv)
		if !ok || int(p.pad) >= len(dateLayouts) || p.pad < 0 {
			return dst, false
		}
		return d.AppendFormat(dst, dateLayouts[p.pad]), true
	}
	x, ok := p.holeX(sv)
	if !ok {
		return dst, false
	}
	switch p.kind {
	case hNum:
		y := p.a*x + p.b
		if strict && crosses(edgesOf(p.lit, next), p.lo, p.hi, y) {
			return dst, false
		}
		if p.capv > 0 && y > p.capv {
			dst, ok := appendNumber(dst, p.capv, p.dec, p.pad, p.grp == 2)
			return append(dst, '+'), ok
		}
		return appendNumber(dst, y, p.dec, p.pad, p.grp == 2)
	case hRound:
		if p.sel2 >= 0 && !holdsNice(p.a, p.b) {
			return dst, false // a ratio whose samples left no round factor (holdsNice)
		}
		lo, hi := p.a*x+p.off, p.b*x+p.off
		if lo > hi {
			lo, hi = hi, lo
		}
		r1, ok1 := roundTo(lo, p.dec)
		r2, ok2 := roundTo(hi, p.dec)
		if ok1 && ok2 && r1 != r2 {
			// the slopes the samples allow disagree here; when they hold
			// one round factor (100 for a percentage, 2⁻²⁰ for megabytes)
			// in a narrow interval, it is the slope
			if k, ok := niceSlope(p.a, p.b); ok {
				r1, ok1 = roundTo(k*x+p.off, p.dec)
				r2, ok2 = r1, ok1
			}
		}
		if !ok1 || !ok2 || r1 != r2 || strict && crosses(edgesOf(p.lit, next), p.lo, p.hi, r1) {
			return dst, false
		}
		return appendNumber(dst, r1, p.dec, p.pad, p.grp == 2)
	case hDur:
		T := p.a*x + p.b
		de := edgesDur2[:]
		if p.nf == 3 {
			de = edgesDur3[:]
		}
		if isoTime(p.lit) {
			// a time of day after an ISO date's T: its first field is the
			// hours, which carry into the next day at 24
			de = edgesDayDur2[:]
			if p.nf == 3 {
				de = edgesDayDur3[:]
			}
		}
		if strict && crosses(de, p.lo, p.hi, T) {
			return dst, false
		}
		return appendDur(dst, T, p.nf, p.pad, p.pad2, p.sep, p.sep2)
	case hSpoken:
		T := p.a*x + p.b
		if strict && crosses(edgesSpoken[:], p.lo, p.hi, T) {
			return dst, false
		}
		return appendSpoken(dst, T)
	case hClock:
		T := p.a*x + p.b
		if strict && clockCrosses(p.lo, p.hi, T) {
			return dst, false
		}
		return appendClock(dst, T, p.pad, p.sep, p.cse)
	}
	return dst, false
}

// dateOf is the date a date hole reads.
func (p *tpart) dateOf(sv []Feature) (time.Time, bool) {
	if int(p.sel) >= len(sv) || p.sel < 0 || !sv[p.sel].ok {
		return time.Time{}, false
	}
	v := &sv[p.sel]
	if p.op == 0 {
		if !v.isStr {
			return time.Time{}, false
		}
		return isoDate(v.str)
	}
	if !v.isNum {
		return time.Time{}, false
	}
	return epochDate(p.a * v.num)
}

// holeValue is the hole's value for sv as its range counts it (the
// rounded number for hRound).
func (p *tpart) holeValue(sv []Feature) float64 {
	x, _ := p.holeX(sv)
	if p.kind == hRound {
		r, _ := roundTo(p.a*x+p.off, p.dec)
		return r
	}
	return p.a*x + p.b
}

// matching a sample

// holeEdit is what a sample a template matched changes in one of its holes.
type holeEdit struct {
	a, b       float64 // hRound: the narrowed interval
	v          float64 // the value the hole showed
	capv       float64
	one        []byte
	grp        int8
	pad, pad2  int8
	hasV, hasB bool
}

// match reports whether the template renders text for sv: each hole
// renders its part exactly, a rounding hole with a slope its interval
// allows. On a match the holes learn from the sample: their ranges grow, a
// rounding hole's interval narrows, and what a sample first shows (the
// thousands separator, a field's width) is kept.
func (t *tmpl) match(sv []Feature, text []byte) bool {
	if t.plain() {
		// the common case: render and compare, then the ranges grow
		var buf [128]byte
		out, ok := t.renderLoose(buf[:0], sv)
		if ok && bytes.Equal(out, text) {
			for i := range t.parts {
				p := &t.parts[i]
				if !p.hole || !p.num {
					continue
				}
				v := p.a*mustX(p, sv) + p.b
				p.lo, p.hi = min(p.lo, v), max(p.hi, v)
				// what the sample showed, as match learns it
				if p.kind == hNum && p.grp == 0 && math.Abs(v) >= 1000 {
					p.grp = 1
				}
				if v == 1 && p.one == nil && i+1 < len(t.parts) && len(t.parts[i+1].lit) > 0 {
					p.one = clone(t.parts[i+1].lit)
				}
			}
			return true
		}
	}
	var few [4]holeEdit
	edits := few[:]
	if len(t.parts) > len(few) {
		edits = make([]holeEdit, len(t.parts))
	}
	var scratch [64]byte
	pos := 0
	var lit []byte // the literal of the next part, when it is not its own
	for i := range t.parts {
		p := &t.parts[i]
		if lit == nil {
			lit = p.lit
		}
		if !bytes.HasPrefix(text[pos:], lit) {
			return false
		}
		pos += len(lit)
		lit = nil
		if !p.hole {
			continue
		}
		e := &edits[i]
		// the hole's text ends where the next literal starts; after a
		// number that is 1, the literal may be singular ("1 item")
		end := len(text)
		if i+1 < len(t.parts) {
			next := t.parts[i+1].lit
			if p.num && p.holeValue(sv) == 1 {
				switch {
				case p.one != nil:
					next = p.one
				case len(next) > 0 && bytes.Contains(text[pos:], next):
					e.one = next
				default:
					if s := singular(next); s != nil && bytes.Contains(text[pos:], s) {
						next, e.one = s, s
					}
				}
				lit = next
			}
			switch {
			case len(next) > 0:
				j := bytes.Index(text[pos:], next)
				if j < 0 {
					return false
				}
				end = pos + j
			case t.parts[i+1].hole:
				end = -1 // two holes side by side: the first must render exactly
			}
		}
		if !p.matchHole(sv, text, pos, end, e, scratch[:0]) {
			return false
		}
		if end < 0 {
			out, _ := p.renderHole(scratch[:0], sv, false, nil)
			end = pos + len(out)
		}
		pos = end
	}
	if pos != len(text) {
		return false
	}
	for i := range t.parts {
		p, e := &t.parts[i], &edits[i]
		if !p.hole || !p.num {
			continue
		}
		if p.kind == hRound && e.hasB {
			p.a, p.b = e.a, e.b
		}
		p.grp, p.pad, p.pad2, p.capv = e.grp, e.pad, e.pad2, e.capv
		if e.one != nil && p.one == nil {
			p.one = clone(e.one)
			if p.one == nil {
				p.one = []byte{}
			}
		}
		if e.hasV {
			p.lo, p.hi = min(p.lo, e.v), max(p.hi, e.v)
		}
	}
	return true
}

// plain reports whether the template has no rounding hole (whose interval
// every sample narrows): a text it renders as its samples confirmed it
// matches.
func (t *tmpl) plain() bool {
	for i := range t.parts {
		if t.parts[i].hole && t.parts[i].kind == hRound {
			return false
		}
	}
	return true
}

// renderLoose renders the template as its samples confirmed it, with no
// formatting edge.
func (t *tmpl) renderLoose(dst []byte, sv []Feature) ([]byte, bool) {
	for i := range t.parts {
		p := &t.parts[i]
		if i > 0 && t.parts[i-1].one != nil && t.parts[i-1].holeValue(sv) == 1 {
			dst = append(dst, t.parts[i-1].one...)
		} else {
			dst = append(dst, p.lit...)
		}
		if !p.hole {
			continue
		}
		var ok bool
		if dst, ok = p.renderHole(dst, sv, false, nil); !ok {
			return dst, false
		}
	}
	return dst, true
}

func mustX(p *tpart, sv []Feature) float64 {
	x, _ := p.holeX(sv)
	return x
}

// matchHole checks the hole against text[pos:end] (end -1: a prefix of
// text[pos:]) and records in e what it learns.
func (p *tpart) matchHole(sv []Feature, text []byte, pos, end int, e *holeEdit, scratch []byte) bool {
	e.grp, e.pad, e.pad2, e.capv = p.grp, p.pad, p.pad2, p.capv
	seg := text[pos:]
	if end >= 0 {
		seg = text[pos:end]
	}
	same := func(out []byte) bool {
		if end < 0 {
			return bytes.HasPrefix(seg, out)
		}
		return bytes.Equal(seg, out)
	}
	if p.kind == hStr || p.kind == hDate {
		out, ok := p.renderHole(scratch, sv, false, nil)
		return ok && same(out)
	}
	x, ok := p.holeX(sv)
	if !ok {
		return false
	}
	switch p.kind {
	case hNum:
		y := p.a*x + p.b
		e.v, e.hasV = y, true
		grps, pads := []int8{p.grp}, []int8{p.pad}
		if p.grp == 0 && math.Abs(y) >= 1000 {
			grps = []int8{1, 2}
		}
		if p.pad < 0 && math.Abs(y) < 10 {
			pads = []int8{0, 2}
		}
		if p.capv > 0 && y > p.capv {
			out, ok := appendNumber(scratch, p.capv, p.dec, p.pad, p.grp == 2)
			return ok && same(append(out, '+'))
		}
		for _, g := range grps {
			for _, w := range pads {
				if out, ok := appendNumber(scratch, y, p.dec, w, g == 2); ok && same(out) {
					e.grp, e.pad = g, w
					return true
				}
			}
		}
		// a cap: "99+" for any value above 99
		if end >= 0 && p.capv == 0 && len(seg) > 1 && seg[len(seg)-1] == '+' {
			c, dec, grouped, ok := parseShown(seg[:len(seg)-1])
			if ok && dec == p.dec && c > 0 && c < y && (!grouped || p.grp != 1) {
				if out, ok := appendNumber(scratch, c, p.dec, max(p.pad, 0), grouped); ok && bytes.Equal(out, seg[:len(seg)-1]) {
					e.capv = c
					return true
				}
			}
		}
		return false
	case hRound:
		if end < 0 {
			return false
		}
		y, dec, grouped, ok := parseShown(seg)
		if !ok || dec != p.dec || grouped && p.grp == 1 || !grouped && math.Abs(y) >= 1000 && p.grp == 2 {
			return false
		}
		if out, ok := appendNumber(scratch, y, p.dec, p.pad, grouped); !ok || !bytes.Equal(out, seg) {
			return false // another padding
		}
		if math.Abs(y) >= 1000 {
			e.grp = 1
			if grouped {
				e.grp = 2
			}
		}
		e.v, e.hasV = y, true
		if x == 0 {
			return y == p.off
		}
		h := 0.5 / pow10(p.dec)
		lo, hi := (y-h-p.off)/x, (y+h-p.off)/x
		if lo > hi {
			lo, hi = hi, lo
		}
		lo, hi = max(lo, p.a), min(hi, p.b)
		if lo > hi+1e-12*math.Max(1, math.Abs(hi)) {
			return false
		}
		e.a, e.b, e.hasB = lo, hi, true
		return true
	case hDur:
		T := p.a*x + p.b
		e.v, e.hasV = T, true
		for _, w := range widths(p.pad) {
			for _, w2 := range widths(p.pad2) {
				if out, ok := appendDur(scratch, T, p.nf, w, w2, p.sep, p.sep2); ok && same(out) {
					e.pad, e.pad2 = w, w2
					if p.pad >= 0 && p.pad2 >= 0 {
						return true
					}
					// a width is known once a field below ten showed it
					f0, f1 := durFields(T, p.nf)
					if f0 >= 10 {
						e.pad = p.pad
					}
					if f1 >= 10 {
						e.pad2 = p.pad2
					}
					return true
				}
			}
		}
		return false
	case hSpoken:
		T := p.a*x + p.b
		e.v, e.hasV = T, true
		out, ok := appendSpoken(scratch, T)
		return ok && same(out)
	case hClock:
		T := p.a*x + p.b
		e.v, e.hasV = T, true
		out, ok := appendClock(scratch, T, p.pad, p.sep, p.cse)
		return ok && same(out)
	}
	return false
}

func (t *tmpl) equal(u *tmpl) bool {
	if t.sel != u.sel || len(t.parts) != len(u.parts) {
		return false
	}
	for i := range t.parts {
		a, b := &t.parts[i], &u.parts[i]
		if !bytes.Equal(a.lit, b.lit) || a.hole != b.hole || a.num != b.num || a.kind != b.kind || a.sel != b.sel || a.sel2 != b.sel2 || a.op != b.op ||
			a.dec != b.dec || a.pad != b.pad || a.cse != b.cse || a.nf != b.nf || !bytes.Equal(a.sep, b.sep) || !bytes.Equal(a.sep2, b.sep2) {
			return false
		}
		if a.kind != hRound && (a.a != b.a || a.b != b.b) || a.off != b.off {
			return false
		}
	}
	return true
}

// v1Range is the range of a hole read from a version 1 snapshot, which
// kept none: every value is taken as confirmed.
const v1Range = math.MaxFloat64

func (t *tmpl) code(c snapshot.Coder) {
	v2 := c.Version() >= 2
	snapshot.I16(c, "sel", &t.sel, 0, maxSelectors)
	snapshot.I32(c, "fitted", &t.fitted, 0, math.MaxInt32)
	snapshot.I32(c, "matches", &t.matches, 0, math.MaxInt32)
	snapshot.I32(c, "misses", &t.misses, 0, math.MaxInt32)
	c.List("parts", len(t.parts), maxParts, func(j int) {
		if c.Reading() {
			t.parts = append(t.parts, tpart{})
		}
		p := &t.parts[j]
		c.Bytes("lit", &p.lit)
		c.Flag("hole", &p.hole)
		c.Flag("num", &p.num)
		snapshot.Finite(c, "a", &p.a)
		snapshot.Finite(c, "b", &p.b)
		snapshot.I8(c, "dec", &p.dec, 0, 9)
		if v2 {
			snapshot.I8(c, "pad", &p.pad, -1, 100)
		} else {
			snapshot.I8(c, "pad", &p.pad, 0, 100)
		}
		snapshot.I8(c, "case", &p.cse, 0, 2)
		if !v2 {
			if c.Reading() {
				p.kind, p.sel, p.sel2, p.grp, p.lo, p.hi = hStr, t.sel, -1, 1, -v1Range, v1Range
				if p.num {
					p.kind = hNum
				}
			}
			return
		}
		snapshot.U8(c, "kind", &p.kind, numHoleKinds-1)
		snapshot.I16(c, "hole_sel", &p.sel, 0, maxSelectors)
		snapshot.I16(c, "sel2", &p.sel2, -1, maxSelectors)
		snapshot.I8(c, "op", &p.op, 0, 1)
		snapshot.I8(c, "pad2", &p.pad2, -1, 2)
		snapshot.I8(c, "grp", &p.grp, 0, 2)
		snapshot.I8(c, "fields", &p.nf, 0, 3)
		c.Bytes("sep", &p.sep)
		c.Bytes("sep2", &p.sep2)
		snapshot.Finite(c, "cap", &p.capv)
		if c.Version() >= 6 {
			snapshot.Finite(c, "off", &p.off)
		}
		hasOne := p.one != nil
		c.Flag("has_one", &hasOne)
		c.Bytes("one", &p.one)
		if c.Reading() {
			if hasOne && p.one == nil {
				p.one = []byte{}
			} else if !hasOne {
				p.one = nil
			}
		}
		// an empty range (no sample yet) is written as lo > hi
		lo, hi := p.lo, p.hi
		if lo > hi {
			lo, hi = 1, 0
		}
		snapshot.Finite(c, "lo", &lo)
		snapshot.Finite(c, "hi", &hi)
		if c.Reading() {
			p.lo, p.hi = lo, hi
			if lo > hi {
				p.lo, p.hi = math.Inf(1), math.Inf(-1)
			}
			if p.num != (p.kind != hStr) || p.kind == hDur && p.nf < 2 || p.kind == hDate && (p.pad < 0 || int(p.pad) >= len(dateLayouts)) {
				c.Fail("bad template hole")
			}
		}
	})
}

// String writes the template for people: "Count: {x:.0}", "{2*x+1:.0}",
// "Hello, {s}!", "{round([0.29,0.3]*x):.0}%", "{dur(-1*x+4350)}".
func (t *tmpl) String() string {
	var b strings.Builder
	for _, p := range t.parts {
		b.Write(p.lit)
		if !p.hole {
			continue
		}
		x := "x"
		if p.sel != t.sel {
			x = "x" + strconv.Itoa(int(p.sel))
		}
		if p.sel2 >= 0 {
			x += [...]string{"/", "*"}[p.op] + "x" + strconv.Itoa(int(p.sel2))
		}
		g := ""
		if p.grp == 2 {
			g = ","
		}
		switch {
		case p.kind == hStr:
			b.WriteString([...]string{"{s}", "{upper(s)}", "{lower(s)}"}[p.cse])
		case p.kind == hRound:
			off := ""
			if p.off != 0 {
				off = fmt.Sprintf("%+g", p.off)
			}
			fmt.Fprintf(&b, "{round([%.4g,%.4g]*%s%s):%s.%d}", p.a, p.b, x, off, g, p.dec)
		case p.kind == hDur:
			fmt.Fprintf(&b, "{dur%d(%g*%s%+g)}", p.nf, p.a, x, p.b)
		case p.kind == hSpoken:
			fmt.Fprintf(&b, "{spoken(%g*%s%+g)}", p.a, x, p.b)
		case p.kind == hClock:
			fmt.Fprintf(&b, "{clock(%g*%s%+g)}", p.a, x, p.b)
		case p.kind == hDate && p.pad >= 0 && int(p.pad) < len(dateLayouts):
			fmt.Fprintf(&b, "{date(%s):%s}", x, dateLayouts[p.pad])
		case p.a == 1 && p.b == 0:
			fmt.Fprintf(&b, "{%s:%s.%d}", x, g, p.dec)
		default:
			fmt.Fprintf(&b, "{%g*%s%+g:%s.%d}", p.a, x, p.b, g, p.dec)
		}
	}
	return b.String()
}
