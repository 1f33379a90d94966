package main

import (
	"strings"

	"github.com/dave/jennifer/jen"
	"golang.org/x/tools/go/packages"
)

// emit_diff.go writes generated/vdom/diff_gen.go: the per-kind routines the
// reconciler calls. From the diff tags of VNode's members: Compatible
// compares the Identity members, DiffNode emits for each kind the patch a
// changed member calls for (UpdateText, UpdateProps, Replace) and reports
// whether the kind has Children, and Equal compares the other members while
// it walks two subtrees.

func init() { register("vdom/diff", emitDiff) }

func emitDiff(pkg *packages.Package) ([]output, error) {
	md, err := loadModel(pkg)
	if err != nil {
		return nil, err
	}
	f := newVdomFile()
	patchAdd(f, md)
	compatible(f, md)
	propsEqual(f)
	diffNode(f, md)
	sameEqual(f, md)
	return renderVdom(f, "diff_gen.go")
}

// nodePair names the two nodes a comparison reads: the Node pointers a and b,
// and their indices in ot and nt.
type nodePair struct{ a, b, o, n string }

// differs is the condition that member m of the nodes of p differs; for an
// optional string, its presence is compared by Compatible or here.
func differs(m *member, p nodePair) *jen.Statement {
	bytesOf := func(tree, node string) *jen.Statement {
		return jen.Id(tree + ".Bytes").Call(jen.Id(node + "." + m.Field))
	}
	switch m.Shape {
	case shapeProps:
		list := func(tree, idx string) *jen.Statement { return jen.Id(tree + ".PropList").Call(jen.Id(idx)) }
		return jen.Op("!").Id("PropsEqual").Call(jen.Id("ot"), list("ot", p.o), jen.Id("nt"), list("nt", p.n))
	case shapeOptString:
		return jen.Id(p.a+"."+m.Present).Op("!=").Id(p.b+"."+m.Present).Op("||").Id(p.a+"."+m.Present).Op("&&").
			Op("!").Qual("bytes", "Equal").Call(bytesOf("ot", p.a), bytesOf("nt", p.b))
	}
	return jen.Op("!").Qual("bytes", "Equal").Call(bytesOf("ot", p.a), bytesOf("nt", p.b))
}

// patchAdd declares PatchList.Add.
func patchAdd(f *jen.File, md *model) {
	path := md.Patch.shaped(shapeIndices)[0]
	fields := []jen.Code{
		jen.Id("Kind").Op(":").Id("k"),
		jen.Id(path.Field).Op(":").Uint32().Call(jen.Id("off")),
		jen.Id("N" + path.Field).Op(":").Uint32().Call(jen.Len(jen.Id("path"))),
	}
	for _, m := range md.Patch.shaped(shapeNode) {
		fields = append(fields, jen.Id(m.Field).Op(":").Lit(-1))
	}
	decl(f, "Add appends a patch of kind k at path and returns it for its other members.",
		jen.Func().Params(jen.Id("l").Op("*").Id("PatchList")).Id("Add").Params(jen.Id("k").Id("PatchKind"), jen.Id("path").Index().Int32()).Op("*").Id("Patch").Block(
			jen.Id("off").Op(":=").Len(jen.Id("l."+path.Arena)),
			jen.Id("l."+path.Arena).Op("=").Append(jen.Id("l."+path.Arena), jen.Id("path").Op("...")),
			jen.Id("l.Patches").Op("=").Append(jen.Id("l.Patches"), jen.Id("Patch").Values(fields...)),
			jen.Return(jen.Op("&").Id("l.Patches").Index(jen.Len(jen.Id("l.Patches")).Op("-").Lit(1))),
		))
}

