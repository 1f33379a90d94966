// Package vdom is the generated VNode and patch layer: the arena tree types,
// the JSON decoder that validates while it parses, the canonical encoder, and
// the per-kind diff routines the reconciler in runtime/reconcile calls.
//
// Everything here but this file is written by gen/ from schema/. Do not edit
// it by hand: change the schema or the generator and run `go generate ./...`.
package vdom

//go:generate go run ../../gen
