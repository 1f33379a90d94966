package predict

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/minimact/engine/internal/treegen"
	"github.com/minimact/engine/runtime/predict/outcome"
)

// bulkBar renders a list header and, while contacts are selected, a bar
// whose texts show how many: a conditional child whose texts change while
// it is present.
func bulkBar(n int) []byte {
	kids := []*treegen.Node{treegen.El("h3", nil, treegen.Txt("Contacts"))}
	if n > 0 {
		kids = append(kids, treegen.El("div", map[string]string{"class": "bulk", "data-count": fmt.Sprint(n)},
			treegen.El("button", nil, treegen.Txt(fmt.Sprintf("Email %d contacts", n))),
			treegen.El("button", map[string]string{"class": "danger"}, treegen.Txt(fmt.Sprintf("Delete %d contacts", n)))))
	}
	kids = append(kids, treegen.El("ul", nil, treegen.Txt("…")))
	return page("People", kids...).JSON()
}

// TestChildTemplate: a conditional child whose texts change while it is
// present is predicted for a count never seen (its template), exactly, and
// a predictor restored from either snapshot predicts the same.
func TestChildTemplate(t *testing.T) {
	p := New(DefaultConfig())
	walk := []int{0, 1, 2, 3, 2, 1, 0, 1, 2, 3, 4, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6, 7}
	for i := 1; i < len(walk); i++ {
		if _, err := p.Learn(sc("bulk", "selected", walk[i-1], walk[i]), bulkBar(walk[i-1]), bulkBar(walk[i])); err != nil {
			t.Fatal(err)
		}
	}
	ch, cur := sc("bulk", "selected", 7, 8), bulkBar(7)
	pr, err := p.Predict(ch, cur)
	if err != nil || pr == nil {
		t.Fatalf("no prediction of a count never seen (%v)\n%s", err, p.Explain("bulk", "selected"))
	}
	if got := applyPrediction(t, cur, pr); !sameTree(t, got, bulkBar(8)) {
		t.Fatalf("wrong prediction: %s", pr.Patches)
	}
	// and the bar goes at 0 (the presence learned over the count)
	if pr0, _ := p.Predict(sc("bulk", "selected", 1, 0), bulkBar(1)); pr0 != nil {
		if got := applyPrediction(t, bulkBar(1), pr0); !sameTree(t, got, bulkBar(0)) {
			t.Fatalf("wrong prediction of 0: %s", pr0.Patches)
		}
	}
	js, err := p.Save()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(js, []byte(`"skeleton_learned":true`)) {
		t.Fatal("the snapshot has no child template")
	}
	for _, x := range restored(t, p) {
		got, err := x.Predict(ch, cur)
		if err != nil || got == nil || !bytes.Equal(got.Patches, pr.Patches) || got.Confidence != pr.Confidence {
			t.Fatalf("a restored predictor predicts %+v (%v), the trained one %+v", got, err, pr)
		}
	}
}

// TestConfidenceOfAbsentRegions: a slot's poor record bounds the
// confidence of every prediction whose page holds its place — one that
// leaves it as it is too: "unchanged" is a prediction, and a slot never
// right about this key may be wrong about that (a conversion rate that
// does change with the visitors) — but not of those that find it absent.
func TestConfidenceOfAbsentRegions(t *testing.T) {
	good, bad := &slot{kind: slotText}, &slot{kind: slotText}
	for i := 0; i < 8; i++ {
		good.rec.add(true)
		bad.rec.add(i%2 == 0)
	}
	m := &model{slots: []*slot{good, bad}}
	m.recAdd(0, true, 1)
	m.recAdd(0, true, 2)
	m.recAdd(0, true, 3)
	a, b := outcome.Outcome{Bytes: []byte("a")}, outcome.Outcome{Bytes: []byte("b")}
	edit := target{known: true, curOK: true, o: b, cur: a}
	same := target{known: true, curOK: true, o: a, cur: a}
	both := m.confOf(0, 0, []target{edit, edit})
	badSame := m.confOf(0, 0, []target{edit, same})
	badAbsent := m.confOf(0, 0, []target{edit, {absent: true}})
	if both >= 0.7 || badSame >= 0.7 || badAbsent < 0.7 {
		t.Fatalf("confidence changing both %.3f, the bad one unchanged %.3f, the bad one absent %.3f", both, badSame, badAbsent)
	}
}