// compatible declares Compatible from the Identity members: their presence
// flags compared first, then their values.
func compatible(f *jen.File, md *model) {
	o := md.Node
	same := func(k *kind) *jen.Statement {
		var terms []*jen.Statement
		ids := []*member{}
		for _, m := range canonical(o.kindMembers(k)) {
			if m.Diff == diffIdentity {
				ids = append(ids, m)
			}
		}
		for _, m := range ids {
			if m.Shape == shapeOptString {
				terms = append(terms, jen.Id("a."+m.Present).Op("==").Id("b."+m.Present))
			}
		}
		for _, m := range ids {
			eq := jen.Qual("bytes", "Equal").Call(jen.Id("ot.Bytes").Call(jen.Id("a."+m.Field)), jen.Id("nt.Bytes").Call(jen.Id("b."+m.Field)))
			if m.Shape == shapeOptString {
				eq = jen.Parens(jen.Op("!").Id("a." + m.Present).Op("||").Add(eq))
			}
			terms = append(terms, eq)
		}
		s := terms[0]
		for _, t := range terms[1:] {
			s.Op("&&").Line().Add(t)
		}
		return s
	}
	body := []jen.Code{
		jen.List(jen.Id("a"), jen.Id("b")).Op(":=").List(jen.Op("&").Id("ot.Nodes").Index(jen.Id("o")), jen.Op("&").Id("nt.Nodes").Index(jen.Id("n"))),
		jen.If(jen.Id("a.Kind").Op("!=").Id("b.Kind")).Block(jen.Return(jen.False())),
	}
	kinds := o.kindsWith(diffIdentity)
	var words []string
	for _, k := range kinds {
		var names []string
		for _, m := range canonical(o.kindMembers(k)) {
			if m.Diff == diffIdentity {
				names = append(names, "same "+m.JSON)
			}
		}
		words = append(words, "for "+strings.ToLower(k.Name)+"s, "+strings.Join(names, " and "))
	}
	switch len(kinds) {
	case 0:
		body = append(body, jen.Return(jen.True()))
	case 1:
		body = append(body,
			jen.If(jen.Id("a.Kind").Op("!=").Id(kinds[0].Go)).Block(jen.Return(jen.True())),
			jen.Return(same(kinds[0])))
	default:
		var cases []jen.Code
		for _, k := range kinds {
			cases = append(cases, jen.Case(jen.Id(k.Go)).Block(jen.Return(same(k))))
		}
		body = append(body, jen.Switch(jen.Id("a.Kind")).Block(cases...), jen.Return(jen.True()))
	}
	doc := "Compatible reports whether old node o and new node n are the same node to be patched in place (rather than replaced): same kind"
	if len(words) > 0 {
		doc += " and, " + strings.Join(words, "; ")
	}
	decl(f, fillDoc(doc+"."),
		jen.Func().Id("Compatible").Params(jen.Id("ot").Op("*").Id("Tree"), jen.Id("o").Int32(), jen.Id("nt").Op("*").Id("Tree"), jen.Id("n").Int32()).Bool().Block(body...))
}

// propsEqual declares PropsEqual.
func propsEqual(f *jen.File) {
	at := func(list, field string) *jen.Statement { return jen.Id(list).Index(jen.Id("i")).Dot(field) }
	eq := func(field string) *jen.Statement {
		return jen.Qual("bytes", "Equal").Call(jen.Id("ot.Bytes").Call(at("a", field)), jen.Id("nt.Bytes").Call(at("b", field)))
	}
	decl(f, "PropsEqual reports whether two sorted prop lists are equal.",
		jen.Func().Id("PropsEqual").Params(jen.Id("ot").Op("*").Id("Tree"), jen.Id("a").Index().Id("Prop"), jen.Id("nt").Op("*").Id("Tree"), jen.Id("b").Index().Id("Prop")).Bool().Block(
			jen.If(jen.Len(jen.Id("a")).Op("!=").Len(jen.Id("b"))).Block(jen.Return(jen.False())),
			jen.For(jen.Id("i").Op(":=").Range().Id("a")).Block(
				jen.If(at("a", "Raw").Op("!=").Add(at("b", "Raw")).Op("||").Line().
					Op("!").Add(eq("Name")).Op("||").Line().
					Op("!").Add(eq("Val"))).Block(jen.Return(jen.False())),
			),
			jen.Return(jen.True()),
		))
}

