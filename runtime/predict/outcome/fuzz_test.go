package outcome

import (
	"testing"

	"github.com/minimact/engine/generated/vdom"
)

// FuzzChange: any state change, with or without a whole state, parses into
// a coded error or values every selector reads without a panic, and a
// learner fed them predicts without one.
func FuzzChange(f *testing.F) {
	f.Add([]byte(`{"component_id":"c","state_key":"k","old_value":1,"new_value":2,"all_state":{"k":2,"o":[1,"a"],"p":{"x":1}}}`))
	f.Add([]byte(`{"component_id":"c","state_key":"k","old_value":["a"],"new_value":["a","b"],"all_state":{"k":["a","b"]}}`))
	f.Add([]byte(`{"component_id":"c","state_key":"k","old_value":[{"p":2,"q":3}],"new_value":[{"p":2,"q":4}]}`))
	f.Add([]byte(`{"component_id":"c","state_key":"k","all_state":[1]}`))
	lim := LimitsFor(vdom.Limits{})
	f.Fuzz(func(t *testing.T, src []byte) {
		var c Change
		if err := c.Parse(src, lim); err != nil {
			if vdom.CodeOf(err) == 0 {
				t.Fatalf("uncoded error %v", err)
			}
			return
		}
		s := Selectors{}.Extend(&c.Values, c.Old, c.New)
		fo := s.Eval(nil, &c.Values, c.Old)
		fn := s.Eval(nil, &c.Values, c.New)
		l := NewLearner(true)
		var buf []byte
		l.Observe(fo, Outcome{Bytes: []byte("n=1")}, &buf)
		l.Observe(fn, Outcome{Bytes: []byte("n=2")}, &buf)
		l.Predict(fn, &buf)
		l.Why(fn)
	})
}