// TestChildTemplateBytesBounded: a child of few nodes but more than
// maxSubBytes of JSON gets no template, and is refused before it is decoded.
func TestChildTemplateBytesBounded(t *testing.T) {
	long := func(n int) []byte {
		kids := []*treegen.Node{treegen.El("h3", nil, treegen.Txt("Notes"))}
		if n > 0 {
			kids = append(kids, treegen.El("p", nil, treegen.Txt(fmt.Sprintf("%d %0*d", n, maxSubBytes, 0))))
		}
		return page("Notes", kids...).JSON()
	}
	p := New(DefaultConfig())
	for i := 1; i < 12; i++ {
		if _, err := p.Learn(sc("long", "n", i-1, i), long(i-1), long(i)); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range p.models {
		for _, s := range m.slots {
			if s.sub != nil {
				t.Fatal("a template for a child of more than maxSubBytes")
			}
		}
	}
}

// TestChildTemplateBounded: a child too large for a template (more than
// maxSubNodes nodes, or maxSubProps props) is learned whole only, so that
// what one Learn spends on templates stays bounded whatever the trees.
func TestChildTemplateBounded(t *testing.T) {
	big := func(n int) []byte {
		kids := []*treegen.Node{treegen.El("h3", nil, treegen.Txt("Contacts"))}
		if n > 0 {
			var items []*treegen.Node
			for i := 0; i < maxSubNodes; i++ {
				items = append(items, treegen.El("span", nil, treegen.Txt(fmt.Sprint(n))))
			}
			kids = append(kids, treegen.El("div", map[string]string{"class": "bulk"}, items...))
		}
		return page("People", kids...).JSON()
	}
	p := New(DefaultConfig())
	for i := 1; i < 12; i++ {
		if _, err := p.Learn(sc("big", "n", i-1, i), big(i-1), big(i)); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range p.models {
		for _, s := range m.slots {
			if s.sub != nil {
				t.Fatalf("a template of %d nodes for a child of %d", len(s.sub.skel), 1+2*maxSubNodes)
			}
		}
	}
}

// composer is a message field with, while a draft is typed, a counter of
// its characters: a conditional child whose text is the draft's length.
func composer(v any) *treegen.Node {
	s, _ := v.(string)
	kids := []*treegen.Node{treegen.El("input", map[string]string{"value": s})}
	if s != "" {
		kids = append(kids, treegen.El("span", map[string]string{"class": "counter"}, treegen.Txt(fmt.Sprintf("%d/200", len(s)))))
	}
	return page("Chat", treegen.El("form", nil, append(kids, treegen.El("button", nil, treegen.Txt("Send")))...))
}

// badCode is a coupon field whose error shows the code typed: a
// conditional child whose text reads the text itself.
var badCode = couponField("SAVE10 applied: 10% off", func(s string) string { return "“" + s + "” is not a valid code" })

// TestChildTemplateOfTypedText: a draft's counter ("1/200", "5/200") is
// predicted for a text never typed, from its template over the length,
// from the letter that creates it, once drafts were typed and sent; and an error that shows the code typed ("“SAVE1”
// is not a valid code") is never predicted for the next code, whose
// message may be another ("SAVE10 applied").
func TestChildTemplateOfTypedText(t *testing.T) {
	p := New(DefaultConfig())
	for _, w := range []string{"hi", "yes", "okay"} {
		learnAll(t, p, "chat", "draft", composer, append(typed(w), "")...)
	}
	next := typed("see you soon")    // longer than any draft sent
	for i := 1; i < len(next); i++ { // from the first letter, whose counter is created
		mustPredict(t, p, "chat", "draft", composer, next[i-1], next[i])
		learnAll(t, p, "chat", "draft", composer, next[i-1], next[i])
	}

	q := New(DefaultConfig())
	for _, w := range []string{"WINTER", "SPRING5", "SUMMER20", "SAVE10"} {
		vals := append(typed(w), "")
		for i := 1; i < len(vals); i++ {
			if pr, right := predictThenLearn(t, q, "cart", "coupon", badCode, vals[i-1], vals[i]); pr != nil && !right {
				t.Fatalf("%q → %q: wrong prediction %s", vals[i-1], vals[i], pr.Patches)
			}
		}
	}
}
