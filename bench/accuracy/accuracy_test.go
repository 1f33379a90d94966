package accuracy

import (
	"bytes"
	"flag"
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict"
)

var printTable = flag.Bool("table", false, "print the accuracy table as markdown")

// TestAccuracyGoals replays the corpus and holds the predictor to the
// issue's goals. Run with -table (go test ./bench/accuracy -run Goals -table
// -v) to print the markdown table.
func TestAccuracyGoals(t *testing.T) {
	rep, err := Run(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if *printTable || testing.Verbose() {
		t.Logf("\n%s", rep.Markdown())
	}
	holdGoals(t, rep, GoalHit, GoalWrong, GoalWrongPerKind)
	// issue 10: the 15-kind corpus stays at 85% or more; a floor under
	// today's 96.3% catches a regression
	const floor = 0.95 // 96.3% when it was written (93.2% before narrowing lists)
	holdGoals(t, rep, floor, GoalWrong, GoalWrongPerKind)
}

// holdGoals fails t when the report misses a hit floor or a wrong-rate
// bound, overall or for a kind, or has a kind without steps.
func holdGoals(t *testing.T, rep *Report, hit, wrong, wrongPerKind float64) {
	t.Helper()
	if h := rep.Total.HitRate(); h < hit {
		t.Errorf("overall hit rate %.3f < %.2f", h, hit)
	}
	if w := rep.Total.WrongRate(); w > wrong {
		t.Errorf("overall wrong rate %.4f > %.3f", w, wrong)
	}
	for _, k := range rep.Kinds {
		if w := k.WrongRate(); w > wrongPerKind {
			t.Errorf("%s: wrong rate %.3f > %.2f", k.Kind, w, wrongPerKind)
		}
		if k.Steps == 0 {
			t.Errorf("%s: no steps", k.Kind)
		}
	}
}

// TestReplayDeterministic: the same seed gives the same report, on both
// corpora.
func TestReplayDeterministic(t *testing.T) {
	for _, c := range []string{Basic, Apps} {
		a, err := Run(Options{Corpus: c, Steps: 1400, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		b, err := Run(Options{Corpus: c, Steps: 1400, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		if a.Markdown() != b.Markdown() {
			t.Fatalf("%s: two replays differ:\n%s\n%s", c, a.Markdown(), b.Markdown())
		}
	}
}

// TestAppsReport: the 30-kind corpus's report has every kind, in order,
// with its instances, and steps that add up. (No goals yet: the issue's
// goals for it are AppsGoal*, for the learning work.)
func TestAppsReport(t *testing.T) {
	rep, err := Run(Options{Corpus: Apps, Steps: 3400})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Kinds) != len(KindsOf(Apps)) {
		t.Fatalf("%d kinds in the report", len(rep.Kinds))
	}
	n := 0
	for i, k := range rep.Kinds {
		if k.Kind != KindsOf(Apps)[i] || k.Steps == 0 || k.Instances == 0 || k.Hits+k.Wrong+k.Silent != k.Steps {
			t.Errorf("%+v", k)
		}
		n += k.Steps
	}
	if n != 3400 || rep.Total.Steps != n {
		t.Errorf("%d steps, total %d", n, rep.Total.Steps)
	}
	if _, err := Run(Options{Corpus: "nope"}); err == nil {
		t.Error("an unknown corpus replayed")
	}
}

// TestAppsCorpusHolds holds the predictor, on the 30-kind corpus with the
// whole state sent, to issue 10's goals: the hit rate (AppsGoalHit, 71.0%
// when it was first held to it, 66.7% before lending) and the wrong rates.
func TestAppsCorpusHolds(t *testing.T) {
	if testing.Short() {
		t.Skip("replays 10,200 steps")
	}
	rep, err := Run(Options{Corpus: Apps, AllState: true})
	if err != nil {
		t.Fatal(err)
	}
	holdGoals(t, rep, AppsGoalHit, AppsGoalWrong, AppsGoalWrongPerKind)
}

// TestNoWrongOnTypedCoupon replays the app corpus up to the step that once
// sent wrong patches: checkout#4's coupon typed from "SAVE1" to "SAVE10",
// which turns the message "“SAVE1” is not a valid code" into "SAVE10
// applied: 10% off". A child's template rendered the error for the new
// code; child templates no longer answer for typed text (runtime/predict,
// subtree.go). The prediction may be silent; it must not be wrong.
func TestNoWrongOnTypedCoupon(t *testing.T) {
	if testing.Short() {
		t.Skip("replays the app corpus")
	}
	steps, err := CorpusSteps(Apps, 10200, 1, "")
	if err != nil {
		t.Fatal(err)
	}
	p := predict.New(predict.DefaultConfig())
	dec := vdom.NewDecoder(vdom.Limits{})
	found := false
	for _, s := range steps {
		ch := s.WithState()
		if s.Component == "checkout#4" && bytes.Contains(s.Change, []byte(`"new_value":"SAVE10","old_value":"SAVE1"`)) {
			found = true
			pr, err := p.Predict(ch, s.OldTree)
			if err != nil {
				t.Fatal(err)
			}
			if pr != nil && !judge(dec, s.OldTree, pr.Patches, s.NewTree) {
				t.Fatalf("wrong patches for %s: %s", s.Change, pr.Patches)
			}
		}
		if _, err := p.Learn(ch, s.OldTree, s.NewTree); err != nil {
			t.Fatal(err)
		}
	}
	if !found {
		t.Fatal("the corpus no longer has the step")
	}
}
