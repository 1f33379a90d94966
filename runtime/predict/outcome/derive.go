package outcome

import (
	"bytes"
	"math"
	"slices"
)

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
	// a boolean or a membership is no number a text shows: no hole reads it
	// ("{x·has(111)} selected" fitted a count that was the length)
	so, sn = withoutFlags(so), withoutFlags(sn)
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
	deriveClock(o, so, n, sn, keep)
	deriveDate(o, so, n, sn, keep)
	deriveNumbers(o, so, n, sn, keep)
	return out
}

// withoutFlags is fs with its flags (Feature.flag) as features that do not
// exist, in a copy when it has any.
func withoutFlags(fs []Feature) []Feature {
	if !slices.ContainsFunc(fs, func(f Feature) bool { return f.flag && f.ok }) {
		return fs
	}
	out := slices.Clone(fs)
	for i := range out {
		if out[i].flag {
			out[i].ok = false
		}
	}
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
		i, ok := sameAround(n, a, o, b)
		if !ok {
			continue
		}
		p := newHole(hSpoken, int16(s))
		p.lit = clone(n[:i])
		keep(tmpl{fitted: 1, parts: []tpart{p, {lit: clone(n[i+len(a):])}}})
	}
}

// deriveDate finds, for each selector that changed and holds a date (an
// ISO string, or a number of seconds or milliseconds since 1970), the
// layouts that write it at the same place of both texts, with the same text
// around it.
func deriveDate(o []byte, so []Feature, n []byte, sn []Feature, keep func(tmpl)) {
	if len(so) != len(sn) {
		return
	}
	var a, b []byte
	for s := range sn {
		vn, vo := &sn[s], &so[s]
		if !vn.ok || !vo.ok || vn.hash == vo.hash {
			continue
		}
		for _, unit := range [...]float64{0, 1, 0.001} { // 0: an ISO string
			p := newHole(hDate, int16(s))
			p.b = 0
			if unit > 0 {
				p.op, p.a = 1, unit
			}
			if unit > 0 && (!vn.isNum || !plausibleEpoch(vn.num*unit) || !plausibleEpoch(vo.num*unit)) {
				continue // a count is no date
			}
			dn, ok1 := p.dateOf(sn)
			do, ok2 := p.dateOf(so)
			if !ok1 || !ok2 || dn.Equal(do) {
				continue
			}
			for l := range dateLayouts {
				a, b = dn.AppendFormat(a[:0], dateLayouts[l]), do.AppendFormat(b[:0], dateLayouts[l])
				i, ok := sameAround(n, a, o, b)
				if !ok {
					continue
				}
				q := p
				q.pad = int8(l)
				q.lit = clone(n[:i])
				keep(tmpl{fitted: 1, parts: []tpart{q, {lit: clone(n[i+len(a):])}}})
			}
		}
	}
}

// plausibleEpoch says whether T seconds since 1970 may be a date a page
// shows: from 1973 (10⁸ s) to 2286 (10¹⁰ s).
func plausibleEpoch(T float64) bool { return T >= 1e8 && T < 1e10 }

// clockUnits are the units of a numeric selector a clock's time may be
// counted in: seconds, minutes, milliseconds, hours.
var clockUnits = [...]float64{1, 60, 0.001, 3600}

// deriveClock finds a time of day on a 12-hour clock ("Updated 3:04 PM")
// at the same place of both texts, with the same text around it, and for
// each numeric selector that changed, the unit and the offset (mod a day)
// that turn the selector into it.
func deriveClock(o []byte, so []Feature, n []byte, sn []Feature, keep func(tmpl)) {
	if len(so) != len(sn) {
		return
	}
	for i := 0; i < len(n); i++ {
		if !isDigit(n[i]) || i > 0 && isDigit(n[i-1]) {
			continue
		}
		Tn, ln, pad, sep, cse, ok := clockAt(n, i)
		if !ok {
			continue
		}
		To, lo, _, sepO, cseO, ok := clockAt(o, i)
		if !ok || !bytes.Equal(n[:i], o[:i]) || !bytes.Equal(n[i+ln:], o[i+lo:]) || !bytes.Equal(sep, sepO) || cse != cseO {
			return
		}
		for s := range sn {
			if !sn[s].ok || !sn[s].isNum || !so[s].ok || !so[s].isNum || sn[s].num == so[s].num {
				continue
			}
			dx := sn[s].num - so[s].num
			for _, a := range clockUnits {
				diff := math.Mod(a*dx-(Tn-To), daySecs)
				if diff < 0 {
					diff += daySecs
				}
				if diff > 1e-6 && daySecs-diff > 1e-6 {
					continue
				}
				b := math.Mod(Tn-a*sn[s].num, daySecs)
				if b < 0 {
					b += daySecs
				}
				p := newHole(hClock, int16(s))
				p.a, p.b, p.pad, p.sep, p.cse = a, snap(b), pad, clone(sep), cse
				p.lit = clone(n[:i])
				keep(tmpl{fitted: 1, parts: []tpart{p, {lit: clone(n[i+ln:])}}})
			}
		}
		return // the first clock of the text
	}
}

