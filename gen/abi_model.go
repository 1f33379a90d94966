package main

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/tools/go/packages"
)

// The ABI model: what the C header, the C# binding and docs/abi.md are made
// from, read from schema/abi.go (the ABI's types and the Original and
// Extensions interfaces) and schema/codes.go (the error codes).

// abiModel is the whole C ABI.
type abiModel struct {
	Version    string     // schema.Version: the library's version
	ABIVersion int64      // schema.ABIVersion
	Types      []*abiType // the ABI's own types, in declaration order
	Original   []*abiFunc // the exports existing hosts call, in table order
	Extensions []*abiFunc // ours
	Codes      []*abiCode
	Limits     []*abiLimit
}

// All returns every export: the original ones, then the extensions.
func (m *abiModel) All() []*abiFunc {
	return append(append([]*abiFunc(nil), m.Original...), m.Extensions...)
}

// abiType is one of the ABI's types (Handle, Str, ...).
type abiType struct {
	Name    string // the schema type: "Str"
	C       string // its C spelling: "const char *"
	CS      string // its spelling in C#'s NativeMethods: "byte[]"
	Doc     string // its doc comment
	Pointer bool   // a pointer in C: its doc says who owns the memory
}

// Summary returns the first paragraph of the type's doc comment, what it is,
// without the leading "Name is".
func (t *abiType) Summary() string {
	p, _, _ := strings.Cut(t.Doc, "\n\n")
	p = strings.TrimPrefix(p, t.Name+" is ")
	return strings.Join(strings.Fields(p), " ")
}

// Own returns the second paragraph of the type's doc comment, which says who
// owns the memory and how it is freed; "" when there is none (a plain
// number).
func (t *abiType) Own() string {
	_, rest, _ := strings.Cut(t.Doc, "\n\n")
	p, _, _ := strings.Cut(rest, "\n\n")
	return strings.Join(strings.Fields(p), " ")
}

// CDecl returns the C declaration of a parameter or result named name.
func (t *abiType) CDecl(name string) string {
	if strings.HasSuffix(t.C, "*") {
		return t.C + name
	}
	return t.C + " " + name
}

// abiFunc is one export.
type abiFunc struct {
	Go       string      // the interface method: "PredictorLearn"
	C        string      // the export: "minimact_predictor_learn"
	Doc      string      // the doc comment, its first word replaced by C, params by their C names
	DocCS    string      // the doc comment, its first word replaced by C, params by their C# names
	Params   []*abiParam // in order
	Ret      *abiType    // nil: void
	Release  bool        // //abi:release
	Original bool        // in the first table of shared/ABI.md
}

// abiParam is one parameter of an export.
type abiParam struct {
	Go       string // the Go name: "stateChange"
	C        string // the C name: "state_change"
	CS       string // the C# name: "stateChange", "@out"
	Type     *abiType
	Nullable bool // //abi:nullable
}

// abiCode is one error code.
type abiCode struct {
	Name  string // "InvalidUtf8"
	Macro string // "MINIMACT_INVALID_UTF8"
	Value int64
	Doc   string // the doc comment
}

// abiLimit is one validation limit, as it appears in a limits JSON object.
type abiLimit struct {
	Name    string // "MaxTreeDepth"
	JSON    string // "max_tree_depth"
	Default string
	Doc     string
}

// abiModels caches the model per loaded package.
var abiModels = map[*packages.Package]*abiModel{}

