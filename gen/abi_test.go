package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestABISignatures checks the C signatures of the first table, exactly as
// shared/ABI.md has them.
func TestABISignatures(t *testing.T) {
	md := load(t)
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
	seen := 0
	for _, f := range md.Original {
		if want, ok := sigs[f.C]; ok {
			seen++
			if got := cproto(f); got != want {
				t.Errorf("%s:\n got %s\nwant %s", f.C, got, want)
			}
		}
	}
	if seen != len(sigs) {
		t.Errorf("%d of the %d signatures are original exports", seen, len(sigs))
	}
}

// TestABIHeaderDocumentsEveryPointer checks that the header's comment of
// every export names each parameter and says who frees each pointer.
func TestABIHeaderDocumentsEveryPointer(t *testing.T) {
	md := load(t)
	outs, err := emitHeader(md)
	if err != nil {
		t.Fatal(err)
	}
	h := string(outs[0].content)
	for _, f := range md.All() {
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

// TestCSharpSourcesApart compiles the generated part of the binding and each
// hand-written file of runtime/csharp as separate C# files, so that each
// declares the using directives it needs (the one-file binding gathers them
// at its top, where a missing one would go unnoticed). It needs Mono's mcs.
func TestCSharpSourcesApart(t *testing.T) {
	mcs, err := exec.LookPath("mcs")
	if err != nil {
		t.Skip("no mcs (Mono) on PATH")
	}
	md := load(t)
	gen, err := execTemplate(md, "Minimact.cs.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	genPath := filepath.Join(dir, "Generated.cs")
	if err := os.WriteFile(genPath, gen, 0o644); err != nil {
		t.Fatal(err)
	}
	srcs, err := filepath.Glob(filepath.Join(md.Root, csharpDir, "*.cs"))
	if err != nil || len(srcs) == 0 {
		t.Fatalf("no sources in %s (%v)", csharpDir, err)
	}
	args := append([]string{"-langversion:7.2", "-warnaserror+", "-nologo", "-target:library", "-out:" + filepath.Join(dir, "Minimact.dll"), genPath}, srcs...)
	if out, err := exec.Command(mcs, args...).CombinedOutput(); err != nil {
		t.Fatalf("mcs: %v\n%s", err, out)
	}
}
