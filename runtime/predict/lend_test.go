package predict

import (
	"fmt"
	"github.com/cespare/xxhash/v2"
	"strings"
	"sync"
	"testing"

	"github.com/minimact/engine/internal/treegen"
)

// counterCard is one instance of a counter component: the same render for
// every instance.
func counterCard(v any) *treegen.Node {
	return treegen.El("div", map[string]string{"class": "counter"},
		treegen.El("h2", nil, treegen.Txt("Clicks")),
		treegen.El("p", nil, treegen.Txt(fmt.Sprintf("Count: %v", v))))
}

// greetCard renders its instance's name beside the count: what it shows
// differs per instance, under the same root and key.
func greetCard(name string) renderFn {
	return func(v any) *treegen.Node {
		return treegen.El("div", map[string]string{"class": "counter"},
			treegen.El("h2", nil, treegen.Txt(name)),
			treegen.El("p", nil, treegen.Txt(fmt.Sprintf("%s: %v", name, v))))
	}
}

// withoutLending runs f with lending off (no lender is ever tried).
func withoutLending(f func()) {
	defer func(n int) { lendTries = n }(lendTries)
	lendTries = 0
	f()
}

// TestLendingAnswersNewInstance: an instance that never learned the key is
// answered by another instance's model once lent predictions were verified
// by the Learns of instances whose own models were still silent — and is
// silent without lending. The prediction is judged like any other: its
// Learn scores it, VerifyPrediction finds it.
func TestLendingAnswersNewInstance(t *testing.T) {
	run := func() (*Predictor, *Prediction) {
		p := New(DefaultConfig())
		learnAll(t, p, "counter#1", "count", counterCard, ints(0, 50)...) // a lender answers between the numbers it saw
		// young instances: their own models are silent, the lender's
		// predictions for them are verified
		learnAll(t, p, "counter#2", "count", counterCard, 3, 4)
		learnAll(t, p, "counter#3", "count", counterCard, 7, 8)
		learnAll(t, p, "counter#4", "count", counterCard, 20, 21)
		pr, err := p.Predict(sc("counter#9", "count", 41, 42), counterCard(41).JSON())
		if err != nil {
			t.Fatal(err)
		}
		return p, pr
	}
	withoutLending(func() {
		if _, pr := run(); pr != nil {
			t.Fatalf("without lending a new instance is answered: %s", pr.Patches)
		}
	})
	p, pr := run()
	if pr == nil {
		t.Fatalf("a new instance is not answered by the lender\n%s", p.Explain("counter#1", "count"))
	}
	if got := applyPrediction(t, counterCard(41).JSON(), pr); !sameTree(t, got, counterCard(42).JSON()) {
		t.Fatalf("lent prediction %s", pr.Patches)
	}
	if pr.Confidence < DefaultMinConfidence {
		t.Fatalf("confidence %v", pr.Confidence)
	}
	if m := p.Metrics(); m.PredictionsLent != 1 || m.PredictionsReturned != 1 {
		t.Fatalf("metrics: %d lent of %d returned", m.PredictionsLent, m.PredictionsReturned)
	}
	// the instance's first Learn judges the lent prediction
	res, err := p.Learn(sc("counter#9", "count", 41, 42), counterCard(41).JSON(), counterCard(42).JSON())
	if err != nil {
		t.Fatal(err)
	}
	if !res.Scored || !res.Hit {
		t.Fatalf("the lent prediction was not judged a hit: %+v", res)
	}
	// and VerifyPrediction finds one made for another new instance
	if pr, _ := p.Predict(sc("counter#10", "count", 5, 6), counterCard(5).JSON()); pr == nil {
		t.Fatal("no lent prediction for counter#10")
	}
	hit, err := p.VerifyPrediction(sc("counter#10", "count", 5, 6), counterCard(6).JSON())
	if err != nil || !hit {
		t.Fatalf("VerifyPrediction of a lent prediction: %v, %v", hit, err)
	}
	if _, err := p.VerifyPrediction(sc("counter#10", "count", 5, 6), counterCard(6).JSON()); err == nil {
		t.Fatal("a lent prediction was verified twice")
	}
	// Clear forgets lent predictions waiting to be judged
	if pr, _ := p.Predict(sc("counter#11", "count", 5, 6), counterCard(5).JSON()); pr == nil {
		t.Fatal("no lent prediction for counter#11")
	}
	p.Clear()
	if _, err := p.VerifyPrediction(sc("counter#11", "count", 5, 6), counterCard(6).JSON()); err == nil {
		t.Fatal("a lent prediction survived Clear")
	}
}

