package outcome

import (
	"bytes"
	"math"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"
)

// The value functions of template holes: numbers with fixed decimals,
// zero padding and thousands separators, roundings, durations (m:ss,
// h:mm:ss, in words), singular words, and the formatting edges no hole
// renders across unconfirmed; and the numbers a text shows (numTokens).

// formatting edges: a value on the other side of one from every value a
// hole confirmed is not rendered
var (
	edgesNum  = [...]float64{0, 1, 2, 1000, 1e6, 1e9, 1e12}
	edgesPct  = [...]float64{0, 1, 2, 100, 1000, 1e6, 1e9, 1e12} // a percentage: 100 is complete
	edgesDur2 = [...]float64{0, 600, 3600}                       // m:ss: a minute digit more; the hours
	edgesDur3 = [...]float64{0, 36000, 360000}
	// the time of day after an ISO date's T ("2024-03-05T23:10"): hh:mm
	// counted in minutes, hh:mm:ss in seconds, both carry at a day
	edgesDayDur2 = [...]float64{0, 600, 1440}
	edgesDayDur3 = [...]float64{0, 36000, 86400}
	edgesSpoken  = [...]float64{0, 1, 2, 60, 120, 3600, 7200}
	// a count of a time unit carries into the next unit ("59 min ago",
	// then "1 hour ago"): seconds and minutes at 60, hours at 24, days at
	// 7 (a week) and 30 (a month)
	edgesSixty = [...]float64{0, 1, 2, 60, 1000, 1e6, 1e9, 1e12}
	edgesHours = [...]float64{0, 1, 2, 24, 1000, 1e6, 1e9, 1e12}
	edgesDays  = [...]float64{0, 1, 2, 7, 30, 1000, 1e6, 1e9, 1e12}
)

// timeUnits are the words after a number that name a time unit, by the
// edges of its count ("min ago", "s left", "hours", "days"): the word must
// end there (no letter follows).
var timeUnits = [...]struct {
	word  string
	edges []float64
}{
	{"seconds", edgesSixty[:]}, {"second", edgesSixty[:]}, {"secs", edgesSixty[:]}, {"sec", edgesSixty[:]}, {"s", edgesSixty[:]},
	{"minutes", edgesSixty[:]}, {"minute", edgesSixty[:]}, {"mins", edgesSixty[:]}, {"min", edgesSixty[:]}, {"m", edgesSixty[:]},
	{"hours", edgesHours[:]}, {"hour", edgesHours[:]}, {"hrs", edgesHours[:]}, {"hr", edgesHours[:]}, {"h", edgesHours[:]},
	{"days", edgesDays[:]}, {"day", edgesDays[:]}, {"d", edgesDays[:]},
}

// isoTime reports whether lit ends as an ISO date does before its time: a
// digit and T.
func isoTime(lit []byte) bool {
	n := len(lit)
	return n >= 2 && lit[n-1] == 'T' && isDigit(lit[n-2])
}

// unitEdges are the edges of a number followed by next when next starts
// with a time unit (after one space at most).
func unitEdges(next []byte) ([]float64, bool) {
	if len(next) > 0 && next[0] == ' ' {
		next = next[1:]
	}
	for _, u := range timeUnits {
		if len(next) >= len(u.word) && string(next[:len(u.word)]) == u.word &&
			(len(next) == len(u.word) || !isLetter(next[len(u.word)])) {
			return u.edges, true
		}
	}
	return nil, false
}

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

// roundTo rounds y to dec decimals, half away from zero; ok is false on a
// tie (a half exactly, which apps round either way) or out of range.
func roundTo(y float64, dec int8) (float64, bool) {
	if math.IsNaN(y) || math.IsInf(y, 0) || math.Abs(y) > 1<<50 {
		return 0, false
	}
	m := pow10(dec)
	z := y * m
	f := math.Floor(z)
	if d := z - f - 0.5; math.Abs(d) < 1e-9*math.Max(1, math.Abs(z)) {
		return 0, false
	}
	return math.Round(z) / m, true
}

