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
// Its tags are those of VNode (see there). A null member is the same as an
// absent one. The Go types say the shape: a PatchKind is the type member,
// []int a path, *VNode a node, string a string, map[string]string props and
// []string a list of keys.
type Patch struct {
	// Type is the patch's kind.
	Type PatchKind `json:"type"`
	// Path is the child indices from the root to the node the patch concerns.
	Path []int `json:"path" required:"Create,Remove,Replace,UpdateText,UpdateProps,ReorderChildren" count:"MaxTreeDepth" code:"InvalidPath" arena:"Paths"`
	// Node is the node a Create inserts or a Replace puts in place.
	Node *VNode `json:"node" kinds:"Create,Replace" required:"Create,Replace"`
	// Content is the text an UpdateText sets.
	Content string `json:"content" kinds:"UpdateText" limit:"MaxTextLength" required:"UpdateText" what:"text content"`
	// Props is the exact prop set an UpdateProps leaves.
	Props map[string]string `json:"props" kinds:"UpdateProps" required:"UpdateProps" limit:"MaxPropValueLength" keylimit:"MaxPropKeyLength" count:"MaxPropsPerNode"`
	// Order is the keys of the children a ReorderChildren moves, in their new
	// order.
	Order []string `json:"order" kinds:"ReorderChildren" limit:"MaxPropValueLength" required:"ReorderChildren" count:"MaxChildrenPerNode" what:"key" arena:"Keys"`
}
