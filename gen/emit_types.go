package main

import (
	"github.com/dave/jennifer/jen"

	"github.com/minimact/engine/gen/model"
)

// emit_types.go writes generated/vdom/types_gen.go: the kinds with their name
// tables, Node (its member fields from VNode), and Patch and PatchList (their
// fields and arenas from Patch), with the list's accessors. Str, Prop and
// Tree are hand-written (tree.go), and so are the kinds' String methods
// (kind.go).

func emitTypes(md *model.Model) ([]output, error) {
	f := newVdomFile()
	kindType(f, md.Node, "Kind", "KindNone", "kindNames", "a VNode kind", "node kinds", "KindNone is no kind: a node whose \"type\" is not known yet.")
	kindType(f, md.Patch, "PatchKind", "PatchNone", "patchKindNames", "a patch kind", "patch kinds", "PatchNone is no kind: a patch whose \"type\" is not known yet.")
	nodeType(f, md.Node)
	patchTypes(f, md.Patch)
	return renderVdom(f, "types_gen.go")
}

// kindType declares a kind type numbering o's kinds from 1, and its table of
// names.
func kindType(f *jen.File, o *model.Object, typ, none, names, what, plural, noneDoc string) {
	decl(f, typ+" is "+what+"; 0 means none.", jen.Type().Id(typ).Uint8())
	defs := documented(noneDoc, jen.Id(none).Id(typ).Op("=").Iota())
	nameList := []jen.Code{jen.Lit("")}
	for _, k := range o.Kinds {
		defs = append(defs, documented(k.Doc, jen.Id(k.Go))...)
		nameList = append(nameList, jen.Lit(k.JSON))
	}
	decl(f, "The "+plural+", in schema order.", jen.Const().Defs(defs...))
	decl(f, names+" holds each kind's name as it appears in JSON.",
		jen.Var().Id(names).Op("=").Index(jen.Op("...")).String().Values(nameList...))
}

// nodeType declares Node: the machinery's fields, then one field per VNode
// member: presence flags, optional strings, strings, then ranges.
func nodeType(f *jen.File, o *model.Object) {
	fields := []jen.Code{
		jen.Comment("Hash is a 64-bit xxhash-based digest of the subtree in DOM terms."),
		jen.Id("Hash").Uint64(),
		jen.Comment("Start and End are the node's JSON span in Src; End is 0 when the node"),
		jen.Comment("was built or changed after decoding."),
		jen.List(jen.Id("Start"), jen.Id("End")).Uint32(),
		jen.Comment("Kind is the node's kind."),
		jen.Id("Kind").Id("Kind"),
	}
	for _, m := range o.Shaped(model.ShapeOptString) {
		fields = append(fields, documented(m.Present+" says "+m.Field+" holds a "+m.JSON+" (absent and null are the same: unset).",
			jen.Id(m.Present).Bool())...)
	}
	for _, m := range o.Shaped(model.ShapeOptString) {
		fields = append(fields, documented(m.Doc, jen.Id(m.Field).Id("Str"))...)
	}
	for _, m := range o.Shaped(model.ShapeString) {
		fields = append(fields, documented(m.Doc, jen.Id(m.Field).Id("Str"))...)
	}
	for _, m := range o.Shaped(model.ShapeProps) {
		fields = append(fields,
			jen.Comment(m.Field+" and N"+m.Field+" are the node's range of Tree.Props, sorted by name."),
			jen.Id(m.Field).Uint32(),
			jen.Id("N"+m.Field).Uint32())
	}
	fields = append(fields,
		jen.Comment("Kids and NKids are the node's range of Tree.Kids: its "+o.Children().JSON+"."),
		jen.Id("Kids").Uint32(),
		jen.Id("NKids").Uint32())
	decl(f, "Node is one VNode in a Tree's arena. Children and props are ranges of the\nTree's Kids and Props.",
		jen.Type().Id("Node").Struct(fields...))
}

