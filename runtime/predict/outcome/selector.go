package outcome

import (
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
)

// A Selector reads one feature of a state value.
type Selector struct {
	kind  selKind
	field string
}

// Selectors are the selectors a learner's features come from, in order;
// the first is always the value itself.
type Selectors []Selector

// A Feature is a selector's value for one state value.
type Feature struct {
	ok    bool // the feature exists for this value
	isNum bool
	isStr bool
	cat   bool // categorical: equality with a seen key is meaningful
	num   float64
	hash  uint64
	str   []byte
}

const (
	maxSelectors  = 24
	maxSelFields  = 16
	maxSelScanned = 64 // items examined to find an array's members
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
		return Feature{ok: true, isNum: true, cat: true, num: n, hash: nd.hash}
	case KindString:
		return Feature{ok: true, isStr: true, cat: true, hash: nd.hash, str: v.str(nd.s)}
	case KindNull:
		return Feature{ok: true, cat: true, hash: nd.hash}
	}
	return Feature{ok: true, hash: nd.hash}
}

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
			return numVal(float64(runeLen(v.str(nd.s))))
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
	}
	return Feature{}
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
	fields := 0
	for _, r := range roots {
		if r < 0 || int(r) >= len(v.nodes) {
			continue
		}
		nd := &v.nodes[r]
		switch nd.kind {
		case KindString:
			add(Selector{kind: selLen})
		case KindObject:
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
					for m := c + 1; m < it.end; m = v.nodes[m].end {
						name := string(v.str(v.nodes[m].name))
						switch v.nodes[m].kind {
						case KindBool:
							add(Selector{kind: selCountTrue, field: name})
							add(Selector{kind: selCountFalse, field: name})
						case KindNumber:
							add(Selector{kind: selSum, field: name})
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
// itself), up to the bound.
func (s Selectors) Extend(v *Value, roots ...int32) Selectors {
	if len(s) > 0 {
		known := true
		for _, r := range roots {
			k := v.nodes[r].kind
			if (k == KindArray || k == KindObject || k == KindString) && len(s) == 1 {
				known = false
			}
		}
		if known {
			return s
		}
	}
	for _, x := range DeriveSelectors(v, roots) {
		dup := false
		for _, o := range s {
			if o == x {
				dup = true
				break
			}
		}
		if !dup && len(s) < maxSelectors {
			s = append(s, x)
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
		snapshot.U8(c, "kind", (*uint8)(&x.kind), uint8(selSum))
		c.Str("field", &x.field)
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
	n := [...]string{"value", "field", "len", "count_true", "count_false", "sum"}[s.kind]
	if s.field != "" {
		return n + "(" + s.field + ")"
	}
	return n
}

func (v *Feature) code(c snapshot.Coder) {
	c.Flag("ok", &v.ok)
	c.Flag("is_num", &v.isNum)
	c.Flag("is_str", &v.isStr)
	c.Flag("cat", &v.cat)
	snapshot.Finite(c, "num", &v.num)
	c.U64("hash", &v.hash)
	c.Bytes("str", &v.str)
}
