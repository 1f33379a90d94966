package schema

// Code is an error code. Go, C and C# share these numbers; new codes take new
// numbers and existing numbers never change meaning.
type Code int32

// The error codes (shared/ABI.md).
const (
	// Success means the call did what it was asked.
	Success Code = 0
	// InvalidVNode means a VNode or patch is not of the schema's shape.
	InvalidVNode Code = 1
	// InvalidPath means a patch path does not lead to a node.
	InvalidPath Code = 2
	// PatchTypeMismatch means a patch does not fit the node it targets.
	PatchTypeMismatch Code = 3
	// PredictorFull means the predictor is at its pattern limit and cannot evict.
	PredictorFull Code = 4
	// InvalidHandle means the handle is unknown or was destroyed.
	InvalidHandle Code = 5
	// TreeTooDeep means the nesting exceeds MaxTreeDepth.
	TreeTooDeep Code = 6
	// TreeTooLarge means the node count exceeds MaxNodeCount.
	TreeTooLarge Code = 7
	// MemoryLimitExceeded means a memory budget would be exceeded.
	MemoryLimitExceeded Code = 8
	// JsonTooLarge means the document exceeds MaxJSONBytes.
	JsonTooLarge Code = 9
	// Serialization means the input is not well-formed JSON, or could not be written.
	Serialization Code = 10
	// InvalidUtf8 means a string is not valid UTF-8.
	InvalidUtf8 Code = 11
	// NullPointer means a required pointer argument was NULL.
	NullPointer Code = 12
	// TooManyChildren means a children array exceeds MaxChildrenPerNode.
	TooManyChildren Code = 13
	// PropertyTooLong means a prop name or value, tag or key exceeds its limit.
	PropertyTooLong Code = 14
	// TextTooLong means text content or raw HTML exceeds MaxTextLength.
	TextTooLong Code = 15
	// Persistence means a saved predictor could not be written or read back.
	Persistence Code = 16
	// KeyNotFound means a ReorderChildren key names no child (or more than one).
	KeyNotFound Code = 17
	// TooManyProps means an element has more props than MaxPropsPerNode.
	TooManyProps Code = 18
	// UnrepresentableHtml means a tree has no HTML that an HTML parser reads
	// back as its DOM: a void element with children, a script or style text
	// that would end its element early, a tag or attribute name the parser
	// or the DOM reads otherwise, a NUL character (docs/dom-view.md).
	UnrepresentableHtml Code = 19
	// Unknown means an internal failure, such as a recovered panic.
	Unknown Code = 999
)
