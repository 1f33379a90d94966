package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/template"

	"golang.org/x/tools/go/packages"
)

// emit_abi.go writes the C ABI's three descriptions from the one in
// schema/abi.go (read by abi_model.go), each by a text template in
// templates/:
//
//	templates/minimact.h.tmpl   generated/c/minimact.h          the C header
//	templates/Minimact.cs.tmpl  generated/csharp/Minimact.cs    the C# binding
//	templates/abi.md.tmpl       docs/abi.md                     the reference
//
// ffi/ includes the header in its cgo preamble, so the library does not build
// when a Go export's C signature differs from the header's.

func init() { register("abi", emitABI) }

// abiOutputs maps each template to the file it writes.
var abiOutputs = []struct{ tmpl, out string }{
	{"minimact.h.tmpl", "generated/c/minimact.h"},
	{"Minimact.cs.tmpl", "generated/csharp/Minimact.cs"},
	{"abi.md.tmpl", "docs/abi.md"},
}

func emitABI(pkg *packages.Package) ([]output, error) {
	m, err := loadABI(pkg)
	if err != nil {
		return nil, err
	}
	dir, err := abiTemplateDir(pkg)
	if err != nil {
		return nil, err
	}
	var outs []output
	for _, o := range abiOutputs {
		src, err := os.ReadFile(filepath.Join(dir, o.tmpl))
		if err != nil {
			return nil, err
		}
		t, err := template.New(o.tmpl).Funcs(abiFuncs).Option("missingkey=error").Parse(string(src))
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := t.Execute(&buf, m); err != nil {
			return nil, err
		}
		outs = append(outs, output{path: o.out, content: abiTidy(buf.Bytes())})
	}
	return outs, nil
}

// abiTemplateDir finds templates/ beside the schema directory.
func abiTemplateDir(pkg *packages.Package) (string, error) {
	if len(pkg.Syntax) == 0 {
		return "", fmt.Errorf("abi: the schema package has no files")
	}
	schemaDir := filepath.Dir(pkg.Fset.File(pkg.Syntax[0].Pos()).Name())
	return filepath.Join(filepath.Dir(schemaDir), "templates"), nil
}

// abiTidy drops trailing spaces and runs of blank lines, and ends the file with
// one newline, so templates can be laid out for reading.
func abiTidy(b []byte) []byte {
	lines := strings.Split(string(b), "\n")
	var out []string
	blank := 0
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			blank++
			if blank > 1 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return []byte(strings.TrimSpace(strings.Join(out, "\n")) + "\n")
}

var abiFuncs = template.FuncMap{
	// lines prefixes every line of text with prefix (a line of its own
	// gets the prefix without trailing space).
	"lines": func(prefix, text string) string {
		var b strings.Builder
		for i, l := range strings.Split(text, "\n") {
			if i > 0 {
				b.WriteByte('\n')
			}
			if l == "" {
				b.WriteString(strings.TrimRight(prefix, " "))
			} else {
				b.WriteString(prefix + l)
			}
		}
		return b.String()
	},
	// wrap fills text to width columns, each line starting with prefix and
	// the first with first instead.
	"wrap": abiWrap,
	// xml escapes text for a C# XML doc comment.
	"xml": func(s string) string {
		return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
	},
	// md escapes text for a markdown table cell.
	"md": func(s string) string {
		return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
	},
	// cproto returns the C prototype of f without the semicolon.
	"cproto": func(f *abiFunc) string {
		ret := "void "
		if f.Ret != nil {
			ret = f.Ret.C
			if !strings.HasSuffix(ret, "*") {
				ret += " "
			}
		}
		return ret + f.C + "(" + abiCParams(f) + ")"
	},
	"cparams": abiCParams,
	// csparams returns the NativeMethods parameter list of f.
	"csparams": func(f *abiFunc) string {
		var ps []string
		for _, p := range f.Params {
			t := p.Type.CS
			if f.Release {
				t = "IntPtr"
			}
			ps = append(ps, t+" "+p.CS)
		}
		return strings.Join(ps, ", ")
	},
	// csret returns the NativeMethods return type of f.
	"csret": func(f *abiFunc) string {
		if f.Ret == nil {
			return "void"
		}
		return f.Ret.CS
	},
	"first": func(s string) string {
		p, _, _ := strings.Cut(s, "\n\n")
		return strings.Join(strings.Fields(p), " ")
	},
	"join":   strings.Join,
	"reflow": abiReflow,
	"add":    func(a, b int) int { return a + b },
}

func abiCParams(f *abiFunc) string {
	if len(f.Params) == 0 {
		return "void"
	}
	var ps []string
	for _, p := range f.Params {
		ps = append(ps, p.Type.CDecl(p.C))
	}
	return strings.Join(ps, ", ")
}

func abiWrap(width int, first, prefix, text string) string {
	var b strings.Builder
	line := first
	empty := true
	for _, w := range strings.Fields(text) {
		if !empty && len(line)+1+len(w) > width {
			b.WriteString(line)
			b.WriteByte('\n')
			line, empty = prefix, true
		}
		if empty {
			line += w
			empty = false
		} else {
			line += " " + w
		}
	}
	b.WriteString(line)
	return b.String()
}
