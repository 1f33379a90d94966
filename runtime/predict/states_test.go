package predict

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/internal/treegen"
	"github.com/minimact/engine/runtime/predict/outcome"
)

// scAll is a state change of key to n carrying the whole state after it.
func scAll(comp, key string, o, n any, all map[string]any) []byte {
	b, err := json.Marshal(map[string]any{"component_id": comp, "state_key": key, "old_value": o, "new_value": n, "all_state": all})
	if err != nil {
		panic(err)
	}
	return b
}

// board renders rows in an order and a caption no template computes: both
// depend on the two keys together (a leaderboard's column and direction).
func board(sortBy, dir string, extra int) []byte {
	words := map[string]string{"name/asc": "alpha", "name/desc": "omega", "score/asc": "lowest", "score/desc": "champions", "wins/asc": "rookies", "wins/desc": "veterans"}
	order := map[string][]string{"name/asc": {"a", "b", "c", "d"}, "name/desc": {"d", "c", "b", "a"},
		"score/asc": {"c", "a", "d", "b"}, "score/desc": {"b", "d", "a", "c"}, "wins/asc": {"d", "a", "b", "c"}, "wins/desc": {"c", "b", "a", "d"}}
	k := sortBy + "/" + dir
	var rows []*treegen.Node
	for _, id := range order[k] {
		rows = append(rows, treegen.Keyed("li", id, nil, treegen.Txt("player "+id)))
	}
	kids := []*treegen.Node{treegen.El("p", nil, treegen.Txt(words[k])), treegen.El("ul", map[string]string{"data-sort": k}, rows...)}
	if extra >= 0 {
		kids = append(kids, treegen.El("small", nil, treegen.Txt(fmt.Sprint("render ", extra))))
	}
	return page("Leaderboard", kids...).JSON()
}

// boardWalk is a user clicking columns and directions, as (key, value)
// steps from name/asc.
var boardWalk = [][2]string{
	{"dir", "desc"}, {"sortBy", "score"}, {"dir", "asc"}, {"sortBy", "name"}, {"dir", "desc"}, {"sortBy", "wins"},
	{"dir", "asc"}, {"sortBy", "score"}, {"dir", "desc"}, {"sortBy", "name"}, {"dir", "asc"}, {"sortBy", "wins"},
	{"dir", "desc"}, {"sortBy", "score"}, {"dir", "asc"}, {"sortBy", "name"},
}

// replayBoard walks the board (extra: a render counter shown, when
// counting) and returns how many steps were predicted, predicted wrong, and
// predicted before the first state seen twice had been verified.
func replayBoard(t *testing.T, p *Predictor, comp string, counting bool, rounds int) (hits, wrong int) {
	t.Helper()
	st := map[string]any{"sortBy": "name", "dir": "asc"}
	renders := 0
	render := func() []byte {
		renders++
		e := -1
		if counting {
			e = renders
		}
		return board(st["sortBy"].(string), st["dir"].(string), e)
	}
	cur := render()
	for r := 0; r < rounds; r++ {
		for _, s := range boardWalk {
			old := st[s[0]]
			st[s[0]] = s[1]
			ch := scAll(comp, s[0], old, s[1], st)
			pr, err := p.Predict(ch, cur)
			if err != nil {
				t.Fatal(err)
			}
			next := render()
			if pr != nil {
				if got := applyPrediction(t, cur, pr); sameTree(t, got, next) {
					hits++
				} else {
					wrong++
				}
			}
			if _, err := p.Learn(ch, cur, next); err != nil {
				t.Fatal(err)
			}
			cur = next
		}
	}
	return hits, wrong
}

// TestReplayWholeStates: a render of two keys together, which no slot
// generalizes, is predicted exactly once its states come back and the
// component's replays were verified.
func TestReplayWholeStates(t *testing.T) {
	p := New(DefaultConfig())
	hits, wrong := replayBoard(t, p, "board#1", false, 4)
	if wrong != 0 {
		t.Fatalf("%d wrong predictions", wrong)
	}
	// 6 states: the first round of 16 steps sees them all; from the second
	// round on every step is a state seen before
	if steps := 4 * len(boardWalk); hits < steps-len(boardWalk)-4 {
		t.Fatalf("%d of %d steps predicted", hits, steps)
	}
	sm := p.states["board#1"]
	if sm == nil || len(sm.entries) != 6 {
		t.Fatalf("renders kept: %+v", sm)
	}
}

