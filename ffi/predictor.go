package main

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"
	"unsafe"

	"github.com/minimact/engine/generated/vdom"
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

// args is a pooled Go buffer the arguments of a predictor call are copied
// into: the predictor keeps views of its last inputs in its scratch space,
// and those must not point into the caller's memory once the call returns.
// (The reconcile paths need no copy: their workers drop every view.)
type args struct {
	buf []byte // the copied arguments
	out []byte // the reply, before it is copied into C memory
}

var argsPool = sync.Pool{New: func() any { return new(args) }}

// copy2 copies x and y into a's buffer and returns the copies.
func (a *args) copy2(x, y []byte) ([]byte, []byte) {
	n := len(x) + len(y)
	if cap(a.buf) < n {
		a.buf = make([]byte, n, n+n/4)
	}
	b := a.buf[:n]
	cx, cy := b[:len(x):len(x)], b[len(x):n:n]
	copy(cx, x)
	copy(cy, y)
	return cx, cy
}

// copy3 copies x, y and z into a's buffer and returns the copies.
func (a *args) copy3(x, y, z []byte) ([]byte, []byte, []byte) {
	n := len(x) + len(y) + len(z)
	if cap(a.buf) < n {
		a.buf = make([]byte, n, n+n/4)
	}
	b := a.buf[:n]
	i, j := len(x), len(x)+len(y)
	cx, cy, cz := b[:i:i], b[i:j:j], b[j:n:n]
	copy(cx, x)
	copy(cy, y)
	copy(cz, z)
	return cx, cy, cz
}

// copy1 copies x into a's buffer.
func (a *args) copy1(x []byte) []byte {
	if cap(a.buf) < len(x) {
		a.buf = make([]byte, len(x), len(x)+len(x)/4)
	}
	c := a.buf[:len(x):len(x)]
	copy(c, x)
	return c
}

func getArgs() *args { return argsPool.Get().(*args) }

func (a *args) release() {
	if cap(a.buf) <= maxKeptBuffer && cap(a.out) <= maxKeptBuffer {
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
	start := time.Now()
	m := diag.Global
	m.Learns.Inc()
	err := handles.with(h, func(p *predict.Predictor) error {
		max := treeLimit(p)
		sc, err := borrow(scp, max, "state_change")
		if err != nil {
			return err
		}
		o, err := borrow(oldp, max, "old_tree")
		if err != nil {
			return err
		}
		n, err := borrow(newp, max, "new_tree")
		if err != nil {
			return err
		}
		a := getArgs()
		defer a.release()
		sc, o, n = a.copy3(sc, o, n)
		_, err = p.Learn(sc, o, n)
		return err
	})
	m.LearnTime.Observe(time.Since(start))
	if err != nil {
		m.LearnErrors.Inc()
		countValidation(err)
		logf(diag.Warn, "predict", err)
	}
	return err
}

// learnBatch is minimact_predictor_learn_batch.
func learnBatch(h uint64, batchp unsafe.Pointer) error {
	m := diag.Global
	var n int
	err := handles.with(h, func(p *predict.Predictor) error {
		b, err := borrow(batchp, maxBatchBytes, "batch_json")
		if err != nil {
			return err
		}
		a := getArgs()
		defer a.release()
		n, err = p.LearnBatch(a.copy1(b))
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

// predictReply is minimact_predictor_predict's reply, in a.out.
func predictReply(a *args, h uint64, scp, treep unsafe.Pointer) []byte {
	start := time.Now()
	m := diag.Global
	m.Predictions.Inc()
	var pr *predict.Prediction
	err := handles.with(h, func(p *predict.Predictor) error {
		max := treeLimit(p)
		sc, err := borrow(scp, max, "state_change")
		if err != nil {
			return err
		}
		t, err := borrow(treep, max, "current_tree")
		if err != nil {
			return err
		}
		sc, t = a.copy2(sc, t)
		pr, err = p.Predict(sc, t)
		return err
	})
	m.PredictTime.Observe(time.Since(start))
	switch {
	case err != nil:
		m.PredictErrors.Inc()
		countValidation(err)
		logf(diag.Warn, "predict", err)
		a.out = appendPredictFailure(a.out[:0], err.Error(), codeOf(err))
		return a.out
	case pr == nil:
		m.PredictionMisses.Inc()
		a.out = append(a.out[:0], noPrediction...)
		return a.out
	}
	m.PredictionHits.Inc()
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
		sc, t = a.copy2(sc, t)
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
	a := getArgs()
	defer a.release()
	p, err := predict.Load(a.copy1(src))
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
	a := getArgs()
	defer a.release()
	p, err := predict.Deserialize(a.copy1(b), cfg)
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
// minimact_metrics_reset (a predictor's own reset lowers it).
func metricsSnapshot() diag.Snapshot {
	s := diag.Global.Snapshot(diag.Log.Dropped())
	total := handles.retiredEvictions.Load()
	handles.each(func(p *predict.Predictor) { total += evictionsOf(p) })
	if base := handles.evictionBase.Load(); total > base {
		s.EvictionsPerformed = total - base
	} else {
		s.EvictionsPerformed = 0
	}
	return s
}

// resetMetrics is minimact_metrics_reset.
func resetMetrics() {
	diag.Global.Reset()
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
	Limits            limitsJSON `json:"limits,omitempty"`
}

// limitsJSON is vdom.Limits as JSON (minimact_reconcile_with_limits): the
// members vdom.Limits.Fields names. Members are written in schema order.
type limitsJSON map[string]*int64

// MarshalJSON writes the members in schema order.
func (j limitsJSON) MarshalJSON() ([]byte, error) {
	var l vdom.Limits
	b := []byte{'{'}
	for _, f := range l.Fields() {
		v, ok := j[f.JSON]
		if !ok || v == nil {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, f.JSON)
		b = append(b, ':')
		b = strconv.AppendInt(b, *v, 10)
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
	fields := l.Fields()
	known := 0
	for _, f := range fields {
		v, ok := j[f.JSON]
		if !ok {
			continue
		}
		known++
		var err error
		if *f.V, err = intIn(v, f.JSON, math.MaxInt32); err != nil {
			return vdom.Limits{}, err
		}
	}
	if known < len(j) {
		names := make([]string, 0, len(j))
		for name := range j {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if !slices.ContainsFunc(fields[:], func(f vdom.LimitField) bool { return f.JSON == name }) {
				return vdom.Limits{}, vdom.Errorf(vdom.Serialization, "limits: unknown member "+strconv.Quote(name))
			}
		}
	}
	return l, nil
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
	mc := c.MinConfidence
	return configJSON{
		MinConfidence:     &mc,
		MaxPatternsPerKey: i(c.MaxPatternsPerKey),
		MaxTotalPatterns:  i(c.MaxTotalPatterns),
		MaxMemoryBytes:    i(c.MaxMemoryBytes),
		Eviction:          &name,
		Limits:            limitsToJSON(c.Limits),
	}
}

// limitsToJSON is l as a limits object with every member.
func limitsToJSON(l vdom.Limits) limitsJSON {
	j := limitsJSON{}
	for _, f := range l.Fields() {
		v := int64(*f.V)
		j[f.JSON] = &v
	}
	return j
}
