package main

import (
	"fmt"
	"go/constant"
	"go/types"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"
)

// model is what the vdom emitters know of the schema, read once from the
// loaded package: the node and patch objects with their kinds and members,
// the error codes and the limits. Everything schema-specific in
// generated/vdom comes from here; the emitters add only the machinery that
// no schema change touches.
type model struct {
	Node   *object // VNode and its kinds
	Patch  *object // Patch and its kinds
	Codes  []*code
	Limits []*limit
	// CodeDoc is the doc comment of the schema's Code type.
	CodeDoc string
}

// object is a JSON object of the schema with a "type" member saying its kind:
// VNode or Patch.
type object struct {
	Name    string    // the schema type: "VNode"
	Kinds   []*kind   // in schema order; numbered from 1
	Type    *member   // the member holding the kind
	Members []*member // in schema order, Type first
}

// kind is one value of an object's type member.
type kind struct {
	Name    string // the schema constant: "RawHtml"
	Go      string // the vdom constant: "KindRawHtml"
	JSON    string // the value in JSON: "RawHtml"
	Doc     string // the schema's doc comment, naming Go
	Flatten bool   // //gen:flatten: stands for its children unless it is the root
}

// shape is how a member is held and coded, from its Go type in the schema.
type shape int

const (
	shapeType      shape = iota // NodeKind, PatchKind: the kind
	shapeString                 // string: a Str
	shapeOptString              // *string: a Str and a presence flag
	shapeProps                  // map[string]string: a sorted range of Props
	shapeChildren               // []*VNode: the child nodes
	shapeNode                   // *VNode: one node, by index
	shapeIndices                // []int: a path of child indices
	shapeKeys                   // []string: a list of keys
)

var shapeNames = [...]string{"kind", "string", "optional string", "props", "children", "node", "path", "keys"}

func (s shape) String() string { return shapeNames[s] }

// member is one member of an object.
type member struct {
	Field    string  // the schema field, also the vdom field: "Content"
	JSON     string  // the JSON member name: "content"
	Doc      string  // the schema's doc comment
	Shape    shape   // from the Go type
	Bit      string  // the decoder's member bit constant: "mContent"
	Kinds    []*kind // the kinds it belongs to; all of them when untagged
	Required []*kind // the kinds that must have it
	Limit    *limit  // bounds its length, or each entry's (limit tag)
	KeyLimit *limit  // bounds each prop name (keylimit tag)
	Count    *limit  // bounds its number of entries (count tag)
	What     string  // how messages name its value (what tag; default JSON)
	Code     *code   // the code of a value of the wrong shape (code tag)
	Present  string  // for an optional string: the Node field saying it is set
	Arena    string  // for a list in a Patch: the PatchList arena of its entries
	Diff     string  // Identity, UpdateText, UpdateProps, Replace or Children
}

// code is one error code.
type code struct {
	Name  string
	Value int64
	Doc   string
}

// limit is one field of Limits.
type limit struct {
	Name    string
	Default int64
	Code    *code  // the error a breach returns
	Bounds  string // document, depth or nodes: what the decoder itself bounds with it
	Doc     string
}

// The diff tag's values.
const (
	diffIdentity    = "Identity"
	diffUpdateText  = "UpdateText"
	diffUpdateProps = "UpdateProps"
	diffReplace     = "Replace"
	diffChildren    = "Children"
)

// has reports whether m belongs to k.
func (m *member) has(k *kind) bool { return slices.Contains(m.Kinds, k) }

// requiredBy reports whether k requires m.
func (m *member) requiredBy(k *kind) bool { return slices.Contains(m.Required, k) }

// all reports whether m belongs to every kind of o.
func (m *member) all(o *object) bool { return len(m.Kinds) == len(o.Kinds) }

// kindMembers returns the members of o that belong to k, in schema order,
// the type member excluded.
func (o *object) kindMembers(k *kind) []*member {
	var ms []*member
	for _, m := range o.Members[1:] {
		if m.has(k) {
			ms = append(ms, m)
		}
	}
	return ms
}

// shaped returns the members of o of the given shapes, in schema order.
func (o *object) shaped(shapes ...shape) []*member {
	var ms []*member
	for _, m := range o.Members {
		for _, s := range shapes {
			if m.Shape == s {
				ms = append(ms, m)
			}
		}
	}
	return ms
}

