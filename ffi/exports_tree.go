package main

/*
#include "minimact.h"
typedef const char minimact_cchar;
typedef const uint8_t minimact_cu8;
*/
import "C"

import "github.com/minimact/engine/generated/vdom"

// The retained trees' exports (schema/abi.go, shared/ABI.md "Retained
// trees"); their Go side is tree.go.

// storeTree stores h (0 on failure) in *out and returns the result.
func storeTree(out *C.MinimactHandle, h uint64, err error) C.MinimactResult {
	if out == nil {
		if err == nil {
			treeHandles.destroy(h) // nowhere to put it: do not leak the tree
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

//export minimact_tree_new
func minimact_tree_new(out *C.MinimactHandle) (ret C.MinimactResult) {
	defer recoverResult(&ret, "minimact_tree_new")
	fault("export")
	if out == nil {
		return result(vdom.Errorf(vdom.NullPointer, "out is NULL"))
	}
	*out = 0
	h, err := treeHandles.add(vdom.Limits{})
	return storeTree(out, h, err)
}

//export minimact_tree_create
func minimact_tree_create(limitsJSON *C.minimact_cchar, out *C.MinimactHandle) (ret C.MinimactResult) {
	defer recoverResult(&ret, "minimact_tree_create")
	fault("export")
	if out == nil {
		return result(vdom.Errorf(vdom.NullPointer, "out is NULL"))
	}
	*out = 0
	h, err := createTree(ptr(limitsJSON))
	return storeTree(out, h, err)
}

//export minimact_tree_destroy
func minimact_tree_destroy(tree C.MinimactHandle) (ret C.MinimactResult) {
	defer recoverResult(&ret, "minimact_tree_destroy")
	fault("export")
	return result(treeHandles.destroy(uint64(tree)))
}

//export minimact_tree_render
func minimact_tree_render(tree C.MinimactHandle, newJSON *C.minimact_cchar) (ret *C.char) {
	defer recoverString(&ret, "minimact_tree_render")
	fault("export")
	w := getWorker()
	ret = cString(w.treeRender(uint64(tree), ptr(newJSON), 0, false))
	w.release()
	return ret
}

//export minimact_tree_render_binary
func minimact_tree_render_binary(tree C.MinimactHandle, data *C.minimact_cu8, length C.size_t) (ret *C.char) {
	defer recoverString(&ret, "minimact_tree_render_binary")
	fault("export")
	w := getWorker()
	ret = cString(w.treeRender(uint64(tree), ptr(data), uintptr(length), true))
	w.release()
	return ret
}

//export minimact_tree_learn
func minimact_tree_learn(tree, predictor C.MinimactHandle, stateChange *C.minimact_cchar) (ret C.MinimactResult) {
	defer recoverResult(&ret, "minimact_tree_learn")
	fault("export")
	return result(treeLearn(uint64(tree), uint64(predictor), ptr(stateChange)))
}

//export minimact_tree_predict
func minimact_tree_predict(tree, predictor C.MinimactHandle, stateChange *C.minimact_cchar) (ret *C.char) {
	defer recoverPredict(&ret, "minimact_tree_predict")
	fault("export")
	a := getArgs()
	ret = cString(treePredictReply(a, uint64(tree), uint64(predictor), ptr(stateChange)))
	a.release()
	return ret
}

//export minimact_tree_render_html
func minimact_tree_render_html(tree C.MinimactHandle) (ret *C.char) {
	defer recoverString(&ret, "minimact_tree_render_html")
	fault("export")
	w := getWorker()
	ret = cString(w.treeHTMLReply(uint64(tree)))
	w.release()
	return ret
}
