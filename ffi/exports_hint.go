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
	return cString(hintReply(uint64(handle), ptr(hintID), ptr(componentID), ptr(stateChanges), ptr(currentTree)))
}

// hintReply is minimact_predictor_predict_hint's reply.
func hintReply(h uint64, idp, compp, scp, treep unsafe.Pointer) []byte {
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
		// copies: nothing of the host's memory outlives the call
		id = append([]byte(nil), id...)
		pr, err = p.PredictHint(string(comp), append([]byte(nil), sc...), append([]byte(nil), t...))
		return err
	})
	switch {
	case err != nil:
		countValidation(err)
		logf(diag.Warn, "predict", err)
		return appendPredictFailure(nil, err.Error(), codeOf(err))
	case pr == nil:
		return append(appendHintID(append([]byte(nil), `{"ok":false,`...), id), noPrediction[len(`{"ok":false,`):]...)
	}
	diag.Global.HintsReturned.Inc()
	if diag.Log.On(diag.Debug) {
		diag.Log.Add(diag.Debug, "predict", "hint of "+strconv.Itoa(len(pr.StateChange))+" bytes of changes, confidence "+strconv.FormatFloat(pr.Confidence, 'f', 3, 64))
	}
	body := appendPrediction(nil, pr.StateChange, pr.Patches, pr.Tree, pr.Confidence)
	return append(appendHintID(append(make([]byte, 0, len(body)+len(id)+16), `{"ok":true,`...), id), body[len(`{"ok":true,`):]...)
}

// appendHintID appends "hint_id":"<id>", to dst.
func appendHintID(dst, id []byte) []byte {
	dst = append(dst, `"hint_id":`...)
	dst = diag.AppendJSONString(dst, string(id))
	return append(dst, ',')
}
