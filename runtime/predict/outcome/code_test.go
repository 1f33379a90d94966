package outcome

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict/snapshot"
)

// encoded codes l (and sels) in both formats.
func encoded(l *Learner, sels *Selectors) (bin, js []byte) {
	b := snapshot.NewBinaryWriter(nil)
	l.Code(b)
	sels.Code(b, "selectors")
	j := snapshot.NewJSONWriter()
	j.Obj("", func() {
		j.Obj("learner", func() { l.Code(j) })
		sels.Code(j, "selectors")
	})
	return b.Out(), j.Out()
}

// TestLearnerCodeRoundTrip: a learner read back from either format
// predicts what the original does, and codes to the same bytes.
func TestLearnerCodeRoundTrip(t *testing.T) {
	var samples []sample
	for i := 0; i < 30; i++ {
		text := fmt.Sprintf("Total: $%.2f", 12.5*float64(i))
		if i == 7 {
			text = "\xff not UTF-8"
		}
		samples = append(samples, sample{fmt.Sprintf(`{"qty":%d,"name":"n\"%d"}`, i, i%4), text})
	}
	samples = append(samples, sample{`{"qty":99,"name":"x"}`, "<absent>"})
	l, sels := learned(t, true, samples)
	if len(l.tmpls) == 0 || len(l.tabs) == 0 {
		t.Fatalf("nothing to code: %s", l.String())
	}
	bin, js := encoded(l, sels)

	var fromBin Learner
	var binSels Selectors
	r := snapshot.NewBinaryReader(bin)
	fromBin.Code(r)
	binSels.Code(r, "selectors")
	if r.Err() != nil || r.Rest() != 0 {
		t.Fatalf("binary: %v, %d bytes left", r.Err(), r.Rest())
	}
	jr, err := snapshot.NewJSONReader(js, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	var fromJSON Learner
	var jsonSels Selectors
	jr.Obj("learner", func() { fromJSON.Code(jr) })
	jsonSels.Code(jr, "selectors")
	if jr.Err() != nil {
		t.Fatal(jr.Err())
	}
	for _, x := range []*Learner{&fromBin, &fromJSON} {
		if err := x.Validate(); err != nil {
			t.Fatal(err)
		}
		if b, j := encoded(x, sels); !bytes.Equal(b, bin) || !bytes.Equal(j, js) {
			t.Errorf("coded again differently:\n%s\n%s", j, js)
		}
		if x.String() != l.String() {
			t.Errorf("read back\n%s\nwant\n%s", x.String(), l.String())
		}
		for _, q := range []string{`{"qty":5,"name":"n\"1"}`, `{"qty":40,"name":"n\"2"}`, `{"qty":7,"name":"n\"3"}`, `{"qty":99,"name":"x"}`} {
			if got, want := predicted(t, x, sels, q), predicted(t, l, sels, q); got != want {
				t.Errorf("%s: %q, want %q", q, got, want)
			}
		}
	}
	if selNames(binSels) != selNames(*sels) || selNames(jsonSels) != selNames(*sels) {
		t.Errorf("selectors %s / %s, want %s", selNames(binSels), selNames(jsonSels), selNames(*sels))
	}
}

// TestLearnerValidate: what was read is checked before use.
func TestLearnerValidate(t *testing.T) {
	l, _ := learned(t, true, counting(0, 5, func(i int) string { return fmt.Sprint("n=", i) }))
	bad := func(name string, damage func(*Learner)) {
		bin, _ := encoded(l, &Selectors{})
		var x Learner
		x.Code(snapshot.NewBinaryReader(bin))
		damage(&x)
		if err := x.Validate(); vdom.CodeOf(err) != vdom.Persistence {
			t.Errorf("%s: %v", name, err)
		}
	}
	bad("previous outcome out of range", func(x *Learner) { x.prevOut = int16(len(x.outs)) })
	bad("entry outcome out of range", func(x *Learner) { x.tabs[0].ents[0].out = int16(len(x.outs)) })
	bad("duplicate key", func(x *Learner) { x.tabs[0].ents[1].key = x.tabs[0].ents[0].key })
	// entries out of order are sorted, not refused
	bin, _ := encoded(l, &Selectors{})
	var x Learner
	x.Code(snapshot.NewBinaryReader(bin))
	e := x.tabs[0].ents
	e[0], e[len(e)-1] = e[len(e)-1], e[0]
	if err := x.Validate(); err != nil {
		t.Fatal(err)
	}
	var buf []byte
	if o, ok := x.Predict([]Feature{numFeature(3)}, &buf); !ok || string(o.Bytes) != "n=3" {
		t.Errorf("after sorting: %q %v", o.Bytes, ok)
	}
}

// TestLearnerCodeBounds: hostile counts and values are refused while
// reading.
func TestLearnerCodeBounds(t *testing.T) {
	for _, c := range []struct {
		name string
		js   string
	}{
		{"prev_out out of range", `{"text":true,"stamp":0,"prev_out":64,"outcomes":[],"tables":[],"templates":[],"prev":[]}`},
		{"too many outcomes", `{"text":true,"stamp":0,"prev_out":-1,"outcomes":[` + repeat(`{"b":"","absent":false,"raw":false}`, maxOutcomes+1) + `],"tables":[],"templates":[],"prev":[]}`},
		{"bad flags", `{"text":true,"stamp":0,"prev_out":-1,"outcomes":[],"tables":[{"events":0,"entries":[{"key":1,"num":0,"str":"","whole":0,"stamp":0,"out":0,"flags":99}]}],"templates":[],"prev":[]}`},
		{"decimals out of range", `{"text":true,"stamp":0,"prev_out":-1,"outcomes":[],"tables":[],"templates":[{"sel":0,"fitted":1,"matches":0,"misses":0,"parts":[{"lit":"","hole":true,"num":true,"a":1,"b":0,"dec":12,"pad":0,"case":0}]}],"prev":[]}`},
		{"a missing member", `{"text":true}`},
	} {
		r, err := snapshot.NewJSONReader([]byte(c.js), 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		var l Learner
		l.Code(r)
		if vdom.CodeOf(r.Err()) != vdom.Persistence {
			t.Errorf("%s: %v", c.name, r.Err())
		}
	}
}

func repeat(s string, n int) string {
	var b bytes.Buffer
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s)
	}
	return b.String()
}
