package main

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/minimact/engine/gen/model"
)

// emit_decode.go writes generated/vdom/decode_gen.go: what the VNode decoder
// takes from the schema. From the model: the member bits and names, the table
// of the members each kind allows, the fast paths that match plainly written
// member and kind names (matchMember, matchKind), the member switch, each
// member's decoding with its limit and code, the required members, the
// kinds that flatten into their parent, and the kind the DOM view joins
// (textOf). The scanner steps, the frame stack, props and the commit of a
// node's children are hand-written beside it (decoder.go, view.go).

func emitDecode(md *model.Model) ([]output, error) {
	f := newVdomFile()
	o := md.Node
	memberBits(f, o, "Member bits of a VNode object.", "memberNames")
	var allowed []jen.Code
	for _, k := range o.Kinds {
		allowed = append(allowed, jen.Id(k.Go).Op(":").Add(bitsOf(append([]*model.Member{o.Type}, o.KindMembers(k)...))))
	}
	decl(f, "allowed lists, per kind, the members that may hold a non-empty value.",
		jen.Var().Id("allowed").Op("=").Index(jen.Op("...")).Uint8().Custom(multiline, allowed...))
	matchers(f, o)
	memberSwitch(f, o)
	decodeValue(f, o)
	decodeFinish(f, o)
	textOf(f, o)
	return renderVdom(f, "decode_gen.go")
}

// memberBits declares the bit of each member of o and the table of their
// JSON names, named names.
func memberBits(f *jen.File, o *model.Object, doc, names string) {
	var defs, list []jen.Code
	for i, m := range o.Members {
		def := jen.Id(m.Bit)
		if i == 0 {
			def.Uint8().Op("=").Lit(1).Op("<<").Iota()
		}
		defs = append(defs, def.Comment(quoted(m.JSON)))
		list = append(list, jen.Lit(m.JSON))
	}
	decl(f, doc, jen.Const().Defs(defs...))
	decl(f, names+" holds the JSON name of each member bit, lowest first.",
		jen.Var().Id(names).Op("=").Index(jen.Op("...")).String().Values(list...))
}

// matchers declares matchMember and matchKind, which recognize plainly
// written member and kind names without reading a string.
func matchers(f *jen.File, o *model.Object) {
	type entry struct {
		text  string // the bytes matched
		value jen.Code
	}
	// match declares a function that switches on the byte after the opening
	// quote, then compares whole names; the window is the longest name plus
	// extra bytes.
	match := func(name, doc string, results []jen.Code, entries []entry, extra int) {
		window := 0
		var firsts []byte
		groups := map[byte][]entry{}
		for _, e := range entries {
			window = max(window, len(e.text)+extra)
			c := e.text[1]
			if groups[c] == nil {
				firsts = append(firsts, c)
			}
			groups[c] = append(groups[c], e)
		}
		var cases []jen.Code
		for _, c := range firsts {
			var body []jen.Code
			for _, e := range groups[c] {
				body = append(body, jen.If(jen.String().Call(jen.Id("rest").Index(jen.Empty(), jen.Lit(len(e.text)))).Op("==").Add(raw(e.text))).Block(
					jen.Return(e.value, jen.Lit(len(e.text))),
				))
			}
			cases = append(cases, jen.Case(jen.LitRune(rune(c))).Block(body...))
		}
		decl(f, doc,
			jen.Func().Id(name).Params(jen.Id("src").Index().Byte(), jen.Id("i").Int()).Params(results...).Block(
				jen.If(jen.Id("i").Op("+").Lit(window).Op(">").Len(jen.Id("src"))).Block(jen.Return(jen.Lit(0), jen.Lit(0))),
				jen.Id("rest").Op(":=").Id("src").Index(jen.Id("i"), jen.Id("i").Op("+").Lit(window)),
				jen.Switch(jen.Id("rest").Index(jen.Lit(1))).Block(cases...),
				jen.Return(jen.Lit(0), jen.Lit(0)),
			))
	}
	var members []entry
	for _, m := range o.Members {
		members = append(members, entry{quoted(m.JSON) + ":", jen.Id(m.Bit)})
	}
	// A value follows the colon, so the window reaches one byte past it.
	match("matchMember", "matchMember recognizes a known member name with its colon, written plainly,\nat Src[i]; other spellings take the general path.",
		[]jen.Code{jen.Id("bit").Uint8(), jen.Id("n").Int()}, members, 1)
	var kinds []entry
	for _, k := range o.Kinds {
		kinds = append(kinds, entry{quoted(k.JSON), jen.Id(k.Go)})
	}
	match("matchKind", "matchKind recognizes a kind name written plainly at Src[i].",
		[]jen.Code{jen.Id("k").Id("Kind"), jen.Id("n").Int()}, kinds, 0)
}

