package vdom

// What Limits (limits_gen.go, from schema/limits.go) relies on.

// LimitField is one field of Limits under the name JSON gives it (the C ABI's
// limits objects, the predictor's config and snapshots).
type LimitField struct {
	JSON string // "max_tree_depth"
	V    *int
}

// maxJSONCeiling keeps every offset within a Str's 31 bits: it caps MaxJSONBytes.
const maxJSONCeiling = 1<<31 - 1
