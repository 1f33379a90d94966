package predict

import (
	"fmt"
	"testing"

	"github.com/minimact/engine/internal/treegen"
)

// The hostile cases of issue 8, each held to a count of work (never to the
// clock): what one Learn, eviction or load does must grow with the change and
// the limits, not with their product or with what the predictor holds.

// chainTree is a chain of levels divs, each with texts text children (all
// naming v) before the next level.
func chainTree(levels, texts int, v string) *treegen.Node {
	var n *treegen.Node
	for l := levels - 1; l >= 0; l-- {
		kids := make([]*treegen.Node, 0, texts+1)
		for i := 0; i < texts; i++ {
			kids = append(kids, treegen.Txt(fmt.Sprintf("%s %d %d", v, l, i)))
		}
		if n != nil {
			kids = append(kids, n)
		}
		n = treegen.El("div", nil, kids...)
	}
	return n
}

// wideTree is a div of ps p children, each with texts texts.
func wideTree(ps, texts int, v string) *treegen.Node {
	kids := make([]*treegen.Node, ps)
	for i := range kids {
		tx := make([]*treegen.Node, texts)
		for j := range tx {
			tx[j] = treegen.Txt(fmt.Sprintf("%s %d %d", v, i, j))
		}
		kids[i] = treegen.El("p", nil, tx...)
	}
	return treegen.El("div", nil, kids...)
}

// learnWork is the resolution work (siblings visited, locators resolved or
// made) and the slots made by the last of three Learns (trees[0] -> [1],
// [1] -> [2], [2] -> [3]) on a fresh predictor with cfg: the last one
// resolves the slots the first two made.
func learnWork(t *testing.T, cfg Config, trees ...[]byte) (work, res uint64, made int) {
	t.Helper()
	p := New(cfg)
	var w0, r0 uint64
	for i := 0; i+1 < len(trees); i++ {
		w0, r0 = p.ls.ixOld.work+p.ls.ixNew.work, p.ls.ixOld.res+p.ls.ixNew.res
		if _, err := p.Learn(sc("c", "k", i, i+1), trees[i], trees[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	return p.ls.ixOld.work + p.ls.ixNew.work - w0, p.ls.ixOld.res + p.ls.ixNew.res - r0, p.ls.disc.added
}

// TestLearnWorkIsNearLinear: the 10-second Learn (a 100-level chain, 99
// texts per level, every text changed: 9,900 UpdateTexts) and the 999 p × 9
// texts one. Each existing slot is resolved once per pass and every new one
// located through the sibling index, so the work grows with the size of the
// change (the tree's nodes and the observed patches' paths), not with
// patches × slots × siblings (it was 10^10 sibling comparisons, 10 s). With
// the default limits a Learn makes at most max_patterns_per_key slots; with
// that bound lifted, every leaf becomes a slot and the work still follows
// the change.
func TestLearnWorkIsNearLinear(t *testing.T) {
	type size struct {
		name   string
		nodes  int
		change int // nodes + the observed patches' path lengths
		trees  [][]byte
	}
	chain := func(l, tx int) size {
		var trees [][]byte
		for _, v := range []string{"a", "b", "c", "d"} {
			trees = append(trees, chainTree(l, tx, v).JSON())
		}
		return size{fmt.Sprintf("chain %dx%d", l, tx), l * (tx + 1), l*(tx+1) + tx*l*(l+1)/2, trees}
	}
	wide := func(ps, tx int) size {
		var trees [][]byte
		for _, v := range []string{"a", "b", "c", "d"} {
			trees = append(trees, wideTree(ps, tx, v).JSON())
		}
		return size{fmt.Sprintf("wide %dx%d", ps, tx), 1 + ps*(tx+1), 1 + ps*(tx+1) + 2*ps*tx, trees}
	}
	lifted := DefaultConfig()
	lifted.MaxPatternsPerKey = 1 << 20
	lifted.MaxTotalPatterns = 1 << 20
	lifted.MaxMemoryBytes = 1 << 30
	for _, cfg := range []Config{DefaultConfig(), lifted} {
		for _, series := range [][]size{
			{chain(25, 24), chain(50, 49), chain(100, 99)},
			{wide(250, 9), wide(500, 9), wide(999, 9)},
		} {
			var prev float64
			for _, c := range series {
				work, res, made := learnWork(t, cfg, c.trees...)
				t.Logf("max_patterns_per_key %d, %s (%d nodes, change %d): %d siblings visited, %d resolutions, %d slots made",
					cfg.MaxPatternsPerKey, c.name, c.nodes, c.change, work, res, made)
				if made > cfg.MaxPatternsPerKey {
					t.Errorf("%s: one Learn made %d slots, more than max_patterns_per_key", c.name, made)
				}
				// the index visits every node of both trees once, and
				// every resolution costs its path's length, a few passes
				if limit := uint64(4*c.nodes + 8*c.change); work > limit {
					t.Errorf("%s: %d siblings visited, more than %d", c.name, work, limit)
				}
				if limit := uint64(8*min(cfg.MaxPatternsPerKey, c.nodes) + c.nodes); res > limit {
					t.Errorf("%s: %d resolutions, more than %d", c.name, res, limit)
				}
				per := float64(work) / float64(c.change)
				if prev > 0 && per > 2*prev {
					t.Errorf("%s: work per unit of change grew from %.2f to %.2f", c.name, prev, per)
				}
				prev = per
			}
		}
	}
}
