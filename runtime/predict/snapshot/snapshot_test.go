package snapshot

import (
	"bytes"
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/minimact/engine/generated/vdom"
)

// record is a value with a field of every kind, nested.
type record struct {
	u      uint64
	i      int64
	f      float64
	flag   bool
	b      []byte
	s      string
	small  int8
	w16    uint16
	w32    uint32
	kind   uint8
	bounds int
	kids   []record
}

func (r *record) code(c Coder, depth int) {
	c.U64("u", &r.u)
	c.I64("i", &r.i)
	Finite(c, "f", &r.f)
	c.Flag("flag", &r.flag)
	c.Bytes("b", &r.b)
	c.Str("s", &r.s)
	I8(c, "small", &r.small, -5, 5)
	U16(c, "w16", &r.w16)
	U32(c, "w32", &r.w32)
	U8(c, "kind", &r.kind, 3)
	Int(c, "bounds", &r.bounds, 0, 100)
	c.List("kids", len(r.kids), 4, func(i int) {
		if c.Reading() {
			r.kids = append(r.kids, record{})
		}
		c.Obj("kid", func() { r.kids[i].code(c, depth+1) })
	})
}

func sample() record {
	return record{u: math.MaxUint64, i: -7, f: 0.1, flag: true, b: []byte("\xff\x00 not UTF-8"), s: "quote \" é",
		small: -5, w16: 65535, w32: 1 << 31, kind: 3, bounds: 100,
		kids: []record{{s: "a", b: []byte{}}, {s: "b", f: -2.5e-300, kids: []record{{i: 1}}}}}
}

func writeBoth(r *record) (bin, js []byte) {
	b := NewBinaryWriter([]byte("HDR"))
	r.code(b, 0)
	j := NewJSONWriter()
	j.Obj("", func() { r.code(j, 0) })
	return b.Out(), j.Out()
}

