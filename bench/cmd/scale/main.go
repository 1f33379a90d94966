// Command scale measures the predictor as its keys grow (package
// bench/scale): for each number of distinct keys and each limit setting,
// a fresh process learns the keys, times the learns of the second half and
// predictions of the keys kept, and reads its resident memory; the table of
// every cell is printed in markdown. Each cell runs -runs times (in a
// process each): the times are the fastest run's (the machine is shared),
// the memory the largest.
//
// Usage:
//
//	go run ./bench/cmd/scale [-keys 1000,10000,100000,1000000] [-limits default,mem64] [-runs 3]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/minimact/engine/bench/scale"
)

func main() {
	keys := flag.String("keys", "1000,10000,100000,1000000", "numbers of distinct keys")
	limits := flag.String("limits", strings.Join(scale.Limits, ","), "limit settings: default, mem64")
	one := flag.String("one", "", "run one cell (keys:limits) in this process and print it as JSON")
	runs := flag.Int("runs", 3, "runs of each cell, a process each")
	flag.Parse()
	if *one != "" {
		k, l, _ := strings.Cut(*one, ":")
		n, err := strconv.Atoi(k)
		if err != nil {
			fail(err)
		}
		b, _ := json.Marshal(scale.Run(n, l))
		os.Stdout.Write(append(b, '\n'))
		return
	}
	self, err := os.Executable()
	if err != nil {
		fail(err)
	}
	fmt.Println("| limits | keys | learn µs | predict µs | keys kept | patterns | estimated MB | RSS MB | peak RSS MB | evictions |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, l := range strings.Split(*limits, ",") {
		for _, k := range strings.Split(*keys, ",") {
			var r scale.Result
			for i := 0; i < max(1, *runs); i++ {
				out, err := exec.Command(self, "-one", k+":"+l).Output()
				if err != nil {
					fail(fmt.Errorf("%s keys, %s: %v", k, l, err))
				}
				var x scale.Result
				if err := json.Unmarshal(out, &x); err != nil {
					fail(err)
				}
				if i == 0 {
					r = x
					continue
				}
				r.LearnNs, r.PredictNs = min(r.LearnNs, x.LearnNs), min(r.PredictNs, x.PredictNs)
				r.RSS, r.PeakRSS = max(r.RSS, x.RSS), max(r.PeakRSS, x.PeakRSS)
			}
			mb := func(b int64) string { return strconv.FormatFloat(float64(b)/(1<<20), 'f', 1, 64) }
			fmt.Printf("| %s | %d | %.1f | %.2f | %d | %d | %s | %s | %s | %d |\n", r.Limits, r.Keys, r.LearnNs/1e3, r.PredictNs/1e3,
				r.Kept, r.Patterns, mb(r.Estimated), mb(r.RSS), mb(r.PeakRSS), r.Evictions)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "scale:", err)
	os.Exit(1)
}
