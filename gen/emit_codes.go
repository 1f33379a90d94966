package main

import (
	"github.com/dave/jennifer/jen"

	"github.com/minimact/engine/gen/model"
)

// emit_codes.go writes generated/vdom/codes_gen.go: the error codes of
// schema/codes.go with their names. The Error type is hand-written
// (errors.go).

func emitCodes(md *model.Model) ([]output, error) {
	f := newVdomFile()
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
	return renderVdom(f, "codes_gen.go")
}