// diffNode declares DiffNode: per kind, a patch for each changed member with
// a patch diff tag, then whether the kind has children.
func diffNode(f *jen.File, md *model) {
	o := md.Node
	p := nodePair{"a", "b", "o", "n"}
	var cases []jen.Code
	var words []string
	for _, k := range o.Kinds {
		var body []jen.Code
		kids := false
		for _, m := range o.kindMembers(k) {
			switch m.Diff {
			case diffChildren:
				kids = true
				continue
			case diffUpdateText, diffUpdateProps, diffReplace:
			default:
				continue
			}
			pk := md.Patch.kind(m.Diff)
			carried := md.Patch.payload(pk)
			add := jen.Id("l.Add").Call(jen.Id(pk.Go), jen.Id("path"))
			var emit []jen.Code
			switch carried.Shape {
			case shapeNode:
				emit = []jen.Code{add.Dot(carried.Field).Op("=").Id("n")}
			case shapeString:
				emit = []jen.Code{add.Dot(carried.Field).Op("=").Id("b." + m.Field)}
			case shapeProps:
				emit = []jen.Code{
					jen.Id("p").Op(":=").Add(add),
					jen.List(jen.Id("p."+carried.Field), jen.Id("p.N"+carried.Field)).Op("=").List(jen.Id("b."+m.Field), jen.Id("b.N"+m.Field)),
				}
			}
			body = append(body, jen.If(differs(m, p)).Block(emit...))
			words = append(words, pk.Name+" for changed "+m.What)
		}
		body = append(body, jen.Return(jen.Lit(kids)))
		cases = append(cases, jen.Case(jen.Id(k.Go)).Block(body...))
	}
	decl(f, fillDoc("DiffNode emits the patches that turn old node o into new node n in place, for compatible nodes, leaving their children aside: "+strings.Join(words, ", ")+". It reports whether the children still need reconciling."),
		jen.Func().Id("DiffNode").Params(jen.Id("l").Op("*").Id("PatchList"), jen.Id("ot").Op("*").Id("Tree"), jen.Id("o").Int32(), jen.Id("nt").Op("*").Id("Tree"), jen.Id("n").Int32(), jen.Id("path").Index().Int32()).Params(jen.Id("kids").Bool()).Block(
			jen.List(jen.Id("a"), jen.Id("b")).Op(":=").List(jen.Op("&").Id("ot.Nodes").Index(jen.Id("o")), jen.Op("&").Id("nt.Nodes").Index(jen.Id("n"))),
			jen.Switch(jen.Id("a.Kind")).Block(cases...),
			jen.Return(jen.False()),
		))
}

