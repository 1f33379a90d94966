package outcome

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestAppendNum(t *testing.T) {
	for _, c := range []struct {
		x        float64
		dec, pad int8
		want     string // "" when it cannot be written
	}{
		{5, 0, 0, "5"},
		{-3, 0, 0, "-3"},
		{2.5, 0, 0, ""}, // not an integer
		{12.5, 2, 0, "12.50"},
		{-0.001, 2, 0, "0.00"}, // no negative zero
		{7, 0, 3, "007"},
		{-7, 0, 3, "-007"},
		{3.5, 1, 3, "003.5"},
		{1234, 0, 2, "1234"},
		{math.NaN(), 0, 0, ""},
		{math.Inf(1), 0, 0, ""},
		{1 << 54, 0, 0, ""},
	} {
		out, ok := appendNum(nil, c.x, c.dec, c.pad)
		if got := string(out); (c.want == "" && ok) || (c.want != "" && (!ok || got != c.want)) {
			t.Errorf("appendNum(%v, %d, %d) = %q %v, want %q", c.x, c.dec, c.pad, got, ok, c.want)
		}
	}
}

func TestNumTokens(t *testing.T) {
	for _, c := range []struct {
		s    string
		want string // value/decimals/width of each token
	}{
		{"Page 2 of 10", "2/0/1 10/0/2"},
		{"Total: $12.50", "12.5/2/2"},
		{"x -5 y", "-5/0/1"},
		{"a-5", "5/0/1"},       // a minus after a letter is a dash
		{"1-5", "1/0/1 5/0/1"}, // and after a digit
		{"00:05", "0/0/2 5/0/2"},
		{"v1.2.3", "1.2/1/1"},     // the rest of a number already refused
		{"1 2 3 4 5 6 7 8 9", ""}, // more than maxTokens: none
		{"1234567890123456789", ""},
		{"no numbers", ""},
	} {
		var got []string
		for _, tk := range numTokens([]byte(c.s), nil) {
			got = append(got, fmt.Sprintf("%g/%d/%d", tk.val, tk.dec, tk.width))
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("numTokens(%q) = %s, want %s", c.s, g, c.want)
		}
	}
}

// sample is one (value, text) pair.
type sample struct {
	value, text string
}

// features parses value and reads it through the selectors derived from the
// first sample's value.
func features(t *testing.T, sels *Selectors, value string) []Feature {
	t.Helper()
	ch, root := parseNew(t, value)
	if len(*sels) == 0 {
		*sels = DeriveSelectors(&ch.Values, []int32{root})
	}
	return sels.Eval(nil, &ch.Values, root)
}

// TestDeriveTemplates: the templates proposed from a pair of samples, and
// what they render for a value never seen.
func TestDeriveTemplates(t *testing.T) {
	for _, c := range []struct {
		name   string
		a, b   sample
		want   string // one of the templates, as String writes it
		value  string
		render string // what it renders for value
	}{
		{"the value", sample{`4`, "Count: 4"}, sample{`5`, "Count: 5"}, "Count: {x:.0}", `7`, "Count: 7"},
		{"x+1 beside a constant", sample{`1`, "Page 2 of 10"}, sample{`2`, "Page 3 of 10"}, "Page {1*x+1:.0} of 10", `7`, "Page 8 of 10"},
		{"two holes", sample{`1`, "Items 21-40"}, sample{`2`, "Items 41-60"}, "Items {20*x+1:.0}-{20*x+20:.0}", `1.5`, "Items 31-50"},
		{"decimals", sample{`2`, "Total: $25.00"}, sample{`3`, "Total: $37.50"}, "Total: ${12.5*x+0:.2}", `4`, "Total: $50.00"},
		{"zero padding", sample{`5`, "00:05"}, sample{`6`, "00:06"}, "00:{x:.0}", `7`, "00:07"},
		{"percent", sample{`40`, "width: 40%"}, sample{`50`, "width: 50%"}, "width: {x:.0}%", `45`, "width: 45%"},
		{"a string", sample{`"al"`, "Hello, al!"}, sample{`"ali"`, "Hello, ali!"}, "Hello, {s}!", `"bob"`, "Hello, bob!"},
		{"upper case", sample{`"al"`, "HELLO, AL"}, sample{`"ali"`, "HELLO, ALI"}, "HELLO, {upper(s)}", `"bob"`, "HELLO, BOB"},
		{"a string's length", sample{`"ab"`, "2/20"}, sample{`"abc"`, "3/20"}, "{x:.0}/20", `"hello"`, "5/20"},
		// count_false itself, and len-1, both fit
		{"a count", sample{`[false,true]`, "1 left"}, sample{`[false,false,true]`, "2 left"}, "{x:.0} left", `[false,false,false,true]`, "3 left"},
		{"a count, or the length less one", sample{`[false,true]`, "1 left"}, sample{`[false,false,true]`, "2 left"}, "{1*x-1:.0} left", `[false,false,false,true]`, "3 left"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var sels Selectors
			fa := features(t, &sels, c.a.value)
			fb := features(t, &sels, c.b.value)
			ts := deriveTemplates([]byte(c.a.text), fa, []byte(c.b.text), fb)
			var names []string
			want := -1
			for i := range ts {
				names = append(names, ts[i].String())
				if names[i] == c.want {
					want = i
				}
			}
			if want < 0 {
				t.Fatalf("templates %q, want %q among them", names, c.want)
			}
			// every proposal matches both samples
			for i := range ts {
				for _, s := range []struct {
					f    []Feature
					text string
				}{{fa, c.a.text}, {fb, c.b.text}} {
					if !ts[i].match(s.f, []byte(s.text)) {
						t.Errorf("%s does not match %q", names[i], s.text)
					}
				}
			}
			out, ok := ts[want].render(nil, features(t, &sels, c.value))
			if !ok || string(out) != c.render {
				t.Errorf("%s renders %q %v for %s, want %q", c.want, out, ok, c.value, c.render)
			}
		})
	}
}

