package predict

import (
	"strings"
	"testing"

	"github.com/minimact/engine/internal/treegen"
)

// fullName is a field that asks for a first and last name once something
// is typed: the error and the input's class follow the name's shape.
func fullName(v any) *treegen.Node {
	s, _ := v.(string)
	bad := s != "" && len(strings.Fields(s)) < 2
	class, invalid := "input", "false"
	var err *treegen.Node
	if bad {
		class, invalid = "input invalid", "true"
		err = treegen.El("p", map[string]string{"class": "error"}, treegen.Txt("Please enter your first and last name"))
	}
	return page("Your name", treegen.El("div", map[string]string{"class": "field"},
		treegen.El("input", map[string]string{"value": s, "class": class, "aria-invalid": invalid}), err))
}

// couponField is a coupon field: applied shows for SAVE10, invalid(code)
// for any other code typed.
func couponField(applied string, invalid func(code string) string) renderFn {
	return func(v any) *treegen.Node {
		s, _ := v.(string)
		var msg *treegen.Node
		switch {
		case s == "SAVE10":
			msg = treegen.El("p", map[string]string{"class": "ok"}, treegen.Txt(applied))
		case s != "":
			msg = treegen.El("p", map[string]string{"class": "error"}, treegen.Txt(invalid(s)))
		}
		return page("Coupon", treegen.El("div", map[string]string{"class": "field"},
			treegen.El("input", map[string]string{"value": s}), msg))
	}
}

// coupon is a field whose message is the same for every wrong code: its
// validity is no shape of what is typed.
var coupon = couponField("Code applied: 10% off", func(string) string { return "Invalid code" })

// typed is each prefix of the words, then the whole, as typed.
func typed(words ...string) []any {
	out := []any{""}
	for _, w := range words {
		for i := 1; i <= len(w); i++ {
			out = append(out, w[:i])
		}
	}
	return out
}

// TestShapeTracksTypedName: a name typed a letter at a time keeps its error
// while it is one word. Once a change of the outcome came with a change of
// the name's shape between two texts ("Jade " → "Jade M" took the error
// away), and none without, the shape decides: the next name typed is
// predicted letter by letter while it stays one word, before its table
// foresaw anything.
func TestShapeTracksTypedName(t *testing.T) {
	p := New(DefaultConfig())
	learnAll(t, p, "signup", "name", fullName, typed("Jade Moreau")...)
	learnAll(t, p, "signup", "name", fullName, "Jade Moreau", "")
	second := typed("Sam Cole")
	for i := 2; i < 4; i++ { // "Sa", "Sam": one word, as "S" was
		learnAll(t, p, "signup", "name", fullName, second[i-2], second[i-1])
		mustPredict(t, p, "signup", "name", fullName, second[i-1], second[i])
	}
}

// TestShapeNotTrustedForACoupon: a code typed a letter at a time shows one
// error for every wrong code and another message for the right one. The
// first letter changes every shape (and the length from 0), which is no
// evidence that the shape or the length decides, so "SAVE1" → "SAVE10" is
// never predicted wrong (it was, from the length's threshold "not empty →
// Invalid code", before lengths of typed text stopped generalizing so).
func TestShapeNotTrustedForACoupon(t *testing.T) {
	p := New(DefaultConfig())
	vals := typed("SAVE10")
	for i := 1; i < len(vals); i++ {
		if pr, right := predictThenLearn(t, p, "cart", "coupon", coupon, vals[i-1], vals[i]); pr != nil && !right {
			t.Fatalf("%q → %q: wrong prediction %s", vals[i-1], vals[i], pr.Patches)
		}
	}
}