// patchTypes declares Patch, PatchList and the list's accessors, one field or
// range per Patch member.
func patchTypes(f *jen.File, o *model.Object) {
	fields := []jen.Code{jen.Id("Kind").Id("PatchKind")}
	for _, m := range o.Members[1:] {
		prefix := ""
		if !m.All(o) {
			prefix = kindWords(m.Kinds) + ": "
		}
		switch m.Shape {
		case model.ShapeIndices, model.ShapeKeys:
			fields = append(fields,
				jen.Id(m.Field).Uint32().Comment(prefix+"a range of PatchList."+m.Arena),
				jen.Id("N"+m.Field).Uint32())
		case model.ShapeProps:
			fields = append(fields,
				jen.Id(m.Field).Uint32().Comment(prefix+"a range of PatchList.Tree.Props"),
				jen.Id("N"+m.Field).Uint32())
		case model.ShapeNode:
			fields = append(fields, jen.Id(m.Field).Int32().Comment(prefix+"a node of PatchList.Tree, or -1"))
		case model.ShapeString:
			fields = append(fields, jen.Id(m.Field).Id("Str").Comment(prefix+"a string of PatchList.Tree"))
		}
	}
	decl(f, "Patch is one patch of a PatchList. Its members are ranges of, or indices\ninto, the list's arenas and its Tree.",
		jen.Type().Id("Patch").Struct(fields...))

	arenas := []jen.Code{
		jen.Id("Tree").Op("*").Id("Tree"),
		jen.Id("Patches").Index().Id("Patch"),
	}
	resetL := []jen.Code{sel("l", "Tree"), sel("l", "Patches")}
	resetR := []jen.Code{jen.Id("tree"), sel("l", "Patches").Index(jen.Empty(), jen.Lit(0))}
	for _, m := range o.Members {
		if m.Arena == "" {
			continue
		}
		elem := jen.Int32()
		if m.Shape == model.ShapeKeys {
			elem = jen.Id("Str")
		}
		arenas = append(arenas, jen.Id(m.Arena).Index().Add(elem))
		resetL = append(resetL, sel("l", m.Arena))
		resetR = append(resetR, sel("l", m.Arena).Index(jen.Empty(), jen.Lit(0)))
	}
	decl(f, "PatchList is a list of patches; nodes, props and strings live in Tree.",
		jen.Type().Id("PatchList").Struct(arenas...))
	list := func() *jen.Statement { return jen.Id("l").Op("*").Id("PatchList") }
	decl(f, "Reset empties the list and points it at tree.",
		jen.Func().Params(list()).Id("Reset").Params(jen.Id("tree").Op("*").Id("Tree")).Block(
			jen.List(resetL...).Op("=").List(resetR...),
		))
	for _, m := range o.Members {
		var arena *jen.Statement
		var elem *jen.Statement
		switch m.Shape {
		case model.ShapeIndices:
			arena, elem = sel("l", m.Arena), jen.Int32()
		case model.ShapeKeys:
			arena, elem = sel("l", m.Arena), jen.Id("Str")
		case model.ShapeProps:
			arena, elem = sel("l", "Tree", "Props"), jen.Id("Prop")
		default:
			continue
		}
		doc := m.Field + "Of returns the " + m.JSON + " of p."
		if !m.All(o) {
			doc = m.Field + "Of returns the " + m.JSON + " of " + aOrAn(m.Kinds[0].Name) + " " + kindWords(m.Kinds) + " patch."
		}
		hi := func() *jen.Statement { return sel("p", m.Field).Op("+").Add(sel("p", "N"+m.Field)) }
		decl(f, doc,
			jen.Func().Params(list()).Id(m.Field+"Of").Params(jen.Id("p").Op("*").Id("Patch")).Index().Add(elem).Block(
				jen.Return(arena.Index(sel("p", m.Field), hi(), hi())),
			))
	}
}
