package main

import (
	"go/ast"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"
)

// declIndex is what the generator reads from the schema's syntax: the doc
// comment, the directives and the declaration order of every declaration,
// struct field and interface method, and the type specs by name. Both the
// codec model (model.go) and the export model (abi_model.go) read it.
type declIndex struct {
	pkg        *packages.Package
	docs       map[string]string   // "Name" or "Type.Member" -> doc comment text
	directives map[string][]string // same keys -> directives "//<prefix>x y", as "x y"
	order      map[string]int      // same keys -> declaration order
	typeSpecs  map[string]*ast.TypeSpec
}

// readDecls indexes pkg's declarations; prefix selects the directives kept
// ("gen:" or "abi:").
func readDecls(pkg *packages.Package, prefix string) declIndex {
	x := declIndex{pkg: pkg, docs: map[string]string{}, directives: map[string][]string{},
		order: map[string]int{}, typeSpecs: map[string]*ast.TypeSpec{}}
	n := 0
	// note records name with the first non-nil comment group of docs.
	note := func(name string, docs ...*ast.CommentGroup) {
		x.order[name] = n
		n++
		for _, d := range docs {
			if d == nil {
				continue
			}
			x.docs[name] = strings.TrimSpace(d.Text())
			for _, c := range d.List {
				if rest, ok := strings.CutPrefix(c.Text, "//"+prefix); ok {
					x.directives[name] = append(x.directives[name], strings.TrimSpace(rest))
				}
			}
			return
		}
	}
	files := append([]*ast.File(nil), pkg.Syntax...)
	sort.Slice(files, func(i, j int) bool {
		return pkg.Fset.File(files[i].Pos()).Name() < pkg.Fset.File(files[j].Pos()).Name()
	})
	for _, f := range files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok {
				continue
			}
			// a declaration without parentheses lends its doc to its one spec
			docs := func(own *ast.CommentGroup) []*ast.CommentGroup {
				if !gd.Lparen.IsValid() {
					return []*ast.CommentGroup{own, gd.Doc}
				}
				return []*ast.CommentGroup{own}
			}
			for _, s := range gd.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					x.typeSpecs[s.Name.Name] = s
					note(s.Name.Name, docs(s.Doc)...)
					var members *ast.FieldList
					switch t := s.Type.(type) {
					case *ast.StructType:
						members = t.Fields
					case *ast.InterfaceType:
						members = t.Methods
					}
					if members == nil {
						continue
					}
					for _, m := range members.List {
						for _, nm := range m.Names {
							note(s.Name.Name+"."+nm.Name, m.Doc, m.Comment)
						}
					}
				case *ast.ValueSpec:
					for _, nm := range s.Names {
						note(nm.Name, docs(s.Doc)...)
					}
				}
			}
		}
	}
	return x
}
