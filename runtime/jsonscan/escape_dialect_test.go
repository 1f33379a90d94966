package jsonscan

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// TestDialects: the engine's dialect names only \n \r \t; JS also \b \f (as
// JSON.stringify writes them); GoHTML writes exactly what encoding/json does.
func TestDialects(t *testing.T) {
	for _, c := range []struct {
		in   string
		d    Dialect
		want string
	}{
		{"a\b\f\n<&>", Engine, `"a\u0008\u000c\n<&>"`},
		{"a\b\f\n<&>", JS, `"a\b\f\n<&>"`},
		{"a\b\f\n<&>\u2028", GoHTML, `"a\b\f\n\u003c\u0026\u003e\u2028"`},
		{"\xff", Engine, "\"\ufffd\""},
		{"\xff", GoHTML, `"\ufffd"`},
	} {
		if got := string(AppendQuotedAs(nil, c.in, c.d)); got != c.want {
			t.Errorf("%q in dialect %d: %s, want %s", c.in, c.d, got, c.want)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "é", "\x00", "\x1f", "\b", "\f", "\n", "\"", "\\", "<", ">", "&", "\u2028", "\u2029", "\xff", "\xe2\x80", "😀"}
	for i := 0; i < 5000; i++ {
		var s string
		for n := r.IntN(12); n > 0; n-- {
			s += alphabet[r.IntN(len(alphabet))]
		}
		want, _ := json.Marshal(s)
		if got := AppendQuotedAs(nil, s, GoHTML); string(got) != string(want) {
			t.Fatalf("%q: %s, encoding/json %s", s, got, want)
		}
	}
}
