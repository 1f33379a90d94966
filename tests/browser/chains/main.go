// Command chains writes random re-render chains for the browser tests
// (tests/browser/README.md, "Random chains"): trees whose HTML a browser
// parses back into their DOM (internal/treegen.HTMLGen), each chain a first
// page and the renders that follow it, from fixed seeds.
//
//	go run ./tests/browser/chains -view html -chains 400 -steps 12 > chains-html.txt
//
// The output is one line per record, for tests/browser/fixtures.c:
//
//	view html|nodes
//	chain NAME
//	tree JSON        the first page's tree, then one line per step
//	end
//
// A summary of what the chains hold (Fragments, RawHtml, nulls, keys,
// duplicate keys, root changes...) goes to standard error.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/minimact/engine/internal/treegen"
)

func main() {
	view := flag.String("view", "html", "the DOM view the chains are for: html or nodes")
	chains := flag.Int("chains", 400, "chains to write")
	steps := flag.Int("steps", 12, "renders after the first page, per chain")
	seed := flag.Uint64("seed", 9, "the first chain's seed (chain i has seed+i; the node view adds 1<<32)")
	flag.Parse()
	if *view != "html" && *view != "nodes" || *chains < 1 || *steps < 1 {
		flag.Usage()
		os.Exit(2)
	}
	base := *seed
	if *view == "nodes" {
		base += 1 << 32
	}
	w := bufio.NewWriter(os.Stdout)
	fmt.Fprintf(w, "view %s\n", *view)
	var st stats
	for i := 0; i < *chains; i++ {
		g := treegen.NewHTML(base + uint64(i))
		g.MaxDepth = 4
		c := g.Chain(*steps + 1)
		fmt.Fprintf(w, "chain %s-%d (seed %d)\n", *view, i, base+uint64(i))
		for j, t := range c {
			w.WriteString("tree ")
			w.Write(t.HostJSON())
			w.WriteByte('\n')
			st.add(t, j > 0 && rootChanged(c[j-1], t))
		}
		w.WriteString("end\n")
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "chains:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "chains (%s view): %d chains of %d renders: %s\n", *view, *chains, *steps+1, &st)
}

// rootChanged reports whether the root of b is not the root of a patched in
// place: another type, tag or key.
func rootChanged(a, b *treegen.Node) bool {
	if a.Type != b.Type || a.Tag != b.Tag || (a.Key == nil) != (b.Key == nil) {
		return true
	}
	return a.Key != nil && *a.Key != *b.Key
}

// stats counts the trees that hold each thing the browser tests must cover.
type stats struct {
	trees, fragments, raw, nulls, keyed, dupKeys, mixed, adjacentTexts, emptyTexts, svg, table, rootChanges int
	roots                                                                                                   map[string]int
}

func (s *stats) add(t *treegen.Node, rootChange bool) {
	s.trees++
	if rootChange {
		s.rootChanges++
	}
	if s.roots == nil {
		s.roots = map[string]int{}
	}
	s.roots[t.Type]++
	var f struct{ frag, raw, null, keyed, dup, mixed, adj, empty, svg, table bool }
	var walk func(n *treegen.Node)
	walk = func(n *treegen.Node) {
		if n == nil {
			return
		}
		switch n.Type {
		case treegen.Fragment:
			f.frag = true
		case treegen.RawHtml:
			f.raw = true
		case treegen.Text:
			if n.Str() == "" {
				f.empty = true
			}
		}
		if n.Tag == "svg" {
			f.svg = true
		}
		if n.Tag == "table" {
			f.table = true
		}
		kids := n.Flat().Children
		keys, unkeyed := map[string]int{}, 0
		for i, k := range kids {
			if k.Type == treegen.Element && k.Key != nil {
				keys[*k.Key]++
				if keys[*k.Key] > 1 {
					f.dup = true
				}
			} else {
				unkeyed++
			}
			if i > 0 && k.Type == treegen.Text && kids[i-1].Type == treegen.Text {
				f.adj = true
			}
		}
		if len(keys) > 0 {
			f.keyed = true
			if unkeyed > 0 {
				f.mixed = true
			}
		}
		for _, k := range n.Children {
			if k == nil {
				f.null = true
			}
			walk(k)
		}
	}
	walk(t)
	for _, c := range []struct {
		on bool
		n  *int
	}{{f.frag, &s.fragments}, {f.raw, &s.raw}, {f.null, &s.nulls}, {f.keyed, &s.keyed}, {f.dup, &s.dupKeys},
		{f.mixed, &s.mixed}, {f.adj, &s.adjacentTexts}, {f.empty, &s.emptyTexts}, {f.svg, &s.svg}, {f.table, &s.table}} {
		if c.on {
			*c.n++
		}
	}
}

func (s *stats) String() string {
	return fmt.Sprintf("%d trees; with Fragments %d, RawHtml %d, nulls %d, keyed children %d, duplicate keys %d, "+
		"keyed and unkeyed mixed %d, adjacent texts %d, empty texts %d, svg %d, tables %d; root changes %d; roots %v",
		s.trees, s.fragments, s.raw, s.nulls, s.keyed, s.dupKeys, s.mixed, s.adjacentTexts, s.emptyTexts, s.svg, s.table, s.rootChanges, s.roots)
}
