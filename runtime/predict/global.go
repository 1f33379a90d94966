package predict

import "sync/atomic"

// Process-wide totals over every predictor, for hit rates across them all
// (the C ABI's global metrics). Counted alongside each predictor's own, in
// lanes like a predictor's (lanes.go): two threads predicting on two
// predictors count in different lanes.
var global [4 * maxLanes]globalLane

type globalLane struct {
	learns, learnErrors, predictions, returned, lent, verified, correct, incorrect, evictions atomic.Uint64
	calls, predictErrors                                                                      atomic.Uint64
	predict                                                                                   hist
	_                                                                                         [64]byte
}

func globalOf(seq uint32) *globalLane { return &global[seq%uint32(len(global))] }

// GlobalStats are totals over every predictor of the process since it
// started (or since ResetGlobal).
type GlobalStats struct {
	Learns               uint64  `json:"predictor_learns"`
	LearnErrors          uint64  `json:"predictor_learn_errors"`
	Predictions          uint64  `json:"predictor_predictions"`          // Predict calls
	PredictionsReturned  uint64  `json:"predictor_predictions_returned"` // of which returned a prediction
	PredictionsLent      uint64  `json:"predictor_predictions_lent"`     // of which another instance's model made
	PredictionsVerified  uint64  `json:"predictor_predictions_verified"`
	CorrectPredictions   uint64  `json:"predictor_correct_predictions"`
	IncorrectPredictions uint64  `json:"predictor_incorrect_predictions"`
	HitRate              float64 `json:"predictor_verified_hit_rate"` // correct / verified
	Evictions            uint64  `json:"evictions_performed"`

	// every Predict call (PredictErrors of them failed), and their latency
	PredictCalls        uint64  `json:"predictor_predict_calls"`
	PredictErrors       uint64  `json:"predictor_prediction_errors"`
	AvgPredictionTimeNs float64 `json:"avg_prediction_time_ns"`
	P50PredictionTimeNs float64 `json:"p50_prediction_time_ns"`
	P95PredictionTimeNs float64 `json:"p95_prediction_time_ns"`
	P99PredictionTimeNs float64 `json:"p99_prediction_time_ns"`
}

// Global returns the process-wide totals.
func Global() GlobalStats {
	var g GlobalStats
	var h histSum
	for i := range global {
		l := &global[i]
		g.PredictCalls += l.calls.Load()
		g.PredictErrors += l.predictErrors.Load()
		l.predict.addTo(&h)
		g.Learns += l.learns.Load()
		g.LearnErrors += l.learnErrors.Load()
		g.Predictions += l.predictions.Load()
		g.PredictionsReturned += l.returned.Load()
		g.PredictionsLent += l.lent.Load()
		g.PredictionsVerified += l.verified.Load()
		g.CorrectPredictions += l.correct.Load()
		g.IncorrectPredictions += l.incorrect.Load()
		g.Evictions += l.evictions.Load()
	}
	g.HitRate = ratio(g.CorrectPredictions, g.PredictionsVerified)
	g.AvgPredictionTimeNs, g.P50PredictionTimeNs, g.P95PredictionTimeNs, g.P99PredictionTimeNs = h.mean(), h.quantile(0.5), h.quantile(0.95), h.quantile(0.99)
	return g
}

// ResetGlobal zeroes the process-wide totals.
func ResetGlobal() {
	for i := range global {
		l := &global[i]
		for _, c := range []*atomic.Uint64{&l.learns, &l.learnErrors, &l.predictions, &l.returned, &l.lent,
			&l.verified, &l.correct, &l.incorrect, &l.evictions, &l.calls, &l.predictErrors} {
			c.Store(0)
		}
		l.predict.reset()
	}
}

// AddGlobalPredictTime adds the process-wide prediction latencies to h, in
// the buckets runtime/diag's Histogram numbers the same way (the C ABI's
// Prometheus exposition writes them).
func AddGlobalPredictTime(h interface {
	Add(counts []uint64, sumNs uint64)
}) {
	var s histSum
	for i := range global {
		global[i].predict.addTo(&s)
	}
	h.Add(s.buckets[:], s.sum)
}
