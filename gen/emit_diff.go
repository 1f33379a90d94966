package main

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/minimact/engine/gen/model"
)

// emit_diff.go writes generated/vdom/diff_gen.go: the per-kind routines the
// reconciler calls. From the diff tags of VNode's members: Compatible
// compares the Identity members, DiffNode emits for each kind the patch a
// changed member calls for (UpdateText, UpdateProps, Replace) and reports
// whether the kind has Children, and membersEqual compares the other members
// for Equal, whose walk over two subtrees is hand-written (diff.go). From
// Patch: PatchList.Add.

func emitDiff(md *model.Model) ([]output, error) {
	f := newVdomFile()
	patchAdd(f, md.Patch)
	compatible(f, md.Node)
	diffNode(f, md)
	membersEqual(f, md.Node)
	return renderVdom(f, "diff_gen.go")
}

// nodePair names the two nodes a comparison reads: the Node pointers a and b,
// and their indices in ot and nt.
type nodePair struct{ a, b, o, n string }

// differs is the condition that member m of the nodes of p differs; for an
// optional string, its presence is compared by Compatible or here.
func differs(m *model.Member, p nodePair) *jen.Statement {
	bytesOf := func(tree, node string) *jen.Statement {
		return sel(tree, "Bytes").Call(sel(node, m.Field))
	}
	switch m.Shape {
	case model.ShapeProps:
		list := func(tree, idx string) *jen.Statement { return sel(tree, "PropList").Call(jen.Id(idx)) }
		return jen.Op("!").Id("PropsEqual").Call(jen.Id("ot"), list("ot", p.o), jen.Id("nt"), list("nt", p.n))
	case model.ShapeOptString:
		return sel(p.a, m.Present).Op("!=").Add(sel(p.b, m.Present)).Op("||").Add(sel(p.a, m.Present)).Op("&&").
			Op("!").Qual("bytes", "Equal").Call(bytesOf("ot", p.a), bytesOf("nt", p.b))
	}
	return jen.Op("!").Qual("bytes", "Equal").Call(bytesOf("ot", p.a), bytesOf("nt", p.b))
}

// nodesOf is a, b := &ot.Nodes[o], &nt.Nodes[n].
func nodesOf(o, n string) *jen.Statement {
	return jen.List(jen.Id("a"), jen.Id("b")).Op(":=").List(
		jen.Op("&").Add(sel("ot", "Nodes")).Index(jen.Id(o)),
		jen.Op("&").Add(sel("nt", "Nodes")).Index(jen.Id(n)))
}

// treePair is the parameter list (ot *Tree, o int32, nt *Tree, n int32).
func treePair() []jen.Code {
	return []jen.Code{jen.Id("ot").Op("*").Id("Tree"), jen.Id("o").Int32(), jen.Id("nt").Op("*").Id("Tree"), jen.Id("n").Int32()}
}

// patchAdd declares PatchList.Add.
func patchAdd(f *jen.File, o *model.Object) {
	path := o.Shaped(model.ShapeIndices)[0]
	fields := []jen.Code{
		jen.Id("Kind").Op(":").Id("k"),
		jen.Id(path.Field).Op(":").Uint32().Call(jen.Id("off")),
		jen.Id("N" + path.Field).Op(":").Uint32().Call(jen.Len(jen.Id("path"))),
	}
	for _, m := range o.Shaped(model.ShapeNode) {
		fields = append(fields, jen.Id(m.Field).Op(":").Lit(-1))
	}
	arena := func() *jen.Statement { return sel("l", path.Arena) }
	patches := func() *jen.Statement { return sel("l", "Patches") }
	decl(f, "Add appends a patch of kind k at path and returns it for its other members.",
		jen.Func().Params(jen.Id("l").Op("*").Id("PatchList")).Id("Add").Params(jen.Id("k").Id("PatchKind"), jen.Id("path").Index().Int32()).Op("*").Id("Patch").Block(
			jen.Id("off").Op(":=").Len(arena()),
			arena().Op("=").Append(arena(), jen.Id("path").Op("...")),
			patches().Op("=").Append(patches(), jen.Id("Patch").Values(fields...)),
			jen.Return(jen.Op("&").Add(patches()).Index(jen.Len(patches()).Op("-").Lit(1))),
		))
}

