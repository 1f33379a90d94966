// Package scale measures the predictor as a server grows: learn and predict
// latency at 1,000 to 1,000,000 distinct state keys (one per component
// instance, as hosts make them), under the default limits and under a
// 64 MiB memory cap alone, with the resident memory measured; and
// predictions on one and two threads (bench/README.md, "Scale").
//
//	go run ./bench/cmd/scale                     the table, one process per cell
//	go test ./bench/scale -run '^$' -bench . -cpu 1,2
package scale

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/minimact/engine/runtime/predict"
)

// Counter is the 20-node counter component (bench/abi/bench_abi.c's) showing
// n, as a C# host sends it.
func Counter(n int) []byte {
	return fmt.Appendf(nil, `{"type":"Element","tag":"div","props":{"class":"counter","id":"c1"},"key":null,"children":[`+
		`{"type":"Element","tag":"h1","props":{},"key":null,"children":[{"type":"Text","content":"Counter"}]},`+
		`{"type":"Element","tag":"p","props":{"class":"value"},"key":null,"children":[{"type":"Text","content":"Count: %d"}]},`+
		`{"type":"Element","tag":"div","props":{"class":"buttons"},"key":null,"children":[`+
		`{"type":"Element","tag":"button","props":{"onclick":"inc"},"key":null,"children":[{"type":"Text","content":"+"}]},`+
		`{"type":"Element","tag":"button","props":{"onclick":"dec"},"key":null,"children":[{"type":"Text","content":"-"}]},`+
		`{"type":"Element","tag":"button","props":{"onclick":"reset"},"key":null,"children":[{"type":"Text","content":"Reset"}]}]},`+
		`{"type":"Element","tag":"ul","props":{"class":"help"},"key":null,"children":[`+
		`{"type":"Element","tag":"li","props":{},"key":null,"children":[{"type":"Text","content":"Click + to add one"}]},`+
		`{"type":"Element","tag":"li","props":{},"key":null,"children":[{"type":"Text","content":"Click - to take one"}]}]},`+
		`{"type":"Element","tag":"footer","props":{},"key":null,"children":[{"type":"Text","content":"minimact"}]}]}`, n)
}

// Change is the state change of component comp's count from one value to
// another.
func Change(comp int, from, to int) []byte {
	return fmt.Appendf(nil, `{"component_id":"counter-%d","state_key":"count","old_value":%d,"new_value":%d}`, comp, from, to)
}

// Limits names the two limit settings measured.
var Limits = []string{"default", "mem64"}

// ConfigOf returns the config of a limit setting: "default" (10,000
// patterns, 64 MiB), or "mem64" (the 64 MiB memory cap alone binds).
func ConfigOf(name string) predict.Config {
	cfg := predict.DefaultConfig()
	if name == "mem64" {
		cfg.MaxTotalPatterns = 1 << 30
		cfg.MaxMemoryBytes = 64 << 20
	}
	return cfg
}

// LearnsPerKey is how many changes Fill learns of each key: enough for the
// key to be predicted (the template confirmed by a sample it was not fitted
// on, then two verified hits: confidence 0.75).
const LearnsPerKey = 4

// Fill learns keys new components into p, LearnsPerKey changes each (0 -> 1
// -> 2 -> 3): components from .. from+keys-1.
func Fill(p *predict.Predictor, from, keys int) {
	var trees [LearnsPerKey + 1][]byte
	for i := range trees {
		trees[i] = Counter(i)
	}
	for i := from; i < from+keys; i++ {
		for v := 0; v < LearnsPerKey; v++ {
			p.Learn(Change(i, v, v+1), trees[v], trees[v+1])
		}
	}
}

// Result is one cell of the table.
type Result struct {
	Keys      int     `json:"keys"`
	Limits    string  `json:"limits"`
	LearnNs   float64 `json:"learn_ns"`          // per Learn, over the last half of the keys learned
	Predicted int     `json:"predicted_percent"` // of the predictions made, those returned
	PredictNs float64 `json:"predict_ns"`        // per prediction of a key kept
	Kept      int     `json:"kept_keys"`
	Patterns  int     `json:"patterns"`
	Estimated int64   `json:"estimated_bytes"` // the predictor's own estimate
	RSS       int64   `json:"rss_bytes"`       // VmRSS after the run, collected
	PeakRSS   int64   `json:"peak_rss_bytes"`  // VmHWM
	Evictions uint64  `json:"evictions"`
}

// Run learns keys distinct keys under the limits named and measures: the
// learns of the second half (each a new key at between keys/2 and keys
// held, or at the bound), then predictions of the most recently learned
// keys on their current trees, then the resident memory.
func Run(keys int, limits string) Result {
	p := predict.New(ConfigOf(limits))
	half := keys / 2
	Fill(p, 0, half)
	start := time.Now()
	Fill(p, half, keys-half)
	learn := time.Since(start)
	r := Result{Keys: keys, Limits: limits, LearnNs: float64(learn.Nanoseconds()) / float64(LearnsPerKey*(keys-half))}
	// predictions: the last 1,000 keys learned, each on its current tree
	n := min(keys, 1000)
	var buf []byte
	tree := Counter(LearnsPerKey)
	changes := make([][]byte, n)
	for i := range changes {
		changes[i] = Change(keys-n+i, LearnsPerKey, LearnsPerKey+1)
	}
	made, ok := 0, 0
	start = time.Now()
	for time.Since(start) < 200*time.Millisecond || made < 10*n {
		for _, c := range changes {
			var hit bool
			_, buf, hit, _ = p.PredictInto(buf, c, tree)
			made++
			if hit {
				ok++
			}
		}
	}
	r.PredictNs = float64(time.Since(start).Nanoseconds()) / float64(made)
	r.Predicted = 100 * ok / made
	ms := p.MemoryStats()
	r.Kept, r.Patterns, r.Estimated = ms.KeyCount, ms.PatternCount, ms.TotalBytes
	r.Evictions = p.Metrics().Evictions
	if ok == 0 {
		r.PredictNs = -1 // nothing predicted: the measure would be of misses
	}
	runtime.GC()
	debug.FreeOSMemory()
	r.RSS, r.PeakRSS = RSS()
	runtime.KeepAlive(p)
	return r
}

// RSS reads the process's resident memory (VmRSS) and its peak (VmHWM)
// from /proc/self/status; 0 where there is no such file.
func RSS() (cur, peak int64) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Bytes()
		for _, k := range []struct {
			name string
			dst  *int64
		}{{"VmRSS:", &cur}, {"VmHWM:", &peak}} {
			if rest, ok := bytes.CutPrefix(line, []byte(k.name)); ok {
				f := bytes.Fields(rest)
				if len(f) > 0 {
					v, _ := strconv.ParseInt(string(f[0]), 10, 64)
					*k.dst = v << 10 // kB
				}
			}
		}
	}
	return cur, peak
}