func TestTemplateRenderMismatch(t *testing.T) {
	var sels Selectors
	ts := deriveTemplates([]byte("Count: 4"), features(t, &sels, `4`), []byte("Count: 5"), features(t, &sels, `5`))
	if len(ts) == 0 {
		t.Fatal("no template")
	}
	// a numeric hole does not render a string, nor a number it cannot write
	if out, ok := ts[0].render(nil, features(t, &sels, `"five"`)); ok {
		t.Errorf("rendered %q for a string", out)
	}
	if out, ok := ts[0].render(nil, features(t, &sels, `4.5`)); ok {
		t.Errorf("rendered %q for 4.5 with no decimals", out)
	}
}

func TestTemplateLife(t *testing.T) {
	// a template must be confirmed by a sample it was not fitted on before
	// it is used, and dies after too many misses
	tm := tmpl{fitted: 2, matches: 2}
	if tm.usable() {
		t.Error("usable before a confirmation")
	}
	tm.matches = 3
	if !tm.usable() {
		t.Error("not usable after a confirmation")
	}
	for _, c := range []struct {
		matches, misses int32
		dead            bool
	}{{0, 0, false}, {0, 1, true}, {4, 1, false}, {4, 2, true}, {8, 2, false}, {100, 2, false}, {100, 3, true}} {
		tm := tmpl{matches: c.matches, misses: c.misses}
		if tm.dead() != c.dead {
			t.Errorf("%d matches, %d misses: dead %v", c.matches, c.misses, tm.dead())
		}
	}
}

