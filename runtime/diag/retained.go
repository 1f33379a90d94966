package diag

import "sync/atomic"

// RetainedMetrics are the process-wide figures of retained trees
// (runtime/retain, the minimact_tree_* exports): how many are alive, the
// memory they hold, and their renders. They are not reset with Metrics:
// trees and bytes are states, not counts; renders are counted in Global's
// reconcile counters too.
type RetainedMetrics struct {
	// Trees is the number of live retained trees.
	Trees atomic.Int64
	// Bytes is the memory the live trees hold, in bytes.
	Bytes atomic.Int64
	// Renders counts renders (JSON and binary) and RenderErrors those
	// refused; BytesDecoded the bytes they decoded again (the rest of each
	// document was taken over from the retained tree).
	Renders, RenderErrors, BytesDecoded, BytesSent Counter
}

// Retained is the process's retained-tree metrics.
var Retained RetainedMetrics
