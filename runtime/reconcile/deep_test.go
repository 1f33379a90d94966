package reconcile_test

import (
	"runtime"
	"strings"
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/reconcile"
)

// deepChain is a chain of depth divs around a text.
func deepChain(depth int, leaf string) []byte {
	var b strings.Builder
	for i := 0; i < depth; i++ {
		b.WriteString(`{"type":"Element","tag":"div","children":[`)
	}
	b.WriteString(`{"type":"Text","content":"` + leaf + `"}`)
	for i := 0; i < depth; i++ {
		b.WriteString(`]}`)
	}
	return []byte(b.String())
}

// TestDeepPairMemory: with the depth limit raised, diffing a 10,000-deep
// pair whose leaf changed takes memory linear in the depth (the work stack
// holds a pair per level at most, and paths are not copied per work item),
// and visits each level once. Counted in bytes allocated, not time.
func TestDeepPairMemory(t *testing.T) {
	const depth = 10000
	lim := vdom.Limits{MaxTreeDepth: depth + 10, MaxNodeCount: depth + 10}
	d := vdom.NewDecoder(lim)
	var old, new vdom.Tree
	if err := d.DecodeTree(deepChain(depth, "a"), &old); err != nil {
		t.Fatal(err)
	}
	if err := d.DecodeTree(deepChain(depth, "b"), &new); err != nil {
		t.Fatal(err)
	}
	r := reconcile.New(lim)
	var l vdom.PatchList
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r.Diff(&old, &new, &l)
	runtime.ReadMemStats(&after)
	if len(l.Patches) != 1 || l.Patches[0].Kind != vdom.PatchUpdateText || len(l.PathOf(&l.Patches[0])) != depth {
		t.Fatalf("want one UpdateText at a path of %d zeros, got %d patches", depth, len(l.Patches))
	}
	// the patch's own path is depth int32s; everything else is O(depth) too
	if got, max := after.TotalAlloc-before.TotalAlloc, uint64(64*depth+1<<16); got > max {
		t.Fatalf("diffing a %d-deep pair allocated %d bytes, more than %d (linear in the depth)", depth, got, max)
	}
	// the whole JSON job on the raised limit, too: the answer is one patch
	out, err := r.JSON(deepChain(depth, "a"), deepChain(depth, "b"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Patches() != 1 || !strings.HasPrefix(string(out), `[{"type":"UpdateText","path":[0,0,0`) {
		t.Fatalf("JSON: %d patches, %.80s", r.Patches(), out)
	}
}
