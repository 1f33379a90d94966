package predict

import (
	"sort"
	"strconv"
	"sync/atomic"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict/internal/memsize"
)

// Memory is estimated by counting what the predictor stores, allocation by
// allocation, rounded up as the Go allocator rounds (package memsize), so
// that the estimate follows the heap the predictor really holds
// (TestEstimatedMemoryMatchesHeap measures it).

// baseMem is the predictor's own memory, without models and caches.
func (p *Predictor) baseMem() int64 {
	return memsize.Of(p) + 2*48
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
	for i, s := range m.slots {
		w := m.slots[worst]
		var better bool
		switch p.cfg.Eviction {
		case LeastObserved:
			better = s.changes < w.changes
		case OldestFirst:
			better = s.born < w.born
		case LowestConfidence:
			better = s.rec.conf() < w.rec.conf()
		default:
			better = s.lastChange < w.lastChange
		}
		if better {
			worst = i
		}
	}
	gone := m.slots[worst]
	m.slots = append(m.slots[:worst], m.slots[worst+1:]...)
	m.slots[len(m.slots):cap(m.slots)][0] = nil
	p.slots--
	p.st.evictions.Add(1)
	global.evictions.Add(1)
	return gone
}

// modelScore orders models for eviction: lowest first.
func (p *Predictor) modelScore(m *model) float64 {
	switch p.cfg.Eviction {
	case LeastObserved:
		return float64(m.obs)
	case OldestFirst:
		return float64(m.born)
	case LowestConfidence:
		return m.ctxConf(p.context(m))
	}
	return float64(atomic.LoadInt64(&m.used))
}

// enforce keeps the predictor within its bounds after a Learn of cur:
// caches go first, then whole models by the eviction policy, cur last.
func (p *Predictor) enforce(cur *model) error {
	over := func() bool {
		return p.slots > p.cfg.MaxTotalPatterns || p.estimated() > int64(p.cfg.MaxMemoryBytes)
	}
	if !over() {
		return nil
	}
	// the tree caches of other components, least recently used first
	if p.estimated() > int64(p.cfg.MaxMemoryBytes) {
		type cc struct {
			k    string
			used uint64
		}
		var ccs []cc
		for k, c := range p.comps {
			if k != cur.comp {
				ccs = append(ccs, cc{k, c.used})
			}
		}
		sort.Slice(ccs, func(i, j int) bool { return ccs[i].used < ccs[j].used })
		for _, c := range ccs {
			if p.estimated() <= int64(p.cfg.MaxMemoryBytes) {
				break
			}
			p.mem -= p.comps[c.k].size()
			delete(p.comps, c.k)
		}
	}
	if over() {
		type ms struct {
			k     string
			score float64
		}
		var all []ms
		for k, m := range p.models {
			if m != cur {
				all = append(all, ms{k, p.modelScore(m)})
			}
		}
		sort.Slice(all, func(i, j int) bool {
			if all[i].score != all[j].score {
				return all[i].score < all[j].score
			}
			return all[i].k < all[j].k
		})
		target := int64(p.cfg.MaxMemoryBytes) / 10 * 9
		for _, x := range all {
			if p.slots <= p.cfg.MaxTotalPatterns && p.estimated() <= target {
				break
			}
			p.dropModel(x.k)
		}
	}
	for len(cur.slots) > 0 && p.slots > p.cfg.MaxTotalPatterns {
		p.evictSlot(cur)
		p.mem -= cur.mem
		cur.mem = cur.size()
		p.mem += cur.mem
	}
	if p.estimated() > int64(p.cfg.MaxMemoryBytes) {
		p.dropModel(cur.comp + "\x00" + cur.key)
		if cc := p.comps[cur.comp]; cc != nil {
			p.mem -= cc.size()
			delete(p.comps, cur.comp)
		}
		return vdom.Errorf(vdom.MemoryLimitExceeded, "what was learned for \""+cur.comp+"\"/\""+cur.key+"\" does not fit in max_memory_bytes ("+strconv.Itoa(p.cfg.MaxMemoryBytes)+")")
	}
	return nil
}

func (p *Predictor) dropModel(k string) {
	m := p.models[k]
	if m == nil {
		return
	}
	delete(p.models, k)
	bc := p.byComp[m.comp]
	for i, o := range bc {
		if o == m {
			bc = append(bc[:i], bc[i+1:]...)
			break
		}
	}
	if len(bc) == 0 {
		delete(p.byComp, m.comp)
	} else {
		p.byComp[m.comp] = bc
	}
	p.slots -= len(m.slots)
	p.mem -= m.mem
	p.st.evictions.Add(1)
	global.evictions.Add(1)
}
