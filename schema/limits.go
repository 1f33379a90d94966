package schema

// Limits bounds what the decoder accepts (requirements items 2 and 7). Every
// limit is enforced while parsing, so hostile input is rejected early with
// bounded memory. The default tag is the value a zero Limits field takes; the
// code tag is the error a breach returns. The bounds tag names what the
// decoder itself bounds with the field: the document's size, the nesting
// depth, the node count; other fields are named by the limit, keylimit and
// count tags of VNode and Patch.
//
// A field of a named string type is an option rather than a bound: its
// values are the type's constants, the first one the default (what a zero
// field means), and the json tag names it in limits objects.
type Limits struct {
	// MaxTreeDepth is the deepest VNode nesting accepted; the root is depth 0.
	MaxTreeDepth int `default:"100" code:"TreeTooDeep" bounds:"depth"`
	// MaxNodeCount is the most VNode objects (nulls excluded) in one document.
	MaxNodeCount int `default:"10000" code:"TreeTooLarge" bounds:"nodes"`
	// MaxChildrenPerNode is the most entries of one children array, and the most
	// DOM children of one element after Fragments are flattened.
	MaxChildrenPerNode int `default:"1000" code:"TooManyChildren"`
	// MaxPropKeyLength is the longest prop name and tag, in bytes.
	MaxPropKeyLength int `default:"256" code:"PropertyTooLong"`
	// MaxPropValueLength is the longest prop value and key, in bytes.
	MaxPropValueLength int `default:"4096" code:"PropertyTooLong"`
	// MaxTextLength is the longest text content or raw HTML, in bytes.
	MaxTextLength int `default:"1048576" code:"TextTooLong"`
	// MaxJSONBytes is the largest JSON document accepted, in bytes.
	MaxJSONBytes int `default:"1048576" code:"JsonTooLarge" bounds:"document"`
	// MaxPropsPerNode is the most props one element may have.
	MaxPropsPerNode int `default:"1000" code:"TooManyProps"`
	// DOMView is the DOM the decoded trees stand for, which every patch path
	// indexes (docs/dom-view.md): "html", the DOM a browser parses from the
	// engine's HTML, or "nodes", one DOM node per VNode.
	DOMView View `json:"dom_view"`
}

// View is a DOM view: how the VNodes of a tree map to DOM nodes, and so what
// the child indices of patch paths count (docs/dom-view.md).
type View string

// The DOM views, the default first.
const (
	// ViewHTML is the DOM an HTML parser builds from the engine's HTML:
	// adjacent Text siblings (after Fragments are flattened and nulls
	// dropped) are one text node and an empty Text is no node; a tree
	// whose root is an empty Text is empty. The default: Minimact hosts
	// render the first page on the server.
	ViewHTML View = "html"
	// ViewNodes is one DOM node per VNode, empty texts included, for hosts
	// that build the DOM node by node (the client's mount).
	ViewNodes View = "nodes"
)