func TestRoundTrip(t *testing.T) {
	in := sample()
	bin, js := writeBoth(&in)
	if !bytes.HasPrefix(bin, []byte("HDR")) {
		t.Fatal("the binary prefix is lost")
	}
	if !strings.Contains(string(js), `"b":{"base64":"/wAgbm90IFVURi04"}`) || !strings.Contains(string(js), `"s":"quote \" é"`) {
		t.Fatalf("JSON: %s", js)
	}
	var fromBin, fromJSON record
	br := NewBinaryReader(bin[3:])
	fromBin.code(br, 0)
	if br.Err() != nil || br.Rest() != 0 {
		t.Fatalf("binary: %v, %d left", br.Err(), br.Rest())
	}
	jr, err := NewJSONReader(js, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	fromJSON.code(jr, 0)
	if jr.Err() != nil {
		t.Fatal(jr.Err())
	}
	for _, out := range []*record{&fromBin, &fromJSON} {
		b, j := writeBoth(out)
		if !bytes.Equal(b, bin) || !bytes.Equal(j, js) {
			t.Errorf("written again differently:\n%s\n%s", j, js)
		}
	}
}

func TestNonFiniteWrittenAsZero(t *testing.T) {
	w := NewJSONWriter()
	nan, inf := math.NaN(), math.Inf(-1)
	w.Obj("", func() { w.F64("a", &nan); w.F64("b", &inf) })
	if got := string(w.Out()); got != `{"a":0,"b":0}` {
		t.Fatalf("%s", got)
	}
}

// binaryOf writes f's values in the binary form.
func binaryOf(f func(c Coder)) []byte {
	w := NewBinaryWriter(nil)
	f(w)
	return w.Out()
}

func TestBinaryReaderBounds(t *testing.T) {
	for _, c := range []struct {
		name string
		in   []byte
		read func(c Coder)
	}{
		{"empty", nil, func(c Coder) { var x uint64; c.U64("x", &x) }},
		{"bad varint", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, func(c Coder) { var x int64; c.I64("x", &x) }},
		{"short float", []byte{1, 2, 3}, func(c Coder) { var x float64; c.F64("x", &x) }},
		{"flag not 0 or 1", []byte{2}, func(c Coder) { var x bool; c.Flag("x", &x) }},
		{"bytes past the end", binaryOf(func(c Coder) { n := uint64(10); c.U64("n", &n) }), func(c Coder) { var b []byte; c.Bytes("b", &b) }},
		{"a count beyond what is left", binaryOf(func(c Coder) { n := uint64(3); c.U64("n", &n) }), func(c Coder) { c.List("l", 0, 100, func(int) {}) }},
		{"a count beyond the maximum", binaryOf(func(c Coder) { n := uint64(5); c.U64("n", &n); c.Bytes("pad", &[]byte{1, 2, 3, 4, 5, 6}) }), func(c Coder) { c.List("l", 0, 4, func(int) {}) }},
		{"out of range", binaryOf(func(c Coder) { x := int64(101); c.I64("x", &x) }), func(c Coder) { var x int; Int(c, "x", &x, 0, 100) }},
		{"u8 over its maximum", binaryOf(func(c Coder) { x := uint64(4); c.U64("x", &x) }), func(c Coder) { var x uint8; U8(c, "x", &x, 3) }},
		{"u16 overflow", binaryOf(func(c Coder) { x := uint64(1 << 16); c.U64("x", &x) }), func(c Coder) { var x uint16; U16(c, "x", &x) }},
		{"not finite", binaryOf(func(c Coder) { x := math.Inf(1); c.F64("x", &x) }), func(c Coder) { var x float64; Finite(c, "x", &x) }},
		{"nested too deeply", nil, func(c Coder) {
			var nest func(d int)
			nest = func(d int) { c.Obj("o", func() { nest(d + 1) }) }
			nest(0)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := NewBinaryReader(c.in)
			c.read(r)
			if vdom.CodeOf(r.Err()) != vdom.Persistence {
				t.Fatalf("got %v", r.Err())
			}
			// a failed reader reads nothing more
			var x uint64 = 9
			r.U64("after", &x)
			if x != 0 || r.Rest() != 0 {
				t.Fatalf("read %d after a failure", x)
			}
		})
	}
}

func TestJSONReaderChecks(t *testing.T) {
	for _, c := range []struct {
		name, js string
		read     func(c Coder)
		msg      string
	}{
		{"missing", `{}`, func(c Coder) { var x uint64; c.U64("x", &x) }, `missing "x"`},
		{"not a number", `{"x":"1"}`, func(c Coder) { var x uint64; c.U64("x", &x) }, `"x" must be a number`},
		{"negative unsigned", `{"x":-1}`, func(c Coder) { var x uint64; c.U64("x", &x) }, `non-negative integer`},
		{"a fraction", `{"x":1.5}`, func(c Coder) { var x int64; c.I64("x", &x) }, `"x" must be an integer`},
		{"not a flag", `{"x":1}`, func(c Coder) { var x bool; c.Flag("x", &x) }, `true or false`},
		{"not a string", `{"x":1}`, func(c Coder) { var x string; c.Str("x", &x) }, `must be a string`},
		{"bad base64", `{"x":{"base64":"%%"}}`, func(c Coder) { var x []byte; c.Bytes("x", &x) }, `bad base64`},
		{"not an object", `{"x":[]}`, func(c Coder) { c.Obj("x", func() {}) }, `must be an object`},
		{"a list too long", `{"x":[{},{},{}]}`, func(c Coder) { c.List("x", 0, 2, func(int) {}) }, `at most 2`},
		{"a list of numbers", `{"x":[1]}`, func(c Coder) { c.List("x", 0, 2, func(int) {}) }, `must hold objects`},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := NewJSONReader([]byte(c.js), 1<<10)
			if err != nil {
				t.Fatal(err)
			}
			c.read(r)
			if vdom.CodeOf(r.Err()) != vdom.Persistence || !strings.Contains(r.Err().Error(), c.msg) {
				t.Fatalf("got %v, want %q", r.Err(), c.msg)
			}
		})
	}
}

