package main

import (
	"strconv"

	"github.com/dave/jennifer/jen"
	"golang.org/x/tools/go/packages"
)

// emit_codes.go writes generated/vdom/errors_gen.go: the error codes with
// their names, the Error type, and Limits with its defaults, all from
// schema/codes.go and schema/limits.go.

func init() { register("vdom/codes", emitCodes) }

func emitCodes(pkg *packages.Package) ([]output, error) {
	md, err := loadModel(pkg)
	if err != nil {
		return nil, err
	}
	f := newVdomFile()
	codeType(f, md)
	errorType(f)
	limitsType(f, md)
	return renderVdom(f, "errors_gen.go")
}

// codeType declares Code, its constants and String.
func codeType(f *jen.File, md *model) {
	decl(f, md.CodeDoc, jen.Type().Id("Code").Int32())
	var defs []jen.Code
	var cases []jen.Code
	for _, c := range md.Codes {
		defs = append(defs, documented(c.Doc, jen.Id(c.Name).Id("Code").Op("=").Lit(int(c.Value)))...)
		cases = append(cases, jen.Case(jen.Id(c.Name)).Block(jen.Return(jen.Lit(c.Name))))
	}
	decl(f, "The error codes.", jen.Const().Defs(defs...))
	decl(f, "String returns the code's name.",
		jen.Func().Params(jen.Id("c").Id("Code")).Id("String").Params().String().Block(
			jen.Switch(jen.Id("c")).Block(cases...),
			jen.Return(concat(jen.Lit("Code("), jen.Qual("strconv", "Itoa").Call(jen.Int().Call(jen.Id("c"))), jen.Lit(")"))),
		))
}

// errorType declares Error, Errorf and CodeOf.
func errorType(f *jen.File) {
	decl(f, "Error is the one error type of the engine: a code, a message, and where the\nproblem was found (a byte offset in the input, or a patch path and index).",
		jen.Type().Id("Error").Struct(
			jen.Id("Code").Id("Code"),
			jen.Id("Message").String(),
			jen.Comment("Offset is the byte offset in the JSON input, or -1."),
			jen.Id("Offset").Int(),
			jen.Comment("Path is the tree path the error concerns, or nil."),
			jen.Id("Path").Index().Int32(),
			jen.Comment("Patch is the index of the patch in its list, or -1."),
			jen.Id("Patch").Int(),
		))
	decl(f, "Errorf returns an *Error with the given code and message and no location.",
		jen.Func().Id("Errorf").Params(jen.Id("code").Id("Code"), jen.Id("msg").String()).Op("*").Id("Error").Block(
			jen.Return(jen.Op("&").Id("Error").Values(
				jen.Id("Code").Op(":").Id("code"),
				jen.Id("Message").Op(":").Id("msg"),
				jen.Id("Offset").Op(":").Lit(-1),
				jen.Id("Patch").Op(":").Lit(-1),
			)),
		))
	b := func(method string, arg jen.Code) *jen.Statement { return jen.Id("b." + method).Call(arg) }
	itoa := func(x jen.Code) *jen.Statement { return jen.Qual("strconv", "Itoa").Call(x) }
	decl(f, "Error formats the error as \"Code: message (at byte N / path [..] / patch N)\".",
		jen.Func().Params(jen.Id("e").Op("*").Id("Error")).Id("Error").Params().String().Block(
			jen.Var().Id("b").Qual("strings", "Builder"),
			b("WriteString", jen.Id("e.Code.String").Call()),
			b("WriteString", jen.Lit(": ")),
			b("WriteString", jen.Id("e.Message")),
			jen.If(jen.Id("e.Offset").Op(">=").Lit(0)).Block(
				b("WriteString", jen.Lit(" (at byte ")),
				b("WriteString", itoa(jen.Id("e.Offset"))),
				b("WriteString", jen.Lit(")")),
			),
			jen.If(jen.Id("e.Patch").Op(">=").Lit(0)).Block(
				b("WriteString", jen.Lit(" (patch ")),
				b("WriteString", itoa(jen.Id("e.Patch"))),
				b("WriteString", jen.Lit(")")),
			),
			jen.If(jen.Id("e.Path").Op("!=").Nil()).Block(
				b("WriteString", jen.Lit(" (path [")),
				jen.For(jen.List(jen.Id("i"), jen.Id("p")).Op(":=").Range().Id("e.Path")).Block(
					jen.If(jen.Id("i").Op(">").Lit(0)).Block(b("WriteByte", jen.LitRune(','))),
					b("WriteString", itoa(jen.Int().Call(jen.Id("p")))),
				),
				b("WriteString", jen.Lit("])")),
			),
			jen.Return(jen.Id("b.String").Call()),
		))
	decl(f, "Is reports whether target is an *Error with the same code, so that\nerrors.Is(err, &vdom.Error{Code: vdom.TreeTooDeep}) works.",
		jen.Func().Params(jen.Id("e").Op("*").Id("Error")).Id("Is").Params(jen.Id("target").Error()).Bool().Block(
			jen.List(jen.Id("t"), jen.Id("ok")).Op(":=").Id("target").Assert(jen.Op("*").Id("Error")),
			jen.Return(jen.Id("ok").Op("&&").Id("t.Code").Op("==").Id("e.Code")),
		))
	decl(f, "CodeOf returns the code of err: Success for nil, the code of an *Error in\nits chain, else Unknown.",
		jen.Func().Id("CodeOf").Params(jen.Id("err").Error()).Id("Code").Block(
			jen.If(jen.Id("err").Op("==").Nil()).Block(jen.Return(jen.Id("Success"))),
			jen.For(jen.Id("err").Op("!=").Nil()).Block(
				jen.If(jen.List(jen.Id("e"), jen.Id("ok")).Op(":=").Id("err").Assert(jen.Op("*").Id("Error")), jen.Id("ok")).Block(
					jen.Return(jen.Id("e.Code")),
				),
				jen.List(jen.Id("u"), jen.Id("ok")).Op(":=").Id("err").Assert(jen.Interface(jen.Id("Unwrap").Params().Error())),
				jen.If(jen.Op("!").Id("ok")).Block(jen.Break()),
				jen.Id("err").Op("=").Id("u.Unwrap").Call(),
			),
			jen.Return(jen.Id("Unknown")),
		))
}

