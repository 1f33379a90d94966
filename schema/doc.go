// Package schema is the one source of truth for the engine's data shapes: the
// VNode and Patch JSON the C# host and the browser client exchange, the
// validation limits with their defaults, and the error codes shared by Go, C
// and C#.
//
// Nothing here runs. The generator in gen/ loads this package with
// golang.org/x/tools/go/packages and emits the decoder, validator, encoder and
// per-kind diff routines into generated/vdom from it. Change a shape here, run
// `go generate ./...`, and commit both.
package schema
