package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The fleet: three processes, each a run of this test binary. Two learn
// different components through the exports and write their serialized
// predictors where a fleet would (here a directory; Redis or a database in
// production, docs/fleet.md); the third merges both snapshots into a fresh
// predictor and predicts for both components, exactly what each learner
// predicts.

const fleetRole, fleetDir = "MINIMACT_FLEET_ROLE", "MINIMACT_FLEET_DIR"

// toggleTree is a component whose dialog shows when open is true.
func toggleTree(open bool) string {
	kids := `{"type":"Element","tag":"button","props":{"onclick":"toggle"},"key":null,"children":[{"type":"Text","content":"Details"}]}`
	if open {
		kids += `,{"type":"Element","tag":"div","props":{"class":"dialog"},"key":null,"children":[{"type":"Text","content":"Hello"}]}`
	}
	return `{"type":"Element","tag":"section","props":{},"key":null,"children":[` + kids + `]}`
}

func toggleChange(from, to bool) string {
	return fmt.Sprintf(`{"component_id":"dialog-7","state_key":"open","old_value":%v,"new_value":%v}`, from, to)
}

// fleetQueries are the predictions the merging process makes: one per
// learner, named by it.
var fleetQueries = map[string][2]string{
	"a": {benchChange(8, 9), benchCounter(8)},
	"b": {toggleChange(false, true), toggleTree(false)},
}

func learnVia(t *testing.T, h uint64, sc, o, n string) {
	t.Helper()
	a, b, c := testCStr(sc), testCStr(o), testCStr(n)
	defer testFree(a)
	defer testFree(b)
	defer testFree(c)
	if code, msg, _ := testResult(minimact_predictor_learn(testHandle(h), a, b, c)); code != 0 {
		t.Fatalf("learn: %d %s", code, msg)
	}
}

func predictVia(h uint64, q [2]string) string {
	sc, tr := testCStr(q[0]), testCStr(q[1])
	defer testFree(sc)
	defer testFree(tr)
	return testTake(minimact_predictor_predict(testHandle(h), sc, tr))
}

// TestFleetRole is one process of TestFleetThreeProcesses (skipped on its own).
func TestFleetRole(t *testing.T) {
	role, dir := os.Getenv(fleetRole), os.Getenv(fleetDir)
	if role == "" {
		t.Skip("run by TestFleetThreeProcesses")
	}
	h := uint64(minimact_predictor_new())
	defer minimact_predictor_destroy(testHandle(h))
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	switch role {
	case "a": // a counter
		for i := 0; i < 8; i++ {
			learnVia(t, h, benchChange(i, i+1), benchCounter(i), benchCounter(i+1))
		}
	case "b": // a dialog opened and closed
		open := false
		for i := 0; i < 8; i++ {
			learnVia(t, h, toggleChange(open, !open), toggleTree(open), toggleTree(!open))
			open = !open
		}
	case "merge":
		for name, q := range fleetQueries {
			if r := predictVia(h, q); !strings.HasPrefix(r, `{"ok":false`) {
				t.Fatalf("%s predicted before merging: %s", name, r)
			}
		}
		for _, name := range []string{"a", "b"} {
			b, err := os.ReadFile(filepath.Join(dir, name+".bin"))
			if err != nil {
				t.Fatal(err)
			}
			if code, msg := testMerge(h, b); code != 0 {
				t.Fatalf("merge %s: %d %s", name, code, msg)
			}
		}
		got := map[string]string{}
		for name, q := range fleetQueries {
			got[name] = predictVia(h, q)
		}
		b, _ := json.Marshal(got)
		write("merged.json", b)
		return
	default:
		t.Fatalf("role %q", role)
	}
	b, code := testSerialize(h)
	if code != 0 {
		t.Fatalf("serialize: %d", code)
	}
	write(role+".bin", b)
	write(role+".want", []byte(predictVia(h, fleetQueries[role])))
}

// TestFleetThreeProcesses: two processes learn different components, a third
// merges both snapshots and predicts for both.
func TestFleetThreeProcesses(t *testing.T) {
	if os.Getenv(fleetRole) != "" {
		t.Skip("a role of this test is running")
	}
	dir := t.TempDir()
	run := func(role string) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestFleetRole$", "-test.count=1")
		cmd.Env = append(os.Environ(), fleetRole+"="+role, fleetDir+"="+dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("process %s: %v\n%s", role, err, out)
		}
	}
	run("a")
	run("b")
	run("merge")
	var got map[string]string
	b, err := os.ReadFile(filepath.Join(dir, "merged.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a", "b"} {
		want, err := os.ReadFile(filepath.Join(dir, name+".want"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(want), `{"ok":true`) {
			t.Fatalf("learner %s does not predict: %s", name, want)
		}
		if got[name] != string(want) {
			t.Errorf("the merged predictor predicts for %s\n%s\nthe learner\n%s", name, got[name], want)
		}
	}
	t.Logf("merged predictions: %s", b)
}
