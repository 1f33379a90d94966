// Command gen is the code generator: it loads the schema package with
// golang.org/x/tools/go/packages and runs every emitter over it, each writing
// the files it owns (the VNode/patch codec into generated/vdom, the C header,
// the C# binding and docs/abi.md from the export table). Outputs are checked
// in; CI fails when running the generator would change them, and so does
// TestGeneratedUpToDate.
//
// Run it with `go generate ./...` (the directive is in generated/vdom/doc.go)
// or `go run ./gen` from the module root.
//
// Layout, as in tinylib/msgp: model.go reads the schema into a model (kinds,
// members and their tags, codes, limits); each emit_*.go file writes one
// artefact from it and registers itself in init(); jen.go holds what the Go
// emitters share. The generated vdom files:
//
//	emit_types.go        types_gen.go         Kind, PatchKind, Str, Node, Tree, Patch, PatchList
//	emit_codes.go        errors_gen.go        Code, Error, CodeOf, Limits, DefaultLimits
//	emit_decode.go       decode_gen.go        Decoder, the tree decoder, hashing
//	emit_decode_patch.go decode_patch_gen.go  the patch list decoder
//	emit_encode.go       encode_gen.go        Encoder
//	emit_diff.go         diff_gen.go          Compatible, DiffNode, Same, Equal
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
	pkg, err := loadSchema(root)
	if err != nil {
		return err
	}
	outs, err := generate(pkg)
	if err != nil {
		return err
	}
	for _, o := range outs {
		if err := writeIfChanged(filepath.Join(root, o.path), o.content); err != nil {
			return err
		}
	}
	return nil
}

// loadSchema loads the schema package of the module at root.
func loadSchema(root string) (*packages.Package, error) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
		Dir:  root,
	}
	pkgs, err := packages.Load(cfg, schemaPath)
	if err != nil {
		return nil, err
	}
	if packages.PrintErrors(pkgs) > 0 || len(pkgs) != 1 {
		return nil, fmt.Errorf("loading %s failed", schemaPath)
	}
	return pkgs[0], nil
}

// generate runs every emitter, in name order, and returns all the outputs in
// memory. Two emitters may not write the same file.
func generate(pkg *packages.Package) ([]output, error) {
	sort.SliceStable(emitters, func(i, j int) bool { return emitters[i].name < emitters[j].name })
	var all []output
	owner := map[string]string{}
	for _, e := range emitters {
		outs, err := e.run(pkg)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.name, err)
		}
		for _, o := range outs {
			if prev, ok := owner[o.path]; ok {
				return nil, fmt.Errorf("%s and %s both write %s", prev, e.name, o.path)
			}
			owner[o.path] = e.name
			all = append(all, o)
		}
	}
	return all, nil
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
