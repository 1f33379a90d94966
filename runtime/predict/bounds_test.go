package predict

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/minimact/engine/generated/vdom"

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

// counterTree is a one-text component.
func counterTree(v any) []byte {
	return page("C", treegen.El("p", nil, treegen.Txt(fmt.Sprint("Count: ", v)))).JSON()
}

// TestEvictionWorkPerLearn: past max_total_patterns, a Learn of a new key
// costs a constant number of eviction keys computed (and O(log n) heap
// steps), amortized; it used to sort every model on every Learn.
func TestEvictionWorkPerLearn(t *testing.T) {
	for _, pol := range []EvictionPolicy{LRU, LeastObserved, OldestFirst, LowestConfidence} {
		for _, bound := range []int{1000, 4000} {
			p := New(Config{MaxTotalPatterns: bound, Eviction: pol})
			learnKey := func(i int) {
				c := fmt.Sprint("comp-", i)
				for v := 0; v < 2; v++ {
					if _, err := p.Learn(sc(c, "count", v, v+1), counterTree(v), counterTree(v+1)); err != nil {
						t.Fatal(err)
					}
				}
			}
			for i := 0; i < bound; i++ {
				learnKey(i)
			}
			w0, e0 := p.evictWork, p.Metrics().Evictions
			const more = 2000
			for i := bound; i < bound+more; i++ {
				learnKey(i)
			}
			st := p.Stats()
			perLearn := float64(p.evictWork-w0) / (2 * more)
			t.Logf("%v, bound %d: %d keys kept, %d evicted, %.2f eviction keys computed per Learn", pol, bound, st.UniqueStateKeys, p.Metrics().Evictions-e0, perLearn)
			if st.TotalPatterns > bound || st.TotalPatterns < lowWater(bound)-1 {
				t.Errorf("%v: %d patterns for a bound of %d", pol, st.TotalPatterns, bound)
			}
			if perLearn > 4 {
				t.Errorf("%v, bound %d: %.2f eviction keys computed per Learn", pol, bound, perLearn)
			}
		}
	}
}

// TestEvictionKeepsMostValuable: under each policy, after evictions no key
// that was kept is worth less than one that went (among keys whose worth
// the later Learns did not change): the most recently used, the most
// observed, the youngest, the most confident survive.
func TestEvictionKeepsMostValuable(t *testing.T) {
	const n, bound, extra = 300, 200, 60
	for _, pol := range []EvictionPolicy{LRU, LeastObserved, OldestFirst, LowestConfidence} {
		p := New(Config{MaxTotalPatterns: bound + extra, Eviction: pol})
		comp := func(i int) string { return fmt.Sprint("c", i) }
		// key i is learned 1 + (i*7)%9 times, first in a shuffled order
		order := make([]int, n)
		for i := range order {
			order[i] = (i * 113) % n
		}
		for _, i := range order {
			for v := 0; v < 1+(i*7)%9; v++ {
				if _, err := p.Learn(sc(comp(i), "count", v, v+1), counterTree(v), counterTree(v+1)); err != nil {
					t.Fatal(err)
				}
			}
		}
		// some are used since (a prediction)
		for i := 0; i < n; i += 3 {
			p.Predict(sc(comp(i), "count", 20, 21), counterTree(20))
		}
		worth := map[string]float64{}
		p.rlock(p.readLane())
		for _, m := range p.models {
			worth[m.comp] = p.score(m)
		}
		p.runlock(p.readLane())
		// a lower bound makes the next Learns evict: new keys, each once
		p.cfg.MaxTotalPatterns = bound
		for i := n; i < n+extra; i++ {
			if _, err := p.Learn(sc(comp(i), "count", 0, 1), counterTree(0), counterTree(1)); err != nil {
				t.Fatal(err)
			}
		}
		kept := map[string]bool{}
		for _, ps := range p.Stats().Patterns {
			kept[ps.ComponentID] = true
		}
		worstKept, bestGone := 1e300, -1e300
		gone := 0
		for c, w := range worth {
			if kept[c] {
				worstKept = min(worstKept, w)
			} else {
				bestGone = max(bestGone, w)
				gone++
			}
		}
		t.Logf("%v: %d of %d first keys evicted; worst kept %.3f, best evicted %.3f", pol, gone, n, worstKept, bestGone)
		if gone == 0 {
			t.Errorf("%v: nothing evicted", pol)
		}
		if bestGone > worstKept {
			t.Errorf("%v: a key worth %.3f was evicted while one worth %.3f was kept", pol, bestGone, worstKept)
		}
	}
}