// memberSwitch declares member, which maps a member name read the general
// way to its bit.
func memberSwitch(f *jen.File, o *model.Object) {
	var cases []jen.Code
	for _, m := range o.Members {
		cases = append(cases, jen.Case(jen.Lit(m.JSON)).Block(jen.Id("bit").Op("=").Id(m.Bit)))
	}
	cases = append(cases, jen.Default().Block(jen.Return(sel("d", "skip").Call())))
	decl(f, "member decodes one member of the VNode object of f.",
		jen.Func().Params(dRecv()).Id("member").Params(tTree(), jen.Id("f").Op("*").Id("frame"), jen.Id("name").Index().Byte()).Bool().Block(
			jen.Var().Id("bit").Uint8(),
			jen.Switch(jen.String().Call(jen.Id("name"))).Block(cases...),
			jen.Return(sel("d", "value").Call(jen.Id("t"), jen.Id("f"), jen.Id("bit"))),
		))
}

// kindSwitch is the switch that sets dst from the kind name in the Str s, or
// fails with msg "\"<name>\"".
func kindSwitch(o *model.Object, dst *jen.Statement, code string, at jen.Code, what string) jen.Code {
	var cases []jen.Code
	for _, k := range o.Kinds {
		cases = append(cases, jen.Case(jen.Lit(k.JSON)).Block(dst.Clone().Op("=").Id(k.Go)))
	}
	name := func() *jen.Statement { return jen.String().Call(sel("t", "Bytes").Call(jen.Id("s"))) }
	cases = append(cases, jen.Default().Block(
		jen.Return(failCall(code, at, jen.Lit("unknown "+what+" \""), name(), jen.Lit("\""))),
	))
	return jen.Switch(name()).Block(cases...)
}

// maxKindLen bounds the length of a kind name read the general way.
const maxKindLen = 64

// memberName is the JSON name of the lowest member bit of bits, from the
// table names: memberNames[firstBit(bit)].
func memberName(names string, bits jen.Code) *jen.Statement {
	return jen.Id(names).Index(jen.Id("firstBit").Call(bits))
}

