package main

import (
	"strconv"

	"github.com/dave/jennifer/jen"

	"github.com/minimact/engine/gen/model"
)

// emit_limits.go writes generated/vdom/limits_gen.go: Limits with its
// defaults and its fields' JSON names, from schema/limits.go. LimitField and
// the ceiling on the document size are hand-written (limits.go).

func emitLimits(md *model.Model) ([]output, error) {
	f := newVdomFile()
	var fields, defaults, fill, entries []jen.Code
	for _, l := range md.Limits {
		doc := l.Doc + "\nThe default is " + strconv.FormatInt(l.Default, 10) + "; a breach returns " + l.Code.Name + "."
		fields = append(fields, documented(doc, jen.Id(l.Name).Int())...)
		defaults = append(defaults, jen.Id(l.Name).Op(":").Lit(int(l.Default)))
		fill = append(fill, jen.If(sel("l", l.Name).Op("<=").Lit(0)).Block(
			sel("l", l.Name).Op("=").Add(sel("d", l.Name)),
		))
		entries = append(entries, jen.Values(jen.Lit(l.JSON), jen.Op("&").Add(sel("l", l.Name))))
	}
	doc := md.LimitByBounds("document")
	fill = append(fill,
		jen.If(sel("l", doc.Name).Op(">").Id("maxJSONCeiling")).Block(
			sel("l", doc.Name).Op("=").Id("maxJSONCeiling"),
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
	decl(f, "Fields returns l's fields in schema order, with their JSON names.",
		jen.Func().Params(jen.Id("l").Op("*").Id("Limits")).Id("Fields").Params().Index(jen.Lit(len(md.Limits))).Id("LimitField").Block(
			jen.Return(jen.Index(jen.Lit(len(md.Limits))).Id("LimitField").Custom(multiline, entries...)),
		))
	return renderVdom(f, "limits_gen.go")
}
