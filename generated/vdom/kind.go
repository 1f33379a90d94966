package vdom

import "strconv"

// The names of the kinds, whose constants and name tables are generated
// (types_gen.go).

// String returns the kind's name as it appears in JSON.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// String returns the kind's name as it appears in JSON.
func (k PatchKind) String() string {
	if int(k) < len(patchKindNames) {
		return patchKindNames[k]
	}
	return "PatchKind(" + strconv.Itoa(int(k)) + ")"
}
