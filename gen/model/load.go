package model

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"
)

// SchemaPath is the import path of the schema package.
const SchemaPath = "github.com/minimact/engine/schema"

// Load loads the schema package of the module at root and reads its model.
func Load(root string) (*Model, error) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
		Dir:  root,
	}
	pkgs, err := packages.Load(cfg, SchemaPath)
	if err != nil {
		return nil, err
	}
	if packages.PrintErrors(pkgs) > 0 || len(pkgs) != 1 {
		return nil, fmt.Errorf("loading %s failed", SchemaPath)
	}
	return Read(root, pkgs[0])
}

// Read reads the model from pkg, the loaded schema package of the module at
// root, and checks it.
func Read(root string, pkg *packages.Package) (*Model, error) {
	r := &reader{decls: readDecls(pkg)}
	m := &Model{Root: root}
	var err error
	if m.Version, err = r.stringConst("Version"); err != nil {
		return nil, err
	}
	if m.ABIVersion, err = r.intConst("ABIVersion"); err != nil {
		return nil, err
	}
	if m.Codes, err = r.codes("Code"); err != nil {
		return nil, err
	}
	m.CodeDoc = r.docs["Code"]
	if m.Limits, m.Options, err = r.limits(m, "Limits"); err != nil {
		return nil, err
	}
	if m.Node, err = r.object(m, "VNode", "Kind", "m"); err != nil {
		return nil, err
	}
	if m.Patch, err = r.object(m, "Patch", "Patch", "p"); err != nil {
		return nil, err
	}
	if m.Types, err = r.abiTypes(); err != nil {
		return nil, err
	}
	if m.Original, err = r.funcs(m, "Original"); err != nil {
		return nil, err
	}
	if m.Extensions, err = r.funcs(m, "Extensions"); err != nil {
		return nil, err
	}
	for _, f := range m.Original {
		f.Original = true
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	if err := m.checkABI(); err != nil {
		return nil, err
	}
	return m, nil
}

// decls is what the generator reads from the schema's syntax: the doc
// comment, the directives and the declaration order of every declaration,
// struct field and interface method, and the type specs by name.
type decls struct {
	pkg        *packages.Package
	docs       map[string]string   // "Name" or "Type.Member" -> doc comment text
	directives map[string][]string // same keys -> directives "//gen:x y", "//abi:x y", as "gen:x y"
	order      map[string]int      // same keys -> declaration order
	typeSpecs  map[string]*ast.TypeSpec
}

// directivePrefixes are the directives the generator understands.
var directivePrefixes = []string{"gen:", "abi:"}

// readDecls indexes pkg's declarations.
func readDecls(pkg *packages.Package) decls {
	x := decls{pkg: pkg, docs: map[string]string{}, directives: map[string][]string{},
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
				for _, p := range directivePrefixes {
					if rest, ok := strings.CutPrefix(c.Text, "//"+p); ok {
						x.directives[name] = append(x.directives[name], p+strings.TrimSpace(rest))
					}
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

// directivesOf returns the directives of name with the given prefix ("gen:"),
// the prefix removed.
func (x *decls) directivesOf(name, prefix string) []string {
	var out []string
	for _, d := range x.directives[name] {
		if rest, ok := strings.CutPrefix(d, prefix); ok {
			out = append(out, rest)
		}
	}
	return out
}

// abiDirective returns the value of directive abi:key on name ("" and false
// when absent).
func (x *decls) abiDirective(name, key string) (string, bool) {
	for _, d := range x.directivesOf(name, "abi:") {
		k, v, _ := strings.Cut(d, " ")
		if k == key {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

// reader reads declarations, doc comments and tags from the schema.
type reader struct{ decls }

func (r *reader) constant(name string) (*types.Const, error) {
	c, ok := r.pkg.Types.Scope().Lookup(name).(*types.Const)
	if !ok {
		return nil, fmt.Errorf("schema: no constant %s", name)
	}
	return c, nil
}

func (r *reader) stringConst(name string) (string, error) {
	c, err := r.constant(name)
	if err != nil {
		return "", err
	}
	if c.Val().Kind() != constant.String {
		return "", fmt.Errorf("schema: %s is not a string", name)
	}
	return constant.StringVal(c.Val()), nil
}

func (r *reader) intConst(name string) (int64, error) {
	c, err := r.constant(name)
	if err != nil {
		return 0, err
	}
	v, ok := constant.Int64Val(c.Val())
	if !ok {
		return 0, fmt.Errorf("schema: %s is not an integer", name)
	}
	return v, nil
}

// constsOf returns the constants of the named type, in declaration order.
func (r *reader) constsOf(typeName string) ([]*types.Const, error) {
	scope := r.pkg.Types.Scope()
	tn, ok := scope.Lookup(typeName).(*types.TypeName)
	if !ok {
		return nil, fmt.Errorf("schema: no type %s", typeName)
	}
	var cs []*types.Const
	for _, name := range scope.Names() {
		if c, ok := scope.Lookup(name).(*types.Const); ok && types.Identical(c.Type(), tn.Type()) {
			cs = append(cs, c)
		}
	}
	sort.Slice(cs, func(i, j int) bool { return r.order[cs[i].Name()] < r.order[cs[j].Name()] })
	if len(cs) == 0 {
		return nil, fmt.Errorf("schema: no constants of type %s", typeName)
	}
	return cs, nil
}

func (r *reader) codes(typeName string) ([]*Code, error) {
	cs, err := r.constsOf(typeName)
	if err != nil {
		return nil, err
	}
	var out []*Code
	for _, c := range cs {
		v, ok := constant.Int64Val(c.Val())
		if !ok {
			return nil, fmt.Errorf("schema: code %s is not an integer", c.Name())
		}
		out = append(out, &Code{Name: c.Name(), Macro: "MINIMACT_" + strings.ToUpper(Snake(c.Name())), Value: v, Doc: r.docs[c.Name()]})
	}
	return out, nil
}

// structOf returns the struct type named name.
func (r *reader) structOf(name string) (*types.Struct, error) {
	tn, ok := r.pkg.Types.Scope().Lookup(name).(*types.TypeName)
	if !ok {
		return nil, fmt.Errorf("schema: no type %s", name)
	}
	st, ok := tn.Type().Underlying().(*types.Struct)
	if !ok {
		return nil, fmt.Errorf("schema: %s is not a struct", name)
	}
	return st, nil
}

// limits reads the struct name: its int fields are limits, its fields of a
// named string type options.
func (r *reader) limits(m *Model, name string) ([]*Limit, []*Option, error) {
	st, err := r.structOf(name)
	if err != nil {
		return nil, nil, err
	}
	var out []*Limit
	var opts []*Option
	for i := 0; i < st.NumFields(); i++ {
		f, tag := st.Field(i), reflect.StructTag(st.Tag(i))
		where := name + "." + f.Name()
		if named, ok := f.Type().(*types.Named); ok {
			if b, ok := named.Underlying().(*types.Basic); ok && b.Kind() == types.String {
				o, err := r.option(named, f.Name(), tag, where)
				if err != nil {
					return nil, nil, err
				}
				opts = append(opts, o)
				continue
			}
		}
		if b, ok := f.Type().(*types.Basic); !ok || b.Kind() != types.Int {
			return nil, nil, fmt.Errorf("schema: %s: a field of Limits is an int (a limit) or of a named string type (an option)", where)
		}
		l := &Limit{Name: f.Name(), JSON: Snake(f.Name()), Bounds: tag.Get("bounds"), Doc: r.docs[where]}
		if l.Default, err = strconv.ParseInt(tag.Get("default"), 10, 64); err != nil || l.Default <= 0 {
			return nil, nil, fmt.Errorf("schema: %s: the default tag must be a positive integer", where)
		}
		if l.Code = m.Code(tag.Get("code")); l.Code == nil {
			return nil, nil, fmt.Errorf("schema: %s: the code tag must name a Code", where)
		}
		out = append(out, l)
	}
	return out, opts, nil
}

// option reads the option field of type t: its values are t's constants.
func (r *reader) option(t *types.Named, field string, tag reflect.StructTag, where string) (*Option, error) {
	o := &Option{Name: field, JSON: tag.Get("json"), Type: t.Obj().Name(), Doc: r.docs[where], TypeDoc: r.docs[t.Obj().Name()]}
	if o.JSON == "" {
		return nil, fmt.Errorf("schema: %s: an option needs a json tag", where)
	}
	consts, err := r.constsOf(o.Type)
	if err != nil {
		return nil, fmt.Errorf("schema: %s: %w", where, err)
	}
	for _, c := range consts {
		o.Values = append(o.Values, &OptionValue{Name: c.Name(), JSON: constant.StringVal(c.Val()), Doc: r.docs[c.Name()]})
	}
	return o, nil
}

// object reads the struct name, whose type member's constants are its kinds;
// vdom names them kindPrefix+Name, and the decoder's member bits bitPrefix+Field.
func (r *reader) object(md *Model, name, kindPrefix, bitPrefix string) (*Object, error) {
	st, err := r.structOf(name)
	if err != nil {
		return nil, err
	}
	o := &Object{Name: name}
	for i := 0; i < st.NumFields(); i++ {
		f, tag := st.Field(i), reflect.StructTag(st.Tag(i))
		where := name + "." + f.Name()
		m := &Member{
			Field:   f.Name(),
			JSON:    tag.Get("json"),
			Doc:     r.docs[where],
			Bit:     bitPrefix + f.Name(),
			What:    tag.Get("what"),
			Present: tag.Get("present"),
			Arena:   tag.Get("arena"),
			Diff:    tag.Get("diff"),
		}
		m.HTML, m.HTMLArg, _ = strings.Cut(tag.Get("html"), " ")
		if m.JSON == "" {
			return nil, fmt.Errorf("schema: %s has no json tag", where)
		}
		if m.What == "" {
			m.What = m.JSON
		}
		if m.Shape, err = shapeOf(f.Type(), name); err != nil {
			return nil, fmt.Errorf("schema: %s: %w", where, err)
		}
		if m.Shape == ShapeType {
			if o.Type != nil {
				return nil, fmt.Errorf("schema: %s has two kind members", name)
			}
			o.Type = m
			consts, err := r.constsOf(f.Type().(*types.Named).Obj().Name())
			if err != nil {
				return nil, err
			}
			for _, c := range consts {
				k := &Kind{Name: c.Name(), Go: kindPrefix + c.Name(), JSON: constant.StringVal(c.Val())}
				k.Doc = renamed(r.docs[c.Name()], c.Name(), k.Go)
				for _, d := range r.directivesOf(c.Name(), "gen:") {
					if d != "flatten" {
						return nil, fmt.Errorf("schema: %s: unknown directive //gen:%s", c.Name(), d)
					}
					k.Flatten = true
				}
				o.Kinds = append(o.Kinds, k)
			}
		}
		if m.Kinds, err = o.kindList(tag.Get("kinds"), where); err != nil {
			return nil, err
		}
		if m.Kinds == nil {
			m.Kinds = o.Kinds
		}
		if m.Required, err = o.kindList(tag.Get("required"), where); err != nil {
			return nil, err
		}
		for _, k := range m.Required {
			if !m.Has(k) {
				return nil, fmt.Errorf("schema: %s: required by %s, which it does not belong to", where, k.Name)
			}
		}
		for _, lt := range []struct {
			tag string
			dst **Limit
		}{{"limit", &m.Limit}, {"keylimit", &m.KeyLimit}, {"count", &m.Count}} {
			if v := tag.Get(lt.tag); v != "" {
				if *lt.dst = md.Limit(v); *lt.dst == nil {
					return nil, fmt.Errorf("schema: %s: %s tag %q names no Limits field", where, lt.tag, v)
				}
			}
		}
		m.Code = md.Code("InvalidVNode")
		if v := tag.Get("code"); v != "" {
			m.Code = md.Code(v)
		}
		if m.Code == nil {
			return nil, fmt.Errorf("schema: %s: the code tag names no Code", where)
		}
		o.Members = append(o.Members, m)
	}
	if o.Type == nil || o.Members[0] != o.Type {
		return nil, fmt.Errorf("schema: %s must begin with its kind member", name)
	}
	return o, nil
}

// kindList parses a list of kind names; "" is nil.
func (o *Object) kindList(list, where string) ([]*Kind, error) {
	if list == "" {
		return nil, nil
	}
	var ks []*Kind
	for _, name := range strings.Split(list, ",") {
		k := o.Kind(strings.TrimSpace(name))
		if k == nil {
			return nil, fmt.Errorf("schema: %s: %q is not a kind of %s", where, name, o.Name)
		}
		ks = append(ks, k)
	}
	return ks, nil
}

// shapeOf classifies a member's Go type; self is the struct holding it.
func shapeOf(t types.Type, self string) (Shape, error) {
	isSelf := func(t types.Type) bool {
		p, ok := t.(*types.Pointer)
		if !ok {
			return false
		}
		n, ok := p.Elem().(*types.Named)
		return ok && n.Obj().Name() == "VNode"
	}
	isString := func(t types.Type) bool {
		b, ok := t.(*types.Basic)
		return ok && b.Kind() == types.String
	}
	switch t := t.(type) {
	case *types.Named:
		if isString(t.Underlying()) {
			return ShapeType, nil
		}
	case *types.Basic:
		if t.Kind() == types.String {
			return ShapeString, nil
		}
	case *types.Pointer:
		if isString(t.Elem()) {
			return ShapeOptString, nil
		}
		if isSelf(t) {
			return ShapeNode, nil
		}
	case *types.Map:
		if isString(t.Key()) && isString(t.Elem()) {
			return ShapeProps, nil
		}
	case *types.Slice:
		if isSelf(t.Elem()) && self == "VNode" {
			return ShapeChildren, nil
		}
		if b, ok := t.Elem().(*types.Basic); ok && b.Kind() == types.Int {
			return ShapeIndices, nil
		}
		if isString(t.Elem()) {
			return ShapeKeys, nil
		}
	}
	return 0, fmt.Errorf("no shape for the type %s", t)
}

// renamed rewrites a doc comment that begins with old to begin with name.
func renamed(doc, old, name string) string {
	if rest, ok := strings.CutPrefix(doc, old+" "); ok {
		return name + " " + rest
	}
	return doc
}

// abiTypes reads every type with an //abi:c directive.
func (r *reader) abiTypes() ([]*Type, error) {
	var out []*Type
	for name := range r.typeSpecs {
		c, ok := r.abiDirective(name, "c")
		if !ok {
			continue
		}
		cs, ok := r.abiDirective(name, "cs")
		if !ok {
			return nil, fmt.Errorf("abi: type %s has //abi:c but no //abi:cs", name)
		}
		doc := r.docs[name]
		if !strings.HasPrefix(doc, name+" ") {
			return nil, fmt.Errorf("abi: the doc comment of type %s must begin with its name", name)
		}
		out = append(out, &Type{Name: name, C: c, CS: cs, Doc: doc, Pointer: strings.Contains(c, "*")})
	}
	sort.Slice(out, func(i, j int) bool { return r.order[out[i].Name] < r.order[out[j].Name] })
	return out, nil
}

// funcs reads the methods of interface iface, in declaration order.
func (r *reader) funcs(m *Model, iface string) ([]*Func, error) {
	spec, ok := r.typeSpecs[iface]
	if !ok {
		return nil, fmt.Errorf("abi: schema has no type %s", iface)
	}
	it, ok := spec.Type.(*ast.InterfaceType)
	if !ok {
		return nil, fmt.Errorf("abi: %s is not an interface", iface)
	}
	typeOf := func(e ast.Expr, where string) (*Type, error) {
		id, ok := e.(*ast.Ident)
		if !ok {
			return nil, fmt.Errorf("abi: %s: use one of the ABI's named types", where)
		}
		for _, t := range m.Types {
			if t.Name == id.Name {
				return t, nil
			}
		}
		return nil, fmt.Errorf("abi: %s: %s is not an ABI type (it needs //abi:c and //abi:cs)", where, id.Name)
	}
	var out []*Func
	for _, fld := range it.Methods.List {
		if len(fld.Names) != 1 {
			return nil, fmt.Errorf("abi: %s embeds an interface; list methods only", iface)
		}
		name := fld.Names[0].Name
		key := iface + "." + name
		ft := fld.Type.(*ast.FuncType)
		f := &Func{Go: name, C: "minimact_" + Snake(name)}
		rest, ok := strings.CutPrefix(r.docs[key], name+" ")
		if !ok {
			return nil, fmt.Errorf("abi: the doc comment of %s must begin with its name", key)
		}
		f.Doc = f.C + " " + rest
		f.DocCS = f.Doc
		nullable := map[string]bool{}
		for _, d := range r.directivesOf(key, "abi:") {
			k, v, _ := strings.Cut(d, " ")
			switch k {
			case "nullable":
				nullable[strings.TrimSpace(v)] = true
			case "release":
				f.Release = true
			default:
				return nil, fmt.Errorf("abi: %s: unknown directive //abi:%s", key, d)
			}
		}
		for _, p := range ft.Params.List {
			t, err := typeOf(p.Type, key)
			if err != nil {
				return nil, err
			}
			if len(p.Names) == 0 {
				return nil, fmt.Errorf("abi: %s: name every parameter", key)
			}
			for _, nm := range p.Names {
				f.Params = append(f.Params, &Param{Go: nm.Name, C: Snake(nm.Name), CS: csIdent(nm.Name), Type: t, Nullable: nullable[nm.Name]})
				delete(nullable, nm.Name)
			}
		}
		for n := range nullable {
			return nil, fmt.Errorf("abi: %s: //abi:nullable names no parameter %s", key, n)
		}
		for _, p := range f.Params {
			f.Doc = replaceWord(f.Doc, p.Go, p.C)
			f.DocCS = replaceWord(f.DocCS, p.Go, strings.TrimPrefix(p.CS, "@"))
		}
		if ft.Results != nil {
			if len(ft.Results.List) != 1 || len(ft.Results.List[0].Names) > 1 {
				return nil, fmt.Errorf("abi: %s: at most one result", key)
			}
			t, err := typeOf(ft.Results.List[0].Type, key)
			if err != nil {
				return nil, err
			}
			f.Ret = t
		}
		out = append(out, f)
	}
	return out, nil
}
