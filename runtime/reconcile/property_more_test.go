package reconcile_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/internal/treegen"
	"github.com/minimact/engine/runtime/patch"
	"github.com/minimact/engine/runtime/reconcile"
)

// This file extends property_test.go: decode/encode identities, exactness on
// deep, wide and keyed trees, and robustness on broken input and arbitrary
// patch lists. Each property's input is drawn from a treegen generator
// (models, deep and wide trees, pairs and chains of them) and shrinks
// structurally, so that a failure shows a small input; a Seed (which does not
// shrink) drives what is not the input: how a tree is spelled, which bytes
// are damaged, which patches are tried.

func moreParams(n int) *gopter.TestParameters {
	p := treegen.Params()
	p.MinSuccessfulTests = n
	if testing.Short() {
		p.MinSuccessfulTests = max(n/10, 20)
	}
	return p
}

func rng(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x5851f42d4c957f2d)) }

// The generators of the properties' inputs.

// models generates random models (randModel).
func models() gopter.Gen { return treegen.TreesOf(randModel) }

// modelPairs generates a model and a change of it (mutateModel), or another.
func modelPairs() gopter.Gen {
	return treegen.PairsOf(func(r *rand.Rand) (old, new *treegen.Node) {
		o := randModel(r)
		n := o.Clone()
		if r.IntN(4) == 0 {
			n = randModel(r)
		} else {
			mutateModel(r, n)
		}
		return o, n
	})
}

// deepTrees generates deep models (deepModel).
func deepTrees() gopter.Gen {
	return treegen.TreesOf(func(r *rand.Rand) *treegen.Node { m, _ := deepModel(r); return m })
}

// deepPairs generates a deep model and a change along its chain.
func deepPairs() gopter.Gen {
	return treegen.PairsOf(func(r *rand.Rand) (old, new *treegen.Node) {
		m, path := deepModel(r)
		return m, mutateDeep(r, m, slices.Clone(path))
	})
}

// widePairs generates a wide model and list edits of it.
func widePairs() gopter.Gen {
	return treegen.PairsOf(func(r *rand.Rand) (old, new *treegen.Node) {
		m := wideModel(r)
		return m, mutateWide(r, m)
	})
}

// clip shortens s for failure messages.
func clip(s []byte) string {
	if len(s) > 1500 {
		return string(s[:700]) + fmt.Sprintf(" …(%d bytes)… ", len(s)-1400) + string(s[len(s)-700:])
	}
	return string(s)
}

// ---- a model of VNode trees, and random spellings of it ----

// The model is a treegen tree in DOM terms: no Fragment below the root, no
// nulls, prop names unique, props as Attrs (a raw prop's value is JSON other
// than a string, written as is). Its canonical JSON is what vdom.Encoder
// must give for any spelling of it.

func sp(s string) *string { return &s }

// Random content. Strings mix plain text with everything JSON must escape or
// may escape: quotes, backslashes, control bytes, non-ASCII, non-BMP.
var runePool = []rune{'a', 'b', 'z', ' ', '"', '\\', '/', '\n', '\t', '\r', '\b', '\f', 0, 0x1f, 0x7f,
	'é', '€', '😀', 0x2028, 0xfffd, 0xffff, 0x10ffff, '<', '>', '&', '\''}

func randString(r *rand.Rand, maxLen int) string {
	n := r.IntN(maxLen + 1)
	var b []byte
	for i := 0; i < n; i++ {
		switch r.IntN(4) {
		case 0:
			b = utf8.AppendRune(b, runePool[r.IntN(len(runePool))])
		case 1:
			c := rune(r.IntN(0x10fff0) + 1)
			if c >= 0xd800 && c < 0xe000 {
				c = 'x'
			}
			b = utf8.AppendRune(b, c)
		default:
			b = append(b, byte('a'+r.IntN(26)))
		}
	}
	return string(b)
}

var rawValues = []string{"0", "-1.5e3", "12", "true", "false", "null", "[]", "{}", `[1,"a\"b",null]`, `{"k":{"n":[true]}}`}

