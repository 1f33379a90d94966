package predict

import (
	"strconv"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/jsonscan"
	"github.com/minimact/engine/runtime/predict/outcome"
)

// MaxHintChanges is the most state changes one hint composes.
const MaxHintChanges = 32

// PredictHint predicts the patches of several state changes applied
// together, in order, to currentTree: what a host sends to the browser
// ahead of a click that will make them all (minimact_predictor_predict_hint).
//
// stateChanges is a JSON array of 1 to MaxHintChanges state change objects
// (as Predict takes them); one without "component_id" is of componentID,
// and one naming another component is refused (a hint is one component's).
// Each change is predicted on the tree the ones before it predicted, so
// every step must have a prediction of at least MinConfidence: when any is
// silent there is no hint, (nil, nil). The hint's one confidence is the
// product of its steps' (the chance that all are right when they are right
// apart), which may be below MinConfidence for a long hint: the host weighs
// it against what a wrong hint costs it. The patches of a hint of two or more changes
// are the reconciliation of currentTree with the last predicted tree (one
// list to apply to the page as it is, the smallest for the whole change);
// StateChange is the array as given.
//
// A hint is a what-if: it records no pending prediction (a later Learn does
// not judge the predictor by it), and each of its steps counts in the
// metrics as a prediction made.
func (p *Predictor) PredictHint(componentID string, stateChanges, currentTree []byte) (*Prediction, error) {
	if len(stateChanges) > p.lim.MaxBytes {
		return nil, vdom.Errorf(vdom.JsonTooLarge, "state changes of "+strconv.Itoa(len(stateChanges))+" bytes exceed the limit of "+strconv.Itoa(p.lim.MaxBytes))
	}
	changes, err := hintChanges(componentID, stateChanges, p.lim)
	if err != nil {
		return nil, err
	}
	tree, conf := currentTree, 1.0
	var last *Prediction
	for _, ch := range changes {
		pr, err := p.predictAs(ch, tree, true)
		if err != nil || pr == nil {
			return nil, err
		}
		if pr.Tree == nil {
			return nil, nil
		}
		conf *= pr.Confidence
		tree, last = pr.Tree, pr
	}
	out := &Prediction{StateChange: stateChanges, Patches: last.Patches, Tree: last.Tree, Confidence: conf}
	if len(changes) > 1 {
		ps := p.getScratch()
		patches, err := ps.reconciler.JSON(currentTree, last.Tree)
		out.Patches = append([]byte(nil), patches...) // valid until the reconciler's next call
		p.putScratch(ps)
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// predictAs is Predict; a hint's steps (hint) record no pending prediction.
func (p *Predictor) predictAs(stateChange, currentTree []byte, hint bool) (*Prediction, error) {
	ps := p.getScratch()
	ps.hint = hint
	l := p.laneOf(ps.lane)
	_, pr, ok, err := p.predict(ps, l, nil, stateChange, currentTree)
	ps.hint = false
	p.putScratch(ps)
	globalOf(ps.lane).calls.Add(1)
	if err != nil {
		l.counts.predictErrors.Add(1)
		globalOf(ps.lane).predictErrors.Add(1)
		return nil, err
	}
	if !ok {
		return nil, nil
	}
	return &pr, nil
}

// hintChanges splits stateChanges, a JSON array of state change objects,
// giving componentID to those without one.
func hintChanges(componentID string, src []byte, lim outcome.Limits) ([][]byte, error) {
	var sc jsonscan.Scanner
	sc.Reset(src)
	if sc.Peek() != '[' {
		return nil, outcome.ErrAt(vdom.Serialization, sc.Pos, "the state changes of a hint must be a JSON array")
	}
	sc.Pos++
	var out [][]byte
	for first := true; ; first = false {
		c := sc.Peek()
		if c == ']' {
			sc.Pos++
			break
		}
		if !first {
			if c != ',' {
				return nil, outcome.ErrAt(vdom.Serialization, sc.Pos, "expected ',' or ']' in the state changes")
			}
			sc.Pos++
			c = sc.Peek()
		}
		if len(out) == MaxHintChanges {
			return nil, outcome.ErrAt(vdom.Serialization, sc.Pos, "a hint composes at most "+strconv.Itoa(MaxHintChanges)+" state changes")
		}
		at := sc.Pos
		if c != '{' {
			return nil, outcome.ErrAt(vdom.Serialization, at, "state change "+strconv.Itoa(len(out))+" of the hint is not an object")
		}
		if sc.Skip(lim.MaxDepth) != jsonscan.OK {
			return nil, outcome.ScanErr(&sc, "the state changes of a hint")
		}
		elem := src[at:sc.Pos]
		comp, has, err := memberString(elem, "component_id", lim)
		switch {
		case err != nil:
			return nil, err
		case !has:
			// {"component_id":<componentID>, + the rest
			b := jsonscan.AppendString(append(make([]byte, 0, len(elem)+len(componentID)+24), `{"component_id":`...), []byte(componentID))
			if rest := elem[1:]; len(trimSpace(rest)) > 0 && trimSpace(rest)[0] != '}' {
				b = append(b, ',')
			}
			elem = append(b, elem[1:]...)
		case comp != componentID:
			return nil, outcome.ErrAt(vdom.Serialization, at, "state change "+strconv.Itoa(len(out))+" of the hint is of another component than the hint's")
		}
		out = append(out, elem)
	}
	if sc.Peek(); sc.Err != jsonscan.OK || sc.Pos != len(src) {
		return nil, outcome.ErrAt(vdom.Serialization, sc.Pos, "unexpected data after the state changes")
	}
	if len(out) == 0 {
		return nil, outcome.ErrAt(vdom.Serialization, 0, "a hint needs at least one state change")
	}
	return out, nil
}

// memberString finds top-level member name of obj, a valid JSON object:
// its string value, and whether it is there. (A value that is not a string
// is left for the state change's parser to refuse.)
func memberString(obj []byte, name string, lim outcome.Limits) (string, bool, error) {
	var sc jsonscan.Scanner
	sc.Reset(obj)
	sc.Pos++ // '{'
	var scratch []byte
	for first := true; ; first = false {
		c := sc.Peek()
		if c == '}' {
			return "", false, nil
		}
		if !first {
			sc.Pos++ // ','
			sc.Peek()
		}
		scratch = scratch[:0]
		off, n, esc, k := sc.String(&scratch, len(obj))
		if k != jsonscan.OK {
			return "", false, outcome.ScanErr(&sc, "a state change")
		}
		got := obj[off : off+n]
		if esc {
			got = scratch[off : off+n]
		}
		sc.Expect(':')
		if string(got) == name && sc.Peek() == '"' {
			var v []byte
			off, n, esc, k := sc.String(&v, lim.MaxName)
			if k != jsonscan.OK {
				return "", true, outcome.ScanErr(&sc, "a state change")
			}
			if esc {
				return string(v[off : off+n]), true, nil
			}
			return string(obj[off : off+n]), true, nil
		}
		if string(got) == name {
			return "", true, outcome.ErrAt(vdom.Serialization, sc.Pos, "\""+name+"\" must be a string")
		}
		if sc.Skip(lim.MaxDepth) != jsonscan.OK {
			return "", false, outcome.ScanErr(&sc, "a state change")
		}
	}
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\n' || b[0] == '\r') {
		b = b[1:]
	}
	return b
}
