// Package fuzz holds the engine's Go native fuzz targets (fuzz_test.go) and
// their checked-in seed corpus (testdata/fuzz/<Target>/):
//
//	FuzzDecode     any bytes, decoded as a tree and as a patch list: no panic,
//	               every error coded, every success round-trips through the
//	               encoder
//	FuzzReconcile  two trees: when both decode, applying the reconciler's
//	               patch list to the old one, in turn, gives the new one
//	FuzzApply      a tree and a patch list: Apply never panics, fails only
//	               with a coded patch error, and its result re-encodes and
//	               re-decodes
//
// `go test ./fuzz` runs the seed corpus as ordinary tests. `bash fuzz/run.sh`
// (make fuzz) fuzzes every fuzz target of the module in turn — these and
// those of runtime/jsonscan, runtime/predict and ffi, found with `go test
// -list` — each for its own count of inputs (`bash fuzz/run.sh 30s` for 30
// seconds each instead); an input that fails is written to
// testdata/fuzz/<Target>/ of its package by the go tool and stays a test
// from then on. `go test ./fuzz -run TestSeedCorpus -update-corpus` rewrites
// the seeds from the golden cases and generated trees.
package fuzz
