package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// abiLoad loads the schema package for the ABI tests.
func abiLoad(t *testing.T) (string, *packages.Package) {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
		Dir:  root,
	}
	pkgs, err := packages.Load(cfg, schemaPath)
	if err != nil || len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
		t.Fatalf("loading the schema: %v %v", err, pkgs)
	}
	return root, pkgs[0]
}

// TestABIOutputsUpToDate compares the ABI emitter's outputs with the files on
// disk. With MINIMACT_WRITE_ABI=1 it writes them instead (the emitter alone,
// without the vdom emitters).
func TestABIOutputsUpToDate(t *testing.T) {
	root, pkg := abiLoad(t)
	outs, err := emitABI(pkg)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range outs {
		p := filepath.Join(root, o.path)
		if os.Getenv("MINIMACT_WRITE_ABI") == "1" {
			if err := writeIfChanged(p, o.content); err != nil {
				t.Fatal(err)
			}
			continue
		}
		old, err := os.ReadFile(p)
		if err != nil || !bytes.Equal(old, o.content) {
			t.Errorf("%s is stale; run `go generate ./...`", o.path)
		}
	}
}

// TestABIModel checks what the model reads from schema/abi.go.
func TestABIModel(t *testing.T) {
	_, pkg := abiLoad(t)
	m, err := loadABI(pkg)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range m.Original {
		names = append(names, f.C)
	}
	want := []string{"minimact_predictor_new", "minimact_predictor_new_with_config", "minimact_predictor_destroy",
		"minimact_reconcile", "minimact_predictor_learn", "minimact_predictor_predict", "minimact_predictor_stats",
		"minimact_predictor_save", "minimact_predictor_load", "minimact_free_string", "minimact_free_error",
		"minimact_logging_enable", "minimact_logging_disable", "minimact_logging_set_level",
		"minimact_logging_get_logs", "minimact_logging_clear", "minimact_metrics_get", "minimact_metrics_reset"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("original exports:\n%v\nwant\n%v", names, want)
	}
	// The first table's C signatures, exactly as shared/ABI.md has them.
	sigs := map[string]string{
		"minimact_predictor_new":             "MinimactHandle minimact_predictor_new(void)",
		"minimact_predictor_new_with_config": "MinimactHandle minimact_predictor_new_with_config(float min_confidence, uintptr_t max_patterns_per_key)",
		"minimact_predictor_destroy":         "MinimactResult minimact_predictor_destroy(MinimactHandle handle)",
		"minimact_reconcile":                 "char *minimact_reconcile(const char *old_json, const char *new_json)",
		"minimact_predictor_learn":           "MinimactResult minimact_predictor_learn(MinimactHandle handle, const char *state_change, const char *old_tree, const char *new_tree)",
		"minimact_predictor_predict":         "char *minimact_predictor_predict(MinimactHandle handle, const char *state_change, const char *current_tree)",
		"minimact_predictor_stats":           "char *minimact_predictor_stats(MinimactHandle handle)",
		"minimact_predictor_save":            "char *minimact_predictor_save(MinimactHandle handle)",
		"minimact_predictor_load":            "MinimactHandle minimact_predictor_load(const char *snapshot_json)",
		"minimact_free_string":               "void minimact_free_string(char *s)",
		"minimact_free_error":                "void minimact_free_error(char *message)",
		"minimact_logging_set_level":         "void minimact_logging_set_level(uint32_t level)",
		"minimact_logging_get_logs":          "char *minimact_logging_get_logs(void)",
		"minimact_metrics_get":               "char *minimact_metrics_get(void)",
	}
	proto := abiFuncs["cproto"].(func(*abiFunc) string)
	for _, f := range m.Original {
		if want, ok := sigs[f.C]; ok && proto(f) != want {
			t.Errorf("%s:\n got %s\nwant %s", f.C, proto(f), want)
		}
	}
	if len(m.Extensions) < 20 {
		t.Errorf("only %d extensions", len(m.Extensions))
	}
	for _, f := range m.All() {
		if !strings.HasPrefix(f.Doc, f.C+" ") {
			t.Errorf("%s: doc %q", f.C, f.Doc)
		}
	}
	if m.Codes[0].Macro != "MINIMACT_SUCCESS" || m.Codes[len(m.Codes)-1].Value != 999 {
		t.Errorf("codes %v..%v", m.Codes[0], m.Codes[len(m.Codes)-1])
	}
}

func TestABISnake(t *testing.T) {
	for in, want := range map[string]string{
		"PredictorNewWithConfig": "predictor_new_with_config", "maxJSONSize": "max_json_size",
		"InvalidVNode": "invalid_vnode", "InvalidUtf8": "invalid_utf8", "oldJSON": "old_json",
		"JsonTooLarge": "json_too_large", "AbiVersion": "abi_version", "MaxJSONBytes": "max_json_bytes",
		"stateChange": "state_change", "out": "out", "GetLogEvents": "get_log_events",
	} {
		if got := abiSnake(in); got != want {
			t.Errorf("abiSnake(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestABIHeaderDocumentsEveryPointer checks that the header's comment of
// every export names each parameter and says who frees each pointer.
func TestABIHeaderDocumentsEveryPointer(t *testing.T) {
	_, pkg := abiLoad(t)
	outs, err := emitABI(pkg)
	if err != nil {
		t.Fatal(err)
	}
	h := string(outs[0].content)
	m, _ := loadABI(pkg)
	for _, f := range m.All() {
		re := regexp.MustCompile(`(?s)/\*\*\n \* ` + regexp.QuoteMeta(f.C) + ` (.*?)\*/\n[^\n]*\b` + regexp.QuoteMeta(f.C) + `\(`)
		doc := re.FindStringSubmatch(h)
		if doc == nil {
			t.Errorf("%s: no doc comment before its prototype", f.C)
			continue
		}
		for _, p := range f.Params {
			if !strings.Contains(doc[1], "@param "+p.C+" ") {
				t.Errorf("%s: parameter %s undocumented", f.C, p.C)
			}
		}
		if f.Ret != nil && f.Ret.Pointer && !strings.Contains(doc[1], "minimact_free_string") {
			t.Errorf("%s: the returned string's owner is not documented", f.C)
		}
	}
}
