// Command accuracy replays the accuracy corpus (package accuracy) and prints
// the per-component hit, wrong and silent rates as a markdown table.
//
// Usage:
//
//	go run ./bench/accuracy/cmd [-steps N] [-seed S]
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/minimact/engine/bench/accuracy"
)

func main() {
	steps := flag.Int("steps", 0, "state changes in all (0: 300 per component kind)")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	rep, err := accuracy.Run(accuracy.Options{Steps: *steps, Seed: *seed})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Print(rep.Markdown())
}