// canonical orders a kind's members as the encoder writes them and the hash
// mixes them: strings, optional strings, props, then children.
func canonical(ms []*member) []*member {
	var out []*member
	for _, s := range []shape{shapeString, shapeOptString, shapeProps, shapeChildren} {
		for _, m := range ms {
			if m.Shape == s {
				out = append(out, m)
			}
		}
	}
	return out
}

// children returns the children member of o (the model checks there is one).
func (o *object) children() *member { return o.shaped(shapeChildren)[0] }

// kindsWith returns the kinds of o that have a member with the given diff tag.
func (o *object) kindsWith(diff string) []*kind {
	var ks []*kind
	for _, k := range o.Kinds {
		for _, m := range o.kindMembers(k) {
			if m.Diff == diff {
				ks = append(ks, k)
				break
			}
		}
	}
	return ks
}

// kind returns the kind of o named name, or nil.
func (o *object) kind(name string) *kind {
	for _, k := range o.Kinds {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// payload returns the member of o that a patch of kind k carries besides the
// type and the members every kind has (the node of a Replace, the content of
// an UpdateText).
func (o *object) payload(k *kind) *member {
	for _, m := range o.kindMembers(k) {
		if !m.all(o) {
			return m
		}
	}
	return nil
}

// limitByBounds returns the limit whose bounds tag is b.
func (md *model) limitByBounds(b string) *limit {
	for _, l := range md.Limits {
		if l.Bounds == b {
			return l
		}
	}
	return nil
}

func (md *model) code(name string) *code {
	for _, c := range md.Codes {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func (md *model) limit(name string) *limit {
	for _, l := range md.Limits {
		if l.Name == name {
			return l
		}
	}
	return nil
}

// models caches the model of each loaded schema package, since every emitter
// asks for it.
var models = map[*packages.Package]*model{}

// loadModel builds the model of the schema package pkg.
func loadModel(pkg *packages.Package) (*model, error) {
	if md, ok := models[pkg]; ok {
		return md, nil
	}
	r := &schemaReader{readDecls(pkg, "gen:")}
	md := &model{}
	var err error
	if md.Codes, err = r.codes("Code"); err != nil {
		return nil, err
	}
	md.CodeDoc = r.docs["Code"]
	if md.Limits, err = r.limits(md, "Limits"); err != nil {
		return nil, err
	}
	if md.Node, err = r.object(md, "VNode", "Kind", "m"); err != nil {
		return nil, err
	}
	if md.Patch, err = r.object(md, "Patch", "Patch", "p"); err != nil {
		return nil, err
	}
	if err := md.check(); err != nil {
		return nil, err
	}
	models[pkg] = md
	return md, nil
}

// schemaReader reads declarations, doc comments and tags from the schema.
type schemaReader struct{ declIndex }

// constsOf returns the constants of the named type, in declaration order.
func (r *schemaReader) constsOf(typeName string) ([]*types.Const, error) {
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

func (r *schemaReader) codes(typeName string) ([]*code, error) {
	cs, err := r.constsOf(typeName)
	if err != nil {
		return nil, err
	}
	var out []*code
	for _, c := range cs {
		v, ok := constant.Int64Val(c.Val())
		if !ok {
			return nil, fmt.Errorf("schema: code %s is not an integer", c.Name())
		}
		out = append(out, &code{Name: c.Name(), Value: v, Doc: r.docs[c.Name()]})
	}
	return out, nil
}

// structOf returns the struct type named name.
func (r *schemaReader) structOf(name string) (*types.Struct, error) {
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

func (r *schemaReader) limits(md *model, name string) ([]*limit, error) {
	st, err := r.structOf(name)
	if err != nil {
		return nil, err
	}
	var out []*limit
	for i := 0; i < st.NumFields(); i++ {
		f, tag := st.Field(i), reflect.StructTag(st.Tag(i))
		where := name + "." + f.Name()
		l := &limit{Name: f.Name(), Bounds: tag.Get("bounds"), Doc: r.docs[where]}
		if l.Default, err = strconv.ParseInt(tag.Get("default"), 10, 64); err != nil || l.Default <= 0 {
			return nil, fmt.Errorf("schema: %s: the default tag must be a positive integer", where)
		}
		if l.Code = md.code(tag.Get("code")); l.Code == nil {
			return nil, fmt.Errorf("schema: %s: the code tag must name a Code", where)
		}
		out = append(out, l)
	}
	return out, nil
}

// object reads the struct name, whose type member's constants are its kinds;
// vdom names them kindPrefix+Name, and the decoder's member bits bitPrefix+Field.
func (r *schemaReader) object(md *model, name, kindPrefix, bitPrefix string) (*object, error) {
	st, err := r.structOf(name)
	if err != nil {
		return nil, err
	}
	o := &object{Name: name}
	for i := 0; i < st.NumFields(); i++ {
		f, tag := st.Field(i), reflect.StructTag(st.Tag(i))
		where := name + "." + f.Name()
		m := &member{
			Field:   f.Name(),
			JSON:    tag.Get("json"),
			Doc:     r.docs[where],
			Bit:     bitPrefix + f.Name(),
			What:    tag.Get("what"),
			Present: tag.Get("present"),
			Arena:   tag.Get("arena"),
			Diff:    tag.Get("diff"),
		}
		if m.JSON == "" {
			return nil, fmt.Errorf("schema: %s has no json tag", where)
		}
		if m.What == "" {
			m.What = m.JSON
		}
		if m.Shape, err = shapeOf(f.Type(), name); err != nil {
			return nil, fmt.Errorf("schema: %s: %w", where, err)
		}
		if m.Shape == shapeType {
			if o.Type != nil {
				return nil, fmt.Errorf("schema: %s has two kind members", name)
			}
			o.Type = m
			consts, err := r.constsOf(f.Type().(*types.Named).Obj().Name())
			if err != nil {
				return nil, err
			}
			for _, c := range consts {
				k := &kind{Name: c.Name(), Go: kindPrefix + c.Name(), JSON: constant.StringVal(c.Val())}
				k.Doc = renamed(r.docs[c.Name()], c.Name(), k.Go)
				for _, d := range r.directives[c.Name()] {
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
			if !m.has(k) {
				return nil, fmt.Errorf("schema: %s: required by %s, which it does not belong to", where, k.Name)
			}
		}
		for _, lt := range []struct {
			tag string
			dst **limit
		}{{"limit", &m.Limit}, {"keylimit", &m.KeyLimit}, {"count", &m.Count}} {
			if v := tag.Get(lt.tag); v != "" {
				if *lt.dst = md.limit(v); *lt.dst == nil {
					return nil, fmt.Errorf("schema: %s: %s tag %q names no Limits field", where, lt.tag, v)
				}
			}
		}
		m.Code = md.code("InvalidVNode")
		if v := tag.Get("code"); v != "" {
			m.Code = md.code(v)
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
func (o *object) kindList(list, where string) ([]*kind, error) {
	if list == "" {
		return nil, nil
	}
	var ks []*kind
	for _, name := range strings.Split(list, ",") {
		k := o.kind(strings.TrimSpace(name))
		if k == nil {
			return nil, fmt.Errorf("schema: %s: %q is not a kind of %s", where, name, o.Name)
		}
		ks = append(ks, k)
	}
	return ks, nil
}

// shapeOf classifies a member's Go type; self is the struct holding it.
func shapeOf(t types.Type, self string) (shape, error) {
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
			return shapeType, nil
		}
	case *types.Basic:
		if t.Kind() == types.String {
			return shapeString, nil
		}
	case *types.Pointer:
		if isString(t.Elem()) {
			return shapeOptString, nil
		}
		if isSelf(t) {
			return shapeNode, nil
		}
	case *types.Map:
		if isString(t.Key()) && isString(t.Elem()) {
			return shapeProps, nil
		}
	case *types.Slice:
		if isSelf(t.Elem()) && self == "VNode" {
			return shapeChildren, nil
		}
		if b, ok := t.Elem().(*types.Basic); ok && b.Kind() == types.Int {
			return shapeIndices, nil
		}
		if isString(t.Elem()) {
			return shapeKeys, nil
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

// check verifies what the emitters rely on.
func (md *model) check() error {
	for _, b := range []string{"document", "depth", "nodes"} {
		if md.limitByBounds(b) == nil {
			return fmt.Errorf("schema: no Limits field has bounds:%q", b)
		}
	}
	for _, name := range []string{"Success", "InvalidVNode", "InvalidPath", "Serialization", "InvalidUtf8", "Unknown"} {
		if md.code(name) == nil {
			return fmt.Errorf("schema: the decoder needs the code %s", name)
		}
	}
	if len(md.Node.Members) > 8 || len(md.Patch.Members) > 8 {
		return fmt.Errorf("schema: the decoder keeps members in uint8 bit sets: at most 8 members")
	}
	allowed := map[*object][]shape{
		md.Node:  {shapeType, shapeString, shapeOptString, shapeProps, shapeChildren},
		md.Patch: {shapeType, shapeIndices, shapeNode, shapeString, shapeProps, shapeKeys},
	}
	for o, shapes := range allowed {
		for _, m := range o.Members {
			if !slices.Contains(shapes, m.Shape) {
				return fmt.Errorf("schema: %s.%s: the generator has no %s member for %s", o.Name, m.Field, m.Shape, o.Name)
			}
			if err := md.checkMember(o, m); err != nil {
				return fmt.Errorf("schema: %s.%s: %w", o.Name, m.Field, err)
			}
		}
	}
	if len(md.Node.shaped(shapeChildren)) != 1 || len(md.Node.shaped(shapeProps)) != 1 {
		return fmt.Errorf("schema: VNode must have one children member and one props member")
	}
	props := md.Node.shaped(shapeProps)[0]
	for _, m := range md.Patch.shaped(shapeProps) {
		if m.Limit != props.Limit || m.KeyLimit != props.KeyLimit || m.Count != props.Count {
			return fmt.Errorf("schema: Patch.%s: props are decoded alike everywhere: give it the limits of VNode.%s", m.Field, props.Field)
		}
	}
	for _, m := range md.Node.Members {
		if m.Code.Name != "InvalidVNode" {
			return fmt.Errorf("schema: VNode.%s: a VNode member's errors are InvalidVNode", m.Field)
		}
	}

	if len(md.Patch.shaped(shapeIndices)) != 1 || !md.Patch.shaped(shapeIndices)[0].all(md.Patch) {
		return fmt.Errorf("schema: Patch must have one path member, of every kind")
	}
	if path := md.Patch.shaped(shapeIndices)[0]; path.Count != md.limitByBounds("depth") {
		return fmt.Errorf("schema: Patch.%s: a path is bounded by the tree depth", path.Field)
	}
	for _, k := range md.Patch.Kinds {
		var extra []*member
		for _, m := range md.Patch.kindMembers(k) {
			if !m.all(md.Patch) {
				extra = append(extra, m)
			}
		}
		if len(extra) > 1 {
			return fmt.Errorf("schema: patch %s carries more than one member besides the path", k.Name)
		}
	}
	return nil
}

func (md *model) checkMember(o *object, m *member) error {
	need := func(what string, ok bool) error {
		if !ok {
			return fmt.Errorf("a %s member needs %s", m.Shape, what)
		}
		return nil
	}
	switch m.Shape {
	case shapeString, shapeOptString:
		if err := need("a limit tag", m.Limit != nil); err != nil {
			return err
		}
		if m.Shape == shapeOptString && o == md.Node {
			return need("a present tag", m.Present != "")
		}
	case shapeProps:
		return need("limit, keylimit and count tags", m.Limit != nil && m.KeyLimit != nil && m.Count != nil)
	case shapeChildren:
		return need("a count tag", m.Count != nil)
	case shapeKeys:
		return need("limit, count and arena tags", m.Limit != nil && m.Count != nil && m.Arena != "")
	case shapeIndices:
		return need("count and arena tags", m.Count != nil && m.Arena != "")
	}
	if m.Diff != "" {
		if o != md.Node {
			return fmt.Errorf("diff tags belong on VNode")
		}
		switch m.Diff {
		case diffIdentity:
			return need("to be a string for diff:Identity", m.Shape == shapeString || m.Shape == shapeOptString)
		case diffChildren:
			return need("to be children for diff:Children", m.Shape == shapeChildren)
		case diffUpdateText, diffUpdateProps, diffReplace:
			k := md.Patch.kind(m.Diff)
			if k == nil {
				return fmt.Errorf("diff:%s names no patch kind", m.Diff)
			}
			p := md.Patch.payload(k)
			if p == nil {
				return fmt.Errorf("diff:%s: the patch carries nothing", m.Diff)
			}
			switch p.Shape {
			case shapeNode:
			case shapeString:
				return need("to be a string for diff:"+m.Diff, m.Shape == shapeString)
			case shapeProps:
				return need("to be props for diff:"+m.Diff, m.Shape == shapeProps)
			default:
				return fmt.Errorf("diff:%s: the patch carries a %s", m.Diff, p.Shape)
			}
		default:
			return fmt.Errorf("unknown diff tag %q", m.Diff)
		}
	} else if o == md.Node && m.Shape != shapeType {
		return fmt.Errorf("a VNode member needs a diff tag")
	}
	return nil
}
