package main

import (
	"math"
	"strconv"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/diag"
)

// limitsOf returns the default limits but for the given depth, node count and
// JSON size (0: the default).
func limitsOf(maxDepth, maxNodes, maxJSON uint64) (vdom.Limits, error) {
	var l vdom.Limits
	for _, f := range []struct {
		v    uint64
		name string
		dst  *int
	}{
		{maxDepth, "max_depth", &l.MaxTreeDepth},
		{maxNodes, "max_nodes", &l.MaxNodeCount},
		{maxJSON, "max_json_size", &l.MaxJSONBytes},
	} {
		if f.v > math.MaxInt32 {
			return l, invalidArgument(f.name + " " + strconv.FormatUint(f.v, 10) + " is larger than " + strconv.Itoa(math.MaxInt32))
		}
		*f.dst = int(f.v)
	}
	return l, nil
}

// setLevelError is the error of a log level that is not one of the five.
func setLevelError(level uint32) error {
	return invalidArgument("log level " + strconv.FormatUint(uint64(level), 10) + " is not 0 (trace) to " + strconv.Itoa(int(diag.Error)) + " (error)")
}
