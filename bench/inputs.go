// Package bench holds the engine's benchmark inputs and benchmarks: pairs of
// VNode trees as a C# host sends them (Newtonsoft.Json: compact, members in
// the order type, tag, props, children, key, and "key":null on unkeyed
// elements), and for each pair the smallest patch list PATCHES.md allows, so
// that the engine's output can be held to it.
//
// The inputs are deterministic: the same bytes on every machine and Go
// version (no map iteration, no math/rand). Every document stays within the
// default Limits, so the C ABI (which decodes with the defaults) accepts them
// too: at most 1,000 children per node, 10,000 nodes, depth 100, 1 MiB.
// The trees are built with internal/treegen (props in order, as Attrs) and
// written with its host and canonical writers.
//
// Run `go run ./bench/cmd/writeinputs DIR` to write each case's old.json,
// new.json and need.json under DIR/<case>/.
package bench

import (
	"slices"
	"strconv"

	"github.com/minimact/engine/internal/treegen"
	"github.com/minimact/engine/runtime/jsonscan"
)

// Sizes of the shapes.
const (
	TableRows   = 500  // rows of the table
	TableCols   = 4    // cells per row
	CellText    = 14   // bytes of text per cell, tuned for ~260 KB per table
	ListItems   = 1000 // items of the keyed list (the default MaxChildrenPerNode)
	ListDelta   = 100  // items appended, prepended, removed or changed: 10%
	ChainDepth  = 90   // nested elements of the chain; its text is one deeper
	ChangedRow  = 250  // the row of the changed cell
	ChangedCol  = 2    // the column of the changed cell
	SwapA       = 1    // the items swapped (as in js-framework-benchmark:
	SwapB       = 998  // the second and the second-to-last)
	shuffleSeed = 0x5eed
)

// Case is one benchmark input.
type Case struct {
	// Name names the case in benchmark names and file names.
	Name string
	// About says in a line what changes from Old to New.
	About string
	// Old and New are the trees as the host sends them.
	Old, New []byte
	// Need is the smallest patch list that turns Old into New under
	// PATCHES.md (keyed children moved, not re-created), as the engine
	// encodes patches; the engine's patch list must be no longer.
	Need []byte
}

// Cases returns every case, in a fixed order. Each call builds them afresh.
func Cases() []Case {
	return []Case{
		TableUnchanged(),
		TableOneCell(),
		ListUnchanged(),
		ListAppend(),
		ListPrepend(),
		ListReverse(),
		ListSwap2(),
		ListShuffle(),
		ListRemove10(),
		ListClass10(),
		Chain90(),
		TableToList(),
	}
}

// Lookup returns the case called name.
func Lookup(name string) (Case, bool) {
	for _, c := range Cases() {
		if c.Name == name {
			return c, true
		}
	}
	return Case{}, false
}

// TableUnchanged is the table sent twice: the patch list is "[]".
func TableUnchanged() Case {
	return Case{
		Name:  "table-unchanged",
		About: "500x4 table, nothing changed (two separate but equal documents)",
		Old:   table(-1, -1).HostJSON(),
		New:   table(-1, -1).HostJSON(),
		Need:  patches(),
	}
}

// TableOneCell is the table with the text of one cell changed.
func TableOneCell() Case {
	n := table(ChangedRow, ChangedCol)
	txt := n.Children[0].Children[ChangedRow].Children[ChangedCol].Children[0].Str()
	return Case{
		Name:  "table-one-cell",
		About: "500x4 table, the text of cell (250, 2) changed",
		Old:   table(-1, -1).HostJSON(),
		New:   n.HostJSON(),
		Need:  patches(updateText([]int{0, ChangedRow, ChangedCol, 0}, txt)),
	}
}

// ListUnchanged is the keyed list sent twice: no ReorderChildren, nothing.
func ListUnchanged() Case {
	return Case{
		Name:  "list-unchanged",
		About: "1,000-item keyed list, nothing changed",
		Old:   list(seq(0, ListItems), nil).HostJSON(),
		New:   list(seq(0, ListItems), nil).HostJSON(),
		Need:  patches(),
	}
}

// ListAppend appends 100 items to a list of 900 (1,000 children is the
// default limit per node).
func ListAppend() Case {
	var need []string
	for i := ListItems - ListDelta; i < ListItems; i++ {
		need = append(need, create([]int{i}, item(i, false)))
	}
	return Case{
		Name:  "list-append",
		About: "keyed list, 100 items appended to 900",
		Old:   list(seq(0, ListItems-ListDelta), nil).HostJSON(),
		New:   list(seq(0, ListItems), nil).HostJSON(),
		Need:  patches(need...),
	}
}

