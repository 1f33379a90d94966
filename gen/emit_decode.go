package main

import (
	"strings"

	"github.com/dave/jennifer/jen"
	"golang.org/x/tools/go/packages"
)

// emit_decode.go writes generated/vdom/decode_gen.go: the Decoder and the
// VNode tree decoder, which validates while it parses and never recurses,
// then the tree's hashing (computed as each node closes, and Rehash).
//
// From the model: the member bits and names, the table of the members each
// kind allows, the fast paths that match plainly written member and kind names
// (matchMember, matchKind), the member switch, each member's decoding with its
// limit and code, the required members, the kinds that flatten into their
// parent, and what the hash of each kind mixes. The rest (the scanner loop,
// the frame stack, props, hashing) is the same for every schema.

func init() { register("vdom/decode", emitDecode) }

func emitDecode(pkg *packages.Package) ([]output, error) {
	md, err := loadModel(pkg)
	if err != nil {
		return nil, err
	}
	f := newVdomFile()
	decoderTypes(f, md)
	decoderBasics(f, md)
	decodeNodeLoop(f, md)
	matchers(f, md)
	memberSwitch(f, md)
	decodeValue(f, md)
	decodeFinish(f, md)
	decodeProps(f, md)
	hashing(f, md)
	itoaFunc(f)
	return renderVdom(f, "decode_gen.go")
}

// Shorthands for the decoder's code.
var (
	dRecv = jen.Id("d").Op("*").Id("Decoder")
	tTree = jen.Id("t").Op("*").Id("Tree")
)

// lim is the decoder's value of limit l: d.lim.MaxTextLength.
func limitOf(l *limit) *jen.Statement { return jen.Id("d.lim." + l.Name) }

// fail is d.failCall(code, at, msg...), the message parts joined with +.
func failCall(code string, at jen.Code, msg ...jen.Code) *jen.Statement {
	return jen.Id("d.fail").Call(jen.Id(code), at, concat(msg...))
}

// itoaOf is itoa(x).
func itoaOf(x jen.Code) *jen.Statement { return jen.Id("itoa").Call(x) }

// decoderTypes declares Decoder, frame, the member bits and tables.
func decoderTypes(f *jen.File, md *model) {
	decl(f, "Decoder decodes VNode trees and patch lists from JSON, enforcing its Limits\nwhile it parses: nothing recurses, and a document over a limit is rejected\nas soon as the breach is seen. A Decoder reuses its buffers across calls and\nis not safe for concurrent use.",
		jen.Type().Id("Decoder").Struct(
			jen.Id("lim").Id("Limits"),
			jen.Id("sc").Qual(jsonscanPath, "Scanner"),
			jen.Id("frames").Index().Id("frame"),
			jen.Id("pending").Index().Int32(),
			jen.Id("scratch").Index().Byte(),
			jen.Id("nodes").Int(),
			jen.Id("err").Op("*").Id("Error"),
		))
	decl(f, "frame is a VNode object being decoded.",
		jen.Type().Id("frame").Struct(
			jen.Id("node").Int32(),
			jen.Id("kidBase").Int32().Comment("len(pending) when the node was opened"),
			jen.Id("depth").Int32(),
			jen.Id("entries").Int32().Comment("entries of the children array, nulls included"),
			jen.Id("seen").Uint8().Comment("members present"),
			jen.Id("set").Uint8().Comment("members present with a non-empty value"),
			jen.Id("inKids").Bool().Comment("inside the children array"),
			jen.Id("first").Bool().Comment("just after '{' or '['"),
			jen.Comment("kidsOpen and kidsClose bound the children array in Src (just after"),
			jen.Comment("'[', at ']'); 0 when there is none. The node's hash covers its JSON"),
			jen.Comment("outside them, then its (flattened) children's hashes."),
			jen.List(jen.Id("kidsOpen"), jen.Id("kidsClose")).Uint32(),
		))
	memberBits(f, md.Node, "Member bits of a VNode object.", "memberNames")
	o := md.Node
	var allowed []jen.Code
	for _, k := range o.Kinds {
		allowed = append(allowed, jen.Id(k.Go).Op(":").Add(bitsOf(append([]*member{o.Type}, o.kindMembers(k)...))))
	}
	decl(f, "allowed lists, per kind, the members that may hold a non-empty value.",
		jen.Var().Id("allowed").Op("=").Index(jen.Op("...")).Uint8().Custom(multiline, allowed...))
}

