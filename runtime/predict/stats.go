package predict

import (
	"math"
	"sort"
	"sync/atomic"
)

// Stats are the predictor's statistics (minimact_predictor_stats).
type Stats struct {
	// UniqueStateKeys counts the (component_id, state_key) pairs learned.
	UniqueStateKeys int `json:"unique_state_keys"`
	// TotalPatterns counts the slots learned over all keys.
	TotalPatterns int `json:"total_patterns"`
	// TotalObservations counts the Learns kept.
	TotalObservations uint64 `json:"total_observations"`
	// EstimatedMemoryBytes is the estimate of the heap the predictor holds.
	EstimatedMemoryBytes int64 `json:"estimated_memory_bytes"`
	// TotalPredictions counts the predictions Predict returned.
	TotalPredictions uint64 `json:"total_predictions"`
	// CorrectPredictions and IncorrectPredictions count the returned
	// predictions judged (by Learn or VerifyPrediction) right and wrong.
	CorrectPredictions   uint64 `json:"correct_predictions"`
	IncorrectPredictions uint64 `json:"incorrect_predictions"`
	// HitRate is CorrectPredictions over the predictions judged.
	HitRate float64 `json:"hit_rate"`
	// AvgConfidence is the mean confidence of the predictions returned.
	AvgConfidence float64 `json:"avg_confidence"`
	// ActivePatterns counts the keys whose confidence reaches min_confidence.
	ActivePatterns int `json:"active_patterns"`
	// PredictionHits counts the Predict calls that found something learned
	// for their key (whether or not they returned a prediction).
	PredictionHits uint64 `json:"prediction_hits"`
	// Patterns are the keys, each with its record.
	Patterns []PatternStats `json:"patterns"`
}

// PatternStats is what the predictor knows of one key.
type PatternStats struct {
	ComponentID  string         `json:"component_id"`
	StateKey     string         `json:"state_key"`
	Observations uint64         `json:"observations"`
	Slots        map[string]int `json:"slots"` // by kind: text, prop, child, order, region, list
	// Confidence is what a prediction of this key would carry now.
	Confidence float64 `json:"confidence"`
	// VerifiedHitRate is the hit rate of the key's predictions as every Learn
	// judges them (recent observations weigh more).
	VerifiedHitRate float64 `json:"verified_hit_rate"`
	// PredictionHits and PredictionMisses count the returned predictions
	// judged; HitRate is their ratio (0 when none were judged).
	PredictionHits   uint64  `json:"prediction_hits"`
	PredictionMisses uint64  `json:"prediction_misses"`
	HitRate          float64 `json:"hit_rate"`
}

