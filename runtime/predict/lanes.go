package predict

import (
	"math"
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Concurrency. Predictions run side by side, and nothing they share is
// written on their path: the predictor's lock, its counters and its latency
// histogram are split in lanes, each on cache lines of its own, and a
// prediction uses the lane of the scratch it took from the (per-P) pool, so
// that two threads predicting, on one predictor or on two, write different
// memory. A Learn (and every other writer) takes the lock exclusively:
// it waits for every lane's readers to leave, and readers arriving
// meanwhile wait for it.
//
//	lock      the write mutex and the flag readers check
//	lanes     per lane: its readers, its counters, its latency histogram
//	global    the process-wide totals, in lanes too (global.go)

// maxLanes bounds the lanes of a predictor: the least power of two at least
// GOMAXPROCS, at most 16.
const maxLanes = 16

func laneCount() int {
	n := 1
	for n < runtime.GOMAXPROCS(0) && n < maxLanes {
		n <<= 1
	}
	return n
}

// laneSeq numbers the scratches of the process, so that those made one
// after the other (one per P, mostly) get different lanes, of a predictor
// and of the global totals.
var laneSeq atomic.Uint32

func nextLane() uint32 { return laneSeq.Add(1) - 1 }

// lane is one lane of a predictor: readers in its critical section, and what
// the predictions that used it counted.
type lane struct {
	readers atomic.Int32
	_       [60]byte
	counts  laneCounts
	predict hist
	_       [64]byte
}

// laneCounts are the prediction-side counters of a lane.
type laneCounts struct {
	made, returned, highConf, lookups atomic.Uint64
	lent                              atomic.Uint64 // returned predictions another instance's model made (lend.go)
	confSum                           atomic.Uint64 // millionths
	predictErrors                     atomic.Uint64
	verified, correct, incorrect      atomic.Uint64
}

func (c *laneCounts) reset() {
	for _, x := range []*atomic.Uint64{&c.made, &c.returned, &c.lent, &c.highConf, &c.lookups, &c.confSum,
		&c.predictErrors, &c.verified, &c.correct, &c.incorrect} {
		x.Store(0)
	}
}

// addTo adds the counters of c to d.
func (c *laneCounts) addTo(d *countsSum) {
	d.made += c.made.Load()
	d.returned += c.returned.Load()
	d.lent += c.lent.Load()
	d.highConf += c.highConf.Load()
	d.lookups += c.lookups.Load()
	d.confSum += c.confSum.Load()
	d.predictErrors += c.predictErrors.Load()
	d.verified += c.verified.Load()
	d.correct += c.correct.Load()
	d.incorrect += c.incorrect.Load()
}

// countsSum is the lanes' counters added up.
type countsSum struct {
	made, returned, lent, highConf, lookups, confSum, predictErrors, verified, correct, incorrect uint64
}

// rwLock is the predictor's lock: readers count themselves in their lane,
// a writer raises the flag and waits for every lane to empty.
type rwLock struct {
	w       sync.Mutex
	writing atomic.Bool
	_       [56]byte
}

// rlock enters l's lane as a reader.
func (p *Predictor) rlock(l *lane) {
	for {
		l.readers.Add(1)
		if !p.lk.writing.Load() {
			return
		}
		l.readers.Add(-1)
		// a writer holds or waits for the lock: wait for it to finish
		p.lk.w.Lock()
		//lint:ignore SA2001 an empty critical section: waiting for the writer is the point
		p.lk.w.Unlock()
	}
}

func (p *Predictor) runlock(l *lane) { l.readers.Add(-1) }

// lock takes the lock exclusively.
func (p *Predictor) lock() {
	p.lk.w.Lock()
	p.lk.writing.Store(true)
	for i := range p.lanes {
		for spins := 0; p.lanes[i].readers.Load() != 0; spins++ {
			if spins < 64 {
				runtime.Gosched()
			} else {
				time.Sleep(time.Duration(min(spins-63, 1000)) * time.Microsecond)
			}
		}
	}
}

func (p *Predictor) unlock() {
	p.published.Store(p.mem + p.lsSize)
	p.lk.writing.Store(false)
	p.lk.w.Unlock()
}

// readLane is the lane of readers that hold no scratch (Stats, Save, …).
func (p *Predictor) readLane() *lane { return &p.lanes[0] }

func (p *Predictor) laneOf(seq uint32) *lane { return &p.lanes[seq&uint32(len(p.lanes)-1)] }

// hist is a latency histogram, lock-free and bounded: values below 8 ns
// have a bucket each; above, every power of two up to 2^40 ns (18 minutes;
// longer ones count in the last bucket) is cut into 8 buckets, so a
// quantile is within 1/16 of the true value (the bucket's midpoint is
// reported). The buckets of runtime/diag's Histogram, with a merge, so that
// the lanes' histograms add up.
type hist struct {
	count, sum atomic.Uint64
	buckets    [histBuckets]atomic.Uint64
}

const (
	histSubBits = 3
	histSub     = 1 << histSubBits
	histMaxExp  = 40
	histBuckets = (histMaxExp-histSubBits+1)*histSub + histSub
)

func histBucket(v uint64) int {
	if v < histSub {
		return int(v)
	}
	exp := bits.Len64(v) - 1
	if exp > histMaxExp {
		return histBuckets - 1
	}
	mant := (v >> uint(exp-histSubBits)) & (histSub - 1)
	return (exp-histSubBits+1)*histSub + int(mant)
}

func histMid(i int) float64 {
	if i < histSub {
		return float64(i)
	}
	exp := i/histSub + histSubBits - 1
	mant := uint64(i % histSub)
	lower := (histSub + mant) << uint(exp-histSubBits)
	width := uint64(1) << uint(exp-histSubBits)
	return float64(lower) + float64(width-1)/2
}

func (h *hist) observe(d time.Duration) {
	v := uint64(0)
	if d > 0 {
		v = uint64(d)
	}
	h.buckets[histBucket(v)].Add(1)
	h.sum.Add(v)
	h.count.Add(1)
}

func (h *hist) reset() {
	for i := range h.buckets {
		h.buckets[i].Store(0)
	}
	h.sum.Store(0)
	h.count.Store(0)
}

// histSum is histograms added up.
type histSum struct {
	count, sum uint64
	buckets    [histBuckets]uint64
}

func (h *hist) addTo(s *histSum) {
	for i := range h.buckets {
		s.buckets[i] += h.buckets[i].Load()
	}
	s.sum += h.sum.Load()
	s.count += h.count.Load()
}

func (s *histSum) mean() float64 {
	if s.count == 0 {
		return 0
	}
	return float64(s.sum) / float64(s.count)
}

// quantile is the q-quantile (0 < q <= 1) in nanoseconds, or 0 when empty.
func (s *histSum) quantile(q float64) float64 {
	var total uint64
	for _, c := range s.buckets {
		total += c
	}
	if total == 0 {
		return 0
	}
	rank := uint64(math.Ceil(q * float64(total)))
	rank = max(1, min(rank, total))
	var seen uint64
	for i, c := range s.buckets {
		if seen += c; seen >= rank {
			return histMid(i)
		}
	}
	return histMid(histBuckets - 1)
}

// pendSlot is a model's pending prediction under a sequence lock: Predict
// (beside other predictions) and VerifyPrediction write it, Learn takes it.
// A prediction equal to the pending one is not written again, so that
// repeated predictions of one change write nothing shared.
type pendSlot struct {
	seq                          atomic.Uint64 // odd while being written
	valid                        atomic.Bool
	oldH, newH, treeH, gen, conf atomic.Uint64
}

// load reads the pending prediction.
func (s *pendSlot) load() pending {
	for spins := 0; ; spins++ {
		q := s.seq.Load()
		if q&1 == 0 {
			v := pending{valid: s.valid.Load(), oldH: s.oldH.Load(), newH: s.newH.Load(), treeH: s.treeH.Load(),
				gen: s.gen.Load(), conf: math.Float64frombits(s.conf.Load())}
			if s.seq.Load() == q {
				return v
			}
		}
		if spins > 16 {
			runtime.Gosched()
		}
	}
}

func (s *pendSlot) begin() uint64 {
	for spins := 0; ; spins++ {
		q := s.seq.Load()
		if q&1 == 0 && s.seq.CompareAndSwap(q, q+1) {
			return q
		}
		if spins > 16 {
			runtime.Gosched()
		}
	}
}

func (s *pendSlot) set(v pending) {
	s.valid.Store(v.valid)
	s.oldH.Store(v.oldH)
	s.newH.Store(v.newH)
	s.treeH.Store(v.treeH)
	s.gen.Store(v.gen)
	s.conf.Store(math.Float64bits(v.conf))
}

// store makes v the pending prediction.
func (s *pendSlot) store(v pending) {
	if s.load() == v {
		return
	}
	q := s.begin()
	s.set(v)
	s.seq.Store(q + 2)
}

// take returns the pending prediction and forgets it, when match says it
// is the one (nil: whatever it is). match takes a copy: a pointer given to
// a func value would move v to the heap on every Learn.
func (s *pendSlot) take(match func(pending) bool) (pending, bool) {
	q := s.begin()
	v := pending{valid: s.valid.Load(), oldH: s.oldH.Load(), newH: s.newH.Load(), treeH: s.treeH.Load(),
		gen: s.gen.Load(), conf: math.Float64frombits(s.conf.Load())}
	ok := v.valid && (match == nil || match(v))
	if ok || match == nil {
		s.valid.Store(false)
	}
	s.seq.Store(q + 2)
	return v, ok
}
