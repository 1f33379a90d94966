package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestHeaderMatchesExports builds the library, then checks that the
// generated header (generated/c/minimact.h) and the header cgo writes for the
// library declare the same exports with the same C signatures: by parsing
// both, and by compiling a C file that includes both (the compiler refuses
// conflicting prototypes). The cgo build itself also includes the generated
// header, so a signature that differs does not even build; this test also
// catches an export missing from either side. The exports defined in C
// (free.c) count as the library's.
func TestHeaderMatchesExports(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the shared library")
	}
	dir := t.TempDir()
	lib := filepath.Join(dir, "libminimact.so")
	build := exec.Command("go", "build", "-buildmode=c-shared", "-o", lib, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	gen, err := os.ReadFile(filepath.Join("..", "generated", "c", "minimact.h"))
	if err != nil {
		t.Fatal(err)
	}
	cgo, err := os.ReadFile(filepath.Join(dir, "libminimact.h"))
	if err != nil {
		t.Fatal(err)
	}
	want := prototypes(t, string(gen), regexp.MustCompile(`(?m)^([A-Za-z].*?\bminimact_\w+\(.*\));$`))
	got := prototypes(t, string(cgo), regexp.MustCompile(`(?m)^extern (.*?\bminimact_\w+\(.*\));$`))
	// the exports defined in C (free.c): the compiler checks them against
	// minimact.h, which they include
	cSrc, err := filepath.Glob("*.c")
	if err != nil || len(cSrc) == 0 {
		t.Fatal("no C sources in ffi/", err)
	}
	for _, f := range cSrc {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for name, p := range prototypes(t, string(b), regexp.MustCompile(`(?m)^([A-Za-z][^;{}\n]*?\bminimact_\w+\([^)]*\)) \{`)) {
			if _, dup := got[name]; dup {
				t.Errorf("%s is defined in %s and exported from Go", name, f)
			}
			got[name] = p
		}
	}
	if len(want) < 40 {
		t.Fatalf("only %d prototypes in the generated header", len(want))
	}
	for name, w := range want {
		g, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s is in minimact.h but the library does not export it", name)
		case g != w:
			t.Errorf("%s:\n minimact.h: %s\n cgo:        %s", name, w, g)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("the library exports %s, which minimact.h does not declare", name)
		}
	}
	// Both headers in one translation unit.
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	if err := os.WriteFile(filepath.Join(dir, "minimact.h"), gen, 0o644); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "both.c")
	os.WriteFile(src, []byte("#include \"minimact.h\"\n#include \"libminimact.h\"\n"), 0o644)
	cc := exec.Command("gcc", "-std=c11", "-Wall", "-Werror", "-fsyntax-only", "-I", dir, src)
	if out, err := cc.CombinedOutput(); err != nil {
		t.Fatalf("the headers disagree:\n%s", out)
	}
}

var protoName = regexp.MustCompile(`\b(minimact_\w+)\(`)

// prototypes returns the normalized signature of each export declared in h:
// parameter names dropped, cgo's const typedefs spelled out, spaces evened.
func prototypes(t *testing.T, h string, re *regexp.Regexp) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, m := range re.FindAllStringSubmatch(h, -1) {
		decl := m[1]
		name := protoName.FindStringSubmatch(decl)[1]
		open := strings.Index(decl, name+"(")
		ret := normType(decl[:open])
		params := decl[open+len(name)+1 : len(decl)-1]
		var ps []string
		for _, p := range strings.Split(params, ",") {
			p = strings.TrimSpace(p)
			if p == "void" || p == "" {
				continue
			}
			// drop the parameter name: the last identifier
			p = regexp.MustCompile(`\s*\b\w+$`).ReplaceAllString(p, "")
			ps = append(ps, normType(p))
		}
		if _, dup := out[name]; dup {
			t.Errorf("%s declared twice", name)
		}
		out[name] = ret + " (" + strings.Join(ps, ", ") + ")"
	}
	return out
}

func normType(s string) string {
	s = strings.ReplaceAll(s, "minimact_cchar", "const char")
	s = strings.ReplaceAll(s, "minimact_cu8", "const uint8_t")
	s = strings.ReplaceAll(s, "*", " * ")
	return strings.Join(strings.Fields(s), " ")
}