// TestLendingSilentWhereInstancesDiffer: instances of one root and key
// whose renders differ per instance (each shows its own name) get no
// lent predictions: the lender's are checked against the borrower's tree
// (its outcome for the old value is not what the tree shows), and what a
// check lets through its lent record refuses. No wrong prediction is ever
// returned.
func TestLendingSilentWhereInstancesDiffer(t *testing.T) {
	p := New(DefaultConfig())
	learnAll(t, p, "c#1", "count", greetCard("Ana"), ints(0, 10)...)
	for i, name := range []string{"Ben", "Cy", "Dee", "Eve", "Fay", "Gus"} {
		comp := fmt.Sprintf("c#%d", i+2)
		r := greetCard(name)
		for v := 0; v < 4; v++ {
			if pr, right := predictThenLearn(t, p, comp, "count", r, v, v+1); pr != nil && !right {
				t.Fatalf("%s %d → %d: a wrong prediction %s", name, v, v+1, pr.Patches)
			}
		}
	}
}

// TestLendersBounded: however many instances learn a key, at most
// maxLenders lend under one signature, a Predict tries at most lendTries,
// and an evicted model lends no more.
func TestLendersBounded(t *testing.T) {
	cfg := DefaultConfig()
	p := New(cfg)
	for i := 0; i < 40; i++ {
		learnAll(t, p, fmt.Sprintf("counter#%d", i), "count", counterCard, ints(0, lendObs+1)...)
	}
	sig := lendSig([]byte("count"), decodeT(t, counterCard(0).JSON()))
	if n := len(p.lenders[sig]); n != maxLenders {
		t.Fatalf("%d lenders under one signature, want %d", n, maxLenders)
	}
	if n := p.lendKeys[xxh("count")]; n != maxLenders {
		t.Fatalf("lendKeys counts %d", n)
	}
	gone := p.lenders[sig][0]
	p.lock()
	p.dropModel(gone)
	p.unlock()
	for _, m := range p.lenders[sig] {
		if m == gone {
			t.Fatal("an evicted model still lends")
		}
	}
	if gone.lendSig != 0 {
		t.Fatal("an evicted model keeps its signature")
	}
	// the next to learn takes its place
	learnAll(t, p, "counter#30", "count", counterCard, 50, 51)
	if n := len(p.lenders[sig]); n != maxLenders {
		t.Fatalf("%d lenders after an eviction and a Learn, want %d", n, maxLenders)
	}
	p.Clear()
	if len(p.lenders) != 0 || len(p.lendKeys) != 0 {
		t.Fatal("Clear keeps lenders")
	}
}

// TestNothingLearnedReadsNoTree: with no model and no lender of the key, a
// prediction does not read the tree (a bad tree is no error); with a lender
// of the key it does.
func TestLendingReadsTreeOnlyWithALender(t *testing.T) {
	p := New(DefaultConfig())
	learnAll(t, p, "counter#1", "count", counterCard, ints(0, 10)...)
	if pr, err := p.Predict(sc("other#1", "total", 1, 2), []byte("{bad")); pr != nil || err != nil {
		t.Fatalf("a key nothing learned read the tree: %v %v", pr, err)
	}
	if _, err := p.Predict(sc("counter#2", "count", 1, 2), []byte("{bad")); err == nil {
		t.Fatal("a bad tree where a lender could answer is no error")
	}
}

