package main

import (
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/minimact/engine/gen/model"
)

// emit_limits.go writes generated/vdom/limits_gen.go: Limits with its
// defaults and its fields' JSON names, from schema/limits.go, and each
// option's type (View) with its values, their JSON names, String and Parse.
// LimitField, OptionField and the ceiling on the document size are
// hand-written (limits.go).

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
	var optEntries []jen.Code
	for _, o := range md.Options {
		names := optionNames(o)
		doc := o.Doc + "\nThe default is " + strconv.Quote(o.Values[0].JSON) + " (" + o.Values[0].Name + ", the zero value)."
		fields = append(fields, documented(doc, jen.Id(o.Name).Id(o.Type))...)
		fill = append(fill, jen.If(jen.Int().Call(sel("l", o.Name)).Op(">=").Len(jen.Id(names))).Block(
			sel("l", o.Name).Op("=").Id(o.Values[0].Name),
		))
		optEntries = append(optEntries, jen.Values(jen.Lit(o.JSON), jen.Id(names).Index(jen.Empty(), jen.Empty()), jen.Parens(jen.Op("*").Uint8()).Call(jen.Op("&").Add(sel("l", o.Name)))))
	}
	doc := md.LimitByBounds("document")
	fill = append(fill,
		jen.If(sel("l", doc.Name).Op(">").Id("maxJSONCeiling")).Block(
			sel("l", doc.Name).Op("=").Id("maxJSONCeiling"),
		),
		jen.Return(jen.Id("l")))
	for _, o := range md.Options {
		emitOption(f, o)
	}
	decl(f, "Limits bounds what the decoder accepts, and says how it reads what it\naccepts (the options). A zero field takes its default.",
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
	decl(f, "Options returns l's options in schema order, with their JSON names and\nvalues.",
		jen.Func().Params(jen.Id("l").Op("*").Id("Limits")).Id("Options").Params().Index(jen.Lit(len(md.Options))).Id("OptionField").Block(
			jen.Return(jen.Index(jen.Lit(len(md.Options))).Id("OptionField").Custom(multiline, optEntries...)),
		))
	return renderVdom(f, "limits_gen.go")
}

// optionNames is the name of the table of option o's JSON values: viewNames.
func optionNames(o *model.Option) string {
	return strings.ToLower(o.Type[:1]) + o.Type[1:] + "Names"
}

// emitOption declares option o's type: its values, their JSON names, String
// and Parse<Type>.
func emitOption(f *jen.File, o *model.Option) {
	names := optionNames(o)
	var defs, list []jen.Code
	for i, v := range o.Values {
		def := jen.Id(v.Name)
		if i == 0 {
			def.Id(o.Type).Op("=").Iota()
		}
		defs = append(defs, documented(v.Doc, def)...)
		list = append(list, jen.Lit(v.JSON))
	}
	decl(f, o.TypeDoc, jen.Type().Id(o.Type).Uint8())
	decl(f, "The values of "+o.Type+", in schema order; the first is the default.", jen.Const().Defs(defs...))
	decl(f, names+" holds each "+o.Type+"'s name in JSON.",
		jen.Var().Id(names).Op("=").Index(jen.Op("...")).String().Values(list...))
	decl(f, "String returns the name of v in JSON.",
		jen.Func().Params(jen.Id("v").Id(o.Type)).Id("String").Params().String().Block(
			jen.If(jen.Int().Call(jen.Id("v")).Op("<").Len(jen.Id(names))).Block(jen.Return(jen.Id(names).Index(jen.Id("v")))),
			jen.Return(concat(jen.Lit(o.Type+"("), jen.Qual("strconv", "Itoa").Call(jen.Int().Call(jen.Id("v"))), jen.Lit(")"))),
		))
	decl(f, "Parse"+o.Type+" returns the "+o.Type+" whose name in JSON is s.",
		jen.Func().Id("Parse"+o.Type).Params(jen.Id("s").String()).Params(jen.Id(o.Type), jen.Bool()).Block(
			jen.For(jen.List(jen.Id("i"), jen.Id("n")).Op(":=").Range().Id(names)).Block(
				jen.If(jen.Id("n").Op("==").Id("s")).Block(jen.Return(jen.Id(o.Type).Call(jen.Id("i")), jen.True())),
			),
			jen.Return(jen.Lit(0), jen.False()),
		))
}
