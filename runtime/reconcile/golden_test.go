package reconcile_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/internal/treegen"
	"github.com/minimact/engine/runtime/patch"
	"github.com/minimact/engine/runtime/reconcile"
)

// update rewrites the golden files: go test ./runtime/reconcile -run TestGolden -update
var update = flag.Bool("update", false, "rewrite testdata/golden/*.json from the reconciler's output")

const goldenDir = "testdata/golden"

// goldenCase is one named reconcile case. old and new are built with the
// treegen helpers, or given as raw JSON when the host's exact spelling matters
// ("key": null, nulls, Fragments).
type goldenCase struct {
	name string
	// what says what the engine does with the case and why (PATCHES.md); it
	// is written into the golden file for its reader.
	what     string
	old, new any // *treegen.Node or string (raw JSON)
}

// goldenFile is the on-disk shape of a golden case.
type goldenFile struct {
	What    string          `json:"what"`
	Old     json.RawMessage `json:"old"`
	New     json.RawMessage `json:"new"`
	Patches json.RawMessage `json:"patches"`
}

func m(kv ...string) map[string]string {
	p := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		p[kv[i]] = kv[i+1]
	}
	return p
}

// items returns keyed <li> elements, one per key, each holding its key as text.
func items(keys ...string) []*treegen.Node {
	var out []*treegen.Node
	for _, k := range keys {
		out = append(out, keyed("li", k, nil, txt(k)))
	}
	return out
}

// Short names for the treegen builders, to keep the case table readable.
var (
	el    = treegen.El
	keyed = treegen.Keyed
	txt   = treegen.Txt
	raw   = treegen.Raw
	frag  = treegen.Frag
)

func ul(kids ...*treegen.Node) *treegen.Node { return el("ul", nil, kids...) }

