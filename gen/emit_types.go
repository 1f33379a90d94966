package main

import (
	"github.com/dave/jennifer/jen"
	"golang.org/x/tools/go/packages"
)

// emit_types.go writes generated/vdom/types_gen.go: the kinds, the arena tree
// (Str, Prop, Node, Tree) and the patch list (Patch, PatchList), with their
// accessors. Node's string fields and Patch's fields come from the members of
// VNode and Patch; the arena machinery around them is fixed.

func init() { register("vdom/types", emitTypes) }

func emitTypes(pkg *packages.Package) ([]output, error) {
	md, err := loadModel(pkg)
	if err != nil {
		return nil, err
	}
	f := newVdomFile()
	kindType(f, md.Node, "Kind", "KindNone", "kindNames", "a VNode kind", "node kinds", "KindNone is no kind: a node whose \"type\" is not known yet.")
	kindType(f, md.Patch, "PatchKind", "PatchNone", "patchKindNames", "a patch kind", "patch kinds", "PatchNone is no kind: a patch whose \"type\" is not known yet.")
	strType(f)
	nodeType(f, md)
	treeType(f, md.Node.shaped(shapeProps)[0])
	patchTypes(f, md)
	return renderVdom(f, "types_gen.go")
}

// kindType declares a kind type numbering o's kinds from 1, and its String.
func kindType(f *jen.File, o *object, typ, none, names, what, plural, noneDoc string) {
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
	decl(f, "String returns the kind's name as it appears in JSON.",
		jen.Func().Params(jen.Id("k").Id(typ)).Id("String").Params().String().Block(
			jen.If(jen.Int().Call(jen.Id("k")).Op("<").Len(jen.Id(names))).Block(
				jen.Return(jen.Id(names).Index(jen.Id("k"))),
			),
			jen.Return(concat(jen.Lit(typ+"("), jen.Qual("strconv", "Itoa").Call(jen.Int().Call(jen.Id("k"))), jen.Lit(")"))),
		))
}

// strType declares Str, the buffer bit and Prop.
func strType(f *jen.File) {
	decl(f, "Str is a string held by a Tree: a view of its Src, or, with the high bit of\nOff set, of its Buf.",
		jen.Type().Id("Str").Struct(
			jen.Id("Off").Uint32(),
			jen.Id("Len").Uint32(),
		))
	decl(f, "bufBit marks a Str held by Buf.", jen.Const().Id("bufBit").Op("=").Lit(1).Op("<<").Lit(31))
	decl(f, "Prop is one prop of an element. When Raw is set, Val is a JSON value other\nthan a string (a number, true, false, null, an object or an array), kept as\nwritten.",
		jen.Type().Id("Prop").Struct(
			jen.Id("Name").Id("Str"),
			jen.Id("Val").Id("Str"),
			jen.Id("Raw").Bool(),
		))
}

// nodeType declares Node: the machinery's fields, then one field per VNode
// member: presence flags, optional strings, strings, then ranges.
func nodeType(f *jen.File, md *model) {
	fields := []jen.Code{
		jen.Comment("Hash is a 64-bit xxhash-based digest of the subtree in DOM terms."),
		jen.Id("Hash").Uint64(),
		jen.Comment("Start and End are the node's JSON span in Src; End is 0 when the node"),
		jen.Comment("was built or changed after decoding."),
		jen.List(jen.Id("Start"), jen.Id("End")).Uint32(),
		jen.Comment("Kind is the node's kind."),
		jen.Id("Kind").Id("Kind"),
	}
	o := md.Node
	for _, m := range o.shaped(shapeOptString) {
		fields = append(fields, documented(m.Present+" says "+m.Field+" holds a "+m.JSON+" (absent and null are the same: unset).",
			jen.Id(m.Present).Bool())...)
	}
	for _, m := range o.shaped(shapeOptString) {
		fields = append(fields, documented(m.Doc, jen.Id(m.Field).Id("Str"))...)
	}
	for _, m := range o.shaped(shapeString) {
		fields = append(fields, documented(m.Doc, jen.Id(m.Field).Id("Str"))...)
	}
	for _, m := range o.shaped(shapeProps) {
		fields = append(fields,
			jen.Comment(m.Field+" and N"+m.Field+" are the node's range of Tree.Props, sorted by name."),
			jen.Id(m.Field).Uint32(),
			jen.Id("N"+m.Field).Uint32())
	}
	fields = append(fields,
		jen.Comment("Kids and NKids are the node's range of Tree.Kids: its "+o.children().JSON+"."),
		jen.Id("Kids").Uint32(),
		jen.Id("NKids").Uint32())
	decl(f, "Node is one VNode in a Tree's arena. Children and props are ranges of the\nTree's Kids and Props.",
		jen.Type().Id("Node").Struct(fields...))
}

