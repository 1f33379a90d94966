package main

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/minimact/engine/gen/model"
)

// emit_binary.go writes generated/vdom/binary_gen.go: what the binary tree
// encoding (docs/binary-tree.md) takes from the schema. A node is its kind's
// number as one byte, then its string and optional-string members in schema
// order, then, for the kinds with props or children, a list of props and
// children ended by 0x00. From the model: which kinds have a list, props or
// children; each kind's members read with their limit, code and name
// (binMembers) and written (binWriteNode); and the Str fields of a Node,
// which incremental decoding moves and compaction copies (strFields). The
// header, strings, props, the decoding loop and the encoder's walk are
// hand-written (binary.go). The C# TreeWriter's schema-driven part is in
// templates/Minimact.cs.tmpl, fed by the template functions registered here.

func emitBinary(md *model.Model) ([]output, error) {
	f := newVdomFile()
	o := md.Node
	props, kids := o.Props(), o.Children()
	table := func(name, doc string, has func(k *model.Kind) bool) {
		var vals []jen.Code
		vals = append(vals, jen.Id("KindNone").Op(":").False())
		for _, k := range o.Kinds {
			vals = append(vals, jen.Id(k.Go).Op(":").Lit(has(k)))
		}
		decl(f, doc, jen.Var().Id(name).Op("=").Index(jen.Op("...")).Bool().Custom(multiline, vals...))
	}
	table("binList", "binList says, per kind, whether a node ends with a list of props and\nchildren (ended by 0x00).", func(k *model.Kind) bool { return props.Has(k) || kids.Has(k) })
	table("binProps", "binProps says, per kind, whether a node may have props.", props.Has)
	table("binKids", "binKids says, per kind, whether a node may have children.", kids.Has)

	nd := func(field string) *jen.Statement { return sel("nd", field) }
	setBit := func(m *model.Member) *jen.Statement { return sel("f", "set").Op("|=").Id(m.Bit) }
	// binMembers: each kind's strings in schema order
	var cases []jen.Code
	for _, k := range o.Kinds {
		var body []jen.Code
		for _, m := range binStrings(o, k) {
			read := sel("d", "binStr").Call(jen.Id("t"), limitOf(m.Limit), jen.Id(m.Limit.Code.Name), jen.Lit(m.What))
			switch m.Shape {
			case model.ShapeString:
				body = append(body,
					jen.If(jen.List(jen.Id("s"), jen.Id("ok")).Op("=").Add(read), jen.Op("!").Id("ok")).Block(jen.Return(jen.False())),
					nd(m.Field).Op("=").Id("s"),
					jen.If(sel("s", "Len").Op(">").Lit(0)).Block(setBit(m)),
				)
			case model.ShapeOptString:
				body = append(body,
					jen.If(jen.List(jen.Id("present"), jen.Id("ok")).Op(":=").Add(sel("d", "binOptional")).Call(jen.Lit(m.What)), jen.Op("!").Id("ok")).Block(jen.Return(jen.False())).
						Else().If(jen.Id("present")).Block(
						jen.If(jen.List(jen.Id("s"), jen.Id("ok")).Op("=").Add(read), jen.Op("!").Id("ok")).Block(jen.Return(jen.False())),
						jen.List(nd(m.Field), nd(m.Present)).Op("=").List(jen.Id("s"), jen.True()),
						setBit(m),
					),
				)
			}
		}
		if len(body) > 0 {
			cases = append(cases, jen.Case(jen.Id(k.Go)).Block(body...))
		}
	}
	decl(f, "binMembers reads the string members of the node of f, whose kind is set,\nin schema order, with their limits and codes.",
		jen.Func().Params(dRecv()).Id("binMembers").Params(tTree(), jen.Id("f").Op("*").Id("frame"), jen.Id("nd").Op("*").Id("Node")).Bool().Block(
			jen.Var().Id("s").Id("Str"),
			jen.Var().Id("ok").Bool(),
			jen.Switch(nd("Kind")).Block(cases...),
			jen.Return(jen.True()),
		))

	// binWriteNode: the kind byte, the strings, the props
	cases = nil
	for _, k := range o.Kinds {
		body := []jen.Code{jen.Id("dst").Op("=").Append(jen.Id("dst"), jen.Byte().Call(jen.Id(k.Go)))}
		for _, m := range binStrings(o, k) {
			str := jen.Id("dst").Op("=").Id("binAppendStr").Call(jen.Id("dst"), sel("t", "Bytes").Call(nd(m.Field)))
			switch m.Shape {
			case model.ShapeString:
				body = append(body, str)
			case model.ShapeOptString:
				body = append(body, jen.If(nd(m.Present)).Block(
					jen.Id("dst").Op("=").Append(jen.Id("dst"), jen.Lit(1)), str,
				).Else().Block(jen.Id("dst").Op("=").Append(jen.Id("dst"), jen.Lit(0))))
			}
		}
		if props.Has(k) {
			body = append(body, jen.Id("dst").Op("=").Id("binAppendProps").Call(jen.Id("dst"), jen.Id("t"),
				sel("t", "Props").Index(nd(props.Field), nd(props.Field).Op("+").Add(nd("N"+props.Field)))))
		}
		cases = append(cases, jen.Case(jen.Id(k.Go)).Block(body...))
	}
	decl(f, "binWriteNode appends node n up to its list: its kind byte, its strings and\nits props.",
		jen.Func().Id("binWriteNode").Params(jen.Id("dst").Index().Byte(), tTree(), jen.Id("n").Int32()).Index().Byte().Block(
			jen.Id("nd").Op(":=").Op("&").Add(sel("t", "Nodes")).Index(jen.Id("n")),
			jen.Switch(nd("Kind")).Block(cases...),
			jen.Return(jen.Id("dst")),
		))

	// strFields: every Str member of a Node
	var fields []jen.Code
	for _, m := range o.Shaped(model.ShapeString, model.ShapeOptString) {
		fields = append(fields, jen.Op("&").Add(nd(m.Field)))
	}
	decl(f, "strFields returns the node's string members, whatever its kind.",
		jen.Func().Params(jen.Id("nd").Op("*").Id("Node")).Id("strFields").Params().Index(jen.Lit(len(fields))).Op("*").Id("Str").Block(
			jen.Return(jen.Index(jen.Lit(len(fields))).Op("*").Id("Str").Values(fields...)),
		))
	return renderVdom(f, "binary_gen.go")
}