func xxh(s string) uint64 { return xxhash.Sum64String(s) }

// counterWithLeft is a variant of counterCard some instances render: a
// line more, "N left", that the lender never saw change.
func counterWithLeft(v any) *treegen.Node {
	n := counterCard(v)
	n.Children = append(n.Children, treegen.El("span", nil, treegen.Txt(fmt.Sprintf("%v left", 100-v.(int)))))
	return n
}

// TestLentRecordStopsMisses: a lender whose predictions pass every check
// against the tree but miss (the borrowers render a line it never saw
// change) stops lending after a few misses: its lent record, which the
// borrowers' Learns verify, bounds the confidence.
func TestLentRecordStopsMisses(t *testing.T) {
	p := New(DefaultConfig())
	learnAll(t, p, "counter#1", "count", counterCard, ints(0, 40)...)
	for i := 2; i <= 4; i++ {
		learnAll(t, p, fmt.Sprintf("counter#%d", i), "count", counterCard, 10*i, 10*i+1)
	}
	if pr, _ := p.Predict(sc("counter#5", "count", 30, 31), counterCard(30).JSON()); pr == nil {
		t.Fatal("no lent prediction for the lender's own variant")
	}
	wrong := 0
	for i := 10; i < 30; i++ {
		if pr, right := predictThenLearn(t, p, fmt.Sprintf("counter#%d", i), "count", counterWithLeft, i, i+1); pr != nil && !right {
			wrong++
		}
	}
	if wrong > 3 {
		t.Fatalf("%d wrong lent predictions of 20: the lent record did not stop them", wrong)
	}
}

// TestLendingConcurrent: predictions lent to new instances run beside
// Learns that make, verify and evict lenders (run under -race by make
// test).
func TestLendingConcurrent(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxTotalPatterns = 20 // evictions while lending
	p := New(cfg)
	learnAll(t, p, "counter#1", "count", counterCard, ints(0, 10)...)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				comp := fmt.Sprintf("counter#%d-%d", g, i)
				v := i % 10 // between the numbers the lender saw
				cur := counterCard(v).JSON()
				pr, err := p.Predict(sc(comp, "count", v, v+1), cur)
				if err != nil {
					t.Error(err)
					return
				}
				if pr != nil {
					// another goroutine's lent prediction in the same orphan
					// slot may have replaced this one: KeyNotFound then
					if hit, err := p.VerifyPrediction(sc(comp, "count", i, i+1), counterCard(i+1).JSON()); err == nil && !hit {
						t.Errorf("%s: a lent prediction missed", comp)
					}
				}
			}
		}(g)
	}
	for i := 0; i < 300; i++ {
		comp := fmt.Sprintf("counter#L%d", i%40)
		if _, err := p.Learn(sc(comp, "count", i, i+1), counterCard(i).JSON(), counterCard(i+1).JSON()); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
}

// congratsCard is a counter that, from 5, congratulates its own user by
// name: a word of that user's page only.
func congratsCard(user string) renderFn {
	return func(v any) *treegen.Node {
		n := counterCard(v)
		if v.(int) >= 5 {
			n.Children = append(n.Children, treegen.El("strong", map[string]string{"class": "congrats"}, treegen.Txt("Well done, "+user+"!")))
		}
		return n
	}
}