func goldenCases() []goldenCase {
	return []goldenCase{
		{
			name: "identical",
			what: "identical trees give an empty list",
			old:  el("div", m("class", "app"), el("p", nil, txt("same")), raw("<b>x</b>")),
			new:  el("div", m("class", "app"), el("p", nil, txt("same")), raw("<b>x</b>")),
		},
		{
			name: "text_change",
			what: "one changed text is one UpdateText on the text node",
			old:  el("div", m("class", "counter"), el("h1", nil, txt("Counter")), el("p", nil, txt("Count: 0"))),
			new:  el("div", m("class", "counter"), el("h1", nil, txt("Counter")), el("p", nil, txt("Count: 1"))),
		},
		{
			name: "text_escapes",
			what: "a changed text with escapes and non-ASCII is sent escaped, decoded to the same bytes",
			old:  `{"type":"Element","tag":"p","children":[{"type":"Text","content":"plain"}]}`,
			new:  `{"type":"Element","tag":"p","children":[{"type":"Text","content":"tab\tquote\" back\\ \u00e9 \ud83d\ude00 <b>"}]}`,
		},
		{
			name: "text_to_empty",
			what: "a text node whose content becomes empty is kept as a node: UpdateText to \"\" on it",
			old:  el("p", nil, txt("something")),
			new:  el("p", nil, txt("")),
		},
		{
			name: "props_change",
			what: "changed props are one UpdateProps carrying the element's full new prop set (a removed prop is just absent)",
			old:  el("div", nil, el("button", m("class", "btn", "disabled", "true", "id", "b1"), txt("Go"))),
			new:  el("div", nil, el("button", m("class", "btn primary", "id", "b1", "title", "Start"), txt("Go"))),
		},
		{
			name: "props_raw_values",
			what: "non-string prop values are kept verbatim and compared byte for byte; props member order does not matter",
			old:  `{"type":"Element","tag":"input","props":{"value":"1","maxLength":10,"checked":true}}`,
			new:  `{"type":"Element","tag":"input","props":{"checked":false,"maxLength":10,"value":"1"}}`,
		},
		{
			name: "props_reordered_only",
			what: "the same props written in another order and with whitespace are unchanged: nothing is sent",
			old:  `{"type":"Element","tag":"a","props":{"href":"/x","class":"link"},"children":[]}`,
			new:  `{ "children": [], "props": { "class": "link", "href": "/x" }, "tag": "a", "type": "Element" }`,
		},
		{
			name: "append",
			what: "appending to a keyed list is one Create at the end",
			old:  ul(items("a", "b", "c")...),
			new:  ul(items("a", "b", "c", "d")...),
		},
		{
			name: "append_unkeyed",
			what: "appending to an unkeyed list is one Create at the end",
			old:  ul(el("li", nil, txt("one")), el("li", nil, txt("two"))),
			new:  ul(el("li", nil, txt("one")), el("li", nil, txt("two")), el("li", nil, txt("three"))),
		},
		{
			name: "prepend",
			what: "prepending to a keyed list is one Create at index 0; the others keep their identity",
			old:  ul(items("a", "b", "c")...),
			new:  ul(items("z", "a", "b", "c")...),
		},
		{
			name: "remove_middle",
			what: "removing from the middle of a keyed list is one Remove",
			old:  ul(items("a", "b", "c", "d", "e")...),
			new:  ul(items("a", "b", "d", "e")...),
		},
		{
			name: "remove_middle_unkeyed",
			what: "removing from the middle of an unkeyed list of equal-shaped items: texts shift by position, the last is removed",
			old:  ul(el("li", nil, txt("a")), el("li", nil, txt("b")), el("li", nil, txt("c"))),
			new:  ul(el("li", nil, txt("a")), el("li", nil, txt("c"))),
		},
		{
			name: "swap_two",
			what: "swapping two keyed items is one ReorderChildren (naming the keys up to the later one, in new order); nothing is re-created",
			old:  ul(items("a", "b", "c", "d", "e")...),
			new:  ul(items("a", "d", "c", "b", "e")...),
		},
		{
			name: "reverse",
			what: "reversing a keyed list is one ReorderChildren naming all but the last key",
			old:  ul(items("a", "b", "c", "d", "e")...),
			new:  ul(items("e", "d", "c", "b", "a")...),
		},
		{
			name: "shuffle",
			what: "a shuffled keyed list with one item changed, one removed and one added: Remove, ReorderChildren, Create, then the changed item patched in place",
			old:  ul(items("a", "b", "c", "d", "e", "f", "g", "h")...),
			new: ul(append(items("f", "c", "h", "a"),
				keyed("li", "b", m("class", "done"), txt("b")),
				keyed("li", "x", nil, txt("x")),
				keyed("li", "g", nil, txt("g")),
				keyed("li", "d", nil, txt("d")))...),
		},
		{
			name: "move_keeps_identity",
			what: "a moved keyed item that also changed is moved by ReorderChildren and patched in place at its new index",
			old:  ul(keyed("li", "a", nil, txt("A")), keyed("li", "b", nil, txt("B")), keyed("li", "c", nil, txt("C"))),
			new:  ul(keyed("li", "c", nil, txt("C!")), keyed("li", "a", nil, txt("A")), keyed("li", "b", nil, txt("B"))),
		},
		{
			name: "keyed_unkeyed_mix",
			what: "keyed children pair by key and unkeyed ones by position among the unkeyed; unkeyed children that would have to move are removed and created again",
			old: ul(keyed("li", "a", nil, txt("a")), txt("note"), keyed("li", "b", nil, txt("b")),
				el("p", nil, txt("para")), keyed("li", "c", nil, txt("c"))),
			new: ul(keyed("li", "c", nil, txt("c")), el("p", nil, txt("para")), keyed("li", "a", nil, txt("a")),
				txt("note 2"), keyed("li", "b", nil, txt("b"))),
		},
		{
			name: "keyed_to_unkeyed",
			what: "a keyed child turning unkeyed is not the same node: it is removed and created again (a Replace would say the same in fewer bytes)",
			old:  ul(keyed("li", "a", nil, txt("a")), keyed("li", "b", nil, txt("b"))),
			new:  ul(keyed("li", "a", nil, txt("a")), el("li", nil, txt("b"))),
		},
		{
			name: "same_key_new_tag",
			what: "the same key on another tag is not the same node: it is removed and created again (a Replace would say the same in fewer bytes)",
			old:  el("div", nil, keyed("p", "k", nil, txt("x")), keyed("p", "m", nil, txt("y"))),
			new:  el("div", nil, keyed("p", "k", nil, txt("x")), keyed("section", "m", nil, txt("y"))),
		},
		{
			name: "duplicate_keys",
			what: "keys repeated among siblings pair in order of appearance: the k-th old \"a\" with the k-th new \"a\", so ReorderChildren [\"b\"] alone does it",
			old:  ul(keyed("li", "a", nil, txt("1")), keyed("li", "a", nil, txt("2")), keyed("li", "b", nil, txt("3"))),
			new:  ul(keyed("li", "b", nil, txt("3")), keyed("li", "a", nil, txt("1")), keyed("li", "a", nil, txt("2"))),
		},
		{
			name: "duplicate_keys_new_only",
			what: "a key that becomes repeated in the new list: the first new b pairs with the old b; c and that b move; the second b is created",
			old:  ul(items("a", "b", "c")...),
			new:  ul(items("c", "b", "b", "a")...),
		},
		{
			name: "root_tag_change",
			what: "a root whose tag changes is one Replace at []",
			old:  el("div", m("id", "root"), el("p", nil, txt("hi"))),
			new:  el("section", m("id", "root"), el("p", nil, txt("hi"))),
		},
		{
			name: "root_element_to_text",
			what: "a root that turns from Element to Text is one Replace at []",
			old:  el("div", nil, txt("hello")),
			new:  txt("hello"),
		},
		{
			name: "root_element_to_fragment",
			what: "a root that turns from Element to Fragment is one Replace at [] carrying the Fragment",
			old:  el("div", nil, txt("a"), txt("b")),
			new:  frag(txt("a"), txt("b")),
		},
		{
			name: "root_fragment_children",
			what: "a root Fragment is patched child by child like an element's children",
			old:  frag(el("header", nil, txt("H")), el("main", nil, txt("old"))),
			new:  frag(el("header", nil, txt("H")), el("main", nil, txt("new")), el("footer", nil)),
		},
		{
			name: "fragment_flattening",
			what: "Fragments stand for their children: a child added inside a nested Fragment is a Create at its flattened index",
			old:  el("div", nil, frag(txt("a"), frag(txt("b"))), txt("c")),
			new:  el("div", nil, txt("a"), frag(txt("b"), el("hr", nil)), frag(), txt("c")),
		},
		{
			name: "fragment_flattening_unchanged",
			what: "the same DOM written with and without Fragments and nulls is unchanged",
			old:  `{"type":"Element","tag":"div","children":[{"type":"Fragment","children":[{"type":"Text","content":"a"},null]},{"type":"Text","content":"b"}]}`,
			new:  `{"type":"Element","tag":"div","children":[null,{"type":"Text","content":"a"},{"type":"Fragment","children":[{"type":"Text","content":"b"}]}],"key":null}`,
		},
		{
			name: "null_children",
			what: "null children take no place: paths count only real nodes",
			old:  `{"type":"Element","tag":"div","children":[null,{"type":"Element","tag":"p","children":[{"type":"Text","content":"p"}]},null,{"type":"Element","tag":"span","children":[]}]}`,
			new:  `{"type":"Element","tag":"div","children":[{"type":"Element","tag":"p","children":[{"type":"Text","content":"p"}]},null,{"type":"Element","tag":"em","children":[]},{"type":"Element","tag":"span","children":[null]},null]}`,
		},
		{
			name: "key_null_vs_absent",
			what: "\"key\": null and an absent key are the same (unkeyed): only the text change is sent",
			old:  `{"type":"Element","tag":"ul","children":[{"type":"Element","tag":"li","key":null,"children":[{"type":"Text","content":"x"}]}]}`,
			new:  `{"type":"Element","tag":"ul","children":[{"type":"Element","tag":"li","children":[{"type":"Text","content":"y"}]}]}`,
		},
		{
			name: "clear_list",
			what: "clearing a list of two or more children is one UpdateText \"\" on the element (textContent = \"\")",
			old:  ul(items("a", "b", "c")...),
			new:  ul(),
		},
		{
			name: "clear_single_child",
			what: "removing an element's only child is one Remove",
			old:  ul(items("a")...),
			new:  ul(),
		},
		{
			name: "children_to_text",
			what: "element children turning into one text are one UpdateText on the element",
			old:  el("div", nil, el("span", nil, txt("a")), el("b", nil, txt("b"))),
			new:  el("div", nil, txt("loading…")),
		},
		{
			name: "single_text_to_text",
			what: "a single text child changing is an UpdateText on the text node, not on the element",
			old:  el("div", nil, txt("a")),
			new:  el("div", nil, txt("b")),
		},
		{
			name: "rawhtml_change",
			what: "changed raw HTML is one Replace of the RawHtml node",
			old:  el("div", nil, raw("<b>old</b>"), txt("t")),
			new:  el("div", nil, raw("<i>new</i>"), txt("t")),
		},
		{
			name: "deep_change",
			what: "a change deep down is patched at its path; the unchanged siblings are skipped",
			old: el("main", nil, el("nav", nil, items("x", "y")...),
				el("article", nil, el("section", nil, el("div", nil, el("p", m("class", "a"), txt("deep")))))),
			new: el("main", nil, el("nav", nil, items("x", "y")...),
				el("article", nil, el("section", nil, el("div", nil, el("p", m("class", "b"), txt("deeper")))))),
		},
	}
}

