package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/clock"
	"github.com/minimact/engine/runtime/diag"
	"github.com/minimact/engine/runtime/predict"
)

// The predictor exports' Go side: each takes borrowed arguments, runs on the
// predictor of a handle (registry.with keeps it alive for the call), and
// returns Go values the export copies into C memory.

// treeLimit is how long a tree or state change given to a predictor may be.
func treeLimit(p *predict.Predictor) int {
	l := p.Config().Limits
	if l.MaxJSONBytes > 0 {
		return l.MaxJSONBytes
	}
	return vdom.DefaultLimits().MaxJSONBytes
}

// args is a pooled Go buffer the arguments of a learn, predict or verify
// call are copied into: the predictor keeps views of its last inputs in its
// scratch space, and those must not point into the caller's memory once the
// call returns. (The reconcile paths need no copy: their workers drop every
// view; the predictor copies what it keeps of batches and snapshots itself.)
// Each argument is checked against the limit in force before anything is
// copied, and large copies count against the process-wide bytes in flight.
type args struct {
	buf  []byte // the copied arguments
	pred []byte // the prediction, before the reply is made of it
	out  []byte // the reply, before it is copied into C memory
	held int    // bytes of buf reserved in flight
}

var argsPool = sync.Pool{New: func() any { return new(args) }}

// The bytes in flight: what the calls running copy of their arguments
// (learn, predict, verify: each argument is first checked against the JSON
// limit of the predictor's config). Their total is bounded process-wide, by
// default 256 MiB, or MINIMACT_MAX_BYTES_IN_FLIGHT (bytes) read when the
// library loads; a call that would pass the bound is refused with
// MemoryLimitExceeded before it copies anything. Copies under 64 KiB (a
// host's usual trees) do not count: counting every call would write one
// shared counter on every prediction, and they are bounded by the number of
// threads anyway.
const (
	inFlightExempt          = 64 << 10
	defaultMaxBytesInFlight = 256 << 20
)

type inFlightBytes struct {
	used atomic.Int64
	max  atomic.Int64
}

var inFlight = newInFlight()

func newInFlight() *inFlightBytes {
	f := &inFlightBytes{}
	f.max.Store(defaultMaxBytesInFlight)
	if v, err := strconv.ParseInt(os.Getenv("MINIMACT_MAX_BYTES_IN_FLIGHT"), 10, 64); err == nil && v > 0 {
		f.max.Store(v)
	}
	return f
}

// reserve counts n bytes about to be copied, or refuses them.
func (f *inFlightBytes) reserve(n int) error {
	if n < inFlightExempt {
		return nil
	}
	if max := f.max.Load(); f.used.Add(int64(n)) > max {
		f.used.Add(-int64(n))
		return vdom.Errorf(vdom.MemoryLimitExceeded, "copying "+strconv.Itoa(n)+" bytes of arguments would pass the "+
			strconv.FormatInt(max, 10)+" bytes the library copies at once (MINIMACT_MAX_BYTES_IN_FLIGHT)")
	}
	return nil
}

func (f *inFlightBytes) release(n int) { f.used.Add(-int64(n)) }

// reserve makes room for n bytes of copies in a's buffer, within the
// process-wide bound of bytes in flight.
func (a *args) reserve(n int) ([]byte, error) {
	if err := inFlight.reserve(n); err != nil {
		return nil, err
	}
	if n >= inFlightExempt {
		a.held += n
	}
	if cap(a.buf) < n {
		a.buf = make([]byte, n, n+n/4)
	}
	return a.buf[:n], nil
}

// copy1 copies x into a's buffer and returns the copy.
func (a *args) copy1(x []byte) ([]byte, error) {
	b, err := a.reserve(len(x))
	if err != nil {
		return nil, err
	}
	copy(b, x)
	return b[:len(x):len(x)], nil
}

// copy2 copies x and y into a's buffer and returns the copies.
func (a *args) copy2(x, y []byte) ([]byte, []byte, error) {
	n := len(x) + len(y)
	b, err := a.reserve(n)
	if err != nil {
		return nil, nil, err
	}
	cx, cy := b[:len(x):len(x)], b[len(x):n:n]
	copy(cx, x)
	copy(cy, y)
	return cx, cy, nil
}

