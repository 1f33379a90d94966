package model

import (
	"fmt"
	"slices"
	"strings"
)

// check verifies what the vdom emitters and the hand-written code beside
// their output rely on.
func (md *Model) check() error {
	if len(md.Codes) == 0 || md.Codes[0].Value != 0 {
		return fmt.Errorf("schema: the codes must begin with 0")
	}
	for i, c := range md.Codes {
		if i > 0 && c.Value <= md.Codes[i-1].Value {
			return fmt.Errorf("schema: code %s: declare the codes in increasing order", c.Name)
		}
		if !strings.HasPrefix(c.Doc, c.Name+" ") {
			return fmt.Errorf("schema: the doc comment of code %s must begin with its name", c.Name)
		}
	}
	for _, b := range []string{"document", "depth", "nodes"} {
		if md.LimitByBounds(b) == nil {
			return fmt.Errorf("schema: no Limits field has bounds:%q", b)
		}
	}
	for _, name := range []string{"Success", "InvalidVNode", "InvalidPath", "Serialization", "InvalidUtf8", "Unknown"} {
		if md.Code(name) == nil {
			return fmt.Errorf("schema: the decoder needs the code %s", name)
		}
	}
	if len(md.Node.Members) > 8 || len(md.Patch.Members) > 8 {
		return fmt.Errorf("schema: the decoder keeps members in uint8 bit sets: at most 8 members")
	}
	allowed := []struct {
		o      *Object
		shapes []Shape
	}{
		{md.Node, []Shape{ShapeType, ShapeString, ShapeOptString, ShapeProps, ShapeChildren}},
		{md.Patch, []Shape{ShapeType, ShapeIndices, ShapeNode, ShapeString, ShapeProps, ShapeKeys}},
	}
	for _, a := range allowed {
		for _, m := range a.o.Members {
			if !slices.Contains(a.shapes, m.Shape) {
				return fmt.Errorf("schema: %s.%s: the generator has no %s member for %s", a.o.Name, m.Field, m.Shape, a.o.Name)
			}
			if err := md.checkMember(a.o, m); err != nil {
				return fmt.Errorf("schema: %s.%s: %w", a.o.Name, m.Field, err)
			}
		}
	}
	if len(md.Node.Shaped(ShapeChildren)) != 1 || len(md.Node.Shaped(ShapeProps)) != 1 {
		return fmt.Errorf("schema: VNode must have one children member and one props member")
	}
	props := md.Node.Props()
	for _, m := range md.Patch.Shaped(ShapeProps) {
		if m.Limit != props.Limit || m.KeyLimit != props.KeyLimit || m.Count != props.Count {
			return fmt.Errorf("schema: Patch.%s: props are decoded alike everywhere: give it the limits of VNode.%s", m.Field, props.Field)
		}
	}
	for _, m := range md.Node.Members {
		if m.Code.Name != "InvalidVNode" {
			return fmt.Errorf("schema: VNode.%s: a VNode member's errors are InvalidVNode", m.Field)
		}
	}

	if len(md.Patch.Shaped(ShapeIndices)) != 1 || !md.Patch.Shaped(ShapeIndices)[0].All(md.Patch) {
		return fmt.Errorf("schema: Patch must have one path member, of every kind")
	}
	if path := md.Patch.Shaped(ShapeIndices)[0]; path.Count != md.LimitByBounds("depth") {
		return fmt.Errorf("schema: Patch.%s: a path is bounded by the tree depth", path.Field)
	}
	for _, k := range md.Patch.Kinds {
		var extra []*Member
		for _, m := range md.Patch.KindMembers(k) {
			if !m.All(md.Patch) {
				extra = append(extra, m)
			}
		}
		if len(extra) > 1 {
			return fmt.Errorf("schema: patch %s carries more than one member besides the path", k.Name)
		}
	}
	if err := md.checkOptions(); err != nil {
		return err
	}
	if err := md.checkHTML(); err != nil {
		return err
	}
	return md.checkHandWritten()
}

