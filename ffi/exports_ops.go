package main

/*
#include "minimact.h"
*/
import "C"

import (
	"strconv"
	"unsafe"

	"github.com/minimact/engine/runtime/diag"
	"github.com/minimact/engine/runtime/predict"
	"github.com/minimact/engine/schema"
)

// exports_ops.go: the operations exports, the Prometheus exposition and the
// log callback (logcb.go holds the callback's C side). docs/operations.md
// describes both.

//export minimact_metrics_prometheus
func minimact_metrics_prometheus() (ret *C.char) {
	defer recoverString(&ret, "minimact_metrics_prometheus")
	fault("export")
	return cString(prometheusReply())
}

//export minimact_log_set_callback
func minimact_log_set_callback(callback C.MinimactLogCallback, user unsafe.Pointer) (ret C.MinimactResult) {
	u := uintptr(user) // a host value, perhaps no pointer at all: never kept as one
	defer recoverResult(&ret, "minimact_log_set_callback")
	fault("export")
	return result(setLogCallback(callback, u))
}

// prometheusReply is minimact_metrics_prometheus's reply: diag.Global with
// what the registry knows (evictions as minimact_metrics_get counts them,
// the live predictors' memory) and diag.Log's counts.
func prometheusReply() []byte {
	var mem int64
	handles.each(func(p *predict.Predictor) { mem += memoryOf(p) })
	s := metricsSnapshot()
	var predictTime diag.Histogram
	predict.AddGlobalPredictTime(&predictTime)
	x := diag.Exposition{
		Predict: &diag.PredictTotals{Calls: s.PredictorPredictions, Hits: s.PredictorPredictionHits,
			Misses: s.PredictorPredictionMisses, Errors: s.PredictorPredictErrs, Lent: predict.Global().PredictionsLent, Time: &predictTime},
		BuildInfo: []diag.Label{
			{Name: "version", Value: schema.Version},
			{Name: "abi_version", Value: strconv.Itoa(schema.ABIVersion)},
		},
		Evictions:            s.EvictionsPerformed,
		PredictorMemoryBytes: mem,
		Log:                  diag.Log,
	}
	return diag.Global.AppendPrometheus(make([]byte, 0, 8<<10), &x)
}