// sameAround finds a in n and b in o with the same text around them both,
// and returns where a is.
func sameAround(n, a, o, b []byte) (int, bool) {
	i, j := bytes.Index(n, a), bytes.Index(o, b)
	if i < 0 || j < 0 || !bytes.Equal(n[:i], o[:j]) || !bytes.Equal(n[i+len(a):], o[j+len(b):]) {
		return 0, false
	}
	return i, true
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
	out, late := numCandsOrdered(o, to, so, n, tn, sn, k, aligned)
	return appendCands(out, late)
}

// appendCands appends cs to out while it holds fewer than maxCands.
func appendCands(out, cs []cand) []cand {
	return append(out, cs[:min(len(cs), max(0, maxCands-len(out)))]...)
}

// numCandsOrdered is numCands's candidates, the plausible ones first (out,
// roundings by a round factor before the other roundings), then the lines two samples fit whose offset is no whole number of the
// token's last digit (late: "{9.5e-07·x+0.143:.1} MB" is a line through
// two megabytes, not what writes them; any two points fit some line).
func numCandsOrdered(o []byte, to []tok, so []Feature, n []byte, tn []tok, sn []Feature, k int, aligned bool) (out, late []cand) {
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
				return out, late
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
					if whole(p.b, tk.dec) {
						out = append(out, cand{span: 1, p: p})
					} else {
						late = append(late, cand{span: 1, p: p})
					}
				}
			}
		}
	}
	if !aligned {
		return out, late
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
	// roundings: of a selector, then of the ratio of two; a percentage also
	// as the share left, 100 − a·x. Those whose slopes hold one round
	// factor (100, 2⁻²⁰: niceSlope) come first, the others after them (rest)
	var rest []cand
	offs := [...]float64{0, 100}
	nOffs := 1
	if tk.end < len(n) && n[tk.end] == '%' {
		nOffs = 2
	}
	round := func(s, d int) {
		x1, x2 := sn[s].num, so[s].num
		if d >= 0 {
			if !sn[d].ok || !sn[d].isNum || !so[d].ok || !so[d].isNum || sn[d].num == 0 || so[d].num == 0 {
				return
			}
			if x1 == 1 && x2 == 1 {
				// 1/d is no share: a flag that is true in both (a timer
				// running) over a number that moved fits any rounding that
				// crossed a step between them by chance
				return
			}
			x1, x2 = x1/sn[d].num, x2/so[d].num
		}
		if x1 == 0 || x2 == 0 || x1 == x2 {
			return
		}
		h := 0.5 / pow10(tk.dec)
		for _, off := range offs[:nOffs] {
			lo1, hi1 := (tk.val-h-off)/x1, (tk.val+h-off)/x1
			lo2, hi2 := (ot.val-h-off)/x2, (ot.val+h-off)/x2
			if lo1 > hi1 {
				lo1, hi1 = hi1, lo1
			}
			if lo2 > hi2 {
				lo2, hi2 = hi2, lo2
			}
			lo, hi := max(lo1, lo2), min(hi1, hi2)
			if lo > hi || lo <= 0 && hi >= 0 {
				continue
			}
			if d >= 0 && !holdsNice(lo, hi) {
				continue // a ratio by no round factor (holdsNice)
			}
			p := newHole(hRound, int16(s))
			p.sel2, p.a, p.b, p.off, p.dec, p.pad, p.grp = int16(d), lo, hi, off, tk.dec, padOf(tk), g
			if _, nice := niceSlope(lo, hi); nice {
				out = append(out, cand{span: 1, p: p})
			} else {
				rest = append(rest, cand{span: 1, p: p})
			}
		}
	}
	for s := range sn {
		if len(out) >= maxCands {
			return out, late
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
				return out, late
			}
			if d != s {
				round(s, d)
			}
		}
	}
	return appendCands(out, rest), late
}

// whole reports whether b is a whole number of units of the dec-th decimal.
func whole(b float64, dec int8) bool {
	x := b * pow10(dec)
	return math.Abs(x-math.Round(x)) < 1e-6
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
			if isLetter(c) && !bytes.ContainsRune([]byte("hmsHMS"), rune(c)) {
				return false // a letter that is no unit: the T of "2024-03-05T20:10"
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
