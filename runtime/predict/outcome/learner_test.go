package outcome

import (
	"fmt"
	"testing"
	"unsafe"
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
	// is not the one, once the keys came back (a closed domain) and the
	// rule was confirmed on a new key
	tb := newTable()
	add := func(i int, s string) {
		out := int16(1)
		if s == "a" {
			out = 0
		}
		f := strFeature(s)
		tb.add(&f, uint64(i), out, uint32(i))
	}
	for i, s := range []string{"a", "b", "c", "a", "b", "c"} {
		add(i, s)
	}
	if tb.g.thr || tb.g.classes != 2 || !tb.g.recurring {
		t.Fatalf("%+v", tb.g)
	}
	if got := answerString(&tb, strFeature("zzz")); got != "?" {
		t.Errorf("answered %s before the rule was confirmed", got)
	}
	add(6, "d") // confirms it
	for _, c := range []struct{ s, want string }{{"a", "0"}, {"b", "1"}, {"zzz", "1"}} {
		if got := answerString(&tb, strFeature(c.s)); got != c.want {
			t.Errorf("%q: %s, want %s", c.s, got, c.want)
		}
	}
	// three or more classes generalize to nothing
	f := strFeature("e")
	tb.add(&f, 9, 2, 9)
	if got := answerString(&tb, strFeature("zzz")); got != "?" {
		t.Errorf("three classes answered %s", got)
	}
}

// TestTableNoEqualityOverTypedText: strings that never come back (a field
// typed a letter at a time) are no closed domain: "not the empty string,
// so the error shows" is not extrapolated (it flips at "ana@example.c").
func TestTableNoEqualityOverTypedText(t *testing.T) {
	tb := newTable()
	typed := []string{"", "a", "an", "ana", "ana@", "ana@e", "ana@ex", "ana@exa"}
	for i, s := range typed {
		out := int16(1)
		if s == "" {
			out = 0
		}
		f := strFeature(s)
		tb.add(&f, uint64(i), out, uint32(i))
	}
	if got := answerString(&tb, strFeature("ana@exam")); got != "?" {
		t.Errorf("typed text generalized: %s", got)
	}
	// numbers are categories: the open accordion section
	nb := newTable()
	for i, x := range []float64{2, 0, 1, 3, 4} {
		out := int16(1)
		if x == 2 {
			out = 0
		}
		f := numFeature(x)
		nb.add(&f, uint64(i), out, uint32(i))
	}
	if got := answerString(&nb, numFeature(7)); got != "1" {
		t.Errorf("a number equal to none answered %s", got)
	}
}

// TestTableThresholdFromOneSamplePerClass: two keys, one per class, are
// no threshold.
func TestTableThresholdFromOneSamplePerClass(t *testing.T) {
	tb := newTable()
	a, b := numFeature(9), numFeature(1715)
	tb.add(&a, 1, 0, 1)
	tb.add(&b, 2, 1, 2)
	if tb.g.thr {
		t.Fatalf("a threshold from two keys: %+v", tb.g)
	}
	if got := answerString(&tb, numFeature(1716)); got != "?" {
		t.Errorf("answered %s", got)
	}
}

