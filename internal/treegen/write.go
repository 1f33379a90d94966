package treegen

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/minimact/engine/runtime/jsonscan"
)

// The writers. Each appends one JSON shape of a tree, without reflection; a
// nil node is written as null.
//
//   - JSON: what encoding/json.Marshal makes of a Node (the struct tags):
//     members type, tag, props, children, key, content, html, the empty
//     ones left out, strings escaped as encoding/json escapes them.
//   - Host: what a C# host sends (Newtonsoft.Json): compact, an element's
//     members always type, tag, props, children, key, with "key":null when
//     unkeyed; strings escaped by jsonscan.AppendQuoted.
//   - Canonical: what the engine's encoder (vdom.Encoder.AppendTree) gives
//     for the tree it decodes: Fragments below the root flattened, nulls
//     dropped, "key" after "tag" and only when keyed, props sorted by name,
//     elements always with props and children.

// JSON returns n as encoding/json.Marshal writes it.
func (n *Node) JSON() []byte { return n.AppendJSON(nil) }

// String returns n's JSON (for failure reports).
func (n *Node) String() string { return string(n.JSON()) }

// AppendJSON appends n as encoding/json.Marshal writes it.
func (n *Node) AppendJSON(b []byte) []byte {
	if n == nil {
		return append(b, "null"...)
	}
	b = append(b, `{"type":`...)
	b = appendGoJSON(b, n.Type)
	if n.Tag != "" {
		b = append(b, `,"tag":`...)
		b = appendGoJSON(b, n.Tag)
	}
	if len(n.Attrs) > 0 || len(n.Props) > 0 {
		b = append(b, `,"props":`...)
		b = appendProps(b, n.PropList(), appendGoJSON)
	}
	if len(n.Children) > 0 {
		b = append(b, `,"children":[`...)
		for i, k := range n.Children {
			if i > 0 {
				b = append(b, ',')
			}
			b = k.AppendJSON(b)
		}
		b = append(b, ']')
	}
	if n.Key != nil {
		b = append(b, `,"key":`...)
		b = appendGoJSON(b, *n.Key)
	}
	if n.Content != nil {
		b = append(b, `,"content":`...)
		b = appendGoJSON(b, *n.Content)
	}
	if n.HTML != nil {
		b = append(b, `,"html":`...)
		b = appendGoJSON(b, *n.HTML)
	}
	return append(b, '}')
}

// HostJSON returns n as a C# host sends it.
func (n *Node) HostJSON() []byte { return n.AppendHost(nil) }

// AppendHost appends n as a C# host sends it (Newtonsoft.Json): an element
// is {"type":"Element","tag":…,"props":{…},"children":[…],"key":…|null}, a
// text {"type":"Text","content":…}, raw HTML {"type":"RawHtml","html":…}, a
// Fragment {"type":"Fragment","children":[…]}, a null child null.
func (n *Node) AppendHost(b []byte) []byte {
	if n == nil {
		return append(b, "null"...)
	}
	switch n.Type {
	case Element:
		b = append(b, `{"type":"Element","tag":`...)
		b = jsonscan.AppendQuoted(b, n.Tag)
		b = append(b, `,"props":`...)
		b = appendProps(b, n.PropList(), jsonscan.AppendQuoted)
		b = append(b, `,"children":[`...)
		b = appendHostKids(b, n.Children)
		b = append(b, `],"key":`...)
		return append(appendOptional(b, n.Key), '}')
	case Fragment:
		b = append(b, `{"type":"Fragment","children":[`...)
		return append(appendHostKids(b, n.Children), ']', '}')
	case RawHtml:
		b = append(b, `{"type":"RawHtml","html":`...)
		return append(appendOptional(b, n.HTML), '}')
	}
	b = append(b, `{"type":`...)
	b = jsonscan.AppendQuoted(b, n.Type)
	b = append(b, `,"content":`...)
	return append(appendOptional(b, n.Content), '}')
}

func appendHostKids(b []byte, kids []*Node) []byte {
	for i, k := range kids {
		if i > 0 {
			b = append(b, ',')
		}
		b = k.AppendHost(b)
	}
	return b
}

func appendOptional(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return jsonscan.AppendQuoted(b, *s)
}

// CanonicalJSON returns n as the engine encodes the tree it decodes from n
// in the node view (in the HTML view: n.HTMLView().CanonicalJSON()).
func (n *Node) CanonicalJSON() []byte { return n.AppendCanonical(nil) }

// AppendCanonical appends n as the engine encodes the tree it decodes from
// n in the node view: Fragments other than the root flattened, nulls
// dropped, props sorted by name, "key" only when keyed, elements always with
// props and children.
func (n *Node) AppendCanonical(b []byte) []byte {
	if n == nil {
		return append(b, "null"...)
	}
	switch n.Type {
	case Element:
		b = append(b, `{"type":"Element","tag":`...)
		b = jsonscan.AppendQuoted(b, n.Tag)
		if n.Key != nil {
			b = append(b, `,"key":`...)
			b = jsonscan.AppendQuoted(b, *n.Key)
		}
		b = append(b, `,"props":`...)
		b = n.AppendCanonicalProps(b)
		b = append(b, `,"children":[`...)
	case Fragment:
		b = append(b, `{"type":"Fragment","children":[`...)
	case RawHtml:
		b = append(b, `{"type":"RawHtml","html":`...)
		return append(jsonscan.AppendQuoted(b, n.Str()), '}')
	default:
		b = append(b, `{"type":"Text","content":`...)
		return append(jsonscan.AppendQuoted(b, n.Str()), '}')
	}
	b, _ = appendCanonicalKids(b, n.Children, true)
	return append(b, ']', '}')
}

// appendCanonicalKids appends kids, Fragments flattened and nulls dropped;
// first says no child has been written yet.
func appendCanonicalKids(b []byte, kids []*Node, first bool) ([]byte, bool) {
	for _, k := range kids {
		switch {
		case k == nil:
		case k.Type == Fragment:
			b, first = appendCanonicalKids(b, k.Children, first)
		default:
			if !first {
				b = append(b, ',')
			}
			first = false
			b = k.AppendCanonical(b)
		}
	}
	return b, first
}

// AppendCanonicalProps appends n's props as the engine encodes them: an
// object sorted by name (as the engine reads it: invalid UTF-8 replaced),
// a stable sort, so that duplicates keep their order.
func (n *Node) AppendCanonicalProps(b []byte) []byte {
	ps := slices.Clone(n.PropList())
	slices.SortStableFunc(ps, func(x, y Prop) int { return strings.Compare(valid(x.Name), valid(y.Name)) })
	return appendProps(b, ps, jsonscan.AppendQuoted)
}

// valid returns s with each byte of invalid UTF-8 replaced by U+FFFD, as
// jsonscan.AppendEscaped writes it.
func valid(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b []byte
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, "\ufffd"...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b)
}

func appendProps(b []byte, ps []Prop, quote func([]byte, string) []byte) []byte {
	b = append(b, '{')
	for i, p := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		b = quote(b, p.Name)
		b = append(b, ':')
		if p.Raw {
			b = append(b, p.Value...)
		} else {
			b = quote(b, p.Value)
		}
	}
	return append(b, '}')
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// appendGoJSON appends s quoted as encoding/json quotes it (HTML escaping
// on).
func appendGoJSON(b []byte, s string) []byte { return jsonscan.AppendQuotedAs(b, s, jsonscan.GoHTML) }