// memberBits declares the bit of each member of o and the table of their
// JSON names, named names.
func memberBits(f *jen.File, o *object, doc, names string) {
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

// decoderBasics declares the entry points and the small steps every decoder
// function uses.
func decoderBasics(f *jen.File, md *model) {
	docLim, depth, nodes := md.limitByBounds("document"), md.limitByBounds("depth"), md.limitByBounds("nodes")
	decl(f, "NewDecoder returns a decoder enforcing l; zero fields take their defaults.",
		jen.Func().Id("NewDecoder").Params(jen.Id("l").Id("Limits")).Op("*").Id("Decoder").Block(
			jen.Return(jen.Op("&").Id("Decoder").Values(jen.Id("lim").Op(":").Id("l.withDefaults").Call())),
		))
	decl(f, "Limits returns the limits the decoder enforces.",
		jen.Func().Params(dRecv.Clone()).Id("Limits").Params().Id("Limits").Block(jen.Return(jen.Id("d.lim"))))
	decl(f, "begin starts decoding src, after checking its size and that it holds\nsomething.",
		jen.Func().Params(dRecv.Clone()).Id("begin").Params(jen.Id("src").Index().Byte()).Bool().Block(
			jen.Id("d.sc.Reset").Call(jen.Id("src")),
			jen.List(jen.Id("d.frames"), jen.Id("d.pending"), jen.Id("d.scratch"), jen.Id("d.nodes"), jen.Id("d.err")).Op("=").
				List(jen.Id("d.frames").Index(jen.Empty(), jen.Lit(0)), jen.Id("d.pending").Index(jen.Empty(), jen.Lit(0)),
					jen.Id("d.scratch").Index(jen.Empty(), jen.Lit(0)), jen.Lit(0), jen.Nil()),
			jen.If(jen.Len(jen.Id("src")).Op(">").Add(limitOf(docLim))).Block(
				failCall(docLim.Code.Name, jen.Lit(0), jen.Lit("JSON document of "), itoaOf(jen.Len(jen.Id("src"))),
					jen.Lit(" bytes exceeds the limit of "), itoaOf(limitOf(docLim))),
				jen.Return(jen.False()),
			),
			jen.If(jen.Id("d.sc.Peek").Call().Op("==").Lit(0).Op("&&").Id("d.sc.Pos").Op("==").Len(jen.Id("src"))).Block(
				failCall("Serialization", jen.Lit(0), jen.Lit("empty JSON document")),
				jen.Return(jen.False()),
			),
			jen.Return(jen.True()),
		))
	decl(f, "end checks that nothing but whitespace follows the decoded value.",
		jen.Func().Params(dRecv.Clone()).Id("end").Params().Bool().Block(
			jen.If(jen.Id("d.sc.Peek").Call(), jen.Id("d.sc.Pos").Op("!=").Len(jen.Id("d.sc.Src"))).Block(
				failCall("Serialization", jen.Id("d.sc.Pos"), jen.Lit("unexpected data after the JSON value")),
				jen.Return(jen.False()),
			),
			jen.Return(jen.True()),
		))
	decl(f, "DecodeTree decodes src, a VNode, into t (which is reset first). t.Src is\nsrc: t views it, and is valid only while src is unchanged.",
		jen.Func().Params(dRecv.Clone()).Id("DecodeTree").Params(jen.Id("src").Index().Byte(), tTree.Clone()).Error().Block(
			jen.Id("t.Reset").Call(),
			jen.Id("t.Src").Op("=").Id("src"),
			jen.If(jen.Op("!").Id("d.begin").Call(jen.Id("src"))).Block(jen.Return(jen.Id("d.err"))),
			jen.If(jen.Id("d.sc.Peek").Call().Op("!=").LitRune('{')).Block(
				failCall("InvalidVNode", jen.Id("d.sc.Pos"), jen.Lit("the root must be a VNode object")),
				jen.Return(jen.Id("d.err")),
			),
			jen.List(jen.Id("root"), jen.Id("ok")).Op(":=").Id("d.node").Call(jen.Id("t"), jen.True()),
			jen.If(jen.Op("!").Id("ok").Op("||").Op("!").Id("d.end").Call()).Block(jen.Return(jen.Id("d.err"))),
			jen.Id("t.Root").Op("=").Id("root"),
			jen.Return(jen.Nil()),
		))
	decl(f, "fail records the first error of a decode and returns false.",
		jen.Func().Params(dRecv.Clone()).Id("fail").Params(jen.Id("code").Id("Code"), jen.Id("off").Int(), jen.Id("msg").String()).Bool().Block(
			jen.If(jen.Id("d.err").Op("==").Nil()).Block(
				jen.Id("d.err").Op("=").Op("&").Id("Error").Values(
					jen.Id("Code").Op(":").Id("code"), jen.Id("Message").Op(":").Id("msg"),
					jen.Id("Offset").Op(":").Id("off"), jen.Id("Patch").Op(":").Lit(-1)),
			),
			jen.Return(jen.False()),
		))
	lexCase := func(kind, code string, msg ...jen.Code) jen.Code {
		return jen.Case(jen.Qual(jsonscanPath, kind)).Block(jen.Return(failCall(code, jen.Id("d.sc.ErrPos"), msg...)))
	}
	decl(f, "lexFailed turns the scanner's failure into a coded error. tooLong is the\ncode of an over-long string; what names it.",
		jen.Func().Params(dRecv.Clone()).Id("lexFailed").Params(jen.Id("tooLong").Id("Code"), jen.Id("what").String(), jen.Id("max").Int()).Bool().Block(
			jen.Switch(jen.Id("d.sc.Err")).Block(
				lexCase("BadUTF8", "InvalidUtf8", jen.Lit("invalid UTF-8 in a string")),
				lexCase("TooLong", "tooLong", jen.Id("what"), jen.Lit(" exceeds the limit of "), itoaOf(jen.Id("max")), jen.Lit(" bytes")),
				lexCase("TooDeep", depth.Code.Name, jen.Lit("an ignored member nests deeper than "), itoaOf(limitOf(depth))),
			),
			jen.Return(failCall("Serialization", jen.Id("d.sc.ErrPos"), jen.Lit("malformed JSON"))),
		))
	decl(f, "str reads a string value into t.",
		jen.Func().Params(dRecv.Clone()).Id("str").Params(tTree.Clone(), jen.Id("max").Int(), jen.Id("tooLong").Id("Code"), jen.Id("what").String()).Params(jen.Id("Str"), jen.Bool()).Block(
			jen.Comment("fast path: plain ASCII without escapes is a view of Src"),
			jen.If(jen.Id("i").Op(":=").Id("d.sc.Pos"), jen.Id("i").Op("<").Len(jen.Id("d.sc.Src")).Op("&&").Id("d.sc.Src").Index(jen.Id("i")).Op("==").LitRune('"')).Block(
				jen.If(jen.List(jen.Id("end"), jen.Id("plain")).Op(":=").Qual(jsonscanPath, "PlainString").Call(jen.Id("d.sc.Src"), jen.Id("i")), jen.Id("plain").Op("&&").Id("end").Op("-").Id("i").Op("-").Lit(1).Op("<=").Id("max")).Block(
					jen.Id("d.sc.Pos").Op("=").Id("end").Op("+").Lit(1),
					jen.Return(jen.Id("Str").Values(jen.Id("Off").Op(":").Uint32().Call(jen.Id("i").Op("+").Lit(1)), jen.Id("Len").Op(":").Uint32().Call(jen.Id("end").Op("-").Id("i").Op("-").Lit(1))), jen.True()),
				),
			),
			jen.List(jen.Id("off"), jen.Id("n"), jen.Id("esc"), jen.Id("k")).Op(":=").Id("d.sc.String").Call(jen.Op("&").Id("t.Buf"), jen.Id("max")),
			jen.If(jen.Id("k").Op("!=").Qual(jsonscanPath, "OK")).Block(
				jen.Return(jen.Id("Str").Values(), jen.Id("d.lexFailed").Call(jen.Id("tooLong"), jen.Id("what"), jen.Id("max"))),
			),
			jen.If(jen.Id("esc")).Block(
				jen.Return(jen.Id("Str").Values(jen.Id("Off").Op(":").Uint32().Call(jen.Id("off")).Op("|").Id("bufBit"), jen.Id("Len").Op(":").Uint32().Call(jen.Id("n"))), jen.True()),
			),
			jen.Return(jen.Id("Str").Values(jen.Id("Off").Op(":").Uint32().Call(jen.Id("off")), jen.Id("Len").Op(":").Uint32().Call(jen.Id("n"))), jen.True()),
		))
	maxName := jen.Lit(1).Op("<<").Lit(20)
	decl(f, "name reads a member name into the decoder's scratch space.",
		jen.Func().Params(dRecv.Clone()).Id("name").Params().Params(jen.Index().Byte(), jen.Bool()).Block(
			jen.If(jen.Id("d.sc.Peek").Call().Op("!=").LitRune('"')).Block(
				jen.Return(jen.Nil(), failCall("Serialization", jen.Id("d.sc.Pos"), jen.Lit("expected a member name"))),
			),
			jen.Id("d.scratch").Op("=").Id("d.scratch").Index(jen.Empty(), jen.Lit(0)),
			jen.List(jen.Id("off"), jen.Id("n"), jen.Id("esc"), jen.Id("k")).Op(":=").Id("d.sc.String").Call(jen.Op("&").Id("d.scratch"), maxName.Clone()),
			jen.If(jen.Id("k").Op("!=").Qual(jsonscanPath, "OK")).Block(
				jen.Return(jen.Nil(), jen.Id("d.lexFailed").Call(jen.Id("Serialization"), jen.Lit("a member name"), maxName.Clone())),
			),
			jen.If(jen.Op("!").Id("d.sc.Expect").Call(jen.LitRune(':'))).Block(
				jen.Return(jen.Nil(), failCall("Serialization", jen.Id("d.sc.Pos"), jen.Lit("expected ':' after a member name"))),
			),
			jen.If(jen.Id("esc")).Block(
				jen.Return(jen.Id("d.scratch").Index(jen.Id("off"), jen.Id("off+n")), jen.True()),
			),
			jen.Return(jen.Id("d.sc.Src").Index(jen.Id("off"), jen.Id("off+n")), jen.True()),
		))
	decl(f, "skip skips an ignored member's value.",
		jen.Func().Params(dRecv.Clone()).Id("skip").Params().Bool().Block(
			jen.If(jen.Id("d.sc.Skip").Call(limitOf(depth)).Op("!=").Qual(jsonscanPath, "OK")).Block(
				jen.Return(jen.Id("d.lexFailed").Call(jen.Id("Serialization"), jen.Lit(""), jen.Lit(0))),
			),
			jen.Return(jen.True()),
		))
	decl(f, "null consumes a null if one is next.",
		jen.Func().Params(dRecv.Clone()).Id("null").Params().Bool().Block(
			jen.If(jen.Id("d.sc.Peek").Call().Op("==").LitRune('n')).Block(
				jen.Return(jen.Id("d.sc.Literal").Call(jen.Lit("null"))),
			),
			jen.Return(jen.False()),
		))
	decl(f, "open starts the VNode object at Pos.",
		jen.Func().Params(dRecv.Clone()).Id("open").Params(tTree.Clone(), jen.Id("depth").Int()).Bool().Block(
			jen.If(jen.Id("depth").Op(">").Add(limitOf(depth))).Block(
				jen.Return(failCall(depth.Code.Name, jen.Id("d.sc.Pos"), jen.Lit("tree depth exceeds the limit of "), itoaOf(limitOf(depth)))),
			),
			jen.If(jen.Id("d.nodes").Op("++"), jen.Id("d.nodes").Op(">").Add(limitOf(nodes))).Block(
				jen.Return(failCall(nodes.Code.Name, jen.Id("d.sc.Pos"), jen.Lit("node count exceeds the limit of "), itoaOf(limitOf(nodes)))),
			),
			jen.Id("t.Nodes").Op("=").Append(jen.Id("t.Nodes"), jen.Id("Node").Values(jen.Id("Start").Op(":").Uint32().Call(jen.Id("d.sc.Pos")))),
			jen.Id("d.sc.Pos").Op("++"),
			jen.Id("d.frames").Op("=").Append(jen.Id("d.frames"), jen.Id("frame").Custom(multiline,
				jen.Id("node").Op(":").Int32().Call(jen.Len(jen.Id("t.Nodes")).Op("-").Lit(1)),
				jen.Id("kidBase").Op(":").Int32().Call(jen.Len(jen.Id("d.pending"))),
				jen.Id("depth").Op(":").Int32().Call(jen.Id("depth")),
				jen.Id("first").Op(":").True(),
			)),
			jen.Return(jen.True()),
		))
}

// decodeNodeLoop declares node, the loop that decodes a VNode and its
// descendants with an explicit stack of frames.
func decodeNodeLoop(f *jen.File, md *model) {
	kids := md.Node.children()
	failNode := func(code string, at jen.Code, msg ...jen.Code) jen.Code {
		return jen.Return(jen.Lit(-1), failCall(code, at, msg...))
	}
	inKids := jen.If(jen.Id("f.inKids")).Block(
		jen.Id("c").Op(":=").Id("sc.Peek").Call(),
		jen.If(jen.Id("c").Op("==").LitRune(']')).Block(
			jen.Id("f.kidsClose").Op("=").Uint32().Call(jen.Id("sc.Pos")),
			jen.Id("sc.Pos").Op("++"),
			jen.List(jen.Id("f.inKids"), jen.Id("f.first")).Op("=").List(jen.False(), jen.False()),
			jen.Continue(),
		),
		jen.If(jen.Op("!").Id("f.first")).Block(
			jen.If(jen.Id("c").Op("!=").LitRune(',')).Block(
				failNode("Serialization", jen.Id("sc.Pos"), jen.Lit("expected ',' or ']' in "+kids.JSON)),
			),
			jen.Id("sc.Pos").Op("++"),
			jen.Id("c").Op("=").Id("sc.Peek").Call(),
		),
		jen.Id("f.first").Op("=").False(),
		jen.If(jen.Id("f.entries").Op("++"), jen.Int().Call(jen.Id("f.entries")).Op(">").Add(limitOf(kids.Count))).Block(
			failNode(kids.Count.Code.Name, jen.Id("sc.Pos"), jen.Lit(kids.JSON+" exceed the limit of "), itoaOf(limitOf(kids.Count))),
		),
		jen.Switch(jen.Id("c")).Block(
			jen.Case(jen.LitRune('n')).Block(
				jen.If(jen.Op("!").Id("sc.Literal").Call(jen.Lit("null"))).Block(
					failNode("Serialization", jen.Id("sc.Pos"), jen.Lit("malformed JSON")),
				),
			),
			jen.Case(jen.LitRune('{')).Block(
				jen.If(jen.Op("!").Id("d.open").Call(jen.Id("t"), jen.Int().Call(jen.Id("f.depth")).Op("+").Lit(1))).Block(
					jen.Return(jen.Lit(-1), jen.False()),
				),
			),
			jen.Default().Block(
				failNode("InvalidVNode", jen.Id("sc.Pos"), jen.Lit("a child must be a VNode object or null")),
			),
		),
		jen.Continue(),
	)
	closeNode := jen.If(jen.Id("c").Op("==").LitRune('}')).Block(
		jen.Id("sc.Pos").Op("++"),
		jen.List(jen.Id("idx"), jen.Id("isFrag"), jen.Id("ok")).Op(":=").Id("d.finish").Call(jen.Id("t"), jen.Id("f"),
			jen.Id("keepFragment").Op("&&").Len(jen.Id("d.frames")).Op("==").Id("base").Op("+").Lit(1)),
		jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Lit(-1), jen.False())),
		jen.Id("d.frames").Op("=").Id("d.frames").Index(jen.Empty(), jen.Len(jen.Id("d.frames")).Op("-").Lit(1)),
		jen.If(jen.Len(jen.Id("d.frames")).Op("==").Id("base")).Block(jen.Return(jen.Id("idx"), jen.True())),
		jen.If(jen.Op("!").Id("isFrag")).Block(
			jen.Id("d.pending").Op("=").Append(jen.Id("d.pending"), jen.Id("idx")),
		),
		jen.Continue(),
	)
	decl(f, "node decodes the VNode object at Pos and returns its index. A Fragment is\nkept as a node, with its children committed, only when it is the document's\nroot (keepFragment); nested Fragments leave their children on pending.",
		jen.Func().Params(dRecv.Clone()).Id("node").Params(tTree.Clone(), jen.Id("keepFragment").Bool()).Params(jen.Int32(), jen.Bool()).Block(
			jen.Id("base").Op(":=").Len(jen.Id("d.frames")),
			jen.If(jen.Op("!").Id("d.open").Call(jen.Id("t"), jen.Lit(0))).Block(jen.Return(jen.Lit(-1), jen.False())),
			jen.Id("sc").Op(":=").Op("&").Id("d.sc"),
			jen.For().Block(
				jen.Id("f").Op(":=").Op("&").Id("d.frames").Index(jen.Len(jen.Id("d.frames")).Op("-").Lit(1)),
				inKids,
				jen.Id("c").Op(":=").Id("sc.Peek").Call(),
				closeNode,
				jen.If(jen.Op("!").Id("f.first")).Block(
					jen.If(jen.Id("c").Op("!=").LitRune(',')).Block(
						failNode("Serialization", jen.Id("sc.Pos"), jen.Lit("expected ',' or '}' in a VNode")),
					),
					jen.Id("sc.Pos").Op("++"),
				),
				jen.Id("f.first").Op("=").False(),
				jen.If(jen.List(jen.Id("bit"), jen.Id("n")).Op(":=").Id("matchMember").Call(jen.Id("sc.Src"), jen.Id("sc.Pos")), jen.Id("bit").Op("!=").Lit(0)).Block(
					jen.Id("sc.Pos").Op("+=").Id("n"),
					jen.If(jen.Op("!").Id("d.value").Call(jen.Id("t"), jen.Id("f"), jen.Id("bit"))).Block(jen.Return(jen.Lit(-1), jen.False())),
					jen.Continue(),
				),
				jen.List(jen.Id("name"), jen.Id("ok")).Op(":=").Id("d.name").Call(),
				jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Lit(-1), jen.False())),
				jen.If(jen.Op("!").Id("d.member").Call(jen.Id("t"), jen.Id("f"), jen.Id("name"))).Block(jen.Return(jen.Lit(-1), jen.False())),
			),
		))
}