func randProps(r *rand.Rand, max int) []treegen.Prop {
	var ps []treegen.Prop
	seen := map[string]bool{}
	for i := r.IntN(max + 1); i > 0; i-- {
		name := []string{"class", "id", "style", "data-x", "", "on:click", "é", "a\"b"}[r.IntN(8)]
		if r.IntN(4) == 0 {
			name = randString(r, 6)
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		p := treegen.Prop{Name: name, Value: randString(r, 8)}
		if r.IntN(5) == 0 {
			p.Value, p.Raw = rawValues[r.IntN(len(rawValues))], true
		}
		ps = append(ps, p)
	}
	return ps
}

// randModel returns a random tree: the root is mostly an element, sometimes a
// Fragment, a text or raw HTML.
func randModel(r *rand.Rand) *treegen.Node {
	switch r.IntN(20) {
	case 0:
		return treegen.Txt(randString(r, 10))
	case 1:
		return treegen.Raw(randString(r, 10))
	case 2, 3:
		m := treegen.Frag()
		for i := r.IntN(5); i > 0; i-- {
			m.Children = append(m.Children, randNode(r, 1, 4))
		}
		return m
	}
	return randElement(r, 0, 4)
}

func randElement(r *rand.Rand, depth, maxDepth int) *treegen.Node {
	m := treegen.Elem([]string{"div", "p", "li", "my-widget", "é"}[r.IntN(5)], randProps(r, 3))
	if r.IntN(3) == 0 {
		m.Key = sp([]string{"a", "b", "c", "", "k\"1", randString(r, 4)}[r.IntN(6)])
	}
	if depth < maxDepth {
		for i := r.IntN(5); i > 0; i-- {
			m.Children = append(m.Children, randNode(r, depth+1, maxDepth))
		}
	}
	return m
}

func randNode(r *rand.Rand, depth, maxDepth int) *treegen.Node {
	switch r.IntN(6) {
	case 0, 1:
		return treegen.Txt(randString(r, 10))
	case 2:
		return treegen.Raw(randString(r, 10))
	}
	return randElement(r, depth, maxDepth)
}

// speller writes a tree as JSON the way a host might: members in any order,
// whitespace, escapes where none are needed, nulls, Fragments wrapping runs
// of children, unknown members, empty members of other kinds. Every spelling
// decodes to the same tree.
type speller struct {
	r     *rand.Rand
	b     []byte
	fancy bool // whitespace, escapes, member order, unknown members
	frags bool // nulls and Fragments among children (adds nesting)
}

func (s *speller) ws() {
	if s.fancy {
		s.b = append(s.b, []string{"", "", "", " ", "\n  ", "\t", "\r\n"}[s.r.IntN(7)]...)
	}
}

const hexLower, hexUpper = "0123456789abcdef", "0123456789ABCDEF"

func (s *speller) u16(c rune) {
	h := hexLower
	if s.r.IntN(2) == 0 {
		h = hexUpper
	}
	s.b = append(s.b, '\\', 'u', h[c>>12&15], h[c>>8&15], h[c>>4&15], h[c&15])
}

// shortEscape returns the letter of c's two-byte escape, or 0.
func shortEscape(c rune) byte {
	switch c {
	case '"', '\\', '/':
		return byte(c)
	case '\n':
		return 'n'
	case '\r':
		return 'r'
	case '\t':
		return 't'
	case '\b':
		return 'b'
	case '\f':
		return 'f'
	}
	return 0
}

func (s *speller) str(x string) {
	s.b = append(s.b, '"')
	for _, c := range x {
		short := shortEscape(c)
		must := c < 0x20 || c == '"' || c == '\\'
		switch {
		case must || (s.fancy && s.r.IntN(5) == 0):
			switch {
			case short != 0 && s.r.IntN(2) == 0:
				s.b = append(s.b, '\\', short)
			case c >= 0x10000:
				c -= 0x10000
				s.u16(0xd800 + c>>10)
				s.u16(0xdc00 + c&0x3ff)
			default:
				s.u16(c)
			}
		default:
			s.b = utf8.AppendRune(s.b, c)
		}
	}
	s.b = append(s.b, '"')
}

// junk writes a random JSON value nested at most depth deep.
func (s *speller) junk(depth int) {
	switch k := s.r.IntN(8); {
	case k == 0 && depth > 0:
		s.b = append(s.b, '[')
		for i := s.r.IntN(3); i > 0; i-- {
			s.ws()
			s.junk(depth - 1)
			s.b = append(s.b, ',')
		}
		s.ws()
		s.junk(depth - 1)
		s.b = append(s.b, ']')
	case k == 1 && depth > 0:
		s.b = append(s.b, '{')
		n := s.r.IntN(3)
		for i := 0; i < n; i++ {
			if i > 0 {
				s.b = append(s.b, ',')
			}
			s.ws()
			s.str(randString(s.r, 4))
			s.b = append(s.b, ':')
			s.junk(depth - 1)
		}
		s.b = append(s.b, '}')
	case k == 2:
		s.str(randString(s.r, 6))
	default:
		s.b = append(s.b, rawValues[s.r.IntN(len(rawValues))]...)
	}
}

type member struct {
	name  string
	write func()
}

func (s *speller) object(ms []member) {
	if s.fancy {
		s.r.Shuffle(len(ms), func(i, j int) { ms[i], ms[j] = ms[j], ms[i] })
		if s.r.IntN(4) == 0 {
			at := s.r.IntN(len(ms) + 1)
			name := []string{"x", "Type", "tags", "__meta", "$id", "child", "keys", ""}[s.r.IntN(8)]
			ms = slices.Insert(ms, at, member{name, func() { s.junk(3) }})
		}
	}
	s.b = append(s.b, '{')
	for i, m := range ms {
		if i > 0 {
			s.b = append(s.b, ',')
		}
		s.ws()
		s.str(m.name)
		s.ws()
		s.b = append(s.b, ':')
		s.ws()
		m.write()
		s.ws()
	}
	s.b = append(s.b, '}')
}

func (s *speller) node(m *treegen.Node) {
	kindName := m.Type
	ms := []member{{"type", func() { s.str(kindName) }}}
	switch m.Type {
	case treegen.Element:
		ms = append(ms, member{"tag", func() { s.str(m.Tag) }})
		if m.Key != nil {
			ms = append(ms, member{"key", func() { s.str(*m.Key) }})
		} else if s.fancy && s.r.IntN(3) == 0 {
			ms = append(ms, member{"key", func() { s.b = append(s.b, "null"...) }})
		}
		if ps := m.PropList(); len(ps) > 0 || !s.fancy || s.r.IntN(2) == 0 {
			ms = append(ms, member{"props", func() { s.props(ps) }})
		}
		ms = append(ms, s.childrenMember(m.Children)...)
	case treegen.Text:
		ms = append(ms, member{"content", func() { s.str(m.Str()) }})
		ms = append(ms, s.emptyMembers("tag", "props", "children", "key", "html")...)
	case treegen.RawHtml:
		ms = append(ms, member{"html", func() { s.str(m.Str()) }})
		ms = append(ms, s.emptyMembers("tag", "props", "children", "key", "content")...)
	case treegen.Fragment:
		ms = append(ms, s.childrenMember(m.Children)...)
		ms = append(ms, s.emptyMembers("tag", "props", "key", "content", "html")...)
	}
	s.object(ms)
}

// emptyMembers returns, at random, members of other kinds with empty values,
// which the decoder treats as absent.
func (s *speller) emptyMembers(names ...string) []member {
	if !s.fancy || s.r.IntN(3) != 0 {
		return nil
	}
	name := names[s.r.IntN(len(names))]
	val := map[string][]string{
		"tag": {`""`, "null"}, "props": {"{}", "null"}, "children": {"[]", "null", "[null]"},
		"key": {"null"}, "html": {`""`, "null"}, "content": {`""`, "null"},
	}[name]
	v := val[s.r.IntN(len(val))]
	return []member{{name, func() { s.b = append(s.b, v...) }}}
}

func (s *speller) props(ps []treegen.Prop) {
	ps = slices.Clone(ps)
	if s.fancy {
		s.r.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
	}
	s.b = append(s.b, '{')
	for i, p := range ps {
		if i > 0 {
			s.b = append(s.b, ',')
		}
		s.ws()
		s.str(p.Name)
		s.ws()
		s.b = append(s.b, ':')
		s.ws()
		if p.Raw {
			s.b = append(s.b, p.Value...)
		} else {
			s.str(p.Value)
		}
		s.ws()
	}
	s.b = append(s.b, '}')
}

func (s *speller) childrenMember(kids []*treegen.Node) []member {
	if len(kids) == 0 && s.fancy {
		switch s.r.IntN(4) {
		case 0:
			return nil
		case 1:
			return []member{{"children", func() { s.b = append(s.b, "null"...) }}}
		}
	}
	return []member{{"children", func() { s.kids(kids, 2) }}}
}

func (s *speller) kids(kids []*treegen.Node, fragDepth int) {
	s.b = append(s.b, '[')
	first := true
	sep := func() {
		if !first {
			s.b = append(s.b, ',')
		}
		first = false
		s.ws()
	}
	for i := 0; i <= len(kids); {
		if s.frags && s.r.IntN(6) == 0 {
			sep()
			if s.r.IntN(2) == 0 {
				s.b = append(s.b, "null"...)
			} else {
				s.b = append(s.b, `{"type":"Fragment"}`...)
			}
			continue
		}
		if i == len(kids) {
			break
		}
		sep()
		if s.frags && fragDepth > 0 && s.r.IntN(6) == 0 {
			n := 1 + s.r.IntN(min(3, len(kids)-i))
			s.b = append(s.b, `{"type":"Fragment","children":`...)
			s.kids(kids[i:i+n], fragDepth-1)
			s.b = append(s.b, '}')
			i += n
			continue
		}
		s.node(kids[i])
		i++
	}
	s.b = append(s.b, ']')
}

func spell(r *rand.Rand, m *treegen.Node, fancy, frags bool) []byte {
	s := &speller{r: r, fancy: fancy, frags: frags}
	s.ws()
	s.node(m)
	s.ws()
	return s.b
}

// ---- checks ----

// big is limits far above anything the properties make, in the view.
func big() vdom.Limits {
	return vdom.Limits{MaxJSONBytes: 1 << 30, MaxNodeCount: 1 << 24, MaxTreeDepth: 1 << 20,
		MaxChildrenPerNode: 1 << 24, MaxPropsPerNode: 1 << 20, DOMView: view}
}

func decodeErr(src []byte) (*vdom.Tree, error) {
	t := &vdom.Tree{}
	return t, vdom.NewDecoder(lim()).DecodeTree(src, t)
}

// roundTrip checks decode∘encode on a tree decoded from src: the encoding
// decodes to an Equal tree, and encodes to the same bytes again.
func roundTrip(src []byte) string {
	t1, err := decodeErr(src)
	if err != nil {
		return fmt.Sprintf("decode: %v\n%s", err, clip(src))
	}
	var e vdom.Encoder
	e1 := slices.Clone(e.AppendTree(nil, t1, t1.Root))
	t2, err := decodeErr(e1)
	if err != nil {
		return fmt.Sprintf("the encoding does not decode: %v\nsrc %s\nenc %s", err, clip(src), clip(e1))
	}
	if !patch.Equal(t1, t2) || !patch.Equal(t2, t1) {
		return fmt.Sprintf("decode(encode(decode(x))) != decode(x)\nsrc %s\nenc %s", clip(src), clip(e1))
	}
	if e2 := e.AppendTree(nil, t2, t2.Root); !bytes.Equal(e1, e2) {
		return fmt.Sprintf("encoding not stable\nfirst  %s\nsecond %s", clip(e1), clip(e2))
	}
	return ""
}

// exact reconciles old into new and checks that the list is exact: every
// patch passes CanApply against the tree as it stands at its turn, and the
// result equals new — for the in-memory list and for its JSON as the client
// receives it, decoded again.
func exact(oldJSON, newJSON []byte) (*vdom.PatchList, string) {
	old, err := decodeErr(oldJSON)
	if err != nil {
		return nil, fmt.Sprintf("old: %v", err)
	}
	new, err := decodeErr(newJSON)
	if err != nil {
		return nil, fmt.Sprintf("new: %v", err)
	}
	out, err := reconcile.New(lim()).JSON(oldJSON, newJSON)
	if err != nil {
		return nil, fmt.Sprintf("JSON: %v", err)
	}
	out = slices.Clone(out)
	l := reconcile.Diff(old, new)
	var e vdom.Encoder
	if enc := e.AppendPatches(nil, l); !bytes.Equal(enc, out) {
		return nil, fmt.Sprintf("Diff and JSON disagree:\n%s\n%s", clip(enc), clip(out))
	}
	report := func(what string) string {
		return fmt.Sprintf("%s\nold %s\nnew %s\npatches %s", what, clip(oldJSON), clip(newJSON), clip(out))
	}
	got, i, err := applyInTurn(old, l)
	if err != nil {
		return nil, report(fmt.Sprintf("patch %d: %v", i, err))
	}
	if !patch.Equal(got, new) {
		return nil, report("Apply(old, Diff(old, new)) != new; got " + clip([]byte(encodeTree(got))))
	}
	var wire vdom.PatchList
	if err := vdom.NewDecoder(big()).DecodePatches(out, &wire); err != nil {
		return nil, report(fmt.Sprintf("the patch JSON does not decode: %v", err))
	}
	if enc := e.AppendPatches(nil, &wire); !bytes.Equal(enc, out) {
		return nil, report("the patch JSON re-encodes differently: " + clip(enc))
	}
	got, i, err = applyInTurn(old, &wire)
	if err != nil {
		return nil, report(fmt.Sprintf("decoded patch %d: %v", i, err))
	}
	if !patch.Equal(got, new) {
		return nil, report("Apply(old, decoded patches) != new")
	}
	return l, ""
}

// ---- decode ∘ encode ----

func TestPropertyDecodeEncode(t *testing.T) { forViews(t, testPropertyDecodeEncode) }

func testPropertyDecodeEncode(t *testing.T) {
	props := gopter.NewProperties(moreParams(2000))
	props.Property("decode(a spelling of m) encodes to canonical(m)", prop.ForAll(
		func(m *treegen.Node, seed uint64) string {
			r := rng(seed)
			src := spell(r, m, true, true)
			tr, err := decodeErr(src)
			if err != nil {
				return fmt.Sprintf("decode: %v\n%s", err, clip(src))
			}
			var e vdom.Encoder
			got, want := e.AppendTree(nil, tr, tr.Root), m.CanonicalJSON()
			if view == vdom.ViewHTML {
				want = m.HTMLView().CanonicalJSON()
			}
			if !bytes.Equal(got, want) {
				return fmt.Sprintf("src  %s\ngot  %s\nwant %s", clip(src), clip(got), clip(want))
			}
			return ""
		},
		models(), treegen.Seed(),
	))
	props.Property("decode(encode(decode(x))) == decode(x), encode byte-stable", prop.ForAll(
		func(m, tr *treegen.Node, seed uint64) string {
			if msg := roundTrip(spell(rng(seed), m, true, true)); msg != "" {
				return msg
			}
			return roundTrip(tr.JSON())
		},
		models(), treegen.AnyTree(), treegen.Seed(),
	))
	props.Property("two spellings of a tree are Equal and reconcile to []", prop.ForAll(
		func(m *treegen.Node, seed uint64) string {
			r := rng(seed)
			a, b := spell(r, m, true, true), spell(r, m, r.IntN(2) == 0, true)
			ta, err1 := decodeErr(a)
			tb, err2 := decodeErr(b)
			if err1 != nil || err2 != nil {
				return fmt.Sprintf("decode: %v %v", err1, err2)
			}
			if !patch.Equal(ta, tb) {
				return fmt.Sprintf("not Equal:\n%s\n%s", clip(a), clip(b))
			}
			out, err := reconcile.New(lim()).JSON(a, b)
			if err != nil || string(out) != "[]" {
				return fmt.Sprintf("reconcile gave %s %v\nold %s\nnew %s", out, err, clip(a), clip(b))
			}
			return ""
		},
		models(), treegen.Seed(),
	))
	props.Property("patch lists: decode(encode(decode(p))) == decode(p), encode byte-stable", prop.ForAll(
		func(p treegen.Pair) string {
			p1, err := reconcile.New(lim()).JSON(p.Old.JSON(), p.New.JSON())
			if err != nil {
				return err.Error()
			}
			p1 = slices.Clone(p1)
			d := vdom.NewDecoder(lim())
			var l1, l2 vdom.PatchList
			if err := d.DecodePatches(p1, &l1); err != nil {
				return fmt.Sprintf("decode %s: %v", clip(p1), err)
			}
			var e vdom.Encoder
			p2 := slices.Clone(e.AppendPatches(nil, &l1))
			if err := d.DecodePatches(p2, &l2); err != nil {
				return fmt.Sprintf("decode %s: %v", clip(p2), err)
			}
			p3 := e.AppendPatches(nil, &l2)
			if !bytes.Equal(p1, p2) || !bytes.Equal(p2, p3) {
				return fmt.Sprintf("not stable:\n%s\n%s\n%s", clip(p1), clip(p2), clip(p3))
			}
			return ""
		},
		treegen.AnyPair(),
	))
	props.TestingRun(t)
}

// ---- exactness on deep, wide and keyed trees ----

var tagPool = []string{"div", "span", "li", "p", "section"}

// deepModel returns a chain of nested elements whose deepest node, a text, is
// at depth 90..100, with siblings along the way, and the path to that text.
func deepModel(r *rand.Rand) (*treegen.Node, []int) {
	depth := 90 + r.IntN(11)
	leaf := treegen.Txt("leaf " + strconv.Itoa(depth))
	node, path := leaf, []int{}
	for d := depth - 1; d >= 0; d-- {
		el := treegen.Elem(tagPool[r.IntN(len(tagPool))], randProps(r, 1))
		if r.IntN(5) == 0 {
			el.Key = sp("k" + strconv.Itoa(r.IntN(4)))
		}
		at := 0
		for i := r.IntN(4); i > 0; i-- {
			el.Children = append(el.Children, sibling(r, d >= 98))
		}
		if len(el.Children) > 0 {
			at = r.IntN(len(el.Children) + 1)
		}
		el.Children = slices.Insert(el.Children, at, node)
		node = el
		path = append([]int{at}, path...)
	}
	return node, path
}

// sibling returns a small node to stand beside the chain; leaf says it must
// have no children (near the depth limit).
func sibling(r *rand.Rand, leaf bool) *treegen.Node {
	switch r.IntN(4) {
	case 0:
		return treegen.Txt(randString(r, 5))
	case 1:
		li := treegen.Elem("li", nil).WithKey("s" + strconv.Itoa(r.IntN(6)))
		if !leaf {
			li.Children = []*treegen.Node{treegen.Txt("x")}
		}
		return li
	case 2:
		return treegen.Raw("<hr>")
	}
	return treegen.Elem("em", randProps(r, 2))
}

// viewPath is the path in the HTML view of the non-empty text at path in the
// flat model m: at each level, the index counts runs of adjacent texts as
// one node and empty texts as none.
func viewPath(m *treegen.Node, path []int) []int {
	out := make([]int, 0, len(path))
	for _, i := range path {
		vi, prevText := -1, false
		for j, k := range m.Children[:i+1] {
			text := k.Type == treegen.Text
			if text && k.Str() == "" && j != i {
				continue
			}
			if !text || !prevText {
				vi++
			}
			prevText = text
		}
		out = append(out, vi)
		m = m.Children[i]
	}
	return out
}

// mutateDeep changes a deep tree at a few random levels along the chain.
func mutateDeep(r *rand.Rand, m *treegen.Node, path []int) *treegen.Node {
	m = m.Clone()
	for k := 1 + r.IntN(4); k > 0; k-- {
		level := r.IntN(len(path) + 1)
		n := m
		for _, i := range path[:level] {
			n = n.Children[i]
		}
		if n.Type == treegen.Text {
			n.SetStr(n.Str() + "!")
			continue
		}
		chain := path[level]
		switch r.IntN(7) {
		case 0:
			n.Attrs = randProps(r, 2)
		case 1:
			if r.IntN(4) == 0 {
				n.Tag = "article" // the whole chain below is replaced
			}
		case 2, 3: // insert or remove a sibling of the chain (the chain keeps its place in path)
			if r.IntN(2) == 0 || len(n.Children) == 1 {
				n.Children = slices.Insert(n.Children, len(n.Children), sibling(r, level >= 98))
			} else if i := r.IntN(len(n.Children)); i != chain {
				n.Children = slices.Delete(n.Children, i, i+1)
				if i < chain {
					path[level]--
				}
			}
		case 4: // swap two siblings other than the chain
			i, j := r.IntN(len(n.Children)), r.IntN(len(n.Children))
			if i != chain && j != chain {
				n.Children[i], n.Children[j] = n.Children[j], n.Children[i]
			}
		case 5:
			for _, k := range n.Children {
				if k.Type == treegen.Text {
					k.SetStr(randString(r, 4))
				}
			}
		case 6: // move the chain itself within its siblings
			to := r.IntN(len(n.Children))
			c := n.Children[chain]
			n.Children = slices.Insert(slices.Delete(n.Children, chain, chain+1), to, c)
			path[level] = to
		}
	}
	return m
}

// wideModel returns a root with 500..1000 children of every kind: keyed items
// (mostly unique keys), unkeyed items, texts, raw HTML, small subtrees.
func wideModel(r *rand.Rand) *treegen.Node {
	n := 500 + r.IntN(501)
	root := treegen.Elem("ul", nil)
	for i := 0; i < n; i++ {
		root.Children = append(root.Children, wideChild(r, i))
	}
	return root
}

func wideChild(r *rand.Rand, i int) *treegen.Node {
	switch x := r.IntN(20); {
	case x < 9:
		k := "i" + strconv.Itoa(i)
		if r.IntN(20) == 0 {
			k = "dup" + strconv.Itoa(r.IntN(3))
		}
		return treegen.Elem("li", nil, treegen.Txt(k)).WithKey(k)
	case x < 13:
		return treegen.Elem("li", nil, treegen.Txt("u"+strconv.Itoa(i)))
	case x < 16:
		return treegen.Txt("t" + strconv.Itoa(i))
	case x < 17:
		return treegen.Raw("<b>" + strconv.Itoa(i) + "</b>")
	}
	return randElement(r, 1, 3)
}

// mutateWide applies list edits: removals, insertions, moves of blocks,
// reversals and shuffles of windows, and changes inside items.
func mutateWide(r *rand.Rand, m *treegen.Node) *treegen.Node {
	m = m.Clone()
	kids := m.Children
	for k := 1 + r.IntN(5); k > 0; k-- {
		switch r.IntN(7) {
		case 0:
			for j := r.IntN(50); j > 0 && len(kids) > 0; j-- {
				i := r.IntN(len(kids))
				kids = slices.Delete(kids, i, i+1)
			}
		case 1:
			for j := r.IntN(50); j > 0 && len(kids) < 1000; j-- {
				kids = slices.Insert(kids, r.IntN(len(kids)+1), wideChild(r, 2000+r.IntN(1000)))
			}
		case 2:
			if len(kids) > 2 {
				i := r.IntN(len(kids) - 1)
				j := i + 1 + r.IntN(min(40, len(kids)-i-1))
				block := slices.Clone(kids[i:j])
				kids = slices.Delete(kids, i, j)
				kids = slices.Insert(kids, r.IntN(len(kids)+1), block...)
			}
		case 3:
			if len(kids) > 2 {
				i := r.IntN(len(kids) - 1)
				slices.Reverse(kids[i : i+1+r.IntN(min(60, len(kids)-i-1))])
			}
		case 4:
			if len(kids) > 2 {
				i := r.IntN(len(kids) - 1)
				w := kids[i : i+1+r.IntN(min(30, len(kids)-i-1))]
				r.Shuffle(len(w), func(a, b int) { w[a], w[b] = w[b], w[a] })
			}
		case 5:
			for j := r.IntN(20); j > 0 && len(kids) > 0; j-- {
				c := kids[r.IntN(len(kids))]
				switch c.Type {
				case treegen.Text, treegen.RawHtml:
					c.SetStr(c.Str() + "*")
				case treegen.Element:
					c.Attrs = randProps(r, 2)
					if len(c.Children) > 0 && c.Children[0].Type == treegen.Text {
						c.Children[0].SetStr(c.Children[0].Str() + "*")
					}
				}
			}
		case 6:
			if r.IntN(4) == 0 {
				r.Shuffle(len(kids), func(a, b int) { kids[a], kids[b] = kids[b], kids[a] })
			}
		}
	}
	m.Children = kids
	return m
}

func TestPropertyExactDeepWide(t *testing.T) { forViews(t, testPropertyExactDeepWide) }

func testPropertyExactDeepWide(t *testing.T) {
	props := gopter.NewProperties(moreParams(300))
	wide := gopter.NewProperties(moreParams(60))
	props.Property("deep trees (depth 90-100): exact, every patch applicable in turn", prop.ForAll(
		func(p treegen.Pair, seed uint64) string {
			r := rng(seed)
			_, msg := exact(spell(r, p.Old, true, false), spell(r, p.New, true, false))
			return msg
		},
		deepPairs(), treegen.Seed(),
	))
	props.Property("deep trees: a changed leaf is one UpdateText at its path", prop.ForAll(
		func(m *treegen.Node, seed uint64) string {
			r := rng(seed)
			path, ok := leafPath(m)
			if !ok {
				return "" // shrunk past the leaf
			}
			n := m.Clone()
			leaf := n
			for _, i := range path {
				leaf = leaf.Children[i]
			}
			leaf.SetStr("changed")
			l, msg := exact(spell(r, m, true, false), spell(r, n, true, false))
			if msg != "" {
				return msg
			}
			if view == vdom.ViewHTML {
				path = viewPath(m, path)
			}
			if len(l.Patches) != 1 || l.Patches[0].Kind != vdom.PatchUpdateText || !pathIs(l.PathOf(&l.Patches[0]), path) {
				var e vdom.Encoder
				return fmt.Sprintf("want one UpdateText at %v, got %s", path, e.AppendPatches(nil, l))
			}
			return ""
		},
		deepTrees(), treegen.Seed(),
	))
	wide.Property("wide trees (500-1000 children): exact, every patch applicable in turn", prop.ForAll(
		func(p treegen.Pair, seed uint64) string {
			r := rng(seed)
			_, msg := exact(spell(r, p.Old, false, false), spell(r, p.New, r.IntN(2) == 0, false))
			return msg
		},
		widePairs(), treegen.Seed(),
	))
	wide.TestingRun(t)
	props.Property("spellings of treegen pairs (Fragments, nulls, escapes): exact", prop.ForAll(
		func(p treegen.Pair, seed uint64) string {
			r := rng(seed)
			_, msg := exact(spell(r, p.Old.Flat(), true, true), spell(r, p.New.Flat(), true, true))
			return msg
		},
		treegen.AnyPair(), treegen.Seed(),
	))
	props.Property("random model pairs: exact", prop.ForAll(
		func(p treegen.Pair, seed uint64) string {
			r := rng(seed)
			_, msg := exact(spell(r, p.Old, true, true), spell(r, p.New, true, true))
			return msg
		},
		modelPairs(), treegen.Seed(),
	))
	props.TestingRun(t)
}

// mutateModel changes a random model in place here and there.
func mutateModel(r *rand.Rand, m *treegen.Node) {
	switch m.Type {
	case treegen.Text, treegen.RawHtml:
		if r.IntN(3) == 0 {
			m.SetStr(randString(r, 6))
		}
		return
	case treegen.Element:
		switch r.IntN(6) {
		case 0:
			m.Attrs = randProps(r, 3)
		case 1:
			m.Key = sp([]string{"a", "b", "c"}[r.IntN(3)])
		case 2:
			m.Key = nil
		}
	}
	switch r.IntN(6) {
	case 0:
		r.Shuffle(len(m.Children), func(i, j int) { m.Children[i], m.Children[j] = m.Children[j], m.Children[i] })
	case 1:
		if len(m.Children) > 0 {
			i := r.IntN(len(m.Children))
			m.Children = slices.Delete(m.Children, i, i+1)
		}
	case 2:
		m.Children = slices.Insert(m.Children, r.IntN(len(m.Children)+1), randNode(r, 3, 4))
	case 3:
		slices.Reverse(m.Children)
	}
	for _, k := range m.Children {
		if r.IntN(2) == 0 {
			mutateModel(r, k)
		}
	}
}

// leafPath returns the path to a deep model's leaf: the deepest text that
// starts with "leaf ".
func leafPath(m *treegen.Node) ([]int, bool) {
	var best []int
	found := false
	var walk func(n *treegen.Node, path []int)
	walk = func(n *treegen.Node, path []int) {
		if n.Type == treegen.Text && strings.HasPrefix(n.Str(), "leaf ") && (!found || len(path) > len(best)) {
			best, found = slices.Clone(path), true
		}
		for i, k := range n.Children {
			walk(k, append(path, i))
		}
	}
	walk(m, nil)
	return best, found
}

func pathIs(p []int32, want []int) bool {
	if len(p) != len(want) {
		return false
	}
	for i := range p {
		if int(p[i]) != want[i] {
			return false
		}
	}
	return true
}

// ---- keyed lists with moves: exact, identity kept, shortest order ----

type item struct {
	key, tag, text, class string
}

func (it item) model() *treegen.Node {
	m := treegen.Elem(it.tag, nil, treegen.Txt(it.text)).WithKey(it.key)
	if it.class != "" {
		m.Attrs = treegen.Attrs("class", it.class)
	}
	return m
}

func listModel(items []item) *treegen.Node {
	m := treegen.Elem("ul", nil)
	for _, it := range items {
		m.Children = append(m.Children, it.model())
	}
	return m
}

// keyedEdit returns a new list from old: one or more of shuffle, move one,
// swap two, reverse, rotate, remove, insert; and changes of text, class and
// tag on some items.
func keyedEdit(r *rand.Rand, old []item) []item {
	nw := slices.Clone(old)
	next := len(old)
	for k := 1 + r.IntN(3); k > 0; k-- {
		n := len(nw)
		switch r.IntN(8) {
		case 0:
			r.Shuffle(n, func(i, j int) { nw[i], nw[j] = nw[j], nw[i] })
		case 1:
			if n > 1 {
				i, j := r.IntN(n), r.IntN(n)
				it := nw[i]
				nw = slices.Insert(slices.Delete(nw, i, i+1), j, it)
			}
		case 2:
			if n > 1 {
				i, j := r.IntN(n), r.IntN(n)
				nw[i], nw[j] = nw[j], nw[i]
			}
		case 3:
			slices.Reverse(nw)
		case 4:
			if n > 1 {
				k := r.IntN(n)
				nw = append(nw[k:], nw[:k]...)
			}
		case 5:
			for j := r.IntN(n/4 + 2); j > 0 && len(nw) > 0; j-- {
				i := r.IntN(len(nw))
				nw = slices.Delete(nw, i, i+1)
			}
		case 6:
			for j := r.IntN(10); j > 0; j-- {
				nw = slices.Insert(nw, r.IntN(len(nw)+1), item{key: "item-" + strconv.Itoa(next), tag: "li", text: "new"})
				next++
			}
		case 7:
			if r.IntN(8) == 0 {
				nw = nil
			}
		}
	}
	for i := range nw {
		switch r.IntN(30) {
		case 0:
			nw[i].text += " (edited)"
		case 1:
			nw[i].class = "done"
		case 2:
			nw[i].tag = "div"
		}
	}
	return nw
}

// listOf reads the items back from a list model, or says it is not one
// (shrinking tries trees that are not): a ul of keyed li or div elements,
// keys unique, each holding one text and at most a non-empty class.
func listOf(n *treegen.Node) ([]item, bool) {
	if n.Type != treegen.Element || n.Tag != "ul" || n.Key != nil || len(n.PropList()) > 0 {
		return nil, false
	}
	var items []item
	seen := map[string]bool{}
	for _, k := range n.Children {
		if k == nil || k.Type != treegen.Element || k.Key == nil || seen[*k.Key] || (k.Tag != "li" && k.Tag != "div") ||
			len(k.Children) != 1 || k.Children[0].Type != treegen.Text {
			return nil, false
		}
		seen[*k.Key] = true
		it := item{key: *k.Key, tag: k.Tag, text: k.Children[0].Str()}
		switch ps := k.PropList(); {
		case len(ps) == 1 && ps[0].Name == "class" && ps[0].Value != "" && !ps[0].Raw:
			it.class = ps[0].Value
		case len(ps) > 0:
			return nil, false
		}
		items = append(items, it)
	}
	return items, true
}

func isListPair(p treegen.Pair) bool {
	_, ok1 := listOf(p.Old)
	_, ok2 := listOf(p.New)
	return ok1 && ok2
}

func TestPropertyKeyedMoves(t *testing.T) { forViews(t, testPropertyKeyedMoves) }

func testPropertyKeyedMoves(t *testing.T) {
	lists := treegen.PairsOf(func(r *rand.Rand) (old, new *treegen.Node) {
		var items []item
		for i := r.IntN(300); i > 0; i-- {
			items = append(items, item{key: "item-" + strconv.Itoa(len(items)), tag: "li", text: "item " + strconv.Itoa(len(items))})
		}
		return listModel(items), listModel(keyedEdit(r, items))
	}).SuchThat(isListPair)
	props := gopter.NewProperties(moreParams(1000))
	props.Property("keyed lists with moves: exact, moved items kept, the shortest order, nothing else", prop.ForAll(
		func(p treegen.Pair, seed uint64) string {
			r := rng(seed)
			old, _ := listOf(p.Old)
			nw, _ := listOf(p.New)
			l, msg := exact(spell(r, p.Old, r.IntN(2) == 0, false), spell(r, p.New, r.IntN(2) == 0, false))
			if msg != "" {
				return msg
			}
			return checkKeyedList(l, old, nw)
		},
		lists, treegen.Seed(),
	))
	props.TestingRun(t)
}

// checkKeyedList checks the patch list for a unique-keyed list edit against
// what PATCHES.md asks of a good list: survivors (same key, same tag) are
// never removed or created; one Remove per vanished item and one Create per
// new one; a ReorderChildren only when the survivors' order changed, naming
// the fewest keys the patch allows; one UpdateText per changed text and one
// UpdateProps per changed class; nothing else.
func checkKeyedList(l *vdom.PatchList, old, nw []item) string {
	var e vdom.Encoder
	fail := func(format string, args ...any) string {
		return fmt.Sprintf(format, args...) + "\npatches " + clip(e.AppendPatches(nil, l))
	}
	if len(nw) == 0 {
		switch {
		case len(old) == 0 && len(l.Patches) == 0, len(old) == 1 && len(l.Patches) == 1 && l.Patches[0].Kind == vdom.PatchRemove:
			return ""
		case len(old) >= 2 && len(l.Patches) == 1 && l.Patches[0].Kind == vdom.PatchUpdateText && len(l.PathOf(&l.Patches[0])) == 0:
			return ""
		}
		return fail("clearing a list of %d", len(old))
	}
	oldAt := map[string]int{}
	for i, it := range old {
		oldAt[it.key] = i
	}
	var seq []int // old index of each survivor, in new order
	var seqKeys []string
	wantCreate, wantText, wantProps := 0, 0, 0
	for _, it := range nw {
		i, ok := oldAt[it.key]
		if !ok || old[i].tag != it.tag {
			wantCreate++
			continue
		}
		seq = append(seq, i)
		seqKeys = append(seqKeys, it.key)
		if old[i].text != it.text {
			wantText++
		}
		if old[i].class != it.class {
			wantProps++
		}
	}
	wantRemove := len(old) - len(seq)
	suffix := len(seq)
	for suffix > 0 && (suffix == len(seq) || seq[suffix-1] < seq[suffix]) {
		suffix--
	}
	wantOrder := seqKeys[:suffix]

	var got [7]int
	var order []string
	for i := range l.Patches {
		p := &l.Patches[i]
		got[p.Kind]++
		depth := len(l.PathOf(p))
		switch p.Kind {
		case vdom.PatchCreate, vdom.PatchRemove, vdom.PatchUpdateProps:
			if depth != 1 {
				return fail("%v at depth %d", p.Kind, depth)
			}
		case vdom.PatchUpdateText:
			if depth != 2 {
				return fail("UpdateText at depth %d", depth)
			}
		case vdom.PatchReorderChildren:
			if depth != 0 {
				return fail("ReorderChildren at depth %d", depth)
			}
			for _, k := range l.OrderOf(p) {
				order = append(order, string(l.Tree.Bytes(k)))
			}
		default:
			return fail("unexpected %v", p.Kind)
		}
	}
	if got[vdom.PatchCreate] != wantCreate || got[vdom.PatchRemove] != wantRemove {
		return fail("%d creates and %d removes, want %d and %d", got[vdom.PatchCreate], got[vdom.PatchRemove], wantCreate, wantRemove)
	}
	if got[vdom.PatchUpdateText] != wantText || got[vdom.PatchUpdateProps] != wantProps {
		return fail("%d UpdateText and %d UpdateProps, want %d and %d", got[vdom.PatchUpdateText], got[vdom.PatchUpdateProps], wantText, wantProps)
	}
	if wantReorder := len(wantOrder) > 0; (got[vdom.PatchReorderChildren] == 1) != wantReorder || got[vdom.PatchReorderChildren] > 1 {
		return fail("%d ReorderChildren, want %v", got[vdom.PatchReorderChildren], wantReorder)
	}
	if !slices.Equal(order, wantOrder) {
		return fail("order %q, want the %d keys %q", order, len(wantOrder), wantOrder)
	}
	return ""
}

// ---- broken and arbitrary input never panics, and errors carry a code ----

// mutate breaks valid JSON at random: bit flips, truncation, insertion of
// random bytes or JSON-ish tokens, deletion and duplication of ranges.
func mutate(r *rand.Rand, src []byte) []byte {
	b := slices.Clone(src)
	for k := 1 + r.IntN(3); k > 0; k-- {
		if len(b) == 0 {
			b = append(b, '{')
		}
		switch r.IntN(7) {
		case 0:
			for j := 1 + r.IntN(4); j > 0; j-- {
				b[r.IntN(len(b))] ^= 1 << r.IntN(8)
			}
		case 1:
			b = b[:r.IntN(len(b)+1)]
		case 2:
			ins := make([]byte, 1+r.IntN(8))
			for i := range ins {
				ins[i] = byte(r.IntN(256))
			}
			b = slices.Insert(b, r.IntN(len(b)+1), ins...)
		case 3:
			tok := []string{"[", "]", "{", "}", `"`, `\`, `\u`, `\ud800`, "null", ",", ":", "0", "-", "1e9999", `"type":"Fragment"`,
				`{"type":"Element","tag":"x"}`, `,"children":[`, `,"key":null`, "\xff", "\xed\xa0\x80", " "}[r.IntN(21)]
			b = slices.Insert(b, r.IntN(len(b)+1), []byte(tok)...)
		case 4:
			i := r.IntN(len(b))
			b = slices.Delete(b, i, min(len(b), i+1+r.IntN(10)))
		case 5:
			i := r.IntN(len(b))
			j := min(len(b), i+1+r.IntN(40))
			b = slices.Insert(b, r.IntN(len(b)+1), slices.Clone(b[i:j])...)
		case 6:
			b[r.IntN(len(b))] = `{}[]",:\ntu0`[r.IntN(12)]
		}
	}
	return b
}

var knownCodes = map[vdom.Code]bool{
	vdom.InvalidVNode: true, vdom.InvalidPath: true, vdom.TreeTooDeep: true, vdom.TreeTooLarge: true,
	vdom.JsonTooLarge: true, vdom.Serialization: true, vdom.InvalidUtf8: true, vdom.TooManyChildren: true,
	vdom.PropertyTooLong: true, vdom.TextTooLong: true, vdom.TooManyProps: true,
}

// codedDecodeError checks an error from decoding src: an *Error with a
// non-zero decoder code, at an offset within src.
func codedDecodeError(err error, src []byte) string {
	var e *vdom.Error
	if !errors.As(err, &e) {
		return fmt.Sprintf("error %T %v is not a *vdom.Error", err, err)
	}
	if e.Code == vdom.Success || !knownCodes[e.Code] {
		return fmt.Sprintf("error %v has code %d", err, e.Code)
	}
	if e.Offset < 0 || e.Offset > len(src) {
		return fmt.Sprintf("error %v: offset outside the %d-byte input", err, len(src))
	}
	return ""
}

func TestPropertyBrokenInput(t *testing.T) { forViews(t, testPropertyBrokenInput) }

func testPropertyBrokenInput(t *testing.T) {
	props := gopter.NewProperties(moreParams(5000))
	props.Property("decoding mutated trees and patch lists never panics; errors carry a code", prop.ForAll(
		// the input is a spelling of m, p's old tree, or the patches from p's
		// old to its new; the seed chooses, and damages it
		func(m *treegen.Node, p treegen.Pair, seed uint64) string {
			r := rng(seed)
			var src []byte
			switch r.IntN(3) {
			case 0:
				src = spell(r, m, true, true)
			case 1:
				src = p.Old.JSON()
			default:
				out, err := reconcile.New(lim()).JSON(p.Old.JSON(), p.New.JSON())
				if err != nil {
					return err.Error()
				}
				src = slices.Clone(out)
			}
			bad := mutate(r, src)
			if r.IntN(6) == 0 { // arbitrary bytes, mostly JSON punctuation
				bad = make([]byte, r.IntN(64))
				for i := range bad {
					if r.IntN(2) == 0 {
						const punct = `{}[]",:0123456789.-+eEtrufalsn \\/bfnrtu`
						bad[i] = punct[r.IntN(len(punct))]
					} else {
						bad[i] = byte(r.IntN(256))
					}
				}
			}
			limits := lim()
			if r.IntN(3) == 0 { // small limits, so that every limit is hit now and then
				limits = vdom.Limits{MaxTreeDepth: 3, MaxNodeCount: 20, MaxChildrenPerNode: 4, MaxPropKeyLength: 4,
					MaxPropValueLength: 6, MaxTextLength: 6, MaxJSONBytes: 400, MaxPropsPerNode: 2, DOMView: view}
			}
			d := vdom.NewDecoder(limits)
			var tr vdom.Tree
			if err := d.DecodeTree(bad, &tr); err != nil {
				if msg := codedDecodeError(err, bad); msg != "" {
					return msg + "\ninput " + strconv.Quote(string(bad))
				}
			} else {
				if msg := roundTrip(bad); msg != "" && limits == lim() {
					return msg
				}
				if limits == lim() {
					if orig, err := decodeErr(src); err == nil && orig.Root >= 0 {
						if _, msg := exact(src, bad); msg != "" {
							return msg
						}
					}
				}
			}
			var l vdom.PatchList
			if err := d.DecodePatches(bad, &l); err != nil {
				if msg := codedDecodeError(err, bad); msg != "" {
					return msg + "\ninput " + strconv.Quote(string(bad))
				}
				if e := err.(*vdom.Error); e.Patch < -1 || e.Patch > len(l.Patches)+1 {
					return fmt.Sprintf("error %v: patch index %d", err, e.Patch)
				}
			} else {
				var e vdom.Encoder
				p1 := slices.Clone(e.AppendPatches(nil, &l))
				var l2 vdom.PatchList
				if err := vdom.NewDecoder(big()).DecodePatches(p1, &l2); err != nil {
					return fmt.Sprintf("re-decoding %s: %v", clip(p1), err)
				}
				if p2 := e.AppendPatches(nil, &l2); !bytes.Equal(p1, p2) {
					return fmt.Sprintf("patch encoding not stable:\n%s\n%s", clip(p1), clip(p2))
				}
			}
			return ""
		},
		models(), treegen.AnyPair(), treegen.Seed(),
	))
	props.TestingRun(t)
}

// ---- arbitrary patch lists never panic ----

// randPatches writes a list of patches of valid shape but arbitrary meaning
// against the tree m: paths that mostly lead somewhere in the original tree
// (so, after earlier patches, often nowhere), random nodes (Fragments
// included), props, and orders made of the target's keys and others.
func randPatches(r *rand.Rand, m *treegen.Node) []byte {
	s := &speller{r: r}
	s.b = append(s.b, '[')
	for i := 0; i < 1+r.IntN(8); i++ {
		if i > 0 {
			s.b = append(s.b, ',')
		}
		// a path into m, and the node it leads to
		var path []int
		n := m
		for len(n.Children) > 0 && r.IntN(3) != 0 {
			j := r.IntN(len(n.Children))
			path = append(path, j)
			n = n.Children[j]
		}
		if r.IntN(6) == 0 {
			path = append(path, r.IntN(4))
		}
		if r.IntN(20) == 0 {
			path = append(path, 1<<30)
		}
		kind := []string{"Create", "Remove", "Replace", "UpdateText", "UpdateProps", "ReorderChildren"}[r.IntN(6)]
		if kind == "Create" && r.IntN(2) == 0 {
			path = append(path, r.IntN(len(n.Children)+2))
		}
		s.b = append(s.b, `{"type":"`+kind+`","path":[`...)
		for j, x := range path {
			if j > 0 {
				s.b = append(s.b, ',')
			}
			s.b = strconv.AppendInt(s.b, int64(x), 10)
		}
		s.b = append(s.b, ']')
		switch kind {
		case "Create", "Replace":
			s.b = append(s.b, `,"node":`...)
			s.node(randModel(r))
		case "UpdateText":
			s.b = append(s.b, `,"content":`...)
			s.str(randString(r, 5))
		case "UpdateProps":
			s.b = append(s.b, `,"props":`...)
			s.props(randProps(r, 3))
		case "ReorderChildren":
			var keys []string
			for _, k := range n.Children {
				if k.Key != nil && r.IntN(3) != 0 {
					keys = append(keys, *k.Key)
				}
			}
			r.Shuffle(len(keys), func(a, b int) { keys[a], keys[b] = keys[b], keys[a] })
			if r.IntN(4) == 0 {
				keys = append(keys, []string{"a", "zz", ""}[r.IntN(3)])
			}
			s.b = append(s.b, `,"order":[`...)
			for j, k := range keys {
				if j > 0 {
					s.b = append(s.b, ',')
				}
				s.str(k)
			}
			s.b = append(s.b, ']')
		}
		s.b = append(s.b, '}')
	}
	return append(s.b, ']')
}

var applyCodes = map[vdom.Code]bool{vdom.InvalidPath: true, vdom.PatchTypeMismatch: true, vdom.KeyNotFound: true}

func TestPropertyApplyArbitraryPatches(t *testing.T) { forViews(t, testPropertyApplyArbitraryPatches) }

func testPropertyApplyArbitraryPatches(t *testing.T) {
	props := gopter.NewProperties(moreParams(3000))
	props.Property("Apply of arbitrary patch lists never panics; CanApply agrees with ApplyOne; results re-encode", prop.ForAll(
		// the tree is the model or the treegen tree, as the seed chooses
		func(model, tg *treegen.Node, seed uint64) string {
			r := rng(seed)
			m := model
			if r.IntN(2) != 0 {
				m = tg.Flat()
			}
			src := spell(r, m, false, false)
			tr, err := decodeErr(src)
			if err != nil {
				return fmt.Sprintf("decode: %v", err)
			}
			ps := randPatches(r, m)
			var l vdom.PatchList
			if err := vdom.NewDecoder(lim()).DecodePatches(ps, &l); err != nil {
				return fmt.Sprintf("the patches do not decode: %v\n%s", err, clip(ps))
			}
			report := func(msg string) string { return msg + "\ntree " + clip(src) + "\npatches " + clip(ps) }
			got, applyErr := patch.Apply(tr, &l)
			// In turn: CanApply says whether ApplyOne will succeed, and a
			// failed ApplyOne leaves the tree as it was.
			w := patch.Clone(tr)
			var turnErr error
			for i := range l.Patches {
				p := &l.Patches[i]
				can := patch.CanApply(w, &l, p)
				before := encodeTree(w)
				err := patch.ApplyOne(w, &l, p)
				if (can == nil) != (err == nil) || vdom.CodeOf(can) != vdom.CodeOf(err) {
					return report(fmt.Sprintf("patch %d: CanApply says %v, ApplyOne %v", i, can, err))
				}
				if err != nil {
					var e *vdom.Error
					if !errors.As(err, &e) || !applyCodes[e.Code] || e.Path == nil {
						return report(fmt.Sprintf("patch %d: error %v is not a coded patch error with a path", i, err))
					}
					if after := encodeTree(w); after != before {
						return report(fmt.Sprintf("patch %d failed but changed the tree", i))
					}
					turnErr = err
					break
				}
			}
			if (applyErr == nil) != (turnErr == nil) || vdom.CodeOf(applyErr) != vdom.CodeOf(turnErr) {
				return report(fmt.Sprintf("Apply says %v, patch by patch %v", applyErr, turnErr))
			}
			if applyErr != nil {
				if got != nil {
					return report("Apply returned a tree with its error")
				}
				if e := applyErr.(*vdom.Error); e.Patch < 0 || e.Patch >= len(l.Patches) {
					return report(fmt.Sprintf("Apply error %v has patch index %d", applyErr, e.Patch))
				}
				return ""
			}
			w.Rehash()
			if !patch.Equal(got, w) {
				return report("Apply and ApplyOne in turn disagree")
			}
			out := []byte(encodeTree(got))
			back := &vdom.Tree{}
			if err := vdom.NewDecoder(big()).DecodeTree(out, back); err != nil {
				return report(fmt.Sprintf("the result %s does not decode: %v", clip(out), err))
			}
			if !patch.Equal(got, back) {
				return report("the result does not survive encode/decode: " + clip(out))
			}
			return ""
		},
		models(), treegen.AnyTree(), treegen.Seed(),
	))
	props.TestingRun(t)
}

// TestExhaustiveSmallLists reconciles every pair of lists of up to three
// children drawn from keyed, duplicate-keyed, unkeyed, text and retagged
// children, and checks each for exactness.
func TestExhaustiveSmallLists(t *testing.T) { forViews(t, testExhaustiveSmallLists) }

func testExhaustiveSmallLists(t *testing.T) {
	atoms := []*treegen.Node{
		treegen.Keyed("li", "a", nil, treegen.Txt("1")),
		treegen.Keyed("li", "a", nil, treegen.Txt("2")),
		treegen.Keyed("li", "b", map[string]string{"x": "1"}),
		treegen.El("li", nil),
		treegen.Txt("t"),
		treegen.Keyed("div", "a", nil),
	}
	maxLen := 3
	if testing.Short() {
		maxLen = 2
	}
	var lists [][]byte
	var build func(prefix []*treegen.Node)
	build = func(prefix []*treegen.Node) {
		lists = append(lists, treegen.El("ul", nil, prefix...).JSON())
		if len(prefix) == maxLen {
			return
		}
		for _, a := range atoms {
			build(append(slices.Clip(prefix), a))
		}
	}
	build(nil)
	for _, o := range lists {
		for _, n := range lists {
			if _, msg := exact(o, n); msg != "" {
				t.Fatal(msg)
			}
		}
	}
}

// ---- a host's sequence of renders (the reconciler's tree cache) ----

// checkWire checks a patch list a reconciler returned for oldJSON → newJSON,
// decoding both trees afresh from copies.
func checkWire(oldJSON, newJSON, out []byte) string {
	old, err := decodeErr(slices.Clone(oldJSON))
	if err != nil {
		return fmt.Sprintf("old: %v", err)
	}
	new, err := decodeErr(slices.Clone(newJSON))
	if err != nil {
		return fmt.Sprintf("new: %v", err)
	}
	var l vdom.PatchList
	if err := vdom.NewDecoder(big()).DecodePatches(slices.Clone(out), &l); err != nil {
		return fmt.Sprintf("patches: %v", err)
	}
	got, i, err := applyInTurn(old, &l)
	if err != nil {
		return fmt.Sprintf("patch %d: %v\npatches %s", i, err, clip(out))
	}
	if !patch.Equal(got, new) {
		return fmt.Sprintf("Apply(old, patches) != new\nold %s\nnew %s\npatches %s", clip(oldJSON), clip(newJSON), clip(out))
	}
	// The same list a fresh Diff gives.
	var e vdom.Encoder
	if want := e.AppendPatches(nil, reconcile.Diff(old, new)); !bytes.Equal(want, out) {
		return fmt.Sprintf("the reconciler gave\n%s\na fresh Diff gives\n%s", clip(out), clip(want))
	}
	return ""
}

// states returns a sequence of large (tree cache sized) states, each a
// change of the one before, or the same again.
func states(r *rand.Rand, n int) []*treegen.Node {
	m := wideModel(r)
	var out []*treegen.Node
	for i := 0; i < n; i++ {
		out = append(out, m)
		if r.IntN(5) == 0 {
			continue // the same state again
		}
		m = mutateWide(r, m)
	}
	return out
}

// spellAll spells each state (plainly).
func spellAll(r *rand.Rand, states []*treegen.Node) [][]byte {
	out := make([][]byte, len(states))
	for i, m := range states {
		out[i] = spell(r, m, false, false)
	}
	return out
}

// renders returns the spellings of a sequence of states.
func renders(r *rand.Rand, n int) [][]byte { return spellAll(r, states(r, n)) }

func TestPropertyHostSequence(t *testing.T) { forViews(t, testPropertyHostSequence) }

func testPropertyHostSequence(t *testing.T) {
	props := gopter.NewProperties(moreParams(25))
	chains := treegen.ChainsOf(func(r *rand.Rand) []*treegen.Node { return states(r, 2+r.IntN(6)) })
	props.Property("one reconciler over a sequence of renders, the host reusing its buffers: every list exact", prop.ForAll(
		func(c treegen.Chain, seed uint64) string {
			states := spellAll(rng(seed), c)
			rec := reconcile.New(lim())
			// The host renders into two buffers in turn, overwriting the
			// older one: the reconciler must not rely on bytes it was given
			// once they are handed back.
			var bufs [2][]byte
			bufs[0] = append(bufs[0][:0], states[0]...)
			for i := 1; i < len(states); i++ {
				oldBuf := bufs[(i-1)%2]
				bufs[i%2] = append(bufs[i%2][:0], states[i]...)
				out, err := rec.JSON(oldBuf, bufs[i%2])
				if err != nil {
					return fmt.Sprintf("step %d: %v", i, err)
				}
				if msg := checkWire(states[i-1], states[i], out); msg != "" {
					return fmt.Sprintf("step %d: %s", i, msg)
				}
				// scribble over the old buffer, as a host reusing it would
				for j := range oldBuf {
					oldBuf[j] = 'x'
				}
			}
			return ""
		},
		chains, treegen.Seed(),
	))
	props.TestingRun(t)
}

// TestTreeCacheConcurrent runs several reconcilers at once over sequences
// that share states, so that cached trees pass between goroutines.
func TestTreeCacheConcurrent(t *testing.T) {
	r := rng(7)
	shared := renders(r, 6)
	const workers = 4
	errs := make(chan string, workers)
	for w := 0; w < workers; w++ {
		// each worker walks the shared states, then a private tail, then back
		seq := slices.Clone(shared)
		seq = append(seq, renders(rng(uint64(100+w)), 3)...)
		seq = append(seq, shared[0], shared[len(shared)-1], shared[0])
		go func() {
			rec := reconcile.New(lim())
			for round := 0; round < 3; round++ {
				for i := 1; i < len(seq); i++ {
					out, err := rec.JSON(seq[i-1], seq[i])
					if err != nil {
						errs <- err.Error()
						return
					}
					if msg := checkWire(seq[i-1], seq[i], out); msg != "" {
						errs <- msg
						return
					}
				}
			}
			errs <- ""
		}()
	}
	for w := 0; w < workers; w++ {
		if msg := <-errs; msg != "" {
			t.Error(msg)
		}
	}
}

// TestTreeCacheRespectsLimits: a tree cached by a reconciler with loose
// limits is not reused by one whose limits reject it.
func TestTreeCacheRespectsLimits(t *testing.T) {
	var lis []*treegen.Node
	for i := 0; i < 400; i++ {
		lis = append(lis, treegen.Keyed("li", "k"+strconv.Itoa(i), map[string]string{"title": strings.Repeat("t", 40)}, treegen.Txt("item "+strconv.Itoa(i))))
	}
	big := treegen.El("ul", nil, lis...).JSON()
	small := treegen.El("ul", nil).JSON()
	loose := reconcile.New(lim())
	if _, err := loose.JSON(small, big); err != nil {
		t.Fatal(err)
	}
	strict := reconcile.New(vdom.Limits{MaxPropValueLength: 10})
	_, err := strict.JSON(big, small)
	if vdom.CodeOf(err) != vdom.PropertyTooLong {
		t.Fatalf("strict reconciler: got %v, want PropertyTooLong (the cached tree was decoded under other limits)", err)
	}
	// and the loose one still finds it
	out, err := loose.JSON(big, small)
	if err != nil {
		t.Fatal(err)
	}
	if msg := checkWire(big, small, out); msg != "" {
		t.Fatal(msg)
	}
}
