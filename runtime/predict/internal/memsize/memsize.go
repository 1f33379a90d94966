// Package memsize estimates the heap that allocations take, rounded up as
// the Go allocator rounds (its size classes), so that the predictor's
// estimate of what it holds follows the heap it really holds
// (TestEstimatedMemoryMatchesHeap in package predict measures it). Each type
// of the predictor counts its own allocations with these.
package memsize

import (
	"sort"
	"unsafe"
)

var sizeClasses = [...]int{8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256,
	288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792,
	2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240,
	10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768}

// Alloc is the heap an allocation of n bytes takes.
func Alloc(n int) int64 {
	if n <= 0 {
		return 0
	}
	if n > 32768 {
		return int64((n + 8191) &^ 8191)
	}
	i := sort.SearchInts(sizeClasses[:], n)
	return int64(sizeClasses[i])
}

// Bytes is Alloc for n pointer-free bytes: below 16 bytes they share blocks
// (the tiny allocator).
func Bytes(n int) int64 {
	if n < 16 {
		return int64(n)
	}
	return Alloc(n)
}

// Slice is the heap of s's backing array (its capacity).
func Slice[T any](s []T) int64 {
	var z T
	return Alloc(cap(s) * int(unsafe.Sizeof(z)))
}

// Of is the heap of one allocation of a T.
func Of[T any](p *T) int64 { return Alloc(int(unsafe.Sizeof(*p))) }

// MapEntry is the heap a map entry takes, on average, with the map's slack.
const MapEntry = 56
