package main

import (
	"errors"
	"math"
	"strconv"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/diag"
	"github.com/minimact/engine/runtime/predict"
)

// codeOf returns err's code; an error that is not an *vdom.Error is Unknown.
func codeOf(err error) vdom.Code { return vdom.CodeOf(err) }

// asError returns err as an *vdom.Error, wrapping any other error as Unknown.
func asError(err error) *vdom.Error {
	var e *vdom.Error
	if errors.As(err, &e) {
		return e
	}
	return vdom.Errorf(vdom.Unknown, err.Error())
}

// appendError appends {"error":"<message>","code":<code>}: the failure reply
// of every export that returns JSON but minimact_predictor_predict.
func appendError(dst []byte, err error) []byte {
	dst = append(dst, `{"error":`...)
	dst = diag.AppendJSONString(dst, err.Error())
	dst = append(dst, `,"code":`...)
	dst = strconv.AppendInt(dst, int64(codeOf(err)), 10)
	return append(dst, '}')
}

// appendPredictFailure appends {"ok":false,"error":"<message>","code":<code>}.
func appendPredictFailure(dst []byte, msg string, code vdom.Code) []byte {
	dst = append(dst, `{"ok":false,"error":`...)
	dst = diag.AppendJSONString(dst, msg)
	dst = append(dst, `,"code":`...)
	dst = strconv.AppendInt(dst, int64(code), 10)
	return append(dst, '}')
}

// noPrediction is the reply when the predictor has nothing confident to say:
// not an error, so its code is 0.
const noPrediction = `{"ok":false,` + noPredictionRest

// noPredictionRest is noPrediction after its "ok" (a hint's reply puts its
// id between them).
const noPredictionRest = `"error":"no prediction: nothing learned for this state change is confident enough","code":0}`

// appendPrediction appends {"ok":true,"data":{...}} around the predictor's
// raw JSON.
func appendPrediction(dst, stateChange, patches, tree []byte, confidence float64) []byte {
	return appendPredictionData(append(dst, `{"ok":true,`...), stateChange, patches, tree, confidence)
}

// appendPredictionData appends "data":{...}} (the rest of a prediction's
// reply after its "ok" and a hint's id).
func appendPredictionData(dst, stateChange, patches, tree []byte, confidence float64) []byte {
	dst = append(dst, `"data":{"state_change":`...)
	dst = appendRaw(dst, stateChange)
	dst = append(dst, `,"predicted_patches":`...)
	if len(patches) == 0 {
		dst = append(dst, "[]"...)
	} else {
		dst = append(dst, patches...)
	}
	dst = append(dst, `,"confidence":`...)
	dst = appendConfidence(dst, confidence)
	dst = append(dst, `,"predicted_tree":`...)
	dst = appendRaw(dst, tree)
	return append(dst, "}}"...)
}

func appendRaw(dst, raw []byte) []byte {
	if len(raw) == 0 {
		return append(dst, "null"...)
	}
	return append(dst, raw...)
}

// invalidArgument is the error of an argument out of its range (a log level,
// a limit, a config member). The codes have none of their own yet, so it uses
// Serialization, the code of an input that cannot be read as what it must
// be; the message says "invalid argument".
func invalidArgument(msg string) *vdom.Error {
	return vdom.Errorf(vdom.Serialization, "invalid argument: "+msg)
}

// appendConfidence writes a confidence in [0, 1] with the decimals it has
// (predict.RoundConfidence), as strconv's shortest form would, without its
// cost (a tenth of a small prediction's): 0, 1, 0.5, 0.937512.
func appendConfidence(dst []byte, c float64) []byte {
	if !(c >= 0 && c <= 1) {
		return strconv.AppendFloat(dst, c, 'g', -1, 64)
	}
	k := int64(math.Round(c * predict.ConfidenceScale))
	switch k {
	case 0:
		return append(dst, '0')
	case predict.ConfidenceScale:
		return append(dst, '1')
	}
	var d [predict.ConfidenceDecimals]byte
	for i := len(d) - 1; i >= 0; i-- {
		d[i] = byte('0' + k%10)
		k /= 10
	}
	n := len(d)
	for d[n-1] == '0' {
		n--
	}
	return append(append(dst, "0."...), d[:n]...)
}
