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

// A template renders a text or prop value from one selector of the state
// value: literal parts with holes, each hole the selector's number through
// a·x+b with fixed decimals (and zero padding), or its string (with a case).
// "Count: {x}", "width: {x}%", "Page {x+1} of 10", "Total: ${12.5x}",
// "Hello, {x}!".

type tpart struct {
	lit  []byte
	hole bool // a value follows lit
	num  bool // the hole is numeric
	a, b float64
	dec  int8 // decimals of a numeric hole
	pad  int8 // zero-pad the integer part to this width
	cse  int8 // string holes: 0 as is, 1 upper case, 2 lower case
}

type tmpl struct {
	sel     int16
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

// render appends the template's text for the selector values sv.
func (t *tmpl) render(dst []byte, sv []Feature) ([]byte, bool) {
	if int(t.sel) >= len(sv) || t.sel < 0 {
		return dst, false
	}
	v := &sv[t.sel]
	for i := range t.parts {
		p := &t.parts[i]
		dst = append(dst, p.lit...)
		if !p.hole {
			continue
		}
		if !v.ok {
			return dst, false
		}
		if p.num {
			if !v.isNum {
				return dst, false
			}
			var ok bool
			if dst, ok = appendNum(dst, p.a*v.num+p.b, p.dec, p.pad); !ok {
				return dst, false
			}
			continue
		}
		if !v.isStr {
			return dst, false
		}
		dst = appendCase(dst, v.str, p.cse)
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

// numeric tokens

type tok struct {
	start, end int
	val        float64
	dec        int8
	width      int8 // digits of the integer part
	lead0      bool // the integer part has a leading zero ("05")
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlnum(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// numTokens finds the numbers written in s: -?digits(.digits)?. A minus sign
// belongs to the number only at the start or after a character that is not
// a letter, digit or minus.
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
		t := tok{start: start, width: int8(min(i-ds, 100))}
		t.lead0 = i-ds > 1 && s[ds] == '0'
		if i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
			i++
			fs := i
			for i < len(s) && isDigit(s[i]) {
				i++
			}
			t.dec = int8(min(i-fs, 100))
		}
		t.end = i
		if i-start > 18 || t.dec > 9 {
			continue // too long to be a rendered value
		}
		f, err := strconv.ParseFloat(string(s[start:i]), 64)
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

// checkNum reports whether the hole renders x as the token text.
func checkNum(p *tpart, x float64, text []byte, scratch []byte) bool {
	out, ok := appendNum(scratch[:0], p.a*x+p.b, p.dec, p.pad)
	return ok && bytes.Equal(out, text)
}

// deriveTemplates proposes templates explaining the pair of samples (o for
// the value with selector values so, n for sn). Numeric holes are fitted to
// the pair (a·x+b from two points) or taken as the value itself; string holes
// are the occurrences of a string selector's value.
func deriveTemplates(o []byte, so []Feature, n []byte, sn []Feature) []tmpl {
	var out []tmpl
	var scratch [64]byte
	// string holes
	for s := range sn {
		if len(out) >= maxTemplates {
			break
		}
		from, fromV, other, otherV := n, &sn[s], o, (*Feature)(nil)
		if s < len(so) {
			otherV = &so[s]
		}
		if !fromV.ok || !fromV.isStr || len(fromV.str) == 0 {
			if otherV == nil || !otherV.ok || !otherV.isStr || len(otherV.str) == 0 {
				continue
			}
			from, fromV, other, otherV = o, otherV, n, fromV
		}
		_ = other
		for cse := int8(0); cse < 3 && len(out) < maxTemplates; cse++ {
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
				if len(out) >= maxTemplates {
					break
				}
				t := tmpl{sel: int16(s), fitted: 1}
				prev := 0
				for _, at := range set {
					t.parts = append(t.parts, tpart{lit: clone(from[prev:at]), hole: true, cse: cse})
					prev = at + len(pat)
				}
				t.parts = append(t.parts, tpart{lit: clone(from[prev:])})
				out = append(out, t)
			}
		}
	}
	// numeric holes
	tn := numTokens(n, nil)
	if len(tn) == 0 {
		return out
	}
	to := numTokens(o, nil)
	aligned := sameSkeleton(o, to, n, tn)
	for s := range sn {
		if len(out) >= maxTemplates {
			break
		}
		vn := &sn[s]
		if !vn.ok || !vn.isNum {
			continue
		}
		var vo *Feature
		if s < len(so) && so[s].ok && so[s].isNum {
			vo = &so[s]
		}
		t := tmpl{sel: int16(s), fitted: 1}
		prev, holes := 0, 0
		for k, tk := range tn {
			text := n[tk.start:tk.end]
			p := tpart{num: true, a: 1, dec: tk.dec, pad: padOf(tk)}
			hole := false
			if aligned && bytes.Equal(o[to[k].start:to[k].end], text) {
				hole = false // a constant number
			} else if checkNum(&p, vn.num, text, scratch[:]) && (!aligned || vo == nil || checkNum(&p, vo.num, o[to[k].start:to[k].end], scratch[:])) {
				hole = true // the value itself
			} else if aligned && vo != nil && vo.num != vn.num && to[k].dec == tk.dec {
				ot := to[k]
				p.a = snap((tk.val - ot.val) / (vn.num - vo.num))
				p.b = snap(tk.val - p.a*vn.num)
				if p.pad == 0 {
					p.pad = padOf(ot)
				}
				if checkNum(&p, vn.num, text, scratch[:]) && checkNum(&p, vo.num, o[ot.start:ot.end], scratch[:]) {
					hole = true
					t.fitted = 2
				}
			}
			if !hole {
				continue
			}
			t.parts = append(t.parts, tpart{lit: clone(n[prev:tk.start]), hole: true, num: true, a: p.a, b: p.b, dec: p.dec, pad: p.pad})
			prev = tk.end
			holes++
		}
		if holes == 0 {
			continue
		}
		t.parts = append(t.parts, tpart{lit: clone(n[prev:])})
		out = append(out, t)
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
		if !bytes.Equal(a.lit, b.lit) || a.hole != b.hole || a.num != b.num || a.a != b.a || a.b != b.b ||
			a.dec != b.dec || a.pad != b.pad || a.cse != b.cse {
			return false
		}
	}
	return true
}

func (t *tmpl) code(c snapshot.Coder) {
	snapshot.I16(c, "sel", &t.sel, 0, maxSelectors)
	snapshot.I32(c, "fitted", &t.fitted, 0, math.MaxInt32)
	snapshot.I32(c, "matches", &t.matches, 0, math.MaxInt32)
	snapshot.I32(c, "misses", &t.misses, 0, math.MaxInt32)
	c.List("parts", len(t.parts), 2*maxTokens+2*maxStrHoles+2, func(j int) {
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
		snapshot.I8(c, "pad", &p.pad, 0, 100)
		snapshot.I8(c, "case", &p.cse, 0, 2)
	})
}

// String writes the template for people: "Count: {x:.0}", "{2*x+1:.0}",
// "Hello, {s}!".
func (t *tmpl) String() string {
	var b strings.Builder
	for _, p := range t.parts {
		b.Write(p.lit)
		if !p.hole {
			continue
		}
		switch {
		case p.num && p.a == 1 && p.b == 0:
			fmt.Fprintf(&b, "{x:.%d}", p.dec)
		case p.num:
			fmt.Fprintf(&b, "{%g*x%+g:.%d}", p.a, p.b, p.dec)
		default:
			b.WriteString([...]string{"{s}", "{upper(s)}", "{lower(s)}"}[p.cse])
		}
	}
	return b.String()
}
