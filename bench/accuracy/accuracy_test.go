package accuracy

import (
	"flag"
	"testing"
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
	if h := rep.Total.HitRate(); h < GoalHit {
		t.Errorf("overall hit rate %.3f < %.2f", h, GoalHit)
	}
	if w := rep.Total.WrongRate(); w > GoalWrong {
		t.Errorf("overall wrong rate %.3f > %.2f", w, GoalWrong)
	}
	for _, k := range rep.Kinds {
		if w := k.WrongRate(); w > GoalWrongPerKind {
			t.Errorf("%s: wrong rate %.3f > %.2f", k.Kind, w, GoalWrongPerKind)
		}
		if k.Steps == 0 {
			t.Errorf("%s: no steps", k.Kind)
		}
	}
}

// TestReplayDeterministic: the same seed gives the same report.
func TestReplayDeterministic(t *testing.T) {
	a, err := Run(Options{Steps: 700, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(Options{Steps: 700, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if a.Markdown() != b.Markdown() {
		t.Fatalf("two replays differ:\n%s\n%s", a.Markdown(), b.Markdown())
	}
}
