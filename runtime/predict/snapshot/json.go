package snapshot

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/jsonscan"
)

// The JSON form: objects with named members, lists as arrays of objects,
// floats in the shortest form that reads back the same (non-finite ones as
// 0), bytes as a string when they are UTF-8 and as {"base64": "…"}
// otherwise.

// JSONWriter writes the JSON form.
type JSONWriter struct {
	b     []byte
	first []bool
}

// NewJSONWriter returns a writer; code the top-level object with
// Obj("", f).
func NewJSONWriter() *JSONWriter { return &JSONWriter{} }

// Out returns what was written.
func (w *JSONWriter) Out() []byte { return w.b }

// Reading is false: a writer writes.
func (w *JSONWriter) Reading() bool { return false }

// Version is Latest: a writer writes the latest version.
func (w *JSONWriter) Version() int { return Latest }

// Fail does nothing: a writer does not fail.
func (w *JSONWriter) Fail(string) {}

// Err is nil.
func (w *JSONWriter) Err() error { return nil }
func (w *JSONWriter) name(n string) {
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

// U64 writes an unsigned integer.
func (w *JSONWriter) U64(n string, v *uint64) { w.name(n); w.b = strconv.AppendUint(w.b, *v, 10) }

// I64 writes a signed integer.
func (w *JSONWriter) I64(n string, v *int64) { w.name(n); w.b = strconv.AppendInt(w.b, *v, 10) }

// F64 writes a float.
func (w *JSONWriter) F64(n string, v *float64) {
	w.name(n)
	x := *v
	if math.IsNaN(x) || math.IsInf(x, 0) {
		x = 0
	}
	w.b = strconv.AppendFloat(w.b, x, 'g', -1, 64)
}

// Flag writes a boolean.
func (w *JSONWriter) Flag(n string, v *bool) { w.name(n); w.b = strconv.AppendBool(w.b, *v) }

// Str writes a string.
func (w *JSONWriter) Str(n string, v *string) {
	w.name(n)
	w.b = jsonscan.AppendString(w.b, []byte(*v))
}

// Bytes writes bytes.
func (w *JSONWriter) Bytes(n string, v *[]byte) {
	w.name(n)
	if utf8.Valid(*v) {
		w.b = jsonscan.AppendString(w.b, *v)
		return
	}
	w.b = append(w.b, `{"base64":"`...)
	w.b = base64.StdEncoding.AppendEncode(w.b, *v)
	w.b = append(w.b, `"}`...)
}

// Obj writes an object.
func (w *JSONWriter) Obj(n string, f func()) {
	w.name(n)
	w.b = append(w.b, '{')
	w.first = append(w.first, true)
	f()
	w.first = w.first[:len(w.first)-1]
	w.b = append(w.b, '}')
}

// List writes a list of objects.
func (w *JSONWriter) List(n string, cnt, _ int, elem func(int)) int {
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

// JSONReader reads what ParseJSON parsed (numbers kept as json.Number).
type JSONReader struct {
	stack []map[string]any
	e     *vdom.Error
	ver   int
}

// NewJSONReader returns a reader of the members of root, of the Latest
// version.
func NewJSONReader(root map[string]any) *JSONReader {
	return &JSONReader{stack: []map[string]any{root}, ver: Latest}
}

// SetVersion says which version of the format root is (1 to Latest).
func (r *JSONReader) SetVersion(v int) { r.ver = v }

// Version is the version of the format being read.
func (r *JSONReader) Version() int { return r.ver }

// Reading is true: a reader reads.
func (r *JSONReader) Reading() bool { return true }

// Err is the first failure, or nil.
func (r *JSONReader) Err() error {
	if r.e == nil {
		return nil
	}
	return r.e
}

// Fail records the first failure.
func (r *JSONReader) Fail(msg string) {
	if r.e == nil {
		r.e = Error("bad snapshot: " + msg)
	}
}
func (r *JSONReader) get(name string) (any, bool) {
	if r.e != nil || len(r.stack) == 0 {
		return nil, false
	}
	v, ok := r.stack[len(r.stack)-1][name]
	if !ok {
		r.Fail("missing \"" + name + "\"")
	}
	return v, ok
}
func (r *JSONReader) num(name string) (json.Number, bool) {
	v, ok := r.get(name)
	if !ok {
		return "", false
	}
	n, ok := v.(json.Number)
	if !ok {
		r.Fail("\"" + name + "\" must be a number")
	}
	return n, ok
}

// U64 reads an unsigned integer.
func (r *JSONReader) U64(name string, v *uint64) {
	*v = 0
	if n, ok := r.num(name); ok {
		x, err := strconv.ParseUint(string(n), 10, 64)
		if err != nil {
			r.Fail("\"" + name + "\" must be a non-negative integer")
		}
		*v = x
	}
}

// I64 reads a signed integer.
func (r *JSONReader) I64(name string, v *int64) {
	*v = 0
	if n, ok := r.num(name); ok {
		x, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil {
			r.Fail("\"" + name + "\" must be an integer")
		}
		*v = x
	}
}

// F64 reads a float.
func (r *JSONReader) F64(name string, v *float64) {
	*v = 0
	if n, ok := r.num(name); ok {
		x, err := strconv.ParseFloat(string(n), 64)
		if err != nil {
			r.Fail("\"" + name + "\" must be a number")
		}
		*v = x
	}
}

// Flag reads a boolean.
func (r *JSONReader) Flag(name string, v *bool) {
	*v = false
	if x, ok := r.get(name); ok {
		b, ok := x.(bool)
		if !ok {
			r.Fail("\"" + name + "\" must be true or false")
		}
		*v = b
	}
}

// Str reads a string.
func (r *JSONReader) Str(name string, v *string) {
	*v = ""
	if x, ok := r.get(name); ok {
		s, ok := x.(string)
		if !ok {
			r.Fail("\"" + name + "\" must be a string")
		}
		*v = s
	}
}

// Bytes reads bytes.
func (r *JSONReader) Bytes(name string, v *[]byte) {
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
			r.Fail("\"" + name + "\" holds bad base64")
		}
		*v = d
	default:
		r.Fail("\"" + name + "\" must be a string")
	}
}

// Obj reads an object.
func (r *JSONReader) Obj(name string, f func()) {
	x, ok := r.get(name)
	if !ok {
		return
	}
	m, ok := x.(map[string]any)
	if !ok {
		r.Fail("\"" + name + "\" must be an object")
		return
	}
	r.stack = append(r.stack, m)
	f()
	r.stack = r.stack[:len(r.stack)-1]
}

// List reads a list of objects.
func (r *JSONReader) List(name string, _, max int, elem func(int)) int {
	x, ok := r.get(name)
	if !ok {
		return 0
	}
	a, ok := x.([]any)
	if !ok || len(a) > max {
		r.Fail("\"" + name + "\" must be an array of at most " + strconv.Itoa(max) + " objects")
		return 0
	}
	for i, e := range a {
		m, ok := e.(map[string]any)
		if !ok {
			r.Fail("\"" + name + "\" must hold objects")
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

// ParseJSON parses a JSON snapshot, at most maxBytes long, into a generic
// value whose numbers are json.Numbers: JsonTooLarge beyond the bound,
// Serialization when it is not JSON, Persistence when it is not an object.
func ParseJSON(b []byte, maxBytes int) (map[string]any, error) {
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
		return nil, Error("a snapshot must be a JSON object")
	}
	return m, nil
}
