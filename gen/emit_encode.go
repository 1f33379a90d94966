package main

import (
	"github.com/dave/jennifer/jen"

	"github.com/minimact/engine/gen/model"
)

// emit_encode.go writes generated/vdom/encode_gen.go: what the encoder takes
// from the schema. From the model: what each node kind writes, in canonical
// member order (strings, optional strings when set, props, children), which
// kinds close a children array, and what each patch kind writes. The Encoder,
// its walk over a tree and the string and props writers are hand-written
// (encoder.go).

func emitEncode(md *model.Model) ([]output, error) {
	f := newVdomFile()
	hasChildren(f, md.Node)
	encodeOpen(f, md)
	encodePatch(f, md.Patch)
	return renderVdom(f, "encode_gen.go")
}

// appendTo is dst = append(dst, items...).
func appendTo(items ...jen.Code) *jen.Statement {
	return jen.Id("dst").Op("=").Append(append([]jen.Code{jen.Id("dst")}, items...)...)
}

// appendRaw is dst = append(dst, `text`...).
func appendRaw(text string) *jen.Statement { return appendTo(raw(text).Op("...")) }

// appendBytes is dst = append(dst, 'a', 'b').
func appendBytes(bs ...rune) *jen.Statement {
	var items []jen.Code
	for _, b := range bs {
		items = append(items, jen.LitRune(b))
	}
	return appendTo(items...)
}

// setDst is dst = fn(dst, args...).
func setDst(fn *jen.Statement, args ...jen.Code) *jen.Statement {
	return jen.Id("dst").Op("=").Add(fn).Call(append([]jen.Code{jen.Id("dst")}, args...)...)
}

// hasChildren declares Kind.hasChildren, which says which kinds the encoder
// writes with a children array.
func hasChildren(f *jen.File, o *model.Object) {
	var is *jen.Statement
	for _, k := range o.KindsWith(model.DiffChildren) {
		if is == nil {
			is = jen.Id("k").Op("==").Id(k.Go)
		} else {
			is.Op("||").Id("k").Op("==").Id(k.Go)
		}
	}
	if is == nil {
		is = jen.False()
	}
	decl(f, "hasChildren reports whether a node of kind k is written with a children\narray.",
		jen.Func().Params(jen.Id("k").Id("Kind")).Id("hasChildren").Params().Bool().Block(jen.Return(is)))
}

// encodeOpen declares Encoder.open, which writes a node up to its children.
func encodeOpen(f *jen.File, md *model.Model) {
	o := md.Node
	nd := func(field string) *jen.Statement { return sel("nd", field) }
	ovl := func(names ...string) *jen.Statement { return sel("e", append([]string{"ovl"}, names...)...) }
	overlaid := func(pk *model.Kind) *jen.Statement {
		return jen.Id("p").Op(":=").Add(sel("e", "overlaid")).Call(jen.Id("n"), jen.Id(pk.Go))
	}
	var cases []jen.Code
	for _, k := range o.Kinds {
		var body []jen.Code
		pending := `{"` + o.Type.JSON + `":"` + k.JSON + `"`
		flush := func() {
			if pending != "" {
				body = append(body, appendRaw(pending))
				pending = ""
			}
		}
		for _, m := range model.Canonical(o.KindMembers(k)) {
			name := `,"` + m.JSON + `":`
			switch m.Shape {
			case model.ShapeString:
				pending += name
				flush()
				own := setDst(jen.Id("appendStr"), jen.Id("t"), nd(m.Field))
				if m.Diff == model.DiffUpdateText {
					pk := md.Patch.Kind(m.Diff)
					body = append(body, jen.If(overlaid(pk), jen.Id("p").Op("!=").Nil()).Block(
						setDst(jen.Id("appendStr"), ovl("Tree"), sel("p", md.Patch.Payload(pk).Field)),
					).Else().Block(own))
				} else {
					body = append(body, own)
				}
			case model.ShapeOptString:
				flush()
				body = append(body, jen.If(nd(m.Present)).Block(
					appendRaw(name),
					setDst(jen.Id("appendStr"), jen.Id("t"), nd(m.Field)),
				))
			case model.ShapeProps:
				pending += name
				flush()
				own := setDst(jen.Id("AppendProps"), jen.Id("t"), sel("t", "Props").Index(nd(m.Field), nd(m.Field).Op("+").Add(nd("N"+m.Field))))
				if m.Diff == model.DiffUpdateProps {
					pk := md.Patch.Kind(m.Diff)
					body = append(body, jen.If(overlaid(pk), jen.Id("p").Op("!=").Nil()).Block(
						setDst(jen.Id("AppendProps"), ovl("Tree"), ovl(md.Patch.Payload(pk).Field+"Of").Call(jen.Id("p"))),
					).Else().Block(own))
				} else {
					body = append(body, own)
				}
			case model.ShapeChildren:
				pending += name + "["
			}
		}
		flush()
		cases = append(cases, jen.Case(jen.Id(k.Go)).Block(body...))
	}
	decl(f, "open appends a node up to its children array (or whole, for leaves less\nthe closing brace).",
		jen.Func().Params(jen.Id("e").Op("*").Id("Encoder")).Id("open").Params(jen.Id("dst").Index().Byte(), tTree(), jen.Id("n").Int32()).Index().Byte().Block(
			jen.Id("nd").Op(":=").Op("&").Add(sel("t", "Nodes")).Index(jen.Id("n")),
			jen.Switch(nd("Kind")).Block(cases...),
			jen.Return(jen.Id("dst")),
		))
}

