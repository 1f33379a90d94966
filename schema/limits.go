package schema

// Limits bounds what the decoder accepts (requirements items 2 and 7). Every
// limit is enforced while parsing, so hostile input is rejected early with
// bounded memory. The default tag is the value a zero Limits field takes; the
// code tag is the error a breach returns. The bounds tag names what the
// decoder itself bounds with the field: the document's size, the nesting
// depth, the node count; other fields are named by the limit, keylimit and
// count tags of VNode and Patch.
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
}
