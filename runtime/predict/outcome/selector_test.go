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
		{`"héllo"`, "value len shape(words) shape(email)"},
		{`{"name":"a","email":"b","n":1}`, "value field(name) field(email) field(n) shape(words name) shape(email name) shape(words email) shape(email email) shape(equal email,name)"},
		{`{"page":2,"size":10,"filter":{"x":1},"tags":[1]}`, "value field(page) field(size)"},
		{`[true,false]`, "value len count_true count_false"},
		{`[1,2.5]`, "value len sum"},
		{`[{"id":1,"done":false,"price":2.5,"text":"a"}]`, "value len sum(id) count_true(done) count_false(done) sum(price) sum_prod(id*price)"},
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
		{items, "# 3 6 2 1 3.5 4.5"},
		{`[]`, "# 0 0 0 0 0 0"},
		{`"abc"`, `"abc" 3 - - - - -`}, // a string has a length, no counts
		{`null`, "# - - - - - -"},
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
	if got := featureString(sels.Eval(nil, &ch.Values, root)); got != `# "héllo" # #` {
		t.Errorf("object: %s", got)
	}
	ch, root = parseNew(t, `"héllo"`)
	sels = DeriveSelectors(&ch.Values, []int32{root})
	if got := featureString(sels.Eval(nil, &ch.Values, root)); got != `"héllo" 5 # #` {
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

// parseState parses a change of key k from old to new with the whole state
// all (JSON texts).
func parseState(t *testing.T, old, new, all string) *Change {
	t.Helper()
	c := &Change{}
	src := `{"component_id":"c","state_key":"k","old_value":` + old + `,"new_value":` + new
	if all != "" {
		src += `,"all_state":` + all
	}
	if err := c.Parse([]byte(src+"}"), defaultLimits); err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return c
}

// TestSelectorsOfTheState: with all_state, a key's selectors read the
// other keys, the value with each of them, and the whole state, whose hash
// is the one all_state would have with the key at the value read.
func TestSelectorsOfTheState(t *testing.T) {
	c := parseState(t, `"asc"`, `"desc"`, `{"sortBy":"name","k":"desc","page":3,"tags":[1,2]}`)
	s := (Selectors{}).Extend(&c.Values, c.Old, c.New)
	if got := selNames(s); got != "value len shape(words) shape(email) state other(sortBy) other(page) other(tags) pair(sortBy) pair(page) pair(tags) in(tags)" {
		t.Fatalf("selectors: %s", got)
	}
	fo := s.Eval(nil, &c.Values, c.Old)
	fn := s.Eval(nil, &c.Values, c.New)
	if got := featureString(fn); got != `"desc" 4 # # # "name" 3 2 # # # 0` {
		t.Errorf("new: %s", got)
	}
	// the other keys read alike for both values; the state and pairs do not
	for i := range s {
		same := fo[i].hash == fn[i].hash
		if s[i].kind == selShape {
			continue // "asc" and "desc" have one shape
		}
		if want := s[i].kind == selOther || s[i].kind == selIn; same != want {
			t.Errorf("%s: old and new alike %v", s[i].String(), same)
		}
	}
	// the whole state with the key at its new value is all_state itself
	all := parseState(t, `0`, `{"sortBy":"name","k":"desc","page":3,"tags":[1,2]}`, "")
	const st = 4 // the state's selector
	if !fn[st].whole || fn[st].hash != all.Values.Hash(all.New) {
		t.Errorf("state hash %x, all_state's %x", fn[st].hash, all.Values.Hash(all.New))
	}
	// and with the key at the old value, the state it was in, whatever the
	// members' order
	was := parseState(t, `0`, `{"tags":[1,2],"page":3,"k":"asc","sortBy":"name"}`, "")
	if fo[st].hash != was.Values.Hash(was.New) {
		t.Errorf("old state hash %x, want %x", fo[st].hash, was.Values.Hash(was.New))
	}
	// the state's selectors are added once, and none without all_state
	if again := s.Extend(&c.Values, c.Old, c.New); len(again) != len(s) {
		t.Errorf("extended twice: %s", selNames(again))
	}
	plain := parseState(t, `"asc"`, `"desc"`, "")
	if got := selNames((Selectors{}).Extend(&plain.Values, plain.Old, plain.New)); got != "value len shape(words) shape(email)" {
		t.Errorf("without all_state: %s", got)
	}
	// without all_state, the state's selectors read nothing
	if got := featureString(s.Eval(nil, &plain.Values, plain.New)); got != `"desc" 4 # # - - - - - - - -` {
		t.Errorf("state selectors without all_state: %s", got)
	}
	// one other key: no pairs (the pair is the whole state)
	two := parseState(t, `1`, `2`, `{"k":2,"selected":3}`)
	if got := selNames((Selectors{}).Extend(&two.Values, two.Old, two.New)); got != "value state other(selected)" {
		t.Errorf("two keys: %s", got)
	}
}

// TestMembershipSelectors: an array of scalars gets one selector per item
// value met (is it in the array), as the values come.
func TestMembershipSelectors(t *testing.T) {
	c := parseState(t, `["src"]`, `["src","docs"]`, "")
	s := (Selectors{}).Extend(&c.Values, c.Old, c.New)
	if got := selNames(s); got != `value len has("src") has("docs")` {
		t.Fatalf("selectors: %s", got)
	}
	c = parseState(t, `["docs"]`, `["lib",7]`, "")
	s = s.Extend(&c.Values, c.Old, c.New)
	if got := selNames(s); got != `value len has("src") has("docs") has("lib") has(7)` {
		t.Fatalf("extended: %s", got)
	}
	if got := featureString(s.Eval(nil, &c.Values, c.New)); got != "# 2 0 0 1 1" {
		t.Errorf("features: %s", got)
	}
	// bounded
	var b strings.Builder
	b.WriteString("[")
	for i := 0; i < 40; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "%d", i)
	}
	b.WriteString("]")
	c = parseState(t, `[]`, b.String(), "")
	if got := (Selectors{}).Extend(&c.Values, c.Old, c.New); len(got) != 3+maxHas {
		t.Errorf("%d selectors for 40 items: %s", len(got), selNames(got))
	}
}

