package main

/*
#include "minimact.h"
typedef const char minimact_cchar;
*/
import "C"

import (
	"unsafe"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/diag"
)

// The first page's HTML (issue 9): minimact_render_html.

//export minimact_render_html
func minimact_render_html(treeJSON *C.minimact_cchar) (ret *C.char) {
	defer recoverString(&ret, "minimact_render_html")
	fault("export")
	w := getWorker()
	ret = cString(w.htmlReply(ptr(treeJSON)))
	w.release()
	return ret
}

// htmlReply writes the HTML of the tree at treep (decoded with the default
// limits, in the HTML view), or the error reply. The result is in w and
// valid until w is released.
func (w *worker) htmlReply(treep unsafe.Pointer) []byte {
	err := decodeTree(w.dec, treep, &w.old, "tree_json")
	fault("html")
	if err == nil {
		var out []byte
		if out, err = w.html.AppendHTML(w.out[:0], &w.old, w.old.Root); err == nil {
			w.out = out
			return w.out
		}
	}
	if vdom.CodeOf(err) != vdom.UnrepresentableHtml {
		diag.Global.ValidationFailures.Inc()
	}
	logf(diag.Warn, "html", err)
	w.out = appendError(w.out[:0], err)
	return w.out
}
