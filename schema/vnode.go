package schema

// NodeKind is the value of a VNode's "type" member.
type NodeKind string

// The node kinds. The generator numbers them in this order. A kind marked
// //gen:flatten stands for its children wherever it is not the root.
const (
	// Element is an HTML element with a tag, props, children and an optional key.
	Element NodeKind = "Element"
	// Text is a text node.
	Text NodeKind = "Text"
	// Fragment stands for its children: they take its place in the parent.
	//
	//gen:flatten
	Fragment NodeKind = "Fragment"
	// RawHtml is one DOM element holding pre-rendered HTML (the browser wraps it in a div).
	RawHtml NodeKind = "RawHtml"
)

// VNode is a virtual DOM node as the C# host serializes it (Newtonsoft.Json).
// Members not listed are ignored; a member listed for other kinds than the
// node's must be absent, null or empty.
//
// Tags understood by the generator (on VNode and Patch):
//
//	json:"name"       the JSON member name
//	kinds:"A,B"       the kinds the member belongs to (none: every kind)
//	required:"A,B"    the kinds for which the member must be present (a string:
//	                  non-empty)
//	limit:"Field"     the Limits field that bounds the member's length (for
//	                  props: each value's; for lists of strings: each entry's)
//	keylimit:"Field"  for props: the Limits field that bounds each prop name
//	count:"Field"     the Limits field that bounds the number of entries
//	what:"words"      how error messages name the value (default: the JSON name)
//	code:"Code"       the error code of a value of the wrong shape (default
//	                  InvalidVNode)
//	present:"Field"   for an optional string: the Node field saying it is set
//	arena:"Field"     for a list in a Patch: the PatchList arena of its entries
//	diff:"How"        what a change of the member does to a node kept in place:
//	                  Identity (it is another node: Compatible is false and the
//	                  node is replaced whole), UpdateText, UpdateProps or Replace
//	                  (DiffNode emits that patch, carrying the new value),
//	                  Children (the caller reconciles the children)
//	html:"How"        how the HTML writer writes the member of a VNode
//	                  (docs/dom-view.md): tag (the element's tag name),
//	                  attrs (props, as the attributes the browser client
//	                  maps them to), attr NAME (a string written as the
//	                  attribute NAME, which no prop may give), text (escaped
//	                  text: in the HTML view adjacent ones are one DOM text
//	                  node and an empty one is none), raw TAG (written as it
//	                  is inside <TAG>…</TAG>). Children are written inside
//	                  the element, or in place of a kind that has no other
//	                  html member (a //gen:flatten kind).
//
// The Go types say the shape: a NodeKind is the type member, string a string,
// *string an optional string, map[string]string props and []*VNode children.
type VNode struct {
	// Type is the node's kind.
	Type NodeKind `json:"type"`
	// Tag is an element's tag name.
	Tag string `json:"tag" kinds:"Element" required:"Element" limit:"MaxPropKeyLength" diff:"Identity" html:"tag"`
	// Props are an element's props; values other than strings are kept as
	// written.
	Props map[string]string `json:"props" kinds:"Element" limit:"MaxPropValueLength" keylimit:"MaxPropKeyLength" count:"MaxPropsPerNode" diff:"UpdateProps" html:"attrs"`
	// Children are the child nodes; nulls are dropped and Fragments flattened.
	Children []*VNode `json:"children" kinds:"Element,Fragment" count:"MaxChildrenPerNode" diff:"Children"`
	// Key identifies an element among its siblings; absent and null are the
	// same: unkeyed.
	Key *string `json:"key" kinds:"Element" limit:"MaxPropValueLength" present:"Keyed" diff:"Identity" html:"attr data-key"`
	// Content is a text node's text.
	Content string `json:"content" kinds:"Text" limit:"MaxTextLength" what:"text content" diff:"UpdateText" html:"text"`
	// HTML is a RawHtml node's pre-rendered HTML.
	HTML string `json:"html" kinds:"RawHtml" limit:"MaxTextLength" what:"raw HTML" diff:"Replace" html:"raw div"`
}

// StateChange is what the host reports when a component's state changes.
// Values are any JSON.
type StateChange struct {
	ComponentID string `json:"component_id" limit:"MaxPropValueLength"`
	StateKey    string `json:"state_key" limit:"MaxPropValueLength"`
	OldValue    any    `json:"old_value"`
	NewValue    any    `json:"new_value"`
}