// sameEqual declares Same and Equal, which compares per kind the members
// that Compatible and the children walk leave.
func sameEqual(f *jen.File, md *model) {
	o := md.Node
	decl(f, "Same reports whether the subtrees at o and n can be skipped as unchanged:\ntheir hashes match (or one is unhashed, 0) and Equal confirms it, so no\ncrafted collision can hide a change. Different hashes say false at once,\neven for equal subtrees written differently.",
		jen.Func().Id("Same").Params(jen.Id("ot").Op("*").Id("Tree"), jen.Id("o").Int32(), jen.Id("nt").Op("*").Id("Tree"), jen.Id("n").Int32()).Bool().Block(
			jen.List(jen.Id("a"), jen.Id("b")).Op(":=").List(jen.Id("ot.Nodes").Index(jen.Id("o")).Dot("Hash"), jen.Id("nt.Nodes").Index(jen.Id("n")).Dot("Hash")),
			jen.If(jen.Id("a").Op("!=").Id("b").Op("&&").Id("a").Op("!=").Lit(0).Op("&&").Id("b").Op("!=").Lit(0)).Block(jen.Return(jen.False())),
			jen.Return(jen.Id("Equal").Call(jen.Id("ot"), jen.Id("o"), jen.Id("nt"), jen.Id("n"))),
		))
	p := nodePair{"a", "b", "p.o", "p.n"}
	var cases []jen.Code
	for _, k := range o.Kinds {
		var body []jen.Code
		for _, m := range o.kindMembers(k) {
			if m.Diff == diffIdentity || m.Diff == diffChildren {
				continue
			}
			body = append(body, jen.If(differs(m, p)).Block(jen.Return(jen.False())))
		}
		if len(body) > 0 {
			cases = append(cases, jen.Case(jen.Id(k.Go)).Block(body...))
		}
	}
	decl(f, "Equal reports whether the subtrees at o and n are equal in DOM terms. Equal\nJSON spans decide at memory speed; otherwise the trees are walked, without\nrecursion.",
		jen.Func().Id("Equal").Params(jen.Id("ot").Op("*").Id("Tree"), jen.Id("o").Int32(), jen.Id("nt").Op("*").Id("Tree"), jen.Id("n").Int32()).Bool().Block(
			jen.List(jen.Id("a"), jen.Id("b")).Op(":=").List(jen.Op("&").Id("ot.Nodes").Index(jen.Id("o")), jen.Op("&").Id("nt.Nodes").Index(jen.Id("n"))),
			jen.If(jen.Id("a.End").Op("!=").Lit(0).Op("&&").Id("b.End").Op("!=").Lit(0).Op("&&").Id("a.End").Op("-").Id("a.Start").Op("==").Id("b.End").Op("-").Id("b.Start").Op("&&").Line().
				Qual("bytes", "Equal").Call(jen.Id("ot.Src").Index(jen.Id("a.Start"), jen.Id("a.End")), jen.Id("nt.Src").Index(jen.Id("b.Start"), jen.Id("b.End")))).Block(
				jen.Return(jen.True()),
			),
			jen.Type().Id("pair").Struct(jen.List(jen.Id("o"), jen.Id("n")).Int32()),
			jen.Id("stack").Op(":=").Index().Id("pair").Values(jen.Values(jen.Id("o"), jen.Id("n"))),
			jen.For(jen.Len(jen.Id("stack")).Op(">").Lit(0)).Block(
				jen.Id("p").Op(":=").Id("stack").Index(jen.Len(jen.Id("stack")).Op("-").Lit(1)),
				jen.Id("stack").Op("=").Id("stack").Index(jen.Empty(), jen.Len(jen.Id("stack")).Op("-").Lit(1)),
				jen.List(jen.Id("a"), jen.Id("b")).Op(":=").List(jen.Op("&").Id("ot.Nodes").Index(jen.Id("p.o")), jen.Op("&").Id("nt.Nodes").Index(jen.Id("p.n"))),
				jen.If(jen.Id("a.Kind").Op("!=").Id("b.Kind").Op("||").Id("a.NKids").Op("!=").Id("b.NKids").Op("||").Op("!").Id("Compatible").Call(jen.Id("ot"), jen.Id("p.o"), jen.Id("nt"), jen.Id("p.n"))).Block(
					jen.Return(jen.False()),
				),
				jen.Switch(jen.Id("a.Kind")).Block(cases...),
				jen.List(jen.Id("ok"), jen.Id("nk")).Op(":=").List(jen.Id("ot.Children").Call(jen.Id("p.o")), jen.Id("nt.Children").Call(jen.Id("p.n"))),
				jen.For(jen.Id("i").Op(":=").Range().Id("ok")).Block(
					jen.Id("stack").Op("=").Append(jen.Id("stack"), jen.Id("pair").Values(jen.Id("ok").Index(jen.Id("i")), jen.Id("nk").Index(jen.Id("i")))),
				),
			),
			jen.Return(jen.True()),
		))
}
