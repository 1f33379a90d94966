package outcome

import (
	"fmt"
	"strings"
	"testing"
)

func selNames(s Selectors) string {
	var out []string
	for _, x := range s {
		out = append(out, x.String())
	}
	return strings.Join(out, " ")
}

func TestDeriveSelectors(t *testing.T) {
	for _, c := range []struct {
		value, want string
	}{
		{`3`, "value"},
		{`true`, "value"},
		{`"héllo"`, "value len"},
		{`{"page":2,"size":10,"filter":{"x":1},"tags":[1]}`, "value field(page) field(size)"},
		{`[true,false]`, "value len count_true count_false"},
		{`[1,2.5]`, "value len sum"},
		{`[{"id":1,"done":false,"price":2.5,"text":"a"}]`, "value len sum(id) count_true(done) count_false(done) sum(price)"},
	} {
		ch, root := parseNew(t, c.value)
		if got := selNames(DeriveSelectors(&ch.Values, []int32{root})); got != c.want {
			t.Errorf("%s: %s, want %s", c.value, got, c.want)
		}
	}
}

// featureString writes features for comparison: "-" for a feature the
// value lacks, the number, the quoted string, or "#" for another value
// (null, a container).
func featureString(fs []Feature) string {
	var out []string
	for _, f := range fs {
		switch {
		case !f.ok:
			out = append(out, "-")
		case f.isNum:
			out = append(out, fmt.Sprint(f.num))
		case f.isStr:
			out = append(out, fmt.Sprintf("%q", f.str))
		default:
			out = append(out, "#")
		}
	}
	return strings.Join(out, " ")
}

func TestSelectorsEval(t *testing.T) {
	items := `[{"id":1,"done":true,"price":2.5},{"id":2,"done":false,"price":1},{"id":3,"done":true}]`
	ch, root := parseNew(t, items)
	sels := DeriveSelectors(&ch.Values, []int32{root})
	for _, c := range []struct {
		value, want string
	}{
		{items, "# 3 6 2 1 3.5"},
		{`[]`, "# 0 0 0 0 0"},
		{`"abc"`, `"abc" 3 - - - -`}, // a string has a length, no counts
		{`null`, "# - - - - -"},
	} {
		ch, root := parseNew(t, c.value)
		if got := featureString(sels.Eval(nil, &ch.Values, root)); got != c.want {
			t.Errorf("%s: %s, want %s", c.value, got, c.want)
		}
	}
	// len counts characters, not bytes; a member that is a container is not
	// a field
	ch, root = parseNew(t, `{"name":"héllo","sub":{"a":1}}`)
	sels = DeriveSelectors(&ch.Values, []int32{root})
	if got := featureString(sels.Eval(nil, &ch.Values, root)); got != `# "héllo"` {
		t.Errorf("object: %s", got)
	}
	ch, root = parseNew(t, `"héllo"`)
	sels = DeriveSelectors(&ch.Values, []int32{root})
	if got := featureString(sels.Eval(nil, &ch.Values, root)); got != `"héllo" 5` {
		t.Errorf("string: %s", got)
	}
}

func TestSelectorsExtend(t *testing.T) {
	ch, root := parseNew(t, `5`)
	s := DeriveSelectors(&ch.Values, []int32{root})
	if got := s.Extend(&ch.Values, root); len(got) != 1 {
		t.Fatalf("a number has one selector: %s", selNames(got))
	}
	// the key turned out to hold arrays: their selectors are added once
	ch, root = parseNew(t, `[true]`)
	s = s.Extend(&ch.Values, root)
	if got := selNames(s); got != "value len count_true count_false" {
		t.Fatalf("extended: %s", got)
	}
	if again := s.Extend(&ch.Values, root); len(again) != len(s) {
		t.Fatalf("extended twice: %s", selNames(again))
	}
	// bounded
	var b strings.Builder
	b.WriteString("{")
	for i := 0; i < 40; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"f%d":%d`, i, i)
	}
	b.WriteString("}")
	ch, root = parseNew(t, b.String())
	if got := DeriveSelectors(&ch.Values, []int32{root}); len(got) != 1+maxSelFields {
		t.Fatalf("%d selectors for 40 fields", len(got))
	}
}
