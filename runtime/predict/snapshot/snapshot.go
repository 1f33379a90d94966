// Package snapshot codes the predictor's state for persistence: a Coder reads
// or writes it field by field, so that one walk of a type (its Code method)
// serves both directions and both formats, a JSON snapshot (JSONWriter,
// JSONReader) and a compact binary one (BinaryWriter, BinaryReader).
//
// Reading is bounded: every count is checked against what is left of the
// input and against a maximum, nesting is bounded, and every helper checks
// its range, so hostile input gives a Persistence error (Err), never a
// panic or a huge allocation. A reader that failed reads zero values from
// then on; callers check Err once at the end.
package snapshot

import (
	"math"

	"github.com/minimact/engine/generated/vdom"
)

// A Coder reads (Reading) or writes the fields of a value. Names are the
// JSON member names; the binary form writes values only, in order.
type Coder interface {
	// Reading reports whether the coder reads (fills in the values given)
	// rather than writes them.
	Reading() bool
	U64(name string, v *uint64)
	I64(name string, v *int64)
	F64(name string, v *float64)
	Flag(name string, v *bool)
	Bytes(name string, v *[]byte)
	Str(name string, v *string)
	// List codes a list of objects: n is its length when writing, and List
	// returns the length read when reading (at most max); elem codes
	// element i.
	List(name string, n int, max int, elem func(i int)) int
	// Obj codes an object member whose fields f codes.
	Obj(name string, f func())
	// Fail records that what was read is not valid (the first failure
	// wins).
	Fail(msg string)
	// Err is the first failure, or nil.
	Err() error
	// Version is the version of the format being read (SetVersion; Latest
	// unless told), or written (always Latest). A type's Code method codes
	// the fields a version added only from that version on.
	Version() int
}

// Latest is the version of the format writers write: 2 added the
// generalizations' records, the hole kinds and ranges of templates and
// the whole-state flag of features; 3 the templates of child slots; 4 the
// families of keyed siblings and which items a filtered list shows; 5 the
// tables' records of the changes of the outcome their feature came with; 6
// the count of states each table key was come back to in (sufficient keys)
// and the offset of rounding holes (the share a percentage leaves); 7 the
// records of the item changes each part of a list's item kept through; 8
// the config's lending mode.
const Latest = 8

// Error is the error of a snapshot that is not valid.
func Error(msg string) *vdom.Error { return vdom.Errorf(vdom.Persistence, msg) }

// OptStr codes a string member that snapshots written before it existed
// lack: the JSON form writes it only when it is not def and reads def when
// it is absent (so older snapshots read as before, and a snapshot that
// does not use it is unchanged). The binary form has no names, only
// positions: there it is always coded, and a new member needs a version.
func OptStr(c Coder, name string, v *string, def string) {
	switch c := c.(type) {
	case *JSONReader:
		if !c.OptStr(name, v) && c.Err() == nil {
			*v = def
		}
	case *JSONWriter:
		if *v != def {
			c.Str(name, v)
		}
	default:
		c.Str(name, v)
	}
}

// Helpers over a coder: integers of other widths, read within a range.

// Int codes an int within [lo, hi].
func Int(c Coder, name string, v *int, lo, hi int) {
	x := int64(*v)
	c.I64(name, &x)
	if c.Reading() {
		if x < int64(lo) || x > int64(hi) {
			c.Fail(name + " out of range")
			x = int64(lo)
		}
		*v = int(x)
	}
}

// I32 codes an int32 within [lo, hi].
func I32(c Coder, name string, v *int32, lo, hi int32) {
	x := int(*v)
	Int(c, name, &x, int(lo), int(hi))
	if c.Reading() {
		*v = int32(x)
	}
}

// I16 codes an int16 within [lo, hi].
func I16(c Coder, name string, v *int16, lo, hi int16) {
	x := int(*v)
	Int(c, name, &x, int(lo), int(hi))
	if c.Reading() {
		*v = int16(x)
	}
}

// I8 codes an int8 within [lo, hi].
func I8(c Coder, name string, v *int8, lo, hi int8) {
	x := int(*v)
	Int(c, name, &x, int(lo), int(hi))
	if c.Reading() {
		*v = int8(x)
	}
}

// U32 codes a uint32.
func U32(c Coder, name string, v *uint32) {
	x := uint64(*v)
	c.U64(name, &x)
	if c.Reading() {
		if x > math.MaxUint32 {
			c.Fail(name + " out of range")
		}
		*v = uint32(x)
	}
}

// U16 codes a uint16.
func U16(c Coder, name string, v *uint16) {
	x := uint64(*v)
	c.U64(name, &x)
	if c.Reading() {
		if x > math.MaxUint16 {
			c.Fail(name + " out of range")
		}
		*v = uint16(x)
	}
}

// U8 codes a uint8 of at most max.
func U8(c Coder, name string, v *uint8, max uint8) {
	x := uint64(*v)
	c.U64(name, &x)
	if c.Reading() {
		if x > uint64(max) {
			c.Fail(name + " out of range")
			x = 0
		}
		*v = uint8(x)
	}
}

// Finite codes a float64 that must be finite.
func Finite(c Coder, name string, v *float64) {
	c.F64(name, v)
	if c.Reading() && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
		c.Fail(name + " is not a finite number")
		*v = 0
	}
}
