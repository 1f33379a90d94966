package accuracy

import (
	"strconv"

	"github.com/minimact/engine/runtime/jsonscan"
)

// node is a VNode as a component renders it; JSON writes it as a C# host
// sends it (Newtonsoft.Json: compact, members in the order type, tag, props,
// children, key, "key":null on unkeyed elements).
type node struct {
	text  *string
	tag   string
	props []string // name, value, name, value, ...
	kids  []*node
	key   *string
}

// el is an element; props are name/value pairs.
func el(tag string, props []string, kids ...*node) *node {
	return &node{tag: tag, props: props, kids: kids}
}

// txt is a text node.
func txt(s string) *node { return &node{text: &s} }

// keyed gives n a key.
func (n *node) keyed(k string) *node { n.key = &k; return n }

// p builds a props list, leaving out pairs whose value is "" when the name
// ends in "?" (a conditional attribute).
func p(kv ...string) []string {
	var out []string
	for i := 0; i+1 < len(kv); i += 2 {
		name, v := kv[i], kv[i+1]
		if name[len(name)-1] == '?' {
			if v == "" {
				continue
			}
			name = name[:len(name)-1]
		}
		out = append(out, name, v)
	}
	return out
}

func (n *node) json(dst []byte) []byte {
	if n == nil {
		return append(dst, "null"...)
	}
	if n.text != nil {
		dst = append(dst, `{"type":"Text","content":`...)
		dst = jsonscan.AppendQuoted(dst, *n.text)
		return append(dst, '}')
	}
	dst = append(dst, `{"type":"Element","tag":`...)
	dst = jsonscan.AppendQuoted(dst, n.tag)
	dst = append(dst, `,"props":{`...)
	for i := 0; i+1 < len(n.props); i += 2 {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = jsonscan.AppendQuoted(dst, n.props[i])
		dst = append(dst, ':')
		dst = jsonscan.AppendQuoted(dst, n.props[i+1])
	}
	dst = append(dst, `},"children":[`...)
	for i, k := range n.kids {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = k.json(dst)
	}
	dst = append(dst, `],"key":`...)
	if n.key != nil {
		dst = jsonscan.AppendQuoted(dst, *n.key)
	} else {
		dst = append(dst, "null"...)
	}
	return append(dst, '}')
}

// count returns the number of nodes (nulls left out).
func (n *node) count() int {
	if n == nil {
		return 0
	}
	c := 1
	for _, k := range n.kids {
		c += k.count()
	}
	return c
}

func itoa(n int) string { return strconv.Itoa(n) }