// decodeValue declares value, which decodes the value of a known member.
func decodeValue(f *jen.File, o *model.Object) {
	typ := o.Type
	nd := func(field string) *jen.Statement { return sel("nd", field) }
	setBit := func() *jen.Statement { return sel("f", "set").Op("|=").Id("bit") }
	typeCase := jen.Case(jen.Id(typ.Bit)).Block(
		jen.If(jen.List(jen.Id("k"), jen.Id("n")).Op(":=").Id("matchKind").Call(sel("sc", "Src"), scPos()), jen.Id("k").Op("!=").Id("KindNone")).Block(
			nd("Kind").Op("=").Id("k"),
			scPos().Op("+=").Id("n"),
			jen.Return(jen.True()),
		),
		jen.If(scPeek().Op("!=").LitRune('"')).Block(
			jen.Return(failCall(typ.Code.Name, jen.Id("at"), jen.Lit(quoted(typ.JSON)+" must be a string"))),
		),
		jen.List(jen.Id("s"), jen.Id("ok")).Op(":=").Add(sel("d", "str")).Call(jen.Id("t"), jen.Lit(maxKindLen), jen.Id(typ.Code.Name), jen.Lit(quoted(typ.JSON))),
		jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.False())),
		kindSwitch(o, nd("Kind"), typ.Code.Name, jen.Id("at"), o.Name+" "+typ.JSON),
	)
	cases := []jen.Code{typeCase}

	// strings and optional strings share their check and their end
	strs := o.Shaped(model.ShapeString, model.ShapeOptString)
	if len(strs) > 0 {
		var bits, inner []jen.Code
		for _, m := range strs {
			bits = append(bits, jen.Id(m.Bit))
			read := jen.List(jen.Id("s"), jen.Id("ok")).Op("=").Add(sel("d", "str")).Call(jen.Id("t"), limitOf(m.Limit), jen.Id(m.Limit.Code.Name), jen.Lit(m.What))
			if m.Shape == model.ShapeString {
				inner = append(inner, jen.Case(jen.Id(m.Bit)).Block(read, nd(m.Field).Op("=").Id("s")))
				continue
			}
			// an optional string is set even when empty
			inner = append(inner, jen.Case(jen.Id(m.Bit)).Block(
				read,
				jen.List(nd(m.Field), nd(m.Present)).Op("=").List(jen.Id("s"), jen.True()),
				jen.If(jen.Id("ok")).Block(setBit()),
				jen.Return(jen.Id("ok")),
			))
		}
		cases = append(cases, jen.Case(bits...).Block(
			jen.If(scPeek().Op("!=").LitRune('"')).Block(
				jen.Return(failCall("InvalidVNode", jen.Id("at"), jen.Lit(`"`), memberName("memberNames", jen.Id("bit")), jen.Lit(`" must be a string or null`))),
			),
			jen.Var().Id("s").Id("Str"),
			jen.Var().Id("ok").Bool(),
			jen.Switch(jen.Id("bit")).Block(inner...),
			jen.If(jen.Id("ok").Op("&&").Add(sel("s", "Len")).Op(">").Lit(0)).Block(setBit()),
			jen.Return(jen.Id("ok")),
		))
	}
	for _, m := range o.Shaped(model.ShapeProps) {
		cases = append(cases, jen.Case(jen.Id(m.Bit)).Block(
			jen.If(scPeek().Op("!=").LitRune('{')).Block(
				jen.Return(failCall("InvalidVNode", jen.Id("at"), jen.Lit(quoted(m.JSON)+" must be an object or null"))),
			),
			jen.List(jen.Id("start"), jen.Id("n"), jen.Id("ok")).Op(":=").Add(sel("d", "props")).Call(jen.Id("t")),
			jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.False())),
			jen.Id("nd").Op("=").Op("&").Add(sel("t", "Nodes")).Index(sel("f", "node")),
			jen.List(nd(m.Field), nd("N"+m.Field)).Op("=").List(jen.Id("start"), jen.Id("n")),
			jen.If(jen.Id("n").Op(">").Lit(0)).Block(setBit()),
		))
	}
	kids := o.Children()
	cases = append(cases, jen.Case(jen.Id(kids.Bit)).Block(
		jen.If(scPeek().Op("!=").LitRune('[')).Block(
			jen.Return(failCall("InvalidVNode", jen.Id("at"), jen.Lit(quoted(kids.JSON)+" must be an array or null"))),
		),
		scPos().Op("++"),
		jen.List(sel("f", "inKids"), sel("f", "first")).Op("=").List(jen.True(), jen.True()),
		sel("f", "kidsOpen").Op("=").Uint32().Call(scPos()),
		setBit(),
	))

	decl(f, "value decodes the value of the known member bit.",
		jen.Func().Params(dRecv()).Id("value").Params(tTree(), jen.Id("f").Op("*").Id("frame"), jen.Id("bit").Uint8()).Bool().Block(
			jen.Id("sc").Op(":=").Op("&").Add(sel("d", "sc")),
			jen.If(sel("f", "seen").Op("&").Id("bit").Op("!=").Lit(0)).Block(
				jen.Return(failCall("InvalidVNode", scPos(), jen.Lit("duplicate member \""), memberName("memberNames", jen.Id("bit")), jen.Lit("\""))),
			),
			sel("f", "seen").Op("|=").Id("bit"),
			jen.Id("at").Op(":=").Add(scPos()),
			jen.Comment("A string right after the colon is the common case; anything else"),
			jen.Comment("may be preceded by whitespace, or be null."),
			jen.If(jen.Id("at").Op(">=").Len(sel("sc", "Src")).Op("||").Add(sel("sc", "Src")).Index(jen.Id("at")).Op("!=").LitRune('"')).Block(
				scPeek(),
				jen.Id("at").Op("=").Add(scPos()),
				jen.If(sel("d", "null").Call()).Block(
					jen.If(jen.Id("bit").Op("==").Id(typ.Bit)).Block(
						jen.Return(failCall(typ.Code.Name, jen.Id("at"), jen.Lit(quoted(typ.JSON)+" must be a string"))),
					),
					jen.Return(jen.True()),
				),
				jen.If(sel("sc", "Err").Op("!=").Qual(jsonscanPath, "OK")).Block(
					jen.Return(sel("d", "lexFailed").Call(jen.Id("Serialization"), jen.Lit(""), jen.Lit(0))),
				),
			),
			jen.Id("nd").Op(":=").Op("&").Add(sel("t", "Nodes")).Index(sel("f", "node")),
			jen.Switch(jen.Id("bit")).Block(cases...),
			jen.Return(jen.True()),
		))
}

