package outcome

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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
//	         decimal), "3.4 MB" (round(x/2²⁰), 1 decimal)
//	hDur     a·x+b seconds as m:ss or h:mm:ss (any short separator):
//	         "1:05", "-1:12:09", "PT24M9S"
//	hSpoken  a·x+b seconds in words: "1 minute 5 seconds"
//
// A template is proposed from a pair of samples (deriveTemplates) and used
// only once a sample it was not fitted on confirmed it. Each numeric hole
// keeps the range of values its samples confirmed, and renders no value
// across a formatting edge outside it (edgesNum: a sign, 1 and 2 for plural
// words, the thousands separators; 100 for a percentage, "Done!" beside
// "99% complete"; a minute digit more and the hours of a duration): "1
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
	numHoleKinds
)

type tpart struct {
	lit  []byte
	hole bool  // a value follows lit
	num  bool  // the hole is numeric (any kind but hStr)
	kind uint8 // hStr, hNum, hRound, hDur, hSpoken
	sel  int16 // the hole's selector
	sel2 int16 // the selector x is divided (hRound) or multiplied by (op), or -1
	op   int8  // with sel2: 0 x/sel2, 1 x·sel2
	// hNum, hDur, hSpoken: a·x+b; hRound: the slope is in [a, b]
	a, b float64
	dec  int8 // decimals of a number
	pad  int8 // zero-pad the integer part (hDur: the first field) to this width; -1 unknown (hDur)
	pad2 int8 // hDur: the width of the other fields (0 or 2); -1 unknown
	cse  int8 // string holes: 0 as is, 1 upper case, 2 lower case
	grp  int8 // numbers: 0 unknown (no sample reached 1,000), 1 plain, 2 thousands separated
	nf   int8 // hDur: fields, 2 (m:ss) or 3 (h:mm:ss)
	sep  []byte
	sep2 []byte // hDur: the separators after the first and second fields
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

// single reports whether every hole reads the template's own selector
// (its exceptions and its validation over a table need it).
func (t *tmpl) single() bool {
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

// formatting edges: a value on the other side of one from every value a
// hole confirmed is not rendered
var (
	edgesNum    = [...]float64{0, 1, 2, 1000, 1e6, 1e9, 1e12}
	edgesPct    = [...]float64{0, 1, 2, 100, 1000, 1e6, 1e9, 1e12} // a percentage: 100 is complete
	edgesDur2   = [...]float64{0, 600, 3600}                       // m:ss: a minute digit more; the hours
	edgesDur3   = [...]float64{0, 36000, 360000}
	edgesSpoken = [...]float64{0, 1, 2, 60, 120, 3600, 7200}
)

// crosses reports whether v lies across an edge from [lo, hi]: an edge e
// (and its mirror 1-e below zero) with every value of one side below it and
// v, or every value, at it or above.
func crosses(edges []float64, lo, hi, v float64) bool {
	if v >= lo && v <= hi {
		return false
	}
	a, b := hi, v
	if v < lo {
		a, b = v, lo
	}
	for _, e := range edges {
		if a < e && e <= b {
			return true
		}
		if ne := 1 - e; e > 1 && a < ne && ne <= b {
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
		edges := edgesNum[:]
		if i+1 < len(t.parts) && bytes.HasPrefix(t.parts[i+1].lit, []byte("%")) {
			edges = edgesPct[:]
		}
		var ok bool
		if dst, ok = p.renderHole(dst, sv, edges); !ok {
			return dst, false
		}
	}
	return dst, true
}

// renderHole appends the hole's text; with edges (the formatting edges of
// a number), only what its samples confirmed.
func (p *tpart) renderHole(dst []byte, sv []Feature, edges []float64) ([]byte, bool) {
	strict := edges != nil
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
	x, ok := p.holeX(sv)
	if !ok {
		return dst, false
	}
	switch p.kind {
	case hNum:
		y := p.a*x + p.b
		if strict && crosses(edges, p.lo, p.hi, y) {
			return dst, false
		}
		if p.capv > 0 && y > p.capv {
			dst, ok := appendNumber(dst, p.capv, p.dec, p.pad, p.grp == 2)
			return append(dst, '+'), ok
		}
		return appendNumber(dst, y, p.dec, p.pad, p.grp == 2)
	case hRound:
		lo, hi := p.a*x, p.b*x
		if lo > hi {
			lo, hi = hi, lo
		}
		r1, ok1 := roundTo(lo, p.dec)
		r2, ok2 := roundTo(hi, p.dec)
		if !ok1 || !ok2 || r1 != r2 || strict && crosses(edges, p.lo, p.hi, r1) {
			return dst, false
		}
		return appendNumber(dst, r1, p.dec, p.pad, p.grp == 2)
	case hDur:
		T := p.a*x + p.b
		de := edgesDur2[:]
		if p.nf == 3 {
			de = edgesDur3[:]
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
	}
	return dst, false
}

// holeValue is the hole's value for sv as its range counts it (the
// rounded number for hRound).
func (p *tpart) holeValue(sv []Feature) float64 {
	x, _ := p.holeX(sv)
	if p.kind == hRound {
		r, _ := roundTo(p.a*x, p.dec)
		return r
	}
	return p.a*x + p.b
}

// roundTo rounds y to dec decimals, half away from zero; ok is false on a
// tie (a half exactly, which apps round either way) or out of range.
func roundTo(y float64, dec int8) (float64, bool) {
	if math.IsNaN(y) || math.IsInf(y, 0) || math.Abs(y) > 1<<50 {
		return 0, false
	}
	m := math.Pow(10, float64(dec))
	z := y * m
	f := math.Floor(z)
	if d := z - f - 0.5; math.Abs(d) < 1e-9*math.Max(1, math.Abs(z)) {
		return 0, false
	}
	return math.Round(z) / m, true
}

// exactAt reports whether y is written exactly with dec decimals.
func exactAt(y float64, dec int8) bool {
	z := y * math.Pow(10, float64(dec))
	return math.Abs(z-math.Round(z)) <= 1e-6*math.Max(1, math.Abs(z))
}

// appendNumber writes y with dec decimals (it must be exact at them), the
// integer part zero-padded to pad and, with group, separated by commas
// every three digits.
func appendNumber(dst []byte, y float64, dec, pad int8, group bool) ([]byte, bool) {
	if !exactAt(y, dec) {
		return dst, false
	}
	if pad < 0 {
		// the padding is not known below ten: "9" or "09"
		if math.Abs(y) < 10 {
			return dst, false
		}
		pad = 0
	}
	start := len(dst)
	dst, ok := appendNum(dst, y, dec, pad)
	if !ok || !group {
		return dst, ok
	}
	s := start
	if dst[s] == '-' {
		s++
	}
	e := s
	for e < len(dst) && isDigit(dst[e]) {
		e++
	}
	n := e - s
	if n <= 3 {
		return dst, true
	}
	commas := (n - 1) / 3
	dst = append(dst, make([]byte, commas)...)
	copy(dst[e+commas:], dst[e:len(dst)-commas])
	// move the digits right to left, a comma every three
	w, r := e+commas-1, e-1
	for k := 0; r >= s; k++ {
		if k > 0 && k%3 == 0 {
			dst[w] = ','
			w--
		}
		dst[w] = dst[r]
		w--
		r--
	}
	return dst, true
}

// appendNum formats x with dec decimals, the integer part zero-padded to pad.
func appendNum(dst []byte, x float64, dec, pad int8) ([]byte, bool) {
	if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 1<<53 {
		return dst, false
	}
	start := len(dst)
	if dec == 0 {
		r := math.Round(x)
		if math.Abs(x-r) > 1e-6*math.Max(1, math.Abs(x)) {
			return dst, false
		}
		dst = strconv.AppendInt(dst, int64(r), 10)
	} else {
		dst = strconv.AppendFloat(dst, x, 'f', int(dec), 64)
		if dst[start] == '-' {
			zero := true
			for _, c := range dst[start+1:] {
				if c != '0' && c != '.' {
					zero = false
					break
				}
			}
			if zero {
				dst = append(dst[:start], dst[start+1:]...)
			}
		}
	}
	if pad > 0 {
		s := start
		if dst[s] == '-' {
			s++
		}
		digits := 0
		for i := s; i < len(dst) && dst[i] >= '0' && dst[i] <= '9'; i++ {
			digits++
		}
		for ; digits < int(pad); digits++ {
			dst = append(dst, 0)
			copy(dst[s+1:], dst[s:])
			dst[s] = '0'
		}
	}
	return dst, true
}

// appendDur writes T seconds (an integer) as nf fields: m, ss or h, mm, ss,
// separated by sep (and sep2), the first padded to pad, the others to
// pad2; a negative T with a minus sign. A width never seen (-1) for a
// field that needs it fails.
func appendDur(dst []byte, T float64, nf, pad, pad2 int8, sep, sep2 []byte) ([]byte, bool) {
	if math.IsNaN(T) || math.Abs(T) > 1<<40 || math.Abs(T-math.Round(T)) > 1e-6 {
		return dst, false
	}
	n := int64(math.Round(T))
	if n < 0 {
		dst = append(dst, '-')
		n = -n
	}
	var f [3]int64
	switch nf {
	case 2:
		f[0], f[1] = n/60, n%60
	case 3:
		f[0], f[1], f[2] = n/3600, n/60%60, n%60
	default:
		return dst, false
	}
	field := func(v int64, w int8) bool {
		if w < 0 && v < 10 {
			return false
		}
		if w > 1 && v < 10 {
			dst = append(dst, '0')
		}
		dst = strconv.AppendInt(dst, v, 10)
		return true
	}
	if !field(f[0], pad) {
		return dst, false
	}
	dst = append(dst, sep...)
	if !field(f[1], pad2) {
		return dst, false
	}
	if nf == 3 {
		dst = append(dst, sep2...)
		if !field(f[2], pad2) {
			return dst, false
		}
	}
	return dst, true
}

// appendSpoken writes T seconds in words: "1 hour 2 minutes 5 seconds",
// the parts that are zero left out ("0 seconds" for none).
func appendSpoken(dst []byte, T float64) ([]byte, bool) {
	if math.IsNaN(T) || T < 0 || T > 1<<40 || math.Abs(T-math.Round(T)) > 1e-6 {
		return dst, false
	}
	n := int64(math.Round(T))
	h, m, s := n/3600, n/60%60, n%60
	first := true
	word := func(v int64, one, many string) {
		if !first {
			dst = append(dst, ' ')
		}
		first = false
		dst = strconv.AppendInt(dst, v, 10)
		dst = append(dst, ' ')
		if v == 1 {
			dst = append(dst, one...)
		} else {
			dst = append(dst, many...)
		}
	}
	if h > 0 {
		word(h, "hour", "hours")
	}
	if m > 0 {
		word(m, "minute", "minutes")
	}
	if s > 0 || n == 0 {
		word(s, "second", "seconds")
	}
	return dst, true
}

func appendCase(dst, s []byte, cse int8) []byte {
	switch cse {
	case 1:
		return appendMapped(dst, s, unicode.ToUpper)
	case 2:
		return appendMapped(dst, s, unicode.ToLower)
	}
	return append(dst, s...)
}

func appendMapped(dst, s []byte, f func(rune) rune) []byte {
	for len(s) > 0 {
		r, n := utf8.DecodeRune(s)
		s = s[n:]
		dst = utf8.AppendRune(dst, f(r))
	}
	return dst
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
			out, _ := p.renderHole(scratch[:0], sv, nil)
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
	if p.kind == hStr {
		out, ok := p.renderHole(scratch, sv, nil)
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
			return y == 0
		}
		h := 0.5 * math.Pow(10, -float64(p.dec))
		lo, hi := (y-h)/x, (y+h)/x
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
	}
	return false
}

// singular is lit with its first word made singular ("s items)" → "
// item)", " replies" → " reply"), or nil.
func singular(lit []byte) []byte {
	i := 0
	for i < len(lit) && lit[i] == ' ' {
		i++
	}
	j := i
	for j < len(lit) && (lit[j] >= 'a' && lit[j] <= 'z' || lit[j] >= 'A' && lit[j] <= 'Z') {
		j++
	}
	w := lit[i:j]
	var out []byte
	switch {
	case len(w) > 3 && bytes.HasSuffix(w, []byte("ies")):
		out = append(append(append(out, lit[:j-3]...), 'y'), lit[j:]...)
	case len(w) > 1 && w[len(w)-1] == 's' && w[len(w)-2] != 's':
		out = append(append(out, lit[:j-1]...), lit[j:]...)
	default:
		return nil
	}
	return out
}

// widths are the field widths to try for a known (w >= 0) or unknown one.
func widths(w int8) []int8 {
	switch {
	case w >= 0:
		return []int8{w}
	}
	return []int8{0, 2}
}

// durFields are T's first field and the smallest of its others.
func durFields(T float64, nf int8) (int64, int64) {
	n := int64(math.Abs(math.Round(T)))
	if nf == 3 {
		return n / 3600, min(n/60%60, n%60)
	}
	return n / 60, n % 60
}

// parseShown parses a number as a text shows it: -?digits, with thousands
// separators or not, and decimals.
func parseShown(s []byte) (y float64, dec int8, grouped, ok bool) {
	ts := numTokens(s, nil)
	if len(ts) != 1 || ts[0].start != 0 || ts[0].end != len(s) {
		return 0, 0, false, false
	}
	return ts[0].val, ts[0].dec, ts[0].grouped, true
}

// numeric tokens

type tok struct {
	start, end int
	val        float64
	dec        int8
	width      int8 // digits of the integer part
	lead0      bool // the integer part has a leading zero ("05")
	grouped    bool // written with thousands separators ("1,234")
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlnum(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// numTokens finds the numbers written in s: -?digits(,ddd)*(.digits)?. A
// minus sign belongs to the number only at the start or after a character
// that is not a letter, digit or minus; a comma separates thousands only
// between groups of three digits.
func numTokens(s []byte, out []tok) []tok {
	out = out[:0]
	for i := 0; i < len(s); {
		c := s[i]
		neg := c == '-' && i+1 < len(s) && isDigit(s[i+1]) && (i == 0 || !isAlnum(s[i-1]) && s[i-1] != '-' && s[i-1] != '.')
		if !isDigit(c) && !neg {
			i++
			continue
		}
		if isDigit(c) && i > 0 && s[i-1] == '.' && i > 1 && isDigit(s[i-2]) {
			i++ // inside a number already rejected
			continue
		}
		start := i
		if neg {
			i++
		}
		ds := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		digits := i - ds
		t := tok{start: start}
		t.lead0 = digits > 1 && s[ds] == '0'
		var buf []byte
		if digits <= 3 && !t.lead0 {
			for i+3 < len(s) && s[i] == ',' && isDigit(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3]) && (i+4 == len(s) || !isDigit(s[i+4])) {
				if !t.grouped {
					buf = append(buf, s[start:i]...)
				}
				t.grouped = true
				buf = append(buf, s[i+1:i+4]...)
				digits += 3
				i += 4
			}
		}
		t.width = int8(min(digits, 100))
		fs := i
		if i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
			i++
			fs = i
			for i < len(s) && isDigit(s[i]) {
				i++
			}
			t.dec = int8(min(i-fs, 100))
		}
		t.end = i
		if digits+int(t.dec) > 18 || t.dec > 9 {
			continue // too long to be a rendered value
		}
		text := s[start:i]
		if t.grouped {
			buf = append(buf, s[fs-boolInt(t.dec > 0):i]...)
			text = buf
		}
		f, err := strconv.ParseFloat(string(text), 64)
		if err != nil {
			continue
		}
		t.val = f
		out = append(out, t)
		if len(out) > maxTokens {
			return out[:0]
		}
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// sameSkeleton reports whether a and b are the same text around their
// numeric tokens.
func sameSkeleton(a []byte, ta []tok, b []byte, tb []tok) bool {
	if len(ta) != len(tb) {
		return false
	}
	pa, pb := 0, 0
	for i := range ta {
		if !bytes.Equal(a[pa:ta[i].start], b[pb:tb[i].start]) {
			return false
		}
		pa, pb = ta[i].end, tb[i].end
	}
	return bytes.Equal(a[pa:], b[pb:])
}

// snap rounds x to 10 significant digits, so that 0.09999999999999998 is 0.1.
func snap(x float64) float64 {
	y, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 10, 64), 64)
	if err != nil {
		return x
	}
	return y
}

func padOf(t tok) int8 {
	if t.lead0 {
		return t.width
	}
	return 0
}

// grpOf is what two tokens say of a hole's thousands separator.
func grpOf(a, b tok) int8 {
	switch {
	case a.grouped || b.grouped:
		return 2
	case math.Abs(a.val) >= 1000 || math.Abs(b.val) >= 1000:
		return 1
	}
	return 0
}

// deriving templates from a pair of samples

// cand is a candidate hole for the tokens [k, k+span) of the new text, or
// (lit) the first token kept as literal text.
type cand struct {
	span int
	lit  bool
	p    tpart
}

// deriveTemplates proposes templates explaining the pair of samples (o for
// the value with selector values so, n for sn): string holes where a string
// selector's value occurs; spoken durations of a selector found in both
// texts; and, when the two texts are the same around their numbers, for
// each number that changed, holes of the selectors that explain it (the
// value itself, a·x+b fitted to the pair, a rounding, a duration over it
// and its neighbours). Each template is checked against both samples, which
// set its holes' ranges.
func deriveTemplates(o []byte, so []Feature, n []byte, sn []Feature) []tmpl {
	var out []tmpl
	keep := func(t tmpl) {
		if len(out) >= maxTemplates || len(t.parts) > maxParts {
			return
		}
		for i := range t.parts {
			if t.parts[i].hole {
				t.sel = t.parts[i].sel
				break
			}
		}
		// the fitting samples set the holes' ranges
		if !t.match(sn, n) || (len(so) == len(sn) && !t.match(so, o)) {
			return
		}
		for i := range out {
			if out[i].equal(&t) {
				return
			}
		}
		out = append(out, t)
	}
	deriveStrings(o, so, n, sn, keep)
	deriveSpoken(o, so, n, sn, keep)
	deriveNumbers(o, so, n, sn, keep)
	return out
}

// newHole is an empty hole of kind on selector sel, with no range yet.
func newHole(kind uint8, sel int16) tpart {
	return tpart{hole: true, num: kind != hStr, kind: kind, sel: sel, sel2: -1, a: 1, lo: math.Inf(1), hi: math.Inf(-1)}
}

func deriveStrings(o []byte, so []Feature, n []byte, sn []Feature, keep func(tmpl)) {
	for s := range sn {
		from, fromV := n, &sn[s]
		if !fromV.ok || !fromV.isStr || len(fromV.str) == 0 {
			if s >= len(so) || !so[s].ok || !so[s].isStr || len(so[s].str) == 0 {
				continue
			}
			from, fromV = o, &so[s]
		}
		for cse := int8(0); cse < 3; cse++ {
			pat := appendCase(nil, fromV.str, cse)
			if cse > 0 && bytes.Equal(pat, fromV.str) {
				continue
			}
			occ := occurrences(from, pat)
			if len(occ) == 0 {
				continue
			}
			sets := [][]int{occ}
			if len(occ) > 1 {
				sets = append(sets, occ[:1], occ[len(occ)-1:])
			}
			for _, set := range sets {
				t := tmpl{fitted: 1}
				prev := 0
				for _, at := range set {
					p := newHole(hStr, int16(s))
					p.lit, p.cse = clone(from[prev:at]), cse
					t.parts = append(t.parts, p)
					prev = at + len(pat)
				}
				t.parts = append(t.parts, tpart{lit: clone(from[prev:])})
				keep(t)
			}
		}
	}
}

// deriveSpoken finds, for each numeric selector, its value as spoken
// seconds in both texts, with the same text around it.
func deriveSpoken(o []byte, so []Feature, n []byte, sn []Feature, keep func(tmpl)) {
	if len(so) != len(sn) {
		return
	}
	var a, b []byte
	for s := range sn {
		if !sn[s].ok || !sn[s].isNum || !so[s].ok || !so[s].isNum || sn[s].num == so[s].num {
			continue
		}
		var ok1, ok2 bool
		a, ok1 = appendSpoken(a[:0], sn[s].num)
		b, ok2 = appendSpoken(b[:0], so[s].num)
		if !ok1 || !ok2 {
			continue
		}
		i, j := bytes.Index(n, a), bytes.Index(o, b)
		if i < 0 || j < 0 || !bytes.Equal(n[:i], o[:j]) || !bytes.Equal(n[i+len(a):], o[j+len(b):]) {
			continue
		}
		p := newHole(hSpoken, int16(s))
		p.lit = clone(n[:i])
		keep(tmpl{fitted: 1, parts: []tpart{p, {lit: clone(n[i+len(a):])}}})
	}
}

func deriveNumbers(o []byte, so []Feature, n []byte, sn []Feature, keep func(tmpl)) {
	tn := numTokens(n, nil)
	if len(tn) == 0 {
		return
	}
	to := numTokens(o, nil)
	aligned := len(so) == len(sn) && sameSkeleton(o, to, n, tn)
	cands := make([][]cand, len(tn))
	changed := false
	for k := range tn {
		same := aligned && bytes.Equal(o[to[k].start:to[k].end], n[tn[k].start:tn[k].end])
		if aligned {
			cands[k] = durCands(o, to, so, n, tn, sn, k)
		}
		if !same {
			changed = true
			cands[k] = append(cands[k], numCands(o, to, so, n, tn, sn, k, aligned)...)
		}
		if same || len(cands[k]) == 0 {
			cands[k] = append(cands[k], cand{span: 1, lit: true})
		}
	}
	if !changed {
		return
	}
	// the first candidate of every token, then each other candidate of one
	// token with the first of the others
	build := func(alt, j int) {
		t := tmpl{fitted: 1}
		prev, holes := 0, 0
		for k := 0; k < len(tn); {
			c := cands[k][0]
			switch {
			case k == alt:
				c = cands[k][j]
			case k < alt && k+c.span > alt:
				// the first candidate would cover the token varied
				for _, x := range cands[k] {
					if x.span == 1 {
						c = x
						break
					}
				}
			}
			if c.lit {
				k++
				continue
			}
			p := c.p
			p.lit = clone(n[prev:tn[k].start])
			t.parts = append(t.parts, p)
			if p.kind != hNum || p.a != 1 || p.b != 0 {
				t.fitted = 2
			}
			prev = tn[k+c.span-1].end
			holes++
			k += c.span
		}
		if holes > 0 {
			t.parts = append(t.parts, tpart{lit: clone(n[prev:])})
			keep(t)
		}
	}
	build(-1, 0)
	for j := 1; j < maxCands+1; j++ {
		for k := range tn {
			if j < len(cands[k]) {
				build(k, j)
			}
		}
	}
}

// numCands are the holes of one selector that explain token k: the value
// itself, a·x+b fitted to the pair, round(a·x) of a selector or of the
// ratio of two.
func numCands(o []byte, to []tok, so []Feature, n []byte, tn []tok, sn []Feature, k int, aligned bool) []cand {
	var out []cand
	var scratch [64]byte
	tk := tn[k]
	text := n[tk.start:tk.end]
	var ot tok
	var otext []byte
	if aligned {
		ot = to[k]
		otext = o[ot.start:ot.end]
	}
	grp := tk.grouped
	g := int8(0)
	if aligned {
		g = grpOf(ot, tk)
	} else if grp {
		g = 2
	} else if math.Abs(tk.val) >= 1000 {
		g = 1
	}
	renders := func(p *tpart, x float64, want []byte) bool {
		out, ok := appendNumber(scratch[:0], p.a*x+p.b, p.dec, p.pad, p.grp == 2)
		return ok && bytes.Equal(out, want)
	}
	// exact holes first, the value itself before fits
	for pass := 0; pass < 2; pass++ {
		for s := range sn {
			if len(out) >= maxCands {
				return out
			}
			vn := &sn[s]
			if !vn.ok || !vn.isNum {
				continue
			}
			p := newHole(hNum, int16(s))
			p.dec, p.pad, p.grp = tk.dec, padOf(tk), g
			if aligned && p.pad == 0 {
				p.pad = padOf(ot)
			}
			if p.pad == 0 && tk.width >= 2 && (!aligned || ot.width >= 2) {
				p.pad = -1 // "15" and "16" do not say how 9 is written
			}
			var vo *Feature
			if aligned && s < len(so) && so[s].ok && so[s].isNum {
				vo = &so[s]
			}
			identity := renders(&p, vn.num, text) && (vo == nil || renders(&p, vo.num, otext))
			switch {
			case pass == 0 && identity:
				out = append(out, cand{span: 1, p: p})
			case pass == 1 && !identity && vo != nil && vo.num != vn.num && ot.dec == tk.dec:
				p.a = snap((tk.val - ot.val) / (vn.num - vo.num))
				p.b = snap(tk.val - p.a*vn.num)
				if p.a != 0 && renders(&p, vn.num, text) && renders(&p, vo.num, otext) {
					out = append(out, cand{span: 1, p: p})
				}
			}
		}
	}
	if !aligned {
		return out
	}
	// products of two selectors, exactly: a line's total, price·qty
	{
		for s := range sn {
			for d := s + 1; d < len(sn) && len(out) < maxCands; d++ {
				if !sn[s].ok || !sn[s].isNum || !sn[d].ok || !sn[d].isNum || s >= len(so) || d >= len(so) ||
					!so[s].ok || !so[s].isNum || !so[d].ok || !so[d].isNum {
					continue
				}
				xn, xo := sn[s].num*sn[d].num, so[s].num*so[d].num
				p := newHole(hNum, int16(s))
				p.sel2, p.op, p.dec, p.pad, p.grp = int16(d), 1, tk.dec, padOf(tk), g
				// a·x·y with no offset, a from one sample, the other confirming
				// it (an offset would fit any pair)
				if xn == 0 || xn == xo {
					continue
				}
				if !renders(&p, xn, text) || !renders(&p, xo, otext) {
					p.a = snap(tk.val / xn)
					if p.a == 0 || !renders(&p, xn, text) || !renders(&p, xo, otext) {
						continue
					}
				}
				out = append(out, cand{span: 1, p: p})
			}
		}
	}
	// roundings: of a selector, then of the ratio of two
	round := func(s, d int) {
		x1, x2 := sn[s].num, so[s].num
		if d >= 0 {
			if !sn[d].ok || !sn[d].isNum || !so[d].ok || !so[d].isNum || sn[d].num == 0 || so[d].num == 0 {
				return
			}
			x1, x2 = x1/sn[d].num, x2/so[d].num
		}
		if x1 == 0 || x2 == 0 || x1 == x2 {
			return
		}
		h := 0.5 * math.Pow(10, -float64(tk.dec))
		lo1, hi1 := (tk.val-h)/x1, (tk.val+h)/x1
		lo2, hi2 := (ot.val-h)/x2, (ot.val+h)/x2
		if lo1 > hi1 {
			lo1, hi1 = hi1, lo1
		}
		if lo2 > hi2 {
			lo2, hi2 = hi2, lo2
		}
		lo, hi := max(lo1, lo2), min(hi1, hi2)
		if lo > hi || lo <= 0 && hi >= 0 {
			return
		}
		p := newHole(hRound, int16(s))
		p.sel2, p.a, p.b, p.dec, p.pad, p.grp = int16(d), lo, hi, tk.dec, padOf(tk), g
		out = append(out, cand{span: 1, p: p})
	}
	for s := range sn {
		if len(out) >= maxCands {
			return out
		}
		if sn[s].ok && sn[s].isNum && s < len(so) && so[s].ok && so[s].isNum {
			round(s, -1)
		}
	}
	for s := range sn {
		if !sn[s].ok || !sn[s].isNum || s >= len(so) || !so[s].ok || !so[s].isNum {
			continue
		}
		for d := range sn {
			if len(out) >= maxCands {
				return out
			}
			if d != s {
				round(s, d)
			}
		}
	}
	return out
}

// durCands are the duration holes starting at token k: it and the next one
// or two, separated by a short separator and below 60, read as m:ss or
// h:mm:ss seconds, fitted to a selector.
func durCands(o []byte, to []tok, so []Feature, n []byte, tn []tok, sn []Feature, k int) []cand {
	var out []cand
	var scratch [64]byte
	field := func(ts []tok, j int) bool {
		t := ts[j]
		return t.dec == 0 && !t.grouped && t.width <= 2 && t.val >= 0 && t.val < 60
	}
	sepOK := func(b []byte) bool {
		if len(b) == 0 || len(b) > 2 {
			return false
		}
		for _, c := range b {
			if isDigit(c) || c == ' ' || c == '-' || c == '.' || c == ',' {
				return false
			}
		}
		return true
	}
	if tn[k].dec != 0 || tn[k].grouped {
		return nil
	}
	for nf := 3; nf >= 2; nf-- {
		if k+nf > len(tn) {
			continue
		}
		ok := true
		for j := k + 1; j < k+nf; j++ {
			if !field(tn, j) || !field(to, j) || !sepOK(n[tn[j-1].end:tn[j].start]) {
				ok = false
			}
		}
		if !ok {
			continue
		}
		secs := func(text []byte, ts []tok) float64 {
			neg := ts[k].val < 0 || ts[k].val == 0 && bytes.HasPrefix(text[ts[k].start:], []byte("-"))
			v := math.Abs(ts[k].val)
			for j := k + 1; j < k+nf; j++ {
				v = v*60 + ts[j].val
			}
			if neg {
				v = -v
			}
			return v
		}
		Tn, To := secs(n, tn), secs(o, to)
		if Tn == To {
			continue
		}
		p := newHole(hDur, 0)
		p.nf = int8(nf)
		p.sep = clone(n[tn[k].end:tn[k+1].start])
		if nf == 3 {
			p.sep2 = clone(n[tn[k+1].end:tn[k+2].start])
		}
		p.pad, p.pad2 = -1, -1
		want := n[tn[k].start:tn[k+nf-1].end]
		for s := range sn {
			if len(out) >= maxCands {
				return out
			}
			vn := &sn[s]
			if !vn.ok || !vn.isNum || s >= len(so) || !so[s].ok || !so[s].isNum || vn.num == so[s].num {
				continue
			}
			q := p
			q.sel = int16(s)
			q.a = snap((Tn - To) / (vn.num - so[s].num))
			q.b = snap(Tn - q.a*vn.num)
			if q.a == 0 || math.Abs(q.a-math.Round(q.a)) > 1e-9 {
				continue
			}
			// the widths the new text shows
			matched := false
			for _, w := range widths(-1) {
				for _, w2 := range widths(-1) {
					if out, ok := appendDur(scratch[:0], q.a*vn.num+q.b, q.nf, w, w2, q.sep, q.sep2); ok && bytes.Equal(out, want) && !matched {
						matched = true
					}
				}
			}
			if matched {
				out = append(out, cand{span: nf, p: q})
			}
		}
	}
	return out
}

// occurrences returns the non-overlapping offsets of pat in s (at most
// maxStrHoles; none when there are more).
func occurrences(s, pat []byte) []int {
	if len(pat) == 0 {
		return nil
	}
	var out []int
	for i := 0; i+len(pat) <= len(s); {
		j := bytes.Index(s[i:], pat)
		if j < 0 {
			break
		}
		out = append(out, i+j)
		if len(out) > maxStrHoles {
			return nil
		}
		i += j + len(pat)
	}
	return out
}

func clone(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return append([]byte(nil), b...)
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
		if a.kind != hRound && (a.a != b.a || a.b != b.b) {
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
			if p.num != (p.kind != hStr) || p.kind == hDur && p.nf < 2 {
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
			fmt.Fprintf(&b, "{round([%.4g,%.4g]*%s):%s.%d}", p.a, p.b, x, g, p.dec)
		case p.kind == hDur:
			fmt.Fprintf(&b, "{dur%d(%g*%s%+g)}", p.nf, p.a, x, p.b)
		case p.kind == hSpoken:
			fmt.Fprintf(&b, "{spoken(%g*%s%+g)}", p.a, x, p.b)
		case p.a == 1 && p.b == 0:
			fmt.Fprintf(&b, "{%s:%s.%d}", x, g, p.dec)
		default:
			fmt.Fprintf(&b, "{%g*%s%+g:%s.%d}", p.a, x, p.b, g, p.dec)
		}
	}
	return b.String()
}
