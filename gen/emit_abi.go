package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"text/template"

	"github.com/minimact/engine/gen/model"
)

// emit_abi.go writes the C header and the ABI reference from the export
// table of schema/abi.go, the codes and the limits, each by a text template
// in templates/:
//
//	templates/minimact.h.tmpl   generated/c/minimact.h   the C header
//	templates/abi.md.tmpl       docs/abi.md              the reference
//
// ffi/ includes the header in its cgo preamble, so the library does not build
// when a Go export's C signature differs from the header's. The C# binding
// has an emitter of its own (emit_csharp.go).

func emitHeader(md *model.Model) ([]output, error) {
	return emitTemplate(md, "minimact.h.tmpl", "generated/c/minimact.h")
}

func emitABIDoc(md *model.Model) ([]output, error) {
	return emitTemplate(md, "abi.md.tmpl", "docs/abi.md")
}

// emitTemplate writes out from templates/tmpl executed over md.
func emitTemplate(md *model.Model, tmpl, out string) ([]output, error) {
	b, err := execTemplate(md, tmpl)
	if err != nil {
		return nil, err
	}
	return []output{{path: out, content: tidy(b)}}, nil
}

// execTemplate executes templates/name over md.
func execTemplate(md *model.Model, name string) ([]byte, error) {
	src, err := os.ReadFile(filepath.Join(md.Root, "templates", name))
	if err != nil {
		return nil, err
	}
	t, err := template.New(name).Funcs(templateFuncs).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, md); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// tidy drops trailing spaces and runs of blank lines, and ends the file with
// one newline, so templates can be laid out for reading.
func tidy(b []byte) []byte {
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

var templateFuncs = template.FuncMap{
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
	"wrap": wrap,
	// flat puts text on one line.
	"flat": model.Flat,
	// xml escapes text for a C# XML doc comment.
	"xml": func(s string) string {
		return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
	},
	// md escapes text for a markdown table cell.
	"md": func(s string) string {
		return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
	},
	// cproto returns the C prototype of f without the semicolon.
	"cproto": cproto,
	// csparams returns the NativeMethods parameter list of f.
	"csparams": func(f *model.Func) string {
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
	"csret": func(f *model.Func) string {
		if f.Ret == nil {
			return "void"
		}
		return f.Ret.CS
	},
	"reflow": reflow,
	// trimPrefix is strings.TrimPrefix(s, prefix).
	"trimPrefix": func(prefix, s string) string { return strings.TrimPrefix(s, prefix) },
}

// cproto returns the C prototype of f without the semicolon.
func cproto(f *model.Func) string {
	ret := "void "
	if f.Ret != nil {
		ret = f.Ret.C
		if !strings.HasSuffix(ret, "*") {
			ret += " "
		}
	}
	params := "void"
	if len(f.Params) > 0 {
		var ps []string
		for _, p := range f.Params {
			ps = append(ps, p.Type.CDecl(p.C))
		}
		params = strings.Join(ps, ", ")
	}
	return ret + f.C + "(" + params + ")"
}

// wrap fills text to width columns, each line starting with prefix and the
// first with first instead.
func wrap(width int, first, prefix, text string) string {
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

// reflow fills each paragraph of text to width columns; a paragraph with an
// indented line is kept as written.
func reflow(width int, text string) string {
	var out []string
	for _, p := range strings.Split(text, "\n\n") {
		if strings.Contains(p, "\n ") || strings.Contains(p, "\n\t") || strings.HasPrefix(p, " ") || strings.HasPrefix(p, "\t") {
			out = append(out, p)
			continue
		}
		out = append(out, wrap(width, "", "", p))
	}
	return strings.Join(out, "\n\n")
}