func TestTableOneClass(t *testing.T) {
	tb := newTable()
	for i := 0; i < 3; i++ {
		f := numFeature(float64(i))
		tb.add(&f, uint64(i), 0, uint32(i))
	}
	if got := answerString(&tb, numFeature(7)); got != "?" {
		t.Errorf("one class of three keys, never confirmed, answered %s", got)
	}
	f := numFeature(3)
	tb.add(&f, 3, 0, 3)
	if got := answerString(&tb, numFeature(7)); got != "0" {
		t.Errorf("one class of four keys answered %s", got)
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
	return shown(l.Predict(features(t, sels, value), &buf))
}

// shown is what a prediction shows: the text, "<absent>", or "<silent>".
func shown(o Outcome, ok bool) string {
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
		{"a template", true, counting(0, 30, func(i int) string { return fmt.Sprintf("Count: %d", i) }),
			[]sample{{`41`, "Count: 41"}, {`-3`, "<silent>"}, {`2.5`, "<silent>"}, {`1075`, "<silent>"}}},
		{"a template with an exception", true, counting(0, 6, itemsLeft),
			[]sample{{`9`, "9 items left"}, {`1`, "1 item left"}, {`0`, "0 items left"}}},
		{"no template without text", false, counting(0, 5, func(i int) string { return fmt.Sprintf("Count: %d", i) }),
			[]sample{{`3`, "Count: 3"}, {`41`, "<silent>"}}},
		{"a string template with an exception", true, []sample{greet("al"), greet("ali"), greet(""), greet("alice"), greet("bo")},
			[]sample{{`"zed"`, "Hello, zed!"}, {`""`, "Hello, stranger!"}}},
		{"a threshold", true, counting(-2, 3, disabled),
			[]sample{{`-10`, "disabled"}, {`10`, "<absent>"}}},
		{"equality", false, []sample{tab("a"), tab("b"), tab("c"), tab("a"), tab("b"), tab("c"), tab("d")},
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

// starsSV is a sample of the stars: the hover value and the whole state.
func starsSV(hover, selected int) []Feature {
	return []Feature{numFeature(float64(hover)), {ok: true, whole: true, hash: uint64(hover*10+selected) * 0x9e3779b97f4a7c15}}
}

// starClass is the class of the fourth star: filled while the hovered
// star, or with nothing hovered the selected one, is at least 4.
func starClass(hover, selected int) string {
	shown := hover
	if shown == 0 {
		shown = selected
	}
	if shown >= 4 {
		return "star filled"
	}
	return "star"
}

// TestLearnerToleratesAConflictingKey: hover=0 shows the other key's value
// (a conflict), which silences that key only; the keys seen in two states
// with one outcome answer, and a state seen before is replayed.
func TestLearnerToleratesAConflictingKey(t *testing.T) {
	l := NewLearner(false)
	var buf []byte
	for _, s := range [][2]int{{0, 0}, {3, 0}, {4, 0}, {0, 0}, {5, 0}, {0, 5}, {3, 5}, {4, 5}, {5, 5}, {0, 5}, {1, 5}, {1, 0}, {2, 0}, {2, 5}} {
		l.Observe(starsSV(s[0], s[1]), Outcome{Bytes: []byte(starClass(s[0], s[1]))}, &buf)
	}
	if l.tabs[0].events == 0 {
		t.Fatalf("no conflict: %s", l.String())
	}
	for _, c := range []struct {
		hover, selected int
		want            string
	}{{4, 3, "star filled"}, {2, 3, "star"}, {0, 3, "<silent>"}, {0, 5, "star filled"}, {0, 0, "star"}} {
		got := "<silent>"
		if o, ok := l.Predict(starsSV(c.hover, c.selected), &buf); ok {
			got = string(o.Bytes)
		}
		if got != c.want {
			t.Errorf("hover %d, selected %d: %q, want %q\n%s", c.hover, c.selected, got, c.want, l.String())
		}
	}
}

// TestLearnerHealedConflictIsNotTrusted: a key seen with two outcomes and
// then with the latest again is not evidence (a form's password, "" while
// the email's error came and went).
func TestLearnerHealedConflictIsNotTrusted(t *testing.T) {
	l := NewLearner(false)
	var buf []byte
	sv := func(email, password string, n int) []Feature {
		return []Feature{{ok: true, hash: uint64(n) + 1000}, strFeature(email), strFeature(password), {ok: true, whole: true, hash: uint64(n) + 2000}}
	}
	for i, e := range []string{"", "a", "an", "ana", "ana@"} {
		out := "error"
		if e == "" {
			out = "<absent>"
		}
		o := Outcome{Bytes: []byte(out)}
		if out == "<absent>" {
			o = Outcome{Absent: true}
		}
		l.Observe(sv(e, "", i), o, &buf)
	}
	if _, ok := l.Predict(sv("ana@e", "", 9), &buf); ok {
		t.Errorf("answered from the password's table: %s", l.String())
	}
}

// TestLearnerIgnoresAConstantFeature: a feature read only while the outcome
// did not change (a membership selector added when its item first came)
// says nothing once the outcome has changed.
func TestLearnerIgnoresAConstantFeature(t *testing.T) {
	l := NewLearner(false)
	var buf []byte
	// 136 is the row's id: its membership decides; 135 was always in
	sv := func(has136, has135 float64, n int) []Feature {
		return []Feature{{ok: true, hash: uint64(n)}, numFeature(has136), numFeature(has135), {ok: true, whole: true, hash: uint64(n) + 100}}
	}
	l.Observe([]Feature{{ok: true, hash: 1}, numFeature(0)}, Outcome{Bytes: []byte("row")}, &buf)
	l.Observe([]Feature{{ok: true, hash: 2}, numFeature(1)}, Outcome{Bytes: []byte("row selected")}, &buf)
	for i := 0; i < 3; i++ {
		l.Observe(sv(1, 1, 10+i), Outcome{Bytes: []byte("row selected")}, &buf)
	}
	// the row's own membership foresees the changes
	l.Observe(sv(0, 1, 14), Outcome{Bytes: []byte("row")}, &buf)
	l.Observe(sv(1, 1, 15), Outcome{Bytes: []byte("row selected")}, &buf)
	o, ok := l.Predict(sv(0, 1, 20), &buf)
	if !ok || string(o.Bytes) != "row" {
		t.Errorf("%q %v, want row\n%s", o.Bytes, ok, l.String())
	}
}

// TestLearnerForeseenChanges: a table answers the keys it knows only once it
// foresaw a change of the outcome (a key seen with the outcome the change
// brought); a member that did not change while the outcome did not either
// ("refunds") says nothing of a revenue that changed.
func TestLearnerForeseenChanges(t *testing.T) {
	l := NewLearner(false)
	var buf []byte
	sv := func(revenue, refunds float64, n int) []Feature {
		return []Feature{{ok: true, hash: uint64(n)}, numFeature(revenue), numFeature(refunds)}
	}
	l.Observe(sv(100, 0, 1), Outcome{Bytes: []byte("$1.00")}, &buf)
	l.Observe(sv(250, 2, 2), Outcome{Bytes: []byte("$2.50")}, &buf)
	l.Observe(sv(250, 2, 3), Outcome{Bytes: []byte("$2.50")}, &buf)
	if o, ok := l.Predict(sv(300, 2, 4), &buf); ok {
		t.Errorf("answered %q from the refunds", o.Bytes)
	}
}

// TestLearnerTypedTextLength: a text's length stands for other texts of
// that length ("5/200" for any draft of five letters), unless the outcome
// shows the text itself ("“WINTER” is not a valid code" for "SAVE10").
func TestLearnerTypedTextLength(t *testing.T) {
	for _, c := range []struct {
		name string
		out  func(s string) string
		want string
	}{
		{"a counter", func(s string) string { return fmt.Sprintf("%d/200", len(s)) }, "3/200"},
		{"a message that shows the text", func(s string) string { return "“" + s + "” is not a valid code" }, "<silent>"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var samples []sample
			// drafts typed a letter at a time: lengths 3 to 5 seen once
			for _, w := range []string{"hello", "ok", "on"} {
				for i := 1; i <= len(w); i++ {
					samples = append(samples, sample{fmt.Sprintf("%q", w[:i]), c.out(w[:i])})
				}
			}
			l, sels := learned(t, false, samples)
			if got := predicted(t, l, sels, `"on"`); got != c.out("on") {
				t.Fatalf("a value seen: %q\n%s", got, l.String())
			}
			if got := predicted(t, l, sels, `"gre"`); got != c.want {
				t.Errorf("%q, want %q\n%s", got, c.want, l.String())
			}
		})
	}
}

// TestTableRuns: three classes over numbers whose ranges do not overlap
// (a select-all box: unchecked at 0, mixed from 1 to 12, checked at 13)
// answer a key inside one class's range with that class, and nothing
// between the ranges or beyond them; ranges that overlap answer nothing.
func TestTableRuns(t *testing.T) {
	class := func(x float64) int16 {
		switch {
		case x == 0:
			return 0
		case x == 13:
			return 2
		}
		return 1
	}
	tb := newTable()
	for i, x := range []float64{0, 1, 13, 2, 5, 3, 9} {
		tb.add(&[]Feature{numFeature(x)}[0], uint64(i), class(x), uint32(i))
	}
	if !tb.g.runs || !tb.generalizes() {
		t.Fatalf("no runs: %+v (tests %d, fails %d)", tb.g, tb.tests, tb.fails)
	}
	for _, c := range []struct {
		x    float64
		want string
	}{{7, "1"}, {4, "1"}, {11, "?"}, {14, "?"}, {0.5, "?"}, {-1, "?"}} {
		if got := answerString(&tb, numFeature(c.x)); got != c.want {
			t.Errorf("count %v: %s, want %s", c.x, got, c.want)
		}
	}
	overlap := newTable()
	for i, x := range []float64{0, 5, 2, 9, 13, 7} {
		overlap.add(&[]Feature{numFeature(x)}[0], uint64(i), int16(i%3), uint32(i))
	}
	if overlap.g.runs {
		t.Fatalf("runs over overlapping ranges: %+v", overlap.g)
	}
	if got := answerString(&overlap, numFeature(6)); got != "?" {
		t.Errorf("answered %s", got)
	}
}

// TestLearnerSeenOnceKeyGeneralized: a count seen in one state only (three
// done items) is answered by the table's confirmed threshold, which agrees
// with what it showed, as a count never seen would be.
func TestLearnerSeenOnceKeyGeneralized(t *testing.T) {
	const clear = "Clear completed"
	l, sels := learned(t, false, []sample{
		{`[{"id":1,"done":false}]`, "<absent>"},
		{`[{"id":1,"done":true}]`, clear},
		{`[{"id":1,"done":false}]`, "<absent>"},
		{`[{"id":1,"done":true},{"id":2,"done":true}]`, clear},
		{`[{"id":1,"done":false},{"id":2,"done":true}]`, clear},
		{`[{"id":1,"done":false},{"id":2,"done":false}]`, "<absent>"},
		{`[{"id":1,"done":true},{"id":2,"done":true},{"id":3,"done":true}]`, clear},
		{`[{"id":1,"done":false},{"id":2,"done":false},{"id":3,"done":false}]`, "<absent>"},
	})
	if got := predicted(t, l, sels, `[{"id":1,"done":true},{"id":2,"done":true},{"id":3,"done":true},{"id":4,"done":false}]`); got != clear {
		t.Errorf("three done of four: %s\n%s", got, l.String())
	}
}

// TestLearnerSufficientKey: a timer's reset button is disabled at the
// preset while stopped: running=true shows it enabled whatever the time
// left, running=false either way (a conflict). Once running=true came back
// in sufficientStates states with one outcome it answers alone, even with
// the time left never seen and its own table unable to tell a threshold
// from an equality; before that the learner is silent. A time left seen
// with the button disabled (stopped at the preset) is not answered so while
// running says otherwise.
func TestLearnerSufficientKey(t *testing.T) {
	const preset = 1500
	l := NewLearner(false)
	var buf []byte
	n := 0
	sv := func(remaining float64, running bool) []Feature {
		n++
		r := 0.0
		if running {
			r = 1
		}
		return []Feature{numFeature(remaining), numFeature(r), {ok: true, whole: true, hash: uint64(n) + 1<<20}}
	}
	out := func(remaining float64, running bool) Outcome {
		if remaining == preset && !running {
			return Outcome{Bytes: []byte("disabled")}
		}
		return Outcome{Absent: true}
	}
	observe := func(remaining float64, running bool) {
		l.Observe(sv(remaining, running), out(remaining, running), &buf)
	}
	predict := func(remaining float64, running bool) string { return shown(l.Predict(sv(remaining, running), &buf)) }
	observe(preset, false)
	observe(preset+60, false) // a minute added
	observe(preset+60, true)  // started
	observe(preset+59, true)
	observe(preset+58, false) // paused: running=false now conflicts
	observe(preset+58, true)
	observe(preset+57, true)
	if got := predict(preset+56, true); got != "<silent>" {
		t.Errorf("after 4 states running: %s, want <silent>\n%s", got, l.String())
	}
	for i := 0; i < 8; i++ {
		observe(float64(preset+56-i), true)
	}
	if got := predict(1200, true); got != "<absent>" {
		t.Errorf("running, 1200 left: %s, want <absent> (enabled)\n%s", got, l.String())
	}
	if got := predict(preset, true); got == "disabled" {
		t.Errorf("running at the preset (reset while running): %s\n%s", got, l.String())
	}
}

// TestEntryCounts: an entry's two counts share a byte and saturate, and an
// entry stays 56 bytes on 64-bit platforms (the memory a table's key costs,
// which the limits count).
func TestEntryCounts(t *testing.T) {
	var e entry
	e.setCounts(1, 0)
	for i := 0; i < 300; i++ {
		e.setCounts(e.comeBacks()+1, e.states()+1)
	}
	if e.comeBacks() != seenMask || e.states() != maxStates {
		t.Errorf("counts %d, %d after 300 of each, want %d, %d", e.comeBacks(), e.states(), seenMask, maxStates)
	}
	e.setCounts(2, sufficientStates)
	if e.comeBacks() != 2 || e.states() != sufficientStates {
		t.Errorf("counts %d, %d, want 2, %d", e.comeBacks(), e.states(), sufficientStates)
	}
	if sz := unsafe.Sizeof(entry{}); unsafe.Sizeof(uintptr(0)) == 8 && sz > 56 {
		t.Errorf("an entry is %d bytes, more than 56", sz)
	}
}

// TestShows: a text shows a value's string when it holds it, or, for a
// single character, holds it as a word of its own: "Hello, g!" shows the
// name g (so a table over the name's length does not answer "Hello, g!"
// for h), "Clear completed" does not show the letter e.
func TestShows(t *testing.T) {
	for _, c := range []struct {
		text, s string
		want    bool
	}{
		{"Hello, g!", "g", true}, {"g", "g", true}, {"Clear completed", "e", false}, {"1 item", "1", true},
		{"Hello, Ana!", "Ana", true}, {"Hello, Ana!", "Bo", false}, {"ägypten", "g", false}, {"", "g", false}, {"x", "", false},
	} {
		if got := shows([]byte(c.text), []byte(c.s)); got != c.want {
			t.Errorf("shows(%q, %q) = %v", c.text, c.s, got)
		}
	}
}