// TestTemplateEdges: a hole renders no value across a formatting edge from
// the values its samples confirmed (a sign, a digit more, 60, the
// thousands separator), until a sample there confirms it.
func TestTemplateEdges(t *testing.T) {
	var sels Selectors
	derive := func(a, b sample) tmpl {
		t.Helper()
		ts := deriveTemplates([]byte(a.text), features(t, &sels, a.value), []byte(b.text), features(t, &sels, b.value))
		if len(ts) == 0 {
			t.Fatalf("no template from %v, %v", a, b)
		}
		return ts[0]
	}
	renders := func(tm *tmpl, value string) string {
		out, ok := tm.render(nil, features(t, &sels, value))
		if !ok {
			return "<silent>"
		}
		return string(out)
	}
	ago := derive(sample{`5`, "5 min ago"}, sample{`9`, "9 min ago"})
	for _, c := range []struct{ value, want string }{{`7`, "7 min ago"}, {`30`, "30 min ago"}, {`2`, "2 min ago"}, {`1`, "<silent>"}, {`0`, "<silent>"}, {`-3`, "<silent>"}, {`59`, "59 min ago"}, {`75`, "<silent>"}} {
		if got := renders(&ago, c.value); got != c.want {
			t.Errorf("%s: %q, want %q (%s)", c.value, got, c.want, ago.String())
		}
	}
	// a count of a time unit carries into the next unit: minutes and
	// seconds at 60 ("1 hour ago"), hours at 24 ("yesterday"), days at 7
	hours := derive(sample{`2`, "2 hours ago"}, sample{`3`, "3 hours ago"})
	secs0 := derive(sample{`12`, "12s left"}, sample{`13`, "13s left"})
	days := derive(sample{`3`, "in 3 days"}, sample{`4`, "in 4 days"})
	for _, c := range []struct {
		tm          *tmpl
		value, want string
	}{{&hours, `23`, "23 hours ago"}, {&hours, `30`, "<silent>"}, {&secs0, `59`, "59s left"}, {&secs0, `61`, "<silent>"},
		{&days, `6`, "in 6 days"}, {&days, `9`, "<silent>"}} {
		if got := renders(c.tm, c.value); got != c.want {
			t.Errorf("%s: %q, want %q (%s)", c.value, got, c.want, c.tm.String())
		}
	}
	// the fields of a time with colons: hours carry at 24, minutes at 60
	iso := derive(sample{`20`, "2024-03-05T20:10:00Z"}, sample{`21`, "2024-03-05T21:10:00Z"})
	mins := derive(sample{`20`, "at 14:20"}, sample{`21`, "at 14:21"})
	// minutes of the day written as hh:mm after the T: a day is 1440
	var msels Selectors
	var isoMins []tmpl
	for _, tm := range deriveTemplates([]byte("2024-03-05T20:10:00Z"), features(t, &msels, `1210`), []byte("2024-03-05T20:11:00Z"), features(t, &msels, `1211`)) {
		if out, ok := tm.render(nil, features(t, &msels, `1215`)); ok && string(out) == "2024-03-05T20:15:00Z" {
			isoMins = append(isoMins, tm)
		}
	}
	if len(isoMins) == 0 {
		t.Fatal("no template of the minutes of the day")
	}
	for _, tm := range isoMins {
		if out, ok := tm.render(nil, features(t, &msels, `1690`)); ok {
			t.Errorf("1690 minutes rendered as %q by %s", out, tm.String())
		}
	}
	for _, c := range []struct {
		tm          *tmpl
		value, want string
	}{{&iso, `23`, "2024-03-05T23:10:00Z"}, {&iso, `28`, "<silent>"}, {&mins, `59`, "at 14:59"}, {&mins, `64`, "<silent>"}} {
		if got := renders(c.tm, c.value); got != c.want {
			t.Errorf("%s: %q, want %q (%s)", c.value, got, c.want, c.tm.String())
		}
	}
	// a percentage is complete at 100 ("Done!" beside "99% complete")
	pct := derive(sample{`40`, "40% complete"}, sample{`50`, "50% complete"})
	for _, c := range []struct{ value, want string }{{`99`, "99% complete"}, {`100`, "<silent>"}} {
		if got := renders(&pct, c.value); got != c.want {
			t.Errorf("%s: %q, want %q", c.value, got, c.want)
		}
	}
	// "15" and "16" do not say whether 9 is "9" or "09"
	secs := derive(sample{`15`, "at 15 s"}, sample{`16`, "at 16 s"})
	if got := renders(&secs, `9`); got != "<silent>" {
		t.Errorf("9 with the padding unknown: %q", got)
	}
	if !secs.match(features(t, &sels, `8`), []byte("at 08 s")) {
		t.Fatal("08 does not match")
	}
	if got := renders(&secs, `7`); got != "at 07 s" {
		t.Errorf("7: %q", got)
	}
	// the thousands separator is learned at the first sample past 999
	visitors := derive(sample{`998`, "998 visitors"}, sample{`999`, "999 visitors"})
	if got := renders(&visitors, `1000`); got != "<silent>" {
		t.Errorf("1000 before any sample there: %q", got)
	}
	if !visitors.match(features(t, &sels, `1001`), []byte("1,001 visitors")) {
		t.Fatal("1,001 does not match")
	}
	if got := renders(&visitors, `1234`); got != "1,234 visitors" {
		t.Errorf("1234: %q", got)
	}
}

