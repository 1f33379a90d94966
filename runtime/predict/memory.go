package predict

import (
	"strconv"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict/internal/memsize"
)

// Memory is estimated by counting what the predictor stores, allocation by
// allocation, rounded up as the Go allocator rounds (package memsize), so
// that the estimate follows the heap the predictor really holds
// (TestEstimatedMemoryMatchesHeap measures it).

// baseMem is the predictor's own memory, without models and caches.
func (p *Predictor) baseMem() int64 {
	return memsize.Of(p) + 2*48 + memsize.Slice(p.lanes)
}

// estimated is the estimated memory: models, caches, and the learn scratch
// (whose size is measured again every 256 Learns, and when a bound is near).
func (p *Predictor) estimated() int64 {
	if p.lsSize == 0 || p.clock&255 == 0 || p.mem+p.lsSize > int64(p.cfg.MaxMemoryBytes)/10*9 {
		p.lsSize = p.ls.size()
	}
	return p.mem + p.lsSize
}

// exactMem is estimated with the scratch measured now (read lock suffices).
func (p *Predictor) exactMem() int64 { return p.mem + p.ls.size() }

// evictSlot removes one slot of m, chosen by the eviction policy, and
// returns it (nil when m has none).
func (p *Predictor) evictSlot(m *model) *slot {
	if len(m.slots) == 0 {
		return nil
	}
	worst := 0
	ws := p.slotScore(m.slots[0])
	for i, s := range m.slots[1:] {
		if sc := p.slotScore(s); sc < ws {
			worst, ws = i+1, sc
		}
	}
	gone := m.slots[worst]
	m.slots = append(m.slots[:worst], m.slots[worst+1:]...)
	m.slots[len(m.slots):cap(m.slots)][0] = nil
	p.slots--
	p.countEvictions(1)
	return gone
}

// countEvictions counts n patterns evicted.
func (p *Predictor) countEvictions(n uint64) {
	p.st.evictions.Add(n)
	globalOf(p.ls.lane).evictions.Add(n)
}

// enforce keeps the predictor within its bounds after a Learn of cur.
// When a bound is passed, eviction runs in a batch down to the low
// watermarks (lowWater patterns, 90% of the memory bound), so that its cost
// is O(log n) per model evicted, amortized over the Learns: memory is
// regained from the tree caches of other components first (least recently
// cached first: they only spare a decoding), then from whole models in
// eviction order (evict.go), cur last.
func (p *Predictor) enforce(cur *model) error {
	limit := int64(p.cfg.MaxMemoryBytes)
	if p.slots <= p.cfg.MaxTotalPatterns && p.estimated() <= limit {
		return nil
	}
	target := limit / 10 * 9
	low := lowWater(p.cfg.MaxTotalPatterns)
	p.heapRemove(cur)
	c := p.cacheTail
	for p.slots > low || p.estimated() > target {
		if p.estimated() > target {
			for c != nil && c.comp == cur.comp {
				c = c.prev
			}
			if c != nil {
				prev := c.prev
				p.dropCache(c)
				c = prev
				continue
			}
		}
		v := p.victim()
		if v == nil {
			break
		}
		p.dropModel(v)
	}
	p.heapAdd(cur)
	for len(cur.slots) > 0 && p.slots > p.cfg.MaxTotalPatterns {
		p.trimSlots(cur, max(0, len(cur.slots)-(p.slots-p.cfg.MaxTotalPatterns)))
		p.mem -= cur.mem
		cur.mem = cur.size()
		p.mem += cur.mem
	}
	if p.estimated() > limit {
		p.dropModel(cur)
		if cc := p.comps[cur.comp]; cc != nil {
			p.dropCache(cc)
		}
		return vdom.Errorf(vdom.MemoryLimitExceeded, "what was learned for \""+cur.comp+"\"/\""+cur.key+"\" does not fit in max_memory_bytes ("+strconv.Itoa(p.cfg.MaxMemoryBytes)+")")
	}
	return nil
}

// addModel makes m one of the predictor's models.
func (p *Predictor) addModel(m *model) {
	p.models[m.comp+"\x00"+m.key] = m
	bc := p.byComp[m.comp]
	m.cidx = int32(len(bc))
	p.byComp[m.comp] = append(bc, m)
	p.heapAdd(m)
}

// dropModel forgets m (evicted).
func (p *Predictor) dropModel(m *model) {
	if p.models[m.comp+"\x00"+m.key] != m {
		return
	}
	delete(p.models, m.comp+"\x00"+m.key)
	bc := p.byComp[m.comp]
	last := len(bc) - 1
	if i := int(m.cidx); i != last {
		bc[i] = bc[last]
		bc[i].cidx = int32(i)
	}
	bc[last] = nil
	if last == 0 {
		delete(p.byComp, m.comp)
	} else {
		p.byComp[m.comp] = bc[:last]
	}
	p.heapRemove(m)
	p.dropLender(m)
	p.slots -= len(m.slots)
	p.mem -= m.mem
	p.countEvictions(1)
}
