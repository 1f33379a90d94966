package main

import (
	"github.com/dave/jennifer/jen"

	"github.com/minimact/engine/gen/model"
)

// emit_decode_patch.go writes generated/vdom/decode_patch_gen.go: what the
// patch list decoder takes from the schema. From the model: the member bits
// and names, the members each patch kind allows and requires, and each
// member's decoding by its shape, with its limits and codes. The loop over
// the list (DecodePatches) and the tree decoder that reads a patch's node are
// hand-written (decoder.go).

func emitDecodePatch(md *model.Model) ([]output, error) {
	f := newVdomFile()
	o := md.Patch
	memberBits(f, o, "Member bits of a patch object.", "patchMemberNames")
	var allowed, required []jen.Code
	for _, k := range o.Kinds {
		ms := append([]*model.Member{o.Type}, o.KindMembers(k)...)
		allowed = append(allowed, jen.Id(k.Go).Op(":").Add(bitsOf(ms)))
		req := []*model.Member{o.Type}
		for _, m := range ms[1:] {
			if m.RequiredBy(k) {
				req = append(req, m)
			}
		}
		required = append(required, jen.Id(k.Go).Op(":").Add(bitsOf(req)))
	}
	decl(f, "patchAllowed and patchRequired list, per patch kind, the members that may\nbe present and those that must be.",
		jen.Var().Defs(
			jen.Id("patchAllowed").Op("=").Index(jen.Op("...")).Uint8().Custom(multiline, allowed...),
			jen.Id("patchRequired").Op("=").Index(jen.Op("...")).Uint8().Custom(multiline, required...),
		))
	decodePatch(f, o)
	return renderVdom(f, "decode_patch_gen.go")
}

// listLoop is the loop over a JSON array's entries that a path and a list of
// keys share: loopVar is its first-entry flag, what its name in messages, and
// entry decodes one entry, with c its first byte.
func listLoop(loopVar, what string, entry ...jen.Code) jen.Code {
	body := []jen.Code{
		jen.Id("c").Op(":=").Add(scPeek()),
		jen.If(jen.Id("c").Op("==").LitRune(']')).Block(
			scPos().Op("++"),
			jen.Break(),
		),
		jen.If(jen.Op("!").Id(loopVar)).Block(
			jen.If(jen.Id("c").Op("!=").LitRune(',')).Block(
				jen.Return(failCall("Serialization", scPos(), jen.Lit("expected ',' or ']' in "+what))),
			),
			scPos().Op("++"),
			jen.Id("c").Op("=").Add(scPeek()),
		),
	}
	return jen.For(jen.Id(loopVar).Op(":=").True(), jen.Empty(), jen.Id(loopVar).Op("=").False()).Block(append(body, entry...)...)
}

