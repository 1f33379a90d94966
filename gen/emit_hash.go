package main

import (
	"github.com/dave/jennifer/jen"

	"github.com/minimact/engine/gen/model"
)

// emit_hash.go writes generated/vdom/hash_gen.go: hashNode, the hash of a node
// built or changed in memory, which mixes each kind's members in canonical
// order. Mix, the hash of decoded nodes and Rehash are hand-written
// (hash.go).

func emitHash(md *model.Model) ([]output, error) {
	f := newVdomFile()
	o := md.Node
	nd := func(field string) *jen.Statement { return sel("nd", field) }
	mix := func(x jen.Code) *jen.Statement { return jen.Id("h").Op("=").Id("Mix").Call(jen.Id("h"), x) }
	hashStr := func(x jen.Code) *jen.Statement { return sel("t", "hashStr").Call(x) }
	var cases []jen.Code
	for _, k := range o.Kinds {
		var body []jen.Code
		for _, m := range model.Canonical(o.KindMembers(k)) {
			switch m.Shape {
			case model.ShapeString:
				body = append(body, mix(hashStr(nd(m.Field))))
			case model.ShapeOptString:
				body = append(body, jen.If(nd(m.Present)).Block(
					mix(hashStr(nd(m.Field)).Op("+").Lit(1)),
				))
			case model.ShapeProps:
				body = append(body, jen.For(jen.List(jen.Id("_"), jen.Id("p")).Op(":=").Range().Add(sel("t", "Props")).Index(nd(m.Field), nd(m.Field).Op("+").Add(nd("N"+m.Field)))).Block(
					mix(hashStr(sel("p", "Name"))),
					jen.Id("v").Op(":=").Add(hashStr(sel("p", "Val"))),
					jen.If(sel("p", "Raw")).Block(jen.Id("v").Op("=").Op("^").Id("v")),
					mix(jen.Id("v")),
				))
			}
		}
		if len(body) > 0 {
			cases = append(cases, jen.Case(jen.Id(k.Go)).Block(body...))
		}
	}
	kids := func() *jen.Statement { return nd("Kids").Op("+").Add(nd("NKids")) }
	decl(f, "hashNode computes the hash of node n from its members and its children's\nhashes (which must be current).",
		jen.Func().Params(tTree()).Id("hashNode").Params(jen.Id("n").Int32()).Uint64().Block(
			jen.Id("nd").Op(":=").Op("&").Add(sel("t", "Nodes")).Index(jen.Id("n")),
			jen.Id("h").Op(":=").Id("Mix").Call(jen.Uint64().Call(nd("Kind")), jen.Id("prime1")),
			jen.Switch(nd("Kind")).Block(cases...),
			mix(jen.Uint64().Call(nd("NKids"))),
			jen.For(jen.List(jen.Id("_"), jen.Id("k")).Op(":=").Range().Add(sel("t", "Kids")).Index(nd("Kids"), kids())).Block(
				mix(sel("t", "Nodes").Index(jen.Id("k")).Dot("Hash")),
			),
			jen.Return(jen.Id("h").Op("|").Lit(1)),
		))
	return renderVdom(f, "hash_gen.go")
}