// limitsType declares Limits, DefaultLimits and withDefaults.
func limitsType(f *jen.File, md *model) {
	var fields, defaults, fill []jen.Code
	for _, l := range md.Limits {
		doc := l.Doc + "\nThe default is " + strconv.FormatInt(l.Default, 10) + "; a breach returns " + l.Code.Name + "."
		fields = append(fields, documented(doc, jen.Id(l.Name).Int())...)
		defaults = append(defaults, jen.Id(l.Name).Op(":").Lit(int(l.Default)))
		fill = append(fill, jen.If(jen.Id("l."+l.Name).Op("<=").Lit(0)).Block(
			jen.Id("l."+l.Name).Op("=").Id("d."+l.Name),
		))
	}
	doc := md.limitByBounds("document")
	fill = append(fill,
		jen.If(jen.Id("l."+doc.Name).Op(">").Id("maxJSONCeiling")).Block(
			jen.Id("l."+doc.Name).Op("=").Id("maxJSONCeiling"),
		),
		jen.Return(jen.Id("l")))
	decl(f, "Limits bounds what the decoder accepts. A zero field takes its default.",
		jen.Type().Id("Limits").Struct(fields...))
	decl(f, "DefaultLimits returns the defaults of the requirements document.",
		jen.Func().Id("DefaultLimits").Params().Id("Limits").Block(
			jen.Return(jen.Id("Limits").Custom(multiline, defaults...)),
		))
	decl(f, "withDefaults returns l with every zero or negative field set to its default.",
		jen.Func().Params(jen.Id("l").Id("Limits")).Id("withDefaults").Params().Id("Limits").Block(
			append([]jen.Code{jen.Id("d").Op(":=").Id("DefaultLimits").Call()}, fill...)...,
		))
	var entries []jen.Code
	for _, l := range md.Limits {
		entries = append(entries, jen.Values(jen.Lit(abiSnake(l.Name)), jen.Op("&").Id("l").Dot(l.Name)))
	}
	decl(f, "LimitField is one field of Limits under the name JSON gives it (the C ABI's\nlimits objects, the predictor's config and snapshots).",
		jen.Type().Id("LimitField").Struct(
			jen.Id("JSON").String().Comment(`"max_tree_depth"`),
			jen.Id("V").Op("*").Int(),
		))
	decl(f, "Fields returns l's fields in schema order, with their JSON names.",
		jen.Func().Params(jen.Id("l").Op("*").Id("Limits")).Id("Fields").Params().Index(jen.Lit(len(md.Limits))).Id("LimitField").Block(
			jen.Return(jen.Index(jen.Lit(len(md.Limits))).Id("LimitField").Custom(multiline, entries...)),
		))
	decl(f, "maxJSONCeiling keeps every offset within a Str's 31 bits: it caps "+doc.Name+".",
		jen.Const().Id("maxJSONCeiling").Op("=").Lit(1).Op("<<").Lit(31).Op("-").Lit(1))
}
