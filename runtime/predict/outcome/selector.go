package outcome

import (
	"strconv"
	"strings"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict/internal/memsize"
	"github.com/minimact/engine/runtime/predict/snapshot"
)

// A selector reads one feature of a state value (or of a list item): the
// value itself, a member, a length, a count or a sum. What a slot learns is a
// function of these features: tables keyed by them, thresholds over the
// numeric ones, and text templates that render them.

type selKind uint8

const (
	// selWhole is the value itself: a scalar (categorical, numeric for
	// numbers and booleans, a string for strings), or a container's hash.
	selWhole selKind = iota
	// selField is a scalar member of an object value.
	selField
	// selLen is a string's length in characters or an array's length.
	selLen
	// selCountTrue and selCountFalse count an array's items (or the item
	// member field) that are true or false.
	selCountTrue
	selCountFalse
	// selSum sums an array's numeric items (or the item member field).
	selSum
	// selHas is whether an array has an item equal to a scalar (field:
	// "s" and the string, or "n" and the number): membership, "is this
	// folder's id among the expanded ones".
	selHas
	// selSumProd sums the products of two numeric members of an array's
	// items (field: the two names, NUL-separated): Σ price·qty.
	selSumProd
	// selState is the whole state (the change's all_state with the key at
	// the value): a hash, for replaying a state rendered before.
	selState
	// selOther is another key of the whole state (field): a scalar's value,
	// an array's length.
	selOther
	// selPair is the value and another key (field) together: a hash.
	selPair
	// selIn is whether the value (a non-empty string or a number) is an
	// item of another key's array, or of an array member of another key's
	// object (field: the key, NUL, the member or nothing): the card being
	// dragged is in the "doing" column.
	selIn
	// selShape classifies a string as a form validates what is typed: 0
	// when it is empty, else 2 when a predicate holds and 1 when not. field
	// is the predicate's byte and the member's name ("" for the value
	// itself): 'w' two words or more (a full name), 'e' an email address
	// (as /^[^\s@]+@[^\s@]+\.[^\s@]+$/ has it); or '=', a member, NUL and
	// another: the first equals the second (a confirmed password).
	selShape
	numSelKinds
)

// A Selector reads one feature of a state value.
type Selector struct {
	kind  selKind
	field string
	num   float64 // selHas of a number: the number (derived from field)
}

// Selectors are the selectors a learner's features come from, in order;
// the first is always the value itself.
type Selectors []Selector

// Parts is the mask of the selectors (of the first 64) that read a part of
// the value, not all of it: every one but the value itself, the whole state
// and the value paired with another key, which change with every change.
func (s Selectors) Parts() uint64 {
	var m uint64
	for i := range s {
		if i >= 64 {
			break
		}
		if k := s[i].kind; k != selWhole && k != selState && k != selPair {
			m |= 1 << uint(i)
		}
	}
	return m
}

// A Feature is a selector's value for one state value.
type Feature struct {
	ok    bool // the feature exists for this value
	isNum bool
	isStr bool
	cat   bool // categorical: equality with a seen key is meaningful
	whole bool // the whole state: its hash names the state the sample was in
	other bool // read from another key of the state, not from the value
	shape bool // a string's shape (selShape): what a form validates
	typed bool // a string's length: of text typed, whose length is seldom what decides
	flag  bool // true or false as 1 or 0 (a boolean, a membership): no number a text shows
	num   float64
	hash  uint64
	str   []byte
}

// Ok reports whether the feature exists for the value it was read from.
func (f *Feature) Ok() bool { return f.ok }

// Hash is the feature's value's hash.
func (f *Feature) Hash() uint64 { return f.hash }

// Number is the feature's number, when it exists and is one (a count, a
// length, a boolean as 0 or 1).
func (f *Feature) Number() (float64, bool) { return f.num, f.ok && f.isNum }

const (
	maxSelectors  = 24
	maxSelFields  = 16
	maxSelScanned = 64 // items examined to find an array's members
	maxHas        = 16 // membership selectors
	maxOthers     = 4  // other keys of the state read
	maxSumProds   = 3
	maxIn         = 4  // membership in other keys' arrays
	maxShaped     = 3  // an object's string members whose shapes are read
	maxShapedUpTo = 14 // shapes are derived while fewer selectors than this are
)

