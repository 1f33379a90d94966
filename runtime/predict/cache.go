package predict

import (
	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict/internal/memsize"
)

// compCache is the last tree the predictor saw for a component (the new
// tree of its last Learn), decoded: a host's next Predict and Learn pass that
// same tree, which then need not be decoded again.
type compCache struct {
	comp       string
	prev, next *compCache // the caches in the order they were written, newest first
	src        []byte
	tree       vdom.Tree
	idx        []strSpan // the tree's strings that view src (delta.go)
	used       uint64
	gen        uint64 // advanced whenever the tree changes
	keyLen     int
}

// noCache stands for a component with no cached tree (never written).
var noCache = compCache{tree: vdom.Tree{Root: -1}}

// cacheTree keeps t (decoded from src) as comp's current tree; idx is its
// string index when known.
func (p *Predictor) cacheTree(comp []byte, src []byte, t *vdom.Tree, idx []strSpan) {
	if len(src) > p.cfg.MaxMemoryBytes/8 {
		if cc := p.comps[string(comp)]; cc != nil {
			p.dropCache(cc)
		}
		p.dropStates(string(comp)) // renders go with the cache (states.go)
		return
	}
	cc := p.comps[string(comp)]
	if cc == nil {
		cc = &compCache{comp: string(comp), keyLen: len(comp)}
		p.comps[cc.comp] = cc
	} else {
		p.mem -= cc.size()
		p.unlinkCache(cc)
	}
	// newest first
	cc.next = p.cacheHead
	if p.cacheHead != nil {
		p.cacheHead.prev = cc
	}
	p.cacheHead = cc
	if p.cacheTail == nil {
		p.cacheTail = cc
	}
	cc.src = append(cc.src[:0], src...)
	// t is scratch: its arenas move into the cache, the cache's old ones
	// into t
	cc.tree, *t = *t, cc.tree
	cc.tree.Src = cc.src
	t.Src = nil
	if idx != nil {
		cc.idx, p.ls.newIndex = idx, cc.idx
	} else {
		cc.idx = strIndex(&cc.tree, cc.idx)
	}
	cc.used = p.clock
	p.gen++
	cc.gen = p.gen
	p.mem += cc.size()
}

// size is the cache's estimated heap, its map entry included.
func (c *compCache) size() int64 {
	return memsize.Of(c) + memsize.Bytes(c.keyLen) + memsize.MapEntry + memsize.Bytes(cap(c.src)) + treeSize(&c.tree) + memsize.Slice(c.idx)
}

func (p *Predictor) unlinkCache(cc *compCache) {
	if cc.prev != nil {
		cc.prev.next = cc.next
	} else {
		p.cacheHead = cc.next
	}
	if cc.next != nil {
		cc.next.prev = cc.prev
	} else {
		p.cacheTail = cc.prev
	}
	cc.prev, cc.next = nil, nil
}

// dropCache forgets a component's cached tree.
func (p *Predictor) dropCache(cc *compCache) {
	p.unlinkCache(cc)
	p.mem -= cc.size()
	delete(p.comps, cc.comp)
	p.dropStates(cc.comp)
}
