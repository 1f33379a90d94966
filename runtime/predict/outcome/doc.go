// Package outcome learns what a state change shows as a function of the
// state value, with no knowledge of trees: the predictor (package predict)
// reads an outcome where it stands in a tree (a text, a prop value, an
// encoded subtree or child order, or its absence) and asks a Learner for the
// outcome of a value it may never have seen.
//
//   - Change parses a StateChange (component_id, state_key, old_value,
//     new_value, and the optional all_state: the component's whole state)
//     into a Value arena, iteratively and within Limits.
//   - Selectors read the features of a value (the value itself, a member, a
//     length, a count, a sum or a sum of products over an array's items,
//     the membership of an item), and with the whole state its other keys,
//     the value with each, and the whole state: DeriveSelectors chooses
//     them for values of a shape, Extend adds them as values come, Eval
//     reads them.
//   - A Learner observes (features, outcome) samples and predicts the
//     outcome of new features through text templates (template.go: holes
//     over one or two selectors through value functions, format.go: exact
//     and rounded numbers with thousands separators, durations, caps,
//     singular words; derived from pairs of samples, derive.go),
//     value-keyed tables (a replay of a whole state or value seen, a key of
//     a feature confirmed by two values), and the thresholds and equalities
//     the tables allow once confirmed on a new key; it stays silent unless
//     everything it knows agrees and was confirmed.
//
// Each type codes itself for snapshots (Code, through package snapshot),
// validates what was read (Validate), counts its heap (Size) and describes
// itself for people (String).
package outcome