func scalarVal(v *Value, i int32) Feature {
	nd := &v.nodes[i]
	switch nd.kind {
	case KindNumber:
		return Feature{ok: true, isNum: true, cat: true, num: nd.num, hash: nd.hash}
	case KindBool:
		n := 0.0
		if nd.b {
			n = 1
		}
		return Feature{ok: true, isNum: true, cat: true, flag: true, num: n, hash: nd.hash}
	case KindString:
		return Feature{ok: true, isStr: true, cat: true, hash: nd.hash, str: v.str(nd.s)}
	case KindNull:
		return Feature{ok: true, cat: true, hash: nd.hash}
	}
	return Feature{ok: true, hash: nd.hash}
}

// NumFeature is the feature of a number that no selector reads (the count
// of a list's children).
func NumFeature(f float64) Feature { return numVal(f) }

func numVal(f float64) Feature {
	return Feature{ok: true, isNum: true, num: f, hash: numHash(f)}
}

// eval returns the selector's value for the value at root.
func (s *Selector) eval(v *Value, root int32) Feature {
	if root < 0 || int(root) >= len(v.nodes) {
		return Feature{}
	}
	nd := &v.nodes[root]
	switch s.kind {
	case selWhole:
		return scalarVal(v, root)
	case selField:
		m := v.member(root, s.field)
		if m < 0 || v.nodes[m].kind == KindArray || v.nodes[m].kind == KindObject {
			return Feature{}
		}
		return scalarVal(v, m)
	case selLen:
		switch nd.kind {
		case KindString:
			f := numVal(float64(runeLen(v.str(nd.s))))
			f.typed = true
			return f
		case KindArray:
			return numVal(float64(nd.n))
		}
		return Feature{}
	case selCountTrue, selCountFalse, selSum:
		if nd.kind != KindArray {
			return Feature{}
		}
		var acc float64
		for c := root + 1; c < nd.end; c = v.nodes[c].end {
			it := c
			if s.field != "" {
				it = v.member(c, s.field)
				if it < 0 {
					continue
				}
			}
			in := &v.nodes[it]
			switch s.kind {
			case selCountTrue:
				if in.kind == KindBool && in.b {
					acc++
				}
			case selCountFalse:
				if in.kind == KindBool && !in.b {
					acc++
				}
			case selSum:
				if in.kind == KindNumber {
					acc += in.num
				}
			}
		}
		return numVal(acc)
	case selHas:
		if nd.kind != KindArray {
			return Feature{}
		}
		has := 0.0
		for c := root + 1; c < nd.end; c = v.nodes[c].end {
			if s.matches(v, c) {
				has = 1
				break
			}
		}
		return Feature{ok: true, isNum: true, cat: true, flag: true, num: has, hash: numHash(has)}
	case selSumProd:
		if nd.kind != KindArray {
			return Feature{}
		}
		f1, f2, _ := strings.Cut(s.field, "\x00")
		var acc float64
		for c := root + 1; c < nd.end; c = v.nodes[c].end {
			a, b := v.member(c, f1), v.member(c, f2)
			if a >= 0 && b >= 0 && v.nodes[a].kind == KindNumber && v.nodes[b].kind == KindNumber {
				acc += v.nodes[a].num * v.nodes[b].num
			}
		}
		return numVal(acc)
	case selState:
		if v.st.all < 0 {
			return Feature{}
		}
		return Feature{ok: true, whole: true, hash: v.stateHash(root)}
	case selOther, selPair:
		m := v.other(s.field)
		if m < 0 {
			return Feature{}
		}
		if s.kind == selPair {
			return Feature{ok: true, other: true, hash: vdom.Mix(vdom.Mix(0x70616972, nd.hash), v.nodes[m].hash)}
		}
		var f Feature
		switch v.nodes[m].kind {
		case KindArray:
			f = numVal(float64(v.nodes[m].n))
		case KindObject:
			return Feature{}
		default:
			f = scalarVal(v, m)
		}
		f.other = true
		return f
	case selShape:
		return s.shape(v, root)
	case selIn:
		if (nd.kind != KindString || nd.s.n == 0) && nd.kind != KindNumber {
			return Feature{}
		}
		key, member, _ := strings.Cut(s.field, "\x00")
		m := v.other(key)
		if m >= 0 && member != "" {
			if v.nodes[m].kind != KindObject {
				return Feature{}
			}
			m = v.member(m, member)
		}
		if m < 0 || v.nodes[m].kind != KindArray {
			return Feature{}
		}
		in, n := false, 0
		for c := m + 1; c < v.nodes[m].end; c = v.nodes[c].end {
			if n++; n > maxSelScanned {
				return Feature{}
			}
			if v.nodes[c].hash == nd.hash {
				in = true
			}
		}
		f := numVal(0)
		if in {
			f = numVal(1)
		}
		f.cat, f.other, f.flag = true, true, true
		return f
	}
	return Feature{}
}

