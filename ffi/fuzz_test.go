package main

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/minimact/engine/runtime/diag"
)

// FuzzExports feeds arbitrary bytes to the exports that parse input and
// checks that none panics (a recovered panic would be counted) and that
// every reply is well-formed: JSON for the string replies, a message exactly
// when the code is not 0 for the results.
//
//	go test ./ffi -run '^$' -fuzz FuzzExports -fuzztime 30s
func FuzzExports(f *testing.F) {
	for _, s := range []string{textA, listOld, listNew, counter(1), countChange(1, 2), `[]`, `{}`, "\xff",
		`[{"type":"Remove","path":[0]}]`, `{"type":"ReorderChildren","path":[],"order":["b","a"]}`,
		`{"min_confidence":0.5,"limits":{"max_tree_depth":3}}`, `{"type":"Text","x":[[[[[[`} {
		f.Add(s, listOld, counter(2))
	}
	h := testHandle(uint64(minimact_predictor_new()))
	tree, _ := testTreeNew("")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		panics := diag.Global.Panics.Load()
		ca, cb, cc := testCStr(a), testCStr(b), testCStr(c)
		defer testFree(ca)
		defer testFree(cb)
		defer testFree(cc)
		if r := testTake(minimact_reconcile(ca, cb)); strings.HasPrefix(r, "[") && !(utf8.ValidString(cut(a)) && utf8.ValidString(cut(b))) {
			t.Fatalf("reconcile accepted invalid UTF-8: %q %q", a, b)
		}
		if r := testTreeRender(tree, a); strings.HasPrefix(r, "[") && !utf8.ValidString(cut(a)) {
			t.Fatalf("tree_render accepted invalid UTF-8: %q", a)
		}
		for _, reply := range []string{
			testTake(minimact_reconcile(ca, cb)),
			testTake(minimact_reconcile_with_limits(cb, cc, ca)),
			testTake(minimact_apply_patches(cb, ca)),
			testTake(minimact_predictor_predict(h, ca, cb)),
			// a retained tree: each input in turn (JSON, then as binary
			// bytes), then what it learns and predicts
			testTreeRender(tree, a),
			testTreeRender(tree, b),
			testTreeRenderBinary(tree, []byte(c), 0),
			testTreePredict(tree, uint64(h), a),
		} {
			if !json.Valid([]byte(reply)) {
				t.Fatalf("reply is not JSON: %q", reply)
			}
		}
		if reply := testTake(minimact_render_html(ca)); strings.HasPrefix(reply, "{") && (!json.Valid([]byte(reply)) || replyCode(reply) == 0) {
			t.Fatalf("render_html: a reply that begins with { is not an error: %q", reply)
		}
		for _, r := range []func() (int, string, bool){
			func() (int, string, bool) { return testResult(minimact_verify_patch(cb, ca)) },
			func() (int, string, bool) { return testResult(minimact_predictor_learn(h, ca, cb, cc)) },
			func() (int, string, bool) { return testResult(minimact_predictor_learn_batch(h, ca)) },
			func() (int, string, bool) {
				code, msg := testTreeLearn(tree, uint64(h), c)
				return code, msg, code != 0
			},
		} {
			code, msg, has := r()
			if has != (code != 0) || (code != 0 && msg == "") {
				t.Fatalf("result code %d with message %q", code, msg)
			}
		}
		out, get := testOutHandle()
		code, _, _ := testResult(minimact_predictor_create(ca, out))
		if nh := get(); (code == 0) != (nh != 0) {
			t.Fatalf("create: code %d, handle %d", code, nh)
		} else if nh != 0 {
			minimact_predictor_destroy(testHandle(nh))
		}
		if p := diag.Global.Panics.Load(); p != panics {
			logs := testTake(minimact_logging_get_logs())
			t.Fatalf("a panic was recovered: %s", logs[strings.LastIndex(logs, "internal error"):])
		}
	})
}

// cut returns s up to its first NUL, as the library reads it.
func cut(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}
