// Package model is what the generator knows of the schema: read once from
// schema/ with golang.org/x/tools/go/packages (Load), checked, and handed to
// every emitter. It holds the VNode and Patch objects with their kinds and
// members, the error codes, the limits, the C ABI's types and exports, and
// the versions. Nothing in it is cached between loads.
package model

import (
	"slices"
	"strings"
)

// Model is the whole schema.
type Model struct {
	// Root is the module root the schema was loaded from; the emitters find
	// their templates and hand-written sources under it.
	Root string

	Version    string // schema.Version: the library's version
	ABIVersion int64  // schema.ABIVersion

	Node  *Object // VNode and its kinds
	Patch *Object // Patch and its kinds

	Codes   []*Code // in declaration order, which is increasing value
	CodeDoc string  // the doc comment of the Code type
	Limits  []*Limit
	Options []*Option // the fields of Limits that choose rather than bound

	Types      []*Type // the ABI's own types, in declaration order
	Original   []*Func // the exports existing hosts call, in table order
	Extensions []*Func // ours
}

// Object is a JSON object of the schema with a "type" member saying its kind:
// VNode or Patch.
type Object struct {
	Name    string    // the schema type: "VNode"
	Kinds   []*Kind   // in schema order; numbered from 1
	Type    *Member   // the member holding the kind
	Members []*Member // in schema order, Type first
}

// Kind is one value of an object's type member.
type Kind struct {
	Name    string // the schema constant: "RawHtml"
	Go      string // the vdom constant: "KindRawHtml"
	JSON    string // the value in JSON: "RawHtml"
	Doc     string // the schema's doc comment, naming Go
	Flatten bool   // //gen:flatten: stands for its children unless it is the root
}

// Shape is how a member is held and coded, from its Go type in the schema.
type Shape int

// The shapes.
const (
	ShapeType      Shape = iota // NodeKind, PatchKind: the kind
	ShapeString                 // string: a Str
	ShapeOptString              // *string: a Str and a presence flag
	ShapeProps                  // map[string]string: a sorted range of Props
	ShapeChildren               // []*VNode: the child nodes
	ShapeNode                   // *VNode: one node, by index
	ShapeIndices                // []int: a path of child indices
	ShapeKeys                   // []string: a list of keys
)

var shapeNames = [...]string{"kind", "string", "optional string", "props", "children", "node", "path", "keys"}

func (s Shape) String() string { return shapeNames[s] }

// Member is one member of an object.
type Member struct {
	Field    string  // the schema field, also the vdom field: "Content"
	JSON     string  // the JSON member name: "content"
	Doc      string  // the schema's doc comment
	Shape    Shape   // from the Go type
	Bit      string  // the decoder's member bit constant: "mContent"
	Kinds    []*Kind // the kinds it belongs to; all of them when untagged
	Required []*Kind // the kinds that must have it
	Limit    *Limit  // bounds its length, or each entry's (limit tag)
	KeyLimit *Limit  // bounds each prop name (keylimit tag)
	Count    *Limit  // bounds its number of entries (count tag)
	What     string  // how messages name its value (what tag; default JSON)
	Code     *Code   // the code of a value of the wrong shape (code tag)
	Present  string  // for an optional string: the Node field saying it is set
	Arena    string  // for a list in a Patch: the PatchList arena of its entries
	Diff     string  // Identity, UpdateText, UpdateProps, Replace or Children
	HTML     string  // how the HTML writer writes it: tag, attrs, attr, text, raw or ""
	HTMLArg  string  // the attribute name of attr, the wrapping tag of raw
}

// The html tag's roles.
const (
	HTMLTag   = "tag"
	HTMLAttrs = "attrs"
	HTMLAttr  = "attr"
	HTMLText  = "text"
	HTMLRaw   = "raw"
)

// The diff tag's values.
const (
	DiffIdentity    = "Identity"
	DiffUpdateText  = "UpdateText"
	DiffUpdateProps = "UpdateProps"
	DiffReplace     = "Replace"
	DiffChildren    = "Children"
)

// Option is a field of Limits that chooses among named values (a named
// string type of the schema and its constants) rather than bounding
// something: the DOM view.
type Option struct {
	Name    string         // the field: "DOMView"
	JSON    string         // its name in a limits JSON object: "dom_view"
	Type    string         // the schema type, also the vdom type: "View"
	Doc     string         // the field's doc comment
	TypeDoc string         // the type's doc comment
	Values  []*OptionValue // the type's constants in declaration order; the first is the default
}

// OptionValue is one value of an option.
type OptionValue struct {
	Name string // the schema constant, also the vdom constant: "ViewHTML"
	JSON string // its value in JSON: "html"
	Doc  string
}

// Code is one error code.
type Code struct {
	Name  string // "InvalidUtf8"
	Macro string // its C macro: "MINIMACT_INVALID_UTF8"
	Value int64
	Doc   string
}

// Limit is one field of Limits.
type Limit struct {
	Name    string // "MaxTreeDepth"
	JSON    string // its name in a limits JSON object: "max_tree_depth"
	Default int64
	Code    *Code  // the error a breach returns
	Bounds  string // document, depth or nodes: what the decoder itself bounds with it
	Doc     string
}

// Type is one of the ABI's types (Handle, Str, ...).
type Type struct {
	Name    string // the schema type: "Str"
	C       string // its C spelling: "const char *"
	CS      string // its spelling in C#'s NativeMethods: "byte[]"
	Doc     string // its doc comment
	Pointer bool   // a pointer in C: its doc says who owns the memory
}