// compatible declares Compatible from the Identity members: their presence
// flags compared first, then their values.
func compatible(f *jen.File, o *model.Object) {
	same := func(k *model.Kind) *jen.Statement {
		var terms []*jen.Statement
		ids := []*model.Member{}
		for _, m := range model.Canonical(o.KindMembers(k)) {
			if m.Diff == model.DiffIdentity {
				ids = append(ids, m)
			}
		}
		for _, m := range ids {
			if m.Shape == model.ShapeOptString {
				terms = append(terms, sel("a", m.Present).Op("==").Add(sel("b", m.Present)))
			}
		}
		for _, m := range ids {
			eq := jen.Qual("bytes", "Equal").Call(sel("ot", "Bytes").Call(sel("a", m.Field)), sel("nt", "Bytes").Call(sel("b", m.Field)))
			if m.Shape == model.ShapeOptString {
				eq = jen.Parens(jen.Op("!").Add(sel("a", m.Present)).Op("||").Add(eq))
			}
			terms = append(terms, eq)
		}
		s := terms[0]
		for _, t := range terms[1:] {
			s.Op("&&").Line().Add(t)
		}
		return s
	}
	kind := func() *jen.Statement { return sel("a", "Kind") }
	body := []jen.Code{
		nodesOf("o", "n"),
		jen.If(kind().Op("!=").Add(sel("b", "Kind"))).Block(jen.Return(jen.False())),
	}
	kinds := o.KindsWith(model.DiffIdentity)
	var words []string
	for _, k := range kinds {
		var names []string
		for _, m := range model.Canonical(o.KindMembers(k)) {
			if m.Diff == model.DiffIdentity {
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
			jen.If(kind().Op("!=").Id(kinds[0].Go)).Block(jen.Return(jen.True())),
			jen.Return(same(kinds[0])))
	default:
		var cases []jen.Code
		for _, k := range kinds {
			cases = append(cases, jen.Case(jen.Id(k.Go)).Block(jen.Return(same(k))))
		}
		body = append(body, jen.Switch(kind()).Block(cases...), jen.Return(jen.True()))
	}
	doc := "Compatible reports whether old node o and new node n are the same node to be patched in place (rather than replaced): same kind"
	if len(words) > 0 {
		doc += " and, " + strings.Join(words, "; ")
	}
	decl(f, fillDoc(doc+"."),
		jen.Func().Id("Compatible").Params(treePair()...).Bool().Block(body...))
}

// diffNode declares DiffNode: per kind, a patch for each changed member with
// a patch diff tag, then whether the kind has children.
func diffNode(f *jen.File, md *model.Model) {
	o := md.Node
	p := nodePair{"a", "b", "o", "n"}
	var cases []jen.Code
	var words []string
	for _, k := range o.Kinds {
		var body []jen.Code
		kids := false
		for _, m := range o.KindMembers(k) {
			switch m.Diff {
			case model.DiffChildren:
				kids = true
				continue
			case model.DiffUpdateText, model.DiffUpdateProps, model.DiffReplace:
			default:
				continue
			}
			pk := md.Patch.Kind(m.Diff)
			carried := md.Patch.Payload(pk)
			add := sel("l", "Add").Call(jen.Id(pk.Go), jen.Id("path"))
			var emit []jen.Code
			switch carried.Shape {
			case model.ShapeNode:
				emit = []jen.Code{add.Dot(carried.Field).Op("=").Id("n")}
			case model.ShapeString:
				emit = []jen.Code{add.Dot(carried.Field).Op("=").Add(sel("b", m.Field))}
			case model.ShapeProps:
				emit = []jen.Code{
					jen.Id("p").Op(":=").Add(add),
					jen.List(sel("p", carried.Field), sel("p", "N"+carried.Field)).Op("=").List(sel("b", m.Field), sel("b", "N"+m.Field)),
				}
			}
			body = append(body, jen.If(differs(m, p)).Block(emit...))
			words = append(words, pk.Name+" for changed "+m.What)
		}
		body = append(body, jen.Return(jen.Lit(kids)))
		cases = append(cases, jen.Case(jen.Id(k.Go)).Block(body...))
	}
	decl(f, fillDoc("DiffNode emits the patches that turn old node o into new node n in place, for compatible nodes, leaving their children aside: "+strings.Join(words, ", ")+". It reports whether the children still need reconciling."),
		jen.Func().Id("DiffNode").Params(append([]jen.Code{jen.Id("l").Op("*").Id("PatchList")}, append(treePair(), jen.Id("path").Index().Int32())...)...).Params(jen.Id("kids").Bool()).Block(
			nodesOf("o", "n"),
			jen.Switch(sel("a", "Kind")).Block(cases...),
			jen.Return(jen.False()),
		))
}

// membersEqual declares membersEqual, which compares per kind the members
// that Compatible and the children walk leave.
func membersEqual(f *jen.File, o *model.Object) {
	p := nodePair{"a", "b", "o", "n"}
	var cases []jen.Code
	for _, k := range o.Kinds {
		var body []jen.Code
		for _, m := range o.KindMembers(k) {
			if m.Diff == model.DiffIdentity || m.Diff == model.DiffChildren {
				continue
			}
			body = append(body, jen.If(differs(m, p)).Block(jen.Return(jen.False())))
		}
		if len(body) > 0 {
			cases = append(cases, jen.Case(jen.Id(k.Go)).Block(body...))
		}
	}
	decl(f, "membersEqual reports whether compatible nodes o and n of the same kind have\nequal members, their children aside.",
		jen.Func().Id("membersEqual").Params(treePair()...).Bool().Block(
			nodesOf("o", "n"),
			jen.Switch(sel("a", "Kind")).Block(cases...),
			jen.Return(jen.True()),
		))
}
