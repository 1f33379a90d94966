package reconcile_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/minimact/engine/runtime/reconcile"
)

// TestRegressGraftKeyTable: the pair the patch-list property found with
// seed 1796288574706507067. Reconciling it grew the key table (a list of
// more children than any before), which started its generation again at 1:
// the stamps byNode keeps for the nodes a Redecode took over became
// current again, and a new child found the slot of another list's key, with
// an index past its own list's children (index out of range: a panic in the
// host). The patches must be exact in both views.
func TestRegressGraftKeyTable(t *testing.T) {
	dir := filepath.Join("testdata", "regress")
	old, err := os.ReadFile(filepath.Join(dir, "graft-keys-old.json"))
	if err != nil {
		t.Fatal(err)
	}
	new, err := os.ReadFile(filepath.Join(dir, "graft-keys-new.json"))
	if err != nil {
		t.Fatal(err)
	}
	forViews(t, func(t *testing.T) {
		if _, msg := exact(old, new); msg != "" {
			t.Fatal(msg)
		}
	})
}

// TestKeyTableGrowthKeepsNodesStale: a key table that grows keeps its
// generation rising, so what byNode recorded before the reset is stale.
func TestKeyTableGrowthKeepsNodesStale(t *testing.T) {
	for _, n := range []int{1, 8, 1000} {
		if x := reconcile.KeyTableNodeAfterGrowth(n); x != -1 {
			t.Errorf("after a reset for %d keys, a node recorded before has slot %d", n, x)
		}
	}
}