// encodePatch declares AppendPatch.
func encodePatch(f *jen.File, o *model.Object) {
	// list writes the entries of a path or a list of keys.
	list := func(m *model.Member, open string, entry jen.Code) []jen.Code {
		return []jen.Code{
			appendRaw(open),
			jen.For(jen.List(jen.Id("i"), jen.Id("x")).Op(":=").Range().Add(sel("l", m.Field+"Of")).Call(jen.Id("p"))).Block(
				jen.If(jen.Id("i").Op(">").Lit(0)).Block(appendBytes(',')),
				entry,
			),
			appendBytes(']'),
		}
	}
	// value writes member m after its name, given as text.
	value := func(m *model.Member, name string) []jen.Code {
		switch m.Shape {
		case model.ShapeIndices:
			return list(m, name+"[", setDst(jen.Qual("strconv", "AppendInt"), jen.Int64().Call(jen.Id("x")), jen.Lit(10)))
		case model.ShapeKeys:
			return list(m, name+"[", setDst(jen.Id("appendStr"), jen.Id("t"), jen.Id("x")))
		case model.ShapeNode:
			return []jen.Code{appendRaw(name), setDst(sel("e", "AppendTree"), jen.Id("t"), sel("p", m.Field))}
		case model.ShapeString:
			return []jen.Code{appendRaw(name), setDst(jen.Id("appendStr"), jen.Id("t"), sel("p", m.Field))}
		case model.ShapeProps:
			return []jen.Code{appendRaw(name), setDst(jen.Id("AppendProps"), jen.Id("t"), sel("l", m.Field+"Of").Call(jen.Id("p")))}
		}
		return nil
	}
	body := []jen.Code{
		jen.Id("t").Op(":=").Add(sel("l", "Tree")),
		appendRaw(`{"` + o.Type.JSON + `":"`),
		appendTo(sel("p", "Kind", "String").Call().Op("...")),
	}
	// the members of every kind, the first closing the kind's string
	sep := `"`
	var cases []jen.Code
	for _, m := range o.Members[1:] {
		if m.All(o) {
			body = append(body, value(m, sep+`,"`+m.JSON+`":`)...)
			sep = ""
			continue
		}
		cases = append(cases, jen.Case(caseOf(m.Kinds)...).Block(value(m, `,"`+m.JSON+`":`)...))
	}
	if sep != "" {
		body = append(body, appendRaw(sep))
	}
	body = append(body,
		jen.Switch(sel("p", "Kind")).Block(cases...),
		jen.Return(jen.Append(jen.Id("dst"), jen.LitRune('}'))),
	)
	decl(f, "AppendPatch appends one patch of l as a JSON object.",
		jen.Func().Params(jen.Id("e").Op("*").Id("Encoder")).Id("AppendPatch").Params(jen.Id("dst").Index().Byte(), jen.Id("l").Op("*").Id("PatchList"), jen.Id("p").Op("*").Id("Patch")).Index().Byte().Block(body...))
}
