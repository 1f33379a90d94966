//go:build race

package main

// raceOn: the race detector is on, and sync.Pool drops what it holds at
// random, so allocation counts mean nothing.
const raceOn = true
