//go:build race

package reconcile_test

// raceOn: the race detector is on, and allocation counts mean nothing.
const raceOn = true
