//go:build !race

package reconcile_test

const raceOn = false
