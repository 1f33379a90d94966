package vdom

// What Limits (limits_gen.go, from schema/limits.go) relies on.

// LimitField is one field of Limits under the name JSON gives it (the C ABI's
// limits objects, the predictor's config and snapshots).
type LimitField struct {
	JSON string // "max_tree_depth"
	V    *int
}

// OptionField is one option of Limits under the name JSON gives it, with the
// JSON names of its values (index i names value i; 0 is the default).
type OptionField struct {
	JSON   string   // "dom_view"
	Values []string // "html", "nodes"
	V      *uint8
}

// maxJSONCeiling keeps every offset within a Str's 31 bits: it caps MaxJSONBytes.
const maxJSONCeiling = 1<<31 - 1
