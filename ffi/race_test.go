//go:build race

package main

// Under the race detector sync.Pool drops items at random, so allocation
// counts are not exact.
func init() { raceBuild = true }
