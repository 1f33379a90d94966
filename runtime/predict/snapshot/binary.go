package snapshot

import (
	"encoding/binary"
	"math"

	"github.com/minimact/engine/generated/vdom"
)

// The binary form: unsigned integers and lengths as uvarints, signed ones as
// varints, floats as 8 bytes little endian, flags as one byte (0 or 1),
// bytes and strings as a length and the bytes, lists as a length and their
// elements, objects as their fields. Names are not written.

// BinaryWriter writes the binary form.
type BinaryWriter struct{ b []byte }

// NewBinaryWriter returns a writer that appends to prefix.
func NewBinaryWriter(prefix []byte) *BinaryWriter { return &BinaryWriter{b: prefix} }

// Out returns what was written, prefix included.
func (w *BinaryWriter) Out() []byte { return w.b }

// Reading is false: a writer writes.
func (w *BinaryWriter) Reading() bool { return false }

// Version is Latest: a writer writes the latest version.
func (w *BinaryWriter) Version() int { return Latest }

// U64 writes an unsigned integer.
func (w *BinaryWriter) U64(_ string, v *uint64) { w.b = binary.AppendUvarint(w.b, *v) }

// I64 writes a signed integer.
func (w *BinaryWriter) I64(_ string, v *int64) { w.b = binary.AppendVarint(w.b, *v) }

// F64 writes a float.
func (w *BinaryWriter) F64(_ string, v *float64) {
	w.b = binary.LittleEndian.AppendUint64(w.b, math.Float64bits(*v))
}

// Flag writes a boolean.
func (w *BinaryWriter) Flag(_ string, v *bool) { w.b = append(w.b, b2u(*v)) }

// Fail does nothing: a writer does not fail.
func (w *BinaryWriter) Fail(string) {}

// Err is nil.
func (w *BinaryWriter) Err() error { return nil }

// Obj writes an object.
func (w *BinaryWriter) Obj(_ string, f func()) { f() }

// Str writes a string.
func (w *BinaryWriter) Str(name string, v *string) { b := []byte(*v); w.Bytes(name, &b) }

// Bytes writes bytes.
func (w *BinaryWriter) Bytes(_ string, v *[]byte) {
	w.b = binary.AppendUvarint(w.b, uint64(len(*v)))
	w.b = append(w.b, *v...)
}

// List writes a list of objects.
func (w *BinaryWriter) List(_ string, n, _ int, elem func(int)) int {
	w.b = binary.AppendUvarint(w.b, uint64(n))
	for i := 0; i < n; i++ {
		elem(i)
	}
	return n
}

func b2u(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// BinaryReader reads the binary form.
type BinaryReader struct {
	b   []byte
	e   *vdom.Error
	dep int
	ver int
}

// NewBinaryReader returns a reader of b, of the Latest version.
func NewBinaryReader(b []byte) *BinaryReader { return &BinaryReader{b: b, ver: Latest} }

// SetVersion says which version of the format b is (1 to Latest).
func (r *BinaryReader) SetVersion(v int) { r.ver = v }

// Version is the version of the format being read.
func (r *BinaryReader) Version() int { return r.ver }

// Rest is the number of bytes not read yet.
func (r *BinaryReader) Rest() int { return len(r.b) }

// Reading is true: a reader reads.
func (r *BinaryReader) Reading() bool { return true }

// Err is the first failure, or nil.
func (r *BinaryReader) Err() error {
	if r.e == nil {
		return nil
	}
	return r.e
}

// Fail records the first failure and stops reading.
func (r *BinaryReader) Fail(msg string) {
	if r.e == nil {
		r.e = Error("damaged snapshot: " + msg)
	}
	r.b = nil
}

// U64 reads an unsigned integer.
func (r *BinaryReader) U64(name string, v *uint64) {
	x, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.Fail("bad " + name)
		*v = 0
		return
	}
	r.b = r.b[n:]
	*v = x
}

// I64 reads a signed integer.
func (r *BinaryReader) I64(name string, v *int64) {
	x, n := binary.Varint(r.b)
	if n <= 0 {
		r.Fail("bad " + name)
		*v = 0
		return
	}
	r.b = r.b[n:]
	*v = x
}

// F64 reads a float.
func (r *BinaryReader) F64(name string, v *float64) {
	if len(r.b) < 8 {
		r.Fail("bad " + name)
		*v = 0
		return
	}
	*v = math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
}

// Flag reads a boolean.
func (r *BinaryReader) Flag(name string, v *bool) {
	if len(r.b) < 1 || r.b[0] > 1 {
		r.Fail("bad " + name)
		*v = false
		return
	}
	*v = r.b[0] == 1
	r.b = r.b[1:]
}

// Bytes reads bytes.
func (r *BinaryReader) Bytes(name string, v *[]byte) {
	var n uint64
	r.U64(name, &n)
	if n > uint64(len(r.b)) {
		r.Fail(name + " runs past the end")
		*v = nil
		return
	}
	*v = append([]byte{}, r.b[:n]...)
	r.b = r.b[n:]
}

// Str reads a string.
func (r *BinaryReader) Str(name string, v *string) {
	var b []byte
	r.Bytes(name, &b)
	*v = string(b)
}

// Obj reads an object.
func (r *BinaryReader) Obj(_ string, f func()) {
	if r.dep++; r.dep > 16 {
		r.Fail("nested too deeply")
	} else if r.e == nil {
		f()
	}
	r.dep--
}

// List reads a list of objects.
func (r *BinaryReader) List(name string, _, max int, elem func(int)) int {
	var n uint64
	r.U64(name, &n)
	// every element takes at least one byte
	if n > uint64(max) || n > uint64(len(r.b)) {
		r.Fail(name + ": too many entries")
		return 0
	}
	for i := 0; i < int(n) && r.e == nil; i++ {
		elem(i)
	}
	if r.e != nil {
		return 0
	}
	return int(n)
}
