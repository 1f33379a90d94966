// Command accuracy replays the accuracy corpora (package accuracy) and
// prints the per-component hit, wrong and silent rates as markdown tables:
// the 15-kind corpus (basic), the 30-kind corpus (apps), or both.
//
// Usage:
//
//	go run ./bench/accuracy/cmd [-corpus basic|apps|both] [-state none|apps|both] [-lending shared|page|off] [-instances N] [-steps N] [-seed S] [-readme FILE]
//
// -lending is the predictor's lending mode (its config's "lending"; the
// default is the predictor's, shared). -instances is the number of
// instances of each kind in the apps corpus (4, the corpus of record; more
// is a server with many users in shorter sessions).
//
// -state says which corpora send each step's whole state to the predictor
// (the "all_state" member of the state change): by default the apps corpus
// does and the 15-kind corpus does not, so that its table is the one of
// the first engine's hosts.
//
// With -readme, each corpus's table replaces what stands between its
// markers in FILE ("<!-- accuracy:begin -->" … "<!-- accuracy:end -->" for
// basic, "<!-- accuracy-apps:begin -->" … "<!-- accuracy-apps:end -->" for
// apps) instead of being printed.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/minimact/engine/bench/accuracy"
	"github.com/minimact/engine/runtime/predict"
)

var titles = map[string]string{
	accuracy.Basic: "The 15-kind corpus (basic)",
	accuracy.Apps:  "The 30-kind corpus (apps)",
}

var markers = map[string]string{accuracy.Basic: "accuracy", accuracy.Apps: "accuracy-apps"}

func main() {
	corpus := flag.String("corpus", "both", "the corpus: basic (15 kinds), apps (the 30-kind corpus) or both")
	steps := flag.Int("steps", 0, "state changes in all, per corpus (0: 300 per component kind)")
	seed := flag.Uint64("seed", 1, "random seed")
	readme := flag.String("readme", "", "write the tables between their markers in this file instead of printing them")
	state := flag.String("state", "apps", "the corpora whose steps send the whole state (all_state): none, apps or both")
	lending := flag.String("lending", "shared", "the predictor's lending mode: shared, page or off")
	instances := flag.Int("instances", accuracy.InstancesPerKind, "instances of each kind in the apps corpus")
	flag.Parse()
	if *instances < 1 {
		fmt.Fprintln(os.Stderr, "-instances must be at least 1")
		os.Exit(2)
	}
	accuracy.InstancesPerKind = *instances
	mode, ok := predict.ParseLending(*lending)
	if !ok {
		fmt.Fprintln(os.Stderr, "-lending must be shared, page or off")
		os.Exit(2)
	}
	cfg := predict.DefaultConfig()
	cfg.Lending = mode
	if *state != "none" && *state != "apps" && *state != "both" {
		fmt.Fprintln(os.Stderr, "-state must be none, apps or both")
		os.Exit(2)
	}
	corpora := []string{*corpus}
	if *corpus == "both" {
		corpora = []string{accuracy.Basic, accuracy.Apps}
	}
	for i, c := range corpora {
		withState := *state == "both" || *state == "apps" && c == accuracy.Apps
		rep, err := accuracy.Run(accuracy.Options{Corpus: c, Steps: *steps, Seed: *seed, AllState: withState, Config: cfg})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		switch {
		case *readme != "":
			if err := splice(*readme, markers[c], rep.Markdown()); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		case len(corpora) == 1:
			fmt.Print(rep.Markdown())
		default:
			if i > 0 {
				fmt.Println()
			}
			fmt.Printf("## %s\n\n%s", titles[c], rep.Markdown())
		}
	}
}

// splice writes table between the lines <!-- name:begin --> and
// <!-- name:end --> of file.
func splice(file, name, table string) error {
	begin, end := []byte("<!-- "+name+":begin -->"), []byte("<!-- "+name+":end -->")
	src, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	b, e := bytes.Index(src, begin), bytes.Index(src, end)
	if b < 0 || e < b {
		return fmt.Errorf("%s: no %s … %s section", file, begin, end)
	}
	var out []byte
	out = append(out, src[:b+len(begin)]...)
	out = append(out, '\n')
	out = append(out, table...)
	out = append(out, src[e:]...)
	return os.WriteFile(file, out, 0o644)
}
