package main

/*
#cgo CFLAGS: -I${SRCDIR}/../generated/c
#include "minimact.h"

// const-qualified element types, so that cgo writes the exports' prototypes
// with the header's const char * and const uint8_t *, and the C compiler
// checks each against the header.
typedef const char minimact_cchar;
typedef const uint8_t minimact_cu8;
*/
import "C"

import (
	"unsafe"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/diag"
	"github.com/minimact/engine/runtime/predict"
	"github.com/minimact/engine/schema"
)

// Every export below is thin: it defers the recovery matching its return
// type, converts its arguments, calls the Go side (worker.go, predictor.go),
// and copies the reply into C memory. The doc of each is in schema/abi.go and
// generated/c/minimact.h.

// ---- results and recovery ----

func result(err error) C.MinimactResult {
	if err == nil {
		return C.MinimactResult{}
	}
	return C.MinimactResult{code: C.int32_t(codeOf(err)), message: cMessage(err.Error())}
}

func recoverResult(ret *C.MinimactResult, fn string) {
	if r := recover(); r != nil {
		*ret = result(panicError(fn, r))
	}
}

func recoverString(ret **C.char, fn string) {
	if r := recover(); r != nil {
		*ret = cString(appendError(nil, panicError(fn, r)))
	}
}

func recoverPredict(ret **C.char, fn string) {
	if r := recover(); r != nil {
		e := panicError(fn, r)
		*ret = cString(appendPredictFailure(nil, e.Error(), e.Code))
	}
}

func recoverHandle(ret *C.MinimactHandle, fn string) {
	if r := recover(); r != nil {
		panicError(fn, r)
		*ret = 0
	}
}

func recoverVoid(fn string) {
	if r := recover(); r != nil {
		panicError(fn, r)
	}
}

func recoverUint32(ret *C.uint32_t, fn string) {
	if r := recover(); r != nil {
		panicError(fn, r)
		*ret = 0
	}
}

// handleOf returns h, or 0 after logging why there is none.
func handleOf(h uint64, err error, fn string) C.MinimactHandle {
	if err != nil {
		if diag.Log.On(diag.Warn) {
			diag.Log.Add(diag.Warn, "ffi", fn+" returns 0: "+err.Error())
		}
		return 0
	}
	return C.MinimactHandle(h)
}

// storeHandle stores h (0 on failure) in *out and returns the result.
func storeHandle(out *C.MinimactHandle, h uint64, err error) C.MinimactResult {
	if out == nil {
		if err == nil {
			// Nowhere to put it: do not leak the predictor.
			handles.destroy(h)
		}
		return result(vdom.Errorf(vdom.NullPointer, "out is NULL"))
	}
	*out = 0
	if err != nil {
		return result(err)
	}
	*out = C.MinimactHandle(h)
	return result(nil)
}

func ptr[T any](p *T) unsafe.Pointer { return unsafe.Pointer(p) }

// reconcileWith reconciles on a pooled worker with limits lim (nil: the
// defaults) and copies the reply out.
func reconcileWith(oldJSON, newJSON *C.minimact_cchar, lim *vdom.Limits) *C.char {
	w := getWorker()
	ret := cString(w.reconcileReply(ptr(oldJSON), ptr(newJSON), lim))
	w.release()
	return ret
}

// ---- the exports existing hosts call ----

//export minimact_predictor_new
func minimact_predictor_new() (ret C.MinimactHandle) {
	defer recoverHandle(&ret, "minimact_predictor_new")
	fault("export")
	h, err := newPredictor(predict.DefaultConfig())
	return handleOf(h, err, "minimact_predictor_new")
}

//export minimact_predictor_new_with_config
func minimact_predictor_new_with_config(minConfidence C.float, maxPatternsPerKey C.uintptr_t) (ret C.MinimactHandle) {
	defer recoverHandle(&ret, "minimact_predictor_new_with_config")
	fault("export")
	h, err := newPredictorWithConfig(float32(minConfidence), uintptr(maxPatternsPerKey))
	return handleOf(h, err, "minimact_predictor_new_with_config")
}

//export minimact_predictor_destroy
func minimact_predictor_destroy(handle C.MinimactHandle) (ret C.MinimactResult) {
	defer recoverResult(&ret, "minimact_predictor_destroy")
	fault("export")
	return result(handles.destroy(uint64(handle)))
}

