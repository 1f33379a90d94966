package predict

import "sync/atomic"

// Process-wide totals over every predictor, for hit rates across them all
// (the C ABI's global metrics). Counted alongside each predictor's own.
var global struct {
	learns, learnErrors, predictions, returned, verified, correct, incorrect, evictions atomic.Uint64
}

// GlobalStats are totals over every predictor of the process since it
// started (or since ResetGlobal).
type GlobalStats struct {
	Learns               uint64  `json:"predictor_learns"`
	LearnErrors          uint64  `json:"predictor_learn_errors"`
	Predictions          uint64  `json:"predictor_predictions"`          // Predict calls
	PredictionsReturned  uint64  `json:"predictor_predictions_returned"` // of which returned a prediction
	PredictionsVerified  uint64  `json:"predictor_predictions_verified"`
	CorrectPredictions   uint64  `json:"predictor_correct_predictions"`
	IncorrectPredictions uint64  `json:"predictor_incorrect_predictions"`
	HitRate              float64 `json:"predictor_verified_hit_rate"` // correct / verified
	Evictions            uint64  `json:"evictions_performed"`
}

// Global returns the process-wide totals.
func Global() GlobalStats {
	g := GlobalStats{
		Learns:               global.learns.Load(),
		LearnErrors:          global.learnErrors.Load(),
		Predictions:          global.predictions.Load(),
		PredictionsReturned:  global.returned.Load(),
		PredictionsVerified:  global.verified.Load(),
		CorrectPredictions:   global.correct.Load(),
		IncorrectPredictions: global.incorrect.Load(),
		Evictions:            global.evictions.Load(),
	}
	g.HitRate = ratio(g.CorrectPredictions, g.PredictionsVerified)
	return g
}

// ResetGlobal zeroes the process-wide totals.
func ResetGlobal() {
	for _, c := range []*atomic.Uint64{&global.learns, &global.learnErrors, &global.predictions, &global.returned,
		&global.verified, &global.correct, &global.incorrect, &global.evictions} {
		c.Store(0)
	}
}
