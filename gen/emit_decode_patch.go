package main

import (
	"github.com/dave/jennifer/jen"
	"golang.org/x/tools/go/packages"
)

// emit_decode_patch.go writes generated/vdom/decode_patch_gen.go: the patch
// list decoder. From the model: the member bits and names, the members each
// patch kind allows and requires, and each member's decoding by its shape,
// with its limits and codes. Nodes are decoded by the tree decoder.

func init() { register("vdom/decode_patch", emitDecodePatch) }

func emitDecodePatch(pkg *packages.Package) ([]output, error) {
	md, err := loadModel(pkg)
	if err != nil {
		return nil, err
	}
	f := newVdomFile()
	o := md.Patch
	memberBits(f, o, "Member bits of a patch object.", "patchMemberNames")
	var allowed, required []jen.Code
	for _, k := range o.Kinds {
		ms := append([]*member{o.Type}, o.kindMembers(k)...)
		allowed = append(allowed, jen.Id(k.Go).Op(":").Add(bitsOf(ms)))
		req := []*member{o.Type}
		for _, m := range ms[1:] {
			if m.requiredBy(k) {
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
	decodePatches(f)
	decodePatch(f, md)
	return renderVdom(f, "decode_patch_gen.go")
}

// decodePatches declares DecodePatches, the loop over the list.
func decodePatches(f *jen.File) {
	failRet := func(code string, msg string) []jen.Code {
		return []jen.Code{failCall(code, jen.Id("sc.Pos"), jen.Lit(msg)), jen.Return(jen.Id("d.err"))}
	}
	decl(f, "DecodePatches decodes src, a JSON array of patches, into l, whose Tree\n(reset first, or allocated when nil) holds the patches' nodes and strings.",
		jen.Func().Params(dRecv.Clone()).Id("DecodePatches").Params(jen.Id("src").Index().Byte(), jen.Id("l").Op("*").Id("PatchList")).Error().Block(
			jen.If(jen.Id("l.Tree").Op("==").Nil()).Block(jen.Id("l.Tree").Op("=").Op("&").Id("Tree").Values()),
			jen.Id("l.Tree.Reset").Call(),
			jen.Id("l.Tree.Src").Op("=").Id("src"),
			jen.Id("l.Reset").Call(jen.Id("l.Tree")),
			jen.If(jen.Op("!").Id("d.begin").Call(jen.Id("src"))).Block(jen.Return(jen.Id("d.err"))),
			jen.Id("sc").Op(":=").Op("&").Id("d.sc"),
			jen.If(jen.Id("sc.Peek").Call().Op("!=").LitRune('[')).Block(failRet("InvalidVNode", "a patch list must be a JSON array")...),
			jen.Id("sc.Pos").Op("++"),
			jen.For(jen.Id("first").Op(":=").True(), jen.Empty(), jen.Id("first").Op("=").False()).Block(
				jen.Id("c").Op(":=").Id("sc.Peek").Call(),
				jen.If(jen.Id("c").Op("==").LitRune(']')).Block(
					jen.Id("sc.Pos").Op("++"),
					jen.Break(),
				),
				jen.If(jen.Op("!").Id("first")).Block(
					jen.If(jen.Id("c").Op("!=").LitRune(',')).Block(failRet("Serialization", "expected ',' or ']' in the patch list")...),
					jen.Id("sc.Pos").Op("++"),
					jen.Id("c").Op("=").Id("sc.Peek").Call(),
				),
				jen.If(jen.Id("c").Op("!=").LitRune('{')).Block(failRet("InvalidVNode", "a patch must be a JSON object")...),
				jen.If(jen.Op("!").Id("d.patch").Call(jen.Id("l"))).Block(
					jen.Id("d.err.Patch").Op("=").Len(jen.Id("l.Patches")),
					jen.Return(jen.Id("d.err")),
				),
			),
			jen.If(jen.Op("!").Id("d.end").Call()).Block(jen.Return(jen.Id("d.err"))),
			jen.Return(jen.Nil()),
		))
}

// listLoop is the loop over a JSON array's entries that a path and a list of
// keys share: loopVar is its first-entry flag, what its name in messages, and
// entry decodes one entry, with c its first byte.
func listLoop(loopVar, what string, entry ...jen.Code) jen.Code {
	body := []jen.Code{
		jen.Id("c").Op(":=").Id("sc.Peek").Call(),
		jen.If(jen.Id("c").Op("==").LitRune(']')).Block(
			jen.Id("sc.Pos").Op("++"),
			jen.Break(),
		),
		jen.If(jen.Op("!").Id(loopVar)).Block(
			jen.If(jen.Id("c").Op("!=").LitRune(',')).Block(
				jen.Return(failCall("Serialization", jen.Id("sc.Pos"), jen.Lit("expected ',' or ']' in "+what))),
			),
			jen.Id("sc.Pos").Op("++"),
			jen.Id("c").Op("=").Id("sc.Peek").Call(),
		),
	}
	return jen.For(jen.Id(loopVar).Op(":=").True(), jen.Empty(), jen.Id(loopVar).Op("=").False()).Block(append(body, entry...)...)
}

// decodePatch declares patch, which decodes one patch object.
func decodePatch(f *jen.File, md *model) {
	o := md.Patch
	abort := jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.False()))
	// expect checks the first byte of a member's value.
	expect := func(m *member, c rune, shape string) jen.Code {
		return jen.If(jen.Id("sc.Peek").Call().Op("!=").LitRune(c)).Block(
			jen.Return(failCall(m.Code.Name, jen.Id("vat"), jen.Lit("patch "+quoted(m.JSON)+" must be "+shape))),
		)
	}
	var names, values []jen.Code
	var fields []jen.Code // of the zero patch: no node
	for _, m := range o.Members {
		names = append(names, jen.Case(jen.Lit(m.JSON)).Block(jen.Id("bit").Op("=").Id(m.Bit)))
		var body []jen.Code
		switch m.Shape {
		case shapeType:
			body = []jen.Code{
				expect(m, '"', "a string"),
				jen.List(jen.Id("s"), jen.Id("ok")).Op(":=").Id("d.str").Call(jen.Id("t"), jen.Lit(maxKindLen), jen.Id(m.Code.Name), jen.Lit("patch "+quoted(m.JSON))),
				abort.Clone(),
				kindSwitch(o, "p.Kind", m.Code.Name, jen.Id("vat"), "patch "+m.JSON),
			}
		case shapeIndices:
			what := aOrAn(m.JSON) + " " + m.JSON
			bad := failCall(m.Code.Name, jen.Id("sc.Pos"), jen.Lit(what+" index must be a non-negative integer"))
			body = []jen.Code{
				expect(m, '[', "an array of child indices"),
				jen.Id("sc.Pos").Op("++"),
				jen.Id("p." + m.Field).Op("=").Uint32().Call(jen.Len(jen.Id("l." + m.Arena))),
				listLoop(m.JSON[:1]+"first", what,
					jen.If(jen.Int().Call(jen.Id("p.N"+m.Field)).Op(">=").Add(limitOf(m.Count))).Block(
						jen.Return(failCall(m.Code.Name, jen.Id("sc.Pos"), jen.Lit(m.JSON+" is longer than the tree depth limit of "), itoaOf(limitOf(m.Count)))),
					),
					jen.If(jen.Id("c").Op("<").LitRune('0').Op("||").Id("c").Op(">").LitRune('9')).Block(jen.Return(bad.Clone())),
					jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Id("sc.Index").Call(jen.Lit(1).Op("<<").Lit(30)),
					jen.If(jen.Op("!").Id("ok")).Block(jen.Return(bad.Clone())),
					jen.Id("l."+m.Arena).Op("=").Append(jen.Id("l."+m.Arena), jen.Int32().Call(jen.Id("v"))),
					jen.Id("p.N"+m.Field).Op("++"),
				),
			}
		case shapeNode:
			fields = append(fields, jen.Id(m.Field).Op(":").Lit(-1))
			body = []jen.Code{
				expect(m, '{', "a VNode object"),
				jen.List(jen.Id("n"), jen.Id("ok")).Op(":=").Id("d.node").Call(jen.Id("t"), jen.True()),
				abort.Clone(),
				jen.Id("p." + m.Field).Op("=").Id("n"),
			}
		case shapeString:
			body = []jen.Code{
				expect(m, '"', "a string"),
				jen.List(jen.Id("s"), jen.Id("ok")).Op(":=").Id("d.str").Call(jen.Id("t"), limitOf(m.Limit), jen.Id(m.Limit.Code.Name), jen.Lit(m.What)),
				abort.Clone(),
				jen.Id("p." + m.Field).Op("=").Id("s"),
			}
		case shapeProps:
			body = []jen.Code{
				expect(m, '{', "an object"),
				jen.List(jen.Id("start"), jen.Id("n"), jen.Id("ok")).Op(":=").Id("d.props").Call(jen.Id("t")),
				abort.Clone(),
				jen.List(jen.Id("p."+m.Field), jen.Id("p.N"+m.Field)).Op("=").List(jen.Id("start"), jen.Id("n")),
			}
		case shapeKeys:
			what := aOrAn(m.JSON) + " " + m.JSON
			body = []jen.Code{
				expect(m, '[', "an array of "+m.What+"s"),
				jen.Id("sc.Pos").Op("++"),
				jen.Id("p." + m.Field).Op("=").Uint32().Call(jen.Len(jen.Id("l." + m.Arena))),
				listLoop(m.JSON[:1]+"first", what,
					jen.If(jen.Id("c").Op("!=").LitRune('"')).Block(
						jen.Return(failCall(m.Code.Name, jen.Id("sc.Pos"), jen.Lit(what+" entry must be a string "+m.What))),
					),
					jen.If(jen.Int().Call(jen.Id("p.N"+m.Field)).Op(">=").Add(limitOf(m.Count))).Block(
						jen.Return(failCall(m.Count.Code.Name, jen.Id("sc.Pos"), jen.Lit(m.JSON+" exceeds the limit of "), itoaOf(limitOf(m.Count)), jen.Lit(" "+m.What+"s"))),
					),
					jen.List(jen.Id("s"), jen.Id("ok")).Op(":=").Id("d.str").Call(jen.Id("t"), limitOf(m.Limit), jen.Id(m.Limit.Code.Name), jen.Lit(m.What)),
					abort.Clone(),
					jen.Id("l."+m.Arena).Op("=").Append(jen.Id("l."+m.Arena), jen.Id("s")),
					jen.Id("p.N"+m.Field).Op("++"),
				),
			}
		}
		values = append(values, jen.Case(jen.Id(m.Bit)).Block(body...))
	}
	names = append(names, jen.Default().Block(
		jen.If(jen.Op("!").Id("d.skip").Call()).Block(jen.Return(jen.False())),
		jen.Continue(),
	))
	memberName := func(bits string) *jen.Statement {
		return jen.Id("patchMemberNames").Index(jen.Id("firstBit").Call(jen.Id(bits)))
	}
	decl(f, "patch decodes the patch object at Pos onto l.",
		jen.Func().Params(dRecv.Clone()).Id("patch").Params(jen.Id("l").Op("*").Id("PatchList")).Bool().Block(
			jen.Id("sc").Op(":=").Op("&").Id("d.sc"),
			jen.Id("t").Op(":=").Id("l.Tree"),
			jen.Id("at").Op(":=").Id("sc.Pos"),
			jen.Id("sc.Pos").Op("++"),
			jen.Id("p").Op(":=").Id("Patch").Values(fields...),
			jen.Var().Id("seen").Uint8(),
			jen.For(jen.Id("first").Op(":=").True(), jen.Empty(), jen.Id("first").Op("=").False()).Block(
				jen.Id("c").Op(":=").Id("sc.Peek").Call(),
				jen.If(jen.Id("c").Op("==").LitRune('}')).Block(
					jen.Id("sc.Pos").Op("++"),
					jen.Break(),
				),
				jen.If(jen.Op("!").Id("first")).Block(
					jen.If(jen.Id("c").Op("!=").LitRune(',')).Block(
						jen.Return(failCall("Serialization", jen.Id("sc.Pos"), jen.Lit("expected ',' or '}' in a patch"))),
					),
					jen.Id("sc.Pos").Op("++"),
				),
				jen.List(jen.Id("name"), jen.Id("ok")).Op(":=").Id("d.name").Call(),
				abort.Clone(),
				jen.Var().Id("bit").Uint8(),
				jen.Switch(jen.String().Call(jen.Id("name"))).Block(names...),
				jen.If(jen.Id("seen").Op("&").Id("bit").Op("!=").Lit(0)).Block(
					jen.Return(failCall("InvalidVNode", jen.Id("sc.Pos"), jen.Lit("duplicate member \""), jen.String().Call(jen.Id("name")), jen.Lit("\" in a patch"))),
				),
				jen.Id("vat").Op(":=").Id("sc.Pos"),
				jen.If(jen.Id("d.null").Call()).Block(
					jen.Continue().Comment("null is the same as absent"),
				),
				jen.Id("seen").Op("|=").Id("bit"),
				jen.Switch(jen.Id("bit")).Block(values...),
			),
			jen.If(jen.Id("p.Kind").Op("==").Id("PatchNone")).Block(
				jen.Return(failCall("InvalidVNode", jen.Id("at"), jen.Lit("patch without "+quoted(o.Type.JSON)))),
			),
			jen.If(jen.Id("missing").Op(":=").Id("patchRequired").Index(jen.Id("p.Kind")).Op("&^").Id("seen"), jen.Id("missing").Op("!=").Lit(0)).Block(
				jen.Return(failCall("InvalidVNode", jen.Id("at"), jen.Id("p.Kind.String").Call(), jen.Lit(" patch without \""), memberName("missing"), jen.Lit("\""))),
			),
			jen.If(jen.Id("extra").Op(":=").Id("seen").Op("&^").Id("patchAllowed").Index(jen.Id("p.Kind")), jen.Id("extra").Op("!=").Lit(0)).Block(
				jen.Return(failCall("InvalidVNode", jen.Id("at"), jen.Id("p.Kind.String").Call(), jen.Lit(" patch must not have \""), memberName("extra"), jen.Lit("\""))),
			),
			jen.Id("l.Patches").Op("=").Append(jen.Id("l.Patches"), jen.Id("p")),
			jen.Return(jen.True()),
		))
}