// TestTemplateValueFunctions: the hole kinds beside a·x+b, each derived
// from a pair of samples, confirmed by a third, then rendering a value
// never seen.
func TestTemplateValueFunctions(t *testing.T) {
	for _, c := range []struct {
		name       string
		a, b, conf sample
		want       string // the template's String
		value      string
		render     string
	}{
		{"thousands", sample{`12345`, "12,345 points"}, sample{`12400`, "12,400 points"}, sample{`13000`, "13,000 points"},
			"{x:,.0} points", `15034`, "15,034 points"},
		{"money in cents", sample{`123450`, "$1,234.50"}, sample{`123475`, "$1,234.75"}, sample{`99999`, "$999.99"},
			"${0.01*x+0:,.2}", `100001`, "$1,000.01"},
		{"m:ss", sample{`65`, "1:05"}, sample{`66`, "1:06"}, sample{`119`, "1:59"},
			"{dur2(1*x+0)}", `120`, "2:00"},
		{"remaining h:mm:ss", sample{`21`, "-1:12:09"}, sample{`22`, "-1:12:08"}, sample{`30`, "-1:12:00"},
			"-{dur3(-1*x+4350)}", `31`, "-1:11:59"},
		{"an ISO duration", sample{`1499`, "PT24M59S"}, sample{`1498`, "PT24M58S"}, sample{`1442`, "PT24M2S"},
			"PT{dur2(1*x+0)}S", `1441`, "PT24M1S"},
		{"spoken", sample{`65`, "1 minute 5 seconds of 5 minutes"}, sample{`66`, "1 minute 6 seconds of 5 minutes"}, sample{`90`, "1 minute 30 seconds of 5 minutes"},
			"{spoken(1*x+0)} of 5 minutes", `100`, "1 minute 40 seconds of 5 minutes"},
		{"a rounded share", sample{`100`, "width: 30%"}, sample{`200`, "width: 59%"}, sample{`150`, "width: 45%"},
			"width: {round([0.2967,0.2967]*x):.0}%", `110`, "width: 33%"},
		{"a clock time", sample{`424`, "Updated 9:04 PM"}, sample{`425`, "Updated 9:05 PM"}, sample{`430`, "Updated 9:10 PM"},
			"Updated {dur2(1*x+120)} PM", `431`, "Updated 9:11 PM"},
		{"a clock time across noon", sample{`600`, "Updated 10:00 AM"}, sample{`601`, "Updated 10:01 AM"}, sample{`785`, "Updated 1:05 PM"},
			"Updated {clock(60*x+0)}", `700`, "Updated 11:40 AM"},
		{"a clock in seconds, lower case", sample{`49500`, "at 01:45pm"}, sample{`49560`, "at 01:46pm"}, sample{`50000`, "at 01:53pm"},
			"at {clock(1*x+0)}", `49999`, "at 01:53pm"},
		{"megabytes", sample{`3565158`, "3.4 MB"}, sample{`4194304`, "4.0 MB"}, sample{`5347738`, "5.1 MB"},
			"{round([9.537e-07,9.537e-07]*x):.1} MB", `4300000`, "4.1 MB"},
		// two holes, each a rounding: neither is the line two samples fit
		// (that line's offset is no whole number of its last digit)
		{"uploaded of a total", sample{`[{"size":477254206,"loaded":59659925}]`, "56.9 MB of 455.1 MB · 13%"},
			sample{`[{"size":477254206,"loaded":178977411}]`, "170.7 MB of 455.1 MB · 38%"},
			sample{`[{"size":477254206,"loaded":258519784}]`, "246.5 MB of 455.1 MB · 54%"},
			"{round(", `[{"size":477254206,"loaded":306246231}]`, "292.1 MB of 455.1 MB · 64%"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var sels Selectors
			fa, fb, fc := features(t, &sels, c.a.value), features(t, &sels, c.b.value), features(t, &sels, c.conf.value)
			ts := deriveTemplates([]byte(c.a.text), fa, []byte(c.b.text), fb)
			var names []string
			for i := range ts {
				names = append(names, ts[i].String())
			}
			found := false
			for i := range ts {
				tm := &ts[i]
				if !tm.match(fc, []byte(c.conf.text)) {
					continue
				}
				out, ok := tm.render(nil, features(t, &sels, c.value))
				if ok && string(out) == c.render {
					found = true
					if !strings.HasPrefix(tm.String(), c.want[:min(len(c.want), 5)]) {
						t.Logf("rendered by %s", tm.String())
					}
				}
			}
			if !found {
				t.Errorf("no template renders %s as %q: %q", c.value, c.render, names)
			}
		})
	}
}