// htmlGoldenCases are the cases where the HTML view (the default, in
// testdata/golden-html) gives other patches than the node view: adjacent
// texts are one DOM text node, an empty text is none, an empty text root is
// the empty DOM (docs/dom-view.md).
func htmlGoldenCases() []goldenCase {
	count := func(n string) *treegen.Node { return el("p", nil, txt("Count: "), txt(n)) }
	return []goldenCase{
		{
			name: "adjacent_texts_one_node",
			what: "<p>Count: {count}</p> is one DOM text node: a change of either part is one UpdateText of the joined text at [0]",
			old:  el("div", nil, count("1")),
			new:  el("div", nil, count("2")),
		},
		{
			name: "adjacent_texts_through_fragments_and_nulls",
			what: "texts joined across Fragments and nulls are one node; the element after them is child 1",
			old:  `{"type":"Element","tag":"div","children":[{"type":"Text","content":"a"},null,{"type":"Fragment","children":[{"type":"Text","content":"b"}]},{"type":"Element","tag":"hr"}]}`,
			new:  `{"type":"Element","tag":"div","children":[{"type":"Text","content":"a"},null,{"type":"Fragment","children":[{"type":"Text","content":"c"}]},{"type":"Element","tag":"hr","props":{"class":"x"}}]}`,
		},
		{
			name: "empty_text_no_node",
			what: "an empty text is no DOM node: the element after it is child 0, and a text turning empty is removed",
			old:  el("div", nil, txt(""), el("b", nil, txt("x")), txt("gone")),
			new:  el("div", nil, txt(""), el("b", nil, txt("y")), txt("")),
		},
		{
			name: "text_to_empty",
			what: "an element's only text turning empty leaves the element without children: one Remove",
			old:  el("p", nil, txt("something")),
			new:  el("p", nil, txt("")),
		},
		{
			name: "element_between_texts_removed",
			what: "removing the element between two texts joins them into one text: one UpdateText on the element (textContent)",
			old:  el("p", nil, txt("a"), el("b", nil, txt("B")), txt("c")),
			new:  el("p", nil, txt("a"), txt("c")),
		},
		{
			name: "element_between_texts_inserted",
			what: "an element inserted into one text splits it: the element and the second text are created, then the first text updated",
			old:  el("p", nil, txt("a"), txt("c")),
			new:  el("p", nil, txt("a"), el("b", nil, txt("B")), txt("c")),
		},
		{
			name: "keyed_list_with_texts",
			what: "texts between keyed items are nodes of their own; a reorder names the keyed items by key",
			old:  ul(keyed("li", "a", nil, txt("a")), txt(" "), txt(""), keyed("li", "b", nil, txt("b"))),
			new:  ul(keyed("li", "b", nil, txt("b")), txt(" "), keyed("li", "a", nil, txt("a"))),
		},
		{
			name: "root_text_to_empty",
			what: "a root text turning empty makes the DOM empty: Replace [] with the empty text, which the client renders as nothing",
			old:  txt("hello"),
			new:  txt(""),
		},
		{
			name: "root_empty_to_element",
			what: "a tree whose root is an empty text has no DOM: its next root is a Create []",
			old:  txt(""),
			new:  el("div", nil, txt("hi")),
		},
		{
			name: "root_empty_to_empty",
			what: "an empty DOM staying empty gives an empty list, whatever the old text was written as",
			old:  txt(""),
			new:  `{"type":"Text","content":null}`,
		},
		{
			name: "root_fragment_of_texts",
			what: "a root Fragment's adjacent texts are one node too",
			old:  frag(txt("a"), txt("b"), el("i", nil)),
			new:  frag(txt("a"), txt("B"), el("i", nil)),
		},
	}
}

