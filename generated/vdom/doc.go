// Package vdom is the VNode and patch layer: the arena tree types, the JSON
// decoder that validates while it parses, the canonical encoder, and the
// per-kind diff routines the reconciler in runtime/reconcile calls.
//
// It is part generated, part hand-written, and the file names say which:
//
//   - *_gen.go files are written by gen/ from schema/ and hold only what the
//     schema drives: the kinds and their names, Node's and Patch's member
//     fields, the codes, Limits with its defaults, the decoder's member
//     bits, member switch, per-member decoding and per-kind checks, hashNode,
//     what the encoder writes per kind, Compatible, DiffNode and the
//     per-kind comparison of Equal. Do not edit them: change the schema or
//     the generator and run `go generate ./...`.
//   - The other files are ordinary Go, edited by hand: the machinery the
//     generated code plugs into, the same for every schema. tree.go (Str,
//     Prop, Tree), kind.go (the kinds' String), errors.go (Error),
//     limits.go, decoder.go (the Decoder, its scanner steps and frame stack,
//     props, DecodePatches), hash.go (Mix, the decoded nodes' hash, Rehash),
//     encoder.go (the Encoder and its walk) and diff.go (Same, Equal,
//     PropsEqual). gen/main.go lists each emitter with the hand-written
//     file its output serves.
package vdom

//go:generate go run ../../gen
