//go:build race

package predict

// raceEnabled: the race detector is on (sync.Pool drops items at random
// then, so allocation counts mean nothing).
const raceEnabled = true