// TestLoadWorkIsNotQuadratic: loading a snapshot larger than the config's
// bounds evicts in batches through the eviction heap as it reads, so the
// eviction keys computed grow with the patterns read, not with their square
// (it rescanned every model for each one evicted: 20,000 patterns with a
// small memory cap took 11–39 s, 400,000 minimal ones over a minute).
func TestLoadWorkIsNotQuadratic(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 5000
	}
	big := New(Config{MaxTotalPatterns: 1 << 20, MaxMemoryBytes: 1 << 30})
	for i := 0; i < n; i++ {
		c := fmt.Sprint("comp-", i)
		for v := 0; v < 2; v++ {
			if _, err := big.Learn(sc(c, "count", v, v+1), counterTree(v), counterTree(v+1)); err != nil {
				t.Fatal(err)
			}
		}
	}
	js, _ := big.Save()
	bin, _ := big.Serialize()
	for _, c := range []struct {
		name string
		cfg  Config
	}{
		{"100 patterns", Config{MaxTotalPatterns: 100}},
		{"1 MiB", Config{MaxMemoryBytes: 1 << 20}},
		{"default", DefaultConfig()},
	} {
		for _, format := range []string{"json", "binary"} {
			var p *Predictor
			var err error
			if format == "json" {
				// Load takes the snapshot's config: put this one in
				var q *Predictor
				if q, err = Load(js); err == nil {
					q.cfg = New(c.cfg).cfg
					var js2 []byte
					js2, _ = q.Save()
					p, err = Load(js2)
				}
			} else {
				p, err = Deserialize(bin, c.cfg)
			}
			if err != nil {
				t.Fatal(err)
			}
			ms := p.MemoryStats()
			t.Logf("%s, %s: %d keys, %d patterns, %d bytes kept; %d eviction keys computed", c.name, format, ms.KeyCount, ms.PatternCount, ms.TotalBytes, p.evictWork)
			if ms.PatternCount > p.cfg.MaxTotalPatterns || ms.TotalBytes > ms.LimitBytes {
				t.Errorf("%s, %s: over the bounds: %+v", c.name, format, ms)
			}
			if p.evictWork > uint64(3*n) {
				t.Errorf("%s, %s: %d eviction keys computed for %d patterns", c.name, format, p.evictWork, n)
			}
		}
	}
}

// TestLoadMinimalPatterns: 100,000 patterns of nothing (a few bytes each in
// the binary form) load in work linear in their number, within the memory
// bound.
func TestLoadMinimalPatterns(t *testing.T) {
	n := 100000
	if testing.Short() {
		n = 20000
	}
	src := New(Config{MaxMemoryBytes: 1 << 30})
	for i := 0; i < n; i++ {
		src.addModel(&model{comp: fmt.Sprint(i), key: "k", born: uint64(i), used: int64(i), hidx: -1})
	}
	bin, _ := src.Serialize()
	p, err := Deserialize(bin, Config{MaxMemoryBytes: 4 << 20})
	if err != nil {
		t.Fatal(err)
	}
	ms := p.MemoryStats()
	t.Logf("%d minimal patterns, %d bytes: %d kept in %d bytes; %d eviction keys computed", n, len(bin), ms.KeyCount, ms.TotalBytes, p.evictWork)
	if ms.TotalBytes > ms.LimitBytes || ms.KeyCount == 0 {
		t.Errorf("%+v", ms)
	}
	if p.evictWork > uint64(3*n) {
		t.Errorf("%d eviction keys computed for %d patterns", p.evictWork, n)
	}
	// LRU: the most recently used are the ones kept
	for _, ps := range p.Stats().Patterns {
		var i int
		fmt.Sscan(ps.ComponentID, &i)
		if i < n-ms.KeyCount-ms.KeyCount/8 {
			t.Fatalf("pattern %d kept, %d of %d in all", i, ms.KeyCount, n)
		}
	}
}

