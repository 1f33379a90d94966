package predict

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/jsonscan"
)

// A coder reads or writes the predictor's state, field by field, so that one
// walk of the model (persist.go) serves both directions and both formats: a
// JSON snapshot (Save, Load) and a compact binary one (Serialize,
// Deserialize). Reading is bounded: every count is checked against what is
// left of the input and against a maximum, so hostile input gives an error,
// never a panic or a huge allocation.
type coder interface {
	reading() bool
	u64(name string, v *uint64)
	i64(name string, v *int64)
	f64(name string, v *float64)
	flag(name string, v *bool)
	bytes(name string, v *[]byte)
	str(name string, v *string)
	// list codes a list of objects: n is its length when writing, and
	// returns it when reading; elem codes element i.
	list(name string, n int, max int, elem func(i int)) int
	obj(name string, f func())
	fail(msg string)
	err() error
}

func persistErr(msg string) *vdom.Error { return vdom.Errorf(vdom.Persistence, msg) }

// Small helpers over a coder.

func cInt(c coder, name string, v *int, lo, hi int) {
	x := int64(*v)
	c.i64(name, &x)
	if c.reading() {
		if x < int64(lo) || x > int64(hi) {
			c.fail(name + " out of range")
			x = int64(lo)
		}
		*v = int(x)
	}
}

func cI32(c coder, name string, v *int32, lo, hi int32) {
	x := int(*v)
	cInt(c, name, &x, int(lo), int(hi))
	if c.reading() {
		*v = int32(x)
	}
}

func cI16(c coder, name string, v *int16, lo, hi int16) {
	x := int(*v)
	cInt(c, name, &x, int(lo), int(hi))
	if c.reading() {
		*v = int16(x)
	}
}

func cI8(c coder, name string, v *int8, lo, hi int8) {
	x := int(*v)
	cInt(c, name, &x, int(lo), int(hi))
	if c.reading() {
		*v = int8(x)
	}
}

func cU32(c coder, name string, v *uint32) {
	x := uint64(*v)
	c.u64(name, &x)
	if c.reading() {
		if x > math.MaxUint32 {
			c.fail(name + " out of range")
		}
		*v = uint32(x)
	}
}

func cU16(c coder, name string, v *uint16) {
	x := uint64(*v)
	c.u64(name, &x)
	if c.reading() {
		if x > math.MaxUint16 {
			c.fail(name + " out of range")
		}
		*v = uint16(x)
	}
}

func cU8(c coder, name string, v *uint8, max uint8) {
	x := uint64(*v)
	c.u64(name, &x)
	if c.reading() {
		if x > uint64(max) {
			c.fail(name + " out of range")
			x = 0
		}
		*v = uint8(x)
	}
}

func cFinite(c coder, name string, v *float64) {
	c.f64(name, v)
	if c.reading() && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
		c.fail(name + " is not a finite number")
		*v = 0
	}
}

// binary

type binWriter struct{ b []byte }

