package diag

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// The Prometheus text exposition (format 0.0.4) of Metrics, as
// minimact_metrics_prometheus returns it. The conventions kept: every name
// starts with minimact_ and is in base units (seconds, bytes); counters end
// in _total; every family has a HELP and a TYPE line before its samples;
// label values are escaped; times are gauges in seconds since the Unix epoch
// (minimact_start_time_seconds, as process_start_time_seconds).
//
// Latencies are histograms, not summaries, so that a server can aggregate
// them across processes: the fixed bounds of PromBounds, every power of two
// from 1.024 µs to 8.6 s, are bucket boundaries of Histogram, so each
// cumulative count is exact (a bucket counts the durations below its bound;
// the 1 ns between "below" and "at most" is under the clock's resolution).
// The JSON of minimact_metrics_get has the p50, p95 and p99 themselves.

// Label is one label of a sample.
type Label struct{ Name, Value string }

// Exposition is what the text holds beyond the Metrics' own numbers: what
// only the caller knows.
type Exposition struct {
	// BuildInfo are the labels of minimact_build_info (its value is 1).
	BuildInfo []Label
	// Evictions is minimact_evictions_total (the registry sums it over live
	// and destroyed predictors).
	Evictions uint64
	// PredictorMemoryBytes is minimact_predictor_memory_bytes.
	PredictorMemoryBytes int64
	// Log, when not nil, adds its metrics: events kept by level, dropped,
	// and handed to the hook.
	Log *Logger
	// Predict, when not nil, replaces the Metrics' own predict counters and
	// latency (predictions counted where they are made, in the predictors'
	// lanes).
	Predict *PredictTotals
}

// PredictTotals are the predict calls' counters and latency.
type PredictTotals struct {
	Calls, Hits, Misses, Errors uint64
	Lent                        uint64 // hits another instance's model made (lending)
	Time                        *Histogram
}

// Histogram bounds of the exposition: 2^promMinExp to 2^promMaxExp ns.
const (
	promMinExp = 10 // 1.024 µs
	promMaxExp = 33 // 8.59 s
)

// PromBounds returns the bucket bounds of the latency histograms, in
// seconds, in increasing order (+Inf follows them).
func PromBounds() []float64 {
	out := make([]float64, 0, promMaxExp-promMinExp+1)
	for e := promMinExp; e <= promMaxExp; e++ {
		out = append(out, float64(uint64(1)<<e)/1e9)
	}
	return out
}