// copy3 copies x, y and z into a's buffer and returns the copies.
func (a *args) copy3(x, y, z []byte) ([]byte, []byte, []byte, error) {
	n := len(x) + len(y) + len(z)
	b, err := a.reserve(n)
	if err != nil {
		return nil, nil, nil, err
	}
	i, j := len(x), len(x)+len(y)
	cx, cy, cz := b[:i:i], b[i:j:j], b[j:n:n]
	copy(cx, x)
	copy(cy, y)
	copy(cz, z)
	return cx, cy, cz, nil
}

func getArgs() *args { return argsPool.Get().(*args) }

func (a *args) release() {
	if a.held > 0 {
		inFlight.release(a.held)
		a.held = 0
	}
	if cap(a.buf) <= maxKeptBuffer && cap(a.out) <= maxKeptBuffer && cap(a.pred) <= maxKeptBuffer {
		argsPool.Put(a)
	}
}

// newPredictor registers a new predictor with cfg.
func newPredictor(cfg predict.Config) (uint64, error) {
	return handles.add(predict.New(cfg))
}

// newPredictorWithConfig is minimact_predictor_new_with_config.
func newPredictorWithConfig(minConfidence float32, maxPatternsPerKey uintptr) (uint64, error) {
	c := float64(minConfidence)
	if math.IsNaN(c) || c < 0 || c > 1 {
		return 0, invalidArgument("min_confidence " + strconv.FormatFloat(c, 'g', -1, 64) + " is not between 0 and 1")
	}
	if maxPatternsPerKey > math.MaxInt32 {
		return 0, invalidArgument("max_patterns_per_key " + strconv.FormatUint(uint64(maxPatternsPerKey), 10) + " is too large")
	}
	cfg := predict.DefaultConfig()
	cfg.MinConfidence = c
	if maxPatternsPerKey > 0 {
		cfg.MaxPatternsPerKey = int(maxPatternsPerKey)
	}
	return newPredictor(cfg)
}

// createPredictor is minimact_predictor_create: a config as JSON (NULL: the
// defaults).
func createPredictor(configp unsafe.Pointer) (uint64, error) {
	cfg := predict.DefaultConfig()
	if configp != nil {
		src, err := borrow(configp, maxConfigBytes, "config_json")
		if err != nil {
			return 0, err
		}
		if cfg, err = parseConfig(src); err != nil {
			return 0, err
		}
	}
	return newPredictor(cfg)
}

// learn is minimact_predictor_learn.
func learn(h uint64, scp, oldp, newp unsafe.Pointer) error {
	start := clock.Now()
	m := diag.Global
	m.Learns.Inc()
	err := handles.with(h, func(p *predict.Predictor) error {
		max := treeLimit(p)
		sc, err := borrow(scp, max, "state_change")
		if err != nil {
			return err
		}
		// a Learn validates the trees as it reads them (the decoder, the
		// tree cache, the delta decoder); on a failure their UTF-8 is
		// checked, so that invalid UTF-8 is still InvalidUtf8 whatever else
		// is wrong
		o, err := borrowUnchecked(oldp, max, "old_tree")
		if err != nil {
			return err
		}
		n, err := borrowUnchecked(newp, max, "new_tree")
		if err != nil {
			return err
		}
		a := getArgs()
		defer a.release()
		if sc, o, n, err = a.copy3(sc, o, n); err != nil {
			return err
		}
		if _, err = p.Learn(sc, o, n); err != nil {
			if uerr := checkUTF8(o, "old_tree"); uerr != nil {
				return uerr
			}
			if uerr := checkUTF8(n, "new_tree"); uerr != nil {
				return uerr
			}
		}
		return err
	})
	m.LearnTime.Observe(clock.Since(start))
	if err != nil {
		m.LearnErrors.Inc()
		countValidation(err)
		logf(diag.Warn, "predict", err)
	}
	return err
}

// learnBatch is minimact_predictor_learn_batch. The batch is checked
// against the predictor's bound (predict.Predictor.MaxBatchBytes) while it
// is measured, and read in place: the predictor copies each entry it learns,
// so a batch that will be refused costs nothing.
func learnBatch(h uint64, batchp unsafe.Pointer) error {
	m := diag.Global
	var n int
	err := handles.with(h, func(p *predict.Predictor) error {
		b, err := borrow(batchp, p.MaxBatchBytes(), "batch_json")
		if err != nil {
			return err
		}
		n, err = p.LearnBatch(b)
		return err
	})
	m.Learns.Add(uint64(n))
	if err != nil {
		m.LearnErrors.Inc()
		countValidation(err)
		logf(diag.Warn, "predict", err)
		if codeOf(err) != vdom.InvalidHandle {
			e := *asError(err)
			e.Message = "learned " + strconv.Itoa(n) + " entries, then: " + e.Message
			return &e
		}
	}
	return err
}

