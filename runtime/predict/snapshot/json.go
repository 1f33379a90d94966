package snapshot

import (
	"encoding/base64"
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
// Version is Latest: a writer writes the latest version.
func (w *JSONWriter) Version() int { return Latest }

func (w *JSONWriter) Reading() bool { return false }

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

// JSONReader reads the JSON form as it goes: it never builds the document.
// Each object's members are found by name from a cursor (a snapshot lists
// them in the order they are read, so mostly the next member is the one
// asked for); a member passed over on the way to another is remembered by
// its name and where its value starts (at most maxRecorded per object) and
// its value skipped, unbuilt, by jsonscan. What the reader allocates is what
// the caller asks for (the strings and bytes it reads) and a few small
// buffers, whatever the document holds besides: unknown members of any size
// cost a scan, not memory (TestJSONReaderSkipsWithoutBuilding).
type JSONReader struct {
	sc     jsonscan.Scanner
	frames []jframe
	recs   []jmember // the members passed over, of the open objects
	names  []byte    // the unescaped names of recorded members
	buf    []byte    // scratch for unescaping strings
	e      *vdom.Error
	ver    int
}

// jframe is an open object.
type jframe struct {
	cur     int  // where the next member (or the closing brace) starts, or the value being read
	inValue bool // cur is the start of a member's value the caller is reading
	done    bool // the closing brace was read
	end     int  // past the closing brace, once done
	recs    int  // this object's recorded members start here in recs
	names   int  // and their escaped names here in names
}

// jmember is a member passed over: its name and where its value starts.
type jmember struct {
	name  [2]int // in Src, or in names when esc
	esc   bool
	value int
}

const (
	maxRecorded   = 256   // members of one object passed over and remembered
	maxNameLen    = 256   // longer names are never asked for
	maxFrames     = 32    // objects open at once
	maxSkipDepth  = 10000 // nesting of the values skipped (encoding/json's bound)
	maxStringRead = int(^uint(0) >> 1)
)

// NewJSONReader checks that b, at most maxBytes long, is one JSON value (a
// first pass that builds nothing) and returns a reader of its members:
// JsonTooLarge beyond the bound, Serialization when it is not JSON,
// Persistence when it is not an object.
func NewJSONReader(b []byte, maxBytes int) (*JSONReader, error) {
	if len(b) > maxBytes {
		return nil, vdom.Errorf(vdom.JsonTooLarge, "snapshot of "+strconv.Itoa(len(b))+" bytes exceeds the limit of "+strconv.Itoa(maxBytes))
	}
	r := &JSONReader{ver: Latest}
	sc := &r.sc
	sc.Reset(b)
	if k := sc.Skip(maxSkipDepth); k != jsonscan.OK {
		return nil, vdom.Errorf(vdom.Serialization, "snapshot is not JSON: "+scanFailure(k)+" at offset "+strconv.Itoa(sc.ErrPos))
	}
	if sc.Peek(); sc.Pos != len(b) {
		return nil, vdom.Errorf(vdom.Serialization, "unexpected data after the snapshot")
	}
	sc.Pos = 0
	if sc.Peek() != '{' {
		return nil, Error("a snapshot must be a JSON object")
	}
	r.push(sc.Pos + 1)
	return r, nil
}

func scanFailure(k jsonscan.Kind) string {
	switch k {
	case jsonscan.BadUTF8:
		return "invalid UTF-8"
	case jsonscan.TooDeep:
		return "nested too deeply"
	}
	return "syntax error"
}

// SetVersion says which version of the format is read (1 to Latest).
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

// push opens the object whose members start at pos (past its brace).
func (r *JSONReader) push(pos int) bool {
	if len(r.frames) >= maxFrames {
		r.Fail("nested too deeply")
		return false
	}
	r.frames = append(r.frames, jframe{cur: pos, recs: len(r.recs), names: len(r.names)})
	return true
}

// pop closes the innermost object, passing over the members not read, and
// returns where it ends.
func (r *JSONReader) pop() int {
	f := &r.frames[len(r.frames)-1]
	for r.e == nil && !f.done {
		r.member(f)
	}
	end := f.end
	r.recs, r.names = r.recs[:f.recs], r.names[:f.names]
	r.frames = r.frames[:len(r.frames)-1]
	return end
}

// member reads the next member name of f and its colon, leaving f's cursor
// at the value; at the closing brace it marks f done. It returns the name
// (a view of Src at off, or of a scratch buffer when esc), and long when it
// is too long to be asked for.
func (r *JSONReader) member(f *jframe) (name []byte, off int, esc bool, long bool) {
	sc := &r.sc
	sc.Pos = f.cur
	c := sc.Peek()
	if c == ',' {
		sc.Pos++
		c = sc.Peek()
	}
	if c == '}' {
		f.done, f.end = true, sc.Pos+1
		return nil, 0, false, false
	}
	// the document is well-formed JSON: a name, a colon and a value follow
	r.buf = r.buf[:0]
	off, n, esc, k := sc.String(&r.buf, maxNameLen)
	switch k {
	case jsonscan.OK:
		if esc {
			name = r.buf[off : off+n]
		} else {
			name = sc.Src[off : off+n]
		}
	case jsonscan.TooLong:
		sc.Err = jsonscan.OK
		sc.Skip(1)
		long = true
	default:
		r.Fail("bad member name")
		return nil, 0, false, false
	}
	sc.Expect(':')
	sc.Peek()
	f.cur = sc.Pos
	return name, off, esc, long
}

// find finds member name of the innermost object: the position of its value,
// and whether it is at the object's cursor (then the reader must be told,
// by after, where the value ends).
func (r *JSONReader) find(name string) (pos int, atCur, ok bool) {
	if r.e != nil || len(r.frames) == 0 {
		return 0, false, false
	}
	f := &r.frames[len(r.frames)-1]
	for i := f.recs; i < len(r.recs); i++ {
		m := &r.recs[i]
		var got []byte
		if m.esc {
			got = r.names[m.name[0]:m.name[1]]
		} else {
			got = r.sc.Src[m.name[0]:m.name[1]]
		}
		if string(got) == name {
			return m.value, false, true
		}
	}
	for !f.done {
		got, off, esc, long := r.member(f)
		if r.e != nil || f.done {
			break
		}
		if !long && string(got) == name {
			f.inValue = true
			return f.cur, true, true
		}
		// passed over: remembered, its value skipped
		if len(r.recs)-f.recs >= maxRecorded {
			r.Fail("an object has more than " + strconv.Itoa(maxRecorded) + " members before \"" + name + "\"")
			return 0, false, false
		}
		if !long {
			m := jmember{value: f.cur, esc: esc}
			if esc {
				m.name = [2]int{len(r.names), len(r.names) + len(got)}
				r.names = append(r.names, got...)
			} else {
				m.name = [2]int{off, off + len(got)}
			}
			r.recs = append(r.recs, m)
		}
		r.sc.Pos = f.cur
		r.sc.Skip(maxSkipDepth)
		f.cur = r.sc.Pos
	}
	return 0, false, false
}

// get is find, failing when the member is missing.
func (r *JSONReader) get(name string) (pos int, atCur, ok bool) {
	pos, atCur, ok = r.find(name)
	if !ok {
		r.Fail("missing \"" + name + "\"")
	}
	return pos, atCur, ok
}

// after moves the innermost object's cursor past the value just read when
// it was at the cursor.
func (r *JSONReader) after(atCur bool, end int) {
	if atCur && r.e == nil {
		f := &r.frames[len(r.frames)-1]
		f.cur, f.inValue = end, false
	}
}

// num reads the number at pos.
func (r *JSONReader) num(name string) ([]byte, bool) {
	pos, atCur, ok := r.get(name)
	if !ok {
		return nil, false
	}
	sc := &r.sc
	sc.Pos = pos
	if c := sc.Peek(); c != '-' && (c < '0' || c > '9') {
		r.Fail("\"" + name + "\" must be a number")
		return nil, false
	}
	a, b, _ := sc.Number()
	r.after(atCur, b)
	return sc.Src[a:b], true
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
	pos, atCur, ok := r.get(name)
	if !ok {
		return
	}
	sc := &r.sc
	sc.Pos = pos
	switch sc.Peek() {
	case 't':
		sc.Literal("true")
		*v = true
	case 'f':
		sc.Literal("false")
	default:
		r.Fail("\"" + name + "\" must be true or false")
		return
	}
	r.after(atCur, sc.Pos)
}

// str reads the string at the scanner, into r.buf when escaped.
func (r *JSONReader) str() []byte {
	r.buf = r.buf[:0]
	off, n, esc, _ := r.sc.String(&r.buf, maxStringRead)
	if esc {
		return r.buf[off : off+n]
	}
	return r.sc.Src[off : off+n]
}

// Str reads a string.
func (r *JSONReader) Str(name string, v *string) {
	*v = ""
	pos, atCur, ok := r.get(name)
	if ok {
		r.strAt(name, pos, atCur, v)
	}
}

// OptStr reads string member name when the object has it, and reports
// whether it had.
func (r *JSONReader) OptStr(name string, v *string) bool {
	pos, atCur, ok := r.find(name)
	if ok {
		r.strAt(name, pos, atCur, v)
	}
	return ok
}

// strAt reads the string value of member name, at pos.
func (r *JSONReader) strAt(name string, pos int, atCur bool, v *string) {
	sc := &r.sc
	sc.Pos = pos
	if sc.Peek() != '"' {
		r.Fail("\"" + name + "\" must be a string")
		return
	}
	*v = string(r.str())
	r.after(atCur, sc.Pos)
}

// Bytes reads bytes: a string, or {"base64":"…"}.
func (r *JSONReader) Bytes(name string, v *[]byte) {
	*v = nil
	pos, atCur, ok := r.get(name)
	if !ok {
		return
	}
	sc := &r.sc
	sc.Pos = pos
	switch sc.Peek() {
	case '"':
		*v = append([]byte{}, r.str()...)
		r.after(atCur, sc.Pos)
	case '{':
		if !r.push(sc.Pos + 1) {
			return
		}
		var enc []byte
		if p, at, ok := r.find("base64"); ok {
			sc.Pos = p
			if sc.Peek() == '"' {
				enc = r.str()
				r.after(at, sc.Pos)
			}
		}
		d := make([]byte, base64.StdEncoding.DecodedLen(len(enc)))
		n, err := base64.StdEncoding.Decode(d, enc)
		if err != nil {
			r.Fail("\"" + name + "\" holds bad base64")
		}
		*v = d[:n]
		end := r.pop()
		r.after(atCur, end)
	default:
		r.Fail("\"" + name + "\" must be a string")
	}
}

// Obj reads an object.
func (r *JSONReader) Obj(name string, f func()) {
	pos, atCur, ok := r.get(name)
	if !ok {
		return
	}
	sc := &r.sc
	sc.Pos = pos
	if sc.Peek() != '{' {
		r.Fail("\"" + name + "\" must be an object")
		return
	}
	if !r.push(sc.Pos + 1) {
		return
	}
	f()
	if r.e != nil {
		return
	}
	end := r.pop()
	r.after(atCur, end)
}

// List reads a list of objects.
func (r *JSONReader) List(name string, _, max int, elem func(int)) int {
	pos, atCur, ok := r.get(name)
	if !ok {
		return 0
	}
	sc := &r.sc
	sc.Pos = pos
	bad := "\"" + name + "\" must be an array of at most " + strconv.Itoa(max) + " objects"
	if sc.Peek() != '[' {
		r.Fail(bad)
		return 0
	}
	sc.Pos++
	n := 0
	for {
		c := sc.Peek()
		if c == ']' {
			sc.Pos++
			break
		}
		if n > 0 { // a ',' (the document is well-formed)
			sc.Pos++
			c = sc.Peek()
		}
		if n >= max {
			r.Fail(bad)
			return 0
		}
		if c != '{' {
			r.Fail("\"" + name + "\" must hold objects")
			return 0
		}
		if !r.push(sc.Pos + 1) {
			return 0
		}
		elem(n)
		if r.e != nil {
			return 0
		}
		sc.Pos = r.pop()
		n++
	}
	r.after(atCur, sc.Pos)
	return n
}