// binStrings returns the string and optional-string members of kind k in
// schema order: the members a node writes after its kind byte.
func binStrings(o *model.Object, k *model.Kind) []*model.Member {
	var ms []*model.Member
	for _, m := range o.KindMembers(k) {
		if m.Shape == model.ShapeString || m.Shape == model.ShapeOptString {
			ms = append(ms, m)
		}
	}
	return ms
}

// kindNumber is k's number (its vdom constant's value, and its byte in the
// binary encoding).
func kindNumber(o *model.Object, k *model.Kind) int {
	for i, x := range o.Kinds {
		if x == k {
			return i + 1
		}
	}
	panic(fmt.Sprintf("kind %s not in %s", k.Name, o.Name))
}

// binKind is what the C# template knows of a kind for TreeWriter.
type binKind struct {
	Name, JSON string
	Article    string // "a" or "an", before Name
	Number     int
	Doc        string
	Strings    []binString // the string members, in the order written
	Props      bool        // may have props (Prop after Begin)
	Children   bool        // may have children: Begin<Kind> ... End
	List       bool        // ends with 0x00 (End writes it)
}

// binString is one string member for the C# template.
type binString struct {
	Param    string // the C# parameter name: the JSON name ("tag")
	Optional bool   // an optional string: a presence byte, null allowed
}

// kindSentence is k's doc comment as a sentence about the node: "An HTML
// element with ..." for "KindElement is an HTML element with ...".
func kindSentence(k *model.Kind) string {
	doc := model.Flat(k.Doc)
	if rest, ok := strings.CutPrefix(doc, k.Go+" is "); ok {
		return strings.ToUpper(rest[:1]) + rest[1:]
	}
	if rest, ok := strings.CutPrefix(doc, k.Go+" "); ok {
		return "It " + rest
	}
	return doc
}

// The template functions the C# binding's TreeWriter part uses.
func init() {
	templateFuncs["binaryKinds"] = func(md *model.Model) []binKind {
		o := md.Node
		props, kids := o.Props(), o.Children()
		var out []binKind
		for _, k := range o.Kinds {
			bk := binKind{Name: k.Name, JSON: k.JSON, Article: aOrAn(k.Name), Number: kindNumber(o, k), Doc: kindSentence(k),
				Props: props.Has(k), Children: kids.Has(k)}
			bk.List = bk.Props || bk.Children
			for _, m := range binStrings(o, k) {
				bk.Strings = append(bk.Strings, binString{Param: m.JSON, Optional: m.Shape == model.ShapeOptString})
			}
			out = append(out, bk)
		}
		return out
	}
}