// shape is a shape selector's class of the value at root (selShape).
func (s *Selector) shape(v *Value, root int32) Feature {
	if len(s.field) == 0 {
		return Feature{}
	}
	str := func(name string) ([]byte, bool) {
		n := root
		if name != "" {
			if n = v.member(root, name); n < 0 {
				return nil, false
			}
		}
		if v.nodes[n].kind != KindString {
			return nil, false
		}
		return v.str(v.nodes[n].s), true
	}
	var a []byte
	holds, ok := false, false
	switch s.field[0] {
	case 'w', 'e':
		if a, ok = str(s.field[1:]); ok {
			if s.field[0] == 'w' {
				holds = words(a) >= 2
			} else {
				holds = isEmail(a)
			}
		}
	case '=':
		x, y, _ := strings.Cut(s.field[1:], "\x00")
		a, ok = str(x)
		b, okB := str(y)
		ok = ok && okB
		holds = ok && string(a) == string(b)
	}
	if !ok {
		return Feature{}
	}
	c := 1.0
	switch {
	case len(a) == 0:
		c = 0
	case holds:
		c = 2
	}
	// categorical: a class, not a number a template would compute with
	return Feature{ok: true, cat: true, shape: true, num: c, hash: numHash(c)}
}

// space reports whether c is ASCII white space.
func space(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// words counts the runs of non-space bytes of b, up to 2.
func words(b []byte) int {
	n, in := 0, false
	for _, c := range b {
		switch {
		case space(c):
			in = false
		case !in:
			in, n = true, n+1
			if n == 2 {
				return n
			}
		}
	}
	return n
}

// isEmail reports whether b is a run of bytes other than space and '@',
// '@', and a run of such bytes holding a '.' with one byte or more either
// side (/^[^\s@]+@[^\s@]+\.[^\s@]+$/).
func isEmail(b []byte) bool {
	at := -1
	for i, c := range b {
		switch {
		case space(c):
			return false
		case c == '@':
			if at >= 0 {
				return false
			}
			at = i
		}
	}
	if at <= 0 {
		return false
	}
	dom := b[at+1:]
	for i := 1; i < len(dom)-1; i++ {
		if dom[i] == '.' {
			return true
		}
	}
	return false
}

// matches reports whether item c equals a membership selector's scalar.
func (s *Selector) matches(v *Value, c int32) bool {
	it := &v.nodes[c]
	switch {
	case len(s.field) == 0:
		return false
	case it.kind == KindString:
		return s.field[0] == 's' && string(v.str(it.s)) == s.field[1:]
	case it.kind == KindNumber:
		return s.field[0] == 'n' && it.num == s.num
	}
	return false
}

// hasSelector is the membership selector of item c (a string or a number).
func hasSelector(v *Value, c int32) (Selector, bool) {
	it := &v.nodes[c]
	switch it.kind {
	case KindString:
		if it.s.n > maxKeyStrBytes {
			return Selector{}, false
		}
		return Selector{kind: selHas, field: "s" + string(v.str(it.s))}, true
	case KindNumber:
		return Selector{kind: selHas, field: "n" + strconv.FormatFloat(it.num, 'g', -1, 64), num: it.num}, true
	}
	return Selector{}, false
}

// DeriveSelectors chooses the selectors for values shaped like those at
// roots. The first is always the value itself.
func DeriveSelectors(v *Value, roots []int32) Selectors {
	out := Selectors{{kind: selWhole}}
	add := func(s Selector) {
		if len(out) >= maxSelectors {
			return
		}
		for _, o := range out {
			if o == s {
				return
			}
		}
		out = append(out, s)
	}
	fields, sumProds := 0, 0
	for _, r := range roots {
		if r < 0 || int(r) >= len(v.nodes) {
			continue
		}
		nd := &v.nodes[r]
		switch nd.kind {
		case KindString:
			add(Selector{kind: selLen})
			add(Selector{kind: selShape, field: "w"})
			add(Selector{kind: selShape, field: "e"})
		case KindObject:
			var strs []string
			for c := r + 1; c < nd.end; c = v.nodes[c].end {
				k := v.nodes[c].kind
				if k == KindArray || k == KindObject || fields >= maxSelFields {
					continue
				}
				name := string(v.str(v.nodes[c].name))
				n := len(out)
				add(Selector{kind: selField, field: name})
				if len(out) > n {
					fields++
				}
				if k == KindString && len(strs) < maxShaped {
					strs = append(strs, name)
				}
			}
			// the shapes of its strings, as a form validates them, while
			// they leave room for the state's selectors (Extend); a
			// confirmation follows what it confirms: a later member equal
			// to an earlier one
			shape := func(x Selector) {
				if len(out) < maxShapedUpTo {
					add(x)
				}
			}
			for _, a := range strs {
				shape(Selector{kind: selShape, field: "w" + a})
				shape(Selector{kind: selShape, field: "e" + a})
			}
			for i, a := range strs {
				for _, b := range strs[i+1:] {
					shape(Selector{kind: selShape, field: "=" + b + "\x00" + a})
				}
			}
		case KindArray:
			add(Selector{kind: selLen})
			seen := 0
			for c := r + 1; c < nd.end && seen < maxSelScanned; c = v.nodes[c].end {
				seen++
				it := &v.nodes[c]
				switch it.kind {
				case KindBool:
					add(Selector{kind: selCountTrue})
					add(Selector{kind: selCountFalse})
				case KindNumber:
					add(Selector{kind: selSum})
				case KindObject:
					var nums []string
					for m := c + 1; m < it.end; m = v.nodes[m].end {
						name := string(v.str(v.nodes[m].name))
						switch v.nodes[m].kind {
						case KindBool:
							add(Selector{kind: selCountTrue, field: name})
							add(Selector{kind: selCountFalse, field: name})
						case KindNumber:
							add(Selector{kind: selSum, field: name})
							if len(nums) < 3 {
								nums = append(nums, name)
							}
						}
					}
					// products of two numeric members: Σ price·qty
					for i := 0; i < len(nums) && sumProds < maxSumProds; i++ {
						for j := i + 1; j < len(nums) && sumProds < maxSumProds; j++ {
							n := len(out)
							add(Selector{kind: selSumProd, field: nums[i] + "\x00" + nums[j]})
							if len(out) > n {
								sumProds++
							}
						}
					}
				}
			}
		}
	}
	return out
}

// Eval fills dst with every selector's feature of the value at root.
func (s Selectors) Eval(dst []Feature, v *Value, root int32) []Feature {
	dst = dst[:0]
	for i := range s {
		dst = append(dst, s[i].eval(v, root))
	}
	return dst
}

// Extend adds the selectors of the values' shapes that s lacks (when the
// values at roots are containers or strings and s has only the value
// itself), the membership of the items of arrays of scalars not yet
// selected, and, when the change carries the whole state, the selectors of
// the state (the whole state, the other keys, the value with each other
// key), up to the bound. Selectors are only ever appended, so that the
// learners' tables stay aligned with them.
func (s Selectors) Extend(v *Value, roots ...int32) Selectors {
	derive := len(s) == 0
	arrays := false
	for _, r := range roots {
		switch v.nodes[r].kind {
		case KindArray:
			arrays = true
			fallthrough
		case KindObject, KindString:
			if len(s) == 1 {
				derive = true
			}
		}
	}
	if derive {
		for _, x := range DeriveSelectors(v, roots) {
			s = s.add(x)
		}
	}
	if arrays {
		s = s.extendHas(v, roots)
	}
	if v.st.all >= 0 && len(s) < maxSelectors && !s.hasKind(selState) {
		s = s.add(Selector{kind: selState})
		nd := &v.nodes[v.st.all]
		var others []string
		for c := v.st.all + 1; c < nd.end && len(others) < maxOthers; c = v.nodes[c].end {
			if name := v.str(v.nodes[c].name); string(name) != string(v.st.key) {
				others = append(others, string(name))
			}
		}
		for _, o := range others {
			s = s.add(Selector{kind: selOther, field: o})
		}
		if len(others) > 1 {
			for _, o := range others {
				s = s.add(Selector{kind: selPair, field: o})
			}
		}
	}
	if v.st.all >= 0 {
		s = s.extendIn(v)
	}
	return s
}

// extendIn adds, for a scalar value, the selectors of its membership in
// the other keys' arrays, and in the array members of the other keys'
// objects (up to maxIn).
func (s Selectors) extendIn(v *Value) Selectors {
	nd := &v.nodes[v.st.all]
	n := 0
	for c := v.st.all + 1; c < nd.end && n < maxIn; c = v.nodes[c].end {
		name := v.str(v.nodes[c].name)
		if string(name) == string(v.st.key) {
			continue
		}
		switch o := &v.nodes[c]; o.kind {
		case KindArray:
			s, n = s.add(Selector{kind: selIn, field: string(name) + "\x00"}), n+1
		case KindObject:
			for m := c + 1; m < o.end && n < maxIn; m = v.nodes[m].end {
				if v.nodes[m].kind == KindArray {
					s, n = s.add(Selector{kind: selIn, field: string(name) + "\x00" + string(v.str(v.nodes[m].name))}), n+1
				}
			}
		}
	}
	return s
}

// add appends x unless s has it or is full.
func (s Selectors) add(x Selector) Selectors {
	if len(s) >= maxSelectors {
		return s
	}
	for _, o := range s {
		if o == x {
			return s
		}
	}
	return append(s, x)
}

func (s Selectors) hasKind(k selKind) bool {
	for i := range s {
		if s[i].kind == k {
			return true
		}
	}
	return false
}

// extendHas adds the membership selectors of the scalar items of the arrays
// at roots that s lacks.
func (s Selectors) extendHas(v *Value, roots []int32) Selectors {
	n := 0
	for i := range s {
		if s[i].kind == selHas {
			n++
		}
	}
	for _, r := range roots {
		nd := &v.nodes[r]
		if nd.kind != KindArray {
			continue
		}
		seen := 0
		for c := r + 1; c < nd.end && seen < maxSelScanned && n < maxHas && len(s) < maxSelectors; c = v.nodes[c].end {
			seen++
			known := false
			for i := range s {
				if s[i].kind == selHas && s[i].matches(v, c) {
					known = true
					break
				}
			}
			if known {
				continue
			}
			if x, ok := hasSelector(v, c); ok {
				s = append(s, x)
				n++
			}
		}
	}
	return s
}

// Code codes the selectors as the list name.
func (s *Selectors) Code(c snapshot.Coder, name string) {
	c.List(name, len(*s), maxSelectors, func(i int) {
		if c.Reading() {
			*s = append(*s, Selector{})
		}
		x := &(*s)[i]
		snapshot.U8(c, "kind", (*uint8)(&x.kind), uint8(numSelKinds-1))
		c.Str("field", &x.field)
		if c.Reading() && x.kind == selHas && len(x.field) > 0 && x.field[0] == 'n' {
			f, err := strconv.ParseFloat(x.field[1:], 64)
			if err != nil {
				c.Fail("bad membership selector")
			}
			x.num = f
		}
	})
}

// Size is the heap the selectors take.
func (s Selectors) Size() int64 {
	n := memsize.Slice(s)
	for i := range s {
		n += memsize.Bytes(len(s[i].field))
	}
	return n
}

// String names the selector: value, len, field(name), count_true(done), ….
func (s Selector) String() string {
	n := [...]string{"value", "field", "len", "count_true", "count_false", "sum", "has", "sum_prod", "state", "other", "pair", "in", "shape"}[s.kind]
	switch {
	case s.kind == selHas && s.field != "":
		if s.field[0] == 's' {
			return n + "(" + strconv.Quote(s.field[1:]) + ")"
		}
		return n + "(" + s.field[1:] + ")"
	case s.kind == selSumProd:
		return n + "(" + strings.ReplaceAll(s.field, "\x00", "*") + ")"
	case s.kind == selShape && s.field != "":
		what := map[byte]string{'w': "words", 'e': "email", '=': "equal"}[s.field[0]]
		if len(s.field) > 1 {
			what += " " + strings.ReplaceAll(s.field[1:], "\x00", ",")
		}
		return n + "(" + what + ")"
	case s.kind == selIn:
		return n + "(" + strings.TrimSuffix(strings.ReplaceAll(s.field, "\x00", "."), ".") + ")"
	case s.field != "":
		return n + "(" + s.field + ")"
	}
	return n
}

func (v *Feature) code(c snapshot.Coder) {
	c.Flag("ok", &v.ok)
	c.Flag("is_num", &v.isNum)
	c.Flag("is_str", &v.isStr)
	c.Flag("cat", &v.cat)
	if c.Version() >= 2 {
		c.Flag("whole", &v.whole)
		c.Flag("other", &v.other)
	}
	if c.Version() >= 7 {
		c.Flag("flag", &v.flag)
	}
	snapshot.Finite(c, "num", &v.num)
	c.U64("hash", &v.hash)
	c.Bytes("str", &v.str)
}