func (w *binWriter) reading() bool           { return false }
func (w *binWriter) u64(_ string, v *uint64) { w.b = binary.AppendUvarint(w.b, *v) }
func (w *binWriter) i64(_ string, v *int64)  { w.b = binary.AppendVarint(w.b, *v) }
func (w *binWriter) f64(_ string, v *float64) {
	w.b = binary.LittleEndian.AppendUint64(w.b, math.Float64bits(*v))
}
func (w *binWriter) flag(_ string, v *bool)     { w.b = append(w.b, b2u(*v)) }
func (w *binWriter) fail(string)                {}
func (w *binWriter) err() error                 { return nil }
func (w *binWriter) obj(_ string, f func())     { f() }
func (w *binWriter) str(name string, v *string) { b := []byte(*v); w.bytes(name, &b) }
func (w *binWriter) bytes(_ string, v *[]byte) {
	w.b = binary.AppendUvarint(w.b, uint64(len(*v)))
	w.b = append(w.b, *v...)
}
func (w *binWriter) list(_ string, n, _ int, elem func(int)) int {
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

type binReader struct {
	b   []byte
	e   *vdom.Error
	dep int
}

func (r *binReader) reading() bool { return true }
func (r *binReader) err() error {
	if r.e == nil {
		return nil
	}
	return r.e
}
func (r *binReader) fail(msg string) {
	if r.e == nil {
		r.e = persistErr("damaged snapshot: " + msg)
	}
	r.b = nil
}
func (r *binReader) u64(name string, v *uint64) {
	x, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail("bad " + name)
		*v = 0
		return
	}
	r.b = r.b[n:]
	*v = x
}
func (r *binReader) i64(name string, v *int64) {
	x, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail("bad " + name)
		*v = 0
		return
	}
	r.b = r.b[n:]
	*v = x
}
func (r *binReader) f64(name string, v *float64) {
	if len(r.b) < 8 {
		r.fail("bad " + name)
		*v = 0
		return
	}
	*v = math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
}
func (r *binReader) flag(name string, v *bool) {
	if len(r.b) < 1 || r.b[0] > 1 {
		r.fail("bad " + name)
		*v = false
		return
	}
	*v = r.b[0] == 1
	r.b = r.b[1:]
}
func (r *binReader) bytes(name string, v *[]byte) {
	var n uint64
	r.u64(name, &n)
	if n > uint64(len(r.b)) {
		r.fail(name + " runs past the end")
		*v = nil
		return
	}
	*v = append([]byte{}, r.b[:n]...)
	r.b = r.b[n:]
}
func (r *binReader) str(name string, v *string) {
	var b []byte
	r.bytes(name, &b)
	*v = string(b)
}
func (r *binReader) obj(_ string, f func()) {
	if r.dep++; r.dep > 16 {
		r.fail("nested too deeply")
	} else if r.e == nil {
		f()
	}
	r.dep--
}
func (r *binReader) list(name string, _, max int, elem func(int)) int {
	var n uint64
	r.u64(name, &n)
	// every element takes at least one byte
	if n > uint64(max) || n > uint64(len(r.b)) {
		r.fail(name + ": too many entries")
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

// JSON

type jsonWriter struct {
	b     []byte
	first []bool
}

func (w *jsonWriter) reading() bool { return false }
func (w *jsonWriter) fail(string)   {}
func (w *jsonWriter) err() error    { return nil }
func (w *jsonWriter) name(n string) {
	if top := len(w.first) - 1; top >= 0 {
		if !w.first[top] {
			w.b = append(w.b, ',')
		}
		w.first[top] = false
	}
	if n != "" {
		w.b = strconv.AppendQuote(w.b, n)
		w.b = append(w.b, ':')
	}
}
func (w *jsonWriter) u64(n string, v *uint64) { w.name(n); w.b = strconv.AppendUint(w.b, *v, 10) }
func (w *jsonWriter) i64(n string, v *int64)  { w.name(n); w.b = strconv.AppendInt(w.b, *v, 10) }
func (w *jsonWriter) f64(n string, v *float64) {
	w.name(n)
	x := *v
	if math.IsNaN(x) || math.IsInf(x, 0) {
		x = 0
	}
	w.b = strconv.AppendFloat(w.b, x, 'g', -1, 64)
}
func (w *jsonWriter) flag(n string, v *bool) { w.name(n); w.b = strconv.AppendBool(w.b, *v) }
func (w *jsonWriter) str(n string, v *string) {
	w.name(n)
	w.b = jsonscan.AppendString(w.b, []byte(*v))
}
func (w *jsonWriter) bytes(n string, v *[]byte) {
	w.name(n)
	if utf8.Valid(*v) {
		w.b = jsonscan.AppendString(w.b, *v)
		return
	}
	w.b = append(w.b, `{"base64":"`...)
	w.b = base64.StdEncoding.AppendEncode(w.b, *v)
	w.b = append(w.b, `"}`...)
}
func (w *jsonWriter) obj(n string, f func()) {
	w.name(n)
	w.b = append(w.b, '{')
	w.first = append(w.first, true)
	f()
	w.first = w.first[:len(w.first)-1]
	w.b = append(w.b, '}')
}
func (w *jsonWriter) list(n string, cnt, _ int, elem func(int)) int {
	w.name(n)
	w.b = append(w.b, '[')
	w.first = append(w.first, true)
	for i := 0; i < cnt; i++ {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.b = append(w.b, '{')
		w.first = append(w.first, true)
		elem(i)
		w.first = w.first[:len(w.first)-1]
		w.b = append(w.b, '}')
	}
	w.first = w.first[:len(w.first)-1]
	w.b = append(w.b, ']')
	return cnt
}

// jsonReader reads what encoding/json parsed (numbers kept as json.Number).
type jsonReader struct {
	stack []map[string]any
	e     *vdom.Error
}

func (r *jsonReader) reading() bool { return true }
func (r *jsonReader) err() error {
	if r.e == nil {
		return nil
	}
	return r.e
}
func (r *jsonReader) fail(msg string) {
	if r.e == nil {
		r.e = persistErr("bad snapshot: " + msg)
	}
}
func (r *jsonReader) get(name string) (any, bool) {
	if r.e != nil || len(r.stack) == 0 {
		return nil, false
	}
	v, ok := r.stack[len(r.stack)-1][name]
	if !ok {
		r.fail("missing \"" + name + "\"")
	}
	return v, ok
}
func (r *jsonReader) num(name string) (json.Number, bool) {
	v, ok := r.get(name)
	if !ok {
		return "", false
	}
	n, ok := v.(json.Number)
	if !ok {
		r.fail("\"" + name + "\" must be a number")
	}
	return n, ok
}
func (r *jsonReader) u64(name string, v *uint64) {
	*v = 0
	if n, ok := r.num(name); ok {
		x, err := strconv.ParseUint(string(n), 10, 64)
		if err != nil {
			r.fail("\"" + name + "\" must be a non-negative integer")
		}
		*v = x
	}
}
func (r *jsonReader) i64(name string, v *int64) {
	*v = 0
	if n, ok := r.num(name); ok {
		x, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil {
			r.fail("\"" + name + "\" must be an integer")
		}
		*v = x
	}
}
func (r *jsonReader) f64(name string, v *float64) {
	*v = 0
	if n, ok := r.num(name); ok {
		x, err := strconv.ParseFloat(string(n), 64)
		if err != nil {
			r.fail("\"" + name + "\" must be a number")
		}
		*v = x
	}
}
func (r *jsonReader) flag(name string, v *bool) {
	*v = false
	if x, ok := r.get(name); ok {
		b, ok := x.(bool)
		if !ok {
			r.fail("\"" + name + "\" must be true or false")
		}
		*v = b
	}
}
func (r *jsonReader) str(name string, v *string) {
	*v = ""
	if x, ok := r.get(name); ok {
		s, ok := x.(string)
		if !ok {
			r.fail("\"" + name + "\" must be a string")
		}
		*v = s
	}
}
func (r *jsonReader) bytes(name string, v *[]byte) {
	*v = nil
	x, ok := r.get(name)
	if !ok {
		return
	}
	switch s := x.(type) {
	case string:
		*v = []byte(s)
	case map[string]any:
		b, _ := s["base64"].(string)
		d, err := base64.StdEncoding.DecodeString(b)
		if err != nil {
			r.fail("\"" + name + "\" holds bad base64")
		}
		*v = d
	default:
		r.fail("\"" + name + "\" must be a string")
	}
}
func (r *jsonReader) obj(name string, f func()) {
	x, ok := r.get(name)
	if !ok {
		return
	}
	m, ok := x.(map[string]any)
	if !ok {
		r.fail("\"" + name + "\" must be an object")
		return
	}
	r.stack = append(r.stack, m)
	f()
	r.stack = r.stack[:len(r.stack)-1]
}
func (r *jsonReader) list(name string, _, max int, elem func(int)) int {
	x, ok := r.get(name)
	if !ok {
		return 0
	}
	a, ok := x.([]any)
	if !ok || len(a) > max {
		r.fail("\"" + name + "\" must be an array of at most " + strconv.Itoa(max) + " objects")
		return 0
	}
	for i, e := range a {
		m, ok := e.(map[string]any)
		if !ok {
			r.fail("\"" + name + "\" must hold objects")
			return 0
		}
		r.stack = append(r.stack, m)
		elem(i)
		r.stack = r.stack[:len(r.stack)-1]
		if r.e != nil {
			return 0
		}
	}
	return len(a)
}

// parseJSONSnapshot parses a snapshot into a generic value, bounded in size.
func parseJSONSnapshot(b []byte, maxBytes int) (map[string]any, error) {
	if len(b) > maxBytes {
		return nil, vdom.Errorf(vdom.JsonTooLarge, "snapshot of "+strconv.Itoa(len(b))+" bytes exceeds the limit of "+strconv.Itoa(maxBytes))
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, vdom.Errorf(vdom.Serialization, "snapshot is not JSON: "+err.Error())
	}
	if d.More() {
		return nil, vdom.Errorf(vdom.Serialization, "unexpected data after the snapshot")
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, persistErr("a snapshot must be a JSON object")
	}
	return m, nil
}
