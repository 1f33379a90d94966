package archtest

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

const module = "github.com/minimact/engine/"

// allowed lists, for each engine package, the engine packages it may import
// (docs/architecture.md). "*" allows any engine package but ffi (a program).
// A package missing here fails the test: add it, and its row in the doc, on
// purpose.
var allowed = map[string][]string{
	"schema":                           {},
	"gen/model":                        {},
	"gen":                              {"gen/model"},
	"runtime/jsonscan":                 {},
	"runtime/clock":                    {},
	"generated/vdom":                   {"runtime/jsonscan"},
	"runtime/reconcile":                {"generated/vdom", "runtime/jsonscan"},
	"runtime/patch":                    {"generated/vdom", "runtime/jsonscan"},
	"runtime/diag":                     {"runtime/jsonscan"},
	"runtime/predict/internal/memsize": {},
	"runtime/predict/snapshot":         {"generated/vdom", "runtime/jsonscan"},
	"runtime/predict/outcome":          {"generated/vdom", "runtime/jsonscan", "runtime/predict/snapshot", "runtime/predict/internal/memsize"},
	"runtime/predict": {"generated/vdom", "runtime/jsonscan", "runtime/patch", "runtime/reconcile",
		"runtime/predict/outcome", "runtime/predict/snapshot", "runtime/predict/internal/memsize", "runtime/clock"},
	"runtime/retain": {"generated/vdom", "runtime/reconcile", "runtime/predict", "runtime/diag"},
	"ffi": {"schema", "generated/vdom", "runtime/jsonscan", "runtime/reconcile", "runtime/patch",
		"runtime/predict", "runtime/diag", "runtime/retain", "runtime/clock"},
	"internal/treegen":  {"runtime/jsonscan"},
	"internal/archtest": {},
	"cmd/minimact":      {"*"},
	"bench":             {"*"},
	"bench/accuracy":    {"*"},
	"fuzz":              {"*"},
	"tests":             {"*"},
}

// ruleOf returns the rule of package pkg; the packages under bench/, cmd/,
// fuzz/ and tests/ take their folder's.
func ruleOf(pkg string) (string, bool) {
	if _, ok := allowed[pkg]; ok {
		return pkg, true
	}
	for _, p := range []string{"bench/", "cmd/", "fuzz/", "tests/"} {
		if strings.HasPrefix(pkg, p) {
			return strings.TrimSuffix(p, "/"), true
		}
	}
	return "", false
}

func TestImportRules(t *testing.T) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedImports, Dir: "../.."}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		name := strings.TrimPrefix(p.PkgPath, module)
		if name == p.PkgPath {
			continue
		}
		rule, ok := ruleOf(name)
		if !ok {
			t.Errorf("%s has no import rule: add it to allowed (and docs/architecture.md)", name)
			continue
		}
		deps := allowed[rule]
		for imp := range p.Imports {
			dep := strings.TrimPrefix(imp, module)
			if dep == imp {
				continue // the standard library, a dependency
			}
			if slices.Contains(deps, dep) || slices.Contains(deps, "*") && dep != "ffi" {
				continue
			}
			t.Errorf("%s imports %s, which docs/architecture.md does not allow", name, dep)
		}
	}
}
