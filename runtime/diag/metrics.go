package diag

import (
	"math"
	"math/bits"
	"sync/atomic"
	"time"
)

// Counter is a monotonic count on its own cache line, so that counters bumped
// by different threads do not contend.
type Counter struct {
	v atomic.Uint64
	_ [56]byte
}

// Add adds n.
func (c *Counter) Add(n uint64) { c.v.Add(n) }

// Inc adds 1.
func (c *Counter) Inc() { c.v.Add(1) }

// Load returns the count.
func (c *Counter) Load() uint64 { return c.v.Load() }

// Reset sets the count to 0.
func (c *Counter) Reset() { c.v.Store(0) }

// Gauge is a value that goes up and down, on its own cache line.
type Gauge struct {
	v atomic.Int64
	_ [56]byte
}

// Add adds n (which may be negative).
func (g *Gauge) Add(n int64) { g.v.Add(n) }

// Inc adds 1.
func (g *Gauge) Inc() { g.v.Add(1) }

// Dec subtracts 1.
func (g *Gauge) Dec() { g.v.Add(-1) }

// Load returns the value.
func (g *Gauge) Load() int64 { return g.v.Load() }

// Histogram buckets: values below 8 have a bucket each; above, every power of
// two is cut into 8 buckets, so a reported quantile is within 1/16 of the
// true value (the bucket's midpoint is reported). The histogram's memory is
// fixed (nBuckets counters, about 4 KiB) whatever it records.
const (
	subBits    = 3
	subBuckets = 1 << subBits
	nBuckets   = (64 - subBits + 1) * subBuckets
)

// Histogram records durations (in nanoseconds) lock-free: a count, a sum and
// log-linear buckets, each updated with one atomic add.
type Histogram struct {
	count   Counter
	sum     Counter
	buckets [nBuckets]atomic.Uint64
}

// Add adds counts to h: counts[i] values in bucket i (as bucketOf numbers
// them; counts beyond h's buckets go to the last), whose sum is sum
// nanoseconds. It lets a histogram kept elsewhere with the same buckets (the
// predictors' lanes) be written like h.
func (h *Histogram) Add(counts []uint64, sum uint64) {
	var n uint64
	for i, c := range counts {
		h.buckets[min(i, nBuckets-1)].Add(c)
		n += c
	}
	h.sum.Add(sum)
	h.count.Add(n)
}

func bucketOf(v uint64) int {
	if v < subBuckets {
		return int(v)
	}
	exp := bits.Len64(v) - 1 // >= subBits
	mant := (v >> uint(exp-subBits)) & (subBuckets - 1)
	return (exp-subBits+1)*subBuckets + int(mant)
}

// bucketMid returns the midpoint of bucket i.
func bucketMid(i int) float64 {
	if i < subBuckets {
		return float64(i)
	}
	exp := i/subBuckets + subBits - 1
	mant := uint64(i % subBuckets)
	lower := (subBuckets + mant) << uint(exp-subBits)
	width := uint64(1) << uint(exp-subBits)
	return float64(lower) + float64(width-1)/2
}

// Observe records d (negative durations count as 0).
func (h *Histogram) Observe(d time.Duration) {
	v := uint64(0)
	if d > 0 {
		v = uint64(d)
	}
	h.buckets[bucketOf(v)].Add(1)
	h.sum.Add(v)
	h.count.Inc()
}

// Count returns how many durations were recorded.
func (h *Histogram) Count() uint64 { return h.count.Load() }

// Mean returns the mean in nanoseconds, or 0 when empty.
func (h *Histogram) Mean() float64 {
	n := h.count.Load()
	if n == 0 {
		return 0
	}
	return float64(h.sum.Load()) / float64(n)
}

// Quantile returns the q-quantile (0 < q <= 1) in nanoseconds, or 0 when
// empty. Concurrent recording may make it lag by the values being added.
func (h *Histogram) Quantile(q float64) float64 {
	var counts [nBuckets]uint64
	var total uint64
	for i := range h.buckets {
		c := h.buckets[i].Load()
		counts[i] = c
		total += c
	}
	if total == 0 {
		return 0
	}
	if !(q > 0) {
		q = math.SmallestNonzeroFloat64
	}
	if q > 1 {
		q = 1
	}
	rank := uint64(math.Ceil(q * float64(total)))
	if rank == 0 {
		rank = 1
	}
	var seen uint64
	for i, c := range counts {
		seen += c
		if seen >= rank {
			return bucketMid(i)
		}
	}
	return bucketMid(nBuckets - 1)
}

// Reset empties the histogram.
func (h *Histogram) Reset() {
	for i := range h.buckets {
		h.buckets[i].Store(0)
	}
	h.sum.Reset()
	h.count.Reset()
}