// TestInSelectors: a scalar value's membership in another key's array, or
// in an array member of another key's object (the column the dragged card
// is in); the empty string and values that are no scalar read nothing.
func TestInSelectors(t *testing.T) {
	all := `{"k":"c3","board":{"todo":["c1"],"doing":["c3","c4"],"n":2},"tags":["x"]}`
	c := parseState(t, `""`, `"c3"`, all)
	s := (Selectors{}).Extend(&c.Values, c.Old, c.New)
	var in []int
	for i := range s {
		if s[i].kind == selIn {
			in = append(in, i)
		}
	}
	var names []string
	for _, i := range in {
		names = append(names, s[i].String())
	}
	if got := fmt.Sprint(names); got != "[in(board.todo) in(board.doing) in(tags)]" {
		t.Fatalf("in selectors: %s (all: %s)", got, selNames(s))
	}
	fn, fo := s.Eval(nil, &c.Values, c.New), s.Eval(nil, &c.Values, c.Old)
	for j, want := range []float64{0, 1, 0} {
		if f := fn[in[j]]; !f.ok || !f.cat || !f.other || f.num != want {
			t.Errorf("%s of \"c3\": %+v, want %v", s[in[j]].String(), f, want)
		}
		if fo[in[j]].ok {
			t.Errorf("%s of \"\": %+v, want nothing", s[in[j]].String(), fo[in[j]])
		}
	}
}

// TestShapeSelectors: the classes of typed text: 0 empty, 1 the predicate
// fails, 2 it holds.
func TestShapeSelectors(t *testing.T) {
	for _, c := range []struct {
		field, value string
		want         float64
	}{
		{"w", `""`, 0}, {"w", `"Jade"`, 1}, {"w", `"  Jade  "`, 1}, {"w", `"Jade M"`, 2}, {"w", `"Jade\tMoreau Smith"`, 2},
		{"e", `""`, 0}, {"e", `"a@b.c"`, 2}, {"e", `"jade.moreau@mail.org"`, 2}, {"e", `"a@b."`, 1}, {"e", `"a@b"`, 1},
		{"e", `"a b@c.d"`, 1}, {"e", `"@b.c"`, 1}, {"e", `"a@@b.c"`, 1}, {"e", `"a@.bc"`, 1}, {"e", `"a@b.c "`, 1},
		{"wname", `{"name":"Jade M"}`, 2}, {"ename", `{"name":"x@y.z"}`, 2},
		{"=pw2\x00pw", `{"pw":"abc","pw2":""}`, 0}, {"=pw2\x00pw", `{"pw":"abc","pw2":"ab"}`, 1}, {"=pw2\x00pw", `{"pw":"abc","pw2":"abc"}`, 2},
	} {
		ch, root := parseNew(t, c.value)
		s := Selector{kind: selShape, field: c.field}
		f := s.eval(&ch.Values, root)
		if !f.ok || !f.shape || f.isNum || f.num != c.want {
			t.Errorf("%q of %s: %+v, want class %v", c.field, c.value, f, c.want)
		}
	}
	// a member that is not a string, or missing, has no shape
	for _, v := range []string{`{"name":3}`, `{}`, `5`} {
		ch, root := parseNew(t, v)
		s := Selector{kind: selShape, field: "wname"}
		if f := s.eval(&ch.Values, root); f.ok {
			t.Errorf("shape of %s: %+v", v, f)
		}
	}
}