// predictReply is minimact_predictor_predict's reply, in a.out. In steady
// state it allocates nothing and writes nothing another thread's call
// writes: the predictor predicts into a's buffers, and the process-wide
// prediction counters and timings are the predictors' own, read when the
// metrics are (metricsSnapshot); only calls that fail before reaching a
// predictor are counted here.
func predictReply(a *args, h uint64, scp, treep unsafe.Pointer) []byte {
	var pr predict.Prediction
	var ok, reached bool
	err := handles.with(h, func(p *predict.Predictor) error {
		max := treeLimit(p)
		sc, err := borrow(scp, max, "state_change")
		if err != nil {
			return err
		}
		// a prediction reads the whole tree, which the decoder (or the tree
		// cache, or the delta decoder) validates: its UTF-8 is checked
		// apart only when there is none, so that invalid UTF-8 is still
		// InvalidUtf8 whatever else happens
		t, err := borrowUnchecked(treep, max, "current_tree")
		if err != nil {
			return err
		}
		if sc, t, err = a.copy2(sc, t); err != nil {
			return err
		}
		reached = true
		pr, a.pred, ok, err = p.PredictInto(a.pred, sc, t)
		if !ok {
			if uerr := checkUTF8(t, "current_tree"); uerr != nil {
				return uerr
			}
		}
		return err
	})
	switch {
	case err != nil:
		if !reached {
			diag.Global.Predictions.Inc()
			diag.Global.PredictErrors.Inc()
		}
		countValidation(err)
		logf(diag.Warn, "predict", err)
		a.out = appendPredictFailure(a.out[:0], err.Error(), codeOf(err))
		return a.out
	case !ok:
		a.out = append(a.out[:0], noPrediction...)
		return a.out
	}
	if diag.Log.On(diag.Debug) {
		diag.Log.Add(diag.Debug, "predict", "predicted with confidence "+strconv.FormatFloat(pr.Confidence, 'f', 3, 64))
	}
	a.out = appendPrediction(a.out[:0], pr.StateChange, pr.Patches, pr.Tree, pr.Confidence)
	return a.out
}

// verifyPrediction is minimact_predictor_verify_prediction.
func verifyPrediction(h uint64, scp, treep unsafe.Pointer) (bool, error) {
	var ok bool
	err := handles.with(h, func(p *predict.Predictor) error {
		max := treeLimit(p)
		sc, err := borrow(scp, max, "state_change")
		if err != nil {
			return err
		}
		t, err := borrow(treep, max, "actual_new_tree")
		if err != nil {
			return err
		}
		a := getArgs()
		defer a.release()
		if sc, t, err = a.copy2(sc, t); err != nil {
			return err
		}
		ok, err = p.VerifyPrediction(sc, t)
		return err
	})
	if err != nil {
		countValidation(err)
	}
	return ok, err
}

// marshalReply runs f on the predictor of h and returns the JSON encoding of
// its result, or the error reply.
func marshalReply(h uint64, f func(p *predict.Predictor) any) []byte {
	var out []byte
	err := handles.with(h, func(p *predict.Predictor) error {
		b, err := json.Marshal(f(p))
		if err != nil {
			return vdom.Errorf(vdom.Serialization, "encoding the reply: "+err.Error())
		}
		out = b
		return nil
	})
	if err != nil {
		return appendError(nil, err)
	}
	return out
}

func statsReply(h uint64) []byte {
	return marshalReply(h, func(p *predict.Predictor) any { return p.Stats() })
}

func metricsReply(h uint64) []byte {
	return marshalReply(h, func(p *predict.Predictor) any { return p.Metrics() })
}

func memoryStatsReply(h uint64) []byte {
	return marshalReply(h, func(p *predict.Predictor) any { return p.MemoryStats() })
}

func configReply(h uint64) []byte {
	return marshalReply(h, func(p *predict.Predictor) any { return configToJSON(p.Config()) })
}

// saveReply is minimact_predictor_save's reply.
func saveReply(h uint64) []byte {
	var out []byte
	err := handles.with(h, func(p *predict.Predictor) (err error) {
		out, err = p.Save()
		return err
	})
	if err != nil {
		logf(diag.Warn, "predict", err)
		return appendError(nil, err)
	}
	return out
}