//export minimact_reconcile
func minimact_reconcile(oldJSON, newJSON *C.minimact_cchar) (ret *C.char) {
	defer recoverString(&ret, "minimact_reconcile")
	fault("export")
	return reconcileWith(oldJSON, newJSON, nil)
}

//export minimact_predictor_learn
func minimact_predictor_learn(handle C.MinimactHandle, stateChange, oldTree, newTree *C.minimact_cchar) (ret C.MinimactResult) {
	defer recoverResult(&ret, "minimact_predictor_learn")
	fault("export")
	return result(learn(uint64(handle), ptr(stateChange), ptr(oldTree), ptr(newTree)))
}

//export minimact_predictor_predict
func minimact_predictor_predict(handle C.MinimactHandle, stateChange, currentTree *C.minimact_cchar) (ret *C.char) {
	defer recoverPredict(&ret, "minimact_predictor_predict")
	fault("export")
	a := getArgs()
	ret = cString(predictReply(a, uint64(handle), ptr(stateChange), ptr(currentTree)))
	a.release()
	return ret
}

//export minimact_predictor_stats
func minimact_predictor_stats(handle C.MinimactHandle) (ret *C.char) {
	defer recoverString(&ret, "minimact_predictor_stats")
	fault("export")
	return cString(statsReply(uint64(handle)))
}

//export minimact_predictor_save
func minimact_predictor_save(handle C.MinimactHandle) (ret *C.char) {
	defer recoverString(&ret, "minimact_predictor_save")
	fault("export")
	return cString(saveReply(uint64(handle)))
}

//export minimact_predictor_load
func minimact_predictor_load(snapshotJSON *C.minimact_cchar) (ret C.MinimactHandle) {
	defer recoverHandle(&ret, "minimact_predictor_load")
	fault("export")
	h, err := loadPredictor(ptr(snapshotJSON))
	return handleOf(h, err, "minimact_predictor_load")
}

// minimact_free_string, minimact_free_error and minimact_free_bytes are
// defined in C (free.c), without entering Go. These are the same frees for
// the Go tests, which cannot call C.
func minimact_free_string(s *C.char) { cFree(unsafe.Pointer(s)) }

func minimact_free_error(message *C.char) { cFree(unsafe.Pointer(message)) }

//export minimact_logging_enable
func minimact_logging_enable() {
	defer recoverVoid("minimact_logging_enable")
	fault("export")
	diag.Log.Enable()
}

//export minimact_logging_disable
func minimact_logging_disable() {
	defer recoverVoid("minimact_logging_disable")
	fault("export")
	diag.Log.Disable()
}

//export minimact_logging_set_level
func minimact_logging_set_level(level C.uint32_t) {
	defer recoverVoid("minimact_logging_set_level")
	fault("export")
	if !diag.Log.SetLevel(diag.Level(level)) && diag.Log.On(diag.Warn) {
		diag.Log.Add(diag.Warn, "ffi", setLevelError(uint32(level)).Error())
	}
}

//export minimact_logging_get_logs
func minimact_logging_get_logs() (ret *C.char) {
	defer recoverString(&ret, "minimact_logging_get_logs")
	fault("export")
	return cString(diag.AppendEventsJSON(nil, diag.Log.Events()))
}

//export minimact_logging_clear
func minimact_logging_clear() {
	defer recoverVoid("minimact_logging_clear")
	fault("export")
	diag.Log.Clear()
}

//export minimact_metrics_get
func minimact_metrics_get() (ret *C.char) {
	defer recoverString(&ret, "minimact_metrics_get")
	fault("export")
	return cString(metricsReplyGlobal())
}

//export minimact_metrics_reset
func minimact_metrics_reset() {
	defer recoverVoid("minimact_metrics_reset")
	fault("export")
	resetMetrics()
}

// ---- extensions ----

//export minimact_version
func minimact_version() (ret *C.char) {
	defer recoverString(&ret, "minimact_version")
	fault("export")
	return cString([]byte(schema.Version))
}