// treeType declares Tree and its methods; props is VNode's props member.
func treeType(f *jen.File, props *member) {
	decl(f, "Tree is a decoded VNode tree held in flat arenas, so that decoding and\ndiffing allocate nothing once the arenas have grown. Fragments are\nflattened away except at the root, and null children are dropped.",
		jen.Type().Id("Tree").Struct(
			jen.Id("Src").Index().Byte().Comment("the JSON it was decoded from; borrowed, never written"),
			jen.Id("Buf").Index().Byte().Comment("unescaped and added strings"),
			jen.Id("Nodes").Index().Id("Node"),
			jen.Id("Props").Index().Id("Prop"),
			jen.Id("Kids").Index().Int32(),
			jen.Id("Root").Int32(),
		))
	tree := jen.Id("t").Op("*").Id("Tree")
	decl(f, "Reset empties the tree, keeping its arenas.",
		jen.Func().Params(tree.Clone()).Id("Reset").Params().Block(
			jen.List(jen.Id("t.Src"), jen.Id("t.Buf"), jen.Id("t.Nodes"), jen.Id("t.Props"), jen.Id("t.Kids"), jen.Id("t.Root")).Op("=").
				List(jen.Nil(), jen.Id("t.Buf").Index(jen.Empty(), jen.Lit(0)), jen.Id("t.Nodes").Index(jen.Empty(), jen.Lit(0)),
					jen.Id("t.Props").Index(jen.Empty(), jen.Lit(0)), jen.Id("t.Kids").Index(jen.Empty(), jen.Lit(0)), jen.Lit(-1)),
		))
	decl(f, "HasRoot reports whether t holds a tree: a zero Tree, a reset one and one\nwhose decode failed do not.",
		jen.Func().Params(tree.Clone()).Id("HasRoot").Params().Bool().Block(
			jen.Return(jen.Id("t.Root").Op(">=").Lit(0).Op("&&").Int().Call(jen.Id("t.Root")).Op("<").Len(jen.Id("t.Nodes"))),
		))
	decl(f, "Bytes returns the bytes of s.",
		jen.Func().Params(tree.Clone()).Id("Bytes").Params(jen.Id("s").Id("Str")).Index().Byte().Block(
			jen.If(jen.Id("s.Off").Op("&").Id("bufBit").Op("!=").Lit(0)).Block(
				jen.Id("o").Op(":=").Id("s.Off").Op("&^").Id("bufBit"),
				jen.Return(jen.Id("t.Buf").Index(jen.Id("o"), jen.Id("o+s.Len"), jen.Id("o+s.Len"))),
			),
			jen.Return(jen.Id("t.Src").Index(jen.Id("s.Off"), jen.Id("s.Off+s.Len"), jen.Id("s.Off+s.Len"))),
		))
	decl(f, "String returns s as a string that views the tree's memory: it is valid\nonly while the tree and its Src are.",
		jen.Func().Params(tree.Clone()).Id("String").Params(jen.Id("s").Id("Str")).String().Block(
			jen.Id("b").Op(":=").Id("t.Bytes").Call(jen.Id("s")),
			jen.If(jen.Len(jen.Id("b")).Op("==").Lit(0)).Block(jen.Return(jen.Lit(""))),
			jen.Return(jen.Qual("unsafe", "String").Call(jen.Op("&").Id("b").Index(jen.Lit(0)), jen.Len(jen.Id("b")))),
		))
	decl(f, "AddString copies b into the tree's Buf and returns it as a Str.",
		jen.Func().Params(tree.Clone()).Id("AddString").Params(jen.Id("b").Index().Byte()).Id("Str").Block(
			jen.Id("off").Op(":=").Len(jen.Id("t.Buf")),
			jen.Id("t.Buf").Op("=").Append(jen.Id("t.Buf"), jen.Id("b").Op("...")),
			jen.Return(jen.Id("Str").Values(
				jen.Id("Off").Op(":").Uint32().Call(jen.Id("off")).Op("|").Id("bufBit"),
				jen.Id("Len").Op(":").Uint32().Call(jen.Len(jen.Id("b"))),
			)),
		))
	decl(f, "Children returns the child indices of node n.",
		jen.Func().Params(tree.Clone()).Id("Children").Params(jen.Id("n").Int32()).Index().Int32().Block(
			jen.Id("nd").Op(":=").Op("&").Id("t.Nodes").Index(jen.Id("n")),
			jen.Return(jen.Id("t.Kids").Index(jen.Id("nd.Kids"), jen.Id("nd.Kids+nd.NKids"), jen.Id("nd.Kids+nd.NKids"))),
		))
	lo, hi := "nd."+props.Field, "nd."+props.Field+"+nd.N"+props.Field
	decl(f, "PropList returns the props of node n, sorted by name.",
		jen.Func().Params(tree.Clone()).Id("PropList").Params(jen.Id("n").Int32()).Index().Id("Prop").Block(
			jen.Id("nd").Op(":=").Op("&").Id("t.Nodes").Index(jen.Id("n")),
			jen.Return(jen.Id("t.Props").Index(jen.Id(lo), jen.Id(hi), jen.Id(hi))),
		))
}