var pow10s = [...]float64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9}

// pow10 is 10 to the dec (0 to 9).
func pow10(dec int8) float64 {
	if dec >= 0 && int(dec) < len(pow10s) {
		return pow10s[dec]
	}
	return math.Pow(10, float64(dec))
}

// exactAt reports whether y is written exactly with dec decimals.
func exactAt(y float64, dec int8) bool {
	z := y * pow10(dec)
	return math.Abs(z-math.Round(z)) <= 1e-6*math.Max(1, math.Abs(z))
}

// appendNumber writes y with dec decimals (it must be exact at them), the
// integer part zero-padded to pad and, with group, separated by commas
// every three digits.
func appendNumber(dst []byte, y float64, dec, pad int8, group bool) ([]byte, bool) {
	if dec > 0 && !exactAt(y, dec) { // appendNum checks integers itself
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

// The 12-hour clock (hClock).
const daySecs = 86400

// clockEdges are the times of day where a 12-hour clock's text changes
// form: midnight (12 AM), 10 AM (two hour digits), noon (PM), 1 PM (one
// digit again), 10 PM.
var clockEdges = [...]float64{0, 10 * 3600, 12 * 3600, 13 * 3600, 22 * 3600}

// clockCrosses reports whether T lies outside [lo, hi] beyond a time of day
// where the clock's text changes form: the samples confirmed the form on
// their side only ("9:59 AM" says nothing of how 10 o'clock is written).
func clockCrosses(lo, hi, T float64) bool {
	if T >= lo && T <= hi {
		return false
	}
	if lo > hi { // no sample yet
		return true
	}
	a, b := hi, T
	if T < lo {
		a, b = T, lo
	}
	if b-a >= daySecs {
		return true
	}
	for _, e := range clockEdges {
		if math.Floor((b-e)/daySecs) != math.Floor((a-e)/daySecs) {
			return true
		}
	}
	return false
}

// appendClock appends T seconds as the time of day on a 12-hour clock:
// the hour (padded to pad digits), ':', the minutes, sep and AM or PM
// (cse 2: lower case).
func appendClock(dst []byte, T float64, pad int8, sep []byte, cse int8) ([]byte, bool) {
	if math.IsNaN(T) || math.Abs(T) > 1<<50 {
		return dst, false
	}
	d := int64(math.Floor(T)) % daySecs
	if d < 0 {
		d += daySecs
	}
	h24, m := d/3600, d/60%60
	h := h24 % 12
	if h == 0 {
		h = 12
	}
	if pad == 2 && h < 10 {
		dst = append(dst, '0')
	}
	dst = strconv.AppendInt(dst, h, 10)
	dst = append(dst, ':', byte('0'+m/10), byte('0'+m%10))
	dst = append(dst, sep...)
	ap := [2][2]string{{"AM", "PM"}, {"am", "pm"}}[min(max(cse-1, 0), 1)][h24/12]
	return append(dst, ap...), true
}

// clockAt reads a 12-hour clock's time at text[i:] ("3:04 PM"): its
// seconds of the day, its length, and how it is written.
func clockAt(text []byte, i int) (secs float64, n int, pad int8, sep []byte, cse int8, ok bool) {
	j := i
	for j < len(text) && j-i < 2 && isDigit(text[j]) {
		j++
	}
	if j == i || j+3 > len(text) || text[j] != ':' || !isDigit(text[j+1]) || !isDigit(text[j+2]) {
		return
	}
	h := 0
	for _, c := range text[i:j] {
		h = h*10 + int(c-'0')
	}
	m := int(text[j+1]-'0')*10 + int(text[j+2]-'0')
	if h < 1 || h > 12 || m > 59 {
		return
	}
	k := j + 3
	if k < len(text) && text[k] == ' ' {
		sep = text[k : k+1]
		k++
	}
	if k+2 > len(text) {
		return
	}
	switch string(text[k : k+2]) {
	case "AM", "PM":
		cse = 1
	case "am", "pm":
		cse = 2
	default:
		return
	}
	if k+2 < len(text) && isLetter(text[k+2]) {
		return // a word that begins with AM or PM
	}
	h24 := h % 12
	if text[k] == 'P' || text[k] == 'p' {
		h24 += 12
	}
	if j-i == 2 && text[i] == '0' {
		pad = 2 // "03:04"; "10:30" says nothing, and is taken as unpadded
	}
	return float64(h24*3600 + m*60), k + 2 - i, pad, sep, cse, true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// Dates (hDate): the common layouts, in time.Format's notation. A text
// that more than one renders (January 1 as 01/01 in either order) keeps a
// template of each, and those that render must agree.
var dateLayouts = [...]string{
	"Mon, Jan 2, 2006", "Monday, January 2, 2006", "Jan 2, 2006", "January 2, 2006",
	"2 Jan 2006", "2 January 2006", "Mon, 2 Jan 2006", "Jan 2", "January 2", "Mon, Jan 2",
	"Monday, January 2", "Mon Jan 2", "01/02/2006", "02/01/2006", "1/2/2006", "2/1/2006",
	"2006-01-02", "02.01.2006", "Jan 2006", "January 2006",
}

// isoDate reads the date an ISO 8601 string begins with ("2024-03-14",
// "2024-03-14T09:30:00Z"), at midnight UTC.
func isoDate(s []byte) (time.Time, bool) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' || len(s) > 10 && s[10] != 'T' && s[10] != ' ' {
		return time.Time{}, false
	}
	num := func(b []byte) (int, bool) {
		n := 0
		for _, c := range b {
			if !isDigit(c) {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(s[:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // February 30
		return time.Time{}, false
	}
	return t, true
}

// epochDate is the date of T seconds since 1970, UTC (years 1970 to 9999).
func epochDate(T float64) (time.Time, bool) {
	if math.IsNaN(T) || T < 0 || T > 253402300799 {
		return time.Time{}, false
	}
	return time.Unix(int64(math.Floor(T)), 0).UTC(), true
}

// niceFactors are the round factors a page scales a number by: powers of
// ten, of 1,024, and the clock's.
var niceFactors = func() []float64 {
	var out []float64
	for e := -9; e <= 9; e++ {
		out = append(out, math.Pow(10, float64(e)))
	}
	for _, f := range []float64{1024, 1 << 20, 1 << 30, 60, 3600, 24, 86400} {
		out = append(out, f, 1/f)
	}
	return out
}()

// holdsNice reports whether the interval of slopes [a, b] (either order)
// holds a round factor: a share is a ratio times 100, megabytes bytes
// times 2⁻²⁰, an average a sum over a count times 1 (or a cent's 0.01); a
// ratio of two members rounded by some other slope is a coincidence of the
// data (a conversion rate that happened to stay near 2.5% showed
// round(0.1324·visitors/orders) as the count of refunds).
func holdsNice(a, b float64) bool {
	lo, hi := min(a, b), max(a, b)
	for _, f := range niceFactors {
		if f >= lo && f <= hi || -f >= lo && -f <= hi {
			return true
		}
	}
	return false
}

// niceSlope returns the one round factor inside the interval of slopes
// [a, b] (either order) when the interval is narrow, within 5% of it: the
// samples then say the rendering scales by it, and an interval that wide
// holds no other.
func niceSlope(a, b float64) (float64, bool) {
	lo, hi := min(a, b), max(a, b)
	found, n := 0.0, 0
	for _, f := range niceFactors {
		for _, k := range [2]float64{f, -f} {
			if k >= lo && k <= hi {
				found, n = k, n+1
			}
		}
	}
	if n != 1 || (hi-lo) > 0.05*math.Abs(found) {
		return 0, false
	}
	return found, true
}