// TestLentPredictionsShowNoOtherPagesWords: a lender whose lent
// predictions are confirmed would create, for a new instance, a line with
// its own user's name. The name is on no page of the borrower's, nor in its
// state: the prediction is silent rather than show another user's word.
// (The words of the component's own render that two other instances'
// pages showed are lent: TestLendingModes.)
func TestLentPredictionsShowNoOtherPagesWords(t *testing.T) {
	p := New(DefaultConfig())
	learnAll(t, p, "counter#1", "count", congratsCard("Alice"), append(ints(0, 10), ints(0, 10)...)...)
	for i := 2; i <= 4; i++ {
		learnAll(t, p, fmt.Sprintf("counter#%d", i), "count", congratsCard(fmt.Sprintf("User%c", 'A'+i)), 1, 2)
	}
	cur := congratsCard("Bob")(4).JSON()
	pr, err := p.Predict(sc("counter#9", "count", 4, 5), cur)
	if err != nil {
		t.Fatal(err)
	}
	if pr != nil && strings.Contains(string(pr.Patches), "Alice") {
		t.Fatalf("a lent prediction shows another user's name: %s", pr.Patches)
	}
	if pr, _ := p.Predict(sc("counter#9", "count", 2, 3), congratsCard("Bob")(2).JSON()); pr == nil {
		t.Fatal("the lender answers nothing for a new instance")
	}
}

// TestSharedWordsNeedTwoInstances: a word is the component's once the
// pages of two instances showed it; one instance showing it twice is not
// enough, and the oldest words make room.
func TestSharedWordsNeedTwoInstances(t *testing.T) {
	var sw sharedWords
	sw.add(7, 100, 1)
	sw.add(7, 100, 2)
	if sw.shared(7) {
		t.Fatal("a word one instance showed twice is shared")
	}
	sw.add(7, 200, 3)
	if !sw.shared(7) {
		t.Fatal("a word two instances showed is not shared")
	}
	for i := uint64(0); i < sharedWordSlots; i++ {
		sw.add(1000+i, 100, 10+i)
	}
	if sw.shared(7) {
		t.Fatal("the oldest word was not replaced")
	}
	var none *sharedWords
	if none.shared(7) {
		t.Fatal("a model that never lent shares words")
	}
}

// codeCard shows, from 5, its own user's code: every word of the line is on
// every instance's page, the number is the user's.
func codeCard(code int) renderFn {
	return func(v any) *treegen.Node {
		n := treegen.El("div", map[string]string{"class": "counter"},
			treegen.El("h2", nil, treegen.Txt("Your code")),
			treegen.El("p", nil, treegen.Txt(fmt.Sprintf("Count: %v", v))))
		if v.(int) >= 5 {
			n.Children = append(n.Children, treegen.El("strong", nil, treegen.Txt(fmt.Sprintf("Your code: %d", code))))
		}
		return n
	}
}

// TestLentPredictionsShowNoOtherPagesNumbers: the number a lender stored
// (its user's code, in the child it creates from 5) is not lent to a page
// that does not show it, though every word of the line is on that page.
func TestLentPredictionsShowNoOtherPagesNumbers(t *testing.T) {
	p := New(DefaultConfig())
	learnAll(t, p, "counter#1", "count", codeCard(4821), append(ints(0, 10), ints(0, 10)...)...)
	for i := 2; i <= 4; i++ {
		learnAll(t, p, fmt.Sprintf("counter#%d", i), "count", codeCard(1000+i), 1, 2)
	}
	if pr, _ := p.Predict(sc("counter#9", "count", 2, 3), codeCard(7777)(2).JSON()); pr == nil {
		t.Fatal("the lender answers nothing for a new instance")
	}
	pr, err := p.Predict(sc("counter#9", "count", 4, 5), codeCard(7777)(4).JSON())
	if err != nil {
		t.Fatal(err)
	}
	if pr != nil && strings.Contains(string(pr.Patches), "4821") {
		t.Fatalf("a lent prediction shows another user's number: %s", pr.Patches)
	}
}