// Metrics are the process-wide counters the C ABI reports
// (minimact_metrics_get). Fields are updated lock-free by any thread.
type Metrics struct {
	start time.Time

	ReconcileCalls   Counter
	ReconcileErrors  Counter
	PatchesGenerated Counter
	ReconcileTime    Histogram

	Learns      Counter
	LearnErrors Counter
	LearnTime   Histogram

	Predictions      Counter
	PredictionHits   Counter // a prediction was returned
	PredictionMisses Counter // none was
	PredictErrors    Counter
	PredictTime      Histogram

	// Hints counts predict_hint calls; HintsReturned those that returned a
	// hint (their steps count as predictions too).
	Hints         Counter
	HintsReturned Counter

	// ValidationFailures counts inputs refused by validation (bad JSON,
	// limits, UTF-8, NULL) anywhere.
	ValidationFailures Counter
	// PatchesValidated counts patches checked by verify and apply calls;
	// PatchValidationFailures those that did not apply.
	PatchesValidated        Counter
	PatchValidationFailures Counter

	// Evictions counts patterns evicted by predictors since the last reset.
	Evictions Counter
	// Panics counts panics recovered at the ABI boundary.
	Panics Counter

	current atomic.Int64 // live predictors
	peak    atomic.Int64 // most live predictors at once since the last reset
	resetAt atomic.Int64 // Unix nanoseconds of the last Reset; 0: never

	log *Logger // its hook's drops are reported; nil: none
}

// Global is the process's metrics; it reports the hook drops of Log.
var Global = func() *Metrics { m := NewMetrics(); m.log = Log; return m }()

// NewMetrics returns zeroed metrics whose uptime starts now.
func NewMetrics() *Metrics { return &Metrics{start: time.Now()} }

// PredictorAdded counts a new live predictor.
func (m *Metrics) PredictorAdded() {
	n := m.current.Add(1)
	for {
		p := m.peak.Load()
		if n <= p || m.peak.CompareAndSwap(p, n) {
			return
		}
	}
}

// PredictorRemoved counts a destroyed predictor.
func (m *Metrics) PredictorRemoved() { m.current.Add(-1) }

// CurrentPredictors returns the number of live predictors.
func (m *Metrics) CurrentPredictors() int64 { return m.current.Load() }

// Reset zeroes every counter and histogram. The uptime and the number of live
// predictors are not counters and stay; the peak restarts from the current
// number.
func (m *Metrics) Reset() {
	for _, c := range []*Counter{&m.ReconcileCalls, &m.ReconcileErrors, &m.PatchesGenerated,
		&m.Learns, &m.LearnErrors, &m.Predictions, &m.PredictionHits, &m.PredictionMisses,
		&m.PredictErrors, &m.ValidationFailures, &m.PatchesValidated, &m.PatchValidationFailures,
		&m.Evictions, &m.Panics, &m.Hints, &m.HintsReturned} {
		c.Reset()
	}
	m.ReconcileTime.Reset()
	m.LearnTime.Reset()
	m.PredictTime.Reset()
	m.peak.Store(m.current.Load())
	m.resetAt.Store(time.Now().UnixNano())
}

// Start returns when the metrics started (the library loaded).
func (m *Metrics) Start() time.Time { return m.start }

// ResetTime returns when Reset last ran, or Start when it never did.
func (m *Metrics) ResetTime() time.Time {
	if ns := m.resetAt.Load(); ns != 0 {
		return time.Unix(0, ns)
	}
	return m.start
}

// PeakPredictors returns the most live predictors at once since the last
// Reset.
func (m *Metrics) PeakPredictors() int64 { return m.peak.Load() }