func ratio(a, b uint64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// sums adds up the lanes' counters and latency histograms.
func (p *Predictor) sums(predict *histSum) countsSum {
	var c countsSum
	for i := range p.lanes {
		p.lanes[i].counts.addTo(&c)
		if predict != nil {
			p.lanes[i].predict.addTo(predict)
		}
	}
	return c
}

// Stats returns the predictor's statistics, patterns sorted by key.
func (p *Predictor) Stats() Stats {
	p.rlock(p.readLane())
	defer p.runlock(p.readLane())
	c := p.sums(nil)
	s := Stats{
		UniqueStateKeys:      len(p.models),
		TotalPatterns:        p.slots,
		TotalObservations:    p.obs,
		EstimatedMemoryBytes: p.exactMem(),
		TotalPredictions:     c.returned,
		CorrectPredictions:   c.correct,
		IncorrectPredictions: c.incorrect,
		HitRate:              ratio(c.correct, c.correct+c.incorrect),
		PredictionHits:       c.lookups,
		Patterns:             make([]PatternStats, 0, len(p.models)),
	}
	if c.returned > 0 {
		s.AvgConfidence = float64(c.confSum) / 1e6 / float64(c.returned)
	}
	for _, m := range p.models {
		c := m.ctxConf(p.context(m))
		if c >= p.cfg.MinConfidence && m.obs > 0 {
			s.ActivePatterns++
		}
		ps := PatternStats{
			ComponentID:      m.comp,
			StateKey:         m.key,
			Observations:     m.obs,
			Slots:            map[string]int{},
			Confidence:       c,
			PredictionHits:   atomic.LoadUint64(&m.predHits),
			PredictionMisses: atomic.LoadUint64(&m.predMisses),
		}
		var h, mi float64
		for _, r := range m.recs {
			h, mi = h+r.rec.h, mi+r.rec.m
		}
		if h+mi > 0 {
			ps.VerifiedHitRate = h / (h + mi)
		}
		ps.HitRate = ratio(ps.PredictionHits, ps.PredictionHits+ps.PredictionMisses)
		for _, sl := range m.slots {
			ps.Slots[sl.kind.String()]++
		}
		s.Patterns = append(s.Patterns, ps)
	}
	sort.Slice(s.Patterns, func(i, j int) bool {
		a, b := &s.Patterns[i], &s.Patterns[j]
		if a.ComponentID != b.ComponentID {
			return a.ComponentID < b.ComponentID
		}
		return a.StateKey < b.StateKey
	})
	return s
}

// Metrics are the predictor's detailed metrics: every field of the
// requirements' item 8, the latencies' quantiles (from bounded histograms),
// and the predictor's own share of what shared/ABI.md names in
// minimact_predictor_stats and minimact_metrics_get.
type Metrics struct {
	PredictionsMade           uint64  `json:"predictions_made"`            // Predict calls with a readable state change
	PredictionsReturned       uint64  `json:"predictions_returned"`        // of which returned a prediction
	PredictionsLent           uint64  `json:"predictions_lent"`            // of which another instance's model made (lending)
	PredictionsHighConfidence uint64  `json:"predictions_high_confidence"` // confidence > 0.9
	AvgConfidence             float64 `json:"avg_confidence"`              // of the predictions returned

	PatternsLearned   uint64 `json:"patterns_learned"` // slots made
	TotalPatternCount int    `json:"total_pattern_count"`
	UniqueStateKeys   int    `json:"unique_state_keys"`

	AvgPredictionTimeNs uint64 `json:"avg_prediction_time_ns"`
	AvgLearningTimeNs   uint64 `json:"avg_learning_time_ns"`
	AvgReconcileTimeNs  uint64 `json:"avg_reconcile_time_ns"` // the diffs Learn makes

	P50PredictionTimeNs uint64 `json:"p50_prediction_time_ns"`
	P95PredictionTimeNs uint64 `json:"p95_prediction_time_ns"`
	P99PredictionTimeNs uint64 `json:"p99_prediction_time_ns"`
	P50LearningTimeNs   uint64 `json:"p50_learning_time_ns"`
	P95LearningTimeNs   uint64 `json:"p95_learning_time_ns"`
	P99LearningTimeNs   uint64 `json:"p99_learning_time_ns"`
	P50ReconcileTimeNs  uint64 `json:"p50_reconcile_time_ns"`
	P95ReconcileTimeNs  uint64 `json:"p95_reconcile_time_ns"`
	P99ReconcileTimeNs  uint64 `json:"p99_reconcile_time_ns"`

	MemoryUsageBytes         int64   `json:"memory_usage_bytes"`
	MemoryLimitBytes         int64   `json:"memory_limit_bytes"`
	MemoryUtilizationPercent float64 `json:"memory_utilization_percent"`

	PredictionsVerified  uint64  `json:"predictions_verified"` // judged by Learn or VerifyPrediction
	PredictionsCorrect   uint64  `json:"predictions_correct"`
	PredictionsIncorrect uint64  `json:"predictions_incorrect"`
	AccuracyPercent      float64 `json:"accuracy_percent"`

	Learns            uint64 `json:"learns"`
	LearnErrors       uint64 `json:"learn_errors"`
	PredictErrors     uint64 `json:"predict_errors"`
	Evictions         uint64 `json:"evictions"`
	TotalObservations uint64 `json:"total_observations"`

	// the names of shared/ABI.md, for this predictor
	TotalPatterns             int     `json:"total_patterns"`
	EstimatedMemoryBytes      int64   `json:"estimated_memory_bytes"`
	TotalPredictions          uint64  `json:"total_predictions"`
	CorrectPredictions        uint64  `json:"correct_predictions"`
	IncorrectPredictions      uint64  `json:"incorrect_predictions"`
	HitRate                   float64 `json:"hit_rate"`        // correct / verified
	PredictionHits            uint64  `json:"prediction_hits"` // Predict calls that found the key learned
	PredictorLearns           uint64  `json:"predictor_learns"`
	PredictorLearnErrors      uint64  `json:"predictor_learn_errors"`
	PredictorPredictions      uint64  `json:"predictor_predictions"`
	PredictorPredictionHits   uint64  `json:"predictor_prediction_hits"`   // a prediction was returned
	PredictorPredictionMisses uint64  `json:"predictor_prediction_misses"` // none was
	PredictionHitRate         float64 `json:"prediction_hit_rate"`         // returned / made
	AvgPredictionTimeUs       float64 `json:"avg_prediction_time_us"`
	P95PredictionTimeUs       float64 `json:"p95_prediction_time_us"`
	EvictionsPerformed        uint64  `json:"evictions_performed"`
}

// Metrics returns the predictor's metrics. It reads counters only: its
// cost does not grow with what the predictor holds.
func (p *Predictor) Metrics() Metrics {
	var ph, lh, rh histSum
	c := p.sums(&ph)
	p.st.learn.addTo(&lh)
	p.st.reconcile.addTo(&rh)
	p.rlock(p.readLane())
	mem, slots, keys, obs := p.exactMem(), p.slots, len(p.models), p.obs
	p.runlock(p.readLane())
	q := func(h *histSum, x float64) uint64 { return uint64(h.quantile(x) + 0.5) }
	m := Metrics{
		PredictionsMade:           c.made,
		PredictionsReturned:       c.returned,
		PredictionsLent:           c.lent,
		PredictionsHighConfidence: c.highConf,
		PatternsLearned:           p.st.learned.Load(),
		TotalPatternCount:         slots,
		UniqueStateKeys:           keys,
		AvgPredictionTimeNs:       uint64(ph.mean()),
		AvgLearningTimeNs:         uint64(lh.mean()),
		AvgReconcileTimeNs:        uint64(rh.mean()),
		P50PredictionTimeNs:       q(&ph, 0.5),
		P95PredictionTimeNs:       q(&ph, 0.95),
		P99PredictionTimeNs:       q(&ph, 0.99),
		P50LearningTimeNs:         q(&lh, 0.5),
		P95LearningTimeNs:         q(&lh, 0.95),
		P99LearningTimeNs:         q(&lh, 0.99),
		P50ReconcileTimeNs:        q(&rh, 0.5),
		P95ReconcileTimeNs:        q(&rh, 0.95),
		P99ReconcileTimeNs:        q(&rh, 0.99),
		MemoryUsageBytes:          mem,
		MemoryLimitBytes:          int64(p.cfg.MaxMemoryBytes),
		MemoryUtilizationPercent:  100 * float64(mem) / float64(p.cfg.MaxMemoryBytes),
		PredictionsVerified:       c.verified,
		PredictionsCorrect:        c.correct,
		PredictionsIncorrect:      c.incorrect,
		Learns:                    p.st.learns.Load(),
		LearnErrors:               p.st.learnErrors.Load(),
		PredictErrors:             c.predictErrors,
		Evictions:                 p.st.evictions.Load(),
		TotalObservations:         obs,
	}
	if c.returned > 0 {
		m.AvgConfidence = float64(c.confSum) / 1e6 / float64(c.returned)
	}
	if m.PredictionsVerified > 0 {
		m.AccuracyPercent = 100 * float64(m.PredictionsCorrect) / float64(m.PredictionsVerified)
	}
	m.TotalPatterns, m.EstimatedMemoryBytes = m.TotalPatternCount, m.MemoryUsageBytes
	m.TotalPredictions, m.CorrectPredictions, m.IncorrectPredictions = c.returned, c.correct, c.incorrect
	m.HitRate = ratio(c.correct, c.verified)
	m.PredictionHits = c.lookups
	m.PredictorLearns, m.PredictorLearnErrors = m.Learns, m.LearnErrors
	m.PredictorPredictions, m.PredictorPredictionHits = c.made, c.returned
	if c.made > c.returned {
		m.PredictorPredictionMisses = c.made - c.returned
	}
	m.PredictionHitRate = ratio(c.returned, c.made)
	m.AvgPredictionTimeUs = math.Round(ph.mean()) / 1000
	m.P95PredictionTimeUs = float64(m.P95PredictionTimeNs) / 1000
	m.EvictionsPerformed = m.Evictions
	return m
}

// ResetMetrics zeroes the metrics and the prediction counters of Stats;
// what was learned stays.
func (p *Predictor) ResetMetrics() {
	p.lock()
	defer p.unlock()
	for i := range p.lanes {
		p.lanes[i].counts.reset()
		p.lanes[i].predict.reset()
	}
	p.st.reset()
	for _, m := range p.models {
		atomic.StoreUint64(&m.predHits, 0)
		atomic.StoreUint64(&m.predMisses, 0)
	}
}

// MemoryStats is the predictor's memory use (minimact_predictor_memory_stats).
type MemoryStats struct {
	TotalBytes         int64   `json:"total_bytes"`
	PatternCount       int     `json:"pattern_count"`
	KeyCount           int     `json:"key_count"`
	LimitBytes         int64   `json:"limit_bytes"`
	UtilizationPercent float64 `json:"utilization_percent"`
	// StateRenders and StateRenderBytes are the renders of whole states
	// kept for replays (states.go), and their estimated bytes (part of
	// TotalBytes).
	StateRenders     int   `json:"state_renders"`
	StateRenderBytes int64 `json:"state_render_bytes"`
}

// MemoryStats returns the predictor's estimated memory use.
func (p *Predictor) MemoryStats() MemoryStats {
	p.rlock(p.readLane())
	defer p.runlock(p.readLane())
	mem := p.exactMem()
	return MemoryStats{
		TotalBytes:         mem,
		PatternCount:       p.slots,
		KeyCount:           len(p.models),
		LimitBytes:         int64(p.cfg.MaxMemoryBytes),
		UtilizationPercent: 100 * float64(mem) / float64(p.cfg.MaxMemoryBytes),
		StateRenders:       p.stateRenders,
		StateRenderBytes:   p.stateBytes,
	}
}