//export minimact_abi_version
func minimact_abi_version() (ret C.uint32_t) {
	defer recoverUint32(&ret, "minimact_abi_version")
	fault("export")
	return schema.ABIVersion
}

//export minimact_reconcile_with_validation
func minimact_reconcile_with_validation(oldJSON, newJSON *C.minimact_cchar, maxDepth, maxNodes C.uintptr_t) (ret *C.char) {
	defer recoverString(&ret, "minimact_reconcile_with_validation")
	fault("export")
	lim, err := limitsOf(uint64(maxDepth), uint64(maxNodes), 0)
	if err != nil {
		return cString(appendError(nil, err))
	}
	return reconcileWith(oldJSON, newJSON, &lim)
}

//export minimact_reconcile_safe
func minimact_reconcile_safe(oldJSON, newJSON *C.minimact_cchar, maxJSONSize C.uintptr_t) (ret *C.char) {
	defer recoverString(&ret, "minimact_reconcile_safe")
	fault("export")
	lim, err := limitsOf(0, 0, uint64(maxJSONSize))
	if err != nil {
		return cString(appendError(nil, err))
	}
	return reconcileWith(oldJSON, newJSON, &lim)
}

//export minimact_reconcile_with_limits
func minimact_reconcile_with_limits(oldJSON, newJSON, limitsJSON *C.minimact_cchar) (ret *C.char) {
	defer recoverString(&ret, "minimact_reconcile_with_limits")
	fault("export")
	if limitsJSON == nil {
		return reconcileWith(oldJSON, newJSON, nil)
	}
	src, err := borrow(ptr(limitsJSON), maxConfigBytes, "limits_json")
	if err != nil {
		return cString(appendError(nil, err))
	}
	lim, err := parseLimits(src)
	if err != nil {
		return cString(appendError(nil, err))
	}
	return reconcileWith(oldJSON, newJSON, &lim)
}

//export minimact_verify_patch
func minimact_verify_patch(treeJSON, patchJSON *C.minimact_cchar) (ret C.MinimactResult) {
	defer recoverResult(&ret, "minimact_verify_patch")
	fault("export")
	w := getWorker()
	err := w.verify(ptr(treeJSON), ptr(patchJSON))
	w.release()
	return result(err)
}

//export minimact_apply_patches
func minimact_apply_patches(treeJSON, patchesJSON *C.minimact_cchar) (ret *C.char) {
	defer recoverString(&ret, "minimact_apply_patches")
	fault("export")
	w := getWorker()
	ret = cString(w.applyReply(ptr(treeJSON), ptr(patchesJSON)))
	w.release()
	return ret
}

//export minimact_predictor_create
func minimact_predictor_create(configJSON *C.minimact_cchar, out *C.MinimactHandle) (ret C.MinimactResult) {
	defer recoverResult(&ret, "minimact_predictor_create")
	fault("export")
	if out == nil {
		return result(vdom.Errorf(vdom.NullPointer, "out is NULL"))
	}
	*out = 0
	h, err := createPredictor(ptr(configJSON))
	return storeHandle(out, h, err)
}

//export minimact_predictor_try_load
func minimact_predictor_try_load(snapshotJSON *C.minimact_cchar, out *C.MinimactHandle) (ret C.MinimactResult) {
	defer recoverResult(&ret, "minimact_predictor_try_load")
	fault("export")
	if out == nil {
		return result(vdom.Errorf(vdom.NullPointer, "out is NULL"))
	}
	*out = 0
	h, err := loadPredictor(ptr(snapshotJSON))
	return storeHandle(out, h, err)
}

//export minimact_predictor_config
func minimact_predictor_config(handle C.MinimactHandle) (ret *C.char) {
	defer recoverString(&ret, "minimact_predictor_config")
	fault("export")
	return cString(configReply(uint64(handle)))
}

//export minimact_predictor_learn_batch
func minimact_predictor_learn_batch(handle C.MinimactHandle, batchJSON *C.minimact_cchar) (ret C.MinimactResult) {
	defer recoverResult(&ret, "minimact_predictor_learn_batch")
	fault("export")
	return result(learnBatch(uint64(handle), ptr(batchJSON)))
}

