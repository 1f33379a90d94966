// Command gen is the code generator: it reads the schema package once into a
// model (gen/model, with golang.org/x/tools/go/packages) and runs every
// emitter of the table below over it, each writing the files it owns. Outputs
// are checked in; CI fails when running the generator would change them, and
// so does TestGeneratedUpToDate.
//
// Run it with `go generate ./...` (the directive is in generated/vdom/doc.go)
// or `go run ./gen` from the module root.
//
// Layout, as in tinylib/msgp: gen/model reads and checks the schema; each
// emit_*.go file writes one artefact from the model; jen.go holds what the Go
// emitters share. The generator emits only what the schema drives (tables,
// switches, per-kind and per-member routines); the fixed machinery it serves
// is ordinary hand-written code beside its output: generated/vdom/*.go without
// the _gen suffix, and the C# of runtime/csharp/.
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/minimact/engine/gen/model"
)

// output is one generated file, relative to the module root.
type output struct {
	path    string
	content []byte
}

// emitters lists every emitter, each with the file it writes and what that
// file's hand-written counterpart holds.
var emitters = []struct {
	name string
	run  func(*model.Model) ([]output, error)
}{
	{"vdom/types", emitTypes},              // types_gen.go: Kind, PatchKind, Node, Patch, PatchList (tree.go, kind.go)
	{"vdom/codes", emitCodes},              // codes_gen.go: Code (errors.go: Error)
	{"vdom/limits", emitLimits},            // limits_gen.go: Limits, DefaultLimits, Fields (limits.go)
	{"vdom/decode", emitDecode},            // decode_gen.go: member bits, value, finish (decoder.go)
	{"vdom/decode_patch", emitDecodePatch}, // decode_patch_gen.go: a patch's members (decoder.go)
	{"vdom/hash", emitHash},                // hash_gen.go: hashNode (hash.go)
	{"vdom/encode", emitEncode},            // encode_gen.go: open, AppendPatch (encoder.go)
	{"vdom/diff", emitDiff},                // diff_gen.go: Add, Compatible, DiffNode, membersEqual (diff.go)
	{"vdom/html", emitHTML},                // html_gen.go: open, close, reservedAttrs (html.go, htmlrules.go)

	{"vdom/binary", emitBinary}, // binary_gen.go: the binary encoding per kind, strFields (binary.go, incremental.go)
	{"c/header", emitHeader},    // generated/c/minimact.h (templates/minimact.h.tmpl)
	{"csharp", emitCSharp},      // generated/csharp/Minimact.cs (templates/Minimact.cs.tmpl, runtime/csharp/*.cs)
	{"docs/abi", emitABIDoc},    // docs/abi.md (templates/abi.md.tmpl)
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
	md, err := model.Load(root)
	if err != nil {
		return err
	}
	outs, err := generate(md)
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

// generate runs every emitter, in table order, and returns all the outputs in
// memory. Two emitters may not write the same file.
func generate(md *model.Model) ([]output, error) {
	var all []output
	owner := map[string]string{}
	for _, e := range emitters {
		outs, err := e.run(md)
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
