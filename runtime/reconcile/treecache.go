package reconcile

import (
	"bytes"
	"sync"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"
	"github.com/minimact/engine/generated/vdom"
)

// The tree cache keeps the last few large *new* trees a reconcile decoded,
// with a copy of their JSON, because the host's next old tree is almost
// always the previous new one: a hit replaces a full decode (and its
// validation, already done on the same bytes under the same limits) with a
// byte comparison, and the next new tree is then decoded from it
// (vdom.Redecode). An entry is a Retained without its previous tree.
//
// An entry is owned by one reconciler at a time: JSON takes a matching entry
// out of the cache, so no tree is ever shared between goroutines, and puts
// the new tree in. Entries and their arenas are recycled, so the cache
// allocates nothing in steady state. Its memory is bounded by its entry
// count times the largest documents seen (each entry holds one document and
// its arenas, about three times the JSON size).

const (
	// cacheMinBytes is the smallest document worth caching: below it a
	// decode costs about as much as the bookkeeping.
	cacheMinBytes = 4 << 10
	// sampleWindow is the size of each of the three windows hashed for an
	// entry's key; the full bytes are compared on a key match.
	sampleWindow = 512
)

type cachedTree struct {
	key    uint64
	size   int
	limits vdom.Limits
	state  Retained // its current document is the cached tree
}

type treeCache struct {
	hits    atomic.Uint64
	on      atomic.Bool // max > 0, readable without the lock
	mu      sync.Mutex
	max     int
	entries []*cachedTree // least recently put first
	spare   []*cachedTree
}

var trees = newTreeCache(8)

func newTreeCache(max int) *treeCache {
	c := &treeCache{max: max}
	c.on.Store(max > 0)
	return c
}

// SetTreeCacheEntries sets how many decoded trees the process keeps for
// reuse (default 8; 0 disables the cache and frees its entries).
func SetTreeCacheEntries(n int) {
	if n < 0 {
		n = 0
	}
	trees.mu.Lock()
	defer trees.mu.Unlock()
	trees.max = n
	trees.on.Store(n > 0)
	if len(trees.entries) > n {
		k := copy(trees.entries, trees.entries[len(trees.entries)-n:])
		trees.entries = trees.entries[:k]
	}
	if n == 0 {
		trees.entries, trees.spare = nil, nil
	}
}

// TreeCacheHits returns how many reconciles took their old tree from the
// cache instead of decoding it.
func TreeCacheHits() uint64 { return trees.hits.Load() }

// sampleKey hashes the length and three windows of src: cheap, and with the
// full comparison that follows a match, exact.
func sampleKey(src []byte) uint64 {
	n := len(src)
	if n <= 3*sampleWindow {
		return xxhash.Sum64(src) ^ uint64(n)
	}
	mid := n/2 - sampleWindow/2
	h := xxhash.Sum64(src[:sampleWindow])
	h = vdom.Mix(h, xxhash.Sum64(src[mid:mid+sampleWindow]))
	h = vdom.Mix(h, xxhash.Sum64(src[n-sampleWindow:]))
	return h ^ uint64(n)
}

// take removes and returns the entry holding exactly src decoded under
// limits, or nil.
func (c *treeCache) take(src []byte, limits vdom.Limits) *cachedTree {
	key := sampleKey(src)
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := len(c.entries) - 1; i >= 0; i-- {
		e := c.entries[i]
		if cur := e.state.Current(); e.key == key && e.size == len(src) && e.limits == limits && cur != nil && bytes.Equal(cur.Src(), src) {
			c.entries = append(c.entries[:i], c.entries[i+1:]...)
			c.hits.Add(1)
			return e
		}
	}
	return nil
}

// spareEntry returns an entry whose buffers can be reused, or a new one.
func (c *treeCache) spareEntry() *cachedTree {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n := len(c.spare); n > 0 {
		e := c.spare[n-1]
		c.spare = c.spare[:n-1]
		return e
	}
	return &cachedTree{state: *NewRetained(false)}
}

// put makes e the most recent entry, moving the oldest beyond max to spare.
func (c *treeCache) put(e *cachedTree) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.max == 0 {
		return
	}
	c.entries = append(c.entries, e)
	for len(c.entries) > c.max {
		c.spare = append(c.spare, c.entries[0])
		n := copy(c.entries, c.entries[1:])
		c.entries = c.entries[:n]
	}
}

// release gives back an entry taken with take and no longer used.
func (c *treeCache) release(e *cachedTree) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.max > 0 && len(c.spare) < c.max {
		c.spare = append(c.spare, e)
	}
}