// loadABI reads the ABI model from the schema package.
func loadABI(pkg *packages.Package) (*abiModel, error) {
	if m, ok := abiModels[pkg]; ok {
		return m, nil
	}
	r := newABIReader(pkg)
	m := &abiModel{}
	var err error
	if m.Version, err = r.stringConst("Version"); err != nil {
		return nil, err
	}
	if m.ABIVersion, err = r.intConst("ABIVersion"); err != nil {
		return nil, err
	}
	if m.Types, err = r.types(); err != nil {
		return nil, err
	}
	if m.Original, err = r.funcs(m, "Original"); err != nil {
		return nil, err
	}
	if m.Extensions, err = r.funcs(m, "Extensions"); err != nil {
		return nil, err
	}
	for _, f := range m.Extensions {
		f.Original = false
	}
	for _, f := range m.Original {
		f.Original = true
	}
	if m.Codes, err = r.codes(); err != nil {
		return nil, err
	}
	if m.Limits, err = r.limits(); err != nil {
		return nil, err
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	abiModels[pkg] = m
	return m, nil
}

// check refuses a model the outputs could not express.
func (m *abiModel) check() error {
	seen := map[string]bool{}
	for _, f := range m.All() {
		if seen[f.C] {
			return fmt.Errorf("abi: export %s declared twice", f.C)
		}
		seen[f.C] = true
		if !strings.HasPrefix(f.Doc, f.C+" ") {
			return fmt.Errorf("abi: the doc comment of %s must begin with its name", f.Go)
		}
		for _, p := range f.Params {
			if p.Nullable && !p.Type.Pointer {
				return fmt.Errorf("abi: %s: %s is not a pointer and cannot be nullable", f.Go, p.Go)
			}
		}
		if f.Release && (len(f.Params) != 1 || f.Params[0].Type.Name != "Handle") {
			return fmt.Errorf("abi: %s: //abi:release needs one Handle parameter", f.Go)
		}
	}
	return nil
}

// abiReader reads declarations from the schema's syntax and types.
type abiReader struct{ declIndex }

func newABIReader(pkg *packages.Package) *abiReader {
	return &abiReader{readDecls(pkg, "abi:")}
}

func (r *abiReader) constant(name string) (*types.Const, error) {
	c, ok := r.pkg.Types.Scope().Lookup(name).(*types.Const)
	if !ok {
		return nil, fmt.Errorf("abi: schema has no constant %s", name)
	}
	return c, nil
}

func (r *abiReader) stringConst(name string) (string, error) {
	c, err := r.constant(name)
	if err != nil {
		return "", err
	}
	if c.Val().Kind() != constant.String {
		return "", fmt.Errorf("abi: %s is not a string", name)
	}
	return constant.StringVal(c.Val()), nil
}

func (r *abiReader) intConst(name string) (int64, error) {
	c, err := r.constant(name)
	if err != nil {
		return 0, err
	}
	v, ok := constant.Int64Val(c.Val())
	if !ok {
		return 0, fmt.Errorf("abi: %s is not an integer", name)
	}
	return v, nil
}

// directive returns the value of directive key on name ("" and false when
// absent).
func (r *abiReader) directive(name, key string) (string, bool) {
	for _, d := range r.directives[name] {
		k, v, _ := strings.Cut(d, " ")
		if k == key {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

// types reads every type with an //abi:c directive.
func (r *abiReader) types() ([]*abiType, error) {
	var out []*abiType
	for name := range r.typeSpecs {
		c, ok := r.directive(name, "c")
		if !ok {
			continue
		}
		cs, ok := r.directive(name, "cs")
		if !ok {
			return nil, fmt.Errorf("abi: type %s has //abi:c but no //abi:cs", name)
		}
		doc := r.docs[name]
		if !strings.HasPrefix(doc, name+" ") {
			return nil, fmt.Errorf("abi: the doc comment of type %s must begin with its name", name)
		}
		out = append(out, &abiType{Name: name, C: c, CS: cs, Doc: doc, Pointer: strings.Contains(c, "*")})
	}
	sort.Slice(out, func(i, j int) bool { return r.order[out[i].Name] < r.order[out[j].Name] })
	return out, nil
}

// funcs reads the methods of interface iface, in declaration order.
func (r *abiReader) funcs(m *abiModel, iface string) ([]*abiFunc, error) {
	spec, ok := r.typeSpecs[iface]
	if !ok {
		return nil, fmt.Errorf("abi: schema has no type %s", iface)
	}
	it, ok := spec.Type.(*ast.InterfaceType)
	if !ok {
		return nil, fmt.Errorf("abi: %s is not an interface", iface)
	}
	typeOf := func(e ast.Expr, where string) (*abiType, error) {
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
	var out []*abiFunc
	for _, fld := range it.Methods.List {
		if len(fld.Names) != 1 {
			return nil, fmt.Errorf("abi: %s embeds an interface; list methods only", iface)
		}
		name := fld.Names[0].Name
		key := iface + "." + name
		ft := fld.Type.(*ast.FuncType)
		f := &abiFunc{Go: name, C: "minimact_" + abiSnake(name)}
		doc := r.docs[key]
		rest, ok := strings.CutPrefix(doc, name+" ")
		if !ok {
			return nil, fmt.Errorf("abi: the doc comment of %s must begin with its name", key)
		}
		f.Doc = f.C + " " + rest
		f.DocCS = f.Doc
		nullable := map[string]bool{}
		for _, d := range r.directives[key] {
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
				f.Params = append(f.Params, &abiParam{Go: nm.Name, C: abiSnake(nm.Name), CS: abiCSIdent(nm.Name), Type: t, Nullable: nullable[nm.Name]})
				delete(nullable, nm.Name)
			}
		}
		for n := range nullable {
			return nil, fmt.Errorf("abi: %s: //abi:nullable names no parameter %s", key, n)
		}
		for _, p := range f.Params {
			f.Doc = abiReplaceWord(f.Doc, p.Go, p.C)
			f.DocCS = abiReplaceWord(f.DocCS, p.Go, strings.TrimPrefix(p.CS, "@"))
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

// codes reads the constants of type Code, in declaration order.
func (r *abiReader) codes() ([]*abiCode, error) {
	scope := r.pkg.Types.Scope()
	tn, ok := scope.Lookup("Code").(*types.TypeName)
	if !ok {
		return nil, fmt.Errorf("abi: schema has no type Code")
	}
	var out []*abiCode
	for _, name := range scope.Names() {
		c, ok := scope.Lookup(name).(*types.Const)
		if !ok || !types.Identical(c.Type(), tn.Type()) {
			continue
		}
		v, ok := constant.Int64Val(c.Val())
		if !ok {
			return nil, fmt.Errorf("abi: code %s is not an integer", name)
		}
		doc := r.docs[name]
		if !strings.HasPrefix(doc, name+" ") {
			return nil, fmt.Errorf("abi: the doc comment of code %s must begin with its name", name)
		}
		out = append(out, &abiCode{Name: name, Macro: "MINIMACT_" + strings.ToUpper(abiSnake(name)), Value: v, Doc: strings.Join(strings.Fields(doc), " ")})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Value < out[j].Value })
	if len(out) == 0 || out[0].Value != 0 {
		return nil, fmt.Errorf("abi: the codes must include 0")
	}
	return out, nil
}

// limits reads the fields of Limits with their default tags.
func (r *abiReader) limits() ([]*abiLimit, error) {
	tn, ok := r.pkg.Types.Scope().Lookup("Limits").(*types.TypeName)
	if !ok {
		return nil, fmt.Errorf("abi: schema has no type Limits")
	}
	st, ok := tn.Type().Underlying().(*types.Struct)
	if !ok {
		return nil, fmt.Errorf("abi: Limits is not a struct")
	}
	spec := r.typeSpecs["Limits"].Type.(*ast.StructType)
	docs := map[string]string{}
	for _, fl := range spec.Fields.List {
		for _, nm := range fl.Names {
			if fl.Doc != nil {
				docs[nm.Name] = strings.Join(strings.Fields(fl.Doc.Text()), " ")
			}
		}
	}
	var out []*abiLimit
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		def := abiLookupTag(st.Tag(i), "default")
		out = append(out, &abiLimit{Name: f.Name(), JSON: abiSnake(f.Name()), Default: def, Doc: docs[f.Name()]})
	}
	return out, nil
}

func abiLookupTag(tag, key string) string {
	for tag != "" {
		name, rest, ok := strings.Cut(tag, ":\"")
		if !ok {
			return ""
		}
		val, after, ok := strings.Cut(rest, "\"")
		if !ok {
			return ""
		}
		if strings.TrimSpace(name) == key {
			return val
		}
		tag = strings.TrimSpace(after)
	}
	return ""
}

// abiSnake turns a Go name into snake case: "PredictorNewWithConfig" ->
// "predictor_new_with_config", "maxJSONSize" -> "max_json_size",
// "InvalidVNode" -> "invalid_vnode" (a lone capital joins the next word),
// "InvalidUtf8" -> "invalid_utf8".
func abiSnake(s string) string {
	rs := []rune(s)
	var words []string
	start := 0
	for i := 1; i < len(rs); i++ {
		prev, cur := rs[i-1], rs[i]
		next := rune(0)
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		boundary := (unicode.IsLower(prev) || unicode.IsDigit(prev)) && unicode.IsUpper(cur) ||
			unicode.IsUpper(prev) && unicode.IsUpper(cur) && unicode.IsLower(next)
		if boundary {
			words = append(words, string(rs[start:i]))
			start = i
		}
	}
	words = append(words, string(rs[start:]))
	var out []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		if len([]rune(w)) == 1 && unicode.IsUpper([]rune(w)[0]) && i+1 < len(words) {
			w += words[i+1]
			i++
		}
		out = append(out, strings.ToLower(w))
	}
	return strings.Join(out, "_")
}

// abiCSKeywords are the C# keywords a parameter name could collide with.
var abiCSKeywords = map[string]bool{
	"out": true, "ref": true, "in": true, "string": true, "object": true, "base": true, "params": true,
	"event": true, "lock": true, "fixed": true, "checked": true, "operator": true, "internal": true,
	"default": true, "decimal": true, "delegate": true, "namespace": true, "this": true, "is": true, "as": true,
}

func abiCSIdent(s string) string {
	if abiCSKeywords[s] {
		return "@" + s
	}
	return s
}

// abiReplaceWord replaces the whole-word occurrences of old in s with new.
func abiReplaceWord(s, old, new string) string {
	if old == new {
		return s
	}
	isWord := func(r byte) bool {
		return r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	var b strings.Builder
	for {
		i := strings.Index(s, old)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := i + len(old)
		if (i == 0 || !isWord(s[i-1])) && (j == len(s) || !isWord(s[j])) {
			b.WriteString(s[:i] + new)
		} else {
			b.WriteString(s[:j])
		}
		s = s[j:]
	}
}

// abiReflow fills each paragraph of text to width columns; a paragraph with
// an indented line is kept as written.
func abiReflow(width int, text string) string {
	var out []string
	for _, p := range strings.Split(text, "\n\n") {
		if strings.Contains(p, "\n ") || strings.Contains(p, "\n\t") || strings.HasPrefix(p, " ") || strings.HasPrefix(p, "\t") {
			out = append(out, p)
			continue
		}
		out = append(out, abiWrap(width, "", "", p))
	}
	return strings.Join(out, "\n\n")
}
