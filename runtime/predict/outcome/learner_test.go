package outcome

import (
	"fmt"
	"testing"
)

func numFeature(x float64) Feature {
	return Feature{ok: true, isNum: true, cat: true, num: x, hash: numHash(x)}
}

func strFeature(s string) Feature {
	return Feature{ok: true, isStr: true, cat: true, str: []byte(s), hash: strHash([]byte(s))}
}

func newTable() table { return table{g: gen{a: -1, b: -1, lo: -1, hi: -1}} }

// answerString is what a table answers for f: the outcome's index, or "?".
func answerString(t *table, f Feature) string {
	if o, ok := t.answer(&f); ok {
		return fmt.Sprint(o)
	}
	return "?"
}

func TestTableThreshold(t *testing.T) {
	// the minus button is disabled (outcome 0) while count <= 0
	tb := newTable()
	for i, x := range []float64{0, -1, -2, 1, 2, 5} {
		out := int16(1)
		if x <= 0 {
			out = 0
		}
		tb.add(&[]Feature{numFeature(x)}[0], uint64(i), out, uint32(i))
	}
	if !tb.g.thr || tb.g.loMax != 0 || tb.g.hiMin != 1 {
		t.Fatalf("no threshold: %+v", tb.g)
	}
	for _, c := range []struct {
		x    float64
		want string
	}{{-7, "0"}, {0, "0"}, {9, "1"}, {0.5, "?"}, {2, "1"}} {
		if got := answerString(&tb, numFeature(c.x)); got != c.want {
			t.Errorf("count %v: %s, want %s", c.x, got, c.want)
		}
	}
}

func TestTableEquality(t *testing.T) {
	// the active tab: one key has outcome 0, the others 1; an unseen key
	// is not the one
	tb := newTable()
	for i, s := range []string{"a", "b", "c"} {
		out := int16(1)
		if s == "a" {
			out = 0
		}
		f := strFeature(s)
		tb.add(&f, uint64(i), out, uint32(i))
	}
	if tb.g.thr || tb.g.classes != 2 {
		t.Fatalf("%+v", tb.g)
	}
	for _, c := range []struct{ s, want string }{{"a", "0"}, {"b", "1"}, {"zzz", "1"}} {
		if got := answerString(&tb, strFeature(c.s)); got != c.want {
			t.Errorf("%q: %s, want %s", c.s, got, c.want)
		}
	}
	// three or more classes generalize to nothing
	f := strFeature("d")
	tb.add(&f, 9, 2, 9)
	if got := answerString(&tb, strFeature("zzz")); got != "?" {
		t.Errorf("three classes answered %s", got)
	}
}

func TestTableOneClass(t *testing.T) {
	tb := newTable()
	for i := 0; i < 2; i++ {
		f := numFeature(float64(i))
		tb.add(&f, uint64(i), 0, uint32(i))
	}
	if got := answerString(&tb, numFeature(7)); got != "?" {
		t.Errorf("one class of two keys answered %s", got)
	}
	f := numFeature(2)
	tb.add(&f, 2, 0, 2)
	if got := answerString(&tb, numFeature(7)); got != "0" {
		t.Errorf("one class of three keys answered %s", got)
	}
}

func TestTableConflicts(t *testing.T) {
	tb := newTable()
	one := numFeature(1)
	tb.add(&one, 1, 0, 1)
	if !tb.add(&one, 1, 1, 2) || tb.conflicts != 1 || tb.reliable() {
		t.Fatalf("a key seen with two outcomes: %+v", tb)
	}
	if got := answerString(&tb, one); got != "?" {
		t.Errorf("a conflicting key answered %s", got)
	}
	// confirmed again, the conflict heals; the table stays unreliable until
	// keys that generalized (one outcome for two whole values) outweigh
	// the past conflict
	tb.add(&one, 1, 1, 3)
	if tb.conflicts != 0 || tb.reliable() {
		t.Fatalf("healed: %+v", tb)
	}
	for i := 0; i < 4; i++ {
		f := numFeature(float64(10 + i))
		tb.add(&f, uint64(100+i), 1, uint32(10+i))
		tb.add(&f, uint64(200+i), 1, uint32(20+i))
	}
	if tb.support != 4 || !tb.reliable() {
		t.Fatalf("supported: %+v", tb)
	}
}

func TestTableBounded(t *testing.T) {
	tb := newTable()
	for i := 0; i < 3*maxEntries; i++ {
		f := numFeature(float64(i))
		tb.add(&f, uint64(i), int16(i%2), uint32(i))
		if len(tb.ents) > maxEntries {
			t.Fatalf("%d entries", len(tb.ents))
		}
	}
	// the most recent keys are kept
	if got := answerString(&tb, numFeature(3*maxEntries-1)); got != fmt.Sprint((3*maxEntries-1)%2) {
		t.Errorf("the latest key answered %s", got)
	}
}

// learned is a learner that observed every sample, each value read through
// the selectors of the first.
func learned(t *testing.T, text bool, samples []sample) (*Learner, *Selectors) {
	t.Helper()
	l := NewLearner(text)
	sels := &Selectors{}
	var buf []byte
	for _, s := range samples {
		o := Outcome{Bytes: []byte(s.text)}
		if s.text == "<absent>" {
			o = Outcome{Absent: true}
		}
		l.Observe(features(t, sels, s.value), o, &buf)
	}
	return &l, sels
}

