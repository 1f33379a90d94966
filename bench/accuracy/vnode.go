package accuracy

import (
	"strconv"

	"github.com/minimact/engine/internal/treegen"
)

// The components render treegen trees, written as a C# host sends them
// (treegen's host JSON: Newtonsoft.Json, compact, members in the order type,
// tag, props, children, key, "key":null on unkeyed elements). el and txt
// keep the render functions short; p builds their props.
type node = treegen.Node

var (
	el  = treegen.Elem // an element; its props in order
	txt = treegen.Txt  // a text node
)

// p builds a props list from name, value pairs, leaving out pairs whose
// value is "" when the name ends in "?" (a conditional attribute).
func p(kv ...string) []treegen.Prop {
	var out []treegen.Prop
	for i := 0; i+1 < len(kv); i += 2 {
		name, v := kv[i], kv[i+1]
		if name[len(name)-1] == '?' {
			if v == "" {
				continue
			}
			name = name[:len(name)-1]
		}
		out = append(out, treegen.Prop{Name: name, Value: v})
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