// TestTemplateCapsAndPlurals: a cap ("99+") and a singular word ("1 item")
// are learned from the first sample that shows them, and rendered from
// then on.
func TestTemplateCapsAndPlurals(t *testing.T) {
	var sels Selectors
	f := func(v string) []Feature { return features(t, &sels, v) }
	renders := func(tm *tmpl, v string) string {
		out, ok := tm.render(nil, f(v))
		if !ok {
			return "<silent>"
		}
		return string(out)
	}
	ts := deriveTemplates([]byte("5"), f(`5`), []byte("6"), f(`6`))
	if len(ts) == 0 {
		t.Fatal("no template")
	}
	badge := &ts[0]
	if !badge.match(f(`120`), []byte("99+")) {
		t.Fatalf("99+ does not match %s", badge.String())
	}
	for _, c := range []struct{ v, want string }{{`150`, "99+"}, {`7`, "7"}, {`99`, "99"}, {`100`, "99+"}} {
		if got := renders(badge, c.v); got != c.want {
			t.Errorf("%s: %q, want %q", c.v, got, c.want)
		}
	}
	ts = deriveTemplates([]byte("Subtotal (2 items)"), f(`2`), []byte("Subtotal (3 items)"), f(`3`))
	if len(ts) == 0 {
		t.Fatal("no template")
	}
	sub := &ts[0]
	if got := renders(sub, `1`); got != "<silent>" {
		t.Errorf("1 before a sample: %q", got)
	}
	if !sub.match(f(`1`), []byte("Subtotal (1 item)")) {
		t.Fatalf("1 item does not match %s", sub.String())
	}
	for _, c := range []struct{ v, want string }{{`1`, "Subtotal (1 item)"}, {`4`, "Subtotal (4 items)"}} {
		if got := renders(sub, c.v); got != c.want {
			t.Errorf("%s: %q, want %q", c.v, got, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{{" items)", " item)"}, {" replies", " reply"}, {" class", ""}, {"s", ""}, {" seats / month", " seat / month"}} {
		if got := string(singular([]byte(c.in))); got != c.want {
			t.Errorf("singular(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestClockEdges: a clock's time renders only inside the range its samples
// confirmed, or outside it where the text keeps its form: "9:59 AM" says
// nothing of how 10 o'clock or noon are written.
func TestClockEdges(t *testing.T) {
	var sels Selectors
	f := func(v string) []Feature { return features(t, &sels, v) }
	ts := deriveTemplates([]byte("Updated 9:04 AM"), f(`544`), []byte("Updated 9:05 AM"), f(`545`))
	var clock *tmpl
	for i := range ts {
		if strings.Contains(ts[i].String(), "clock") {
			clock = &ts[i]
		}
	}
	if clock == nil {
		t.Fatal("no clock template")
	}
	if !clock.match(f(`550`), []byte("Updated 9:10 AM")) {
		t.Fatal("9:10 AM does not match")
	}
	for _, c := range []struct{ v, want string }{
		{`548`, "Updated 9:08 AM"}, {`590`, "Updated 9:50 AM"}, {`540`, "Updated 9:00 AM"},
		{`600`, "<silent>"}, {`720`, "<silent>"}, {`539`, "Updated 8:59 AM"}, {`2000`, "<silent>"},
	} {
		out, ok := clock.render(nil, f(c.v))
		got := string(out)
		if !ok {
			got = "<silent>"
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.v, got, c.want)
		}
	}
}

// TestDateHoles: a date, from an ISO string or from seconds or
// milliseconds since 1970, in the layout both samples show, confirmed by a
// third and rendered for a date never seen; a count is no date.
func TestDateHoles(t *testing.T) {
	for _, c := range []struct {
		name       string
		a, b, conf sample
		value      string
		render     string
	}{
		{"an ISO date", sample{`"2024-03-14"`, "Selected: Thu, Mar 14, 2024"}, sample{`"2024-03-15"`, "Selected: Fri, Mar 15, 2024"},
			sample{`"2024-04-02"`, "Selected: Tue, Apr 2, 2024"}, `"2025-01-01"`, "Selected: Wed, Jan 1, 2025"},
		{"an ISO time", sample{`"2024-03-14T09:30:00Z"`, "Due March 14"}, sample{`"2024-03-20T18:00:00Z"`, "Due March 20"},
			sample{`"2024-05-01T00:00:00Z"`, "Due May 1"}, `"2024-12-25T12:00:00Z"`, "Due December 25"},
		{"seconds", sample{`1710403200`, "posted 14/03/2024"}, sample{`1710489600`, "posted 15/03/2024"},
			sample{`1712016000`, "posted 02/04/2024"}, `1735689600`, "posted 01/01/2025"},
		{"milliseconds", sample{`1710403200000`, "2024-03-14"}, sample{`1710489600000`, "2024-03-15"},
			sample{`1712016000000`, "2024-04-02"}, `1735689600000`, "2025-01-01"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var sels Selectors
			fa, fb, fc := features(t, &sels, c.a.value), features(t, &sels, c.b.value), features(t, &sels, c.conf.value)
			ts := deriveTemplates([]byte(c.a.text), fa, []byte(c.b.text), fb)
			found := false
			for i := range ts {
				tm := &ts[i]
				if !strings.Contains(tm.String(), "date") || !tm.match(fc, []byte(c.conf.text)) {
					continue
				}
				if out, ok := tm.render(nil, features(t, &sels, c.value)); ok && string(out) == c.render {
					found = true
				}
			}
			if !found {
				var names []string
				for i := range ts {
					names = append(names, ts[i].String())
				}
				t.Errorf("no date template renders %s as %q: %q", c.value, c.render, names)
			}
		})
	}
	// a count that changes is no date
	var sels Selectors
	ts := deriveTemplates([]byte("12 items"), features(t, &sels, `12`), []byte("13 items"), features(t, &sels, `13`))
	for i := range ts {
		if strings.Contains(ts[i].String(), "date") {
			t.Errorf("a count read as a date: %s", ts[i].String())
		}
	}
}

// TestNiceSlope: the one round factor of a narrow interval of slopes (a
// conversion rate in percent, 100·orders/visitors, whose samples left the
// slope in [98.3, 101.8]), that a rounding hole renders by where the
// interval's ends round apart; an interval that is wide, or holds none, has
// none.
func TestNiceSlope(t *testing.T) {
	for _, c := range []struct {
		a, b float64
		want float64
		ok   bool
	}{
		{98.3, 101.8, 100, true},
		{9.5e-07, 9.56e-07, 1.0 / (1 << 20), true},
		{0.05, 0.12, 0, false},         // too wide: 0.08 (a tax) is as likely as 0.1
		{0.004373, 0.004377, 0, false}, // no round factor
		{-101, -99, -100, true},
	} {
		got, ok := niceSlope(c.a, c.b)
		if ok != c.ok || ok && got != c.want {
			t.Errorf("[%g, %g]: %g %v, want %g %v", c.a, c.b, got, ok, c.want, c.ok)
		}
	}
}

// TestNoReciprocalRounding: "--elapsed: 0%" at 1,493 seconds left and "1%"
// at 1,492, with running true in both, fit round(746·running/remaining) by
// chance (it went on to show 1% for 2%); a flag of 1 over a number is no
// share, and no template divides by the number so.
func TestNoReciprocalRounding(t *testing.T) {
	sv := func(remaining float64) []Feature {
		return []Feature{numFeature(remaining), {ok: true, whole: true, hash: uint64(remaining)}, numFeature(1)}
	}
	for _, tm := range deriveTemplates([]byte("--elapsed: 0%"), sv(1493), []byte("--elapsed: 1%"), sv(1492)) {
		for _, p := range tm.parts {
			if p.hole && p.kind == hRound && p.sel2 >= 0 && p.sel == 2 {
				t.Errorf("a rounding of running/remaining: %s", tm.String())
			}
		}
	}
}

// TestRoundingOfTheShareLeft: a countdown's "--elapsed: N%" is
// round(100 − 100·remaining/total), with the total in no selector: from 0%
// at 1,493 seconds left and 1% at 1,492 the share left is fitted
// (100 − a·x), confirmed at 1,478 and, once a sample showed 2% (an edge:
// silent before), renders 3% at 1,450 and 33% at 1,000 (a threshold
// between the first two texts had said 1%). A number not followed
// by "%" is no share and gets no such fit.
func TestRoundingOfTheShareLeft(t *testing.T) {
	sv := func(x float64) []Feature { return []Feature{numFeature(x)} }
	var share *tmpl
	for _, tm := range deriveTemplates([]byte("--elapsed: 0%"), sv(1493), []byte("--elapsed: 1%"), sv(1492)) {
		for _, p := range tm.parts {
			if p.hole && p.kind == hRound && p.off == 100 && p.sel2 < 0 {
				share = &tm
			}
		}
	}
	if share == nil {
		t.Fatal("no rounding of the share left")
	}
	if !share.match(sv(1478), []byte("--elapsed: 1%")) {
		t.Fatalf("%s does not match 1%% at 1478", share.String())
	}
	render := func(x float64, want string) {
		t.Helper()
		if out, ok := share.render(nil, sv(x)); !ok || string(out) != want {
			t.Errorf("%s at %v: %q %v, want %q", share.String(), x, out, ok, want)
		}
	}
	if out, ok := share.render(nil, sv(1477)); ok {
		t.Errorf("%s at 1477: %q before a sample showed 2 (an edge)", share.String(), out)
	}
	if !share.match(sv(1477), []byte("--elapsed: 2%")) {
		t.Fatalf("%s does not match 2%% at 1477", share.String())
	}
	render(1470, "--elapsed: 2%")
	render(1450, "--elapsed: 3%")
	render(1000, "--elapsed: 33%")
	for _, tm := range deriveTemplates([]byte("elapsed 0 of 3"), sv(1493), []byte("elapsed 1 of 3"), sv(1492)) {
		for _, p := range tm.parts {
			if p.hole && p.kind == hRound && p.off != 0 {
				t.Errorf("a share left without a %%: %s", tm.String())
			}
		}
	}
}

// TestNoRatioWithoutARoundFactor: a rounding of the ratio of two members
// is a hole only while its samples leave it a round factor (100 for a
// share, 1 for an average): a count that the ratio of visitors to orders
// happened to fit by 0.13 is a coincidence of the data, not a template
// (the dashboard's refunds were once "rendered" so).
func TestNoRatioWithoutARoundFactor(t *testing.T) {
	var sels Selectors
	f := func(v string) []Feature { return features(t, &sels, v) }
	a, b := f(`{"visitors":1000,"orders":20,"refunds":3}`), f(`{"visitors":1200,"orders":30,"refunds":4}`)
	for _, tm := range deriveTemplates([]byte("7 refunds"), a, []byte("5 refunds"), b) {
		if s := tm.String(); strings.Contains(s, "/x") {
			t.Errorf("a ratio by no round factor: %s", s)
		}
	}
	// a share keeps its ratio: round(100·orders/visitors)
	c, d := f(`{"visitors":1000,"orders":20,"refunds":3}`), f(`{"visitors":1200,"orders":30,"refunds":3}`)
	found := false
	for _, tm := range deriveTemplates([]byte("2% converted"), c, []byte("3% converted"), d) {
		found = found || strings.Contains(tm.String(), "/x")
	}
	if !found {
		t.Error("no share of two members")
	}
	// and a ratio whose samples narrowed it past every round factor renders
	// nothing
	p := newHole(hRound, 1)
	p.sel2, p.a, p.b = 2, 0.1324, 0.1325
	if _, ok := p.renderHole(nil, a, false, nil); ok {
		t.Error("a narrowed ratio without a round factor rendered")
	}
}

// TestNoHoleReadsAFlag: a boolean or a membership (1 or 0) is no number a
// text shows: no template hole reads one, however well it fits ("{x·y}
// selected" with y the membership of a row was fitted to a count that was
// the selection's length, and sent "6 selected" for "All 6 selected").
func TestNoHoleReadsAFlag(t *testing.T) {
	var sels Selectors
	a, b := features(t, &sels, `{"count":5,"all":true,"ids":[1,2]}`), features(t, &sels, `{"count":6,"all":true,"ids":[1,3]}`)
	ts := deriveTemplates([]byte("5 selected"), a, []byte("6 selected"), b)
	if len(ts) == 0 {
		t.Fatal("no template of the count")
	}
	for _, tm := range ts {
		for _, p := range tm.parts {
			for _, s := range []int16{p.sel, p.sel2} {
				if p.hole && s >= 0 && int(s) < len(b) && b[s].flag {
					t.Errorf("%s reads a flag (%s)", tm.String(), sels[s].String())
				}
			}
		}
	}
}