// predicted is what l predicts for value: the text, "<absent>", or "<silent>".
func predicted(t *testing.T, l *Learner, sels *Selectors, value string) string {
	t.Helper()
	var buf []byte
	o, ok := l.Predict(features(t, sels, value), &buf)
	switch {
	case !ok:
		return "<silent>"
	case o.Absent:
		return "<absent>"
	}
	return string(o.Bytes)
}

func counting(from, to int, f func(int) string) []sample {
	var out []sample
	for i := from; i <= to; i++ {
		out = append(out, sample{fmt.Sprint(i), f(i)})
	}
	return out
}

func TestLearner(t *testing.T) {
	itemsLeft := func(i int) string {
		if i == 1 {
			return "1 item left"
		}
		return fmt.Sprintf("%d items left", i)
	}
	greet := func(s string) sample {
		if s == "" {
			return sample{`""`, "Hello, stranger!"}
		}
		return sample{fmt.Sprintf("%q", s), "Hello, " + s + "!"}
	}
	disabled := func(i int) string {
		if i <= 0 {
			return "disabled"
		}
		return "<absent>"
	}
	tab := func(s string) sample {
		if s == "b" {
			return sample{`"b"`, "tab active"}
		}
		return sample{fmt.Sprintf("%q", s), "tab"}
	}
	for _, c := range []struct {
		name    string
		text    bool // templates allowed
		samples []sample
		queries []sample // value → what is predicted
	}{
		{"a template", true, counting(0, 5, func(i int) string { return fmt.Sprintf("Count: %d", i) }),
			[]sample{{`41`, "Count: 41"}, {`-3`, "Count: -3"}, {`2.5`, "<silent>"}}},
		{"a template with an exception", true, counting(0, 6, itemsLeft),
			[]sample{{`9`, "9 items left"}, {`1`, "1 item left"}, {`0`, "0 items left"}}},
		{"no template without text", false, counting(0, 5, func(i int) string { return fmt.Sprintf("Count: %d", i) }),
			[]sample{{`3`, "Count: 3"}, {`41`, "<silent>"}}},
		{"a string template with an exception", true, []sample{greet("al"), greet("ali"), greet(""), greet("alice"), greet("bo")},
			[]sample{{`"zed"`, "Hello, zed!"}, {`""`, "Hello, stranger!"}}},
		{"a threshold", true, counting(-2, 3, disabled),
			[]sample{{`-10`, "disabled"}, {`10`, "<absent>"}}},
		{"equality", false, []sample{tab("a"), tab("b"), tab("c"), tab("a"), tab("b"), tab("c")},
			[]sample{{`"b"`, "tab active"}, {`"q"`, "tab"}}},
		{"a conflict silences", false, []sample{{`1`, "x"}, {`2`, "y"}, {`1`, "z"}},
			[]sample{{`1`, "<silent>"}}},
		{"nothing learned", true, nil, []sample{{`1`, "<silent>"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			l, sels := learned(t, c.text, c.samples)
			if len(c.samples) == 0 {
				features(t, sels, `0`)
			}
			for _, q := range c.queries {
				if got := predicted(t, l, sels, q.value); got != q.text {
					t.Errorf("%s: %q, want %q\n%s", q.value, got, q.text, l.String())
				}
			}
		})
	}
}

// TestLearnerFollowsTheGeneralizingSelector: when several selectors answer,
// those that generalized (a key seen with two whole values, one outcome)
// are preferred — a todo item's class follows done, not id.
func TestLearnerFollowsTheGeneralizingSelector(t *testing.T) {
	item := func(id int, done bool) sample {
		cls := "todo"
		if done {
			cls = "todo done"
		}
		return sample{fmt.Sprintf(`{"id":%d,"done":%v}`, id, done), cls}
	}
	l, sels := learned(t, true, []sample{item(1, false), item(2, false), item(1, true), item(3, true), item(2, true), item(3, false)})
	for _, q := range []sample{item(42, true), item(43, false)} {
		if got := predicted(t, l, sels, q.value); got != q.text {
			t.Errorf("%s: %q, want %q\n%s", q.value, got, q.text, l.String())
		}
	}
}

func TestLearnerBounded(t *testing.T) {
	l := NewLearner(true)
	sels := &Selectors{}
	var buf []byte
	for i := 0; i < 10*maxOutcomes; i++ {
		l.Observe(features(t, sels, fmt.Sprint(i)), Outcome{Bytes: []byte(fmt.Sprintf("%x", i*7919%1000))}, &buf)
		if len(l.outs) > maxOutcomes || len(l.tmpls) > maxTemplates {
			t.Fatalf("%d outcomes, %d templates", len(l.outs), len(l.tmpls))
		}
		for i := range l.tabs {
			if len(l.tabs[i].ents) > maxEntries {
				t.Fatalf("%d entries", len(l.tabs[i].ents))
			}
		}
	}
	if l.Size() <= 0 || l.Outcomes() == 0 {
		t.Fatalf("size %d, %d outcomes", l.Size(), l.Outcomes())
	}
}