// matchers declares matchMember and matchKind, which recognize plainly
// written member and kind names without reading a string.
func matchers(f *jen.File, md *model) {
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
	for _, m := range md.Node.Members {
		members = append(members, entry{quoted(m.JSON) + ":", jen.Id(m.Bit)})
	}
	// A value follows the colon, so the window reaches one byte past it.
	match("matchMember", "matchMember recognizes a known member name with its colon, written plainly,\nat Src[i]; other spellings take the general path.",
		[]jen.Code{jen.Id("bit").Uint8(), jen.Id("n").Int()}, members, 1)
	var kinds []entry
	for _, k := range md.Node.Kinds {
		kinds = append(kinds, entry{quoted(k.JSON), jen.Id(k.Go)})
	}
	match("matchKind", "matchKind recognizes a kind name written plainly at Src[i].",
		[]jen.Code{jen.Id("k").Id("Kind"), jen.Id("n").Int()}, kinds, 0)
}

// memberSwitch declares member, which maps a member name read the general
// way to its bit.
func memberSwitch(f *jen.File, md *model) {
	var cases []jen.Code
	for _, m := range md.Node.Members {
		cases = append(cases, jen.Case(jen.Lit(m.JSON)).Block(jen.Id("bit").Op("=").Id(m.Bit)))
	}
	cases = append(cases, jen.Default().Block(jen.Return(jen.Id("d.skip").Call())))
	decl(f, "member decodes one member of the VNode object of f.",
		jen.Func().Params(dRecv.Clone()).Id("member").Params(tTree.Clone(), jen.Id("f").Op("*").Id("frame"), jen.Id("name").Index().Byte()).Bool().Block(
			jen.Var().Id("bit").Uint8(),
			jen.Switch(jen.String().Call(jen.Id("name"))).Block(cases...),
			jen.Return(jen.Id("d.value").Call(jen.Id("t"), jen.Id("f"), jen.Id("bit"))),
		))
}

