// Command bininputs writes, beside each benchmark input that writeinputs
// wrote (DIR/<case>/old.json and new.json), the same tree in the binary
// encoding (old.bin, new.bin; docs/binary-tree.md), for the C ABI
// benchmark's minimact_tree_render_binary rows.
//
// Usage:
//
//	go run ./bench/abi/bininputs DIR
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/minimact/engine/generated/vdom"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: bininputs DIR")
		os.Exit(2)
	}
	files, err := filepath.Glob(filepath.Join(os.Args[1], "*", "*.json"))
	if err != nil {
		fail(err)
	}
	d := vdom.NewDecoder(vdom.Limits{})
	var e vdom.Encoder
	for _, f := range files {
		if base := filepath.Base(f); base != "old.json" && base != "new.json" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			fail(err)
		}
		var t vdom.Tree
		if err := d.DecodeTree(src, &t); err != nil {
			fail(fmt.Errorf("%s: %w", f, err))
		}
		bin := e.AppendBinary(nil, &t, t.Root)
		if err := os.WriteFile(strings.TrimSuffix(f, ".json")+".bin", bin, 0o644); err != nil {
			fail(err)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bininputs:", err)
	os.Exit(1)
}
