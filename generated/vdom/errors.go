package vdom

import (
	"strconv"
	"strings"
)

// The engine's one error type. The codes themselves come from schema/codes.go
// (codes_gen.go).

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
		u, ok := err.(interface {
			Unwrap() error
		})
		if !ok {
			break
		}
		err = u.Unwrap()
	}
	return Unknown
}