// kindSwitch is the switch that sets dst from the kind name in the Str s, or
// fails with msg "\"<name>\"".
func kindSwitch(o *object, dst string, code string, at jen.Code, what string) jen.Code {
	var cases []jen.Code
	for _, k := range o.Kinds {
		cases = append(cases, jen.Case(jen.Lit(k.JSON)).Block(jen.Id(dst).Op("=").Id(k.Go)))
	}
	name := jen.String().Call(jen.Id("t.Bytes").Call(jen.Id("s")))
	cases = append(cases, jen.Default().Block(
		jen.Return(failCall(code, at, jen.Lit("unknown "+what+" \""), name, jen.Lit("\""))),
	))
	return jen.Switch(name.Clone()).Block(cases...)
}

// maxKindLen bounds the length of a kind name read the general way.
const maxKindLen = 64

// decodeValue declares value, which decodes the value of a known member.
func decodeValue(f *jen.File, md *model) {
	o := md.Node
	typ := o.Type
	typeCase := jen.Case(jen.Id(typ.Bit)).Block(
		jen.If(jen.List(jen.Id("k"), jen.Id("n")).Op(":=").Id("matchKind").Call(jen.Id("sc.Src"), jen.Id("sc.Pos")), jen.Id("k").Op("!=").Id("KindNone")).Block(
			jen.Id("nd.Kind").Op("=").Id("k"),
			jen.Id("sc.Pos").Op("+=").Id("n"),
			jen.Return(jen.True()),
		),
		jen.If(jen.Id("sc.Peek").Call().Op("!=").LitRune('"')).Block(
			jen.Return(failCall(typ.Code.Name, jen.Id("at"), jen.Lit(quoted(typ.JSON)+" must be a string"))),
		),
		jen.List(jen.Id("s"), jen.Id("ok")).Op(":=").Id("d.str").Call(jen.Id("t"), jen.Lit(maxKindLen), jen.Id(typ.Code.Name), jen.Lit(quoted(typ.JSON))),
		jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.False())),
		kindSwitch(o, "nd.Kind", typ.Code.Name, jen.Id("at"), o.Name+" "+typ.JSON),
	)
	cases := []jen.Code{typeCase}

	// strings and optional strings share their check and their end
	strs := o.shaped(shapeString, shapeOptString)
	if len(strs) > 0 {
		var bits, inner []jen.Code
		for _, m := range strs {
			bits = append(bits, jen.Id(m.Bit))
			read := jen.List(jen.Id("s"), jen.Id("ok")).Op("=").Id("d.str").Call(jen.Id("t"), limitOf(m.Limit), jen.Id(m.Limit.Code.Name), jen.Lit(m.What))
			if m.Shape == shapeString {
				inner = append(inner, jen.Case(jen.Id(m.Bit)).Block(read, jen.Id("nd."+m.Field).Op("=").Id("s")))
				continue
			}
			// an optional string is set even when empty
			inner = append(inner, jen.Case(jen.Id(m.Bit)).Block(
				read,
				jen.List(jen.Id("nd."+m.Field), jen.Id("nd."+m.Present)).Op("=").List(jen.Id("s"), jen.True()),
				jen.If(jen.Id("ok")).Block(jen.Id("f.set").Op("|=").Id("bit")),
				jen.Return(jen.Id("ok")),
			))
		}
		cases = append(cases, jen.Case(bits...).Block(
			jen.If(jen.Id("sc.Peek").Call().Op("!=").LitRune('"')).Block(
				jen.Return(failCall("InvalidVNode", jen.Id("at"), jen.Lit(`"`), jen.Id("memberNames").Index(jen.Id("firstBit").Call(jen.Id("bit"))), jen.Lit(`" must be a string or null`))),
			),
			jen.Var().Id("s").Id("Str"),
			jen.Var().Id("ok").Bool(),
			jen.Switch(jen.Id("bit")).Block(inner...),
			jen.If(jen.Id("ok").Op("&&").Id("s.Len").Op(">").Lit(0)).Block(jen.Id("f.set").Op("|=").Id("bit")),
			jen.Return(jen.Id("ok")),
		))
	}
	for _, m := range o.shaped(shapeProps) {
		cases = append(cases, jen.Case(jen.Id(m.Bit)).Block(
			jen.If(jen.Id("sc.Peek").Call().Op("!=").LitRune('{')).Block(
				jen.Return(failCall("InvalidVNode", jen.Id("at"), jen.Lit(quoted(m.JSON)+" must be an object or null"))),
			),
			jen.List(jen.Id("start"), jen.Id("n"), jen.Id("ok")).Op(":=").Id("d.props").Call(jen.Id("t")),
			jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.False())),
			jen.Id("nd").Op("=").Op("&").Id("t.Nodes").Index(jen.Id("f.node")),
			jen.List(jen.Id("nd."+m.Field), jen.Id("nd.N"+m.Field)).Op("=").List(jen.Id("start"), jen.Id("n")),
			jen.If(jen.Id("n").Op(">").Lit(0)).Block(jen.Id("f.set").Op("|=").Id("bit")),
		))
	}
	kids := o.children()
	cases = append(cases, jen.Case(jen.Id(kids.Bit)).Block(
		jen.If(jen.Id("sc.Peek").Call().Op("!=").LitRune('[')).Block(
			jen.Return(failCall("InvalidVNode", jen.Id("at"), jen.Lit(quoted(kids.JSON)+" must be an array or null"))),
		),
		jen.Id("sc.Pos").Op("++"),
		jen.List(jen.Id("f.inKids"), jen.Id("f.first")).Op("=").List(jen.True(), jen.True()),
		jen.Id("f.kidsOpen").Op("=").Uint32().Call(jen.Id("sc.Pos")),
		jen.Id("f.set").Op("|=").Id("bit"),
	))

	decl(f, "value decodes the value of the known member bit.",
		jen.Func().Params(dRecv.Clone()).Id("value").Params(tTree.Clone(), jen.Id("f").Op("*").Id("frame"), jen.Id("bit").Uint8()).Bool().Block(
			jen.Id("sc").Op(":=").Op("&").Id("d.sc"),
			jen.If(jen.Id("f.seen").Op("&").Id("bit").Op("!=").Lit(0)).Block(
				jen.Return(failCall("InvalidVNode", jen.Id("sc.Pos"), jen.Lit("duplicate member \""), jen.Id("memberNames").Index(jen.Id("firstBit").Call(jen.Id("bit"))), jen.Lit("\""))),
			),
			jen.Id("f.seen").Op("|=").Id("bit"),
			jen.Id("at").Op(":=").Id("sc.Pos"),
			jen.Comment("A string right after the colon is the common case; anything else"),
			jen.Comment("may be preceded by whitespace, or be null."),
			jen.If(jen.Id("at").Op(">=").Len(jen.Id("sc.Src")).Op("||").Id("sc.Src").Index(jen.Id("at")).Op("!=").LitRune('"')).Block(
				jen.Id("sc.Peek").Call(),
				jen.Id("at").Op("=").Id("sc.Pos"),
				jen.If(jen.Id("d.null").Call()).Block(
					jen.If(jen.Id("bit").Op("==").Id(typ.Bit)).Block(
						jen.Return(failCall(typ.Code.Name, jen.Id("at"), jen.Lit(quoted(typ.JSON)+" must be a string"))),
					),
					jen.Return(jen.True()),
				),
				jen.If(jen.Id("sc.Err").Op("!=").Qual(jsonscanPath, "OK")).Block(
					jen.Return(jen.Id("d.lexFailed").Call(jen.Id("Serialization"), jen.Lit(""), jen.Lit(0))),
				),
			),
			jen.Id("nd").Op(":=").Op("&").Id("t.Nodes").Index(jen.Id("f.node")),
			jen.Switch(jen.Id("bit")).Block(cases...),
			jen.Return(jen.True()),
		))
}

