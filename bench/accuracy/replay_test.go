package accuracy

import (
	"encoding/json"
	"testing"
)

// TestWithState: a step's state change with its whole state is the change
// with an "all_state" member, the rest as it was; a step without a state
// is sent as it is.
func TestWithState(t *testing.T) {
	s := Step{Change: []byte(`{"component_id":"c","state_key":"k","old_value":1,"new_value":2} `), State: []byte(`{"k":2,"other":"x"}`)}
	var got map[string]json.RawMessage
	if err := json.Unmarshal(s.WithState(), &got); err != nil {
		t.Fatalf("%s: %v", s.WithState(), err)
	}
	if string(got["all_state"]) != `{"k":2,"other":"x"}` || string(got["new_value"]) != "2" || len(got) != 5 {
		t.Errorf("%s", s.WithState())
	}
	if none := (Step{Change: s.Change}).WithState(); string(none) != string(s.Change) {
		t.Errorf("without a state: %s", none)
	}
}