// checkOptions checks the options of Limits: each has values, and the names
// the generator gives them cannot collide with the limits'.
func (md *Model) checkOptions() error {
	for _, o := range md.Options {
		if len(o.Values) < 2 || len(o.Values) > 255 {
			return fmt.Errorf("schema: Limits.%s: an option has 2 to 255 values", o.Name)
		}
		if !strings.HasPrefix(o.TypeDoc, o.Type+" ") {
			return fmt.Errorf("schema: the doc comment of type %s must begin with its name", o.Type)
		}
		for _, v := range o.Values {
			if !strings.HasPrefix(v.Doc, v.Name+" ") {
				return fmt.Errorf("schema: the doc comment of %s must begin with its name", v.Name)
			}
			if v.JSON == "" {
				return fmt.Errorf("schema: %s: an option value is a non-empty string", v.Name)
			}
		}
		if md.Limit(o.Name) != nil {
			return fmt.Errorf("schema: Limits.%s declared twice", o.Name)
		}
	}
	return nil
}

// checkHTML checks the html tags of VNode: what each kind writes must be one
// of the shapes the HTML emitter and the hand-written writer serve.
func (md *Model) checkHTML() error {
	o := md.Node
	for _, m := range md.Patch.Members {
		if m.HTML != "" {
			return fmt.Errorf("schema: Patch.%s: html tags belong on VNode", m.Field)
		}
	}
	for _, m := range o.Members {
		where := "schema: VNode." + m.Field
		switch m.HTML {
		case "":
		case HTMLTag, HTMLText:
			if m.Shape != ShapeString || m.HTMLArg != "" {
				return fmt.Errorf("%s: html:%q is a string member's, without an argument", where, m.HTML)
			}
		case HTMLAttrs:
			if m.Shape != ShapeProps || m.HTMLArg != "" {
				return fmt.Errorf("%s: html:%q is the props member's", where, m.HTML)
			}
		case HTMLAttr:
			if (m.Shape != ShapeString && m.Shape != ShapeOptString) || !lowerName(m.HTMLArg) {
				return fmt.Errorf("%s: html:\"attr NAME\" is a string member's, NAME a lowercase attribute name", where)
			}
		case HTMLRaw:
			if m.Shape != ShapeString || !lowerName(m.HTMLArg) {
				return fmt.Errorf("%s: html:\"raw TAG\" is a string member's, TAG a lowercase tag name", where)
			}
		default:
			return fmt.Errorf("%s: unknown html tag %q", where, m.HTML)
		}
	}
	texts := 0
	for _, k := range o.Kinds {
		roles := map[string]int{}
		for _, m := range o.KindMembers(k) {
			if m.HTML != "" {
				roles[m.HTML]++
			}
		}
		hasKids := o.Children().Has(k)
		switch {
		case roles[HTMLTag] == 1:
			if roles[HTMLText]+roles[HTMLRaw] > 0 || roles[HTMLAttrs] > 1 || !hasKids || !o.HTMLMember(k, HTMLTag).RequiredBy(k) {
				return fmt.Errorf("schema: %s: an element kind has one required html:\"tag\", at most one html:\"attrs\", html:\"attr\" members and children", k.Name)
			}
		case roles[HTMLText] == 1 || roles[HTMLRaw] == 1:
			if len(roles) != 1 || hasKids {
				return fmt.Errorf("schema: %s: a text or raw kind has that one html member and no children", k.Name)
			}
			texts += roles[HTMLText]
		case len(roles) == 0:
			if !k.Flatten || !hasKids {
				return fmt.Errorf("schema: %s: a kind without html members must be //gen:flatten with children", k.Name)
			}
		default:
			return fmt.Errorf("schema: %s: its html members say no one shape (element, text, raw or flattened)", k.Name)
		}
	}
	if texts != 1 {
		return fmt.Errorf("schema: the HTML view needs exactly one kind with an html:\"text\" member, not %d", texts)
	}
	return nil
}