// Func is one export.
type Func struct {
	Go       string   // the interface method: "PredictorLearn"
	C        string   // the export: "minimact_predictor_learn"
	Doc      string   // the doc comment, its first word replaced by C, params by their C names
	DocCS    string   // the doc comment, its first word replaced by C, params by their C# names
	Params   []*Param // in order
	Ret      *Type    // nil: void
	Release  bool     // //abi:release
	Original bool     // in the first table of shared/ABI.md
}

// Param is one parameter of an export.
type Param struct {
	Go       string // the Go name: "stateChange"
	C        string // the C name: "state_change"
	CS       string // the C# name: "stateChange", "@out"
	Type     *Type
	Nullable bool // //abi:nullable
}

// All returns every export: the original ones, then the extensions.
func (m *Model) All() []*Func {
	return append(append([]*Func(nil), m.Original...), m.Extensions...)
}

// Code returns the code named name, or nil.
func (m *Model) Code(name string) *Code {
	for _, c := range m.Codes {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Limit returns the limit named name, or nil.
func (m *Model) Limit(name string) *Limit {
	for _, l := range m.Limits {
		if l.Name == name {
			return l
		}
	}
	return nil
}

// LimitByBounds returns the limit whose bounds tag is b, or nil.
func (m *Model) LimitByBounds(b string) *Limit {
	for _, l := range m.Limits {
		if l.Bounds == b {
			return l
		}
	}
	return nil
}

// Has reports whether m belongs to k.
func (m *Member) Has(k *Kind) bool { return slices.Contains(m.Kinds, k) }

// RequiredBy reports whether k requires m.
func (m *Member) RequiredBy(k *Kind) bool { return slices.Contains(m.Required, k) }

// All reports whether m belongs to every kind of o.
func (m *Member) All(o *Object) bool { return len(m.Kinds) == len(o.Kinds) }

// KindMembers returns the members of o that belong to k, in schema order,
// the type member excluded.
func (o *Object) KindMembers(k *Kind) []*Member {
	var ms []*Member
	for _, m := range o.Members[1:] {
		if m.Has(k) {
			ms = append(ms, m)
		}
	}
	return ms
}

// Shaped returns the members of o of the given shapes, in schema order.
func (o *Object) Shaped(shapes ...Shape) []*Member {
	var ms []*Member
	for _, m := range o.Members {
		if slices.Contains(shapes, m.Shape) {
			ms = append(ms, m)
		}
	}
	return ms
}

// HTMLMember returns the member of kind k whose html role is role, or nil.
func (o *Object) HTMLMember(k *Kind, role string) *Member {
	for _, m := range o.KindMembers(k) {
		if m.HTML == role {
			return m
		}
	}
	return nil
}

// TextKind returns the kind whose member has the html role text, and that
// member: the kind the HTML view merges and drops (the model checks there is
// exactly one).
func (o *Object) TextKind() (*Kind, *Member) {
	for _, k := range o.Kinds {
		if m := o.HTMLMember(k, HTMLText); m != nil {
			return k, m
		}
	}
	return nil, nil
}

// Children returns the children member of o (the model checks VNode has one).
func (o *Object) Children() *Member { return o.Shaped(ShapeChildren)[0] }

// Props returns the props member of VNode (the model checks there is one).
func (o *Object) Props() *Member { return o.Shaped(ShapeProps)[0] }

// KindsWith returns the kinds of o that have a member with the given diff tag.
func (o *Object) KindsWith(diff string) []*Kind {
	var ks []*Kind
	for _, k := range o.Kinds {
		for _, m := range o.KindMembers(k) {
			if m.Diff == diff {
				ks = append(ks, k)
				break
			}
		}
	}
	return ks
}

// Kind returns the kind of o named name, or nil.
func (o *Object) Kind(name string) *Kind {
	for _, k := range o.Kinds {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// Payload returns the member of o that a patch of kind k carries besides the
// type and the members every kind has (the node of a Replace, the content of
// an UpdateText), or nil.
func (o *Object) Payload(k *Kind) *Member {
	for _, m := range o.KindMembers(k) {
		if !m.All(o) {
			return m
		}
	}
	return nil
}

// Canonical orders a kind's members as the encoder writes them and the hash
// mixes them: strings, optional strings, props, then children.
func Canonical(ms []*Member) []*Member {
	var out []*Member
	for _, s := range []Shape{ShapeString, ShapeOptString, ShapeProps, ShapeChildren} {
		for _, m := range ms {
			if m.Shape == s {
				out = append(out, m)
			}
		}
	}
	return out
}

// Summary returns the first paragraph of the type's doc comment, what it is,
// without the leading "Name is".
func (t *Type) Summary() string {
	p, _, _ := strings.Cut(t.Doc, "\n\n")
	p = strings.TrimPrefix(p, t.Name+" is ")
	return Flat(p)
}

// Own returns the second paragraph of the type's doc comment, which says who
// owns the memory and how it is freed; "" when there is none (a plain
// number).
func (t *Type) Own() string {
	_, rest, _ := strings.Cut(t.Doc, "\n\n")
	p, _, _ := strings.Cut(rest, "\n\n")
	return Flat(p)
}

// CDecl returns the C declaration of a parameter or result named name.
func (t *Type) CDecl(name string) string {
	if strings.HasSuffix(t.C, "*") {
		return t.C + name
	}
	return t.C + " " + name
}

// Flat returns text on one line, its words separated by single spaces.
func Flat(text string) string { return strings.Join(strings.Fields(text), " ") }
