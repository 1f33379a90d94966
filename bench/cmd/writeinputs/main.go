// Command writeinputs writes the benchmark inputs of package bench to files,
// for the C ABI benchmark and other tools: DIR/<case>/old.json, new.json and
// need.json (the smallest patch list; the engine's must be no longer).
//
// Usage:
//
//	go run ./bench/cmd/writeinputs DIR
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/minimact/engine/bench"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: writeinputs DIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	for _, c := range bench.Cases() {
		d := filepath.Join(dir, c.Name)
		if err := os.MkdirAll(d, 0o755); err != nil {
			fail(err)
		}
		for _, f := range []struct {
			name string
			data []byte
		}{{"old.json", c.Old}, {"new.json", c.New}, {"need.json", c.Need}} {
			if err := os.WriteFile(filepath.Join(d, f.name), f.data, 0o644); err != nil {
				fail(err)
			}
		}
		fmt.Printf("%-16s old %7d B  new %7d B  need %6d B  %s\n", c.Name, len(c.Old), len(c.New), len(c.Need), c.About)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "writeinputs:", err)
	os.Exit(1)
}
