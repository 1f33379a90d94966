package schema

// NodeKind is the value of a VNode's "type" member.
type NodeKind string

// The node kinds. The generator numbers them in this order.
const (
	// Element is an HTML element with a tag, props, children and an optional key.
	Element NodeKind = "Element"
	// Text is a text node.
	Text NodeKind = "Text"
	// Fragment stands for its children: they take its place in the parent.
	Fragment NodeKind = "Fragment"
	// RawHtml is one DOM element holding pre-rendered HTML (the browser wraps it in a div).
	RawHtml NodeKind = "RawHtml"
)

// VNode is a virtual DOM node as the C# host serializes it (Newtonsoft.Json).
// Members not listed are ignored; a member listed for other kinds than the
// node's must be absent, null or empty.
//
// Tags understood by the generator:
//
//	json:"name"       the JSON member name
//	kinds:"A,B"       the node kinds the member belongs to
//	limit:"Field"     the Limits field that bounds the member's length
//	required:"A,B"    the kinds for which the member must be present
type VNode struct {
	Type     NodeKind          `json:"type"`
	Tag      string            `json:"tag" kinds:"Element" limit:"MaxPropKeyLength" required:"Element"`
	Props    map[string]string `json:"props" kinds:"Element"`
	Children []*VNode          `json:"children" kinds:"Element,Fragment"`
	Key      *string           `json:"key" kinds:"Element" limit:"MaxPropValueLength"`
	Content  string            `json:"content" kinds:"Text" limit:"MaxTextLength"`
	HTML     string            `json:"html" kinds:"RawHtml" limit:"MaxTextLength"`
}

// StateChange is what the host reports when a component's state changes.
// Values are any JSON.
type StateChange struct {
	ComponentID string `json:"component_id" limit:"MaxPropValueLength"`
	StateKey    string `json:"state_key" limit:"MaxPropValueLength"`
	OldValue    any    `json:"old_value"`
	NewValue    any    `json:"new_value"`
}