//export minimact_predictor_verify_prediction
func minimact_predictor_verify_prediction(handle C.MinimactHandle, stateChange, actualNewTree *C.minimact_cchar, correct *C.int32_t) (ret C.MinimactResult) {
	defer recoverResult(&ret, "minimact_predictor_verify_prediction")
	fault("export")
	if correct == nil {
		return result(vdom.Errorf(vdom.NullPointer, "correct is NULL"))
	}
	*correct = 0
	ok, err := verifyPrediction(uint64(handle), ptr(stateChange), ptr(actualNewTree))
	if err == nil && ok {
		*correct = 1
	}
	return result(err)
}

//export minimact_predictor_metrics
func minimact_predictor_metrics(handle C.MinimactHandle) (ret *C.char) {
	defer recoverString(&ret, "minimact_predictor_metrics")
	fault("export")
	return cString(metricsReply(uint64(handle)))
}

//export minimact_predictor_reset_metrics
func minimact_predictor_reset_metrics(handle C.MinimactHandle) (ret C.MinimactResult) {
	defer recoverResult(&ret, "minimact_predictor_reset_metrics")
	fault("export")
	return result(handles.with(uint64(handle), func(p *predict.Predictor) error {
		p.ResetMetrics()
		return nil
	}))
}

//export minimact_predictor_memory_stats
func minimact_predictor_memory_stats(handle C.MinimactHandle) (ret *C.char) {
	defer recoverString(&ret, "minimact_predictor_memory_stats")
	fault("export")
	return cString(memoryStatsReply(uint64(handle)))
}

//export minimact_predictor_clear
func minimact_predictor_clear(handle C.MinimactHandle) (ret C.MinimactResult) {
	defer recoverResult(&ret, "minimact_predictor_clear")
	fault("export")
	return result(handles.with(uint64(handle), func(p *predict.Predictor) error {
		p.Clear()
		return nil
	}))
}

//export minimact_predictor_serialize
func minimact_predictor_serialize(handle C.MinimactHandle, bytes **C.uint8_t, length *C.uintptr_t) (ret C.MinimactResult) {
	defer recoverResult(&ret, "minimact_predictor_serialize")
	fault("export")
	if bytes == nil || length == nil {
		return result(vdom.Errorf(vdom.NullPointer, "bytes or length is NULL"))
	}
	*bytes, *length = nil, 0
	b, err := serialize(uint64(handle))
	if err != nil {
		return result(err)
	}
	p := cBytes(b)
	if p == nil {
		return result(vdom.Errorf(vdom.MemoryLimitExceeded, "could not allocate the serialized predictor"))
	}
	*bytes, *length = p, C.uintptr_t(len(b))
	return result(nil)
}

//export minimact_predictor_deserialize
func minimact_predictor_deserialize(bytes *C.minimact_cu8, length C.uintptr_t, configJSON *C.minimact_cchar, out *C.MinimactHandle) (ret C.MinimactResult) {
	defer recoverResult(&ret, "minimact_predictor_deserialize")
	fault("export")
	if out == nil {
		return result(vdom.Errorf(vdom.NullPointer, "out is NULL"))
	}
	*out = 0
	h, err := deserialize(ptr(bytes), uintptr(length), ptr(configJSON))
	return storeHandle(out, h, err)
}

func minimact_free_bytes(bytes *C.uint8_t) { cFree(unsafe.Pointer(bytes)) }

//export minimact_global_metrics
func minimact_global_metrics() (ret *C.char) {
	defer recoverString(&ret, "minimact_global_metrics")
	fault("export")
	return cString(globalMetricsReply())
}

//export minimact_set_log_level
func minimact_set_log_level(level C.uint32_t) (ret C.MinimactResult) {
	defer recoverResult(&ret, "minimact_set_log_level")
	fault("export")
	if !diag.Log.SetLevel(diag.Level(level)) {
		return result(setLevelError(uint32(level)))
	}
	diag.Log.Enable()
	return result(nil)
}

//export minimact_get_log_events
func minimact_get_log_events(maxEvents C.uintptr_t) (ret *C.char) {
	defer recoverString(&ret, "minimact_get_log_events")
	fault("export")
	n := uint64(maxEvents)
	if n > 1<<30 {
		n = 1 << 30
	}
	return cString(diag.AppendEventsJSON(nil, diag.Log.Drain(int(n))))
}