// patchTypes declares Patch, PatchList and the list's accessors, one field or
// range per Patch member.
func patchTypes(f *jen.File, md *model) {
	o := md.Patch
	fields := []jen.Code{jen.Id("Kind").Id("PatchKind")}
	for _, m := range o.Members[1:] {
		prefix := ""
		if !m.all(o) {
			prefix = kindWords(m.Kinds) + ": "
		}
		switch m.Shape {
		case shapeIndices, shapeKeys:
			fields = append(fields,
				jen.Id(m.Field).Uint32().Comment(prefix+"a range of PatchList."+m.Arena),
				jen.Id("N"+m.Field).Uint32())
		case shapeProps:
			fields = append(fields,
				jen.Id(m.Field).Uint32().Comment(prefix+"a range of PatchList.Tree.Props"),
				jen.Id("N"+m.Field).Uint32())
		case shapeNode:
			fields = append(fields, jen.Id(m.Field).Int32().Comment(prefix+"a node of PatchList.Tree, or -1"))
		case shapeString:
			fields = append(fields, jen.Id(m.Field).Id("Str").Comment(prefix+"a string of PatchList.Tree"))
		}
	}
	decl(f, "Patch is one patch of a PatchList. Its members are ranges of, or indices\ninto, the list's arenas and its Tree.",
		jen.Type().Id("Patch").Struct(fields...))

	arenas := []jen.Code{
		jen.Id("Tree").Op("*").Id("Tree"),
		jen.Id("Patches").Index().Id("Patch"),
	}
	resetL := []jen.Code{jen.Id("l.Tree"), jen.Id("l.Patches")}
	resetR := []jen.Code{jen.Id("tree"), jen.Id("l.Patches").Index(jen.Empty(), jen.Lit(0))}
	for _, m := range o.Members {
		if m.Arena == "" {
			continue
		}
		elem := jen.Int32()
		if m.Shape == shapeKeys {
			elem = jen.Id("Str")
		}
		arenas = append(arenas, jen.Id(m.Arena).Index().Add(elem))
		resetL = append(resetL, jen.Id("l."+m.Arena))
		resetR = append(resetR, jen.Id("l."+m.Arena).Index(jen.Empty(), jen.Lit(0)))
	}
	decl(f, "PatchList is a list of patches; nodes, props and strings live in Tree.",
		jen.Type().Id("PatchList").Struct(arenas...))
	list := jen.Id("l").Op("*").Id("PatchList")
	decl(f, "Reset empties the list and points it at tree.",
		jen.Func().Params(list.Clone()).Id("Reset").Params(jen.Id("tree").Op("*").Id("Tree")).Block(
			jen.List(resetL...).Op("=").List(resetR...),
		))
	for _, m := range o.Members {
		var arena string
		var elem *jen.Statement
		switch m.Shape {
		case shapeIndices:
			arena, elem = "l."+m.Arena, jen.Int32()
		case shapeKeys:
			arena, elem = "l."+m.Arena, jen.Id("Str")
		case shapeProps:
			arena, elem = "l.Tree.Props", jen.Id("Prop")
		default:
			continue
		}
		doc := m.Field + "Of returns the " + m.JSON + " of p."
		if !m.all(o) {
			doc = m.Field + "Of returns the " + m.JSON + " of " + aOrAn(m.Kinds[0].Name) + " " + kindWords(m.Kinds) + " patch."
		}
		lo, hi := "p."+m.Field, "p."+m.Field+"+p.N"+m.Field
		decl(f, doc,
			jen.Func().Params(list.Clone()).Id(m.Field+"Of").Params(jen.Id("p").Op("*").Id("Patch")).Index().Add(elem).Block(
				jen.Return(jen.Id(arena).Index(jen.Id(lo), jen.Id(hi), jen.Id(hi))),
			))
	}
}

// aOrAn is "a" or "an" for word.
func aOrAn(word string) string {
	switch word[0] {
	case 'A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u':
		return "an"
	}
	return "a"
}