// TestReplayNeedsVerification: no state is replayed before one replay was
// verified: the record of replays starts empty (confidence 2/3).
func TestReplayNeedsVerification(t *testing.T) {
	p := New(DefaultConfig())
	st := map[string]any{"sortBy": "name", "dir": "asc"}
	learn := func(key, v string) {
		old := st[key]
		before := board(st["sortBy"].(string), st["dir"].(string), -1)
		st[key] = v
		if _, err := p.Learn(scAll("b", key, old, v, st), before, board(st["sortBy"].(string), st["dir"].(string), -1)); err != nil {
			t.Fatal(err)
		}
	}
	learn("dir", "desc") // name/asc → name/desc
	cur := board("name", "desc", -1)
	if w, _ := replayOf(p, changeOf(t, scAll("b", "dir", "desc", "asc", map[string]any{"sortBy": "name", "dir": "asc"})), decodeT(t, cur)); w != nil {
		t.Fatal("replayed before a verified replay")
	}
	learn("dir", "asc") // back: the first verified replay
	if w, c := replayOf(p, changeOf(t, scAll("b", "dir", "asc", "desc", map[string]any{"sortBy": "name", "dir": "desc"})), decodeT(t, board("name", "asc", -1))); w == nil || c < 0.7 {
		t.Fatalf("not replayed after a verified replay (confidence %.3f)", c)
	}
	// a current tree that is not what the state before rendered: silent
	if w, _ := replayOf(p, changeOf(t, scAll("b", "dir", "desc", "asc", map[string]any{"sortBy": "name", "dir": "asc"})), decodeT(t, board("name", "desc", 7))); w != nil {
		t.Fatal("replayed on a page other than the old state's render")
	}
}

// TestReplaySilentWhenRenderIsNotOfState: a component that shows what its
// state does not hold (a render counter) never gets a replay.
func TestReplaySilentWhenRenderIsNotOfState(t *testing.T) {
	p := New(DefaultConfig())
	hits, wrong := replayBoard(t, p, "board#2", true, 4)
	if wrong != 0 {
		t.Fatalf("%d wrong predictions (%d right)", wrong, hits)
	}
	if sm := p.states["board#2"]; sm == nil || sm.conf() >= 0.7 {
		t.Fatalf("record of replays: %+v", sm.rec)
	}
}

// TestStatesBounded: renders are bounded per component and counted in the
// predictor's memory, and forgotten with the component's tree cache.
func TestStatesBounded(t *testing.T) {
	p := New(DefaultConfig())
	base := p.mem
	cur := page("n", treegen.Txt("0")).JSON()
	for i := 1; i <= 3*maxStates; i++ {
		next := page("n", treegen.Txt(fmt.Sprint(i))).JSON()
		if _, err := p.Learn(scAll("c", "n", i-1, i, map[string]any{"n": i}), cur, next); err != nil {
			t.Fatal(err)
		}
		cur = next
	}
	sm := p.states["c"]
	if len(sm.entries) > maxStates {
		t.Fatalf("%d renders kept, bound %d", len(sm.entries), maxStates)
	}
	var sum int64
	for _, e := range sm.entries {
		sum += e.size()
	}
	if len(sm.entries) < maxStates/2 {
		t.Fatalf("only %d renders kept", len(sm.entries))
	}
	if sm.bytes <= sum {
		t.Fatalf("bytes %d, entries %d", sm.bytes, sum)
	}
	if ms := p.MemoryStats(); ms.StateRenders != len(sm.entries) || ms.StateRenderBytes != sm.bytes {
		t.Fatalf("memory stats say %d renders, %d bytes; there are %d, %d", ms.StateRenders, ms.StateRenderBytes, len(sm.entries), sm.bytes)
	}
	p.lock()
	p.dropCache(p.comps["c"])
	p.unlock()
	if p.states["c"] != nil {
		t.Fatal("renders outlived the tree cache")
	}
	if ms := p.MemoryStats(); ms.StateRenders != 0 || ms.StateRenderBytes != 0 {
		t.Fatalf("memory stats after the cache went: %+v", ms)
	}
	p.Clear()
	if p.mem != base || len(p.states) != 0 {
		t.Fatalf("after Clear: mem %d (base %d), %d components' renders", p.mem, base, len(p.states))
	}
}