// js returns a case tree as compact JSON, without HTML escaping.
func js(t *testing.T, v any) []byte {
	t.Helper()
	if s, ok := v.(string); ok {
		return []byte(s)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

func compact(t *testing.T, raw []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatalf("compact %s: %v", raw, err)
	}
	return b.Bytes()
}

// mustDecode decodes a VNode tree with the default limits.
func mustDecode(t testing.TB, src []byte) *vdom.Tree {
	t.Helper()
	tr := &vdom.Tree{}
	if err := vdom.NewDecoder(lim()).DecodeTree(src, tr); err != nil {
		t.Fatalf("decode %s: %v", src, err)
	}
	return tr
}

// applyInTurn applies l to a copy of old patch by patch, checking that each
// patch passes CanApply against the tree as it stands at that moment, and
// returns the result or the first error.
func applyInTurn(old *vdom.Tree, l *vdom.PatchList) (*vdom.Tree, int, error) {
	w := patch.Clone(old)
	for i := range l.Patches {
		if err := patch.CanApply(w, l, &l.Patches[i]); err != nil {
			return nil, i, err
		}
		if err := patch.ApplyOne(w, l, &l.Patches[i]); err != nil {
			return nil, i, err
		}
	}
	w.Rehash()
	return w, len(l.Patches), nil
}

func encodeTree(t *vdom.Tree) string {
	var e vdom.Encoder
	return string(e.AppendTree(nil, t, t.Root))
}

// TestGolden checks the reconciler's patch list for each named case against
// testdata/golden/<name>.json, and checks that the golden patches are exact:
// applied to old, in turn, they give new.
func TestGolden(t *testing.T) {
	// The cases of goldenCases are in the node view (one DOM node per
	// VNode); those of htmlGoldenCases, where the views differ, in the HTML
	// view.
	t.Run("nodes", func(t *testing.T) { runGolden(t, vdom.ViewNodes, goldenCases(), goldenDir) })
	t.Run("html", func(t *testing.T) { runGolden(t, vdom.ViewHTML, htmlGoldenCases(), goldenDir+"-html") })
}

func runGolden(t *testing.T, v vdom.View, cases []goldenCase, goldenDir string) {
	view = v
	defer func() { view = vdom.ViewHTML }()
	names := map[string]bool{}
	for _, c := range cases {
		if names[c.name] {
			t.Fatalf("duplicate case name %q", c.name)
		}
		names[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			oldJSON, newJSON := js(t, c.old), js(t, c.new)
			got, err := reconcile.New(lim()).JSON(oldJSON, newJSON)
			if err != nil {
				t.Fatalf("reconcile: %v", err)
			}
			got = slices.Clone(got)
			file := filepath.Join(goldenDir, c.name+".json")
			if *update {
				writeGolden(t, file, goldenFile{What: c.what, Old: oldJSON, New: newJSON, Patches: got})
			}
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			var g goldenFile
			if err := json.Unmarshal(raw, &g); err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			if g.What != c.what || !bytes.Equal(compact(t, g.Old), compact(t, oldJSON)) || !bytes.Equal(compact(t, g.New), compact(t, newJSON)) {
				t.Errorf("%s: the case changed; run with -update\nfile old %s\ncase old %s\nfile new %s\ncase new %s",
					file, compact(t, g.Old), oldJSON, compact(t, g.New), newJSON)
			}
			want := compact(t, g.Patches)
			if !bytes.Equal(got, want) {
				t.Errorf("patches differ from %s\ngot  %s\nwant %s", file, got, want)
			}
			// The golden patches must be exact, whatever the reconciler says.
			checkGoldenExact(t, g.Old, g.New, g.Patches)
		})
	}
	// Every golden file belongs to a case.
	files, _ := filepath.Glob(filepath.Join(goldenDir, "*.json"))
	for _, f := range files {
		if !names[strings.TrimSuffix(filepath.Base(f), ".json")] {
			t.Errorf("%s belongs to no case; delete it", f)
		}
	}
}

