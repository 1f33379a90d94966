package outcome

import (
	"strconv"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/jsonscan"
)

// Change is a parsed StateChange: {"component_id","state_key","old_value",
// "new_value"} and, optionally, "all_state": the component's whole state
// after the change, an object of every state key (the first engine's hosts
// never send it). With it, the selectors of a key can read the other keys
// of the state (Extend).
type Change struct {
	Raw       []byte // the object as given, without surrounding whitespace
	Component []byte // component_id
	Key       []byte // state_key
	Values    Value  // the arena holding both values (and the whole state)
	Old, New  int32  // old_value and new_value in Values
	All       int32  // all_state in Values, or -1 when absent (or null)

	compRef, keyRef sref
	sc              jsonscan.Scanner
}

// Parse parses src, a StateChange object. Values absent or null are null;
// component_id and state_key must be strings. Component, Key, Raw and the
// strings of Values view src (or Values' own buffer) until the next Parse.
func (c *Change) Parse(src []byte, lim Limits) error { return c.parse(src, lim, nil) }

// ParseOf is Parse of a change known to be of component (a hint's): its
// "component_id" may be left out, and when given must be component.
func (c *Change) ParseOf(src []byte, lim Limits, component string) error {
	return c.parse(src, lim, &component)
}

// parse is Parse; component, when not nil, is the component src is of.
func (c *Change) parse(src []byte, lim Limits, component *string) error {
	c.Values.reset(src)
	c.Component, c.Key, c.Raw = nil, nil, nil
	c.Old, c.New, c.All = -1, -1, -1
	if len(src) > lim.MaxBytes {
		return ErrAt(vdom.JsonTooLarge, 0, "state change of "+strconv.Itoa(len(src))+" bytes exceeds the limit of "+strconv.Itoa(lim.MaxBytes))
	}
	sc := &c.sc
	sc.Reset(src)
	if sc.Peek() != '{' {
		return ErrAt(vdom.Serialization, sc.Pos, "a state change must be a JSON object")
	}
	start := sc.Pos
	sc.Pos++
	var seen uint8
	var scratch []byte
	end := 0
	for first := true; ; first = false {
		ch := sc.Peek()
		if ch == '}' {
			sc.Pos++
			end = sc.Pos
			break
		}
		if !first {
			if ch != ',' {
				return ErrAt(vdom.Serialization, sc.Pos, "expected ',' or '}' in a state change")
			}
			sc.Pos++
		}
		if sc.Peek() != '"' {
			return ErrAt(vdom.Serialization, sc.Pos, "expected a member name in a state change")
		}
		scratch = scratch[:0]
		off, n, esc, k := sc.String(&scratch, 64)
		var name []byte
		switch {
		case k == jsonscan.TooLong:
			sc.Err, name = jsonscan.OK, nil
			// a long name is no member we know: skip the rest of it
			if sc.Skip(1) != jsonscan.OK {
				return ScanErr(sc, "a state change")
			}
		case k != jsonscan.OK:
			return ScanErr(sc, "a state change")
		case esc:
			name = scratch[off : off+n]
		default:
			name = src[off : off+n]
		}
		if !sc.Expect(':') {
			return ErrAt(vdom.Serialization, sc.Pos, "expected ':' in a state change")
		}
		var bit uint8
		switch string(name) {
		case "component_id":
			bit = 1
		case "state_key":
			bit = 2
		case "old_value":
			bit = 4
		case "new_value":
			bit = 8
		case "all_state":
			bit = 16
		default:
			if sc.Skip(lim.MaxDepth) != jsonscan.OK {
				return ScanErr(sc, "a state change")
			}
			continue
		}
		if seen&bit != 0 {
			return ErrAt(vdom.Serialization, sc.Pos, "duplicate member \""+string(name)+"\" in a state change")
		}
		seen |= bit
		switch bit {
		case 1, 2:
			if sc.Peek() != '"' {
				return ErrAt(vdom.Serialization, sc.Pos, "\""+string(name)+"\" must be a string")
			}
			off, n, esc, k := sc.String(&c.Values.buf, lim.MaxName)
			if k != jsonscan.OK {
				return ScanErr(sc, "a state change")
			}
			r := sref{off: uint32(off), n: uint32(n), buf: esc}
			if bit == 1 {
				c.compRef = r
			} else {
				c.keyRef = r
			}
		case 4, 8, 16:
			at := sc.Pos
			root, err := c.Values.parse(sc, lim)
			if err != nil {
				return err
			}
			switch bit {
			case 4:
				c.Old = root
			case 8:
				c.New = root
			default:
				switch c.Values.nodes[root].kind {
				case KindObject:
					c.All = root
				case KindNull:
				default:
					return ErrAt(vdom.Serialization, at, "\"all_state\" must be an object")
				}
			}
		}
	}
	if sc.Peek(); sc.Pos != len(src) {
		return ErrAt(vdom.Serialization, sc.Pos, "unexpected data after the state change")
	}
	switch {
	case seen&1 == 0 && component == nil:
		return ErrAt(vdom.Serialization, start, "state change without \"component_id\"")
	case seen&1 == 0:
		if len(*component) > lim.MaxName {
			return ErrAt(vdom.TextTooLong, start, "the component id is longer than "+strconv.Itoa(lim.MaxName)+" bytes")
		}
		c.compRef = sref{off: uint32(len(c.Values.buf)), n: uint32(len(*component)), buf: true}
		c.Values.buf = append(c.Values.buf, *component...)
	case component != nil && string(c.Values.str(c.compRef)) != *component:
		return ErrAt(vdom.Serialization, start, "state change of another component (its \"component_id\" is not the one given)")
	}
	if seen&2 == 0 {
		return ErrAt(vdom.Serialization, start, "state change without \"state_key\"")
	}
	for _, r := range []*int32{&c.Old, &c.New} {
		if *r < 0 {
			*r = int32(len(c.Values.nodes))
			c.Values.nodes = append(c.Values.nodes, vnode{kind: KindNull, end: *r + 1, hash: nullHash})
		}
	}
	c.Component, c.Key = c.Values.str(c.compRef), c.Values.str(c.keyRef)
	c.Values.setState(c.All, c.Key)
	c.Raw = src[start:end]
	return nil
}