// decodePatch declares patch, which decodes one patch object.
func decodePatch(f *jen.File, o *model.Object) {
	abort := func() jen.Code { return jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.False())) }
	// expect checks the first byte of a member's value.
	expect := func(m *model.Member, c rune, shape string) jen.Code {
		return jen.If(scPeek().Op("!=").LitRune(c)).Block(
			jen.Return(failCall(m.Code.Name, jen.Id("vat"), jen.Lit("patch "+quoted(m.JSON)+" must be "+shape))),
		)
	}
	p := func(field string) *jen.Statement { return sel("p", field) }
	arena := func(m *model.Member) *jen.Statement { return sel("l", m.Arena) }
	var names, values []jen.Code
	var fields []jen.Code // of the zero patch: no node
	for _, m := range o.Members {
		names = append(names, jen.Case(jen.Lit(m.JSON)).Block(jen.Id("bit").Op("=").Id(m.Bit)))
		var body []jen.Code
		switch m.Shape {
		case model.ShapeType:
			body = []jen.Code{
				expect(m, '"', "a string"),
				jen.List(jen.Id("s"), jen.Id("ok")).Op(":=").Add(sel("d", "str")).Call(jen.Id("t"), jen.Lit(maxKindLen), jen.Id(m.Code.Name), jen.Lit("patch "+quoted(m.JSON))),
				abort(),
				kindSwitch(o, p("Kind"), m.Code.Name, jen.Id("vat"), "patch "+m.JSON),
			}
		case model.ShapeIndices:
			what := aOrAn(m.JSON) + " " + m.JSON
			bad := func() jen.Code {
				return jen.Return(failCall(m.Code.Name, scPos(), jen.Lit(what+" index must be a non-negative integer")))
			}
			body = []jen.Code{
				expect(m, '[', "an array of child indices"),
				scPos().Op("++"),
				p(m.Field).Op("=").Uint32().Call(jen.Len(arena(m))),
				listLoop(m.JSON[:1]+"first", what,
					jen.If(jen.Int().Call(p("N"+m.Field)).Op(">=").Add(limitOf(m.Count))).Block(
						jen.Return(failCall(m.Code.Name, scPos(), jen.Lit(m.JSON+" is longer than the tree depth limit of "), itoaOf(limitOf(m.Count)))),
					),
					jen.If(jen.Id("c").Op("<").LitRune('0').Op("||").Id("c").Op(">").LitRune('9')).Block(bad()),
					jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Add(sel("sc", "Index")).Call(jen.Lit(1).Op("<<").Lit(30)),
					jen.If(jen.Op("!").Id("ok")).Block(bad()),
					arena(m).Op("=").Append(arena(m), jen.Int32().Call(jen.Id("v"))),
					p("N"+m.Field).Op("++"),
				),
			}
		case model.ShapeNode:
			fields = append(fields, jen.Id(m.Field).Op(":").Lit(-1))
			body = []jen.Code{
				expect(m, '{', "a VNode object"),
				jen.List(jen.Id("n"), jen.Id("ok")).Op(":=").Add(sel("d", "node")).Call(jen.Id("t"), jen.True()),
				abort(),
				p(m.Field).Op("=").Id("n"),
			}
		case model.ShapeString:
			body = []jen.Code{
				expect(m, '"', "a string"),
				jen.List(jen.Id("s"), jen.Id("ok")).Op(":=").Add(sel("d", "str")).Call(jen.Id("t"), limitOf(m.Limit), jen.Id(m.Limit.Code.Name), jen.Lit(m.What)),
				abort(),
				p(m.Field).Op("=").Id("s"),
			}
		case model.ShapeProps:
			body = []jen.Code{
				expect(m, '{', "an object"),
				jen.List(jen.Id("start"), jen.Id("n"), jen.Id("ok")).Op(":=").Add(sel("d", "props")).Call(jen.Id("t")),
				abort(),
				jen.List(p(m.Field), p("N"+m.Field)).Op("=").List(jen.Id("start"), jen.Id("n")),
			}
		case model.ShapeKeys:
			what := aOrAn(m.JSON) + " " + m.JSON
			body = []jen.Code{
				expect(m, '[', "an array of "+m.What+"s"),
				scPos().Op("++"),
				p(m.Field).Op("=").Uint32().Call(jen.Len(arena(m))),
				listLoop(m.JSON[:1]+"first", what,
					jen.If(jen.Id("c").Op("!=").LitRune('"')).Block(
						jen.Return(failCall(m.Code.Name, scPos(), jen.Lit(what+" entry must be a string "+m.What))),
					),
					jen.If(jen.Int().Call(p("N"+m.Field)).Op(">=").Add(limitOf(m.Count))).Block(
						jen.Return(failCall(m.Count.Code.Name, scPos(), jen.Lit(m.JSON+" exceeds the limit of "), itoaOf(limitOf(m.Count)), jen.Lit(" "+m.What+"s"))),
					),
					jen.List(jen.Id("s"), jen.Id("ok")).Op(":=").Add(sel("d", "str")).Call(jen.Id("t"), limitOf(m.Limit), jen.Id(m.Limit.Code.Name), jen.Lit(m.What)),
					abort(),
					arena(m).Op("=").Append(arena(m), jen.Id("s")),
					p("N"+m.Field).Op("++"),
				),
			}
		}
		values = append(values, jen.Case(jen.Id(m.Bit)).Block(body...))
	}
	names = append(names, jen.Default().Block(
		jen.If(jen.Op("!").Add(sel("d", "skip")).Call()).Block(jen.Return(jen.False())),
		jen.Continue(),
	))
	kindString := func() *jen.Statement { return sel("p", "Kind", "String").Call() }
	decl(f, "patch decodes the patch object at Pos onto l.",
		jen.Func().Params(dRecv()).Id("patch").Params(jen.Id("l").Op("*").Id("PatchList")).Bool().Block(
			jen.Id("sc").Op(":=").Op("&").Add(sel("d", "sc")),
			jen.Id("t").Op(":=").Add(sel("l", "Tree")),
			jen.Id("at").Op(":=").Add(scPos()),
			scPos().Op("++"),
			jen.Id("p").Op(":=").Id("Patch").Values(fields...),
			jen.Var().Id("seen").Uint8(),
			jen.For(jen.Id("first").Op(":=").True(), jen.Empty(), jen.Id("first").Op("=").False()).Block(
				jen.Id("c").Op(":=").Add(scPeek()),
				jen.If(jen.Id("c").Op("==").LitRune('}')).Block(
					scPos().Op("++"),
					jen.Break(),
				),
				jen.If(jen.Op("!").Id("first")).Block(
					jen.If(jen.Id("c").Op("!=").LitRune(',')).Block(
						jen.Return(failCall("Serialization", scPos(), jen.Lit("expected ',' or '}' in a patch"))),
					),
					scPos().Op("++"),
				),
				jen.List(jen.Id("name"), jen.Id("ok")).Op(":=").Add(sel("d", "name")).Call(),
				abort(),
				jen.Var().Id("bit").Uint8(),
				jen.Switch(jen.String().Call(jen.Id("name"))).Block(names...),
				jen.If(jen.Id("seen").Op("&").Id("bit").Op("!=").Lit(0)).Block(
					jen.Return(failCall("InvalidVNode", scPos(), jen.Lit("duplicate member \""), jen.String().Call(jen.Id("name")), jen.Lit("\" in a patch"))),
				),
				jen.Id("vat").Op(":=").Add(scPos()),
				jen.If(sel("d", "null").Call()).Block(
					jen.Continue().Comment("null is the same as absent"),
				),
				jen.Id("seen").Op("|=").Id("bit"),
				jen.Switch(jen.Id("bit")).Block(values...),
			),
			jen.If(p("Kind").Op("==").Id("PatchNone")).Block(
				jen.Return(failCall("InvalidVNode", jen.Id("at"), jen.Lit("patch without "+quoted(o.Type.JSON)))),
			),
			jen.If(jen.Id("missing").Op(":=").Id("patchRequired").Index(p("Kind")).Op("&^").Id("seen"), jen.Id("missing").Op("!=").Lit(0)).Block(
				jen.Return(failCall("InvalidVNode", jen.Id("at"), kindString(), jen.Lit(" patch without \""), memberName("patchMemberNames", jen.Id("missing")), jen.Lit("\""))),
			),
			jen.If(jen.Id("extra").Op(":=").Id("seen").Op("&^").Id("patchAllowed").Index(p("Kind")), jen.Id("extra").Op("!=").Lit(0)).Block(
				jen.Return(failCall("InvalidVNode", jen.Id("at"), kindString(), jen.Lit(" patch must not have \""), memberName("patchMemberNames", jen.Id("extra")), jen.Lit("\""))),
			),
			sel("l", "Patches").Op("=").Append(sel("l", "Patches"), jen.Id("p")),
			jen.Return(jen.True()),
		))
}
