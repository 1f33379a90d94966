// Package vdom is the VNode and patch layer: the arena tree types, the JSON
// decoder that validates while it parses and puts trees in their DOM view
// (docs/dom-view.md), the canonical encoder, the HTML writer of the first
// page, and the per-kind diff routines the reconciler in runtime/reconcile
// calls.
//
// It is part generated, part hand-written, and the file names say which:
//
//   - *_gen.go files are written by gen/ from schema/ and hold only what the
//     schema drives: the kinds and their names, Node's and Patch's member
//     fields, the codes, Limits with its defaults and options (View), the
//     decoder's member bits, member switch, per-member decoding and per-kind
//     checks, textOf, hashNode, what the encoder and the HTML writer write
//     per kind, Compatible, DiffNode and the per-kind comparison of Equal.
//     Do not edit them: change the schema or the generator and run
//     `go generate ./...`.
//   - The other files are ordinary Go, edited by hand: the machinery the
//     generated code plugs into, the same for every schema. tree.go (Str,
//     Prop, Tree), kind.go (the kinds' String), errors.go (Error),
//     limits.go, decoder.go (the Decoder, its scanner steps and frame stack,
//     props, the commit step, DecodePatches), view.go (the DOM views:
//     ViewKids, DOMEmpty, Normalize), hash.go (Mix, the decoded nodes' hash,
//     Rehash), encoder.go (the Encoder and its walk), html.go, htmlrules.go
//     and jsvalue.go (the HTMLWriter, its walk, the client's props mapping,
//     escaping, the HTML parser's rules it checks, JavaScript's number and
//     JSON.stringify formatting) and diff.go (Same, Equal, PropsEqual).
//     gen/main.go lists each emitter with the hand-written file its output
//     serves.
package vdom

//go:generate go run ../../gen