// lowerName reports whether s is a name of lowercase ASCII letters, digits
// and hyphens that begins with a letter.
func lowerName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func (md *Model) checkMember(o *Object, m *Member) error {
	need := func(what string, ok bool) error {
		if !ok {
			return fmt.Errorf("a %s member needs %s", m.Shape, what)
		}
		return nil
	}
	switch m.Shape {
	case ShapeString, ShapeOptString:
		if err := need("a limit tag", m.Limit != nil); err != nil {
			return err
		}
		if m.Shape == ShapeOptString && o == md.Node {
			return need("a present tag", m.Present != "")
		}
	case ShapeProps:
		return need("limit, keylimit and count tags", m.Limit != nil && m.KeyLimit != nil && m.Count != nil)
	case ShapeChildren:
		return need("a count tag", m.Count != nil)
	case ShapeKeys:
		return need("limit, count and arena tags", m.Limit != nil && m.Count != nil && m.Arena != "")
	case ShapeIndices:
		return need("count and arena tags", m.Count != nil && m.Arena != "")
	}
	if m.Diff != "" {
		if o != md.Node {
			return fmt.Errorf("diff tags belong on VNode")
		}
		switch m.Diff {
		case DiffIdentity:
			return need("to be a string for diff:Identity", m.Shape == ShapeString || m.Shape == ShapeOptString)
		case DiffChildren:
			return need("to be children for diff:Children", m.Shape == ShapeChildren)
		case DiffUpdateText, DiffUpdateProps, DiffReplace:
			k := md.Patch.Kind(m.Diff)
			if k == nil {
				return fmt.Errorf("diff:%s names no patch kind", m.Diff)
			}
			p := md.Patch.Payload(k)
			if p == nil {
				return fmt.Errorf("diff:%s: the patch carries nothing", m.Diff)
			}
			switch p.Shape {
			case ShapeNode:
			case ShapeString:
				return need("to be a string for diff:"+m.Diff, m.Shape == ShapeString)
			case ShapeProps:
				return need("to be props for diff:"+m.Diff, m.Shape == ShapeProps)
			default:
				return fmt.Errorf("diff:%s: the patch carries a %s", m.Diff, p.Shape)
			}
		default:
			return fmt.Errorf("unknown diff tag %q", m.Diff)
		}
	} else if o == md.Node && m.Shape != ShapeType {
		return fmt.Errorf("a VNode member needs a diff tag")
	}
	return nil
}

// handWrittenLimits are the limits the hand-written decoder in
// generated/vdom/decoder.go reads by name, with the code it returns on a
// breach and what the schema's bounds tag must say. The compiler checks the
// names; this checks the rest, so that the schema and that code cannot
// disagree silently.
var handWrittenLimits = []struct{ limit, code, bounds string }{
	{"MaxJSONBytes", "JsonTooLarge", "document"},
	{"MaxTreeDepth", "TreeTooDeep", "depth"},
	{"MaxNodeCount", "TreeTooLarge", "nodes"},
	{"MaxChildrenPerNode", "TooManyChildren", ""},
	{"MaxPropsPerNode", "TooManyProps", ""},
	{"MaxPropKeyLength", "PropertyTooLong", ""},
	{"MaxPropValueLength", "PropertyTooLong", ""},
}

// checkHandWritten checks the schema says what the hand-written decoder
// assumes: the limits above, and the children and props members it decodes
// and names in its messages.
func (md *Model) checkHandWritten() error {
	const where = "generated/vdom/decoder.go"
	for _, h := range handWrittenLimits {
		l := md.Limit(h.limit)
		if l == nil || l.Code.Name != h.code || (h.bounds != "" && l.Bounds != h.bounds) {
			return fmt.Errorf("schema: %s decodes with %s (code %s, bounds %q): change it with the schema", where, h.limit, h.code, h.bounds)
		}
	}
	kids := md.Node.Children()
	if kids.JSON != "children" || kids.Count.Name != "MaxChildrenPerNode" {
		return fmt.Errorf("schema: VNode.%s: %s decodes \"children\" bounded by MaxChildrenPerNode: change it with the schema", kids.Field, where)
	}
	p := md.Node.Props()
	if p.JSON != "props" || p.Field != "Props" || p.Count.Name != "MaxPropsPerNode" ||
		p.KeyLimit.Name != "MaxPropKeyLength" || p.Limit.Name != "MaxPropValueLength" {
		return fmt.Errorf("schema: VNode.%s: %s decodes \"props\" into Node.Props bounded by MaxPropsPerNode, MaxPropKeyLength and MaxPropValueLength: change it with the schema", p.Field, where)
	}
	return nil
}

// checkABI refuses an export table the outputs could not express.
func (md *Model) checkABI() error {
	seen := map[string]bool{}
	for _, f := range md.All() {
		if seen[f.C] {
			return fmt.Errorf("abi: export %s declared twice", f.C)
		}
		seen[f.C] = true
		if !strings.HasPrefix(f.Doc, f.C+" ") {
			return fmt.Errorf("abi: the doc comment of %s must begin with its name", f.Go)
		}
		for _, p := range f.Params {
			if p.Nullable && !p.Type.Pointer {
				return fmt.Errorf("abi: %s: %s is not a pointer and cannot be nullable", f.Go, p.Go)
			}
		}
		if f.Release && (len(f.Params) != 1 || f.Params[0].Type.Name != "Handle") {
			return fmt.Errorf("abi: %s: //abi:release needs one Handle parameter", f.Go)
		}
	}
	return nil
}