// decodeFinish declares finish, which checks a closed node against its kind,
// and firstBit.
func decodeFinish(f *jen.File, md *model) {
	o := md.Node
	kids := o.children()
	failFinish := func(msg ...jen.Code) jen.Code {
		return jen.Return(jen.Lit(-1), jen.False(), failCall("InvalidVNode", jen.Int().Call(jen.Id("nd.Start")), msg...))
	}
	body := []jen.Code{
		jen.Id("nd").Op(":=").Op("&").Id("t.Nodes").Index(jen.Id("f.node")),
		jen.Id("nd.End").Op("=").Uint32().Call(jen.Id("d.sc.Pos")),
		jen.If(jen.Id("nd.Kind").Op("==").Id("KindNone")).Block(
			failFinish(jen.Lit(o.Name + " without " + quoted(o.Type.JSON))),
		),
		jen.If(jen.Id("extra").Op(":=").Id("f.set").Op("&^").Id("allowed").Index(jen.Id("nd.Kind")), jen.Id("extra").Op("!=").Lit(0)).Block(
			jen.If(jen.Id("extra").Op("&").Id(kids.Bit).Op("!=").Lit(0).Op("&&").Int32().Call(jen.Len(jen.Id("d.pending"))).Op("==").Id("f.kidBase")).Block(
				jen.Id("extra").Op("&^=").Id(kids.Bit).Comment("only nulls: nothing is lost"),
			),
			jen.If(jen.Id("extra").Op("!=").Lit(0)).Block(
				failFinish(jen.Id("nd.Kind.String").Call(), jen.Lit(" node must not have \""), jen.Id("memberNames").Index(jen.Id("firstBit").Call(jen.Id("extra"))), jen.Lit("\"")),
			),
		),
	}
	// required members: a string must be non-empty, others present
	for _, k := range o.Kinds {
		for _, m := range o.kindMembers(k) {
			if !m.requiredBy(k) {
				continue
			}
			var missing *jen.Statement
			switch m.Shape {
			case shapeString:
				missing = jen.Id("nd." + m.Field + ".Len").Op("==").Lit(0)
			case shapeOptString:
				missing = jen.Op("!").Id("nd." + m.Present)
			default:
				missing = jen.Id("f.set").Op("&").Id(m.Bit).Op("==").Lit(0)
			}
			body = append(body, jen.If(jen.Id("nd.Kind").Op("==").Id(k.Go).Op("&&").Add(missing)).Block(
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
			isFlat = jen.Id("nd.Kind").Op("==").Id(k.Go)
		} else {
			isFlat.Op("||").Id("nd.Kind").Op("==").Id(k.Go)
		}
	}
	after := ""
	if isFlat != nil {
		if len(flat) > 1 {
			isFlat = jen.Parens(isFlat)
		}
		body = append(body, jen.If(isFlat.Op("&&").Op("!").Id("root")).Block(
			jen.Return(jen.Id("f.node"), jen.True(), jen.True()),
		))
		after = " after " + strings.Join(flat, " and ") + " are flattened"
	}
	body = append(body,
		jen.Id("n").Op(":=").Int32().Call(jen.Len(jen.Id("d.pending"))).Op("-").Id("f.kidBase"),
		jen.If(jen.Id("n").Op(">").Int32().Call(limitOf(kids.Count))).Block(
			jen.Return(jen.Lit(-1), jen.False(), failCall(kids.Count.Code.Name, jen.Int().Call(jen.Id("nd.Start")),
				jen.Lit(kids.JSON+" exceed the limit of "), itoaOf(limitOf(kids.Count)), jen.Lit(after))),
		),
		jen.List(jen.Id("nd.Kids"), jen.Id("nd.NKids")).Op("=").List(jen.Uint32().Call(jen.Len(jen.Id("t.Kids"))), jen.Uint32().Call(jen.Id("n"))),
		jen.Id("t.Kids").Op("=").Append(jen.Id("t.Kids"), jen.Id("d.pending").Index(jen.Id("f.kidBase"), jen.Empty()).Op("...")),
		jen.Id("d.pending").Op("=").Id("d.pending").Index(jen.Empty(), jen.Id("f.kidBase")),
		jen.Id("nd.Hash").Op("=").Id("t.hashSpan").Call(jen.Id("nd"), jen.Id("f.kidsOpen"), jen.Id("f.kidsClose")),
		jen.Return(jen.Id("f.node"), jen.False(), jen.True()),
	)
	decl(f, "finish closes the node of f: it checks the members against the kind,\ncommits the children and computes the hash. A nested Fragment returns\nisFrag and leaves its children on pending for its parent.",
		jen.Func().Params(dRecv.Clone()).Id("finish").Params(tTree.Clone(), jen.Id("f").Op("*").Id("frame"), jen.Id("root").Bool()).
			Params(jen.Id("idx").Int32(), jen.Id("isFrag").Bool(), jen.Id("ok").Bool()).Block(body...))
	decl(f, "firstBit returns the number of the lowest bit set in m.",
		jen.Func().Id("firstBit").Params(jen.Id("m").Uint8()).Int().Block(
			jen.For(jen.Id("i").Op(":=").Lit(0), jen.Id("i").Op("<").Lit(8), jen.Id("i").Op("++")).Block(
				jen.If(jen.Id("m").Op("&").Parens(jen.Lit(1).Op("<<").Id("i")).Op("!=").Lit(0)).Block(jen.Return(jen.Id("i"))),
			),
			jen.Return(jen.Lit(0)),
		))
}

// decodeProps declares props, which every props member of VNode and Patch
// decodes with, and SortProps.
func decodeProps(f *jen.File, md *model) {
	p := md.Node.shaped(shapeProps)[0]
	failProps := func(code string, at jen.Code, msg ...jen.Code) jen.Code {
		return jen.Return(jen.Lit(0), jen.Lit(0), failCall(code, at, msg...))
	}
	abort := jen.Return(jen.Lit(0), jen.Lit(0), jen.False())
	decl(f, "props decodes a props object onto t.Props, sorted by name, and returns its\nrange.",
		jen.Func().Params(dRecv.Clone()).Id("props").Params(tTree.Clone()).Params(jen.List(jen.Id("start"), jen.Id("n")).Uint32(), jen.Id("ok").Bool()).Block(
			jen.Id("sc").Op(":=").Op("&").Id("d.sc"),
			jen.Id("sc.Pos").Op("++"),
			jen.Id("first").Op(":=").Len(jen.Id("t.Props")),
			jen.For().Block(
				jen.Id("c").Op(":=").Id("sc.Peek").Call(),
				jen.If(jen.Id("c").Op("==").LitRune('}')).Block(
					jen.Id("sc.Pos").Op("++"),
					jen.Break(),
				),
				jen.If(jen.Len(jen.Id("t.Props")).Op(">").Id("first")).Block(
					jen.If(jen.Id("c").Op("!=").LitRune(',')).Block(
						failProps("Serialization", jen.Id("sc.Pos"), jen.Lit("expected ',' or '}' in "+p.JSON)),
					),
					jen.Id("sc.Pos").Op("++"),
					jen.Id("c").Op("=").Id("sc.Peek").Call(),
				),
				jen.If(jen.Id("c").Op("!=").LitRune('"')).Block(
					failProps("Serialization", jen.Id("sc.Pos"), jen.Lit("expected a prop name")),
				),
				jen.If(jen.Len(jen.Id("t.Props")).Op("-").Id("first").Op(">=").Add(limitOf(p.Count))).Block(
					failProps(p.Count.Code.Name, jen.Id("sc.Pos"), jen.Lit(p.JSON+" exceed the limit of "), itoaOf(limitOf(p.Count))),
				),
				jen.List(jen.Id("name"), jen.Id("ok")).Op(":=").Id("d.str").Call(jen.Id("t"), limitOf(p.KeyLimit), jen.Id(p.KeyLimit.Code.Name), jen.Lit("prop name")),
				jen.If(jen.Op("!").Id("ok")).Block(abort.Clone()),
				jen.If(jen.Op("!").Id("sc.Expect").Call(jen.LitRune(':'))).Block(
					failProps("Serialization", jen.Id("sc.Pos"), jen.Lit("expected ':' after a prop name")),
				),
				jen.Id("p").Op(":=").Id("Prop").Values(jen.Id("Name").Op(":").Id("name")),
				jen.If(jen.Id("sc.Peek").Call().Op("==").LitRune('"')).Block(
					jen.If(jen.List(jen.Id("p.Val"), jen.Id("ok")).Op("=").Id("d.str").Call(jen.Id("t"), limitOf(p.Limit), jen.Id(p.Limit.Code.Name), jen.Lit("prop value")), jen.Op("!").Id("ok")).Block(
						abort.Clone(),
					),
				).Else().Block(
					jen.Id("at").Op(":=").Id("sc.Pos"),
					jen.If(jen.Op("!").Id("d.skip").Call()).Block(abort.Clone()),
					jen.If(jen.Id("sc.Pos").Op("-").Id("at").Op(">").Add(limitOf(p.Limit))).Block(
						failProps(p.Limit.Code.Name, jen.Id("at"), jen.Lit("prop value exceeds the limit of "), itoaOf(limitOf(p.Limit)), jen.Lit(" bytes")),
					),
					jen.List(jen.Id("p.Val"), jen.Id("p.Raw")).Op("=").List(
						jen.Id("Str").Values(jen.Id("Off").Op(":").Uint32().Call(jen.Id("at")), jen.Id("Len").Op(":").Uint32().Call(jen.Id("sc.Pos").Op("-").Id("at"))),
						jen.True()),
				),
				jen.Id("t.Props").Op("=").Append(jen.Id("t.Props"), jen.Id("p")),
			),
			jen.Id("ps").Op(":=").Id("t.Props").Index(jen.Id("first"), jen.Empty()),
			jen.Id("t.SortProps").Call(jen.Id("ps")),
			jen.For(jen.Id("i").Op(":=").Lit(1), jen.Id("i").Op("<").Len(jen.Id("ps")), jen.Id("i").Op("++")).Block(
				jen.If(jen.Qual("bytes", "Equal").Call(jen.Id("t.Bytes").Call(jen.Id("ps").Index(jen.Id("i").Op("-").Lit(1)).Dot("Name")), jen.Id("t.Bytes").Call(jen.Id("ps").Index(jen.Id("i")).Dot("Name")))).Block(
					failProps("InvalidVNode", jen.Id("sc.Pos"), jen.Lit("duplicate prop \""), jen.Id("t.String").Call(jen.Id("ps").Index(jen.Id("i")).Dot("Name")), jen.Lit("\"")),
				),
			),
			jen.Return(jen.Uint32().Call(jen.Id("first")), jen.Uint32().Call(jen.Len(jen.Id("ps"))), jen.True()),
		))
	nameOf := func(p jen.Code) *jen.Statement { return jen.Id("t.Bytes").Call(jen.Add(p).Dot("Name")) }
	decl(f, "SortProps sorts ps, props held by t, by name.",
		jen.Func().Params(tTree.Clone()).Id("SortProps").Params(jen.Id("ps").Index().Id("Prop")).Block(
			jen.If(jen.Len(jen.Id("ps")).Op("<=").Lit(12)).Block(
				jen.For(jen.Id("i").Op(":=").Lit(1), jen.Id("i").Op("<").Len(jen.Id("ps")), jen.Id("i").Op("++")).Block(
					jen.For(
						jen.Id("j").Op(":=").Id("i"),
						jen.Id("j").Op(">").Lit(0).Op("&&").Qual("bytes", "Compare").Call(nameOf(jen.Id("ps").Index(jen.Id("j").Op("-").Lit(1))), nameOf(jen.Id("ps").Index(jen.Id("j")))).Op(">").Lit(0),
						jen.Id("j").Op("--"),
					).Block(
						jen.List(jen.Id("ps").Index(jen.Id("j").Op("-").Lit(1)), jen.Id("ps").Index(jen.Id("j"))).Op("=").
							List(jen.Id("ps").Index(jen.Id("j")), jen.Id("ps").Index(jen.Id("j").Op("-").Lit(1))),
					),
				),
				jen.Return(),
			),
			jen.Qual("slices", "SortFunc").Call(jen.Id("ps"), jen.Func().Params(jen.List(jen.Id("a"), jen.Id("b")).Id("Prop")).Int().Block(
				jen.Return(jen.Qual("bytes", "Compare").Call(nameOf(jen.Id("a")), nameOf(jen.Id("b")))),
			)),
		))
}

// hashing declares the hash of decoded nodes (hashSpan), of nodes built in
// memory (hashNode, per kind from the model) and Rehash.
func hashing(f *jen.File, md *model) {
	sum := func(x jen.Code) *jen.Statement { return jen.Qual(xxhashPath, "Sum64").Call(x) }
	mix := func(h, x jen.Code) *jen.Statement { return jen.Id("h").Op("=").Id("Mix").Call(h, x) }
	decl(f, "Hashing. A decoded node's hash is the xxhash of its JSON outside its\nchildren array, mixed with its children's hashes: one pass over the bytes,\ncomputed as each node closes. Identical subtrees hash equal wherever they\nare; subtrees equal in DOM terms but written differently (member order,\nwhitespace) may not, which only costs a skipped shortcut, since a hash match\nis always confirmed (Same) and never trusted alone. Trees built or changed\nin memory are hashed from their members instead (hashNode, Rehash).",
		jen.Const().Defs(
			jen.Id("prime1").Op("=").Id("11400714785074694791"),
			jen.Id("prime2").Op("=").Id("14029467366897019727"),
		))
	decl(f, "Mix folds x into the hash h: the engine's one way to combine 64-bit\nhashes (the decoder's subtree hashes, the reconciler's tree cache, the\npredictor's value hashes).",
		jen.Func().Id("Mix").Params(jen.List(jen.Id("h"), jen.Id("x")).Uint64()).Uint64().Block(
			jen.Id("h").Op("^=").Id("x").Op("*").Id("prime2"),
			jen.Id("h").Op("=").Id("h").Op("<<").Lit(31).Op("|").Id("h").Op(">>").Lit(33),
			jen.Return(jen.Id("h").Op("*").Id("prime1")),
		))
	decl(f, "hashStr is the xxhash of the bytes of s.",
		jen.Func().Params(tTree.Clone()).Id("hashStr").Params(jen.Id("s").Id("Str")).Uint64().Block(
			jen.Return(sum(jen.Id("t.Bytes").Call(jen.Id("s")))),
		))
	span := func(lo, hi string) *jen.Statement { return jen.Id("t.Src").Index(jen.Id(lo), jen.Id(hi)) }
	decl(f, "hashSpan is the hash of a decoded node from its JSON span. A node whose\nchildren are all leaves is hashed whole, in one call; its leaves, and other\nleaves, keep Hash 0 (\"none\"): Same compares such nodes by their bytes, which\ncosts no more than hashing them would.",
		jen.Func().Params(tTree.Clone()).Id("hashSpan").Params(jen.Id("nd").Op("*").Id("Node"), jen.List(jen.Id("kidsOpen"), jen.Id("kidsClose")).Uint32()).Uint64().Block(
			jen.Id("kids").Op(":=").Id("t.Kids").Index(jen.Id("nd.Kids"), jen.Id("nd.Kids+nd.NKids")),
			jen.If(jen.Len(jen.Id("kids")).Op("==").Lit(0)).Block(jen.Return(jen.Lit(0))),
			jen.Id("whole").Op(":=").True(),
			jen.For(jen.List(jen.Id("_"), jen.Id("k")).Op(":=").Range().Id("kids")).Block(
				jen.If(jen.Id("t.Nodes").Index(jen.Id("k")).Dot("NKids").Op("!=").Lit(0)).Block(
					jen.Id("whole").Op("=").False(),
					jen.Break(),
				),
			),
			jen.If(jen.Id("whole")).Block(
				jen.Return(sum(span("nd.Start", "nd.End")).Op("|").Lit(1)),
			),
			jen.Id("h").Op(":=").Add(sum(span("nd.Start", "kidsOpen"))),
			jen.If(jen.Id("nd.End").Op("-").Id("kidsClose").Op(">").Lit(2)).Block(
				jen.Comment(`more than "]}": members after the children`),
				mix(jen.Id("h"), sum(span("kidsClose", "nd.End"))),
			),
			mix(jen.Id("h"), jen.Uint64().Call(jen.Len(jen.Id("kids")))),
			jen.For(jen.List(jen.Id("_"), jen.Id("k")).Op(":=").Range().Id("kids")).Block(
				jen.Id("kh").Op(":=").Id("t.Nodes").Index(jen.Id("k")).Dot("Hash"),
				jen.If(jen.Id("kh").Op("==").Lit(0)).Block(
					jen.Id("kn").Op(":=").Op("&").Id("t.Nodes").Index(jen.Id("k")),
					jen.Id("kh").Op("=").Add(sum(span("kn.Start", "kn.End"))),
				),
				mix(jen.Id("h"), jen.Id("kh")),
			),
			jen.Return(jen.Id("h").Op("|").Lit(1)),
		))

	// per kind: its members in canonical order, children aside
	o := md.Node
	var cases []jen.Code
	for _, k := range o.Kinds {
		var body []jen.Code
		for _, m := range canonical(o.kindMembers(k)) {
			switch m.Shape {
			case shapeString:
				body = append(body, mix(jen.Id("h"), jen.Id("t.hashStr").Call(jen.Id("nd."+m.Field))))
			case shapeOptString:
				body = append(body, jen.If(jen.Id("nd."+m.Present)).Block(
					mix(jen.Id("h"), jen.Id("t.hashStr").Call(jen.Id("nd."+m.Field)).Op("+").Lit(1)),
				))
			case shapeProps:
				body = append(body, jen.For(jen.List(jen.Id("_"), jen.Id("p")).Op(":=").Range().Id("t.Props").Index(jen.Id("nd."+m.Field), jen.Id("nd."+m.Field+"+nd.N"+m.Field))).Block(
					mix(jen.Id("h"), jen.Id("t.hashStr").Call(jen.Id("p.Name"))),
					jen.Id("v").Op(":=").Id("t.hashStr").Call(jen.Id("p.Val")),
					jen.If(jen.Id("p.Raw")).Block(jen.Id("v").Op("=").Op("^").Id("v")),
					mix(jen.Id("h"), jen.Id("v")),
				))
			}
		}
		if len(body) > 0 {
			cases = append(cases, jen.Case(jen.Id(k.Go)).Block(body...))
		}
	}
	decl(f, "hashNode computes the hash of node n from its members and its children's\nhashes (which must be current).",
		jen.Func().Params(tTree.Clone()).Id("hashNode").Params(jen.Id("n").Int32()).Uint64().Block(
			jen.Id("nd").Op(":=").Op("&").Id("t.Nodes").Index(jen.Id("n")),
			jen.Id("h").Op(":=").Id("Mix").Call(jen.Uint64().Call(jen.Id("nd.Kind")), jen.Id("prime1")),
			jen.Switch(jen.Id("nd.Kind")).Block(cases...),
			mix(jen.Id("h"), jen.Uint64().Call(jen.Id("nd.NKids"))),
			jen.For(jen.List(jen.Id("_"), jen.Id("k")).Op(":=").Range().Id("t.Kids").Index(jen.Id("nd.Kids"), jen.Id("nd.Kids+nd.NKids"))).Block(
				mix(jen.Id("h"), jen.Id("t.Nodes").Index(jen.Id("k")).Dot("Hash")),
			),
			jen.Return(jen.Id("h").Op("|").Lit(1)),
		))
	decl(f, "Rehash recomputes every node's hash reachable from the root, children\nfirst, and forgets JSON spans (which no longer describe changed nodes).",
		jen.Func().Params(tTree.Clone()).Id("Rehash").Params().Block(
			jen.If(jen.Id("t.Root").Op("<").Lit(0)).Block(jen.Return()),
			jen.Comment("post-order without recursion: a stack of (node, next child)"),
			jen.Type().Id("item").Struct(jen.List(jen.Id("n"), jen.Id("next")).Int32()),
			jen.Id("stack").Op(":=").Make(jen.Index().Id("item"), jen.Lit(0), jen.Lit(64)),
			jen.Id("stack").Op("=").Append(jen.Id("stack"), jen.Id("item").Values(jen.Id("t.Root"), jen.Lit(0))),
			jen.For(jen.Len(jen.Id("stack")).Op(">").Lit(0)).Block(
				jen.Id("top").Op(":=").Op("&").Id("stack").Index(jen.Len(jen.Id("stack")).Op("-").Lit(1)),
				jen.Id("nd").Op(":=").Op("&").Id("t.Nodes").Index(jen.Id("top.n")),
				jen.If(jen.Id("top.next").Op("<").Int32().Call(jen.Id("nd.NKids"))).Block(
					jen.Id("k").Op(":=").Id("t.Kids").Index(jen.Id("nd.Kids").Op("+").Uint32().Call(jen.Id("top.next"))),
					jen.Id("top.next").Op("++"),
					jen.Id("stack").Op("=").Append(jen.Id("stack"), jen.Id("item").Values(jen.Id("k"), jen.Lit(0))),
					jen.Continue(),
				),
				jen.List(jen.Id("nd.Start"), jen.Id("nd.End")).Op("=").List(jen.Lit(0), jen.Lit(0)),
				jen.Id("nd.Hash").Op("=").Id("t.hashNode").Call(jen.Id("top.n")),
				jen.Id("stack").Op("=").Id("stack").Index(jen.Empty(), jen.Len(jen.Id("stack")).Op("-").Lit(1)),
			),
		))
}

// itoaFunc declares itoa, which messages use instead of strconv to keep the
// decoder's imports small.
func itoaFunc(f *jen.File) {
	decl(f, "itoa formats n in decimal.",
		jen.Func().Id("itoa").Params(jen.Id("n").Int()).String().Block(
			jen.Var().Id("b").Index(jen.Lit(20)).Byte(),
			jen.Id("i").Op(":=").Len(jen.Id("b")),
			jen.Id("neg").Op(":=").Id("n").Op("<").Lit(0),
			jen.If(jen.Id("neg")).Block(jen.Id("n").Op("=").Op("-").Id("n")),
			jen.For().Block(
				jen.Id("i").Op("--"),
				jen.Id("b").Index(jen.Id("i")).Op("=").Byte().Call(jen.LitRune('0').Op("+").Id("n").Op("%").Lit(10)),
				jen.Id("n").Op("/=").Lit(10),
				jen.If(jen.Id("n").Op("==").Lit(0)).Block(jen.Break()),
			),
			jen.If(jen.Id("neg")).Block(
				jen.Id("i").Op("--"),
				jen.Id("b").Index(jen.Id("i")).Op("=").LitRune('-'),
			),
			jen.Return(jen.String().Call(jen.Id("b").Index(jen.Id("i"), jen.Empty()))),
		))
}