// AppendPrometheus appends the exposition of m and x.
func (m *Metrics) AppendPrometheus(dst []byte, x *Exposition) []byte {
	if x == nil {
		x = &Exposition{}
	}
	w := promWriter{b: dst}

	w.family("minimact_build_info", "gauge", "The library's version and ABI version, as labels; the value is always 1.")
	w.sampleLabels("minimact_build_info", x.BuildInfo, "", "", 1)
	w.gauge("minimact_start_time_seconds", "When the library was loaded, in seconds since the Unix epoch.",
		unixSeconds(m.start.UnixNano()))
	w.gauge("minimact_metrics_reset_time_seconds", "When minimact_metrics_reset last zeroed the counters (the start time if it never did), in seconds since the Unix epoch.",
		unixSeconds(m.ResetTime().UnixNano()))

	w.gauge("minimact_predictors", "Live predictors.", float64(m.CurrentPredictors()))
	w.gauge("minimact_predictors_peak", "The most live predictors at once since the last metrics reset.", float64(m.PeakPredictors()))
	w.gauge("minimact_predictor_memory_bytes", "Estimated memory of every live predictor, in bytes.", float64(x.PredictorMemoryBytes))
	w.gauge("minimact_trees", "Live retained trees.", float64(Retained.Trees.Load()))
	w.gauge("minimact_retained_tree_bytes", "Memory the live retained trees hold, in bytes.", float64(Retained.Bytes.Load()))
	w.counter("minimact_tree_renders_total", "Renders of retained trees (JSON and binary; never zeroed by minimact_metrics_reset).", Retained.Renders.Load())
	w.counter("minimact_tree_render_errors_total", "Renders of retained trees refused (never zeroed by minimact_metrics_reset).", Retained.RenderErrors.Load())
	w.counter("minimact_tree_decoded_bytes_total", "Bytes retained-tree renders decoded again; the rest of each document was taken over (never zeroed by minimact_metrics_reset).", Retained.BytesDecoded.Load())

	w.counter("minimact_reconcile_calls_total", "Reconcile calls (minimact_reconcile and its variants).", m.ReconcileCalls.Load())
	w.counter("minimact_reconcile_errors_total", "Reconcile calls that failed.", m.ReconcileErrors.Load())
	w.counter("minimact_patches_generated_total", "Patches in the replies of successful reconcile calls.", m.PatchesGenerated.Load())
	w.histogram("minimact_reconcile_duration_seconds", "Time of a reconcile call, from the export's entry to its reply, in seconds.", &m.ReconcileTime)

	w.counter("minimact_learns_total", "Learn calls.", m.Learns.Load())
	w.counter("minimact_learn_errors_total", "Learn calls that failed.", m.LearnErrors.Load())
	w.histogram("minimact_learn_duration_seconds", "Time of a learn call, in seconds.", &m.LearnTime)

	pt := PredictTotals{Calls: m.Predictions.Load(), Hits: m.PredictionHits.Load(), Misses: m.PredictionMisses.Load(), Errors: m.PredictErrors.Load(), Time: &m.PredictTime}
	if x.Predict != nil {
		pt = *x.Predict
	}
	w.counter("minimact_predictions_total", "Predict calls.", pt.Calls)
	w.counter("minimact_prediction_hits_total", "Predict calls that returned a prediction.", pt.Hits)
	w.counter("minimact_prediction_misses_total", "Predict calls with nothing confident enough to return.", pt.Misses)
	w.counter("minimact_prediction_errors_total", "Predict calls that failed.", pt.Errors)
	w.counter("minimact_predictions_lent_total", "Predict calls that returned a prediction another instance's model made (lending).", pt.Lent)
	w.histogram("minimact_predict_duration_seconds", "Time of a predict call, in seconds.", pt.Time)
	w.counter("minimact_hints_total", "Predict-hint calls (several state changes composed).", m.Hints.Load())
	w.counter("minimact_hints_returned_total", "Predict-hint calls that returned a hint.", m.HintsReturned.Load())

	w.counter("minimact_validation_failures_total", "Inputs refused by validation: malformed JSON, limits, invalid UTF-8, NULL.", m.ValidationFailures.Load())
	w.counter("minimact_patches_validated_total", "Patches checked by verify and apply calls.", m.PatchesValidated.Load())
	w.counter("minimact_patch_validation_failures_total", "Patches that did not apply in verify and apply calls.", m.PatchValidationFailures.Load())
	w.counter("minimact_evictions_total", "Patterns evicted by predictors.", x.Evictions)
	w.counter("minimact_panics_recovered_total", "Internal failures recovered at the ABI boundary (code 999).", m.Panics.Load())

	if l := x.Log; l != nil {
		w.family("minimact_log_events_total", "counter", "Log events kept, by level (never zeroed by minimact_metrics_reset).")
		for lv := Trace; lv <= Error; lv++ {
			w.sampleLabels("minimact_log_events_total", nil, "level", levelLabels[lv], float64(l.Kept(lv)))
		}
		hs := l.HookStats()
		w.family("minimact_log_events_dropped_total", "counter", "Log events lost, by where: pushed out of the full ring, not queued for the log callback because its queue was full (a slow callback), or logged by a call the callback made (never zeroed by minimact_metrics_reset).")
		w.sampleLabels("minimact_log_events_dropped_total", nil, "where", "ring", float64(l.Dropped()))
		w.sampleLabels("minimact_log_events_dropped_total", nil, "where", "callback", float64(hs.Dropped))
		w.sampleLabels("minimact_log_events_dropped_total", nil, "where", "callback_reentrant", float64(hs.Reentrant))
		w.counter("minimact_log_callback_events_total", "Log events handed to the host's log callback (never zeroed by minimact_metrics_reset).", hs.Delivered)
	}
	return w.b
}

var levelLabels = [...]string{"trace", "debug", "info", "warn", "error"}

func unixSeconds(ns int64) float64 { return float64(ns) / 1e9 }

type promWriter struct{ b []byte }

