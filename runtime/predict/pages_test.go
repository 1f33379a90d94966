package predict

import (
	"encoding/json"
	"testing"

	"github.com/minimact/engine/internal/treegen"
)

// signupPages renders a sign-up form, or once submitted another page
// altogether, of another root element.
func signupPages(email string, submitted bool) []byte {
	if submitted {
		return treegen.El("div", map[string]string{"class": "done"},
			treegen.El("h3", nil, treegen.Txt("Check your inbox")),
			treegen.El("p", nil, treegen.Txt("We sent a link to "+email+"."))).JSON()
	}
	return treegen.El("form", map[string]string{"class": "signup"},
		treegen.El("h3", nil, treegen.Txt("Create your account")),
		treegen.El("input", map[string]string{"type": "email", "value": email})).JSON()
}

func emailChange(o, n string, submitted bool) []byte {
	b, _ := json.Marshal(map[string]any{"component_id": "signup", "state_key": "email", "old_value": o, "new_value": n,
		"all_state": map[string]any{"email": n, "submitted": submitted}})
	return b
}

// TestOtherPageIsAbsent: on a page of another root element, the places the
// model learned on the form are absent, not unknown: they do not silence a
// prediction that the places of this page make. A model none of whose
// places is in the tree knows nothing of it, and is silent.
func TestOtherPageIsAbsent(t *testing.T) {
	p := New(DefaultConfig())
	learn := func(o, n string, submitted bool) {
		t.Helper()
		if _, err := p.Learn(emailChange(o, n, submitted), signupPages(o, submitted), signupPages(n, submitted)); err != nil {
			t.Fatal(err)
		}
	}
	predict := func(o, n string, submitted bool) *Prediction {
		t.Helper()
		pr, err := p.Predict(emailChange(o, n, submitted), signupPages(o, submitted))
		if err != nil {
			t.Fatal(err)
		}
		if pr != nil && !sameTree(t, applyPrediction(t, signupPages(o, submitted), pr), signupPages(n, submitted)) {
			t.Fatalf("%q → %q: wrong prediction %s", o, n, pr.Patches)
		}
		return pr
	}
	// only the form's places so far: on the other page, nothing is known
	for _, s := range []string{"a", "ab", "abc", "abcd", "abcde", "abcdef"} {
		learn(s[:len(s)-1], s, false)
	}
	if pr := predict("ana@x.io", "ana@x.i", true); pr != nil {
		t.Fatalf("predicted on a page the model never saw: %s", pr.Patches)
	}
	// the page's own place learned, then the form's again
	for _, s := range []string{"x@a.io", "xy@a.io", "xyz@a.io", "xyzw@a.io", "xyzwv@a.io"} {
		learn(s[:1]+s[2:], s, true)
	}
	for _, s := range []string{"q", "qr", "qrs"} {
		learn(s[:len(s)-1], s, false)
	}
	if pr := predict("bo@y.org", "bob@y.org", true); pr == nil {
		t.Fatalf("no prediction on the done page\n%s", p.Explain("signup", "email"))
	}
}
