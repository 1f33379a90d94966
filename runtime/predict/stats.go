package predict

import (
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

// Stats returns the predictor's statistics, patterns sorted by key.
func (p *Predictor) Stats() Stats {
	p.mu.RLock()
	defer p.mu.RUnlock()
	returned := p.st.returned.Load()
	correct, incorrect := p.st.correct.Load(), p.st.incorrect.Load()
	s := Stats{
		UniqueStateKeys:      len(p.models),
		TotalPatterns:        p.slots,
		TotalObservations:    p.obs,
		EstimatedMemoryBytes: p.exactMem(),
		TotalPredictions:     returned,
		CorrectPredictions:   correct,
		IncorrectPredictions: incorrect,
		HitRate:              ratio(correct, correct+incorrect),
		AvgConfidence:        float64(p.st.confSum.Load()) / 1e6 / max(1, float64(returned)),
		PredictionHits:       p.st.lookups.Load(),
		Patterns:             make([]PatternStats, 0, len(p.models)),
	}
	if returned == 0 {
		s.AvgConfidence = 0
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

// Metrics are the predictor's detailed metrics (requirements item 8).
type Metrics struct {
	PredictionsMade           uint64  `json:"predictions_made"`
	PredictionsReturned       uint64  `json:"predictions_returned"`
	PredictionsHighConfidence uint64  `json:"predictions_high_confidence"` // confidence > 0.9
	AvgConfidence             float64 `json:"avg_confidence"`

	PatternsLearned   uint64 `json:"patterns_learned"`
	TotalPatternCount int    `json:"total_pattern_count"`
	UniqueStateKeys   int    `json:"unique_state_keys"`

	AvgPredictionTimeNs uint64 `json:"avg_prediction_time_ns"`
	AvgLearningTimeNs   uint64 `json:"avg_learning_time_ns"`
	AvgReconcileTimeNs  uint64 `json:"avg_reconcile_time_ns"`

	MemoryUsageBytes         int64   `json:"memory_usage_bytes"`
	MemoryLimitBytes         int64   `json:"memory_limit_bytes"`
	MemoryUtilizationPercent float64 `json:"memory_utilization_percent"`

	PredictionsVerified uint64  `json:"predictions_verified"`
	PredictionsCorrect  uint64  `json:"predictions_correct"`
	AccuracyPercent     float64 `json:"accuracy_percent"`

	Learns            uint64 `json:"learns"`
	LearnErrors       uint64 `json:"learn_errors"`
	PredictErrors     uint64 `json:"predict_errors"`
	Evictions         uint64 `json:"evictions"`
	TotalObservations uint64 `json:"total_observations"`
}

func avg(sum, n uint64) uint64 {
	if n == 0 {
		return 0
	}
	return sum / n
}

// Metrics returns the predictor's metrics.
func (p *Predictor) Metrics() Metrics {
	p.mu.RLock()
	defer p.mu.RUnlock()
	returned := p.st.returned.Load()
	mem := p.exactMem()
	m := Metrics{
		PredictionsMade:           p.st.made.Load(),
		PredictionsReturned:       returned,
		PredictionsHighConfidence: p.st.highConf.Load(),
		PatternsLearned:           p.st.learned.Load(),
		TotalPatternCount:         p.slots,
		UniqueStateKeys:           len(p.models),
		AvgPredictionTimeNs:       avg(p.st.predictNs.Load(), p.st.predictN.Load()),
		AvgLearningTimeNs:         avg(p.st.learnNs.Load(), p.st.learnN.Load()),
		AvgReconcileTimeNs:        avg(p.st.reconcileNs.Load(), p.st.reconcileN.Load()),
		MemoryUsageBytes:          mem,
		MemoryLimitBytes:          int64(p.cfg.MaxMemoryBytes),
		MemoryUtilizationPercent:  100 * float64(mem) / float64(p.cfg.MaxMemoryBytes),
		PredictionsVerified:       p.st.verified.Load(),
		PredictionsCorrect:        p.st.correct.Load(),
		Learns:                    p.st.learns.Load(),
		LearnErrors:               p.st.learnErrors.Load(),
		PredictErrors:             p.st.predictErrors.Load(),
		Evictions:                 p.st.evictions.Load(),
		TotalObservations:         p.obs,
	}
	if returned > 0 {
		m.AvgConfidence = float64(p.st.confSum.Load()) / 1e6 / float64(returned)
	}
	if m.PredictionsVerified > 0 {
		m.AccuracyPercent = 100 * float64(m.PredictionsCorrect) / float64(m.PredictionsVerified)
	}
	return m
}

// ResetMetrics zeroes the metrics and the prediction counters of Stats;
// what was learned stays.
func (p *Predictor) ResetMetrics() {
	p.mu.Lock()
	defer p.mu.Unlock()
	st := &p.st
	for _, c := range []interface{ Store(uint64) }{&st.made, &st.returned, &st.highConf, &st.lookups, &st.confSum,
		&st.learned, &st.learns, &st.learnErrors, &st.predictErrors, &st.verified, &st.correct, &st.incorrect,
		&st.evictions, &st.predictNs, &st.predictN, &st.learnNs, &st.learnN, &st.reconcileNs, &st.reconcileN} {
		c.Store(0)
	}
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
}

// MemoryStats returns the predictor's estimated memory use.
func (p *Predictor) MemoryStats() MemoryStats {
	p.mu.RLock()
	defer p.mu.RUnlock()
	mem := p.exactMem()
	return MemoryStats{
		TotalBytes:         mem,
		PatternCount:       p.slots,
		KeyCount:           len(p.models),
		LimitBytes:         int64(p.cfg.MaxMemoryBytes),
		UtilizationPercent: 100 * float64(mem) / float64(p.cfg.MaxMemoryBytes),
	}
}
