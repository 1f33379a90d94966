package main

/*
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// malloc that may return NULL (cgo's C.malloc aborts the process instead).
static void *mm_alloc(size_t n) { return malloc(n == 0 ? 1 : n); }
static void mm_free(void *p) { free(p); }
*/
import "C"

import (
	"bytes"
	"strconv"
	"unicode/utf8"
	"unsafe"

	"github.com/minimact/engine/generated/vdom"
)

// How far an unterminated string argument is read, by kind. A tree or state
// change is bounded by the JSON limit in force (plus its NUL); the others by
// these.
const (
	maxConfigBytes   = 64 << 10  // configs and limits
	maxBatchBytes    = 256 << 20 // learn batches
	maxSnapshotBytes = 256 << 20 // predictor snapshots and serialized bytes
)

// borrow returns the NUL-terminated string at p as a slice viewing the
// caller's memory, valid during the call only. It reads at most max+1 bytes:
// a longer string is refused with JsonTooLarge before the rest is read. The
// bytes must be valid UTF-8 (InvalidUtf8); NULL is NullPointer.
func borrow(p unsafe.Pointer, max int, what string) ([]byte, error) {
	b, err := borrowUnchecked(p, max, what)
	if err != nil {
		return nil, err
	}
	if err := checkUTF8(b, what); err != nil {
		return nil, err
	}
	return b, nil
}

// borrowUnchecked is borrow without the UTF-8 check, for arguments the vdom
// decoder reads: it validates every string it meets (skipped ones too) and
// refuses any other byte that is not JSON's, so a document it accepts is
// valid UTF-8. When it refuses one, the caller checks with checkUTF8 so that
// invalid UTF-8 still gets InvalidUtf8, whatever else is wrong: the same
// answer as checking first, without a second pass over large trees.
func borrowUnchecked(p unsafe.Pointer, max int, what string) ([]byte, error) {
	if p == nil {
		return nil, vdom.Errorf(vdom.NullPointer, what+" is NULL")
	}
	n := strnlen(p, max+1)
	if n > max {
		return nil, vdom.Errorf(vdom.JsonTooLarge, what+" is longer than the limit of "+strconv.Itoa(max)+" bytes (or has no NUL)")
	}
	if n == 0 {
		return []byte{}, nil
	}
	return unsafe.Slice((*byte)(p), n), nil
}

// checkUTF8 returns an InvalidUtf8 error if b is not valid UTF-8.
func checkUTF8(b []byte, what string) error {
	if utf8.Valid(b) {
		return nil
	}
	e := vdom.Errorf(vdom.InvalidUtf8, what+" is not valid UTF-8")
	e.Offset = firstInvalidUTF8(b)
	return e
}

// borrowBytes returns the n bytes at p as a slice viewing the caller's
// memory, valid during the call only.
func borrowBytes(p unsafe.Pointer, n uintptr, max int, what string) ([]byte, error) {
	if p == nil {
		return nil, vdom.Errorf(vdom.NullPointer, what+" is NULL")
	}
	if n > uintptr(max) {
		return nil, vdom.Errorf(vdom.MemoryLimitExceeded, what+" of "+strconv.FormatUint(uint64(n), 10)+" bytes exceeds the limit of "+strconv.Itoa(max))
	}
	if n == 0 {
		return []byte{}, nil
	}
	return unsafe.Slice((*byte)(p), n), nil
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// strnlen is strnlen(3) in Go (a call into C costs more than the scan of a
// small argument): the offset of the first NUL at p, or max when there is
// none in the first max bytes. It reads page by page, never past the page
// that holds the NUL, as the C function does: a string's bytes are readable,
// and so is the rest of each page they are on, but not necessarily the
// pages after (bytes.IndexByte may read its whole slice). For C memory only,
// as hosts pass it: on Go memory checkptr (-race) refuses a slice past the
// allocation (TestBorrow passes C memory).
func strnlen(p unsafe.Pointer, max int) int {
	const page = 4096 // the smallest page of any platform Go runs on
	n := 0
	for n < max {
		chunk := page - int((uintptr(p)+uintptr(n))%page)
		if chunk > max-n {
			chunk = max - n
		}
		if i := bytes.IndexByte(unsafe.Slice((*byte)(unsafe.Add(p, n)), chunk), 0); i >= 0 {
			return n + i
		}
		n += chunk
	}
	return max
}

// cString copies b into malloc'd memory with a NUL after it, for the caller
// to free with minimact_free_string. A NUL inside b would cut the string, so
// callers pass JSON (which escapes it) or cleaned messages. It returns NULL
// only when malloc fails.
func cString(b []byte) *C.char {
	p := C.mm_alloc(C.size_t(len(b) + 1))
	if p == nil {
		return nil
	}
	dst := unsafe.Slice((*byte)(p), len(b)+1)
	copy(dst, b)
	dst[len(b)] = 0
	return (*C.char)(p)
}

// cMessage is cString for a message: NULs are written as "\0" so that the
// message is not cut.
func cMessage(s string) *C.char {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			b := make([]byte, 0, len(s)+8)
			for j := 0; j < len(s); j++ {
				if s[j] == 0 {
					b = append(b, '\\', '0')
				} else {
					b = append(b, s[j])
				}
			}
			return cString(b)
		}
	}
	return cString(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// cBytes copies b into malloc'd memory for minimact_free_bytes; NULL only
// when malloc fails.
func cBytes(b []byte) *C.uint8_t {
	p := C.mm_alloc(C.size_t(len(b)))
	if p == nil {
		return nil
	}
	copy(unsafe.Slice((*byte)(p), len(b)), b)
	return (*C.uint8_t)(p)
}

// cFree frees memory the library allocated; NULL is a no-op.
func cFree(p unsafe.Pointer) {
	if p != nil {
		C.mm_free(p)
	}
}

// goString copies a NUL-terminated C string (for the tests and the fault
// paths; never used on caller input).
func goString(p *C.char) string { return C.GoString(p) }
