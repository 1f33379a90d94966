// Command gen is the code generator: it loads the schema package with
// golang.org/x/tools/go/packages and runs every emitter over it, each writing
// the files it owns (the VNode/patch codec into generated/vdom, the C header,
// the C# binding and docs/abi.md from the export table). Outputs are checked
// in; CI fails when running the generator would change them.
//
// Run it with `go generate ./...` (the directive is in generated/vdom/doc.go)
// or `go run ./gen` from the module root.
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"golang.org/x/tools/go/packages"
)

// schemaPath is the import path of the schema package.
const schemaPath = "github.com/minimact/engine/schema"

// output is one generated file, relative to the module root.
type output struct {
	path    string
	content []byte
}

// emitter produces some of the outputs from the loaded schema.
type emitter struct {
	name string
	run  func(pkg *packages.Package) ([]output, error)
}

// emitters is filled by the init functions of the emit_*.go files.
var emitters []emitter

func register(name string, run func(pkg *packages.Package) ([]output, error)) {
	emitters = append(emitters, emitter{name, run})
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
		Dir:  root,
	}
	pkgs, err := packages.Load(cfg, schemaPath)
	if err != nil {
		return err
	}
	if packages.PrintErrors(pkgs) > 0 || len(pkgs) != 1 {
		return fmt.Errorf("loading %s failed", schemaPath)
	}
	sort.SliceStable(emitters, func(i, j int) bool { return emitters[i].name < emitters[j].name })
	for _, e := range emitters {
		outs, err := e.run(pkgs[0])
		if err != nil {
			return fmt.Errorf("%s: %w", e.name, err)
		}
		for _, o := range outs {
			if err := writeIfChanged(filepath.Join(root, o.path), o.content); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeIfChanged writes content to path unless it already holds it.
func writeIfChanged(path string, content []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, content) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, content, 0o644)
}

// moduleRoot finds the directory holding go.mod, upwards from the working
// directory (go generate runs in the directive's package).
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}