// TestLendingModes: LendOff answers a new instance with nothing, LendPage
// lends only the borrower's own words (not those two other pages showed),
// and the mode is kept in snapshots.
func TestLendingModes(t *testing.T) {
	// the words "Well" and "done" are shown by two borrowers' pages
	// through the lender, then lent to a third under LendShared only
	train := func(mode Lending) *Predictor {
		cfg := DefaultConfig()
		cfg.Lending = mode
		p := New(cfg)
		learnAll(t, p, "counter#1", "count", congratsCard("Ana"), append(ints(0, 10), ints(0, 10)...)...)
		for i := 2; i <= 6; i++ {
			learnAll(t, p, fmt.Sprintf("counter#%d", i), "count", congratsCard("Ana"), 4, 5)
			learnAll(t, p, fmt.Sprintf("counter#%d", i+10), "count", congratsCard("Ana"), 1, 2)
		}
		return p
	}
	predictNew := func(p *Predictor, o, n int) *Prediction {
		pr, err := p.Predict(sc("counter#9", "count", o, n), congratsCard("Ana")(o).JSON())
		if err != nil {
			t.Fatal(err)
		}
		return pr
	}
	shared := train(LendShared)
	if predictNew(shared, 2, 3) == nil || predictNew(shared, 4, 5) == nil {
		t.Fatal("LendShared: no lent prediction, with the line's words shown by other pages")
	}
	page := train(LendPage)
	if predictNew(page, 2, 3) == nil {
		t.Fatal("LendPage: no lent prediction of the borrower's own words")
	}
	if pr := predictNew(page, 4, 5); pr != nil {
		t.Fatalf("LendPage: a lent prediction brings words of other pages: %s", pr.Patches)
	}
	if pr := predictNew(train(LendOff), 2, 3); pr != nil {
		t.Fatalf("LendOff: a new instance is answered: %s", pr.Patches)
	}
	// the JSON snapshot keeps the config; Deserialize takes the one given
	if q := restored(t, page)[0]; q.Config().Lending != LendPage {
		t.Fatalf("a snapshot lost the lending mode: %v", q.Config().Lending)
	}
	if c := (Config{Lending: 7}).normalize(); c.Lending != LendShared {
		t.Fatalf("an unknown mode normalizes to %v", c.Lending)
	}
}

// TestLendingKeepsLenderUsed: a lender whose own instance went quiet but
// which keeps answering for new instances is in use, and LRU eviction
// keeps it while models nobody uses go.
func TestLendingKeepsLenderUsed(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxTotalPatterns = 64
	p := New(cfg)
	learnAll(t, p, "counter#1", "count", counterCard, ints(0, 10)...)
	for i := 2; i <= 4; i++ {
		learnAll(t, p, fmt.Sprintf("counter#%d", i), "count", counterCard, 2*i, 2*i+1)
	}
	lent := 0
	for i := 0; i < 400; i++ {
		learnAll(t, p, fmt.Sprintf("other#%d", i), "x", func(v any) *treegen.Node {
			return treegen.El("section", nil, treegen.Txt(fmt.Sprintf("x=%v", v)))
		}, 0, 1)
		if i%4 == 0 {
			v := i % 8 // between the numbers the lender saw
			if pr, _ := p.Predict(sc(fmt.Sprintf("counter#new%d", i), "count", v, v+1), counterCard(v).JSON()); pr != nil {
				lent++
			}
		}
	}
	if lent < 90 {
		t.Fatalf("%d lent predictions of 100", lent)
	}
	if p.models["counter#1\x00count"] == nil {
		t.Fatal("the lender in use was evicted")
	}
	if p.models["other#0\x00x"] != nil {
		t.Fatal("nothing was evicted: the test does not test eviction")
	}
}

// minusCard is a counter whose minus button is disabled at its floor, 20.
func minusCard(v any) *treegen.Node {
	n := counterCard(v)
	cls := "dec"
	if v.(int) <= 20 {
		cls = "dec disabled"
	}
	n.Children = append(n.Children, treegen.El("button", map[string]string{"class": cls}, treegen.Txt("−")))
	return n
}

