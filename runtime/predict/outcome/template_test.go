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
		{"the value", sample{`4`, "Count: 4"}, sample{`5`, "Count: 5"}, "Count: {x:.0}", `41`, "Count: 41"},
		{"x+1 beside a constant", sample{`1`, "Page 2 of 10"}, sample{`2`, "Page 3 of 10"}, "Page {1*x+1:.0} of 10", `7`, "Page 8 of 10"},
		{"two holes", sample{`1`, "Items 21-40"}, sample{`2`, "Items 41-60"}, "Items {20*x+1:.0}-{20*x+20:.0}", `5`, "Items 101-120"},
		{"decimals", sample{`2`, "Total: $25.00"}, sample{`3`, "Total: $37.50"}, "Total: ${12.5*x+0:.2}", `4`, "Total: $50.00"},
		{"zero padding", sample{`5`, "00:05"}, sample{`6`, "00:06"}, "00:{x:.0}", `7`, "00:07"},
		{"percent", sample{`40`, "width: 40%"}, sample{`50`, "width: 50%"}, "width: {x:.0}%", `75`, "width: 75%"},
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
			// every proposal renders both samples
			for i := range ts {
				for _, s := range []struct {
					f    []Feature
					text string
				}{{fa, c.a.text}, {fb, c.b.text}} {
					if out, ok := ts[i].render(nil, s.f); !ok || string(out) != s.text {
						t.Errorf("%s renders %q %v, want %q", names[i], out, ok, s.text)
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
