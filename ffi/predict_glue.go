package main

import (
	"strings"

	"github.com/minimact/engine/runtime/predict"
)

// The few things the ABI needs from runtime/predict beyond its methods:
// eviction policy names for configs, and the eviction count and memory
// estimate of a predictor for the process-wide metrics.

var evictionPolicies = []predict.EvictionPolicy{predict.LRU, predict.LeastObserved, predict.OldestFirst, predict.LowestConfidence}

func evictionByName(s string) (predict.EvictionPolicy, bool) { return predict.ParseEvictionPolicy(s) }

func evictionName(p predict.EvictionPolicy) string { return p.String() }

func evictionNames() string {
	var names []string
	for _, e := range evictionPolicies {
		names = append(names, `"`+e.String()+`"`)
	}
	return strings.Join(names, ", ")
}

// evictionsOf returns how many patterns p has evicted since its metrics were
// last reset.
func evictionsOf(p *predict.Predictor) uint64 { return p.Evictions() }

// memoryOf returns p's estimated memory in bytes, without waiting for its
// lock (the metrics replies sum it over every predictor).
func memoryOf(p *predict.Predictor) int64 { return p.MemoryEstimate() }