func checkGoldenExact(t *testing.T, oldJSON, newJSON, patchJSON []byte) {
	t.Helper()
	old, new := mustDecode(t, oldJSON), mustDecode(t, newJSON)
	var l vdom.PatchList
	if err := vdom.NewDecoder(lim()).DecodePatches(patchJSON, &l); err != nil {
		t.Fatalf("golden patches do not decode: %v", err)
	}
	got, i, err := applyInTurn(old, &l)
	if err != nil {
		t.Fatalf("golden patch %d cannot be applied: %v", i, err)
	}
	if !patch.Equal(got, new) {
		t.Fatalf("Apply(old, golden patches) != new\ngot  %s\nwant %s", encodeTree(got), encodeTree(new))
	}
	// And the other way round: the reconciler's own list, applied as a
	// PatchList (not JSON), is exact too.
	if got, i, err := applyInTurn(old, reconcile.Diff(old, new)); err != nil {
		t.Fatalf("reconciler patch %d cannot be applied: %v", i, err)
	} else if !patch.Equal(got, new) {
		t.Fatalf("Apply(old, Diff(old, new)) != new\ngot  %s\nwant %s", encodeTree(got), encodeTree(new))
	}
}

func writeGolden(t *testing.T, file string, g goldenFile) {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(g); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
