package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/minimact/engine/gen/model"
)

// emit_csharp.go writes generated/csharp/Minimact.cs, the C# binding, as one
// file a host adds to its project: first what the schema drives
// (templates/Minimact.cs.tmpl: the ErrorCode enum, the NativeMethods
// DllImports with their docs, the limits' properties and JSON names, the ABI
// version), then the hand-written public API of runtime/csharp/*.cs, each
// file in name order. A class with parts on both sides (Limits, Engine) is
// partial. The using directives of every part are gathered at the top, since
// C# wants them before any namespace.

// csharpDir holds the hand-written C# sources, relative to the module root.
const csharpDir = "runtime/csharp"

func emitCSharp(md *model.Model) ([]output, error) {
	gen, err := execTemplate(md, "Minimact.cs.tmpl")
	if err != nil {
		return nil, err
	}
	header, usings, body := splitCS(string(gen))
	paths, err := filepath.Glob(filepath.Join(md.Root, csharpDir, "*.cs"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("csharp: no sources in %s", csharpDir)
	}
	sort.Strings(paths)
	var parts []string
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		h, u, b := splitCS(string(src))
		if !strings.Contains(b, "namespace Minimact") {
			return nil, fmt.Errorf("csharp: %s/%s declares nothing in namespace Minimact", csharpDir, filepath.Base(p))
		}
		usings = append(usings, u...)
		parts = append(parts, "// ---- "+csharpDir+"/"+filepath.Base(p)+" (hand-written) ----\n"+h+"\n\n"+b)
	}
	// System first, as a C# programmer writes them
	sort.Slice(usings, func(i, j int) bool { return strings.TrimSuffix(usings[i], ";") < strings.TrimSuffix(usings[j], ";") })
	usings = slices.Compact(usings)
	out := header + "\n\n" + strings.Join(usings, "\n") + "\n\n" + body + "\n" + strings.Join(parts, "\n")
	return []output{{path: "generated/csharp/Minimact.cs", content: tidy([]byte(out))}}, nil
}

var csUsing = regexp.MustCompile(`^using [A-Za-z][A-Za-z0-9.]*;$`)

// splitCS splits a C# source into its leading comment, its using directives
// and the rest.
func splitCS(src string) (header string, usings []string, body string) {
	lines := strings.Split(src, "\n")
	i := 0
	for ; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if l != "" && !strings.HasPrefix(l, "//") {
			break
		}
	}
	header = strings.TrimSpace(strings.Join(lines[:i], "\n"))
	for ; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if csUsing.MatchString(l) {
			usings = append(usings, l)
		} else if l != "" {
			break
		}
	}
	return header, usings, strings.Join(lines[i:], "\n")
}
