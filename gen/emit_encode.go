package main

import (
	"strings"

	"github.com/dave/jennifer/jen"
	"golang.org/x/tools/go/packages"
)

// emit_encode.go writes generated/vdom/encode_gen.go: the Encoder, which
// writes trees and patch lists as canonical JSON into a reused buffer. From
// the model: what each node kind writes, in canonical member order (strings,
// optional strings when set, props, children), which kinds close a children
// array, and what each patch kind writes.

func init() { register("vdom/encode", emitEncode) }

func emitEncode(pkg *packages.Package) ([]output, error) {
	md, err := loadModel(pkg)
	if err != nil {
		return nil, err
	}
	f := newVdomFile()
	encodeBasics(f)
	encodeTree(f, md)
	encodePatches(f, md)
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
func setDst(fn string, args ...jen.Code) *jen.Statement {
	return jen.Id("dst").Op("=").Id(fn).Call(append([]jen.Code{jen.Id("dst")}, args...)...)
}

// encodeBasics declares the Encoder and the string and props writers.
func encodeBasics(f *jen.File) {
	decl(f, "Encoder writes trees and patch lists as JSON into a reused buffer. It is\nnot safe for concurrent use.",
		jen.Type().Id("Encoder").Struct(
			jen.Id("stack").Index().Id("encItem"),
			jen.Comment("the overlay of AppendTreeOverlay, for the call"),
			jen.Id("ovl").Op("*").Id("PatchList"),
			jen.Id("of").Index().Int32(),
		))
	decl(f, "overlaid returns the patch of kind k the overlay holds for node n, or nil.",
		jen.Func().Params(jen.Id("e").Op("*").Id("Encoder")).Id("overlaid").Params(jen.Id("n").Int32(), jen.Id("k").Id("PatchKind")).Op("*").Id("Patch").Block(
			jen.If(jen.Id("e").Dot("of").Op("==").Nil()).Block(jen.Return(jen.Nil())),
			jen.If(jen.Id("i").Op(":=").Id("e").Dot("of").Index(jen.Id("n")), jen.Id("i").Op(">=").Lit(0).Op("&&").Id("e").Dot("ovl").Dot("Patches").Index(jen.Id("i")).Dot("Kind").Op("==").Id("k")).Block(
				jen.Return(jen.Op("&").Id("e").Dot("ovl").Dot("Patches").Index(jen.Id("i"))),
			),
			jen.Return(jen.Nil()),
		))
	decl(f, "encItem is a node being written and its next child.",
		jen.Type().Id("encItem").Struct(jen.List(jen.Id("n"), jen.Id("next")).Int32()))
	decl(f, "appendStr appends s as a JSON string. A view of Src held no escape in the\ninput, so it needs none now; Buf strings are escaped.",
		jen.Func().Id("appendStr").Params(jen.Id("dst").Index().Byte(), tTree.Clone(), jen.Id("s").Id("Str")).Index().Byte().Block(
			appendBytes('"'),
			jen.If(jen.Id("s.Off").Op("&").Id("bufBit").Op("==").Lit(0)).Block(
				appendTo(jen.Id("t.Src").Index(jen.Id("s.Off"), jen.Id("s.Off+s.Len")).Op("...")),
			).Else().Block(
				jen.Id("dst").Op("=").Qual(jsonscanPath, "AppendEscaped").Call(jen.Id("dst"), jen.Id("t.Bytes").Call(jen.Id("s"))),
			),
			jen.Return(jen.Append(jen.Id("dst"), jen.LitRune('"'))),
		))
	decl(f, "AppendProps appends props as a JSON object.",
		jen.Func().Id("AppendProps").Params(jen.Id("dst").Index().Byte(), tTree.Clone(), jen.Id("props").Index().Id("Prop")).Index().Byte().Block(
			appendBytes('{'),
			jen.For(jen.List(jen.Id("i"), jen.Id("p")).Op(":=").Range().Id("props")).Block(
				jen.If(jen.Id("i").Op(">").Lit(0)).Block(appendBytes(',')),
				setDst("appendStr", jen.Id("t"), jen.Id("p.Name")),
				appendBytes(':'),
				jen.If(jen.Id("p.Raw")).Block(
					appendTo(jen.Id("t.Bytes").Call(jen.Id("p.Val")).Op("...")),
				).Else().Block(
					setDst("appendStr", jen.Id("t"), jen.Id("p.Val")),
				),
			),
			jen.Return(jen.Append(jen.Id("dst"), jen.LitRune('}'))),
		))
}

// encodeTree declares AppendTree and open, which writes each kind.
func encodeTree(f *jen.File, md *model) {
	o := md.Node
	withKids := o.kindsWith(diffChildren)
	decl(f, "AppendTree appends the subtree at node n as canonical JSON: Fragments other\nthan the root flattened, nulls dropped, props sorted by name, \"key\" only\nwhen keyed. Elements always carry \"props\" and \"children\". A node that is not\nin the tree (an empty tree's root) is written as null.",
		jen.Func().Params(jen.Id("e").Op("*").Id("Encoder")).Id("AppendTree").Params(jen.Id("dst").Index().Byte(), tTree.Clone(), jen.Id("n").Int32()).Index().Byte().Block(
			jen.Return(jen.Id("e").Dot("AppendTreeOverlay").Call(jen.Id("dst"), jen.Id("t"), jen.Id("n"), jen.Nil(), jen.Nil())),
		))
	var leafKinds []string
	for _, m := range o.Members {
		if m.Diff == diffUpdateText || m.Diff == diffUpdateProps {
			leafKinds = append(leafKinds, m.Diff)
		}
	}
	decl(f, fillDoc("AppendTreeOverlay is AppendTree for the tree t would be with leaf patches of l ("+strings.Join(leafKinds, ", ")+") applied, without applying them: of[i] is the index in l.Patches of the patch for node i, or -1; with of nil there is none. The patches' strings and props are those of l.Tree."),
		jen.Func().Params(jen.Id("e").Op("*").Id("Encoder")).Id("AppendTreeOverlay").Params(jen.Id("dst").Index().Byte(), tTree.Clone(), jen.Id("n").Int32(), jen.Id("l").Op("*").Id("PatchList"), jen.Id("of").Index().Int32()).Index().Byte().Block(
			jen.List(jen.Id("e").Dot("ovl"), jen.Id("e").Dot("of")).Op("=").List(jen.Id("l"), jen.Id("of")),
			jen.If(jen.Id("n").Op("<").Lit(0).Op("||").Int().Call(jen.Id("n")).Op(">=").Len(jen.Id("t.Nodes"))).Block(
				jen.Return(jen.Append(jen.Id("dst"), jen.Lit("null").Op("..."))),
			),
			jen.Id("stack").Op(":=").Append(jen.Id("e.stack").Index(jen.Empty(), jen.Lit(0)), jen.Id("encItem").Values(jen.Id("n"), jen.Lit(0))),
			jen.Id("dst").Op("=").Id("e.open").Call(jen.Id("dst"), jen.Id("t"), jen.Id("n")),
			jen.For(jen.Len(jen.Id("stack")).Op(">").Lit(0)).Block(
				jen.Id("top").Op(":=").Op("&").Id("stack").Index(jen.Len(jen.Id("stack")).Op("-").Lit(1)),
				jen.Id("nd").Op(":=").Op("&").Id("t.Nodes").Index(jen.Id("top.n")),
				jen.If(jen.Id("top.next").Op("<").Int32().Call(jen.Id("nd.NKids"))).Block(
					jen.If(jen.Id("top.next").Op(">").Lit(0)).Block(appendBytes(',')),
					jen.Id("k").Op(":=").Id("t.Kids").Index(jen.Id("nd.Kids").Op("+").Uint32().Call(jen.Id("top.next"))),
					jen.Id("top.next").Op("++"),
					jen.Id("dst").Op("=").Id("e.open").Call(jen.Id("dst"), jen.Id("t"), jen.Id("k")),
					jen.Id("stack").Op("=").Append(jen.Id("stack"), jen.Id("encItem").Values(jen.Id("k"), jen.Lit(0))),
					jen.Continue(),
				),
				jen.Switch(jen.Id("nd.Kind")).Block(
					jen.Case(caseOf(withKids)...).Block(appendBytes(']', '}')),
					jen.Default().Block(appendBytes('}')),
				),
				jen.Id("stack").Op("=").Id("stack").Index(jen.Empty(), jen.Len(jen.Id("stack")).Op("-").Lit(1)),
			),
			jen.List(jen.Id("e.stack"), jen.Id("e").Dot("ovl"), jen.Id("e").Dot("of")).Op("=").List(jen.Id("stack"), jen.Nil(), jen.Nil()),
			jen.Return(jen.Id("dst")),
		))

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
		for _, m := range canonical(o.kindMembers(k)) {
			name := `,"` + m.JSON + `":`
			switch m.Shape {
			case shapeString:
				pending += name
				flush()
				own := setDst("appendStr", jen.Id("t"), jen.Id("nd."+m.Field))
				if m.Diff == diffUpdateText {
					pk := md.Patch.kind(m.Diff)
					body = append(body, jen.If(jen.Id("p").Op(":=").Id("e").Dot("overlaid").Call(jen.Id("n"), jen.Id(pk.Go)), jen.Id("p").Op("!=").Nil()).Block(
						setDst("appendStr", jen.Id("e").Dot("ovl").Dot("Tree"), jen.Id("p").Dot(md.Patch.payload(pk).Field)),
					).Else().Block(own))
				} else {
					body = append(body, own)
				}
			case shapeOptString:
				flush()
				body = append(body, jen.If(jen.Id("nd."+m.Present)).Block(
					appendRaw(name),
					setDst("appendStr", jen.Id("t"), jen.Id("nd."+m.Field)),
				))
			case shapeProps:
				pending += name
				flush()
				own := setDst("AppendProps", jen.Id("t"), jen.Id("t.Props").Index(jen.Id("nd."+m.Field), jen.Id("nd."+m.Field+"+nd.N"+m.Field)))
				if m.Diff == diffUpdateProps {
					pk := md.Patch.kind(m.Diff)
					body = append(body, jen.If(jen.Id("p").Op(":=").Id("e").Dot("overlaid").Call(jen.Id("n"), jen.Id(pk.Go)), jen.Id("p").Op("!=").Nil()).Block(
						setDst("AppendProps", jen.Id("e").Dot("ovl").Dot("Tree"), jen.Id("e").Dot("ovl").Dot(md.Patch.payload(pk).Field+"Of").Call(jen.Id("p"))),
					).Else().Block(own))
				} else {
					body = append(body, own)
				}
			case shapeChildren:
				pending += name + "["
			}
		}
		flush()
		cases = append(cases, jen.Case(jen.Id(k.Go)).Block(body...))
	}
	decl(f, "open appends a node up to its children array (or whole, for leaves less\nthe closing brace).",
		jen.Func().Params(jen.Id("e").Op("*").Id("Encoder")).Id("open").Params(jen.Id("dst").Index().Byte(), tTree.Clone(), jen.Id("n").Int32()).Index().Byte().Block(
			jen.Id("nd").Op(":=").Op("&").Id("t.Nodes").Index(jen.Id("n")),
			jen.Switch(jen.Id("nd.Kind")).Block(cases...),
			jen.Return(jen.Id("dst")),
		))
}

