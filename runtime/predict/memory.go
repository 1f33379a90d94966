package predict

import (
	"sort"
	"strconv"
	"sync/atomic"
	"unsafe"

	"github.com/minimact/engine/generated/vdom"
)

// Memory is estimated by counting what the predictor stores, allocation by
// allocation, rounded up as the Go allocator rounds (its size classes), so
// that the estimate follows the heap the predictor really holds
// (TestEstimatedMemoryMatchesHeap measures it).

var sizeClasses = [...]int{8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256,
	288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792,
	2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240,
	10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768}

// alloc is the heap an allocation of n bytes takes.
func alloc(n int) int64 {
	if n <= 0 {
		return 0
	}
	if n > 32768 {
		return int64((n + 8191) &^ 8191)
	}
	i := sort.SearchInts(sizeClasses[:], n)
	return int64(sizeClasses[i])
}

// allocBytes is alloc for pointer-free bytes: below 16 bytes they share
// blocks (the tiny allocator).
func allocBytes(n int) int64 {
	if n < 16 {
		return int64(n)
	}
	return alloc(n)
}

func sliceBytes[T any](s []T) int64 {
	var z T
	return alloc(cap(s) * int(unsafe.Sizeof(z)))
}

// mapEntry is the heap a map entry takes, on average, with the map's slack.
const mapEntry = 56

func (m *model) size() int64 {
	n := alloc(int(unsafe.Sizeof(*m)))
	// comp, key, and the map key comp+"\x00"+key
	n += allocBytes(len(m.comp)) + allocBytes(len(m.key)) + allocBytes(len(m.comp)+1+len(m.key)) + mapEntry
	n += sliceBytes(m.sels)
	for _, s := range m.sels {
		n += allocBytes(len(s.field))
	}
	n += sliceBytes(m.slots)
	for _, s := range m.slots {
		n += s.size()
	}
	return n
}

func (s *slot) size() int64 {
	n := alloc(int(unsafe.Sizeof(*s)))
	n += locSize(s.loc) + allocBytes(len(s.prop))
	n += stepBytes(&s.prev.st) + stepBytes(&s.next.st)
	n += s.lr.size()
	if s.list != nil {
		n += s.list.size()
	}
	return n
}

func stepBytes(st *step) int64 { return allocBytes(len(st.tag)) + allocBytes(len(st.key)) }

func locSize(l locator) int64 {
	n := sliceBytes(l)
	for i := range l {
		n += stepBytes(&l[i])
	}
	return n
}

func (l *learner) size() int64 {
	n := sliceBytes(l.outs)
	for _, o := range l.outs {
		n += allocBytes(len(o.b))
	}
	n += sliceBytes(l.tabs)
	for i := range l.tabs {
		t := &l.tabs[i]
		n += sliceBytes(t.ents)
		for _, e := range t.ents {
			n += allocBytes(len(e.str))
		}
	}
	n += sliceBytes(l.tmpls)
	for i := range l.tmpls {
		n += sliceBytes(l.tmpls[i].parts)
		for _, p := range l.tmpls[i].parts {
			n += allocBytes(len(p.lit))
		}
	}
	n += sliceBytes(l.prevSV)
	for _, v := range l.prevSV {
		n += allocBytes(len(v.str))
	}
	return n
}

func (m *listModel) size() int64 {
	n := alloc(int(unsafe.Sizeof(*m)))
	n += sliceBytes(m.sels)
	for _, s := range m.sels {
		n += allocBytes(len(s.field))
	}
	n += sliceBytes(m.skel)
	for i := range m.skel {
		sk := &m.skel[i]
		n += allocBytes(len(sk.tag)) + sk.key.size() + sk.text.size() + sliceBytes(sk.props)
		for j := range sk.props {
			n += allocBytes(len(sk.props[j].name)) + sk.props[j].lr.size()
		}
	}
	return n
}

func treeSize(t *vdom.Tree) int64 {
	return allocBytes(cap(t.Buf)) + sliceBytes(t.Nodes) + sliceBytes(t.Props) + sliceBytes(t.Kids)
}

func (c *compCache) size() int64 {
	return alloc(int(unsafe.Sizeof(*c))) + allocBytes(c.keyLen) + mapEntry + allocBytes(cap(c.src)) + treeSize(&c.tree) + sliceBytes(c.idx)
}

func (sc *scratch) size() int64 {
	n := alloc(int(unsafe.Sizeof(*sc)))
	for _, t := range []*vdom.Tree{&sc.cur, &sc.nw, &sc.work, &sc.snap, &sc.lt, &sc.pt} {
		n += treeSize(t)
	}
	n += allocBytes(cap(sc.buf)) + allocBytes(cap(sc.obuf)) + allocBytes(cap(sc.out))
	n += sliceBytes(sc.paths) + sliceBytes(sc.tg) + sliceBytes(sc.leaves) + sliceBytes(sc.blocks) + sliceBytes(sc.perm)
	for _, l := range []*vdom.PatchList{&sc.pl, &sc.sub, &sc.diff} {
		n += sliceBytes(l.Patches) + sliceBytes(l.Paths) + sliceBytes(l.Keys)
	}
	n += sliceBytes(sc.ch.v.nodes) + allocBytes(cap(sc.ch.v.buf)) + sliceBytes(sc.nwIdx) + sliceBytes(sc.changes)
	return n + 16<<10 // the decoder's and reconciler's own buffers
}

// baseMem is the predictor's own memory, without models and caches.
func (p *Predictor) baseMem() int64 {
	return alloc(int(unsafe.Sizeof(*p))) + 2*48
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

// evictSlot removes one slot of m, chosen by the eviction policy.
func (p *Predictor) evictSlot(m *model) {
	if len(m.slots) == 0 {
		return
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
	m.slots = append(m.slots[:worst], m.slots[worst+1:]...)
	m.slots[len(m.slots):cap(m.slots)][0] = nil
	p.slots--
	p.st.evictions.Add(1)
	global.evictions.Add(1)
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
