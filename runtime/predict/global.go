package predict

import "sync/atomic"

// Process-wide totals over every predictor, for hit rates across them all
// (the C ABI's global metrics). Counted alongside each predictor's own, in
// lanes like a predictor's (lanes.go): two threads predicting on two
// predictors count in different lanes.
var global [4 * maxLanes]globalLane

type globalLane struct {
	learns, learnErrors, predictions, returned, verified, correct, incorrect, evictions atomic.Uint64
	_                                                                                   [64]byte
}

func globalOf(seq uint32) *globalLane { return &global[seq%uint32(len(global))] }

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
	var g GlobalStats
	for i := range global {
		l := &global[i]
		g.Learns += l.learns.Load()
		g.LearnErrors += l.learnErrors.Load()
		g.Predictions += l.predictions.Load()
		g.PredictionsReturned += l.returned.Load()
		g.PredictionsVerified += l.verified.Load()
		g.CorrectPredictions += l.correct.Load()
		g.IncorrectPredictions += l.incorrect.Load()
		g.Evictions += l.evictions.Load()
	}
	g.HitRate = ratio(g.CorrectPredictions, g.PredictionsVerified)
	return g
}

// ResetGlobal zeroes the process-wide totals.
func ResetGlobal() {
	for i := range global {
		l := &global[i]
		for _, c := range []*atomic.Uint64{&l.learns, &l.learnErrors, &l.predictions, &l.returned,
			&l.verified, &l.correct, &l.incorrect, &l.evictions} {
			c.Store(0)
		}
	}
}