// ListPrepend puts 100 items before a list of 900.
func ListPrepend() Case {
	var need []string
	for i := 0; i < ListDelta; i++ {
		need = append(need, create([]int{i}, item(i, false)))
	}
	return Case{
		Name:  "list-prepend",
		About: "keyed list, 100 items put before 900",
		Old:   list(seq(ListDelta, ListItems), nil).HostJSON(),
		New:   list(seq(0, ListItems), nil).HostJSON(),
		Need:  patches(need...),
	}
}

// ListReverse reverses the keyed list.
func ListReverse() Case {
	ids := seq(0, ListItems)
	slices.Reverse(ids)
	return permuted("list-reverse", "1,000-item keyed list reversed", ids)
}

// ListSwap2 swaps two items of the keyed list.
func ListSwap2() Case {
	ids := seq(0, ListItems)
	ids[SwapA], ids[SwapB] = ids[SwapB], ids[SwapA]
	return permuted("list-swap2", "1,000-item keyed list, items 1 and 998 swapped", ids)
}

// ListShuffle shuffles the keyed list (a fixed permutation).
func ListShuffle() Case {
	ids := seq(0, ListItems)
	s := splitmix(shuffleSeed)
	for i := len(ids) - 1; i > 0; i-- {
		j := int(s.next() % uint64(i+1))
		ids[i], ids[j] = ids[j], ids[i]
	}
	return permuted("list-shuffle", "1,000-item keyed list shuffled", ids)
}

// permuted is the list reordered to ids. The smallest ReorderChildren names
// the new children from index 0 up to the longest tail that is already in
// old order: after the named ones move to the front, that tail follows them
// as it stood. No shorter order can say it, since order[i] moves to index i.
func permuted(name, about string, ids []int) Case {
	cut := len(ids) - 1
	for cut > 0 && ids[cut-1] < ids[cut] {
		cut--
	}
	var need []string
	if cut > 0 {
		keys := make([]string, cut)
		for i, id := range ids[:cut] {
			keys[i] = itemKey(id)
		}
		need = append(need, reorder(nil, keys))
	}
	return Case{
		Name:  name,
		About: about,
		Old:   list(seq(0, ListItems), nil).HostJSON(),
		New:   list(ids, nil).HostJSON(),
		Need:  patches(need...),
	}
}

// ListRemove10 removes every tenth item.
func ListRemove10() Case {
	var ids []int
	var need []string
	for i := ListItems - 1; i >= 0; i-- {
		if removed(i) {
			need = append(need, remove([]int{i}))
		}
	}
	for i := 0; i < ListItems; i++ {
		if !removed(i) {
			ids = append(ids, i)
		}
	}
	return Case{
		Name:  "list-remove10",
		About: "1,000-item keyed list, every tenth item removed (100)",
		Old:   list(seq(0, ListItems), nil).HostJSON(),
		New:   list(ids, nil).HostJSON(),
		Need:  patches(need...),
	}
}

func removed(i int) bool { return i%10 == 9 }

// ListClass10 changes the class of every tenth item.
func ListClass10() Case {
	sel := func(i int) bool { return i%10 == 3 }
	var need []string
	for i := 0; i < ListItems; i++ {
		if sel(i) {
			need = append(need, updateProps([]int{i}, item(i, true)))
		}
	}
	return Case{
		Name:  "list-class10",
		About: "1,000-item keyed list, class changed on every tenth item (100)",
		Old:   list(seq(0, ListItems), nil).HostJSON(),
		New:   list(seq(0, ListItems), sel).HostJSON(),
		Need:  patches(need...),
	}
}

// Chain90 is 90 nested elements around one text, which changes.
func Chain90() Case {
	path := make([]int, ChainDepth)
	return Case{
		Name:  "chain90",
		About: "90 nested elements, the text at the bottom changed",
		Old:   chain("leaf text, before").HostJSON(),
		New:   chain("leaf text, after!").HostJSON(),
		Need:  patches(updateText(path, "leaf text, after!")),
	}
}

// TableToList replaces the table under an app container by the list.
func TableToList() Case {
	lst := list(seq(0, ListItems), nil)
	return Case{
		Name:  "table-to-list",
		About: "app container: heading + 500x4 table, then heading + 1,000-item list",
		Old:   app(table(-1, -1)).HostJSON(),
		New:   app(lst).HostJSON(),
		Need:  patches(replace([]int{1}, lst)),
	}
}

// The shapes.