// decodeFinish declares finish, which checks a closed node against its kind,
// flattens the kinds marked //gen:flatten, and commits the children.
func decodeFinish(f *jen.File, o *model.Object) {
	kids := o.Children()
	nd := func(field string) *jen.Statement { return sel("nd", field) }
	start := func() *jen.Statement { return jen.Int().Call(nd("Start")) }
	failFinish := func(msg ...jen.Code) jen.Code {
		return jen.Return(jen.Lit(-1), jen.False(), failCall("InvalidVNode", start(), msg...))
	}
	body := []jen.Code{
		jen.Id("nd").Op(":=").Op("&").Add(sel("t", "Nodes")).Index(sel("f", "node")),
		nd("End").Op("=").Uint32().Call(sel("d", "sc", "Pos")),
		jen.If(nd("Kind").Op("==").Id("KindNone")).Block(
			failFinish(jen.Lit(o.Name + " without " + quoted(o.Type.JSON))),
		),
		jen.If(jen.Id("extra").Op(":=").Add(sel("f", "set")).Op("&^").Id("allowed").Index(nd("Kind")), jen.Id("extra").Op("!=").Lit(0)).Block(
			jen.If(jen.Id("extra").Op("&").Id(kids.Bit).Op("!=").Lit(0).Op("&&").Int32().Call(jen.Len(sel("d", "pending"))).Op("==").Add(sel("f", "kidBase"))).Block(
				jen.Id("extra").Op("&^=").Id(kids.Bit).Comment("only nulls: nothing is lost"),
			),
			jen.If(jen.Id("extra").Op("!=").Lit(0)).Block(
				failFinish(sel("nd", "Kind", "String").Call(), jen.Lit(" node must not have \""), memberName("memberNames", jen.Id("extra")), jen.Lit("\"")),
			),
		),
	}
	// required members: a string must be non-empty, others present
	for _, k := range o.Kinds {
		for _, m := range o.KindMembers(k) {
			if !m.RequiredBy(k) {
				continue
			}
			var missing *jen.Statement
			switch m.Shape {
			case model.ShapeString:
				missing = sel("nd", m.Field, "Len").Op("==").Lit(0)
			case model.ShapeOptString:
				missing = jen.Op("!").Add(nd(m.Present))
			default:
				missing = sel("f", "set").Op("&").Id(m.Bit).Op("==").Lit(0)
			}
			body = append(body, jen.If(nd("Kind").Op("==").Id(k.Go).Op("&&").Add(missing)).Block(
				failFinish(jen.Lit(k.Name+" without "+quoted(m.JSON))),
			))
		}
	}
	var flat []string
	var isFlat *jen.Statement
	for _, k := range o.Kinds {
		if !k.Flatten {
			continue
		}
		flat = append(flat, k.Name+"s")
		if isFlat == nil {
			isFlat = nd("Kind").Op("==").Id(k.Go)
		} else {
			isFlat.Op("||").Add(nd("Kind")).Op("==").Id(k.Go)
		}
	}
	after := ""
	if isFlat != nil {
		if len(flat) > 1 {
			isFlat = jen.Parens(isFlat)
		}
		body = append(body, jen.If(isFlat.Op("&&").Op("!").Id("root")).Block(
			jen.Return(sel("f", "node"), jen.True(), jen.True()),
		))
		after = " after " + strings.Join(flat, " and ") + " are flattened"
	}
	kidBase := func() *jen.Statement { return sel("f", "kidBase") }
	body = append(body,
		jen.Id("n").Op(":=").Int32().Call(jen.Len(sel("d", "pending"))).Op("-").Add(kidBase()),
		jen.If(jen.Id("n").Op(">").Int32().Call(limitOf(kids.Count))).Block(
			jen.Return(jen.Lit(-1), jen.False(), failCall(kids.Count.Code.Name, start(),
				jen.Lit(kids.JSON+" exceed the limit of "), itoaOf(limitOf(kids.Count)), jen.Lit(after))),
		),
		jen.Return(sel("f", "node"), jen.False(), sel("d", "commit").Call(jen.Id("t"), jen.Id("f"))),
	)
	decl(f, "finish closes the node of f: it checks the members against the kind and\ncommits the children in the decoder's DOM view (commit, which hashes the\nnode). A nested Fragment returns isFrag and leaves its children on pending\nfor its parent.",
		jen.Func().Params(dRecv()).Id("finish").Params(tTree(), jen.Id("f").Op("*").Id("frame"), jen.Id("root").Bool()).
			Params(jen.Id("idx").Int32(), jen.Id("isFrag").Bool(), jen.Id("ok").Bool()).Block(body...))
}

// textOf declares textOf, which gives the hand-written DOM view (view.go) the
// text of a node of the kind it joins and drops: the kind whose member has
// html:"text".
func textOf(f *jen.File, o *model.Object) {
	k, m := o.TextKind()
	decl(f, "textOf returns the text of node nd when it is "+aOrAn(k.Name)+" "+k.Name+" (its html:\"text\"\nmember "+m.Field+"), the kind the HTML view joins and drops, else nil.",
		jen.Func().Id("textOf").Params(jen.Id("nd").Op("*").Id("Node")).Op("*").Id("Str").Block(
			jen.If(sel("nd", "Kind").Op("==").Id(k.Go)).Block(jen.Return(jen.Op("&").Add(sel("nd", m.Field)))),
			jen.Return(jen.Nil()),
		))
}
