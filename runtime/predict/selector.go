package predict

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

type selector struct {
	kind  selKind
	field string
}

// selVal is a selector's value for one state value.
type selVal struct {
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

func scalarVal(v *value, i int32) selVal {
	nd := &v.nodes[i]
	switch nd.kind {
	case vNum:
		return selVal{ok: true, isNum: true, cat: true, num: nd.num, hash: nd.hash}
	case vBool:
		n := 0.0
		if nd.b {
			n = 1
		}
		return selVal{ok: true, isNum: true, cat: true, num: n, hash: nd.hash}
	case vStr:
		return selVal{ok: true, isStr: true, cat: true, hash: nd.hash, str: v.str(nd.s)}
	case vNull:
		return selVal{ok: true, cat: true, hash: nd.hash}
	}
	return selVal{ok: true, hash: nd.hash}
}

func numVal(f float64) selVal {
	return selVal{ok: true, isNum: true, num: f, hash: numHash(f)}
}

// eval returns the selector's value for the value at root.
func (s *selector) eval(v *value, root int32) selVal {
	if root < 0 || int(root) >= len(v.nodes) {
		return selVal{}
	}
	nd := &v.nodes[root]
	switch s.kind {
	case selWhole:
		return scalarVal(v, root)
	case selField:
		m := v.member(root, s.field)
		if m < 0 || v.nodes[m].kind == vArr || v.nodes[m].kind == vObj {
			return selVal{}
		}
		return scalarVal(v, m)
	case selLen:
		switch nd.kind {
		case vStr:
			return numVal(float64(runeLen(v.str(nd.s))))
		case vArr:
			return numVal(float64(nd.n))
		}
		return selVal{}
	case selCountTrue, selCountFalse, selSum:
		if nd.kind != vArr {
			return selVal{}
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
				if in.kind == vBool && in.b {
					acc++
				}
			case selCountFalse:
				if in.kind == vBool && !in.b {
					acc++
				}
			case selSum:
				if in.kind == vNum {
					acc += in.num
				}
			}
		}
		return numVal(acc)
	}
	return selVal{}
}

// deriveSels chooses the selectors for values shaped like those at roots.
// The first is always selWhole.
func deriveSels(v *value, roots []int32) []selector {
	out := []selector{{kind: selWhole}}
	add := func(s selector) {
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
		case vStr:
			add(selector{kind: selLen})
		case vObj:
			for c := r + 1; c < nd.end; c = v.nodes[c].end {
				k := v.nodes[c].kind
				if k == vArr || k == vObj || fields >= maxSelFields {
					continue
				}
				name := string(v.str(v.nodes[c].name))
				n := len(out)
				add(selector{kind: selField, field: name})
				if len(out) > n {
					fields++
				}
			}
		case vArr:
			add(selector{kind: selLen})
			seen := 0
			for c := r + 1; c < nd.end && seen < maxSelScanned; c = v.nodes[c].end {
				seen++
				it := &v.nodes[c]
				switch it.kind {
				case vBool:
					add(selector{kind: selCountTrue})
					add(selector{kind: selCountFalse})
				case vNum:
					add(selector{kind: selSum})
				case vObj:
					for m := c + 1; m < it.end; m = v.nodes[m].end {
						name := string(v.str(v.nodes[m].name))
						switch v.nodes[m].kind {
						case vBool:
							add(selector{kind: selCountTrue, field: name})
							add(selector{kind: selCountFalse, field: name})
						case vNum:
							add(selector{kind: selSum, field: name})
						}
					}
				}
			}
		}
	}
	return out
}

// evalAll fills dst with every selector's value for the value at root.
func evalAll(dst []selVal, sels []selector, v *value, root int32) []selVal {
	dst = dst[:0]
	for i := range sels {
		dst = append(dst, sels[i].eval(v, root))
	}
	return dst
}
