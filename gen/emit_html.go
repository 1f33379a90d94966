package main

import (
	"github.com/dave/jennifer/jen"

	"github.com/minimact/engine/gen/model"
)

// emit_html.go writes generated/vdom/html_gen.go: what the HTML writer
// takes from the schema, from the html tags of VNode's members. For each
// kind, what open writes: an element kind (html:"tag") its start tag with
// the props as attributes (html:"attrs") and the member attributes
// (html:"attr NAME"), a text kind (html:"text") its escaped text, a raw kind
// (html:"raw TAG") its HTML inside <TAG>…</TAG>, a kind with none (a
// flattened one) nothing but its children; what close writes (an element's
// end tag); and the attribute names members own (reservedAttrs). The walk,
// the props-to-attributes mapping, escaping and the checks are hand-written
// (html.go, htmlrules.go).

func emitHTML(md *model.Model) ([]output, error) {
	f := newVdomFile()
	o := md.Node
	nd := func(field string) *jen.Statement { return sel("nd", field) }
	bytesOf := func(field string) *jen.Statement { return sel("t", "Bytes").Call(nd(field)) }
	orReturn := func() jen.Code {
		return jen.If(jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Id("dst"), jen.Id("err")))
	}
	var opens, closes []jen.Code
	var reserved []jen.Code
	for _, k := range o.Kinds {
		switch {
		case o.HTMLMember(k, model.HTMLTag) != nil:
			tag := o.HTMLMember(k, model.HTMLTag)
			body := []jen.Code{
				jen.List(jen.Id("dst"), jen.Id("err")).Op("=").Add(sel("w", "startTag")).Call(jen.Id("dst"), bytesOf(tag.Field)),
				orReturn(),
			}
			for _, m := range o.KindMembers(k) {
				switch m.HTML {
				case model.HTMLAttrs:
					body = append(body,
						jen.List(jen.Id("dst"), jen.Id("err")).Op("=").Add(sel("w", "attrs")).Call(jen.Id("dst"), jen.Id("t"),
							sel("t", "Props").Index(nd(m.Field), nd(m.Field).Op("+").Add(nd("N"+m.Field)))),
						orReturn())
				case model.HTMLAttr:
					write := []jen.Code{
						jen.List(jen.Id("dst"), jen.Id("err")).Op("=").Add(sel("w", "attr")).Call(jen.Id("dst"), jen.Lit(m.HTMLArg), bytesOf(m.Field)),
						orReturn(),
					}
					if m.Shape == model.ShapeOptString {
						body = append(body, jen.If(nd(m.Present)).Block(write...))
					} else {
						body = append(body, write...)
					}
					reserved = append(reserved, jen.Lit(m.HTMLArg))
				}
			}
			body = append(body, jen.Return(sel("w", "endStartTag").Call(jen.Id("dst"), jen.Id("t"), jen.Id("n"))))
			opens = append(opens, jen.Case(jen.Id(k.Go)).Block(body...))
			closes = append(closes, jen.Case(jen.Id(k.Go)).Block(jen.Return(sel("w", "endTag").Call(jen.Id("dst"), bytesOf(tag.Field)))))
		case o.HTMLMember(k, model.HTMLText) != nil:
			m := o.HTMLMember(k, model.HTMLText)
			opens = append(opens, jen.Case(jen.Id(k.Go)).Block(jen.Return(sel("w", "text").Call(jen.Id("dst"), bytesOf(m.Field)))))
		case o.HTMLMember(k, model.HTMLRaw) != nil:
			m := o.HTMLMember(k, model.HTMLRaw)
			opens = append(opens, jen.Case(jen.Id(k.Go)).Block(jen.Return(sel("w", "raw").Call(jen.Id("dst"), jen.Lit(m.HTMLArg), bytesOf(m.Field)))))
		}
	}
	decl(f, "open writes the start of node n of t: an element's start tag with its\nattributes, a text, a raw block; nothing for a kind that stands for its\nchildren.",
		jen.Func().Params(jen.Id("w").Op("*").Id("HTMLWriter")).Id("open").Params(jen.Id("dst").Index().Byte(), tTree(), jen.Id("n").Int32()).Params(jen.Index().Byte(), jen.Error()).Block(
			jen.Id("nd").Op(":=").Op("&").Add(sel("t", "Nodes")).Index(jen.Id("n")),
			jen.Var().Id("err").Error(),
			jen.Switch(nd("Kind")).Block(opens...),
			jen.Return(jen.Id("dst"), jen.Id("err")),
		))
	decl(f, "close writes the end of node n of t, whose children were written: an\nelement's end tag.",
		jen.Func().Params(jen.Id("w").Op("*").Id("HTMLWriter")).Id("close").Params(jen.Id("dst").Index().Byte(), tTree(), jen.Id("n").Int32()).Index().Byte().Block(
			jen.Id("nd").Op(":=").Op("&").Add(sel("t", "Nodes")).Index(jen.Id("n")),
			jen.Switch(nd("Kind")).Block(closes...),
			jen.Return(jen.Id("dst")),
		))
	decl(f, "reservedAttrs are the attribute names members write (html:\"attr NAME\"),\nwhich no prop gives.",
		jen.Var().Id("reservedAttrs").Op("=").Index(jen.Op("...")).String().Values(reserved...))
	return renderVdom(f, "html_gen.go")
}