// loadPredictor is minimact_predictor_try_load.
func loadPredictor(snapshotp unsafe.Pointer) (uint64, error) {
	src, err := borrow(snapshotp, maxSnapshotBytes, "snapshot_json")
	if err != nil {
		countValidation(err)
		return 0, err
	}
	// read in place: the predictor keeps copies of what it reads
	p, err := predict.Load(src)
	if err != nil {
		countValidation(err)
		logf(diag.Warn, "predict", err)
		return 0, err
	}
	return handles.add(p)
}

// serialize is minimact_predictor_serialize.
func serialize(h uint64) ([]byte, error) {
	var out []byte
	err := handles.with(h, func(p *predict.Predictor) (err error) {
		out, err = p.Serialize()
		return err
	})
	return out, err
}

// deserialize is minimact_predictor_deserialize.
func deserialize(bytesp unsafe.Pointer, n uintptr, configp unsafe.Pointer) (uint64, error) {
	b, err := borrowBytes(bytesp, n, maxSnapshotBytes, "bytes")
	if err != nil {
		return 0, err
	}
	cfg := predict.DefaultConfig()
	if configp != nil {
		src, err := borrow(configp, maxConfigBytes, "config_json")
		if err != nil {
			return 0, err
		}
		if cfg, err = parseConfig(src); err != nil {
			return 0, err
		}
	}
	// read in place: the predictor keeps copies of what it reads
	p, err := predict.Deserialize(b, cfg)
	if err != nil {
		countValidation(err)
		logf(diag.Warn, "predict", err)
		return 0, err
	}
	return handles.add(p)
}

// countValidation counts an input refused by validation.
func countValidation(err error) {
	switch codeOf(err) {
	case vdom.InvalidHandle, vdom.Unknown, vdom.Success:
	default:
		diag.Global.ValidationFailures.Inc()
	}
}

// globalMetricsReply is minimact_global_metrics's reply: the process-wide
// metrics with the predictors' count and memory.
func globalMetricsReply() []byte {
	var count uint64
	var mem int64
	handles.each(func(p *predict.Predictor) {
		count++
		mem += memoryOf(p)
	})
	type global struct {
		diag.Snapshot
		PredictorCount   uint64 `json:"predictor_count"`
		TotalMemoryBytes int64  `json:"total_memory_bytes"`
		// retained trees (diag.Retained)
		RetainedTrees     int64  `json:"retained_trees"`
		RetainedTreeBytes int64  `json:"retained_tree_bytes"`
		TreeRenders       uint64 `json:"tree_renders"`
		TreeRenderErrors  uint64 `json:"tree_render_errors"`
		TreeBytesSent     uint64 `json:"tree_bytes_sent"`
		TreeBytesDecoded  uint64 `json:"tree_bytes_decoded"`
	}
	rt := &diag.Retained
	b, err := json.Marshal(global{metricsSnapshot(), count, mem,
		rt.Trees.Load(), rt.Bytes.Load(), rt.Renders.Load(), rt.RenderErrors.Load(), rt.BytesSent.Load(), rt.BytesDecoded.Load()})
	if err != nil {
		return appendError(nil, vdom.Errorf(vdom.Serialization, err.Error()))
	}
	return b
}

// metricsSnapshot reads the process-wide metrics. evictions_performed is
// the evictions of every predictor, live or destroyed, since the last
// minimact_metrics_reset (a predictor's own reset lowers it). The
// prediction counters and timings are the predictors' process-wide totals
// (predict.Global: counted in lanes, so that predictions on many threads
// write nothing they share), with the calls that failed before reaching a
// predictor, which diag counts.
func metricsSnapshot() diag.Snapshot {
	s := diag.Global.Snapshot(diag.Log.Dropped())
	total := handles.retiredEvictions.Load()
	handles.each(func(p *predict.Predictor) { total += evictionsOf(p) })
	if base := handles.evictionBase.Load(); total > base {
		s.EvictionsPerformed = total - base
	} else {
		s.EvictionsPerformed = 0
	}
	g := predict.Global()
	s.PredictorPredictions += g.PredictCalls
	s.PredictorPredictErrs += g.PredictErrors
	s.PredictorPredictionHits = g.PredictionsReturned
	if g.PredictCalls > g.PredictionsReturned+g.PredictErrors {
		s.PredictorPredictionMisses = g.PredictCalls - g.PredictionsReturned - g.PredictErrors
	} else {
		s.PredictorPredictionMisses = 0
	}
	s.PredictionHitRate = 0
	if n := s.PredictorPredictionHits + s.PredictorPredictionMisses; n > 0 {
		s.PredictionHitRate = float64(s.PredictorPredictionHits) / float64(n)
	}
	us := func(ns float64) float64 { return math.Round(ns) / 1000 }
	s.AvgPredictionTimeUs = us(g.AvgPredictionTimeNs)
	s.P50PredictionTimeUs = us(g.P50PredictionTimeNs)
	s.P95PredictionTimeUs = us(g.P95PredictionTimeNs)
	s.P99PredictionTimeUs = us(g.P99PredictionTimeNs)
	return s
}