// table is the 500x4 table; the cell (row, col) gets other text.
func table(row, col int) *treegen.Node {
	rows := make([]*treegen.Node, TableRows)
	for r := range rows {
		cells := make([]*treegen.Node, TableCols)
		for c := range cells {
			txt := cellText(r, c, r == row && c == col)
			cells[c] = treegen.Elem("td", nil, treegen.Txt(txt))
		}
		class := "row odd"
		if r%2 == 0 {
			class = "row even"
		}
		rows[r] = treegen.Elem("tr", treegen.Attrs("class", class), cells...).WithKey("row-" + strconv.Itoa(r))
	}
	return treegen.Elem("table", treegen.Attrs("class", "grid", "id", "report"),
		treegen.Elem("tbody", nil, rows...))
}

var words = []string{
	"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
	"india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa",
	"quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey",
	"xray", "yankee", "zulu", "42.17", "1,024", "EUR", "2024-06-30",
}

// cellText is CellText bytes of words, different per cell; changed gives
// text of the same length that differs.
func cellText(r, c int, changed bool) string {
	s := splitmix(uint64(r)<<8 | uint64(c))
	b := make([]byte, 0, CellText+16)
	if changed {
		b = append(b, "EDITED "...)
	}
	b = append(b, 'R')
	b = strconv.AppendInt(b, int64(r), 10)
	b = append(b, 'C')
	b = strconv.AppendInt(b, int64(c), 10)
	for len(b) < CellText {
		b = append(b, ' ')
		b = append(b, words[s.next()%uint64(len(words))]...)
	}
	return string(b[:CellText])
}

// list is a keyed ul with one item per id; selected items have another class.
func list(ids []int, selected func(int) bool) *treegen.Node {
	items := make([]*treegen.Node, len(ids))
	for i, id := range ids {
		items[i] = item(id, selected != nil && selected(id))
	}
	return treegen.Elem("ul", treegen.Attrs("class", "list"), items...)
}

func itemKey(id int) string { return "item-" + strconv.Itoa(id) }

func item(id int, selected bool) *treegen.Node {
	class := "item"
	if selected {
		class = "item selected"
	}
	s := splitmix(uint64(id) + 1<<32)
	label := "Item " + strconv.Itoa(id) + ": " + words[s.next()%uint64(len(words))] + " " + words[s.next()%uint64(len(words))]
	return treegen.Elem("li", treegen.Attrs("class", class, "data-id", strconv.Itoa(id)), treegen.Txt(label)).WithKey(itemKey(id))
}

// chain nests ChainDepth divs around one text.
func chain(leaf string) *treegen.Node {
	n := treegen.Txt(leaf)
	for d := ChainDepth - 1; d >= 0; d-- {
		n = treegen.Elem("div", treegen.Attrs("class", "level-"+strconv.Itoa(d)), n)
	}
	return n
}

// app is a container with a heading and body.
func app(body *treegen.Node) *treegen.Node {
	return treegen.Elem("div", treegen.Attrs("id", "app"),
		treegen.Elem("h1", nil, treegen.Txt("Quarterly report")),
		body)
}

func seq(from, to int) []int {
	s := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		s = append(s, i)
	}
	return s
}

// splitmix is SplitMix64: a fixed, portable pseudo-random sequence.
type splitmixState struct{ x uint64 }

func splitmix(seed uint64) *splitmixState { return &splitmixState{seed} }

func (s *splitmixState) next() uint64 {
	s.x += 0x9e3779b97f4a7c15
	z := s.x
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// Patches, as the engine encodes them.

func patches(ps ...string) []byte {
	b := []byte{'['}
	for i, p := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, p...)
	}
	return append(b, ']')
}

func patchHead(kind string, path []int) []byte {
	b := append([]byte(`{"type":"`), kind...)
	b = append(b, `","path":[`...)
	for i, x := range path {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(x), 10)
	}
	return append(b, ']')
}

func create(path []int, n *treegen.Node) string {
	b := append(patchHead("Create", path), `,"node":`...)
	return string(append(n.AppendCanonical(b), '}'))
}

func replace(path []int, n *treegen.Node) string {
	b := append(patchHead("Replace", path), `,"node":`...)
	return string(append(n.AppendCanonical(b), '}'))
}

func remove(path []int) string { return string(append(patchHead("Remove", path), '}')) }

func updateText(path []int, content string) string {
	b := append(patchHead("UpdateText", path), `,"content":`...)
	return string(append(jsonscan.AppendQuoted(b, content), '}'))
}

// updateProps sets the props of the node at path to those of n.
func updateProps(path []int, n *treegen.Node) string {
	b := append(patchHead("UpdateProps", path), `,"props":`...)
	return string(append(n.AppendCanonicalProps(b), '}'))
}

func reorder(path []int, keys []string) string {
	b := append(patchHead("ReorderChildren", path), `,"order":[`...)
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonscan.AppendQuoted(b, k)
	}
	return string(append(b, ']', '}'))
}