// encodePatches declares AppendPatches and AppendPatch.
func encodePatches(f *jen.File, md *model) {
	o := md.Patch
	decl(f, "AppendPatches appends the patch list l as a JSON array.",
		jen.Func().Params(jen.Id("e").Op("*").Id("Encoder")).Id("AppendPatches").Params(jen.Id("dst").Index().Byte(), jen.Id("l").Op("*").Id("PatchList")).Index().Byte().Block(
			appendBytes('['),
			jen.For(jen.Id("i").Op(":=").Range().Id("l.Patches")).Block(
				jen.If(jen.Id("i").Op(">").Lit(0)).Block(appendBytes(',')),
				jen.Id("dst").Op("=").Id("e.AppendPatch").Call(jen.Id("dst"), jen.Id("l"), jen.Op("&").Id("l.Patches").Index(jen.Id("i"))),
			),
			jen.Return(jen.Append(jen.Id("dst"), jen.LitRune(']'))),
		))

	// list writes the entries of a path or a list of keys.
	list := func(m *member, open string, entry jen.Code) []jen.Code {
		return []jen.Code{
			appendRaw(open),
			jen.For(jen.List(jen.Id("i"), jen.Id("x")).Op(":=").Range().Id("l."+m.Field+"Of").Call(jen.Id("p"))).Block(
				jen.If(jen.Id("i").Op(">").Lit(0)).Block(appendBytes(',')),
				entry,
			),
			appendBytes(']'),
		}
	}
	// value writes member m after its name, given as text.
	value := func(m *member, name string) []jen.Code {
		switch m.Shape {
		case shapeIndices:
			return list(m, name+"[", jen.Id("dst").Op("=").Qual("strconv", "AppendInt").Call(jen.Id("dst"), jen.Int64().Call(jen.Id("x")), jen.Lit(10)))
		case shapeKeys:
			return list(m, name+"[", setDst("appendStr", jen.Id("t"), jen.Id("x")))
		case shapeNode:
			return []jen.Code{appendRaw(name), jen.Id("dst").Op("=").Id("e.AppendTree").Call(jen.Id("dst"), jen.Id("t"), jen.Id("p."+m.Field))}
		case shapeString:
			return []jen.Code{appendRaw(name), setDst("appendStr", jen.Id("t"), jen.Id("p."+m.Field))}
		case shapeProps:
			return []jen.Code{appendRaw(name), setDst("AppendProps", jen.Id("t"), jen.Id("l."+m.Field+"Of").Call(jen.Id("p")))}
		}
		return nil
	}
	body := []jen.Code{
		jen.Id("t").Op(":=").Id("l.Tree"),
		appendRaw(`{"` + o.Type.JSON + `":"`),
		appendTo(jen.Id("p.Kind.String").Call().Op("...")),
	}
	// the members of every kind, the first closing the kind's string
	sep := `"`
	var cases []jen.Code
	for _, m := range o.Members[1:] {
		if m.all(o) {
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
		jen.Switch(jen.Id("p.Kind")).Block(cases...),
		jen.Return(jen.Append(jen.Id("dst"), jen.LitRune('}'))),
	)
	decl(f, "AppendPatch appends one patch of l as a JSON object.",
		jen.Func().Params(jen.Id("e").Op("*").Id("Encoder")).Id("AppendPatch").Params(jen.Id("dst").Index().Byte(), jen.Id("l").Op("*").Id("PatchList"), jen.Id("p").Op("*").Id("Patch")).Index().Byte().Block(body...))
}
