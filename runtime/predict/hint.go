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
// it against what a wrong hint costs it. The patches of a hint of two or
// more changes are the reconciliation of currentTree with the last
// predicted tree (one list to apply to the page as it is, the smallest for
// the whole change); StateChange is the array as given.
//
// A hint is a what-if: it records no pending prediction (a later Learn does
// not judge the predictor by it), and each of its steps counts in the
// metrics as a prediction made.
func (p *Predictor) PredictHint(componentID string, stateChanges, currentTree []byte) (*Prediction, error) {
	if len(stateChanges) > p.lim.MaxBytes {
		return nil, vdom.Errorf(vdom.JsonTooLarge, "state changes of "+strconv.Itoa(len(stateChanges))+" bytes exceed the limit of "+strconv.Itoa(p.lim.MaxBytes))
	}
	ps := p.getScratch() // for checking the changes, and the final reconcile
	defer p.putScratch(ps)
	changes, err := splitChanges(stateChanges, componentID, &ps.change, p.lim)
	if err != nil {
		return nil, err
	}
	tree, conf := currentTree, 1.0
	var last Prediction
	for _, ch := range changes {
		pr, _, ok, err := p.predictInto(nil, ch, tree, &componentID)
		if err != nil || !ok || pr.Tree == nil {
			return nil, err
		}
		conf *= pr.Confidence
		tree, last = pr.Tree, pr
	}
	out := &Prediction{StateChange: stateChanges, Patches: last.Patches, Tree: last.Tree, Confidence: RoundConfidence(conf)}
	if len(changes) > 1 {
		patches, err := ps.reconciler.JSON(currentTree, last.Tree)
		out.Patches = append([]byte(nil), patches...) // valid until the reconciler's next call
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// splitChanges splits src, a JSON array of 1 to MaxHintChanges state change
// objects of component, each parsed with ch first: a bad change is refused
// even when a step before it would be silent.
func splitChanges(src []byte, component string, ch *outcome.Change, lim outcome.Limits) ([][]byte, error) {
	var out [][]byte
	err := eachObject(src, "the state changes", "state change", func(sc *jsonscan.Scanner, at int) error {
		if len(out) == MaxHintChanges {
			return outcome.ErrAt(vdom.Serialization, at, "a hint composes at most "+strconv.Itoa(MaxHintChanges)+" state changes")
		}
		if sc.Skip(lim.MaxDepth) != jsonscan.OK {
			return outcome.ScanErr(sc, "the state changes of a hint")
		}
		if err := ch.ParseOf(src[at:sc.Pos], lim, component); err != nil {
			return err
		}
		out = append(out, src[at:sc.Pos])
		return nil
	})
	if err == nil && len(out) == 0 {
		err = outcome.ErrAt(vdom.Serialization, 0, "a hint needs at least one state change")
	}
	return out, err
}
