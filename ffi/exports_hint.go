package main

/*
#include "minimact.h"
typedef const char minimact_cchar;
*/
import "C"

import (
	"strconv"
	"unsafe"

	"github.com/minimact/engine/runtime/diag"
	"github.com/minimact/engine/runtime/jsonscan"
	"github.com/minimact/engine/runtime/predict"
)

// maxHintID is the longest hint id a hint takes (the host's own name for
// the hint, echoed in the reply).
const maxHintID = 1024

//export minimact_predictor_free
func minimact_predictor_free(handle C.MinimactHandle) {
	defer recoverVoid("minimact_predictor_free")
	fault("export")
	_ = handles.destroy(uint64(handle)) // as destroy; nothing to report to
}

//export minimact_predictor_predict_hint
func minimact_predictor_predict_hint(handle C.MinimactHandle, hintID, componentID, stateChanges, currentTree *C.minimact_cchar) (ret *C.char) {
	defer recoverPredict(&ret, "minimact_predictor_predict_hint")
	fault("export")
	a := getArgs()
	ret = cString(hintReply(a, uint64(handle), ptr(hintID), ptr(componentID), ptr(stateChanges), ptr(currentTree)))
	a.release()
	return ret
}

// hintReply is minimact_predictor_predict_hint's reply, in a.out. The
// changes and the tree are copied as predict's arguments are (within the
// process-wide bound of bytes in flight); the id is read in place, the
// reply being made before the call returns.
func hintReply(a *args, h uint64, idp, compp, scp, treep unsafe.Pointer) []byte {
	var pr *predict.Prediction
	var id []byte
	diag.Global.Hints.Inc()
	err := handles.with(h, func(p *predict.Predictor) error {
		var err error
		if id, err = borrow(idp, maxHintID, "hint_id"); err != nil {
			return err
		}
		comp, err := borrow(compp, maxHintID, "component_id")
		if err != nil {
			return err
		}
		max := treeLimit(p)
		sc, err := borrow(scp, max, "state_changes_json")
		if err != nil {
			return err
		}
		t, err := borrow(treep, max, "current_tree")
		if err != nil {
			return err
		}
		if sc, t, err = a.copy2(sc, t); err != nil {
			return err
		}
		pr, err = p.PredictHint(string(comp), sc, t)
		return err
	})
	switch {
	case err != nil:
		countValidation(err)
		logf(diag.Warn, "predict", err)
		a.out = appendPredictFailure(a.out[:0], err.Error(), codeOf(err))
		return a.out
	case pr == nil:
		a.out = append(appendHintID(append(a.out[:0], `{"ok":false,`...), id), noPredictionRest...)
		return a.out
	}
	diag.Global.HintsReturned.Inc()
	if diag.Log.On(diag.Debug) {
		diag.Log.Add(diag.Debug, "predict", "hint with confidence "+strconv.FormatFloat(pr.Confidence, 'f', 3, 64))
	}
	a.out = appendPredictionData(appendHintID(append(a.out[:0], `{"ok":true,`...), id), pr.StateChange, pr.Patches, pr.Tree, pr.Confidence)
	return a.out
}

// appendHintID appends "hint_id":"<id>", to dst.
func appendHintID(dst, id []byte) []byte {
	dst = append(dst, `"hint_id":`...)
	dst = jsonscan.AppendString(dst, id)
	return append(dst, ',')
}
