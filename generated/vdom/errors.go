package vdom

import (
	"strconv"
	"strings"
)

// Code is an error code shared by Go, C and C#.
type Code int32

// The error codes.
const (
	Success             Code = 0
	InvalidVNode        Code = 1
	InvalidPath         Code = 2
	PatchTypeMismatch   Code = 3
	PredictorFull       Code = 4
	InvalidHandle       Code = 5
	TreeTooDeep         Code = 6
	TreeTooLarge        Code = 7
	MemoryLimitExceeded Code = 8
	JsonTooLarge        Code = 9
	Serialization       Code = 10
	InvalidUtf8         Code = 11
	NullPointer         Code = 12
	TooManyChildren     Code = 13
	PropertyTooLong     Code = 14
	TextTooLong         Code = 15
	Persistence         Code = 16
	KeyNotFound         Code = 17
	TooManyProps        Code = 18
	Unknown             Code = 999
)

// String returns the code's name.
func (c Code) String() string {
	switch c {
	case Success:
		return "Success"
	case InvalidVNode:
		return "InvalidVNode"
	case InvalidPath:
		return "InvalidPath"
	case PatchTypeMismatch:
		return "PatchTypeMismatch"
	case PredictorFull:
		return "PredictorFull"
	case InvalidHandle:
		return "InvalidHandle"
	case TreeTooDeep:
		return "TreeTooDeep"
	case TreeTooLarge:
		return "TreeTooLarge"
	case MemoryLimitExceeded:
		return "MemoryLimitExceeded"
	case JsonTooLarge:
		return "JsonTooLarge"
	case Serialization:
		return "Serialization"
	case InvalidUtf8:
		return "InvalidUtf8"
	case NullPointer:
		return "NullPointer"
	case TooManyChildren:
		return "TooManyChildren"
	case PropertyTooLong:
		return "PropertyTooLong"
	case TextTooLong:
		return "TextTooLong"
	case Persistence:
		return "Persistence"
	case KeyNotFound:
		return "KeyNotFound"
	case TooManyProps:
		return "TooManyProps"
	case Unknown:
		return "Unknown"
	}
	return "Code(" + strconv.Itoa(int(c)) + ")"
}

// Error is the one error type of the engine: a code, a message, and where the
// problem was found (a byte offset in the input, or a patch path and index).
type Error struct {
	Code    Code
	Message string
	// Offset is the byte offset in the JSON input, or -1.
	Offset int
	// Path is the tree path the error concerns, or nil.
	Path []int32
	// Patch is the index of the patch in its list, or -1.
	Patch int
}

// Errorf returns an *Error with the given code and message and no location.
func Errorf(code Code, msg string) *Error {
	return &Error{Code: code, Message: msg, Offset: -1, Patch: -1}
}

// Error formats the error as "Code: message (at byte N / path [..] / patch N)".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code.String())
	b.WriteString(": ")
	b.WriteString(e.Message)
	if e.Offset >= 0 {
		b.WriteString(" (at byte ")
		b.WriteString(strconv.Itoa(e.Offset))
		b.WriteString(")")
	}
	if e.Patch >= 0 {
		b.WriteString(" (patch ")
		b.WriteString(strconv.Itoa(e.Patch))
		b.WriteString(")")
	}
	if e.Path != nil {
		b.WriteString(" (path [")
		for i, p := range e.Path {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(int(p)))
		}
		b.WriteString("])")
	}
	return b.String()
}

// Is reports whether target is an *Error with the same code, so that
// errors.Is(err, &vdom.Error{Code: vdom.TreeTooDeep}) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// CodeOf returns the code of err: Success for nil, the code of an *Error in
// its chain, else Unknown.
func CodeOf(err error) Code {
	if err == nil {
		return Success
	}
	for err != nil {
		if e, ok := err.(*Error); ok {
			return e.Code
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			break
		}
		err = u.Unwrap()
	}
	return Unknown
}

// Limits bounds what the decoder accepts. A zero field takes its default.
type Limits struct {
	MaxTreeDepth       int
	MaxNodeCount       int
	MaxChildrenPerNode int
	MaxPropKeyLength   int
	MaxPropValueLength int
	MaxTextLength      int
	MaxJSONBytes       int
	MaxPropsPerNode    int
}

// DefaultLimits returns the defaults of the requirements document.
func DefaultLimits() Limits {
	return Limits{
		MaxTreeDepth:       100,
		MaxNodeCount:       10000,
		MaxChildrenPerNode: 1000,
		MaxPropKeyLength:   256,
		MaxPropValueLength: 4096,
		MaxTextLength:      1048576,
		MaxJSONBytes:       1048576,
		MaxPropsPerNode:    1000,
	}
}

// withDefaults returns l with every zero or negative field set to its default.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxTreeDepth <= 0 {
		l.MaxTreeDepth = d.MaxTreeDepth
	}
	if l.MaxNodeCount <= 0 {
		l.MaxNodeCount = d.MaxNodeCount
	}
	if l.MaxChildrenPerNode <= 0 {
		l.MaxChildrenPerNode = d.MaxChildrenPerNode
	}
	if l.MaxPropKeyLength <= 0 {
		l.MaxPropKeyLength = d.MaxPropKeyLength
	}
	if l.MaxPropValueLength <= 0 {
		l.MaxPropValueLength = d.MaxPropValueLength
	}
	if l.MaxTextLength <= 0 {
		l.MaxTextLength = d.MaxTextLength
	}
	if l.MaxJSONBytes <= 0 {
		l.MaxJSONBytes = d.MaxJSONBytes
	}
	if l.MaxPropsPerNode <= 0 {
		l.MaxPropsPerNode = d.MaxPropsPerNode
	}
	if l.MaxJSONBytes > maxJSONCeiling {
		l.MaxJSONBytes = maxJSONCeiling
	}
	return l
}

// maxJSONCeiling keeps every offset within a Str's 31 bits.
const maxJSONCeiling = 1<<31 - 1
