// Command benchtable reads `go test -bench` output and prints a markdown table
// with, per benchmark, the median of each measure over the runs (-count), the
// goals the engine is held to and whether the medians meet them.
//
// Usage:
//
//	go test ./bench -run '^$' -bench . -benchmem -count 6 | go run ./bench/cmd/benchtable [-cmd TEXT] [-env TEXT] [-readme FILE]
//
// With -readme, the table replaces what stands between the lines
// "<!-- results:begin -->" and "<!-- results:end -->" of FILE, instead of
// being printed.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// goal is one requirement on the median of a measure, for the benchmarks
// whose name (less the GOMAXPROCS suffix) matches re.
type goal struct {
	re   *regexp.Regexp
	text string
	met  func(m map[string]float64) bool
}

var goals = []goal{
	{regexp.MustCompile(`^BenchmarkReconcile/table-one-cell$`), "≤ 0.35 ms",
		func(m map[string]float64) bool { return m["ns/op"] <= 350_000 }},
	{regexp.MustCompile(`^BenchmarkDecode/`), "≥ 1 GB/s",
		func(m map[string]float64) bool { return m["MB/s"] >= 1000 }},
	{regexp.MustCompile(`^Benchmark(Decode|Reconcile|HTML|RenderHTML)/`), "0 allocs",
		func(m map[string]float64) bool { v, ok := m["allocs/op"]; return ok && v == 0 }},
	{regexp.MustCompile(`^BenchmarkReconcile/`), "patch ≤ need",
		func(m map[string]float64) bool { return m["patch-B/op"] <= m["need-B/op"] }},
}

type bench struct {
	name string
	runs map[string][]float64 // unit -> one value per run
}

var procSuffix = regexp.MustCompile(`-\d+$`)

func main() {
	cmd := flag.String("cmd", "", "the command that produced the input, printed above the table")
	readme := flag.String("readme", "", "write the table into this file between the results markers")
	env := flag.String("env", "", "a line on where it ran (Go version, commit), printed above the table")
	flag.Parse()

	benches, header, err := parse(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	if len(benches) == 0 {
		fmt.Fprintln(os.Stderr, "benchtable: no benchmark results in the input")
		os.Exit(1)
	}
	var out bytes.Buffer
	if *env != "" {
		header = append([]string{*env}, header...)
	}
	write(&out, benches, header, *cmd)
	if *readme == "" {
		os.Stdout.Write(out.Bytes())
		return
	}
	if err := splice(*readme, out.Bytes()); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

// parse reads benchmark lines: name, iterations, then value-unit pairs.
func parse(r io.Reader) ([]*bench, []string, error) {
	var order []*bench
	byName := map[string]*bench{}
	var header []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		for _, h := range []string{"goos:", "goarch:", "cpu:"} {
			if strings.HasPrefix(line, h) && !slices.Contains(header, line) {
				header = append(header, strings.TrimSpace(line))
			}
		}
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue
		}
		name := procSuffix.ReplaceAllString(f[0], "")
		b := byName[name]
		if b == nil {
			b = &bench{name: name, runs: map[string][]float64{}}
			byName[name] = b
			order = append(order, b)
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, nil, fmt.Errorf("%q: %v", line, err)
			}
			b.runs[f[i+1]] = append(b.runs[f[i+1]], v)
		}
	}
	return order, header, sc.Err()
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func write(w io.Writer, benches []*bench, header []string, cmd string) {
	if cmd != "" {
		fmt.Fprintf(w, "Command: `%s`\n\n", cmd)
	}
	if len(header) > 0 {
		fmt.Fprintf(w, "Machine: %s\n\n", strings.Join(header, ", "))
	}
	fmt.Fprintln(w, "| benchmark | runs | median time | spread | ns/op | MB/s | B/op | allocs/op | patch-B/op | goal | met |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
	total, met := 0, 0
	for _, b := range benches {
		m := map[string]float64{}
		for unit, v := range b.runs {
			m[unit] = median(v)
		}
		var texts, failed []string
		for _, g := range goals {
			if !g.re.MatchString(b.name) {
				continue
			}
			text := g.text
			if text == "patch ≤ need" {
				text = "patch ≤ " + num(m["need-B/op"]) + " B"
			}
			texts = append(texts, text)
			total++
			if g.met(m) {
				met++
			} else {
				failed = append(failed, text)
			}
		}
		verdict := ""
		switch {
		case len(texts) == 0:
		case len(failed) == 0:
			verdict = "yes"
		default:
			verdict = "**no**: " + strings.Join(failed, ", ")
		}
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			strings.TrimPrefix(b.name, "Benchmark"), len(b.runs["ns/op"]),
			duration(m["ns/op"]), spread(b.runs["ns/op"]), num(m["ns/op"]), opt(m, "MB/s"), opt(m, "B/op"),
			opt(m, "allocs/op"), opt(m, "patch-B/op"), strings.Join(texts, ", "), verdict)
	}
	fmt.Fprintf(w, "\nGoals met: %d of %d. Medians over the runs; spread is ±half the range (slowest - fastest) over the median; MB/s is 10^6 bytes per second (of both documents for Reconcile and Diff).\n", met, total)
}

// spread is the range of v relative to its median, in percent.
func spread(v []float64) string {
	if len(v) < 2 {
		return ""
	}
	m := median(v)
	if m == 0 {
		return ""
	}
	return "±" + strconv.FormatFloat(50*(slices.Max(v)-slices.Min(v))/m, 'f', 1, 64) + "%"
}

func opt(m map[string]float64, unit string) string {
	v, ok := m[unit]
	if !ok {
		return ""
	}
	return num(v)
}

// num prints v with at most 2 decimals, and none for large or whole values.
func num(v float64) string {
	if v == float64(int64(v)) || v >= 1000 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

func duration(ns float64) string {
	switch {
	case ns >= 1e6:
		return strconv.FormatFloat(ns/1e6, 'f', 3, 64) + " ms"
	case ns >= 1e3:
		return strconv.FormatFloat(ns/1e3, 'f', 1, 64) + " µs"
	}
	return strconv.FormatFloat(ns, 'f', 1, 64) + " ns"
}

const beginMark, endMark = "<!-- results:begin -->", "<!-- results:end -->"

// splice writes table between the results markers of file.
func splice(file string, table []byte) error {
	src, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	b := bytes.Index(src, []byte(beginMark))
	e := bytes.Index(src, []byte(endMark))
	if b < 0 || e < b {
		return fmt.Errorf("%s: no %s ... %s section", file, beginMark, endMark)
	}
	var out []byte
	out = append(out, src[:b+len(beginMark)]...)
	out = append(out, '\n', '\n')
	out = append(out, table...)
	out = append(out, '\n')
	out = append(out, src[e:]...)
	return os.WriteFile(file, out, 0o644)
}