// changeOf parses a state change under the default limits.
func changeOf(t *testing.T, b []byte) *outcome.Change {
	t.Helper()
	var c outcome.Change
	if err := c.Parse(b, New(DefaultConfig()).lim); err != nil {
		t.Fatal(err)
	}
	return &c
}

// replayOf is p.replay on a tree that is not the component's cache.
func replayOf(p *Predictor, ch *outcome.Change, cur *vdom.Tree) ([]byte, float64) {
	var enc vdom.Encoder
	var buf []byte
	return p.replay(ch, nil, cur, &enc, &buf)
}

// bell renders a badge with the unread count and, while open, a dropdown
// that repeats it.
func bell(unread int, open bool) []byte {
	kids := []*treegen.Node{treegen.El("button", map[string]string{"aria-label": fmt.Sprintf("Notifications (%d unread)", unread)},
		treegen.El("span", map[string]string{"class": "badge"}, treegen.Txt(fmt.Sprint(unread))))}
	if open {
		kids = append(kids, treegen.El("div", map[string]string{"class": "dropdown"},
			treegen.El("strong", nil, treegen.Txt(fmt.Sprintf("%d new notifications", unread)))))
	}
	return page("Inbox", kids...).JSON()
}

// TestAbsentRegionDoesNotSilence: the unread count's slots inside the
// dropdown, learned while it was open, do not silence the prediction of a
// change of the count while it is closed: there is nothing of them to
// change (issue 10, regions answered independently).
func TestAbsentRegionDoesNotSilence(t *testing.T) {
	p := New(DefaultConfig())
	unread := 3
	step := func(open bool, n int) *Prediction {
		ch := sc("bell", "unread", unread, n)
		pr, err := p.Predict(ch, bell(unread, open))
		if err != nil {
			t.Fatal(err)
		}
		if pr != nil {
			if got := applyPrediction(t, bell(unread, open), pr); !sameTree(t, got, bell(n, open)) {
				t.Fatalf("wrong prediction %d -> %d (open %v): %s", unread, n, open, pr.Patches)
			}
		}
		if _, err := p.Learn(ch, bell(unread, open), bell(n, open)); err != nil {
			t.Fatal(err)
		}
		unread = n
		return pr
	}
	for i := 0; i < 8; i++ {
		step(true, unread+1)
	}
	if step(true, unread+1) == nil {
		t.Fatal("no prediction while open")
	}
	// closed: the dropdown's slots are absent; after the records of the
	// closed page are verified, its changes are predicted
	var got int
	for i := 0; i < 8; i++ {
		if step(false, unread+1) != nil {
			got++
		}
	}
	if got < 4 {
		t.Fatalf("%d of 8 changes predicted while the dropdown is closed", got)
	}
	// and open again: the dropdown's slots answer again
	step(true, unread+1)
	step(true, unread+1)
	step(true, unread+1)
	if step(true, unread+1) == nil {
		t.Fatal("no prediction once open again")
	}
}

// TestStatesGoWithTheCache: a component whose new tree is too large to
// cache keeps no renders either (they are reclaimed with the caches, and
// one without a cache would never be).
func TestStatesGoWithTheCache(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxMemoryBytes = 1 << 20
	p := New(cfg)
	small := page("n", treegen.Txt("0")).JSON()
	big := page("n", treegen.Txt(fmt.Sprintf("%0200000d", 1))).JSON()
	if _, err := p.Learn(scAll("c", "n", 0, 1, map[string]any{"n": 1}), small, big); err != nil {
		t.Fatal(err)
	}
	if p.comps["c"] != nil || p.states["c"] != nil {
		t.Fatalf("cache %v, renders %v", p.comps["c"] != nil, p.states["c"] != nil)
	}
}
