package schema

// PatchKind is the value of a patch's "type" member (shared/PATCHES.md).
type PatchKind string

// The six patches. The generator numbers them in this order.
const (
	// Create inserts node as child number path[-1] of the element at path[:-1].
	Create PatchKind = "Create"
	// Remove removes the node at path.
	Remove PatchKind = "Remove"
	// Replace puts node where the node at path is.
	Replace PatchKind = "Replace"
	// UpdateText sets the text of the node at path (textContent on an element).
	UpdateText PatchKind = "UpdateText"
	// UpdateProps makes props the exact prop set of the element at path.
	UpdateProps PatchKind = "UpdateProps"
	// ReorderChildren moves the keyed child named order[i] to index i, in turn.
	ReorderChildren PatchKind = "ReorderChildren"
)

// Patch is one entry of the patch list the browser client applies in order.
// The kinds tag names the patch kinds a member belongs to, as on VNode.
type Patch struct {
	Type    PatchKind         `json:"type"`
	Path    []int             `json:"path" required:"Create,Remove,Replace,UpdateText,UpdateProps,ReorderChildren"`
	Node    *VNode            `json:"node" kinds:"Create,Replace" required:"Create,Replace"`
	Content string            `json:"content" kinds:"UpdateText" limit:"MaxTextLength" required:"UpdateText"`
	Props   map[string]string `json:"props" kinds:"UpdateProps" required:"UpdateProps"`
	Order   []string          `json:"order" kinds:"ReorderChildren" limit:"MaxPropValueLength" required:"ReorderChildren"`
}