func TestNewJSONReader(t *testing.T) {
	for _, c := range []struct {
		in   string
		code vdom.Code
	}{
		{`{"a":1}`, vdom.Success},
		{`{"a":1} {}`, vdom.Serialization},
		{`{"a":`, vdom.Serialization},
		{`[1]`, vdom.Persistence},
		{`{"a":"` + strings.Repeat("x", 100) + `"}`, vdom.JsonTooLarge},
	} {
		_, err := NewJSONReader([]byte(c.in), 64)
		if vdom.CodeOf(err) != c.code {
			t.Errorf("%.20s: %v, want code %v", c.in, err, c.code)
		}
	}
}

// allocated is the bytes f allocates.
func allocated(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// TestJSONReaderSkipsWithoutBuilding: unknown members, before and after the
// known ones and inside them, cost a scan, not memory: 10 MB of [0,0,…]
// made encoding/json's generic decoding allocate 342 MB.
func TestJSONReaderSkipsWithoutBuilding(t *testing.T) {
	junk := "[" + strings.Repeat("0,", 5<<20) + "0]"
	obj := `{"deep":` + strings.Repeat(`{"a":`, 500) + `1` + strings.Repeat(`}`, 500) + `,"more":[` + strings.Repeat(`{"k":"v\u00e9"},`, 1000) + `{}]}`
	doc := []byte(`{"junk":` + junk + `,"x":7,"o":{"unknown":` + obj + `,"s":"a\"b","tail":` + junk + `},"l":[{"v":1,"j":` + junk + `},{"v":2}],"end":` + obj + `}`)
	var x, v uint64
	var str string
	var got []uint64
	n := allocated(func() {
		r, err := NewJSONReader(doc, 1<<30)
		if err != nil {
			t.Fatal(err)
		}
		r.U64("x", &x)
		r.Obj("o", func() { r.Str("s", &str) })
		r.List("l", 0, 10, func(int) { r.U64("v", &v); got = append(got, v) })
		if r.Err() != nil {
			t.Fatal(r.Err())
		}
	})
	if x != 7 || str != `a"b` || len(got) != 2 || got[1] != 2 {
		t.Fatalf("read %d %q %v", x, str, got)
	}
	t.Logf("%d bytes of JSON read with %d bytes allocated", len(doc), n)
	if n > 64<<10 {
		t.Errorf("reading %d bytes allocated %d", len(doc), n)
	}
}

// TestJSONReaderMembersInAnyOrder: members are found whatever their order;
// a name that needs unescaping is still its name.
func TestJSONReaderMembersInAnyOrder(t *testing.T) {
	r, err := NewJSONReader([]byte(`{"c":{"z":3,"y":2},"b":[{"q":1}],"\u0061":1}`), 1<<10)
	if err != nil {
		t.Fatal(err)
	}
	var a, y, z, q uint64
	r.U64("a", &a)
	r.List("b", 0, 1, func(int) { r.U64("q", &q) })
	r.Obj("c", func() { r.U64("y", &y); r.U64("z", &z) })
	if r.Err() != nil || a != 1 || y != 2 || z != 3 || q != 1 {
		t.Fatalf("%v: %d %d %d %d", r.Err(), a, y, z, q)
	}
	// a bounded number of members passed over
	var b strings.Builder
	b.WriteString("{")
	for i := 0; i < maxRecorded+1; i++ {
		fmt.Fprintf(&b, `"m%d":0,`, i)
	}
	b.WriteString(`"x":1}`)
	r, _ = NewJSONReader([]byte(b.String()), 1<<20)
	r.U64("x", &a)
	if vdom.CodeOf(r.Err()) != vdom.Persistence {
		t.Fatalf("%d members passed over: %v", maxRecorded+1, r.Err())
	}
}