// resetMetrics is minimact_metrics_reset.
func resetMetrics() {
	diag.Global.Reset()
	predict.ResetGlobal()
	total := handles.retiredEvictions.Load()
	handles.each(func(p *predict.Predictor) { total += evictionsOf(p) })
	handles.evictionBase.Store(total)
}

// metricsReplyGlobal is minimact_metrics_get's reply.
func metricsReplyGlobal() []byte {
	b, err := json.Marshal(metricsSnapshot())
	if err != nil {
		return appendError(nil, vdom.Errorf(vdom.Serialization, err.Error()))
	}
	return b
}

// configJSON is a predictor config as minimact_predictor_create takes it.
type configJSON struct {
	MinConfidence     *float64   `json:"min_confidence,omitempty"`
	MaxPatternsPerKey *int64     `json:"max_patterns_per_key,omitempty"`
	MaxTotalPatterns  *int64     `json:"max_total_patterns,omitempty"`
	MaxMemoryBytes    *int64     `json:"max_memory_bytes,omitempty"`
	Eviction          *string    `json:"eviction,omitempty"`
	Lending           *string    `json:"lending,omitempty"`
	Limits            limitsJSON `json:"limits,omitempty"`
}

// limitsJSON is vdom.Limits as JSON (minimact_reconcile_with_limits): the
// members vdom.Limits.Fields names (integers) and those Options names
// (strings, such as "dom_view":"nodes"). Members are written in schema order.
type limitsJSON map[string]json.RawMessage

// MarshalJSON writes the members in schema order.
func (j limitsJSON) MarshalJSON() ([]byte, error) {
	var l vdom.Limits
	b := []byte{'{'}
	add := func(name string) {
		v, ok := j[name]
		if !ok || v == nil {
			return
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, name)
		b = append(b, ':')
		b = append(b, v...)
	}
	for _, f := range l.Fields() {
		add(f.JSON)
	}
	for _, o := range l.Options() {
		add(o.JSON)
	}
	return append(b, '}'), nil
}

// decodeStrict decodes one JSON object into v, refusing unknown members and
// trailing data. encoding/json bounds nesting (10000), so this stays bounded.
func decodeStrict(src []byte, what string, v any) error {
	d := json.NewDecoder(bytes.NewReader(src))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return vdom.Errorf(vdom.Serialization, what+": "+err.Error())
	}
	if d.More() {
		return vdom.Errorf(vdom.Serialization, what+": unexpected data after the JSON object")
	}
	return nil
}

// intIn checks that *v is within 0..max and returns it (0 when nil).
func intIn(v *int64, name string, max int64) (int, error) {
	if v == nil {
		return 0, nil
	}
	if *v < 0 || *v > max {
		return 0, invalidArgument(name + " " + strconv.FormatInt(*v, 10) + " is not between 0 and " + strconv.FormatInt(max, 10))
	}
	return int(*v), nil
}

// parseLimits reads a limits object; absent and 0 members take the defaults.
func parseLimits(src []byte) (vdom.Limits, error) {
	var j limitsJSON
	if err := decodeStrict(src, "limits_json", &j); err != nil {
		return vdom.Limits{}, err
	}
	return j.limits()
}