// allocated is the bytes f allocates.
func allocated(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// TestLoadSkipsUnknownMembers: a JSON snapshot's unknown members (10 MB of
// [0,0,…] at the top and inside a pattern) are skipped, not built: loading
// it allocates what loading the snapshot without them does (it was 342 MB,
// and 2.2 GB for 60 MB).
func TestLoadSkipsUnknownMembers(t *testing.T) {
	golden, err := os.ReadFile(filepath.Join("testdata", "snapshot.json"))
	if err != nil {
		t.Fatal(err)
	}
	junk := "[" + strings.Repeat("0,", 5<<20) + "0]"
	padded := bytes.Replace(golden, []byte(`{"format":`), []byte(`{"junk":`+junk+`,"format":`), 1)
	padded = bytes.Replace(padded, []byte(`"observations":`), []byte(`"more_junk":`+junk+`,"observations":`), 1)
	if len(padded) < 20<<20 {
		t.Fatal("the junk was not inserted")
	}
	var plain, big *Predictor
	base := allocated(func() { plain, err = Load(golden) })
	if err != nil {
		t.Fatal(err)
	}
	n := allocated(func() { big, err = Load(padded) })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("golden (%d bytes): %d allocated; with %d bytes of unknown members: %d allocated", len(golden), base, len(padded)-len(golden), n)
	if n > base+64<<10 {
		t.Errorf("loading %d bytes of unknown members allocated %d more bytes", len(padded)-len(golden), n-base)
	}
	a, _ := plain.Save()
	b, _ := big.Save()
	if !bytes.Equal(a, b) {
		t.Error("the unknown members changed what was loaded")
	}
}

// TestCloseRacesCalls: Close waits for the calls running and refuses the
// later ones with InvalidHandle; nothing else fails (run with -race).
func TestCloseRacesCalls(t *testing.T) {
	for round := 0; round < 20; round++ {
		p := New(DefaultConfig())
		for v := 0; v < 5; v++ {
			p.Learn(sc("c", "k", v, v+1), counterTree(v), counterTree(v+1))
		}
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 50; i++ {
					_, err := p.Predict(sc("c", "k", 5, 6), counterTree(5))
					if err == nil && g == 0 {
						_, err = p.Learn(sc("c", "k", 5, 6), counterTree(5), counterTree(6))
					}
					if err != nil {
						if vdom.CodeOf(err) != vdom.InvalidHandle {
							errs <- err
						}
						return
					}
				}
			}()
		}
		p.Close()
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if _, err := p.Predict(sc("c", "k", 5, 6), counterTree(5)); vdom.CodeOf(err) != vdom.InvalidHandle {
			t.Fatalf("after Close: %v", err)
		}
		p.Close()
	}
}

// TestPredictIntoAllocatesNothing: in a host's steady state (the tree of the
// last Learn, the same change predicted again) a prediction into a buffer
// allocates nothing, and writes nothing shared (the pending prediction is
// left as it is when it is the same).
func TestPredictIntoAllocatesNothing(t *testing.T) {
	p := New(DefaultConfig())
	for v := 0; v < 8; v++ {
		p.Learn(sc("c", "k", v, v+1), counterTree(v), counterTree(v+1))
	}
	change, tree := sc("c", "k", 8, 9), counterTree(8)
	_, buf, ok, err := p.PredictInto(nil, change, tree)
	if !ok || err != nil {
		t.Fatal("no prediction", err)
	}
	m := p.models["c\x00k"]
	seq := m.pend.seq.Load()
	if n := testing.AllocsPerRun(100, func() { _, buf, _, _ = p.PredictInto(buf, change, tree) }); n != 0 && !raceEnabled {
		t.Errorf("%.1f allocations per prediction", n)
	}
	if m.pend.seq.Load() != seq {
		t.Error("the same prediction wrote the pending record again")
	}
}

// TestLearnAllocatesNothing: in a host's steady state (a counter learning
// one increment after another) a Learn allocates nothing per call. (Taking
// the pending prediction once moved it to the heap on every Learn.)
func TestLearnAllocatesNothing(t *testing.T) {
	p := New(DefaultConfig())
	const n = 400
	changes, trees := make([][]byte, n), make([][]byte, n+1)
	for v := 0; v <= n; v++ {
		trees[v] = counterTree(v)
		if v < n {
			changes[v] = sc("c", "k", v, v+1)
		}
	}
	v := 0
	learn := func() {
		if _, err := p.Learn(changes[v], trees[v], trees[v+1]); err != nil {
			t.Fatal(err)
		}
		v++
	}
	for v < 100 {
		learn()
	}
	if a := testing.AllocsPerRun(200, learn); a != 0 && !raceEnabled {
		t.Errorf("%.1f allocations per learn", a)
	}
}
