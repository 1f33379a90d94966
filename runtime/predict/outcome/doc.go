// Package outcome learns what a state change shows as a function of the
// state value, with no knowledge of trees: the predictor (package predict)
// reads an outcome where it stands in a tree (a text, a prop value, an
// encoded subtree or child order, or its absence) and asks a Learner for the
// outcome of a value it may never have seen.
//
//   - Change parses a StateChange (component_id, state_key, old_value,
//     new_value) into a Value arena, iteratively and within Limits.
//   - Selectors read the features of a value (the value itself, a member, a
//     length, a count or a sum over an array's items): DeriveSelectors
//     chooses them for values of a shape, Eval reads them.
//   - A Learner observes (features, outcome) samples and predicts the
//     outcome of new features through text templates (a·x+b holes, string
//     holes), value-keyed tables, and the thresholds and equalities the
//     tables allow; it stays silent unless everything it knows agrees.
//
// Each type codes itself for snapshots (Code, through package snapshot),
// validates what was read (Validate), counts its heap (Size) and describes
// itself for people (String).
package outcome