func (j limitsJSON) limits() (vdom.Limits, error) {
	var l vdom.Limits
	fields, options := l.Fields(), l.Options()
	known := 0
	for _, f := range fields {
		raw, ok := j[f.JSON]
		if !ok {
			continue
		}
		known++
		var v *int64
		if err := json.Unmarshal(raw, &v); err != nil {
			return vdom.Limits{}, vdom.Errorf(vdom.Serialization, "limits: "+f.JSON+" must be an integer")
		}
		var err error
		if *f.V, err = intIn(v, f.JSON, math.MaxInt32); err != nil {
			return vdom.Limits{}, err
		}
	}
	for _, o := range options {
		raw, ok := j[o.JSON]
		if !ok {
			continue
		}
		known++
		var v *string
		if err := json.Unmarshal(raw, &v); err != nil {
			return vdom.Limits{}, vdom.Errorf(vdom.Serialization, "limits: "+o.JSON+" must be a string")
		}
		if v == nil {
			continue // null: the default
		}
		i := slices.Index(o.Values, *v)
		if i < 0 {
			return vdom.Limits{}, invalidArgument(o.JSON + " " + strconv.Quote(*v) + " is not one of " + quoteList(o.Values))
		}
		*o.V = uint8(i)
	}
	if known < len(j) {
		names := make([]string, 0, len(j))
		for name := range j {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if !slices.ContainsFunc(fields[:], func(f vdom.LimitField) bool { return f.JSON == name }) &&
				!slices.ContainsFunc(options[:], func(f vdom.OptionField) bool { return f.JSON == name }) {
				return vdom.Limits{}, vdom.Errorf(vdom.Serialization, "limits: unknown member "+strconv.Quote(name))
			}
		}
	}
	return l, nil
}

// quoteList is "a", "b" or "c".
func quoteList(names []string) string {
	var b []byte
	for i, n := range names {
		switch {
		case i == 0:
		case i == len(names)-1:
			b = append(b, " or "...)
		default:
			b = append(b, ", "...)
		}
		b = strconv.AppendQuote(b, n)
	}
	return string(b)
}

// parseConfig reads a predictor config; absent members take the defaults.
func parseConfig(src []byte) (predict.Config, error) {
	cfg := predict.DefaultConfig()
	var j configJSON
	if err := decodeStrict(src, "config_json", &j); err != nil {
		return cfg, err
	}
	if j.MinConfidence != nil {
		c := *j.MinConfidence
		if math.IsNaN(c) || c < 0 || c > 1 {
			return cfg, invalidArgument("min_confidence " + strconv.FormatFloat(c, 'g', -1, 64) + " is not between 0 and 1")
		}
		cfg.MinConfidence = c
	}
	for _, f := range []struct {
		v    *int64
		name string
		dst  *int
	}{
		{j.MaxPatternsPerKey, "max_patterns_per_key", &cfg.MaxPatternsPerKey},
		{j.MaxTotalPatterns, "max_total_patterns", &cfg.MaxTotalPatterns},
		{j.MaxMemoryBytes, "max_memory_bytes", &cfg.MaxMemoryBytes},
	} {
		v, err := intIn(f.v, f.name, math.MaxInt64>>1)
		if err != nil {
			return cfg, err
		}
		if v > 0 {
			*f.dst = v
		}
	}
	if j.Eviction != nil {
		e, ok := evictionByName(*j.Eviction)
		if !ok {
			return cfg, invalidArgument("eviction " + strconv.Quote(*j.Eviction) + " is not one of " + evictionNames())
		}
		cfg.Eviction = e
	}
	if j.Lending != nil {
		l, ok := predict.ParseLending(*j.Lending)
		if !ok {
			return cfg, invalidArgument("lending " + strconv.Quote(*j.Lending) + " is not one of \"shared\", \"page\", \"off\"")
		}
		cfg.Lending = l
	}
	if j.Limits != nil {
		l, err := j.Limits.limits()
		if err != nil {
			return cfg, err
		}
		cfg.Limits = l
	}
	return cfg, nil
}

// configToJSON is the inverse of parseConfig.
func configToJSON(c predict.Config) configJSON {
	i := func(v int) *int64 { x := int64(v); return &x }
	name := evictionName(c.Eviction)
	lending := c.Lending.String()
	mc := c.MinConfidence
	return configJSON{
		MinConfidence:     &mc,
		MaxPatternsPerKey: i(c.MaxPatternsPerKey),
		MaxTotalPatterns:  i(c.MaxTotalPatterns),
		MaxMemoryBytes:    i(c.MaxMemoryBytes),
		Eviction:          &name,
		Lending:           &lending,
		Limits:            limitsToJSON(c.Limits),
	}
}

// limitsToJSON is l as a limits object with every member.
func limitsToJSON(l vdom.Limits) limitsJSON {
	j := limitsJSON{}
	for _, f := range l.Fields() {
		j[f.JSON] = strconv.AppendInt(nil, int64(*f.V), 10)
	}
	for _, o := range l.Options() {
		j[o.JSON] = strconv.AppendQuote(nil, o.Values[*o.V])
	}
	return j
}
