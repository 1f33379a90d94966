package predict

import (
	"fmt"
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/internal/treegen"
	"github.com/minimact/engine/runtime/predict/outcome"
)

// todosWithEmpty renders the todos the filter shows, and after the list a
// message when it shows none: "All done!" under "active", "Nothing to do"
// under "all".
func todosWithEmpty(items []vtodo, filter string) []byte {
	lis := todoRows(items, filter)
	var empty *treegen.Node
	if len(lis) == 0 {
		msg := map[string]string{"active": "All done!", "all": "Nothing to do"}[filter]
		empty = treegen.El("p", map[string]string{"class": "empty"}, treegen.Txt(msg))
	}
	return page("Todos", treegen.El("ul", nil, lis...), empty, treegen.El("footer", nil, treegen.Txt("todos"))).JSON()
}

// TestEmptyStateFollowsTheList: the message after a filtered list shows
// exactly when the list shows no item, which no one feature of the todos
// tells (no active item under "active"; no item at all under "all"). Once
// the predictor saw that hold beside items and beside none, ticking a todo
// under "active" while another stays active is predicted (the message
// stays away), and so is a todo added to an empty list (the message goes).
func TestEmptyStateFollowsTheList(t *testing.T) {
	p := New(DefaultConfig())
	var items []vtodo
	filter := "all"
	step := func(next []vtodo) {
		t.Helper()
		if _, err := p.Learn(todoChange(items, next, filter), todosWithEmpty(items, filter), todosWithEmpty(next, filter)); err != nil {
			t.Fatal(err)
		}
		items = next
	}
	add := func(id int) []vtodo {
		return append(append([]vtodo(nil), items...), vtodo{id, fmt.Sprint("Task ", id), false})
	}
	tick := func(id int) []vtodo {
		c := append([]vtodo(nil), items...)
		for i := range c {
			if c[i].ID == id {
				c[i].Done = !c[i].Done
			}
		}
		return c
	}
	clear := func() []vtodo { return []vtodo{} }
	id := 0
	for round := 0; round < 8; round++ {
		filter = "all"
		id++
		step(add(id)) // one item: no message
		id++
		step(add(id))
		step(tick(id)) // done but shown under "all"
		step(tick(id - 1))
		step(clear()) // nothing: "Nothing to do"
		filter = "active"
		id++
		step(add(id))
		id++
		step(add(id))
		step(tick(id))     // one active left
		step(tick(id - 1)) // none: "All done!"
		step(clear())
	}
	predictOK := func(next []vtodo) {
		t.Helper()
		cur := todosWithEmpty(items, filter)
		pr, err := p.Predict(todoChange(items, next, filter), cur)
		if err != nil {
			t.Fatal(err)
		}
		if pr == nil {
			t.Fatalf("no prediction under %q\n%s", filter, p.Explain("todos", "todos"))
		}
		if got := applyPrediction(t, cur, pr); !sameTree(t, got, todosWithEmpty(next, filter)) {
			t.Fatalf("wrong prediction %s", pr.Patches)
		}
	}
	filter = "active"
	id++
	step(add(id))
	id++
	step(add(id))
	predictOK(tick(id)) // one active left: the message stays away
	step(tick(id))
	step(tick(id - 1)) // none active: "All done!"
	id++
	predictOK(add(id)) // an item again: the message goes
}

// TestLeavesInSeenBlocks: a leaf edit inside a block is left to the block
// when the block's subtree was one its slot saw (a replayed region), it
// changes only leaves, and its patch at the edit's node says the same;
// otherwise (it says otherwise, it says nothing there, it creates or
// removes, or a template rendered it) the prediction fails.
func TestLeavesInSeenBlocks(t *testing.T) {
	build := func(seen bool, structural bool, class string) (*predictScratch, bool) {
		ps := newPredictScratch(vdom.Limits{})
		ps.patchTree.Reset()
		ps.patches.Reset(&ps.patchTree)
		start := len(ps.patches.Patches)
		if structural {
			ps.patches.Add(vdom.PatchRemove, []int32{1, 1})
		}
		q := ps.patches.Add(vdom.PatchUpdateProps, []int32{1, 0})
		q.Props = uint32(len(ps.patchTree.Props))
		ps.patchTree.Props = append(ps.patchTree.Props, vdom.Prop{Name: ps.patchTree.AddString([]byte("class")), Val: ps.patchTree.AddString([]byte("mail unread"))})
		ps.patches.Patches[len(ps.patches.Patches)-1].NProps = 1
		off, n := ps.addPath([]int32{1})
		ps.blocks = append(ps.blocks, block{pathOff: off, pathLen: n, start: start, end: len(ps.patches.Patches), seen: seen})
		eo, en := ps.addPath([]int32{1, 0})
		ps.leafEdits = append(ps.leafEdits, leafEdit{pathOff: eo, pathLen: en, prop: []byte("class"), o: outcome.Outcome{Bytes: []byte(class)}})
		fo, fn := ps.addPath([]int32{0})
		ps.leafEdits = append(ps.leafEdits, leafEdit{pathOff: fo, pathLen: fn, text: true, o: outcome.Outcome{Bytes: []byte("3 unread")}})
		return ps, ps.leavesInBlocks()
	}
	ps, ok := build(true, false, "mail unread")
	if !ok || len(ps.leafEdits) != 1 || !ps.leafEdits[0].text {
		t.Fatalf("an edit the replayed block says was not left to it: %v %+v", ok, ps.leafEdits)
	}
	for _, c := range []struct {
		why              string
		seen, structural bool
		class            string
	}{
		{"the block says another class", true, false, "mail"},
		{"the block also removes a row", true, true, "mail unread"},
		{"a template rendered the block", false, false, "mail unread"},
	} {
		if _, ok := build(c.seen, c.structural, c.class); ok {
			t.Errorf("%s: the edit was dropped", c.why)
		}
	}
}