// TestLendingOnlyBetweenSeenNumbers: a lender whose own instance counted
// from 30 to 40 never saw the minus button change at the floor, 20; it
// answers a new instance going from 33 to 34, not one going from 20 to 21
// (whose button it would have left disabled).
func TestLendingOnlyBetweenSeenNumbers(t *testing.T) {
	p := New(DefaultConfig())
	learnAll(t, p, "counter#1", "count", minusCard, ints(30, 40)...)
	for i := 2; i <= 4; i++ {
		learnAll(t, p, fmt.Sprintf("counter#%d", i), "count", minusCard, 30+i, 31+i)
	}
	if pr, _ := p.Predict(sc("counter#9", "count", 33, 34), minusCard(33).JSON()); pr == nil {
		t.Fatal("no lent prediction between the numbers the lender saw")
	}
	cur := minusCard(20).JSON()
	pr, err := p.Predict(sc("counter#10", "count", 20, 21), cur)
	if err != nil {
		t.Fatal(err)
	}
	if pr != nil {
		t.Fatalf("a lent prediction from 20, which the lender never saw: %s (right: %v)", pr.Patches,
			sameTree(t, applyPrediction(t, cur, pr), minusCard(21).JSON()))
	}
}

// TestSettledLenderVerifiedSometimes: each verification of a lent
// prediction is a shadow prediction, as costly as a Learn's own; a lender
// whose record settled is verified on one Learn in settledEvery, so that
// a server's stream of new instances does not pay one on every Learn.
func TestSettledLenderVerifiedSometimes(t *testing.T) {
	p := New(DefaultConfig())
	learnAll(t, p, "counter#1", "count", counterCard, ints(0, 50)...)
	for i := 0; i < 40; i++ { // borrowers settle the lender's record
		learnAll(t, p, fmt.Sprintf("warm#%d", i), "count", counterCard, i, i+1)
	}
	lm := p.models["counter#1\x00count"]
	if lm.lent.h < settledLent || lm.lent.conf() < 0.9 {
		t.Fatalf("the lender's record did not settle: %+v", lm.lent)
	}
	before := p.lentChecks
	const n = 200
	for i := 0; i < n; i++ { // new instances' first Learns: their own models silent
		learnAll(t, p, fmt.Sprintf("new#%d", i), "count", counterCard, i%40, i%40+1)
	}
	if got := p.lentChecks - before; got > n/settledEvery+2 || got < n/settledEvery-2 {
		t.Fatalf("%d verifications for %d Learns of new instances, want about %d", got, n, n/settledEvery)
	}
}

// TestLendersOfBareRootsApart: two components whose roots are a bare div
// (no class) and whose key has the same name lend apart: the first's
// lenders do not take every place, and the second's new instances are
// answered by the second's.
func TestLendersOfBareRootsApart(t *testing.T) {
	a := func(v any) *treegen.Node {
		return treegen.El("div", nil, treegen.El("p", nil, treegen.Txt(fmt.Sprintf("Count: %v", v))))
	}
	b := func(v any) *treegen.Node {
		return treegen.El("div", nil, treegen.El("h1", nil, treegen.Txt(fmt.Sprintf("Total %v", v))), treegen.El("span", nil, treegen.Txt("items")))
	}
	p := New(DefaultConfig())
	for i := 1; i <= 6; i++ {
		learnAll(t, p, fmt.Sprintf("a#%d", i), "count", a, ints(0, 20)...)
	}
	learnAll(t, p, "b#1", "count", b, ints(0, 20)...)
	for i := 2; i <= 4; i++ {
		learnAll(t, p, fmt.Sprintf("b#%d", i), "count", b, 2*i, 2*i+1)
	}
	if pr, _ := p.Predict(sc("b#9", "count", 5, 6), b(5).JSON()); pr == nil {
		t.Fatal("the second component's new instance is not answered: the first's lenders took every place")
	}
	if pr, _ := p.Predict(sc("a#9", "count", 5, 6), a(5).JSON()); pr == nil {
		t.Fatal("the first component's new instance is not answered")
	}
}
