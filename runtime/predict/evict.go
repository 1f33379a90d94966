package predict

import (
	"slices"
	"sync/atomic"
)

// Eviction order. Every model is in one binary min-heap ordered by its
// eviction key under the predictor's policy (lowest first, ties by component
// and key), so that finding what goes next costs O(log n), never a scan of
// every model (the sort that made each Learn past max_total_patterns take
// 1.8 ms at 20,000 keys):
//
//	LRU                the clock of the model's last use (Learn or Predict)
//	LeastObserved      its observations
//	OldestFirst        the clock when it was made
//	LowestConfidence   its confidence in its current context
//
// A Learn updates the key of the model it learned (O(log n)). Predict marks
// a use without writing the heap (it runs under the read lock, beside other
// predictions): a key that grew since it was stored is found stale when its
// model comes to the top, stored again and pushed down, so the model that
// goes is the least recently used exactly. A confidence can also fall when
// another key's change moves the model to a context it was less verified in;
// that is seen when the model comes to the top or learns again.
type evictHeap []*model

// score is m's eviction key now.
func (p *Predictor) score(m *model) float64 {
	p.evictWork++
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

// before orders models for eviction: a goes before b.
func before(a, b *model) bool {
	if a.ekey != b.ekey {
		return a.ekey < b.ekey
	}
	if a.comp != b.comp {
		return a.comp < b.comp
	}
	return a.key < b.key
}

func (h evictHeap) up(i int) {
	for i > 0 {
		j := (i - 1) / 2
		if !before(h[i], h[j]) {
			break
		}
		h.swap(i, j)
		i = j
	}
}

func (h evictHeap) down(i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		j := l
		if r := l + 1; r < len(h) && before(h[r], h[l]) {
			j = r
		}
		if !before(h[j], h[i]) {
			return
		}
		h.swap(i, j)
		i = j
	}
}

func (h evictHeap) swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].hidx, h[j].hidx = int32(i), int32(j)
}

// heapAdd puts m in the eviction order.
func (p *Predictor) heapAdd(m *model) {
	m.ekey = p.score(m)
	m.hidx = int32(len(p.evq))
	p.evq = append(p.evq, m)
	p.evq.up(int(m.hidx))
}

// heapFix stores m's key again after it changed.
func (p *Predictor) heapFix(m *model) {
	if m.hidx < 0 {
		return
	}
	m.ekey = p.score(m)
	p.evq.up(int(m.hidx))
	p.evq.down(int(m.hidx))
}

// heapRemove takes m out of the eviction order.
func (p *Predictor) heapRemove(m *model) {
	i := int(m.hidx)
	if i < 0 {
		return
	}
	last := len(p.evq) - 1
	if i != last {
		p.evq.swap(i, last)
	}
	p.evq[last] = nil
	p.evq = p.evq[:last]
	if i != last {
		p.evq.up(i)
		p.evq.down(i)
	}
	m.hidx = -1
}

// maxStaleFixes bounds the keys found stale and stored again before one
// victim is taken.
const maxStaleFixes = 64

// victim returns the model that goes next, or nil when there is none.
func (p *Predictor) victim() *model {
	for fixes := 0; len(p.evq) > 0; fixes++ {
		m := p.evq[0]
		cur := p.score(m)
		if cur == m.ekey || fixes >= maxStaleFixes {
			return m
		}
		m.ekey = cur
		p.evq.down(0)
	}
	return nil
}

// trimSlots evicts slots of m, by policy, until it has at most n: what
// evictSlot would do one at a time, in O(s log s).
func (p *Predictor) trimSlots(m *model, n int) {
	drop := len(m.slots) - n
	if drop <= 0 {
		return
	}
	if drop == 1 {
		p.evictSlot(m)
		return
	}
	type ranked struct {
		i     int
		score float64
	}
	rs := make([]ranked, len(m.slots))
	for i, s := range m.slots {
		rs[i] = ranked{i, p.slotScore(s)}
	}
	slices.SortStableFunc(rs, func(a, b ranked) int {
		switch {
		case a.score < b.score:
			return -1
		case a.score > b.score:
			return 1
		}
		return 0
	})
	gone := make([]bool, len(m.slots))
	for _, r := range rs[:drop] {
		gone[r.i] = true
	}
	k := 0
	for i, s := range m.slots {
		if !gone[i] {
			m.slots[k] = s
			k++
		}
	}
	clear(m.slots[k:])
	m.slots = m.slots[:k]
	p.slots -= drop
	p.countEvictions(uint64(drop))
}

// slotScore orders the slots of a model for eviction: lowest first.
func (p *Predictor) slotScore(s *slot) float64 {
	switch p.cfg.Eviction {
	case LeastObserved:
		return float64(s.changes)
	case OldestFirst:
		return float64(s.born)
	case LowestConfidence:
		return s.rec.conf()
	}
	return float64(s.lastChange)
}

// lowWater is where eviction brings the pattern count back to when it
// exceeds max_total_patterns: a batch at a time, so that a steady stream of
// new keys evicts once every max/64 Learns, not on every one.
func lowWater(max int) int { return max - max/64 }