// Snapshot is the metrics at one moment, with the JSON member names of the
// ABI (minimact_metrics_get): the first engine's, then ours.
type Snapshot struct {
	UptimeSecs                uint64  `json:"uptime_secs"`
	ReconcileCalls            uint64  `json:"reconcile_calls"`
	ReconcileErrors           uint64  `json:"reconcile_errors"`
	TotalPatchesGenerated     uint64  `json:"total_patches_generated"`
	AvgReconcileTimeUs        float64 `json:"avg_reconcile_time_us"`
	P95ReconcileTimeUs        float64 `json:"p95_reconcile_time_us"`
	PredictorLearns           uint64  `json:"predictor_learns"`
	PredictorLearnErrors      uint64  `json:"predictor_learn_errors"`
	PredictorPredictions      uint64  `json:"predictor_predictions"`
	PredictorPredictionHits   uint64  `json:"predictor_prediction_hits"`
	PredictorPredictionMisses uint64  `json:"predictor_prediction_misses"`
	PredictionHitRate         float64 `json:"prediction_hit_rate"`
	AvgPredictionTimeUs       float64 `json:"avg_prediction_time_us"`
	P95PredictionTimeUs       float64 `json:"p95_prediction_time_us"`
	CurrentPredictors         int64   `json:"current_predictors"`
	MaxPredictors             int64   `json:"max_predictors"`
	EvictionsPerformed        uint64  `json:"evictions_performed"`
	ValidationFailures        uint64  `json:"validation_failures"`
	PatchesValidated          uint64  `json:"patches_validated"`
	PatchValidationFailures   uint64  `json:"patch_validation_failures"`

	P50ReconcileTimeUs   float64 `json:"p50_reconcile_time_us"`
	P99ReconcileTimeUs   float64 `json:"p99_reconcile_time_us"`
	P50PredictionTimeUs  float64 `json:"p50_prediction_time_us"`
	P99PredictionTimeUs  float64 `json:"p99_prediction_time_us"`
	PredictorPredictErrs uint64  `json:"predictor_prediction_errors"`
	AvgLearnTimeUs       float64 `json:"avg_learn_time_us"`
	P95LearnTimeUs       float64 `json:"p95_learn_time_us"`
	PanicsRecovered      uint64  `json:"panics_recovered"`
	LogEventsDropped     uint64  `json:"log_events_dropped"`

	P50LearnTimeUs     float64 `json:"p50_learn_time_us"`
	P99LearnTimeUs     float64 `json:"p99_learn_time_us"`
	CurrentTrees       int64   `json:"current_trees"`
	LogCallbackDropped uint64  `json:"log_callback_dropped"`
	Hints              uint64  `json:"hints"`
	HintsReturned      uint64  `json:"hints_returned"`
}

func us(ns float64) float64 { return math.Round(ns) / 1000 }

// Snapshot reads every metric. logDropped is reported as log_events_dropped
// (the ring's drops); log_callback_dropped is the drops of the hook of the
// logger the metrics report (Global: Log's).
func (m *Metrics) Snapshot(logDropped uint64) Snapshot {
	hits, misses := m.PredictionHits.Load(), m.PredictionMisses.Load()
	rate := 0.0
	if hits+misses > 0 {
		rate = float64(hits) / float64(hits+misses)
	}
	return Snapshot{
		UptimeSecs:                uint64(time.Since(m.start) / time.Second),
		ReconcileCalls:            m.ReconcileCalls.Load(),
		ReconcileErrors:           m.ReconcileErrors.Load(),
		TotalPatchesGenerated:     m.PatchesGenerated.Load(),
		AvgReconcileTimeUs:        us(m.ReconcileTime.Mean()),
		P95ReconcileTimeUs:        us(m.ReconcileTime.Quantile(0.95)),
		PredictorLearns:           m.Learns.Load(),
		PredictorLearnErrors:      m.LearnErrors.Load(),
		PredictorPredictions:      m.Predictions.Load(),
		PredictorPredictionHits:   hits,
		PredictorPredictionMisses: misses,
		PredictionHitRate:         rate,
		AvgPredictionTimeUs:       us(m.PredictTime.Mean()),
		P95PredictionTimeUs:       us(m.PredictTime.Quantile(0.95)),
		CurrentPredictors:         m.current.Load(),
		MaxPredictors:             m.peak.Load(),
		EvictionsPerformed:        m.Evictions.Load(),
		ValidationFailures:        m.ValidationFailures.Load(),
		PatchesValidated:          m.PatchesValidated.Load(),
		PatchValidationFailures:   m.PatchValidationFailures.Load(),
		P50ReconcileTimeUs:        us(m.ReconcileTime.Quantile(0.50)),
		P99ReconcileTimeUs:        us(m.ReconcileTime.Quantile(0.99)),
		P50PredictionTimeUs:       us(m.PredictTime.Quantile(0.50)),
		P99PredictionTimeUs:       us(m.PredictTime.Quantile(0.99)),
		PredictorPredictErrs:      m.PredictErrors.Load(),
		AvgLearnTimeUs:            us(m.LearnTime.Mean()),
		P95LearnTimeUs:            us(m.LearnTime.Quantile(0.95)),
		PanicsRecovered:           m.Panics.Load(),
		LogEventsDropped:          logDropped,
		P50LearnTimeUs:            us(m.LearnTime.Quantile(0.50)),
		P99LearnTimeUs:            us(m.LearnTime.Quantile(0.99)),
		CurrentTrees:              Retained.Trees.Load(),
		LogCallbackDropped:        m.logCallbackDropped(),
		Hints:                     m.Hints.Load(),
		HintsReturned:             m.HintsReturned.Load(),
	}
}

func (m *Metrics) logCallbackDropped() uint64 {
	if m.log == nil {
		return 0
	}
	return m.log.HookStats().Dropped
}
