package main

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/minimact/engine/gen/model"
)

// load reads the model of this module's schema.
func load(t *testing.T) *model.Model {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	md, err := model.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	return md
}

// TestGeneratedUpToDate runs every emitter into memory and compares each
// output with the checked-in file: a stale one means someone changed the
// schema, a template, runtime/csharp or the generator without running
// `go generate ./...`. It also keeps generated/vdom's split plain: a *_gen.go
// file is written by an emitter and says so; any other Go file there is
// hand-written and does not.
func TestGeneratedUpToDate(t *testing.T) {
	md := load(t)
	outs, err := generate(md)
	if err != nil {
		t.Fatal(err)
	}
	made := map[string]bool{}
	for _, o := range outs {
		made[filepath.ToSlash(o.path)] = true
		old, err := os.ReadFile(filepath.Join(md.Root, o.path))
		if err != nil {
			t.Errorf("%s: missing (%v); run `go generate ./...`", o.path, err)
			continue
		}
		if !bytes.Equal(old, o.content) {
			t.Errorf("%s: stale; run `go generate ./...` and commit it", o.path)
		}
	}
	entries, err := os.ReadDir(filepath.Join(md.Root, vdomDir))
	if err != nil {
		t.Fatal(err)
	}
	header := []byte("// " + generatedHeader + "\n")
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(filepath.Join(md.Root, vdomDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, "_gen.go") {
			if !made[vdomDir+"/"+name] {
				t.Errorf("%s/%s: no emitter writes it any more; delete it", vdomDir, name)
			}
		} else if bytes.Contains(src, []byte("Code generated")) {
			t.Errorf("%s/%s: a hand-written file must not claim to be generated (generated files end in _gen.go)", vdomDir, name)
		}
		if strings.HasSuffix(name, "_gen.go") != bytes.HasPrefix(src, header) {
			t.Errorf("%s/%s: only *_gen.go files start with the generated-code header", vdomDir, name)
		}
	}
}

// TestGenerateDeterministic checks that two runs from two loads of the schema
// give the same bytes in the same order.
func TestGenerateDeterministic(t *testing.T) {
	a, err := generate(load(t))
	if err != nil {
		t.Fatal(err)
	}
	b, err := generate(load(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("%d outputs, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].path != b[i].path || !bytes.Equal(a[i].content, b[i].content) {
			t.Errorf("output %d differs between runs: %s, %s", i, a[i].path, b[i].path)
		}
	}
}

var (
	identPart = regexp.MustCompile(`^[A-Za-z0-9_]*$`)
	operator  = regexp.MustCompile(`^[-+*/%&|^<>=!:.,;~]+$`)
)

// TestNoRawText fails when an emitter hands jennifer Go source as text
// instead of building it: an identifier that holds a selector or an
// expression (jen.Id("d.sc.Peek"), jen.Id("o+s.Len")), and an operator that
// is not one. Every string literal inside the argument of Id, Dot and Qual's
// name must be identifier text, and Op's an operator. The one exception is
// raw (jen.go), which writes a Go raw string literal, for which jennifer has
// no token.
func TestNoRawText(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "raw" && fd.Recv == nil {
				continue
			}
			ast.Inspect(d, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				s, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || len(call.Args) == 0 {
					return true
				}
				var args []ast.Expr
				want, what := identPart, "identifier text"
				switch s.Sel.Name {
				case "Id", "Dot":
					args = call.Args
				case "Qual":
					args = call.Args[1:]
				case "Op":
					args, want, what = call.Args, operator, "an operator"
				default:
					return true
				}
				for _, a := range args {
					ast.Inspect(a, func(n ast.Node) bool {
						lit, ok := n.(*ast.BasicLit)
						if !ok || lit.Kind != token.STRING {
							return true
						}
						v, err := strconv.Unquote(lit.Value)
						if err != nil || !want.MatchString(v) {
							t.Errorf("%s: %s(%s): the text must be %s; build the code with jennifer (sel, Dot, Op, Call)", fset.Position(lit.Pos()), s.Sel.Name, lit.Value, what)
						}
						return true
					})
				}
				return true
			})
		}
	}
}