// family writes the HELP and TYPE lines.
func (w *promWriter) family(name, typ, help string) {
	w.b = append(w.b, "# HELP "...)
	w.b = append(w.b, name...)
	w.b = append(w.b, ' ')
	w.b = appendEscaped(w.b, help, false)
	w.b = append(w.b, "\n# TYPE "...)
	w.b = append(w.b, name...)
	w.b = append(w.b, ' ')
	w.b = append(w.b, typ...)
	w.b = append(w.b, '\n')
}

func (w *promWriter) gauge(name, help string, v float64) {
	w.family(name, "gauge", help)
	w.sampleLabels(name, nil, "", "", v)
}

func (w *promWriter) counter(name, help string, v uint64) {
	w.family(name, "counter", help)
	w.b = append(w.b, name...)
	w.b = append(w.b, ' ')
	w.b = strconv.AppendUint(w.b, v, 10)
	w.b = append(w.b, '\n')
}

// sampleLabels writes one sample with labels and, when extra is not "",
// the label extra="extraValue" after them.
func (w *promWriter) sampleLabels(name string, labels []Label, extra, extraValue string, v float64) {
	w.b = append(w.b, name...)
	if len(labels) > 0 || extra != "" {
		w.b = append(w.b, '{')
		for i, l := range labels {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.b = appendLabel(w.b, l.Name, l.Value)
		}
		if extra != "" {
			if len(labels) > 0 {
				w.b = append(w.b, ',')
			}
			w.b = appendLabel(w.b, extra, extraValue)
		}
		w.b = append(w.b, '}')
	}
	w.b = append(w.b, ' ')
	w.b = appendValue(w.b, v)
	w.b = append(w.b, '\n')
}

// histogram writes h as a histogram in seconds: cumulative buckets at
// PromBounds and +Inf, _sum and _count. The buckets are read once, so they
// are consistent with each other and with _count; _sum is read after them.
func (w *promWriter) histogram(name, help string, h *Histogram) {
	w.family(name, "histogram", help)
	var counts [nBuckets]uint64
	var total uint64
	for i := range h.buckets {
		counts[i] = h.buckets[i].Load()
		total += counts[i]
	}
	var cum uint64
	i := 0
	for e := promMinExp; e <= promMaxExp; e++ {
		for end := bucketOf(uint64(1) << e); i < end; i++ {
			cum += counts[i]
		}
		w.b = append(w.b, name...)
		w.b = append(w.b, `_bucket{le="`...)
		w.b = appendValue(w.b, float64(uint64(1)<<e)/1e9)
		w.b = append(w.b, `"} `...)
		w.b = strconv.AppendUint(w.b, cum, 10)
		w.b = append(w.b, '\n')
	}
	w.b = append(w.b, name...)
	w.b = append(w.b, `_bucket{le="+Inf"} `...)
	w.b = strconv.AppendUint(w.b, total, 10)
	w.b = append(w.b, '\n')
	w.b = append(w.b, name...)
	w.b = append(w.b, "_sum "...)
	w.b = appendValue(w.b, float64(h.sum.Load())/1e9)
	w.b = append(w.b, '\n')
	w.b = append(w.b, name...)
	w.b = append(w.b, "_count "...)
	w.b = strconv.AppendUint(w.b, total, 10)
	w.b = append(w.b, '\n')
}

func appendLabel(b []byte, name, value string) []byte {
	b = append(b, name...)
	b = append(b, `="`...)
	b = appendEscaped(b, value, true)
	return append(b, '"')
}

// appendValue writes v as the text format wants a float: Go's shortest
// form, and +Inf, -Inf, NaN.
func appendValue(b []byte, v float64) []byte {
	switch {
	case math.IsInf(v, 1):
		return append(b, "+Inf"...)
	case math.IsInf(v, -1):
		return append(b, "-Inf"...)
	case math.IsNaN(v):
		return append(b, "NaN"...)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

// appendEscaped writes s escaped for a HELP line (backslash and newline) or
// a label value (also the double quote). Invalid UTF-8 is written as U+FFFD:
// the format is UTF-8.
func appendEscaped(b []byte, s string, label bool) []byte {
	for _, r := range s {
		switch {
		case r == '\\':
			b = append(b, `\\`...)
		case r == '\n':
			b = append(b, `\n`...)
		case r == '"' && label:
			b = append(b, `\"`...)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}
